/*
 * access: THE authorisation decision of pupiltrack. One pure function over one
 * policy table (action x role -> which relation between the user's scope and the
 * resource's owner is required). Handlers never decide access themselves; the
 * web dispatcher and the use cases call access_allowed().
 */
#ifndef PT_CORE_ACCESS_H
#define PT_CORE_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"

/* What is being attempted. Every route of the web server names one. */
enum action {
	ACT_NONE,	   /* not a valid action: a route without a policy row */
	ACT_PUBLIC,	   /* sign-in page, health check, static files: anyone, signed in or not */
	ACT_SELF,	   /* the user's own account: sign out, change password, /api/v1/me */
	ACT_HOME,	   /* the home page and the list of schools the user may see */
	ACT_ESTAB_READ,	   /* see an establishment (name, LAESTAB) */
	ACT_PUPIL_READ,	   /* read pupils of an establishment */
	ACT_PUPIL_WRITE,   /* add and edit pupils, archive */
	ACT_PUPIL_RESTORE, /* restore archived pupils */
	ACT_ASSESS_READ,   /* read assessments and tracking judgements */
	ACT_ASSESS_WRITE,  /* create assessments, enter judgements */
	ACT_REPORT_READ,   /* reports of one establishment */
	ACT_ESTAB_ADMIN,   /* establishment profile: class names, custom filters */
	ACT_USER_ADMIN,	   /* users of an establishment */
	ACT_SUBMIT,	   /* submit (lock) statutory results */
	ACT_FILE_SEND,	   /* send files / upload returns to the LA */
	ACT_RETURN_READ,   /* see returns and submissions of an establishment */
	ACT_LA_READ,	   /* LA-wide reports and overviews */
	ACT_LA_ADMIN,	   /* file requests, deadlines, mark received, news */
	ACT_UNLOCK,	   /* unlock a submitted result set */
	ACT_AUDIT_READ,	   /* read the audit trail */
	ACT_MAINTENANCE,   /* the maintenance area: profile, templates, requests */
	ACT_SYSTEM_ADMIN,  /* LAs, trusts, establishments, users of any scope */

	/* ---- issue 3a: sign-in, security code, TOTP, throttling, profile ---- */

	/* ---- issue 3b: mail, password reset, session expiry ---- */

	/* ---- issue 3c: managing people, organisations, audit pages ---- */

	/* ---- issue 4a: pupil records, search, filter, profile ---- */

	/* ---- issue 4b: pupil upload, edit multiple, interventions, transfers ---- */
	ACT_PUPIL_TRANSFER, /* confirm or refuse moving a pupil away to another school */

	/* ---- issue 5: EYFS tracking ---- */

	/* ---- issue 6: statutory results and CTF ---- */

	/* ---- issue 3d: accounts: refused forms, audit of every change ---- */

	/* ---- issue 4c: pupils API ---- */

	/* ---- issue 5b: EYFS grid speed, XLSX check ---- */

	/* ---- issue 6c: statutory: CTF preview, downloads, entry screens ---- */

	/* ---- issue 7b: collection: school upload side, results templates ---- */

	/* ---- issue 7c: collection: LA receive, chase, reminders, targeting ---- */

	/* ---- issue 7d: collection: API, MAT bulk upload ---- */
	ACT_TRUST_UPLOAD, /* a MAT admin's bulk upload of returns for the trust's schools */

	/* ---- issue 8c: reports: LA and trust tables, KS2, headline ---- */
	ACT_TRUST_READ, /* trust-wide reports: the cross-school tables of a trust */

	ACT__MAX
};

/* The owner of a resource, resolved by the caller from the store. Zero fields mean
 * "not owned at that level": an LA-level object (a file request) has only la_id;
 * an establishment has establishment_id, la_id and trust_id (0 outside a trust). */
struct resource_scope {
	int64_t establishment_id; /* owning establishment, 0 = none */
	int64_t trust_id;	  /* trust of that establishment, 0 = none */
	int64_t la_id;		  /* owning LA, 0 = none */
};

/* The relation a policy row requires between the user's scope and the resource. */
enum access_need {
	NEED_DENY,	/* never */
	NEED_ANY,	/* always (with or without a resource) */
	NEED_OWN_ESTAB, /* resource belongs to the user's establishment */
	NEED_OWN_TRUST, /* resource's establishment is in the user's trust */
	NEED_OWN_LA,	/* resource belongs to (an establishment of) the user's LA */
	NEED__MAX
};

/* The decision. u NULL means "not signed in": only ACT_PUBLIC is allowed. Disabled
 * users get nothing but ACT_PUBLIC. r may be NULL for actions that need no
 * resource; a scoped row (NEED_OWN_*) with r NULL is denied (fail closed). */
bool access_allowed(const struct user *u, enum action act, const struct resource_scope *r);
/* Whether the role may ever perform act on something (for showing menu items); the
 * real check is access_allowed. */
bool access_role_may(enum role role, enum action act);
/* The policy row entry (NEED_DENY for out-of-range arguments). */
enum access_need access_need_of(enum action act, enum role role);
/* "pupil.read" style name of an action, for logs and tests; never NULL. */
const char *access_action_name(enum action act);
/* The scope of an establishment. */
struct resource_scope access_scope_of_establishment(const struct establishment *e);
/* The user's own area as a resource: what pages about "my area" (not one named
 * establishment) are checked against. Teacher and school admin: their
 * establishment; MAT admin: their trust; LA officer: their LA; sysadmin: all
 * zero (any row of theirs is NEED_ANY). */
struct resource_scope access_scope_of_user(const struct user *u);

#endif
