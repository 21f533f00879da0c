/*
 * test_isolation: "a user of school A never sees a byte of school B", over HTTP.
 * Every role against every school, on the pages and the API: the schools a user
 * may see answer 200, the others 404 with exactly the body of a school that does
 * not exist; every response is scanned for the canaries of unseen schools.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "base/xalloc.h"

static int setup(void **state)
{
	*state = world_new(NULL);
	return 0;
}

static int teardown(void **state)
{
	world_free(*state);
	return 0;
}

static const enum world_user roles[] = { U_TEACHER_A, U_ADMIN_A, U_TEACHER_B,
					 U_MAT,	      U_LA1,	 U_SYSADMIN };

static void test_school_pages_by_role(void **state)
{
	struct world *w = *state;

	for (size_t k = 0; k < sizeof(roles) / sizeof(roles[0]); k++) {
		enum world_user u = roles[k];
		struct http_client *c = world_client(w, u);
		struct http_response missing_page, missing_api;

		assert_int_equal(world_sign_in(w, c, u), 303);
		missing_page = http_get(c, "/schools/9999999/pupils");
		assert_int_equal(missing_page.status, 404);
		missing_api = http_get(c, "/api/v1/schools/9999999/pupils");
		assert_int_equal(missing_api.status, 404);
		for (int s = 0; s < SCHOOL__MAX; s++) {
			char page[96], api[96];
			struct http_response r1, r2;
			snprintf(page, sizeof(page), "/schools/%d/pupils", w->laestab[s]);
			snprintf(api, sizeof(api), "/api/v1/schools/%d/pupils", w->laestab[s]);
			r1 = http_get(c, page);
			r2 = http_get(c, api);
			if (world_user_sees(u, (enum world_school)s)) {
				assert_int_equal(r1.status, 200);
				assert_int_equal(r2.status, 200);
				assert_non_null(
					strstr(r1.body, world_marker((enum world_school)s)));
				assert_non_null(
					strstr(r2.body, world_marker((enum world_school)s)));
				assert_non_null(strstr(r1.body, "01/10/2019"));
				assert_non_null(strstr(r2.body, "\"dob\":\"2019-10-01\""));
				assert_non_null(strstr(r1.body, "<td>R</td>"));
			} else {
				if (r1.status != 404 || r2.status != 404)
					fail_msg("user %d school %d: %ld / %ld", (int)u, s,
						 r1.status, r2.status);
				/* Not "forbidden": the very same answer as a missing school. */
				assert_string_equal(r1.body, missing_page.body);
				assert_string_equal(r2.body, missing_api.body);
			}
			http_response_free(&r1);
			http_response_free(&r2);
		}
		http_response_free(&missing_page);
		http_response_free(&missing_api);
		assert_int_equal(http_client_leaks(c), 0);
		http_client_free(c);
	}
}

static void test_school_lists_by_role(void **state)
{
	static const char *const paths[] = { "/",
					     "/schools",
					     "/api/v1/schools",
					     "/api/v1/me",
					     "/assessments",
					     "/submissions",
					     "/reports",
					     "/maintenance",
					     "/nope",
					     "/account/password" };
	struct world *w = *state;

	for (size_t k = 0; k < sizeof(roles) / sizeof(roles[0]); k++) {
		enum world_user u = roles[k];
		struct http_client *c = world_client(w, u);
		struct http_response home, list;

		assert_int_equal(world_sign_in(w, c, u), 303);
		home = http_get(c, "/");
		list = http_get(c, "/api/v1/schools");
		assert_int_equal(home.status, 200);
		assert_int_equal(list.status, 200);
		for (int s = 0; s < SCHOOL__MAX; s++) {
			char laestab[32];
			snprintf(laestab, sizeof(laestab), "\"laestab\":%d", w->laestab[s]);
			if (world_user_sees(u, (enum world_school)s)) {
				assert_non_null(
					strstr(home.body, world_marker((enum world_school)s)));
				assert_non_null(strstr(list.body, laestab));
			} else {
				assert_null(strstr(list.body, laestab));
			}
		}
		http_response_free(&home);
		http_response_free(&list);
		/* Every other page: whatever the status, no canary of an unseen school. */
		for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
			struct http_response r = http_get(c, paths[i]);
			assert_true(r.status == 200 || r.status == 403 || r.status == 404);
			http_response_free(&r);
		}
		assert_int_equal(http_client_leaks(c), 0);
		http_client_free(c);
	}
}

/* The navigation shows what the role may use, and the sections follow it. */
static void test_navigation_by_role(void **state)
{
	static const struct {
		enum world_user u;
		const char *shown;  /* nav hrefs that must be there, ';'-separated */
		const char *hidden; /* nav hrefs that must not */
	} cases[] = {
		{ U_TEACHER_A, "/assessments;/reports", "/submissions;/maintenance" },
		{ U_ADMIN_A, "/assessments;/submissions;/reports;/maintenance", "" },
		{ U_MAT, "/assessments;/submissions;/reports", "/maintenance" },
		{ U_LA1, "/assessments;/submissions;/reports;/maintenance", "" },
		{ U_SYSADMIN, "/assessments;/submissions;/reports;/maintenance", "" },
	};
	struct world *w = *state;

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct http_client *c = world_client(w, cases[k].u);
		struct http_response home;
		char buf[256], *item, *save = NULL;

		assert_int_equal(world_sign_in(w, c, cases[k].u), 303);
		home = http_get(c, "/");
		assert_non_null(strstr(home.body, "<a href=\"/\" aria-current=\"page\">Home</a>"));
		assert_non_null(strstr(home.body, "href=\"#main\""));
		snprintf(buf, sizeof(buf), "%s", cases[k].shown);
		for (item = strtok_r(buf, ";", &save); item; item = strtok_r(NULL, ";", &save)) {
			char needle[64];
			struct http_response r = http_get(c, item);
			snprintf(needle, sizeof(needle), "<a href=\"%s\">", item);
			if (!strstr(home.body, needle))
				fail_msg("user %d: no nav item %s", (int)cases[k].u, item);
			assert_int_equal(r.status, 200);
			assert_non_null(strstr(r.body, "aria-current=\"page\""));
			http_response_free(&r);
		}
		snprintf(buf, sizeof(buf), "%s", cases[k].hidden);
		for (item = strtok_r(buf, ";", &save); item; item = strtok_r(NULL, ";", &save)) {
			char needle[64];
			struct http_response r = http_get(c, item);
			snprintf(needle, sizeof(needle), "<a href=\"%s\"", item);
			if (strstr(home.body, needle))
				fail_msg("user %d: nav item %s shown", (int)cases[k].u, item);
			assert_int_equal(r.status, 403);
			http_response_free(&r);
		}
		http_response_free(&home);
		assert_int_equal(http_client_leaks(c), 0);
		http_client_free(c);
	}
}

static void test_anonymous_sees_nothing(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U__MAX);

	for (int s = 0; s < SCHOOL__MAX; s++) {
		char page[96], api[96];
		struct http_response r;
		snprintf(page, sizeof(page), "/schools/%d/pupils", w->laestab[s]);
		snprintf(api, sizeof(api), "/api/v1/schools/%d/pupils", w->laestab[s]);
		r = http_get(c, page);
		assert_int_equal(r.status, 303);
		assert_true(http_header_has(&r, "Location", "/sign-in"));
		http_response_free(&r);
		r = http_get(c, api);
		assert_int_equal(r.status, 401);
		http_response_free(&r);
	}
	assert_int_equal(http_client_leaks(c), 0);
	http_client_free(c);
}

/* The canary is not vacuous: a client that must not see B and C, used by the
 * system admin, does notice B's and C's data. */
static void test_canary_detects_leaks(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_TEACHER_A);
	struct http_response r;
	char path[96];

	assert_int_equal(world_sign_in(w, c, U_SYSADMIN), 303);
	r = http_get(c, "/schools");
	http_response_free(&r);
	assert_int_equal(http_client_leaks(c), 2); /* B's and C's names */
	snprintf(path, sizeof(path), "/api/v1/schools/%d/pupils", w->laestab[SCHOOL_C]);
	r = http_get(c, path);
	http_response_free(&r);
	assert_true(http_client_leaks(c) > 2); /* C's name, pupils and UPNs */
	http_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_school_pages_by_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_school_lists_by_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_navigation_by_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_anonymous_sees_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_canary_detects_leaks, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
