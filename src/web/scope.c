/*
 * scope: the user's area as lists and names (see scope.h). Lists come from the
 * store by the user's scope and are then filtered through the one policy, so a
 * store filter bug cannot widen what a user sees.
 */
#include "web/scope.h"

#include <stdlib.h>
#include <string.h>

#include "core/access.h"

enum err scope_own_school(struct request *req, const struct establishment **out)
{
	const struct session_school *sc = &req->estab_read_school;
	int64_t id = req->user.establishment_id;
	enum err rc;

	*out = NULL;
	if (!req->signed_in || !id)
		return ERR_NOT_FOUND;
	if (!req->own_estab_read) {
		if (req->estab_read && sc->found && sc->est.id == id) {
			req->own_estab = sc->est;
			rc = ERR_OK;
		} else {
			rc = store_establishment_get(req->db, id, &req->own_estab);
			if (rc != ERR_OK && rc != ERR_NOT_FOUND)
				return rc;
		}
		req->own_estab_read = rc == ERR_OK ? 1 : -1;
	}
	if (req->own_estab_read < 0)
		return ERR_NOT_FOUND;
	*out = &req->own_estab;
	return ERR_OK;
}

enum err scope_visible_schools(struct request *req, struct establishment **out, size_t *n)
{
	const struct user *u = &req->user;
	struct establishment *all = NULL, *vis;
	size_t nall = 0, k = 0;
	enum err rc = ERR_OK;

	*out = NULL;
	*n = 0;
	if (!req->signed_in)
		return ERR_OK;
	switch (role_scope(u->role)) {
	case SCOPE_ESTABLISHMENT: {
		const struct establishment *e;
		rc = scope_own_school(req, &e);
		if (rc == ERR_NOT_FOUND)
			return ERR_OK;
		if (rc != ERR_OK)
			return rc;
		struct resource_scope r = access_scope_of_establishment(e);
		vis = arena_alloc(&req->arena, sizeof(*vis));
		if (access_allowed(u, ACT_ESTAB_READ, &r)) {
			vis[0] = *e;
			*n = 1;
		}
		*out = vis;
		return ERR_OK;
	}
	case SCOPE_TRUST:
		if (!u->trust_id)
			return ERR_OK;
		rc = store_establishment_list(req->db, 0, u->trust_id, &all, &nall);
		break;
	case SCOPE_LA:
		if (!u->la_id)
			return ERR_OK;
		rc = store_establishment_list(req->db, u->la_id, 0, &all, &nall);
		break;
	case SCOPE_ALL:
		rc = store_establishment_list(req->db, 0, 0, &all, &nall);
		break;
	case SCOPE__MAX:
		return ERR_OK;
	}
	if (rc != ERR_OK)
		goto out;
	vis = arena_alloc(&req->arena, sizeof(*vis) * (nall ? nall : 1));
	for (size_t i = 0; i < nall; i++) {
		struct resource_scope r = access_scope_of_establishment(&all[i]);
		if (access_allowed(u, ACT_ESTAB_READ, &r))
			vis[k++] = all[i];
	}
	*out = vis;
	*n = k;
out:
	free(all);
	return rc;
}

const char *scope_name(struct request *req)
{
	const struct user *u = &req->user;
	if (!req->signed_in)
		return "";
	switch (role_scope(u->role)) {
	case SCOPE_ESTABLISHMENT: {
		const struct establishment *e;
		if (scope_own_school(req, &e) == ERR_OK)
			return arena_strdup(&req->arena, e->name);
		break;
	}
	case SCOPE_TRUST: {
		struct trust t;
		if (u->trust_id && store_trust_get(req->db, u->trust_id, &t) == ERR_OK)
			return arena_strdup(&req->arena, t.name);
		break;
	}
	case SCOPE_LA: {
		struct la la;
		if (u->la_id && store_la_get(req->db, u->la_id, &la) == ERR_OK)
			return arena_strdup(&req->arena, la.name);
		break;
	}
	case SCOPE_ALL:
		return "All establishments";
	case SCOPE__MAX:
		break;
	}
	return "";
}
