/*
 * pupils_bulk: "Edit multiple pupils": one save of many cells of the pupil grid
 * of an establishment. All or nothing: every cell is checked with core/validate's
 * rules and every pupil's version with the one the grid was loaded with; when
 * anything is wrong nothing is saved and each problem names its pupil and column.
 */
#ifndef PT_APP_PUPILS_BULK_H
#define PT_APP_PUPILS_BULK_H

#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "core/model.h"
#include "core/problem.h"
#include "store/store.h"

/* The editable columns of the grid. */
enum bulk_field {
	BF_CLASS,	  /* class number, "0" for none */
	BF_INCLUDE,	  /* include in data: "yes" / "no" */
	BF_GENDER,	  /* "M" / "F" */
	BF_SEN,		  /* "N" / "K" / "E" */
	BF_ETHNICITY,	  /* an ethnicity code */
	BF_DISADVANTAGED, /* yes / no */
	BF_EAL,		  /* yes / no */
	BF_PP,		  /* pupil premium: yes / no */
	BF_FSM,		  /* yes / no */
	BF_CUSTOM1,	  /* custom 1 .. 6: yes / no */
	BF_CUSTOM6 = BF_CUSTOM1 + CUSTOM_COUNT - 1,
	BF__MAX
};

/* "class", "include", "gender", "sen", "ethnicity", "disadvantaged", "eal", "pp",
 * "fsm", "custom1".."custom6"; NULL out of range. */
const char *bulk_field_name(enum bulk_field f);
/* The value of field f of p as the grid sends it back ("3", "yes", "M", ...). */
const char *bulk_field_value(const struct pupil *p, enum bulk_field f, char buf[static 8]);

/* A problem with one cell (field BF__MAX: the whole pupil, e.g. a conflict). */
struct bulk_error {
	int64_t pupil_id;	       /* whose */
	enum bulk_field field;	       /* which column, or BF__MAX */
	bool conflict;		       /* saved by someone else meanwhile */
	char message[PROBLEM_MSG_MAX]; /* what is wrong and what to do */
};

struct bulk_saved {
	int64_t pupil_id; /* saved pupil */
	int64_t version;  /* its new version */
};

struct bulk_result {
	struct bulk_error *errors; /* nerrors problems; nothing saved when any */
	size_t nerrors;
	struct bulk_saved *saved; /* nsaved pupils saved */
	size_t nsaved;
	size_t include_off; /* saved pupils whose "include in data" became No */
};

/* changes: CSV text, one line per cell: PUPIL_ID,VERSION,FIELD,VALUE (VERSION as
 * the grid loaded it). Returns ERR_OK (all saved), ERR_INVALID (cell errors),
 * ERR_CONFLICT (a version is stale; errors name the pupils), ERR_USAGE (the text
 * is not of that form: eb says why), ERR_NOT_FOUND (a pupil not of e), ERR_IO.
 * Free out with bulk_result_free. */
enum err pupils_bulk_save(struct store_conn *c, const struct actor *who,
			  const struct establishment *e, const char *changes, size_t len,
			  struct bulk_result *out, struct errbuf *eb);
void bulk_result_free(struct bulk_result *r);

#endif
