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

/* ---- issue 3: accounts ---- */

/* ---- issue 4: pupils ---- */

/* ---- issue 5: EYFS tracking ---- */

/* ---- issue 6: statutory results and CTF ---- */

#endif
