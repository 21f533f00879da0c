/*
 * codes: the CTF code table (which Stage/Subject/Method/Component/ResultQualifier a
 * return uses and which results each allows), parsed from the text of a file like
 * data/ctf-codes-2025.tsv. Data, not constants: an LA replaces the file each year.
 * The caller reads the file; this module only sees the bytes.
 */
#ifndef PT_CORE_CODES_H
#define PT_CORE_CODES_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "core/problem.h"

enum {
	CODES_TEXT_MAX = 1024 * 1024, /* bytes: a larger code table is refused */
	CODES_ROWS_MAX = 10000,	      /* rows */
	CODES_FIELD_MAX = 200,	      /* bytes in one field (labels are the longest) */
	CODES_ALLOWED_MAX = 100	      /* items in one allowed_results list */
};

/* One allowed item: an integer range or a code. */
struct code_allowed {
	const char *code;    /* "A", "Wa", "PK1"; NULL for a range */
	long lo, hi;	     /* inclusive range when code is NULL ("0-40" -> 0, 40) */
	const char *meaning; /* what the code means (codes_meanings_add), or NULL */
};

struct code_row {
	const char *collection;		    /* "eyfsp", "phonics", "ks1", "ks2", "mtc" */
	const char *stage;		    /* CTF Stage: "FSP", "KS1", "KS2" */
	const char *subject;		    /* CTF Subject: "COM", "ENG", "MAT" */
	const char *method;		    /* CTF Method: "TA", "TT" */
	const char *component;		    /* CTF Component: "E01", "PSC", "WR" */
	const char *result_qualifier;	    /* CTF ResultQualifier: "EL", "PM" */
	const char *allowed_text;	    /* allowed_results as written: "0-40,A,D,L,Q" */
	const char *label;		    /* what a person reads: "KS1 science" */
	bool confirmed;			    /* seen in a DfE-written source */
	int line;			    /* line in the source text, for messages */
	const struct code_allowed *allowed; /* parsed allowed_results */
	size_t allowed_count;		    /* items in allowed */
};

struct codes;

/* Parses a code table: lines starting with '#' and blank lines are skipped; the
 * first other line is the header
 *   collection stage subject method component result_qualifier allowed_results label confirmed
 * and every further line a row of exactly these 9 tab-separated columns. CRLF
 * line ends and a UTF-8 byte-order mark are accepted. allowed_results is a comma
 * list of codes (letters and digits, case-sensitive as CTF codes are: "Wa" is not
 * "WA") and whole-number ranges "N-M" (N <= M, digits only, no sign, no leading
 * zeros). confirmed is "yes" or "no". A row with the same collection, component
 * and result_qualifier as an earlier one is a duplicate.
 * Every problem goes to problems located "FILE:LINE:COL" (filename as given, may
 * be NULL). On success *out is a new table (free with codes_free) and ERR_OK is
 * returned; otherwise *out is NULL and ERR_INVALID (problems found) or ERR_TOO_BIG
 * (over CODES_TEXT_MAX / CODES_ROWS_MAX) is returned. */
enum err codes_parse(const char *text, size_t len, const char *filename, struct codes **out,
		     struct problem_list *problems);
void codes_free(struct codes *c);

/* Gives the codes of c their meanings from the text of a file like
 * data/statutory-result-codes.tsv: lines "collection TAB code TAB meaning" ('#'
 * lines and lines without two tabs are skipped; CRLF accepted). A code matches
 * exactly, in the rows of its collection; the last meaning of a code wins. */
void codes_meanings_add(struct codes *c, const char *text, size_t len);

/* Rows in file order. */
size_t codes_count(const struct codes *c);
const struct code_row *codes_row(const struct codes *c, size_t i);
/* The first row of collection with this component (for phonics "PSC", the mark
 * row PM comes first), or NULL. */
const struct code_row *codes_find(const struct codes *c, const char *collection,
				  const char *component);
/* The row with this collection, component and result qualifier, or NULL. */
const struct code_row *codes_find_qualified(const struct codes *c, const char *collection,
					    const char *component, const char *qualifier);
/* Iterates over the rows of one collection in file order: pass prev = NULL for
 * the first; returns NULL after the last.
 *   for (r = codes_rows_for(c, "ks2", NULL); r; r = codes_rows_for(c, "ks2", r)) */
const struct code_row *codes_rows_for(const struct codes *c, const char *collection,
				      const struct code_row *prev);

/* True when result is allowed by row: a listed code (exact, case-sensitive) or
 * a whole number written canonically ("0", "32"; not "032", "+3", " 3", "3.0")
 * inside one of the ranges. */
bool code_row_allows(const struct code_row *row, const char *result);
/* A listed code equal to result but for case ("WA" -> "Wa"), or NULL: for a
 * "did you mean" in messages. */
const char *code_row_suggest(const struct code_row *row, const char *result);
/* True when the row has a range and result is a canonical whole number outside
 * every range; *lo and *hi (may be NULL) receive the first range. */
bool code_row_out_of_range(const struct code_row *row, const char *result, long *lo, long *hi);
/* The allowed results for a message: "0-40, A, D, L or Q". Returns buf. */
char *code_row_allowed_list(const struct code_row *row, char *buf, size_t size);

#endif
