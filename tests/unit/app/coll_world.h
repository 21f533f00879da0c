/*
 * coll_world: the world the LA collection unit tests share (test_collection,
 * test_collection_upload): a fresh database on the backend under test, two LAs
 * (888 Northshire, 777 Southshire), three schools, users of each role and an
 * app clock the test sets (w->clock, seconds since 1970).
 */
#ifndef PT_TEST_COLL_WORLD_H
#define PT_TEST_COLL_WORLD_H

#include <stdint.h>

#include "app/app.h"
#include "store/store.h"

struct world {
	struct app *app;
	struct store_conn *c;
	int64_t clock;
	int64_t la, la2;
	struct establishment school, other, far; /* 8881234, 8885678 (LA 888), 7771111 */
	struct user officer, officer2, admin, admin_other, teacher;
};

/* The actor of the world's own writes: the LA officer "lee.la". */
extern const struct actor who;

struct establishment add_school(struct world *w, int64_t la, int estab, const char *name);
struct user make_user(int64_t id, const char *name, enum role role, int64_t est, int64_t la);
/* cmocka group setup and teardown: *state is the struct world. */
int setup(void **state);
int teardown(void **state);

#endif
