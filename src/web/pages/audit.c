/*
 * audit: the audit trail pages. A school admin sees their school's rows, an LA
 * officer their LA's (its schools' and its own), a system admin every row; the
 * area is the user's own, never one named in the address. Filters: who
 * (username), what (the start of the action, e.g. "user." or "pupil.update"),
 * from and to (dates, UTC, both included). Newest first, AUDIT_PAGE_ROWS a page.
 * The store never records a secret, so nothing here has to hide one.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "core/access.h"
#include "web/html.h"

enum { AUDIT_PAGE_ROWS = 50 };

/* A date typed as dd/mm/yyyy or yyyy-mm-dd; "" is no date. */
static bool date_field(const char *s, struct date *out, bool *given)
{
	*given = s[0] != '\0';
	if (!*given)
		return true;
	return date_parse_dmy(s, out) || date_parse_iso(s, out);
}

static void when_write(struct strbuf *b, int64_t t)
{
	struct date d = date_from_unix(t);
	int64_t secs = t % 86400;
	char day[11], hms[12];

	if (secs < 0)
		secs += 86400;
	date_format_dmy(d, day);
	snprintf(hms, sizeof(hms), " %02d:%02d:%02d", (int)(secs / 3600), (int)(secs / 60 % 60),
		 (int)(secs % 60));
	html_text(b, day);
	html_text(b, hms);
}

/* The filter form, keeping what was typed. */
static void filters_write(struct strbuf *b, const char *who, const char *what, const char *from,
			  const char *to, const char *error_from, const char *error_to)
{
	html_raw_trusted(b, "<form method=\"get\" action=\"/audit\" class=\"filters\" "
			    "novalidate>\n");
	html_form_field(b, &(struct html_field){ .name = "who",
						 .label = "Who (username)",
						 .value = who,
						 .maxlength = USERNAME_MAX });
	html_form_field(b, &(struct html_field){ .name = "what",
						 .label = "What",
						 .hint = "The start of the action, e.g. user. or "
							 "pupil.update",
						 .value = what,
						 .maxlength = 47 });
	html_form_field(b, &(struct html_field){ .name = "from",
						 .label = "From (dd/mm/yyyy)",
						 .value = from,
						 .error = error_from,
						 .maxlength = 10 });
	html_form_field(b, &(struct html_field){ .name = "to",
						 .label = "To (dd/mm/yyyy)",
						 .value = to,
						 .error = error_to,
						 .maxlength = 10 });
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Show</button> "
			    "<a href=\"/audit\">Clear filters</a></form>\n");
}

/* "/audit?who=..&what=..&from=..&to=..&page=N" (owned by the request). */
static const char *page_href(struct request *req, const char *who, const char *what,
			     const char *from, const char *to, long page)
{
	struct strbuf sb = STRBUF_INIT;
	const char *out;

	strbuf_adds(&sb, "/audit?who=");
	html_url_arg(&sb, who);
	strbuf_adds(&sb, "&what=");
	html_url_arg(&sb, what);
	strbuf_adds(&sb, "&from=");
	html_url_arg(&sb, from);
	strbuf_adds(&sb, "&to=");
	html_url_arg(&sb, to);
	strbuf_adds(&sb, "&page=");
	html_int(&sb, page);
	out = arena_strdup(&req->arena, strbuf_str(&sb));
	strbuf_release(&sb);
	return out;
}

static void rows_write(struct strbuf *b, const struct audit_entry *rows, size_t n)
{
	html_raw_trusted(b, "<table class=\"data-table\"><caption class=\"visually-hidden\">"
			    "Audit trail, newest first</caption><thead><tr>"
			    "<th scope=\"col\">When (UTC)</th><th scope=\"col\">Who</th>"
			    "<th scope=\"col\">What</th><th scope=\"col\">Object</th>"
			    "<th scope=\"col\">Field</th><th scope=\"col\">Old</th>"
			    "<th scope=\"col\">New</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct audit_entry *a = &rows[i];
		html_raw_trusted(b, "<tr><td>");
		when_write(b, a->at);
		html_raw_trusted(b, "</td>");
		html_elem(b, "td", a->actor);
		html_elem(b, "td", a->action);
		html_elem(b, "td", a->object);
		html_elem(b, "td", a->field);
		html_elem(b, "td", a->old_value);
		html_elem(b, "td", a->new_value);
		html_raw_trusted(b, "</tr>\n");
	}
	html_raw_trusted(b, "</tbody></table>\n");
}

void audit_get(struct request *req)
{
	const char *who = request_text(req, "who");
	const char *what = request_text(req, "what");
	const char *from = request_text(req, "from");
	const char *to = request_text(req, "to");
	long page = request_has(req, "page") ? (long)request_int(req, "page") : 1;
	const char *error_from = NULL, *error_to = NULL;
	struct resource_scope own = access_scope_of_user(&req->user);
	struct audit_entry *rows = NULL;
	struct audit_query q;
	struct date d_from, d_to;
	bool has_from, has_to;
	struct strbuf *b;
	size_t n = 0;

	if (!date_field(from, &d_from, &has_from))
		error_from = "Write the first day as dd/mm/yyyy, e.g. 01/09/2025.";
	if (!date_field(to, &d_to, &has_to))
		error_to = "Write the last day as dd/mm/yyyy, e.g. 31/08/2026.";
	if (!error_from && !error_to && has_from && has_to && date_cmp(d_to, d_from) < 0)
		error_to = "The last day is before the first day: swap them.";

	memset(&q, 0, sizeof(q));
	/* The user's own area, and nothing wider: a school admin's school, an LA
	 * officer's LA, everything for a system admin. */
	q.establishment_id = own.establishment_id;
	q.la_id = own.la_id;
	if (role_scope(req->user.role) != SCOPE_ALL && !q.establishment_id && !q.la_id) {
		page_error(req, 404, NULL);
		return;
	}
	q.actor = who[0] ? who : NULL;
	q.action = what[0] ? what : NULL;
	if (has_from && !error_from)
		q.since = date_to_days(d_from) * 86400;
	if (has_to && !error_to)
		q.until = (date_to_days(d_to) + 1) * 86400;
	q.limit = AUDIT_PAGE_ROWS + 1;
	if (!error_from && !error_to &&
	    store_audit_page(req->db, &q, (int)((page - 1) * AUDIT_PAGE_ROWS), &rows, &n) !=
		    ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	page_begin(req, "Audit trail", NAV_MAINTENANCE);
	b = resp_body(req);
	if (error_from || error_to) {
		html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
				    "<h2>There is a problem</h2><ul>");
		if (error_from)
			html_elem(b, "li", error_from);
		if (error_to)
			html_elem(b, "li", error_to);
		html_raw_trusted(b, "</ul></div>\n");
	}
	html_elem(b, "p",
		  role_scope(req->user.role) == SCOPE_ALL ?
			  "Every change, sign-in and refusal recorded, newest first." :
		  role_scope(req->user.role) == SCOPE_LA ?
			  "Changes, sign-ins and refusals in your local authority and its "
			  "schools, newest first." :
			  "Changes, sign-ins and refusals at your school, newest first.");
	filters_write(b, who, what, from, to, error_from, error_to);
	if (error_from || error_to) {
		/* Nothing is listed until the dates can be read. */
	} else if (n == 0) {
		html_elem(b, "p",
			  page > 1 ? "There are no more entries." :
				     "Nothing matches these filters.");
	} else {
		rows_write(b, rows, n > AUDIT_PAGE_ROWS ? AUDIT_PAGE_ROWS : n);
	}
	if (page > 1 || n > AUDIT_PAGE_ROWS) {
		html_raw_trusted(b, "<nav class=\"pagination\" aria-label=\"Audit pages\"><p>");
		if (page > 1) {
			html_open(b, "a", "href", page_href(req, who, what, from, to, page - 1),
				  "rel", "prev", NULL);
			html_text(b, "Newer entries");
			html_close(b, "a");
			html_text(b, " ");
		}
		html_open(b, "span", NULL);
		html_text(b, "Page ");
		html_int(b, page);
		html_close(b, "span");
		if (n > AUDIT_PAGE_ROWS) {
			html_text(b, " ");
			html_open(b, "a", "href", page_href(req, who, what, from, to, page + 1),
				  "rel", "next", NULL);
			html_text(b, "Older entries");
			html_close(b, "a");
		}
		html_raw_trusted(b, "</p></nav>\n");
	}
	page_end(req);
	free(rows);
}
