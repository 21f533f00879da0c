/*
 * store_collection_la: the store's interface for the LA side of the collection
 * (issue 7c), part of store.h (which includes it; include store.h). SQL in
 * store_collection_la.c, migration 013.
 */
#ifndef PT_STORE_STORE_COLLECTION_LA_H
#define PT_STORE_STORE_COLLECTION_LA_H

#include "store/store.h"

/* An establishment's phase (migration 013): "" (not set), "nursery", "primary",
 * "middle", "secondary" or "all-through" (core/phase.h). Audited
 * "establishment.phase"; ERR_INVALID for another value, ERR_NOT_FOUND for no
 * such establishment. */
enum err store_establishment_phase_set(struct store_conn *c, const struct actor *who,
				       int64_t establishment_id, const char *phase,
				       struct errbuf *eb);
/* The phase into out ("" when not set). */
enum err store_establishment_phase_get(struct store_conn *c, int64_t establishment_id,
				       char out[static 16]);
/* The ids of the LA's establishments of a phase. Caller frees *out. */
enum err store_establishments_by_phase(struct store_conn *c, int64_t la_id, const char *phase,
				       int64_t **out, size_t *n);

/* Days before the deadline a request's automatic reminder goes: -1 = the server's
 * setting, 0 = none, else 1..60. Audited "request.update" when it changes. */
enum err store_file_request_remind_set(struct store_conn *c, const struct actor *who,
				       int64_t request_id, int days, struct errbuf *eb);
enum err store_file_request_remind_get(struct store_conn *c, int64_t request_id, int *days);
/* An open request whose deadline is still to come, for the reminder run. */
struct open_request {
	int64_t id;	 /* the request */
	int remind_days; /* as stored (-1 = the setting) */
};
/* Open requests with deadline > after, earliest deadline first. Caller frees. */
enum err store_file_requests_open(struct store_conn *c, int64_t after, struct open_request **out,
				  size_t *n);

/* The LA's receipt of a school's file: the first download by the LA. */
struct file_receipt {
	int64_t file_id;		    /* the received file */
	int64_t user_id;		    /* who downloaded it (0 = command line) */
	char received_by[USERNAME_MAX + 1]; /* their username */
	int64_t received_at;		    /* Unix time */
};
/* Marks the file received by who at `at` unless it is already; *first (may be
 * NULL) says whether this call marked it. Audited "file.received" (object
 * "received file N") the first time only. */
enum err store_file_receipt_add(struct store_conn *c, const struct actor *who,
				const struct received_file *f, int64_t at, bool *first,
				struct errbuf *eb);
/* The receipts of a request's files (of one school, or all for 0), by file id.
 * Caller frees *out. */
enum err store_file_receipts(struct store_conn *c, int64_t request_id, int64_t establishment_id,
			     struct file_receipt **out, size_t *n);

/* A reminder sent to one school about a request. */
struct request_reminder {
	int64_t request_id;		/* the request */
	int64_t establishment_id;	/* the school reminded */
	char kind[8];			/* "chase" (by an officer) or "auto" */
	int recipients;			/* mails sent */
	char sent_by[USERNAME_MAX + 1]; /* officer's username, or "system" */
	int64_t sent_at;		/* Unix time */
};
/* Records a reminder; an "auto" one is recorded at most once per school and
 * request: *added (may be NULL) false when it was there already. Audited
 * "request.chase" / "request.remind" (object "file request N") when added. */
enum err store_reminder_add(struct store_conn *c, const struct actor *who,
			    const struct request_reminder *r, bool *added, struct errbuf *eb);
/* The reminders of a request, oldest first. Caller frees *out. */
enum err store_reminders(struct store_conn *c, int64_t request_id, struct request_reminder **out,
			 size_t *n);
/* The e-mail addresses of the school's admins that are not disabled. Caller
 * frees *out (n addresses of NAME_MAX_LEN + 1 bytes each). */
enum err store_establishment_admin_mails(struct store_conn *c, int64_t establishment_id,
					 char (**out)[NAME_MAX_LEN + 1], size_t *n);

/* A file the LA sends to its schools (two-way collection). */
struct la_file {
	int64_t id;				/* database id */
	int64_t la_id;				/* the sending LA */
	int64_t request_id;			/* the request it belongs to, 0 = none */
	char original_name[RFILE_NAME_MAX + 1]; /* file name */
	char comment[RFILE_COMMENT_MAX + 1];	/* the LA's note */
	int64_t size;				/* bytes */
	char sha256[65];			/* hex digest */
	char sent_by[USERNAME_MAX + 1];		/* officer's username */
	int64_t sent_at;			/* Unix time */
};
/* Stores the file (f->id set) with its target schools (at least one, of f->la_id,
 * checked by the caller), audited "lafile.send" (object "la file N"), in one
 * transaction. ERR_TOO_BIG over RECEIVED_FILE_MAX, ERR_INVALID when empty. */
enum err store_la_file_add(struct store_conn *c, const struct actor *who, struct la_file *f,
			   const void *bytes, size_t len, const int64_t *targets, size_t ntargets,
			   struct errbuf *eb);
/* The LA's files (of one request, or all for request_id 0), newest first. */
enum err store_la_file_list_la(struct store_conn *c, int64_t la_id, int64_t request_id,
			       struct la_file **out, size_t *n);
/* The files sent to a school, newest first. Caller frees *out. */
enum err store_la_file_list_school(struct store_conn *c, int64_t establishment_id,
				   struct la_file **out, size_t *n);
enum err store_la_file_get(struct store_conn *c, int64_t id, struct la_file *out);
/* The bytes (caller frees *out; *len bytes). */
enum err store_la_file_content(struct store_conn *c, int64_t id, char **out, size_t *len);
/* How many schools the file went to; whether it went to one school. */
enum err store_la_file_target_count(struct store_conn *c, int64_t id, size_t *n);
enum err store_la_file_is_target(struct store_conn *c, int64_t id, int64_t establishment_id,
				 bool *yes);
/* Audits a school's download of an LA file ("lafile.download"). */
enum err store_la_file_downloaded(struct store_conn *c, const struct actor *who,
				  const struct la_file *f, int64_t establishment_id,
				  struct errbuf *eb);

/* A request's history: the audit rows of the request ("file request N"), its
 * received files ("received file M") and its LA files ("la file K"), oldest
 * first, at most limit (0 = 1000). Caller frees *out. */
enum err store_request_history(struct store_conn *c, int64_t request_id, int limit,
			       struct audit_entry **out, size_t *n);

#endif
