/*
 * collection_la: the LA side of the collection (issue 7c), shared by the web
 * pages and the command line: downloading a school's file (which marks it
 * Received), all latest returns of a request as one ZIP, the dashboard as XLSX,
 * files the LA sends to its schools, targeting a request by phase and a
 * request's history. Reminders and chasing are in app/reminders.h.
 */
#ifndef PT_APP_COLLECTION_LA_H
#define PT_APP_COLLECTION_LA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/collection.h"
#include "store/store.h"

/* REQ_SUBMITTED becomes REQ_RECEIVED when the file that is the return (the
 * newest successful one of files, newest first) is among the receipts; any
 * other status is returned as it is. */
enum req_status collection_received_status(enum req_status s, const struct received_file *files,
					   size_t n, const struct file_receipt *receipts,
					   size_t nreceipts);
/* The receipt of file_id among receipts, or NULL. */
const struct file_receipt *collection_receipt_of(const struct file_receipt *receipts, size_t n,
						 int64_t file_id);

/* The LA officer downloads one file of a request they may administer: *bytes
 * (caller frees, *len bytes) and *f; the file is marked received by who at the
 * app clock's now (the first time; audited "file.received"). ERR_NOT_FOUND for a
 * file or request the user may not see. */
enum err collection_la_download(struct app *app, struct store_conn *c, const struct user *u,
				const struct actor *who, int64_t request_id, int64_t file_id,
				struct received_file *f, char **bytes, size_t *len,
				struct errbuf *eb);
/* Every school's return (its latest successful file) of the request as one ZIP
 * (caller frees *zip, *len bytes), each named "LAESTAB-name"; each is marked
 * received. *count gets how many files; ERR_NOT_FOUND as above; ERR_INVALID (eb
 * says so) when no school has sent a successful file yet. */
enum err collection_la_download_all(struct app *app, struct store_conn *c, const struct user *u,
				    const struct actor *who, int64_t request_id, char **zip,
				    size_t *len, size_t *count, struct errbuf *eb);

/* Imports a school's return (a successful file of the request) into the LA's
 * view of results, for a school whose data is not kept in pupiltrack (it has no
 * pupils here): the CTF goes through stat_import (app/statutory_app.h) into the
 * same tables the school's own entry fills and the LA-wide reports read, all or
 * nothing, and the file's history gets "file.import". ERR_NOT_FOUND as above;
 * ERR_INVALID for a file that is not a successful return or whose import found
 * problems (added to problems); ERR_CONFLICT (eb says why) when the school keeps
 * its pupils in pupiltrack: its results reach the reports from its own data. */
struct stat_import_counts;
enum err collection_la_import(struct app *app, struct store_conn *c, const struct user *u,
			      const struct actor *who, int64_t request_id, int64_t file_id,
			      struct stat_import_counts *counts, struct problem_list *problems,
			      struct errbuf *eb);

/* The dashboard as an XLSX workbook, same columns as the CSV (text cells stay
 * text: never a formula). Caller frees *out. */
enum err collection_dashboard_xlsx(const struct dashboard *d, int filter, char **out, size_t *len,
				   struct errbuf *eb);

/* The target ids of the LA's schools of a phase ("primary" ...). ERR_INVALID
 * with a message for the form when the phase is unknown or has no schools. */
enum err collection_phase_targets(struct store_conn *c, int64_t la_id, const char *phase,
				  int64_t **ids, size_t *n, struct errbuf *eb);
/* Parses a request form's reminder field: "" = the server's setting (-1), else
 * 0..60 days (0 = no automatic reminder). */
bool collection_remind_days_parse(const char *s, int *days);

/* What the LA sends. */
struct la_send {
	int64_t request_id;	 /* attach to this request (0 = none) */
	bool to_request_targets; /* send to every target school of the request */
	bool all_schools;	 /* send to every school of the LA */
	const char *phase;	 /* or every school of a phase ("" = not) */
	const char *schools;	 /* or these LAESTABs */
	const char *name;	 /* file name as uploaded */
	const char *comment;	 /* the LA's note */
};
/* Stores an LA file for its schools, audited. ERR_NOT_FOUND when the user is
 * not an officer of the request's LA; ERR_INVALID / ERR_TOO_BIG with a message
 * (no school chosen, a school outside the LA, empty or over 3 MiB). */
enum err collection_la_send(struct app *app, struct store_conn *c, const struct user *u,
			    const struct actor *who, const struct la_send *in, const char *bytes,
			    size_t len, struct la_file *out, struct errbuf *eb);
/* The LA's files of a request (0 = all of the user's LA). Caller frees *out. */
enum err collection_la_files(struct store_conn *c, const struct user *u, int64_t request_id,
			     struct la_file **out, size_t *n);
/* The files the LA sent to the school, newest first. Caller frees *out. */
enum err collection_school_la_files(struct store_conn *c, const struct establishment *e,
				    struct la_file **out, size_t *n);
/* A school downloads a file the LA sent it (audited "lafile.download");
 * ERR_NOT_FOUND when it was not sent to e. Caller frees *bytes. */
enum err collection_school_la_file(struct store_conn *c, const struct actor *who,
				   const struct establishment *e, int64_t file_id,
				   struct la_file *f, char **bytes, size_t *len, struct errbuf *eb);

/* One line of a request's history. */
struct history_line {
	int64_t at;		    /* Unix time */
	char who[USERNAME_MAX + 1]; /* username */
	char what[64];		    /* "Uploaded", "Received by the LA", "Chased" ... */
	char detail[600];	    /* the file, the school, the change */
	int64_t establishment_id;   /* the school concerned, 0 = none */
};
/* Every upload, supersede, recall, receipt, deletion, chase, reminder and change
 * of the request, oldest first, from the audit. ERR_NOT_FOUND for a request the
 * user may not administer. Caller frees *out. */
enum err collection_request_history(struct store_conn *c, const struct user *u, int64_t request_id,
				    struct history_line **out, size_t *n);

#endif
