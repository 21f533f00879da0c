/*
 * store_collection_la: the LA side of the collection (issue 7c): establishment
 * phases, a request's reminder setting, the LA's receipt of a school's file,
 * reminders sent, the files the LA sends to its schools and a request's history
 * from the audit. Every change is audited in the same transaction.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/phase.h"
#include "core/statutory.h"
#include "store/backend.h"

static bool phase_known(const char *p)
{
	enum est_phase ph;
	return phase_parse(p, &ph) && strcmp(p, phase_code(ph)) == 0;
}

/* Runs a "SELECT count(*)" or one-integer query; *v 0 when no row. */
static enum err one_int(struct query *q, int64_t *v, bool *found)
{
	enum err e = q_exec(q, NULL);

	*v = 0;
	if (found)
		*found = false;
	if (e)
		return e;
	if (q_row(q)) {
		*v = q_col_int(q, 0);
		if (found)
			*found = true;
	}
	return q_end(q);
}

/* Readers of one row for q_collect. */
static void id_read(struct query *q, void *row)
{
	*(int64_t *)row = q_col_int(q, 0);
}

static void open_read(struct query *q, void *row)
{
	struct open_request *r = row;

	r->id = q_col_int(q, 0);
	r->remind_days = (int)q_col_int(q, 1);
}

static void receipt_read(struct query *q, void *row)
{
	struct file_receipt *r = row;

	r->file_id = q_col_int(q, 0);
	r->user_id = q_col_int(q, 1);
	q_col_text(q, 2, r->received_by, sizeof(r->received_by));
	r->received_at = q_col_int(q, 3);
}

static void reminder_read(struct query *q, void *row)
{
	struct request_reminder *r = row;

	r->request_id = q_col_int(q, 0);
	r->establishment_id = q_col_int(q, 1);
	q_col_text(q, 2, r->kind, sizeof(r->kind));
	r->recipients = (int)q_col_int(q, 3);
	q_col_text(q, 4, r->sent_by, sizeof(r->sent_by));
	r->sent_at = q_col_int(q, 5);
}

static void mail_read(struct query *q, void *row)
{
	q_col_text(q, 0, row, NAME_MAX_LEN + 1);
}

enum err store_establishment_phase_set(struct store_conn *c, const struct actor *who,
				       int64_t establishment_id, const char *phase,
				       struct errbuf *eb)
{
	struct audit_row ar;
	char old[16], object[64];
	struct query q;
	struct tx t;
	enum err e;

	if (!phase_known(phase))
		return errbuf_set(eb, ERR_INVALID,
				  "'%s' is not a phase: use nursery, primary, middle, secondary "
				  "or all-through",
				  phase ? phase : "");
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	e = store_establishment_phase_get(c, establishment_id, old);
	if (e == ERR_NOT_FOUND)
		errbuf_set(eb, e, "there is no such establishment");
	if (e || strcmp(old, phase) == 0)
		goto out;
	q_init(&q, c, STMT_EST_PHASE_SET);
	q_text(&q, phase);
	q_int(&q, establishment_id);
	e = q_run(&q, eb);
	if (e)
		goto out;
	snprintf(object, sizeof(object), "establishment %lld", (long long)establishment_id);
	memset(&ar, 0, sizeof(ar));
	ar.action = "establishment.phase";
	ar.object = object;
	ar.establishment_id = establishment_id;
	e = audit_write(c, who, &ar, "phase", old, phase, eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_establishment_phase_get(struct store_conn *c, int64_t establishment_id,
				       char out[static 16])
{
	struct query q;
	bool found;
	enum err e;

	out[0] = '\0';
	q_init(&q, c, STMT_EST_PHASE_GET);
	q_int(&q, establishment_id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	found = q_row(&q);
	if (found)
		q_col_text(&q, 0, out, 16);
	return q_end_found(&q, found);
}

enum err store_establishments_by_phase(struct store_conn *c, int64_t la_id, const char *phase,
				       int64_t **out, size_t *n)
{
	struct query q;
	enum err e;

	q_init(&q, c, STMT_EST_BY_PHASE);
	q_int(&q, la_id);
	q_text(&q, phase);
	*out = q_collect(&q, sizeof(**out), id_read, n, &e);
	return e;
}

enum err store_file_request_remind_set(struct store_conn *c, const struct actor *who,
				       int64_t request_id, int days, struct errbuf *eb)
{
	struct file_request r;
	struct audit_row ar;
	char object[64];
	struct query q;
	struct tx t;
	int old = 0;
	enum err e;

	if (days < -1 || days > 60)
		return errbuf_set(eb, ERR_INVALID, "the reminder must be 0 to 60 days");
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	e = store_file_request_remind_get(c, request_id, &old);
	if (e == ERR_NOT_FOUND)
		errbuf_set(eb, e, "there is no such request");
	if (e || old == days)
		goto out;
	q_init(&q, c, STMT_FREQ_REMIND_SET);
	q_int(&q, days);
	q_int(&q, request_id);
	e = q_run(&q, eb);
	if (!e)
		e = store_file_request_get(c, request_id, &r);
	if (e)
		goto out;
	freq_object(object, request_id);
	memset(&ar, 0, sizeof(ar));
	ar.action = "request.update";
	ar.object = object;
	ar.la_id = r.la_id;
	e = audit_diff_int(c, who, &ar, e, "remind_days", old, days, eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_file_request_remind_get(struct store_conn *c, int64_t request_id, int *days)
{
	struct query q;
	int64_t v;
	bool found;
	enum err e;

	q_init(&q, c, STMT_FREQ_REMIND_GET);
	q_int(&q, request_id);
	e = one_int(&q, &v, &found);
	*days = (int)v;
	if (e)
		return e;
	return found ? ERR_OK : ERR_NOT_FOUND;
}

enum err store_file_requests_open(struct store_conn *c, int64_t after, struct open_request **out,
				  size_t *n)
{
	struct query q;
	enum err e;

	q_init(&q, c, STMT_FREQ_OPEN_BEFORE);
	q_int(&q, after);
	*out = q_collect(&q, sizeof(**out), open_read, n, &e);
	return e;
}

enum err store_file_receipt_add(struct store_conn *c, const struct actor *who,
				const struct received_file *f, int64_t at, bool *first,
				struct errbuf *eb)
{
	struct audit_row ar;
	char object[64], detail[128];
	struct query q;
	struct tx t;
	int64_t changed = 0;
	enum err e;

	if (first)
		*first = false;
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	q_init(&q, c, STMT_RECEIPT_INSERT);
	q_int(&q, f->id);
	q_int(&q, who ? who->user_id : 0);
	q_text(&q, who && who->name ? who->name : "system");
	q_int(&q, at);
	e = q_exec(&q, eb);
	if (!e) {
		changed = q_changes(&q);
		e = q_end(&q);
	}
	if (e == ERR_INVALID)
		errbuf_set(eb, e, "there is no such file");
	if (e || changed <= 0)
		goto out;
	if (first)
		*first = true;
	memset(&ar, 0, sizeof(ar));
	ar.establishment_id = f->establishment_id;
	ar.action = "file.received";
	snprintf(object, sizeof(object), "received file %lld", (long long)f->id);
	ar.object = object;
	snprintf(detail, sizeof(detail), "received by the LA (request %lld)",
		 (long long)f->request_id);
	e = audit_write(c, who, &ar, "received", "", detail, eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_file_receipts(struct store_conn *c, int64_t request_id, int64_t establishment_id,
			     struct file_receipt **out, size_t *n)
{
	struct query q;
	enum err e;

	q_init(&q, c, STMT_RECEIPT_LIST);
	q_int(&q, request_id);
	q_int(&q, establishment_id);
	q_int(&q, establishment_id);
	*out = q_collect(&q, sizeof(**out), receipt_read, n, &e);
	return e;
}

enum err store_reminder_add(struct store_conn *c, const struct actor *who,
			    const struct request_reminder *r, bool *added, struct errbuf *eb)
{
	struct file_request fr;
	struct audit_row ar;
	char object[64], detail[128];
	struct query q;
	struct tx t;
	int64_t changed = 0;
	enum err e;

	if (added)
		*added = false;
	if (strcmp(r->kind, "chase") != 0 && strcmp(r->kind, "auto") != 0)
		return errbuf_set(eb, ERR_INVALID, "a reminder is a chase or automatic");
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	e = store_file_request_get(c, r->request_id, &fr);
	if (e == ERR_NOT_FOUND)
		errbuf_set(eb, e, "there is no such request");
	if (e)
		goto out;
	q_init(&q, c, STMT_REMINDER_INSERT);
	q_int(&q, r->request_id);
	q_int(&q, r->establishment_id);
	q_text(&q, r->kind);
	q_int(&q, r->recipients);
	q_text(&q, who && who->name ? who->name : "system");
	q_int(&q, r->sent_at);
	e = q_exec(&q, eb);
	if (!e) {
		changed = q_changes(&q);
		e = q_end(&q);
	}
	if (e || changed <= 0)
		goto out;
	if (added)
		*added = true;
	freq_object(object, r->request_id);
	memset(&ar, 0, sizeof(ar));
	ar.action = strcmp(r->kind, "auto") == 0 ? "request.remind" : "request.chase";
	ar.object = object;
	ar.establishment_id = r->establishment_id;
	ar.la_id = fr.la_id;
	snprintf(detail, sizeof(detail), "reminder to establishment %lld: %d mail%s",
		 (long long)r->establishment_id, r->recipients, r->recipients == 1 ? "" : "s");
	e = audit_write(c, who, &ar, "reminder", "", detail, eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_reminders(struct store_conn *c, int64_t request_id, struct request_reminder **out,
			 size_t *n)
{
	struct query q;
	enum err e;

	q_init(&q, c, STMT_REMINDER_LIST);
	q_int(&q, request_id);
	*out = q_collect(&q, sizeof(**out), reminder_read, n, &e);
	return e;
}

enum err store_establishment_admin_mails(struct store_conn *c, int64_t establishment_id,
					 char (**out)[NAME_MAX_LEN + 1], size_t *n)
{
	struct query q;
	enum err e;

	q_init(&q, c, STMT_ESTAB_ADMIN_MAILS);
	q_int(&q, establishment_id);
	*out = q_collect(&q, sizeof(**out), mail_read, n, &e);
	return e;
}

/* ---- the LA's files ---- */

static void lafile_read(struct query *q, void *row)
{
	struct la_file *f = row;

	memset(f, 0, sizeof(*f));
	f->id = q_col_int(q, 0);
	f->la_id = q_col_int(q, 1);
	f->request_id = q_col_int(q, 2);
	q_col_text(q, 3, f->original_name, sizeof(f->original_name));
	q_col_text(q, 4, f->comment, sizeof(f->comment));
	f->size = q_col_int(q, 5);
	q_col_text(q, 6, f->sha256, sizeof(f->sha256));
	q_col_text(q, 7, f->sent_by, sizeof(f->sent_by));
	f->sent_at = q_col_int(q, 8);
}

static void lafile_object(char object[static 64], int64_t id)
{
	snprintf(object, 64, "la file %lld", (long long)id);
}

enum err store_la_file_add(struct store_conn *c, const struct actor *who, struct la_file *f,
			   const void *bytes, size_t len, const int64_t *targets, size_t ntargets,
			   struct errbuf *eb)
{
	struct audit_row ar;
	char object[64], detail[256];
	struct query q;
	struct tx t;
	enum err e;

	if (len > RECEIVED_FILE_MAX)
		return errbuf_set(eb, ERR_TOO_BIG,
				  "the file is %zu bytes: the limit is %d bytes (3 MiB)", len,
				  RECEIVED_FILE_MAX);
	if (!len)
		return errbuf_set(eb, ERR_INVALID, "the file is empty: choose the file again");
	if (!ntargets)
		return errbuf_set(eb, ERR_INVALID, "choose at least one school");
	f->size = (int64_t)len;
	text_copy(f->sent_by, sizeof(f->sent_by), who && who->name ? who->name : "system");
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	q_init(&q, c, STMT_LAFILE_INSERT);
	q_int(&q, f->la_id);
	q_int(&q, f->request_id);
	q_text(&q, f->original_name);
	q_text(&q, f->comment);
	q_int(&q, f->size);
	q_text(&q, f->sha256);
	q_blob(&q, bytes, len);
	q_text(&q, f->sent_by);
	q_int(&q, f->sent_at);
	e = q_insert(&q, &f->id, eb);
	if (e == ERR_INVALID)
		errbuf_set(eb, e, "the file could not be stored: check its name");
	for (size_t i = 0; !e && i < ntargets; i++) {
		q_init(&q, c, STMT_LAFILE_TARGET_ADD);
		q_int(&q, f->id);
		q_int(&q, targets[i]);
		e = q_run(&q, eb);
		if (e == ERR_INVALID)
			errbuf_set(eb, e, "a target school does not exist");
	}
	if (e)
		goto out;
	lafile_object(object, f->id);
	memset(&ar, 0, sizeof(ar));
	ar.action = "lafile.send";
	ar.object = object;
	ar.la_id = f->la_id;
	snprintf(detail, sizeof(detail), "%s to %zu school%s", f->original_name, ntargets,
		 ntargets == 1 ? "" : "s");
	e = audit_write(c, who, &ar, "", "", detail, eb);
out:
	return tx_leave(c, &t, e, eb);
}

static enum err lafile_list(struct query *q, struct la_file **out, size_t *n)
{
	enum err e;

	*out = q_collect(q, sizeof(**out), lafile_read, n, &e);
	return e;
}

enum err store_la_file_list_la(struct store_conn *c, int64_t la_id, int64_t request_id,
			       struct la_file **out, size_t *n)
{
	struct query q;

	q_init(&q, c, STMT_LAFILE_LIST_LA);
	q_int(&q, la_id);
	q_int(&q, request_id);
	q_int(&q, request_id);
	return lafile_list(&q, out, n);
}

enum err store_la_file_list_school(struct store_conn *c, int64_t establishment_id,
				   struct la_file **out, size_t *n)
{
	struct query q;

	q_init(&q, c, STMT_LAFILE_LIST_SCHOOL);
	q_int(&q, establishment_id);
	return lafile_list(&q, out, n);
}

enum err store_la_file_get(struct store_conn *c, int64_t id, struct la_file *out)
{
	memset(out, 0, sizeof(*out));
	return q_one_by_id(c, STMT_LAFILE_GET, id, lafile_read, out);
}

enum err store_la_file_content(struct store_conn *c, int64_t id, char **out, size_t *len)
{
	return q_blob_by_id(c, STMT_LAFILE_CONTENT, id, RECEIVED_FILE_MAX, out, len);
}

enum err store_la_file_target_count(struct store_conn *c, int64_t id, size_t *n)
{
	struct query q;
	int64_t v;
	enum err e;

	q_init(&q, c, STMT_LAFILE_TARGETS);
	q_int(&q, id);
	e = one_int(&q, &v, NULL);
	*n = v > 0 ? (size_t)v : 0;
	return e;
}

enum err store_la_file_is_target(struct store_conn *c, int64_t id, int64_t establishment_id,
				 bool *yes)
{
	struct query q;
	int64_t v;
	enum err e;

	q_init(&q, c, STMT_LAFILE_IS_TARGET);
	q_int(&q, id);
	q_int(&q, establishment_id);
	e = one_int(&q, &v, NULL);
	*yes = v > 0;
	return e;
}

enum err store_la_file_downloaded(struct store_conn *c, const struct actor *who,
				  const struct la_file *f, int64_t establishment_id,
				  struct errbuf *eb)
{
	struct audit_row ar;
	char object[64];

	lafile_object(object, f->id);
	memset(&ar, 0, sizeof(ar));
	ar.action = "lafile.download";
	ar.object = object;
	ar.establishment_id = establishment_id;
	return audit_write(c, who, &ar, "", "", f->original_name, eb);
}

enum err store_request_history(struct store_conn *c, int64_t request_id, int limit,
			       struct audit_entry **out, size_t *n)
{
	char object[64], unlock[64] = "", ay[ACADEMIC_YEAR_LABEL_MAX];
	struct file_request r;
	enum collection coll;
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	e = store_file_request_get(c, request_id, &r);
	if (e)
		return e;
	/* the object statutory.unlock is audited under (store_statutory.c) */
	if (collection_parse(r.collection, &coll))
		snprintf(unlock, sizeof(unlock), "%s %s", collection_code(coll),
			 academic_year_label(r.academic_year, ay));
	freq_object(object, request_id);
	q_init(&q, c, STMT_REQUEST_HISTORY);
	q_text(&q, object);
	q_int(&q, request_id);
	q_int(&q, request_id);
	q_text(&q, unlock);
	q_int(&q, request_id);
	q_int(&q, limit > 0 ? limit : 1000);
	*out = q_collect(&q, sizeof(**out), audit_read, n, &e);
	return e;
}
