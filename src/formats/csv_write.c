/*
 * csv_write: see csv_write.h.
 */
#include "formats/csv_write.h"

#include <string.h>

#include "base/xalloc.h"

struct sheet_cell *sheet_at(const struct sheet *s, size_t r, size_t c)
{
	if (r >= s->rows || c >= s->cols)
		BUG("sheet cell outside the grid");
	return &s->cells[r * s->cols + c];
}

static void field(struct strbuf *out, const char *text, bool number)
{
	bool quote;

	if (!text)
		text = "";
	quote = strpbrk(text, ",\"\r\n") != NULL;
	if (quote)
		strbuf_addc(out, '"');
	if (!number && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
			text[0] == '\t' || text[0] == '\r'))
		strbuf_addc(out, '\'');
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			strbuf_addc(out, '"');
		strbuf_addc(out, *p);
	}
	if (quote)
		strbuf_addc(out, '"');
}

void csv_field(struct strbuf *out, const char *text)
{
	field(out, text, false);
}

bool csv_write_sheet(struct strbuf *out, const struct sheet *s)
{
	for (size_t r = 0; r < s->rows; r++) {
		for (size_t c = 0; c < s->cols; c++) {
			const struct sheet_cell *cell = sheet_at(s, r, c);
			if (c)
				strbuf_addc(out, ',');
			field(out, cell->text, cell->number);
		}
		strbuf_adds(out, "\r\n");
	}
	return !out->over;
}
