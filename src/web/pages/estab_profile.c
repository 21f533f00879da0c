/*
 * estab_profile: the establishment profile (school admin): the names of the six
 * custom filters and of the twenty classes, shown wherever those fields appear
 * (pupil list, pupil form, characteristics filter). Every change is audited.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "web/csrf.h"
#include "web/html.h"
#include "web/session.h"

static void form_write(struct request *req, const struct estab_profile *p, const char *error,
		       bool saved)
{
	struct strbuf *b;
	char name[16], label[24];

	page_begin(req, "Establishment profile", NAV_PUPILS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, req->estab.name);
	html_close(b, "p");
	if (error) {
		html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
				    "<h2>There is a problem</h2><ul>");
		html_elem(b, "li", error);
		html_raw_trusted(b, "</ul></div>\n");
	}
	if (saved)
		html_raw_trusted(b, "<div class=\"notice\" role=\"status\"><p>The profile is saved."
				    "</p></div>\n");
	html_open(b, "form", "method", "post", "action",
		  arena_printf(&req->arena, "/schools/%d/profile",
			       establishment_laestab(&req->estab)),
		  NULL);
	html_csrf_field(b, csrf_token(req));
	html_raw_trusted(b, "<fieldset><legend>Custom filters</legend>");
	for (int i = 0; i < CUSTOM_COUNT; i++) {
		snprintf(name, sizeof(name), "custom%d", i + 1);
		snprintf(label, sizeof(label), "Custom %d", i + 1);
		html_form_field(b, &(struct html_field){ .name = name,
							 .label = label,
							 .value = p->custom_name[i],
							 .required = true,
							 .maxlength = CUSTOM_NAME_MAX });
	}
	html_raw_trusted(b, "</fieldset><fieldset><legend>Class names</legend>");
	for (int i = 0; i < CLASS_COUNT; i++) {
		snprintf(name, sizeof(name), "class%d", i + 1);
		snprintf(label, sizeof(label), "Class %d", i + 1);
		html_form_field(b, &(struct html_field){ .name = name,
							 .label = label,
							 .value = p->class_name[i],
							 .required = true,
							 .maxlength = CLASS_NAME_MAX });
	}
	html_raw_trusted(b, "</fieldset><div class=\"button-row\"><button type=\"submit\" "
			    "class=\"button\">Save</button> ");
	html_open(b, "a", "href", page_pupils_href(req, &req->estab), NULL);
	html_text(b, "Back to pupils");
	html_close(b, "a");
	html_raw_trusted(b, "</div></form>\n");
	page_end(req);
}

void estab_profile_get(struct request *req)
{
	struct estab_profile p;

	if (session_estab_profile(req, req->estab.id, &p, NULL) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	form_write(req, &p, NULL, false);
}

/* Copies a submitted name, trimmed of surrounding spaces; a missing field keeps
 * the stored name. */
static void take(struct request *req, const char *name, char *dst, size_t cap)
{
	const char *s;
	size_t n;

	if (!request_has(req, name))
		return;
	s = request_text(req, name);
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	snprintf(dst, cap, "%.*s", (int)n, s);
}

void estab_profile_post(struct request *req)
{
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	struct errbuf eb = { "" };
	struct estab_profile p, before;
	bool changed = false;
	char name[16];

	if (session_estab_profile(req, req->estab.id, &p, NULL) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	before = p;
	for (int i = 0; i < CUSTOM_COUNT; i++) {
		snprintf(name, sizeof(name), "custom%d", i + 1);
		take(req, name, p.custom_name[i], sizeof(p.custom_name[i]));
		if (!p.custom_name[i][0]) {
			resp_status(req, 422);
			form_write(req, &p,
				   "Every custom filter needs a name. Nothing was saved: give each "
				   "one a name and save again.",
				   false);
			return;
		}
	}
	for (int i = 0; i < CLASS_COUNT; i++) {
		snprintf(name, sizeof(name), "class%d", i + 1);
		take(req, name, p.class_name[i], sizeof(p.class_name[i]));
		if (!p.class_name[i][0]) {
			resp_status(req, 422);
			form_write(req, &p,
				   "Every class needs a name. Nothing was saved: give each class a "
				   "name (or keep \"Class N\") and save again.",
				   false);
			return;
		}
	}
	for (int i = 0; i < CUSTOM_COUNT; i++)
		changed |= strcmp(p.custom_name[i], before.custom_name[i]) != 0;
	for (int i = 0; i < CLASS_COUNT; i++)
		changed |= strcmp(p.class_name[i], before.class_name[i]) != 0;
	if (!changed) {
		resp_status(req, 409);
		form_write(req, &p,
			   "Nothing was saved because no name was changed. Change a name, then "
			   "save again.",
			   false);
		return;
	}
	if (store_estab_profile_set(req->db, &who, req->estab.id, &p, &eb) != ERR_OK) {
		log_error("web: cannot save the profile: %s", eb.msg);
		page_error(req, 500, NULL);
		return;
	}
	form_write(req, &p, NULL, true);
}
