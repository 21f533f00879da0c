/*
 * access: the policy table and the one authorisation function (see access.h).
 * DESIGN.md's role table, made machine-readable: change access here and nowhere
 * else, and update tests/unit/core/test_access.c's expected matrix with it.
 */
#include "core/access.h"

#include "base/xalloc.h"

#define D NEED_DENY
#define A NEED_ANY
#define E NEED_OWN_ESTAB
#define T NEED_OWN_TRUST
#define L NEED_OWN_LA

/* Columns: teacher, school admin, MAT admin, LA officer, sysadmin. */
/* clang-format off */
static const struct {
	const char *name;
	enum access_need need[ROLE__MAX];
} policy[] = {
	[ACT_NONE] = {"none", {D, D, D, D, D}},
	[ACT_PUBLIC] = {"public", {A, A, A, A, A}},
	[ACT_SELF] = {"self", {A, A, A, A, A}},
	[ACT_HOME] = {"home", {A, A, A, A, A}},
	[ACT_ESTAB_READ] = {"establishment.read", {E, E, T, L, A}},
	[ACT_PUPIL_READ] = {"pupil.read", {E, E, T, L, A}},
	[ACT_PUPIL_WRITE] = {"pupil.write", {E, E, D, D, A}},
	[ACT_PUPIL_RESTORE] = {"pupil.restore", {D, D, D, L, A}},
	[ACT_ASSESS_READ] = {"assessment.read", {E, E, T, L, A}},
	[ACT_ASSESS_WRITE] = {"assessment.write", {E, E, D, D, A}},
	[ACT_REPORT_READ] = {"report.read", {E, E, T, L, A}},
	[ACT_ESTAB_ADMIN] = {"establishment.admin", {D, E, D, D, A}},
	[ACT_USER_ADMIN] = {"user.admin", {D, E, D, L, A}},
	[ACT_SUBMIT] = {"submit", {D, E, D, D, A}},
	[ACT_FILE_SEND] = {"file.send", {D, E, T, D, A}},
	[ACT_RETURN_READ] = {"return.read", {D, E, T, L, A}},
	[ACT_LA_READ] = {"la.read", {D, D, D, L, A}},
	[ACT_LA_ADMIN] = {"la.admin", {D, D, D, L, A}},
	[ACT_UNLOCK] = {"unlock", {D, D, D, L, A}},
	[ACT_AUDIT_READ] = {"audit.read", {D, E, D, L, A}},
	[ACT_MAINTENANCE] = {"maintenance", {D, E, D, L, A}},
	[ACT_SYSTEM_ADMIN] = {"system.admin", {D, D, D, D, A}},

	/* ---- issue 3a: sign-in, security code, TOTP, throttling, profile ---- */

	/* ---- issue 3b: mail, password reset, session expiry ---- */

	/* ---- issue 3c: managing people, organisations, audit pages ---- */

	/* ---- issue 4a: pupil records, search, filter, profile ---- */

	/* ---- issue 4b: pupil upload, edit multiple, interventions, transfers ---- */
	[ACT_PUPIL_TRANSFER] = {"pupil.transfer", {E, E, D, L, A}},

	/* ---- issue 5: EYFS tracking ---- */

	/* ---- issue 6: statutory results and CTF ---- */

	/* ---- issue 3d: accounts: refused forms, audit of every change ---- */

	/* ---- issue 4c: pupils API ---- */

	/* ---- issue 5b: EYFS grid speed, XLSX check ---- */

	/* ---- issue 6c: statutory: CTF preview, downloads, entry screens ---- */

	/* ---- issue 7b: collection: school upload side, results templates ---- */

	/* ---- issue 7c: collection: LA receive, chase, reminders, targeting ---- */

	/* ---- issue 7d: collection: API, MAT bulk upload ---- */
	[ACT_TRUST_UPLOAD] = {"file.send_trust", {D, D, T, D, D}},

	/* ---- issue 8c: reports: LA and trust tables, KS2, headline ---- */
	[ACT_TRUST_READ] = {"trust.read", {D, D, T, D, A}},

};
/* clang-format on */
_Static_assert(ARRAY_SIZE(policy) == ACT__MAX, "policy table covers enum action");
_Static_assert(ROLE__MAX == 5, "policy columns are the five roles");

#undef D
#undef A
#undef E
#undef T
#undef L

enum access_need access_need_of(enum action act, enum role role)
{
	if ((unsigned)act >= ACT__MAX || (unsigned)role >= ROLE__MAX)
		return NEED_DENY;
	return policy[act].need[role];
}

bool access_role_may(enum role role, enum action act)
{
	return access_need_of(act, role) != NEED_DENY;
}

const char *access_action_name(enum action act)
{
	return (unsigned)act < ACT__MAX ? policy[act].name : "unknown";
}

bool access_allowed(const struct user *u, enum action act, const struct resource_scope *r)
{
	if ((unsigned)act >= ACT__MAX || act == ACT_NONE)
		return false;
	if (act == ACT_PUBLIC)
		return true;
	if (!u || u->disabled)
		return false;
	switch (access_need_of(act, u->role)) {
	case NEED_ANY:
		return true;
	case NEED_OWN_ESTAB:
		return r && u->establishment_id != 0 && r->establishment_id == u->establishment_id;
	case NEED_OWN_TRUST:
		return r && u->trust_id != 0 && r->trust_id == u->trust_id;
	case NEED_OWN_LA:
		return r && u->la_id != 0 && r->la_id == u->la_id;
	case NEED_DENY:
	case NEED__MAX:
		break;
	}
	return false;
}

struct resource_scope access_scope_of_establishment(const struct establishment *e)
{
	struct resource_scope r = { e->id, e->trust_id, e->la_id };
	return r;
}

struct resource_scope access_scope_of_user(const struct user *u)
{
	struct resource_scope r = { 0, 0, 0 };
	switch (role_scope(u->role)) {
	case SCOPE_ESTABLISHMENT:
		r.establishment_id = u->establishment_id;
		break;
	case SCOPE_TRUST:
		r.trust_id = u->trust_id;
		break;
	case SCOPE_LA:
		r.la_id = u->la_id;
		break;
	case SCOPE_ALL:
	case SCOPE__MAX:
		break;
	}
	return r;
}
