/*
 * test_store_assess: assessments, judgements and notes in the store, on SQLite
 * and PostgreSQL: round trips, optimistic versions (a stale cell write changes
 * nothing and hands back the stored cell), audit rows old -> new by label, the
 * list by establishment and year, delete with the judgements.
 */
#include "store_fixture.h"

struct afx {
	struct fx base;
	struct establishment est;
	int64_t pupil;
	struct assessment a;
};

static int asetup(void **state)
{
	struct afx *f = xcalloc(1, sizeof(*f));
	struct errbuf eb = { "" };
	void *inner = NULL;
	struct pupil p;

	setup(&inner);
	f->base = *(struct fx *)inner;
	free(inner);
	f->est = add_est(f->base.c, add_la(f->base.c, 888, "Demo LA"), 1234, "Larch Primary", 0);
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

static int ateardown(void **state)
{
	struct afx *f = *state;
	struct fx *inner = xmalloc(sizeof(*inner));

	*inner = f->base;
	free(f);
	*state = inner;
	return teardown(state);
}

static void test_assessment_round_trip(void **state)
{
	struct afx *f = *state;
	struct store_conn *c = f->base.c;
	struct assessment got, *list = NULL, elg = f->a;
	struct errbuf eb = { "" };
	size_t n = 0;

	assert_true(f->a.id > 0);
	assert_int_equal(f->a.version, 1);
	assert_int_equal(store_assessment_get(c, f->a.id, &got), ERR_OK);
	assert_string_equal(got.name, "Autumn Term Assessment");
	assert_int_equal(got.date.year, 2025);
	assert_int_equal(got.date.day, 14);
	assert_int_equal(got.year_groups, ASSESS_YG_R);
	assert_int_equal(got.kind, SCALE_TRACKING);
	assert_true(got.created_at > 0);

	elg.kind = SCALE_ELG;
	elg.completion = (struct date){ 2026, 6, 30 };
	snprintf(elg.name, sizeof(elg.name), "End of Year Early Learning Goals");
	assert_int_equal(store_assessment_add(c, &alice, &elg, &eb), ERR_OK);
	assert_int_equal(store_assessment_list(c, f->est.id, 2025, &list, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[1].kind, SCALE_ELG);
	assert_int_equal(list[1].completion.month, 6);
	free(list);
	assert_int_equal(store_assessment_list(c, f->est.id, 2024, &list, &n), ERR_OK);
	assert_int_equal(n, 0);
	free(list);

	/* Edit with the version read; a second edit with the old one conflicts. */
	got.version = 1;
	snprintf(got.name, sizeof(got.name), "Autumn Term 1");
	assert_int_equal(store_assessment_update(c, &alice, &got, &eb), ERR_OK);
	assert_int_equal(got.version, 2);
	got.version = 1;
	assert_int_equal(store_assessment_update(c, &alice, &got, &eb), ERR_CONFLICT);
	assert_int_equal(count_audit(c, "assessment.update"), 1);
	assert_int_equal(count_audit(c, "assessment.add"), 2);
	/* Nothing without a name. */
	got.name[0] = '\0';
	got.version = 2;
	assert_int_equal(store_assessment_update(c, &alice, &got, &eb), ERR_INVALID);
}

static void test_judgement_versions(void **state)
{
	struct afx *f = *state;
	struct store_conn *c = f->base.c;
	struct judgement j = { .pupil_id = f->pupil, .elg = ELG_E05, .value = TRACK_ON_TRACK }, cur,
			 got, row[ELG__MAX];
	struct judgement_cell *list = NULL;
	char *notes = NULL;
	struct audit_query aq = { .action = "judgement." };
	struct audit_entry *audit = NULL;
	struct errbuf eb = { "" };
	size_t n = 0;
	long count = 0;

	assert_int_equal(store_judgement_get(c, f->a.id, f->pupil, ELG_E05, &got), ERR_NOT_FOUND);
	assert_int_equal(got.version, 0);
	snprintf(j.note, sizeof(j.note), "stacks bricks, 'tall' tower \xe2\x9c\x93");
	assert_int_equal(store_judgement_put(c, &alice, &f->a, &j, &cur, &eb), ERR_OK);
	assert_int_equal(j.version, 1);
	assert_string_equal(j.updated_by, "alice");

	/* A writer still holding version 0 is refused and told what is there. */
	struct judgement stale = { .pupil_id = f->pupil, .elg = ELG_E05, .value = TRACK_BELOW };
	assert_int_equal(store_judgement_put(c, &cli, &f->a, &stale, &cur, &eb), ERR_CONFLICT);
	assert_int_equal(cur.value, TRACK_ON_TRACK);
	assert_int_equal(cur.version, 1);
	assert_non_null(strstr(eb.msg, "alice"));
	assert_int_equal(store_judgement_get(c, f->a.id, f->pupil, ELG_E05, &got), ERR_OK);
	assert_int_equal(got.value, TRACK_ON_TRACK);
	assert_string_equal(got.note, "stacks bricks, 'tall' tower \xe2\x9c\x93");

	stale.version = 1;
	assert_int_equal(store_judgement_put(c, &cli, &f->a, &stale, &cur, &eb), ERR_OK);
	assert_int_equal(stale.version, 2);
	/* Out-of-scale values never reach the database. */
	stale.value = 7;
	assert_int_equal(store_judgement_put(c, &cli, &f->a, &stale, &cur, &eb), ERR_INVALID);

	assert_int_equal(store_judgement_row(c, f->a.id, f->pupil, row), ERR_OK);
	assert_int_equal(row[ELG_E05].value, TRACK_BELOW);
	assert_int_equal(row[ELG_E04].version, 0);
	assert_int_equal(row[ELG_E04].elg, ELG_E04);
	assert_int_equal(store_judgement_list(c, f->a.id, &list, &n, &notes), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].value, TRACK_BELOW);
	assert_int_equal(list[0].version, row[ELG_E05].version);
	assert_string_equal(list[0].note, row[ELG_E05].note);
	free(list);
	free(notes);
	assert_int_equal(store_judgement_count(c, f->a.id, &count), ERR_OK);
	assert_int_equal(count, 1);

	/* Audit, newest first: the second write changed the value On track -> Below
	 * and cleared the note; the first set value and note. */
	assert_int_equal(store_audit_list(c, &aq, &audit, &n), ERR_OK);
	assert_int_equal(n, 4);
	assert_string_equal(audit[0].field, "note");
	assert_string_equal(audit[0].new_value, "");
	assert_string_equal(audit[1].field, "value");
	assert_string_equal(audit[1].old_value, "On track");
	assert_string_equal(audit[1].new_value, "Below");
	assert_string_equal(audit[1].actor, "cli");
	assert_int_equal(audit[1].establishment_id, f->est.id);
	assert_string_equal(audit[3].old_value, "");
	assert_string_equal(audit[3].new_value, "On track");
	free(audit);

	/* The grid's list carries each cell's note; cells without one read "". */
	j = (struct judgement){ .pupil_id = f->pupil, .elg = ELG_E01, .value = TRACK_ON_TRACK };
	snprintf(j.note, sizeof(j.note), "%s", "names six shapes");
	assert_int_equal(store_judgement_put(c, &cli, &f->a, &j, &cur, &eb), ERR_OK);
	assert_int_equal(store_judgement_list(c, f->a.id, &list, &n, &notes), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].elg, ELG_E01);
	assert_string_equal(list[0].note, "names six shapes");
	assert_int_equal(list[1].elg, ELG_E05);
	assert_string_equal(list[1].note, "");
	free(list);
	free(notes);
}

static void test_notes_and_delete(void **state)
{
	struct afx *f = *state;
	struct store_conn *c = f->base.c;
	struct assessment_note nt = { .pupil_id = f->pupil }, cur, *notes = NULL;
	struct judgement j = { .pupil_id = f->pupil, .elg = ELG_E01, .value = TRACK_BELOW };
	struct judgement row[ELG__MAX];
	struct assessment got;
	struct errbuf eb = { "" };
	size_t n = 0;

	snprintf(nt.note, sizeof(nt.note), "settled well after half term");
	assert_int_equal(store_assessment_note_put(c, &alice, &f->a, &nt, &cur, &eb), ERR_OK);
	assert_int_equal(nt.version, 1);
	nt.version = 0;
	assert_int_equal(store_assessment_note_put(c, &alice, &f->a, &nt, &cur, &eb), ERR_CONFLICT);
	assert_int_equal(cur.version, 1);
	assert_int_equal(store_assessment_note_list(c, f->a.id, &notes, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(notes[0].note, "settled well after half term");
	free(notes);

	assert_int_equal(store_judgement_put(c, &alice, &f->a, &j, NULL, &eb), ERR_OK);
	assert_int_equal(store_assessment_delete(c, &alice, &f->a, &eb), ERR_OK);
	assert_int_equal(store_assessment_get(c, f->a.id, &got), ERR_NOT_FOUND);
	assert_int_equal(store_judgement_row(c, f->a.id, f->pupil, row), ERR_OK);
	assert_int_equal(row[ELG_E01].version, 0);
	assert_int_equal(count_audit(c, "assessment.delete"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_assessment_round_trip, asetup, ateardown),
		cmocka_unit_test_setup_teardown(test_judgement_versions, asetup, ateardown),
		cmocka_unit_test_setup_teardown(test_notes_and_delete, asetup, ateardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
