/*
 * reset: single-use links that let a person choose their own password: "Forgot
 * your password", an admin's reset, and the welcome message of a user added on
 * the web. Only the link token's hash is stored; the link is mailed (app/mail.h)
 * to the user's e-mail address, so no admin ever chooses or learns a password.
 */
#ifndef PT_APP_RESET_H
#define PT_APP_RESET_H

#include "base/err.h"

struct app;
struct store_conn;
struct actor;
struct user;

enum reset_kind {
	RESET_FORGOT,  /* the user asked on the sign-in page */
	RESET_ADMIN,   /* an admin reset the password */
	RESET_WELCOME, /* a new user added on the web: choose your first password */
};

/* Creates a single-use link for u (earlier unused links of u stop working) and
 * mails it to u->email. ERR_INVALID when u has no e-mail address or is disabled.
 * Audited as "user.reset-sent" (never with the token). Runs in its own
 * transaction unless the caller has one open. */
enum err reset_send(struct app *a, struct store_conn *c, const struct actor *who,
		    const struct user *u, enum reset_kind kind, struct errbuf *eb);

/* How long a link works, and the "Forgot your password" throttles. */
enum {
	RESET_FORGOT_SECONDS = 60 * 60,	      /* a link the user asked for: 1 hour */
	RESET_ADMIN_SECONDS = 24 * 60 * 60,   /* after an admin's reset: 24 hours */
	RESET_WELCOME_SECONDS = 72 * 60 * 60, /* a new user's first password: 72 hours */
	RESET_PER_USER_MAX = 3,		      /* "forgot" links per user ... */
	RESET_PER_USER_SECONDS = 60 * 60,     /* ... per hour; more send nothing */
	RESET_PER_IP_MAX = 10,		      /* requests per client address ... */
	RESET_PER_IP_SECONDS = 15 * 60,	      /* ... per 15 minutes; more are refused */
};

/* "Forgot your password" for name_or_email (a username, or an e-mail address of
 * up to a few users): mails a link to each active account found that has an
 * address, unless that account had RESET_PER_USER_MAX links in the last hour.
 * Says nothing about whether an account was found: ERR_OK either way.
 * ERR_LOCKED when ip made more than RESET_PER_IP_MAX requests in the window;
 * ERR_IO for database trouble. A mail that cannot be sent is logged, not
 * returned (the answer must not tell). */
enum err reset_request(struct app *a, struct store_conn *c, const char *name_or_email,
		       const char *ip, struct errbuf *eb);
/* The user a link is for: ERR_NOT_FOUND when the token is unknown, used,
 * replaced or expired, or its user is disabled. */
enum err reset_check(struct app *a, struct store_conn *c, const char *token, struct user *out);
/* Sets the password chosen through a link, in one transaction: checks it with
 * account_password_check (ERR_INVALID, eb says what to change), uses the link up,
 * clears a one-time password and a lockout, ends all the user's sessions and
 * audits "user.reset-used". ERR_NOT_FOUND as reset_check. */
enum err reset_complete(struct app *a, struct store_conn *c, const char *token,
			const char *new_password, const char *ip, struct errbuf *eb);

#endif
