/*
 * backend: what store.c and the entity files (store_org.c, store_user.c,
 * store_pupil.c, store_audit.c) need from a database, as a small vtable that
 * store_sqlite.c and store_pg.c implement; plus the pool, the connection, the query
 * helpers and the transaction helpers they share. Private to src/store.
 */
#ifndef PT_STORE_BACKEND_H
#define PT_STORE_BACKEND_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/stmt.h"
#include "store/store.h"

enum { PARAM_MAX = 32 };

enum param_kind { PARAM_NULL, PARAM_INT, PARAM_TEXT, PARAM_BLOB };

/* One bound value. Text and blobs are borrowed from the caller for one exec. */
struct param {
	enum param_kind kind; /* which member holds the value */
	int64_t i;	      /* PARAM_INT */
	const char *s;	      /* PARAM_TEXT, NUL-terminated UTF-8 */
	const void *b;	      /* PARAM_BLOB */
	size_t n;	      /* PARAM_BLOB length */
};

/* TX_READ and TX_READ_END open and close a read snapshot (store_read_begin):
 * SQLite only; no statement on PostgreSQL. */
enum tx_op {
	TX_BEGIN,
	TX_COMMIT,
	TX_ROLLBACK,
	TX_SAVEPOINT,
	TX_RELEASE,
	TX_ROLLBACK_TO,
	TX_READ,
	TX_READ_END,
	TX__MAX
};

/* A backend works on one database handle `db` (one connection) at a time; the
 * pool guarantees that only one thread uses a handle at once. At most one statement
 * is running per handle: exec, then next() until it returns 0, then end(). */
struct backend_ops {
	enum store_backend kind;
	/* Opens a connection to target (a file path or a libpq URL). */
	enum err (*open)(const char *target, void **db, struct errbuf *eb);
	void (*close)(void *db);
	/* Called outside transactions: reconnects a broken connection. */
	enum err (*ensure)(void *db, struct errbuf *eb);
	/* Prepares id (once per connection) and runs it with p[0..n). Maps unique
	 * violations to ERR_CONFLICT, other constraint failures to ERR_INVALID, the rest
	 * to ERR_IO, with the database's message in eb. */
	enum err (*exec)(void *db, enum stmt_id id, const struct param *p, int n,
			 struct errbuf *eb);
	/* Moves to the next result row: 1 row, 0 no more, -1 error. */
	int (*next)(void *db);
	bool (*col_null)(void *db, int col);
	int64_t (*col_int)(void *db, int col);
	/* Valid until the next call on db; "" for NULL. */
	const char *(*col_text)(void *db, int col);
	/* Valid until the next call on db; NULL with *n = 0 for NULL. */
	const void *(*col_blob)(void *db, int col, size_t *n);
	/* Rows changed by the last exec. */
	int64_t (*changes)(void *db);
	/* Finishes the running statement (always safe to call); false when that
	 * failed (SQLite: a single write statement read only in part commits as
	 * it ends, and its commit could not be made durable). */
	bool (*end)(void *db);
	enum err (*tx)(void *db, enum tx_op op, struct errbuf *eb);
	/* Runs a migration file: several statements, no parameters. */
	enum err (*script)(void *db, const char *sql, struct errbuf *eb);
	/* The last error the database reported, for logs. */
	const char *(*errmsg)(void *db);
};

extern const struct backend_ops backend_sqlite;
extern const struct backend_ops backend_pg;

struct store {
	const struct backend_ops *ops; /* the backend */
	char *target;		       /* what ops->open takes */
	pthread_mutex_t mu;	       /* guards the pool fields below */
	pthread_cond_t cv;	       /* signalled when a connection is released */
	unsigned size;		       /* connections at most */
	unsigned made;		       /* connections created so far */
	struct store_conn **all;       /* size slots, made used */
	struct store_conn **idle;      /* free connections, nidle used */
	unsigned nidle;		       /* how many are free */
	struct store_cache *cache;     /* answers kept in memory (store_cache.c) */
};

struct store_conn {
	struct store *st; /* owning pool */
	void *db;	  /* backend handle; NULL while not connected */
	int depth;	  /* 0 = no transaction, 1 = transaction, >1 = savepoints in it */
	bool failed;	  /* a statement failed in the open transaction */
	bool running;	  /* a statement is running (between q_exec and q_end) */
	bool reading;	  /* a read snapshot is open (store_read_begin) */
	/* A write transaction began on it since store_acquire: versions its user
	 * read before may be stale now, so store_cache.c serves and keeps nothing
	 * for it until it is released (this also covers the open transaction's
	 * own uncommitted changes). */
	bool wrote;
};

/* ---- answers kept in memory (store_cache.c) ---- */

/* A question: what it is about (a school for the pupil answers, an assessment
 * for the grid screen's), and as text (cache_key_set) the statement and every
 * value its answer depends on; the text starts with the statement's name, so
 * two kinds of owner never meet. */
enum { CACHE_KEY_MAX = 640 };
struct cache_key {
	int64_t owner;
	char text[CACHE_KEY_MAX];
};
/* Sets k from a printf format. When the text does not fit, k is left empty
 * and nothing is served or kept for it (two questions must never share a cut
 * key); returns whether it fit. */
bool cache_key_set(struct cache_key *k, int64_t owner, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct store_cache *cache_new(void);
void cache_free(struct store_cache *sc);
/* A copy of the answer to k (size bytes; total when not NULL) kept at this
 * version, for a request on c; caller frees *out. False when there is none,
 * and always when version is 0, k is empty or c has begun a write (wrote). */
bool cache_get(struct store_conn *c, const struct cache_key *k, int64_t version, void **out,
	       size_t *size, long *total);
/* Keeps a copy of the answer to k (size bytes of data, total), read on c after
 * what it was read from was at version, unless one of a newer version is
 * there; nothing under cache_get's "always" conditions. */
void cache_put(struct store_conn *c, const struct cache_key *k, int64_t version, const void *data,
	       size_t size, long total);
/* cache_get and cache_put of an answer that is n pupils. */
bool cache_get_pupils(struct store_conn *c, const struct cache_key *k, int64_t version,
		      struct pupil **out, size_t *n, long *total);
void cache_put_pupils(struct store_conn *c, const struct cache_key *k, int64_t version,
		      const struct pupil *list, size_t n, long total);

/* ---- queries: bind, run, read; one at a time per connection ---- */

struct query {
	struct store_conn *c;	   /* where it runs */
	enum stmt_id id;	   /* what runs */
	struct param p[PARAM_MAX]; /* bound values */
	int n;			   /* how many */
	enum err err;		   /* first error while reading rows */
};

void q_init(struct query *q, struct store_conn *c, enum stmt_id id);
void q_int(struct query *q, int64_t v);
/* A foreign key: 0 binds NULL. */
void q_ref(struct query *q, int64_t id);
/* NULL binds NULL. */
void q_text(struct query *q, const char *s);
/* NULL or n == 0 binds NULL. */
void q_blob(struct query *q, const void *b, size_t n);
void q_null(struct query *q);
/* Runs the statement. On failure the statement is finished already and eb (may be
 * NULL: then ERR_IO is logged) says why. */
enum err q_exec(struct query *q, struct errbuf *eb);
/* True when a row is there to read; false at the end or on error (see q_end). */
bool q_row(struct query *q);
int64_t q_col_int(struct query *q, int col);
bool q_col_bool(struct query *q, int col);
/* Whether column col of the current row is NULL. */
bool q_col_null(struct query *q, int col);
/* Copies column col into dst (cap bytes, truncated at a UTF-8 boundary). */
void q_col_text(struct query *q, int col, char *dst, size_t cap);
/* Column col as text without a copy ("" for NULL): valid until the next q_row,
 * q_col_* call or q_end on q. For reading many rows where copying into fixed
 * buffers would cost more than the read. */
const char *q_col_str(struct query *q, int col);
/* Copies up to cap bytes of a blob column; returns the bytes copied. */
size_t q_col_blob(struct query *q, int col, void *dst, size_t cap);
int64_t q_changes(struct query *q);
/* Finishes the statement; returns an error met while reading rows. */
enum err q_end(struct query *q);
/* q_exec then q_end, for statements whose rows are not read. */
enum err q_run(struct query *q, struct errbuf *eb);
/* q_end for a query of one row: its error, else ERR_NOT_FOUND unless found. */
enum err q_end_found(struct query *q, bool found);
/* Runs q (its values bound) and reads its one row into out with read(q, out);
 * ERR_NOT_FOUND without a row (out is then untouched). Usage: return q_one(&q,
 * x_read, out), where x_read is the reader q_collect takes. */
enum err q_one(struct query *q, void (*read)(struct query *q, void *row), void *out);
/* q_one of stmt with the one id bound: the row of that id into out. */
enum err q_one_by_id(struct store_conn *c, enum stmt_id stmt, int64_t id,
		     void (*read)(struct query *q, void *row), void *out);
/* After q_exec: column 0 of the query's one row into *v, then q_end's answer, or
 * ERR_NOT_FOUND without a row (as an UPDATE ... RETURNING version answers when
 * the version it was given is not the row's). */
enum err q_end_int(struct query *q, int64_t *v);
/* Runs stmt with the one id bound and reads column 0 of its row, a blob of at
 * most max bytes, into *out (malloc'd, NUL-terminated) and *len; ERR_NOT_FOUND
 * without a row. On error *out is NULL. */
enum err q_blob_by_id(struct store_conn *c, enum stmt_id stmt, int64_t id, size_t max, char **out,
		      size_t *len);
/* Runs an INSERT ... RETURNING id and reads the id. */
enum err q_insert(struct query *q, int64_t *id, struct errbuf *eb);

/* ---- transactions inside the store's own functions ---- */

struct tx {
	bool own;	 /* we began the transaction (else a savepoint in the caller's) */
	bool failed_was; /* the caller's failed flag, restored when we roll back */
};

/* Begins a transaction, or, when the caller has one open, a savepoint in it, so
 * that a failure undoes only this function's work on both backends. */
enum err tx_enter(struct store_conn *c, struct tx *t, struct errbuf *eb);
/* Commits (or releases the savepoint) when e is ERR_OK, else rolls back; returns e
 * or the commit's error. */
enum err tx_leave(struct store_conn *c, struct tx *t, enum err e, struct errbuf *eb);

/* ---- helpers shared by the entity files ---- */

/* Copies src into dst (cap bytes) cutting at a UTF-8 boundary. */
void text_copy(char *dst, size_t cap, const char *src);
/* ASCII lower case of src into dst (cap bytes). */
void text_lower(char *dst, size_t cap, const char *src);
/* Room for one more element of size `size` in a growing array of *len used and
 * *cap allocated; returns the (maybe moved) array, the new element zeroed at
 * [*len], and counts it in *len. */
void *list_push(void *list, size_t *len, size_t *cap, size_t size);
/* Ends a query whose rows were read into list (len elements, from list_push):
 * sets *e to q_end's answer and returns list with *n = len, or on error frees
 * list and returns NULL with *n = 0. Usage: *out = q_end_list(&q, list, len, n, &e). */
void *q_end_list(struct query *q, void *list, size_t len, size_t *n, enum err *e);
/* Runs q (its values bound) and reads every row into a new array of elements of
 * size bytes with read(q, element) (each zeroed first). Returns the array (NULL
 * when there is no row) with *n its elements and *e ERR_OK, or on an error NULL
 * with *n = 0 and *e the error. Usage: *out = q_collect(&q, sizeof(**out),
 * x_read, n, &e), where x_read(struct query *q, void *row) fills one row. */
void *q_collect(struct query *q, size_t size, void (*read)(struct query *q, void *row), size_t *n,
		enum err *e);

/* An audit row from the store's own writes (action, object, field, old -> new);
 * values are truncated to fit; who may be NULL (then "system"). */
struct audit_row {
	const char *action;	  /* "pupil.update" */
	const char *object;	  /* "pupil 12" */
	int64_t establishment_id; /* 0 = none */
	int64_t la_id;		  /* 0 = from the establishment, or none */
};
enum err audit_write(struct store_conn *c, const struct actor *who, const struct audit_row *r,
		     const char *field, const char *old_value, const char *new_value,
		     struct errbuf *eb);
/* An audit row for field only when the values differ (a no-op on an error in e). */
enum err audit_diff_text(struct store_conn *c, const struct actor *who, const struct audit_row *r,
			 enum err e, const char *field, const char *old_value,
			 const char *new_value, struct errbuf *eb);
enum err audit_diff_int(struct store_conn *c, const struct actor *who, const struct audit_row *r,
			enum err e, const char *field, int64_t old_value, int64_t new_value,
			struct errbuf *eb);

/* ---- readers shared by the entity files (for q_one and q_collect) ---- */

/* A row of EST_COLS (stmt_sql.h) into a struct establishment (store_org.c). */
void est_read(struct query *q, void *row);
/* The same from column col on. */
void est_read_at(struct query *q, int col, struct establishment *est);
/* A row of AUDIT_COLS into a struct audit_entry (store_audit.c). */
void audit_read(struct query *q, void *row);
/* "file request N": the audit's object of a file request (store_collection.c). */
void freq_object(char object[static 64], int64_t id);

#endif
