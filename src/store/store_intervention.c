/*
 * store_intervention: interventions recorded on a pupil (academic year, assessment
 * period, details). They hang off the pupil's id, so they follow the pupil when
 * it moves school. Every change is audited in the same transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/backend.h"

static void iv_read(struct query *q, void *row)
{
	struct intervention *iv = row;

	memset(iv, 0, sizeof(*iv));
	iv->id = q_col_int(q, 0);
	iv->pupil_id = q_col_int(q, 1);
	iv->academic_year = (int)q_col_int(q, 2);
	q_col_text(q, 3, iv->assessment, sizeof(iv->assessment));
	q_col_text(q, 4, iv->details, sizeof(iv->details));
	iv->created_at = q_col_int(q, 5);
}

static enum err iv_check(const struct intervention *iv, struct errbuf *eb)
{
	if (iv->academic_year < 2000 || iv->academic_year > 2100)
		return errbuf_set(eb, ERR_INVALID, "choose the academic year of the intervention");
	if (!iv->details[0])
		return errbuf_set(eb, ERR_INVALID, "describe the intervention under Details");
	return ERR_OK;
}

static void year_text(int y, char buf[static 16])
{
	snprintf(buf, 16, "%d/%02d", y, (y + 1) % 100);
}

enum err store_intervention_add(struct store_conn *c, const struct actor *who,
				int64_t establishment_id, struct intervention *iv,
				struct errbuf *eb)
{
	struct audit_row r = { .action = "intervention.add", .establishment_id = establishment_id };
	char object[48], value[NOTE_MAX_LEN + INTERVENTION_ASSESSMENT_MAX + 32], year[16];
	struct query q;
	struct tx t;
	enum err e;

	e = iv_check(iv, eb);
	if (e)
		return e;
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	q_init(&q, c, STMT_IV_INSERT);
	q_int(&q, iv->pupil_id);
	q_int(&q, iv->academic_year);
	q_text(&q, iv->assessment);
	q_text(&q, iv->details);
	e = q_insert(&q, &iv->id, eb);
	if (e == ERR_INVALID)
		errbuf_set(eb, e, "there is no pupil with id %lld", (long long)iv->pupil_id);
	if (e)
		goto out;
	snprintf(object, sizeof(object), "pupil %lld intervention %lld", (long long)iv->pupil_id,
		 (long long)iv->id);
	year_text(iv->academic_year, year);
	snprintf(value, sizeof(value), "%s %s: %s", year, iv->assessment, iv->details);
	r.object = object;
	e = audit_write(c, who, &r, "", "", value, eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_intervention_get(struct store_conn *c, int64_t id, struct intervention *out)
{
	return q_one_by_id(c, STMT_IV_GET, id, iv_read, out);
}

enum err store_intervention_update(struct store_conn *c, const struct actor *who,
				   int64_t establishment_id, const struct intervention *iv,
				   struct errbuf *eb)
{
	struct audit_row r = { .action = "intervention.update",
			       .establishment_id = establishment_id };
	struct intervention old;
	char object[48];
	struct query q;
	struct tx t;
	enum err e;

	e = iv_check(iv, eb);
	if (e)
		return e;
	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	e = store_intervention_get(c, iv->id, &old);
	if (e == ERR_NOT_FOUND)
		errbuf_set(eb, e, "that intervention has been deleted meanwhile");
	if (e)
		goto out;
	q_init(&q, c, STMT_IV_UPDATE);
	q_int(&q, iv->academic_year);
	q_text(&q, iv->assessment);
	q_text(&q, iv->details);
	q_int(&q, iv->id);
	e = q_run(&q, eb);
	if (e)
		goto out;
	snprintf(object, sizeof(object), "pupil %lld intervention %lld", (long long)old.pupil_id,
		 (long long)iv->id);
	r.object = object;
	e = audit_diff_int(c, who, &r, e, "academic_year", old.academic_year, iv->academic_year,
			   eb);
	e = audit_diff_text(c, who, &r, e, "assessment", old.assessment, iv->assessment, eb);
	e = audit_diff_text(c, who, &r, e, "details", old.details, iv->details, eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_intervention_delete(struct store_conn *c, const struct actor *who,
				   int64_t establishment_id, int64_t id, struct errbuf *eb)
{
	struct audit_row r = { .action = "intervention.delete",
			       .establishment_id = establishment_id };
	struct intervention old;
	char object[48], value[NOTE_MAX_LEN + INTERVENTION_ASSESSMENT_MAX + 32], year[16];
	struct query q;
	struct tx t;
	enum err e;

	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	e = store_intervention_get(c, id, &old);
	if (e == ERR_NOT_FOUND)
		errbuf_set(eb, e, "that intervention has been deleted already");
	if (e)
		goto out;
	q_init(&q, c, STMT_IV_DELETE);
	q_int(&q, id);
	e = q_run(&q, eb);
	if (e)
		goto out;
	snprintf(object, sizeof(object), "pupil %lld intervention %lld", (long long)old.pupil_id,
		 (long long)id);
	year_text(old.academic_year, year);
	snprintf(value, sizeof(value), "%s %s: %s", year, old.assessment, old.details);
	r.object = object;
	e = audit_write(c, who, &r, "", value, "", eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_intervention_list(struct store_conn *c, int64_t pupil_id, struct intervention **out,
				 size_t *n)
{
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	q_init(&q, c, STMT_IV_LIST);
	q_int(&q, pupil_id);
	*out = q_collect(&q, sizeof(**out), iv_read, n, &e);
	return e;
}
