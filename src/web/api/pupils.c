/*
 * api/pupils: GET /api/v1/schools/:laestab/pupils. The dispatcher has resolved
 * :laestab and checked ACT_PUPIL_READ (404 for schools the caller may not see).
 */
#include "web/api/api.h"

#include <stdlib.h>

#include "app/app.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "formats/json_write.h"

static const char
	*const genders[] = { [GENDER_UNKNOWN] = NULL, [GENDER_MALE] = "M", [GENDER_FEMALE] = "F" };
_Static_assert(sizeof(genders) / sizeof(genders[0]) == GENDER__MAX, "genders");

void api_pupils_get(struct request *req)
{
	const struct establishment *e = &req->estab;
	struct pupil_query q = { .establishment_id = e->id };
	struct pupil *list = NULL;
	struct json_write j;
	size_t n = 0;
	int year = academic_year_of(date_from_unix(app_now(req->app)));

	if (!req->has_estab)
		BUG("api_pupils_get without an authorised establishment");
	if (store_pupil_list(req->db, &q, &list, &n) != ERR_OK) {
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
	json_key(&j, "pupils");
	json_array_begin(&j);
	for (size_t i = 0; i < n; i++) {
		const struct pupil *p = &list[i];
		char dob[11] = "", label[YEAR_LABEL_MAX];
		int yg = p->year_override != YEAR_NONE ? p->year_override :
							 year_group_of(p->dob, year);
		json_object_begin(&j);
		json_kv_string(&j, "upn", p->upn);
		json_kv_string(&j, "surname", p->surname);
		json_kv_string(&j, "forenames", p->forenames);
		if (date_valid(p->dob)) {
			date_format_iso(p->dob, dob);
			json_kv_string(&j, "dob", dob);
		} else {
			json_key(&j, "dob");
			json_null(&j);
		}
		json_kv_string(&j, "gender",
			       (unsigned)p->gender < GENDER__MAX ? genders[p->gender] : NULL);
		if (p->class_no > 0)
			json_kv_int(&j, "class", p->class_no);
		json_kv_string(&j, "year_group", year_label(yg, label));
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
out:
	free(list);
}
