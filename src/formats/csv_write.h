/*
 * csv_write: RFC 4180 CSV out of a sheet (sheet.h). Safe to open in a
 * spreadsheet: a cell that starts with = + - @ (or a tab or carriage return)
 * would be read as a formula, so it is written with a leading apostrophe.
 */
#ifndef PT_FORMATS_CSV_WRITE_H
#define PT_FORMATS_CSV_WRITE_H

#include <stdbool.h>

#include "base/strbuf.h"
#include "formats/sheet.h"

/* Appends one field (quoted when it holds a comma, quote or line break). */
void csv_field(struct strbuf *out, const char *text);
/* Appends the whole sheet, CRLF line ends. False when out reached its cap. Cells
 * marked number are written as they are (a leading '-' is then a sign). */
bool csv_write_sheet(struct strbuf *out, const struct sheet *s);

#endif
