/*
 * store: the only door to the database. One interface, two backends: SQLite
 * (embedded default, WAL) and PostgreSQL (libpq). All SQL lives in the statement
 * table of stmt.c, prepared once per connection, every value bound.
 *
 * Threads: a struct store is a pool shared by all threads; each thread takes a
 * struct store_conn with store_acquire() and gives it back with store_release().
 * Every function that changes data writes its audit row in the same transaction.
 */
#ifndef PT_STORE_STORE_H
#define PT_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/model.h"

struct store;
struct store_conn;

enum store_backend { STORE_SQLITE, STORE_PG, STORE__MAX };

/* Opens a pool for url: "sqlite:PATH" or "postgresql://..." / "postgres://...".
 * pool_size connections at most (0 = default 8). Does not migrate. */
enum err store_open(const char *url, unsigned pool_size, struct store **out, struct errbuf *eb);
/* Closes every connection (all must have been released); store_free(NULL) is a
 * no-op. */
void store_free(struct store *st);
enum store_backend store_backend_of(const struct store *st);

/* Blocks until a connection is free. Never NULL. A thread must not hold two at
 * once (with a small pool that can wait forever). When the database cannot be
 * reached the connection works anyway: each call on it fails with ERR_IO and
 * connects again; a lost PostgreSQL connection is re-opened the same way. */
struct store_conn *store_acquire(struct store *st);
/* Gives the connection back; rolls back a transaction left open. */
void store_release(struct store_conn *c);

/* Applies the migrations not yet applied, each in its own transaction.
 * *applied (may be NULL) gets how many ran. */
enum err store_migrate(struct store *st, int *applied, struct errbuf *eb);
/* The highest migration applied, 0 for an empty database. */
int store_schema_version(struct store_conn *c);

/* Transactions: store_begin starts a write transaction (SQLite BEGIN IMMEDIATE,
 * PostgreSQL READ COMMITTED); ERR_USAGE when one is open already.
 * Every multi-row change runs between store_begin and store_commit. The store's own
 * writes join the caller's transaction through a savepoint: when one fails, only
 * its part is undone and the transaction goes on (the same on both backends).
 * store_commit refuses (ERR_IO, rolling back) when any other statement in the
 * transaction failed. */
enum err store_begin(struct store_conn *c, struct errbuf *eb);
enum err store_commit(struct store_conn *c, struct errbuf *eb);
void store_rollback(struct store_conn *c);

/* Who is changing data: recorded in every audit row. */
struct actor {
	int64_t user_id;    /* 0 for the command line / system */
	const char *name;   /* username or "cli"; never a secret */
	const char *ip;     /* client address or "" */
};

/* ---- local authorities, trusts, establishments ---- */

/* Each add returns ERR_CONFLICT (with a message) when the key exists already. */
enum err store_la_add(struct store_conn *c, const struct actor *who, struct la *la, struct errbuf *eb);
enum err store_la_get_by_code(struct store_conn *c, int code, struct la *out);
enum err store_la_get(struct store_conn *c, int64_t id, struct la *out);
/* Caller frees *out. */
enum err store_la_list(struct store_conn *c, struct la **out, size_t *n);

enum err store_trust_add(struct store_conn *c, const struct actor *who, struct trust *t, struct errbuf *eb);
enum err store_trust_get_by_name(struct store_conn *c, const char *name, struct trust *out);
enum err store_trust_get(struct store_conn *c, int64_t id, struct trust *out);
enum err store_trust_list(struct store_conn *c, struct trust **out, size_t *n);

/* e->la_id must be set; la_code is filled in from it. ERR_NOT_FOUND when the LA
 * (or a non-zero trust_id) does not exist. */
enum err store_establishment_add(struct store_conn *c, const struct actor *who,
				 struct establishment *e, struct errbuf *eb);
enum err store_establishment_get(struct store_conn *c, int64_t id, struct establishment *out);
enum err store_establishment_get_by_laestab(struct store_conn *c, int laestab, struct establishment *out);
/* Filters: 0 means any. Sorted by name. Caller frees *out. */
enum err store_establishment_list(struct store_conn *c, int64_t la_id, int64_t trust_id,
				  struct establishment **out, size_t *n);

/* ---- users ---- */

enum err store_user_add(struct store_conn *c, const struct actor *who, struct user *u, struct errbuf *eb);
enum err store_user_get(struct store_conn *c, int64_t id, struct user *out);
/* Case-insensitive. */
enum err store_user_get_by_username(struct store_conn *c, const char *username, struct user *out);
/* Writes every field of u (matched by id); audits what changed without secrets. */
enum err store_user_update(struct store_conn *c, const struct actor *who, const struct user *u,
			   struct errbuf *eb);
/* Scope filters as in store_establishment_list; 0 = any. An LA or trust filter
 * matches users scoped to it and users of its establishments. Sorted by username
 * (case-insensitive). Caller frees *out. */
enum err store_user_list(struct store_conn *c, int64_t establishment_id, int64_t la_id,
			 int64_t trust_id, struct user **out, size_t *n);

/* ---- sessions and API tokens (only hashes are stored) ---- */

struct session {
	int64_t id;                 /* database id */
	unsigned char hash[32];     /* SHA-256 of the cookie token */
	int64_t user_id;            /* owner */
	unsigned char csrf[32];     /* per-session CSRF secret */
	int64_t created_at;         /* Unix time */
	int64_t last_seen;          /* Unix time of the last request */
	int64_t ended_at;           /* 0 while live */
	char end_reason[32];        /* "signed-out", "elsewhere", "expired", ... */
};

/* Sets s->id; ERR_CONFLICT when the hash exists. Not audited (sign-ins are audited
 * by the caller). */
enum err store_session_add(struct store_conn *c, struct session *s);
/* Ended sessions too: check ended_at (and end_reason to explain it). */
enum err store_session_get(struct store_conn *c, const unsigned char hash[32], struct session *out);
/* ERR_NOT_FOUND when there is no live session id. */
enum err store_session_touch(struct store_conn *c, int64_t id, int64_t now);
/* Ends one session (ERR_NOT_FOUND when not live), or every live one of a user
 * (except keep_id, 0 = none). */
enum err store_session_end(struct store_conn *c, int64_t id, int64_t now, const char *reason);
enum err store_session_end_user(struct store_conn *c, int64_t user_id, int64_t keep_id,
				int64_t now, const char *reason);

struct api_token {
	int64_t id;              /* database id */
	unsigned char hash[32];  /* SHA-256 of the bearer token */
	int64_t user_id;         /* whose rights it carries */
	int64_t created_at;      /* Unix time */
	int64_t expires_at;      /* Unix time; 0 = never */
	bool revoked;            /* revoked tokens are refused */
};

/* Sets t->id; audited as "token.add" (never with the hash). */
enum err store_token_add(struct store_conn *c, const struct actor *who, struct api_token *t);
enum err store_token_get(struct store_conn *c, const unsigned char hash[32], struct api_token *out);

/* ---- pupils ---- */

struct pupil_query {
	int64_t establishment_id; /* required */
	const char *surname;      /* prefix, case-insensitive; NULL = any */
	const char *upn;          /* prefix; NULL = any */
	int class_no;             /* 0 = any */
	bool include_archived;    /* archived pupils are hidden unless set */
	int limit;                /* 0 = no limit */
	int offset;               /* rows to skip */
};

enum err store_pupil_add(struct store_conn *c, const struct actor *who, struct pupil *p, struct errbuf *eb);
enum err store_pupil_get(struct store_conn *c, int64_t id, struct pupil *out);
/* Any establishment: UPNs are unique nationally. */
enum err store_pupil_get_by_upn(struct store_conn *c, const char *upn, struct pupil *out);
/* Optimistic: fails with ERR_CONFLICT when p->version is not the stored one;
 * bumps p->version on success. Audits every changed field old -> new. */
enum err store_pupil_update(struct store_conn *c, const struct actor *who, struct pupil *p,
			    struct errbuf *eb);
/* Sorted by surname, forenames. Caller frees *out. */
enum err store_pupil_list(struct store_conn *c, const struct pupil_query *q, struct pupil **out,
			  size_t *n);
/* Pupils of the establishment that are not archived. */
enum err store_pupil_count(struct store_conn *c, int64_t establishment_id, long *n);

/* ---- audit (append-only) ---- */

struct audit_entry {
	int64_t id;                   /* database id, increasing */
	int64_t at;                   /* Unix time, UTC */
	int64_t user_id;              /* 0 = system / command line */
	char actor[USERNAME_MAX + 1]; /* username at the time */
	char ip[46];                  /* client address */
	int64_t establishment_id;     /* whose data, 0 = none */
	int64_t la_id;                /* whose data, 0 = none */
	char action[48];              /* "pupil.update", "user.add", "login.fail", ... */
	char object[64];              /* e.g. "pupil 12", "user alice" */
	char field[48];               /* the field changed, "" for whole-object events */
	char old_value[256];          /* previous value, truncated; never a secret */
	char new_value[256];          /* new value, truncated; never a secret */
};

/* Appends one row (inside the caller's transaction when one is open). e->at 0
 * means now, by the database's clock; e->la_id 0 is taken from e->establishment_id. */
enum err store_audit_add(struct store_conn *c, const struct audit_entry *e);
struct audit_query {
	int64_t establishment_id; /* 0 = any */
	int64_t la_id;            /* 0 = any */
	const char *actor;        /* exact username; NULL = any */
	const char *action;       /* prefix; NULL = any */
	int64_t since, until;     /* since <= at < until, Unix times; 0 = open */
	int limit;                /* 0 = 500 */
};
/* Newest first. Caller frees *out. */
enum err store_audit_list(struct store_conn *c, const struct audit_query *q,
			  struct audit_entry **out, size_t *n);

/* ---- issue 3a: sign-in, security code, TOTP, throttling, profile ---- */

/* ---- issue 3b: mail, password reset, session expiry ---- */

/* ---- issue 3c: managing people, organisations, audit pages ---- */

/* ---- issue 4a: pupil records, search, filter, profile ---- */

/* ---- issue 4b: pupil upload, edit multiple, interventions, transfers ---- */

/* ---- issue 5: EYFS tracking ---- */

/* ---- issue 6: statutory results and CTF ---- */

#endif
