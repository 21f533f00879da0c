/*
 * scope: what the signed-in user's area is, in store terms: the establishments
 * they may see (every one filtered through access_allowed) and the name shown in
 * the page header.
 */
#ifndef PT_WEB_SCOPE_H
#define PT_WEB_SCOPE_H

#include <stddef.h>

#include "web/request.h"

/* The establishments the signed-in user may see (ACT_ESTAB_READ), sorted by
 * name. The array lives in the request's arena. ERR_IO when the store fails. */
enum err scope_visible_schools(struct request *req, struct establishment **out, size_t *n);
/* The signed-in user's own establishment (user.establishment_id) into *out,
 * read once a request (from the session's look-up when the page is about that
 * school): ERR_NOT_FOUND when they have none, ERR_IO when the store fails. */
enum err scope_own_school(struct request *req, const struct establishment **out);
/* The name of the user's area: their establishment, trust or LA, or "All
 * establishments" for a system admin; "" when it cannot be read. Owned by the
 * request. */
const char *scope_name(struct request *req);

#endif
