/*
 * store_batch: the store's batched and streaming functions, for the screens and
 * imports that must stay fast at an LA's size: a CTF import written batch by
 * batch, a cell write answered from counts, a grid read cell by cell, the pupil
 * list read from its index and a pupil upload stored in a handful of statements.
 * Part of the store's contract (store.h includes it); the same rules apply.
 */
#ifndef PT_STORE_STORE_BATCH_H
#define PT_STORE_STORE_BATCH_H

#include "base/strbuf.h"
#include "store/store.h"

/* ---- batched audit rows ---- */

/* The audit rows of one actor at one school gathered over a batch (a pupil
 * upload's, a CTF import's) and written in one statement, in the order added,
 * each as a single row's write would write it (store_audit.c). Run the flush
 * inside the transaction of the changes it records. */
struct store_audit_batch {
	const struct actor *who;  /* who changes (NULL: "system") */
	int64_t establishment_id; /* whose data (the LA: the school's) */
	struct strbuf rows;	  /* the rows so far, as a JSON array being built */
	size_t n;		  /* rows */
};
void store_audit_batch_init(struct store_audit_batch *b, const struct actor *who,
			    int64_t establishment_id);
/* Adds a row (texts cut to the audit's columns as a single row's are). */
void store_audit_batch_add(struct store_audit_batch *b, const char *action, const char *object,
			   const char *field, const char *old_value, const char *new_value);
/* Writes the rows gathered (one statement; none: nothing) and empties b. */
enum err store_audit_batch_flush(struct store_conn *c, struct store_audit_batch *b,
				 struct errbuf *eb);
void store_audit_batch_release(struct store_audit_batch *b);

/* ---- issue 6f: batched CTF import ---- */

/* A CTF import (app/statutory_app.c) writes a batch of pupils with a fixed
 * handful of statements whatever the batch size: each function below is one
 * statement, its rows bound as one JSON text parameter (no SQL built at run
 * time). Run them inside the import's transaction. Every change keeps its own
 * audit row, of the same content as store_pupil_add, store_statutory_put and
 * store_judgement_put write, gathered in a store_audit_batch. */

/* One pupil of a batch. */
struct store_import_pupil {
	struct pupil p; /* in: upn, and for _add the details; out: see below */
	bool found;	/* out of _find: a pupil with this UPN exists */
	bool add;	/* in for _add: insert this one */
};
/* Looks every UPN up (one statement): found ones get p.id, establishment_id,
 * dob, year_override, archived, surname, forenames, gender, ethnicity and
 * postcode as stored; the others found = false. */
enum err store_import_pupils_find(struct store_conn *c, struct store_import_pupil *list, size_t n);
/* Inserts the pupils with add set (one statement; p.id and p.version set) and
 * audits each as store_pupil_add does ("pupil.add", "pupil ID", "UPN Surname,
 * Forenames"). The caller has checked them (UPN and surname given, UPN new). */
enum err store_import_pupils_add(struct store_conn *c, struct store_audit_batch *audit,
				 struct store_import_pupil *list, size_t n, struct errbuf *eb);

/* One statutory result of a batch. */
struct store_import_result {
	int64_t pupil_id;	       /* whose */
	enum collection coll;	       /* which collection */
	char component[STAT_CODE_MAX]; /* "E01", "PSC" */
	char qualifier[STAT_CODE_MAX]; /* "EL", "PM" */
	char result[STAT_VALUE_MAX];   /* the value to store */
	char old[STAT_VALUE_MAX];      /* out of _read: the stored value, "" none */
	int64_t held_by;	       /* out of _read: the school whose return holds
					  the stored value (0 none); _put never
					  changes another school's */
	bool fresh;		       /* in: the pupil was added by this import (nothing
					  stored to read: _read skips it) */
	bool write;		       /* in for _put: store this one */
};
/* Reads the stored value of each result of academic_year (one statement; none
 * when every result is fresh). On PostgreSQL the rows found stay locked until
 * the transaction ends: no other writer changes them meanwhile. */
enum err store_import_results_read(struct store_conn *c, int academic_year,
				   struct store_import_result *list, size_t n);
/* Stores the results with write set (one upsert; a value already stored is
 * left alone) and audits each as store_statutory_put does ("statutory.set",
 * field "result", old -> new). Each is inserted when _read found no old value
 * and updated otherwise: when another writer added one meanwhile (a row not
 * there cannot be locked), ERR_CONFLICT ("changed while importing"), to be
 * rolled back. No lock check here: the caller checks each collection once per
 * import (store_submission_hold). */
enum err store_import_results_put(struct store_conn *c, struct store_audit_batch *audit,
				  int64_t establishment_id, int academic_year,
				  struct store_import_result *list, size_t n, struct errbuf *eb);

/* One early learning goal cell of a batch on an ELG assessment's grid. */
struct store_import_cell {
	int64_t pupil_id; /* whose */
	enum elg elg;	  /* which goal */
	int value;	  /* in: the value to store (enum elg_result) */
	int old;	  /* out of _read: the stored value (0 blank when none) */
	bool stored;	  /* out of _read: a cell is stored (old is its value) */
	bool fresh;	  /* in: the pupil was added by this import (_read skips it) */
	bool write;	  /* in for _put: store this one */
};
/* Reads the stored value of each cell of assessment a (one statement; none
 * when every cell is fresh), the rows found locked as _results_read does. */
enum err store_import_cells_read(struct store_conn *c, const struct assessment *a,
				 struct store_import_cell *list, size_t n);
/* Stores the cells with write set (one upsert, the version bumped as
 * store_judgement_put does; colour and note kept) and audits each value change
 * as it does ("judgement.set", field "value", old label -> new label).
 * ERR_CONFLICT as _results_put when a cell not stored at the read was added. */
enum err store_import_cells_put(struct store_conn *c, struct store_audit_batch *audit,
				const struct assessment *a, struct store_import_cell *list,
				size_t n, struct errbuf *eb);

/* ---- issue 5d: cheap cell saves ---- */
/* The pupils a grid covers (as app/assess's assess_covers decides), read
 * without the rest of the school's (store_assess_write.c). */
struct judgement_scope {
	int64_t assessment_id;
	int64_t establishment_id;
	int academic_year;
	int year_group[3]; /* YEAR_*; JUDGEMENT_SCOPE_UNUSED for none */
};
enum { JUDGEMENT_SCOPE_UNUSED = -1000 };
/* The pupils of s's school on roll in one of its year groups (by override, or
 * by date of birth without one), sorted as store_pupil_list. Caller frees
 * *out. version: the school's pupils' version as the caller read it before
 * (struct establishment's pupils_version, read with the session), or 0: then
 * the database is always read. With one, and until the
 * connection begins a write, the answer comes from this process's memory
 * while the school's pupils are still at that version (store_cache.c). */
enum err store_pupil_list_covered(struct store_conn *c, const struct judgement_scope *s,
				  int64_t version, struct pupil **out, size_t *n);
/* A piece of a page made from one school's pupils (rows of the pupil list as
 * HTML, say), kept in this process's memory as the store's own answers are
 * (store_cache.c): under owner (the school) and key (every value the piece
 * depends on, besides the pupils themselves), tagged with the school's pupils'
 * version as the caller read it before reading them (struct establishment's
 * pupils_version). store_piece_get appends a copy of the piece kept at that
 * version to out, and sets *total to what was kept with it; false when there
 * is none, when version is 0 or the key does not fit, and once the connection
 * has begun a write. store_piece_put keeps size bytes of data, under the same
 * conditions. */
bool store_piece_get(struct store_conn *c, int64_t owner, int64_t version, const char *key,
		     struct strbuf *out, long *total);
void store_piece_put(struct store_conn *c, int64_t owner, int64_t version, const char *key,
		     const void *data, size_t size, long total);
/* How many answers this store (this process) has served from memory
 * (store_cache.c), and how many it has kept there after reading the database. */
void store_cache_counts(struct store *st, unsigned long *hits, unsigned long *fills);
/* SQLite: how many commits this process has made to the database file at path
 * (named as in its URL), how many syncs of its WAL made them durable, and how
 * many checkpoints it began (store_sqlite.c); all 0 for a file it has not
 * opened. */
void store_sqlite_sync_counts(const char *path, unsigned long *commits, unsigned long *syncs,
			      unsigned long *checkpoints);
/* store_judgement_put when the caller has read the cell (stored, e.g. with
 * store_judgement_row) in its open transaction: one read fewer. NULL stored, or
 * no transaction open: as store_judgement_put. */
enum err store_judgement_put_known(struct store_conn *c, const struct actor *who,
				   const struct assessment *a, struct judgement *j,
				   const struct judgement *stored, struct judgement *current,
				   struct errbuf *eb);

/* ---- issue 5e: fast grid page ---- */

/* Called by store_judgement_grid for each cell. The cell and its note are
 * borrowed for the call only; its updated_at is 0 (not read). */
typedef void store_grid_cell_fn(void *ctx, const struct judgement_cell *cell);
/* Called by store_judgement_grid for each pupil's note on the assessment
 * (borrowed for the call only). */
typedef void store_grid_note_fn(void *ctx, const struct assessment_note *note);
/* Every stored cell of an assessment, by pupil id then area, handed to fn one at
 * a time as store_judgement_list reads them (notes cut the same way) but without
 * updated_at, a list or a copy of the notes: the read of a grid. Without
 * writers, updated_by is "" too, and the cells come from judgement_pack (one row
 * a pupil, 023_judgement_pack.sql) in two passes of one statement: every cell by
 * pupil id then area without its colour or note, then again, in the same order,
 * each cell that has a colour or a note, with them; then, in the same statement,
 * the pupils' notes on the assessment as store_assessment_note_list reads them,
 * handed to note_fn unless it is NULL. With writers, note_fn is not called.
 * Without writers, with a->cells_version set (the assessment as read from the
 * database) and until the connection begins a write, the screen's rows come
 * from this process's memory while the assessment's cells and notes are
 * still at that version (store_cache.c). */
enum err store_judgement_grid(struct store_conn *c, const struct assessment *a, bool writers,
			      store_grid_cell_fn *fn, store_grid_note_fn *note_fn, void *ctx);

/* ---- issue 4d: fast pupil list, search and CSV import ---- */

/* store_pupil_search for a list that shows only id, establishment_id, upn,
 * surname, forenames, dob, gender, class_no, year_override and archived: the
 * same rows, order and total, with only those fields read (the others zero).
 * Cheaper: the list's index holds them all (019_perf_pupil_list). */
enum err store_pupil_search_brief(struct store_conn *c, const struct pupil_search *s,
				  struct pupil **out, size_t *n, long *total);

/* The pupils of any school whose UPN is one of upns[0..n), in one statement, in
 * no particular order. Caller frees *out. */
enum err store_pupils_by_upn(struct store_conn *c, const char *const *upns, size_t n,
			     struct pupil **out, size_t *nout);

/* Stores a batch of pupils in a fixed handful of statements whatever its size,
 * in one transaction (the caller's when one is open): list[i] with id 0 is
 * added; any other is an upload's change of a stored pupil (id and version as
 * read; surname, forenames, dob, gender, postcode, fsm, ethnicity, eal and sen
 * are written). Each gets the audit rows store_pupil_add / store_pupil_update
 * write, in the list's order; ids and versions are set on success. The errors
 * and messages are theirs (a UPN taken, a version changed meanwhile: nothing is
 * stored); *bad (may be NULL) is then the index of the pupil concerned, or n
 * when the error is not about one. */
enum err store_pupils_put(struct store_conn *c, const struct actor *who, struct pupil *list,
			  size_t n, size_t *bad, struct errbuf *eb);

#endif
