/*
 * statutory_rules: helpers shared by statutory.c (model, header, pupils) and
 * statutory_results.c (the rules of each collection's results). Internal to core.
 */
#ifndef PT_CORE_STATUTORY_RULES_H
#define PT_CORE_STATUTORY_RULES_H

#include <stdbool.h>

#include "base/date.h"
#include "core/statutory.h"

/* A whole number written canonically ("0", "32"; not "032", "+3"), into *v. */
bool stat_whole_number(const char *s, long *v);
/* The result rules of one pupil: code table, duplicates, EYFSP, phonics, KS2. */
void stat_check_results(const struct stat_return *r, const struct stat_pupil *p,
			const struct codes *codes, const struct stat_options *opt,
			struct problem_list *out);

#endif
