/*
 * store: the pool of connections, transactions, and the choice of backend from the
 * URL (see store.h). Backend-independent: it talks to the database only through
 * struct backend_ops (backend.h).
 */
#include "store/store.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/xalloc.h"
#include "store/backend.h"

enum { POOL_DEFAULT = 8 };

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Which backend a URL names, and what its open() takes. */
static enum err url_parse(const char *url, const struct backend_ops **ops, char **target,
			  struct errbuf *eb)
{
	const char *path;

	if (!url || !*url)
		return errbuf_set(eb, ERR_USAGE, "no database URL given");
	if (has_prefix(url, "postgresql://") || has_prefix(url, "postgres://")) {
		*ops = &backend_pg;
		*target = xstrdup(url);
		return ERR_OK;
	}
	if (has_prefix(url, "sqlite:")) {
		path = url + strlen("sqlite:");
		if (has_prefix(path, "//"))
			path += 2;
		if (!*path)
			return errbuf_set(eb, ERR_USAGE, "database URL \"%s\" names no file", url);
		*ops = &backend_sqlite;
		*target = xstrdup(path);
		return ERR_OK;
	}
	return errbuf_set(eb, ERR_USAGE,
			  "unknown database URL \"%.200s\": use sqlite:PATH or postgresql://...",
			  url);
}

enum err store_open(const char *url, unsigned pool_size, struct store **out, struct errbuf *eb)
{
	struct store *st = NULL;
	struct store_conn *c = NULL;
	const struct backend_ops *ops = NULL;
	char *target = NULL;
	enum err e;

	*out = NULL;
	e = url_parse(url, &ops, &target, eb);
	if (e)
		goto out;
	st = xcalloc(1, sizeof(*st));
	st->ops = ops;
	st->target = target;
	target = NULL;
	/* Every connection to ":memory:" would be a database of its own. */
	st->size = strcmp(st->target, ":memory:") == 0 ? 1 : pool_size ? pool_size : POOL_DEFAULT;
	pthread_mutex_init(&st->mu, NULL);
	pthread_cond_init(&st->cv, NULL);
	st->all = xcalloc(st->size, sizeof(*st->all));
	st->idle = xcalloc(st->size, sizeof(*st->idle));
	st->cache = cache_new();

	/* The first connection now, so that a wrong URL or a database that is not there
	 * is reported here; the others as they are needed. */
	c = xcalloc(1, sizeof(*c));
	c->st = st;
	st->all[st->made++] = c;
	e = ops->open(st->target, &c->db, eb);
	if (e)
		goto out;
	st->idle[st->nidle++] = c;
	*out = st;
	st = NULL;
out:
	store_free(st);
	free(target);
	return e;
}

void store_free(struct store *st)
{
	if (!st)
		return;
	for (unsigned i = 0; i < st->made; i++) {
		if (st->all[i]->db)
			st->ops->close(st->all[i]->db);
		free(st->all[i]);
	}
	cache_free(st->cache);
	pthread_cond_destroy(&st->cv);
	pthread_mutex_destroy(&st->mu);
	free(st->all);
	free(st->idle);
	free(st->target);
	free(st);
}

enum store_backend store_backend_of(const struct store *st)
{
	return st->ops->kind;
}

struct store_conn *store_acquire(struct store *st)
{
	struct store_conn *c;
	struct errbuf eb = { "" };

	pthread_mutex_lock(&st->mu);
	while (st->nidle == 0 && st->made == st->size)
		pthread_cond_wait(&st->cv, &st->mu);
	if (st->nidle > 0) {
		c = st->idle[--st->nidle];
	} else {
		c = xcalloc(1, sizeof(*c));
		c->st = st;
		st->all[st->made++] = c;
	}
	pthread_mutex_unlock(&st->mu);

	/* Connect outside the lock. A failure leaves db NULL: every call on c then
	 * fails with ERR_IO and tries again, so the caller needs no special case. */
	if (!c->db && st->ops->open(st->target, &c->db, &eb) != ERR_OK)
		log_warn("database: %s", eb.msg);
	return c;
}

void store_release(struct store_conn *c)
{
	struct store *st;

	if (!c)
		return;
	st = c->st;
	if (c->running) {
		st->ops->end(c->db);
		c->running = false;
	}
	if (c->depth > 0)
		store_rollback(c);
	store_read_end(c);
	c->wrote = false;
	pthread_mutex_lock(&st->mu);
	st->idle[st->nidle++] = c;
	pthread_cond_signal(&st->cv);
	pthread_mutex_unlock(&st->mu);
}

/* Connects (again) when needed; outside a transaction also repairs a broken link. */
static enum err conn_ready(struct store_conn *c, struct errbuf *eb)
{
	if (!c->db)
		return c->st->ops->open(c->st->target, &c->db, eb);
	if (c->depth == 0)
		return c->st->ops->ensure(c->db, eb);
	return ERR_OK;
}

enum err store_begin(struct store_conn *c, struct errbuf *eb)
{
	enum err e;

	if (c->depth > 0)
		return errbuf_set(eb, ERR_USAGE, "a transaction is open already");
	store_read_end(c); /* a write ends a read snapshot first */
	e = conn_ready(c, eb);
	if (e)
		return e;
	e = c->st->ops->tx(c->db, TX_BEGIN, eb);
	if (e)
		return e;
	c->depth = 1;
	c->failed = false;
	c->wrote = true;
	return ERR_OK;
}

enum err store_read_begin(struct store_conn *c, struct errbuf *eb)
{
	enum err e;

	if (c->depth > 0 || c->reading)
		return errbuf_set(eb, ERR_USAGE, "a transaction is open already");
	e = conn_ready(c, eb);
	if (e)
		return e;
	e = c->st->ops->tx(c->db, TX_READ, eb);
	if (e)
		return e;
	c->reading = true;
	return ERR_OK;
}

void store_read_end(struct store_conn *c)
{
	if (c->reading && c->db)
		c->st->ops->tx(c->db, TX_READ_END, NULL);
	c->reading = false;
}

enum err store_commit(struct store_conn *c, struct errbuf *eb)
{
	enum err e;

	if (c->depth == 0)
		return errbuf_set(eb, ERR_USAGE, "no transaction is open");
	if (c->depth > 1)
		BUG("store_commit inside a store function's savepoint");
	if (c->failed) {
		store_rollback(c);
		return errbuf_set(
			eb, ERR_IO,
			"the transaction was rolled back because a statement in it failed");
	}
	e = c->st->ops->tx(c->db, TX_COMMIT, eb);
	if (e)
		c->st->ops->tx(c->db, TX_ROLLBACK, NULL);
	c->depth = 0;
	c->failed = false;
	return e;
}

void store_rollback(struct store_conn *c)
{
	if (c->depth > 0 && c->db)
		c->st->ops->tx(c->db, TX_ROLLBACK, NULL);
	c->depth = 0;
	c->failed = false;
}

enum err tx_enter(struct store_conn *c, struct tx *t, struct errbuf *eb)
{
	enum err e;

	t->own = c->depth == 0;
	t->failed_was = c->failed;
	if (t->own)
		return store_begin(c, eb);
	e = c->st->ops->tx(c->db, TX_SAVEPOINT, eb);
	if (e) {
		c->failed = true;
		return e;
	}
	c->depth++;
	return ERR_OK;
}

enum err tx_leave(struct store_conn *c, struct tx *t, enum err e, struct errbuf *eb)
{
	const struct backend_ops *ops = c->st->ops;

	if (t->own) {
		if (e == ERR_OK)
			return store_commit(c, eb);
		store_rollback(c);
		return e;
	}
	c->depth--;
	if (e == ERR_OK) {
		e = ops->tx(c->db, TX_RELEASE, eb);
		if (e)
			c->failed = true;
		return e;
	}
	/* Undo only our part; the caller's transaction goes on as it was. */
	if (ops->tx(c->db, TX_ROLLBACK_TO, NULL) == ERR_OK &&
	    ops->tx(c->db, TX_RELEASE, NULL) == ERR_OK)
		c->failed = t->failed_was;
	else
		c->failed = true;
	return e;
}

/* ---- queries ---- */

static struct param *q_slot(struct query *q)
{
	struct param *p;

	if (q->n >= PARAM_MAX)
		BUG("too many parameters");
	p = &q->p[q->n++];
	memset(p, 0, sizeof(*p));
	return p;
}

void q_init(struct query *q, struct store_conn *c, enum stmt_id id)
{
	memset(q, 0, sizeof(*q));
	q->c = c;
	q->id = id;
}

void q_int(struct query *q, int64_t v)
{
	struct param *p = q_slot(q);
	p->kind = PARAM_INT;
	p->i = v;
}

void q_ref(struct query *q, int64_t id)
{
	if (id == 0)
		q_null(q);
	else
		q_int(q, id);
}

void q_text(struct query *q, const char *s)
{
	struct param *p = q_slot(q);
	p->kind = s ? PARAM_TEXT : PARAM_NULL;
	p->s = s;
}

void q_blob(struct query *q, const void *b, size_t n)
{
	struct param *p = q_slot(q);
	p->kind = b && n ? PARAM_BLOB : PARAM_NULL;
	p->b = b;
	p->n = n;
}

void q_null(struct query *q)
{
	q_slot(q)->kind = PARAM_NULL;
}

/* The bound values must be what the statement table says: a broken invariant, not
 * bad input, so it aborts. */
static void q_check(const struct query *q)
{
	const char *want = stmt_def_of(q->id)->params;
	static const char letter[] = { [PARAM_INT] = 'i', [PARAM_TEXT] = 't', [PARAM_BLOB] = 'b' };

	if ((size_t)q->n != strlen(want))
		BUG("parameter count differs from the statement table");
	for (int i = 0; i < q->n; i++)
		if (q->p[i].kind != PARAM_NULL && letter[q->p[i].kind] != want[i])
			BUG("parameter type differs from the statement table");
}

enum err q_exec(struct query *q, struct errbuf *eb)
{
	struct store_conn *c = q->c;
	struct errbuf local = { "" };
	struct errbuf *use = eb ? eb : &local;
	enum err e;

	if (c->running)
		BUG("a statement is running already on this connection");
	q_check(q);
	e = conn_ready(c, use);
	if (e == ERR_OK)
		e = c->st->ops->exec(c->db, q->id, q->p, q->n, use);
	if (e) {
		if (c->depth > 0)
			c->failed = true;
		if (!eb && e == ERR_IO)
			log_error("database: %s", local.msg);
		return e;
	}
	c->running = true;
	return ERR_OK;
}

bool q_row(struct query *q)
{
	struct store_conn *c = q->c;
	int r;

	if (!c->running || q->err)
		return false;
	r = c->st->ops->next(c->db);
	if (r < 0) {
		q->err = ERR_IO;
		if (c->depth > 0)
			c->failed = true;
		log_error("database: %s", c->st->ops->errmsg(c->db));
	}
	return r == 1;
}

int64_t q_col_int(struct query *q, int col)
{
	return q->c->st->ops->col_int(q->c->db, col);
}

bool q_col_null(struct query *q, int col)
{
	return q->c->st->ops->col_null(q->c->db, col);
}

bool q_col_bool(struct query *q, int col)
{
	return q_col_int(q, col) != 0;
}

void q_col_text(struct query *q, int col, char *dst, size_t cap)
{
	text_copy(dst, cap, q->c->st->ops->col_text(q->c->db, col));
}

const char *q_col_str(struct query *q, int col)
{
	return q->c->st->ops->col_text(q->c->db, col);
}

size_t q_col_blob(struct query *q, int col, void *dst, size_t cap)
{
	size_t n = 0;
	const void *b = q->c->st->ops->col_blob(q->c->db, col, &n);

	if (!b)
		return 0;
	if (n > cap)
		n = cap;
	memcpy(dst, b, n);
	return n;
}

int64_t q_changes(struct query *q)
{
	return q->c->st->ops->changes(q->c->db);
}

enum err q_end(struct query *q)
{
	struct store_conn *c = q->c;

	if (c->running) {
		if (!c->st->ops->end(c->db) && !q->err)
			q->err = ERR_IO;
		c->running = false;
	}
	return q->err;
}

enum err q_run(struct query *q, struct errbuf *eb)
{
	enum err e = q_exec(q, eb);
	if (e)
		return e;
	return q_end(q);
}

enum err q_end_found(struct query *q, bool found)
{
	enum err e = q_end(q);

	if (e)
		return e;
	return found ? ERR_OK : ERR_NOT_FOUND;
}

enum err q_one(struct query *q, void (*read)(struct query *q, void *row), void *out)
{
	enum err e = q_exec(q, NULL);
	bool found;

	if (e)
		return e;
	found = q_row(q);
	if (found)
		read(q, out);
	return q_end_found(q, found);
}

enum err q_one_by_id(struct store_conn *c, enum stmt_id stmt, int64_t id,
		     void (*read)(struct query *q, void *row), void *out)
{
	struct query q;

	q_init(&q, c, stmt);
	q_int(&q, id);
	return q_one(&q, read, out);
}

enum err q_end_int(struct query *q, int64_t *v)
{
	bool found = q_row(q);

	if (found)
		*v = q_col_int(q, 0);
	return q_end_found(q, found);
}

enum err q_blob_by_id(struct store_conn *c, enum stmt_id stmt, int64_t id, size_t max, char **out,
		      size_t *len)
{
	struct query q;
	bool found;
	enum err e;

	*out = NULL;
	*len = 0;
	q_init(&q, c, stmt);
	q_int(&q, id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	found = q_row(&q);
	if (found) {
		*out = xmalloc(max + 1);
		*len = q_col_blob(&q, 0, *out, max);
		(*out)[*len] = '\0';
	}
	e = q_end_found(&q, found);
	if (e) {
		free(*out);
		*out = NULL;
		*len = 0;
	}
	return e;
}

enum err q_insert(struct query *q, int64_t *id, struct errbuf *eb)
{
	enum err e = q_exec(q, eb);

	if (e)
		return e;
	if (q_row(q))
		*id = q_col_int(q, 0);
	else if (!q->err)
		q->err = errbuf_set(eb, ERR_IO, "the database returned no id");
	return q_end(q);
}

void text_copy(char *dst, size_t cap, const char *src)
{
	size_t n;

	if (cap == 0)
		return;
	if (!src)
		src = "";
	n = strnlen(src, cap);
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void text_lower(char *dst, size_t cap, const char *src)
{
	text_copy(dst, cap, src);
	for (char *s = dst; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

void *q_end_list(struct query *q, void *list, size_t len, size_t *n, enum err *e)
{
	*e = q_end(q);
	if (*e) {
		free(list);
		*n = 0;
		return NULL;
	}
	*n = len;
	return list;
}

void *q_collect(struct query *q, size_t size, void (*read)(struct query *q, void *row), size_t *n,
		enum err *e)
{
	char *list = NULL;
	size_t len = 0, cap = 0;

	*n = 0;
	*e = q_exec(q, NULL);
	if (*e)
		return NULL;
	while (q_row(q)) {
		list = list_push(list, &len, &cap, size);
		read(q, list + (len - 1) * size);
	}
	return q_end_list(q, list, len, n, e);
}

void *list_push(void *list, size_t *len, size_t *cap, size_t size)
{
	if (*len == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		list = xrealloc(list, *cap * size);
	}
	memset((char *)list + *len * size, 0, size);
	(*len)++;
	return list;
}
