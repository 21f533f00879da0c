/*
 * health: the health check for load balancers and monitoring.
 */
#ifndef PT_WEB_HEALTH_H
#define PT_WEB_HEALTH_H

#include "web/request.h"

/* GET /healthz: 200 "ok" when the database answers and is migrated, else 503. */
void health_get(struct request *req);

#endif
