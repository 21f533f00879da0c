/*
 * test_reports_api: GET /api/v1/reports/{eyfsp,phonics,ks2}?establishment=LAESTAB
 * and /api/v1/la/reports/{eyfsp,phonics,ks2}?la=NNN (issue 8c). The shared EYFS
 * profile fixture (../shared/fixtures/ctf/8881234_FSP_888LLLL_001.xml) imported
 * into school 8881234 (LA 888): the API answers every count of its
 * .expected.json, for the school and for the LA (the only results in LA 888).
 * Another school's staff get 404, as for a school that does not exist.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/app.h"
#include "app/statutory_app.h"
#include "base/xalloc.h"
#include "formats/ctf_read.h"
#include "store/store.h"

enum { AY = 2025 };
static const char fixture[] = "fixtures/ctf/8881234_FSP_888LLLL_001";

static int setup(void **state)
{
	struct world *w = world_new(NULL);
	struct store_conn *c = store_acquire(w->app->store);
	struct actor who = { 0, "test", "" };
	struct establishment e = { .la_code = 888, .estab = 1234, .urn = 101234 };
	struct stat_import_counts counts;
	struct problem_list pl;
	struct stat_return r;
	struct errbuf eb = { "" };
	char name[128], *path, *xml;
	size_t len = 0;

	e.la_id = w->la_id[0];
	snprintf(e.name, sizeof(e.name), "Example Primary School");
	if (store_establishment_add(c, &who, &e, &eb) != ERR_OK)
		fail_msg("store_establishment_add: %s", eb.msg);
	snprintf(name, sizeof(name), "%s.xml", fixture);
	path = tu_shared_path(name);
	xml = tu_read_file(path, &len);
	problem_list_init(&pl);
	if (stat_import(w->app, c, &who, &e, name, xml, len, &counts, &pl, &eb) != ERR_OK)
		fail_msg("stat_import: %s", eb.msg);
	problem_list_release(&pl);
	problem_list_init(&pl);
	assert_int_equal(ctf_read(xml, len, name, NULL, &r, &pl), ERR_OK);
	problem_list_release(&pl);
	/* the EYFS profile results of the file, stored for its pupils */
	for (size_t i = 0; i < r.npupils; i++) {
		struct pupil p;
		assert_int_equal(store_pupil_get_by_upn(c, r.pupils[i].upn, &p), ERR_OK);
		for (size_t k = 0; k < r.pupils[i].nresults; k++) {
			const struct stat_result *res = &r.pupils[i].results[k];
			struct stat_stored s = { .pupil_id = p.id,
						 .coll = COLL_EYFSP,
						 .academic_year = AY };
			if (strcmp(res->stage, "FSP") != 0)
				continue;
			snprintf(s.component, sizeof(s.component), "%s", res->component);
			snprintf(s.qualifier, sizeof(s.qualifier), "%s", res->qualifier);
			snprintf(s.result, sizeof(s.result), "%s", res->result);
			if (store_statutory_put(c, &who, e.id, &s, &eb) != ERR_OK)
				fail_msg("store_statutory_put: %s", eb.msg);
		}
	}
	stat_return_release(&r);
	free(xml);
	free(path);
	store_release(c);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world_free(*state);
	return 0;
}

static void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("no '%s' in: %s", needle, hay);
}

/* The integer after "key": in the expected JSON text, or fails. */
static long expected_int(const char *json, const char *from, const char *key)
{
	char k[64];
	const char *at = strstr(json, from);
	long v;

	assert_non_null(at);
	snprintf(k, sizeof(k), "\"%s\":", key);
	at = strstr(at, k);
	assert_non_null(at);
	at += strlen(k);
	while (*at == ' ')
		at++;
	assert_int_equal(sscanf(at, "%ld", &v), 1);
	return v;
}

/* Every count of the fixture's .expected.json is in body (the API's names). */
static void assert_expected(const char *body)
{
	char name[128], want[256], *path, *json;
	size_t len = 0;

	snprintf(name, sizeof(name), "%s.expected.json", fixture);
	path = tu_shared_path(name);
	json = tu_read_file(path, &len);
	snprintf(want, sizeof(want), "\"pupils\":%ld,\"assessed\":%ld,\"absent\":%ld,",
		 expected_int(json, "{", "pupils"), expected_int(json, "{", "assessed"),
		 expected_int(json, "{", "absent_all_A"));
	assert_has(body, want);
	snprintf(want, sizeof(want),
		 "\"gld\":%ld,\"gld_percent\":37.04,"
		 "\"average_elgs_at_expected\":14.22,\"average_total_score\":31.22,",
		 expected_int(json, "{", "gld"));
	assert_has(body, want);
	assert_has(json, "\"gld_percent_of_assessed\": 37.04");
	assert_has(json, "\"average_elgs_at_expected\": 14.22");
	assert_has(json, "\"average_total_score_assessed\": 31.22");
	for (int e = 1; e <= 17; e++) {
		char elg[8];
		snprintf(elg, sizeof(elg), "\"E%02d\"", e);
		snprintf(want, sizeof(want), "%s:{\"emerging\":%ld,\"expected\":%ld}", elg,
			 expected_int(json, elg, "emerging"), expected_int(json, elg, "expected"));
		assert_has(body, want);
	}
	free(json);
	free(path);
}

static void test_school(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_LA1);
	struct http_response r;

	assert_int_equal(world_sign_in(w, c, U_LA1), 303);
	r = http_get(c, "/api/v1/reports/eyfsp?establishment=8881234&academic_year=2025");
	assert_int_equal(r.status, 200);
	assert_has(r.body, "\"establishment\":8881234,\"academic_year\":2025,");
	assert_expected(r.body);
	http_response_free(&r);
	/* the same as the school's own address */
	{
		struct http_response s =
			http_get(c, "/api/v1/schools/8881234/reports/eyfsp?academic_year=2025");
		r = http_get(c, "/api/v1/reports/eyfsp?establishment=8881234&academic_year=2025");
		assert_int_equal(s.status, 200);
		assert_string_equal(s.body, r.body);
		http_response_free(&s);
		http_response_free(&r);
	}
	r = http_get(c, "/api/v1/reports/phonics?establishment=8881234&academic_year=2025");
	assert_int_equal(r.status, 200);
	assert_has(r.body, "\"report\":\"phonics\",\"establishment\":8881234,");
	http_response_free(&r);
	r = http_get(c, "/api/v1/reports/ks2?establishment=8881234&academic_year=2025");
	assert_int_equal(r.status, 200);
	assert_has(r.body, "\"report\":\"ks2\"");
	http_response_free(&r);
	/* the LA: the only school with results is 8881234 */
	r = http_get(c, "/api/v1/la/reports/eyfsp?la=888&academic_year=2025");
	assert_int_equal(r.status, 200);
	assert_expected(r.body);
	http_response_free(&r);
	r = http_get(c, "/api/v1/la/reports/eyfsp?la=777&academic_year=2025");
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	/* no establishment: a clear 400 */
	r = http_get(c, "/api/v1/reports/eyfsp?academic_year=2025");
	assert_int_equal(r.status, 400);
	http_response_free(&r);
	http_client_free(c);
}

/* Staff of another school: 404, exactly as a school that does not exist. */
static void test_other_school(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_ADMIN_A);
	struct http_response r, missing;

	assert_int_equal(world_sign_in(w, c, U_ADMIN_A), 303);
	r = http_get(c, "/api/v1/reports/eyfsp?establishment=8881234&academic_year=2025");
	missing = http_get(c, "/api/v1/reports/eyfsp?establishment=8889999&academic_year=2025");
	assert_int_equal(r.status, 404);
	assert_int_equal(missing.status, 404);
	assert_string_equal(r.body, missing.body);
	http_response_free(&r);
	http_response_free(&missing);
	/* its own school answers */
	{
		char path[96];
		snprintf(path, sizeof(path), "/api/v1/reports/eyfsp?establishment=%d",
			 w->laestab[SCHOOL_A]);
		r = http_get(c, path);
		assert_int_equal(r.status, 200);
		http_response_free(&r);
	}
	/* the LA summary is for LA officers */
	r = http_get(c, "/api/v1/la/reports/eyfsp?academic_year=2025");
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	http_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_school, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_school, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
