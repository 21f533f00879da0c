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

#include "base/strbuf.h"

/* Escapes & < > " ' so the text is safe in element content and in quoted
 * attribute values. Invalid UTF-8 bytes become U+FFFD; C0 controls other than
 * tab and newline are dropped. NULL writes nothing. */
void html_text(struct strbuf *out, const char *s);
void html_text_n(struct strbuf *out, const char *s, size_t n);
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
