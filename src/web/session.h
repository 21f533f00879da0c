/*
 * session: browser sessions. A 256-bit random token in an HttpOnly cookie, only
 * its SHA-256 in the database; a new token at every sign-in; one device at a
 * time; idle expiry after 60 minutes and an absolute limit of 12 hours, both on
 * the app's clock (app_now) so tests can move time.
 */
#ifndef PT_WEB_SESSION_H
#define PT_WEB_SESSION_H

#include "web/request.h"

enum {
	SESSION_IDLE_SECONDS = 60 * 60,		 /* Lancashire parity; see docs */
	SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60, /* NIST SP 800-63B rev 3 AAL2 */
};

enum session_state {
	SESSION_NONE,	   /* no cookie, or not one of ours */
	SESSION_OK,	   /* req->user and req->session are set */
	SESSION_EXPIRED,   /* idle or absolute limit passed; now ended */
	SESSION_ELSEWHERE, /* ended because the user signed in on another device */
	SESSION_ENDED,	   /* ended otherwise (signed out, disabled, unknown token) */
};

/* "__Host-pt_session" when served over TLS, else "pt_session". */
const char *session_cookie_name(const struct request *req);
/* Reads the session cookie, checks the session and its user (re-read from the
 * store, refusing disabled users) and touches last_seen. On SESSION_OK fills
 * req->user, req->session and sets req->signed_in. Sessions found expired are
 * ended in the store. Needs req->db. A laestab other than 0 (a school page's)
 * is looked up in the same round trip, with the school's names and the user's
 * saved pupil selection there: req->estab_read and req->estab_read_school (not
 * authorised). */
enum session_state session_load(struct request *req, int laestab);
/* The class and custom filter names of the establishment into p and, when
 * saved is not NULL, the signed-in user's saved pupil selection there
 * (SELECTION_MAX + 1 bytes): as the session's look-up read them when it read
 * that school, else from the store. Only for what a request reads before it
 * writes either. */
enum err session_estab_profile(struct request *req, int64_t establishment_id,
			       struct estab_profile *p, char *saved);
/* Starts a new session for u with a new token (Set-Cookie on the response) and
 * ends every other session of u with end_reason ("elsewhere" at sign-in). */
enum err session_start(struct request *req, const struct user *u, const char *end_reason);
/* Ends req's session (reason e.g. "signed-out") and clears the cookie. */
void session_end(struct request *req, const char *reason);
/* Ends the live session whose cookie came with req, if any, without loading it
 * (sign-in on a browser that still holds someone's session). */
void session_end_presented(struct request *req, const char *reason);
/* Adds a Set-Cookie header that deletes the session cookie. */
void session_cookie_clear(struct request *req);

#endif
