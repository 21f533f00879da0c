/*
 * results_sheet: checks an uploaded FFT-style KS1 early results spreadsheet
 * (issue 7, results templates): one sheet, a header row, one pupil per row with
 * School DFE, UPN, names, gender, date of birth, NC year, the four KS1 teacher
 * assessments and the three optional scaled scores. Every value goes through the
 * one rule engine (core/validate.h, the CTF code table); problems are located
 * "FILE:Sheet!Cell". Shared by the web upload and `pupiltrack validate`.
 */
#ifndef PT_APP_RESULTS_SHEET_H
#define PT_APP_RESULTS_SHEET_H

#include <stddef.h>

#include "app/app.h"
#include "base/date.h"
#include "base/err.h"
#include "core/codes.h"
#include "core/problem.h"
#include "core/statutory.h"

/* The shipped table of scaled-score rows (code-table format, core/codes.h). */
#define RESULTS_SHEET_SCORES_FILE "ks1-scaled-scores.tsv"

/* issue 7b: the columns of a results template (KS1, KS2 teacher assessment,
 * phonics); result columns name their code-table row. */
enum results_col_kind {
	RCOL_SCHOOL,   /* School DFE: the 7-digit LAESTAB */
	RCOL_UPN,      /* UPN */
	RCOL_FORENAME, /* forename */
	RCOL_SURNAME,  /* surname */
	RCOL_GENDER,   /* Male / Female */
	RCOL_DOB,      /* date of birth: dd/mm/yyyy text or an Excel date */
	RCOL_NCYEAR,   /* NC year */
	RCOL_RESULT,   /* a result of the CTF code table */
	RCOL_SCORE,    /* a scaled score (RESULTS_SHEET_SCORES_FILE) */
	RCOL__MAX
};
struct results_column {
	const char *heading; /* as in the template's first row (matched ignoring case) */
	enum results_col_kind kind;
	const char *collection; /* code-table row of a result column, else NULL */
	const char *component;	/* "RE", "PSC" */
	const char *qualifier;	/* "TA", "SS", "PM" */
};
enum { RESULTS_COLS_MAX = 16 };
/* The template of a collection: its sheet name and columns; 0 when the
 * collection has no template (EYFS profile). */
size_t results_sheet_layout(enum collection coll, const char **sheet,
			    const struct results_column **cols);

struct results_sheet_options {
	/* Today, for date-of-birth checks; year 0 = app_now(a) (the real clock
	 * when a is NULL). */
	struct date today;
	/* The school sending (7-digit DfE number, e.g. 8881234): every School DFE
	 * cell must equal it. 0 = only checked to be 7 digits. */
	int school_laestab;
	/* Scaled-score rows (components RE, MA, GPS, qualifier SS); NULL = load the
	 * shipped RESULTS_SHEET_SCORES_FILE from a's data folder (a may be NULL). */
	const struct codes *scores;
	/* issue 7b: set (when not NULL) to the collection of the template read. */
	enum collection *found;
	/* issue 7b: when not NULL, the sheet's pupils must be exactly these nupns
	 * UPNs, the school's pupils the template was made with (PUPIL_ADDED
	 * for a row added, PUPIL_REMOVED for one missing). */
	const char *const *upns;
	size_t nupns;
	/* The academic year (start year) the results are for: a sheet does not
	 * say, and the rule engine's DOB_COHORT needs it. 0 = the one today is in. */
	int academic_year;
};

/*
 * Checks the workbook data[len] uploaded as filename (used in locations; may be
 * NULL). codes is the CTF code table (the "ks1" teacher-assessment rows); opt may
 * be NULL (all defaults). Every problem is appended to pl in sheet order (row by
 * row, left to right; duplicate UPNs last), located "FILE:Sheet!Cell" (e.g.
 * "bad.xlsx:KS1!L3"). The sheet checked is the one named KS1, else the first.
 * Blank rows are skipped. A date of birth may be text (dd/mm/yyyy) or an Excel
 * date (a number, read as a 1900-system serial).
 * Each row is a pupil of the rule engine's model (core/statutory.h) and goes
 * through statutory_check_pupil, the rules a CTF or the entry screens get: the
 * field rules and the per-pupil ones (DOB_COHORT at the date of birth,
 * KS1_MISSING and KS2_MISSING at the missing subject's cell, KS2_TESTED, ...),
 * each located at its cell. What only a spreadsheet has is checked per cell
 * (School DFE, Excel dates and errors, scaled scores); a cell refused there is
 * not reported again by the engine.
 * Codes: the rule engine's (UPN_*, NAME_*, DOB_*, GENDER_*, RESULT_*, ...), plus
 * SHEET_HEADER (a template column missing or renamed),
 * SHEET_EMPTY (no pupils), SCHOOL_DFE (School DFE not the school's), NCYEAR_CODE,
 * SCORE_WHOLE (a scaled score that is not a whole number), CELL_ERROR (a cell
 * holding an Excel error such as #N/A), CODES_NO_ROW (a code table lacks a
 * column's row), UPN_DUPLICATE, and with opt->upns PUPIL_ADDED (at the row's
 * UPN cell) and PUPIL_REMOVED (at the UPN heading). A blank result cell is no
 * result (FFT: "leave blank"), not an error.
 * Returns ERR_OK when the file could be read and checked (look at pl for errors);
 * when it cannot be read (not an XLSX, damaged, a zip bomb, over a cap) returns
 * ERR_INVALID or ERR_TOO_BIG with one problem XLSX_READ located FILE in pl and
 * the same sentence in eb (may be NULL); ERR_IO when the shipped scaled-score
 * table cannot be loaded.
 */
enum err results_sheet_check(const struct app *a, const char *filename, const void *data,
			     size_t len, const struct codes *codes,
			     const struct results_sheet_options *opt, struct problem_list *pl,
			     struct errbuf *eb);

#endif
