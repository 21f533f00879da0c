/*
 * collection_upload: the school's "Upload & send" of several files (issue 7b):
 * the form (a drop zone enhanced by /static/upload.js; without JavaScript the
 * file picker takes several files), the verdict of each file with its full
 * problem list, the error file (CSV) of a file's problems, and the school's
 * list of files sent. Use cases in app/collection_upload.h.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/collection.h"
#include "app/collection_upload.h"
#include "app/results_sheet.h"
#include "app/results_template.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "core/access.h"
#include "web/csrf.h"
#include "web/html.h"

static struct actor actor_of(const struct request *req)
{
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	return who;
}

static const char *school_href(struct request *req, int64_t id, const char *rest)
{
	return arena_printf(&req->arena, "/schools/%07d/requests/%lld%s",
			    establishment_laestab(&req->estab), (long long)id, rest);
}

static const char *file_href(struct request *req, int64_t id, int64_t fid, const char *rest)
{
	return school_href(req, id,
			   arena_printf(&req->arena, "/files/%lld%s", (long long)fid, rest));
}

static const char *status_label(const char *status)
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

void school_upload_form(struct request *req, const struct school_request *sr)
{
	struct strbuf *b = resp_body(req);
	enum collection coll;

	if (collection_submitted(req->db, &req->estab, &sr->r) &&
	    collection_parse(sr->r.collection, &coll)) {
		html_raw_trusted(b, "<h2>Send to LA</h2>");
		html_open(b, "form", "method", "post", "action",
			  school_href(req, sr->r.id, "/send-submitted"), NULL);
		html_csrf_field(b, csrf_token(req));
		html_open(b, "p", NULL);
		html_text(b,
			  arena_printf(&req->arena,
				       "Your %s results are submitted in pupiltrack. Send them as "
				       "a CTF in one step:",
				       collection_label(coll)));
		html_close(b, "p");
		html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Send to LA</button>"
				    "</form>\n");
	}
	html_raw_trusted(b, "<h2>Upload &amp; send</h2>");
	if (collection_parse(sr->r.collection, &coll) && results_sheet_layout(coll, NULL, NULL)) {
		html_open(b, "p", NULL);
		html_text(b, "No CTF from your MIS? ");
		html_open(b, "a", "href", school_href(req, sr->r.id, "/template.xlsx"), "download",
			  "", NULL);
		html_text(b, arena_printf(&req->arena,
					  "Download the %s results spreadsheet with your pupils",
					  collection_label(coll)));
		html_close(b, "a");
		html_text(b, ", fill in the results (the drop-downs list the codes allowed), "
			     "and send it here. Do not add or remove pupils.");
		html_close(b, "p");
	}
	html_open(b, "form", "method", "post", "action", school_href(req, sr->r.id, "/send"),
		  "enctype", "multipart/form-data", "class", "upload-form", NULL);
	html_csrf_field(b, csrf_token(req));
	html_raw_trusted(b, "<div class=\"field drop-zone\" data-drop-zone>"
			    "<label for=\"up-files\">Files</label>"
			    "<p class=\"hint\" id=\"up-files-hint\">");
	html_text(b, arena_printf(&req->arena,
				  "Drag the files onto this box, or choose them. Up to %d files at "
				  "a time, each at most 3 MiB (3,145,728 bytes): the CTF your MIS "
				  "exported (.xml), the results spreadsheet template (.xlsx) or "
				  "the pupil CSV template. Each file is checked as soon as it "
				  "arrives.",
				  COLLECTION_FILES_MAX));
	html_raw_trusted(b, "</p><input type=\"file\" id=\"up-files\" name=\"files\" multiple "
			    "accept=\".xml,.xlsx,.csv,text/xml,application/xml,text/csv,"
			    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\" "
			    "aria-describedby=\"up-files-hint\" required>"
			    "<ul class=\"drop-list\" aria-live=\"polite\"></ul></div>"
			    "<div class=\"field\"><label for=\"up-comment\">Comment for the "
			    "local authority (optional, one for all the files)</label>"
			    "<textarea id=\"up-comment\" name=\"comment\" rows=\"2\" "
			    "maxlength=\"1000\"></textarea></div>"
			    "<button type=\"submit\" class=\"button\">Upload &amp; send</button>"
			    "</form>\n<script src=\"/static/upload.js\" defer></script>\n");
}

static const char *when_text(struct request *req, int64_t t)
{
	char day[11];
	int64_t s = ((t % 86400) + 86400) % 86400;

	date_format_dmy(date_from_unix(t), day);
	return arena_printf(&req->arena, "%s %02d:%02d UTC", day, (int)(s / 3600),
			    (int)(s / 60 % 60));
}

/* A small form with one button posting to the file's action (recall, delete). */
static void file_button(struct request *req, int64_t id, int64_t fid, const char *action,
			const char *label, const char *name)
{
	struct strbuf *b = resp_body(req);

	html_open(b, "form", "method", "post", "action",
		  file_href(req, id, fid, arena_printf(&req->arena, "/%s", action)), "class",
		  "inline", NULL);
	html_csrf_field(b, csrf_token(req));
	html_open(b, "button", "type", "submit", "class", "button secondary", "aria-label",
		  arena_printf(&req->arena, "%s %s", label, name), NULL);
	html_text(b, label);
	html_close(b, "button");
	html_close(b, "form");
}

static const char *const filter_labels[SENT__MAX] = { "All", "Sent, not yet received",
						      "Received by the LA" };

void school_sent_files(struct request *req, int64_t request_id, int filter)
{
	struct strbuf *b = resp_body(req);
	struct resource_scope scope = access_scope_of_establishment(&req->estab);
	bool may_send = access_allowed(&req->user, ACT_FILE_SEND, &scope);
	struct sent_file *files = NULL;
	struct recalled_file *rec = NULL;
	size_t n = 0, nrec = 0;

	if (collection_sent_files(req->db, &req->estab, request_id, filter, &files, &n, &rec,
				  &nrec) != ERR_OK) {
		html_elem(b, "p", "The files sent could not be read: try again in a moment.");
		return;
	}
	html_raw_trusted(b, "<h2 id=\"files-sent\">Files sent</h2><ul class=\"counts\">");
	for (int i = 0; i < SENT__MAX; i++) {
		html_raw_trusted(b, "<li>");
		html_open(b, "a", "href",
			  school_href(req, request_id,
				      arena_printf(&req->arena, "/files?show=%s",
						   sent_filter_code((enum sent_filter)i))),
			  "aria-current", (int)filter == i ? "true" : NULL, NULL);
		html_text(b, filter_labels[i]);
		html_raw_trusted(b, "</a></li>");
	}
	html_raw_trusted(b, "</ul>\n");
	if (!n && !nrec) {
		html_elem(b, "p",
			  filter == SENT_ALL ? "No files have been sent for this request yet." :
					       "No files sent for this request are in this list.");
		goto out;
	}
	html_raw_trusted(b, "<div class=\"table-scroll\"><table class=\"data-table\"><thead>"
			    "<tr><th scope=\"col\">File</th><th scope=\"col\">Kind</th>"
			    "<th scope=\"col\">Status</th><th scope=\"col\">Problems</th>"
			    "<th scope=\"col\">Sent by</th><th scope=\"col\">When</th>"
			    "<th scope=\"col\">Local authority</th><th scope=\"col\">"
			    "Actions</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct received_file *f = &files[i].f;

		html_raw_trusted(b, "<tr><th scope=\"row\">");
		html_open(b, "a", "href", file_href(req, request_id, f->id, ""), NULL);
		html_text(b, f->original_name);
		html_raw_trusted(b, "</a></th><td>");
		html_text(b, file_kind_label_of(f->kind));
		html_raw_trusted(b, "</td><td>");
		html_text(b, status_label(f->status));
		html_raw_trusted(b, "</td><td>");
		html_int(b, f->problem_count);
		html_raw_trusted(b, "</td><td>");
		html_text(b, f->sender);
		if (files[i].by_trust) { /* issue 7e: said as the file's page says it */
			html_raw_trusted(b, "<br><small>");
			html_text(b, "Uploaded by the trust on your behalf");
			html_raw_trusted(b, "</small>");
		}
		html_raw_trusted(b, "</td><td>");
		html_text(b, when_text(req, f->received_at));
		html_raw_trusted(b, "</td><td>");
		if (files[i].received)
			html_text(b, arena_printf(&req->arena, "Received by %s on %s",
						  files[i].rcpt.received_by,
						  when_text(req, files[i].rcpt.received_at)));
		else
			html_text(b, "Not yet received");
		html_raw_trusted(b, "</td><td>");
		if (may_send && !files[i].received) {
			file_button(req, request_id, f->id, "recall", "Recall", f->original_name);
			file_button(req, request_id, f->id, "delete", "Delete", f->original_name);
		}
		html_raw_trusted(b, "</td></tr>\n");
	}
	for (size_t i = 0; i < nrec; i++) {
		html_raw_trusted(b, "<tr><th scope=\"row\">");
		html_text(b, rec[i].original_name);
		html_raw_trusted(b, "</th><td>");
		html_text(b, file_kind_label_of(rec[i].kind));
		html_raw_trusted(b, "</td><td>Recalled</td><td></td><td>");
		html_text(b, rec[i].sender);
		html_raw_trusted(b, "</td><td>");
		html_text(b, when_text(req, rec[i].sent_at));
		html_raw_trusted(b, "</td><td>");
		html_text(b, arena_printf(&req->arena, "Recalled by %s on %s", rec[i].recalled_by,
					  when_text(req, rec[i].recalled_at)));
		html_raw_trusted(b, "</td><td></td></tr>\n");
	}
	html_raw_trusted(b, "</tbody></table></div>\n");
out:
	free(files);
	free(rec);
}

/* The files page: the list with its filter; error (may be NULL) above it. */
static void files_page(struct request *req, const struct school_request *sr,
		       enum sent_filter filter, const char *error, const char *done)
{
	struct strbuf *b;

	page_begin(req, arena_printf(&req->arena, "Files sent: %s", sr->r.name), NAV_REQUESTS);
	b = resp_body(req);
	if (error) {
		html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
				    "<h2>Nothing was changed</h2><p>");
		html_text(b, error);
		html_raw_trusted(b, "</p></div>\n");
	}
	if (done)
		html_elem(b, "p", done);
	html_open(b, "p", NULL);
	html_open(b, "a", "href", school_href(req, sr->r.id, ""), NULL);
	html_text(b, "Back to the request");
	html_close(b, "a");
	html_close(b, "p");
	school_sent_files(req, sr->r.id, filter);
	page_end(req);
}

void school_files_get(struct request *req)
{
	struct school_request sr;
	int show = request_enum(req, "show"), done = request_enum(req, "done");

	if (!req->has_estab)
		BUG("files page without an authorised establishment");
	if (collection_school_request(req->app, req->db, &req->estab, request_int(req, "id"),
				      &sr) != ERR_OK) {
		page_error(req, 404, NULL);
		return;
	}
	files_page(req, &sr, show < 0 ? SENT_ALL : (enum sent_filter)show, NULL,
		   done == 0 ? "The file was recalled: the local authority no longer sees it." :
		   done == 1 ? "The file was deleted." :
			       NULL);
}

static void take_back(struct request *req, bool recall)
{
	struct school_request sr;
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	int64_t id = request_int(req, "id"), fid = request_int(req, "fid");
	enum err e;

	if (!req->has_estab)
		BUG("recall without an authorised establishment");
	if (collection_school_request(req->app, req->db, &req->estab, id, &sr) != ERR_OK) {
		page_error(req, 404, NULL);
		return;
	}
	e = recall ? collection_file_recall(req->app, req->db, &req->user, &who, &req->estab, id,
					    fid, &eb) :
		     collection_file_delete(req->app, req->db, &req->user, &who, &req->estab, id,
					    fid, &eb);
	if (e == ERR_OK) {
		resp_redirect(req,
			      school_href(req, id,
					  recall ? "/files?done=recalled" : "/files?done=deleted"));
	} else if (e == ERR_NOT_FOUND) {
		page_error(req, 404, NULL);
	} else if (e == ERR_CONFLICT || e == ERR_DENIED || e == ERR_LOCKED) {
		resp_status(req, e == ERR_DENIED ? 403 : 409);
		files_page(req, &sr, SENT_ALL, eb.msg, NULL);
	} else {
		log_warn("web: file not taken back: %s", eb.msg);
		page_error(req, 500, NULL);
	}
}

void school_file_recall_post(struct request *req)
{
	take_back(req, true);
}

void school_file_delete_post(struct request *req)
{
	take_back(req, false);
}

void school_error_file_link(struct request *req, int64_t request_id, int64_t file_id,
			    size_t nproblems)
{
	struct strbuf *b = resp_body(req);

	if (nproblems <= COLLECTION_ERROR_FILE_AFTER)
		return;
	html_open(b, "p", NULL);
	html_open(b, "a", "href", file_href(req, request_id, file_id, "/problems.csv"), "download",
		  "", NULL);
	html_text(b, "Download the error file (CSV) of all ");
	html_int(b, (int64_t)nproblems);
	html_text(b, " problems");
	html_close(b, "a");
	html_close(b, "p");
}

/* One file's verdict: what it was found to be, its status and every problem. */
static void verdict_block(struct request *req, int64_t id, const struct upload_verdict *v)
{
	struct strbuf *b = resp_body(req);
	const struct received_file *f = &v->rc.file;
	char line[PROBLEM_LINE_MAX];
	bool error = v->err || strcmp(f->status, "upload-error") == 0;

	html_open(b, "section", "class", error ? "verdict verdict-error" : "verdict", NULL);
	html_open(b, "h2", NULL);
	html_text(b, v->name);
	html_text(b, ": ");
	html_text(b, v->err ? "Refused, not sent" : status_label(f->status));
	html_close(b, "h2");
	if (v->err) {
		html_elem(b, "p", v->message);
		html_close(b, "section");
		return;
	}
	html_open(b, "p", NULL);
	html_text(b, file_kind_label_of(f->kind));
	html_text(b, arena_printf(&req->arena, ", %lld bytes. ", (long long)f->size));
	html_text(b, error ? "It is kept for the record but does not count as your return: "
			     "correct the problems below and send it again. " :
			     "It is now your return for the request. ");
	html_open(b, "a", "href", file_href(req, id, f->id, ""), NULL);
	html_text(b, "The file's page");
	html_close(b, "a");
	html_close(b, "p");
	html_open(b, "p", NULL);
	html_text(b, "Problems found: ");
	html_int(b, (int64_t)v->rc.problems.count);
	html_close(b, "p");
	if (v->rc.problems.count) {
		html_raw_trusted(b, "<ul class=\"problems\">");
		for (size_t i = 0; i < v->rc.problems.count; i++) {
			html_raw_trusted(b, "<li><code>");
			html_text(b, problem_format_line(&v->rc.problems.items[i], line));
			html_raw_trusted(b, "</code></li>");
		}
		html_raw_trusted(b, "</ul>\n");
	}
	school_error_file_link(req, id, f->id, v->rc.problems.count);
	html_close(b, "section");
}

void school_send_post(struct request *req)
{
	struct school_request sr;
	struct upload_file files[COLLECTION_FILES_MAX + 1];
	struct upload_verdict *v = NULL;
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	int64_t id = request_int(req, "id");
	size_t n = 0, stored = 0, too_big = 0;
	struct strbuf *b;
	enum err e;

	if (!req->has_estab)
		BUG("upload without an authorised establishment");
	if (collection_school_request(req->app, req->db, &req->estab, id, &sr) != ERR_OK) {
		page_error(req, 404, NULL);
		return;
	}
	for (size_t i = 0; i < req->nuploads; i++) {
		const struct upload_part *p = &req->uploads[i];
		/* a picker left empty sends one part with no name and no bytes */
		if (!p->name[0] && !p->len)
			continue;
		if (n <= COLLECTION_FILES_MAX)
			files[n] = (struct upload_file){ p->name, p->data, p->len };
		n++;
	}
	e = collection_receive_many(req->app, req->db, &req->user, &who, &req->estab, id, files, n,
				    request_text(req, "comment"), &v, &eb);
	if (e == ERR_NOT_FOUND) {
		page_error(req, 404, NULL);
		return;
	}
	if (e) {
		resp_status(req, 422);
		page_begin(req, sr.r.name, NAV_REQUESTS);
		b = resp_body(req);
		html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
				    "<h2>Nothing was sent</h2><p>");
		html_text(b, eb.msg);
		html_raw_trusted(b, "</p></div>\n");
		html_open(b, "p", NULL);
		html_open(b, "a", "href", school_href(req, id, ""), NULL);
		html_text(b, "Back to the request");
		html_close(b, "a");
		html_close(b, "p");
		page_end(req);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (!v[i].err)
			stored++;
		else if (v[i].err == ERR_TOO_BIG)
			too_big++;
		else if (v[i].err != ERR_INVALID && v[i].err != ERR_LOCKED)
			log_warn("web: file not received: %s", v[i].message);
	}
	/* as the API: 200 when every file was stored, else 413 when every file was
	 * too big, 409 for a closed request, 422 when some file was refused */
	if (stored < n)
		resp_status(req, too_big == n ? 413 : v[0].err == ERR_LOCKED ? 409 : 422);
	page_begin(req, "Files received and checked", NAV_REQUESTS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", "role", "status", NULL);
	html_text(b, arena_printf(&req->arena, "%zu of %zu file%s received for ", stored, n,
				  n == 1 ? "" : "s"));
	html_open(b, "a", "href", school_href(req, id, ""), NULL);
	html_text(b, sr.r.name);
	html_close(b, "a");
	html_text(b, ". Each file's result is below.");
	html_close(b, "p");
	for (size_t i = 0; i < n; i++)
		verdict_block(req, id, &v[i]);
	collection_verdicts_free(v, n);
	page_end(req);
}

void school_file_problems_get(struct request *req)
{
	struct school_request sr;
	struct received_file f;
	struct problem_list pl;
	int64_t id = request_int(req, "id");

	if (!req->has_estab)
		BUG("error file without an authorised establishment");
	problem_list_init(&pl);
	if (collection_school_request(req->app, req->db, &req->estab, id, &sr) != ERR_OK ||
	    collection_school_file(req->db, &req->estab, id, request_int(req, "fid"), &f, &pl) !=
		    ERR_OK) {
		problem_list_release(&pl);
		page_error(req, 404, NULL);
		return;
	}
	collection_problems_csv(&pl, resp_body(req));
	problem_list_release(&pl);
	resp_content_type(req, "text/csv; charset=utf-8");
	resp_header(req, "Content-Disposition",
		    arena_printf(&req->arena, "attachment; filename=\"errors-%lld.csv\"",
				 (long long)f.id));
}

void school_template_get(struct request *req)
{
	struct school_request sr;
	struct errbuf eb = { "" };
	char name[RESULTS_TEMPLATE_NAME_MAX], *bytes = NULL;
	enum collection coll;
	size_t len = 0;
	enum err e;

	if (!req->has_estab)
		BUG("template without an authorised establishment");
	if (collection_school_request(req->app, req->db, &req->estab, request_int(req, "id"),
				      &sr) != ERR_OK ||
	    !collection_parse(sr.r.collection, &coll) || !results_sheet_layout(coll, NULL, NULL)) {
		page_error(req, 404, NULL);
		return;
	}
	e = results_template_build(req->app, req->db, &req->estab, coll, sr.r.academic_year, &bytes,
				   &len, name, &eb);
	if (e) {
		log_warn("web: results template not made: %s", eb.msg);
		page_error(req, 500, NULL);
		return;
	}
	strbuf_add(resp_body(req), bytes, len);
	free(bytes);
	resp_content_type(req, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	resp_header(req, "Content-Disposition",
		    arena_printf(&req->arena, "attachment; filename=\"%s\"", name));
}

void school_send_submitted_post(struct request *req)
{
	struct school_request sr;
	struct receipt rc;
	struct problem_list pl;
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	int64_t id = request_int(req, "id");
	char line[PROBLEM_LINE_MAX];
	struct strbuf *b;
	enum err e;

	if (!req->has_estab)
		BUG("send to LA without an authorised establishment");
	if (collection_school_request(req->app, req->db, &req->estab, id, &sr) != ERR_OK) {
		page_error(req, 404, NULL);
		return;
	}
	receipt_init(&rc);
	problem_list_init(&pl);
	e = collection_send_submitted(req->app, req->db, &req->user, &who, &req->estab, id, &rc,
				      &pl, &eb);
	if (e == ERR_OK) {
		resp_redirect(req, file_href(req, id, rc.file.id, "?sent=1"));
	} else if (e == ERR_NOT_FOUND) {
		page_error(req, 404, NULL);
	} else if (e == ERR_INVALID || e == ERR_LOCKED || e == ERR_TOO_BIG) {
		resp_status(req, e == ERR_LOCKED ? 409 : 422);
		page_begin(req, sr.r.name, NAV_REQUESTS);
		b = resp_body(req);
		html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
				    "<h2>Nothing was sent</h2><p>");
		html_text(b, eb.msg);
		html_raw_trusted(b, "</p>");
		if (pl.count) {
			html_raw_trusted(b, "<ul class=\"problems\">");
			for (size_t i = 0; i < pl.count; i++) {
				html_raw_trusted(b, "<li><code>");
				html_text(b, problem_format_line(&pl.items[i], line));
				html_raw_trusted(b, "</code></li>");
			}
			html_raw_trusted(b, "</ul>");
		}
		html_raw_trusted(b, "</div>\n");
		html_open(b, "p", NULL);
		html_open(b, "a", "href", school_href(req, id, ""), NULL);
		html_text(b, "Back to the request");
		html_close(b, "a");
		html_close(b, "p");
		page_end(req);
	} else {
		log_warn("web: send to LA failed: %s", eb.msg);
		page_error(req, 500, NULL);
	}
	problem_list_release(&pl);
	receipt_release(&rc);
}
