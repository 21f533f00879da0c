/*
 * html: escaping HTML writer (see html.h). Every byte of data that reaches an
 * HTML body passes through html_text_n or html_url_arg.
 */
#include "web/html.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Length of the well-formed UTF-8 sequence at s (n bytes left); 0 when malformed. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0], need, min, cp;

	if (c < 0x80)
		return 1;
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
	return need + 1;
}

/* Bytes that html_text_n copies as they are: printable ASCII (0x20 to 0x7e) but
 * & < > " ', one bit per byte: 0x20-0x3f without " (0x22) & (0x26) ' (0x27)
 * < (0x3c) > (0x3e); 0x40-0x7e. tests/unit/web/test_html_fast.c checks every
 * byte against that rule. */
static const uint64_t plain_bits[4] = { 0xAFFFFF3B00000000u, 0x7FFFFFFFFFFFFFFFu, 0, 0 };

static inline bool plain_byte(unsigned char c)
{
	return (plain_bits[c >> 6] >> (c & 63)) & 1;
}

void html_text_n(struct strbuf *out, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	if (!str)
		return;
	while (i < n) {
		unsigned char c = s[i];
		size_t len;

		/* A run of plain bytes (most text) in one copy. */
		if (plain_byte(c)) {
			size_t j = i + 1;
			while (j < n && plain_byte(s[j]))
				j++;
			strbuf_add(out, s + i, j - i);
			i = j;
			continue;
		}
		switch (c) {
		case '&':
			strbuf_adds(out, "&amp;");
			i++;
			continue;
		case '<':
			strbuf_adds(out, "&lt;");
			i++;
			continue;
		case '>':
			strbuf_adds(out, "&gt;");
			i++;
			continue;
		case '"':
			strbuf_adds(out, "&quot;");
			i++;
			continue;
		case '\'':
			strbuf_adds(out, "&#39;");
			i++;
			continue;
		default:
			break;
		}
		if (c < 0x20 || c == 0x7f) {
			if (c == '\t' || c == '\n')
				strbuf_addc(out, (char)c);
			i++;
			continue;
		}
		len = utf8_seq(s + i, n - i);
		if (len == 0) {
			strbuf_adds(out, "\xef\xbf\xbd");
			i++;
			continue;
		}
		strbuf_add(out, s + i, len);
		i += len;
	}
}

void html_text(struct strbuf *out, const char *s)
{
	if (s)
		html_text_n(out, s, strlen(s));
}

void html_text_capital(struct strbuf *out, const char *s)
{
	if (s && *s >= 'a' && *s <= 'z') {
		strbuf_addc(out, (char)(*s - 'a' + 'A'));
		s++;
	}
	html_text(out, s);
}

void html_attr(struct strbuf *out, const char *s)
{
	html_text(out, s);
}

void html_url_arg(struct strbuf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	if (!s)
		return;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			strbuf_addc(out, (char)c);
		} else {
			char esc[3] = { '%', hex[c >> 4], hex[c & 15] };
			strbuf_add(out, esc, 3);
		}
	}
}

void html_int(struct strbuf *out, int64_t v)
{
	strbuf_add_int(out, v);
}

void html_raw_trusted(struct strbuf *out, const char *literal)
{
	strbuf_adds(out, literal);
}

static bool is_boolean_attr(const char *name)
{
	static const char *const names[] = { "required",   "autofocus", "disabled", "checked",
					     "selected",   "hidden",	"multiple", "readonly",
					     "novalidate", "open" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

static bool is_link_attr(const char *name)
{
	/* the first letter first: most attributes (class, data-*, title) are none */
	switch (name[0]) {
	case 'h':
		return strcmp(name, "href") == 0;
	case 's':
		return strcmp(name, "src") == 0;
	case 'a':
		return strcmp(name, "action") == 0;
	case 'f':
		return strcmp(name, "formaction") == 0;
	default:
		return false;
	}
}

/* A local path ("/x", not "//host"), a fragment, a query, or an absolute URL of
 * a harmless scheme. Rules out javascript:, data: and protocol-relative URLs. */
static bool link_ok(const char *v)
{
	if (v[0] == '/')
		return v[1] != '/' && v[1] != '\\';
	if (v[0] == '#' || v[0] == '?')
		return true;
	return strncmp(v, "https://", 8) == 0 || strncmp(v, "http://", 7) == 0 ||
	       strncmp(v, "mailto:", 7) == 0;
}

/* ---- pieces (html.h) */

void html_piece_end(struct html_piece *p)
{
	if (p->len)
		strbuf_add(p->out, p->buf, p->len);
	p->len = 0;
}

/* A name of our own (tag or attribute: a literal), unchanged. */
static void piece_name(struct html_piece *p, const char *name)
{
	html_piece_raw_(p, name, strlen(name));
}

void html_piece_text(struct html_piece *p, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0;

	if (!s)
		return;
	/* the plain run from the start; the NUL is not plain, so it ends there too */
	while (plain_byte(u[n]))
		n++;
	if (u[n] == '\0') {
		html_piece_raw_(p, s, n);
		return;
	}
	/* something to escape: html_text's own path, after what the piece holds */
	html_piece_end(p);
	html_text_n(p->out, s, n + strlen(s + n));
}

void html_piece_int(struct html_piece *p, int64_t v)
{
	char digits[24];
	size_t at = sizeof(digits);
	/* the magnitude as unsigned, so INT64_MIN has one too */
	uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	do {
		digits[--at] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag);
	if (v < 0)
		digits[--at] = '-';
	html_piece_raw_(p, digits + at, sizeof(digits) - at);
}

void html_piece_link(struct html_piece *p, const char *url)
{
	html_piece_text(p, url && link_ok(url) ? url : "#");
}

/* The whole tag is one piece: one copy into out instead of one per part. */
void html_open(struct strbuf *out, const char *tag, ...)
{
	struct html_piece p;
	va_list ap;
	const char *name;

	html_piece_begin(&p, out);
	html_piece_lit(&p, "<");
	piece_name(&p, tag);
	va_start(ap, tag);
	while ((name = va_arg(ap, const char *)) != NULL) {
		const char *value = va_arg(ap, const char *);

		if (!value)
			continue;
		html_piece_lit(&p, " ");
		piece_name(&p, name);
		if (value[0] == '\0' && is_boolean_attr(name))
			continue;
		if (is_link_attr(name) && !link_ok(value))
			value = "#";
		html_piece_lit(&p, "=\"");
		html_piece_text(&p, value);
		html_piece_lit(&p, "\"");
	}
	va_end(ap);
	html_piece_lit(&p, ">");
	html_piece_end(&p);
}

void html_close(struct strbuf *out, const char *tag)
{
	struct html_piece p;

	html_piece_begin(&p, out);
	html_piece_lit(&p, "</");
	piece_name(&p, tag);
	html_piece_lit(&p, ">");
	html_piece_end(&p);
}

void html_elem(struct strbuf *out, const char *tag, const char *text)
{
	struct html_piece p;

	html_piece_begin(&p, out);
	html_piece_lit(&p, "<");
	piece_name(&p, tag);
	html_piece_lit(&p, ">");
	html_piece_text(&p, text);
	html_piece_lit(&p, "</");
	piece_name(&p, tag);
	html_piece_lit(&p, ">");
	html_piece_end(&p);
}

void html_csrf_field(struct strbuf *out, const char *token)
{
	html_open(out, "input", "type", "hidden", "name", "csrf", "value", token, NULL);
}

void html_form_field(struct strbuf *out, const struct html_field *f)
{
	char id[80], hint_id[88], err_id[88], described[180], maxlen[16];
	const char *describedby = NULL;

	snprintf(id, sizeof(id), "f-%s", f->name);
	snprintf(hint_id, sizeof(hint_id), "%s-hint", id);
	snprintf(err_id, sizeof(err_id), "%s-error", id);
	described[0] = '\0';
	if (f->hint && f->error)
		snprintf(described, sizeof(described), "%s %s", hint_id, err_id);
	else if (f->hint)
		snprintf(described, sizeof(described), "%s", hint_id);
	else if (f->error)
		snprintf(described, sizeof(described), "%s", err_id);
	if (described[0])
		describedby = described;
	snprintf(maxlen, sizeof(maxlen), "%d", f->maxlength);

	html_open(out, "div", "class", f->error ? "field field-error" : "field", NULL);
	html_open(out, "label", "for", id, NULL);
	html_text(out, f->label);
	html_close(out, "label");
	if (f->hint) {
		html_open(out, "p", "class", "hint", "id", hint_id, NULL);
		html_text(out, f->hint);
		html_close(out, "p");
	}
	if (f->error) {
		html_open(out, "p", "class", "error-message", "id", err_id, NULL);
		html_raw_trusted(out, "<span class=\"visually-hidden\">Error:</span> ");
		html_text(out, f->error);
		html_close(out, "p");
	}
	html_open(out, "input", "id", id, "name", f->name, "type", f->type ? f->type : "text",
		  "value", f->value ? f->value : "", "autocomplete",
		  f->autocomplete ? f->autocomplete : "off", "maxlength",
		  f->maxlength > 0 ? maxlen : NULL, "aria-describedby", describedby, "aria-invalid",
		  f->error ? "true" : NULL, "required", f->required ? "" : NULL, "autofocus",
		  f->autofocus ? "" : NULL, NULL);
	html_close(out, "div");
}
