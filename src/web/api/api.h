/*
 * api: the JSON API under /api/v1/. Same rights as the web pages (the same
 * dispatcher and policy); authenticated by a session cookie or by
 * "Authorization: Bearer <token>". Errors are {"error": "..."}.
 */
#ifndef PT_WEB_API_H
#define PT_WEB_API_H

#include "web/request.h"

/* GET /api/v1/me: the user, role and scope. */
void api_me_get(struct request *req);
/* GET /api/v1/schools: the establishments the user may see. */
void api_schools_get(struct request *req);
/* GET /api/v1/schools/:laestab/pupils: pupils of one establishment. */
void api_pupils_get(struct request *req);

/* ---- issue 3a: sign-in, security code, TOTP, throttling, profile ---- */

/* ---- issue 3b: mail, password reset, session expiry ---- */

/* ---- issue 3c: managing people, organisations, audit pages ---- */

/* ---- issue 4a: pupil records, search, filter, profile ---- */

/* ---- issue 4b: pupil upload, edit multiple, interventions, transfers ---- */

/* ---- issue 5: EYFS tracking ---- */

/* ---- issue 6: statutory results and CTF ---- */

#endif
