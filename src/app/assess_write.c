/*
 * assess_write: what a cell write answers with besides its cells (assess.h's
 * assess_write_stats): the written columns' statistics and the written rows'
 * measures. They are counted by the grid's own code (grid_stats, through
 * assess_grid_filter) over the grid's pupils and its cells' values, one packed
 * row per pupil, so that the answer to a save and the screen can never count
 * differently. The pupils are those the caller read before it wrote (the
 * screen's, kept in memory) or, without them, read now.
 */
#include "app/assess.h"

#include <stdlib.h>
#include <string.h>

#include "app/assess_int.h"
#include "base/xalloc.h"
#include "core/pupil_filter.h"

enum err assess_write_stats(struct store_conn *c, const struct establishment *e,
			    const struct assessment *a, const struct pupil_filter *f,
			    const struct pupil *covered, size_t ncovered,
			    const struct judgement *cells, size_t n, struct assess_write_stats *out)
{
	struct pupil *read = NULL;
	struct assess_grid g;
	enum err rc;

	memset(out, 0, sizeof(*out));
	if (!covered) {
		rc = assess_covered_pupils(c, a, 0, &read, &ncovered); /* as stored now */
		if (rc)
			return rc;
		covered = read;
	}
	rc = assess_grid_load_values(c, e, a, covered, ncovered, &g);
	free(read);
	if (rc)
		return rc;
	if (f && !pupil_filter_is_all(f))
		assess_grid_filter(&g, f);
	out->displayed = g.nrows;
	out->rows = xmalloc((n ? n : 1) * sizeof(*out->rows));
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		out->columns |= 1u << cells[i].elg;
		for (size_t k = 0; k < out->nrows && !seen; k++)
			seen = out->rows[k].pupil_id == cells[i].pupil_id;
		/* a written pupil the filter leaves out is not on the writer's grid */
		for (size_t r = 0; r < g.nrows && !seen; r++)
			if (g.rows[r].pupil.id == cells[i].pupil_id) {
				out->rows[out->nrows++] = (struct assess_write_row){
					cells[i].pupil_id, a->kind == SCALE_ELG ?
								   g.rows[r].m :
								   (struct elg_measures){ 0 }
				};
				seen = true;
			}
	}
	assess_grid_free(&g);
	out->g = g; /* the figures; no rows */
	return ERR_OK;
}

void assess_write_stats_free(struct assess_write_stats *s)
{
	free(s->rows);
	s->rows = NULL;
	s->nrows = 0;
}
