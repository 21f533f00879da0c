/*
 * dispatch: the request pipeline between libmicrohttpd and the handlers:
 * authenticate (session cookie or bearer token) -> route -> parameters -> CSRF
 * -> authorise (access_allowed, the one policy) -> handler. Handlers only run
 * after all of it passed.
 */
#ifndef PT_WEB_DISPATCH_H
#define PT_WEB_DISPATCH_H

#include "web/request.h"

/* Runs the pipeline for a request whose headers and body are in and fills
 * req->resp. Takes a store connection for the handler and gives it back. */
void dispatch_request(struct request *req);
/* Fills req->resp with an error answer (an HTML page, or JSON under /api/) for a
 * request refused before it reached a handler; message NULL = the status's
 * standard text. */
void dispatch_error(struct request *req, int status, const char *message);
/* True for requests under /api/ (JSON answers). */
bool dispatch_is_api(const struct request *req);

#endif
