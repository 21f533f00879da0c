/*
 * store_report: the statutory results of every school of an LA or a trust, read
 * in one statement for the cross-school tables (issue 8c; app/report_table.c
 * counts them). Rows are handed over one at a time, nothing is copied whole.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "store/backend.h"

enum err store_report_results(struct store_conn *c, int64_t la_id, int64_t trust_id,
			      enum collection coll, int year_from, int year_to,
			      bool (*fn)(void *ctx, const struct report_result_row *r), void *ctx)
{
	struct report_result_row r;
	struct query q;
	char dob[16], one[2];
	enum err e;

	q_init(&q, c, la_id ? STMT_REPORT_RESULTS_LA : STMT_REPORT_RESULTS_TRUST);
	q_text(&q, collection_code(coll));
	q_int(&q, year_from);
	q_int(&q, year_to);
	q_int(&q, la_id ? la_id : trust_id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	while (q_row(&q)) {
		r.establishment_id = q_col_int(&q, 0);
		r.pupil_id = q_col_int(&q, 1);
		r.academic_year = (int)q_col_int(&q, 2);
		q_col_text(&q, 3, r.component, sizeof(r.component));
		q_col_text(&q, 4, r.qualifier, sizeof(r.qualifier));
		q_col_text(&q, 5, r.result, sizeof(r.result));
		q_col_text(&q, 6, dob, sizeof(dob));
		if (!date_parse_iso(dob, &r.dob))
			memset(&r.dob, 0, sizeof(r.dob));
		r.year_override = (int)q_col_int(&q, 7);
		memset(&r.chars, 0, sizeof(r.chars));
		q_col_text(&q, 8, one, sizeof(one));
		r.chars.gender = one[0];
		r.chars.disadvantaged = q_col_int(&q, 9) != 0;
		q_col_text(&q, 10, one, sizeof(one));
		r.chars.sen = one[0];
		r.chars.eal = q_col_int(&q, 11) != 0;
		q_col_text(&q, 12, r.chars.ethnicity, sizeof(r.chars.ethnicity));
		r.chars.dob = r.dob;
		if (!fn(ctx, &r))
			break;
	}
	return q_end(&q);
}

enum err store_report_seed_school(struct store_conn *c, const struct actor *who,
				  const struct establishment *e, const struct assessment *a, int n,
				  int64_t serial, int academic_year, struct errbuf *eb)
{
	struct audit_row ar = { "bench.seed", "establishment", e->id, e->la_id };
	bool pg = store_backend_of(c->st) == STORE_PG;
	char dob[24], count[24];
	struct query q;
	struct tx t;
	enum err rc;

	/* born in the September the Reception year's cohort starts school minus 5 */
	snprintf(dob, sizeof(dob), "%04d-09-15", academic_year - 5);
	snprintf(count, sizeof(count), "%d", n);
	rc = tx_enter(c, &t, eb);
	if (rc)
		return rc;
	q_init(&q, c, STMT_REPORT_SEED_PUPILS);
	q_int(&q, n);
	q_int(&q, e->id);
	q_int(&q, serial);
	q_text(&q, dob);
	rc = q_run(&q, eb);
	if (!rc) {
		q_init(&q, c, STMT_REPORT_SEED_JUDGEMENTS);
		q_int(&q, a->id);
		q_int(&q, e->id);
		rc = q_run(&q, eb);
	}
	/* PostgreSQL: the results without the per-row trigger, packed at once */
	if (!rc && pg) {
		q_init(&q, c, STMT_REPORT_SEED_PACK_OFF);
		rc = q_run(&q, eb);
	}
	if (!rc) {
		q_init(&q, c, STMT_REPORT_SEED_RESULTS);
		q_int(&q, academic_year);
		q_int(&q, e->id);
		rc = q_run(&q, eb);
	}
	if (!rc && pg) {
		q_init(&q, c, STMT_REPORT_SEED_PACK_ON);
		rc = q_run(&q, eb);
	}
	if (!rc && pg) {
		q_init(&q, c, STMT_REPORT_SEED_PACK_FILL);
		q_int(&q, e->id);
		q_int(&q, academic_year);
		rc = q_run(&q, eb);
	}
	if (!rc)
		rc = audit_write(c, who, &ar, "pupils", "", count, eb);
	return tx_leave(c, &t, rc, eb);
}

enum err store_report_eyfsp_packed(struct store_conn *c, int64_t la_id, int64_t trust_id,
				   int academic_year,
				   bool (*fn)(void *ctx, int64_t establishment_id,
					      const char results[static ELG__MAX]),
				   void *ctx)
{
	char results[ELG__MAX + 8];
	struct query q;
	enum err e;

	q_init(&q, c, la_id ? STMT_REPORT_PACK_LA : STMT_REPORT_PACK_TRUST);
	q_int(&q, academic_year);
	q_int(&q, la_id ? la_id : trust_id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	while (q_row(&q)) {
		memset(results, '.', sizeof(results));
		q_col_text(&q, 1, results, sizeof(results));
		if (strlen(results) != ELG__MAX)
			continue; /* the table's CHECK keeps it 17 long */
		if (!fn(ctx, q_col_int(&q, 0), results))
			break;
	}
	return q_end(&q);
}
