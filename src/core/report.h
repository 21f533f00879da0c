/*
 * report: the counting behind the EYFS reports (issue 8a), pure arithmetic on
 * rows of judgements: the Full Report (per area Below / On track, or for the
 * ELGs Emerging / Expected with GLD and averages), the Venn diagrams of one
 * area of learning, and the statutory EYFS profile and phonics summaries. Every
 * figure and every list of pupils behind it comes from the same membership test
 * (report_member), so a count and its list cannot disagree.
 */
#ifndef PT_CORE_REPORT_H
#define PT_CORE_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"
#include "core/framework.h"
#include "core/measures.h"

/* One pupil as the reports count them. */
struct report_row {
	int value[ELG__MAX]; /* scale index: enum track_result (tracking) or enum elg_result */
	bool included;	     /* include in data = Yes; excluded rows count nowhere */
};

/* ---- THE column rule (issue 5: "one computation in core serves the screen, the
 * downloads and the reports")
 *
 * Every figure at the foot of a grid column (the screen, its JSON, the CSV and
 * XLSX downloads, a save's answer) and every area row of the Full Report is one
 * struct report_column, filled by report_column_add (or, from counts a database
 * made with the same rule, by report_column_set):
 *   pupils (the denominator): the pupils shown (the assessment's year groups,
 *           after the year group, class and characteristics filters) whose
 *           Include in data is Yes: "the number of children in the cohort" of
 *           the seed. A pupil with no judgement yet still counts, so a
 *           percentage never hides missing data (36 pupils, 3 Below: 8.33%);
 *   judged: of them, those with any value in the column (Below, On track;
 *           Emerging, Expected, Absent: Absent is a recorded result);
 *   count[v]: of them, those with value v ([0] = blank);
 *   percentage of v: count[v] / pupils, two decimals, "" when pupils is 0.
 * Pupils with Include in data = No count nowhere. Screens show "judged of
 * pupils" beside the percentages. */
struct report_column {
	int pupils;   /* the denominator: pupils included in data */
	int judged;   /* of them, with a value in the column */
	int count[4]; /* of them, per value index (0 = blank) */
};

/* Adds one pupil (included in data or not) whose value in the column is value
 * (a scale index; anything out of 0..3 counts as blank). */
void report_column_add(struct report_column *c, bool included, int value);
/* The figures from a count made elsewhere with the same rule (the database's
 * answer to a save): pupils included, written[v] of them holding value v for v
 * 1..3 (written[0] is ignored). Blank and judged follow from them. */
void report_column_set(struct report_column *c, int pupils, const int written[static 4]);
/* The Good Level of Development column of an ELG grid, counted by the same rule:
 * a pupil's GLD as the value report_column_add takes, No as 1 (beside Emerging),
 * Yes as 2 (beside Expected). Only pupils report_gld_counted() says are counted
 * (report_column_add's included): those judged in all 17 and not absent, the
 * pupils the Full Report's and the LA's GLD percentage are of (elg_cohort's
 * assessed), so the grid's foot, its downloads and the reports agree. */
bool report_gld_counted(const struct elg_measures *m);
int report_gld_value(enum gld g);
/* The percentage of value v ("8.33"), "" when nobody is included. Returns buf. */
char *report_column_percent(const struct report_column *c, int v, char *buf, size_t size);

/* What a figure of the Full Report counts. */
enum report_stat {
	RSTAT_VALUE, /* pupils with value v in area elg (Below/On track, Emerging/Expected) */
	RSTAT_GLD,   /* ELGs: assessed pupils with a good level of development */
	RSTAT__MAX
};

/* Whether row r is counted by (stat, elg, v) of an assessment on scale kind.
 * RSTAT_VALUE (either scale): included and value v (not blank) in elg, the
 * pupils of report_column's count[v]. RSTAT_GLD (ELGs): included, assessed (all
 * 17 judged, not absent) and GLD Yes. */
bool report_member(enum scale_kind kind, const struct report_row *r, enum report_stat stat,
		   enum elg elg, int v);
/* Whether row r is considered by a Venn diagram in area elg: tracking: included
 * with a value (Below or On track) in elg; ELGs: included and assessed. (Not the
 * Full Report's denominator: that is report_column's pupils.) */
bool report_counted(enum scale_kind kind, const struct report_row *r, enum elg elg);

struct report_full {
	enum scale_kind kind;		    /* the assessment's scale */
	int rows;			    /* rows given */
	int included;			    /* rows with include in data */
	int pupils[ELG__MAX];		    /* denominator per area: col[].pupils (= included) */
	int count[ELG__MAX][4];		    /* per area and value index: col[].count */
	struct report_column col[ELG__MAX]; /* per area: THE column rule */
	struct elg_cohort cohort;	    /* ELGs: the included rows (GLD, averages) */
};

void report_full_compute(enum scale_kind kind, const struct report_row *rows, size_t n,
			 struct report_full *out);

/* Percentage with two decimals ("33.33") of count over den; "" when den is 0.
 * Returns buf. */
char *report_percent(long count, long den, char *buf, size_t size);
/* sum / den with two decimals ("14.22"); "" when den is 0. Returns buf. */
char *report_average(long sum, long den, char *buf, size_t size);

/* ---- Venn diagrams: one area of learning, a set per area of development */

enum { REPORT_VENN_SETS_MAX = 3, REPORT_VENN_REGIONS = 1 << REPORT_VENN_SETS_MAX };

struct report_venn {
	enum area area;			     /* the area of learning */
	int nsets;			     /* its areas of development: 2 or 3 */
	enum elg sets[REPORT_VENN_SETS_MAX]; /* in framework order; set i is bit i */
	int pupils;			     /* rows considered (judged in every set) */
	int not_judged;			     /* included rows left out: a set not judged */
	int region[REPORT_VENN_REGIONS];     /* by mask of sets the pupil is in; [0] = none */
};

/* The areas of development of area a in framework order (n gets 2 or 3 for the
 * five areas of the Venn report; others may have more). */
void report_area_elgs(enum area a, enum elg out[ELG__MAX], int *n);
/* Whether area a has a Venn diagram (2 or 3 areas of development). */
bool report_venn_area(enum area a);
/* The Venn counts of area a (report_venn_area must hold; BUG() otherwise). A
 * row is considered when report_counted holds for every set; it is in set i when
 * On track (Expected for ELGs) in sets[i]. */
void report_venn_compute(enum scale_kind kind, enum area a, const struct report_row *rows, size_t n,
			 struct report_venn *out);
/* The region (mask) of row r in v, or -1 when r is not considered. */
int report_venn_mask(enum scale_kind kind, const struct report_venn *v, const struct report_row *r);

/* ---- statutory summaries (EYFS profile and phonics returns) */

/* The EYFS profile of a school's return: elg_cohort over each pupil's 17 results
 * (CTF codes "1", "2", "A"; anything else blank). */
struct report_eyfsp {
	struct elg_cohort cohort; /* pupils, assessed, absent, gld, sums, per ELG */
};
void report_eyfsp_init(struct report_eyfsp *r);
void report_eyfsp_add(struct report_eyfsp *r, const enum elg_result row[static ELG__MAX]);

/* The phonics screening check of a return. */
struct report_phonics {
	int year1, year2;	  /* pupils of that year group with any entry (mark or code) */
	int year1_met, year2_met; /* of those, a mark of PHONICS_THRESHOLD (32) or more */
};
void report_phonics_init(struct report_phonics *r);
/* Adds a pupil of year group 1 or 2 (others are ignored) whose entry is result
 * ("" = no entry: ignored). */
void report_phonics_add(struct report_phonics *r, int year_group, const char *result);

/* ---- small-number suppression in cross-school tables (issue 8c)
 *
 * THE rule, used by every output of the LA and trust tables (page, CSV, XLSX,
 * API, CLI): a figure resting on fewer than REPORT_SUPPRESS_MIN pupils shows
 * "x" instead of its value.
 *   count:      hidden when the count is below 5 (0 included: "none of them"
 *               discloses as much as "all of them");
 *   percentage: hidden when its count or its denominator is below 5;
 *   average:    hidden when its denominator (the pupils averaged) is below 5.
 * Secondary suppression: a column of school rows with a total row lets anyone
 * work a single hidden figure out (total minus the others). So when exactly one
 * school's figure in a column is hidden and the total is shown, the shown figure
 * of that column resting on the fewest pupils is hidden as well
 * (report_suppress_column). Complements (e.g. 18 of 20 met, so 2 did not) are
 * not suppressed: the tables publish the "met" side only. */

enum { REPORT_SUPPRESS_MIN = 5 };

enum report_cell_kind {
	RCELL_COUNT,   /* num */
	RCELL_PERCENT, /* num / den, 2 decimals */
	RCELL_AVERAGE, /* num / den, 2 decimals (num a sum) */
};

/* One figure of a cross-school table. */
struct report_cell {
	enum report_cell_kind kind;
	long num;    /* count, or the numerator / sum */
	long den;    /* denominator (percent, average); unused for a count */
	bool hidden; /* shown as "x" (set by report_suppress_*) */
};

/* Whether c is hidden by the primary rule (fewer than 5 pupils). */
bool report_suppress_primary(const struct report_cell *c);
/* Applies the primary rule to *col[0..n) (the school rows of one column) and
 * to total (may be NULL), then the secondary rule above. Returns how many school
 * figures the secondary rule hid. */
int report_suppress_column(struct report_cell *const *col, size_t n, struct report_cell *total);
/* The text of c: "x" when hidden, "" when its denominator is 0, else the count
 * or the value with 2 decimals. Returns buf. */
char *report_cell_text(const struct report_cell *c, char *buf, size_t size);

/* ---- groups of pupils by characteristic (issue 8c: "By characteristic")
 *
 * Families: gender, disadvantaged, SEN (N/K/E), EAL, summer born, ethnicity (the
 * major groups of core/codelist.h). Every family has a "not recorded" group, so
 * each pupil is in exactly one group of every family and a family's groups add
 * up to the total (what secondary suppression relies on). */

enum report_family {
	RFAM_GENDER,
	RFAM_DISADVANTAGED,
	RFAM_SEN,
	RFAM_EAL,
	RFAM_SUMMER_BORN,
	RFAM_ETHNICITY,
	RFAM__MAX
};

/* What the groups are decided from. */
struct report_chars {
	char gender;	    /* 'M', 'F', or 0 when not recorded */
	bool disadvantaged; /* disadvantaged flag */
	char sen;	    /* 'N', 'K', 'E', or 0 when not recorded */
	bool eal;	    /* English as an additional language */
	char ethnicity[5];  /* main or extended code, "" when not recorded */
	struct date dob;    /* zero when unknown */
};

struct report_group {
	enum report_family family;
	const char *family_key;	  /* "gender", "disadvantaged", "sen", "eal", "summer_born", ... */
	const char *family_label; /* "Gender", "Disadvantaged", ... */
	const char *key;	  /* "F", "yes", "K", "white", "not_recorded" */
	const char *label;	  /* "Girls", "SEN support", "White", "Not recorded" */
};

/* The groups in display order (families in enum order). */
size_t report_group_count(void);
/* Group i (i < report_group_count()). */
struct report_group report_group_at(size_t i);
/* The index of the group of family fam that a pupil with ch belongs to. */
size_t report_group_of(enum report_family fam, const struct report_chars *ch);

/* ---- KS2 teacher assessment (issue 8c) */

/* One KS2 TA subject (a CTF component, "WR"): pupils with a result that counts
 * (every result except those of pupils outside this year's cohort: L, F, P), of
 * them at the expected standard or above (EXS, GDS) and at greater depth (GDS). */
struct report_ks2_subject {
	int pupils, expected, greater_depth;
};
/* Adds one pupil's result for a subject (ignored when outside the cohort). */
void report_ks2_add(struct report_ks2_subject *s, const char *result);

#endif
