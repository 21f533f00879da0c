/*
 * test_date: validity, leap years, the two text formats (strict), ordering, the
 * day-number conversions and UTC timestamps.
 */
#include "testutil/testutil.h"

#include <string.h>

#include "base/date.h"

static struct date d(int y, int m, int dd)
{
	return (struct date){ y, m, dd };
}

static void test_valid(void **state)
{
	(void)state;
	assert_true(date_valid(d(2024, 2, 29)));
	assert_false(date_valid(d(2023, 2, 29)));
	assert_true(date_valid(d(2000, 2, 29)));  /* divisible by 400 */
	assert_false(date_valid(d(1900, 2, 29))); /* century */
	assert_false(date_valid(d(2025, 4, 31)));
	assert_true(date_valid(d(2025, 12, 31)));
	assert_false(date_valid(d(2025, 13, 1)));
	assert_false(date_valid(d(2025, 0, 1)));
	assert_false(date_valid(d(2025, 1, 0)));
	assert_false(date_valid(d(0, 1, 1)));
	assert_true(date_valid(d(9999, 12, 31)));
	assert_false(date_valid(d(10000, 1, 1)));
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2025, 2), 28);
	assert_int_equal(date_days_in_month(2025, 9), 30);
	assert_int_equal(date_days_in_month(2025, 13), 0);
}

static void test_parse_iso(void **state)
{
	struct date out = d(1, 1, 1);
	static const char *const bad[] = {
		"2025-9-01",	       "2025-09-1",   "25-09-01",   "2025/09/01",
		"2025-09-01 ",	       " 2025-09-01", "2025-02-30", "2023-02-29",
		"2025-13-01",	       "2025-00-10",  "0000-01-01", "",
		"2025-09-01T00:00:00", "2O25-09-01",  "+025-09-01",
	};
	(void)state;

	assert_true(date_parse_iso("2025-09-01", &out));
	assert_int_equal(date_cmp(out, d(2025, 9, 1)), 0);
	assert_true(date_parse_iso("2024-02-29", &out));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		out = d(7, 7, 7);
		if (date_parse_iso(bad[i], &out))
			fail_msg("'%s' accepted", bad[i]);
		assert_int_equal(out.year, 7); /* untouched on failure */
	}
	assert_false(date_parse_iso(NULL, &out));
}

static void test_parse_dmy(void **state)
{
	struct date out;
	static const char *const bad[] = {
		"31/02/2021",  "29/02/2023",  "1/13/2020", "01/09/25", "01-09-2025", "001/09/2025",
		"01/09/20255", "01/09/2025 ", "/09/2025",  "01//2025", "",	     "2025-09-01",
		"32/01/2020",  "00/01/2020",
	};
	(void)state;

	assert_true(date_parse_dmy("13/05/2021", &out));
	assert_int_equal(date_cmp(out, d(2021, 5, 13)), 0);
	assert_true(date_parse_dmy("1/9/2020", &out));
	assert_int_equal(date_cmp(out, d(2020, 9, 1)), 0);
	assert_true(date_parse_dmy("29/02/2020", &out));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (date_parse_dmy(bad[i], &out))
			fail_msg("'%s' accepted", bad[i]);
	assert_false(date_parse_dmy(NULL, &out));
}

static void test_format(void **state)
{
	char buf[11];
	char ts[21];
	(void)state;

	date_format_iso(d(2025, 9, 1), buf);
	assert_string_equal(buf, "2025-09-01");
	date_format_dmy(d(2025, 9, 1), buf);
	assert_string_equal(buf, "01/09/2025");
	date_format_iso(d(99, 1, 2), buf);
	assert_string_equal(buf, "0099-01-02");
	/* malformed dates never overflow the buffer */
	date_format_iso(d(-5, -1, 123), buf);
	assert_int_equal(strlen(buf), 10);
	date_format_dmy(d(123456, 99, 99), buf);
	assert_int_equal(strlen(buf), 10);

	date_format_timestamp(0, ts);
	assert_string_equal(ts, "1970-01-01T00:00:00Z");
	date_format_timestamp(1750329300, ts); /* 2025-06-19 10:35:00 UTC */
	assert_string_equal(ts, "2025-06-19T10:35:00Z");
	date_format_timestamp(-1, ts);
	assert_string_equal(ts, "1969-12-31T23:59:59Z");
}

static void test_cmp(void **state)
{
	(void)state;
	assert_true(date_cmp(d(2025, 1, 1), d(2025, 1, 2)) < 0);
	assert_true(date_cmp(d(2025, 2, 1), d(2025, 1, 31)) > 0);
	assert_true(date_cmp(d(2024, 12, 31), d(2025, 1, 1)) < 0);
	assert_int_equal(date_cmp(d(2025, 1, 1), d(2025, 1, 1)), 0);
}

static void test_days(void **state)
{
	(void)state;
	assert_int_equal(date_to_days(d(1970, 1, 1)), 0);
	assert_int_equal(date_to_days(d(1970, 1, 2)), 1);
	assert_int_equal(date_to_days(d(1969, 12, 31)), -1);
	assert_int_equal(date_to_days(d(2000, 3, 1)) - date_to_days(d(2000, 2, 28)), 2);
	assert_int_equal(date_to_days(d(1900, 3, 1)) - date_to_days(d(1900, 2, 28)), 1);
	assert_int_equal(date_to_days(d(2025, 9, 1)), 20332);
	/* round trip over a long range, including every leap day */
	for (int64_t n = date_to_days(d(1600, 1, 1)); n <= date_to_days(d(2400, 12, 31)); n += 1) {
		struct date x = date_from_days(n);
		assert_true(date_valid(x));
		assert_int_equal(date_to_days(x), n);
	}
	assert_int_equal(date_cmp(date_from_unix(0), d(1970, 1, 1)), 0);
	assert_int_equal(date_cmp(date_from_unix(86399), d(1970, 1, 1)), 0);
	assert_int_equal(date_cmp(date_from_unix(86400), d(1970, 1, 2)), 0);
	assert_int_equal(date_cmp(date_from_unix(-1), d(1969, 12, 31)), 0);
	assert_int_equal(date_cmp(date_from_unix(-86400), d(1969, 12, 31)), 0);
	assert_int_equal(date_cmp(date_from_unix(-86401), d(1969, 12, 30)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),	  cmocka_unit_test(test_parse_iso),
		cmocka_unit_test(test_parse_dmy), cmocka_unit_test(test_format),
		cmocka_unit_test(test_cmp),	  cmocka_unit_test(test_days),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
