/*
 * report: the counting behind the EYFS reports (see report.h). Every count is a
 * sum of report_member() or report_counted() over the rows, the same tests the
 * pupil lists behind the figures use.
 */
#include "core/report.h"

#include <stdio.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/codelist.h"
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
	if (stat == RSTAT_VALUE)
		return v > 0 && v < 4 && r->value[elg] == v; /* report_column's count[v] */
	if (kind != SCALE_ELG || !elg_assessed(r, &m))
		return false;
	return m.gld == GLD_YES;
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
		for (int e = 0; e < ELG__MAX; e++)
			report_column_add(&out->col[e], r->included, r->value[e]);
		if (kind == SCALE_ELG) {
			enum elg_result res[ELG__MAX];
			for (int e = 0; e < ELG__MAX; e++)
				res[e] = r->value[e] >= 0 && r->value[e] < ELG_RESULT__MAX ?
						 (enum elg_result)r->value[e] :
						 ELG_BLANK;
			elg_cohort_add(&out->cohort, res);
		}
	}
	for (int e = 0; e < ELG__MAX; e++) {
		out->pupils[e] = out->col[e].pupils;
		memcpy(out->count[e], out->col[e].count, sizeof(out->count[e]));
	}
}

void report_column_add(struct report_column *c, bool included, int value)
{
	if (!included)
		return;
	if (value < 0 || value > 3)
		value = 0;
	c->pupils++;
	c->count[value]++;
	if (value)
		c->judged++;
}

void report_column_set(struct report_column *c, int pupils, const int written[static 4])
{
	c->pupils = pupils;
	c->judged = 0;
	for (int v = 1; v < 4; v++) {
		c->count[v] = written[v];
		c->judged += written[v];
	}
	c->count[0] = pupils - c->judged;
}

bool report_gld_counted(const struct elg_measures *m)
{
	return m->complete && !m->absent;
}

int report_gld_value(enum gld g)
{
	return g == GLD_YES ? 2 : g == GLD_NO ? 1 : 0;
}

char *report_column_percent(const struct report_column *c, int v, char *buf, size_t size)
{
	return report_percent(v >= 0 && v < 4 ? c->count[v] : 0, c->pupils, buf, size);
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

void report_venn_compute(enum scale_kind kind, enum area a, const struct report_row *rows, size_t n,
			 struct report_venn *out)
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

/* ---- small-number suppression */

bool report_suppress_primary(const struct report_cell *c)
{
	switch (c->kind) {
	case RCELL_COUNT:
		return c->num < REPORT_SUPPRESS_MIN;
	case RCELL_PERCENT:
		return c->num < REPORT_SUPPRESS_MIN || c->den < REPORT_SUPPRESS_MIN;
	case RCELL_AVERAGE:
		return c->den < REPORT_SUPPRESS_MIN;
	}
	return true;
}

/* The pupils a figure rests on, for choosing the secondary cell. */
static long cell_weight(const struct report_cell *c)
{
	return c->kind == RCELL_AVERAGE ? c->den : c->num;
}

int report_suppress_column(struct report_cell *const *col, size_t n, struct report_cell *total)
{
	struct report_cell *pick = NULL;
	size_t hidden = 0;

	for (size_t i = 0; i < n; i++) {
		struct report_cell *c = col[i];
		c->hidden = report_suppress_primary(c);
		hidden += c->hidden;
	}
	if (total)
		total->hidden = report_suppress_primary(total);
	if (hidden != 1 || !total || total->hidden)
		return 0;
	for (size_t i = 0; i < n; i++) {
		struct report_cell *c = col[i];
		if (!c->hidden && (!pick || cell_weight(c) < cell_weight(pick)))
			pick = c;
	}
	if (!pick)
		return 0;
	pick->hidden = true;
	return 1;
}

char *report_cell_text(const struct report_cell *c, char *buf, size_t size)
{
	if (c->hidden) {
		snprintf(buf, size, "%s", "x");
		return buf;
	}
	switch (c->kind) {
	case RCELL_COUNT:
		snprintf(buf, size, "%ld", c->num);
		return buf;
	case RCELL_PERCENT:
		return report_percent(c->num, c->den, buf, size);
	case RCELL_AVERAGE:
		return report_average(c->num, c->den, buf, size);
	}
	snprintf(buf, size, "%s", "");
	return buf;
}

/* ---- KS2 teacher assessment */

/* Results of pupils outside this year's KS2 cohort (left, future, previous). */
static const char *const ks2_outside[] = { "L", "F", "P" };
/* Results at the expected standard or above; the first is greater depth. */
static const char *const ks2_expected[] = { "GDS", "EXS" };

void report_ks2_add(struct report_ks2_subject *s, const char *result)
{
	if (!result || !result[0])
		return;
	for (size_t i = 0; i < ARRAY_SIZE(ks2_outside); i++)
		if (strcmp(result, ks2_outside[i]) == 0)
			return;
	s->pupils++;
	for (size_t i = 0; i < ARRAY_SIZE(ks2_expected); i++)
		if (strcmp(result, ks2_expected[i]) == 0) {
			s->expected++;
			s->greater_depth += i == 0;
		}
}

/* ---- groups by characteristic */

static const struct report_group fixed_groups[] = {
	{ RFAM_GENDER, "gender", "Gender", "F", "Girls" },
	{ RFAM_GENDER, "gender", "Gender", "M", "Boys" },
	{ RFAM_GENDER, "gender", "Gender", "not_recorded", "Gender not recorded" },
	{ RFAM_DISADVANTAGED, "disadvantaged", "Disadvantaged", "yes", "Disadvantaged" },
	{ RFAM_DISADVANTAGED, "disadvantaged", "Disadvantaged", "no", "Not disadvantaged" },
	{ RFAM_SEN, "sen", "SEN", "N", "No SEN" },
	{ RFAM_SEN, "sen", "SEN", "K", "SEN support" },
	{ RFAM_SEN, "sen", "SEN", "E", "Education, health and care plan" },
	{ RFAM_SEN, "sen", "SEN", "not_recorded", "SEN not recorded" },
	{ RFAM_EAL, "eal", "EAL", "yes", "English as an additional language" },
	{ RFAM_EAL, "eal", "EAL", "no", "English first language" },
	{ RFAM_SUMMER_BORN, "summer_born", "Summer born", "yes", "Summer born" },
	{ RFAM_SUMMER_BORN, "summer_born", "Summer born", "no", "Not summer born" },
	{ RFAM_SUMMER_BORN, "summer_born", "Summer born", "not_recorded",
	  "Date of birth not recorded" },
};
/* then the ethnicity groups of core/codelist.h, then ethnicity not recorded */

size_t report_group_count(void)
{
	return ARRAY_SIZE(fixed_groups) + ethnicity_group_count() + 1;
}

struct report_group report_group_at(size_t i)
{
	struct report_group g = { RFAM_ETHNICITY, "ethnicity", "Ethnicity", "not_recorded",
				  "Ethnicity not recorded" };
	const struct ethnicity_group *eg;

	if (i < ARRAY_SIZE(fixed_groups))
		return fixed_groups[i];
	eg = ethnicity_group_at(i - ARRAY_SIZE(fixed_groups));
	if (eg) {
		g.key = eg->key;
		g.label = eg->name;
	}
	return g;
}

static size_t fixed_index(enum report_family fam, const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(fixed_groups); i++)
		if (fixed_groups[i].family == fam && strcmp(fixed_groups[i].key, key) == 0)
			return i;
	BUG("report: no such group");
}

size_t report_group_of(enum report_family fam, const struct report_chars *ch)
{
	char one[2] = { 0, 0 };

	switch (fam) {
	case RFAM_GENDER:
		one[0] = ch->gender;
		return fixed_index(fam,
				   ch->gender == 'M' || ch->gender == 'F' ? one : "not_recorded");
	case RFAM_DISADVANTAGED:
		return fixed_index(fam, ch->disadvantaged ? "yes" : "no");
	case RFAM_SEN:
		one[0] = ch->sen;
		return fixed_index(fam, sen_valid(ch->sen) ? one : "not_recorded");
	case RFAM_EAL:
		return fixed_index(fam, ch->eal ? "yes" : "no");
	case RFAM_SUMMER_BORN:
		if (!ch->dob.year)
			return fixed_index(fam, "not_recorded");
		return fixed_index(fam, summer_born(ch->dob) ? "yes" : "no");
	default:
		break;
	}
	for (size_t g = 0; g < ethnicity_group_count(); g++)
		if (ethnicity_group_at(g) == ethnicity_group_of(ch->ethnicity) &&
		    ethnicity_group_of(ch->ethnicity))
			return ARRAY_SIZE(fixed_groups) + g;
	return ARRAY_SIZE(fixed_groups) + ethnicity_group_count();
}
