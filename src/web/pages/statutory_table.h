/*
 * statutory_table: the list of an entry screen (web/pages/statutory.c): the form
 * with a row per pupil and a cell per result, the fill tools of the teacher
 * assessment lists and what the codes mean. Private to the two files.
 */
#ifndef PT_WEB_PAGES_STATUTORY_TABLE_H
#define PT_WEB_PAGES_STATUTORY_TABLE_H

#include <stdbool.h>

#include "app/statutory_app.h"
#include "web/request.h"

/* A collection page's address href, or href/what (what NULL: the page itself),
 * with the page's year and (group > 0) phonics list in its query: what every
 * form of the page posts to, so that the address a refused form leaves in the
 * browser opens the same page again (statutory_action_get). */
const char *statutory_page_href(struct request *req, const char *href, const char *what, int year,
				int group);

/* Writes the entry form of s (posting to href) and the codes' meanings below it.
 * can_write: the cells are editable and the form has Save (and, for KS1 and KS2,
 * "Fill column"); otherwise every cell is disabled. */
void statutory_entry_table(struct request *req, const struct stat_entry *s, bool can_write,
			   const char *href);

#endif
