/*
 * collection_la: the LA side of the collection (see collection_la.h). Access to
 * a request is decided by collection_request_get (access_allowed over the
 * request's LA); a school's own view by the route's establishment check plus
 * the file's targets here.
 */
#include "app/collection_la.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/xalloc.h"
#include "app/statutory_app.h"
#include "core/phase.h"
#include "formats/xlsx_write.h"
#include "formats/zip_write.h"

static bool file_counts(const struct received_file *f)
{
	return strcmp(f->status, "successful") == 0 ||
	       strcmp(f->status, "successful-with-queries") == 0;
}

const struct file_receipt *collection_receipt_of(const struct file_receipt *receipts, size_t n,
						 int64_t file_id)
{
	for (size_t i = 0; i < n; i++)
		if (receipts[i].file_id == file_id)
			return &receipts[i];
	return NULL;
}

enum req_status collection_received_status(enum req_status s, const struct received_file *files,
					   size_t n, const struct file_receipt *receipts,
					   size_t nreceipts)
{
	if (s != REQ_SUBMITTED)
		return s;
	for (size_t i = 0; i < n; i++)
		if (file_counts(&files[i]))
			return collection_receipt_of(receipts, nreceipts, files[i].id) ?
				       REQ_RECEIVED :
				       s;
	return s;
}

/* ---- downloads ---- */

enum err collection_la_download(struct app *app, struct store_conn *c, const struct user *u,
				const struct actor *who, int64_t request_id, int64_t file_id,
				struct received_file *f, char **bytes, size_t *len,
				struct errbuf *eb)
{
	struct file_request r;
	enum err e;

	*bytes = NULL;
	*len = 0;
	e = collection_request_get(c, u, request_id, &r);
	if (!e)
		e = store_received_file_get(c, file_id, f);
	if (!e && f->request_id != r.id)
		e = ERR_NOT_FOUND;
	if (e)
		return errbuf_set(eb, e, "there is no such file");
	e = store_received_file_content(c, file_id, bytes, len);
	if (!e)
		e = store_file_receipt_add(c, who, f, app_now(app), NULL, eb);
	if (e) {
		free(*bytes);
		*bytes = NULL;
		*len = 0;
	}
	return e;
}

/* "8882001-ks2-return.xml": the school's LAESTAB before the name as sent, with
 * anything that could make a folder in the archive replaced. */
static void entry_name(char *dst, size_t cap, const struct establishment *school,
		       const struct received_file *f)
{
	snprintf(dst, cap, "%07d-%lld-%s", establishment_laestab(school), (long long)f->id,
		 f->original_name[0] ? f->original_name : "file");
	for (char *p = dst; *p; p++)
		if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20 || *p == ':')
			*p = '_';
}

enum err collection_la_download_all(struct app *app, struct store_conn *c, const struct user *u,
				    const struct actor *who, int64_t request_id, char **zip,
				    size_t *len, size_t *count, struct errbuf *eb)
{
	struct file_request r;
	struct establishment *targets = NULL;
	struct received_file *files = NULL;
	struct zip_entry *entries = NULL;
	char **data = NULL, (*names)[RFILE_NAME_MAX + 32] = NULL;
	size_t ntargets = 0, nfiles = 0, k = 0, *which = NULL;
	int64_t now = app_now(app);
	enum err e;

	*zip = NULL;
	*len = 0;
	*count = 0;
	e = collection_request_get(c, u, request_id, &r);
	if (e)
		return errbuf_set(eb, e, "there is no such request");
	e = store_request_targets(c, r.id, &targets, &ntargets);
	if (!e)
		e = store_received_file_list(c, r.id, 0, &files, &nfiles);
	if (e)
		goto out;
	entries = xcalloc(nfiles ? nfiles : 1, sizeof(*entries));
	data = xcalloc(nfiles ? nfiles : 1, sizeof(*data));
	names = xcalloc(nfiles ? nfiles : 1, sizeof(*names));
	which = xcalloc(nfiles ? nfiles : 1, sizeof(*which));
	/* files are newest first: the first counting file of a school is its return */
	for (size_t t = 0; t < ntargets; t++) {
		for (size_t i = 0; i < nfiles; i++) {
			size_t flen = 0;
			if (files[i].establishment_id != targets[t].id || !file_counts(&files[i]))
				continue;
			e = store_received_file_content(c, files[i].id, &data[k], &flen);
			if (e)
				goto out;
			/* the store hands a 3 MiB buffer: keep only the bytes, as a
			 * request may have hundreds of returns */
			data[k] = xrealloc(data[k], flen + 1);
			entry_name(names[k], sizeof(names[k]), &targets[t], &files[i]);
			entries[k].name = names[k];
			entries[k].data = data[k];
			entries[k].len = flen;
			which[k++] = i;
			break;
		}
	}
	if (!k) {
		e = errbuf_set(eb, ERR_INVALID,
			       "No school has sent a successful file for this request yet: there "
			       "is nothing to download.");
		goto out;
	}
	e = zip_write(entries, k, zip, len, eb);
	if (e)
		goto out;
	e = store_begin(c, eb);
	if (e)
		goto out;
	for (size_t j = 0; !e && j < k; j++)
		e = store_file_receipt_add(c, who, &files[which[j]], now, NULL, eb);
	if (!e)
		e = store_commit(c, eb);
	else
		store_rollback(c);
	if (!e)
		*count = k;
out:
	if (e) {
		free(*zip);
		*zip = NULL;
		*len = 0;
	}
	for (size_t i = 0; data && i < k; i++)
		free(data[i]);
	free(data);
	free(names);
	free(which);
	free(entries);
	free(files);
	free(targets);
	return e;
}

/* ---- import into the LA's results ---- */

enum err collection_la_import(struct app *app, struct store_conn *c, const struct user *u,
			      const struct actor *who, int64_t request_id, int64_t file_id,
			      struct stat_import_counts *counts, struct problem_list *problems,
			      struct errbuf *eb)
{
	struct file_request r;
	struct received_file f;
	struct establishment school;
	struct audit_entry ae;
	char *bytes = NULL;
	size_t len = 0;
	long pupils = 0;
	enum err e;

	memset(counts, 0, sizeof(*counts));
	e = collection_request_get(c, u, request_id, &r);
	if (!e)
		e = store_received_file_get(c, file_id, &f);
	if (!e && f.request_id != r.id)
		e = ERR_NOT_FOUND;
	if (!e)
		e = store_establishment_get(c, f.establishment_id, &school);
	if (e)
		return errbuf_set(eb, e, "there is no such file");
	if (!file_counts(&f))
		return errbuf_set(eb, ERR_INVALID,
				  "Only a successful file can be imported: this one is \"%s\".",
				  f.status);
	e = store_pupil_count(c, school.id, &pupils);
	if (e)
		return errbuf_set(eb, e, "the school's pupils could not be counted");
	if (pupils > 0)
		return errbuf_set(eb, ERR_CONFLICT,
				  "%s keeps its pupils in pupiltrack: its results already reach "
				  "the LA's reports from its own data, so this file is not "
				  "imported.",
				  school.name);
	e = store_received_file_content(c, f.id, &bytes, &len);
	if (e)
		return errbuf_set(eb, e, "the file could not be read");
	e = stat_import(app, c, who, &school, f.original_name, bytes, len, counts, problems, eb);
	free(bytes);
	if (e)
		return e;
	memset(&ae, 0, sizeof(ae));
	ae.user_id = who ? who->user_id : 0;
	snprintf(ae.actor, sizeof(ae.actor), "%s", who && who->name ? who->name : "system");
	snprintf(ae.ip, sizeof(ae.ip), "%s", who && who->ip ? who->ip : "");
	ae.establishment_id = school.id;
	snprintf(ae.action, sizeof(ae.action), "file.import");
	snprintf(ae.object, sizeof(ae.object), "received file %lld", (long long)f.id);
	snprintf(ae.field, sizeof(ae.field), "results");
	snprintf(ae.new_value, sizeof(ae.new_value),
		 "imported into the LA's results: %zu pupils added, %zu results",
		 counts->pupils_new, counts->results);
	return store_audit_add(c, &ae);
}

/* ---- XLSX ---- */

enum err collection_dashboard_xlsx(const struct dashboard *d, int filter, char **out, size_t *len,
				   struct errbuf *eb)
{
	static const char *const head[] = { "LAESTAB",	   "School",  "Status",	      "Last file",
					    "File status", "Sent by", "Sent at (UTC)" };
	enum { COLS = 7 };
	_Static_assert(ARRAY_SIZE(head) == COLS, "a heading per column");
	struct sheet sh = { .name = "Schools", .cols = COLS, .header_rows = 1 };
	char(*laestab)[16] = NULL, (*when)[21] = NULL;
	size_t rows = 1;
	enum err e;

	laestab = xcalloc(d->n ? d->n : 1, sizeof(*laestab));
	when = xcalloc(d->n ? d->n : 1, sizeof(*when));
	sh.cells = xcalloc((d->n + 1) * COLS, sizeof(*sh.cells));
	sh.rows = d->n + 1;
	for (size_t i = 0; i < COLS; i++) {
		sheet_at(&sh, 0, i)->text = head[i];
		sheet_at(&sh, 0, i)->bold = true;
	}
	for (size_t i = 0; i < d->n; i++) {
		const struct dashboard_row *row = &d->rows[i];
		if (filter >= 0 && (int)row->status != filter)
			continue;
		snprintf(laestab[i], sizeof(laestab[i]), "%07d",
			 establishment_laestab(&row->school));
		if (row->has_last)
			date_format_timestamp(row->last.received_at, when[i]);
		sheet_at(&sh, rows, 0)->text = laestab[i];
		sheet_at(&sh, rows, 1)->text = row->school.name;
		sheet_at(&sh, rows, 2)->text = req_status_label(row->status);
		sheet_at(&sh, rows, 3)->text = row->has_last ? row->last.original_name : "";
		sheet_at(&sh, rows, 4)->text = row->has_last ? row->last.status : "";
		sheet_at(&sh, rows, 5)->text = row->has_last ? row->last.sender : "";
		sheet_at(&sh, rows, 6)->text = row->has_last ? when[i] : "";
		rows++;
	}
	sh.rows = rows;
	e = xlsx_write_sheet(&sh, NULL, out, len, eb);
	free(sh.cells);
	free(laestab);
	free(when);
	return e;
}

/* ---- targeting ---- */

enum err collection_phase_targets(struct store_conn *c, int64_t la_id, const char *phase,
				  int64_t **ids, size_t *n, struct errbuf *eb)
{
	enum est_phase p;
	enum err e;

	*ids = NULL;
	*n = 0;
	if (!phase_parse(phase, &p) || p == PHASE_NONE)
		return errbuf_set(eb, ERR_INVALID,
				  "Choose a phase: nursery, primary, middle, secondary or "
				  "all-through");
	e = store_establishments_by_phase(c, la_id, phase_code(p), ids, n);
	if (e)
		return errbuf_set(eb, e, "the schools could not be read");
	if (!*n)
		return errbuf_set(eb, ERR_INVALID,
				  "No school of your local authority is recorded as %s: choose "
				  "another phase or list the schools",
				  phase_label(p));
	return ERR_OK;
}

bool collection_remind_days_parse(const char *s, int *days)
{
	int v = 0;

	if (!s || !*s) {
		*days = -1;
		return true;
	}
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)*p) || p - s >= 2)
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v > 60)
		return false;
	*days = v;
	return true;
}

/* ---- the LA's files ---- */

enum err collection_la_send(struct app *app, struct store_conn *c, const struct user *u,
			    const struct actor *who, const struct la_send *in, const char *bytes,
			    size_t len, struct la_file *out, struct errbuf *eb)
{
	struct file_request r;
	struct establishment *list = NULL;
	struct request_form_errors fe;
	unsigned char h[crypto_hash_sha256_BYTES];
	int64_t *ids = NULL;
	size_t nids = 0, nlist = 0;
	enum err e = ERR_OK;

	memset(out, 0, sizeof(*out));
	memset(&fe, 0, sizeof(fe));
	if (in->request_id) {
		e = collection_request_get(c, u, in->request_id, &r);
		if (e)
			return errbuf_set(eb, e, "there is no such request");
		out->la_id = r.la_id;
		out->request_id = r.id;
	} else {
		memset(&r, 0, sizeof(r));
		r.la_id = u->la_id;
		if (!u->la_id || !collection_may_admin(u, &r))
			return errbuf_set(eb, ERR_NOT_FOUND,
					  "only an LA officer can send files to schools");
		out->la_id = u->la_id;
	}
	if (len > RECEIVED_FILE_MAX)
		return errbuf_set(eb, ERR_TOO_BIG,
				  "The file is %zu bytes: the limit is %d bytes (3 MiB). Send a "
				  "smaller file.",
				  len, RECEIVED_FILE_MAX);
	if (!len)
		return errbuf_set(eb, ERR_INVALID, "The file is empty: choose the file again.");
	if (in->request_id && in->to_request_targets) {
		e = store_request_targets(c, r.id, &list, &nlist);
	} else if (in->all_schools) {
		e = store_establishment_list(c, out->la_id, 0, &list, &nlist);
	} else if (in->phase && in->phase[0]) {
		e = collection_phase_targets(c, out->la_id, in->phase, &ids, &nids, eb);
		if (e)
			goto out;
	} else if (!collection_schools_parse(c, out->la_id, in->schools, &ids, &nids, &fe)) {
		e = errbuf_set(eb, ERR_INVALID, "%s", fe.schools);
		goto out;
	}
	if (e) {
		errbuf_set(eb, e, "the schools could not be read");
		goto out;
	}
	if (list) {
		ids = xcalloc(nlist ? nlist : 1, sizeof(*ids));
		for (size_t i = 0; i < nlist; i++)
			ids[i] = list[i].id;
		nids = nlist;
	}
	if (!nids) {
		e = errbuf_set(eb, ERR_INVALID, "Choose at least one school to send the file to.");
		goto out;
	}
	{
		const char *b = in->name ? in->name : "";
		for (const char *p = b; *p; p++)
			if (*p == '/' || *p == '\\')
				b = p + 1;
		snprintf(out->original_name, sizeof(out->original_name), "%s", *b ? b : "file");
	}
	snprintf(out->comment, sizeof(out->comment), "%s", in->comment ? in->comment : "");
	crypto_hash_sha256(h, (const unsigned char *)bytes, len);
	sodium_bin2hex(out->sha256, sizeof(out->sha256), h, sizeof(h));
	out->sent_at = app_now(app);
	e = store_la_file_add(c, who, out, bytes, len, ids, nids, eb);
out:
	free(ids);
	free(list);
	return e;
}

enum err collection_la_files(struct store_conn *c, const struct user *u, int64_t request_id,
			     struct la_file **out, size_t *n)
{
	struct file_request r;
	enum err e;

	*out = NULL;
	*n = 0;
	if (request_id) {
		e = collection_request_get(c, u, request_id, &r);
		if (e)
			return e;
		return store_la_file_list_la(c, r.la_id, r.id, out, n);
	}
	memset(&r, 0, sizeof(r));
	r.la_id = u->la_id;
	if (!u->la_id || !collection_may_admin(u, &r))
		return ERR_OK;
	return store_la_file_list_la(c, u->la_id, 0, out, n);
}

enum err collection_school_la_files(struct store_conn *c, const struct establishment *e,
				    struct la_file **out, size_t *n)
{
	return store_la_file_list_school(c, e->id, out, n);
}

enum err collection_school_la_file(struct store_conn *c, const struct actor *who,
				   const struct establishment *e, int64_t file_id,
				   struct la_file *f, char **bytes, size_t *len, struct errbuf *eb)
{
	bool yes = false;
	enum err err;

	*bytes = NULL;
	*len = 0;
	err = store_la_file_is_target(c, file_id, e->id, &yes);
	if (!err && !yes)
		err = ERR_NOT_FOUND;
	if (!err)
		err = store_la_file_get(c, file_id, f);
	if (err)
		return errbuf_set(eb, err, "there is no such file");
	err = store_la_file_content(c, file_id, bytes, len);
	if (!err)
		err = store_la_file_downloaded(c, who, f, e->id, eb);
	if (err) {
		free(*bytes);
		*bytes = NULL;
		*len = 0;
	}
	return err;
}

/* ---- history ---- */

static const struct {
	const char *action; /* audit action */
	const char *what;   /* what a person reads */
} history_words[] = {
	{ "request.add", "Request created" },
	{ "request.update", "Request changed" },
	{ "request.close", "Closed" },
	{ "request.reopen", "Reopened" },
	{ "request.chase", "Chased" },
	{ "request.remind", "Automatic reminder" },
	{ "file.receive", "Uploaded" },
	{ "file.overwrite", "Overwritten" },
	{ "file.trust_upload", "Uploaded by the trust" },
	{ "file.received", "Received by the LA" },
	{ "file.recall", "Recalled" },
	{ "file.delete", "Deleted" },
	{ "statutory.unlock", "Unlocked" },
	{ "file.import", "Imported into the LA's results" },
	{ "lafile.send", "LA file sent" },
	{ "lafile.download", "LA file downloaded by the school" },
};

enum err collection_request_history(struct store_conn *c, const struct user *u, int64_t request_id,
				    struct history_line **out, size_t *n)
{
	struct file_request r;
	struct audit_entry *rows = NULL;
	size_t nrows = 0;
	enum err e;

	*out = NULL;
	*n = 0;
	e = collection_request_get(c, u, request_id, &r);
	if (!e)
		e = store_request_history(c, r.id, 0, &rows, &nrows);
	if (e)
		return e;
	*out = xcalloc(nrows ? nrows : 1, sizeof(**out));
	for (size_t i = 0; i < nrows; i++) {
		struct history_line *h = &(*out)[i];
		const char *what = rows[i].action;
		for (size_t k = 0; k < ARRAY_SIZE(history_words); k++)
			if (strcmp(rows[i].action, history_words[k].action) == 0)
				what = history_words[k].what;
		h->at = rows[i].at;
		h->establishment_id = rows[i].establishment_id;
		snprintf(h->who, sizeof(h->who), "%s", rows[i].actor);
		snprintf(h->what, sizeof(h->what), "%s", what);
		if (rows[i].old_value[0])
			snprintf(h->detail, sizeof(h->detail), "%s: %s -> %s", rows[i].field,
				 rows[i].old_value, rows[i].new_value);
		else
			snprintf(h->detail, sizeof(h->detail), "%s", rows[i].new_value);
	}
	*n = nrows;
	free(rows);
	return ERR_OK;
}
