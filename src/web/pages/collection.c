/*
 * collection: the LA collection screens (issue 7). LA officer: the requests list,
 * the create / edit form (a message beside each wrong field), and the dashboard
 * of one request (every target school with its status, last file, sender and
 * time; counts; a status filter; CSV export) and one received file with its
 * problems. School: its open requests, one request with "Upload & send" and the
 * files sent, and the result of one file with its full problem list. Use cases in app/collection.h decide which requests
 * a user may see (404 otherwise, as for a missing one).
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/collection.h"
#include "app/collection_mat.h" /* issue 7d */
#include "base/log.h"
#include "base/xalloc.h"
#include "core/access.h"
#include "core/calendar.h"
#include "web/csrf.h"
#include "web/html.h"
#include "web/scope.h"

static struct actor actor_of(const struct request *req)
{
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	return who;
}

/* "26/06/2026 17:00 UTC" (owned by the request). */
static const char *when_text(struct request *req, int64_t t)
{
	char day[11];
	int64_t s = ((t % 86400) + 86400) % 86400;

	date_format_dmy(date_from_unix(t), day);
	return arena_printf(&req->arena, "%s %02d:%02d UTC", day, (int)(s / 3600),
			    (int)(s / 60 % 60));
}

static const char *file_status_label(const char *status)
{
	if (strcmp(status, "successful") == 0)
		return "Successful";
	if (strcmp(status, "successful-with-queries") == 0)
		return "Successful with queries";
	if (strcmp(status, "upload-error") == 0)
		return "Upload error";
	if (strcmp(status, "overwritten") == 0)
		return "Overwritten";
	return status;
}

static void status_tag(struct strbuf *b, enum req_status s)
{
	html_open(b, "span", "class", "tag", "data-status", req_status_code(s), NULL);
	html_text(b, req_status_label(s));
	html_close(b, "span");
}

/* ---- LA officer ---- */

static const char *la_href(struct request *req, int64_t id, const char *rest)
{
	return arena_printf(&req->arena, "/la/requests/%lld%s", (long long)id, rest);
}

void requests_home_get(struct request *req)
{
	struct establishment *list = NULL;
	struct strbuf *b;
	size_t n = 0;

	if (role_scope(req->user.role) == SCOPE_ESTABLISHMENT) {
		const struct establishment *e;
		if (scope_own_school(req, &e) != ERR_OK) {
			page_error(req, 500, NULL);
			return;
		}
		resp_redirect(req, arena_printf(&req->arena, "/schools/%07d/requests",
						establishment_laestab(e)));
		return;
	}
	if (role_scope(req->user.role) == SCOPE_LA) {
		resp_redirect(req, "/la/requests");
		return;
	}
	if (scope_visible_schools(req, &list, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	page_begin(req, "File requests", NAV_REQUESTS);
	b = resp_body(req);
	if (access_role_may(req->user.role, ACT_TRUST_UPLOAD)) /* issue 7d */
		html_raw_trusted(b, "<p><a class=\"button\" href=\"/trust/uploads\">Upload files "
				    "for several schools at once</a></p>\n");
	html_elem(b, "p", "Choose a school to see the files its local authority asked for.");
	html_raw_trusted(b, "<ul>");
	for (size_t i = 0; i < n; i++) {
		html_open(b, "li", NULL);
		html_open(b, "a", "href",
			  arena_printf(&req->arena, "/schools/%07d/requests",
				       establishment_laestab(&list[i])),
			  NULL);
		html_text(b, list[i].name);
		html_raw_trusted(b, "</a></li>");
	}
	html_raw_trusted(b, "</ul>\n");
	page_end(req);
}

void la_requests_get(struct request *req)
{
	struct file_request *list = NULL;
	struct strbuf *b;
	char ay[ACADEMIC_YEAR_LABEL_MAX];
	size_t n = 0;

	if (collection_requests_la(req->db, &req->user, &list, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	page_begin(req, "File requests", NAV_REQUESTS);
	b = resp_body(req);
	if (req->user.la_id) {
		html_raw_trusted(b, "<p><a class=\"button\" href=\"/la/requests/new\">New file "
				    "request</a></p>\n");
	}
	if (!n) {
		html_elem(b, "p", "There are no file requests yet.");
	} else {
		html_raw_trusted(
			b, "<div class=\"table-scroll\"><table class=\"data-table\">"
			   "<caption>Your file requests</caption><thead><tr>"
			   "<th scope=\"col\">Request</th><th scope=\"col\">Collection</th>"
			   "<th scope=\"col\">Academic year</th><th scope=\"col\">Deadline</th>"
			   "<th scope=\"col\">State</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < n; i++) {
			html_raw_trusted(b, "<tr><th scope=\"row\">");
			html_open(b, "a", "href", la_href(req, list[i].id, ""), NULL);
			html_text(b, list[i].name);
			html_raw_trusted(b, "</a></th><td>");
			html_text(b, collection_request_label(list[i].collection));
			html_raw_trusted(b, "</td><td>");
			html_text(b, academic_year_label(list[i].academic_year, ay));
			html_raw_trusted(b, "</td><td>");
			html_text(b, when_text(req, list[i].deadline));
			html_raw_trusted(b, "</td><td>");
			html_text(b, list[i].closed ? "Closed" : "Open");
			html_raw_trusted(b, "</td></tr>\n");
		}
		html_raw_trusted(b, "</tbody></table></div>\n");
	}
	free(list);
	page_end(req);
}

static const char *const coll_values[] = { "ks2", "ks1", "phonics", "eyfsp", "other" };

/* The create / edit form with the typed values and a message beside each field. */
static void request_form_page(struct request *req, int64_t id, const struct request_form *in,
			      const struct request_form_errors *fe)
{
	struct strbuf *b;
	bool errors = fe && (fe->name[0] || fe->collection[0] || fe->year[0] || fe->deadline[0] ||
			     fe->schools[0] || fe->remind[0]);

	if (errors)
		resp_status(req, 422);
	page_begin(req, id ? "Edit file request" : "New file request", NAV_REQUESTS);
	b = resp_body(req);
	if (errors)
		html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
				    "<h2>The request has problems: nothing was saved</h2><p>"
				    "Correct the fields marked below.</p></div>\n");
	html_open(b, "form", "method", "post", "action", id ? la_href(req, id, "") : "/la/requests",
		  NULL);
	html_csrf_field(b, csrf_token(req));
	html_form_field(b, &(struct html_field){ .name = "name",
						 .label = "Name",
						 .value = in->name,
						 .error = fe && fe->name[0] ? fe->name : NULL,
						 .hint = "What schools will see, such as \"KS2 "
							 "teacher assessment 2025/26\"",
						 .required = true,
						 .maxlength = FREQ_NAME_MAX });
	html_raw_trusted(b, "<div class=\"field\"><label for=\"f-collection\">Collection</label>");
	if (fe && fe->collection[0]) {
		html_raw_trusted(b, "<p class=\"error-message\" id=\"f-collection-error\">");
		html_text(b, fe->collection);
		html_raw_trusted(b, "</p>");
	}
	html_raw_trusted(b, "<select id=\"f-collection\" name=\"collection\">");
	for (size_t i = 0; i < ARRAY_SIZE(coll_values); i++) {
		html_open(b, "option", "value", coll_values[i], "selected",
			  in->collection && strcmp(in->collection, coll_values[i]) == 0 ? "" : NULL,
			  NULL);
		html_text(b, collection_request_label(coll_values[i]));
		html_close(b, "option");
	}
	html_raw_trusted(b, "</select></div>\n");
	html_form_field(b,
			&(struct html_field){ .name = "file_kinds",
					      .label = "Expected files (for \"Other\")",
					      .value = in->file_kinds,
					      .hint = "Such as \"CTF of the multiplication tables "
						      "check\"",
					      .maxlength = FREQ_KINDS_MAX });
	html_form_field(b, &(struct html_field){ .name = "year",
						 .label = "Academic year",
						 .value = in->year,
						 .error = fe && fe->year[0] ? fe->year : NULL,
						 .hint = "Its start year, such as 2025 for 2025/26",
						 .required = true,
						 .maxlength = 9 });
	html_form_field(b,
			&(struct html_field){ .name = "deadline_date",
					      .label = "Deadline date",
					      .type = "date",
					      .value = in->deadline_date,
					      .error = fe && fe->deadline[0] ? fe->deadline : NULL,
					      .required = true });
	html_form_field(b, &(struct html_field){ .name = "deadline_time",
						 .label = "Deadline time (UTC)",
						 .type = "time",
						 .value = in->deadline_time,
						 .hint = "24-hour clock; empty means 23:59" });
	html_raw_trusted(b, "<div class=\"field\"><label for=\"f-description\">Description"
			    "</label><textarea id=\"f-description\" name=\"description\" "
			    "rows=\"4\">");
	html_text(b, in->description);
	html_raw_trusted(b, "</textarea></div>\n<fieldset class=\"field\"><legend>Schools"
			    "</legend>");
	if (fe && fe->schools[0]) {
		html_raw_trusted(b, "<p class=\"error-message\" id=\"f-schools-error\">");
		html_text(b, fe->schools);
		html_raw_trusted(b, "</p>");
	}
	html_open(b, "label", NULL);
	html_open(b, "input", "type", "checkbox", "name", "all_schools", "value", "on", "checked",
		  in->all_schools ? "" : NULL, NULL);
	html_text(b, " All schools of the LA");
	html_close(b, "label");
	html_raw_trusted(b, "<label for=\"f-schools\">Or these schools (LAESTABs, separated by "
			    "spaces, commas or lines)</label><textarea id=\"f-schools\" "
			    "name=\"schools\" rows=\"3\">");
	html_text(b, in->schools);
	html_raw_trusted(b, "</textarea>");
	la_request_form_extra(req, in, fe);
	html_raw_trusted(b, "</fieldset>\n<button type=\"submit\" class=\"button\">"
			    "Save the request</button></form>\n");
	page_end(req);
}

static void form_from_request(struct request *req, struct request_form *in)
{
	memset(in, 0, sizeof(*in));
	in->name = request_text(req, "name");
	in->collection = request_text(req, "collection");
	in->file_kinds = request_text(req, "file_kinds");
	in->year = request_text(req, "year");
	in->description = request_text(req, "description");
	in->deadline_date = request_text(req, "deadline_date");
	in->deadline_time = request_text(req, "deadline_time");
	in->all_schools = request_bool(req, "all_schools");
	in->schools = request_text(req, "schools");
	in->phase = request_text(req, "phase");
	in->remind_days = request_text(req, "remind_days");
}

void la_request_new_get(struct request *req)
{
	struct request_form in = { .name = "",
				   .collection = "ks2",
				   .file_kinds = "",
				   .year = "",
				   .description = "",
				   .deadline_date = "",
				   .deadline_time = "17:00",
				   .all_schools = true,
				   .schools = "" };
	char y[8];

	snprintf(y, sizeof(y), "%d", academic_year_of(date_from_unix(app_now(req->app))));
	in.year = y;
	request_form_page(req, 0, &in, NULL);
}

static void save(struct request *req, int64_t id)
{
	struct request_form in;
	struct request_form_errors fe;
	struct file_request r;
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	enum err e;

	form_from_request(req, &in);
	e = collection_request_save(req->app, req->db, &req->user, &who, id, &in, &r, &fe, &eb);
	if (e == ERR_INVALID) {
		request_form_page(req, id, &in, &fe);
		return;
	}
	if (e == ERR_NOT_FOUND) {
		page_error(req, 404, NULL);
		return;
	}
	if (e) {
		log_warn("web: file request not saved: %s", eb.msg);
		page_error(req, 500, NULL);
		return;
	}
	resp_redirect(req, la_href(req, r.id, ""));
}

void la_request_create_post(struct request *req)
{
	save(req, 0);
}

void la_request_update_post(struct request *req)
{
	save(req, request_int(req, "id"));
}

void la_request_edit_get(struct request *req)
{
	struct file_request r;
	struct establishment *targets = NULL;
	struct request_form in;
	struct strbuf schools = STRBUF_INIT;
	char y[8], day[11], tm[16];
	size_t n = 0;

	if (collection_request_get(req->db, &req->user, request_int(req, "id"), &r) != ERR_OK) {
		page_error(req, 404, NULL);
		return;
	}
	if (store_request_targets(req->db, r.id, &targets, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	for (size_t i = 0; !r.all_schools && i < n; i++)
		strbuf_addf(&schools, "%s%07d", i ? " " : "", establishment_laestab(&targets[i]));
	free(targets);
	snprintf(y, sizeof(y), "%d", r.academic_year);
	date_format_iso(date_from_unix(r.deadline), day);
	snprintf(tm, sizeof(tm), "%02d:%02d", (int)(r.deadline % 86400 / 3600),
		 (int)(r.deadline % 3600 / 60));
	in = (struct request_form){ .name = r.name,
				    .collection = r.collection,
				    .file_kinds = r.file_kinds,
				    .year = y,
				    .description = r.description,
				    .deadline_date = day,
				    .deadline_time = tm,
				    .all_schools = r.all_schools,
				    .schools = arena_strdup(&req->arena, strbuf_str(&schools)),
				    .remind_days = la_request_remind_text(req, r.id) };
	strbuf_release(&schools);
	request_form_page(req, r.id, &in, NULL);
}

static void set_closed(struct request *req, bool closed)
{
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	int64_t id = request_int(req, "id");
	enum err e = collection_request_set_closed(req->db, &req->user, &who, id, closed, &eb);

	if (e == ERR_NOT_FOUND) {
		page_error(req, 404, NULL);
		return;
	}
	if (e == ERR_CONFLICT) {
		page_error(req, 409,
			   closed ? "This request is closed already: nothing was changed." :
				    "This request is open already: nothing was changed.");
		return;
	}
	if (e) {
		log_warn("web: file request state not changed: %s", eb.msg);
		page_error(req, 500, NULL);
		return;
	}
	resp_redirect(req, la_href(req, id, ""));
}

void la_request_close_post(struct request *req)
{
	set_closed(req, true);
}

void la_request_reopen_post(struct request *req)
{
	set_closed(req, false);
}

/* The status filter (-1 = all); the route's choices are in enum req_status order. */
static int status_filter(struct request *req)
{
	return request_enum(req, "status");
}

void la_request_get(struct request *req)
{
	struct file_request r;
	struct dashboard d;
	struct strbuf *b;
	char ay[ACADEMIC_YEAR_LABEL_MAX];
	int filter = status_filter(req);

	if (collection_request_get(req->db, &req->user, request_int(req, "id"), &r) != ERR_OK) {
		page_error(req, 404, NULL);
		return;
	}
	if (collection_dashboard(req->app, req->db, &r, &d) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	page_begin(req, r.name, NAV_REQUESTS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, collection_request_label(r.collection));
	if (r.file_kinds[0]) {
		html_text(b, " (");
		html_text(b, r.file_kinds);
		html_text(b, ")");
	}
	html_text(b, ", ");
	html_text(b, academic_year_label(r.academic_year, ay));
	html_text(b, ". Deadline ");
	html_text(b, when_text(req, r.deadline));
	html_text(b, r.closed ? ". Closed: schools no longer see it." : ". Open.");
	html_close(b, "p");
	if (r.description[0])
		html_elem(b, "p", r.description);
	html_open(b, "form", "method", "post", "action",
		  la_href(req, r.id, r.closed ? "/reopen" : "/close"), "class", "inline", NULL);
	html_csrf_field(b, csrf_token(req));
	html_open(b, "a", "href", la_href(req, r.id, "/edit"), "class", "button secondary", NULL);
	html_text(b, "Edit");
	html_raw_trusted(b, "</a> ");
	html_raw_trusted(b, r.closed ? "<button type=\"submit\" class=\"button secondary\">Reopen"
				       "</button>" :
				       "<button type=\"submit\" class=\"button secondary\">Close"
				       "</button>");
	html_raw_trusted(b, "</form>\n<ul class=\"counts\">");
	html_raw_trusted(b, "<li>");
	html_open(b, "a", "href", la_href(req, r.id, ""), "aria-current",
		  filter < 0 ? "true" : NULL, NULL);
	html_text(b, "All: ");
	html_int(b, (int64_t)d.n);
	html_raw_trusted(b, "</a></li>");
	for (int s = 0; s < REQ_STATUS__MAX; s++) {
		html_raw_trusted(b, "<li>");
		html_open(b, "a", "href",
			  la_href(req, r.id,
				  arena_printf(&req->arena, "?status=%s",
					       req_status_code((enum req_status)s))),
			  "aria-current", filter == s ? "true" : NULL, NULL);
		html_text(b, req_status_label((enum req_status)s));
		html_text(b, ": ");
		html_int(b, (int64_t)d.counts[s]);
		html_raw_trusted(b, "</a></li>");
	}
	html_raw_trusted(b, "</ul>\n<p>");
	html_open(b, "a", "href",
		  la_href(req, r.id,
			  filter < 0 ? "/export" :
				       arena_printf(&req->arena, "/export?status=%s",
						    req_status_code((enum req_status)filter))),
		  "download", "", NULL);
	html_text(b, "Download this list (CSV)");
	html_raw_trusted(b, "</a></p>\n");
	la_dashboard_actions(req, &r, filter);
	html_raw_trusted(b, "<div class=\"table-scroll\"><table class=\"data-table\">"
			    "<caption>Schools asked</caption><thead><tr><th scope=\"col\">School"
			    "</th><th scope=\"col\">LAESTAB</th><th scope=\"col\">Status</th>"
			    "<th scope=\"col\">Last file</th><th scope=\"col\">Sent by</th>"
			    "<th scope=\"col\">When</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < d.n; i++) {
		const struct dashboard_row *row = &d.rows[i];
		if (filter >= 0 && (int)row->status != filter)
			continue;
		html_raw_trusted(b, "<tr><th scope=\"row\">");
		html_text(b, row->school.name);
		html_raw_trusted(b, "</th><td>");
		html_text(b,
			  arena_printf(&req->arena, "%07d", establishment_laestab(&row->school)));
		html_raw_trusted(b, "</td><td>");
		status_tag(b, row->status);
		html_raw_trusted(b, "</td><td>");
		if (row->has_last) {
			html_open(b, "a", "href",
				  la_href(req, r.id,
					  arena_printf(&req->arena, "/files/%lld",
						       (long long)row->last.id)),
				  NULL);
			html_text(b, row->last.original_name);
			html_close(b, "a");
			html_text(b, " (");
			html_text(b, file_status_label(row->last.status));
			html_text(b, ")");
		}
		html_raw_trusted(b, "</td><td>");
		if (row->has_last)
			html_text(b, row->last.sender);
		html_raw_trusted(b, "</td><td>");
		if (row->has_last)
			html_text(b, when_text(req, row->last.received_at));
		html_raw_trusted(b, "</td></tr>\n");
	}
	html_raw_trusted(b, "</tbody></table></div>\n");
	collection_dashboard_release(&d);
	page_end(req);
}

/* The problems of a file as "FILE:LINE:COL: severity: message" lines. */
static void problems_list(struct strbuf *b, const struct problem_list *pl)
{
	char line[PROBLEM_LINE_MAX];

	html_open(b, "h2", NULL);
	html_text(b, "Problems found: ");
	html_int(b, (int64_t)pl->count);
	html_close(b, "h2");
	if (!pl->count)
		return;
	html_raw_trusted(b, "<ul class=\"problems\">");
	for (size_t i = 0; i < pl->count; i++) {
		html_raw_trusted(b, "<li><code>");
		html_text(b, problem_format_line(&pl->items[i], line));
		html_raw_trusted(b, "</code></li>");
	}
	html_raw_trusted(b, "</ul>\n");
}

void la_file_get(struct request *req)
{
	struct file_request r;
	struct received_file f;
	struct establishment school;
	struct problem_list pl;
	struct strbuf *b;

	problem_list_init(&pl);
	if (collection_la_file(req->db, &req->user, request_int(req, "id"), request_int(req, "fid"),
			       &r, &f, &pl) != ERR_OK ||
	    store_establishment_get(req->db, f.establishment_id, &school) != ERR_OK) {
		problem_list_release(&pl);
		page_error(req, 404, NULL);
		return;
	}
	page_begin(req, f.original_name, NAV_REQUESTS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, school.name);
	html_text(b, arena_printf(&req->arena, " (%07d): ", establishment_laestab(&school)));
	html_text(b, file_status_label(f.status));
	html_close(b, "p");
	html_open(b, "p", NULL);
	html_text(b, "For ");
	html_open(b, "a", "href", la_href(req, r.id, ""), NULL);
	html_text(b, r.name);
	html_close(b, "a");
	html_text(b,
		  arena_printf(&req->arena, ". Sent by %s on %s; %lld bytes; SHA-256 %s.", f.sender,
			       when_text(req, f.received_at), (long long)f.size, f.sha256));
	if (collection_mat_by_trust(req->db, f.id)) /* issue 7d */
		html_text(b, " Uploaded by the school's trust on its behalf.");
	html_close(b, "p");
	la_file_receipt_block(req, &r, &f);
	if (f.comment[0]) {
		html_elem(b, "h2", "Comment");
		html_elem(b, "p", f.comment);
	}
	problems_list(b, &pl);
	problem_list_release(&pl);
	page_end(req);
}

void la_request_export_get(struct request *req)
{
	struct file_request r;
	struct dashboard d;

	if (collection_request_get(req->db, &req->user, request_int(req, "id"), &r) != ERR_OK) {
		page_error(req, 404, NULL);
		return;
	}
	if (collection_dashboard(req->app, req->db, &r, &d) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	collection_dashboard_csv(&d, status_filter(req), resp_body(req));
	collection_dashboard_release(&d);
	resp_content_type(req, "text/csv; charset=utf-8");
	resp_header(req, "Content-Disposition",
		    arena_printf(&req->arena, "attachment; filename=\"request-%lld.csv\"",
				 (long long)r.id));
}

/* ---- school ---- */

static const char *school_href(struct request *req, int64_t id, const char *rest)
{
	return arena_printf(&req->arena, "/schools/%07d/requests/%lld%s",
			    establishment_laestab(&req->estab), (long long)id, rest);
}

static void school_intro(struct request *req, const char *title)
{
	struct strbuf *b;

	page_begin(req, title, NAV_REQUESTS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, req->estab.name);
	html_text(b, " (LAESTAB ");
	html_text(b, arena_printf(&req->arena, "%07d", establishment_laestab(&req->estab)));
	html_text(b, ")");
	html_close(b, "p");
}

void school_requests_get(struct request *req)
{
	struct school_request *list = NULL;
	struct strbuf *b;
	size_t n = 0;

	if (!req->has_estab)
		BUG("school requests without an authorised establishment");
	if (collection_requests_school(req->app, req->db, &req->estab, &list, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	school_intro(req, "Requests");
	b = resp_body(req);
	html_open(b, "p", NULL);
	html_open(b, "a", "href",
		  arena_printf(&req->arena, "/schools/%07d/la-files",
			       establishment_laestab(&req->estab)),
		  NULL);
	html_text(b, "Files from your local authority");
	html_close(b, "a");
	html_close(b, "p");
	if (!n) {
		html_elem(b, "p", "Your local authority has not asked for any files at present.");
	} else {
		html_raw_trusted(b,
				 "<div class=\"table-scroll\"><table class=\"data-table\">"
				 "<caption>Files your local authority asked for</caption><thead>"
				 "<tr><th scope=\"col\">Request</th><th scope=\"col\">Issued</th>"
				 "<th scope=\"col\">Deadline</th><th scope=\"col\">Status</th>"
				 "</tr></thead><tbody>\n");
		for (size_t i = 0; i < n; i++) {
			html_raw_trusted(b, "<tr><th scope=\"row\">");
			html_open(b, "a", "href", school_href(req, list[i].r.id, ""), NULL);
			html_text(b, list[i].r.name);
			html_raw_trusted(b, "</a></th><td>");
			html_text(b, when_text(req, list[i].r.created_at));
			html_raw_trusted(b, "</td><td>");
			html_text(b, when_text(req, list[i].r.deadline));
			html_raw_trusted(b, "</td><td>");
			status_tag(b, list[i].status);
			html_raw_trusted(b, "</td></tr>\n");
		}
		html_raw_trusted(b, "</tbody></table></div>\n");
	}
	free(list);
	page_end(req);
}

/* One request: its details, the upload form (when the user may send) and the
 * files sent so far. error (may be NULL) is shown above the form. */
static void school_request_page(struct request *req, const struct school_request *sr,
				const char *error)
{
	struct resource_scope scope = access_scope_of_establishment(&req->estab);
	char ay[ACADEMIC_YEAR_LABEL_MAX];
	struct strbuf *b;

	school_intro(req, sr->r.name);
	b = resp_body(req);
	html_open(b, "p", NULL);
	html_text(b, collection_request_label(sr->r.collection));
	html_text(b, ", ");
	html_text(b, academic_year_label(sr->r.academic_year, ay));
	html_text(b, ". Deadline ");
	html_text(b, when_text(req, sr->r.deadline));
	html_text(b, ". Status: ");
	status_tag(b, sr->status);
	html_close(b, "p");
	if (sr->r.description[0])
		html_elem(b, "p", sr->r.description);
	if (error) {
		html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
				    "<h2>The file was not sent</h2><p>");
		html_text(b, error);
		html_raw_trusted(b, "</p></div>\n");
	}
	/* issue 7b: several files at once, and the files sent (collection_upload.c) */
	if (access_allowed(&req->user, ACT_FILE_SEND, &scope))
		school_upload_form(req, sr);
	school_sent_files(req, sr->r.id, 0);
	page_end(req);
}

void school_request_get(struct request *req)
{
	struct school_request sr;

	if (!req->has_estab)
		BUG("school request without an authorised establishment");
	if (collection_school_request(req->app, req->db, &req->estab, request_int(req, "id"),
				      &sr) != ERR_OK) {
		page_error(req, 404, NULL);
		return;
	}
	school_request_page(req, &sr, NULL);
}

void school_upload_post(struct request *req)
{
	struct school_request sr;
	struct receipt rc;
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	int64_t id = request_int(req, "id");
	enum err e;

	if (!req->has_estab)
		BUG("upload without an authorised establishment");
	if (collection_school_request(req->app, req->db, &req->estab, id, &sr) != ERR_OK) {
		page_error(req, 404, NULL);
		return;
	}
	if (!req->upload) {
		resp_status(req, 422);
		school_request_page(req, &sr, "Choose the file to send, then press Upload & send.");
		return;
	}
	receipt_init(&rc);
	e = collection_receive(req->app, req->db, &req->user, &who, &req->estab, id,
			       req->upload_name, req->upload, req->upload_len,
			       request_text(req, "comment"), &rc, &eb);
	if (e == ERR_OK) {
		resp_redirect(req, school_href(req, id,
					       arena_printf(&req->arena, "/files/%lld?sent=1",
							    (long long)rc.file.id)));
	} else if (e == ERR_TOO_BIG || e == ERR_INVALID || e == ERR_LOCKED) {
		resp_status(req, e == ERR_TOO_BIG ? 413 : e == ERR_LOCKED ? 409 : 422);
		school_request_page(req, &sr, eb.msg);
	} else if (e == ERR_NOT_FOUND) {
		page_error(req, 404, NULL);
	} else {
		log_warn("web: file not received: %s", eb.msg);
		page_error(req, 500, NULL);
	}
	receipt_release(&rc);
}

void school_file_get(struct request *req)
{
	struct school_request sr;
	struct received_file f;
	struct problem_list pl;
	struct strbuf *b;
	int64_t id = request_int(req, "id");

	if (!req->has_estab)
		BUG("file page without an authorised establishment");
	problem_list_init(&pl);
	if (collection_school_request(req->app, req->db, &req->estab, id, &sr) != ERR_OK ||
	    collection_school_file(req->db, &req->estab, id, request_int(req, "fid"), &f, &pl) !=
		    ERR_OK) {
		problem_list_release(&pl);
		page_error(req, 404, NULL);
		return;
	}
	school_intro(req, f.original_name);
	b = resp_body(req);
	html_open(b, "p", "class",
		  strcmp(f.status, "upload-error") == 0 ? "error-summary" : "notice", "role",
		  "status", NULL);
	html_text(b, request_has(req, "sent") ? "Received and checked: " : "Status: ");
	html_text(b, file_status_label(f.status));
	html_text(b, strcmp(f.status, "upload-error") == 0 ?
			     ". This file does not count as your return: correct the problems "
			     "below in your MIS, export the file again and send it." :
		     strcmp(f.status, "overwritten") == 0 ?
			     ". A later file replaced it as your return." :
			     ". This file is your return for the request.");
	html_close(b, "p");
	html_open(b, "p", NULL);
	html_text(b, "For ");
	html_open(b, "a", "href", school_href(req, id, ""), NULL);
	html_text(b, sr.r.name);
	html_close(b, "a");
	html_text(b, arena_printf(&req->arena, ". Sent by %s on %s; %lld bytes.", f.sender,
				  when_text(req, f.received_at), (long long)f.size));
	if (collection_mat_by_trust(req->db, f.id)) /* issue 7d */
		html_text(b, " Uploaded by the trust on your behalf.");
	html_close(b, "p");
	if (f.comment[0]) {
		html_elem(b, "h2", "Comment");
		html_elem(b, "p", f.comment);
	}
	problems_list(b, &pl);
	school_error_file_link(req, id, f.id, pl.count); /* issue 7b */
	problem_list_release(&pl);
	page_end(req);
}
