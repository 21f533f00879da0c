/*
 * report_table: the cross-school tables of an LA or a trust and the KS2 summary
 * (see report_table.h). The store hands over every result of the area in one
 * statement, the rows of a school together; each school's rows are grouped by
 * pupil here and counted by core/report.h, then every column is suppressed. The
 * EYFS profile comes packed, one row per pupil (migration 015), for speed.
 */
#include "app/report_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "formats/csv_write.h"
#include "formats/json_write.h"

bool rtable_collection(enum collection coll)
{
	return coll == COLL_EYFSP || coll == COLL_PHONICS || coll == COLL_KS2;
}

/* ---- KS2 subjects */

void report_ks2_init(const struct codes *codes, struct report_ks2 *r)
{
	memset(r, 0, sizeof(*r));
	for (const struct code_row *row = codes_rows_for(codes, "ks2", NULL);
	     row && r->n < REPORT_KS2_SUBJECTS_MAX; row = codes_rows_for(codes, "ks2", row)) {
		if (strcmp(row->result_qualifier, "TA") != 0 || !code_row_allows(row, "EXS"))
			continue;
		snprintf(r->code[r->n], sizeof(r->code[r->n]), "%s", row->component);
		snprintf(r->label[r->n], sizeof(r->label[r->n]), "%s", row->label);
		r->has_gds[r->n] = code_row_allows(row, "GDS");
		r->n++;
	}
}

static int ks2_index(const struct report_ks2 *r, const char *component, const char *qualifier)
{
	if (strcmp(qualifier, "TA") != 0)
		return -1;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->code[i], component) == 0)
			return (int)i;
	return -1;
}

enum err report_ks2_of_school(struct store_conn *c, const struct establishment *e,
			      int academic_year, struct report_ks2 *r)
{
	struct stat_stored *list = NULL;
	size_t n = 0;
	enum err rc;

	rc = store_statutory_list(c, e->id, COLL_KS2, academic_year, &list, &n);
	for (size_t i = 0; i < n && rc == ERR_OK; i++) {
		int k = ks2_index(r, list[i].component, list[i].qualifier);
		if (k >= 0)
			report_ks2_add(&r->s[k], list[i].result);
	}
	free(list);
	return rc;
}

void report_ks2_of_return(const struct codes *codes, const struct stat_return *ret,
			  struct report_ks2 *r)
{
	for (size_t i = 0; i < ret->npupils; i++) {
		const struct stat_pupil *p = &ret->pupils[i];
		for (size_t k = 0; k < p->nresults; k++) {
			const struct stat_result *res = &p->results[k];
			const struct code_row *row = stat_result_row(codes, res);
			enum collection got;
			int at;
			if (!row || !stat_row_collection(row, &got) || got != COLL_KS2)
				continue;
			at = ks2_index(r, res->component, res->qualifier);
			if (at >= 0)
				report_ks2_add(&r->s[at], res->result);
		}
	}
}

static void kv_percent(struct json_write *j, const char *key, long num, long den)
{
	long v;

	json_key(j, key);
	if (measure_div_round(num * 10000, den, &v))
		json_fixed(j, v, 2);
	else
		json_null(j);
}

bool report_ks2_json(struct strbuf *out, int laestab, int academic_year, const struct report_ks2 *r)
{
	struct json_write j;

	json_write_init(&j, out);
	json_object_begin(&j);
	json_kv_string(&j, "report", "ks2");
	if (laestab)
		json_kv_int(&j, "establishment", laestab);
	if (academic_year)
		json_kv_int(&j, "academic_year", academic_year);
	json_key(&j, "subjects");
	json_object_begin(&j);
	for (size_t i = 0; i < r->n; i++) {
		const struct report_ks2_subject *s = &r->s[i];
		json_key(&j, r->code[i]);
		json_object_begin(&j);
		json_kv_string(&j, "label", r->label[i]);
		json_kv_int(&j, "pupils", s->pupils);
		json_kv_int(&j, "expected", s->expected);
		kv_percent(&j, "expected_percent", s->expected, s->pupils);
		if (r->has_gds[i]) {
			json_kv_int(&j, "greater_depth", s->greater_depth);
			kv_percent(&j, "greater_depth_percent", s->greater_depth, s->pupils);
		}
		json_object_end(&j);
	}
	json_object_end(&j);
	json_object_end(&j);
	return json_write_ok(&j);
}

void report_ks2_text(struct strbuf *out, const struct report_ks2 *r, bool csv)
{
	char ep[16], gp[16];

	if (csv)
		strbuf_adds(out, "subject,label,pupils,expected,expected_percent,greater_depth,"
				 "greater_depth_percent\r\n");
	for (size_t i = 0; i < r->n; i++) {
		const struct report_ks2_subject *s = &r->s[i];
		report_percent(s->expected, s->pupils, ep, sizeof(ep));
		report_percent(s->greater_depth, s->pupils, gp, sizeof(gp));
		if (csv) {
			strbuf_addf(out, "%s,", r->code[i]);
			csv_field(out, r->label[i]);
			strbuf_addf(out, ",%d,%d,%s,", s->pupils, s->expected, ep);
			if (r->has_gds[i])
				strbuf_addf(out, "%d,%s", s->greater_depth, gp);
			else
				strbuf_adds(out, ",");
			strbuf_adds(out, "\r\n");
		} else {
			strbuf_addf(out,
				    "%s %s: %d pupils, %d at the expected standard or above (%s%%)",
				    r->code[i], r->label[i], s->pupils, s->expected, ep);
			if (r->has_gds[i])
				strbuf_addf(out, ", %d at greater depth (%s%%)", s->greater_depth,
					    gp);
			strbuf_adds(out, "\n");
		}
	}
}

/* ---- building the table */

/* The figures of one school (or the total) before they become cells. */
struct rfig {
	struct report_eyfsp ey;
	struct report_phonics ph; /* year1/_met this year; year2/_met cumulative */
	struct report_ks2 ks2;
};

struct rbuild {
	struct rtable *t;
	const struct establishment *schools; /* sorted by id for the lookup */
	size_t nschools;
	struct rfig *figs;		/* parallel to schools, or to the groups */
	struct rfig *total;		/* by characteristic: every pupil once */
	struct report_ks2 subjects;	/* the KS2 subjects, zero counts */
	int64_t cur;			/* establishment of the rows in buf */
	const struct establishment *at; /* packed rows: the school of the last */
	enum elg_result elg_of[256];	/* packed rows: result of a character */
	struct report_result_row *buf;	/* the current school's rows */
	size_t len, cap;
};

static int by_id(const void *a, const void *b)
{
	const struct establishment *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int by_pupil(const void *a, const void *b)
{
	const struct report_result_row *x = a, *y = b;
	if (x->pupil_id != y->pupil_id)
		return x->pupil_id < y->pupil_id ? -1 : 1;
	return x->academic_year - y->academic_year;
}

static int by_name(const void *a, const void *b)
{
	const struct rtable_row *x = a, *y = b;
	int d = strcmp(x->name, y->name);
	return d ? d : x->laestab - y->laestab;
}

static bool phonics_met(const char *result)
{
	struct report_phonics p;

	report_phonics_init(&p);
	report_phonics_add(&p, 1, result);
	return p.year1_met > 0;
}

static bool phonics_mark(const struct report_result_row *r)
{
	return strcmp(r->component, "PSC") == 0 && strcmp(r->qualifier, "PM") == 0 && r->result[0];
}

/* Counts the pupil rows r[0..n) (one pupil) into f. */
static void count_pupil(const struct rbuild *b, const struct report_result_row *r, size_t n,
			struct rfig *f)
{
	int year = b->t->academic_year;

	if (b->t->coll == COLL_EYFSP) {
		enum elg_result row[ELG__MAX];
		for (int e = 0; e < ELG__MAX; e++)
			row[e] = ELG_BLANK;
		for (size_t i = 0; i < n; i++) {
			enum elg elg;
			enum elg_result v;
			if (elg_parse(r[i].component, &elg) && elg_result_from_ctf(r[i].result, &v))
				row[elg] = v;
		}
		report_eyfsp_add(&f->ey, row);
	} else if (b->t->coll == COLL_PHONICS) {
		int yg = r[0].year_override != YEAR_NONE ? r[0].year_override :
							   year_group_of(r[0].dob, year);
		bool any = false, met = false;
		for (size_t i = 0; i < n; i++) {
			if (!phonics_mark(&r[i]))
				continue;
			if (yg == 1 && r[i].academic_year == year) {
				report_phonics_add(&f->ph, 1, r[i].result);
			} else if (yg == 2) {
				any = true;
				met = met || phonics_met(r[i].result);
			}
		}
		if (any) {
			f->ph.year2++;
			f->ph.year2_met += met;
		}
	} else {
		for (size_t i = 0; i < n; i++) {
			int k = ks2_index(&f->ks2, r[i].component, r[i].qualifier);
			if (k >= 0)
				report_ks2_add(&f->ks2.s[k], r[i].result);
		}
	}
}

/* Counts the buffered rows of school b->cur. */
static void flush(struct rbuild *b)
{
	struct establishment key = { .id = b->cur };
	struct establishment *e;

	if (!b->len)
		return;
	if (b->t->by_characteristic) {
		qsort(b->buf, b->len, sizeof(*b->buf), by_pupil);
		for (size_t i = 0, j; i < b->len; i = j) {
			for (j = i + 1; j < b->len && b->buf[j].pupil_id == b->buf[i].pupil_id; j++)
				;
			for (int fam = 0; fam < RFAM__MAX; fam++)
				count_pupil(b, &b->buf[i], j - i,
					    &b->figs[report_group_of((enum report_family)fam,
								     &b->buf[i].chars)]);
			count_pupil(b, &b->buf[i], j - i, b->total);
		}
		b->len = 0;
		return;
	}
	e = bsearch(&key, b->schools, b->nschools, sizeof(*b->schools), by_id);
	if (e) {
		struct rfig *f = &b->figs[e - b->schools];
		qsort(b->buf, b->len, sizeof(*b->buf), by_pupil);
		for (size_t i = 0, j; i < b->len; i = j) {
			for (j = i + 1; j < b->len && b->buf[j].pupil_id == b->buf[i].pupil_id; j++)
				;
			count_pupil(b, &b->buf[i], j - i, f);
		}
	}
	b->len = 0;
}

static bool on_row(void *ctx, const struct report_result_row *r)
{
	struct rbuild *b = ctx;

	if (r->establishment_id != b->cur) {
		flush(b);
		b->cur = r->establishment_id;
	}
	if (b->len == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 1024;
		b->buf = xrealloc(b->buf, b->cap * sizeof(*b->buf));
	}
	b->buf[b->len++] = *r;
	return true;
}

/* The EYFS profile: one packed row per pupil (store_report_eyfsp_packed). */
static bool on_packed(void *ctx, int64_t establishment_id, const char results[static ELG__MAX])
{
	struct rbuild *b = ctx;
	enum elg_result row[ELG__MAX];

	if (!b->at || b->at->id != establishment_id) {
		struct establishment key = { .id = establishment_id };
		b->at = bsearch(&key, b->schools, b->nschools, sizeof(*b->schools), by_id);
		if (!b->at)
			return true;
	}
	for (int k = 0; k < ELG__MAX; k++)
		row[k] = b->elg_of[(unsigned char)results[k]];
	report_eyfsp_add(&b->figs[b->at - b->schools].ey, row);
	return true;
}

static void add_col(struct rtable *t, const char *key, const char *label)
{
	if (t->ncols >= RTABLE_COLS_MAX)
		BUG("rtable: too many columns");
	snprintf(t->col[t->ncols].key, sizeof(t->col[t->ncols].key), "%s", key);
	snprintf(t->col[t->ncols].label, sizeof(t->col[t->ncols].label), "%s", label);
	t->ncols++;
}

static void columns(struct rtable *t, const struct report_ks2 *subjects)
{
	char key[32], label[128];

	switch (t->coll) {
	case COLL_EYFSP:
		add_col(t, "pupils", "Pupils with results");
		add_col(t, "assessed", "Pupils assessed");
		add_col(t, "gld", "Good level of development");
		add_col(t, "gld_percent", "% good level of development");
		add_col(t, "average_elgs_at_expected", "Average ELGs at expected");
		add_col(t, "average_total_score", "Average total score");
		break;
	case COLL_PHONICS:
		add_col(t, "year1", "Year 1 pupils checked");
		add_col(t, "year1_met_percent", "Year 1 % met the standard");
		add_col(t, "year2", "Year 2 pupils checked (Year 1 or 2)");
		add_col(t, "year2_met_percent", "Year 2 % met the standard by the end of Year 2");
		break;
	default:
		for (size_t i = 0; i < subjects->n; i++) {
			snprintf(key, sizeof(key), "%s_pupils", subjects->code[i]);
			snprintf(label, sizeof(label), "%s: pupils", subjects->label[i]);
			add_col(t, key, label);
			snprintf(key, sizeof(key), "%s_expected_percent", subjects->code[i]);
			snprintf(label, sizeof(label), "%s: %% at expected or above",
				 subjects->label[i]);
			add_col(t, key, label);
			if (subjects->has_gds[i]) {
				snprintf(key, sizeof(key), "%s_greater_depth_percent",
					 subjects->code[i]);
				snprintf(label, sizeof(label), "%s: %% at greater depth",
					 subjects->label[i]);
				add_col(t, key, label);
			}
		}
		break;
	}
}

static struct report_cell cnt(long n)
{
	return (struct report_cell){ .kind = RCELL_COUNT, .num = n };
}

static struct report_cell pct(long num, long den)
{
	return (struct report_cell){ .kind = RCELL_PERCENT, .num = num, .den = den };
}

static struct report_cell avg(long sum, long den)
{
	return (struct report_cell){ .kind = RCELL_AVERAGE, .num = sum, .den = den };
}

/* The cells of one row from its figures, in columns() order. */
static void cells(const struct rtable *t, const struct rfig *f, struct report_cell *out)
{
	const struct elg_cohort *co = &f->ey.cohort;
	size_t k = 0;

	switch (t->coll) {
	case COLL_EYFSP:
		out[k++] = cnt(co->pupils);
		out[k++] = cnt(co->assessed);
		out[k++] = cnt(co->gld);
		out[k++] = pct(co->gld, co->assessed);
		out[k++] = avg(co->expected_sum, co->assessed);
		out[k++] = avg(co->total_sum, co->assessed);
		break;
	case COLL_PHONICS:
		out[k++] = cnt(f->ph.year1);
		out[k++] = pct(f->ph.year1_met, f->ph.year1);
		out[k++] = cnt(f->ph.year2);
		out[k++] = pct(f->ph.year2_met, f->ph.year2);
		break;
	default:
		for (size_t i = 0; i < f->ks2.n; i++) {
			const struct report_ks2_subject *s = &f->ks2.s[i];
			out[k++] = cnt(s->pupils);
			out[k++] = pct(s->expected, s->pupils);
			if (f->ks2.has_gds[i])
				out[k++] = pct(s->greater_depth, s->pupils);
		}
		break;
	}
}

static void fig_add(struct rfig *to, const struct rfig *f)
{
	const struct elg_cohort *a = &f->ey.cohort;
	struct elg_cohort *t = &to->ey.cohort;

	t->pupils += a->pupils;
	t->assessed += a->assessed;
	t->absent += a->absent;
	t->incomplete += a->incomplete;
	t->gld += a->gld;
	t->expected_sum += a->expected_sum;
	t->total_sum += a->total_sum;
	to->ph.year1 += f->ph.year1;
	to->ph.year1_met += f->ph.year1_met;
	to->ph.year2 += f->ph.year2;
	to->ph.year2_met += f->ph.year2_met;
	for (size_t i = 0; i < f->ks2.n; i++) {
		to->ks2.s[i].pupils += f->ks2.s[i].pupils;
		to->ks2.s[i].expected += f->ks2.s[i].expected;
		to->ks2.s[i].greater_depth += f->ks2.s[i].greater_depth;
	}
}

enum err rtable_build(struct app *app, struct store_conn *c, int64_t la_id, int64_t trust_id,
		      enum collection coll, int academic_year, struct rtable *out)
{
	struct establishment *schools = NULL;
	struct rbuild b;
	struct report_cell **ptrs;
	struct rfig total;
	size_t n = 0;
	enum err rc;

	memset(out, 0, sizeof(*out));
	memset(&b, 0, sizeof(b));
	if (!rtable_collection(coll) || (la_id == 0) == (trust_id == 0))
		return ERR_INVALID;
	out->coll = coll;
	out->academic_year = academic_year;
	out->trust = la_id == 0;
	if (la_id) {
		struct la la;
		rc = store_la_get(c, la_id, &la);
		if (rc)
			return rc;
		snprintf(out->area, sizeof(out->area), "%s", la.name);
	} else {
		struct trust tr;
		rc = store_trust_get(c, trust_id, &tr);
		if (rc)
			return rc;
		snprintf(out->area, sizeof(out->area), "%s", tr.name);
	}
	rc = store_establishment_list(c, la_id, trust_id, &schools, &n);
	if (rc)
		return rc;
	qsort(schools, n, sizeof(*schools), by_id);
	report_ks2_init(app->codes, &b.subjects);
	columns(out, &b.subjects);
	b.t = out;
	b.schools = schools;
	b.nschools = n;
	b.figs = xcalloc(n ? n : 1, sizeof(*b.figs));
	for (size_t i = 0; i < n; i++) {
		report_eyfsp_init(&b.figs[i].ey);
		report_phonics_init(&b.figs[i].ph);
		b.figs[i].ks2 = b.subjects;
	}
	for (int ch = 0; ch < 256; ch++) {
		char one[2] = { (char)ch, 0 };
		if (!elg_result_from_ctf(one, &b.elg_of[ch]))
			b.elg_of[ch] = ELG_BLANK;
	}
	if (coll == COLL_EYFSP)
		rc = store_report_eyfsp_packed(c, la_id, trust_id, academic_year, on_packed, &b);
	else
		rc = store_report_results(c, la_id, trust_id, coll,
					  coll == COLL_PHONICS ? academic_year - 1 : academic_year,
					  academic_year, on_row, &b);
	flush(&b);
	if (rc)
		goto out;
	memset(&total, 0, sizeof(total));
	report_eyfsp_init(&total.ey);
	report_phonics_init(&total.ph);
	total.ks2 = b.subjects;
	out->rows = xcalloc(n ? n : 1, sizeof(*out->rows));
	out->nrows = n;
	for (size_t i = 0; i < n; i++) {
		struct rtable_row *r = &out->rows[i];
		r->laestab = establishment_laestab(&schools[i]);
		snprintf(r->name, sizeof(r->name), "%s", schools[i].name);
		cells(out, &b.figs[i], r->cell);
		fig_add(&total, &b.figs[i]);
	}
	snprintf(out->total.name, sizeof(out->total.name), "%s",
		 out->trust ? "Trust total" : "LA total");
	cells(out, &total, out->total.cell);
	qsort(out->rows, n, sizeof(*out->rows), by_name);
	ptrs = xcalloc(n ? n : 1, sizeof(*ptrs));
	for (size_t k = 0; k < out->ncols; k++) {
		for (size_t i = 0; i < n; i++)
			ptrs[i] = &out->rows[i].cell[k];
		report_suppress_column(ptrs, n, &out->total.cell[k]);
		for (size_t i = 0; i < n; i++)
			out->hidden += out->rows[i].cell[k].hidden;
		out->hidden += out->total.cell[k].hidden;
	}
	free(ptrs);
out:
	free(b.buf);
	free(b.figs);
	free(schools);
	if (rc)
		rtable_free(out);
	return rc;
}

static void fig_init(struct rfig *f, const struct report_ks2 *subjects)
{
	memset(f, 0, sizeof(*f));
	report_eyfsp_init(&f->ey);
	report_phonics_init(&f->ph);
	f->ks2 = *subjects;
}

enum err rtable_build_by_characteristic(struct app *app, struct store_conn *c, int64_t la_id,
					int64_t trust_id, enum collection coll, int academic_year,
					struct rtable *out)
{
	struct establishment *schools = NULL;
	size_t ngroups = report_group_count(), n = 0;
	struct report_cell **ptrs;
	struct rbuild b;
	struct rfig total;
	enum err rc;

	memset(out, 0, sizeof(*out));
	memset(&b, 0, sizeof(b));
	if (!rtable_collection(coll) || (la_id == 0) == (trust_id == 0))
		return ERR_INVALID;
	out->coll = coll;
	out->academic_year = academic_year;
	out->trust = la_id == 0;
	out->by_characteristic = true;
	if (la_id) {
		struct la la;
		rc = store_la_get(c, la_id, &la);
		if (rc)
			return rc;
		snprintf(out->area, sizeof(out->area), "%s", la.name);
	} else {
		struct trust tr;
		rc = store_trust_get(c, trust_id, &tr);
		if (rc)
			return rc;
		snprintf(out->area, sizeof(out->area), "%s", tr.name);
	}
	report_ks2_init(app->codes, &b.subjects);
	columns(out, &b.subjects);
	b.t = out;
	b.figs = xcalloc(ngroups, sizeof(*b.figs));
	for (size_t g = 0; g < ngroups; g++)
		fig_init(&b.figs[g], &b.subjects);
	fig_init(&total, &b.subjects);
	b.total = &total;
	/* the rows of pupils at schools of the area, every collection unpacked */
	rc = store_report_results(c, la_id, trust_id, coll,
				  coll == COLL_PHONICS ? academic_year - 1 : academic_year,
				  academic_year, on_row, &b);
	flush(&b);
	if (rc)
		goto out;
	out->rows = xcalloc(ngroups, sizeof(*out->rows));
	out->nrows = ngroups;
	for (size_t g = 0; g < ngroups; g++) {
		struct rtable_row *r = &out->rows[g];
		r->group = report_group_at(g);
		snprintf(r->name, sizeof(r->name), "%s", r->group.label);
		cells(out, &b.figs[g], r->cell);
	}
	snprintf(out->total.name, sizeof(out->total.name), "%s",
		 out->trust ? "Trust total" : "LA total");
	cells(out, &total, out->total.cell);
	ptrs = xcalloc(ngroups, sizeof(*ptrs));
	for (size_t k = 0; k < out->ncols; k++) {
		for (size_t g = 0; g < ngroups; g = n) {
			size_t m = 0;
			for (n = g;
			     n < ngroups && out->rows[n].group.family == out->rows[g].group.family;
			     n++)
				ptrs[m++] = &out->rows[n].cell[k];
			report_suppress_column(ptrs, m, &out->total.cell[k]);
		}
		for (size_t g = 0; g < ngroups; g++)
			out->hidden += out->rows[g].cell[k].hidden;
		out->hidden += out->total.cell[k].hidden;
	}
	free(ptrs);
out:
	free(b.buf);
	free(b.figs);
	free(schools);
	if (rc)
		rtable_free(out);
	return rc;
}

void rtable_free(struct rtable *t)
{
	if (!t)
		return;
	free(t->rows);
	t->rows = NULL;
	t->nrows = 0;
}

char *rtable_cell_text(const struct report_cell *c, char *buf, size_t size)
{
	return report_cell_text(c, buf, size);
}

/* ---- outputs */

static const char suppress_note[] = "x: fewer than 5 pupils, or a figure that would let one "
				    "be worked out from the total (not shown to protect pupils).";

static const char *sheet_keep(struct assess_sheet *out, const char *text)
{
	if (out->ntexts == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 128;
		out->texts = xrealloc(out->texts, out->cap * sizeof(*out->texts));
	}
	out->texts[out->ntexts] = xstrdup(text);
	return out->texts[out->ntexts++];
}

static void sheet_put(struct assess_sheet *out, size_t r, size_t c, const char *text, bool number,
		      bool bold)
{
	struct sheet_cell *cell = sheet_at(&out->s, r, c);

	cell->text = sheet_keep(out, text);
	cell->number = number && text[0] && strcmp(text, "x") != 0;
	cell->bold = bold;
	if (bold)
		cell->fill = ASSESS_FILL_HEAD;
}

static void sheet_row(struct assess_sheet *out, size_t r, const struct rtable *t,
		      const struct rtable_row *row, bool bold)
{
	char buf[32];

	if (row->laestab) {
		snprintf(buf, sizeof(buf), "%07d", row->laestab);
		sheet_put(out, r, 0, buf, false, bold);
	} else if (row->group.family_label) {
		sheet_put(out, r, 0, row->group.family_label, false, bold);
	}
	sheet_put(out, r, 1, row->name, false, bold);
	for (size_t k = 0; k < t->ncols; k++)
		sheet_put(out, r, 2 + k, report_cell_text(&row->cell[k], buf, sizeof(buf)), true,
			  bold);
}

void rtable_sheet(const struct rtable *t, struct assess_sheet *out)
{
	char ay[ACADEMIC_YEAR_LABEL_MAX];
	size_t rows = 3 + t->nrows + 2, cols = 2 + t->ncols;

	memset(out, 0, sizeof(*out));
	out->s.name = collection_label(t->coll);
	out->s.rows = rows;
	out->s.cols = cols;
	out->s.cells = xcalloc(rows * cols, sizeof(*out->s.cells));
	out->s.header_rows = 3;
	sheet_put(out, 0, 0, t->area, false, true);
	sheet_put(out, 1, 0, collection_label(t->coll), false, true);
	sheet_put(out, 1, 1, academic_year_label(t->academic_year, ay), false, true);
	sheet_put(out, 2, 0, t->by_characteristic ? "Characteristic" : "LAESTAB", false, true);
	sheet_put(out, 2, 1, t->by_characteristic ? "Group" : "School", false, true);
	for (size_t k = 0; k < t->ncols; k++)
		sheet_put(out, 2, 2 + k, t->col[k].label, false, true);
	for (size_t i = 0; i < t->nrows; i++)
		sheet_row(out, 3 + i, t, &t->rows[i], false);
	sheet_row(out, 3 + t->nrows, t, &t->total, true);
	sheet_put(out, 4 + t->nrows, 0, suppress_note, false, false);
}

static void json_row(struct json_write *j, const struct rtable *t, const struct rtable_row *row)
{
	json_object_begin(j);
	if (row->laestab)
		json_kv_int(j, "laestab", row->laestab);
	if (row->group.family_key) {
		json_kv_string(j, "characteristic", row->group.family_key);
		json_kv_string(j, "group", row->group.key);
	}
	json_kv_string(j, "name", row->name);
	for (size_t k = 0; k < t->ncols; k++) {
		const struct report_cell *c = &row->cell[k];
		long v;
		json_key(j, t->col[k].key);
		if (c->hidden)
			json_string(j, "x");
		else if (c->kind == RCELL_COUNT)
			json_int(j, c->num);
		else if (measure_div_round(c->num * (c->kind == RCELL_PERCENT ? 10000 : 100),
					   c->den, &v))
			json_fixed(j, v, 2);
		else
			json_null(j);
	}
	json_object_end(j);
}

bool rtable_json(struct strbuf *out, const struct rtable *t)
{
	struct json_write j;

	json_write_init(&j, out);
	json_object_begin(&j);
	json_kv_string(&j, "report", t->by_characteristic ? "table_by_characteristic" : "table");
	json_kv_string(&j, "collection", collection_code(t->coll));
	json_kv_int(&j, "academic_year", t->academic_year);
	json_kv_string(&j, "area", t->area);
	json_kv_bool(&j, "trust", t->trust);
	json_kv_int(&j, "suppression_min", REPORT_SUPPRESS_MIN);
	json_kv_string(&j, "note", suppress_note);
	json_key(&j, "columns");
	json_array_begin(&j);
	for (size_t k = 0; k < t->ncols; k++) {
		json_object_begin(&j);
		json_kv_string(&j, "key", t->col[k].key);
		json_kv_string(&j, "label", t->col[k].label);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_key(&j, t->by_characteristic ? "groups" : "schools");
	json_array_begin(&j);
	for (size_t i = 0; i < t->nrows; i++)
		json_row(&j, t, &t->rows[i]);
	json_array_end(&j);
	json_key(&j, "total");
	json_row(&j, t, &t->total);
	json_object_end(&j);
	return json_write_ok(&j);
}

static void text_row(struct strbuf *out, const struct rtable *t, const struct rtable_row *row)
{
	char buf[32];

	if (row->laestab)
		strbuf_addf(out, "%07d ", row->laestab);
	else if (row->group.family_label)
		strbuf_addf(out, "%s, ", row->group.family_label);
	strbuf_addf(out, "%s:", row->name);
	for (size_t k = 0; k < t->ncols; k++)
		strbuf_addf(out, "%s %s %s", k ? "," : "", t->col[k].key,
			    report_cell_text(&row->cell[k], buf, sizeof(buf)));
	strbuf_adds(out, "\n");
}

void rtable_text(struct strbuf *out, const struct rtable *t)
{
	char ay[ACADEMIC_YEAR_LABEL_MAX];

	strbuf_addf(out, "%s, %s, %s\n", t->area, collection_label(t->coll),
		    academic_year_label(t->academic_year, ay));
	for (size_t i = 0; i < t->nrows; i++)
		text_row(out, t, &t->rows[i]);
	text_row(out, t, &t->total);
	strbuf_addf(out, "%s\n", suppress_note);
}
