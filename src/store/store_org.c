/*
 * store_org: local authorities, trusts and establishments (schools): add with an
 * audit row in the same transaction, get by id or natural key, list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/backend.h"

/* ---- local authorities ---- */

static void la_read(struct query *q, void *row)
{
	struct la *la = row;

	memset(la, 0, sizeof(*la));
	la->id = q_col_int(q, 0);
	la->code = (int)q_col_int(q, 1);
	q_col_text(q, 2, la->name, sizeof(la->name));
}

enum err store_la_add(struct store_conn *c, const struct actor *who, struct la *la,
		      struct errbuf *eb)
{
	struct audit_row r = { .action = "la.add" };
	char object[32];
	struct query q;
	struct tx t;
	enum err e;

	if (la->code < 100 || la->code > 999)
		return errbuf_set(eb, ERR_INVALID, "an LA number has 3 digits (100 to 999), not %d",
				  la->code);
	if (!la->name[0])
		return errbuf_set(eb, ERR_INVALID, "LA %d needs a name", la->code);
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	q_init(&q, c, STMT_LA_INSERT);
	q_int(&q, la->code);
	q_text(&q, la->name);
	e = q_insert(&q, &la->id, eb);
	if (e == ERR_CONFLICT)
		errbuf_set(eb, e, "LA %d exists already", la->code);
	if (e)
		goto out;
	snprintf(object, sizeof(object), "la %d", la->code);
	r.object = object;
	r.la_id = la->id;
	e = audit_write(c, who, &r, "", "", la->name, eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_la_get_by_code(struct store_conn *c, int code, struct la *out)
{
	struct query q;

	q_init(&q, c, STMT_LA_GET_BY_CODE);
	q_int(&q, code);
	return q_one(&q, la_read, out);
}

enum err store_la_get(struct store_conn *c, int64_t id, struct la *out)
{
	return q_one_by_id(c, STMT_LA_GET, id, la_read, out);
}

enum err store_la_list(struct store_conn *c, struct la **out, size_t *n)
{
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	q_init(&q, c, STMT_LA_LIST);
	*out = q_collect(&q, sizeof(**out), la_read, n, &e);
	return e;
}

/* ---- trusts ---- */

static void trust_read(struct query *q, void *row)
{
	struct trust *t = row;

	memset(t, 0, sizeof(*t));
	t->id = q_col_int(q, 0);
	q_col_text(q, 1, t->name, sizeof(t->name));
}

enum err store_trust_add(struct store_conn *c, const struct actor *who, struct trust *tr,
			 struct errbuf *eb)
{
	struct audit_row r = { .action = "trust.add" };
	char object[32];
	struct query q;
	struct tx t;
	enum err e;

	if (!tr->name[0])
		return errbuf_set(eb, ERR_INVALID, "the trust needs a name");
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	q_init(&q, c, STMT_TRUST_INSERT);
	q_text(&q, tr->name);
	e = q_insert(&q, &tr->id, eb);
	if (e == ERR_CONFLICT)
		errbuf_set(eb, e, "a trust named \"%.200s\" exists already", tr->name);
	if (e)
		goto out;
	snprintf(object, sizeof(object), "trust %lld", (long long)tr->id);
	r.object = object;
	e = audit_write(c, who, &r, "", "", tr->name, eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_trust_get_by_name(struct store_conn *c, const char *name, struct trust *out)
{
	struct query q;

	q_init(&q, c, STMT_TRUST_GET_BY_NAME);
	q_text(&q, name);
	return q_one(&q, trust_read, out);
}

enum err store_trust_get(struct store_conn *c, int64_t id, struct trust *out)
{
	return q_one_by_id(c, STMT_TRUST_GET, id, trust_read, out);
}

enum err store_trust_list(struct store_conn *c, struct trust **out, size_t *n)
{
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	q_init(&q, c, STMT_TRUST_LIST);
	*out = q_collect(&q, sizeof(**out), trust_read, n, &e);
	return e;
}

/* ---- establishments ---- */

void est_read_at(struct query *q, int col, struct establishment *est)
{
	memset(est, 0, sizeof(*est));
	est->id = q_col_int(q, col);
	est->la_id = q_col_int(q, col + 1);
	est->la_code = (int)q_col_int(q, col + 2);
	est->estab = (int)q_col_int(q, col + 3);
	est->urn = (int)q_col_int(q, col + 4);
	q_col_text(q, col + 5, est->name, sizeof(est->name));
	est->trust_id = q_col_int(q, col + 6);
}

void est_read(struct query *q, void *row)
{
	est_read_at(q, 0, row);
}

enum err store_establishment_add(struct store_conn *c, const struct actor *who,
				 struct establishment *est, struct errbuf *eb)
{
	struct audit_row r = { .action = "establishment.add" };
	char object[32];
	struct la la;
	struct trust tr;
	struct query q;
	struct tx t;
	enum err e;

	if (est->estab < 0 || est->estab > 9999)
		return errbuf_set(eb, ERR_INVALID, "an establishment number has 4 digits, not %d",
				  est->estab);
	if (!est->name[0])
		return errbuf_set(eb, ERR_INVALID, "the establishment needs a name");
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	e = store_la_get(c, est->la_id, &la);
	if (e == ERR_NOT_FOUND)
		errbuf_set(eb, e, "there is no LA with id %lld", (long long)est->la_id);
	if (e)
		goto out;
	est->la_code = la.code;
	if (est->trust_id) {
		e = store_trust_get(c, est->trust_id, &tr);
		if (e == ERR_NOT_FOUND)
			errbuf_set(eb, e, "there is no trust with id %lld",
				   (long long)est->trust_id);
		if (e)
			goto out;
	}
	q_init(&q, c, STMT_EST_INSERT);
	q_int(&q, est->la_id);
	q_int(&q, est->estab);
	q_int(&q, est->urn);
	q_text(&q, est->name);
	q_ref(&q, est->trust_id);
	e = q_insert(&q, &est->id, eb);
	if (e == ERR_CONFLICT)
		errbuf_set(eb, e, "establishment %d%04d exists already", la.code, est->estab);
	if (e)
		goto out;
	snprintf(object, sizeof(object), "establishment %d%04d", la.code, est->estab);
	r.object = object;
	r.establishment_id = est->id;
	r.la_id = est->la_id;
	e = audit_write(c, who, &r, "", "", est->name, eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_establishment_get(struct store_conn *c, int64_t id, struct establishment *out)
{
	return q_one_by_id(c, STMT_EST_GET, id, est_read, out);
}

enum err store_establishment_get_by_laestab(struct store_conn *c, int laestab,
					    struct establishment *out)
{
	struct query q;

	if (laestab < 1000000 || laestab > 9999999)
		return ERR_NOT_FOUND;
	q_init(&q, c, STMT_EST_GET_BY_LAESTAB);
	q_int(&q, laestab / 10000);
	q_int(&q, laestab % 10000);
	return q_one(&q, est_read, out);
}

enum err store_establishment_list(struct store_conn *c, int64_t la_id, int64_t trust_id,
				  struct establishment **out, size_t *n)
{
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	q_init(&q, c, STMT_EST_LIST);
	q_int(&q, la_id);
	q_int(&q, la_id);
	q_int(&q, trust_id);
	q_int(&q, trust_id);
	*out = q_collect(&q, sizeof(**out), est_read, n, &e);
	return e;
}
