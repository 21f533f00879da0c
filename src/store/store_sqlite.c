/*
 * store_sqlite: the SQLite backend of struct backend_ops (backend.h). One sqlite3
 * handle per pooled connection (opened NOMUTEX: the pool gives it to one thread at a
 * time), WAL, foreign keys on, a 5 s busy timeout (sq_busy), every write
 * transaction BEGIN IMMEDIATE so it never fails half-way with SQLITE_BUSY, and
 * every commit durable before it returns (sq_wal_hook: the WAL synced to disk,
 * once for all the commits of this process that wait for it). This process's
 * write transactions to one file queue on a gate of their own (gate_take), so
 * that each is woken the moment the one before it has written its commit.
 * A new database file is created readable by its owner only (it holds children's
 * data); SQLite gives its -wal and -shm files the same mode.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/xalloc.h"
#include "store/backend.h"

enum {
	BUSY_TIMEOUT_MS = 5000,
	BUSY_FIRST_TRIES = 20, /* tries BUSY_SHORT_US apart, then BUSY_LONG_US */
	BUSY_SHORT_US = 100,
	BUSY_LONG_US = 1000,
	WAL_CHECKPOINT_FRAMES = 1000, /* SQLite's own automatic checkpoint's */
	GATE_WAIT_SECONDS = 5,	      /* as BUSY_TIMEOUT_MS */
};

/*
 * What this process's connections to one database file (opened by one name,
 * sq_open) share: the write gate, and the commits and how many of them are on
 * disk (wal_durable).
 */
struct wal_sync {
	struct wal_sync *next;
	char *path;	    /* as given to sq_open */
	unsigned refs;	    /* connections using it */
	pthread_mutex_t mu; /* guards the fields below */
	/* The gate: one write transaction at a time in the file, held from BEGIN
	 * IMMEDIATE until its commit is written (sq_wal_hook) or it ends
	 * otherwise. */
	bool gate_shut;
	pthread_cond_t gate_cv; /* signalled when the gate opens (on the monotonic clock) */
	pthread_cond_t cv;	/* signalled when a sync ends */
	uint64_t committed;	/* commits whose pages are written to the WAL */
	uint64_t synced;	/* the first `synced` of them are on disk */
	bool syncing;		/* a connection is syncing the WAL now */
	uint64_t syncs;		/* syncs done (for tests: store_sqlite_sync_counts) */
	int checkpointed_at;	/* the WAL's pages when the last checkpoint began */
	uint64_t checkpoints;	/* checkpoints begun (for tests, as syncs) */
};

static pthread_mutex_t wal_syncs_mu = PTHREAD_MUTEX_INITIALIZER;
static struct wal_sync *wal_syncs;

struct sq {
	sqlite3 *db;			/* the connection */
	struct timespec busy_since;	/* when the present wait for a lock began */
	struct wal_sync *sync;		/* its file's gate and commits (NULL: ":memory:") */
	bool gate_held;			/* it holds its file's gate (gate_take) */
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

static double ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/*
 * SQLite's busy handler: called while another connection holds the lock this
 * one needs (a writer of another process, or a single write statement of this
 * one, which does not take the gate), `tries` times before. It waits
 * BUSY_SHORT_US between the first tries and BUSY_LONG_US after, up to
 * BUSY_TIMEOUT_MS in all, then gives up (SQLITE_BUSY: "the database is
 * busy"). SQLite's own
 * sqlite3_busy_timeout waits 1 ms at first and up to 100 ms between tries,
 * so a save that queued behind another for 0.3 ms waited a millisecond or
 * more.
 */
static int sq_busy(void *arg, int tries)
{
	struct sq *s = arg;
	struct timespec pause = { 0, 0 };

	if (tries == 0)
		clock_gettime(CLOCK_MONOTONIC, &s->busy_since);
	else if (ms_since(&s->busy_since) >= BUSY_TIMEOUT_MS)
		return 0;
	pause.tv_nsec = 1000L * (tries < BUSY_FIRST_TRIES ? BUSY_SHORT_US : BUSY_LONG_US);
	nanosleep(&pause, NULL);
	return 1;
}

/* The file's entry in wal_syncs, or NULL; the caller holds wal_syncs_mu. */
static struct wal_sync *wal_sync_find(const char *path)
{
	struct wal_sync *w;

	for (w = wal_syncs; w && strcmp(w->path, path) != 0; w = w->next)
		;
	return w;
}

static struct wal_sync *wal_sync_get(const char *path)
{
	struct wal_sync *w;

	pthread_mutex_lock(&wal_syncs_mu);
	w = wal_sync_find(path);
	if (!w) {
		pthread_condattr_t attr;
		w = xcalloc(1, sizeof(*w));
		w->path = xstrdup(path);
		pthread_mutex_init(&w->mu, NULL);
		pthread_cond_init(&w->cv, NULL);
		pthread_condattr_init(&attr);
		pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
		pthread_cond_init(&w->gate_cv, &attr);
		pthread_condattr_destroy(&attr);
		w->next = wal_syncs;
		wal_syncs = w;
	}
	w->refs++;
	pthread_mutex_unlock(&wal_syncs_mu);
	return w;
}

static void wal_sync_put(struct wal_sync *w)
{
	struct wal_sync **at;

	if (!w)
		return;
	pthread_mutex_lock(&wal_syncs_mu);
	if (--w->refs == 0) {
		for (at = &wal_syncs; *at != w; at = &(*at)->next)
			;
		*at = w->next;
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->gate_cv);
		free(w->path);
		free(w);
	}
	pthread_mutex_unlock(&wal_syncs_mu);
}

/*
 * Takes the file's write gate before s begins a write transaction. Without it
 * this process's writers would wait for each other in sq_busy, polling. One
 * that waited GATE_WAIT_SECONDS goes on without it (the database's own lock
 * still keeps the writes apart), so a holder that never lets go cannot stop
 * the others for good.
 */
static void gate_take(struct sq *s)
{
	struct wal_sync *w = s->sync;
	struct timespec until;
	int rc = 0;

	if (!w || s->gate_held)
		return;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += GATE_WAIT_SECONDS;
	pthread_mutex_lock(&w->mu);
	while (w->gate_shut && rc == 0)
		rc = pthread_cond_timedwait(&w->gate_cv, &w->mu, &until);
	if (!w->gate_shut)
		w->gate_shut = s->gate_held = true;
	pthread_mutex_unlock(&w->mu);
	if (!s->gate_held)
		log_warn("database: a writer waited %d s for the one before it; going on",
			 GATE_WAIT_SECONDS);
}

static void gate_give(struct sq *s)
{
	struct wal_sync *w = s->sync;

	if (!s->gate_held)
		return;
	pthread_mutex_lock(&w->mu);
	w->gate_shut = false;
	pthread_cond_signal(&w->gate_cv);
	pthread_mutex_unlock(&w->mu);
	s->gate_held = false;
}

/* Syncs db's WAL file (schema name) to disk, through SQLite's own file
 * object, as synchronous=FULL does after each commit. */
static int wal_file_sync(sqlite3 *db, const char *name)
{
	sqlite3_file *f = NULL;

	if (sqlite3_file_control(db, name, SQLITE_FCNTL_JOURNAL_POINTER, &f) != SQLITE_OK || !f ||
	    !f->pMethods)
		return SQLITE_IOERR_FSYNC;
	return f->pMethods->xSync(f, SQLITE_SYNC_NORMAL);
}

/*
 * Makes the commit db has just written to the WAL durable: returns once the
 * WAL is on disk up to it. synchronous=FULL would sync the WAL in each commit,
 * while the commit holds the database's write lock, so that writers queue
 * behind each other's syncs. Here the commit is written under the lock
 * (synchronous=NORMAL) and synced after it: a commit that finds another
 * connection syncing waits for that sync to end, then one sync (its own or
 * that of one of the commits that waited with it) covers every commit
 * written by then. A sync covers the file whichever connection's handle it
 * goes through. A failed sync is the commit's error: the commit is then not
 * reported as saved.
 */
static int wal_durable(struct wal_sync *w, sqlite3 *db, const char *name)
{
	uint64_t mine, upto;
	int rc = SQLITE_OK;

	pthread_mutex_lock(&w->mu);
	mine = ++w->committed;
	while (w->synced < mine && rc == SQLITE_OK) {
		if (w->syncing) {
			pthread_cond_wait(&w->cv, &w->mu);
			continue;
		}
		w->syncing = true;
		upto = w->committed;
		pthread_mutex_unlock(&w->mu);
		rc = wal_file_sync(db, name);
		pthread_mutex_lock(&w->mu);
		w->syncing = false;
		if (rc == SQLITE_OK) {
			w->syncs++;
			if (upto > w->synced)
				w->synced = upto;
		}
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return rc;
}

/*
 * Whether the commit that left `frames` pages in the WAL checkpoints it: once
 * the WAL holds WAL_CHECKPOINT_FRAMES pages, and again only after that many
 * more (or after the WAL has started again from the beginning). SQLite's own
 * automatic checkpoint tries after every commit while the WAL is that long;
 * when the WAL cannot start again because a reader still uses its older pages
 * (other requests reading at the same time), that was every commit, each
 * checkpoint syncing the WAL and the database once more: with four writers at
 * once, 2,170 checkpoints for 3,000 commits, more time than the commits' own
 * syncs.
 */
static bool checkpoint_due(struct wal_sync *w, int frames)
{
	bool due;

	pthread_mutex_lock(&w->mu);
	due = frames >= WAL_CHECKPOINT_FRAMES &&
	      (frames < w->checkpointed_at || frames - w->checkpointed_at >= WAL_CHECKPOINT_FRAMES);
	if (due) {
		w->checkpointed_at = frames;
		w->checkpoints++;
	}
	pthread_mutex_unlock(&w->mu);
	return due;
}

/*
 * SQLite calls this after every commit of a write transaction (an explicit
 * COMMIT or a single statement), with the database's write lock already let
 * go and `frames` pages in the WAL. It lets go of the gate too, makes the
 * commit durable, then checkpoints when checkpoint_due says so (a hook of
 * one's own replaces SQLite's automatic checkpoint). An error here is the
 * committing statement's error.
 */
static int sq_wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	struct sq *s = arg;
	int rc;

	gate_give(s); /* the next writer may write while this one syncs */
	rc = wal_durable(s->sync, db, name);

	if (checkpoint_due(s->sync, frames))
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return rc;
}

void store_sqlite_sync_counts(const char *path, unsigned long *commits, unsigned long *syncs,
			      unsigned long *checkpoints)
{
	struct wal_sync *w;

	*commits = *syncs = *checkpoints = 0;
	pthread_mutex_lock(&wal_syncs_mu);
	w = wal_sync_find(path);
	if (w) {
		pthread_mutex_lock(&w->mu);
		*commits = (unsigned long)w->committed;
		*syncs = (unsigned long)w->syncs;
		*checkpoints = (unsigned long)w->checkpoints;
		pthread_mutex_unlock(&w->mu);
	}
	pthread_mutex_unlock(&wal_syncs_mu);
}

static void sq_close(void *db)
{
	struct sq *s = db;

	if (!s)
		return;
	for (int i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(s->stmts[i]);
	sqlite3_close(s->db);
	gate_give(s);
	wal_sync_put(s->sync);
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
	sqlite3_busy_handler(s->db, sq_busy, s);
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
	if (strcmp(path, ":memory:") != 0) {
		s->sync = wal_sync_get(path);
		sqlite3_wal_hook(s->db, sq_wal_hook, s);
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

static bool sq_end(void *db)
{
	struct sq *s = db;
	int rc = SQLITE_DONE;

	if (!s || !s->cur)
		return true;
	/* A single write statement (no transaction open) whose rows were not all
	 * read commits here: stepped to its end, so that the commit goes through
	 * sq_wal_hook (a reset commits without calling it). */
	if (!s->done && s->pending != SQLITE_DONE && sqlite3_get_autocommit(s->db) &&
	    !sqlite3_stmt_readonly(s->cur))
		while ((rc = sqlite3_step(s->cur)) == SQLITE_ROW)
			;
	if (rc != SQLITE_DONE)
		log_error("database: %s", sqlite3_errmsg(s->db));
	sqlite3_reset(s->cur);
	sqlite3_clear_bindings(s->cur);
	s->cur = NULL;
	s->pending = 0;
	s->done = false;
	return rc == SQLITE_DONE;
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
	if (op == TX_BEGIN)
		gate_take(s);
	rc = sqlite3_exec(s->db, sql[op], NULL, NULL, NULL);
	/* A commit gave the gate back in sq_wal_hook unless it wrote nothing or
	 * failed; a begin that failed began nothing. */
	if (op == TX_COMMIT || op == TX_ROLLBACK || (op == TX_BEGIN && rc != SQLITE_OK))
		gate_give(s);
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
