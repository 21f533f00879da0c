/*
 * xlsx_read: a small, defensive XLSX reader (libzip from memory + libxml2) for
 * uploaded spreadsheets: sheet names and every cell's reference and text value.
 * No DTDs, no entities, no network; byte caps on the input, on each part, on the
 * total uncompressed size and on the number of zip entries (a zip bomb is refused
 * as soon as it produces more than its cap). Sheets and shared strings are
 * streamed (xmlTextReader), so memory stays near the unpacked size. Formulas are not evaluated: a
 * formula cell gives its cached value.
 */
#ifndef PT_FORMATS_XLSX_READ_H
#define PT_FORMATS_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"
#include "base/err.h"

enum {
	XLSX_READ_MAX_BYTES = 32 * 1024 * 1024, /* the .xlsx file itself */
	XLSX_PART_MAX = 16 * 1024 * 1024,	/* a sheet or the shared strings, unpacked */
	XLSX_META_MAX = 1024 * 1024,		/* any other part (workbook, styles), unpacked */
	XLSX_TOTAL_MAX = 64 * 1024 * 1024,	/* all parts read, unpacked */
	XLSX_ENTRIES_MAX = 1000,		/* entries in the zip */
	XLSX_SHEETS_MAX = 255,			/* worksheets */
	XLSX_CELLS_MAX = 2 * 1000 * 1000,	/* cells over all sheets */
	XLSX_STRINGS_MAX = 2 * 1000 * 1000,	/* shared strings */
	XLSX_TEXT_MAX = 32767 * 4,		/* bytes of one cell's text (Excel: 32767 chars) */
	XLSX_COL_MAX = 16384,			/* columns A..XFD */
	XLSX_ROW_MAX = 1048576			/* rows */
};

enum xlsx_type {
	XLSX_STRING, /* shared, inline or formula string: text as written */
	XLSX_NUMBER, /* text is the number as stored ("100.5", "2", "1E-3") */
	XLSX_BOOL,   /* text is "TRUE" or "FALSE" */
	XLSX_ERROR,  /* text is the error as Excel shows it ("#N/A") */
	XLSX_TYPE__MAX
};

struct xlsx_cell {
	unsigned col;	     /* from 0 (A = 0), below XLSX_COL_MAX */
	unsigned long row;   /* from 1, at most XLSX_ROW_MAX */
	enum xlsx_type type; /* what the cell holds */
	char *text;	     /* owned, NUL-terminated, valid UTF-8; never NULL */
	bool date_style;     /* a number formatted as a date (built-in formats 14-22,
			       45-47, or a custom format with d, m or y outside quotes);
			       text is then an Excel serial: see xlsx_serial_to_date */
};

struct xlsx_sheet {
	char *name;		 /* owned: the tab's name */
	struct xlsx_cell *cells; /* owned, sorted by row then column, no two alike */
	size_t ncells;		 /* cells used; empty cells (no value) are left out */
};

struct xlsx_book {
	struct xlsx_sheet *sheets; /* owned, in workbook order */
	size_t nsheets;		   /* sheets used */
};

/* Reads the workbook in data[len]. On success *out is a new book (free with
 * xlsx_book_free); on failure *out is NULL (never a partial book) and eb says what
 * is wrong in words for school staff. Errors: ERR_TOO_BIG (the file, a part, the
 * total unpacked size or the number of entries over its cap; a zip bomb),
 * ERR_INVALID (not a zip, truncated, a required part missing, XML that is not
 * well-formed or carries a DOCTYPE, a bad or repeated cell reference, rows out
 * of order, a shared-string index past the table). */
enum err xlsx_read(const void *data, size_t len, struct xlsx_book **out, struct errbuf *eb);
void xlsx_book_free(struct xlsx_book *b);

/* The sheet named name (exact), or NULL. */
const struct xlsx_sheet *xlsx_book_sheet(const struct xlsx_book *b, const char *name);
/* The cell at (col from 0, row from 1), or NULL when the sheet has none there. */
const struct xlsx_cell *xlsx_sheet_cell(const struct xlsx_sheet *s, unsigned col,
					unsigned long row);

/* Parses an A1 reference ("B4", "XFD1048576"; no '$', no sheet) into col (from 0)
 * and row (from 1); false when it is not one within the sheet limits. */
bool xlsx_ref_parse(const char *ref, unsigned *col, unsigned long *row);

/* An Excel serial day number (1900 date system) as a date: 1 = 1900-01-01, 60 is
 * Excel's non-existent 1900-02-29 (refused), 61 = 1900-03-01; any fraction (the
 * time of day) is ignored. False for serials below 1, 60, or after 9999-12-31.
 * Workbooks in the 1904 system are not recognised. */
bool xlsx_serial_to_date(double serial, struct date *out);

#endif
