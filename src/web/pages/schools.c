/*
 * schools: the establishments the user may see (one for school staff, a trust's
 * or an LA's schools, or all for a system admin), each linking to its pupils.
 */
#include "web/pages/pages.h"

#include "core/access.h"
#include "web/html.h"
#include "web/scope.h"

void page_schools_table(struct request *req, const struct establishment *list, size_t n)
{
	struct strbuf *b = resp_body(req);

	html_raw_trusted(b, "<table class=\"data-table\"><caption class=\"visually-hidden\">"
			    "Schools</caption><thead><tr><th scope=\"col\">School</th>"
			    "<th scope=\"col\">LAESTAB</th>"
			    "<th scope=\"col\" class=\"num\">Pupils</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct establishment *e = &list[i];
		struct resource_scope r = access_scope_of_establishment(e);
		bool pupils = access_allowed(&req->user, ACT_PUPIL_READ, &r);
		long count = 0;

		html_raw_trusted(b, "<tr><th scope=\"row\">");
		if (pupils) {
			html_open(b, "a", "href", page_pupils_href(req, e), NULL);
			html_text(b, e->name);
			html_close(b, "a");
		} else {
			html_text(b, e->name);
		}
		html_raw_trusted(b, "</th><td>");
		html_int(b, establishment_laestab(e));
		html_raw_trusted(b, "</td><td class=\"num\">");
		if (pupils && store_pupil_count(req->db, e->id, &count) == ERR_OK)
			html_int(b, count);
		html_raw_trusted(b, "</td></tr>\n");
	}
	html_raw_trusted(b, "</tbody></table>\n");
}

void schools_get(struct request *req)
{
	struct establishment *list = NULL;
	size_t n = 0;

	if (scope_visible_schools(req, &list, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	page_begin(req, "Schools", NAV_PUPILS);
	if (n == 0)
		html_elem(resp_body(req), "p", "No schools are linked to your account yet.");
	else
		page_schools_table(req, list, n);
	page_end(req);
}
