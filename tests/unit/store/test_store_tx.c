/*
 * test_store_tx: the store's guarantees, run on SQLite and on PostgreSQL: the audit
 * is append-only even with the database opened directly, a batch of audit rows
 * is written as single rows are, rollbacks leave nothing,
 * the pool serves many threads, values are bound (quotes and Unicode round-trip),
 * a lost PostgreSQL connection is re-opened.
 */
#include <pthread.h>

#include "store_fixture.h"
#include "store/store_batch.h"

/* ---- audit ---- */

static void test_audit(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = f->c;
	int64_t la_id = add_la(c, 888, "Demo LA");
	struct establishment a = add_est(c, la_id, 1234, "A", 0);
	struct audit_entry e = { .at = 1000,
				 .user_id = 3,
				 .actor = "bob",
				 .ip = "::1",
				 .action = "login.fail",
				 .object = "user bob" };
	struct audit_entry *list = NULL;
	struct audit_query aq = { 0 };
	char *err;
	size_t n = 0;

	assert_int_equal(store_audit_add(c, &e), ERR_OK);
	e.at = 2000;
	snprintf(e.action, sizeof(e.action), "login.ok");
	assert_int_equal(store_audit_add(c, &e), ERR_OK);

	assert_int_equal(store_audit_list(c, &aq, &list, &n), ERR_OK);
	assert_int_equal(n, 4);
	assert_true(list[0].id > list[1].id); /* newest first */
	assert_string_equal(list[0].action, "login.ok");
	free(list);
	aq.actor = "bob";
	assert_int_equal(store_audit_list(c, &aq, &list, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[1].ip, "::1");
	assert_int_equal(list[1].at, 1000);
	assert_int_equal(list[1].user_id, 3);
	free(list);
	aq.action = "login.f";
	assert_int_equal(store_audit_list(c, &aq, &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	free(list);
	aq = (struct audit_query){ .since = 1500, .until = 2500 };
	assert_int_equal(store_audit_list(c, &aq, &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].action, "login.ok");
	free(list);
	aq = (struct audit_query){ .establishment_id = a.id };
	assert_int_equal(store_audit_list(c, &aq, &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].action, "establishment.add");
	free(list);
	aq = (struct audit_query){ .la_id = la_id };
	assert_int_equal(store_audit_list(c, &aq, &list, &n), ERR_OK);
	assert_int_equal(n, 2);
	free(list);
	aq = (struct audit_query){ .limit = 1 };
	assert_int_equal(store_audit_list(c, &aq, &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	free(list);

	/* Append-only, even for someone with the database open directly. */
	store_release(f->c);
	err = tu_raw_exec(f->url, "UPDATE audit SET action = 'x'");
	assert_non_null(err);
	assert_non_null(strstr(err, "append-only"));
	free(err);
	err = tu_raw_exec(f->url, "DELETE FROM audit");
	assert_non_null(err);
	assert_non_null(strstr(err, "append-only"));
	free(err);
	err = tu_raw_exec(f->url, "SELECT count(*) FROM audit");
	assert_null(err);
	f->c = store_acquire(f->st);
	assert_int_equal(store_audit_list(f->c, &aq, &list, &n), ERR_OK);
	assert_string_equal(list[0].action, "login.ok");
	free(list);
}

/* A batch of audit rows (the imports'): one statement, in the order added, no
 * actor as "system", the LA from the school, each text cut to its column as a
 * single row's write cuts it (never inside a UTF-8 character), quotes,
 * backslashes and control bytes kept. */
static void test_audit_batch(void **state)
{
	struct fx *f = *state;
	int64_t la_id = add_la(f->c, 888, "Demo LA");
	struct establishment est = add_est(f->c, la_id, 1234, "A", 0);
	struct store_audit_batch b;
	struct audit_query aq = { .limit = 2 };
	struct audit_entry *list = NULL;
	struct errbuf eb = { "" };
	char action[61], object[71], old_value[261];
	size_t n = 0;

	memset(action, 'a', 60);
	action[60] = '\0';
	memset(object, 'o', 70);
	object[70] = '\0';
	/* 254 bytes, then a 2-byte letter across the column's 255-byte limit */
	memset(old_value, 'x', 254);
	snprintf(old_value + 254, sizeof(old_value) - 254, "\xc3\xa9tail");
	store_audit_batch_init(&b, NULL, est.id);
	assert_int_equal(store_audit_batch_flush(f->c, &b, &eb), ERR_OK); /* none: nothing */
	store_audit_batch_add(&b, action, object, "f\"q\\", old_value, "tab\there\x01 end");
	store_audit_batch_add(&b, "second", "", "", "", "");
	assert_int_equal(store_audit_batch_flush(f->c, &b, &eb), ERR_OK);
	store_audit_batch_release(&b);
	assert_int_equal(store_audit_list(f->c, &aq, &list, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].action, "second"); /* newest first */
	assert_true(list[0].id > list[1].id);
	assert_int_equal(strlen(list[1].action), 47);
	assert_int_equal(strspn(list[1].action, "a"), 47);
	assert_int_equal(strlen(list[1].object), 63);
	assert_int_equal(strspn(list[1].object, "o"), 63);
	assert_string_equal(list[1].field, "f\"q\\");
	assert_int_equal(strlen(list[1].old_value), 254);
	assert_int_equal(strspn(list[1].old_value, "x"), 254);
	assert_string_equal(list[1].new_value, "tab\there\x01 end");
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(list[i].user_id, 0);
		assert_string_equal(list[i].actor, "system");
		assert_string_equal(list[i].ip, "");
		assert_int_equal(list[i].establishment_id, est.id);
		assert_int_equal(list[i].la_id, la_id);
	}
	free(list);
}

/* ---- transactions ---- */

/* A page's read snapshot: on SQLite every read in it sees the data as it was
 * when the snapshot began, whatever another connection commits meanwhile; on
 * PostgreSQL it is nothing (each statement reads what is committed). A write,
 * the end of the snapshot or the connection's release ends it. */
static void test_read_snapshot(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = f->c, *c2 = store_acquire(f->st);
	struct errbuf eb = { "" };
	int64_t la_id = add_la(c, 904, "Snapshot LA");
	struct establishment e = add_est(c, la_id, 4321, "Snapshot School", 0);
	struct pupil p = make_pupil(e.id, "A904432100001", "First", "Kid", 0);
	bool sqlite = strcmp(tu_backend(), "sqlite") == 0;
	long n = 0;

	assert_int_equal(store_pupil_add(c, &cli, &p, &eb), ERR_OK);
	assert_int_equal(store_read_begin(c, &eb), ERR_OK);
	assert_int_equal(store_read_begin(c, &eb), ERR_USAGE);
	assert_int_equal(store_begin(c2, &eb), ERR_OK); /* a writer is not held up */
	assert_int_equal(store_pupil_count(c, e.id, &n), ERR_OK);
	assert_int_equal(n, 1);
	p = make_pupil(e.id, "A904432100002", "Second", "Kid", 0);
	assert_int_equal(store_pupil_add(c2, &cli, &p, &eb), ERR_OK);
	assert_int_equal(store_commit(c2, &eb), ERR_OK);
	assert_int_equal(store_pupil_count(c, e.id, &n), ERR_OK);
	assert_int_equal(n, sqlite ? 1 : 2);
	store_read_end(c);
	assert_int_equal(store_pupil_count(c, e.id, &n), ERR_OK);
	assert_int_equal(n, 2);

	/* a write inside a snapshot ends it and commits as always */
	assert_int_equal(store_read_begin(c, &eb), ERR_OK);
	assert_int_equal(store_pupil_count(c, e.id, &n), ERR_OK);
	p = make_pupil(e.id, "A904432100003", "Third", "Kid", 0);
	assert_int_equal(store_pupil_add(c, &cli, &p, &eb), ERR_OK);
	assert_int_equal(store_pupil_count(c2, e.id, &n), ERR_OK);
	assert_int_equal(n, 3);

	/* released with a snapshot open, the connection comes back without it */
	assert_int_equal(store_read_begin(c2, &eb), ERR_OK);
	store_release(c2);
	c2 = store_acquire(f->st);
	assert_int_equal(store_read_begin(c2, &eb), ERR_OK);
	store_read_end(c2);
	assert_int_equal(store_begin(c2, &eb), ERR_OK);
	store_rollback(c2);
	store_release(c2);
}

static void test_transactions(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = f->c, *c2;
	struct errbuf eb = { "" };
	struct la la = { .code = 901, .name = "Rolled back" }, got;
	struct establishment e = { .estab = 1234, .name = "Gone" };
	struct pupil p;

	/* A rollback leaves nothing, audit rows included. */
	assert_int_equal(store_begin(c, &eb), ERR_OK);
	assert_int_equal(store_begin(c, &eb), ERR_USAGE);
	assert_int_equal(store_la_add(c, &cli, &la, &eb), ERR_OK);
	e.la_id = la.id;
	assert_int_equal(store_establishment_add(c, &cli, &e, &eb), ERR_OK);
	p = make_pupil(e.id, "A901123400001", "Gone", "Kid", 0);
	assert_int_equal(store_pupil_add(c, &cli, &p, &eb), ERR_OK);
	store_rollback(c);
	assert_int_equal(store_la_get_by_code(c, 901, &got), ERR_NOT_FOUND);
	assert_int_equal(store_pupil_get_by_upn(c, "A901123400001", &p), ERR_NOT_FOUND);
	assert_int_equal(count_audit(c, ""), 0);
	assert_int_equal(store_commit(c, &eb), ERR_USAGE);

	/* A store call that fails inside the caller's transaction undoes only itself,
	 * on both backends (a savepoint), and the transaction goes on. */
	assert_int_equal(store_begin(c, &eb), ERR_OK);
	la = (struct la){ .code = 902, .name = "Kept" };
	assert_int_equal(store_la_add(c, &cli, &la, &eb), ERR_OK);
	la = (struct la){ .code = 902, .name = "Duplicate" };
	assert_int_equal(store_la_add(c, &cli, &la, &eb), ERR_CONFLICT);
	la = (struct la){ .code = 903, .name = "Also kept" };
	assert_int_equal(store_la_add(c, &cli, &la, &eb), ERR_OK);
	assert_int_equal(store_commit(c, &eb), ERR_OK);
	assert_int_equal(store_la_get_by_code(c, 902, &got), ERR_OK);
	assert_string_equal(got.name, "Kept");
	assert_int_equal(store_la_get_by_code(c, 903, &got), ERR_OK);
	assert_int_equal(count_audit(c, "la.add"), 2);

	/* Releasing a connection rolls back what its holder left open. */
	c2 = store_acquire(f->st);
	assert_int_equal(store_begin(c2, &eb), ERR_OK);
	la = (struct la){ .code = 904, .name = "Abandoned" };
	assert_int_equal(store_la_add(c2, &cli, &la, &eb), ERR_OK);
	store_release(c2);
	assert_int_equal(store_la_get_by_code(c, 904, &got), ERR_NOT_FOUND);
	c2 = store_acquire(f->st);
	assert_int_equal(store_begin(c2, &eb), ERR_OK);
	store_rollback(c2);
	store_release(c2);
}

/* ---- the pool ---- */

enum { THREADS = 6, ROUNDS = 15 };

struct worker {
	struct store *st;
	int id;
	int ok;
};

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	struct errbuf eb = { "" };

	for (int i = 0; i < ROUNDS; i++) {
		struct store_conn *c = store_acquire(w->st);
		struct trust t = { 0 };
		snprintf(t.name, sizeof(t.name), "Trust %d-%d", w->id, i);
		if (store_begin(c, &eb) == ERR_OK && store_trust_add(c, &cli, &t, &eb) == ERR_OK &&
		    store_commit(c, &eb) == ERR_OK)
			w->ok++;
		else
			fprintf(stderr, "worker %d: %s\n", w->id, eb.msg);
		store_release(c);
	}
	return NULL;
}

static void test_pool(void **state)
{
	struct fx *f = *state;
	struct worker w[THREADS];
	pthread_t th[THREADS];
	struct trust *list = NULL;
	size_t n = 0;
	unsigned long commits0, syncs0, commits, syncs, checkpoints;
	const char *path = f->url + strlen("sqlite:");

	/* SQLite: this process's writers queue on the file's gate, and each commit
	 * is synced before it returns, by a sync of its own or one it waited for
	 * (store_sqlite.c; test_store_durable.c). */
	store_sqlite_sync_counts(path, &commits0, &syncs0, &checkpoints);
	/* Four connections, one held by the fixture: six threads must queue for three. */
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){ .st = f->st, .id = i };
		assert_int_equal(pthread_create(&th[i], NULL, worker_run, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].ok, ROUNDS);
	}
	assert_int_equal(store_trust_list(f->c, &list, &n), ERR_OK);
	assert_int_equal(n, THREADS * ROUNDS);
	free(list);
	assert_int_equal(count_audit(f->c, "trust.add"), THREADS * ROUNDS);
	if (store_backend_of(f->st) == STORE_SQLITE) {
		store_sqlite_sync_counts(path, &commits, &syncs, &checkpoints);
		assert_int_equal(commits - commits0, THREADS * ROUNDS);
		assert_true(syncs - syncs0 >= 1 && syncs - syncs0 <= THREADS * ROUNDS);
	}
}

/* ---- binding ---- */

static void test_binding(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = f->c;
	struct errbuf eb = { "" };
	static const char nasty[] = "O'Brien \"Q\" ?; $1 -- DROP TABLE pupil; Zoë 日本 ✓";
	struct la la = { .code = 777 }, got;
	struct establishment e;
	struct pupil p, pg, q, *list = NULL;
	struct pupil_query pq = { 0 };
	struct trust t = { 0 }, tg;
	size_t n = 0;

	snprintf(la.name, sizeof(la.name), "%s", nasty);
	assert_int_equal(store_la_add(c, &cli, &la, &eb), ERR_OK);
	assert_int_equal(store_la_get(c, la.id, &got), ERR_OK);
	assert_string_equal(got.name, nasty);
	snprintf(t.name, sizeof(t.name), "%s", nasty);
	assert_int_equal(store_trust_add(c, &cli, &t, &eb), ERR_OK);
	assert_int_equal(store_trust_get_by_name(c, nasty, &tg), ERR_OK);
	assert_int_equal(tg.id, t.id);

	e = add_est(c, la.id, 1000, "School ' \" ?", 0);
	p = make_pupil(e.id, "A777100000001", "D'Arcy-Ünal", "Zoë \"Jo\"", 0);
	snprintf(p.sen_notes, sizeof(p.sen_notes), "line 1\nline 2 ' \" ? $2 \\ %%s");
	snprintf(p.postcode, sizeof(p.postcode), "PR1 0LD");
	snprintf(p.ethnicity, sizeof(p.ethnicity), "WBRI");
	add_pupil(c, &p);
	pq.establishment_id = e.id;
	assert_int_equal(store_pupil_get(c, p.id, &pg), ERR_OK);
	assert_string_equal(pg.surname, "D'Arcy-Ünal");
	assert_string_equal(pg.forenames, "Zoë \"Jo\"");
	assert_string_equal(pg.sen_notes, p.sen_notes);
	assert_string_equal(pg.postcode, "PR1 0LD");
	assert_string_equal(pg.ethnicity, "WBRI");
	/* Case folding is ASCII on both backends (PostgreSQL columns collate "C"). */
	q = make_pupil(e.id, "A777100000002", "Ödegaard", "Ola", 0);
	add_pupil(c, &q);
	q = make_pupil(e.id, "A777100000003", "öberg", "Ann", 0);
	add_pupil(c, &q);
	pq.surname = "Ö";
	assert_int_equal(store_pupil_list(c, &pq, &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].surname, "Ödegaard");
	free(list);
	pq.surname = "d'ARCY";
	assert_int_equal(store_pupil_list(c, &pq, &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	free(list);
	pq.surname = NULL;
	assert_int_equal(store_pupil_list(c, &pq, &list, &n), ERR_OK);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].surname, "D'Arcy-Ünal"); /* bytewise: ASCII first */
	assert_string_equal(list[1].surname, "Ödegaard");
	assert_string_equal(list[2].surname, "öberg");
	free(list);

	/* The tables are all still there. */
	assert_int_equal(store_pupil_get_by_upn(c, "A777100000001", &pg), ERR_OK);
	assert_int_equal(store_establishment_get_by_laestab(c, 7771000, &e), ERR_OK);
	assert_string_equal(e.name, "School ' \" ?");
}
/* ---- a lost connection ---- */

static void test_reconnect(void **state)
{
	struct fx *f = *state;
	struct la got;
	enum err e;
	char *err;

	add_la(f->c, 888, "Demo LA");
	if (strcmp(tu_backend(), "pg") != 0)
		return; /* nothing can cut an SQLite connection off */
	/* The server ends every session on the database but the one asking. */
	err = tu_raw_exec(f->url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
				  "WHERE datname = current_database() AND pid <> pg_backend_pid()");
	assert_null(err);
	/* The first call finds the connection dead (ERR_IO); the store connects again. */
	e = store_la_get_by_code(f->c, 888, &got);
	assert_true(e == ERR_OK || e == ERR_IO);
	assert_int_equal(store_la_get_by_code(f->c, 888, &got), ERR_OK);
	assert_string_equal(got.name, "Demo LA");
	add_la(f->c, 889, "After the loss");
	assert_int_equal(store_la_get_by_code(f->c, 889, &got), ERR_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reconnect, setup, teardown),
	};

	fprintf(stderr, "test_store_tx: backend %s\n", tu_backend());
	return cmocka_run_group_tests(tests, NULL, NULL);
}
