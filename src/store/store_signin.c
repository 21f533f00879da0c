/*
 * store_signin: what the sign-in journey keeps between requests (store.h, issue
 * 3a): pending sign-ins, failure counters for throttling, the authenticator steps
 * used and the sign-in bookkeeping of a user. Only token hashes are stored.
 */
#include <string.h>

#include "store/backend.h"

enum { PENDING_KEEP_SECONDS = 24 * 3600 }; /* expired rows are deleted after this */

enum err store_pending_add(struct store_conn *c, const unsigned char hash[32], int64_t user_id,
			   bool password_ok, int64_t now, int64_t expires_at)
{
	struct query q;
	int64_t id = 0;

	q_init(&q, c, STMT_PENDING_INSERT);
	q_blob(&q, hash, 32);
	q_int(&q, user_id);
	q_int(&q, password_ok);
	q_int(&q, now);
	q_int(&q, expires_at);
	return q_insert(&q, &id, NULL);
}

enum err store_pending_take(struct store_conn *c, const unsigned char hash[32], int64_t now,
			    int64_t *user_id, bool *password_ok)
{
	struct query q;
	bool found;
	enum err e;

	*user_id = 0;
	*password_ok = false;
	q_init(&q, c, STMT_PENDING_TAKE);
	q_int(&q, now);
	q_blob(&q, hash, 32);
	q_int(&q, now);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	found = q_row(&q);
	if (found) {
		*user_id = q_col_int(&q, 0);
		*password_ok = q_col_bool(&q, 1);
	}
	e = q_end_found(&q, found);
	if (e == ERR_OK || e == ERR_NOT_FOUND) {
		q_init(&q, c, STMT_PENDING_PURGE);
		q_int(&q, now - PENDING_KEEP_SECONDS);
		if (q_run(&q, NULL) != ERR_OK && e == ERR_OK)
			e = ERR_IO;
	}
	return e;
}

enum err store_throttle_get(struct store_conn *c, const char *key, struct login_throttle *out)
{
	struct query q;
	bool found;
	enum err e;

	memset(out, 0, sizeof(*out));
	q_init(&q, c, STMT_THROTTLE_GET);
	q_text(&q, key);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	found = q_row(&q);
	if (found) {
		out->window_start = q_col_int(&q, 0);
		out->failures = (int)q_col_int(&q, 1);
		out->blocked_until = q_col_int(&q, 2);
	}
	e = q_end_found(&q, found);
	return e == ERR_NOT_FOUND ? ERR_OK : e;
}

enum err store_throttle_put(struct store_conn *c, const char *key, const struct login_throttle *t)
{
	struct query q;

	q_init(&q, c, STMT_THROTTLE_PUT);
	q_text(&q, key);
	q_int(&q, t->window_start);
	q_int(&q, t->failures);
	q_int(&q, t->blocked_until);
	return q_run(&q, NULL);
}

enum err store_throttle_clear(struct store_conn *c, const char *key)
{
	struct query q;

	q_init(&q, c, STMT_THROTTLE_CLEAR);
	q_text(&q, key);
	return q_run(&q, NULL);
}

enum err store_totp_use(struct store_conn *c, int64_t user_id, int64_t step)
{
	struct query q;
	int64_t changed;
	enum err e;

	q_init(&q, c, STMT_TOTP_USE);
	q_int(&q, user_id);
	q_int(&q, step);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	changed = q_changes(&q);
	e = q_end(&q);
	if (e)
		return e;
	return changed > 0 ? ERR_OK : ERR_CONFLICT;
}

enum err store_user_sign_in_state(struct store_conn *c, const struct user *u)
{
	struct query q;
	int64_t changed;
	enum err e;

	q_init(&q, c, STMT_USER_SIGN_IN_STATE);
	q_int(&q, u->failed_logins);
	q_int(&q, u->locked_until);
	q_int(&q, u->last_login_at);
	q_int(&q, u->sc_pos[0]);
	q_int(&q, u->sc_pos[1]);
	q_int(&q, u->sc_shown);
	q_int(&q, u->id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	changed = q_changes(&q);
	e = q_end(&q);
	if (e)
		return e;
	return changed > 0 ? ERR_OK : ERR_NOT_FOUND;
}
