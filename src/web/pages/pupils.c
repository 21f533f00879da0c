/*
 * pupils: the pupil list of one establishment (read-only for now). The
 * dispatcher has resolved :laestab into req->estab and checked ACT_PUPIL_READ.
 */
#include "web/pages/pages.h"

#include <stdlib.h>

#include "app/app.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "web/html.h"

void pupils_get(struct request *req)
{
	const struct establishment *e = &req->estab;
	struct pupil_query q = { .establishment_id = e->id };
	struct pupil *list = NULL;
	struct strbuf *b;
	size_t n = 0;
	int year = academic_year_of(date_from_unix(app_now(req->app)));

	if (!req->has_estab)
		BUG("pupils_get without an authorised establishment");
	if (store_pupil_list(req->db, &q, &list, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		goto out;
	}
	page_begin(req, "Pupils", NAV_PUPILS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, e->name);
	html_text(b, " (LAESTAB ");
	html_int(b, establishment_laestab(e));
	html_text(b, ")");
	html_close(b, "p");
	if (n == 0) {
		html_elem(b, "p", "There are no pupils on roll yet.");
		page_end(req);
		goto out;
	}
	html_raw_trusted(b, "<div class=\"table-scroll\"><table class=\"data-table\"><caption>");
	html_int(b, (int64_t)n);
	html_text(b, n == 1 ? " pupil" : " pupils");
	html_raw_trusted(b, "</caption><thead><tr><th scope=\"col\">Name</th>"
			    "<th scope=\"col\">UPN</th><th scope=\"col\">Date of birth</th>"
			    "<th scope=\"col\">Class</th><th scope=\"col\">Year group</th>"
			    "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct pupil *p = &list[i];
		char dob[11] = "", label[YEAR_LABEL_MAX];
		int yg = p->year_override != YEAR_NONE ? p->year_override :
							 year_group_of(p->dob, year);
		if (date_valid(p->dob))
			date_format_dmy(p->dob, dob);
		html_raw_trusted(b, "<tr><th scope=\"row\">");
		html_text(b, p->surname);
		html_text(b, ", ");
		html_text(b, p->forenames);
		html_raw_trusted(b, "</th><td class=\"upn\">");
		html_text(b, p->upn);
		html_raw_trusted(b, "</td><td>");
		html_text(b, dob);
		html_raw_trusted(b, "</td><td>");
		if (p->class_no > 0) {
			html_text(b, "Class ");
			html_int(b, p->class_no);
		}
		html_raw_trusted(b, "</td><td>");
		html_text(b, year_label(yg, label));
		html_raw_trusted(b, "</td></tr>\n");
	}
	html_raw_trusted(b, "</tbody></table></div>\n");
	page_end(req);
out:
	free(list);
}
