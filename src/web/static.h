/*
 * static: files under /static/ from the static directory (CSS, JS, images).
 * Only plain names of known types; no "..", hidden files, escapes or symlinks.
 */
#ifndef PT_WEB_STATIC_H
#define PT_WEB_STATIC_H

#include "web/request.h"

/* GET /static/... : the file with its content type, cacheable; 404 otherwise. */
void static_get(struct request *req);

#endif
