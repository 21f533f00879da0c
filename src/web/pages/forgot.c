/*
 * forgot: "Forgot your password?" and the page a password link opens (see
 * app/reset.h). The answer to a request never tells whether an account exists;
 * the link page lets the person choose a new password, then sign in as usual.
 */
#include "web/pages/pages.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/account.h"
#include "app/app.h"
#include "app/reset.h"
#include "base/log.h"
#include "web/csrf.h"
#include "web/html.h"

static void error_summary(struct strbuf *b, const char *message)
{
	html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
			    "<h2>There is a problem</h2>");
	html_elem(b, "p", message);
	html_raw_trusted(b, "</div>\n");
}

static void forgot_form(struct request *req, const char *value, const char *error)
{
	struct strbuf *b;

	if (error && req->resp.status < 400)
		resp_status(req, 422);
	page_begin(req, "Forgot your password?", NAV_NONE);
	b = resp_body(req);
	if (error)
		error_summary(b, error);
	html_elem(b, "p",
		  "Enter your username or the e-mail address of your pupiltrack account. If "
		  "the account has an e-mail address, we will send a link to it. With the "
		  "link you can choose a new password; it works once, for 1 hour.");
	html_open(b, "form", "method", "post", "action", "/forgot-password", "novalidate", "",
		  NULL);
	html_csrf_field(b, csrf_token(req));
	html_form_field(b, &(struct html_field){ .name = "name",
						 .label = "Username or e-mail address",
						 .value = value,
						 .error = error,
						 .autocomplete = "username",
						 .required = true,
						 .autofocus = true,
						 .maxlength = NAME_MAX_LEN });
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Send the link</button>"
			    "</form>\n<p><a href=\"/sign-in\">Back to sign in</a></p>\n");
	page_end(req);
}

void forgot_get(struct request *req)
{
	forgot_form(req, NULL, NULL);
}

void forgot_post(struct request *req)
{
	const char *name = request_text(req, "name");
	struct errbuf eb = { "" };
	struct strbuf *b;
	enum err rc;

	if (!*name) {
		forgot_form(req, name, "Enter your username or e-mail address.");
		return;
	}
	rc = reset_request(req->app, req->db, name, req->client_ip, &eb);
	if (rc == ERR_LOCKED) {
		log_warn("web: password link requests throttled for %s", req->client_ip);
		resp_status(req, 429);
		forgot_form(req, name,
			    "There have been too many requests from this computer. Wait 15 "
			    "minutes, then try again, or ask your school's pupiltrack "
			    "administrator to reset your password.");
		return;
	}
	if (rc != ERR_OK) {
		log_error("web: forgot-password request failed: %s", eb.msg);
		page_error(req, 500, NULL);
		return;
	}
	/* The same page whether or not an account was found. */
	page_begin(req, "Check your e-mail", NAV_NONE);
	b = resp_body(req);
	html_elem(b, "p",
		  "If pupiltrack has an account with that username or e-mail address, and the "
		  "account has an e-mail address, we have sent a link to it. Open the link "
		  "within 1 hour to choose a new password.");
	html_elem(b, "p",
		  "Nothing arrived after a few minutes? Look in your junk mail folder, or ask "
		  "your school's pupiltrack administrator to reset your password.");
	html_raw_trusted(b, "<p><a href=\"/sign-in\">Back to sign in</a></p>\n");
	page_end(req);
}

/* The page for a link that is unknown, used, replaced or out of date. */
static void link_dead(struct request *req)
{
	struct strbuf *b;

	resp_status(req, 404);
	page_begin(req, "This link does not work any more", NAV_NONE);
	b = resp_body(req);
	html_elem(b, "p",
		  "A password link works once, and only for a limited time. A newer link "
		  "also replaces older ones.");
	html_raw_trusted(b, "<p><a href=\"/forgot-password\">Ask for a new link</a> or "
			    "<a href=\"/sign-in\">sign in</a>.</p>\n");
	page_end(req);
}

static void reset_form(struct request *req, const struct user *u, const char *token,
		       const char *new_error, const char *confirm_error)
{
	struct strbuf *b;
	char hint[120];

	snprintf(hint, sizeof(hint),
		 "At least %d characters. A few unrelated words make a strong password.",
		 PASSWORD_MIN);
	if (new_error || confirm_error)
		resp_status(req, 422);
	page_begin(req, "Choose a new password", NAV_NONE);
	b = resp_body(req);
	if (new_error || confirm_error) {
		html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
				    "<h2>There is a problem</h2><ul>");
		if (new_error)
			html_elem(b, "li", new_error);
		if (confirm_error)
			html_elem(b, "li", confirm_error);
		html_raw_trusted(b, "</ul></div>\n");
	}
	html_open(b, "p", NULL);
	html_text(b, "For the account ");
	html_elem(b, "strong", u->username);
	html_text(b, ". When you have chosen it, you are signed out everywhere and sign in "
		     "with the new password.");
	html_close(b, "p");
	html_open(b, "form", "method", "post", "action", "/reset-password", "novalidate", "", NULL);
	html_csrf_field(b, csrf_token(req));
	html_open(b, "input", "type", "hidden", "name", "token", "value", token, NULL);
	html_form_field(b, &(struct html_field){ .name = "new",
						 .label = "New password",
						 .type = "password",
						 .hint = hint,
						 .autocomplete = "new-password",
						 .error = new_error,
						 .required = true,
						 .autofocus = true,
						 .maxlength = PASSWORD_MAX });
	html_form_field(b, &(struct html_field){ .name = "confirm",
						 .label = "New password again",
						 .type = "password",
						 .autocomplete = "new-password",
						 .error = confirm_error,
						 .required = true,
						 .maxlength = PASSWORD_MAX });
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Save my new password"
			    "</button></form>\n");
	page_end(req);
}

void reset_get(struct request *req)
{
	const char *token = request_text(req, "token");
	struct user u;

	if (reset_check(req->app, req->db, token, &u) != ERR_OK) {
		link_dead(req);
		return;
	}
	reset_form(req, &u, token, NULL, NULL);
	sodium_memzero(&u, sizeof(u));
}

void reset_post(struct request *req)
{
	const char *token = request_text(req, "token");
	const char *new_pw = request_text(req, "new");
	const char *confirm = request_text(req, "confirm");
	struct errbuf eb = { "" };
	struct strbuf *b;
	struct user u;
	enum err rc;

	if (reset_check(req->app, req->db, token, &u) != ERR_OK) {
		link_dead(req);
		return;
	}
	if (!*new_pw || strcmp(new_pw, confirm) != 0) {
		reset_form(req, &u, token, *new_pw ? NULL : "Enter a new password.",
			   *new_pw ? "The two passwords are not the same." : NULL);
		goto out;
	}
	rc = reset_complete(req->app, req->db, token, new_pw, req->client_ip, &eb);
	if (rc == ERR_INVALID) {
		reset_form(req, &u, token,
			   arena_strdup(&req->arena,
					eb.msg[0] ? eb.msg : "Choose another password."),
			   NULL);
		goto out;
	}
	if (rc == ERR_NOT_FOUND) {
		link_dead(req);
		goto out;
	}
	if (rc != ERR_OK) {
		log_error("web: cannot save a password chosen through a link: %s", eb.msg);
		page_error(req, 500, NULL);
		goto out;
	}
	page_begin(req, "Your password has been changed", NAV_NONE);
	b = resp_body(req);
	html_elem(b, "p",
		  "You have been signed out everywhere. Sign in with your username and your "
		  "new password.");
	html_raw_trusted(b, "<p><a class=\"button\" href=\"/sign-in\">Sign in</a></p>\n");
	page_end(req);
out:
	sodium_memzero(&u, sizeof(u));
}
