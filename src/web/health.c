/*
 * health: GET /healthz (see health.h). Says nothing about the deployment
 * beyond ok / unavailable.
 */
#include "web/health.h"

#include "base/log.h"

void health_get(struct request *req)
{
	int version = store_schema_version(req->db);
	if (version < 1) {
		log_warn("web: health check failed: schema version %d", version);
		resp_text(req, 503, "unavailable\n");
		return;
	}
	resp_text(req, 200, "ok\n");
}
