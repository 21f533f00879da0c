/*
 * test_assess: the EYFS use cases on SQLite and PostgreSQL: a stale write is
 * refused with the current cell (two writers), Absent fills the row and leaving
 * it clears the row, flood-fill of a row and a column is all-or-nothing and a
 * column fill reaches only the pupils the writer sees, the
 * GLD and ELG total follow the seed's worked table, the statistics leave out
 * pupils not included in data and follow the pupil characteristics filter, every change is audited, assessments of another
 * school are not found and deleting one with judgements needs confirmation.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/assess.h"
#include "base/date.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/pupil_filter.h"
#include "core/statutory.h"
#include "store/store.h"

#include "app_world.h"

enum { NPUPILS = 6 };

struct world {
	struct app *app;
	struct store_conn *c;
	int64_t clock;
	struct establishment school, other;
	int64_t pupil[NPUPILS]; /* Reception at school; [0] is not included in data */
	int64_t nursery;	/* N2 at school */
	int64_t stranger;	/* Reception at other */
	struct assessment elg, track;
};

static const struct actor alice = { 7, "alice", "192.0.2.7" };
static const struct actor bob = { 8, "bob", "192.0.2.8" };

static int64_t add_child(struct world *w, int64_t est, const char *upn, const char *surname,
			 struct date dob, bool include)
{
	struct pupil p = tw_pupil(est, upn, surname, "Kit", dob);

	p.include_in_data = include;
	return tw_pupil_add(w->c, &alice, &p);
}

static int setup(void **state)
{
	struct world *w = xcalloc(1, sizeof(*w));
	char upn[16];
	int64_t la;

	w->clock = 1772323200; /* 2026-03-01: academic year 2025/26 */
	w->app = tw_app_open("assess", &w->clock, NULL);
	w->c = store_acquire(w->app->store);
	la = tw_la(w->c, &alice, 888, "Test LA").id;
	w->school = tw_school(w->c, &alice, la, 1234, 100001, "Willow Bank Primary");
	w->other = tw_school(w->c, &alice, la, 2345, 100002, "Ferncliff Primary");
	for (int i = 0; i < NPUPILS; i++) {
		char surname[16];
		snprintf(upn, sizeof(upn), "A88812342500%d", i);
		snprintf(surname, sizeof(surname), "Quillby%c", 'A' + i);
		/* born 2021: Reception in 2025/26 */
		w->pupil[i] = add_child(w, w->school.id, upn, surname,
					(struct date){ 2021, 1, 10 + i }, i != 0);
	}
	w->nursery = add_child(w, w->school.id, "A888123425100", "Nurslow",
			       (struct date){ 2022, 2, 2 }, true);
	w->stranger = add_child(w, w->other.id, "A888234525000", "Farway",
				(struct date){ 2021, 2, 2 }, true);
	w->elg = tw_elg_assessment(w->app, w->c, &alice, &w->school);
	w->track = tw_tracking(w->app, w->c, &alice, &w->school, "Autumn Term Assessment",
			       (struct date){ 2025, 10, 14 }, ASSESS_YG_R);
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

/* Writes one cell with the version stored now; returns the error. */
static enum err put(struct world *w, const struct assessment *a, int64_t pupil, enum elg e,
		    const char *value)
{
	struct assess_cell_write wr = { .pupil_id = pupil, .elg = e, .value = value };
	struct assess_written out;
	struct errbuf eb = { "" };
	struct judgement cur;

	store_judgement_get(w->c, a->id, pupil, e, &cur);
	wr.version = cur.version;
	return assess_set_cell(w->app, w->c, &alice, &w->school, a, &wr, &out, &eb);
}

static int cell_value(struct world *w, const struct assessment *a, int64_t pupil, enum elg e)
{
	struct judgement j;
	enum err rc = store_judgement_get(w->c, a->id, pupil, e, &j);
	assert_true(rc == ERR_OK || rc == ERR_NOT_FOUND);
	return j.value;
}

static size_t audit_count(struct world *w, const char *action)
{
	struct audit_query q = { .action = action, .limit = 10000 };
	struct audit_entry *list = NULL;
	size_t n = 0;

	assert_int_equal(store_audit_list(w->c, &q, &list, &n), ERR_OK);
	free(list);
	return n;
}

static void test_two_writers_conflict(void **state)
{
	struct world *w = *state;
	struct assess_cell_write wr = { .pupil_id = w->pupil[1], .elg = ELG_E03, .value = "O" };
	struct assess_written a_out, b_out;
	struct errbuf eb = { "" };

	/* Both open the grid and see the cell never written (version 0). */
	assert_int_equal(assess_set_cell(w->app, w->c, &alice, &w->school, &w->track, &wr, &a_out,
					 &eb),
			 ERR_OK);
	assert_int_equal(a_out.n, 1);
	assert_int_equal(a_out.cells[0].version, 1);
	wr.value = "B";
	assert_int_equal(assess_set_cell(w->app, w->c, &bob, &w->school, &w->track, &wr, &b_out,
					 &eb),
			 ERR_CONFLICT);
	/* Bob is told what is there now and by whom; nothing of his is stored. */
	assert_int_equal(b_out.current.value, TRACK_ON_TRACK);
	assert_int_equal(b_out.current.version, 1);
	assert_string_equal(b_out.current.updated_by, "alice");
	assert_non_null(strstr(eb.msg, "On track"));
	assert_int_equal(cell_value(w, &w->track, w->pupil[1], ELG_E03), TRACK_ON_TRACK);
	/* With the current version his write goes through. */
	wr.version = b_out.current.version;
	assert_int_equal(assess_set_cell(w->app, w->c, &bob, &w->school, &w->track, &wr, &b_out,
					 &eb),
			 ERR_OK);
	assert_int_equal(b_out.cells[0].version, 2);
	assert_int_equal(cell_value(w, &w->track, w->pupil[1], ELG_E03), TRACK_BELOW);
	/* Audited old -> new, by label. */
	{
		struct audit_query q = { .action = "judgement.set" };
		struct audit_entry *list = NULL;
		size_t n = 0;
		assert_int_equal(store_audit_list(w->c, &q, &list, &n), ERR_OK);
		assert_int_equal(n, 2);
		assert_string_equal(list[0].actor, "bob");
		assert_string_equal(list[0].old_value, "On track");
		assert_string_equal(list[0].new_value, "Below");
		assert_string_equal(list[1].old_value, "");
		free(list);
	}
}

static void test_bad_input_refused(void **state)
{
	struct world *w = *state;
	struct assess_cell_write wr = { .pupil_id = w->pupil[1], .elg = ELG_E01, .value = "X" };
	struct assess_written out;
	struct errbuf eb = { "" };

	/* X (Expected) is not a tracking judgement. */
	assert_int_equal(assess_set_cell(w->app, w->c, &alice, &w->school, &w->track, &wr, &out,
					 &eb),
			 ERR_INVALID);
	assert_non_null(strstr(eb.msg, "B (Below)"));
	/* A pupil of another school is not found; a nursery child is not in a
	 * Reception assessment. */
	wr.value = "O";
	wr.pupil_id = w->stranger;
	assert_int_equal(assess_set_cell(w->app, w->c, &alice, &w->school, &w->track, &wr, &out,
					 &eb),
			 ERR_NOT_FOUND);
	wr.pupil_id = w->nursery;
	assert_int_equal(assess_set_cell(w->app, w->c, &alice, &w->school, &w->track, &wr, &out,
					 &eb),
			 ERR_INVALID);
	/* A colour goes with On track only. */
	wr.pupil_id = w->pupil[2];
	wr.value = "B";
	wr.colour = "green";
	assert_int_equal(assess_set_cell(w->app, w->c, &alice, &w->school, &w->track, &wr, &out,
					 &eb),
			 ERR_INVALID);
	wr.value = "O";
	wr.colour = "chartreuse";
	assert_int_equal(assess_set_cell(w->app, w->c, &alice, &w->school, &w->track, &wr, &out,
					 &eb),
			 ERR_INVALID);
	wr.colour = "green";
	wr.note = "counts to 20 unprompted";
	assert_int_equal(assess_set_cell(w->app, w->c, &alice, &w->school, &w->track, &wr, &out,
					 &eb),
			 ERR_OK);
	assert_string_equal(out.cells[0].colour, "green");
	assert_string_equal(out.cells[0].note, "counts to 20 unprompted");
	assert_int_equal(audit_count(w, "judgement.set"), 3); /* value, colour, note */
}

static void test_absent_rule(void **state)
{
	struct world *w = *state;
	struct assess_grid g;
	int64_t p = w->pupil[2];

	assert_int_equal(put(w, &w->elg, p, ELG_E01, "X"), ERR_OK);
	assert_int_equal(put(w, &w->elg, p, ELG_E02, "E"), ERR_OK);
	/* Absent in one cell: all 17 Absent in one go. */
	assert_int_equal(put(w, &w->elg, p, ELG_E09, "A"), ERR_OK);
	for (int e = 0; e < ELG__MAX; e++)
		assert_int_equal(cell_value(w, &w->elg, p, (enum elg)e), ELG_ABSENT);
	assert_int_equal(assess_grid_load(w->app, w->c, &w->school, w->elg.id, &g), ERR_OK);
	for (size_t i = 0; i < g.nrows; i++) {
		if (g.rows[i].pupil.id != p)
			continue;
		assert_int_equal(g.rows[i].m.total, 0);
		assert_int_equal(g.rows[i].m.gld, GLD_NO);
	}
	assess_grid_free(&g);
	/* Leaving Absent in one cell clears the row's other Absent cells. */
	assert_int_equal(put(w, &w->elg, p, ELG_E05, "Expected"), ERR_OK);
	assert_int_equal(cell_value(w, &w->elg, p, ELG_E05), ELG_EXPECTED);
	assert_int_equal(cell_value(w, &w->elg, p, ELG_E01), ELG_BLANK);
	assert_int_equal(cell_value(w, &w->elg, p, ELG_E17), ELG_BLANK);
}

static void test_fill_all_or_nothing(void **state)
{
	struct world *w = *state;
	struct assess_fill f = { .elg = ELG_E04, .value = "O" };
	struct judgement *cells = NULL, conflict;
	struct assess_known known[NPUPILS];
	struct errbuf eb = { "" };
	size_t n = 0;

	/* Someone sets one cell of the column meanwhile. */
	assert_int_equal(put(w, &w->track, w->pupil[3], ELG_E04, "B"), ERR_OK);
	/* A fill made from a screen that did not see it is refused whole. */
	for (int i = 0; i < NPUPILS; i++)
		known[i] = (struct assess_known){ w->pupil[i], ELG_E04, 0 };
	f.known = known;
	f.nknown = NPUPILS;
	assert_int_equal(assess_fill(w->app, w->c, &alice, &w->school, &w->track, &f, &cells, &n,
				     &conflict, &eb),
			 ERR_CONFLICT);
	assert_int_equal(conflict.pupil_id, w->pupil[3]);
	for (int i = 0; i < NPUPILS; i++)
		assert_int_equal(cell_value(w, &w->track, w->pupil[i], ELG_E04),
				 i == 3 ? TRACK_BELOW : TRACK_BLANK);
	/* Seen, it fills every Reception pupil listed (not the nursery child). */
	known[3].version = 1;
	assert_int_equal(assess_fill(w->app, w->c, &alice, &w->school, &w->track, &f, &cells, &n,
				     &conflict, &eb),
			 ERR_OK);
	assert_int_equal(n, NPUPILS);
	free(cells);
	for (int i = 0; i < NPUPILS; i++)
		assert_int_equal(cell_value(w, &w->track, w->pupil[i], ELG_E04), TRACK_ON_TRACK);
	assert_int_equal(cell_value(w, &w->track, w->nursery, ELG_E04), TRACK_BLANK);
	/* A bad value fills nothing. */
	f.value = "Q";
	f.known = NULL;
	assert_int_equal(assess_fill(w->app, w->c, &alice, &w->school, &w->track, &f, &cells, &n,
				     &conflict, &eb),
			 ERR_INVALID);
	/* A row: all 17; Expected everywhere, then individual cells change. */
	memset(&f, 0, sizeof(f));
	f.row = true;
	f.pupil_id = w->pupil[4];
	f.value = "X";
	assert_int_equal(assess_fill(w->app, w->c, &alice, &w->school, &w->elg, &f, &cells, &n,
				     &conflict, &eb),
			 ERR_OK);
	assert_int_equal(n, ELG__MAX);
	free(cells);
	assert_int_equal(put(w, &w->elg, w->pupil[4], ELG_E07, "E"), ERR_OK);
	assert_int_equal(cell_value(w, &w->elg, w->pupil[4], ELG_E06), ELG_EXPECTED);
	assert_int_equal(cell_value(w, &w->elg, w->pupil[4], ELG_E07), ELG_EMERGING);
	/* A row of another school's pupil is not found. */
	f.pupil_id = w->stranger;
	assert_int_equal(assess_fill(w->app, w->c, &alice, &w->school, &w->elg, &f, &cells, &n,
				     &conflict, &eb),
			 ERR_NOT_FOUND);
}

/* A column fill writes the pupils the writer sees (the rows its versions list,
 * or those the filter keeps), never a hidden one; a listed pupil outside the
 * assessment refuses the whole fill; a row fill is unaffected. */
static void test_fill_filtered(void **state)
{
	struct world *w = *state;
	struct assess_fill f = { .elg = ELG_E06, .value = "O" };
	struct judgement *cells = NULL, conflict;
	struct assess_known known[3];
	struct pupil_filter boys;
	struct errbuf eb = { "" };
	struct pupil p;
	size_t n = 0;

	/* The screen shows pupils 1 and 2 (a filter hides the others). */
	known[0] = (struct assess_known){ w->pupil[1], ELG_E06, 0 };
	known[1] = (struct assess_known){ w->pupil[2], ELG_E06, 0 };
	f.known = known;
	f.nknown = 2;
	assert_int_equal(assess_fill(w->app, w->c, &alice, &w->school, &w->track, &f, &cells, &n,
				     &conflict, &eb),
			 ERR_OK);
	assert_int_equal(n, 2);
	free(cells);
	for (int i = 0; i < NPUPILS; i++)
		assert_int_equal(cell_value(w, &w->track, w->pupil[i], ELG_E06),
				 i == 1 || i == 2 ? TRACK_ON_TRACK : TRACK_BLANK);
	/* A hidden pupil set meanwhile is no conflict: the fill does not reach them. */
	assert_int_equal(put(w, &w->track, w->pupil[4], ELG_E07, "B"), ERR_OK);
	f.elg = ELG_E07;
	known[0].elg = known[1].elg = ELG_E07;
	assert_int_equal(assess_fill(w->app, w->c, &alice, &w->school, &w->track, &f, &cells, &n,
				     &conflict, &eb),
			 ERR_OK);
	assert_int_equal(n, 2);
	free(cells);
	assert_int_equal(cell_value(w, &w->track, w->pupil[4], ELG_E07), TRACK_BELOW);

	/* Refused whole, nothing written: a pupil the assessment does not cover (the
	 * nursery child), another school's pupil, a cell of another column, a pupil
	 * listed twice. */
	f.elg = ELG_E08;
	known[0] = (struct assess_known){ w->pupil[1], ELG_E08, 0 };
	known[1] = (struct assess_known){ w->nursery, ELG_E08, 0 };
	f.nknown = 2;
	assert_int_equal(assess_fill(w->app, w->c, &alice, &w->school, &w->track, &f, &cells, &n,
				     &conflict, &eb),
			 ERR_INVALID);
	assert_non_null(strstr(eb.msg, "this assessment is for R only"));
	known[1].pupil_id = w->stranger;
	assert_int_equal(assess_fill(w->app, w->c, &alice, &w->school, &w->track, &f, &cells, &n,
				     &conflict, &eb),
			 ERR_NOT_FOUND);
	known[1] = (struct assess_known){ w->pupil[2], ELG_E09, 0 };
	assert_int_equal(assess_fill(w->app, w->c, &alice, &w->school, &w->track, &f, &cells, &n,
				     &conflict, &eb),
			 ERR_INVALID);
	known[1] = known[0];
	assert_int_equal(assess_fill(w->app, w->c, &alice, &w->school, &w->track, &f, &cells, &n,
				     &conflict, &eb),
			 ERR_INVALID);
	assert_non_null(strstr(eb.msg, "listed twice"));
	assert_int_equal(cell_value(w, &w->track, w->pupil[1], ELG_E08), TRACK_BLANK);

	/* Without versions: the pupils the filter keeps (the one boy). */
	assert_int_equal(store_pupil_get(w->c, w->pupil[5], &p), ERR_OK);
	p.gender = GENDER_MALE;
	assert_int_equal(store_pupil_update(w->c, &alice, &p, &eb), ERR_OK);
	pupil_filter_init(&boys);
	assert_true(pupil_filter_set(&boys, "f_gender", "M"));
	f.known = NULL;
	f.nknown = 0;
	f.filter = &boys;
	assert_int_equal(assess_fill(w->app, w->c, &alice, &w->school, &w->track, &f, &cells, &n,
				     &conflict, &eb),
			 ERR_OK);
	assert_int_equal(n, 1);
	free(cells);
	for (int i = 0; i < NPUPILS; i++)
		assert_int_equal(cell_value(w, &w->track, w->pupil[i], ELG_E08),
				 i == 5 ? TRACK_ON_TRACK : TRACK_BLANK);

	/* A row fill writes its pupil's 17 cells, whatever the filter or the other
	 * pupils listed. */
	memset(&f, 0, sizeof(f));
	f.row = true;
	f.pupil_id = w->pupil[3];
	f.value = "B";
	f.filter = &boys;
	known[0] = (struct assess_known){ w->pupil[1], ELG_E06, 1 };
	f.known = known;
	f.nknown = 1;
	assert_int_equal(assess_fill(w->app, w->c, &alice, &w->school, &w->track, &f, &cells, &n,
				     &conflict, &eb),
			 ERR_OK);
	assert_int_equal(n, ELG__MAX);
	free(cells);
	for (int k = 0; k < ELG__MAX; k++)
		assert_int_equal(cell_value(w, &w->track, w->pupil[3], (enum elg)k), TRACK_BELOW);
	assert_int_equal(cell_value(w, &w->track, w->pupil[1], ELG_E09), TRACK_BLANK);
}

/* One row of the seed's worked table: the values entered (code per ELG, '.' for
 * blank), and the GLD and total shown. */
struct seed_row {
	const char *cells; /* 17 characters: E, X, A or '.' */
	enum gld gld;
	int running_total; /* what the total column shows while the row is incomplete */
};

static void test_seed_worked_table(void **state)
{
	/* Number (E11), Numerical Patterns (E12), GLD, BIE (E17), ELG total, from the
	 * seed; the other cells are chosen to give the totals the seed shows. */
	static const struct seed_row rows[] = {
		{ "E.........EE....X", GLD_NO, 5 },	 /* Emerging Emerging No, 5 */
		{ "XXXXXXXXXXXXX...X", GLD_YES, 28 },	 /* Expected Expected Yes, 28 */
		{ "XXXX......XE....X", GLD_NO, 13 },	 /* Expected Emerging No, 13 */
		{ "EE........XX....X", GLD_NO, 8 },	 /* Expected Expected No, 8 */
		{ "X.........EX....E", GLD_NO, 6 },	 /* Emerging Expected No, 6 */
		{ "............XXE.X", GLD_UNKNOWN, 7 }, /* blank GLD while incomplete, 7 */
	};
	struct world *w = *state;
	struct assess_grid g;
	char buf[16];

	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		for (int e = 0; e < ELG__MAX; e++) {
			char v[2] = { rows[r].cells[e], 0 };
			if (v[0] != '.')
				assert_int_equal(put(w, &w->elg, w->pupil[r], (enum elg)e, v),
						 ERR_OK);
		}
	}
	assert_int_equal(assess_grid_load(w->app, w->c, &w->school, w->elg.id, &g), ERR_OK);
	assert_int_equal(g.nrows, NPUPILS); /* Reception only */
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		const struct assess_row *row = NULL;
		for (size_t i = 0; i < g.nrows; i++)
			if (g.rows[i].pupil.id == w->pupil[r])
				row = &g.rows[i];
		assert_non_null(row);
		assert_int_equal(row->m.gld, rows[r].gld);
		assert_int_equal(row->m.running_total, rows[r].running_total);
		assert_int_equal(row->m.total, -1); /* none complete yet */
	}
	assess_grid_free(&g);
	/* Completed: all Expected is GLD Yes with 34; all Emerging No with 17; the
	 * average counts pupils included in data only ([0] is not). */
	struct assess_fill f = { .row = true, .value = "X" };
	struct judgement *cells = NULL;
	struct errbuf eb = { "" };
	size_t n = 0;
	f.pupil_id = w->pupil[1];
	assert_int_equal(assess_fill(w->app, w->c, &alice, &w->school, &w->elg, &f, &cells, &n,
				     NULL, &eb),
			 ERR_OK);
	free(cells);
	f.pupil_id = w->pupil[2];
	f.value = "E";
	assert_int_equal(assess_fill(w->app, w->c, &alice, &w->school, &w->elg, &f, &cells, &n,
				     NULL, &eb),
			 ERR_OK);
	free(cells);
	f.pupil_id = w->pupil[0]; /* not included in data */
	f.value = "E";
	assert_int_equal(assess_fill(w->app, w->c, &alice, &w->school, &w->elg, &f, &cells, &n,
				     NULL, &eb),
			 ERR_OK);
	free(cells);
	assert_int_equal(assess_grid_load(w->app, w->c, &w->school, w->elg.id, &g), ERR_OK);
	for (size_t i = 0; i < g.nrows; i++) {
		if (g.rows[i].pupil.id == w->pupil[1]) {
			assert_int_equal(g.rows[i].m.gld, GLD_YES);
			assert_int_equal(g.rows[i].m.total, 34);
		}
		if (g.rows[i].pupil.id == w->pupil[2]) {
			assert_int_equal(g.rows[i].m.gld, GLD_NO);
			assert_int_equal(g.rows[i].m.total, 17);
		}
	}
	assert_int_equal(g.included, NPUPILS - 1);
	assert_int_equal(g.total_count, 2);
	assert_string_equal(assess_average_total(&g, buf, sizeof(buf)), "25.50");
	/* E17 over the 5 included: Expected for pupils 1, 3, 5 (seed rows), Emerging
	 * for 2 and 4: 3 of 5 = 60.00%. */
	assert_int_equal(g.col[ELG_E17].count[ELG_EXPECTED], 3);
	assert_string_equal(
		assess_percent(&g, g.col[ELG_E17].count[ELG_EXPECTED], buf, sizeof(buf)), "60.00");
	assess_grid_free(&g);
}

static void test_filter_statistics(void **state)
{
	struct world *w = *state;
	struct pupil_filter f;
	struct assess_grid g;
	struct errbuf eb = { "" };
	struct pupil p;
	char buf[16];

	/* One boy among the six; pupil 0 (a girl) is not included in data. */
	assert_int_equal(store_pupil_get(w->c, w->pupil[5], &p), ERR_OK);
	p.gender = GENDER_MALE;
	assert_int_equal(store_pupil_update(w->c, &alice, &p, &eb), ERR_OK);
	for (int i = 0; i < NPUPILS; i++)
		assert_int_equal(put(w, &w->track, w->pupil[i], ELG_E01, i % 2 ? "B" : "O"),
				 ERR_OK);
	assert_int_equal(assess_grid_load(w->app, w->c, &w->school, w->track.id, &g), ERR_OK);
	/* Included: pupils 1-5; Below: 1, 3, 5. */
	assert_int_equal(g.included, 5);
	assert_int_equal(g.col[ELG_E01].count[TRACK_BELOW], 3);
	assert_int_equal(g.col[ELG_E01].count[TRACK_ON_TRACK], 2);
	assert_string_equal(assess_percent(&g, 3, buf, sizeof(buf)), "60.00");
	pupil_filter_init(&f);
	assert_true(pupil_filter_set(&f, "f_gender", "F"));
	assess_grid_filter(&g, &f);
	assert_int_equal(g.nrows, 5);
	assert_int_equal(g.included, 4);
	assert_int_equal(g.col[ELG_E01].count[TRACK_BELOW], 2);
	assert_string_equal(assess_percent(&g, 2, buf, sizeof(buf)), "50.00");
	assess_grid_free(&g);
	assert_int_equal(assess_grid_load(w->app, w->c, &w->school, w->track.id, &g), ERR_OK);
	pupil_filter_init(&f);
	assert_true(pupil_filter_set(&f, "f_gender", "M"));
	assess_grid_filter(&g, &f);
	assert_int_equal(g.nrows, 1);
	assert_int_equal(g.col[ELG_E01].count[TRACK_BELOW], 1);
	assess_grid_free(&g);
	/* Nobody: no percentage rather than 0%. */
	assert_int_equal(assess_grid_load(w->app, w->c, &w->school, w->track.id, &g), ERR_OK);
	pupil_filter_init(&f);
	assert_true(pupil_filter_set(&f, "f_eal", "yes"));
	assess_grid_filter(&g, &f);
	assert_int_equal(g.included, 0);
	assert_string_equal(assess_percent(&g, 0, buf, sizeof(buf)), "");
	assess_grid_free(&g);
}

static void test_scope_and_delete(void **state)
{
	struct world *w = *state;
	struct assessment a;
	struct assess_grid g;
	struct errbuf eb = { "" };

	/* Another school sees no such assessment. */
	assert_int_equal(assess_get(w->c, &w->other, w->track.id, &a), ERR_NOT_FOUND);
	assert_int_equal(assess_grid_load(w->app, w->c, &w->other, w->track.id, &g), ERR_NOT_FOUND);
	assert_int_equal(assess_delete(w->app, w->c, &alice, &w->other, w->track.id, true, &eb),
			 ERR_NOT_FOUND);
	/* With judgements, deleting needs confirmation. */
	assert_int_equal(put(w, &w->track, w->pupil[1], ELG_E01, "O"), ERR_OK);
	assert_int_equal(assess_delete(w->app, w->c, &alice, &w->school, w->track.id, false, &eb),
			 ERR_CONFLICT);
	assert_non_null(strstr(eb.msg, "1 judgement"));
	assert_int_equal(assess_get(w->c, &w->school, w->track.id, &a), ERR_OK);
	assert_int_equal(assess_delete(w->app, w->c, &alice, &w->school, w->track.id, true, &eb),
			 ERR_OK);
	assert_int_equal(assess_get(w->c, &w->school, w->track.id, &a), ERR_NOT_FOUND);
	assert_int_equal(audit_count(w, "assessment.delete"), 1);
}

static void test_create_checks(void **state)
{
	struct world *w = *state;
	struct assess_input in = { .name = "  ", .kind = SCALE_TRACKING };
	struct assessment a;
	struct errbuf eb = { "" };

	assert_int_equal(assess_create(w->app, w->c, &alice, &w->school, &in, &a, &eb),
			 ERR_INVALID);
	assert_non_null(strstr(eb.msg, "Assessment name"));
	in.name = "Spring Term";
	assert_int_equal(assess_create(w->app, w->c, &alice, &w->school, &in, &a, &eb),
			 ERR_INVALID);
	assert_non_null(strstr(eb.msg, "Assessment date"));
	in.date = (struct date){ 2026, 2, 1 };
	assert_int_equal(assess_create(w->app, w->c, &alice, &w->school, &in, &a, &eb),
			 ERR_INVALID);
	assert_non_null(strstr(eb.msg, "Years"));
	in.year_groups = ASSESS_YG_N1 | ASSESS_YG_N2;
	assert_int_equal(assess_create(w->app, w->c, &alice, &w->school, &in, &a, &eb), ERR_OK);
	assert_int_equal(a.academic_year, 2025);
	/* ELGs are for Reception only. */
	in.kind = SCALE_ELG;
	in.completion = (struct date){ 2026, 6, 30 };
	assert_int_equal(assess_create(w->app, w->c, &alice, &w->school, &in, &a, &eb),
			 ERR_INVALID);
	assert_non_null(strstr(eb.msg, "Reception only"));
	/* Editing: a stale version is refused. */
	in.kind = SCALE_TRACKING;
	in.name = "Spring Term Assessment";
	assert_int_equal(assess_update(w->app, w->c, &alice, &w->school, w->track.id,
				       w->track.version, &in, &a, &eb),
			 ERR_OK);
	assert_string_equal(a.name, "Spring Term Assessment");
	assert_int_equal(assess_update(w->app, w->c, &bob, &w->school, w->track.id,
				       w->track.version, &in, &a, &eb),
			 ERR_CONFLICT);
}

static void test_sheet(void **state)
{
	struct world *w = *state;
	struct assess_sheet sh;
	struct assess_grid g;

	struct estab_profile prof = { 0 };
	struct assess_sheet_opts opts = { 0 };
	const struct sheet_cell *total;
	size_t row = 0;

	assert_int_equal(put(w, &w->elg, w->pupil[1], ELG_E01, "X"), ERR_OK);
	assert_int_equal(put(w, &w->elg, w->pupil[1], ELG_E02, "E"), ERR_OK);
	assert_int_equal(assess_grid_load(w->app, w->c, &w->school, w->elg.id, &g), ERR_OK);
	for (size_t i = 0; i < g.nrows; i++)
		if (g.rows[i].pupil.id == w->pupil[1])
			row = 2 + i;
	assert_true(row >= 2);
	assess_grid_sheet(&g, NULL, &sh);
	/* Pupil, UPN, include, 12 ELGs, GLD, 5 ELGs, total, notes. */
	assert_int_equal(sh.s.cols, 3 + 17 + 2 + 1);
	assert_string_equal(sheet_at(&sh.s, 1, 3 + 12)->text, "Good Level of Development");
	assert_string_equal(sheet_at(&sh.s, 1, 3 + 18)->text, "ELG Total Score");
	assert_string_equal(sheet_at(&sh.s, 0, 3)->text, "Communication and Language");
	/* A row being filled in (Expected 2 + Emerging 1): the running total as a
	 * number, marked by a comment as the screen marks it. */
	total = sheet_at(&sh.s, row, 3 + 18);
	assert_non_null(total->text);
	assert_string_equal(total->text, "3");
	assert_true(total->number);
	assert_string_equal(total->comment, "2 of 17 judged so far");
	/* A row with nothing judged: no total at all. */
	total = sheet_at(&sh.s, row == 2 ? 3 : 2, 3 + 18);
	assert_true(total->text == NULL || total->text[0] == '\0');
	assert_null(total->comment);
	assess_sheet_free(&sh);

	/* CSV has no comments: the marker goes into the text. */
	opts.csv = true;
	assess_grid_sheet(&g, &opts, &sh);
	total = sheet_at(&sh.s, row, 3 + 18);
	assert_non_null(total->text);
	assert_string_equal(total->text, "3 (2 of 17 judged so far)");
	assert_false(total->number);
	assess_sheet_free(&sh);

	/* The screen's characteristics and custom fields: after Include in data,
	 * the custom ones headed with the school's names; the ELGs move right. */
	for (int i = 0; i < CUSTOM_COUNT; i++)
		snprintf(prof.custom_name[i], sizeof(prof.custom_name[i]), "Custom %d", i + 1);
	snprintf(prof.custom_name[0], sizeof(prof.custom_name[0]), "Forest school");
	opts = (struct assess_sheet_opts){ .chars = true, .custom = &prof };
	assess_grid_sheet(&g, &opts, &sh);
	assert_int_equal(sh.s.cols, 3 + 5 + 6 + 17 + 2 + 1);
	assert_string_equal(sheet_at(&sh.s, 1, 3)->text, "Gender");
	assert_string_equal(sheet_at(&sh.s, 1, 7)->text, "Disadvantaged");
	assert_string_equal(sheet_at(&sh.s, 1, 8)->text, "Forest school");
	assert_string_equal(sheet_at(&sh.s, 1, 13)->text, "Custom 6");
	assert_string_equal(sheet_at(&sh.s, row, 3)->text, "F");
	assert_string_equal(sheet_at(&sh.s, row, 4)->text, "N");
	assert_string_equal(sheet_at(&sh.s, row, 8)->text, "No");
	assert_string_equal(sheet_at(&sh.s, 0, 14)->text, "Communication and Language");
	assert_string_equal(sheet_at(&sh.s, row, 14)->text, "Expected");
	assert_string_equal(sheet_at(&sh.s, 1, 14 + 12)->text, "Good Level of Development");
	assert_string_equal(sheet_at(&sh.s, row, 14 + 18)->text, "3");
	assess_sheet_free(&sh);
	assess_grid_free(&g);
}

static enum err batch(struct world *w, const struct assessment *a,
		      const struct assess_cell_write *wr, size_t n,
		      struct assess_problem **problems, size_t *np, struct errbuf *eb)
{
	struct judgement *cells = NULL;
	size_t ncells = 0;
	enum err rc = assess_set_cells(w->app, w->c, &alice, &w->school, a, wr, n, &cells, &ncells,
				       problems, np, eb);
	free(cells);
	return rc;
}

/* A batch of cells is saved whole or not at all, and every refused change is
 * listed with its reason. */
static void test_batch_all_or_nothing(void **state)
{
	struct world *w = *state;
	struct assess_problem *pr = NULL;
	struct errbuf eb = { "" };
	size_t np = 0;
	size_t audits = audit_count(w, "judgement.set");
	struct assess_cell_write bad[] = {
		{ .pupil_id = w->pupil[1], .elg = ELG_E01, .value = "O" }, /* fine */
		{ .pupil_id = w->pupil[2], .elg = ELG_E01, .value = "Q" }, /* unknown value */
		{ .pupil_id = w->stranger, .elg = ELG_E01, .value = "B" }, /* another school */
		{ .pupil_id = w->nursery, .elg = ELG_E01, .value = "B" },  /* another year group */
		{ .pupil_id = w->pupil[1], .elg = ELG_E01, .value = "B" }, /* the same cell twice */
		{ .pupil_id = w->pupil[3], .elg = ELG_E02, .value = "B", .colour = "green" },
	};

	assert_int_equal(batch(w, &w->track, bad, 6, &pr, &np, &eb), ERR_INVALID);
	assert_non_null(strstr(eb.msg, "nothing was saved"));
	assert_int_equal(np, 5);
	assert_int_equal(pr[0].index, 1);
	assert_non_null(strstr(pr[0].msg, "\"Q\" is not a tracking judgement"));
	assert_int_equal(pr[1].index, 2);
	assert_int_equal(pr[1].code, ERR_NOT_FOUND);
	assert_non_null(strstr(pr[1].msg, "no such pupil at this school"));
	assert_int_equal(pr[2].index, 3);
	assert_non_null(strstr(pr[2].msg, "this assessment is for R only"));
	assert_int_equal(pr[3].index, 4);
	assert_non_null(strstr(pr[3].msg, "the same cell as change 1"));
	assert_int_equal(pr[4].index, 5);
	assert_non_null(strstr(pr[4].msg, "only with On track"));
	free(pr);
	assert_int_equal(cell_value(w, &w->track, w->pupil[1], ELG_E01), TRACK_BLANK);
	assert_int_equal(audit_count(w, "judgement.set"), audits);

	/* Someone else writes one of the cells meanwhile: the batch is refused whole. */
	assert_int_equal(put(w, &w->track, w->pupil[2], ELG_E03, "B"), ERR_OK);
	{
		struct assess_cell_write wr[] = {
			{ .pupil_id = w->pupil[1], .elg = ELG_E03, .value = "O" },
			{ .pupil_id = w->pupil[2], .elg = ELG_E03, .value = "O", .version = 0 },
		};
		assert_int_equal(batch(w, &w->track, wr, 2, &pr, &np, &eb), ERR_CONFLICT);
		assert_int_equal(np, 1);
		assert_int_equal(pr[0].index, 1);
		assert_int_equal(pr[0].current.value, TRACK_BELOW);
		assert_int_equal(pr[0].current.version, 1);
		assert_non_null(strstr(pr[0].msg, "changed by alice"));
		free(pr);
		assert_int_equal(cell_value(w, &w->track, w->pupil[1], ELG_E03), TRACK_BLANK);
		/* With the version seen, both are saved. */
		wr[1].version = 1;
		wr[1].colour = "green";
		assert_int_equal(batch(w, &w->track, wr, 2, &pr, &np, &eb), ERR_OK);
		assert_int_equal(np, 0);
		assert_int_equal(cell_value(w, &w->track, w->pupil[1], ELG_E03), TRACK_ON_TRACK);
		assert_int_equal(cell_value(w, &w->track, w->pupil[2], ELG_E03), TRACK_ON_TRACK);
	}
	/* ELGs: Absent and another cell of the same row in one batch (the versions
	 * are those seen before the batch). */
	{
		struct assess_cell_write wr[] = {
			{ .pupil_id = w->pupil[4], .elg = ELG_E01, .value = "A" },
			{ .pupil_id = w->pupil[4], .elg = ELG_E02, .value = "A" },
			{ .pupil_id = w->pupil[5], .elg = ELG_E01, .value = "X" },
		};
		assert_int_equal(batch(w, &w->elg, wr, 3, &pr, &np, &eb), ERR_OK);
		for (int k = 0; k < ELG__MAX; k++)
			assert_int_equal(cell_value(w, &w->elg, w->pupil[4], (enum elg)k),
					 ELG_ABSENT);
		assert_int_equal(cell_value(w, &w->elg, w->pupil[5], ELG_E01), ELG_EXPECTED);
	}
	/* An empty batch is refused. */
	assert_int_equal(batch(w, &w->elg, bad, 0, &pr, &np, &eb), ERR_INVALID);
}

/* Once the school has submitted its EYFS profile for the year, the ELG cells
 * are locked: every write is refused with the date, nothing changes; the
 * tracking assessments are not locked; after the LA unlocks, writes work. */
static void test_lock_refusal(void **state)
{
	struct world *w = *state;
	struct assess_cell_write wr = { .pupil_id = w->pupil[1], .elg = ELG_E01, .value = "X" };
	struct assess_fill f = { .elg = ELG_E02, .value = "X" };
	struct judgement *cells = NULL, conflict;
	struct assess_problem *pr = NULL;
	struct assess_written out;
	struct assess_grid g;
	struct errbuf eb = { "" };
	size_t n = 0, np = 0;

	assert_int_equal(put(w, &w->elg, w->pupil[2], ELG_E05, "E"), ERR_OK);
	assert_int_equal(w->elg.academic_year, 2025);
	assert_int_equal(store_submission_submit(w->c, &alice, w->school.id, COLL_EYFSP, 2025, &eb),
			 ERR_OK);
	assert_int_equal(assess_set_cell(w->app, w->c, &bob, &w->school, &w->elg, &wr, &out, &eb),
			 ERR_LOCKED);
	{
		struct stat_submission sub;
		char when[11], want[128];
		assert_int_equal(store_submission_get(w->c, w->school.id, COLL_EYFSP, 2025, &sub),
				 ERR_OK);
		assert_true(sub.submitted);
		date_format_dmy(date_from_unix(sub.submitted_at), when);
		snprintf(want, sizeof(want),
			 "The early learning goals were submitted on %s; ask your LA to unlock "
			 "them",
			 when);
		assert_string_equal(eb.msg, want);
	}
	eb.msg[0] = '\0';
	assert_int_equal(assess_fill(w->app, w->c, &bob, &w->school, &w->elg, &f, &cells, &n,
				     &conflict, &eb),
			 ERR_LOCKED);
	assert_non_null(strstr(eb.msg, "The early learning goals were submitted on "));
	f.row = true;
	f.pupil_id = w->pupil[3];
	assert_int_equal(assess_fill(w->app, w->c, &bob, &w->school, &w->elg, &f, &cells, &n,
				     &conflict, &eb),
			 ERR_LOCKED);
	assert_int_equal(assess_set_cells(w->app, w->c, &bob, &w->school, &w->elg, &wr, 1, &cells,
					  &n, &pr, &np, &eb),
			 ERR_LOCKED);
	assert_int_equal(np, 0);
	eb.msg[0] = '\0';
	assert_int_equal(assess_delete(w->app, w->c, &bob, &w->school, w->elg.id, true, &eb),
			 ERR_LOCKED);
	assert_non_null(strstr(eb.msg, "ask your LA to unlock them"));
	assert_int_equal(cell_value(w, &w->elg, w->pupil[1], ELG_E01), ELG_BLANK);
	assert_int_equal(cell_value(w, &w->elg, w->pupil[3], ELG_E02), ELG_BLANK);
	assert_int_equal(cell_value(w, &w->elg, w->pupil[2], ELG_E05), ELG_EMERGING);
	/* The grid says so, for the screen. */
	assert_int_equal(assess_grid_load(w->app, w->c, &w->school, w->elg.id, &g), ERR_OK);
	assert_true(g.locked);
	assert_non_null(strstr(g.locked_msg, "ask your LA to unlock them"));
	assess_grid_free(&g);
	/* Tracking judgements are not submitted data. */
	assert_int_equal(put(w, &w->track, w->pupil[1], ELG_E01, "O"), ERR_OK);
	assert_int_equal(assess_grid_load(w->app, w->c, &w->school, w->track.id, &g), ERR_OK);
	assert_false(g.locked);
	assess_grid_free(&g);

	/* The LA unlocks: the cell can be written again. */
	assert_int_equal(store_submission_unlock(w->c, &alice, w->school.id, COLL_EYFSP, 2025,
						 "A result was wrong", &eb),
			 ERR_OK);
	assert_int_equal(assess_set_cell(w->app, w->c, &bob, &w->school, &w->elg, &wr, &out, &eb),
			 ERR_OK);
	assert_int_equal(cell_value(w, &w->elg, w->pupil[1], ELG_E01), ELG_EXPECTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_two_writers_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absent_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fill_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fill_filtered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seed_worked_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_statistics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope_and_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_refusal, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
