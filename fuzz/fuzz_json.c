/*
 * fuzz_json: any bytes written as a JSON string value (names and notes typed by
 * people, fields of uploaded files). Properties: the output is valid UTF-8, holds
 * no raw control character, no "</" (safe inside HTML) and is one quoted string.
 */
#include <string.h>

#include "base/strbuf.h"
#include "base/utf8.h"
#include "formats/json_write.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf sb;
	struct json_write j;
	const char *s;

	strbuf_init(&sb, 0);
	json_write_init(&j, &sb);
	json_array_begin(&j);
	json_string_n(&j, (const char *)data, size);
	json_array_end(&j);
	if (!json_write_ok(&j))
		fuzz_fail("json", "writing one string failed");
	s = strbuf_str(&sb);
	if (!utf8_valid_text(s, sb.len))
		fuzz_fail("json", "output is not valid UTF-8");
	for (size_t i = 0; i < sb.len; i++)
		if ((unsigned char)s[i] < 0x20)
			fuzz_fail("json", "raw control character in output");
	if (strstr(s, "</") != NULL)
		fuzz_fail("json", "\"</\" in output");
	if (sb.len < 4 || memcmp(s, "[\"", 2) != 0 || memcmp(s + sb.len - 2, "\"]", 2) != 0)
		fuzz_fail("json", "output is not one string in an array");
	strbuf_release(&sb);
	return 0;
}
