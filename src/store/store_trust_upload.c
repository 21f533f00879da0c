/*
 * store_trust_upload: MAT bulk upload (issue 7d): which received files a trust's
 * admin sent on a school's behalf (migration 014). The file itself is stored by
 * store_received_file_add; the caller joins both in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/backend.h"

enum err store_trust_upload_add(struct store_conn *c, const struct actor *who, int64_t file_id,
				int64_t establishment_id, int64_t trust_id, int64_t at,
				struct errbuf *eb)
{
	struct audit_row ar = { 0 };
	char object[64], detail[64];
	struct query q;
	struct tx t;
	enum err e = tx_enter(c, &t, eb);

	if (e)
		return e;
	q_init(&q, c, STMT_TUPLOAD_INSERT);
	q_int(&q, file_id);
	q_int(&q, trust_id);
	q_int(&q, at);
	e = q_run(&q, eb);
	if (!e) {
		ar.action = "file.trust_upload";
		snprintf(object, sizeof(object), "received file %lld", (long long)file_id);
		ar.object = object;
		ar.establishment_id = establishment_id;
		snprintf(detail, sizeof(detail), "trust %lld", (long long)trust_id);
		e = audit_write(c, who, &ar, "uploaded_by", "", detail, eb);
	}
	return tx_leave(c, &t, e, eb);
}

enum err store_trust_upload_of(struct store_conn *c, int64_t file_id, int64_t *trust_id)
{
	struct query q;
	enum err e;

	*trust_id = 0;
	q_init(&q, c, STMT_TUPLOAD_GET);
	q_int(&q, file_id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	if (q_row(&q))
		*trust_id = q_col_int(&q, 0);
	return q_end(&q);
}

enum err store_trust_upload_list(struct store_conn *c, int64_t trust_id, struct trust_upload **out,
				 size_t *n)
{
	struct trust_upload *list = NULL;
	size_t len = 0, cap = 0;
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	q_init(&q, c, STMT_TUPLOAD_LIST);
	q_int(&q, trust_id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	while (q_row(&q)) {
		struct trust_upload *u;
		list = list_push(list, &len, &cap, sizeof(*list));
		u = &list[len - 1];
		u->file_id = q_col_int(&q, 0);
		u->request_id = q_col_int(&q, 1);
		u->establishment_id = q_col_int(&q, 2);
		q_col_text(&q, 3, u->original_name, sizeof(u->original_name));
		q_col_text(&q, 4, u->status, sizeof(u->status));
		u->problem_count = q_col_int(&q, 5);
		u->received_at = q_col_int(&q, 6);
		q_col_text(&q, 7, u->sender, sizeof(u->sender));
		q_col_text(&q, 8, u->request_name, sizeof(u->request_name));
	}
	*out = q_end_list(&q, list, len, n, &e);
	return e;
}
