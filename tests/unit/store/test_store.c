/*
 * test_store: the store's contract (store.h), run unchanged on SQLite and on
 * PostgreSQL (CTest registers it as @sqlite and @pg): migrations, organisations,
 * users, sessions, API tokens, pupils. test_store_tx.c has the rest.
 */
#include <pthread.h>

#include "store_fixture.h"
#include "store/stmt.h"

/* ---- the statement table ---- */

/* Every statement is defined in exactly one half of the table (stmt.c,
 * stmt_collect.c): a missing one would only fail when first run. */
static void test_stmt_tables(void **state)
{
	(void)state;
	assert_int_equal(stmt_tables_check(), STMT__MAX);
}

/* ---- migrations ---- */

struct migrator {
	const char *url;
	int applied;
	enum err e;
};

static void *migrate_thread(void *arg)
{
	struct migrator *m = arg;
	struct errbuf eb = { "" };
	struct store *st = open_store(m->url, 2);

	m->e = store_migrate(st, &m->applied, &eb);
	if (m->e)
		fprintf(stderr, "concurrent migrate: %s\n", eb.msg);
	store_free(st);
	return NULL;
}

static void test_migrate(void **state)
{
	char *url = tu_fresh_db_url("migrate");
	struct store *st = open_store(url, 2);
	struct errbuf eb = { "" };
	struct store_conn *c;
	struct migrator m[2] = { { 0 } };
	pthread_t th[2];
	int applied = -1, version, total;
	char *url2;

	(void)state;
	c = store_acquire(st);
	assert_int_equal(store_schema_version(c), 0);
	store_release(c);

	assert_int_equal(store_migrate(st, &applied, &eb), ERR_OK);
	assert_true(applied >= 1);
	total = applied;
	c = store_acquire(st);
	version = store_schema_version(c);
	assert_true(version >= applied);
	store_release(c);

	/* Idempotent. */
	assert_int_equal(store_migrate(st, &applied, &eb), ERR_OK);
	assert_int_equal(applied, 0);
	c = store_acquire(st);
	assert_int_equal(store_schema_version(c), version);
	/* Settling (VACUUM ANALYZE on PostgreSQL, which refuses to run inside a
	 * transaction) works on a pooled connection and leaves it usable. */
	assert_int_equal(store_settle(c, &eb), ERR_OK);
	assert_int_equal(store_schema_version(c), version);
	store_release(c);
	store_free(st);

	/* Two processes (here: two pools) migrating one new database at once. */
	url2 = tu_fresh_db_url("migrate_race");
	for (int i = 0; i < 2; i++) {
		m[i].url = url2;
		assert_int_equal(pthread_create(&th[i], NULL, migrate_thread, &m[i]), 0);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(m[0].e, ERR_OK);
	assert_int_equal(m[1].e, ERR_OK);
	st = open_store(url2, 1);
	c = store_acquire(st);
	assert_int_equal(store_schema_version(c), version);
	assert_int_equal(m[0].applied + m[1].applied, total); /* each file ran once */
	store_release(c);
	assert_int_equal(store_migrate(st, &applied, &eb), ERR_OK);
	assert_int_equal(applied, 0);
	store_free(st);
	free(url2);
	free(url);
}

static void test_bad_url(void **state)
{
	struct store *st = NULL;
	struct errbuf eb = { "" };

	(void)state;
	assert_int_equal(store_open("mysql://x", 1, &st, &eb), ERR_USAGE);
	assert_null(st);
	assert_non_null(strstr(eb.msg, "sqlite:PATH"));
	assert_int_equal(store_open("sqlite:/nonexistent-dir/x/y.db", 1, &st, &eb), ERR_IO);
	assert_null(st);
	store_free(NULL);
}

/* ---- organisations ---- */

static void test_org(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = f->c;
	struct errbuf eb = { "" };
	struct la la = { .code = 888 }, got;
	struct trust tr = { 0 }, tgot;
	struct establishment e1, e2, dup, eg, *ests = NULL;
	struct la *las = NULL;
	size_t n = 0;

	snprintf(la.name, sizeof(la.name), "Demo LA");
	assert_int_equal(store_la_add(c, &cli, &la, &eb), ERR_OK);
	assert_true(la.id > 0);
	assert_int_equal(store_la_get_by_code(c, 888, &got), ERR_OK);
	assert_int_equal(got.id, la.id);
	assert_string_equal(got.name, "Demo LA");
	assert_int_equal(store_la_get(c, la.id, &got), ERR_OK);
	assert_int_equal(got.code, 888);
	assert_int_equal(store_la_get_by_code(c, 889, &got), ERR_NOT_FOUND);

	/* Duplicate: a conflict with a message, nothing changed. */
	snprintf(la.name, sizeof(la.name), "Other");
	eb.msg[0] = '\0';
	assert_int_equal(store_la_add(c, &cli, &la, &eb), ERR_CONFLICT);
	assert_non_null(strstr(eb.msg, "LA 888 exists already"));
	assert_int_equal(store_la_list(c, &las, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(las[0].name, "Demo LA");
	free(las);
	assert_int_equal(count_audit(c, "la.add"), 1);
	la.code = 12;
	assert_int_equal(store_la_add(c, &cli, &la, &eb), ERR_INVALID);

	snprintf(tr.name, sizeof(tr.name), "Bright Futures Trust");
	assert_int_equal(store_trust_add(c, &cli, &tr, &eb), ERR_OK);
	assert_int_equal(store_trust_get_by_name(c, "Bright Futures Trust", &tgot), ERR_OK);
	assert_int_equal(tgot.id, tr.id);
	assert_int_equal(store_trust_get(c, tr.id, &tgot), ERR_OK);
	assert_int_equal(store_trust_add(c, &cli, &tr, &eb), ERR_CONFLICT);
	assert_non_null(strstr(eb.msg, "exists already"));

	e1 = add_est(c, got.id, 1234, "Zebra Primary", tr.id);
	e2 = add_est(c, got.id, 2001, "Acorn Infants", 0);
	assert_int_equal(e1.la_code, 888);
	assert_int_equal(establishment_laestab(&e1), 8881234);
	assert_int_equal(store_establishment_get_by_laestab(c, 8881234, &eg), ERR_OK);
	assert_int_equal(eg.id, e1.id);
	assert_int_equal(eg.urn, 101234);
	assert_int_equal(eg.trust_id, tr.id);
	assert_string_equal(eg.name, "Zebra Primary");
	assert_int_equal(store_establishment_get(c, e2.id, &eg), ERR_OK);
	assert_int_equal(eg.trust_id, 0);
	assert_int_equal(eg.la_code, 888);
	assert_int_equal(store_establishment_get_by_laestab(c, 8889999, &eg), ERR_NOT_FOUND);

	dup = e1;
	snprintf(dup.name, sizeof(dup.name), "Copy");
	assert_int_equal(store_establishment_add(c, &cli, &dup, &eb), ERR_CONFLICT);
	assert_non_null(strstr(eb.msg, "8881234 exists already"));
	dup.la_id = 99999;
	assert_int_equal(store_establishment_add(c, &cli, &dup, &eb), ERR_NOT_FOUND);

	assert_int_equal(store_establishment_list(c, 0, 0, &ests, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(ests[0].name, "Acorn Infants"); /* by name */
	free(ests);
	assert_int_equal(store_establishment_list(c, 0, tr.id, &ests, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ests[0].id, e1.id);
	free(ests);
	assert_int_equal(store_establishment_list(c, got.id + 1000, 0, &ests, &n), ERR_OK);
	assert_int_equal(n, 0);
	free(ests);
	assert_int_equal(count_audit(c, "establishment.add"), 2);
}

/* ---- users ---- */

static void test_users(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = f->c;
	struct errbuf eb = { "" };
	int64_t la_id = add_la(c, 888, "Demo LA");
	struct trust tr = { .name = "Trust" };
	struct establishment e;
	struct user u = { .role = ROLE_TEACHER, .created_at = 1700000000 }, got, v, officer, mat;
	struct user *list = NULL;
	struct audit_entry *audit = NULL;
	struct audit_query aq = { .action = "user." };
	size_t n = 0;
	bool saw_password = false, saw_display = false;

	assert_int_equal(store_trust_add(c, &cli, &tr, &eb), ERR_OK);
	e = add_est(c, la_id, 1234, "School", tr.id);
	snprintf(u.username, sizeof(u.username), "Alice.Smith");
	snprintf(u.display_name, sizeof(u.display_name), "Alice Smith");
	snprintf(u.pw_hash, sizeof(u.pw_hash), "$argon2id$v=19$m=65536,t=2,p=1$SECRETHASH");
	u.establishment_id = e.id;
	u.sc_enc_len = 3;
	memcpy(u.sc_enc, "\x01\x00\x02", 3);
	assert_int_equal(store_user_add(c, &cli, &u, &eb), ERR_OK);
	assert_true(u.id > 0);

	assert_int_equal(store_user_get_by_username(c, "alice.smith", &got), ERR_OK);
	assert_int_equal(got.id, u.id);
	assert_int_equal(store_user_get_by_username(c, "ALICE.SMITH", &got), ERR_OK);
	assert_string_equal(got.username, "Alice.Smith");
	assert_int_equal(got.role, ROLE_TEACHER);
	assert_int_equal(got.establishment_id, e.id);
	assert_int_equal(got.sc_enc_len, 3);
	assert_memory_equal(got.sc_enc, "\x01\x00\x02", 3);
	assert_string_equal(got.pw_hash, u.pw_hash);
	assert_int_equal(got.created_at, 1700000000);
	assert_int_equal(store_user_get_by_username(c, "nobody", &got), ERR_NOT_FOUND);

	v = u;
	snprintf(v.username, sizeof(v.username), "ALICE.smith");
	assert_int_equal(store_user_add(c, &cli, &v, &eb), ERR_CONFLICT);
	assert_non_null(strstr(eb.msg, "is taken"));
	assert_int_equal(store_user_list(c, 0, 0, 0, &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	free(list);

	/* Update: every field written, the audit without secrets. */
	v = got;
	snprintf(v.display_name, sizeof(v.display_name), "Alice Jones");
	snprintf(v.pw_hash, sizeof(v.pw_hash), "$argon2id$v=19$m=65536,t=2,p=1$NEWSECRETHASH");
	snprintf(v.totp_secret, sizeof(v.totp_secret), "JBSWY3DPEHPK3PXP");
	v.must_change_password = true;
	v.failed_logins = 2;
	v.sc_pos[0] = 2;
	v.sc_pos[1] = 5;
	assert_int_equal(store_user_update(c, &alice, &v, &eb), ERR_OK);
	assert_int_equal(store_user_get(c, u.id, &got), ERR_OK);
	assert_string_equal(got.display_name, "Alice Jones");
	assert_string_equal(got.totp_secret, "JBSWY3DPEHPK3PXP");
	assert_true(got.must_change_password);
	assert_int_equal(got.failed_logins, 2);
	assert_int_equal(got.sc_pos[0], 2);
	assert_int_equal(got.sc_pos[1], 5);

	assert_int_equal(store_audit_list(c, &aq, &audit, &n), ERR_OK);
	assert_true(n >= 4);
	for (size_t i = 0; i < n; i++) {
		assert_null(strstr(audit[i].old_value, "SECRETHASH"));
		assert_null(strstr(audit[i].new_value, "SECRETHASH"));
		assert_null(strstr(audit[i].new_value, "JBSWY3DP"));
		assert_null(strstr(audit[i].old_value, "JBSWY3DP"));
		if (strcmp(audit[i].field, "password") == 0) {
			saw_password = true;
			assert_string_equal(audit[i].new_value, "changed");
		}
		if (strcmp(audit[i].field, "display_name") == 0) {
			saw_display = true;
			assert_string_equal(audit[i].action, "user.update");
			assert_string_equal(audit[i].old_value, "Alice Smith");
			assert_string_equal(audit[i].new_value, "Alice Jones");
			assert_string_equal(audit[i].actor, "alice");
			assert_string_equal(audit[i].ip, "192.0.2.7");
			assert_int_equal(audit[i].user_id, 7);
			assert_int_equal(audit[i].establishment_id, e.id);
			assert_int_equal(audit[i].la_id, la_id);
			assert_true(audit[i].at > 1600000000);
		}
	}
	free(audit);
	assert_true(saw_password);
	assert_true(saw_display);

	/* Renaming onto a taken name fails and changes nothing. */
	officer = (struct user){ .role = ROLE_LA_OFFICER, .la_id = la_id, .created_at = 1 };
	snprintf(officer.username, sizeof(officer.username), "bob");
	assert_int_equal(store_user_add(c, &cli, &officer, &eb), ERR_OK);
	v = officer;
	snprintf(v.username, sizeof(v.username), "alice.SMITH");
	assert_int_equal(store_user_update(c, &cli, &v, &eb), ERR_CONFLICT);
	assert_int_equal(store_user_get(c, officer.id, &got), ERR_OK);
	assert_string_equal(got.username, "bob");
	v.id = 424242;
	assert_int_equal(store_user_update(c, &cli, &v, &eb), ERR_NOT_FOUND);

	mat = (struct user){ .role = ROLE_MAT_ADMIN, .trust_id = tr.id, .created_at = 1 };
	snprintf(mat.username, sizeof(mat.username), "Carol");
	assert_int_equal(store_user_add(c, &cli, &mat, &eb), ERR_OK);

	/* Scopes: sorted by username, case-insensitively. */
	assert_int_equal(store_user_list(c, 0, 0, 0, &list, &n), ERR_OK);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].username, "Alice.Smith");
	assert_string_equal(list[1].username, "bob");
	assert_string_equal(list[2].username, "Carol");
	free(list);
	assert_int_equal(store_user_list(c, e.id, 0, 0, &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, u.id);
	free(list);
	assert_int_equal(store_user_list(c, 0, la_id, 0, &list, &n), ERR_OK);
	assert_int_equal(n, 2); /* the officer and the teacher of a school of the LA */
	free(list);
	assert_int_equal(store_user_list(c, 0, 0, tr.id, &list, &n), ERR_OK);
	assert_int_equal(n, 2); /* the MAT admin and the teacher of a school of the trust */
	assert_string_equal(list[1].username, "Carol");
	free(list);
}

/* ---- sessions and tokens ---- */

static void fill_hash(unsigned char h[32], unsigned seed)
{
	for (unsigned i = 0; i < 32; i++)
		h[i] = (unsigned char)((i * 37u + seed * 101u) & 0xff);
	h[0] = 0; /* blobs must survive NUL bytes */
	h[31] = 0xff;
}

static void test_sessions_tokens(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = f->c;
	struct errbuf eb = { "" };
	struct user u = { .role = ROLE_SYSADMIN, .username = "root", .created_at = 1 };
	struct session s[3], got;
	struct api_token t = { 0 }, tg;
	unsigned char other[32];
	struct audit_entry *audit = NULL;
	struct audit_query aq = { .action = "token." };
	size_t n = 0;

	assert_int_equal(store_user_add(c, &cli, &u, &eb), ERR_OK);
	for (int i = 0; i < 3; i++) {
		memset(&s[i], 0, sizeof(s[i]));
		fill_hash(s[i].hash, (unsigned)i + 1);
		fill_hash(s[i].csrf, (unsigned)i + 10);
		s[i].user_id = u.id;
		s[i].created_at = s[i].last_seen = 1000 + i;
		assert_int_equal(store_session_add(c, &s[i]), ERR_OK);
		assert_true(s[i].id > 0);
	}
	assert_int_equal(store_session_add(c, &s[0]), ERR_CONFLICT);

	assert_int_equal(store_session_get(c, s[0].hash, &got), ERR_OK);
	assert_int_equal(got.id, s[0].id);
	assert_int_equal(got.user_id, u.id);
	assert_memory_equal(got.hash, s[0].hash, 32);
	assert_memory_equal(got.csrf, s[0].csrf, 32);
	assert_int_equal(got.created_at, 1000);
	assert_int_equal(got.ended_at, 0);
	fill_hash(other, 99);
	assert_int_equal(store_session_get(c, other, &got), ERR_NOT_FOUND);

	assert_int_equal(store_session_touch(c, s[0].id, 2000), ERR_OK);
	assert_int_equal(store_session_get(c, s[0].hash, &got), ERR_OK);
	assert_int_equal(got.last_seen, 2000);

	assert_int_equal(store_session_end(c, s[0].id, 2100, "signed-out"), ERR_OK);
	assert_int_equal(store_session_get(c, s[0].hash, &got), ERR_OK);
	assert_int_equal(got.ended_at, 2100);
	assert_string_equal(got.end_reason, "signed-out");

	/* The session with its owner in one look-up: the same session, the owner's
	 * row as store_user_get reads it, ended sessions too. */
	{
		struct user owner, direct;

		assert_int_equal(store_session_user_get(c, s[1].hash, &got, &owner), ERR_OK);
		assert_int_equal(got.id, s[1].id);
		assert_memory_equal(got.csrf, s[1].csrf, 32);
		assert_int_equal(got.last_seen, 1001);
		assert_int_equal(got.ended_at, 0);
		assert_int_equal(store_user_get(c, u.id, &direct), ERR_OK);
		assert_int_equal(owner.id, u.id);
		assert_string_equal(owner.username, "root");
		assert_int_equal(owner.role, ROLE_SYSADMIN);
		assert_memory_equal(&owner, &direct, sizeof(owner));
		assert_int_equal(store_session_user_get(c, s[0].hash, &got, &owner), ERR_OK);
		assert_string_equal(got.end_reason, "signed-out");
		assert_int_equal(store_session_user_get(c, other, &got, &owner), ERR_NOT_FOUND);
	}
	/* With the school a page names, as store_establishment_get_by_laestab reads
	 * it, its names as store_estab_profile_get reads them and the owner's saved
	 * selection there; none for a LAESTAB no school has or one out of range. */
	{
		struct establishment direct;
		struct estab_profile names, direct_names;
		struct session_school sc;
		struct user owner, plain;
		struct session plain_s;
		int64_t la = add_la(c, 888, "Demo LA");
		struct establishment other_est = add_est(c, la, 1236, "Oak Primary", 0);

		add_est(c, la, 1234, "Larch Primary", 0);
		assert_int_equal(store_establishment_get_by_laestab(c, 8881234, &direct), ERR_OK);
		assert_int_equal(store_session_user_get(c, s[1].hash, &plain_s, &plain), ERR_OK);
		/* no names stored, no selection: the defaults */
		assert_int_equal(store_session_user_est_get(c, s[1].hash, 8881234, &got, &owner,
							    &sc),
				 ERR_OK);
		assert_true(sc.found);
		assert_memory_equal(&sc.est, &direct, sizeof(direct));
		assert_memory_equal(&owner, &plain, sizeof(owner));
		assert_memory_equal(&got, &plain_s, sizeof(got));
		assert_string_equal(sc.prof.class_name[0], "Class 1");
		assert_string_equal(sc.prof.class_name[CLASS_COUNT - 1], "Class 20");
		assert_string_equal(sc.prof.custom_name[CUSTOM_COUNT - 1], "Custom 6");
		assert_string_equal(sc.saved, "");
		/* names with separators people type, a selection of the owner's, and
		 * another school's names and selection that must not show */
		assert_int_equal(store_estab_profile_get(c, direct.id, &names), ERR_OK);
		snprintf(names.class_name[0], sizeof(names.class_name[0]), "Élan: 1|2, O'Neil");
		snprintf(names.class_name[CLASS_COUNT - 1], sizeof(names.class_name[0]), "12");
		snprintf(names.custom_name[2], sizeof(names.custom_name[0]), "Young carer\tX");
		assert_int_equal(store_estab_profile_set(c, &alice, direct.id, &names, &eb),
				 ERR_OK);
		snprintf(names.class_name[1], sizeof(names.class_name[0]), "Oak class");
		assert_int_equal(store_estab_profile_set(c, &alice, other_est.id, &names, &eb),
				 ERR_OK);
		assert_int_equal(store_pupil_selection_set(c, &alice, u.id, direct.id,
							   "surname=o%27n&class=2", &eb),
				 ERR_OK);
		assert_int_equal(store_pupil_selection_set(c, &alice, u.id, other_est.id, "class=9",
							   &eb),
				 ERR_OK);
		assert_int_equal(store_session_user_est_get(c, s[1].hash, 8881234, &got, &owner,
							    &sc),
				 ERR_OK);
		assert_true(sc.found);
		assert_int_equal(store_estab_profile_get(c, direct.id, &direct_names), ERR_OK);
		assert_memory_equal(&sc.prof, &direct_names, sizeof(direct_names));
		assert_string_equal(sc.prof.class_name[0], "Élan: 1|2, O'Neil");
		assert_string_equal(sc.prof.class_name[1], "Class 2");
		assert_string_equal(sc.prof.class_name[CLASS_COUNT - 1], "12");
		assert_string_equal(sc.prof.custom_name[2], "Young carer\tX");
		assert_string_equal(sc.saved, "surname=o%27n&class=2");
		/* another school */
		assert_int_equal(store_session_user_est_get(c, s[1].hash, 8881236, &got, &owner,
							    &sc),
				 ERR_OK);
		assert_string_equal(sc.prof.class_name[1], "Oak class");
		assert_string_equal(sc.saved, "class=9");
		/* no such school */
		assert_int_equal(store_session_user_est_get(c, s[1].hash, 8881235, &got, &owner,
							    &sc),
				 ERR_OK);
		assert_false(sc.found);
		assert_int_equal(sc.est.id, 0);
		assert_string_equal(sc.saved, "");
		assert_memory_equal(&owner, &plain, sizeof(owner));
		assert_int_equal(store_session_user_est_get(c, s[1].hash, 1234, &got, &owner, &sc),
				 ERR_OK);
		assert_false(sc.found);
		assert_int_equal(store_session_user_est_get(c, other, 8881234, &got, &owner, &sc),
				 ERR_NOT_FOUND);
		assert_false(sc.found);
	}
	assert_int_equal(store_session_touch(c, s[0].id, 2200), ERR_NOT_FOUND);
	assert_int_equal(store_session_end(c, s[0].id, 2200, "again"), ERR_NOT_FOUND);

	assert_int_equal(store_session_end_user(c, u.id, s[2].id, 2300, "elsewhere"), ERR_OK);
	assert_int_equal(store_session_get(c, s[1].hash, &got), ERR_OK);
	assert_int_equal(got.ended_at, 2300);
	assert_string_equal(got.end_reason, "elsewhere");
	assert_int_equal(store_session_get(c, s[2].hash, &got), ERR_OK);
	assert_int_equal(got.ended_at, 0);
	assert_int_equal(store_session_get(c, s[0].hash, &got), ERR_OK);
	assert_string_equal(got.end_reason, "signed-out"); /* not ended twice */

	fill_hash(t.hash, 42);
	t.user_id = u.id;
	t.created_at = 5000;
	t.expires_at = 9000;
	assert_int_equal(store_token_add(c, &cli, &t), ERR_OK);
	assert_true(t.id > 0);
	assert_int_equal(store_token_get(c, t.hash, &tg), ERR_OK);
	assert_int_equal(tg.id, t.id);
	assert_int_equal(tg.user_id, u.id);
	assert_int_equal(tg.expires_at, 9000);
	assert_false(tg.revoked);
	assert_memory_equal(tg.hash, t.hash, 32);
	assert_int_equal(store_token_get(c, other, &tg), ERR_NOT_FOUND);
	assert_int_equal(store_audit_list(c, &aq, &audit, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(audit[0].action, "token.add");
	free(audit);
}

/* ---- pupils ---- */

static void test_pupils(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = f->c;
	struct errbuf eb = { "" };
	int64_t la_id = add_la(c, 888, "Demo LA");
	struct establishment a = add_est(c, la_id, 1234, "A", 0),
			     b = add_est(c, la_id, 1235, "B", 0);
	struct pupil p[6], got, *list = NULL;
	struct pupil_query q = { .establishment_id = a.id };
	size_t n = 0;
	long count = -1;

	p[0] = make_pupil(a.id, "A888123400001", "Smith", "John", 1);
	p[1] = make_pupil(a.id, "A888123400002", "smith", "Anna", 2);
	p[2] = make_pupil(a.id, "A888123400003", "Smyth", "Bob", 1);
	p[3] = make_pupil(a.id, "A888123400004", "Jones", "Carl", 1);
	p[3].archived = true;
	p[4] = make_pupil(a.id, "B888123400005", "de Souza", "Dee", 3);
	p[5] = make_pupil(b.id, "A888123500006", "Smith", "Zed", 1);
	p[4].custom[2] = true;
	p[4].year_override = 2;
	p[4].gender = GENDER_MALE;
	p[4].dob = (struct date){ 0, 0, 0 };
	for (int i = 0; i < 6; i++)
		add_pupil(c, &p[i]);
	assert_int_equal(p[0].version, 1);

	assert_int_equal(store_pupil_get(c, p[4].id, &got), ERR_OK);
	assert_int_equal(got.establishment_id, a.id);
	assert_string_equal(got.upn, "B888123400005");
	assert_string_equal(got.surname, "de Souza");
	assert_true(got.custom[2]);
	assert_false(got.custom[1]);
	assert_int_equal(got.year_override, 2);
	assert_int_equal(got.gender, GENDER_MALE);
	assert_int_equal(got.dob.year, 0);
	assert_int_equal(got.sen, 'N');
	assert_true(got.include_in_data);
	assert_int_equal(store_pupil_get_by_upn(c, "A888123400001", &got), ERR_OK);
	assert_int_equal(got.id, p[0].id);
	assert_int_equal(got.dob.year, 2019);
	assert_int_equal(got.dob.month, 3);
	assert_int_equal(got.dob.day, 14);
	assert_int_equal(got.gender, GENDER_FEMALE);
	assert_int_equal(store_pupil_get_by_upn(c, "Z000000000000", &got), ERR_NOT_FOUND);
	assert_int_equal(store_pupil_get(c, 999999, &got), ERR_NOT_FOUND);

	/* UPNs are unique nationally: another school cannot add the same one. */
	got = make_pupil(b.id, "A888123400001", "Other", "Kid", 0);
	assert_int_equal(store_pupil_add(c, &alice, &got, &eb), ERR_CONFLICT);
	assert_non_null(strstr(eb.msg, "A888123400001"));
	assert_int_equal(store_pupil_count(c, b.id, &count), ERR_OK);
	assert_int_equal(count, 1);
	got = make_pupil(777777, "C000000000000", "Nowhere", "Kid", 0);
	assert_int_equal(store_pupil_add(c, &alice, &got, &eb), ERR_INVALID);

	/* Lists: sorted by surname then forenames (case-insensitive), archived hidden. */
	assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
	assert_int_equal(n, 4);
	assert_string_equal(list[0].surname, "de Souza");
	assert_string_equal(list[1].forenames, "Anna");
	assert_string_equal(list[2].forenames, "John");
	assert_string_equal(list[3].surname, "Smyth");
	free(list);
	q.include_archived = true;
	assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
	assert_int_equal(n, 5);
	free(list);
	q.include_archived = false;
	q.surname = "SM";
	assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
	assert_int_equal(n, 3);
	free(list);
	q.surname = "smi";
	assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
	assert_int_equal(n, 2);
	free(list);
	q.surname = "smi%";
	assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
	assert_int_equal(n, 0);
	free(list);
	q.surname = NULL;
	q.upn = "b888";
	assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, p[4].id);
	free(list);
	q.upn = "A8881234";
	assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
	assert_int_equal(n, 3);
	free(list);
	q.upn = NULL;
	q.class_no = 1;
	assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
	assert_int_equal(n, 2);
	free(list);
	q.class_no = 0;
	q.limit = 2;
	q.offset = 1;
	assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].forenames, "Anna");
	assert_string_equal(list[1].forenames, "John");
	free(list);
	assert_int_equal(store_pupil_count(c, a.id, &count), ERR_OK);
	assert_int_equal(count, 4);
	assert_int_equal(count_audit(c, "pupil.add"), 6);
}

static const struct audit_entry *find_field(const struct audit_entry *a, size_t n,
					    const char *field)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(a[i].field, field) == 0)
			return &a[i];
	return NULL;
}

static void test_pupil_update(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = f->c;
	struct errbuf eb = { "" };
	int64_t la_id = add_la(c, 888, "Demo LA");
	struct establishment a = add_est(c, la_id, 1234, "A", 0);
	struct pupil p = make_pupil(a.id, "A888123400001", "Smith", "John", 1);
	struct pupil q2 = make_pupil(a.id, "A888123400002", "Other", "Ann", 1);
	struct pupil v, stale, got;
	struct audit_entry *audit = NULL;
	struct audit_query aq = { .action = "pupil.update" };
	const struct audit_entry *ae;
	size_t n = 0;

	add_pupil(c, &p);
	add_pupil(c, &q2);
	stale = p;
	v = p;
	snprintf(v.surname, sizeof(v.surname), "Smith-Jones");
	v.fsm = true;
	v.class_no = 3;
	assert_int_equal(store_pupil_update(c, &alice, &v, &eb), ERR_OK);
	assert_int_equal(v.version, 2);
	assert_int_equal(store_pupil_get(c, p.id, &got), ERR_OK);
	assert_string_equal(got.surname, "Smith-Jones");
	assert_true(got.fsm);
	assert_int_equal(got.class_no, 3);
	assert_int_equal(got.version, 2);

	assert_int_equal(store_audit_list(c, &aq, &audit, &n), ERR_OK);
	assert_int_equal(n, 3);
	ae = find_field(audit, n, "surname");
	assert_non_null(ae);
	assert_string_equal(ae->old_value, "Smith");
	assert_string_equal(ae->new_value, "Smith-Jones");
	assert_string_equal(ae->actor, "alice");
	assert_int_equal(ae->establishment_id, a.id);
	assert_int_equal(ae->la_id, la_id); /* taken from the establishment */
	ae = find_field(audit, n, "fsm");
	assert_non_null(ae);
	assert_string_equal(ae->old_value, "no");
	assert_string_equal(ae->new_value, "yes");
	ae = find_field(audit, n, "class_no");
	assert_non_null(ae);
	assert_string_equal(ae->old_value, "1");
	assert_string_equal(ae->new_value, "3");
	free(audit);

	/* A stale version: conflict, nothing changed, nothing audited. */
	snprintf(stale.forenames, sizeof(stale.forenames), "Jack");
	assert_int_equal(store_pupil_update(c, &alice, &stale, &eb), ERR_CONFLICT);
	assert_non_null(strstr(eb.msg, "reload"));
	assert_int_equal(stale.version, 1);
	assert_int_equal(store_pupil_get(c, p.id, &got), ERR_OK);
	assert_string_equal(got.forenames, "John");
	assert_int_equal(got.version, 2);
	assert_int_equal(count_audit(c, "pupil.update"), 3);

	/* Taking another pupil's UPN: conflict, unchanged. */
	v = got;
	snprintf(v.upn, sizeof(v.upn), "A888123400002");
	assert_int_equal(store_pupil_update(c, &alice, &v, &eb), ERR_CONFLICT);
	assert_non_null(strstr(eb.msg, "exists already"));
	assert_int_equal(store_pupil_get(c, p.id, &got), ERR_OK);
	assert_string_equal(got.upn, "A888123400001");
	assert_int_equal(got.version, 2);

	/* No change at all: a new version but no audit rows. */
	v = got;
	assert_int_equal(store_pupil_update(c, &alice, &v, &eb), ERR_OK);
	assert_int_equal(v.version, 3);
	assert_int_equal(count_audit(c, "pupil.update"), 3);

	v.id = 987654;
	assert_int_equal(store_pupil_update(c, &alice, &v, &eb), ERR_NOT_FOUND);
}
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stmt_tables),
		cmocka_unit_test(test_migrate),
		cmocka_unit_test(test_bad_url),
		cmocka_unit_test_setup_teardown(test_org, setup, teardown),
		cmocka_unit_test_setup_teardown(test_users, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pupils, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pupil_update, setup, teardown),
	};

	fprintf(stderr, "test_store: backend %s\n", tu_backend());
	return cmocka_run_group_tests(tests, NULL, NULL);
}
