/*
 * store_statutory: statutory results per pupil, collection and academic year, and
 * the submission that locks them (see store.h, issue 6). Every write checks the
 * lock in its own transaction, so no path (grid, form, API, import) can change a
 * submitted collection; every change is audited in the same transaction.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "store/backend.h"
#include "store/json_batch.h"
#include "store/store_pupil_int.h"

static void stat_object(char object[static 96], int64_t pupil_id, const struct stat_stored *s)
{
	char ay[ACADEMIC_YEAR_LABEL_MAX];

	snprintf(object, 96, "pupil %lld %s %s %s/%s", (long long)pupil_id,
		 collection_code(s->coll), academic_year_label(s->academic_year, ay), s->component,
		 s->qualifier);
}

static bool fits(const char *s, size_t max)
{
	return strlen(s) < max;
}

/* The submission state by stmt (STMT_SUBM_GET or STMT_SUBM_HOLD). */
static enum err submission_read(struct store_conn *c, enum stmt_id stmt, int64_t establishment_id,
				enum collection coll, int academic_year,
				struct stat_submission *out)
{
	struct query q;
	enum err e;
	int col = 0;

	memset(out, 0, sizeof(*out));
	q_init(&q, c, stmt);
	q_int(&q, establishment_id);
	q_text(&q, collection_code(coll));
	q_int(&q, academic_year);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	if (q_row(&q)) {
		out->submitted = q_col_bool(&q, col++);
		q_col_text(&q, col++, out->submitted_by, sizeof(out->submitted_by));
		out->submitted_at = q_col_int(&q, col++);
		q_col_text(&q, col++, out->unlocked_by, sizeof(out->unlocked_by));
		out->unlocked_at = q_col_int(&q, col++);
		q_col_text(&q, col++, out->unlock_reason, sizeof(out->unlock_reason));
	}
	return q_end(&q);
}

enum err store_submission_get(struct store_conn *c, int64_t establishment_id, enum collection coll,
			      int academic_year, struct stat_submission *out)
{
	return submission_read(c, STMT_SUBM_GET, establishment_id, coll, academic_year, out);
}

enum err store_submission_hold(struct store_conn *c, int64_t establishment_id, enum collection coll,
			       int academic_year, struct stat_submission *out)
{
	struct query q;
	enum err e;

	if (c->depth == 0) /* a lock that ends with the statement holds nothing */
		return ERR_USAGE;
	/* A row to lock (unsubmitted, as never submitted reads), then the lock:
	 * the row is written once, not again by every save that holds it. */
	q_init(&q, c, STMT_SUBM_ENSURE);
	q_int(&q, establishment_id);
	q_text(&q, collection_code(coll));
	q_int(&q, academic_year);
	e = q_run(&q, NULL);
	if (e)
		return e;
	return submission_read(c, STMT_SUBM_HOLD, establishment_id, coll, academic_year, out);
}

/* ERR_LOCKED with who submitted and when, while the collection is submitted.
 * Called inside the writer's transaction: the state is held (PostgreSQL), so a
 * submit cannot slip in between this check and the write. */
static enum err lock_check(struct store_conn *c, int64_t establishment_id, enum collection coll,
			   int academic_year, struct errbuf *eb)
{
	struct stat_submission sub;
	char day[11], ay[ACADEMIC_YEAR_LABEL_MAX];
	enum err e = store_submission_hold(c, establishment_id, coll, academic_year, &sub);

	if (e)
		return errbuf_set(eb, e, "the submission state could not be read");
	if (!sub.submitted)
		return ERR_OK;
	date_format_dmy(date_from_unix(sub.submitted_at), day);
	return errbuf_set(eb, ERR_LOCKED,
			  "the %s results for %s were submitted by %s on %s and are locked: ask "
			  "the local authority to unlock them if something must change",
			  collection_label(coll), academic_year_label(academic_year, ay),
			  sub.submitted_by, day);
}

enum err store_statutory_get(struct store_conn *c, int64_t pupil_id, enum collection coll,
			     int academic_year, const char *component, const char *qualifier,
			     struct stat_stored *out)
{
	struct query q;
	bool found;
	enum err e;

	memset(out, 0, sizeof(*out));
	out->pupil_id = pupil_id;
	out->coll = coll;
	out->academic_year = academic_year;
	text_copy(out->component, sizeof(out->component), component);
	text_copy(out->qualifier, sizeof(out->qualifier), qualifier);
	q_init(&q, c, STMT_STAT_GET);
	q_int(&q, pupil_id);
	q_text(&q, collection_code(coll));
	q_int(&q, academic_year);
	q_text(&q, component);
	q_text(&q, qualifier);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	found = q_row(&q);
	if (found) {
		q_col_text(&q, 0, out->result, sizeof(out->result));
		out->updated_at = q_col_int(&q, 1);
		q_col_text(&q, 2, out->updated_by, sizeof(out->updated_by));
		out->establishment_id = q_col_int(&q, 3);
	}
	return q_end_found(&q, found);
}

enum err store_statutory_put(struct store_conn *c, const struct actor *who,
			     int64_t establishment_id, struct stat_stored *s, struct errbuf *eb)
{
	const char *by = who && who->name ? who->name : "system";
	struct stat_stored old;
	struct audit_row r;
	char object[96];
	struct query q;
	bool written = false;
	struct tx t;
	enum err e;

	if ((unsigned)s->coll >= COLL__MAX || !s->component[0] || !s->qualifier[0] ||
	    !fits(s->component, STAT_CODE_MAX) || !fits(s->qualifier, STAT_CODE_MAX) ||
	    !fits(s->result, STAT_VALUE_MAX))
		return errbuf_set(eb, ERR_INVALID, "the result is not one a return can hold");
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	e = lock_check(c, establishment_id, s->coll, s->academic_year, eb);
	if (e)
		goto out;
	e = store_statutory_get(c, s->pupil_id, s->coll, s->academic_year, s->component,
				s->qualifier, &old);
	if (e == ERR_NOT_FOUND)
		e = ERR_OK;
	if (e)
		goto out;
	/* A result belongs to the return of the school that stored it (a pupil who
	 * moved on stays in it, issue 6): another school never changes it, so a
	 * submitted return cannot change behind its school's back. */
	if (old.result[0] && old.establishment_id != establishment_id) {
		e = errbuf_set(eb, ERR_CONFLICT,
			       "this pupil's %s result (%s) is held in the return of the school "
			       "they were at when it was entered, and only that school can change "
			       "it; ask your local authority if it belongs in yours",
			       collection_label(s->coll), s->component);
		goto out;
	}
	if (strcmp(old.result, s->result) == 0) {
		s->updated_at = old.updated_at;
		text_copy(s->updated_by, sizeof(s->updated_by), old.updated_by);
		goto out;
	}
	if (!s->result[0]) {
		q_init(&q, c, STMT_STAT_DELETE);
		q_int(&q, s->pupil_id);
		q_text(&q, collection_code(s->coll));
		q_int(&q, s->academic_year);
		q_text(&q, s->component);
		q_text(&q, s->qualifier);
		e = q_run(&q, eb);
		s->updated_at = 0;
	} else {
		q_init(&q, c, old.result[0] ? STMT_STAT_UPDATE : STMT_STAT_INSERT);
		if (!old.result[0]) {
			q_int(&q, establishment_id);
			q_int(&q, s->pupil_id);
			q_text(&q, collection_code(s->coll));
			q_int(&q, s->academic_year);
			q_text(&q, s->component);
			q_text(&q, s->qualifier);
			q_text(&q, s->result);
			q_text(&q, by);
		} else {
			q_text(&q, s->result);
			q_text(&q, by);
			q_int(&q, s->pupil_id);
			q_text(&q, collection_code(s->coll));
			q_int(&q, s->academic_year);
			q_text(&q, s->component);
			q_text(&q, s->qualifier);
		}
		e = q_exec(&q, eb);
		if (e == ERR_INVALID)
			errbuf_set(eb, e, "there is no pupil with id %lld", (long long)s->pupil_id);
		if (e)
			goto out;
		written = q_row(&q);
		if (written)
			s->updated_at = q_col_int(&q, 0);
		e = q_end(&q);
		if (!e && !written)
			e = errbuf_set(eb, ERR_CONFLICT,
				       "the result was changed meanwhile: try again");
	}
	if (e)
		goto out;
	text_copy(s->updated_by, sizeof(s->updated_by), by);
	stat_object(object, s->pupil_id, s);
	memset(&r, 0, sizeof(r));
	r.action = "statutory.set";
	r.object = object;
	r.establishment_id = establishment_id;
	e = audit_write(c, who, &r, "result", old.result, s->result, eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_statutory_list(struct store_conn *c, int64_t establishment_id, enum collection coll,
			      int academic_year, struct stat_stored **out, size_t *n)
{
	struct stat_stored *list = NULL, *s;
	size_t len = 0, cap = 0;
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	q_init(&q, c, STMT_STAT_LIST);
	q_int(&q, establishment_id);
	q_text(&q, collection_code(coll));
	q_int(&q, academic_year);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	while (q_row(&q)) {
		list = list_push(list, &len, &cap, sizeof(*list));
		s = &list[len - 1];
		s->pupil_id = q_col_int(&q, 0);
		s->coll = coll;
		s->academic_year = academic_year;
		q_col_text(&q, 1, s->component, sizeof(s->component));
		q_col_text(&q, 2, s->qualifier, sizeof(s->qualifier));
		q_col_text(&q, 3, s->result, sizeof(s->result));
		s->updated_at = q_col_int(&q, 4);
		q_col_text(&q, 5, s->updated_by, sizeof(s->updated_by));
	}
	*out = q_end_list(&q, list, len, n, &e);
	return e;
}

enum err store_statutory_held(struct store_conn *c, int64_t establishment_id, int64_t pupil_id,
			      enum collection coll, int academic_year, bool *held)
{
	struct query q;
	enum err e;

	*held = false;
	q_init(&q, c, STMT_STAT_HELD);
	q_int(&q, establishment_id);
	q_int(&q, pupil_id);
	q_text(&q, collection_code(coll));
	q_int(&q, academic_year);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	if (q_row(&q))
		*held = q_col_int(&q, 0) > 0;
	return q_end(&q);
}

/* A row of STMT_STAT_ELSEWHERE, as q_collect reads rows. */
static void elsewhere_row(struct query *q, void *row)
{
	struct stat_stored *s = row;

	s->pupil_id = q_col_int(q, 0);
	q_col_text(q, 1, s->component, sizeof(s->component));
	q_col_text(q, 2, s->qualifier, sizeof(s->qualifier));
	s->establishment_id = q_col_int(q, 3);
}

enum err store_statutory_elsewhere(struct store_conn *c, int64_t establishment_id,
				   enum collection coll, int academic_year,
				   const int64_t *pupil_ids, size_t n, struct stat_stored **out,
				   size_t *nout)
{
	struct strbuf ids = STRBUF_INIT;
	struct query q;
	enum err e;

	*out = NULL;
	*nout = 0;
	if (!n)
		return ERR_OK;
	for (size_t i = 0; i < n; i++) {
		json_batch_row(&ids);
		strbuf_add_int(&ids, pupil_ids[i]);
	}
	q_init(&q, c, STMT_STAT_ELSEWHERE);
	q_int(&q, establishment_id);
	q_text(&q, collection_code(coll));
	q_int(&q, academic_year);
	q_text(&q, json_batch_end(&ids));
	*out = q_collect(&q, sizeof(**out), elsewhere_row, nout, &e);
	for (size_t i = 0; i < *nout; i++) {
		(*out)[i].coll = coll;
		(*out)[i].academic_year = academic_year;
	}
	strbuf_release(&ids);
	return e;
}

/* A row of PUPIL_COLS, as q_collect reads rows. */
static void pupil_row(struct query *q, void *row)
{
	sp_read(q, row);
}

enum err store_statutory_leavers(struct store_conn *c, int64_t establishment_id,
				 enum collection coll, int academic_year, struct pupil **out,
				 size_t *n)
{
	struct query q;
	enum err e;

	q_init(&q, c, STMT_STAT_LEAVERS);
	q_int(&q, establishment_id);
	q_text(&q, collection_code(coll));
	q_int(&q, academic_year);
	q_int(&q, establishment_id);
	*out = q_collect(&q, sizeof(**out), pupil_row, n, &e);
	return e;
}

enum err store_statutory_left_no_result(struct store_conn *c, int64_t establishment_id,
					enum collection coll, int academic_year, struct pupil **out,
					size_t *n)
{
	struct query q;
	enum err e;

	q_init(&q, c, STMT_STAT_LEFT_NO_RESULT);
	q_int(&q, establishment_id);
	q_int(&q, date_to_days(academic_year_start(academic_year)) * 86400);
	q_int(&q, date_to_days(academic_year_start(academic_year + 1)) * 86400);
	q_text(&q, collection_code(coll));
	q_int(&q, academic_year);
	*out = q_collect(&q, sizeof(**out), pupil_row, n, &e);
	return e;
}

static void subm_object(char object[static 64], enum collection coll, int academic_year)
{
	char ay[ACADEMIC_YEAR_LABEL_MAX];

	snprintf(object, 64, "%s %s", collection_code(coll),
		 academic_year_label(academic_year, ay));
}

enum err store_submission_submit(struct store_conn *c, const struct actor *who,
				 int64_t establishment_id, enum collection coll, int academic_year,
				 struct errbuf *eb)
{
	const char *by = who && who->name ? who->name : "system";
	struct audit_row r;
	char object[64];
	struct query q;
	bool written;
	struct tx t;
	enum err e;

	if ((unsigned)coll >= COLL__MAX)
		return errbuf_set(eb, ERR_INVALID, "unknown collection");
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	q_init(&q, c, STMT_SUBM_SUBMIT);
	q_int(&q, establishment_id);
	q_text(&q, collection_code(coll));
	q_int(&q, academic_year);
	q_text(&q, by);
	e = q_exec(&q, eb);
	if (e == ERR_INVALID)
		errbuf_set(eb, e, "there is no establishment with id %lld",
			   (long long)establishment_id);
	if (e)
		goto out;
	written = q_row(&q);
	e = q_end(&q);
	if (!e && !written) {
		struct errbuf why = { "" };
		lock_check(c, establishment_id, coll, academic_year, &why);
		e = errbuf_set(eb, ERR_CONFLICT, "%s",
			       why.msg[0] ? why.msg : "the results were submitted already");
	}
	if (e)
		goto out;
	subm_object(object, coll, academic_year);
	memset(&r, 0, sizeof(r));
	r.action = "statutory.submit";
	r.object = object;
	r.establishment_id = establishment_id;
	e = audit_write(c, who, &r, "submitted", "no", "yes", eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_submission_unlock(struct store_conn *c, const struct actor *who,
				 int64_t establishment_id, enum collection coll, int academic_year,
				 const char *reason, struct errbuf *eb)
{
	const char *by = who && who->name ? who->name : "system";
	struct audit_row r;
	char object[64];
	struct query q;
	bool written;
	struct tx t;
	enum err e;

	if ((unsigned)coll >= COLL__MAX)
		return errbuf_set(eb, ERR_INVALID, "unknown collection");
	if (!reason || !reason[strspn(reason, " \t\r\n")])
		return errbuf_set(eb, ERR_INVALID,
				  "give the reason for unlocking: the school will see it");
	if (!fits(reason, NOTE_MAX_LEN + 1))
		return errbuf_set(eb, ERR_INVALID, "the reason is longer than %d characters",
				  NOTE_MAX_LEN);
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	q_init(&q, c, STMT_SUBM_UNLOCK);
	q_text(&q, by);
	q_text(&q, reason);
	q_int(&q, establishment_id);
	q_text(&q, collection_code(coll));
	q_int(&q, academic_year);
	e = q_exec(&q, eb);
	if (e)
		goto out;
	written = q_row(&q);
	e = q_end(&q);
	if (!e && !written)
		e = errbuf_set(eb, ERR_CONFLICT, "these results are not submitted, so not locked");
	if (e)
		goto out;
	subm_object(object, coll, academic_year);
	memset(&r, 0, sizeof(r));
	r.action = "statutory.unlock";
	r.object = object;
	r.establishment_id = establishment_id;
	e = audit_write(c, who, &r, "submitted", "yes", "no", eb);
	e = audit_diff_text(c, who, &r, e, "unlock reason", "", reason, eb);
out:
	return tx_leave(c, &t, e, eb);
}
