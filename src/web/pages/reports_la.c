/*
 * reports_la: the cross-school tables (issue 8c). /la/reports for an LA officer
 * (their LA's schools) and /trust/reports for a MAT admin (their trust's
 * schools): one row per school and a total row for the EYFS profile, the
 * phonics check or KS2 teacher assessment of an academic year, figures on fewer
 * than 5 pupils shown as "x" (app/report_table.h decides; the page only writes
 * its cells), CSV and XLSX downloads of the same cells. A system admin picks
 * the LA (?la=NNN) or trust (?trust=ID); anyone else always sees their own.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/report_table.h"
#include "core/access.h"
#include "core/calendar.h"
#include "formats/csv_write.h"
#include "formats/xlsx_write.h"
#include "web/html.h"
#include "web/pages/reports_la.h"

/* The collections with a table, in the order the filter offers them. */
static const enum collection table_colls[] = { COLL_EYFSP, COLL_PHONICS, COLL_KS2 };
const char *const reports_la_collections[] = { "eyfsp", "phonics", "ks2", NULL };

enum err reports_la_area(struct request *req, bool trust, int64_t *la_id, int64_t *trust_id)
{
	struct resource_scope scope = { 0, 0, 0 };

	*la_id = 0;
	*trust_id = 0;
	if (trust) {
		struct trust t;
		int64_t id = request_has(req, "trust") ? request_int(req, "trust") :
							 req->user.trust_id;
		if (!id || store_trust_get(req->db, id, &t) != ERR_OK)
			return ERR_NOT_FOUND;
		scope.trust_id = t.id;
		*trust_id = t.id;
	} else {
		struct la la;
		enum err rc =
			request_has(req, "la") ?
				store_la_get_by_code(req->db, (int)request_int(req, "la"), &la) :
			req->user.la_id ? store_la_get(req->db, req->user.la_id, &la) :
					  ERR_NOT_FOUND;
		if (rc != ERR_OK)
			return ERR_NOT_FOUND;
		scope.la_id = la.id;
		*la_id = la.id;
	}
	if (!access_allowed(&req->user, trust ? ACT_TRUST_READ : ACT_LA_READ, &scope))
		return ERR_NOT_FOUND;
	return ERR_OK;
}

enum collection reports_la_collection(struct request *req)
{
	int k = request_enum(req, "collection");

	return k >= 0 ? table_colls[k] : COLL_EYFSP;
}

int reports_la_year(struct request *req, const char *param)
{
	if (request_has(req, param))
		return (int)request_int(req, param);
	return academic_year_of(date_from_unix(app_now(req->app)));
}

static void download(struct request *req, const struct rtable *t, bool xlsx)
{
	struct assess_sheet sh;
	struct errbuf eb = { "" };
	char *data = NULL;
	size_t len = 0;

	rtable_sheet(t, &sh);
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
		    arena_printf(&req->arena, "attachment; filename=\"%s-%s-%d.%s\"",
				 t->trust ? "trust" : "la", collection_code(t->coll),
				 t->academic_year, xlsx ? "xlsx" : "csv"));
out:
	free(data);
	assess_sheet_free(&sh);
}

static void filters(struct request *req, const struct rtable *t, const char *base, const char *keep)
{
	struct strbuf *b = resp_body(req);
	int now = academic_year_of(date_from_unix(app_now(req->app)));
	char ay[ACADEMIC_YEAR_LABEL_MAX], val[16];

	html_open(b, "form", "method", "get", "action", base, "class", "report-pickers", NULL);
	if (keep[0]) {
		const char *eq = strchr(keep, '=');
		html_open(b, "input", "type", "hidden", "name",
			  arena_printf(&req->arena, "%.*s", (int)(eq - keep), keep), "value",
			  eq + 1, NULL);
	}
	html_raw_trusted(b, "<div class=\"field\"><label for=\"f-year\">Academic year</label>");
	html_open(b, "select", "id", "f-year", "name", "year", NULL);
	for (int y = now + 1; y >= now - 5; y--) {
		snprintf(val, sizeof(val), "%d", y);
		html_open(b, "option", "value", val, "selected", y == t->academic_year ? "" : NULL,
			  NULL);
		html_text(b, academic_year_label(y, ay));
		html_close(b, "option");
	}
	html_raw_trusted(b, "</select></div>\n<div class=\"field\"><label for=\"f-coll\">"
			    "Collection</label>");
	html_open(b, "select", "id", "f-coll", "name", "collection", NULL);
	for (size_t i = 0; i < sizeof(table_colls) / sizeof(table_colls[0]); i++) {
		html_open(b, "option", "value", reports_la_collections[i], "selected",
			  table_colls[i] == t->coll ? "" : NULL, NULL);
		html_text(b, collection_label(table_colls[i]));
		html_close(b, "option");
	}
	html_raw_trusted(b, "</select></div>\n<div class=\"field\"><label for=\"f-by\">"
			    "Rows</label>");
	html_open(b, "select", "id", "f-by", "name", "by", NULL);
	html_open(b, "option", "value", "school", "selected", t->by_characteristic ? NULL : "",
		  NULL);
	html_text(b, "By school");
	html_close(b, "option");
	html_open(b, "option", "value", "characteristic", "selected",
		  t->by_characteristic ? "" : NULL, NULL);
	html_text(b, "By characteristic");
	html_close(b, "option");
	html_raw_trusted(b, "</select></div>\n<button type=\"submit\">Show</button></form>\n");
}

static void table_row(struct strbuf *b, const struct rtable *t, const struct rtable_row *row,
		      bool total)
{
	char buf[32];

	html_open(b, "tr", "class", total ? "total" : NULL, NULL);
	html_open(b, "th", "scope", "row", NULL);
	if (row->group.family_label)
		html_text(b, row->group.family_label);
	if (row->group.family_label)
		html_text(b, ": ");
	html_text(b, row->name);
	if (row->laestab) {
		snprintf(buf, sizeof(buf), " (%07d)", row->laestab);
		html_open(b, "span", "class", "hint", NULL);
		html_text(b, buf);
		html_close(b, "span");
	}
	html_close(b, "th");
	for (size_t k = 0; k < t->ncols; k++) {
		const struct report_cell *c = &row->cell[k];
		html_open(b, "td", "class", c->hidden ? "num suppressed" : "num", NULL);
		html_text(b, rtable_cell_text(c, buf, sizeof(buf)));
		html_close(b, "td");
	}
	html_close(b, "tr");
	html_raw_trusted(b, "\n");
}

static void table_get(struct request *req, bool trust)
{
	const char *base = trust ? "/trust/reports" : "/la/reports";
	struct rtable t;
	struct strbuf *b;
	int64_t la_id, trust_id;
	const char *keep = "", *query;
	char ay[ACADEMIC_YEAR_LABEL_MAX];
	enum err rc;

	if (reports_la_area(req, trust, &la_id, &trust_id) != ERR_OK) {
		page_error(req, 404,
			   trust ? "There is no such trust in your area." :
				   "There is no such local authority in your area.");
		return;
	}
	if (request_has(req, "la"))
		keep = arena_printf(&req->arena, "la=%lld", (long long)request_int(req, "la"));
	else if (request_has(req, "trust"))
		keep = arena_printf(&req->arena, "trust=%lld",
				    (long long)request_int(req, "trust"));
	if (request_enum(req, "by") == 1)
		rc = rtable_build_by_characteristic(req->app, req->db, la_id, trust_id,
						    reports_la_collection(req),
						    reports_la_year(req, "year"), &t);
	else
		rc = rtable_build(req->app, req->db, la_id, trust_id, reports_la_collection(req),
				  reports_la_year(req, "year"), &t);
	if (rc != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	if (request_enum(req, "format") >= 0) {
		download(req, &t, request_enum(req, "format") == 1);
		rtable_free(&t);
		return;
	}
	page_begin(req, trust ? "Trust reports" : "LA reports", NAV_REPORTS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b,
		  arena_printf(&req->arena, "%s: %s, %s, every school of %s %s.", t.area,
			       collection_label(t.coll), academic_year_label(t.academic_year, ay),
			       trust ? "the trust" : "the LA",
			       trust ? "side by side with the trust total" :
				       "side by side with the LA total"));
	html_close(b, "p");
	filters(req, &t, base, keep);
	query = arena_printf(&req->arena, "%s?%s%syear=%d&collection=%s%s", base, keep,
			     keep[0] ? "&" : "", t.academic_year, collection_code(t.coll),
			     t.by_characteristic ? "&by=characteristic" : "");
	html_open(b, "p", "class", "downloads", NULL);
	html_open(b, "a", "href", arena_printf(&req->arena, "%s&format=xlsx", query), "download",
		  "", NULL);
	html_text(b, "Download XLSX");
	html_close(b, "a");
	html_text(b, " | ");
	html_open(b, "a", "href", arena_printf(&req->arena, "%s&format=csv", query), "download", "",
		  NULL);
	html_text(b, "Download CSV");
	html_close(b, "a");
	html_close(b, "p");
	if (t.nrows == 0) {
		html_elem(b, "p",
			  trust ? "There are no schools in the trust yet." :
				  "There are no schools in the LA yet.");
	} else {
		html_raw_trusted(b, "<div class=\"table-wrap\"><table class=\"data report-table\">"
				    "\n<caption>");
		html_text(b, arena_printf(&req->arena, "%s by %s, %s", collection_label(t.coll),
					  t.by_characteristic ? "pupil characteristic" : "school",
					  academic_year_label(t.academic_year, ay)));
		html_raw_trusted(b, t.by_characteristic ?
					    "</caption>\n<thead><tr><th scope=\"col\">Group</th>" :
					    "</caption>\n<thead><tr><th scope=\"col\">School</th>");
		for (size_t k = 0; k < t.ncols; k++) {
			html_open(b, "th", "scope", "col", NULL);
			html_text(b, t.col[k].label);
			html_close(b, "th");
		}
		html_raw_trusted(b, "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < t.nrows; i++)
			table_row(b, &t, &t.rows[i], false);
		html_raw_trusted(b, "</tbody>\n<tfoot>\n");
		table_row(b, &t, &t.total, true);
		html_raw_trusted(b, "</tfoot></table></div>\n");
	}
	html_open(b, "p", "class", "hint suppression-note", NULL);
	html_text(b, "x: a figure based on fewer than 5 pupils, or one that would let such a "
		     "figure be worked out from the total, is not shown, to protect the pupils "
		     "behind it. Percentages and averages are of the pupils assessed.");
	html_close(b, "p");
	page_end(req);
	rtable_free(&t);
}

void la_table_get(struct request *req)
{
	table_get(req, false);
}

void trust_table_get(struct request *req)
{
	table_get(req, true);
}
