/*
 * statutory_app: entry lists, save, submit, unlock, CTF export and import of
 * statutory returns (see statutory_app.h). The rules are the rule engine's
 * (core/statutory.c); this file only gathers what the store holds into its model.
 */
#include "app/statutory_app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/people.h"
#include "app/statutory_app_int.h"
#include "app/statutory_eyfsp.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/codes.h"
#include "formats/ctf_read.h"

const char STAT_DECLARATION[] =
	"I have authority from the Headteacher to confirm and submit these results";

/* Rules about a whole return's completeness: they hold back a submit, not a save. */
static bool completeness_rule(const char *code)
{
	return strcmp(code, "KS2_MISSING") == 0 || strcmp(code, "KS1_MISSING") == 0 ||
	       strcmp(code, "EYFSP_MISSING") == 0 || strcmp(code, "STAT_NO_RESULT") == 0;
}

/* The year group a collection's entry screen is for (phonics: the group asked). */
static bool group_ok(enum collection coll, int group)
{
	switch (coll) {
	case COLL_PHONICS:
		return group == 1 || group == 2;
	case COLL_KS1:
		return group == 2;
	case COLL_KS2:
		return group == 6;
	default:
		return false;
	}
}

static int default_group(enum collection coll)
{
	return coll == COLL_KS2 ? 6 : coll == COLL_KS1 ? 2 : 1;
}

static int pupil_year(const struct pupil *p, int academic_year)
{
	return p->year_override != YEAR_NONE ? p->year_override :
					       year_group_of(p->dob, academic_year);
}

/* Is row the phonics outcome (codes only) rather than the mark (a range)? */
bool stat_is_outcome_row(const struct code_row *row)
{
	for (size_t i = 0; i < row->allowed_count; i++)
		if (!row->allowed[i].code)
			return false;
	return true;
}

/* The columns of an entry screen: every row of the collection, phonics only the mark. */
static size_t entry_cols(const struct codes *codes, enum collection coll,
			 const struct code_row *cols[STAT_COLS_MAX])
{
	const char *cc = collection_code(coll);
	size_t n = 0;

	for (const struct code_row *r = codes_rows_for(codes, cc, NULL); r && n < STAT_COLS_MAX;
	     r = codes_rows_for(codes, cc, r))
		if (coll != COLL_PHONICS || !stat_is_outcome_row(r))
			cols[n++] = r;
	return n;
}

/* What Year 1 gave a pupil: from the phonics results of the academic year before
 * (unknown when there are none). A store error is the caller's, never "unknown":
 * a Year 2 list read while the database fails must not open the entry to a pupil
 * who met the standard. */
static enum err phonics_y1_of(struct store_conn *c, int64_t pupil_id, int academic_year,
			      char mark[static STAT_VALUE_MAX], enum phonics_y1 *out)
{
	struct stat_stored s;
	const char *o;
	enum err rc;

	mark[0] = '\0';
	*out = PHONICS_Y1_UNKNOWN;
	rc = store_statutory_get(c, pupil_id, COLL_PHONICS, academic_year - 1, "PSC", "PM", &s);
	if (rc == ERR_NOT_FOUND)
		return ERR_OK;
	if (rc)
		return rc;
	snprintf(mark, STAT_VALUE_MAX, "%s", s.result);
	o = phonics_outcome(s.result);
	if (!o)
		*out = PHONICS_Y1_NOT_CHECKED;
	else
		*out = strcmp(o, "Wa") == 0 ? PHONICS_Y1_MET : PHONICS_Y1_NOT_MET;
	return ERR_OK;
}

enum err stat_phonics_y1_by_upn(struct store_conn *c, int64_t establishment_id, const char *upn,
				int academic_year, enum phonics_y1 *out)
{
	char mark[STAT_VALUE_MAX];
	struct stat_stored y1;
	struct pupil p;
	bool ours;
	enum err rc = store_pupil_get_by_upn(c, upn, &p);

	*out = PHONICS_Y1_UNKNOWN;
	if (rc == ERR_NOT_FOUND)
		return ERR_OK;
	if (rc)
		return rc;
	/* on roll here (archived here too): the entry lists' own pupils */
	ours = p.establishment_id == establishment_id;
	if (!ours) { /* the Year 1 result is this school's own */
		rc = store_statutory_get(c, p.id, COLL_PHONICS, academic_year - 1, "PSC", "PM",
					 &y1);
		if (rc && rc != ERR_NOT_FOUND)
			return rc;
		ours = !rc && y1.establishment_id == establishment_id;
	}
	if (!ours) { /* a leaver in this school's return (issue 6: they stay in it) */
		rc = store_statutory_held(c, establishment_id, p.id, COLL_PHONICS, academic_year,
					  &ours);
		if (rc)
			return rc;
	}
	return ours ? phonics_y1_of(c, p.id, academic_year, mark, out) : ERR_OK;
}

/* ---- the rule engine's model of a school's return ---- */

static enum phonics_y1 y1_lookup(void *ctx, const char *upn)
{
	const struct y1_map *m = ctx;

	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->upn[i], upn) == 0)
			return m->y1[i];
	return PHONICS_Y1_UNKNOWN;
}

static void y1_add(struct y1_map *m, const char *upn, enum phonics_y1 y1)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->upn = xrealloc(m->upn, m->cap * sizeof(*m->upn));
		m->y1 = xrealloc(m->y1, m->cap * sizeof(*m->y1));
	}
	m->upn[m->n] = upn;
	m->y1[m->n++] = y1;
}

void stat_y1_free(struct y1_map *m)
{
	free(m->upn);
	free(m->y1);
	memset(m, 0, sizeof(*m));
}

static void header_fill(struct app *a, const struct establishment *e, int academic_year,
			struct stat_header *h)
{
	char buf[64], ts[21];

	stat_field_set(&h->document_name, "Common Transfer File");
	stat_field_set(&h->ctf_version, ctf_version_format(academic_year, buf));
	date_format_timestamp(app_now(a), ts);
	ts[19] = '\0'; /* no "Z": xs:dateTime as the DfE writes it */
	stat_field_set(&h->date_time, ts);
	stat_field_set(&h->document_qualifier, "partial");
	stat_field_set(&h->supplier_id, "pupiltrack");
	snprintf(buf, sizeof(buf), "%03d", e->la_code);
	stat_field_set(&h->source_lea, buf);
	stat_field_set(&h->dest_lea, buf);
	stat_field_set(&h->dest_estab, "LLLL");
	snprintf(buf, sizeof(buf), "%04d", e->estab);
	stat_field_set(&h->source_estab, buf);
	if (e->urn) {
		snprintf(buf, sizeof(buf), "%06d", e->urn);
		stat_field_set(&h->source_urn, buf);
	}
	stat_field_set(&h->school_name, e->name);
	snprintf(buf, sizeof(buf), "%d", academic_year);
	stat_field_set(&h->academic_year, buf);
}

static void pupil_fill(const struct pupil *src, int academic_year, struct stat_pupil *p)
{
	char buf[YEAR_LABEL_MAX > 11 ? YEAR_LABEL_MAX : 11];

	stat_copy(p->upn, sizeof(p->upn), src->upn);
	stat_copy(p->surname, sizeof(p->surname), src->surname);
	stat_copy(p->forename, sizeof(p->forename), src->forenames);
	date_format_iso(src->dob, buf);
	stat_copy(p->dob, sizeof(p->dob), buf);
	stat_copy(p->gender, sizeof(p->gender),
		  src->gender == GENDER_MALE   ? "M" :
		  src->gender == GENDER_FEMALE ? "F" :
						 "");
	stat_copy(p->ncyear, sizeof(p->ncyear), year_ctf_code(pupil_year(src, academic_year), buf));
	stat_copy(p->ethnicity, sizeof(p->ethnicity), src->ethnicity);
	stat_copy(p->postcode, sizeof(p->postcode), src->postcode);
}

/* Adds the result of row with value (and for a phonics mark its outcome). */
static void result_add(const struct codes *codes, struct stat_pupil *p, const struct code_row *row,
		       int academic_year, const char *value)
{
	struct stat_result *r = stat_pupil_add_result(p);
	const struct code_row *orow;
	const char *outcome;

	stat_copy(r->stage, sizeof(r->stage), row->stage);
	stat_copy(r->subject, sizeof(r->subject), row->subject);
	stat_copy(r->method, sizeof(r->method), row->method);
	stat_copy(r->component, sizeof(r->component), row->component);
	stat_copy(r->qualifier, sizeof(r->qualifier), row->result_qualifier);
	stat_copy(r->locale, sizeof(r->locale), "ENG");
	stat_copy(r->status, sizeof(r->status), "R");
	snprintf(r->year, sizeof(r->year), "%d", academic_year + 1);
	r->too_long = !stat_copy(r->result, sizeof(r->result), value);
	if (strcmp(row->collection, "phonics") != 0 || stat_is_outcome_row(row))
		return;
	outcome = phonics_outcome(value);
	orow = codes_find_qualified(codes, "phonics", row->component, "PO");
	if (outcome && orow)
		result_add(codes, p, orow, academic_year, outcome);
}

void stat_options_fill(struct app *a, const struct establishment *e, struct y1_map *m,
		       struct stat_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->school_laestab = establishment_laestab(e);
	opt->today = date_from_unix(app_now(a));
	opt->phonics_y1 = y1_lookup;
	opt->phonics_ctx = m;
}

/* Copies the problems of src into dst; completeness rules only when keep_all. */
void stat_problems_copy(struct problem_list *dst, const struct problem_list *src, bool keep_all)
{
	for (size_t i = 0; i < src->count; i++) {
		const struct problem *p = &src->items[i];
		if (!keep_all && completeness_rule(p->code))
			continue;
		problem_list_add(dst, p->severity, p->location, p->code, "%s", p->message);
	}
}

/* ---- entry lists ---- */

void stat_entry_release(struct stat_entry *s)
{
	for (size_t i = 0; i < s->nrows; i++)
		problem_list_release(&s->rows[i].problems);
	free(s->rows);
	memset(s, 0, sizeof(*s));
}

static int col_of(const struct stat_entry *s, const char *component, const char *qualifier)
{
	for (size_t k = 0; k < s->ncols; k++)
		if (strcmp(s->cols[k]->component, component) == 0 &&
		    (!qualifier || strcmp(s->cols[k]->result_qualifier, qualifier) == 0))
			return (int)k;
	return -1;
}

/* The rule for a pupil of an entry list without any result: one who must have
 * one (eligible: phonics Year 2 only without the standard in Year 1; a leaver
 * without a result is simply not in the return; KS1 is optional) is told which
 * results to enter. The list's rows (row_check) and the return
 * (stat_return_build) both say it from here. */
static void no_result(struct app *a, enum collection coll, const struct stat_entry_row *row,
		      const char *loc, struct problem_list *problems)
{
	char needed[256];

	if (!row->eligible || row->left || coll == COLL_KS1)
		return;
	problem_list_error(problems, loc, "STAT_NO_RESULT",
			   "%s %s has no %s result: enter %s (a code such as A for absent when "
			   "there is no mark or judgement)",
			   row->p.forenames, row->p.surname, collection_label(coll),
			   stat_needed_list(a->codes, coll, needed, sizeof(needed)));
}

/* Runs the rule engine over one row into its problems (all of them when keep_all). */
static void row_check(struct app *a, const struct establishment *e, const struct stat_entry *s,
		      struct stat_entry_row *row, bool keep_all)
{
	struct stat_return r;
	struct stat_options opt;
	struct problem_list pl;
	struct y1_map m = { 0 };
	struct stat_pupil *p;
	bool any = false;

	problem_list_release(&row->problems);
	stat_return_init(&r);
	problem_list_init(&pl);
	header_fill(a, e, s->academic_year, &r.header);
	p = stat_return_add_pupil(&r);
	pupil_fill(&row->p, s->academic_year, p);
	for (size_t k = 0; k < s->ncols; k++) {
		if (!row->values[k][0])
			continue;
		result_add(a->codes, p, s->cols[k], s->academic_year, row->values[k]);
		any = true;
	}
	row->outcome = s->coll == COLL_PHONICS ? phonics_outcome(row->values[0]) : NULL;
	if (any) {
		y1_add(&m, row->p.upn, row->y1);
		stat_options_fill(a, e, &m, &opt);
		statutory_check_pupil(&r, p, a->codes, &opt, &pl);
		stat_problems_copy(&row->problems, &pl, keep_all);
	} else if (keep_all) { /* shown beside the pupil, as the return says it */
		no_result(a, s->coll, row, "", &row->problems);
	}
	stat_y1_free(&m);
	problem_list_release(&pl);
	stat_return_release(&r);
}

enum err stat_entry_load(struct app *a, struct store_conn *c, const struct establishment *e,
			 enum collection coll, int academic_year, int group, struct stat_entry *out,
			 struct errbuf *eb)
{
	struct pupil_query q = { .establishment_id = e->id };
	struct pupil *pupils = NULL, *left = NULL, *gone = NULL;
	struct stat_stored *stored = NULL;
	size_t np = 0, nl = 0, ng = 0, ns = 0;
	enum err rc;

	memset(out, 0, sizeof(*out));
	if (!group_ok(coll, group))
		return errbuf_set(eb, ERR_INVALID,
				  "there is no entry screen for %s of that year group",
				  collection_label(coll));
	out->coll = coll;
	out->academic_year = academic_year;
	out->group = group;
	out->ncols = entry_cols(a->codes, coll, out->cols);
	rc = store_submission_get(c, e->id, coll, academic_year, &out->sub);
	if (!rc)
		rc = store_pupil_list(c, &q, &pupils, &np);
	if (!rc)
		rc = store_statutory_leavers(c, e->id, coll, academic_year, &left, &nl);
	if (!rc)
		rc = store_statutory_left_no_result(c, e->id, coll, academic_year, &gone, &ng);
	if (!rc)
		rc = store_statutory_list(c, e->id, coll, academic_year, &stored, &ns);
	if (rc) {
		errbuf_set(eb, rc, "the pupils and results could not be read");
		goto out;
	}
	/* The pupils on roll, then those who left with results here (seeds 001,
	 * 003), then those archived here this academic year without a result yet,
	 * who may still get one (L for left, or a mark from before they went). */
	pupils = xrealloc(pupils, (np + nl + ng ? np + nl + ng : 1) * sizeof(*pupils));
	if (nl)
		memcpy(pupils + np, left, nl * sizeof(*pupils));
	if (ng)
		memcpy(pupils + np + nl, gone, ng * sizeof(*pupils));
	out->rows = xcalloc(np + nl + ng ? np + nl + ng : 1, sizeof(*out->rows));
	for (size_t i = 0; i < np + nl + ng; i++) {
		struct stat_entry_row *row;
		if (pupil_year(&pupils[i], academic_year) != group)
			continue;
		row = &out->rows[out->nrows++];
		row->p = pupils[i];
		row->left = i >= np;
		row->year_group = group;
		problem_list_init(&row->problems);
		row->eligible = true;
		if (coll == COLL_PHONICS && group == 2) {
			rc = phonics_y1_of(c, row->p.id, academic_year, row->y1_mark, &row->y1);
			if (rc) {
				errbuf_set(eb, rc, "the Year 1 phonics results could not be read");
				goto out;
			}
			row->eligible = row->y1 != PHONICS_Y1_MET;
		}
		for (size_t k = 0; k < ns; k++) {
			int col;
			if (stored[k].pupil_id != row->p.id)
				continue;
			col = col_of(out, stored[k].component, stored[k].qualifier);
			if (col >= 0)
				snprintf(row->values[col], STAT_VALUE_MAX, "%s", stored[k].result);
		}
		row_check(a, e, out, row, true);
	}
out:
	free(pupils);
	free(left);
	free(gone);
	free(stored);
	if (rc)
		stat_entry_release(out);
	return rc;
}

static enum err locked_error(const struct stat_submission *sub, struct errbuf *eb)
{
	char day[11];

	date_format_dmy(date_from_unix(sub->submitted_at), day);
	return errbuf_set(eb, ERR_LOCKED, "locked: ask your LA to unlock (submitted by %s on %s)",
			  sub->submitted_by, day);
}

enum err stat_entry_save(struct app *a, struct store_conn *c, const struct actor *who,
			 const struct establishment *e, enum collection coll, int academic_year,
			 int group, const struct stat_cell *cells, size_t ncells,
			 struct stat_entry *out, struct errbuf *eb)
{
	bool *changed = NULL;
	size_t bad = 0;
	enum err rc = stat_entry_load(a, c, e, coll, academic_year, group, out, eb);

	if (rc)
		return rc;
	if (out->sub.submitted)
		return locked_error(&out->sub, eb);
	changed = xcalloc(out->nrows ? out->nrows : 1, sizeof(*changed));
	for (size_t j = 0; j < out->nrows; j++)
		problem_list_release(&out->rows[j].problems); /* only this save's, below */
	for (size_t i = 0; i < ncells; i++) {
		size_t j;
		int col = col_of(out, cells[i].component, NULL);
		for (j = 0; j < out->nrows && out->rows[j].p.id != cells[i].pupil_id; j++)
			;
		if (j == out->nrows || col < 0) {
			rc = errbuf_set(eb, ERR_INVALID,
					"an entry is for a pupil or subject not on this list: "
					"reload the page and enter it again");
			goto out;
		}
		if (!stat_copy(out->rows[j].values[col], STAT_VALUE_MAX, cells[i].value)) {
			problem_list_error(&out->rows[j].problems, "", "VALUE_LONG",
					   "the entry is too long: enter a mark or a code");
			bad++;
		}
		if (!out->rows[j].eligible && out->rows[j].values[col][0]) {
			problem_list_error(
				&out->rows[j].problems, "", "PHONICS_Y2_MET",
				"this pupil met the standard in Year 1, so has no Year 2 "
				"check: leave the entry empty");
			bad++;
		}
		changed[j] = true;
	}
	for (size_t j = 0; j < out->nrows; j++) {
		if (!changed[j] || problem_list_count_errors(&out->rows[j].problems))
			continue;
		row_check(a, e, out, &out->rows[j], false);
		if (problem_list_count_errors(&out->rows[j].problems))
			bad++;
	}
	if (bad) {
		rc = errbuf_set(
			eb, ERR_INVALID,
			"%zu pupil%s ha%s an entry that cannot be saved: nothing was saved. "
			"Correct the entries marked and save again",
			bad, bad == 1 ? "" : "s", bad == 1 ? "s" : "ve");
		goto out;
	}
	rc = store_begin(c, eb);
	if (rc)
		goto out;
	for (size_t i = 0; i < ncells && !rc; i++) {
		size_t j;
		int col = col_of(out, cells[i].component, NULL);
		struct stat_stored s = { .pupil_id = cells[i].pupil_id,
					 .coll = coll,
					 .academic_year = academic_year };
		for (j = 0; out->rows[j].p.id != cells[i].pupil_id; j++)
			;
		snprintf(s.component, sizeof(s.component), "%s", out->cols[col]->component);
		snprintf(s.qualifier, sizeof(s.qualifier), "%s", out->cols[col]->result_qualifier);
		snprintf(s.result, sizeof(s.result), "%s", out->rows[j].values[col]);
		rc = store_statutory_put(c, who, e->id, &s, eb);
	}
	if (rc) {
		store_rollback(c);
		if (rc == ERR_LOCKED)
			errbuf_set(eb, rc, "locked: ask your LA to unlock");
		goto out;
	}
	rc = store_commit(c, eb);
	if (!rc) {
		stat_entry_release(out);
		rc = stat_entry_load(a, c, e, coll, academic_year, group, out, eb);
	}
out:
	free(changed);
	return rc;
}

/* ---- the whole return ---- */

enum err stat_return_build(struct app *a, struct store_conn *c, const struct establishment *e,
			   enum collection coll, int academic_year, struct stat_return *out,
			   struct problem_list *problems)
{
	struct stat_entry s[2];
	struct stat_options opt;
	struct y1_map m = { 0 };
	struct errbuf eb = { "" };
	int groups[2] = { default_group(coll), 2 };
	size_t ng = coll == COLL_PHONICS ? 2 : 1;
	char loc[PROBLEM_LOC_MAX];
	enum err rc = ERR_OK;

	if (coll == COLL_EYFSP) /* the tracking grid's ELGs, or the submitted return */
		return eyfsp_return_build(a, c, e, academic_year, out, problems);
	stat_return_init(out);
	header_fill(a, e, academic_year, &out->header);
	memset(s, 0, sizeof(s));
	for (size_t g = 0; g < ng && !rc; g++)
		rc = stat_entry_load(a, c, e, coll, academic_year, groups[g], &s[g], &eb);
	if (rc)
		goto out;
	for (size_t g = 0; g < ng; g++) {
		for (size_t i = 0; i < s[g].nrows; i++) {
			struct stat_entry_row *row = &s[g].rows[i];
			struct stat_pupil *p;
			bool any = false;
			for (size_t k = 0; k < s[g].ncols; k++)
				any = any || row->values[k][0];
			if (!any) {
				no_result(a, coll, row,
					  stat_loc(loc, out, NULL, (struct stat_pos){ 0 },
						   row->p.upn),
					  problems);
				continue;
			}
			p = stat_return_add_pupil(out);
			pupil_fill(&row->p, academic_year, p);
			for (size_t k = 0; k < s[g].ncols; k++)
				if (row->values[k][0])
					result_add(a->codes, p, s[g].cols[k], academic_year,
						   row->values[k]);
			y1_add(&m, row->p.upn, row->y1);
		}
	}
	stat_options_fill(a, e, &m, &opt);
	statutory_check(out, a->codes, &opt, problems);
out:
	for (size_t g = 0; g < ng; g++)
		stat_entry_release(&s[g]);
	stat_y1_free(&m);
	return rc;
}

bool stat_problem_of_pupil(const struct problem *p, const char *upn)
{
	const char *loc = p->location;
	size_t n = strlen(upn);

	if (!n)
		return false;
	if (strncmp(loc, "pupil ", 6) == 0)
		loc += 6;
	else if (strcmp(p->code, "STAT_NO_RESULT") != 0)
		return false;
	return strncmp(loc, upn, n) == 0 && (loc[n] == '\0' || strncmp(loc + n, " / ", 3) == 0);
}

bool stat_problem_has_pupil(const struct problem *p)
{
	return strncmp(p->location, "pupil ", 6) == 0 || strcmp(p->code, "STAT_NO_RESULT") == 0;
}

enum err stat_states(struct app *a, struct store_conn *c, const struct establishment *e,
		     int academic_year, struct stat_state out[COLL__MAX])
{
	enum err rc = ERR_OK;

	for (int i = 0; i < COLL__MAX && !rc; i++) {
		struct stat_stored *list = NULL;
		struct problem_list pl;
		struct stat_return r;

		memset(&out[i], 0, sizeof(out[i]));
		out[i].coll = (enum collection)i;
		rc = store_submission_get(c, e->id, (enum collection)i, academic_year, &out[i].sub);
		if (!rc)
			rc = store_statutory_list(c, e->id, (enum collection)i, academic_year,
						  &list, &out[i].results);
		free(list);
		if (!rc && i == COLL_EYFSP)
			rc = eyfsp_state(a, c, e, academic_year, &out[i]);
		if (rc || i == COLL_EYFSP || !out[i].results)
			continue;
		problem_list_init(&pl);
		rc = stat_return_build(a, c, e, (enum collection)i, academic_year, &r, &pl);
		out[i].errors = problem_list_count_errors(&pl);
		out[i].queries = problem_list_count_queries(&pl);
		stat_return_release(&r);
		problem_list_release(&pl);
	}
	return rc;
}

enum err stat_submit(struct app *a, struct store_conn *c, const struct actor *who,
		     const struct establishment *e, enum collection coll, int academic_year,
		     bool declared, struct problem_list *problems, struct errbuf *eb)
{
	struct stat_submission sub;
	struct stat_return r;
	enum err rc;

	if (coll == COLL_EYFSP)
		return eyfsp_submit(a, c, who, e, academic_year, declared, problems, eb);
	if (!declared)
		return errbuf_set(eb, ERR_INVALID, "tick the declaration \"%s\" to submit",
				  STAT_DECLARATION);
	/* The submission state is held first (PostgreSQL), so no save or import
	 * can commit between the check of the return and its lock: what is
	 * checked is what is submitted. */
	rc = store_begin(c, eb);
	if (rc)
		return rc;
	rc = store_submission_hold(c, e->id, coll, academic_year, &sub);
	if (rc) {
		errbuf_set(eb, rc, "the submission state could not be read");
		goto out;
	}
	rc = stat_return_build(a, c, e, coll, academic_year, &r, problems);
	stat_return_release(&r);
	if (rc) {
		errbuf_set(eb, rc, "the results could not be read");
		goto out;
	}
	if (problem_list_count_errors(problems)) {
		rc = errbuf_set(eb, ERR_INVALID,
				"the results have %zu error%s: correct them below, then submit "
				"again",
				problem_list_count_errors(problems),
				problem_list_count_errors(problems) == 1 ? "" : "s");
		goto out;
	}
	rc = store_submission_submit(c, who, e->id, coll, academic_year, eb);
out:
	if (rc) {
		store_rollback(c);
		return rc;
	}
	return store_commit(c, eb);
}

enum err stat_unlock(struct app *a, struct store_conn *c, const struct actor *who,
		     const struct establishment *e, enum collection coll, int academic_year,
		     const char *reason, struct errbuf *eb)
{
	(void)a;
	return store_submission_unlock(c, who, e->id, coll, academic_year, reason, eb);
}

/* ---- CTF ---- */

enum err stat_export(struct app *a, struct store_conn *c, const struct establishment *e,
		     enum collection coll, int academic_year, char **xml, size_t *len,
		     char name[static CTF_NAME_MAX], struct problem_list *problems,
		     struct errbuf *eb)
{
	struct stat_return r;
	enum err rc;

	*xml = NULL;
	*len = 0;
	name[0] = '\0';
	rc = stat_return_build(a, c, e, coll, academic_year, &r, problems);
	if (rc) {
		errbuf_set(eb, rc, "the results could not be read");
		goto out;
	}
	if (problem_list_count_errors(problems)) {
		rc = errbuf_set(eb, ERR_INVALID,
				"the results have %zu error%s: correct them, then export",
				problem_list_count_errors(problems),
				problem_list_count_errors(problems) == 1 ? "" : "s");
		goto out;
	}
	if (!ctf_file_name(name, r.header.source_lea.text, r.header.source_estab.text, coll,
			   r.header.dest_lea.text, r.header.dest_estab.text, 1)) {
		rc = errbuf_set(eb, ERR_INVALID,
				"the school's LA or establishment number is not "
				"one a CTF can name");
		goto out;
	}
	rc = ctf_write(&r, a->codes, coll, xml, len, eb);
out:
	stat_return_release(&r);
	return rc;
}

enum err stat_code_meanings(const struct app *a, enum collection coll,
			    struct stat_meaning out[STAT_MEANINGS_MAX], size_t *n,
			    struct errbuf *eb)
{
	char *path = app_data_path(a, "statutory-result-codes.tsv");
	char *text = NULL, *line, *next;
	const char *cc = collection_code(coll);
	enum err rc = app_file_read(path, 256 * 1024, &text, NULL, eb);

	*n = 0;
	free(path);
	if (rc)
		return rc;
	for (line = text; line && *line; line = next) {
		char *tab1, *tab2, *end;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		end = line + strlen(line);
		if (end > line && end[-1] == '\r')
			end[-1] = '\0';
		if (line[0] == '#' || !(tab1 = strchr(line, '\t')) ||
		    !(tab2 = strchr(tab1 + 1, '\t')))
			continue;
		*tab1 = *tab2 = '\0';
		if (strcmp(line, cc) != 0 || *n >= STAT_MEANINGS_MAX)
			continue;
		stat_copy(out[*n].code, sizeof(out[*n].code), tab1 + 1);
		stat_copy(out[*n].text, sizeof(out[*n].text), tab2 + 1);
		(*n)++;
	}
	free(text);
	return ERR_OK;
}

/* ---- issue 6b: CTF export to a chosen destination, numbered per destination ---- */

/* The destination words and the header codes they stand for (seed 001). */
static const struct {
	const char *word;  /* as typed */
	const char *lea;   /* DestSchool/LEA; NULL = the school's own LA */
	const char *estab; /* DestSchool/Estab */
} dest_codes[] = {
	[CTF_DEST_LA] = { "la", NULL, "LLLL" },
	[CTF_DEST_NAA] = { "naa", "NAA", "LLLL" },
	[CTF_DEST_UNKNOWN] = { "unknown", "XXX", "XXXX" },
	[CTF_DEST_NONMAINTAINED] = { "nonmaintained", "MMM", "MMMM" },
	[CTF_DEST_SCHOOL] = { NULL, NULL, NULL },
};
_Static_assert(sizeof(dest_codes) / sizeof(dest_codes[0]) == CTF_DEST__MAX, "dest codes");

enum err stat_dest_parse(const char *s, struct ctf_dest *out, struct errbuf *eb)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < CTF_DEST__MAX; i++) {
		if (dest_codes[i].word && strcasecmp(s, dest_codes[i].word) == 0) {
			out->kind = (enum ctf_dest_kind)i;
			return ERR_OK;
		}
	}
	/* digits: a school's LAESTAB, or its own reason why not */
	if (s[0] && strspn(s, "0123456789/") == strlen(s)) {
		enum err e = people_org_laestab(s, &out->laestab, eb);
		if (e == ERR_OK)
			out->kind = CTF_DEST_SCHOOL;
		return e;
	}
	return errbuf_set(eb, ERR_INVALID,
			  "the destination \"%.20s\" is not one of la (your LA), naa (the "
			  "national assessments agency), unknown, nonmaintained, or a school's "
			  "7-digit LAESTAB such as 8885678",
			  s);
}

/* The header codes of dest for school e into lea[4] and estab[5]. */
static void dest_codes_of(const struct ctf_dest *dest, const struct establishment *e,
			  char lea[static 8], char estab[static 8])
{
	if (dest->kind == CTF_DEST_SCHOOL) {
		snprintf(lea, 8, "%03d", dest->laestab / 10000);
		snprintf(estab, 8, "%04d", dest->laestab % 10000);
	} else if (dest_codes[dest->kind].lea) {
		snprintf(lea, 8, "%s", dest_codes[dest->kind].lea);
		snprintf(estab, 8, "%s", dest_codes[dest->kind].estab);
	} else {
		snprintf(lea, 8, "%03d", e->la_code);
		snprintf(estab, 8, "%s", dest_codes[dest->kind].estab);
	}
}

enum err stat_export_to(struct app *a, struct store_conn *c, const struct actor *who,
			const struct establishment *e, enum collection coll, int academic_year,
			const struct ctf_dest *dest, char **xml, size_t *len,
			char name[static CTF_NAME_MAX], struct problem_list *problems,
			struct errbuf *eb)
{
	char lea[8], estab[8], where[16];
	struct stat_return r;
	int seq = 0;
	enum err rc;

	*xml = NULL;
	*len = 0;
	name[0] = '\0';
	if ((unsigned)dest->kind >= CTF_DEST__MAX)
		return errbuf_set(eb, ERR_INVALID, "unknown destination");
	if (coll == COLL_EYFSP) /* synced from the tracking grid into the store first */
		rc = eyfsp_export_return(a, c, who, e, academic_year, &r, problems, eb);
	else
		rc = stat_return_build(a, c, e, coll, academic_year, &r, problems);
	if (rc) {
		if (!eb->msg[0])
			errbuf_set(eb, rc, "the results could not be read");
		goto out;
	}
	dest_codes_of(dest, e, lea, estab);
	stat_field_set(&r.header.dest_lea, lea);
	stat_field_set(&r.header.dest_estab, estab);
	if (problem_list_count_errors(problems)) {
		rc = errbuf_set(eb, ERR_INVALID,
				"the results have %zu error%s: correct them, then export",
				problem_list_count_errors(problems),
				problem_list_count_errors(problems) == 1 ? "" : "s");
		goto out;
	}
	if (!r.npupils) {
		char ay[ACADEMIC_YEAR_LABEL_MAX];
		rc = errbuf_set(eb, ERR_INVALID,
				"no pupil has a %s result for %s: enter or import the results "
				"first",
				collection_label(coll), academic_year_label(academic_year, ay));
		goto out;
	}
	rc = ctf_write(&r, a->codes, coll, xml, len, eb);
	if (rc)
		goto out;
	snprintf(where, sizeof(where), "%s%s", lea, estab);
	rc = store_ctf_seq_next(c, who, e->id, where, &seq, eb);
	if (rc)
		goto out;
	if (!ctf_file_name(name, r.header.source_lea.text, r.header.source_estab.text, coll, lea,
			   estab, seq))
		rc = errbuf_set(eb, ERR_INVALID,
				"the school's LA or establishment number is not one a CTF can "
				"name");
out:
	if (rc) {
		free(*xml);
		*xml = NULL;
		*len = 0;
		name[0] = '\0';
	}
	stat_return_release(&r);
	return rc;
}
