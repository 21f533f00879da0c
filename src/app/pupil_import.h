/*
 * pupil_import: the pupil upload (the seed's CSV template: UPN, Surname, Forename,
 * DOB, Gender, Postcode, FSM, Ethnic code, English as additional language, SEN,
 * LCCNo) for one establishment, shared by the upload page and `pupiltrack pupils
 * import`. Two steps: pupil_import_check reads and validates the whole file
 * (every field through core/validate) and sorts each row into new / changed /
 * unchanged without writing anything; pupil_import_apply then stores all of it in
 * one transaction, or nothing; pupil_import_store runs both, again when a write
 * met another one at the same moment. A UPN that is at another school is an error naming
 * the row (the school asks for a transfer instead); a UPN already at this school
 * updates that pupil.
 */
#ifndef PT_APP_PUPIL_IMPORT_H
#define PT_APP_PUPIL_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"
#include "base/err.h"
#include "core/model.h"
#include "core/problem.h"
#include "store/store.h"

enum import_kind { IMPORT_NEW, IMPORT_CHANGED, IMPORT_UNCHANGED, IMPORT__MAX };

struct pupil_import_row {
	long line;	       /* line of the row in the file */
	enum import_kind kind; /* what storing it would do */
	struct pupil p;	       /* the record to store (id and version set when changed) */
};

struct pupil_import {
	struct establishment estab;    /* where the pupils go */
	char file[PROBLEM_LOC_MAX];    /* the file's name, as locations give it */
	struct pupil_import_row *rows; /* valid rows, in file order */
	size_t nrows;		       /* count of rows */
	size_t counts[IMPORT__MAX];    /* valid rows of each kind */
	size_t rejected;	       /* data rows with at least one error */
	bool rows_checked;	       /* false when the file could not be read or its header
					     is wrong: no row was looked at, every count is 0 */
	struct problem_list problems;  /* "FILE:LINE:COL" located; errors mean nothing is stored */
};

enum { CSV_IMPORT_MAX_BYTES = 3 * 1024 * 1024 /* cap on an uploaded file */ };

/* The template's columns, in order, as its header row names them. */
enum { IMPORT_COLUMNS = 11 };
extern const char *const pupil_import_header[IMPORT_COLUMNS];
/* The template's second line, which explains the columns (skipped on import). */
extern const char *const pupil_import_hint[IMPORT_COLUMNS];

/* Reads len bytes of data named file (for locations). today is the date dates of
 * birth are checked against. Fills *out (free with pupil_import_free). Returns
 * ERR_OK when the file can be stored (queries allowed), ERR_INVALID when it has
 * errors (out->problems lists each), ERR_TOO_BIG over max_bytes (0 = 3 MiB), ERR_IO
 * when the database could not be read. The counts are filled for an invalid file
 * too: new / changed / unchanged for its good rows, rejected for the others. c may be NULL to check offline: the field
 * rules and UPNs twice in the file only, every valid row counted as new. */
enum err pupil_import_check(struct store_conn *c, const struct establishment *estab,
			    const char *file, const char *data, size_t len, size_t max_bytes,
			    struct date today, struct pupil_import *out);
/* Stores every new and changed row in one transaction, audited (each pupil, and
 * one "pupil.import" row with the counts). Nothing is stored on failure: eb says
 * which row failed as "FILE:LINE:1: ..." (e.g. its UPN was added elsewhere
 * meanwhile). */
enum err pupil_import_apply(struct store_conn *c, const struct actor *who, struct pupil_import *imp,
			    struct errbuf *eb);
/* Checks the file and, when it has no errors, stores it (check, then apply): what
 * the upload's confirm and `pupiltrack import` do. A write that met another one
 * at the same moment (ERR_CONFLICT: PostgreSQL broke a deadlock with it, or
 * another writer added one of its UPNs first) is undone whole, and the file is
 * checked and stored again from the start, up to PUPIL_IMPORT_TRIES times, so the
 * user sees either the file stored or what is now wrong with it (the UPN
 * now at another school, located). Returns as pupil_import_check when the file
 * cannot be stored (out->problems), else as pupil_import_apply; *out as both fill
 * it (free with pupil_import_free). */
enum { PUPIL_IMPORT_TRIES = 3 };
enum err pupil_import_store(struct store_conn *c, const struct actor *who,
			    const struct establishment *estab, const char *file, const char *data,
			    size_t len, size_t max_bytes, struct date today,
			    struct pupil_import *out, struct errbuf *eb);
void pupil_import_free(struct pupil_import *imp);

#endif
