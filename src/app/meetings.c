/*
 * meetings: Reception cohort progress meetings, their discussion-area
 * templates, the home-page headline and LA news (see meetings.h). Checks live
 * here so that the pages and any later API share them; the store only stores.
 */
#include "app/meetings.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/assess.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/report.h"
#include "store/store_meetings.h"

int meetings_year(const struct app *app)
{
	return academic_year_of(date_from_unix(app_now(app)));
}

static struct date today(const struct app *app)
{
	return date_from_unix(app_now(app));
}

static bool blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

__attribute__((format(printf, 5, 6))) static void fe_add(struct meeting_errors *fe,
							 enum meeting_section sec, size_t row,
							 const char *field, const char *fmt, ...)
{
	va_list ap;

	if (!fe || fe->n >= MEETING_ERRORS_MAX)
		return;
	fe->e[fe->n].section = sec;
	fe->e[fe->n].row = row;
	fe->e[fe->n].field = field;
	va_start(ap, fmt);
	vsnprintf(fe->e[fe->n].message, sizeof(fe->e[fe->n].message), fmt, ap);
	va_end(ap);
	fe->n++;
}

enum err meetings_assessments(struct store_conn *c, const struct establishment *e, int y,
			      struct assessment **out, size_t *n)
{
	struct assessment *all = NULL;
	size_t nall = 0, k = 0;
	enum err rc;

	*out = NULL;
	*n = 0;
	rc = store_assessment_list(c, e->id, y, &all, &nall);
	if (rc)
		return rc;
	for (size_t i = 0; i < nall; i++)
		if (all[i].year_groups & ASSESS_YG_R)
			all[k++] = all[i];
	*out = all;
	*n = k;
	return ERR_OK;
}

enum err meetings_cohort(struct store_conn *c, const struct establishment *e, int y, int class_no,
			 struct pupil **out, size_t *n)
{
	struct pupil_query q = { .establishment_id = e->id, .class_no = class_no };
	struct pupil *all = NULL;
	size_t nall = 0, k = 0;
	enum err rc;

	*out = NULL;
	*n = 0;
	rc = store_pupil_list(c, &q, &all, &nall);
	if (rc)
		return rc;
	for (size_t i = 0; i < nall; i++)
		if (assess_pupil_year_group(&all[i], y) == YEAR_R)
			all[k++] = all[i];
	*out = all;
	*n = k;
	return ERR_OK;
}

/* The counts of one assessment over its Reception rows. */
static enum err column_load(struct app *app, struct store_conn *c, const struct establishment *e,
			    int64_t id, int class_no, struct meeting_column *col)
{
	struct report_column fig[ELG__MAX];
	struct assess_grid g;
	enum err rc;

	memset(col, 0, sizeof(*col));
	memset(fig, 0, sizeof(fig));
	rc = assess_grid_load(app, c, e, id, &g);
	if (rc)
		return rc;
	col->have = true;
	col->assessment_id = id;
	snprintf(col->name, sizeof(col->name), "%s", g.a.name);
	for (size_t i = 0; i < g.nrows; i++) {
		const struct assess_row *r = &g.rows[i];

		if (assess_pupil_year_group(&r->pupil, g.a.academic_year) != YEAR_R ||
		    (class_no && r->pupil.class_no != class_no))
			continue;
		/* THE column rule (core/report.h): the cohort is the denominator */
		for (int k = 0; k < ELG__MAX; k++)
			report_column_add(&fig[k], r->pupil.include_in_data, r->cells[k].value);
	}
	col->cohort = fig[0].pupils;
	for (int k = 0; k < ELG__MAX; k++) {
		/* Index 1 is Below / Emerging, 2 On track / Expected on both scales. */
		col->below[k] = fig[k].count[1];
		col->on_track[k] = fig[k].count[2];
	}
	assess_grid_free(&g);
	return ERR_OK;
}

enum err meetings_grid(struct app *app, struct store_conn *c, const struct establishment *e,
		       int64_t assessment_id, int class_no, struct meeting_grid *out)
{
	struct assessment *list = NULL, a;
	const struct assessment *prev = NULL;
	size_t n = 0;
	enum err rc;

	memset(out, 0, sizeof(*out));
	rc = assess_get(c, e, assessment_id, &a);
	if (rc)
		return rc;
	if (!(a.year_groups & ASSESS_YG_R))
		return ERR_NOT_FOUND;
	rc = meetings_assessments(c, e, a.academic_year, &list, &n);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		int cmp = date_cmp(list[i].date, a.date);

		if (list[i].id == a.id || cmp > 0 || (cmp == 0 && list[i].id > a.id))
			continue;
		if (!prev || date_cmp(list[i].date, prev->date) > 0 ||
		    (date_cmp(list[i].date, prev->date) == 0 && list[i].id > prev->id))
			prev = &list[i];
	}
	rc = column_load(app, c, e, a.id, class_no, &out->now);
	if (!rc && prev)
		rc = column_load(app, c, e, prev->id, class_no, &out->prev);
	free(list);
	return rc;
}

int meetings_percent(int count, int cohort)
{
	int p;

	/* the rounding of every summary figure (core/measures.h) */
	return cohort > 0 && measure_percent(count, cohort, &p) ? p : -1;
}

bool meetings_template_active(const struct discussion_area *d, struct date on)
{
	if (d->start.year && date_cmp(on, d->start) < 0)
		return false;
	if (d->end.year && date_cmp(on, d->end) > 0)
		return false;
	return true;
}

enum err meetings_templates(struct store_conn *c, const struct establishment *e,
			    struct discussion_area **out, size_t *n, bool *own)
{
	enum err rc = store_discussion_seeded(c, e->id, own);

	if (rc) {
		*out = NULL;
		*n = 0;
		return rc;
	}
	if (*own)
		return store_discussion_list(c, e->id, out, n);
	rc = store_discussion_defaults(c, out, n);
	for (size_t i = 0; !rc && i < *n; i++)
		(*out)[i].establishment_id = e->id;
	return rc;
}

enum err meetings_templates_customise(struct store_conn *c, const struct actor *who,
				      const struct establishment *e, struct errbuf *eb)
{
	return store_discussion_seed(c, who, e->id, eb);
}

enum err meetings_template_rows(struct app *app, struct store_conn *c,
				const struct establishment *e, struct meeting_row **out, size_t *n)
{
	struct discussion_area *list = NULL;
	struct date on = today(app);
	size_t nl = 0, k = 0;
	bool own;
	enum err rc;

	*out = NULL;
	*n = 0;
	rc = meetings_templates(c, e, &list, &nl, &own);
	if (rc)
		return rc;
	*out = xcalloc(nl ? nl : 1, sizeof(**out));
	for (size_t i = 0; i < nl && k < MEETING_ROWS_MAX; i++) {
		if (!meetings_template_active(&list[i], on))
			continue;
		(*out)[k].section = MSEC_QUESTION;
		(*out)[k].elg = -1;
		snprintf((*out)[k].title, sizeof((*out)[k].title), "%s", list[i].description);
		k++;
	}
	*n = k;
	free(list);
	return ERR_OK;
}

static bool row_empty(const struct meeting_row *r)
{
	return r->pupil_id == 0 && r->elg < 0 && blank(r->title) && blank(r->notes) &&
	       blank(r->steps);
}

static bool in_cohort(const struct pupil *cohort, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (cohort[i].id == id)
			return true;
	return false;
}

enum err meetings_save(struct app *app, struct store_conn *c, const struct actor *who,
		       const struct establishment *e, struct meeting *m,
		       const struct meeting_row *rows, size_t n, struct meeting_errors *fe,
		       struct errbuf *eb)
{
	int y = meetings_year(app);
	struct meeting_row *keep = NULL;
	struct pupil *cohort = NULL;
	size_t ncohort = 0, nkeep = 0, idx[MSEC__MAX] = { 0 };
	struct assessment a;
	struct meeting old;
	enum err rc;

	fe->n = 0;
	if (m->id) {
		rc = store_meeting_get(c, m->id, &old);
		if (rc || old.establishment_id != e->id || old.academic_year != y)
			return ERR_NOT_FOUND;
	}
	m->establishment_id = e->id;
	m->academic_year = y;
	if (m->class_no < 0 || m->class_no > CLASS_COUNT)
		fe_add(fe, MSEC__MAX, 0, "class", "Choose a class from the list, or All classes.");
	if (blank(m->teacher))
		fe_add(fe, MSEC__MAX, 0, "teacher", "Type the name of the teacher.");
	if (!m->date.year || !date_valid(m->date))
		fe_add(fe, MSEC__MAX, 0, "date", "Enter the date of the meeting as dd/mm/yyyy.");
	else if (academic_year_of(m->date) != y)
		fe_add(fe, MSEC__MAX, 0, "date",
		       "The date must be in the current academic year: progress meetings are "
		       "for this year's Reception cohort.");
	if (!m->assessment_id || assess_get(c, e, m->assessment_id, &a) != ERR_OK ||
	    a.academic_year != y || !(a.year_groups & ASSESS_YG_R))
		fe_add(fe, MSEC__MAX, 0, "assessment",
		       "Choose an assessment of this year's Reception cohort from the list.");
	rc = meetings_cohort(c, e, y, 0, &cohort, &ncohort);
	if (rc)
		goto out;
	keep = xcalloc(n ? n : 1, sizeof(*keep));
	for (size_t i = 0; i < n; i++) {
		const struct meeting_row *r = &rows[i];
		size_t at;

		if ((unsigned)r->section >= MSEC__MAX)
			BUG("meeting row without a section");
		at = idx[r->section]++;
		if (row_empty(r))
			continue;
		if (at >= MEETING_ROWS_MAX) {
			fe_add(fe, r->section, at, "title",
			       "There are too many rows here: at most %d.", MEETING_ROWS_MAX);
			continue;
		}
		switch (r->section) {
		case MSEC_QUESTION:
			if (blank(r->title))
				fe_add(fe, r->section, at, "title",
				       "Discussion area %zu: type the question, or empty the row "
				       "to leave it out.",
				       at + 1);
			break;
		case MSEC_BARRIER:
		case MSEC_TARGETED:
			if (r->pupil_id == 0 || !in_cohort(cohort, ncohort, r->pupil_id))
				fe_add(fe, r->section, at, "pupil",
				       "%s row %zu: choose a pupil of the Reception cohort from "
				       "the list.",
				       r->section == MSEC_BARRIER ? "Barriers to learning" :
								    "Targeted support",
				       at + 1);
			if (r->section == MSEC_TARGETED && (r->elg < 0 || r->elg >= ELG__MAX))
				fe_add(fe, r->section, at, "area",
				       "Targeted support row %zu: choose an area of development.",
				       at + 1);
			break;
		case MSEC_GROUP:
			if (r->elg < 0 || r->elg >= ELG__MAX)
				fe_add(fe, r->section, at, "area",
				       "Specific groups row %zu: choose an area of development.",
				       at + 1);
			if (blank(r->title))
				fe_add(fe, r->section, at, "title",
				       "Specific groups row %zu: type the name of the group.",
				       at + 1);
			break;
		case MSEC__MAX:
			break;
		}
		keep[nkeep++] = *r;
	}
	if (fe->n) {
		rc = errbuf_set(eb, ERR_INVALID, "%s", fe->e[0].message);
		goto out;
	}
	rc = store_meeting_save(c, who, m, keep, nkeep, eb);
out:
	free(keep);
	free(cohort);
	return rc;
}

enum err meetings_load(struct app *app, struct store_conn *c, const struct establishment *e,
		       int64_t id, struct meeting *out, struct meeting_row **rows, size_t *nrows)
{
	enum err rc;

	*rows = NULL;
	*nrows = 0;
	rc = store_meeting_get(c, id, out);
	if (rc)
		return rc;
	if (out->establishment_id != e->id || out->academic_year != meetings_year(app))
		return ERR_NOT_FOUND;
	return store_meeting_rows(c, id, rows, nrows);
}

enum err meetings_list(struct app *app, struct store_conn *c, const struct establishment *e,
		       struct meeting **out, size_t *n)
{
	return store_meeting_list(c, e->id, meetings_year(app), out, n);
}

enum err meetings_delete(struct app *app, struct store_conn *c, const struct actor *who,
			 const struct establishment *e, int64_t id, struct errbuf *eb)
{
	struct meeting_row *rows = NULL;
	struct meeting m;
	size_t n = 0;
	enum err rc;

	rc = meetings_load(app, c, e, id, &m, &rows, &n);
	free(rows);
	if (rc)
		return rc;
	return store_meeting_delete(c, who, &m, eb);
}

/* ---- templates */

enum err meetings_template_get(struct store_conn *c, const struct establishment *e, int64_t id,
			       struct discussion_area *out)
{
	enum err rc = store_discussion_get(c, id, out);

	if (!rc && out->establishment_id != e->id)
		return ERR_NOT_FOUND;
	return rc;
}

enum err meetings_template_save(struct store_conn *c, const struct actor *who,
				const struct establishment *e, struct discussion_area *d,
				struct meeting_errors *fe, struct errbuf *eb)
{
	struct discussion_area old;
	enum err rc;

	fe->n = 0;
	if (d->id && meetings_template_get(c, e, d->id, &old) != ERR_OK)
		return ERR_NOT_FOUND;
	d->establishment_id = e->id;
	if (blank(d->description))
		fe_add(fe, MSEC__MAX, 0, "description", "Type the question under Description.");
	if (d->sort_order < 0 || d->sort_order > DAREA_SORT_MAX)
		fe_add(fe, MSEC__MAX, 0, "sort_order",
		       "Sort order must be a whole number from 0 to %d.", DAREA_SORT_MAX);
	if (d->start.year && d->end.year && date_cmp(d->end, d->start) < 0)
		fe_add(fe, MSEC__MAX, 0, "end_date",
		       "The end date is before the start date: change one of them.");
	if (fe->n)
		return errbuf_set(eb, ERR_INVALID, "%s", fe->e[0].message);
	if (d->id)
		return store_discussion_update(c, who, d, eb);
	rc = store_discussion_seed(c, who, e->id, eb);
	if (rc)
		return rc;
	return store_discussion_add(c, who, d, eb);
}

enum err meetings_template_delete(struct store_conn *c, const struct actor *who,
				  const struct establishment *e, int64_t id, struct errbuf *eb)
{
	struct discussion_area d;
	enum err rc = meetings_template_get(c, e, id, &d);

	if (rc)
		return rc;
	return store_discussion_delete(c, who, &d, eb);
}

/* ---- headline */

static const int headline_years[] = { YEAR_N1, YEAR_N2, YEAR_R };

enum err meetings_headlines(struct app *app, struct store_conn *c, const struct establishment *e,
			    struct headline **out, size_t *n)
{
	struct assessment *list = NULL;
	struct headline *h = NULL;
	size_t nl = 0, len = 0;
	enum err rc;

	*out = NULL;
	*n = 0;
	rc = store_assessment_list(c, e->id, 0, &list, &nl);
	if (rc)
		return rc;
	h = xcalloc(ARRAY_SIZE(headline_years) * AREA__MAX, sizeof(*h));
	for (size_t yi = 0; yi < ARRAY_SIZE(headline_years); yi++) {
		int yg = headline_years[yi];
		unsigned bit = assess_yg_bit(yg);
		struct assess_grid g;
		bool found = false;

		/* The list is by year and date: the latest assessment last. */
		for (size_t i = nl; i-- > 0 && !found;) {
			long cells = 0;

			if (!(list[i].year_groups & bit))
				continue;
			rc = store_judgement_count(c, list[i].id, &cells);
			if (rc)
				goto out;
			if (cells == 0)
				continue;
			found = true;
			rc = assess_grid_load(app, c, e, list[i].id, &g);
			if (rc)
				goto out;
			for (int ar = 0; ar < AREA__MAX; ar++) {
				struct headline *x = &h[len];

				memset(x, 0, sizeof(*x));
				x->year_group = yg;
				x->area = (enum area)ar;
				snprintf(x->assessment, sizeof(x->assessment), "%s", g.a.name);
				for (size_t r = 0; r < g.nrows; r++) {
					const struct assess_row *row = &g.rows[r];
					bool all = true;

					if (!row->pupil.include_in_data ||
					    assess_pupil_year_group(&row->pupil,
								    g.a.academic_year) != yg)
						continue;
					x->cohort++;
					for (int k = 0; k < ELG__MAX; k++)
						if (elg_get((enum elg)k)->area == (enum area)ar &&
						    row->cells[k].value != 2)
							all = false;
					if (all)
						x->on_track++;
				}
				if (x->cohort)
					len++;
			}
			assess_grid_free(&g);
		}
	}
out:
	free(list);
	if (rc) {
		free(h);
		return rc;
	}
	*out = h;
	*n = len;
	return ERR_OK;
}

static const char *year_group_name(int yg)
{
	switch (yg) {
	case YEAR_N1:
		return "Nursery 1";
	case YEAR_N2:
		return "Nursery 2";
	case YEAR_R:
		return "Reception";
	default:
		return "";
	}
}

char *meetings_headline_text(const struct headline *h, char *buf, size_t size)
{
	snprintf(buf, size, "%d%% of your %s cohort (%d/%d pupils) %s on track in %s",
		 meetings_percent(h->on_track, h->cohort), year_group_name(h->year_group),
		 h->on_track, h->cohort, h->on_track == 1 ? "is" : "are", area_get(h->area)->name);
	return buf;
}

/* ---- news */

enum err meetings_news_get(struct store_conn *c, int64_t la_id, int64_t id, struct news_item *out)
{
	enum err rc = store_news_get(c, id, out);

	if (!rc && (la_id == 0 || out->la_id != la_id))
		return ERR_NOT_FOUND;
	return rc;
}

enum err meetings_news_save(struct store_conn *c, const struct actor *who, int64_t la_id,
			    struct news_item *n, struct meeting_errors *fe, struct errbuf *eb)
{
	struct news_item *old = NULL;
	enum err rc = ERR_OK;

	fe->n = 0;
	if (la_id == 0)
		return ERR_NOT_FOUND;
	if (n->id) {
		old = xcalloc(1, sizeof(*old));
		rc = meetings_news_get(c, la_id, n->id, old);
		free(old);
		if (rc)
			return rc;
	}
	n->la_id = la_id;
	if (blank(n->title))
		fe_add(fe, MSEC__MAX, 0, "title", "Type a title for the news item.");
	if (!n->from.year)
		fe_add(fe, MSEC__MAX, 0, "from", "Enter the date to show it from as dd/mm/yyyy.");
	if (n->from.year && n->until.year && date_cmp(n->until, n->from) < 0)
		fe_add(fe, MSEC__MAX, 0, "until",
		       "The last date to show it is before the first: change one of them.");
	if (fe->n)
		return errbuf_set(eb, ERR_INVALID, "%s", fe->e[0].message);
	if (n->id)
		return store_news_update(c, who, n, eb);
	return store_news_add(c, who, n, eb);
}

enum err meetings_news_delete(struct store_conn *c, const struct actor *who, int64_t la_id,
			      int64_t id, struct errbuf *eb)
{
	struct news_item *n = xcalloc(1, sizeof(*n));
	enum err rc = meetings_news_get(c, la_id, id, n);

	if (!rc)
		rc = store_news_delete(c, who, n, eb);
	free(n);
	return rc;
}
