/*
 * csv: RFC 4180 reader (see csv.h). One pass over the bytes after a UTF-8 check
 * of the whole input; field texts are copied unquoted into one buffer that never
 * moves, so the field pointers stay valid until csv_free.
 */
#include "formats/csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

/* Offset of the first byte that is not part of well-formed UTF-8 (or is NUL);
 * len when all is well. */
static size_t utf8_bad_offset(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t need;
		uint32_t cp;

		if (c == 0)
			return i;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			cp = c & 0x07;
		} else {
			return i;
		}
		if (len - i <= need)
			return i;
		for (size_t k = 1; k <= need; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += need + 1;
	}
	return len;
}

/* Line and column (characters) of byte offset off, counting from start. */
static void locate(const unsigned char *s, size_t start, size_t off, long *line, long *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = start; i < off; i++) {
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= off || s[i + 1] != '\n'))) {
			++*line;
			*col = 1;
		} else if ((s[i] & 0xC0) != 0x80 && s[i] != '\r') {
			++*col;
		}
	}
}

char *csv_field_loc(const struct csv *c, const struct csv_field *f,
		    char buf[static PROBLEM_LOC_MAX])
{
	return problem_loc_text(buf, c->file, f->line, f->col);
}

void csv_free(struct csv *c)
{
	if (!c)
		return;
	free(c->file);
	free(c->text);
	free(c->rows);
	free(c->all);
	memset(c, 0, sizeof(*c));
}

/* Room for one more zeroed element at the end of a growing array. */
static void *list_grow(void *list, size_t *len, size_t *cap, size_t size)
{
	char *l = list;

	if (*len == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		l = xrealloc(l, *cap * size);
	}
	memset(l + *len * size, 0, size);
	++*len;
	return l;
}

struct parser {
	const unsigned char *s; /* input */
	size_t len;		/* bytes */
	size_t pos;		/* next byte */
	long line, col;		/* of the next byte */
	const char *file;	/* for locations */
	struct problem_list *pl;
	bool failed;
	size_t nerr; /* problems found so far */
};

static void perr(struct parser *p, long line, long col, const char *code, const char *msg)
{
	char loc[PROBLEM_LOC_MAX];

	problem_list_error(p->pl, problem_loc_text(loc, p->file, line, col), code, "%s", msg);
	p->failed = true;
	p->nerr++;
}

/* Consumes one byte, keeping line and column; a CR before LF counts as nothing. */
static void advance(struct parser *p)
{
	unsigned char c = p->s[p->pos++];

	if (c == '\n' || (c == '\r' && (p->pos >= p->len || p->s[p->pos] != '\n'))) {
		p->line++;
		p->col = 1;
	} else if ((c & 0xC0) != 0x80 && c != '\r') {
		p->col++;
	}
}

static bool at_record_end(const struct parser *p)
{
	return p->pos >= p->len || p->s[p->pos] == '\n' || p->s[p->pos] == '\r';
}

/* Reads one field into *dst (advanced past the text and its NUL). */
static void read_field(struct parser *p, char **dst, struct csv_field *f)
{
	char *out = *dst;

	f->text = out;
	f->line = p->line;
	f->col = p->col;
	if (p->pos < p->len && p->s[p->pos] == '"') {
		f->quoted = true;
		advance(p);
		for (;;) {
			if (p->pos >= p->len) {
				perr(p, f->line, f->col, "CSV_QUOTE",
				     "this quoted field has no closing quote (\"); add the "
				     "missing quote or remove the opening one");
				break;
			}
			if (p->s[p->pos] == '"') {
				if (p->pos + 1 < p->len && p->s[p->pos + 1] == '"') {
					*out++ = '"';
					advance(p);
					advance(p);
					continue;
				}
				advance(p);
				break;
			}
			*out++ = (char)p->s[p->pos];
			advance(p);
		}
		if (!at_record_end(p) && p->s[p->pos] != ',') {
			perr(p, p->line, p->col, "CSV_AFTER_QUOTE",
			     "unexpected text after a closing quote; put the whole field in "
			     "quotes and write any quote inside it twice (\"\")");
			while (!at_record_end(p) && p->s[p->pos] != ',')
				advance(p);
		}
	} else {
		bool told = false;
		while (!at_record_end(p) && p->s[p->pos] != ',') {
			if (p->s[p->pos] == '"' && !told) {
				perr(p, p->line, p->col, "CSV_QUOTE",
				     "a quote (\") in a field that does not start with one; "
				     "put the whole field in quotes and write the quote twice "
				     "(\"\")");
				told = true;
			}
			*out++ = (char)p->s[p->pos];
			advance(p);
		}
	}
	f->len = (size_t)(out - f->text);
	*out++ = '\0';
	*dst = out;
}

enum err csv_parse(const char *file, const char *data, size_t len, size_t max_bytes,
		   struct csv *out, struct problem_list *problems)
{
	const unsigned char *s = (const unsigned char *)data;
	struct parser p = { .s = s, .len = len, .line = 1, .col = 1, .file = file, .pl = problems };
	size_t nall = 0, capall = 0, nrows = 0, caprows = 0, nbad = 0, capbad = 0, bad;
	size_t *row_first = NULL;
	bool *row_bad = NULL;
	char *dst;

	memset(out, 0, sizeof(*out));
	out->file = xstrdup(file ? file : "");
	p.file = out->file;
	if (max_bytes == 0)
		max_bytes = CSV_MAX_BYTES;
	if (len > max_bytes) {
		char loc[PROBLEM_LOC_MAX];
		long line, col;
		/* where the first byte over the cap is */
		locate(s, len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF ? 3 : 0,
		       max_bytes, &line, &col);
		problem_list_error(problems, problem_loc_text(loc, p.file, line, col),
				   "CSV_TOO_BIG",
				   "the file is too big (%zu bytes; at most %zu, reached here): "
				   "split it into smaller files",
				   len, max_bytes);
		return ERR_TOO_BIG;
	}
	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		p.pos = 3;
	bad = utf8_bad_offset(s + p.pos, len - p.pos) + p.pos;
	if (bad < len) {
		long line, col;
		char loc[PROBLEM_LOC_MAX];
		locate(s, p.pos, bad, &line, &col);
		if (s[bad] == 0)
			problem_list_error(problems, problem_loc_text(loc, p.file, line, col),
					   "CSV_ENCODING",
					   "the file contains a NUL byte, so it is not a CSV text "
					   "file; save it from the spreadsheet as \"CSV UTF-8\"");
		else
			problem_list_error(
				problems, problem_loc_text(loc, p.file, line, col), "CSV_ENCODING",
				"the file is not UTF-8 text (byte 0x%02X here; it was probably "
				"saved as Windows-1252 or \"ANSI\"): in the spreadsheet choose "
				"Save As, \"CSV UTF-8 (Comma delimited)\", and upload that file",
				s[bad]);
		return ERR_INVALID;
	}
	out->text = xmalloc(2 * (len - p.pos) + 2);
	dst = out->text;
	while (p.pos < p.len) {
		size_t first = nall, nerr = p.nerr;

		for (;;) {
			if (nall - first >= CSV_MAX_FIELDS) {
				perr(&p, p.line, p.col, "CSV_FIELDS",
				     "this line has too many fields; check the file is the upload "
				     "template saved as CSV");
				while (!at_record_end(&p))
					advance(&p);
				break;
			}
			out->all = list_grow(out->all, &nall, &capall, sizeof(*out->all));
			read_field(&p, &dst, &out->all[nall - 1]);
			if (p.pos < p.len && p.s[p.pos] == ',') {
				advance(&p);
				continue;
			}
			break;
		}
		if (p.pos < p.len)
			advance(&p); /* the line break ('\r' then '\n' of a CRLF) */
		if (p.pos < p.len && p.s[p.pos - 1] == '\r' && p.s[p.pos] == '\n')
			advance(&p);
		/* A blank line is no record. */
		if (nall - first == 1 && !out->all[first].quoted && out->all[first].len == 0) {
			nall = first;
			continue;
		}
		row_first = list_grow(row_first, &nrows, &caprows, sizeof(*row_first));
		row_first[nrows - 1] = first;
		row_bad = list_grow(row_bad, &nbad, &capbad, sizeof(*row_bad));
		row_bad[nbad - 1] = p.nerr != nerr;
	}
	if (nrows) {
		out->rows = xcalloc(nrows, sizeof(*out->rows));
		for (size_t i = 0; i < nrows; i++) {
			size_t end = i + 1 < nrows ? row_first[i + 1] : nall;
			out->rows[i].fields = &out->all[row_first[i]];
			out->rows[i].n = end - row_first[i];
			out->rows[i].line = out->rows[i].fields[0].line;
			out->rows[i].bad = row_bad[i];
		}
	}
	out->nrows = nrows;
	free(row_first);
	free(row_bad);
	return p.failed ? ERR_INVALID : ERR_OK;
}
