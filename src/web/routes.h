/*
 * routes: the ONE visible route table of the web server. Each row names its
 * method, path pattern, handler, the access policy row (enum action) it is
 * checked against, flags and the parameters it takes. Nothing registers routes
 * anywhere else.
 */
#ifndef PT_WEB_ROUTES_H
#define PT_WEB_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/access.h"
#include "web/request.h"

enum route_flag {
	RF_SESSION = 1 << 0,	 /* needs a signed-in user (else sign-in page / 401) */
	RF_API = 1 << 1,	 /* JSON answers; Authorization: Bearer accepted */
	RF_CSRF = 1 << 2,	 /* CSRF checked; required on every state-changing route */
	RF_ESTAB = 1 << 3,	 /* the :laestab path parameter names the resource: it is
	                          resolved and checked against action (404 when missing
	                          or not allowed, the same answer); a route without
	                          :laestab declares a required "establishment"
	                          parameter instead, handled the same way (issue 4c) */
	RF_PW_CHANGE = 1 << 4,	 /* usable while the user must change the password */
	RF_PREFIX = 1 << 5,	 /* the pattern ends in a "*" segment: any rest (static) */
	RF_USER = 1 << 6,	 /* the :user path parameter (an account id) names the
	                          resource: the account is loaded and action checked over
	                          its scope (its school, trust or LA); 404 when missing
	                          or not allowed, the same answer (issue 3c) */
	RF_UPLOAD = 1 << 7,	 /* the body may be multipart/form-data (issue 4b): its plain
	                          fields are checked as declared parameters, its one file
	                          part is kept in req->upload (request.h) */
	RF_UPLOADS = 1 << 8,	 /* with RF_UPLOAD: several file parts are taken, each kept
	                          in req->uploads (issue 7b); without it a second file
	                          part is refused */
	RF_JSON = 1 << 9,	 /* the body may also be one flat JSON object
	                          (application/json or application/merge-patch+json):
	                          each member is checked as the form field of its name;
	                          null is the empty value (issue 4c) */
	RF_ASSESSMENT = 1 << 10, /* with RF_ESTAB, on a route with neither :laestab nor
	                          "establishment": the :id path parameter is an
	                          assessment, and its own establishment is the one
	                          resolved and checked (404 when the assessment is
	                          missing or not allowed, the same answer; issue 5's
	                          /api/v1/assessments/:id/...) */
};

enum {
	ROUTE_BODY_DEFAULT = 64 * 1024,			 /* forms */
	ROUTE_BODY_UPLOAD = 3 * 1024 * 1024 + 64 * 1024, /* file uploads: 3 MiB + headroom */
};

struct route {
	enum http_method method;	      /* HEAD requests match GET routes */
	const char *pattern;		      /* "/schools/:laestab/pupils" */
	void (*handler)(struct request *req); /* fills req->resp */
	enum action action;		      /* the policy row checked before the handler */
	unsigned flags;			      /* enum route_flag */
	const struct param_spec *params;      /* declared parameters (path, query, form) */
	size_t nparams;			      /* count of params */
	size_t body_max;		      /* request body cap; 0 = ROUTE_BODY_DEFAULT */
};

/* The table and its length. */
const struct route *routes_table(size_t *n);
/* The route for a method and decoded path segments; NULL when none. *path_known
 * is set when some route has this path under another method (405, not 404). */
const struct route *routes_match(enum http_method m, char *const *segs, size_t nsegs,
				 bool *path_known);
/* The body cap of a route (or ROUTE_BODY_DEFAULT for NULL). */
size_t route_body_max(const struct route *r);

#endif
