/*
 * test_audit_pages: the audit trail pages over HTTP. A school admin sees their
 * school's rows, an LA officer the LA's (never another LA's: rows of other
 * schools carry their canary marker, and a marker in a response fails the
 * test), a system admin all; teachers and trust admins get no audit page. The
 * filters (who, what, from, to), newest-first order, paging, and no secret in
 * any row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/account.h"
#include "app/app.h"
#include "base/xalloc.h"
#include "store/store.h"

enum {
	DAY = 86400,
	T_OLD = 1750000000 - 20 * DAY, /* 26/05/2025 */
	T_MID = 1750000000 - 10 * DAY, /* 05/06/2025 */
	T_NEW = 1750000000 - 2 * DAY,  /* 13/06/2025 */
};

static void row_add(struct world *w, int64_t at, const char *actor, enum world_school s,
		    const char *action, const char *object, const char *old_value,
		    const char *new_value)
{
	struct store_conn *db = store_acquire(w->app->store);
	struct audit_entry e;

	memset(&e, 0, sizeof(e));
	e.at = at;
	snprintf(e.actor, sizeof(e.actor), "%s", actor);
	e.establishment_id = w->school[s].id;
	snprintf(e.action, sizeof(e.action), "%s", action);
	snprintf(e.object, sizeof(e.object), "%s", object);
	snprintf(e.field, sizeof(e.field), "surname");
	snprintf(e.old_value, sizeof(e.old_value), "%s", old_value);
	snprintf(e.new_value, sizeof(e.new_value), "%s", new_value);
	assert_int_equal(store_audit_add(db, &e), ERR_OK);
	store_release(db);
}

static int setup(void **state)
{
	struct world *w = world_new(NULL);
	char v[128];

	row_add(w, T_OLD, "tess.a", SCHOOL_A, "pupil.update", "pupil 1", "Oldname", "Ashworth-A1");
	row_add(w, T_MID, "adam.a", SCHOOL_A, "user.edit", "user tess.a", "Tess", "Tess Taylor");
	row_add(w, T_NEW, "tess.a", SCHOOL_A, "pupil.update", "pupil 2", "Before-A2", "After-A2");
	snprintf(v, sizeof(v), "Changed-%s", world_marker(SCHOOL_B));
	row_add(w, T_MID, "bea.b", SCHOOL_B, "pupil.update", "pupil 4", "Brook-B1", v);
	snprintf(v, sizeof(v), "Changed-%s", world_marker(SCHOOL_C));
	row_add(w, T_MID, "cy.c", SCHOOL_C, "pupil.update", "pupil 7", "Cedar-C1", v);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world_free(*state);
	return 0;
}

static char *get_ok(struct http_client *c, const char *path)
{
	struct http_response r = http_get(c, path);
	char *body;
	if (r.status != 200)
		fail_msg("GET %s: %ld", path, r.status);
	body = r.body;
	r.body = NULL;
	http_response_free(&r);
	return body;
}

/* How many table rows (entries) a page lists. */
static int rows_in(const char *body)
{
	const char *p = strstr(body, "<tbody>");
	int n = 0;
	if (!p)
		return 0;
	while ((p = strstr(p + 1, "<tr>")) != NULL)
		n++;
	return n;
}

static void test_scope_by_role(void **state)
{
	struct world *w = *state;
	struct http_client *admin = world_client_as(w, U_ADMIN_A);
	struct http_client *la = world_client_as(w, U_LA1);
	struct http_client *sys = world_client_as(w, U_SYSADMIN);
	struct http_client *teacher = world_client_as(w, U_TEACHER_A);
	struct http_client *mat = world_client_as(w, U_MAT);
	struct http_response r;
	char *body;

	body = get_ok(admin, "/audit");
	assert_non_null(strstr(body, "After-A2"));
	assert_non_null(strstr(body, "Tess Taylor"));
	assert_null(strstr(body, "Brook-B1"));
	assert_null(strstr(body, "Cedar-C1"));
	free(body);

	body = get_ok(la, "/audit");
	assert_non_null(strstr(body, "After-A2"));
	assert_non_null(strstr(body, "Brook-B1"));
	assert_null(strstr(body, "Cedar-C1"));
	free(body);
	/* No filter widens the LA officer's view to another LA. */
	body = get_ok(la, "/audit?who=cy.c");
	assert_null(strstr(body, "Cedar-C1"));
	assert_non_null(strstr(body, "Nothing matches"));
	free(body);

	body = get_ok(sys, "/audit");
	assert_non_null(strstr(body, "After-A2"));
	assert_non_null(strstr(body, "Brook-B1"));
	assert_non_null(strstr(body, "Cedar-C1"));
	free(body);

	r = http_get(teacher, "/audit");
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	r = http_get(mat, "/audit");
	assert_int_equal(r.status, 403);
	http_response_free(&r);

	assert_int_equal(http_client_leaks(admin), 0);
	assert_int_equal(http_client_leaks(la), 0);
	http_client_free(admin);
	http_client_free(la);
	http_client_free(sys);
	http_client_free(teacher);
	http_client_free(mat);
}

/* A refused access is in the audit of the user's own school, with what was
 * asked, and never in the audit of the school they tried to reach. */
static void test_denied_access_audited(void **state)
{
	struct world *w = *state;
	struct http_client *teacher = world_client_as(w, U_TEACHER_A);
	struct http_client *admin_a = world_client_as(w, U_ADMIN_A);
	struct http_client *la = world_client_as(w, U_LA1);
	struct http_response r;
	char path[64], *body;

	snprintf(path, sizeof(path), "/schools/%d/pupils", w->laestab[SCHOOL_B]);
	r = http_get(teacher, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);

	body = get_ok(admin_a, "/audit?what=access.denied");
	assert_non_null(strstr(body, "access.denied"));
	assert_non_null(strstr(body, path));
	assert_non_null(strstr(body, "pupil.read"));
	free(body);
	/* The LA sees it through school A; school B's own admin would not: the row
	 * belongs to school A. */
	body = get_ok(la, "/audit?what=access.denied");
	assert_non_null(strstr(body, path));
	free(body);
	http_client_free(teacher);
	http_client_free(admin_a);
	http_client_free(la);
}

static void test_filters_and_order(void **state)
{
	struct world *w = *state;
	struct http_client *admin = world_client_as(w, U_ADMIN_A);
	char *body;
	const char *a2, *a1;

	/* Newest first, with old -> new values. */
	body = get_ok(admin, "/audit?what=pupil.");
	a2 = strstr(body, "After-A2");
	a1 = strstr(body, "Ashworth-A1");
	assert_non_null(a2);
	assert_non_null(a1);
	assert_true(a2 < a1);
	assert_non_null(strstr(body, "Before-A2"));
	assert_non_null(strstr(body, "Oldname"));
	assert_null(strstr(body, "Tess Taylor")); /* user.edit is not pupil. */
	free(body);

	/* Who: the username, in any case. */
	body = get_ok(admin, "/audit?who=ADAM.A");
	assert_non_null(strstr(body, "Tess Taylor"));
	assert_null(strstr(body, "After-A2"));
	free(body);

	/* From / to: days, both included, dd/mm/yyyy or ISO. */
	body = get_ok(admin, "/audit?from=05%2F06%2F2025&to=2025-06-05");
	assert_non_null(strstr(body, "Tess Taylor"));
	assert_null(strstr(body, "After-A2"));
	assert_null(strstr(body, "Ashworth-A1"));
	assert_int_equal(rows_in(body), 1);
	free(body);
	body = get_ok(admin, "/audit?who=tess.a&from=01%2F06%2F2025");
	assert_non_null(strstr(body, "After-A2"));
	assert_null(strstr(body, "Ashworth-A1"));
	free(body);

	/* A date that cannot be read: said where, nothing listed. */
	body = get_ok(admin, "/audit?from=31%2F02%2F2025");
	assert_non_null(strstr(body, "There is a problem"));
	assert_non_null(strstr(body, "dd/mm/yyyy"));
	assert_int_equal(rows_in(body), 0);
	free(body);
	body = get_ok(admin, "/audit?from=10%2F06%2F2025&to=01%2F06%2F2025");
	assert_non_null(strstr(body, "before the first day"));
	free(body);

	/* Unknown or duplicate parameters are refused. */
	{
		struct http_response r = http_get(admin, "/audit?school=8881234");
		assert_int_equal(r.status, 400);
		http_response_free(&r);
		r = http_get(admin, "/audit?who=a&who=b");
		assert_int_equal(r.status, 400);
		http_response_free(&r);
	}
	assert_int_equal(http_client_leaks(admin), 0);
	http_client_free(admin);
}

static void test_pages(void **state)
{
	struct world *w = *state;
	struct http_client *admin = world_client_as(w, U_ADMIN_A);
	char *body, obj[32];

	for (int i = 0; i < 60; i++) {
		snprintf(obj, sizeof(obj), "pupil %d", 100 + i);
		row_add(w, T_NEW + i, "pager", SCHOOL_A, "pupil.flag", obj, "0", "1");
	}
	body = get_ok(admin, "/audit?what=pupil.flag");
	assert_int_equal(rows_in(body), 50);
	assert_non_null(strstr(body, "pupil 159")); /* the newest */
	assert_null(strstr(body, "pupil 109<"));
	assert_non_null(strstr(body, "Older entries"));
	assert_non_null(strstr(body, "page=2"));
	assert_null(strstr(body, "Newer entries"));
	free(body);
	body = get_ok(admin, "/audit?who=&what=pupil.flag&from=&to=&page=2");
	assert_int_equal(rows_in(body), 10);
	assert_non_null(strstr(body, "pupil 100<"));
	assert_non_null(strstr(body, "Newer entries"));
	assert_null(strstr(body, "Older entries"));
	free(body);
	body = get_ok(admin, "/audit?what=pupil.flag&page=3");
	assert_int_equal(rows_in(body), 0);
	free(body);
	http_client_free(admin);
}

static void test_no_secrets(void **state)
{
	struct world *w = *state;
	struct http_client *admin = world_client_as(w, U_ADMIN_A);
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct store_conn *db;
	struct user u = w->user[U_TEACHER_A];
	char *body;

	assert_int_equal(account_password_set(&u, "a fresh secret password", &eb), ERR_OK);
	db = store_acquire(w->app->store);
	assert_int_equal(store_user_update(db, &who, &u, &eb), ERR_OK);
	store_release(db);
	body = get_ok(admin, "/audit?what=user.");
	assert_non_null(strstr(body, "password"));
	assert_non_null(strstr(body, "changed"));
	assert_null(strstr(body, "$argon2"));
	assert_null(strstr(body, u.pw_hash));
	free(body);
	http_client_free(admin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scope_by_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_denied_access_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters_and_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_secrets, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
