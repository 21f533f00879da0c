/*
 * coming_soon: the sections of the navigation not built yet. Each has its own
 * route (and so its own access row); this page only says what is coming.
 */
#include "web/pages/pages.h"

#include <string.h>

#include "web/html.h"
#include "web/routes.h"

static const struct {
	const char *pattern;
	const char *title;
	enum nav_item nav;
	const char *text;
} sections[] = {
	{ "/assessments", "Assessments", NAV_ASSESSMENTS,
	  "Tracking assessments and end-of-year early learning goals will be here." },
	{ "/submissions", "Submissions", NAV_SUBMISSIONS,
	  "Statutory results, file requests and returns to the local authority will be here." },
	{ "/reports", "Reports", NAV_REPORTS,
	  "Tracking tables, summary data and progress meeting forms will be here." },
	{ "/maintenance", "Maintenance", NAV_MAINTENANCE,
	  "Class names, custom filters, templates and users will be managed here." },
};

void coming_soon_get(struct request *req)
{
	struct strbuf *b;
	size_t i = 0;

	while (i < sizeof(sections) / sizeof(sections[0]) &&
	       strcmp(sections[i].pattern, req->route->pattern) != 0)
		i++;
	if (i == sizeof(sections) / sizeof(sections[0])) {
		page_error(req, 404, NULL);
		return;
	}
	page_begin(req, sections[i].title, sections[i].nav);
	b = resp_body(req);
	html_open(b, "p", "class", "coming-soon", NULL);
	html_text(b, "Coming soon. ");
	html_text(b, sections[i].text);
	html_close(b, "p");
	page_end(req);
}
