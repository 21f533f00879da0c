/*
 * test_statutory_app: the statutory use cases on SQLite and PostgreSQL: phonics
 * marks are saved through the rule engine with the outcome computed; a save with
 * one invalid entry stores nothing and says why beside that pupil; the Year 2
 * list allows entries only for pupils who did not meet the standard in Year 1;
 * KS2 entries come from the code table's allowed list; submit needs the
 * declaration and no errors, then every write is refused as locked until the LA
 * unlocks with a reason (audited); a CTF export reads back and imports cleanly.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/statutory_app.h"
#include "app/statutory_app_int.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/upn.h"
#include "formats/ctf_read.h"
#include "store/store.h"

#include "app_world.h"

enum { AY = 2025 };

struct world {
	struct app *app;
	struct store_conn *c;
	char *url; /* the database's */
	int64_t clock;
	struct establishment school;
	int64_t y1[2]; /* Year 1 in 2025/26 */
	int64_t y2[2]; /* Year 2: [0] met the standard in Year 1, [1] did not */
	int64_t y6;    /* Year 6 */
};

static const struct actor alice = { 7, "alice", "192.0.2.7" };
static const struct actor olga = { 9, "olga", "192.0.2.9" };

static int64_t add_child(struct world *w, int serial, const char *surname, struct date dob)
{
	struct pupil p = tw_pupil(w->school.id, "", surname, "Kit", dob);

	assert_true(upn_make(888, 1234, 19, serial, p.upn));
	return tw_pupil_add(w->c, &alice, &p);
}

static void put_raw(struct world *w, int64_t pupil, int ay, const char *mark)
{
	tw_phonics_mark(w->c, &alice, w->school.id, pupil, ay, mark);
}

static int setup(void **state)
{
	struct world *w = xcalloc(1, sizeof(*w));
	int64_t la;

	w->clock = 1781049600; /* 2026-06-10: academic year 2025/26 */
	w->app = tw_app_open("statapp", &w->clock, &w->url);
	w->c = store_acquire(w->app->store);
	la = tw_la(w->c, &alice, 888, "Test LA").id;
	w->school = tw_school(w->c, &alice, la, 1234, 100001, "Willow Bank Primary");
	w->y1[0] = add_child(w, 1, "Quillby", (struct date){ 2019, 10, 3 });
	w->y1[1] = add_child(w, 2, "Rendle", (struct date){ 2020, 2, 14 });
	w->y2[0] = add_child(w, 3, "Sorrel", (struct date){ 2018, 11, 5 });
	w->y2[1] = add_child(w, 4, "Tamsby", (struct date){ 2019, 5, 20 });
	w->y6 = add_child(w, 5, "Umbery", (struct date){ 2014, 12, 1 });
	put_raw(w, w->y2[0], AY - 1, "35"); /* met in Year 1 */
	put_raw(w, w->y2[1], AY - 1, "20"); /* did not */
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	store_release(w->c);
	app_free(w->app);
	free(w->url);
	free(w);
	return 0;
}

static const struct stat_entry_row *row_of(const struct stat_entry *s, int64_t id)
{
	for (size_t i = 0; i < s->nrows; i++)
		if (s->rows[i].p.id == id)
			return &s->rows[i];
	fail_msg("pupil %lld not on the list", (long long)id);
	return NULL;
}

static const char *stored(struct world *w, int64_t pupil, enum collection coll,
			  const char *component, const char *qual)
{
	static struct stat_stored s;
	enum err rc = store_statutory_get(w->c, pupil, coll, AY, component, qual, &s);
	assert_true(rc == ERR_OK || rc == ERR_NOT_FOUND);
	return s.result;
}

static enum err save(struct world *w, enum collection coll, int group,
		     const struct stat_cell *cells, size_t n, struct stat_entry *out,
		     struct errbuf *eb)
{
	return stat_entry_save(w->app, w->c, &alice, &w->school, coll, AY, group, cells, n, out,
			       eb);
}

static void test_phonics_save_valid(void **state)
{
	struct world *w = *state;
	struct stat_cell cells[] = { { w->y1[0], "PSC", "35" }, { w->y1[1], "PSC", "A" } };
	struct stat_entry s;
	struct errbuf eb = { "" };

	assert_int_equal(save(w, COLL_PHONICS, 1, cells, 2, &s, &eb), ERR_OK);
	assert_int_equal(s.nrows, 2);
	assert_string_equal(row_of(&s, w->y1[0])->values[0], "35");
	assert_string_equal(row_of(&s, w->y1[0])->outcome, "Wa");
	assert_null(row_of(&s, w->y1[1])->outcome);
	stat_entry_release(&s);
	assert_string_equal(stored(w, w->y1[0], COLL_PHONICS, "PSC", "PM"), "35");
	assert_string_equal(stored(w, w->y1[1], COLL_PHONICS, "PSC", "PM"), "A");
	/* the outcome is computed, never stored */
	assert_string_equal(stored(w, w->y1[0], COLL_PHONICS, "PSC", "PO"), "");
}

static void test_phonics_save_invalid_stores_nothing(void **state)
{
	struct world *w = *state;
	struct stat_cell cells[] = { { w->y1[0], "PSC", "20" }, { w->y1[1], "PSC", "41" } };
	struct stat_entry s;
	struct errbuf eb = { "" };
	const struct stat_entry_row *bad;

	assert_int_equal(save(w, COLL_PHONICS, 1, cells, 2, &s, &eb), ERR_INVALID);
	assert_non_null(strstr(eb.msg, "nothing was saved"));
	bad = row_of(&s, w->y1[1]);
	assert_true(problem_list_count_errors(&bad->problems) > 0);
	assert_non_null(strstr(bad->problems.items[0].message, "40"));
	assert_int_equal(problem_list_count_errors(&row_of(&s, w->y1[0])->problems), 0);
	stat_entry_release(&s);
	assert_string_equal(stored(w, w->y1[0], COLL_PHONICS, "PSC", "PM"), "");
	assert_string_equal(stored(w, w->y1[1], COLL_PHONICS, "PSC", "PM"), "");
}

static void test_phonics_year2_eligibility(void **state)
{
	struct world *w = *state;
	struct stat_cell ok[] = { { w->y2[1], "PSC", "33" } };
	struct stat_cell met[] = { { w->y2[0], "PSC", "30" } };
	struct stat_entry s;
	struct errbuf eb = { "" };

	assert_int_equal(stat_entry_load(w->app, w->c, &w->school, COLL_PHONICS, AY, 2, &s, &eb),
			 ERR_OK);
	assert_int_equal(s.nrows, 2);
	assert_false(row_of(&s, w->y2[0])->eligible);
	assert_int_equal(row_of(&s, w->y2[0])->y1, PHONICS_Y1_MET);
	assert_string_equal(row_of(&s, w->y2[0])->y1_mark, "35");
	assert_true(row_of(&s, w->y2[1])->eligible);
	stat_entry_release(&s);
	assert_int_equal(save(w, COLL_PHONICS, 2, met, 1, &s, &eb), ERR_INVALID);
	stat_entry_release(&s);
	assert_string_equal(stored(w, w->y2[0], COLL_PHONICS, "PSC", "PM"), "");
	assert_int_equal(save(w, COLL_PHONICS, 2, ok, 1, &s, &eb), ERR_OK);
	assert_string_equal(row_of(&s, w->y2[1])->outcome, "Wa");
	stat_entry_release(&s);
	/* a Year 1 pupil is not on the Year 2 list */
	ok[0].pupil_id = w->y1[0];
	assert_int_equal(save(w, COLL_PHONICS, 2, ok, 1, &s, &eb), ERR_INVALID);
	stat_entry_release(&s);
}

/* Year 1's result that cannot be read is an error, never "not known": a pupil
 * who met the standard must not be let in to the Year 2 check because the
 * database failed (the import's look-up, the entry list's rows). */
static void test_phonics_year1_unreadable(void **state)
{
	struct world *w = *state;
	enum phonics_y1 y1 = PHONICS_Y1_MET;
	struct errbuf eb = { "" };
	struct stat_entry s;
	struct pupil p;
	char *err;

	assert_int_equal(store_pupil_get(w->c, w->y2[0], &p), ERR_OK);
	assert_int_equal(stat_phonics_y1_by_upn(w->c, w->school.id, p.upn, AY, &y1), ERR_OK);
	assert_int_equal(y1, PHONICS_Y1_MET);
	err = tu_raw_exec(w->url, "ALTER TABLE statutory_result RENAME TO statutory_result_away");
	if (err)
		fail_msg("rename: %s", err);
	assert_int_not_equal(stat_phonics_y1_by_upn(w->c, w->school.id, p.upn, AY, &y1), ERR_OK);
	assert_int_not_equal(y1, PHONICS_Y1_NOT_CHECKED);
	assert_int_not_equal(
		stat_entry_load(w->app, w->c, &w->school, COLL_PHONICS, AY, 2, &s, &eb), ERR_OK);
	assert_int_equal(s.nrows, 0);
	err = tu_raw_exec(w->url, "ALTER TABLE statutory_result_away RENAME TO statutory_result");
	if (err)
		fail_msg("rename back: %s", err);
}

static void test_ks2_codes_and_completeness(void **state)
{
	struct world *w = *state;
	struct stat_cell wr[] = { { w->y6, "WR", "EXS" } };
	struct stat_cell re_bad[] = { { w->y6, "RE", "EXS" } };
	struct stat_cell sc[] = { { w->y6, "SC", "HNM" } };
	struct problem_list pl;
	struct stat_entry s;
	struct errbuf eb = { "" };

	/* a pupil with no result yet is told so beside their name, with what to
	 * enter, before anything is saved (the same rule as the return's) */
	assert_int_equal(stat_entry_load(w->app, w->c, &w->school, COLL_KS2, AY, 6, &s, &eb),
			 ERR_OK);
	assert_int_equal(s.nrows, 1);
	{
		const struct problem *p = problem_list_find(&s.rows[0].problems, "STAT_NO_RESULT");
		assert_non_null(p);
		assert_int_equal(p->severity, SEV_ERROR);
		assert_non_null(strstr(p->message, "KS2 writing"));
	}
	stat_entry_release(&s);
	/* writing alone saves: completeness waits for the submit */
	assert_int_equal(save(w, COLL_KS2, 6, wr, 1, &s, &eb), ERR_OK);
	assert_int_equal(s.nrows, 1);
	assert_int_equal(s.ncols, 4);
	stat_entry_release(&s);
	/* reading TA at the expected standard is not a code KS2 reading allows */
	assert_int_equal(save(w, COLL_KS2, 6, re_bad, 1, &s, &eb), ERR_INVALID);
	assert_non_null(problem_list_find(&s.rows[0].problems, "KS2_TESTED"));
	stat_entry_release(&s);
	assert_string_equal(stored(w, w->y6, COLL_KS2, "RE", "TA"), "");
	problem_list_init(&pl);
	assert_int_equal(stat_submit(w->app, w->c, &alice, &w->school, COLL_KS2, AY, true, &pl,
				     &eb),
			 ERR_INVALID);
	assert_non_null(problem_list_find(&pl, "KS2_MISSING"));
	problem_list_release(&pl);
	assert_int_equal(save(w, COLL_KS2, 6, sc, 1, &s, &eb), ERR_OK);
	stat_entry_release(&s);
	problem_list_init(&pl);
	assert_int_equal(stat_submit(w->app, w->c, &alice, &w->school, COLL_KS2, AY, true, &pl,
				     &eb),
			 ERR_OK);
	problem_list_release(&pl);
}

/* issue 6c: KS1 teacher assessment needs every subject of the code table before
 * a submit; a save of one subject is kept meanwhile. */
static void test_ks1_completeness(void **state)
{
	struct world *w = *state;
	struct stat_cell re[] = { { w->y2[0], "RE", "EXS" } };
	struct stat_cell rest[] = { { w->y2[0], "WR", "WTS" },
				    { w->y2[0], "MA", "GDS" },
				    { w->y2[0], "SC", "A" } };
	struct problem_list pl;
	struct stat_entry s;
	struct errbuf eb = { "" };
	size_t missing = 0;

	assert_int_equal(save(w, COLL_KS1, 2, re, 1, &s, &eb), ERR_OK);
	assert_int_equal(s.ncols, 4);
	stat_entry_release(&s);
	assert_string_equal(stored(w, w->y2[0], COLL_KS1, "RE", "TA"), "EXS");
	problem_list_init(&pl);
	assert_int_equal(stat_submit(w->app, w->c, &alice, &w->school, COLL_KS1, AY, true, &pl,
				     &eb),
			 ERR_INVALID);
	for (size_t i = 0; i < pl.count; i++)
		if (strcmp(pl.items[i].code, "KS1_MISSING") == 0) {
			missing++;
			assert_int_equal(pl.items[i].severity, SEV_ERROR);
		}
	assert_int_equal(missing, 3); /* writing, maths, science */
	problem_list_release(&pl);
	assert_int_equal(save(w, COLL_KS1, 2, rest, 3, &s, &eb), ERR_OK);
	stat_entry_release(&s);
	problem_list_init(&pl);
	assert_int_equal(stat_submit(w->app, w->c, &alice, &w->school, COLL_KS1, AY, true, &pl,
				     &eb),
			 ERR_OK);
	assert_null(problem_list_find(&pl, "KS1_MISSING"));
	problem_list_release(&pl);
}

static void test_submit_lock_unlock(void **state)
{
	struct world *w = *state;
	struct stat_cell one[] = { { w->y1[0], "PSC", "32" } };
	struct stat_cell rest[] = { { w->y1[1], "PSC", "12" }, { w->y2[1], "PSC", "L" } };
	struct stat_cell change[] = { { w->y1[0], "PSC", "31" } };
	struct stat_state st[COLL__MAX];
	struct problem_list pl;
	struct stat_entry s;
	struct errbuf eb = { "" };
	struct stat_import_counts counts;
	char *xml = NULL, name[CTF_NAME_MAX];
	size_t len;

	assert_int_equal(save(w, COLL_PHONICS, 1, one, 1, &s, &eb), ERR_OK);
	stat_entry_release(&s);
	problem_list_init(&pl);
	/* no declaration */
	assert_int_equal(stat_submit(w->app, w->c, &alice, &w->school, COLL_PHONICS, AY, false, &pl,
				     &eb),
			 ERR_INVALID);
	assert_non_null(strstr(eb.msg, STAT_DECLARATION));
	/* errors remain: pupils without a mark */
	assert_int_equal(stat_submit(w->app, w->c, &alice, &w->school, COLL_PHONICS, AY, true, &pl,
				     &eb),
			 ERR_INVALID);
	assert_non_null(problem_list_find(&pl, "STAT_NO_RESULT"));
	/* ... naming what to enter */
	assert_non_null(strstr(problem_list_find(&pl, "STAT_NO_RESULT")->message,
			       "has no phonics screening check result: enter Phonics screening "
			       "check mark ("));
	problem_list_release(&pl);
	problem_list_init(&pl);
	assert_int_equal(stat_export(w->app, w->c, &w->school, COLL_PHONICS, AY, &xml, &len, name,
				     &pl, &eb),
			 ERR_INVALID);
	assert_null(xml);
	problem_list_release(&pl);
	assert_int_equal(stat_states(w->app, w->c, &w->school, AY, st), ERR_OK);
	assert_true(st[COLL_PHONICS].errors > 0);
	assert_false(st[COLL_PHONICS].sub.submitted);

	assert_int_equal(save(w, COLL_PHONICS, 1, rest, 1, &s, &eb), ERR_OK);
	stat_entry_release(&s);
	assert_int_equal(save(w, COLL_PHONICS, 2, rest + 1, 1, &s, &eb), ERR_OK);
	stat_entry_release(&s);
	problem_list_init(&pl);
	assert_int_equal(stat_submit(w->app, w->c, &alice, &w->school, COLL_PHONICS, AY, true, &pl,
				     &eb),
			 ERR_OK);
	problem_list_release(&pl);
	assert_int_equal(stat_states(w->app, w->c, &w->school, AY, st), ERR_OK);
	assert_true(st[COLL_PHONICS].sub.submitted);
	assert_string_equal(st[COLL_PHONICS].sub.submitted_by, "alice");
	assert_int_equal(st[COLL_PHONICS].errors, 0);

	/* the export reads back without errors */
	problem_list_init(&pl);
	assert_int_equal(stat_export(w->app, w->c, &w->school, COLL_PHONICS, AY, &xml, &len, name,
				     &pl, &eb),
			 ERR_OK);
	assert_string_equal(name, "8881234_CTF_888LLLL_001.xml");
	assert_non_null(strstr(xml, "<Result>Wa</Result>"));
	problem_list_release(&pl);

	/* locked: saves and imports are refused */
	assert_int_equal(save(w, COLL_PHONICS, 1, change, 1, &s, &eb), ERR_LOCKED);
	assert_non_null(strstr(eb.msg, "locked: ask your LA to unlock"));
	stat_entry_release(&s);
	assert_string_equal(stored(w, w->y1[0], COLL_PHONICS, "PSC", "PM"), "32");
	problem_list_init(&pl);
	assert_int_equal(stat_import(w->app, w->c, &alice, &w->school, name, xml, len, &counts, &pl,
				     &eb),
			 ERR_OK); /* the same values: nothing to write */
	assert_int_equal(counts.results, 0);
	assert_int_equal(counts.unchanged, 3);
	problem_list_release(&pl);

	/* the LA unlocks with a reason */
	assert_int_equal(stat_unlock(w->app, w->c, &olga, &w->school, COLL_PHONICS, AY, "", &eb),
			 ERR_INVALID);
	assert_int_equal(stat_unlock(w->app, w->c, &olga, &w->school, COLL_PHONICS, AY,
				     "Mark of Kit Quillby was mistyped", &eb),
			 ERR_OK);
	assert_int_equal(stat_states(w->app, w->c, &w->school, AY, st), ERR_OK);
	assert_false(st[COLL_PHONICS].sub.submitted);
	assert_string_equal(st[COLL_PHONICS].sub.unlocked_by, "olga");
	assert_string_equal(st[COLL_PHONICS].sub.unlock_reason, "Mark of Kit Quillby was mistyped");
	assert_int_equal(save(w, COLL_PHONICS, 1, change, 1, &s, &eb), ERR_OK);
	assert_string_equal(row_of(&s, w->y1[0])->outcome, "Wt");
	stat_entry_release(&s);

	/* importing the earlier export puts the mark back */
	problem_list_init(&pl);
	assert_int_equal(stat_import(w->app, w->c, &alice, &w->school, name, xml, len, &counts, &pl,
				     &eb),
			 ERR_OK);
	assert_int_equal(counts.results, 1);
	assert_int_equal(counts.pupils_known, 3);
	assert_string_equal(stored(w, w->y1[0], COLL_PHONICS, "PSC", "PM"), "32");
	problem_list_release(&pl);
	free(xml);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_phonics_save_valid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phonics_save_invalid_stores_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_phonics_year2_eligibility, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phonics_year1_unreadable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ks2_codes_and_completeness, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ks1_completeness, setup, teardown),
		cmocka_unit_test_setup_teardown(test_submit_lock_unlock, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
