/*
 * people: managing other people's accounts and checking organisation details
 * (see people.h). Every decision of who may manage whom goes through
 * access_allowed(ACT_USER_ADMIN) over the account's own scope.
 */
#include "app/people.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/account.h"
#include "app/app.h"
#include "app/reset.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "store/store.h"

enum err people_scope_of(struct store_conn *c, const struct user *target,
			 struct resource_scope *out)
{
	struct establishment e;
	enum err rc;

	memset(out, 0, sizeof(*out));
	switch (role_scope(target->role)) {
	case SCOPE_ESTABLISHMENT:
		rc = store_establishment_get(c, target->establishment_id, &e);
		if (rc != ERR_OK)
			return rc;
		*out = access_scope_of_establishment(&e);
		return ERR_OK;
	case SCOPE_TRUST:
		out->trust_id = target->trust_id;
		return ERR_OK;
	case SCOPE_LA:
		out->la_id = target->la_id;
		return ERR_OK;
	case SCOPE_ALL:
	case SCOPE__MAX:
		break;
	}
	return ERR_OK;
}

bool people_may_manage(struct store_conn *c, const struct user *actor, const struct user *target)
{
	struct resource_scope r;

	if (people_scope_of(c, target, &r) != ERR_OK)
		return false;
	return access_allowed(actor, ACT_USER_ADMIN, &r);
}

enum err people_get(struct store_conn *c, const struct user *actor, int64_t id, struct user *out)
{
	enum err rc = store_user_get(c, id, out);

	if (rc != ERR_OK)
		return rc;
	if (!people_may_manage(c, actor, out)) {
		sodium_memzero(out, sizeof(*out));
		return ERR_NOT_FOUND;
	}
	return ERR_OK;
}

enum err people_list(struct store_conn *c, const struct user *actor, int64_t establishment_id,
		     struct user **out, size_t *n)
{
	struct resource_scope own = access_scope_of_user(actor);
	struct user *all = NULL;
	size_t len = 0, kept = 0;
	enum err rc;

	*out = NULL;
	*n = 0;
	/* Narrow the query to the actor's area first, then keep only what the policy
	 * allows for each account. */
	rc = store_user_list(c, establishment_id ? establishment_id : own.establishment_id,
			     own.la_id, own.trust_id, &all, &len);
	if (rc != ERR_OK)
		return rc;
	for (size_t i = 0; i < len; i++) {
		if (!people_may_manage(c, actor, &all[i]))
			continue;
		if (kept != i)
			all[kept] = all[i];
		kept++;
	}
	for (size_t i = kept; i < len; i++)
		sodium_memzero(&all[i], sizeof(all[i]));
	if (kept == 0) {
		free(all);
		all = NULL;
	}
	*out = all;
	*n = kept;
	return ERR_OK;
}

bool people_locked(const struct app *a, const struct user *u)
{
	return u->locked_until > app_now(a);
}

/* Text without control characters, valid UTF-8. */
static bool plain_text(const char *s)
{
	size_t n = strlen(s);

	if (!utf8_valid_text(s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20)
			return false;
	return true;
}

/* The same test account_create makes: one '@' with text either side, a dot in
 * the domain, no spaces. */
static bool email_plausible(const char *s)
{
	const char *at = strchr(s, '@');

	if (!plain_text(s) || strchr(s, ' ') || !at || at == s || strchr(at + 1, '@'))
		return false;
	return strchr(at + 1, '.') && at[1] != '.' && s[strlen(s) - 1] != '.';
}

static enum err email_check(const char *email, struct errbuf *eb)
{
	if (!email[0])
		return errbuf_set(eb, ERR_INVALID,
				  "Give an e-mail address: the person chooses their password "
				  "through a link sent there.");
	if (strlen(email) > NAME_MAX_LEN || !email_plausible(email))
		return errbuf_set(eb, ERR_INVALID,
				  "\"%.120s\" does not look like an e-mail address: write it as "
				  "name@example.org.",
				  email);
	return ERR_OK;
}

static struct actor actor_of(const struct user *u, const char *ip)
{
	struct actor who = { u->id, u->username, ip ? ip : "" };
	return who;
}

enum err people_add(struct app *a, struct store_conn *c, const struct user *actor, const char *ip,
		    struct user *u, struct errbuf *eb)
{
	struct actor who = actor_of(actor, ip);
	struct resource_scope r;
	char otp[17], code[6];
	enum err rc;

	rc = email_check(u->email, eb);
	if (rc != ERR_OK)
		return rc;
	if ((unsigned)u->role >= ROLE__MAX)
		return errbuf_set(eb, ERR_INVALID, "Choose a role.");
	rc = people_scope_of(c, u, &r);
	if (rc == ERR_NOT_FOUND)
		return errbuf_set(eb, ERR_INVALID, "The school chosen does not exist.");
	if (rc != ERR_OK)
		return errbuf_set(eb, rc, "The database could not be read. Try again.");
	if (!access_allowed(actor, ACT_USER_ADMIN, &r))
		return errbuf_set(eb, ERR_DENIED,
				  "You cannot add a %s there: you may add people only within "
				  "your own %s.",
				  role_label(u->role),
				  role_scope(actor->role) == SCOPE_LA ? "local authority" :
									"school");
	rc = store_begin(c, eb);
	if (rc != ERR_OK)
		return rc;
	/* The one-time password is never shown to anyone: the person chooses their
	 * own through the welcome link. */
	rc = account_create(a, c, &who, u, NULL, NULL, otp, code, eb);
	sodium_memzero(otp, sizeof(otp));
	sodium_memzero(code, sizeof(code));
	if (rc == ERR_OK)
		rc = reset_send(a, c, &who, u, RESET_WELCOME, eb);
	if (rc == ERR_OK)
		rc = store_commit(c, eb);
	else
		store_rollback(c);
	if (rc != ERR_OK)
		u->id = 0;
	return rc;
}

enum err people_edit(struct app *a, struct store_conn *c, const struct user *actor, const char *ip,
		     int64_t id, const char *display_name, const char *email, enum role role,
		     struct errbuf *eb)
{
	struct actor who = actor_of(actor, ip);
	struct user u;
	enum err rc;

	(void)a;
	rc = people_get(c, actor, id, &u);
	if (rc == ERR_NOT_FOUND)
		return errbuf_set(eb, rc, "There is no such user.");
	if (rc != ERR_OK)
		return errbuf_set(eb, rc, "The database could not be read. Try again.");
	if (!display_name[0] || !plain_text(display_name) ||
	    utf8_length(display_name, strlen(display_name)) > NAME_MAX_LEN) {
		rc = errbuf_set(eb, ERR_INVALID,
				"Give the person's name, up to %d characters on one line.",
				NAME_MAX_LEN);
		goto out;
	}
	if (strlen(display_name) > NAME_MAX_LEN) {
		rc = errbuf_set(eb, ERR_INVALID, "The name is too long: shorten it.");
		goto out;
	}
	rc = email_check(email, eb);
	if (rc != ERR_OK)
		goto out;
	if ((unsigned)role >= ROLE__MAX) {
		rc = errbuf_set(eb, ERR_INVALID, "Choose a role.");
		goto out;
	}
	if (role != u.role) {
		if (u.id == actor->id) {
			rc = errbuf_set(eb, ERR_DENIED,
					"You cannot change your own role: ask another "
					"administrator.");
			goto out;
		}
		if (role_scope(role) != role_scope(u.role)) {
			rc = errbuf_set(eb, ERR_INVALID,
					"A %s cannot become a %s: add a new account for the "
					"new role instead.",
					role_label(u.role), role_label(role));
			goto out;
		}
	}
	if (strcmp(u.display_name, display_name) == 0 && strcmp(u.email, email) == 0 &&
	    role == u.role) {
		rc = errbuf_set(eb, ERR_CONFLICT,
				"Nothing was changed: the name, e-mail address and role are the "
				"same as before.");
		goto out;
	}
	snprintf(u.display_name, sizeof(u.display_name), "%s", display_name);
	snprintf(u.email, sizeof(u.email), "%s", email);
	u.role = role;
	/* The same scope means the same reach, but check the policy anyway. */
	if (!people_may_manage(c, actor, &u)) {
		rc = errbuf_set(eb, ERR_DENIED, "You cannot give that role.");
		goto out;
	}
	rc = store_user_update_as(c, &who, &u, "user.edit", eb);
out:
	sodium_memzero(&u, sizeof(u));
	return rc;
}

enum err people_set_disabled(struct app *a, struct store_conn *c, const struct user *actor,
			     const char *ip, int64_t id, bool disabled, struct errbuf *eb)
{
	struct actor who = actor_of(actor, ip);
	struct user u;
	enum err rc;

	rc = people_get(c, actor, id, &u);
	if (rc == ERR_NOT_FOUND)
		return errbuf_set(eb, rc, "There is no such user.");
	if (rc != ERR_OK)
		return errbuf_set(eb, rc, "The database could not be read. Try again.");
	if (disabled && u.id == actor->id) {
		rc = errbuf_set(eb, ERR_DENIED,
				"You cannot disable your own account: ask another "
				"administrator.");
		goto out;
	}
	if (u.disabled == disabled) {
		/* Nothing to change: say so rather than answer as if it were done. */
		rc = errbuf_set(eb, ERR_CONFLICT,
				"This account is %s already: nothing was changed.",
				disabled ? "disabled" : "enabled");
		goto out;
	}
	u.disabled = disabled;
	rc = store_begin(c, eb);
	if (rc != ERR_OK)
		goto out;
	rc = store_user_update_as(c, &who, &u, disabled ? "user.disable" : "user.enable", eb);
	/* A disabled person is out at once: every session ends now. */
	if (rc == ERR_OK && disabled)
		rc = store_session_end_user(c, u.id, 0, app_now(a), "disabled");
	if (rc == ERR_OK)
		rc = store_commit(c, eb);
	else
		store_rollback(c);
	if (rc != ERR_OK && !eb->msg[0])
		errbuf_set(eb, rc, "The change could not be saved. Try again.");
out:
	sodium_memzero(&u, sizeof(u));
	return rc;
}

enum err people_reset(struct app *a, struct store_conn *c, const struct user *actor, const char *ip,
		      int64_t id, struct errbuf *eb)
{
	struct actor who = actor_of(actor, ip);
	struct user u;
	enum err rc;

	rc = people_get(c, actor, id, &u);
	if (rc == ERR_NOT_FOUND)
		return errbuf_set(eb, rc, "There is no such user.");
	if (rc != ERR_OK)
		return errbuf_set(eb, rc, "The database could not be read. Try again.");
	if (u.disabled)
		rc = errbuf_set(eb, ERR_INVALID,
				"%s is disabled: enable the account before resetting its "
				"password.",
				u.username);
	else if (!u.email[0])
		rc = errbuf_set(eb, ERR_INVALID,
				"%s has no e-mail address: add one first, so the reset link "
				"can be sent.",
				u.username);
	else
		rc = reset_send(a, c, &who, &u, RESET_ADMIN, eb);
	sodium_memzero(&u, sizeof(u));
	return rc;
}

enum err people_unlock(struct app *a, struct store_conn *c, const struct user *actor,
		       const char *ip, int64_t id, struct errbuf *eb)
{
	struct actor who = actor_of(actor, ip);
	struct user u;
	enum err rc;

	rc = people_get(c, actor, id, &u);
	sodium_memzero(&u, sizeof(u));
	if (rc == ERR_NOT_FOUND)
		return errbuf_set(eb, rc, "There is no such user.");
	if (rc != ERR_OK)
		return errbuf_set(eb, rc, "The database could not be read. Try again.");
	/* Clears the lock, the failure count and the throttling window; audited. */
	return account_unlock(a, c, &who, id, eb);
}

/* ---- organisation details ---- */

enum err people_org_name(const char *what, const char *in, char out[NAME_MAX_LEN + 1],
			 struct errbuf *eb)
{
	const char *s = in, *end = in + strlen(in);
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	n = (size_t)(end - s);
	if (n == 0)
		return errbuf_set(eb, ERR_INVALID, "The %s is blank: give a name.", what);
	if (!utf8_valid_text(s, n))
		return errbuf_set(eb, ERR_INVALID, "The %s is not valid text: type it again.",
				  what);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20)
			return errbuf_set(eb, ERR_INVALID,
					  "The %s cannot contain tabs or line breaks.", what);
	if (utf8_length(s, n) > NAME_MAX_LEN || n > NAME_MAX_LEN)
		return errbuf_set(eb, ERR_INVALID,
				  "The %s is too long: %zu characters, at most %d.", what,
				  utf8_length(s, n), NAME_MAX_LEN);
	memcpy(out, s, n);
	out[n] = '\0';
	return ERR_OK;
}

static bool digits_only(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* The value of n checked digits. */
static int digits_value(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

enum err people_org_la_code(const char *in, int *out, struct errbuf *eb)
{
	if (!digits_only(in, 3) || in[0] == '0')
		return errbuf_set(eb, ERR_INVALID,
				  "\"%.20s\" is not an LA number: give the 3-digit DfE number of "
				  "the local authority, 100 to 999 (e.g. 888).",
				  in);
	*out = digits_value(in, 3);
	return ERR_OK;
}

enum err people_org_laestab(const char *in, int *out, struct errbuf *eb)
{
	char digits[8];
	size_t len = strlen(in);
	int la, estab;

	/* DfE writes LAESTABs both ways: 8881234 and 888/1234. */
	if (len == 8 && in[3] == '/')
		snprintf(digits, sizeof(digits), "%.3s%.4s", in, in + 4);
	else if (len == 7)
		snprintf(digits, sizeof(digits), "%s", in);
	else
		digits[0] = '\0';
	if (!digits_only(digits, 7))
		return errbuf_set(eb, ERR_INVALID,
				  "\"%.20s\" is not a LAESTAB: give 7 digits, the 3-digit LA "
				  "number then the 4-digit DfE establishment number (e.g. "
				  "8881234).",
				  in);
	la = digits_value(digits, 3);
	estab = digits_value(digits + 3, 4);
	if (la < 100)
		return errbuf_set(eb, ERR_INVALID,
				  "\"%.20s\" is not a LAESTAB: its first 3 digits are the LA "
				  "number, 100 to 999.",
				  in);
	if (estab == 0)
		return errbuf_set(eb, ERR_INVALID,
				  "\"%.20s\" is not a LAESTAB: the establishment number (the "
				  "last 4 digits) cannot be 0000.",
				  in);
	*out = la * 10000 + estab;
	return ERR_OK;
}

enum err people_org_urn(const char *in, int *out, struct errbuf *eb)
{
	if (!in[0]) {
		*out = 0;
		return ERR_OK;
	}
	if (!digits_only(in, 6) || in[0] == '0')
		return errbuf_set(eb, ERR_INVALID,
				  "\"%.20s\" is not a URN: give the school's 6-digit unique "
				  "reference number (e.g. 100001), or leave it blank.",
				  in);
	*out = digits_value(in, 6);
	return ERR_OK;
}
