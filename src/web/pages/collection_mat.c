/*
 * collection_mat: the trust's bulk upload page (issue 7d). A MAT admin chooses
 * the collection and many files; each file goes to its school's open request
 * (app/collection_mat.h decides, with access_allowed) and gets its own verdict
 * on the page; below, every file the trust has sent for its schools.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/collection.h"
#include "app/collection_mat.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "web/csrf.h"
#include "web/html.h"

static const char *const collections[] = { "ks2", "ks1", "phonics", "eyfsp", "other" };

static const char *status_label(const char *status)
{
	static const char *const map[][2] = { { "successful", "Successful" },
					      { "successful-with-queries",
						"Successful with queries" },
					      { "upload-error", "Upload error" },
					      { "overwritten", "Overwritten" } };
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (strcmp(status, map[i][0]) == 0)
			return map[i][1];
	return status;
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

static const char *file_href(struct request *req, int laestab, int64_t request_id, int64_t file_id)
{
	return arena_printf(&req->arena, "/schools/%07d/requests/%lld/files/%lld", laestab,
			    (long long)request_id, (long long)file_id);
}

static void upload_form(struct request *req, const char *chosen)
{
	struct strbuf *b = resp_body(req);

	html_raw_trusted(b, "<h2>Upload &amp; send for your schools</h2>");
	html_open(b, "form", "method", "post", "action", "/trust/uploads", "enctype",
		  "multipart/form-data", NULL);
	html_csrf_field(b, csrf_token(req));
	html_raw_trusted(b, "<div class=\"field\"><label for=\"mat-collection\">Collection</label>"
			    "<select id=\"mat-collection\" name=\"collection\">");
	for (size_t i = 0; i < ARRAY_SIZE(collections); i++) {
		html_open(b, "option", "value", collections[i], "selected",
			  chosen && strcmp(chosen, collections[i]) == 0 ? "" : NULL, NULL);
		html_text(b, collection_request_label(collections[i]));
		html_close(b, "option");
	}
	html_raw_trusted(b, "</select></div>");
	html_raw_trusted(b, "<div class=\"field\"><label for=\"mat-files\">Files</label>"
			    "<p class=\"hint\" id=\"mat-files-hint\">");
	html_text(b, arena_printf(&req->arena,
				  "Up to %d files, each at most 3 MiB (3,145,728 bytes). Each "
				  "file goes to the school whose DfE number (LAESTAB) it holds: "
				  "the CTF header, the School DFE column of a spreadsheet, or "
				  "else the file's name (such as 8881234_KS2.xml).",
				  MAT_UPLOAD_FILES_MAX));
	html_raw_trusted(b, "</p><input type=\"file\" id=\"mat-files\" name=\"file\" multiple "
			    "aria-describedby=\"mat-files-hint\" required></div>"
			    "<div class=\"field\"><label for=\"mat-comment\">Comment for the local "
			    "authorities (optional)</label><textarea id=\"mat-comment\" "
			    "name=\"comment\" rows=\"2\" maxlength=\"1000\"></textarea></div>"
			    "<button type=\"submit\" class=\"button\">Upload &amp; send</button>"
			    "</form>\n");
}

static void uploads_list(struct request *req)
{
	struct strbuf *b = resp_body(req);
	struct trust_upload *list = NULL;
	size_t n = 0;

	html_raw_trusted(b, "<h2>Files your trust sent</h2>");
	if (collection_mat_uploads(req->db, &req->user, &list, &n) != ERR_OK) {
		html_elem(b, "p", "The list could not be read. Try again later.");
		return;
	}
	if (!n) {
		html_elem(b, "p", "Your trust has not sent any files for its schools yet.");
		return;
	}
	html_raw_trusted(b, "<div class=\"table-scroll\"><table class=\"data-table\" "
			    "id=\"trust-uploads\"><thead><tr><th scope=\"col\">File</th>"
			    "<th scope=\"col\">School</th><th scope=\"col\">Request</th>"
			    "<th scope=\"col\">Status</th><th scope=\"col\">Problems</th>"
			    "<th scope=\"col\">Sent by</th><th scope=\"col\">When</th></tr>"
			    "</thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		struct establishment e;
		bool known = store_establishment_get(req->db, list[i].establishment_id, &e) ==
			     ERR_OK;
		html_raw_trusted(b, "<tr><th scope=\"row\">");
		if (known)
			html_open(b, "a", "href",
				  file_href(req, establishment_laestab(&e), list[i].request_id,
					    list[i].file_id),
				  NULL);
		html_text(b, list[i].original_name);
		if (known)
			html_close(b, "a");
		html_raw_trusted(b, "</th><td>");
		if (known) {
			html_text(b, e.name);
			html_text(b,
				  arena_printf(&req->arena, " (%07d)", establishment_laestab(&e)));
		}
		html_raw_trusted(b, "</td><td>");
		html_text(b, list[i].request_name);
		html_raw_trusted(b, "</td><td>");
		html_text(b, status_label(list[i].status));
		html_raw_trusted(b, "</td><td>");
		html_int(b, list[i].problem_count);
		html_raw_trusted(b, "</td><td>");
		html_text(b, list[i].sender);
		html_raw_trusted(b, "</td><td>");
		html_text(b, when_text(req, list[i].received_at));
		html_raw_trusted(b, "</td></tr>\n");
	}
	html_raw_trusted(b, "</tbody></table></div>\n");
	free(list);
}

static void page(struct request *req, const char *error, const struct mat_verdict *v, size_t n,
		 const char *chosen)
{
	struct strbuf *b;
	char line[PROBLEM_LINE_MAX];

	page_begin(req, "Upload for your trust's schools", NAV_REQUESTS);
	b = resp_body(req);
	if (error) {
		html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
				    "<h2>Nothing was sent</h2><p>");
		html_text(b, error);
		html_raw_trusted(b, "</p></div>\n");
	}
	if (n) {
		html_raw_trusted(b, "<h2>What happened to each file</h2><ul class=\"verdicts\" "
				    "id=\"mat-verdicts\">");
		for (size_t i = 0; i < n; i++) {
			html_open(b, "li", "class", v[i].err ? "refused" : "received", NULL);
			html_open(b, "strong", NULL);
			html_text(b, v[i].name);
			html_close(b, "strong");
			if (v[i].err) {
				html_text(b, ": Not sent. ");
				html_text(b, v[i].message);
			} else {
				html_text(b, arena_printf(&req->arena, ": %s for %s (%07d), %s. ",
							  status_label(v[i].rc.file.status),
							  v[i].school, v[i].laestab, v[i].request));
				html_open(b, "a", "href",
					  file_href(req, v[i].laestab, v[i].request_id,
						    v[i].rc.file.id),
					  NULL);
				html_text(b, "See the file");
				html_close(b, "a");
				if (v[i].rc.problems.count) {
					html_raw_trusted(b, "<ul class=\"problems\">");
					for (size_t k = 0; k < v[i].rc.problems.count; k++) {
						html_raw_trusted(b, "<li><code>");
						html_text(b, problem_format_line(
								     &v[i].rc.problems.items[k],
								     line));
						html_raw_trusted(b, "</code></li>");
					}
					html_raw_trusted(b, "</ul>");
				}
			}
			html_close(b, "li");
		}
		html_raw_trusted(b, "</ul>\n");
	}
	upload_form(req, chosen);
	uploads_list(req);
	page_end(req);
}

void trust_uploads_get(struct request *req)
{
	page(req, NULL, NULL, 0, NULL);
}

void trust_uploads_post(struct request *req)
{
	struct mat_file *files;
	struct mat_verdict *v = NULL;
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	struct errbuf eb = { "" };
	int choice = request_enum(req, "collection");
	const char *coll = choice >= 0 ? collections[choice] : "";
	size_t refused = 0;
	enum err e;

	files = arena_alloc(&req->arena, (req->nuploads + 1) * sizeof(*files));
	for (size_t i = 0; i < req->nuploads; i++)
		files[i] = (struct mat_file){ req->uploads[i].name, req->uploads[i].data,
					      req->uploads[i].len };
	e = collection_mat_upload(req->app, req->db, &req->user, &who, coll, files, req->nuploads,
				  request_text(req, "comment"), &v, &eb);
	if (e == ERR_NOT_FOUND) {
		page_error(req, 404, NULL);
		return;
	}
	if (e) {
		resp_status(req, page_refused_status(e));
		page(req, eb.msg, NULL, 0, coll);
		return;
	}
	for (size_t i = 0; i < req->nuploads; i++)
		refused += v[i].err != ERR_OK;
	if (refused)
		resp_status(req, 422);
	page(req, NULL, v, req->nuploads, coll);
	collection_mat_verdicts_free(v, req->nuploads);
}
