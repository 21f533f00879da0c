/*
 * test_strbuf: the capped string builder: growth, formatting, the hard maximum
 * (refused adds change nothing and set over), reset, release and detach.
 */
#include "testutil/testutil.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

static void test_empty(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;
	size_t len = 99;
	(void)state;

	assert_string_equal(strbuf_str(&sb), "");
	assert_int_equal(sb.len, 0);
	assert_null(sb.buf);
	s = strbuf_detach(&sb, &len);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
	strbuf_release(&sb);
}

static void test_add_and_grow(void **state)
{
	struct strbuf sb;
	(void)state;

	strbuf_init(&sb, 0);
	assert_true(strbuf_adds(&sb, "hello"));
	assert_true(strbuf_addc(&sb, ' '));
	assert_true(strbuf_add(&sb, "world!!", 5));
	assert_string_equal(strbuf_str(&sb), "hello world");
	assert_int_equal(sb.len, 11);
	assert_true(strbuf_add(&sb, NULL, 0));
	/* grows well past the first allocation and stays terminated */
	for (int i = 0; i < 1000; i++)
		assert_true(strbuf_addc(&sb, 'x'));
	assert_int_equal(sb.len, 1011);
	assert_int_equal(strlen(strbuf_str(&sb)), 1011);
	assert_true(sb.cap > sb.len);
	/* embedded NUL bytes are kept in len */
	strbuf_reset(&sb);
	assert_true(strbuf_add(&sb, "a\0b", 3));
	assert_int_equal(sb.len, 3);
	assert_int_equal(memcmp(sb.buf, "a\0b", 4), 0);
	strbuf_release(&sb);
	assert_null(sb.buf);
	assert_int_equal(sb.len, 0);
}

static void test_addf(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char big[1000];
	(void)state;

	assert_true(strbuf_addf(&sb, "%s:%d:%d", "f.csv", 5, 7));
	assert_string_equal(strbuf_str(&sb), "f.csv:5:7");
	/* longer than the internal 256-byte fast path */
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_true(strbuf_addf(&sb, "[%s]", big));
	assert_int_equal(sb.len, 9 + 2 + 999);
	assert_int_equal(sb.buf[9], '[');
	assert_int_equal(sb.buf[sb.len - 1], ']');
	assert_int_equal(sb.buf[sb.len], '\0');
	strbuf_release(&sb);
}

/* The digits are exactly what printf writes, at both ends of the range too. */
static void test_add_int(void **state)
{
	static const long long values[] = {
		0,   7,		-7,	    9,	       10,	  -10,		 99,
		100, 123456789, -987654321, INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1
	};
	struct strbuf sb = STRBUF_INIT;
	char want[32];

	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		strbuf_reset(&sb);
		assert_true(strbuf_add_int(&sb, values[i]));
		snprintf(want, sizeof(want), "%lld", values[i]);
		assert_string_equal(strbuf_str(&sb), want);
		assert_int_equal(sb.len, strlen(want));
	}
	strbuf_release(&sb);
	/* Over the cap: refused whole, nothing half written. */
	strbuf_init(&sb, 4);
	assert_true(strbuf_add_int(&sb, 12));
	assert_false(strbuf_add_int(&sb, -345));
	assert_true(sb.over);
	assert_string_equal(strbuf_str(&sb), "12");
	strbuf_release(&sb);
}

static void test_max(void **state)
{
	struct strbuf sb;
	char big[600];
	(void)state;

	strbuf_init(&sb, 10);
	assert_true(strbuf_adds(&sb, "0123456789")); /* exactly max */
	assert_false(sb.over);
	assert_false(strbuf_addc(&sb, 'x'));
	assert_true(sb.over);
	assert_string_equal(strbuf_str(&sb), "0123456789"); /* unchanged */

	strbuf_reset(&sb);
	assert_false(sb.over);
	assert_int_equal(sb.len, 0);
	assert_string_equal(strbuf_str(&sb), "");
	assert_true(strbuf_adds(&sb, "abc"));
	/* a refused add appends nothing at all, not a prefix */
	assert_false(strbuf_adds(&sb, "defghijkl"));
	assert_string_equal(strbuf_str(&sb), "abc");
	assert_false(strbuf_addf(&sb, "%d", 12345678));
	assert_string_equal(strbuf_str(&sb), "abc");
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_false(strbuf_addf(&sb, "%s", big));
	assert_string_equal(strbuf_str(&sb), "abc");
	assert_true(sb.over);

	/* release keeps the cap */
	strbuf_release(&sb);
	assert_int_equal(sb.max, 10);
	assert_false(strbuf_adds(&sb, "01234567890"));
	strbuf_release(&sb);
}

static void test_detach(void **state)
{
	struct strbuf sb;
	size_t len = 0;
	char *s;
	(void)state;

	strbuf_init(&sb, 100);
	strbuf_adds(&sb, "kept");
	s = strbuf_detach(&sb, &len);
	assert_string_equal(s, "kept");
	assert_int_equal(len, 4);
	assert_null(sb.buf);
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.cap, 0);
	assert_int_equal(sb.max, 100);
	/* reusable afterwards */
	assert_true(strbuf_adds(&sb, "again"));
	assert_string_equal(strbuf_str(&sb), "again");
	free(s);
	s = strbuf_detach(&sb, NULL);
	assert_string_equal(s, "again");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),  cmocka_unit_test(test_add_and_grow),
		cmocka_unit_test(test_addf),   cmocka_unit_test(test_max),
		cmocka_unit_test(test_detach), cmocka_unit_test(test_add_int),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
