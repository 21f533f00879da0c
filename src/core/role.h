/*
 * role: the five roles of DESIGN.md and the scope each one has. Pure data; the
 * decisions live in access.c.
 */
#ifndef PT_CORE_ROLE_H
#define PT_CORE_ROLE_H

#include <stdbool.h>

enum role {
	ROLE_TEACHER,	   /* one establishment: pupils and tracking */
	ROLE_SCHOOL_ADMIN, /* one establishment: + users, profile, submit, send */
	ROLE_MAT_ADMIN,	   /* one trust: read its schools, upload on their behalf */
	ROLE_LA_OFFICER,   /* one LA: returns, requests, unlocks, LA-wide reports */
	ROLE_SYSADMIN,	   /* everything */
	ROLE__MAX
};

enum scope_kind { SCOPE_ESTABLISHMENT, SCOPE_TRUST, SCOPE_LA, SCOPE_ALL, SCOPE__MAX };

/* Command-line and database name: "teacher", "school-admin", "mat-admin",
 * "la-officer", "sysadmin". */
const char *role_name(enum role r);
/* What a person reads: "Teacher", "School admin", ... */
const char *role_label(enum role r);
/* Parses a role_name(); false when unknown. */
bool role_parse(const char *s, enum role *out);
/* Which kind of scope the role is bound to. */
enum scope_kind role_scope(enum role r);

#endif
