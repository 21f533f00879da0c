/*
 * test_codelist: ethnicity codes and their roll-up to the DfE main codes
 * (reference section 7.2 and the LA tracker's list), SEN and sex parsing.
 */
#include "testutil/testutil.h"

#include <string.h>

#include "core/codelist.h"

static void test_main_codes(void **state)
{
	static const char *const mains[] = {
		"WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
		"APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
	};
	size_t nmain = 0;
	(void)state;

	for (size_t i = 0; i < sizeof(mains) / sizeof(mains[0]); i++) {
		const struct ethnicity *e = ethnicity_find(mains[i]);
		assert_non_null(e);
		assert_true(e->main_code);
		assert_string_equal(e->main, mains[i]);
		assert_string_equal(ethnicity_main_of(mains[i]), mains[i]);
		/* main codes come first, in DfE order */
		assert_ptr_equal(ethnicity_at(i), e);
	}
	for (size_t i = 0; i < ethnicity_count(); i++) {
		const struct ethnicity *e = ethnicity_at(i);
		const struct ethnicity *m = ethnicity_find(e->main);
		nmain += e->main_code;
		/* every code rolls up to a main code, and codes are unique */
		assert_non_null(m);
		assert_true(m->main_code);
		assert_ptr_equal(ethnicity_find(e->code), e);
		assert_true(strlen(e->code) <= 4); /* fits struct pupil.ethnicity */
		assert_true(e->name[0] != '\0');
	}
	assert_int_equal(nmain, 20);
	assert_null(ethnicity_at(ethnicity_count()));
	assert_string_equal(ethnicity_find("CHNE")->name, "Chinese");
	assert_string_equal(ethnicity_find("NOBT")->name, "Information not yet obtained");
}

static void test_extended_codes(void **state)
{
	static const struct {
		const char *code, *main;
	} rollup[] = {
		/* reference section 7.2 */
		{ "WCOR", "WBRI" },
		{ "WENG", "WBRI" },
		{ "WNIR", "WBRI" },
		{ "WSCO", "WBRI" },
		{ "WWEL", "WBRI" },
		{ "WOWB", "WBRI" },
		{ "WALB", "WOTH" },
		{ "WBOS", "WOTH" },
		{ "WCRO", "WOTH" },
		{ "WGRE", "WOTH" },
		{ "WGRK", "WOTH" },
		{ "WGRC", "WOTH" },
		{ "WITA", "WOTH" },
		{ "WKOS", "WOTH" },
		{ "WPOR", "WOTH" },
		{ "WSER", "WOTH" },
		{ "WTUR", "WOTH" },
		{ "WTUK", "WOTH" },
		{ "WTUC", "WOTH" },
		{ "WEUR", "WOTH" },
		{ "WEEU", "WOTH" },
		{ "WWEU", "WOTH" },
		{ "WOTW", "WOTH" },
		{ "WROG", "WROM" },
		{ "WROR", "WROM" },
		{ "WROO", "WROM" },
		{ "MWAP", "MWAS" },
		{ "MWAI", "MWAS" },
		{ "MWAO", "MWAS" },
		{ "MAOE", "MOTH" },
		{ "MABL", "MOTH" },
		/* the LA tracker's list ("Ethnicity Codes currently used") */
		{ "AOPK", "APKN" },
		{ "AOTA", "AOTH" },
		{ "BAOF", "BAFR" },
		{ "OOH", "OOTH" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(rollup) / sizeof(rollup[0]); i++) {
		const struct ethnicity *e = ethnicity_find(rollup[i].code);
		if (!e)
			fail_msg("%s missing", rollup[i].code);
		assert_false(e->main_code);
		assert_string_equal(ethnicity_main_of(rollup[i].code), rollup[i].main);
	}
}

static void test_seed_list_all_known(void **state)
{
	/* Every code in the LA tracker's list is accepted. */
	static const char *const seed[] = {
		"ABAN", "AIND", "AOPK", "AOTA", "AOTH", "APKN", "BAFR", "BAOF", "BCRB",
		"BOTH", "CHNE", "MOTH", "MWAP", "MWAS", "MWBA", "MWBC", "NOBT", "OOH",
		"REFU", "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "WENG", "WSCO", "WTUR",
	};
	(void)state;

	for (size_t i = 0; i < sizeof(seed) / sizeof(seed[0]); i++)
		if (!ethnicity_find(seed[i]))
			fail_msg("%s missing", seed[i]);
}

static void test_ethnicity_lookup(void **state)
{
	(void)state;
	/* case is ignored; the canonical code is returned */
	assert_string_equal(ethnicity_find("wbri")->code, "WBRI");
	assert_string_equal(ethnicity_main_of("weng"), "WBRI");
	assert_null(ethnicity_find("XXXX"));
	assert_null(ethnicity_find(""));
	assert_null(ethnicity_find(NULL));
	assert_null(ethnicity_find("WBRI "));
	assert_null(ethnicity_main_of("ZZZZ"));
}

static void test_sen(void **state)
{
	static const struct {
		const char *text;
		char sen;
	} good[] = {
		{ "N", 'N' },	  { "K", 'K' },	    { "E", 'E' },     { "k", 'K' },
		{ "SEN_K", 'K' }, { "SEN_E", 'E' }, { "SEN_N", 'N' }, { "sen_e", 'E' },
		{ " K ", 'K' },	  { "", 'N' },	    { "  ", 'N' },
	};
	static const char *const bad[] = { "SEN_X", "X",      "S",  "A",    "P",
					   "SEN_",  "SEN_KK", "KE", "SENK", "Yes" };
	char sen;
	(void)state;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		sen = '?';
		if (!sen_parse(good[i].text, &sen))
			fail_msg("'%s' rejected", good[i].text);
		assert_int_equal(sen, good[i].sen);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (sen_parse(bad[i], &sen))
			fail_msg("'%s' accepted", bad[i]);
	assert_false(sen_parse(NULL, &sen));

	assert_string_equal(sen_label('N'), "No SEN");
	assert_string_equal(sen_label('K'), "SEN support");
	assert_string_equal(sen_label('E'), "Education, health and care plan");
	assert_null(sen_label('X'));
	assert_null(sen_label('\0'));
	assert_true(sen_valid(SEN_SUPPORT));
	assert_false(sen_valid('k'));
	assert_false(sen_valid('\0'));

	assert_true(sen_is_legacy("S"));
	assert_true(sen_is_legacy("SEN_A"));
	assert_true(sen_is_legacy("p"));
	assert_false(sen_is_legacy("K"));
	assert_false(sen_is_legacy("SEN_X"));
	assert_false(sen_is_legacy(""));
	assert_false(sen_is_legacy(NULL));
}

static void test_gender(void **state)
{
	enum gender g;
	(void)state;

	assert_true(gender_parse("M", &g));
	assert_int_equal(g, GENDER_MALE);
	assert_true(gender_parse("f", &g));
	assert_int_equal(g, GENDER_FEMALE);
	assert_true(gender_parse("Male", &g));
	assert_int_equal(g, GENDER_MALE);
	assert_true(gender_parse("FEMALE", &g));
	assert_int_equal(g, GENDER_FEMALE);
	assert_true(gender_parse(" female ", &g));
	assert_int_equal(g, GENDER_FEMALE);
	assert_false(gender_parse("", &g));
	assert_false(gender_parse("U", &g));
	assert_false(gender_parse("Mal", &g));
	assert_false(gender_parse("Boy", &g));
	assert_false(gender_parse(NULL, &g));

	assert_string_equal(gender_code(GENDER_MALE), "M");
	assert_string_equal(gender_code(GENDER_FEMALE), "F");
	assert_string_equal(gender_code(GENDER_UNKNOWN), "");
	assert_string_equal(gender_label(GENDER_MALE), "Male");
	assert_string_equal(gender_label(GENDER_FEMALE), "Female");
	assert_string_equal(gender_label(GENDER_UNKNOWN), "Unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_main_codes),
		cmocka_unit_test(test_extended_codes),
		cmocka_unit_test(test_seed_list_all_known),
		cmocka_unit_test(test_ethnicity_lookup),
		cmocka_unit_test(test_sen),
		cmocka_unit_test(test_gender),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
