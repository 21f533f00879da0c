/*
 * test_json_batch: the JSON arrays the store's batched statements bind
 * (src/store/json_batch.c): every string escaped so that a pupil's name or an
 * audit value with quotes, backslashes or control bytes reaches the database
 * as it was typed, UTF-8 untouched. No database: it runs as @sqlite and @pg
 * alike.
 */
#include <string.h>

#include "testutil/testutil.h"
#include "store/json_batch.h"

/* json_batch_str of s, compared with want. */
static void check_str(const char *s, const char *want)
{
	struct strbuf sb;

	strbuf_init(&sb, 0);
	json_batch_str(&sb, s);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_release(&sb);
}

static void test_quotes_and_backslash(void **state)
{
	(void)state;
	check_str("O\"Brien", "\"O\\\"Brien\"");
	check_str("a\\b", "\"a\\\\b\"");
	check_str("\"\\\"", "\"\\\"\\\\\\\"\"");
	/* an apostrophe is no JSON special */
	check_str("D'Souza", "\"D'Souza\"");
}

static void test_control_bytes(void **state)
{
	(void)state;
	check_str("a\tb\nc", "\"a\\u0009b\\u000ac\"");
	check_str("\x01", "\"\\u0001\"");
	check_str("\x1f"
		  "end",
		  "\"\\u001fend\"");
	check_str("start\r", "\"start\\u000d\"");
	/* DEL (0x7f) is allowed in a JSON string as it is */
	check_str("x\x7fy", "\"x\x7fy\"");
}

static void test_utf8_passes_through(void **state)
{
	(void)state;
	check_str("Zo\xc3\xab \xc5\x8ckubo", "\"Zo\xc3\xab \xc5\x8ckubo\"");
	check_str("\xe2\x82\xac\xf0\x9f\x98\x80", "\"\xe2\x82\xac\xf0\x9f\x98\x80\"");
}

static void test_null_and_empty(void **state)
{
	(void)state;
	check_str(NULL, "\"\"");
	check_str("", "\"\"");
}

static void test_empty_batch(void **state)
{
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb, 0);
	assert_string_equal(json_batch_end(&sb), "[]");
	strbuf_release(&sb);
}

/* Rows as store_stat_import.c writes them (objects) and as
 * store_pupil_fast.c does (arrays). */
static void test_rows(void **state)
{
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb, 0);
	json_batch_row(&sb);
	json_batch_key_int(&sb, "p", 12, true);
	json_batch_key_str(&sb, "s", "Smith \"Jr\"", false);
	strbuf_addc(&sb, '}');
	json_batch_row(&sb);
	json_batch_key_str(&sb, "s", NULL, true);
	json_batch_key_int(&sb, "p", -3, false);
	strbuf_addc(&sb, '}');
	assert_string_equal(json_batch_end(&sb),
			    "[{\"p\":12,\"s\":\"Smith \\\"Jr\\\"\"},{\"s\":\"\",\"p\":-3}]");
	strbuf_release(&sb);

	strbuf_init(&sb, 0);
	json_batch_row(&sb);
	json_batch_str(&sb, "A1");
	json_batch_row(&sb);
	json_batch_str(&sb, "B\\2");
	assert_string_equal(json_batch_end(&sb), "[\"A1\",\"B\\\\2\"]");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quotes_and_backslash), cmocka_unit_test(test_control_bytes),
		cmocka_unit_test(test_utf8_passes_through),  cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_empty_batch),	     cmocka_unit_test(test_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
