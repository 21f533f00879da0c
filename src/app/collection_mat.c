/*
 * collection_mat: a trust's bulk upload of returns (see collection_mat.h). Every
 * access is decided with access_allowed(); every file goes through
 * collection_receive, so it is checked exactly as the school's own upload.
 */
#include "app/collection_mat.h"

#include "app/collection_upload.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/role.h"
#include "core/statutory.h"
#include "formats/csv.h"
#include "formats/ctf_read.h"
#include "formats/xlsx_read.h"

/* The headings of a school-number column in a CSV or XLSX return. */
static const char *const school_columns[] = { "School DFE", "School DfE number", "DfE number",
					      "DFE",	    "LAESTAB",		 "School" };

/* 7 digits, or 3 digits, a separator ('-', '_', '/', ' ') and 4 digits, with
 * nothing else but spaces around; 0 when s is not one. */
static int laestab_text(const char *s)
{
	int v = 0, digits = 0;

	while (*s == ' ')
		s++;
	for (; *s && *s != ' '; s++) {
		if (isdigit((unsigned char)*s)) {
			v = v * 10 + (*s - '0');
			digits++;
		} else if (!(digits == 3 && strchr("-_/", *s))) {
			return 0;
		}
	}
	while (*s == ' ')
		s++;
	return digits == 7 && !*s && v >= 1000000 ? v : 0;
}

static bool looks_xml(const char *b, size_t len)
{
	size_t i = 0;

	if (len >= 3 && (unsigned char)b[0] == 0xEF && (unsigned char)b[1] == 0xBB &&
	    (unsigned char)b[2] == 0xBF)
		i = 3;
	while (i < len && isspace((unsigned char)b[i]))
		i++;
	return i < len && b[i] == '<';
}

static int from_ctf(const char *bytes, size_t len)
{
	struct ctf_read_options opt = { .max_bytes = RECEIVED_FILE_MAX };
	struct problem_list pl;
	struct stat_return ret;
	char text[2 * sizeof(ret.header.source_lea.text)];
	int v = 0;

	problem_list_init(&pl);
	if (ctf_read(bytes, len, NULL, &opt, &ret, &pl) == ERR_OK &&
	    strlen(ret.header.source_lea.text) == 3 && strlen(ret.header.source_estab.text) == 4) {
		snprintf(text, sizeof(text), "%s%s", ret.header.source_lea.text,
			 ret.header.source_estab.text);
		v = laestab_text(text);
	}
	stat_return_release(&ret);
	problem_list_release(&pl);
	return v;
}

static bool is_school_heading(const char *h)
{
	for (size_t i = 0; i < ARRAY_SIZE(school_columns); i++)
		if (strcasecmp(h, school_columns[i]) == 0)
			return true;
	return false;
}

static int from_xlsx(const char *bytes, size_t len)
{
	struct xlsx_book *book = NULL;
	struct errbuf eb = { "" };
	int v = 0;

	if (xlsx_read(bytes, len, &book, &eb) != ERR_OK || !book->nsheets)
		goto out;
	for (size_t i = 0; !v && i < book->sheets[0].ncells; i++) {
		const struct xlsx_sheet *s = &book->sheets[0];
		const struct xlsx_cell *h = &s->cells[i];
		if (h->row > 5)
			break;
		if (!is_school_heading(h->text))
			continue;
		for (unsigned long r = h->row + 1; !v && r <= h->row + 3; r++) {
			const struct xlsx_cell *d = xlsx_sheet_cell(s, h->col, r);
			if (d)
				v = laestab_text(d->text);
		}
	}
out:
	xlsx_book_free(book);
	return v;
}

static int from_csv(const char *bytes, size_t len)
{
	struct problem_list pl;
	struct csv csv;
	int v = 0;

	problem_list_init(&pl);
	memset(&csv, 0, sizeof(csv));
	if (csv_parse("upload.csv", bytes, len, RECEIVED_FILE_MAX, &csv, &pl) == ERR_OK &&
	    csv.nrows > 1) {
		const struct csv_row *head = &csv.rows[0];
		for (size_t col = 0; !v && col < head->n; col++) {
			if (!is_school_heading(head->fields[col].text))
				continue;
			for (size_t r = 1; !v && r < csv.nrows && r <= 3; r++)
				if (col < csv.rows[r].n)
					v = laestab_text(csv.rows[r].fields[col].text);
		}
	}
	csv_free(&csv);
	problem_list_release(&pl);
	return v;
}

/* The first run of exactly 7 digits, or 3 + separator + 4, in the name. */
static int from_name(const char *name)
{
	for (const char *p = name; *p; p++) {
		char run[9];
		size_t k = 0;
		if (!isdigit((unsigned char)*p) || (p > name && isdigit((unsigned char)p[-1])))
			continue;
		while (k < 8 && (isdigit((unsigned char)p[k]) || (k == 3 && strchr("-_/", p[k]))) &&
		       p[k])
			k++;
		if (isdigit((unsigned char)p[k]))
			continue; /* a longer number */
		memcpy(run, p, k);
		run[k] = '\0';
		if (laestab_text(run))
			return laestab_text(run);
	}
	return 0;
}

int collection_mat_laestab(const char *name, const char *bytes, size_t len, enum mat_found *found)
{
	int v = 0;

	if (len >= 4 && memcmp(bytes, "PK\x03\x04", 4) == 0)
		v = from_xlsx(bytes, len);
	else if (looks_xml(bytes, len))
		v = from_ctf(bytes, len);
	else if (len)
		v = from_csv(bytes, len);
	*found = v ? MAT_FOUND_CONTENT : MAT_FOUND_NONE;
	if (!v && name && (v = from_name(name)) != 0)
		*found = MAT_FOUND_NAME;
	return v;
}

/* The file name without any folder, "upload" when empty. */
static void base_name(char *dst, size_t cap, const char *name)
{
	const char *b = name ? name : "";

	for (const char *p = b; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	snprintf(dst, cap, "%s", *b ? b : "upload");
}

/* The school's open request of the collection with the earliest deadline. */
static enum err request_for(struct app *app, struct store_conn *c, const struct establishment *e,
			    const char *collection, struct file_request *out)
{
	struct school_request *list = NULL;
	size_t n = 0;
	enum err err = collection_requests_school(app, c, e, &list, &n);

	if (err)
		return err;
	err = ERR_NOT_FOUND;
	for (size_t i = 0; err && i < n; i++) {
		if (strcmp(list[i].r.collection, collection) == 0) {
			*out = list[i].r;
			err = ERR_OK;
		}
	}
	free(list);
	return err;
}

/* Whether u is a MAT admin who may upload for the trust of school e. */
static bool trust_of(const struct user *u, const struct establishment *e)
{
	struct resource_scope scope = access_scope_of_establishment(e);

	return role_scope(u->role) == SCOPE_TRUST && u->trust_id && e->trust_id == u->trust_id &&
	       access_allowed(u, ACT_TRUST_UPLOAD, &scope);
}

static void one_file(struct app *app, struct store_conn *c, const struct user *u,
		     const struct actor *who, const char *collection, const struct mat_file *f,
		     const char *comment, struct mat_verdict *v)
{
	struct establishment est;
	struct resource_scope scope;
	struct file_request r;
	struct errbuf eb = { "" };
	bool ours = false;
	char num[8];

	base_name(v->name, sizeof(v->name), f->name);
	if (f->len > COLLECTION_FILE_MAX) {
		/* refused before its content is read for the school's number */
		v->err = ERR_TOO_BIG;
		snprintf(v->message, sizeof(v->message),
			 "The file %s is %zu bytes (%.1f MiB): the limit is %d bytes (3 MiB). "
			 "Nothing was sent for this file.",
			 v->name, f->len, (double)f->len / (1024.0 * 1024.0), COLLECTION_FILE_MAX);
		return;
	}
	v->laestab = collection_mat_laestab(v->name, f->data, f->len, &v->found);
	if (!v->laestab) {
		v->err = ERR_INVALID;
		snprintf(v->message, sizeof(v->message),
			 "%s: the school could not be found. Nothing was sent for this file. "
			 "Put the school's DfE number (LAESTAB, such as 8881234) in the file's "
			 "name, or send the file the school's MIS exported.",
			 v->name);
		return;
	}
	snprintf(num, sizeof(num), "%07d", v->laestab);
	if (store_establishment_get_by_laestab(c, v->laestab, &est) == ERR_OK) {
		scope = access_scope_of_establishment(&est);
		ours = trust_of(u, &est) && access_allowed(u, ACT_FILE_SEND, &scope);
	}
	if (!ours) {
		v->err = ERR_NOT_FOUND;
		snprintf(v->message, sizeof(v->message),
			 "%s is for school %s, which is not a school of your trust. Nothing was "
			 "sent for this file: the school sends it itself.",
			 v->name, num);
		return;
	}
	snprintf(v->school, sizeof(v->school), "%s", est.name);
	v->err = request_for(app, c, &est, collection, &r);
	if (v->err) {
		snprintf(v->message, sizeof(v->message),
			 "%s is for %s (%s), whose local authority has no open %s request%s. "
			 "Nothing was sent for this file: check the collection you chose.",
			 v->name, est.name, num, collection_request_label(collection),
			 v->err == ERR_NOT_FOUND ? "" : " that could be read");
		return;
	}
	v->request_id = r.id;
	snprintf(v->request, sizeof(v->request), "%s", r.name);
	v->err = store_begin(c, &eb);
	if (!v->err) {
		v->err = collection_receive(app, c, u, who, &est, r.id, v->name, f->data, f->len,
					    comment, &v->rc, &eb);
		if (!v->err)
			v->err = store_trust_upload_add(c, who, v->rc.file.id, est.id, u->trust_id,
							app_now(app), &eb);
		if (!v->err)
			v->err = store_commit(c, &eb);
		else
			store_rollback(c);
	}
	if (v->err) {
		v->request_id = 0;
		snprintf(v->message, sizeof(v->message), "%s", eb.msg[0] ? eb.msg : "not sent");
	}
}

enum err collection_mat_upload(struct app *app, struct store_conn *c, const struct user *u,
			       const struct actor *who, const char *collection,
			       const struct mat_file *files, size_t n, const char *comment,
			       struct mat_verdict **out, struct errbuf *eb)
{
	struct resource_scope mine = access_scope_of_user(u);
	enum collection coll;

	*out = NULL;
	if (role_scope(u->role) != SCOPE_TRUST || !u->trust_id ||
	    !access_allowed(u, ACT_TRUST_UPLOAD, &mine))
		return errbuf_set(eb, ERR_NOT_FOUND,
				  "only a trust's admin can upload for its schools");
	if (!collection ||
	    (strcmp(collection, "other") != 0 && !collection_parse(collection, &coll)))
		return errbuf_set(eb, ERR_INVALID,
				  "Choose the collection: EYFS profile, phonics, KS1, KS2 TA or "
				  "other");
	if (!n)
		return errbuf_set(eb, ERR_INVALID,
				  "Choose the files to send, then press Upload & send.");
	if (n > MAT_UPLOAD_FILES_MAX)
		return errbuf_set(eb, ERR_TOO_BIG,
				  "You chose %zu files: send at most %d at a time. Nothing was "
				  "sent.",
				  n, MAT_UPLOAD_FILES_MAX);
	*out = xcalloc(n, sizeof(**out));
	for (size_t i = 0; i < n; i++) {
		receipt_init(&(*out)[i].rc);
		one_file(app, c, u, who, collection, &files[i], comment, &(*out)[i]);
	}
	return ERR_OK;
}

void collection_mat_verdicts_free(struct mat_verdict *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		receipt_release(&v[i].rc);
	free(v);
}

enum err collection_mat_receive_many(struct app *app, struct store_conn *c, const struct user *u,
				     const struct actor *who, const struct establishment *e,
				     int64_t id, const struct upload_file *files, size_t n,
				     const char *comment, struct upload_verdict **out,
				     struct errbuf *eb)
{
	enum err err;

	*out = NULL;
	if (!trust_of(u, e))
		return errbuf_set(eb, ERR_NOT_FOUND, "there is no such request");
	err = store_begin(c, eb);
	if (err)
		return err;
	err = collection_receive_many(app, c, u, who, e, id, files, n, comment, out, eb);
	for (size_t i = 0; !err && i < n; i++)
		if ((*out)[i].err == ERR_OK)
			err = store_trust_upload_add(c, who, (*out)[i].rc.file.id, e->id,
						     u->trust_id, app_now(app), eb);
	if (!err)
		err = store_commit(c, eb);
	if (err) {
		store_rollback(c);
		collection_verdicts_free(*out, *out ? n : 0);
		*out = NULL;
	}
	return err;
}

enum err collection_mat_uploads(struct store_conn *c, const struct user *u,
				struct trust_upload **out, size_t *n)
{
	struct resource_scope mine = access_scope_of_user(u);

	*out = NULL;
	*n = 0;
	if (role_scope(u->role) != SCOPE_TRUST || !u->trust_id ||
	    !access_allowed(u, ACT_TRUST_UPLOAD, &mine))
		return ERR_OK;
	return store_trust_upload_list(c, u->trust_id, out, n);
}

bool collection_mat_by_trust(struct store_conn *c, int64_t file_id)
{
	int64_t trust = 0;

	return store_trust_upload_of(c, file_id, &trust) == ERR_OK && trust != 0;
}

enum err collection_acting_school(struct store_conn *c, const struct user *u, int laestab,
				  enum action act, struct establishment *out)
{
	struct resource_scope scope;
	enum err e;

	switch (role_scope(u->role)) {
	case SCOPE_ESTABLISHMENT:
		e = store_establishment_get(c, u->establishment_id, out);
		if (!e && laestab && establishment_laestab(out) != laestab)
			e = ERR_NOT_FOUND;
		break;
	case SCOPE_TRUST:
		e = laestab ? store_establishment_get_by_laestab(c, laestab, out) : ERR_NOT_FOUND;
		break;
	default:
		e = ERR_NOT_FOUND;
		break;
	}
	if (e)
		return e == ERR_NOT_FOUND ? ERR_NOT_FOUND : e;
	scope = access_scope_of_establishment(out);
	return access_allowed(u, act, &scope) ? ERR_OK : ERR_NOT_FOUND;
}
