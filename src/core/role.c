/*
 * role: names, labels and scope kinds of the roles (see role.h).
 */
#include "core/role.h"

#include <string.h>

#include "base/xalloc.h"

static const struct {
	const char *name;
	const char *label;
	enum scope_kind scope;
} roles[] = {
	[ROLE_TEACHER] = { "teacher", "Teacher", SCOPE_ESTABLISHMENT },
	[ROLE_SCHOOL_ADMIN] = { "school-admin", "School admin", SCOPE_ESTABLISHMENT },
	[ROLE_MAT_ADMIN] = { "mat-admin", "Trust admin", SCOPE_TRUST },
	[ROLE_LA_OFFICER] = { "la-officer", "LA officer", SCOPE_LA },
	[ROLE_SYSADMIN] = { "sysadmin", "System admin", SCOPE_ALL },
};
_Static_assert(ARRAY_SIZE(roles) == ROLE__MAX, "roles table covers enum role");

const char *role_name(enum role r)
{
	return (unsigned)r < ROLE__MAX ? roles[r].name : "unknown";
}

const char *role_label(enum role r)
{
	return (unsigned)r < ROLE__MAX ? roles[r].label : "Unknown";
}

bool role_parse(const char *s, enum role *out)
{
	for (int i = 0; i < ROLE__MAX; i++) {
		if (s && strcmp(s, roles[i].name) == 0) {
			*out = (enum role)i;
			return true;
		}
	}
	return false;
}

enum scope_kind role_scope(enum role r)
{
	return (unsigned)r < ROLE__MAX ? roles[r].scope : SCOPE_ESTABLISHMENT;
}
