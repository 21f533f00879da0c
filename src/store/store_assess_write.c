/*
 * store_assess_write: the pupils a grid covers (struct judgement_scope), read
 * without the rest of the school's pupils and kept in memory at the school's
 * pupils_version.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "store/backend.h"
#include "store/store.h"
#include "store/store_pupil_int.h"

/* The text bound for a date-of-birth range of JW_COVERED (stmt.c). */
struct scope_dates {
	char from[3][11], to[3][11];
};

/* JW_COVERED's values: a covered year group g of academic year y is an override
 * of g or, without one, a date of birth in academic year y - g - 5 (calendar.h's
 * year_group_of); an unused slot matches nothing. */
static void scope_bind(struct query *q, const struct judgement_scope *s, struct scope_dates *d)
{
	q_int(q, s->establishment_id);
	for (int i = 0; i < 3; i++) {
		int g = s->year_group[i];
		q_int(q, g);
		if (g == JUDGEMENT_SCOPE_UNUSED) {
			snprintf(d->from[i], sizeof(d->from[i]), "~");
			d->to[i][0] = '\0';
		} else {
			int birth = s->academic_year - g - 5;
			date_format_iso(academic_year_start(birth), d->from[i]);
			date_format_iso(academic_year_end(birth), d->to[i]);
		}
	}
	for (int i = 0; i < 3; i++) {
		q_text(q, d->from[i]);
		q_text(q, d->to[i]);
	}
}

enum err store_pupil_list_covered(struct store_conn *c, const struct judgement_scope *s,
				  int64_t version, struct pupil **out, size_t *n)
{
	struct cache_key k;
	struct scope_dates d;
	struct query q;
	enum err e;

	cache_key_set(&k, s->establishment_id, "covered %d %d %d %d", s->academic_year,
		      s->year_group[0], s->year_group[1], s->year_group[2]);
	if (cache_get_pupils(c, &k, version, out, n, NULL))
		return ERR_OK;
	q_init(&q, c, STMT_PUPIL_LIST_COVERED);
	scope_bind(&q, s, &d);
	*out = q_collect(&q, sizeof(**out), sp_read_row, n, &e);
	if (e == ERR_OK)
		cache_put_pupils(c, &k, version, *out, *n, 0);
	return e;
}
