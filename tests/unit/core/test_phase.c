/*
 * test_phase: the phases of education read as stored codes and as labels in
 * any case; anything else is refused; every phase has a code and a label.
 */
#include "testutil/testutil.h"

#include <string.h>

#include "core/phase.h"

static void test_parse(void **state)
{
	enum est_phase p = PHASE__MAX;

	(void)state;
	assert_true(phase_parse("primary", &p));
	assert_int_equal(p, PHASE_PRIMARY);
	assert_true(phase_parse("All-Through", &p));
	assert_int_equal(p, PHASE_ALL_THROUGH);
	assert_true(phase_parse("SECONDARY", &p));
	assert_int_equal(p, PHASE_SECONDARY);
	assert_true(phase_parse("", &p));
	assert_int_equal(p, PHASE_NONE);
	assert_false(phase_parse("upper", &p));
	assert_false(phase_parse("Not recorded", &p));
	assert_false(phase_parse("primary ", &p));
	assert_false(phase_parse(NULL, &p));
}

static void test_codes_and_labels(void **state)
{
	(void)state;
	for (int i = 0; i < PHASE__MAX; i++) {
		enum est_phase back = PHASE__MAX;
		assert_true(phase_parse(phase_code((enum est_phase)i), &back));
		assert_int_equal(back, i);
		assert_true(strlen(phase_label((enum est_phase)i)) > 0);
	}
	assert_string_equal(phase_code(PHASE_NURSERY), "nursery");
	assert_string_equal(phase_label(PHASE_MIDDLE), "Middle");
	assert_string_equal(phase_code(PHASE__MAX), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_codes_and_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
