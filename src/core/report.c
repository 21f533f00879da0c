/*
 * report: the counting behind the EYFS reports (see report.h). Every count is a
 * sum of report_member() or report_counted() over the rows, the same tests the
 * pupil lists behind the figures use.
 */
#include "core/report.h"

#include <stdio.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/statutory.h"

static bool elg_assessed(const struct report_row *r, struct elg_measures *m)
{
	enum elg_result res[ELG__MAX];

	for (int e = 0; e < ELG__MAX; e++)
		res[e] = r->value[e] >= 0 && r->value[e] < ELG_RESULT__MAX ?
				 (enum elg_result)r->value[e] :
				 ELG_BLANK;
	elg_measures_compute(res, m);
	return m->complete && !m->absent;
}

bool report_member(enum scale_kind kind, const struct report_row *r, enum report_stat stat,
		   enum elg elg, int v)
{
	struct elg_measures m;

	if (!r->included || (unsigned)elg >= ELG__MAX)
		return false;
	if (kind == SCALE_TRACKING)
		return stat == RSTAT_VALUE && v != TRACK_BLANK && r->value[elg] == v;
	if (!elg_assessed(r, &m))
		return false;
	if (stat == RSTAT_GLD)
		return m.gld == GLD_YES;
	return v != ELG_BLANK && r->value[elg] == v;
}

bool report_counted(enum scale_kind kind, const struct report_row *r, enum elg elg)
{
	struct elg_measures m;

	if (!r->included || (unsigned)elg >= ELG__MAX)
		return false;
	if (kind == SCALE_TRACKING)
		return r->value[elg] == TRACK_BELOW || r->value[elg] == TRACK_ON_TRACK;
	return elg_assessed(r, &m);
}

void report_full_compute(enum scale_kind kind, const struct report_row *rows, size_t n,
			 struct report_full *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = kind;
	elg_cohort_init(&out->cohort);
	for (size_t i = 0; i < n; i++) {
		const struct report_row *r = &rows[i];
		out->rows++;
		if (!r->included)
			continue;
		out->included++;
		for (int e = 0; e < ELG__MAX; e++) {
			out->pupils[e] += report_counted(kind, r, (enum elg)e);
			for (int v = 1; v < 4; v++)
				out->count[e][v] += report_member(kind, r, RSTAT_VALUE, (enum elg)e, v);
		}
		if (kind == SCALE_ELG) {
			enum elg_result res[ELG__MAX];
			for (int e = 0; e < ELG__MAX; e++)
				res[e] = r->value[e] >= 0 && r->value[e] < ELG_RESULT__MAX ?
						 (enum elg_result)r->value[e] :
						 ELG_BLANK;
			elg_cohort_add(&out->cohort, res);
		}
	}
}

char *report_percent(long count, long den, char *buf, size_t size)
{
	long v;

	if (!measure_div_round(count * 10000, den, &v)) {
		snprintf(buf, size, "%s", "");
		return buf;
	}
	return measure_format_fixed(v, 2, buf, size);
}

char *report_average(long sum, long den, char *buf, size_t size)
{
	long v;

	if (!measure_div_round(sum * 100, den, &v)) {
		snprintf(buf, size, "%s", "");
		return buf;
	}
	return measure_format_fixed(v, 2, buf, size);
}

/* ---- Venn */

void report_area_elgs(enum area a, enum elg out[ELG__MAX], int *n)
{
	*n = 0;
	for (int e = 0; e < ELG__MAX; e++)
		if (elg_get((enum elg)e)->area == a)
			out[(*n)++] = (enum elg)e;
}

bool report_venn_area(enum area a)
{
	enum elg list[ELG__MAX];
	int n;

	if ((unsigned)a >= AREA__MAX)
		return false;
	report_area_elgs(a, list, &n);
	return a <= AREA_MAT && n >= 2 && n <= REPORT_VENN_SETS_MAX;
}

int report_venn_mask(enum scale_kind kind, const struct report_venn *v, const struct report_row *r)
{
	int on = kind == SCALE_ELG ? ELG_EXPECTED : TRACK_ON_TRACK;
	int mask = 0;

	for (int i = 0; i < v->nsets; i++) {
		if (!report_counted(kind, r, v->sets[i]))
			return -1;
		if (r->value[v->sets[i]] == on)
			mask |= 1 << i;
	}
	return mask;
}

void report_venn_compute(enum scale_kind kind, enum area a, const struct report_row *rows,
			 size_t n, struct report_venn *out)
{
	enum elg list[ELG__MAX];
	int k;

	if (!report_venn_area(a))
		BUG("report_venn_compute: area without a Venn diagram");
	memset(out, 0, sizeof(*out));
	out->area = a;
	report_area_elgs(a, list, &k);
	out->nsets = k;
	for (int i = 0; i < k; i++)
		out->sets[i] = list[i];
	for (size_t i = 0; i < n; i++) {
		int mask;
		if (!rows[i].included)
			continue;
		mask = report_venn_mask(kind, out, &rows[i]);
		if (mask < 0) {
			out->not_judged++;
			continue;
		}
		out->pupils++;
		out->region[mask]++;
	}
}

/* ---- statutory summaries */

void report_eyfsp_init(struct report_eyfsp *r)
{
	elg_cohort_init(&r->cohort);
}

void report_eyfsp_add(struct report_eyfsp *r, const enum elg_result row[static ELG__MAX])
{
	elg_cohort_add(&r->cohort, row);
}

void report_phonics_init(struct report_phonics *r)
{
	memset(r, 0, sizeof(*r));
}

void report_phonics_add(struct report_phonics *r, int year_group, const char *result)
{
	const char *o;
	bool met;

	if (!result || !result[0] || (year_group != 1 && year_group != 2))
		return;
	o = phonics_outcome(result);
	met = o && strcmp(o, "Wa") == 0;
	if (year_group == 1) {
		r->year1++;
		r->year1_met += met;
	} else {
		r->year2++;
		r->year2_met += met;
	}
}
