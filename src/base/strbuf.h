/*
 * strbuf: a growable string with a hard cap. Every buffer fed by the network or a
 * file is a strbuf with a maximum; going over it sets `over` instead of growing.
 */
#ifndef PT_BASE_STRBUF_H
#define PT_BASE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *buf;  /* always NUL-terminated once anything was added; NULL before */
	size_t len; /* bytes used, not counting the NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* hard limit on len; 0 means SIZE_MAX/2 */
	bool over;  /* set when an add was refused because of max */
};

#define STRBUF_INIT \
	{           \
		0   \
	}

void strbuf_init(struct strbuf *sb, size_t max);
/* Frees the buffer and resets sb to empty; the cap stays. */
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
/* Add bytes; return false (and set over) when max would be passed. */
bool strbuf_add(struct strbuf *sb, const void *data, size_t n);
bool strbuf_adds(struct strbuf *sb, const char *s);
bool strbuf_addc(struct strbuf *sb, char c);
bool strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The decimal digits of v ("-" first when negative), as "%" PRId64 writes them,
 * without printf's cost. */
bool strbuf_add_int(struct strbuf *sb, long long v);
/* The contents, "" when empty; owned by sb. */
const char *strbuf_str(const struct strbuf *sb);
/* Hands the buffer to the caller (who frees it) and resets sb. Never NULL. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

#endif
