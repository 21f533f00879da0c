/*
 * sheet: a table of text cells handed to the CSV and XLSX writers (csv_write.h,
 * xlsx_write.h), so one builder in app serves every download. Cells are borrowed:
 * the sheet does not own its text.
 */
#ifndef PT_FORMATS_SHEET_H
#define PT_FORMATS_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sheet_cell {
	const char *text; /* NULL or "" = empty */
	uint32_t fill;	  /* background 0xRRGGBB; 0 = none */
	bool bold;	  /* headings */
	bool number;	  /* text is a decimal number: written as a number in XLSX */
	/* NULL or "" = none; else a note on the cell: a cell comment in XLSX (always
	 * text, never a formula), left out of CSV */
	const char *comment;
};

struct sheet {
	const char *name;	  /* worksheet name (at most 31 characters) */
	size_t rows, cols;	  /* size of the grid */
	struct sheet_cell *cells; /* rows x cols, row-major */
	size_t header_rows;	  /* rows at the top kept in view (XLSX freeze panes) */
};

/* The cell at (r, c); BUG() outside the grid. */
struct sheet_cell *sheet_at(const struct sheet *s, size_t r, size_t c);

#endif
