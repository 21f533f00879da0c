/*
 * results_sheet: the results spreadsheet check (see results_sheet.h). The
 * template's layout (headings and what each column holds) is described here;
 * each row becomes a pupil of the rule engine's model and is checked by
 * core/statutory.h like a CTF's pupil; only what a spreadsheet alone has (Excel
 * dates and errors, School DFE, scaled scores) is checked per cell.
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

/* The KS1 template, in its column order (issue 7; seed 004). Result columns
 * name their code-table row: collection, component, qualifier (data files). */
static const struct results_column ks1_cols[] = {
	{ "School DFE", RCOL_SCHOOL, NULL, NULL, NULL },
	{ "UPN", RCOL_UPN, NULL, NULL, NULL },
	{ "Forename", RCOL_FORENAME, NULL, NULL, NULL },
	{ "Surname", RCOL_SURNAME, NULL, NULL, NULL },
	{ "Gender", RCOL_GENDER, NULL, NULL, NULL },
	{ "Date of birth", RCOL_DOB, NULL, NULL, NULL },
	{ "NC Year", RCOL_NCYEAR, NULL, NULL, NULL },
	{ "Teacher Assessment: KS1 Reading", RCOL_RESULT, "ks1", "RE", "TA" },
	{ "Teacher Assessment: KS1 Writing", RCOL_RESULT, "ks1", "WR", "TA" },
	{ "Teacher Assessment: KS1 Maths", RCOL_RESULT, "ks1", "MA", "TA" },
	{ "Teacher Assessment: KS1 Science", RCOL_RESULT, "ks1", "SC", "TA" },
	{ "Scaled Score: KS1 Reading", RCOL_SCORE, "ks1test", "RE", "SS" },
	{ "Scaled Score: KS1 Maths", RCOL_SCORE, "ks1test", "MA", "SS" },
	{ "Scaled Score: KS1 GPS", RCOL_SCORE, "ks1test", "GPS", "SS" },
};
/* issue 7b: KS2 teacher assessment and the phonics check, the same way (the
 * first seven columns are the same in every template). */
static const struct results_column ks2_cols[] = {
	{ "School DFE", RCOL_SCHOOL, NULL, NULL, NULL },
	{ "UPN", RCOL_UPN, NULL, NULL, NULL },
	{ "Forename", RCOL_FORENAME, NULL, NULL, NULL },
	{ "Surname", RCOL_SURNAME, NULL, NULL, NULL },
	{ "Gender", RCOL_GENDER, NULL, NULL, NULL },
	{ "Date of birth", RCOL_DOB, NULL, NULL, NULL },
	{ "NC Year", RCOL_NCYEAR, NULL, NULL, NULL },
	{ "Teacher Assessment: KS2 Reading", RCOL_RESULT, "ks2", "RE", "TA" },
	{ "Teacher Assessment: KS2 Writing", RCOL_RESULT, "ks2", "WR", "TA" },
	{ "Teacher Assessment: KS2 Maths", RCOL_RESULT, "ks2", "MA", "TA" },
	{ "Teacher Assessment: KS2 Science", RCOL_RESULT, "ks2", "SC", "TA" },
};
static const struct results_column phonics_cols[] = {
	{ "School DFE", RCOL_SCHOOL, NULL, NULL, NULL },
	{ "UPN", RCOL_UPN, NULL, NULL, NULL },
	{ "Forename", RCOL_FORENAME, NULL, NULL, NULL },
	{ "Surname", RCOL_SURNAME, NULL, NULL, NULL },
	{ "Gender", RCOL_GENDER, NULL, NULL, NULL },
	{ "Date of birth", RCOL_DOB, NULL, NULL, NULL },
	{ "NC Year", RCOL_NCYEAR, NULL, NULL, NULL },
	{ "Phonics mark", RCOL_RESULT, "phonics", "PSC", "PM" },
};

struct layout {
	enum collection coll;		   /* what the template returns */
	const char *sheet;		   /* its sheet's name */
	const struct results_column *cols; /* its columns, in order */
	size_t n;			   /* columns */
};
static const struct layout layouts[] = {
	{ COLL_KS1, "KS1", ks1_cols, ARRAY_SIZE(ks1_cols) },
	{ COLL_KS2, "KS2", ks2_cols, ARRAY_SIZE(ks2_cols) },
	{ COLL_PHONICS, "Phonics", phonics_cols, ARRAY_SIZE(phonics_cols) },
};
_Static_assert(ARRAY_SIZE(ks1_cols) <= RESULTS_COLS_MAX, "RESULTS_COLS_MAX holds every layout");

size_t results_sheet_layout(enum collection coll, const char **sheet,
			    const struct results_column **cols)
{
	for (size_t i = 0; i < ARRAY_SIZE(layouts); i++) {
		if (layouts[i].coll == coll) {
			if (sheet)
				*sheet = layouts[i].sheet;
			if (cols)
				*cols = layouts[i].cols;
			return layouts[i].n;
		}
	}
	return 0;
}

struct check {
	const char *file;			 /* for locations, may be NULL */
	const struct xlsx_sheet *sh;		 /* the sheet checked */
	const struct codes *codes, *scores;	 /* code tables */
	const struct results_sheet_options *opt; /* may be NULL */
	const struct layout *lay;		 /* the template read */
	struct date today;			 /* for dates of birth */
	int academic_year;			 /* of the results (start year) */
	unsigned pos[RESULTS_COLS_MAX];		 /* sheet column of each template column */
	struct problem_list *pl;		 /* where problems go */
};

/* A problem of one row with the sheet column it is in, to give a row's
 * problems left to right whichever check found them. */
struct row_problem {
	unsigned col;	  /* sheet column, from 0 */
	size_t seq;	  /* order found, for a stable sort */
	bool from_cell;	  /* found by the per-cell reading, not the rule engine */
	struct problem p; /* the problem, located at its cell */
};
struct row_problems {
	struct row_problem *items; /* n used, alloc allocated */
	size_t n, alloc;
};

static void row_add(struct row_problems *rp, unsigned col, bool from_cell, const struct problem *p)
{
	if (rp->n == rp->alloc) {
		rp->alloc = rp->alloc ? rp->alloc * 2 : 16;
		rp->items = xrealloc(rp->items, rp->alloc * sizeof(*rp->items));
	}
	rp->items[rp->n] = (struct row_problem){ col, rp->n, from_cell, *p };
	rp->n++;
}

static int row_problem_cmp(const void *a, const void *b)
{
	const struct row_problem *x = a, *y = b;

	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

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

	for (size_t k = 0; k < ck->lay->n; k++) {
		bool found = false;
		for (size_t i = 0; i < ck->sh->ncells && ck->sh->cells[i].row == 1; i++) {
			if (eq_nocase(cell_text(&ck->sh->cells[i], text, sizeof(text)),
				      ck->lay->cols[k].heading)) {
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
					   ck->lay->cols[k].heading);
		}
	}
	return ok;
}

static void check_school(const struct check *ck, const char *t, const char *loc,
			 struct problem_list *out)
{
	int want = ck->opt ? ck->opt->school_laestab : 0;
	char *end;
	long v = strtol(t, &end, 10);

	if (strlen(t) != 7 || *end || v < 1000000) {
		problem_list_error(out, loc, "SCHOOL_DFE",
				   "School DFE \"%.20s\" is not a 7-digit DfE number (LA and "
				   "establishment, e.g. 8881234): download the template again",
				   t);
	} else if (want && v != want) {
		problem_list_error(out, loc, "SCHOOL_DFE",
				   "School DFE %s is not your school (%d): upload your own "
				   "school's file",
				   t, want);
	}
}

/* A date of birth as a spreadsheet holds it (dd/mm/yyyy text or an Excel date);
 * into p->dob as YYYY-MM-DD when it is a real date. */
static void check_dob(const struct check *ck, const struct xlsx_cell *c, const char *t,
		      const char *loc, struct stat_pupil *p, struct problem_list *out)
{
	struct date dob = { 0 };
	bool have = false;
	char *end;
	double v;

	if (c && c->type == XLSX_NUMBER) {
		v = strtod(c->text, &end);
		if (*end == '\0' && xlsx_serial_to_date(v, &dob)) {
			validate_dob(dob, ck->today, loc, out);
			have = true;
		}
	}
	if (!have) {
		dob.year = 0;
		validate_dob_text(t, ck->today, loc, &dob, out);
		have = dob.year != 0;
	}
	if (have)
		snprintf(p->dob, sizeof(p->dob), "%04d-%02d-%02d", dob.year, dob.month, dob.day);
}

/* A scaled score of the pupil p (whose name and UPN come before the scores on
 * the sheet, so a message can say whose it is). */
static void check_score(const struct code_row *row, const char *t, const char *loc,
			const struct stat_pupil *p, struct problem_list *out)
{
	char canon[24], allowed[128], who[2 * PERSON_NAME_MAX + STAT_UPN_MAX + 16];
	char *end;
	double v;

	v = strtod(t, &end);
	/* the comparisons also refuse NaN and infinities */
	if (end != t && *end == '\0' && v >= -1e9 && v <= 1e9) {
		if (v != (double)(long)v) {
			problem_list_error(out, loc, "SCORE_WHOLE",
					   "%s: %s: %.20s is not a whole number; a scaled score "
					   "must be a whole number %s, or leave the cell blank",
					   stat_pupil_who(p, who, sizeof(who)), row->label, t,
					   code_row_allowed_list(row, allowed, sizeof(allowed)));
			return;
		}
		snprintf(canon, sizeof(canon), "%ld", (long)v);
		t = canon;
	}
	validate_result(row, t, stat_pupil_who(p, who, sizeof(who)), loc, out);
}

/* A teacher assessment or phonics mark: a result of the pupil in the model
 * (the rule engine checks it against its code-table row). */
static void add_result(const struct check *ck, const struct code_row *row, const char *t,
		       struct stat_pos pos, struct stat_pupil *p)
{
	struct stat_result *res = stat_pupil_add_result(p);

	stat_copy(res->stage, sizeof(res->stage), row->stage);
	stat_copy(res->subject, sizeof(res->subject), row->subject);
	stat_copy(res->method, sizeof(res->method), row->method);
	stat_copy(res->component, sizeof(res->component), row->component);
	stat_copy(res->qualifier, sizeof(res->qualifier), row->result_qualifier);
	res->too_long = !stat_copy(res->result, sizeof(res->result), t);
	/* the CTF's Year: the calendar year the assessment was made in */
	snprintf(res->year, sizeof(res->year), "%d", ck->academic_year + 1);
	res->pos = pos;
}

/* One template cell: what only a spreadsheet has is checked here into out; the
 * rest goes into the pupil p for the rule engine, with the cell's position
 * (line = row, col = sheet column + 1). */
/* Where the engine is to report the field of column tc (a cell that could not
 * be read at all still places its field, so that the engine's own problem of
 * it, e.g. "no date of birth", lands on the same cell and is not repeated). */
static void cell_place(const struct check *ck, const struct results_column *tc,
		       struct stat_pupil *p, struct stat_slot *slot, struct stat_pos pos)
{
	const struct code_row *crow;

	switch (tc->kind) {
	case RCOL_UPN:
		p->upn_pos = p->pos = pos;
		break;
	case RCOL_FORENAME:
		p->forename_pos = pos;
		break;
	case RCOL_SURNAME:
		p->name_pos = pos;
		break;
	case RCOL_GENDER:
		p->gender_pos = pos;
		break;
	case RCOL_DOB:
		p->dob_pos = pos;
		break;
	case RCOL_NCYEAR:
		p->ncyear_pos = pos;
		break;
	case RCOL_RESULT:
		crow = codes_find_qualified(ck->codes, tc->collection, tc->component,
					    tc->qualifier);
		if (crow) {
			stat_copy(slot->component, sizeof(slot->component), crow->component);
			slot->pos = pos;
		}
		break;
	default:
		break;
	}
}

static void read_cell(const struct check *ck, size_t k, unsigned long row, struct stat_pupil *p,
		      struct stat_slot *slot, struct problem_list *out)
{
	const struct results_column *tc = &ck->lay->cols[k];
	const struct xlsx_cell *c = xlsx_sheet_cell(ck->sh, ck->pos[k], row);
	struct stat_pos pos = { (uint32_t)row, ck->pos[k] + 1 };
	char loc[PROBLEM_LOC_MAX], t[256];
	const struct code_row *crow;

	loc_of(ck, ck->pos[k], row, loc);
	cell_text(c, t, sizeof(t));
	if (c && c->type == XLSX_ERROR) {
		problem_list_error(out, loc, "CELL_ERROR",
				   "the cell shows the Excel error %.20s: type the value in "
				   "instead of a formula",
				   t);
		cell_place(ck, tc, p, slot, pos);
		return;
	}
	switch (tc->kind) {
	case RCOL_SCHOOL:
		check_school(ck, t, loc, out);
		break;
	case RCOL_UPN:
		/* trimmed and upper-cased as typed; the engine checks it again */
		validate_upn_text(t, loc, p->upn, out);
		p->upn_pos = p->pos = pos;
		break;
	case RCOL_FORENAME:
		p->names_too_long |= !stat_copy(p->forename, sizeof(p->forename), t);
		p->forename_pos = pos;
		break;
	case RCOL_SURNAME:
		p->names_too_long |= !stat_copy(p->surname, sizeof(p->surname), t);
		p->name_pos = pos;
		break;
	case RCOL_GENDER:
		stat_copy(p->gender, sizeof(p->gender), t);
		p->gender_pos = pos;
		break;
	case RCOL_DOB:
		check_dob(ck, c, t, loc, p, out);
		p->dob_pos = pos;
		break;
	case RCOL_NCYEAR: {
		/* the CTF's form of a year a person may write out ("Reception",
		 * "Nursery 1"), so the engine sees what it knows; what is no year at
		 * all goes as typed, or, too long to hold, is reported whole here */
		char code[YEAR_LABEL_MAX];
		int yg;

		p->ncyear_pos = pos;
		if (year_parse(t, &yg) && year_ctf_code(yg, code)[0])
			stat_copy(p->ncyear, sizeof(p->ncyear), code);
		else if (!stat_copy(p->ncyear, sizeof(p->ncyear), t)) {
			p->ncyear[0] = '\0';
			problem_list_error(out, loc, "NCYEAR_CODE",
					   "\"%.60s\" is not a national curriculum year: use R, "
					   "N1, N2 or 1 to 14",
					   t);
		}
		break;
	}
	case RCOL_RESULT:
	case RCOL_SCORE:
		crow = codes_find_qualified(tc->kind == RCOL_SCORE ? ck->scores : ck->codes,
					    tc->collection, tc->component, tc->qualifier);
		if (!crow) {
			problem_list_error(out, loc, "CODES_NO_ROW",
					   "the code table has no row for \"%s\": ask the LA for "
					   "this year's code table",
					   tc->heading);
			break;
		}
		if (tc->kind == RCOL_RESULT) {
			stat_copy(slot->component, sizeof(slot->component), crow->component);
			slot->pos = pos;
		}
		/* a blank result is no result: FFT asks to leave cells blank */
		if (!*t)
			break;
		if (tc->kind == RCOL_SCORE)
			check_score(crow, t, loc, p, out);
		else
			add_result(ck, crow, t, pos, p);
		break;
	case RCOL__MAX:
		BUG("results_sheet: bad column kind");
	}
}

/* The sheet column of a rule-engine location "ROW:COL" in row, or false when
 * the location is not a cell of it. */
static bool engine_col(const struct problem *p, unsigned long row, unsigned *col)
{
	unsigned long r = 0, c = 0;
	char extra;

	if (sscanf(p->location, "%lu:%lu%c", &r, &c, &extra) != 2 || r != row || c == 0)
		return false;
	*col = (unsigned)(c - 1);
	return true;
}

/* Whether the per-cell reading already reported this cell: an error there (the
 * value could not be taken as it is), or the same code. */
static bool cell_reported(const struct row_problems *rp, unsigned col, const char *code)
{
	for (size_t i = 0; i < rp->n; i++)
		if (rp->items[i].from_cell && rp->items[i].col == col &&
		    (rp->items[i].p.severity == SEV_ERROR ||
		     strcmp(rp->items[i].p.code, code) == 0))
			return true;
	return false;
}

/* One row: read each cell, run the rule engine over the pupil, then give the
 * row's problems left to right, each located at its cell. */
static void check_row(struct check *ck, const struct stat_return *r, unsigned long row,
		      struct stat_pupil *p)
{
	struct stat_slot slots[RESULTS_COLS_MAX];
	struct stat_options sopt = { .today = ck->today };
	struct row_problems rp = { 0 };
	struct problem_list tmp;
	char loc[PROBLEM_LOC_MAX];
	unsigned col, upn_col = 0;

	memset(slots, 0, sizeof(slots));
	problem_list_init(&tmp);
	for (size_t k = 0; k < ck->lay->n; k++) {
		read_cell(ck, k, row, p, &slots[k], &tmp);
		if (ck->lay->cols[k].kind == RCOL_UPN)
			upn_col = ck->pos[k];
		for (size_t i = 0; i < tmp.count; i++)
			row_add(&rp, ck->pos[k], true, &tmp.items[i]);
		problem_list_release(&tmp);
	}
	p->slots = slots;
	p->nslots = ck->lay->n;
	statutory_check_pupil(r, p, ck->codes, &sopt, &tmp);
	p->slots = NULL;
	p->nslots = 0;
	for (size_t i = 0; i < tmp.count; i++) {
		struct problem *e = &tmp.items[i];
		if (!engine_col(e, row, &col))
			col = upn_col; /* no place of its own: the pupil's row */
		if (cell_reported(&rp, col, e->code))
			continue;
		snprintf(e->location, sizeof(e->location), "%s", loc_of(ck, col, row, loc));
		row_add(&rp, col, false, e);
	}
	problem_list_release(&tmp);
	if (rp.n)
		qsort(rp.items, rp.n, sizeof(*rp.items), row_problem_cmp);
	for (size_t i = 0; i < rp.n; i++) {
		const struct problem *q = &rp.items[i].p;
		problem_list_add(ck->pl, q->severity, q->location, q->code, "%s", q->message);
	}
	free(rp.items);
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
	for (size_t k = 0; k < ck->lay->n; k++) {
		const struct xlsx_cell *c = xlsx_sheet_cell(ck->sh, ck->pos[k], row);
		char t[8];
		if (c && *cell_text(c, t, sizeof(t)))
			return false;
	}
	return true;
}

/* issue 7b: pupils cannot be added or removed. The UPN column's position. */
static unsigned upn_col(const struct check *ck)
{
	for (size_t k = 0; k < ck->lay->n; k++)
		if (ck->lay->cols[k].kind == RCOL_UPN)
			return ck->pos[k];
	return 1;
}

static void check_roll(const struct check *ck, const struct stat_return *r)
{
	const struct results_sheet_options *o = ck->opt;
	char loc[PROBLEM_LOC_MAX];

	if (!o || !o->upns)
		return;
	for (size_t i = 0; i < r->npupils; i++) {
		const struct stat_pupil *p = &r->pupils[i];
		bool known = !p->upn[0];
		for (size_t j = 0; !known && j < o->nupns; j++)
			known = strcmp(o->upns[j], p->upn) == 0;
		if (!known)
			problem_list_error(ck->pl, loc_of(ck, upn_col(ck), p->upn_pos.line, loc),
					   "PUPIL_ADDED",
					   "the pupil %s is not one of the school's pupils the "
					   "template was made with: pupils cannot be added; delete "
					   "the row, or add the pupil in pupiltrack first and "
					   "download the template again",
					   p->upn);
	}
	for (size_t j = 0; j < o->nupns; j++) {
		bool there = false;
		for (size_t i = 0; !there && i < r->npupils; i++)
			there = strcmp(o->upns[j], r->pupils[i].upn) == 0;
		if (!there)
			problem_list_error(ck->pl, loc_of(ck, upn_col(ck), 1, loc), "PUPIL_REMOVED",
					   "the pupil %s is missing from the sheet: pupils cannot "
					   "be removed; put the row back (leave the results blank "
					   "for a pupil without them)",
					   o->upns[j]);
	}
}

static void check_sheet(struct check *ck)
{
	struct stat_return r;
	char loc[PROBLEM_LOC_MAX];
	unsigned long last = ck->sh->ncells ? ck->sh->cells[ck->sh->ncells - 1].row : 0;

	stat_return_init(&r);
	snprintf(r.header.academic_year.text, sizeof(r.header.academic_year.text), "%d",
		 ck->academic_year);
	r.header.academic_year.present = true;
	if (!find_headings(ck))
		goto out;
	for (unsigned long row = 2; row <= last; row++) {
		if (row_blank(ck, row))
			continue;
		check_row(ck, &r, row, stat_return_add_pupil(&r));
	}
	if (!r.npupils)
		problem_list_error(ck->pl, loc_of(ck, 0, 2, loc), "SHEET_EMPTY",
				   "the sheet has no pupils: download the template again, "
				   "fill in the results and upload it");
	check_duplicates(ck, &r);
	check_roll(ck, &r);
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
	ck.academic_year = opt && opt->academic_year ? opt->academic_year :
						       academic_year_of(ck.today);
	/* the template's sheet is "KS1", "KS2" or "Phonics" (issue 7b); a renamed
	 * tab is read as KS1 */
	for (size_t i = 0; !ck.sh && i < ARRAY_SIZE(layouts); i++) {
		ck.sh = xlsx_book_sheet(book, layouts[i].sheet);
		ck.lay = &layouts[i];
	}
	if (!ck.sh) {
		ck.sh = &book->sheets[0];
		ck.lay = &layouts[0];
	}
	if (opt && opt->found)
		*opt->found = ck.lay->coll;
	check_sheet(&ck);
out:
	codes_free(own);
	free(path);
	xlsx_book_free(book);
	return rc;
}
