/*
 * test_measures: GLD and ELG total score against every row of the LA tracker's
 * worked tables (seed 000, Appendix C), the Absent rule, cohort figures against
 * the FSP fixture's .expected.json, and rounding.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/measures.h"

/* Short names so the rows below read like the seed's tables. */
#define B ELG_BLANK
#define M ELG_EMERGING
#define X ELG_EXPECTED

static void fill(enum elg_result r[ELG__MAX], enum elg_result v)
{
	for (int e = 0; e < ELG__MAX; e++)
		r[e] = v;
}

/* Seed table 1: "Number | Numerical Patterns | Good Level of Development". The
 * ten earlier ELGs are not shown; each row here is a full row consistent with
 * the two shown and the GLD printed. */
static void test_seed_gld_rows(void **state)
{
	static const struct {
		enum elg_result e01_10, number, patterns;
		int emerging_at; /* an earlier ELG at Emerging, or -1 */
		enum gld gld;
	} rows[] = {
		{ X, M, M, -1, GLD_NO },      /* Emerging Emerging No */
		{ X, X, X, -1, GLD_YES },     /* Expected Expected Yes */
		{ X, X, M, -1, GLD_NO },      /* Expected Emerging No */
		{ X, X, X, ELG_E04, GLD_NO }, /* Expected Expected No: Emerging earlier */
		{ X, M, X, -1, GLD_NO },      /* Emerging Expected No */
	};
	(void)state;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		enum elg_result r[ELG__MAX];
		struct elg_measures m;

		fill(r, X);
		for (int e = ELG_E01; e <= ELG_E10; e++)
			r[e] = rows[i].e01_10;
		if (rows[i].emerging_at >= 0)
			r[rows[i].emerging_at] = ELG_EMERGING;
		r[ELG_E11] = rows[i].number;
		r[ELG_E12] = rows[i].patterns;
		elg_measures_compute(r, &m);
		if (m.gld != rows[i].gld)
			fail_msg("row %zu: GLD %s, want %s", i + 1, gld_label(m.gld),
				 gld_label(rows[i].gld));
		/* GLD is decided by E01-E12 alone: blank E13-E17 change nothing */
		for (int e = ELG_E13; e < ELG__MAX; e++)
			r[e] = ELG_BLANK;
		elg_measures_compute(r, &m);
		assert_int_equal(m.gld, rows[i].gld);
		assert_false(m.complete);
		assert_int_equal(m.total, -1);
	}
	assert_string_equal(gld_label(GLD_YES), "Yes");
	assert_string_equal(gld_label(GLD_NO), "No");
	assert_string_equal(gld_label(GLD_UNKNOWN), "");
}

/* Seed table 2: "Being Imaginative and Expressive | ELG Total Score". The
 * tracker adds up the cells entered so far (Emerging 1, Expected 2); totals
 * below 17 can only come from rows still being filled in. */
static void test_seed_total_rows(void **state)
{
	static const struct {
		enum elg_result r[ELG__MAX];
		int shown; /* the seed's ELG Total Score */
		bool complete;
	} rows[] = {
		/* Expected 5 */
		{ { B, B, B, B, B, B, B, B, B, B, B, B, B, B, M, X, X }, 5, false },
		/* Expected 28: 11 Expected and 6 Emerging, all 17 judged */
		{ { X, X, M, X, M, X, X, M, X, M, X, X, M, X, M, X, X }, 28, true },
		/* Expected 13 */
		{ { X, X, X, X, X, M, B, B, B, B, B, B, B, B, B, B, X }, 13, false },
		/* Expected 8 */
		{ { X, X, X, B, B, B, B, B, B, B, B, B, B, B, B, B, X }, 8, false },
		/* Emerging 6 */
		{ { X, X, M, B, B, B, B, B, B, B, B, B, B, B, B, B, M }, 6, false },
		/* Expected 7 */
		{ { X, M, X, B, B, B, B, B, B, B, B, B, B, B, B, B, X }, 7, false },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct elg_measures m;

		elg_measures_compute(rows[i].r, &m);
		if (m.running_total != rows[i].shown)
			fail_msg("row %zu: running total %d, seed shows %d", i + 1, m.running_total,
				 rows[i].shown);
		assert_int_equal(m.complete, rows[i].complete);
		assert_int_equal(m.total, rows[i].complete ? rows[i].shown : -1);
	}
}

static void test_complete_rows(void **state)
{
	enum elg_result r[ELG__MAX];
	struct elg_measures m;
	(void)state;

	fill(r, X);
	elg_measures_compute(r, &m);
	assert_int_equal(m.gld, GLD_YES);
	assert_true(m.complete);
	assert_int_equal(m.total, 34);
	assert_int_equal(m.expected, 17);
	assert_int_equal(m.entered, 17);
	assert_true(m.all_expected);
	assert_true(m.cl_lit_expected);

	fill(r, M);
	elg_measures_compute(r, &m);
	assert_int_equal(m.gld, GLD_NO);
	assert_int_equal(m.total, 17);
	assert_int_equal(m.expected, 0);
	assert_false(m.all_expected);
	assert_false(m.cl_lit_expected);

	/* GLD Yes with an Emerging outside E01-E12 */
	fill(r, X);
	r[ELG_E15] = ELG_EMERGING;
	elg_measures_compute(r, &m);
	assert_int_equal(m.gld, GLD_YES);
	assert_int_equal(m.total, 33);
	assert_int_equal(m.expected, 16);
	assert_false(m.all_expected);
	assert_true(m.cl_lit_expected);

	/* CL and literacy: E01, E02, E08, E09, E10 */
	fill(r, X);
	r[ELG_E09] = ELG_EMERGING;
	elg_measures_compute(r, &m);
	assert_false(m.cl_lit_expected);
	fill(r, X);
	r[ELG_E03] = ELG_EMERGING;
	elg_measures_compute(r, &m);
	assert_true(m.cl_lit_expected);
	assert_int_equal(m.gld, GLD_NO);

	/* empty row: nothing known */
	fill(r, B);
	elg_measures_compute(r, &m);
	assert_int_equal(m.gld, GLD_UNKNOWN);
	assert_int_equal(m.entered, 0);
	assert_int_equal(m.running_total, 0);
	assert_int_equal(m.total, -1);
	assert_false(m.complete);

	/* one Emerging in E01-E12 settles GLD even while others are blank */
	r[ELG_E02] = ELG_EMERGING;
	elg_measures_compute(r, &m);
	assert_int_equal(m.gld, GLD_NO);
	/* eleven Expected and one blank: not yet decided */
	fill(r, X);
	r[ELG_E12] = ELG_BLANK;
	elg_measures_compute(r, &m);
	assert_int_equal(m.gld, GLD_UNKNOWN);
}

static void test_absent(void **state)
{
	enum elg_result r[ELG__MAX];
	struct elg_measures m;
	(void)state;

	/* "Where Absent is selected ... all seventeen areas of development will
	 * populate with this entry and a 0 will present in the ELG Total Score" */
	fill(r, X);
	r[ELG_E07] = ELG_ABSENT;
	elg_measures_compute(r, &m);
	assert_true(m.absent);
	assert_true(m.complete);
	assert_int_equal(m.gld, GLD_NO);
	assert_int_equal(m.total, 0);
	assert_int_equal(m.running_total, 0);
	assert_int_equal(m.expected, 0);
	assert_false(m.all_expected);
	assert_true(elg_apply_absent(r));
	for (int e = 0; e < ELG__MAX; e++)
		assert_int_equal(r[e], ELG_ABSENT);

	/* Absent only in E13-E17 still makes the child absent */
	fill(r, X);
	r[ELG_E17] = ELG_ABSENT;
	elg_measures_compute(r, &m);
	assert_int_equal(m.gld, GLD_NO);

	/* no Absent: the row is left alone */
	fill(r, M);
	r[ELG_E01] = ELG_BLANK;
	assert_false(elg_apply_absent(r));
	assert_int_equal(r[ELG_E01], ELG_BLANK);
	assert_int_equal(r[ELG_E02], ELG_EMERGING);
}

/* The next "<tag>" value after *p inside [*p, end); advances *p past it. */
static bool next_value(const char **p, const char *end, const char *tag, char *out, size_t size)
{
	char open[32], close[32];
	const char *a, *b;
	size_t n;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	a = strstr(*p, open);
	if (!a || a >= end)
		return false;
	a += strlen(open);
	b = strstr(a, close);
	assert_non_null(b);
	n = (size_t)(b - a);
	assert_true(n < size);
	memcpy(out, a, n);
	out[n] = '\0';
	*p = b;
	return true;
}

/* "key": NUMBER after *from in the JSON text. */
static double json_number(const char *from, const char *key)
{
	char k[64];
	const char *at;

	snprintf(k, sizeof(k), "\"%s\":", key);
	at = strstr(from, k);
	assert_non_null(at);
	return strtod(at + strlen(k), NULL);
}

static void test_fixture_cohort(void **state)
{
	char *xml_path = tu_shared_path("fixtures/ctf/8881234_FSP_888LLLL_001.xml");
	char *json_path = tu_shared_path("fixtures/ctf/8881234_FSP_888LLLL_001.expected.json");
	char *xml = tu_read_file(xml_path, NULL);
	char *json = tu_read_file(json_path, NULL);
	const char *p;
	struct elg_cohort c;
	char buf[32];
	long v;
	(void)state;

	assert_non_null(xml);
	assert_non_null(json);
	elg_cohort_init(&c);
	for (p = strstr(xml, "<Pupil>"); p; p = strstr(p, "<Pupil>")) {
		const char *end = strstr(p, "</Pupil>");
		enum elg_result r[ELG__MAX];
		char comp[16], result[16];

		assert_non_null(end);
		fill(r, B);
		while (next_value(&p, end, "Component", comp, sizeof(comp))) {
			enum elg e;
			enum elg_result res;
			assert_true(next_value(&p, end, "Result", result, sizeof(result)));
			assert_true(elg_parse(comp, &e));
			assert_true(elg_result_from_ctf(result, &res));
			r[e] = res;
		}
		elg_cohort_add(&c, r);
		p = end;
	}
	assert_int_equal(c.pupils, (int)json_number(json, "pupils"));
	assert_int_equal(c.assessed, (int)json_number(json, "assessed"));
	assert_int_equal(c.absent, (int)json_number(json, "absent_all_A"));
	assert_int_equal(c.incomplete, 0);
	assert_int_equal(c.gld, (int)json_number(json, "gld"));

	/* two-decimal figures exactly as the fixture writes them */
	assert_true(measure_div_round((long)c.gld * 10000, c.assessed, &v));
	assert_string_equal(measure_format_fixed(v, 2, buf, sizeof(buf)), "37.04");
	assert_int_equal(v, (long)(json_number(json, "gld_percent_of_assessed") * 100 + 0.5));
	assert_true(measure_div_round(c.expected_sum * 100, c.assessed, &v));
	assert_int_equal(v, (long)(json_number(json, "average_elgs_at_expected") * 100 + 0.5));
	assert_true(measure_div_round(c.total_sum * 100, c.assessed, &v));
	assert_int_equal(v, (long)(json_number(json, "average_total_score_assessed") * 100 + 0.5));

	for (int e = 0; e < ELG__MAX; e++) {
		char key[16];
		const char *at;
		snprintf(key, sizeof(key), "\"%s\": {", elg_get((enum elg)e)->code);
		at = strstr(json, key);
		assert_non_null(at);
		assert_int_equal(c.emerging_by_elg[e], (int)json_number(at, "emerging"));
		assert_int_equal(c.expected_by_elg[e], (int)json_number(at, "expected"));
	}
	free(xml);
	free(json);
	free(xml_path);
	free(json_path);
}

static void test_cohort_incomplete(void **state)
{
	struct elg_cohort c;
	enum elg_result r[ELG__MAX];
	(void)state;

	elg_cohort_init(&c);
	fill(r, X);
	r[ELG_E05] = ELG_BLANK;
	elg_cohort_add(&c, r);
	fill(r, X);
	elg_cohort_add(&c, r);
	assert_int_equal(c.pupils, 2);
	assert_int_equal(c.incomplete, 1);
	assert_int_equal(c.assessed, 1);
	assert_int_equal(c.gld, 1);
	assert_int_equal(c.all_expected, 1);
	assert_int_equal(c.cl_lit_expected, 1);
	assert_int_equal(c.expected_sum, 17);
	assert_int_equal(c.total_sum, 34);
}

static void test_rounding(void **state)
{
	int pct;
	long v;
	char buf[32];
	(void)state;

	assert_true(measure_percent(1, 8, &pct)); /* 12.5 -> 13 */
	assert_int_equal(pct, 13);
	assert_true(measure_percent(1, 3, &pct)); /* 33.3 -> 33 */
	assert_int_equal(pct, 33);
	assert_true(measure_percent(2, 3, &pct)); /* 66.7 -> 67 */
	assert_int_equal(pct, 67);
	assert_true(measure_percent(1, 200, &pct)); /* 0.5 -> 1 */
	assert_int_equal(pct, 1);
	assert_true(measure_percent(0, 7, &pct));
	assert_int_equal(pct, 0);
	assert_true(measure_percent(7, 7, &pct));
	assert_int_equal(pct, 100);
	pct = -1;
	assert_false(measure_percent(0, 0, &pct)); /* no pupils: no value */
	assert_int_equal(pct, -1);
	assert_false(measure_percent(3, 0, &pct));

	assert_true(measure_div_round(5, 2, &v));
	assert_int_equal(v, 3);
	assert_true(measure_div_round(-5, 2, &v));
	assert_int_equal(v, -3);
	assert_true(measure_div_round(5, -2, &v));
	assert_int_equal(v, -3);
	assert_true(measure_div_round(7, 3, &v));
	assert_int_equal(v, 2);
	assert_false(measure_div_round(1, 0, &v));

	assert_string_equal(measure_format_fixed(3704, 2, buf, sizeof(buf)), "37.04");
	assert_string_equal(measure_format_fixed(5, 2, buf, sizeof(buf)), "0.05");
	assert_string_equal(measure_format_fixed(-5, 1, buf, sizeof(buf)), "-0.5");
	assert_string_equal(measure_format_fixed(141, 1, buf, sizeof(buf)), "14.1");
	assert_string_equal(measure_format_fixed(42, 0, buf, sizeof(buf)), "42");
	assert_string_equal(measure_format_fixed(0, 3, buf, sizeof(buf)), "0.000");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_gld_rows),  cmocka_unit_test(test_seed_total_rows),
		cmocka_unit_test(test_complete_rows),  cmocka_unit_test(test_absent),
		cmocka_unit_test(test_fixture_cohort), cmocka_unit_test(test_cohort_incomplete),
		cmocka_unit_test(test_rounding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
