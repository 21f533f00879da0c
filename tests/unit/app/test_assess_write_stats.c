/*
 * test_assess_write_stats: the statistics in the answer to a cell write
 * (assess_grid_load_cells, which reads only the cells' values) are those of the
 * full grid (assess_grid_load) after every save: column counts, judged, included,
 * the ELG measures of each row, GLD and the average total, with and without a
 * pupil filter. Runs on SQLite and PostgreSQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "app/app.h"
#include "app/assess.h"
#include "base/date.h"
#include "core/calendar.h"
#include "base/xalloc.h"
#include "core/pupil_filter.h"
#include "store/store.h"

enum { NPUPILS = 5 };

struct world {
	struct app *app;
	struct store_conn *c;
	int64_t clock;
	struct establishment school;
	int64_t pupil[NPUPILS]; /* Reception; [0] not included in data, [4] a boy */
	struct assessment elg;
};

static const struct actor writer = { 7, "mira", "192.0.2.7" };

static int64_t clock_fake(void *ctx)
{
	return ((struct world *)ctx)->clock;
}

static int setup(void **state)
{
	struct world *w = xcalloc(1, sizeof(*w));
	struct app_config cfg = { 0 };
	struct errbuf eb = { "" };
	char *url = tu_fresh_db_url("wstats");
	char *dir = tu_temp_dir("wstats");
	char key[4096];
	struct la la = { .code = 887 };
	struct assess_input in = { 0 };

	snprintf(key, sizeof(key), "%s/pupiltrack.key", dir);
	cfg.db_url = url;
	cfg.key_path = key;
	assert_int_equal(app_open(&cfg, &w->app, &eb), ERR_OK);
	assert_int_equal(store_migrate(w->app->store, NULL, &eb), ERR_OK);
	w->clock = 1772323200; /* 2026-03-01: academic year 2025/26 */
	w->app->now = clock_fake;
	w->app->now_ctx = w;
	w->c = store_acquire(w->app->store);
	snprintf(la.name, sizeof(la.name), "Test LA");
	assert_int_equal(store_la_add(w->c, &writer, &la, &eb), ERR_OK);
	w->school = (struct establishment){ .la_id = la.id, .estab = 1357, .urn = 100031 };
	snprintf(w->school.name, sizeof(w->school.name), "Hazelmere Primary");
	assert_int_equal(store_establishment_add(w->c, &writer, &w->school, &eb), ERR_OK);
	for (int i = 0; i < NPUPILS; i++) {
		struct pupil p = { .establishment_id = w->school.id,
				   .gender = i == 4 ? GENDER_MALE : GENDER_FEMALE,
				   .sen = 'N',
				   .year_override = YEAR_NONE,
				   .include_in_data = i != 0,
				   .dob = { 2021, 3, 10 + i } }; /* Reception in 2025/26 */
		snprintf(p.upn, sizeof(p.upn), "A88713572500%d", i);
		snprintf(p.surname, sizeof(p.surname), "Brackley%c", 'A' + i);
		snprintf(p.forenames, sizeof(p.forenames), "Wren");
		assert_int_equal(store_pupil_add(w->c, &writer, &p, &eb), ERR_OK);
		w->pupil[i] = p.id;
	}
	in.name = "End of Year Early Learning Goals";
	in.kind = SCALE_ELG;
	in.completion = (struct date){ 2026, 6, 30 };
	assert_int_equal(assess_create(w->app, w->c, &writer, &w->school, &in, &w->elg, &eb),
			 ERR_OK);
	free(url);
	free(dir);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	store_release(w->c);
	app_free(w->app);
	free(w);
	return 0;
}

static void put(struct world *w, int64_t pupil, enum elg e, const char *value)
{
	struct assess_cell_write wr = { .pupil_id = pupil, .elg = e, .value = value };
	struct assess_written out;
	struct errbuf eb = { "" };
	struct judgement cur;

	store_judgement_get(w->c, w->elg.id, pupil, e, &cur);
	wr.version = cur.version;
	assert_int_equal(assess_set_cell(w->app, w->c, &writer, &w->school, &w->elg, &wr, &out,
					 &eb),
			 ERR_OK);
}

/* The write answer's grid agrees with the full grid: rows, values, measures and
 * every statistic; with f (may be NULL) applied to both. */
static void same_as_full(struct world *w, const struct pupil_filter *f)
{
	struct assess_grid full, cells;
	char a[16], b[16];

	assert_int_equal(assess_grid_load(w->app, w->c, &w->school, w->elg.id, &full), ERR_OK);
	assert_int_equal(assess_grid_load_cells(w->c, &w->school, w->elg.id, &cells), ERR_OK);
	if (f) {
		assess_grid_filter(&full, f);
		assess_grid_filter(&cells, f);
	}
	assert_int_equal(cells.nrows, full.nrows);
	for (size_t i = 0; i < full.nrows; i++) {
		const struct assess_row *x = &full.rows[i], *y = &cells.rows[i];
		assert_int_equal(y->pupil.id, x->pupil.id);
		for (int k = 0; k < ELG__MAX; k++)
			assert_int_equal(y->cells[k].value, x->cells[k].value);
		assert_int_equal(y->m.gld, x->m.gld);
		assert_int_equal(y->m.total, x->m.total);
		assert_int_equal(y->m.running_total, x->m.running_total);
	}
	assert_int_equal(cells.included, full.included);
	assert_memory_equal(cells.col, full.col, sizeof(full.col));
	assert_int_equal(cells.total_count, full.total_count);
	assert_int_equal(cells.total_sum, full.total_sum);
	assert_string_equal(assess_average_total(&cells, a, sizeof(a)),
			    assess_average_total(&full, b, sizeof(b)));
	assess_grid_free(&full);
	assess_grid_free(&cells);
}

static void test_stats_after_each_save(void **state)
{
	struct world *w = *state;
	struct assess_grid g;
	struct pupil_filter girls;
	char buf[16];

	same_as_full(w, NULL); /* nothing written yet */
	/* Pupil 1 all Expected, pupil 2 all Emerging, pupil 0 (not included) all
	 * Expected, pupil 4 (the boy) E01 Emerging: checked after every save. */
	pupil_filter_init(&girls);
	assert_true(pupil_filter_set(&girls, "f_gender", "F"));
	for (int k = 0; k < ELG__MAX; k++) {
		put(w, w->pupil[1], (enum elg)k, "X");
		put(w, w->pupil[2], (enum elg)k, "E");
		put(w, w->pupil[0], (enum elg)k, "X");
		same_as_full(w, NULL);
		same_as_full(w, &girls);
	}
	put(w, w->pupil[4], ELG_E01, "E");
	/* A value changed back and forth: the answer counts the latest only. */
	put(w, w->pupil[1], ELG_E05, "E");
	same_as_full(w, NULL);
	put(w, w->pupil[1], ELG_E05, "X");
	same_as_full(w, NULL);
	same_as_full(w, &girls);

	/* The figures themselves, as the answer to the last save gives them. */
	assert_int_equal(assess_grid_load_cells(w->c, &w->school, w->elg.id, &g), ERR_OK);
	assert_int_equal(g.nrows, NPUPILS);
	assert_int_equal(g.included, NPUPILS - 1);
	assert_int_equal(g.col[ELG_E01].judged, 3); /* pupils 1, 2, 4 */
	assert_int_equal(g.col[ELG_E01].count[ELG_EMERGING], 2);
	assert_int_equal(g.col[ELG_E01].count[ELG_EXPECTED], 1);
	assert_int_equal(g.col[ELG_E02].judged, 2);
	assert_string_equal(
		assess_percent(&g, g.col[ELG_E01].count[ELG_EMERGING], buf, sizeof(buf)), "50.00");
	/* Totals: pupil 1 34, pupil 2 17; pupil 0 is not included, pupil 4 is incomplete. */
	assert_int_equal(g.total_count, 2);
	assert_string_equal(assess_average_total(&g, buf, sizeof(buf)), "25.50");
	for (size_t i = 0; i < g.nrows; i++) {
		const struct assess_row *r = &g.rows[i];
		if (r->pupil.id == w->pupil[1]) {
			assert_int_equal(r->m.gld, GLD_YES);
			assert_int_equal(r->m.total, 34);
		} else if (r->pupil.id == w->pupil[2]) {
			assert_int_equal(r->m.gld, GLD_NO);
			assert_int_equal(r->m.total, 17);
		} else if (r->pupil.id == w->pupil[3]) {
			assert_int_equal(r->m.total, -1);
		}
		/* the answer's cells carry values only */
		for (int k = 0; k < ELG__MAX; k++) {
			assert_int_equal(r->cells[k].version, 0);
			assert_string_equal(r->cells[k].note, "");
			assert_int_equal(r->cells[k].pupil_id, r->pupil.id);
		}
	}
	assess_grid_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stats_after_each_save, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
