/*
 * api/requests: the LA collection over the API (issue 7d), so an MIS or a script
 * can send returns. GET /api/v1/requests (the caller's requests: a school's open
 * ones, a trust's schools' open ones, or an LA officer's own), GET
 * /api/v1/requests/:id, GET and POST /api/v1/requests/:id/files (POST: multipart,
 * one or more "file" parts, received by collection_receive_many exactly as the
 * page's "Upload & send"), GET /api/v1/requests/:id/files/:fid (the bytes; for
 * an LA officer this marks the file Received as the page's download does). A
 * MAT admin names the school with ?school=LAESTAB. Which requests and files a
 * caller may see is decided by the use cases (app/collection*.h) with
 * access_allowed(); anything else answers 404, as for a missing one.
 */
#include "web/api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/collection.h"
#include "app/collection_la.h"
#include "app/collection_mat.h"
#include "app/collection_upload.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "core/role.h"
#include "formats/json_write.h"

static const char not_found[] = "There is no such request.";

static struct actor actor_of(const struct request *req)
{
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	return who;
}

static bool is_la(const struct request *req)
{
	return role_scope(req->user.role) == SCOPE_LA;
}

static int school_param(const struct request *req)
{
	return request_has(req, "school") ? (int)request_int(req, "school") : 0;
}

static void kv_time(struct json_write *j, const char *key, int64_t t)
{
	char when[21];

	date_format_timestamp(t, when);
	json_kv_string(j, key, when);
}

static void freq_fields(struct json_write *j, const struct file_request *r)
{
	json_kv_int(j, "id", r->id);
	json_kv_string(j, "name", r->name);
	json_kv_string(j, "collection", r->collection);
	json_kv_string(j, "collection_label", collection_request_label(r->collection));
	json_kv_string(j, "file_kinds", r->file_kinds);
	json_kv_int(j, "academic_year", r->academic_year);
	json_kv_string(j, "description", r->description);
	kv_time(j, "issued", r->created_at);
	kv_time(j, "deadline", r->deadline);
	json_kv_string(j, "state", r->closed ? "closed" : "open");
}

static void school_fields(struct json_write *j, const struct establishment *e)
{
	json_key(j, "school");
	json_object_begin(j);
	json_kv_int(j, "laestab", establishment_laestab(e));
	json_kv_string(j, "name", e->name);
	json_object_end(j);
}

static void file_object(struct request *req, struct json_write *j, const struct received_file *f,
			int laestab)
{
	json_object_begin(j);
	json_kv_int(j, "id", f->id);
	json_kv_int(j, "request", f->request_id);
	if (laestab)
		json_kv_int(j, "laestab", laestab);
	json_kv_string(j, "name", f->original_name);
	json_kv_string(j, "kind", f->kind);
	json_kv_string(j, "status", f->status);
	json_kv_int(j, "problems", f->problem_count);
	json_kv_int(j, "size", f->size);
	json_kv_string(j, "sha256", f->sha256);
	json_kv_string(j, "sender", f->sender);
	json_kv_bool(j, "uploaded_by_trust", collection_mat_by_trust(req->db, f->id));
	json_kv_string(j, "comment", f->comment);
	kv_time(j, "received_at", f->received_at);
	json_object_end(j);
}

static void status_fields(struct request *req, struct json_write *j, enum req_status s,
			  bool has_last, const struct received_file *last)
{
	json_kv_string(j, "status", req_status_code(s));
	json_kv_string(j, "status_label", req_status_label(s));
	json_key(j, "last_file");
	if (has_last)
		file_object(req, j, last, 0);
	else
		json_null(j);
}

static void school_request_object(struct request *req, struct json_write *j,
				  const struct establishment *e, const struct school_request *sr)
{
	json_object_begin(j);
	freq_fields(j, &sr->r);
	school_fields(j, e);
	status_fields(req, j, sr->status, sr->has_last, &sr->last);
	json_object_end(j);
}

/* The schools whose requests the caller sees: its own school, or the trust's
 * schools (one of them with ?school=). Caller frees *out. */
static enum err schools_of(struct request *req, struct establishment **out, size_t *n)
{
	struct establishment one;
	int laestab = school_param(req);
	enum err e;

	*out = NULL;
	*n = 0;
	if (role_scope(req->user.role) == SCOPE_TRUST && !laestab) {
		struct establishment *all = NULL;
		size_t nall = 0;
		e = store_establishment_list(req->db, 0, req->user.trust_id, &all, &nall);
		if (e)
			return e;
		*out = xcalloc(nall ? nall : 1, sizeof(**out));
		for (size_t i = 0; i < nall; i++)
			if (collection_acting_school(req->db, &req->user,
						     establishment_laestab(&all[i]),
						     ACT_RETURN_READ, &one) == ERR_OK)
				(*out)[(*n)++] = one;
		free(all);
		return ERR_OK;
	}
	e = collection_acting_school(req->db, &req->user, laestab, ACT_RETURN_READ, &one);
	if (e)
		return e;
	*out = xmalloc(sizeof(**out));
	(*out)[0] = one;
	*n = 1;
	return ERR_OK;
}

void api_requests_get(struct request *req)
{
	struct establishment *schools = NULL;
	struct json_write j;
	size_t ns = 0;
	enum err e = ERR_OK;

	if (is_la(req)) {
		struct file_request *list = NULL;
		size_t n = 0;
		if (collection_requests_la(req->db, &req->user, &list, &n) != ERR_OK) {
			resp_json_error(req, 500,
					"The requests could not be read. Try again later.");
			return;
		}
		resp_json_begin(req, 200);
		json_write_init(&j, resp_body(req));
		json_object_begin(&j);
		json_key(&j, "requests");
		json_array_begin(&j);
		for (size_t i = 0; i < n; i++) {
			json_object_begin(&j);
			freq_fields(&j, &list[i]);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
		free(list);
		return;
	}
	if (role_scope(req->user.role) != SCOPE_ALL)
		e = schools_of(req, &schools, &ns);
	if (e == ERR_NOT_FOUND) {
		resp_json_error(req, 404, "There is no such school in your area.");
		return;
	}
	if (e) {
		resp_json_error(req, 500, "The requests could not be read. Try again later.");
		return;
	}
	resp_json_begin(req, 200);
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	json_key(&j, "requests");
	json_array_begin(&j);
	for (size_t s = 0; s < ns; s++) {
		struct school_request *list = NULL;
		size_t n = 0;
		if (collection_requests_school(req->app, req->db, &schools[s], &list, &n) !=
		    ERR_OK) {
			free(schools);
			resp_reset(req);
			resp_json_error(req, 500,
					"The requests could not be read. Try again later.");
			return;
		}
		for (size_t i = 0; i < n; i++)
			school_request_object(req, &j, &schools[s], &list[i]);
		free(list);
	}
	json_array_end(&j);
	json_object_end(&j);
	free(schools);
}

void api_request_get(struct request *req)
{
	int64_t id = request_int(req, "id");
	struct json_write j;

	if (is_la(req)) {
		struct file_request r;
		struct dashboard d;
		if (collection_request_get(req->db, &req->user, id, &r) != ERR_OK) {
			resp_json_error(req, 404, not_found);
			return;
		}
		if (collection_dashboard(req->app, req->db, &r, &d) != ERR_OK) {
			resp_json_error(req, 500,
					"The request could not be read. Try again later.");
			return;
		}
		resp_json_begin(req, 200);
		json_write_init(&j, resp_body(req));
		json_object_begin(&j);
		freq_fields(&j, &r);
		json_key(&j, "counts");
		json_object_begin(&j);
		for (int s = 0; s < REQ_STATUS__MAX; s++)
			json_kv_int(&j, req_status_code((enum req_status)s), (int64_t)d.counts[s]);
		json_object_end(&j);
		json_key(&j, "schools");
		json_array_begin(&j);
		for (size_t i = 0; i < d.n; i++) {
			json_object_begin(&j);
			json_kv_int(&j, "laestab", establishment_laestab(&d.rows[i].school));
			json_kv_string(&j, "name", d.rows[i].school.name);
			status_fields(req, &j, d.rows[i].status, d.rows[i].has_last,
				      &d.rows[i].last);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
		collection_dashboard_release(&d);
		return;
	}
	{
		struct establishment e;
		struct school_request sr;
		if (collection_acting_school(req->db, &req->user, school_param(req),
					     ACT_RETURN_READ, &e) != ERR_OK ||
		    collection_school_request(req->app, req->db, &e, id, &sr) != ERR_OK) {
			resp_json_error(req, 404, not_found);
			return;
		}
		resp_json_begin(req, 200);
		json_write_init(&j, resp_body(req));
		school_request_object(req, &j, &e, &sr);
	}
}

void api_request_files_get(struct request *req)
{
	int64_t id = request_int(req, "id");
	struct received_file *files = NULL;
	struct establishment e;
	struct json_write j;
	size_t n = 0;
	bool la = is_la(req);

	if (la) {
		struct file_request r;
		if (collection_request_get(req->db, &req->user, id, &r) != ERR_OK) {
			resp_json_error(req, 404, not_found);
			return;
		}
		if (store_received_file_list(req->db, id, 0, &files, &n) != ERR_OK) {
			resp_json_error(req, 500, "The files could not be read. Try again later.");
			return;
		}
	} else {
		struct school_request sr;
		if (collection_acting_school(req->db, &req->user, school_param(req),
					     ACT_RETURN_READ, &e) != ERR_OK ||
		    collection_school_request(req->app, req->db, &e, id, &sr) != ERR_OK) {
			resp_json_error(req, 404, not_found);
			return;
		}
		if (collection_school_files(req->db, &e, id, &files, &n) != ERR_OK) {
			resp_json_error(req, 500, "The files could not be read. Try again later.");
			return;
		}
	}
	resp_json_begin(req, 200);
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	json_key(&j, "files");
	json_array_begin(&j);
	for (size_t i = 0; i < n; i++) {
		int laestab = 0;
		if (la) {
			struct establishment s;
			if (store_establishment_get(req->db, files[i].establishment_id, &s) ==
			    ERR_OK)
				laestab = establishment_laestab(&s);
		} else {
			laestab = establishment_laestab(&e);
		}
		file_object(req, &j, &files[i], laestab);
	}
	json_array_end(&j);
	json_object_end(&j);
	free(files);
}

static void problems_array(struct json_write *j, const struct problem_list *pl)
{
	json_key(j, "problem_list");
	json_array_begin(j);
	for (size_t i = 0; i < pl->count; i++) {
		const struct problem *p = &pl->items[i];
		json_object_begin(j);
		json_kv_string(j, "location", p->location);
		json_kv_string(j, "severity", problem_severity_name(p->severity));
		json_kv_string(j, "code", p->code);
		json_kv_string(j, "message", p->message);
		json_object_end(j);
	}
	json_array_end(j);
}

void api_request_files_post(struct request *req)
{
	int64_t id = request_int(req, "id");
	struct upload_file *files;
	struct upload_verdict *v = NULL;
	struct establishment e;
	struct school_request sr;
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	struct json_write j;
	size_t refused = 0, too_big = 0;
	enum err err;

	if (collection_acting_school(req->db, &req->user, school_param(req), ACT_FILE_SEND, &e) !=
		    ERR_OK ||
	    collection_school_request(req->app, req->db, &e, id, &sr) != ERR_OK) {
		resp_json_error(req, 404, not_found);
		return;
	}
	files = arena_alloc(&req->arena, (req->nuploads + 1) * sizeof(*files));
	for (size_t i = 0; i < req->nuploads; i++)
		files[i] = (struct upload_file){ req->uploads[i].name, req->uploads[i].data,
						 req->uploads[i].len };
	/* a MAT admin's files are also recorded as the trust's */
	err = role_scope(req->user.role) == SCOPE_TRUST ?
		      collection_mat_receive_many(req->app, req->db, &req->user, &who, &e, id,
						  files, req->nuploads,
						  request_text(req, "comment"), &v, &eb) :
		      collection_receive_many(req->app, req->db, &req->user, &who, &e, id, files,
					      req->nuploads, request_text(req, "comment"), &v, &eb);
	if (err) {
		resp_json_error(req,
				err == ERR_NOT_FOUND ? 404 :
				err == ERR_TOO_BIG   ? 413 :
				err == ERR_LOCKED    ? 409 :
				err == ERR_INVALID   ? 400 :
						       500,
				err == ERR_NOT_FOUND ? not_found : eb.msg);
		return;
	}
	for (size_t i = 0; i < req->nuploads; i++) {
		if (v[i].err == ERR_LOCKED) {
			/* the request was closed: the same for every file */
			resp_json_error(req, 409, v[i].message);
			collection_verdicts_free(v, req->nuploads);
			return;
		}
		refused += v[i].err != ERR_OK;
		too_big += v[i].err == ERR_TOO_BIG;
	}
	resp_json_begin(req, !refused ? 200 : too_big == req->nuploads ? 413 : 422);
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	json_kv_int(&j, "received", (int64_t)(req->nuploads - refused));
	json_kv_int(&j, "refused", (int64_t)refused);
	json_key(&j, "files");
	json_array_begin(&j);
	for (size_t i = 0; i < req->nuploads; i++) {
		json_object_begin(&j);
		json_kv_string(&j, "name", v[i].name);
		if (v[i].err) {
			json_kv_string(&j, "verdict", "refused");
			json_kv_string(&j, "error", v[i].message);
		} else {
			const struct received_file *f = &v[i].rc.file;
			json_kv_string(&j, "verdict", f->status);
			json_kv_int(&j, "id", f->id);
			json_kv_string(&j, "kind", f->kind);
			json_kv_int(&j, "problems", f->problem_count);
			problems_array(&j, &v[i].rc.problems);
		}
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	collection_verdicts_free(v, req->nuploads);
}

/* The bytes as a download. */
static void send_bytes(struct request *req, const struct received_file *f, const char *bytes,
		       size_t len)
{
	char safe[RFILE_NAME_MAX + 1];
	size_t k = 0;

	/* the name in the header: printable ASCII without quotes or backslashes */
	for (const char *p = f->original_name; *p && k + 1 < sizeof(safe); p++)
		safe[k++] = (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\') ? *p : '_';
	safe[k] = '\0';
	resp_status(req, 200);
	resp_content_type(req, strcmp(f->kind, "ctf") == 0 ? "application/xml" :
							     "application/octet-stream");
	resp_header(req, "Content-Disposition",
		    arena_printf(&req->arena, "attachment; filename=\"%s\"", safe));
	strbuf_add(resp_body(req), bytes, len);
}

void api_request_file_get(struct request *req)
{
	int64_t id = request_int(req, "id"), fid = request_int(req, "fid");
	struct received_file f;
	struct errbuf eb = { "" };
	char *bytes = NULL;
	size_t len = 0;
	enum err err;

	if (is_la(req)) {
		struct actor who = actor_of(req);
		err = collection_la_download(req->app, req->db, &req->user, &who, id, fid, &f,
					     &bytes, &len, &eb);
	} else {
		struct establishment e;
		struct school_request sr;
		struct problem_list pl;
		problem_list_init(&pl);
		err = collection_acting_school(req->db, &req->user, school_param(req),
					       ACT_RETURN_READ, &e);
		if (!err)
			err = collection_school_request(req->app, req->db, &e, id, &sr);
		if (!err)
			err = collection_school_file(req->db, &e, id, fid, &f, &pl);
		if (!err)
			err = store_received_file_content(req->db, fid, &bytes, &len);
		problem_list_release(&pl);
	}
	if (err == ERR_NOT_FOUND) {
		resp_json_error(req, 404, "There is no such file.");
	} else if (err) {
		log_warn("api: file %lld not read: %s", (long long)fid, eb.msg);
		resp_json_error(req, 500, "The file could not be read. Try again later.");
	} else {
		send_bytes(req, &f, bytes, len);
	}
	free(bytes);
}
