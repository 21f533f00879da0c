/*
 * multipart: multipart/form-data bodies (see multipart.h). The body is
 * "--B\r\n" then parts "HEADERS\r\n\r\nDATA\r\n--B" ending with "--B--".
 */
#include "web/multipart.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char type_name[] = "multipart/form-data";

bool multipart_is_type(const char *ct)
{
	size_t n = sizeof(type_name) - 1;

	return ct && strncasecmp(ct, type_name, n) == 0 && (ct[n] == ';' || ct[n] == ' ');
}

static const char *find(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	if (nlen == 0 || hlen < nlen)
		return NULL;
	for (size_t i = 0; i + nlen <= hlen; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, nlen) == 0)
			return hay + i;
	return NULL;
}

/* The value of parameter key ("boundary", "name", "filename") in a header line
 * of n bytes, quoted or not; false when absent or too long. */
static bool header_param(const char *h, size_t n, const char *key, char *out, size_t cap)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i + klen + 1 < n; i++) {
		size_t j, k = 0;
		if ((i > 0 && h[i - 1] != ';' && h[i - 1] != ' ') ||
		    strncasecmp(h + i, key, klen) != 0 || h[i + klen] != '=')
			continue;
		j = i + klen + 1;
		if (j < n && h[j] == '"') {
			/* Browsers send '"' as %22 and a backslash as is (old ones send
			 * a whole Windows path): no escapes to undo. */
			for (j++; j < n && h[j] != '"'; j++) {
				if (k + 1 >= cap)
					return false;
				out[k++] = h[j];
			}
			if (j >= n)
				return false;
		} else {
			for (; j < n && h[j] != ';' && h[j] != ' ' && h[j] != '\r'; j++) {
				if (k + 1 >= cap)
					return false;
				out[k++] = h[j];
			}
		}
		out[k] = '\0';
		return true;
	}
	return false;
}

bool multipart_parse(struct arena *a, const char *content_type, const char *body, size_t len,
		     struct multipart_part **parts, size_t *n, char *msg, size_t msglen)
{
	char boundary[80], delim[84], name[128], filename[256];
	const char *p, *end = body + len;
	size_t dlen;

	*parts = arena_alloc(a, sizeof(**parts) * MULTIPART_PARTS_MAX);
	*n = 0;
	if (!header_param(content_type, strlen(content_type), "boundary", boundary,
			  sizeof(boundary)) ||
	    !boundary[0]) {
		snprintf(msg, msglen, "The upload has no boundary.");
		return false;
	}
	dlen = (size_t)snprintf(delim, sizeof(delim), "--%s", boundary);
	p = find(body, len, delim, dlen);
	if (!p) {
		snprintf(msg, msglen, "The upload is not well formed.");
		return false;
	}
	p += dlen;
	for (;;) {
		const char *headers, *hend, *data, *next;
		struct multipart_part *part;
		bool has_name = false;

		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return true; /* the closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			break;
		headers = p + 2;
		hend = find(headers, (size_t)(end - headers), "\r\n\r\n", 4);
		if (!hend)
			break;
		data = hend + 4;
		/* The next delimiter: after CRLF, and followed by CRLF or "--". */
		next = data;
		for (;;) {
			const char *after;
			next = find(next, (size_t)(end - next), delim, dlen);
			if (!next)
				break;
			after = next + dlen;
			if (next - data >= 2 && next[-2] == '\r' && next[-1] == '\n' &&
			    end - after >= 2 &&
			    ((after[0] == '\r' && after[1] == '\n') ||
			     (after[0] == '-' && after[1] == '-')))
				break;
			next += 1;
		}
		if (!next)
			break;
		if (*n >= MULTIPART_PARTS_MAX) {
			snprintf(msg, msglen, "The upload has too many parts.");
			return false;
		}
		part = &(*parts)[(*n)++];
		memset(part, 0, sizeof(*part));
		/* Content-Disposition: form-data; name="..."; filename="..." */
		for (const char *line = headers; line < hend;) {
			const char *eol = find(line, (size_t)(hend - line), "\r\n", 2);
			size_t llen = eol ? (size_t)(eol - line) : (size_t)(hend - line);
			if (llen > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
				if (header_param(line, llen, "name", name, sizeof(name))) {
					part->name = arena_strdup(a, name);
					has_name = true;
				}
				if (header_param(line, llen, "filename", filename,
						 sizeof(filename)))
					part->filename = arena_strdup(a, filename);
			}
			line += llen + 2;
		}
		if (!has_name) {
			snprintf(msg, msglen, "A part of the upload has no name.");
			return false;
		}
		part->data = data;
		part->len = (size_t)(next - 2 - data);
		p = next + dlen;
	}
	snprintf(msg, msglen, "The upload is not well formed or was cut short.");
	return false;
}

bool multipart_watch_init(struct multipart_watch *w, const char *content_type)
{
	char boundary[80];

	memset(w, 0, sizeof(*w));
	if (!content_type ||
	    !header_param(content_type, strlen(content_type), "boundary", boundary,
			  sizeof(boundary)) ||
	    !boundary[0])
		return false;
	w->dlen = (size_t)snprintf(w->delim, sizeof(w->delim), "\r\n--%s", boundary);
	return true;
}

/* The filename of a part's header block h (n bytes), "" when it has none. */
static bool part_filename(const char *h, size_t n, char *out, size_t cap)
{
	for (const char *line = h; line < h + n;) {
		const char *eol = find(line, (size_t)(h + n - line), "\r\n", 2);
		size_t llen = eol ? (size_t)(eol - line) : (size_t)(h + n - line);
		if (llen > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0 &&
		    header_param(line, llen, "filename", out, cap))
			return true;
		line += llen + 2;
	}
	out[0] = '\0';
	return false;
}

bool multipart_watch_over(struct multipart_watch *w, const char *body, size_t len, size_t max,
			  const char **filename, size_t *seen)
{
	for (;;) {
		const char *at, *hend;
		size_t after;

		switch (w->state) {
		case 0: /* the first delimiter has no CRLF before it */
			at = find(body, len, w->delim + 2, w->dlen - 2);
			if (!at)
				return false;
			w->pos = (size_t)(at - body) + w->dlen - 2;
			w->state = 1;
			break;
		case 1: /* after a delimiter: "--" ends it all, else CRLF and headers */
			if (len - w->pos < 2)
				return false;
			if (body[w->pos] == '-' && body[w->pos + 1] == '-') {
				w->state = 3;
				return false;
			}
			hend = find(body + w->pos, len - w->pos, "\r\n\r\n", 4);
			if (!hend)
				return false;
			w->file = part_filename(body + w->pos, (size_t)(hend - body - w->pos),
						w->filename, sizeof(w->filename));
			w->data_start = (size_t)(hend - body) + 4;
			w->pos = w->data_start;
			w->state = 2;
			break;
		case 2: /* data up to the next delimiter */
			at = find(body + w->pos, len - w->pos, w->delim, w->dlen);
			if (at) {
				if (w->file && (size_t)(at - body) - w->data_start > max) {
					*filename = w->filename;
					*seen = (size_t)(at - body) - w->data_start;
					return true;
				}
				w->pos = (size_t)(at - body) + w->dlen;
				w->state = 1;
				break;
			}
			/* no delimiter yet: all but its possible start is data */
			after = len > w->dlen ? len - w->dlen : 0;
			if (after > w->pos)
				w->pos = after;
			if (w->file && w->pos - w->data_start > max) {
				*filename = w->filename;
				*seen = w->pos - w->data_start;
				return true;
			}
			return false;
		default:
			return false;
		}
	}
}
