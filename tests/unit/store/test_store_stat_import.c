/*
 * test_store_stat_import: a CTF import's batch writes (store_import_*) against
 * another writer on a second connection, between the import's read of a batch
 * and its write. On PostgreSQL (READ COMMITTED, a process per connection) the
 * rows read stay locked, so a grid save, an entry form save or a submit waits
 * (here: gives up after a short lock_timeout); a row that was not there to
 * lock and appears meanwhile makes the import refuse the batch ("changed while
 * importing") instead of auditing a wrong old value or writing over another
 * school's result. On SQLite the import's write transaction is exclusive: the
 * second writer cannot write at all until it ends.
 */
#include "store_fixture.h"

#include "core/upn.h"

enum { AY = 2025 };

struct race {
	struct establishment est, other; /* the importing school, another one */
	int64_t pupil[2];		 /* at est */
	struct store *st2;		 /* the other writer's store */
	struct store_conn *c2;		 /* its connection */
	bool pg;
};

static void race_begin(struct fx *f, struct race *r)
{
	int64_t la = add_la(f->c, 888, "Made-up LA");

	memset(r, 0, sizeof(*r));
	r->pg = strcmp(tu_backend(), "pg") == 0;
	r->est = add_est(f->c, la, 1234, "Made-up Primary", 0);
	r->other = add_est(f->c, la, 5678, "Other Primary", 0);
	for (int i = 0; i < 2; i++) {
		char upn[UPN_LEN + 1];
		struct pupil p;
		upn_make(888, 1234, 24, i + 1, upn);
		p = make_pupil(r->est.id, upn, "Madeup", i ? "Bea" : "Ann", 1);
		r->pupil[i] = add_pupil(f->c, &p);
	}
	/* the other writer waits 0.3 s for a lock, not for ever */
	setenv("PGOPTIONS", "-c lock_timeout=300", 1);
	r->st2 = open_store(f->url, 1);
	r->c2 = store_acquire(r->st2);
}

static void race_end(struct race *r)
{
	store_release(r->c2);
	store_free(r->st2);
	unsetenv("PGOPTIONS");
}

static struct store_import_result import_row(int64_t pupil, const char *component,
					     const char *value)
{
	struct store_import_result r = { .pupil_id = pupil, .coll = COLL_KS2 };

	snprintf(r.component, sizeof(r.component), "%s", component);
	snprintf(r.qualifier, sizeof(r.qualifier), "TA");
	snprintf(r.result, sizeof(r.result), "%s", value);
	return r;
}

/* The entry form's save of a KS2 result by school est (the other writer). */
static enum err form_save(struct store_conn *c, int64_t est, int64_t pupil, const char *component,
			  const char *value)
{
	struct stat_stored s = { .pupil_id = pupil, .coll = COLL_KS2, .academic_year = AY };
	struct errbuf eb = { "" };

	snprintf(s.component, sizeof(s.component), "%s", component);
	snprintf(s.qualifier, sizeof(s.qualifier), "TA");
	snprintf(s.result, sizeof(s.result), "%s", value);
	return store_statutory_put(c, &alice, est, &s, &eb);
}

static void assert_stored(struct store_conn *c, int64_t pupil, const char *component,
			  const char *value, int64_t est)
{
	struct stat_stored got;

	assert_int_equal(store_statutory_get(c, pupil, COLL_KS2, AY, component, "TA", &got),
			 ERR_OK);
	assert_string_equal(got.result, value);
	assert_int_equal(got.establishment_id, est);
}

/* The import's batch of one result: read (the import decides on the old
 * value), the other writer's save, then the import's write. Returns the
 * write's error; the transaction is committed when it succeeded, else rolled
 * back. *other_rc is the other writer's. */
static enum err import_around(struct fx *f, struct race *r, struct store_import_result *row,
			      const char *expect_old, int64_t other_est, const char *other_value,
			      enum err *other_rc, struct errbuf *eb)
{
	struct store_audit_batch audit;
	enum err rc;

	store_audit_batch_init(&audit, &alice, r->est.id);
	assert_int_equal(store_begin(f->c, eb), ERR_OK);
	assert_int_equal(store_import_results_read(f->c, AY, row, 1), ERR_OK);
	assert_string_equal(row->old, expect_old);
	*other_rc = form_save(r->c2, other_est, row->pupil_id, row->component, other_value);
	row->write = true;
	rc = store_import_results_put(f->c, &audit, r->est.id, AY, row, 1, eb);
	if (!rc)
		rc = store_audit_batch_flush(f->c, &audit, eb);
	if (!rc)
		assert_int_equal(store_commit(f->c, eb), ERR_OK);
	else
		store_rollback(f->c);
	store_audit_batch_release(&audit);
	return rc;
}

/* The newest audit row of action: its old value. */
static void assert_last_audit(struct store_conn *c, const char *action, const char *old_value,
			      const char *new_value)
{
	struct audit_query q = { .action = action, .limit = 1 };
	struct audit_entry *list = NULL;
	size_t n = 0;

	assert_int_equal(store_audit_list(c, &q, &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].old_value, old_value);
	assert_string_equal(list[0].new_value, new_value);
	free(list);
}

/* A result stored when the import reads it: the entry form cannot change it
 * before the import writes, so the audit's old value is the one replaced. */
static void test_result_read_is_locked(void **state)
{
	struct fx *f = *state;
	struct store_import_result row;
	struct errbuf eb = { "" };
	struct race r;
	enum err other;

	race_begin(f, &r);
	assert_int_equal(form_save(f->c, r.est.id, r.pupil[0], "WR", "EXS"), ERR_OK);
	row = import_row(r.pupil[0], "WR", "WTS");
	assert_int_equal(import_around(f, &r, &row, "EXS", r.est.id, "GDS", &other, &eb), ERR_OK);
	assert_int_not_equal(other, ERR_OK); /* waited, gave up: nothing slipped in */
	assert_stored(f->c, r.pupil[0], "WR", "WTS", r.est.id);
	assert_last_audit(f->c, "statutory.set", "EXS", "WTS");
	race_end(&r);
}

/* A result not stored when the import reads it, saved meanwhile by this
 * school's entry form or (the pupil having moved) another school's: on
 * PostgreSQL the import is refused, the other writer's value kept; on SQLite
 * the other writer cannot write until the import ends. */
static void test_result_appearing_refuses(void **state)
{
	struct fx *f = *state;
	struct store_import_result row;
	struct errbuf eb = { "" };
	struct race r;
	enum err other, rc;

	race_begin(f, &r);
	for (int i = 0; i < 2; i++) {
		int64_t by = i ? r.other.id : r.est.id;
		row = import_row(r.pupil[i], "SC", "EXS");
		eb.msg[0] = '\0';
		rc = import_around(f, &r, &row, "", by, "HNM", &other, &eb);
		if (r.pg) {
			assert_int_equal(other, ERR_OK);
			assert_int_equal(rc, ERR_CONFLICT);
			assert_non_null(strstr(eb.msg, "changed while importing"));
			assert_non_null(strstr(eb.msg, "import the file again"));
			assert_stored(f->c, r.pupil[i], "SC", "HNM", by);
		} else {
			assert_int_not_equal(other, ERR_OK);
			assert_int_equal(rc, ERR_OK);
			assert_stored(f->c, r.pupil[i], "SC", "EXS", r.est.id);
			assert_last_audit(f->c, "statutory.set", "", "EXS");
		}
	}
	race_end(&r);
}

/* The tracking grid's cells: a cell read is locked against a grid save; a cell
 * that appears meanwhile refuses the import (PostgreSQL). */
static void test_cells(void **state)
{
	struct fx *f = *state;
	struct assessment a;
	struct store_audit_batch audit;
	struct store_import_cell cell;
	struct errbuf eb = { "" };
	struct judgement j, cur;
	struct race r;
	enum err other, rc;

	race_begin(f, &r);
	a = (struct assessment){ .establishment_id = r.est.id,
				 .academic_year = AY,
				 .date = { 2025, 10, 14 },
				 .completion = { 2026, 6, 30 },
				 .year_groups = ASSESS_YG_R,
				 .kind = SCALE_ELG };
	snprintf(a.name, sizeof(a.name), "End of Year Early Learning Goals");
	assert_int_equal(store_assessment_add(f->c, &alice, &a, &eb), ERR_OK);
	j = (struct judgement){ .pupil_id = r.pupil[0], .elg = ELG_E05, .value = ELG_EXPECTED };
	assert_int_equal(store_judgement_put(f->c, &alice, &a, &j, &cur, &eb), ERR_OK);

	for (int round = 0; round < 2; round++) {
		/* round 0: the stored cell of pupil 0; round 1: pupil 1's, not stored */
		cell = (struct store_import_cell){ .pupil_id = r.pupil[round],
						   .elg = ELG_E05,
						   .value = ELG_EMERGING };
		store_audit_batch_init(&audit, &alice, r.est.id);
		assert_int_equal(store_begin(f->c, &eb), ERR_OK);
		assert_int_equal(store_import_cells_read(f->c, &a, &cell, 1), ERR_OK);
		assert_int_equal(cell.stored, round == 0);
		j = (struct judgement){ .pupil_id = r.pupil[round],
					.elg = ELG_E05,
					.value = ELG_ABSENT,
					.version = round == 0 ? 1 : 0 };
		other = store_judgement_put(r.c2, &alice, &a, &j, &cur, &eb);
		cell.write = true;
		rc = store_import_cells_put(f->c, &audit, &a, &cell, 1, &eb);
		if (!rc)
			rc = store_audit_batch_flush(f->c, &audit, &eb);
		if (!rc)
			assert_int_equal(store_commit(f->c, &eb), ERR_OK);
		else
			store_rollback(f->c);
		store_audit_batch_release(&audit);
		if (round == 0 || !r.pg) { /* the grid save waited and gave up */
			assert_int_not_equal(other, ERR_OK);
			assert_int_equal(rc, ERR_OK);
			assert_last_audit(f->c, "judgement.set", round == 0 ? "Expected" : "",
					  "Emerging");
		} else { /* it saved a cell the import expected to add */
			assert_int_equal(other, ERR_OK);
			assert_int_equal(rc, ERR_CONFLICT);
			assert_non_null(strstr(eb.msg, "changed while importing"));
		}
	}
	race_end(&r);
}

/* The submission state the import holds: a submit waits for the import's end
 * (gives up here), then goes through. Outside a transaction: refused. */
static void test_submission_hold(void **state)
{
	struct fx *f = *state;
	struct stat_submission sub;
	struct errbuf eb = { "" };
	struct race r;

	race_begin(f, &r);
	assert_int_equal(store_submission_hold(f->c, r.est.id, COLL_KS2, AY, &sub), ERR_USAGE);
	assert_int_equal(store_begin(f->c, &eb), ERR_OK);
	assert_int_equal(store_submission_hold(f->c, r.est.id, COLL_KS2, AY, &sub), ERR_OK);
	assert_false(sub.submitted);
	assert_int_not_equal(store_submission_submit(r.c2, &alice, r.est.id, COLL_KS2, AY, &eb),
			     ERR_OK);
	assert_int_equal(form_save(f->c, r.est.id, r.pupil[0], "WR", "EXS"), ERR_OK);
	assert_int_equal(store_commit(f->c, &eb), ERR_OK);
	/* the hold left a collection never submitted as it was */
	assert_int_equal(store_submission_get(f->c, r.est.id, COLL_KS2, AY, &sub), ERR_OK);
	assert_false(sub.submitted);
	assert_int_equal(sub.submitted_at, 0);
	assert_int_equal(store_submission_submit(r.c2, &alice, r.est.id, COLL_KS2, AY, &eb),
			 ERR_OK);
	assert_int_equal(store_begin(f->c, &eb), ERR_OK);
	assert_int_equal(store_submission_hold(f->c, r.est.id, COLL_KS2, AY, &sub), ERR_OK);
	assert_true(sub.submitted);
	store_rollback(f->c);
	race_end(&r);
}

/* The entry form's save holds the submission state to the end of the
 * transaction it is part of: a submit started after the save's lock check
 * waits (gives up here) instead of locking a return that is still being
 * written. On SQLite the open write transaction alone keeps the submit out. */
static void test_form_save_holds_submission(void **state)
{
	struct fx *f = *state;
	struct stat_submission sub;
	struct errbuf eb = { "" };
	struct race r;

	race_begin(f, &r);
	assert_int_equal(store_begin(f->c, &eb), ERR_OK);
	assert_int_equal(form_save(f->c, r.est.id, r.pupil[0], "WR", "EXS"), ERR_OK);
	assert_int_not_equal(store_submission_submit(r.c2, &alice, r.est.id, COLL_KS2, AY, &eb),
			     ERR_OK);
	assert_int_equal(store_commit(f->c, &eb), ERR_OK);
	assert_int_equal(store_submission_get(f->c, r.est.id, COLL_KS2, AY, &sub), ERR_OK);
	assert_false(sub.submitted);
	assert_stored(f->c, r.pupil[0], "WR", "EXS", r.est.id);
	/* once the save is in, the submit goes through and locks the next save out */
	assert_int_equal(store_submission_submit(r.c2, &alice, r.est.id, COLL_KS2, AY, &eb),
			 ERR_OK);
	assert_int_equal(form_save(f->c, r.est.id, r.pupil[1], "WR", "EXS"), ERR_LOCKED);
	race_end(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_result_read_is_locked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_result_appearing_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cells, setup, teardown),
		cmocka_unit_test_setup_teardown(test_submission_hold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_save_holds_submission, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
