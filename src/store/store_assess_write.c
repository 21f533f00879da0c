/*
 * store_assess_write: the figures a cell write answers with, counted by the
 * database over the pupils a grid covers (struct judgement_scope) instead of
 * reading every cell of the grid: one column's counts, every column's written
 * values, and each pupil's counts of values for the ELG measures. The pupil
 * filter is bound (PUPIL_FILTER_WHERE), never written into the SQL.
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

/* The area of development of a stored area code ("E01" .. "E17"); false for
 * anything else. */
static bool area_of(const char *area, enum elg *out)
{
	return area && elg_parse(area, out);
}

enum err store_judgement_column_stats(struct store_conn *c, const struct judgement_scope *s,
				      enum elg elg, struct judgement_column_stats *out)
{
	struct scope_dates d;
	struct query q;
	enum err e;

	memset(out, 0, sizeof(*out));
	q_init(&q, c, s->filter ? STMT_JUDGE_COLUMN_STATS : STMT_JUDGE_COLUMN_STATS_ALL);
	if (s->filter)
		q_pupil_filter(&q, s->filter);
	q_int(&q, s->assessment_id);
	q_text(&q, (unsigned)elg < ELG__MAX ? elg_get(elg)->code : "");
	scope_bind(&q, s, &d);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	if (q_row(&q)) {
		out->covered = (int)q_col_int(&q, 0);
		out->displayed = (int)q_col_int(&q, 1);
		out->included = (int)q_col_int(&q, 2);
		out->count[0] = out->included;
		for (int v = 1; v < 4; v++) {
			out->count[v] = (int)q_col_int(&q, 2 + v);
			out->count[0] -= out->count[v];
		}
	}
	return q_end(&q);
}

enum err store_judgement_area_stats(struct store_conn *c, const struct judgement_scope *s,
				    int count[static ELG__MAX][4])
{
	struct scope_dates d;
	struct query q;
	enum err e;

	q_init(&q, c, s->filter ? STMT_JUDGE_AREA_STATS : STMT_JUDGE_AREA_STATS_ALL);
	q_int(&q, s->assessment_id);
	scope_bind(&q, s, &d);
	if (s->filter)
		q_pupil_filter(&q, s->filter);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	while (q_row(&q)) {
		enum elg k;
		int64_t v = q_col_int(&q, 1);
		if (area_of(q_col_str(&q, 0), &k) && v > 0 && v < 4)
			count[k][v] += (int)q_col_int(&q, 2);
	}
	return q_end(&q);
}

enum err store_judgement_pupil_sums(struct store_conn *c, const struct judgement_scope *s,
				    unsigned mask, struct judgement_pupil_sums **out, size_t *n)
{
	struct judgement_pupil_sums *list = NULL;
	size_t len = 0, cap = 0;
	struct scope_dates d;
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	q_init(&q, c, s->filter ? STMT_JUDGE_PUPIL_SUMS : STMT_JUDGE_PUPIL_SUMS_ALL);
	if (s->filter)
		q_pupil_filter(&q, s->filter);
	for (int i = 0; i < 3; i++)
		q_int(&q, mask);
	q_int(&q, s->assessment_id);
	scope_bind(&q, s, &d);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	while (q_row(&q)) {
		struct judgement_pupil_sums *p;
		list = list_push(list, &len, &cap, sizeof(*list));
		p = &list[len - 1];
		p->pupil_id = q_col_int(&q, 0);
		p->included = q_col_int(&q, 1) != 0;
		p->kept = q_col_int(&q, 2) != 0;
		for (int v = 1; v < 4; v++) {
			p->all[v] = (int)q_col_int(&q, 2 + v);
			p->masked[v] = (int)q_col_int(&q, 5 + v);
		}
	}
	*out = q_end_list(&q, list, len, n, &e);
	return e;
}
