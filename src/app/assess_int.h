/*
 * assess_int: what the files of app/assess (assess.c, assess_grid.c,
 * assess_write.c) share and
 * nothing else includes.
 */
#ifndef PT_APP_ASSESS_INT_H
#define PT_APP_ASSESS_INT_H

#include <stddef.h>

#include "app/assess.h"

#include "store/store.h"

/* The pupils the grid of a covers, as a store scope. */
void assess_scope_of(const struct assessment *a, struct judgement_scope *s);
/* The pupils assessment a covers (assess_covers), by surname, forenames, at most
 * ASSESS_PUPILS_MAX; only those are read. *out: caller frees. version: the
 * school's pupils_version when read with the session (kept copies may serve
 * it, store_pupil_list_covered), 0 to read the database. */
enum err assess_covered_pupils(struct store_conn *c, const struct assessment *a, int64_t version,
			       struct pupil **out, size_t *n);

#endif
