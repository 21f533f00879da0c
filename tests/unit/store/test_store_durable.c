/*
 * test_store_durable: saved means saved. On SQLite every commit is made durable
 * (its WAL synced to disk) before the store reports it, whether it ended an
 * explicit transaction or a single statement; a rollback or a read commits
 * nothing; a writer of another process waits for the database's lock (this
 * process's writers at once: test_store_tx's test_pool); the WAL is still
 * checkpointed, so it does not grow without end; and after a power cut
 * (simulated by a VFS that keeps every write to the database and its WAL in
 * memory until the file is synced, as a disk's cache does) every commit the
 * store reported is there. On PostgreSQL (durable by the server's own
 * settings) the same writes are run and their results checked.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>

#include "store_fixture.h"
#include "store/backend.h"
#include "store/store_batch.h"

static bool on_sqlite(const struct fx *f)
{
	return store_backend_of(f->st) == STORE_SQLITE;
}

/* The SQLite file's path as the store took it from the URL ("sqlite:PATH"). */
static const char *sqlite_path(const struct fx *f)
{
	return f->url + strlen("sqlite:");
}

static void counts(const struct fx *f, unsigned long *commits, unsigned long *syncs)
{
	unsigned long checkpoints;

	store_sqlite_sync_counts(sqlite_path(f), commits, syncs, &checkpoints);
}

static void add_trust(struct store_conn *c, const char *name)
{
	struct errbuf eb = { "" };
	struct trust t = { 0 };

	snprintf(t.name, sizeof(t.name), "%s", name);
	if (store_begin(c, &eb) != ERR_OK || store_trust_add(c, &cli, &t, &eb) != ERR_OK ||
	    store_commit(c, &eb) != ERR_OK)
		fail_msg("adding trust %s: %s", name, eb.msg);
}

static size_t trusts(struct store_conn *c)
{
	struct trust *list = NULL;
	size_t n = 0;

	assert_int_equal(store_trust_list(c, &list, &n), ERR_OK);
	free(list);
	return n;
}

/* ---- each commit synced ---- */

static void test_each_commit_synced(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = f->c;
	struct errbuf eb = { "" };
	unsigned long c0, s0, c1, s1;
	struct query q;
	int64_t id = 0;

	counts(f, &c0, &s0);
	for (int i = 0; i < 5; i++) {
		char name[32];
		snprintf(name, sizeof(name), "Trust %d", i);
		add_trust(c, name);
	}
	counts(f, &c1, &s1);
	if (on_sqlite(f)) {
		/* one after another: each commit waits for a sync of its own */
		assert_int_equal(c1 - c0, 5);
		assert_int_equal(s1 - s0, 5);
	}

	/* Rolled back, or only read: nothing is committed. */
	assert_int_equal(store_begin(c, &eb), ERR_OK);
	{
		struct trust t = { .name = "Rolled back" };
		assert_int_equal(store_trust_add(c, &cli, &t, &eb), ERR_OK);
	}
	store_rollback(c);
	assert_int_equal(store_read_begin(c, &eb), ERR_OK);
	assert_int_equal(trusts(c), 5);
	store_read_end(c);
	counts(f, &c0, &s0);
	assert_int_equal(c0, c1);
	assert_int_equal(s0, s1);

	/* A single write statement, no transaction, whose returned row is read and
	 * the statement then ended: it commits as it ends, and that commit too is
	 * synced before q_end returns. */
	q_init(&q, c, STMT_TRUST_INSERT);
	q_text(&q, "Single statement");
	assert_int_equal(q_insert(&q, &id, NULL), ERR_OK);
	assert_true(id > 0);
	counts(f, &c1, &s1);
	if (on_sqlite(f)) {
		assert_int_equal(c1 - c0, 1);
		assert_int_equal(s1 - s0, 1);
	}
	assert_int_equal(trusts(c), 6);
}

/* ---- a writer of another process ---- */

struct holder {
	struct store *st;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool begun;
	enum err e;
};

/* Begins a write, says so, keeps the database's write lock 100 ms, commits. */
static void *holder_run(void *arg)
{
	struct holder *h = arg;
	struct store_conn *c = store_acquire(h->st);
	struct errbuf eb = { "" };
	struct trust t = { .name = "Held" };
	struct timespec pause = { 0, 100 * 1000 * 1000 };

	h->e = store_begin(c, &eb);
	if (h->e == ERR_OK)
		h->e = store_trust_add(c, &cli, &t, &eb);
	pthread_mutex_lock(&h->mu);
	h->begun = true;
	pthread_cond_signal(&h->cv);
	pthread_mutex_unlock(&h->mu);
	nanosleep(&pause, NULL);
	if (h->e == ERR_OK)
		h->e = store_commit(c, &eb);
	store_release(c);
	return NULL;
}

static double ms_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void test_writer_of_another_process(void **state)
{
	struct fx *f = *state;
	struct holder h = { .st = f->st };
	struct store *other;
	struct store_conn *c;
	pthread_t th;
	char url[1024];
	double t0, waited;

	/* On SQLite the file named another way is opened as another process
	 * would: no gate shared with f->st, only the database's lock. */
	if (on_sqlite(f)) {
		const char *path = sqlite_path(f), *slash = strrchr(path, '/');
		assert_non_null(slash);
		snprintf(url, sizeof(url), "sqlite:%.*s/./%s", (int)(slash - path), path,
			 slash + 1);
	} else {
		snprintf(url, sizeof(url), "%s", f->url);
	}
	other = open_store(url, 2);
	pthread_mutex_init(&h.mu, NULL);
	pthread_cond_init(&h.cv, NULL);
	assert_int_equal(pthread_create(&th, NULL, holder_run, &h), 0);
	pthread_mutex_lock(&h.mu);
	while (!h.begun)
		pthread_cond_wait(&h.cv, &h.mu);
	pthread_mutex_unlock(&h.mu);

	/* This writer waits for the other's commit, then writes. */
	c = store_acquire(other);
	t0 = ms_now();
	add_trust(c, "Waited");
	waited = ms_now() - t0;
	store_release(c);
	pthread_join(th, NULL);
	assert_int_equal(h.e, ERR_OK);
	if (on_sqlite(f)) {
		assert_true(waited >= 50);  /* it did wait for the lock */
		assert_true(waited < 4000); /* and went on soon after it was let go */
	}
	assert_int_equal(trusts(f->c), 2);
	store_free(other);
	pthread_cond_destroy(&h.cv);
	pthread_mutex_destroy(&h.mu);
}

/* ---- the WAL is checkpointed ---- */

enum { MANY_COMMITS = 1500 };

static void test_wal_checkpointed(void **state)
{
	struct fx *f = *state;
	struct stat sb;
	char wal[1024];

	for (int i = 0; i < MANY_COMMITS; i++) {
		char name[32];
		snprintf(name, sizeof(name), "Trust %d", i);
		add_trust(f->c, name);
	}
	assert_int_equal(trusts(f->c), MANY_COMMITS);
	if (!on_sqlite(f))
		return;
	/* Each commit writes a few 4 KiB pages (the trust, its audit row, their
	 * indexes): without checkpoints the WAL would hold them all (over 20 MB);
	 * with them it starts again after about 1,000 pages. */
	snprintf(wal, sizeof(wal), "%s-wal", sqlite_path(f));
	assert_int_equal(stat(wal, &sb), 0);
	assert_true(sb.st_size > 0);
	assert_true(sb.st_size < 8 * 1024 * 1024);
}

/* While a reader keeps the WAL from starting again (its snapshot is older
 * than the WAL's pages), a checkpoint is begun once per WAL_CHECKPOINT_FRAMES
 * pages, not at every commit. */
static void test_checkpoint_not_every_commit(void **state)
{
	struct fx *f = *state;
	struct store_conn *w = store_acquire(f->st);
	struct errbuf eb = { "" };
	unsigned long commits, syncs, ckpt0, ckpt1;

	assert_int_equal(store_read_begin(f->c, &eb), ERR_OK);
	assert_int_equal(trusts(f->c), 0); /* the snapshot the reader keeps */
	store_sqlite_sync_counts(sqlite_path(f), &commits, &syncs, &ckpt0);
	for (int i = 0; i < MANY_COMMITS; i++) {
		char name[32];
		snprintf(name, sizeof(name), "Trust %d", i);
		add_trust(w, name);
	}
	store_sqlite_sync_counts(sqlite_path(f), &commits, &syncs, &ckpt1);
	store_read_end(f->c);
	store_release(w);
	assert_int_equal(trusts(f->c), MANY_COMMITS);
	if (!on_sqlite(f))
		return;
	/* 1,500 commits of a few pages each: several thousand pages in all */
	assert_true(ckpt1 - ckpt0 >= 1);
	assert_true(ckpt1 - ckpt0 <= 12);
}

/* ---- a power cut ---- */

/*
 * The "lossy" VFS: SQLite's own unix VFS, except that what is written to a
 * main database file or a WAL file stays in memory (shared by every handle on
 * the file, as the kernel's page cache is) until a sync of the file, through
 * any handle, writes it out. Reads see it. lossy_cut() is the power cut: what
 * was not synced is gone, and nothing written, synced or deleted afterwards
 * reaches the disk. A truncation writes out what is held first (kinder than a
 * real disk, and not used by the writes tested here).
 */
enum { LOSSY_FILES = 8 };

struct held {
	sqlite3_int64 off;
	int n;
	unsigned char *bytes;
};

struct lossy_node {
	char path[512];	   /* "" for a free slot */
	struct held *held; /* writes not yet synced, oldest first */
	size_t nheld, cap;
	sqlite3_int64 size; /* the file's size with them */
};

struct lossy_file {
	sqlite3_file base;	 /* pMethods = &lossy_io */
	struct lossy_node *node; /* NULL: a file passed straight through */
	sqlite3_file *real;	 /* the unix VFS's file, just after this struct */
};

static sqlite3_vfs *lossy_unix;
static sqlite3_vfs lossy_vfs;
static struct lossy_node lossy_nodes[LOSSY_FILES];
static bool lossy_power_cut;
static pthread_mutex_t lossy_mu = PTHREAD_MUTEX_INITIALIZER;

static void held_drop(struct lossy_node *nd)
{
	for (size_t i = 0; i < nd->nheld; i++)
		free(nd->held[i].bytes);
	nd->nheld = 0;
}

/* Writes out what nd holds, through the real file f. */
static int held_flush(struct lossy_node *nd, sqlite3_file *f)
{
	int rc = SQLITE_OK;

	for (size_t i = 0; i < nd->nheld && rc == SQLITE_OK; i++)
		rc = f->pMethods->xWrite(f, nd->held[i].bytes, nd->held[i].n, nd->held[i].off);
	held_drop(nd);
	return rc;
}

static int lossy_close(sqlite3_file *f)
{
	struct lossy_file *lf = (struct lossy_file *)f;

	return lf->real->pMethods->xClose(lf->real);
}

static int lossy_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	struct lossy_file *lf = (struct lossy_file *)f;
	struct lossy_node *nd = lf->node;
	int rc = lf->real->pMethods->xRead(lf->real, buf, n, off);

	if (!nd || (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ))
		return rc;
	pthread_mutex_lock(&lossy_mu);
	for (size_t i = 0; i < nd->nheld; i++) {
		const struct held *h = &nd->held[i];
		sqlite3_int64 from = h->off > off ? h->off : off;
		sqlite3_int64 to = h->off + h->n < off + n ? h->off + h->n : off + n;
		if (from < to)
			memcpy((unsigned char *)buf + (from - off), h->bytes + (from - h->off),
			       (size_t)(to - from));
	}
	rc = off + n <= nd->size ? SQLITE_OK : SQLITE_IOERR_SHORT_READ;
	pthread_mutex_unlock(&lossy_mu);
	return rc;
}

static int lossy_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	struct lossy_file *lf = (struct lossy_file *)f;
	struct lossy_node *nd = lf->node;
	struct held *h;

	if (!nd)
		return lossy_power_cut ? SQLITE_OK :
					 lf->real->pMethods->xWrite(lf->real, buf, n, off);
	pthread_mutex_lock(&lossy_mu);
	if (!lossy_power_cut) {
		if (nd->nheld == nd->cap) {
			nd->cap = nd->cap ? 2 * nd->cap : 64;
			nd->held = xrealloc(nd->held, nd->cap * sizeof(*nd->held));
		}
		h = &nd->held[nd->nheld++];
		h->off = off;
		h->n = n;
		h->bytes = xmalloc((size_t)n);
		memcpy(h->bytes, buf, (size_t)n);
		if (off + n > nd->size)
			nd->size = off + n;
	}
	pthread_mutex_unlock(&lossy_mu);
	return SQLITE_OK;
}

static int lossy_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct lossy_file *lf = (struct lossy_file *)f;
	int rc = SQLITE_OK;

	if (lossy_power_cut)
		return SQLITE_OK;
	pthread_mutex_lock(&lossy_mu);
	if (lf->node) {
		rc = held_flush(lf->node, lf->real);
		lf->node->size = size;
	}
	pthread_mutex_unlock(&lossy_mu);
	return rc == SQLITE_OK ? lf->real->pMethods->xTruncate(lf->real, size) : rc;
}

static int lossy_sync(sqlite3_file *f, int flags)
{
	struct lossy_file *lf = (struct lossy_file *)f;
	int rc = SQLITE_OK;

	if (lossy_power_cut)
		return SQLITE_OK;
	pthread_mutex_lock(&lossy_mu);
	if (lf->node)
		rc = held_flush(lf->node, lf->real);
	pthread_mutex_unlock(&lossy_mu);
	return rc == SQLITE_OK ? lf->real->pMethods->xSync(lf->real, flags) : rc;
}

static int lossy_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	struct lossy_file *lf = (struct lossy_file *)f;

	if (!lf->node)
		return lf->real->pMethods->xFileSize(lf->real, size);
	pthread_mutex_lock(&lossy_mu);
	*size = lf->node->size;
	pthread_mutex_unlock(&lossy_mu);
	return SQLITE_OK;
}

#define LOSSY_PASS(name, params, args)                          \
	static int lossy_##name params                          \
	{                                                       \
		struct lossy_file *lf = (struct lossy_file *)f; \
		return lf->real->pMethods->name args;           \
	}
LOSSY_PASS(xLock, (sqlite3_file * f, int l), (lf->real, l))
LOSSY_PASS(xUnlock, (sqlite3_file * f, int l), (lf->real, l))
LOSSY_PASS(xCheckReservedLock, (sqlite3_file * f, int *out), (lf->real, out))
LOSSY_PASS(xSectorSize, (sqlite3_file * f), (lf->real))
LOSSY_PASS(xDeviceCharacteristics, (sqlite3_file * f), (lf->real))
LOSSY_PASS(xShmMap, (sqlite3_file * f, int pg, int sz, int ext, void volatile **pp),
	   (lf->real, pg, sz, ext, pp))
LOSSY_PASS(xShmLock, (sqlite3_file * f, int off, int n, int flags), (lf->real, off, n, flags))
LOSSY_PASS(xShmUnmap, (sqlite3_file * f, int del), (lf->real, del))

static void lossy_xShmBarrier(sqlite3_file *f)
{
	struct lossy_file *lf = (struct lossy_file *)f;

	lf->real->pMethods->xShmBarrier(lf->real);
}

static int lossy_file_control(sqlite3_file *f, int op, void *arg)
{
	struct lossy_file *lf = (struct lossy_file *)f;

	/* a size hint would grow the real file behind the held writes */
	if (lf->node && (op == SQLITE_FCNTL_SIZE_HINT || op == SQLITE_FCNTL_CHUNK_SIZE))
		return SQLITE_OK;
	return lf->real->pMethods->xFileControl(lf->real, op, arg);
}

/* Version 2: no memory-mapped reads, which would read around the held writes. */
static const sqlite3_io_methods lossy_io = {
	2,
	lossy_close,
	lossy_read,
	lossy_write,
	lossy_truncate,
	lossy_sync,
	lossy_file_size,
	lossy_xLock,
	lossy_xUnlock,
	lossy_xCheckReservedLock,
	lossy_file_control,
	lossy_xSectorSize,
	lossy_xDeviceCharacteristics,
	lossy_xShmMap,
	lossy_xShmLock,
	lossy_xShmBarrier,
	lossy_xShmUnmap,
	NULL,
	NULL,
};

static struct lossy_node *lossy_node_of(const char *path, sqlite3_file *real)
{
	struct lossy_node *free_slot = NULL;

	for (int i = 0; i < LOSSY_FILES; i++) {
		if (strcmp(lossy_nodes[i].path, path) == 0)
			return &lossy_nodes[i];
		if (!free_slot && !lossy_nodes[i].path[0])
			free_slot = &lossy_nodes[i];
	}
	if (!free_slot)
		fail_msg("lossy VFS: more than %d files", LOSSY_FILES);
	snprintf(free_slot->path, sizeof(free_slot->path), "%s", path);
	if (real->pMethods->xFileSize(real, &free_slot->size) != SQLITE_OK)
		free_slot->size = 0;
	return free_slot;
}

static int lossy_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	struct lossy_file *lf = (struct lossy_file *)f;
	int rc;

	(void)vfs;
	lf->real = (sqlite3_file *)(lf + 1);
	lf->node = NULL;
	rc = lossy_unix->xOpen(lossy_unix, name, lf->real, flags, out);
	if (rc != SQLITE_OK) {
		f->pMethods = NULL;
		return rc;
	}
	if (name && (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL))) {
		pthread_mutex_lock(&lossy_mu);
		lf->node = lossy_node_of(name, lf->real);
		pthread_mutex_unlock(&lossy_mu);
	}
	f->pMethods = &lossy_io;
	return SQLITE_OK;
}

static int lossy_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	if (lossy_power_cut)
		return SQLITE_OK;
	pthread_mutex_lock(&lossy_mu);
	for (int i = 0; i < LOSSY_FILES; i++)
		if (strcmp(lossy_nodes[i].path, name) == 0) {
			held_drop(&lossy_nodes[i]);
			lossy_nodes[i].size = 0;
		}
	pthread_mutex_unlock(&lossy_mu);
	return lossy_unix->xDelete(lossy_unix, name, sync_dir);
}

/* Makes the lossy VFS the default for the connections opened from now on. */
static void lossy_install(void)
{
	lossy_unix = sqlite3_vfs_find(NULL);
	assert_non_null(lossy_unix);
	lossy_vfs = *lossy_unix;
	lossy_vfs.zName = "lossy";
	lossy_vfs.szOsFile = (int)sizeof(struct lossy_file) + lossy_unix->szOsFile;
	lossy_vfs.xOpen = lossy_open;
	lossy_vfs.xDelete = lossy_delete;
	lossy_power_cut = false;
	assert_int_equal(sqlite3_vfs_register(&lossy_vfs, 1), SQLITE_OK);
}

/* The power cut: what was not synced is lost. */
static void lossy_cut(void)
{
	pthread_mutex_lock(&lossy_mu);
	lossy_power_cut = true;
	for (int i = 0; i < LOSSY_FILES; i++)
		held_drop(&lossy_nodes[i]);
	pthread_mutex_unlock(&lossy_mu);
}

/* After the connections of the cut have closed: SQLite's own VFS again. */
static void lossy_remove(void)
{
	sqlite3_vfs_unregister(&lossy_vfs);
	for (int i = 0; i < LOSSY_FILES; i++) {
		held_drop(&lossy_nodes[i]);
		free(lossy_nodes[i].held);
		memset(&lossy_nodes[i], 0, sizeof(lossy_nodes[i]));
	}
	lossy_power_cut = false;
}

static bool trust_there(struct store_conn *c, const char *name)
{
	struct trust *list = NULL;
	size_t n = 0;
	bool found = false;

	assert_int_equal(store_trust_list(c, &list, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		found = found || strcmp(list[i].name, name) == 0;
	free(list);
	return found;
}

enum { CUT_COMMITS = 20 };

static void test_power_cut(void **state)
{
	struct fx *f = *state;
	struct errbuf eb = { "" };
	struct store *st;
	struct store_conn *c;
	struct query q;
	sqlite3 *raw = NULL;
	int64_t id = 0;
	char *err = NULL;

	if (!on_sqlite(f)) {
		/* PostgreSQL's commits are as durable as its server is set to be
		 * (fsync, synchronous_commit): nothing of pupiltrack's to cut. */
		add_trust(f->c, "Saved");
		assert_true(trust_there(f->c, "Saved"));
		return;
	}
	/* The fixture's store, migrated, closed; the file opened again through
	 * the lossy VFS. */
	store_release(f->c);
	store_free(f->st);
	lossy_install();
	st = open_store(f->url, 4);
	c = store_acquire(st);
	for (int i = 0; i < CUT_COMMITS; i++) {
		char name[32];
		snprintf(name, sizeof(name), "Saved %d", i);
		add_trust(c, name); /* each reported committed */
	}
	q_init(&q, c, STMT_TRUST_INSERT);
	q_text(&q, "Saved alone");
	assert_int_equal(q_insert(&q, &id, &eb), ERR_OK);

	/* The control: a commit nobody synced (a connection of SQLite's own,
	 * without the store's hook) is what a power cut loses. */
	assert_int_equal(sqlite3_open(sqlite_path(f), &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw,
				      "PRAGMA synchronous = OFF; "
				      "INSERT INTO trust (name) VALUES ('Not synced')",
				      NULL, NULL, &err),
			 SQLITE_OK);
	assert_true(trust_there(c, "Not synced")); /* committed, for the program */

	lossy_cut();
	sqlite3_close(raw);
	store_release(c);
	store_free(st);
	lossy_remove();

	/* After the cut, with SQLite's own VFS: every commit reported is there. */
	f->st = open_store(f->url, 4);
	f->c = store_acquire(f->st);
	for (int i = 0; i < CUT_COMMITS; i++) {
		char name[32];
		snprintf(name, sizeof(name), "Saved %d", i);
		assert_true(trust_there(f->c, name));
	}
	assert_true(trust_there(f->c, "Saved alone"));
	assert_false(trust_there(f->c, "Not synced"));
	assert_int_equal(trusts(f->c), CUT_COMMITS + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_each_commit_synced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_of_another_process, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wal_checkpointed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkpoint_not_every_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_power_cut, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
