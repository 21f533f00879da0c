/*
 * test_framework: the EYFS areas, ELGs and judgement scales: the table matches the
 * statutory framework, lookups find what they should and reject the rest.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <string.h>

#include "core/framework.h"

static void test_areas(void **state)
{
	static const char *const codes[] = { "COM", "PSE", "PHY", "LIT", "MAT", "UTW", "EXP" };
	enum area a;
	(void)state;

	for (int i = 0; i < AREA__MAX; i++) {
		assert_string_equal(area_get((enum area)i)->code, codes[i]);
		assert_true(area_parse(codes[i], &a));
		assert_int_equal(a, i);
		assert_int_equal(area_get((enum area)i)->prime, i <= AREA_PHY);
	}
	assert_string_equal(area_get(AREA_PSE)->name, "Personal, Social and Emotional Development");
	assert_string_equal(area_get(AREA_EXP)->name, "Expressive Arts and Design");
	assert_false(area_parse("com", &a)); /* CTF codes are exact */
	assert_false(area_parse("", &a));
	assert_false(area_parse(NULL, &a));
}

static void test_elgs(void **state)
{
	static const char *const shorts[] = { "LAU", "SP",  "SR", "MS",	 "BR", "GMS",
					      "FMS", "C",   "WR", "W",	 "N",  "NP",
					      "PP",  "PCC", "NW", "CWM", "BIE" };
	static const enum area areas[] = { AREA_COM, AREA_COM, AREA_PSE, AREA_PSE, AREA_PSE,
					   AREA_PHY, AREA_PHY, AREA_LIT, AREA_LIT, AREA_LIT,
					   AREA_MAT, AREA_MAT, AREA_UTW, AREA_UTW, AREA_UTW,
					   AREA_EXP, AREA_EXP };
	int gld = 0, prime = 0;
	enum elg e;
	(void)state;

	for (int i = 0; i < ELG__MAX; i++) {
		const struct elg_info *info = elg_get((enum elg)i);
		char code[16];

		snprintf(code, sizeof(code), "E%02d", i + 1);
		assert_string_equal(info->code, code);
		assert_string_equal(info->short_label, shorts[i]);
		assert_int_equal(info->area, areas[i]);
		assert_int_equal(info->prime, area_get(info->area)->prime);
		assert_int_equal(info->in_gld, i < 12);
		assert_true(elg_parse(code, &e));
		assert_int_equal(e, i);
		assert_true(elg_parse_short(shorts[i], &e));
		assert_int_equal(e, i);
		gld += info->in_gld;
		prime += info->prime;
		/* short labels are unique */
		for (int j = 0; j < i; j++)
			assert_string_not_equal(elg_get((enum elg)j)->short_label,
						info->short_label);
	}
	assert_int_equal(gld, ELG_GLD_COUNT);
	assert_int_equal(prime, 7);
	assert_string_equal(elg_get(ELG_E01)->name, "Listening, Attention and Understanding");
	assert_string_equal(elg_get(ELG_E17)->name, "Being Imaginative and Expressive");
	assert_true(elg_parse_short("wr", &e));
	assert_int_equal(e, ELG_E09);
	assert_false(elg_parse("E18", &e));
	assert_false(elg_parse("E00", &e));
	assert_false(elg_parse("e01", &e));
	assert_false(elg_parse("G01", &e)); /* pre-2021 framework */
	assert_false(elg_parse_short("X", &e));
}

static void test_elg_scale(void **state)
{
	const struct scale *s = scale_get(SCALE_ELG);
	enum elg_result r;
	(void)state;

	assert_int_equal(s->count, ELG_RESULT__MAX);
	assert_string_equal(s->values[ELG_EXPECTED].label, "Expected");
	assert_int_equal(s->values[ELG_EMERGING].key, 'E');
	assert_int_equal(s->values[ELG_EXPECTED].key, 'X');
	assert_int_equal(s->values[ELG_ABSENT].key, 'A');
	assert_null(elg_result_ctf(ELG_BLANK));
	assert_string_equal(elg_result_ctf(ELG_EMERGING), "1");
	assert_string_equal(elg_result_ctf(ELG_EXPECTED), "2");
	assert_string_equal(elg_result_ctf(ELG_ABSENT), "A");
	assert_string_equal(elg_result_label(ELG_ABSENT), "Absent");

	/* CTF codes are strict */
	assert_true(elg_result_from_ctf("1", &r));
	assert_int_equal(r, ELG_EMERGING);
	assert_true(elg_result_from_ctf("2", &r));
	assert_int_equal(r, ELG_EXPECTED);
	assert_true(elg_result_from_ctf("A", &r));
	assert_int_equal(r, ELG_ABSENT);
	assert_false(elg_result_from_ctf("a", &r));
	assert_false(elg_result_from_ctf("3", &r)); /* old framework's exceeding */
	assert_false(elg_result_from_ctf("", &r));
	assert_false(elg_result_from_ctf(NULL, &r));

	/* people: labels, keys, codes, any case; blank */
	assert_int_equal(scale_parse(SCALE_ELG, "expected"), ELG_EXPECTED);
	assert_int_equal(scale_parse(SCALE_ELG, "EMERGING"), ELG_EMERGING);
	assert_int_equal(scale_parse(SCALE_ELG, "x"), ELG_EXPECTED);
	assert_int_equal(scale_parse(SCALE_ELG, "E"), ELG_EMERGING);
	assert_int_equal(scale_parse(SCALE_ELG, "a"), ELG_ABSENT);
	assert_int_equal(scale_parse(SCALE_ELG, " 2 "), ELG_EXPECTED);
	assert_int_equal(scale_parse(SCALE_ELG, ""), ELG_BLANK);
	assert_int_equal(scale_parse(SCALE_ELG, "   "), ELG_BLANK);
	assert_int_equal(scale_parse(SCALE_ELG, "Exceeding"), -1);
	assert_int_equal(scale_parse(SCALE_ELG, "O"), -1); /* a tracking key */
	assert_int_equal(scale_parse(SCALE_ELG, NULL), -1);
	assert_true(elg_result_parse("Absent", &r));
	assert_int_equal(r, ELG_ABSENT);
	assert_false(elg_result_parse("Abs", &r));
}

static void test_tracking_scale(void **state)
{
	const struct scale *s = scale_get(SCALE_TRACKING);
	enum track_result t;
	(void)state;

	assert_int_equal(s->count, TRACK__MAX);
	assert_string_equal(track_result_label(TRACK_ON_TRACK), "On track");
	assert_string_equal(track_result_label(TRACK_BELOW), "Below");
	assert_int_equal(s->values[TRACK_BELOW].key, 'B');
	assert_int_equal(s->values[TRACK_ON_TRACK].key, 'O');
	assert_null(s->values[TRACK_ON_TRACK].ctf);
	assert_true(track_result_parse("on track", &t));
	assert_int_equal(t, TRACK_ON_TRACK);
	assert_true(track_result_parse("b", &t));
	assert_int_equal(t, TRACK_BELOW);
	assert_true(track_result_parse("", &t));
	assert_int_equal(t, TRACK_BLANK);
	assert_false(track_result_parse("2", &t));
	assert_false(track_result_parse("X", &t));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_areas),
		cmocka_unit_test(test_elgs),
		cmocka_unit_test(test_elg_scale),
		cmocka_unit_test(test_tracking_scale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
