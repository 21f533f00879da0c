/*
 * fuzz_xlsx: the XLSX reader (uploaded results templates). Properties: a failure
 * returns no book and says why; a success gives sheets whose cells each carry a
 * reference that writes out and parses back to the same column and row, text
 * that is valid UTF-8 within the cap, booleans TRUE/FALSE, cells sorted by row
 * then column without repeats (so xlsx_sheet_cell finds every one of them).
 * An input that is not a zip is taken as the XML of sheet 1 of a fixed package
 * (with shared strings and styles), so the fuzzer reaches the XML directly.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/utf8.h"
#include "core/problem.h"
#include "formats/xlsx_read.h"
#include "fuzz.h"

static void check_cell(const struct xlsx_sheet *s, size_t i)
{
	const struct xlsx_cell *c = &s->cells[i];
	char col[8], ref[24];
	unsigned pcol;
	unsigned long prow;
	size_t n;

	problem_col_letters(c->col, col);
	snprintf(ref, sizeof(ref), "%s%lu", col, c->row);
	if (!xlsx_ref_parse(ref, &pcol, &prow) || pcol != c->col || prow != c->row)
		fuzz_fail("xlsx", "a cell reference does not parse back");
	if (!c->text)
		fuzz_fail("xlsx", "a cell without text");
	n = strlen(c->text);
	if (n > XLSX_TEXT_MAX || !utf8_valid_text(c->text, n))
		fuzz_fail("xlsx", "cell text over the cap or not UTF-8");
	if (c->type == XLSX_BOOL && strcmp(c->text, "TRUE") != 0 && strcmp(c->text, "FALSE") != 0)
		fuzz_fail("xlsx", "a boolean that is not TRUE or FALSE");
	if ((unsigned)c->type >= XLSX_TYPE__MAX || (c->date_style && c->type != XLSX_NUMBER))
		fuzz_fail("xlsx", "a bad cell type or a date style on a non-number");
	if (i > 0 && (s->cells[i - 1].row > c->row ||
		      (s->cells[i - 1].row == c->row && s->cells[i - 1].col >= c->col)))
		fuzz_fail("xlsx", "cells out of order or repeated");
	if (xlsx_sheet_cell(s, c->col, c->row) != c)
		fuzz_fail("xlsx", "a cell is not found by its own reference");
}

static const char *const fixed[][2] = {
	{ "xl/workbook.xml", "<workbook xmlns:r=\"http://schemas.openxmlformats.org/"
			     "officeDocument/2006/relationships\"><sheets><sheet name=\"S\" "
			     "r:id=\"r1\"/></sheets></workbook>" },
	{ "xl/_rels/workbook.xml.rels",
	  "<Relationships><Relationship Id=\"r1\" Type=\"x/worksheet\" Target=\"s.xml\"/>"
	  "<Relationship Id=\"r2\" Type=\"x/sharedStrings\" Target=\"t.xml\"/>"
	  "<Relationship Id=\"r3\" Type=\"x/styles\" Target=\"st.xml\"/></Relationships>" },
	{ "xl/t.xml", "<sst><si><t>a</t></si><si><r><t>b</t></r><r><t>c</t></r></si></sst>" },
	{ "xl/st.xml", "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"d/m/yy\"/>"
		       "</numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
		       "<xf numFmtId=\"164\"/></cellXfs></styleSheet>" },
};

/* The fixed package with data as xl/s.xml (stored, not compressed); NULL when
 * libzip cannot build it. The caller frees. */
static char *wrap(const uint8_t *data, size_t size, size_t *len)
{
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, NULL), *s;
	zip_stat_t st;
	zip_t *za;
	char *out = NULL;

	if (!src)
		return NULL;
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, NULL);
	if (!za)
		goto out;
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		s = zip_source_buffer(za, fixed[i][1], strlen(fixed[i][1]), 0);
		if (!s || zip_file_add(za, fixed[i][0], s, 0) < 0)
			zip_source_free(s);
	}
	s = zip_source_buffer(za, data, size, 0);
	if (!s || zip_file_add(za, "xl/s.xml", s, 0) < 0)
		zip_source_free(s);
	if (zip_close(za) != 0) {
		zip_discard(za);
		goto out;
	}
	if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
		out = malloc(st.size ? st.size : 1);
		if (out && zip_source_read(src, out, st.size) != (zip_int64_t)st.size) {
			free(out);
			out = NULL;
		}
		*len = st.size;
		zip_source_close(src);
	}
out:
	zip_source_free(src);
	return out;
}

static void check(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *pkg;
	size_t len = 0;

	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		check(data, size);
		return 0;
	}
	pkg = wrap(data, size, &len);
	if (pkg)
		check((const uint8_t *)pkg, len);
	free(pkg);
	return 0;
}

static void check(const uint8_t *data, size_t size)
{
	struct xlsx_book *b = (struct xlsx_book *)&b;
	struct errbuf eb = { { 0 } };
	enum err e = xlsx_read(data, size, &b, &eb);
	size_t cells = 0;

	if (e != ERR_OK) {
		if (b)
			fuzz_fail("xlsx", "a book returned with an error");
		if (!eb.msg[0])
			fuzz_fail("xlsx", "an error without a reason");
		return;
	}
	if (!b || !b->nsheets || b->nsheets > XLSX_SHEETS_MAX)
		fuzz_fail("xlsx", "ERR_OK without a book or sheets");
	for (size_t i = 0; i < b->nsheets; i++) {
		const struct xlsx_sheet *s = &b->sheets[i];
		if (!s->name || xlsx_book_sheet(b, s->name) == NULL)
			fuzz_fail("xlsx", "a sheet is not found by its name");
		for (size_t j = 0; j < s->ncells; j++)
			check_cell(s, j);
		cells += s->ncells;
	}
	if (cells > XLSX_CELLS_MAX)
		fuzz_fail("xlsx", "more cells than the cap");
	xlsx_book_free(b);
}
