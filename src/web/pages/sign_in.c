/*
 * sign_in: the sign-in page, signing in and signing out. One message for an
 * unknown username and a wrong password, and a dummy password verify for unknown
 * usernames so both take the same time. (The security-code digits, TOTP and
 * lockout come in a later change.)
 */
#include "web/pages/pages.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/account.h"
#include "app/app.h"
#include "base/log.h"
#include "web/csrf.h"
#include "web/html.h"
#include "web/server.h"
#include "web/session.h"

static const char bad_login[] = "The username or password is not right.";

static void error_summary(struct strbuf *b, const char *message)
{
	html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
			    "<h2>There is a problem</h2>");
	html_elem(b, "p", message);
	html_raw_trusted(b, "</div>\n");
}

static void notice(struct strbuf *b, const char *message)
{
	html_open(b, "div", "class", "notice", "role", "status", NULL);
	html_elem(b, "p", message);
	html_close(b, "div");
}

static void form_write(struct request *req, const char *username, const char *error,
		       const char *info)
{
	struct strbuf *b;

	page_begin(req, "Sign in", NAV_NONE);
	b = resp_body(req);
	if (error)
		error_summary(b, error);
	if (info)
		notice(b, info);
	html_open(b, "form", "method", "post", "action", "/sign-in", "class", "sign-in",
		  "novalidate", "", NULL);
	html_csrf_field(b, csrf_token(req));
	html_form_field(b, &(struct html_field){ .name = "username",
						 .label = "Username",
						 .value = username,
						 .autocomplete = "username",
						 .required = true,
						 .autofocus = !username || !*username,
						 .maxlength = USERNAME_MAX });
	html_form_field(b, &(struct html_field){ .name = "password",
						 .label = "Password",
						 .type = "password",
						 .autocomplete = "current-password",
						 .required = true,
						 .autofocus = username && *username,
						 .maxlength = PASSWORD_MAX });
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Sign in</button></form>\n"
			    "<p class=\"warning\">Sensitive pupil information is held on this "
			    "system. Do not share your password with anyone.</p>\n");
	page_end(req);
}

void sign_in_get(struct request *req)
{
	static const struct {
		const char *reason; /* a choice of the route's "reason" parameter */
		const char *text;   /* what the person reads */
	} notices[] = {
		{ "expired",
		  "You were signed out because you had not used pupiltrack for 60 minutes." },
		{ "elsewhere", "You were signed out because your account signed in on another "
			       "device. pupiltrack allows one device at a time." },
		{ "signed-out", "You have signed out." },
	};
	const char *reason = request_has(req, "reason") ? request_text(req, "reason") : "";
	const char *text = NULL;

	for (size_t i = 0; i < sizeof(notices) / sizeof(notices[0]); i++)
		if (strcmp(reason, notices[i].reason) == 0)
			text = notices[i].text;
	form_write(req, NULL, NULL, text);
}

static void audit_login(struct request *req, const struct user *u, const char *action)
{
	struct audit_entry e;

	memset(&e, 0, sizeof(e));
	e.at = app_now(req->app);
	if (u) {
		e.user_id = u->id;
		snprintf(e.actor, sizeof(e.actor), "%s", u->username);
		snprintf(e.object, sizeof(e.object), "user %.58s", u->username);
		e.establishment_id = u->establishment_id;
		e.la_id = u->la_id;
	} else {
		snprintf(e.object, sizeof(e.object), "unknown user");
	}
	snprintf(e.ip, sizeof(e.ip), "%s", req->client_ip);
	snprintf(e.action, sizeof(e.action), "%s", action);
	if (store_audit_add(req->db, &e) != ERR_OK)
		log_error("web: cannot write the audit row for %s", action);
}

void sign_in_post(struct request *req)
{
	const char *username = request_text(req, "username");
	const char *password = request_text(req, "password");
	int64_t now = app_now(req->app);
	struct errbuf eb = { "" };
	struct user u;
	bool found, ok, rehash = false;

	if (!*username || !*password) {
		form_write(req, username, "Enter your username and password.", NULL);
		return;
	}
	found = store_user_get_by_username(req->db, username, &u) == ERR_OK;
	if (found) {
		ok = account_password_verify(&u, password, &rehash);
	} else {
		/* Same work as for a real user, so timing does not tell. */
		account_password_verify(web_server_dummy_user(req->srv), password, &rehash);
		ok = false;
	}
	if (ok && (u.disabled || (u.locked_until && now < u.locked_until)))
		ok = false;
	if (!ok) {
		audit_login(req, found ? &u : NULL, "login.fail");
		log_info("web: sign-in failed from %s", req->client_ip);
		form_write(req, username, bad_login, NULL);
		goto out;
	}
	if (u.must_change_password && u.pw_expires_at && now > u.pw_expires_at) {
		audit_login(req, &u, "login.fail");
		form_write(
			req, username,
			"Your one-time password has expired. Ask your administrator for a new one.",
			NULL);
		goto out;
	}
	if (rehash && account_password_set(&u, password, &eb) != ERR_OK)
		log_warn("web: could not rehash a password: %s", eb.msg);
	u.failed_logins = 0;
	u.last_login_at = now;
	{
		struct actor who = { u.id, u.username, req->client_ip };
		if (store_user_update(req->db, &who, &u, &eb) != ERR_OK)
			log_warn("web: could not record the sign-in of user %lld: %s",
				 (long long)u.id, eb.msg);
	}
	/* Whoever was signed in on this browser is signed out first. */
	session_end_presented(req, "replaced");
	if (session_start(req, &u, "elsewhere") != ERR_OK) {
		page_error(req, 500, NULL);
		goto out;
	}
	csrf_presession_clear(req);
	audit_login(req, &u, "login.ok");
	resp_redirect(req, u.must_change_password ? "/account/password" : "/");
out:
	sodium_memzero(&u, sizeof(u));
}

void sign_out_post(struct request *req)
{
	struct user u = req->user;
	session_end(req, "signed-out");
	audit_login(req, &u, "logout");
	resp_redirect(req, "/sign-in?reason=signed-out");
}
