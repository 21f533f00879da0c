/*
 * profile: the user's own account page (GET /account): who they are, where, the
 * sign-in before this one and the failed attempts since, and the authenticator
 * app (TOTP): turning it on (a new secret, confirmed with a code before it
 * counts) and off (with the password, unless the user's role requires it).
 */
#include "web/pages/pages.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/account.h"
#include "app/app.h"
#include "app/totp.h"
#include "base/date.h"
#include "base/log.h"
#include "store/store.h"
#include "web/csrf.h"
#include "web/html.h"
#include "web/scope.h"

enum { TOTP_OFFER_SECONDS = 15 * 60 }; /* time to add the key to an app and confirm */

/* "15/06/2025 at 14:05 (UTC)" */
static const char *when_text(struct request *req, int64_t t)
{
	char day[11];
	int64_t secs = t % 86400;

	if (secs < 0)
		secs += 86400;
	date_format_dmy(date_from_unix(t), day);
	return arena_printf(&req->arena, "%s at %02d:%02d (UTC)", day, (int)(secs / 3600),
			    (int)(secs / 60 % 60));
}

static void row(struct strbuf *b, const char *term, const char *value)
{
	html_elem(b, "dt", term);
	html_elem(b, "dd", value);
}

/* The sign-in before the current one and the failures since it, from the audit
 * (newest first: the first "login.ok" is this session's). */
static void sign_in_history(struct request *req, int64_t *previous, int *failures)
{
	struct audit_query q = { .actor = req->user.username, .action = "login.", .limit = 500 };
	struct audit_entry *list = NULL;
	size_t n = 0;
	bool current_seen = false;

	*previous = 0;
	*failures = 0;
	if (store_audit_list(req->db, &q, &list, &n) != ERR_OK) {
		log_error("web: cannot read the sign-in history of user %lld",
			  (long long)req->user.id);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (list[i].user_id != req->user.id)
			continue;
		if (strcmp(list[i].action, "login.ok") == 0) {
			if (current_seen) {
				*previous = list[i].at;
				break;
			}
			current_seen = true;
		} else if (strcmp(list[i].action, "login.fail") == 0) {
			(*failures)++;
		}
	}
	free(list);
}

static void notice_write(struct strbuf *b, const char *message)
{
	html_open(b, "div", "class", "notice", "role", "status", NULL);
	html_elem(b, "p", message);
	html_close(b, "div");
}

static void errors_write(struct strbuf *b, const char *message)
{
	html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
			    "<h2>There is a problem</h2>");
	html_elem(b, "p", message);
	html_raw_trusted(b, "</div>\n");
}

static void profile_write(struct request *req, const char *error, const char *info)
{
	const struct user *u = &req->user;
	struct strbuf *b;
	int64_t previous;
	int failures;

	sign_in_history(req, &previous, &failures);
	if (error && req->resp.status < 400)
		resp_status(req, 422);
	page_begin(req, "Your account", NAV_NONE);
	b = resp_body(req);
	if (error)
		errors_write(b, error);
	if (info)
		notice_write(b, info);
	if (failures > 0)
		notice_write(b,
			     arena_printf(&req->arena,
					  "There %s %d failed attempt%s to sign in to your "
					  "account since you last signed in. If that was not "
					  "you, change your password and tell your administrator.",
					  failures == 1 ? "was" : "were", failures,
					  failures == 1 ? "" : "s"));
	html_raw_trusted(b, "<dl class=\"summary-list\">");
	row(b, "Name", u->display_name[0] ? u->display_name : u->username);
	row(b, "Username", u->username);
	row(b, "Role", role_label(u->role));
	row(b, "Area", scope_name(req));
	row(b, "Previous sign-in",
	    previous ? when_text(req, previous) : "None: this is your first sign-in.");
	row(b, "Failed attempts since then", arena_printf(&req->arena, "%d", failures));
	html_raw_trusted(b, "</dl>\n<h2>Password</h2>\n"
			    "<p><a href=\"/account/password\">Change your password</a></p>\n"
			    "<h2>Authenticator app</h2>\n");
	if (!account_totp_on(u)) {
		html_elem(b, "p",
			  account_totp_required(req->app, u) ?
				  "Your role must use an authenticator app. It is off." :
				  "Off. An authenticator app on your phone adds a second "
				  "check when you sign in: a code that changes every 30 "
				  "seconds.");
		html_raw_trusted(b, "<p><a class=\"button\" href=\"/account/totp\">Turn on the "
				    "authenticator app</a></p>\n");
	} else if (account_totp_required(req->app, u)) {
		html_elem(b, "p", "On. Your role must use it, so it cannot be turned off.");
	} else {
		html_elem(b, "p", "On. To turn it off, enter your password.");
		html_open(b, "form", "method", "post", "action", "/account/totp/off", "novalidate",
			  "", NULL);
		html_csrf_field(b, csrf_token(req));
		html_form_field(b, &(struct html_field){ .name = "password",
							 .label = "Password",
							 .type = "password",
							 .autocomplete = "current-password",
							 .required = true,
							 .maxlength = PASSWORD_MAX });
		html_raw_trusted(b, "<button type=\"submit\" class=\"button secondary\">Turn off "
				    "the authenticator app</button></form>\n");
	}
	page_end(req);
}

void profile_get(struct request *req)
{
	profile_write(req, NULL, NULL);
}

/* The set-up page for secret (base32), signed for the user until expires. */
static void totp_offer_write(struct request *req, const char *secret, int64_t expires,
			     const char *error)
{
	char sig[65], uri[300], grouped[TOTP_SECRET_TEXT + TOTP_SECRET_TEXT / 4 + 1];
	size_t g = 0;
	struct strbuf *b;

	account_totp_offer_sign(req->app, req->user.id, secret, expires, sig);
	if (!totp_uri(req->user.username, secret, uri, sizeof(uri)))
		uri[0] = '\0';
	for (size_t i = 0; secret[i] && g + 2 < sizeof(grouped); i++) {
		if (i && i % 4 == 0)
			grouped[g++] = ' ';
		grouped[g++] = secret[i];
	}
	grouped[g] = '\0';
	if (error)
		resp_status(req, 422);
	page_begin(req, "Turn on the authenticator app", NAV_NONE);
	b = resp_body(req);
	if (error)
		errors_write(b, error);
	if (account_totp_required(req->app, &req->user))
		html_elem(b, "p",
			  "Your role must use an authenticator app. Set it up now to "
			  "continue.");
	html_raw_trusted(b, "<ol class=\"steps\"><li>Open an authenticator app on your phone "
			    "(for example Microsoft Authenticator or Google Authenticator) and "
			    "choose to add an account by entering a key.</li>"
			    "<li>Enter this key, with account name pupiltrack:");
	html_open(b, "p", "class", "totp-secret", NULL);
	html_text(b, grouped);
	html_close(b, "p");
	html_raw_trusted(b, "Or, if your app accepts a link, this one: ");
	html_open(b, "code", "class", "totp-uri", NULL);
	html_text(b, uri);
	html_close(b, "code");
	html_raw_trusted(b, "</li><li>Type the 6 numbers the app now shows for pupiltrack.</li>"
			    "</ol>\n");
	html_open(b, "form", "method", "post", "action", "/account/totp", "novalidate", "",
		  "autocomplete", "off", NULL);
	html_csrf_field(b, csrf_token(req));
	html_open(b, "input", "type", "hidden", "name", "secret", "value", secret, NULL);
	html_open(b, "input", "type", "hidden", "name", "expires", "value",
		  arena_printf(&req->arena, "%lld", (long long)expires), NULL);
	html_open(b, "input", "type", "hidden", "name", "sig", "value", sig, NULL);
	html_form_field(b, &(struct html_field){ .name = "code",
						 .label = "Code from the app",
						 .error = error,
						 .autocomplete = "one-time-code",
						 .required = true,
						 .autofocus = true,
						 .maxlength = 8 });
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Turn on</button></form>\n"
			    "<p><a href=\"/account\">Back to your account</a></p>\n");
	page_end(req);
}

void totp_get(struct request *req)
{
	char secret[TOTP_SECRET_TEXT + 1];

	if (account_totp_on(&req->user)) {
		resp_redirect(req, "/account");
		return;
	}
	/* Nothing is stored until a code confirms the app has the key. */
	totp_secret_new(secret);
	totp_offer_write(req, secret, app_now(req->app) + TOTP_OFFER_SECONDS, NULL);
	sodium_memzero(secret, sizeof(secret));
}

void totp_post(struct request *req)
{
	const char *secret = request_text(req, "secret");
	int64_t expires = request_int(req, "expires"), now = app_now(req->app), step = 0;
	struct errbuf eb = { "" };
	struct user u = req->user;
	struct actor who = { u.id, u.username, req->client_ip };

	if (account_totp_on(&u)) { /* nothing to change: not a success */
		resp_status(req, 409);
		profile_write(req, "The authenticator app is on already: nothing was changed.",
			      NULL);
		goto out;
	}
	if (!account_totp_offer_check(req->app, u.id, secret, expires, request_text(req, "sig"),
				      now)) {
		/* Expired or not ours: start again with a new key. */
		char fresh[TOTP_SECRET_TEXT + 1];
		totp_secret_new(fresh);
		totp_offer_write(req, fresh, now + TOTP_OFFER_SECONDS,
				 "This set-up page was open for more than 15 minutes. Add this "
				 "new key to your app instead, then enter its code.");
		sodium_memzero(fresh, sizeof(fresh));
		goto out;
	}
	if (account_totp_set(req->app, &u, secret, &eb) != ERR_OK ||
	    !account_totp_verify(req->app, &u, now, request_text(req, "code"), &step)) {
		totp_offer_write(req, secret, expires,
				 "The code is not right. Check that the app's clock is correct "
				 "and type the 6 numbers it shows now.");
		goto out;
	}
	if (store_begin(req->db, &eb) != ERR_OK ||
	    store_user_update(req->db, &who, &u, &eb) != ERR_OK ||
	    store_totp_use(req->db, u.id, step) != ERR_OK || store_commit(req->db, &eb) != ERR_OK) {
		store_rollback(req->db);
		log_error("web: cannot turn on TOTP for user %lld: %s", (long long)u.id, eb.msg);
		page_error(req, 500, NULL);
		goto out;
	}
	req->user = u;
	profile_write(req, NULL,
		      "The authenticator app is on. When you sign in, you will be asked for its "
		      "code as well as your password and security code.");
out:
	sodium_memzero(&u, sizeof(u));
}

void totp_off_post(struct request *req)
{
	struct errbuf eb = { "" };
	struct user u = req->user;
	struct actor who = { u.id, u.username, req->client_ip };

	if (!account_totp_on(&u)) { /* nothing to change: not a success */
		resp_status(req, 409);
		profile_write(req, "The authenticator app is off already: nothing was changed.",
			      NULL);
		goto out;
	}
	if (account_totp_required(req->app, &u)) {
		profile_write(req,
			      "Your role must use an authenticator app, so it cannot be "
			      "turned off.",
			      NULL);
		goto out;
	}
	if (!account_password_verify(&u, request_text(req, "password"), NULL)) {
		profile_write(req,
			      "The password is not right, so the authenticator app is "
			      "still on.",
			      NULL);
		goto out;
	}
	account_totp_set(req->app, &u, NULL, &eb);
	if (store_user_update(req->db, &who, &u, &eb) != ERR_OK) {
		log_error("web: cannot turn off TOTP for user %lld: %s", (long long)u.id, eb.msg);
		page_error(req, 500, NULL);
		goto out;
	}
	req->user = u;
	profile_write(req, NULL, "The authenticator app is off.");
out:
	sodium_memzero(&u, sizeof(u));
}
