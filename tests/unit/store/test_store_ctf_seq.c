/*
 * test_store_ctf_seq: CTF file sequence numbers (issue 6b) on SQLite and
 * PostgreSQL: counted per school and destination from 001, audited, given back
 * when the caller rolls back, and 001 again after 999.
 */
#include "store_fixture.h"

static int next(struct store_conn *c, int64_t est, const char *dest)
{
	struct errbuf eb = { "" };
	int seq = -1;

	if (store_ctf_seq_next(c, &cli, est, dest, &seq, &eb) != ERR_OK)
		fail_msg("store_ctf_seq_next(%s): %s", dest, eb.msg);
	return seq;
}

static void test_per_destination(void **state)
{
	struct fx *f = *state;
	int64_t la_id = add_la(f->c, 888, "Demo LA");
	struct establishment a = add_est(f->c, la_id, 1234, "A", 0);
	struct establishment b = add_est(f->c, la_id, 5678, "B", 0);
	struct errbuf eb = { "" };
	int seq;

	assert_int_equal(store_ctf_seq_last(f->c, a.id, "888LLLL", &seq), ERR_OK);
	assert_int_equal(seq, 0);
	assert_int_equal(next(f->c, a.id, "888LLLL"), 1);
	assert_int_equal(next(f->c, a.id, "888LLLL"), 2);
	assert_int_equal(next(f->c, a.id, "NAALLLL"), 1);
	assert_int_equal(next(f->c, b.id, "888LLLL"), 1);
	assert_int_equal(store_ctf_seq_last(f->c, a.id, "888LLLL", &seq), ERR_OK);
	assert_int_equal(seq, 2);
	assert_int_equal(count_audit(f->c, "ctf.sequence"), 4);

	/* a caller that rolls back gives the number back, audit row and all */
	assert_int_equal(store_begin(f->c, &eb), ERR_OK);
	assert_int_equal(next(f->c, a.id, "888LLLL"), 3);
	store_rollback(f->c);
	assert_int_equal(next(f->c, a.id, "888LLLL"), 3);
	assert_int_equal(count_audit(f->c, "ctf.sequence"), 5);

	/* a destination is the 7 characters of the file name */
	assert_int_equal(store_ctf_seq_next(f->c, &cli, a.id, "888", &seq, &eb), ERR_INVALID);
	assert_int_equal(seq, 0);
}

static void test_wraps_after_999(void **state)
{
	struct fx *f = *state;
	int64_t la_id = add_la(f->c, 888, "Demo LA");
	struct establishment a = add_est(f->c, la_id, 1234, "A", 0);
	struct errbuf eb = { "" };

	assert_int_equal(store_begin(f->c, &eb), ERR_OK);
	for (int i = 1; i <= 999; i++)
		assert_int_equal(next(f->c, a.id, "XXXXXXX"), i);
	assert_int_equal(next(f->c, a.id, "XXXXXXX"), 1);
	assert_int_equal(next(f->c, a.id, "XXXXXXX"), 2);
	assert_int_equal(store_commit(f->c, &eb), ERR_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_per_destination, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wraps_after_999, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
