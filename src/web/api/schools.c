/*
 * api/schools: GET /api/v1/schools, the establishments the caller may see.
 */
#include "web/api/api.h"

#include "formats/json_write.h"
#include "web/scope.h"

void api_schools_get(struct request *req)
{
	struct establishment *list = NULL;
	struct json_write j;
	size_t n = 0;

	if (scope_visible_schools(req, &list, &n) != ERR_OK) {
		resp_json_error(req, 500, "The schools could not be read. Try again later.");
		return;
	}
	resp_json_begin(req, 200);
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	json_key(&j, "schools");
	json_array_begin(&j);
	for (size_t i = 0; i < n; i++) {
		json_object_begin(&j);
		json_kv_int(&j, "laestab", establishment_laestab(&list[i]));
		json_kv_int(&j, "la_code", list[i].la_code);
		json_kv_int(&j, "estab", list[i].estab);
		if (list[i].urn)
			json_kv_int(&j, "urn", list[i].urn);
		json_kv_string(&j, "name", list[i].name);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
}
