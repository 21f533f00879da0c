/*
 * multipart: a reader of multipart/form-data request bodies (RFC 7578), for the
 * routes that take a file. It only splits the body the server already capped
 * (the route's body_max); parts are not copied (they point into the body).
 */
#ifndef PT_WEB_MULTIPART_H
#define PT_WEB_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

enum { MULTIPART_PARTS_MAX = 32 };

struct multipart_part {
	const char *name;     /* the form field's name (arena copy) */
	const char *filename; /* the file's name as sent (arena copy), NULL for a plain field */
	const char *data;     /* the part's bytes, inside the body (not NUL-terminated) */
	size_t len;	      /* bytes in data */
};

/* Whether a Content-Type header is multipart/form-data. */
bool multipart_is_type(const char *content_type);
/* Splits body (len bytes) by the boundary of content_type into at most
 * MULTIPART_PARTS_MAX parts (arena-allocated). False with a message for a
 * malformed body. */
bool multipart_parse(struct arena *a, const char *content_type, const char *body, size_t len,
		     struct multipart_part **parts, size_t *n, char *msg, size_t msglen);

#endif
