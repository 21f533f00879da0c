/*
 * password: changing one's own password, compulsory after signing in with a
 * one-time password. The new password gets a new session token.
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
#include "web/session.h"

struct password_errors {
	const char *current; /* message for the current password field, or NULL */
	const char *new_pw;  /* ... the new password */
	const char *confirm; /* ... the confirmation */
};

static void form_write(struct request *req, const struct password_errors *err)
{
	struct strbuf *b;
	char hint[120];

	snprintf(hint, sizeof(hint),
		 "At least %d characters. A few unrelated words make a strong password.",
		 PASSWORD_MIN);
	if (err && (err->current || err->new_pw || err->confirm))
		resp_status(req, 422);
	page_begin(req, "Change your password", NAV_NONE);
	b = resp_body(req);
	if (err && (err->current || err->new_pw || err->confirm)) {
		html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
				    "<h2>There is a problem</h2><ul>");
		if (err->current)
			html_elem(b, "li", err->current);
		if (err->new_pw)
			html_elem(b, "li", err->new_pw);
		if (err->confirm)
			html_elem(b, "li", err->confirm);
		html_raw_trusted(b, "</ul></div>\n");
	}
	if (req->user.must_change_password)
		html_elem(b, "p",
			  "You signed in with a one-time password. Choose your own "
			  "password to continue.");
	html_open(b, "form", "method", "post", "action", "/account/password", "novalidate", "",
		  NULL);
	html_csrf_field(b, csrf_token(req));
	html_form_field(b, &(struct html_field){ .name = "current",
						 .label = "Current password",
						 .type = "password",
						 .autocomplete = "current-password",
						 .error = err ? err->current : NULL,
						 .required = true,
						 .maxlength = PASSWORD_MAX });
	html_form_field(b, &(struct html_field){ .name = "new",
						 .label = "New password",
						 .type = "password",
						 .hint = hint,
						 .autocomplete = "new-password",
						 .error = err ? err->new_pw : NULL,
						 .required = true,
						 .maxlength = PASSWORD_MAX });
	html_form_field(b, &(struct html_field){ .name = "confirm",
						 .label = "New password again",
						 .type = "password",
						 .autocomplete = "new-password",
						 .error = err ? err->confirm : NULL,
						 .required = true,
						 .maxlength = PASSWORD_MAX });
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Change password</button>"
			    "</form>\n");
	page_end(req);
}

void password_get(struct request *req)
{
	form_write(req, NULL);
}

void password_post(struct request *req)
{
	const char *current = request_text(req, "current");
	const char *new_pw = request_text(req, "new");
	const char *confirm = request_text(req, "confirm");
	struct password_errors err = { NULL, NULL, NULL };
	struct errbuf eb = { "" };
	struct user u = req->user;
	bool rehash = false;

	if (!account_password_verify(&u, current, &rehash))
		err.current = "Your current password is not right.";
	if (account_password_check(req->app, u.username, new_pw, &eb) != ERR_OK)
		err.new_pw =
			arena_strdup(&req->arena, eb.msg[0] ? eb.msg : "Choose another password.");
	else if (strcmp(new_pw, current) == 0)
		err.new_pw = "Choose a password different from your current one.";
	if (strcmp(new_pw, confirm) != 0)
		err.confirm = "The two new passwords are not the same.";
	if (err.current || err.new_pw || err.confirm) {
		form_write(req, &err);
		goto out;
	}
	if (account_password_set(&u, new_pw, &eb) != ERR_OK) {
		err.new_pw =
			arena_strdup(&req->arena, eb.msg[0] ? eb.msg : "Choose another password.");
		form_write(req, &err);
		goto out;
	}
	u.must_change_password = false;
	u.pw_expires_at = 0;
	{
		struct actor who = { u.id, u.username, req->client_ip };
		if (store_user_update(req->db, &who, &u, &eb) != ERR_OK) {
			log_error("web: cannot save a new password for user %lld: %s",
				  (long long)u.id, eb.msg);
			page_error(req, 500, NULL);
			goto out;
		}
	}
	/* A new password ends every session, this one too, and starts a fresh one. */
	if (session_start(req, &u, "password-changed") != ERR_OK) {
		page_error(req, 500, NULL);
		goto out;
	}
	resp_redirect(req, "/");
out:
	sodium_memzero(&u, sizeof(u));
}
