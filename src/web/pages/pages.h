/*
 * pages: the server-rendered screens, one file each, and the layout they share.
 * Every handler here is named in the route table (routes.c) and runs only after
 * the dispatcher authenticated and authorised the request.
 */
#ifndef PT_WEB_PAGES_H
#define PT_WEB_PAGES_H

#include "web/request.h"

/* The main navigation; the active item gets aria-current="page". */
enum nav_item {
	NAV_NONE,
	NAV_HOME,
	NAV_ASSESSMENTS,
	NAV_PUPILS,
	NAV_SUBMISSIONS,
	NAV_REPORTS,
	NAV_MAINTENANCE,
	NAV__MAX
};

/* layout.c: starts an HTML page (head, skip link, header with the user's area
 * and name, the navigation items the user's role may use, <main> and its <h1>
 * title). Sets the status to 200 unless one was set. */
void page_begin(struct request *req, const char *title, enum nav_item active);
/* Closes <main>, the footer and the document. */
void page_end(struct request *req);
/* The link to the pupils list of an establishment: "/schools/<laestab>/pupils"
 * (owned by the request). */
const char *page_pupils_href(struct request *req, const struct establishment *e);

/* errors.c: a whole error page for status (400, 403, 404, 405, 413, ...) with a
 * fixed text per status, plus detail (escaped) when given. Never shows internals. */
void page_error(struct request *req, int status, const char *detail);

/* sign_in.c */
void sign_in_get(struct request *req);
void sign_in_post(struct request *req);
void sign_out_post(struct request *req);
/* password.c */
void password_get(struct request *req);
void password_post(struct request *req);
/* home.c */
void home_get(struct request *req);
/* schools.c: the list of schools the user may see, and the table it and the
 * home page share (name linking to the pupils when allowed, LAESTAB, pupils). */
void schools_get(struct request *req);
void page_schools_table(struct request *req, const struct establishment *list, size_t n);
/* pupils.c */
void pupils_get(struct request *req);
/* coming_soon.c: the sections not built yet (the route pattern says which). */
void coming_soon_get(struct request *req);

/* ---- issue 3a: sign-in, security code, TOTP, throttling, profile ---- */

/* ---- issue 3b: mail, password reset, session expiry ---- */

/* ---- issue 3c: managing people, organisations, audit pages ---- */

/* ---- issue 4a: pupil records, search, filter, profile ---- */

/* ---- issue 4b: pupil upload, edit multiple, interventions, transfers ---- */

/* ---- issue 5: EYFS tracking ---- */

/* ---- issue 6: statutory results and CTF ---- */

#endif
