/*
 * store_pg: the PostgreSQL backend of struct backend_ops (backend.h), over libpq.
 * Statements are prepared by name once per connection ('?' rewritten to $n, types
 * from the statement table); values go as text, blobs as binary bytea. READ COMMITTED
 * is enough: every read-modify-write is guarded by a version check or a unique key.
 */
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "store/backend.h"

/* Type OIDs from PostgreSQL's catalog/pg_type.dat (stable across versions). */
enum { OID_BYTEA = 17, OID_INT8 = 20, OID_TEXT = 25 };

struct pg {
	PGconn *conn;		  /* the connection */
	bool prepared[STMT__MAX]; /* named statement "ptN" exists on conn */
	PGresult *res;		  /* result of the running statement, or NULL */
	int row;		  /* current row of res, -1 before the first */
	unsigned char *blob;	  /* last bytea decoded by col_blob (PQfreemem) */
	char err[512];		  /* last error message */
};

static void pg_quiet(void *arg, const char *message)
{
	/* NOTICEs ("relation already exists, skipping") are not errors. */
	(void)arg;
	(void)message;
}

/* Keeps msg as the last error, on one line (libpq's span several). */
static void pg_note(struct pg *g, const char *msg)
{
	size_t n;

	text_copy(g->err, sizeof(g->err), msg && *msg ? msg : "unknown PostgreSQL error");
	for (char *s = g->err; *s; s++)
		if (*s == '\n' || *s == '\t')
			*s = ' ';
	n = strlen(g->err);
	while (n > 0 && g->err[n - 1] == ' ')
		g->err[--n] = '\0';
}

/* A failed result as one of our errors, by SQLSTATE; takes (clears) res. */
static enum err pg_fail(struct pg *g, PGresult *res, struct errbuf *eb)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	enum err e = ERR_IO;

	pg_note(g, msg ? msg : PQerrorMessage(g->conn));
	if (state) {
		if (strcmp(state, "23505") == 0 || strcmp(state, "40001") == 0 ||
		    strcmp(state, "40P01") == 0)
			e = ERR_CONFLICT; /* unique violation, serialization failure, deadlock */
		else if (strncmp(state, "23", 2) == 0 || strncmp(state, "22", 2) == 0 ||
			 strcmp(state, "P0001") == 0)
			e = ERR_INVALID; /* constraint, bad data, a trigger's RAISE */
	}
	PQclear(res);
	return errbuf_set(eb, e, "%s", g->err);
}

static bool pg_end(void *db)
{
	struct pg *g = db;

	if (!g)
		return true;
	PQclear(g->res);
	g->res = NULL;
	g->row = -1;
	if (g->blob)
		PQfreemem(g->blob);
	g->blob = NULL;
	return true;
}

static void pg_close(void *db)
{
	struct pg *g = db;

	if (!g)
		return;
	pg_end(g);
	PQfinish(g->conn);
	free(g);
}

static enum err pg_open(const char *url, void **out, struct errbuf *eb)
{
	struct pg *g = xcalloc(1, sizeof(*g));
	enum err e = ERR_OK;

	g->row = -1;
	g->conn = PQconnectdb(url);
	if (!g->conn || PQstatus(g->conn) != CONNECTION_OK) {
		pg_note(g, g->conn ? PQerrorMessage(g->conn) : "out of memory");
		e = errbuf_set(eb, ERR_IO, "cannot connect to PostgreSQL: %s", g->err);
		goto out;
	}
	PQsetNoticeProcessor(g->conn, pg_quiet, NULL);
	if (PQsetClientEncoding(g->conn, "UTF8") != 0) {
		pg_note(g, PQerrorMessage(g->conn));
		e = errbuf_set(eb, ERR_IO, "cannot use UTF-8 with PostgreSQL: %s", g->err);
		goto out;
	}
	*out = g;
	g = NULL;
out:
	pg_close(g);
	return e;
}

static enum err pg_ensure(void *db, struct errbuf *eb)
{
	struct pg *g = db;
	PGresult *res;

	if (PQstatus(g->conn) == CONNECTION_BAD) {
		pg_end(g);
		PQreset(g->conn);
		if (PQstatus(g->conn) != CONNECTION_OK) {
			pg_note(g, PQerrorMessage(g->conn));
			return errbuf_set(eb, ERR_IO, "lost the PostgreSQL connection: %s", g->err);
		}
		memset(g->prepared, 0, sizeof(g->prepared));
		PQsetNoticeProcessor(g->conn, pg_quiet, NULL);
		log_warn("database: reconnected to PostgreSQL");
	}
	/* Outside our transactions the server must be idle too. */
	if (PQtransactionStatus(g->conn) != PQTRANS_IDLE) {
		res = PQexec(g->conn, "ROLLBACK");
		PQclear(res);
	}
	return ERR_OK;
}

/* The one rewrite of SQL text: '?' outside quotes becomes $1, $2, ... */
static char *pg_placeholders(const char *sql, int *count)
{
	struct strbuf sb;
	bool quoted = false;
	int n = 0;

	strbuf_init(&sb, 0);
	for (const char *p = sql; *p; p++) {
		if (*p == '\'')
			quoted = !quoted;
		if (*p == '?' && !quoted)
			strbuf_addf(&sb, "$%d", ++n);
		else
			strbuf_addc(&sb, *p);
	}
	*count = n;
	return strbuf_detach(&sb, NULL);
}

static enum err pg_prepare(struct pg *g, enum stmt_id id, const char *name, struct errbuf *eb)
{
	const struct stmt_def *def = stmt_def_of(id);
	Oid types[PARAM_MAX];
	char *sql = NULL;
	PGresult *res = NULL;
	enum err e = ERR_OK;
	int n;

	if (g->prepared[id])
		return ERR_OK;
	sql = pg_placeholders(def->pg ? def->pg : def->sql, &n);
	if ((size_t)n != strlen(def->params) || n > PARAM_MAX)
		BUG("placeholders differ from the statement table's parameters");
	for (int i = 0; i < n; i++)
		types[i] = def->params[i] == 'i' ? OID_INT8 :
			   def->params[i] == 'b' ? OID_BYTEA :
						   OID_TEXT;
	res = PQprepare(g->conn, name, sql, n, types);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		e = pg_fail(g, res, eb);
		res = NULL;
		goto out;
	}
	g->prepared[id] = true;
out:
	PQclear(res);
	free(sql);
	return e;
}

static enum err pg_exec_once(struct pg *g, enum stmt_id id, const struct param *p, int n,
			     struct errbuf *eb)
{
	const char *values[PARAM_MAX];
	int lengths[PARAM_MAX];
	int formats[PARAM_MAX];
	char nums[PARAM_MAX][24];
	char name[16];
	PGresult *res;
	ExecStatusType status;
	enum err e;

	pg_end(g);
	snprintf(name, sizeof(name), "pt%d", (int)id);
	e = pg_prepare(g, id, name, eb);
	if (e)
		return e;
	for (int i = 0; i < n; i++) {
		values[i] = NULL;
		lengths[i] = 0;
		formats[i] = 0;
		switch (p[i].kind) {
		case PARAM_NULL:
			break;
		case PARAM_INT:
			snprintf(nums[i], sizeof(nums[i]), "%" PRId64, p[i].i);
			values[i] = nums[i];
			break;
		case PARAM_TEXT:
			values[i] = p[i].s;
			break;
		case PARAM_BLOB:
			if (p[i].n > INT32_MAX)
				return errbuf_set(eb, ERR_TOO_BIG,
						  "a value is too big for the database");
			values[i] = p[i].b;
			lengths[i] = (int)p[i].n;
			formats[i] = 1;
			break;
		}
	}
	res = PQexecPrepared(g->conn, name, n, values, lengths, formats, 0);
	status = PQresultStatus(res);
	if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
		return pg_fail(g, res, eb);
	g->res = res;
	g->row = -1;
	return ERR_OK;
}

/* Whether a statement that just failed may be sent again on a new connection:
 * the link broke (the server restarted, or an administrator ended the backend)
 * while no transaction of ours was open, so nothing of it can have been
 * committed and nothing earlier is lost. Inside a transaction the caller's
 * rollback and retry decide. */
static bool pg_retry_after_loss(struct pg *g, bool was_idle)
{
	struct errbuf quiet = { "" };

	if (!was_idle || PQstatus(g->conn) != CONNECTION_BAD)
		return false;
	return pg_ensure(g, &quiet) == ERR_OK;
}

static enum err pg_exec(void *db, enum stmt_id id, const struct param *p, int n, struct errbuf *eb)
{
	struct pg *g = db;
	bool was_idle = PQtransactionStatus(g->conn) == PQTRANS_IDLE;
	enum err e = pg_exec_once(g, id, p, n, eb);

	if (e && pg_retry_after_loss(g, was_idle))
		e = pg_exec_once(g, id, p, n, eb);
	return e;
}

static int pg_next(void *db)
{
	struct pg *g = db;

	if (!g->res || g->row + 1 >= PQntuples(g->res))
		return 0;
	g->row++;
	return 1;
}

static bool pg_col_null(void *db, int col)
{
	struct pg *g = db;
	return PQgetisnull(g->res, g->row, col) != 0;
}

static int64_t pg_col_int(void *db, int col)
{
	struct pg *g = db;
	return strtoll(PQgetvalue(g->res, g->row, col), NULL, 10);
}

static const char *pg_col_text(void *db, int col)
{
	struct pg *g = db;
	return PQgetvalue(g->res, g->row, col);
}

static const void *pg_col_blob(void *db, int col, size_t *n)
{
	struct pg *g = db;

	*n = 0;
	if (g->blob)
		PQfreemem(g->blob);
	g->blob = NULL;
	if (PQgetisnull(g->res, g->row, col))
		return NULL;
	g->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(g->res, g->row, col), n);
	if (!g->blob)
		BUG("out of memory decoding bytea");
	return g->blob;
}

static int64_t pg_changes(void *db)
{
	struct pg *g = db;
	return g->res ? strtoll(PQcmdTuples(g->res), NULL, 10) : 0;
}

static enum err pg_tx(void *db, enum tx_op op, struct errbuf *eb)
{
	static const char *const sql[] = {
		[TX_BEGIN] = "BEGIN ISOLATION LEVEL READ COMMITTED",
		[TX_COMMIT] = "COMMIT",
		[TX_ROLLBACK] = "ROLLBACK",
		[TX_SAVEPOINT] = "SAVEPOINT pt_sp",
		[TX_RELEASE] = "RELEASE SAVEPOINT pt_sp",
		[TX_ROLLBACK_TO] = "ROLLBACK TO SAVEPOINT pt_sp",
		[TX_READ] = "",	    /* not run: see below */
		[TX_READ_END] = "", /* not run */
	};
	_Static_assert(ARRAY_SIZE(sql) == TX__MAX, "sql covers enum tx_op");
	struct pg *g = db;
	PGresult *res;

	if (!g)
		return errbuf_set(eb, ERR_IO, "not connected to the database");
	/* A page's reads are not put in one snapshot here: BEGIN and COMMIT would
	 * be two more round trips, and each statement reads committed data. */
	if (op == TX_READ || op == TX_READ_END)
		return ERR_OK;
	pg_end(g);
	res = PQexec(g->conn, sql[op]);
	if (op == TX_BEGIN && PQresultStatus(res) != PGRES_COMMAND_OK &&
	    pg_retry_after_loss(g, true)) {
		PQclear(res);
		res = PQexec(g->conn, sql[op]);
	}
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return pg_fail(g, res, eb);
	/* COMMIT of a transaction that failed earlier "succeeds" as a ROLLBACK. */
	if (op == TX_COMMIT && strcmp(PQcmdStatus(res), "ROLLBACK") == 0) {
		PQclear(res);
		pg_note(g, "the transaction was rolled back by the server");
		return errbuf_set(eb, ERR_IO, "%s", g->err);
	}
	PQclear(res);
	return ERR_OK;
}

static enum err pg_script(void *db, const char *sql, struct errbuf *eb)
{
	struct pg *g = db;
	PGresult *res;
	ExecStatusType status;

	pg_end(g);
	res = PQexec(g->conn, sql);
	status = PQresultStatus(res);
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
		return pg_fail(g, res, eb);
	PQclear(res);
	return ERR_OK;
}

static const char *pg_errmsg(void *db)
{
	struct pg *g = db;
	return g ? g->err : "not connected";
}

const struct backend_ops backend_pg = {
	.kind = STORE_PG,
	.open = pg_open,
	.close = pg_close,
	.ensure = pg_ensure,
	.exec = pg_exec,
	.next = pg_next,
	.col_null = pg_col_null,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.changes = pg_changes,
	.end = pg_end,
	.tx = pg_tx,
	.script = pg_script,
	.errmsg = pg_errmsg,
};
