/*
 * store_stat_import: the batched writes of a CTF import (see store.h, issue 6f).
 * Each function is one prepared statement whatever the batch size; its rows go
 * as one JSON array bound as a text parameter, written with json_batch.h
 * (every string escaped). The audit rows keep the content the single-row
 * writers give them (store_pupil.c, store_statutory.c, store_assess.c) and go
 * to the caller's store_audit_batch (store_audit.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/codelist.h"
#include "store/backend.h"
#include "store/json_batch.h"

/*
 * Runs an import upsert q whose RETURNING gives, per row written, 1 when it
 * inserted the row, 0 when it updated one, -1 when the backend cannot say
 * (SQLite). The batch's rows were read first and those found locked (stmt.c):
 * it must write `writes` rows and insert `adds` of them, the ones not found.
 * Otherwise another writer added or changed one since the read (PostgreSQL:
 * READ COMMITTED lets a row appear that was not there to lock), and the old
 * values decided on would be wrong: ERR_CONFLICT, the import to be run again.
 */
static enum err upsert_run(struct query *q, size_t writes, size_t adds, const char *what,
			   struct errbuf *eb)
{
	size_t rows = 0, inserted = 0;
	bool known = false;
	enum err e = q_exec(q, eb);

	if (e)
		return e;
	while (q_row(q)) {
		int64_t ins = q_col_int(q, 0);
		rows++;
		known = known || ins >= 0;
		inserted += ins == 1;
	}
	e = q_end(q);
	if (e)
		return errbuf_set(eb, e, "the %s could not be stored", what);
	if (rows != writes || (known && inserted != adds))
		return errbuf_set(eb, ERR_CONFLICT,
				  "the %s changed while importing (someone saved one at the "
				  "same time): import the file again",
				  what);
	return ERR_OK;
}

/* ---- pupils ---- */

enum err store_import_pupils_find(struct store_conn *c, struct store_import_pupil *list, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	struct query q;
	enum err e;

	for (size_t i = 0; i < n; i++) {
		list[i].found = false;
		json_batch_row(&sb);
		json_batch_str(&sb, list[i].p.upn);
	}
	if (!n)
		return ERR_OK;
	q_init(&q, c, STMT_IMP_PUPIL_FIND);
	q_text(&q, json_batch_end(&sb));
	e = q_exec(&q, NULL);
	if (e)
		goto out;
	while (q_row(&q)) {
		int64_t k = q_col_int(&q, 0);
		struct pupil *p;
		const char *gender;
		char dob[16];
		if (k < 0 || (size_t)k >= n)
			continue;
		p = &list[k].p;
		list[k].found = true;
		p->id = q_col_int(&q, 1);
		p->establishment_id = q_col_int(&q, 2);
		q_col_text(&q, 3, dob, sizeof(dob));
		if (!date_parse_iso(dob, &p->dob))
			memset(&p->dob, 0, sizeof(p->dob));
		p->year_override = (int)q_col_int(&q, 4);
		p->archived = q_col_bool(&q, 5);
		q_col_text(&q, 6, p->surname, sizeof(p->surname));
		q_col_text(&q, 7, p->forenames, sizeof(p->forenames));
		gender = q_col_str(&q, 8);
		if (!gender || !gender_parse(gender, &p->gender))
			p->gender = GENDER_UNKNOWN;
		q_col_text(&q, 9, p->ethnicity, sizeof(p->ethnicity));
		q_col_text(&q, 10, p->postcode, sizeof(p->postcode));
	}
	e = q_end(&q);
out:
	strbuf_release(&sb);
	return e;
}

enum err store_import_pupils_add(struct store_conn *c, struct store_audit_batch *audit,
				 struct store_import_pupil *list, size_t n, struct errbuf *eb)
{
	struct strbuf sb = STRBUF_INIT;
	int64_t establishment_id = 0;
	size_t adds = 0, got = 0;
	struct query q;
	enum err e;

	for (size_t i = 0; i < n; i++) {
		const struct pupil *p = &list[i].p;
		char dob[11];
		if (!list[i].add)
			continue;
		if (adds && p->establishment_id != establishment_id)
			return errbuf_set(eb, ERR_USAGE, "one school per batch");
		establishment_id = p->establishment_id;
		adds++;
		json_batch_row(&sb);
		json_batch_key_str(&sb, "u", p->upn, true);
		json_batch_key_str(&sb, "s", p->surname, false);
		json_batch_key_str(&sb, "f", p->forenames, false);
		if (date_valid(p->dob)) {
			date_format_iso(p->dob, dob);
			json_batch_key_str(&sb, "d", dob, false);
		} else {
			strbuf_adds(&sb, ",\"d\":null");
		}
		json_batch_key_str(&sb, "g", gender_code(p->gender), false);
		json_batch_key_str(&sb, "e", p->ethnicity, false);
		json_batch_key_str(&sb, "c", p->postcode, false);
		strbuf_addc(&sb, '}');
	}
	if (!adds)
		return ERR_OK;
	q_init(&q, c, STMT_IMP_PUPIL_ADD);
	q_int(&q, establishment_id);
	q_text(&q, "N");
	q_int(&q, YEAR_NONE);
	q_int(&q, 1);
	q_text(&q, json_batch_end(&sb));
	e = q_exec(&q, eb);
	if (e == ERR_CONFLICT)
		errbuf_set(eb, e, "a pupil of the file exists already");
	if (e)
		goto out;
	while (q_row(&q)) {
		const char *upn = q_col_str(&q, 1);
		for (size_t i = 0; i < n; i++) {
			if (list[i].add && !list[i].p.id && strcmp(list[i].p.upn, upn) == 0) {
				list[i].p.id = q_col_int(&q, 0);
				list[i].p.version = q_col_int(&q, 2);
				got++;
				break;
			}
		}
	}
	e = q_end(&q);
	if (!e && got != adds)
		e = errbuf_set(eb, ERR_IO, "the database returned %zu ids for %zu pupils", got,
			       adds);
	if (e)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const struct pupil *p = &list[i].p;
		char object[32], value[2 * PERSON_NAME_MAX + 24];
		if (!list[i].add)
			continue;
		snprintf(object, sizeof(object), "pupil %lld", (long long)p->id);
		snprintf(value, sizeof(value), "%s %s, %s", p->upn, p->surname, p->forenames);
		store_audit_batch_add(audit, "pupil.add", object, "", "", value);
	}
out:
	strbuf_release(&sb);
	return e;
}

/* ---- statutory results ---- */

enum err store_import_results_read(struct store_conn *c, int academic_year,
				   struct store_import_result *list, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	struct query q;
	enum err e;

	if (!n)
		return ERR_OK;
	for (size_t i = 0; i < n; i++) {
		list[i].old[0] = '\0';
		list[i].held_by = 0;
		if (list[i].fresh)
			continue;
		json_batch_row(&sb);
		json_batch_key_int(&sb, "i", (long long)i, true);
		json_batch_key_int(&sb, "p", list[i].pupil_id, false);
		json_batch_key_str(&sb, "c", collection_code(list[i].coll), false);
		json_batch_key_str(&sb, "k", list[i].component, false);
		json_batch_key_str(&sb, "q", list[i].qualifier, false);
		strbuf_addc(&sb, '}');
	}
	if (!sb.len)
		return ERR_OK; /* every pupil new: nothing stored to read */
	q_init(&q, c, STMT_IMP_RESULT_READ);
	q_text(&q, json_batch_end(&sb));
	q_int(&q, academic_year);
	e = q_exec(&q, NULL);
	if (e)
		goto out;
	while (q_row(&q)) {
		int64_t k = q_col_int(&q, 0);
		if (k >= 0 && (size_t)k < n) {
			q_col_text(&q, 1, list[k].old, sizeof(list[k].old));
			list[k].held_by = q_col_int(&q, 2);
		}
	}
	e = q_end(&q);
out:
	strbuf_release(&sb);
	return e;
}

enum err store_import_results_put(struct store_conn *c, struct store_audit_batch *audit,
				  int64_t establishment_id, int academic_year,
				  struct store_import_result *list, size_t n, struct errbuf *eb)
{
	const char *by = audit->who && audit->who->name ? audit->who->name : "system";
	char ay[ACADEMIC_YEAR_LABEL_MAX];
	struct strbuf sb = STRBUF_INIT;
	size_t writes = 0, adds = 0;
	struct query q;
	enum err e;

	academic_year_label(academic_year, ay);
	for (size_t i = 0; i < n; i++) {
		const struct store_import_result *r = &list[i];
		if (!r->write)
			continue;
		if ((unsigned)r->coll >= COLL__MAX || !r->component[0] || !r->qualifier[0] ||
		    !r->result[0]) {
			strbuf_release(&sb);
			return errbuf_set(eb, ERR_INVALID,
					  "the result is not one a return can hold");
		}
		writes++;
		adds += !r->old[0];
		json_batch_row(&sb);
		json_batch_key_int(&sb, "p", r->pupil_id, true);
		json_batch_key_str(&sb, "c", collection_code(r->coll), false);
		json_batch_key_str(&sb, "k", r->component, false);
		json_batch_key_str(&sb, "q", r->qualifier, false);
		json_batch_key_str(&sb, "r", r->result, false);
		strbuf_addc(&sb, '}');
	}
	if (!writes)
		return ERR_OK;
	q_init(&q, c, STMT_IMP_RESULT_PUT);
	q_int(&q, establishment_id);
	q_int(&q, academic_year);
	q_text(&q, by);
	q_text(&q, json_batch_end(&sb));
	e = upsert_run(&q, writes, adds, "results", eb);
	strbuf_release(&sb);
	if (e == ERR_INVALID)
		return errbuf_set(eb, e, "a pupil of the results is not in the database");
	if (e)
		return e;
	for (size_t i = 0; i < n; i++) {
		const struct store_import_result *r = &list[i];
		char object[96];
		if (!r->write)
			continue;
		snprintf(object, sizeof(object), "pupil %lld %s %s %s/%s", (long long)r->pupil_id,
			 collection_code(r->coll), ay, r->component, r->qualifier);
		store_audit_batch_add(audit, "statutory.set", object, "result", r->old, r->result);
	}
	return ERR_OK;
}

/* ---- the tracking grid's early learning goals ---- */

static const char *value_label(const struct assessment *a, int v)
{
	const struct scale *s = scale_get(a->kind);

	return v >= 0 && v < s->count ? s->values[v].label : "?";
}

enum err store_import_cells_read(struct store_conn *c, const struct assessment *a,
				 struct store_import_cell *list, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	struct query q;
	enum err e;

	if (!n)
		return ERR_OK;
	for (size_t i = 0; i < n; i++) {
		list[i].old = 0;
		list[i].stored = false;
		if (list[i].fresh)
			continue;
		json_batch_row(&sb);
		json_batch_key_int(&sb, "i", (long long)i, true);
		json_batch_key_int(&sb, "p", list[i].pupil_id, false);
		json_batch_key_str(&sb, "a", elg_get(list[i].elg)->code, false);
		strbuf_addc(&sb, '}');
	}
	if (!sb.len)
		return ERR_OK; /* every pupil new: nothing stored to read */
	q_init(&q, c, STMT_IMP_CELL_READ);
	q_text(&q, json_batch_end(&sb));
	q_int(&q, a->id);
	e = q_exec(&q, NULL);
	if (e)
		goto out;
	while (q_row(&q)) {
		int64_t k = q_col_int(&q, 0);
		if (k >= 0 && (size_t)k < n) {
			list[k].old = (int)q_col_int(&q, 1);
			list[k].stored = true;
		}
	}
	e = q_end(&q);
out:
	strbuf_release(&sb);
	return e;
}

enum err store_import_cells_put(struct store_conn *c, struct store_audit_batch *audit,
				const struct assessment *a, struct store_import_cell *list,
				size_t n, struct errbuf *eb)
{
	const char *by = audit->who && audit->who->name ? audit->who->name : "system";
	struct strbuf sb = STRBUF_INIT;
	size_t writes = 0, adds = 0;
	struct query q;
	enum err e;

	for (size_t i = 0; i < n; i++) {
		const struct store_import_cell *cell = &list[i];
		if (!cell->write)
			continue;
		if (cell->value < 0 || cell->value >= scale_get(a->kind)->count) {
			strbuf_release(&sb);
			return errbuf_set(eb, ERR_INVALID, "value %d is not on the scale",
					  cell->value);
		}
		writes++;
		adds += !cell->stored;
		json_batch_row(&sb);
		json_batch_key_int(&sb, "p", cell->pupil_id, true);
		json_batch_key_str(&sb, "a", elg_get(cell->elg)->code, false);
		json_batch_key_int(&sb, "v", cell->value, false);
		strbuf_addc(&sb, '}');
	}
	if (!writes)
		return ERR_OK;
	q_init(&q, c, STMT_IMP_CELL_PUT);
	q_int(&q, a->id);
	q_text(&q, by);
	q_text(&q, json_batch_end(&sb));
	e = upsert_run(&q, writes, adds, "grid's early learning goals", eb);
	strbuf_release(&sb);
	if (e == ERR_INVALID)
		return errbuf_set(eb, e, "a pupil of the grid is not in the database");
	if (e)
		return e;
	for (size_t i = 0; i < n; i++) {
		const struct store_import_cell *cell = &list[i];
		char object[64];
		if (!cell->write)
			continue;
		snprintf(object, sizeof(object), "assessment %lld pupil %lld %s", (long long)a->id,
			 (long long)cell->pupil_id, elg_get(cell->elg)->code);
		store_audit_batch_add(audit, "judgement.set", object, "value",
				      value_label(a, cell->old), value_label(a, cell->value));
	}
	return ERR_OK;
}
