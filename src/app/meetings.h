/*
 * meetings: the Reception cohort progress meetings of the current academic year
 * (class, teacher, date, assessment, the Areas of Development grid for the
 * chosen and the previous assessment, discussion areas, barriers to learning,
 * targeted support, specific groups), the discussion-area templates they copy
 * their questions from, the home-page headline (share of each year group on
 * track in each area of learning in its latest assessment) and the LA news.
 *
 * The caller has checked access to the establishment (the route's action);
 * everything here is scoped to it: a meeting, template or pupil of another
 * establishment is ERR_NOT_FOUND exactly like a missing one.
 */
#ifndef PT_APP_MEETINGS_H
#define PT_APP_MEETINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/framework.h"
#include "store/store.h"
#include "store/store_meetings.h"

struct app;

enum {
	MEETING_ROWS_MAX = 15,	 /* rows per section of one meeting */
	MEETING_ERRORS_MAX = 24, /* field errors reported at once */
	DAREA_SORT_MAX = 999,	 /* highest sort order */
};

/* One problem with one field. section is MSEC__MAX for the meeting's own fields
 * (then row is 0); field is "class", "teacher", "date", "assessment",
 * "description", "sort_order", "start_date", "end_date", or of a row "pupil",
 * "area", "title". */
struct meeting_error {
	enum meeting_section section; /* the row's section, MSEC__MAX = none */
	size_t row;		      /* 0-based row within its section */
	const char *field;	      /* a literal */
	char message[200];	      /* for school staff: what is wrong, what to do */
};

struct meeting_errors {
	size_t n;				    /* used */
	struct meeting_error e[MEETING_ERRORS_MAX]; /* the first ones found */
};

/* The academic year of today (the app clock). */
int meetings_year(const struct app *app);

/* The assessments of e in academic year y that cover Reception, by date. Caller
 * frees *out. */
enum err meetings_assessments(struct store_conn *c, const struct establishment *e, int y,
			      struct assessment **out, size_t *n);
/* The Reception pupils of e in year y (on roll), of class class_no (0 = all),
 * by surname. Caller frees *out. */
enum err meetings_cohort(struct store_conn *c, const struct establishment *e, int y, int class_no,
			 struct pupil **out, size_t *n);

/* The counts of one assessment over the Reception cohort (pupils included in
 * data, of the class when one is chosen). */
struct meeting_column {
	bool have;		     /* false: no such assessment (cells blank) */
	int64_t assessment_id;	     /* which */
	char name[NAME_MAX_LEN + 1]; /* its name */
	int cohort;		     /* children in the cohort */
	int below[ELG__MAX];	     /* Below (tracking) or Emerging (ELGs) */
	int on_track[ELG__MAX];	     /* On track or Expected */
};

struct meeting_grid {
	struct meeting_column now;  /* the chosen assessment */
	struct meeting_column prev; /* the one before it in the same academic year */
};

/* The grid for assessment_id (of e, covering Reception) and the previous
 * assessment covering Reception in the same year (by date, then id). */
enum err meetings_grid(struct app *app, struct store_conn *c, const struct establishment *e,
		       int64_t assessment_id, int class_no, struct meeting_grid *out);
/* count of cohort as a whole percentage, rounded half up; -1 when cohort is 0. */
int meetings_percent(int count, int cohort);

/* Whether a template is shown on day d (between its dates, both inclusive). */
bool meetings_template_active(const struct discussion_area *d, struct date on);
/* The questions of a new meeting: the templates of e active today (the
 * defaults while the school has none of its own), as MSEC_QUESTION rows.
 * Changes nothing. Caller frees *out. */
enum err meetings_template_rows(struct app *app, struct store_conn *c,
				const struct establishment *e, struct meeting_row **out, size_t *n);

/* Checks and saves a meeting of the current academic year (m->id 0 = new; the
 * establishment and year are set here) with its rows, all or nothing. Rows
 * with nothing typed are not saved. ERR_INVALID with *fe filled in and nothing
 * stored when anything is wrong. */
enum err meetings_save(struct app *app, struct store_conn *c, const struct actor *who,
		       const struct establishment *e, struct meeting *m,
		       const struct meeting_row *rows, size_t n, struct meeting_errors *fe,
		       struct errbuf *eb);
/* A meeting of e in the current academic year with its rows (caller frees
 * *rows); ERR_NOT_FOUND otherwise. */
enum err meetings_load(struct app *app, struct store_conn *c, const struct establishment *e,
		       int64_t id, struct meeting *out, struct meeting_row **rows, size_t *nrows);
/* The meetings of e in the current academic year, newest first. */
enum err meetings_list(struct app *app, struct store_conn *c, const struct establishment *e,
		       struct meeting **out, size_t *n);
enum err meetings_delete(struct app *app, struct store_conn *c, const struct actor *who,
			 const struct establishment *e, int64_t id, struct errbuf *eb);

/* ---- discussion-area templates */

/* The templates of e; while the school has none of its own (*own false), the
 * defaults with id 0. Changes nothing. Caller frees *out. */
enum err meetings_templates(struct store_conn *c, const struct establishment *e,
			    struct discussion_area **out, size_t *n, bool *own);
/* Gives the school its own copy of the defaults to change (once; audited). */
enum err meetings_templates_customise(struct store_conn *c, const struct actor *who,
				      const struct establishment *e, struct errbuf *eb);
/* A template of e; ERR_NOT_FOUND otherwise. */
enum err meetings_template_get(struct store_conn *c, const struct establishment *e, int64_t id,
			       struct discussion_area *out);
/* Checks and adds (d->id 0; the school gets its own copy of the defaults
 * first) or rewrites a template of e. ERR_INVALID with *fe. */
enum err meetings_template_save(struct store_conn *c, const struct actor *who,
				const struct establishment *e, struct discussion_area *d,
				struct meeting_errors *fe, struct errbuf *eb);
enum err meetings_template_delete(struct store_conn *c, const struct actor *who,
				  const struct establishment *e, int64_t id, struct errbuf *eb);

/* ---- home page */

/* "63% of your Reception cohort (7/11 pupils) are on track in Mathematics". */
struct headline {
	int year_group;			   /* YEAR_N1, YEAR_N2 or YEAR_R */
	enum area area;			   /* area of learning */
	int on_track;			   /* pupils On track (Expected) in every ELG of the area */
	int cohort;			   /* pupils of the year group included in data */
	char assessment[NAME_MAX_LEN + 1]; /* the latest assessment's name */
};

/* For each year group with an assessment holding judgements (the latest one by
 * date, any academic year), one headline per area of learning. Caller frees
 * *out. */
enum err meetings_headlines(struct app *app, struct store_conn *c, const struct establishment *e,
			    struct headline **out, size_t *n);
/* The sentence of h into buf. Returns buf. */
char *meetings_headline_text(const struct headline *h, char *buf, size_t size);

/* ---- LA news */

/* Checks and adds (n->id 0) or rewrites a news item of LA la_id. */
enum err meetings_news_save(struct store_conn *c, const struct actor *who, int64_t la_id,
			    struct news_item *n, struct meeting_errors *fe, struct errbuf *eb);
/* A news item of la_id; ERR_NOT_FOUND otherwise (another LA's too). */
enum err meetings_news_get(struct store_conn *c, int64_t la_id, int64_t id, struct news_item *out);
enum err meetings_news_delete(struct store_conn *c, const struct actor *who, int64_t la_id,
			      int64_t id, struct errbuf *eb);

#endif
