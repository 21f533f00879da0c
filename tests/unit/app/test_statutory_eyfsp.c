/*
 * test_statutory_eyfsp: the EYFS profile return on SQLite and PostgreSQL. The
 * end-of-year ELGs of the tracking grid become the return (Reception pupils with
 * include in data, 17 CTF codes each) and go through the rule engine: an
 * incomplete row or a pupil with nothing entered holds back the submit; the
 * submit stores the 17 results per pupil in the statutory store and locks the
 * grid until the LA unlocks; the export is an FSP CTF that reads back with the
 * grid's codes; importing the shared FSP fixture stores results whose summary
 * matches its .expected.json and fills the grid, all or nothing.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/assess.h"
#include "app/report.h"
#include "app/statutory_app.h"
#include "app/statutory_eyfsp.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/report.h"
#include "core/upn.h"
#include "formats/ctf_read.h"
#include "store/store.h"

#include "app_world.h"

enum { AY = 2025 };

struct world {
	struct app *app;
	struct store_conn *c;
	int64_t clock;
	struct establishment school;
	struct assessment elg;
	int64_t r[4];	  /* Reception 2025/26, included */
	int64_t excluded; /* Reception, include in data = No */
	int64_t year1;	  /* Year 1 */
};

static const struct actor alice = { 7, "alice", "192.0.2.7" };
static const struct actor olga = { 9, "olga", "192.0.2.9" };

static int64_t add_child(struct world *w, int serial, const char *surname, struct date dob,
			 bool included)
{
	struct pupil p = tw_pupil(w->school.id, "", surname, "Nell", dob);

	assert_true(upn_make(888, 1234, 20, serial, p.upn));
	p.gender = GENDER_MALE;
	p.include_in_data = included;
	return tw_pupil_add(w->c, &alice, &p);
}

/* The app on a fresh database, LA 888 and its school 8881234, nobody on roll. */
static void world_open(struct world *w, const char *label)
{
	int64_t la;

	w->clock = 1781049600; /* 2026-06-10: academic year 2025/26 */
	w->app = tw_app_open(label, &w->clock, NULL);
	w->c = store_acquire(w->app->store);
	la = tw_la(w->c, &alice, 888, "Test LA").id;
	w->school = tw_school(w->c, &alice, la, 1234, 123456, "Example Primary School");
}

static int setup(void **state)
{
	struct world *w = xcalloc(1, sizeof(*w));
	struct assess_input in = { .name = "ELGs 2026",
				   .kind = SCALE_ELG,
				   .year_groups = ASSESS_YG_R,
				   .completion = { 2026, 6, 30 } };

	world_open(w, "eyfsp");
	w->r[0] = add_child(w, 1, "Ambley", (struct date){ 2020, 10, 3 }, true);
	w->r[1] = add_child(w, 2, "Brindle", (struct date){ 2021, 2, 14 }, true);
	w->r[2] = add_child(w, 3, "Corrow", (struct date){ 2020, 12, 5 }, true);
	w->r[3] = add_child(w, 4, "Dunmore", (struct date){ 2021, 5, 20 }, true);
	w->excluded = add_child(w, 5, "Evesby", (struct date){ 2021, 3, 1 }, false);
	w->year1 = add_child(w, 6, "Fallow", (struct date){ 2019, 11, 1 }, true);
	w->elg = tw_assess(w->app, w->c, &alice, &w->school, &in);
	*state = w;
	return 0;
}

static int setup_empty(void **state)
{
	struct world *w = xcalloc(1, sizeof(*w));

	world_open(w, "eyfspimp");
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

/* Fills a pupil's row with value (E, X or A). */
static void fill_row(struct world *w, int64_t pupil, const char *value)
{
	struct assess_fill f = { .row = true, .pupil_id = pupil, .value = value };
	struct judgement *cells = NULL;
	struct errbuf eb = { "" };
	size_t n = 0;
	enum err rc =
		assess_fill(w->app, w->c, &alice, &w->school, &w->elg, &f, &cells, &n, NULL, &eb);

	if (rc != ERR_OK)
		fail_msg("assess_fill: %s", eb.msg);
	free(cells);
}

static enum err set_cell(struct world *w, int64_t pupil, enum elg elg, const char *value,
			 struct errbuf *eb)
{
	struct judgement cur;
	struct assess_written out;
	struct assess_cell_write c = { .pupil_id = pupil, .elg = elg, .value = value };

	if (store_judgement_get(w->c, w->elg.id, pupil, elg, &cur) == ERR_OK)
		c.version = cur.version;
	return assess_set_cell(w->app, w->c, &alice, &w->school, &w->elg, &c, &out, eb);
}

static const struct stat_pupil *pupil_of(const struct stat_return *r, int64_t id, struct world *w)
{
	struct pupil p;

	assert_int_equal(store_pupil_get(w->c, id, &p), ERR_OK);
	for (size_t i = 0; i < r->npupils; i++)
		if (strcmp(r->pupils[i].upn, p.upn) == 0)
			return &r->pupils[i];
	return NULL;
}

static const char *result_of(const struct stat_pupil *p, const char *component)
{
	for (size_t k = 0; k < p->nresults; k++)
		if (strcmp(p->results[k].component, component) == 0)
			return p->results[k].result;
	return "";
}

static bool has_code(const struct problem_list *pl, const char *code)
{
	for (size_t i = 0; i < pl->count; i++)
		if (strcmp(pl->items[i].code, code) == 0)
			return true;
	return false;
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

/* The grid's values become the return: codes 1/2/A, included Reception pupils only,
 * and the rule engine holds back the submit of incomplete rows. */
static void test_grid_to_return_and_rules(void **state)
{
	struct world *w = *state;
	struct stat_return r;
	struct problem_list pl;
	struct stat_state st[COLL__MAX];
	struct errbuf eb = { "" };
	const struct stat_pupil *p;

	fill_row(w, w->r[0], "X");
	fill_row(w, w->r[1], "E");
	assert_int_equal(set_cell(w, w->r[1], ELG_E05, "", &eb), ERR_OK);  /* incomplete */
	assert_int_equal(set_cell(w, w->r[2], ELG_E09, "A", &eb), ERR_OK); /* absent: all A */
	fill_row(w, w->excluded, "E");

	problem_list_init(&pl);
	assert_int_equal(eyfsp_return_build(w->app, w->c, &w->school, AY, &r, &pl), ERR_OK);
	assert_int_equal(r.npupils, 3); /* r[3] has nothing entered; excluded and Year 1 left out */
	p = pupil_of(&r, w->r[0], w);
	assert_non_null(p);
	assert_int_equal(p->nresults, ELG__MAX);
	assert_string_equal(result_of(p, "E01"), "2");
	assert_string_equal(result_of(p, "E17"), "2");
	assert_string_equal(p->ncyear, "R");
	p = pupil_of(&r, w->r[1], w);
	assert_int_equal(p->nresults, ELG__MAX - 1);
	assert_string_equal(result_of(p, "E04"), "1");
	p = pupil_of(&r, w->r[2], w);
	assert_int_equal(p->nresults, ELG__MAX);
	assert_string_equal(result_of(p, "E01"), "A");
	assert_null(pupil_of(&r, w->excluded, w));
	assert_null(pupil_of(&r, w->year1, w));
	assert_true(has_code(&pl, "EYFSP_MISSING"));  /* r[1] lacks E05 */
	assert_true(has_code(&pl, "STAT_NO_RESULT")); /* r[3] has nothing */
	stat_return_release(&r);
	problem_list_release(&pl);

	/* the index shows the grid's results with their errors, not submitted */
	assert_int_equal(stat_states(w->app, w->c, &w->school, AY, st), ERR_OK);
	assert_int_equal(st[COLL_EYFSP].results, 3 * ELG__MAX - 1);
	assert_true(st[COLL_EYFSP].errors >= 2);
	assert_false(st[COLL_EYFSP].sub.submitted);

	/* submit is refused while errors remain; nothing is stored */
	problem_list_init(&pl);
	assert_int_equal(stat_submit(w->app, w->c, &alice, &w->school, COLL_EYFSP, AY, true, &pl,
				     &eb),
			 ERR_INVALID);
	assert_true(has_code(&pl, "EYFSP_MISSING"));
	assert_non_null(strstr(eb.msg, "error"));
	problem_list_release(&pl);
	assert_int_equal(stored_count(w, w->r[0]), 0);
	assert_int_equal(stat_states(w->app, w->c, &w->school, AY, st), ERR_OK);
	assert_false(st[COLL_EYFSP].sub.submitted);
}

/* Submit stores the return and locks the grid; the LA unlocks. */
static void test_submit_stores_and_locks(void **state)
{
	struct world *w = *state;
	struct problem_list pl;
	struct stat_state st[COLL__MAX];
	struct stat_stored s;
	struct errbuf eb = { "" };

	fill_row(w, w->r[0], "X");
	fill_row(w, w->r[1], "E");
	assert_int_equal(set_cell(w, w->r[2], ELG_E09, "A", &eb), ERR_OK);
	fill_row(w, w->r[3], "X");
	assert_int_equal(set_cell(w, w->r[3], ELG_E12, "E", &eb), ERR_OK);

	problem_list_init(&pl);
	assert_int_equal(stat_submit(w->app, w->c, &alice, &w->school, COLL_EYFSP, AY, false, &pl,
				     &eb),
			 ERR_INVALID); /* no declaration */
	assert_int_equal(stored_count(w, w->r[0]), 0);
	if (stat_submit(w->app, w->c, &alice, &w->school, COLL_EYFSP, AY, true, &pl, &eb) != ERR_OK)
		fail_msg("submit: %s", eb.msg);
	assert_int_equal(problem_list_count_errors(&pl), 0);
	problem_list_release(&pl);

	for (size_t i = 0; i < 4; i++)
		assert_int_equal(stored_count(w, w->r[i]), ELG__MAX);
	assert_int_equal(stored_count(w, w->excluded), 0);
	assert_int_equal(store_statutory_get(w->c, w->r[3], COLL_EYFSP, AY, "E12", "EL", &s),
			 ERR_OK);
	assert_string_equal(s.result, "1");
	assert_int_equal(store_statutory_get(w->c, w->r[2], COLL_EYFSP, AY, "E17", "EL", &s),
			 ERR_OK);
	assert_string_equal(s.result, "A");

	assert_int_equal(stat_states(w->app, w->c, &w->school, AY, st), ERR_OK);
	assert_true(st[COLL_EYFSP].sub.submitted);
	assert_string_equal(st[COLL_EYFSP].sub.submitted_by, "alice");
	assert_int_equal(st[COLL_EYFSP].results, 4 * ELG__MAX);
	assert_int_equal(st[COLL_EYFSP].errors, 0);

	/* the grid is locked, and so is a sync */
	assert_int_equal(set_cell(w, w->r[3], ELG_E12, "X", &eb), ERR_LOCKED);
	problem_list_init(&pl);
	assert_int_equal(eyfsp_sync(w->app, w->c, &alice, &w->school, AY, &pl, NULL, &eb),
			 ERR_LOCKED);
	assert_int_equal(stat_submit(w->app, w->c, &alice, &w->school, COLL_EYFSP, AY, true, &pl,
				     &eb),
			 ERR_CONFLICT);
	problem_list_release(&pl);

	/* the LA unlocks with a reason; the grid can change and a new sync stores it */
	assert_int_equal(stat_unlock(w->app, w->c, &olga, &w->school, COLL_EYFSP, AY,
				     "Writing of Nell Dunmore was mis-entered", &eb),
			 ERR_OK);
	assert_int_equal(set_cell(w, w->r[3], ELG_E12, "X", &eb), ERR_OK);
	problem_list_init(&pl);
	size_t written = 0;
	assert_int_equal(eyfsp_sync(w->app, w->c, &alice, &w->school, AY, &pl, &written, &eb),
			 ERR_OK);
	assert_int_equal(written, 1);
	problem_list_release(&pl);
	assert_int_equal(store_statutory_get(w->c, w->r[3], COLL_EYFSP, AY, "E12", "EL", &s),
			 ERR_OK);
	assert_string_equal(s.result, "2");
}

/* Export: an FSP CTF with the grid's 17 codes per pupil, named as the DfE says. */
static void test_export_reads_back(void **state)
{
	struct world *w = *state;
	struct ctf_read_options ropt = { .max_bytes = STAT_IMPORT_MAX };
	struct ctf_dest dest = { .kind = CTF_DEST_LA };
	struct assess_grid g;
	struct stat_return r;
	struct problem_list pl;
	struct errbuf eb = { "" };
	char name[CTF_NAME_MAX];
	char *xml = NULL;
	size_t len = 0;

	for (size_t i = 0; i < 4; i++)
		fill_row(w, w->r[i], i % 2 ? "E" : "X");
	assert_int_equal(set_cell(w, w->r[0], ELG_E03, "E", &eb), ERR_OK);
	assert_int_equal(set_cell(w, w->r[1], ELG_E07, "A", &eb), ERR_OK);

	problem_list_init(&pl);
	assert_int_equal(store_begin(w->c, &eb), ERR_OK); /* as the CLI runs it */
	if (stat_export_to(w->app, w->c, &alice, &w->school, COLL_EYFSP, AY, &dest, &xml, &len,
			   name, &pl, &eb) != ERR_OK)
		fail_msg("export: %s", eb.msg);
	assert_int_equal(store_commit(w->c, &eb), ERR_OK);
	assert_string_equal(name, "8881234_FSP_888LLLL_001.xml");
	problem_list_release(&pl);
	/* the export synced the grid into the statutory store */
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(stored_count(w, w->r[i]), ELG__MAX);

	problem_list_init(&pl);
	assert_int_equal(ctf_read(xml, len, name, &ropt, &r, &pl), ERR_OK);
	assert_int_equal(r.npupils, 4);
	assert_int_equal(assess_grid_load(w->app, w->c, &w->school, w->elg.id, &g), ERR_OK);
	for (size_t i = 0; i < g.nrows; i++) {
		const struct stat_pupil *p = pupil_of(&r, g.rows[i].pupil.id, w);
		if (!g.rows[i].pupil.include_in_data) {
			assert_null(p);
			continue;
		}
		assert_non_null(p);
		assert_int_equal(p->nresults, ELG__MAX);
		for (int k = 0; k < ELG__MAX; k++) {
			const char *want =
				elg_result_ctf((enum elg_result)g.rows[i].cells[k].value);
			assert_non_null(want);
			assert_string_equal(result_of(p, elg_get((enum elg)k)->code), want);
		}
	}
	assert_string_equal(result_of(pupil_of(&r, w->r[1], w), "E01"), "A");
	assert_string_equal(result_of(pupil_of(&r, w->r[0], w), "E03"), "1");
	assess_grid_free(&g);
	stat_return_release(&r);
	problem_list_release(&pl);
	free(xml);

	/* an export with an incomplete row is refused and takes no number */
	assert_int_equal(set_cell(w, w->r[0], ELG_E03, "", &eb), ERR_OK);
	problem_list_init(&pl);
	assert_int_equal(stat_export_to(w->app, w->c, &alice, &w->school, COLL_EYFSP, AY, &dest,
					&xml, &len, name, &pl, &eb),
			 ERR_INVALID);
	assert_true(has_code(&pl, "EYFSP_MISSING"));
	assert_null(xml);
	problem_list_release(&pl);
}

/* A number "key": N from the expected JSON after the text after. */
static long json_num(const char *json, const char *after, const char *key)
{
	const char *s = strstr(json, after);
	char pat[64];

	assert_non_null(s);
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	s = strstr(s, pat);
	assert_non_null(s);
	return strtol(s + strlen(pat), NULL, 10);
}

/* Importing the shared FSP fixture stores what its expected summary says and
 * fills the tracking grid; after the submit a second import is refused. */
static void test_import_fixture(void **state)
{
	struct world *w = *state;
	char *path = tu_shared_path("fixtures/ctf/8881234_FSP_888LLLL_001.xml");
	char *epath = tu_shared_path("fixtures/ctf/8881234_FSP_888LLLL_001.expected.json");
	size_t len = 0, elen = 0;
	char *xml = tu_read_file(path, &len);
	char *json = tu_read_file(epath, &elen);
	struct stat_import_counts counts;
	struct report_eyfsp rep;
	struct assessment as;
	struct assess_grid g;
	struct problem_list pl;
	struct errbuf eb = { "" };

	assert_non_null(xml);
	assert_non_null(json);
	problem_list_init(&pl);
	if (stat_import(w->app, w->c, &alice, &w->school, "8881234_FSP_888LLLL_001.xml", xml, len,
			&counts, &pl, &eb) != ERR_OK)
		fail_msg("import: %s (%zu problems, first %s)", eb.msg, pl.count,
			 pl.count ? pl.items[0].message : "");
	problem_list_release(&pl);
	assert_int_equal(counts.pupils_new, json_num(json, "{", "pupils"));
	assert_int_equal(counts.results, counts.pupils_new * ELG__MAX);

	/* the statutory store: the expected summary */
	report_eyfsp_init(&rep);
	assert_int_equal(report_eyfsp_of_school(w->c, &w->school, AY, &rep), ERR_OK);
	assert_int_equal(rep.cohort.pupils, json_num(json, "{", "pupils"));
	assert_int_equal(rep.cohort.assessed, json_num(json, "{", "assessed"));
	assert_int_equal(rep.cohort.absent, json_num(json, "{", "absent_all_A"));
	assert_int_equal(rep.cohort.gld, json_num(json, "{", "gld"));
	for (int k = 0; k < ELG__MAX; k++) {
		char at[16];
		snprintf(at, sizeof(at), "\"%s\"", elg_get((enum elg)k)->code);
		assert_int_equal(rep.cohort.emerging_by_elg[k], json_num(json, at, "emerging"));
		assert_int_equal(rep.cohort.expected_by_elg[k], json_num(json, at, "expected"));
	}

	/* the tracking grid: created, filled, the same figures */
	assert_int_equal(eyfsp_assessment(w->c, &w->school, AY, &as), ERR_OK);
	assert_int_equal(as.kind, SCALE_ELG);
	assert_int_equal(assess_grid_load(w->app, w->c, &w->school, as.id, &g), ERR_OK);
	assert_int_equal(g.nrows, (size_t)json_num(json, "{", "pupils"));
	assert_int_equal(g.cohort.assessed, rep.cohort.assessed);
	assert_int_equal(g.cohort.gld, rep.cohort.gld);
	assert_int_equal(g.cohort.absent, rep.cohort.absent);
	assert_int_equal(g.cohort.total_sum, rep.cohort.total_sum);
	for (int k = 0; k < ELG__MAX; k++)
		assert_int_equal(g.cohort.expected_by_elg[k], rep.cohort.expected_by_elg[k]);
	assess_grid_free(&g);

	/* the grid's return is complete: it can be submitted, then imports are refused */
	problem_list_init(&pl);
	if (stat_submit(w->app, w->c, &alice, &w->school, COLL_EYFSP, AY, true, &pl, &eb) != ERR_OK)
		fail_msg("submit: %s", eb.msg);
	problem_list_release(&pl);
	problem_list_init(&pl);
	assert_int_equal(stat_import(w->app, w->c, &alice, &w->school, "again.xml", xml, len,
				     &counts, &pl, &eb),
			 ERR_LOCKED);
	problem_list_release(&pl);

	free(xml);
	free(json);
	free(path);
	free(epath);
}

/* A pupil the grid cannot hold refuses the whole import: nothing stored, no grid. */
static void test_import_all_or_nothing(void **state)
{
	struct world *w = *state;
	char *path = tu_shared_path("fixtures/ctf/8881234_FSP_888LLLL_001.xml");
	size_t len = 0;
	char *xml = tu_read_file(path, &len);
	struct stat_import_counts counts;
	struct stat_stored *list = NULL;
	struct assessment as;
	struct problem_list pl;
	struct errbuf eb = { "" };
	struct pupil p = { .establishment_id = w->school.id,
			   .gender = GENDER_MALE,
			   .sen = 'N',
			   .year_override = 1, /* Year 1 on the record */
			   .include_in_data = true,
			   .dob = { 2021, 7, 26 } };
	size_t n = 0;

	assert_non_null(xml);
	snprintf(p.upn, sizeof(p.upn), "T888123425001"); /* the fixture's first pupil */
	snprintf(p.surname, sizeof(p.surname), "MOCKWELL");
	snprintf(p.forenames, sizeof(p.forenames), "OSCAR");
	assert_int_equal(store_pupil_add(w->c, &alice, &p, &eb), ERR_OK);
	problem_list_init(&pl);
	assert_int_equal(stat_import(w->app, w->c, &alice, &w->school, "fsp.xml", xml, len, &counts,
				     &pl, &eb),
			 ERR_INVALID);
	assert_true(has_code(&pl, "EYFSP_NOT_REC"));
	problem_list_release(&pl);
	assert_int_equal(store_statutory_list(w->c, w->school.id, COLL_EYFSP, AY, &list, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
	free(list);
	assert_int_equal(eyfsp_assessment(w->c, &w->school, AY, &as), ERR_NOT_FOUND);
	free(xml);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_grid_to_return_and_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_submit_stores_and_locks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_reads_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_fixture, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_import_all_or_nothing, setup_empty, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
