/*
 * reports: the EYFS reports screens (issue 8a). /reports lists the schools the
 * user may see with their reports; /schools/:laestab/reports/full is the Full
 * Report (per area Below / On track, or for the ELGs Emerging / Expected with
 * GLD and averages) with every percentage a link listing its pupils, print and
 * CSV/XLSX downloads; /schools/:laestab/reports/venn draws each area of
 * learning as a Venn diagram in SVG with the same numbers as a table. Figures
 * come from app/report.h; the dispatcher has authorised :laestab.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/report.h"
#include "core/access.h"
#include "core/calendar.h"
#include "core/pupil_filter.h"
#include "formats/csv_write.h"
#include "formats/xlsx_write.h"
#include "web/html.h"
#include "web/pages/reports_la.h"
#include "web/scope.h"
#include "web/session.h"

static const char *const yg_choices[] = { "N1", "N2", "R", NULL };
static const int yg_values[] = { YEAR_N1, YEAR_N2, YEAR_R };

/* Issue 8c: the cross-school tables of the user's LA or trust, when they may
 * see them (reports_la.c). */
static void across_schools_links(struct request *req)
{
	struct resource_scope own = access_scope_of_user(&req->user);
	struct strbuf *b = resp_body(req);
	bool la = req->user.la_id && access_allowed(&req->user, ACT_LA_READ, &own);
	bool trust = req->user.trust_id && access_allowed(&req->user, ACT_TRUST_READ, &own);

	if (!la && !trust)
		return;
	html_elem(b, "h2", la ? "Across the LA's schools" : "Across the trust's schools");
	html_open(b, "ul", "class", "school-links", NULL);
	for (size_t k = 0; reports_la_collections[k]; k++) {
		enum collection coll;
		if (!collection_parse(reports_la_collections[k], &coll))
			continue;
		html_open(b, "li", NULL);
		html_open(b, "a", "href",
			  arena_printf(&req->arena, "%s?collection=%s",
				       la ? "/la/reports" : "/trust/reports",
				       collection_code(coll)),
			  NULL);
		html_text(b, arena_printf(&req->arena, "%s by school", collection_label(coll)));
		html_close(b, "a");
		html_close(b, "li");
	}
	html_close(b, "ul");
}

/* GET /reports: the schools whose reports the user may see. */
void reports_home_get(struct request *req)
{
	struct establishment *list = NULL;
	struct strbuf *b;
	size_t n = 0;

	if (scope_visible_schools(req, &list, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	page_begin(req, "Reports", NAV_REPORTS);
	b = resp_body(req);
	across_schools_links(req);
	html_elem(b, "h2", "Early Years");
	if (n == 0)
		html_elem(b, "p", "There are no schools in your area yet.");
	html_open(b, "ul", "class", "school-links", NULL);
	for (size_t i = 0; i < n; i++) {
		int le = establishment_laestab(&list[i]);
		html_open(b, "li", NULL);
		html_text(b, list[i].name);
		html_text(b, ": ");
		html_open(b, "a", "href", arena_printf(&req->arena, "/schools/%d/reports/full", le),
			  NULL);
		html_text(b, "Full Report");
		html_close(b, "a");
		html_text(b, " | ");
		html_open(b, "a", "href", arena_printf(&req->arena, "/schools/%d/reports/venn", le),
			  NULL);
		html_text(b, "Venn Diagram");
		html_close(b, "a");
		html_text(b, " | ");
		html_open(b, "a", "href",
			  arena_printf(&req->arena, "/schools/%d/progress-meetings", le), NULL);
		html_text(b, "Reception Cohort Progress Meetings");
		html_close(b, "a");
		html_close(b, "li");
	}
	html_close(b, "ul");
	page_end(req);
}

/* ---- the filters both reports share */

struct rview {
	int year;		    /* academic year */
	int yg_index;		    /* index into yg_values */
	int class_no;		    /* 0 = all classes */
	struct pupil_filter filter; /* characteristics */
	struct assessment *list;    /* assessments of the year for the year group */
	size_t n;		    /* in list */
	int64_t chosen;		    /* the assessment shown; 0 = none */
	struct estab_profile prof;  /* class and custom names */
	const char *base;	    /* "/schools/L/reports/full" */
	const char *query;	    /* the filters as a query string (no list, no format) */
};

static void rview_free(struct rview *v)
{
	free(v->list);
}

/* Reads the filters; false after answering 400. */
static bool rview_read(struct request *req, struct rview *v, const char *which)
{
	struct assessment *all = NULL;
	size_t n = 0;
	char fq[256];

	memset(v, 0, sizeof(*v));
	v->year = request_has(req, "year") ? (int)request_int(req, "year") :
					     academic_year_of(date_from_unix(app_now(req->app)));
	v->yg_index = request_enum(req, "yg") >= 0 ? request_enum(req, "yg") : 2;
	v->class_no = request_has(req, "class") ? (int)request_int(req, "class") : 0;
	pupil_filter_init(&v->filter);
	if (!page_filter_read(req, &v->filter, NULL)) {
		page_error(req, 400,
			   "One of the pupil characteristics is not one the filter takes.");
		return false;
	}
	if (session_estab_profile(req, req->estab.id, &v->prof, NULL) != ERR_OK)
		memset(&v->prof, 0, sizeof(v->prof));
	if (store_assessment_list(req->db, req->estab.id, v->year, &all, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		return false;
	}
	v->list = all;
	for (size_t i = 0; i < n; i++)
		if (all[i].year_groups & assess_yg_bit(yg_values[v->yg_index]))
			v->list[v->n++] = all[i];
	if (request_has(req, "assessment")) {
		for (size_t i = 0; i < v->n; i++)
			if (v->list[i].id == request_int(req, "assessment"))
				v->chosen = v->list[i].id;
	} else if (v->n) {
		v->chosen = v->list[v->n - 1].id; /* the latest */
	}
	v->base = arena_printf(&req->arena, "/schools/%d/reports/%s",
			       establishment_laestab(&req->estab), which);
	pupil_filter_to_query(&v->filter, fq, sizeof(fq));
	v->query = arena_printf(&req->arena, "year=%d&yg=%s&assessment=%lld&class=%d%s%s", v->year,
				yg_choices[v->yg_index], (long long)v->chosen, v->class_no,
				fq[0] ? "&" : "", fq);
	return true;
}

static void pickers(struct request *req, const struct rview *v, bool venn_area, const char *area)
{
	struct strbuf *b = resp_body(req);
	int now = academic_year_of(date_from_unix(app_now(req->app)));
	char label[ACADEMIC_YEAR_LABEL_MAX], val[24];

	html_open(b, "form", "method", "get", "action", v->base, "class",
		  "grid-pickers report-pickers", NULL);
	html_raw_trusted(b, "<label>Academic year <select name=\"year\">");
	for (int y = now - 3; y <= now + 1; y++) {
		snprintf(val, sizeof(val), "%d", y);
		html_open(b, "option", "value", val, "selected", y == v->year ? "" : NULL, NULL);
		html_text(b, academic_year_label(y, label));
		html_close(b, "option");
	}
	html_raw_trusted(b, "</select></label> <label>Year group <select name=\"yg\">");
	for (int i = 0; yg_choices[i]; i++) {
		char yl[YEAR_LABEL_MAX];
		html_open(b, "option", "value", yg_choices[i], "selected",
			  i == v->yg_index ? "" : NULL, NULL);
		html_text(b, i == 2 ? "Reception" : year_label(yg_values[i], yl));
		html_close(b, "option");
	}
	html_raw_trusted(b, "</select></label> <label>Assessment <select name=\"assessment\">");
	for (size_t i = 0; i < v->n; i++) {
		snprintf(val, sizeof(val), "%lld", (long long)v->list[i].id);
		html_open(b, "option", "value", val, "selected",
			  v->list[i].id == v->chosen ? "" : NULL, NULL);
		html_text(b, v->list[i].name);
		html_close(b, "option");
	}
	html_raw_trusted(b, "</select></label> <label>Class <select name=\"class\">");
	html_open(b, "option", "value", "0", NULL);
	html_text(b, "All classes");
	html_close(b, "option");
	for (int k = 1; k <= CLASS_COUNT; k++) {
		snprintf(val, sizeof(val), "%d", k);
		html_open(b, "option", "value", val, "selected", k == v->class_no ? "" : NULL,
			  NULL);
		html_text(b, v->prof.class_name[k - 1][0] ?
				     v->prof.class_name[k - 1] :
				     arena_printf(&req->arena, "Class %d", k));
		html_close(b, "option");
	}
	html_raw_trusted(b, "</select></label> ");
	if (venn_area) {
		html_raw_trusted(b, "<label>Area of learning <select name=\"area\">");
		html_open(b, "option", "value", "", NULL);
		html_text(b, "All five");
		html_close(b, "option");
		for (int a = 0; a < AREA__MAX; a++) {
			if (!report_venn_area((enum area)a))
				continue;
			html_open(b, "option", "value", area_get((enum area)a)->code, "selected",
				  strcmp(area, area_get((enum area)a)->code) == 0 ? "" : NULL,
				  NULL);
			html_text(b, area_get((enum area)a)->name);
			html_close(b, "option");
		}
		html_raw_trusted(b, "</select></label> ");
	}
	page_filter_form(req, &v->filter, &v->prof);
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Select</button></form>\n");
}

/* Loads the chosen assessment's report; false (with a paragraph written) when
 * there is none. */
static bool load(struct request *req, const struct rview *v, struct report_data *d)
{
	struct report_query q = { v->chosen, yg_values[v->yg_index], v->class_no, &v->filter };

	if (!v->chosen || report_load(req->app, req->db, &req->estab, &q, d) != ERR_OK) {
		html_elem(resp_body(req), "p",
			  "There is no assessment for this academic year and year group yet: "
			  "create one under Assessments, then come back.");
		return false;
	}
	return true;
}

static void pupil_list(struct request *req, const struct report_data *d, const char *title,
		       bool (*pick)(const struct report_data *, size_t, const void *),
		       const void *ctx)
{
	struct strbuf *b = resp_body(req);
	size_t shown = 0;

	html_open(b, "section", "id", "pupils", "class", "pupil-list", "aria-labelledby",
		  "pupils-title", NULL);
	html_open(b, "h2", "id", "pupils-title", NULL);
	html_text(b, title);
	html_close(b, "h2");
	html_raw_trusted(b, "<ol>");
	for (size_t i = 0; i < d->n; i++) {
		if (!pick(d, i, ctx))
			continue;
		html_open(b, "li", NULL);
		html_text(b, d->pupils[i].surname);
		html_text(b, ", ");
		html_text(b, d->pupils[i].forenames);
		html_close(b, "li");
		shown++;
	}
	html_raw_trusted(b, "</ol>");
	if (!shown)
		html_elem(b, "p", "No pupils.");
	html_raw_trusted(b, "<p><button type=\"button\" class=\"button report-print\">Print"
			    "</button></p></section>\n");
}

static void print_button(struct strbuf *b)
{
	html_raw_trusted(b, "<p class=\"report-actions\"><button type=\"button\" class=\"button "
			    "report-print\">Print</button> ");
}

/* ---- Full Report */

struct full_pick {
	enum report_stat stat;
	enum elg elg;
	int v;
};

static bool full_pick(const struct report_data *d, size_t i, const void *ctx)
{
	const struct full_pick *p = ctx;
	return report_member(d->a.kind, &d->rows[i], p->stat, p->elg, p->v);
}

static void pct_link(struct request *req, const struct rview *v, const char *key, long count,
		     long den)
{
	struct strbuf *b = resp_body(req);
	char pct[24];

	report_percent(count, den, pct, sizeof(pct));
	if (!pct[0]) {
		html_text(b, "-");
		return;
	}
	html_open(b, "a", "href",
		  arena_printf(&req->arena, "%s?%s&list=%s#pupils", v->base, v->query, key),
		  "data-list", key, NULL);
	html_text(b, pct);
	html_text(b, "%");
	html_close(b, "a");
}

/* "E01-2" or "gld" into a pick; false when malformed. */
static bool parse_list(const char *s, struct full_pick *p)
{
	char code[4];

	if (strcmp(s, "gld") == 0) {
		*p = (struct full_pick){ RSTAT_GLD, ELG_E01, 0 };
		return true;
	}
	if (strlen(s) != 5 || s[3] != '-' || s[4] < '1' || s[4] > '3')
		return false;
	memcpy(code, s, 3);
	code[3] = 0;
	p->stat = RSTAT_VALUE;
	p->v = s[4] - '0';
	return elg_parse(code, &p->elg);
}

static void full_table(struct request *req, const struct rview *v, const struct report_data *d)
{
	struct strbuf *b = resp_body(req);
	const struct scale *sc = scale_get(d->a.kind);
	const struct report_full *f = &d->full;

	html_raw_trusted(b, "<div class=\"table-scroll\"><table class=\"data-table report-full\">");
	html_open(b, "caption", NULL);
	html_text(b, d->a.name);
	html_close(b, "caption");
	html_raw_trusted(b, "<thead><tr><th scope=\"col\">Areas of Development</th>");
	for (int val = 1; val <= 2; val++) {
		html_open(b, "th", "scope", "col", NULL);
		html_text(b, arena_printf(&req->arena, "Total Number %s", sc->values[val].label));
		html_close(b, "th");
		html_open(b, "th", "scope", "col", NULL);
		html_text(b, arena_printf(&req->arena, "%% %s", sc->values[val].label));
		html_close(b, "th");
	}
	html_raw_trusted(b, "<th scope=\"col\">Num Pupils</th><th scope=\"col\">Num "
			    "Judged</th></tr></thead><tbody>\n");
	for (int k = 0; k < ELG__MAX; k++) {
		const struct elg_info *info = elg_get((enum elg)k);
		html_open(b, "tr", "data-elg", info->code, NULL);
		html_open(b, "th", "scope", "row", NULL);
		html_text(b, info->name);
		html_close(b, "th");
		for (int val = 1; val <= 2; val++) {
			html_open(b, "td", "class", "num", NULL);
			html_int(b, f->col[k].count[val]);
			html_close(b, "td");
			html_open(b, "td", "class", "num", NULL);
			pct_link(req, v, arena_printf(&req->arena, "%s-%d", info->code, val),
				 f->col[k].count[val], f->col[k].pupils);
			html_close(b, "td");
		}
		html_open(b, "td", "class", "num", NULL);
		html_int(b, f->col[k].pupils);
		html_close(b, "td");
		html_open(b, "td", "class", "num", NULL);
		html_int(b, f->col[k].judged);
		html_close(b, "td");
		html_raw_trusted(b, "</tr>\n");
	}
	html_raw_trusted(b, "</tbody></table></div>\n");
	if (d->a.kind == SCALE_ELG) {
		const struct elg_cohort *co = &f->cohort;
		char buf[24];
		html_raw_trusted(b,
				 "<table class=\"data-table report-elg\"><caption>Early learning "
				 "goals</caption><tbody>");
		html_raw_trusted(b, "<tr><th scope=\"row\">Pupils assessed (all 17 judged, not "
				    "absent)</th><td class=\"num\">");
		html_int(b, co->assessed);
		html_raw_trusted(b, "</td></tr><tr><th scope=\"row\">Good Level of Development</th>"
				    "<td class=\"num\">");
		html_int(b, co->gld);
		html_raw_trusted(b, " (");
		pct_link(req, v, "gld", co->gld, co->assessed);
		html_raw_trusted(b, ")</td></tr><tr><th scope=\"row\">Average number of ELGs at "
				    "expected</th><td class=\"num\" data-stat=\"avg-expected\">");
		html_text(b, report_average(co->expected_sum, co->assessed, buf, sizeof(buf)));
		html_raw_trusted(b, "</td></tr><tr><th scope=\"row\">Average total score</th>"
				    "<td class=\"num\" data-stat=\"avg-total\">");
		html_text(b, report_average(co->total_sum, co->assessed, buf, sizeof(buf)));
		html_raw_trusted(b, "</td></tr></tbody></table>\n");
	}
	html_open(b, "p", "class", "displaying", NULL);
	html_text(b, arena_printf(&req->arena,
				  "Displaying %zu pupils; %d included in data. Pupils with Include "
				  "in Data set to No are not counted.",
				  d->n, f->included));
	html_close(b, "p");
}

static void full_download(struct request *req, const struct report_data *d, bool xlsx)
{
	struct assess_sheet sh;
	struct errbuf eb = { "" };
	char *data = NULL;
	size_t len = 0;

	report_full_sheet(d, req->estab.name, &sh);
	if (xlsx) {
		if (xlsx_write_sheet(&sh.s, NULL, &data, &len, &eb) != ERR_OK) {
			page_error(req, 500, NULL);
			goto out;
		}
		strbuf_add(resp_body(req), data, len);
		resp_content_type(req, "application/vnd.openxmlformats-officedocument."
				       "spreadsheetml.sheet");
	} else {
		csv_write_sheet(resp_body(req), &sh.s);
		resp_content_type(req, "text/csv; charset=utf-8");
	}
	resp_header(req, "Content-Disposition",
		    arena_printf(&req->arena, "attachment; filename=\"full-report-%lld.%s\"",
				 (long long)d->a.id, xlsx ? "xlsx" : "csv"));
out:
	free(data);
	assess_sheet_free(&sh);
}

void report_full_get(struct request *req)
{
	struct report_data d = { 0 };
	struct full_pick pick;
	struct rview v;
	struct strbuf *b;
	const char *list = request_text(req, "list");

	if (!rview_read(req, &v, "full"))
		return;
	if (list[0] && !parse_list(list, &pick)) {
		page_error(req, 400, "The list asked for is not one of this report's figures.");
		goto out;
	}
	if (request_enum(req, "format") >= 0) {
		struct report_query q = { v.chosen, yg_values[v.yg_index], v.class_no, &v.filter };
		if (!v.chosen || report_load(req->app, req->db, &req->estab, &q, &d) != ERR_OK) {
			page_error(req, 404, "There is no assessment to download.");
			goto out;
		}
		full_download(req, &d, request_enum(req, "format") == 1);
		goto out;
	}
	page_begin(req, "Full Report", NAV_REPORTS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, req->estab.name);
	html_close(b, "p");
	pickers(req, &v, false, "");
	if (load(req, &v, &d)) {
		print_button(b);
		html_open(b, "a", "href",
			  arena_printf(&req->arena, "%s?%s&format=xlsx", v.base, v.query),
			  "download", "", NULL);
		html_raw_trusted(b, "Download (Excel)</a> ");
		html_open(b, "a", "href",
			  arena_printf(&req->arena, "%s?%s&format=csv", v.base, v.query),
			  "download", "", NULL);
		html_raw_trusted(b, "Download (CSV)</a></p>\n");
		full_table(req, &v, &d);
		if (list[0]) {
			const struct scale *sc = scale_get(d.a.kind);
			const char *title = pick.stat == RSTAT_GLD ?
						    "Pupils with a Good Level of Development" :
						    arena_printf(&req->arena, "Pupils %s in %s",
								 sc->values[pick.v].label,
								 elg_get(pick.elg)->name);
			pupil_list(req, &d, title, full_pick, &pick);
		}
	}
	html_raw_trusted(b, "<script src=\"/static/reports.js\" defer></script>\n");
	page_end(req);
out:
	report_data_free(&d);
	rview_free(&v);
}

/* ---- Venn diagrams */

/* Circle centres and labels of 2 and 3 sets in a 360 x 260 box. */
struct venn_geo {
	int cx[3], cy[3], r;
	int rx[REPORT_VENN_REGIONS], ry[REPORT_VENN_REGIONS]; /* region label positions */
};

static const struct venn_geo geo2 = { { 130, 230, 0 },
				      { 130, 130, 0 },
				      95,
				      { 0, 85, 275, 180, 0, 0, 0, 0 },
				      { 0, 135, 135, 135, 0, 0, 0, 0 } };
static const struct venn_geo geo3 = { { 140, 220, 180 },
				      { 105, 105, 170 },
				      80,
				      { 0, 105, 255, 180, 180, 130, 230, 180 },
				      { 0, 85, 85, 75, 215, 160, 160, 130 } };

static const char *region_name(struct request *req, const struct report_venn *rv, int mask,
			       const char *on)
{
	char sets[64] = "";
	size_t len = 0;

	if (mask == 0)
		return arena_printf(&req->arena, "%s in none of the areas", on);
	for (int i = 0; i < rv->nsets && len < sizeof(sets); i++) {
		if (!(mask & (1 << i)))
			continue;
		len += (size_t)snprintf(sets + len, sizeof(sets) - len, "%s%s", len ? " and " : "",
					elg_get(rv->sets[i])->short_label);
	}
	if (mask == (1 << rv->nsets) - 1)
		return arena_printf(&req->arena, "%s in all of %s", on, sets);
	return arena_printf(&req->arena, "%s in %s only", on, sets);
}

struct venn_pick {
	const struct report_venn *rv;
	int mask;
};

static bool venn_pick(const struct report_data *d, size_t i, const void *ctx)
{
	const struct venn_pick *p = ctx;
	return d->rows[i].included && report_venn_mask(d->a.kind, p->rv, &d->rows[i]) == p->mask;
}

static void venn_svg(struct request *req, const struct rview *v, const struct report_venn *rv,
		     const char *on)
{
	struct strbuf *b = resp_body(req);
	const struct venn_geo *g = rv->nsets == 3 ? &geo3 : &geo2;
	static const char *const fills[] = { "#4e79a7", "#f28e2b", "#59a14f" };
	const char *code = area_get(rv->area)->code;
	char buf[24];

	/* a group, not an image: its regions are links a keyboard reaches */
	html_open(b, "svg", "class", "venn", "viewBox", "0 0 360 260", "role", "group",
		  "aria-labelledby", arena_printf(&req->arena, "venn-%s-title", code), NULL);
	html_open(b, "title", "id", arena_printf(&req->arena, "venn-%s-title", code), NULL);
	html_text(b, area_get(rv->area)->name);
	html_close(b, "title");
	for (int i = 0; i < rv->nsets; i++) {
		html_open(b, "circle", "cx", arena_printf(&req->arena, "%d", g->cx[i]), "cy",
			  arena_printf(&req->arena, "%d", g->cy[i]), "r",
			  arena_printf(&req->arena, "%d", g->r), "fill", fills[i], "fill-opacity",
			  "0.25", "stroke", fills[i], "stroke-width", "2", NULL);
		html_close(b, "circle");
		int lx = g->cx[i] + (g->cx[i] < 180 ? -g->r + 10 :
				     g->cx[i] > 180 ? g->r - 40 :
						      -15);
		int ly = rv->nsets == 3 && i == 2 ? g->cy[i] + g->r - 5 : g->cy[i] - g->r + 15;
		html_open(b, "text", "x", arena_printf(&req->arena, "%d", lx), "y",
			  arena_printf(&req->arena, "%d", ly), "class", "venn-set", NULL);
		html_text(b, elg_get(rv->sets[i])->short_label);
		html_close(b, "text");
	}
	for (int m = 1; m < (1 << rv->nsets); m++) {
		const char *href = arena_printf(&req->arena, "%s?%s&area=%s&region=%s-%d#pupils",
						v->base, v->query, code, code, m);
		/* the link shows the count and is named by it first (WCAG 2.5.3), then
		 * by its region as the table beside it names it; the share beside it */
		html_open(b, "a", "href", href, "class", "venn-region", "data-region",
			  arena_printf(&req->arena, "%s-%d", code, m), "aria-label",
			  arena_printf(&req->arena, "%d pupil%s %s", rv->region[m],
				       rv->region[m] == 1 ? "" : "s", region_name(req, rv, m, on)),
			  NULL);
		html_open(b, "text", "x", arena_printf(&req->arena, "%d", g->rx[m]), "y",
			  arena_printf(&req->arena, "%d", g->ry[m]), "text-anchor", "middle",
			  "class", "venn-count", NULL);
		html_int(b, rv->region[m]);
		html_close(b, "text");
		html_close(b, "a");
		html_open(b, "text", "x", arena_printf(&req->arena, "%d", g->rx[m]), "y",
			  arena_printf(&req->arena, "%d", g->ry[m] + 14), "text-anchor", "middle",
			  "class", "venn-pct", NULL);
		html_text(b, report_percent(rv->region[m], rv->pupils, buf, sizeof(buf)));
		html_text(b, buf[0] ? "%" : "");
		html_close(b, "text");
	}
	html_close(b, "svg");
}

static void venn_block(struct request *req, const struct rview *v, const struct report_data *d,
		       enum area a, const char *region)
{
	struct strbuf *b = resp_body(req);
	const char *code = area_get(a)->code;
	const char *on = d->a.kind == SCALE_ELG ? "Expected" : "On track";
	struct report_venn rv;
	char buf[24];

	report_venn_compute(d->a.kind, a, d->rows, d->n, &rv);
	html_open(b, "section", "class", "venn-block", "id",
		  arena_printf(&req->arena, "venn-%s", code), NULL);
	html_elem(b, "h2", area_get(a)->name);
	html_raw_trusted(b, "<div class=\"venn-row\">");
	venn_svg(req, v, &rv, on);
	html_raw_trusted(b, "<div class=\"venn-side\"><p class=\"venn-none\">");
	html_text(b, arena_printf(&req->arena, "%s in none: ", on));
	html_open(b, "a", "href",
		  arena_printf(&req->arena, "%s?%s&area=%s&region=%s-0#pupils", v->base, v->query,
			       code, code),
		  "class", "venn-region", "data-region", arena_printf(&req->arena, "%s-0", code),
		  NULL);
	html_int(b, rv.region[0]);
	html_text(b, arena_printf(&req->arena, " (%s%s)",
				  report_percent(rv.region[0], rv.pupils, buf, sizeof(buf)),
				  buf[0] ? "%" : "-"));
	html_close(b, "a");
	html_raw_trusted(b, "</p>");
	html_raw_trusted(b, "<table class=\"data-table venn-table\">");
	html_open(b, "caption", NULL);
	html_text(b, arena_printf(&req->arena, "%s: pupils %s by area (%d pupils)",
				  area_get(a)->name, on, rv.pupils));
	html_close(b, "caption");
	html_raw_trusted(b, "<thead><tr><th scope=\"col\">Region</th><th scope=\"col\">Pupils</th>"
			    "<th scope=\"col\">%</th></tr></thead><tbody>");
	for (int m = (1 << rv.nsets) - 1; m >= 0; m--) {
		html_open(b, "tr", "data-region", arena_printf(&req->arena, "%s-%d", code, m),
			  NULL);
		html_open(b, "th", "scope", "row", NULL);
		html_text(b, region_name(req, &rv, m, on));
		html_close(b, "th");
		html_open(b, "td", "class", "num", NULL);
		html_int(b, rv.region[m]);
		html_close(b, "td");
		html_open(b, "td", "class", "num", NULL);
		html_text(b, report_percent(rv.region[m], rv.pupils, buf, sizeof(buf)));
		html_close(b, "td");
		html_raw_trusted(b, "</tr>");
	}
	html_raw_trusted(b, "</tbody></table>");
	html_open(b, "p", "class", "venn-key", NULL);
	for (int i = 0; i < rv.nsets; i++) {
		html_text(b, arena_printf(&req->arena, "%s%s = %s", i ? "; " : "",
					  elg_get(rv.sets[i])->short_label,
					  elg_get(rv.sets[i])->name));
	}
	if (rv.not_judged)
		html_text(b, arena_printf(&req->arena,
					  ". %d pupils not judged in every area are "
					  "left out.",
					  rv.not_judged));
	html_close(b, "p");
	html_raw_trusted(b, "</div></div>");
	if (region[0] && strncmp(region, code, 3) == 0 && region[3] == '-') {
		struct venn_pick p = { &rv, region[4] - '0' };
		pupil_list(req, d, region_name(req, &rv, p.mask, on), venn_pick, &p);
	}
	html_raw_trusted(b, "</section>\n");
}

void report_venn_get(struct request *req)
{
	struct report_data d = { 0 };
	struct rview v;
	struct strbuf *b;
	const char *area = request_text(req, "area");
	const char *region = request_text(req, "region");
	enum area only = AREA__MAX;

	if (!rview_read(req, &v, "venn"))
		return;
	if ((area[0] && (!area_parse(area, &only) || !report_venn_area(only))) ||
	    (region[0] &&
	     (strlen(region) != 5 || region[3] != '-' || region[4] < '0' || region[4] > '7'))) {
		page_error(req, 400, "The area or region asked for is not one of this report's.");
		goto out;
	}
	page_begin(req, "Venn Diagram", NAV_REPORTS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, req->estab.name);
	html_close(b, "p");
	pickers(req, &v, true, area);
	if (load(req, &v, &d)) {
		print_button(b);
		html_raw_trusted(b, "</p>");
		html_elem(b, "p",
			  d.a.kind == SCALE_ELG ?
				  "Pupils at Expected in each area of development; select "
				  "a number to list its pupils." :
				  "Pupils On track in each area of development; select a "
				  "number to list its pupils.");
		for (int a = 0; a < AREA__MAX; a++)
			if (report_venn_area((enum area)a) &&
			    (only == AREA__MAX || only == (enum area)a))
				venn_block(req, &v, &d, (enum area)a, region);
	}
	html_raw_trusted(b, "<script src=\"/static/reports.js\" defer></script>\n");
	page_end(req);
out:
	report_data_free(&d);
	rview_free(&v);
}
