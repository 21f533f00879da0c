/*
 * test_report_groups: the groups of pupils of the "By characteristic" tables
 * (core/report.h, issue 8c) and the major ethnic groups of the code list.
 */
#include "testutil/testutil.h"

#include <string.h>

#include "core/codelist.h"
#include "core/report.h"

static struct report_group group_of(enum report_family fam, const struct report_chars *ch)
{
	return report_group_at(report_group_of(fam, ch));
}

static void test_every_main_code_has_a_group(void **state)
{
	(void)state;
	for (size_t i = 0; i < ethnicity_count(); i++) {
		const struct ethnicity *e = ethnicity_at(i);
		if (!ethnicity_group_of(e->code))
			fail_msg("%s has no major group", e->code);
	}
	assert_string_equal(ethnicity_group_of("WENG")->key, "white");
	assert_string_equal(ethnicity_group_of("wroG")->key, "white");
	assert_string_equal(ethnicity_group_of("MWAP")->key, "mixed");
	assert_string_equal(ethnicity_group_of("AOPK")->key, "asian");
	assert_string_equal(ethnicity_group_of("BAOF")->key, "black");
	assert_string_equal(ethnicity_group_of("CHNE")->key, "chinese");
	assert_string_equal(ethnicity_group_of("OOH")->key, "other");
	assert_string_equal(ethnicity_group_of("REFU")->key, "unclassified");
	assert_null(ethnicity_group_of(""));
	assert_null(ethnicity_group_of("ZZZZ"));
}

static void test_groups_of_a_pupil(void **state)
{
	struct report_chars ch = { .gender = 'F',
				   .disadvantaged = true,
				   .sen = 'K',
				   .eal = false,
				   .ethnicity = "BCRB",
				   .dob = { 2020, 4, 1 } };
	struct report_chars none = { 0 };

	(void)state;
	assert_string_equal(group_of(RFAM_GENDER, &ch).label, "Girls");
	assert_string_equal(group_of(RFAM_DISADVANTAGED, &ch).key, "yes");
	assert_string_equal(group_of(RFAM_SEN, &ch).label, "SEN support");
	assert_string_equal(group_of(RFAM_EAL, &ch).key, "no");
	assert_string_equal(group_of(RFAM_SUMMER_BORN, &ch).key, "yes"); /* 1 April */
	assert_string_equal(group_of(RFAM_ETHNICITY, &ch).key, "black");
	ch.dob = (struct date){ 2020, 3, 31 };
	assert_string_equal(group_of(RFAM_SUMMER_BORN, &ch).key, "no");
	/* nothing recorded: the family's "not recorded" group */
	assert_string_equal(group_of(RFAM_GENDER, &none).key, "not_recorded");
	assert_string_equal(group_of(RFAM_SEN, &none).key, "not_recorded");
	assert_string_equal(group_of(RFAM_SUMMER_BORN, &none).key, "not_recorded");
	assert_string_equal(group_of(RFAM_ETHNICITY, &none).key, "not_recorded");
}

/* Families come in order, each group once, and every group is reachable. */
static void test_group_list(void **state)
{
	size_t n = report_group_count();
	int last = -1;

	(void)state;
	assert_int_equal(n, 14 + ethnicity_group_count() + 1);
	for (size_t i = 0; i < n; i++) {
		struct report_group g = report_group_at(i);
		assert_true((int)g.family >= last);
		last = (int)g.family;
		for (size_t j = 0; j < i; j++) {
			struct report_group h = report_group_at(j);
			assert_false(h.family == g.family && strcmp(h.key, g.key) == 0);
		}
	}
	assert_int_equal(last, RFAM_ETHNICITY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_main_code_has_a_group),
		cmocka_unit_test(test_groups_of_a_pupil),
		cmocka_unit_test(test_group_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
