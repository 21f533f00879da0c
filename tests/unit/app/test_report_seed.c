/*
 * test_report_seed: the benchmark's seeding (store_report_seed_school) on both
 * backends. On PostgreSQL it writes the EYFS profile results with the per-row
 * packing trigger off and packs the school in one statement; the packed rows
 * must be exactly what the trigger would have made: the LA table read from the
 * packed rows (rtable_build) equals the one counted from the results themselves
 * (rtable_build_by_characteristic's total). And the trigger is back on after
 * seeding: a result changed afterwards is packed as before.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/report_table.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "store/store.h"

#include "app_world.h"

enum { AY = 2025 };
static const struct actor alice = { 7, "alice", "192.0.2.7" };

struct fx {
	struct app *app;
	struct store_conn *c;
	struct la la;
	struct establishment school[2];
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct errbuf eb = { "" };

	f->app = tw_app_open("report_seed", NULL, NULL);
	f->c = store_acquire(f->app->store);
	f->la = tw_la(f->c, &alice, 990, "Seedshire");
	for (int i = 0; i < 2; i++) {
		struct establishment *e = &f->school[i];
		struct assessment a = { 0 };
		char name[32];

		snprintf(name, sizeof(name), "Seed Primary %d", i);
		*e = tw_school(f->c, &alice, f->la.id, 1000 + i, 510000 + i, name);
		a.establishment_id = e->id;
		a.academic_year = AY;
		snprintf(a.name, sizeof(a.name), "Summer Term Assessment");
		a.date = (struct date){ AY + 1, 6, 15 };
		a.year_groups = ASSESS_YG_R;
		a.kind = SCALE_TRACKING;
		assert_int_equal(store_assessment_add(f->c, &alice, &a, &eb), ERR_OK);
		if (store_report_seed_school(f->c, &alice, e, &a, i ? 31 : 57, (int64_t)i * 1000,
					     AY, &eb) != ERR_OK)
			fail_msg("store_report_seed_school: %s", eb.msg);
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	store_release(f->c);
	app_free(f->app);
	free(f);
	return 0;
}

/* The LA total from the packed rows equals the total counted from the results. */
static void assert_pack_matches(struct fx *f, long want_pupils)
{
	struct rtable packed, counted;
	char a[32], b[32];

	assert_int_equal(rtable_build(f->app, f->c, f->la.id, 0, COLL_EYFSP, AY, &packed), ERR_OK);
	assert_int_equal(rtable_build_by_characteristic(f->app, f->c, f->la.id, 0, COLL_EYFSP, AY,
							&counted),
			 ERR_OK);
	assert_int_equal(packed.ncols, counted.ncols);
	assert_int_equal(packed.total.cell[0].num, want_pupils);
	for (size_t k = 0; k < packed.ncols; k++) {
		assert_int_equal(packed.total.cell[k].num, counted.total.cell[k].num);
		assert_int_equal(packed.total.cell[k].den, counted.total.cell[k].den);
		assert_string_equal(rtable_cell_text(&packed.total.cell[k], a, sizeof(a)),
				    rtable_cell_text(&counted.total.cell[k], b, sizeof(b)));
	}
	rtable_free(&packed);
	rtable_free(&counted);
}

static void test_seeded_pack(void **state)
{
	struct fx *f = *state;
	struct rtable t;

	assert_pack_matches(f, 88);
	/* the seed's rule: some pupils absent (A) and some emerging: GLD below all */
	assert_int_equal(rtable_build(f->app, f->c, f->la.id, 0, COLL_EYFSP, AY, &t), ERR_OK);
	assert_true(t.total.cell[1].num < 88); /* assessed: the absent ones are not */
	assert_true(t.total.cell[2].num > 0 && t.total.cell[2].num < t.total.cell[1].num);
	rtable_free(&t);
}

/* After seeding the trigger packs again: one pupil turned absent in every ELG. */
static void test_trigger_back_on(void **state)
{
	struct fx *f = *state;
	struct pupil_query q = { 0 };
	struct pupil *list = NULL;
	struct errbuf eb = { "" };
	struct rtable before, after;
	size_t n = 0;

	assert_int_equal(rtable_build(f->app, f->c, f->la.id, 0, COLL_EYFSP, AY, &before), ERR_OK);
	q.establishment_id = f->school[1].id;
	assert_int_equal(store_pupil_list(f->c, &q, &list, &n), ERR_OK);
	assert_int_equal(n, 31);
	/* a pupil the seed did not make absent (the seed: A when id % 50 is 0) */
	while (n > 0 && list[n - 1].id % 50 == 0)
		n--;
	assert_true(n > 0);
	for (int k = 1; k <= 17; k++) {
		struct stat_stored s = { .pupil_id = list[n - 1].id,
					 .coll = COLL_EYFSP,
					 .academic_year = AY };
		snprintf(s.component, sizeof(s.component), "E%02d", k);
		snprintf(s.qualifier, sizeof(s.qualifier), "EL");
		snprintf(s.result, sizeof(s.result), "A");
		if (store_statutory_put(f->c, &alice, f->school[1].id, &s, &eb) != ERR_OK)
			fail_msg("store_statutory_put: %s", eb.msg);
	}
	free(list);
	assert_pack_matches(f, 88);
	assert_int_equal(rtable_build(f->app, f->c, f->la.id, 0, COLL_EYFSP, AY, &after), ERR_OK);
	/* one more absent: one fewer assessed, the same pupils */
	assert_int_equal(after.total.cell[0].num, before.total.cell[0].num);
	assert_int_equal(after.total.cell[1].num, before.total.cell[1].num - 1);
	rtable_free(&before);
	rtable_free(&after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_seeded_pack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trigger_back_on, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
