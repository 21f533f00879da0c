/*
 * test_csv: the CSV reader: plain and quoted fields, doubled quotes, CRLF and LF,
 * line breaks inside quotes, the BOM, blank lines, every field's LINE:COL, and the
 * located refusals (bad quotes, not UTF-8, too big); plus the shared fixtures.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "formats/csv.h"

static enum err parse(const char *text, struct csv *c, struct problem_list *pl)
{
	problem_list_init(pl);
	return csv_parse("t.csv", text, strlen(text), 0, c, pl);
}

static void test_plain_and_quoted(void **state)
{
	(void)state;
	struct problem_list pl;
	struct csv c;

	assert_int_equal(parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\r\n", &c, &pl), ERR_OK);
	assert_int_equal(pl.count, 0);
	assert_int_equal(c.nrows, 2);
	assert_int_equal(c.rows[0].n, 3);
	assert_string_equal(c.rows[0].fields[2].text, "c");
	assert_int_equal(c.rows[1].n, 3);
	assert_string_equal(c.rows[1].fields[0].text, "x, y");
	assert_true(c.rows[1].fields[0].quoted);
	assert_string_equal(c.rows[1].fields[1].text, "say \"hi\"");
	assert_string_equal(c.rows[1].fields[2].text, "");
	assert_int_equal(c.rows[1].line, 2);
	assert_int_equal(c.rows[1].fields[1].col, 8);
	assert_int_equal(c.rows[1].fields[2].col, 21);
	csv_free(&c);
	problem_list_release(&pl);
}

static void test_lf_bom_blank_lines_and_columns(void **state)
{
	(void)state;
	struct problem_list pl;
	struct csv c;
	char loc[PROBLEM_LOC_MAX];

	/* BOM not counted; accented letters count as one column each; a blank line
	 * is skipped but still counted as a line; no final line break. */
	assert_int_equal(parse("\xEF\xBB\xBFUPN,Name\n\nÉlodie,Zoë\nx,\"two\nlines\",z", &c, &pl),
			 ERR_OK);
	assert_int_equal(c.nrows, 3);
	assert_string_equal(c.rows[0].fields[0].text, "UPN");
	assert_int_equal(c.rows[0].fields[0].col, 1);
	assert_int_equal(c.rows[1].line, 3);
	assert_string_equal(c.rows[1].fields[1].text, "Zoë");
	assert_int_equal(c.rows[1].fields[1].col, 8);
	assert_string_equal(c.rows[2].fields[1].text, "two\nlines");
	assert_int_equal(c.rows[2].fields[2].line, 5);
	assert_int_equal(c.rows[2].fields[2].col, 8);
	assert_string_equal(csv_field_loc(&c, &c.rows[2].fields[2], loc), "t.csv:5:8");
	csv_free(&c);
	problem_list_release(&pl);
}

static void test_bad_quotes_are_located(void **state)
{
	(void)state;
	struct problem_list pl;
	struct csv c;
	char line[PROBLEM_LINE_MAX];

	assert_int_equal(parse("a,b\nx,y\"z\n", &c, &pl), ERR_INVALID);
	/* the rows are kept, the one with the problem marked */
	assert_int_equal(c.nrows, 2);
	assert_false(c.rows[0].bad);
	assert_true(c.rows[1].bad);
	assert_string_equal(c.rows[1].fields[1].text, "y\"z");
	assert_int_equal(pl.errors, 1);
	problem_format_line(&pl.items[0], line);
	assert_non_null(strstr(line, "t.csv:2:4: error: a quote"));
	csv_free(&c);
	problem_list_release(&pl);

	assert_int_equal(parse("a,\"b\"c\n", &c, &pl), ERR_INVALID);
	assert_string_equal(pl.items[0].location, "t.csv:1:6");
	assert_string_equal(pl.items[0].code, "CSV_AFTER_QUOTE");
	csv_free(&c);
	problem_list_release(&pl);

	assert_int_equal(parse("a\n\"open,b\nc\n", &c, &pl), ERR_INVALID);
	assert_string_equal(pl.items[0].location, "t.csv:2:1");
	assert_non_null(strstr(pl.items[0].message, "no closing quote"));
	csv_free(&c);
	problem_list_release(&pl);
}

static void test_windows_1252_refused(void **state)
{
	(void)state;
	struct problem_list pl;
	struct csv c;

	/* "Zoë" saved as Windows-1252: 0xEB alone. */
	assert_int_equal(parse("UPN,Name\r\nA,Zo\xEB\r\n", &c, &pl), ERR_INVALID);
	assert_int_equal(pl.errors, 1);
	assert_string_equal(pl.items[0].location, "t.csv:2:5");
	assert_string_equal(pl.items[0].code, "CSV_ENCODING");
	assert_non_null(strstr(pl.items[0].message, "CSV UTF-8"));
	csv_free(&c);
	problem_list_release(&pl);

	/* Overlong and surrogate encodings are not UTF-8 either. */
	assert_int_equal(parse("a\xC0\xAF", &c, &pl), ERR_INVALID);
	csv_free(&c);
	problem_list_release(&pl);
	assert_int_equal(parse("a\xED\xA0\x80", &c, &pl), ERR_INVALID);
	csv_free(&c);
	problem_list_release(&pl);
}

static void test_byte_cap(void **state)
{
	(void)state;
	struct problem_list pl;
	struct csv c;

	problem_list_init(&pl);
	assert_int_equal(csv_parse("big.csv", "a,b,c\n", 6, 5, &c, &pl), ERR_TOO_BIG);
	assert_string_equal(pl.items[0].code, "CSV_TOO_BIG");
	/* located at the first byte over the cap: the line break after "c" */
	assert_string_equal(pl.items[0].location, "big.csv:1:6");
	assert_int_equal(c.nrows, 0);
	csv_free(&c);
	problem_list_release(&pl);

	problem_list_init(&pl);
	assert_int_equal(csv_parse("big.csv", "\xEF\xBB\xBFUPN\r\nZo\xC3\xAB,b\n", 15, 10, &c, &pl),
			 ERR_TOO_BIG);
	assert_string_equal(pl.items[0].location, "big.csv:2:3");
	csv_free(&c);
	problem_list_release(&pl);
}

static void test_shared_template(void **state)
{
	(void)state;
	char *path = tu_shared_path("fixtures/pupils/pupil-upload-template.csv");
	size_t len = 0;
	char *data = tu_read_file(path, &len);
	struct problem_list pl;
	struct csv c;

	assert_non_null(data);
	problem_list_init(&pl);
	assert_int_equal(csv_parse("pupil-upload-template.csv", data, len, 0, &c, &pl), ERR_OK);
	assert_int_equal(c.nrows, 2);
	assert_int_equal(c.rows[0].n, 11);
	assert_string_equal(c.rows[0].fields[10].text, "LCCNo");
	assert_int_equal(c.rows[1].n, 11);
	assert_string_equal(c.rows[1].fields[6].text, "Allow Y, N or blank");
	csv_free(&c);
	problem_list_release(&pl);
	free(data);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_quoted),
		cmocka_unit_test(test_lf_bom_blank_lines_and_columns),
		cmocka_unit_test(test_bad_quotes_are_located),
		cmocka_unit_test(test_windows_1252_refused),
		cmocka_unit_test(test_byte_cap),
		cmocka_unit_test(test_shared_template),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
