/*
 * migrate: brings a database up to the schema compiled into the binary
 * (schema/sqlite/NNN_*.sql or schema/pg/NNN_*.sql, see embedded.h). Each file runs in
 * its own transaction and is recorded in schema_migrations; two processes migrating
 * at once are serialised (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock).
 */
#include <stdlib.h>

#include "base/log.h"
#include "base/xalloc.h"
#include "store/backend.h"
#include "store/embedded.h"

/* The number a migration file starts with ("001_init.sql" -> 1); 0 when none. */
static int migration_version(const char *name)
{
	char *end = NULL;
	long v = strtol(name, &end, 10);

	if (end == name || *end != '_' || v <= 0 || v > 99999)
		return 0;
	return (int)v;
}

/* Runs one migration unless it has run already; *ran says whether it did. */
static enum err migrate_one(struct store_conn *c, const struct embedded_file *f, int version,
			    bool *ran, struct errbuf *eb)
{
	struct query q;
	bool done = false;
	enum err e;

	*ran = false;
	e = store_begin(c, eb);
	if (e)
		return e;
	q_init(&q, c, STMT_MIG_LOCK);
	e = q_run(&q, eb);
	if (e)
		goto out;
	q_init(&q, c, STMT_MIG_CREATE);
	e = q_run(&q, eb);
	if (e)
		goto out;
	q_init(&q, c, STMT_MIG_APPLIED);
	q_int(&q, version);
	e = q_exec(&q, eb);
	if (e)
		goto out;
	done = q_row(&q);
	e = q_end(&q);
	if (e || done)
		goto out;
	e = c->st->ops->script(c->db, f->text, eb);
	if (e) {
		c->failed = true;
		errbuf_set(eb, e, "migration %s failed: %s", f->name, c->st->ops->errmsg(c->db));
		goto out;
	}
	q_init(&q, c, STMT_MIG_INSERT);
	q_int(&q, version);
	q_text(&q, f->name);
	e = q_run(&q, eb);
	if (e)
		goto out;
	e = store_commit(c, eb);
	if (e == ERR_OK) {
		*ran = true;
		log_info("database: applied migration %s", f->name);
	}
out:
	store_rollback(c); /* a no-op after the commit */
	return e;
}

enum err store_migrate(struct store *st, int *applied, struct errbuf *eb)
{
	const struct embedded_file *files = st->ops->kind == STORE_PG ? schema_pg : schema_sqlite;
	unsigned count = st->ops->kind == STORE_PG ? schema_pg_count : schema_sqlite_count;
	struct store_conn *c = store_acquire(st);
	enum err e = ERR_OK;
	int last = 0, version, n = 0;
	bool ran;

	if (applied)
		*applied = 0;
	for (unsigned i = 0; i < count; i++) {
		version = migration_version(files[i].name);
		if (version <= last)
			BUG("migration files must be numbered NNN_name.sql in increasing order");
		last = version;
		e = migrate_one(c, &files[i], version, &ran, eb);
		if (e)
			goto out;
		n += ran;
	}
out:
	if (applied)
		*applied = n;
	store_release(c);
	return e;
}

int store_schema_version(struct store_conn *c)
{
	struct query q;
	int64_t v = 0;

	q_init(&q, c, STMT_MIG_TABLE);
	if (q_exec(&q, NULL) != ERR_OK)
		return 0;
	if (q_row(&q))
		v = q_col_int(&q, 0);
	q_end(&q);
	if (v == 0)
		return 0;
	v = 0;
	q_init(&q, c, STMT_MIG_MAX);
	if (q_exec(&q, NULL) != ERR_OK)
		return 0;
	if (q_row(&q))
		v = q_col_int(&q, 0);
	q_end(&q);
	return (int)v;
}

enum err store_settle(struct store_conn *c, struct errbuf *eb)
{
	struct query q;

	q_init(&q, c, STMT_SETTLE);
	return q_run(&q, eb);
}
