/*
 * store_fixture: what the store tests share (included by each tests/unit/store/
 * test_*.c): a fresh, migrated database per test on the backend PT_DB names, and
 * small helpers that add organisations and pupils or count audit rows.
 */
#ifndef PT_TEST_STORE_FIXTURE_H
#define PT_TEST_STORE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"

#include "base/xalloc.h"
#include "store/store.h"

struct fx {
	char *url;	      /* the fresh database */
	struct store *st;     /* migrated */
	struct store_conn *c; /* held for the test */
};

static const struct actor cli = { 0, "cli", "" };
static const struct actor alice = { 7, "alice", "192.0.2.7" };

static inline struct store *open_store(const char *url, unsigned pool)
{
	struct errbuf eb = { "" };
	struct store *st = NULL;

	if (store_open(url, pool, &st, &eb) != ERR_OK)
		fail_msg("store_open(%s): %s", url, eb.msg);
	return st;
}

static inline int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct errbuf eb = { "" };

	f->url = tu_fresh_db_url("store");
	f->st = open_store(f->url, 4);
	if (store_migrate(f->st, NULL, &eb) != ERR_OK)
		fail_msg("store_migrate: %s", eb.msg);
	f->c = store_acquire(f->st);
	*state = f;
	return 0;
}

static inline int teardown(void **state)
{
	struct fx *f = *state;

	store_release(f->c);
	store_free(f->st);
	free(f->url);
	free(f);
	return 0;
}

static inline int64_t add_la(struct store_conn *c, int code, const char *name)
{
	struct la la = { .code = code };
	struct errbuf eb = { "" };

	snprintf(la.name, sizeof(la.name), "%s", name);
	if (store_la_add(c, &cli, &la, &eb) != ERR_OK)
		fail_msg("store_la_add %d: %s", code, eb.msg);
	return la.id;
}

static inline struct establishment add_est(struct store_conn *c, int64_t la_id, int estab,
					   const char *name, int64_t trust_id)
{
	struct establishment e = {
		.la_id = la_id, .estab = estab, .urn = 100000 + estab, .trust_id = trust_id
	};
	struct errbuf eb = { "" };

	snprintf(e.name, sizeof(e.name), "%s", name);
	if (store_establishment_add(c, &cli, &e, &eb) != ERR_OK)
		fail_msg("store_establishment_add %d: %s", estab, eb.msg);
	return e;
}

static inline struct pupil make_pupil(int64_t est, const char *upn, const char *surname,
				      const char *forenames, int class_no)
{
	struct pupil p = { .establishment_id = est,
			   .class_no = class_no,
			   .gender = GENDER_FEMALE,
			   .sen = 'N',
			   .include_in_data = true,
			   .dob = { 2019, 3, 14 } };

	snprintf(p.upn, sizeof(p.upn), "%s", upn);
	snprintf(p.surname, sizeof(p.surname), "%s", surname);
	snprintf(p.forenames, sizeof(p.forenames), "%s", forenames);
	return p;
}

static inline int64_t add_pupil(struct store_conn *c, struct pupil *p)
{
	struct errbuf eb = { "" };

	if (store_pupil_add(c, &alice, p, &eb) != ERR_OK)
		fail_msg("store_pupil_add %s: %s", p->upn, eb.msg);
	return p->id;
}

static inline size_t count_audit(struct store_conn *c, const char *action)
{
	struct audit_query aq = { .action = action };
	struct audit_entry *list = NULL;
	size_t n = 0;

	assert_int_equal(store_audit_list(c, &aq, &list, &n), ERR_OK);
	free(list);
	return n;
}

#endif
