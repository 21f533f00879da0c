/*
 * store_meetings: discussion-area templates (seeded once per school from the
 * defaults of migration 009), Reception cohort progress meetings saved with all
 * their rows in one transaction, and the news items LA officers publish. Every
 * change is audited in the same transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/backend.h"
#include "store/store_meetings.h"

static const char *const section_names[] = { "question", "barrier", "targeted", "group" };
_Static_assert(ARRAY_SIZE(section_names) == MSEC__MAX, "a name per meeting section");

/* ISO text of d, "" for the zero date. */
static void date_text(struct date d, char buf[static 11])
{
	if (d.year == 0)
		buf[0] = '\0';
	else
		date_format_iso(d, buf);
}

static struct date date_col(struct query *q, int col)
{
	char buf[16];
	struct date d = { 0, 0, 0 };

	q_col_text(q, col, buf, sizeof(buf));
	if (buf[0] && !date_parse_iso(buf, &d))
		memset(&d, 0, sizeof(d));
	return d;
}

/* ---- discussion areas */

static void darea_read(struct query *q, void *row)
{
	struct discussion_area *d = row;

	memset(d, 0, sizeof(*d));
	d->id = q_col_int(q, 0);
	d->establishment_id = q_col_int(q, 1);
	q_col_text(q, 2, d->description, sizeof(d->description));
	d->sort_order = (int)q_col_int(q, 3);
	d->start = date_col(q, 4);
	d->end = date_col(q, 5);
}

enum err store_discussion_seed(struct store_conn *c, const struct actor *who,
			       int64_t establishment_id, struct errbuf *eb)
{
	struct audit_row r = { .action = "discussion.seed",
			       .object = "discussion areas",
			       .establishment_id = establishment_id };
	int64_t seeded = 0;
	struct query q;
	struct tx t;
	enum err e;

	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	q_init(&q, c, STMT_DAREA_SEEDED);
	q_int(&q, establishment_id);
	e = q_exec(&q, eb);
	if (e)
		goto out;
	if (q_row(&q))
		seeded = q_col_int(&q, 0);
	e = q_end(&q);
	if (e || seeded)
		goto out;
	q_init(&q, c, STMT_DAREA_SEED_MARK);
	q_int(&q, establishment_id);
	e = q_run(&q, eb);
	if (e)
		goto out;
	q_init(&q, c, STMT_DAREA_SEED_COPY);
	q_int(&q, establishment_id);
	e = q_run(&q, eb);
	if (e)
		goto out;
	e = audit_write(c, who, &r, "", "", "default questions", eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_discussion_seeded(struct store_conn *c, int64_t establishment_id, bool *yes)
{
	struct query q;
	enum err e;

	*yes = false;
	q_init(&q, c, STMT_DAREA_SEEDED);
	q_int(&q, establishment_id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	if (q_row(&q))
		*yes = q_col_int(&q, 0) > 0;
	return q_end(&q);
}

/* The rows of a template query (bound already) into *out. */
static enum err darea_rows(struct query *q, struct discussion_area **out, size_t *n)
{
	enum err e;

	*out = NULL;
	*n = 0;
	*out = q_collect(q, sizeof(**out), darea_read, n, &e);
	return e;
}

enum err store_discussion_defaults(struct store_conn *c, struct discussion_area **out, size_t *n)
{
	struct query q;

	q_init(&q, c, STMT_DAREA_DEFAULTS);
	return darea_rows(&q, out, n);
}

enum err store_discussion_list(struct store_conn *c, int64_t establishment_id,
			       struct discussion_area **out, size_t *n)
{
	struct query q;

	q_init(&q, c, STMT_DAREA_LIST);
	q_int(&q, establishment_id);
	return darea_rows(&q, out, n);
}

enum err store_discussion_get(struct store_conn *c, int64_t id, struct discussion_area *out)
{
	return q_one_by_id(c, STMT_DAREA_GET, id, darea_read, out);
}

/* "meeting 12": the audit's object for the row id of a kind. */
static void object_text(char buf[static 48], const char *kind, int64_t id)
{
	snprintf(buf, 48, "%s %lld", kind, (long long)id);
}

/* Runs the statements of stmts (n of them, each with id bound) and audits the
 * removal of r's object, whose value was old_value, in one transaction. */
static enum err delete_audited(struct store_conn *c, const struct actor *who,
			       const struct audit_row *r, const enum stmt_id *stmts, size_t n,
			       int64_t id, const char *old_value, struct errbuf *eb)
{
	struct query q;
	struct tx t;
	enum err e;

	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	for (size_t i = 0; !e && i < n; i++) {
		q_init(&q, c, stmts[i]);
		q_int(&q, id);
		e = q_run(&q, eb);
	}
	if (!e)
		e = audit_write(c, who, r, "", old_value, "", eb);
	return tx_leave(c, &t, e, eb);
}

enum err store_discussion_add(struct store_conn *c, const struct actor *who,
			      struct discussion_area *d, struct errbuf *eb)
{
	struct audit_row r = { .action = "discussion.add",
			       .establishment_id = d->establishment_id };
	char start[11], end[11], object[48];
	struct query q;
	struct tx t;
	enum err e;

	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	date_text(d->start, start);
	date_text(d->end, end);
	q_init(&q, c, STMT_DAREA_INSERT);
	q_int(&q, d->establishment_id);
	q_text(&q, d->description);
	q_int(&q, d->sort_order);
	q_text(&q, start);
	q_text(&q, end);
	e = q_insert(&q, &d->id, eb);
	if (e)
		goto out;
	object_text(object, "discussion area", d->id);
	r.object = object;
	e = audit_write(c, who, &r, "", "", d->description, eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_discussion_update(struct store_conn *c, const struct actor *who,
				 const struct discussion_area *d, struct errbuf *eb)
{
	struct audit_row r = { .action = "discussion.update",
			       .establishment_id = d->establishment_id };
	char start[11], end[11], ostart[11], oend[11], object[48];
	struct discussion_area old;
	struct query q;
	struct tx t;
	enum err e;

	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	e = store_discussion_get(c, d->id, &old);
	if (e == ERR_NOT_FOUND)
		errbuf_set(eb, e, "that discussion area has been deleted meanwhile");
	if (e)
		goto out;
	date_text(d->start, start);
	date_text(d->end, end);
	q_init(&q, c, STMT_DAREA_UPDATE);
	q_text(&q, d->description);
	q_int(&q, d->sort_order);
	q_text(&q, start);
	q_text(&q, end);
	q_int(&q, d->id);
	e = q_run(&q, eb);
	if (e)
		goto out;
	object_text(object, "discussion area", d->id);
	r.object = object;
	date_text(old.start, ostart);
	date_text(old.end, oend);
	e = audit_diff_text(c, who, &r, e, "description", old.description, d->description, eb);
	e = audit_diff_int(c, who, &r, e, "sort_order", old.sort_order, d->sort_order, eb);
	e = audit_diff_text(c, who, &r, e, "start_date", ostart, start, eb);
	e = audit_diff_text(c, who, &r, e, "end_date", oend, end, eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_discussion_delete(struct store_conn *c, const struct actor *who,
				 const struct discussion_area *d, struct errbuf *eb)
{
	static const enum stmt_id stmts[] = { STMT_DAREA_DELETE };
	struct audit_row r = { .action = "discussion.delete",
			       .establishment_id = d->establishment_id };
	char object[48];

	object_text(object, "discussion area", d->id);
	r.object = object;
	return delete_audited(c, who, &r, stmts, ARRAY_SIZE(stmts), d->id, d->description, eb);
}

/* ---- progress meetings */

static void meet_read(struct query *q, void *row)
{
	struct meeting *m = row;

	memset(m, 0, sizeof(*m));
	m->id = q_col_int(q, 0);
	m->establishment_id = q_col_int(q, 1);
	m->academic_year = (int)q_col_int(q, 2);
	m->class_no = (int)q_col_int(q, 3);
	q_col_text(q, 4, m->teacher, sizeof(m->teacher));
	m->date = date_col(q, 5);
	m->assessment_id = q_col_int(q, 6);
	m->created_at = q_col_int(q, 7);
}

/* "3 questions, 1 barriers, 0 targeted, 2 groups": what the audit records of rows. */
static void rows_summary(const struct meeting_row *rows, size_t n, char buf[static 96])
{
	int count[MSEC__MAX] = { 0 };

	for (size_t i = 0; i < n; i++)
		if ((unsigned)rows[i].section < MSEC__MAX)
			count[rows[i].section]++;
	snprintf(buf, 96, "%d questions, %d barriers, %d targeted, %d groups", count[MSEC_QUESTION],
		 count[MSEC_BARRIER], count[MSEC_TARGETED], count[MSEC_GROUP]);
}

static enum err rows_write(struct store_conn *c, int64_t meeting_id, const struct meeting_row *rows,
			   size_t n, struct errbuf *eb)
{
	struct query q;
	enum err e;

	q_init(&q, c, STMT_MROW_DELETE_ALL);
	q_int(&q, meeting_id);
	e = q_run(&q, eb);
	for (size_t i = 0; !e && i < n; i++) {
		const struct meeting_row *r = &rows[i];

		if ((unsigned)r->section >= MSEC__MAX)
			return errbuf_set(eb, ERR_INVALID, "row %zu has no section", i + 1);
		q_init(&q, c, STMT_MROW_INSERT);
		q_int(&q, meeting_id);
		q_text(&q, section_names[r->section]);
		q_int(&q, (int64_t)i + 1);
		q_ref(&q, r->pupil_id);
		q_text(&q, r->elg >= 0 && r->elg < ELG__MAX ? elg_get((enum elg)r->elg)->code : "");
		q_text(&q, r->title);
		q_text(&q, r->notes);
		q_text(&q, r->steps);
		e = q_run(&q, eb);
	}
	return e;
}

enum err store_meeting_save(struct store_conn *c, const struct actor *who, struct meeting *m,
			    const struct meeting_row *rows, size_t n, struct errbuf *eb)
{
	struct audit_row r = { .establishment_id = m->establishment_id };
	struct meeting_row *old_rows = NULL;
	char date[11], odate[11], object[48], sum[96], osum[96];
	char value[MEETING_TEACHER_MAX + 128];
	size_t nold = 0;
	struct meeting old;
	struct query q;
	struct tx t;
	enum err e;

	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	date_text(m->date, date);
	rows_summary(rows, n, sum);
	if (m->id == 0) {
		q_init(&q, c, STMT_MEET_INSERT);
		q_int(&q, m->establishment_id);
		q_int(&q, m->academic_year);
		q_int(&q, m->class_no);
		q_text(&q, m->teacher);
		q_text(&q, date);
		q_ref(&q, m->assessment_id);
		e = q_insert(&q, &m->id, eb);
		if (e)
			goto out;
		e = rows_write(c, m->id, rows, n, eb);
		if (e)
			goto out;
		object_text(object, "meeting", m->id);
		r.action = "meeting.add";
		r.object = object;
		snprintf(value, sizeof(value), "%s %s: %s", m->teacher, date, sum);
		e = audit_write(c, who, &r, "", "", value, eb);
		goto out;
	}
	e = store_meeting_get(c, m->id, &old);
	if (e == ERR_NOT_FOUND)
		errbuf_set(eb, e, "that meeting has been deleted meanwhile");
	if (e)
		goto out;
	e = store_meeting_rows(c, m->id, &old_rows, &nold);
	if (e)
		goto out;
	q_init(&q, c, STMT_MEET_UPDATE);
	q_int(&q, m->class_no);
	q_text(&q, m->teacher);
	q_text(&q, date);
	q_ref(&q, m->assessment_id);
	q_int(&q, m->id);
	e = q_run(&q, eb);
	if (!e)
		e = rows_write(c, m->id, rows, n, eb);
	if (e)
		goto out;
	object_text(object, "meeting", m->id);
	r.action = "meeting.update";
	r.object = object;
	date_text(old.date, odate);
	rows_summary(old_rows, nold, osum);
	e = audit_diff_int(c, who, &r, e, "class", old.class_no, m->class_no, eb);
	e = audit_diff_text(c, who, &r, e, "teacher", old.teacher, m->teacher, eb);
	e = audit_diff_text(c, who, &r, e, "date", odate, date, eb);
	e = audit_diff_int(c, who, &r, e, "assessment", old.assessment_id, m->assessment_id, eb);
	/* The rows as a whole: every save records it, since a text in a row may
	 * have changed while the counts did not. */
	if (!e)
		e = audit_write(c, who, &r, "rows", osum, sum, eb);
out:
	free(old_rows);
	return tx_leave(c, &t, e, eb);
}

enum err store_meeting_get(struct store_conn *c, int64_t id, struct meeting *out)
{
	return q_one_by_id(c, STMT_MEET_GET, id, meet_read, out);
}

enum err store_meeting_rows(struct store_conn *c, int64_t id, struct meeting_row **out, size_t *n)
{
	struct meeting_row *list = NULL;
	size_t len = 0, cap = 0;
	char sec[16], area[8];
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	q_init(&q, c, STMT_MROW_LIST);
	q_int(&q, id);
	e = q_exec(&q, NULL);
	if (e)
		return e;
	while (q_row(&q)) {
		struct meeting_row *r;
		enum elg g;

		list = list_push(list, &len, &cap, sizeof(*list));
		r = &list[len - 1];
		q_col_text(&q, 0, sec, sizeof(sec));
		r->section = MSEC_QUESTION;
		for (int s = 0; s < MSEC__MAX; s++)
			if (!strcmp(sec, section_names[s]))
				r->section = (enum meeting_section)s;
		r->pupil_id = q_col_int(&q, 2);
		q_col_text(&q, 3, area, sizeof(area));
		r->elg = elg_parse(area, &g) ? (int)g : -1;
		q_col_text(&q, 4, r->title, sizeof(r->title));
		q_col_text(&q, 5, r->notes, sizeof(r->notes));
		q_col_text(&q, 6, r->steps, sizeof(r->steps));
	}
	*out = q_end_list(&q, list, len, n, &e);
	return e;
}

enum err store_meeting_list(struct store_conn *c, int64_t establishment_id, int academic_year,
			    struct meeting **out, size_t *n)
{
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	q_init(&q, c, STMT_MEET_LIST);
	q_int(&q, establishment_id);
	q_int(&q, academic_year);
	q_int(&q, academic_year);
	*out = q_collect(&q, sizeof(**out), meet_read, n, &e);
	return e;
}

enum err store_meeting_delete(struct store_conn *c, const struct actor *who,
			      const struct meeting *m, struct errbuf *eb)
{
	static const enum stmt_id stmts[] = { STMT_MROW_DELETE_ALL, STMT_MEET_DELETE };
	struct audit_row r = { .action = "meeting.delete",
			       .establishment_id = m->establishment_id };
	char object[48], date[11], value[MEETING_TEACHER_MAX + 16];

	object_text(object, "meeting", m->id);
	date_text(m->date, date);
	snprintf(value, sizeof(value), "%s %s", m->teacher, date);
	r.object = object;
	return delete_audited(c, who, &r, stmts, ARRAY_SIZE(stmts), m->id, value, eb);
}

/* ---- news */

static void news_read(struct query *q, void *row)
{
	struct news_item *n = row;

	memset(n, 0, sizeof(*n));
	n->id = q_col_int(q, 0);
	n->la_id = q_col_int(q, 1);
	q_col_text(q, 2, n->title, sizeof(n->title));
	q_col_text(q, 3, n->body, sizeof(n->body));
	n->from = date_col(q, 4);
	n->until = date_col(q, 5);
	q_col_text(q, 6, n->created_by, sizeof(n->created_by));
	n->created_at = q_col_int(q, 7);
}

enum err store_news_add(struct store_conn *c, const struct actor *who, struct news_item *n,
			struct errbuf *eb)
{
	struct audit_row r = { .action = "news.add", .la_id = n->la_id };
	char from[11], until[11], object[48];
	struct query q;
	struct tx t;
	enum err e;

	e = tx_enter(c, &t, eb);
	if (e)
		return e;
	text_copy(n->created_by, sizeof(n->created_by), who && who->name ? who->name : "system");
	date_text(n->from, from);
	date_text(n->until, until);
	q_init(&q, c, STMT_NEWS_INSERT);
	q_int(&q, n->la_id);
	q_text(&q, n->title);
	q_text(&q, n->body);
	q_text(&q, from);
	q_text(&q, until);
	q_text(&q, n->created_by);
	e = q_insert(&q, &n->id, eb);
	if (e)
		goto out;
	object_text(object, "news", n->id);
	r.object = object;
	e = audit_write(c, who, &r, "", "", n->title, eb);
out:
	return tx_leave(c, &t, e, eb);
}

enum err store_news_get(struct store_conn *c, int64_t id, struct news_item *out)
{
	return q_one_by_id(c, STMT_NEWS_GET, id, news_read, out);
}

enum err store_news_update(struct store_conn *c, const struct actor *who, const struct news_item *n,
			   struct errbuf *eb)
{
	struct audit_row r = { .action = "news.update", .la_id = n->la_id };
	char from[11], until[11], ofrom[11], ountil[11], object[48];
	struct news_item *old = xcalloc(1, sizeof(*old));
	struct query q;
	struct tx t;
	enum err e;

	e = tx_enter(c, &t, eb);
	if (e)
		goto done;
	e = store_news_get(c, n->id, old);
	if (e == ERR_NOT_FOUND)
		errbuf_set(eb, e, "that news item has been deleted meanwhile");
	if (e)
		goto out;
	date_text(n->from, from);
	date_text(n->until, until);
	q_init(&q, c, STMT_NEWS_UPDATE);
	q_text(&q, n->title);
	q_text(&q, n->body);
	q_text(&q, from);
	q_text(&q, until);
	q_int(&q, n->id);
	e = q_run(&q, eb);
	if (e)
		goto out;
	object_text(object, "news", n->id);
	r.object = object;
	date_text(old->from, ofrom);
	date_text(old->until, ountil);
	e = audit_diff_text(c, who, &r, e, "title", old->title, n->title, eb);
	e = audit_diff_text(c, who, &r, e, "text", old->body, n->body, eb);
	e = audit_diff_text(c, who, &r, e, "from", ofrom, from, eb);
	e = audit_diff_text(c, who, &r, e, "until", ountil, until, eb);
out:
	e = tx_leave(c, &t, e, eb);
done:
	free(old);
	return e;
}

enum err store_news_delete(struct store_conn *c, const struct actor *who, const struct news_item *n,
			   struct errbuf *eb)
{
	static const enum stmt_id stmts[] = { STMT_NEWS_DELETE };
	struct audit_row r = { .action = "news.delete", .la_id = n->la_id };
	char object[48];

	object_text(object, "news", n->id);
	r.object = object;
	return delete_audited(c, who, &r, stmts, ARRAY_SIZE(stmts), n->id, n->title, eb);
}

enum err store_news_list(struct store_conn *c, int64_t la_id, struct date current_on,
			 struct news_item **out, size_t *n)
{
	char on[11];
	struct query q;
	enum err e;

	*out = NULL;
	*n = 0;
	if (current_on.year) {
		date_text(current_on, on);
		q_init(&q, c, STMT_NEWS_CURRENT);
		q_int(&q, la_id);
		q_text(&q, on);
		q_text(&q, on);
	} else {
		q_init(&q, c, STMT_NEWS_LIST);
		q_int(&q, la_id);
	}
	*out = q_collect(&q, sizeof(**out), news_read, n, &e);
	return e;
}
