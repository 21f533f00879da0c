/*
 * assess_int: what the files of app/assess (assess.c, assess_grid.c) share and
 * nothing else includes.
 */
#ifndef PT_APP_ASSESS_INT_H
#define PT_APP_ASSESS_INT_H

#include <stddef.h>

#include "app/assess.h"

/* The pupils assessment a covers (assess_covers), by surname, forenames, at most
 * ASSESS_PUPILS_MAX. *out: caller frees. */
enum err assess_covered_pupils(struct store_conn *c, const struct assessment *a, struct pupil **out,
			       size_t *n);

#endif
