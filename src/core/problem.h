/*
 * problem: the list of located problems every validator returns. Imports do not
 * stop at the first error; they collect problems here and change nothing unless
 * the list holds no errors. Printed as "LOCATION: error: MESSAGE", one per line.
 */
#ifndef PT_CORE_PROBLEM_H
#define PT_CORE_PROBLEM_H

#include <stdbool.h>
#include <stddef.h>

enum severity {
	SEV_ERROR, /* the data is wrong and is not saved */
	SEV_QUERY, /* worth a look (out-of-cohort pupil, odd name) but saved */
	SEV__MAX
};

enum {
	PROBLEM_LOC_MAX =
		160, /* bytes with NUL: "FILE:LINE:COL", "FILE:Sheet!H4", "pupil UPN / field" */
	PROBLEM_CODE_MAX = 16, /* bytes with NUL: a short stable id such as "UPN_CHECK" */
	PROBLEM_MSG_MAX = 400, /* bytes with NUL: one sentence a teacher can act on */
	PROBLEM_LINE_MAX = PROBLEM_LOC_MAX + PROBLEM_MSG_MAX + 16, /* problem_format_line() */
	PROBLEM_LIST_MAX = 10000 /* default cap on problems kept in one list */
};

struct problem {
	char location[PROBLEM_LOC_MAX]; /* where: may be "" when the problem has no place */
	enum severity severity;		/* error or query */
	char code[PROBLEM_CODE_MAX];	/* stable id for tests and the API, e.g. "DOB_FUTURE" */
	char message[PROBLEM_MSG_MAX];	/* what is wrong and what to do; truncated if longer */
};

struct problem_list {
	struct problem *items; /* the problems kept, in the order added */
	size_t count;	       /* problems kept in items */
	size_t alloc;	       /* slots allocated in items */
	size_t max;	       /* cap on count; problem_list_init sets PROBLEM_LIST_MAX */
	size_t errors;	       /* errors added, including any dropped over the cap */
	size_t queries;	       /* queries added, including any dropped over the cap */
	bool capped;	       /* a problem was dropped because count reached max */
};

/* An empty list with the default cap; the caller may lower pl->max afterwards. */
void problem_list_init(struct problem_list *pl);
/* Frees the problems; pl is empty (same cap) and reusable afterwards. */
void problem_list_release(struct problem_list *pl);
/* Adds one problem; location and code may be NULL (stored as ""). Texts longer
 * than the fields are truncated, and every text is made one line of valid UTF-8
 * (control characters become spaces, other bad bytes '?'), so quoted data cannot
 * break the output. Returns false when the list is full: the problem is then
 * only counted, and pl->capped is set. */
bool problem_list_add(struct problem_list *pl, enum severity sev, const char *location,
		      const char *code, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Shorthands for problem_list_add with SEV_ERROR and SEV_QUERY. */
bool problem_list_error(struct problem_list *pl, const char *location, const char *code,
			const char *fmt, ...) __attribute__((format(printf, 4, 5)));
bool problem_list_query(struct problem_list *pl, const char *location, const char *code,
			const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Errors and queries added so far, counting those dropped over the cap. */
size_t problem_list_count_errors(const struct problem_list *pl);
size_t problem_list_count_queries(const struct problem_list *pl);
/* The first kept problem with this code, or NULL. */
const struct problem *problem_list_find(const struct problem_list *pl, const char *code);

/* "error" or "query". */
const char *problem_severity_name(enum severity sev);
/* Writes "LOCATION: error: MESSAGE" (or "... query: ..."); without a location,
 * "error: MESSAGE". Returns buf. */
char *problem_format_line(const struct problem *p, char buf[static PROBLEM_LINE_MAX]);

/* Location in a text file: "FILE:LINE:COL"; col 0 gives "FILE:LINE", line 0 gives
 * "FILE"; without a file, "LINE:COL". Lines and columns count from 1. The file
 * name is cut at 100 bytes. Returns buf. */
char *problem_loc_text(char buf[static PROBLEM_LOC_MAX], const char *file, long line, long col);
/* Location of a spreadsheet cell: "FILE:Sheet!H4". col_index counts from 0
 * (0 = A, 25 = Z, 26 = AA), row from 1 as Excel shows it. A sheet name with
 * anything but letters, digits, '_' and '.' is quoted as Excel does
 * ('My sheet'!A1). file or sheet may be NULL or "" to leave that part out.
 * Returns buf. */
char *problem_loc_cell(char buf[static PROBLEM_LOC_MAX], const char *file, const char *sheet,
		       unsigned col_index, unsigned long row);
/* Spreadsheet column letters for a 0-based column index: 0 -> "A", 27 -> "AB".
 * Returns buf. */
char *problem_col_letters(unsigned col_index, char buf[static 8]);

#endif
