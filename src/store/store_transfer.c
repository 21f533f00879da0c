/*
 * store_transfer: requests to move a pupil from one school to another. A school
 * that adds a UPN already on the tracker elsewhere asks for the pupil; the current
 * school (or the LA) confirms or refuses. Confirming changes the pupil's school:
 * everything keyed by the pupil (interventions, results, history) goes with it.
 * Both schools' audit trails record each step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/backend.h"

static const char *const status_names[TRANSFER__MAX] = { "pending", "confirmed", "refused" };

const char *transfer_status_name(enum transfer_status s)
{
	return (unsigned)s < TRANSFER__MAX ? status_names[s] : "pending";
}

static void tr_read(struct query *q, void *row)
{
	struct transfer *t = row;

	char status[16];
	int col = 0;

	memset(t, 0, sizeof(*t));
	t->id = q_col_int(q, col++);
	t->pupil_id = q_col_int(q, col++);
	t->from_establishment_id = q_col_int(q, col++);
	t->to_establishment_id = q_col_int(q, col++);
	q_col_text(q, col++, t->upn, sizeof(t->upn));
	q_col_text(q, col++, t->surname, sizeof(t->surname));
	q_col_text(q, col++, t->forenames, sizeof(t->forenames));
	q_col_text(q, col++, t->requested_by, sizeof(t->requested_by));
	t->requested_at = q_col_int(q, col++);
	q_col_text(q, col++, status, sizeof(status));
	for (int i = 0; i < TRANSFER__MAX; i++)
		if (strcmp(status, status_names[i]) == 0)
			t->status = (enum transfer_status)i;
	q_col_text(q, col++, t->decided_by, sizeof(t->decided_by));
	t->decided_at = q_col_int(q, col++);
}

/* The same event in both schools' audit trails. */
static enum err audit_both(struct store_conn *c, const struct actor *who, const char *action,
			   const struct transfer *t, const char *field, const char *old_value,
			   const char *new_value, struct errbuf *eb)
{
	char object[48];
	struct audit_row r = { .action = action, .object = object };
	enum err e;

	snprintf(object, sizeof(object), "pupil %lld transfer %lld", (long long)t->pupil_id,
		 (long long)t->id);
	r.establishment_id = t->from_establishment_id;
	e = audit_write(c, who, &r, field, old_value, new_value, eb);
	if (e)
		return e;
	r.establishment_id = t->to_establishment_id;
	return audit_write(c, who, &r, field, old_value, new_value, eb);
}

enum err store_transfer_add(struct store_conn *c, const struct actor *who, struct transfer *t,
			    struct errbuf *eb)
{
	char value[64];
	struct pupil p;
	struct query q;
	struct tx tx;
	enum err e;

	if (!t->upn[0] && store_pupil_get(c, t->pupil_id, &p) == ERR_OK)
		memcpy(t->upn, p.upn, sizeof(t->upn));
	if (t->from_establishment_id == t->to_establishment_id)
		return errbuf_set(eb, ERR_INVALID, "pupil %s is at this school already", t->upn);
	e = tx_enter(c, &tx, eb);
	if (e)
		return e;
	q_init(&q, c, STMT_TR_INSERT);
	q_int(&q, t->pupil_id);
	q_int(&q, t->from_establishment_id);
	q_int(&q, t->to_establishment_id);
	q_text(&q, who && who->name ? who->name : "system");
	e = q_insert(&q, &t->id, eb);
	if (e == ERR_CONFLICT)
		errbuf_set(eb, e,
			   "This school has asked for pupil %s already; the request is waiting "
			   "for the pupil's current school or the local authority to confirm it",
			   t->upn);
	if (e)
		goto out;
	e = store_transfer_get(c, t->id, t);
	if (e)
		goto out;
	snprintf(value, sizeof(value), "%lld -> %lld", (long long)t->from_establishment_id,
		 (long long)t->to_establishment_id);
	e = audit_both(c, who, "transfer.request", t, "establishment_id", "", value, eb);
out:
	return tx_leave(c, &tx, e, eb);
}

enum err store_transfer_get(struct store_conn *c, int64_t id, struct transfer *out)
{
	struct query q;
	bool found;
	enum err e;

	q_init(&q, c, STMT_TR_GET);
	q_int(&q, id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	found = q_row(&q);
	if (found)
		tr_read(&q, out);
	return q_end_found(&q, found);
}

enum err store_transfer_list(struct store_conn *c, int64_t establishment_id, struct transfer **out,
			     size_t *n)
{
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	q_init(&q, c, STMT_TR_LIST);
	q_int(&q, establishment_id);
	q_int(&q, establishment_id);
	*out = q_collect(&q, sizeof(**out), tr_read, n, &e);
	return e;
}

enum err store_transfer_decide(struct store_conn *c, const struct actor *who, int64_t id,
			       bool confirm, struct errbuf *eb)
{
	enum transfer_status to = confirm ? TRANSFER_CONFIRMED : TRANSFER_REFUSED;
	struct transfer t;
	struct pupil p;
	struct query q;
	struct tx tx;
	enum err e;

	e = tx_enter(c, &tx, eb);
	if (e)
		return e;
	e = store_transfer_get(c, id, &t);
	if (e == ERR_NOT_FOUND)
		errbuf_set(eb, e, "there is no transfer request %lld", (long long)id);
	if (e)
		goto out;
	if (t.status != TRANSFER_PENDING) {
		e = errbuf_set(eb, ERR_CONFLICT,
			       "the request for pupil %s was %s already by %s; nothing was changed",
			       t.upn, transfer_status_name(t.status), t.decided_by);
		goto out;
	}
	q_init(&q, c, STMT_TR_DECIDE);
	q_text(&q, transfer_status_name(to));
	q_text(&q, who && who->name ? who->name : "system");
	q_int(&q, id);
	e = q_exec(&q, eb);
	if (!e) {
		bool decided = q_row(&q);
		e = q_end(&q);
		if (!e && !decided)
			e = ERR_CONFLICT;
	}
	if (e == ERR_CONFLICT)
		errbuf_set(eb, ERR_CONFLICT,
			   "the request for pupil %s was decided by someone else meanwhile", t.upn);
	if (e)
		goto out;
	if (confirm) {
		e = store_pupil_get(c, t.pupil_id, &p);
		if (e)
			goto out;
		if (p.establishment_id != t.from_establishment_id) {
			e = errbuf_set(eb, ERR_CONFLICT,
				       "pupil %s has moved to another school since the request; "
				       "ask for the transfer again",
				       t.upn);
			goto out;
		}
		p.establishment_id = t.to_establishment_id;
		p.class_no = 0; /* class names belong to the old school */
		p.archived = false;
		e = store_pupil_update(c, who, &p, eb);
		if (e)
			goto out;
	}
	e = audit_both(c, who, confirm ? "transfer.confirm" : "transfer.refuse", &t, "status",
		       "pending", transfer_status_name(to), eb);
out:
	return tx_leave(c, &tx, e, eb);
}
