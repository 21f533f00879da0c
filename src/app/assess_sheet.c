/*
 * assess_sheet: the grid of one assessment as a sheet (formats/sheet.h) for the
 * CSV and XLSX downloads: the columns of the screen (pupil, UPN, include in
 * data, the 17 areas under their areas of learning, for ELGs the Good Level of
 * Development after the 12 GLD goals and the ELG total), the colours, each
 * cell's note (a comment in XLSX), and the statistics at the foot with the
 * judged-of-pupils row (THE column rule of core/report.h; see assess.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/assess.h"
#include "base/xalloc.h"

static const char *keep(struct assess_sheet *out, const char *text)
{
	if (out->ntexts == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 256;
		out->texts = xrealloc(out->texts, out->cap * sizeof(*out->texts));
	}
	out->texts[out->ntexts] = xstrdup(text);
	return out->texts[out->ntexts++];
}

static const char *keep_int(struct assess_sheet *out, long v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%ld", v);
	return keep(out, buf);
}

/* Column of ELG k in the sheet: after pupil, UPN, include; GLD after E12. */
static size_t col_of(const struct assess_grid *g, int k)
{
	return 3 + (size_t)k + (g->a.kind == SCALE_ELG && k >= ELG_GLD_COUNT ? 1 : 0);
}

static void set(struct assess_sheet *out, size_t r, size_t c, const char *text, bool number)
{
	struct sheet_cell *cell = sheet_at(&out->s, r, c);
	cell->text = text;
	cell->number = number;
}

static void foot_rows(const struct assess_grid *g, struct assess_sheet *out, size_t *r)
{
	const struct scale *sc = scale_get(g->a.kind);
	char buf[32], label[64];

	for (int v = 1; v <= 2; v++) {
		snprintf(label, sizeof(label), "Total number %s", sc->values[v].label);
		set(out, *r, 0, keep(out, label), false);
		snprintf(label, sizeof(label), "%% %s", sc->values[v].label);
		set(out, *r + 1, 0, keep(out, label), false);
		for (int k = 0; k < ELG__MAX; k++) {
			size_t c = col_of(g, k);
			set(out, *r, c, keep_int(out, g->col[k].count[v]), true);
			set(out, *r + 1, c,
			    keep(out, assess_column_percent(&g->col[k], v, buf, sizeof(buf))),
			    true);
		}
		*r += 2;
	}
	/* The denominator of every percentage, as on the screen (core/report.h). */
	set(out, *r, 0, "Judged (of the pupils included in data)", false);
	for (int k = 0; k < ELG__MAX; k++) {
		snprintf(label, sizeof(label), "%d of %d", g->col[k].judged, g->col[k].pupils);
		set(out, *r, col_of(g, k), keep(out, label), false);
	}
	(*r)++;
	if (g->a.kind == SCALE_ELG) {
		set(out, *r, 0, "Average ELG score", false);
		set(out, *r, col_of(g, ELG__MAX - 1) + 1,
		    keep(out, assess_average_total(g, buf, sizeof(buf))), true);
		(*r)++;
	}
	snprintf(label, sizeof(label), "Displaying %zu pupils (%d included in data)", g->nrows,
		 g->included);
	set(out, *r, 0, keep(out, label), false);
	(*r)++;
}

void assess_grid_sheet(const struct assess_grid *g, struct assess_sheet *out)
{
	bool elg = g->a.kind == SCALE_ELG;
	size_t cols = 3 + ELG__MAX + (elg ? 2 : 0) + 1;
	size_t foot = elg ? 7 : 6;
	size_t rows = 2 + g->nrows + foot, r = 2;
	enum area last = AREA__MAX;

	memset(out, 0, sizeof(*out));
	out->s.name = elg ? "Early learning goals" : "Assessment";
	out->s.rows = rows;
	out->s.cols = cols;
	out->s.header_rows = 2;
	out->s.cells = xcalloc(rows * cols, sizeof(*out->s.cells));
	for (size_t c = 0; c < cols; c++) {
		sheet_at(&out->s, 0, c)->bold = true;
		sheet_at(&out->s, 1, c)->bold = true;
		sheet_at(&out->s, 0, c)->fill = ASSESS_FILL_HEAD;
		sheet_at(&out->s, 1, c)->fill = ASSESS_FILL_HEAD;
	}
	set(out, 0, 0, keep(out, g->a.name), false);
	set(out, 1, 0, "Pupil", false);
	set(out, 1, 1, "UPN", false);
	set(out, 1, 2, "Include in data", false);
	for (int k = 0; k < ELG__MAX; k++) {
		const struct elg_info *info = elg_get((enum elg)k);
		if (info->area != last) {
			set(out, 0, col_of(g, k), area_get(info->area)->name, false);
			last = info->area;
		}
		set(out, 1, col_of(g, k), info->name, false);
	}
	if (elg) {
		set(out, 1, col_of(g, ELG_GLD_COUNT - 1) + 1, "Good Level of Development", false);
		set(out, 1, col_of(g, ELG__MAX - 1) + 1, "ELG Total Score", false);
	}
	set(out, 1, cols - 1, "Notes", false);
	for (size_t i = 0; i < g->nrows; i++, r++) {
		const struct assess_row *row = &g->rows[i];
		char name[2 * PERSON_NAME_MAX + 4];
		snprintf(name, sizeof(name), "%s, %s", row->pupil.surname, row->pupil.forenames);
		set(out, r, 0, keep(out, name), false);
		set(out, r, 1, keep(out, row->pupil.upn), false);
		set(out, r, 2, row->pupil.include_in_data ? "Yes" : "No", false);
		for (int k = 0; k < ELG__MAX; k++) {
			const struct judgement_cell *j = &row->cells[k];
			struct sheet_cell *cell = sheet_at(&out->s, r, col_of(g, k));
			cell->text = scale_get(g->a.kind)->values[j->value].label;
			cell->fill = assess_colour_rgb(j->colour);
			if (j->note && *j->note) /* the cell's "i" note: an XLSX comment */
				cell->comment = keep(out, j->note);
		}
		if (elg) {
			struct sheet_cell *gld =
				sheet_at(&out->s, r, col_of(g, ELG_GLD_COUNT - 1) + 1);
			gld->text = gld_label(row->m.gld);
			gld->fill = row->m.gld == GLD_YES ? ASSESS_FILL_YES :
				    row->m.gld == GLD_NO  ? ASSESS_FILL_NO :
							    0;
			if (row->m.total >= 0)
				set(out, r, col_of(g, ELG__MAX - 1) + 1,
				    keep_int(out, row->m.total), true);
		}
		set(out, r, cols - 1, keep(out, row->note.note), false);
	}
	foot_rows(g, out, &r);
}

void assess_grids_sheet(const struct assess_grid *g, const char *const *titles, size_t n,
			struct assess_sheet *out)
{
	struct assess_sheet *parts = xcalloc(n ? n : 1, sizeof(*parts));
	size_t rows = 0, cols = 1, r = 0;

	for (size_t i = 0; i < n; i++) {
		assess_grid_sheet(&g[i], &parts[i]);
		rows += 1 + parts[i].s.rows + (i + 1 < n ? 1 : 0);
		if (parts[i].s.cols > cols)
			cols = parts[i].s.cols;
	}
	memset(out, 0, sizeof(*out));
	out->s.name = "All data";
	out->s.rows = rows ? rows : 1;
	out->s.cols = cols;
	out->s.header_rows = 0;
	out->s.cells = xcalloc(out->s.rows * cols, sizeof(*out->s.cells));
	if (n == 0)
		set(out, 0, 0, "There are no assessments for this academic year.", false);
	for (size_t i = 0; i < n; i++) {
		struct sheet_cell *title = sheet_at(&out->s, r, 0);
		title->text = keep(out, titles[i]);
		title->bold = true;
		r++;
		for (size_t pr = 0; pr < parts[i].s.rows; pr++, r++)
			for (size_t c = 0; c < parts[i].s.cols; c++) {
				const struct sheet_cell *from = sheet_at(&parts[i].s, pr, c);
				struct sheet_cell *to = sheet_at(&out->s, r, c);
				*to = *from;
				if (from->text)
					to->text = keep(out, from->text);
				if (from->comment)
					to->comment = keep(out, from->comment);
			}
		r++; /* the blank row between grids */
		assess_sheet_free(&parts[i]);
	}
	free(parts);
}

void assess_sheet_free(struct assess_sheet *s)
{
	for (size_t i = 0; i < s->ntexts; i++)
		free(s->texts[i]);
	free(s->texts);
	free(s->s.cells);
	memset(s, 0, sizeof(*s));
}
