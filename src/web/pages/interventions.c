/*
 * interventions: the "Interventions" tab of a pupil: the list (academic year,
 * assessment, details), adding one, editing and deleting. The dispatcher has
 * checked the route's action on :laestab; a pupil (or intervention) that is not
 * of that school answers 404 like a missing one.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "base/xalloc.h"
#include "core/access.h"
#include "core/calendar.h"
#include "web/csrf.h"
#include "web/html.h"

static const char *const iv_done_text[] = { "The intervention was added.",
					    "The intervention was saved.",
					    "The intervention was deleted." };

/* The pupil of :id when it is at the route's school; else a 404 page and false. */
static bool pupil_here(struct request *req, struct pupil *p)
{
	if (!req->has_estab)
		BUG("interventions without an authorised establishment");
	if (store_pupil_get(req->db, request_int(req, "id"), p) != ERR_OK ||
	    p->establishment_id != req->estab.id) {
		page_error(req, 404, NULL);
		return false;
	}
	return true;
}

/* The intervention :iv of pupil p; else a 404 page and false. */
static bool iv_here(struct request *req, const struct pupil *p, struct intervention *iv)
{
	if (store_intervention_get(req->db, request_int(req, "iv"), iv) != ERR_OK ||
	    iv->pupil_id != p->id) {
		page_error(req, 404, NULL);
		return false;
	}
	return true;
}

static const char *base_href(struct request *req, const struct pupil *p)
{
	return arena_printf(&req->arena, "/schools/%07d/pupils/%lld/interventions",
			    establishment_laestab(&req->estab), (long long)p->id);
}

static struct actor actor_of(const struct request *req)
{
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	return who;
}

/* The form fields of one intervention (values from iv), in the caller's <form>. */
static void iv_fields(struct request *req, const struct intervention *iv, const char *error)
{
	struct strbuf *b = resp_body(req);
	int now = academic_year_of(date_from_unix(app_now(req->app)));
	char label[ACADEMIC_YEAR_LABEL_MAX], value[12];

	if (error) {
		html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
				    "<h2>There is a problem</h2><ul>");
		html_elem(b, "li", error);
		html_raw_trusted(b, "</ul></div>\n");
	}
	html_raw_trusted(b, "<div class=\"field\"><label for=\"iv-year\">Academic year</label>"
			    "<select id=\"iv-year\" name=\"year\" required>");
	for (int y = now + 1; y >= now - 9; y--) {
		snprintf(value, sizeof(value), "%d", y);
		html_open(b, "option", "value", value, "selected",
			  y == (iv->academic_year ? iv->academic_year : now) ? "" : NULL, NULL);
		html_text(b, academic_year_label(y, label));
		html_close(b, "option");
	}
	html_raw_trusted(b, "</select></div>\n");
	html_form_field(b, &(struct html_field){ .name = "assessment",
						 .label = "Assessment",
						 .hint = "The assessment period, e.g. Autumn Term "
							 "Assessment",
						 .value = iv->assessment,
						 .maxlength = INTERVENTION_ASSESSMENT_MAX });
	html_raw_trusted(b, "<div class=\"field\"><label for=\"iv-details\">Details</label>"
			    "<textarea id=\"iv-details\" name=\"details\" rows=\"3\" required "
			    "maxlength=\"1000\">");
	html_text(b, iv->details);
	html_raw_trusted(b, "</textarea></div>\n");
}

/* done: index into iv_done_text of the notice to show, -1 for none. */
static void list_page(struct request *req, const struct pupil *p, const struct intervention *form,
		      const char *error, int done)
{
	struct resource_scope scope = access_scope_of_establishment(&req->estab);
	bool can_write = access_allowed(&req->user, ACT_PUPIL_WRITE, &scope);
	const char *base = base_href(req, p);
	struct intervention *list = NULL;
	char title[2 * PERSON_NAME_MAX + 40], label[ACADEMIC_YEAR_LABEL_MAX];
	struct strbuf *b;
	size_t n = 0;

	if (store_intervention_list(req->db, p->id, &list, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	snprintf(title, sizeof(title), "Interventions: %s, %s", p->surname, p->forenames);
	if (error && req->resp.status < 400)
		resp_status(req, 422);
	page_begin(req, title, NAV_PUPILS);
	b = resp_body(req);
	html_raw_trusted(b, "<nav class=\"tabs\" aria-label=\"Pupil record\"><ul><li>");
	html_open(b, "a", "href",
		  arena_printf(&req->arena, "/schools/%07d/pupils/%lld",
			       establishment_laestab(&req->estab), (long long)p->id),
		  NULL);
	html_text(b, "Pupil details");
	html_raw_trusted(b, "</a></li><li>");
	html_open(b, "a", "href", base, "aria-current", "page", NULL);
	html_text(b, "Interventions");
	html_raw_trusted(b, "</a></li></ul></nav>\n");
	if (done >= 0) {
		html_raw_trusted(b, "<p class=\"notice\" role=\"status\">");
		html_text(b, iv_done_text[done]);
		html_raw_trusted(b, "</p>\n");
	}
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, "UPN ");
	html_text(b, p->upn);
	html_close(b, "p");
	if (!can_write) {
		html_raw_trusted(b, "<div class=\"notice read-only\"><p>");
		html_text(b, arena_printf(&req->arena,
					  "You can view these interventions but not change them. "
					  "To add or correct one, ask the staff of %s.",
					  req->estab.name));
		html_raw_trusted(b, "</p></div>\n");
	}
	if (n == 0) {
		html_elem(b, "p", "No interventions are recorded for this pupil.");
	} else {
		html_raw_trusted(b,
				 "<div class=\"table-scroll\"><table class=\"data-table\">"
				 "<caption>Interventions</caption><thead><tr>"
				 "<th scope=\"col\">Academic year</th>"
				 "<th scope=\"col\">Assessment</th><th scope=\"col\">Details</th>");
		if (can_write)
			html_raw_trusted(b, "<th scope=\"col\">Change</th>");
		html_raw_trusted(b, "</tr></thead><tbody>\n");
		for (size_t i = 0; i < n; i++) {
			html_raw_trusted(b, "<tr><td>");
			html_text(b, academic_year_label(list[i].academic_year, label));
			html_raw_trusted(b, "</td><td>");
			html_text(b, list[i].assessment);
			html_raw_trusted(b, "</td><td>");
			html_text(b, list[i].details);
			html_raw_trusted(b, "</td>");
			if (can_write) {
				const char *one = arena_printf(&req->arena, "%s/%lld", base,
							       (long long)list[i].id);
				html_raw_trusted(b, "<td>");
				html_open(b, "a", "href", one, NULL);
				html_text(b, "Edit");
				html_raw_trusted(b, "</a> ");
				html_open(b, "form", "method", "post", "action",
					  arena_printf(&req->arena, "%s/delete", one), "class",
					  "inline", NULL);
				html_csrf_field(b, csrf_token(req));
				html_raw_trusted(b, "<button type=\"submit\" class=\"button "
						    "secondary\">Delete</button></form></td>");
			}
			html_raw_trusted(b, "</tr>\n");
		}
		html_raw_trusted(b, "</tbody></table></div>\n");
	}
	if (can_write) {
		html_raw_trusted(b, "<h2 id=\"add\">Add intervention</h2>\n");
		html_open(b, "form", "method", "post", "action", base, NULL);
		html_csrf_field(b, csrf_token(req));
		iv_fields(req, form, error);
		html_raw_trusted(b,
				 "<button type=\"submit\" class=\"button\">Save</button></form>\n");
	}
	html_open(b, "p", NULL);
	html_open(b, "a", "href", page_pupils_href(req, &req->estab), NULL);
	html_text(b, "Back to list");
	html_raw_trusted(b, "</a></p>\n");
	page_end(req);
	free(list);
}

void interventions_get(struct request *req)
{
	struct intervention blank = { 0 };
	struct pupil p;

	if (pupil_here(req, &p))
		list_page(req, &p, &blank, NULL, request_enum(req, "done"));
}

/* The form's values into iv. */
static void iv_from_form(struct request *req, struct intervention *iv)
{
	iv->academic_year = (int)request_int(req, "year");
	snprintf(iv->assessment, sizeof(iv->assessment), "%s", request_text(req, "assessment"));
	snprintf(iv->details, sizeof(iv->details), "%s", request_text(req, "details"));
}

static bool blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

void intervention_add_post(struct request *req)
{
	struct intervention iv = { 0 };
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	struct pupil p;
	enum err rc;

	if (!pupil_here(req, &p))
		return;
	iv_from_form(req, &iv);
	iv.pupil_id = p.id;
	if (blank(iv.details)) {
		list_page(req, &p, &iv, "Describe the intervention under Details.", -1);
		return;
	}
	if ((rc = store_intervention_add(req->db, &who, req->estab.id, &iv, &eb)) != ERR_OK) {
		resp_status(req, page_refused_status(rc));
		list_page(req, &p, &iv,
			  eb.msg[0] ? arena_strdup(&req->arena, eb.msg) :
				      "The intervention could not be saved.",
			  -1);
		return;
	}
	resp_redirect(req, arena_printf(&req->arena, "%s?done=added", base_href(req, &p)));
}

static void edit_page(struct request *req, const struct pupil *p, const struct intervention *iv,
		      const char *error)
{
	char title[2 * PERSON_NAME_MAX + 40];
	const char *base = base_href(req, p);
	struct strbuf *b;

	snprintf(title, sizeof(title), "Edit intervention: %s, %s", p->surname, p->forenames);
	if (error && req->resp.status < 400)
		resp_status(req, 422);
	page_begin(req, title, NAV_PUPILS);
	b = resp_body(req);
	html_open(b, "form", "method", "post", "action",
		  arena_printf(&req->arena, "%s/%lld", base, (long long)iv->id), NULL);
	html_csrf_field(b, csrf_token(req));
	iv_fields(req, iv, error);
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Save</button> ");
	html_open(b, "a", "href", base, "class", "button secondary", NULL);
	html_text(b, "Close");
	html_raw_trusted(b, "</a></form>\n");
	page_end(req);
}

void intervention_edit_get(struct request *req)
{
	struct intervention iv;
	struct pupil p;

	if (pupil_here(req, &p) && iv_here(req, &p, &iv))
		edit_page(req, &p, &iv, NULL);
}

void intervention_edit_post(struct request *req)
{
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	struct intervention iv, old;
	struct pupil p;
	enum err rc;

	if (!pupil_here(req, &p) || !iv_here(req, &p, &iv))
		return;
	old = iv;
	iv_from_form(req, &iv);
	if (blank(iv.details)) {
		edit_page(req, &p, &iv, "Describe the intervention under Details.");
		return;
	}
	if (iv.academic_year == old.academic_year && strcmp(iv.assessment, old.assessment) == 0 &&
	    strcmp(iv.details, old.details) == 0) {
		resp_status(req, 409);
		edit_page(req, &p, &iv,
			  "Nothing was saved because nothing was changed. Change the year, the "
			  "assessment or the details, then save again.");
		return;
	}
	if ((rc = store_intervention_update(req->db, &who, req->estab.id, &iv, &eb)) != ERR_OK) {
		resp_status(req, page_refused_status(rc));
		edit_page(req, &p, &iv,
			  eb.msg[0] ? arena_strdup(&req->arena, eb.msg) :
				      "The intervention could not be saved.");
		return;
	}
	resp_redirect(req, arena_printf(&req->arena, "%s?done=saved", base_href(req, &p)));
}

void intervention_delete_post(struct request *req)
{
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	struct intervention iv;
	struct pupil p;

	if (!pupil_here(req, &p) || !iv_here(req, &p, &iv))
		return;
	if (store_intervention_delete(req->db, &who, req->estab.id, iv.id, &eb) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	resp_redirect(req, arena_printf(&req->arena, "%s?done=deleted", base_href(req, &p)));
}
