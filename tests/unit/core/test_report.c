/*
 * test_report: the Full Report against the seed's worked table (6 pupils, 17
 * areas), include in data, the ELG figures (GLD, averages), the Venn regions of
 * a 2-set and a 3-set area (every region, pupils left out), and the phonics
 * counting rule.
 */
#include "testutil/testutil.h"

#include <string.h>

#include "core/report.h"

static struct report_row tracking_row(int v)
{
	struct report_row r = { .included = true };
	for (int e = 0; e < ELG__MAX; e++)
		r.value[e] = v;
	return r;
}

/* Seed 002, "How do I generate the Full Report": Below counts of 6 pupils. */
static const int seed_below[ELG__MAX] = { 3, 3, 2, 4, 2, 3, 2, 3, 2, 3, 2, 2, 3, 3, 2, 3, 3 };

static void test_seed_table(void **state)
{
	struct report_row rows[8];
	struct report_full f;
	char buf[16];

	(void)state;
	for (int i = 0; i < 6; i++) {
		rows[i] = tracking_row(TRACK_ON_TRACK);
		for (int e = 0; e < ELG__MAX; e++)
			if (i < seed_below[e])
				rows[i].value[e] = TRACK_BELOW;
	}
	rows[6] = tracking_row(TRACK_BELOW); /* include in data: No */
	rows[6].included = false;
	rows[7] = tracking_row(TRACK_BLANK); /* not judged yet */
	/* The seed's table: 6 pupils, all judged, one excluded. */
	report_full_compute(SCALE_TRACKING, rows, 7, &f);
	assert_int_equal(f.rows, 7);
	assert_int_equal(f.included, 6);
	for (int e = 0; e < ELG__MAX; e++) {
		assert_int_equal(f.pupils[e], 6);
		assert_int_equal(f.col[e].pupils, 6);
		assert_int_equal(f.col[e].judged, 6);
		assert_int_equal(f.count[e][TRACK_BELOW], seed_below[e]);
		assert_int_equal(f.count[e][TRACK_ON_TRACK], 6 - seed_below[e]);
	}
	/* the seed's percentages */
	assert_string_equal(report_percent(f.count[ELG_E01][TRACK_BELOW], f.pupils[ELG_E01], buf,
					   sizeof(buf)),
			    "50.00");
	assert_string_equal(report_percent(f.count[ELG_E03][TRACK_BELOW], f.pupils[ELG_E03], buf,
					   sizeof(buf)),
			    "33.33");
	assert_string_equal(report_percent(f.count[ELG_E03][TRACK_ON_TRACK], f.pupils[ELG_E03], buf,
					   sizeof(buf)),
			    "66.67");
	assert_string_equal(report_percent(f.count[ELG_E04][TRACK_BELOW], f.pupils[ELG_E04], buf,
					   sizeof(buf)),
			    "66.67");
	assert_string_equal(report_percent(0, 0, buf, sizeof(buf)), "");
	/* the list behind a figure holds exactly the pupils counted */
	for (int e = 0; e < ELG__MAX; e++) {
		int n = 0;
		for (int i = 0; i < 8; i++)
			n += report_member(SCALE_TRACKING, &rows[i], RSTAT_VALUE, (enum elg)e,
					   TRACK_BELOW);
		assert_int_equal(n, seed_below[e]);
	}
	assert_false(report_member(SCALE_TRACKING, &rows[6], RSTAT_VALUE, ELG_E01, TRACK_BELOW));
	/* A pupil not judged yet is in the cohort: the denominator grows, judged
	 * does not ("3 of 7 pupils Below", never "3 of 6" hiding the seventh). */
	report_full_compute(SCALE_TRACKING, rows, 8, &f);
	assert_int_equal(f.included, 7);
	assert_int_equal(f.col[ELG_E01].pupils, 7);
	assert_int_equal(f.col[ELG_E01].judged, 6);
	assert_int_equal(f.col[ELG_E01].count[TRACK_BLANK], 1);
	assert_string_equal(report_column_percent(&f.col[ELG_E01], TRACK_BELOW, buf, sizeof(buf)),
			    "42.86");
	assert_false(report_member(SCALE_TRACKING, &rows[7], RSTAT_VALUE, ELG_E01, TRACK_BLANK));
}

/* THE column rule: the seed's grid foot (36 pupils, 3 Below, 3 On track: 8.33%),
 * and the same figures from a database's counts (report_column_set). */
static void test_column_rule(void **state)
{
	struct report_column a = { 0 }, b = { 0 };
	const int written[4] = { 99, 3, 3, 0 };
	char buf[16];

	(void)state;
	for (int i = 0; i < 36; i++)
		report_column_add(&a, true, i < 3 ? TRACK_BELOW : i < 6 ? TRACK_ON_TRACK : 0);
	report_column_add(&a, false, TRACK_BELOW); /* include in data: No */
	report_column_add(&a, true, 7);		   /* not a value: blank */
	assert_int_equal(a.pupils, 37);
	assert_int_equal(a.judged, 6);
	assert_int_equal(a.count[TRACK_BLANK], 31);
	report_column_set(&b, 37, written);
	assert_memory_equal(&a, &b, sizeof(a));
	memset(&a, 0, sizeof(a));
	for (int i = 0; i < 36; i++)
		report_column_add(&a, true, i < 3 ? TRACK_BELOW : i < 6 ? TRACK_ON_TRACK : 0);
	assert_string_equal(report_column_percent(&a, TRACK_BELOW, buf, sizeof(buf)), "8.33");
	assert_string_equal(report_column_percent(&a, TRACK_ON_TRACK, buf, sizeof(buf)), "8.33");
	memset(&a, 0, sizeof(a));
	report_column_add(&a, false, TRACK_BELOW);
	assert_string_equal(report_column_percent(&a, TRACK_BELOW, buf, sizeof(buf)), "");
}

/* The GLD column by the column rule: the rows of the seed's worked table (No,
 * Yes, No, ...), an all-Absent pupil (GLD No, as its row says: counted, not at
 * the expected level) and one not decided yet (blank). */
static void test_gld_column(void **state)
{
	static const enum elg_result rows[][2] = {
		{ ELG_EXPECTED, ELG_EXPECTED }, /* every GLD goal: Yes */
		{ ELG_EMERGING, ELG_EXPECTED }, /* Emerging in one: No */
		{ ELG_ABSENT, ELG_ABSENT },	/* absent throughout: No */
		{ ELG_EXPECTED, ELG_BLANK },	/* some still blank: not decided */
	};
	struct report_column c = { 0 };
	char buf[16];

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		enum elg_result r[ELG__MAX];
		struct elg_measures m;
		for (int e = 0; e < ELG__MAX; e++)
			r[e] = e == 0 ? rows[i][0] : rows[i][1];
		elg_measures_compute(r, &m);
		report_column_add(&c, report_gld_counted(&m), report_gld_value(m.gld));
		if (i == 2)
			assert_string_equal(gld_label(m.gld), "No"); /* the row says No */
	}
	/* counted as the Full Report counts GLD: judged in all 17, not absent */
	assert_int_equal(c.pupils, 2);
	assert_int_equal(c.judged, 2);
	assert_int_equal(c.count[2], 1); /* GLD Yes */
	assert_int_equal(c.count[1], 1); /* GLD No: Emerging in one */
	assert_int_equal(c.count[0], 0);
	assert_string_equal(report_column_percent(&c, 2, buf, sizeof(buf)), "50.00");
}

static struct report_row elg_row(int v)
{
	struct report_row r = { .included = true };
	for (int e = 0; e < ELG__MAX; e++)
		r.value[e] = v;
	return r;
}

static void test_elg_figures(void **state)
{
	struct report_row rows[5];
	struct report_full f;
	char buf[16];

	(void)state;
	rows[0] = elg_row(ELG_EXPECTED); /* GLD, 17 expected, total 34 */
	rows[1] = elg_row(ELG_EXPECTED); /* no GLD (E11 emerging), 16 expected, total 33 */
	rows[1].value[ELG_E11] = ELG_EMERGING;
	rows[2] = elg_row(ELG_EMERGING); /* 0 expected, total 17 */
	rows[3] = elg_row(ELG_ABSENT);	 /* absent: left out of the averages */
	rows[4] = elg_row(ELG_EXPECTED); /* excluded from data */
	rows[4].included = false;
	report_full_compute(SCALE_ELG, rows, 5, &f);
	assert_int_equal(f.cohort.pupils, 4);
	assert_int_equal(f.cohort.assessed, 3);
	assert_int_equal(f.cohort.absent, 1);
	assert_int_equal(f.cohort.gld, 1);
	/* Per area: the 4 included pupils, the absent one counted as Absent. */
	assert_int_equal(f.pupils[ELG_E01], 4);
	assert_int_equal(f.col[ELG_E01].judged, 4);
	assert_int_equal(f.col[ELG_E01].count[ELG_ABSENT], 1);
	assert_int_equal(f.count[ELG_E11][ELG_EMERGING], 2);
	assert_int_equal(f.count[ELG_E11][ELG_EXPECTED], 1);
	assert_int_equal(f.count[ELG_E13][ELG_EXPECTED], 2);
	assert_string_equal(report_column_percent(&f.col[ELG_E11], ELG_EMERGING, buf, sizeof(buf)),
			    "50.00");
	assert_string_equal(report_percent(f.cohort.gld, f.cohort.assessed, buf, sizeof(buf)),
			    "33.33");
	/* (17 + 16 + 0) / 3 = 11.00; (34 + 33 + 17) / 3 = 28.00 */
	assert_string_equal(report_average(f.cohort.expected_sum, f.cohort.assessed, buf,
					   sizeof(buf)),
			    "11.00");
	assert_string_equal(report_average(f.cohort.total_sum, f.cohort.assessed, buf, sizeof(buf)),
			    "28.00");
	assert_true(report_member(SCALE_ELG, &rows[0], RSTAT_GLD, ELG_E01, 0));
	assert_false(report_member(SCALE_ELG, &rows[1], RSTAT_GLD, ELG_E01, 0));
	assert_true(report_member(SCALE_ELG, &rows[3], RSTAT_VALUE, ELG_E01, ELG_ABSENT));
	assert_false(report_member(SCALE_ELG, &rows[4], RSTAT_VALUE, ELG_E01, ELG_EXPECTED));
	assert_false(report_member(SCALE_ELG, &rows[4], RSTAT_GLD, ELG_E01, 0));
}

/* Adds count rows in region mask of sets (On track where the bit is set). */
static size_t add_region(struct report_row *rows, size_t at, const enum elg *sets, int nsets,
			 int mask, int count, int on, int off)
{
	for (int k = 0; k < count; k++) {
		struct report_row r = tracking_row(off);
		for (int i = 0; i < nsets; i++)
			r.value[sets[i]] = mask & (1 << i) ? on : off;
		rows[at++] = r;
	}
	return at;
}

static void test_venn_two_sets(void **state)
{
	static const enum elg sets[] = { ELG_E01, ELG_E02 };
	struct report_row rows[32];
	struct report_venn v;
	size_t n = 0;
	char buf[16];

	(void)state;
	for (int m = 0; m < 4; m++)
		n = add_region(rows, n, sets, 2, m, m + 1, TRACK_ON_TRACK, TRACK_BELOW);
	rows[n] = tracking_row(TRACK_ON_TRACK); /* not judged in SP: left out */
	rows[n++].value[ELG_E02] = TRACK_BLANK;
	rows[n] = tracking_row(TRACK_ON_TRACK); /* excluded from data */
	rows[n++].included = false;
	assert_true(report_venn_area(AREA_COM));
	report_venn_compute(SCALE_TRACKING, AREA_COM, rows, n, &v);
	assert_int_equal(v.nsets, 2);
	assert_int_equal(v.sets[0], ELG_E01);
	assert_int_equal(v.sets[1], ELG_E02);
	assert_int_equal(v.pupils, 10);
	assert_int_equal(v.not_judged, 1);
	assert_int_equal(v.region[0], 1); /* in none */
	assert_int_equal(v.region[1], 2); /* LAU only */
	assert_int_equal(v.region[2], 3); /* SP only */
	assert_int_equal(v.region[3], 4); /* both */
	assert_string_equal(report_percent(v.region[3], v.pupils, buf, sizeof(buf)), "40.00");
	assert_int_equal(report_venn_mask(SCALE_TRACKING, &v, &rows[0]), 0);
	assert_int_equal(report_venn_mask(SCALE_TRACKING, &v, &rows[9]), 3);
	assert_int_equal(report_venn_mask(SCALE_TRACKING, &v, &rows[10]), -1);
}

static void test_venn_three_sets(void **state)
{
	static const enum elg sets[] = { ELG_E03, ELG_E04, ELG_E05 };
	struct report_row rows[64];
	struct report_venn v;
	size_t n = 0;
	int total = 0;

	(void)state;
	for (int m = 0; m < 8; m++) {
		n = add_region(rows, n, sets, 3, m, m + 2, ELG_EXPECTED, ELG_EMERGING);
		total += m + 2;
	}
	rows[n++] = elg_row(ELG_ABSENT); /* absent: not assessed, left out */
	report_venn_compute(SCALE_ELG, AREA_PSE, rows, n, &v);
	assert_int_equal(v.nsets, 3);
	assert_int_equal(v.pupils, total);
	assert_int_equal(v.not_judged, 1);
	for (int m = 0; m < 8; m++)
		assert_int_equal(v.region[m], m + 2);
	/* every area of the report has 2 or 3 sets; the others have none */
	assert_true(report_venn_area(AREA_PSE));
	assert_true(report_venn_area(AREA_PHY));
	assert_true(report_venn_area(AREA_LIT));
	assert_true(report_venn_area(AREA_MAT));
	assert_false(report_venn_area(AREA_UTW));
	assert_false(report_venn_area(AREA_EXP));
	report_venn_compute(SCALE_ELG, AREA_LIT, rows, n, &v);
	assert_int_equal(v.nsets, 3);
	report_venn_compute(SCALE_ELG, AREA_MAT, rows, n, &v);
	assert_int_equal(v.nsets, 2);
}

static void test_phonics(void **state)
{
	struct report_phonics p;

	(void)state;
	report_phonics_init(&p);
	report_phonics_add(&p, 1, "32"); /* met: 32 is the threshold */
	report_phonics_add(&p, 1, "31");
	report_phonics_add(&p, 1, "A"); /* a code is an entry, not met */
	report_phonics_add(&p, 1, "");	/* no entry */
	report_phonics_add(&p, 2, "40");
	report_phonics_add(&p, 2, "12");
	report_phonics_add(&p, 3, "40"); /* not Year 1 or 2 */
	assert_int_equal(p.year1, 3);
	assert_int_equal(p.year1_met, 1);
	assert_int_equal(p.year2, 2);
	assert_int_equal(p.year2_met, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_table),	cmocka_unit_test(test_column_rule),
		cmocka_unit_test(test_elg_figures),	cmocka_unit_test(test_venn_two_sets),
		cmocka_unit_test(test_venn_three_sets), cmocka_unit_test(test_phonics),
		cmocka_unit_test(test_gld_column),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
