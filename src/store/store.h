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
/* Brings the database to the state it reaches by itself some time after a bulk
 * load (PostgreSQL: VACUUM ANALYZE, as autovacuum would; SQLite: nothing), so
 * that a benchmark measures a settled database. Outside a transaction. */
enum err store_settle(struct store_conn *c, struct errbuf *eb);

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
/* A page's reads in one snapshot on SQLite (BEGIN DEFERRED ... COMMIT: the
 * database's shared lock taken once, not by each statement, and every statement
 * sees the same data); nothing on PostgreSQL, where it would cost two round
 * trips. A write (store_begin) ends the snapshot first; store_release ends it
 * too. ERR_USAGE inside a transaction or snapshot. */
enum err store_read_begin(struct store_conn *c, struct errbuf *eb);
void store_read_end(struct store_conn *c);

/* Who is changing data: recorded in every audit row. */
struct actor {
	int64_t user_id;  /* 0 for the command line / system */
	const char *name; /* username or "cli"; never a secret */
	const char *ip;	  /* client address or "" */
};

/* ---- local authorities, trusts, establishments ---- */

/* Each add returns ERR_CONFLICT (with a message) when the key exists already. */
enum err store_la_add(struct store_conn *c, const struct actor *who, struct la *la,
		      struct errbuf *eb);
enum err store_la_get_by_code(struct store_conn *c, int code, struct la *out);
enum err store_la_get(struct store_conn *c, int64_t id, struct la *out);
/* Caller frees *out. */
enum err store_la_list(struct store_conn *c, struct la **out, size_t *n);

enum err store_trust_add(struct store_conn *c, const struct actor *who, struct trust *t,
			 struct errbuf *eb);
enum err store_trust_get_by_name(struct store_conn *c, const char *name, struct trust *out);
enum err store_trust_get(struct store_conn *c, int64_t id, struct trust *out);
enum err store_trust_list(struct store_conn *c, struct trust **out, size_t *n);

/* e->la_id must be set; la_code is filled in from it. ERR_NOT_FOUND when the LA
 * (or a non-zero trust_id) does not exist. */
enum err store_establishment_add(struct store_conn *c, const struct actor *who,
				 struct establishment *e, struct errbuf *eb);
enum err store_establishment_get(struct store_conn *c, int64_t id, struct establishment *out);
enum err store_establishment_get_by_laestab(struct store_conn *c, int laestab,
					    struct establishment *out);
/* Filters: 0 means any. Sorted by name. Caller frees *out. */
enum err store_establishment_list(struct store_conn *c, int64_t la_id, int64_t trust_id,
				  struct establishment **out, size_t *n);

/* ---- users ---- */

enum err store_user_add(struct store_conn *c, const struct actor *who, struct user *u,
			struct errbuf *eb);
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
	int64_t id;		/* database id */
	unsigned char hash[32]; /* SHA-256 of the cookie token */
	int64_t user_id;	/* owner */
	unsigned char csrf[32]; /* per-session CSRF secret */
	int64_t created_at;	/* Unix time */
	int64_t last_seen;	/* Unix time of the last request */
	int64_t ended_at;	/* 0 while live */
	char end_reason[32];	/* "signed-out", "elsewhere", "expired", ... */
};

/* Sets s->id; ERR_CONFLICT when the hash exists. Not audited (sign-ins are audited
 * by the caller). */
enum err store_session_add(struct store_conn *c, struct session *s);
/* Ended sessions too: check ended_at (and end_reason to explain it). */
enum err store_session_get(struct store_conn *c, const unsigned char hash[32], struct session *out);
/* store_session_get and store_user_get of its owner in one statement (the
 * look-up of every signed-in request). */
enum err store_session_user_get(struct store_conn *c, const unsigned char hash[32],
				struct session *s, struct user *u);
/* ERR_NOT_FOUND when there is no live session id. */
enum err store_session_touch(struct store_conn *c, int64_t id, int64_t now);
/* Ends one session (ERR_NOT_FOUND when not live), or every live one of a user
 * (except keep_id, 0 = none). */
enum err store_session_end(struct store_conn *c, int64_t id, int64_t now, const char *reason);
enum err store_session_end_user(struct store_conn *c, int64_t user_id, int64_t keep_id, int64_t now,
				const char *reason);

struct api_token {
	int64_t id;		/* database id */
	unsigned char hash[32]; /* SHA-256 of the bearer token */
	int64_t user_id;	/* whose rights it carries */
	int64_t created_at;	/* Unix time */
	int64_t expires_at;	/* Unix time; 0 = never */
	bool revoked;		/* revoked tokens are refused */
};

/* Sets t->id; audited as "token.add" (never with the hash). */
enum err store_token_add(struct store_conn *c, const struct actor *who, struct api_token *t);
enum err store_token_get(struct store_conn *c, const unsigned char hash[32], struct api_token *out);

/* ---- pupils ---- */

struct pupil_query {
	int64_t establishment_id; /* required */
	const char *surname;	  /* prefix, case-insensitive; NULL = any */
	const char *upn;	  /* prefix; NULL = any */
	int class_no;		  /* 0 = any */
	bool include_archived;	  /* archived pupils are hidden unless set */
	int limit;		  /* 0 = no limit */
	int offset;		  /* rows to skip */
};

enum err store_pupil_add(struct store_conn *c, const struct actor *who, struct pupil *p,
			 struct errbuf *eb);
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
	int64_t id;		      /* database id, increasing */
	int64_t at;		      /* Unix time, UTC */
	int64_t user_id;	      /* 0 = system / command line */
	char actor[USERNAME_MAX + 1]; /* username at the time */
	char ip[46];		      /* client address */
	int64_t establishment_id;     /* whose data, 0 = none */
	int64_t la_id;		      /* whose data, 0 = none */
	char action[48];	      /* "pupil.update", "user.add", "login.fail", ... */
	char object[64];	      /* e.g. "pupil 12", "user alice" */
	char field[48];		      /* the field changed, "" for whole-object events */
	char old_value[256];	      /* previous value, truncated; never a secret */
	char new_value[256];	      /* new value, truncated; never a secret */
};

/* Appends one row (inside the caller's transaction when one is open). e->at 0
 * means now, by the database's clock; e->la_id 0 is taken from e->establishment_id. */
enum err store_audit_add(struct store_conn *c, const struct audit_entry *e);
struct audit_query {
	int64_t establishment_id; /* 0 = any */
	int64_t la_id;		  /* 0 = any */
	const char *actor;	  /* exact username; NULL = any */
	const char *action;	  /* prefix; NULL = any */
	int64_t since, until;	  /* since <= at < until, Unix times; 0 = open */
	int limit;		  /* 0 = 500 */
};
/* Newest first. Caller frees *out. */
enum err store_audit_list(struct store_conn *c, const struct audit_query *q,
			  struct audit_entry **out, size_t *n);

/* ---- issue 3a: sign-in, security code, TOTP, throttling, profile ---- */

/* Pending sign-ins (between the password and the security-code step), keyed by
 * the SHA-256 of a random token. user_id 0 stands for an unknown username. */
enum err store_pending_add(struct store_conn *c, const unsigned char hash[32], int64_t user_id,
			   bool password_ok, int64_t now, int64_t expires_at);
/* Takes the pending sign-in once: ERR_NOT_FOUND when unknown, used or expired.
 * Also deletes pending sign-ins that expired long ago. */
enum err store_pending_take(struct store_conn *c, const unsigned char hash[32], int64_t now,
			    int64_t *user_id, bool *password_ok);

/* Failed sign-ins in a window, per key ("user:ID", "ip:ADDRESS"). */
struct login_throttle {
	int64_t window_start;  /* Unix time the counting window began */
	int failures;	       /* failures since window_start */
	int64_t blocked_until; /* Unix time; 0 = not blocked */
};
/* A key never seen reads as all zeros (ERR_OK). */
enum err store_throttle_get(struct store_conn *c, const char *key, struct login_throttle *out);
enum err store_throttle_put(struct store_conn *c, const char *key, const struct login_throttle *t);
enum err store_throttle_clear(struct store_conn *c, const char *key);

/* Records that user_id's authenticator code of step was used: ERR_CONFLICT when
 * that step or a later one was used already (a replay). */
enum err store_totp_use(struct store_conn *c, int64_t user_id, int64_t step);

/* Writes only the sign-in bookkeeping of u (failed_logins, locked_until,
 * last_login_at, sc_pos, sc_shown). Not audited here: the caller writes the
 * login.* audit row in the same transaction. */
enum err store_user_sign_in_state(struct store_conn *c, const struct user *u);

/* ---- issue 3b: mail, password reset, session expiry ---- */

/* A single-use link to choose a password (app/reset.h); only its hash is stored. */
struct reset_link {
	int64_t id;		/* database id */
	unsigned char hash[32]; /* SHA-256 of the link's token */
	int64_t user_id;	/* whose password it sets */
	char kind[16];		/* "forgot", "admin" or "welcome" */
	int64_t created_at;	/* Unix time */
	int64_t expires_at;	/* Unix time; refused from then on */
	int64_t used_at;	/* Unix time it was used or replaced; 0 = unused */
};

/* Ends the user's unused links (used_at = l->created_at), then adds l and sets
 * l->id. Not audited here: app/reset.c audits. */
enum err store_reset_add(struct store_conn *c, struct reset_link *l);
enum err store_reset_get(struct store_conn *c, const unsigned char hash[32],
			 struct reset_link *out);
/* Marks an unused link used; ERR_NOT_FOUND when it was used already (so two
 * requests racing with one link cannot both succeed). */
enum err store_reset_use(struct store_conn *c, int64_t id, int64_t now);
/* Links of the user of this kind created at or after since. */
enum err store_reset_count(struct store_conn *c, int64_t user_id, const char *kind, int64_t since,
			   long *n);
/* Records a "Forgot your password" request from ip at now (deleting requests
 * older than a day) and counts the requests from ip at or after since, this one
 * included. */
enum err store_reset_request_add(struct store_conn *c, const char *ip, int64_t now, int64_t since,
				 long *n);
/* Ids of the users whose e-mail address is email (case-insensitive), at most max
 * of them, lowest first, into ids; *n gets how many. */
enum err store_reset_users_by_email(struct store_conn *c, const char *email, int64_t *ids,
				    size_t max, size_t *n);

/* ---- issue 3c: managing people, organisations, audit pages ---- */

/* store_user_update with its audit rows filed under action ("user.disable",
 * "user.unlock", ...) instead of "user.update". */
enum err store_user_update_as(struct store_conn *c, const struct actor *who, const struct user *u,
			      const char *action, struct errbuf *eb);
/* One page of the audit, newest first: like store_audit_list, but q->actor is
 * compared case-insensitively and offset rows are skipped first. */
enum err store_audit_page(struct store_conn *c, const struct audit_query *q, int offset,
			  struct audit_entry **out, size_t *n);

/* ---- issue 4a: pupil records, search, filter, profile ---- */

struct pupil_filter; /* core/pupil_filter.h */

/* Sort orders of store_pupil_search; ties go by surname, forenames, id. */
enum pupil_sort {
	PUPIL_SORT_NAME,   /* surname, forenames (case-insensitive) */
	PUPIL_SORT_UPN,	   /* UPN */
	PUPIL_SORT_DOB,	   /* date of birth, unknown first */
	PUPIL_SORT_CLASS,  /* class number, none first */
	PUPIL_SORT_YEAR,   /* year group (override or from the date of birth) */
	PUPIL_SORT_GENDER, /* "", F, M */
	PUPIL_SORT__MAX
};

struct pupil_search {
	int64_t establishment_id;	   /* required */
	const char *surname;		   /* prefix, case-insensitive (ASCII); NULL/"" = any */
	const char *upn;		   /* prefix, case-insensitive; NULL/"" = any */
	int class_no;			   /* 1..20; 0 = any */
	int year_group;			   /* YEAR_NONE = any; else the override or, without
					      one, the year the date of birth gives */
	int academic_year;		   /* the year year groups are worked out in */
	bool include_archived;		   /* archived pupils are hidden unless set */
	const struct pupil_filter *filter; /* characteristics; NULL = all */
	enum pupil_sort sort;		   /* column */
	bool desc;			   /* descending */
	int limit;			   /* rows at most; 0 = no limit */
	int offset;			   /* rows to skip */
	/* The school's pupils_version as read with the session (struct
	 * establishment), or 0. With one, store_pupil_search_brief serves a page
	 * it has read before at that version from this process's memory. */
	int64_t version;
};

/* One page of the pupils that match, and (*total, may be NULL) how many match in
 * all. Caller frees *out. */
enum err store_pupil_search(struct store_conn *c, const struct pupil_search *s, struct pupil **out,
			    size_t *n, long *total);

/* Archives (archived true) or restores pupils ids[0..n) of one establishment in
 * one transaction, each audited as a change of "archived". ERR_NOT_FOUND (nothing
 * changed) when an id is not a pupil of establishment_id. Pupils already in that
 * state are left alone. *changed (may be NULL) gets how many changed. */
enum err store_pupil_set_archived(struct store_conn *c, const struct actor *who,
				  int64_t establishment_id, const int64_t *ids, size_t n,
				  bool archived, size_t *changed, struct errbuf *eb);

enum { CLASS_NAME_MAX = 60, CUSTOM_NAME_MAX = 60 }; /* bytes without NUL */

/* The establishment profile: what the school calls its classes and custom filters. */
struct estab_profile {
	char class_name[CLASS_COUNT][CLASS_NAME_MAX + 1];    /* [0] is class 1; "Class 1" */
	char custom_name[CUSTOM_COUNT][CUSTOM_NAME_MAX + 1]; /* [0] is custom 1; "Custom 1" */
};

/* Fills p with the establishment's names; the defaults "Class N" / "Custom N"
 * where none was saved. */
enum err store_estab_profile_get(struct store_conn *c, int64_t establishment_id,
				 struct estab_profile *p);
/* Saves every name that differs from the stored one (blank names are refused
 * with ERR_INVALID), each audited old -> new, in one transaction. */
enum err store_estab_profile_set(struct store_conn *c, const struct actor *who,
				 int64_t establishment_id, const struct estab_profile *p,
				 struct errbuf *eb);

/* The saved pupil-list selection of a user at an establishment (a query string,
 * at most SELECTION_MAX bytes); "" and ERR_OK when none. */
enum { SELECTION_MAX = 1000 };
enum err store_pupil_selection_get(struct store_conn *c, int64_t user_id, int64_t establishment_id,
				   char out[static SELECTION_MAX + 1]);
/* The school a signed-in page is about, as the session's look-up reads it. */
struct session_school {
	bool found;		       /* there is such a school; the rest is zero when not */
	struct establishment est;      /* the school (not yet authorised) */
	struct estab_profile prof;     /* its class and custom filter names */
	char saved[SELECTION_MAX + 1]; /* the user's saved pupil selection there, "" if none */
};
/* store_session_user_get, store_establishment_get_by_laestab, store_estab_profile_get
 * and store_pupil_selection_get in one statement: the look-up of every signed-in
 * school page. */
enum err store_session_user_est_get(struct store_conn *c, const unsigned char hash[32], int laestab,
				    struct session *s, struct user *u, struct session_school *out);
/* Saves (replaces) it; "" removes it. Audited as "selection.save". */
enum err store_pupil_selection_set(struct store_conn *c, const struct actor *who, int64_t user_id,
				   int64_t establishment_id, const char *query, struct errbuf *eb);

/* Store-internal (for statements written with PUPIL_FILTER_WHERE in stmt.c): binds
 * the values of pupil_filter_compile(f) to q; f NULL binds "all". */
struct query;
void q_pupil_filter(struct query *q, const struct pupil_filter *f);

/* ---- issue 4b: pupil upload, edit multiple, interventions, transfers ---- */

enum { INTERVENTION_ASSESSMENT_MAX = 100 /* bytes, the assessment period's name */ };

/* An intervention on a pupil; it belongs to the pupil, so it moves with them. */
struct intervention {
	int64_t id;					  /* database id */
	int64_t pupil_id;				  /* whose */
	int academic_year;				  /* starting year: 2021 = 2021/22 */
	char assessment[INTERVENTION_ASSESSMENT_MAX + 1]; /* "Autumn Term Assessment" */
	char details[NOTE_MAX_LEN + 1];			  /* what was done */
	int64_t created_at;				  /* Unix time */
};

/* establishment_id is the pupil's school (for the audit). Each is audited. */
enum err store_intervention_add(struct store_conn *c, const struct actor *who,
				int64_t establishment_id, struct intervention *iv,
				struct errbuf *eb);
enum err store_intervention_get(struct store_conn *c, int64_t id, struct intervention *out);
/* Rewrites year, assessment and details of iv->id; audits what changed. */
enum err store_intervention_update(struct store_conn *c, const struct actor *who,
				   int64_t establishment_id, const struct intervention *iv,
				   struct errbuf *eb);
enum err store_intervention_delete(struct store_conn *c, const struct actor *who,
				   int64_t establishment_id, int64_t id, struct errbuf *eb);
/* Newest academic year first. Caller frees *out. */
enum err store_intervention_list(struct store_conn *c, int64_t pupil_id, struct intervention **out,
				 size_t *n);

enum transfer_status { TRANSFER_PENDING, TRANSFER_CONFIRMED, TRANSFER_REFUSED, TRANSFER__MAX };

/* A request by one school (to) to take over a pupil now at another (from). */
struct transfer {
	int64_t id;			     /* database id */
	int64_t pupil_id;		     /* who */
	int64_t from_establishment_id;	     /* the pupil's school when requested */
	int64_t to_establishment_id;	     /* the requesting school */
	char upn[14];			     /* the pupil's UPN */
	char surname[PERSON_NAME_MAX + 1];   /* the pupil's surname */
	char forenames[PERSON_NAME_MAX + 1]; /* the pupil's forenames */
	char requested_by[USERNAME_MAX + 1]; /* username */
	int64_t requested_at;		     /* Unix time */
	enum transfer_status status;	     /* pending until decided */
	char decided_by[USERNAME_MAX + 1];   /* username, "" while pending */
	int64_t decided_at;		     /* Unix time, 0 while pending */
};

/* "pending", "confirmed", "refused". */
const char *transfer_status_name(enum transfer_status s);
/* Records a pending request (t->pupil_id, from, to set; id and times filled in);
 * ERR_CONFLICT when that school has asked for that pupil already. Audited for
 * both schools. */
enum err store_transfer_add(struct store_conn *c, const struct actor *who, struct transfer *t,
			    struct errbuf *eb);
enum err store_transfer_get(struct store_conn *c, int64_t id, struct transfer *out);
/* Requests from or to an establishment, newest first. Caller frees *out. */
enum err store_transfer_list(struct store_conn *c, int64_t establishment_id, struct transfer **out,
			     size_t *n);
/* Confirms (the pupil, with everything hanging off it, moves to the requesting
 * school; its class is cleared as class names are per school) or refuses a
 * pending request, in one transaction, audited for both schools. ERR_CONFLICT
 * when it was decided already or the pupil has left the school it was asked
 * from. */
enum err store_transfer_decide(struct store_conn *c, const struct actor *who, int64_t id,
			       bool confirm, struct errbuf *eb);

/* ---- issue 5: EYFS tracking ---- */

#include "core/framework.h"

enum {
	ASSESS_YG_N1 = 1, /* bits of struct assessment.year_groups */
	ASSESS_YG_N2 = 2,
	ASSESS_YG_R = 4,
	ASSESS_COLOUR_MAX = 16, /* bytes with NUL of a "gone beyond" colour name */
};

/* A termly tracking assessment or the end-of-year ELGs of one establishment. */
struct assessment {
	int64_t id;		     /* database id */
	int64_t establishment_id;    /* owner */
	int academic_year;	     /* start year: 2025 = 2025/26 */
	char name[NAME_MAX_LEN + 1]; /* "Autumn Term Assessment" */
	struct date date;	     /* assessment date */
	unsigned year_groups;	     /* ASSESS_YG_* bits, at least one */
	enum scale_kind kind;	     /* SCALE_TRACKING or SCALE_ELG */
	struct date completion;	     /* ELGs: when they are to be completed; else zero */
	int64_t created_at;	     /* Unix time */
	int64_t version;	     /* optimistic-lock counter */
	/* The version of its cells and notes when it was read (judgement_version;
	 * 0 = none yet): the grid screen's cells are served from memory while it
	 * holds (store_judgement_grid). */
	int64_t cells_version;
};

/* One cell of the grid. value indexes the assessment's scale (0 = blank). */
struct judgement {
	int64_t pupil_id;		   /* whose */
	enum elg elg;			   /* which area of development */
	int value;			   /* enum track_result or enum elg_result */
	char colour[ASSESS_COLOUR_MAX];	   /* "gone beyond" colour of On track, "" = none */
	char note[NOTE_MAX_LEN + 1];	   /* the cell's free-text note ("i") */
	int64_t version;		   /* 0 = never written */
	int64_t updated_at;		   /* Unix time of the last write */
	char updated_by[USERNAME_MAX + 1]; /* who wrote it last */
};

/* A cell of a whole grid as listed (store_judgement_list): a judgement whose note
 * lives out of line, so that a grid of cells stays small. note is never NULL ("" =
 * none) and points into the text block the list returned with it. */
struct judgement_cell {
	int64_t pupil_id;		   /* whose */
	enum elg elg;			   /* which area of development */
	int value;			   /* enum track_result or enum elg_result */
	char colour[ASSESS_COLOUR_MAX];	   /* "gone beyond" colour of On track, "" = none */
	const char *note;		   /* the cell's note, "" = none */
	int64_t version;		   /* 0 = never written */
	int64_t updated_at;		   /* Unix time of the last write */
	char updated_by[USERNAME_MAX + 1]; /* who wrote it last */
};

/* The per-pupil note of one assessment (the Notes column). */
struct assessment_note {
	int64_t pupil_id;	     /* whose */
	char note[NOTE_MAX_LEN + 1]; /* free text */
	int64_t version;	     /* 0 = never written */
};

/* Sets a->id, created_at and version; audited "assessment.add". */
enum err store_assessment_add(struct store_conn *c, const struct actor *who, struct assessment *a,
			      struct errbuf *eb);
enum err store_assessment_get(struct store_conn *c, int64_t id, struct assessment *out);
/* Name, date, year groups and completion date; optimistic on a->version (bumped on
 * success, ERR_CONFLICT when stale). Audits each changed field. */
enum err store_assessment_update(struct store_conn *c, const struct actor *who,
				 struct assessment *a, struct errbuf *eb);
/* Deletes the assessment with its judgements and notes; audited. */
enum err store_assessment_delete(struct store_conn *c, const struct actor *who,
				 const struct assessment *a, struct errbuf *eb);
/* academic_year 0 = every year. Sorted by year, date, id. Caller frees *out. */
enum err store_assessment_list(struct store_conn *c, int64_t establishment_id, int academic_year,
			       struct assessment **out, size_t *n);
/* Cells that hold a value, colour or note. */
enum err store_judgement_count(struct store_conn *c, int64_t assessment_id, long *n);
/* Every stored cell of an assessment, by pupil id then area. The notes are in
 * *notes, one text block the cells point into. Caller frees *out and *notes. */
enum err store_judgement_list(struct store_conn *c, int64_t assessment_id,
			      struct judgement_cell **out, size_t *n, char **notes);
/* ERR_NOT_FOUND (out zeroed but pupil_id, elg) when the cell was never written. */
enum err store_judgement_get(struct store_conn *c, int64_t assessment_id, int64_t pupil_id,
			     enum elg elg, struct judgement *out);
/* The 17 cells of one pupil: row[e] as stored, or zero (version 0) when never
 * written (pupil_id and elg always set). */
enum err store_judgement_row(struct store_conn *c, int64_t assessment_id, int64_t pupil_id,
			     struct judgement row[static ELG__MAX]);
/* Writes j's value, colour and note when the stored version equals j->version (0:
 * no row yet). On success j->version, updated_at and updated_by are the new ones
 * and each changed field is audited old -> new. ERR_CONFLICT when stale: *current
 * (may be NULL) gets the stored cell. Values are not checked here: see app/assess. */
enum err store_judgement_put(struct store_conn *c, const struct actor *who,
			     const struct assessment *a, struct judgement *j,
			     struct judgement *current, struct errbuf *eb);
/* The history of one cell (who, when, field, old -> new), newest first, at most
 * limit rows (0 = 100). Caller frees *out. */
enum err store_judgement_history(struct store_conn *c, const struct assessment *a, int64_t pupil_id,
				 enum elg elg, int limit, struct audit_entry **out, size_t *n);
/* Notes of an assessment, by pupil id. Caller frees *out. */
enum err store_assessment_note_list(struct store_conn *c, int64_t assessment_id,
				    struct assessment_note **out, size_t *n);
/* As store_judgement_put, for the per-pupil note. */
enum err store_assessment_note_put(struct store_conn *c, const struct actor *who,
				   const struct assessment *a, struct assessment_note *nt,
				   struct assessment_note *current, struct errbuf *eb);

/* ---- issue 6: statutory results and CTF ---- */

#include "core/statutory.h"

/* One stored statutory result: a pupil's result for one CTF component and result
 * qualifier of a collection in an academic year. Values are checked by the rule
 * engine (core/statutory.h) before they come here. */
struct stat_stored {
	int64_t pupil_id;		   /* whose */
	enum collection coll;		   /* which return */
	int academic_year;		   /* start year: 2025 = 2025/26 */
	char component[STAT_CODE_MAX];	   /* "E01", "PSC", "WR" */
	char qualifier[STAT_CODE_MAX];	   /* "EL", "PM", "TA" */
	char result[STAT_VALUE_MAX];	   /* "2", "32", "EXS"; "" = none */
	int64_t updated_at;		   /* Unix time of the last write */
	char updated_by[USERNAME_MAX + 1]; /* who wrote it last */
	int64_t establishment_id;	   /* out of store_statutory_get: the school
					      whose return holds it */
};

/* The submission state of one school's collection for one academic year. */
struct stat_submission {
	bool submitted;			      /* submitted and locked */
	char submitted_by[NAME_MAX_LEN + 1];  /* who declared and submitted, "" = never */
	int64_t submitted_at;		      /* Unix time, 0 = never */
	char unlocked_by[NAME_MAX_LEN + 1];   /* the LA officer who last unlocked it */
	int64_t unlocked_at;		      /* Unix time, 0 = never */
	char unlock_reason[NOTE_MAX_LEN + 1]; /* why, as they wrote it */
};

/* Writes s (result "" removes it) for a pupil of establishment_id. ERR_LOCKED
 * (eb says who submitted it and when) while the collection is submitted for that
 * school and year; ERR_INVALID for an unknown pupil or a field that does not
 * fit. Audited "statutory.set" old -> new in the same transaction. Sets
 * s->updated_at and updated_by. */
enum err store_statutory_put(struct store_conn *c, const struct actor *who,
			     int64_t establishment_id, struct stat_stored *s, struct errbuf *eb);
/* ERR_NOT_FOUND (out->result "") when the pupil has no such result. */
enum err store_statutory_get(struct store_conn *c, int64_t pupil_id, enum collection coll,
			     int academic_year, const char *component, const char *qualifier,
			     struct stat_stored *out);
/* A school's results of one collection and year, by pupil id, component,
 * qualifier. Caller frees *out. */
enum err store_statutory_list(struct store_conn *c, int64_t establishment_id, enum collection coll,
			      int academic_year, struct stat_stored **out, size_t *n);
/* The pupils who left school establishment_id (archived there, or moved to
 * another school) and have results of coll and academic_year that it holds:
 * leavers stay in the school's return and entry lists when they have results.
 * Sorted by surname, forenames. Caller frees *out. */
enum err store_statutory_leavers(struct store_conn *c, int64_t establishment_id,
				 enum collection coll, int academic_year, struct pupil **out,
				 size_t *n);
/* The pupils archived at establishment_id during academic_year (by archived_at,
 * 1 September to 31 August, UTC days) who have no result of coll in any
 * school's return: the
 * entry lists offer them, marked left. Sorted by surname, forenames. Caller
 * frees *out. */
enum err store_statutory_left_no_result(struct store_conn *c, int64_t establishment_id,
					enum collection coll, int academic_year, struct pupil **out,
					size_t *n);
/* Whether school establishment_id holds results of coll and academic_year for
 * pupil_id (a pupil who moved on stays in its return with them). */
enum err store_statutory_held(struct store_conn *c, int64_t establishment_id, int64_t pupil_id,
			      enum collection coll, int academic_year, bool *held);
/* Which results of coll and academic_year (result "": not their values) the
 * returns of schools but establishment_id hold for the pupils pupil_ids[0..n),
 * with the school holding each, by pupil id, school, component. Caller frees. */
enum err store_statutory_elsewhere(struct store_conn *c, int64_t establishment_id,
				   enum collection coll, int academic_year,
				   const int64_t *pupil_ids, size_t n, struct stat_stored **out,
				   size_t *nout);
/* The submission state; a collection never submitted reads as all zero (ERR_OK). */
enum err store_submission_get(struct store_conn *c, int64_t establishment_id, enum collection coll,
			      int academic_year, struct stat_submission *out);
/* store_submission_get for a writer inside its transaction (ERR_USAGE outside
 * one) that must not write into a submitted collection, such as a CTF import:
 * on PostgreSQL the state is locked until the transaction ends (a submit or an
 * unlock waits for it), so the answer stays true until the commit. */
enum err store_submission_hold(struct store_conn *c, int64_t establishment_id, enum collection coll,
			       int academic_year, struct stat_submission *out);
/* Submits and locks; who->name is recorded as the submitter. ERR_CONFLICT when it
 * is submitted already. Audited "statutory.submit". The caller has checked that
 * no errors remain (core/statutory.h) and taken the declaration. */
enum err store_submission_submit(struct store_conn *c, const struct actor *who,
				 int64_t establishment_id, enum collection coll, int academic_year,
				 struct errbuf *eb);
/* Unlocks a submitted collection with the reason (required, at most NOTE_MAX_LEN
 * bytes): ERR_INVALID without one, ERR_CONFLICT when it is not submitted.
 * Audited "statutory.unlock" with the reason. */
enum err store_submission_unlock(struct store_conn *c, const struct actor *who,
				 int64_t establishment_id, enum collection coll, int academic_year,
				 const char *reason, struct errbuf *eb);

/* ---- issue 7: LA collection ---- */

#include "core/problem.h"

enum {
	RECEIVED_FILE_MAX = 3 * 1024 * 1024, /* bytes: 3 MiB = 3145728, the cap on a sent file */
	FREQ_NAME_MAX = 200,		     /* bytes of a request's name */
	FREQ_KINDS_MAX = 100,		     /* bytes of the expected file kinds ("other") */
	FREQ_DESC_MAX = 2000,		     /* bytes of a request's description */
	RFILE_NAME_MAX = 200,		     /* bytes of a file name as sent */
	RFILE_COMMENT_MAX = 1000,	     /* bytes of the accompanying comment */
};

/* A file request an LA sends to its schools (issue 7). */
struct file_request {
	int64_t id;			     /* database id */
	int64_t la_id;			     /* the LA that asks */
	char name[FREQ_NAME_MAX + 1];	     /* "KS2 teacher assessment 2025/26" */
	char collection[12];		     /* "eyfsp", "phonics", "ks1", "ks2" or "other" */
	char file_kinds[FREQ_KINDS_MAX + 1]; /* "other": what files are expected */
	int academic_year;		     /* start year: 2025 = 2025/26 */
	char description[FREQ_DESC_MAX + 1]; /* what the LA says about it */
	int64_t deadline;		     /* Unix time (UTC) by which files are due */
	bool closed;			     /* closed requests leave schools' lists */
	bool all_schools;		     /* targets were every school of the LA */
	char created_by[USERNAME_MAX + 1];   /* username */
	int64_t created_at;		     /* Unix time */
};

/* One file a school sent for a request; kept whatever its status. */
struct received_file {
	int64_t id;				/* database id */
	int64_t request_id;			/* which request */
	int64_t establishment_id;		/* the school it is from */
	int64_t sender_user_id;			/* who sent it (0 = command line) */
	char sender[USERNAME_MAX + 1];		/* their username */
	char comment[RFILE_COMMENT_MAX + 1];	/* the accompanying note */
	char original_name[RFILE_NAME_MAX + 1]; /* the file name as sent */
	int64_t size;				/* bytes */
	char sha256[65];			/* hex digest of the bytes */
	char kind[16];				/* "ctf" or "unknown" */
	char status[24];			/* "successful", "successful-with-queries",
						   "upload-error", "overwritten" */
	int64_t problem_count;			/* errors and queries found */
	int64_t received_at;			/* Unix time */
};

/* Adds the request (r->id set) with its targets (establishment ids, which the
 * caller has checked are of r->la_id), audited "request.add", in one transaction. */
enum err store_file_request_add(struct store_conn *c, const struct actor *who,
				struct file_request *r, const int64_t *targets, size_t ntargets,
				struct errbuf *eb);
/* Rewrites name, collection, kinds, year, description, deadline, all_schools
 * and replaces the targets; audits each changed field ("request.update"). */
enum err store_file_request_update(struct store_conn *c, const struct actor *who,
				   const struct file_request *r, const int64_t *targets,
				   size_t ntargets, struct errbuf *eb);
/* Closes or reopens; audited "request.close" / "request.reopen". */
enum err store_file_request_set_closed(struct store_conn *c, const struct actor *who, int64_t id,
				       bool closed, struct errbuf *eb);
enum err store_file_request_get(struct store_conn *c, int64_t id, struct file_request *out);
/* An LA's requests, latest deadline first. Caller frees *out. */
enum err store_file_request_list_la(struct store_conn *c, int64_t la_id, struct file_request **out,
				    size_t *n);
/* The requests that target a school (only open ones when open_only), earliest
 * deadline first. Caller frees *out. */
enum err store_file_request_list_school(struct store_conn *c, int64_t establishment_id,
					bool open_only, struct file_request **out, size_t *n);
/* The target schools of a request, by name. Caller frees *out. */
enum err store_request_targets(struct store_conn *c, int64_t request_id, struct establishment **out,
			       size_t *n);
/* Whether the request targets the school. */
enum err store_request_is_target(struct store_conn *c, int64_t request_id, int64_t establishment_id,
				 bool *yes);
/* Records a received file (f->id set) with its bytes (at most RECEIVED_FILE_MAX;
 * ERR_TOO_BIG otherwise) and its problems, in one transaction; when f->status
 * is successful (with or without queries) the school's earlier successful files
 * of the request become "overwritten". Audited "file.receive" and one
 * "file.overwrite" per file superseded. */
enum err store_received_file_add(struct store_conn *c, const struct actor *who,
				 struct received_file *f, const void *bytes, size_t len,
				 const struct problem_list *problems, struct errbuf *eb);
/* Files of a request, newest first; establishment_id 0 = every school. Caller
 * frees *out. */
enum err store_received_file_list(struct store_conn *c, int64_t request_id,
				  int64_t establishment_id, struct received_file **out, size_t *n);
enum err store_received_file_get(struct store_conn *c, int64_t id, struct received_file *out);
/* The stored bytes (caller frees *out; *len bytes). */
enum err store_received_file_content(struct store_conn *c, int64_t id, char **out, size_t *len);
/* The stored problems of a file, in the order found, appended to out. */
enum err store_received_problems(struct store_conn *c, int64_t file_id, struct problem_list *out);

/* ---- issue 8b: progress meetings, discussion areas, news: see store_meetings.h ---- */

/* ---- issue 6b: CTF sequence numbers ---- */

enum { CTF_DEST_LEN = 7 /* a destination: "888LLLL", "8885678", "XXXXXXX", "NAALLLL" */ };

/* Takes the next file number (1..999, then 1 again) of the school's CTFs to
 * destination (the file name's destination part) into *seq; audited
 * "ctf.sequence" in the same transaction, so a caller that rolls back gives the
 * number back. ERR_INVALID when destination is not 7 characters. */
enum err store_ctf_seq_next(struct store_conn *c, const struct actor *who, int64_t establishment_id,
			    const char *destination, int *seq, struct errbuf *eb);
/* The last number taken for destination, 0 when none yet. */
enum err store_ctf_seq_last(struct store_conn *c, int64_t establishment_id, const char *destination,
			    int *seq);

/* ---- issue 3d: accounts: refused forms, audit of every change ---- */

/* ---- issue 4c: pupils API ---- */

/* ---- issue 5b: EYFS grid speed, XLSX check ---- */
/* One stored cell's value (store_judgement_values). */
struct judgement_value {
	int64_t pupil_id; /* whose */
	enum elg elg;	  /* which area of development */
	int value;	  /* enum track_result or enum elg_result */
};
/* The value of every stored cell of an assessment, by pupil id then area: only
 * what the statistics need, much cheaper than store_judgement_list. Caller frees
 * *out. */
enum err store_judgement_values(struct store_conn *c, int64_t assessment_id,
				struct judgement_value **out, size_t *n);

/* ---- issue 6c: statutory: CTF preview, downloads, entry screens ---- */

/* ---- issue 7b: collection: school upload side, results templates ---- */

enum {
	COLLECTION_UPLOAD_FILES_MAX = 10, /* files in one "Upload & send" */
	/* the body of one upload: every file at the limit plus the form and framing */
	COLLECTION_UPLOAD_BODY_MAX = COLLECTION_UPLOAD_FILES_MAX * RECEIVED_FILE_MAX + 64 * 1024,
};

/* A file a school recalled before the LA received it (its received_file row is gone). */
struct recalled_file {
	int64_t id;				/* database id */
	int64_t file_id;			/* the received file it was */
	int64_t request_id;			/* its request */
	int64_t establishment_id;		/* its school */
	char original_name[RFILE_NAME_MAX + 1]; /* the file name as sent */
	char kind[16];				/* as received_file.kind */
	char status[24];			/* its status when recalled */
	char sender[USERNAME_MAX + 1];		/* who had sent it */
	int64_t sent_at;			/* when (Unix time) */
	char recalled_by[USERNAME_MAX + 1];	/* who recalled it */
	int64_t recalled_at;			/* when (Unix time) */
};
/* Takes the received file f back, in one transaction: its problems and its row
 * are removed, so no list or count sees it again; with recall a recalled_file
 * record is kept. Audited "file.recall" or "file.delete" with the object "file
 * request N" (so it is in the request's history) naming the file. ERR_CONFLICT
 * (nothing changed) when the LA has received the file (file_receipt). */
enum err store_received_file_withdraw(struct store_conn *c, const struct actor *who,
				      const struct received_file *f, bool recall, int64_t at,
				      struct errbuf *eb);
/* The school's recalled files of a request, newest first. Caller frees *out. */
enum err store_recalled_file_list(struct store_conn *c, int64_t request_id,
				  int64_t establishment_id, struct recalled_file **out, size_t *n);

/* ---- issue 7c: collection: LA receive, chase, reminders, targeting ---- */

/* Phases, reminder settings, receipts, reminders, the LA's files, a request's
 * history: in their own header to keep this one readable. */
#include "store/store_collection_la.h"

/* ---- issue 7d: collection: API, MAT bulk upload ---- */
enum {
	MAT_UPLOAD_FILES_MAX = 25, /* files in one MAT bulk upload */
	/* its request body: every file at the limit plus the form and framing */
	MAT_UPLOAD_BODY_MAX = MAT_UPLOAD_FILES_MAX * RECEIVED_FILE_MAX + 64 * 1024,
};
/* MAT bulk upload: a received file a trust's admin sent for one of its schools. */
struct trust_upload {
	int64_t file_id;			/* the received file */
	int64_t request_id;			/* its request */
	int64_t establishment_id;		/* the school it went to */
	char original_name[RFILE_NAME_MAX + 1]; /* as sent */
	char status[24];			/* the file's status (received_file) */
	int64_t problem_count;			/* errors and queries found */
	int64_t received_at;			/* Unix time */
	char sender[USERNAME_MAX + 1];		/* the trust admin's username */
	char request_name[FREQ_NAME_MAX + 1];	/* the request's name */
};
/* Records that the trust sent the received file on the school's behalf; audited
 * "file.trust_upload" in the school's area (joins the caller's transaction). */
enum err store_trust_upload_add(struct store_conn *c, const struct actor *who, int64_t file_id,
				int64_t establishment_id, int64_t trust_id, int64_t at,
				struct errbuf *eb);
/* The trust that sent the file, 0 when the school sent it itself. */
enum err store_trust_upload_of(struct store_conn *c, int64_t file_id, int64_t *trust_id);
/* The trust's uploads, newest first (at most 500). Caller frees *out. */
enum err store_trust_upload_list(struct store_conn *c, int64_t trust_id, struct trust_upload **out,
				 size_t *n);

/* ---- issue 8c: reports: LA and trust tables, KS2, headline ---- */
#include "core/report.h"

/* One statutory result as the cross-school tables read it, with what the pupil's
 * year group is worked out from (app: assess_pupil_year_group). */
struct report_result_row {
	int64_t establishment_id;      /* the school that holds the result */
	int64_t pupil_id;	       /* whose */
	int academic_year;	       /* of the result */
	char component[STAT_CODE_MAX]; /* "E01", "PSC", "WR" */
	char qualifier[STAT_CODE_MAX]; /* "EL", "PM", "TA" */
	char result[STAT_VALUE_MAX];   /* "2", "32", "EXS" */
	struct date dob;	       /* the pupil's date of birth (zero when unknown) */
	int year_override;	       /* the pupil's year group override, YEAR_NONE = none */
	struct report_chars chars;     /* the pupil's characteristics (by characteristic) */
};
/* Calls fn for every result of collection coll in academic years year_from to
 * year_to held by a school of LA la_id (when la_id != 0) or of trust trust_id
 * (when la_id == 0), the rows of one school together (in school id order).
 * fn must not use the store; returning false stops early (ERR_OK). */
enum err store_report_results(struct store_conn *c, int64_t la_id, int64_t trust_id,
			      enum collection coll, int year_from, int year_to,
			      bool (*fn)(void *ctx, const struct report_result_row *r), void *ctx);
/* The EYFS profile results of academic_year of every pupil of a school of LA
 * la_id (when la_id != 0) or trust trust_id, one call per pupil (migration 015's
 * eyfsp_pack, kept by triggers): results[k] is ELG k's result character ('1',
 * '2', 'A'; '.' none, '?' a longer result). fn must not use the store; false
 * stops early (ERR_OK). */
enum err store_report_eyfsp_packed(struct store_conn *c, int64_t la_id, int64_t trust_id,
				   int academic_year,
				   bool (*fn)(void *ctx, int64_t establishment_id,
					      const char results[static ELG__MAX]),
				   void *ctx);
/* Benchmarks only (bench/bench_reports.c): fills establishment e with n
 * Reception pupils of academic_year (bench UPNs "Z" + 12 digits from serial:
 * unique, not check-lettered), a tracking assessment a (made by the caller with
 * store_assessment_add) with their 17 judgements each, and their 17 EYFS profile
 * results; generated by the database in four statements, one transaction,
 * audited once ("bench.seed"). */
enum err store_report_seed_school(struct store_conn *c, const struct actor *who,
				  const struct establishment *e, const struct assessment *a, int n,
				  int64_t serial, int academic_year, struct errbuf *eb);

/* Batched and streaming reads and writes (issues 4d, 5d, 5e, 6f). */
#include "store/store_batch.h"

#endif
