/*
 * pupil_upload: "Upload pupils": the school sends the upload template saved as
 * CSV (multipart/form-data, capped at ROUTE_BODY_UPLOAD); before anything is
 * saved it sees how many rows are new, changed, unchanged and rejected, with
 * every problem (FILE:LINE:COL) or, for a valid file, a preview of the pupils;
 * confirming sends the same text back and it is checked again and stored all or
 * nothing (app/pupil_import.h). The
 * template itself is served as CSV.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/pupil_import.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "web/csrf.h"
#include "web/html.h"

static const char *upload_href(struct request *req)
{
	return arena_printf(&req->arena, "/schools/%07d/pupil-upload",
			    establishment_laestab(&req->estab));
}

static struct actor actor_of(const struct request *req)
{
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	return who;
}

/* The upload form. */
static void upload_form(struct request *req)
{
	struct strbuf *b = resp_body(req);

	html_open(b, "form", "method", "post", "action", upload_href(req), "enctype",
		  "multipart/form-data", NULL);
	html_csrf_field(b, csrf_token(req));
	html_raw_trusted(
		b, "<div class=\"field\"><label for=\"up-file\">Pupil upload file "
		   "(CSV)</label><p class=\"hint\" id=\"up-file-hint\">The upload template "
		   "filled in and saved as \"CSV UTF-8\", at most 3 MB.</p>"
		   "<input type=\"file\" id=\"up-file\" name=\"file\" accept=\".csv,text/csv\" "
		   "aria-describedby=\"up-file-hint\" required></div>"
		   "<button type=\"submit\" class=\"button\">Check the file</button></form>\n");
	html_open(b, "p", NULL);
	html_open(b, "a", "href", arena_printf(&req->arena, "%s/template", upload_href(req)), NULL);
	html_text(b, "Download the upload template");
	html_raw_trusted(b, "</a></p>\n");
}

static void intro(struct request *req, const char *title)
{
	struct strbuf *b;

	page_begin(req, title, NAV_PUPILS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, req->estab.name);
	html_text(b, " (LAESTAB ");
	html_int(b, establishment_laestab(&req->estab));
	html_text(b, ")");
	html_close(b, "p");
}

void pupil_upload_get(struct request *req)
{
	struct strbuf *b;

	if (!req->has_estab)
		BUG("pupil upload without an authorised establishment");
	intro(req, "Upload pupils");
	b = resp_body(req);
	if (request_has(req, "added")) {
		html_raw_trusted(b, "<p class=\"notice\" role=\"status\">");
		html_text(b, "The pupils were saved: ");
		html_int(b, request_int(req, "added"));
		html_text(b, " added, ");
		html_int(b, request_int(req, "updated"));
		html_text(b, " updated.");
		html_raw_trusted(b, "</p>\n");
	}
	html_elem(b, "p",
		  "Add or update many pupils at once from the upload template. A pupil whose UPN "
		  "is already at this school is updated. Nothing is saved until you have seen "
		  "what will change and confirmed it; a file with any problem changes nothing.");
	upload_form(req);
	page_end(req);
}

/* "NAME: 3 new, 1 changed, 0 unchanged pupils, 2 rejected." as one paragraph. */
static void counts_line(struct strbuf *b, const struct pupil_import *imp, const char *name,
			const char *after)
{
	html_open(b, "p", "class", "upload-counts", NULL);
	html_text(b, name);
	html_text(b, ": ");
	if (!imp->rows_checked) {
		html_text(b, "no rows were checked, because the file could not be read as the "
			     "upload template.");
		html_close(b, "p");
		return;
	}
	html_int(b, (int64_t)imp->counts[IMPORT_NEW]);
	html_text(b, " new, ");
	html_int(b, (int64_t)imp->counts[IMPORT_CHANGED]);
	html_text(b, " changed, ");
	html_int(b, (int64_t)imp->counts[IMPORT_UNCHANGED]);
	html_text(b, " unchanged pupils, ");
	html_int(b, (int64_t)imp->rejected);
	html_text(b, " rejected.");
	html_text(b, after);
	html_close(b, "p");
}

/* Lists every problem as FILE:LINE:COL: error: ... (status 422). */
static void problems_page(struct request *req, const struct pupil_import *imp, const char *name)
{
	struct strbuf *b;
	char line[PROBLEM_LINE_MAX];

	resp_status(req, 422);
	intro(req, "Upload pupils");
	b = resp_body(req);
	html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
			    "<h2>The file has problems: nothing was saved</h2><p>");
	html_int(b, (int64_t)problem_list_count_errors(&imp->problems));
	html_text(b, problem_list_count_errors(&imp->problems) == 1 ? " problem." : " problems.");
	html_text(b, " Correct them in the spreadsheet, save it as CSV again and "
		     "upload it.");
	html_raw_trusted(b, "</p>");
	counts_line(b, imp, name, " Rejected rows are the ones with a problem below.");
	html_raw_trusted(b, "<ul class=\"problems\">");
	for (size_t i = 0; i < imp->problems.count; i++) {
		html_raw_trusted(b, "<li><code>");
		html_text(b, problem_format_line(&imp->problems.items[i], line));
		html_raw_trusted(b, "</code></li>");
	}
	html_raw_trusted(b, "</ul></div>\n");
	upload_form(req);
	page_end(req);
}

static const char *const kind_text[IMPORT__MAX] = { "New", "Changed", "Unchanged" };

/* The preview of a valid file, with the form that confirms it. */
static void preview_page(struct request *req, const struct pupil_import *imp, const char *name,
			 const char *text)
{
	struct strbuf *b;
	char dob[11];

	intro(req, "Check the upload");
	b = resp_body(req);
	counts_line(b, imp, name, " Nothing is saved until you confirm.");
	if (imp->problems.count) {
		char line[PROBLEM_LINE_MAX];
		html_raw_trusted(b, "<h2>Worth a look</h2><ul class=\"problems\">");
		for (size_t i = 0; i < imp->problems.count; i++) {
			html_raw_trusted(b, "<li><code>");
			html_text(b, problem_format_line(&imp->problems.items[i], line));
			html_raw_trusted(b, "</code></li>");
		}
		html_raw_trusted(b, "</ul>\n");
	}
	html_open(b, "form", "method", "post", "action",
		  arena_printf(&req->arena, "%s/confirm", upload_href(req)), NULL);
	html_csrf_field(b, csrf_token(req));
	html_open(b, "input", "type", "hidden", "name", "name", "value", name, NULL);
	html_open(b, "input", "type", "hidden", "name", "csv", "value", text, NULL);
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Save these pupils</button> ");
	html_open(b, "a", "href", upload_href(req), "class", "button secondary", NULL);
	html_text(b, "Cancel");
	html_raw_trusted(b, "</a></form>\n");
	html_raw_trusted(b,
			 "<div class=\"table-scroll\"><table class=\"data-table\"><caption>"
			 "Pupils in the file</caption><thead><tr><th scope=\"col\">Line</th>"
			 "<th scope=\"col\">Pupil</th><th scope=\"col\">UPN</th>"
			 "<th scope=\"col\">Date of birth</th><th scope=\"col\">What happens</th>"
			 "</tr></thead><tbody>\n");
	for (size_t i = 0; i < imp->nrows; i++) {
		const struct pupil_import_row *r = &imp->rows[i];
		html_raw_trusted(b, "<tr><td>");
		html_int(b, r->line);
		html_raw_trusted(b, "</td><th scope=\"row\">");
		html_text(b, r->p.surname);
		html_text(b, ", ");
		html_text(b, r->p.forenames);
		html_raw_trusted(b, "</th><td class=\"upn\">");
		html_text(b, r->p.upn);
		html_raw_trusted(b, "</td><td>");
		date_format_dmy(r->p.dob, dob);
		html_text(b, dob);
		html_raw_trusted(b, "</td><td>");
		html_text(b, kind_text[r->kind]);
		html_raw_trusted(b, "</td></tr>\n");
	}
	html_raw_trusted(b, "</tbody></table></div>\n");
	page_end(req);
}

/* Checks text; on problems shows them; else *imp is ready. */
static bool check(struct request *req, const char *name, const char *text, size_t len,
		  struct pupil_import *imp)
{
	enum err e = pupil_import_check(req->db, &req->estab, name, text, len, CSV_IMPORT_MAX_BYTES,
					date_from_unix(app_now(req->app)), imp);

	if (e == ERR_INVALID || e == ERR_TOO_BIG) {
		problems_page(req, imp, name);
		return false;
	}
	if (e != ERR_OK) {
		page_error(req, 500, NULL);
		return false;
	}
	return true;
}

/* The file name shown in locations: the last part of what the browser sent. */
static const char *short_name(const char *name)
{
	const char *slash = strrchr(name, '/'), *back = strrchr(name, '\\');

	if (back && (!slash || back > slash))
		slash = back;
	name = slash ? slash + 1 : name;
	return name[0] ? name : "upload.csv";
}

void pupil_upload_post(struct request *req)
{
	struct pupil_import imp;
	const char *name;

	if (!req->has_estab)
		BUG("pupil upload without an authorised establishment");
	/* no file chosen: the browser sends an unnamed, empty part; a chosen empty
	 * file is checked (and reported as empty at 1:1) like any other */
	if (!req->upload || (req->upload_len == 0 && !req->upload_name[0])) {
		resp_status(req, 422);
		intro(req, "Upload pupils");
		html_raw_trusted(resp_body(req),
				 "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
				 "<h2>There is a problem</h2><ul><li>Choose the CSV file to upload."
				 "</li></ul></div>\n");
		upload_form(req);
		page_end(req);
		return;
	}
	name = short_name(req->upload_name);
	if (check(req, name, req->upload, req->upload_len, &imp))
		preview_page(req, &imp, name, req->upload);
	pupil_import_free(&imp);
}

void pupil_upload_confirm_post(struct request *req)
{
	const char *text = request_text(req, "csv");
	const char *name = short_name(request_text(req, "name"));
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	struct pupil_import imp;
	enum err e;

	if (!req->has_estab)
		BUG("pupil upload without an authorised establishment");
	e = pupil_import_store(req->db, &who, &req->estab, name, text, strlen(text),
			       CSV_IMPORT_MAX_BYTES, date_from_unix(app_now(req->app)), &imp, &eb);
	if ((e == ERR_INVALID || e == ERR_TOO_BIG) && problem_list_count_errors(&imp.problems)) {
		/* the file, or what the school holds, changed since the preview */
		problems_page(req, &imp, name);
		goto out;
	}
	if (e != ERR_OK) {
		log_warn("web: pupil upload for %07d not stored: %s",
			 establishment_laestab(&req->estab), eb.msg);
		resp_status(req, e == ERR_CONFLICT || e == ERR_INVALID ? 409 : 500);
		intro(req, "Upload pupils");
		html_raw_trusted(resp_body(req),
				 "<div class=\"error-summary\" role=\"alert\" "
				 "tabindex=\"-1\"><h2>Nothing was saved</h2><ul><li>");
		html_text(resp_body(req), eb.msg);
		html_raw_trusted(resp_body(req), "</li></ul></div>\n");
		upload_form(req);
		page_end(req);
		goto out;
	}
	resp_redirect(req, arena_printf(&req->arena, "%s?added=%zu&updated=%zu", upload_href(req),
					imp.counts[IMPORT_NEW], imp.counts[IMPORT_CHANGED]));
out:
	pupil_import_free(&imp);
}

void pupil_upload_template_get(struct request *req)
{
	const char *const *lines[2] = { pupil_import_header, pupil_import_hint };
	struct strbuf *b = resp_body(req);

	resp_content_type(req, "text/csv; charset=utf-8");
	resp_header(req, "Content-Disposition",
		    "attachment; filename=\"pupil-upload-template.csv\"");
	/* Our own fixed texts: quoted when they hold a comma, as RFC 4180 says. */
	for (int l = 0; l < 2; l++) {
		for (int i = 0; i < IMPORT_COLUMNS; i++) {
			bool quote = strchr(lines[l][i], ',') != NULL;
			if (i)
				strbuf_addc(b, ',');
			if (quote)
				strbuf_addc(b, '"');
			strbuf_adds(b, lines[l][i]);
			if (quote)
				strbuf_addc(b, '"');
		}
		strbuf_adds(b, "\r\n");
	}
}
