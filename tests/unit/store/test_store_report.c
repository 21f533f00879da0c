/*
 * test_store_report: what the cross-school tables read from the store (issue
 * 8c). The packed EYFS profile (migration 015) follows every write of a result:
 * a new result, a changed one, a removed one, the last one removed (the pupil
 * is no longer counted), results of other collections and components ignored;
 * and only the schools of the LA (or trust) asked for are read. The per-result
 * rows (store_report_results) come school by school with the pupil's birth
 * date, for the phonics and KS2 tables.
 */
#include "store_fixture.h"

#include "core/calendar.h"
#include "core/upn.h"

enum { AY = 2025 };

struct seen {
	int rows;		       /* callbacks */
	int64_t estab[8];	       /* school of each */
	char results[8][ELG__MAX + 1]; /* packed results of each */
};

static bool on_packed(void *ctx, int64_t establishment_id, const char results[static ELG__MAX])
{
	struct seen *s = ctx;

	assert_true(s->rows < 8);
	s->estab[s->rows] = establishment_id;
	memcpy(s->results[s->rows], results, ELG__MAX);
	s->results[s->rows][ELG__MAX] = 0;
	s->rows++;
	return true;
}

static void put(struct store_conn *c, const struct establishment *e, int64_t pupil,
		enum collection coll, const char *component, const char *qualifier,
		const char *value)
{
	struct stat_stored s = { .pupil_id = pupil, .coll = coll, .academic_year = AY };
	struct errbuf eb = { "" };

	snprintf(s.component, sizeof(s.component), "%s", component);
	snprintf(s.qualifier, sizeof(s.qualifier), "%s", qualifier);
	snprintf(s.result, sizeof(s.result), "%s", value);
	if (store_statutory_put(c, &alice, e->id, &s, &eb) != ERR_OK)
		fail_msg("store_statutory_put: %s", eb.msg);
}

static int64_t pupil_at(struct store_conn *c, const struct establishment *e, int serial)
{
	char upn[UPN_LEN + 1];
	struct pupil p;

	assert_true(upn_make(e->la_code, e->estab, 20, serial, upn));
	p = make_pupil(e->id, upn, "Testpupil", "Ann", 1);
	p.year_override = YEAR_NONE;
	return add_pupil(c, &p);
}

static struct seen packed(struct store_conn *c, int64_t la_id, int64_t trust_id)
{
	struct seen s;

	memset(&s, 0, sizeof(s));
	assert_int_equal(store_report_eyfsp_packed(c, la_id, trust_id, AY, on_packed, &s), ERR_OK);
	return s;
}

static void test_packed_follows_writes(void **state)
{
	struct fx *f = *state;
	int64_t la = add_la(f->c, 888, "Test LA"), other = add_la(f->c, 777, "Other LA");
	struct establishment a = add_est(f->c, la, 1234, "A School", 0);
	struct establishment b = add_est(f->c, other, 1234, "B School", 0);
	int64_t pa, pb;
	struct seen s;

	a.la_code = 888;
	b.la_code = 777;
	pa = pupil_at(f->c, &a, 1);
	pb = pupil_at(f->c, &b, 2);
	s = packed(f->c, la, 0);
	assert_int_equal(s.rows, 0);

	put(f->c, &a, pa, COLL_EYFSP, "E01", "EL", "2");
	put(f->c, &a, pa, COLL_EYFSP, "E17", "EL", "1");
	put(f->c, &a, pa, COLL_PHONICS, "PSC", "PM", "35"); /* another collection */
	put(f->c, &b, pb, COLL_EYFSP, "E05", "EL", "A");    /* another LA */
	s = packed(f->c, la, 0);
	assert_int_equal(s.rows, 1);
	assert_true(s.estab[0] == a.id);
	assert_string_equal(s.results[0], "2...............1");

	put(f->c, &a, pa, COLL_EYFSP, "E01", "EL", "1"); /* changed */
	put(f->c, &a, pa, COLL_EYFSP, "E09", "EL", "A"); /* new */
	s = packed(f->c, la, 0);
	assert_string_equal(s.results[0], "1.......A.......1");

	put(f->c, &a, pa, COLL_EYFSP, "E17", "EL", ""); /* removed */
	s = packed(f->c, la, 0);
	assert_string_equal(s.results[0], "1.......A........");
	put(f->c, &a, pa, COLL_EYFSP, "E01", "EL", "");
	put(f->c, &a, pa, COLL_EYFSP, "E09", "EL", ""); /* the last one */
	s = packed(f->c, la, 0);
	assert_int_equal(s.rows, 0);

	s = packed(f->c, other, 0);
	assert_int_equal(s.rows, 1);
	assert_string_equal(s.results[0], "....A............");
}

struct rows {
	int n;
	int64_t estab[8];
	char component[8][8];
	struct date dob[8];
};

static bool on_result(void *ctx, const struct report_result_row *r)
{
	struct rows *s = ctx;

	assert_true(s->n < 8);
	s->estab[s->n] = r->establishment_id;
	snprintf(s->component[s->n], sizeof(s->component[s->n]), "%s", r->component);
	s->dob[s->n] = r->dob;
	s->n++;
	return true;
}

static void test_results_of_a_trust(void **state)
{
	struct fx *f = *state;
	struct trust t = { 0 };
	struct errbuf eb = { "" };
	int64_t la = add_la(f->c, 888, "Test LA");
	struct establishment in, out;
	struct rows s = { 0 };

	snprintf(t.name, sizeof(t.name), "Oak Trust");
	assert_int_equal(store_trust_add(f->c, &cli, &t, &eb), ERR_OK);
	in = add_est(f->c, la, 1234, "In Trust", t.id);
	out = add_est(f->c, la, 2345, "Not In Trust", 0);
	in.la_code = out.la_code = 888;
	put(f->c, &in, pupil_at(f->c, &in, 1), COLL_KS2, "WR", "TA", "EXS");
	put(f->c, &out, pupil_at(f->c, &out, 2), COLL_KS2, "WR", "TA", "GDS");
	assert_int_equal(store_report_results(f->c, 0, t.id, COLL_KS2, AY, AY, on_result, &s),
			 ERR_OK);
	assert_int_equal(s.n, 1);
	assert_true(s.estab[0] == in.id);
	assert_string_equal(s.component[0], "WR");
	assert_int_equal(s.dob[0].year, 2019);
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_report_results(f->c, la, 0, COLL_KS2, AY, AY, on_result, &s),
			 ERR_OK);
	assert_int_equal(s.n, 2);
	memset(&s, 0, sizeof(s));
	assert_int_equal(store_report_results(f->c, la, 0, COLL_KS2, AY + 1, AY + 1, on_result, &s),
			 ERR_OK);
	assert_int_equal(s.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_packed_follows_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_results_of_a_trust, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
