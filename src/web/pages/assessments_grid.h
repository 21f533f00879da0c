/*
 * assessments_grid: the grid page's tables (web/pages/assessments.c): one
 * assessment's <table> with its two heading rows, a row per pupil and the foot
 * statistics, written with the HTML writer's pieces (html.h), the fast path for
 * its thousands of near-identical cells. Private to the two files.
 */
#ifndef PT_WEB_PAGES_ASSESSMENTS_GRID_H
#define PT_WEB_PAGES_ASSESSMENTS_GRID_H

#include <stdbool.h>

#include "app/assess.h"
#include "core/pupil_filter.h"
#include "web/request.h"

/* What the grid page shows. */
struct view {
	int year;			  /* academic year shown */
	int yg;				  /* year group shown */
	bool chars;			  /* show pupil characteristics */
	bool custom;			  /* show the custom fields (Custom 1-6) */
	const struct estab_profile *prof; /* the school's names of its custom fields */
	bool elg;			  /* show the end-of-year ELGs */
	struct pupil_filter filter;	  /* pupil characteristics filter */
	bool write;			  /* the user may enter judgements */
};

/* The <details> of assessment g: summary, actions, the table (with a "Pupils
 * judged: N of M" foot row per column), "Displaying N". */
/* The key to the grid's column headings: each area's abbreviation and its full
 * name (the framework's data), seen on a touch screen and on paper. */
void assessments_grid_key(struct request *req);
void assessments_grid_table(struct request *req, const struct assess_grid *g,
			    const struct view *view);

#endif
