/*
 * test_validate: the rule engine's field rules and their messages, the pupil
 * record as a whole (including the rows of fixtures/pupils/pupils-bad.csv), and
 * statutory results checked against the shipped code table.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/validate.h"

static const struct date today = { 2026, 3, 15 };

/* Asserts exactly one problem, with this code, location and message fragment. */
static void assert_one(struct problem_list *pl, enum severity sev, const char *code,
		       const char *loc, const char *fragment)
{
	if (pl->count != 1) {
		for (size_t i = 0; i < pl->count; i++)
			print_error("have %s %s: %s\n", pl->items[i].location, pl->items[i].code,
				    pl->items[i].message);
		fail_msg("%zu problems, want 1 (%s)", pl->count, code);
	}
	assert_int_equal(pl->items[0].severity, sev);
	assert_string_equal(pl->items[0].code, code);
	if (loc)
		assert_string_equal(pl->items[0].location, loc);
	if (fragment && !strstr(pl->items[0].message, fragment))
		fail_msg("message '%s' lacks '%s'", pl->items[0].message, fragment);
	problem_list_release(pl);
}

static void assert_none(struct problem_list *pl)
{
	if (pl->count) {
		for (size_t i = 0; i < pl->count; i++)
			print_error("have %s %s: %s\n", pl->items[i].location, pl->items[i].code,
				    pl->items[i].message);
		fail_msg("unexpected problems");
	}
	problem_list_release(pl);
}

static void test_upn_rules(void **state)
{
	struct problem_list pl;
	char upn[UPN_LEN + 1];
	(void)state;

	problem_list_init(&pl);
	assert_true(validate_upn("B801200005001", "L", &pl));
	assert_none(&pl);
	assert_false(validate_upn("B801200005002", "L", &pl));
	assert_one(&pl, SEV_ERROR, "UPN_CHECK", "L", "check the UPN with your MIS");
	assert_false(validate_upn("", "L", &pl));
	assert_one(&pl, SEV_ERROR, "UPN_EMPTY", "L", "missing");
	assert_false(validate_upn("E000200005001", "L", &pl));
	assert_one(&pl, SEV_ERROR, "UPN_LA", "L", "000");

	/* typed text: trimmed and upper-cased, then checked */
	assert_true(validate_upn_text(" b801200005001 ", "L", upn, &pl));
	assert_string_equal(upn, "B801200005001");
	assert_none(&pl);
	assert_false(validate_upn_text("b8012000050011111111", "L", upn, &pl));
	assert_one(&pl, SEV_ERROR, "UPN_LENGTH", "L", "20 characters");
	assert_false(validate_upn_text(NULL, "L", upn, &pl));
	assert_one(&pl, SEV_ERROR, "UPN_EMPTY", "L", NULL);
}

static void test_name_rules(void **state)
{
	struct problem_list pl;
	char longname[PERSON_NAME_MAX + 2];
	(void)state;

	problem_list_init(&pl);
	assert_true(validate_name("O'Brien-Smith", "surname", "L", &pl));
	assert_true(validate_name("Zo\xC3\xAB", "forenames", "L", &pl)); /* Zoë */
	assert_true(validate_name("St. John, Mary Ann", "forenames", "L", &pl));
	assert_none(&pl);

	assert_false(validate_name("", "surname", "L", &pl));
	assert_one(&pl, SEV_ERROR, "NAME_EMPTY", "L", "surname is required");
	assert_false(validate_name("   ", "forenames", "L", &pl));
	assert_one(&pl, SEV_ERROR, "NAME_EMPTY", "L", "forenames is required");
	assert_false(validate_name(NULL, "surname", "L", &pl));
	assert_one(&pl, SEV_ERROR, "NAME_EMPTY", "L", NULL);
	assert_false(validate_name("Smith\nJones", "surname", "L", &pl));
	assert_one(&pl, SEV_ERROR, "NAME_TEXT", "L", "line break");
	assert_false(validate_name("Sm\xffith", "surname", "L", &pl));
	assert_one(&pl, SEV_ERROR, "NAME_TEXT", "L", "UTF-8");

	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_false(validate_name(longname, "surname", "L", &pl));
	assert_one(&pl, SEV_ERROR, "NAME_LONG", "L", "101 characters");
	longname[PERSON_NAME_MAX] = '\0';
	assert_true(validate_name(longname, "surname", "L", &pl));
	assert_none(&pl);

	/* digits and formula starts are only queries: saved, but flagged */
	assert_true(validate_name("CHILD 1", "surname", "L", &pl));
	assert_one(&pl, SEV_QUERY, "NAME_CHARS", "L", "contains '1'");
	assert_true(validate_name("=HYPERLINK(\"x\")", "surname", "L", &pl));
	assert_one(&pl, SEV_QUERY, "NAME_CHARS", "L", "contains '='");
}

static void test_dob_rules(void **state)
{
	struct problem_list pl;
	struct date d = { 0 };
	(void)state;

	problem_list_init(&pl);
	assert_true(validate_dob((struct date){ 2021, 3, 15 }, today, "L", &pl));
	assert_true(validate_dob(today, today, "L", &pl)); /* born today: possible */
	assert_true(validate_dob((struct date){ 2006, 3, 15 }, today, "L", &pl)); /* exactly 20 */
	assert_none(&pl);
	assert_false(validate_dob((struct date){ 2006, 3, 14 }, today, "L", &pl));
	assert_one(&pl, SEV_ERROR, "DOB_OLD", "L", "14/03/2006 is more than 20 years ago");
	assert_false(validate_dob((struct date){ 2026, 3, 16 }, today, "L", &pl));
	assert_one(&pl, SEV_ERROR, "DOB_FUTURE", "L", "16/03/2026 is in the future");
	assert_false(validate_dob((struct date){ 0, 0, 0 }, today, "L", &pl));
	assert_one(&pl, SEV_ERROR, "DOB_INVALID", "L", "missing or not a real date");
	/* today 29 February 2120: 2100 is not a leap year, so the limit is 28 February */
	assert_true(
		validate_dob((struct date){ 2100, 2, 28 }, (struct date){ 2120, 2, 29 }, "L", &pl));
	assert_false(
		validate_dob((struct date){ 2100, 2, 27 }, (struct date){ 2120, 2, 29 }, "L", &pl));
	assert_one(&pl, SEV_ERROR, "DOB_OLD", "L", NULL);

	/* text */
	assert_true(validate_dob_text("13/05/2021", today, "L", &d, &pl));
	assert_int_equal(date_cmp(d, (struct date){ 2021, 5, 13 }), 0);
	assert_true(validate_dob_text("2021-05-14", today, "L", &d, &pl));
	assert_int_equal(d.day, 14);
	assert_true(validate_dob_text(" 1/9/2020 ", today, "L", &d, &pl));
	assert_int_equal(d.month, 9);
	assert_none(&pl);
	assert_false(validate_dob_text("31/02/2021", today, "L", &d, &pl));
	assert_one(&pl, SEV_ERROR, "DOB_INVALID", "L",
		   "invalid date 31/02/2021: February 2021 has 28 days");
	assert_false(validate_dob_text("2023-02-30", today, "L", &d, &pl));
	assert_one(&pl, SEV_ERROR, "DOB_INVALID", "L", "February 2023 has 28 days");
	assert_false(validate_dob_text("29/02/2020x", today, "L", &d, &pl));
	assert_one(&pl, SEV_ERROR, "DOB_INVALID", "L", "dd/mm/yyyy");
	assert_false(validate_dob_text("12/13/2020", today, "L", &d, &pl));
	assert_one(&pl, SEV_ERROR, "DOB_INVALID", "L", "no month 13");
	assert_false(validate_dob_text("00/01/2020", today, "L", &d, &pl));
	assert_one(&pl, SEV_ERROR, "DOB_INVALID", "L", "no day 0");
	assert_false(validate_dob_text("44197", today, "L", &d, &pl));
	assert_one(&pl, SEV_ERROR, "DOB_INVALID", "L", "spreadsheet date number");
	assert_false(validate_dob_text("05/03/21", today, "L", &d, &pl));
	assert_one(&pl, SEV_ERROR, "DOB_INVALID", "L", "dd/mm/yyyy");
	assert_false(validate_dob_text("2021-5-3", today, "L", &d, &pl));
	assert_one(&pl, SEV_ERROR, "DOB_INVALID", "L", "dd/mm/yyyy or yyyy-mm-dd");
	assert_false(validate_dob_text("", today, "L", &d, &pl));
	assert_one(&pl, SEV_ERROR, "DOB_EMPTY", "L", "required");
	assert_false(validate_dob_text("01/01/2030", today, "L", &d, &pl));
	assert_one(&pl, SEV_ERROR, "DOB_FUTURE", "L", NULL);
}

static void test_gender_rules(void **state)
{
	struct problem_list pl;
	enum gender g;
	(void)state;

	problem_list_init(&pl);
	assert_true(validate_gender(GENDER_FEMALE, "L", &pl));
	assert_true(validate_gender_text("m", "L", &g, &pl));
	assert_int_equal(g, GENDER_MALE);
	assert_none(&pl);
	assert_true(validate_gender(GENDER_UNKNOWN, "L", &pl));
	assert_one(&pl, SEV_QUERY, "GENDER_MISSING", "L", "M or F");
	assert_true(validate_gender_text(" ", "L", &g, &pl));
	assert_int_equal(g, GENDER_UNKNOWN);
	assert_one(&pl, SEV_QUERY, "GENDER_MISSING", "L", NULL);
	assert_false(validate_gender_text("X", "L", &g, &pl));
	assert_one(&pl, SEV_ERROR, "GENDER_CODE", "L", "unknown gender 'X'");
}

/* FSM, EAL, include in data ...: one rule for the upload file (blank = No) and
 * the edit-many grid (an answer is needed). */
static void test_yes_no_rules(void **state)
{
	struct problem_list pl;
	bool v = true;
	(void)state;

	problem_list_init(&pl);
	assert_true(validate_yes_no_text(" y ", "FSM", true, "L", &v, &pl));
	assert_true(v);
	assert_true(validate_yes_no_text("No", "FSM", true, "L", &v, &pl));
	assert_false(v);
	v = true;
	assert_true(validate_yes_no_text("", "FSM", true, "L", &v, &pl));
	assert_false(v);
	assert_none(&pl);
	assert_false(validate_yes_no_text("", "EAL", false, "L", &v, &pl));
	assert_one(&pl, SEV_ERROR, "YES_NO", "L", "EAL must be Y (yes) or N (no), not");
	assert_false(validate_yes_no_text("maybe", "FSM", true, "L", &v, &pl));
	assert_one(&pl, SEV_ERROR, "YES_NO", "L",
		   "FSM must be Y (yes) or N (no) or blank, not \"maybe\"");
}

static void test_postcode_rules(void **state)
{
	static const char *const good[] = { "PR1 0LD",	 "BB1 2CD",  "LA1 4XY", "SW1A 1AA",
					    "M1 1AE",	 "B33 8TH",  "CR2 6XH", "DN55 1PT",
					    "W1A 0AX",	 "EC1A 1BB", "pr10ld",	"GIR 0AA",
					    " PR1  0LD " };
	static const char *const bad[] = { "PR1",   "PR1 0L",	"1PR 0LD",  "PR1 LD0", "PRR1 0LD",
					   "P 0LD", "PR1 0LDD", "BFPO 123", "PR1-0LD", "SW1AA 1AA" };
	struct problem_list pl;
	char pc[POSTCODE_MAX];
	(void)state;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!postcode_shape_ok(good[i]))
			fail_msg("'%s' rejected", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (postcode_shape_ok(bad[i]))
			fail_msg("'%s' accepted", bad[i]);
	assert_false(postcode_shape_ok(NULL));

	assert_true(postcode_normalise("pr10ld", pc));
	assert_string_equal(pc, "PR1 0LD");
	assert_true(postcode_normalise(" sw1a  1aa", pc));
	assert_string_equal(pc, "SW1A 1AA");
	assert_true(postcode_normalise("M11AE", pc));
	assert_string_equal(pc, "M1 1AE");
	assert_false(postcode_normalise("nope", pc));
	assert_string_equal(pc, "");

	problem_list_init(&pl);
	assert_true(validate_postcode("PR1 0LD", "L", &pl));
	assert_none(&pl);
	assert_false(validate_postcode("", "L", &pl));
	assert_one(&pl, SEV_ERROR, "POSTCODE_EMPTY", "L", "postcode is required");
	assert_false(validate_postcode("  ", "L", &pl));
	assert_one(&pl, SEV_ERROR, "POSTCODE_EMPTY", "L", "school's postcode");
	assert_false(validate_postcode("PR1 0L", "L", &pl));
	assert_one(&pl, SEV_ERROR, "POSTCODE_SHAPE", "L", "'PR1 0L'");
	assert_true(validate_postcode_text("la14xy", "L", pc, &pl));
	assert_string_equal(pc, "LA1 4XY");
	assert_false(validate_postcode_text("LA1", "L", pc, &pl));
	assert_string_equal(pc, "");
	assert_one(&pl, SEV_ERROR, "POSTCODE_SHAPE", "L", NULL);
}

static void test_code_rules(void **state)
{
	struct problem_list pl;
	char sen = '?';
	(void)state;

	problem_list_init(&pl);
	assert_true(validate_ethnicity("WBRI", "L", &pl));
	assert_true(validate_ethnicity("weng", "L", &pl));
	assert_true(validate_ethnicity("OOH", "L", &pl));
	assert_none(&pl);
	assert_false(validate_ethnicity("", "L", &pl));
	assert_one(&pl, SEV_ERROR, "ETHNIC_EMPTY", "L", "NOBT");
	assert_false(validate_ethnicity("WXYZ", "L", &pl));
	assert_one(&pl, SEV_ERROR, "ETHNIC_UNKNOWN", "L", "unknown ethnicity code 'WXYZ'");
	{
		char code[ETHNICITY_MAX];
		struct pupil p;
		assert_true(sizeof(p.ethnicity) == ETHNICITY_MAX);
		assert_true(validate_ethnicity_text(" weng ", "L", code, &pl));
		assert_string_equal(code, "WENG");
		assert_false(validate_ethnicity_text("nope", "L", code, &pl));
		assert_string_equal(code, "");
		assert_one(&pl, SEV_ERROR, "ETHNIC_UNKNOWN", "L", NULL);
	}

	assert_true(validate_sen('K', "L", &pl));
	assert_none(&pl);
	assert_false(validate_sen('X', "L", &pl));
	assert_one(&pl, SEV_ERROR, "SEN_CODE", "L", "unknown SEN code X");
	assert_false(validate_sen('\0', "L", &pl));
	assert_one(&pl, SEV_ERROR, "SEN_CODE", "L", "not set");
	assert_false(validate_sen('\x01', "L", &pl));
	assert_one(&pl, SEV_ERROR, "SEN_CODE", "L", NULL);

	assert_true(validate_sen_text("SEN_E", "L", &sen, &pl));
	assert_int_equal(sen, 'E');
	assert_true(validate_sen_text("", "L", &sen, &pl));
	assert_int_equal(sen, 'N');
	assert_none(&pl);
	assert_false(validate_sen_text("SEN_X", "L", &sen, &pl));
	assert_one(&pl, SEV_ERROR, "SEN_CODE", "L", "unknown SEN code SEN_X");
	assert_false(validate_sen_text("S", "L", &sen, &pl));
	assert_one(&pl, SEV_ERROR, "SEN_LEGACY", "L", "no longer used");

	assert_true(validate_class_no(0, "L", &pl));
	assert_true(validate_class_no(1, "L", &pl));
	assert_true(validate_class_no(20, "L", &pl));
	assert_none(&pl);
	assert_false(validate_class_no(21, "L", &pl));
	assert_one(&pl, SEV_ERROR, "CLASS_RANGE", "L", "class number 21");
	assert_false(validate_class_no(-1, "L", &pl));
	assert_one(&pl, SEV_ERROR, "CLASS_RANGE", "L", NULL);
}

static void test_year_override_rules(void **state)
{
	struct problem_list pl;
	struct date dob = { 2020, 10, 1 }; /* Y0 = Reception in 2025/26 */
	(void)state;

	problem_list_init(&pl);
	assert_int_equal(year_group_of(dob, academic_year_of(today)), YEAR_R);
	assert_true(validate_year_override(YEAR_NONE, dob, today, "L", &pl));
	assert_true(validate_year_override(YEAR_N2, dob, today, "L", &pl)); /* held back */
	assert_true(validate_year_override(1, dob, today, "L", &pl));
	assert_none(&pl);
	assert_true(validate_year_override(YEAR_R, dob, today, "L", &pl));
	assert_one(&pl, SEV_QUERY, "YEAR_SAME", "L", "year override R");
	assert_false(validate_year_override(-3, dob, today, "L", &pl));
	assert_one(&pl, SEV_ERROR, "YEAR_RANGE", "L", NULL);
	assert_false(validate_year_override(YEAR_LAST + 1, dob, today, "L", &pl));
	assert_one(&pl, SEV_ERROR, "YEAR_RANGE", "L", NULL);
}

static struct pupil good_pupil(void)
{
	struct pupil p = { 0 };

	snprintf(p.upn, sizeof(p.upn), "T888123425001");
	snprintf(p.surname, sizeof(p.surname), "MODELL");
	snprintf(p.forenames, sizeof(p.forenames), "ELSIE");
	p.dob = (struct date){ 2021, 10, 31 };
	p.gender = GENDER_FEMALE;
	snprintf(p.postcode, sizeof(p.postcode), "BB1 2CD");
	snprintf(p.ethnicity, sizeof(p.ethnicity), "WBRI");
	p.sen = 'N';
	p.class_no = 3;
	p.year_override = YEAR_NONE;
	return p;
}

static void test_pupil(void **state)
{
	struct problem_list pl;
	struct pupil p = good_pupil();
	(void)state;

	problem_list_init(&pl);
	assert_true(validate_pupil(&p, today, NULL, &pl));
	assert_none(&pl);

	/* default location names the pupil by UPN and the field */
	p.postcode[0] = '\0';
	assert_false(validate_pupil(&p, today, NULL, &pl));
	assert_one(&pl, SEV_ERROR, "POSTCODE_EMPTY", "pupil T888123425001 / postcode", NULL);

	/* given prefix; without a UPN the default uses the name */
	p = good_pupil();
	p.dob = (struct date){ 2030, 1, 1 };
	assert_false(validate_pupil(&p, today, "pupils.csv:9", &pl));
	assert_one(&pl, SEV_ERROR, "DOB_FUTURE", "pupils.csv:9 / date of birth", NULL);
	p = good_pupil();
	p.upn[0] = '\0';
	assert_false(validate_pupil(&p, today, "", &pl));
	assert_one(&pl, SEV_ERROR, "UPN_EMPTY", "pupil MODELL, ELSIE / UPN", NULL);

	/* a query alone does not fail the pupil */
	p = good_pupil();
	p.gender = GENDER_UNKNOWN;
	assert_true(validate_pupil(&p, today, NULL, &pl));
	assert_one(&pl, SEV_QUERY, "GENDER_MISSING", "pupil T888123425001 / gender", NULL);

	/* everything wrong at once: one problem per field, nothing stops early */
	memset(&p, 0, sizeof(p));
	p.class_no = 99;
	p.year_override = 50;
	assert_false(validate_pupil(&p, today, "row 2", &pl));
	{
		static const char *const codes[] = {
			"UPN_EMPTY",	  "NAME_EMPTY",	    "NAME_EMPTY",   "DOB_INVALID",
			"GENDER_MISSING", "POSTCODE_EMPTY", "ETHNIC_EMPTY", "SEN_CODE",
			"CLASS_RANGE",	  "YEAR_RANGE",
		};
		assert_int_equal(pl.count, sizeof(codes) / sizeof(codes[0]));
		for (size_t i = 0; i < pl.count; i++)
			assert_string_equal(pl.items[i].code, codes[i]);
		assert_int_equal(problem_list_count_errors(&pl), 9);
		assert_int_equal(problem_list_count_queries(&pl), 1);
		assert_string_equal(pl.items[1].location, "row 2 / surname");
		assert_string_equal(pl.items[2].location, "row 2 / forenames");
	}
	problem_list_release(&pl);
}

/* Splits one CSV line of the fixture (no quoted commas in the data rows). */
static size_t split_csv(char *line, char *fields[], size_t max)
{
	size_t n = 0;
	char *p = line;

	while (n < max) {
		char *comma = strchr(p, ',');
		fields[n++] = p;
		if (!comma)
			break;
		*comma = '\0';
		p = comma + 1;
	}
	return n;
}

static void test_pupils_bad_fixture(void **state)
{
	/* Each data row of pupils-bad.csv through the text rules, as the CSV import
	 * will call them; the problems must fall on the lines .problems names. */
	char *path = tu_shared_path("fixtures/pupils/pupils-bad.csv");
	char *text = tu_read_file(path, NULL);
	char *line, *next;
	int lineno = 0;
	struct problem_list pl;
	(void)state;

	assert_non_null(text);
	problem_list_init(&pl);
	for (line = text; *line; line = next) {
		char *f[16];
		char loc[PROBLEM_LOC_MAX];
		struct pupil p = { 0 };
		size_t n;

		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		line[strcspn(line, "\r")] = '\0';
		if (++lineno <= 2) /* header and the template's hint row */
			continue;
		n = split_csv(line, f, 16);
		assert_int_equal(n, 11);
		snprintf(loc, sizeof(loc), "pupils-bad.csv:%d", lineno);
		validate_upn_text(f[0], loc, p.upn, &pl);
		validate_name(f[1], "surname", loc, &pl);
		validate_name(f[2], "forenames", loc, &pl);
		validate_dob_text(f[3], today, loc, &p.dob, &pl);
		validate_gender_text(f[4], loc, &p.gender, &pl);
		validate_postcode_text(f[5], loc, p.postcode, &pl);
		validate_ethnicity_text(f[7], loc, p.ethnicity, &pl);
		validate_sen_text(f[9], loc, &p.sen, &pl);
	}
	assert_int_equal(lineno, 8);
	{
		static const struct {
			const char *loc, *code, *fragment;
		} want[] = {
			{ "pupils-bad.csv:4", "UPN_CHECK", "UPN check letter" },
			{ "pupils-bad.csv:5", "DOB_INVALID", "invalid date 31/02/2021" },
			{ "pupils-bad.csv:6", "POSTCODE_EMPTY", "postcode is required" },
			{ "pupils-bad.csv:7", "SEN_CODE", "unknown SEN code SEN_X" },
		};
		assert_int_equal(pl.count, 4);
		for (size_t i = 0; i < pl.count; i++) {
			assert_string_equal(pl.items[i].location, want[i].loc);
			assert_string_equal(pl.items[i].code, want[i].code);
			assert_non_null(strstr(pl.items[i].message, want[i].fragment));
		}
	}
	problem_list_release(&pl);
	free(text);
	free(path);
}

static struct codes *load_codes(void)
{
	struct problem_list pl;
	struct codes *c = NULL;
	char *path = tu_source_path("data/ctf-codes-2025.tsv");
	size_t len = 0;
	char *text = tu_read_file(path, &len);

	assert_non_null(text);
	problem_list_init(&pl);
	assert_int_equal(codes_parse(text, len, "ctf-codes-2025.tsv", &c, &pl), ERR_OK);
	problem_list_release(&pl);
	free(text);
	free(path);
	return c;
}

static void test_results(void **state)
{
	static const char meanings[] = "# collection\tcode\tmeaning\n"
				       "phonics\tA\tAbsent on the day\r\n"
				       "phonics\tD\tDisapplied: not suitable\n"
				       "phonics\tQ\tMaladministration: not run as it should\n"
				       "ks1\tL\tLeft\n";
	struct codes *c = load_codes();
	const struct code_row *mark = codes_find_qualified(c, "phonics", "PSC", "PM");
	const struct code_row *outcome = codes_find_qualified(c, "phonics", "PSC", "PO");
	const struct code_row *sci = codes_find(c, "ks1", "SC");
	struct problem_list pl;
	(void)state;

	problem_list_init(&pl);
	assert_true(validate_result(mark, "32", NULL, "L", &pl));
	assert_true(validate_result(mark, "A", NULL, "L", &pl));
	assert_true(validate_result(sci, "HNM", NULL, "L", &pl));
	assert_none(&pl);
	assert_false(validate_result(mark, "41", NULL, "L", &pl));
	assert_one(&pl, SEV_ERROR, "RESULT_RANGE", "L",
		   "Phonics screening check mark 41 is not allowed: enter a whole number in the "
		   "range 0-40, or A, D, L or Q");
	/* the pupil named at the start */
	assert_false(validate_result(mark, "41", "Jo Bloggs", "L", &pl));
	assert_one(&pl, SEV_ERROR, "RESULT_RANGE", "L",
		   "Jo Bloggs: Phonics screening check mark 41 is not allowed: enter a whole "
		   "number in the range 0-40, or A, D, L or Q");
	/* with the codes' meanings from the data file: each code with its gist */
	codes_meanings_add(c, meanings, strlen(meanings));
	assert_false(validate_result(mark, "41", "Jo Bloggs", "L", &pl));
	assert_one(&pl, SEV_ERROR, "RESULT_RANGE", "L",
		   "Jo Bloggs: Phonics screening check mark 41 is not allowed: enter a whole "
		   "number in the range 0-40, or A (absent on the day), D (disapplied), L or Q "
		   "(maladministration)");
	assert_false(validate_result(mark, "", NULL, "L", &pl));
	assert_one(&pl, SEV_ERROR, "RESULT_EMPTY", "L", "0-40, A, D, L or Q");
	assert_false(validate_result(mark, "32.5", NULL, "L", &pl));
	assert_one(&pl, SEV_ERROR, "RESULT_CODE", "L", NULL);
	assert_false(validate_result(outcome, "WA", NULL, "L", &pl));
	assert_one(&pl, SEV_ERROR, "RESULT_CASE", "L", "did you mean Wa?");
	assert_false(validate_result(sci, "GDS", NULL, "L", &pl));
	assert_one(&pl, SEV_ERROR, "RESULT_CODE", "L",
		   "result GDS is not allowed for KS1 science; use EXS, HNM or A");
	codes_free(c);
}

static void test_eyfsp(void **state)
{
	struct codes *c = load_codes();
	const char *r[ELG__MAX];
	const char *locs[ELG__MAX] = { 0 };
	struct problem_list pl;
	(void)state;

	problem_list_init(&pl);
	for (int e = 0; e < ELG__MAX; e++)
		r[e] = e % 3 ? "2" : "1";
	assert_true(validate_eyfsp(c, r, NULL, NULL, "pupil X", &pl));
	for (int e = 0; e < ELG__MAX; e++)
		r[e] = "A";
	assert_true(validate_eyfsp(c, r, NULL, NULL, "pupil X", &pl));
	assert_none(&pl);

	/* a missing ELG (the fixture eyfs-missing-elg: E15 missing) */
	for (int e = 0; e < ELG__MAX; e++)
		r[e] = "2";
	r[ELG_E15] = NULL;
	assert_false(
		validate_eyfsp(c, r, NULL, "Ivy Example (UPN T888123425742)", "f.xml:209", &pl));
	assert_one(&pl, SEV_ERROR, "EYFSP_MISSING", "f.xml:209",
		   "Ivy Example (UPN T888123425742): no result for ELG 15 The Natural World: "
		   "the EYFS profile needs a result for all 17 early learning goals; enter it, "
		   "or A if the child was absent");
	r[ELG_E16] = NULL;
	assert_false(validate_eyfsp(c, r, NULL, NULL, "f", &pl));
	assert_one(&pl, SEV_ERROR, "EYFSP_MISSING", "f",
		   "no result for ELG 15 The Natural World; ELG 16 Creating with Materials: "
		   "the EYFS profile needs a result for all 17 early learning goals; enter "
		   "each,");
	/* more than three missing: three named, the rest counted */
	r[ELG_E01] = r[ELG_E02] = NULL;
	assert_false(validate_eyfsp(c, r, NULL, NULL, "f", &pl));
	assert_one(&pl, SEV_ERROR, "EYFSP_MISSING", "f",
		   "ELG 1 Listening, Attention and Understanding; ELG 2 Speaking; ELG 15 The "
		   "Natural World and 1 more:");

	/* some A, not all */
	for (int e = 0; e < ELG__MAX; e++)
		r[e] = "2";
	r[ELG_E03] = "A";
	assert_false(validate_eyfsp(c, r, NULL, NULL, "f", &pl));
	assert_one(&pl, SEV_ERROR, "EYFSP_ABSENT", "f", "ELG 3 Self-Regulation is A");

	/* a bad result is located at its own element when locs are given */
	r[ELG_E03] = "3";
	locs[ELG_E03] = "f.xml:77";
	assert_false(validate_eyfsp(c, r, locs, NULL, "f", &pl));
	assert_one(&pl, SEV_ERROR, "RESULT_CODE", "f.xml:77", "Self-Regulation");
	codes_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upn_rules),    cmocka_unit_test(test_name_rules),
		cmocka_unit_test(test_dob_rules),    cmocka_unit_test(test_gender_rules),
		cmocka_unit_test(test_yes_no_rules), cmocka_unit_test(test_postcode_rules),
		cmocka_unit_test(test_code_rules),   cmocka_unit_test(test_year_override_rules),
		cmocka_unit_test(test_pupil),	     cmocka_unit_test(test_pupils_bad_fixture),
		cmocka_unit_test(test_results),	     cmocka_unit_test(test_eyfsp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
