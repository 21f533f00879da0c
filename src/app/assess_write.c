/*
 * assess_write: what a cell write answers with besides its cells (assess.h's
 * assess_write_stats): the written columns' statistics and the written rows'
 * measures, counted by the database over the pupils the grid covers instead of
 * loading the grid, so that a save costs a handful of small statements.
 */
#include "app/assess.h"

#include <stdlib.h>
#include <string.h>

#include "app/assess_int.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/pupil_filter.h"
#include "core/report.h"
#include "store/store.h"

/* A row of 17 results with the counts of sums: the GLD areas get the masked
 * counts, the others the rest; each measure depends only on these counts. */
static void sums_measures(const struct judgement_pupil_sums *p, struct elg_measures *m)
{
	enum elg_result r[ELG__MAX];
	int gld[4], rest[4];

	for (int v = 1; v < 4; v++) {
		gld[v] = p->masked[v];
		rest[v] = p->all[v] - p->masked[v];
	}
	for (int k = 0; k < ELG__MAX; k++) {
		int *left = elg_get((enum elg)k)->in_gld ? gld : rest;
		r[k] = ELG_BLANK;
		for (int v = 1; v < 4; v++)
			if (left[v] > 0) {
				left[v]--;
				r[k] = (enum elg_result)v;
				break;
			}
	}
	elg_measures_compute(r, m);
}

/* The figures from the full grid, when it is larger than the database's count
 * can stand for (more pupils than a grid holds). */
static enum err write_stats_full(struct store_conn *c, const struct establishment *e,
				 const struct assessment *a, const struct pupil_filter *f,
				 const int64_t *pupils, size_t np, struct assess_write_stats *out)
{
	enum err rc = assess_grid_load_cells(c, e, a->id, &out->g);

	if (rc)
		return rc;
	if (f)
		assess_grid_filter(&out->g, f);
	out->displayed = out->g.nrows;
	out->rows = xmalloc((np ? np : 1) * sizeof(*out->rows));
	for (size_t i = 0; i < np; i++)
		for (size_t k = 0; k < out->g.nrows; k++)
			if (out->g.rows[k].pupil.id == pupils[i])
				out->rows[out->nrows++] =
					(struct assess_write_row){ pupils[i], out->g.rows[k].m };
	assess_grid_free(&out->g);
	return ERR_OK;
}

enum err assess_write_stats(struct store_conn *c, const struct establishment *e,
			    const struct assessment *a, const struct pupil_filter *f,
			    const struct judgement *cells, size_t n, struct assess_write_stats *out)
{
	struct judgement_pupil_sums *sums = NULL;
	struct judgement_column_stats cs;
	struct judgement_scope s;
	int64_t *pupils = NULL;
	size_t np = 0, ns = 0;
	struct report_column gld = { 0 }; /* ELGs: the GLD column, as grid_stats */
	unsigned gld_mask = 0;
	int ncols = 0;
	enum err rc;

	memset(out, 0, sizeof(*out));
	out->g.a = *a;
	if (f && pupil_filter_is_all(f))
		f = NULL;
	assess_scope_of(a, f, &s);
	pupils = xmalloc((n ? n : 1) * sizeof(*pupils));
	for (size_t i = 0; i < n; i++) {
		size_t k = np;
		if (!(out->columns & (1u << cells[i].elg)))
			ncols++;
		out->columns |= 1u << cells[i].elg;
		while (k > 0 && pupils[k - 1] != cells[i].pupil_id)
			k--;
		if (k == 0)
			pupils[np++] = cells[i].pupil_id;
	}
	rc = store_judgement_column_stats(c, &s, ncols == 1 ? cells[0].elg : ELG__MAX, &cs);
	if (rc)
		goto out;
	if (cs.covered > ASSESS_PUPILS_MAX) {
		rc = write_stats_full(c, e, a, f, pupils, np, out);
		goto out;
	}
	out->displayed = (size_t)cs.displayed;
	out->g.included = cs.included;
	/* The database counted with THE column rule (core/report.h): the included
	 * pupils shown are the denominator, values 1 to 3 counted among them; blank
	 * and judged follow in report_column_set, as on a loaded grid. */
	if (ncols == 1) {
		struct report_column fig;
		report_column_set(&fig, cs.included, cs.count);
		assess_column_from(&out->g.col[cells[0].elg], &fig);
	} else if (ncols > 1) {
		int count[ELG__MAX][4] = { { 0 } };
		rc = store_judgement_area_stats(c, &s, count);
		if (rc)
			goto out;
		for (int k = 0; k < ELG__MAX; k++) {
			struct report_column fig;
			if (!(out->columns & (1u << k)))
				continue;
			report_column_set(&fig, cs.included, count[k]);
			assess_column_from(&out->g.col[k], &fig);
		}
	}
	out->rows = xcalloc(np ? np : 1, sizeof(*out->rows));
	if (a->kind != SCALE_ELG && !f) {
		/* Tracking rows have no measures; every written pupil is on the grid. */
		for (size_t i = 0; i < np; i++)
			out->rows[out->nrows++].pupil_id = pupils[i];
		goto out;
	}
	for (int k = 0; k < ELG__MAX; k++)
		if (elg_get((enum elg)k)->in_gld)
			gld_mask |= 1u << k;
	rc = store_judgement_pupil_sums(c, &s, gld_mask, &sums, &ns);
	if (rc)
		goto out;
	for (size_t i = 0; i < ns && a->kind == SCALE_ELG; i++) {
		struct elg_measures m;
		if (!sums[i].kept || !sums[i].included)
			continue;
		sums_measures(&sums[i], &m);
		report_column_add(&gld, report_gld_counted(&m), report_gld_value(m.gld));
		if (m.complete && !m.absent) {
			out->g.total_count++;
			out->g.total_sum += m.total;
		}
	}
	if (a->kind == SCALE_ELG)
		assess_column_from(&out->g.gld, &gld);
	for (size_t i = 0; i < np; i++)
		for (size_t k = 0; k < ns; k++) {
			struct assess_write_row *r;
			if (sums[k].pupil_id != pupils[i] || !sums[k].kept)
				continue;
			r = &out->rows[out->nrows++];
			r->pupil_id = pupils[i];
			if (a->kind == SCALE_ELG)
				sums_measures(&sums[k], &r->m);
		}
out:
	free(sums);
	free(pupils);
	if (rc)
		assess_write_stats_free(out);
	return rc;
}

void assess_write_stats_free(struct assess_write_stats *s)
{
	free(s->rows);
	s->rows = NULL;
	s->nrows = 0;
}
