/*
 * test_assess_grid_read: the grid's fast read (issue 5e) gives the same grid as
 * before. store_judgement_grid hands over the cells store_judgement_list lists
 * (same order, values, colours, notes, versions, writers; without writers
 * updated_by is ""), and the grid screen's load (assess_grid_load_screen, from
 * an assessment read already) equals assess_grid_load but for the cells'
 * writers: rows, pupils, cells, the Notes column, measures and statistics. Cells
 * of a pupil the grid no longer covers (archived after being judged) are left
 * out without disturbing the pupils after them; another school's assessment is
 * not found. Runs on SQLite and PostgreSQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "app/app.h"
#include "app/assess.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "store/store.h"

#include "app_world.h"

enum { NPUPILS = 5 };

struct world {
	struct app *app;
	struct store_conn *c;
	int64_t clock;
	struct establishment school, other;
	int64_t pupil[NPUPILS]; /* Reception; [0] not included in data */
	struct assessment elg, track, elsewhere;
};

static const struct actor writer = { 7, "mira<&>", "192.0.2.7" };

static int setup(void **state)
{
	struct world *w = xcalloc(1, sizeof(*w));
	int64_t la;

	w->clock = 1772323200; /* 2026-03-01: academic year 2025/26 */
	w->app = tw_app_open("gridread", &w->clock, NULL);
	w->c = store_acquire(w->app->store);
	la = tw_la(w->c, &writer, 886, "Test LA").id;
	w->school = tw_school(w->c, &writer, la, 2468, 100041, "Larchfield Primary");
	w->other = tw_school(w->c, &writer, la, 2469, 100042, "Quillmoor Primary");
	for (int i = 0; i < NPUPILS; i++) {
		struct pupil p = { .establishment_id = w->school.id,
				   .gender = GENDER_FEMALE,
				   .sen = 'N',
				   .year_override = YEAR_NONE,
				   .include_in_data = i != 0,
				   .dob = { 2021, 4, 10 + i } }; /* Reception in 2025/26 */
		snprintf(p.upn, sizeof(p.upn), "A88624682500%d", i);
		/* names out of id order, one with bytes to escape */
		snprintf(p.surname, sizeof(p.surname), i == 3 ? "O'Dell <&>" : "Fenwick%c",
			 'E' - i);
		snprintf(p.forenames, sizeof(p.forenames), "Ada");
		w->pupil[i] = tw_pupil_add(w->c, &writer, &p);
	}
	w->elg = tw_elg_assessment(w->app, w->c, &writer, &w->school);
	w->elsewhere = tw_elg_assessment(w->app, w->c, &writer, &w->other);
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

static void set(struct world *w, const struct assessment *a, int pupil, enum elg elg,
		const char *value, const char *colour, const char *note)
{
	struct assess_cell_write cw = { .pupil_id = w->pupil[pupil],
					.elg = elg,
					.value = value,
					.colour = colour,
					.note = note };
	struct assess_written out;
	struct judgement cur;
	struct errbuf eb = { "" };

	if (store_judgement_get(w->c, a->id, w->pupil[pupil], elg, &cur) == ERR_OK)
		cw.version = cur.version;
	assert_int_equal(assess_set_cell(w->app, w->c, &writer, &w->school, a, &cw, &out, &eb),
			 ERR_OK);
}

/* Judgements with colours and notes on both assessments, a row note, then
 * pupil [2] (in the middle by id) archived: the grids no longer cover them. */
static void fill(struct world *w)
{
	struct errbuf eb = { "" };
	struct assessment_note nt;
	struct pupil p;
	char long_note[NOTE_MAX_LEN + 1];

	memset(long_note, 'n', NOTE_MAX_LEN);
	long_note[NOTE_MAX_LEN] = '\0';
	{
		static const char head[] = "\xc3\xa9t\xc3\xa9 <&> ";
		memcpy(long_note, head, sizeof(head) - 1);
	}
	for (int i = 0; i < NPUPILS; i++)
		for (int k = 0; k < ELG__MAX; k += 1 + i)
			set(w, &w->track, i, (enum elg)k, (i + k) % 3 == 0 ? "" : "B", NULL,
			    k == 5 ? "Counts to 20 & \"beyond\"" : NULL);
	set(w, &w->track, 1, ELG_E02, "O", "green", "Reads <b>well</b>");
	set(w, &w->track, 4, ELG_E17, "O", "purple", long_note);
	set(w, &w->track, 2, ELG_E03, "O", "blue", "archived later");
	for (int i = 0; i < NPUPILS; i++)
		for (int k = 0; k < ELG_GLD_COUNT; k++)
			set(w, &w->elg, i, (enum elg)k, i == 3 ? "E" : "X", NULL, NULL);
	set(w, &w->elg, 1, ELG_E04, "A", NULL, "Absent all term");
	assert_int_equal(assess_set_note(w->app, w->c, &writer, &w->school, &w->track, w->pupil[3],
					 "Moved class <today>", 0, &nt, &eb),
			 ERR_OK);
	assert_int_equal(store_pupil_get(w->c, w->pupil[2], &p), ERR_OK);
	p.archived = true;
	assert_int_equal(store_pupil_update(w->c, &writer, &p, &eb), ERR_OK);
}

struct seen {
	struct judgement_cell cells[NPUPILS * ELG__MAX + 8];
	char notes[NPUPILS * ELG__MAX + 8][NOTE_MAX_LEN + 1];
	size_t n;
	struct assessment_note row_notes[NPUPILS]; /* the pupils' notes (keep_note) */
	size_t nrow_notes;
};

static void keep(void *ctx, const struct judgement_cell *jc)
{
	struct seen *s = ctx;

	assert_true(s->n < sizeof(s->cells) / sizeof(s->cells[0]));
	s->cells[s->n] = *jc;
	snprintf(s->notes[s->n], sizeof(s->notes[0]), "%s", jc->note);
	s->n++;
}

static void keep_note(void *ctx, const struct assessment_note *nt)
{
	struct seen *s = ctx;

	assert_true(s->nrow_notes < NPUPILS);
	s->row_notes[s->nrow_notes++] = *nt;
}

/* store_judgement_grid hands over what store_judgement_list lists: with the
 * writers in one pass; for the screen (from judgement_pack) every cell without
 * its colour or note, then each cell with a colour or a note again, whole. */
static void test_store_grid_read(void **state)
{
	struct world *w = *state;
	const struct assessment *as[] = { &w->track, &w->elg };

	fill(w);
	for (size_t a = 0; a < 2; a++) {
		struct judgement_cell *list = NULL;
		char *notes = NULL;
		size_t n = 0, extras = 0, notes_total = 0;

		assert_int_equal(store_judgement_list(w->c, as[a]->id, &list, &n, &notes), ERR_OK);
		assert_true(n > 20);
		for (int writers = 0; writers <= 1; writers++) {
			struct seen *s = xcalloc(1, sizeof(*s));
			size_t at = n; /* where the second pass starts */

			assert_int_equal(store_judgement_grid(w->c, as[a], writers, keep, keep_note,
							      s),
					 ERR_OK);
			for (size_t i = 0; i < n; i++) {
				const struct judgement_cell *x = &list[i], *y = &s->cells[i];
				bool extra = x->colour[0] || x->note[0];

				extras += !writers && extra;
				assert_int_equal(y->pupil_id, x->pupil_id);
				assert_int_equal(y->elg, x->elg);
				assert_int_equal(y->value, x->value);
				assert_string_equal(y->colour, writers ? x->colour : "");
				assert_string_equal(s->notes[i], writers ? x->note : "");
				assert_int_equal(y->version, x->version);
				assert_int_equal(y->updated_at, 0);
				assert_string_equal(y->updated_by, writers ? x->updated_by : "");
				if (writers || !extra)
					continue;
				y = &s->cells[at];
				assert_int_equal(y->pupil_id, x->pupil_id);
				assert_int_equal(y->elg, x->elg);
				assert_int_equal(y->value, x->value);
				assert_string_equal(y->colour, x->colour);
				assert_string_equal(s->notes[at], x->note);
				assert_int_equal(y->version, x->version);
				assert_string_equal(y->updated_by, "");
				at++;
			}
			assert_int_equal(s->n, writers ? n : at);
			/* the screen's read also gives the pupils' notes, as listed */
			{
				struct assessment_note *rn = NULL;
				size_t nrn = 0;

				assert_int_equal(store_assessment_note_list(w->c, as[a]->id, &rn,
									    &nrn),
						 ERR_OK);
				assert_int_equal(s->nrow_notes, writers ? 0 : nrn);
				for (size_t i = 0; i < s->nrow_notes; i++) {
					assert_int_equal(s->row_notes[i].pupil_id, rn[i].pupil_id);
					assert_string_equal(s->row_notes[i].note, rn[i].note);
					assert_int_equal(s->row_notes[i].version, rn[i].version);
				}
				notes_total += s->nrow_notes;
				free(rn);
			}
			free(s);
		}
		/* the fill above gives both kinds of cell */
		assert_true(extras > 0 && extras < n);
		if (a == 0) /* and a pupil's note on the tracking assessment */
			assert_true(notes_total > 0);
		free(list);
		free(notes);
	}
}

static void same_grid(const struct assess_grid *full, const struct assess_grid *screen)
{
	assert_int_equal(screen->a.id, full->a.id);
	assert_int_equal(screen->nrows, full->nrows);
	assert_int_equal(screen->included, full->included);
	assert_int_equal(screen->total_count, full->total_count);
	assert_int_equal(screen->total_sum, full->total_sum);
	assert_int_equal(screen->locked, full->locked);
	assert_memory_equal(screen->col, full->col, sizeof(full->col));
	for (size_t i = 0; i < full->nrows; i++) {
		const struct assess_row *x = &full->rows[i], *y = &screen->rows[i];
		assert_int_equal(y->pupil.id, x->pupil.id);
		assert_string_equal(y->pupil.surname, x->pupil.surname);
		assert_string_equal(y->note.note, x->note.note);
		assert_int_equal(y->note.version, x->note.version);
		assert_int_equal(y->m.gld, x->m.gld);
		assert_int_equal(y->m.total, x->m.total);
		for (int k = 0; k < ELG__MAX; k++) {
			const struct judgement_cell *cx = &x->cells[k], *cy = &y->cells[k];
			assert_int_equal(cy->pupil_id, x->pupil.id);
			assert_int_equal(cy->elg, k);
			assert_int_equal(cy->value, cx->value);
			assert_string_equal(cy->colour, cx->colour);
			assert_string_equal(cy->note, cx->note);
			assert_int_equal(cy->version, cx->version);
			assert_string_equal(cy->updated_by, "");
			assert_string_equal(cx->updated_by, cx->version ? writer.name : "");
		}
	}
}

/* The screen's load equals the full load but for the writers, and the cells are
 * those stored, in the right rows. */
static void test_screen_load(void **state)
{
	struct world *w = *state;
	const struct assessment *as[] = { &w->track, &w->elg };

	fill(w);
	for (size_t a = 0; a < 2; a++) {
		struct assess_grid full, screen;
		struct judgement_cell *list = NULL;
		char *notes = NULL;
		size_t n = 0, placed = 0;

		assert_int_equal(assess_grid_load(w->app, w->c, &w->school, as[a]->id, &full),
				 ERR_OK);
		assert_int_equal(assess_grid_load_screen(w->c, &w->school, as[a], &screen), ERR_OK);
		assert_int_equal(full.nrows, NPUPILS - 1); /* [2] archived */
		same_grid(&full, &screen);
		/* every stored cell of a covered pupil is in its row, the archived
		 * pupil's are nowhere */
		assert_int_equal(store_judgement_list(w->c, as[a]->id, &list, &n, &notes), ERR_OK);
		for (size_t i = 0; i < n; i++) {
			for (size_t r = 0; r < screen.nrows; r++) {
				const struct judgement_cell *c = &screen.rows[r].cells[list[i].elg];
				if (screen.rows[r].pupil.id != list[i].pupil_id)
					continue;
				assert_int_equal(c->value, list[i].value);
				assert_string_equal(c->note, list[i].note);
				assert_int_equal(c->version, list[i].version);
				placed++;
			}
		}
		/* 17 ELG cells or the tracking cells written for the covered pupils */
		{
			size_t archived = 0;
			for (size_t i = 0; i < n; i++)
				archived += list[i].pupil_id == w->pupil[2];
			assert_true(archived > 0);
			assert_int_equal(placed, n - archived);
		}
		free(list);
		free(notes);
		assess_grid_free(&full);
		assess_grid_free(&screen);
	}
	/* the figures themselves, on the tracking grid: pupil [1]'s E02 */
	{
		struct assess_grid g;
		bool found = false;
		assert_int_equal(assess_grid_load_screen(w->c, &w->school, &w->track, &g), ERR_OK);
		for (size_t r = 0; r < g.nrows; r++) {
			const struct judgement_cell *c = &g.rows[r].cells[ELG_E02];
			if (g.rows[r].pupil.id != w->pupil[1])
				continue;
			found = true;
			assert_int_equal(c->value, TRACK_ON_TRACK);
			assert_string_equal(c->colour, "green");
			assert_string_equal(c->note, "Reads <b>well</b>");
			assert_true(c->version >= 1);
		}
		assert_true(found);
		for (size_t r = 0; r < g.nrows; r++)
			if (g.rows[r].pupil.id == w->pupil[3])
				assert_string_equal(g.rows[r].note.note, "Moved class <today>");
		assess_grid_free(&g);
	}
}

/* A pupil of the school with this date of birth (none when dob.year is 0) and
 * year override. */
static int64_t pupil_born(struct world *w, int64_t school, const char *upn, struct date dob,
			  int year_override)
{
	struct pupil p = tw_pupil(school, upn, "", "Kit", dob);

	snprintf(p.surname, sizeof(p.surname), "Born%s", upn + 9);
	p.gender = GENDER_MALE;
	p.year_override = year_override;
	return tw_pupil_add(w->c, &writer, &p);
}

/* The grid reads only the pupils of its year groups, and exactly those the one
 * rule (assess_covers) takes: by date of birth at the 1 September edge, by a
 * year override either way, with neither, for one year group or two. */
static void test_covered_by_year(void **state)
{
	struct world *w = *state;
	struct assessment both;
	struct assess_input in = { .name = "Autumn N2 and R",
				   .date = { 2025, 11, 20 },
				   .year_groups = ASSESS_YG_N2 | ASSESS_YG_R,
				   .kind = SCALE_TRACKING };
	struct errbuf eb = { "" };
	struct pupil *all = NULL;
	struct pupil_query q = { .establishment_id = w->school.id };
	size_t nall = 0;
	const struct assessment *as[] = { &w->track, &both };
	const size_t want[] = { NPUPILS + 3, NPUPILS + 6 };

	/* academic year 2025/26: Reception born 1 Sep 2020 to 31 Aug 2021 */
	pupil_born(w, w->school.id, "B886246825101", (struct date){ 2020, 9, 1 }, YEAR_NONE);
	pupil_born(w, w->school.id, "C886246825102", (struct date){ 2020, 8, 31 }, YEAR_NONE);
	pupil_born(w, w->school.id, "D886246825103", (struct date){ 2020, 5, 1 }, YEAR_R);
	pupil_born(w, w->school.id, "E886246825104", (struct date){ 2021, 1, 15 }, 1);
	pupil_born(w, w->school.id, "F886246825105", (struct date){ 2021, 9, 1 }, YEAR_NONE);
	pupil_born(w, w->school.id, "G886246825106", (struct date){ 0, 0, 0 }, YEAR_R);
	pupil_born(w, w->school.id, "H886246825107", (struct date){ 0, 0, 0 }, YEAR_NONE);
	pupil_born(w, w->school.id, "J886246825108", (struct date){ 2022, 8, 31 }, YEAR_NONE);
	pupil_born(w, w->school.id, "K886246825109", (struct date){ 2019, 12, 1 }, YEAR_N2);
	pupil_born(w, w->other.id, "L886246825110", (struct date){ 2021, 2, 2 }, YEAR_NONE);
	assert_int_equal(assess_create(w->app, w->c, &writer, &w->school, &in, &both, &eb), ERR_OK);
	assert_int_equal(store_pupil_list(w->c, &q, &all, &nall), ERR_OK);
	for (size_t a = 0; a < 2; a++) {
		struct assess_grid g;
		size_t k = 0;

		assert_int_equal(assess_grid_load_screen(w->c, &w->school, as[a], &g), ERR_OK);
		for (size_t i = 0; i < nall; i++) {
			if (!assess_covers(as[a], &all[i]))
				continue;
			assert_true(k < g.nrows);
			assert_int_equal(g.rows[k].pupil.id, all[i].id);
			k++;
		}
		assert_int_equal(k, g.nrows);
		assert_int_equal(g.nrows, want[a]);
		assess_grid_free(&g);
	}
	free(all);
	/* the store itself leaves the other year groups out (not only the check) */
	{
		struct judgement_scope sc = { .establishment_id = w->school.id,
					      .academic_year = 2025,
					      .year_group = { YEAR_R, JUDGEMENT_SCOPE_UNUSED,
							      JUDGEMENT_SCOPE_UNUSED } };
		struct pupil *got = NULL;
		size_t n = 0;

		assert_int_equal(store_pupil_list_covered(w->c, &sc, 0, &got, &n), ERR_OK);
		assert_int_equal(n, want[0]);
		free(got);
	}
}

/* The screen's cells follow every later write: a colour and a note taken off
 * (the cell is no longer read twice), a value changed; and when the assessment
 * goes, its packed rows go with its cells. */
static void test_screen_follows_writes(void **state)
{
	struct world *w = *state;
	struct assess_grid full, screen;
	struct errbuf eb = { "" };
	struct seen *s = xcalloc(1, sizeof(*s));

	fill(w);
	set(w, &w->track, 1, ELG_E02, "B", "", "");
	set(w, &w->track, 4, ELG_E17, "B", "", NULL);
	set(w, &w->track, 3, ELG_E09, "O", "orange", NULL);
	assert_int_equal(assess_grid_load(w->app, w->c, &w->school, w->track.id, &full), ERR_OK);
	assert_int_equal(assess_grid_load_screen(w->c, &w->school, &w->track, &screen), ERR_OK);
	same_grid(&full, &screen);
	for (size_t r = 0; r < screen.nrows; r++) {
		const struct assess_row *row = &screen.rows[r];
		if (row->pupil.id == w->pupil[1]) {
			assert_int_equal(row->cells[ELG_E02].value, TRACK_BELOW);
			assert_string_equal(row->cells[ELG_E02].colour, "");
			assert_string_equal(row->cells[ELG_E02].note, "");
		} else if (row->pupil.id == w->pupil[3]) {
			assert_string_equal(row->cells[ELG_E09].colour, "orange");
		}
	}
	assess_grid_free(&full);
	assess_grid_free(&screen);

	assert_int_equal(store_assessment_delete(w->c, &writer, &w->track, &eb), ERR_OK);
	assert_int_equal(store_judgement_grid(w->c, &w->track, false, keep, NULL, s), ERR_OK);
	assert_int_equal(s->n, 0);
	/* the other assessment's cells are untouched */
	assert_int_equal(store_judgement_grid(w->c, &w->elg, false, keep, NULL, s), ERR_OK);
	assert_true(s->n > 0);
	free(s);
}

/* An assessment of another school is not found, as with assess_grid_load. */
static void test_other_school(void **state)
{
	struct world *w = *state;
	struct assess_grid g;

	assert_int_equal(assess_grid_load_screen(w->c, &w->school, &w->elsewhere, &g),
			 ERR_NOT_FOUND);
	assert_int_equal(assess_grid_load(w->app, w->c, &w->school, w->elsewhere.id, &g),
			 ERR_NOT_FOUND);
	assert_int_equal(assess_grid_load_screen(w->c, &w->other, &w->elsewhere, &g), ERR_OK);
	assert_int_equal(g.nrows, 0);
	assess_grid_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_store_grid_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_screen_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_screen_follows_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_covered_by_year, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_school, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
