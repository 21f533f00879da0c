/*
 * collection_upload: several files per upload, the kind of each file, the
 * error file (see collection_upload.h). The rules are the shared ones: the CTF
 * rule engine (core/statutory.c through collection_check_ctf), the pupil
 * upload's (app/pupil_import.c) and the results spreadsheet's
 * (app/results_sheet.c).
 */
#include "app/collection_upload.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/collection_mat.h"
#include "app/pupil_import.h"
#include "app/results_sheet.h"
#include "app/results_template.h"
#include "app/statutory_app.h"
#include "base/date.h"
#include "base/xalloc.h"
#include "core/access.h"
#include "core/calendar.h"
#include "core/role.h"
#include "core/statutory.h"
#include "formats/csv_write.h"

static const char *const kind_codes[FILE_KIND__MAX] = { "unknown", "ctf", "pupil-csv",
							"results-xlsx" };
static const char *const kind_labels[FILE_KIND__MAX] = { "Not recognised",
							 "Common transfer file (CTF)", "Pupil CSV",
							 "Results spreadsheet (XLSX)" };

const char *file_kind_code(enum file_kind k)
{
	return (unsigned)k < FILE_KIND__MAX ? kind_codes[k] : kind_codes[FILE_KIND_UNKNOWN];
}

const char *file_kind_label_of(const char *code)
{
	for (int i = 0; i < FILE_KIND__MAX; i++)
		if (code && strcmp(code, kind_codes[i]) == 0)
			return kind_labels[i];
	return kind_labels[FILE_KIND_UNKNOWN];
}

/* The first cell of the first line, and whether a later cell of that line is
 * "Surname": the pupil template's header (UPN, Surname, ...). */
static bool pupil_header(const char *bytes, size_t len)
{
	char cell[16];
	size_t i = 0, k = 0, ncell = 0;
	bool upn = false;

	if (len >= 3 && (unsigned char)bytes[0] == 0xEF && (unsigned char)bytes[1] == 0xBB &&
	    (unsigned char)bytes[2] == 0xBF)
		i = 3;
	for (; i <= len && ncell < 64; i++) {
		char ch = i < len ? bytes[i] : '\n';
		if (ch == ',' || ch == '\n' || ch == '\r') {
			cell[k < sizeof(cell) ? k : sizeof(cell) - 1] = '\0';
			if (ncell == 0)
				upn = strcmp(cell, "upn") == 0;
			else if (upn && strcmp(cell, "surname") == 0)
				return true;
			ncell++;
			k = 0;
			if (ch != ',')
				return false;
			continue;
		}
		if (ch == '"' || ch == ' ' || ch == '\t')
			continue;
		if (k + 1 < sizeof(cell))
			cell[k] = (char)tolower((unsigned char)ch);
		k++;
	}
	return false;
}

enum file_kind file_kind_guess(const char *bytes, size_t len)
{
	size_t i = 0;

	if (len >= 4 && memcmp(bytes, "PK\x03\x04", 4) == 0)
		return FILE_KIND_RESULTS_XLSX;
	if (memchr(bytes, '\0', len))
		return FILE_KIND_UNKNOWN;
	if (len >= 3 && (unsigned char)bytes[0] == 0xEF && (unsigned char)bytes[1] == 0xBB &&
	    (unsigned char)bytes[2] == 0xBF)
		i = 3;
	while (i < len && isspace((unsigned char)bytes[i]))
		i++;
	if (i < len && bytes[i] == '<')
		return FILE_KIND_CTF;
	return pupil_header(bytes, len) ? FILE_KIND_PUPIL_CSV : FILE_KIND_UNKNOWN;
}

/* What a request asks for, for messages: "KS1 results" ... */
static bool wants_collection(const struct file_request *r, enum collection *coll)
{
	return collection_parse(r->collection, coll);
}

static void check_pupil_csv(struct store_conn *c, const struct file_request *r,
			    const struct establishment *e, const char *fname, const char *bytes,
			    size_t len, int64_t now, struct problem_list *pl)
{
	struct pupil_import imp;
	enum collection coll;

	memset(&imp, 0, sizeof(imp));
	pupil_import_check(c, e, fname, bytes, len, COLLECTION_FILE_MAX, date_from_unix(now), &imp);
	for (size_t i = 0; i < imp.problems.count; i++) {
		const struct problem *p = &imp.problems.items[i];
		problem_list_add(pl, p->severity, p->location, p->code, "%s", p->message);
	}
	pupil_import_free(&imp);
	if (wants_collection(r, &coll))
		problem_list_error(
			pl, fname, "REQ_KIND",
			"This is a pupil list (CSV), but this request is for %s results: "
			"send the CTF your MIS exported, or the results spreadsheet "
			"template filled in.",
			collection_label(coll));
}

static enum err check_results_xlsx(struct app *app, struct store_conn *c,
				   const struct file_request *r, const struct establishment *e,
				   const char *fname, const char *bytes, size_t len, int64_t now,
				   bool *is_sheet, struct problem_list *pl, struct errbuf *eb)
{
	struct results_sheet_options opt = { .school_laestab = establishment_laestab(e),
					     .today = date_from_unix(now),
					     .academic_year = r->academic_year };
	struct errbuf xeb = { "" };
	enum collection want, found = COLL_KS1;
	bool wants = wants_collection(r, &want);
	char **upns = NULL;
	size_t nupns = 0;
	enum err err;

	*is_sheet = false;
	/* issue 7e: a spreadsheet whose School DFE (first data rows) is another
	 * school's is refused like another school's CTF: nothing stored */
	{
		enum mat_found where = MAT_FOUND_NONE;
		int named = collection_mat_laestab(NULL, bytes, len, &where);
		if (where == MAT_FOUND_CONTENT && named != establishment_laestab(e))
			return errbuf_set(eb, ERR_INVALID,
					  "The file %s is the results spreadsheet of school %07d, "
					  "not of %s (%07d). Nothing was sent: send your own "
					  "school's file.",
					  fname, named, e->name, establishment_laestab(e));
	}
	/* pupils cannot be added or removed: the set the template was made with */
	if (wants && results_sheet_layout(want, NULL, NULL)) {
		err = results_template_upns(app, c, e, want, r->academic_year, &upns, &nupns, eb);
		if (err)
			return err;
	}
	opt.upns = nupns ? (const char *const *)upns : NULL;
	opt.nupns = nupns;
	opt.found = &found;
	err = results_sheet_check(app, fname, bytes, len, app->codes, &opt, pl, &xeb);
	free(upns);
	*is_sheet = err == ERR_OK;
	if (err == ERR_INVALID || err == ERR_TOO_BIG)
		return ERR_OK; /* an XLSX_READ problem: not a workbook that can be read */
	if (err)
		return errbuf_set(eb, err, "%s", xeb.msg);
	if (wants && found != want)
		problem_list_error(pl, fname, "REQ_COLLECTION",
				   "This is the %s results spreadsheet, but this request is for "
				   "%s: check you chose the right file, or the right request.",
				   collection_label(found), collection_label(want));
	return ERR_OK;
}

enum err collection_check_file(struct app *app, struct store_conn *c, const struct file_request *r,
			       const struct establishment *e, const char *fname, const char *bytes,
			       size_t len, int64_t now, char *kind, size_t kind_cap,
			       struct problem_list *pl, struct errbuf *eb)
{
	enum file_kind k = file_kind_guess(bytes, len);
	bool ok = false;
	enum err err = ERR_OK;

	switch (k) {
	case FILE_KIND_CTF:
		err = collection_check_ctf(app, r, e, fname, bytes, len, now, &ok, pl, eb);
		break;
	case FILE_KIND_RESULTS_XLSX:
		err = check_results_xlsx(app, c, r, e, fname, bytes, len, now, &ok, pl, eb);
		break;
	case FILE_KIND_PUPIL_CSV:
		check_pupil_csv(c, r, e, fname, bytes, len, now, pl);
		ok = true;
		break;
	case FILE_KIND_UNKNOWN:
	case FILE_KIND__MAX:
		break;
	}
	if (err)
		return err;
	if (!ok && k != FILE_KIND_RESULTS_XLSX) {
		k = FILE_KIND_UNKNOWN;
		problem_list_release(pl);
		problem_list_error(pl, fname, "FILE_KIND",
				   "This file is not one a return can be made of: send the CTF "
				   "your MIS exported (an .xml file that starts with <CTfile>), "
				   "the results spreadsheet template (.xlsx) filled in, or the "
				   "pupil CSV template.");
	} else if (!ok) {
		k = FILE_KIND_UNKNOWN; /* a zip that is no readable workbook: XLSX_READ */
	}
	snprintf(kind, kind_cap, "%s", file_kind_code(k));
	return ERR_OK;
}

/* ---- several files ---- */

void collection_verdicts_free(struct upload_verdict *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		receipt_release(&v[i].rc);
	free(v);
}

enum err collection_receive_many(struct app *app, struct store_conn *c, const struct user *u,
				 const struct actor *who, const struct establishment *e, int64_t id,
				 const struct upload_file *files, size_t n, const char *comment,
				 struct upload_verdict **out, struct errbuf *eb)
{
	struct upload_verdict *v;
	size_t not_found = 0;

	*out = NULL;
	if (n == 0)
		return errbuf_set(eb, ERR_INVALID,
				  "Choose the files to send (drag them onto the box or use "
				  "\"Choose files\"), then press Upload & send.");
	if (n > COLLECTION_FILES_MAX)
		return errbuf_set(eb, ERR_TOO_BIG,
				  "You chose %zu files: at most %d can be sent at a time. Nothing "
				  "was sent: send them in smaller groups.",
				  n, COLLECTION_FILES_MAX);
	v = xcalloc(n, sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		struct errbuf feb = { "" };
		const char *b = files[i].name ? files[i].name : "";

		for (const char *p = b; *p; p++)
			if (*p == '/' || *p == '\\')
				b = p + 1;
		snprintf(v[i].name, sizeof(v[i].name), "%s", *b ? b : "upload");
		receipt_init(&v[i].rc);
		v[i].err = collection_receive(app, c, u, who, e, id, files[i].name, files[i].data,
					      files[i].len, comment, &v[i].rc, &feb);
		if (v[i].err)
			snprintf(v[i].message, sizeof(v[i].message), "%s", feb.msg);
		if (v[i].err == ERR_NOT_FOUND)
			not_found++;
	}
	if (not_found == n) {
		collection_verdicts_free(v, n);
		return errbuf_set(eb, ERR_NOT_FOUND, "there is no such request");
	}
	*out = v;
	return ERR_OK;
}

/* ---- the error file ---- */

/* Splits "FILE:Sheet!L3", "FILE:'My sheet'!L3", "FILE:12:5" or "FILE". */
static void loc_split(const char *loc, char *file, size_t fcap, char *sheet, size_t scap, char *row,
		      size_t rcap, char *col, size_t ccap)
{
	const char *bang = strrchr(loc, '!');
	size_t n = strlen(loc);

	*sheet = *row = *col = '\0';
	if (bang) {
		const char *colon = bang;
		const char *cell = bang + 1, *d = cell;
		while (colon > loc && *colon != ':')
			colon--;
		while (isalpha((unsigned char)*d))
			d++;
		if (*colon == ':' && d > cell && isdigit((unsigned char)*d)) {
			const char *s = colon + 1;
			size_t sl = (size_t)(bang - s);
			if (sl >= 2 && s[0] == '\'' && s[sl - 1] == '\'') {
				s++;
				sl -= 2;
			}
			snprintf(file, fcap, "%.*s", (int)(colon - loc), loc);
			snprintf(sheet, scap, "%.*s", (int)sl, s);
			snprintf(col, ccap, "%.*s", (int)(d - cell), cell);
			snprintf(row, rcap, "%s", d);
			return;
		}
	}
	/* "...:LINE:COL" or "...:LINE" from the end */
	{
		size_t i = n, j;
		while (i > 0 && isdigit((unsigned char)loc[i - 1]))
			i--;
		if (i < n && i > 0 && loc[i - 1] == ':') {
			j = i - 1;
			while (j > 0 && isdigit((unsigned char)loc[j - 1]))
				j--;
			if (j < i - 1 && j > 0 && loc[j - 1] == ':') {
				snprintf(file, fcap, "%.*s", (int)(j - 1), loc);
				snprintf(row, rcap, "%.*s", (int)(i - 1 - j), loc + j);
				snprintf(col, ccap, "%s", loc + i);
			} else {
				snprintf(file, fcap, "%.*s", (int)(i - 1), loc);
				snprintf(row, rcap, "%s", loc + i);
			}
			return;
		}
	}
	snprintf(file, fcap, "%s", loc);
}

void collection_problems_csv(const struct problem_list *pl, struct strbuf *out)
{
	static const char *const head[] = {
		"File", "Sheet", "Row", "Column", "Severity", "Message"
	};
	char file[PROBLEM_LOC_MAX], sheet[PROBLEM_LOC_MAX], row[24], col[24];

	for (size_t i = 0; i < ARRAY_SIZE(head); i++) {
		if (i)
			strbuf_addc(out, ',');
		csv_field(out, head[i]);
	}
	strbuf_adds(out, "\r\n");
	for (size_t i = 0; i < pl->count; i++) {
		const struct problem *p = &pl->items[i];
		const char *cells[6];

		loc_split(p->location, file, sizeof(file), sheet, sizeof(sheet), row, sizeof(row),
			  col, sizeof(col));
		cells[0] = file;
		cells[1] = sheet;
		cells[2] = row;
		cells[3] = col;
		cells[4] = p->severity == SEV_ERROR ? "error" : "query";
		cells[5] = p->message;
		for (size_t k = 0; k < ARRAY_SIZE(cells); k++) {
			if (k)
				strbuf_addc(out, ',');
			csv_field(out, cells[k]);
		}
		strbuf_adds(out, "\r\n");
	}
}

/* ---- files sent: the LA's receipt, recall, delete ---- */

static const char *const filter_codes[SENT__MAX] = { "all", "not-received", "received" };

const char *sent_filter_code(enum sent_filter f)
{
	return (unsigned)f < SENT__MAX ? filter_codes[f] : filter_codes[SENT_ALL];
}

enum err collection_sent_files(struct store_conn *c, const struct establishment *e,
			       int64_t request_id, enum sent_filter filter, struct sent_file **out,
			       size_t *n, struct recalled_file **recalled, size_t *nrecalled)
{
	struct received_file *files = NULL;
	struct file_receipt *rcpts = NULL;
	size_t nf = 0, nr = 0, k = 0;
	enum err err;

	*out = NULL;
	*n = 0;
	*recalled = NULL;
	*nrecalled = 0;
	err = collection_school_files(c, e, request_id, &files, &nf);
	if (!err)
		err = store_file_receipts(c, request_id, e->id, &rcpts, &nr);
	if (!err && filter == SENT_ALL)
		err = store_recalled_file_list(c, request_id, e->id, recalled, nrecalled);
	if (err)
		goto out;
	*out = xcalloc(nf ? nf : 1, sizeof(**out));
	for (size_t i = 0; !err && i < nf; i++) {
		struct sent_file sf = { .f = files[i] };
		int64_t trust = 0;

		for (size_t j = 0; j < nr; j++) {
			if (rcpts[j].file_id == files[i].id) {
				sf.received = true;
				sf.rcpt = rcpts[j];
			}
		}
		err = store_trust_upload_of(c, files[i].id, &trust);
		sf.by_trust = trust != 0;
		if ((filter == SENT_RECEIVED && !sf.received) ||
		    (filter == SENT_NOT_RECEIVED && sf.received))
			continue;
		(*out)[k++] = sf;
	}
	*n = k;
out:
	if (err) {
		free(*out);
		free(*recalled);
		*out = NULL;
		*recalled = NULL;
		*n = *nrecalled = 0;
	}
	free(files);
	free(rcpts);
	return err;
}

/* The file of school e and request id when the user may send for e and the
 * request is open. */
static enum err own_file(struct app *app, struct store_conn *c, const struct user *u,
			 const struct establishment *e, int64_t request_id, int64_t file_id,
			 struct received_file *f, struct errbuf *eb)
{
	struct resource_scope scope = access_scope_of_establishment(e);
	struct school_request sr;
	struct problem_list pl;
	enum err err;

	if (!access_allowed(u, ACT_FILE_SEND, &scope))
		return errbuf_set(eb, ERR_NOT_FOUND, "there is no such file");
	err = collection_school_request(app, c, e, request_id, &sr);
	if (err)
		return errbuf_set(eb, err, "there is no such request");
	if (sr.r.closed)
		return errbuf_set(
			eb, ERR_LOCKED,
			"The local authority has closed the request \"%s\": its files can "
			"no longer be changed.",
			sr.r.name);
	problem_list_init(&pl);
	err = collection_school_file(c, e, request_id, file_id, f, &pl);
	problem_list_release(&pl);
	if (err)
		return errbuf_set(eb, err, "there is no such file");
	return ERR_OK;
}

enum err collection_file_recall(struct app *app, struct store_conn *c, const struct user *u,
				const struct actor *who, const struct establishment *e,
				int64_t request_id, int64_t file_id, struct errbuf *eb)
{
	struct received_file f;
	enum err err = own_file(app, c, u, e, request_id, file_id, &f, eb);

	if (err)
		return err;
	return store_received_file_withdraw(c, who, &f, true, app_now(app), eb);
}

enum err collection_file_delete(struct app *app, struct store_conn *c, const struct user *u,
				const struct actor *who, const struct establishment *e,
				int64_t request_id, int64_t file_id, struct errbuf *eb)
{
	struct received_file f;
	struct user sender;
	int64_t trust = 0;
	bool own;
	enum err err = own_file(app, c, u, e, request_id, file_id, &f, eb);

	if (err)
		return err;
	err = store_trust_upload_of(c, f.id, &trust);
	if (err)
		return errbuf_set(eb, err, "the file could not be read");
	if (trust) {
		own = role_scope(u->role) == SCOPE_TRUST && u->trust_id == trust;
	} else {
		/* the sender must be a user of this school, and so must the deleter */
		own = role_scope(u->role) == SCOPE_ESTABLISHMENT && u->establishment_id == e->id &&
		      f.sender_user_id && store_user_get(c, f.sender_user_id, &sender) == ERR_OK &&
		      role_scope(sender.role) == SCOPE_ESTABLISHMENT &&
		      sender.establishment_id == e->id;
	}
	if (!own)
		return errbuf_set(eb, ERR_DENIED,
				  "%s was uploaded by %s: only %s can delete it. You can recall "
				  "it instead while the local authority has not received it.",
				  f.original_name,
				  trust ? "your trust on the school's behalf" : f.sender,
				  trust ? "the trust's admins" : "the school's own users");
	return store_received_file_withdraw(c, who, &f, false, app_now(app), eb);
}

/* ---- Send to LA ---- */

bool collection_submitted(struct store_conn *c, const struct establishment *e,
			  const struct file_request *r)
{
	struct stat_submission sub;
	enum collection coll;

	memset(&sub, 0, sizeof(sub));
	return collection_parse(r->collection, &coll) &&
	       store_submission_get(c, e->id, coll, r->academic_year, &sub) == ERR_OK &&
	       sub.submitted;
}

enum err collection_send_submitted(struct app *app, struct store_conn *c, const struct user *u,
				   const struct actor *who, const struct establishment *e,
				   int64_t request_id, struct receipt *out,
				   struct problem_list *problems, struct errbuf *eb)
{
	struct resource_scope scope = access_scope_of_establishment(e);
	struct ctf_dest dest = { CTF_DEST_LA, 0 };
	struct school_request sr;
	char name[CTF_NAME_MAX] = "", ay[ACADEMIC_YEAR_LABEL_MAX];
	enum collection coll;
	char *xml = NULL;
	size_t len = 0;
	enum err err;

	if (!access_allowed(u, ACT_FILE_SEND, &scope))
		return errbuf_set(eb, ERR_NOT_FOUND, "there is no such request");
	err = collection_school_request(app, c, e, request_id, &sr);
	if (err)
		return errbuf_set(eb, err, "there is no such request");
	if (!collection_parse(sr.r.collection, &coll))
		return errbuf_set(eb, ERR_INVALID,
				  "This request is not for a statutory collection: send its files "
				  "with Upload & send.");
	if (!collection_submitted(c, e, &sr.r))
		return errbuf_set(eb, ERR_INVALID,
				  "Your %s results for %s are not submitted yet: check and submit "
				  "them in Statutory results first, then send them here.",
				  collection_label(coll),
				  academic_year_label(sr.r.academic_year, ay));
	err = store_begin(c, eb);
	if (err)
		return err;
	err = stat_export_to(app, c, who, e, coll, sr.r.academic_year, &dest, &xml, &len, name,
			     problems, eb);
	if (!err)
		err = collection_receive(app, c, u, who, e, request_id, name, xml, len,
					 "Sent from pupiltrack: the submitted results.", out, eb);
	if (!err)
		err = store_commit(c, eb);
	else
		store_rollback(c);
	free(xml);
	return err;
}
