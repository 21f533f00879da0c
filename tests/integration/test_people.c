/*
 * test_people: managing people over HTTP. Each admin role adds, edits,
 * disables, enables, resets and unlocks users within its reach and gets 404 (the
 * body of a missing user) outside it; nobody raises an account above their own
 * scope or disables themselves; a disabled user's next request and API token are
 * refused; the welcome and reset links arrive in the outbox, never on the
 * admin's screen; every change leaves its audit row.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/account.h"
#include "app/app.h"
#include "base/xalloc.h"
#include "store/store.h"

struct fixture {
	struct world *w;
	struct user cy; /* a teacher at school C (LA 2) */
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct store_conn *c;
	char *outbox;

	f->w = world_new(NULL);
	/* Mail of this run goes to its own folder, so parallel runs do not mix. */
	outbox = xmalloc(strlen(f->w->dir) + 16);
	snprintf(outbox, strlen(f->w->dir) + 16, "%s/outbox", f->w->dir);
	free((char *)f->w->app->cfg.outbox_dir);
	f->w->app->cfg.outbox_dir = outbox;

	c = store_acquire(f->w->app->store);
	snprintf(f->cy.username, sizeof(f->cy.username), "cy.c");
	snprintf(f->cy.display_name, sizeof(f->cy.display_name), "Cy Teacher");
	snprintf(f->cy.email, sizeof(f->cy.email), "cy.c@example.org");
	f->cy.role = ROLE_TEACHER;
	f->cy.establishment_id = f->w->school[SCHOOL_C].id;
	f->cy.created_at = atomic_load(&f->w->clock);
	if (store_user_add(c, &who, &f->cy, &eb) != ERR_OK)
		fail_msg("adding cy.c: %s", eb.msg);
	store_release(c);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	world_free(f->w);
	free(f);
	return 0;
}

static struct user user_now(struct world *w, int64_t id)
{
	struct store_conn *db = store_acquire(w->app->store);
	struct user u;
	assert_int_equal(store_user_get(db, id, &u), ERR_OK);
	store_release(db);
	return u;
}

static bool user_exists(struct world *w, const char *username)
{
	struct store_conn *db = store_acquire(w->app->store);
	struct user u;
	enum err rc = store_user_get_by_username(db, username, &u);
	store_release(db);
	assert_true(rc == ERR_OK || rc == ERR_NOT_FOUND);
	return rc == ERR_OK;
}

/* POST form (with the client's CSRF token appended); returns the response. */
static struct http_response post(struct http_client *c, const char *path, const char *form)
{
	char *tok = world_csrf(c, "/");
	char *body = xmalloc(strlen(form) + strlen(tok) + 16);
	struct http_response r;

	snprintf(body, strlen(form) + strlen(tok) + 16, "%s%scsrf=%s", form, form[0] ? "&" : "",
		 tok);
	r = http_post_form(c, path, body);
	free(body);
	free(tok);
	return r;
}

static long post_status(struct http_client *c, const char *path, const char *form)
{
	struct http_response r = post(c, path, form);
	long st = r.status;
	http_response_free(&r);
	return st;
}

/* GETs path: 200, and the page has every text of shown and none of hidden
 * (each list ends with NULL). */
static void page_shows(struct http_client *c, const char *path, const char *const *shown,
		       const char *const *hidden)
{
	struct http_response r = http_get(c, path);

	assert_int_equal(r.status, 200);
	for (; *shown; shown++)
		assert_non_null(strstr(r.body, *shown));
	for (; *hidden; hidden++)
		assert_null(strstr(r.body, *hidden));
	http_response_free(&r);
}

/* Posts form to path: the answer is status and its body says text. */
static void post_says(struct http_client *c, const char *path, const char *form, long status,
		      const char *text)
{
	struct http_response r = post(c, path, form);

	assert_int_equal(r.status, status);
	assert_non_null(strstr(r.body, text));
	http_response_free(&r);
}

static long get_status(struct http_client *c, const char *path)
{
	struct http_response r = http_get(c, path);
	long st = r.status;
	http_response_free(&r);
	return st;
}

/* How many messages in the outbox are addressed to address and contain needle. */
static int outbox_count(struct world *w, const char *address, const char *needle)
{
	DIR *d = opendir(w->app->cfg.outbox_dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		char path[2048];
		char *text;
		size_t len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".eml") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", w->app->cfg.outbox_dir, de->d_name);
		text = tu_read_file(path, NULL);
		if (text && strstr(text, address) && strstr(text, needle))
			n++;
		free(text);
	}
	closedir(d);
	return n;
}

/* Audit rows of action about object (by actor, when not NULL). */
static size_t audit_count_by(struct world *w, const char *action, const char *object,
			     const char *actor)
{
	struct store_conn *db = store_acquire(w->app->store);
	struct audit_query q;
	struct audit_entry *rows = NULL;
	size_t n = 0, hits = 0;

	memset(&q, 0, sizeof(q));
	q.action = action;
	q.actor = actor;
	assert_int_equal(store_audit_list(db, &q, &rows, &n), ERR_OK);
	store_release(db);
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].object, object) == 0)
			hits++;
	free(rows);
	return hits;
}

static size_t audit_count(struct world *w, const char *action, const char *object)
{
	return audit_count_by(w, action, object, NULL);
}

static char *path_of(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *path_of(const char *fmt, ...)
{
	char buf[96];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return xstrdup(buf);
}

/* Every management route of account id answers exactly like a missing one. */
static void assert_out_of_reach(struct world *w, struct http_client *c, int64_t id)
{
	static const char *const posts[] = { "disable", "enable", "reset", "unlock" };
	struct http_response missing = http_get(c, "/users/999999");
	char *p = path_of("/users/%lld", (long long)id);
	struct http_response r = http_get(c, p);
	struct user before = user_now(w, id), after;

	assert_int_equal(missing.status, 404);
	assert_int_equal(r.status, 404);
	assert_string_equal(r.body, missing.body);
	http_response_free(&r);
	r = post(c, p, "display_name=Changed&email=changed%40example.org&role=teacher");
	assert_int_equal(r.status, 404);
	assert_string_equal(r.body, missing.body);
	http_response_free(&r);
	free(p);
	for (size_t i = 0; i < sizeof(posts) / sizeof(posts[0]); i++) {
		p = path_of("/users/%lld/%s", (long long)id, posts[i]);
		r = post(c, p, "");
		if (r.status != 404)
			fail_msg("%s answered %ld, not 404", p, r.status);
		assert_string_equal(r.body, missing.body);
		http_response_free(&r);
		free(p);
	}
	after = user_now(w, id);
	assert_int_equal(after.disabled, before.disabled);
	assert_string_equal(after.display_name, before.display_name);
	assert_string_equal(after.email, before.email);
	http_response_free(&missing);
}

static void test_school_admin_adds_a_teacher(void **state)
{
	struct fixture *f = *state;
	struct world *w = f->w;
	struct http_client *admin = world_client_as(w, U_ADMIN_A);
	struct http_response r;
	struct user added;
	char form[512], *loc;
	struct store_conn *db;

	/* not listed: school B's bea.b, the LA officer, the system admin, school C's cy.c */
	page_shows(admin, "/users", (const char *[]){ "tess.a", NULL },
		   (const char *[]){ "bea.b", "lee.la", "sam.sys", "cy.c", NULL });

	page_shows(admin, "/users/new",
		   (const char *[]){ "value=\"teacher\"", "value=\"school-admin\"", NULL },
		   (const char *[]){ "value=\"la-officer\"", "value=\"sysadmin\"", NULL });

	r = post(admin, "/users",
		 "username=nia.new&display_name=Nia+Newcomer&email=nia.new%40example.org"
		 "&role=teacher");
	assert_int_equal(r.status, 303);
	loc = http_header(&r, "Location");
	assert_non_null(loc);
	assert_non_null(strstr(loc, "?done=added"));
	/* The admin never sees a password or the link. */
	assert_null(strstr(r.body, "token="));
	http_response_free(&r);

	db = store_acquire(w->app->store);
	assert_int_equal(store_user_get_by_username(db, "nia.new", &added), ERR_OK);
	store_release(db);
	assert_int_equal(added.role, ROLE_TEACHER);
	assert_int_equal(added.establishment_id, w->school[SCHOOL_A].id);
	assert_false(added.disabled);
	assert_string_equal(added.display_name, "Nia Newcomer");
	snprintf(form, sizeof(form), "/users/%lld?done=added", (long long)added.id);
	assert_non_null(strstr(loc, form));
	free(loc);

	/* The welcome message is in the outbox, with a link to choose a password. */
	assert_int_equal(outbox_count(w, "nia.new@example.org", "/reset-password?token="), 1);
	assert_int_equal(audit_count(w, "user.add", "user nia.new"), 1);
	{
		char *p = path_of("/users/%lld?done=added", (long long)added.id);
		r = http_get(admin, p);
		free(p);
	}
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "welcome e-mail"));
	assert_null(strstr(r.body, "token="));
	http_response_free(&r);

	/* No e-mail address: nothing stored, the reason on the form. */
	post_says(admin, "/users", "username=no.mail&display_name=No+Mail&email=&role=teacher", 422,
		  "e-mail address");
	assert_false(user_exists(w, "no.mail"));

	/* Above their own scope: an LA officer, or a teacher at another school. */
	snprintf(form, sizeof(form),
		 "username=la.sneak&email=la.sneak%%40example.org&role=la-officer&la=888");
	post_says(admin, "/users", form, 422, "There is a problem");
	assert_false(user_exists(w, "la.sneak"));
	snprintf(form, sizeof(form),
		 "username=b.sneak&email=b.sneak%%40example.org&role=teacher&school=%d",
		 w->laestab[SCHOOL_B]);
	post_says(admin, "/users", form, 422, "There is a problem");
	assert_false(user_exists(w, "b.sneak"));
	assert_int_equal(
		post_status(admin, "/users",
			    "username=sys.sneak&email=sys.sneak%40example.org&role=sysadmin"),
		422);
	assert_false(user_exists(w, "sys.sneak"));
	/* A taken username. */
	post_says(admin, "/users", "username=TESS.A&email=t2%40example.org&role=teacher", 409,
		  "taken");

	assert_int_equal(http_client_leaks(admin), 0);
	http_client_free(admin);
}

static void test_school_admin_refused_outside_school(void **state)
{
	struct fixture *f = *state;
	struct world *w = f->w;
	struct http_client *admin = world_client_as(w, U_ADMIN_A);

	assert_out_of_reach(w, admin, w->user[U_TEACHER_B].id);
	assert_out_of_reach(w, admin, f->cy.id);
	assert_out_of_reach(w, admin, w->user[U_LA1].id);
	assert_out_of_reach(w, admin, w->user[U_MAT].id);
	assert_out_of_reach(w, admin, w->user[U_SYSADMIN].id);
	/* Those without the right get no users pages at all. */
	{
		struct http_client *teacher = world_client_as(w, U_TEACHER_A);
		struct http_client *mat = world_client_as(w, U_MAT);
		char *p = path_of("/users/%lld", (long long)w->user[U_TEACHER_A].id);
		assert_int_equal(get_status(teacher, "/users"), 403);
		assert_int_equal(get_status(mat, "/users"), 403);
		assert_int_equal(get_status(teacher, p), 404);
		free(p);
		http_client_free(teacher);
		http_client_free(mat);
	}
	assert_int_equal(http_client_leaks(admin), 0);
	http_client_free(admin);
}

static void test_disable_takes_effect_at_once(void **state)
{
	struct fixture *f = *state;
	struct world *w = f->w;
	struct http_client *admin = world_client_as(w, U_ADMIN_A);
	struct http_client *tess = world_client_as(w, U_TEACHER_A);
	struct http_client *api = world_client(w, U_TEACHER_A);
	char token[TOKEN_TEXT_LEN + 1], auth[128];
	const char *hdrs[] = { auth, NULL };
	struct errbuf eb = { "" };
	struct actor who = { 0, "test", "" };
	struct store_conn *db;
	struct http_response r;
	char *p;
	int64_t id = w->user[U_TEACHER_A].id;

	db = store_acquire(w->app->store);
	assert_int_equal(account_api_token_create(w->app, db, &who, id, 30, token, &eb), ERR_OK);
	store_release(db);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);

	assert_int_equal(get_status(tess, "/"), 200);
	r = http_request(api, "GET", "/api/v1/me", hdrs, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	http_response_free(&r);

	/* Nobody disables themselves. */
	p = path_of("/users/%lld/disable", (long long)w->user[U_ADMIN_A].id);
	r = post(admin, p, "");
	free(p);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "cannot disable your own account"));
	http_response_free(&r);
	assert_false(user_now(w, w->user[U_ADMIN_A].id).disabled);

	p = path_of("/users/%lld/disable", (long long)id);
	assert_int_equal(post_status(admin, p, ""), 303);
	free(p);
	assert_true(user_now(w, id).disabled);
	assert_int_equal(audit_count_by(w, "user.disable", "user tess.a", "adam.a"), 1);

	/* Her very next request: out, and her token refused. */
	r = http_get(tess, "/");
	assert_int_equal(r.status, 303);
	assert_true(http_header_has(&r, "Location", "/sign-in"));
	http_response_free(&r);
	r = http_request(api, "GET", "/api/v1/me", hdrs, NULL, NULL, 0);
	assert_int_equal(r.status, 401);
	http_response_free(&r);

	/* The list says so; enabling lets her token work again. */
	r = http_get(admin, "/users");
	assert_non_null(strstr(r.body, "Disabled"));
	http_response_free(&r);
	p = path_of("/users/%lld/enable", (long long)id);
	assert_int_equal(post_status(admin, p, ""), 303);
	free(p);
	assert_false(user_now(w, id).disabled);
	assert_int_equal(audit_count(w, "user.enable", "user tess.a"), 1);
	/* Enabling an enabled account changes nothing: told so, not "enabled". */
	p = path_of("/users/%lld/enable", (long long)id);
	r = post(admin, p, "");
	free(p);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "enabled already: nothing was changed"));
	http_response_free(&r);
	assert_int_equal(audit_count(w, "user.enable", "user tess.a"), 1);
	r = http_request(api, "GET", "/api/v1/me", hdrs, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	/* The session ended by the disable stays ended. */
	assert_int_equal(get_status(tess, "/"), 303);

	http_client_free(api);
	http_client_free(tess);
	http_client_free(admin);
}

static void test_edit_reset_and_unlock(void **state)
{
	struct fixture *f = *state;
	struct world *w = f->w;
	struct http_client *admin = world_client_as(w, U_ADMIN_A);
	struct http_client *tess;
	int64_t id = w->user[U_TEACHER_A].id;
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct store_conn *db;
	struct http_response r;
	struct user u;
	char *p, *p_reset, *p_unlock;

	p = path_of("/users/%lld", (long long)id);
	p_reset = path_of("/users/%lld/reset", (long long)id);
	p_unlock = path_of("/users/%lld/unlock", (long long)id);

	/* No e-mail address yet: the reset says what to do, nothing is sent. */
	post_says(admin, p_reset, "", 422, "no e-mail address");

	/* Bad e-mail address: refused with the reason, nothing changed. */
	post_says(admin, p, "display_name=Tess+Teacher&email=not-an-address&role=teacher", 422,
		  "does not look like an e-mail address");
	assert_string_equal(user_now(w, id).email, "");

	assert_int_equal(post_status(admin, p,
				     "display_name=Tess+Taylor&email=tess.a%40example.org"
				     "&role=teacher"),
			 303);
	u = user_now(w, id);
	assert_string_equal(u.display_name, "Tess Taylor");
	assert_string_equal(u.email, "tess.a@example.org");
	assert_int_equal(audit_count(w, "user.edit", "user tess.a"), 2);
	/* The same again: nothing to save, and the answer says so. */
	post_says(admin, p, "display_name=Tess+Taylor&email=tess.a%40example.org&role=teacher", 409,
		  "Nothing was changed");
	assert_int_equal(audit_count(w, "user.edit", "user tess.a"), 2);

	r = post(admin, p_reset, "");
	assert_int_equal(r.status, 303);
	assert_null(strstr(r.body, "token="));
	http_response_free(&r);
	assert_int_equal(outbox_count(w, "tess.a@example.org", "/reset-password?token="), 1);
	/* The password itself is untouched until she chooses one. */
	assert_string_equal(user_now(w, id).pw_hash, u.pw_hash);

	/* Locked after failed sign-ins; the admin unlocks. */
	u = user_now(w, id);
	u.failed_logins = 10;
	u.locked_until = atomic_load(&w->clock) + 600;
	db = store_acquire(w->app->store);
	assert_int_equal(store_user_update(db, &who, &u, &eb), ERR_OK);
	store_release(db);
	r = http_get(admin, p);
	assert_non_null(strstr(r.body, "Locked"));
	assert_non_null(strstr(r.body, "/unlock"));
	http_response_free(&r);
	assert_int_equal(post_status(admin, p_unlock, ""), 303);
	u = user_now(w, id);
	assert_int_equal(u.failed_logins, 0);
	assert_int_equal(u.locked_until, 0);
	assert_true(audit_count(w, "user.unlock", "user tess.a") >= 1);

	/* A role change takes effect on her next request; no one goes above it. */
	tess = world_client_as(w, U_TEACHER_A);
	assert_int_equal(get_status(tess, "/users"), 403);
	assert_int_equal(post_status(admin, p,
				     "display_name=Tess+Taylor&email=tess.a%40example.org"
				     "&role=school-admin"),
			 303);
	assert_int_equal(get_status(tess, "/users"), 200);
	post_says(admin, p, "display_name=Tess+Taylor&email=tess.a%40example.org&role=sysadmin",
		  422, "There is a problem");
	assert_int_equal(user_now(w, id).role, ROLE_SCHOOL_ADMIN);
	assert_int_equal(post_status(admin, p,
				     "display_name=Tess+Taylor&email=tess.a%40example.org"
				     "&role=teacher"),
			 303);
	assert_int_equal(get_status(tess, "/users"), 403);
	/* Nobody changes their own role. */
	{
		char *own = path_of("/users/%lld", (long long)w->user[U_ADMIN_A].id);
		post_says(admin, own,
			  "display_name=Adam+Admin&email=adam%40example.org&role=teacher", 422,
			  "own role");
		assert_int_equal(user_now(w, w->user[U_ADMIN_A].id).role, ROLE_SCHOOL_ADMIN);
		free(own);
	}

	free(p);
	free(p_reset);
	free(p_unlock);
	http_client_free(tess);
	http_client_free(admin);
}

static void test_la_officer_within_la(void **state)
{
	struct fixture *f = *state;
	struct world *w = f->w;
	struct http_client *la = world_client_as(w, U_LA1);
	struct user added;
	struct store_conn *db;
	char form[256], *p;

	page_shows(la, "/users", (const char *[]){ "tess.a", "bea.b", "lee.la", NULL },
		   (const char *[]){ "cy.c", "mo.mat", "sam.sys", NULL });

	/* One school at a time; a school of another LA lists no one. */
	snprintf(form, sizeof(form), "/users?school=%d", w->laestab[SCHOOL_B]);
	page_shows(la, form, (const char *[]){ "bea.b", NULL },
		   (const char *[]){ "tess.a", "lee.la", NULL });
	snprintf(form, sizeof(form), "/users?school=%d", w->laestab[SCHOOL_C]);
	page_shows(la, form, (const char *[]){ "no users you can manage here", NULL },
		   (const char *[]){ "cy.c", NULL });

	/* A teacher at one of the LA's schools, and a fellow LA officer. */
	snprintf(form, sizeof(form),
		 "username=bo.b&email=bo.b%%40example.org&role=school-admin&school=%d",
		 w->laestab[SCHOOL_B]);
	assert_int_equal(post_status(la, "/users", form), 303);
	db = store_acquire(w->app->store);
	assert_int_equal(store_user_get_by_username(db, "bo.b", &added), ERR_OK);
	store_release(db);
	assert_int_equal(added.establishment_id, w->school[SCHOOL_B].id);
	assert_int_equal(added.role, ROLE_SCHOOL_ADMIN);
	assert_int_equal(outbox_count(w, "bo.b@example.org", "/reset-password?token="), 1);
	assert_int_equal(post_status(la, "/users",
				     "username=lou.la&email=lou.la%40example.org&role=la-officer"),
			 303);
	db = store_acquire(w->app->store);
	assert_int_equal(store_user_get_by_username(db, "lou.la", &added), ERR_OK);
	store_release(db);
	assert_int_equal(added.la_id, w->la_id[0]);

	/* Not in another LA, not a trust admin, not a system admin. */
	snprintf(form, sizeof(form),
		 "username=c.sneak&email=c.sneak%%40example.org&role=teacher&school=%d",
		 w->laestab[SCHOOL_C]);
	assert_int_equal(post_status(la, "/users", form), 422);
	assert_int_equal(post_status(la, "/users",
				     "username=la2.sneak&email=x%40example.org&role=la-officer"
				     "&la=777"),
			 422);
	snprintf(form, sizeof(form),
		 "username=mat.sneak&email=y%%40example.org&role=mat-admin&trust=%lld",
		 (long long)w->trust_id);
	assert_int_equal(post_status(la, "/users", form), 422);
	assert_false(user_exists(w, "c.sneak"));
	assert_false(user_exists(w, "la2.sneak"));
	assert_false(user_exists(w, "mat.sneak"));

	/* Disable within the LA: a school user and a fellow officer; not outside. */
	p = path_of("/users/%lld/disable", (long long)w->user[U_TEACHER_B].id);
	assert_int_equal(post_status(la, p, ""), 303);
	free(p);
	assert_true(user_now(w, w->user[U_TEACHER_B].id).disabled);
	p = path_of("/users/%lld/disable", (long long)added.id);
	assert_int_equal(post_status(la, p, ""), 303);
	free(p);
	assert_true(user_now(w, added.id).disabled);
	assert_out_of_reach(w, la, f->cy.id);
	assert_out_of_reach(w, la, w->user[U_MAT].id);
	assert_out_of_reach(w, la, w->user[U_SYSADMIN].id);
	assert_int_equal(http_client_leaks(la), 0);
	http_client_free(la);
}

static void test_sysadmin_manages_anyone(void **state)
{
	struct fixture *f = *state;
	struct world *w = f->w;
	struct http_client *sys = world_client_as(w, U_SYSADMIN);
	struct http_client *mat;
	struct user added;
	struct store_conn *db;
	char form[256], *p;

	page_shows(sys, "/users", (const char *[]){ "cy.c", "mo.mat", "sam.sys", NULL },
		   (const char *[]){ NULL });

	snprintf(form, sizeof(form),
		 "username=max.mat&email=max.mat%%40example.org&role=mat-admin&trust=%lld",
		 (long long)w->trust_id);
	assert_int_equal(post_status(sys, "/users", form), 303);
	db = store_acquire(w->app->store);
	assert_int_equal(store_user_get_by_username(db, "max.mat", &added), ERR_OK);
	store_release(db);
	assert_int_equal(added.trust_id, w->trust_id);
	assert_int_equal(outbox_count(w, "max.mat@example.org", "Welcome"), 1);

	mat = world_client_as(w, U_MAT);
	assert_int_equal(get_status(mat, "/"), 200);
	p = path_of("/users/%lld/disable", (long long)w->user[U_MAT].id);
	assert_int_equal(post_status(sys, p, ""), 303);
	free(p);
	assert_int_equal(get_status(mat, "/"), 303);
	p = path_of("/users/%lld/disable", (long long)w->user[U_SYSADMIN].id);
	assert_int_equal(post_status(sys, p, ""), 422);
	free(p);
	assert_false(user_now(w, w->user[U_SYSADMIN].id).disabled);
	p = path_of("/users/%lld/unlock", (long long)f->cy.id);
	assert_int_equal(post_status(sys, p, ""), 303);
	free(p);
	http_client_free(mat);
	http_client_free(sys);
}

static void test_organisations_for_sysadmin(void **state)
{
	struct fixture *f = *state;
	struct world *w = f->w;
	struct http_client *sys = world_client_as(w, U_SYSADMIN);
	struct http_client *la = world_client_as(w, U_LA1);
	struct http_client *admin = world_client_as(w, U_ADMIN_A);
	struct store_conn *db;
	struct http_response r;
	struct establishment e;
	struct trust t;
	struct la l;
	char form[256];

	page_shows(sys, "/organisations",
		   (const char *[]){ "Northshire", "Oak Learning Trust", "Cedar Academy", NULL },
		   (const char *[]){ NULL });

	/* Others have no organisations page, and cannot add by posting. */
	assert_int_equal(get_status(la, "/organisations"), 403);
	assert_int_equal(get_status(admin, "/organisations"), 403);
	assert_int_equal(post_status(la, "/organisations/las", "code=555&name=Sneakshire"), 403);

	/* Local authorities: the same checks as the command line. */
	assert_int_equal(post_status(sys, "/organisations/las", "code=555&name=+Westshire+"), 303);
	post_says(sys, "/organisations/las", "code=55&name=Tiny", 422, "is not an LA number");
	post_says(sys, "/organisations/las", "code=888&name=Again", 409, "already");
	post_says(sys, "/organisations/las", "code=556&name=+++", 422, "blank");

	/* Trusts. */
	assert_int_equal(post_status(sys, "/organisations/trusts", "name=Willow+Trust"), 303);
	post_says(sys, "/organisations/trusts", "name=Willow+Trust", 409, "already");

	db = store_acquire(w->app->store);
	assert_int_equal(store_la_get_by_code(db, 555, &l), ERR_OK);
	assert_string_equal(l.name, "Westshire");
	assert_int_equal(store_la_get_by_code(db, 556, &l), ERR_NOT_FOUND);
	assert_int_equal(store_trust_get_by_name(db, "Willow Trust", &t), ERR_OK);
	store_release(db);

	/* Schools. */
	snprintf(form, sizeof(form),
		 "laestab=555%%2F1234&name=Willow+Primary&urn=123456&trust=%lld", (long long)t.id);
	assert_int_equal(post_status(sys, "/organisations/schools", form), 303);
	db = store_acquire(w->app->store);
	assert_int_equal(store_establishment_get_by_laestab(db, 5551234, &e), ERR_OK);
	store_release(db);
	assert_string_equal(e.name, "Willow Primary");
	assert_int_equal(e.urn, 123456);
	assert_int_equal(e.trust_id, t.id);
	post_says(sys, "/organisations/schools",
		  "laestab=6661234&name=Nowhere+School&urn=&trust=", 422, "There is no LA 666");
	r = post(sys, "/organisations/schools", "laestab=12345&name=Short&urn=&trust=");
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "is not a LAESTAB"));
	/* What was typed is kept. */
	assert_non_null(strstr(r.body, "value=\"Short\""));
	http_response_free(&r);
	post_says(sys, "/organisations/schools", "laestab=5554321&name=Odd&urn=12&trust=", 422,
		  "is not a URN");
	post_says(sys, "/organisations/schools", "laestab=5551234&name=Twice&urn=&trust=", 409,
		  "already");
	db = store_acquire(w->app->store);
	assert_int_equal(store_establishment_get_by_laestab(db, 5554321, &e), ERR_NOT_FOUND);
	store_release(db);
	/* Each addition audited, with the system admin as actor. */
	assert_int_equal(audit_count_by(w, "la.add", "la 555", "sam.sys"), 1);
	assert_int_equal(audit_count_by(w, "establishment.add", "establishment 5551234", "sam.sys"),
			 1);

	page_shows(sys, "/organisations?done=school",
		   (const char *[]){ "The school was added.", "Willow Primary", NULL },
		   (const char *[]){ NULL });

	http_client_free(admin);
	http_client_free(la);
	http_client_free(sys);
}

static void test_maintenance_index(void **state)
{
	struct fixture *f = *state;
	struct world *w = f->w;
	static const struct {
		enum world_user u;
		long status;
		bool users, audit, orgs;
	} want[] = {
		{ U_TEACHER_A, 403, false, false, false }, { U_ADMIN_A, 200, true, true, false },
		{ U_MAT, 403, false, false, false },	   { U_LA1, 200, true, true, false },
		{ U_SYSADMIN, 200, true, true, true },
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct http_client *c = world_client_as(w, want[i].u);
		struct http_response r = http_get(c, "/maintenance");
		struct http_response home = http_get(c, "/");
		assert_int_equal(r.status, want[i].status);
		assert_int_equal(home.status, 200);
		/* The navigation offers Maintenance exactly when it opens. */
		assert_int_equal(strstr(home.body, "href=\"/maintenance\"") != NULL,
				 want[i].status == 200);
		if (r.status == 200) {
			assert_int_equal(strstr(r.body, "href=\"/users\"") != NULL, want[i].users);
			assert_int_equal(strstr(r.body, "href=\"/audit\"") != NULL, want[i].audit);
			assert_int_equal(strstr(r.body, "href=\"/organisations\"") != NULL,
					 want[i].orgs);
		}
		http_response_free(&r);
		http_response_free(&home);
		http_client_free(c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_school_admin_adds_a_teacher, setup, teardown),
		cmocka_unit_test_setup_teardown(test_school_admin_refused_outside_school, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_disable_takes_effect_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_reset_and_unlock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_la_officer_within_la, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sysadmin_manages_anyone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_organisations_for_sysadmin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_maintenance_index, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
