/*
 * strbuf: growable, capped string builder (see strbuf.h).
 */
#include "base/strbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

void strbuf_init(struct strbuf *sb, size_t max)
{
	memset(sb, 0, sizeof(*sb));
	sb->max = max;
}

void strbuf_release(struct strbuf *sb)
{
	size_t max = sb->max;
	free(sb->buf);
	strbuf_init(sb, max);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->over = false;
	if (sb->buf)
		sb->buf[0] = '\0';
}

static size_t limit(const struct strbuf *sb)
{
	return sb->max ? sb->max : SIZE_MAX / 2;
}

static bool grow(struct strbuf *sb, size_t extra)
{
	size_t want;

	if (extra > limit(sb) - sb->len) {
		sb->over = true;
		return false;
	}
	want = sb->len + extra + 1;
	if (want > sb->cap) {
		size_t cap = sb->cap ? sb->cap : 64;
		while (cap < want)
			cap *= 2;
		sb->buf = xrealloc(sb->buf, cap);
		sb->cap = cap;
	}
	return true;
}

bool strbuf_add(struct strbuf *sb, const void *data, size_t n)
{
	if (!grow(sb, n))
		return false;
	if (n)
		memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return true;
}

bool strbuf_adds(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}

bool strbuf_addc(struct strbuf *sb, char c)
{
	return strbuf_add(sb, &c, 1);
}

bool strbuf_add_int(struct strbuf *sb, long long v)
{
	char digits[24];
	size_t at = sizeof(digits);
	/* the magnitude as unsigned, so LLONG_MIN has one too */
	unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		digits[--at] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag);
	if (v < 0)
		digits[--at] = '-';
	return strbuf_add(sb, digits + at, sizeof(digits) - at);
}

bool strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return false;
	if ((size_t)n < sizeof(small))
		return strbuf_add(sb, small, (size_t)n);
	if (!grow(sb, (size_t)n))
		return false;
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
	return true;
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *p = sb->buf ? sb->buf : xstrdup("");
	if (len)
		*len = sb->len;
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	sb->over = false;
	return p;
}
