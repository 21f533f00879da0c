/*
 * store_pupil_int: what store_pupil.c and store_pupil_fast.c share. Private to
 * the store.
 */
#ifndef PT_STORE_STORE_PUPIL_INT_H
#define PT_STORE_STORE_PUPIL_INT_H

#include "store/backend.h"

/* Where the audit rows of a pupil's changes go: written one by one inside the
 * transaction (store_pupil_update), or gathered for one statement
 * (store_pupils_put). */
struct diff_sink {
	struct store_conn *c;
	const struct actor *who;
	const struct audit_row *r;
	struct store_audit_batch *batch; /* NULL: write each row now */
	enum err e;			 /* the first error */
	struct errbuf *eb;
};

/* The bound values of PUPIL_SEARCH_WHERE (stmt.c), in order. The buffers hold
 * texts that must live until the statement has run. */
struct search_bufs {
	char surname[PERSON_NAME_MAX + 2]; /* folded prefix */
	char upn[16];			   /* upper-cased prefix */
	char from[11], to[11];		   /* date-of-birth range of the year group */
};

/* "M", "F" or "" as the pupil table stores a gender. */
const char *sp_gender_code(enum gender g);
/* Reads a row of PUPIL_COLS (stmt.c) into p. */
void sp_read(struct query *q, struct pupil *p);
/* sp_read as q_one and q_collect take it (row: a struct pupil). */
void sp_read_row(struct query *q, void *row);
/* ERR_INVALID with the reason when p cannot be stored (UPN, names). */
enum err sp_check(const struct pupil *p, struct errbuf *eb);
/* The message of a refused write of p (e: ERR_CONFLICT a UPN taken, ...). */
void sp_explain(const struct pupil *p, enum err e, struct errbuf *eb);
/* One audit row per field that differs between old and p, into d. */
enum err sp_audit_changes(struct diff_sink *d, const struct pupil *old, const struct pupil *p);
/* Binds the values of PUPIL_SEARCH_WHERE (stmt.c) for s, in order. */
void sp_search_bind(struct query *q, const struct pupil_search *s, struct search_bufs *b);
/* Whether s asks for a school's current pupils by name with nothing to match. */
bool sp_plain_list(const struct pupil_search *s);

/* The names of STMT_SESSION_USER_EST_GET's packed column (stmt.c) over the
 * defaults into p; NULL or "" gives the defaults. */
void profile_read_packed(struct estab_profile *p, const char *packed);

#endif
