/*
 * layout: the frame every page shares (see pages.h): head, skip link, header
 * with the user's area and name, the navigation their role may use, <main>.
 */
#include "web/pages/pages.h"

#include "core/access.h"
#include "web/csrf.h"
#include "web/html.h"
#include "web/scope.h"

struct nav_entry {
	const char *label;  /* what the person reads */
	const char *href;   /* where it goes (Pupils is worked out per user) */
	enum action action; /* shown only when access_allowed for the user's own area */
};

static const struct nav_entry nav[] = {
	[NAV_NONE] = { NULL, NULL, ACT_NONE },
	[NAV_HOME] = { "Home", "/", ACT_HOME },
	[NAV_ASSESSMENTS] = { "Assessments", "/assessments", ACT_ASSESS_READ },
	[NAV_PUPILS] = { "Pupils", "/schools", ACT_PUPIL_READ },
	[NAV_SUBMISSIONS] = { "Submissions", "/submissions", ACT_RETURN_READ },
	[NAV_REPORTS] = { "Reports", "/reports", ACT_REPORT_READ },
	[NAV_MAINTENANCE] = { "Maintenance", "/maintenance", ACT_MAINTENANCE },
	[NAV_REQUESTS] = { "File requests", "/requests", ACT_RETURN_READ },
};
_Static_assert(sizeof(nav) / sizeof(nav[0]) == NAV__MAX, "nav covers enum nav_item");

const char *page_pupils_href(struct request *req, const struct establishment *e)
{
	return arena_printf(&req->arena, "/schools/%d/pupils", establishment_laestab(e));
}

static void header_write(struct request *req, enum nav_item active)
{
	struct strbuf *b = resp_body(req);
	struct resource_scope own = access_scope_of_user(&req->user);
	const char *pupils_href = "/schools";

	html_raw_trusted(b, "<header class=\"site-header\"><div class=\"header-inner\">"
			    "<a class=\"brand\" href=\"/\">pupiltrack</a>");
	if (!req->signed_in) {
		html_raw_trusted(b, "</div></header>\n");
		return;
	}
	html_open(b, "p", "class", "scope-name", NULL);
	html_text(b, scope_name(req));
	html_close(b, "p");
	html_raw_trusted(b, "<div class=\"user\"><span class=\"user-name\">");
	html_text(b, req->user.display_name[0] ? req->user.display_name : req->user.username);
	html_raw_trusted(b, "</span> <span class=\"user-role\">");
	html_text(b, role_label(req->user.role));
	html_raw_trusted(b, "</span> <a class=\"account-link\" href=\"/account\">Your account</a>");
	html_open(b, "form", "method", "post", "action", "/sign-out", "class", "sign-out", NULL);
	html_csrf_field(b, csrf_token(req));
	html_raw_trusted(b, "<button type=\"submit\" class=\"link-button\">Sign out</button></form>"
			    "</div></div>\n");
	if (req->user.must_change_password) {
		html_raw_trusted(b, "</header>\n");
		return;
	}
	if (role_scope(req->user.role) == SCOPE_ESTABLISHMENT) {
		const struct establishment *e;
		if (scope_own_school(req, &e) == ERR_OK)
			pupils_href = page_pupils_href(req, e);
	}
	html_raw_trusted(b, "<nav class=\"main-nav\" aria-label=\"Main\"><ul>");
	for (int i = NAV_HOME; i < NAV__MAX; i++) {
		if (!access_allowed(&req->user, nav[i].action, &own))
			continue;
		html_open(b, "li", NULL);
		html_open(b, "a", "href", i == NAV_PUPILS ? pupils_href : nav[i].href,
			  "aria-current", i == (int)active ? "page" : NULL, NULL);
		html_text(b, nav[i].label);
		html_close(b, "a");
		html_close(b, "li");
	}
	html_raw_trusted(b, "</ul></nav></header>\n");
}

void page_begin(struct request *req, const char *title, enum nav_item active)
{
	page_begin_titled(req, title, title, active);
}

void page_begin_titled(struct request *req, const char *title, const char *heading,
		       enum nav_item active)
{
	struct strbuf *b = resp_body(req);

	resp_content_type(req, "text/html; charset=utf-8");
	html_raw_trusted(
		b, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
		   "<meta charset=\"utf-8\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		   "<title>");
	html_text(b, title);
	html_raw_trusted(b, " \xe2\x80\x93 pupiltrack</title>\n"
			    "<link rel=\"icon\" href=\"data:,\">\n"
			    "<link rel=\"stylesheet\" href=\"/static/app.css\">\n"
			    "<link rel=\"stylesheet\" href=\"/static/print.css\" media=\"print\">\n"
			    "<script src=\"/static/app.js\" defer></script>\n"
			    "</head>\n");
	/* Seconds before the session expires, for app.js's expiry warning. */
	html_open(b, "body", "data-session-seconds",
		  req->signed_in && !req->bearer ?
			  arena_printf(&req->arena, "%lld",
				       (long long)page_session_seconds_left(req)) :
			  NULL,
		  NULL);
	html_raw_trusted(b, "\n<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n");
	header_write(req, active);
	html_raw_trusted(b, "<main id=\"main\" tabindex=\"-1\">\n");
	html_elem(b, "h1", heading);
	html_raw_trusted(b, "\n");
}

void page_end(struct request *req)
{
	html_raw_trusted(resp_body(req),
			 "\n</main>\n<footer class=\"site-footer\"><p>pupiltrack holds "
			 "confidential pupil data. Do not share your password with anyone.</p>"
			 "</footer>\n</body>\n</html>\n");
}
