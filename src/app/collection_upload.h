/*
 * collection_upload: the school's side of the LA collection beyond one CTF
 * (issue 7b): several files in one "Upload & send", the kind of each detected
 * by its content (a CTF, the pupil CSV template, the results spreadsheet
 * template) and checked by the shared rules; the error file of a file's
 * problems; recalling and deleting files sent. Each file is received by
 * collection_receive (collection.h) on its own: one file refused or failing
 * never stops the others, and each is all-or-nothing.
 */
#ifndef PT_APP_COLLECTION_UPLOAD_H
#define PT_APP_COLLECTION_UPLOAD_H

#include <stddef.h>

#include "app/app.h"
#include "app/collection.h"
#include "base/strbuf.h"
#include "core/problem.h"
#include "store/store.h"

/* One "Upload & send" takes at most COLLECTION_UPLOAD_FILES_MAX files of at most
 * COLLECTION_FILE_MAX bytes each; the whole request body may be
 * COLLECTION_UPLOAD_FILES_MAX x COLLECTION_FILE_MAX + 64 KiB
 * (COLLECTION_UPLOAD_BODY_MAX, store.h). */
enum { COLLECTION_FILES_MAX = COLLECTION_UPLOAD_FILES_MAX };

/* A file problem list longer than this also gets a downloadable error file. */
enum { COLLECTION_ERROR_FILE_AFTER = 10 };

/* What a file is, found from its bytes (never its name). */
enum file_kind {
	FILE_KIND_UNKNOWN,	/* none of the below */
	FILE_KIND_CTF,		/* XML whose root is CTfile */
	FILE_KIND_PUPIL_CSV,	/* text whose first row is the pupil template's header */
	FILE_KIND_RESULTS_XLSX, /* a zip (XLSX) workbook */
	FILE_KIND__MAX
};
/* "ctf", "pupil-csv", "results-xlsx", "unknown": as stored in received_file.kind. */
const char *file_kind_code(enum file_kind k);
/* "Common transfer file (CTF)" ...: for people; a stored code gives its label,
 * anything else "Not recognised". */
const char *file_kind_label_of(const char *code);
/* The kind the bytes look like. A CTF is only confirmed by reading its root. */
enum file_kind file_kind_guess(const char *bytes, size_t len);

/* One file of an upload as sent. */
struct upload_file {
	const char *name; /* as sent (any folder is dropped) */
	const char *data; /* its bytes */
	size_t len;	  /* bytes in data */
};

/* What became of one file of an upload. */
struct upload_verdict {
	char name[RFILE_NAME_MAX + 1]; /* the file name as sent */
	enum err err;		       /* ERR_OK: received (see rc); else refused */
	char message[600];	       /* why it was refused, for school staff */
	struct receipt rc;	       /* the stored file and its problems when err is ERR_OK */
};

/* Receives every file of one upload for school e and request id, in order,
 * each through collection_receive with the one comment. *out (n verdicts)
 * is the caller's to free with collection_verdicts_free. Refused as a whole
 * before any file is read: ERR_INVALID with no files, ERR_TOO_BIG with more
 * than COLLECTION_FILES_MAX (eb says so); ERR_NOT_FOUND / ERR_LOCKED as
 * collection_receive for a request the school cannot send to. Otherwise
 * ERR_OK, whatever each file's verdict (an error of the database is each
 * file's err). */
enum err collection_receive_many(struct app *app, struct store_conn *c, const struct user *u,
				 const struct actor *who, const struct establishment *e, int64_t id,
				 const struct upload_file *files, size_t n, const char *comment,
				 struct upload_verdict **out, struct errbuf *eb);
void collection_verdicts_free(struct upload_verdict *v, size_t n);

/* The problems of a file as an error file: CSV with the columns File, Sheet,
 * Row, Column, Severity, Message (Sheet empty, Column a number for a text file;
 * Column letters for a spreadsheet cell), cells safe from formula injection. */
void collection_problems_csv(const struct problem_list *pl, struct strbuf *out);

/* ---- files sent: the LA's receipt, recall, delete ---- */

/* One file a school sent, with what the LA did with it. */
struct sent_file {
	struct received_file f;	  /* as stored */
	bool received;		  /* the LA has downloaded it (issue 7c's receipt) */
	struct file_receipt rcpt; /* who and when, when received */
	bool by_trust;		  /* the school's trust sent it on its behalf (issue 7d) */
};
/* The filter of "Files sent", in the order of its route choices. */
enum sent_filter { SENT_ALL, SENT_NOT_RECEIVED, SENT_RECEIVED, SENT__MAX };
/* "all", "not-received", "received". */
const char *sent_filter_code(enum sent_filter f);

/* The school's files of a request that pass the filter, newest first, and (for
 * SENT_ALL only) its recalled files. Caller frees *out and *recalled. */
enum err collection_sent_files(struct store_conn *c, const struct establishment *e,
			       int64_t request_id, enum sent_filter filter, struct sent_file **out,
			       size_t *n, struct recalled_file **recalled, size_t *nrecalled);

/* Takes back a file of school e the LA has not received yet: it no longer
 * counts and the LA no longer sees it; the school's list shows it Recalled.
 * ERR_NOT_FOUND when it is not e's file of that request or the user may not
 * send for e; ERR_LOCKED for a closed request; ERR_CONFLICT when the LA has
 * received it. Audited, in the request's history. */
enum err collection_file_recall(struct app *app, struct store_conn *c, const struct user *u,
				const struct actor *who, const struct establishment *e,
				int64_t request_id, int64_t file_id, struct errbuf *eb);
/* Deletes a file of school e, only one the school's own users uploaded: a
 * file the trust sent on the school's behalf only the trust's admins may
 * delete, and a school's own upload only the school's users (ERR_DENIED with
 * a message otherwise). Refused like a recall once the LA has received it.
 * Audited, in the request's history. */
enum err collection_file_delete(struct app *app, struct store_conn *c, const struct user *u,
				const struct actor *who, const struct establishment *e,
				int64_t request_id, int64_t file_id, struct errbuf *eb);

/* ---- Send to LA ---- */

/* Whether school e has submitted (and not had unlocked) the request's
 * statutory collection for the request's year; false for "other". */
bool collection_submitted(struct store_conn *c, const struct establishment *e,
			  const struct file_request *r);

/* "Send to LA": makes the CTF of the school's submitted collection for the
 * request's collection and year with the writer and sequence numbers of
 * `pupiltrack ctf export` (stat_export_to, addressed to the LA) and receives
 * it for the request, in one transaction (the sequence number is given back
 * when it fails). ERR_NOT_FOUND as collection_receive; ERR_INVALID (eb says
 * what to do) when the request is not for a statutory collection, the
 * collection is not submitted, or errors remain (problems lists them). */
enum err collection_send_submitted(struct app *app, struct store_conn *c, const struct user *u,
				   const struct actor *who, const struct establishment *e,
				   int64_t request_id, struct receipt *out,
				   struct problem_list *problems, struct errbuf *eb);

#endif
