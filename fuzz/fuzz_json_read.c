/*
 * fuzz_json_read: any bytes as an API request body read as one flat JSON object
 * (formats/json_read.h). Properties: a refusal says where ("byte N: ..."); an
 * accepted body gives members with unique, non-empty names of at most
 * JSON_READ_NAME_MAX bytes, values that are valid UTF-8 text without NUL, at
 * most JSON_READ_MEMBERS_MAX of them; and what json_write writes back from them
 * reads again to the same members (numbers come back as text).
 */
#include <string.h>

#include "base/strbuf.h"
#include "base/utf8.h"
#include "formats/json_read.h"
#include "formats/json_write.h"
#include "fuzz.h"

/* Records each member as kind, name, value, each ended by a NUL. Numbers are
 * recorded as strings (the form they are written back in). */
struct rec {
	struct strbuf sb;
	size_t count;
};

static bool record(void *ctx, const char *name, const char *value, size_t value_len,
		   enum json_scalar kind, char *msg, size_t msglen)
{
	struct rec *r = ctx;

	(void)msg;
	(void)msglen;
	if (!name[0] || strlen(name) > JSON_READ_NAME_MAX)
		fuzz_fail("json_read", "a name is empty or too long");
	if (strlen(value) != value_len || !utf8_valid_text(value, value_len))
		fuzz_fail("json_read", "a value is not UTF-8 text without NUL");
	if (kind == JSON_S_NUMBER)
		kind = JSON_S_STRING;
	strbuf_addc(&r->sb, (char)('0' + kind));
	strbuf_add(&r->sb, name, strlen(name) + 1);
	strbuf_add(&r->sb, value, value_len + 1);
	r->count++;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec first = { STRBUF_INIT, 0 }, again = { STRBUF_INIT, 0 };
	struct strbuf out;
	struct json_write j;
	char msg[256];
	size_t k;

	if (!json_read_flat_object((const char *)data, size, record, &first, msg, sizeof(msg))) {
		if (strncmp(msg, "byte ", 5) != 0)
			fuzz_fail("json_read", "a refusal does not say where");
		strbuf_release(&first.sb);
		return 0;
	}
	if (first.count > JSON_READ_MEMBERS_MAX)
		fuzz_fail("json_read", "more members than allowed");

	/* Write the members back and read them again. */
	strbuf_init(&out, 0);
	json_write_init(&j, &out);
	json_object_begin(&j);
	for (k = 0; k < first.sb.len;) {
		const char *rec = first.sb.buf + k;
		enum json_scalar kind = (enum json_scalar)(rec[0] - '0');
		const char *name = rec + 1, *value = name + strlen(name) + 1;
		json_key(&j, name);
		if (kind == JSON_S_TRUE || kind == JSON_S_FALSE)
			json_bool(&j, kind == JSON_S_TRUE);
		else if (kind == JSON_S_NULL)
			json_null(&j);
		else
			json_string(&j, value);
		k = (size_t)(value + strlen(value) + 1 - first.sb.buf);
	}
	json_object_end(&j);
	if (!json_write_ok(&j))
		fuzz_fail("json_read", "writing the members back failed");
	if (!json_read_flat_object(out.buf, out.len, record, &again, msg, sizeof(msg)))
		fuzz_fail("json_read", "what json_write wrote back is refused");
	if (again.count != first.count || again.sb.len != first.sb.len ||
	    (first.sb.len && memcmp(again.sb.buf, first.sb.buf, first.sb.len) != 0))
		fuzz_fail("json_read", "the members read back differ");
	strbuf_release(&out);
	strbuf_release(&first.sb);
	strbuf_release(&again.sb);
	return 0;
}
