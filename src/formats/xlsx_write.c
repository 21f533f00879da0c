/*
 * xlsx_write: see xlsx_write.h.
 */
#include "formats/xlsx_write.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/strbuf.h"
#include "base/xalloc.h"

enum { FORMATS_MAX = 16 };

/* libxlsxwriter formats are per workbook: one per (fill, bold) pair in use. */
struct format_cache {
	uint32_t fill[FORMATS_MAX];
	bool bold[FORMATS_MAX];
	lxw_format *fmt[FORMATS_MAX];
	int n;
};

static lxw_format *format_for(lxw_workbook *wb, struct format_cache *fc,
			      const struct sheet_cell *cell)
{
	if (!cell->fill && !cell->bold)
		return NULL;
	for (int i = 0; i < fc->n; i++)
		if (fc->fill[i] == cell->fill && fc->bold[i] == cell->bold)
			return fc->fmt[i];
	if (fc->n == FORMATS_MAX)
		return NULL;
	lxw_format *f = workbook_add_format(wb);
	if (cell->fill) {
		format_set_bg_color(f, cell->fill);
		format_set_pattern(f, LXW_PATTERN_SOLID);
	}
	if (cell->bold)
		format_set_bold(f);
	fc->fill[fc->n] = cell->fill;
	fc->bold[fc->n] = cell->bold;
	fc->fmt[fc->n] = f;
	return fc->fmt[fc->n++];
}

/* issue 7b: the validations of a results template. */
static void add_validations(lxw_worksheet *ws, const struct xlsx_validation *v, size_t nv)
{
	for (size_t i = 0; i < nv; i++) {
		lxw_data_validation dv;

		memset(&dv, 0, sizeof(dv));
		if (v[i].list) {
			dv.validate = LXW_VALIDATION_TYPE_LIST;
			dv.value_list = (char **)v[i].list;
		} else {
			dv.validate = LXW_VALIDATION_TYPE_INTEGER;
			dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
			dv.minimum_number = (double)v[i].min;
			dv.maximum_number = (double)v[i].max;
		}
		dv.ignore_blank = LXW_VALIDATION_ON;
		if (v[i].message) {
			dv.error_title = (char *)"Not allowed here";
			dv.error_message = (char *)v[i].message;
		}
		worksheet_data_validation_range(ws, (lxw_row_t)v[i].first_row, (lxw_col_t)v[i].col,
						(lxw_row_t)v[i].last_row, (lxw_col_t)v[i].col, &dv);
	}
}

/* A cell's comment as libxlsxwriter writes it: control characters other than
 * tab and line break are not allowed in XML 1.0, so they become spaces. Caller
 * frees. */
static char *comment_text(const char *text)
{
	char *out = xstrdup(text);

	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t')
			*p = ' ';
	return out;
}

static enum err write_file(const struct sheet *s, const struct xlsx_validation *v, size_t nv,
			   const char *path, struct errbuf *eb)
{
	struct format_cache fc = { .n = 0 };
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws;
	lxw_error rc;

	if (!wb)
		return errbuf_set(eb, ERR_IO, "the spreadsheet could not be created");
	ws = workbook_add_worksheet(wb, s->name && *s->name ? s->name : "Sheet1");
	if (!ws) {
		workbook_close(wb);
		return errbuf_set(eb, ERR_IO, "the worksheet could not be created");
	}
	for (size_t r = 0; r < s->rows; r++) {
		for (size_t c = 0; c < s->cols; c++) {
			const struct sheet_cell *cell = sheet_at(s, r, c);
			lxw_format *f = format_for(wb, &fc, cell);
			const char *text = cell->text ? cell->text : "";
			if (cell->number && *text)
				worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c,
						       strtod(text, NULL), f);
			else if (*text)
				worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, text, f);
			else if (f)
				worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c, f);
			if (cell->comment && *cell->comment) {
				char *note = comment_text(cell->comment);
				worksheet_write_comment(ws, (lxw_row_t)r, (lxw_col_t)c, note);
				free(note);
			}
		}
	}
	if (s->header_rows)
		worksheet_freeze_panes(ws, (lxw_row_t)s->header_rows, 1);
	add_validations(ws, v, nv);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	rc = workbook_close(wb);
	if (rc != LXW_NO_ERROR)
		return errbuf_set(eb, ERR_IO, "the spreadsheet could not be written: %s",
				  lxw_strerror(rc));
	return ERR_OK;
}

enum err xlsx_write_sheet(const struct sheet *s, const char *tmpdir, char **out, size_t *len,
			  struct errbuf *eb)
{
	return xlsx_write_sheet_validated(s, NULL, 0, tmpdir, out, len, eb);
}

enum err xlsx_write_sheet_validated(const struct sheet *s, const struct xlsx_validation *v,
				    size_t nv, const char *tmpdir, char **out, size_t *len,
				    struct errbuf *eb)
{
	const char *dir = tmpdir;
	struct strbuf path = STRBUF_INIT, data;
	char chunk[8192];
	enum err e;
	FILE *f = NULL;
	size_t n;
	int fd;

	*out = NULL;
	*len = 0;
	if (!dir)
		dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	strbuf_addf(&path, "%s/pupiltrack-xlsx-XXXXXX", dir);
	fd = mkstemp(path.buf);
	if (fd < 0) {
		e = errbuf_set(eb, ERR_IO, "no temporary file for the spreadsheet: %s",
			       strerror(errno));
		strbuf_release(&path);
		return e;
	}
	close(fd);
	strbuf_init(&data, XLSX_MAX_BYTES);
	e = write_file(s, v, nv, path.buf, eb);
	if (e)
		goto out;
	f = fopen(path.buf, "rb");
	if (!f) {
		e = errbuf_set(eb, ERR_IO, "the spreadsheet could not be read back: %s",
			       strerror(errno));
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (!strbuf_add(&data, chunk, n)) {
			e = errbuf_set(eb, ERR_TOO_BIG, "the spreadsheet is too big");
			goto out;
		}
	}
	*out = strbuf_detach(&data, len);
out:
	if (f)
		fclose(f);
	unlink(path.buf);
	strbuf_release(&path);
	strbuf_release(&data);
	return e;
}
