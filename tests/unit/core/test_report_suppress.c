/*
 * test_report_suppress: small-number suppression of the cross-school tables
 * (issue 8c): counts, percentages and averages at the 4/5 boundary, the text
 * "x", the secondary rule (a lone hidden school figure next to a total takes the
 * smallest shown figure of its column with it), and the KS2 TA counting.
 */
#include "testutil/testutil.h"

#include <string.h>

#include "core/report.h"

static struct report_cell count(long n)
{
	return (struct report_cell){ .kind = RCELL_COUNT, .num = n };
}

static struct report_cell pct(long num, long den)
{
	return (struct report_cell){ .kind = RCELL_PERCENT, .num = num, .den = den };
}

static struct report_cell avg(long sum, long den)
{
	return (struct report_cell){ .kind = RCELL_AVERAGE, .num = sum, .den = den };
}

static void test_primary_boundaries(void **state)
{
	struct report_cell c;

	(void)state;
	c = count(4);
	assert_true(report_suppress_primary(&c));
	c = count(5);
	assert_false(report_suppress_primary(&c));
	c = count(0);
	assert_true(report_suppress_primary(&c));
	/* a percentage needs 5 in its count and in its denominator */
	c = pct(4, 30);
	assert_true(report_suppress_primary(&c));
	c = pct(5, 30);
	assert_false(report_suppress_primary(&c));
	c = pct(4, 4);
	assert_true(report_suppress_primary(&c));
	c = pct(5, 5);
	assert_false(report_suppress_primary(&c));
	/* an average rests on its denominator only */
	c = avg(40, 4);
	assert_true(report_suppress_primary(&c));
	c = avg(3, 5);
	assert_false(report_suppress_primary(&c));
}

/* Column helper: pointers to cells[0..n). */
static int column(struct report_cell *cells, size_t n, struct report_cell *total)
{
	struct report_cell *p[8];

	for (size_t i = 0; i < n; i++)
		p[i] = &cells[i];
	return report_suppress_column(p, n, total);
}

static void test_text(void **state)
{
	struct report_cell col[3] = { pct(4, 20), pct(10, 20), pct(12, 20) };
	struct report_cell total = pct(26, 60);
	char buf[16];

	(void)state;
	column(col, 3, &total);
	assert_string_equal(report_cell_text(&col[0], buf, sizeof(buf)), "x");
	/* secondary: 10/20 is the smallest shown figure, hidden too */
	assert_string_equal(report_cell_text(&col[1], buf, sizeof(buf)), "x");
	assert_string_equal(report_cell_text(&col[2], buf, sizeof(buf)), "60.00");
	assert_string_equal(report_cell_text(&total, buf, sizeof(buf)), "43.33");
	col[0] = count(7);
	col[0].hidden = false;
	assert_string_equal(report_cell_text(&col[0], buf, sizeof(buf)), "7");
	col[0] = avg(4500, 300);
	assert_string_equal(report_cell_text(&col[0], buf, sizeof(buf)), "15.00");
}

static void test_secondary(void **state)
{
	struct report_cell col[4], total;

	(void)state;
	/* no school hidden: nothing more */
	col[0] = count(5), col[1] = count(9), col[2] = count(6), col[3] = count(8);
	total = count(28);
	assert_int_equal(column(col, 4, &total), 0);
	for (int i = 0; i < 4; i++)
		assert_false(col[i].hidden);
	/* one hidden: the smallest shown (6) goes too, the rest stay */
	col[0] = count(4), col[1] = count(9), col[2] = count(6), col[3] = count(8);
	total = count(27);
	assert_int_equal(column(col, 4, &total), 1);
	assert_true(col[0].hidden);
	assert_false(col[1].hidden);
	assert_true(col[2].hidden);
	assert_false(col[3].hidden);
	assert_false(total.hidden);
	/* two hidden already: neither can be worked out alone */
	col[0] = count(4), col[1] = count(3), col[2] = count(6), col[3] = count(8);
	total = count(21);
	assert_int_equal(column(col, 4, &total), 0);
	assert_false(col[2].hidden);
	/* no total row: nothing to subtract from */
	col[0] = count(4), col[1] = count(9);
	assert_int_equal(column(col, 2, NULL), 0);
	assert_false(col[1].hidden);
	/* the total itself hidden: nothing to subtract from either */
	col[0] = count(1), col[1] = count(0);
	total = count(1);
	assert_int_equal(column(col, 2, &total), 0);
	assert_true(total.hidden);
	/* averages choose by the pupils averaged */
	struct report_cell av[3] = { avg(60, 3), avg(300, 20), avg(100, 8) };
	total = avg(460, 31);
	assert_int_equal(column(av, 3, &total), 1);
	assert_true(av[0].hidden);
	assert_false(av[1].hidden);
	assert_true(av[2].hidden);
}

static void test_ks2(void **state)
{
	static const char *const wr[] = {
		"GDS", "EXS", "EXS", "WTS", "PK6", "A", "L", "F", "P", ""
	};
	struct report_ks2_subject s = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(wr) / sizeof(wr[0]); i++)
		report_ks2_add(&s, wr[i]);
	assert_int_equal(s.pupils, 6);
	assert_int_equal(s.expected, 3);
	assert_int_equal(s.greater_depth, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_primary_boundaries),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_secondary),
		cmocka_unit_test(test_ks2),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
