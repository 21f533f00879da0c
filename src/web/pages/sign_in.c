/*
 * sign_in: the sign-in page, its two steps and signing out.
 * Step 1 (POST /sign-in) takes the username and password; step 2 (POST
 * /sign-in/code) takes two digits of the security code, and the authenticator
 * code when the user has turned one on. Every sign-in goes through both steps,
 * whether the username exists and the password is right or not, and is judged
 * only at the end with one message, so neither the answer nor the timing tells
 * which part was wrong. Between the steps a pending sign-in (random token, its
 * hash in the database, good for 5 minutes and once) stands for what step 1
 * found; no session exists until every factor has passed.
 */
#include "web/pages/pages.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/account.h"
#include "app/app.h"
#include "app/throttle.h"
#include "base/log.h"
#include "web/csrf.h"
#include "web/html.h"
#include "web/server.h"
#include "web/session.h"

enum { PENDING_SECONDS = 5 * 60 };

static const char bad_login[] =
	"The sign-in details are not right. Check your username, password and security "
	"code, then try again. After 10 failed attempts an account is locked for 15 "
	"minutes.";
static const char blocked_address[] =
	"There have been too many failed sign-ins from your network. Wait 15 minutes, "
	"then try again. If you need to sign in now, ask your administrator.";

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

	if (error) /* refused: the same status whatever the reason */
		resp_status(req, 422);
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
			    "<p><a href=\"/forgot-password\">Forgot your password?</a></p>\n");
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

/* One sign-in audit row; field and value (may be NULL) say why, never a secret. */
static void audit_login(struct request *req, const struct user *u, const char *action,
			const char *field, const char *value)
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
	if (field)
		snprintf(e.field, sizeof(e.field), "%s", field);
	if (value)
		snprintf(e.new_value, sizeof(e.new_value), "%s", value);
	if (store_audit_add(req->db, &e) != ERR_OK)
		log_error("web: cannot write the audit row for %s", action);
}

static bool positions_valid(const int pos[2])
{
	return pos[0] >= 1 && pos[0] <= SECURITY_CODE_DIGITS && pos[1] >= 1 &&
	       pos[1] <= SECURITY_CODE_DIGITS && pos[0] != pos[1];
}

static void hidden(struct strbuf *b, const char *name, const char *value)
{
	html_open(b, "input", "type", "hidden", "name", name, "value", value, NULL);
}

static void totp_field(struct strbuf *b)
{
	html_form_field(
		b, &(struct html_field){ .name = "totp",
					 .label = "Code from your authenticator app",
					 .hint = "The 6 numbers the app shows for pupiltrack now.",
					 .autocomplete = "one-time-code",
					 .required = true,
					 .maxlength = 8 });
}

/* Step 2 when the security code is asked: the digits at pos. */
static void digits_write(struct request *req, const char *pending, const int pos[2], bool totp)
{
	static const char *const names[2] = { "d1", "d2" };
	struct strbuf *b;

	page_begin(req, "Security code", NAV_NONE);
	b = resp_body(req);
	html_elem(b, "p",
		  "Enter two digits of your 5-digit security code. Each box asks for "
		  "one digit: count from the left of your code.");
	html_open(b, "form", "method", "post", "action", "/sign-in/code", "class", "sign-in",
		  "novalidate", "", "autocomplete", "off", NULL);
	html_csrf_field(b, csrf_token(req));
	hidden(b, "pending", pending);
	for (int i = 0; i < 2; i++) {
		const char *label = arena_printf(&req->arena, "Digit %d", pos[i]);
		html_form_field(b, &(struct html_field){ .name = names[i],
							 .label = label,
							 .type = "password",
							 .required = true,
							 .autofocus = i == 0,
							 .maxlength = 1 });
	}
	if (totp)
		totp_field(b);
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Continue</button></form>\n"
			    "<p><a href=\"/sign-in\">Start again</a></p>\n");
	page_end(req);
}

/* Step 2 at the first sign-in: the security code, shown this once. */
static void code_show_write(struct request *req, const char *pending, const char *code, bool totp)
{
	struct strbuf *b;

	page_begin(req, "Your security code", NAV_NONE);
	b = resp_body(req);
	html_elem(b, "p",
		  "This is your security code. It is shown only this once: learn it, "
		  "or keep it somewhere safe and away from your password.");
	html_open(b, "p", "class", "security-code", NULL);
	html_text(b, code);
	html_close(b, "p");
	html_elem(b, "p",
		  "Each time you sign in from now on you will be asked for two of its "
		  "five numbers. If you forget it, ask your administrator for a new one.");
	html_open(b, "form", "method", "post", "action", "/sign-in/code", "class", "sign-in",
		  "novalidate", "", NULL);
	html_csrf_field(b, csrf_token(req));
	hidden(b, "pending", pending);
	if (totp)
		totp_field(b);
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">I have noted my code: "
			    "continue</button></form>\n");
	page_end(req);
}

/* A user who has no readable security code gets a new one, to be shown now. */
static bool security_code_ensure(struct request *req, struct user *u, char code[6])
{
	struct actor who = { u->id, u->username, req->client_ip };
	struct errbuf eb = { "" };

	if (u->sc_enc_len && account_security_code_get(req->app, u, code))
		return true;
	account_security_code_new(code);
	if (account_security_code_set(req->app, u, code, &eb) != ERR_OK ||
	    store_user_update(req->db, &who, u, &eb) != ERR_OK) {
		log_error("web: cannot give user %lld a security code: %s", (long long)u->id,
			  eb.msg);
		sodium_memzero(code, 6);
		return false;
	}
	return true;
}

void sign_in_post(struct request *req)
{
	const char *username = request_text(req, "username");
	const char *password = request_text(req, "password");
	int64_t now = app_now(req->app);
	struct errbuf eb = { "" };
	char ipkey[THROTTLE_KEY_MAX], token[TOKEN_TEXT_LEN + 1], code[6] = "";
	unsigned char hash[32];
	struct user u;
	int pos[2];
	bool found, ok, rehash = false, first;

	memset(&u, 0, sizeof(u));
	if (!*username || !*password) {
		form_write(req, username, "Enter your username and password.", NULL);
		return;
	}
	throttle_key_ip(ipkey, req->client_ip);
	if (throttle_blocked(req->db, ipkey, now)) {
		audit_login(req, NULL, "login.fail", "reason", "address blocked");
		log_warn("web: sign-in refused from blocked address %s", req->client_ip);
		form_write(req, username, blocked_address, NULL);
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
	if (ok && u.must_change_password && u.pw_expires_at && now > u.pw_expires_at) {
		/* Only someone who knows the one-time password learns this. */
		audit_login(req, &u, "login.fail", "reason", "one-time password expired");
		form_write(req, username,
			   "Your one-time password has expired: it could be used for 72 hours. "
			   "Ask your administrator for a new one.",
			   NULL);
		goto out;
	}
	if (ok && rehash) {
		struct actor who = { u.id, u.username, req->client_ip };
		if (account_password_set(&u, password, &eb) != ERR_OK ||
		    store_user_update(req->db, &who, &u, &eb) != ERR_OK)
			log_warn("web: could not rehash a password: %s", eb.msg);
	}
	if (found) {
		if (!positions_valid(u.sc_pos)) {
			account_security_code_pick(&u);
			if (store_user_sign_in_state(req->db, &u) != ERR_OK)
				log_error("web: cannot save the digits asked of user %lld",
					  (long long)u.id);
		}
		pos[0] = u.sc_pos[0];
		pos[1] = u.sc_pos[1];
	} else {
		account_security_code_decoy(req->app, username, pos);
	}
	first = found && ok && !u.disabled && !(u.locked_until > now) &&
		(!u.sc_shown || !u.sc_enc_len);
	if (first && !security_code_ensure(req, &u, code)) {
		page_error(req, 500, NULL);
		goto out;
	}
	account_token_new(token, hash);
	if (store_pending_add(req->db, hash, found ? u.id : 0, ok, now, now + PENDING_SECONDS) !=
	    ERR_OK) {
		page_error(req, 500, NULL);
		goto out;
	}
	if (first)
		code_show_write(req, token, code, account_totp_on(&u));
	else
		digits_write(req, token, pos, found && account_totp_on(&u));
out:
	sodium_memzero(token, sizeof(token));
	sodium_memzero(code, sizeof(code));
	sodium_memzero(&u, sizeof(u));
}

/* Counts a failed sign-in against the account (u may be NULL for an unknown
 * username) and the address, locking either when it failed too often; audited. */
static void sign_in_failed(struct request *req, struct user *u, int64_t now, const char *reason)
{
	struct errbuf eb = { "" };
	char key[THROTTLE_KEY_MAX], when[24];
	int64_t until = 0;
	enum err rc;

	rc = store_begin(req->db, &eb);
	if (rc != ERR_OK)
		goto fail;
	audit_login(req, u, "login.fail", "reason", reason);
	if (u) {
		throttle_key_user(key, u->id);
		u->failed_logins++;
		rc = throttle_fail(req->db, key, now, THROTTLE_ACCOUNT_FAILURES,
				   THROTTLE_ACCOUNT_LOCK_SECONDS, &until);
		if (rc == ERR_OK && until) {
			u->locked_until = until;
			snprintf(when, sizeof(when), "%lld", (long long)until);
			audit_login(req, u, "login.lock", "locked_until", when);
			log_warn("web: user %lld locked after failed sign-ins", (long long)u->id);
		}
		if (rc == ERR_OK)
			rc = store_user_sign_in_state(req->db, u);
	}
	throttle_key_ip(key, req->client_ip);
	if (rc == ERR_OK)
		rc = throttle_fail(req->db, key, now, THROTTLE_ADDRESS_FAILURES,
				   THROTTLE_ADDRESS_BLOCK_SECONDS, &until);
	if (rc == ERR_OK && until) {
		snprintf(when, sizeof(when), "%lld", (long long)until);
		audit_login(req, NULL, "login.block", "blocked_until", when);
		log_warn("web: address %s blocked after failed sign-ins", req->client_ip);
	}
	if (rc == ERR_OK)
		rc = store_commit(req->db, &eb);
	else
		store_rollback(req->db);
	if (rc == ERR_OK)
		return;
fail:
	log_error("web: cannot count a failed sign-in: %s", eb.msg[0] ? eb.msg : err_str(rc));
}

/* The bookkeeping of a successful sign-in, with its audit row. */
static enum err sign_in_succeeded(struct request *req, struct user *u, int64_t now, bool first)
{
	struct errbuf eb = { "" };
	char key[THROTTLE_KEY_MAX];
	enum err rc;

	u->failed_logins = 0;
	u->locked_until = 0;
	u->last_login_at = now;
	u->sc_shown = true;
	/* The digits asked change after every success. */
	if (!first || !positions_valid(u->sc_pos))
		account_security_code_repick(u);
	rc = store_begin(req->db, &eb);
	if (rc != ERR_OK)
		return rc;
	rc = store_user_sign_in_state(req->db, u);
	throttle_key_user(key, u->id);
	if (rc == ERR_OK)
		rc = store_throttle_clear(req->db, key);
	if (rc == ERR_OK)
		audit_login(req, u, "login.ok", first ? "security_code" : NULL,
			    first ? "shown" : NULL);
	if (rc == ERR_OK)
		return store_commit(req->db, &eb);
	store_rollback(req->db);
	return rc;
}

void sign_in_code_post(struct request *req)
{
	const char *d1 = request_text(req, "d1"), *d2 = request_text(req, "d2");
	int64_t now = app_now(req->app), user_id = 0, step = 0;
	char ipkey[THROTTLE_KEY_MAX];
	unsigned char hash[32];
	struct user u;
	bool found = false, password_ok = false, first, ok, digits_ok, totp_ok = true;
	const char *reason = NULL;
	enum err rc;

	memset(&u, 0, sizeof(u));
	rc = account_token_hash(request_text(req, "pending"), hash) ?
		     store_pending_take(req->db, hash, now, &user_id, &password_ok) :
		     ERR_NOT_FOUND;
	if (rc == ERR_NOT_FOUND) {
		form_write(req, NULL,
			   "This sign-in took longer than 5 minutes or was finished already. "
			   "Enter your username and password again.",
			   NULL);
		return;
	}
	if (rc != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	if (user_id)
		found = store_user_get(req->db, user_id, &u) == ERR_OK;
	first = found && password_ok && (!u.sc_shown || !u.sc_enc_len);
	/* Every check runs whatever the others said, so the time does not tell. */
	if (found) {
		digits_ok = strlen(d1) == 1 && strlen(d2) == 1 &&
			    account_security_code_check(req->app, &u, d1[0], d2[0]);
	} else {
		/* The same decryption as for a real account, answer ignored. */
		struct errbuf eb = { "" };
		struct user decoy;
		memset(&decoy, 0, sizeof(decoy));
		decoy.sc_pos[0] = 1;
		decoy.sc_pos[1] = 2;
		if (account_security_code_set(req->app, &decoy, "00000", &eb) == ERR_OK)
			account_security_code_check(req->app, &decoy, d1[0], d2[0]);
		digits_ok = false;
	}
	if (found && account_totp_on(&u))
		totp_ok = account_totp_verify(req->app, &u, now, request_text(req, "totp"), &step);
	throttle_key_ip(ipkey, req->client_ip);
	ok = found && password_ok && (first || digits_ok) && totp_ok;
	if (!found)
		reason = "unknown user";
	else if (!password_ok)
		reason = "password";
	else if (!(first || digits_ok))
		reason = "security code";
	else if (!totp_ok)
		reason = "authenticator code";
	else if (u.disabled)
		reason = "disabled";
	else if (u.locked_until > now)
		reason = "locked";
	else if (throttle_blocked(req->db, ipkey, now))
		reason = "address blocked";
	if (ok && reason)
		ok = false;
	if (ok && account_totp_on(&u) && store_totp_use(req->db, u.id, step) != ERR_OK) {
		reason = "authenticator code used before";
		ok = false;
	}
	if (!ok) {
		sign_in_failed(req, found ? &u : NULL, now, reason ? reason : "unknown");
		log_info("web: sign-in failed from %s", req->client_ip);
		form_write(req, NULL, bad_login, NULL);
		goto out;
	}
	if (sign_in_succeeded(req, &u, now, first) != ERR_OK) {
		page_error(req, 500, NULL);
		goto out;
	}
	/* Whoever was signed in on this browser is signed out first. */
	session_end_presented(req, "replaced");
	if (session_start(req, &u, "elsewhere") != ERR_OK) {
		page_error(req, 500, NULL);
		goto out;
	}
	csrf_presession_clear(req);
	if (u.must_change_password)
		resp_redirect(req, "/account/password");
	else if (account_totp_required(req->app, &u) && !account_totp_on(&u))
		resp_redirect(req, "/account/totp");
	else
		resp_redirect(req, "/");
out:
	sodium_memzero(&u, sizeof(u));
}

void sign_out_post(struct request *req)
{
	struct user u = req->user;
	session_end(req, "signed-out");
	audit_login(req, &u, "logout", NULL, NULL);
	resp_redirect(req, "/sign-in?reason=signed-out");
}
