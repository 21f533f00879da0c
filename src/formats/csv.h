/*
 * csv: an RFC 4180 reader for files people save from spreadsheets. Fields may be
 * quoted ("a, b"), with doubled quotes inside ("say ""hi"""); records end in CRLF
 * or LF (a quoted field may span lines); a UTF-8 byte order mark is skipped. The
 * whole text must be UTF-8: a file saved as Windows-1252 ("ANSI") is refused with
 * its first bad byte located. Every field keeps the LINE:COL where it starts, so
 * later checks can say exactly where a problem is.
 */
#ifndef PT_FORMATS_CSV_H
#define PT_FORMATS_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "core/problem.h"

enum {
	CSV_MAX_BYTES = 3 * 1024 * 1024, /* default cap on a file */
	CSV_MAX_FIELDS = 256,		 /* fields in one record at most */
};

struct csv_field {
	const char *text; /* unquoted, NUL-terminated UTF-8 (owned by the struct csv) */
	size_t len;	  /* bytes in text */
	long line;	  /* 1-based line where the field starts */
	long col;	  /* 1-based column (characters, BOM not counted) */
	bool quoted;	  /* the field was written in quotes */
};

struct csv_row {
	struct csv_field *fields; /* n fields */
	size_t n;		  /* at least 1 */
	long line;		  /* line where the record starts */
	bool bad;		  /* the reader found a problem in it (quotes, too many fields) */
};

struct csv {
	char *file;	       /* the name used in locations */
	char *text;	       /* storage of every field's text */
	struct csv_row *rows;  /* nrows records, blank lines left out */
	size_t nrows;	       /* count of rows */
	struct csv_field *all; /* storage of every row's fields */
};

/* Parses len bytes of data (not NUL-terminated necessarily). file names the
 * input in problem locations ("pupils.csv:5:3: error: ..."). max_bytes caps the
 * input (0 = CSV_MAX_BYTES). Problems go to problems; returns ERR_OK when there
 * are none, ERR_TOO_BIG over the cap, ERR_INVALID otherwise. A file over the cap
 * or not UTF-8 gives an empty *out; a problem inside records (a stray quote, too
 * many fields) still gives every record, each such one marked bad, so a caller
 * can check the others too. Free with csv_free either way. */
enum err csv_parse(const char *file, const char *data, size_t len, size_t max_bytes,
		   struct csv *out, struct problem_list *problems);
void csv_free(struct csv *c);

/* "FILE:LINE:COL" of a field into buf. */
char *csv_field_loc(const struct csv *c, const struct csv_field *f,
		    char buf[static PROBLEM_LOC_MAX]);

#endif
