/*
 * refused: the status of a form shown again because its change was not made, so
 * that success (a redirect, or 200 with the result) is visible from the status
 * alone and every success can be checked for its audit row.
 */
#include "web/pages/pages.h"

int page_refused_status(enum err rc)
{
	switch (rc) {
	case ERR_CONFLICT: /* changed meanwhile, exists already, or nothing to change */
	case ERR_LOCKED:
		return 409;
	case ERR_TOO_BIG:
		return 413;
	case ERR_IO:
		return 500;
	case ERR_OK:
	case ERR_INVALID:
	case ERR_NOT_FOUND:
	case ERR_DENIED:
	case ERR_USAGE:
	case ERR_CANCELLED: /* a reader stopped by its caller: not a user's input */
	case ERR__MAX:
		break;
	}
	return 422;
}
