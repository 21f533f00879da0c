/*
 * phase: the phases of education an establishment can be in (as Get Information
 * about Schools names them), the one table that the establishment record, the
 * `establishment phase` command and a file request's targeting read.
 */
#ifndef PT_CORE_PHASE_H
#define PT_CORE_PHASE_H

#include <stdbool.h>

enum est_phase {
	PHASE_NONE,	   /* not recorded */
	PHASE_NURSERY,	   /* nursery school */
	PHASE_PRIMARY,	   /* primary, infant, junior, first */
	PHASE_MIDDLE,	   /* middle school */
	PHASE_SECONDARY,   /* secondary, upper */
	PHASE_ALL_THROUGH, /* all-through */
	PHASE__MAX
};

/* "" , "nursery", "primary", "middle", "secondary", "all-through": stored form. */
const char *phase_code(enum est_phase p);
/* "Not recorded", "Nursery", "Primary" ...: what a person reads. */
const char *phase_label(enum est_phase p);
/* A stored code (or its label, any case) into *out; false when unknown. */
bool phase_parse(const char *s, enum est_phase *out);

#endif
