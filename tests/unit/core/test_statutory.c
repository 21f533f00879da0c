/*
 * test_statutory: the statutory rule engine, rule by rule, each with a passing
 * and a failing case, on returns built in memory and the shipped code table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/framework.h"
#include "core/statutory.h"
#include "core/upn.h"
#include "testutil/testutil.h"

static struct codes *codes_from_text(const char *text)
{
	struct problem_list pl;
	struct codes *c = NULL;

	problem_list_init(&pl);
	assert_int_equal(codes_parse(text, strlen(text), "codes.tsv", &c, &pl), ERR_OK);
	problem_list_release(&pl);
	return c;
}

static struct codes *shipped_codes(void)
{
	char *path = tu_source_path("data/ctf-codes-2025.tsv");
	char *text = tu_read_file(path, NULL);
	struct codes *c;

	assert_non_null(text);
	c = codes_from_text(text);
	free(text);
	free(path);
	return c;
}

/* A valid 2025/26 return header from school 888/1234 to its LA. */
static void return_init(struct stat_return *r)
{
	struct stat_header *h = &r->header;

	stat_return_init(r);
	snprintf(r->source, sizeof(r->source), "t.xml");
	h->pos.line = 3;
	stat_field_set(&h->document_name, "Common Transfer File");
	stat_field_set(&h->ctf_version, "25.0");
	stat_field_set(&h->date_time, "2026-06-19T10:15:00");
	stat_field_set(&h->document_qualifier, "partial");
	stat_field_set(&h->supplier_id, "test");
	stat_field_set(&h->source_lea, "888");
	stat_field_set(&h->source_estab, "1234");
	stat_field_set(&h->school_name, "Made-up Primary");
	stat_field_set(&h->academic_year, "2025");
	stat_field_set(&h->dest_lea, "888");
	stat_field_set(&h->dest_estab, "LLLL");
}

static struct stat_pupil *pupil(struct stat_return *r, int serial, const char *dob,
				const char *ncyear)
{
	struct stat_pupil *p = stat_return_add_pupil(r);
	uint32_t line = (uint32_t)(100 + r->npupils * 100);

	assert_true(upn_make(888, 1234, 24, serial, p->upn));
	snprintf(p->surname, sizeof(p->surname), "MADEUP");
	snprintf(p->forename, sizeof(p->forename), "PUPIL%c", (char)('A' + serial % 26));
	snprintf(p->dob, sizeof(p->dob), "%s", dob);
	snprintf(p->gender, sizeof(p->gender), "F");
	snprintf(p->ncyear, sizeof(p->ncyear), "%s", ncyear);
	p->pos.line = line;
	p->upn_pos = (struct stat_pos){ line + 1, 7 };
	return p;
}

static struct stat_result *result(struct stat_pupil *p, const char *stage, const char *subject,
				  const char *method, const char *component, const char *qual,
				  const char *value, const char *year)
{
	struct stat_result *res = stat_pupil_add_result(p);

	snprintf(res->stage, sizeof(res->stage), "%s", stage);
	snprintf(res->subject, sizeof(res->subject), "%s", subject);
	snprintf(res->method, sizeof(res->method), "%s", method);
	snprintf(res->component, sizeof(res->component), "%s", component);
	snprintf(res->qualifier, sizeof(res->qualifier), "%s", qual);
	snprintf(res->result, sizeof(res->result), "%s", value);
	snprintf(res->year, sizeof(res->year), "%s", year);
	snprintf(res->locale, sizeof(res->locale), "ENG");
	snprintf(res->status, sizeof(res->status), "R");
	res->pos = (struct stat_pos){ p->upn_pos.line + 10 + (uint32_t)p->nresults, 13 };
	return res;
}

static void phonics(struct stat_pupil *p, const char *mark, const char *outcome, const char *year)
{
	result(p, "KS1", "ENG", "TT", "PSC", "PM", mark, year);
	if (outcome)
		result(p, "KS1", "ENG", "TT", "PSC", "PO", outcome, year);
}

static void eyfsp(struct stat_pupil *p, const char *value, int skip, int other, const char *ov)
{
	static const char *areas[] = { "COM", "COM", "PSE", "PSE", "PSE", "PHY",
				       "PHY", "LIT", "LIT", "LIT", "MAT", "MAT",
				       "UTW", "UTW", "UTW", "EXP", "EXP" };
	for (int e = 0; e < ELG__MAX; e++)
		if (e != skip)
			result(p, "FSP", areas[e], "TA", elg_get((enum elg)e)->code, "EL",
			       e == other ? ov : value, "2026");
}

static void ks2(struct stat_pupil *p, const char *comp, const char *value)
{
	const char *subject = strcmp(comp, "MA") == 0 ? "MAT" :
			      strcmp(comp, "SC") == 0 ? "SCI" :
							"ENG";
	result(p, "KS2", subject, "TA", comp, "TA", value, "2026");
}

/* Checks r and asserts the problem codes, in order, are exactly want ("A,B"),
 * printing the problems when they are not. */
static void expect(const struct stat_return *r, const struct codes *c,
		   const struct stat_options *opt, const char *want)
{
	struct problem_list pl;
	char got[1024] = "", line[PROBLEM_LINE_MAX];
	size_t used = 0;

	problem_list_init(&pl);
	statutory_check(r, c, opt, &pl);
	for (size_t i = 0; i < pl.count; i++)
		used += (size_t)snprintf(got + used, sizeof(got) - used, "%s%s", i ? "," : "",
					 pl.items[i].code);
	if (strcmp(got, want) != 0) {
		for (size_t i = 0; i < pl.count; i++)
			fprintf(stderr, "  %s\n", problem_format_line(&pl.items[i], line));
		fprintf(stderr, "want [%s]\ngot  [%s]\n", want, got);
	}
	assert_string_equal(got, want);
	problem_list_release(&pl);
}

/* The one problem of r (asserted), copied out. */
static struct problem only_problem(const struct stat_return *r, const struct codes *c,
				   const struct stat_options *opt)
{
	struct problem_list pl;
	struct problem p;

	problem_list_init(&pl);
	statutory_check(r, c, opt, &pl);
	assert_int_equal(pl.count, 1);
	p = pl.items[0];
	problem_list_release(&pl);
	return p;
}

static void test_phonics_threshold(void **state)
{
	struct codes *c = shipped_codes();
	struct stat_return r;
	struct problem p;
	(void)state;

	assert_string_equal(phonics_outcome("32"), "Wa");
	assert_string_equal(phonics_outcome("40"), "Wa");
	assert_string_equal(phonics_outcome("31"), "Wt");
	assert_string_equal(phonics_outcome("0"), "Wt");
	assert_null(phonics_outcome("A"));
	assert_null(phonics_outcome("032"));

	return_init(&r);
	phonics(pupil(&r, 1, "2019-10-10", "1"), "32", "Wa", "2026");
	phonics(pupil(&r, 2, "2019-10-11", "1"), "31", "Wt", "2026");
	expect(&r, c, NULL, "");
	stat_return_release(&r);

	return_init(&r);
	phonics(pupil(&r, 3, "2019-10-10", "1"), "31", "Wa", "2026");
	p = only_problem(&r, c, NULL);
	assert_string_equal(p.code, "PHONICS_OUTCOME");
	assert_int_equal(p.severity, SEV_ERROR);
	assert_non_null(strstr(p.message, "32"));
	assert_string_equal(p.location, "t.xml:213:13"); /* the outcome's Result */
	stat_return_release(&r);

	return_init(&r);
	phonics(pupil(&r, 4, "2019-10-10", "1"), "32", "Wt", "2026");
	expect(&r, c, NULL, "PHONICS_OUTCOME");
	stat_return_release(&r);
	codes_free(c);
}

static void test_phonics_marks(void **state)
{
	static const char *const good[] = { "0", "40", "17", "A", "D", "L", "Q" };
	static const struct {
		const char *mark, *code;
	} bad[] = { { "41", "RESULT_RANGE" }, { "3.5", "RESULT_CODE" }, { "-1", "RESULT_CODE" },
		    { "032", "RESULT_CODE" }, { "a", "RESULT_CASE" },	{ "X", "RESULT_CODE" },
		    { "", "RESULT_EMPTY" } };
	struct codes *c = shipped_codes();
	struct stat_return r;
	(void)state;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		return_init(&r);
		phonics(pupil(&r, 1, "2019-10-10", "1"), good[i], phonics_outcome(good[i]), "2026");
		expect(&r, c, NULL, "");
		stat_return_release(&r);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		return_init(&r);
		phonics(pupil(&r, 1, "2019-10-10", "1"), bad[i].mark, NULL, "2026");
		expect(&r, c, NULL, bad[i].code);
		stat_return_release(&r);
	}
	/* a code mark has no outcome; an outcome needs a mark */
	return_init(&r);
	phonics(pupil(&r, 1, "2019-10-10", "1"), "A", "Wt", "2026");
	expect(&r, c, NULL, "PHONICS_OUTCOME");
	stat_return_release(&r);
	return_init(&r);
	result(pupil(&r, 1, "2019-10-10", "1"), "KS1", "ENG", "TT", "PSC", "PO", "Wa", "2026");
	expect(&r, c, NULL, "PHONICS_NO_MARK");
	stat_return_release(&r);
	codes_free(c);
}

static enum phonics_y1 y1_lookup(void *ctx, const char *upn)
{
	const char *met_upn = ctx;
	return strcmp(upn, met_upn) == 0 ? PHONICS_Y1_MET : PHONICS_Y1_UNKNOWN;
}

static void test_phonics_year2(void **state)
{
	struct codes *c = shipped_codes();
	struct stat_options opt = { 0 };
	struct stat_return r;
	struct stat_pupil *p;
	(void)state;

	/* Year 2 pupils not checked in Year 1 (nothing known) retake: fine */
	return_init(&r);
	phonics(pupil(&r, 1, "2018-12-25", "2"), "28", "Wt", "2026");
	expect(&r, c, NULL, "");
	/* the database says the first met the standard in Year 1 */
	opt.phonics_y1 = y1_lookup;
	opt.phonics_ctx = r.pupils[0].upn;
	expect(&r, c, &opt, "PHONICS_Y2_MET");
	stat_return_release(&r);

	/* the return itself holds the Year 1 check: met (35) or not (20) */
	return_init(&r);
	p = pupil(&r, 2, "2018-12-25", "2");
	phonics(p, "35", "Wa", "2025");
	phonics(p, "36", "Wa", "2026");
	p = pupil(&r, 3, "2018-12-26", "2");
	phonics(p, "20", "Wt", "2025");
	phonics(p, "33", "Wa", "2026");
	expect(&r, c, NULL, "PHONICS_Y2_MET");
	stat_return_release(&r);

	/* a Year 1 pupil is never refused for a Year 1 history */
	return_init(&r);
	phonics(pupil(&r, 4, "2019-12-25", "1"), "35", "Wa", "2026");
	opt.phonics_ctx = r.pupils[0].upn;
	expect(&r, c, &opt, "");
	stat_return_release(&r);
	codes_free(c);
}

static void test_eyfsp(void **state)
{
	struct codes *c = shipped_codes();
	struct stat_return r;
	struct problem p;
	(void)state;

	return_init(&r);
	eyfsp(pupil(&r, 1, "2020-10-01", "R"), "2", -1, 3, "1");
	eyfsp(pupil(&r, 2, "2020-10-02", "R"), "A", -1, -1, NULL); /* absent throughout */
	expect(&r, c, NULL, "");
	stat_return_release(&r);

	return_init(&r);
	eyfsp(pupil(&r, 1, "2020-10-01", "R"), "2", ELG_E15, -1, NULL);
	p = only_problem(&r, c, NULL);
	assert_string_equal(p.code, "EYFSP_MISSING");
	assert_non_null(strstr(p.message, "no result for ELG 15 The Natural World"));
	assert_string_equal(p.location, "t.xml:201:7"); /* the pupil's UPN */
	stat_return_release(&r);

	/* A means all A */
	return_init(&r);
	eyfsp(pupil(&r, 1, "2020-10-01", "R"), "2", -1, ELG_E05, "A");
	expect(&r, c, NULL, "EYFSP_ABSENT");
	stat_return_release(&r);

	/* 3 (exceeding) went with the 2021 framework */
	return_init(&r);
	eyfsp(pupil(&r, 1, "2020-10-01", "R"), "2", -1, ELG_E02, "3");
	expect(&r, c, NULL, "RESULT_CODE");
	stat_return_release(&r);
	codes_free(c);
}

/* What another school's return holds of one child's profile (the store, faked). */
struct split_fake {
	const char *upn; /* the child */
	uint32_t elgs;	 /* bit e: ELG e is held there */
};

static bool elsewhere_fake(void *ctx, const char *upn, struct stat_elsewhere *out)
{
	const struct split_fake *f = ctx;

	memset(out, 0, sizeof(*out));
	if (!f->upn || strcmp(upn, f->upn) != 0)
		return false;
	out->elgs = f->elgs;
	snprintf(out->school, sizeof(out->school), "888/5678 Juniper Row Primary");
	return true;
}

/* A child some of whose ELGs another school's return holds: one query naming
 * the child and that school, saying what to do; the ELGs held there are not
 * missing here, the ones held nowhere still are. */
static void test_eyfsp_split(void **state)
{
	struct codes *c = shipped_codes();
	struct split_fake f = { 0 };
	struct stat_options opt = { .eyfsp_elsewhere = elsewhere_fake, .eyfsp_ctx = &f };
	struct problem_list pl;
	struct stat_return r;
	struct stat_pupil *p;
	struct problem pr;
	char who[128];
	(void)state;

	return_init(&r);
	p = pupil(&r, 1, "2020-10-01", "R");
	eyfsp(p, "2", ELG_E17, -1, NULL); /* E01-E16 here */
	eyfsp(pupil(&r, 2, "2020-10-02", "R"), "1", -1, -1, NULL);
	expect(&r, c, &opt, "EYFSP_MISSING"); /* nothing held elsewhere: as ever */
	f.upn = r.pupils[0].upn;
	f.elgs = UINT32_C(1) << ELG_E17;
	pr = only_problem(&r, c, &opt);
	assert_string_equal(pr.code, "EYFSP_SPLIT");
	assert_int_equal(pr.severity, SEV_QUERY);
	assert_string_equal(pr.location, "t.xml:201:7"); /* the child's UPN */
	assert_non_null(strstr(pr.message, stat_pupil_who(&r.pupils[0], who, sizeof(who))));
	assert_non_null(strstr(pr.message, "1 of the 17 early learning goals is held in the "
					   "return of 888/5678 Juniper Row Primary"));
	assert_non_null(strstr(pr.message, "agree with that school which one returns it"));
	assert_non_null(strstr(pr.message, "the other removes its results for the child"));

	/* E16 and E17 there, E15 nowhere: E15 is still missing */
	r.pupils[0].nresults -= 2; /* E15 and E16 out */
	f.elgs |= UINT32_C(1) << ELG_E16;
	expect(&r, c, &opt, "EYFSP_SPLIT,EYFSP_MISSING");
	problem_list_init(&pl);
	statutory_check(&r, c, &opt, &pl);
	assert_non_null(strstr(pl.items[0].message, "2 of the 17 early learning goals are held"));
	assert_non_null(strstr(pl.items[1].message, "no result for ELG 15 The Natural World:"));
	problem_list_release(&pl);
	stat_return_release(&r);

	/* all 17 here and there (both schools assessed the child) */
	return_init(&r);
	eyfsp(pupil(&r, 1, "2020-10-01", "R"), "2", -1, -1, NULL);
	f.upn = r.pupils[0].upn;
	f.elgs = (UINT32_C(1) << ELG__MAX) - 1;
	pr = only_problem(&r, c, &opt);
	assert_string_equal(pr.code, "EYFSP_SPLIT");
	assert_non_null(strstr(pr.message, "all of the 17 early learning goals are held"));
	stat_return_release(&r);
	codes_free(c);
}

static void test_ks2(void **state)
{
	struct codes *c = shipped_codes();
	struct stat_return r;
	struct stat_pupil *p;
	(void)state;

	return_init(&r);
	p = pupil(&r, 1, "2014-10-01", "6");
	ks2(p, "WR", "EXS");
	ks2(p, "SC", "HNM");
	p = pupil(&r, 2, "2014-10-02", "6"); /* working below the test */
	ks2(p, "RE", "PK3");
	ks2(p, "MA", "EM");
	ks2(p, "WR", "PK2");
	ks2(p, "SC", "HNM");
	expect(&r, c, NULL, "");
	stat_return_release(&r);

	/* reading and maths TA only for pupils working below the test */
	return_init(&r);
	p = pupil(&r, 1, "2014-10-01", "6");
	ks2(p, "RE", "EXS");
	ks2(p, "MA", "GDS");
	ks2(p, "WR", "EXS");
	ks2(p, "SC", "EXS");
	expect(&r, c, NULL, "KS2_TESTED,KS2_TESTED");
	stat_return_release(&r);

	/* writing and science are needed; science has no GDS */
	return_init(&r);
	p = pupil(&r, 1, "2014-10-01", "6");
	ks2(p, "WR", "GDS");
	expect(&r, c, NULL, "KS2_MISSING");
	ks2(p, "SC", "GDS");
	expect(&r, c, NULL, "RESULT_CODE");
	stat_return_release(&r);
	codes_free(c);
}

/* What a pupil with no result is told to enter: the subjects the return needs. */
static void test_needed_list(void **state)
{
	struct codes *c = shipped_codes();
	char buf[256];
	(void)state;

	assert_string_equal(stat_needed_list(c, COLL_KS2, buf, sizeof(buf)),
			    "KS2 writing and KS2 science");
	assert_string_equal(stat_needed_list(c, COLL_PHONICS, buf, sizeof(buf)),
			    "Phonics screening check mark");
	codes_free(c);
}

static void ks1(struct stat_pupil *p, const char *comp, const char *value)
{
	const char *subject = strcmp(comp, "MA") == 0 ? "MAT" :
			      strcmp(comp, "SC") == 0 ? "SCI" :
							"ENG";
	result(p, "KS1", subject, "TA", comp, "TA", value, "2026");
}

static void test_ks1_complete(void **state)
{
	static const char table[] =
		"collection\tstage\tsubject\tmethod\tcomponent\tresult_qualifier\tallowed_results"
		"\tlabel\tconfirmed\n"
		"ks1\tKS1\tENG\tTA\tRE\tTA\tGDS,EXS,WTS,A\tKS1 reading\tno\n"
		"ks1\tKS1\tMAT\tTA\tMA\tTA\tGDS,EXS,WTS,A\tKS1 mathematics\tno\n";
	struct codes *c = shipped_codes(), *two = codes_from_text(table);
	struct stat_return r;
	struct stat_pupil *p;
	struct problem pr;
	(void)state;

	/* every subject of the table given: clean, whatever the judgement */
	return_init(&r);
	p = pupil(&r, 1, "2018-10-01", "2");
	ks1(p, "RE", "EXS");
	ks1(p, "WR", "WTS");
	ks1(p, "MA", "GDS");
	ks1(p, "SC", "A");
	expect(&r, c, NULL, "");
	stat_return_release(&r);

	/* writing and science left out: one error each, named, located at the pupil */
	return_init(&r);
	p = pupil(&r, 1, "2018-10-01", "2");
	ks1(p, "RE", "EXS");
	ks1(p, "MA", "EXS");
	expect(&r, c, NULL, "KS1_MISSING,KS1_MISSING");
	ks1(p, "WR", "EXS");
	pr = only_problem(&r, c, NULL);
	assert_string_equal(pr.code, "KS1_MISSING");
	assert_int_equal(pr.severity, SEV_ERROR);
	assert_non_null(strstr(pr.message, "KS1 science is missing"));
	assert_non_null(strstr(pr.location, "t.xml:201:7"));
	/* the table drives it: a table with reading and maths only asks for those */
	expect(&r, two, NULL, "");
	stat_return_release(&r);

	/* a pupil with no KS1 result at all (phonics only) is not in the KS1 return */
	return_init(&r);
	phonics(pupil(&r, 1, "2019-10-01", "1"), "35", "Wa", "2026");
	expect(&r, c, NULL, "");
	stat_return_release(&r);
	codes_free(c);
	codes_free(two);
}

static void test_codes_are_data(void **state)
{
	/* the same file with a code table whose KS1 science allows GDS */
	static const char table[] =
		"collection\tstage\tsubject\tmethod\tcomponent\tresult_qualifier\tallowed_results"
		"\tlabel\tconfirmed\n"
		"ks1\tKS1\tSCI\tTA\tSC\tTA\tGDS,EXS,HNM,A\tKS1 science\tno\n";
	struct codes *shipped = shipped_codes(), *other = codes_from_text(table);
	struct stat_return r;
	(void)state;

	return_init(&r);
	result(pupil(&r, 1, "2018-10-01", "2"), "KS1", "SCI", "TA", "SC", "TA", "GDS", "2026");
	expect(&r, shipped, NULL, "RESULT_CODE,KS1_MISSING,KS1_MISSING,KS1_MISSING");
	expect(&r, other, NULL, "");
	/* a known component with a qualifier the table lacks, and wrong coding */
	result(&r.pupils[0], "KS1", "SCI", "TA", "SC", "ZZ", "EXS", "2026");
	result(&r.pupils[0], "KS1", "ENG", "TA", "SC", "TA", "EXS", "2025");
	expect(&r, other, NULL, "RESULT_QUAL,RESULT_CODING");
	/* the same result twice */
	stat_return_release(&r);
	return_init(&r);
	result(pupil(&r, 1, "2018-10-01", "2"), "KS1", "SCI", "TA", "SC", "TA", "EXS", "2026");
	result(&r.pupils[0], "KS1", "SCI", "TA", "SC", "TA", "HNM", "2026");
	expect(&r, other, NULL, "RESULT_DUP");
	stat_return_release(&r);
	codes_free(shipped);
	codes_free(other);
}

static void test_header(void **state)
{
	struct stat_options opt = { 0 };
	struct codes *c = shipped_codes();
	struct stat_return r;
	struct problem p;
	(void)state;

	return_init(&r);
	expect(&r, c, NULL, "");
	stat_field_set(&r.header.ctf_version, "24.0"); /* the year before: accepted */
	expect(&r, c, NULL, "");
	stat_field_set(&r.header.ctf_version, "23.0");
	p = only_problem(&r, c, NULL);
	assert_string_equal(p.code, "HDR_VERSION");
	assert_int_equal(p.severity, SEV_QUERY); /* a query, not an error */
	stat_field_set(&r.header.ctf_version, "26.0");
	expect(&r, c, NULL, "HDR_VERSION");
	stat_field_set(&r.header.ctf_version, "25");
	expect(&r, c, NULL, "HDR_VERSION_FMT");
	stat_field_set(&r.header.ctf_version, "25.0");

	/* the source school is the establishment sending */
	opt.school_laestab = 8881234;
	expect(&r, c, &opt, "");
	opt.school_laestab = 8881235;
	expect(&r, c, &opt, "HDR_SCHOOL");

	stat_field_set(&r.header.dest_lea, "XXX");
	stat_field_set(&r.header.dest_estab, "XXXX");
	expect(&r, c, NULL, "");
	stat_field_set(&r.header.dest_estab, "1234");
	expect(&r, c, NULL, "HDR_DEST");
	stat_field_set(&r.header.dest_lea, "888");
	stat_field_set(&r.header.academic_year, "25/26");
	stat_field_set(&r.header.date_time, "19/06/2026 10:15");
	stat_field_set(&r.header.document_name, "CTF");
	expect(&r, c, NULL, "HDR_DOCNAME,HDR_YEAR,HDR_DATETIME");
	stat_return_release(&r);

	stat_return_init(&r); /* no header at all */
	expect(&r, c, NULL, "HDR_MISSING");
	stat_return_release(&r);
	codes_free(c);
}

/* HDR_URN: a URN, when given, is 6 digits (sending and destination school). */
static void test_header_urn(void **state)
{
	struct codes *c = shipped_codes();
	struct stat_return r;
	struct problem p;
	(void)state;

	return_init(&r);
	stat_field_set(&r.header.source_urn, "123456");
	r.header.source_urn.pos = (struct stat_pos){ 12, 9 };
	stat_field_set(&r.header.dest_urn, "654321");
	expect(&r, c, NULL, "");
	stat_field_set(&r.header.dest_urn, ""); /* left out: fine */
	expect(&r, c, NULL, "");

	stat_field_set(&r.header.source_urn, "12345X");
	p = only_problem(&r, c, NULL);
	assert_string_equal(p.code, "HDR_URN");
	assert_int_equal(p.severity, SEV_ERROR);
	assert_string_equal(p.location, "t.xml:12:9"); /* the URN element */
	assert_string_equal(p.message, "URN \"12345X\" is not 6 digits: correct it in the "
				       "MIS or leave it out");

	/* the destination's, with no place of its own: located at the Header */
	stat_field_set(&r.header.source_urn, "123456");
	stat_field_set(&r.header.dest_urn, "1234567");
	r.header.dest_urn.present = false;
	p = only_problem(&r, c, NULL);
	assert_string_equal(p.code, "HDR_URN");
	assert_int_equal(p.severity, SEV_ERROR);
	assert_string_equal(p.location, "t.xml:3");
	assert_non_null(strstr(p.message, "\"1234567\" is not 6 digits"));
	stat_return_release(&r);
	codes_free(c);
}

/* NCYEAR_CODE: NCyearActual, when given, is a year group. */
static void test_ncyear_code(void **state)
{
	static const char *const good[] = { "", "R", "1", "2", "6", "N1", "N2", "14" };
	static const char *const bad[] = { "1A", "15", "0", "R1", "X" };
	struct codes *c = shipped_codes();
	struct stat_return r;
	struct stat_pupil *pp;
	struct problem p;
	(void)state;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		return_init(&r);
		pupil(&r, 1, "2019-10-10", good[i]); /* no results: no cohort rule */
		expect(&r, c, NULL, "");
		stat_return_release(&r);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		return_init(&r);
		pp = pupil(&r, 1, "2019-10-10", bad[i]);
		pp->ncyear_pos = (struct stat_pos){ 207, 11 };
		p = only_problem(&r, c, NULL);
		assert_string_equal(p.code, "NCYEAR_CODE");
		assert_int_equal(p.severity, SEV_ERROR);
		assert_string_equal(p.location, "t.xml:207:11");
		assert_non_null(strstr(p.message, "is not a year group (R, 1 to 14, N1, N2)"));
		assert_non_null(strstr(p.message, bad[i]));
		stat_return_release(&r);
	}
	/* read from no file: located by the pupil's UPN */
	return_init(&r);
	pp = pupil(&r, 1, "2019-10-10", "1A");
	snprintf(r.source, sizeof(r.source), "%s", "");
	pp->ncyear_pos.line = 0;
	pp->upn_pos.line = 0;
	pp->pos.line = 0;
	p = only_problem(&r, c, NULL);
	assert_string_equal(p.code, "NCYEAR_CODE");
	assert_non_null(strstr(p.location, pp->upn));
	assert_non_null(strstr(p.location, "/ NC year"));
	stat_return_release(&r);
	codes_free(c);
}

/* VALUE_LONG: a result field that did not fit (cut by the reader). */
static void test_value_long(void **state)
{
	struct codes *c = shipped_codes();
	struct stat_return r;
	struct stat_pupil *pp;
	struct stat_result *res;
	struct problem p;
	char want[PROBLEM_LOC_MAX];
	(void)state;

	return_init(&r);
	pp = pupil(&r, 1, "2019-10-10", "1");
	res = result(pp, "KS1", "ENG", "TT", "PSC", "PM", "35", "2026");
	expect(&r, c, NULL, "");

	/* the same result, cut: VALUE_LONG alone, not also a wrong result */
	res->too_long = true;
	snprintf(res->result, sizeof(res->result), "%s", "353535353535353");
	p = only_problem(&r, c, NULL);
	assert_string_equal(p.code, "VALUE_LONG");
	assert_int_equal(p.severity, SEV_ERROR);
	assert_string_equal(p.location, "t.xml:212:13"); /* the Result element */
	assert_string_equal(p.message, "a field of this result is longer than any CTF code: "
				       "correct it in the MIS");

	/* without a place (entered, not read from a file): the pupil and the component */
	res->pos.line = 0;
	p = only_problem(&r, c, NULL);
	assert_string_equal(p.code, "VALUE_LONG");
	snprintf(want, sizeof(want), "pupil %s / PSC", pp->upn);
	assert_string_equal(p.location, want);
	stat_return_release(&r);
	codes_free(c);
}

static void test_pupil_identity(void **state)
{
	struct codes *c = shipped_codes();
	struct stat_return r;
	struct stat_pupil *p;
	struct problem q;
	(void)state;

	/* duplicate UPN: reported at the second pupil, naming the first */
	return_init(&r);
	phonics(pupil(&r, 1, "2019-10-10", "1"), "30", "Wt", "2026");
	phonics(pupil(&r, 2, "2019-10-11", "1"), "30", "Wt", "2026");
	phonics(pupil(&r, 3, "2019-10-12", "1"), "30", "Wt", "2026");
	snprintf(r.pupils[2].upn, sizeof(r.pupils[2].upn), "%s", r.pupils[0].upn);
	q = only_problem(&r, c, NULL);
	assert_string_equal(q.code, "UPN_DUPLICATE");
	assert_string_equal(q.location, "t.xml:401:7");
	assert_non_null(strstr(q.message, "line 201"));
	stat_return_release(&r);

	/* check letter, temporary UPN (a query), dates, sex */
	return_init(&r);
	p = pupil(&r, 1, "2019-10-10", "1");
	p->upn[0] = p->upn[0] == 'A' ? 'B' : 'A';
	p = pupil(&r, 2, "2019-10-10", "1");
	snprintf(p->upn, sizeof(p->upn), "Q88812342510A");
	pupil(&r, 3, "2019-02-30", "1");
	pupil(&r, 4, "2027-01-01", "1");
	p = pupil(&r, 5, "2019-10-10", "1");
	snprintf(p->gender, sizeof(p->gender), "X");
	p = pupil(&r, 6, "2019-10-10", "1");
	p->surname[0] = '\0';
	expect(&r, c, NULL,
	       "UPN_CHECK,UPN_TEMPORARY,DOB_INVALID,DOB_FUTURE,GENDER_CODE,NAME_EMPTY");
	stat_return_release(&r);

	/* out-of-cohort pupil: a query */
	return_init(&r);
	eyfsp(pupil(&r, 1, "2018-10-01", "R"), "2", -1, -1, NULL);
	q = only_problem(&r, c, NULL);
	assert_string_equal(q.code, "DOB_COHORT");
	assert_int_equal(q.severity, SEV_QUERY);
	stat_return_release(&r);
	codes_free(c);
}

/* Runs the stream form over r as a reader would (the header only when r has
 * one) into out; returns statutory_stream_end's answer. */
static bool stream_check(const struct stat_return *r, const struct codes *c,
			 const struct stat_options *opt, struct problem_list *out,
			 size_t *set_bytes)
{
	struct stat_stream_check s;
	bool ok;

	statutory_stream_begin(&s, c, opt, out);
	if (r->header.pos.line)
		statutory_stream_header(&s, r);
	for (size_t i = 0; i < r->npupils; i++)
		statutory_stream_pupil(&s, r, &r->pupils[i]);
	ok = statutory_stream_end(&s, r);
	assert_int_equal(s.npupils, r->npupils);
	if (set_bytes)
		*set_bytes = s.upns.used + s.upns.nslots * sizeof(*s.upns.slots);
	statutory_stream_release(&s);
	return ok;
}

/* statutory_check and the stream form give the same problems, in order. */
static void assert_same_both_ways(const struct stat_return *r, const struct codes *c,
				  struct problem_list *whole)
{
	struct problem_list streamed;
	bool ok_whole, ok_stream;

	problem_list_init(whole);
	problem_list_init(&streamed);
	ok_whole = statutory_check(r, c, NULL, whole);
	ok_stream = stream_check(r, c, NULL, &streamed, NULL);
	assert_int_equal(ok_whole, ok_stream);
	assert_int_equal(whole->count, streamed.count);
	for (size_t i = 0; i < whole->count; i++) {
		assert_string_equal(whole->items[i].location, streamed.items[i].location);
		assert_string_equal(whole->items[i].code, streamed.items[i].code);
		assert_string_equal(whole->items[i].message, streamed.items[i].message);
	}
	problem_list_release(&streamed);
}

static void test_stream_form(void **state)
{
	struct codes *c = shipped_codes();
	struct problem_list pl;
	struct stat_return r;
	struct stat_pupil *p;
	size_t dups = 0, set_bytes = 0;
	(void)state;

	/* duplicates: the second and later pupils with a UPN, each naming the
	 * first; pupils without a UPN are not duplicates of each other */
	return_init(&r);
	for (int i = 1; i <= 6; i++)
		phonics(pupil(&r, i, "2019-10-10", "1"), "30", "Wt", "2026");
	snprintf(r.pupils[2].upn, sizeof(r.pupils[2].upn), "%s", r.pupils[0].upn);
	snprintf(r.pupils[3].upn, sizeof(r.pupils[3].upn), "%s", r.pupils[0].upn);
	r.pupils[3].upn_pos.line = 0; /* located by the pupil, not the UPN */
	r.pupils[4].upn[0] = r.pupils[5].upn[0] = '\0';
	assert_same_both_ways(&r, c, &pl);
	assert_int_equal(pl.count, 4);
	assert_string_equal(pl.items[0].code, "UPN_DUPLICATE");
	assert_string_equal(pl.items[0].location, "t.xml:401:7");
	assert_non_null(strstr(pl.items[0].message, "PUPILB MADEUP (line 201)"));
	assert_string_equal(pl.items[1].code, "UPN_DUPLICATE");
	assert_string_equal(pl.items[1].location, "t.xml:500");
	assert_non_null(strstr(pl.items[1].message, "PUPILB MADEUP (line 201)"));
	assert_string_equal(pl.items[2].code, "UPN_EMPTY");
	assert_string_equal(pl.items[3].code, "UPN_EMPTY");
	problem_list_release(&pl);
	/* the first pupil without a place: the message has no line */
	r.pupils[0].upn_pos.line = 0;
	assert_same_both_ways(&r, c, &pl);
	assert_null(strstr(problem_list_find(&pl, "UPN_DUPLICATE")->message, "line"));
	problem_list_release(&pl);
	stat_return_release(&r);

	/* no header: HDR_MISSING, last, located at the file */
	return_init(&r);
	memset(&r.header, 0, sizeof(r.header));
	phonics(pupil(&r, 1, "2019-10-10", "1"), "30", "Wt", "2026");
	assert_same_both_ways(&r, c, &pl);
	assert_true(pl.count >= 1);
	assert_string_equal(pl.items[pl.count - 1].code, "HDR_MISSING");
	assert_string_equal(pl.items[pl.count - 1].location, "t.xml");
	problem_list_release(&pl);
	stat_return_release(&r);

	/* only a query: the stream ends true */
	return_init(&r);
	p = pupil(&r, 1, "2019-10-10", "1");
	phonics(p, "30", "Wt", "2026");
	snprintf(p->upn, sizeof(p->upn), "Q88812342510A");
	problem_list_init(&pl);
	assert_true(stream_check(&r, c, NULL, &pl, NULL));
	assert_int_equal(pl.count, 1);
	assert_string_equal(pl.items[0].code, "UPN_TEMPORARY");
	problem_list_release(&pl);
	stat_return_release(&r);

	/* 3,000 pupils, every hundredth with the UPN of pupil 1: the set grows and
	 * stays small (well under 100 bytes a pupil) */
	return_init(&r);
	for (int i = 0; i < 3000; i++) {
		p = pupil(&r, 1, "2019-10-10", "1");
		assert_true(upn_make(888, 1000 + i / 1000, 24, i % 1000, p->upn));
		if (i && i % 100 == 0)
			assert_true(upn_make(888, 1000, 24, 0, p->upn));
	}
	problem_list_init(&pl);
	assert_false(stream_check(&r, c, NULL, &pl, &set_bytes));
	for (size_t i = 0; i < pl.count; i++)
		dups += strcmp(pl.items[i].code, "UPN_DUPLICATE") == 0;
	assert_int_equal(dups, 29);
	assert_true(set_bytes < 3000 * 100);
	problem_list_release(&pl);
	assert_same_both_ways(&r, c, &pl);
	assert_false(statutory_check_duplicates(&r, &pl));
	problem_list_release(&pl);
	stat_return_release(&r);
	codes_free(c);
}

static void test_collections(void **state)
{
	enum collection c;
	(void)state;

	assert_true(collection_parse("EYFSP", &c));
	assert_int_equal(c, COLL_EYFSP);
	assert_true(collection_parse("phonics", &c));
	assert_int_equal(c, COLL_PHONICS);
	assert_true(collection_parse("ks2", &c));
	assert_int_equal(c, COLL_KS2);
	assert_false(collection_parse("ks3", &c));
	assert_string_equal(collection_code(COLL_KS1), "ks1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phonics_threshold), cmocka_unit_test(test_phonics_marks),
		cmocka_unit_test(test_phonics_year2),	  cmocka_unit_test(test_eyfsp),
		cmocka_unit_test(test_eyfsp_split),	  cmocka_unit_test(test_ks2),
		cmocka_unit_test(test_needed_list),	  cmocka_unit_test(test_ks1_complete),
		cmocka_unit_test(test_codes_are_data),	  cmocka_unit_test(test_header),
		cmocka_unit_test(test_header_urn),	  cmocka_unit_test(test_ncyear_code),
		cmocka_unit_test(test_value_long),	  cmocka_unit_test(test_pupil_identity),
		cmocka_unit_test(test_collections),	  cmocka_unit_test(test_stream_form),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
