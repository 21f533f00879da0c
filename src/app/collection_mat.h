/*
 * collection_mat: a multi-academy trust's side of the LA collection (issue 7d).
 * A MAT admin uploads many returns at once; each file is matched to its school
 * by the DfE number (LAESTAB) in its content (a CTF's header SourceSchool, the
 * school column of a CSV or XLSX) or else in its name, and goes to that
 * school's open request for the chosen collection through collection_receive,
 * the same use case the school's own page uses; the file is recorded as sent by
 * the trust on the school's behalf (store_trust_upload_add) in the same
 * transaction. A file whose school is outside the trust is refused naming the
 * file and the school's number. Also: the school an API caller acts for.
 */
#ifndef PT_APP_COLLECTION_MAT_H
#define PT_APP_COLLECTION_MAT_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "app/collection.h"
#include "core/access.h"
#include "store/store.h"

/* Files in one bulk upload at most: MAT_UPLOAD_FILES_MAX (store.h, beside the
 * request body cap MAT_UPLOAD_BODY_MAX the route uses). */

/* One file of a bulk upload as sent. */
struct mat_file {
	const char *name; /* as sent (any folder is dropped) */
	const char *data; /* its bytes */
	size_t len;	  /* bytes in data */
};

/* Where a file's school number was found. */
enum mat_found { MAT_FOUND_NONE, MAT_FOUND_CONTENT, MAT_FOUND_NAME };

/* What became of one file. */
struct mat_verdict {
	char name[RFILE_NAME_MAX + 1];	 /* the file name as sent, without folders */
	int laestab;			 /* the school number found, 0 when none */
	enum mat_found found;		 /* where it was found */
	char school[NAME_MAX_LEN + 1];	 /* the school's name (trust schools only) */
	int64_t request_id;		 /* the request it went to, 0 when refused */
	char request[FREQ_NAME_MAX + 1]; /* that request's name */
	enum err err;			 /* ERR_OK: received (see rc); else refused */
	char message[600];		 /* why it was refused, for school staff */
	struct receipt rc;		 /* the stored file and its problems (ERR_OK) */
};

/* The LAESTAB a file names: in its content first (CTF header, or the first
 * data row's "School DFE" / "DfE number" / "LAESTAB" column of a CSV or of an
 * XLSX's first sheet), else the first run of exactly 7 digits (or 3 digits, a
 * '-', '_' or '/', and 4 digits) in its name. 0 when neither names one. */
int collection_mat_laestab(const char *name, const char *bytes, size_t len, enum mat_found *found);

/* Receives every file of a MAT admin's bulk upload for the request collection
 * ("eyfsp", "phonics", "ks1", "ks2" or "other"), each on its own: matched to
 * its school, refused (nothing stored) when no school number is found, when the
 * school is not one of the user's trust (ACT_TRUST_UPLOAD and ACT_FILE_SEND
 * over the school), or when the school has no open request of the collection
 * (the earliest deadline wins when it has several); else received as
 * collection_receive does and recorded as the trust's. *out (n verdicts) is
 * freed with collection_mat_verdicts_free. Refused as a whole: ERR_INVALID for
 * no files or an unknown collection, ERR_TOO_BIG over MAT_UPLOAD_FILES_MAX,
 * ERR_NOT_FOUND for a user who is not a MAT admin. */
enum err collection_mat_upload(struct app *app, struct store_conn *c, const struct user *u,
			       const struct actor *who, const char *collection,
			       const struct mat_file *files, size_t n, const char *comment,
			       struct mat_verdict **out, struct errbuf *eb);
void collection_mat_verdicts_free(struct mat_verdict *v, size_t n);

/* A MAT admin's upload to one trust school's request through the API: as
 * collection_receive_many (app/collection_upload.h), in one transaction, every
 * stored file also recorded as sent by the trust. ERR_NOT_FOUND for a user who
 * is not a MAT admin of e's trust. */
struct upload_file;
struct upload_verdict;
enum err collection_mat_receive_many(struct app *app, struct store_conn *c, const struct user *u,
				     const struct actor *who, const struct establishment *e,
				     int64_t id, const struct upload_file *files, size_t n,
				     const char *comment, struct upload_verdict **out,
				     struct errbuf *eb);

/* The files the user's trust sent for its schools, newest first (at most 500);
 * an empty list for a user who may not upload for a trust. Caller frees *out. */
enum err collection_mat_uploads(struct store_conn *c, const struct user *u,
				struct trust_upload **out, size_t *n);

/* Whether the received file was sent by a trust on the school's behalf. */
bool collection_mat_by_trust(struct store_conn *c, int64_t file_id);

/* The school a user acts for on the request API: a school admin's own school;
 * for a MAT admin the trust school numbered laestab; checked with
 * access_allowed(act) over the school. ERR_NOT_FOUND otherwise (an LA officer,
 * a MAT admin without laestab, a school the user may not act for). */
enum err collection_acting_school(struct store_conn *c, const struct user *u, int laestab,
				  enum action act, struct establishment *out);

#endif
