/*
 * assess_grid: the grid of one assessment (see assess.h): its pupils and cells
 * read into rows, the per-pupil measures (core/measures.h) and the statistics at
 * its foot, counted by THE column rule of core/report.h (report_column_add), the
 * same rule the downloads, the Full Report and a save's answer use.
 */
#include "app/assess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/assess_int.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/pupil_filter.h"
#include "core/report.h"

/* ---- the grid */

struct id_index {
	int64_t id;
	size_t row;
};

static int id_cmp(const void *x, const void *y)
{
	const struct id_index *a = x, *b = y;
	return a->id < b->id ? -1 : a->id > b->id;
}

static struct assess_row *row_of(struct assess_grid *g, const struct id_index *idx, int64_t id)
{
	struct id_index key = { .id = id };
	const struct id_index *hit = bsearch(&key, idx, g->nrows, sizeof(*idx), id_cmp);
	return hit ? &g->rows[hit->row] : NULL;
}

/* The statistics of the rows kept: THE column rule (report_column_add) per
 * column; the grid's col[] keeps its own fields for the screens' code. */
static void grid_stats(struct assess_grid *g)
{
	struct report_column cols[ELG__MAX], gld;

	memset(cols, 0, sizeof(cols));
	memset(&gld, 0, sizeof(gld));
	g->included = 0;
	memset(g->col, 0, sizeof(g->col));
	elg_cohort_init(&g->cohort);
	g->total_count = 0;
	g->total_sum = 0;
	for (size_t i = 0; i < g->nrows; i++) {
		struct assess_row *r = &g->rows[i];
		enum elg_result res[ELG__MAX];
		for (int k = 0; k < ELG__MAX; k++)
			res[k] = (enum elg_result)r->cells[k].value;
		if (g->a.kind == SCALE_ELG)
			elg_measures_compute(res, &r->m);
		if (!r->pupil.include_in_data)
			continue;
		g->included++;
		for (int k = 0; k < ELG__MAX; k++)
			report_column_add(&cols[k], true, r->cells[k].value);
		if (g->a.kind == SCALE_ELG) {
			report_column_add(&gld, report_gld_counted(&r->m),
					  report_gld_value(r->m.gld));
			elg_cohort_add(&g->cohort, res);
			if (r->m.complete && !r->m.absent) {
				g->total_count++;
				g->total_sum += r->m.total;
			}
		}
	}
	for (int k = 0; k < ELG__MAX; k++)
		assess_column_from(&g->col[k], &cols[k]);
	assess_column_from(&g->gld, &gld);
}

void assess_column_from(struct assess_column *col, const struct report_column *fig)
{
	col->pupils = fig->pupils;
	col->judged = fig->judged;
	memcpy(col->count, fig->count, sizeof(col->count));
}

/* Row r of pupil p with every cell blank (value 0, version 0, no colour or note)
 * and no note: set field by field, as zeroing the whole 4.5 KB row for every
 * pupil costs more than the statistics of a write. */
static void row_blank(struct assess_row *r, const struct pupil *p)
{
	r->pupil = *p;
	for (int k = 0; k < ELG__MAX; k++) {
		struct judgement_cell *jc = &r->cells[k];
		jc->pupil_id = p->id;
		jc->elg = (enum elg)k;
		jc->value = 0;
		jc->colour[0] = '\0';
		jc->note = "";
		jc->version = 0;
		jc->updated_at = 0;
		jc->updated_by[0] = '\0';
	}
	r->note.pupil_id = p->id;
	r->note.note[0] = '\0';
	r->note.version = 0;
	memset(&r->m, 0, sizeof(r->m));
}

/* Where store_judgement_grid hands a grid's cells: they come by pupil id (the
 * screen's in two passes, each by pupil id), and so does idx (the rows by pupil
 * id), so one pass along idx finds most cells' rows.
 * Notes are copied into one text block, their offsets kept until the block stops
 * moving. */
struct grid_fill {
	struct assess_grid *g;
	const struct id_index *idx; /* g's rows by pupil id */
	size_t at;		    /* idx entry of the last cell's pupil, or past it */
	struct strbuf notes;	    /* the cells' notes, each with its NUL */
	struct grid_note {
		size_t row; /* of the cell */
		int k;	    /* its column */
		size_t at;  /* where its note starts in notes */
	} * noted;
	size_t nnoted, cap;
};

static void grid_cell(void *ctx, const struct judgement_cell *jc)
{
	struct grid_fill *f = ctx;
	struct assess_row *r;
	size_t n = f->g->nrows;

	if (f->at >= n || f->idx[f->at].id > jc->pupil_id) {
		/* past the last row, or not in pupil order (the screen's cells with a
		 * colour or a note come in a second pass): search */
		r = row_of(f->g, f->idx, jc->pupil_id);
	} else {
		while (f->at < n && f->idx[f->at].id < jc->pupil_id)
			f->at++;
		r = NULL;
		if (f->at < n && f->idx[f->at].id == jc->pupil_id)
			r = &f->g->rows[f->idx[f->at].row];
	}
	if (!r)
		return; /* a pupil the assessment no longer covers */
	r->cells[jc->elg] = *jc;
	r->cells[jc->elg].note = "";
	if (jc->note[0]) {
		if (f->nnoted == f->cap) {
			f->cap = f->cap ? 2 * f->cap : 64;
			f->noted = xrealloc(f->noted, f->cap * sizeof(*f->noted));
		}
		f->noted[f->nnoted++] =
			(struct grid_note){ (size_t)(r - f->g->rows), jc->elg, f->notes.len };
		strbuf_add(&f->notes, jc->note, strlen(jc->note) + 1);
	}
}

/* The screen's notes of the pupils on the assessment into their rows. */
static void grid_note(void *ctx, const struct assessment_note *nt)
{
	struct grid_fill *f = ctx;
	struct assess_row *r = row_of(f->g, f->idx, nt->pupil_id);

	if (r)
		r->note = *nt;
}

/* Reads the cells of g (its rows blank, idx their pupil ids in order) with
 * store_judgement_grid; g->notes gets the notes' text. Without writers (the
 * screen) the pupils' notes come in the same read. */
static enum err grid_cells(struct store_conn *c, struct assess_grid *g, const struct id_index *idx,
			   bool writers)
{
	struct grid_fill f = { .g = g, .idx = idx, .notes = STRBUF_INIT };
	enum err rc;

	strbuf_addc(&f.notes, '\0'); /* never empty, as store_judgement_list's block */
	rc = store_judgement_grid(c, &g->a, writers, grid_cell, grid_note, &f);
	g->notes = strbuf_detach(&f.notes, NULL);
	for (size_t i = 0; i < f.nnoted; i++)
		g->rows[f.noted[i].row].cells[f.noted[i].k].note = g->notes + f.noted[i].at;
	free(f.noted);
	return rc;
}

/* The grid of assessment id of e, or of *known when the caller has read it (no
 * second read; still ERR_NOT_FOUND when it is not e's). full: everything the
 * screens show, with the cells' writers when writers; else the values only. */
static enum err grid_read(struct store_conn *c, const struct establishment *e, int64_t id,
			  const struct assessment *known, bool full, bool writers,
			  const struct pupil *given, size_t ngiven, struct assess_grid *out)
{
	struct judgement_value *values = NULL;
	struct assessment_note *notes = NULL;
	struct id_index *idx = NULL;
	struct pupil *pupils = NULL;
	size_t ncells = 0, nnotes = 0, np = 0;
	enum err rc;

	memset(out, 0, sizeof(*out));
	if (known && known->establishment_id == e->id)
		out->a = *known;
	else if (known)
		return ERR_NOT_FOUND;
	else if ((rc = assess_get(c, e, id, &out->a)) != ERR_OK)
		return rc;
	id = out->a.id;
	if (full) {
		struct errbuf lk = { "" };
		if (assess_locked(c, &out->a, &lk) == ERR_LOCKED) {
			out->locked = true;
			snprintf(out->locked_msg, sizeof(out->locked_msg), "%s", lk.msg);
		}
	}
	if (given) {
		/* read by the caller (assess_grid_pupils), before it wrote */
		pupils = xmalloc((ngiven ? ngiven : 1) * sizeof(*pupils));
		memcpy(pupils, given, ngiven * sizeof(*pupils));
		np = ngiven;
	} else {
		/* e was read with the session when its pupils_version is set */
		rc = assess_covered_pupils(c, &out->a, e->pupils_version, &pupils, &np);
		if (rc)
			goto out;
	}
	out->rows = xmalloc((np ? np : 1) * sizeof(*out->rows));
	out->nrows = np;
	idx = xmalloc((np ? np : 1) * sizeof(*idx));
	for (size_t i = 0; i < np; i++) {
		row_blank(&out->rows[i], &pupils[i]);
		idx[i] = (struct id_index){ pupils[i].id, i };
	}
	qsort(idx, np, sizeof(*idx), id_cmp);
	if (full) {
		/* the cells straight into their rows (no list of cells) */
		rc = grid_cells(c, out, idx, writers);
		if (!rc && writers)
			rc = store_assessment_note_list(c, id, &notes, &nnotes);
	} else {
		rc = store_judgement_values(c, id, &values, &ncells);
	}
	if (rc)
		goto out;
	for (size_t i = 0; i < ncells; i++) {
		struct assess_row *r = row_of(out, idx, values[i].pupil_id);
		if (r)
			r->cells[values[i].elg].value = values[i].value;
	}
	for (size_t i = 0; i < nnotes; i++) {
		struct assess_row *r = row_of(out, idx, notes[i].pupil_id);
		if (r)
			r->note = notes[i];
	}
	grid_stats(out);
out:
	if (rc)
		assess_grid_free(out);
	free(idx);
	free(pupils);
	free(values);
	free(notes);
	return rc;
}

static enum err grid_load(struct store_conn *c, const struct establishment *e, int64_t id,
			  bool full, struct assess_grid *out)
{
	return grid_read(c, e, id, NULL, full, true, NULL, 0, out);
}

enum err assess_grid_load_screen(struct store_conn *c, const struct establishment *e,
				 const struct assessment *a, struct assess_grid *out)
{
	return grid_read(c, e, a->id, a, true, false, NULL, 0, out);
}

enum err assess_grid_load(struct app *app, struct store_conn *c, const struct establishment *e,
			  int64_t id, struct assess_grid *out)
{
	(void)app;
	return grid_load(c, e, id, true, out);
}

enum err assess_grid_load_cells(struct store_conn *c, const struct establishment *e, int64_t id,
				struct assess_grid *out)
{
	return grid_load(c, e, id, false, out);
}

enum err assess_grid_pupils(struct store_conn *c, const struct establishment *e,
			    const struct assessment *a, struct pupil **out, size_t *n)
{
	return assess_covered_pupils(c, a, e->pupils_version, out, n);
}

enum err assess_grid_load_values(struct store_conn *c, const struct establishment *e,
				 const struct assessment *a, const struct pupil *pupils, size_t n,
				 struct assess_grid *out)
{
	return grid_read(c, e, a->id, a, false, true, pupils, n, out);
}

void assess_grid_filter(struct assess_grid *g, const struct pupil_filter *f)
{
	size_t kept = 0;

	for (size_t i = 0; i < g->nrows; i++) {
		if (!pupil_filter_match(f, &g->rows[i].pupil))
			continue;
		/* a row is 4.5 KB: not copied onto itself while every row is kept */
		if (kept != i)
			g->rows[kept] = g->rows[i];
		kept++;
	}
	g->nrows = kept;
	grid_stats(g);
}

void assess_grid_keep_year(struct assess_grid *g, int year_group)
{
	size_t kept = 0;

	for (size_t i = 0; i < g->nrows; i++) {
		if (assess_pupil_year_group(&g->rows[i].pupil, g->a.academic_year) != year_group)
			continue;
		if (kept != i)
			g->rows[kept] = g->rows[i];
		kept++;
	}
	g->nrows = kept;
	grid_stats(g);
}

void assess_grid_free(struct assess_grid *g)
{
	free(g->rows);
	free(g->notes);
	g->rows = NULL;
	g->notes = NULL;
	g->nrows = 0;
}

char *assess_percent(const struct assess_grid *g, int count, char *buf, size_t size)
{
	/* every column's denominator is the pupils included (report_column) */
	return report_percent(count, g->included, buf, size);
}

char *assess_column_percent(const struct assess_column *col, int v, char *buf, size_t size)
{
	struct report_column fig = { .pupils = col->pupils, .judged = col->judged };

	memcpy(fig.count, col->count, sizeof(fig.count));
	return report_column_percent(&fig, v, buf, size);
}

char *assess_average_total(const struct assess_grid *g, char *buf, size_t size)
{
	return report_average(g->total_sum, g->total_count, buf, size);
}
