/*
 * store_meetings: the store's interface for the Reception cohort progress
 * meetings (issue 8b): a school's discussion-area templates, the meetings with
 * their rows, and the news items an LA officer publishes to the LA's schools.
 * Include it where they are used (store.h does not). SQL in stmt_collect.c,
 * functions in store_meetings.c, migration 009.
 */
#ifndef PT_STORE_STORE_MEETINGS_H
#define PT_STORE_STORE_MEETINGS_H

#include "store/store.h"

enum {
	DAREA_TEXT_MAX = 500,	   /* bytes of a discussion-area question */
	MEETING_TEACHER_MAX = 100, /* bytes of the teacher's name */
	MEETING_TEXT_MAX = 2000,   /* bytes of a notes / next steps / comments box */
	NEWS_TITLE_MAX = 200,	   /* bytes of a news title */
	NEWS_BODY_MAX = 4000,	   /* bytes of a news text */
};

/* A question template of a school's cohort progress meetings ("Cohort" type). */
struct discussion_area {
	int64_t id;			      /* database id */
	int64_t establishment_id;	      /* owner */
	char description[DAREA_TEXT_MAX + 1]; /* the question */
	int sort_order;			      /* order in the form, ascending */
	struct date start;		      /* shown from (zero = always) */
	struct date end;		      /* shown until, inclusive (zero = open) */
};

/* Copies the default questions (discussion_default) to the school the first
 * time; nothing afterwards, even when the school deleted them all. Audited. */
enum err store_discussion_seed(struct store_conn *c, const struct actor *who,
			       int64_t establishment_id, struct errbuf *eb);
/* Whether the school has its own templates (store_discussion_seed ran). */
enum err store_discussion_seeded(struct store_conn *c, int64_t establishment_id, bool *yes);
/* The default questions (id 0, establishment 0, no dates). Caller frees *out. */
enum err store_discussion_defaults(struct store_conn *c, struct discussion_area **out, size_t *n);
/* Sorted by sort order, id. Caller frees *out. */
enum err store_discussion_list(struct store_conn *c, int64_t establishment_id,
			       struct discussion_area **out, size_t *n);
enum err store_discussion_get(struct store_conn *c, int64_t id, struct discussion_area *out);
/* Sets d->id; audited "discussion.add". */
enum err store_discussion_add(struct store_conn *c, const struct actor *who,
			      struct discussion_area *d, struct errbuf *eb);
/* Rewrites description, order and dates of d->id; audits what changed. */
enum err store_discussion_update(struct store_conn *c, const struct actor *who,
				 const struct discussion_area *d, struct errbuf *eb);
enum err store_discussion_delete(struct store_conn *c, const struct actor *who,
				 const struct discussion_area *d, struct errbuf *eb);

/* The sections of a progress meeting's rows. */
enum meeting_section {
	MSEC_QUESTION, /* a discussion area: title = question, notes, steps = agreed next steps */
	MSEC_BARRIER,  /* barriers to learning: pupil, notes = barrier and support, steps */
	MSEC_TARGETED, /* targeted support: area, pupil, notes = comments */
	MSEC_GROUP,    /* specific groups: area, title = group name, notes = comments */
	MSEC__MAX
};

/* One row of a meeting form. */
struct meeting_row {
	enum meeting_section section;	  /* which table */
	int64_t pupil_id;		  /* 0 = none */
	int elg;			  /* enum elg, -1 = none */
	char title[DAREA_TEXT_MAX + 1];	  /* question or group name */
	char notes[MEETING_TEXT_MAX + 1]; /* notes / barrier / comments */
	char steps[MEETING_TEXT_MAX + 1]; /* agreed next steps */
};

/* A Reception cohort progress meeting. */
struct meeting {
	int64_t id;			       /* database id */
	int64_t establishment_id;	       /* owner */
	int academic_year;		       /* start year */
	int class_no;			       /* 1..20, 0 = all classes */
	char teacher[MEETING_TEACHER_MAX + 1]; /* who led it */
	struct date date;		       /* when */
	int64_t assessment_id;		       /* the assessment discussed */
	int64_t created_at;		       /* Unix time */
};

/* Inserts (m->id 0: sets it) or rewrites a meeting with all its rows in one
 * transaction (the rows replace the stored ones, in the given order). Audited
 * "meeting.add" / "meeting.update" with a summary of the rows. */
enum err store_meeting_save(struct store_conn *c, const struct actor *who, struct meeting *m,
			    const struct meeting_row *rows, size_t n, struct errbuf *eb);
enum err store_meeting_get(struct store_conn *c, int64_t id, struct meeting *out);
/* The rows in their order. Caller frees *out. */
enum err store_meeting_rows(struct store_conn *c, int64_t id, struct meeting_row **out, size_t *n);
/* academic_year 0 = all; newest date first. Caller frees *out. */
enum err store_meeting_list(struct store_conn *c, int64_t establishment_id, int academic_year,
			    struct meeting **out, size_t *n);
/* Deletes the meeting and its rows; audited. */
enum err store_meeting_delete(struct store_conn *c, const struct actor *who,
			      const struct meeting *m, struct errbuf *eb);

/* A news item an LA officer publishes to the LA's schools. */
struct news_item {
	int64_t id;			   /* database id */
	int64_t la_id;			   /* publishing LA */
	char title[NEWS_TITLE_MAX + 1];	   /* headline */
	char body[NEWS_BODY_MAX + 1];	   /* text */
	struct date from;		   /* shown from */
	struct date until;		   /* shown until, inclusive (zero = open) */
	char created_by[USERNAME_MAX + 1]; /* username */
	int64_t created_at;		   /* Unix time */
};

/* Sets n->id and created_by; audited "news.add" for the LA. */
enum err store_news_add(struct store_conn *c, const struct actor *who, struct news_item *n,
			struct errbuf *eb);
enum err store_news_get(struct store_conn *c, int64_t id, struct news_item *out);
enum err store_news_update(struct store_conn *c, const struct actor *who, const struct news_item *n,
			   struct errbuf *eb);
enum err store_news_delete(struct store_conn *c, const struct actor *who, const struct news_item *n,
			   struct errbuf *eb);
/* All of an LA (current_on zero) or those shown on current_on; newest first.
 * Caller frees *out. */
enum err store_news_list(struct store_conn *c, int64_t la_id, struct date current_on,
			 struct news_item **out, size_t *n);

#endif
