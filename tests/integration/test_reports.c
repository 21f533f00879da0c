/*
 * test_reports: the Full Report and the Venn diagrams over HTTP: the table's
 * numbers and percentages, a percentage's link listing exactly its pupils in
 * alphabetical order, the class and characteristics filters changing the
 * numbers, the CSV and XLSX downloads, every Venn region and its pupils, the
 * statutory summary API, and access: a school sees only itself (another
 * school's reports answer 404), its trust and its LA see it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/app.h"
#include "app/assess.h"
#include "base/xalloc.h"
#include "store/store.h"

struct fx {
	struct world *w;
	int64_t assessment; /* school A's Autumn assessment, Reception 2024/25 */
};

static int64_t pupil_named(struct store_conn *c, int64_t estab, const char *prefix)
{
	struct pupil_query q = { 0 };
	struct pupil *list = NULL;
	size_t n = 0;
	int64_t id = 0;

	q.establishment_id = estab;
	assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		if (strncmp(list[i].surname, prefix, strlen(prefix)) == 0)
			id = list[i].id;
	free(list);
	assert_true(id != 0);
	return id;
}

static void cell(struct fx *f, struct store_conn *c, const struct assessment *a, int64_t pupil,
		 enum elg e, const char *value)
{
	struct actor who = { 0, "test", "" };
	struct assess_cell_write cw = { .pupil_id = pupil, .elg = e, .value = value };
	struct assess_written out;
	struct errbuf eb = { "" };

	if (assess_set_cell(f->w->app, c, &who, &f->w->school[SCHOOL_A], a, &cw, &out, &eb) !=
	    ERR_OK)
		fail_msg("assess_set_cell: %s", eb.msg);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct actor who = { 0, "test", "" };
	struct assess_input in = { .name = "Autumn Term Assessment",
				   .date = { 2024, 10, 14 },
				   .year_groups = ASSESS_YG_R,
				   .kind = SCALE_TRACKING };
	struct errbuf eb = { "" };
	struct store_conn *c;
	struct assessment a;
	int64_t ash, brook, script;

	f->w = world_new(NULL);
	c = store_acquire(f->w->app->store);
	if (assess_create(f->w->app, c, &who, &f->w->school[SCHOOL_A], &in, &a, &eb) != ERR_OK)
		fail_msg("assess_create: %s", eb.msg);
	f->assessment = a.id;
	ash = pupil_named(c, f->w->school[SCHOOL_A].id, "Ashworth");
	brook = pupil_named(c, f->w->school[SCHOOL_A].id, "Brook");
	script = pupil_named(c, f->w->school[SCHOOL_A].id, "<script>");
	/* Communication and Language: Ashworth both, Brook SP only, <script> LAU only */
	cell(f, c, &a, ash, ELG_E01, "O");
	cell(f, c, &a, ash, ELG_E02, "O");
	cell(f, c, &a, brook, ELG_E01, "B");
	cell(f, c, &a, brook, ELG_E02, "O");
	cell(f, c, &a, script, ELG_E01, "O");
	cell(f, c, &a, script, ELG_E02, "B");
	store_release(c);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	world_free(f->w);
	free(f);
	return 0;
}

/* GET prefix + school A's LAESTAB + tail. */
static struct http_response get(struct fx *f, struct http_client *c, const char *prefix,
				const char *tail)
{
	char path[512];

	snprintf(path, sizeof(path), "%s%d%s", prefix, f->w->laestab[SCHOOL_A], tail);
	return http_get(c, path);
}

/* The text between the first "<section id=\"pupils\"" and "</section>". */
static char *pupils_section(const char *body)
{
	const char *s = strstr(body, "<section id=\"pupils\"");
	const char *e = s ? strstr(s, "</section>") : NULL;
	char *out;

	assert_non_null(e);
	out = xmalloc((size_t)(e - s) + 1);
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = 0;
	return out;
}

static void test_full_report(void **state)
{
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	struct http_response r;
	char *sec;
	const char *a, *b;

	assert_int_equal(world_sign_in(f->w, c, U_TEACHER_A), 303);
	r = http_get(c, "/reports");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "/reports/full\">Full Report</a>"));
	assert_non_null(
		strstr(r.body, "/progress-meetings\">Reception Cohort Progress Meetings</a>"));
	http_response_free(&r);

	r = get(f, c, "/schools/", "/reports/full?year=2024&yg=R");
	assert_int_equal(r.status, 200);
	/* LAU: 1 Below 33.33%, 2 On track 66.67%, 3 pupils */
	assert_non_null(strstr(r.body, "<tr data-elg=\"E01\"><th scope=\"row\">Listening, "
				       "Attention and Understanding</th><td class=\"num\">1</td>"));
	assert_non_null(strstr(r.body, "list=E01-2#pupils\" data-list=\"E01-2\">66.67%</a>"));
	assert_non_null(strstr(r.body, "data-list=\"E01-1\">33.33%</a>"));
	assert_null(strstr(r.body, "<section id=\"pupils\""));
	http_response_free(&r);

	r = get(f, c, "/schools/", "/reports/full?year=2024&yg=R&list=E01-2");
	assert_int_equal(r.status, 200);
	sec = pupils_section(r.body);
	a = strstr(sec, "&lt;script&gt;");
	b = strstr(sec, "Ashworth");
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a < b); /* alphabetical */
	assert_null(strstr(sec, "Brook"));
	assert_non_null(strstr(sec, "report-print"));
	free(sec);
	http_response_free(&r);

	/* the filters change the numbers: boys only, then class 2: Brook, Below */
	r = get(f, c, "/schools/", "/reports/full?year=2024&yg=R&f_gender=M");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "data-list=\"E01-1\">100.00%</a>"));
	http_response_free(&r);
	r = get(f, c, "/schools/", "/reports/full?year=2024&yg=R&class=2");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "data-list=\"E01-1\">100.00%</a>"));
	assert_null(strstr(r.body, "66.67%"));
	http_response_free(&r);

	r = get(f, c, "/schools/", "/reports/full?year=2024&yg=R&list=bad");
	assert_int_equal(r.status, 400);
	http_response_free(&r);
	http_client_free(c);
}

static void test_downloads(void **state)
{
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	struct http_response r;

	assert_int_equal(world_sign_in(f->w, c, U_TEACHER_A), 303);
	r = get(f, c, "/schools/", "/reports/full?year=2024&yg=R&format=csv");
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Type", "text/csv"));
	assert_true(http_header_has(&r, "Content-Disposition", "attachment"));
	assert_non_null(strstr(r.body,
			       "Areas of Development,Total Number Below,% Below,"
			       "Total Number On track,% On track,Num Pupils,Num Judged\r\n"));
	assert_non_null(strstr(r.body, "\"Listening, Attention and Understanding\",1,33.33,2,"
				       "66.67,3,3\r\n"));
	http_response_free(&r);
	r = get(f, c, "/schools/", "/reports/full?year=2024&yg=R&format=xlsx");
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Type", "spreadsheetml"));
	assert_true(r.body_len > 4 && memcmp(r.body, "PK", 2) == 0);
	http_response_free(&r);
	http_client_free(c);
}

static void test_venn(void **state)
{
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	struct http_response r;
	char *sec;

	assert_int_equal(world_sign_in(f->w, c, U_TEACHER_A), 303);
	r = get(f, c, "/schools/", "/reports/venn?year=2024&yg=R");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<svg class=\"venn\""));
	/* every area of the report, and each region of COM with its count */
	assert_non_null(strstr(r.body, "id=\"venn-COM\""));
	assert_non_null(strstr(r.body, "id=\"venn-PSE\""));
	assert_non_null(strstr(r.body, "id=\"venn-MAT\""));
	assert_null(strstr(r.body, "id=\"venn-UTW\""));
	for (int m = 0; m < 4; m++) {
		char want[96];
		/* regions 1, 2, 3 hold one pupil each; none holds nobody */
		snprintf(want, sizeof(want), "<tr data-region=\"COM-%d\"><th scope=\"row\">", m);
		const char *row = strstr(r.body, want);
		assert_non_null(row);
		assert_non_null(strstr(row, m ? "<td class=\"num\">1</td><td class=\"num\">33.33" :
						"<td class=\"num\">0</td><td class=\"num\">0.00"));
	}
	http_response_free(&r);

	r = get(f, c, "/schools/", "/reports/venn?year=2024&yg=R&area=COM&region=COM-1");
	assert_int_equal(r.status, 200);
	sec = pupils_section(r.body);
	assert_non_null(strstr(sec, "&lt;script&gt;"));
	assert_null(strstr(sec, "Ashworth"));
	assert_null(strstr(sec, "Brook"));
	free(sec);
	assert_null(strstr(r.body, "id=\"venn-PSE\"")); /* one area asked for */
	http_response_free(&r);

	r = get(f, c, "/schools/", "/reports/venn?year=2024&yg=R&area=COM&region=COM-3");
	sec = pupils_section(r.body);
	assert_non_null(strstr(sec, "Ashworth"));
	assert_null(strstr(sec, "Brook"));
	free(sec);
	http_response_free(&r);

	r = get(f, c, "/schools/", "/reports/venn?area=UTW");
	assert_int_equal(r.status, 400);
	http_response_free(&r);
	http_client_free(c);
}

static void test_access(void **state)
{
	struct fx *f = *state;
	static const struct {
		enum world_user u;
		long want;
	} cases[] = {
		{ U_TEACHER_A, 200 }, { U_ADMIN_A, 200 }, { U_TEACHER_B, 404 },
		{ U_MAT, 200 },	      { U_LA1, 200 },	  { U_SYSADMIN, 200 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_client *c = world_client(f->w, cases[i].u);
		struct http_response r;
		assert_int_equal(world_sign_in(f->w, c, cases[i].u), 303);
		r = get(f, c, "/schools/", "/reports/full?year=2024&yg=R");
		assert_int_equal(r.status, cases[i].want);
		http_response_free(&r);
		r = get(f, c, "/schools/", "/reports/venn");
		assert_int_equal(r.status, cases[i].want);
		http_response_free(&r);
		r = get(f, c, "/api/v1/schools/", "/reports/eyfsp?academic_year=2024");
		assert_int_equal(r.status, cases[i].want);
		if (r.status == 200)
			assert_non_null(strstr(r.body, "\"pupils\":0,"));
		http_response_free(&r);
		r = get(f, c, "/api/v1/schools/", "/reports/phonics");
		assert_int_equal(r.status, cases[i].want);
		http_response_free(&r);
		http_client_free(c);
	}
	/* signed out: to the sign-in page */
	struct http_client *anon = world_client(f->w, U__MAX);
	struct http_response r = get(f, anon, "/schools/", "/reports/full");
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	http_client_free(anon);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_full_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_downloads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_venn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
