/*
 * measures: EYFS profile measures of one child (good level of development, ELG
 * total score, ELGs at expected) and of a cohort, and the rounding every summary
 * figure uses. Pure arithmetic on rows of enum elg_result (core/framework.h).
 */
#ifndef PT_CORE_MEASURES_H
#define PT_CORE_MEASURES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/framework.h"

/* Absent: a child with Absent in any ELG is absent throughout (the LA tracker and
 * Juniper both set all 17 to A). Such a row counts as complete, with GLD "No",
 * total score 0 and no ELGs at expected, and is left out of cohort averages. */

enum gld {
	GLD_UNKNOWN, /* not decided yet: some of E01-E12 still blank, none Emerging */
	GLD_NO,	     /* Emerging in any of E01-E12, or absent */
	GLD_YES,     /* Expected in all of E01-E12 */
	GLD__MAX
};

struct elg_measures {
	enum gld gld;  /* good level of development */
	bool complete; /* all 17 judged (or the child is absent) */
	bool absent;   /* Absent in any ELG */
	int entered;   /* ELGs not blank */
	int expected;  /* ELGs at Expected (so far, when not complete) */
	int total;     /* ELG total score (Emerging 1, Expected 2); -1 until complete */
	/* the same sum over the ELGs entered so far, blank as 0: what the LA tracker
	 * showed while a row was being filled in */
	int running_total;
	bool all_expected;    /* Expected in all 17 */
	bool cl_lit_expected; /* Expected in E01, E02, E08, E09, E10 (DfE headline) */
};

/* "Yes", "No", "" for GLD_UNKNOWN. */
const char *gld_label(enum gld g);
/* Measures of one child's row of 17 results. */
void elg_measures_compute(const enum elg_result r[static ELG__MAX], struct elg_measures *out);
/* If any ELG is Absent, sets all 17 to Absent (what the grid does when a teacher
 * picks Absent). Returns true when the row holds Absent. */
bool elg_apply_absent(enum elg_result r[static ELG__MAX]);

/* A cohort summary as the LA reports it: GLD and averages over the children
 * assessed (complete, not absent). */
struct elg_cohort {
	int pupils;		       /* rows added */
	int assessed;		       /* complete and not absent */
	int absent;		       /* absent throughout */
	int incomplete;		       /* some ELG still blank */
	int gld;		       /* assessed with GLD Yes */
	int all_expected;	       /* assessed with all 17 at Expected */
	int cl_lit_expected;	       /* assessed at Expected in E01, E02, E08-E10 */
	long expected_sum;	       /* ELGs at Expected, summed over the assessed */
	long total_sum;		       /* total scores, summed over the assessed */
	int emerging_by_elg[ELG__MAX]; /* assessed children Emerging in each ELG */
	int expected_by_elg[ELG__MAX]; /* assessed children Expected in each ELG */
};

void elg_cohort_init(struct elg_cohort *c);
void elg_cohort_add(struct elg_cohort *c, const enum elg_result r[static ELG__MAX]);

/* Rounds num/den to the nearest whole number, halves away from zero (so up for
 * the non-negative figures we show). False when den is 0 ("no value", shown as
 * a dash rather than 0%). Scale first for decimals: percent with two decimals
 * of 10 out of 27 is measure_div_round(10 * 10000, 27) = 3704. */
bool measure_div_round(long num, long den, long *out);
/* Whole-number percentage of count out of total, rounding half up (1 of 8 =
 * 12.5% -> 13). False when total is 0. */
bool measure_percent(long count, long total, int *out);
/* value / 10^decimals as text: (3704, 2) -> "37.04", (-5, 1) -> "-0.5".
 * decimals 0..6. Returns buf. */
char *measure_format_fixed(long value, int decimals, char *buf, size_t size);

#endif
