/*
 * test_results_sheet: the FFT-style KS1 early results spreadsheet check on the
 * shared fixtures (the filled file is clean; the bad one gives exactly the
 * problems its .problems file lists, in order) and on workbooks written here
 * with xlsx_write (wrong school, missing heading, duplicates, blanks, codes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/results_sheet.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/statutory.h"
#include "formats/ctf_read.h"
#include "core/upn.h"
#include "formats/xlsx_write.h"
#include "testutil/testutil.h"

static struct codes *shipped_codes(void)
{
	struct problem_list pl;
	char *path = tu_source_path("data/ctf-codes-2025.tsv");
	size_t len = 0;
	char *text = tu_read_file(path, &len);
	struct codes *c = NULL;

	assert_non_null(text);
	problem_list_init(&pl);
	assert_int_equal(codes_parse(text, len, "ctf-codes-2025.tsv", &c, &pl), ERR_OK);
	problem_list_release(&pl);
	free(text);
	free(path);
	return c;
}

static const struct results_sheet_options opts = {
	.today = { 2026, 6, 19 },
	.school_laestab = 8881234,
};

/* Checks a workbook's bytes; returns the error code, problems in pl. */
static enum err check_bytes(const char *name, const void *data, size_t len,
			    const struct results_sheet_options *o, struct problem_list *pl)
{
	struct codes *codes = shipped_codes();
	struct errbuf eb = { { 0 } };
	enum err rc;

	problem_list_init(pl);
	rc = results_sheet_check(NULL, name, data, len, codes, o, pl, &eb);
	codes_free(codes);
	return rc;
}

static enum err check_fixture(const char *name, struct problem_list *pl)
{
	char rel[128], *path, *data;
	size_t len = 0;
	enum err rc;

	snprintf(rel, sizeof(rel), "fixtures/fft/%s", name);
	path = tu_shared_path(rel);
	data = tu_read_file(path, &len);
	assert_non_null(data);
	rc = check_bytes(name, data, len, &opts, pl);
	free(data);
	free(path);
	return rc;
}

static void print_problems(const struct problem_list *pl)
{
	char line[PROBLEM_LINE_MAX];

	for (size_t i = 0; i < pl->count; i++)
		fprintf(stderr, "  %s [%s]\n", problem_format_line(&pl->items[i], line),
			pl->items[i].code);
}

static void test_good_fixture_clean(void **state)
{
	struct problem_list pl;

	(void)state;
	assert_int_equal(check_fixture("ks1-early-results-8881234.xlsx", &pl), ERR_OK);
	print_problems(&pl);
	assert_int_equal(pl.count, 0);
	problem_list_release(&pl);
}

/* True when needle occurs in hay, ignoring ASCII case. */
static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return n == 0;
}

/* True when every word of the expected message of three letters or more (but
 * "must") appears in the actual one, ignoring case: the gist, not the wording. */
static bool gist_matches(const char *expected, const char *actual)
{
	char words[256], *save = NULL;
	bool ok = true;

	snprintf(words, sizeof(words), "%s", expected);
	for (char *w = strtok_r(words, " ", &save); w && ok; w = strtok_r(NULL, " ", &save)) {
		if (strlen(w) < 3 || strcmp(w, "must") == 0)
			continue;
		ok = contains_nocase(actual, w);
	}
	return ok;
}

static void test_bad_fixture_exact(void **state)
{
	char *path = tu_shared_path("fixtures/fft/ks1-early-results-bad.problems");
	char *text = tu_read_file(path, NULL), *save = NULL;
	struct problem_list pl;
	size_t n = 0;

	(void)state;
	assert_non_null(text);
	assert_int_equal(check_fixture("ks1-early-results-bad.xlsx", &pl), ERR_OK);
	print_problems(&pl);
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t'), want_loc[PROBLEM_LOC_MAX];
		assert_non_null(tab);
		*tab = '\0';
		assert_true(n < pl.count);
		snprintf(want_loc, sizeof(want_loc), "ks1-early-results-bad.xlsx:%s", line);
		assert_string_equal(pl.items[n].location, want_loc);
		assert_int_equal(pl.items[n].severity, SEV_ERROR);
		if (!gist_matches(tab + 1, pl.items[n].message))
			fail_msg("%s: \"%s\" does not say \"%s\"", line, pl.items[n].message,
				 tab + 1);
		n++;
	}
	assert_int_equal(n, 3);
	assert_int_equal(pl.count, n);
	assert_string_equal(pl.items[0].code, "RESULT_RANGE");
	assert_string_equal(pl.items[1].code, "RESULT_CODE");
	assert_string_equal(pl.items[2].code, "SCORE_WHOLE");
	/* a scaled score's message says whose it is, as the engine's do */
	assert_non_null(strstr(pl.items[0].message, "Freya Modell (UPN W888123423302): "));
	assert_non_null(strstr(pl.items[2].message, "Jude Tester (UPN Z888123423304): "));
	problem_list_release(&pl);
	free(text);
	free(path);
}

static void test_other_school(void **state)
{
	struct results_sheet_options o = opts;
	struct problem_list pl;
	char *path = tu_shared_path("fixtures/fft/ks1-early-results-8881234.xlsx");
	size_t len = 0;
	char *data = tu_read_file(path, &len);

	(void)state;
	o.school_laestab = 8889999;
	assert_int_equal(check_bytes("f.xlsx", data, len, &o, &pl), ERR_OK);
	assert_int_equal(pl.count, 25); /* one per pupil row: rows 2 to 26 */
	for (size_t i = 0; i < pl.count; i++) {
		char want[32];
		snprintf(want, sizeof(want), "f.xlsx:KS1!A%zu", i + 2);
		assert_string_equal(pl.items[i].code, "SCHOOL_DFE");
		assert_string_equal(pl.items[i].location, want);
		assert_non_null(strstr(pl.items[i].message, "8889999"));
	}
	problem_list_release(&pl);
	free(data);
	free(path);
}

static void test_not_a_workbook(void **state)
{
	static const char csv[] = "School DFE,UPN\n8881234,A123\n";
	struct problem_list pl;

	(void)state;
	assert_int_equal(check_bytes("r.xlsx", csv, sizeof(csv) - 1, &opts, &pl), ERR_INVALID);
	assert_int_equal(pl.count, 1);
	assert_string_equal(pl.items[0].code, "XLSX_READ");
	assert_string_equal(pl.items[0].location, "r.xlsx");
	assert_non_null(strstr(pl.items[0].message, "Excel"));
	problem_list_release(&pl);
}

/* A KS1 template written with xlsx_write: headings then rows of 14 cells
 * (NULL = empty); digits in the date of birth, NC year and score columns are
 * written as numbers (a date of birth as an Excel serial). */
static char *write_book(const char *const *headings, const char *const (*rows)[14], size_t nrows,
			size_t *len)
{
	struct sheet s = { .name = "KS1", .rows = nrows + 1, .cols = 14, .header_rows = 1 };
	struct errbuf eb = { { 0 } };
	char *dir = tu_temp_dir("results_sheet"), *out = NULL;

	s.cells = xcalloc(s.rows * s.cols, sizeof(*s.cells));
	for (size_t c = 0; c < 14; c++)
		s.cells[c].text = headings[c];
	for (size_t r = 0; r < nrows; r++)
		for (size_t c = 0; c < 14; c++) {
			struct sheet_cell *cell = sheet_at(&s, r + 1, c);
			cell->text = rows[r][c];
			cell->number = rows[r][c] && (c == 5 || c == 6 || c >= 11) &&
				       strspn(rows[r][c], "0123456789.") == strlen(rows[r][c]);
		}
	assert_int_equal(xlsx_write_sheet(&s, dir, &out, len, &eb), ERR_OK);
	free(s.cells);
	free(dir);
	return out;
}

static const char *const headings[14] = {
	"School DFE",
	"UPN",
	"Forename",
	"Surname",
	"Gender",
	"Date of birth",
	"NC Year",
	"Teacher Assessment: KS1 Reading",
	"Teacher Assessment: KS1 Writing",
	"Teacher Assessment: KS1 Maths",
	"Teacher Assessment: KS1 Science",
	"Scaled Score: KS1 Reading",
	"Scaled Score: KS1 Maths",
	"Scaled Score: KS1 GPS",
};

static void test_generated_rows(void **state)
{
	char u1[UPN_LEN + 1], u2[UPN_LEN + 1], u3[UPN_LEN + 1], u4[UPN_LEN + 1];
	struct problem_list pl;
	size_t len = 0;
	char *book;

	(void)state;
	assert_true(upn_make(888, 1234, 23, 301, u1));
	assert_true(upn_make(888, 1234, 23, 302, u2));
	assert_true(upn_make(888, 1234, 23, 303, u3));
	assert_true(upn_make(888, 1234, 23, 304, u4));
	{
		const char *const rows[][14] = {
			/* row 2: clean, scores blank */
			{ "8881234", u1, "Ada", "Madeup", "Female", "01/02/2019", "2", "EXS", "EXS",
			  "WTS", "EXS", NULL, NULL, NULL },
			/* row 3: empty: skipped */
			{ NULL },
			/* row 4: case slip, science code, text score, bad date */
			{ "8881234", u2, "Bo", "Invented", "Male", "31/02/2019", "2", "exs", "EXS",
			  "EXS", "WTS", "abc", "115", "85" },
			/* row 5: the UPN of row 2 again */
			{ "8881234", u1, "Cy", "Fictional", "Male", "02/02/2019", "2", "A", "A",
			  "A", "A", NULL, NULL, NULL },
			/* row 6: a real Excel date (serial 43593 = 08/05/2019): fine */
			{ "8881234", u3, "Di", "Pretend", "Female", "43593", "2", "EM", "PK1",
			  "PK4", "A", NULL, NULL, NULL },
			/* row 7: an Excel date in 2028, after "today" */
			{ "8881234", u4, "Ed", "Notreal", "Male", "47000", "2", NULL, NULL, NULL,
			  NULL, NULL, NULL, NULL },
		};
		book = write_book(headings, rows, 6, &len);
	}
	assert_int_equal(check_bytes("g.xlsx", book, len, &opts, &pl), ERR_OK);
	print_problems(&pl);
	assert_int_equal(pl.count, 6);
	assert_string_equal(pl.items[0].location, "g.xlsx:KS1!F4");
	assert_string_equal(pl.items[0].code, "DOB_INVALID");
	assert_string_equal(pl.items[1].location, "g.xlsx:KS1!H4");
	assert_string_equal(pl.items[1].code, "RESULT_CASE");
	assert_string_equal(pl.items[2].location, "g.xlsx:KS1!K4");
	assert_string_equal(pl.items[2].code, "RESULT_CODE");
	assert_string_equal(pl.items[3].location, "g.xlsx:KS1!L4");
	assert_string_equal(pl.items[3].code, "RESULT_CODE");
	assert_string_equal(pl.items[4].location, "g.xlsx:KS1!F7");
	assert_string_equal(pl.items[4].code, "DOB_FUTURE");
	/* duplicates come after the rows, located at the later UPN */
	assert_string_equal(pl.items[5].location, "g.xlsx:KS1!B5");
	assert_string_equal(pl.items[5].code, "UPN_DUPLICATE");
	problem_list_release(&pl);
	free(book);
}

static void test_missing_heading(void **state)
{
	const char *h[14];
	struct problem_list pl;
	size_t len = 0;
	char *book;

	(void)state;
	memcpy(h, headings, sizeof(h));
	h[9] = "Maths TA";
	{
		const char *const rows[][14] = { { "8881234" } };
		book = write_book(h, rows, 1, &len);
	}
	assert_int_equal(check_bytes("h.xlsx", book, len, &opts, &pl), ERR_OK);
	assert_int_equal(pl.count, 1);
	assert_string_equal(pl.items[0].code, "SHEET_HEADER");
	assert_string_equal(pl.items[0].location, "h.xlsx:KS1!J1");
	assert_non_null(strstr(pl.items[0].message, "Teacher Assessment: KS1 Maths"));
	problem_list_release(&pl);
	free(book);
}

static void test_no_pupils(void **state)
{
	struct problem_list pl;
	size_t len = 0;
	char *book;

	(void)state;
	{
		const char *const rows[][14] = { { NULL } };
		book = write_book(headings, rows, 1, &len);
	}
	assert_int_equal(check_bytes("e.xlsx", book, len, &opts, &pl), ERR_OK);
	assert_int_equal(pl.count, 1);
	assert_string_equal(pl.items[0].code, "SHEET_EMPTY");
	problem_list_release(&pl);
	free(book);
}

/* ---- the rule engine's per-pupil rules on a KS2 sheet, and the same data as a CTF ---- */

static const char *const ks2_headings[11] = {
	"School DFE",
	"UPN",
	"Forename",
	"Surname",
	"Gender",
	"Date of birth",
	"NC Year",
	"Teacher Assessment: KS2 Reading",
	"Teacher Assessment: KS2 Writing",
	"Teacher Assessment: KS2 Maths",
	"Teacher Assessment: KS2 Science",
};

enum { KS2_ROWS = 4 };

/* The KS2 pupils of the tests below, as sheet rows (text dates of birth). */
struct ks2_pupils {
	char upn[KS2_ROWS][UPN_LEN + 1];
	const char *cells[KS2_ROWS][11];
};

static void ks2_pupils_init(struct ks2_pupils *k)
{
	static const char *const base[KS2_ROWS][11] = {
		/* row 2: takes the tests: no reading or maths TA; clean */
		{ "8881234", NULL, "Ada", "Madeup", "Female", "01/03/2015", "6", NULL, "EXS", NULL,
		  "EXS" },
		/* row 3: science left blank: KS2_MISSING at K3 */
		{ "8881234", NULL, "Bo", "Invented", "Male", "02/03/2015", "6", NULL, "WTS", NULL,
		  NULL },
		/* row 4: born in 2016, Year 5 in 2025/26: DOB_COHORT (a query) at F4 */
		{ "8881234", NULL, "Cy", "Fictional", "Male", "03/03/2016", "6", NULL, "EXS", NULL,
		  "HNM" },
		/* row 5: a reading TA at the test standard: KS2_TESTED at H5 */
		{ "8881234", NULL, "Di", "Pretend", "Female", "04/03/2015", "6", "EXS", "EXS", NULL,
		  "EXS" },
	};
	memcpy(k->cells, base, sizeof(base));
	for (int i = 0; i < KS2_ROWS; i++) {
		assert_true(upn_make(888, 1234, 19, 401 + i, k->upn[i]));
		k->cells[i][1] = k->upn[i];
	}
}

static char *write_ks2(const struct ks2_pupils *k, size_t *len)
{
	struct sheet s = { .name = "KS2", .rows = KS2_ROWS + 1, .cols = 11, .header_rows = 1 };
	struct errbuf eb = { { 0 } };
	char *dir = tu_temp_dir("results_sheet_ks2"), *out = NULL;

	s.cells = xcalloc(s.rows * s.cols, sizeof(*s.cells));
	for (size_t c = 0; c < 11; c++)
		s.cells[c].text = ks2_headings[c];
	for (size_t r = 0; r < KS2_ROWS; r++)
		for (size_t c = 0; c < 11; c++)
			sheet_at(&s, r + 1, c)->text = k->cells[r][c];
	assert_int_equal(xlsx_write_sheet(&s, dir, &out, len, &eb), ERR_OK);
	free(s.cells);
	free(dir);
	return out;
}

/* The same pupils as a CTF of 2025/26 (results left blank in the sheet left out). */
static char *ks2_ctf(const struct ks2_pupils *k)
{
	static const char *const comp[4] = { "RE", "WR", "MA", "SC" };
	static const char *const subj[4] = { "ENG", "ENG", "MAT", "SCI" };
	struct strbuf sb;

	strbuf_init(&sb, 0);
	strbuf_adds(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CTfile><Header>"
			 "<DocumentName>Common Transfer File</DocumentName>"
			 "<CTFversion>25.0</CTFversion><DateTime>2026-06-19T10:15:00</DateTime>"
			 "<DocumentQualifier>partial</DocumentQualifier><SupplierID>t</SupplierID>"
			 "<SourceSchool><LEA>888</LEA><Estab>1234</Estab><SchoolName>Made-up"
			 "</SchoolName><AcademicYear>2025</AcademicYear></SourceSchool>"
			 "<DestSchool><LEA>888</LEA><Estab>LLLL</Estab></DestSchool></Header>"
			 "<CTFpupilData>\n");
	for (int i = 0; i < KS2_ROWS; i++) {
		const char *const *c = k->cells[i];
		int d, m, y;
		assert_int_equal(sscanf(c[5], "%d/%d/%d", &d, &m, &y), 3);
		strbuf_addf(&sb,
			    "<Pupil><UPN>%s</UPN><Surname>%s</Surname><Forename>%s</Forename>"
			    "<DOB>%04d-%02d-%02d</DOB><Sex>%c</Sex><BasicDetails><NCyearActual>%s"
			    "</NCyearActual></BasicDetails><StageAssessments><KeyStage>"
			    "<Stage>KS2</Stage>\n",
			    c[1], c[3], c[2], y, m, d, c[4][0], c[6]);
		for (int j = 0; j < 4; j++)
			if (c[7 + j])
				strbuf_addf(
					&sb,
					"<StageAssessment><Locale>ENG</Locale><Year>2026</Year>"
					"<Subject>%s</Subject><Method>TA</Method><Component>%s"
					"</Component><ResultStatus>R</ResultStatus>"
					"<ResultQualifier>TA</ResultQualifier><Result>%s</Result>"
					"</StageAssessment>\n",
					subj[j], comp[j], c[7 + j]);
		strbuf_adds(&sb, "</KeyStage></StageAssessments></Pupil>\n");
	}
	strbuf_adds(&sb, "</CTFpupilData></CTfile>\n");
	return strbuf_detach(&sb, NULL);
}

static void test_ks2_engine_rules(void **state)
{
	struct results_sheet_options o = opts;
	enum collection found = COLL_EYFSP;
	struct problem_list pl, ctf_pl;
	struct ks2_pupils k;
	struct stat_return r;
	struct codes *codes = shipped_codes();
	size_t len = 0;
	char *book, *ctf;

	(void)state;
	ks2_pupils_init(&k);
	book = write_ks2(&k, &len);
	o.academic_year = 2025;
	o.found = &found;
	assert_int_equal(check_bytes("k.xlsx", book, len, &o, &pl), ERR_OK);
	print_problems(&pl);
	assert_int_equal(found, COLL_KS2);
	assert_int_equal(pl.count, 3);
	/* the missing subject: at its blank cell, an error (the upload is refused) */
	assert_string_equal(pl.items[0].code, "KS2_MISSING");
	assert_string_equal(pl.items[0].location, "k.xlsx:KS2!K3");
	assert_int_equal(pl.items[0].severity, SEV_ERROR);
	assert_non_null(strstr(pl.items[0].message, "KS2 science is missing"));
	/* out of the cohort: at the date of birth, a query as for a CTF */
	assert_string_equal(pl.items[1].code, "DOB_COHORT");
	assert_string_equal(pl.items[1].location, "k.xlsx:KS2!F4");
	assert_int_equal(pl.items[1].severity, SEV_QUERY);
	assert_non_null(strstr(pl.items[1].message, "date of birth 2016-03-03 makes this pupil Y5 "
						    "in 2025/26, but the KS2 teacher assessment is "
						    "for Y6"));
	/* reading TA at the test standard: the engine's rule, not a bare bad code */
	assert_string_equal(pl.items[2].code, "KS2_TESTED");
	assert_string_equal(pl.items[2].location, "k.xlsx:KS2!H5");
	assert_int_equal(pl.items[2].severity, SEV_ERROR);
	assert_int_equal(problem_list_count_errors(&pl), 2);

	/* the same data as a CTF: the same rules, word for word */
	ctf = ks2_ctf(&k);
	problem_list_init(&ctf_pl);
	assert_int_equal(ctf_read(ctf, strlen(ctf), "k.xml", NULL, &r, &ctf_pl), ERR_OK);
	assert_false(statutory_check(&r, codes, NULL, &ctf_pl));
	print_problems(&ctf_pl);
	assert_int_equal(ctf_pl.count, pl.count);
	for (size_t i = 0; i < pl.count; i++) {
		assert_string_equal(ctf_pl.items[i].code, pl.items[i].code);
		assert_int_equal(ctf_pl.items[i].severity, pl.items[i].severity);
		assert_string_equal(ctf_pl.items[i].message, pl.items[i].message);
	}
	stat_return_release(&r);
	problem_list_release(&ctf_pl);
	problem_list_release(&pl);

	/* the academic year decides the cohort: in 2026/27 the 2015-born are Year 7 */
	o.academic_year = 2026;
	assert_int_equal(check_bytes("k.xlsx", book, len, &o, &pl), ERR_OK);
	assert_int_equal(problem_list_count_queries(&pl), 3);
	assert_null(strstr(problem_list_find(&pl, "DOB_COHORT")->location, "F4"));
	problem_list_release(&pl);
	free(ctf);
	free(book);
	codes_free(codes);
}

/* A blank cell the sheet refuses itself (date of birth) is not reported twice
 * by the engine; every cell's problems come left to right. */
static void test_engine_no_double_report(void **state)
{
	struct results_sheet_options o = opts;
	struct problem_list pl;
	struct ks2_pupils k;
	size_t len = 0;
	char *book;

	(void)state;
	ks2_pupils_init(&k);
	k.cells[0][5] = NULL;  /* no date of birth */
	k.cells[0][4] = "X";   /* not a sex */
	k.cells[0][6] = "Y9Z"; /* not a year group */
	book = write_ks2(&k, &len);
	o.academic_year = 2025;
	assert_int_equal(check_bytes("n.xlsx", book, len, &o, &pl), ERR_OK);
	print_problems(&pl);
	assert_int_equal(pl.count, 6); /* the three of row 2, once each, and rows 3-5 */
	assert_string_equal(pl.items[0].code, "GENDER_CODE");
	assert_string_equal(pl.items[0].location, "n.xlsx:KS2!E2");
	assert_string_equal(pl.items[1].code, "DOB_EMPTY");
	assert_string_equal(pl.items[1].location, "n.xlsx:KS2!F2");
	assert_string_equal(pl.items[2].code, "NCYEAR_CODE");
	assert_string_equal(pl.items[2].location, "n.xlsx:KS2!G2");
	assert_string_equal(pl.items[3].location, "n.xlsx:KS2!K3"); /* the next row */
	problem_list_release(&pl);
	free(book);
}

/* An NC year written out ("Nursery 1", longer than a CTF code) is read as the
 * year it names; one too long and no year is reported whole at its cell. */
static void test_ncyear_written_out(void **state)
{
	struct results_sheet_options o = opts;
	struct problem_list pl;
	struct ks2_pupils k;
	const struct problem *pr;
	size_t len = 0;
	char *book;

	(void)state;
	ks2_pupils_init(&k);
	k.cells[0][6] = "Nursery 1";
	k.cells[1][6] = "Year Six, I think";
	book = write_ks2(&k, &len);
	o.academic_year = 2025;
	assert_int_equal(check_bytes("y.xlsx", book, len, &o, &pl), ERR_OK);
	print_problems(&pl);
	for (size_t i = 0; i < pl.count; i++)
		assert_false(strcmp(pl.items[i].code, "NCYEAR_CODE") == 0 &&
			     strcmp(pl.items[i].location, "y.xlsx:KS2!G2") == 0);
	pr = problem_list_find(&pl, "NCYEAR_CODE");
	assert_non_null(pr);
	assert_string_equal(pr->location, "y.xlsx:KS2!G3");
	assert_non_null(strstr(pr->message, "\"Year Six, I think\" is not a national curriculum"));
	problem_list_release(&pl);
	free(book);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_fixture_clean),
		cmocka_unit_test(test_bad_fixture_exact),
		cmocka_unit_test(test_other_school),
		cmocka_unit_test(test_not_a_workbook),
		cmocka_unit_test(test_generated_rows),
		cmocka_unit_test(test_missing_heading),
		cmocka_unit_test(test_no_pupils),
		cmocka_unit_test(test_ks2_engine_rules),
		cmocka_unit_test(test_engine_no_double_report),
		cmocka_unit_test(test_ncyear_written_out),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
