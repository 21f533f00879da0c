/*
 * xlsx_write: an XLSX workbook of one sheet (sheet.h) through libxlsxwriter, with
 * the cells' fills and bold headings. Text is always written as text (never a
 * formula); cells marked number as numbers. libxlsxwriter writes to a file: a
 * temporary file in tmpdir is written, read back and removed.
 */
#ifndef PT_FORMATS_XLSX_WRITE_H
#define PT_FORMATS_XLSX_WRITE_H

#include <stddef.h>

#include "base/err.h"
#include "formats/sheet.h"

enum { XLSX_MAX_BYTES = 32 * 1024 * 1024 };

/* The workbook's bytes in *out (caller frees), *len bytes. tmpdir NULL = $TMPDIR
 * or /tmp. ERR_IO (with eb) when the file cannot be written or read. */
enum err xlsx_write_sheet(const struct sheet *s, const char *tmpdir, char **out, size_t *len,
			  struct errbuf *eb);

/* issue 7b: a check Excel makes as a cell of a column block is typed in: a
 * drop-down of codes, or whole numbers in a range. Blank is always allowed. */
struct xlsx_validation {
	size_t col;		    /* 0-based column */
	size_t first_row, last_row; /* 0-based rows, inclusive */
	const char *const *list;    /* NULL-terminated codes of the drop-down, or NULL */
	long min, max;		    /* whole numbers min..max when list is NULL */
	const char *message;	    /* shown for a wrong value (Excel keeps 255 bytes) */
};
/* xlsx_write_sheet with nv validations (results templates). */
enum err xlsx_write_sheet_validated(const struct sheet *s, const struct xlsx_validation *v,
				    size_t nv, const char *tmpdir, char **out, size_t *len,
				    struct errbuf *eb);

#endif
