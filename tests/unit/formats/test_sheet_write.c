/*
 * test_sheet_write: the CSV and XLSX writers of a sheet. CSV quotes what needs
 * quoting and defuses formulas (= + - @ tab and CR get a leading apostrophe); the
 * XLSX file is read back (unzip) to check the text, those openings included, is
 * stored as text, numbers as numbers, no cell is a formula, and a cell's note is
 * a comment holding plain text.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/xalloc.h"
#include "formats/csv_write.h"
#include "formats/xlsx_write.h"

static struct sheet_cell cells[2 * 3];
static struct sheet sheet = { "Grid", 2, 3, cells, 1 };

static void fill(void)
{
	memset(cells, 0, sizeof(cells));
	cells[0].text = "Pupil";
	cells[0].bold = true;
	cells[1].text = "Note";
	cells[2].text = "Total";
	cells[3].text = "=HYPERLINK(\"http://x\")";
	cells[4].text = "said \"hello\", twice\nthen left";
	cells[4].fill = 0xC6EFCE;
	/* a note: an XLSX comment, text only, a control character made a space */
	cells[3].comment = "=SUM(A1) & <b>\x01"
			   "bold</b>";
	cells[5].text = "-12";
	cells[5].number = true;
}

static void test_csv(void **state)
{
	struct strbuf out = STRBUF_INIT;

	(void)state;
	fill();
	assert_true(csv_write_sheet(&out, &sheet));
	assert_string_equal(strbuf_str(&out),
			    "Pupil,Note,Total\r\n"
			    "\"'=HYPERLINK(\"\"http://x\"\")\",\"said \"\"hello\"\", twice\nthen "
			    "left\",-12\r\n");
	strbuf_reset(&out);
	csv_field(&out, "+44 1234");
	csv_field(&out, "@SUM");
	csv_field(&out, "-3");
	assert_string_equal(strbuf_str(&out), "'+44 1234'@SUM'-3");
	/* a tab or CR first: some spreadsheets skip it and read a formula after it */
	strbuf_reset(&out);
	csv_field(&out, "\tx");
	assert_string_equal(strbuf_str(&out), "'\tx");
	strbuf_reset(&out);
	csv_field(&out, "\t=1+1");
	assert_string_equal(strbuf_str(&out), "'\t=1+1");
	strbuf_reset(&out);
	csv_field(&out, "\rx"); /* a CR is quoted as well */
	assert_string_equal(strbuf_str(&out), "\"'\rx\"");
	strbuf_reset(&out);
	csv_field(&out, "x\t=1"); /* only the first character matters */
	assert_string_equal(strbuf_str(&out), "x\t=1");
	strbuf_release(&out);
}

static char *unzip_member(const char *path, const char *member)
{
	struct strbuf out = STRBUF_INIT;
	char cmd[1024], chunk[4096];
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "unzip -p '%s' '%s'", path, member);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		strbuf_add(&out, chunk, n);
	assert_int_equal(pclose(p), 0);
	return strbuf_detach(&out, NULL);
}

static void test_xlsx_read_back(void **state)
{
	struct errbuf eb = { "" };
	char *data = NULL, *dir = tu_temp_dir("xlsx"), path[1024], *strings, *sheet1;
	size_t len = 0;
	FILE *f;

	(void)state;
	fill();
	assert_int_equal(xlsx_write_sheet(&sheet, dir, &data, &len, &eb), ERR_OK);
	assert_true(len > 1000);
	assert_memory_equal(data, "PK", 2);
	snprintf(path, sizeof(path), "%s/out.xlsx", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	strings = unzip_member(path, "xl/sharedStrings.xml");
	sheet1 = unzip_member(path, "xl/worksheets/sheet1.xml");
	assert_non_null(strstr(strings, "<t>=HYPERLINK(\"http://x\")</t>"));
	assert_non_null(strstr(strings, "Pupil"));
	assert_null(strstr(sheet1, "<f>")); /* no formula anywhere */
	assert_non_null(strstr(sheet1, "<v>-12</v>"));
	assert_non_null(strstr(sheet1, "<pane")); /* the header row stays in view */
	{
		char *comments = unzip_member(path, "xl/comments1.xml");
		assert_non_null(strstr(comments, "<comment ref=\"A2\""));
		assert_non_null(strstr(comments, "=SUM(A1) &amp; &lt;b&gt; bold&lt;/b&gt;"));
		assert_null(strstr(comments, "\x01"));
		free(comments);
	}
	free(strings);
	free(sheet1);
	free(data);
	free(dir);
}

/* What CSV defuses with an apostrophe, XLSX stores as text (shared strings,
 * t="s"), which no spreadsheet runs: each opening = + - @ tab CR in turn. */
static void test_xlsx_formula_openings_are_text(void **state)
{
	static const char *const texts[] = { "=1+1", "+44 1234", "-3",	"@SUM(A1)",
					     "\tx",  "\t=1+1",	 "\rx", "\r=1+1" };
	enum { N = sizeof(texts) / sizeof(texts[0]) };
	struct sheet_cell c[N];
	struct sheet sh = { "Openings", N, 1, c, 0 };
	struct errbuf eb = { "" };
	char *data = NULL, *dir = tu_temp_dir("xlsxopen"), path[1024], *strings, *sheet1;
	size_t len = 0, ncells = 0;
	FILE *f;

	(void)state;
	memset(c, 0, sizeof(c));
	for (size_t i = 0; i < N; i++)
		c[i].text = texts[i];
	assert_int_equal(xlsx_write_sheet(&sh, dir, &data, &len, &eb), ERR_OK);
	snprintf(path, sizeof(path), "%s/open.xlsx", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	strings = unzip_member(path, "xl/sharedStrings.xml");
	sheet1 = unzip_member(path, "xl/worksheets/sheet1.xml");
	assert_null(strstr(sheet1, "<f>"));
	for (const char *p = sheet1; (p = strstr(p, "<c ")) != NULL; p++) {
		const char *end = strchr(p, '>');
		assert_non_null(end);
		assert_non_null(strstr(p, " t=\"s\""));
		assert_true(strstr(p, " t=\"s\"") < end);
		ncells++;
	}
	assert_int_equal(ncells, N);
	assert_non_null(strstr(strings, ">=1+1</t>"));
	assert_non_null(strstr(strings, ">@SUM(A1)</t>"));
	assert_non_null(strstr(strings, "\tx</t>"));
	assert_non_null(strstr(strings, "\t=1+1</t>"));
	/* libxlsxwriter keeps a CR as the escape _x000D_, still text */
	assert_non_null(strstr(strings, "<t>_x000D_x</t>"));
	assert_non_null(strstr(strings, "<t>_x000D_=1+1</t>"));
	free(strings);
	free(sheet1);
	free(data);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_xlsx_read_back),
		cmocka_unit_test(test_xlsx_formula_openings_are_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
