/*
 * statutory_import: "Import a CTF" (issues 6 and 6c). The upload shows a preview
 * (app/statutory_app.h stat_import_preview: the import run and rolled back):
 * pupils new or matched by UPN (and whose basic details the file changes),
 * the results per collection that would be new, changed or unchanged, and every
 * problem located FILE:LINE:COL; errors block the import. "Import"
 * sends the file's text back, where it is read and checked again and stored all
 * or nothing (stat_import, audited); "Cancel" stores nothing.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/statutory_app.h"
#include "base/utf8.h"
#include "web/csrf.h"
#include "web/html.h"

/* ERR_CONFLICT from the import is never the file's fault: someone saved
 * results of the school while it was read (statutory_import.c). */
static const char conflict_heading[] =
	"Someone saved results of this school while the file was being read: nothing was "
	"saved. Upload the same file again.";

/* "The file has errors: nothing was saved. Correct it and upload it again.";
 * a file of another kind ("The file is not a CTF: nothing was saved.") is not
 * corrected but taken where it belongs, as its problem says. */
static const char *refusal_heading(struct request *req, const struct errbuf *eb,
				   const struct problem_list *pl)
{
	char *h = arena_printf(
		&req->arena, "%s.%s", eb->msg[0] ? eb->msg : "nothing was saved",
		problem_list_find(pl, "FILE_KIND") ? "" : " Correct it and upload it again.");

	if (h[0] >= 'a' && h[0] <= 'z')
		h[0] = (char)(h[0] - 'a' + 'A');
	return h;
}
/* The collections shown in the preview, in the order of the Submissions page. */
static const enum collection coll_of_choice[] = { COLL_EYFSP, COLL_PHONICS, COLL_KS1, COLL_KS2 };

static struct actor actor_of(const struct request *req)
{
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	return who;
}

static void problems_list(struct strbuf *b, const struct problem_list *pl)
{
	char line[PROBLEM_LINE_MAX];

	html_raw_trusted(b, "<ul class=\"problems\">");
	for (size_t i = 0; i < pl->count; i++) {
		html_raw_trusted(b, "<li><code>");
		html_text(b, problem_format_line(&pl->items[i], line));
		html_raw_trusted(b, "</code></li>");
	}
	html_raw_trusted(b, "</ul>\n");
}

/* The page head of a refused file: message and its located problems. */
static void problems_page(struct request *req, int status, const char *message,
			  const struct problem_list *pl)
{
	struct strbuf *b;

	resp_status(req, status);
	page_begin(req, "Import a CTF", NAV_SUBMISSIONS);
	b = resp_body(req);
	html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>");
	html_text(b, message);
	html_raw_trusted(b, "</h2>");
	problems_list(b, pl);
	html_raw_trusted(b, "</div>\n");
}

static void import_form(struct request *req)
{
	struct strbuf *b = resp_body(req);

	html_open(b, "form", "method", "post", "action",
		  arena_printf(&req->arena, "/schools/%07d/ctf-import",
			       establishment_laestab(&req->estab)),
		  "enctype", "multipart/form-data", NULL);
	html_csrf_field(b, csrf_token(req));
	html_raw_trusted(
		b, "<div class=\"field\"><label for=\"ctf-file\">Common Transfer File "
		   "(XML)</label><p class=\"hint\" id=\"ctf-file-hint\">A CTF from your "
		   "MIS, another school or the LA, at most 3 MB. Pupils are matched by UPN; "
		   "you see what would change before anything is saved; a file with any "
		   "error changes nothing.</p><input type=\"file\" "
		   "id=\"ctf-file\" name=\"file\" accept=\".xml,application/xml,text/xml\" "
		   "aria-describedby=\"ctf-file-hint\" required></div><button type=\"submit\" "
		   "class=\"button\">Check the file</button></form>\n");
}

void ctf_import_get(struct request *req)
{
	page_begin(req, "Import a CTF", NAV_SUBMISSIONS);
	import_form(req);
	page_end(req);
}

/* The file name shown in locations: the last part of what the browser sent. */
static const char *short_name(const char *name)
{
	const char *slash = strrchr(name, '/'), *back = strrchr(name, '\\');

	if (back && (!slash || back > slash))
		slash = back;
	name = slash ? slash + 1 : name;
	return name[0] ? name : "upload.xml";
}

static const char *import_href(struct request *req)
{
	return arena_printf(&req->arena, "/schools/%07d/ctf-import",
			    establishment_laestab(&req->estab));
}

/* The preview of a file without errors: what would be stored, the queries, and
 * the form that imports it (the file's text goes back with it and is read and
 * checked again) or cancels (nothing is stored). */
static void import_preview_page(struct request *req, const char *name, const char *text,
				const struct stat_import_preview *pv, const struct problem_list *pl)
{
	struct strbuf *b;
	size_t any = 0;

	page_begin(req, "Check the CTF before importing", NAV_SUBMISSIONS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, name);
	html_text(b, ": ");
	html_int(b, (int64_t)pv->npupils);
	html_text(b, pv->npupils == 1 ? " pupil, " : " pupils, ");
	html_int(b, (int64_t)pv->counts.pupils_new);
	html_text(b, " new and ");
	html_int(b, (int64_t)pv->counts.pupils_known);
	html_text(b, " matched by UPN to pupils of ");
	html_text(b, req->estab.name);
	html_text(b, ". Nothing is saved until you choose Import.");
	html_close(b, "p");
	if (pv->counts.pupils_differ) {
		html_open(b, "p", "class", "notice", "id", "ctf-preview-differ", NULL);
		html_int(b, (int64_t)pv->counts.pupils_differ);
		html_text(b,
			  pv->counts.pupils_differ == 1 ?
				  " matched pupil has basic details in the file that differ from "
				  "pupiltrack's record (see the last column below). " :
				  " matched pupils have basic details in the file that differ from "
				  "pupiltrack's records (see the last column below). ");
		html_text(b, "Import updates them from the file, and the audit log keeps each "
			     "old and new value. Details the file leaves out are kept. If "
			     "pupiltrack is right, correct the MIS and export the file again.");
		html_close(b, "p");
	}

	html_raw_trusted(b, "<table class=\"data-table\" id=\"ctf-preview-results\"><caption>"
			    "Results that would be saved</caption><thead><tr><th scope=\"col\">"
			    "Collection</th><th scope=\"col\">New</th><th scope=\"col\">"
			    "Changed</th><th scope=\"col\">Unchanged</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < sizeof(coll_of_choice) / sizeof(coll_of_choice[0]); i++) {
		enum collection c = coll_of_choice[i];
		if (!pv->written[c] && !pv->unchanged[c])
			continue;
		any++;
		html_raw_trusted(b, "<tr><th scope=\"row\">");
		html_text_capital(b, collection_label(c));
		html_raw_trusted(b, "</th><td>");
		html_int(b, (int64_t)pv->fresh[c]);
		html_raw_trusted(b, "</td><td>");
		html_int(b, (int64_t)pv->changed[c]);
		html_raw_trusted(b, "</td><td>");
		html_int(b, (int64_t)pv->unchanged[c]);
		html_raw_trusted(b, "</td></tr>\n");
	}
	if (!any)
		html_raw_trusted(b, "<tr><td colspan=\"4\">The file has no statutory results: only "
				    "the pupils' basic details would be saved.</td></tr>\n");
	html_raw_trusted(b, "</tbody></table>\n");
	if (pl->count) {
		html_raw_trusted(b, "<h2>Worth a look</h2><p>");
		html_text(b, "These queries do not stop the import, but check them.");
		html_raw_trusted(b, "</p>");
		problems_list(b, pl);
	}
	html_open(b, "form", "method", "post", "action",
		  arena_printf(&req->arena, "%s/confirm", import_href(req)), NULL);
	html_csrf_field(b, csrf_token(req));
	html_open(b, "input", "type", "hidden", "name", "name", "value", name, NULL);
	html_open(b, "input", "type", "hidden", "name", "ctf", "value", text, NULL);
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Import</button> ");
	html_open(b, "a", "href", import_href(req), "class", "button button-secondary", NULL);
	html_text(b, "Cancel");
	html_raw_trusted(b, "</a></form>\n");

	html_raw_trusted(b, "<div class=\"table-scroll\"><table class=\"data-table\" "
			    "id=\"ctf-preview-pupils\"><caption>Pupils in the file</caption>"
			    "<thead><tr><th scope=\"col\">Pupil</th><th scope=\"col\">UPN</th>"
			    "<th scope=\"col\">What happens</th><th scope=\"col\">New results"
			    "</th><th scope=\"col\">Changed results</th><th scope=\"col\">"
			    "Unchanged</th><th scope=\"col\">Details updated from the file"
			    "</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < pv->npupils; i++) {
		const struct stat_import_pupil *pp = &pv->pupils[i];
		html_raw_trusted(b, "<tr><th scope=\"row\">");
		html_text(b, pp->surname);
		html_text(b, ", ");
		html_text(b, pp->forename);
		html_raw_trusted(b, "</th><td class=\"upn\">");
		html_text(b, pp->upn);
		html_raw_trusted(b, "</td><td>");
		html_text(b, pp->is_new	   ? "New pupil" :
			     pp->elsewhere ? "Matched: left, now at another school (details kept)" :
					     "Matched");
		html_raw_trusted(b, "</td><td>");
		html_int(b, (int64_t)pp->fresh);
		html_raw_trusted(b, "</td><td>");
		html_int(b, (int64_t)pp->changed);
		html_raw_trusted(b, "</td><td>");
		html_int(b, (int64_t)pp->unchanged);
		html_raw_trusted(b, "</td><td>");
		html_text(b, pp->differs[0]		 ? pp->differs :
			     pp->is_new || pp->elsewhere ? "" :
							   "none");
		html_raw_trusted(b, "</td></tr>\n");
	}
	html_raw_trusted(b, "</tbody></table></div>\n");
	page_end(req);
}

/* Upload: the preview, or every problem (FILE:LINE:COL) with nothing stored. */
void ctf_import_post(struct request *req)
{
	struct actor who = actor_of(req);
	struct stat_import_preview pv;
	struct problem_list pl;
	struct errbuf eb = { "" };
	const char *name;
	enum err rc;

	if (!req->upload || !req->upload_len) {
		resp_status(req, 422);
		page_begin(req, "Import a CTF", NAV_SUBMISSIONS);
		html_raw_trusted(resp_body(req),
				 "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
				 "<h2>There is a problem</h2><ul><li>Choose the CTF file to import."
				 "</li></ul></div>\n");
		import_form(req);
		page_end(req);
		return;
	}
	name = short_name(req->upload_name);
	problem_list_init(&pl);
	if (!utf8_valid_text(req->upload, req->upload_len)) {
		problem_list_error(&pl, name, "CTF_ENCODING",
				   "the file is not UTF-8 text: export it again from the MIS "
				   "(CTFs are UTF-8)");
		problems_page(req, 422, "The file cannot be imported: nothing was saved.", &pl);
		import_form(req);
		page_end(req);
		problem_list_release(&pl);
		return;
	}
	rc = stat_import_preview(req->app, req->db, &who, &req->estab, name, req->upload,
				 req->upload_len, &pv, &pl, &eb);
	if (rc == ERR_OK) {
		import_preview_page(req, name, req->upload, &pv, &pl);
	} else if (rc == ERR_INVALID || rc == ERR_TOO_BIG || rc == ERR_LOCKED ||
		   rc == ERR_CONFLICT) {
		problems_page(req, rc == ERR_LOCKED || rc == ERR_CONFLICT ? 409 : 422,
			      rc == ERR_CONFLICT ? conflict_heading :
						   refusal_heading(req, &eb, &pl),
			      &pl);
		import_form(req);
		page_end(req);
	} else {
		page_error(req, 500, NULL);
	}
	stat_import_preview_release(&pv);
	problem_list_release(&pl);
}

/* Import: the previewed text, read and checked again, stored all or nothing. */
void ctf_import_confirm_post(struct request *req)
{
	struct actor who = actor_of(req);
	struct stat_import_counts counts;
	const char *text = request_text(req, "ctf");
	const char *name = short_name(request_text(req, "name"));
	struct problem_list pl;
	struct errbuf eb = { "" };
	struct strbuf *b;
	enum err rc;

	problem_list_init(&pl);
	rc = stat_import(req->app, req->db, &who, &req->estab, name, text, strlen(text), &counts,
			 &pl, &eb);
	if (rc == ERR_OK) {
		page_begin(req, "Import a CTF", NAV_SUBMISSIONS);
		b = resp_body(req);
		html_raw_trusted(b, "<p class=\"notice\" role=\"status\">");
		html_text(b, "The file was imported: ");
		html_int(b, (int64_t)counts.pupils_new);
		html_text(b, " new pupils, ");
		html_int(b, (int64_t)counts.pupils_known);
		html_text(b, " pupils matched (");
		html_int(b, (int64_t)counts.pupils_differ);
		html_text(b, " with their details updated from the file), ");
		html_int(b, (int64_t)counts.results_new);
		html_text(b, " new and ");
		html_int(b, (int64_t)counts.results_changed);
		html_text(b, " changed results saved, ");
		html_int(b, (int64_t)counts.unchanged);
		html_text(b, " unchanged.");
		html_raw_trusted(b, "</p>\n");
		if (pl.count) {
			html_raw_trusted(b, "<h2>Worth a look</h2>");
			problems_list(b, &pl);
		}
		import_form(req);
		page_end(req);
	} else if (rc == ERR_INVALID || rc == ERR_TOO_BIG || rc == ERR_LOCKED ||
		   rc == ERR_CONFLICT) {
		problems_page(req, rc == ERR_LOCKED || rc == ERR_CONFLICT ? 409 : 422,
			      rc == ERR_CONFLICT ?
				      conflict_heading :
				      arena_printf(&req->arena, "The file was not imported: %s.",
						   eb.msg),
			      &pl);
		import_form(req);
		page_end(req);
	} else {
		page_error(req, 500, NULL);
	}
	problem_list_release(&pl);
}
