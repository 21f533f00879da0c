/*
 * test_statutory_leavers: pupils who leave a school (archived, or moved to
 * another school) in its statutory returns, on SQLite and PostgreSQL. A leaver
 * with results stays in the entry list (marked left, still editable: the school
 * where a pupil took the check or was on roll in test week submits for them),
 * in the submit and in the CTF export, also when archived after the submission;
 * a leaver without results is in none of them and holds nothing back. Phonics
 * keeps "all Year 1 and only Year 2 retakes" with leavers. The EYFS profile keeps
 * a leaver's ELGs from the grid or the statutory store.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/assess.h"
#include "app/statutory_app.h"
#include "app/statutory_eyfsp.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/upn.h"
#include "store/store.h"

#include "app_world.h"

enum { AY = 2025 };

struct world {
	struct app *app;
	struct store_conn *c;
	int64_t clock;
	struct establishment school, other;
	struct assessment elg;
	int64_t y6[3];	/* Year 6 in 2025/26 */
	int64_t y1[3];	/* Year 1 */
	int64_t y2[2];	/* Year 2: [0] met the standard in Year 1, [1] did not */
	int64_t rec[4]; /* Reception */
};

static const struct actor alice = { 7, "alice", "192.0.2.7" };
static const struct actor olga = { 9, "olga", "192.0.2.9" };
static const struct ctf_dest to_la = { .kind = CTF_DEST_LA };

static int64_t add_child(struct world *w, int serial, const char *surname, struct date dob)
{
	struct pupil p = tw_pupil(w->school.id, "", surname, "Robin", dob);

	assert_true(upn_make(888, 1234, 21, serial, p.upn));
	return tw_pupil_add(w->c, &alice, &p);
}

static void put_raw(struct world *w, int64_t pupil, int ay, const char *mark)
{
	tw_phonics_mark(w->c, &alice, w->school.id, pupil, ay, mark);
}

static int setup(void **state)
{
	struct world *w = xcalloc(1, sizeof(*w));
	struct assess_input in = { .name = "ELGs 2026",
				   .kind = SCALE_ELG,
				   .year_groups = ASSESS_YG_R,
				   .completion = { 2026, 6, 30 } };
	int64_t la;

	w->clock = 1781049600; /* 2026-06-10: academic year 2025/26 */
	w->app = tw_app_open("statleave", &w->clock, NULL);
	w->c = store_acquire(w->app->store);
	la = tw_la(w->c, &alice, 888, "Test LA").id;
	w->school = tw_school(w->c, &alice, la, 1234, 0, "Hazel Lane Primary");
	w->other = tw_school(w->c, &alice, la, 5678, 0, "Juniper Row Primary");
	w->y6[0] = add_child(w, 1, "Abbot", (struct date){ 2014, 10, 2 });
	w->y6[1] = add_child(w, 2, "Bexley", (struct date){ 2015, 1, 12 });
	w->y6[2] = add_child(w, 3, "Carrow", (struct date){ 2015, 6, 30 });
	w->y1[0] = add_child(w, 4, "Dorling", (struct date){ 2019, 10, 3 });
	w->y1[1] = add_child(w, 5, "Elstow", (struct date){ 2020, 2, 14 });
	w->y1[2] = add_child(w, 6, "Fennick", (struct date){ 2020, 4, 1 });
	w->y2[0] = add_child(w, 7, "Garside", (struct date){ 2018, 11, 5 });
	w->y2[1] = add_child(w, 8, "Hollins", (struct date){ 2019, 5, 20 });
	w->rec[0] = add_child(w, 9, "Ibbot", (struct date){ 2020, 10, 3 });
	w->rec[1] = add_child(w, 10, "Jessop", (struct date){ 2021, 2, 14 });
	w->rec[2] = add_child(w, 11, "Kellow", (struct date){ 2020, 12, 5 });
	w->rec[3] = add_child(w, 12, "Lanyon", (struct date){ 2021, 5, 20 });
	put_raw(w, w->y2[0], AY - 1, "35"); /* met in Year 1 */
	put_raw(w, w->y2[1], AY - 1, "20"); /* did not */
	w->elg = tw_assess(w->app, w->c, &alice, &w->school, &in);
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

static void archive(struct world *w, int64_t pupil)
{
	struct errbuf eb = { "" };
	size_t changed = 0;

	assert_int_equal(store_pupil_set_archived(w->c, &alice, w->school.id, &pupil, 1, true,
						  &changed, &eb),
			 ERR_OK);
	assert_int_equal(changed, 1);
}

static const char *upn_of(struct world *w, int64_t pupil)
{
	static struct pupil p;

	assert_int_equal(store_pupil_get(w->c, pupil, &p), ERR_OK);
	return p.upn;
}

/* The row of pupil on the list, NULL when it is not there. */
static const struct stat_entry_row *row_of(const struct stat_entry *s, int64_t id)
{
	for (size_t i = 0; i < s->nrows; i++)
		if (s->rows[i].p.id == id)
			return &s->rows[i];
	return NULL;
}

static void save_ok(struct world *w, enum collection coll, int group, const struct stat_cell *cells,
		    size_t n)
{
	struct stat_entry s;
	struct errbuf eb = { "" };

	if (stat_entry_save(w->app, w->c, &alice, &w->school, coll, AY, group, cells, n, &s, &eb) !=
	    ERR_OK)
		fail_msg("save: %s", eb.msg);
	stat_entry_release(&s);
}

static void submit_ok(struct world *w, enum collection coll)
{
	struct problem_list pl;
	struct errbuf eb = { "" };

	problem_list_init(&pl);
	if (stat_submit(w->app, w->c, &alice, &w->school, coll, AY, true, &pl, &eb) != ERR_OK)
		fail_msg("submit: %s (%s)", eb.msg, pl.count ? pl.items[0].message : "");
	problem_list_release(&pl);
}

/* The CTF of coll to the LA (caller frees); fails the test when refused. */
static char *export_ok(struct world *w, enum collection coll)
{
	struct problem_list pl;
	struct errbuf eb = { "" };
	char *xml = NULL, name[CTF_NAME_MAX];
	size_t len = 0;

	problem_list_init(&pl);
	if (stat_export_to(w->app, w->c, &alice, &w->school, coll, AY, &to_la, &xml, &len, name,
			   &pl, &eb) != ERR_OK)
		fail_msg("export: %s (%s)", eb.msg, pl.count ? pl.items[0].message : "");
	problem_list_release(&pl);
	return xml;
}

static size_t pupils_in(const char *xml)
{
	size_t n = 0;

	for (const char *s = strstr(xml, "<Pupil>"); s; s = strstr(s + 1, "<Pupil>"))
		n++;
	return n;
}

/* KS2: a pupil archived after the submission stays in the locked return and its
 * CTF; one who left without results is in neither and held nothing back. */
static void test_ks2_archived_after_submit(void **state)
{
	struct world *w = *state;
	struct stat_cell cells[] = { { w->y6[0], "WR", "EXS" },
				     { w->y6[0], "SC", "EXS" },
				     { w->y6[1], "WR", "WTS" },
				     { w->y6[1], "SC", "HNM" } };
	struct stat_cell later[] = { { w->y6[1], "WR", "L" } };
	struct stat_state st[COLL__MAX];
	struct stat_entry s;
	struct errbuf eb = { "" };
	char *xml;

	archive(w, w->y6[2]); /* left before any result was entered */
	save_ok(w, COLL_KS2, 6, cells, 4);
	submit_ok(w, COLL_KS2);
	xml = export_ok(w, COLL_KS2);
	assert_int_equal(pupils_in(xml), 2);
	free(xml);

	archive(w, w->y6[1]); /* leaves after the submission */
	assert_int_equal(stat_states(w->app, w->c, &w->school, AY, st), ERR_OK);
	assert_true(st[COLL_KS2].sub.submitted);
	assert_int_equal(st[COLL_KS2].errors, 0);
	xml = export_ok(w, COLL_KS2);
	assert_int_equal(pupils_in(xml), 2);
	assert_non_null(strstr(xml, upn_of(w, w->y6[0])));
	assert_non_null(strstr(xml, upn_of(w, w->y6[1])));
	assert_null(strstr(xml, upn_of(w, w->y6[2])));
	free(xml);

	/* the entry list shows the leaver, marked, and not the one without results */
	assert_int_equal(stat_entry_load(w->app, w->c, &w->school, COLL_KS2, AY, 6, &s, &eb),
			 ERR_OK);
	assert_int_equal(s.nrows, 2);
	assert_false(row_of(&s, w->y6[0])->left);
	assert_true(row_of(&s, w->y6[1])->left);
	assert_string_equal(row_of(&s, w->y6[1])->values[1], "WTS");
	assert_null(row_of(&s, w->y6[2]));
	stat_entry_release(&s);

	/* after an unlock the school still enters the leaver's results (seed 001:
	 * writing L for a pupil who left after the test period) */
	assert_int_equal(stat_unlock(w->app, w->c, &olga, &w->school, COLL_KS2, AY,
				     "Writing of Robin Bexley to correct", &eb),
			 ERR_OK);
	save_ok(w, COLL_KS2, 6, later, 1);
	submit_ok(w, COLL_KS2);
	xml = export_ok(w, COLL_KS2);
	assert_int_equal(pupils_in(xml), 2);
	assert_non_null(strstr(xml, "<Result>L</Result>"));
	free(xml);
}

/* Phonics: every Year 1 pupil on roll, Year 1 leavers with a mark, and Year 2
 * retakes only, leavers or not; a pupil who moved to another school keeps the
 * result this school entered in its return. */
static void test_phonics_leavers(void **state)
{
	struct world *w = *state;
	struct stat_cell y1[] = { { w->y1[0], "PSC", "34" }, { w->y1[2], "PSC", "12" } };
	struct stat_cell y2[] = { { w->y2[1], "PSC", "33" } };
	struct pupil moved;
	struct problem_list pl;
	struct stat_return r;
	struct stat_entry s;
	struct errbuf eb = { "" };
	char *xml;

	save_ok(w, COLL_PHONICS, 1, y1, 2);
	save_ok(w, COLL_PHONICS, 2, y2, 1);
	archive(w, w->y1[0]); /* with a mark */
	archive(w, w->y1[1]); /* without: not required any more */
	archive(w, w->y2[0]); /* met in Year 1: no retake */
	archive(w, w->y2[1]); /* retook the check */
	/* y1[2] moves to another school after the check */
	assert_int_equal(store_pupil_get(w->c, w->y1[2], &moved), ERR_OK);
	moved.establishment_id = w->other.id;
	assert_int_equal(store_pupil_update(w->c, &alice, &moved, &eb), ERR_OK);

	assert_int_equal(stat_entry_load(w->app, w->c, &w->school, COLL_PHONICS, AY, 1, &s, &eb),
			 ERR_OK);
	assert_int_equal(s.nrows, 2);
	assert_true(row_of(&s, w->y1[0])->left);
	assert_true(row_of(&s, w->y1[2])->left);
	assert_null(row_of(&s, w->y1[1]));
	stat_entry_release(&s);
	assert_int_equal(stat_entry_load(w->app, w->c, &w->school, COLL_PHONICS, AY, 2, &s, &eb),
			 ERR_OK);
	assert_int_equal(s.nrows, 1);
	assert_true(row_of(&s, w->y2[1])->left);
	assert_true(row_of(&s, w->y2[1])->eligible);
	assert_null(row_of(&s, w->y2[0]));
	stat_entry_release(&s);

	submit_ok(w, COLL_PHONICS); /* no STAT_NO_RESULT for the leaver without a mark */
	xml = export_ok(w, COLL_PHONICS);
	assert_int_equal(pupils_in(xml), 3);
	assert_non_null(strstr(xml, upn_of(w, w->y1[0])));
	assert_non_null(strstr(xml, upn_of(w, w->y1[2])));
	assert_non_null(strstr(xml, upn_of(w, w->y2[1])));
	assert_null(strstr(xml, upn_of(w, w->y1[1])));
	assert_null(strstr(xml, upn_of(w, w->y2[0])));
	free(xml);

	/* a Year 2 result for a leaver who met the standard in Year 1 is no retake:
	 * the return refuses it as for a pupil on roll */
	assert_int_equal(stat_unlock(w->app, w->c, &olga, &w->school, COLL_PHONICS, AY,
				     "A Year 2 mark arrived late", &eb),
			 ERR_OK);
	put_raw(w, w->y2[0], AY, "30");
	problem_list_init(&pl);
	assert_int_equal(stat_return_build(w->app, w->c, &w->school, COLL_PHONICS, AY, &r, &pl),
			 ERR_OK);
	assert_non_null(problem_list_find(&pl, "PHONICS_Y2_MET"));
	stat_return_release(&r);
	problem_list_release(&pl);
}

static void fill_row(struct world *w, int64_t pupil, const char *value)
{
	struct assess_fill f = { .row = true, .pupil_id = pupil, .value = value };
	struct judgement *cells = NULL;
	struct errbuf eb = { "" };
	size_t n = 0;

	if (assess_fill(w->app, w->c, &alice, &w->school, &w->elg, &f, &cells, &n, NULL, &eb) !=
	    ERR_OK)
		fail_msg("assess_fill: %s", eb.msg);
	free(cells);
}

static void set_cell(struct world *w, int64_t pupil, enum elg elg, const char *value)
{
	struct assess_written out;
	struct assess_cell_write c = { .pupil_id = pupil, .elg = elg, .value = value };
	struct errbuf eb = { "" };
	struct judgement cur;

	if (store_judgement_get(w->c, w->elg.id, pupil, elg, &cur) == ERR_OK)
		c.version = cur.version;
	if (assess_set_cell(w->app, w->c, &alice, &w->school, &w->elg, &c, &out, &eb) != ERR_OK)
		fail_msg("assess_set_cell: %s", eb.msg);
}

static size_t stored_count(struct world *w, int64_t pupil)
{
	struct stat_stored *list = NULL;
	size_t n = 0, k = 0;

	assert_int_equal(store_statutory_list(w->c, w->school.id, COLL_EYFSP, AY, &list, &n),
			 ERR_OK);
	for (size_t i = 0; i < n; i++)
		k += list[i].pupil_id == pupil;
	free(list);
	return k;
}

/* The EYFS profile: a child who left with all 17 ELGs on the grid, or with
 * stored results, stays in the return (an export no longer wipes their stored
 * results); one who left with some ELGs only is out with a query; archiving
 * after the submission changes nothing in the CTF. */
static void test_eyfsp_leavers(void **state)
{
	struct world *w = *state;
	struct problem_list pl;
	struct stat_return r;
	char *xml;

	fill_row(w, w->rec[0], "X");
	fill_row(w, w->rec[1], "E");
	set_cell(w, w->rec[2], ELG_E01, "X");
	set_cell(w, w->rec[2], ELG_E02, "X");
	set_cell(w, w->rec[2], ELG_E03, "E");
	set_cell(w, w->rec[2], ELG_E01, ""); /* cleared: the row's first cell is blank */
	fill_row(w, w->rec[3], "X");
	archive(w, w->rec[0]); /* all 17 on the grid, never exported */
	archive(w, w->rec[2]); /* 2 of 17: the new school submits */

	problem_list_init(&pl);
	assert_int_equal(eyfsp_return_build(w->app, w->c, &w->school, AY, &r, &pl), ERR_OK);
	assert_int_equal(r.npupils, 3);
	assert_int_equal(problem_list_count_errors(&pl), 0);
	assert_non_null(problem_list_find(&pl, "EYFSP_LEFT_PART"));
	assert_non_null(strstr(problem_list_find(&pl, "EYFSP_LEFT_PART")->message, "2 of the 17"));
	stat_return_release(&r);
	problem_list_release(&pl);

	xml = export_ok(w, COLL_EYFSP); /* synced into the store */
	assert_int_equal(pupils_in(xml), 3);
	assert_non_null(strstr(xml, upn_of(w, w->rec[0])));
	assert_null(strstr(xml, upn_of(w, w->rec[2])));
	free(xml);
	assert_int_equal(stored_count(w, w->rec[0]), ELG__MAX);
	assert_int_equal(stored_count(w, w->rec[2]), 0);

	archive(w, w->rec[1]); /* after an export: the stored results stay */
	xml = export_ok(w, COLL_EYFSP);
	assert_int_equal(pupils_in(xml), 3);
	assert_non_null(strstr(xml, upn_of(w, w->rec[1])));
	free(xml);
	assert_int_equal(stored_count(w, w->rec[1]), ELG__MAX);

	submit_ok(w, COLL_EYFSP);
	archive(w, w->rec[3]); /* after the submission */
	xml = export_ok(w, COLL_EYFSP);
	assert_int_equal(pupils_in(xml), 3);
	assert_non_null(strstr(xml, upn_of(w, w->rec[0])));
	assert_non_null(strstr(xml, upn_of(w, w->rec[1])));
	assert_non_null(strstr(xml, upn_of(w, w->rec[3])));
	assert_null(strstr(xml, upn_of(w, w->rec[2])));
	free(xml);
}

/* A pupil who moved on keeps their results in the return of the school that
 * entered them: the new school can neither change them by hand nor by a CTF
 * import (nothing stored, the reason located), so a submitted return never
 * changes behind its school's back; the old school still can. */
static void test_moved_pupil_results_stay(void **state)
{
	struct world *w = *state;
	struct stat_cell cells[] = { { w->y6[0], "WR", "EXS" },
				     { w->y6[0], "SC", "EXS" },
				     { w->y6[1], "WR", "WTS" },
				     { w->y6[1], "SC", "HNM" } };
	struct stat_stored s = { .pupil_id = w->y6[0], .coll = COLL_KS2, .academic_year = AY };
	struct stat_stored got;
	struct stat_import_counts n;
	struct problem_list pl;
	struct errbuf eb = { "" };
	struct pupil moved;
	char *xml, *wr, *res;
	bool held = false;

	archive(w, w->y6[2]); /* left before any result was entered */
	save_ok(w, COLL_KS2, 6, cells, 4);
	submit_ok(w, COLL_KS2);
	xml = export_ok(w, COLL_KS2);
	for (int i = 0; i < 2; i++) { /* both pupils of the file move on */
		assert_int_equal(store_pupil_get(w->c, w->y6[i], &moved), ERR_OK);
		moved.establishment_id = w->other.id;
		assert_int_equal(store_pupil_update(w->c, &alice, &moved, &eb), ERR_OK);
	}

	/* by hand at the new school: refused, the old value kept */
	snprintf(s.component, sizeof(s.component), "WR");
	snprintf(s.qualifier, sizeof(s.qualifier), "TA");
	snprintf(s.result, sizeof(s.result), "WTS");
	assert_int_equal(store_statutory_put(w->c, &alice, w->other.id, &s, &eb), ERR_CONFLICT);
	assert_non_null(strstr(eb.msg, "only that school can change it"));
	assert_int_equal(store_statutory_get(w->c, w->y6[0], COLL_KS2, AY, "WR", "TA", &got),
			 ERR_OK);
	assert_string_equal(got.result, "EXS");
	assert_int_equal(got.establishment_id, w->school.id);

	/* by a CTF into the new school with another writing result: refused whole */
	wr = strstr(xml, "<Component>WR</Component>");
	assert_non_null(wr);
	res = strstr(wr, "<Result>EXS</Result>");
	assert_non_null(res);
	memcpy(res + strlen("<Result>"), "WTS", 3);
	problem_list_init(&pl);
	assert_int_equal(stat_import(w->app, w->c, &alice, &w->other, "moved.xml", xml, strlen(xml),
				     &n, &pl, &eb),
			 ERR_INVALID);
	for (size_t i = 0; i < pl.count; i++)
		if (strcmp(pl.items[i].code, "RESULT_HELD") == 0) {
			held = true;
			assert_non_null(strstr(pl.items[i].location, "moved.xml:"));
			assert_non_null(strstr(pl.items[i].message, upn_of(w, w->y6[0])));
		}
	assert_true(held);
	problem_list_release(&pl);
	assert_int_equal(store_statutory_get(w->c, w->y6[0], COLL_KS2, AY, "WR", "TA", &got),
			 ERR_OK);
	assert_string_equal(got.result, "EXS");
	assert_int_equal(got.establishment_id, w->school.id);

	/* the school that holds it changes it after an unlock */
	assert_int_equal(stat_unlock(w->app, w->c, &olga, &w->school, COLL_KS2, AY,
				     "Writing of Robin Abbot to correct", &eb),
			 ERR_OK);
	assert_int_equal(store_statutory_put(w->c, &alice, w->school.id, &s, &eb), ERR_OK);
	assert_int_equal(store_statutory_get(w->c, w->y6[0], COLL_KS2, AY, "WR", "TA", &got),
			 ERR_OK);
	assert_string_equal(got.result, "WTS");
	free(xml);
}

/* A school's own export, leavers and all, imports back into it unchanged
 * (issue 6: "its CTFs import back unchanged"): a pupil who moved to another
 * school with this school's KS2 results, and an archived Reception leaver
 * whose ELGs stay in the stored results (on no grid). */
static void test_leavers_import_back(void **state)
{
	struct world *w = *state;
	struct stat_cell cells[] = { { w->y6[0], "WR", "EXS" },
				     { w->y6[0], "SC", "EXS" },
				     { w->y6[1], "WR", "WTS" },
				     { w->y6[1], "SC", "HNM" } };
	struct stat_import_counts n;
	struct problem_list pl;
	struct errbuf eb = { "" };
	struct pupil moved;
	char *xml;

	archive(w, w->y6[2]);
	save_ok(w, COLL_KS2, 6, cells, 4);
	assert_int_equal(store_pupil_get(w->c, w->y6[1], &moved), ERR_OK);
	moved.establishment_id = w->other.id;
	assert_int_equal(store_pupil_update(w->c, &alice, &moved, &eb), ERR_OK);
	xml = export_ok(w, COLL_KS2);
	assert_int_equal(pupils_in(xml), 2);
	problem_list_init(&pl);
	if (stat_import(w->app, w->c, &alice, &w->school, "back.xml", xml, strlen(xml), &n, &pl,
			&eb) != ERR_OK)
		fail_msg("import: %s (%s)", eb.msg, pl.count ? pl.items[0].message : "");
	assert_int_equal(n.results, 0);
	assert_int_equal(n.unchanged, 4);
	problem_list_release(&pl);
	free(xml);

	/* into the other school, the file's pupil still on roll here (results the
	 * other school does not hold) is refused as this school's pupil */
	xml = export_ok(w, COLL_KS2);
	problem_list_init(&pl);
	assert_int_equal(stat_import(w->app, w->c, &alice, &w->other, "there.xml", xml, strlen(xml),
				     &n, &pl, &eb),
			 ERR_INVALID);
	assert_non_null(problem_list_find(&pl, "UPN_ELSEWHERE"));
	problem_list_release(&pl);
	free(xml);

	/* EYFS: an archived leaver with all 17 ELGs */
	fill_row(w, w->rec[0], "X");
	fill_row(w, w->rec[1], "E");
	fill_row(w, w->rec[2], "X");
	fill_row(w, w->rec[3], "X");
	xml = export_ok(w, COLL_EYFSP); /* stores the grid's ELGs as the return's results */
	free(xml);
	archive(w, w->rec[3]);
	xml = export_ok(w, COLL_EYFSP);
	assert_non_null(strstr(xml, upn_of(w, w->rec[3])));
	problem_list_init(&pl);
	if (stat_import(w->app, w->c, &alice, &w->school, "back.xml", xml, strlen(xml), &n, &pl,
			&eb) != ERR_OK)
		fail_msg("import: %s (%s)", eb.msg, pl.count ? pl.items[0].message : "");
	assert_int_equal(n.results, 0);
	problem_list_release(&pl);
	free(xml);
}

/* The school's own export with the MIS's newer details read back: the pupil
 * on roll gets them; a leaver now at another school (matched, as the file's
 * results are this school's) keeps the details that school has, in the
 * preview too. */
static void test_leaver_details_kept(void **state)
{
	struct world *w = *state;
	struct stat_cell cells[] = { { w->y6[0], "WR", "EXS" },
				     { w->y6[0], "SC", "EXS" },
				     { w->y6[1], "WR", "WTS" },
				     { w->y6[1], "SC", "HNM" } };
	struct stat_import_preview pv;
	struct stat_import_counts n;
	struct problem_list pl;
	struct errbuf eb = { "" };
	struct pupil p;
	char *xml, *at;

	archive(w, w->y6[2]);
	save_ok(w, COLL_KS2, 6, cells, 4);
	assert_int_equal(store_pupil_get(w->c, w->y6[1], &p), ERR_OK);
	p.establishment_id = w->other.id;
	assert_int_equal(store_pupil_update(w->c, &alice, &p, &eb), ERR_OK);
	xml = export_ok(w, COLL_KS2);
	at = strstr(xml, "<Surname>Abbot</Surname>");
	assert_non_null(at);
	memcpy(at, "<Surname>Abbey</Surname>", strlen("<Surname>Abbey</Surname>"));
	at = strstr(xml, "<Surname>Bexley</Surname>");
	assert_non_null(at);
	memcpy(at, "<Surname>Barley</Surname>", strlen("<Surname>Barley</Surname>"));

	problem_list_init(&pl);
	if (stat_import_preview(w->app, w->c, &alice, &w->school, "back.xml", xml, strlen(xml), &pv,
				&pl, &eb) != ERR_OK)
		fail_msg("preview: %s (%s)", eb.msg, pl.count ? pl.items[0].message : "");
	assert_int_equal(pv.counts.pupils_known, 2);
	assert_int_equal(pv.counts.pupils_differ, 1);
	for (size_t i = 0; i < pv.npupils; i++) {
		bool leaver = strcmp(pv.pupils[i].surname, "Barley") == 0;
		assert_int_equal(pv.pupils[i].elsewhere, leaver);
		assert_string_equal(pv.pupils[i].differs, leaver ? "" : "surname");
	}
	stat_import_preview_release(&pv);
	problem_list_release(&pl);

	problem_list_init(&pl);
	if (stat_import(w->app, w->c, &alice, &w->school, "back.xml", xml, strlen(xml), &n, &pl,
			&eb) != ERR_OK)
		fail_msg("import: %s (%s)", eb.msg, pl.count ? pl.items[0].message : "");
	assert_int_equal(n.pupils_differ, 1);
	problem_list_release(&pl);
	assert_int_equal(store_pupil_get(w->c, w->y6[0], &p), ERR_OK);
	assert_string_equal(p.surname, "Abbey");
	assert_int_equal(store_pupil_get(w->c, w->y6[1], &p), ERR_OK);
	assert_string_equal(p.surname, "Bexley");
	assert_int_equal(p.establishment_id, w->other.id);
	free(xml);
}

/* A Reception leaver whose EYFS profile the new school already holds (it
 * imported the transfer file first) does not block the old school's return:
 * the held results stay the new school's, the rest of the return is saved. */
static void test_eyfsp_held_elsewhere(void **state)
{
	struct world *w = *state;
	struct stat_stored s = { .pupil_id = w->rec[0], .coll = COLL_EYFSP, .academic_year = AY };
	struct stat_stored got;
	struct errbuf eb = { "" };
	struct pupil moved;
	char *xml;

	fill_row(w, w->rec[0], "X");
	fill_row(w, w->rec[1], "E");
	fill_row(w, w->rec[2], "X");
	fill_row(w, w->rec[3], "X");
	assert_int_equal(store_pupil_get(w->c, w->rec[0], &moved), ERR_OK);
	moved.establishment_id = w->other.id;
	assert_int_equal(store_pupil_update(w->c, &alice, &moved, &eb), ERR_OK);
	snprintf(s.component, sizeof(s.component), "E01");
	snprintf(s.qualifier, sizeof(s.qualifier), "EL");
	snprintf(s.result, sizeof(s.result), "1");
	assert_int_equal(store_statutory_put(w->c, &alice, w->other.id, &s, &eb), ERR_OK);

	xml = export_ok(w, COLL_EYFSP); /* not refused */
	assert_non_null(strstr(xml, upn_of(w, w->rec[1])));
	free(xml);
	assert_int_equal(store_statutory_get(w->c, w->rec[0], COLL_EYFSP, AY, "E01", "EL", &got),
			 ERR_OK);
	assert_string_equal(got.result, "1");
	assert_int_equal(got.establishment_id, w->other.id);
	assert_int_equal(store_statutory_get(w->c, w->rec[1], COLL_EYFSP, AY, "E01", "EL", &got),
			 ERR_OK);
	assert_int_equal(got.establishment_id, w->school.id);
}

/* A pupil archived during an academic year is still on that year's entry lists
 * without a result (marked left), so the school can enter L or a mark from
 * before they went; blank, they are left out of the return with no problem.
 * archived_at comes from the database's clock, so this test works in the real
 * academic year of today; a pupil archived today is on no earlier year's list. */
static void test_left_this_year_without_result(void **state)
{
	struct world *w = *state;
	time_t now = time(NULL);
	struct tm tm;
	struct stat_entry s;
	struct stat_return r;
	struct problem_list pl;
	struct errbuf eb = { "" };
	const struct stat_entry_row *row;
	int ay;

	gmtime_r(&now, &tm);
	ay = academic_year_of((struct date){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday });
	int64_t y1 = add_child(w, 41, "Mossop", (struct date){ ay - 6, 11, 5 });
	int64_t y6 = add_child(w, 42, "Norwood", (struct date){ ay - 11, 11, 5 });
	int64_t y6_last_year = add_child(w, 43, "Orme", (struct date){ ay - 12, 11, 5 });
	int64_t y6_tested_elsewhere = add_child(w, 44, "Pellow", (struct date){ ay - 11, 12, 5 });
	struct stat_stored held = { .pupil_id = y6_tested_elsewhere,
				    .coll = COLL_KS2,
				    .academic_year = ay };

	/* Pellow's KS2 results are in the other school's return (tested there) */
	snprintf(held.component, sizeof(held.component), "RE");
	snprintf(held.qualifier, sizeof(held.qualifier), "TA");
	snprintf(held.result, sizeof(held.result), "EXS");
	assert_int_equal(store_statutory_put(w->c, &olga, w->other.id, &held, &eb), ERR_OK);
	archive(w, y1);
	archive(w, y6);
	archive(w, y6_last_year);
	archive(w, y6_tested_elsewhere);

	assert_int_equal(stat_entry_load(w->app, w->c, &w->school, COLL_PHONICS, ay, 1, &s, &eb),
			 ERR_OK);
	row = row_of(&s, y1);
	assert_non_null(row);
	assert_true(row->left);
	assert_true(row->eligible);
	assert_string_equal(row->values[0], "");
	stat_entry_release(&s);
	assert_int_equal(stat_entry_load(w->app, w->c, &w->school, COLL_KS2, ay, 6, &s, &eb),
			 ERR_OK);
	assert_non_null(row_of(&s, y6));
	assert_true(row_of(&s, y6)->left);
	/* results in another school's return: theirs to submit, not offered here */
	assert_null(row_of(&s, y6_tested_elsewhere));
	stat_entry_release(&s);
	/* archived this year, so not a leaver of last year's list */
	assert_int_equal(stat_entry_load(w->app, w->c, &w->school, COLL_KS2, ay - 1, 6, &s, &eb),
			 ERR_OK);
	assert_null(row_of(&s, y6_last_year));
	stat_entry_release(&s);

	/* blank: not in the return, and no "has no result" problem names them */
	problem_list_init(&pl);
	assert_int_equal(stat_return_build(w->app, w->c, &w->school, COLL_PHONICS, ay, &r, &pl),
			 ERR_OK);
	for (size_t i = 0; i < pl.count; i++)
		assert_null(strstr(pl.items[i].message, "Mossop"));
	for (size_t i = 0; i < r.npupils; i++)
		assert_string_not_equal(r.pupils[i].upn, upn_of(w, y1));
	stat_return_release(&r);
	problem_list_release(&pl);

	/* L entered for the leaver: saved, and in the return with it */
	struct stat_cell cell = { y1, "PSC", "L" };
	if (stat_entry_save(w->app, w->c, &alice, &w->school, COLL_PHONICS, ay, 1, &cell, 1, &s,
			    &eb) != ERR_OK)
		fail_msg("save: %s", eb.msg);
	row = row_of(&s, y1);
	assert_non_null(row);
	assert_true(row->left);
	assert_string_equal(row->values[0], "L");
	stat_entry_release(&s);
	problem_list_init(&pl);
	assert_int_equal(stat_return_build(w->app, w->c, &w->school, COLL_PHONICS, ay, &r, &pl),
			 ERR_OK);
	bool found = false;
	for (size_t i = 0; i < r.npupils; i++)
		found = found || strcmp(r.pupils[i].upn, upn_of(w, y1)) == 0;
	assert_true(found);
	stat_return_release(&r);
	problem_list_release(&pl);
}

static void move_to_other(struct world *w, int64_t pupil)
{
	struct errbuf eb = { "" };
	struct pupil p;

	assert_int_equal(store_pupil_get(w->c, pupil, &p), ERR_OK);
	p.establishment_id = w->other.id;
	assert_int_equal(store_pupil_update(w->c, &alice, &p, &eb), ERR_OK);
}

/* A child who moved to another school with only some ELGs on this school's
 * grid: out of the return with a query that names the school they moved to
 * (not the archive advice, which fits a child archived here). */
static void test_eyfsp_left_part_moved(void **state)
{
	struct world *w = *state;
	struct problem_list pl;
	struct stat_return r;
	const struct problem *q;

	set_cell(w, w->rec[2], ELG_E01, "X");
	set_cell(w, w->rec[2], ELG_E02, "E");
	set_cell(w, w->rec[2], ELG_E03, "X");
	move_to_other(w, w->rec[2]);

	problem_list_init(&pl);
	assert_int_equal(eyfsp_return_build(w->app, w->c, &w->school, AY, &r, &pl), ERR_OK);
	q = problem_list_find(&pl, "EYFSP_LEFT_PART");
	assert_non_null(q);
	assert_non_null(strstr(q->message, "has moved to 888/5678 Juniper Row Primary with 3 "
					   "of the 17 early learning goals entered here"));
	assert_non_null(strstr(q->message, "agree it with Juniper Row Primary"));
	assert_null(strstr(q->message, "archive"));
	stat_return_release(&r);
	problem_list_release(&pl);
}

/* The line (from 1) of text at which at starts. */
static unsigned line_at(const char *text, const char *at)
{
	unsigned line = 1;

	for (const char *s = text; s < at; s++)
		line += *s == '\n';
	return line;
}

/* Year 2 retakes of pupils who then moved to another school, still in this
 * school's phonics return with the result it holds: the Year 1 result judges
 * them as it does a pupil on roll, on the entry list, in the return and when
 * the school's own file is imported back. Met in Year 1 (35): no retake, the
 * Year 2 rule's error; not met (20): eligible. */
static void test_phonics_y1_moved_on(void **state)
{
	struct world *w = *state;
	struct stat_cell y1[] = { { w->y1[0], "PSC", "34" },
				  { w->y1[1], "PSC", "12" },
				  { w->y1[2], "PSC", "A" } };
	struct stat_cell y2[] = { { w->y2[0], "PSC", "30" }, { w->y2[1], "PSC", "33" } };
	const struct stat_entry_row *row;
	struct stat_import_counts n;
	struct problem_list pl;
	struct stat_return r;
	struct stat_entry s;
	struct errbuf eb = { "" };
	const char *met_at, *met_end;
	char *xml, met_upn[UPN_LEN + 1], loc[PROBLEM_LOC_MAX];
	size_t found = 0;

	/* the retake is entered while Year 1 reads 20, which is then corrected to 35 */
	put_raw(w, w->y2[0], AY - 1, "20");
	save_ok(w, COLL_PHONICS, 1, y1, 3);
	save_ok(w, COLL_PHONICS, 2, y2, 2);
	xml = export_ok(w, COLL_PHONICS);
	put_raw(w, w->y2[0], AY - 1, "35");
	move_to_other(w, w->y2[0]);
	move_to_other(w, w->y2[1]);
	snprintf(met_upn, sizeof(met_upn), "%s", upn_of(w, w->y2[0]));

	assert_int_equal(stat_entry_load(w->app, w->c, &w->school, COLL_PHONICS, AY, 2, &s, &eb),
			 ERR_OK);
	row = row_of(&s, w->y2[0]);
	assert_non_null(row);
	assert_true(row->left);
	assert_int_equal(row->y1, PHONICS_Y1_MET);
	assert_false(row->eligible);
	assert_non_null(problem_list_find(&row->problems, "PHONICS_Y2_MET"));
	row = row_of(&s, w->y2[1]);
	assert_non_null(row);
	assert_int_equal(row->y1, PHONICS_Y1_NOT_MET);
	assert_true(row->eligible);
	assert_null(problem_list_find(&row->problems, "PHONICS_Y2_MET"));
	stat_entry_release(&s);

	problem_list_init(&pl);
	assert_int_equal(stat_return_build(w->app, w->c, &w->school, COLL_PHONICS, AY, &r, &pl),
			 ERR_OK);
	for (size_t i = 0; i < pl.count; i++) {
		if (strcmp(pl.items[i].code, "PHONICS_Y2_MET") != 0)
			continue;
		found++;
		assert_non_null(strstr(pl.items[i].location, met_upn));
	}
	assert_int_equal(found, 1);
	stat_return_release(&r);
	problem_list_release(&pl);

	/* the file exported before the correction, imported back: refused for the
	 * pupil who met the standard (located in their record), not the other */
	problem_list_init(&pl);
	assert_int_equal(stat_import(w->app, w->c, &alice, &w->school, "back.xml", xml, strlen(xml),
				     &n, &pl, &eb),
			 ERR_INVALID);
	met_at = strstr(xml, met_upn);
	assert_non_null(met_at);
	met_end = strstr(met_at, "</Pupil>");
	assert_non_null(met_end);
	found = 0;
	for (size_t i = 0; i < pl.count; i++) {
		unsigned line;
		if (pl.items[i].severity != SEV_ERROR)
			continue;
		assert_string_equal(pl.items[i].code, "PHONICS_Y2_MET");
		snprintf(loc, sizeof(loc), "%s", pl.items[i].location);
		assert_int_equal(sscanf(loc, "back.xml:%u:", &line), 1);
		assert_true(line > line_at(xml, met_at) && line < line_at(xml, met_end));
		found++;
	}
	assert_int_equal(found, 1);
	problem_list_release(&pl);
	free(xml);
}

/* A Reception child who moved on with some ELGs in this school's return and
 * the rest in the new school's: a query naming the child and the new school
 * and saying what to do, before and after this school's export stored its
 * own ELGs (the ones the new school holds are not asked for here: the store
 * keeps them that school's); the whole return is not held back. Once the new
 * school removes its ELGs, the child's are simply missing here. */
static void test_eyfsp_split(void **state)
{
	struct world *w = *state;
	struct stat_stored s = { .pupil_id = w->rec[0], .coll = COLL_EYFSP, .academic_year = AY };
	struct problem_list pl;
	struct stat_return r;
	struct errbuf eb = { "" };
	const struct problem *pr;
	char *xml, upn[UPN_LEN + 1];

	fill_row(w, w->rec[0], "X");
	fill_row(w, w->rec[1], "E");
	fill_row(w, w->rec[2], "X");
	fill_row(w, w->rec[3], "X");
	move_to_other(w, w->rec[0]);
	snprintf(upn, sizeof(upn), "%s", upn_of(w, w->rec[0]));
	snprintf(s.qualifier, sizeof(s.qualifier), "EL");
	for (int e = ELG_E13; e <= ELG_E17; e++) { /* entered at the new school */
		snprintf(s.component, sizeof(s.component), "%s", elg_get((enum elg)e)->code);
		snprintf(s.result, sizeof(s.result), "1");
		assert_int_equal(store_statutory_put(w->c, &olga, w->other.id, &s, &eb), ERR_OK);
	}

	for (int pass = 0; pass < 2; pass++) { /* from the grid, then the store */
		problem_list_init(&pl);
		assert_int_equal(eyfsp_return_build(w->app, w->c, &w->school, AY, &r, &pl), ERR_OK);
		assert_int_equal(r.npupils, 4);
		assert_int_equal(problem_list_count_errors(&pl), 0);
		pr = problem_list_find(&pl, "EYFSP_SPLIT");
		assert_non_null(pr);
		assert_int_equal(pr->severity, SEV_QUERY);
		assert_non_null(strstr(pr->location, upn));
		assert_non_null(strstr(pr->message, "Robin Ibbot (UPN "));
		assert_non_null(strstr(pr->message, upn));
		assert_non_null(strstr(pr->message, "5 of the 17 early learning goals are held in "
						    "the return of 888/5678 Juniper Row Primary"));
		assert_non_null(strstr(pr->message, "agree with that school which one returns"));
		assert_int_equal(problem_list_count_queries(&pl), 1);
		stat_return_release(&r);
		problem_list_release(&pl);
		if (pass == 0) {
			xml = export_ok(w, COLL_EYFSP); /* stores this school's 12 */
			free(xml);
			assert_int_equal(stored_count(w, w->rec[0]), ELG__MAX - 5);
		}
	}

	/* the new school removes its ELGs: no longer split, the 5 are missing here */
	s.result[0] = '\0';
	for (int e = ELG_E13; e <= ELG_E17; e++) {
		snprintf(s.component, sizeof(s.component), "%s", elg_get((enum elg)e)->code);
		assert_int_equal(store_statutory_put(w->c, &olga, w->other.id, &s, &eb), ERR_OK);
	}
	problem_list_init(&pl);
	assert_int_equal(eyfsp_return_build(w->app, w->c, &w->school, AY, &r, &pl), ERR_OK);
	assert_null(problem_list_find(&pl, "EYFSP_SPLIT"));
	pr = problem_list_find(&pl, "EYFSP_MISSING");
	assert_non_null(pr);
	assert_non_null(strstr(pr->message, upn));
	stat_return_release(&r);
	problem_list_release(&pl);
}

/* A child who joined this school with their whole EYFS profile in the old
 * school's return and nothing entered here: a query naming the old school (the
 * profile may be that school's to return), not STAT_NO_RESULT, which would
 * hold back this school's return for results it may not be the one to enter;
 * the return submits. Once the old school removes its results, the child has
 * no result anywhere: the error again. */
static void test_eyfsp_joined_with_profile(void **state)
{
	struct world *w = *state;
	struct stat_stored s = { .pupil_id = w->rec[0], .coll = COLL_EYFSP, .academic_year = AY };
	struct problem_list pl;
	struct stat_return r;
	struct errbuf eb = { "" };
	const struct problem *pr;
	struct pupil p;
	char upn[UPN_LEN + 1];

	fill_row(w, w->rec[1], "E");
	fill_row(w, w->rec[2], "X");
	fill_row(w, w->rec[3], "X");
	snprintf(upn, sizeof(upn), "%s", upn_of(w, w->rec[0]));
	move_to_other(w, w->rec[0]); /* at the other school first, its 17 entered there */
	snprintf(s.qualifier, sizeof(s.qualifier), "EL");
	snprintf(s.result, sizeof(s.result), "2");
	for (int e = 0; e < ELG__MAX; e++) {
		snprintf(s.component, sizeof(s.component), "%s", elg_get((enum elg)e)->code);
		assert_int_equal(store_statutory_put(w->c, &olga, w->other.id, &s, &eb), ERR_OK);
	}
	assert_int_equal(store_pupil_get(w->c, w->rec[0], &p), ERR_OK); /* then joined here */
	p.establishment_id = w->school.id;
	assert_int_equal(store_pupil_update(w->c, &alice, &p, &eb), ERR_OK);

	problem_list_init(&pl);
	assert_int_equal(eyfsp_return_build(w->app, w->c, &w->school, AY, &r, &pl), ERR_OK);
	assert_int_equal(r.npupils, 3);
	assert_int_equal(problem_list_count_errors(&pl), 0);
	assert_null(problem_list_find(&pl, "STAT_NO_RESULT"));
	pr = problem_list_find(&pl, "EYFSP_ELSEWHERE");
	assert_non_null(pr);
	assert_int_equal(pr->severity, SEV_QUERY);
	assert_non_null(strstr(pr->location, upn));
	assert_non_null(strstr(pr->message, "Robin Ibbot has no early learning goal entered here, "
					    "and 17 of the 17 are held in the return of 888/5678 "
					    "Juniper Row Primary"));
	assert_non_null(strstr(pr->message, "enter all 17 on the tracking grid"));
	assert_int_equal(problem_list_count_queries(&pl), 1);
	stat_return_release(&r);
	problem_list_release(&pl);
	submit_ok(w, COLL_EYFSP);
	assert_int_equal(stat_unlock(w->app, w->c, &olga, &w->school, COLL_EYFSP, AY,
				     "the old school's results were removed", &eb),
			 ERR_OK);

	/* the old school removes its results: no result anywhere, the error */
	s.result[0] = '\0';
	for (int e = 0; e < ELG__MAX; e++) {
		snprintf(s.component, sizeof(s.component), "%s", elg_get((enum elg)e)->code);
		assert_int_equal(store_statutory_put(w->c, &olga, w->other.id, &s, &eb), ERR_OK);
	}
	problem_list_init(&pl);
	assert_int_equal(eyfsp_return_build(w->app, w->c, &w->school, AY, &r, &pl), ERR_OK);
	assert_null(problem_list_find(&pl, "EYFSP_ELSEWHERE"));
	pr = problem_list_find(&pl, "STAT_NO_RESULT");
	assert_non_null(pr);
	assert_int_equal(pr->severity, SEV_ERROR);
	assert_non_null(strstr(pr->location, upn));
	stat_return_release(&r);
	problem_list_release(&pl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ks2_archived_after_submit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phonics_leavers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eyfsp_leavers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moved_pupil_results_stay, setup, teardown),
		cmocka_unit_test_setup_teardown(test_leavers_import_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eyfsp_held_elsewhere, setup, teardown),
		cmocka_unit_test_setup_teardown(test_left_this_year_without_result, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_leaver_details_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phonics_y1_moved_on, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eyfsp_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eyfsp_left_part_moved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eyfsp_joined_with_profile, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
