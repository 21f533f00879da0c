/*
 * err: error codes and the caller-owned error buffer.
 */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>

#include "base/xalloc.h"

static const char *const err_names[] = {
	[ERR_OK] = "success",
	[ERR_INVALID] = "invalid data",
	[ERR_NOT_FOUND] = "not found",
	[ERR_DENIED] = "not allowed",
	[ERR_CONFLICT] = "conflict",
	[ERR_TOO_BIG] = "too big",
	[ERR_IO] = "input/output error",
	[ERR_LOCKED] = "locked",
	[ERR_USAGE] = "usage error",
	[ERR_CANCELLED] = "cancelled",
};
_Static_assert(ARRAY_SIZE(err_names) == ERR__MAX, "err_names covers enum err");

const char *err_str(enum err e)
{
	if ((unsigned)e >= ERR__MAX)
		return "unknown error";
	return err_names[e];
}

enum err errbuf_set(struct errbuf *eb, enum err code, const char *fmt, ...)
{
	va_list ap;

	if (!eb)
		return code;
	va_start(ap, fmt);
	vsnprintf(eb->msg, sizeof(eb->msg), fmt, ap);
	va_end(ap);
	return code;
}
