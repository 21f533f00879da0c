/*
 * store_reset: single-use password links (only their hashes) and the record of
 * "Forgot your password" requests per client address that throttles them. The
 * use cases and their audit rows are in app/reset.c.
 */
#include <string.h>

#include "store/backend.h"

static enum err count_read(struct query *q, long *n)
{
	enum err e = q_exec(q, NULL);

	*n = 0;
	if (e)
		return e;
	if (q_row(q))
		*n = (long)q_col_int(q, 0);
	return q_end(q);
}

enum err store_reset_add(struct store_conn *c, struct reset_link *l)
{
	struct query q;
	struct tx t;
	enum err e;

	e = tx_enter(c, &t, NULL);
	if (e)
		return e;
	q_init(&q, c, STMT_RESET_END_USER);
	q_int(&q, l->created_at);
	q_int(&q, l->user_id);
	e = q_run(&q, NULL);
	if (e)
		goto out;
	q_init(&q, c, STMT_RESET_INSERT);
	q_blob(&q, l->hash, sizeof(l->hash));
	q_int(&q, l->user_id);
	q_text(&q, l->kind);
	q_int(&q, l->created_at);
	q_int(&q, l->expires_at);
	e = q_insert(&q, &l->id, NULL);
out:
	return tx_leave(c, &t, e, NULL);
}

enum err store_reset_get(struct store_conn *c, const unsigned char hash[32], struct reset_link *out)
{
	struct query q;
	bool found;
	enum err e;

	q_init(&q, c, STMT_RESET_GET);
	q_blob(&q, hash, 32);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	found = q_row(&q);
	if (found) {
		memset(out, 0, sizeof(*out));
		memcpy(out->hash, hash, sizeof(out->hash));
		out->id = q_col_int(&q, 0);
		out->user_id = q_col_int(&q, 1);
		q_col_text(&q, 2, out->kind, sizeof(out->kind));
		out->created_at = q_col_int(&q, 3);
		out->expires_at = q_col_int(&q, 4);
		out->used_at = q_col_int(&q, 5);
	}
	return q_end_found(&q, found);
}

enum err store_reset_use(struct store_conn *c, int64_t id, int64_t now)
{
	struct query q;
	bool found;
	enum err e;

	q_init(&q, c, STMT_RESET_USE);
	q_int(&q, now);
	q_int(&q, id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	found = q_changes(&q) > 0;
	return q_end_found(&q, found);
}

enum err store_reset_count(struct store_conn *c, int64_t user_id, const char *kind, int64_t since,
			   long *n)
{
	struct query q;

	q_init(&q, c, STMT_RESET_COUNT);
	q_int(&q, user_id);
	q_text(&q, kind);
	q_int(&q, since);
	return count_read(&q, n);
}

enum err store_reset_request_add(struct store_conn *c, const char *ip, int64_t now, int64_t since,
				 long *n)
{
	enum { KEEP_SECONDS = 24 * 60 * 60 };
	struct query q;
	int64_t id;
	struct tx t;
	enum err e;

	*n = 0;
	e = tx_enter(c, &t, NULL);
	if (e)
		return e;
	q_init(&q, c, STMT_RESET_REQ_PRUNE);
	q_int(&q, now - KEEP_SECONDS);
	e = q_run(&q, NULL);
	if (e)
		goto out;
	q_init(&q, c, STMT_RESET_REQ_INSERT);
	q_text(&q, ip ? ip : "");
	q_int(&q, now);
	e = q_insert(&q, &id, NULL);
	if (e)
		goto out;
	q_init(&q, c, STMT_RESET_REQ_COUNT);
	q_text(&q, ip ? ip : "");
	q_int(&q, since);
	e = count_read(&q, n);
out:
	return tx_leave(c, &t, e, NULL);
}

enum err store_reset_users_by_email(struct store_conn *c, const char *email, int64_t *ids,
				    size_t max, size_t *n)
{
	char lower[NAME_MAX_LEN + 2];
	struct query q;
	enum err e;

	*n = 0;
	if (strlen(email) > NAME_MAX_LEN || max == 0)
		return ERR_OK;
	text_lower(lower, sizeof(lower), email);
	q_init(&q, c, STMT_RESET_USERS_BY_EMAIL);
	q_text(&q, lower);
	q_int(&q, (int64_t)max);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	while (q_row(&q))
		if (*n < max)
			ids[(*n)++] = q_col_int(&q, 0);
	return q_end(&q);
}
