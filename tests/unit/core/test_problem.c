/*
 * test_problem: the problem list (adding, counting, the cap) and the location and
 * line formats every validator's output goes through.
 */
#include "testutil/testutil.h"

#include <string.h>

#include "core/problem.h"

static void test_add_and_count(void **state)
{
	struct problem_list pl;
	(void)state;

	problem_list_init(&pl);
	assert_int_equal(pl.max, PROBLEM_LIST_MAX);
	assert_true(problem_list_error(&pl, "a.csv:3:1", "UPN_CHECK", "UPN %s is wrong", "X"));
	assert_true(problem_list_query(&pl, "a.csv:4:2", "NAME_CHARS", "odd name"));
	assert_true(problem_list_add(&pl, SEV_ERROR, NULL, NULL, "no place"));
	assert_int_equal(pl.count, 3);
	assert_int_equal(problem_list_count_errors(&pl), 2);
	assert_int_equal(problem_list_count_queries(&pl), 1);
	assert_string_equal(pl.items[0].message, "UPN X is wrong");
	assert_string_equal(pl.items[0].code, "UPN_CHECK");
	assert_int_equal(pl.items[1].severity, SEV_QUERY);
	assert_string_equal(pl.items[2].location, "");
	assert_string_equal(pl.items[2].code, "");
	assert_ptr_equal(problem_list_find(&pl, "NAME_CHARS"), &pl.items[1]);
	assert_null(problem_list_find(&pl, "NOPE"));
	problem_list_release(&pl);
	assert_int_equal(pl.count, 0);
	assert_int_equal(problem_list_count_errors(&pl), 0);
	assert_int_equal(pl.max, PROBLEM_LIST_MAX);
	problem_list_release(&pl); /* twice is harmless */
}

static void test_cap(void **state)
{
	struct problem_list pl;
	(void)state;

	problem_list_init(&pl);
	pl.max = 40;
	for (int i = 0; i < 100; i++) {
		bool kept = problem_list_error(&pl, "f", "X", "problem %d", i);
		assert_int_equal(kept, i < 40);
	}
	problem_list_query(&pl, "f", "Q", "dropped query");
	assert_int_equal(pl.count, 40);
	assert_true(pl.capped);
	/* the counts include what was dropped, so the summary stays true */
	assert_int_equal(problem_list_count_errors(&pl), 100);
	assert_int_equal(problem_list_count_queries(&pl), 1);
	assert_string_equal(pl.items[39].message, "problem 39");
	problem_list_release(&pl);
}

static void test_truncation(void **state)
{
	struct problem_list pl;
	char big[2000];
	(void)state;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	problem_list_init(&pl);
	problem_list_error(&pl, big, "A_VERY_LONG_CODE_INDEED", "%s", big);
	assert_int_equal(strlen(pl.items[0].location), PROBLEM_LOC_MAX - 1);
	assert_int_equal(strlen(pl.items[0].code), PROBLEM_CODE_MAX - 1);
	assert_int_equal(strlen(pl.items[0].message), PROBLEM_MSG_MAX - 1);
	problem_list_release(&pl);
}

static void test_sanitised(void **state)
{
	struct problem_list pl;
	char cut[PROBLEM_MSG_MAX + 8];
	(void)state;

	problem_list_init(&pl);
	/* quoted data cannot add a line or break UTF-8 */
	problem_list_error(&pl, "f.csv:2\n", "X", "surname 'A\nf.csv:9: error: fake\x01' is odd");
	assert_string_equal(pl.items[0].message, "surname 'A f.csv:9: error: fake ' is odd");
	assert_string_equal(pl.items[0].location, "f.csv:2 ");
	problem_list_error(&pl, "L", "X", "bad \xff\xc3z ok Zo\xc3\xab \xe2\x82\xac");
	assert_string_equal(pl.items[1].message, "bad ??z ok Zo\xc3\xab \xe2\x82\xac");
	/* truncation in the middle of a two-byte character leaves no half of it */
	memset(cut, 'a', sizeof(cut));
	cut[PROBLEM_MSG_MAX - 2] = '\xc3';
	cut[PROBLEM_MSG_MAX - 1] = '\xab';
	cut[sizeof(cut) - 1] = '\0';
	problem_list_error(&pl, "L", "X", "%s", cut);
	assert_int_equal(pl.items[2].message[PROBLEM_MSG_MAX - 2], '?');
	assert_int_equal(strlen(pl.items[2].message), PROBLEM_MSG_MAX - 1);
	problem_list_release(&pl);
}

static void test_format_line(void **state)
{
	struct problem_list pl;
	char line[PROBLEM_LINE_MAX];
	(void)state;

	problem_list_init(&pl);
	problem_list_error(&pl, "pupils.csv:5:4", "DOB_INVALID", "invalid date 31/02/2021");
	problem_list_query(&pl, "KS1!L3", "X", "look at this");
	problem_list_error(&pl, "", "Y", "whole file");
	assert_string_equal(problem_format_line(&pl.items[0], line),
			    "pupils.csv:5:4: error: invalid date 31/02/2021");
	assert_string_equal(problem_format_line(&pl.items[1], line), "KS1!L3: query: look at this");
	assert_string_equal(problem_format_line(&pl.items[2], line), "error: whole file");
	assert_string_equal(problem_severity_name(SEV_ERROR), "error");
	assert_string_equal(problem_severity_name(SEV_QUERY), "query");
	problem_list_release(&pl);
}

static void test_loc_text(void **state)
{
	char buf[PROBLEM_LOC_MAX];
	(void)state;

	assert_string_equal(problem_loc_text(buf, "codes.tsv", 12, 7), "codes.tsv:12:7");
	assert_string_equal(problem_loc_text(buf, "codes.tsv", 12, 0), "codes.tsv:12");
	assert_string_equal(problem_loc_text(buf, "codes.tsv", 0, 0), "codes.tsv");
	assert_string_equal(problem_loc_text(buf, NULL, 3, 1), "3:1");

	/* A long path keeps its end, where the file's own name is. */
	char path[300];
	memset(path, 'd', 250);
	strcpy(path + 250, "/pupils.csv");
	problem_loc_text(buf, path, 4, 2);
	assert_int_equal(strncmp(buf, "...", 3), 0);
	assert_non_null(strstr(buf, "d/pupils.csv:4:2"));
	assert_true(strlen(buf) <= 100 + 6);
}

static void test_col_letters(void **state)
{
	char buf[8];
	(void)state;

	assert_string_equal(problem_col_letters(0, buf), "A");
	assert_string_equal(problem_col_letters(7, buf), "H");
	assert_string_equal(problem_col_letters(25, buf), "Z");
	assert_string_equal(problem_col_letters(26, buf), "AA");
	assert_string_equal(problem_col_letters(27, buf), "AB");
	assert_string_equal(problem_col_letters(51, buf), "AZ");
	assert_string_equal(problem_col_letters(52, buf), "BA");
	assert_string_equal(problem_col_letters(701, buf), "ZZ");
	assert_string_equal(problem_col_letters(702, buf), "AAA");
	assert_string_equal(problem_col_letters(16383, buf), "XFD"); /* Excel's last column */
	assert_true(strlen(problem_col_letters(0xffffffffu, buf)) <= 7);
}

static void test_loc_cell(void **state)
{
	char buf[PROBLEM_LOC_MAX];
	(void)state;

	assert_string_equal(problem_loc_cell(buf, "file.xlsx", "Sheet1", 7, 4),
			    "file.xlsx:Sheet1!H4");
	assert_string_equal(problem_loc_cell(buf, NULL, "KS1", 11, 3), "KS1!L3");
	assert_string_equal(problem_loc_cell(buf,
					     "/check/work/main/build-test/test-tmp/"
					     "results_sheet.N5oGCb/ks2.xlsx",
					     "KS2", 10, 3),
			    "...rk/main/build-test/test-tmp/results_sheet.N5oGCb/ks2.xlsx:KS2!K3");
	assert_string_equal(problem_loc_cell(buf, "f.xlsx", NULL, 26, 10), "f.xlsx:AA10");
	assert_string_equal(problem_loc_cell(buf, "f.xlsx", "My sheet", 0, 1),
			    "f.xlsx:'My sheet'!A1");
	assert_string_equal(problem_loc_cell(buf, "", "It's", 1, 2), "'It''s'!B2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_and_count), cmocka_unit_test(test_cap),
		cmocka_unit_test(test_truncation),    cmocka_unit_test(test_sanitised),
		cmocka_unit_test(test_format_line),   cmocka_unit_test(test_loc_text),
		cmocka_unit_test(test_col_letters),   cmocka_unit_test(test_loc_cell),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
