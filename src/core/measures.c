/*
 * measures: GLD, ELG totals, cohort sums and rounding (see measures.h).
 */
#include "core/measures.h"

#include <stdio.h>
#include <string.h>

#include "base/xalloc.h"

static const char *const gld_labels[] = {
	[GLD_UNKNOWN] = "",
	[GLD_NO] = "No",
	[GLD_YES] = "Yes",
};
_Static_assert(ARRAY_SIZE(gld_labels) == GLD__MAX, "gld_labels covers enum gld");

/* The ELGs of the DfE "expected in all communication and language and literacy
 * ELGs" measure. */
static const enum elg cl_lit[] = { ELG_E01, ELG_E02, ELG_E08, ELG_E09, ELG_E10 };

const char *gld_label(enum gld g)
{
	return (unsigned)g < GLD__MAX ? gld_labels[g] : "";
}

void elg_measures_compute(const enum elg_result r[static ELG__MAX], struct elg_measures *out)
{
	int sum = 0, gld_expected = 0;
	bool gld_emerging = false;

	memset(out, 0, sizeof(*out));
	for (int e = 0; e < ELG__MAX; e++) {
		switch (r[e]) {
		case ELG_BLANK:
			continue;
		case ELG_EMERGING:
			sum += 1;
			if (elg_get((enum elg)e)->in_gld)
				gld_emerging = true;
			break;
		case ELG_EXPECTED:
			sum += 2;
			out->expected++;
			if (elg_get((enum elg)e)->in_gld)
				gld_expected++;
			break;
		case ELG_ABSENT:
			out->absent = true;
			break;
		default:
			BUG("elg_measures_compute: bad ELG result");
		}
		out->entered++;
	}
	if (out->absent) {
		out->complete = true;
		out->gld = GLD_NO;
		out->expected = 0;
		out->total = 0;
		out->running_total = 0;
		return;
	}
	out->complete = out->entered == ELG__MAX;
	out->running_total = sum;
	out->total = out->complete ? sum : -1;
	if (gld_emerging)
		out->gld = GLD_NO;
	else if (gld_expected == ELG_GLD_COUNT)
		out->gld = GLD_YES;
	else
		out->gld = GLD_UNKNOWN;
	out->all_expected = out->expected == ELG__MAX;
	out->cl_lit_expected = true;
	for (size_t i = 0; i < ARRAY_SIZE(cl_lit); i++)
		if (r[cl_lit[i]] != ELG_EXPECTED)
			out->cl_lit_expected = false;
}

bool elg_apply_absent(enum elg_result r[static ELG__MAX])
{
	bool absent = false;

	for (int e = 0; e < ELG__MAX; e++)
		if (r[e] == ELG_ABSENT)
			absent = true;
	if (absent)
		for (int e = 0; e < ELG__MAX; e++)
			r[e] = ELG_ABSENT;
	return absent;
}

void elg_cohort_init(struct elg_cohort *c)
{
	memset(c, 0, sizeof(*c));
}

void elg_cohort_add(struct elg_cohort *c, const enum elg_result r[static ELG__MAX])
{
	struct elg_measures m;

	elg_measures_compute(r, &m);
	c->pupils++;
	if (m.absent) {
		c->absent++;
		return;
	}
	if (!m.complete) {
		c->incomplete++;
		return;
	}
	c->assessed++;
	if (m.gld == GLD_YES)
		c->gld++;
	if (m.all_expected)
		c->all_expected++;
	if (m.cl_lit_expected)
		c->cl_lit_expected++;
	c->expected_sum += m.expected;
	c->total_sum += m.total;
	for (int e = 0; e < ELG__MAX; e++) {
		if (r[e] == ELG_EMERGING)
			c->emerging_by_elg[e]++;
		else if (r[e] == ELG_EXPECTED)
			c->expected_by_elg[e]++;
	}
}

bool measure_div_round(long num, long den, long *out)
{
	long q, rem;

	if (den == 0)
		return false;
	if (den < 0) {
		num = -num;
		den = -den;
	}
	q = num / den;
	rem = num % den; /* same sign as num */
	if (rem < 0)
		rem = -rem;
	/* rem >= den - rem, without overflowing 2 * rem */
	if (rem >= den - rem)
		q += num < 0 ? -1 : 1;
	*out = q;
	return true;
}

bool measure_percent(long count, long total, int *out)
{
	long v;

	if (!measure_div_round(count * 100, total, &v))
		return false;
	*out = (int)v;
	return true;
}

char *measure_format_fixed(long value, int decimals, char *buf, size_t size)
{
	unsigned long mag, unit = 1;
	const char *sign = value < 0 ? "-" : "";

	if (decimals < 0 || decimals > 6)
		BUG("measure_format_fixed: decimals out of range");
	for (int i = 0; i < decimals; i++)
		unit *= 10;
	mag = value < 0 ? 0UL - (unsigned long)value : (unsigned long)value;
	if (decimals == 0)
		snprintf(buf, size, "%s%lu", sign, mag);
	else
		snprintf(buf, size, "%s%lu.%0*lu", sign, mag / unit, decimals, mag % unit);
	return buf;
}
