/*
 * test_ctf: the CTF reader and writer on the shared fixtures (good files read
 * clean and match their .expected.json; bad files give exactly the problems of
 * their .problems), a write-read round trip, and hostile inputs refused.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/measures.h"
#include "core/statutory.h"
#include "formats/ctf_read.h"
#include "formats/ctf_write.h"
#include "testutil/testutil.h"

static struct codes *shipped_codes(void)
{
	char *path = tu_source_path("data/ctf-codes-2025.tsv");
	size_t len = 0;
	char *text = tu_read_file(path, &len);
	struct problem_list pl;
	struct codes *c = NULL;

	assert_non_null(text);
	problem_list_init(&pl);
	assert_int_equal(codes_parse(text, len, path, &c, &pl), ERR_OK);
	problem_list_release(&pl);
	free(text);
	free(path);
	return c;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* Reads and checks a file by path; returns ctf_read's result. */
static enum err read_check(const char *path, const struct codes *codes, struct stat_return *r,
			   struct problem_list *pl)
{
	size_t len = 0;
	char *text = tu_read_file(path, &len);
	enum err rc;

	assert_non_null(text);
	rc = ctf_read(text, len, base_name(path), NULL, r, pl);
	if (rc == ERR_OK)
		statutory_check(r, codes, NULL, pl);
	free(text);
	return rc;
}

static void print_problems(const struct problem_list *pl)
{
	char line[PROBLEM_LINE_MAX];

	for (size_t i = 0; i < pl->count; i++)
		fprintf(stderr, "  %s\n", problem_format_line(&pl->items[i], line));
}

/* ---- a tiny reader for the flat .expected.json files ---- */

/* The number after "key": searched from within; false when absent. */
static bool json_num(const char *within, const char *key, double *out)
{
	char pat[64];
	const char *p;
	char *end;

	snprintf(pat, sizeof(pat), "\"%s\"", key);
	p = strstr(within, pat);
	if (!p)
		return false;
	p += strlen(pat);
	while (*p == ' ' || *p == ':')
		p++;
	*out = strtod(p, &end);
	return end != p;
}

static void expect_num(const char *json, const char *key, double got)
{
	double want;

	if (!json_num(json, key, &want))
		return; /* the file does not list it */
	if (want != got)
		fprintf(stderr, "%s: want %g, got %g\n", key, want, got);
	assert_true(want == got);
}

static enum elg_result elg_of(const char *s)
{
	enum elg_result r = ELG_BLANK;
	assert_true(elg_result_from_ctf(s, &r));
	return r;
}

static void check_eyfsp_expected(const struct stat_return *r, const struct codes *codes,
				 const char *json)
{
	struct elg_cohort co;
	const char *per;
	long v;

	elg_cohort_init(&co);
	for (size_t i = 0; i < r->npupils; i++) {
		enum elg_result row[ELG__MAX] = { 0 };
		for (size_t j = 0; j < r->pupils[i].nresults; j++) {
			const struct stat_result *res = &r->pupils[i].results[j];
			const struct code_row *cr = stat_result_row(codes, res);
			enum elg e;
			if (cr && strcmp(cr->collection, "eyfsp") == 0 &&
			    elg_parse(cr->component, &e))
				row[e] = elg_of(res->result);
		}
		elg_cohort_add(&co, row);
	}
	expect_num(json, "pupils", co.pupils);
	expect_num(json, "assessed", co.assessed);
	expect_num(json, "absent_all_A", co.absent);
	expect_num(json, "gld", co.gld);
	assert_true(measure_div_round(co.gld * 10000L, co.assessed, &v));
	expect_num(json, "gld_percent_of_assessed", (double)v / 100.0);
	assert_true(measure_div_round(co.expected_sum * 100L, co.assessed, &v));
	expect_num(json, "average_elgs_at_expected", (double)v / 100.0);
	per = strstr(json, "\"per_elg\"");
	for (int e = 0; per && e < ELG__MAX; e++) {
		char key[8];
		const char *obj;
		snprintf(key, sizeof(key), "\"%s\"", elg_get((enum elg)e)->code);
		obj = strstr(per, key);
		assert_non_null(obj);
		expect_num(obj, "emerging", co.emerging_by_elg[e]);
		expect_num(obj, "expected", co.expected_by_elg[e]);
	}
}

static void check_phonics_expected(const struct stat_return *r, const struct codes *codes,
				   const char *json)
{
	int n[3] = { 0 }, met[3] = { 0 };

	for (size_t i = 0; i < r->npupils; i++) {
		const struct stat_pupil *p = &r->pupils[i];
		int yg = stat_pupil_year(r, p);
		for (size_t j = 0; j < p->nresults; j++) {
			const struct code_row *cr = stat_result_row(codes, &p->results[j]);
			const char *o;
			if (!cr || strcmp(cr->collection, "phonics") != 0 || (yg != 1 && yg != 2))
				continue;
			o = phonics_outcome(p->results[j].result);
			if (strcmp(cr->result_qualifier, "PM") != 0)
				continue;
			n[yg]++;
			met[yg] += o && strcmp(o, "Wa") == 0;
		}
	}
	expect_num(json, "year1", n[1]);
	expect_num(json, "year1_met", met[1]);
	expect_num(json, "year2", n[2]);
	expect_num(json, "year2_met", met[2]);
}

static void test_good_fixtures(void **state)
{
	struct codes *codes = shipped_codes();
	char *pattern = tu_shared_path("fixtures/ctf/*.xml");
	glob_t g;
	(void)state;

	assert_int_equal(glob(pattern, 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 4);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct stat_return r;
		struct problem_list pl;
		char json_path[1024];
		char *json;

		problem_list_init(&pl);
		assert_int_equal(read_check(g.gl_pathv[i], codes, &r, &pl), ERR_OK);
		if (pl.count) {
			fprintf(stderr, "%s:\n", g.gl_pathv[i]);
			print_problems(&pl);
		}
		assert_int_equal(problem_list_count_errors(&pl), 0);
		assert_true(r.npupils > 0);
		snprintf(json_path, sizeof(json_path), "%.*s.expected.json",
			 (int)(strlen(g.gl_pathv[i]) - 4), g.gl_pathv[i]);
		json = tu_read_file(json_path, NULL);
		if (json && strstr(json, "per_elg"))
			check_eyfsp_expected(&r, codes, json);
		else if (json)
			check_phonics_expected(&r, codes, json);
		free(json);
		problem_list_release(&pl);
		stat_return_release(&r);
	}
	globfree(&g);
	free(pattern);
	codes_free(codes);
}

/* What a .problems gist means: the problem code the engine gives for it. */
static const struct {
	const char *gist, *code;
} gists[] = {
	{ "duplicate UPN", "UPN_DUPLICATE" },
	{ "EYFS profile needs all 17 ELGs", "EYFSP_MISSING" }, /* the gists keep the old words */
	{ "result not allowed for", "RESULT_CODE" },
	{ "phonics mark out of range", "RESULT_RANGE" },
	{ "UPN check letter", "UPN_CHECK" },
};

static const char *gist_code(const char *gist)
{
	for (size_t i = 0; i < sizeof(gists) / sizeof(gists[0]); i++)
		if (strncmp(gist, gists[i].gist, strlen(gists[i].gist)) == 0)
			return gists[i].code;
	fprintf(stderr, "no problem code known for the gist \"%s\": add it to gists[]\n", gist);
	fail();
	return NULL;
}

static void test_bad_fixtures(void **state)
{
	struct codes *codes = shipped_codes();
	char *pattern = tu_shared_path("fixtures/ctf/bad/*.xml");
	glob_t g;
	(void)state;

	assert_int_equal(glob(pattern, 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 5);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *name = base_name(g.gl_pathv[i]);
		char want[2048] = "", got[2048] = "", ppath[1024], *problems, *save = NULL;
		size_t wu = 0, gu = 0;
		struct stat_return r;
		struct problem_list pl;

		snprintf(ppath, sizeof(ppath), "%.*s.problems", (int)(strlen(g.gl_pathv[i]) - 4),
			 g.gl_pathv[i]);
		problems = tu_read_file(ppath, NULL);
		assert_non_null(problems);
		for (char *l = strtok_r(problems, "\n", &save); l;
		     l = strtok_r(NULL, "\n", &save)) {
			char *tab = strchr(l, '\t'), *gist, *tab2;
			if (!tab)
				continue;
			*tab = '\0';
			gist = tab + 1;
			tab2 = strchr(gist, '\t');
			if (tab2)
				*tab2 = '\0';
			wu += (size_t)snprintf(want + wu, sizeof(want) - wu, "%s:%s: error %s\n",
					       name, l, gist_code(gist));
		}
		free(problems);
		problem_list_init(&pl);
		assert_int_equal(read_check(g.gl_pathv[i], codes, &r, &pl), ERR_OK);
		for (size_t k = 0; k < pl.count; k++) {
			/* FILE:LINE:COL -> FILE:LINE */
			char loc[PROBLEM_LOC_MAX];
			char *colon;
			snprintf(loc, sizeof(loc), "%s", pl.items[k].location);
			colon = strrchr(loc, ':');
			if (colon && colon != strchr(loc, ':'))
				*colon = '\0';
			gu += (size_t)snprintf(got + gu, sizeof(got) - gu, "%s: %s %s\n", loc,
					       problem_severity_name(pl.items[k].severity),
					       pl.items[k].code);
		}
		if (strcmp(want, got) != 0) {
			fprintf(stderr, "%s: the problems differ\n--- want\n%s+++ got\n%s", name,
				want, got);
			print_problems(&pl);
		}
		assert_string_equal(want, got);
		problem_list_release(&pl);
		stat_return_release(&r);
	}
	globfree(&g);
	free(pattern);
	codes_free(codes);
}

static void test_bad_fixture_details(void **state)
{
	struct codes *codes = shipped_codes();
	char *path = tu_shared_path("fixtures/ctf/bad/phonics-mark-41.xml");
	struct stat_return r;
	struct problem_list pl;
	char line[PROBLEM_LINE_MAX];
	(void)state;

	problem_list_init(&pl);
	assert_int_equal(read_check(path, codes, &r, &pl), ERR_OK);
	assert_int_equal(pl.count, 1);
	/* <Result> starts in column 13 of line 43 */
	assert_string_equal(problem_format_line(&pl.items[0], line),
			    "phonics-mark-41.xml:43:13: error: TEDDY MOCKWELL: Phonics screening "
			    "check mark 41 is not allowed: enter a whole number in the range 0-40, "
			    "or A, D, L or Q");
	problem_list_release(&pl);
	stat_return_release(&r);
	free(path);

	path = tu_shared_path("fixtures/ctf/bad/eyfs-missing-elg.xml");
	problem_list_init(&pl);
	assert_int_equal(read_check(path, codes, &r, &pl), ERR_OK);
	assert_int_equal(pl.count, 1);
	assert_string_equal(
		pl.items[0].message,
		"IVY EXAMPLE (UPN T888123425742): no result for ELG 15 The Natural "
		"World: the EYFS profile needs a result for all 17 early learning goals; "
		"enter it, or A if the child was absent");
	problem_list_release(&pl);
	stat_return_release(&r);
	free(path);
	codes_free(codes);
}

static void assert_same_field(const struct stat_field *a, const struct stat_field *b)
{
	assert_string_equal(a->text, b->text);
}

static void assert_same_model(const struct stat_return *a, const struct stat_return *b)
{
	const struct stat_header *x = &a->header, *y = &b->header;

	assert_same_field(&x->document_name, &y->document_name);
	assert_same_field(&x->ctf_version, &y->ctf_version);
	assert_same_field(&x->date_time, &y->date_time);
	assert_same_field(&x->document_qualifier, &y->document_qualifier);
	assert_same_field(&x->supplier_id, &y->supplier_id);
	assert_same_field(&x->source_lea, &y->source_lea);
	assert_same_field(&x->source_estab, &y->source_estab);
	assert_same_field(&x->source_urn, &y->source_urn);
	assert_same_field(&x->school_name, &y->school_name);
	assert_same_field(&x->academic_year, &y->academic_year);
	assert_same_field(&x->dest_lea, &y->dest_lea);
	assert_same_field(&x->dest_estab, &y->dest_estab);
	assert_same_field(&x->dest_urn, &y->dest_urn);
	assert_int_equal(a->npupils, b->npupils);
	for (size_t i = 0; i < a->npupils; i++) {
		const struct stat_pupil *p = &a->pupils[i], *q = &b->pupils[i];
		assert_string_equal(p->upn, q->upn);
		assert_string_equal(p->surname, q->surname);
		assert_string_equal(p->forename, q->forename);
		assert_string_equal(p->dob, q->dob);
		assert_string_equal(p->gender, q->gender);
		assert_string_equal(p->ncyear, q->ncyear);
		assert_string_equal(p->ethnicity, q->ethnicity);
		assert_int_equal(p->nresults, q->nresults);
		for (size_t j = 0; j < p->nresults; j++) {
			const struct stat_result *s = &p->results[j], *t = &q->results[j];
			assert_string_equal(s->stage, t->stage);
			assert_string_equal(s->subject, t->subject);
			assert_string_equal(s->method, t->method);
			assert_string_equal(s->component, t->component);
			assert_string_equal(s->qualifier, t->qualifier);
			assert_string_equal(s->locale, t->locale);
			assert_string_equal(s->status, t->status);
			assert_string_equal(s->year, t->year);
			assert_string_equal(s->result, t->result);
		}
	}
}

static void test_round_trip(void **state)
{
	static const struct {
		const char *file;
		enum collection c;
	} files[] = {
		{ "fixtures/ctf/8881234_FSP_888LLLL_001.xml", COLL_EYFSP },
		{ "fixtures/ctf/8881234_CTF_888LLLL_001.xml", COLL_PHONICS },
		{ "fixtures/ctf/8881234_KS1_888LLLL_001.xml", COLL_KS1 },
		{ "fixtures/ctf/8881234_KS2_888LLLL_001.xml", COLL_KS2 },
	};
	struct codes *codes = shipped_codes();
	(void)state;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *path = tu_shared_path(files[i].file), *xml = NULL, *xml2 = NULL;
		char name[CTF_NAME_MAX];
		struct stat_return a, b, c;
		struct problem_list pl;
		struct errbuf eb = { "" };
		size_t len = 0, len2 = 0;

		problem_list_init(&pl);
		assert_int_equal(read_check(path, codes, &a, &pl), ERR_OK);
		assert_int_equal(ctf_write(&a, codes, files[i].c, &xml, &len, &eb), ERR_OK);
		assert_int_equal(strlen(xml), len);
		assert_null(strstr(xml, "xmlns"));
		assert_int_equal(ctf_read(xml, len, "written.xml", NULL, &b, &pl), ERR_OK);
		statutory_check(&b, codes, NULL, &pl);
		assert_int_equal(problem_list_count_errors(&pl), 0);
		assert_same_model(&a, &b);
		/* writing the re-read model gives the same bytes */
		assert_int_equal(ctf_write(&b, codes, files[i].c, &xml2, &len2, &eb), ERR_OK);
		assert_string_equal(xml, xml2);
		/* the file name the DfE convention gives is the fixture's own */
		assert_true(ctf_file_name(name, a.header.source_lea.text,
					  a.header.source_estab.text, files[i].c,
					  a.header.dest_lea.text, a.header.dest_estab.text, 1));
		assert_string_equal(name, base_name(path));
		/* another collection takes none of these pupils */
		free(xml2);
		assert_int_equal(ctf_write(&a, codes, files[i].c == COLL_KS2 ? COLL_KS1 : COLL_KS2,
					   &xml2, &len2, &eb),
				 ERR_OK);
		assert_int_equal(ctf_read(xml2, len2, "other.xml", NULL, &c, &pl), ERR_OK);
		assert_int_equal(c.npupils, 0);
		stat_return_release(&c);
		free(xml2);
		free(xml);
		stat_return_release(&a);
		stat_return_release(&b);
		problem_list_release(&pl);
		free(path);
	}
	codes_free(codes);
}

static void test_file_names(void **state)
{
	char name[CTF_NAME_MAX];
	(void)state;

	assert_true(ctf_file_name(name, "888", "1234", COLL_KS2, "888", "5678", 12));
	assert_string_equal(name, "8881234_KS2_8885678_012.xml");
	assert_true(ctf_file_name(name, "888", "1234", COLL_EYFSP, "XXX", "XXXX", 2));
	assert_string_equal(name, "8881234_FSP_XXXXXXX_002.xml");
	assert_true(ctf_file_name(name, "888", "1234", COLL_KS1, "MMM", "MMMM", 999));
	assert_string_equal(name, "8881234_KS1_MMMMMMM_999.xml");
	assert_false(ctf_file_name(name, "888", "1234", COLL_KS1, "888", "XXXX", 1));
	assert_false(ctf_file_name(name, "888", "1234", COLL_KS1, "888", "LLLL", 1000));
	assert_false(ctf_file_name(name, "88", "1234", COLL_KS1, "888", "LLLL", 1));
	assert_string_equal(name, "");
}

/* Reads text and asserts it is refused with code at location want_loc. */
static void expect_refused(const char *text, size_t len, const struct ctf_read_options *opt,
			   enum err want_rc, const char *want_code, const char *want_loc)
{
	struct stat_return r;
	struct problem_list pl;

	problem_list_init(&pl);
	assert_int_equal(ctf_read(text, len, "x.xml", opt, &r, &pl), want_rc);
	if (pl.count != 1 || strcmp(pl.items[0].code, want_code) != 0 ||
	    (want_loc && strcmp(pl.items[0].location, want_loc) != 0))
		print_problems(&pl);
	assert_int_equal(pl.count, 1);
	assert_string_equal(pl.items[0].code, want_code);
	assert_int_equal(pl.items[0].severity, SEV_ERROR);
	if (want_loc)
		assert_string_equal(pl.items[0].location, want_loc);
	assert_int_equal(r.npupils, 0);
	problem_list_release(&pl);
	stat_return_release(&r);
}

#define REFUSED(text, code, loc) expect_refused(text, strlen(text), NULL, ERR_INVALID, code, loc)

static void test_hostile(void **state)
{
	static const char laughs[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE CTfile [\n"
		" <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
		" <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		" <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
		" <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
		" <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
		" <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
		"]>\n"
		"<CTfile><Header><SupplierID>&f;</SupplierID></Header></CTfile>\n";
	static const char xxe[] =
		"<?xml version=\"1.0\"?>\n<!-- made up -->\n"
		"<!DOCTYPE CTfile [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
		"<CTfile><Header><SupplierID>&x;</SupplierID></Header></CTfile>\n";
	static const char remote_dtd[] =
		"<!DOCTYPE CTfile SYSTEM \"http://127.0.0.1:9/ctf.dtd\"><CTfile/>";
	static const char undeclared[] =
		"<?xml version=\"1.0\"?>\n<CTfile>\n<Header><SupplierID>&x;</SupplierID></Header>\n"
		"</CTfile>\n";
	static const char two_roots[] = "<CTfile></CTfile>\n<CTfile></CTfile>\n";
	static const char not_ctf[] = "<?xml version=\"1.0\"?>\n<html><body/></html>\n";
	static const char utf16[] = "\xff\xfe<\0C\0T\0f\0i\0l\0e\0/\0>\0";
	char truncated[400], deep[2000];
	size_t used = 0;
	char *path = tu_shared_path("fixtures/ctf/bad/phonics-mark-41.xml");
	size_t len = 0;
	char *good = tu_read_file(path, &len);
	struct ctf_read_options small = { 100 };
	(void)state;

	REFUSED(laughs, "CTF_DOCTYPE", "x.xml:2:1");
	REFUSED(xxe, "CTF_DOCTYPE", "x.xml:3:1");
	REFUSED(remote_dtd, "CTF_DOCTYPE", "x.xml:1:1");
	REFUSED(undeclared, "CTF_ENTITY", NULL);
	REFUSED(two_roots, "CTF_XML", NULL);
	REFUSED(not_ctf, "CTF_ROOT", "x.xml:2:1");
	REFUSED("just some text", "CTF_XML", NULL);
	expect_refused("", 0, NULL, ERR_INVALID, "CTF_XML", "x.xml");
	expect_refused(utf16, sizeof(utf16) - 1, NULL, ERR_INVALID, "CTF_ENCODING", "x.xml:1:1");

	/* a file cut short */
	assert_non_null(good);
	snprintf(truncated, sizeof(truncated), "%.*s", 350, good);
	REFUSED(truncated, "CTF_XML", NULL);
	/* elements nested far deeper than any CTF */
	used += (size_t)snprintf(deep + used, sizeof(deep) - used, "<CTfile>");
	for (int i = 0; i < CTF_DEPTH_MAX + 5; i++)
		used += (size_t)snprintf(deep + used, sizeof(deep) - used, "<a>");
	REFUSED(deep, "CTF_DEPTH", NULL);
	/* over the byte cap */
	expect_refused(good, len, &small, ERR_TOO_BIG, "CTF_TOO_BIG", "x.xml");
	free(good);
	free(path);
}

static void test_tolerant(void **state)
{
	/* a namespace, Gender for Sex, unknown elements and assessments of other
	 * returns are all accepted */
	static const char text[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<CTfile xmlns=\"http://www.dcsf.gov.uk/schemas/cbds\">\n"
		"<Header><DocumentName>Common Transfer File</DocumentName><CTFversion>24.0"
		"</CTFversion><DateTime>2026-06-19T10:15:00</DateTime><DocumentQualifier>partial"
		"</DocumentQualifier><SupplierID>MIS</SupplierID><Unknown>x</Unknown>\n"
		"<SourceSchool><LEA>888</LEA><Estab>1234</Estab><SchoolName>Made-up Primary"
		"</SchoolName><AcademicYear>2025</AcademicYear></SourceSchool>\n"
		"<DestSchool><LEA>888</LEA><Estab>LLLL</Estab></DestSchool></Header>\n"
		"<CTFpupilData>\n<Pupil>\n<UPN>G888123424001</UPN><Surname>MADEUP</Surname>"
		"<Forename>ANNA</Forename><DOB>2014-10-01</DOB><Gender>F</Gender>"
		"<Hobbies><Hobby>chess</Hobby></Hobbies>\n"
		"<StageAssessments><KeyStage><Stage>KS2</Stage>\n"
		"<StageAssessment><Locale>ENG</Locale><Year>2026</Year><Subject>ENG</Subject>"
		"<Method>TA</Method><Component>WR</Component><ResultStatus>R</ResultStatus>"
		"<ResultQualifier>TA</ResultQualifier><Result>EXS</Result></StageAssessment>\n"
		"<StageAssessment><Locale>ENG</Locale><Year>2026</Year><Subject>SCI</Subject>"
		"<Method>TA</Method><Component>SC</Component><ResultStatus>R</ResultStatus>"
		"<ResultQualifier>TA</ResultQualifier><Result>EXS</Result></StageAssessment>\n"
		"<StageAssessment><Locale>ENG</Locale><Year>2026</Year><Subject>ENG</Subject>"
		"<Method>TT</Method><Component>KS2READ</Component><ResultStatus>R</ResultStatus>"
		"<ResultQualifier>SS</ResultQualifier><Result>104</Result></StageAssessment>\n"
		"</KeyStage></StageAssessments>\n</Pupil>\n</CTFpupilData>\n</CTfile>\n";
	struct codes *codes = shipped_codes();
	struct stat_return r;
	struct problem_list pl;
	(void)state;

	problem_list_init(&pl);
	assert_int_equal(ctf_read(text, strlen(text), "ns.xml", NULL, &r, &pl), ERR_OK);
	statutory_check(&r, codes, NULL, &pl);
	print_problems(&pl);
	assert_int_equal(pl.count, 0);
	assert_int_equal(r.npupils, 1);
	assert_string_equal(r.pupils[0].gender, "F");
	assert_int_equal(r.pupils[0].nresults, 3);
	assert_int_equal(r.pupils[0].upn_pos.line, 8);
	assert_int_equal(r.pupils[0].upn_pos.col, 1);
	assert_int_equal(r.pupils[0].dob_pos.col, 75);
	assert_string_equal(r.header.ctf_version.text, "24.0");
	stat_return_release(&r);
	problem_list_release(&pl);
	codes_free(codes);
}

static void test_big_lines(void **state)
{
	/* line numbers past 65535 (libxml2's short counter) stay exact */
	static const char head[] =
		"<CTfile><Header><DocumentName>Common Transfer File</DocumentName>"
		"<CTFversion>25.0</CTFversion><DateTime>2026-06-19T10:15:00</DateTime>"
		"<SourceSchool><LEA>888</LEA><Estab>1234</Estab><SchoolName>Made-up</SchoolName>"
		"<AcademicYear>2025</AcademicYear></SourceSchool><DestSchool><LEA>888</LEA>"
		"<Estab>LLLL</Estab></DestSchool></Header><CTFpupilData>";
	static const char pupil[] =
		"<Pupil><UPN>G888123424001</UPN><Surname>MADEUP</Surname><Forename>ANNA</Forename>"
		"<DOB>2019-10-01</DOB><Sex>F</Sex><StageAssessments><KeyStage><Stage>KS1</Stage>"
		"<StageAssessment><Locale>ENG</Locale><Year>2026</Year><Subject>ENG</Subject>"
		"<Method>TT</Method><Component>PSC</Component><ResultStatus>R</ResultStatus>"
		"<ResultQualifier>PM</ResultQualifier>\n  <Result>45</Result></StageAssessment>"
		"</KeyStage></StageAssessments></Pupil></CTFpupilData></CTfile>\n";
	enum { BLANK = 70000 };
	size_t len = sizeof(head) - 1 + BLANK + sizeof(pupil) - 1;
	char *text = test_malloc(len + 1);
	struct codes *codes = shipped_codes();
	struct stat_return r;
	struct problem_list pl;
	(void)state;

	memcpy(text, head, sizeof(head) - 1);
	memset(text + sizeof(head) - 1, '\n', BLANK);
	memcpy(text + sizeof(head) - 1 + BLANK, pupil, sizeof(pupil));
	problem_list_init(&pl);
	assert_int_equal(ctf_read(text, len, "big.xml", NULL, &r, &pl), ERR_OK);
	statutory_check(&r, codes, NULL, &pl);
	assert_int_equal(pl.count, 1);
	assert_string_equal(pl.items[0].location, "big.xml:70002:3");
	assert_string_equal(pl.items[0].code, "RESULT_RANGE");
	problem_list_release(&pl);
	stat_return_release(&r);
	test_free(text);
	codes_free(codes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_fixtures),
		cmocka_unit_test(test_bad_fixtures),
		cmocka_unit_test(test_bad_fixture_details),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_file_names),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_tolerant),
		cmocka_unit_test(test_big_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
