/*
 * reports_la: what the cross-school table page and its API share (issue 8c):
 * which LA or trust a request is about, and its collection and year filters.
 */
#ifndef PT_WEB_PAGES_REPORTS_LA_H
#define PT_WEB_PAGES_REPORTS_LA_H

#include <stdbool.h>
#include <stdint.h>

#include "core/statutory.h"
#include "web/request.h"

/* The values of the "collection" parameter (eyfsp, phonics, ks2), NULL-ended. */
extern const char *const reports_la_collections[];

/* The LA (trust false) or trust of the request: the la=NNN (trust=ID) parameter
 * when given, else the user's own; checked with access_allowed (ACT_LA_READ or
 * ACT_TRUST_READ) on that LA or trust. ERR_NOT_FOUND when there is none or it is
 * not the user's: answer 404, as for a missing one. */
enum err reports_la_area(struct request *req, bool trust, int64_t *la_id, int64_t *trust_id);
/* The collection chosen (eyfsp when none). */
enum collection reports_la_collection(struct request *req);
/* The academic year in parameter param ("year" on the page, "academic_year"
 * in the API), the current one when none. */
int reports_la_year(struct request *req, const char *param);

#endif
