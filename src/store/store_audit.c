/*
 * store_audit: the append-only audit trail. audit_write() is what the other entity
 * files call inside their transactions, store_audit_batch_* what the imports use
 * to write a batch's rows in one statement; store_audit_add/list are the public
 * doors. The schema itself refuses UPDATE and DELETE on the table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/backend.h"
#include "store/json_batch.h"

static enum err audit_insert(struct store_conn *c, const struct audit_entry *a, struct errbuf *eb)
{
	struct query q;

	q_init(&q, c, STMT_AUDIT_INSERT);
	q_int(&q, a->at);
	q_int(&q, a->user_id);
	q_text(&q, a->actor);
	q_text(&q, a->ip);
	q_int(&q, a->establishment_id);
	q_int(&q, a->la_id);
	q_int(&q, a->la_id);
	q_int(&q, a->establishment_id);
	q_text(&q, a->action);
	q_text(&q, a->object);
	q_text(&q, a->field);
	q_text(&q, a->old_value);
	q_text(&q, a->new_value);
	return q_run(&q, eb);
}

/* A row's actor: who, or "system" (NULL), its name and address cut to fit. */
static void audit_who(struct audit_entry *a, const struct actor *who)
{
	a->user_id = who ? who->user_id : 0;
	text_copy(a->actor, sizeof(a->actor), who && who->name ? who->name : "system");
	text_copy(a->ip, sizeof(a->ip), who && who->ip ? who->ip : "");
}

/* A row's texts, each cut to its column (never inside a UTF-8 character). */
static void audit_texts(struct audit_entry *a, const char *action, const char *object,
			const char *field, const char *old_value, const char *new_value)
{
	text_copy(a->action, sizeof(a->action), action);
	text_copy(a->object, sizeof(a->object), object);
	text_copy(a->field, sizeof(a->field), field);
	text_copy(a->old_value, sizeof(a->old_value), old_value);
	text_copy(a->new_value, sizeof(a->new_value), new_value);
}

enum err audit_write(struct store_conn *c, const struct actor *who, const struct audit_row *r,
		     const char *field, const char *old_value, const char *new_value,
		     struct errbuf *eb)
{
	struct audit_entry a;

	memset(&a, 0, sizeof(a));
	audit_who(&a, who);
	a.establishment_id = r->establishment_id;
	a.la_id = r->la_id;
	audit_texts(&a, r->action, r->object, field, old_value, new_value);
	return audit_insert(c, &a, eb);
}

void store_audit_batch_init(struct store_audit_batch *b, const struct actor *who,
			    int64_t establishment_id)
{
	memset(b, 0, sizeof(*b));
	b->who = who;
	b->establishment_id = establishment_id;
	strbuf_init(&b->rows, 0);
}

void store_audit_batch_add(struct store_audit_batch *b, const char *action, const char *object,
			   const char *field, const char *old_value, const char *new_value)
{
	struct audit_entry a;
	/* a row of STMT_AUDIT_MANY: [action, object, field, old value, new value] */
	const char *const v[] = { a.action, a.object, a.field, a.old_value, a.new_value };

	audit_texts(&a, action, object, field, old_value, new_value);
	json_batch_row(&b->rows);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		strbuf_addc(&b->rows, i ? ',' : '[');
		json_batch_str(&b->rows, v[i]);
	}
	strbuf_addc(&b->rows, ']');
	b->n++;
}

enum err store_audit_batch_flush(struct store_conn *c, struct store_audit_batch *b,
				 struct errbuf *eb)
{
	struct audit_entry a;
	struct query q;
	enum err e;

	if (!b->n)
		return ERR_OK;
	audit_who(&a, b->who);
	q_init(&q, c, STMT_AUDIT_MANY);
	q_int(&q, a.user_id);
	q_text(&q, a.actor);
	q_text(&q, a.ip);
	q_int(&q, b->establishment_id);
	q_int(&q, b->establishment_id);
	q_text(&q, json_batch_end(&b->rows));
	e = q_run(&q, eb);
	strbuf_reset(&b->rows);
	b->n = 0;
	return e;
}

void store_audit_batch_release(struct store_audit_batch *b)
{
	strbuf_release(&b->rows);
	b->n = 0;
}

enum err audit_diff_text(struct store_conn *c, const struct actor *who, const struct audit_row *r,
			 enum err e, const char *field, const char *old_value,
			 const char *new_value, struct errbuf *eb)
{
	if (e || strcmp(old_value, new_value) == 0)
		return e;
	return audit_write(c, who, r, field, old_value, new_value, eb);
}

enum err audit_diff_int(struct store_conn *c, const struct actor *who, const struct audit_row *r,
			enum err e, const char *field, int64_t old_value, int64_t new_value,
			struct errbuf *eb)
{
	char o[24], n[24];

	if (e || old_value == new_value)
		return e;
	snprintf(o, sizeof(o), "%lld", (long long)old_value);
	snprintf(n, sizeof(n), "%lld", (long long)new_value);
	return audit_write(c, who, r, field, o, n, eb);
}

enum err store_audit_add(struct store_conn *c, const struct audit_entry *e)
{
	return audit_insert(c, e, NULL);
}

enum err store_audit_list(struct store_conn *c, const struct audit_query *aq,
			  struct audit_entry **out, size_t *n)
{
	struct audit_entry *list = NULL, *a;
	size_t len = 0, cap = 0;
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	q_init(&q, c, STMT_AUDIT_LIST);
	q_int(&q, aq->establishment_id);
	q_int(&q, aq->establishment_id);
	q_int(&q, aq->la_id);
	q_int(&q, aq->la_id);
	q_text(&q, aq->actor);
	q_text(&q, aq->actor);
	q_text(&q, aq->action);
	q_text(&q, aq->action);
	q_text(&q, aq->action);
	q_int(&q, aq->since);
	q_int(&q, aq->since);
	q_int(&q, aq->until);
	q_int(&q, aq->until);
	q_int(&q, aq->limit > 0 ? aq->limit : 500);
	e = q_exec(&q, NULL);
	if (e)
		goto out;
	while (q_row(&q)) {
		list = list_push(list, &len, &cap, sizeof(*list));
		a = &list[len - 1];
		a->id = q_col_int(&q, 0);
		a->at = q_col_int(&q, 1);
		a->user_id = q_col_int(&q, 2);
		q_col_text(&q, 3, a->actor, sizeof(a->actor));
		q_col_text(&q, 4, a->ip, sizeof(a->ip));
		a->establishment_id = q_col_int(&q, 5);
		a->la_id = q_col_int(&q, 6);
		q_col_text(&q, 7, a->action, sizeof(a->action));
		q_col_text(&q, 8, a->object, sizeof(a->object));
		q_col_text(&q, 9, a->field, sizeof(a->field));
		q_col_text(&q, 10, a->old_value, sizeof(a->old_value));
		q_col_text(&q, 11, a->new_value, sizeof(a->new_value));
	}
	*out = q_end_list(&q, list, len, n, &e);
	list = NULL;
out:
	free(list);
	return e;
}

/* ---- issue 3c: managing people, organisations, audit pages ---- */

void audit_read(struct query *q, void *row)
{
	struct audit_entry *a = row;

	memset(a, 0, sizeof(*a));
	a->id = q_col_int(q, 0);
	a->at = q_col_int(q, 1);
	a->user_id = q_col_int(q, 2);
	q_col_text(q, 3, a->actor, sizeof(a->actor));
	q_col_text(q, 4, a->ip, sizeof(a->ip));
	a->establishment_id = q_col_int(q, 5);
	a->la_id = q_col_int(q, 6);
	q_col_text(q, 7, a->action, sizeof(a->action));
	q_col_text(q, 8, a->object, sizeof(a->object));
	q_col_text(q, 9, a->field, sizeof(a->field));
	q_col_text(q, 10, a->old_value, sizeof(a->old_value));
	q_col_text(q, 11, a->new_value, sizeof(a->new_value));
}

enum err store_audit_page(struct store_conn *c, const struct audit_query *aq, int offset,
			  struct audit_entry **out, size_t *n)
{
	char actor[USERNAME_MAX + 2];
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	if (aq->actor)
		text_lower(actor, sizeof(actor), aq->actor);
	q_init(&q, c, STMT_AUDIT_PAGE);
	q_int(&q, aq->establishment_id);
	q_int(&q, aq->establishment_id);
	q_int(&q, aq->la_id);
	q_int(&q, aq->la_id);
	q_text(&q, aq->actor ? actor : NULL);
	q_text(&q, aq->actor ? actor : NULL);
	q_text(&q, aq->action);
	q_text(&q, aq->action);
	q_text(&q, aq->action);
	q_int(&q, aq->since);
	q_int(&q, aq->since);
	q_int(&q, aq->until);
	q_int(&q, aq->until);
	q_int(&q, aq->limit > 0 ? aq->limit : 500);
	q_int(&q, offset > 0 ? offset : 0);
	*out = q_collect(&q, sizeof(**out), audit_read, n, &e);
	return e;
}
