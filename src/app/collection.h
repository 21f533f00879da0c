/*
 * collection: the LA collection use cases (issue 7), shared by the web pages and
 * any later API or command: an LA officer's file requests (create, edit, close,
 * reopen) and dashboard; a school's open requests; receiving a file, which is
 * checked on receipt by the same rule engine the school used (core/statutory.h)
 * and kept whatever its result. Statuses are worked out with the app clock.
 */
#ifndef PT_APP_COLLECTION_H
#define PT_APP_COLLECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "base/strbuf.h"
#include "core/model.h"
#include "core/problem.h"
#include "store/store.h"

/* The largest file a school may send: RECEIVED_FILE_MAX = 3 MiB = 3145728 bytes.
 * A file of exactly this size is taken; one byte more is refused. */
enum { COLLECTION_FILE_MAX = RECEIVED_FILE_MAX };

/* Where a target school stands on a request. */
enum req_status {
	REQ_FILE_REQUIRED, /* nothing sent yet, deadline not passed */
	REQ_SUBMITTED,	   /* a successful file (with or without queries) is the return */
	REQ_UPLOAD_ERROR,  /* the latest attempt failed and no file succeeded */
	REQ_OVERDUE,	   /* the deadline passed without a successful file */
	REQ_RECEIVED,	   /* the LA downloaded the school's return (issue 7c) */
	REQ_STATUS__MAX
};

/* "File required", "Submitted", "Upload error", "Overdue", "Received". */
const char *req_status_label(enum req_status s);
/* "required", "submitted", "error", "overdue", "received": the filter's values. */
const char *req_status_code(enum req_status s);
bool req_status_parse(const char *code, enum req_status *out);
/* "KS2 TA", "other" ...: what a person reads for a request's collection code. */
const char *collection_request_label(const char *collection);

/* The status of one school from its files of the request (newest first); *last
 * (may be NULL) gets the newest file or NULL. */
enum req_status collection_status(const struct file_request *r, const struct received_file *files,
				  size_t n, int64_t now, const struct received_file **last);

/* A request form as typed. */
struct request_form {
	const char *name;	   /* required */
	const char *collection;	   /* "eyfsp", "phonics", "ks1", "ks2", "other" */
	const char *file_kinds;	   /* "other": the expected kinds */
	const char *year;	   /* "2025" or "2025/26" */
	const char *description;   /* free text */
	const char *deadline_date; /* YYYY-MM-DD or dd/mm/yyyy */
	const char *deadline_time; /* HH:MM (UTC); "" = 23:59 */
	bool all_schools;	   /* every school of the LA */
	const char *schools;	   /* else LAESTABs separated by spaces, commas or lines */
	const char *phase;	   /* or every school of this phase (core/phase.h); NULL/"" = not */
	const char *remind_days;   /* automatic reminder, days before the deadline: "" = the
				      server's setting, "0" = none, up to 60 */
};

/* A message per field, "" when the field is fine. */
struct request_form_errors {
	char name[200], collection[200], year[200], deadline[200], schools[400], remind[200];
};

/* Creates (id 0) or edits a request of the user's LA. ERR_INVALID with a message
 * beside each wrong field in *fe (nothing stored); ERR_NOT_FOUND for a request
 * the user may not administer (ACT_LA_ADMIN over the request's LA). On success
 * *out is the stored request. Audited by the store. */
enum err collection_request_save(struct app *app, struct store_conn *c, const struct user *u,
				 const struct actor *who, int64_t id, const struct request_form *in,
				 struct file_request *out, struct request_form_errors *fe,
				 struct errbuf *eb);
/* Whether the user may administer the request (ACT_LA_ADMIN over its LA). */
bool collection_may_admin(const struct user *u, const struct file_request *r);
/* Reads the LAESTABs in text (spaces, commas, semicolons or lines between them)
 * into *ids (caller frees), schools of la_id only; false with a message in
 * fe->schools when one is not a LAESTAB of the LA or none is given. */
bool collection_schools_parse(struct store_conn *c, int64_t la_id, const char *text, int64_t **ids,
			      size_t *n, struct request_form_errors *fe);
/* A request the user may administer; ERR_NOT_FOUND otherwise (same answer as a
 * missing one). */
enum err collection_request_get(struct store_conn *c, const struct user *u, int64_t id,
				struct file_request *out);
/* Closes (closed requests leave schools' lists and take no more files) or reopens.
 * ERR_CONFLICT when it is closed (open) already: nothing written. */
enum err collection_request_set_closed(struct store_conn *c, const struct user *u,
				       const struct actor *who, int64_t id, bool closed,
				       struct errbuf *eb);
/* The requests of the user's LA, latest deadline first. Caller frees *out. */
enum err collection_requests_la(struct store_conn *c, const struct user *u,
				struct file_request **out, size_t *n);

/* One target school on the dashboard. */
struct dashboard_row {
	struct establishment school; /* the target */
	enum req_status status;	     /* where it stands */
	bool has_last;		     /* a file was sent */
	struct received_file last;   /* the newest file when has_last */
};
struct dashboard {
	struct dashboard_row *rows;	/* by school name; owned */
	size_t n;			/* rows */
	size_t counts[REQ_STATUS__MAX]; /* rows per status */
};
enum err collection_dashboard(struct app *app, struct store_conn *c, const struct file_request *r,
			      struct dashboard *out);
void collection_dashboard_release(struct dashboard *d);
/* The dashboard as CSV (header row, one row per school of status filter, or
 * every school for filter < 0), cells safe from formula injection
 * (formats/csv_write.h). */
void collection_dashboard_csv(const struct dashboard *d, int filter, struct strbuf *out);

/* A request as a target school sees it. */
struct school_request {
	struct file_request r;	   /* the request */
	enum req_status status;	   /* where the school stands */
	bool has_last;		   /* a file was sent */
	struct received_file last; /* the newest file when has_last */
};
/* The open requests that target the school, earliest deadline first, each with
 * the school's status. Caller frees *out. */
enum err collection_requests_school(struct app *app, struct store_conn *c,
				    const struct establishment *e, struct school_request **out,
				    size_t *n);
/* One open request that targets the school; ERR_NOT_FOUND otherwise. */
enum err collection_school_request(struct app *app, struct store_conn *c,
				   const struct establishment *e, int64_t id,
				   struct school_request *out);
/* The school's files of a request, newest first. Caller frees *out. */
enum err collection_school_files(struct store_conn *c, const struct establishment *e,
				 int64_t request_id, struct received_file **out, size_t *n);
/* One of the school's files with its stored problems (added to problems); 
 * ERR_NOT_FOUND when it is not the school's file of that request. */
enum err collection_school_file(struct store_conn *c, const struct establishment *e,
				int64_t request_id, int64_t file_id, struct received_file *out,
				struct problem_list *problems);

/* One file of a request the user may administer, with its stored problems
 * (added to problems); ERR_NOT_FOUND otherwise. */
enum err collection_la_file(struct store_conn *c, const struct user *u, int64_t request_id,
			    int64_t file_id, struct file_request *r, struct received_file *out,
			    struct problem_list *problems);

/* What receiving a file gave. */
struct receipt {
	struct received_file file;    /* as stored: status, kind, problem count */
	struct problem_list problems; /* every problem found (also stored) */
};
void receipt_init(struct receipt *rc);
void receipt_release(struct receipt *rc);

/* Receives a file sent by u for school e to request id: the kind is detected
 * by content (a CTF, the results spreadsheet, the pupil CSV: see
 * collection_check_file), the file's source school must be e, its collection
 * and academic year must be the request's, every rule of its kind is run. The file is kept with its status (successful, successful-with-queries or
 * upload-error) and problems, a successful one overwriting the school's earlier
 * one, all in one transaction, audited. Refused with nothing stored (eb says
 * what to do): ERR_TOO_BIG over COLLECTION_FILE_MAX (naming the size and the
 * limit), ERR_INVALID for an empty file or one made by another school,
 * ERR_LOCKED when the request is closed, ERR_NOT_FOUND when the user may not
 * send for e (ACT_FILE_SEND) or the request does not target e. */
enum err collection_receive(struct app *app, struct store_conn *c, const struct user *u,
			    const struct actor *who, const struct establishment *e, int64_t id,
			    const char *name, const char *bytes, size_t len, const char *comment,
			    struct receipt *out, struct errbuf *eb);

/* ---- issue 7b: several files, kinds ---- */

/* Checks bytes as a CTF for request r from school e (now: the receipt time):
 * *is_ctf false (pl left empty) when it is no CTF (its XML root is not CTfile);
 * else the reader's problems, or every statutory rule and the request's
 * collection and year (REQ_COLLECTION, REQ_YEAR) in pl. ERR_INVALID (eb says
 * what to do, nothing to store) when the header's source school is not e. pl
 * must be empty on entry. */
enum err collection_check_ctf(struct app *app, const struct file_request *r,
			      const struct establishment *e, const char *fname, const char *bytes,
			      size_t len, int64_t now, bool *is_ctf, struct problem_list *pl,
			      struct errbuf *eb);

/* Detects the kind of a received file by its content (collection_upload.c) and
 * runs its rules: kind gets "ctf", "pupil-csv", "results-xlsx" or "unknown"
 * (an Upload error FILE_KIND). ERR_INVALID when the file was made by another
 * school (nothing to store). */
enum err collection_check_file(struct app *app, struct store_conn *c, const struct file_request *r,
			       const struct establishment *e, const char *fname, const char *bytes,
			       size_t len, int64_t now, char *kind, size_t kind_cap,
			       struct problem_list *pl, struct errbuf *eb);

#endif
