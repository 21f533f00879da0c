/*
 * test_access: the full authorisation matrix action x role x resource scope,
 * written out independently of access.c's policy table from DESIGN.md's role
 * table. A change of policy must change both.
 */
#include <string.h>

#include "testutil/testutil.h"
#include "core/access.h"

/* Scope fixture: LA 10 and LA 20; trusts 100 and 200. */
enum { LA_OWN = 10, LA_OTHER = 20, TRUST_OWN = 100, TRUST_OTHER = 200 };

/* Resources, in the column order of the expectation strings below. */
static const struct resource_scope resources[] = {
	{ 1, TRUST_OWN, LA_OWN },   /* own school (S1: in the own LA and the own trust) */
	{ 2, 0, LA_OWN },	    /* other school, same LA, no trust */
	{ 3, 0, LA_OTHER },	    /* school in another LA */
	{ 4, TRUST_OWN, LA_OTHER }, /* other school of the own trust (in another LA) */
	{ 5, TRUST_OTHER, LA_OWN }, /* school of another trust (in the own LA) */
	{ 0, 0, LA_OWN },	    /* LA-level object of the own LA */
	{ 0, 0, LA_OTHER },	    /* LA-level object of another LA */
};
enum { NCOLS = 8 }; /* the seven above and "no resource" */

/* Per role, per column: Y allowed, N denied. */
#define DENY "NNNNNNNN"
#define ANY "YYYYYYYY"
#define OWN_E "YNNNNNNN"
#define OWN_T "YNNYNNNN"
#define OWN_L "YYNNYYNN"

/* clang-format off */
static const char *const expected[ACT__MAX][ROLE__MAX] = {
	/*                   teacher  school admin  MAT admin  LA officer  sysadmin */
	[ACT_NONE] = {DENY, DENY, DENY, DENY, DENY},
	[ACT_PUBLIC] = {ANY, ANY, ANY, ANY, ANY},
	[ACT_SELF] = {ANY, ANY, ANY, ANY, ANY},
	[ACT_HOME] = {ANY, ANY, ANY, ANY, ANY},
	[ACT_ESTAB_READ] = {OWN_E, OWN_E, OWN_T, OWN_L, ANY},
	[ACT_PUPIL_READ] = {OWN_E, OWN_E, OWN_T, OWN_L, ANY},
	[ACT_PUPIL_WRITE] = {OWN_E, OWN_E, DENY, DENY, ANY},
	[ACT_PUPIL_RESTORE] = {DENY, DENY, DENY, OWN_L, ANY},
	[ACT_ASSESS_READ] = {OWN_E, OWN_E, OWN_T, OWN_L, ANY},
	[ACT_ASSESS_WRITE] = {OWN_E, OWN_E, DENY, DENY, ANY},
	[ACT_REPORT_READ] = {OWN_E, OWN_E, OWN_T, OWN_L, ANY},
	[ACT_ESTAB_ADMIN] = {DENY, OWN_E, DENY, DENY, ANY},
	[ACT_USER_ADMIN] = {DENY, OWN_E, DENY, OWN_L, ANY},
	[ACT_SUBMIT] = {DENY, OWN_E, DENY, DENY, ANY},
	[ACT_FILE_SEND] = {DENY, OWN_E, OWN_T, DENY, ANY},
	[ACT_RETURN_READ] = {DENY, OWN_E, OWN_T, OWN_L, ANY},
	[ACT_LA_READ] = {DENY, DENY, DENY, OWN_L, ANY},
	[ACT_LA_ADMIN] = {DENY, DENY, DENY, OWN_L, ANY},
	[ACT_UNLOCK] = {DENY, DENY, DENY, OWN_L, ANY},
	[ACT_AUDIT_READ] = {DENY, OWN_E, DENY, OWN_L, ANY},
	[ACT_MAINTENANCE] = {DENY, OWN_E, DENY, OWN_L, ANY},
	[ACT_SYSTEM_ADMIN] = {DENY, DENY, DENY, DENY, ANY},
	/* issue 4b */
	[ACT_PUPIL_TRANSFER] = {OWN_E, OWN_E, DENY, OWN_L, ANY},
	/* issue 7d */
	[ACT_TRUST_UPLOAD] = {DENY, DENY, OWN_T, DENY, DENY},
	/* issue 8c */
	[ACT_TRUST_READ] = {DENY, DENY, OWN_T, DENY, ANY},
};
/* clang-format on */

static struct user user_of(enum role role)
{
	struct user u;
	memset(&u, 0, sizeof(u));
	u.id = 1 + (int64_t)role;
	u.role = role;
	switch (role_scope(role)) {
	case SCOPE_ESTABLISHMENT:
		u.establishment_id = 1;
		break;
	case SCOPE_TRUST:
		u.trust_id = TRUST_OWN;
		break;
	case SCOPE_LA:
		u.la_id = LA_OWN;
		break;
	default:
		break;
	}
	return u;
}

static void test_matrix(void **state)
{
	(void)state;
	int mismatches = 0;
	for (int a = 0; a < ACT__MAX; a++) {
		for (int r = 0; r < ROLE__MAX; r++) {
			struct user u = user_of((enum role)r);
			const char *want = expected[a][r];
			assert_non_null(want);
			assert_int_equal(strlen(want), NCOLS);
			for (int c = 0; c < NCOLS; c++) {
				const struct resource_scope *res = c < 7 ? &resources[c] : NULL;
				bool got = access_allowed(&u, (enum action)a, res);
				if (got != (want[c] == 'Y')) {
					print_error("mismatch: %s x %s x column %d: got %s\n",
						    access_action_name((enum action)a),
						    role_name((enum role)r), c,
						    got ? "allow" : "deny");
					mismatches++;
				}
			}
		}
	}
	assert_int_equal(mismatches, 0);
}

static void test_disabled_gets_nothing(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE__MAX; r++) {
		struct user u = user_of((enum role)r);
		u.disabled = true;
		for (int a = 0; a < ACT__MAX; a++) {
			for (int c = 0; c < NCOLS; c++) {
				const struct resource_scope *res = c < 7 ? &resources[c] : NULL;
				bool got = access_allowed(&u, (enum action)a, res);
				assert_int_equal(got, a == ACT_PUBLIC);
			}
		}
	}
}

static void test_anonymous_only_public(void **state)
{
	(void)state;
	for (int a = 0; a < ACT__MAX; a++)
		for (int c = 0; c < NCOLS; c++)
			assert_int_equal(access_allowed(NULL, (enum action)a,
							c < 7 ? &resources[c] : NULL),
					 a == ACT_PUBLIC);
}

static void test_unscoped_user_denied(void **state)
{
	/* A teacher with no establishment (a broken record) must see nothing scoped,
	 * even a resource with establishment_id 0. */
	(void)state;
	struct user u = user_of(ROLE_TEACHER);
	struct resource_scope zero = { 0, 0, 0 };
	u.establishment_id = 0;
	assert_false(access_allowed(&u, ACT_PUPIL_READ, &zero));
	u = user_of(ROLE_MAT_ADMIN);
	u.trust_id = 0;
	assert_false(access_allowed(&u, ACT_PUPIL_READ, &zero));
	u = user_of(ROLE_LA_OFFICER);
	u.la_id = 0;
	assert_false(access_allowed(&u, ACT_LA_READ, &zero));
}

static void test_out_of_range(void **state)
{
	(void)state;
	struct user u = user_of(ROLE_SYSADMIN);
	assert_false(access_allowed(&u, ACT__MAX, NULL));
	assert_false(access_allowed(&u, (enum action) - 1, NULL));
	u.role = ROLE__MAX;
	assert_false(access_allowed(&u, ACT_HOME, NULL));
	assert_int_equal(access_need_of(ACT_HOME, ROLE__MAX), NEED_DENY);
	assert_string_equal(access_action_name(ACT__MAX), "unknown");
}

static void test_role_may_and_names(void **state)
{
	(void)state;
	assert_true(access_role_may(ROLE_TEACHER, ACT_PUPIL_READ));
	assert_false(access_role_may(ROLE_TEACHER, ACT_SUBMIT));
	assert_true(access_role_may(ROLE_LA_OFFICER, ACT_UNLOCK));
	assert_false(access_role_may(ROLE_MAT_ADMIN, ACT_PUPIL_WRITE));
	for (int a = 0; a < ACT__MAX; a++) {
		const char *n = access_action_name((enum action)a);
		assert_non_null(n);
		for (int b = a + 1; b < ACT__MAX; b++)
			assert_string_not_equal(n, access_action_name((enum action)b));
	}
}

static void test_scope_of_establishment(void **state)
{
	(void)state;
	struct establishment e = { .id = 7, .la_id = 3, .trust_id = 9 };
	struct resource_scope r = access_scope_of_establishment(&e);
	assert_int_equal(r.establishment_id, 7);
	assert_int_equal(r.la_id, 3);
	assert_int_equal(r.trust_id, 9);
}

static void test_scope_of_user(void **state)
{
	/* Each role's own area passes exactly the rows that role has at all. */
	(void)state;
	for (int r = 0; r < ROLE__MAX; r++) {
		struct user u = user_of((enum role)r);
		struct resource_scope own = access_scope_of_user(&u);
		for (int a = ACT_PUBLIC; a < ACT__MAX; a++)
			assert_int_equal(access_allowed(&u, (enum action)a, &own),
					 access_role_may((enum role)r, (enum action)a));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_disabled_gets_nothing),
		cmocka_unit_test(test_anonymous_only_public),
		cmocka_unit_test(test_unscoped_user_denied),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_role_may_and_names),
		cmocka_unit_test(test_scope_of_establishment),
		cmocka_unit_test(test_scope_of_user),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
