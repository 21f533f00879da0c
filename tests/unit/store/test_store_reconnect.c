/*
 * test_store_reconnect: a server process keeps its pooled connections for days;
 * when PostgreSQL restarts or an administrator ends a backend, the next request
 * must work (one silent reconnect for a statement sent outside a transaction),
 * while a statement that failed for a real reason is never sent twice.
 */
#include "store_fixture.h"

#include <libpq-fe.h>

/* Ends every other backend of the test database, as a server restart or
 * pg_terminate_backend() by an administrator would. */
static void end_other_backends(const char *url)
{
	PGconn *admin = PQconnectdb(url);
	PGresult *res;

	if (PQstatus(admin) != CONNECTION_OK)
		fail_msg("admin connection: %s", PQerrorMessage(admin));
	res = PQexec(admin, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
			    "WHERE datname = current_database() AND pid <> pg_backend_pid()");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("pg_terminate_backend: %s", PQerrorMessage(admin));
	assert_true(atoi(PQgetvalue(res, 0, 0)) >= 1);
	PQclear(res);
	PQfinish(admin);
}

static size_t la_count(struct store_conn *c, enum err *e)
{
	struct la *list = NULL;
	size_t n = 0;

	*e = store_la_list(c, &list, &n);
	free(list);
	return n;
}

/* A failed write outside a transaction is reported once and not repeated. */
static void test_failed_write_not_repeated(void **state)
{
	struct fx *f = *state;
	struct la dup = { .code = 888 };
	struct errbuf eb = { "" };
	enum err e;

	add_la(f->c, 888, "Demo LA");
	snprintf(dup.name, sizeof(dup.name), "Second Demo LA");
	assert_int_equal(store_la_add(f->c, &cli, &dup, &eb), ERR_CONFLICT);
	assert_int_equal(la_count(f->c, &e), 1);
	assert_int_equal(e, ERR_OK);
}

/* PostgreSQL only: the connection is ended under the pool; the next read and the
 * next transaction both work without the caller noticing. */
static void test_reconnect_after_backend_ended(void **state)
{
	struct fx *f = *state;
	struct errbuf eb = { "" };
	enum err e;

	if (strcmp(tu_backend(), "pg") != 0) {
		/* SQLite has no server connection to lose: the same calls must simply work. */
		add_la(f->c, 888, "Demo LA");
		assert_int_equal(la_count(f->c, &e), 1);
		assert_int_equal(e, ERR_OK);
		return;
	}
	add_la(f->c, 888, "Demo LA");
	end_other_backends(f->url);
	assert_int_equal(la_count(f->c, &e), 1);
	assert_int_equal(e, ERR_OK);

	end_other_backends(f->url);
	assert_int_equal(store_begin(f->c, &eb), ERR_OK);
	{
		struct la la = { .code = 889 };
		snprintf(la.name, sizeof(la.name), "Other LA");
		assert_int_equal(store_la_add(f->c, &cli, &la, &eb), ERR_OK);
	}
	assert_int_equal(store_commit(f->c, &eb), ERR_OK);
	assert_int_equal(la_count(f->c, &e), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_failed_write_not_repeated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reconnect_after_backend_ended, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
