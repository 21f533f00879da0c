/*
 * session: cookie sessions on the store (see session.h). The cookie holds the
 * token; the database holds its SHA-256, the owner, the CSRF secret and times.
 */
#include "web/session.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/account.h"
#include "app/app.h"
#include "base/log.h"
#include "web/server.h"

const char *session_cookie_name(const struct request *req)
{
	return req->opts->tls ? "__Host-pt_session" : "pt_session";
}

static void cookie_set(struct request *req, const char *value, bool clear)
{
	char line[256];
	snprintf(line, sizeof(line), "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s",
		 session_cookie_name(req), value, req->opts->tls ? "; Secure" : "",
		 clear ? "; Max-Age=0" : "");
	resp_header(req, "Set-Cookie", line);
}

void session_cookie_clear(struct request *req)
{
	cookie_set(req, "", true);
}

static enum session_state state_of_ended(const struct session *s)
{
	if (strcmp(s->end_reason, "elsewhere") == 0)
		return SESSION_ELSEWHERE;
	if (strcmp(s->end_reason, "expired") == 0)
		return SESSION_EXPIRED;
	return SESSION_ENDED;
}

enum session_state session_load(struct request *req, int laestab)
{
	const char *tok = request_cookie(req, session_cookie_name(req));
	unsigned char hash[32];
	struct session s;
	struct user u;
	int64_t now = app_now(req->app);
	enum session_state st = SESSION_ENDED;

	if (!tok || !*tok)
		return SESSION_NONE;
	if (!account_token_hash(tok, hash))
		return SESSION_NONE;
	/* The owner comes with the session (one round trip); a session always
	 * has one (foreign key). */
	if (!laestab) {
		if (store_session_user_get(req->db, hash, &s, &u) != ERR_OK)
			goto out;
	} else {
		if (store_session_user_est_get(req->db, hash, laestab, &s, &u,
					       &req->estab_read_school) != ERR_OK)
			goto out;
		req->estab_read = laestab;
	}
	if (s.ended_at) {
		st = state_of_ended(&s);
		goto out;
	}
	if (now - s.last_seen > SESSION_IDLE_SECONDS ||
	    now - s.created_at > SESSION_ABSOLUTE_SECONDS) {
		store_session_end(req->db, s.id, now, "expired");
		st = SESSION_EXPIRED;
		goto out;
	}
	if (u.disabled) {
		store_session_end(req->db, s.id, now, "disabled");
		goto out;
	}
	if (now > s.last_seen && store_session_touch(req->db, s.id, now) == ERR_OK)
		s.last_seen = now;
	req->user = u;
	req->session = s;
	req->signed_in = true;
	req->csrf_secret_set = false;
	st = SESSION_OK;
out:
	sodium_memzero(&s, sizeof(s));
	sodium_memzero(hash, sizeof(hash));
	return st;
}

enum err session_start(struct request *req, const struct user *u, const char *end_reason)
{
	char text[TOKEN_TEXT_LEN + 1];
	struct session s;
	struct errbuf eb = { "" };
	int64_t now = app_now(req->app);
	enum err rc;

	memset(&s, 0, sizeof(s));
	account_token_new(text, s.hash);
	randombytes_buf(s.csrf, sizeof(s.csrf));
	s.user_id = u->id;
	s.created_at = now;
	s.last_seen = now;
	rc = store_begin(req->db, &eb);
	if (rc != ERR_OK)
		goto out;
	rc = store_session_add(req->db, &s);
	if (rc == ERR_OK)
		rc = store_session_end_user(req->db, u->id, s.id, now, end_reason);
	if (rc == ERR_OK)
		rc = store_commit(req->db, &eb);
	else
		store_rollback(req->db);
	if (rc != ERR_OK)
		goto out;
	cookie_set(req, text, false);
	req->session = s;
	req->user = *u;
	req->signed_in = true;
	req->bearer = false;
	req->csrf_secret_set = false;
out:
	if (rc != ERR_OK)
		log_error("web: cannot start a session for user %lld: %s %s", (long long)u->id,
			  err_str(rc), eb.msg);
	sodium_memzero(text, sizeof(text));
	sodium_memzero(&s, sizeof(s));
	return rc;
}

enum err session_estab_profile(struct request *req, int64_t establishment_id,
			       struct estab_profile *p, char *saved)
{
	const struct session_school *sc = &req->estab_read_school;
	enum err e;

	if (req->signed_in && !req->bearer && req->estab_read && sc->found &&
	    sc->est.id == establishment_id) {
		*p = sc->prof;
		if (saved)
			memcpy(saved, sc->saved, sizeof(sc->saved));
		return ERR_OK;
	}
	e = store_estab_profile_get(req->db, establishment_id, p);
	if (!e && saved)
		e = store_pupil_selection_get(req->db, req->user.id, establishment_id, saved);
	return e;
}

void session_end(struct request *req, const char *reason)
{
	if (req->signed_in && !req->bearer && req->session.id)
		store_session_end(req->db, req->session.id, app_now(req->app), reason);
	session_cookie_clear(req);
	req->signed_in = false;
	req->csrf_secret_set = false;
	memset(&req->session, 0, sizeof(req->session));
}

void session_end_presented(struct request *req, const char *reason)
{
	const char *tok = request_cookie(req, session_cookie_name(req));
	unsigned char hash[32];
	struct session s;

	if (!tok || !account_token_hash(tok, hash))
		return;
	if (store_session_get(req->db, hash, &s) == ERR_OK && !s.ended_at)
		store_session_end(req->db, s.id, app_now(req->app), reason);
	sodium_memzero(&s, sizeof(s));
	sodium_memzero(hash, sizeof(hash));
}
