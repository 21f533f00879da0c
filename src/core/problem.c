/*
 * problem: growable, capped list of located problems and the location helpers
 * (see problem.h).
 */
#include "core/problem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/xalloc.h"

static const char *const severity_names[] = {
	[SEV_ERROR] = "error",
	[SEV_QUERY] = "query",
};
_Static_assert(ARRAY_SIZE(severity_names) == SEV__MAX, "severity_names covers enum severity");

void problem_list_init(struct problem_list *pl)
{
	memset(pl, 0, sizeof(*pl));
	pl->max = PROBLEM_LIST_MAX;
}

void problem_list_release(struct problem_list *pl)
{
	size_t max = pl->max;

	free(pl->items);
	memset(pl, 0, sizeof(*pl));
	pl->max = max;
}

/* Copies s into dst[size] without overflowing; NULL copies as "". */
static void copy_field(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%s", s ? s : "");
}

/* Makes s one line of valid UTF-8, whatever the data quoted in it held: control
 * characters become spaces (a newline in a pupil's name cannot start a fake
 * "error:" line) and bytes that are not UTF-8 (also a character cut by
 * truncation) become '?', so HTML and JSON writers always get clean text. */
static void sanitise(char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;

		if (c < 0x20 || c == 0x7f) {
			s[i++] = ' ';
		} else if (c < 0x80) {
			i++;
		} else if (len <= n - i && utf8_valid_text(s + i, len)) {
			i += len;
		} else {
			s[i++] = '?';
		}
	}
}

static bool problem_list_addv(struct problem_list *pl, enum severity sev, const char *location,
			      const char *code, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));

static bool problem_list_addv(struct problem_list *pl, enum severity sev, const char *location,
			      const char *code, const char *fmt, va_list ap)
{
	struct problem *p;

	if ((unsigned)sev >= SEV__MAX)
		BUG("problem_list_add: bad severity");
	if (sev == SEV_ERROR)
		pl->errors++;
	else
		pl->queries++;
	if (pl->count >= pl->max) {
		pl->capped = true;
		return false;
	}
	if (pl->count == pl->alloc) {
		size_t n = pl->alloc ? pl->alloc * 2 : 16;
		if (n > pl->max)
			n = pl->max;
		pl->items = xrealloc(pl->items, n * sizeof(*pl->items));
		pl->alloc = n;
	}
	p = &pl->items[pl->count++];
	p->severity = sev;
	copy_field(p->location, sizeof(p->location), location);
	copy_field(p->code, sizeof(p->code), code);
	vsnprintf(p->message, sizeof(p->message), fmt, ap);
	sanitise(p->location);
	sanitise(p->code);
	sanitise(p->message);
	return true;
}

bool problem_list_add(struct problem_list *pl, enum severity sev, const char *location,
		      const char *code, const char *fmt, ...)
{
	va_list ap;
	bool kept;

	va_start(ap, fmt);
	kept = problem_list_addv(pl, sev, location, code, fmt, ap);
	va_end(ap);
	return kept;
}

bool problem_list_error(struct problem_list *pl, const char *location, const char *code,
			const char *fmt, ...)
{
	va_list ap;
	bool kept;

	va_start(ap, fmt);
	kept = problem_list_addv(pl, SEV_ERROR, location, code, fmt, ap);
	va_end(ap);
	return kept;
}

bool problem_list_query(struct problem_list *pl, const char *location, const char *code,
			const char *fmt, ...)
{
	va_list ap;
	bool kept;

	va_start(ap, fmt);
	kept = problem_list_addv(pl, SEV_QUERY, location, code, fmt, ap);
	va_end(ap);
	return kept;
}

size_t problem_list_count_errors(const struct problem_list *pl)
{
	return pl->errors;
}

size_t problem_list_count_queries(const struct problem_list *pl)
{
	return pl->queries;
}

const struct problem *problem_list_find(const struct problem_list *pl, const char *code)
{
	for (size_t i = 0; i < pl->count; i++)
		if (strcmp(pl->items[i].code, code) == 0)
			return &pl->items[i];
	return NULL;
}

const char *problem_severity_name(enum severity sev)
{
	return (unsigned)sev < SEV__MAX ? severity_names[sev] : "error";
}

char *problem_format_line(const struct problem *p, char buf[static PROBLEM_LINE_MAX])
{
	if (p->location[0])
		snprintf(buf, PROBLEM_LINE_MAX, "%s: %s: %s", p->location,
			 problem_severity_name(p->severity), p->message);
	else
		snprintf(buf, PROBLEM_LINE_MAX, "%s: %s", problem_severity_name(p->severity),
			 p->message);
	return buf;
}

/* A path too long for a location keeps its end, the file name the user
 * recognises: ".../results_sheet.N5oGCb/ks2.xlsx", never "/check/work/ma". */
static const char *path_tail(const char *file, size_t max, const char **ellipsis)
{
	size_t n = strlen(file);

	*ellipsis = "";
	if (n <= max)
		return file;
	*ellipsis = "...";
	return file + n - (max - 3);
}

char *problem_loc_text(char buf[static PROBLEM_LOC_MAX], const char *file, long line, long col)
{
	const char *dots;
	const char *f = path_tail(file ? file : "", 100, &dots);
	const char *colon = *f ? ":" : "";

	if (line <= 0)
		snprintf(buf, PROBLEM_LOC_MAX, "%s%.100s", dots, f);
	else if (col <= 0)
		snprintf(buf, PROBLEM_LOC_MAX, "%s%.100s%s%ld", dots, f, colon, line);
	else
		snprintf(buf, PROBLEM_LOC_MAX, "%s%.100s%s%ld:%ld", dots, f, colon, line, col);
	return buf;
}

char *problem_col_letters(unsigned col_index, char buf[static 8])
{
	char tmp[8];
	int n = 0;
	unsigned long v = (unsigned long)col_index + 1; /* bijective base 26: A=1 .. Z=26 */

	while (v > 0 && n < 7) {
		unsigned long rem = (v - 1) % 26;
		tmp[n++] = (char)('A' + rem);
		v = (v - 1) / 26;
	}
	for (int i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return buf;
}

/* True when Excel would write the sheet name without quotes. */
static bool sheet_plain(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		char c = *s;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.'))
			return false;
	}
	return true;
}

char *problem_loc_cell(char buf[static PROBLEM_LOC_MAX], const char *file, const char *sheet,
		       unsigned col_index, unsigned long row)
{
	char col[8];
	char quoted[PROBLEM_LOC_MAX];
	const char *sh = "";
	size_t n = 0;

	problem_col_letters(col_index, col);
	if (sheet && *sheet) {
		if (sheet_plain(sheet)) {
			snprintf(quoted, sizeof(quoted), "%s!", sheet);
		} else {
			/* 'It''s'! : quotes doubled inside, as Excel writes references. */
			quoted[n++] = '\'';
			for (const char *s = sheet; *s && n + 4 < sizeof(quoted); s++) {
				if (*s == '\'')
					quoted[n++] = '\'';
				quoted[n++] = *s;
			}
			quoted[n++] = '\'';
			quoted[n++] = '!';
			quoted[n] = '\0';
		}
		sh = quoted;
	}
	/* Excel sheet names have at most 31 characters (67 bytes quoted); the
	 * precisions keep every part within PROBLEM_LOC_MAX. */
	if (file && *file) {
		const char *dots;
		const char *f = path_tail(file, 60, &dots);

		snprintf(buf, PROBLEM_LOC_MAX, "%s%.60s:%.67s%.7s%lu", dots, f, sh, col, row);
	} else {
		snprintf(buf, PROBLEM_LOC_MAX, "%.67s%.7s%lu", sh, col, row);
	}
	return buf;
}
