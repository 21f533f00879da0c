/*
 * meetings_ui: the form helpers meetings.c and meetings_admin.c share (field
 * errors of app/meetings.h as an error summary with links, dates typed either
 * way, the school's links). Private to src/web/pages.
 */
#ifndef PT_WEB_PAGES_MEETINGS_UI_H
#define PT_WEB_PAGES_MEETINGS_UI_H

#include "app/meetings.h"
#include "store/store_meetings.h"
#include "web/request.h"

struct strbuf;

/* Who is changing data, for the store's audit rows. */
struct actor mui_actor(const struct request *req);
/* "/schools/<laestab>/<tail>" of the route's school (owned by the request). */
const char *mui_school_href(struct request *req, const char *tail);
/* dd/mm/yyyy or yyyy-mm-dd; "" gives the zero date. False when malformed. */
bool mui_parse_date(const char *s, struct date *out);
/* The date as yyyy-mm-dd / dd/mm/yyyy, "" for the zero date (owned by the request). */
const char *mui_iso(struct request *req, struct date d);
const char *mui_dmy(struct request *req, struct date d);
/* "<what> added." etc. for the done parameter's index (nothing for -1). */
void mui_notice(struct strbuf *b, const char *what, int done);
/* The "There is a problem" box linking each message to its field. */
void mui_error_summary(struct request *req, const struct meeting_errors *fe);
/* The message of one field, NULL when it has none. */
const char *mui_field_error(const struct meeting_errors *fe, enum meeting_section sec, size_t row,
			    const char *field);
/* A textarea with its label (visually hidden unless label starts with '!'). */
void mui_textarea(struct request *req, const char *id, const char *name, const char *label,
		  const char *value, const char *error, int maxlength);
/* The text parameter name into dst (cap bytes). */
void mui_copy_param(struct request *req, const char *name, char *dst, size_t cap);

#endif
