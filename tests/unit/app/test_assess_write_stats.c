/*
 * test_assess_write_stats: the statistics in the answer to a cell write are
 * those of the full grid (assess_grid_load) after every save: column counts,
 * judged, displayed, included, the ELG measures of each written row, GLD and the
 * average total, with and without a pupil filter. The full grid reads the
 * cells' own rows; assess_write_stats (what the write APIs answer with) reads
 * their packed rows (judgement_pack) over the grid's pupils, given (read before
 * the write) or read by it. Single cells, the Absent rule (a whole row), a
 * column and a row fill, a tracking grid; pupils outside the grid (archived,
 * another year group) never count, nor pupils left out of those given. Runs on
 * SQLite and PostgreSQL.
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

#include "app_world.h"

enum { NPUPILS = 5 };

struct world {
	struct app *app;
	struct store_conn *c;
	int64_t clock;
	struct establishment school;
	int64_t pupil[NPUPILS]; /* Reception; [0] not included in data, [4] a boy,
				   [2] pupil premium */
	struct assessment elg;
	struct assessment track; /* tracking, Reception */
};

static const struct actor writer = { 7, "mira", "192.0.2.7" };

static int setup(void **state)
{
	struct world *w = xcalloc(1, sizeof(*w));
	int64_t la;

	w->clock = 1772323200; /* 2026-03-01: academic year 2025/26 */
	w->app = tw_app_open("wstats", &w->clock, NULL);
	w->c = store_acquire(w->app->store);
	la = tw_la(w->c, &writer, 887, "Test LA").id;
	w->school = tw_school(w->c, &writer, la, 1357, 100031, "Hazelmere Primary");
	for (int i = 0; i < NPUPILS; i++) {
		struct pupil p = { .establishment_id = w->school.id,
				   .gender = i == 4 ? GENDER_MALE : GENDER_FEMALE,
				   .sen = 'N',
				   /* [3] born in Year 1's year, kept back to Reception */
				   .year_override = i == 3 ? YEAR_R : YEAR_NONE,
				   .include_in_data = i != 0,
				   .pupil_premium = i == 2,
				   .dob = { i == 3 ? 2020 : 2021, 3, 10 + i } };
		snprintf(p.upn, sizeof(p.upn), "A88713572500%d", i);
		snprintf(p.surname, sizeof(p.surname), "Brackley%c", 'A' + i);
		snprintf(p.forenames, sizeof(p.forenames), "Wren");
		w->pupil[i] = tw_pupil_add(w->c, &writer, &p);
	}
	/* Not on the grids: an archived Reception girl, a Year 1 girl and a girl born
	 * in Reception's year but taught in Year 1. */
	for (int i = 0; i < 3; i++) {
		struct pupil p = { .establishment_id = w->school.id,
				   .gender = GENDER_FEMALE,
				   .sen = 'N',
				   .year_override = i == 2 ? 1 : YEAR_NONE,
				   .include_in_data = true,
				   .archived = i == 0,
				   .dob = { i == 1 ? 2020 : 2021, 5, 2 } };
		snprintf(p.upn, sizeof(p.upn), "A88713572510%d", i);
		snprintf(p.surname, sizeof(p.surname), "Outwood%c", 'A' + i);
		snprintf(p.forenames, sizeof(p.forenames), "Ivy");
		tw_pupil_add(w->c, &writer, &p);
	}
	w->elg = tw_elg_assessment(w->app, w->c, &writer, &w->school);
	w->track = tw_tracking(w->app, w->c, &writer, &w->school, "Spring Term Assessment",
			       (struct date){ 2026, 2, 20 }, ASSESS_YG_R);
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

/* The filters every write is checked with: none, girls, pupil premium. */
static void filters(struct pupil_filter f[3])
{
	for (int i = 0; i < 3; i++)
		pupil_filter_init(&f[i]);
	assert_true(pupil_filter_set(&f[1], "f_gender", "F"));
	assert_true(pupil_filter_set(&f[2], "f_pp", "yes"));
}

/* What a write of cells[0..n) to a answers with (assess_write_stats, with the
 * grid's pupils read before the write when given is set, else read by it)
 * equals the full grid under filter f, whose cells are read from their own
 * rows, not the packed ones: the written columns' statistics, displayed,
 * included, the average, and each written row the filter keeps with its
 * measures. */
static void write_same_as_full_(struct world *w, const struct assessment *a,
				const struct judgement *cells, size_t n,
				const struct pupil_filter *f, bool given)
{
	struct assess_write_stats ws;
	struct assess_grid full;
	struct pupil *covered = NULL;
	unsigned columns = 0;
	size_t nrows = 0, ncovered = 0;
	char x[16], y[16];

	assert_int_equal(assess_grid_load(w->app, w->c, &w->school, a->id, &full), ERR_OK);
	if (f)
		assess_grid_filter(&full, f);
	if (given)
		assert_int_equal(assess_grid_pupils(w->c, &w->school, a, &covered, &ncovered),
				 ERR_OK);
	assert_int_equal(assess_write_stats(w->c, &w->school, a, f, covered, ncovered, cells, n,
					    &ws),
			 ERR_OK);
	free(covered);
	for (size_t i = 0; i < n; i++)
		columns |= 1u << cells[i].elg;
	assert_int_equal(ws.columns, columns);
	assert_int_equal(ws.displayed, full.nrows);
	assert_int_equal(ws.g.included, full.included);
	for (int k = 0; k < ELG__MAX; k++)
		if (columns & (1u << k)) {
			assert_int_equal(ws.g.col[k].judged, full.col[k].judged);
			assert_memory_equal(ws.g.col[k].count, full.col[k].count,
					    sizeof(full.col[k].count));
		}
	assert_int_equal(ws.g.total_count, full.total_count);
	assert_int_equal(ws.g.total_sum, full.total_sum);
	assert_string_equal(assess_average_total(&ws.g, x, sizeof(x)),
			    assess_average_total(&full, y, sizeof(y)));
	for (size_t r = 0; r < full.nrows; r++) {
		const struct assess_row *row = &full.rows[r];
		bool written = false;
		for (size_t i = 0; i < n; i++)
			written = written || cells[i].pupil_id == row->pupil.id;
		if (!written)
			continue;
		nrows++;
		for (size_t i = 0; i < ws.nrows; i++) {
			if (ws.rows[i].pupil_id != row->pupil.id)
				continue;
			assert_int_equal(ws.rows[i].m.gld, row->m.gld);
			assert_int_equal(ws.rows[i].m.total, row->m.total);
			assert_int_equal(ws.rows[i].m.complete, row->m.complete);
		}
	}
	assert_int_equal(ws.nrows, nrows); /* each kept written row once, no other */
	assess_write_stats_free(&ws);
	assess_grid_free(&full);
}

static void write_same_as_full(struct world *w, const struct assessment *a,
			       const struct judgement *cells, size_t n,
			       const struct pupil_filter *f)
{
	write_same_as_full_(w, a, cells, n, f, false);
	write_same_as_full_(w, a, cells, n, f, true);
}

/* Writes one cell of a, then checks the answer's figures with every filter. */
static void save(struct world *w, const struct assessment *a, int64_t pupil, enum elg e,
		 const char *value)
{
	struct assess_cell_write wr = { .pupil_id = pupil, .elg = e, .value = value };
	struct pupil_filter f[3];
	struct assess_written out;
	struct errbuf eb = { "" };
	struct judgement cur;

	store_judgement_get(w->c, a->id, pupil, e, &cur);
	wr.version = cur.version;
	assert_int_equal(assess_set_cell(w->app, w->c, &writer, &w->school, a, &wr, &out, &eb),
			 ERR_OK);
	filters(f);
	for (int i = 0; i < 3; i++)
		write_same_as_full(w, a, out.cells, out.n, &f[i]);
	write_same_as_full(w, a, out.cells, out.n, NULL);
}

static void put(struct world *w, int64_t pupil, enum elg e, const char *value)
{
	save(w, &w->elg, pupil, e, value);
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

/* Fills (f.row: pupil's row, else column f.elg) of a, checking the answer. */
static void fill(struct world *w, const struct assessment *a, struct assess_fill *fl)
{
	struct judgement *cells = NULL, conflict;
	struct pupil_filter f[3];
	struct errbuf eb = { "" };
	size_t n = 0;

	assert_int_equal(assess_fill(w->app, w->c, &writer, &w->school, a, fl, &cells, &n,
				     &conflict, &eb),
			 ERR_OK);
	assert_true(n > 0);
	filters(f);
	for (int i = 0; i < 3; i++)
		write_same_as_full(w, a, cells, n, &f[i]);
	free(cells);
}

/* Absent writes a whole row (17 columns at once), leaving it clears the row;
 * fills write a column of every pupil and a whole row: the statistics of every
 * written column, GLD and totals, the average. */
static void test_absent_and_fills(void **state)
{
	struct world *w = *state;
	struct assess_fill col = { .elg = ELG_E05, .value = "X" };
	struct assess_fill row = { .row = true, .value = "X" };
	struct assess_write_stats ws;
	struct judgement e12 = { .elg = ELG_E12 };
	char buf[16];

	put(w, w->pupil[3], ELG_E02, "E");
	put(w, w->pupil[3], ELG_E07, "A"); /* the whole row Absent */
	put(w, w->pupil[3], ELG_E07, "X"); /* and back: the other 16 blank */
	fill(w, &w->elg, &col);
	row.pupil_id = w->pupil[1];
	fill(w, &w->elg, &row); /* pupil 1: all Expected, GLD Yes, total 34 */
	row.pupil_id = w->pupil[4];
	row.value = "E";
	fill(w, &w->elg, &row);		   /* pupil 4: all Emerging, GLD No, total 17 */
	put(w, w->pupil[4], ELG_E12, "X"); /* still Emerging elsewhere in E01-E12 */
	put(w, w->pupil[2], ELG_E09, "A");

	/* The figures themselves: pupils 1 and 4 complete (34 and 18), pupil 2 absent
	 * (left out of the average), pupil 3 has two cells (E05, E07), pupil 0 is not
	 * included in data. */
	e12.pupil_id = w->pupil[4];
	assert_int_equal(assess_write_stats(w->c, &w->school, &w->elg, NULL, NULL, 0, &e12, 1, &ws),
			 ERR_OK);
	assert_int_equal(ws.displayed, NPUPILS);
	assert_int_equal(ws.g.included, NPUPILS - 1);
	assert_int_equal(ws.g.col[ELG_E12].count[ELG_EXPECTED], 2); /* pupils 1, 4 */
	assert_int_equal(ws.g.col[ELG_E12].count[ELG_ABSENT], 1);   /* pupil 2 */
	assert_int_equal(ws.g.col[ELG_E12].count[ELG_BLANK], 1);    /* pupil 3 */
	assert_int_equal(ws.g.col[ELG_E12].judged, 3);
	assert_int_equal(ws.g.total_count, 2);
	assert_string_equal(assess_average_total(&ws.g, buf, sizeof(buf)), "26.00");
	assert_int_equal(ws.nrows, 1);
	assert_int_equal(ws.rows[0].pupil_id, w->pupil[4]);
	assert_int_equal(ws.rows[0].m.gld, GLD_NO);
	assert_int_equal(ws.rows[0].m.total, 18);
	assess_write_stats_free(&ws);
}

/* A tracking grid: counts of Below and On track per written column, rows for
 * the written pupils the filter keeps (no measures). */
static void test_tracking(void **state)
{
	struct world *w = *state;
	struct assess_fill col = { .elg = ELG_E03, .value = "B" };
	struct assess_write_stats ws;
	struct pupil_filter boys;
	struct judgement one = { .elg = ELG_E03 };

	for (int i = 0; i < NPUPILS; i++)
		save(w, &w->track, w->pupil[i], ELG_E01, i % 2 ? "O" : "B");
	save(w, &w->track, w->pupil[2], ELG_E01, "");
	save(w, &w->track, w->pupil[4], ELG_E01, "On track");
	fill(w, &w->track, &col);
	save(w, &w->track, w->pupil[1], ELG_E03, "O");

	pupil_filter_init(&boys);
	assert_true(pupil_filter_set(&boys, "f_gender", "M"));
	one.pupil_id = w->pupil[1]; /* a girl: not in the boys' rows */
	assert_int_equal(assess_write_stats(w->c, &w->school, &w->track, &boys, NULL, 0, &one, 1,
					    &ws),
			 ERR_OK);
	assert_int_equal(ws.displayed, 1);
	assert_int_equal(ws.g.included, 1);
	assert_int_equal(ws.g.col[ELG_E03].count[TRACK_BELOW], 1);
	assert_int_equal(ws.nrows, 0);
	assess_write_stats_free(&ws);
	assert_int_equal(assess_write_stats(w->c, &w->school, &w->track, NULL, NULL, 0, &one, 1,
					    &ws),
			 ERR_OK);
	assert_int_equal(ws.displayed, NPUPILS);
	assert_int_equal(ws.g.included, NPUPILS - 1);
	assert_int_equal(ws.g.col[ELG_E03].count[TRACK_BELOW], 3);
	assert_int_equal(ws.g.col[ELG_E03].count[TRACK_ON_TRACK], 1);
	assert_int_equal(ws.g.col[ELG_E03].judged, 4);
	assert_int_equal(ws.nrows, 1);
	assert_int_equal(ws.columns, 1u << ELG_E03);
	assess_write_stats_free(&ws);
}

/* The pupils given (the grid's, read before the write) are the ones counted,
 * not read again: without pupil 1 in them, pupil 1's On track is not counted
 * and their row is not in the answer. */
static void test_pupils_given(void **state)
{
	struct world *w = *state;
	struct assess_write_stats ws;
	struct judgement one = { .elg = ELG_E03 };
	struct pupil *covered = NULL;
	size_t n = 0, kept = 0;

	save(w, &w->track, w->pupil[1], ELG_E03, "O");
	save(w, &w->track, w->pupil[3], ELG_E03, "B");
	assert_int_equal(assess_grid_pupils(w->c, &w->school, &w->track, &covered, &n), ERR_OK);
	assert_int_equal(n, NPUPILS);
	for (size_t i = 0; i < n; i++)
		if (covered[i].id != w->pupil[1])
			covered[kept++] = covered[i];
	one.pupil_id = w->pupil[1];
	assert_int_equal(assess_write_stats(w->c, &w->school, &w->track, NULL, covered, kept, &one,
					    1, &ws),
			 ERR_OK);
	assert_int_equal(ws.displayed, NPUPILS - 1);
	assert_int_equal(ws.g.included, NPUPILS - 2); /* pupil 0 is not included */
	assert_int_equal(ws.g.col[ELG_E03].count[TRACK_ON_TRACK], 0);
	assert_int_equal(ws.g.col[ELG_E03].count[TRACK_BELOW], 1);
	assert_int_equal(ws.nrows, 0);
	assess_write_stats_free(&ws);
	free(covered);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stats_after_each_save, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absent_and_fills, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pupils_given, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tracking, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
