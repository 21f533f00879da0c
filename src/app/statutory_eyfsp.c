/*
 * statutory_eyfsp: the EYFS profile return (see statutory_eyfsp.h).
 *
 * Source of truth: the end-of-year ELG assessment of the tracking grid is where
 * the EYFS profile is entered; the statutory store holds the return. Until the
 * school submits, the return is built from the grid (so the index, submit and
 * export see what teachers entered) and eyfsp_sync copies it into the store on
 * submit and on export; after the submission the store's copy is the return.
 * A CTF import writes both: the store (stat_import) and the grid
 * (eyfsp_import_batch), batch by batch in stat_import's one transaction.
 */
#include "app/statutory_eyfsp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/assess.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/codes.h"

const char EYFSP_ASSESSMENT_NAME[] = "End of year early learning goals";

/* The code-table row of each ELG (collection "eyfsp"); NULL when missing. */
static void elg_rows(const struct codes *codes, const struct code_row *rows[static ELG__MAX])
{
	for (int i = 0; i < ELG__MAX; i++)
		rows[i] = NULL;
	for (const struct code_row *r = codes_rows_for(codes, "eyfsp", NULL); r;
	     r = codes_rows_for(codes, "eyfsp", r)) {
		enum elg e;
		if (elg_parse(r->component, &e) && !rows[e])
			rows[e] = r;
	}
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

static struct stat_pupil *pupil_add(struct stat_return *r, const struct pupil *src,
				    int academic_year)
{
	struct stat_pupil *p = stat_return_add_pupil(r);
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
	stat_copy(p->ncyear, sizeof(p->ncyear),
		  year_ctf_code(assess_pupil_year_group(src, academic_year), buf));
	stat_copy(p->ethnicity, sizeof(p->ethnicity), src->ethnicity);
	return p;
}

static void result_add(struct stat_pupil *p, const struct code_row *row, int academic_year,
		       const char *value)
{
	struct stat_result *r = stat_pupil_add_result(p);

	stat_copy(r->stage, sizeof(r->stage), row->stage);
	stat_copy(r->subject, sizeof(r->subject), row->subject);
	stat_copy(r->method, sizeof(r->method), row->method);
	stat_copy(r->component, sizeof(r->component), row->component);
	stat_copy(r->qualifier, sizeof(r->qualifier), row->result_qualifier);
	stat_copy(r->locale, sizeof(r->locale), "ENG");
	stat_copy(r->status, sizeof(r->status), "R");
	snprintf(r->year, sizeof(r->year), "%d", academic_year + 1);
	r->too_long = !stat_copy(r->result, sizeof(r->result), value);
}

enum err eyfsp_assessment(struct store_conn *c, const struct establishment *e, int academic_year,
			  struct assessment *out)
{
	struct assessment *list = NULL;
	size_t n = 0;
	bool found = false;
	enum err rc = store_assessment_list(c, e->id, academic_year, &list, &n);

	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) /* sorted by date: the last one wins */
		if (list[i].kind == SCALE_ELG && list[i].academic_year == academic_year) {
			*out = list[i];
			found = true;
		}
	free(list);
	return found ? ERR_OK : ERR_NOT_FOUND;
}

/* The pupils of a return in order, by id (parallel to r->pupils). */
struct ids {
	int64_t *id;
	size_t n;
};

static void ids_add(struct ids *ids, int64_t id)
{
	ids->id = xrealloc(ids->id, (ids->n + 1) * sizeof(*ids->id));
	ids->id[ids->n++] = id;
}

/* ---- pupils who left: when a child leaves in the second half of the summer
 * term or later, the school they leave submits their profile (seeds 001, 003) ---- */

static int id_cmp(const void *x, const void *y)
{
	int64_t l = *(const int64_t *)x, r = *(const int64_t *)y;

	return (l > r) - (l < r);
}

/* A pupil who left, with what the grid and the store hold of their ELGs. */
struct leaver {
	struct pupil p;	    /* archived here, or moved to another school */
	int grid[ELG__MAX]; /* enum elg_result from the grid, ELG_BLANK = none */
	int ngrid;	    /* ELGs entered on the grid */
	bool stored;	    /* has EYFSP results in the statutory store */
};

static struct leaver *leaver_add(struct leaver **list, size_t *n, const struct pupil *p)
{
	struct leaver *l;

	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	l = &(*list)[(*n)++];
	memset(l, 0, sizeof(*l));
	l->p = *p;
	return l;
}

static struct leaver *leaver_find(struct leaver *list, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].p.id == id)
			return &list[i];
	return NULL;
}

/* The leavers of the return: those with stored EYFSP results (store_statutory_leavers)
 * and those who left with ELGs on the grid, which no longer lists them. */
static enum err leavers_read(struct store_conn *c, const struct establishment *e,
			     const struct assessment *as, const struct assess_grid *g,
			     struct leaver **out, size_t *nout)
{
	struct judgement_value *v = NULL;
	struct pupil *left = NULL;
	int64_t *on = NULL, seen = 0;
	size_t nv = 0, nl = 0;
	enum err rc = store_statutory_leavers(c, e->id, COLL_EYFSP, as->academic_year, &left, &nl);

	*out = NULL;
	*nout = 0;
	if (!rc)
		rc = store_judgement_values(c, as->id, &v, &nv);
	if (rc)
		goto out;
	for (size_t i = 0; i < nl; i++)
		leaver_add(out, nout, &left[i])->stored = true;
	on = xcalloc(g->nrows ? g->nrows : 1, sizeof(*on));
	for (size_t i = 0; i < g->nrows; i++)
		on[i] = g->rows[i].pupil.id;
	qsort(on, g->nrows, sizeof(*on), id_cmp);
	for (size_t i = 0; i < nv && !rc; i++) { /* by pupil id, then area */
		struct leaver *l;
		struct pupil p;
		if (v[i].value == ELG_BLANK || (unsigned)v[i].elg >= ELG__MAX ||
		    bsearch(&v[i].pupil_id, on, g->nrows, sizeof(*on), id_cmp))
			continue;
		l = leaver_find(*out, *nout, v[i].pupil_id);
		if (!l && v[i].pupil_id != seen) { /* each pupil read once */
			seen = v[i].pupil_id;
			rc = store_pupil_get(c, v[i].pupil_id, &p);
			if (rc == ERR_NOT_FOUND) {
				rc = ERR_OK;
				continue;
			}
			if (rc)
				break;
			/* not on the grid but still here: another year group now */
			if (p.archived || p.establishment_id != e->id)
				l = leaver_add(out, nout, &p);
		}
		if (l) {
			l->grid[v[i].elg] = v[i].value;
			l->ngrid++;
		}
	}
out:
	free(on);
	free(v);
	free(left);
	if (rc) {
		free(*out);
		*out = NULL;
		*nout = 0;
	}
	return rc;
}

/* Adds to r the pupils who left with results: their stored EYFSP results once
 * there are any (an import may have corrected them; a leaver is on no grid to
 * change), else all 17 ELGs on the grid; one who left with only some ELGs on the grid and
 * none stored is left out with a query (the new school may be the one to submit). */
static enum err leavers_add(struct store_conn *c, const struct establishment *e,
			    const struct assessment *as, const struct assess_grid *g,
			    const struct code_row *rows[static ELG__MAX], struct stat_return *r,
			    struct ids *ids, struct problem_list *problems)
{
	struct stat_stored *st = NULL;
	struct leaver *l = NULL;
	size_t nl = 0, ns = 0;
	char loc[PROBLEM_LOC_MAX];
	int ay = as->academic_year;
	enum err rc = leavers_read(c, e, as, g, &l, &nl);

	if (!rc && nl)
		rc = store_statutory_list(c, e->id, COLL_EYFSP, ay, &st, &ns);
	for (size_t i = 0; i < nl && !rc; i++) {
		struct stat_pupil *p;
		if (!l[i].p.include_in_data || (l[i].ngrid < ELG__MAX && !l[i].stored))
			continue;
		p = pupil_add(r, &l[i].p, ay);
		ids_add(ids, l[i].p.id);
		if (l[i].ngrid == ELG__MAX && !l[i].stored) {
			for (int k = 0; k < ELG__MAX; k++) {
				const char *code = elg_result_ctf((enum elg_result)l[i].grid[k]);
				if (rows[k] && code)
					result_add(p, rows[k], ay, code);
			}
			continue;
		}
		for (size_t k = 0; k < ns; k++) {
			enum elg el;
			if (st[k].pupil_id == l[i].p.id && elg_parse(st[k].component, &el) &&
			    rows[el])
				result_add(p, rows[el], ay, st[k].result);
		}
	}
	for (size_t i = 0; i < nl && !rc; i++) {
		struct establishment now;
		if (!l[i].p.include_in_data || l[i].stored || !l[i].ngrid || l[i].ngrid == ELG__MAX)
			continue;
		stat_loc(loc, r, NULL, (struct stat_pos){ 0 }, l[i].p.upn);
		if (l[i].p.establishment_id == e->id) { /* archived here */
			problem_list_query(problems, loc, "EYFSP_LEFT_PART",
					   "%s %s has left with %d of the 17 early learning goals "
					   "entered, so is not in this return: if your school "
					   "submits their profile, ask your local authority to "
					   "restore them from the archive (only they can), then "
					   "enter the rest on the tracking grid",
					   l[i].p.forenames, l[i].p.surname, l[i].ngrid);
			continue;
		}
		/* moved to another school: named, as EYFSP_SPLIT names it */
		rc = store_establishment_get(c, l[i].p.establishment_id, &now);
		if (rc)
			break;
		problem_list_query(problems, loc, "EYFSP_LEFT_PART",
				   "%s %s has moved to %03d/%04d %s with %d of the 17 early "
				   "learning goals entered here, so is not in this return: the "
				   "school the child attends from the second half of the summer "
				   "term returns the profile; if that is yours, agree it with "
				   "%s and ask your local authority to move the child back to "
				   "your school (only they can), then enter the rest on the "
				   "tracking grid",
				   l[i].p.forenames, l[i].p.surname, now.la_code, now.estab,
				   now.name, l[i].ngrid, now.name);
	}
	free(st);
	free(l);
	return rc;
}

static bool row_has_elg(const struct assess_row *row)
{
	for (int k = 0; k < ELG__MAX; k++)
		if (row->cells[k].value != ELG_BLANK)
			return true;
	return false;
}

/* The ELGs of pupil_id in held (store_statutory_elsewhere's rows), and in
 * *school the first school holding any. */
static uint32_t held_elgs(const struct stat_stored *held, size_t n, int64_t pupil_id,
			  int64_t *school)
{
	uint32_t elgs = 0;

	*school = 0;
	for (size_t k = 0; k < n; k++) {
		enum elg el;
		if (held[k].pupil_id != pupil_id || !elg_parse(held[k].component, &el))
			continue;
		elgs |= UINT32_C(1) << el;
		if (!*school)
			*school = held[k].establishment_id;
	}
	return elgs;
}

/* A school as the EYFS messages name it: "888/5678 Juniper Row Primary", or
 * "another school" when it is gone. */
static enum err school_label(struct store_conn *c, int64_t id, char *buf, size_t size)
{
	struct establishment est;
	enum err rc = store_establishment_get(c, id, &est);

	if (rc == ERR_OK)
		snprintf(buf, size, "%03d/%04d %s", est.la_code, est.estab, est.name);
	else
		snprintf(buf, size, "another school");
	return rc == ERR_NOT_FOUND ? ERR_OK : rc;
}

/* The pupils of the grid (included in data) with no ELG entered: not in the
 * return. STAT_NO_RESULT, an error, for each; but when another school's return
 * holds ELGs for the child this year (a child who moved), EYFSP_ELSEWHERE,
 * a query naming that school: which school returns the profile turns on when
 * the child moved, and the school that does not cannot enter the other's
 * results. */
static enum err no_results(struct store_conn *c, const struct establishment *e, int academic_year,
			   const struct stat_return *r, const struct assess_grid *g,
			   struct problem_list *problems)
{
	struct ids none = { 0 };
	struct stat_stored *held = NULL;
	char loc[PROBLEM_LOC_MAX], where[NAME_MAX_LEN + 16];
	size_t nheld = 0;
	enum err rc = ERR_OK;

	for (size_t i = 0; i < g->nrows; i++)
		if (g->rows[i].pupil.include_in_data && !row_has_elg(&g->rows[i]))
			ids_add(&none, g->rows[i].pupil.id);
	if (none.n)
		rc = store_statutory_elsewhere(c, e->id, COLL_EYFSP, academic_year, none.id, none.n,
					       &held, &nheld);
	for (size_t i = 0; i < g->nrows && none.n && !rc; i++) {
		const struct pupil *p = &g->rows[i].pupil;
		int64_t school;
		uint32_t elgs;
		int count = 0;

		if (!p->include_in_data || row_has_elg(&g->rows[i]))
			continue;
		stat_loc(loc, r, NULL, (struct stat_pos){ 0 }, p->upn);
		elgs = held_elgs(held, nheld, p->id, &school);
		if (!elgs) {
			problem_list_error(
				problems, loc, "STAT_NO_RESULT",
				"%s %s has no early learning goal entered: enter all 17 "
				"on the tracking grid (Absent when the child was absent)",
				p->forenames, p->surname);
			continue;
		}
		rc = school_label(c, school, where, sizeof(where));
		for (int k = 0; k < ELG__MAX; k++)
			count += (elgs >> k) & 1;
		problem_list_query(problems, loc, "EYFSP_ELSEWHERE",
				   "%s %s has no early learning goal entered here, and %d of the "
				   "17 are held in the return of %s, so is not in this return: "
				   "the school the child attends from the second half of the "
				   "summer term returns the profile; if that is yours, agree it "
				   "with that school, then enter all 17 on the tracking grid",
				   p->forenames, p->surname, count, where);
	}
	free(held);
	free(none.id);
	return rc;
}

static enum err from_grid(struct app *a, struct store_conn *c, const struct establishment *e,
			  int academic_year, struct stat_return *r, struct ids *ids,
			  struct problem_list *problems)
{
	const struct code_row *rows[ELG__MAX];
	char ay[ACADEMIC_YEAR_LABEL_MAX];
	struct assessment as;
	struct assess_grid g;
	enum err rc = eyfsp_assessment(c, e, academic_year, &as);

	if (rc == ERR_NOT_FOUND) {
		problem_list_error(problems, "EYFS profile", "EYFSP_NO_GRID",
				   "there is no end of year early learning goals assessment for "
				   "%s: create one with \"+\" on the tracking grid and enter the "
				   "early learning goals",
				   academic_year_label(academic_year, ay));
		return ERR_OK;
	}
	if (rc)
		return rc;
	rc = assess_grid_load(a, c, e, as.id, &g);
	if (rc)
		return rc;
	elg_rows(a->codes, rows);
	for (size_t i = 0; i < g.nrows; i++) {
		const struct assess_row *row = &g.rows[i];
		struct stat_pupil *p;
		if (!row->pupil.include_in_data || !row_has_elg(row))
			continue; /* no_results */
		p = pupil_add(r, &row->pupil, academic_year);
		ids_add(ids, row->pupil.id);
		for (int k = 0; k < ELG__MAX; k++) {
			const char *code = elg_result_ctf((enum elg_result)row->cells[k].value);
			if (rows[k] && code && row->cells[k].value != ELG_BLANK)
				result_add(p, rows[k], academic_year, code);
		}
	}
	rc = no_results(c, e, academic_year, r, &g, problems);
	if (!rc)
		rc = leavers_add(c, e, &as, &g, rows, r, ids, problems);
	assess_grid_free(&g);
	return rc;
}

static enum err from_store(struct app *a, struct store_conn *c, const struct establishment *e,
			   int academic_year, struct stat_return *r, struct ids *ids)
{
	const struct code_row *rows[ELG__MAX];
	struct stat_stored *list = NULL;
	struct stat_pupil *p = NULL;
	int64_t last = 0;
	size_t n = 0;
	enum err rc = store_statutory_list(c, e->id, COLL_EYFSP, academic_year, &list, &n);

	elg_rows(a->codes, rows);
	for (size_t i = 0; i < n && !rc; i++) {
		enum elg k;
		if (!elg_parse(list[i].component, &k) || !rows[k])
			continue;
		if (!p || list[i].pupil_id != last) {
			struct pupil pp;
			rc = store_pupil_get(c, list[i].pupil_id, &pp);
			if (rc)
				break;
			p = pupil_add(r, &pp, academic_year);
			ids_add(ids, pp.id);
			last = pp.id;
		}
		result_add(p, rows[k], academic_year, list[i].result);
	}
	free(list);
	return rc;
}

/* The EYFS profile results other schools' returns hold for the pupils of a
 * return (a child who moved with ELGs entered at both), for the rule engine's
 * EYFSP_SPLIT: only which ELGs and which school, never the results. */
struct elsewhere {
	struct store_conn *c;
	const struct stat_return *r;
	const struct ids *ids;	  /* parallel to r->pupils */
	struct stat_stored *held; /* by pupil id, then school */
	size_t n;		  /* in held */
	enum err rc;		  /* a school could not be read */
};

static bool elsewhere_of(void *ctx, const char *upn, struct stat_elsewhere *out)
{
	struct elsewhere *x = ctx;
	int64_t id = 0, school = 0;
	enum err rc;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < x->r->npupils && !id; i++)
		if (strcmp(x->r->pupils[i].upn, upn) == 0)
			id = x->ids->id[i];
	if (id)
		out->elgs = held_elgs(x->held, x->n, id, &school);
	if (!out->elgs)
		return false;
	rc = school_label(x->c, school, out->school, sizeof(out->school));
	if (rc && !x->rc)
		x->rc = rc;
	return true;
}

/* The rule engine over r (ids: its pupils) into problems. */
static enum err check(struct app *a, struct store_conn *c, const struct establishment *e,
		      int academic_year, const struct stat_return *r, const struct ids *ids,
		      struct problem_list *problems)
{
	struct elsewhere x = { .c = c, .r = r, .ids = ids };
	struct stat_options opt = { .school_laestab = establishment_laestab(e),
				    .today = date_from_unix(app_now(a)),
				    .eyfsp_elsewhere = elsewhere_of,
				    .eyfsp_ctx = &x };
	enum err rc = store_statutory_elsewhere(c, e->id, COLL_EYFSP, academic_year, ids->id,
						ids->n, &x.held, &x.n);

	if (!rc)
		statutory_check(r, a->codes, &opt, problems);
	free(x.held);
	return rc ? rc : x.rc;
}

/* Builds into r (and ids); from the store when sub says submitted. */
static enum err build(struct app *a, struct store_conn *c, const struct establishment *e,
		      int academic_year, const struct stat_submission *sub, struct stat_return *r,
		      struct ids *ids, struct problem_list *problems)
{
	enum err rc;

	stat_return_init(r);
	header_fill(a, e, academic_year, &r->header);
	rc = sub->submitted ? from_store(a, c, e, academic_year, r, ids) :
			      from_grid(a, c, e, academic_year, r, ids, problems);
	if (!rc)
		rc = check(a, c, e, academic_year, r, ids, problems);
	return rc;
}

enum err eyfsp_return_build(struct app *a, struct store_conn *c, const struct establishment *e,
			    int academic_year, struct stat_return *out,
			    struct problem_list *problems)
{
	struct stat_submission sub;
	struct ids ids = { 0 };
	enum err rc = store_submission_get(c, e->id, COLL_EYFSP, academic_year, &sub);

	if (rc) {
		stat_return_init(out);
		return rc;
	}
	rc = build(a, c, e, academic_year, &sub, out, &ids, problems);
	free(ids.id);
	return rc;
}

/* Opens a transaction, or joins the caller's: *own says which. */
static enum err tx_open(struct store_conn *c, bool *own, struct errbuf *eb)
{
	struct errbuf tmp = { "" };
	enum err rc = store_begin(c, &tmp);

	*own = rc == ERR_OK;
	if (rc == ERR_USAGE) /* a transaction is open: the writes join it */
		return ERR_OK;
	if (rc)
		errbuf_set(eb, rc, "%s", tmp.msg);
	return rc;
}

static enum err tx_close(struct store_conn *c, bool own, enum err rc, struct errbuf *eb)
{
	if (!own)
		return rc;
	if (rc) {
		store_rollback(c);
		return rc;
	}
	return store_commit(c, eb);
}

static bool has_id(const struct ids *ids, int64_t id)
{
	for (size_t i = 0; i < ids->n; i++)
		if (ids->id[i] == id)
			return true;
	return false;
}

/* The writes of a sync inside an open transaction. */
static enum err sync_write(struct store_conn *c, const struct actor *who,
			   const struct establishment *e, int academic_year,
			   const struct stat_return *r, const struct ids *ids, size_t *written,
			   struct errbuf *eb)
{
	struct stat_stored *list = NULL;
	size_t n = 0;
	enum err rc = store_statutory_list(c, e->id, COLL_EYFSP, academic_year, &list, &n);

	if (rc)
		return errbuf_set(eb, rc, "the EYFS profile results could not be read");
	for (size_t i = 0; i < r->npupils && !rc; i++) {
		for (size_t k = 0; k < r->pupils[i].nresults && !rc; k++) {
			const struct stat_result *res = &r->pupils[i].results[k];
			struct stat_stored s = { .pupil_id = ids->id[i],
						 .coll = COLL_EYFSP,
						 .academic_year = academic_year };
			struct stat_stored old;
			snprintf(s.component, sizeof(s.component), "%s", res->component);
			snprintf(s.qualifier, sizeof(s.qualifier), "%s", res->qualifier);
			snprintf(s.result, sizeof(s.result), "%s", res->result);
			if (store_statutory_get(c, s.pupil_id, COLL_EYFSP, academic_year,
						s.component, s.qualifier, &old) == ERR_OK &&
			    (strcmp(old.result, s.result) == 0 || old.establishment_id != e->id))
				continue; /* unchanged, or another school's return holds it (a
					     pupil who moved on): that school's, never written */
			rc = store_statutory_put(c, who, e->id, &s, eb);
			if (!rc && written)
				(*written)++;
		}
	}
	for (size_t i = 0; i < n && !rc; i++) { /* pupils no longer in the return */
		if (has_id(ids, list[i].pupil_id))
			continue;
		list[i].result[0] = '\0';
		rc = store_statutory_put(c, who, e->id, &list[i], eb);
		if (!rc && written)
			(*written)++;
	}
	free(list);
	return rc;
}

static enum err locked(const struct stat_submission *sub, struct errbuf *eb)
{
	char day[11];

	date_format_dmy(date_from_unix(sub->submitted_at), day);
	return errbuf_set(eb, ERR_LOCKED,
			  "locked: the EYFS profile was submitted by %s on %s; ask your LA to "
			  "unlock it",
			  sub->submitted_by, day);
}

static enum err errors_refuse(const struct problem_list *problems, const char *then,
			      struct errbuf *eb)
{
	size_t n = problem_list_count_errors(problems);

	if (!n)
		return ERR_OK;
	return errbuf_set(eb, ERR_INVALID, "the EYFS profile has %zu error%s: correct them %s", n,
			  n == 1 ? "" : "s", then);
}

/* Sync with the submission state known (not submitted). */
static enum err sync_unlocked(struct app *a, struct store_conn *c, const struct actor *who,
			      const struct establishment *e, int academic_year,
			      const struct stat_submission *sub, struct stat_return *r,
			      struct problem_list *problems, size_t *written, const char *then,
			      struct errbuf *eb)
{
	struct ids ids = { 0 };
	bool own = false;
	enum err rc = tx_open(c, &own, eb); /* read and write in one transaction */

	if (rc) {
		stat_return_init(r);
		return rc;
	}
	rc = build(a, c, e, academic_year, sub, r, &ids, problems);
	if (rc)
		rc = errbuf_set(eb, rc, "the early learning goals could not be read");
	if (!rc)
		rc = errors_refuse(problems, then, eb);
	if (!rc)
		rc = sync_write(c, who, e, academic_year, r, &ids, written, eb);
	free(ids.id);
	return tx_close(c, own, rc, eb);
}

enum err eyfsp_sync(struct app *a, struct store_conn *c, const struct actor *who,
		    const struct establishment *e, int academic_year, struct problem_list *problems,
		    size_t *written, struct errbuf *eb)
{
	struct stat_submission sub;
	struct stat_return r;
	enum err rc;

	if (written)
		*written = 0;
	rc = store_submission_get(c, e->id, COLL_EYFSP, academic_year, &sub);
	if (rc)
		return errbuf_set(eb, rc, "the submission state could not be read");
	if (sub.submitted)
		return locked(&sub, eb);
	rc = sync_unlocked(a, c, who, e, academic_year, &sub, &r, problems, written,
			   "then save the return", eb);
	stat_return_release(&r);
	return rc;
}

enum err eyfsp_submit(struct app *a, struct store_conn *c, const struct actor *who,
		      const struct establishment *e, int academic_year, bool declared,
		      struct problem_list *problems, struct errbuf *eb)
{
	struct stat_submission sub;
	bool own = false;
	enum err rc;

	if (!declared)
		return errbuf_set(eb, ERR_INVALID, "tick the declaration \"%s\" to submit",
				  STAT_DECLARATION);
	rc = store_submission_get(c, e->id, COLL_EYFSP, academic_year, &sub);
	if (rc)
		return errbuf_set(eb, rc, "the submission state could not be read");
	if (sub.submitted)
		return errbuf_set(eb, ERR_CONFLICT, "the EYFS profile is submitted already");
	rc = tx_open(c, &own, eb);
	if (rc)
		return rc;
	/* held before the grid is read: a grid save or an import committed
	 * meanwhile is in what is checked and submitted, never after it */
	rc = store_submission_hold(c, e->id, COLL_EYFSP, academic_year, &sub);
	if (rc)
		errbuf_set(eb, rc, "the submission state could not be read");
	else if (sub.submitted)
		rc = errbuf_set(eb, ERR_CONFLICT, "the EYFS profile is submitted already");
	if (!rc)
		rc = eyfsp_sync(a, c, who, e, academic_year, problems, NULL, eb);
	if (rc == ERR_INVALID && problem_list_count_errors(problems))
		errors_refuse(problems, "in the tracking grid, then submit again", eb);
	if (!rc)
		rc = store_submission_submit(c, who, e->id, COLL_EYFSP, academic_year, eb);
	return tx_close(c, own, rc, eb);
}

enum err eyfsp_state(struct app *a, struct store_conn *c, const struct establishment *e,
		     int academic_year, struct stat_state *out)
{
	struct problem_list pl;
	struct stat_return r;
	enum err rc;

	memset(out, 0, sizeof(*out));
	out->coll = COLL_EYFSP;
	rc = store_submission_get(c, e->id, COLL_EYFSP, academic_year, &out->sub);
	if (rc)
		return rc;
	problem_list_init(&pl);
	rc = eyfsp_return_build(a, c, e, academic_year, &r, &pl);
	for (size_t i = 0; i < r.npupils; i++)
		out->results += r.pupils[i].nresults;
	if (out->results) {
		out->errors = problem_list_count_errors(&pl);
		out->queries = problem_list_count_queries(&pl);
	}
	stat_return_release(&r);
	problem_list_release(&pl);
	return rc;
}

enum err eyfsp_export_return(struct app *a, struct store_conn *c, const struct actor *who,
			     const struct establishment *e, int academic_year,
			     struct stat_return *out, struct problem_list *problems,
			     struct errbuf *eb)
{
	struct stat_submission sub;
	enum err rc;

	rc = store_submission_get(c, e->id, COLL_EYFSP, academic_year, &sub);
	if (rc) {
		stat_return_init(out);
		return errbuf_set(eb, rc, "the submission state could not be read");
	}
	if (!who || sub.submitted) {
		rc = eyfsp_return_build(a, c, e, academic_year, out, problems);
		return rc ? errbuf_set(eb, rc, "the EYFS profile results could not be read") : rc;
	}
	rc = sync_unlocked(a, c, who, e, academic_year, &sub, out, problems, NULL, "export", eb);
	if (rc == ERR_INVALID && problem_list_count_errors(problems))
		rc = ERR_OK; /* the caller refuses the export, listing them */
	return rc;
}

/* The school's ELG assessment of the year, created when there is none. */
static enum err grid_of(struct app *a, struct store_conn *c, const struct actor *who,
			const struct establishment *e, int academic_year, struct assessment *out,
			struct errbuf *eb)
{
	struct assess_input in = { .name = EYFSP_ASSESSMENT_NAME,
				   .kind = SCALE_ELG,
				   .year_groups = ASSESS_YG_R,
				   .completion = { academic_year + 1, 6, 30 } };
	enum err rc = eyfsp_assessment(c, e, academic_year, out);

	if (rc == ERR_NOT_FOUND)
		return assess_create(a, c, who, e, &in, out, eb);
	if (rc)
		return errbuf_set(eb, rc, "the assessments could not be read");
	return ERR_OK;
}

enum err eyfsp_import_batch(struct app *a, struct store_conn *c, const struct actor *who,
			    const struct establishment *e, int academic_year,
			    struct eyfsp_import *g, const struct stat_return *r,
			    const struct stat_pupil *sp, const struct store_import_pupil *pupils,
			    size_t n, struct store_audit_batch *audit,
			    struct problem_list *problems, struct errbuf *eb)
{
	char loc[PROBLEM_LOC_MAX], ay[ACADEMIC_YEAR_LABEL_MAX];
	enum err rc = ERR_OK;

	g->ncells = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const struct pupil *p = &pupils[i].p;
		if (!stat_pupil_has(&sp[i], a->codes, COLL_EYFSP))
			continue;
		/* a leaver (archived, or moved on with this school's results) is on no
		 * grid: their ELGs are kept in the return's stored results only */
		if (!pupils[i].add && (p->archived || p->establishment_id != e->id))
			continue;
		if (!g->have) {
			rc = grid_of(a, c, who, e, academic_year, &g->as, eb);
			/* held to the import's end: a submit made meanwhile waits */
			if (!rc)
				rc = assess_locked_hold(c, &g->as, eb);
			if (rc)
				break;
			g->have = true;
		}
		if (!assess_covers(&g->as, p)) {
			problem_list_error(problems, stat_loc(loc, r, &sp[i], sp[i].pos, "pupil"),
					   "EYFSP_NOT_REC",
					   "%s %s is not in Reception at this school in %s, so the "
					   "early learning goals cannot go on the tracking grid: "
					   "check the date of birth and year group",
					   sp[i].forename, sp[i].surname,
					   academic_year_label(academic_year, ay));
			rc = errbuf_set(eb, ERR_INVALID, "the file has errors: nothing was saved");
			break;
		}
		for (size_t k = 0; k < sp[i].nresults; k++) {
			const struct code_row *cr = stat_result_row(a->codes, &sp[i].results[k]);
			struct store_import_cell *cell;
			enum collection coll;
			enum elg_result v;
			enum elg el;
			if (!cr || !stat_row_collection(cr, &coll) || coll != COLL_EYFSP ||
			    !elg_parse(cr->component, &el) ||
			    !elg_result_from_ctf(sp[i].results[k].result, &v))
				continue;
			if (g->ncells == g->alloc) {
				g->alloc = g->alloc ? 2 * g->alloc : 256;
				g->cells = xrealloc(g->cells, g->alloc * sizeof(*g->cells));
			}
			cell = &g->cells[g->ncells++];
			memset(cell, 0, sizeof(*cell));
			cell->pupil_id = p->id;
			cell->fresh = pupils[i].add;
			cell->elg = el;
			cell->value = (int)v;
		}
	}
	if (!rc)
		rc = store_import_cells_read(c, &g->as, g->cells, g->ncells);
	if (rc)
		return rc;
	for (size_t i = 0; i < g->ncells; i++)
		g->cells[i].write = g->cells[i].old != g->cells[i].value;
	return store_import_cells_put(c, audit, &g->as, g->cells, g->ncells, eb);
}

void eyfsp_import_release(struct eyfsp_import *g)
{
	free(g->cells);
	memset(g, 0, sizeof(*g));
}
