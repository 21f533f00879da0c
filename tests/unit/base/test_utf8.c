/*
 * test_utf8: strict validation (overlongs, surrogates, truncation, controls) and
 * character counts.
 */
#include "testutil/testutil.h"

#include <string.h>

#include "base/utf8.h"

static bool valid(const char *s)
{
	return utf8_valid_text(s, strlen(s));
}

static void test_valid_text(void **state)
{
	(void)state;
	assert_true(valid(""));
	assert_true(valid("plain ASCII, with tab\tand\r\nline ends"));
	assert_true(valid("Zo\xC3\xAB"));	/* ë, 2 bytes */
	assert_true(valid("\xE2\x82\xAC"));	/* €, 3 bytes */
	assert_true(valid("\xF0\x9F\x98\x80")); /* emoji, 4 bytes */
	assert_true(valid("\xC2\x80"));		/* U+0080, smallest 2-byte */
	assert_true(valid("\xEF\xBF\xBF"));	/* U+FFFF */
	assert_true(valid("\xF4\x8F\xBF\xBF")); /* U+10FFFF, the last */
	assert_true(valid("\xED\x9F\xBF"));	/* U+D7FF, below surrogates */
	assert_true(valid("\xEE\x80\x80"));	/* U+E000, above surrogates */
	assert_true(valid("\xE2\x80\xAE"));	/* RTL override: valid text */
	assert_true(valid("\xEF\xBB\xBF"
			  "BOM"));
}

static void test_invalid_text(void **state)
{
	static const char *const bad[] = {
		"\x80",		    /* lone continuation */
		"\xC3",		    /* truncated 2-byte */
		"a\xE2\x82",	    /* truncated 3-byte */
		"\xF0\x9F\x98",	    /* truncated 4-byte */
		"\xC0\xAF",	    /* overlong '/' */
		"\xC1\xBF",	    /* overlong */
		"\xE0\x80\xAF",	    /* overlong 3-byte */
		"\xF0\x80\x80\xAF", /* overlong 4-byte */
		"\xED\xA0\x80",	    /* surrogate U+D800 */
		"\xED\xBF\xBF",	    /* surrogate U+DFFF */
		"\xF4\x90\x80\x80", /* above U+10FFFF */
		"\xF5\x80\x80\x80", /* never valid lead */
		"\xFF",		    /* never valid */
		"\xC3\x28",	    /* bad continuation */
		"a\x01z",	    /* control */
		"\x1B[31m",	    /* escape */
		"del\x7F",	    /* DEL */
		"\x0B",		    /* vertical tab */
	};
	(void)state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (valid(bad[i]))
			fail_msg("bad[%zu] accepted", i);
	/* NUL inside the counted length */
	assert_false(utf8_valid_text("a\0b", 3));
	/* only n bytes are looked at */
	assert_true(utf8_valid_text("ok\xFF", 2));
	assert_false(utf8_valid_text("\xC3\xAB", 1));
}

static void test_length(void **state)
{
	(void)state;
	assert_int_equal(utf8_length("", 0), 0);
	assert_int_equal(utf8_length("abc", 3), 3);
	assert_int_equal(utf8_length("Zo\xC3\xAB", 4), 3);
	assert_int_equal(utf8_length("\xE2\x82\xAC"
				     "1",
				     4),
			 2);
	assert_int_equal(utf8_length("\xF0\x9F\x98\x80", 4), 1);
	assert_int_equal(utf8_length("Caf\xC3\xA9", 3), 3); /* prefix only */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_text),
		cmocka_unit_test(test_invalid_text),
		cmocka_unit_test(test_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
