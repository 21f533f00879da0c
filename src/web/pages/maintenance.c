/*
 * maintenance: the index of the maintenance area. It lists the sections the
 * signed-in user may open, each shown only when access_allowed() lets the user
 * use that section's action in their own area. To add a section, add a row.
 */
#include "web/pages/pages.h"

#include "core/access.h"
#include "web/html.h"

static const struct {
	const char *href;   /* where it goes */
	const char *label;  /* the link text */
	const char *text;   /* what it is for */
	enum action action; /* shown when allowed in the user's own area */
} sections[] = {
	{ "/users", "Users",
	  "Add people, change their details and role, disable or enable accounts, send a "
	  "password reset link, unlock an account after too many failed sign-ins.",
	  ACT_USER_ADMIN },
	{ "/audit", "Audit trail",
	  "Who changed what and when, sign-ins and refused attempts, with filters.",
	  ACT_AUDIT_READ },
	{ "/organisations", "Organisations",
	  "Local authorities, trusts and schools: see them and add new ones.", ACT_SYSTEM_ADMIN },
	{ "/discussion-areas", "Discussion areas",
	  "Early years: the questions cohort progress meetings start with, their order and "
	  "the dates they are shown between.",
	  ACT_ESTAB_ADMIN },
	{ "/la/news", "News for schools",
	  "News items shown on the home page of your LA's schools between their dates.",
	  ACT_LA_ADMIN },
};

void maintenance_get(struct request *req)
{
	struct resource_scope own = access_scope_of_user(&req->user);
	struct strbuf *b;
	int shown = 0;

	page_begin(req, "Maintenance", NAV_MAINTENANCE);
	b = resp_body(req);
	html_raw_trusted(b, "<ul class=\"section-list\">\n");
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		if (!access_allowed(&req->user, sections[i].action, &own))
			continue;
		shown++;
		html_open(b, "li", NULL);
		html_open(b, "a", "href", sections[i].href, NULL);
		html_text(b, sections[i].label);
		html_close(b, "a");
		html_open(b, "p", NULL);
		html_text(b, sections[i].text);
		html_close(b, "p");
		html_close(b, "li");
		html_raw_trusted(b, "\n");
	}
	html_raw_trusted(b, "</ul>\n");
	if (!shown)
		html_elem(b, "p", "There is nothing here you can manage.");
	html_open(b, "p", "class", "coming-soon", NULL);
	html_text(b, "Coming soon: class names, custom filters and templates.");
	html_close(b, "p");
	page_end(req);
}
