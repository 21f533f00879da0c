/*
 * store_user: users (usernames unique case-insensitively), sessions and API tokens.
 * Only hashes of session and API tokens are stored. The audit of a user change
 * never holds a secret: a changed password, security code or TOTP secret is
 * recorded as "changed", not as its value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/xalloc.h"
#include "store/backend.h"
#include "store/store_pupil_int.h"

/* ---- users ---- */

static void user_read(struct query *q, void *row)
{
	struct user *u = row;

	char role[32];

	memset(u, 0, sizeof(*u));
	u->id = q_col_int(q, 0);
	q_col_text(q, 1, u->username, sizeof(u->username));
	q_col_text(q, 2, u->display_name, sizeof(u->display_name));
	q_col_text(q, 3, u->email, sizeof(u->email));
	q_col_text(q, 4, role, sizeof(role));
	if (!role_parse(role, &u->role)) {
		/* The schema's CHECK makes this impossible; fail towards least privilege. */
		log_error("database: user %lld has unknown role \"%s\"", (long long)u->id, role);
		u->role = ROLE_TEACHER;
		u->disabled = true;
	}
	u->establishment_id = q_col_int(q, 5);
	u->trust_id = q_col_int(q, 6);
	u->la_id = q_col_int(q, 7);
	q_col_text(q, 8, u->pw_hash, sizeof(u->pw_hash));
	u->pw_expires_at = q_col_int(q, 9);
	u->must_change_password = q_col_bool(q, 10);
	u->sc_enc_len = (int)q_col_blob(q, 11, u->sc_enc, sizeof(u->sc_enc));
	u->sc_pos[0] = (int)q_col_int(q, 12);
	u->sc_pos[1] = (int)q_col_int(q, 13);
	u->sc_shown = q_col_bool(q, 14);
	u->failed_logins = (int)q_col_int(q, 15);
	u->locked_until = q_col_int(q, 16);
	u->last_login_at = q_col_int(q, 17);
	if (q_col_bool(q, 18))
		u->disabled = true;
	q_col_text(q, 19, u->totp_secret, sizeof(u->totp_secret));
	u->created_at = q_col_int(q, 20);
}

/* Binds the columns in the order of USER_PARAMS (stmt.c). */
static void user_bind(struct query *q, const struct user *u)
{
	size_t sc_len = u->sc_enc_len > 0 ? (size_t)u->sc_enc_len : 0;

	if (sc_len > sizeof(u->sc_enc))
		sc_len = sizeof(u->sc_enc);
	q_text(q, u->username);
	q_text(q, u->display_name);
	q_text(q, u->email);
	q_text(q, role_name(u->role));
	q_ref(q, u->establishment_id);
	q_ref(q, u->trust_id);
	q_ref(q, u->la_id);
	q_text(q, u->pw_hash);
	q_int(q, u->pw_expires_at);
	q_int(q, u->must_change_password);
	q_blob(q, u->sc_enc, sc_len);
	q_int(q, u->sc_pos[0]);
	q_int(q, u->sc_pos[1]);
	q_int(q, u->sc_shown);
	q_int(q, u->failed_logins);
	q_int(q, u->locked_until);
	q_int(q, u->last_login_at);
	q_int(q, u->disabled);
	q_text(q, u->totp_secret);
	q_int(q, u->created_at);
}

static enum err user_check(const struct user *u, struct errbuf *eb)
{
	if (!u->username[0])
		return errbuf_set(eb, ERR_INVALID, "the user needs a username");
	if ((unsigned)u->role >= ROLE__MAX)
		return errbuf_set(eb, ERR_INVALID, "unknown role for user %s", u->username);
	return ERR_OK;
}

enum err store_user_add(struct store_conn *c, const struct actor *who, struct user *u,
			struct errbuf *eb)
{
	struct audit_row r = { .action = "user.add" };
	char object[USERNAME_MAX + 8];
	struct query q;
	struct tx t;
	enum err e;

	e = user_check(u, eb);
	if (e)
		return e;
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	q_init(&q, c, STMT_USER_INSERT);
	user_bind(&q, u);
	e = q_insert(&q, &u->id, eb);
	if (e == ERR_CONFLICT)
		errbuf_set(eb, e, "the username \"%s\" is taken", u->username);
	else if (e == ERR_INVALID)
		errbuf_set(eb, e, "user %s: the establishment, trust or LA does not exist",
			   u->username);
	if (e)
		goto out;
	snprintf(object, sizeof(object), "user %s", u->username);
	r.object = object;
	r.establishment_id = u->establishment_id;
	r.la_id = u->la_id;
	e = audit_write(c, who, &r, "role", "", role_name(u->role), eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_user_get(struct store_conn *c, int64_t id, struct user *out)
{
	return q_one_by_id(c, STMT_USER_GET, id, user_read, out);
}

enum err store_user_get_by_username(struct store_conn *c, const char *username, struct user *out)
{
	char lower[USERNAME_MAX + 2];
	struct query q;

	if (strlen(username) > USERNAME_MAX)
		return ERR_NOT_FOUND;
	text_lower(lower, sizeof(lower), username);
	q_init(&q, c, STMT_USER_GET_BY_NAME);
	q_text(&q, lower);
	return q_one(&q, user_read, out);
}

/* "changed" for a secret, never its value; on/off where that is all one may know. */
static enum err user_audit_secrets(struct store_conn *c, const struct actor *who,
				   const struct audit_row *r, const struct user *old,
				   const struct user *u, struct errbuf *eb)
{
	enum err e = ERR_OK;

	if (strcmp(old->pw_hash, u->pw_hash) != 0)
		e = audit_write(c, who, r, "password", "", "changed", eb);
	if (!e && (old->sc_enc_len != u->sc_enc_len ||
		   memcmp(old->sc_enc, u->sc_enc, (size_t)old->sc_enc_len) != 0))
		e = audit_write(c, who, r, "security_code", "", "changed", eb);
	if (!e && strcmp(old->totp_secret, u->totp_secret) != 0)
		e = audit_write(
			c, who, r, "totp", old->totp_secret[0] ? "on" : "off",
			u->totp_secret[0] ? (old->totp_secret[0] ? "changed" : "on") : "off", eb);
	return e;
}

/* store_user_update and store_user_update_as: the audit rows are filed under action. */
static enum err user_update(struct store_conn *c, const struct actor *who, const struct user *u,
			    const char *action, struct errbuf *eb)
{
	struct audit_row r = { .action = action };
	char object[USERNAME_MAX + 8];
	struct user old;
	struct query q;
	struct tx t;
	enum err e;

	e = user_check(u, eb);
	if (e)
		return e;
	if (u->sc_enc_len < 0 || (size_t)u->sc_enc_len > sizeof(u->sc_enc))
		return errbuf_set(eb, ERR_INVALID, "user %s: bad security code length",
				  u->username);
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	e = store_user_get(c, u->id, &old);
	if (e == ERR_NOT_FOUND)
		errbuf_set(eb, e, "there is no user with id %lld", (long long)u->id);
	if (e)
		goto out;
	q_init(&q, c, STMT_USER_UPDATE);
	user_bind(&q, u);
	q_int(&q, u->id);
	e = q_run(&q, eb);
	if (e == ERR_CONFLICT)
		errbuf_set(eb, e, "the username \"%s\" is taken", u->username);
	else if (e == ERR_INVALID)
		errbuf_set(eb, e, "user %s: the establishment, trust or LA does not exist",
			   u->username);
	if (e)
		goto out;
	snprintf(object, sizeof(object), "user %s", u->username);
	r.object = object;
	r.establishment_id = u->establishment_id;
	r.la_id = u->la_id;
	e = audit_diff_text(c, who, &r, e, "username", old.username, u->username, eb);
	e = audit_diff_text(c, who, &r, e, "display_name", old.display_name, u->display_name, eb);
	e = audit_diff_text(c, who, &r, e, "email", old.email, u->email, eb);
	e = audit_diff_text(c, who, &r, e, "role", role_name(old.role), role_name(u->role), eb);
	e = audit_diff_int(c, who, &r, e, "establishment_id", old.establishment_id,
			   u->establishment_id, eb);
	e = audit_diff_int(c, who, &r, e, "trust_id", old.trust_id, u->trust_id, eb);
	e = audit_diff_int(c, who, &r, e, "la_id", old.la_id, u->la_id, eb);
	e = audit_diff_int(c, who, &r, e, "pw_expires_at", old.pw_expires_at, u->pw_expires_at, eb);
	e = audit_diff_int(c, who, &r, e, "must_change_password", old.must_change_password,
			   u->must_change_password, eb);
	e = audit_diff_int(c, who, &r, e, "sc_shown", old.sc_shown, u->sc_shown, eb);
	e = audit_diff_int(c, who, &r, e, "failed_logins", old.failed_logins, u->failed_logins, eb);
	e = audit_diff_int(c, who, &r, e, "locked_until", old.locked_until, u->locked_until, eb);
	e = audit_diff_int(c, who, &r, e, "last_login_at", old.last_login_at, u->last_login_at, eb);
	e = audit_diff_int(c, who, &r, e, "disabled", old.disabled, u->disabled, eb);
	e = audit_diff_int(c, who, &r, e, "created_at", old.created_at, u->created_at, eb);
	if (!e)
		e = user_audit_secrets(c, who, &r, &old, u, eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_user_update(struct store_conn *c, const struct actor *who, const struct user *u,
			   struct errbuf *eb)
{
	return user_update(c, who, u, "user.update", eb);
}

enum err store_user_list(struct store_conn *c, int64_t establishment_id, int64_t la_id,
			 int64_t trust_id, struct user **out, size_t *n)
{
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	q_init(&q, c, STMT_USER_LIST);
	q_int(&q, establishment_id);
	q_int(&q, establishment_id);
	q_int(&q, la_id);
	q_int(&q, la_id);
	q_int(&q, la_id);
	q_int(&q, trust_id);
	q_int(&q, trust_id);
	q_int(&q, trust_id);
	*out = q_collect(&q, sizeof(**out), user_read, n, &e);
	return e;
}

/* ---- sessions ---- */

enum err store_session_add(struct store_conn *c, struct session *s)
{
	struct query q;

	q_init(&q, c, STMT_SESSION_INSERT);
	q_blob(&q, s->hash, sizeof(s->hash));
	q_int(&q, s->user_id);
	q_blob(&q, s->csrf, sizeof(s->csrf));
	q_int(&q, s->created_at);
	q_int(&q, s->last_seen);
	q_int(&q, s->ended_at);
	q_text(&q, s->end_reason);
	return q_insert(&q, &s->id, NULL);
}

/* Reads the session columns of STMT_SESSION_GET starting at column col. */
static void session_read(struct query *q, int col, struct session *out)
{
	memset(out, 0, sizeof(*out));
	out->id = q_col_int(q, col);
	q_col_blob(q, col + 1, out->hash, sizeof(out->hash));
	out->user_id = q_col_int(q, col + 2);
	q_col_blob(q, col + 3, out->csrf, sizeof(out->csrf));
	out->created_at = q_col_int(q, col + 4);
	out->last_seen = q_col_int(q, col + 5);
	out->ended_at = q_col_int(q, col + 6);
	q_col_text(q, col + 7, out->end_reason, sizeof(out->end_reason));
}

enum err store_session_get(struct store_conn *c, const unsigned char hash[32], struct session *out)
{
	struct query q;
	bool found;
	enum err e;

	q_init(&q, c, STMT_SESSION_GET);
	q_blob(&q, hash, 32);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	found = q_row(&q);
	if (found)
		session_read(&q, 0, out);
	return q_end_found(&q, found);
}

/* Where a row of STMT_SESSION_USER_GET or STMT_SESSION_USER_EST_GET goes. */
struct session_user_row {
	struct user *u;		       /* the owner: USER_COLS, columns 0 to 20 */
	struct session *s;	       /* the session's 8 columns after them */
	struct session_school *school; /* EST_COLS, names, selection (_EST_GET); NULL: not read */
};

/* The row of either statement (as q_one takes it): the two share their
 * columns up to the session's; _EST_GET adds the school's. */
static void session_user_read(struct query *q, void *row)
{
	/* after USER_COLS, then 8 of the session, then 7 of the school */
	enum { SESSION_COL = 21, EST_COL = 29, NAMES_COL = 36, SAVED_COL = 37, VERSION_COL = 38 };
	struct session_user_row *r = row;
	struct session_school *sc = r->school;

	user_read(q, r->u);
	session_read(q, SESSION_COL, r->s);
	if (!sc)
		return;
	sc->found = !q_col_null(q, EST_COL);
	if (!sc->found)
		return;
	est_read_at(q, EST_COL, &sc->est);
	sc->est.pupils_version = q_col_int(q, VERSION_COL);
	q_col_text(q, SAVED_COL, sc->saved, sizeof(sc->saved));
	profile_read_packed(&sc->prof, q_col_str(q, NAMES_COL)); /* last: no copy */
}

enum err store_session_user_get(struct store_conn *c, const unsigned char hash[32],
				struct session *s, struct user *u)
{
	struct session_user_row r = { .u = u, .s = s };
	struct query q;

	q_init(&q, c, STMT_SESSION_USER_GET);
	q_blob(&q, hash, 32);
	return q_one(&q, session_user_read, &r);
}

enum err store_session_user_est_get(struct store_conn *c, const unsigned char hash[32], int laestab,
				    struct session *s, struct user *u, struct session_school *out)
{
	struct session_user_row r = { .u = u, .s = s, .school = out };
	struct query q;

	memset(out, 0, sizeof(*out));
	q_init(&q, c, STMT_SESSION_USER_EST_GET);
	q_blob(&q, hash, 32);
	/* as store_establishment_get_by_laestab: no school outside the range */
	q_int(&q, laestab >= 1000000 && laestab <= 9999999 ? laestab / 10000 : -1);
	q_int(&q, laestab % 10000);
	return q_one(&q, session_user_read, &r);
}

/* Runs an UPDATE of one row: ERR_NOT_FOUND when it changed none. */
static enum err update_one(struct query *q)
{
	enum err e = q_exec(q, NULL);
	bool found;

	if (e)
		return e;
	found = q_changes(q) > 0;
	return q_end_found(q, found);
}

enum err store_session_touch(struct store_conn *c, int64_t id, int64_t now)
{
	struct query q;

	q_init(&q, c, STMT_SESSION_TOUCH);
	q_int(&q, now);
	q_int(&q, id);
	return update_one(&q);
}

enum err store_session_end(struct store_conn *c, int64_t id, int64_t now, const char *reason)
{
	struct query q;

	q_init(&q, c, STMT_SESSION_END);
	q_int(&q, now);
	q_text(&q, reason ? reason : "");
	q_int(&q, id);
	return update_one(&q);
}

enum err store_session_end_user(struct store_conn *c, int64_t user_id, int64_t keep_id, int64_t now,
				const char *reason)
{
	struct query q;

	q_init(&q, c, STMT_SESSION_END_USER);
	q_int(&q, now);
	q_text(&q, reason ? reason : "");
	q_int(&q, user_id);
	q_int(&q, keep_id);
	return q_run(&q, NULL);
}

/* ---- API tokens ---- */

enum err store_token_add(struct store_conn *c, const struct actor *who, struct api_token *tok)
{
	struct audit_row r = { .action = "token.add" };
	char object[32], value[48];
	struct query q;
	struct tx t;
	enum err e;

	e = tx_enter(c, &t, NULL);
	if (e)
		return e;
	q_init(&q, c, STMT_TOKEN_INSERT);
	q_blob(&q, tok->hash, sizeof(tok->hash));
	q_int(&q, tok->user_id);
	q_int(&q, tok->created_at);
	q_int(&q, tok->expires_at);
	q_int(&q, tok->revoked);
	e = q_insert(&q, &tok->id, NULL);
	if (e)
		goto out;
	snprintf(object, sizeof(object), "token %lld", (long long)tok->id);
	snprintf(value, sizeof(value), "user %lld, expires %lld", (long long)tok->user_id,
		 (long long)tok->expires_at);
	r.object = object;
	e = audit_write(c, who, &r, "", "", value, NULL);
out:
	return tx_leave(c, &t, e, NULL);
}

enum err store_token_get(struct store_conn *c, const unsigned char hash[32], struct api_token *out)
{
	struct query q;
	bool found;
	enum err e;

	q_init(&q, c, STMT_TOKEN_GET);
	q_blob(&q, hash, 32);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	found = q_row(&q);
	if (found) {
		memset(out, 0, sizeof(*out));
		out->id = q_col_int(&q, 0);
		q_col_blob(&q, 1, out->hash, sizeof(out->hash));
		out->user_id = q_col_int(&q, 2);
		out->created_at = q_col_int(&q, 3);
		out->expires_at = q_col_int(&q, 4);
		out->revoked = q_col_bool(&q, 5);
	}
	return q_end_found(&q, found);
}

/* ---- issue 3c: managing people, organisations, audit pages ---- */

enum err store_user_update_as(struct store_conn *c, const struct actor *who, const struct user *u,
			      const char *action, struct errbuf *eb)
{
	if (!action || !action[0] || strlen(action) >= sizeof(((struct audit_entry *)0)->action))
		BUG("store_user_update_as: bad audit action");
	return user_update(c, who, u, action, eb);
}
