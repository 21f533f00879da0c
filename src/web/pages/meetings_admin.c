/*
 * meetings_admin: the discussion-area templates of the maintenance area (a
 * school starts with the default questions and gets its own copy to change
 * when it first changes one), the LA officer's news items for the LA's
 * schools, and the progress headline and news of the home page. Shares the
 * form helpers of meetings.c (meetings_ui.h).
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/meetings.h"
#include "base/xalloc.h"
#include "core/access.h"
#include "store/store_meetings.h"
#include "web/csrf.h"
#include "web/html.h"
#include "web/pages/meetings_ui.h"
#include "web/scope.h"

/* ---- discussion-area templates */

void dareas_home_get(struct request *req)
{
	struct establishment *list = NULL;
	struct strbuf *b;
	size_t n = 0, shown = 0;

	if (scope_visible_schools(req, &list, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	if (n == 1) {
		resp_redirect(req, arena_printf(&req->arena, "/schools/%07d/discussion-areas",
						establishment_laestab(&list[0])));
		return;
	}
	page_begin(req, "Discussion Areas", NAV_MAINTENANCE);
	b = resp_body(req);
	html_open(b, "ul", "class", "school-links", NULL);
	for (size_t i = 0; i < n; i++) {
		struct resource_scope scope = access_scope_of_establishment(&list[i]);

		if (!access_allowed(&req->user, ACT_ESTAB_ADMIN, &scope))
			continue;
		shown++;
		html_open(b, "li", NULL);
		html_open(b, "a", "href",
			  arena_printf(&req->arena, "/schools/%07d/discussion-areas",
				       establishment_laestab(&list[i])),
			  NULL);
		html_text(b, list[i].name);
		html_close(b, "a");
		html_close(b, "li");
	}
	html_close(b, "ul");
	if (!shown)
		html_elem(b, "p", "There are no schools whose discussion areas you can change.");
	page_end(req);
}

void dareas_get(struct request *req)
{
	struct discussion_area *list = NULL;
	struct strbuf *b;
	size_t n = 0;
	bool own = false;

	if (meetings_templates(req->db, &req->estab, &list, &n, &own) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	page_begin(req, "Discussion Areas", NAV_MAINTENANCE);
	b = resp_body(req);
	mui_notice(b, "The discussion area was", request_enum(req, "done"));
	html_elem(b, "h2", "Cohort Progress Meeting");
	html_elem(b, "p",
		  "The questions a new progress meeting starts with, between their start "
		  "and end dates. Each meeting can still change its own copy.");
	html_open(b, "p", NULL);
	html_open(b, "a", "class", "button", "href", mui_school_href(req, "discussion-areas/new"),
		  NULL);
	html_text(b, "+ Add new");
	html_close(b, "a");
	html_close(b, "p");
	if (!own) {
		html_elem(b, "p",
			  "Your school uses the default questions. To change or delete "
			  "them, make them your school's own first.");
		html_open(b, "form", "method", "post", "action",
			  mui_school_href(req, "discussion-areas/customise"), NULL);
		html_csrf_field(b, csrf_token(req));
		html_raw_trusted(b, "<button type=\"submit\" class=\"button secondary\">Change the "
				    "default questions</button></form>\n");
	}
	html_raw_trusted(b,
			 "<div class=\"table-scroll\"><table class=\"data-table\">"
			 "<caption>Discussion areas</caption><thead><tr>"
			 "<th scope=\"col\">Discussion Area</th><th scope=\"col\">Sort Order</th>"
			 "<th scope=\"col\">Discussion Type</th><th scope=\"col\">Start Date</th>"
			 "<th scope=\"col\">End Date</th>");
	if (own)
		html_raw_trusted(b, "<th scope=\"col\"><span class=\"visually-hidden\">Actions"
				    "</span></th>");
	html_raw_trusted(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const char *one =
			mui_school_href(req, arena_printf(&req->arena, "discussion-areas/%lld",
							  (long long)list[i].id));

		html_raw_trusted(b, "<tr><td>");
		html_text(b, list[i].description);
		html_raw_trusted(b, "</td><td>");
		html_int(b, list[i].sort_order);
		html_raw_trusted(b, "</td><td>Cohort</td><td>");
		html_text(b, mui_dmy(req, list[i].start));
		html_raw_trusted(b, "</td><td>");
		html_text(b, mui_dmy(req, list[i].end));
		html_raw_trusted(b, "</td>");
		if (own) {
			html_raw_trusted(b, "<td>");
			html_open(b, "a", "href", one, NULL);
			html_text(b, "Edit");
			html_close(b, "a");
			html_text(b, " ");
			html_open(b, "form", "method", "post", "action",
				  arena_printf(&req->arena, "%s/delete", one), "class", "inline",
				  NULL);
			html_csrf_field(b, csrf_token(req));
			html_raw_trusted(b, "<button type=\"submit\" class=\"button secondary\" "
					    "data-confirm=\"Delete this discussion area?\">Delete"
					    "</button></form></td>");
		}
		html_raw_trusted(b, "</tr>\n");
	}
	html_raw_trusted(b, "</tbody></table></div>\n");
	page_end(req);
	free(list);
}

void dareas_customise_post(struct request *req)
{
	struct actor who = mui_actor(req);
	struct errbuf eb = { "" };
	bool seeded = false;

	if (store_discussion_seeded(req->db, req->estab.id, &seeded) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	if (seeded) { /* nothing to do: say so rather than answer as if it were done */
		page_error(req, 409,
			   "This school has its own discussion areas already: change them in "
			   "the list.");
		return;
	}
	if (meetings_templates_customise(req->db, &who, &req->estab, &eb) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	resp_redirect(req, mui_school_href(req, "discussion-areas"));
}

struct dform {
	struct discussion_area d; /* values */
	const char *sort_text;	  /* as typed */
	const char *start_text;	  /* as typed */
	const char *end_text;	  /* as typed */
};

static void darea_page(struct request *req, const struct dform *f, const struct meeting_errors *fe)
{
	const char *action =
		f->d.id ? mui_school_href(req, arena_printf(&req->arena, "discussion-areas/%lld",
							    (long long)f->d.id)) :
			  mui_school_href(req, "discussion-areas");
	struct strbuf *b;

	if (fe && fe->n)
		resp_status(req, 422);
	page_begin(req, f->d.id ? "Discussion Areas - Edit" : "Discussion Areas - Create",
		   NAV_MAINTENANCE);
	b = resp_body(req);
	mui_error_summary(req, fe);
	html_open(b, "form", "method", "post", "action", action, NULL);
	html_csrf_field(b, csrf_token(req));
	html_raw_trusted(b, "<div class=\"field\">");
	mui_textarea(req, "f-description", "description", "!Description", f->d.description,
		     mui_field_error(fe, MSEC__MAX, 0, "description"), DAREA_TEXT_MAX);
	html_raw_trusted(b, "</div>\n");
	html_form_field(b, &(struct html_field){
				   .name = "sort_order",
				   .label = "Sort Order",
				   .type = "number",
				   .value = f->sort_text,
				   .error = mui_field_error(fe, MSEC__MAX, 0, "sort_order") });
	html_form_field(b, &(struct html_field){
				   .name = "start_date",
				   .label = "Start Date",
				   .type = "date",
				   .hint = "dd/mm/yyyy; blank: from now on",
				   .value = f->start_text,
				   .error = mui_field_error(fe, MSEC__MAX, 0, "start_date") });
	html_form_field(
		b, &(struct html_field){ .name = "end_date",
					 .label = "End Date",
					 .type = "date",
					 .hint = "dd/mm/yyyy; blank: no end",
					 .value = f->end_text,
					 .error = mui_field_error(fe, MSEC__MAX, 0, "end_date") });
	html_raw_trusted(b,
			 "<div class=\"field\"><label for=\"f-type\">Discussion Type</label>"
			 "<input id=\"f-type\" type=\"text\" value=\"Cohort\" disabled></div>\n");
	html_open(b, "button", "type", "submit", "class", "button", NULL);
	html_text(b, f->d.id ? "Save" : "Create");
	html_close(b, "button");
	html_text(b, " ");
	html_open(b, "a", "href", mui_school_href(req, "discussion-areas"), NULL);
	html_text(b, "Back to List");
	html_close(b, "a");
	html_raw_trusted(b, "</form>\n");
	page_end(req);
}

void darea_new_get(struct request *req)
{
	struct dform f = { .sort_text = "0", .end_text = "" };

	f.start_text = mui_iso(req, date_from_unix(app_now(req->app)));
	darea_page(req, &f, NULL);
}

void darea_edit_get(struct request *req)
{
	struct dform f;

	memset(&f, 0, sizeof(f));
	if (meetings_template_get(req->db, &req->estab, request_int(req, "id"), &f.d) != ERR_OK) {
		page_error(req, 404, NULL);
		return;
	}
	f.sort_text = arena_printf(&req->arena, "%d", f.d.sort_order);
	f.start_text = mui_iso(req, f.d.start);
	f.end_text = mui_iso(req, f.d.end);
	darea_page(req, &f, NULL);
}

static void darea_post(struct request *req, int64_t id)
{
	struct meeting_errors *fe = xcalloc(1, sizeof(*fe));
	struct actor who = mui_actor(req);
	struct errbuf eb = { "" };
	struct dform f;
	char *end = NULL;
	long sort;
	enum err rc;

	memset(&f, 0, sizeof(f));
	f.d.id = id;
	mui_copy_param(req, "description", f.d.description, sizeof(f.d.description));
	f.sort_text = request_text(req, "sort_order");
	f.start_text = request_text(req, "start_date");
	f.end_text = request_text(req, "end_date");
	sort = strtol(f.sort_text, &end, 10);
	f.d.sort_order = f.sort_text[0] && end && !*end && sort >= 0 && sort <= DAREA_SORT_MAX ?
				 (int)sort :
				 -1;
	if (!mui_parse_date(f.start_text, &f.d.start)) {
		fe->e[fe->n].section = MSEC__MAX;
		fe->e[fe->n].field = "start_date";
		snprintf(fe->e[fe->n++].message, sizeof(fe->e[0].message),
			 "Enter the start date as dd/mm/yyyy, or leave it blank.");
	}
	if (!mui_parse_date(f.end_text, &f.d.end)) {
		fe->e[fe->n].section = MSEC__MAX;
		fe->e[fe->n].field = "end_date";
		snprintf(fe->e[fe->n++].message, sizeof(fe->e[0].message),
			 "Enter the end date as dd/mm/yyyy, or leave it blank.");
	}
	if (fe->n) {
		darea_page(req, &f, fe);
		goto out;
	}
	rc = meetings_template_save(req->db, &who, &req->estab, &f.d, fe, &eb);
	if (rc == ERR_NOT_FOUND)
		page_error(req, 404, NULL);
	else if (rc == ERR_INVALID && fe->n)
		darea_page(req, &f, fe);
	else if (rc)
		page_error(req, 500, NULL);
	else
		resp_redirect(req, mui_school_href(req, id ? "discussion-areas?done=saved" :
							     "discussion-areas?done=added"));
out:
	free(fe);
}

void darea_create_post(struct request *req)
{
	darea_post(req, 0);
}

void darea_update_post(struct request *req)
{
	darea_post(req, request_int(req, "id"));
}

void darea_delete_post(struct request *req)
{
	struct actor who = mui_actor(req);
	struct errbuf eb = { "" };
	enum err rc;

	rc = meetings_template_delete(req->db, &who, &req->estab, request_int(req, "id"), &eb);
	if (rc) {
		page_error(req, rc == ERR_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	resp_redirect(req, mui_school_href(req, "discussion-areas?done=deleted"));
}

/* ---- LA news */

void news_get(struct request *req)
{
	struct news_item *list = NULL;
	struct strbuf *b;
	size_t n = 0;

	if (store_news_list(req->db, req->user.la_id, (struct date){ 0, 0, 0 }, &list, &n) !=
	    ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	page_begin(req, "News for schools", NAV_MAINTENANCE);
	b = resp_body(req);
	mui_notice(b, "The news item was", request_enum(req, "done"));
	html_elem(b, "p",
		  "News items appear on the home page of your LA's schools between "
		  "their dates.");
	html_raw_trusted(b, "<p><a class=\"button\" href=\"/la/news/new\">Add news item</a></p>\n");
	if (n == 0)
		html_elem(b, "p", "There are no news items yet.");
	else {
		html_raw_trusted(b, "<div class=\"table-scroll\"><table class=\"data-table\">"
				    "<caption>News items</caption><thead><tr><th scope=\"col\">"
				    "Title</th><th scope=\"col\">From</th><th scope=\"col\">Until"
				    "</th><th scope=\"col\"><span class=\"visually-hidden\">Actions"
				    "</span></th></tr></thead><tbody>\n");
		for (size_t i = 0; i < n; i++) {
			const char *one =
				arena_printf(&req->arena, "/la/news/%lld", (long long)list[i].id);

			html_raw_trusted(b, "<tr><td>");
			html_text(b, list[i].title);
			html_raw_trusted(b, "</td><td>");
			html_text(b, mui_dmy(req, list[i].from));
			html_raw_trusted(b, "</td><td>");
			html_text(b, mui_dmy(req, list[i].until));
			html_raw_trusted(b, "</td><td>");
			html_open(b, "a", "href", one, NULL);
			html_text(b, "Edit");
			html_close(b, "a");
			html_text(b, " ");
			html_open(b, "form", "method", "post", "action",
				  arena_printf(&req->arena, "%s/delete", one), "class", "inline",
				  NULL);
			html_csrf_field(b, csrf_token(req));
			html_raw_trusted(b,
					 "<button type=\"submit\" class=\"button secondary\" "
					 "data-confirm=\"Delete this news item?\">Delete</button>"
					 "</form></td></tr>\n");
		}
		html_raw_trusted(b, "</tbody></table></div>\n");
	}
	page_end(req);
	free(list);
}

struct nform {
	struct news_item n;	/* values */
	const char *from_text;	/* as typed */
	const char *until_text; /* as typed */
};

static void news_page(struct request *req, const struct nform *f, const struct meeting_errors *fe)
{
	const char *action =
		f->n.id ? arena_printf(&req->arena, "/la/news/%lld", (long long)f->n.id) :
			  "/la/news";
	struct strbuf *b;

	if (fe && fe->n)
		resp_status(req, 422);
	page_begin(req, f->n.id ? "Edit news item" : "Add news item", NAV_MAINTENANCE);
	b = resp_body(req);
	mui_error_summary(req, fe);
	html_open(b, "form", "method", "post", "action", action, NULL);
	html_csrf_field(b, csrf_token(req));
	html_form_field(b,
			&(struct html_field){ .name = "title",
					      .label = "Title",
					      .value = f->n.title,
					      .error = mui_field_error(fe, MSEC__MAX, 0, "title"),
					      .maxlength = NEWS_TITLE_MAX });
	html_raw_trusted(b, "<div class=\"field\">");
	mui_textarea(req, "f-body", "body", "!Text", f->n.body, NULL, NEWS_BODY_MAX);
	html_raw_trusted(b, "</div>\n");
	html_form_field(b,
			&(struct html_field){ .name = "from",
					      .label = "Show from",
					      .type = "date",
					      .hint = "dd/mm/yyyy",
					      .value = f->from_text,
					      .error = mui_field_error(fe, MSEC__MAX, 0, "from") });
	html_form_field(
		b, &(struct html_field){ .name = "until",
					 .label = "Show until",
					 .type = "date",
					 .hint = "dd/mm/yyyy; blank: until deleted",
					 .value = f->until_text,
					 .error = mui_field_error(fe, MSEC__MAX, 0, "until") });
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Save</button> "
			    "<a href=\"/la/news\">Back to list</a></form>\n");
	page_end(req);
}

void news_new_get(struct request *req)
{
	struct nform *f = xcalloc(1, sizeof(*f));

	f->from_text = mui_iso(req, date_from_unix(app_now(req->app)));
	f->until_text = "";
	news_page(req, f, NULL);
	free(f);
}

void news_edit_get(struct request *req)
{
	struct nform *f = xcalloc(1, sizeof(*f));

	if (meetings_news_get(req->db, req->user.la_id, request_int(req, "id"), &f->n) != ERR_OK)
		page_error(req, 404, NULL);
	else {
		f->from_text = mui_iso(req, f->n.from);
		f->until_text = mui_iso(req, f->n.until);
		news_page(req, f, NULL);
	}
	free(f);
}

static void news_post(struct request *req, int64_t id)
{
	struct meeting_errors *fe = xcalloc(1, sizeof(*fe));
	struct nform *f = xcalloc(1, sizeof(*f));
	struct actor who = mui_actor(req);
	struct errbuf eb = { "" };
	enum err rc;

	f->n.id = id;
	mui_copy_param(req, "title", f->n.title, sizeof(f->n.title));
	mui_copy_param(req, "body", f->n.body, sizeof(f->n.body));
	f->from_text = request_text(req, "from");
	f->until_text = request_text(req, "until");
	if (!mui_parse_date(f->from_text, &f->n.from)) {
		fe->e[fe->n].section = MSEC__MAX;
		fe->e[fe->n].field = "from";
		snprintf(fe->e[fe->n++].message, sizeof(fe->e[0].message),
			 "Enter the date to show it from as dd/mm/yyyy.");
	}
	if (!mui_parse_date(f->until_text, &f->n.until)) {
		fe->e[fe->n].section = MSEC__MAX;
		fe->e[fe->n].field = "until";
		snprintf(fe->e[fe->n++].message, sizeof(fe->e[0].message),
			 "Enter the last date to show it as dd/mm/yyyy, or leave it blank.");
	}
	if (fe->n) {
		news_page(req, f, fe);
		goto out;
	}
	rc = meetings_news_save(req->db, &who, req->user.la_id, &f->n, fe, &eb);
	if (rc == ERR_NOT_FOUND)
		page_error(req, 404, NULL);
	else if (rc == ERR_INVALID && fe->n)
		news_page(req, f, fe);
	else if (rc)
		page_error(req, 500, NULL);
	else
		resp_redirect(req, id ? "/la/news?done=saved" : "/la/news?done=added");
out:
	free(f);
	free(fe);
}

void news_create_post(struct request *req)
{
	news_post(req, 0);
}

void news_update_post(struct request *req)
{
	news_post(req, request_int(req, "id"));
}

void news_delete_post(struct request *req)
{
	struct actor who = mui_actor(req);
	struct errbuf eb = { "" };
	enum err rc;

	rc = meetings_news_delete(req->db, &who, req->user.la_id, request_int(req, "id"), &eb);
	if (rc) {
		page_error(req, rc == ERR_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	resp_redirect(req, "/la/news?done=deleted");
}

/* ---- home */

void page_home_headlines(struct request *req)
{
	struct strbuf *b = resp_body(req);
	struct news_item *news = NULL;
	struct headline *h = NULL;
	const struct establishment *own;
	struct establishment e;
	size_t nh = 0, nn = 0;
	int64_t la_id = 0;
	bool have_estab = false;

	if (scope_own_school(req, &own) == ERR_OK) {
		struct resource_scope scope = access_scope_of_establishment(own);

		e = *own;
		la_id = e.la_id;
		have_estab = access_allowed(&req->user, ACT_ASSESS_READ, &scope);
	} else if (role_scope(req->user.role) == SCOPE_LA) {
		la_id = req->user.la_id;
	}
	if (have_estab && meetings_headlines(req->app, req->db, &e, &h, &nh) == ERR_OK && nh) {
		html_raw_trusted(b, "<section class=\"headlines\" aria-labelledby=\"hl-h\">"
				    "<h2 id=\"hl-h\">Progress</h2><ul class=\"headline-list\">\n");
		for (size_t i = 0; i < nh; i++) {
			char text[256];

			html_open(b, "li", NULL);
			html_text(b, meetings_headline_text(&h[i], text, sizeof(text)));
			html_open(b, "span", "class", "hint", NULL);
			html_text(b, arena_printf(&req->arena, " (%s)", h[i].assessment));
			html_close(b, "span");
			html_close(b, "li");
		}
		html_raw_trusted(b, "</ul></section>\n");
	}
	free(h);
	html_raw_trusted(b, "<section class=\"news\" aria-labelledby=\"news-h\">"
			    "<h2 id=\"news-h\">News and updates</h2>\n");
	if (la_id &&
	    store_news_list(req->db, la_id, date_from_unix(app_now(req->app)), &news, &nn) ==
		    ERR_OK &&
	    nn) {
		for (size_t i = 0; i < nn; i++) {
			html_raw_trusted(b, "<article class=\"news-item\">");
			html_elem(b, "h3", news[i].title);
			html_open(b, "p", "class", "hint", NULL);
			html_text(b, mui_dmy(req, news[i].from));
			html_close(b, "p");
			html_elem(b, "p", news[i].body);
			html_raw_trusted(b, "</article>\n");
		}
	} else {
		html_elem(b, "p", "There is no news at the moment.");
	}
	html_raw_trusted(b, "</section>\n");
	free(news);
}
