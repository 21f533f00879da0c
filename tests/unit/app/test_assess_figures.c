/*
 * test_assess_figures: one computation for every figure (issue 5): the same
 * assessment, with blanks, a pupil not included in data and an absent pupil,
 * gives the same count, judged, denominator and percentage per column on the
 * grid (assess_grid_load), in a save's answer (assess_write_stats, from the
 * cells' packed rows), at the foot of the XLSX download (read back) and in the Full
 * Report (report_load and its sheet), on SQLite and PostgreSQL.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/assess.h"
#include "app/report.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/report.h"
#include "formats/xlsx_read.h"
#include "formats/xlsx_write.h"
#include "store/store.h"

#include "app_world.h"

enum { NPUPILS = 6 };

struct world {
	struct app *app;
	struct store_conn *c;
	int64_t clock;
	struct establishment school;
	int64_t pupil[NPUPILS]; /* Reception; [5] is not included in data */
	struct assessment elg, track;
};

static const struct actor alice = { 7, "alice", "192.0.2.7" };

static int setup(void **state)
{
	struct world *w = xcalloc(1, sizeof(*w));
	int64_t la;

	w->clock = 1772323200; /* 2026-03-01: academic year 2025/26 */
	w->app = tw_app_open("figures", &w->clock, NULL);
	w->c = store_acquire(w->app->store);
	la = tw_la(w->c, &alice, 888, "Test LA").id;
	w->school = tw_school(w->c, &alice, la, 1234, 100001, "Willow Bank Primary");
	for (int i = 0; i < NPUPILS; i++) {
		struct pupil p = { .establishment_id = w->school.id,
				   .gender = GENDER_FEMALE,
				   .sen = 'N',
				   .year_override = YEAR_NONE,
				   .include_in_data = i != 5,
				   .dob = { 2021, 1, 10 + i } };
		snprintf(p.upn, sizeof(p.upn), "A88812342500%d", i);
		snprintf(p.surname, sizeof(p.surname), "Figwort%c", 'A' + i);
		snprintf(p.forenames, sizeof(p.forenames), "Lee");
		w->pupil[i] = tw_pupil_add(w->c, &alice, &p);
	}
	w->elg = tw_elg_assessment(w->app, w->c, &alice, &w->school);
	w->track = tw_tracking(w->app, w->c, &alice, &w->school, "Spring Term Assessment",
			       (struct date){ 2026, 2, 14 }, ASSESS_YG_R);
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

static void put(struct world *w, const struct assessment *a, int64_t pupil, enum elg e,
		const char *value)
{
	struct assess_cell_write wr = { .pupil_id = pupil, .elg = e, .value = value };
	struct assess_written out;
	struct errbuf eb = { "" };
	struct judgement cur;

	memset(&cur, 0, sizeof(cur));
	store_judgement_get(w->c, a->id, pupil, e, &cur);
	wr.version = cur.version;
	if (assess_set_cell(w->app, w->c, &alice, &w->school, a, &wr, &out, &eb) != ERR_OK)
		fail_msg("assess_set_cell: %s", eb.msg);
}

/* The text of the XLSX cell (col from 0, row from 1), "" when empty. */
static const char *xl(const struct xlsx_sheet *s, unsigned col, unsigned long row)
{
	for (size_t i = 0; i < s->ncells; i++)
		if (s->cells[i].col == col && s->cells[i].row == row)
			return s->cells[i].text;
	return "";
}

/* The row (from 1) whose column A reads label, 0 when none. */
static unsigned long xl_row(const struct xlsx_sheet *s, const char *label)
{
	for (size_t i = 0; i < s->ncells; i++)
		if (s->cells[i].col == 0 && strcmp(s->cells[i].text, label) == 0)
			return s->cells[i].row;
	return 0;
}

/* A number as the XLSX stores it ("25" for 25.00) against the two-decimal text. */
static void assert_same_number(const char *xlsx, const char *fixed)
{
	if (!fixed[0]) {
		assert_string_equal(xlsx, "");
		return;
	}
	assert_true(xlsx[0] != '\0');
	long a = (long)(strtod(xlsx, NULL) * 100 + 0.5),
	     b = (long)(strtod(fixed, NULL) * 100 + 0.5);
	assert_int_equal(a, b);
}

/* Every column of a: the grid, a save's answer over all 17 columns and over
 * one, the XLSX foot and the Full Report give the same figures. want_* are the
 * figures of column E01 worked out by hand. */
static void check_same(struct world *w, const struct assessment *a, int want_pupils,
		       int want_judged, const int want_count[4])
{
	const struct scale *sc = scale_get(a->kind);
	struct judgement cells[ELG__MAX];
	struct assess_write_stats ws, one;
	struct report_query q = { a->id, YEAR_R, 0, NULL };
	struct report_data d;
	struct assess_sheet sh, rs;
	struct assess_grid g;
	struct xlsx_book *book = NULL, *rbook = NULL;
	struct errbuf eb = { "" };
	char *data = NULL, *rdata = NULL, p1[32], p2[32], label[64];
	size_t len = 0, rlen = 0;

	assert_int_equal(assess_grid_load(w->app, w->c, &w->school, a->id, &g), ERR_OK);
	assert_int_equal(g.col[ELG_E01].pupils, want_pupils);
	assert_int_equal(g.col[ELG_E01].judged, want_judged);
	assert_memory_equal(g.col[ELG_E01].count, want_count, sizeof(g.col[0].count));
	assert_int_equal(g.included, want_pupils);

	for (int k = 0; k < ELG__MAX; k++)
		cells[k] = (struct judgement){ .pupil_id = w->pupil[0], .elg = (enum elg)k };
	assert_int_equal(assess_write_stats(w->c, &w->school, a, NULL, NULL, 0, cells, ELG__MAX,
					    &ws),
			 ERR_OK);
	assert_int_equal(report_load(w->app, w->c, &w->school, &q, &d), ERR_OK);

	assess_grid_sheet(&g, NULL, &sh);
	assert_int_equal(xlsx_write_sheet(&sh.s, NULL, &data, &len, &eb), ERR_OK);
	assert_int_equal(xlsx_read(data, len, &book, &eb), ERR_OK);
	report_full_sheet(&d, w->school.name, &rs);
	assert_int_equal(xlsx_write_sheet(&rs.s, NULL, &rdata, &rlen, &eb), ERR_OK);
	assert_int_equal(xlsx_read(rdata, rlen, &rbook, &eb), ERR_OK);
	const struct xlsx_sheet *s = &book->sheets[0], *r = &rbook->sheets[0];
	unsigned long judged_row = xl_row(s, "Judged (of the pupils included in data)");
	assert_true(judged_row > 0);

	for (int k = 0; k < ELG__MAX; k++) {
		const struct assess_column *gc = &g.col[k], *wc = &ws.g.col[k];
		const struct report_column *rc = &d.full.col[k];
		/* the column of area k in the grid's sheet (GLD after E12) */
		unsigned col = 3 + (unsigned)k + (a->kind == SCALE_ELG && k >= ELG_GLD_COUNT);
		/* the Full Report's row of area k */
		unsigned long rrow = 4 + (unsigned long)k;

		assert_int_equal(gc->pupils, wc->pupils);
		assert_int_equal(gc->pupils, rc->pupils);
		assert_int_equal(gc->judged, wc->judged);
		assert_int_equal(gc->judged, rc->judged);
		assert_memory_equal(gc->count, wc->count, sizeof(gc->count));
		assert_memory_equal(gc->count, rc->count, sizeof(gc->count));
		assert_int_equal(d.full.pupils[k], gc->pupils);

		snprintf(label, sizeof(label), "%d of %d", gc->judged, gc->pupils);
		assert_string_equal(xl(s, col, judged_row), label);
		snprintf(label, sizeof(label), "%d", gc->pupils);
		assert_string_equal(xl(r, 5, rrow), label);
		snprintf(label, sizeof(label), "%d", gc->judged);
		assert_string_equal(xl(r, 6, rrow), label);
		for (int v = 1; v <= 2; v++) {
			char head[64];
			assess_column_percent(gc, v, p1, sizeof(p1));
			report_column_percent(rc, v, p2, sizeof(p2));
			assert_string_equal(p1, p2);
			assert_string_equal(assess_percent(&g, gc->count[v], p2, sizeof(p2)), p1);
			assert_string_equal(assess_column_percent(wc, v, p2, sizeof(p2)), p1);
			/* the grid's XLSX foot */
			snprintf(head, sizeof(head), "Total number %s", sc->values[v].label);
			snprintf(label, sizeof(label), "%d", gc->count[v]);
			assert_string_equal(xl(s, col, xl_row(s, head)), label);
			snprintf(head, sizeof(head), "%% %s", sc->values[v].label);
			assert_same_number(xl(s, col, xl_row(s, head)), p1);
			/* the Full Report's XLSX */
			assert_string_equal(xl(r, (unsigned)(1 + (v - 1) * 2), rrow), label);
			assert_same_number(xl(r, (unsigned)(2 + (v - 1) * 2), rrow), p1);
		}
	}
	/* a save's answer for one column: the database's single-column count */
	assert_int_equal(assess_write_stats(w->c, &w->school, a, NULL, NULL, 0, cells, 1, &one),
			 ERR_OK);
	assert_memory_equal(&one.g.col[ELG_E01], &g.col[ELG_E01], sizeof(g.col[0]));
	if (a->kind == SCALE_ELG) {
		/* the Average ELG score: the grid, its XLSX foot, the Full Report */
		char avg[32];
		assess_average_total(&g, p1, sizeof(p1));
		report_average(d.full.cohort.total_sum, d.full.cohort.assessed, p2, sizeof(p2));
		assert_string_equal(p1, p2);
		assert_string_equal(assess_average_total(&ws.g, avg, sizeof(avg)), p1);
		assert_same_number(xl(s, 3 + ELG__MAX + 1, xl_row(s, "Average ELG score")), p1);
		/* Good Level of Development (test_elg_same_everywhere): counted of
		 * the pupils the Full Report's GLD percentage is of (judged in all 17,
		 * not absent: its cohort's assessed), so the grid, both save answers,
		 * the XLSX foot and the Full Report agree. Pupil 2 is absent: its row
		 * says No, and it is not counted. */
		char n[16], pct[16], of[32];
		unsigned gcol = 3 + ELG_GLD_COUNT;
		int no = d.full.cohort.assessed - d.full.cohort.gld;
		assert_true(d.full.cohort.assessed > 0 && d.full.cohort.assessed < 5);
		assert_int_equal(g.gld.pupils, d.full.cohort.assessed);
		assert_int_equal(g.gld.judged, d.full.cohort.assessed);
		assert_int_equal(g.gld.count[2], d.full.cohort.gld);
		assert_int_equal(g.gld.count[1], no);
		for (size_t i = 0; i < g.nrows; i++)
			if (g.rows[i].pupil.id == w->pupil[2]) /* the absent row says No */
				assert_string_equal(gld_label(g.rows[i].m.gld), "No");
		assert_memory_equal(&ws.g.gld, &g.gld, sizeof(g.gld));
		assert_memory_equal(&one.g.gld, &g.gld, sizeof(g.gld));
		assert_string_equal(xl(s, gcol, 2), "Good Level of Development");
		snprintf(n, sizeof(n), "%d", d.full.cohort.gld);
		assert_string_equal(xl(s, gcol, xl_row(s, "Total number Expected")), n);
		report_percent(d.full.cohort.gld, d.full.cohort.assessed, pct, sizeof(pct));
		assert_same_number(xl(s, gcol, xl_row(s, "% Expected")), pct);
		snprintf(n, sizeof(n), "%d", no);
		assert_string_equal(xl(s, gcol, xl_row(s, "Total number Emerging")), n);
		snprintf(of, sizeof(of), "%d of 5", d.full.cohort.assessed);
		assert_string_equal(xl(s, gcol, judged_row), of);
	}
	assess_write_stats_free(&one);
	assess_write_stats_free(&ws);
	xlsx_book_free(book);
	xlsx_book_free(rbook);
	free(data);
	free(rdata);
	assess_sheet_free(&sh);
	assess_sheet_free(&rs);
	report_data_free(&d);
	assess_grid_free(&g);
}

/* ELGs: pupil 0 all Expected (GLD, 34), pupil 1 Emerging in E01 and the rest
 * blank (incomplete), pupil 2 absent, pupil 3 all Emerging but E01 blank,
 * pupil 4 nothing, pupil 5 all Expected but not included in data. E01: 5
 * pupils, 3 judged (Expected, Emerging, Absent), 2 blank. */
static void test_elg_same_everywhere(void **state)
{
	struct world *w = *state;
	static const int want[4] = { 2, 1, 1, 1 };

	for (int k = 0; k < ELG__MAX; k++) {
		put(w, &w->elg, w->pupil[0], (enum elg)k, "X");
		put(w, &w->elg, w->pupil[5], (enum elg)k, "X");
		if (k != ELG_E01)
			put(w, &w->elg, w->pupil[3], (enum elg)k, "E");
	}
	put(w, &w->elg, w->pupil[1], ELG_E01, "E");
	put(w, &w->elg, w->pupil[2], ELG_E09, "A"); /* the whole row Absent */
	check_same(w, &w->elg, 5, 3, want);
}

/* Tracking: Below and On track in varied columns, blanks, and pupil 5 (not in
 * data) On track everywhere. E01: 5 pupils, 2 judged. */
static void test_tracking_same_everywhere(void **state)
{
	struct world *w = *state;
	static const int want[4] = { 3, 1, 1, 0 };

	for (int k = 0; k < ELG__MAX; k++) {
		put(w, &w->track, w->pupil[5], (enum elg)k, "O");
		if (k % 3)
			put(w, &w->track, w->pupil[0], (enum elg)k, "O");
		if (k % 2 == 0)
			put(w, &w->track, w->pupil[1], (enum elg)k, "B");
		if (k > 10)
			put(w, &w->track, w->pupil[2], (enum elg)k, k % 2 ? "B" : "O");
	}
	put(w, &w->track, w->pupil[0], ELG_E01, "O");
	check_same(w, &w->track, 5, 2, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_elg_same_everywhere, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tracking_same_everywhere, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
