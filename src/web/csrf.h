/*
 * csrf: cross-site request forgery defence. Every state-changing request made
 * with cookies carries a token (form field "csrf" or header X-CSRF-Token) tied to
 * the session's secret, or before sign-in to a pre-session cookie. Origin and
 * Sec-Fetch-Site are checked too when the browser sends them.
 */
#ifndef PT_WEB_CSRF_H
#define PT_WEB_CSRF_H

#include <stdbool.h>

#include "web/request.h"

enum { CSRF_TOKEN_LEN = 64 }; /* hex characters */

/* A token for a form or fetch() of this request's session (or pre-session when
 * nobody is signed in: the pre-session cookie is set when missing). Owned by the
 * request. */
const char *csrf_token(struct request *req);
/* Checks the token sent with req (the form field, else the X-CSRF-Token header)
 * against the session's or pre-session's secret, in constant time. */
bool csrf_check(struct request *req);
/* False when Origin names another site, or Sec-Fetch-Site says cross-site. */
bool csrf_origin_ok(const struct request *req);
/* Adds a Set-Cookie header that deletes the pre-session cookie. */
void csrf_presession_clear(struct request *req);

#endif
