/*
 * api/pupils: GET /api/v1/schools/:laestab/pupils (search, characteristics filter,
 * sort, paging, as the list page), and GET/PUT of one pupil by UPN with its
 * version. The dispatcher has resolved :laestab and checked the route's action
 * (404 for schools the caller may not see); a pupil of another school is 404 too.
 */
#include "web/api/api.h"

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
	[PUPIL_F_UPN] = "upn",	       [PUPIL_F_SURNAME] = "surname",
	[PUPIL_F_FORENAMES] = "forenames", [PUPIL_F_DOB] = "dob",
	[PUPIL_F_CLASS] = "class",     [PUPIL_F_YEAR] = "year_override",
	[PUPIL_F_GENDER] = "gender",   [PUPIL_F_POSTCODE] = "postcode",
	[PUPIL_F_ETHNICITY] = "ethnicity", [PUPIL_F_SEN] = "sen",
	[PUPIL_F_SEN_NOTES] = "sen_notes",
};

/* The short form of a pupil in lists. */
static void pupil_brief(struct json_write *j, const struct pupil *p, int year)
{
	char dob[11] = "", label[YEAR_LABEL_MAX];

	json_object_begin(j);
	json_kv_string(j, "upn", p->upn);
	json_kv_string(j, "surname", p->surname);
	json_kv_string(j, "forenames", p->forenames);
	if (date_valid(p->dob)) {
		date_format_iso(p->dob, dob);
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
	struct json_write j;
	const char *bad = NULL;
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
				arena_printf(&req->arena, "%s: not a value this filter takes.", bad));
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
				   .limit = request_has(req, "limit") ? (int)request_int(req, "limit") :
									0,
				   .offset = (int)request_int(req, "offset") };
	if (store_pupil_search(req->db, &q, &list, &n, &total) != ERR_OK) {
		resp_json_error(req, 500, "The pupils could not be read. Try again later.");
		goto out;
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
	json_key(&j, "pupils");
	json_array_begin(&j);
	for (size_t i = 0; i < n; i++)
		pupil_brief(&j, &list[i], year);
	json_array_end(&j);
	json_object_end(&j);
out:
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

void api_pupil_get(struct request *req)
{
	struct json_write j;
	struct pupil p;

	if (!load(req, &p))
		return;
	resp_json_begin(req, 200);
	json_write_init(&j, resp_body(req));
	pupil_full(&j, &p, this_year(req));
}

/* A PUT field: the sent text, else the stored value as text. */
static const char *text_or(struct request *req, const char *name, const char *stored)
{
	return request_has(req, name) ? request_text(req, name) : stored;
}

static bool bool_or(struct request *req, const char *name, bool stored)
{
	return request_has(req, name) ? request_bool(req, name) : stored;
}

void api_pupil_put(struct request *req)
{
	static const char *const customs[CUSTOM_COUNT] = { "custom1", "custom2", "custom3",
							   "custom4", "custom5", "custom6" };
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	struct date today = date_from_unix(app_now(req->app));
	struct pupil_errors *err = arena_alloc(&req->arena, sizeof(*err));
	char dob[11] = "", label[YEAR_LABEL_MAX], sen[2];
	struct pupil_input in;
	struct json_write j;
	struct pupil p, stored;
	enum err rc;

	if (!load(req, &p))
		return;
	/* Fields not sent keep their stored values (read from a copy: the check
	 * writes into p). */
	stored = p;
	if (date_valid(p.dob))
		date_format_iso(p.dob, dob);
	sen[0] = p.sen;
	sen[1] = '\0';
	memset(&in, 0, sizeof(in));
	in.upn = stored.upn;
	in.surname = text_or(req, "surname", stored.surname);
	in.forenames = text_or(req, "forenames", stored.forenames);
	in.dob = text_or(req, "dob", dob);
	in.class_no = request_has(req, "class") ? (int)request_int(req, "class") : stored.class_no;
	in.year_override = text_or(req, "year_override",
				   stored.year_override == YEAR_NONE ? "" :
								  year_label(stored.year_override, label));
	in.gender = text_or(req, "gender", gender_code(stored.gender));
	in.postcode = text_or(req, "postcode", stored.postcode);
	in.ethnicity = text_or(req, "ethnicity", stored.ethnicity);
	in.sen = text_or(req, "sen", sen);
	in.sen_notes = text_or(req, "sen_notes", stored.sen_notes);
	in.disadvantaged = bool_or(req, "disadvantaged", stored.disadvantaged);
	in.eal = bool_or(req, "eal", stored.eal);
	in.pupil_premium = bool_or(req, "pupil_premium", stored.pupil_premium);
	in.fsm = bool_or(req, "fsm", stored.fsm);
	for (int i = 0; i < CUSTOM_COUNT; i++)
		in.custom[i] = bool_or(req, customs[i], stored.custom[i]);
	in.include_in_data = bool_or(req, "include_in_data", stored.include_in_data);
	p.version = request_int(req, "version");
	rc = pupil_input_check(&in, today, &p, err) ? pupil_save(req->db, &who, &req->estab, &p, err) :
						      ERR_INVALID;
	if (rc == ERR_OK) {
		resp_json_begin(req, 200);
		json_write_init(&j, resp_body(req));
		pupil_full(&j, &p, academic_year_of(today));
		return;
	}
	if (rc == ERR_CONFLICT && err->conflict) {
		struct pupil now;
		if (store_pupil_get(req->db, p.id, &now) != ERR_OK) {
			resp_json_error(req, 500, "The pupil could not be read. Try again later.");
			return;
		}
		resp_json_begin(req, 409);
		json_write_init(&j, resp_body(req));
		json_object_begin(&j);
		json_kv_string(&j, "error", err->general);
		json_key(&j, "current");
		pupil_full(&j, &now, academic_year_of(today));
		json_object_end(&j);
		return;
	}
	if (rc != ERR_INVALID && rc != ERR_CONFLICT) {
		log_error("api: cannot save pupil %s: %s", p.upn, err_str(rc));
		resp_json_error(req, 500, "The pupil could not be saved. Try again later.");
		return;
	}
	resp_json_begin(req, 422);
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	json_kv_string(&j, "error", err->general[0] ? err->general :
						      "Some fields are not right; nothing was saved.");
	json_key(&j, "fields");
	json_object_begin(&j);
	for (int f = 0; f < PUPIL_F__MAX; f++)
		if (err->field[f][0])
			json_kv_string(&j, field_keys[f], err->field[f]);
	json_object_end(&j);
	json_object_end(&j);
}
