/*
 * test_meetings: the progress-meeting use cases on SQLite and PostgreSQL: the
 * Areas of Development grid for the chosen and the previous assessment of the
 * same year (whole percentages of the Reception cohort, pupils not included in
 * data left out, by class), template date windows, the defaults read without
 * a write until a school makes them its own, save all-or-nothing with
 * located field errors, edit and delete, the current year's Reception cohort
 * only, the home headline and LA news scoping.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/assess.h"
#include "app/meetings.h"
#include "base/date.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "store/store.h"
#include "store/store_meetings.h"

#include "app_world.h"

enum { NPUPILS = 4 };

struct world {
	struct app *app;
	struct store_conn *c;
	int64_t clock;
	int64_t la, la2;
	struct establishment school, other;
	int64_t pupil[NPUPILS]; /* Reception at school; [3] is in class 2 */
	int64_t excluded;	/* Reception, not included in data */
	int64_t nursery;	/* N2 at school */
	int64_t stranger;	/* Reception at other */
	struct assessment autumn, spring, n2only, lastyear, theirs;
};

static const struct actor alice = { 7, "alice", "192.0.2.7" };

static int64_t add_child(struct world *w, int64_t est, const char *upn, const char *surname,
			 struct date dob, bool include, int class_no)
{
	struct pupil p = tw_pupil(est, upn, surname, "Rue", dob);

	p.gender = GENDER_MALE;
	p.include_in_data = include;
	p.class_no = class_no;
	return tw_pupil_add(w->c, &alice, &p);
}

static void add_assessment(struct world *w, const struct establishment *e, const char *name,
			   struct date d, unsigned yg, struct assessment *out)
{
	*out = tw_tracking(w->app, w->c, &alice, e, name, d, yg);
}

static void put(struct world *w, const struct establishment *e, const struct assessment *a,
		int64_t pupil, enum elg g, const char *value)
{
	struct assess_cell_write wr = { .pupil_id = pupil, .elg = g, .value = value };
	struct assess_written out;
	struct errbuf eb = { "" };
	struct judgement cur;

	store_judgement_get(w->c, a->id, pupil, g, &cur);
	wr.version = cur.version;
	if (assess_set_cell(w->app, w->c, &alice, e, a, &wr, &out, &eb) != ERR_OK)
		fail_msg("assess_set_cell: %s", eb.msg);
}

static int setup(void **state)
{
	struct world *w = xcalloc(1, sizeof(*w));
	char upn[16];

	w->clock = 1772323200; /* 2026-03-01: academic year 2025/26 */
	w->app = tw_app_open("meetings", &w->clock, NULL);
	w->c = store_acquire(w->app->store);
	w->la = tw_la(w->c, &alice, 888, "Test LA").id;
	w->la2 = tw_la(w->c, &alice, 889, "Other LA").id;
	w->school = tw_school(w->c, &alice, w->la, 1234, 100001, "Willow Bank Primary");
	w->other = tw_school(w->c, &alice, w->la, 2345, 100002, "Ferncliff Primary");
	for (int i = 0; i < NPUPILS; i++) {
		char surname[16];

		snprintf(upn, sizeof(upn), "A88812342500%d", i);
		snprintf(surname, sizeof(surname), "Brackley%c", 'A' + i);
		w->pupil[i] = add_child(w, w->school.id, upn, surname,
					(struct date){ 2021, 1, 10 + i }, true, i == 3 ? 2 : 1);
	}
	w->excluded = add_child(w, w->school.id, "A888123425009", "Outwith",
				(struct date){ 2021, 3, 3 }, false, 1);
	w->nursery = add_child(w, w->school.id, "A888123425100", "Nurslow",
			       (struct date){ 2022, 2, 2 }, true, 1);
	w->stranger = add_child(w, w->other.id, "A888234525000", "Farway",
				(struct date){ 2021, 2, 2 }, true, 1);
	add_assessment(w, &w->school, "Autumn Term Assessment", (struct date){ 2025, 10, 14 },
		       ASSESS_YG_R, &w->autumn);
	add_assessment(w, &w->school, "Spring Term Assessment", (struct date){ 2026, 1, 20 },
		       ASSESS_YG_R, &w->spring);
	add_assessment(w, &w->school, "Nursery Spring", (struct date){ 2026, 1, 21 }, ASSESS_YG_N2,
		       &w->n2only);
	add_assessment(w, &w->school, "Last Year Summer", (struct date){ 2025, 6, 10 }, ASSESS_YG_R,
		       &w->lastyear);
	add_assessment(w, &w->other, "Their Autumn", (struct date){ 2025, 10, 1 }, ASSESS_YG_R,
		       &w->theirs);
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

static size_t audit_count(struct world *w, const char *action)
{
	struct audit_query q = { .action = action, .limit = 10000 };
	struct audit_entry *list = NULL;
	size_t n = 0;

	assert_int_equal(store_audit_list(w->c, &q, &list, &n), ERR_OK);
	free(list);
	return n;
}

static void test_percent_rounding(void **state)
{
	(void)state;
	assert_int_equal(meetings_percent(1, 3), 33);
	assert_int_equal(meetings_percent(2, 3), 67);
	assert_int_equal(meetings_percent(1, 8), 13);
	assert_int_equal(meetings_percent(7, 11), 64);
	assert_int_equal(meetings_percent(0, 12), 0);
	assert_int_equal(meetings_percent(12, 12), 100);
	assert_int_equal(meetings_percent(0, 0), -1);
}

static void test_grid_with_previous(void **state)
{
	struct world *w = *state;
	struct meeting_grid g;

	put(w, &w->school, &w->autumn, w->pupil[0], ELG_E01, "B");
	put(w, &w->school, &w->autumn, w->pupil[1], ELG_E01, "B");
	put(w, &w->school, &w->autumn, w->pupil[2], ELG_E01, "O");
	put(w, &w->school, &w->autumn, w->pupil[3], ELG_E01, "O");
	put(w, &w->school, &w->autumn, w->excluded, ELG_E01, "B");
	put(w, &w->school, &w->spring, w->pupil[0], ELG_E01, "O");
	put(w, &w->school, &w->spring, w->pupil[1], ELG_E01, "B");
	put(w, &w->school, &w->spring, w->pupil[2], ELG_E01, "O");
	put(w, &w->school, &w->spring, w->excluded, ELG_E01, "B");
	put(w, &w->school, &w->spring, w->pupil[2], ELG_E17, "B");

	assert_int_equal(meetings_grid(w->app, w->c, &w->school, w->spring.id, 0, &g), ERR_OK);
	assert_true(g.now.have);
	assert_int_equal(g.now.cohort, 4);
	assert_int_equal(meetings_percent(g.now.below[ELG_E01], g.now.cohort), 25);
	assert_int_equal(meetings_percent(g.now.on_track[ELG_E01], g.now.cohort), 50);
	assert_int_equal(meetings_percent(g.now.below[ELG_E17], g.now.cohort), 25);
	assert_int_equal(g.now.on_track[ELG_E02], 0);
	assert_true(g.prev.have);
	assert_int_equal(g.prev.assessment_id, w->autumn.id);
	assert_string_equal(g.prev.name, "Autumn Term Assessment");
	assert_int_equal(meetings_percent(g.prev.below[ELG_E01], g.prev.cohort), 50);
	assert_int_equal(meetings_percent(g.prev.on_track[ELG_E01], g.prev.cohort), 50);

	/* The first assessment of the year has no previous one (last year's does not count). */
	assert_int_equal(meetings_grid(w->app, w->c, &w->school, w->autumn.id, 0, &g), ERR_OK);
	assert_true(g.now.have);
	assert_false(g.prev.have);
	assert_int_equal(g.now.below[ELG_E01], 2);

	/* One class only. */
	assert_int_equal(meetings_grid(w->app, w->c, &w->school, w->spring.id, 2, &g), ERR_OK);
	assert_int_equal(g.now.cohort, 1);
	assert_int_equal(g.now.on_track[ELG_E01], 0);
	assert_int_equal(g.prev.on_track[ELG_E01], 1);

	/* Not Reception, or another school's: not found. */
	assert_int_equal(meetings_grid(w->app, w->c, &w->school, w->n2only.id, 0, &g),
			 ERR_NOT_FOUND);
	assert_int_equal(meetings_grid(w->app, w->c, &w->school, w->theirs.id, 0, &g),
			 ERR_NOT_FOUND);
}

static void test_template_windows(void **state)
{
	struct world *w = *state;
	struct discussion_area *list = NULL, d = { 0 };
	struct meeting_row *rows = NULL;
	struct meeting_errors fe;
	struct errbuf eb = { "" };
	size_t n = 0;
	bool own = true;

	assert_int_equal(meetings_template_rows(w->app, w->c, &w->school, &rows, &n), ERR_OK);
	assert_int_equal(n, 7);
	assert_int_equal(rows[0].section, MSEC_QUESTION);
	assert_string_equal(rows[6].title, "General comments");
	free(rows);
	/* Reading the defaults changes nothing; the school makes them its own once. */
	assert_int_equal(meetings_templates(w->c, &w->school, &list, &n, &own), ERR_OK);
	assert_false(own);
	assert_int_equal(n, 7);
	assert_int_equal(list[0].id, 0);
	free(list);
	assert_int_equal(audit_count(w, "discussion."), 0);
	assert_int_equal(meetings_templates_customise(w->c, &alice, &w->school, &eb), ERR_OK);
	assert_int_equal(meetings_templates_customise(w->c, &alice, &w->school, &eb), ERR_OK);
	assert_int_equal(audit_count(w, "discussion.seed"), 1);

	/* Ended yesterday, starts tomorrow, ends today. */
	assert_int_equal(meetings_templates(w->c, &w->school, &list, &n, &own), ERR_OK);
	assert_true(own);
	assert_true(list[0].id > 0);
	list[0].end = (struct date){ 2026, 2, 28 };
	assert_int_equal(meetings_template_save(w->c, &alice, &w->school, &list[0], &fe, &eb),
			 ERR_OK);
	list[1].start = (struct date){ 2026, 3, 2 };
	assert_int_equal(meetings_template_save(w->c, &alice, &w->school, &list[1], &fe, &eb),
			 ERR_OK);
	list[2].start = (struct date){ 2026, 3, 1 };
	list[2].end = (struct date){ 2026, 3, 1 };
	assert_int_equal(meetings_template_save(w->c, &alice, &w->school, &list[2], &fe, &eb),
			 ERR_OK);
	assert_int_equal(meetings_template_rows(w->app, w->c, &w->school, &rows, &n), ERR_OK);
	assert_int_equal(n, 5);
	assert_string_equal(rows[0].title, list[2].description);
	free(rows);
	w->clock += 86400; /* 2 March */
	assert_int_equal(meetings_template_rows(w->app, w->c, &w->school, &rows, &n), ERR_OK);
	assert_int_equal(n, 5);
	assert_string_equal(rows[0].title, list[1].description);
	free(rows);

	/* A new one sorted first; a bad one is refused with its field. */
	snprintf(d.description, sizeof(d.description), "How are the new starters settling?");
	d.sort_order = 0;
	assert_int_equal(meetings_template_save(w->c, &alice, &w->school, &d, &fe, &eb), ERR_OK);
	assert_int_equal(meetings_template_rows(w->app, w->c, &w->school, &rows, &n), ERR_OK);
	assert_int_equal(n, 6);
	assert_string_equal(rows[0].title, "How are the new starters settling?");
	free(rows);
	d.id = 0;
	d.description[0] = '\0';
	d.start = (struct date){ 2026, 5, 1 };
	d.end = (struct date){ 2026, 4, 1 };
	assert_int_equal(meetings_template_save(w->c, &alice, &w->school, &d, &fe, &eb),
			 ERR_INVALID);
	assert_int_equal(fe.n, 2);
	assert_string_equal(fe.e[0].field, "description");
	assert_string_equal(fe.e[1].field, "end_date");

	/* Another school's template is not found, so not changed. */
	assert_int_equal(meetings_template_get(w->c, &w->other, list[3].id, &d), ERR_NOT_FOUND);
	assert_int_equal(meetings_template_delete(w->c, &alice, &w->other, list[3].id, &eb),
			 ERR_NOT_FOUND);
	assert_int_equal(meetings_template_delete(w->c, &alice, &w->school, list[3].id, &eb),
			 ERR_OK);
	assert_int_equal(audit_count(w, "discussion.delete"), 1);
	free(list);
}

static void test_template_add_copies_defaults(void **state)
{
	struct world *w = *state;
	struct discussion_area *list = NULL, d = { .sort_order = 9 };
	struct meeting_errors fe;
	struct errbuf eb = { "" };
	size_t n = 0;
	bool own = false;

	snprintf(d.description, sizeof(d.description), "Any new arrivals?");
	assert_int_equal(meetings_template_save(w->c, &alice, &w->other, &d, &fe, &eb), ERR_OK);
	assert_int_equal(meetings_templates(w->c, &w->other, &list, &n, &own), ERR_OK);
	assert_true(own);
	assert_int_equal(n, 8);
	assert_string_equal(list[7].description, "Any new arrivals?");
	free(list);
	/* The first school still reads the defaults. */
	assert_int_equal(meetings_templates(w->c, &w->school, &list, &n, &own), ERR_OK);
	assert_false(own);
	assert_int_equal(n, 7);
	free(list);
}

static void test_save_crud(void **state)
{
	struct world *w = *state;
	struct meeting m = { .class_no = 0, .date = { 2026, 3, 1 } }, got, *list = NULL;
	struct meeting_row rows[6] = {
		{ .section = MSEC_QUESTION,
		  .elg = -1,
		  .title = "General comments",
		  .notes = "Calm term" },
		{ .section = MSEC_BARRIER, .elg = -1 }, /* empty: dropped */
		{ .section = MSEC_BARRIER, .elg = -1, .notes = "Speech delay" },
		{ .section = MSEC_TARGETED, .elg = ELG_E11, .notes = "Number bonds" },
		{ .section = MSEC_GROUP, .elg = ELG_E09, .title = "" },
		{ .section = MSEC_QUESTION, .elg = -1, .title = "" }, /* empty: dropped */
	};
	struct meeting_row *back = NULL;
	struct meeting_errors fe;
	struct errbuf eb = { "" };
	size_t n = 0;

	/* Everything wrong at once: nothing stored, each field named. */
	m.date = (struct date){ 2025, 7, 1 };
	m.assessment_id = w->lastyear.id;
	rows[2].pupil_id = w->nursery;
	rows[3].pupil_id = w->stranger;
	assert_int_equal(meetings_save(w->app, w->c, &alice, &w->school, &m, rows, 6, &fe, &eb),
			 ERR_INVALID);
	assert_int_equal(fe.n, 6);
	assert_string_equal(fe.e[0].field, "teacher");
	assert_string_equal(fe.e[1].field, "date");
	assert_non_null(strstr(fe.e[1].message, "current academic year"));
	assert_string_equal(fe.e[2].field, "assessment");
	assert_int_equal(fe.e[3].section, MSEC_BARRIER);
	assert_int_equal(fe.e[3].row, 1);
	assert_string_equal(fe.e[3].field, "pupil");
	assert_int_equal(fe.e[4].section, MSEC_TARGETED);
	assert_string_equal(fe.e[4].field, "pupil");
	assert_int_equal(fe.e[5].section, MSEC_GROUP);
	assert_string_equal(fe.e[5].field, "title");
	assert_int_equal(m.id, 0);
	assert_int_equal(meetings_list(w->app, w->c, &w->school, &list, &n), ERR_OK);
	assert_int_equal(n, 0);
	free(list);

	/* Fixed: saved without the empty rows. */
	snprintf(m.teacher, sizeof(m.teacher), "Mrs Tolland");
	m.date = (struct date){ 2026, 2, 27 };
	m.assessment_id = w->spring.id;
	rows[2].pupil_id = w->pupil[1];
	rows[3].pupil_id = w->pupil[2];
	snprintf(rows[4].title, sizeof(rows[4].title), "Summer-born boys");
	assert_int_equal(meetings_save(w->app, w->c, &alice, &w->school, &m, rows, 6, &fe, &eb),
			 ERR_OK);
	assert_true(m.id > 0);
	assert_int_equal(m.academic_year, 2025);
	assert_int_equal(meetings_load(w->app, w->c, &w->school, m.id, &got, &back, &n), ERR_OK);
	assert_string_equal(got.teacher, "Mrs Tolland");
	assert_int_equal(n, 4);
	assert_int_equal(back[1].section, MSEC_BARRIER);
	assert_int_equal(back[1].pupil_id, w->pupil[1]);
	assert_int_equal(back[2].elg, ELG_E11);
	assert_string_equal(back[3].title, "Summer-born boys");
	free(back);

	/* A second, earlier meeting lists after it; the edit keeps the id. */
	{
		struct meeting m2 = m;

		m2.id = 0;
		m2.date = (struct date){ 2025, 11, 5 };
		m2.assessment_id = w->autumn.id;
		assert_int_equal(meetings_save(w->app, w->c, &alice, &w->school, &m2, rows, 1, &fe,
					       &eb),
				 ERR_OK);
		assert_int_equal(meetings_list(w->app, w->c, &w->school, &list, &n), ERR_OK);
		assert_int_equal(n, 2);
		assert_int_equal(list[0].id, m.id);
		assert_int_equal(list[1].id, m2.id);
		free(list);
	}
	snprintf(m.teacher, sizeof(m.teacher), "Mr Hemsby");
	assert_int_equal(meetings_save(w->app, w->c, &alice, &w->school, &m, rows, 1, &fe, &eb),
			 ERR_OK);
	assert_int_equal(meetings_load(w->app, w->c, &w->school, m.id, &got, &back, &n), ERR_OK);
	assert_string_equal(got.teacher, "Mr Hemsby");
	assert_int_equal(n, 1);
	free(back);
	assert_int_equal(audit_count(w, "meeting.add"), 2);
	assert_true(audit_count(w, "meeting.update") >= 2);

	/* Another school sees nothing and changes nothing. */
	assert_int_equal(meetings_load(w->app, w->c, &w->other, m.id, &got, &back, &n),
			 ERR_NOT_FOUND);
	assert_int_equal(meetings_save(w->app, w->c, &alice, &w->other, &m, rows, 1, &fe, &eb),
			 ERR_NOT_FOUND);
	assert_int_equal(meetings_delete(w->app, w->c, &alice, &w->other, m.id, &eb),
			 ERR_NOT_FOUND);
	assert_int_equal(meetings_delete(w->app, w->c, &alice, &w->school, m.id, &eb), ERR_OK);
	assert_int_equal(meetings_load(w->app, w->c, &w->school, m.id, &got, &back, &n),
			 ERR_NOT_FOUND);
	assert_int_equal(audit_count(w, "meeting.delete"), 1);
}

static void test_reception_only(void **state)
{
	struct world *w = *state;
	struct assessment *as = NULL;
	struct pupil *cohort = NULL;
	struct meeting m = { .date = { 2026, 2, 2 } }, got, *list = NULL;
	struct meeting_row *rows = NULL;
	struct meeting_errors fe;
	struct errbuf eb = { "" };
	size_t n = 0;

	assert_int_equal(meetings_cohort(w->c, &w->school, 2025, 0, &cohort, &n), ERR_OK);
	assert_int_equal(n, 5); /* the four and the one not included in data; not the N2 */
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(cohort[i].id, w->nursery);
	free(cohort);
	assert_int_equal(meetings_cohort(w->c, &w->school, 2025, 2, &cohort, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(cohort[0].id, w->pupil[3]);
	free(cohort);
	assert_int_equal(meetings_assessments(w->c, &w->school, 2025, &as, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(as[0].id, w->autumn.id);
	assert_int_equal(as[1].id, w->spring.id);
	free(as);

	/* An N2-only assessment is refused; a meeting of last year is out of reach. */
	snprintf(m.teacher, sizeof(m.teacher), "Ms Ardley");
	m.assessment_id = w->n2only.id;
	assert_int_equal(meetings_save(w->app, w->c, &alice, &w->school, &m, NULL, 0, &fe, &eb),
			 ERR_INVALID);
	assert_string_equal(fe.e[0].field, "assessment");
	m.assessment_id = w->spring.id;
	assert_int_equal(meetings_save(w->app, w->c, &alice, &w->school, &m, NULL, 0, &fe, &eb),
			 ERR_OK);
	w->clock += 365 * 86400; /* March 2027: academic year 2026/27 */
	assert_int_equal(meetings_list(w->app, w->c, &w->school, &list, &n), ERR_OK);
	assert_int_equal(n, 0);
	free(list);
	assert_int_equal(meetings_load(w->app, w->c, &w->school, m.id, &got, &rows, &n),
			 ERR_NOT_FOUND);
	assert_int_equal(meetings_save(w->app, w->c, &alice, &w->school, &m, NULL, 0, &fe, &eb),
			 ERR_NOT_FOUND);
}

static void test_headlines(void **state)
{
	struct world *w = *state;
	struct headline *h = NULL;
	char text[256];
	size_t n = 0;

	assert_int_equal(meetings_headlines(w->app, w->c, &w->school, &h, &n), ERR_OK);
	assert_int_equal(n, 0);
	free(h);
	/* Autumn has judgements, Spring (later) too: Spring counts. */
	put(w, &w->school, &w->autumn, w->pupil[0], ELG_E11, "O");
	put(w, &w->school, &w->spring, w->pupil[0], ELG_E11, "O");
	put(w, &w->school, &w->spring, w->pupil[0], ELG_E12, "O");
	put(w, &w->school, &w->spring, w->pupil[1], ELG_E11, "O");
	put(w, &w->school, &w->spring, w->pupil[1], ELG_E12, "B");
	put(w, &w->school, &w->spring, w->pupil[2], ELG_E11, "O");
	put(w, &w->school, &w->spring, w->pupil[2], ELG_E12, "O");
	put(w, &w->school, &w->spring, w->excluded, ELG_E11, "O");
	put(w, &w->school, &w->spring, w->excluded, ELG_E12, "O");
	put(w, &w->school, &w->n2only, w->nursery, ELG_E01, "O");
	put(w, &w->school, &w->n2only, w->nursery, ELG_E02, "O");
	assert_int_equal(meetings_headlines(w->app, w->c, &w->school, &h, &n), ERR_OK);
	assert_int_equal(n, 2 * AREA__MAX);
	assert_int_equal(h[0].year_group, YEAR_N2);
	assert_int_equal(h[0].area, AREA_COM);
	assert_int_equal(h[0].cohort, 1);
	assert_int_equal(h[0].on_track, 1);
	assert_string_equal(meetings_headline_text(&h[0], text, sizeof(text)),
			    "100% of your Nursery 2 cohort (1/1 pupils) is on track in "
			    "Communication and Language");
	assert_int_equal(h[AREA__MAX + AREA_MAT].year_group, YEAR_R);
	assert_int_equal(h[AREA__MAX + AREA_MAT].cohort, 4);
	assert_int_equal(h[AREA__MAX + AREA_MAT].on_track, 2);
	assert_string_equal(h[AREA__MAX + AREA_MAT].assessment, "Spring Term Assessment");
	assert_string_equal(meetings_headline_text(&h[AREA__MAX + AREA_MAT], text, sizeof(text)),
			    "50% of your Reception cohort (2/4 pupils) are on track in "
			    "Mathematics");
	assert_int_equal(h[AREA__MAX + AREA_COM].on_track, 0);
	free(h);
}

static void test_news_scope(void **state)
{
	struct world *w = *state;
	struct news_item *n = xcalloc(1, sizeof(*n)), *got = xcalloc(1, sizeof(*got));
	struct meeting_errors fe;
	struct errbuf eb = { "" };

	snprintf(n->title, sizeof(n->title), "Moderation dates");
	n->from = (struct date){ 2026, 3, 1 };
	n->until = (struct date){ 2026, 2, 1 };
	assert_int_equal(meetings_news_save(w->c, &alice, w->la, n, &fe, &eb), ERR_INVALID);
	assert_string_equal(fe.e[0].field, "until");
	n->until = (struct date){ 2026, 4, 1 };
	assert_int_equal(meetings_news_save(w->c, &alice, w->la, n, &fe, &eb), ERR_OK);
	assert_int_equal(meetings_news_get(w->c, w->la, n->id, got), ERR_OK);
	assert_int_equal(got->la_id, w->la);
	assert_int_equal(meetings_news_get(w->c, w->la2, n->id, got), ERR_NOT_FOUND);
	assert_int_equal(meetings_news_save(w->c, &alice, w->la2, n, &fe, &eb), ERR_NOT_FOUND);
	assert_int_equal(meetings_news_delete(w->c, &alice, w->la2, n->id, &eb), ERR_NOT_FOUND);
	assert_int_equal(meetings_news_delete(w->c, &alice, w->la, n->id, &eb), ERR_OK);
	free(n);
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percent_rounding),
		cmocka_unit_test_setup_teardown(test_grid_with_previous, setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_windows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_add_copies_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_crud, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reception_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_headlines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_news_scope, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
