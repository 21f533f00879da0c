/*
 * test_store_durable: saved means saved. On SQLite every commit is made durable
 * (its WAL synced to disk) before the store reports it, whether it ended an
 * explicit transaction or a single statement; a rollback or a read commits
 * nothing; a writer of another process waits for the database's lock (this
 * process's writers at once: test_store_tx's test_pool); the WAL is still
 * checkpointed, so it does not grow without end. On PostgreSQL (durable by the server's own settings) the same
 * writes are run and their results checked.
 */
#include <pthread.h>
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
	store_sqlite_sync_counts(sqlite_path(f), commits, syncs);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_each_commit_synced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_of_another_process, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wal_checkpointed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
