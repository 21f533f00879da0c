/*
 * test_reports_la: the LA and trust cross-school tables over HTTP (issue 8c).
 * EYFS profile results stored for school A (9 pupils: 7 with a good level of
 * development, 2 emerging in every ELG), B (3 pupils, all expected), D (a
 * second LA 1 school outside the trust, 6 pupils, all expected) and C (LA 2,
 * in trust T with A, 3 pupils). Hand-computed:
 *   LA 1 (A, B, D): B's figures rest on 3 pupils: "x"; D's are hidden too by
 *   the secondary rule (the smallest shown figure, else LA total - A would give
 *   B's away); A shows 9 pupils, GLD 7 (77.78%), average ELGs at expected
 *   119/9 = 13.22, average total 272/9 = 30.22; the LA total 18 pupils, GLD 16
 *   (88.89%), 272/18 = 15.11 ELGs, 578/18 = 32.11 points.
 *   Trust T (A, C): C has 3 pupils, "x", so A goes too; the total 12 pupils.
 * The LA officer never sees C (another LA), the MAT admin never B or D (not the
 * trust's): the clients are forbidden their markers. Downloads (CSV, XLSX) and
 * the API write the same "x"; other roles are refused, other LAs and trusts
 * answer 404.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/app.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/upn.h"
#include "store/store.h"

enum { AY = 2024 };
static const char school_d_marker[] = "QZXD";

struct fx {
	struct world *w;
	struct establishment d; /* LA 1, no trust */
};

static int64_t add_pupil(struct store_conn *c, const struct establishment *e, int serial)
{
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct pupil p;

	memset(&p, 0, sizeof(p));
	p.establishment_id = e->id;
	assert_true(upn_make(e->la_code, e->estab, 24, 100 + serial, p.upn));
	snprintf(p.surname, sizeof(p.surname), "Added%d", serial);
	snprintf(p.forenames, sizeof(p.forenames), "Pupil");
	p.dob = (struct date){ 2019, 11, 1 + serial % 28 };
	p.gender = GENDER_FEMALE;
	p.sen = 'N';
	p.class_no = 1;
	p.year_override = YEAR_NONE;
	p.include_in_data = true;
	if (store_pupil_add(c, &who, &p, &eb) != ERR_OK)
		fail_msg("store_pupil_add: %s", eb.msg);
	return p.id;
}

/* Stores result ("1" emerging, "2" expected) for all 17 ELGs of the pupil. */
static void eyfsp_all(struct store_conn *c, const struct establishment *e, int64_t pupil,
		      const char *result)
{
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };

	for (int k = 0; k < ELG__MAX; k++) {
		struct stat_stored s = { .pupil_id = pupil,
					 .coll = COLL_EYFSP,
					 .academic_year = AY };
		snprintf(s.component, sizeof(s.component), "%s", elg_get((enum elg)k)->code);
		snprintf(s.qualifier, sizeof(s.qualifier), "%s", "EL");
		snprintf(s.result, sizeof(s.result), "%s", result);
		if (store_statutory_put(c, &who, e->id, &s, &eb) != ERR_OK)
			fail_msg("store_statutory_put: %s", eb.msg);
	}
}

/* Every pupil of e (the world's 3 and the added ones) gets results: the first
 * `emerging` of them "1", the rest "2". */
static void school_results(struct store_conn *c, const struct establishment *e, int emerging)
{
	struct pupil_query q = { 0 };
	struct pupil *list = NULL;
	size_t n = 0;

	q.establishment_id = e->id;
	assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		eyfsp_all(c, e, list[i].id, (int)i < emerging ? "1" : "2");
	free(list);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct store_conn *c;

	f->w = world_new(NULL);
	c = store_acquire(f->w->app->store);
	f->d.la_id = f->w->la_id[0];
	f->d.la_code = 888;
	f->d.estab = 2468;
	f->d.urn = 102468;
	snprintf(f->d.name, sizeof(f->d.name), "Delta Primary %s", school_d_marker);
	if (store_establishment_add(c, &who, &f->d, &eb) != ERR_OK)
		fail_msg("store_establishment_add: %s", eb.msg);
	for (int i = 0; i < 6; i++)
		add_pupil(c, &f->w->school[SCHOOL_A], i);
	for (int i = 0; i < 6; i++)
		add_pupil(c, &f->d, 10 + i);
	school_results(c, &f->w->school[SCHOOL_A], 2);
	school_results(c, &f->w->school[SCHOOL_B], 0);
	school_results(c, &f->w->school[SCHOOL_C], 0);
	school_results(c, &f->d, 0);
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

/* A signed-in client for u that must never see school D unless u is in LA 1. */
static struct http_client *client(struct fx *f, enum world_user u)
{
	struct http_client *c = world_client(f->w, u);

	if (u != U_LA1 && u != U_SYSADMIN)
		http_client_forbid(c, school_d_marker);
	assert_int_equal(world_sign_in(f->w, c, u), 303);
	return c;
}

/* The text of the table row (<tr>...</tr>) headed by name, or fails. */
static char *row_of(const char *body, const char *name)
{
	char head[256];
	const char *at, *s, *e;
	char *out;

	snprintf(head, sizeof(head), "scope=\"row\">%s", name);
	at = strstr(body, head);
	assert_non_null(at);
	for (s = at; s > body && strncmp(s, "<tr", 3) != 0; s--)
		;
	e = strstr(at, "</tr>");
	assert_non_null(e);
	out = xmalloc((size_t)(e - s) + 1);
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = 0;
	return out;
}

static void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("no '%s' in: %s", needle, hay);
}

static void test_la_table(void **state)
{
	struct fx *f = *state;
	struct http_client *c = client(f, U_LA1);
	struct http_response r = http_get(c, "/la/reports?year=2024&collection=eyfsp");
	char *row;

	assert_int_equal(r.status, 200);
	row = row_of(r.body, f->w->school[SCHOOL_A].name);
	assert_has(row, "<td class=\"num\">9</td><td class=\"num\">9</td><td class=\"num\">7</td>"
			"<td class=\"num\">77.78</td><td class=\"num\">13.22</td>"
			"<td class=\"num\">30.22</td>");
	free(row);
	row = row_of(r.body, f->w->school[SCHOOL_B].name);
	assert_has(row, "<td class=\"num suppressed\">x</td><td class=\"num suppressed\">x</td>");
	assert_null(strstr(row, "class=\"num\">"));
	free(row);
	row = row_of(r.body, f->d.name);
	assert_null(strstr(row, "class=\"num\">")); /* the secondary rule */
	free(row);
	row = row_of(r.body, "LA total");
	assert_has(row,
		   "<td class=\"num\">18</td><td class=\"num\">18</td><td class=\"num\">16</td>"
		   "<td class=\"num\">88.89</td><td class=\"num\">15.11</td>"
		   "<td class=\"num\">32.11</td>");
	free(row);
	assert_has(r.body, "fewer than 5 pupils");
	assert_null(strstr(r.body, world_marker(SCHOOL_C)));
	http_response_free(&r);

	/* the downloads carry the same cells */
	r = http_get(c, "/la/reports?year=2024&collection=eyfsp&format=csv");
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Type", "text/csv"));
	{
		char line[256];
		snprintf(line, sizeof(line), "%07d,%s,x,x,x,x,x,x\r\n", f->w->laestab[SCHOOL_B],
			 f->w->school[SCHOOL_B].name);
		assert_has(r.body, line);
		snprintf(line, sizeof(line), "%07d,%s,9,9,7,77.78,13.22,30.22\r\n",
			 f->w->laestab[SCHOOL_A], f->w->school[SCHOOL_A].name);
		assert_has(r.body, line);
		assert_has(r.body, ",LA total,18,18,16,88.89,15.11,32.11\r\n");
	}
	http_response_free(&r);
	r = http_get(c, "/la/reports?year=2024&collection=eyfsp&format=xlsx");
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Type", "spreadsheetml"));
	assert_true(r.body_len > 4 && memcmp(r.body, "PK", 2) == 0);
	http_response_free(&r);

	/* the API: "x" as a string, figures as numbers */
	r = http_get(c, "/api/v1/la/reports/table?collection=eyfsp&academic_year=2024");
	assert_int_equal(r.status, 200);
	assert_has(r.body, "\"gld_percent\":77.78");
	assert_has(r.body, "\"pupils\":\"x\"");
	assert_has(r.body, "\"total\":{\"name\":\"LA total\",\"pupils\":18,");
	http_response_free(&r);

	/* another year: nothing stored, every figure "x" */
	r = http_get(c, "/la/reports?year=2023&collection=phonics");
	assert_int_equal(r.status, 200);
	row = row_of(r.body, "LA total");
	assert_null(strstr(row, "class=\"num\">"));
	free(row);
	http_response_free(&r);

	/* another LA: as if it did not exist */
	r = http_get(c, "/la/reports?la=777");
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	r = http_get(c, "/api/v1/la/reports/table?la=777");
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	r = http_get(c, "/reports");
	assert_has(r.body, "href=\"/la/reports?collection=eyfsp\"");
	http_response_free(&r);
	http_client_free(c);
}

static void test_trust_table(void **state)
{
	struct fx *f = *state;
	struct http_client *c = client(f, U_MAT);
	struct http_response r = http_get(c, "/trust/reports?year=2024&collection=eyfsp");
	char *row, path[64];

	assert_int_equal(r.status, 200);
	assert_has(r.body, f->w->school[SCHOOL_A].name);
	assert_has(r.body, f->w->school[SCHOOL_C].name);
	row = row_of(r.body, f->w->school[SCHOOL_A].name);
	assert_null(strstr(row, "class=\"num\">")); /* C has 3: A would give it away */
	free(row);
	row = row_of(r.body, "Trust total");
	assert_has(row,
		   "<td class=\"num\">12</td><td class=\"num\">12</td><td class=\"num\">10</td>");
	free(row);
	http_response_free(&r);
	r = http_get(c, "/api/v1/trust/reports/table?collection=ks2&academic_year=2024");
	assert_int_equal(r.status, 200);
	assert_has(r.body, "\"collection\":\"ks2\"");
	http_response_free(&r);
	snprintf(path, sizeof(path), "/trust/reports?trust=%lld", (long long)f->w->trust_id + 1000);
	r = http_get(c, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	/* the LA's table is not a trust's */
	r = http_get(c, "/la/reports");
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	r = http_get(c, "/reports");
	assert_has(r.body, "href=\"/trust/reports?collection=eyfsp\"");
	http_response_free(&r);
	http_client_free(c);
}

static void test_access(void **state)
{
	struct fx *f = *state;
	static const struct {
		enum world_user u;
		long la, trust;
	} cases[] = {
		{ U_TEACHER_A, 403, 403 }, { U_ADMIN_A, 403, 403 }, { U_TEACHER_B, 403, 403 },
		{ U_MAT, 403, 200 },	   { U_LA1, 200, 403 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_client *c = client(f, cases[i].u);
		struct http_response r = http_get(c, "/la/reports");
		assert_int_equal(r.status, cases[i].la);
		http_response_free(&r);
		r = http_get(c, "/trust/reports");
		assert_int_equal(r.status, cases[i].trust);
		http_response_free(&r);
		http_client_free(c);
	}
	/* a system admin names the LA or trust */
	struct http_client *c = client(f, U_SYSADMIN);
	struct http_response r = http_get(c, "/la/reports?la=777&year=2024");
	char path[64];
	assert_int_equal(r.status, 200);
	assert_has(r.body, f->w->school[SCHOOL_C].name);
	assert_null(strstr(r.body, f->w->school[SCHOOL_A].name));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/trust/reports?trust=%lld", (long long)f->w->trust_id);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, f->w->school[SCHOOL_B].name));
	http_response_free(&r);
	http_client_free(c);
	/* signed out: to the sign-in page */
	c = world_client(f->w, U__MAX);
	r = http_get(c, "/la/reports");
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	http_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_la_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trust_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
