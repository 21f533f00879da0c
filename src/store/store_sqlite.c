/*
 * store_sqlite: the SQLite backend of struct backend_ops (backend.h). One sqlite3
 * handle per pooled connection (opened NOMUTEX: the pool gives it to one thread at a
 * time), WAL, foreign keys on, a 5 s busy timeout, synchronous=NORMAL, and every
 * write transaction BEGIN IMMEDIATE so it never fails half-way with SQLITE_BUSY.
 * A new database file is created readable by its owner only (it holds children's
 * data); SQLite gives its -wal and -shm files the same mode.
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "base/xalloc.h"
#include "store/backend.h"

enum { BUSY_TIMEOUT_MS = 5000 };

struct sq {
	sqlite3 *db;			/* the connection */
	sqlite3_stmt *stmts[STMT__MAX]; /* prepared on first use */
	sqlite3_stmt *cur;		/* the running statement, or NULL */
	int pending;			/* result of the step exec took, not yet seen */
	bool done;			/* cur has no more rows */
};

/* The SQLite result code as one of ours, with SQLite's message in eb. */
static enum err sq_fail(struct sq *s, int rc, struct errbuf *eb)
{
	enum err e = ERR_IO;

	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		e = ERR_CONFLICT;
	else if ((rc & 0xff) == SQLITE_CONSTRAINT)
		e = ERR_INVALID;
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return errbuf_set(eb, e, "the database is busy: %s", sqlite3_errmsg(s->db));
	return errbuf_set(eb, e, "%s", sqlite3_errmsg(s->db));
}

static void sq_close(void *db)
{
	struct sq *s = db;

	if (!s)
		return;
	for (int i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(s->stmts[i]);
	sqlite3_close(s->db);
	free(s);
}

static enum err sq_open(const char *path, void **out, struct errbuf *eb)
{
	struct sq *s = xcalloc(1, sizeof(*s));
	enum err e = ERR_OK;
	char *msg = NULL;
	int rc;

	if (strcmp(path, ":memory:") != 0) {
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
		else if (errno != EEXIST) {
			e = errbuf_set(eb, ERR_IO, "cannot create the SQLite database %s: %s", path,
				       strerror(errno));
			goto out;
		}
	}
	rc = sqlite3_open_v2(path, &s->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		e = errbuf_set(eb, ERR_IO, "cannot open the SQLite database %s: %s", path,
			       s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	/* Hardening from SQLite's advice for files that may be hostile (restores):
	 * no schema tricks, no double-quoted string literals, no functions from triggers. */
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	rc = sqlite3_exec(s->db,
			  "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
			  "PRAGMA synchronous = NORMAL;",
			  NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		e = errbuf_set(eb, ERR_IO, "cannot use the SQLite database %s: %s", path,
			       msg ? msg : sqlite3_errstr(rc));
		goto out;
	}
	*out = s;
	s = NULL;
out:
	sqlite3_free(msg);
	sq_close(s);
	return e;
}

static enum err sq_ensure(void *db, struct errbuf *eb)
{
	(void)db;
	(void)eb;
	return ERR_OK;
}

static enum err sq_prepare(struct sq *s, enum stmt_id id, struct errbuf *eb)
{
	const struct stmt_def *def = stmt_def_of(id);
	int rc;

	if (s->stmts[id])
		return ERR_OK;
	rc = sqlite3_prepare_v3(s->db, def->sql, -1, SQLITE_PREPARE_PERSISTENT, &s->stmts[id],
				NULL);
	if (rc != SQLITE_OK)
		return sq_fail(s, rc, eb);
	if ((size_t)sqlite3_bind_parameter_count(s->stmts[id]) != strlen(def->params))
		BUG("placeholders differ from the statement table's parameters");
	return ERR_OK;
}

static enum err sq_exec(void *db, enum stmt_id id, const struct param *p, int n, struct errbuf *eb)
{
	struct sq *s = db;
	sqlite3_stmt *st;
	enum err e;
	int rc = SQLITE_OK;

	e = sq_prepare(s, id, eb);
	if (e)
		return e;
	st = s->stmts[id];
	for (int i = 0; i < n && rc == SQLITE_OK; i++) {
		switch (p[i].kind) {
		case PARAM_NULL:
			rc = sqlite3_bind_null(st, i + 1);
			break;
		case PARAM_INT:
			rc = sqlite3_bind_int64(st, i + 1, p[i].i);
			break;
		case PARAM_TEXT:
			rc = sqlite3_bind_text(st, i + 1, p[i].s, -1, SQLITE_STATIC);
			break;
		case PARAM_BLOB:
			rc = sqlite3_bind_blob64(st, i + 1, p[i].b, p[i].n, SQLITE_STATIC);
			break;
		}
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		e = sq_fail(s, rc, eb);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return e;
	}
	s->cur = st;
	s->pending = rc;
	s->done = false;
	return ERR_OK;
}

static int sq_next(void *db)
{
	struct sq *s = db;
	int rc;

	if (!s->cur || s->done)
		return 0;
	if (s->pending) {
		rc = s->pending;
		s->pending = 0;
	} else {
		rc = sqlite3_step(s->cur);
	}
	if (rc == SQLITE_ROW)
		return 1;
	s->done = true;
	return rc == SQLITE_DONE ? 0 : -1;
}

static bool sq_col_null(void *db, int col)
{
	return sqlite3_column_type(((struct sq *)db)->cur, col) == SQLITE_NULL;
}

static int64_t sq_col_int(void *db, int col)
{
	return sqlite3_column_int64(((struct sq *)db)->cur, col);
}

static const char *sq_col_text(void *db, int col)
{
	const unsigned char *t = sqlite3_column_text(((struct sq *)db)->cur, col);
	return t ? (const char *)t : "";
}

static const void *sq_col_blob(void *db, int col, size_t *n)
{
	struct sq *s = db;
	const void *b = sqlite3_column_blob(s->cur, col);

	*n = b ? (size_t)sqlite3_column_bytes(s->cur, col) : 0;
	return b;
}

static int64_t sq_changes(void *db)
{
	return sqlite3_changes64(((struct sq *)db)->db);
}

static void sq_end(void *db)
{
	struct sq *s = db;

	if (!s || !s->cur)
		return;
	sqlite3_reset(s->cur);
	sqlite3_clear_bindings(s->cur);
	s->cur = NULL;
	s->pending = 0;
	s->done = false;
}

static enum err sq_tx(void *db, enum tx_op op, struct errbuf *eb)
{
	static const char *const sql[] = {
		[TX_BEGIN] = "BEGIN IMMEDIATE",
		[TX_COMMIT] = "COMMIT",
		[TX_ROLLBACK] = "ROLLBACK",
		[TX_SAVEPOINT] = "SAVEPOINT pt_sp",
		[TX_RELEASE] = "RELEASE SAVEPOINT pt_sp",
		[TX_ROLLBACK_TO] = "ROLLBACK TO SAVEPOINT pt_sp",
		[TX_READ] = "BEGIN DEFERRED",
		[TX_READ_END] = "COMMIT",
	};
	_Static_assert(ARRAY_SIZE(sql) == TX__MAX, "sql covers enum tx_op");
	struct sq *s = db;
	int rc;

	if (!s)
		return errbuf_set(eb, ERR_IO, "not connected to the database");
	sq_end(s);
	rc = sqlite3_exec(s->db, sql[op], NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return sq_fail(s, rc, eb);
	return ERR_OK;
}

static enum err sq_script(void *db, const char *sql, struct errbuf *eb)
{
	struct sq *s = db;
	char *msg = NULL;
	enum err e = ERR_OK;
	int rc;

	rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		e = errbuf_set(eb, ERR_IO, "%s", msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	return e;
}

static const char *sq_errmsg(void *db)
{
	struct sq *s = db;
	return s ? sqlite3_errmsg(s->db) : "not connected";
}

const struct backend_ops backend_sqlite = {
	.kind = STORE_SQLITE,
	.open = sq_open,
	.close = sq_close,
	.ensure = sq_ensure,
	.exec = sq_exec,
	.next = sq_next,
	.col_null = sq_col_null,
	.col_int = sq_col_int,
	.col_text = sq_col_text,
	.col_blob = sq_col_blob,
	.changes = sq_changes,
	.end = sq_end,
	.tx = sq_tx,
	.script = sq_script,
	.errmsg = sq_errmsg,
};
