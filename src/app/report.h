/*
 * report: the EYFS reports of one establishment (issue 8a), shared by the pages,
 * the API and the command line: the Full Report and the Venn diagrams of one
 * assessment (filtered by year group, class and pupil characteristics; counted
 * by core/report.h), their pupil lists and downloads; and the statutory EYFS
 * profile and phonics summaries of what a school imported or entered
 * (store_statutory_*), or of a CTF file, as one JSON shape.
 *
 * The caller has checked access to the establishment (the route's action).
 */
#ifndef PT_APP_REPORT_H
#define PT_APP_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/assess.h"
#include "base/err.h"
#include "base/strbuf.h"
#include "core/codes.h"
#include "core/report.h"
#include "core/statutory.h"
#include "store/store.h"

struct app;
struct pupil_filter;

/* What a Full Report or Venn page asks for. */
struct report_query {
	int64_t assessment_id;		   /* an assessment of the establishment */
	int year_group;			   /* YEAR_N1, YEAR_N2, YEAR_R; YEAR_NONE = all it covers */
	int class_no;			   /* 1..CLASS_COUNT; 0 = all classes */
	const struct pupil_filter *filter; /* characteristics; NULL = all pupils */
};

/* The pupils of one report, alphabetical (surname, forenames), and the counts. */
struct report_data {
	struct assessment a;	 /* the assessment */
	struct pupil *pupils;	 /* owned; n */
	struct report_row *rows; /* owned; parallel to pupils */
	size_t n;		 /* pupils after the filters (included or not) */
	struct report_full full; /* the Full Report's figures */
};

/* Loads assessment q->assessment_id of e (ERR_NOT_FOUND when it is another
 * school's or missing) with the pupils it covers that pass the filters. Free
 * with report_data_free. */
enum err report_load(struct app *app, struct store_conn *c, const struct establishment *e,
		     const struct report_query *q, struct report_data *out);
void report_data_free(struct report_data *d);

/* The Full Report as a sheet (title rows, one row per area, the ELG summary):
 * what the CSV and XLSX downloads write. Free with assess_sheet_free. */
void report_full_sheet(const struct report_data *d, const char *school, struct assess_sheet *out);

/* ---- statutory summaries */

/* Adds the EYFS profile stored for school e in academic_year to out (init it
 * first; several schools add up to an LA's figures). Each pupil with any EYFS
 * result counts once. */
enum err report_eyfsp_of_school(struct store_conn *c, const struct establishment *e,
				int academic_year, struct report_eyfsp *out);
/* Adds the phonics check stored for school e in academic_year to out (init it
 * first): the mark (PSC/PM) of each pupil, year group from the pupil's record. */
enum err report_phonics_of_school(struct store_conn *c, const struct establishment *e,
				  int academic_year, struct report_phonics *out);
/* The same figures from a CTF already read (ctf_read): EYFS results by the code
 * table, phonics marks with the year group of stat_pupil_year. */
void report_eyfsp_of_return(const struct codes *codes, const struct stat_return *r,
			    struct report_eyfsp *out);
void report_phonics_of_return(const struct codes *codes, const struct stat_return *r,
			      struct report_phonics *out);

/* JSON objects (one shape for the CLI and the API):
 *   eyfsp: pupils, assessed, absent, gld, gld_percent (of assessed, 2 decimals),
 *          average_elgs_at_expected, average_total_score (of assessed), per_elg
 *          {"E01": {"emerging": n, "expected": n}, ...}; percentages and
 *          averages are null when nobody was assessed.
 *   phonics: year1, year1_met, year2, year2_met.
 * header names the school and year (laestab 0 = none given). False when out
 * reached its cap. */
struct report_header {
	int laestab;	   /* 7 digits, 0 = omitted */
	int academic_year; /* start year, 0 = omitted */
};
bool report_eyfsp_json(struct strbuf *out, const struct report_header *h,
		       const struct report_eyfsp *r);
bool report_phonics_json(struct strbuf *out, const struct report_header *h,
			 const struct report_phonics *r);
/* Plain text, one "name: value" a line; CSV, a header row and one data row
 * (per ELG columns E01_emerging, E01_expected ...). */
void report_eyfsp_text(struct strbuf *out, const struct report_eyfsp *r, bool csv);
void report_phonics_text(struct strbuf *out, const struct report_phonics *r, bool csv);

#endif
