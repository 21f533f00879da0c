/*
 * test_pupil_filter: the shared characteristics filter: reading its parameters,
 * writing them back, the bound values it compiles to, and the in-memory match.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <string.h>

#include "core/pupil_filter.h"

static struct pupil pupil(void)
{
	struct pupil p;

	memset(&p, 0, sizeof(p));
	p.gender = GENDER_FEMALE;
	p.dob = (struct date){ 2020, 5, 10 }; /* summer born */
	p.sen = 'N';
	snprintf(p.ethnicity, sizeof(p.ethnicity), "WBRI");
	return p;
}

static void test_defaults_and_parse(void **state)
{
	struct pupil_filter f;
	char q[256];
	(void)state;

	pupil_filter_init(&f);
	assert_true(pupil_filter_is_all(&f));
	assert_int_equal(pupil_filter_to_query(&f, q, sizeof(q)), 0);
	assert_string_equal(q, "");

	assert_true(pupil_filter_set(&f, "f_gender", "m"));
	assert_int_equal(f.gender, GENDER_MALE);
	assert_true(pupil_filter_set(&f, "f_pp", "yes"));
	assert_true(pupil_filter_set(&f, "f_c3", "No"));
	assert_true(pupil_filter_set(&f, "f_sen", "any"));
	assert_true(pupil_filter_set(&f, "f_eth", "weng"));
	assert_string_equal(f.ethnicity, "WENG");
	assert_false(pupil_filter_is_all(&f));

	/* Refused: unknown names and values; the filter keeps what it had. */
	assert_false(pupil_filter_set(&f, "f_nope", "yes"));
	assert_false(pupil_filter_set(&f, "f_pp", "maybe"));
	assert_int_equal(f.flag[PF_PP], TRI_YES);
	assert_false(pupil_filter_set(&f, "f_gender", "X"));
	assert_false(pupil_filter_set(&f, "f_eth", "ZZZZ"));
	assert_string_equal(f.ethnicity, "WENG");
	assert_false(pupil_filter_set(&f, "f_sen", "S"));

	assert_true(pupil_filter_to_query(&f, q, sizeof(q)) > 0);
	assert_string_equal(q, "f_gender=M&f_sen=any&f_eth=WENG&f_pp=yes&f_c3=no");
	assert_true(pupil_filter_set(&f, "f_int", "yes"));
	assert_true(pupil_filter_to_query(&f, q, sizeof(q)) > 0);
	assert_string_equal(q, "f_gender=M&f_sen=any&f_eth=WENG&f_pp=yes&f_c3=no&f_int=yes");
	assert_true(pupil_filter_set(&f, "f_int", ""));
	/* Too small a buffer gives "" rather than half a query. */
	assert_int_equal(pupil_filter_to_query(&f, q, 10), 0);
	assert_string_equal(q, "");

	/* "all" and "" reset a parameter. */
	assert_true(pupil_filter_set(&f, "f_pp", "all"));
	assert_true(pupil_filter_set(&f, "f_c3", ""));
	assert_true(pupil_filter_set(&f, "f_gender", ""));
	assert_true(pupil_filter_set(&f, "f_sen", "All"));
	assert_true(pupil_filter_set(&f, "f_eth", ""));
	assert_true(pupil_filter_is_all(&f));
}

static void test_round_trip(void **state)
{
	struct pupil_filter f, g;
	char v[8];
	(void)state;

	pupil_filter_init(&f);
	pupil_filter_set(&f, "f_summer", "no");
	pupil_filter_set(&f, "f_sen", "K");
	pupil_filter_set(&f, "f_c6", "yes");
	pupil_filter_set(&f, "f_gender", "F");
	pupil_filter_set(&f, "f_int", "no");
	pupil_filter_init(&g);
	for (size_t i = 0; i < PUPIL_FILTER_PARAM_ALL; i++)
		assert_true(pupil_filter_set(&g, pupil_filter_param_name(i),
					     pupil_filter_value(&f, i, v)));
	assert_memory_equal(&f, &g, sizeof(f));
	assert_string_equal(pupil_filter_param_name(PUPIL_FILTER_PARAM_COUNT), "f_int");
	assert_null(pupil_filter_param_name(PUPIL_FILTER_PARAM_ALL));
	{
		int custom = 9;
		assert_string_equal(pupil_filter_param_label(PUPIL_FILTER_PARAM_COUNT, &custom),
				    "Intervention");
		assert_int_equal(custom, -1);
		assert_string_equal(pupil_filter_param_label(12, &custom), "Custom 6");
		assert_int_equal(custom, 5);
	}
}

static void test_compile(void **state)
{
	struct pf_value v[PUPIL_FILTER_NVALUES];
	struct pupil_filter f;
	(void)state;

	/* All: every value means "all" and no text carries data. */
	pupil_filter_init(&f);
	pupil_filter_compile(&f, v);
	assert_false(v[0].is_text); /* intervention */
	assert_int_equal(v[0].i, -1);
	assert_true(v[1].is_text); /* gender */
	assert_string_equal(v[1].s, "");
	assert_false(v[2].is_text); /* summer born */
	assert_int_equal(v[2].i, -1);
	assert_string_equal(v[3].s, ""); /* SEN */
	assert_string_equal(v[4].s, ""); /* ethnicity */
	for (int i = 5; i < PUPIL_FILTER_NVALUES; i++) {
		assert_false(v[i].is_text);
		assert_int_equal(v[i].i, -1);
	}

	/* Values land in their fixed slots: intervention, gender, summer, SEN,
	 * ethnicity, PP, disadvantaged, EAL, custom 1-6. */
	pupil_filter_set(&f, "f_int", "yes");
	pupil_filter_set(&f, "f_gender", "F");
	pupil_filter_set(&f, "f_summer", "yes");
	pupil_filter_set(&f, "f_sen", "any");
	pupil_filter_set(&f, "f_eth", "CHNE");
	pupil_filter_set(&f, "f_dis", "no");
	pupil_filter_set(&f, "f_c2", "yes");
	pupil_filter_compile(&f, v);
	assert_int_equal(v[0].i, 1);
	assert_string_equal(v[1].s, "F");
	assert_int_equal(v[2].i, 1);
	assert_string_equal(v[3].s, "Y");
	assert_string_equal(v[4].s, "CHNE");
	assert_int_equal(v[5].i, -1);
	assert_int_equal(v[6].i, 0);
	assert_int_equal(v[7].i, -1);
	assert_int_equal(v[8].i, -1);
	assert_int_equal(v[9].i, 1);
	assert_int_equal(v[PUPIL_FILTER_NVALUES - 1].i, -1);

	pupil_filter_set(&f, "f_sen", "E");
	pupil_filter_compile(&f, v);
	assert_string_equal(v[3].s, "E");
}

static void test_match(void **state)
{
	struct pupil_filter f;
	struct pupil p = pupil();
	(void)state;

	pupil_filter_init(&f);
	assert_true(pupil_filter_match(&f, &p));
	pupil_filter_set(&f, "f_summer", "yes");
	assert_true(pupil_filter_match(&f, &p));
	p.dob.month = 9;
	assert_false(pupil_filter_match(&f, &p));
	pupil_filter_set(&f, "f_summer", "no");
	assert_true(pupil_filter_match(&f, &p));
	pupil_filter_set(&f, "f_summer", "");

	pupil_filter_set(&f, "f_sen", "any");
	assert_false(pupil_filter_match(&f, &p));
	p.sen = 'E';
	assert_true(pupil_filter_match(&f, &p));
	pupil_filter_set(&f, "f_sen", "K");
	assert_false(pupil_filter_match(&f, &p));
	pupil_filter_set(&f, "f_sen", "");

	pupil_filter_set(&f, "f_gender", "M");
	assert_false(pupil_filter_match(&f, &p));
	pupil_filter_set(&f, "f_gender", "F");
	assert_true(pupil_filter_match(&f, &p));

	pupil_filter_set(&f, "f_c4", "yes");
	assert_false(pupil_filter_match(&f, &p));
	p.custom[3] = true;
	assert_true(pupil_filter_match(&f, &p));
	pupil_filter_set(&f, "f_eal", "no");
	p.eal = true;
	assert_false(pupil_filter_match(&f, &p));
	p.eal = false;
	pupil_filter_set(&f, "f_eth", "WBRI");
	assert_true(pupil_filter_match(&f, &p));
	pupil_filter_set(&f, "f_eth", "WENG");
	assert_false(pupil_filter_match(&f, &p));
	pupil_filter_set(&f, "f_eth", "");

	/* Intervention is known to the caller. */
	pupil_filter_set(&f, "f_int", "yes");
	assert_false(pupil_filter_match_with(&f, &p, false));
	assert_true(pupil_filter_match_with(&f, &p, true));
	pupil_filter_set(&f, "f_int", "no");
	assert_true(pupil_filter_match(&f, &p));
	assert_false(pupil_filter_match_with(&f, &p, true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_parse),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_compile),
		cmocka_unit_test(test_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
