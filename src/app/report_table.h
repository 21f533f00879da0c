/*
 * report_table: the cross-school tables of an LA or a trust (issue 8c): one row
 * per school of the area and a total row, for one collection and academic year,
 * from the schools' statutory results in the store:
 *   eyfsp:   pupils, assessed, GLD %, average ELGs at expected, average total;
 *   phonics: Year 1 pupils and % meeting the standard; Year 2 pupils and % who
 *            met it by the end of Year 2 (in the Year 1 check the year before or
 *            the Year 2 check);
 *   ks2:     per KS2 teacher-assessment subject whose results include the
 *            expected standard (from the code table): pupils, % at expected or
 *            above, % at greater depth where the subject has it.
 * Every figure goes through core/report.h's suppression (fewer than 5 pupils:
 * "x"; secondary rule per column) before any output: the page, CSV, XLSX, API
 * and CLI all write the cells built here.
 *
 * The caller has checked access to the LA or trust (the route's action).
 */
#ifndef PT_APP_REPORT_TABLE_H
#define PT_APP_REPORT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/assess.h"
#include "base/strbuf.h"
#include "core/report.h"
#include "core/statutory.h"
#include "store/store.h"

struct app;

enum { RTABLE_COLS_MAX = 16 };

struct rtable_col {
	char key[32];	 /* JSON key and CSV heading: "gld_percent", "WR_expected_percent" */
	char label[160]; /* the heading a person reads */
};

struct rtable_row {
	int laestab;		     /* 0 on the total row and on group rows */
	struct report_group group;   /* by characteristic: the group of the row */
	char name[NAME_MAX_LEN + 1]; /* school name, or "LA total" / "Trust total" */
	struct report_cell cell[RTABLE_COLS_MAX];
};

struct rtable {
	enum collection coll;	     /* COLL_EYFSP, COLL_PHONICS or COLL_KS2 */
	int academic_year;	     /* start year */
	bool trust;		     /* a trust's table (else an LA's) */
	bool by_characteristic;	     /* rows are groups of pupils (else schools) */
	char area[NAME_MAX_LEN + 1]; /* the LA's or trust's name */
	size_t ncols;		     /* columns in use */
	struct rtable_col col[RTABLE_COLS_MAX];
	size_t nrows;		 /* schools */
	struct rtable_row *rows; /* the schools, by name; owned */
	struct rtable_row total; /* the LA or trust total */
	int hidden;		 /* figures shown as "x" (school and total rows) */
};

/* Whether coll has a cross-school table (eyfsp, phonics, ks2). */
bool rtable_collection(enum collection coll);

/* Builds the table of LA la_id (trust_id 0) or trust trust_id (la_id 0) for coll
 * in academic_year, suppression applied. ERR_NOT_FOUND for no such LA or trust;
 * ERR_INVALID for a collection without a table. Free with rtable_free. */
enum err rtable_build(struct app *app, struct store_conn *c, int64_t la_id, int64_t trust_id,
		      enum collection coll, int academic_year, struct rtable *out);
/* The same figures for the LA's or trust's pupils by characteristic (core/report.h
 * groups: gender, disadvantaged, SEN, EAL, summer born, ethnicity groups): a row
 * per group, families in order, and the total; suppression applied with each
 * family's rows as the column (they add up to the total). */
enum err rtable_build_by_characteristic(struct app *app, struct store_conn *c, int64_t la_id,
					int64_t trust_id, enum collection coll, int academic_year,
					struct rtable *out);
void rtable_free(struct rtable *t);

/* The text of a cell ("x" when suppressed). Returns buf. */
char *rtable_cell_text(const struct report_cell *c, char *buf, size_t size);

/* The table as a sheet (title rows, header, schools, total, the note): what the
 * CSV and XLSX downloads write. Free with assess_sheet_free. */
void rtable_sheet(const struct rtable *t, struct assess_sheet *out);
/* JSON: {"report": "table", "collection", "academic_year", "area", "trust",
 * "suppression_min": 5, "columns": [{key, label}], "schools": [{laestab, name,
 * KEY: value|"x"|null ...}], "total": {...}}; by characteristic "report":
 * "table_by_characteristic" and "groups": [{characteristic, group, name, KEY...}]
 * instead of "schools". False when out reached its cap. */
bool rtable_json(struct strbuf *out, const struct rtable *t);
/* Plain text for the command line: one line per school, "name: key value, ...". */
void rtable_text(struct strbuf *out, const struct rtable *t);

/* ---- KS2 teacher assessment of one school or a CTF (`report ks2`) */

enum { REPORT_KS2_SUBJECTS_MAX = 8 };
struct report_ks2 {
	size_t n;					   /* subjects */
	char code[REPORT_KS2_SUBJECTS_MAX][STAT_CODE_MAX]; /* CTF component: "WR" */
	char label[REPORT_KS2_SUBJECTS_MAX][96];	   /* "KS2 writing" */
	bool has_gds[REPORT_KS2_SUBJECTS_MAX];		   /* GDS is a result of it */
	struct report_ks2_subject s[REPORT_KS2_SUBJECTS_MAX];
};
/* The KS2 TA subjects of the code table (every ks2 TA row), counts zero. */
void report_ks2_init(const struct codes *codes, struct report_ks2 *r);
/* Adds the KS2 TA results stored for school e in academic_year. */
enum err report_ks2_of_school(struct store_conn *c, const struct establishment *e,
			      int academic_year, struct report_ks2 *r);
/* Adds the KS2 TA results of a CTF already read. */
void report_ks2_of_return(const struct codes *codes, const struct stat_return *ret,
			  struct report_ks2 *r);
/* JSON {"report": "ks2", establishment, academic_year, "subjects": {"WR":
 * {"label", "pupils", "expected", "expected_percent", "greater_depth",
 * "greater_depth_percent"}, ...}} (percentages of pupils, null when none);
 * text and CSV (a row per subject) as report_eyfsp_text. */
bool report_ks2_json(struct strbuf *out, int laestab, int academic_year,
		     const struct report_ks2 *r);
void report_ks2_text(struct strbuf *out, const struct report_ks2 *r, bool csv);

#endif
