/*
 * reset: single-use links to choose a password (see reset.h). The link carries a
 * 256-bit random token; the database keeps its SHA-256 only. Links go out by
 * app/mail.h; the web pages that use them are in web/pages/forgot.c.
 */
#include "app/reset.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/account.h"
#include "app/app.h"
#include "app/mail.h"
#include "base/log.h"
#include "base/strbuf.h"
#include "store/store.h"

enum { EMAIL_MATCH_MAX = 5 }; /* accounts one e-mail address may reset at once */

static const struct {
	const char *name;     /* stored in reset_link.kind */
	int64_t seconds;      /* how long the link works */
	const char *subject;  /* of the mail */
	const char *why;      /* the opening paragraph of the mail */
	const char *lifetime; /* how long, for people */
} kinds[] = {
	[RESET_FORGOT] = { "forgot", RESET_FORGOT_SECONDS, "Reset your pupiltrack password",
			   "Someone, we hope you, asked to reset the password of your "
			   "pupiltrack account.",
			   "1 hour" },
	[RESET_ADMIN] = { "admin", RESET_ADMIN_SECONDS, "Choose a new pupiltrack password",
			  "An administrator has reset the password of your pupiltrack "
			  "account. Your old password no longer matters: choose a new one.",
			  "24 hours" },
	[RESET_WELCOME] = { "welcome", RESET_WELCOME_SECONDS, "Welcome to pupiltrack",
			    "An account on pupiltrack has been made for you. Choose your "
			    "password to start.",
			    "72 hours" },
};

/* One audit row about u; the caller's transaction fails with it. */
static enum err audit_user(struct store_conn *c, const struct actor *who, const struct user *u,
			   int64_t now, const char *action, const char *kind)
{
	enum err rc;

	struct audit_entry e;

	memset(&e, 0, sizeof(e));
	e.at = now;
	e.user_id = who ? who->user_id : 0;
	snprintf(e.actor, sizeof(e.actor), "%s", who && who->name ? who->name : "system");
	snprintf(e.ip, sizeof(e.ip), "%s", who && who->ip ? who->ip : "");
	e.establishment_id = u->establishment_id;
	e.la_id = u->la_id;
	snprintf(e.action, sizeof(e.action), "%s", action);
	snprintf(e.object, sizeof(e.object), "user %.58s", u->username);
	snprintf(e.field, sizeof(e.field), "kind");
	snprintf(e.new_value, sizeof(e.new_value), "%s", kind);
	rc = store_audit_add(c, &e);
	if (rc != ERR_OK)
		log_error("reset: cannot write the audit row %s for user %lld", action,
			  (long long)u->id);
	return rc;
}

/* The mail's text; the caller frees. */
static char *mail_body(const struct app *a, const struct user *u, enum reset_kind kind,
		       const char *token)
{
	const char *base = a->cfg.base_url && *a->cfg.base_url ? a->cfg.base_url :
								 "http://localhost:8080";
	size_t blen = strlen(base);
	struct strbuf b;

	while (blen > 0 && base[blen - 1] == '/')
		blen--;
	strbuf_init(&b, 0);
	strbuf_addf(&b, "Hello %s,\n\n%s\n\nYour username: %s\n\n",
		    u->display_name[0] ? u->display_name : u->username, kinds[kind].why,
		    u->username);
	strbuf_addf(&b,
		    "To choose your password, open this link within %s. It works once:\n\n"
		    "%.*s/reset-password?token=%s\n\n",
		    kinds[kind].lifetime, (int)blen, base, token);
	if (kind == RESET_FORGOT)
		strbuf_adds(&b, "If you did not ask for this, ignore this message: your "
				"password has not changed.\n\n");
	strbuf_adds(&b, "pupiltrack holds confidential pupil information. Never share your "
			"password or this link with anyone; pupiltrack staff will never ask "
			"for them.\n");
	return strbuf_detach(&b, NULL);
}

enum err reset_send(struct app *a, struct store_conn *c, const struct actor *who,
		    const struct user *u, enum reset_kind kind, struct errbuf *eb)
{
	char token[TOKEN_TEXT_LEN + 1];
	struct reset_link l;
	char *body = NULL;
	int64_t now = app_now(a);
	bool own = false;
	enum err rc;

	if ((unsigned)kind >= sizeof(kinds) / sizeof(kinds[0]))
		return errbuf_set(eb, ERR_INVALID, "unknown kind of password link");
	if (u->disabled)
		return errbuf_set(eb, ERR_INVALID,
				  "%s is disabled: enable the account before sending a password "
				  "link",
				  u->username);
	if (!u->email[0])
		return errbuf_set(eb, ERR_INVALID,
				  "%s has no e-mail address: add one to the account so a password "
				  "link can be sent",
				  u->username);
	memset(&l, 0, sizeof(l));
	account_token_new(token, l.hash);
	l.user_id = u->id;
	snprintf(l.kind, sizeof(l.kind), "%s", kinds[kind].name);
	l.created_at = now;
	l.expires_at = now + kinds[kind].seconds;

	rc = store_begin(c, NULL);
	if (rc == ERR_OK)
		own = true;
	else if (rc != ERR_USAGE) /* ERR_USAGE: the caller's transaction is open */
		goto fail;
	rc = store_reset_add(c, &l);
	if (rc != ERR_OK)
		goto fail;
	rc = audit_user(c, who, u, now, "user.reset-sent", kinds[kind].name);
	if (rc != ERR_OK)
		goto fail;
	if (own) {
		own = false;
		rc = store_commit(c, NULL);
		if (rc != ERR_OK)
			goto fail;
	}
	body = mail_body(a, u, kind, token);
	rc = mail_send(a, u->email, kinds[kind].subject, body, eb);
	goto out;
fail:
	if (own)
		store_rollback(c);
	errbuf_set(eb, rc, "the password link for %s could not be saved: %s", u->username,
		   err_str(rc));
out:
	if (body)
		sodium_memzero(body, strlen(body));
	free(body);
	sodium_memzero(token, sizeof(token));
	return rc;
}

/* Sends a "forgot" link to u unless it had too many in the last hour. */
static void forgot_one(struct app *a, struct store_conn *c, const struct actor *who,
		       const struct user *u, int64_t now)
{
	struct errbuf eb = { "" };
	long recent = 0;

	if (u->disabled || !u->email[0]) {
		log_info("reset: no link for user %lld (disabled or no e-mail address)",
			 (long long)u->id);
		return;
	}
	if (store_reset_count(c, u->id, kinds[RESET_FORGOT].name, now - RESET_PER_USER_SECONDS,
			      &recent) != ERR_OK)
		return;
	if (recent >= RESET_PER_USER_MAX) {
		audit_user(c, who, u, now, "user.reset-throttled", kinds[RESET_FORGOT].name);
		return;
	}
	if (reset_send(a, c, who, u, RESET_FORGOT, &eb) != ERR_OK)
		log_warn("reset: %s", eb.msg);
}

enum err reset_request(struct app *a, struct store_conn *c, const char *name_or_email,
		       const char *ip, struct errbuf *eb)
{
	const struct actor who = { 0, "anonymous", ip ? ip : "" };
	int64_t ids[EMAIL_MATCH_MAX];
	int64_t now = app_now(a);
	struct user u;
	size_t n = 0;
	long count = 0;
	enum err rc;

	rc = store_reset_request_add(c, ip, now, now - RESET_PER_IP_SECONDS, &count);
	if (rc != ERR_OK)
		return errbuf_set(eb, rc, "the request could not be recorded: %s", err_str(rc));
	if (count > RESET_PER_IP_MAX)
		return errbuf_set(eb, ERR_LOCKED, "too many requests from %s", ip ? ip : "");
	rc = store_user_get_by_username(c, name_or_email, &u);
	if (rc == ERR_OK) {
		forgot_one(a, c, &who, &u, now);
	} else if (rc == ERR_NOT_FOUND && strchr(name_or_email, '@')) {
		rc = store_reset_users_by_email(c, name_or_email, ids, EMAIL_MATCH_MAX, &n);
		for (size_t i = 0; rc == ERR_OK && i < n; i++)
			if (store_user_get(c, ids[i], &u) == ERR_OK)
				forgot_one(a, c, &who, &u, now);
	} else if (rc == ERR_NOT_FOUND) {
		rc = ERR_OK;
	}
	sodium_memzero(&u, sizeof(u));
	if (rc != ERR_OK && rc != ERR_NOT_FOUND)
		return errbuf_set(eb, rc, "the accounts could not be read: %s", err_str(rc));
	return ERR_OK;
}

/* The live link of token and its user, or ERR_NOT_FOUND. */
static enum err link_load(struct app *a, struct store_conn *c, const char *token,
			  struct reset_link *l, struct user *u)
{
	unsigned char hash[32];
	int64_t now = app_now(a);
	enum err rc;

	if (!token || !account_token_hash(token, hash))
		return ERR_NOT_FOUND;
	rc = store_reset_get(c, hash, l);
	sodium_memzero(hash, sizeof(hash));
	if (rc != ERR_OK)
		return rc;
	if (l->used_at || now >= l->expires_at)
		return ERR_NOT_FOUND;
	rc = store_user_get(c, l->user_id, u);
	if (rc != ERR_OK)
		return rc;
	if (u->disabled)
		return ERR_NOT_FOUND;
	return ERR_OK;
}

enum err reset_check(struct app *a, struct store_conn *c, const char *token, struct user *out)
{
	struct reset_link l;

	return link_load(a, c, token, &l, out);
}

enum err reset_complete(struct app *a, struct store_conn *c, const char *token,
			const char *new_password, const char *ip, struct errbuf *eb)
{
	struct reset_link l;
	struct user u, fresh;
	int64_t now = app_now(a);
	enum err rc;

	memset(&u, 0, sizeof(u));
	memset(&fresh, 0, sizeof(fresh));
	rc = link_load(a, c, token, &l, &u);
	if (rc != ERR_OK)
		goto out;
	rc = account_password_check(a, u.username, new_password, eb);
	if (rc != ERR_OK)
		goto out;
	/* Hash before the transaction: argon2id takes a while on purpose. */
	rc = account_password_set(&u, new_password, eb);
	if (rc != ERR_OK)
		goto out;
	rc = store_begin(c, eb);
	if (rc != ERR_OK)
		goto out;
	rc = store_reset_use(c, l.id, now);
	if (rc == ERR_OK)
		rc = store_user_get(c, l.user_id, &fresh);
	if (rc == ERR_OK && fresh.disabled)
		rc = ERR_NOT_FOUND;
	if (rc == ERR_OK) {
		const struct actor who = { fresh.id, fresh.username, ip ? ip : "" };
		memcpy(fresh.pw_hash, u.pw_hash, sizeof(fresh.pw_hash));
		fresh.must_change_password = false;
		fresh.pw_expires_at = 0;
		fresh.failed_logins = 0;
		fresh.locked_until = 0;
		rc = store_user_update(c, &who, &fresh, eb);
		if (rc == ERR_OK)
			rc = store_session_end_user(c, fresh.id, 0, now, "password-changed");
		if (rc == ERR_OK)
			rc = audit_user(c, &who, &fresh, now, "user.reset-used", l.kind);
	}
	if (rc == ERR_OK)
		rc = store_commit(c, eb);
	else
		store_rollback(c);
out:
	sodium_memzero(&u, sizeof(u));
	sodium_memzero(&fresh, sizeof(fresh));
	return rc;
}
