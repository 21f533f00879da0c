/*
 * test_store_statutory: statutory results per pupil, collection and year (set,
 * change, remove, list, all audited) and the submission lock: a submitted
 * collection refuses every write until an LA officer unlocks it with a reason;
 * run on SQLite and on PostgreSQL.
 */
#include "store_fixture.h"

#include "core/upn.h"

enum { AY = 2025 };

static const struct actor officer = { 9, "la.officer", "192.0.2.9" };

struct school {
	struct establishment est;
	int64_t pupil[2];
};

static struct school make_school(struct store_conn *c, int estab)
{
	int64_t la = add_la(c, 800 + estab % 100, "Made-up LA");
	struct school s = { .est = add_est(c, la, estab, "Made-up Primary", 0) };

	for (int i = 0; i < 2; i++) {
		char upn[UPN_LEN + 1];
		struct pupil p;
		upn_make(800 + estab % 100, estab, 24, i + 1, upn);
		p = make_pupil(s.est.id, upn, "Madeup", i ? "Bea" : "Ann", 1);
		s.pupil[i] = add_pupil(c, &p);
	}
	return s;
}

static struct stat_stored result(int64_t pupil, enum collection coll, const char *component,
				 const char *qualifier, const char *value)
{
	struct stat_stored s = { .pupil_id = pupil, .coll = coll, .academic_year = AY };

	snprintf(s.component, sizeof(s.component), "%s", component);
	snprintf(s.qualifier, sizeof(s.qualifier), "%s", qualifier);
	snprintf(s.result, sizeof(s.result), "%s", value);
	return s;
}

static enum err put(struct store_conn *c, const struct school *sc, int i, enum collection coll,
		    const char *component, const char *qualifier, const char *value,
		    struct errbuf *eb)
{
	struct stat_stored s = result(sc->pupil[i], coll, component, qualifier, value);
	return store_statutory_put(c, &alice, sc->est.id, &s, eb);
}

static void test_results(void **state)
{
	struct fx *f = *state;
	struct school sc = make_school(f->c, 1234);
	struct errbuf eb = { "" };
	struct stat_stored got, *list = NULL;
	size_t n = 0;

	assert_int_equal(store_statutory_get(f->c, sc.pupil[0], COLL_PHONICS, AY, "PSC", "PM",
					     &got),
			 ERR_NOT_FOUND);
	assert_int_equal(put(f->c, &sc, 0, COLL_PHONICS, "PSC", "PM", "31", &eb), ERR_OK);
	assert_int_equal(put(f->c, &sc, 1, COLL_PHONICS, "PSC", "PM", "A", &eb), ERR_OK);
	assert_int_equal(put(f->c, &sc, 0, COLL_KS2, "WR", "TA", "EXS", &eb), ERR_OK);
	assert_int_equal(store_statutory_get(f->c, sc.pupil[0], COLL_PHONICS, AY, "PSC", "PM",
					     &got),
			 ERR_OK);
	assert_string_equal(got.result, "31");
	assert_string_equal(got.updated_by, "alice");
	assert_true(got.updated_at > 0);

	/* change, and the same value again (no new audit row) */
	assert_int_equal(put(f->c, &sc, 0, COLL_PHONICS, "PSC", "PM", "33", &eb), ERR_OK);
	assert_int_equal(put(f->c, &sc, 0, COLL_PHONICS, "PSC", "PM", "33", &eb), ERR_OK);
	assert_int_equal(count_audit(f->c, "statutory.set"), 4);

	/* listed per collection and year only */
	assert_int_equal(store_statutory_list(f->c, sc.est.id, COLL_PHONICS, AY, &list, &n),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].pupil_id, sc.pupil[0]);
	assert_string_equal(list[0].result, "33");
	assert_string_equal(list[1].result, "A");
	free(list);
	assert_int_equal(store_statutory_list(f->c, sc.est.id, COLL_PHONICS, AY + 1, &list, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
	free(list);

	/* removing */
	assert_int_equal(put(f->c, &sc, 1, COLL_PHONICS, "PSC", "PM", "", &eb), ERR_OK);
	assert_int_equal(store_statutory_get(f->c, sc.pupil[1], COLL_PHONICS, AY, "PSC", "PM",
					     &got),
			 ERR_NOT_FOUND);
	assert_int_equal(count_audit(f->c, "statutory.set"), 5);

	/* an unknown pupil or an oversized value is refused, nothing stored */
	{
		struct stat_stored s = result(987654, COLL_KS1, "RE", "TA", "EXS");
		assert_int_equal(store_statutory_put(f->c, &alice, sc.est.id, &s, &eb),
				 ERR_INVALID);
		s = result(sc.pupil[0], COLL_KS1, "RE", "TA", "");
		memset(s.result, 'X', sizeof(s.result));
		assert_int_equal(store_statutory_put(f->c, &alice, sc.est.id, &s, &eb),
				 ERR_INVALID);
	}
	assert_int_equal(count_audit(f->c, "statutory.set"), 5);
}

/* Which results of a collection and year other schools' returns hold for a
 * list of pupils (a child split between two returns): the school holding each,
 * never the value; the asking school's own and other collections are not
 * listed, nor pupils off the list. */
static void test_held_elsewhere(void **state)
{
	struct fx *f = *state;
	struct school a = make_school(f->c, 1234), b = make_school(f->c, 5678);
	struct stat_stored *list = NULL;
	struct errbuf eb = { "" };
	int64_t ids[] = { a.pupil[0], a.pupil[1] };
	size_t n = 9;

	assert_int_equal(put(f->c, &a, 0, COLL_EYFSP, "E01", "EL", "2", &eb), ERR_OK);
	assert_int_equal(put(f->c, &a, 0, COLL_EYFSP, "E02", "EL", "2", &eb), ERR_OK);
	assert_int_equal(put(f->c, &b, 0, COLL_EYFSP, "E01", "EL", "1", &eb), ERR_OK);
	{ /* b holds E03 of a's first pupil, and a phonics mark of the second */
		struct stat_stored s = result(a.pupil[0], COLL_EYFSP, "E03", "EL", "1");
		assert_int_equal(store_statutory_put(f->c, &alice, b.est.id, &s, &eb), ERR_OK);
		s = result(a.pupil[1], COLL_PHONICS, "PSC", "PM", "30");
		assert_int_equal(store_statutory_put(f->c, &alice, b.est.id, &s, &eb), ERR_OK);
	}
	assert_int_equal(store_statutory_elsewhere(f->c, a.est.id, COLL_EYFSP, AY, ids, 2, &list,
						   &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].pupil_id, a.pupil[0]);
	assert_string_equal(list[0].component, "E03");
	assert_string_equal(list[0].qualifier, "EL");
	assert_string_equal(list[0].result, "");
	assert_int_equal(list[0].establishment_id, b.est.id);
	free(list);

	assert_int_equal(store_statutory_elsewhere(f->c, b.est.id, COLL_EYFSP, AY, ids, 1, &list,
						   &n),
			 ERR_OK);
	assert_int_equal(n, 2); /* E01, E02: a's */
	assert_string_equal(list[0].component, "E01");
	assert_string_equal(list[1].component, "E02");
	assert_int_equal(list[1].establishment_id, a.est.id);
	free(list);
	assert_int_equal(store_statutory_elsewhere(f->c, b.est.id, COLL_EYFSP, AY + 1, ids, 2,
						   &list, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
	free(list);
	assert_int_equal(store_statutory_elsewhere(f->c, b.est.id, COLL_EYFSP, AY, ids, 0, &list,
						   &n),
			 ERR_OK);
	assert_int_equal(n, 0);
	assert_null(list);
}

static void test_submit_lock_unlock(void **state)
{
	struct fx *f = *state;
	struct school sc = make_school(f->c, 1234), other = make_school(f->c, 1235);
	struct errbuf eb = { "" };
	struct stat_submission sub;
	struct stat_stored got;

	assert_int_equal(put(f->c, &sc, 0, COLL_PHONICS, "PSC", "PM", "31", &eb), ERR_OK);
	assert_int_equal(store_submission_get(f->c, sc.est.id, COLL_PHONICS, AY, &sub), ERR_OK);
	assert_false(sub.submitted);

	assert_int_equal(store_submission_submit(f->c, &alice, sc.est.id, COLL_PHONICS, AY, &eb),
			 ERR_OK);
	assert_int_equal(store_submission_get(f->c, sc.est.id, COLL_PHONICS, AY, &sub), ERR_OK);
	assert_true(sub.submitted);
	assert_string_equal(sub.submitted_by, "alice");
	assert_true(sub.submitted_at > 0);
	assert_int_equal(count_audit(f->c, "statutory.submit"), 1);
	assert_int_equal(store_submission_submit(f->c, &alice, sc.est.id, COLL_PHONICS, AY, &eb),
			 ERR_CONFLICT);
	assert_non_null(strstr(eb.msg, "submitted by alice"));

	/* every write to the locked collection is refused, nothing changes */
	assert_int_equal(put(f->c, &sc, 0, COLL_PHONICS, "PSC", "PM", "35", &eb), ERR_LOCKED);
	assert_non_null(strstr(eb.msg, "locked"));
	assert_int_equal(put(f->c, &sc, 1, COLL_PHONICS, "PSC", "PM", "20", &eb), ERR_LOCKED);
	assert_int_equal(put(f->c, &sc, 0, COLL_PHONICS, "PSC", "PM", "", &eb), ERR_LOCKED);
	assert_int_equal(store_statutory_get(f->c, sc.pupil[0], COLL_PHONICS, AY, "PSC", "PM",
					     &got),
			 ERR_OK);
	assert_string_equal(got.result, "31");
	/* other collections, years and schools are not locked */
	assert_int_equal(put(f->c, &sc, 0, COLL_KS2, "WR", "TA", "EXS", &eb), ERR_OK);
	{
		struct stat_stored s = result(sc.pupil[0], COLL_PHONICS, "PSC", "PM", "30");
		s.academic_year = AY - 1;
		assert_int_equal(store_statutory_put(f->c, &alice, sc.est.id, &s, &eb), ERR_OK);
	}
	assert_int_equal(put(f->c, &other, 0, COLL_PHONICS, "PSC", "PM", "12", &eb), ERR_OK);

	/* unlocking needs a reason, and is recorded */
	assert_int_equal(store_submission_unlock(f->c, &officer, sc.est.id, COLL_PHONICS, AY, "  ",
						 &eb),
			 ERR_INVALID);
	assert_int_equal(store_submission_unlock(f->c, &officer, sc.est.id, COLL_PHONICS, AY,
						 "Mark for Ann was mistyped", &eb),
			 ERR_OK);
	assert_int_equal(store_submission_get(f->c, sc.est.id, COLL_PHONICS, AY, &sub), ERR_OK);
	assert_false(sub.submitted);
	assert_string_equal(sub.unlocked_by, "la.officer");
	assert_string_equal(sub.unlock_reason, "Mark for Ann was mistyped");
	assert_string_equal(sub.submitted_by, "alice");
	assert_int_equal(count_audit(f->c, "statutory.unlock"), 2);
	assert_int_equal(store_submission_unlock(f->c, &officer, sc.est.id, COLL_PHONICS, AY,
						 "again", &eb),
			 ERR_CONFLICT);

	/* writable again, and can be submitted again */
	assert_int_equal(put(f->c, &sc, 0, COLL_PHONICS, "PSC", "PM", "35", &eb), ERR_OK);
	assert_int_equal(store_submission_submit(f->c, &alice, sc.est.id, COLL_PHONICS, AY, &eb),
			 ERR_OK);
	assert_int_equal(count_audit(f->c, "statutory.submit"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_results, setup, teardown),
		cmocka_unit_test_setup_teardown(test_held_elsewhere, setup, teardown),
		cmocka_unit_test_setup_teardown(test_submit_lock_unlock, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
