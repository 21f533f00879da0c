/*
 * test_codes: the shipped data/ctf-codes-2025.tsv parses and answers lookups; a
 * malformed table is refused with FILE:LINE:COL problems for each bad line.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"

#define HEADER                                                              \
	"collection\tstage\tsubject\tmethod\tcomponent\tresult_qualifier\t" \
	"allowed_results\tlabel\tconfirmed\n"

static struct codes *load_shipped(void)
{
	struct problem_list pl;
	struct codes *c = NULL;
	char *path = tu_source_path("data/ctf-codes-2025.tsv");
	size_t len = 0;
	char *text = tu_read_file(path, &len);

	assert_non_null(text);
	problem_list_init(&pl);
	if (codes_parse(text, len, "ctf-codes-2025.tsv", &c, &pl) != ERR_OK) {
		char line[PROBLEM_LINE_MAX];
		for (size_t i = 0; i < pl.count; i++)
			print_error("%s\n", problem_format_line(&pl.items[i], line));
		fail_msg("the shipped code table does not parse");
	}
	assert_int_equal(pl.count, 0);
	problem_list_release(&pl);
	free(text);
	free(path);
	return c;
}

static void test_shipped_table(void **state)
{
	struct codes *c = load_shipped();
	const struct code_row *r;
	int n;
	(void)state;

	assert_int_equal(codes_count(c), 28);
	r = codes_find(c, "eyfsp", "E01");
	assert_non_null(r);
	assert_string_equal(r->stage, "FSP");
	assert_string_equal(r->subject, "COM");
	assert_string_equal(r->method, "TA");
	assert_string_equal(r->result_qualifier, "EL");
	assert_string_equal(r->label, "Listening, Attention and Understanding");
	assert_false(r->confirmed);
	assert_int_equal(r->line, 9);
	assert_true(code_row_allows(r, "1"));
	assert_true(code_row_allows(r, "2"));
	assert_true(code_row_allows(r, "A"));
	assert_false(code_row_allows(r, "3"));
	assert_false(code_row_allows(r, "a"));
	assert_false(code_row_allows(r, ""));
	assert_false(code_row_allows(r, NULL));

	/* the one verified row */
	r = codes_find(c, "mtc", "MTC");
	assert_non_null(r);
	assert_true(r->confirmed);
	assert_true(code_row_allows(r, "25"));
	assert_false(code_row_allows(r, "26"));

	/* 17 EYFSP rows in ELG order */
	n = 0;
	for (r = codes_rows_for(c, "eyfsp", NULL); r; r = codes_rows_for(c, "eyfsp", r)) {
		char comp[16];
		snprintf(comp, sizeof(comp), "E%02d", n + 1);
		assert_string_equal(r->component, comp);
		n++;
	}
	assert_int_equal(n, 17);
	n = 0;
	for (r = codes_rows_for(c, "ks2", NULL); r; r = codes_rows_for(c, "ks2", r))
		n++;
	assert_int_equal(n, 4);
	assert_null(codes_rows_for(c, "nope", NULL));
	assert_null(codes_find(c, "eyfsp", "E18"));
	assert_null(codes_find(c, "ks1", "E01"));
	assert_ptr_equal(codes_row(c, 0), codes_find(c, "eyfsp", "E01"));
	assert_null(codes_row(c, 28));
	codes_free(c);
}

static void test_phonics_rows(void **state)
{
	struct codes *c = load_shipped();
	const struct code_row *mark, *outcome;
	long lo = -1, hi = -1;
	(void)state;

	mark = codes_find(c, "phonics", "PSC");
	assert_non_null(mark);
	assert_string_equal(mark->result_qualifier, "PM");
	assert_ptr_equal(codes_find_qualified(c, "phonics", "PSC", "PM"), mark);
	outcome = codes_find_qualified(c, "phonics", "PSC", "PO");
	assert_non_null(outcome);
	assert_null(codes_find_qualified(c, "phonics", "PSC", "XX"));

	/* range 0-40: whole numbers only, canonical */
	assert_true(code_row_allows(mark, "0"));
	assert_true(code_row_allows(mark, "32"));
	assert_true(code_row_allows(mark, "40"));
	assert_false(code_row_allows(mark, "41"));
	assert_false(code_row_allows(mark, "-1"));
	assert_false(code_row_allows(mark, "+3"));
	assert_false(code_row_allows(mark, "032"));
	assert_false(code_row_allows(mark, "00"));
	assert_false(code_row_allows(mark, "3.0"));
	assert_false(code_row_allows(mark, " 3"));
	assert_false(code_row_allows(mark, "1e1"));
	assert_false(code_row_allows(mark, "99999999999999999999"));
	assert_true(code_row_allows(mark, "A"));
	assert_true(code_row_allows(mark, "D"));
	assert_false(code_row_allows(mark, "d"));
	assert_true(code_row_out_of_range(mark, "41", &lo, &hi));
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 40);
	assert_false(code_row_out_of_range(mark, "40", NULL, NULL));
	assert_false(code_row_out_of_range(mark, "X", NULL, NULL));

	/* codes are case-sensitive: Wa is not WA; the suggestion finds it */
	assert_true(code_row_allows(outcome, "Wa"));
	assert_true(code_row_allows(outcome, "Wt"));
	assert_false(code_row_allows(outcome, "WA"));
	assert_false(code_row_allows(outcome, "wa"));
	assert_string_equal(code_row_suggest(outcome, "WA"), "Wa");
	assert_null(code_row_suggest(outcome, "Wx"));
	assert_false(code_row_out_of_range(outcome, "41", NULL, NULL)); /* no range */
	codes_free(c);
}

static void test_allowed_list_text(void **state)
{
	struct codes *c = load_shipped();
	char buf[256];
	char tiny[8];
	(void)state;

	assert_string_equal(code_row_allowed_list(codes_find(c, "phonics", "PSC"), buf,
						  sizeof(buf)),
			    "0-40, A, D, L or Q");
	assert_string_equal(code_row_allowed_list(codes_find(c, "ks1", "SC"), buf, sizeof(buf)),
			    "EXS, HNM or A");
	assert_string_equal(code_row_allowed_list(codes_find_qualified(c, "phonics", "PSC", "PO"),
						  buf, sizeof(buf)),
			    "Wa or Wt");
	/* a small buffer keeps whole items only */
	assert_string_equal(code_row_allowed_list(codes_find(c, "ks1", "SC"), tiny, sizeof(tiny)),
			    "EXS");
	codes_free(c);
}

/* Parses text expecting failure; returns the problems (caller releases). */
static void parse_bad(const char *text, struct problem_list *pl, enum err want)
{
	struct codes *c = (struct codes *)&c; /* must be reset to NULL */

	problem_list_init(pl);
	assert_int_equal(codes_parse(text, strlen(text), "t.tsv", &c, pl), want);
	assert_null(c);
}

static void assert_problem(const struct problem_list *pl, const char *code, const char *loc,
			   const char *fragment)
{
	for (size_t i = 0; i < pl->count; i++) {
		const struct problem *p = &pl->items[i];
		if (strcmp(p->code, code) == 0 && strcmp(p->location, loc) == 0) {
			if (fragment && !strstr(p->message, fragment))
				fail_msg("%s at %s: message '%s' lacks '%s'", code, loc, p->message,
					 fragment);
			return;
		}
	}
	for (size_t i = 0; i < pl->count; i++)
		print_error("have %s %s %s\n", pl->items[i].location, pl->items[i].code,
			    pl->items[i].message);
	fail_msg("no %s at %s", code, loc);
}

static void test_column_count(void **state)
{
	struct problem_list pl;
	(void)state;

	parse_bad("# comment\n" HEADER "eyfsp\tFSP\tCOM\tTA\tE01\tEL\t1,2,A\tLabel\tno\textra\n"
		  "eyfsp FSP COM TA E02 EL 1,2,A Label no\n",
		  &pl, ERR_INVALID);
	/* line 3: located where the tenth column starts */
	assert_problem(&pl, "CODES_COLUMNS", "t.tsv:3:40", "has 10 columns;");
	/* line 4: spaces instead of tabs, one column; located at the end of the line */
	assert_problem(&pl, "CODES_COLUMNS", "t.tsv:4:39", "has 1 column;");
	assert_int_equal(problem_list_count_errors(&pl), 2);
	problem_list_release(&pl);
}

static void test_bad_ranges(void **state)
{
	struct problem_list pl;
	(void)state;

	parse_bad(HEADER "p\tKS1\tENG\tTT\tA1\tPM\t0-40,A\tL\tno\n" /* line 2: fine */
			 "p\tKS1\tENG\tTT\tA2\tPM\t40-0\tL\tno\n"   /* 3: backwards */
			 "p\tKS1\tENG\tTT\tA3\tPM\tA,1-\tL\tno\n"   /* 4: no upper bound */
			 "p\tKS1\tENG\tTT\tA4\tPM\t01-5\tL\tno\n"   /* 5: leading zero */
			 "p\tKS1\tENG\tTT\tA5\tPM\t+1-5\tL\tno\n"   /* 6: sign */
			 "p\tKS1\tENG\tTT\tA6\tPM\t-5\tL\tno\n"	    /* 7: negative */
			 "p\tKS1\tENG\tTT\tA7\tPM\ta-b\tL\tno\n"    /* 8: letters */
			 "p\tKS1\tENG\tTT\tA8\tPM\t1-2-3\tL\tno\n"  /* 9: two dashes */
			 "p\tKS1\tENG\tTT\tA9\tPM\tA,,B\tL\tno\n"   /* 10: empty item */
			 "p\tKS1\tENG\tTT\tB1\tPM\tA, B\tL\tno\n"   /* 11: space */
			 "p\tKS1\tENG\tTT\tB2\tPM\tA,B,A\tL\tno\n", /* 12: listed twice */
		  &pl, ERR_INVALID);
	assert_problem(&pl, "CODES_RANGE", "t.tsv:3:20", "runs backwards");
	assert_problem(&pl, "CODES_RANGE", "t.tsv:4:22", "bad range '1-'");
	assert_problem(&pl, "CODES_RANGE", "t.tsv:5:20", "bad range '01-5'");
	assert_problem(&pl, "CODES_RANGE", "t.tsv:6:20", "bad range '+1-5'");
	assert_problem(&pl, "CODES_RANGE", "t.tsv:7:20", "bad range '-5'");
	assert_problem(&pl, "CODES_RANGE", "t.tsv:8:20", "bad range 'a-b'");
	assert_problem(&pl, "CODES_RANGE", "t.tsv:9:20", "bad range '1-2-3'");
	assert_problem(&pl, "CODES_ALLOWED", "t.tsv:10:22", "empty item");
	assert_problem(&pl, "CODES_ALLOWED", "t.tsv:11:22", "' B'");
	assert_problem(&pl, "CODES_ALLOWED", "t.tsv:12:24", "listed twice");
	assert_int_equal(problem_list_count_errors(&pl), 10);
	problem_list_release(&pl);
}

static void test_confirmed_and_duplicates(void **state)
{
	struct problem_list pl;
	(void)state;

	parse_bad(HEADER "eyfsp\tFSP\tCOM\tTA\tE01\tEL\t1,2,A\tLabel\tyes\n"
			 "eyfsp\tFSP\tCOM\tTA\tE02\tEL\t1,2,A\tLabel\tmaybe\n"
			 "eyfsp\tFSP\tCOM\tTA\tE03\tEL\t1,2,A\tLabel\tYes\n"
			 "eyfsp\tFSP\tCOM\tTA\tE01\tEL\t1,2\tOther label\tno\n"
			 "eyfsp\tFSP\tCOM\tTA\tE01\tXX\t1,2\tOther qualifier\tno\n",
		  &pl, ERR_INVALID);
	assert_problem(&pl, "CODES_CONFIRMED", "t.tsv:3:37", "'maybe'");
	assert_problem(&pl, "CODES_CONFIRMED", "t.tsv:4:37", "use yes or no");
	assert_problem(&pl, "CODES_DUPLICATE", "t.tsv:5:1", "line 2");
	/* another result qualifier is another row */
	assert_int_equal(problem_list_count_errors(&pl), 3);
	problem_list_release(&pl);
}

static void test_empty_and_bad_fields(void **state)
{
	struct problem_list pl;
	(void)state;

	parse_bad(HEADER "eyfsp\t\tCOM\tTA\tE01\tEL\t1,2,A\tLabel\tno\n"
			 "eyfsp\tF SP\tCOM\tTA\tE02\tEL\t1,2,A\tLabel\tno\n"
			 "eyfsp\tFSP\tCOM\tTA\tE03\tEL\t1,2,A\t\xff\xfe\tno\n",
		  &pl, ERR_INVALID);
	assert_problem(&pl, "CODES_EMPTY", "t.tsv:2:7", "stage is empty");
	assert_problem(&pl, "CODES_CHAR", "t.tsv:3:8", "stage 'F SP'");
	assert_problem(&pl, "CODES_TEXT", "t.tsv:4:1", "UTF-8");
	problem_list_release(&pl);
}

static void test_header(void **state)
{
	struct problem_list pl;
	(void)state;

	parse_bad("# only comments\n\n", &pl, ERR_INVALID);
	assert_problem(&pl, "CODES_HEADER", "t.tsv", "no header");
	problem_list_release(&pl);

	parse_bad("", &pl, ERR_INVALID);
	assert_problem(&pl, "CODES_HEADER", "t.tsv", "no header");
	problem_list_release(&pl);

	parse_bad("collection\tstage\tsubject\tmethod\tcomponent\tqualifier\tallowed_results\t"
		  "label\tconfirmed\n",
		  &pl, ERR_INVALID);
	assert_problem(&pl, "CODES_HEADER", "t.tsv:1:43", "expected 'result_qualifier'");
	problem_list_release(&pl);

	parse_bad("collection,stage,subject\n", &pl, ERR_INVALID);
	assert_problem(&pl, "CODES_HEADER", "t.tsv:1:1", "has 1 column;");
	problem_list_release(&pl);
}

static void test_crlf_bom_and_columns_in_characters(void **state)
{
	const char *text = "\xEF\xBB\xBF# c\r\n" HEADER
			   "k\tS\tS\tM\tC1\tQ\tA,B\tCaf\xC3\xA9 \xC3\xA9\xC3\xA9\tno\r\n"
			   "k\tS\tS\tM\tC2\tQ\tA\tCaf\xC3\xA9\tmaybe\r\n";
	struct problem_list pl;
	struct codes *c = NULL;
	(void)state;

	problem_list_init(&pl);
	assert_int_equal(codes_parse(text, strlen(text), "t.tsv", &c, &pl), ERR_INVALID);
	/* "Café" is 4 characters (5 bytes): confirmed starts at character 21, not 22 */
	assert_problem(&pl, "CODES_CONFIRMED", "t.tsv:4:21", "'maybe'");
	problem_list_release(&pl);

	/* the same table without the bad line parses; CR is not part of the value */
	problem_list_init(&pl);
	assert_int_equal(codes_parse(text,
				     strlen(text) - strlen("k\tS\tS\tM\tC2\tQ\tA\tCaf\xC3\xA9\t"
							   "maybe\r\n"),
				     "t.tsv", &c, &pl),
			 ERR_OK);
	assert_int_equal(codes_count(c), 1);
	assert_string_equal(codes_row(c, 0)->label, "Caf\xC3\xA9 \xC3\xA9\xC3\xA9");
	assert_false(codes_row(c, 0)->confirmed);
	assert_int_equal(codes_row(c, 0)->line, 3);
	codes_free(c);
	problem_list_release(&pl);
}

static void test_limits(void **state)
{
	struct problem_list pl;
	struct codes *c = (struct codes *)&c;
	char *big;
	(void)state;

	problem_list_init(&pl);
	big = calloc(CODES_TEXT_MAX + 2, 1);
	assert_non_null(big);
	memset(big, '#', CODES_TEXT_MAX + 1);
	assert_int_equal(codes_parse(big, CODES_TEXT_MAX + 1, "big.tsv", &c, &pl), ERR_TOO_BIG);
	assert_null(c);
	assert_non_null(problem_list_find(&pl, "CODES_TOO_BIG"));
	free(big);
	problem_list_release(&pl);
	codes_free(NULL);
}

static void test_not_terminated(void **state)
{
	/* the buffer need not end in NUL or newline: only len bytes are read */
	const char text[] = HEADER "k\tS\tS\tM\tC\tQ\t0-9\tL\tyesXXXX";
	struct problem_list pl;
	struct codes *c = NULL;
	(void)state;

	problem_list_init(&pl);
	assert_int_equal(codes_parse(text, sizeof(text) - 1 - 4, "t.tsv", &c, &pl), ERR_OK);
	assert_true(codes_row(c, 0)->confirmed);
	assert_true(code_row_allows(codes_row(c, 0), "9"));
	codes_free(c);
	problem_list_release(&pl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_table),
		cmocka_unit_test(test_phonics_rows),
		cmocka_unit_test(test_allowed_list_text),
		cmocka_unit_test(test_column_count),
		cmocka_unit_test(test_bad_ranges),
		cmocka_unit_test(test_confirmed_and_duplicates),
		cmocka_unit_test(test_empty_and_bad_fields),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_crlf_bom_and_columns_in_characters),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_not_terminated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
