/*
 * json_write: streaming JSON writer with full string escaping (see json_write.h).
 * Also escapes < > & so a JSON text can never close a <script> element.
 */
#include "formats/json_write.h"

#include <inttypes.h>
#include <string.h>

enum { JSON_SHORT = 120 }; /* strings up to this long without escapes go in one piece */

void json_write_init(struct json_write *j, struct strbuf *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->first[0] = true;
}

bool json_write_ok(const struct json_write *j)
{
	return !j->broken && !j->out->over && j->depth == 0 && !j->after_key;
}

/* Writes the comma a value needs, and refuses a value where a key is due. */
static bool value_prefix(struct json_write *j)
{
	if (j->broken)
		return false;
	if (j->in_object[j->depth]) {
		if (!j->after_key) {
			j->broken = true;
			return false;
		}
		j->after_key = false;
		return true;
	}
	if (j->depth == 0 && !j->first[0]) {
		j->broken = true; /* a second top-level value */
		return false;
	}
	if (!j->first[j->depth])
		strbuf_addc(j->out, ',');
	j->first[j->depth] = false;
	return true;
}

void json_value_kept(struct json_write *j, const char *text, size_t n)
{
	if (value_prefix(j))
		strbuf_add(j->out, text, n);
}

static void open_container(struct json_write *j, char c, bool object)
{
	if (!value_prefix(j))
		return;
	if (j->depth >= JSON_MAX_DEPTH) {
		j->broken = true;
		return;
	}
	strbuf_addc(j->out, c);
	j->depth++;
	j->first[j->depth] = true;
	j->in_object[j->depth] = object;
}

static void close_container(struct json_write *j, char c, bool object)
{
	if (j->broken)
		return;
	if (j->depth == 0 || j->in_object[j->depth] != object || j->after_key) {
		j->broken = true;
		return;
	}
	strbuf_addc(j->out, c);
	j->depth--;
}

void json_object_begin(struct json_write *j)
{
	open_container(j, '{', true);
}

void json_object_end(struct json_write *j)
{
	close_container(j, '}', true);
}

void json_array_begin(struct json_write *j)
{
	open_container(j, '[', false);
}

void json_array_end(struct json_write *j)
{
	close_container(j, ']', false);
}

static void add_u16(struct strbuf *out, unsigned v)
{
	static const char hex[] = "0123456789abcdef";
	char e[6] = { '\\', 'u' };

	for (int k = 0; k < 4; k++)
		e[2 + k] = hex[(v >> (12 - 4 * k)) & 0xfu];
	strbuf_add(out, e, sizeof(e));
}

/* Bytes that add_escaped copies as they are: printable ASCII but the quote, the
 * backslash, < > &. */
static bool plain_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&';
}

/* Length of the well-formed UTF-8 sequence at s (n bytes left) and its code
 * point; 0 when malformed. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp_out)
{
	unsigned c = s[0], need, min, cp;

	if (c < 0x80) {
		*cp_out = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		need = 1, min = 0x80, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		need = 2, min = 0x800, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 3, min = 0x10000, cp = c & 0x07;
	else
		return 0;
	if (n <= need)
		return 0;
	for (unsigned k = 1; k <= need; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	*cp_out = cp;
	return need + 1;
}

/* str as a JSON string, followed by the colon when it is a key. */
static void add_escaped(struct strbuf *out, const char *str, size_t n, bool key)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	/* Most strings (keys, codes, names) need no escape: one piece. */
	while (i < n && plain_byte(s[i]))
		i++;
	if (i == n && n <= JSON_SHORT) {
		char b[JSON_SHORT + 3];
		b[0] = '"';
		memcpy(b + 1, s, n);
		b[n + 1] = '"';
		b[n + 2] = ':';
		strbuf_add(out, b, n + (key ? 3 : 2));
		return;
	}
	strbuf_addc(out, '"');
	strbuf_add(out, s, i);
	while (i < n) {
		unsigned cp;
		size_t len;

		/* A run of plain bytes (most text) in one copy. */
		if (plain_byte(s[i])) {
			size_t k = i + 1;
			while (k < n && plain_byte(s[k]))
				k++;
			strbuf_add(out, s + i, k - i);
			i = k;
			continue;
		}
		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			strbuf_add(out, "\\ufffd", 6);
			i++;
			continue;
		}
		switch (cp) {
		case '"':
			strbuf_add(out, "\\\"", 2);
			break;
		case '\\':
			strbuf_add(out, "\\\\", 2);
			break;
		case '\n':
			strbuf_add(out, "\\n", 2);
			break;
		case '\r':
			strbuf_add(out, "\\r", 2);
			break;
		case '\t':
			strbuf_add(out, "\\t", 2);
			break;
		case '\b':
			strbuf_add(out, "\\b", 2);
			break;
		case '\f':
			strbuf_add(out, "\\f", 2);
			break;
		case '<':
		case '>':
		case '&':
		case 0x7f:
		case 0x2028:
		case 0x2029:
			add_u16(out, cp);
			break;
		default:
			if (cp < 0x20)
				add_u16(out, cp);
			else
				strbuf_add(out, s + i, len);
		}
		i += len;
	}
	strbuf_add(out, "\":", key ? 2 : 1);
}

void json_key(struct json_write *j, const char *key)
{
	if (j->broken)
		return;
	if (!j->in_object[j->depth] || j->after_key || !key) {
		j->broken = true;
		return;
	}
	if (!j->first[j->depth])
		strbuf_addc(j->out, ',');
	j->first[j->depth] = false;
	add_escaped(j->out, key, strlen(key), true);
	j->after_key = true;
}

void json_string_n(struct json_write *j, const char *s, size_t n)
{
	if (!s) {
		json_null(j);
		return;
	}
	if (!value_prefix(j))
		return;
	add_escaped(j->out, s, n, false);
}

void json_string(struct json_write *j, const char *s)
{
	json_string_n(j, s, s ? strlen(s) : 0);
}

void json_int(struct json_write *j, int64_t v)
{
	if (!value_prefix(j))
		return;
	strbuf_add_int(j->out, v);
}

void json_bool(struct json_write *j, bool v)
{
	if (!value_prefix(j))
		return;
	strbuf_adds(j->out, v ? "true" : "false");
}

void json_null(struct json_write *j)
{
	if (!value_prefix(j))
		return;
	strbuf_adds(j->out, "null");
}

void json_kv_string(struct json_write *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void json_kv_int(struct json_write *j, const char *key, int64_t v)
{
	json_key(j, key);
	json_int(j, v);
}

/* issue 8a */
void json_fixed(struct json_write *j, int64_t value, int decimals)
{
	uint64_t mag, unit = 1;

	if (decimals < 0 || decimals > 6) {
		j->broken = true;
		return;
	}
	if (!value_prefix(j))
		return;
	for (int i = 0; i < decimals; i++)
		unit *= 10;
	mag = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
	if (decimals == 0)
		strbuf_addf(j->out, "%s%" PRIu64, value < 0 ? "-" : "", mag);
	else
		strbuf_addf(j->out, "%s%" PRIu64 ".%0*" PRIu64, value < 0 ? "-" : "", mag / unit,
			    decimals, mag % unit);
}

void json_kv_bool(struct json_write *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}
