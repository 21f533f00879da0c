/*
 * codes: parser and lookups for the CTF code table (see codes.h). Strings live in
 * one arena owned by the table; rows are a plain array in file order.
 */
#include "core/codes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "base/utf8.h"
#include "base/xalloc.h"

enum col {
	COL_COLLECTION,
	COL_STAGE,
	COL_SUBJECT,
	COL_METHOD,
	COL_COMPONENT,
	COL_QUALIFIER,
	COL_ALLOWED,
	COL_LABEL,
	COL_CONFIRMED,
	COL__MAX
};

static const char *const col_names[] = {
	[COL_COLLECTION] = "collection",   [COL_STAGE] = "stage",
	[COL_SUBJECT] = "subject",	   [COL_METHOD] = "method",
	[COL_COMPONENT] = "component",	   [COL_QUALIFIER] = "result_qualifier",
	[COL_ALLOWED] = "allowed_results", [COL_LABEL] = "label",
	[COL_CONFIRMED] = "confirmed",
};
_Static_assert(ARRAY_SIZE(col_names) == COL__MAX, "col_names covers enum col");

#define COLUMN_LIST                                                         \
	"collection, stage, subject, method, component, result_qualifier, " \
	"allowed_results, label, confirmed"

struct codes {
	struct arena arena;    /* every string and allowed list */
	struct code_row *rows; /* file order */
	size_t count;	       /* rows used */
	size_t alloc;	       /* rows allocated */
};

/* One line being parsed: where it is and its tab-separated fields. */
struct line_ctx {
	const char *file;	    /* for locations */
	const char *text;	    /* the line, not terminated */
	size_t len;		    /* bytes in text */
	int lineno;		    /* 1-based */
	size_t nfields;		    /* fields found (may exceed COL__MAX) */
	size_t start[COL__MAX + 1]; /* byte offset of each field; [COL__MAX] = the first extra */
	size_t flen[COL__MAX];	    /* byte length of each field */
	struct problem_list *pl;    /* where problems go */
	size_t errors;		    /* problems this line added */
};

/* 1-based character column of byte offset off in the line. */
static long line_col(const struct line_ctx *lc, size_t off)
{
	return (long)utf8_length(lc->text, off) + 1;
}

static void line_problem(struct line_ctx *lc, size_t off, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void line_problem(struct line_ctx *lc, size_t off, const char *code, const char *fmt, ...)
{
	char loc[PROBLEM_LOC_MAX];
	char msg[PROBLEM_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	problem_loc_text(loc, lc->file, lc->lineno, line_col(lc, off));
	problem_list_error(lc->pl, loc, code, "%s", msg);
	lc->errors++;
}

/* Splits the line at tabs; records up to COL__MAX fields and the start of the
 * first extra one. */
static void split_fields(struct line_ctx *lc)
{
	size_t f = 0, begin = 0;

	for (size_t i = 0; i <= lc->len; i++) {
		if (i < lc->len && lc->text[i] != '\t')
			continue;
		if (f < COL__MAX) {
			lc->start[f] = begin;
			lc->flen[f] = i - begin;
		} else if (f == COL__MAX) {
			lc->start[f] = begin;
		}
		f++;
		begin = i + 1;
	}
	lc->nfields = f;
}

static bool field_is(const struct line_ctx *lc, enum col c, const char *s)
{
	return lc->flen[c] == strlen(s) && memcmp(lc->text + lc->start[c], s, lc->flen[c]) == 0;
}

static void check_header(struct line_ctx *lc)
{
	if (lc->nfields != COL__MAX) {
		line_problem(
			lc, 0, "CODES_HEADER",
			"the header has %zu column%s; expected %d separated by tabs: " COLUMN_LIST,
			lc->nfields, lc->nfields == 1 ? "" : "s", COL__MAX);
		return;
	}
	for (int c = 0; c < COL__MAX; c++) {
		if (!field_is(lc, (enum col)c, col_names[c])) {
			line_problem(
				lc, lc->start[c], "CODES_HEADER",
				"header column %d is '%.*s'; expected '%s' (columns: " COLUMN_LIST
				")",
				c + 1, (int)(lc->flen[c] > 40 ? 40 : lc->flen[c]),
				lc->text + lc->start[c], col_names[c]);
			return;
		}
	}
}

static bool is_alnum(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* A canonical whole number: "0" or digits without a leading zero, at most 9 of
 * them so it fits a long everywhere. */
static bool parse_whole(const char *s, size_t n, long *out)
{
	long v = 0;

	if (n == 0 || n > 9 || (n > 1 && s[0] == '0'))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* Parses allowed_results into the arena; reports problems located at each item. */
static void parse_allowed(struct line_ctx *lc, struct arena *a, struct code_row *row)
{
	const char *t = lc->text + lc->start[COL_ALLOWED];
	size_t n = lc->flen[COL_ALLOWED];
	size_t count = 1, k = 0, begin = 0;
	struct code_allowed *items;

	for (size_t i = 0; i < n; i++)
		if (t[i] == ',')
			count++;
	if (count > CODES_ALLOWED_MAX) {
		line_problem(lc, lc->start[COL_ALLOWED], "CODES_ALLOWED",
			     "allowed_results lists %zu items; the limit is %d", count,
			     CODES_ALLOWED_MAX);
		return;
	}
	items = arena_alloc(a, count * sizeof(*items));
	for (size_t i = 0; i <= n; i++) {
		const char *s = t + begin;
		size_t len = i - begin;
		size_t off = lc->start[COL_ALLOWED] + begin;
		const char *dash;
		struct code_allowed it = { 0 };

		if (i < n && t[i] != ',')
			continue;
		begin = i + 1;
		if (len == 0) {
			line_problem(
				lc, off, "CODES_ALLOWED",
				"empty item in allowed_results (two commas together, or a comma "
				"at the end?)");
			continue;
		}
		dash = memchr(s, '-', len);
		if (dash) {
			size_t left = (size_t)(dash - s);
			if (!parse_whole(s, left, &it.lo) ||
			    !parse_whole(dash + 1, len - left - 1, &it.hi)) {
				line_problem(
					lc, off, "CODES_RANGE",
					"bad range '%.*s' in allowed_results: write a range as N-M "
					"with whole numbers and no signs or leading zeros, e.g. 0-40",
					(int)(len > 40 ? 40 : len), s);
				continue;
			}
			if (it.lo > it.hi) {
				line_problem(
					lc, off, "CODES_RANGE",
					"range %ld-%ld in allowed_results runs backwards; write "
					"%ld-%ld",
					it.lo, it.hi, it.hi, it.lo);
				continue;
			}
		} else {
			bool ok = true;
			for (size_t j = 0; j < len; j++)
				ok = ok && is_alnum(s[j]);
			if (!ok) {
				line_problem(
					lc, off, "CODES_ALLOWED",
					"allowed result '%.*s' may hold only letters and digits "
					"(items are separated by commas, without spaces)",
					(int)(len > 40 ? 40 : len), s);
				continue;
			}
			it.code = arena_strndup(a, s, len);
		}
		for (size_t j = 0; j < k; j++) {
			bool same = it.code ?
					    (items[j].code && strcmp(items[j].code, it.code) == 0) :
					    (!items[j].code && items[j].lo == it.lo &&
					     items[j].hi == it.hi);
			if (same) {
				line_problem(lc, off, "CODES_ALLOWED",
					     "'%.*s' is listed twice in allowed_results",
					     (int)(len > 40 ? 40 : len), s);
				it.code = NULL;
				goto next;
			}
		}
		items[k++] = it;
next:;
	}
	row->allowed = items;
	row->allowed_count = k;
}

static const char *field_dup(struct line_ctx *lc, struct arena *a, enum col c)
{
	return arena_strndup(a, lc->text + lc->start[c], lc->flen[c]);
}

/* Parses one data row into row; problems go to lc. */
static void parse_row(struct line_ctx *lc, struct arena *a, struct code_row *row)
{
	size_t before = lc->errors;

	if (lc->nfields != COL__MAX) {
		size_t off = lc->nfields > COL__MAX ? lc->start[COL__MAX] : lc->len;
		line_problem(
			lc, off, "CODES_COLUMNS",
			"this row has %zu column%s; expected %d separated by tabs: " COLUMN_LIST,
			lc->nfields, lc->nfields == 1 ? "" : "s", COL__MAX);
		return;
	}
	for (int c = 0; c < COL__MAX; c++) {
		const char *s = lc->text + lc->start[c];
		size_t n = lc->flen[c];

		if (n == 0) {
			line_problem(lc, lc->start[c], "CODES_EMPTY", "%s is empty", col_names[c]);
			continue;
		}
		if (n > CODES_FIELD_MAX) {
			line_problem(lc, lc->start[c], "CODES_LONG",
				     "%s is %zu bytes long; the limit is %d", col_names[c], n,
				     CODES_FIELD_MAX);
			continue;
		}
		if (c <= COL_QUALIFIER) {
			for (size_t j = 0; j < n; j++) {
				if (!is_alnum(s[j]) && s[j] != '_') {
					line_problem(
						lc, lc->start[c] + j, "CODES_CHAR",
						"%s '%.*s' may hold only letters, digits and _",
						col_names[c], (int)(n > 40 ? 40 : n), s);
					break;
				}
			}
		}
	}
	if (lc->errors != before)
		return;
	if (field_is(lc, COL_CONFIRMED, "yes")) {
		row->confirmed = true;
	} else if (field_is(lc, COL_CONFIRMED, "no")) {
		row->confirmed = false;
	} else {
		size_t n = lc->flen[COL_CONFIRMED];
		line_problem(lc, lc->start[COL_CONFIRMED], "CODES_CONFIRMED",
			     "unknown confirmed value '%.*s'; use yes or no",
			     (int)(n > 40 ? 40 : n), lc->text + lc->start[COL_CONFIRMED]);
	}
	parse_allowed(lc, a, row);
	if (lc->errors != before)
		return;
	row->collection = field_dup(lc, a, COL_COLLECTION);
	row->stage = field_dup(lc, a, COL_STAGE);
	row->subject = field_dup(lc, a, COL_SUBJECT);
	row->method = field_dup(lc, a, COL_METHOD);
	row->component = field_dup(lc, a, COL_COMPONENT);
	row->result_qualifier = field_dup(lc, a, COL_QUALIFIER);
	row->allowed_text = field_dup(lc, a, COL_ALLOWED);
	row->label = field_dup(lc, a, COL_LABEL);
	row->line = lc->lineno;
}

static bool line_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

enum err codes_parse(const char *text, size_t len, const char *filename, struct codes **out,
		     struct problem_list *problems)
{
	struct codes *c = NULL;
	size_t pos = 0, errors_before = problem_list_count_errors(problems);
	int lineno = 0;
	bool have_header = false;
	enum err rc = ERR_OK;
	char loc[PROBLEM_LOC_MAX];

	*out = NULL;
	if (len > CODES_TEXT_MAX) {
		problem_list_error(problems, problem_loc_text(loc, filename, 0, 0), "CODES_TOO_BIG",
				   "the code table is %zu bytes; the limit is %d bytes", len,
				   CODES_TEXT_MAX);
		return ERR_TOO_BIG;
	}
	c = xcalloc(1, sizeof(*c));
	arena_init(&c->arena);
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		struct line_ctx lc = { .file = filename, .pl = problems };
		struct code_row row = { 0 };

		lc.text = text + pos;
		lc.len = end - pos;
		lc.lineno = ++lineno;
		pos = nl ? end + 1 : len;
		if (lc.len && lc.text[lc.len - 1] == '\r')
			lc.len--;
		if (!utf8_valid_text(lc.text, lc.len)) {
			line_problem(
				&lc, 0, "CODES_TEXT",
				"this line is not UTF-8 text (or holds control characters); save "
				"the table as UTF-8 tab-separated text");
			continue;
		}
		if (line_blank(lc.text, lc.len) || lc.text[0] == '#')
			continue;
		split_fields(&lc);
		if (!have_header) {
			have_header = true;
			check_header(&lc);
			continue;
		}
		parse_row(&lc, &c->arena, &row);
		if (lc.errors)
			continue;
		for (size_t i = 0; i < c->count; i++) {
			const struct code_row *r = &c->rows[i];
			if (strcmp(r->collection, row.collection) == 0 &&
			    strcmp(r->component, row.component) == 0 &&
			    strcmp(r->result_qualifier, row.result_qualifier) == 0) {
				line_problem(&lc, 0, "CODES_DUPLICATE",
					     "duplicate row: %s %s %s is already on line %d",
					     row.collection, row.component, row.result_qualifier,
					     r->line);
				break;
			}
		}
		if (lc.errors)
			continue;
		if (c->count == CODES_ROWS_MAX) {
			line_problem(&lc, 0, "CODES_TOO_BIG",
				     "the code table has more than %d rows", CODES_ROWS_MAX);
			rc = ERR_TOO_BIG;
			goto out;
		}
		if (c->count == c->alloc) {
			c->alloc = c->alloc ? c->alloc * 2 : 64;
			c->rows = xrealloc(c->rows, c->alloc * sizeof(*c->rows));
		}
		c->rows[c->count++] = row;
	}
	if (!have_header)
		problem_list_error(
			problems, problem_loc_text(loc, filename, 0, 0), "CODES_HEADER",
			"the code table has no header line; the first line that is not a "
			"# comment must name the columns: " COLUMN_LIST);
	if (problem_list_count_errors(problems) != errors_before)
		rc = ERR_INVALID;
out:
	if (rc == ERR_OK) {
		*out = c;
		c = NULL;
	}
	codes_free(c);
	return rc;
}

void codes_free(struct codes *c)
{
	if (!c)
		return;
	arena_release(&c->arena);
	free(c->rows);
	free(c);
}

void codes_meanings_add(struct codes *c, const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *t1, *t2;
		char *coll, *code, *meaning;

		t1 = memchr(p, '\t', (size_t)(le - p));
		t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(le - t1 - 1)) : NULL;
		if (le > p && le[-1] == '\r')
			le--;
		if (*p != '#' && t2 && t2 < le) {
			coll = arena_strndup(&c->arena, p, (size_t)(t1 - p));
			code = arena_strndup(&c->arena, t1 + 1, (size_t)(t2 - t1 - 1));
			meaning = arena_strndup(&c->arena, t2 + 1, (size_t)(le - t2 - 1));
			for (size_t r = 0; r < c->count; r++) {
				struct code_allowed *items =
					(struct code_allowed *)c->rows[r].allowed;
				if (strcmp(c->rows[r].collection, coll) != 0)
					continue;
				for (size_t i = 0; i < c->rows[r].allowed_count; i++)
					if (items[i].code && strcmp(items[i].code, code) == 0)
						items[i].meaning = meaning;
			}
		}
		p = nl ? nl + 1 : end;
	}
}

size_t codes_count(const struct codes *c)
{
	return c->count;
}

const struct code_row *codes_row(const struct codes *c, size_t i)
{
	return i < c->count ? &c->rows[i] : NULL;
}

const struct code_row *codes_find(const struct codes *c, const char *collection,
				  const char *component)
{
	for (size_t i = 0; i < c->count; i++)
		if (strcmp(c->rows[i].collection, collection) == 0 &&
		    strcmp(c->rows[i].component, component) == 0)
			return &c->rows[i];
	return NULL;
}

const struct code_row *codes_find_qualified(const struct codes *c, const char *collection,
					    const char *component, const char *qualifier)
{
	for (size_t i = 0; i < c->count; i++)
		if (strcmp(c->rows[i].collection, collection) == 0 &&
		    strcmp(c->rows[i].component, component) == 0 &&
		    strcmp(c->rows[i].result_qualifier, qualifier) == 0)
			return &c->rows[i];
	return NULL;
}

const struct code_row *codes_rows_for(const struct codes *c, const char *collection,
				      const struct code_row *prev)
{
	size_t i = prev ? (size_t)(prev - c->rows) + 1 : 0;

	for (; i < c->count; i++)
		if (strcmp(c->rows[i].collection, collection) == 0)
			return &c->rows[i];
	return NULL;
}

bool code_row_allows(const struct code_row *row, const char *result)
{
	long v;
	bool number;

	if (!result)
		return false;
	number = parse_whole(result, strlen(result), &v);
	for (size_t i = 0; i < row->allowed_count; i++) {
		const struct code_allowed *it = &row->allowed[i];
		if (it->code ? strcmp(it->code, result) == 0 :
			       (number && v >= it->lo && v <= it->hi))
			return true;
	}
	return false;
}

const char *code_row_suggest(const struct code_row *row, const char *result)
{
	for (size_t i = 0; result && i < row->allowed_count; i++)
		if (row->allowed[i].code && strcasecmp(row->allowed[i].code, result) == 0)
			return row->allowed[i].code;
	return NULL;
}

bool code_row_out_of_range(const struct code_row *row, const char *result, long *lo, long *hi)
{
	const struct code_allowed *first = NULL;
	long v;

	if (!result || !parse_whole(result, strlen(result), &v))
		return false;
	for (size_t i = 0; i < row->allowed_count; i++) {
		const struct code_allowed *it = &row->allowed[i];
		if (it->code)
			continue;
		if (v >= it->lo && v <= it->hi)
			return false;
		if (!first)
			first = it;
	}
	if (!first)
		return false;
	if (lo)
		*lo = first->lo;
	if (hi)
		*hi = first->hi;
	return true;
}

char *code_row_allowed_list(const struct code_row *row, char *buf, size_t size)
{
	size_t used = 0;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < row->allowed_count; i++) {
		const struct code_allowed *it = &row->allowed[i];
		const char *sep = i == 0 ? "" : (i + 1 == row->allowed_count ? " or " : ", ");
		int n;

		if (it->code)
			n = snprintf(buf + used, size - used, "%s%s", sep, it->code);
		else
			n = snprintf(buf + used, size - used, "%s%ld-%ld", sep, it->lo, it->hi);
		if (n < 0 || (size_t)n >= size - used) {
			buf[used] = '\0'; /* keep whole items only */
			break;
		}
		used += (size_t)n;
	}
	return buf;
}
