/*
 * collection_la: the LA side of the collection screens (issue 7c): downloading a
 * school's file (a POST, since it marks the file Received) or all returns as a
 * ZIP, the dashboard as XLSX, chasing, the request's history, sending a file to
 * schools, and the school's list of files from its LA. The pieces the shared
 * dashboard, file and form pages show (collection.c) are built here too.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/collection.h"
#include "app/collection_la.h"
#include "app/reminders.h"
#include "app/statutory_app.h"
#include "base/date.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "core/phase.h"
#include "web/csrf.h"
#include "web/html.h"

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

static const char *la_href(struct request *req, int64_t id, const char *rest)
{
	return arena_printf(&req->arena, "/la/requests/%lld%s", (long long)id, rest);
}

/* A file name fit for a Content-Disposition header: letters, digits, dot, dash
 * and underscore kept, anything else "_" (owned by the request). */
static const char *safe_filename(struct request *req, const char *name)
{
	char *s = arena_printf(&req->arena, "%s", name && *name ? name : "file");

	for (char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_'))
			*p = '_';
	return s;
}

static void send_bytes(struct request *req, const char *type, const char *filename,
		       const char *bytes, size_t len)
{
	strbuf_add(resp_body(req), bytes, len);
	resp_content_type(req, type);
	resp_header(req, "Content-Disposition",
		    arena_printf(&req->arena, "attachment; filename=\"%s\"",
				 safe_filename(req, filename)));
}

/* ---- pieces of the shared pages (collection.c) ---- */

void la_dashboard_actions(struct request *req, const struct file_request *r, int filter)
{
	struct strbuf *b = resp_body(req);

	html_raw_trusted(b, "<div class=\"actions\">");
	html_open(b, "a", "href",
		  la_href(req, r->id,
			  filter < 0 ? "/export-xlsx" :
				       arena_printf(&req->arena, "/export-xlsx?status=%s",
						    req_status_code((enum req_status)filter))),
		  "download", "", "class", "button secondary", NULL);
	html_text(b, "Download this list (XLSX)");
	html_close(b, "a");
	html_text(b, " ");
	html_open(b, "form", "method", "post", "action", la_href(req, r->id, "/download-all"),
		  "class", "inline", NULL);
	html_csrf_field(b, csrf_token(req));
	html_raw_trusted(b, "<button type=\"submit\" class=\"button secondary\">Download all "
			    "returns (ZIP)</button></form> ");
	if (!r->closed) {
		html_open(b, "form", "method", "post", "action", la_href(req, r->id, "/chase"),
			  "class", "inline", NULL);
		html_csrf_field(b, csrf_token(req));
		html_raw_trusted(b, "<button type=\"submit\" class=\"button secondary\">Chase "
				    "schools that have not sent</button></form> ");
	}
	html_open(b, "a", "href", la_href(req, r->id, "/send"), "class", "button secondary", NULL);
	html_text(b, "Send a file to schools");
	html_close(b, "a");
	html_text(b, " ");
	html_open(b, "a", "href", la_href(req, r->id, "/history"), NULL);
	html_text(b, "History");
	html_close(b, "a");
	html_raw_trusted(b, "</div>\n<p class=\"hint\">Downloading a school's file marks it "
			    "Received: the school sees that you have it.</p>\n");
}

void la_file_receipt_block(struct request *req, const struct file_request *r,
			   const struct received_file *f)
{
	struct file_receipt *list = NULL;
	const struct file_receipt *mine;
	struct strbuf *b = resp_body(req);
	size_t n = 0;

	if (store_file_receipts(req->db, r->id, f->establishment_id, &list, &n) != ERR_OK)
		n = 0;
	mine = collection_receipt_of(list, n, f->id);
	html_open(b, "p", "class", "notice", NULL);
	if (mine)
		html_text(b, arena_printf(&req->arena, "Received by %s on %s.", mine->received_by,
					  when_text(req, mine->received_at)));
	else
		html_text(b, "Not yet received: downloading it marks it received.");
	html_close(b, "p");
	free(list);
	html_open(b, "form", "method", "post", "action",
		  la_href(req, r->id,
			  arena_printf(&req->arena, "/files/%lld/download", (long long)f->id)),
		  NULL);
	html_csrf_field(b, csrf_token(req));
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Download the file</button>"
			    "</form>\n");
	if (strcmp(f->status, "successful") == 0 ||
	    strcmp(f->status, "successful-with-queries") == 0) {
		html_open(
			b, "form", "method", "post", "action",
			la_href(req, r->id,
				arena_printf(&req->arena, "/files/%lld/import", (long long)f->id)),
			NULL);
		html_csrf_field(b, csrf_token(req));
		html_raw_trusted(b, "<p class=\"hint\">For a school that does not keep its pupils "
				    "in pupiltrack: put this return's results into the LA's "
				    "reports.</p><button type=\"submit\" class=\"button "
				    "secondary\">Import into the LA's results</button></form>\n");
	}
}

void la_request_form_extra(struct request *req, const struct request_form *in,
			   const struct request_form_errors *fe)
{
	struct strbuf *b = resp_body(req);

	html_raw_trusted(b, "<div class=\"field\"><label for=\"f-phase\">Or every school of a "
			    "phase</label><p class=\"hint\" id=\"f-phase-hint\">A phase chosen "
			    "here is used instead of the choices above.</p><select id=\"f-phase\" "
			    "name=\"phase\" aria-describedby=\"f-phase-hint\">");
	for (int p = 0; p < PHASE__MAX; p++) {
		html_open(b, "option", "value", phase_code((enum est_phase)p), "selected",
			  in->phase && strcmp(in->phase, phase_code((enum est_phase)p)) == 0 ? "" :
											       NULL,
			  NULL);
		html_text(b, p ? phase_label((enum est_phase)p) : "(not by phase)");
		html_close(b, "option");
	}
	html_raw_trusted(b, "</select></div>\n");
	html_form_field(b, &(struct html_field){
				   .name = "remind_days",
				   .label = "Automatic reminder (days before the deadline)",
				   .value = in->remind_days ? in->remind_days : "",
				   .error = fe && fe->remind[0] ? fe->remind : NULL,
				   .hint = "Schools that have not sent a successful file get one "
					   "e-mail this many days before the deadline. Empty: the "
					   "usual setting; 0: no automatic reminder.",
				   .maxlength = 2 });
}

const char *la_request_remind_text(struct request *req, int64_t id)
{
	int days = -1;

	if (store_file_request_remind_get(req->db, id, &days) != ERR_OK || days < 0)
		return "";
	return arena_printf(&req->arena, "%d", days);
}

/* ---- LA officer ---- */

void la_file_download_post(struct request *req)
{
	struct received_file f;
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	char *bytes = NULL;
	size_t len = 0;
	enum err e;

	e = collection_la_download(req->app, req->db, &req->user, &who, request_int(req, "id"),
				   request_int(req, "fid"), &f, &bytes, &len, &eb);
	if (e == ERR_NOT_FOUND) {
		page_error(req, 404, NULL);
		return;
	}
	if (e) {
		log_warn("web: file not downloaded: %s", eb.msg);
		page_error(req, 500, NULL);
		return;
	}
	send_bytes(req, strcmp(f.kind, "ctf") == 0 ? "application/xml" : "application/octet-stream",
		   f.original_name, bytes, len);
	free(bytes);
}

void la_file_import_post(struct request *req)
{
	struct stat_import_counts counts;
	struct problem_list pl;
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	int64_t id = request_int(req, "id");
	struct strbuf *b;
	enum err e;

	problem_list_init(&pl);
	e = collection_la_import(req->app, req->db, &req->user, &who, id, request_int(req, "fid"),
				 &counts, &pl, &eb);
	if (e == ERR_NOT_FOUND) {
		problem_list_release(&pl);
		page_error(req, 404, NULL);
		return;
	}
	if (e && e != ERR_INVALID && e != ERR_CONFLICT && e != ERR_LOCKED && e != ERR_TOO_BIG) {
		log_warn("web: file not imported: %s", eb.msg);
		problem_list_release(&pl);
		page_error(req, 500, NULL);
		return;
	}
	if (e)
		resp_status(req, e == ERR_INVALID ? 422 : 409);
	page_begin(req, e ? "The file was not imported" : "Imported", NAV_REQUESTS);
	b = resp_body(req);
	if (e) {
		char line[PROBLEM_LINE_MAX];
		html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
				    "<p>");
		html_text(b, eb.msg[0] ? eb.msg : "The file has problems: nothing was imported.");
		html_raw_trusted(b, "</p></div>\n");
		if (pl.count) {
			html_raw_trusted(b, "<ul class=\"problems\">");
			for (size_t i = 0; i < pl.count; i++) {
				html_raw_trusted(b, "<li><code>");
				html_text(b, problem_format_line(&pl.items[i], line));
				html_raw_trusted(b, "</code></li>");
			}
			html_raw_trusted(b, "</ul>\n");
		}
	} else {
		html_open(b, "p", "class", "notice", "role", "status", NULL);
		html_text(b, arena_printf(&req->arena,
					  "Imported into the LA's results: %zu pupils added, %zu "
					  "matched, %zu results stored, %zu unchanged.",
					  counts.pupils_new, counts.pupils_known, counts.results,
					  counts.unchanged));
		html_close(b, "p");
	}
	html_open(b, "a", "href", la_href(req, id, ""), NULL);
	html_text(b, "Back to the request");
	html_close(b, "a");
	problem_list_release(&pl);
	page_end(req);
}

void la_download_all_post(struct request *req)
{
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	int64_t id = request_int(req, "id");
	char *zip = NULL;
	size_t len = 0, count = 0;
	enum err e;

	e = collection_la_download_all(req->app, req->db, &req->user, &who, id, &zip, &len, &count,
				       &eb);
	if (e == ERR_NOT_FOUND) {
		page_error(req, 404, NULL);
		return;
	}
	if (e == ERR_INVALID) {
		resp_status(req, 409);
		page_begin(req, "Nothing to download", NAV_REQUESTS);
		html_elem(resp_body(req), "p", eb.msg);
		html_open(resp_body(req), "a", "href", la_href(req, id, ""), NULL);
		html_text(resp_body(req), "Back to the request");
		html_close(resp_body(req), "a");
		page_end(req);
		return;
	}
	if (e) {
		log_warn("web: returns not zipped: %s", eb.msg);
		page_error(req, 500, NULL);
		return;
	}
	send_bytes(req, "application/zip",
		   arena_printf(&req->arena, "request-%lld-returns.zip", (long long)id), zip, len);
	free(zip);
}

void la_request_export_xlsx_get(struct request *req)
{
	struct file_request r;
	struct dashboard d;
	struct errbuf eb = { "" };
	char *data = NULL;
	size_t len = 0;

	if (collection_request_get(req->db, &req->user, request_int(req, "id"), &r) != ERR_OK) {
		page_error(req, 404, NULL);
		return;
	}
	if (collection_dashboard(req->app, req->db, &r, &d) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	if (collection_dashboard_xlsx(&d, request_enum(req, "status"), &data, &len, &eb) !=
	    ERR_OK) {
		log_warn("web: dashboard not written: %s", eb.msg);
		collection_dashboard_release(&d);
		page_error(req, 500, NULL);
		return;
	}
	collection_dashboard_release(&d);
	send_bytes(req, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		   arena_printf(&req->arena, "request-%lld.xlsx", (long long)r.id), data, len);
	free(data);
}

void la_request_chase_post(struct request *req)
{
	struct reminder_result rr;
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	int64_t id = request_int(req, "id");
	struct strbuf *b;
	enum err e;

	e = reminders_chase(req->app, req->db, &req->user, &who, id, &rr, &eb);
	if (e == ERR_NOT_FOUND) {
		page_error(req, 404, NULL);
		return;
	}
	if (e == ERR_LOCKED)
		resp_status(req, 409);
	else if (e)
		resp_status(req, 502);
	page_begin(req, "Chase schools", NAV_REQUESTS);
	b = resp_body(req);
	if (e) {
		html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
				    "<h2>Not every reminder went</h2><p>");
		html_text(b, eb.msg);
		html_text(b, e == ERR_LOCKED ? "" :
					       " Check the mail settings (--smtp-url or the "
					       "outbox folder) and chase again.");
		html_raw_trusted(b, "</p></div>\n");
	}
	html_open(b, "p", "class", "notice", "role", "status", NULL);
	if (!rr.schools)
		html_text(b, "Every school asked has sent a successful file: no one was chased.");
	else
		html_text(b, arena_printf(&req->arena,
					  "Reminders went to %zu school%s (%zu e-mail%s).",
					  rr.schools, rr.schools == 1 ? "" : "s", rr.mails,
					  rr.mails == 1 ? "" : "s"));
	html_close(b, "p");
	if (rr.no_address)
		html_elem(b, "p",
			  arena_printf(&req->arena,
				       "%zu school%s no administrator with an e-mail address: "
				       "contact %s another way.",
				       rr.no_address, rr.no_address == 1 ? " has" : "s have",
				       rr.no_address == 1 ? "it" : "them"));
	html_open(b, "a", "href", la_href(req, id, ""), NULL);
	html_text(b, "Back to the request");
	html_close(b, "a");
	page_end(req);
}

void la_request_history_get(struct request *req)
{
	struct file_request r;
	struct history_line *lines = NULL;
	struct strbuf *b;
	size_t n = 0;

	if (collection_request_get(req->db, &req->user, request_int(req, "id"), &r) != ERR_OK ||
	    collection_request_history(req->db, &req->user, r.id, &lines, &n) != ERR_OK) {
		page_error(req, 404, NULL);
		return;
	}
	page_begin(req, arena_printf(&req->arena, "History: %s", r.name), NAV_REQUESTS);
	b = resp_body(req);
	html_open(b, "p", NULL);
	html_open(b, "a", "href", la_href(req, r.id, ""), NULL);
	html_text(b, "Back to the request");
	html_close(b, "a");
	html_close(b, "p");
	html_raw_trusted(b, "<div class=\"table-scroll\"><table class=\"data-table\">"
			    "<caption>Everything that happened to this request, oldest first"
			    "</caption><thead><tr><th scope=\"col\">When</th><th scope=\"col\">"
			    "Who</th><th scope=\"col\">What</th><th scope=\"col\">School</th>"
			    "<th scope=\"col\">Details</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		struct establishment school;
		html_raw_trusted(b, "<tr><td>");
		html_text(b, when_text(req, lines[i].at));
		html_raw_trusted(b, "</td><td>");
		html_text(b, lines[i].who);
		html_raw_trusted(b, "</td><td data-what>");
		html_text(b, lines[i].what);
		html_raw_trusted(b, "</td><td>");
		if (lines[i].establishment_id &&
		    store_establishment_get(req->db, lines[i].establishment_id, &school) ==
			    ERR_OK &&
		    school.la_id == r.la_id)
			html_text(b, school.name);
		html_raw_trusted(b, "</td><td>");
		html_text(b, lines[i].detail);
		html_raw_trusted(b, "</td></tr>\n");
	}
	html_raw_trusted(b, "</tbody></table></div>\n");
	free(lines);
	page_end(req);
}

static void send_form_page(struct request *req, const struct file_request *r, const char *error)
{
	struct la_file *files = NULL;
	struct strbuf *b;
	size_t n = 0;

	if (collection_la_files(req->db, &req->user, r->id, &files, &n) != ERR_OK)
		n = 0;
	page_begin(req, arena_printf(&req->arena, "Send a file: %s", r->name), NAV_REQUESTS);
	b = resp_body(req);
	if (error) {
		html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
				    "<h2>The file was not sent</h2><p>");
		html_text(b, error);
		html_raw_trusted(b, "</p></div>\n");
	}
	html_open(b, "form", "method", "post", "action", la_href(req, r->id, "/send"), "enctype",
		  "multipart/form-data", NULL);
	html_csrf_field(b, csrf_token(req));
	html_raw_trusted(
		b, "<div class=\"field\"><label for=\"send-file\">File</label><p class=\"hint\">"
		   "At most 3 MiB (3,145,728 bytes), such as guidance or a template.</p>"
		   "<input type=\"file\" id=\"send-file\" name=\"file\" required></div>"
		   "<fieldset class=\"field\"><legend>To</legend><label><input type=\"radio\" "
		   "name=\"to\" value=\"request\" checked> Every school asked for this request"
		   "</label><label><input type=\"radio\" name=\"to\" value=\"list\"> These "
		   "schools (LAESTABs):</label><textarea name=\"schools\" rows=\"2\" "
		   "aria-label=\"LAESTABs\"></textarea><label><input type=\"radio\" name=\"to\" "
		   "value=\"phase\"> Every school of a phase:</label><select name=\"phase\" "
		   "aria-label=\"Phase\">");
	for (int p = 1; p < PHASE__MAX; p++) {
		html_open(b, "option", "value", phase_code((enum est_phase)p), NULL);
		html_text(b, phase_label((enum est_phase)p));
		html_close(b, "option");
	}
	html_raw_trusted(b, "</select></fieldset><div class=\"field\"><label for=\"send-comment\">"
			    "Note for the schools (optional)</label><textarea id=\"send-comment\" "
			    "name=\"comment\" rows=\"2\" maxlength=\"1000\"></textarea></div>"
			    "<button type=\"submit\" class=\"button\">Send</button></form>\n");
	html_elem(b, "h2", "Files sent to schools");
	if (!n) {
		html_elem(b, "p", "None yet.");
	} else {
		html_raw_trusted(b, "<ul>");
		for (size_t i = 0; i < n; i++) {
			size_t to = 0;
			store_la_file_target_count(req->db, files[i].id, &to);
			html_raw_trusted(b, "<li>");
			html_text(b,
				  arena_printf(&req->arena, "%s: sent by %s on %s to %zu school%s",
					       files[i].original_name, files[i].sent_by,
					       when_text(req, files[i].sent_at), to,
					       to == 1 ? "" : "s"));
			html_raw_trusted(b, "</li>");
		}
		html_raw_trusted(b, "</ul>\n");
	}
	free(files);
	page_end(req);
}

void la_send_get(struct request *req)
{
	struct file_request r;

	if (collection_request_get(req->db, &req->user, request_int(req, "id"), &r) != ERR_OK) {
		page_error(req, 404, NULL);
		return;
	}
	send_form_page(req, &r, NULL);
}

void la_send_post(struct request *req)
{
	struct file_request r;
	struct la_send in;
	struct la_file f;
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	const char *to = request_text(req, "to");
	enum err e;

	if (collection_request_get(req->db, &req->user, request_int(req, "id"), &r) != ERR_OK) {
		page_error(req, 404, NULL);
		return;
	}
	if (!req->upload) {
		resp_status(req, 422);
		send_form_page(req, &r, "Choose the file to send, then press Send.");
		return;
	}
	memset(&in, 0, sizeof(in));
	in.request_id = r.id;
	in.to_request_targets = !to || !*to || strcmp(to, "request") == 0;
	in.phase = to && strcmp(to, "phase") == 0 ? request_text(req, "phase") : NULL;
	in.schools = to && strcmp(to, "list") == 0 ? request_text(req, "schools") : "";
	in.name = req->upload_name;
	in.comment = request_text(req, "comment");
	e = collection_la_send(req->app, req->db, &req->user, &who, &in, req->upload,
			       req->upload_len, &f, &eb);
	if (e == ERR_OK) {
		resp_redirect(req, la_href(req, r.id, "/send"));
	} else if (e == ERR_INVALID || e == ERR_TOO_BIG) {
		resp_status(req, e == ERR_TOO_BIG ? 413 : 422);
		send_form_page(req, &r, eb.msg);
	} else if (e == ERR_NOT_FOUND) {
		page_error(req, 404, NULL);
	} else {
		log_warn("web: LA file not sent: %s", eb.msg);
		page_error(req, 500, NULL);
	}
}

/* ---- school ---- */

void school_la_files_get(struct request *req)
{
	struct la_file *files = NULL;
	struct strbuf *b;
	size_t n = 0;

	if (!req->has_estab)
		BUG("LA files without an authorised establishment");
	if (collection_school_la_files(req->db, &req->estab, &files, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	page_begin(req, "Files from your local authority", NAV_REQUESTS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, req->estab.name);
	html_text(b,
		  arena_printf(&req->arena, " (LAESTAB %07d)", establishment_laestab(&req->estab)));
	html_close(b, "p");
	if (!n) {
		html_elem(b, "p", "Your local authority has not sent you any files.");
	} else {
		html_raw_trusted(b, "<div class=\"table-scroll\"><table class=\"data-table\">"
				    "<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Note"
				    "</th><th scope=\"col\">Sent by</th><th scope=\"col\">When</th>"
				    "</tr></thead><tbody>\n");
		for (size_t i = 0; i < n; i++) {
			html_raw_trusted(b, "<tr><th scope=\"row\">");
			html_open(b, "a", "href",
				  arena_printf(&req->arena, "/schools/%07d/la-files/%lld",
					       establishment_laestab(&req->estab),
					       (long long)files[i].id),
				  "download", "", NULL);
			html_text(b, files[i].original_name);
			html_raw_trusted(b, "</a></th><td>");
			html_text(b, files[i].comment);
			html_raw_trusted(b, "</td><td>");
			html_text(b, files[i].sent_by);
			html_raw_trusted(b, "</td><td>");
			html_text(b, when_text(req, files[i].sent_at));
			html_raw_trusted(b, "</td></tr>\n");
		}
		html_raw_trusted(b, "</tbody></table></div>\n");
	}
	free(files);
	page_end(req);
}

void school_la_file_get(struct request *req)
{
	struct la_file f;
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	char *bytes = NULL;
	size_t len = 0;
	enum err e;

	if (!req->has_estab)
		BUG("LA file without an authorised establishment");
	e = collection_school_la_file(req->db, &who, &req->estab, request_int(req, "fid"), &f,
				      &bytes, &len, &eb);
	if (e == ERR_NOT_FOUND) {
		page_error(req, 404, NULL);
		return;
	}
	if (e) {
		log_warn("web: LA file not downloaded: %s", eb.msg);
		page_error(req, 500, NULL);
		return;
	}
	send_bytes(req, "application/octet-stream", f.original_name, bytes, len);
	free(bytes);
}
