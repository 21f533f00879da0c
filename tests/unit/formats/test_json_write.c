/*
 * test_json_write: the JSON writer's structure, escaping (controls, quotes,
 * U+2028/2029, "</script>", invalid UTF-8) and refusal of misuse and overflow.
 */
#include <string.h>

#include "testutil/testutil.h"
#include "formats/json_write.h"

static void test_structure(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	struct json_write j;

	json_write_init(&j, &sb);
	json_object_begin(&j);
	json_kv_string(&j, "name", "Ann");
	json_kv_int(&j, "n", -42);
	json_kv_bool(&j, "ok", true);
	json_key(&j, "none");
	json_null(&j);
	json_key(&j, "list");
	json_array_begin(&j);
	json_int(&j, 1);
	json_int(&j, 9007199254740993LL);
	json_array_begin(&j);
	json_array_end(&j);
	json_object_begin(&j);
	json_object_end(&j);
	json_bool(&j, false);
	json_array_end(&j);
	json_object_end(&j);
	assert_true(json_write_ok(&j));
	assert_string_equal(strbuf_str(&sb),
			    "{\"name\":\"Ann\",\"n\":-42,\"ok\":true,\"none\":null,"
			    "\"list\":[1,9007199254740993,[],{},false]}");
	strbuf_release(&sb);
}

static void check_string(const char *in, size_t n, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_write j;
	json_write_init(&j, &sb);
	json_string_n(&j, in, n);
	assert_true(json_write_ok(&j));
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_release(&sb);
}

static void test_escaping(void **state)
{
	(void)state;
	check_string("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
	check_string("\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"");
	check_string("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\\u007f\"");
	check_string("x\0y", 3, "\"x\\u0000y\"");
	check_string("</script><!--", 13, "\"\\u003c/script\\u003e\\u003c!--\"");
	check_string("a&b", 3, "\"a\\u0026b\"");
	check_string("\xe2\x80\xa8|\xe2\x80\xa9", 7, "\"\\u2028|\\u2029\"");
	/* Valid multi-byte text passes through unchanged. */
	check_string("Zo\xc3\xab \xf0\x9f\x98\x80", 9, "\"Zo\xc3\xab \xf0\x9f\x98\x80\"");
	/* Invalid UTF-8: stray continuation, overlong, surrogate, truncated. */
	check_string("\x80", 1, "\"\\ufffd\"");
	check_string("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"");
	check_string("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"");
	check_string("ab\xe2\x80", 4, "\"ab\\ufffd\\ufffd\"");
	/* RTL override is legal text: kept (it is the renderer's job), but escaped
	 * contexts never break. */
	check_string("\xe2\x80\xae", 3, "\"\xe2\x80\xae\"");
}

static void test_null_string_and_keys(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	struct json_write j;
	json_write_init(&j, &sb);
	json_object_begin(&j);
	json_kv_string(&j, "k\"</", NULL);
	json_object_end(&j);
	assert_true(json_write_ok(&j));
	assert_string_equal(strbuf_str(&sb), "{\"k\\\"\\u003c/\":null}");
	strbuf_release(&sb);
}

static void test_misuse(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	struct json_write j;

	/* A value in an object without a key. */
	json_write_init(&j, &sb);
	json_object_begin(&j);
	json_int(&j, 1);
	json_object_end(&j);
	assert_false(json_write_ok(&j));
	strbuf_reset(&sb);

	/* A key in an array. */
	json_write_init(&j, &sb);
	json_array_begin(&j);
	json_key(&j, "x");
	json_array_end(&j);
	assert_false(json_write_ok(&j));
	strbuf_reset(&sb);

	/* Mismatched close, unclosed, two top-level values, dangling key. */
	json_write_init(&j, &sb);
	json_array_begin(&j);
	json_object_end(&j);
	assert_false(json_write_ok(&j));
	strbuf_reset(&sb);
	json_write_init(&j, &sb);
	json_array_begin(&j);
	assert_false(json_write_ok(&j));
	strbuf_reset(&sb);
	json_write_init(&j, &sb);
	json_int(&j, 1);
	json_int(&j, 2);
	assert_false(json_write_ok(&j));
	strbuf_reset(&sb);
	json_write_init(&j, &sb);
	json_object_begin(&j);
	json_key(&j, "a");
	json_object_end(&j);
	assert_false(json_write_ok(&j));
	strbuf_release(&sb);
}

static void test_depth_and_cap(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	struct json_write j;

	json_write_init(&j, &sb);
	for (int i = 0; i < JSON_MAX_DEPTH + 1; i++)
		json_array_begin(&j);
	for (int i = 0; i < JSON_MAX_DEPTH + 1; i++)
		json_array_end(&j);
	assert_false(json_write_ok(&j));
	strbuf_release(&sb);

	strbuf_init(&sb, 16);
	json_write_init(&j, &sb);
	json_string(&j, "this text is longer than sixteen bytes");
	assert_false(json_write_ok(&j));
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_null_string_and_keys),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_depth_and_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
