/*
 * assessments: the EYFS tracking screens. /assessments lists the schools the
 * user may see (one for a teacher); /schools/:laestab/assessments is
 * the grid of every assessment of one academic year and year group, each a real
 * <table> (pupils as rows, the 17 areas of development grouped under the 7 areas
 * of learning) that web/static/grid.js makes editable from the keyboard; plus
 * the create, edit and delete forms and the CSV and XLSX downloads. The
 * dispatcher has resolved :laestab and checked the route's action; assessments
 * of another school answer 404 (app/assess.h scopes them).
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/assess.h"
#include "base/xalloc.h"
#include "core/access.h"
#include "core/calendar.h"
#include "core/pupil_filter.h"
#include "formats/csv_write.h"
#include "formats/xlsx_write.h"
#include "web/csrf.h"
#include "web/html.h"
#include "web/pages/assessments_grid.h"
#include "web/scope.h"
#include "web/session.h"

static const char *const yg_choices[] = { "N1", "N2", "R", NULL };
static const int yg_values[] = { YEAR_N1, YEAR_N2, YEAR_R };

static struct actor actor_of(struct request *req)
{
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	return who;
}

static const char *base_href(struct request *req)
{
	return arena_printf(&req->arena, "/schools/%d/assessments",
			    establishment_laestab(&req->estab));
}

static bool may_write(struct request *req)
{
	struct resource_scope s = access_scope_of_establishment(&req->estab);
	return access_allowed(&req->user, ACT_ASSESS_WRITE, &s);
}

/* GET /assessments: the schools whose assessments the user may see (for a
 * teacher, their one school), each linking to its grid. */
void assessments_home_get(struct request *req)
{
	struct establishment *list = NULL;
	struct strbuf *b;
	size_t n = 0;

	if (scope_visible_schools(req, &list, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	page_begin(req, "Assessments", NAV_ASSESSMENTS);
	b = resp_body(req);
	if (n == 0)
		html_elem(b, "p", "There are no schools in your area yet.");
	else
		html_elem(b, "p", "Early years tracking: choose the school.");
	html_open(b, "ul", "class", "school-links", NULL);
	for (size_t i = 0; i < n; i++) {
		int le = establishment_laestab(&list[i]);
		struct resource_scope scope = access_scope_of_establishment(&list[i]);
		html_open(b, "li", NULL);
		html_open(b, "a", "href", arena_printf(&req->arena, "/schools/%d/assessments", le),
			  NULL);
		html_text(b, list[i].name);
		html_close(b, "a");
		/* The statutory entry lists (phonics, KS1, KS2) are entered by the same
		 * staff: reachable from here for everyone who may enter them, teachers
		 * included, who have no Submissions menu. */
		if (access_allowed(&req->user, ACT_ASSESS_READ, &scope)) {
			html_text(b, ": statutory results: ");
			html_open(b, "a", "href",
				  arena_printf(&req->arena, "/schools/%07d/statutory/phonics", le),
				  NULL);
			html_text(b, "phonics");
			html_close(b, "a");
			html_text(b, ", ");
			html_open(b, "a", "href",
				  arena_printf(&req->arena, "/schools/%07d/statutory/ks1", le),
				  NULL);
			html_text(b, "KS1");
			html_close(b, "a");
			html_text(b, ", ");
			html_open(b, "a", "href",
				  arena_printf(&req->arena, "/schools/%07d/statutory/ks2", le),
				  NULL);
			html_text(b, "KS2");
			html_close(b, "a");
		}
		html_close(b, "li");
	}
	html_close(b, "ul");
	page_end(req);
}

/* ---- the grid page (its tables: assessments_grid.c) */

static void pickers(struct request *req, const struct view *v, const struct estab_profile *prof)
{
	struct strbuf *b = resp_body(req);
	int now = academic_year_of(date_from_unix(app_now(req->app)));
	char label[ACADEMIC_YEAR_LABEL_MAX], val[8];

	html_open(b, "form", "method", "get", "action", base_href(req), "class", "grid-pickers",
		  NULL);
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
			  yg_values[i] == v->yg ? "" : NULL, NULL);
		html_text(b, i == 2 ? "Reception" : year_label(yg_values[i], yl));
		html_close(b, "option");
	}
	html_raw_trusted(b, "</select></label> ");
	html_open(b, "label", NULL);
	html_open(b, "input", "type", "checkbox", "name", "chars", "value", "1", "checked",
		  v->chars ? "" : NULL, NULL);
	html_raw_trusted(b, " Show pupil characteristics</label> ");
	html_open(b, "label", NULL);
	html_open(b, "input", "type", "checkbox", "name", "custom", "value", "1", "checked",
		  v->custom ? "" : NULL, NULL);
	html_raw_trusted(b, " Show custom fields</label> ");
	html_open(b, "label", NULL);
	html_open(b, "input", "type", "checkbox", "name", "elg", "value", "1", "checked",
		  v->elg ? "" : NULL, NULL);
	html_raw_trusted(b, " Show end of year early learning goals</label> ");
	page_filter_form(req, &v->filter, prof);
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Select</button> ");
	html_open(b, "a", "href", base_href(req), NULL);
	html_raw_trusted(b, "Reset</a></form>\n");
}

/* "Screen data" (the assessments of the screen, its filter and the columns of its
 * view menu) and "All data" (every year group of the academic year, the plain
 * columns) as one XLSX each. */
static void download_links(struct request *req, const struct view *v)
{
	struct strbuf *b = resp_body(req);
	char fq[256] = "";
	int i = v->yg == YEAR_N1 ? 0 : v->yg == YEAR_N2 ? 1 : 2;

	if (!pupil_filter_to_query(&v->filter, fq, sizeof(fq)))
		fq[0] = '\0';
	html_raw_trusted(b, "<p class=\"grid-downloads\">Download: ");
	html_open(b, "a", "href",
		  arena_printf(&req->arena, "%s/download?format=xlsx&year=%d&yg=%s%s%s%s%s%s",
			       base_href(req), v->year, yg_choices[i], v->elg ? "&elg=1" : "",
			       v->chars ? "&chars=1" : "", v->custom ? "&custom=1" : "",
			       fq[0] ? "&" : "", fq),
		  "download", "", NULL);
	html_raw_trusted(b, "Screen data (Excel)</a> ");
	html_open(b, "a", "href",
		  arena_printf(&req->arena, "%s/download?format=xlsx&year=%d&all=1", base_href(req),
			       v->year),
		  "download", "", NULL);
	html_raw_trusted(b, "All data (Excel)</a></p>\n");
}

static int by_date(const void *x, const void *y)
{
	const struct assessment *a = x, *b = y;
	struct date da = a->kind == SCALE_ELG && date_valid(a->completion) ? a->completion :
									     a->date;
	struct date db = b->kind == SCALE_ELG && date_valid(b->completion) ? b->completion :
									     b->date;
	int c = date_cmp(da, db);

	return c ? c : (a->id > b->id) - (a->id < b->id);
}

/* The columns a download adds as the screen's view menu asks (chars=1,
 * custom=1, the school's names of its custom fields in *prof), for CSV or XLSX. */
static struct assess_sheet_opts sheet_opts(struct request *req, bool xlsx,
					   struct estab_profile *prof)
{
	struct assess_sheet_opts o = { .chars = request_bool(req, "chars"), .csv = !xlsx };

	if (request_bool(req, "custom")) {
		/* the defaults "Custom N" when the profile cannot be read, as the screen */
		memset(prof, 0, sizeof(*prof));
		if (session_estab_profile(req, req->estab.id, prof, NULL) != ERR_OK)
			memset(prof, 0, sizeof(*prof));
		o.custom = prof;
	}
	return o;
}

/* GET .../assessments/download?format=xlsx|csv&year=Y and either all=1 (every
 * year group, ordered by year group then date, each grid with only the pupils
 * of that year group, the plain columns) or the screen's yg, elg, chars, custom
 * and characteristics filter. */
void assessments_download_get(struct request *req)
{
	bool xlsx = request_enum(req, "format") != 0;
	bool all = request_bool(req, "all");
	int year = request_has(req, "year") ? (int)request_int(req, "year") :
					      academic_year_of(date_from_unix(app_now(req->app)));
	int yg = request_enum(req, "yg") >= 0 ? yg_values[request_enum(req, "yg")] : YEAR_R;
	struct assessment *list = NULL;
	struct assess_grid *grids = NULL;
	const char **titles = NULL;
	struct pupil_filter filter;
	struct estab_profile prof;
	struct assess_sheet_opts opts = { .csv = !xlsx };
	struct assess_sheet sh;
	struct errbuf eb = { "" };
	const char *bad = NULL;
	char *data = NULL;
	size_t n = 0, ng = 0, len = 0;

	if (!req->has_estab)
		BUG("assessments_download_get without an authorised establishment");
	pupil_filter_init(&filter);
	if (!all && !page_filter_read(req, &filter, &bad)) {
		page_error(req, 400,
			   "One of the pupil characteristics is not one the filter takes.");
		return;
	}
	if (store_assessment_list(req->db, req->estab.id, year, &list, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	if (n > 1)
		qsort(list, n, sizeof(*list), by_date);
	grids = xcalloc(3 * (n ? n : 1), sizeof(*grids));
	titles = xcalloc(3 * (n ? n : 1), sizeof(*titles));
	for (int gi = 0; gi < 3; gi++) {
		char date[11], yl[YEAR_LABEL_MAX];
		if (!all && yg_values[gi] != yg)
			continue;
		for (size_t i = 0; i < n; i++) {
			const struct assessment *a = &list[i];
			if (!(a->year_groups & assess_yg_bit(yg_values[gi])))
				continue;
			if (!all && a->kind == SCALE_ELG && !request_bool(req, "elg"))
				continue;
			if (assess_grid_load(req->app, req->db, &req->estab, a->id, &grids[ng]) !=
			    ERR_OK)
				continue;
			if (all)
				assess_grid_keep_year(&grids[ng], yg_values[gi]);
			else
				assess_grid_filter(&grids[ng], &filter);
			date_format_dmy(a->kind == SCALE_ELG && date_valid(a->completion) ?
						a->completion :
						a->date,
					date);
			titles[ng] =
				arena_printf(&req->arena, "%s: %s (%s)",
					     gi == 2 ? "Reception" : year_label(yg_values[gi], yl),
					     a->name, date);
			ng++;
		}
	}
	if (!all)
		opts = sheet_opts(req, xlsx, &prof);
	assess_grids_sheet(grids, titles, ng, &opts, &sh);
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
		    arena_printf(&req->arena, "attachment; filename=\"eyfs-%s-%d-%d.%s\"",
				 all ? "all" : "screen", establishment_laestab(&req->estab), year,
				 xlsx ? "xlsx" : "csv"));
out:
	free(data);
	assess_sheet_free(&sh);
	for (size_t i = 0; i < ng; i++)
		assess_grid_free(&grids[i]);
	free(grids);
	free(titles);
	free(list);
}

static void plus_menu(struct request *req, const struct view *v)
{
	struct strbuf *b = resp_body(req);

	if (!v->write)
		return;
	html_raw_trusted(b, "<details class=\"plus-menu\"><summary aria-label=\"Add\">+ Add"
			    "</summary><ul>");
	html_raw_trusted(b, "<li>");
	html_open(b, "a", "href", arena_printf(&req->arena, "%s/new?kind=tracking", base_href(req)),
		  NULL);
	html_raw_trusted(b, "Assessment</a></li><li>");
	html_open(b, "a", "href", arena_printf(&req->arena, "%s/new?kind=elg", base_href(req)),
		  NULL);
	html_raw_trusted(b, "Early Learning Goals</a></li></ul></details>\n");
}

void assessments_get(struct request *req)
{
	struct assessment *list = NULL;
	struct estab_profile prof;
	struct view v = { 0 };
	struct strbuf *b;
	size_t n = 0, shown = 0;
	const char *bad = NULL;
	bool excluded = false;

	if (!req->has_estab)
		BUG("assessments_get without an authorised establishment");
	v.year = request_has(req, "year") ? (int)request_int(req, "year") :
					    academic_year_of(date_from_unix(app_now(req->app)));
	v.yg = request_enum(req, "yg") >= 0 ? yg_values[request_enum(req, "yg")] : YEAR_R;
	v.chars = request_bool(req, "chars");
	v.custom = request_bool(req, "custom");
	v.elg = request_bool(req, "elg");
	v.write = may_write(req);
	pupil_filter_init(&v.filter);
	if (!page_filter_read(req, &v.filter, &bad)) {
		page_error(req, 400,
			   "One of the pupil characteristics is not one the filter takes.");
		return;
	}
	/* the page's reads in one snapshot (its figures and rows agree) */
	store_read_begin(req->db, NULL);
	memset(&prof, 0, sizeof(prof));
	if (session_estab_profile(req, req->estab.id, &prof, NULL) != ERR_OK)
		memset(&prof, 0, sizeof(prof));
	v.prof = &prof;
	if (store_assessment_list(req->db, req->estab.id, v.year, &list, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	page_begin(req, "Assessments", NAV_ASSESSMENTS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, req->estab.name);
	html_close(b, "p");
	html_csrf_field(b, csrf_token(req));
	/* past the pickers, links and buttons to the first cell (grid.js moves
	 * focus into it; without the script the link goes to the first grid) */
	html_raw_trusted(b, "<a href=\"#grid-start\" class=\"skip-inline grid-skip\">Skip to the "
			    "grid</a>");
	pickers(req, &v, &prof);
	download_links(req, &v);
	plus_menu(req, &v);
	html_raw_trusted(b, "<div class=\"grid-status\" role=\"status\" aria-live=\"polite\">"
			    "</div>");
	if (v.write)
		html_raw_trusted(b, "<p class=\"grid-help\">Arrow keys move; type B or O (E, X or "
				    "A for early learning goals) to enter a judgement, Delete to "
				    "clear, Ctrl+Z to undo. Every change is saved as you make it; "
				    "<strong>Save now</strong> sends at once any changes still "
				    "waiting to be sent (after a connection problem, say). "
				    "<button type=\"button\" class=\"button grid-save\">Save now"
				    "</button> "
				    "<button type=\"button\" class=\"button grid-print\">Print"
				    "</button></p>\n");
	else
		html_raw_trusted(b, "<p class=\"grid-help\"><button type=\"button\" class=\"button "
				    "grid-print\">Print</button></p>\n");
	for (size_t i = 0; i < n; i++) {
		struct assess_grid g;
		if (!(list[i].year_groups & assess_yg_bit(v.yg)))
			continue;
		if (list[i].kind == SCALE_ELG && !v.elg)
			continue;
		/* the assessment as listed (no second read), the cells without writers */
		if (assess_grid_load_screen(req->db, &req->estab, &list[i], &g) != ERR_OK)
			continue;
		assess_grid_filter(&g, &v.filter);
		for (size_t r = 0; r < g.nrows; r++)
			excluded |= !g.rows[r].pupil.include_in_data;
		/* hidden while every pupil of the first grid is included; grid.js
		 * looks at every grid's "displaying" line on load, and again when a
		 * save's statistics say a pupil is left out */
		if (shown == 0)
			html_raw_trusted(b, excluded ?
						    "<p class=\"notice excluded-notice\">" :
						    "<p class=\"notice excluded-notice\" hidden>");
		if (shown == 0) {
			html_raw_trusted(b, "Include in Data has been set to <strong>No</strong> "
					    "for a number of pupils: they are left out of the "
					    "statistics.</p>\n");
			assessments_grid_key(req);
			html_raw_trusted(b, "<span id=\"grid-start\"></span>");
		}
		assessments_grid_table(req, &g, &v);
		assess_grid_free(&g);
		shown++;
	}
	if (shown == 0)
		html_elem(b, "p",
			  v.elg || v.yg != YEAR_R ?
				  "There are no assessments for this year group yet." :
				  "There are no assessments for this year group yet (tick \"Show "
				  "end of year early learning goals\" to see those).");
	if (shown)
		html_raw_trusted(b, "<script src=\"/static/grid.js\" defer></script>\n");
	page_end(req);
	store_read_end(req->db);
	free(list);
}

/* ---- create, edit, delete */

/* The create (editing false) or edit form, filled in from a when not NULL. */
static void form_page(struct request *req, const struct assessment *a, bool editing,
		      enum scale_kind kind, const char *error)
{
	struct strbuf *b;
	char date[11] = "", completion[11] = "", ver[24];
	bool elg = kind == SCALE_ELG;
	const char *action =
		editing ? arena_printf(&req->arena, "%s/%lld", base_href(req), (long long)a->id) :
			  base_href(req);

	if (a && date_valid(a->date))
		date_format_dmy(a->date, date);
	if (a && date_valid(a->completion))
		date_format_dmy(a->completion, completion);
	page_begin(req,
		   editing ? "Edit assessment" :
		   elg	   ? "New early learning goals" :
			     "New assessment",
		   NAV_ASSESSMENTS);
	b = resp_body(req);
	if (error) {
		html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">");
		html_elem(b, "p", error);
		html_raw_trusted(b, "</div>");
	}
	html_open(b, "form", "method", "post", "action", action, NULL);
	html_csrf_field(b, csrf_token(req));
	html_open(b, "input", "type", "hidden", "name", "kind", "value", elg ? "elg" : "tracking",
		  NULL);
	if (editing) {
		snprintf(ver, sizeof(ver), "%lld", (long long)a->version);
		html_open(b, "input", "type", "hidden", "name", "version", "value", ver, NULL);
	}
	html_form_field(b, &(struct html_field){
				   .name = "name",
				   .label = "Assessment name",
				   .value = a ? a->name :
						(elg ? "End of Year Early Learning Goals" : NULL),
				   .required = true,
				   .autofocus = true,
				   .maxlength = ASSESS_NAME_MAX });
	if (elg)
		html_form_field(
			b, &(struct html_field){ .name = "completion",
						 .label = "Completion date",
						 .hint = "The date the early learning goals are "
							 "to be completed by, e.g. 30/06/2026",
						 .value = completion,
						 .required = true });
	else
		html_form_field(b, &(struct html_field){ .name = "date",
							 .label = "Assessment date",
							 .hint = "For example 14/10/2025",
							 .value = date,
							 .required = true });
	if (!elg) {
		html_raw_trusted(b, "<fieldset><legend>Years</legend>");
		static const char *const names[] = { "yg_n1", "yg_n2", "yg_r" };
		static const char *const labels[] = { "Nursery 1", "Nursery 2", "Reception" };
		static const unsigned bits[] = { ASSESS_YG_N1, ASSESS_YG_N2, ASSESS_YG_R };
		for (int i = 0; i < 3; i++) {
			html_open(b, "label", NULL);
			html_open(b, "input", "type", "checkbox", "name", names[i], "value", "1",
				  "checked", a && (a->year_groups & bits[i]) ? "" : NULL, NULL);
			html_text(b, " ");
			html_text(b, labels[i]);
			html_raw_trusted(b, "</label> ");
		}
		html_raw_trusted(b, "</fieldset>");
	}
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Submit</button> ");
	html_open(b, "a", "href", base_href(req), NULL);
	html_raw_trusted(b, "Close</a></form>\n");
	if (editing) {
		html_elem(b, "h2", "Delete this assessment");
		html_open(b, "form", "method", "post", "action",
			  arena_printf(&req->arena, "%s/delete", action), NULL);
		html_csrf_field(b, csrf_token(req));
		html_raw_trusted(b, "<label><input type=\"checkbox\" name=\"confirm\" value=\"1\"> "
				    "Delete the judgements too</label> <button type=\"submit\" "
				    "class=\"button warning\">Delete</button></form>\n");
	}
	page_end(req);
}

void assessment_new_get(struct request *req)
{
	form_page(req, NULL, false, request_enum(req, "kind") == 1 ? SCALE_ELG : SCALE_TRACKING,
		  NULL);
}

static struct date date_of(const char *text)
{
	struct date d = { 0 };
	if (!date_parse_dmy(text, &d) && !date_parse_iso(text, &d))
		memset(&d, 0, sizeof(d));
	return d;
}

static void input_of(struct request *req, struct assess_input *in)
{
	memset(in, 0, sizeof(*in));
	in->name = request_text(req, "name");
	in->kind = request_enum(req, "kind") == 1 ? SCALE_ELG : SCALE_TRACKING;
	in->date = date_of(request_text(req, "date"));
	in->completion = date_of(request_text(req, "completion"));
	in->year_groups = (request_bool(req, "yg_n1") ? ASSESS_YG_N1 : 0) |
			  (request_bool(req, "yg_n2") ? ASSESS_YG_N2 : 0) |
			  (request_bool(req, "yg_r") ? ASSESS_YG_R : 0);
	if (in->kind == SCALE_ELG)
		in->year_groups = ASSESS_YG_R;
}

static void back_to_grid(struct request *req, const struct assessment *a)
{
	int yg = a->year_groups & ASSESS_YG_R ? 2 : a->year_groups & ASSESS_YG_N2 ? 1 : 0;
	resp_redirect(req, arena_printf(&req->arena, "%s?year=%d&yg=%s%s", base_href(req),
					a->academic_year, yg_choices[yg],
					a->kind == SCALE_ELG ? "&elg=1" : ""));
}

void assessment_create_post(struct request *req)
{
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	struct assess_input in;
	struct assessment a;

	input_of(req, &in);
	if (assess_create(req->app, req->db, &who, &req->estab, &in, &a, &eb) != ERR_OK) {
		struct assessment shown = { .year_groups = in.year_groups,
					    .date = in.date,
					    .completion = in.completion };
		snprintf(shown.name, sizeof(shown.name), "%s", in.name);
		resp_status(req, 422);
		form_page(req, &shown, false, in.kind, eb.msg);
		return;
	}
	back_to_grid(req, &a);
}

void assessment_edit_get(struct request *req)
{
	struct assessment a;

	if (assess_get(req->db, &req->estab, request_int(req, "id"), &a) != ERR_OK) {
		page_error(req, 404, NULL);
		return;
	}
	form_page(req, &a, true, a.kind, NULL);
}

void assessment_update_post(struct request *req)
{
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	struct assess_input in;
	struct assessment a;
	enum err e;

	input_of(req, &in);
	e = assess_update(req->app, req->db, &who, &req->estab, request_int(req, "id"),
			  request_int(req, "version"), &in, &a, &eb);
	if (e == ERR_NOT_FOUND) {
		page_error(req, 404, NULL);
		return;
	}
	if (e) {
		if (assess_get(req->db, &req->estab, request_int(req, "id"), &a) != ERR_OK) {
			page_error(req, 404, NULL);
			return;
		}
		resp_status(req, e == ERR_CONFLICT ? 409 : 422);
		form_page(req, &a, true, a.kind, eb.msg);
		return;
	}
	back_to_grid(req, &a);
}

void assessment_delete_post(struct request *req)
{
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	struct assessment a;
	enum err e;

	if (assess_get(req->db, &req->estab, request_int(req, "id"), &a) != ERR_OK) {
		page_error(req, 404, NULL);
		return;
	}
	e = assess_delete(req->app, req->db, &who, &req->estab, a.id, request_bool(req, "confirm"),
			  &eb);
	if (e) {
		resp_status(req, e == ERR_CONFLICT || e == ERR_LOCKED ? 409 : 422);
		form_page(req, &a, true, a.kind, eb.msg);
		return;
	}
	back_to_grid(req, &a);
}

/* GET .../:id/download?format=csv|xlsx: the grid as a file, with the pupils of
 * the f_* filter and the columns of chars=1 and custom=1 when given (the grid's
 * own download link passes the screen's view). */
void assessment_download_get(struct request *req)
{
	struct estab_profile prof;
	struct assess_sheet_opts opts;
	struct pupil_filter filter;
	struct assess_sheet sh;
	struct assess_grid g;
	struct errbuf eb = { "" };
	const char *bad = NULL;
	char *data = NULL;
	size_t len = 0;
	bool xlsx = request_enum(req, "format") == 1;

	pupil_filter_init(&filter);
	if (!page_filter_read(req, &filter, &bad)) {
		page_error(req, 400,
			   "One of the pupil characteristics is not one the filter takes.");
		return;
	}
	if (assess_grid_load(req->app, req->db, &req->estab, request_int(req, "id"), &g) !=
	    ERR_OK) {
		page_error(req, 404, NULL);
		return;
	}
	assess_grid_filter(&g, &filter);
	opts = sheet_opts(req, xlsx, &prof);
	assess_grid_sheet(&g, &opts, &sh);
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
		    arena_printf(&req->arena, "attachment; filename=\"assessment-%lld.%s\"",
				 (long long)g.a.id, xlsx ? "xlsx" : "csv"));
out:
	free(data);
	assess_sheet_free(&sh);
	assess_grid_free(&g);
}
