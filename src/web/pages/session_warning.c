/*
 * session_warning: what the expiry warning of web/static/app.js needs: the
 * seconds a signed-in page's session has left (written on <body> by layout.c) and
 * POST /session/extend ("Stay signed in"), whose request itself is the activity
 * that keeps the session alive.
 */
#include "web/pages/pages.h"

#include "app/app.h"
#include "formats/json_write.h"
#include "web/session.h"

int64_t page_session_seconds_left(const struct request *req)
{
	int64_t now = app_now(req->app);
	int64_t idle, absolute;

	if (!req->signed_in || req->bearer)
		return 0;
	idle = req->session.last_seen + SESSION_IDLE_SECONDS - now;
	absolute = req->session.created_at + SESSION_ABSOLUTE_SECONDS - now;
	idle = idle < absolute ? idle : absolute;
	return idle > 0 ? idle : 0;
}

void session_extend_post(struct request *req)
{
	struct json_write j;

	resp_json_begin(req, 200);
	json_write_init(&j, resp_body(req));
	json_object_begin(&j);
	json_kv_int(&j, "seconds_left", page_session_seconds_left(req));
	json_kv_int(&j, "idle_seconds", SESSION_IDLE_SECONDS);
	json_object_end(&j);
}
