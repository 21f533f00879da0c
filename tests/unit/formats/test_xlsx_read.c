/*
 * test_xlsx_read: the XLSX reader on the shared FFT fixtures, on a workbook
 * written with xlsx_write and read back, on hand-made packages (shared, inline
 * and rich strings, booleans, errors, date styles) and on hostile input: zip
 * bombs, too many entries, DOCTYPE and entities, missing parts, not a zip,
 * truncated files. Packages are built in memory with libzip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "base/xalloc.h"
#include "formats/xlsx_read.h"
#include "formats/xlsx_write.h"
#include "testutil/testutil.h"

struct part {
	const char *name; /* path in the package */
	const char *text; /* contents (NUL-terminated) */
	size_t len;	  /* 0 = strlen(text) */
};

/* A zip of the parts in memory; the caller frees. */
static char *zip_parts(const struct part *parts, size_t n, size_t *len)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t st;
	char *out;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	for (size_t i = 0; i < n; i++) {
		size_t l = parts[i].len ? parts[i].len : strlen(parts[i].text);
		zip_source_t *s = zip_source_buffer(za, parts[i].text, l, 0);
		assert_non_null(s);
		assert_true(zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(za), 0);
	assert_int_equal(zip_source_stat(src, &st), 0);
	assert_int_equal(zip_source_open(src), 0);
	out = xmalloc(st.size ? st.size : 1);
	assert_int_equal(zip_source_read(src, out, st.size), (zip_int64_t)st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*len = st.size;
	return out;
}

static const char rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

static const char workbook[] =
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/>"
	"<sheet name=\"My sheet\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";

static const char wb_rels[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/worksheet\" Target=\"/xl/worksheets/../worksheets/sheet2.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/styles\" Target=\"styles.xml\"/></Relationships>";

static const char strings[] =
	"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<si><t>plain</t></si>"
	"<si><r><rPr><b/></rPr><t>Ri</t></r><r><t xml:space=\"preserve\">ch </t></r>"
	"<rPh><t>ignored</t></rPh></si>"
	"<si><t>caf\xc3\xa9 &amp; &lt;tea&gt;</t></si></sst>";

static const char styles[] =
	"<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<numFmts><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
	"<numFmt numFmtId=\"165\" formatCode=\"&quot;day&quot;0.00\"/></numFmts>"
	"<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
	"<xf numFmtId=\"165\"/><xf numFmtId=\"2\"/></cellXfs></styleSheet>";

#define SHEET_OPEN "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"

static const char sheet1[] = SHEET_OPEN
	"<sheetData>"
	"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
	"<c r=\"C1\" t=\"inlineStr\"><is><t>inline</t></is></c><c r=\"D1\" t=\"s\"><v>2</v></c></row>"
	"<row r=\"3\"><c r=\"A3\"><v>42</v></c><c r=\"B3\" t=\"n\"><v>-1.5E-3</v></c>"
	"<c r=\"C3\" t=\"b\"><v>1</v></c><c r=\"D3\" t=\"b\"><v>0</v></c>"
	"<c r=\"E3\" t=\"e\"><v>#N/A</v></c><c r=\"F3\" t=\"str\"><f>A1&amp;B1</f><v>plainRich</v></c>"
	"<c r=\"G3\" s=\"4\"/></row>"
	"<row r=\"4\"><c r=\"A4\" s=\"1\"><v>43831</v></c><c r=\"B4\" s=\"2\"><v>43832.5</v></c>"
	"<c r=\"C4\" s=\"3\"><v>7</v></c><c r=\"D4\" s=\"4\"><v>8</v></c>"
	"<c s=\"1\" t=\"s\"><v>0</v></c></row>"
	"</sheetData></worksheet>";

static const char sheet2[] = SHEET_OPEN
	"<sheetData><row><c><v>1</v></c><c><v>2</v></c></row></sheetData></worksheet>";

/* The standard hand-made package, with part `replace` (if any) given `text`
 * instead, or left out when text is NULL. */
static char *book_with(const char *replace, const char *text, size_t *len)
{
	struct part all[] = {
		{ "_rels/.rels", rels, 0 },
		{ "xl/workbook.xml", workbook, 0 },
		{ "xl/_rels/workbook.xml.rels", wb_rels, 0 },
		{ "xl/sharedStrings.xml", strings, 0 },
		{ "xl/styles.xml", styles, 0 },
		{ "xl/worksheets/sheet1.xml", sheet1, 0 },
		{ "xl/worksheets/sheet2.xml", sheet2, 0 },
	};
	struct part use[8];
	size_t n = 0;

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (replace && strcmp(all[i].name, replace) == 0) {
			if (!text)
				continue;
			all[i].text = text;
		}
		use[n++] = all[i];
	}
	return zip_parts(use, n, len);
}

static const struct xlsx_cell *cell(const struct xlsx_sheet *s, const char *ref)
{
	unsigned col;
	unsigned long row;

	assert_true(xlsx_ref_parse(ref, &col, &row));
	return xlsx_sheet_cell(s, col, row);
}

static void assert_cell(const struct xlsx_sheet *s, const char *ref, enum xlsx_type type,
			const char *text)
{
	const struct xlsx_cell *c = cell(s, ref);

	if (!c)
		fail_msg("no cell %s", ref);
	assert_int_equal(c->type, type);
	assert_string_equal(c->text, text);
}

/* Reads expecting failure rc; out stays NULL and eb says something. */
static void assert_refused(const char *data, size_t len, enum err rc, const char *says)
{
	struct xlsx_book *b = (struct xlsx_book *)1;
	struct errbuf eb = { { 0 } };

	enum err got = xlsx_read(data, len, &b, &eb);

	if (got != rc)
		fail_msg("got %s (%s), not %s", err_str(got), eb.msg, err_str(rc));
	assert_null(b);
	if (!strstr(eb.msg, says))
		fail_msg("message \"%s\" does not say \"%s\"", eb.msg, says);
}

static void test_fixtures(void **state)
{
	char *path = tu_shared_path("fixtures/fft/ks1-early-results-bad.xlsx");
	struct errbuf eb = { { 0 } };
	struct xlsx_book *b = NULL;
	const struct xlsx_sheet *s;
	size_t len = 0;
	char *data = tu_read_file(path, &len);

	(void)state;
	assert_non_null(data);
	assert_int_equal(xlsx_read(data, len, &b, &eb), ERR_OK);
	assert_int_equal(b->nsheets, 1);
	s = xlsx_book_sheet(b, "KS1");
	assert_non_null(s);
	assert_cell(s, "A1", XLSX_STRING, "School DFE");
	assert_cell(s, "N1", XLSX_STRING, "Scaled Score: KS1 GPS");
	assert_cell(s, "F2", XLSX_STRING, "08/05/2019");
	assert_cell(s, "L3", XLSX_NUMBER, "84");
	assert_cell(s, "K4", XLSX_STRING, "GDS");
	assert_cell(s, "M5", XLSX_NUMBER, "100.5");
	assert_null(cell(s, "N4")); /* blank in the file */
	assert_int_equal(s->ncells, 14 + 6 * 14 - 3);
	assert_null(xlsx_book_sheet(b, "ks1"));
	xlsx_book_free(b);
	free(data);
	free(path);

	path = tu_shared_path("fixtures/fft/ks1-early-results-8881234.xlsx");
	data = tu_read_file(path, &len);
	assert_int_equal(xlsx_read(data, len, &b, &eb), ERR_OK);
	assert_cell(&b->sheets[0], "A26", XLSX_STRING, "8881234");
	assert_int_equal(b->sheets[0].cells[b->sheets[0].ncells - 1].row, 26);
	assert_null(cell(&b->sheets[0], "A27"));
	xlsx_book_free(b);
	free(data);
	free(path);
}

static void test_written_read_back(void **state)
{
	struct sheet_cell cells[6] = {
		{ .text = "Name", .bold = true },
		{ .text = "Score", .bold = true },
		{ .text = "Zo\xc3\xab <&> \"q\"" },
		{ .text = "101", .number = true },
		{ .text = "" },
		{ .text = "-2.25", .number = true },
	};
	struct sheet s = { .name = "Results", .rows = 3, .cols = 2, .cells = cells };
	char *dir = tu_temp_dir("xlsx_read"), *data = NULL;
	struct errbuf eb = { { 0 } };
	struct xlsx_book *b = NULL;
	const struct xlsx_sheet *sh;
	size_t len = 0;

	(void)state;
	assert_int_equal(xlsx_write_sheet(&s, dir, &data, &len, &eb), ERR_OK);
	assert_int_equal(xlsx_read(data, len, &b, &eb), ERR_OK);
	sh = xlsx_book_sheet(b, "Results");
	assert_non_null(sh);
	assert_cell(sh, "A1", XLSX_STRING, "Name");
	assert_cell(sh, "B1", XLSX_STRING, "Score");
	assert_cell(sh, "A2", XLSX_STRING, "Zo\xc3\xab <&> \"q\"");
	assert_cell(sh, "B2", XLSX_NUMBER, "101");
	assert_null(cell(sh, "A3"));
	assert_cell(sh, "B3", XLSX_NUMBER, "-2.25");
	assert_int_equal(sh->ncells, 5);
	xlsx_book_free(b);
	free(data);
	free(dir);
}

static void test_hand_made(void **state)
{
	struct errbuf eb = { { 0 } };
	struct xlsx_book *b = NULL;
	const struct xlsx_sheet *s;
	size_t len = 0;
	char *data = book_with(NULL, NULL, &len);

	(void)state;
	assert_int_equal(xlsx_read(data, len, &b, &eb), ERR_OK);
	assert_int_equal(b->nsheets, 2);
	s = xlsx_book_sheet(b, "Data");
	assert_cell(s, "A1", XLSX_STRING, "plain");
	assert_cell(s, "B1", XLSX_STRING, "Rich ");
	assert_cell(s, "C1", XLSX_STRING, "inline");
	assert_cell(s, "D1", XLSX_STRING, "caf\xc3\xa9 & <tea>");
	assert_cell(s, "A3", XLSX_NUMBER, "42");
	assert_cell(s, "B3", XLSX_NUMBER, "-1.5E-3");
	assert_cell(s, "C3", XLSX_BOOL, "TRUE");
	assert_cell(s, "D3", XLSX_BOOL, "FALSE");
	assert_cell(s, "E3", XLSX_ERROR, "#N/A");
	assert_cell(s, "F3", XLSX_STRING, "plainRich");
	assert_null(cell(s, "G3")); /* styled but empty */
	/* date styles: built-in 14, custom dd/mm/yyyy; not "day"0.00 nor 0.00 */
	assert_true(cell(s, "A4")->date_style);
	assert_true(cell(s, "B4")->date_style);
	assert_false(cell(s, "C4")->date_style);
	assert_false(cell(s, "D4")->date_style);
	assert_cell(s, "E4", XLSX_STRING, "plain"); /* no r: follows D4 */
	assert_false(cell(s, "E4")->date_style);    /* only numbers are dates */
	assert_false(cell(s, "A1")->date_style);
	s = xlsx_book_sheet(b, "My sheet");
	assert_non_null(s);
	assert_cell(s, "A1", XLSX_NUMBER, "1");
	assert_cell(s, "B1", XLSX_NUMBER, "2");
	xlsx_book_free(b);
	free(data);
}

static void test_serial_dates(void **state)
{
	struct date d;

	(void)state;
	assert_true(xlsx_serial_to_date(1, &d));
	assert_int_equal(d.year, 1900);
	assert_int_equal(d.month, 1);
	assert_int_equal(d.day, 1);
	assert_true(xlsx_serial_to_date(59, &d));
	assert_int_equal(d.month, 2);
	assert_int_equal(d.day, 28);
	assert_false(xlsx_serial_to_date(60, &d)); /* Excel's 1900-02-29 */
	assert_true(xlsx_serial_to_date(61, &d));
	assert_int_equal(d.month, 3);
	assert_int_equal(d.day, 1);
	assert_true(xlsx_serial_to_date(43831.75, &d));
	assert_int_equal(d.year, 2020);
	assert_int_equal(d.month, 1);
	assert_int_equal(d.day, 1);
	assert_true(xlsx_serial_to_date(43593, &d)); /* 08/05/2019 */
	assert_int_equal(d.year, 2019);
	assert_int_equal(d.month, 5);
	assert_int_equal(d.day, 8);
	assert_true(xlsx_serial_to_date(2958465, &d));
	assert_int_equal(d.year, 9999);
	assert_false(xlsx_serial_to_date(2958466, &d));
	assert_false(xlsx_serial_to_date(0.5, &d));
	assert_false(xlsx_serial_to_date(-3, &d));
}

static void test_refs(void **state)
{
	unsigned col;
	unsigned long row;
	static const char *const bad[] = { "",	       "A",    "1",  "A0",  "a1",    "A01", "XFE1",
					   "A1048577", "$A$1", "1A", "A1 ", "AAAA1", "A-1" };

	(void)state;
	assert_true(xlsx_ref_parse("A1", &col, &row));
	assert_int_equal(col, 0);
	assert_int_equal(row, 1);
	assert_true(xlsx_ref_parse("AB12", &col, &row));
	assert_int_equal(col, 27);
	assert_int_equal(row, 12);
	assert_true(xlsx_ref_parse("XFD1048576", &col, &row));
	assert_int_equal(col, XLSX_COL_MAX - 1);
	assert_int_equal(row, XLSX_ROW_MAX);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (xlsx_ref_parse(bad[i], &col, &row))
			fail_msg("\"%s\" accepted", bad[i]);
}

/* A sheet of n bytes: valid XML padded with spaces and an empty element every
 * kilobyte, so no text node is huge (compresses ~1000:1). */
static char *padded_sheet(size_t n)
{
	static const char head[] = SHEET_OPEN "<sheetData>";
	static const char tail[] = "</sheetData></worksheet>";
	char *s = xmalloc(n + 1);

	memset(s, ' ', n);
	for (size_t i = 1024; i + 1024 < n; i += 1024)
		memcpy(s + i, "<x/>", 4);
	memcpy(s, head, sizeof(head) - 1);
	memcpy(s + n - (sizeof(tail) - 1), tail, sizeof(tail) - 1);
	s[n] = '\0';
	return s;
}

static void test_zip_bomb(void **state)
{
	char *big = padded_sheet(XLSX_PART_MAX + 1), *data;
	struct timespec t0, t1;
	size_t len = 0;

	(void)state;
	data = book_with("xl/worksheets/sheet1.xml", big, &len);
	assert_true(len < 200 * 1024); /* small on the wire */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_refused(data, len, ERR_TOO_BIG, "xl/worksheets/sheet1.xml");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(t1.tv_sec - t0.tv_sec < 2); /* refused from the declared size */

	/* The same bomb lying about its size: patch the uncompressed size in the
	 * local and central headers to 100 bytes. It must be refused all the same,
	 * whether from what it produces or as damaged. */
	{
		size_t patched = 0;
		for (size_t i = 0; i + 30 < len; i++) {
			unsigned char *p = (unsigned char *)data + i;
			size_t off = 0;
			if (memcmp(p, "PK\x03\x04", 4) == 0)
				off = 22;
			else if (memcmp(p, "PK\x01\x02", 4) == 0)
				off = 24;
			if (off && p[off] == ((XLSX_PART_MAX + 1) & 0xff) &&
			    p[off + 2] == (((XLSX_PART_MAX + 1) >> 16) & 0xff) &&
			    p[off + 3] == (((XLSX_PART_MAX + 1) >> 24) & 0xff)) {
				p[off] = 100;
				p[off + 1] = p[off + 2] = p[off + 3] = 0;
				patched++;
			}
		}
		assert_int_equal(patched, 2);
		{
			struct xlsx_book *b = (struct xlsx_book *)1;
			struct errbuf eb = { { 0 } };
			enum err rc = xlsx_read(data, len, &b, &eb);
			assert_true(rc == ERR_TOO_BIG || rc == ERR_INVALID);
			assert_null(b);
			assert_true(eb.msg[0] != '\0');
		}
	}
	free(data);
	free(big);
}

static void test_total_cap(void **state)
{
	/* Four sheets, each under the part cap, together over the total cap. */
	static const char wb4[] =
		"<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
		"relationships\"><sheets><sheet name=\"a\" r:id=\"r1\"/><sheet name=\"b\" "
		"r:id=\"r2\"/><sheet name=\"c\" r:id=\"r3\"/><sheet name=\"d\" r:id=\"r4\"/>"
		"<sheet name=\"e\" r:id=\"r5\"/></sheets></workbook>";
	static const char rels4[] =
		"<Relationships><Relationship Id=\"r1\" Type=\"x/worksheet\" Target=\"s.xml\"/>"
		"<Relationship Id=\"r2\" Type=\"x/worksheet\" Target=\"s2.xml\"/>"
		"<Relationship Id=\"r3\" Type=\"x/worksheet\" Target=\"s3.xml\"/>"
		"<Relationship Id=\"r4\" Type=\"x/worksheet\" Target=\"s4.xml\"/>"
		"<Relationship Id=\"r5\" Type=\"x/worksheet\" Target=\"s5.xml\"/>"
		"</Relationships>";
	char *big = padded_sheet(XLSX_PART_MAX - 1000), *data;
	struct part parts[] = {
		{ "xl/workbook.xml", wb4, 0 }, { "xl/_rels/workbook.xml.rels", rels4, 0 },
		{ "xl/s.xml", big, 0 },	       { "xl/s2.xml", big, 0 },
		{ "xl/s3.xml", big, 0 },       { "xl/s4.xml", big, 0 },
		{ "xl/s5.xml", big, 0 },
	};
	size_t len = 0;

	(void)state;
	_Static_assert(5 * (XLSX_PART_MAX - 1000) > XLSX_TOTAL_MAX, "over the total");
	data = zip_parts(parts, 7, &len);
	assert_refused(data, len, ERR_TOO_BIG, "limit");
	free(data);
	free(big);
}

static void test_too_many_entries(void **state)
{
	struct part *parts = xcalloc(XLSX_ENTRIES_MAX + 1, sizeof(*parts));
	char(*names)[16] = xcalloc(XLSX_ENTRIES_MAX + 1, sizeof(*names));
	size_t len = 0;
	char *data;

	(void)state;
	for (size_t i = 0; i <= XLSX_ENTRIES_MAX; i++) {
		snprintf(names[i], sizeof(names[i]), "f%zu", i);
		parts[i] = (struct part){ names[i], "x", 0 };
	}
	data = zip_parts(parts, XLSX_ENTRIES_MAX + 1, &len);
	assert_refused(data, len, ERR_TOO_BIG, "parts");
	free(data);
	free(names);
	free(parts);
}

static void test_doctype_and_entities(void **state)
{
	static const char doctype[] =
		"<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\">"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>" SHEET_OPEN
		"<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&b;</t></is></c>"
		"</row></sheetData></worksheet>";
	static const char external[] =
		"<?xml version=\"1.0\"?><!DOCTYPE sst SYSTEM \"http://127.0.0.1:9/x.dtd\"><sst/>";
	static const char utf16[] = "<\0s\0s\0t\0/\0>\0";
	size_t len = 0;
	char *data;

	(void)state;
	data = book_with("xl/worksheets/sheet1.xml", doctype, &len);
	assert_refused(data, len, ERR_INVALID, "document type");
	free(data);
	data = book_with("xl/sharedStrings.xml", external, &len);
	assert_refused(data, len, ERR_INVALID, "document type");
	free(data);
	{
		struct part parts[] = {
			{ "xl/workbook.xml", workbook, 0 },
			{ "xl/_rels/workbook.xml.rels", wb_rels, 0 },
			{ "xl/sharedStrings.xml", utf16, sizeof(utf16) - 1 },
		};
		data = zip_parts(parts, 3, &len);
		assert_refused(data, len, ERR_INVALID, "binary");
		free(data);
	}
}

static void test_missing_parts(void **state)
{
	size_t len = 0;
	char *data;

	(void)state;
	data = book_with("xl/workbook.xml", NULL, &len);
	assert_refused(data, len, ERR_INVALID, "workbook part is missing");
	free(data);
	data = book_with("xl/_rels/workbook.xml.rels", NULL, &len);
	assert_refused(data, len, ERR_INVALID, "list of the workbook's parts");
	free(data);
	data = book_with("xl/worksheets/sheet2.xml", NULL, &len);
	assert_refused(data, len, ERR_INVALID, "My sheet");
	free(data);
	/* shared strings gone: cells pointing into them are damaged */
	data = book_with("xl/sharedStrings.xml", NULL, &len);
	assert_refused(data, len, ERR_INVALID, "text the workbook does not hold");
	free(data);
	/* _rels/.rels is optional: xl/workbook.xml is the usual place */
	{
		struct xlsx_book *b = NULL;
		struct errbuf eb = { { 0 } };
		data = book_with("_rels/.rels", NULL, &len);
		assert_int_equal(xlsx_read(data, len, &b, &eb), ERR_OK);
		assert_int_equal(b->nsheets, 2);
		xlsx_book_free(b);
		free(data);
	}
}

static void test_broken_sheets(void **state)
{
	static const char *const broken[] = {
		SHEET_OPEN
		"<sheetData><row r=\"1\"><c r=\"a1\"><v>1</v></c></row></sheetData></worksheet>",
		SHEET_OPEN
		"<sheetData><row r=\"1\"><c r=\"A2\"><v>1</v></c></row></sheetData></worksheet>",
		SHEET_OPEN "<sheetData><row r=\"2\"/><row r=\"1\"/></sheetData></worksheet>",
		SHEET_OPEN "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"A1\"><v>2</v>"
			   "</c></row></sheetData></worksheet>",
		SHEET_OPEN "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>3</v></c></row>"
			   "</sheetData></worksheet>",
		SHEET_OPEN "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData>",
	};
	size_t len = 0;
	char *data;

	(void)state;
	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		data = book_with("xl/worksheets/sheet1.xml", broken[i], &len);
		assert_refused(data, len, ERR_INVALID, "Excel");
		free(data);
	}
}

static void test_not_zip_and_truncated(void **state)
{
	char *path = tu_shared_path("fixtures/fft/ks1-early-results-8881234.xlsx");
	size_t len = 0;
	char *data = tu_read_file(path, &len);

	(void)state;
	assert_refused("School DFE,UPN\n", 15, ERR_INVALID, "not an Excel workbook");
	assert_refused("", 0, ERR_INVALID, "not an Excel workbook");
	assert_refused(data, len / 2, ERR_INVALID, "not an Excel workbook");
	assert_refused(data, len - 1, ERR_INVALID, "not an Excel workbook");
	free(data);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_written_read_back),
		cmocka_unit_test(test_hand_made),
		cmocka_unit_test(test_serial_dates),
		cmocka_unit_test(test_refs),
		cmocka_unit_test(test_zip_bomb),
		cmocka_unit_test(test_total_cap),
		cmocka_unit_test(test_too_many_entries),
		cmocka_unit_test(test_doctype_and_entities),
		cmocka_unit_test(test_missing_parts),
		cmocka_unit_test(test_broken_sheets),
		cmocka_unit_test(test_not_zip_and_truncated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
