/*
 * test_report: the reports on SQLite and PostgreSQL. The phonics fixture CTF
 * imported into school 8881234 gives the counts of its .expected.json; the EYFS
 * profile fixture's results stored for the school give the counts of its
 * .expected.json, the same as counting the file itself; the Full Report of an
 * assessment follows include in data, the class and the characteristics filter.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/assess.h"
#include "app/report.h"
#include "app/statutory_app.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/pupil_filter.h"
#include "formats/ctf_read.h"
#include "store/store.h"

#include "app_world.h"

enum { AY = 2025 };

struct world {
	struct app *app;
	struct store_conn *c;
	int64_t clock;
	struct establishment school;
};

static const struct actor alice = { 7, "alice", "192.0.2.7" };

static int setup(void **state)
{
	struct world *w = xcalloc(1, sizeof(*w));
	int64_t la;

	w->clock = 1781049600; /* 2026-06-10: academic year 2025/26 */
	w->app = tw_app_open("report", &w->clock, NULL);
	w->c = store_acquire(w->app->store);
	la = tw_la(w->c, &alice, 888, "Test LA").id;
	w->school = tw_school(w->c, &alice, la, 1234, 123456, "Example Primary School");
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

/* Imports a fixture CTF through the statutory use case (pupils and the results
 * it stores); returns the file read with ctf_read (release it). */
static void import_fixture(struct world *w, const char *name, struct stat_return *r)
{
	struct stat_import_counts counts;
	struct problem_list pl;
	struct errbuf eb = { "" };
	char *path = tu_shared_path(name);
	size_t len = 0;
	char *xml = tu_read_file(path, &len);
	enum err rc;

	problem_list_init(&pl);
	rc = stat_import(w->app, w->c, &alice, &w->school, name, xml, len, &counts, &pl, &eb);
	if (rc != ERR_OK) {
		char line[PROBLEM_LINE_MAX];
		for (size_t i = 0; i < pl.count; i++)
			print_message("%s\n", problem_format_line(&pl.items[i], line));
		fail_msg("stat_import %s: %s", name, eb.msg);
	}
	problem_list_release(&pl);
	problem_list_init(&pl);
	assert_int_equal(ctf_read(xml, len, name, NULL, r, &pl), ERR_OK);
	problem_list_release(&pl);
	free(xml);
	free(path);
}

static void test_phonics_fixture(void **state)
{
	struct world *w = *state;
	struct report_phonics db, file;
	struct stat_return r;
	struct strbuf json;

	import_fixture(w, "fixtures/ctf/8881234_CTF_888LLLL_001.xml", &r);
	report_phonics_init(&db);
	assert_int_equal(report_phonics_of_school(w->c, &w->school, AY, &db), ERR_OK);
	/* 8881234_CTF_888LLLL_001.expected.json */
	assert_int_equal(db.year1, 28);
	assert_int_equal(db.year1_met, 14);
	assert_int_equal(db.year2, 4);
	assert_int_equal(db.year2_met, 1);
	report_phonics_of_return(w->app->codes, &r, &file);
	assert_memory_equal(&db, &file, sizeof(db));
	strbuf_init(&json, 4096);
	assert_true(report_phonics_json(&json, &(struct report_header){ 8881234, AY }, &db));
	assert_string_equal(json.buf, "{\"report\":\"phonics\",\"establishment\":8881234,"
				      "\"academic_year\":2025,\"year1\":28,\"year1_met\":14,"
				      "\"year2\":4,\"year2_met\":1}");
	strbuf_release(&json);
	stat_return_release(&r);
}

/* Stores the EYFS profile results of r for the pupils the import added. */
static void store_eyfsp(struct world *w, const struct stat_return *r)
{
	struct errbuf eb = { "" };

	for (size_t i = 0; i < r->npupils; i++) {
		struct pupil p;
		assert_int_equal(store_pupil_get_by_upn(w->c, r->pupils[i].upn, &p), ERR_OK);
		for (size_t k = 0; k < r->pupils[i].nresults; k++) {
			const struct stat_result *res = &r->pupils[i].results[k];
			struct stat_stored s = { .pupil_id = p.id,
						 .coll = COLL_EYFSP,
						 .academic_year = AY };
			if (strcmp(res->stage, "FSP") != 0)
				continue;
			snprintf(s.component, sizeof(s.component), "%s", res->component);
			snprintf(s.qualifier, sizeof(s.qualifier), "%s", res->qualifier);
			snprintf(s.result, sizeof(s.result), "%s", res->result);
			if (store_statutory_put(w->c, &alice, w->school.id, &s, &eb) != ERR_OK)
				fail_msg("store_statutory_put: %s", eb.msg);
		}
	}
}

static void test_eyfsp_fixture(void **state)
{
	struct world *w = *state;
	struct report_eyfsp db, file;
	struct stat_return r;
	struct strbuf json;
	/* 8881234_FSP_888LLLL_001.expected.json, per_elg E01..E17 */
	static const int emerging[ELG__MAX] = { 4, 2, 4, 6, 6, 4, 3, 6, 6, 3, 6, 3, 6, 7, 3, 2, 4 };

	import_fixture(w, "fixtures/ctf/8881234_FSP_888LLLL_001.xml", &r);
	store_eyfsp(w, &r);
	report_eyfsp_init(&db);
	assert_int_equal(report_eyfsp_of_school(w->c, &w->school, AY, &db), ERR_OK);
	assert_int_equal(db.cohort.pupils, 30);
	assert_int_equal(db.cohort.assessed, 27);
	assert_int_equal(db.cohort.absent, 3);
	assert_int_equal(db.cohort.gld, 10);
	for (int e = 0; e < ELG__MAX; e++) {
		assert_int_equal(db.cohort.emerging_by_elg[e], emerging[e]);
		assert_int_equal(db.cohort.expected_by_elg[e], 27 - emerging[e]);
	}
	report_eyfsp_of_return(w->app->codes, &r, &file);
	assert_memory_equal(&db.cohort, &file.cohort, sizeof(db.cohort));
	strbuf_init(&json, 1 << 16);
	assert_true(report_eyfsp_json(&json, &(struct report_header){ 8881234, AY }, &db));
	assert_non_null(strstr(json.buf, "\"gld\":10,\"gld_percent\":37.04,"
					 "\"average_elgs_at_expected\":14.22,"
					 "\"average_total_score\":31.22,"));
	assert_non_null(strstr(json.buf, "\"E14\":{\"emerging\":7,\"expected\":20}"));
	strbuf_release(&json);
	/* another year holds nothing */
	report_eyfsp_init(&db);
	assert_int_equal(report_eyfsp_of_school(w->c, &w->school, AY - 1, &db), ERR_OK);
	assert_int_equal(db.cohort.pupils, 0);
	stat_return_release(&r);
}

static int64_t add_child(struct world *w, const char *upn, const char *surname, int class_no,
			 bool included, enum gender g)
{
	/* born 2020-10-03: Reception in 2025/26 */
	struct pupil p = tw_pupil(w->school.id, upn, surname, "Kit", (struct date){ 2020, 10, 3 });

	p.gender = g;
	p.include_in_data = included;
	p.class_no = class_no;
	return tw_pupil_add(w->c, &alice, &p);
}

static void set_cell(struct world *w, const struct assessment *a, int64_t pupil, enum elg e,
		     const char *value)
{
	struct assess_cell_write cw = { .pupil_id = pupil, .elg = e, .value = value };
	struct assess_written out;
	struct errbuf eb = { "" };
	struct judgement j;

	if (store_judgement_get(w->c, a->id, pupil, e, &j) == ERR_OK)
		cw.version = j.version;
	if (assess_set_cell(w->app, w->c, &alice, &w->school, a, &cw, &out, &eb) != ERR_OK)
		fail_msg("assess_set_cell: %s", eb.msg);
}

static void test_full_report_filters(void **state)
{
	struct world *w = *state;
	struct assess_input in = { .name = "Autumn",
				   .date = { 2025, 10, 14 },
				   .year_groups = ASSESS_YG_R,
				   .kind = SCALE_TRACKING };
	struct errbuf eb = { "" };
	struct report_data d;
	struct pupil_filter f;
	struct assessment a;
	int64_t zed, amy, bob, cat;

	assert_int_equal(assess_create(w->app, w->c, &alice, &w->school, &in, &a, &eb), ERR_OK);
	zed = add_child(w, "A888123425101", "Zephyr", 1, true, GENDER_MALE);
	amy = add_child(w, "B888123425102", "Abbot", 1, true, GENDER_FEMALE);
	bob = add_child(w, "C888123425103", "Brill", 2, true, GENDER_MALE);
	cat = add_child(w, "D888123425104", "Catkin", 2, false, GENDER_FEMALE);
	set_cell(w, &a, zed, ELG_E01, "O");
	set_cell(w, &a, amy, ELG_E01, "B");
	set_cell(w, &a, bob, ELG_E01, "O");
	set_cell(w, &a, cat, ELG_E01, "O"); /* not in data */

	struct report_query q = { a.id, YEAR_R, 0, NULL };
	assert_int_equal(report_load(w->app, w->c, &w->school, &q, &d), ERR_OK);
	assert_int_equal(d.n, 4);
	assert_string_equal(d.pupils[0].surname, "Abbot"); /* alphabetical */
	assert_string_equal(d.pupils[3].surname, "Zephyr");
	assert_int_equal(d.full.included, 3);
	assert_int_equal(d.full.pupils[ELG_E01], 3);
	assert_int_equal(d.full.count[ELG_E01][TRACK_ON_TRACK], 2);
	assert_int_equal(d.full.count[ELG_E01][TRACK_BELOW], 1);
	/* nobody judged in E02: the 3 pupils are still the denominator */
	assert_int_equal(d.full.pupils[ELG_E02], 3);
	assert_int_equal(d.full.col[ELG_E02].judged, 0);
	report_data_free(&d);

	q.class_no = 2; /* Brill only (Catkin is not in data) */
	assert_int_equal(report_load(w->app, w->c, &w->school, &q, &d), ERR_OK);
	assert_int_equal(d.full.pupils[ELG_E01], 1);
	assert_int_equal(d.full.count[ELG_E01][TRACK_ON_TRACK], 1);
	report_data_free(&d);

	pupil_filter_init(&f);
	assert_true(pupil_filter_set(&f, "f_gender", "F"));
	q.class_no = 0;
	q.filter = &f; /* Abbot only */
	assert_int_equal(report_load(w->app, w->c, &w->school, &q, &d), ERR_OK);
	assert_int_equal(d.full.pupils[ELG_E01], 1);
	assert_int_equal(d.full.count[ELG_E01][TRACK_BELOW], 1);
	report_data_free(&d);

	q.filter = NULL;
	q.year_group = YEAR_N2; /* nobody */
	assert_int_equal(report_load(w->app, w->c, &w->school, &q, &d), ERR_OK);
	assert_int_equal(d.n, 0);
	report_data_free(&d);

	q.assessment_id = a.id + 1000;
	assert_int_equal(report_load(w->app, w->c, &w->school, &q, &d), ERR_NOT_FOUND);
	report_data_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_phonics_fixture, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eyfsp_fixture, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_report_filters, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
