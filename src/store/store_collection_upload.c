/*
 * store_collection_upload: the school's recall and delete of files it sent
 * (issue 7b; migration 012). A file the LA has received (file_receipt, issue
 * 7c) is never taken back: the DELETE itself checks it, inside the
 * transaction. Audited with the request as the object, so the change is in the
 * request's history.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/backend.h"

enum err store_received_file_withdraw(struct store_conn *c, const struct actor *who,
				      const struct received_file *f, bool recall, int64_t at,
				      struct errbuf *eb)
{
	struct audit_row ar;
	char object[64], detail[RFILE_NAME_MAX + 96];
	bool gone = false;
	struct query q;
	struct tx t;
	enum err e;

	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	q_init(&q, c, STMT_RPROB_DELETE_FILE);
	q_int(&q, f->id);
	e = q_run(&q, eb);
	if (!e) {
		q_init(&q, c, STMT_RFILE_DELETE_UNRECEIVED);
		q_int(&q, f->id);
		q_int(&q, f->id);
		e = q_exec(&q, eb);
		if (!e) {
			while (q_row(&q))
				gone = true;
			e = q_end(&q);
		}
	}
	if (!e && !gone)
		e = errbuf_set(eb, ERR_CONFLICT,
			       "The local authority has received %s already: it can no longer "
			       "be taken back. Ask the LA if it must not be used.",
			       f->original_name);
	if (!e && recall) {
		q_init(&q, c, STMT_RECALLED_INSERT);
		q_int(&q, f->id);
		q_int(&q, f->request_id);
		q_int(&q, f->establishment_id);
		q_text(&q, f->original_name);
		q_text(&q, f->kind);
		q_text(&q, f->status);
		q_text(&q, f->sender);
		q_int(&q, f->received_at);
		q_text(&q, who && who->name ? who->name : "system");
		q_int(&q, at);
		e = q_run(&q, eb);
	}
	if (e)
		goto out;
	memset(&ar, 0, sizeof(ar));
	ar.establishment_id = f->establishment_id;
	ar.action = recall ? "file.recall" : "file.delete";
	snprintf(object, sizeof(object), "file request %lld", (long long)f->request_id);
	ar.object = object;
	snprintf(detail, sizeof(detail), "received file %lld: %s, %s", (long long)f->id,
		 f->original_name, f->status);
	e = audit_write(c, who, &ar, "file", detail, recall ? "recalled" : "deleted", eb);
	/* issue 7e: the return taken back, the file it overwrote is the return again */
	if (!e && (strcmp(f->status, "successful") == 0 ||
		   strcmp(f->status, "successful-with-queries") == 0)) {
		int64_t back = 0;

		q_init(&q, c, STMT_RFILE_RESTORE);
		q_int(&q, f->request_id);
		q_int(&q, f->establishment_id);
		e = q_exec(&q, eb);
		if (!e) {
			while (q_row(&q))
				back = q_col_int(&q, 0);
			e = q_end(&q);
		}
		if (!e && back) {
			memset(&ar, 0, sizeof(ar));
			ar.establishment_id = f->establishment_id;
			ar.action = "file.restore";
			ar.object = object;
			snprintf(detail, sizeof(detail), "received file %lld: overwritten",
				 (long long)back);
			e = audit_write(c, who, &ar, "file", detail, "the return again", eb);
		}
	}
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_recalled_file_list(struct store_conn *c, int64_t request_id,
				  int64_t establishment_id, struct recalled_file **out, size_t *n)
{
	struct recalled_file *list = NULL, *r;
	size_t len = 0, cap = 0;
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	q_init(&q, c, STMT_RECALLED_LIST);
	q_int(&q, request_id);
	q_int(&q, establishment_id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	while (q_row(&q)) {
		list = list_push(list, &len, &cap, sizeof(*list));
		r = &list[len - 1];
		r->id = q_col_int(&q, 0);
		r->file_id = q_col_int(&q, 1);
		r->request_id = q_col_int(&q, 2);
		r->establishment_id = q_col_int(&q, 3);
		q_col_text(&q, 4, r->original_name, sizeof(r->original_name));
		q_col_text(&q, 5, r->kind, sizeof(r->kind));
		q_col_text(&q, 6, r->status, sizeof(r->status));
		q_col_text(&q, 7, r->sender, sizeof(r->sender));
		r->sent_at = q_col_int(&q, 8);
		q_col_text(&q, 9, r->recalled_by, sizeof(r->recalled_by));
		r->recalled_at = q_col_int(&q, 10);
	}
	*out = q_end_list(&q, list, len, n, &e);
	return e;
}
