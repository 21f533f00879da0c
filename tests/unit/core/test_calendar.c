/*
 * test_calendar: academic years, year groups from date of birth (the checks of
 * reference section 6.2 and the boundaries), summer-born and CTF versions.
 */
#include "testutil/testutil.h"

#include <string.h>

#include "core/calendar.h"

static struct date d(int y, int m, int dd)
{
	return (struct date){ y, m, dd };
}

static void test_academic_year(void **state)
{
	char buf[ACADEMIC_YEAR_LABEL_MAX];
	int y;
	(void)state;

	assert_int_equal(academic_year_of(d(2025, 9, 1)), 2025);
	assert_int_equal(academic_year_of(d(2026, 8, 31)), 2025);
	assert_int_equal(academic_year_of(d(2025, 8, 31)), 2024);
	assert_int_equal(academic_year_of(d(2026, 1, 1)), 2025);
	assert_int_equal(academic_year_of(d(2025, 12, 31)), 2025);
	assert_int_equal(date_cmp(academic_year_start(2025), d(2025, 9, 1)), 0);
	assert_int_equal(date_cmp(academic_year_end(2025), d(2026, 8, 31)), 0);

	assert_string_equal(academic_year_label(2025, buf), "2025/26");
	assert_string_equal(academic_year_label(1999, buf), "1999/00");
	assert_string_equal(academic_year_label(2009, buf), "2009/10");

	assert_true(academic_year_parse("2025/26", &y));
	assert_int_equal(y, 2025);
	assert_true(academic_year_parse("2024-25", &y));
	assert_int_equal(y, 2024);
	assert_true(academic_year_parse("1999/2000", &y));
	assert_int_equal(y, 1999);
	assert_true(academic_year_parse("2030", &y));
	assert_int_equal(y, 2030);
	assert_true(academic_year_parse("2099/00", &y));
	assert_false(academic_year_parse("2025/27", &y));
	assert_false(academic_year_parse("2025/2025", &y));
	assert_false(academic_year_parse("25/26", &y));
	assert_false(academic_year_parse("2025/26 ", &y));
	assert_false(academic_year_parse("", &y));
	assert_false(academic_year_parse(NULL, &y));
	assert_false(academic_year_parse("1899", &y));
}

static void test_year_group_reference_checks(void **state)
{
	(void)state;
	/* Reference section 6.2, Y = 2025 */
	assert_int_equal(year_group_of(d(2020, 9, 1), 2025), YEAR_R);
	assert_int_equal(year_group_of(d(2021, 8, 31), 2025), YEAR_R);
	assert_int_equal(year_group_of(d(2019, 10, 10), 2025), 1);
	assert_int_equal(year_group_of(d(2018, 12, 25), 2025), 2);
	assert_int_equal(year_group_of(d(2014, 9, 1), 2025), 6);
	assert_int_equal(year_group_of(d(2015, 8, 31), 2025), 6);
}

static void test_year_group_boundaries(void **state)
{
	(void)state;
	/* 31 August / 1 September is the cohort boundary */
	assert_int_equal(year_group_of(d(2020, 8, 31), 2025), 1);
	assert_int_equal(year_group_of(d(2021, 9, 1), 2025), YEAR_N2);
	assert_int_equal(year_group_of(d(2022, 8, 31), 2025), YEAR_N2);
	assert_int_equal(year_group_of(d(2022, 9, 1), 2025), YEAR_N1);
	assert_int_equal(year_group_of(d(2023, 8, 31), 2025), YEAR_N1);
	/* younger than N1 and older than Y6 still have a value */
	assert_int_equal(year_group_of(d(2023, 9, 1), 2025), -3);
	assert_int_equal(year_group_of(d(2014, 8, 31), 2025), 7);
	assert_int_equal(year_group_of(d(2008, 1, 1), 2025), 13);
	/* the same child moves up one year each academic year */
	assert_int_equal(year_group_of(d(2020, 9, 1), 2026), 1);
	assert_int_equal(year_group_of(d(2020, 9, 1), 2024), YEAR_N2);
	/* 29 February */
	assert_int_equal(year_group_of(d(2020, 2, 29), 2025), 1);
	/* invalid dates have no year group */
	assert_int_equal(year_group_of(d(2021, 2, 29), 2025), YEAR_NONE);
	assert_int_equal(year_group_of(d(0, 0, 0), 2025), YEAR_NONE);
}

static void test_age_and_summer_born(void **state)
{
	(void)state;
	assert_int_equal(age_on(d(2020, 9, 1), d(2025, 8, 31)), 4);
	assert_int_equal(age_on(d(2020, 9, 1), d(2025, 9, 1)), 5);
	assert_int_equal(age_on(d(2020, 2, 29), d(2025, 2, 28)), 4);
	assert_int_equal(age_on(d(2020, 2, 29), d(2025, 3, 1)), 5);
	assert_int_equal(age_on(d(2020, 2, 29), d(2024, 2, 29)), 4);
	assert_int_equal(age_on(d(2025, 1, 2), d(2025, 1, 1)), -1);

	assert_false(summer_born(d(2020, 3, 31)));
	assert_true(summer_born(d(2020, 4, 1)));
	assert_true(summer_born(d(2020, 6, 15)));
	assert_true(summer_born(d(2020, 8, 31)));
	assert_false(summer_born(d(2020, 9, 1)));
	assert_false(summer_born(d(2020, 1, 1)));
	assert_false(summer_born(d(2021, 4, 31))); /* not a date */
}

static void test_year_label(void **state)
{
	char buf[YEAR_LABEL_MAX];
	(void)state;

	assert_string_equal(year_label(YEAR_N1, buf), "N1");
	assert_string_equal(year_label(YEAR_N2, buf), "N2");
	assert_string_equal(year_label(YEAR_R, buf), "R");
	assert_string_equal(year_label(1, buf), "Y1");
	assert_string_equal(year_label(6, buf), "Y6");
	assert_string_equal(year_label(7, buf), "Year 7");
	assert_string_equal(year_label(13, buf), "Year 13");
	assert_string_equal(year_label(-3, buf), "Pre-nursery");
	assert_string_equal(year_label(YEAR_NONE, buf), "");
	assert_string_equal(year_label(2147483647, buf), "Year 2147483647");

	assert_string_equal(year_ctf_code(YEAR_R, buf), "R");
	assert_string_equal(year_ctf_code(YEAR_N1, buf), "N1");
	assert_string_equal(year_ctf_code(6, buf), "6");
	assert_string_equal(year_ctf_code(14, buf), "14");
	assert_string_equal(year_ctf_code(15, buf), "");
	assert_string_equal(year_ctf_code(-3, buf), "");
	assert_string_equal(year_ctf_code(YEAR_NONE, buf), "");

	assert_true(year_is_primary(YEAR_N1));
	assert_true(year_is_primary(6));
	assert_false(year_is_primary(7));
	assert_false(year_is_primary(-3));
	assert_false(year_is_primary(YEAR_NONE));
}

static void test_year_parse(void **state)
{
	static const struct {
		const char *text;
		int year;
	} good[] = {
		{ "N1", YEAR_N1 },
		{ "n2", YEAR_N2 },
		{ "R", YEAR_R },
		{ "reception", YEAR_R },
		{ "Year R", YEAR_R },
		{ "YR", YEAR_R },
		{ "Y1", 1 },
		{ "y6", 6 },
		{ "Year 7", 7 },
		{ "YEAR 13", 13 },
		{ "3", 3 },
		{ "14", 14 },
		{ " Y2 ", 2 },
		{ "Nursery 1", YEAR_N1 },
		{ "Nursery 2", YEAR_N2 },
	};
	static const char *const bad[] = {
		"",   "  ", "Y0", "0",	 "15",	    "Y15", "Year", "Year 01",	      "01",
		"N3", "N",  "-1", "Y 1", "Year  1", "R1",  "1a",   "Reception class",
	};
	char buf[YEAR_LABEL_MAX];
	int y;
	(void)state;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		y = YEAR_NONE;
		if (!year_parse(good[i].text, &y))
			fail_msg("'%s' not parsed", good[i].text);
		assert_int_equal(y, good[i].year);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (year_parse(bad[i], &y))
			fail_msg("'%s' parsed as %d", bad[i], y);
	assert_false(year_parse(NULL, &y));
	/* every label and CTF code parses back */
	for (int yg = YEAR_N1; yg <= YEAR_LAST; yg++) {
		assert_true(year_parse(year_label(yg, buf), &y));
		assert_int_equal(y, yg);
		assert_true(year_parse(year_ctf_code(yg, buf), &y));
		assert_int_equal(y, yg);
	}
}

static void test_ctf_version(void **state)
{
	char buf[CTF_VERSION_MAX];
	int y;
	(void)state;

	assert_string_equal(ctf_version_format(2025, buf), "25.0");
	assert_string_equal(ctf_version_format(2023, buf), "23.0");
	assert_string_equal(ctf_version_format(2009, buf), "09.0");
	assert_true(ctf_version_parse("25.0", &y));
	assert_int_equal(y, 2025);
	assert_false(ctf_version_parse("25", &y));
	assert_false(ctf_version_parse("25.1", &y));
	assert_false(ctf_version_parse("2025.0", &y));
	assert_false(ctf_version_parse("", &y));
	assert_false(ctf_version_parse(NULL, &y));

	assert_int_equal(ctf_version_check("25.0", 2025), CTF_VERSION_CURRENT);
	assert_int_equal(ctf_version_check("24.0", 2025), CTF_VERSION_PREVIOUS);
	assert_int_equal(ctf_version_check("23.0", 2025), CTF_VERSION_OTHER);
	assert_int_equal(ctf_version_check("26.0", 2025), CTF_VERSION_OTHER);
	assert_int_equal(ctf_version_check("v25", 2025), CTF_VERSION_MALFORMED);
	/* a file made on 15 August 2026 is still in academic year 2025 */
	assert_int_equal(ctf_version_check("25.0", academic_year_of(d(2026, 8, 15))),
			 CTF_VERSION_CURRENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_academic_year),
		cmocka_unit_test(test_year_group_reference_checks),
		cmocka_unit_test(test_year_group_boundaries),
		cmocka_unit_test(test_age_and_summer_born),
		cmocka_unit_test(test_year_label),
		cmocka_unit_test(test_year_parse),
		cmocka_unit_test(test_ctf_version),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
