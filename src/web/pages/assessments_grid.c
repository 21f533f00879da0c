/*
 * assessments_grid: the grid page's tables (see assessments_grid.h), split from
 * web/pages/assessments.c. Every value of data goes through the escaping writer;
 * the markup is what html_open and html_text would write.
 */
#include "web/pages/assessments_grid.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "core/calendar.h"
#include "web/html.h"
#include "web/pages/pages.h"

/* The decimal digits of v at the end of buf (24 bytes); returns where they start.
 * A grid writes three numbers per cell: this keeps printf out of that loop. */
static char *num_text(char *buf, long long v)
{
	unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	char *p = buf + 23;

	*p = '\0';
	do {
		*--p = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag);
	if (v < 0)
		*--p = '-';
	return p;
}

static void th(struct strbuf *b, const char *scope, const char *text, int rowspan, int colspan)
{
	struct html_piece pc;

	html_piece_begin(&pc, b);
	html_piece_lit(&pc, "<th scope=\"");
	html_piece_text(&pc, scope);
	if (rowspan > 1) {
		html_piece_lit(&pc, "\" rowspan=\"");
		html_piece_int(&pc, rowspan);
	}
	if (colspan > 1) {
		html_piece_lit(&pc, "\" colspan=\"");
		html_piece_int(&pc, colspan);
	}
	html_piece_lit(&pc, "\">");
	html_piece_text(&pc, text);
	html_piece_lit(&pc, "</th>");
	html_piece_end(&pc);
}

static int area_span(enum area a)
{
	int n = 0;

	for (int k = 0; k < ELG__MAX; k++)
		n += elg_get((enum elg)k)->area == a;
	return n;
}

static void grid_head(struct request *req, const struct assess_grid *g, const struct view *v)
{
	struct strbuf *b = resp_body(req);
	bool elg = g->a.kind == SCALE_ELG;

	html_raw_trusted(b,
			 "<thead><tr><th scope=\"col\" rowspan=\"2\" class=\"pupil\">Pupil</th>");
	th(b, "col", "Include in data", 2, 1);
	if (v->chars) {
		th(b, "col", "Gender", 2, 1);
		th(b, "col", "SEN", 2, 1);
		th(b, "col", "EAL", 2, 1);
		th(b, "col", "PP", 2, 1);
		th(b, "col", "Disadvantaged", 2, 1);
	}
	if (v->custom && v->prof)
		for (int i = 0; i < CUSTOM_COUNT; i++)
			th(b, "col", v->prof->custom_name[i], 2, 1);
	for (int a = 0; a < AREA__MAX; a++) {
		th(b, "colgroup", area_get((enum area)a)->name, 1, area_span((enum area)a));
		if (elg && a == AREA_MAT)
			th(b, "col", "Good Level of Development", 2, 1);
	}
	if (elg)
		th(b, "col", "ELG Total Score", 2, 1);
	th(b, "col", "Notes", 2, 1);
	html_raw_trusted(b, "</tr>\n<tr>");
	for (int k = 0; k < ELG__MAX; k++) {
		const struct elg_info *info = elg_get((enum elg)k);
		struct html_piece pc;

		html_piece_begin(&pc, b);
		html_piece_lit(&pc, "<th scope=\"col\" abbr=\"");
		html_piece_text(&pc, info->name);
		html_piece_lit(&pc, "\" data-elg=\"");
		html_piece_text(&pc, info->code);
		html_piece_lit(&pc, "\">");
		if (v->write) {
			html_piece_lit(&pc, "<button type=\"button\" class=\"fill fill-col\" "
					    "data-elg=\"");
			html_piece_text(&pc, info->code);
			html_piece_lit(&pc, "\" aria-label=\"Fill the column ");
			html_piece_text(&pc, info->name);
			html_piece_lit(&pc, "\" title=\"Fill this column\">&#8650;</button>");
		}
		html_piece_lit(&pc, "<abbr title=\"");
		html_piece_text(&pc, info->name);
		html_piece_lit(&pc, "\">");
		html_piece_text(&pc, info->short_label);
		html_piece_lit(&pc, "</abbr></th>");
		html_piece_end(&pc);
	}
	html_raw_trusted(b, "</tr></thead>\n");
}

static const char *yes_no(bool v)
{
	return v ? "Yes" : "No";
}

/* The columns before the judgements: pupil, include in data, the shown extras. */
static int lead_columns(const struct view *v)
{
	return 2 + (v->chars ? 5 : 0) + (v->custom && v->prof ? CUSTOM_COUNT : 0);
}

_Static_assert(ELG__MAX == 17, "a running total's title says \"N of 17 judged so far\"");

/* The marker of a cell with a note (the seed's "i" column): seen on screen and
 * on paper, heard as "has a note"; the note itself is the cell's title and
 * opens from the cell's menu. grid.js writes the same markup. */
static void note_mark(struct html_piece *pc)
{
	html_piece_lit(pc, "<span class=\"note-mark\"><span aria-hidden=\"true\">i</span>"
			   "<span class=\"visually-hidden\"> (has a note)</span></span>");
}

/* The markup every cell of a grid shares, written once per grid by the escaping
 * writer and copied into each cell: a cell is
 *   pre[v] [" beyond-" colour] mid[k][v] version [" title=\"" note] tail[v]
 * for the value index v of column k. */
enum { CELL_VALUES = 4 };
struct cell_parts {
	struct strbuf text;		      /* every part, one after another */
	int nvalues;			      /* of the scale (at most CELL_VALUES) */
	size_t pre[CELL_VALUES][2];	      /* <td class="cell v<v>: offset, length */
	size_t mid[ELG__MAX][CELL_VALUES][2]; /* " data-elg=.. data-v=.. data-version=" */
	size_t tail[CELL_VALUES][2];	      /* ">label</td> */
};

/* Marks the end of the part that started at *at: its offset and length. */
static void part_end(struct cell_parts *cp, size_t *at, size_t part[2])
{
	part[0] = *at;
	part[1] = cp->text.len - *at;
	*at = cp->text.len;
}

static void cell_parts_init(struct cell_parts *cp, const struct scale *sc)
{
	struct strbuf *t = &cp->text;
	size_t at = 0;

	strbuf_init(t, 0);
	cp->nvalues = sc->count < CELL_VALUES ? sc->count : CELL_VALUES;
	for (int v = 0; v < cp->nvalues; v++) {
		html_raw_trusted(t, "<td class=\"cell v");
		html_int(t, v);
		part_end(cp, &at, cp->pre[v]);
		html_raw_trusted(t, "\">");
		html_text(t, sc->values[v].label);
		html_raw_trusted(t, "</td>");
		part_end(cp, &at, cp->tail[v]);
		for (int k = 0; k < ELG__MAX; k++) {
			html_raw_trusted(t, "\" data-elg=\"");
			html_text(t, elg_get((enum elg)k)->code);
			html_raw_trusted(t, "\" data-v=\"");
			html_int(t, v);
			html_raw_trusted(t, "\" data-version=\"");
			part_end(cp, &at, cp->mid[k][v]);
		}
	}
}

static void part_add(struct html_piece *pc, const struct cell_parts *cp, const size_t part[2])
{
	html_piece_raw_(pc, cp->text.buf + part[0], part[1]);
}

/* One pupil's row: written as pieces (html.h), the fast path of the writer,
 * since a grid is thousands of near-identical cells. The markup is exactly what
 * html_open and html_text would write; every value of data is escaped. */
static void grid_row(struct request *req, const struct assess_grid *g, const struct assess_row *r,
		     const struct view *v, const struct cell_parts *cp)
{
	const struct scale *sc = scale_get(g->a.kind);
	const struct pupil *p = &r->pupil;
	struct html_piece pc;
	char href[80], le_buf[24], id_buf[24];
	const char *le = num_text(le_buf, establishment_laestab(&req->estab));
	const char *id = num_text(id_buf, p->id);

	html_piece_begin(&pc, resp_body(req));
	html_piece_lit(&pc, "<tr data-pupil=\"");
	html_piece_int(&pc, p->id);
	html_piece_lit(&pc, "\" data-upn=\"");
	html_piece_text(&pc, p->upn);
	html_piece_lit(&pc, "\" data-pversion=\"");
	html_piece_int(&pc, p->version);
	if (p->include_in_data)
		html_piece_lit(&pc, "\">");
	else
		html_piece_lit(&pc, "\" class=\"excluded\">");
	html_piece_lit(&pc, "<th scope=\"row\" class=\"pupil\">");
	if (v->write) {
		html_piece_lit(&pc, "<button type=\"button\" class=\"fill fill-row\" "
				    "aria-label=\"Fill the row of ");
		html_piece_text(&pc, p->forenames);
		html_piece_lit(&pc, " ");
		html_piece_text(&pc, p->surname);
		html_piece_lit(&pc, "\" title=\"Fill this row\">&#8649;</button>");
	}
	{
		/* "/schools/<laestab>/pupils/<id>" without printf: one per row */
		size_t nle = strlen(le), nid = strlen(id);
		memcpy(href, "/schools/", 9);
		memcpy(href + 9, le, nle);
		memcpy(href + 9 + nle, "/pupils/", 8);
		memcpy(href + 17 + nle, id, nid + 1);
	}
	html_piece_lit(&pc, "<a href=\"");
	html_piece_link(&pc, href);
	html_piece_lit(&pc, "\">");
	html_piece_text(&pc, p->surname);
	html_piece_lit(&pc, ", ");
	html_piece_text(&pc, p->forenames);
	html_piece_lit(&pc, "</a></th>");
	if (v->write) {
		html_piece_lit(&pc, "<td class=\"include\"><button type=\"button\" "
				    "class=\"include-toggle\" aria-pressed=\"");
		if (p->include_in_data)
			html_piece_lit(&pc, "true");
		else
			html_piece_lit(&pc, "false");
		/* named with what it shows (WCAG 2.5.3: a speech user says "Yes") */
		html_piece_lit(&pc, "\"><span class=\"visually-hidden\">Include ");
		html_piece_text(&pc, p->forenames);
		html_piece_lit(&pc, " ");
		html_piece_text(&pc, p->surname);
		html_piece_lit(&pc, " in data: </span><span class=\"include-state\">");
		html_piece_text(&pc, yes_no(p->include_in_data));
		html_piece_lit(&pc, "</span></button></td>");
	} else {
		html_piece_lit(&pc, "<td>");
		html_piece_text(&pc, yes_no(p->include_in_data));
		html_piece_lit(&pc, "</td>");
	}
	if (v->chars) {
		char sen[2] = { p->sen, 0 };
		html_piece_lit(&pc, "<td>");
		html_piece_text(&pc, p->gender == GENDER_MALE	? "M" :
				     p->gender == GENDER_FEMALE ? "F" :
								  "");
		html_piece_lit(&pc, "</td><td>");
		html_piece_text(&pc, sen);
		html_piece_lit(&pc, "</td><td>");
		html_piece_text(&pc, yes_no(p->eal));
		html_piece_lit(&pc, "</td><td>");
		html_piece_text(&pc, yes_no(p->pupil_premium));
		html_piece_lit(&pc, "</td><td>");
		html_piece_text(&pc, yes_no(p->disadvantaged));
		html_piece_lit(&pc, "</td>");
	}
	if (v->custom && v->prof)
		for (int i = 0; i < CUSTOM_COUNT; i++) {
			html_piece_lit(&pc, "<td class=\"custom\">");
			html_piece_text(&pc, yes_no(p->custom[i]));
			html_piece_lit(&pc, "</td>");
		}
	for (int k = 0; k < ELG__MAX; k++) {
		const struct judgement_cell *j = &r->cells[k];
		int val = j->value;
		bool known = val >= 0 && val < cp->nvalues;

		/* class "cell v<value>" and " beyond-<colour>" when it has one */
		if (known) {
			part_add(&pc, cp, cp->pre[val]);
		} else {
			html_piece_lit(&pc, "<td class=\"cell v");
			html_piece_int(&pc, val);
		}
		if (j->colour[0]) {
			html_piece_lit(&pc, " beyond-");
			html_piece_text(&pc, j->colour);
		}
		if (j->note[0])
			html_piece_lit(&pc, " has-note");
		if (known) {
			part_add(&pc, cp, cp->mid[k][val]);
		} else {
			html_piece_lit(&pc, "\" data-elg=\"");
			html_piece_text(&pc, elg_get((enum elg)k)->code);
			html_piece_lit(&pc, "\" data-v=\"");
			html_piece_int(&pc, val);
			html_piece_lit(&pc, "\" data-version=\"");
		}
		html_piece_int(&pc, j->version);
		if (j->note[0]) {
			html_piece_lit(&pc, "\" title=\"");
			html_piece_text(&pc, j->note);
		}
		if (known && !j->note[0]) {
			part_add(&pc, cp, cp->tail[val]);
		} else {
			html_piece_lit(&pc, "\">");
			html_piece_text(&pc, sc->values[val].label);
			if (j->note[0])
				note_mark(&pc);
			html_piece_lit(&pc, "</td>");
		}
		if (g->a.kind == SCALE_ELG && k == ELG_GLD_COUNT - 1) {
			if (r->m.gld == GLD_YES)
				html_piece_lit(&pc, "<td class=\"gld gld-yes\">");
			else if (r->m.gld == GLD_NO)
				html_piece_lit(&pc, "<td class=\"gld gld-no\">");
			else
				html_piece_lit(&pc, "<td class=\"gld\">");
			html_piece_text(&pc, gld_label(r->m.gld));
			html_piece_lit(&pc, "</td>");
		}
	}
	if (g->a.kind == SCALE_ELG) {
		if (r->m.total >= 0) {
			html_piece_lit(&pc, "<td class=\"total\">");
			html_piece_int(&pc, r->m.total);
		} else if (r->m.entered > 0) {
			/* a row being filled in: the running total, marked as such */
			html_piece_lit(&pc, "<td class=\"total partial\" title=\"");
			html_piece_int(&pc, r->m.entered);
			html_piece_lit(&pc, " of 17 judged so far\">");
			html_piece_int(&pc, r->m.running_total);
			html_piece_lit(&pc, "<span class=\"visually-hidden\"> (");
			html_piece_int(&pc, r->m.entered);
			html_piece_lit(&pc, " of 17 judged so far)</span>");
		} else {
			html_piece_lit(&pc, "<td class=\"total\">");
		}
		html_piece_lit(&pc, "</td>");
	}
	/* The Notes column: a button to reach it by keyboard when it may be edited. */
	html_piece_lit(&pc, "<td class=\"notes\" data-version=\"");
	html_piece_int(&pc, r->note.version);
	if (v->write) {
		html_piece_lit(&pc, "\"><button type=\"button\" class=\"note-edit\">"
				    "<span class=\"visually-hidden\">Notes for ");
		html_piece_text(&pc, p->forenames);
		html_piece_lit(&pc, " ");
		html_piece_text(&pc, p->surname);
		html_piece_lit(&pc, ": </span><span class=\"note-text\">");
		html_piece_text(&pc, r->note.note);
		html_piece_lit(&pc, "</span></button></td></tr>\n");
	} else {
		html_piece_lit(&pc, "\"><span class=\"note-text\">");
		html_piece_text(&pc, r->note.note);
		html_piece_lit(&pc, "</span></td></tr>\n");
	}
	html_piece_end(&pc);
}

/* The lead columns after the first in a foot row: empty. */
static void lead_filler(struct html_piece *pc, int n)
{
	if (n <= 0)
		return;
	html_piece_lit(pc, "<td colspan=\"");
	html_piece_int(pc, n);
	html_piece_lit(pc, "\"></td>");
}

/* The Good Level of Development column of the foot (ELGs): GLD No beside the
 * Emerging rows (val 1), Yes beside Expected (val 2), counted once in core
 * (report_gld_counted, report_gld_value: as the Full Report counts GLD); data-stat "GLD-<val>-<pct>" as the other columns, so a
 * save's statistics update it. The CSS says "No"/"Yes" before the figure. */
static void gld_stat(struct html_piece *pc, const struct assess_column *gld, int val, int pct)
{
	char buf[32];

	html_piece_lit(pc, "<td class=\"gld-stat\" data-stat=\"GLD-");
	html_piece_int(pc, val);
	if (pct) {
		html_piece_lit(pc, "-1\">");
		html_piece_text(pc, assess_column_percent(gld, val, buf, sizeof(buf)));
	} else {
		html_piece_lit(pc, "-0\">");
		html_piece_int(pc, gld->count[val]);
	}
	html_piece_lit(pc, "</td>");
}

static void grid_foot(struct request *req, const struct assess_grid *g, const struct view *v)
{
	const struct scale *sc = scale_get(g->a.kind);
	int lead = lead_columns(v);
	struct html_piece pc;
	char buf[32];

	html_piece_begin(&pc, resp_body(req));
	html_piece_lit(&pc, "<tfoot>");
	for (int val = 1; val <= 2; val++) {
		for (int pct = 0; pct <= 1; pct++) {
			/* th(b, "row", "<Total number|%> <label>", 1, 1), then the
			 * rest of the lead columns: the row header stays in the
			 * pupil column, which sticks on the left when scrolled */
			html_piece_lit(&pc, "<tr><th scope=\"row\" class=\"pupil\">");
			if (pct)
				html_piece_lit(&pc, "% ");
			else
				html_piece_lit(&pc, "Total number ");
			html_piece_text(&pc, sc->values[val].label);
			html_piece_lit(&pc, "</th>");
			lead_filler(&pc, lead - 1);
			for (int k = 0; k < ELG__MAX; k++) {
				/* data-stat="<code>-<value>-<0|1>" */
				html_piece_lit(&pc, "<td data-stat=\"");
				html_piece_text(&pc, elg_get((enum elg)k)->code);
				html_piece_lit(&pc, "-");
				html_piece_int(&pc, val);
				html_piece_lit(&pc, "-");
				html_piece_int(&pc, pct);
				html_piece_lit(&pc, "\">");
				if (pct)
					html_piece_text(&pc, assess_percent(g, g->col[k].count[val],
									    buf, sizeof(buf)));
				else
					html_piece_int(&pc, g->col[k].count[val]);
				html_piece_lit(&pc, "</td>");
				if (g->a.kind == SCALE_ELG && k == ELG_GLD_COUNT - 1)
					gld_stat(&pc, &g->gld, val, pct);
			}
			if (g->a.kind == SCALE_ELG)
				html_piece_lit(&pc, "<td></td><td></td></tr>");
			else
				html_piece_lit(&pc, "<td></td></tr>");
		}
	}
	/* The denominator of every percentage above: pupils with a judgement in the
	 * column of those included in data, so a percentage never hides a gap. */
	html_piece_lit(&pc, "<tr class=\"judged-row\"><th scope=\"row\" class=\"pupil\">Pupils "
			    "judged (of those included in data)</th>");
	lead_filler(&pc, lead - 1);
	for (int k = 0; k < ELG__MAX; k++) {
		html_piece_lit(&pc, "<td data-stat=\"");
		html_piece_text(&pc, elg_get((enum elg)k)->code);
		html_piece_lit(&pc, "-judged\">");
		html_piece_int(&pc, g->col[k].judged);
		html_piece_lit(&pc, " of ");
		html_piece_int(&pc, g->included);
		html_piece_lit(&pc, "</td>");
		if (g->a.kind == SCALE_ELG && k == ELG_GLD_COUNT - 1) {
			/* the pupils GLD is counted of (judged in all 17, not absent:
			 * report_gld_counted) of those included */
			html_piece_lit(&pc, "<td data-stat=\"GLD-judged\" title=\"pupils judged "
					    "in all 17 and not absent, whom the GLD figures count "
					    "(as the Full Report does), of the pupils included\">");
			html_piece_int(&pc, g->gld.judged);
			html_piece_lit(&pc, " of ");
			html_piece_int(&pc, g->included);
			html_piece_lit(&pc, "</td>");
		}
	}
	if (g->a.kind == SCALE_ELG)
		html_piece_lit(&pc, "<td></td><td></td></tr>");
	else
		html_piece_lit(&pc, "<td></td></tr>");
	html_piece_end(&pc);
	if (g->a.kind == SCALE_ELG) {
		struct strbuf *b = resp_body(req);
		html_raw_trusted(b, "<tr><th scope=\"row\" class=\"pupil\">Average ELG score</th>");
		html_open(b, "td", "colspan", arena_printf(&req->arena, "%d", lead + ELG__MAX),
			  NULL);
		html_raw_trusted(b, "</td>");
		html_open(b, "td", "data-stat", "average", NULL);
		html_text(b, assess_average_total(g, buf, sizeof(buf)));
		html_raw_trusted(b, "</td><td></td></tr>");
	}
	html_raw_trusted(resp_body(req), "</tfoot>\n");
}

void assessments_grid_key(struct request *req)
{
	struct strbuf *b = resp_body(req);

	/* the headers' abbreviations in full, for touch screens (no tooltips)
	 * and paper: the same framework data the headers are written from */
	html_raw_trusted(b, "<div class=\"area-key\"><h2 id=\"area-key-title\">Key to the "
			    "column headings</h2><dl class=\"codes area-key-list\" "
			    "aria-labelledby=\"area-key-title\">");
	for (int k = 0; k < ELG__MAX; k++) {
		const struct elg_info *info = elg_get((enum elg)k);
		html_open(b, "div", NULL);
		html_open(b, "dt", NULL);
		html_text(b, info->short_label);
		html_close(b, "dt");
		html_open(b, "dd", NULL);
		html_text(b, info->name);
		html_close(b, "dd");
		html_close(b, "div");
	}
	html_raw_trusted(b, "</dl></div>\n");
}

void assessments_grid_table(struct request *req, const struct assess_grid *g,
			    const struct view *view)
{
	struct strbuf *b = resp_body(req);
	struct view lv = *view;
	const struct view *v = &lv;
	struct cell_parts cp;
	char date[11], idbuf[24], fq[256];
	const char *viewq;
	const char *href = arena_printf(&req->arena, "/schools/%d/assessments/%lld",
					establishment_laestab(&req->estab), (long long)g->a.id);

	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)g->a.id);
	date_format_dmy(g->a.date, date);
	html_open(b, "details", "class", "assessment", "open", "", "id",
		  arena_printf(&req->arena, "assessment-%lld", (long long)g->a.id), NULL);
	html_open(b, "summary", NULL);
	html_text(b, g->a.name);
	html_text(b, g->a.kind == SCALE_ELG ? " (to be completed by " : " (");
	html_text(b, date);
	html_text(b, ")");
	html_close(b, "summary");
	/* Submitted ELGs are shown read-only, in grey. */
	lv.write = view->write && !g->locked;
	if (g->locked) {
		html_open(b, "p", "class", "notice locked-notice", NULL);
		html_text(b, g->locked_msg);
		html_text(b, ".");
		html_close(b, "p");
	}
	html_raw_trusted(b, "<p class=\"assessment-actions\">");
	if (v->write) {
		html_open(b, "a", "href", arena_printf(&req->arena, "%s/edit", href), NULL);
		html_text(b, "Edit or delete");
		html_raw_trusted(b, "</a> ");
	}
	/* the downloads carry the view: its columns and its filter */
	if (!pupil_filter_to_query(&v->filter, fq, sizeof(fq)))
		fq[0] = '\0';
	viewq = arena_printf(&req->arena, "%s%s%s%s", v->chars ? "&chars=1" : "",
			     v->custom ? "&custom=1" : "", fq[0] ? "&" : "", fq);
	html_open(b, "a", "href",
		  arena_printf(&req->arena, "%s/download?format=xlsx%s", href, viewq), "download",
		  "", NULL);
	html_raw_trusted(b, "Download (Excel)</a> ");
	html_open(b, "a", "href",
		  arena_printf(&req->arena, "%s/download?format=csv%s", href, viewq), "download",
		  "", NULL);
	html_raw_trusted(b, "Download (CSV)</a></p>");
	html_raw_trusted(b, "<div class=\"table-scroll\">");
	html_open(b, "table", "class", g->locked ? "data-table grid locked" : "data-table grid",
		  "data-assessment", idbuf, "data-kind",
		  g->a.kind == SCALE_ELG ? "elg" : "tracking", "data-api",
		  arena_printf(&req->arena, "/api/v1/schools/%d/assessments/%lld",
			       establishment_laestab(&req->estab), (long long)g->a.id),
		  "data-editable", v->write ? "1" : "0", NULL);
	html_open(b, "caption", NULL);
	html_text(b, g->a.name);
	html_close(b, "caption");
	grid_head(req, g, v);
	html_raw_trusted(b, "<tbody>\n");
	cell_parts_init(&cp, scale_get(g->a.kind));
	for (size_t i = 0; i < g->nrows; i++)
		grid_row(req, g, &g->rows[i], v, &cp);
	strbuf_release(&cp.text);
	html_raw_trusted(b, "</tbody>\n");
	grid_foot(req, g, v);
	html_raw_trusted(b, "</table></div>\n");
	snprintf(idbuf, sizeof(idbuf), "%zu", g->nrows);
	html_open(b, "p", "class", "displaying", "data-displayed", idbuf, "data-included",
		  arena_printf(&req->arena, "%d", g->included), NULL);
	html_text(b, arena_printf(&req->arena,
				  "Displaying %zu pupils; %d included in data (percentages are of "
				  "these %d).",
				  g->nrows, g->included, g->included));
	html_close(b, "p");
	html_close(b, "details");
}
