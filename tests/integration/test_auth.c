/*
 * test_auth: signing in and out over HTTP: one message for unknown users and
 * wrong passwords, cookie attributes, sign-out and one device at a time, CSRF on
 * every state change, bearer tokens re-checked on every request, idle and
 * absolute expiry on the app clock, the compulsory password change.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/account.h"
#include "app/app.h"
#include "base/xalloc.h"
#include "store/store.h"
#include "web/server.h"

static int setup(void **state)
{
	*state = world_new(NULL);
	return 0;
}

static int teardown(void **state)
{
	world_free(*state);
	return 0;
}

/* body with every occurrence of from replaced by to (same length); caller frees. */
static char *replaced(const char *body, const char *from, const char *to)
{
	char *out = xstrdup(body), *p = out;
	assert_int_equal(strlen(from), strlen(to));
	while ((p = strstr(p, from)) != NULL) {
		memcpy(p, to, strlen(to));
		p += strlen(to);
	}
	return out;
}

/* Both sign-in steps, answering the world's security code (http_client.h). */
static struct http_response sign_in_as(struct http_client *c, const char *username,
				       const char *password)
{
	return hc_sign_in(c, username, password, world_security_code, NULL);
}

static void test_sign_in(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_TEACHER_A);
	struct http_response wrong, unknown, ok, home;
	char *a, *b, *sc;

	/* Wrong password and unknown user: same status, same page but for the
	 * echoed username (both 6 characters). */
	wrong = sign_in_as(c, "tess.a", "not the password");
	unknown = sign_in_as(c, "nobody", "not the password");
	assert_int_equal(wrong.status, 422);
	assert_int_equal(unknown.status, 422);
	assert_non_null(strstr(wrong.body, "The sign-in details are not right."));
	a = replaced(wrong.body, "tess.a", "XXXXXX");
	b = replaced(unknown.body, "nobody", "XXXXXX");
	assert_string_equal(a, b);
	assert_null(strstr(wrong.headers, "pt_session="));
	free(a);
	free(b);
	http_response_free(&wrong);
	http_response_free(&unknown);

	ok = sign_in_as(c, "tess.a", world_password);
	assert_int_equal(ok.status, 303);
	assert_true(http_header_has(&ok, "Location", "/"));
	sc = NULL;
	for (const char *p = ok.headers; p && (p = strstr(p, "\r\nSet-Cookie: pt_session="));
	     p += 2)
		sc = xstrndup(p + 14, strcspn(p + 14, "\r\n"));
	assert_non_null(sc);
	assert_non_null(strstr(sc, "; Path=/; HttpOnly; SameSite=Lax"));
	assert_null(strstr(sc, "Secure"));
	assert_null(strstr(sc, "Max-Age"));
	assert_int_equal(strcspn(sc + 11, ";"), TOKEN_TEXT_LEN);
	free(sc);
	http_response_free(&ok);

	home = http_get(c, "/");
	assert_int_equal(home.status, 200);
	assert_non_null(strstr(home.body, "Tess Teacher"));
	assert_non_null(strstr(home.body, "Alder Primary QZXA"));
	assert_non_null(strstr(home.body, "aria-current=\"page\""));
	http_response_free(&home);

	/* A token is new at every sign-in. */
	{
		char *first = http_cookie(c, "pt_session"), *second;
		struct http_response again = sign_in_as(c, "tess.a", world_password);
		assert_int_equal(again.status, 303);
		second = http_cookie(c, "pt_session");
		assert_non_null(first);
		assert_non_null(second);
		assert_string_not_equal(first, second);
		http_response_free(&again);
		free(first);
		free(second);
	}
	assert_int_equal(http_client_leaks(c), 0);
	http_client_free(c);
}

static void test_sign_out_ends_session(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_TEACHER_A);
	struct http_client *thief = world_client(w, U_TEACHER_A);
	struct http_response r;
	char *tok, *old, form[256];

	assert_int_equal(world_sign_in(w, c, U_TEACHER_A), 303);
	old = http_cookie(c, "pt_session");
	assert_non_null(old);
	tok = world_csrf(c, "/");
	snprintf(form, sizeof(form), "csrf=%s", tok);
	r = http_post_form(c, "/sign-out", form);
	assert_int_equal(r.status, 303);
	assert_true(http_header_has(&r, "Location", "/sign-in?reason=signed-out"));
	assert_true(http_header_has(&r, "Set-Cookie", "Max-Age=0"));
	http_response_free(&r);

	/* The old cookie, replayed, is refused everywhere. */
	http_cookie_set(thief, "pt_session", old);
	r = http_get(thief, "/");
	assert_int_equal(r.status, 303);
	assert_true(http_header_has(&r, "Location", "/sign-in"));
	http_response_free(&r);
	r = http_get(thief, "/api/v1/me");
	assert_int_equal(r.status, 401);
	http_response_free(&r);
	free(tok);
	free(old);
	assert_int_equal(http_client_leaks(c), 0);
	assert_int_equal(http_client_leaks(thief), 0);
	http_client_free(c);
	http_client_free(thief);
}

/* Signing in on a browser that still holds another user's session ends it. */
static void test_sign_in_replaces_session(void **state)
{
	struct world *w = *state;
	struct http_client *shared = world_client(w, U_TEACHER_A);
	struct http_client *thief = world_client(w, U_TEACHER_A);
	struct http_response r;
	char *old;

	assert_int_equal(world_sign_in(w, shared, U_TEACHER_A), 303);
	old = http_cookie(shared, "pt_session");
	assert_non_null(old);
	assert_int_equal(world_sign_in(w, shared, U_ADMIN_A), 303);
	r = http_get(shared, "/");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Adam Admin"));
	http_response_free(&r);
	http_cookie_set(thief, "pt_session", old);
	r = http_get(thief, "/");
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	free(old);
	http_client_free(shared);
	http_client_free(thief);
}

static void test_one_device(void **state)
{
	struct world *w = *state;
	struct http_client *first = world_client(w, U_ADMIN_A);
	struct http_client *second = world_client(w, U_ADMIN_A);
	struct http_response r;

	assert_int_equal(world_sign_in(w, first, U_ADMIN_A), 303);
	r = http_get(first, "/");
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	assert_int_equal(world_sign_in(w, second, U_ADMIN_A), 303);
	r = http_get(first, "/");
	assert_int_equal(r.status, 303);
	assert_true(http_header_has(&r, "Location", "/sign-in?reason=elsewhere"));
	http_response_free(&r);
	r = http_get(first, "/sign-in?reason=elsewhere");
	assert_non_null(strstr(r.body, "another device"));
	http_response_free(&r);
	r = http_get(second, "/");
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	http_client_free(first);
	http_client_free(second);
}

static void test_csrf(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_TEACHER_A);
	struct http_response r;
	char *tok, form[512], hdr[160];
	char *pw = http_form_escape(world_password);

	/* Sign-in itself needs the pre-session token. */
	snprintf(form, sizeof(form), "username=tess.a&password=%s", pw);
	r = http_post_form(c, "/sign-in", form);
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	assert_int_equal(world_sign_in(w, c, U_TEACHER_A), 303);
	tok = world_csrf(c, "/");

	/* No token, a wrong token, a token in the query: 403, and still signed in. */
	r = http_post_form(c, "/sign-out", "");
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	r = http_post_form(c, "/sign-out",
			   "csrf=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	snprintf(form, sizeof(form), "/sign-out?csrf=%s", tok);
	r = http_post_form(c, form, "");
	assert_true(r.status == 400 || r.status == 403);
	http_response_free(&r);
	/* A right token from another site's page. */
	snprintf(form, sizeof(form), "csrf=%s", tok);
	{
		const char *evil_origin[] = { "Origin: http://evil.example", NULL };
		const char *evil_site[] = { "Sec-Fetch-Site: cross-site", NULL };
		r = http_request(c, "POST", "/sign-out", evil_origin,
				 "application/x-www-form-urlencoded", form, strlen(form));
		assert_int_equal(r.status, 403);
		http_response_free(&r);
		r = http_request(c, "POST", "/sign-out", evil_site,
				 "application/x-www-form-urlencoded", form, strlen(form));
		assert_int_equal(r.status, 403);
		http_response_free(&r);
	}
	/* Nothing changed: the password change without a token did not happen. */
	snprintf(form, sizeof(form),
		 "current=%s&new=brand+new+password+42&confirm=brand+new+password+42", pw);
	r = http_post_form(c, "/account/password", form);
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	r = http_get(c, "/");
	assert_int_equal(r.status, 200);
	http_response_free(&r);

	/* The header form (for fetch) works, with a same-origin Origin. */
	snprintf(hdr, sizeof(hdr), "X-CSRF-Token: %s", tok);
	{
		char origin[64];
		snprintf(origin, sizeof(origin), "Origin: http://127.0.0.1:%d", w->port);
		const char *hdrs[] = { hdr, origin, "Sec-Fetch-Site: same-origin", NULL };
		r = http_request(c, "POST", "/sign-out", hdrs, NULL, NULL, 0);
		assert_int_equal(r.status, 303);
		http_response_free(&r);
	}
	r = http_get(c, "/");
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	/* The old password still works: the forged change never happened. */
	assert_int_equal(world_sign_in(w, c, U_TEACHER_A), 303);
	free(tok);
	free(pw);
	assert_int_equal(http_client_leaks(c), 0);
	http_client_free(c);
}

static void test_bearer_token(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_TEACHER_A);
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct store_conn *conn;
	struct http_response r;
	char token[TOKEN_TEXT_LEN + 1], auth[128], path[128];
	const char *hdrs[] = { auth, NULL };

	conn = store_acquire(w->app->store);
	assert_int_equal(account_api_token_create(w->app, conn, &who, w->user[U_TEACHER_A].id, 0,
						  token, &eb),
			 ERR_OK);
	store_release(conn);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	r = http_request(c, "GET", "/api/v1/me", hdrs, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Type", "application/json; charset=utf-8"));
	assert_non_null(strstr(r.body, "\"username\":\"tess.a\""));
	assert_non_null(strstr(r.body, "\"role\":\"teacher\""));
	assert_non_null(strstr(r.body, "\"via_token\":true"));
	assert_null(strstr(r.headers, "Set-Cookie"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/schools/%d/pupils", w->laestab[SCHOOL_A]);
	r = http_request(c, "GET", path, hdrs, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "QZXA"));
	http_response_free(&r);

	/* Not on the web pages. */
	r = http_request(c, "GET", "/", hdrs, NULL, NULL, 0);
	assert_int_equal(r.status, 303);
	http_response_free(&r);

	/* A wrong token, a malformed header. */
	{
		const char *bad[] = {
			"Authorization: Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
			NULL
		};
		const char *basic[] = { "Authorization: Basic dGVzczpwdw==", NULL };
		r = http_request(c, "GET", "/api/v1/me", bad, NULL, NULL, 0);
		assert_int_equal(r.status, 401);
		assert_true(http_header_has(&r, "WWW-Authenticate", "Bearer"));
		assert_non_null(strstr(r.body, "\"error\""));
		http_response_free(&r);
		r = http_request(c, "GET", "/api/v1/me", basic, NULL, NULL, 0);
		assert_int_equal(r.status, 401);
		http_response_free(&r);
	}

	/* Moving the user to school B takes effect on the next request... */
	conn = store_acquire(w->app->store);
	{
		struct user u;
		assert_int_equal(store_user_get(conn, w->user[U_TEACHER_A].id, &u), ERR_OK);
		u.establishment_id = w->school[SCHOOL_B].id;
		assert_int_equal(store_user_update(conn, &who, &u, &eb), ERR_OK);
	}
	store_release(conn);
	r = http_request(c, "GET", path, hdrs, NULL, NULL, 0);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	/* ...and so does disabling the user. */
	conn = store_acquire(w->app->store);
	{
		struct user u;
		assert_int_equal(store_user_get(conn, w->user[U_TEACHER_A].id, &u), ERR_OK);
		u.disabled = true;
		assert_int_equal(store_user_update(conn, &who, &u, &eb), ERR_OK);
	}
	store_release(conn);
	r = http_request(c, "GET", "/api/v1/me", hdrs, NULL, NULL, 0);
	assert_int_equal(r.status, 401);
	http_response_free(&r);
	http_client_free(c);
}

static void test_disabled_user_session(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_TEACHER_B);
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct store_conn *conn;
	struct http_response r;
	struct user u;

	assert_int_equal(world_sign_in(w, c, U_TEACHER_B), 303);
	conn = store_acquire(w->app->store);
	assert_int_equal(store_user_get(conn, w->user[U_TEACHER_B].id, &u), ERR_OK);
	u.disabled = true;
	assert_int_equal(store_user_update(conn, &who, &u, &eb), ERR_OK);
	store_release(conn);
	r = http_get(c, "/");
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	/* And a disabled user cannot sign in: the same message as a wrong password. */
	r = sign_in_as(c, "bea.b", world_password);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "The sign-in details are not right."));
	http_response_free(&r);
	http_client_free(c);
}

static void test_idle_and_absolute_expiry(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_LA1);
	struct http_response r;

	assert_int_equal(world_sign_in(w, c, U_LA1), 303);
	world_advance(w, 59 * 60 + 59);
	r = http_get(c, "/");
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	world_advance(w, 60 * 60 + 1);
	r = http_get(c, "/");
	assert_int_equal(r.status, 303);
	assert_true(http_header_has(&r, "Location", "/sign-in?reason=expired"));
	http_response_free(&r);
	r = http_get(c, "/sign-in?reason=expired");
	assert_non_null(strstr(r.body, "60 minutes"));
	http_response_free(&r);

	/* Active all day: still ends after 12 hours. */
	assert_int_equal(world_sign_in(w, c, U_LA1), 303);
	for (int i = 0; i < 24; i++) {
		world_advance(w, 30 * 60);
		r = http_get(c, "/api/v1/me");
		assert_int_equal(r.status, 200);
		http_response_free(&r);
	}
	world_advance(w, 1);
	r = http_get(c, "/api/v1/me");
	assert_int_equal(r.status, 401);
	assert_non_null(strstr(r.body, "expired"));
	http_response_free(&r);
	http_client_free(c);
}

static void test_must_change_password(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_NEWBIE_A);
	struct http_response r;
	char *tok, *pw = http_form_escape(world_password), form[512];

	r = sign_in_as(c, "nat.new", world_password);
	assert_int_equal(r.status, 303);
	assert_true(http_header_has(&r, "Location", "/account/password"));
	http_response_free(&r);
	r = http_get(c, "/");
	assert_int_equal(r.status, 303);
	assert_true(http_header_has(&r, "Location", "/account/password"));
	http_response_free(&r);
	r = http_get(c, "/api/v1/schools");
	assert_int_equal(r.status, 403);
	http_response_free(&r);

	tok = world_csrf(c, "/account/password");
	snprintf(form, sizeof(form),
		 "current=%s&new=a+much+better+secret&confirm=not+the+same&csrf=%s", pw, tok);
	r = http_post_form(c, "/account/password", form);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "not the same"));
	http_response_free(&r);
	snprintf(form, sizeof(form),
		 "current=wrong&new=a+much+better+secret&confirm=a+much+better+secret&csrf=%s",
		 tok);
	r = http_post_form(c, "/account/password", form);
	assert_non_null(strstr(r.body, "current password is not right"));
	http_response_free(&r);
	snprintf(form, sizeof(form),
		 "current=%s&new=a+much+better+secret&confirm=a+much+better+secret&csrf=%s", pw,
		 tok);
	r = http_post_form(c, "/account/password", form);
	assert_int_equal(r.status, 303);
	assert_true(http_header_has(&r, "Location", "/"));
	assert_true(http_header_has(&r, "Set-Cookie", "pt_session="));
	http_response_free(&r);
	r = http_get(c, "/");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Nat Newbie"));
	http_response_free(&r);
	r = sign_in_as(c, "nat.new", "a much better secret");
	assert_int_equal(r.status, 303);
	assert_true(http_header_has(&r, "Location", "/"));
	http_response_free(&r);
	free(tok);
	free(pw);
	assert_int_equal(http_client_leaks(c), 0);
	http_client_free(c);
}

struct burst {
	int port;	    /* server */
	const char *cookie; /* session token */
	int ok;		    /* requests answered 200 */
};

static void *burst_run(void *arg)
{
	struct burst *b = arg;
	struct http_client *c = http_client_new(b->port);
	http_cookie_set(c, "pt_session", b->cookie);
	for (int i = 0; i < 25; i++) {
		struct http_response r = http_get(c, i % 2 ? "/" : "/api/v1/schools");
		if (r.status == 200)
			b->ok++;
		http_response_free(&r);
	}
	http_client_free(c);
	return NULL;
}

/* One session used by several requests at once (a browser's parallel loads):
 * every request is answered, none fails on a busy database. */
static void test_concurrent_requests(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_LA1);
	struct burst b[4];
	pthread_t t[4];
	char *cookie;

	assert_int_equal(world_sign_in(w, c, U_LA1), 303);
	cookie = http_cookie(c, "pt_session");
	assert_non_null(cookie);
	for (int i = 0; i < 4; i++) {
		b[i] = (struct burst){ w->port, cookie, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, burst_run, &b[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(b[i].ok, 25);
	}
	free(cookie);
	http_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sign_in, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sign_out_ends_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sign_in_replaces_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_device, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csrf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bearer_token, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disabled_user_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_and_absolute_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_must_change_password, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_requests, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
