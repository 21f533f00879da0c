/*
 * dispatch: the request pipeline (see dispatch.h). The order matters and is the
 * security argument of the web layer: nobody reaches a handler without passing
 * authentication, parameter validation, CSRF and access_allowed() here.
 */
#include "web/dispatch.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/account.h"
#include "app/app.h"
#include "app/people.h"
#include "base/log.h"
#include "core/access.h"
#include "web/csrf.h"
#include "web/pages/pages.h"
#include "web/routes.h"
#include "web/session.h"

bool dispatch_is_api(const struct request *req)
{
	if (req->route)
		return (req->route->flags & RF_API) != 0;
	return strncmp(req->path, "/api/", 5) == 0 || strcmp(req->path, "/api") == 0;
}

static const char *status_text(int status)
{
	switch (status) {
	case 400:
		return "The request was not understood.";
	case 401:
		return "Sign in first.";
	case 403:
		return "You do not have access to this.";
	case 404:
		return "Not found.";
	case 405:
		return "This address does not accept that method.";
	case 413:
		return "The request is too large.";
	case 414:
		return "The address is too long.";
	case 415:
		return "The request body is not of a type this address accepts.";
	case 431:
		return "The request headers are too large.";
	case 503:
		return "The service is unavailable. Try again in a few minutes.";
	default:
		return "Something went wrong on our side. Try again; if it keeps happening, "
		       "tell your administrator.";
	}
}

void dispatch_error(struct request *req, int status, const char *message)
{
	resp_reset(req);
	if (dispatch_is_api(req))
		resp_json_error(req, status, message ? message : status_text(status));
	else
		page_error(req, status, message);
	resp_status(req, status);
}

/* Denied or not found: the same answer, so ids of other schools reveal nothing. */
/* A refused access, in the log and in the audit trail of the user's own area
 * (their school, trust or LA), never in the area they tried to reach: the
 * user's admins see who probes, and the other school learns nothing. */
static void access_denied(struct request *req, const char *why)
{
	struct audit_entry e;

	log_warn("web: access denied (%s): user %lld %s %s", why,
		 req->signed_in ? (long long)req->user.id : 0LL, http_method_name(req->method),
		 req->path);
	if (!req->signed_in || !req->db)
		return;
	memset(&e, 0, sizeof(e));
	e.at = app_now(req->app);
	e.user_id = req->user.id;
	snprintf(e.actor, sizeof(e.actor), "%s", req->user.username);
	snprintf(e.ip, sizeof(e.ip), "%s", req->client_ip);
	e.establishment_id = req->user.establishment_id;
	e.la_id = req->user.la_id;
	snprintf(e.action, sizeof(e.action), "access.denied");
	snprintf(e.object, sizeof(e.object), "%.7s %.55s", http_method_name(req->method),
		 req->path);
	snprintf(e.field, sizeof(e.field), "%.47s", why);
	if (store_audit_add(req->db, &e) != ERR_OK)
		log_warn("web: could not audit a denied access");
}

static void not_found(struct request *req, const char *why)
{
	if (why)
		access_denied(req, why);
	dispatch_error(req, 404, NULL);
}

/* Authorization: Bearer on an API route. False when the header is present and
 * wrong (the answer is then set). */
static bool authenticate_bearer(struct request *req, bool *used)
{
	const char *h = request_header(req, "Authorization");
	enum err rc;
	struct user u;

	*used = false;
	if (!h)
		return true;
	*used = true;
	rc = strncasecmp(h, "Bearer ", 7) == 0 ?
		     account_api_token_user(req->app, req->db, h + 7, &u) :
		     ERR_NOT_FOUND;
	if (rc == ERR_OK && !u.disabled) {
		req->user = u;
		req->signed_in = true;
		req->bearer = true;
		return true;
	}
	if (rc == ERR_LOCKED) { /* a valid token of a user who must turn on TOTP first */
		log_warn("web: API token of user %lld refused: authenticator app not on",
			 (long long)u.id);
		dispatch_error(req, 403,
			       "Turn on the authenticator app first: sign in to pupiltrack in a "
			       "browser and set it up. Until then this account's API tokens do "
			       "not work.");
		return false;
	}
	log_warn("web: bad API token from %s", req->client_ip);
	dispatch_error(req, 401, "The API token is not valid.");
	resp_header(req, "WWW-Authenticate",
		    "Bearer realm=\"pupiltrack\", error=\"invalid_token\"");
	return false;
}

/* Where a browser goes when it has no (valid) session. */
static void to_sign_in(struct request *req, enum session_state st)
{
	if (st != SESSION_NONE)
		session_cookie_clear(req);
	if (st == SESSION_EXPIRED)
		resp_redirect(req, "/sign-in?reason=expired");
	else if (st == SESSION_ELSEWHERE)
		resp_redirect(req, "/sign-in?reason=elsewhere");
	else
		resp_redirect(req, "/sign-in");
}

/* The methods the route table has for req's path, for a 405's Allow header. */
static const char *allowed_methods(struct request *req)
{
	struct strbuf sb = STRBUF_INIT;
	const char *out;
	for (int m = 0; m < HTTP__MAX; m++) {
		bool known = false;
		if (m == HTTP_HEAD)
			continue;
		if (routes_match((enum http_method)m, req->segs, req->nsegs, &known)) {
			if (sb.len)
				strbuf_adds(&sb, ", ");
			strbuf_adds(&sb, m == HTTP_GET ? "GET, HEAD" :
							 http_method_name((enum http_method)m));
		}
	}
	out = arena_strdup(&req->arena, strbuf_str(&sb));
	strbuf_release(&sb);
	return out;
}

/* The parameter that names an RF_ESTAB route's school: its ":laestab" path
 * segment, or (routes without one, issue 4c's /api/v1/pupils, issue 5's
 * /api/v1/assessments) its required "establishment" parameter. Either is
 * resolved and checked the same way. */
static const char *estab_param(const struct route *r)
{
	for (size_t i = 0; i < r->nparams; i++)
		if (strcmp(r->params[i].name, "laestab") == 0)
			return "laestab";
	return "establishment";
}

/* The school an RF_ESTAB route is about into *out: named by its parameter, or
 * for RF_ASSESSMENT routes the establishment the :id assessment belongs to. */
static enum err route_establishment(struct request *req, const struct route *r,
				    struct establishment *out)
{
	struct assessment a;

	if (!(r->flags & RF_ASSESSMENT)) {
		int laestab = (int)request_int(req, estab_param(r));

		/* read with the session (step 1) when it was this one */
		if (req->estab_read && req->estab_read == laestab) {
			if (!req->estab_read_school.found)
				return ERR_NOT_FOUND;
			*out = req->estab_read_school.est;
			return ERR_OK;
		}
		return store_establishment_get_by_laestab(req->db, laestab, out);
	}
	if (store_assessment_get(req->db, request_int(req, "id"), &a) != ERR_OK)
		return ERR_NOT_FOUND;
	return store_establishment_get(req->db, a.establishment_id, out);
}

/* The LAESTAB of a school route as it stands in the request (its :laestab
 * path segment, or its "establishment" query parameter), to be read with the
 * session in one round trip; 0 when the route has none or it is not seven
 * digits (step 3 checks it as the route declares, and step 6 looks the school
 * up again unless it is the one read). */
static int laestab_in_path(const struct request *req, const struct route *r)
{
	const char *s, *param;
	char buf[8];
	int v = 0;

	if (!r || !(r->flags & RF_ESTAB) || (r->flags & RF_ASSESSMENT))
		return 0;
	param = estab_param(r);
	s = request_path_segment(req, param);
	if (!s && strcmp(param, "establishment") == 0 &&
	    request_query_raw(req, param, buf, sizeof(buf)))
		s = buf;
	if (!s || strlen(s) != 7)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v;
}

void dispatch_request(struct request *req)
{
	const struct route *r = req->route;
	enum session_state st = SESSION_NONE;
	struct resource_scope scope;
	char msg[256];
	bool api = dispatch_is_api(req);
	bool used_bearer = false;

	req->db = store_acquire(req->app->store);

	/* 1. Who is asking. Public routes (sign-in, static, health) never look at
	 * the session; API routes accept a bearer token instead of the cookie. */
	if (api && !authenticate_bearer(req, &used_bearer))
		goto out;
	if (!used_bearer && (!r || r->action != ACT_PUBLIC))
		st = session_load(req, laestab_in_path(req, r));

	/* 2. Which route. */
	if (!r) {
		bool known = false;
		routes_match(req->method, req->segs, req->nsegs, &known);
		dispatch_error(req, known ? 405 : 404, NULL);
		if (known)
			resp_header(req, "Allow", allowed_methods(req));
		goto out;
	}
	if ((r->flags & RF_SESSION) && !req->signed_in) {
		if (api) {
			dispatch_error(req, 401,
				       st == SESSION_EXPIRED ? "Your session has expired." :
							       "Sign in first.");
			if (st != SESSION_NONE)
				session_cookie_clear(req);
		} else {
			to_sign_in(req, st);
		}
		goto out;
	}

	/* 3. What is asked: typed, declared parameters only. */
	if (!request_parse_params(req, msg, sizeof(msg))) {
		dispatch_error(req, 400, msg);
		goto out;
	}

	/* 4. CSRF on every state-changing request made with cookies. */
	if (http_method_changes_state(req->method) && !req->bearer) {
		if (!(r->flags & RF_CSRF)) {
			log_error("web: route %s %s changes state without CSRF protection",
				  http_method_name(r->method), r->pattern);
			dispatch_error(req, 403, NULL);
			goto out;
		}
		if (!csrf_origin_ok(req) || !csrf_check(req)) {
			log_warn("web: CSRF check failed: %s %s from %s",
				 http_method_name(req->method), req->path, req->client_ip);
			dispatch_error(req, 403,
				       "This form has expired or did not come from "
				       "pupiltrack. Go back, reload the page and try again.");
			goto out;
		}
	}

	/* 5. A one-time password must be replaced before anything else. */
	if (req->signed_in && !req->bearer && req->user.must_change_password &&
	    (r->flags & RF_SESSION) && !(r->flags & RF_PW_CHANGE)) {
		if (api)
			dispatch_error(req, 403, "Change your password first.");
		else
			resp_redirect(req, "/account/password");
		goto out;
	}

	/* 5b. Where the setting requires an authenticator app (LA officers, system
	 * admins), it is set up before anything else (issue 3a). */
	if (req->signed_in && !req->bearer && account_totp_required(req->app, &req->user) &&
	    !account_totp_on(&req->user) && (r->flags & RF_SESSION) && !(r->flags & RF_PW_CHANGE)) {
		if (api)
			dispatch_error(req, 403, "Turn on the authenticator app first.");
		else
			resp_redirect(req, "/account/totp");
		goto out;
	}

	/* 6. The one authorisation decision. */
	if (r->flags & RF_ESTAB) {
		if (route_establishment(req, r, &req->estab) != ERR_OK) {
			not_found(req, NULL);
			goto out;
		}
		scope = access_scope_of_establishment(&req->estab);
		if (!access_allowed(req->signed_in ? &req->user : NULL, r->action, &scope)) {
			memset(&req->estab, 0, sizeof(req->estab));
			not_found(req, access_action_name(r->action));
			goto out;
		}
		req->has_estab = true;
	} else if (r->flags & RF_USER) {
		/* An account: its owner is its school, trust or LA (app/people.h). */
		struct user target;
		bool found = store_user_get(req->db, request_int(req, "user"), &target) == ERR_OK &&
			     people_scope_of(req->db, &target, &scope) == ERR_OK;
		sodium_memzero(&target, sizeof(target));
		if (!found) {
			not_found(req, NULL);
			goto out;
		}
		if (!access_allowed(&req->user, r->action, &scope)) {
			not_found(req, access_action_name(r->action));
			goto out;
		}
	} else {
		scope = req->signed_in ? access_scope_of_user(&req->user) :
					 (struct resource_scope){ 0, 0, 0 };
		if (!access_allowed(req->signed_in ? &req->user : NULL, r->action, &scope)) {
			access_denied(req, access_action_name(r->action));
			dispatch_error(req, 403, NULL);
			goto out;
		}
	}

	/* 7. The handler. */
	r->handler(req);
out:
	if (req->db) {
		store_release(req->db);
		req->db = NULL;
	}
}
