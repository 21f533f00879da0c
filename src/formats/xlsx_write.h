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

#endif
