/*
 * report: the EYFS reports of one establishment (see report.h). The Full Report
 * and the Venn diagrams load the assessment's grid (app/assess.h), keep the
 * pupils the filters choose and hand their judgements to core/report.h; the
 * statutory summaries read store_statutory_list and count with the same core.
 */
#include "app/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/pupil_filter.h"
#include "formats/json_write.h"

enum err report_load(struct app *app, struct store_conn *c, const struct establishment *e,
		     const struct report_query *q, struct report_data *out)
{
	struct assess_grid g;
	enum err rc;

	memset(out, 0, sizeof(*out));
	rc = assess_grid_load(app, c, e, q->assessment_id, &g);
	if (rc)
		return rc;
	out->a = g.a;
	out->pupils = xcalloc(g.nrows ? g.nrows : 1, sizeof(*out->pupils));
	out->rows = xcalloc(g.nrows ? g.nrows : 1, sizeof(*out->rows));
	for (size_t i = 0; i < g.nrows; i++) {
		const struct assess_row *r = &g.rows[i];
		if (q->year_group != YEAR_NONE &&
		    assess_pupil_year_group(&r->pupil, g.a.academic_year) != q->year_group)
			continue;
		if (q->class_no && r->pupil.class_no != q->class_no)
			continue;
		if (q->filter && !pupil_filter_match(q->filter, &r->pupil))
			continue;
		out->pupils[out->n] = r->pupil;
		out->rows[out->n].included = r->pupil.include_in_data;
		for (int k = 0; k < ELG__MAX; k++)
			out->rows[out->n].value[k] = r->cells[k].value;
		out->n++;
	}
	assess_grid_free(&g);
	report_full_compute(out->a.kind, out->rows, out->n, &out->full);
	return ERR_OK;
}

void report_data_free(struct report_data *d)
{
	if (!d)
		return;
	free(d->pupils);
	free(d->rows);
	memset(d, 0, sizeof(*d));
}

/* ---- the sheet */

static const char *keep(struct assess_sheet *out, const char *text)
{
	if (out->ntexts == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 128;
		out->texts = xrealloc(out->texts, out->cap * sizeof(*out->texts));
	}
	out->texts[out->ntexts] = xstrdup(text);
	return out->texts[out->ntexts++];
}

static void put(struct assess_sheet *out, size_t r, size_t c, const char *text, bool number,
		bool bold)
{
	struct sheet_cell *cell = sheet_at(&out->s, r, c);
	cell->text = keep(out, text);
	cell->number = number && text[0];
	cell->bold = bold;
	if (bold)
		cell->fill = ASSESS_FILL_HEAD;
}

static void put_int(struct assess_sheet *out, size_t r, size_t c, long v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%ld", v);
	put(out, r, c, buf, true, false);
}

void report_full_sheet(const struct report_data *d, const char *school, struct assess_sheet *out)
{
	const struct report_full *f = &d->full;
	const struct scale *sc = scale_get(d->a.kind);
	bool elg = d->a.kind == SCALE_ELG;
	size_t rows = 3 + ELG__MAX + (elg ? 5 : 0), r;
	char buf[64];

	memset(out, 0, sizeof(*out));
	out->s.name = "Full Report";
	out->s.rows = rows;
	out->s.cols = 7;
	out->s.cells = xcalloc(rows * 7, sizeof(*out->s.cells));
	out->s.header_rows = 3;
	put(out, 0, 0, school ? school : "", false, true);
	put(out, 1, 0, d->a.name, false, true);
	put(out, 2, 0, "Areas of Development", false, true);
	snprintf(buf, sizeof(buf), "Total Number %s", sc->values[1].label);
	put(out, 2, 1, buf, false, true);
	snprintf(buf, sizeof(buf), "%% %s", sc->values[1].label);
	put(out, 2, 2, buf, false, true);
	snprintf(buf, sizeof(buf), "Total Number %s", sc->values[2].label);
	put(out, 2, 3, buf, false, true);
	snprintf(buf, sizeof(buf), "%% %s", sc->values[2].label);
	put(out, 2, 4, buf, false, true);
	put(out, 2, 5, "Num Pupils", false, true);
	put(out, 2, 6, "Num Judged", false, true);
	for (int k = 0; k < ELG__MAX; k++) {
		r = 3 + (size_t)k;
		put(out, r, 0, elg_get((enum elg)k)->name, false, false);
		/* THE column rule (core/report.h), as the grid's foot */
		for (int v = 1; v <= 2; v++) {
			put_int(out, r, (size_t)(1 + (v - 1) * 2), f->col[k].count[v]);
			put(out, r, (size_t)(2 + (v - 1) * 2),
			    report_column_percent(&f->col[k], v, buf, sizeof(buf)), true, false);
		}
		put_int(out, r, 5, f->col[k].pupils);
		put_int(out, r, 6, f->col[k].judged);
	}
	if (elg) {
		const struct elg_cohort *co = &f->cohort;
		r = 3 + ELG__MAX;
		put(out, r, 0, "Pupils assessed", false, true);
		put_int(out, r, 1, co->assessed);
		put(out, r + 1, 0, "Good Level of Development", false, true);
		put_int(out, r + 1, 1, co->gld);
		put(out, r + 2, 0, "% Good Level of Development", false, true);
		put(out, r + 2, 1, report_percent(co->gld, co->assessed, buf, sizeof(buf)), true,
		    false);
		put(out, r + 3, 0, "Average number of ELGs at expected", false, true);
		put(out, r + 3, 1, report_average(co->expected_sum, co->assessed, buf, sizeof(buf)),
		    true, false);
		put(out, r + 4, 0, "Average total score", false, true);
		put(out, r + 4, 1, report_average(co->total_sum, co->assessed, buf, sizeof(buf)),
		    true, false);
	}
}

/* ---- statutory summaries */

/* Index of pupil_id in ids[0..n), appending it when new (rows grows with it). */
static size_t pupil_slot(int64_t **ids, enum elg_result (**rows)[ELG__MAX], size_t *n, size_t *cap,
			 int64_t pupil_id)
{
	for (size_t i = *n; i > 0; i--)
		if ((*ids)[i - 1] == pupil_id)
			return i - 1;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*ids = xrealloc(*ids, *cap * sizeof(**ids));
		*rows = xrealloc(*rows, *cap * sizeof(**rows));
	}
	(*ids)[*n] = pupil_id;
	for (int e = 0; e < ELG__MAX; e++)
		(*rows)[*n][e] = ELG_BLANK;
	return (*n)++;
}

enum err report_eyfsp_of_school(struct store_conn *c, const struct establishment *e,
				int academic_year, struct report_eyfsp *out)
{
	struct stat_stored *list = NULL;
	enum elg_result(*rows)[ELG__MAX] = NULL;
	int64_t *ids = NULL;
	size_t n = 0, np = 0, cap = 0;
	enum err rc;

	rc = store_statutory_list(c, e->id, COLL_EYFSP, academic_year, &list, &n);
	if (rc)
		goto out;
	for (size_t i = 0; i < n; i++) {
		size_t at = pupil_slot(&ids, &rows, &np, &cap, list[i].pupil_id);
		enum elg elg;
		enum elg_result v;
		if (elg_parse(list[i].component, &elg) && elg_result_from_ctf(list[i].result, &v))
			rows[at][elg] = v;
	}
	for (size_t i = 0; i < np; i++)
		report_eyfsp_add(out, rows[i]);
out:
	free(list);
	free(ids);
	free(rows);
	return rc;
}

enum err report_phonics_of_school(struct store_conn *c, const struct establishment *e,
				  int academic_year, struct report_phonics *out)
{
	struct stat_stored *list = NULL;
	size_t n = 0;
	enum err rc;

	rc = store_statutory_list(c, e->id, COLL_PHONICS, academic_year, &list, &n);
	if (rc)
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct pupil p;
		if (strcmp(list[i].component, "PSC") != 0 || strcmp(list[i].qualifier, "PM") != 0)
			continue;
		if (store_pupil_get(c, list[i].pupil_id, &p) != ERR_OK)
			continue;
		report_phonics_add(out, assess_pupil_year_group(&p, academic_year), list[i].result);
	}
out:
	free(list);
	return rc;
}

/* Whether res is the row of collection coll, component and qualifier given. */
static bool result_is(const struct codes *codes, const struct stat_result *res,
		      enum collection coll)
{
	const struct code_row *row = stat_result_row(codes, res);
	enum collection got;

	return row && stat_row_collection(row, &got) && got == coll;
}

void report_eyfsp_of_return(const struct codes *codes, const struct stat_return *r,
			    struct report_eyfsp *out)
{
	report_eyfsp_init(out);
	for (size_t i = 0; i < r->npupils; i++) {
		const struct stat_pupil *p = &r->pupils[i];
		enum elg_result row[ELG__MAX];
		bool any = false;
		for (int e = 0; e < ELG__MAX; e++)
			row[e] = ELG_BLANK;
		for (size_t k = 0; k < p->nresults; k++) {
			const struct stat_result *res = &p->results[k];
			enum elg elg;
			enum elg_result v;
			if (!result_is(codes, res, COLL_EYFSP) || !elg_parse(res->component, &elg))
				continue;
			any = true;
			if (elg_result_from_ctf(res->result, &v))
				row[elg] = v;
		}
		if (any)
			report_eyfsp_add(out, row);
	}
}

void report_phonics_of_return(const struct codes *codes, const struct stat_return *r,
			      struct report_phonics *out)
{
	report_phonics_init(out);
	for (size_t i = 0; i < r->npupils; i++) {
		const struct stat_pupil *p = &r->pupils[i];
		for (size_t k = 0; k < p->nresults; k++) {
			const struct stat_result *res = &p->results[k];
			if (!result_is(codes, res, COLL_PHONICS) ||
			    strcmp(res->component, "PSC") != 0 || strcmp(res->qualifier, "PM") != 0)
				continue;
			report_phonics_add(out, stat_pupil_year(r, p), res->result);
			break;
		}
	}
}

/* ---- output */

static void kv_fixed2(struct json_write *j, const char *key, long num, long den)
{
	long v;

	json_key(j, key);
	if (measure_div_round(num, den, &v))
		json_fixed(j, v, 2);
	else
		json_null(j);
}

static void header_json(struct json_write *j, const char *report, const struct report_header *h)
{
	json_kv_string(j, "report", report);
	if (h && h->laestab)
		json_kv_int(j, "establishment", h->laestab);
	if (h && h->academic_year)
		json_kv_int(j, "academic_year", h->academic_year);
}

bool report_eyfsp_json(struct strbuf *out, const struct report_header *h,
		       const struct report_eyfsp *r)
{
	const struct elg_cohort *co = &r->cohort;
	struct json_write j;

	json_write_init(&j, out);
	json_object_begin(&j);
	header_json(&j, "eyfsp", h);
	json_kv_int(&j, "pupils", co->pupils);
	json_kv_int(&j, "assessed", co->assessed);
	json_kv_int(&j, "absent", co->absent);
	json_kv_int(&j, "incomplete", co->incomplete);
	json_kv_int(&j, "gld", co->gld);
	kv_fixed2(&j, "gld_percent", (long)co->gld * 10000, co->assessed);
	kv_fixed2(&j, "average_elgs_at_expected", co->expected_sum * 100, co->assessed);
	kv_fixed2(&j, "average_total_score", co->total_sum * 100, co->assessed);
	json_key(&j, "per_elg");
	json_object_begin(&j);
	for (int e = 0; e < ELG__MAX; e++) {
		json_key(&j, elg_get((enum elg)e)->code);
		json_object_begin(&j);
		json_kv_int(&j, "emerging", co->emerging_by_elg[e]);
		json_kv_int(&j, "expected", co->expected_by_elg[e]);
		json_object_end(&j);
	}
	json_object_end(&j);
	json_object_end(&j);
	return json_write_ok(&j);
}

bool report_phonics_json(struct strbuf *out, const struct report_header *h,
			 const struct report_phonics *r)
{
	struct json_write j;

	json_write_init(&j, out);
	json_object_begin(&j);
	header_json(&j, "phonics", h);
	json_kv_int(&j, "year1", r->year1);
	json_kv_int(&j, "year1_met", r->year1_met);
	json_kv_int(&j, "year2", r->year2);
	json_kv_int(&j, "year2_met", r->year2_met);
	json_object_end(&j);
	return json_write_ok(&j);
}

void report_eyfsp_text(struct strbuf *out, const struct report_eyfsp *r, bool csv)
{
	const struct elg_cohort *co = &r->cohort;
	char gp[16], ae[16], at[16];

	report_percent(co->gld, co->assessed, gp, sizeof(gp));
	report_average(co->expected_sum, co->assessed, ae, sizeof(ae));
	report_average(co->total_sum, co->assessed, at, sizeof(at));
	if (!csv) {
		strbuf_addf(out,
			    "Pupils: %d\nAssessed (not absent): %d\nAbsent: %d\nIncomplete: %d\n"
			    "Good level of development: %d (%s%%)\n"
			    "Average ELGs at expected: %s\nAverage total score: %s\n",
			    co->pupils, co->assessed, co->absent, co->incomplete, co->gld, gp, ae,
			    at);
		for (int e = 0; e < ELG__MAX; e++)
			strbuf_addf(out, "%s %s: emerging %d, expected %d\n",
				    elg_get((enum elg)e)->code, elg_get((enum elg)e)->name,
				    co->emerging_by_elg[e], co->expected_by_elg[e]);
		return;
	}
	strbuf_addf(out, "pupils,assessed,absent,incomplete,gld,gld_percent,"
			 "average_elgs_at_expected,average_total_score");
	for (int e = 0; e < ELG__MAX; e++)
		strbuf_addf(out, ",%s_emerging,%s_expected", elg_get((enum elg)e)->code,
			    elg_get((enum elg)e)->code);
	strbuf_addf(out, "\r\n%d,%d,%d,%d,%d,%s,%s,%s", co->pupils, co->assessed, co->absent,
		    co->incomplete, co->gld, gp, ae, at);
	for (int e = 0; e < ELG__MAX; e++)
		strbuf_addf(out, ",%d,%d", co->emerging_by_elg[e], co->expected_by_elg[e]);
	strbuf_addf(out, "\r\n");
}

void report_phonics_text(struct strbuf *out, const struct report_phonics *r, bool csv)
{
	if (csv)
		strbuf_addf(out, "year1,year1_met,year2,year2_met\r\n%d,%d,%d,%d\r\n", r->year1,
			    r->year1_met, r->year2, r->year2_met);
	else
		strbuf_addf(out,
			    "Year 1 pupils with a phonics entry: %d\nYear 1 met the standard: %d\n"
			    "Year 2 pupils with a phonics entry: %d\nYear 2 met the standard: %d\n",
			    r->year1, r->year1_met, r->year2, r->year2_met);
}
