/*
 * json_batch: the JSON arrays of the store's batched statements (json_batch.h):
 * one escaping function for every string a batch binds.
 */
#include "store/json_batch.h"

void json_batch_str(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *run = p;

	strbuf_addc(sb, '"');
	for (; *p; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		strbuf_add(sb, run, (size_t)(p - run));
		run = p + 1;
		if (*p == '"' || *p == '\\') {
			strbuf_addc(sb, '\\');
			strbuf_addc(sb, (char)*p);
		} else {
			char u[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15] };
			strbuf_add(sb, u, sizeof(u));
		}
	}
	strbuf_add(sb, run, (size_t)(p - run));
	strbuf_addc(sb, '"');
}

void json_batch_row(struct strbuf *sb)
{
	strbuf_addc(sb, sb->len ? ',' : '[');
}

void json_batch_key_str(struct strbuf *sb, const char *key, const char *v, bool first)
{
	strbuf_addf(sb, "%s\"%s\":", first ? "{" : ",", key);
	json_batch_str(sb, v);
}

void json_batch_key_int(struct strbuf *sb, const char *key, long long v, bool first)
{
	strbuf_addf(sb, "%s\"%s\":", first ? "{" : ",", key);
	strbuf_add_int(sb, v);
}

const char *json_batch_end(struct strbuf *sb)
{
	if (!sb->len)
		strbuf_addc(sb, '[');
	strbuf_addc(sb, ']');
	return strbuf_str(sb);
}
