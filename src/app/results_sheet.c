/*
 * results_sheet: the FFT-style KS1 early results spreadsheet check (see
 * results_sheet.h). The template's layout (headings and what each column holds)
 * is described here; the rules are core/validate.h's and the allowed results
 * the code tables' (CTF codes for teacher assessments, ks1-scaled-scores.tsv).
 */
#include "app/results_sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/statutory.h"
#include "core/validate.h"
#include "formats/xlsx_read.h"

enum col_kind {
	COL_SCHOOL,   /* School DFE: the 7-digit LAESTAB */
	COL_UPN,      /* UPN */
	COL_FORENAME, /* forename */
	COL_SURNAME,  /* surname */
	COL_GENDER,   /* Male / Female */
	COL_DOB,      /* date of birth: dd/mm/yyyy text or an Excel date */
	COL_NCYEAR,   /* NC year */
	COL_TA,	      /* a KS1 teacher assessment (CTF code table, collection ks1) */
	COL_SCORE,    /* a scaled score (ks1-scaled-scores.tsv) */
	COL_KIND__MAX
};

struct tmpl_col {
	const char *heading;   /* as in the template's first row (matched ignoring case) */
	enum col_kind kind;    /* what the column holds */
	const char *component; /* CTF component of a result column, else NULL */
};

/* The KS1 template, in its column order (issue 7; seed 004). */
static const struct tmpl_col ks1_cols[] = {
	{ "School DFE", COL_SCHOOL, NULL },
	{ "UPN", COL_UPN, NULL },
	{ "Forename", COL_FORENAME, NULL },
	{ "Surname", COL_SURNAME, NULL },
	{ "Gender", COL_GENDER, NULL },
	{ "Date of birth", COL_DOB, NULL },
	{ "NC Year", COL_NCYEAR, NULL },
	{ "Teacher Assessment: KS1 Reading", COL_TA, "RE" },
	{ "Teacher Assessment: KS1 Writing", COL_TA, "WR" },
	{ "Teacher Assessment: KS1 Maths", COL_TA, "MA" },
	{ "Teacher Assessment: KS1 Science", COL_TA, "SC" },
	{ "Scaled Score: KS1 Reading", COL_SCORE, "RE" },
	{ "Scaled Score: KS1 Maths", COL_SCORE, "MA" },
	{ "Scaled Score: KS1 GPS", COL_SCORE, "GPS" },
};
enum { NCOLS = sizeof(ks1_cols) / sizeof(ks1_cols[0]) };

/* Code-table collections and qualifiers of the result columns (data files). */
static const char ta_collection[] = "ks1", ta_qualifier[] = "TA";
static const char score_collection[] = "ks1test", score_qualifier[] = "SS";

struct check {
	const char *file;			 /* for locations, may be NULL */
	const struct xlsx_sheet *sh;		 /* the sheet checked */
	const struct codes *codes, *scores;	 /* code tables */
	const struct results_sheet_options *opt; /* may be NULL */
	struct date today;			 /* for dates of birth */
	unsigned pos[NCOLS];			 /* sheet column of each template column */
	struct problem_list *pl;		 /* where problems go */
};

static bool eq_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return *a == *b;
}

/* The cell's text trimmed into buf ("" when the cell is empty). */
static const char *cell_text(const struct xlsx_cell *c, char *buf, size_t size)
{
	stat_copy(buf, size, c ? c->text : "");
	return buf;
}

static char *loc_of(const struct check *ck, unsigned col, unsigned long row,
		    char buf[static PROBLEM_LOC_MAX])
{
	return problem_loc_cell(buf, ck->file, ck->sh->name, col, row);
}

/* Finds every template heading in row 1; SHEET_HEADER for each one missing. */
static bool find_headings(struct check *ck)
{
	char loc[PROBLEM_LOC_MAX], text[128];
	bool ok = true;

	for (size_t k = 0; k < NCOLS; k++) {
		bool found = false;
		for (size_t i = 0; i < ck->sh->ncells && ck->sh->cells[i].row == 1; i++) {
			if (eq_nocase(cell_text(&ck->sh->cells[i], text, sizeof(text)),
				      ks1_cols[k].heading)) {
				ck->pos[k] = ck->sh->cells[i].col;
				found = true;
				break;
			}
		}
		if (!found) {
			ok = false;
			problem_list_error(ck->pl, loc_of(ck, (unsigned)k, 1, loc), "SHEET_HEADER",
					   "the column \"%s\" is missing from the first row: "
					   "download the template again and copy your results "
					   "into it without changing the headings",
					   ks1_cols[k].heading);
		}
	}
	return ok;
}

static void check_school(const struct check *ck, const char *t, const char *loc)
{
	int want = ck->opt ? ck->opt->school_laestab : 0;
	char *end;
	long v = strtol(t, &end, 10);

	if (strlen(t) != 7 || *end || v < 1000000) {
		problem_list_error(ck->pl, loc, "SCHOOL_DFE",
				   "School DFE \"%.20s\" is not a 7-digit DfE number (LA and "
				   "establishment, e.g. 8881234): download the template again",
				   t);
	} else if (want && v != want) {
		problem_list_error(ck->pl, loc, "SCHOOL_DFE",
				   "School DFE %s is not your school (%d): upload your own "
				   "school's file",
				   t, want);
	}
}

static void check_dob(const struct check *ck, const struct xlsx_cell *c, const char *t,
		      const char *loc)
{
	struct date dob;
	char *end;
	double v;

	if (c && c->type == XLSX_NUMBER) {
		v = strtod(c->text, &end);
		if (*end == '\0' && xlsx_serial_to_date(v, &dob)) {
			validate_dob(dob, ck->today, loc, ck->pl);
			return;
		}
	}
	validate_dob_text(t, ck->today, loc, &dob, ck->pl);
}

static void check_ncyear(const struct check *ck, const char *t, const char *loc)
{
	int yg;

	if (*t && !year_parse(t, &yg))
		problem_list_error(ck->pl, loc, "NCYEAR_CODE",
				   "NC year \"%.10s\" is not a year group (R, 1 to 14, N1, N2)", t);
}

static void check_result(const struct check *ck, const struct tmpl_col *tc, const char *t,
			 const char *loc)
{
	const struct code_row *row;
	char canon[24], allowed[128];
	char *end;
	double v;

	if (tc->kind == COL_TA)
		row = codes_find_qualified(ck->codes, ta_collection, tc->component, ta_qualifier);
	else
		row = codes_find_qualified(ck->scores, score_collection, tc->component,
					   score_qualifier);
	if (!row) {
		problem_list_error(ck->pl, loc, "CODES_NO_ROW",
				   "the code table has no row for \"%s\": ask the LA for this "
				   "year's code table",
				   tc->heading);
		return;
	}
	if (tc->kind == COL_SCORE) {
		v = strtod(t, &end);
		/* the comparisons also refuse NaN and infinities */
		if (end != t && *end == '\0' && v >= -1e9 && v <= 1e9) {
			if (v != (double)(long)v) {
				problem_list_error(
					ck->pl, loc, "SCORE_WHOLE",
					"%s: %.20s is not a whole number; a scaled score must be "
					"a whole number %s, or leave the cell blank",
					row->label, t,
					code_row_allowed_list(row, allowed, sizeof(allowed)));
				return;
			}
			snprintf(canon, sizeof(canon), "%ld", (long)v);
			t = canon;
		}
	}
	validate_result(row, t, loc, ck->pl);
}

/* The rules of one template cell. */
static void check_cell(struct check *ck, size_t k, unsigned long row, struct stat_pupil *p)
{
	const struct tmpl_col *tc = &ks1_cols[k];
	const struct xlsx_cell *c = xlsx_sheet_cell(ck->sh, ck->pos[k], row);
	char loc[PROBLEM_LOC_MAX], t[256];
	enum gender g;

	loc_of(ck, ck->pos[k], row, loc);
	cell_text(c, t, sizeof(t));
	if (c && c->type == XLSX_ERROR) {
		problem_list_error(ck->pl, loc, "CELL_ERROR",
				   "the cell shows the Excel error %.20s: type the value in "
				   "instead of a formula",
				   t);
		return;
	}
	switch (tc->kind) {
	case COL_SCHOOL:
		check_school(ck, t, loc);
		break;
	case COL_UPN:
		validate_upn_text(t, loc, p->upn, ck->pl);
		p->upn_pos = (struct stat_pos){ (uint32_t)row, ck->pos[k] + 1 };
		break;
	case COL_FORENAME:
		stat_copy(p->forename, sizeof(p->forename), t);
		validate_name(t, "forename", loc, ck->pl);
		break;
	case COL_SURNAME:
		stat_copy(p->surname, sizeof(p->surname), t);
		validate_name(t, "surname", loc, ck->pl);
		break;
	case COL_GENDER:
		validate_gender_text(t, loc, &g, ck->pl);
		break;
	case COL_DOB:
		check_dob(ck, c, t, loc);
		break;
	case COL_NCYEAR:
		check_ncyear(ck, t, loc);
		break;
	case COL_TA:
	case COL_SCORE:
		/* a blank result is no result: FFT asks to leave cells blank */
		if (*t)
			check_result(ck, tc, t, loc);
		break;
	case COL_KIND__MAX:
		BUG("results_sheet: bad column kind");
	}
}

/* UPN_DUPLICATE through the rule engine: it locates by position "ROW:COL", which
 * is turned back into the cell. */
static void check_duplicates(const struct check *ck, const struct stat_return *r)
{
	struct problem_list tmp;
	char loc[PROBLEM_LOC_MAX];

	problem_list_init(&tmp);
	statutory_check_duplicates(r, &tmp);
	for (size_t i = 0; i < tmp.count; i++) {
		const struct problem *p = &tmp.items[i];
		unsigned long row = 0, col = 0;
		if (sscanf(p->location, "%lu:%lu", &row, &col) == 2 && col > 0)
			loc_of(ck, (unsigned)(col - 1), row, loc);
		else
			snprintf(loc, sizeof(loc), "%s", p->location);
		problem_list_add(ck->pl, p->severity, loc, p->code, "%s", p->message);
	}
	problem_list_release(&tmp);
}

static bool row_blank(const struct check *ck, unsigned long row)
{
	for (size_t k = 0; k < NCOLS; k++) {
		const struct xlsx_cell *c = xlsx_sheet_cell(ck->sh, ck->pos[k], row);
		char t[8];
		if (c && *cell_text(c, t, sizeof(t)))
			return false;
	}
	return true;
}

static void check_sheet(struct check *ck)
{
	struct stat_return r;
	char loc[PROBLEM_LOC_MAX];
	unsigned long last = ck->sh->ncells ? ck->sh->cells[ck->sh->ncells - 1].row : 0;

	stat_return_init(&r);
	if (!find_headings(ck))
		goto out;
	for (unsigned long row = 2; row <= last; row++) {
		struct stat_pupil *p;
		if (row_blank(ck, row))
			continue;
		p = stat_return_add_pupil(&r);
		for (size_t k = 0; k < NCOLS; k++)
			check_cell(ck, k, row, p);
	}
	if (!r.npupils)
		problem_list_error(ck->pl, loc_of(ck, 0, 2, loc), "SHEET_EMPTY",
				   "the sheet has no pupils: download the template again, "
				   "fill in the results and upload it");
	check_duplicates(ck, &r);
out:
	stat_return_release(&r);
}

enum err results_sheet_check(const struct app *a, const char *filename, const void *data,
			     size_t len, const struct codes *codes,
			     const struct results_sheet_options *opt, struct problem_list *pl,
			     struct errbuf *eb)
{
	struct check ck = { .file = filename, .codes = codes, .opt = opt, .pl = pl };
	struct xlsx_book *book = NULL;
	struct codes *own = NULL;
	struct errbuf xeb = { { 0 } };
	char *path = NULL;
	enum err rc;

	rc = xlsx_read(data, len, &book, &xeb);
	if (rc != ERR_OK) {
		problem_list_error(pl, filename, "XLSX_READ", "this file cannot be checked: %s",
				   xeb.msg);
		errbuf_set(eb, rc, "this file cannot be checked: %s", xeb.msg);
		goto out;
	}
	ck.scores = opt ? opt->scores : NULL;
	if (!ck.scores) {
		path = app_data_path(a, RESULTS_SHEET_SCORES_FILE);
		if ((rc = app_codes_load(a, path, &own, eb)) != ERR_OK)
			goto out;
		ck.scores = own;
	}
	ck.today = opt && opt->today.year ? opt->today : date_from_unix(app_now(a));
	/* the template's sheet is "KS1"; a renamed tab is still read */
	ck.sh = xlsx_book_sheet(book, "KS1");
	if (!ck.sh)
		ck.sh = &book->sheets[0];
	check_sheet(&ck);
out:
	codes_free(own);
	free(path);
	xlsx_book_free(book);
	return rc;
}
