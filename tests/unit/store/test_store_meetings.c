/*
 * test_store_meetings: discussion-area templates (seeded once per school with
 * the seven default questions, never again), progress meetings saved with their
 * rows and rewritten as a whole (kept when their assessment is deleted), LA news with its date window; on SQLite and
 * PostgreSQL, each change audited.
 */
#include "store_fixture.h"
#include "store/store_meetings.h"

struct mfx {
	struct fx base;
	int64_t la;
	struct establishment est, other;
	int64_t pupil;
	struct assessment a;
};

static int msetup(void **state)
{
	struct mfx *f = xcalloc(1, sizeof(*f));
	struct errbuf eb = { "" };
	void *inner = NULL;
	struct pupil p;

	setup(&inner);
	f->base = *(struct fx *)inner;
	free(inner);
	f->la = add_la(f->base.c, 888, "Demo LA");
	f->est = add_est(f->base.c, f->la, 1234, "Larch Primary", 0);
	f->other = add_est(f->base.c, f->la, 2345, "Rowan Infants", 0);
	p = make_pupil(f->est.id, "A888123425001", "Tamsworth", "Ivy", 1);
	f->pupil = add_pupil(f->base.c, &p);
	f->a = (struct assessment){ .establishment_id = f->est.id,
				    .academic_year = 2025,
				    .date = { 2025, 10, 14 },
				    .year_groups = ASSESS_YG_R,
				    .kind = SCALE_TRACKING };
	snprintf(f->a.name, sizeof(f->a.name), "Autumn Term Assessment");
	if (store_assessment_add(f->base.c, &alice, &f->a, &eb) != ERR_OK)
		fail_msg("store_assessment_add: %s", eb.msg);
	*state = f;
	return 0;
}

static int mteardown(void **state)
{
	struct mfx *f = *state;
	struct fx *inner = xmalloc(sizeof(*inner));

	*inner = f->base;
	free(f);
	*state = inner;
	return teardown(state);
}

static void test_templates_seeded_once(void **state)
{
	struct mfx *f = *state;
	struct store_conn *c = f->base.c;
	struct discussion_area *list = NULL, got, d = { .establishment_id = f->est.id };
	struct errbuf eb = { "" };
	size_t n = 0;

	assert_int_equal(store_discussion_list(c, f->est.id, &list, &n), ERR_OK);
	assert_int_equal(n, 0);
	free(list);
	assert_int_equal(store_discussion_seed(c, &alice, f->est.id, &eb), ERR_OK);
	assert_int_equal(store_discussion_seed(c, &alice, f->est.id, &eb), ERR_OK);
	assert_int_equal(store_discussion_list(c, f->est.id, &list, &n), ERR_OK);
	assert_int_equal(n, 7);
	assert_int_equal(list[0].sort_order, 1);
	assert_string_equal(list[6].description, "General comments");
	assert_non_null(strstr(list[1].description, "'below'"));
	assert_int_equal(list[0].start.year, 0);
	assert_int_equal(count_audit(c, "discussion.seed"), 1);
	/* The other school has none until it is seeded itself. */
	free(list);
	assert_int_equal(store_discussion_list(c, f->other.id, &list, &n), ERR_OK);
	assert_int_equal(n, 0);
	free(list);

	/* Deleting them all does not bring the defaults back. */
	assert_int_equal(store_discussion_list(c, f->est.id, &list, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(store_discussion_delete(c, &alice, &list[i], &eb), ERR_OK);
	free(list);
	assert_int_equal(store_discussion_seed(c, &alice, f->est.id, &eb), ERR_OK);
	assert_int_equal(store_discussion_list(c, f->est.id, &list, &n), ERR_OK);
	assert_int_equal(n, 0);
	free(list);
	assert_int_equal(count_audit(c, "discussion.delete"), 7);

	snprintf(d.description, sizeof(d.description), "What went well this term?");
	d.sort_order = 4;
	d.start = (struct date){ 2025, 9, 25 };
	assert_int_equal(store_discussion_add(c, &alice, &d, &eb), ERR_OK);
	assert_true(d.id > 0);
	d.end = (struct date){ 2026, 7, 20 };
	d.sort_order = 2;
	assert_int_equal(store_discussion_update(c, &alice, &d, &eb), ERR_OK);
	assert_int_equal(store_discussion_get(c, d.id, &got), ERR_OK);
	assert_int_equal(got.sort_order, 2);
	assert_int_equal(got.start.day, 25);
	assert_int_equal(got.end.month, 7);
	assert_int_equal(got.establishment_id, f->est.id);
	assert_int_equal(count_audit(c, "discussion.update"), 2);
}

static void test_meeting_rows_replace(void **state)
{
	struct mfx *f = *state;
	struct store_conn *c = f->base.c;
	struct meeting m = { .establishment_id = f->est.id,
			     .academic_year = 2025,
			     .class_no = 1,
			     .date = { 2025, 11, 3 },
			     .assessment_id = f->a.id },
		       m2, got, *list = NULL;
	struct meeting_row rows[3] = {
		{ .section = MSEC_QUESTION, .elg = -1 },
		{ .section = MSEC_BARRIER, .elg = -1 },
		{ .section = MSEC_GROUP, .elg = ELG_E09 },
	};
	struct meeting_row *back = NULL;
	struct errbuf eb = { "" };
	size_t n = 0;

	snprintf(m.teacher, sizeof(m.teacher), "Ms Quellwood");
	snprintf(rows[0].title, sizeof(rows[0].title), "General comments");
	snprintf(rows[0].notes, sizeof(rows[0].notes), "Settled well");
	rows[1].pupil_id = f->pupil;
	snprintf(rows[1].notes, sizeof(rows[1].notes), "Needs help with scissors");
	snprintf(rows[1].steps, sizeof(rows[1].steps), "Daily dough disco");
	snprintf(rows[2].title, sizeof(rows[2].title), "Summer born boys");
	assert_int_equal(store_meeting_save(c, &alice, &m, rows, 3, &eb), ERR_OK);
	assert_true(m.id > 0);
	assert_int_equal(store_meeting_get(c, m.id, &got), ERR_OK);
	assert_string_equal(got.teacher, "Ms Quellwood");
	assert_int_equal(got.date.month, 11);
	assert_int_equal(got.assessment_id, f->a.id);
	assert_int_equal(store_meeting_rows(c, m.id, &back, &n), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(back[0].section, MSEC_QUESTION);
	assert_string_equal(back[0].notes, "Settled well");
	assert_int_equal(back[0].elg, -1);
	assert_int_equal(back[1].pupil_id, f->pupil);
	assert_string_equal(back[1].steps, "Daily dough disco");
	assert_int_equal(back[2].elg, ELG_E09);
	assert_string_equal(back[2].title, "Summer born boys");
	free(back);

	/* A second save replaces the rows. */
	snprintf(m.teacher, sizeof(m.teacher), "Mr Pellow");
	assert_int_equal(store_meeting_save(c, &alice, &m, rows + 2, 1, &eb), ERR_OK);
	assert_int_equal(store_meeting_rows(c, m.id, &back, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(back[0].section, MSEC_GROUP);
	free(back);
	assert_int_equal(count_audit(c, "meeting.add"), 1);
	assert_true(count_audit(c, "meeting.update") >= 2);

	/* Newest first; a bad pupil id fails the whole save. */
	m2 = m;
	m2.id = 0;
	m2.date = (struct date){ 2026, 2, 9 };
	assert_int_equal(store_meeting_save(c, &alice, &m2, rows, 2, &eb), ERR_OK);
	assert_int_equal(store_meeting_list(c, f->est.id, 2025, &list, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, m2.id);
	free(list);
	assert_int_equal(store_meeting_list(c, f->other.id, 0, &list, &n), ERR_OK);
	assert_int_equal(n, 0);
	free(list);
	rows[1].pupil_id = 999999;
	assert_int_not_equal(store_meeting_save(c, &alice, &m2, rows, 2, &eb), ERR_OK);
	assert_int_equal(store_meeting_rows(c, m2.id, &back, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(back[1].pupil_id, f->pupil);
	free(back);

	assert_int_equal(store_meeting_delete(c, &alice, &m2, &eb), ERR_OK);
	assert_int_equal(store_meeting_get(c, m2.id, &got), ERR_NOT_FOUND);
	assert_int_equal(store_meeting_rows(c, m2.id, &back, &n), ERR_OK);
	assert_int_equal(n, 0);
	free(back);
	assert_int_equal(count_audit(c, "meeting.delete"), 1);

	/* Deleting the assessment keeps the meeting, without its assessment. */
	assert_int_equal(store_assessment_delete(c, &alice, &f->a, &eb), ERR_OK);
	assert_int_equal(store_meeting_get(c, m.id, &got), ERR_OK);
	assert_int_equal(got.assessment_id, 0);
	assert_string_equal(got.teacher, "Mr Pellow");
}

static void test_news_window(void **state)
{
	struct mfx *f = *state;
	struct store_conn *c = f->base.c;
	struct news_item *a = xcalloc(1, sizeof(*a)), *b = xcalloc(1, sizeof(*b)), *list = NULL;
	struct errbuf eb = { "" };
	int64_t la2 = add_la(c, 889, "Other LA");
	size_t n = 0;

	a->la_id = f->la;
	snprintf(a->title, sizeof(a->title), "Roll forward done");
	snprintf(a->body, sizeof(a->body), "Pupils are in their new year groups.");
	a->from = (struct date){ 2025, 9, 1 };
	a->until = (struct date){ 2025, 9, 30 };
	assert_int_equal(store_news_add(c, &alice, a, &eb), ERR_OK);
	b->la_id = la2;
	snprintf(b->title, sizeof(b->title), "Elsewhere");
	b->from = (struct date){ 2025, 9, 1 };
	assert_int_equal(store_news_add(c, &alice, b, &eb), ERR_OK);

	assert_int_equal(store_news_list(c, f->la, (struct date){ 2025, 9, 30 }, &list, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].title, "Roll forward done");
	assert_string_equal(list[0].created_by, "alice");
	free(list);
	assert_int_equal(store_news_list(c, f->la, (struct date){ 2025, 10, 1 }, &list, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
	free(list);
	assert_int_equal(store_news_list(c, f->la, (struct date){ 2025, 8, 31 }, &list, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
	free(list);
	assert_int_equal(store_news_list(c, f->la, (struct date){ 0, 0, 0 }, &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	free(list);

	a->until = (struct date){ 0, 0, 0 };
	assert_int_equal(store_news_update(c, &alice, a, &eb), ERR_OK);
	assert_int_equal(store_news_list(c, f->la, (struct date){ 2027, 1, 1 }, &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	free(list);
	assert_int_equal(store_news_delete(c, &alice, a, &eb), ERR_OK);
	assert_int_equal(store_news_get(c, a->id, b), ERR_NOT_FOUND);
	assert_int_equal(count_audit(c, "news."), 4);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_templates_seeded_once, msetup, mteardown),
		cmocka_unit_test_setup_teardown(test_meeting_rows_replace, msetup, mteardown),
		cmocka_unit_test_setup_teardown(test_news_window, msetup, mteardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
