/*
 * err: the one error enum (0 = OK) and an error buffer for messages a person reads.
 * Functions that must explain themselves take a caller-owned struct errbuf *.
 */
#ifndef PT_BASE_ERR_H
#define PT_BASE_ERR_H

#include <stddef.h>

enum err {
	ERR_OK = 0,
	ERR_INVALID,   /* the data given is invalid; nothing was changed */
	ERR_NOT_FOUND, /* no such object, or not one this user may see */
	ERR_DENIED,    /* the user may not do this */
	ERR_CONFLICT,  /* someone else changed it first, or it exists already */
	ERR_TOO_BIG,   /* over a size limit */
	ERR_IO,	       /* file, network or database trouble */
	ERR_LOCKED,    /* the data is locked (submitted, or an account is locked) */
	ERR_USAGE,     /* the command line or request was not of the expected form */
	ERR_CANCELLED, /* stopped on purpose (a callback asked to stop) */
	ERR__MAX
};

/* A short English phrase for e; never NULL. */
const char *err_str(enum err e);

struct errbuf {
	char msg[512]; /* a sentence a person can act on; "" when nothing was said */
};

/* Sets eb's message (printf-style) and returns code, so callers can write
 * `return errbuf_set(eb, ERR_INVALID, "...")`. eb may be NULL. */
enum err errbuf_set(struct errbuf *eb, enum err code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
