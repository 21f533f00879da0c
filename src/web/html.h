/*
 * html: the escaping HTML writer, the only way pupiltrack produces HTML. Text and
 * attribute values are always escaped; element and attribute names are string
 * literals of our own. html_raw_trusted() is for literals only and stands out in
 * review on purpose.
 */
#ifndef PT_WEB_HTML_H
#define PT_WEB_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/strbuf.h"

/* Escapes & < > " ' so the text is safe in element content and in quoted
 * attribute values. Invalid UTF-8 bytes become U+FFFD; C0 controls other than
 * tab and newline are dropped. NULL writes nothing. */
void html_text(struct strbuf *out, const char *s);
void html_text_n(struct strbuf *out, const char *s, size_t n);
/* As html_text, with a first letter a-z written as a capital: for a label
 * ("phonics screening check") or a message ("the results have...") that starts
 * a heading, a cell or a sentence. */
void html_text_capital(struct strbuf *out, const char *s);
/* The same escaping, for a value placed between double quotes by the caller. */
void html_attr(struct strbuf *out, const char *s);
/* Percent-encodes everything but A-Z a-z 0-9 - . _ ~ (for a query value or a path
 * segment); the result is safe in an attribute too. */
void html_url_arg(struct strbuf *out, const char *s);
/* A decimal integer. */
void html_int(struct strbuf *out, int64_t v);
/* Appends a literal of our own markup unchanged. Never pass data to it. */
void html_raw_trusted(struct strbuf *out, const char *literal);

/* <tag name="value" ...>: after the tag come name/value pairs ending with NULL.
 * Names are literals; values are escaped. A NULL value skips the attribute and an
 * empty value of a boolean attribute (e.g. "required") writes the bare name. Link
 * attributes (href, src, action, formaction) accept only a local path, a
 * fragment, or an http(s)/mailto URL; anything else becomes "#". */
void html_open(struct strbuf *out, const char *tag, ...) __attribute__((sentinel));
/* </tag> */
void html_close(struct strbuf *out, const char *tag);
/* <tag>text</tag> with no attributes. */
void html_elem(struct strbuf *out, const char *tag, const char *text);

/* ---- pieces: the fast path for markup repeated thousands of times (the cells
 * of a grid). A piece is assembled on the stack and added to out in one copy;
 * when it fills up it is added and starts again, so any length works. Literals
 * of our own markup go in unchanged (html_piece_lit: string literals only, their
 * length known when compiling); data goes through html_piece_text, which
 * escapes exactly as html_text does (a text with nothing to escape is copied in
 * one piece, anything else takes html_text's own path), and links through
 * html_piece_link, which applies html_open's link rule. Finish with
 * html_piece_end, which adds what is left. */
enum { HTML_PIECE_MAX = 2048 };
struct html_piece {
	struct strbuf *out;	  /* where the piece goes */
	size_t len;		  /* bytes used in buf */
	char buf[HTML_PIECE_MAX]; /* the markup not yet added */
};

static inline void html_piece_begin(struct html_piece *p, struct strbuf *out)
{
	p->out = out;
	p->len = 0;
}
/* Adds the piece to out and empties it. */
void html_piece_end(struct html_piece *p);
/* n bytes of our own markup; use html_piece_lit. */
static inline void html_piece_raw_(struct html_piece *p, const char *s, size_t n)
{
	if (n > sizeof(p->buf) - p->len) {
		html_piece_end(p);
		if (n > sizeof(p->buf)) {
			strbuf_add(p->out, s, n);
			return;
		}
	}
	memcpy(p->buf + p->len, s, n);
	p->len += n;
}
#define html_piece_lit(p, literal) html_piece_raw_((p), "" literal "", sizeof(literal) - 1)
/* Escaped as html_text (NULL writes nothing). */
void html_piece_text(struct html_piece *p, const char *s);
/* A decimal integer. */
void html_piece_int(struct html_piece *p, int64_t v);
/* A link attribute's value (href, src, action): "#" unless html_open would accept
 * it, then escaped. */
void html_piece_link(struct html_piece *p, const char *url);

/* The hidden form field carrying the CSRF token (name "csrf"). */
void html_csrf_field(struct strbuf *out, const char *token);

struct html_field {
	const char *name;	  /* form field name, a literal */
	const char *label;	  /* what the person reads, a literal */
	const char *type;	  /* "text", "password", "date", ...; NULL = "text" */
	const char *value;	  /* current value (escaped), NULL = empty */
	const char *error;	  /* message shown above the input, NULL = none */
	const char *hint;	  /* help text under the label, NULL = none */
	const char *autocomplete; /* e.g. "username", "current-password"; NULL = off */
	bool required;		  /* adds the required attribute */
	bool autofocus;		  /* adds the autofocus attribute */
	int maxlength;		  /* 0 = none */
};

/* A labelled input in a <div class="field">, with its hint and error linked by
 * aria-describedby and aria-invalid set when there is an error. */
void html_form_field(struct strbuf *out, const struct html_field *f);

#endif
