/*
 * api/me: GET /api/v1/me, who the caller is: user, role and scope.
 */
#include "web/api/api.h"

#include "formats/json_write.h"
#include "web/scope.h"

static const char *const scope_kinds[] = {
	[SCOPE_ESTABLISHMENT] = "establishment",
	[SCOPE_TRUST] = "trust",
	[SCOPE_LA] = "la",
	[SCOPE_ALL] = "all",
};
_Static_assert(sizeof(scope_kinds) / sizeof(scope_kinds[0]) == SCOPE__MAX, "scope kinds");

void api_me_get(struct request *req)
{
	const struct user *u = &req->user;
	enum scope_kind kind = role_scope(u->role);
	struct json_write j;

	resp_json_begin(req, 200);
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	json_key(&j, "user");
	json_object_begin(&j);
	json_kv_int(&j, "id", u->id);
	json_kv_string(&j, "username", u->username);
	json_kv_string(&j, "display_name", u->display_name);
	json_object_end(&j);
	json_kv_string(&j, "role", role_name(u->role));
	json_kv_string(&j, "role_label", role_label(u->role));
	json_key(&j, "scope");
	json_object_begin(&j);
	json_kv_string(&j, "kind", (unsigned)kind < SCOPE__MAX ? scope_kinds[kind] : "none");
	json_kv_string(&j, "name", scope_name(req));
	if (kind == SCOPE_ESTABLISHMENT) {
		const struct establishment *e;
		if (scope_own_school(req, &e) == ERR_OK)
			json_kv_int(&j, "laestab", establishment_laestab(e));
	} else if (kind == SCOPE_LA) {
		struct la la;
		if (store_la_get(req->db, u->la_id, &la) == ERR_OK)
			json_kv_int(&j, "la_code", la.code);
	}
	json_object_end(&j);
	json_kv_bool(&j, "via_token", req->bearer);
	json_object_end(&j);
}
