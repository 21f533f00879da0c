/*
 * api/pupils_bulk: POST /api/v1/schools/:laestab/pupils-bulk, the one Save of the
 * "Edit multiple pupils" grid. The form field "changes" holds CSV lines
 * PUPIL_ID,VERSION,FIELD,VALUE (app/pupils_bulk.h). All or nothing:
 *   200 {"saved": N, "include_off": K, "pupils": [{"id", "version"}...]}
 *   422 (a cell is wrong) or 409 (a pupil was changed by someone else meanwhile)
 *       {"error": "...", "errors": [{"pupil": ID, "field": "class"|null,
 *        "conflict": bool, "message": "..."}]}
 *   400 malformed changes, 404 a pupil not of this school.
 */
#include "web/api/api.h"

#include <string.h>

#include "app/pupils_bulk.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "formats/json_write.h"

void api_pupils_bulk_post(struct request *req)
{
	const char *changes = request_text(req, "changes");
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	struct bulk_result res;
	struct errbuf eb = { "" };
	struct json_write j;
	enum err e;

	if (!req->has_estab)
		BUG("api_pupils_bulk_post without an authorised establishment");
	e = pupils_bulk_save(req->db, &who, &req->estab, changes, strlen(changes), &res, &eb);
	switch (e) {
	case ERR_OK:
		resp_json_begin(req, 200);
		json_write_init(&j, resp_body(req));
		json_object_begin(&j);
		json_kv_int(&j, "saved", (int64_t)res.nsaved);
		json_kv_int(&j, "include_off", (int64_t)res.include_off);
		json_key(&j, "pupils");
		json_array_begin(&j);
		for (size_t i = 0; i < res.nsaved; i++) {
			json_object_begin(&j);
			json_kv_int(&j, "id", res.saved[i].pupil_id);
			json_kv_int(&j, "version", res.saved[i].version);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
		break;
	case ERR_INVALID:
	case ERR_CONFLICT:
		resp_json_begin(req, e == ERR_CONFLICT ? 409 : 422);
		json_write_init(&j, resp_body(req));
		json_object_begin(&j);
		json_kv_string(
			&j, "error",
			e == ERR_CONFLICT ?
				"Nothing was saved: someone else changed a pupil meanwhile." :
				"Nothing was saved: correct the cells marked and save again.");
		json_key(&j, "errors");
		json_array_begin(&j);
		for (size_t i = 0; i < res.nerrors; i++) {
			json_object_begin(&j);
			json_kv_int(&j, "pupil", res.errors[i].pupil_id);
			json_kv_string(&j, "field", bulk_field_name(res.errors[i].field));
			json_kv_bool(&j, "conflict", res.errors[i].conflict);
			json_kv_string(&j, "message", res.errors[i].message);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
		break;
	case ERR_USAGE:
		resp_json_error(req, 400, eb.msg);
		break;
	case ERR_NOT_FOUND:
		resp_json_error(req, 404, eb.msg);
		break;
	default:
		log_error("web: pupils-bulk save for %07d: %s", establishment_laestab(&req->estab),
			  eb.msg);
		resp_json_error(req, 500, "The changes could not be saved; nothing was saved.");
		break;
	}
	bulk_result_free(&res);
}
