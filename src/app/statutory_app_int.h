/*
 * statutory_app_int: what statutory_app.c shares with statutory_import.c (the
 * CTF import). Private to the app layer.
 */
#ifndef PT_APP_STATUTORY_APP_INT_H
#define PT_APP_STATUTORY_APP_INT_H

#include "app/statutory_app.h"

/* The Year 1 phonics outcomes of a school's pupils by UPN, for the Year 2 rule. */
struct y1_map {
	const char **upn;    /* UPNs */
	enum phonics_y1 *y1; /* parallel */
	size_t n, cap;
};

void stat_y1_free(struct y1_map *m);
/* The rule engine's options for school e (its LAESTAB, today, m for Year 1). */
void stat_options_fill(struct app *a, const struct establishment *e, struct y1_map *m,
		       struct stat_options *opt);
/* What Year 1 phonics gave the pupil with upn, for the Year 2 rule of school
 * establishment_id's return, into *out, as the Year 2 entry screen shows it:
 * from the stored results of the academic year before academic_year. Told only
 * of a pupil the school may judge: on roll there (archived there too), a
 * leaver its phonics return of academic_year holds results of (a pupil who
 * moved on stays in it), or one whose Year 1 result is its own; for anyone
 * else (another school's pupil: the import refuses them) and a UPN pupiltrack
 * does not hold, PHONICS_Y1_UNKNOWN. A store error is returned as it is. */
enum err stat_phonics_y1_by_upn(struct store_conn *c, int64_t establishment_id, const char *upn,
				int academic_year, enum phonics_y1 *out);
/* Copies the problems of src into dst; completeness rules only when keep_all. */
void stat_problems_copy(struct problem_list *dst, const struct problem_list *src, bool keep_all);
/* Is row the phonics outcome (codes only) rather than the mark (a range)? */
bool stat_is_outcome_row(const struct code_row *row);

#endif
