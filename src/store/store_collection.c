/*
 * store_collection: the LA collection (issue 7): file requests with their target
 * schools, the files schools send back with their problems, and the supersede
 * rule (a later successful file overwrites the earlier one). Every change is
 * audited in the same transaction. Statuses are worked out in app/collection.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/backend.h"

static void freq_read(struct query *q, void *row)
{
	struct file_request *r = row;

	char state[16];

	memset(r, 0, sizeof(*r));
	r->id = q_col_int(q, 0);
	r->la_id = q_col_int(q, 1);
	q_col_text(q, 2, r->name, sizeof(r->name));
	q_col_text(q, 3, r->collection, sizeof(r->collection));
	q_col_text(q, 4, r->file_kinds, sizeof(r->file_kinds));
	r->academic_year = (int)q_col_int(q, 5);
	q_col_text(q, 6, r->description, sizeof(r->description));
	r->deadline = q_col_int(q, 7);
	q_col_text(q, 8, state, sizeof(state));
	r->closed = strcmp(state, "closed") == 0;
	r->all_schools = q_col_bool(q, 9);
	q_col_text(q, 10, r->created_by, sizeof(r->created_by));
	r->created_at = q_col_int(q, 11);
}

static void rfile_read(struct query *q, void *row)
{
	struct received_file *f = row;

	memset(f, 0, sizeof(*f));
	f->id = q_col_int(q, 0);
	f->request_id = q_col_int(q, 1);
	f->establishment_id = q_col_int(q, 2);
	f->sender_user_id = q_col_int(q, 3);
	q_col_text(q, 4, f->sender, sizeof(f->sender));
	q_col_text(q, 5, f->comment, sizeof(f->comment));
	q_col_text(q, 6, f->original_name, sizeof(f->original_name));
	f->size = q_col_int(q, 7);
	q_col_text(q, 8, f->sha256, sizeof(f->sha256));
	q_col_text(q, 9, f->kind, sizeof(f->kind));
	q_col_text(q, 10, f->status, sizeof(f->status));
	f->problem_count = q_col_int(q, 11);
	f->received_at = q_col_int(q, 12);
}

void freq_object(char object[static 64], int64_t id)
{
	snprintf(object, 64, "file request %lld", (long long)id);
}

static enum err targets_put(struct store_conn *c, int64_t request_id, const int64_t *targets,
			    size_t n, struct errbuf *eb)
{
	struct query q;
	enum err e;

	q_init(&q, c, STMT_TARGET_CLEAR);
	q_int(&q, request_id);
	e = q_run(&q, eb);
	for (size_t i = 0; !e && i < n; i++) {
		bool seen = false;
		/* the same school named twice is one target (a failed INSERT would
		 * spoil the transaction) */
		for (size_t j = 0; !seen && j < i; j++)
			seen = targets[j] == targets[i];
		if (seen)
			continue;
		q_init(&q, c, STMT_TARGET_ADD);
		q_int(&q, request_id);
		q_int(&q, targets[i]);
		e = q_run(&q, eb);
		if (e == ERR_INVALID)
			errbuf_set(eb, e, "a target school does not exist");
	}
	return e;
}

static bool freq_fits(const struct file_request *r)
{
	return r->name[0] && strlen(r->name) <= FREQ_NAME_MAX && r->collection[0];
}

enum err store_file_request_add(struct store_conn *c, const struct actor *who,
				struct file_request *r, const int64_t *targets, size_t ntargets,
				struct errbuf *eb)
{
	struct audit_row ar;
	char object[64], count[32];
	struct query q;
	struct tx t;
	enum err e;

	if (!freq_fits(r))
		return errbuf_set(eb, ERR_INVALID, "the request needs a name and a collection");
	text_copy(r->created_by, sizeof(r->created_by), who && who->name ? who->name : "system");
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	q_init(&q, c, STMT_FREQ_INSERT);
	q_int(&q, r->la_id);
	q_text(&q, r->name);
	q_text(&q, r->collection);
	q_text(&q, r->file_kinds);
	q_int(&q, r->academic_year);
	q_text(&q, r->description);
	q_int(&q, r->deadline);
	q_int(&q, r->all_schools);
	q_text(&q, r->created_by);
	q_int(&q, r->created_at);
	e = q_insert(&q, &r->id, eb);
	if (e == ERR_INVALID)
		errbuf_set(eb, e, "the request is not one that can be stored");
	if (e)
		goto out;
	r->closed = false;
	e = targets_put(c, r->id, targets, ntargets, eb);
	if (e)
		goto out;
	freq_object(object, r->id);
	snprintf(count, sizeof(count), "%zu schools", ntargets);
	memset(&ar, 0, sizeof(ar));
	ar.action = "request.add";
	ar.object = object;
	ar.la_id = r->la_id;
	e = audit_write(c, who, &ar, "", "", r->name, eb);
	if (!e)
		e = audit_write(c, who, &ar, "targets", "", count, eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_file_request_get(struct store_conn *c, int64_t id, struct file_request *out)
{
	memset(out, 0, sizeof(*out));
	return q_one_by_id(c, STMT_FREQ_GET, id, freq_read, out);
}

enum err store_file_request_update(struct store_conn *c, const struct actor *who,
				   const struct file_request *r, const int64_t *targets,
				   size_t ntargets, struct errbuf *eb)
{
	struct file_request old;
	struct audit_row ar;
	char object[64], count[32], oldcount[32];
	struct establishment *list = NULL;
	size_t nold = 0;
	struct query q;
	struct tx t;
	enum err e;

	if (!freq_fits(r))
		return errbuf_set(eb, ERR_INVALID, "the request needs a name and a collection");
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	e = store_file_request_get(c, r->id, &old);
	if (e == ERR_NOT_FOUND)
		errbuf_set(eb, e, "there is no such request");
	if (!e)
		e = store_request_targets(c, r->id, &list, &nold);
	if (e)
		goto out;
	q_init(&q, c, STMT_FREQ_UPDATE);
	q_text(&q, r->name);
	q_text(&q, r->collection);
	q_text(&q, r->file_kinds);
	q_int(&q, r->academic_year);
	q_text(&q, r->description);
	q_int(&q, r->deadline);
	q_int(&q, r->all_schools);
	q_int(&q, r->id);
	e = q_run(&q, eb);
	if (!e)
		e = targets_put(c, r->id, targets, ntargets, eb);
	if (e)
		goto out;
	freq_object(object, r->id);
	memset(&ar, 0, sizeof(ar));
	ar.action = "request.update";
	ar.object = object;
	ar.la_id = old.la_id;
	snprintf(oldcount, sizeof(oldcount), "%zu schools", nold);
	snprintf(count, sizeof(count), "%zu schools", ntargets);
	e = audit_diff_text(c, who, &ar, e, "name", old.name, r->name, eb);
	e = audit_diff_text(c, who, &ar, e, "collection", old.collection, r->collection, eb);
	e = audit_diff_text(c, who, &ar, e, "file_kinds", old.file_kinds, r->file_kinds, eb);
	e = audit_diff_int(c, who, &ar, e, "academic_year", old.academic_year, r->academic_year,
			   eb);
	e = audit_diff_text(c, who, &ar, e, "description", old.description, r->description, eb);
	e = audit_diff_int(c, who, &ar, e, "deadline", old.deadline, r->deadline, eb);
	e = audit_diff_text(c, who, &ar, e, "targets", oldcount, count, eb);
out:
	free(list);
	return tx_leave(c, &t, e, eb);
}

enum err store_file_request_set_closed(struct store_conn *c, const struct actor *who, int64_t id,
				       bool closed, struct errbuf *eb)
{
	struct file_request old;
	struct audit_row ar;
	char object[64];
	struct query q;
	struct tx t;
	enum err e;

	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	e = store_file_request_get(c, id, &old);
	if (e == ERR_NOT_FOUND)
		errbuf_set(eb, e, "there is no such request");
	if (e || old.closed == closed)
		goto out;
	q_init(&q, c, STMT_FREQ_STATE);
	q_text(&q, closed ? "closed" : "open");
	q_int(&q, id);
	e = q_run(&q, eb);
	if (e)
		goto out;
	freq_object(object, id);
	memset(&ar, 0, sizeof(ar));
	ar.action = closed ? "request.close" : "request.reopen";
	ar.object = object;
	ar.la_id = old.la_id;
	e = audit_write(c, who, &ar, "state", closed ? "open" : "closed",
			closed ? "closed" : "open", eb);
out:
	return tx_leave(c, &t, e, eb);
}

static enum err freq_list(struct query *q, struct file_request **out, size_t *n)
{
	enum err e;

	*out = q_collect(q, sizeof(**out), freq_read, n, &e);
	return e;
}

enum err store_file_request_list_la(struct store_conn *c, int64_t la_id, struct file_request **out,
				    size_t *n)
{
	struct query q;

	q_init(&q, c, STMT_FREQ_LIST_LA);
	q_int(&q, la_id);
	return freq_list(&q, out, n);
}

enum err store_file_request_list_school(struct store_conn *c, int64_t establishment_id,
					bool open_only, struct file_request **out, size_t *n)
{
	struct query q;

	q_init(&q, c, STMT_FREQ_LIST_SCHOOL);
	q_int(&q, establishment_id);
	q_int(&q, open_only ? 1 : 0);
	return freq_list(&q, out, n);
}

enum err store_request_targets(struct store_conn *c, int64_t request_id, struct establishment **out,
			       size_t *n)
{
	struct query q;
	enum err e;

	q_init(&q, c, STMT_TARGET_LIST);
	q_int(&q, request_id);
	*out = q_collect(&q, sizeof(**out), est_read, n, &e);
	return e;
}

enum err store_request_is_target(struct store_conn *c, int64_t request_id, int64_t establishment_id,
				 bool *yes)
{
	struct query q;
	enum err e;

	*yes = false;
	q_init(&q, c, STMT_TARGET_HAS);
	q_int(&q, request_id);
	q_int(&q, establishment_id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	if (q_row(&q))
		*yes = q_col_int(&q, 0) > 0;
	return q_end(&q);
}

static bool status_counts(const char *status)
{
	return strcmp(status, "successful") == 0 || strcmp(status, "successful-with-queries") == 0;
}

enum err store_received_file_add(struct store_conn *c, const struct actor *who,
				 struct received_file *f, const void *bytes, size_t len,
				 const struct problem_list *problems, struct errbuf *eb)
{
	int64_t superseded[64];
	size_t nsup = 0;
	struct audit_row ar;
	char object[64], detail[256];
	struct query q;
	struct tx t;
	enum err e;

	if (len > RECEIVED_FILE_MAX)
		return errbuf_set(eb, ERR_TOO_BIG,
				  "the file is %zu bytes: the limit is %d bytes (3 MiB)", len,
				  RECEIVED_FILE_MAX);
	f->size = (int64_t)len;
	if (!f->sender[0])
		text_copy(f->sender, sizeof(f->sender), who && who->name ? who->name : "system");
	f->problem_count = problems ? (int64_t)problems->count : 0;
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	q_init(&q, c, STMT_RFILE_INSERT);
	q_int(&q, f->request_id);
	q_int(&q, f->establishment_id);
	q_int(&q, f->sender_user_id);
	q_text(&q, f->sender);
	q_text(&q, f->comment);
	q_text(&q, f->original_name);
	q_int(&q, f->size);
	q_text(&q, f->sha256);
	q_text(&q, f->kind);
	q_text(&q, f->status);
	q_int(&q, f->problem_count);
	q_blob(&q, bytes, len);
	q_int(&q, f->received_at);
	e = q_insert(&q, &f->id, eb);
	if (e == ERR_INVALID)
		errbuf_set(eb, e,
			   "the file could not be recorded: its request or school is unknown");
	for (size_t i = 0; !e && problems && i < problems->count; i++) {
		const struct problem *p = &problems->items[i];
		q_init(&q, c, STMT_RPROB_INSERT);
		q_int(&q, f->id);
		q_text(&q, p->location);
		q_text(&q, problem_severity_name(p->severity));
		q_text(&q, p->code);
		q_text(&q, p->message);
		e = q_run(&q, eb);
	}
	if (!e && status_counts(f->status)) {
		q_init(&q, c, STMT_RFILE_SUPERSEDE);
		q_int(&q, f->request_id);
		q_int(&q, f->establishment_id);
		q_int(&q, f->id);
		e = q_exec(&q, eb);
		if (!e) {
			/* at most one successful file stands at a time, so one row */
			while (q_row(&q))
				if (nsup < ARRAY_SIZE(superseded))
					superseded[nsup++] = q_col_int(&q, 0);
			e = q_end(&q);
		}
	}
	if (e)
		goto out;
	memset(&ar, 0, sizeof(ar));
	ar.establishment_id = f->establishment_id;
	ar.action = "file.receive";
	snprintf(object, sizeof(object), "received file %lld", (long long)f->id);
	ar.object = object;
	snprintf(detail, sizeof(detail), "request %lld: %s, %s, %lld problems",
		 (long long)f->request_id, f->original_name, f->status,
		 (long long)f->problem_count);
	e = audit_write(c, who, &ar, "status", "", detail, eb);
	for (size_t i = 0; !e && i < nsup; i++) {
		snprintf(object, sizeof(object), "received file %lld", (long long)superseded[i]);
		snprintf(detail, sizeof(detail), "overwritten by received file %lld",
			 (long long)f->id);
		ar.action = "file.overwrite";
		e = audit_write(c, who, &ar, "status", "successful", detail, eb);
	}
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_received_file_list(struct store_conn *c, int64_t request_id,
				  int64_t establishment_id, struct received_file **out, size_t *n)
{
	struct query q;
	enum err e;

	q_init(&q, c, STMT_RFILE_LIST);
	q_int(&q, request_id);
	q_int(&q, establishment_id);
	q_int(&q, establishment_id);
	*out = q_collect(&q, sizeof(**out), rfile_read, n, &e);
	return e;
}

enum err store_received_file_get(struct store_conn *c, int64_t id, struct received_file *out)
{
	memset(out, 0, sizeof(*out));
	return q_one_by_id(c, STMT_RFILE_GET, id, rfile_read, out);
}

enum err store_received_file_content(struct store_conn *c, int64_t id, char **out, size_t *len)
{
	return q_blob_by_id(c, STMT_RFILE_CONTENT, id, RECEIVED_FILE_MAX, out, len);
}

enum err store_received_problems(struct store_conn *c, int64_t file_id, struct problem_list *out)
{
	char loc[PROBLEM_LOC_MAX], sev[16], code[PROBLEM_CODE_MAX], msg[PROBLEM_MSG_MAX];
	struct query q;
	enum err e;

	q_init(&q, c, STMT_RPROB_LIST);
	q_int(&q, file_id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	while (q_row(&q)) {
		q_col_text(&q, 0, loc, sizeof(loc));
		q_col_text(&q, 1, sev, sizeof(sev));
		q_col_text(&q, 2, code, sizeof(code));
		q_col_text(&q, 3, msg, sizeof(msg));
		problem_list_add(out, strcmp(sev, "query") == 0 ? SEV_QUERY : SEV_ERROR, loc, code,
				 "%s", msg);
	}
	return q_end(&q);
}
