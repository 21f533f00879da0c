/*
 * test_signin: the sign-in journey of issue 3a over HTTP: the security-code
 * digits (positions fixed until a success), the code shown once at the first
 * sign-in, the single-use pending step, one-time password expiry, lockout per
 * account and unlock, throttling per address, one message for every failure,
 * the authenticator app (turning on, codes, replay, the required setting), the
 * profile page and the audit rows of sign-ins.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/account.h"
#include "app/app.h"
#include "app/throttle.h"
#include "app/totp.h"
#include "base/xalloc.h"
#include "store/store.h"

static const char bad_login[] = "The sign-in details are not right.";

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

/* Step 1 only: POST /sign-in. */
static struct http_response step1(struct http_client *c, const char *username, const char *password)
{
	char *tok = world_csrf(c, "/sign-in");
	char *u = http_form_escape(username), *p = http_form_escape(password);
	char form[1024];
	struct http_response r;

	snprintf(form, sizeof(form), "username=%s&password=%s&csrf=%s", u, p, tok);
	r = http_post_form(c, "/sign-in", form);
	free(tok);
	free(u);
	free(p);
	return r;
}

/* Step 2: answers the page of r1 with digits d1, d2 (0 = leave out) and totp. */
static struct http_response step2(struct http_client *c, const struct http_response *r1, char d1,
				  char d2, const char *totp)
{
	char *pending = http_form_value(r1->body, "pending");
	char *csrf = http_form_value(r1->body, "csrf");
	char form[512];
	int n;
	struct http_response r;

	assert_non_null(pending);
	assert_non_null(csrf);
	n = snprintf(form, sizeof(form), "csrf=%s&pending=%s", csrf, pending);
	if (d1 && d2)
		n += snprintf(form + n, sizeof(form) - (size_t)n, "&d1=%c&d2=%c", d1, d2);
	if (totp)
		snprintf(form + n, sizeof(form) - (size_t)n, "&totp=%s", totp);
	r = http_post_form(c, "/sign-in/code", form);
	free(pending);
	free(csrf);
	return r;
}

/* A digit that is not the one at position pos of the world code. */
static char wrong_digit(int pos)
{
	return (char)('0' + (world_security_code[pos - 1] - '0' + 1) % 10);
}

static int64_t audit_count(struct world *w, const char *username, const char *action)
{
	struct audit_query q = { .actor = username, .action = action, .limit = 1000 };
	struct audit_entry *list = NULL;
	struct store_conn *c = store_acquire(w->app->store);
	size_t n = 0;

	assert_int_equal(store_audit_list(c, &q, &list, &n), ERR_OK);
	store_release(c);
	/* No secret of the world is ever in the audit. */
	for (size_t i = 0; i < n; i++) {
		assert_null(strstr(list[i].old_value, world_password));
		assert_null(strstr(list[i].new_value, world_password));
		assert_null(strstr(list[i].new_value, world_security_code));
		assert_null(strstr(list[i].old_value, world_security_code));
	}
	free(list);
	return (int64_t)n;
}

static void sign_out(struct http_client *c)
{
	/* A page every signed-in user may open, even before a compulsory change. */
	char *tok = world_csrf(c, "/account/password");
	char form[128];
	struct http_response r;

	snprintf(form, sizeof(form), "csrf=%s", tok);
	r = http_post_form(c, "/sign-out", form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	free(tok);
}

static void test_digits(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_TEACHER_A);
	struct http_response r1, r2, again;
	int pos[2], pos2[2], pos3[2];

	/* The right password leads to two digits, not to a session. */
	r1 = step1(c, "tess.a", world_password);
	assert_int_equal(r1.status, 200);
	assert_null(strstr(r1.headers, "pt_session="));
	assert_true(hc_digit_positions(r1.body, pos));
	assert_true(pos[0] >= 1 && pos[0] < pos[1] && pos[1] <= 5);
	assert_null(strstr(r1.body, world_security_code));
	/* A wrong digit: the one message, and no session. */
	r2 = step2(c, &r1, world_security_code[pos[0] - 1], wrong_digit(pos[1]), NULL);
	assert_int_equal(r2.status, 422);
	assert_non_null(strstr(r2.body, bad_login));
	assert_null(strstr(r2.headers, "pt_session="));
	http_response_free(&r2);
	/* The pending step is used up, even by a failure. */
	r2 = step2(c, &r1, world_security_code[pos[0] - 1], world_security_code[pos[1] - 1], NULL);
	assert_int_equal(r2.status, 422);
	assert_non_null(strstr(r2.body, "Enter your username and password again"));
	assert_null(strstr(r2.headers, "pt_session="));
	http_response_free(&r2);
	http_response_free(&r1);

	/* Until a success the same two positions are asked. */
	r1 = step1(c, "tess.a", world_password);
	assert_true(hc_digit_positions(r1.body, pos2));
	assert_int_equal(pos2[0], pos[0]);
	assert_int_equal(pos2[1], pos[1]);
	r2 = step2(c, &r1, world_security_code[pos[0] - 1], world_security_code[pos[1] - 1], NULL);
	assert_int_equal(r2.status, 303);
	assert_true(http_header_has(&r2, "Location", "/"));
	assert_true(http_header_has(&r2, "Set-Cookie", "pt_session="));
	/* The same pending step cannot be used twice, not even after a success and
	 * from another browser. */
	{
		struct http_client *other = world_client(w, U_TEACHER_A);
		char *tok = world_csrf(other, "/sign-in");
		char *pending = http_form_value(r1.body, "pending"), form[512];
		snprintf(form, sizeof(form), "csrf=%s&pending=%s&d1=%c&d2=%c", tok, pending,
			 world_security_code[pos[0] - 1], world_security_code[pos[1] - 1]);
		again = http_post_form(other, "/sign-in/code", form);
		assert_int_equal(again.status, 422);
		assert_non_null(strstr(again.body, "Enter your username and password again"));
		assert_null(strstr(again.headers, "pt_session="));
		http_response_free(&again);
		free(tok);
		free(pending);
		http_client_free(other);
	}
	http_response_free(&r2);
	http_response_free(&r1);
	sign_out(c);

	/* After the success the question changes. */
	r1 = step1(c, "tess.a", world_password);
	assert_true(hc_digit_positions(r1.body, pos3));
	assert_false(pos3[0] == pos[0] && pos3[1] == pos[1]);
	http_response_free(&r1);

	/* A pending step lasts 5 minutes. */
	r1 = step1(c, "tess.a", world_password);
	assert_true(hc_digit_positions(r1.body, pos));
	world_advance(w, 5 * 60 + 1);
	r2 = step2(c, &r1, world_security_code[pos[0] - 1], world_security_code[pos[1] - 1], NULL);
	assert_int_equal(r2.status, 422);
	assert_non_null(strstr(r2.body, "longer than 5 minutes"));
	http_response_free(&r2);
	http_response_free(&r1);
	assert_int_equal(http_client_leaks(c), 0);
	http_client_free(c);
}

static void test_first_sign_in_shows_code_once(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_NEWBIE_A);
	struct http_response r1, r2;

	r1 = step1(c, "nat.new", world_password);
	assert_int_equal(r1.status, 200);
	assert_non_null(strstr(r1.body, "class=\"security-code\">29470<"));
	assert_null(strstr(r1.body, "name=\"d1\""));
	r2 = step2(c, &r1, 0, 0, NULL);
	assert_int_equal(r2.status, 303);
	/* A one-time password must be changed first. */
	assert_true(http_header_has(&r2, "Location", "/account/password"));
	http_response_free(&r2);
	http_response_free(&r1);
	assert_int_equal(audit_count(w, "nat.new", "login.ok"), 1);
	sign_out(c);

	/* Never again: from now on two digits are asked. */
	r1 = step1(c, "nat.new", world_password);
	assert_int_equal(r1.status, 200);
	assert_null(strstr(r1.body, world_security_code));
	assert_non_null(strstr(r1.body, "name=\"d1\""));
	/* Skipping the digits does not work any more. */
	r2 = step2(c, &r1, 0, 0, NULL);
	assert_non_null(strstr(r2.body, bad_login));
	http_response_free(&r2);
	http_response_free(&r1);
	r2 = hc_sign_in(c, "nat.new", world_password, world_security_code, NULL);
	assert_int_equal(r2.status, 303);
	http_response_free(&r2);
	assert_int_equal(http_client_leaks(c), 0);
	http_client_free(c);
}

static void test_one_time_password_expiry(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_NEWBIE_A);
	struct http_response r;

	/* 72 hours from when it was issued; a second later it is refused. */
	world_advance(w, 72 * 3600 + 1);
	r = step1(c, "nat.new", world_password);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "one-time password has expired"));
	assert_null(strstr(r.body, "name=\"pending\""));
	assert_null(strstr(r.headers, "pt_session="));
	http_response_free(&r);
	assert_int_equal(audit_count(w, "nat.new", "login.fail"), 1);
	/* Someone without the password learns nothing of it. */
	r = step1(c, "nat.new", "not the password at all");
	assert_null(strstr(r.body, "expired"));
	assert_non_null(strstr(r.body, "name=\"pending\""));
	http_response_free(&r);
	http_client_free(c);
}

static void test_one_time_password_in_time(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_NEWBIE_A);
	struct http_response r;

	world_advance(w, 71 * 3600);
	r = hc_sign_in(c, "nat.new", world_password, world_security_code, NULL);
	assert_int_equal(r.status, 303);
	assert_true(http_header_has(&r, "Location", "/account/password"));
	http_response_free(&r);
	/* Nothing else until the password is changed. */
	r = http_get(c, "/account");
	assert_int_equal(r.status, 303);
	assert_true(http_header_has(&r, "Location", "/account/password"));
	http_response_free(&r);
	http_client_free(c);
}

/* Fails n sign-ins of username with a wrong password. */
static void fail_sign_ins(struct http_client *c, const char *username, int n)
{
	for (int i = 0; i < n; i++) {
		struct http_response r =
			hc_sign_in(c, username, "wrong password here", world_security_code, NULL);
		assert_int_equal(r.status, 422);
		assert_non_null(strstr(r.body, bad_login));
		http_response_free(&r);
	}
}

static long good_sign_in(struct http_client *c, const char *username)
{
	struct http_response r = hc_sign_in(c, username, world_password, world_security_code, NULL);
	long status = r.status;

	if (status != 303)
		assert_non_null(strstr(r.body, bad_login));
	http_response_free(&r);
	return status;
}

static void test_lockout_and_unlock(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_TEACHER_A);
	struct actor admin = { w->user[U_ADMIN_A].id, "adam.a", "127.0.0.1" };
	struct errbuf eb = { "" };
	struct store_conn *conn;
	struct user u;

	/* 9 failures do not lock. */
	fail_sign_ins(c, "tess.a", THROTTLE_ACCOUNT_FAILURES - 1);
	assert_int_equal(audit_count(w, "tess.a", "login.lock"), 0);
	assert_int_equal(good_sign_in(c, "tess.a"), 303);
	sign_out(c);
	/* The count starts again after a success; failures outside the 5-minute
	 * window do not add up. */
	fail_sign_ins(c, "tess.a", 5);
	world_advance(w, THROTTLE_WINDOW_SECONDS);
	fail_sign_ins(c, "tess.a", 5);
	assert_int_equal(audit_count(w, "tess.a", "login.lock"), 0);
	fail_sign_ins(c, "tess.a", 5);
	assert_int_equal(audit_count(w, "tess.a", "login.lock"), 1);
	conn = store_acquire(w->app->store);
	assert_int_equal(store_user_get(conn, w->user[U_TEACHER_A].id, &u), ERR_OK);
	store_release(conn);
	assert_true(u.locked_until > atomic_load(&w->clock));

	/* Locked: the right password and digits get the same one message. */
	assert_int_equal(good_sign_in(c, "tess.a"), 422);
	/* Others are not affected. */
	{
		struct http_client *other = world_client(w, U_ADMIN_A);
		assert_int_equal(good_sign_in(other, "adam.a"), 303);
		http_client_free(other);
	}
	/* The lock ends after 15 minutes. */
	world_advance(w, THROTTLE_ACCOUNT_LOCK_SECONDS - 60);
	assert_int_equal(good_sign_in(c, "tess.a"), 422);
	world_advance(w, 61);
	assert_int_equal(good_sign_in(c, "tess.a"), 303);
	sign_out(c);

	/* Locked again, then unlocked by an admin at once. */
	fail_sign_ins(c, "tess.a", THROTTLE_ACCOUNT_FAILURES);
	assert_int_equal(audit_count(w, "tess.a", "login.lock"), 2);
	assert_int_equal(good_sign_in(c, "tess.a"), 422);
	conn = store_acquire(w->app->store);
	assert_int_equal(account_unlock(w->app, conn, &admin, w->user[U_TEACHER_A].id, &eb),
			 ERR_OK);
	assert_int_equal(account_unlock(w->app, conn, &admin, 999999, &eb), ERR_NOT_FOUND);
	store_release(conn);
	assert_int_equal(audit_count(w, "adam.a", "user.unlock"), 1);
	assert_int_equal(good_sign_in(c, "tess.a"), 303);

	/* Audit: successes, failures and lockouts, attributed to the account. */
	assert_true(audit_count(w, "tess.a", "login.ok") >= 3);
	assert_true(audit_count(w, "tess.a", "login.fail") >= 30);
	assert_int_equal(http_client_leaks(c), 0);
	http_client_free(c);
}

static void test_address_throttle(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_TEACHER_A);
	struct http_response r;
	char name[32];

	/* Many usernames, none locked: the address is blocked after 30 failures. */
	for (int i = 0; i < THROTTLE_ADDRESS_FAILURES; i++) {
		snprintf(name, sizeof(name), "guess%02d", i);
		fail_sign_ins(c, name, 1);
	}
	r = step1(c, "tess.a", world_password);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "too many failed sign-ins from your network"));
	assert_null(strstr(r.body, "name=\"pending\""));
	http_response_free(&r);
	assert_int_equal(audit_count(w, NULL, "login.block"), 1);
	/* The block ends after 15 minutes; the account itself was never locked. */
	world_advance(w, THROTTLE_ADDRESS_BLOCK_SECONDS + 1);
	assert_int_equal(good_sign_in(c, "tess.a"), 303);
	assert_int_equal(http_client_leaks(c), 0);
	http_client_free(c);
}

/* The body of a whole failed sign-in of username with password and the digits
 * given by how (0 right, 1 wrong). */
static char *failed_body(struct http_client *c, const char *username, const char *password, int how)
{
	struct http_response r1 = step1(c, username, password), r2;
	int pos[2];
	char *out;

	assert_int_equal(r1.status, 200);
	assert_true(hc_digit_positions(r1.body, pos));
	assert_null(strstr(r1.body, "name=\"totp\""));
	r2 = step2(c, &r1, world_security_code[pos[0] - 1],
		   how ? wrong_digit(pos[1]) : world_security_code[pos[1] - 1], NULL);
	assert_int_equal(r2.status, 422);
	out = xstrdup(r2.body);
	http_response_free(&r1);
	http_response_free(&r2);
	return out;
}

static void test_same_message(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U__MAX);
	char *unknown = failed_body(c, "nobody.here", world_password, 0);
	char *wrong_pw = failed_body(c, "tess.a", "not the password", 0);
	char *wrong_digit_body = failed_body(c, "tess.a", world_password, 1);
	char *disabled;
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct store_conn *conn;
	struct user u;
	int p1[2], p2[2];
	struct http_response a, b;

	assert_non_null(strstr(unknown, bad_login));
	assert_string_equal(unknown, wrong_pw);
	assert_string_equal(unknown, wrong_digit_body);
	/* A disabled account answers the same. */
	conn = store_acquire(w->app->store);
	assert_int_equal(store_user_get(conn, w->user[U_TEACHER_B].id, &u), ERR_OK);
	u.disabled = true;
	assert_int_equal(store_user_update(conn, &who, &u, &eb), ERR_OK);
	store_release(conn);
	disabled = failed_body(c, "bea.b", world_password, 0);
	assert_string_equal(unknown, disabled);

	/* An unknown name is asked stable digits too, like a real account. */
	a = step1(c, "nobody.here", "x");
	b = step1(c, "NOBODY.here", "y");
	assert_true(hc_digit_positions(a.body, p1));
	assert_true(hc_digit_positions(b.body, p2));
	assert_int_equal(p1[0], p2[0]);
	assert_int_equal(p1[1], p2[1]);
	http_response_free(&a);
	http_response_free(&b);
	free(unknown);
	free(wrong_pw);
	free(wrong_digit_body);
	free(disabled);
	assert_int_equal(http_client_leaks(c), 0);
	http_client_free(c);
}

/* The current code of the base32 secret at the world's time plus offset. */
static void code_now(struct world *w, const char *secret, int64_t offset, char out[7])
{
	unsigned char key[64];
	size_t n = totp_secret_decode(secret, key, sizeof(key));

	assert_int_equal(n, TOTP_SECRET_BYTES);
	totp_code(key, n, totp_step(atomic_load(&w->clock) + offset), 6, out);
}

/* Turns TOTP on for the signed-in client c; returns the secret (caller frees). */
static char *totp_turn_on(struct world *w, struct http_client *c)
{
	struct http_response r = http_get(c, "/account/totp");
	char *secret, *expires, *sig, *csrf, *s, *e, *g, form[512], code[7];

	assert_int_equal(r.status, 200);
	secret = http_form_value(r.body, "secret");
	expires = http_form_value(r.body, "expires");
	sig = http_form_value(r.body, "sig");
	csrf = http_form_value(r.body, "csrf");
	assert_non_null(secret);
	assert_non_null(sig);
	assert_non_null(strstr(r.body, "otpauth://totp/pupiltrack:"));
	http_response_free(&r);
	s = http_form_escape(secret);
	e = http_form_escape(expires);
	g = http_form_escape(sig);
	/* A wrong code: nothing turned on. */
	snprintf(form, sizeof(form), "csrf=%s&secret=%s&expires=%s&sig=%s&code=000000", csrf, s, e,
		 g);
	code_now(w, secret, 0, code);
	if (strcmp(code, "000000") != 0) {
		r = http_post_form(c, "/account/totp", form);
		assert_int_equal(r.status, 422);
		assert_non_null(strstr(r.body, "The code is not right"));
		http_response_free(&r);
	}
	/* A forged secret (not the one signed): refused. */
	snprintf(form, sizeof(form),
		 "csrf=%s&secret=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&expires=%s&sig=%s&code=%s", csrf,
		 e, g, code);
	r = http_post_form(c, "/account/totp", form);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "more than 15 minutes"));
	http_response_free(&r);
	snprintf(form, sizeof(form), "csrf=%s&secret=%s&expires=%s&sig=%s&code=%s", csrf, s, e, g,
		 code);
	r = http_post_form(c, "/account/totp", form);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "The authenticator app is on"));
	http_response_free(&r);
	free(s);
	free(e);
	free(g);
	free(expires);
	free(sig);
	free(csrf);
	return secret;
}

static void test_totp(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_LA1);
	struct http_response r1, r2;
	char *secret, code[7], *tok, form[256];
	int pos[2];

	assert_int_equal(world_sign_in(w, c, U_LA1), 303);
	secret = totp_turn_on(w, c);
	assert_int_equal(audit_count(w, "lee.la", "user.update"), 1); /* totp off -> on */
	sign_out(c);
	/* The code of the step used to confirm is not accepted again. */
	code_now(w, secret, 0, code);
	r1 = step1(c, "lee.la", world_password);
	assert_non_null(strstr(r1.body, "name=\"totp\""));
	assert_true(hc_digit_positions(r1.body, pos));
	r2 = step2(c, &r1, world_security_code[pos[0] - 1], world_security_code[pos[1] - 1], code);
	assert_non_null(strstr(r2.body, bad_login));
	http_response_free(&r1);
	http_response_free(&r2);
	/* Without a code, or a wrong one: refused. */
	world_advance(w, TOTP_STEP_SECONDS);
	r2 = hc_sign_in(c, "lee.la", world_password, world_security_code, NULL);
	assert_non_null(strstr(r2.body, bad_login));
	http_response_free(&r2);
	r2 = hc_sign_in(c, "lee.la", world_password, world_security_code, "12345");
	assert_non_null(strstr(r2.body, bad_login));
	http_response_free(&r2);
	/* The code of now works, once. */
	code_now(w, secret, 0, code);
	r2 = hc_sign_in(c, "lee.la", world_password, world_security_code, code);
	assert_int_equal(r2.status, 303);
	http_response_free(&r2);
	sign_out(c);
	r2 = hc_sign_in(c, "lee.la", world_password, world_security_code, code);
	assert_non_null(strstr(r2.body, bad_login));
	http_response_free(&r2);
	/* The next step's code (clock drift of one step) works. */
	code_now(w, secret, TOTP_STEP_SECONDS, code);
	r2 = hc_sign_in(c, "lee.la", world_password, world_security_code, code);
	assert_int_equal(r2.status, 303);
	http_response_free(&r2);
	assert_true(audit_count(w, "lee.la", "login.fail") >= 4);

	/* Turning it off needs the password. */
	r2 = http_get(c, "/account");
	assert_non_null(strstr(r2.body, "On. To turn it off"));
	http_response_free(&r2);
	tok = world_csrf(c, "/account");
	snprintf(form, sizeof(form), "csrf=%s&password=wrong+password", tok);
	r2 = http_post_form(c, "/account/totp/off", form);
	assert_int_equal(r2.status, 422);
	assert_non_null(strstr(r2.body, "still on"));
	http_response_free(&r2);
	snprintf(form, sizeof(form), "csrf=%s&password=correct+horse+battery+staple", tok);
	r2 = http_post_form(c, "/account/totp/off", form);
	assert_int_equal(r2.status, 200);
	assert_non_null(strstr(r2.body, "The authenticator app is off"));
	http_response_free(&r2);
	/* Again: it is off already, so nothing changes and the answer says so. */
	r2 = http_post_form(c, "/account/totp/off", form);
	assert_int_equal(r2.status, 409);
	assert_non_null(strstr(r2.body, "off already"));
	http_response_free(&r2);
	assert_int_equal(audit_count(w, "lee.la", "user.update"), 2); /* on, then off once */
	sign_out(c);
	assert_int_equal(world_sign_in(w, c, U_LA1), 303);
	free(tok);
	free(secret);
	http_client_free(c);
}

/* GET /api/v1/me with a bearer token from a fresh client (no cookies). */
static struct http_response api_me(struct world *w, const char *token)
{
	struct http_client *api = http_client_new(w->port);
	char auth[TOKEN_TEXT_LEN + 32];
	const char *hdrs[] = { auth, NULL };
	struct http_response r;

	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	r = http_request(api, "GET", "/api/v1/me", hdrs, NULL, NULL, 0);
	http_client_free(api);
	return r;
}

static void token_of(struct world *w, enum world_user u, char token[TOKEN_TEXT_LEN + 1])
{
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct store_conn *db = store_acquire(w->app->store);

	assert_int_equal(account_api_token_create(w->app, db, &who, w->user[u].id, 30, token, &eb),
			 ERR_OK);
	store_release(db);
}

static void test_totp_required(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_SYSADMIN), *t = world_client(w, U_TEACHER_A);
	struct http_response r;
	char *secret, code[7], *tok, form[256];
	char sys_token[TOKEN_TEXT_LEN + 1], teacher_token[TOKEN_TEXT_LEN + 1];

	/* Tokens made before the setting was turned on. */
	token_of(w, U_SYSADMIN, sys_token);
	token_of(w, U_TEACHER_A, teacher_token);
	r = api_me(w, sys_token);
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	w->app->cfg.require_totp_admins = true;
	/* The system admin's token is no way around the authenticator app. */
	r = api_me(w, sys_token);
	assert_int_equal(r.status, 403);
	assert_non_null(strstr(r.body, "Turn on the authenticator app first"));
	assert_null(strstr(r.body, "sam.sys"));
	http_response_free(&r);
	/* A teacher is not affected. */
	r = api_me(w, teacher_token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "tess.a"));
	http_response_free(&r);
	r = hc_sign_in(t, "tess.a", world_password, world_security_code, NULL);
	assert_int_equal(r.status, 303);
	assert_true(http_header_has(&r, "Location", "/"));
	http_response_free(&r);

	/* A system admin without an app goes to set it up, and nowhere else. */
	r = hc_sign_in(c, "sam.sys", world_password, world_security_code, NULL);
	assert_int_equal(r.status, 303);
	assert_true(http_header_has(&r, "Location", "/account/totp"));
	http_response_free(&r);
	r = http_get(c, "/");
	assert_int_equal(r.status, 303);
	assert_true(http_header_has(&r, "Location", "/account/totp"));
	http_response_free(&r);
	r = http_get(c, "/schools");
	assert_true(http_header_has(&r, "Location", "/account/totp"));
	http_response_free(&r);
	r = http_get(c, "/api/v1/me");
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	secret = totp_turn_on(w, c);
	r = http_get(c, "/");
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	/* With the app on, the same token works again. */
	r = api_me(w, sys_token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "sam.sys"));
	http_response_free(&r);
	/* And it cannot be turned off. */
	tok = world_csrf(c, "/account");
	snprintf(form, sizeof(form), "csrf=%s&password=correct+horse+battery+staple", tok);
	r = http_post_form(c, "/account/totp/off", form);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "cannot be turned off"));
	http_response_free(&r);
	sign_out(c);
	world_advance(w, TOTP_STEP_SECONDS);
	code_now(w, secret, 0, code);
	r = hc_sign_in(c, "sam.sys", world_password, world_security_code, code);
	assert_int_equal(r.status, 303);
	assert_true(http_header_has(&r, "Location", "/"));
	http_response_free(&r);
	free(tok);
	free(secret);
	http_client_free(c);
	http_client_free(t);
}

static void test_profile(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_ADMIN_A);
	struct http_response r;

	assert_int_equal(world_sign_in(w, c, U_ADMIN_A), 303);
	r = http_get(c, "/account");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "href=\"/account\">Your account</a>"));
	assert_non_null(strstr(r.body, "Adam Admin"));
	assert_non_null(strstr(r.body, "Alder Primary QZXA"));
	assert_non_null(strstr(r.body, "this is your first sign-in"));
	assert_non_null(strstr(r.body, "href=\"/account/password\""));
	assert_non_null(strstr(r.body, "href=\"/account/totp\""));
	http_response_free(&r);
	sign_out(c);
	world_advance(w, 3600);
	fail_sign_ins(c, "adam.a", 2);
	assert_int_equal(world_sign_in(w, c, U_ADMIN_A), 303);
	r = http_get(c, "/account");
	assert_non_null(strstr(r.body, "There were 2 failed attempts"));
	/* 1750000000 is 15/06/2025 15:06:40 UTC. */
	assert_non_null(strstr(r.body, "15/06/2025 at 15:06 (UTC)"));
	http_response_free(&r);
	assert_int_equal(http_client_leaks(c), 0);
	http_client_free(c);
}

/* How many times needle occurs in hay. */
static size_t occurrences(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *at = strstr(hay, needle); at; at = strstr(at + 1, needle))
		n++;
	return n;
}

/* The sign-in page warns once not to share the password (the footer), not twice. */
static void test_warning_said_once(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_ADMIN_A);
	struct http_response r = http_get(c, "/sign-in");

	assert_int_equal(r.status, 200);
	assert_int_equal(occurrences(r.body, "Do not share your password"), 1);
	http_response_free(&r);
	http_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_digits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_sign_in_shows_code_once, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_one_time_password_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_time_password_in_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lockout_and_unlock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_address_throttle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_totp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_totp_required, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_warning_said_once, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
