/* coll_world: see coll_world.h. */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "coll_world.h"
#include "base/xalloc.h"

const struct actor who = { 7, "lee.la", "192.0.2.7" };

static int64_t clock_fake(void *ctx)
{
	return ((struct world *)ctx)->clock;
}

struct establishment add_school(struct world *w, int64_t la, int estab, const char *name)
{
	struct establishment e = { .la_id = la, .estab = estab, .urn = 100000 + estab };
	struct errbuf eb = { "" };

	snprintf(e.name, sizeof(e.name), "%s", name);
	if (store_establishment_add(w->c, &who, &e, &eb) != ERR_OK)
		fail_msg("store_establishment_add: %s", eb.msg);
	return e;
}

struct user make_user(int64_t id, const char *name, enum role role, int64_t est, int64_t la)
{
	struct user u = { .id = id, .role = role, .establishment_id = est, .la_id = la };

	snprintf(u.username, sizeof(u.username), "%s", name);
	return u;
}

int setup(void **state)
{
	struct world *w = xcalloc(1, sizeof(*w));
	struct app_config cfg = { 0 };
	struct errbuf eb = { "" };
	char *url = tu_fresh_db_url("collection");
	char *dir = tu_temp_dir("collection");
	char key[4096];
	struct la la = { .code = 888 }, la2 = { .code = 777 };

	snprintf(key, sizeof(key), "%s/pupiltrack.key", dir);
	cfg.db_url = url;
	cfg.key_path = key;
	assert_int_equal(app_open(&cfg, &w->app, &eb), ERR_OK);
	assert_int_equal(store_migrate(w->app->store, NULL, &eb), ERR_OK);
	w->clock = 1781956800; /* 2026-06-20 12:00 UTC: summer term of 2025/26 */
	w->app->now = clock_fake;
	w->app->now_ctx = w;
	w->c = store_acquire(w->app->store);
	snprintf(la.name, sizeof(la.name), "Northshire");
	snprintf(la2.name, sizeof(la2.name), "Southshire");
	assert_int_equal(store_la_add(w->c, &who, &la, &eb), ERR_OK);
	assert_int_equal(store_la_add(w->c, &who, &la2, &eb), ERR_OK);
	w->la = la.id;
	w->la2 = la2.id;
	w->school = add_school(w, la.id, 1234, "Example Primary School");
	w->other = add_school(w, la.id, 5678, "Rowan Juniors");
	w->far = add_school(w, la2.id, 1111, "Faraway Primary");
	w->officer = make_user(1, "lee.la", ROLE_LA_OFFICER, 0, la.id);
	w->officer2 = make_user(2, "sol.la", ROLE_LA_OFFICER, 0, la2.id);
	w->admin = make_user(3, "ada.admin", ROLE_SCHOOL_ADMIN, w->school.id, 0);
	w->admin_other = make_user(4, "row.admin", ROLE_SCHOOL_ADMIN, w->other.id, 0);
	w->teacher = make_user(5, "tim.teach", ROLE_TEACHER, w->school.id, 0);
	free(url);
	free(dir);
	*state = w;
	return 0;
}

int teardown(void **state)
{
	struct world *w = *state;

	store_release(w->c);
	app_free(w->app);
	free(w);
	return 0;
}
