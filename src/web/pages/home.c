/*
 * home: the first page after sign-in: a welcome, whose area the user works in,
 * the progress headline and LA news (meetings.c), and the schools they may see
 * with their pupil counts. headline.js shows the headlines one at a time with a
 * pause button (issue 8c); without it, or with reduced motion, all are listed.
 */
#include "web/pages/pages.h"

#include "web/html.h"
#include "web/scope.h"

void home_get(struct request *req)
{
	struct establishment *list = NULL;
	struct strbuf *b;
	size_t n = 0;

	if (scope_visible_schools(req, &list, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	page_begin(req, "Home", NAV_HOME);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, "Welcome, ");
	html_text(b, req->user.display_name[0] ? req->user.display_name : req->user.username);
	html_text(b, ". You are signed in as ");
	html_text(b, role_label(req->user.role));
	html_text(b, " for ");
	html_text(b, scope_name(req));
	html_text(b, ".");
	html_close(b, "p");
	page_home_headlines(req);
	html_raw_trusted(b, "<script src=\"/static/headline.js\" defer></script>\n");
	html_elem(b, "h2", n == 1 ? "Your school" : "Your schools");
	if (n == 0)
		html_elem(b, "p", "No schools are linked to your account yet.");
	else
		page_schools_table(req, list, n);
	page_end(req);
}
