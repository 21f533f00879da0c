/*
 * test_json_read: the flat JSON object reader behind the API's JSON bodies: the
 * members and their values as an API client writes them (escapes, surrogate
 * pairs, numbers, true/false/null), and each thing it refuses with the byte
 * where it went wrong: nesting, duplicate names, bad escapes and UTF-8, NUL,
 * control characters, bad numbers, trailing text, too many members.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "formats/json_read.h"

/* Collects "name=value(kind);" for each member. */
static bool collect(void *ctx, const char *name, const char *value, size_t value_len,
		    enum json_scalar kind, char *msg, size_t msglen)
{
	static const char *const kinds[] = { "s", "n", "t", "f", "null" };
	struct strbuf *sb = ctx;

	(void)msg;
	(void)msglen;
	assert_int_equal(strlen(value), value_len);
	strbuf_addf(sb, "%s=%s(%s);", name, value, kinds[kind]);
	return true;
}

static char *read_ok(const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	char msg[200], *got;

	if (!json_read_flat_object(text, strlen(text), collect, &sb, msg, sizeof(msg)))
		fail_msg("refused %s: %s", text, msg);
	got = strbuf_detach(&sb, NULL);
	return got ? got : xstrdup("");
}

/* Refused, with a message that contains want. */
static void read_bad(const char *text, size_t len, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	char msg[200];

	if (json_read_flat_object(text, len, collect, &sb, msg, sizeof(msg)))
		fail_msg("accepted %s", text);
	if (!strstr(msg, want))
		fail_msg("%s: message \"%s\" lacks \"%s\"", text, msg, want);
	strbuf_release(&sb);
}

static void test_members(void **state)
{
	char *got;
	(void)state;

	got = read_ok(" { \"class\" : 3, \"sen_notes\": null,\"eal\":true,\"fsm\":false,"
		      "\"surname\":\"O'Brien\" }\n");
	assert_string_equal(got, "class=3(n);sen_notes=(null);eal=true(t);fsm=false(f);"
				 "surname=O'Brien(s);");
	free(got);
	got = read_ok("{}");
	assert_string_equal(got, "");
	free(got);
	/* Escapes: quote, backslash, slash, tab, \u00eb, a surrogate pair (U+1F600). */
	got = read_ok("{\"a\":\"\\\"\\\\\\/\\tZo\\u00eb \\ud83d\\ude00\",\"b\":\"Zo\xc3\xab\"}");
	assert_string_equal(got, "a=\"\\/\tZo\xc3\xab \xf0\x9f\x98\x80(s);b=Zo\xc3\xab(s);");
	free(got);
	got = read_ok("{\"n\":-0.5e+3,\"m\":0,\"k\":12}");
	assert_string_equal(got, "n=-0.5e+3(n);m=0(n);k=12(n);");
	free(got);
}

static void test_refused(void **state)
{
	char many[8192];
	size_t n = 0;
	(void)state;

	read_bad("", 0, "one JSON object");
	read_bad("[1]", 3, "one JSON object");
	read_bad("\"x\"", 3, "one JSON object");
	read_bad("{\"a\":{\"b\":1}}", 13, "\"a\" is an object or a list");
	read_bad("{\"a\":[1]}", 9, "\"a\" is an object or a list");
	read_bad("{\"a\":1,\"a\":2}", 13, "\"a\" is given more than once");
	read_bad("{\"a\":1,}", 8, "byte 8: a name in quotes");
	read_bad("{\"a\" 1}", 7, "':' was expected");
	read_bad("{\"a\":1 \"b\":2}", 13, "',' or '}'");
	read_bad("{\"a\":1}x", 8, "byte 8: nothing may follow");
	read_bad("{\"a\":01}", 8, "',' or '}'");
	read_bad("{\"a\":1.}", 8, "number is not well formed");
	read_bad("{\"a\":-}", 7, "number is not well formed");
	read_bad("{\"a\":tru}", 9, "a value was expected");
	read_bad("{\"a\":'x'}", 9, "a value was expected");
	read_bad("{\"a\":\"x}", 8, "not closed");
	read_bad("{\"a\":\"\\x\"}", 10, "unknown escape");
	read_bad("{\"a\":\"\\u12\"}", 12, "four hexadecimal digits");
	read_bad("{\"a\":\"\\u0000\"}", 14, "NUL");
	read_bad("{\"a\":\"\\ud83d\"}", 14, "lone high surrogate");
	read_bad("{\"a\":\"\\ude00\"}", 14, "lone low surrogate");
	read_bad("{\"a\":\"x\ny\"}", 10, "control character");
	read_bad("{\"a\":\"\\u0007\"}", 14, "control character");
	read_bad("{\"a\":\"\xc3\"}", 9, "not valid UTF-8");
	read_bad("{\"a\":\"\xed\xa0\x80\"}", 11, "not valid UTF-8");
	read_bad("{\"\":1}", 6, "empty or too long");
	read_bad("{\"a\":1", 6, "',' or '}'");
	/* A NUL byte in the body is not JSON. */
	read_bad("{\"a\":\"x\0\"}", 10, "control character");
	/* More members than allowed. */
	n += (size_t)snprintf(many + n, sizeof(many) - n, "{");
	for (int i = 0; i <= JSON_READ_MEMBERS_MAX; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n, "%s\"m%d\":1", i ? "," : "", i);
	n += (size_t)snprintf(many + n, sizeof(many) - n, "}");
	read_bad(many, n, "too many members");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
