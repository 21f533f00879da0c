/*
 * test_sheet_write: the CSV and XLSX writers of a sheet. CSV quotes what needs
 * quoting and defuses formulas (= + - @ get a leading apostrophe); the XLSX file
 * is read back (unzip) to check the text is stored as text, numbers as numbers,
 * no cell is a formula, and a cell's note is a comment holding plain text.
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
	cells[3].comment = "=SUM(A1) & <b>\x01" "bold</b>";
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_xlsx_read_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
