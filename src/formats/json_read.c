/*
 * json_read: a strict reader for one flat JSON object (see json_read.h). A
 * hand-written scanner over the bytes: no recursion (nesting is refused), every
 * string decoded into a capped buffer and checked as UTF-8 text.
 */
#include "formats/json_read.h"

#include <stdio.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/utf8.h"

enum { VALUE_MAX = 1024 * 1024 }; /* bytes of one decoded value */

struct rd {
	const char *s; /* the text */
	size_t n;      /* its length */
	size_t i;      /* the next byte */
	char *msg;     /* where a failure is described */
	size_t msglen; /* room in msg */
};

static bool fail(struct rd *r, const char *what)
{
	snprintf(r->msg, r->msglen, "byte %zu: %s", r->i + 1, what);
	return false;
}

static void skip_ws(struct rd *r)
{
	while (r->i < r->n && (r->s[r->i] == ' ' || r->s[r->i] == '\t' || r->s[r->i] == '\n' ||
			       r->s[r->i] == '\r'))
		r->i++;
}

static bool at(struct rd *r, char c)
{
	return r->i < r->n && r->s[r->i] == c;
}

static int hex4(const char *p)
{
	int v = 0;
	for (int k = 0; k < 4; k++) {
		char c = p[k];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static void put_utf8(struct strbuf *b, unsigned cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	strbuf_add(b, u, n);
}

/* The \uHHHH escape at r->i (just after the 'u'), with its low surrogate when it
 * is a high one; r->i ends after the last hex digit. */
static bool read_u_escape(struct rd *r, struct strbuf *out)
{
	int hi, lo;

	if (r->n - r->i < 4 || (hi = hex4(r->s + r->i)) < 0)
		return fail(r, "\\u must be followed by four hexadecimal digits");
	r->i += 4;
	if (hi >= 0xDC00 && hi <= 0xDFFF)
		return fail(r, "a \\u escape is half of a character (a lone low surrogate)");
	if (hi >= 0xD800 && hi <= 0xDBFF) {
		if (r->n - r->i < 6 || r->s[r->i] != '\\' || r->s[r->i + 1] != 'u' ||
		    (lo = hex4(r->s + r->i + 2)) < 0 || lo < 0xDC00 || lo > 0xDFFF)
			return fail(r, "a \\u escape is half of a character (a lone high "
				       "surrogate)");
		r->i += 6;
		put_utf8(out, 0x10000 + (((unsigned)hi - 0xD800) << 10) + ((unsigned)lo - 0xDC00));
		return true;
	}
	if (hi == 0)
		return fail(r, "a text may not hold the character NUL");
	put_utf8(out, (unsigned)hi);
	return true;
}

/* The string at r->i (its opening quote) into out. */
static bool read_string(struct rd *r, struct strbuf *out)
{
	strbuf_reset(out);
	r->i++;
	for (;;) {
		unsigned char c;
		if (r->i >= r->n)
			return fail(r, "a text is not closed with '\"'");
		c = (unsigned char)r->s[r->i];
		if (c == '"') {
			r->i++;
			break;
		}
		if (c < 0x20)
			return fail(r, "a control character inside a text must be escaped");
		if (c != '\\') {
			strbuf_addc(out, (char)c);
			r->i++;
			continue;
		}
		if (++r->i >= r->n)
			return fail(r, "a text is not closed with '\"'");
		c = (unsigned char)r->s[r->i++];
		switch (c) {
		case '"':
		case '\\':
		case '/':
			strbuf_addc(out, (char)c);
			break;
		case 'b':
			strbuf_addc(out, '\b');
			break;
		case 'f':
			strbuf_addc(out, '\f');
			break;
		case 'n':
			strbuf_addc(out, '\n');
			break;
		case 'r':
			strbuf_addc(out, '\r');
			break;
		case 't':
			strbuf_addc(out, '\t');
			break;
		case 'u':
			if (!read_u_escape(r, out))
				return false;
			break;
		default:
			r->i--;
			return fail(r, "unknown escape after '\\'");
		}
	}
	if (out->over)
		return fail(r, "a text is too long");
	if (!utf8_valid_text(out->buf ? out->buf : "", out->len))
		return fail(r, "a text is not valid UTF-8 or holds a control character");
	return true;
}

static bool digits(struct rd *r)
{
	size_t start = r->i;
	while (r->i < r->n && r->s[r->i] >= '0' && r->s[r->i] <= '9')
		r->i++;
	return r->i > start;
}

/* The number at r->i, as written, into out. */
static bool read_number(struct rd *r, struct strbuf *out)
{
	size_t start = r->i;

	if (at(r, '-'))
		r->i++;
	if (at(r, '0'))
		r->i++;
	else if (!digits(r))
		return fail(r, "a number is not well formed");
	if (at(r, '.')) {
		r->i++;
		if (!digits(r))
			return fail(r, "a number is not well formed");
	}
	if (at(r, 'e') || at(r, 'E')) {
		r->i++;
		if (at(r, '+') || at(r, '-'))
			r->i++;
		if (!digits(r))
			return fail(r, "a number is not well formed");
	}
	strbuf_reset(out);
	strbuf_add(out, r->s + start, r->i - start);
	return true;
}

static bool literal(struct rd *r, const char *word)
{
	size_t n = strlen(word);
	if (r->n - r->i < n || memcmp(r->s + r->i, word, n) != 0)
		return false;
	r->i += n;
	return true;
}

/* Whether name is among the '\0'-separated names in seen. */
static bool seen_before(const struct strbuf *seen, const char *name)
{
	for (size_t k = 0; k < seen->len; k += strlen(seen->buf + k) + 1)
		if (strcmp(seen->buf + k, name) == 0)
			return true;
	return false;
}

bool json_read_flat_object(const char *text, size_t len, json_member_fn each, void *ctx, char *msg,
			   size_t msglen)
{
	struct rd r = { text, len, 0, msg, msglen };
	struct strbuf name, value, seen;
	size_t count = 0;
	bool ok = false;

	strbuf_init(&name, JSON_READ_NAME_MAX + 1);
	strbuf_init(&value, VALUE_MAX);
	strbuf_init(&seen, 0);
	msg[0] = '\0';
	skip_ws(&r);
	if (!at(&r, '{')) {
		fail(&r, "the body must be one JSON object, {\"name\": value, ...}");
		goto out;
	}
	r.i++;
	skip_ws(&r);
	if (at(&r, '}')) {
		r.i++;
		goto end;
	}
	for (;;) {
		enum json_scalar kind;
		skip_ws(&r);
		if (!at(&r, '"')) {
			fail(&r, "a name in quotes was expected");
			goto out;
		}
		if (!read_string(&r, &name))
			goto out;
		if (name.over || name.len > JSON_READ_NAME_MAX || !name.len) {
			fail(&r, "a name is empty or too long");
			goto out;
		}
		if (strlen(name.buf) != name.len || seen_before(&seen, name.buf)) {
			snprintf(msg, msglen, "byte %zu: \"%s\" is given more than once", r.i,
				 name.buf);
			goto out;
		}
		if (++count > JSON_READ_MEMBERS_MAX) {
			fail(&r, "too many members");
			goto out;
		}
		strbuf_add(&seen, name.buf, name.len + 1);
		skip_ws(&r);
		if (!at(&r, ':')) {
			fail(&r, "':' was expected after a name");
			goto out;
		}
		r.i++;
		skip_ws(&r);
		if (at(&r, '"')) {
			if (!read_string(&r, &value))
				goto out;
			kind = JSON_S_STRING;
		} else if (at(&r, '-') || (r.i < r.n && r.s[r.i] >= '0' && r.s[r.i] <= '9')) {
			if (!read_number(&r, &value))
				goto out;
			kind = JSON_S_NUMBER;
		} else if (literal(&r, "true") || literal(&r, "false") || literal(&r, "null")) {
			/* The word just read: its last letters tell which. */
			char last = r.s[r.i - 1], before = r.s[r.i - 2];
			kind = last == 'l'   ? JSON_S_NULL :
			       before == 'u' ? JSON_S_TRUE :
					       JSON_S_FALSE;
			strbuf_reset(&value);
			strbuf_adds(&value, kind == JSON_S_TRUE	 ? "true" :
					    kind == JSON_S_FALSE ? "false" :
								   "");
		} else if (at(&r, '{') || at(&r, '[')) {
			snprintf(msg, msglen,
				 "byte %zu: the value of \"%s\" is an object or a list; send one "
				 "value (text, a number, true, false or null)",
				 r.i + 1, name.buf);
			goto out;
		} else {
			fail(&r, "a value was expected (text, a number, true, false or null)");
			goto out;
		}
		if (!each(ctx, name.buf, value.buf ? value.buf : "", value.len, kind, msg, msglen))
			goto out;
		skip_ws(&r);
		if (at(&r, ',')) {
			r.i++;
			continue;
		}
		if (at(&r, '}')) {
			r.i++;
			break;
		}
		fail(&r, "',' or '}' was expected");
		goto out;
	}
end:
	skip_ws(&r);
	if (r.i != r.n) {
		fail(&r, "nothing may follow the object");
		goto out;
	}
	ok = true;
out:
	strbuf_release(&name);
	strbuf_release(&value);
	strbuf_release(&seen);
	return ok;
}
