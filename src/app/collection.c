/*
 * collection: the LA collection use cases (see collection.h). Access to a
 * request is decided here with access_allowed() over the request's LA (the route
 * only knows the user's own area); files are checked with the shared rule
 * engine and stored through store_received_file_add in one transaction.
 */
#include "app/collection.h"
#include "app/collection_la.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/xalloc.h"
#include "core/access.h"
#include "core/calendar.h"
#include "core/statutory.h"
#include "formats/csv_write.h"
#include "formats/ctf_read.h"

static const char *const status_labels[REQ_STATUS__MAX] = { "File required", "Submitted",
							    "Upload error", "Overdue", "Received" };
static const char *const status_codes[REQ_STATUS__MAX] = { "required", "submitted", "error",
							   "overdue", "received" };
_Static_assert(ARRAY_SIZE(status_labels) == REQ_STATUS__MAX, "a label per status");

const char *req_status_label(enum req_status s)
{
	return (unsigned)s < REQ_STATUS__MAX ? status_labels[s] : "";
}

const char *req_status_code(enum req_status s)
{
	return (unsigned)s < REQ_STATUS__MAX ? status_codes[s] : "";
}

bool req_status_parse(const char *code, enum req_status *out)
{
	for (int i = 0; i < REQ_STATUS__MAX; i++) {
		if (code && strcmp(code, status_codes[i]) == 0) {
			*out = (enum req_status)i;
			return true;
		}
	}
	return false;
}

const char *collection_request_label(const char *collection)
{
	enum collection coll;

	if (collection && strcmp(collection, "other") == 0)
		return "Other";
	if (collection && collection_parse(collection, &coll))
		return collection_label(coll);
	return "";
}

static bool file_counts(const struct received_file *f)
{
	return strcmp(f->status, "successful") == 0 ||
	       strcmp(f->status, "successful-with-queries") == 0;
}

enum req_status collection_status(const struct file_request *r, const struct received_file *files,
				  size_t n, int64_t now, const struct received_file **last)
{
	if (last)
		*last = n ? &files[0] : NULL;
	for (size_t i = 0; i < n; i++)
		if (file_counts(&files[i]))
			return REQ_SUBMITTED;
	if (now > r->deadline)
		return REQ_OVERDUE;
	return n ? REQ_UPLOAD_ERROR : REQ_FILE_REQUIRED;
}

/* ---- requests (LA officer) ---- */

bool collection_may_admin(const struct user *u, const struct file_request *r)
{
	struct resource_scope scope = { 0, 0, r->la_id };
	return access_allowed(u, ACT_LA_ADMIN, &scope);
}

enum err collection_request_get(struct store_conn *c, const struct user *u, int64_t id,
				struct file_request *out)
{
	enum err e = store_file_request_get(c, id, out);

	if (e)
		return e;
	return collection_may_admin(u, out) ? ERR_OK : ERR_NOT_FOUND;
}

/* "HH:MM" into minutes of the day; "" is 23:59. */
static bool time_parse(const char *s, int *minutes)
{
	int h, m;

	if (!s || !*s) {
		*minutes = 23 * 60 + 59;
		return true;
	}
	if (strlen(s) != 5 || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    s[2] != ':' || !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
		return false;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23 || m > 59)
		return false;
	*minutes = h * 60 + m;
	return true;
}

bool collection_schools_parse(struct store_conn *c, int64_t la_id, const char *text, int64_t **ids,
			      size_t *n, struct request_form_errors *fe)
{
	size_t len = 0, cap = 0;
	const char *p = text ? text : "";
	char tok[16];

	*ids = NULL;
	*n = 0;
	while (*p) {
		size_t k = 0;
		struct establishment est;
		int laestab = 0;
		bool digits = true;

		while (*p && (isspace((unsigned char)*p) || *p == ',' || *p == ';'))
			p++;
		if (!*p)
			break;
		while (*p && !isspace((unsigned char)*p) && *p != ',' && *p != ';') {
			if (k + 1 < sizeof(tok))
				tok[k] = *p;
			if (!isdigit((unsigned char)*p))
				digits = false;
			k++;
			p++;
		}
		tok[k < sizeof(tok) ? k : sizeof(tok) - 1] = '\0';
		if (!digits || k != 7) {
			snprintf(fe->schools, sizeof(fe->schools),
				 "\"%s\" is not a LAESTAB: give each school's 7-digit LA and "
				 "establishment number, such as 8881234",
				 tok);
			goto bad;
		}
		for (size_t i = 0; i < 7; i++)
			laestab = laestab * 10 + (tok[i] - '0');
		if (store_establishment_get_by_laestab(c, laestab, &est) != ERR_OK ||
		    est.la_id != la_id) {
			snprintf(fe->schools, sizeof(fe->schools),
				 "%s is not a school of your local authority: check the number",
				 tok);
			goto bad;
		}
		if (len == cap) {
			cap = cap ? 2 * cap : 16;
			*ids = xrealloc(*ids, cap * sizeof(**ids));
		}
		(*ids)[len++] = est.id;
	}
	if (!len) {
		snprintf(fe->schools, sizeof(fe->schools),
			 "Choose \"All schools of the LA\" or list the schools' LAESTABs");
		return false;
	}
	*n = len;
	return true;
bad:
	free(*ids);
	*ids = NULL;
	return false;
}

static bool form_has_errors(const struct request_form_errors *fe)
{
	return fe->name[0] || fe->collection[0] || fe->year[0] || fe->deadline[0] ||
	       fe->schools[0] || fe->remind[0];
}

enum err collection_request_save(struct app *app, struct store_conn *c, const struct user *u,
				 const struct actor *who, int64_t id, const struct request_form *in,
				 struct file_request *out, struct request_form_errors *fe,
				 struct errbuf *eb)
{
	struct file_request r;
	struct establishment *all = NULL;
	int64_t *ids = NULL;
	size_t nids = 0, nall = 0;
	struct date day;
	enum collection coll;
	int minutes = 0, remind_days = -1;
	enum err e;

	memset(fe, 0, sizeof(*fe));
	memset(&r, 0, sizeof(r));
	if (id) {
		e = collection_request_get(c, u, id, &r);
		if (e)
			return errbuf_set(eb, e, "there is no such request");
	} else {
		r.la_id = u->la_id;
		r.created_at = app_now(app);
		if (!r.la_id || !collection_may_admin(u, &r))
			return errbuf_set(eb, ERR_NOT_FOUND,
					  "only an LA officer can make a file request");
	}
	if (!in->name || !in->name[0])
		snprintf(fe->name, sizeof(fe->name), "Enter a name for the request");
	else if (strlen(in->name) > FREQ_NAME_MAX)
		snprintf(fe->name, sizeof(fe->name), "Use at most %d characters", FREQ_NAME_MAX);
	else
		snprintf(r.name, sizeof(r.name), "%s", in->name);
	if (in->collection && strcmp(in->collection, "other") == 0) {
		snprintf(r.collection, sizeof(r.collection), "other");
		if (!in->file_kinds || !in->file_kinds[0])
			snprintf(fe->collection, sizeof(fe->collection),
				 "Say which files you expect for an \"other\" collection");
	} else if (in->collection && collection_parse(in->collection, &coll)) {
		snprintf(r.collection, sizeof(r.collection), "%s", collection_code(coll));
	} else {
		snprintf(fe->collection, sizeof(fe->collection),
			 "Choose the collection: EYFS profile, phonics, KS1, KS2 TA or other");
	}
	snprintf(r.file_kinds, sizeof(r.file_kinds), "%s", in->file_kinds ? in->file_kinds : "");
	snprintf(r.description, sizeof(r.description), "%s",
		 in->description ? in->description : "");
	if (!in->year || !academic_year_parse(in->year, &r.academic_year))
		snprintf(fe->year, sizeof(fe->year),
			 "Enter the academic year as its start year, such as 2025 or 2025/26");
	if (!in->deadline_date || !in->deadline_date[0])
		snprintf(fe->deadline, sizeof(fe->deadline), "Enter the deadline date");
	else if (!date_parse_iso(in->deadline_date, &day) &&
		 !date_parse_dmy(in->deadline_date, &day))
		snprintf(fe->deadline, sizeof(fe->deadline),
			 "Enter the deadline as a date, such as 2026-06-26 or 26/06/2026");
	else if (!time_parse(in->deadline_time, &minutes))
		snprintf(fe->deadline, sizeof(fe->deadline),
			 "Enter the time as HH:MM (24-hour clock, UTC), such as 17:00");
	else
		r.deadline = date_to_days(day) * 86400 + (int64_t)minutes * 60;
	/* a chosen phase wins over "all schools" (the new form has it ticked) */
	r.all_schools = in->all_schools && !(in->phase && in->phase[0]);
	if (r.all_schools) {
		e = store_establishment_list(c, r.la_id, 0, &all, &nall);
		if (e) {
			errbuf_set(eb, e, "the schools could not be read");
			goto out;
		}
		if (!nall)
			snprintf(fe->schools, sizeof(fe->schools),
				 "Your local authority has no schools yet");
		ids = xcalloc(nall ? nall : 1, sizeof(*ids));
		for (size_t i = 0; i < nall; i++)
			ids[i] = all[i].id;
		nids = nall;
	} else if (in->phase && in->phase[0]) {
		struct errbuf pe = { "" };
		if (collection_phase_targets(c, r.la_id, in->phase, &ids, &nids, &pe) != ERR_OK)
			snprintf(fe->schools, sizeof(fe->schools), "%.390s", pe.msg);
	} else {
		collection_schools_parse(c, r.la_id, in->schools, &ids, &nids, fe);
	}
	if (!collection_remind_days_parse(in->remind_days, &remind_days))
		snprintf(fe->remind, sizeof(fe->remind),
			 "Enter the days before the deadline as a whole number from 0 (no "
			 "automatic reminder) to 60, or leave it empty for the usual setting");
	if (form_has_errors(fe)) {
		e = errbuf_set(eb, ERR_INVALID, "the request has problems: see the fields");
		goto out;
	}
	e = store_begin(c, eb);
	if (e)
		goto out;
	e = id ? store_file_request_update(c, who, &r, ids, nids, eb) :
		 store_file_request_add(c, who, &r, ids, nids, eb);
	/* the reminder setting is kept when an edit does not give it */
	if (!e && (in->remind_days || !id))
		e = store_file_request_remind_set(c, who, r.id, remind_days, eb);
	if (!e)
		e = store_commit(c, eb);
	else
		store_rollback(c);
	if (!e)
		e = store_file_request_get(c, r.id, out);
out:
	free(all);
	free(ids);
	return e;
}

enum err collection_request_set_closed(struct store_conn *c, const struct user *u,
				       const struct actor *who, int64_t id, bool closed,
				       struct errbuf *eb)
{
	struct file_request r;
	enum err e = collection_request_get(c, u, id, &r);

	if (e)
		return errbuf_set(eb, e, "there is no such request");
	if (r.closed == closed) /* nothing to change: not answered as done */
		return errbuf_set(eb, ERR_CONFLICT, "the request is %s already",
				  closed ? "closed" : "open");
	return store_file_request_set_closed(c, who, id, closed, eb);
}

enum err collection_requests_la(struct store_conn *c, const struct user *u,
				struct file_request **out, size_t *n)
{
	struct resource_scope scope = { 0, 0, u->la_id };

	*out = NULL;
	*n = 0;
	if (!u->la_id || !access_allowed(u, ACT_LA_ADMIN, &scope))
		return ERR_OK;
	return store_file_request_list_la(c, u->la_id, out, n);
}

/* ---- dashboard ---- */

enum err collection_dashboard(struct app *app, struct store_conn *c, const struct file_request *r,
			      struct dashboard *out)
{
	struct received_file *files = NULL, *mine = NULL;
	struct establishment *targets = NULL;
	struct file_receipt *receipts = NULL;
	size_t nfiles = 0, ntargets = 0, nreceipts = 0;
	int64_t now = app_now(app);
	enum err e;

	memset(out, 0, sizeof(*out));
	e = store_request_targets(c, r->id, &targets, &ntargets);
	if (!e)
		e = store_received_file_list(c, r->id, 0, &files, &nfiles);
	if (!e)
		e = store_file_receipts(c, r->id, 0, &receipts, &nreceipts);
	if (e)
		goto out;
	out->rows = xcalloc(ntargets ? ntargets : 1, sizeof(*out->rows));
	mine = xcalloc(nfiles ? nfiles : 1, sizeof(*mine));
	for (size_t i = 0; i < ntargets; i++) {
		struct dashboard_row *row = &out->rows[out->n++];
		const struct received_file *last = NULL;
		size_t k = 0;

		for (size_t j = 0; j < nfiles; j++)
			if (files[j].establishment_id == targets[i].id)
				mine[k++] = files[j];
		row->school = targets[i];
		row->status = collection_received_status(collection_status(r, mine, k, now, &last),
							 mine, k, receipts, nreceipts);
		if (last) {
			row->has_last = true;
			row->last = *last;
		}
		out->counts[row->status]++;
	}
out:
	free(receipts);
	free(mine);
	free(files);
	free(targets);
	return e;
}

void collection_dashboard_release(struct dashboard *d)
{
	free(d->rows);
	memset(d, 0, sizeof(*d));
}

void collection_dashboard_csv(const struct dashboard *d, int filter, struct strbuf *out)
{
	static const char *const head[] = { "LAESTAB",	   "School",  "Status",	      "Last file",
					    "File status", "Sent by", "Sent at (UTC)" };
	char num[16], when[21];

	for (size_t i = 0; i < ARRAY_SIZE(head); i++) {
		if (i)
			strbuf_addc(out, ',');
		csv_field(out, head[i]);
	}
	strbuf_adds(out, "\r\n");
	for (size_t i = 0; i < d->n; i++) {
		const struct dashboard_row *row = &d->rows[i];
		if (filter >= 0 && (int)row->status != filter)
			continue;
		snprintf(num, sizeof(num), "%07d", establishment_laestab(&row->school));
		csv_field(out, num);
		strbuf_addc(out, ',');
		csv_field(out, row->school.name);
		strbuf_addc(out, ',');
		csv_field(out, req_status_label(row->status));
		strbuf_addc(out, ',');
		csv_field(out, row->has_last ? row->last.original_name : "");
		strbuf_addc(out, ',');
		csv_field(out, row->has_last ? row->last.status : "");
		strbuf_addc(out, ',');
		csv_field(out, row->has_last ? row->last.sender : "");
		strbuf_addc(out, ',');
		if (row->has_last)
			date_format_timestamp(row->last.received_at, when);
		csv_field(out, row->has_last ? when : "");
		strbuf_adds(out, "\r\n");
	}
}

/* ---- the school's side ---- */

static enum err school_status(struct app *app, struct store_conn *c, const struct establishment *e,
			      struct school_request *sr)
{
	struct received_file *files = NULL;
	struct file_receipt *receipts = NULL;
	const struct received_file *last = NULL;
	size_t n = 0, nreceipts = 0;
	enum err err = store_received_file_list(c, sr->r.id, e->id, &files, &n);

	if (!err)
		err = store_file_receipts(c, sr->r.id, e->id, &receipts, &nreceipts);
	if (err) {
		free(files);
		return err;
	}
	sr->status =
		collection_received_status(collection_status(&sr->r, files, n, app_now(app), &last),
					   files, n, receipts, nreceipts);
	free(receipts);
	sr->has_last = last != NULL;
	if (last)
		sr->last = *last;
	free(files);
	return ERR_OK;
}

enum err collection_requests_school(struct app *app, struct store_conn *c,
				    const struct establishment *e, struct school_request **out,
				    size_t *n)
{
	struct file_request *list = NULL;
	size_t len = 0;
	enum err err;

	*out = NULL;
	*n = 0;
	err = store_file_request_list_school(c, e->id, true, &list, &len);
	if (err)
		return err;
	*out = xcalloc(len ? len : 1, sizeof(**out));
	for (size_t i = 0; !err && i < len; i++) {
		(*out)[i].r = list[i];
		err = school_status(app, c, e, &(*out)[i]);
	}
	free(list);
	if (err) {
		free(*out);
		*out = NULL;
		return err;
	}
	*n = len;
	return ERR_OK;
}

/* The request when it targets e (open or not). */
static enum err targeted(struct store_conn *c, const struct establishment *e, int64_t id,
			 struct file_request *out)
{
	bool yes = false;
	enum err err = store_file_request_get(c, id, out);

	if (!err)
		err = store_request_is_target(c, id, e->id, &yes);
	if (!err && !yes)
		err = ERR_NOT_FOUND;
	return err;
}

enum err collection_school_request(struct app *app, struct store_conn *c,
				   const struct establishment *e, int64_t id,
				   struct school_request *out)
{
	enum err err;

	memset(out, 0, sizeof(*out));
	err = targeted(c, e, id, &out->r);
	if (!err && out->r.closed)
		err = ERR_NOT_FOUND;
	if (!err)
		err = school_status(app, c, e, out);
	return err;
}

enum err collection_school_files(struct store_conn *c, const struct establishment *e,
				 int64_t request_id, struct received_file **out, size_t *n)
{
	struct file_request r;
	enum err err = targeted(c, e, request_id, &r);

	*out = NULL;
	*n = 0;
	if (err)
		return err;
	return store_received_file_list(c, request_id, e->id, out, n);
}

enum err collection_school_file(struct store_conn *c, const struct establishment *e,
				int64_t request_id, int64_t file_id, struct received_file *out,
				struct problem_list *problems)
{
	enum err err = store_received_file_get(c, file_id, out);

	if (!err && (out->establishment_id != e->id || out->request_id != request_id))
		err = ERR_NOT_FOUND;
	if (!err)
		err = store_received_problems(c, file_id, problems);
	return err;
}

enum err collection_la_file(struct store_conn *c, const struct user *u, int64_t request_id,
			    int64_t file_id, struct file_request *r, struct received_file *out,
			    struct problem_list *problems)
{
	enum err err = collection_request_get(c, u, request_id, r);

	if (!err)
		err = store_received_file_get(c, file_id, out);
	if (!err && out->request_id != request_id)
		err = ERR_NOT_FOUND;
	if (!err)
		err = store_received_problems(c, file_id, problems);
	return err;
}

/* ---- receiving a file ---- */

void receipt_init(struct receipt *rc)
{
	memset(rc, 0, sizeof(*rc));
	problem_list_init(&rc->problems);
}

void receipt_release(struct receipt *rc)
{
	problem_list_release(&rc->problems);
}

/* The file name without any folder, cut to fit, "upload" when empty. */
static void base_name(char *dst, size_t cap, const char *name)
{
	const char *b = name ? name : "";

	for (const char *p = b; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	snprintf(dst, cap, "%s", *b ? b : "upload");
}

/* Whether the text starts (after a byte order mark and white space) with '<'. */
static bool looks_xml(const char *bytes, size_t len)
{
	size_t i = 0;

	if (len >= 3 && (unsigned char)bytes[0] == 0xEF && (unsigned char)bytes[1] == 0xBB &&
	    (unsigned char)bytes[2] == 0xBF)
		i = 3;
	while (i < len && isspace((unsigned char)bytes[i]))
		i++;
	return i < len && bytes[i] == '<';
}

static void sha256_hex(const char *bytes, size_t len, char out[static 65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)bytes, len);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

/* The header's sending school as a LAESTAB (LEA 3 digits, Estab 4), 0 when it
 * is not one. */
static int source_laestab(const struct stat_header *h)
{
	int v = 0;

	if (strlen(h->source_lea.text) != 3 || strlen(h->source_estab.text) != 4)
		return 0;
	for (const char *p = h->source_lea.text; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return 0;
		v = v * 10 + (*p - '0');
	}
	for (const char *p = h->source_estab.text; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v;
}

/* The checks that tie the file to the request: collection and academic year. */
static void match_request(const struct app *app, const struct file_request *r,
			  const struct stat_return *ret, const char *fname, struct problem_list *pl)
{
	char loc[PROBLEM_LOC_MAX], ay[ACADEMIC_YEAR_LABEL_MAX], fy[ACADEMIC_YEAR_LABEL_MAX];
	enum collection coll;
	int year = stat_academic_year(ret);
	bool any = false;

	if (year && year != r->academic_year)
		problem_list_error(pl,
				   problem_loc_text(loc, fname, ret->header.academic_year.pos.line,
						    ret->header.academic_year.pos.col),
				   "REQ_YEAR",
				   "The file is for the academic year %s, but this request is for "
				   "%s: export the file for %s from your MIS and send it again.",
				   academic_year_label(year, fy),
				   academic_year_label(r->academic_year, ay),
				   academic_year_label(r->academic_year, ay));
	if (!collection_parse(r->collection, &coll))
		return; /* "other": any collection */
	for (size_t i = 0; !any && i < ret->npupils; i++)
		any = stat_pupil_has(&ret->pupils[i], app->codes, coll);
	if (!any)
		problem_list_error(pl, problem_loc_text(loc, fname, 0, 0), "REQ_COLLECTION",
				   "The file holds no %s results, but this request is for %s: "
				   "check you chose the right file, or the right request.",
				   collection_label(coll), collection_label(coll));
}

/* ---- issue 7b: a CTF checked for a request (collection_upload.c detects kinds) ---- */

enum err collection_check_ctf(struct app *app, const struct file_request *r,
			      const struct establishment *e, const char *fname, const char *bytes,
			      size_t len, int64_t now, bool *is_ctf, struct problem_list *pl,
			      struct errbuf *eb)
{
	struct stat_options opt = { 0 };
	struct ctf_read_options ropt = { .max_bytes = COLLECTION_FILE_MAX };
	struct stat_return ret;
	enum err err = ERR_OK;

	stat_return_init(&ret);
	*is_ctf = false;
	if (!looks_xml(bytes, len) || (ctf_read(bytes, len, fname, &ropt, &ret, pl) != ERR_OK &&
				       problem_list_find(pl, "CTF_ROOT"))) {
		problem_list_release(pl);
		goto out;
	}
	*is_ctf = true;
	if (!pl->count) {
		const struct stat_header *h = &ret.header;
		int source = source_laestab(h);
		/* a source that is no LAESTAB is the rules' HDR_SOURCE error */
		if (source && source != establishment_laestab(e)) {
			err = errbuf_set(eb, ERR_INVALID,
					 "The file %s was made by school %s%s (%s), not by %s "
					 "(%07d). Nothing was sent: send your own school's file.",
					 fname, h->source_lea.text, h->source_estab.text,
					 h->school_name.text, e->name, establishment_laestab(e));
			goto out;
		}
		opt.school_laestab = establishment_laestab(e);
		opt.today = date_from_unix(now);
		statutory_check(&ret, app->codes, &opt, pl);
		match_request(app, r, &ret, fname, pl);
	}
out:
	stat_return_release(&ret);
	return err;
}

enum err collection_receive(struct app *app, struct store_conn *c, const struct user *u,
			    const struct actor *who, const struct establishment *e, int64_t id,
			    const char *name, const char *bytes, size_t len, const char *comment,
			    struct receipt *out, struct errbuf *eb)
{
	struct resource_scope scope = access_scope_of_establishment(e);
	struct received_file *f = &out->file;
	struct file_request r;
	char fname[RFILE_NAME_MAX + 1];
	enum err err;

	base_name(fname, sizeof(fname), name);
	if (!access_allowed(u, ACT_FILE_SEND, &scope)) {
		err = errbuf_set(eb, ERR_NOT_FOUND, "there is no such request");
		goto out;
	}
	err = targeted(c, e, id, &r);
	if (err) {
		errbuf_set(eb, err, "there is no such request");
		goto out;
	}
	if (r.closed) {
		err = errbuf_set(eb, ERR_LOCKED,
				 "The local authority has closed the request \"%s\": it takes no "
				 "more files. Ask the LA if you still need to send one.",
				 r.name);
		goto out;
	}
	if (len > COLLECTION_FILE_MAX) {
		err = errbuf_set(eb, ERR_TOO_BIG,
				 "The file %s is %zu bytes (%.1f MiB): the limit is %d bytes (3 "
				 "MiB). Nothing was sent. Check you chose the right file; a "
				 "statutory CTF is normally far smaller.",
				 fname, len, (double)len / (1024.0 * 1024.0), COLLECTION_FILE_MAX);
		goto out;
	}
	if (len == 0) {
		err = errbuf_set(eb, ERR_INVALID,
				 "The file %s is empty. Nothing was sent: choose the file again.",
				 fname);
		goto out;
	}
	memset(f, 0, sizeof(*f));
	f->request_id = id;
	f->establishment_id = e->id;
	f->sender_user_id = u->id;
	snprintf(f->sender, sizeof(f->sender), "%s", u->username);
	snprintf(f->comment, sizeof(f->comment), "%s", comment ? comment : "");
	snprintf(f->original_name, sizeof(f->original_name), "%s", fname);
	f->received_at = app_now(app);
	sha256_hex(bytes, len, f->sha256);
	/* issue 7b: the kind is detected and its rules run (collection_upload.c) */
	err = collection_check_file(app, c, &r, e, fname, bytes, len, f->received_at, f->kind,
				    sizeof(f->kind), &out->problems, eb);
	if (err)
		goto out;
	if (problem_list_count_errors(&out->problems))
		snprintf(f->status, sizeof(f->status), "upload-error");
	else if (problem_list_count_queries(&out->problems))
		snprintf(f->status, sizeof(f->status), "successful-with-queries");
	else
		snprintf(f->status, sizeof(f->status), "successful");
	err = store_received_file_add(c, who, f, bytes, len, &out->problems, eb);
out:
	return err;
}
