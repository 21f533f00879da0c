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

#endif
