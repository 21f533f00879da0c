/*
 * api/pupils: the pupils of one school (search, characteristics filter, sort,
 * paging, as the list page), and one pupil by UPN: GET, POST (add), PATCH (the
 * fields sent) with its version as the ETag. Reached as /api/v1/pupils[/:upn]
 * ?establishment=LAESTAB (issue 4c) and through the older aliases
 * /api/v1/schools/:laestab/pupils[/:upn] (GET, PUT = PATCH). The dispatcher has
 * resolved the school and checked the route's action (404 for schools the
 * caller may not see); a pupil of another school is 404 too.
 */
#include "web/api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/pupils.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/codelist.h"
#include "core/pupil_filter.h"
#include "core/upn.h"
#include "formats/json_write.h"
#include "web/pages/pages.h"

static const char *const field_keys[PUPIL_F__MAX] = {
	[PUPIL_F_UPN] = "upn",
	[PUPIL_F_SURNAME] = "surname",
	[PUPIL_F_FORENAMES] = "forenames",
	[PUPIL_F_DOB] = "dob",
	[PUPIL_F_CLASS] = "class",
	[PUPIL_F_YEAR] = "year_override",
	[PUPIL_F_GENDER] = "gender",
	[PUPIL_F_POSTCODE] = "postcode",
	[PUPIL_F_ETHNICITY] = "ethnicity",
	[PUPIL_F_SEN] = "sen",
	[PUPIL_F_SEN_NOTES] = "sen_notes",
};

/* "yyyy-mm-dd" of a valid date, as date_format_iso writes it (without its
 * snprintf: a list writes one per pupil). */
static void iso_date(struct date d, char out[static 11])
{
	unsigned y = (unsigned)d.year % 10000;

	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + d.month / 10);
	out[6] = (char)('0' + d.month % 10);
	out[7] = '-';
	out[8] = (char)('0' + d.day / 10);
	out[9] = (char)('0' + d.day % 10);
	out[10] = '\0';
}

/* The short form of a pupil in lists. */
static void pupil_brief(struct json_write *j, const struct pupil *p, int year)
{
	char dob[11] = "", label[YEAR_LABEL_MAX];

	json_object_begin(j);
	json_kv_string(j, "upn", p->upn);
	json_kv_string(j, "surname", p->surname);
	json_kv_string(j, "forenames", p->forenames);
	if (date_valid(p->dob)) {
		iso_date(p->dob, dob);
		json_kv_string(j, "dob", dob);
	} else {
		json_key(j, "dob");
		json_null(j);
	}
	json_kv_string(j, "gender", p->gender == GENDER_UNKNOWN ? NULL : gender_code(p->gender));
	if (p->class_no > 0)
		json_kv_int(j, "class", p->class_no);
	json_kv_string(j, "year_group", year_label(pupil_year_group(p, year), label));
	if (p->archived)
		json_kv_bool(j, "archived", true);
	json_object_end(j);
}

/* Every field of a pupil, with its version. */
static void pupil_full(struct json_write *j, const struct pupil *p, int year)
{
	char dob[11] = "", label[YEAR_LABEL_MAX], sen[2] = { p->sen, 0 };
	static const char *const customs[CUSTOM_COUNT] = { "custom1", "custom2", "custom3",
							   "custom4", "custom5", "custom6" };

	json_object_begin(j);
	json_kv_string(j, "upn", p->upn);
	json_kv_string(j, "surname", p->surname);
	json_kv_string(j, "forenames", p->forenames);
	json_key(j, "dob");
	if (date_valid(p->dob)) {
		date_format_iso(p->dob, dob);
		json_string(j, dob);
	} else {
		json_null(j);
	}
	json_kv_string(j, "gender", p->gender == GENDER_UNKNOWN ? NULL : gender_code(p->gender));
	json_kv_int(j, "class", p->class_no);
	json_kv_string(j, "year_override",
		       p->year_override == YEAR_NONE ? NULL : year_label(p->year_override, label));
	json_kv_string(j, "year_group", year_label(pupil_year_group(p, year), label));
	json_kv_string(j, "postcode", p->postcode);
	json_kv_string(j, "ethnicity", p->ethnicity);
	json_kv_string(j, "sen", sen);
	json_kv_string(j, "sen_notes", p->sen_notes);
	json_kv_bool(j, "disadvantaged", p->disadvantaged);
	json_kv_bool(j, "eal", p->eal);
	json_kv_bool(j, "pupil_premium", p->pupil_premium);
	json_kv_bool(j, "fsm", p->fsm);
	for (int i = 0; i < CUSTOM_COUNT; i++)
		json_kv_bool(j, customs[i], p->custom[i]);
	json_kv_bool(j, "include_in_data", p->include_in_data);
	json_kv_bool(j, "archived", p->archived);
	json_kv_int(j, "version", p->version);
	json_object_end(j);
}

static int this_year(struct request *req)
{
	return academic_year_of(date_from_unix(app_now(req->app)));
}

void api_pupils_get(struct request *req)
{
	static const char *const sort_keys[] = { "name", "upn", "dob", "class", "year", "gender" };
	const struct establishment *e = &req->estab;
	struct pupil_filter f;
	struct pupil_search q;
	struct pupil *list = NULL;
	struct json_write j, ja;
	struct strbuf pupils;
	const char *bad = NULL, *key;
	size_t n = 0;
	long total = 0;
	int year = this_year(req), yg = YEAR_NONE, sort = request_enum(req, "sort");

	if (!req->has_estab)
		BUG("api_pupils_get without an authorised establishment");
	_Static_assert(ARRAY_SIZE(sort_keys) == PUPIL_SORT__MAX, "sort keys");
	pupil_filter_init(&f);
	if (request_text(req, "year")[0] && !year_parse(request_text(req, "year"), &yg)) {
		resp_json_error(req, 400, "year: not a year group (N1, N2, R, Y1 .. Y6).");
		return;
	}
	if (!page_filter_read(req, &f, &bad)) {
		resp_json_error(req, 400,
				arena_printf(&req->arena, "%s: not a value this filter takes.",
					     bad));
		return;
	}
	q = (struct pupil_search){ .establishment_id = e->id,
				   .surname = request_text(req, "surname"),
				   .upn = request_text(req, "upn"),
				   .class_no = (int)request_int(req, "class"),
				   .year_group = yg,
				   .academic_year = year,
				   .include_archived = request_bool(req, "archived"),
				   .filter = &f,
				   .sort = sort < 0 ? PUPIL_SORT_NAME : (enum pupil_sort)sort,
				   .desc = request_enum(req, "dir") == 1,
				   .limit = request_has(req, "limit") ?
						    (int)request_int(req, "limit") :
						    0,
				   .offset = (int)request_int(req, "offset"),
				   .version = e->pupils_version };
	/* The pupils as JSON, as made for a request that read the school's pupils
	 * at the same version, are kept in memory; otherwise they are read. */
	strbuf_init(&pupils, 0);
	/* besides the school's pupils, the answer is made from the search */
	key = page_search_key(req, &q);
	if (key)
		key = arena_printf(&req->arena, "pupil-api %s", key);
	if (!key || !store_piece_get(req->db, e->id, e->pupils_version, key, &pupils, &total)) {
		if (store_pupil_search_brief(req->db, &q, &list, &n, &total) != ERR_OK) {
			resp_json_error(req, 500, "The pupils could not be read. Try again later.");
			goto out;
		}
		json_write_init(&ja, &pupils);
		json_array_begin(&ja);
		for (size_t i = 0; i < n; i++)
			pupil_brief(&ja, &list[i], year);
		json_array_end(&ja);
		if (key && json_write_ok(&ja))
			store_piece_put(req->db, e->id, e->pupils_version, key, pupils.buf,
					pupils.len, total);
	}
	resp_json_begin(req, 200);
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	json_key(&j, "school");
	json_object_begin(&j);
	json_kv_int(&j, "laestab", establishment_laestab(e));
	json_kv_string(&j, "name", e->name);
	json_object_end(&j);
	json_kv_int(&j, "total", total);
	json_kv_int(&j, "offset", q.offset);
	if (q.limit > 0)
		json_kv_int(&j, "limit", q.limit);
	/* a page holds limit pupils while more follow it */
	if (q.limit > 0 && (long)q.offset + (long)q.limit < total)
		json_kv_int(&j, "next_offset", q.offset + (int64_t)q.limit);
	json_key(&j, "pupils");
	json_value_kept(&j, pupils.buf, pupils.len);
	json_object_end(&j);
out:
	strbuf_release(&pupils);
	free(list);
}

/* The pupil named by :upn at the route's school; false (answered 404) otherwise. */
static bool load(struct request *req, struct pupil *p)
{
	char upn[UPN_LEN + 4];
	enum err e;

	upn_normalise(request_text(req, "upn"), upn, sizeof(upn));
	e = store_pupil_get_by_upn(req->db, upn, p);
	if (e == ERR_OK && p->establishment_id == req->estab.id)
		return true;
	if (e && e != ERR_NOT_FOUND)
		resp_json_error(req, 500, "The pupil could not be read. Try again later.");
	else
		resp_json_error(req, 404, "There is no such pupil at this school.");
	return false;
}

/* The ETag of a pupil: its version, quoted. */
static void set_etag(struct request *req, int64_t version)
{
	resp_header(req, "ETag", arena_printf(&req->arena, "\"%lld\"", (long long)version));
}

/* 200 (or status) with the pupil and its ETag. */
static void answer_pupil(struct request *req, int status, const struct pupil *p)
{
	struct json_write j;

	resp_json_begin(req, status);
	json_write_init(&j, resp_body(req));
	pupil_full(&j, p, this_year(req));
	set_etag(req, p->version);
}

void api_pupil_get(struct request *req)
{
	struct pupil p;

	if (load(req, &p))
		answer_pupil(req, 200, &p);
}

/* A sent field: its text, else the stored value as text. */
static const char *text_or(struct request *req, const char *name, const char *stored)
{
	return request_has(req, name) ? request_text(req, name) : stored;
}

static bool bool_or(struct request *req, const char *name, bool stored)
{
	return request_has(req, name) ? request_bool(req, name) : stored;
}

/* What the pupil check sees: the stored values of *stored, replaced by the
 * fields the request sends (merge semantics; an empty text clears a field).
 * Returns false when "class" is not a whole number (*class_text says what was
 * sent). The texts live in the request's arena. */
static bool merge_input(struct request *req, const struct pupil *stored, const char *upn,
			struct pupil_input *in, const char **class_text)
{
	static const char *const customs[CUSTOM_COUNT] = { "custom1", "custom2", "custom3",
							   "custom4", "custom5", "custom6" };
	char *dob = arena_alloc(&req->arena, 11), *label = arena_alloc(&req->arena, YEAR_LABEL_MAX);
	char *sen = arena_alloc(&req->arena, 2);
	bool class_ok = true;

	dob[0] = '\0';
	if (date_valid(stored->dob))
		date_format_iso(stored->dob, dob);
	sen[0] = stored->sen;
	sen[1] = '\0';
	memset(in, 0, sizeof(*in));
	in->upn = upn;
	in->surname = text_or(req, "surname", stored->surname);
	in->forenames = text_or(req, "forenames", stored->forenames);
	in->dob = text_or(req, "dob", dob);
	in->class_no = stored->class_no;
	*class_text = "";
	if (request_has(req, "class")) {
		const char *t = request_text(req, "class");
		char *end = NULL;
		long v = strtol(t, &end, 10);
		*class_text = t;
		if (!*t)
			in->class_no = 0;
		else if (*end || end == t || v < 0 || v > 99)
			class_ok = false;
		else
			in->class_no = (int)v;
	}
	in->year_override = text_or(
		req, "year_override",
		stored->year_override == YEAR_NONE ? "" : year_label(stored->year_override, label));
	in->gender = text_or(req, "gender", gender_code(stored->gender));
	in->postcode = text_or(req, "postcode", stored->postcode);
	in->ethnicity = text_or(req, "ethnicity", stored->ethnicity);
	in->sen = text_or(req, "sen", sen);
	in->sen_notes = text_or(req, "sen_notes", stored->sen_notes);
	in->disadvantaged = bool_or(req, "disadvantaged", stored->disadvantaged);
	in->eal = bool_or(req, "eal", stored->eal);
	in->pupil_premium = bool_or(req, "pupil_premium", stored->pupil_premium);
	in->fsm = bool_or(req, "fsm", stored->fsm);
	for (int i = 0; i < CUSTOM_COUNT; i++)
		in->custom[i] = bool_or(req, customs[i], stored->custom[i]);
	in->include_in_data = bool_or(req, "include_in_data", stored->include_in_data);
	return class_ok;
}

/* The form's checks on the merged input into p; a class that is not a number
 * gets its own message (the check saw it as class -1). */
static bool check(struct request *req, struct pupil_input *in, bool class_ok,
		  const char *class_text, struct pupil *p, struct pupil_errors *err)
{
	bool ok;

	if (!class_ok)
		in->class_no = -1;
	ok = pupil_input_check(in, date_from_unix(app_now(req->app)), p, err);
	if (!class_ok)
		snprintf(err->field[PUPIL_F_CLASS], sizeof(err->field[PUPIL_F_CLASS]),
			 "Class \"%.8s\" is not a class number; classes are numbered 1 to %d "
			 "(0 or empty for no class)",
			 class_text, CLASS_COUNT);
	return ok;
}

/* 422 (or status) {error, fields: {field: message}}. */
static void answer_fields(struct request *req, int status, const struct pupil_errors *err,
			  const char *fallback)
{
	struct json_write j;

	resp_json_begin(req, status);
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	json_kv_string(&j, "error", err->general[0] ? err->general : fallback);
	json_key(&j, "fields");
	json_object_begin(&j);
	for (int f = 0; f < PUPIL_F__MAX; f++)
		if (err->field[f][0])
			json_kv_string(&j, field_keys[f], err->field[f]);
	json_object_end(&j);
	json_object_end(&j);
}

/* 409 or 412: {error, current} with the record as it is now. */
static void answer_stale(struct request *req, int status, int64_t id, const char *message)
{
	struct json_write j;
	struct pupil now;

	if (store_pupil_get(req->db, id, &now) != ERR_OK) {
		resp_json_error(req, 500, "The pupil could not be read. Try again later.");
		return;
	}
	resp_json_begin(req, status);
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	json_kv_string(&j, "error", message);
	json_key(&j, "current");
	pupil_full(&j, &now, this_year(req));
	json_object_end(&j);
	set_etag(req, now.version);
}

/* Whether an If-Match header value names version: "*" or a list of quoted
 * versions (weak tags never match, as RFC 9110 asks). */
static bool if_match_ok(const char *h, int64_t version)
{
	char want[32];
	size_t wl;

	snprintf(want, sizeof(want), "\"%lld\"", (long long)version);
	wl = strlen(want);
	while (*h) {
		size_t len;
		while (*h == ' ' || *h == '\t' || *h == ',')
			h++;
		len = strcspn(h, ",");
		while (len && (h[len - 1] == ' ' || h[len - 1] == '\t'))
			len--;
		if ((len == 1 && h[0] == '*') || (len == wl && memcmp(h, want, wl) == 0))
			return true;
		h += strcspn(h, ",");
	}
	return false;
}

static const char STALE_412[] =
	"Someone else changed this pupil's record since you read it; nothing was saved. "
	"Read it again (GET), make your changes to that and send them with its ETag.";

/* PATCH (and the older PUT): only the fields sent change; all or nothing. */
void api_pupil_patch(struct request *req)
{
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	struct pupil_errors *err = arena_alloc(&req->arena, sizeof(*err));
	const char *if_match = request_header(req, "If-Match"), *class_text;
	struct pupil_input in;
	struct pupil p, stored;
	bool class_ok;
	enum err rc;

	if (!load(req, &p))
		return;
	if (if_match && !if_match_ok(if_match, p.version)) {
		answer_stale(req, 412, p.id, STALE_412);
		return;
	}
	if (!if_match && !request_has(req, "version")) {
		resp_json_error(
			req, 428,
			"Send the If-Match header with the ETag a GET of this pupil gave "
			"(or the field version), so that nobody's changes are overwritten.");
		return;
	}
	/* The merge reads from a copy: the check writes into p. */
	stored = p;
	class_ok = merge_input(req, &stored, stored.upn, &in, &class_text);
	if (request_has(req, "version"))
		p.version = request_int(req, "version");
	rc = check(req, &in, class_ok, class_text, &p, err) ?
		     pupil_save(req->db, &who, &req->estab, &p, err) :
		     ERR_INVALID;
	if (rc == ERR_OK) {
		answer_pupil(req, 200, &p);
		return;
	}
	if (rc == ERR_CONFLICT && err->conflict) {
		/* Stale against If-Match: 412; against the version field: 409. */
		if (if_match && !request_has(req, "version"))
			answer_stale(req, 412, p.id, STALE_412);
		else
			answer_stale(req, 409, p.id, err->general);
		return;
	}
	if (rc != ERR_INVALID && rc != ERR_CONFLICT) {
		log_error("api: cannot save pupil %s: %s", p.upn, err_str(rc));
		resp_json_error(req, 500, "The pupil could not be saved. Try again later.");
		return;
	}
	answer_fields(req, 422, err, "Some fields are not right; nothing was saved.");
}

void api_pupil_put(struct request *req)
{
	api_pupil_patch(req);
}

/* POST: adds the pupil :upn to the school with the fields sent (the form's
 * defaults for the others). */
void api_pupil_post(struct request *req)
{
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	struct pupil_errors *err = arena_alloc(&req->arena, sizeof(*err));
	const char *class_text;
	struct pupil_input in;
	struct pupil p, defaults;
	struct json_write j;
	bool class_ok;
	enum err rc;

	pupil_defaults(&defaults, req->estab.id);
	p = defaults;
	class_ok = merge_input(req, &defaults, request_text(req, "upn"), &in, &class_text);
	if (!check(req, &in, class_ok, class_text, &p, err)) {
		answer_fields(req, 422, err, "Some fields are not right; nothing was saved.");
		return;
	}
	rc = pupil_save(req->db, &who, &req->estab, &p, err);
	if (rc == ERR_OK) {
		resp_header(req, "Location",
			    arena_printf(&req->arena, "/api/v1/pupils/%s?establishment=%d", p.upn,
					 establishment_laestab(&req->estab)));
		answer_pupil(req, 201, &p);
		return;
	}
	if (rc != ERR_INVALID && rc != ERR_CONFLICT) {
		log_error("api: cannot add pupil %s: %s", p.upn, err_str(rc));
		resp_json_error(req, 500, "The pupil could not be added. Try again later.");
		return;
	}
	if (!err->field[PUPIL_F_UPN][0]) {
		answer_fields(req, 422, err, "Some fields are not right; nothing was saved.");
		return;
	}
	/* The UPN is taken: here (edit that record) or at another school (the
	 * form's answer: ask for a transfer; nothing of that school is told). */
	resp_json_begin(req, 409);
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	json_kv_string(&j, "error", err->field[PUPIL_F_UPN]);
	json_key(&j, "fields");
	json_object_begin(&j);
	json_kv_string(&j, "upn", err->field[PUPIL_F_UPN]);
	json_object_end(&j);
	if (err->upn_elsewhere) {
		json_key(&j, "transfer");
		json_object_begin(&j);
		json_kv_string(&j, "upn", p.upn);
		json_kv_string(&j, "message",
			       "Ask for a transfer: the pupil's current school or the local "
			       "authority confirms it, and the pupil's history and interventions "
			       "move with them. Do not add the pupil again.");
		json_kv_string(&j, "request",
			       arena_printf(&req->arena, "/schools/%d/transfers",
					    establishment_laestab(&req->estab)));
		json_object_end(&j);
	}
	json_object_end(&j);
}
