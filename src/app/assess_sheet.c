/*
 * assess_sheet: the grid of one assessment as a sheet (formats/sheet.h) for the
 * CSV and XLSX downloads: the columns of the screen (pupil, UPN, include in
 * data, the characteristics and custom fields when asked for, the 17 areas
 * under their areas of learning, for ELGs the Good Level of Development after
 * the 12 GLD goals and the ELG total, running and marked while a row is being
 * filled in), the colours, each cell's note (a comment in XLSX), and the
 * statistics at the foot with the judged-of-pupils row (THE column rule of
 * core/report.h; see assess.h).
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

static const struct assess_sheet_opts plain;

/* The columns before the judgements: pupil, UPN, include in data, then the
 * characteristics and the custom fields when shown (the screen's order). */
static size_t lead_of(const struct assess_sheet_opts *o)
{
	return 3 + (o->chars ? 5 : 0) + (o->custom ? CUSTOM_COUNT : 0);
}

/* Column of ELG k in the sheet: after the lead columns; GLD after E12. */
static size_t col_of(const struct assess_grid *g, size_t lead, int k)
{
	return lead + (size_t)k + (g->a.kind == SCALE_ELG && k >= ELG_GLD_COUNT ? 1 : 0);
}

static void set(struct assess_sheet *out, size_t r, size_t c, const char *text, bool number)
{
	struct sheet_cell *cell = sheet_at(&out->s, r, c);
	cell->text = text;
	cell->number = number;
}

/* The figures of the Good Level of Development column in the foot rows of value
 * v (rows r and r + 1: number and %), each with a comment naming what it counts. */
static void gld_cells(const struct assess_grid *g, size_t c, int v, struct assess_sheet *out,
		      size_t r)
{
	const char *what = v == 2 ? "Pupils with GLD Yes, of those judged in all 17 and not absent "
				    "(as the Full Report counts GLD)" :
				    "Pupils with GLD No, of those judged in all 17 and not absent "
				    "(as the Full Report counts GLD)";
	char buf[32];

	set(out, r, c, keep_int(out, g->gld.count[v]), true);
	set(out, r + 1, c, keep(out, assess_column_percent(&g->gld, v, buf, sizeof(buf))), true);
	sheet_at(&out->s, r, c)->comment = what;
	sheet_at(&out->s, r + 1, c)->comment = what;
}

static void foot_rows(const struct assess_grid *g, size_t lead, struct assess_sheet *out, size_t *r)
{
	const struct scale *sc = scale_get(g->a.kind);
	size_t gld_col = col_of(g, lead, ELG_GLD_COUNT - 1) + 1;
	char buf[32], label[64];

	for (int v = 1; v <= 2; v++) {
		snprintf(label, sizeof(label), "Total number %s", sc->values[v].label);
		set(out, *r, 0, keep(out, label), false);
		snprintf(label, sizeof(label), "%% %s", sc->values[v].label);
		set(out, *r + 1, 0, keep(out, label), false);
		for (int k = 0; k < ELG__MAX; k++) {
			size_t c = col_of(g, lead, k);
			set(out, *r, c, keep_int(out, g->col[k].count[v]), true);
			set(out, *r + 1, c,
			    keep(out, assess_column_percent(&g->col[k], v, buf, sizeof(buf))),
			    true);
		}
		if (g->a.kind == SCALE_ELG) /* the GLD column: No beside Emerging, Yes
					       beside Expected (report_gld_counted,
					       report_gld_value) */
			gld_cells(g, gld_col, v, out, *r);
		*r += 2;
	}
	/* The denominator of every percentage, as on the screen (core/report.h). */
	set(out, *r, 0, "Judged (of the pupils included in data)", false);
	for (int k = 0; k < ELG__MAX; k++) {
		snprintf(label, sizeof(label), "%d of %d", g->col[k].judged, g->col[k].pupils);
		set(out, *r, col_of(g, lead, k), keep(out, label), false);
	}
	if (g->a.kind == SCALE_ELG) {
		/* the pupils GLD is counted of (judged in all 17, not absent), of
		 * those included, as the screen says */
		snprintf(label, sizeof(label), "%d of %d", g->gld.judged, g->included);
		set(out, *r, gld_col, keep(out, label), false);
	}
	(*r)++;
	if (g->a.kind == SCALE_ELG) {
		set(out, *r, 0, "Average ELG score", false);
		set(out, *r, col_of(g, lead, ELG__MAX - 1) + 1,
		    keep(out, assess_average_total(g, buf, sizeof(buf))), true);
		(*r)++;
	}
	snprintf(label, sizeof(label), "Displaying %zu pupils (%d included in data)", g->nrows,
		 g->included);
	set(out, *r, 0, keep(out, label), false);
	(*r)++;
}

static const char *yes_no(bool v)
{
	return v ? "Yes" : "No";
}

/* The ELG total of a row: the score when complete; while it is being filled in
 * the running total of the ELGs judged so far, marked as the screen marks it
 * ("N of 17 judged so far"): a number with that comment in XLSX, the number
 * and the marker as one text in CSV (so it is never summed as a final score). */
static void total_cell(struct assess_sheet *out, size_t r, size_t c, const struct elg_measures *m,
		       bool csv)
{
	struct sheet_cell *cell = sheet_at(&out->s, r, c);
	char buf[64];

	if (m->total >= 0) {
		set(out, r, c, keep_int(out, m->total), true);
		return;
	}
	if (m->entered <= 0)
		return;
	if (csv) {
		snprintf(buf, sizeof(buf), "%d (%d of %d judged so far)", m->running_total,
			 m->entered, ELG__MAX);
		set(out, r, c, keep(out, buf), false);
		return;
	}
	set(out, r, c, keep_int(out, m->running_total), true);
	snprintf(buf, sizeof(buf), "%d of %d judged so far", m->entered, ELG__MAX);
	cell->comment = keep(out, buf);
}

/* The characteristics and custom columns of one pupil from column 3 on. */
static void extra_cells(struct assess_sheet *out, size_t r, const struct pupil *p,
			const struct assess_sheet_opts *o)
{
	size_t c = 3;

	if (o->chars) {
		char sen[2] = { p->sen, 0 };
		set(out, r, c++,
		    p->gender == GENDER_MALE   ? "M" :
		    p->gender == GENDER_FEMALE ? "F" :
						 "",
		    false);
		set(out, r, c++, keep(out, sen), false);
		set(out, r, c++, yes_no(p->eal), false);
		set(out, r, c++, yes_no(p->pupil_premium), false);
		set(out, r, c++, yes_no(p->disadvantaged), false);
	}
	if (o->custom)
		for (int i = 0; i < CUSTOM_COUNT; i++)
			set(out, r, c++, yes_no(p->custom[i]), false);
}

void assess_grid_sheet(const struct assess_grid *g, const struct assess_sheet_opts *opts,
		       struct assess_sheet *out)
{
	const struct assess_sheet_opts *o = opts ? opts : &plain;
	bool elg = g->a.kind == SCALE_ELG;
	size_t lead = lead_of(o);
	size_t cols = lead + ELG__MAX + (elg ? 2 : 0) + 1;
	size_t foot = elg ? 7 : 6;
	size_t rows = 2 + g->nrows + foot, r = 2, c = 3;
	enum area last = AREA__MAX;

	memset(out, 0, sizeof(*out));
	out->s.name = elg ? "Early learning goals" : "Assessment";
	out->s.rows = rows;
	out->s.cols = cols;
	out->s.header_rows = 2;
	out->s.cells = xcalloc(rows * cols, sizeof(*out->s.cells));
	for (size_t hc = 0; hc < cols; hc++) {
		sheet_at(&out->s, 0, hc)->bold = true;
		sheet_at(&out->s, 1, hc)->bold = true;
		sheet_at(&out->s, 0, hc)->fill = ASSESS_FILL_HEAD;
		sheet_at(&out->s, 1, hc)->fill = ASSESS_FILL_HEAD;
	}
	set(out, 0, 0, keep(out, g->a.name), false);
	set(out, 1, 0, "Pupil", false);
	set(out, 1, 1, "UPN", false);
	set(out, 1, 2, "Include in data", false);
	if (o->chars) {
		static const char *const heads[] = { "Gender", "SEN", "EAL", "PP",
						     "Disadvantaged" };
		for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
			set(out, 1, c++, heads[i], false);
	}
	if (o->custom)
		for (int i = 0; i < CUSTOM_COUNT; i++)
			set(out, 1, c++, keep(out, o->custom->custom_name[i]), false);
	for (int k = 0; k < ELG__MAX; k++) {
		const struct elg_info *info = elg_get((enum elg)k);
		if (info->area != last) {
			set(out, 0, col_of(g, lead, k), area_get(info->area)->name, false);
			last = info->area;
		}
		set(out, 1, col_of(g, lead, k), info->name, false);
	}
	if (elg) {
		set(out, 1, col_of(g, lead, ELG_GLD_COUNT - 1) + 1, "Good Level of Development",
		    false);
		set(out, 1, col_of(g, lead, ELG__MAX - 1) + 1, "ELG Total Score", false);
	}
	set(out, 1, cols - 1, "Notes", false);
	for (size_t i = 0; i < g->nrows; i++, r++) {
		const struct assess_row *row = &g->rows[i];
		char name[2 * PERSON_NAME_MAX + 4];
		snprintf(name, sizeof(name), "%s, %s", row->pupil.surname, row->pupil.forenames);
		set(out, r, 0, keep(out, name), false);
		set(out, r, 1, keep(out, row->pupil.upn), false);
		set(out, r, 2, yes_no(row->pupil.include_in_data), false);
		extra_cells(out, r, &row->pupil, o);
		for (int k = 0; k < ELG__MAX; k++) {
			const struct judgement_cell *j = &row->cells[k];
			struct sheet_cell *cell = sheet_at(&out->s, r, col_of(g, lead, k));
			cell->text = scale_get(g->a.kind)->values[j->value].label;
			cell->fill = assess_colour_rgb(j->colour);
			if (j->note && *j->note) /* the cell's "i" note: an XLSX comment */
				cell->comment = keep(out, j->note);
		}
		if (elg) {
			struct sheet_cell *gld =
				sheet_at(&out->s, r, col_of(g, lead, ELG_GLD_COUNT - 1) + 1);
			gld->text = gld_label(row->m.gld);
			gld->fill = row->m.gld == GLD_YES ? ASSESS_FILL_YES :
				    row->m.gld == GLD_NO  ? ASSESS_FILL_NO :
							    0;
			total_cell(out, r, col_of(g, lead, ELG__MAX - 1) + 1, &row->m, o->csv);
		}
		set(out, r, cols - 1, keep(out, row->note.note), false);
	}
	foot_rows(g, lead, out, &r);
}

void assess_grids_sheet(const struct assess_grid *g, const char *const *titles, size_t n,
			const struct assess_sheet_opts *opts, struct assess_sheet *out)
{
	struct assess_sheet *parts = xcalloc(n ? n : 1, sizeof(*parts));
	size_t rows = 0, cols = 1, r = 0;

	for (size_t i = 0; i < n; i++) {
		assess_grid_sheet(&g[i], opts, &parts[i]);
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
