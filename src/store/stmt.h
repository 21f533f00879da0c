/*
 * stmt: the fixed table of every SQL statement the store runs, indexed by enum
 * stmt_id. Written once with '?' placeholders (the PostgreSQL backend rewrites them
 * to $1..$n when it prepares); a separate PostgreSQL text only where dialects differ.
 * Private to src/store.
 */
#ifndef PT_STORE_STMT_H
#define PT_STORE_STMT_H

enum stmt_id {
	STMT_MIG_LOCK,
	STMT_MIG_CREATE,
	STMT_MIG_TABLE,
	STMT_MIG_MAX,
	STMT_MIG_APPLIED,
	STMT_MIG_INSERT,

	STMT_LA_INSERT,
	STMT_LA_GET,
	STMT_LA_GET_BY_CODE,
	STMT_LA_LIST,
	STMT_TRUST_INSERT,
	STMT_TRUST_GET,
	STMT_TRUST_GET_BY_NAME,
	STMT_TRUST_LIST,
	STMT_EST_INSERT,
	STMT_EST_GET,
	STMT_EST_GET_BY_LAESTAB,
	STMT_EST_LIST,

	STMT_USER_INSERT,
	STMT_USER_GET,
	STMT_USER_GET_BY_NAME,
	STMT_USER_UPDATE,
	STMT_USER_LIST,
	STMT_SESSION_INSERT,
	STMT_SESSION_GET,
	STMT_SESSION_TOUCH,
	STMT_SESSION_END,
	STMT_SESSION_END_USER,
	STMT_TOKEN_INSERT,
	STMT_TOKEN_GET,

	STMT_PUPIL_INSERT,
	STMT_PUPIL_GET,
	STMT_PUPIL_GET_BY_UPN,
	STMT_PUPIL_UPDATE,
	STMT_PUPIL_LIST,
	STMT_PUPIL_COUNT,

	STMT_AUDIT_INSERT,
	STMT_AUDIT_LIST,

	/* ---- issue 3a: sign-in, security code, TOTP, throttling, profile ---- */

	/* ---- issue 3b: mail, password reset, session expiry ---- */

	/* ---- issue 3c: managing people, organisations, audit pages ---- */

	/* ---- issue 4a: pupil records, search, filter, profile ---- */

	/* ---- issue 4b: pupil upload, edit multiple, interventions, transfers ---- */

	/* ---- issue 5: EYFS tracking ---- */

	/* ---- issue 6: statutory results and CTF ---- */

	STMT__MAX
};

struct stmt_def {
	const char *sql;    /* both dialects, '?' placeholders */
	const char *pg;	    /* PostgreSQL text where the dialects differ, else NULL */
	const char *params; /* one letter per '?': 'i' int64, 't' text, 'b' blob */
};

/* The definition of id; never NULL. */
const struct stmt_def *stmt_def_of(enum stmt_id id);

#endif
