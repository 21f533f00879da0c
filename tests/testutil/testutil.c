/*
 * testutil: helpers shared by the C tests (see testutil.h). The PostgreSQL side
 * creates a new database on the throwaway cluster for every tu_fresh_db_url() call,
 * and aborts the run when the cluster cannot be reached: @pg tests never skip.
 */
#include "testutil/testutil.h"

#include <ctype.h>
#include <errno.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/strbuf.h"
#include "base/xalloc.h"

static atomic_uint tu_counter; /* names made so far in this process */

static _Noreturn void tu_die(const char *what, const char *detail)
{
	fprintf(stderr, "testutil: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

static char *tu_join(const char *dir, const char *rel)
{
	struct strbuf sb;

	strbuf_init(&sb, 0);
	strbuf_addf(&sb, "%s/%s", dir, rel);
	return strbuf_detach(&sb, NULL);
}

char *tu_shared_path(const char *rel)
{
	const char *dir = getenv("PT_SHARED_DIR");
	const char *src = getenv("PT_SOURCE_DIR");
	char *base, *out;

	if (dir && *dir)
		return tu_join(dir, rel);
	base = tu_join(src && *src ? src : ".", "../shared");
	out = tu_join(base, rel);
	free(base);
	return out;
}

char *tu_source_path(const char *rel)
{
	const char *dir = getenv("PT_SOURCE_DIR");
	return tu_join(dir && *dir ? dir : ".", rel);
}

char *tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb;
	char buf[8192];
	size_t n;

	if (!f)
		return NULL;
	strbuf_init(&sb, 0);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	if (ferror(f)) {
		fclose(f);
		strbuf_release(&sb);
		return NULL;
	}
	fclose(f);
	return strbuf_detach(&sb, len);
}

const char *tu_backend(void)
{
	const char *db = getenv("PT_DB");

	if (!db || !*db || strcmp(db, "sqlite") == 0)
		return "sqlite";
	if (strcmp(db, "pg") == 0)
		return "pg";
	tu_die("PT_DB must be \"sqlite\" or \"pg\", not", db);
}

static const char *tu_tmp(void)
{
	const char *dir = getenv("PT_TEST_TMP");

	if (!dir || !*dir)
		dir = "/tmp";
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		tu_die("cannot create PT_TEST_TMP", dir);
	return dir;
}

/* "label" as [a-z0-9_], at most 24 characters, plus pid and a counter. */
static char *tu_name(const char *label)
{
	struct strbuf sb;
	size_t n = 0;

	strbuf_init(&sb, 0);
	strbuf_adds(&sb, "pt_");
	for (const char *s = label ? label : "db"; *s && n < 24; s++, n++) {
		unsigned char ch = (unsigned char)*s;
		strbuf_addc(&sb, isalnum(ch) ? (char)tolower(ch) : '_');
	}
	strbuf_addf(&sb, "_%ld_%u", (long)getpid(), atomic_fetch_add(&tu_counter, 1) + 1);
	return strbuf_detach(&sb, NULL);
}

static char *tu_pg_admin_url(void)
{
	const char *file = getenv("PT_PG_URL_FILE");
	char *url;
	size_t len = 0;

	if (!file || !*file)
		tu_die("PT_PG_URL_FILE is not set (run the @pg tests through ctest, which starts "
		       "the pg_cluster fixture)",
		       NULL);
	url = tu_read_file(file, &len);
	if (!url)
		tu_die("cannot read the PostgreSQL admin URL (did scripts/pg-test-cluster start "
		       "run?) from",
		       file);
	while (len > 0 && isspace((unsigned char)url[len - 1]))
		url[--len] = '\0';
	if (!len)
		tu_die("the PostgreSQL admin URL file is empty", file);
	return url;
}

/* Percent-encodes what a URI query value may not hold as it is. */
static void tu_add_query_value(struct strbuf *sb, const char *v)
{
	for (const unsigned char *s = (const unsigned char *)v; *s; s++) {
		if (isalnum(*s) || strchr("/-._~", *s))
			strbuf_addc(sb, (char)*s);
		else
			strbuf_addf(sb, "%%%02X", *s);
	}
}

static char *tu_pg_fresh(const char *label)
{
	char *admin = tu_pg_admin_url();
	char *name = tu_name(label);
	struct strbuf sql, url;
	PGconn *conn;
	PGresult *res;

	conn = PQconnectdb(admin);
	if (PQstatus(conn) != CONNECTION_OK)
		tu_die("cannot reach the test PostgreSQL cluster (PostgreSQL tests never skip)",
		       PQerrorMessage(conn));
	/* The name is [a-z0-9_] only (tu_name), and CREATE DATABASE takes no parameters. */
	strbuf_init(&sql, 0);
	strbuf_addf(&sql, "CREATE DATABASE %s", name);
	res = PQexec(conn, strbuf_str(&sql));
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		tu_die("CREATE DATABASE failed", PQerrorMessage(conn));
	PQclear(res);

	strbuf_init(&url, 0);
	strbuf_addf(&url, "postgresql:///%s?host=", name);
	tu_add_query_value(&url, PQhost(conn));
	strbuf_adds(&url, "&port=");
	tu_add_query_value(&url, PQport(conn));
	strbuf_adds(&url, "&user=");
	tu_add_query_value(&url, PQuser(conn));
	PQfinish(conn);
	strbuf_release(&sql);
	free(name);
	free(admin);
	return strbuf_detach(&url, NULL);
}

static char *tu_sqlite_fresh(const char *label)
{
	static const char *const suffix[] = { "-wal", "-shm", "" };
	char *name = tu_name(label);
	struct strbuf sb;

	/* Names are unique per process; a pid reused from an old run may leave files. */
	strbuf_init(&sb, 0);
	for (size_t i = 0; i < ARRAY_SIZE(suffix); i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/%s.db%s", tu_tmp(), name, suffix[i]);
		unlink(strbuf_str(&sb));
	}
	strbuf_reset(&sb);
	strbuf_addf(&sb, "sqlite:%s/%s.db", tu_tmp(), name);
	free(name);
	return strbuf_detach(&sb, NULL);
}

char *tu_fresh_db_url(const char *label)
{
	if (strcmp(tu_backend(), "pg") == 0)
		return tu_pg_fresh(label);
	return tu_sqlite_fresh(label);
}

char *tu_temp_dir(const char *label)
{
	/* A name left by an earlier run whose process had the same id (ids come
	 * round again after a reboot) is passed over for the next one. */
	for (int tries = 0;; tries++) {
		char *name = tu_name(label);
		char *dir = tu_join(tu_tmp(), name);

		free(name);
		if (mkdir(dir, 0700) == 0)
			return dir;
		if (errno != EEXIST || tries >= 1000)
			tu_die("cannot create a temporary directory", dir);
		free(dir);
	}
}

char *tu_raw_exec(const char *url, const char *sql)
{
	char *out = NULL;

	if (strncmp(url, "sqlite:", 7) == 0) {
		sqlite3 *db = NULL;
		char *msg = NULL;
		assert_int_equal(sqlite3_open(url + 7, &db), SQLITE_OK);
		if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
			out = xstrdup(msg ? msg : "error");
		sqlite3_free(msg);
		sqlite3_close(db);
	} else {
		PGconn *pc = PQconnectdb(url);
		PGresult *res;
		assert_int_equal(PQstatus(pc), CONNECTION_OK);
		res = PQexec(pc, sql);
		if (PQresultStatus(res) != PGRES_COMMAND_OK &&
		    PQresultStatus(res) != PGRES_TUPLES_OK)
			out = xstrdup(PQerrorMessage(pc));
		PQclear(res);
		PQfinish(pc);
	}
	return out;
}
