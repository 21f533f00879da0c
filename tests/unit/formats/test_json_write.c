/*
 * test_json_write: the JSON writer's structure, escaping (controls, quotes,
 * U+2028/2029, "</script>", invalid UTF-8), a kept value put in its place, and
 * refusal of misuse and overflow.
 */
#include <stdio.h>
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

/* Runs of plain bytes are copied in one piece: an escape at the start, the
 * middle and the end of a run, and every single byte between plain text. */
static void test_escaping_in_runs(void **state)
{
	static const char ctl[] = "\n\r\t\b\f"; /* escaped as \n \r \t \b \f */
	char in[8], want[32];

	(void)state;
	check_string("", 0, "\"\"");
	check_string("\"abc", 4, "\"\\\"abc\"");
	check_string("abc\\", 4, "\"abc\\\\\"");
	check_string("Ava Quill<3>&Co", 15, "\"Ava Quill\\u003c3\\u003e\\u0026Co\"");
	check_string("ab\n\ncd\x7f", 7, "\"ab\\n\\ncd\\u007f\"");
	/* "\x.." takes every hex digit after it: the U+2028 bytes end the literal. */
	check_string("caf\xc3\xa9 au lait\xe2\x80\xa8"
		     "end",
		     19, "\"caf\xc3\xa9 au lait\\u2028end\"");
	check_string("ok\xff!", 4, "\"ok\\ufffd!\"");
	/* Plain text just under, at and over the length written in one piece. */
	for (size_t n = 119; n <= 122; n++) {
		char plain[130], quoted[140];
		memset(plain, 'w', n);
		plain[n] = '\0';
		snprintf(quoted, sizeof(quoted), "\"%s\"", plain);
		check_string(plain, n, quoted);
	}
	/* Long text: many runs with escapes between them. */
	{
		struct strbuf in_long = STRBUF_INIT, want_long = STRBUF_INIT;
		strbuf_addc(&want_long, '"');
		for (int r = 0; r < 300; r++) {
			strbuf_adds(&in_long, r % 7 ? "ab<" : "Zo\xc3\xab\"");
			strbuf_adds(&want_long, r % 7 ? "ab\\u003c" : "Zo\xc3\xab\\\"");
		}
		for (int r = 0; r < 700; r++) {
			strbuf_addc(&in_long, 'q');
			strbuf_addc(&want_long, 'q');
		}
		strbuf_addc(&want_long, '"');
		check_string(strbuf_str(&in_long), in_long.len, strbuf_str(&want_long));
		strbuf_release(&in_long);
		strbuf_release(&want_long);
	}
	for (int c = 0; c < 0x80; c++) {
		memcpy(in, "ab", 2);
		in[2] = (char)c;
		memcpy(in + 3, "cd", 2);
		if (c == '"' || c == '\\')
			snprintf(want, sizeof(want), "\"ab\\%ccd\"", c);
		else if (c && strchr(ctl, c))
			snprintf(want, sizeof(want), "\"ab\\%ccd\"", "nrtbf"[strchr(ctl, c) - ctl]);
		else if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '&')
			snprintf(want, sizeof(want), "\"ab\\u%04xcd\"", (unsigned)c);
		else
			snprintf(want, sizeof(want), "\"ab%ccd\"", c);
		check_string(in, 5, want);
	}
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

/* A kept value (one a writer made before) goes where a value may: after a
 * key, between an array's values with their commas; never where a key is due. */
static void test_kept_value(void **state)
{
	(void)state;
	static const char kept[] = "[{\"a\":1},2]";
	struct strbuf sb = STRBUF_INIT;
	struct json_write j;

	json_write_init(&j, &sb);
	json_object_begin(&j);
	json_kv_int(&j, "n", 1);
	json_key(&j, "kept");
	json_value_kept(&j, kept, strlen(kept));
	json_key(&j, "list");
	json_array_begin(&j);
	json_int(&j, 0);
	json_value_kept(&j, kept, strlen(kept));
	json_value_kept(&j, kept, strlen(kept));
	json_array_end(&j);
	json_object_end(&j);
	assert_true(json_write_ok(&j));
	assert_string_equal(strbuf_str(&sb), "{\"n\":1,\"kept\":[{\"a\":1},2],"
					     "\"list\":[0,[{\"a\":1},2],[{\"a\":1},2]]}");
	strbuf_reset(&sb);

	json_write_init(&j, &sb);
	json_object_begin(&j);
	json_value_kept(&j, kept, strlen(kept));
	json_object_end(&j);
	assert_false(json_write_ok(&j));
	assert_null(strstr(strbuf_str(&sb), kept));
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_escaping_in_runs),
		cmocka_unit_test(test_null_string_and_keys),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_depth_and_cap),
		cmocka_unit_test(test_kept_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
