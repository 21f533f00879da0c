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

/* A watch on a multipart body while it streams in (issue 7e): it finds each
 * part's headers and measures its data as bytes arrive, so a file part over
 * its limit is seen before the body is read in full. */
struct multipart_watch {
	char delim[86];	    /* "\r\n--BOUNDARY" */
	size_t dlen;	    /* bytes in delim */
	size_t pos;	    /* where the next search starts */
	size_t data_start;  /* the current part's first data byte */
	int state;	    /* 0 before the first boundary, 1 in headers, 2 in data, 3 done */
	bool file;	    /* the current part is a file (has a filename) */
	char filename[256]; /* its name as sent */
};

/* False when content_type has no usable boundary (nothing to watch). */
bool multipart_watch_init(struct multipart_watch *w, const char *content_type);
/* Looks at the body received so far (body, len: all of it, grown since the
 * last call). True when a file part already has more than max data bytes;
 * *filename (the watch's copy) and *seen (its bytes so far) are then set. */
bool multipart_watch_over(struct multipart_watch *w, const char *body, size_t len, size_t max,
			  const char **filename, size_t *seen);

#endif
