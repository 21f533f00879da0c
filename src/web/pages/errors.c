/*
 * errors: the error pages. Fixed words per status, an optional detail that says
 * what to fix (escaped), never internals: no paths, SQL or stack traces. The 404
 * page is the same for "does not exist" and "not yours".
 */
#include "web/pages/pages.h"

#include "web/html.h"

static const struct {
	int status;
	const char *title;
	const char *text;
} pages[] = {
	{ 400, "There is a problem with the request",
	  "The page could not use what was sent. Check the address or the form and try again." },
	{ 401, "Sign in first", "You need to sign in to see this page." },
	{ 403, "You do not have access to this page",
	  "Your account does not allow this. If you think it should, ask your administrator." },
	{ 404, "Page not found",
	  "If you typed the address, check it is correct. If you followed a link, it may be "
	  "out of date." },
	{ 405, "This address does not accept that method",
	  "Go back and use the page's own links." },
	{ 409, "Nothing was changed",
	  "It was done already, or someone changed it meanwhile. Open the page again to see "
	  "it as it is now." },
	{ 413, "The request is too large", "What was sent is over the limit for this page." },
	{ 414, "The address is too long", "Check the address and try again." },
	{ 415, "The request is not of a type this page accepts", "Use the form on the page." },
	{ 431, "The request headers are too large",
	  "Clearing this site's cookies in your browser may help." },
	{ 503, "Sorry, the service is unavailable", "Try again in a few minutes." },
	{ 500, "Sorry, there is a problem with the service",
	  "Try again later. If it keeps happening, tell your administrator." },
};

void page_error(struct request *req, int status, const char *detail)
{
	struct strbuf *b;
	size_t i = 0;

	while (i + 1 < sizeof(pages) / sizeof(pages[0]) && pages[i].status != status)
		i++; /* the last row (500) is the fallback */
	resp_reset(req);
	resp_status(req, status);
	page_begin(req, pages[i].title, NAV_NONE);
	b = resp_body(req);
	html_elem(b, "p", pages[i].text);
	if (detail) {
		html_open(b, "p", "class", "error-detail", NULL);
		html_text(b, detail);
		html_close(b, "p");
	}
	html_raw_trusted(b, "<p><a href=\"/\">Go to the home page</a></p>");
	page_end(req);
}
