/*
 * test_demo: the demo data loads once (a second load changes nothing), has every
 * role, and gives each school about 90 pupils with valid UPNs in the right year
 * groups for the academic year of the clock, whatever that year is.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/account.h"
#include "app/app.h"
#include "app/demo.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/upn.h"
#include "store/store.h"

#include "app_world.h"

struct world {
	struct app *app;
	struct store_conn *conn;
	int64_t clock; /* what app_now returns */
};

static void world_open(struct world *w, const char *label, int64_t now)
{
	w->clock = now;
	w->app = tw_app_open(label, &w->clock, NULL);
	w->conn = store_acquire(w->app->store);
}

static void world_close(struct world *w)
{
	store_release(w->conn);
	app_free(w->app);
}

static size_t user_count(struct world *w)
{
	struct user *users = NULL;
	size_t n = 0;

	assert_int_equal(store_user_list(w->conn, 0, 0, 0, &users, &n), ERR_OK);
	free(users);
	return n;
}

/* Checks every pupil of every demo school for academic year y. */
static void pupils_check(struct world *w, int y)
{
	size_t nschools;
	const struct demo_school *schools = app_demo_schools(&nschools);

	for (size_t s = 0; s < nschools; s++) {
		struct pupil_query q = { 0 };
		struct establishment e;
		struct pupil *pupils = NULL;
		size_t n = 0;
		int per_year[DEMO_YEARS_MAX] = { 0 };
		char prefix[8];

		assert_int_equal(store_establishment_get_by_laestab(w->conn, schools[s].laestab,
								    &e),
				 ERR_OK);
		assert_string_equal(e.name, schools[s].name);
		assert_int_equal(e.urn, schools[s].urn);
		assert_true(schools[s].trust ? e.trust_id != 0 : e.trust_id == 0);
		q.establishment_id = e.id;
		assert_int_equal(store_pupil_list(w->conn, &q, &pupils, &n), ERR_OK);
		assert_int_equal(n, (size_t)(schools[s].year_count * schools[s].pupils_per_year));
		assert_in_range(n, 80, 100);
		snprintf(prefix, sizeof(prefix), "%07d", schools[s].laestab);
		for (size_t i = 0; i < n; i++) {
			const struct pupil *p = &pupils[i];
			int yg = year_group_of(p->dob, y), k;

			if (!upn_valid(p->upn))
				fail_msg("invalid UPN %s", p->upn);
			assert_memory_equal(p->upn + 1, prefix, 7);
			for (k = 0; k < schools[s].year_count; k++)
				if (schools[s].years[k] == yg)
					break;
			if (k == schools[s].year_count)
				fail_msg("pupil %s is in year group %d", p->upn, yg);
			per_year[k]++;
			assert_int_equal(p->class_no, k + 1);
			assert_int_equal(p->year_override, YEAR_NONE);
			assert_true(p->include_in_data);
			assert_false(p->archived);
			assert_non_null(strchr("NKE", p->sen));
			assert_true(p->gender == GENDER_MALE || p->gender == GENDER_FEMALE);
			assert_int_equal(strlen(p->ethnicity), 4);
			assert_memory_equal(p->postcode, "DM", 2);
			assert_int_equal(strlen(p->postcode), 7);
			assert_true(p->surname[0] && p->forenames[0]);
		}
		for (int k = 0; k < schools[s].year_count; k++)
			assert_int_equal(per_year[k], schools[s].pupils_per_year);
		free(pupils);
	}
}

static void test_load_twice(void **state)
{
	struct world w;
	struct demo_result r;
	struct errbuf eb = { "" };
	size_t nlogins, nschools, nla;
	const struct demo_login *logins = app_demo_logins(&nlogins);
	struct la *las = NULL;
	bool roles[ROLE__MAX] = { false };
	long before[8] = { 0 }, count;

	(void)state;
	app_demo_schools(&nschools);
	world_open(&w, "demo", 1760000000); /* 9 October 2025: academic year 2025 */
	assert_int_equal(app_demo_load(w.app, w.conn, &r, &eb), ERR_OK);
	assert_true(demo_result_changed(&r));
	assert_int_equal(r.academic_year, 2025);
	assert_int_equal(r.las_added, 2);
	assert_int_equal(r.trusts_added, 1);
	assert_int_equal(r.establishments_added, (int)nschools);
	assert_int_equal(r.users_added, (int)nlogins);
	assert_int_equal(r.pupils_added, 4 * 90);
	pupils_check(&w, 2025);
	for (size_t s = 0; s < nschools && s < 8; s++) {
		struct establishment e;
		assert_int_equal(store_establishment_get_by_laestab(
					 w.conn, app_demo_schools(&nschools)[s].laestab, &e),
				 ERR_OK);
		assert_int_equal(store_pupil_count(w.conn, e.id, &before[s]), ERR_OK);
	}

	/* Every role has a demo user who can sign in with the printed secrets. */
	for (size_t i = 0; i < nlogins; i++) {
		struct user u;
		char code[6];

		assert_int_equal(store_user_get_by_username(w.conn, logins[i].username, &u),
				 ERR_OK);
		assert_int_equal(u.role, logins[i].role);
		assert_false(u.must_change_password);
		assert_true(strlen(logins[i].password) >= 12);
		assert_true(account_password_verify(&u, logins[i].password, NULL));
		assert_true(account_security_code_get(w.app, &u, code));
		assert_string_equal(code, logins[i].security_code);
		assert_int_equal(account_password_check(w.app, u.username, logins[i].password, &eb),
				 ERR_OK);
		roles[u.role] = true;
	}
	for (int r2 = 0; r2 < ROLE__MAX; r2++)
		assert_true(roles[r2]);

	/* Again, a year later: nothing changes. */
	w.clock += 365 * 86400;
	assert_int_equal(app_demo_load(w.app, w.conn, &r, &eb), ERR_OK);
	assert_false(demo_result_changed(&r));
	assert_int_equal(r.pupils_added, 0);
	assert_int_equal(store_la_list(w.conn, &las, &nla), ERR_OK);
	assert_int_equal(nla, 2);
	free(las);
	assert_int_equal(user_count(&w), nlogins);
	for (size_t s = 0; s < nschools && s < 8; s++) {
		struct establishment e;
		assert_int_equal(store_establishment_get_by_laestab(
					 w.conn, app_demo_schools(&nschools)[s].laestab, &e),
				 ERR_OK);
		assert_int_equal(store_pupil_count(w.conn, e.id, &count), ERR_OK);
		assert_int_equal(count, before[s]);
	}
	world_close(&w);
}

static void test_scopes(void **state)
{
	struct world w;
	struct demo_result r;
	struct errbuf eb = { "" };
	struct establishment e;
	struct user u;
	struct la la;

	(void)state;
	world_open(&w, "demo-scopes", 1760000000);
	assert_int_equal(app_demo_load(w.app, w.conn, &r, &eb), ERR_OK);
	assert_int_equal(store_user_get_by_username(w.conn, "teacher.demo", &u), ERR_OK);
	assert_int_equal(store_establishment_get(w.conn, u.establishment_id, &e), ERR_OK);
	assert_int_equal(establishment_laestab(&e), 8881234);
	assert_int_equal(store_user_get_by_username(w.conn, "other.teacher", &u), ERR_OK);
	assert_int_equal(store_establishment_get(w.conn, u.establishment_id, &e), ERR_OK);
	assert_int_equal(e.la_code, 889);
	assert_int_equal(store_user_get_by_username(w.conn, "la.officer", &u), ERR_OK);
	assert_int_equal(store_la_get(w.conn, u.la_id, &la), ERR_OK);
	assert_int_equal(la.code, 888);
	assert_int_equal(store_user_get_by_username(w.conn, "trust.admin", &u), ERR_OK);
	assert_true(u.trust_id != 0);
	assert_int_equal(store_establishment_get_by_laestab(w.conn, 8882001, &e), ERR_OK);
	assert_int_equal(e.trust_id, u.trust_id);
	assert_int_equal(store_user_get_by_username(w.conn, "sysadmin", &u), ERR_OK);
	assert_int_equal(u.role, ROLE_SYSADMIN);
	assert_true(!u.establishment_id && !u.la_id && !u.trust_id);
	world_close(&w);
}

/* Another year, another database: the same children (names and UPN serials), with
 * dates of birth that put them in the same year groups of that year. */
static void test_other_year(void **state)
{
	struct world a, b;
	struct demo_result r;
	struct errbuf eb = { "" };
	struct establishment ea, eb2;
	struct pupil_query q = { 0 };
	struct pupil *pa = NULL, *pb = NULL;
	size_t na = 0, nb = 0;

	(void)state;
	world_open(&a, "demo-year-a", 1760000000); /* October 2025 */
	world_open(&b, "demo-year-b", 1961000000); /* February 2032: academic year 2031 */
	assert_int_equal(app_demo_load(a.app, a.conn, &r, &eb), ERR_OK);
	assert_int_equal(app_demo_load(b.app, b.conn, &r, &eb), ERR_OK);
	assert_int_equal(r.academic_year, 2031);
	pupils_check(&b, 2031);
	assert_int_equal(store_establishment_get_by_laestab(a.conn, 8881234, &ea), ERR_OK);
	assert_int_equal(store_establishment_get_by_laestab(b.conn, 8881234, &eb2), ERR_OK);
	q.establishment_id = ea.id;
	assert_int_equal(store_pupil_list(a.conn, &q, &pa, &na), ERR_OK);
	q.establishment_id = eb2.id;
	assert_int_equal(store_pupil_list(b.conn, &q, &pb, &nb), ERR_OK);
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++) {
		bool found = false;
		for (size_t j = 0; j < nb && !found; j++)
			found = strcmp(pa[i].surname, pb[j].surname) == 0 &&
				strcmp(pa[i].forenames, pb[j].forenames) == 0 &&
				strcmp(pa[i].upn + 10, pb[j].upn + 10) == 0;
		if (!found)
			fail_msg("%s %s (%s) is not in the 2031 load", pa[i].forenames,
				 pa[i].surname, pa[i].upn);
	}
	free(pa);
	free(pb);
	world_close(&a);
	world_close(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_twice),
		cmocka_unit_test(test_scopes),
		cmocka_unit_test(test_other_year),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
