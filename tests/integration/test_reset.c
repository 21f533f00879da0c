/*
 * test_reset: "Forgot your password" through the outbox (the mail is read from
 * the outbox folder, its link followed, a password chosen, then a real sign-in
 * with both steps), the same answer for unknown accounts, used, replaced and
 * expired links refused, the admin and welcome links of reset_send, throttling,
 * CSRF, and the session expiry support: the seconds left on signed-in pages and
 * POST /session/extend, on the app's clock.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/account.h"
#include "app/app.h"
#include "app/reset.h"
#include "base/xalloc.h"
#include "store/store.h"
#include "web/server.h"

static const char base_url[] = "https://pupiltrack.example";
static const char new_password[] = "lantern orchard velvet kettle";

static void user_email_set(struct world *w, enum world_user id, const char *email)
{
	struct store_conn *c = store_acquire(w->app->store);
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct user u;

	assert_int_equal(store_user_get(c, w->user[id].id, &u), ERR_OK);
	snprintf(u.email, sizeof(u.email), "%s", email);
	assert_int_equal(store_user_update(c, &who, &u, &eb), ERR_OK);
	w->user[id] = u;
	store_release(c);
}

static char *outbox_path(struct world *w)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/outbox", w->dir);
	return xstrdup(path);
}

static int setup(void **state)
{
	struct world *w = world_new(NULL);

	/* The app owns its settings; point mail at this world's own folder. */
	free((char *)w->app->cfg.outbox_dir);
	w->app->cfg.outbox_dir = outbox_path(w);
	free((char *)w->app->cfg.base_url);
	w->app->cfg.base_url = xstrdup(base_url);
	user_email_set(w, U_TEACHER_A, "tess@alder.example");
	user_email_set(w, U_ADMIN_A, "adam@alder.example");
	user_email_set(w, U_NEWBIE_A, "nat@alder.example");
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world_free(*state);
	return 0;
}

/* The .eml files in the outbox; asserts no temporary file is left. */
static size_t outbox_count(struct world *w)
{
	DIR *d = opendir(w->app->cfg.outbox_dir);
	struct dirent *e;
	size_t n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		assert_non_null(strstr(e->d_name, ".eml"));
		n++;
	}
	closedir(d);
	return n;
}

/* The one message in the outbox, removed from it; the caller frees. */
static char *outbox_take(struct world *w)
{
	DIR *d = opendir(w->app->cfg.outbox_dir);
	struct dirent *e;
	char path[4096];
	char *text = NULL;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		assert_null(text); /* exactly one */
		snprintf(path, sizeof(path), "%s/%s", w->app->cfg.outbox_dir, e->d_name);
		text = tu_read_file(path, NULL);
		assert_int_equal(unlink(path), 0);
	}
	closedir(d);
	assert_non_null(text);
	return text;
}

/* The link of a mail as a local path ("/reset-password?token=..."); checks it
 * starts with the configured base URL. The caller frees. */
static char *mail_link(const char *mail)
{
	char pat[128];
	const char *p, *end;

	snprintf(pat, sizeof(pat), "%s/reset-password?token=", base_url);
	p = strstr(mail, pat);
	assert_non_null(p);
	p += strlen(base_url);
	end = p + strcspn(p, "\r\n ");
	return xstrndup(p, (size_t)(end - p));
}

static char *link_token(const char *path)
{
	return xstrdup(strchr(path, '=') + 1);
}

static long forgot(struct world *w, struct http_client *c, const char *name, char **body)
{
	char *tok = world_csrf(c, "/forgot-password");
	char *n = http_form_escape(name);
	char form[1024];
	struct http_response r;
	long status;

	(void)w;
	snprintf(form, sizeof(form), "name=%s&csrf=%s", n, tok);
	r = http_post_form(c, "/forgot-password", form);
	status = r.status;
	if (body)
		*body = xstrdup(r.body);
	http_response_free(&r);
	free(tok);
	free(n);
	return status;
}

/* Chooses a password on the page of link; returns the response (caller frees). */
static struct http_response choose(struct http_client *c, const char *link, const char *pw,
				   const char *confirm)
{
	struct http_response page = http_get(c, link);
	char *csrf = http_form_value(page.body, "csrf");
	char *token = link_token(link);
	char *p = http_form_escape(pw), *q = http_form_escape(confirm);
	char form[1024];
	struct http_response r;

	if (!csrf) /* the link page refused: post with a fresh token anyway */
		csrf = world_csrf(c, "/forgot-password");
	snprintf(form, sizeof(form), "token=%s&new=%s&confirm=%s&csrf=%s", token, p, q, csrf);
	r = http_post_form(c, "/reset-password", form);
	http_response_free(&page);
	free(csrf);
	free(token);
	free(p);
	free(q);
	return r;
}

/* The whole sign-in as a browser does it: username and password, then the
 * security-code step (the code read from the page when shown the first time,
 * else the two digits asked, answered from the stored code). Returns the status
 * of the last step: 303 when signed in. */
static long sign_in_full(struct world *w, struct http_client *c, enum world_user id,
			 const char *password)
{
	char *tok = world_csrf(c, "/sign-in");
	char *u = http_form_escape(w->user[id].username), *p = http_form_escape(password);
	char form[1024], code[6] = "";
	struct http_response r, r2;
	char *pending, *csrf;
	long status;

	snprintf(form, sizeof(form), "username=%s&password=%s&csrf=%s", u, p, tok);
	r = http_post_form(c, "/sign-in", form);
	free(tok);
	free(u);
	free(p);
	if (r.status != 200 || !strstr(r.body, "action=\"/sign-in/code\"")) {
		status = r.status; /* a one-step sign-in, or refused at once */
		http_response_free(&r);
		return status;
	}
	pending = http_form_value(r.body, "pending");
	csrf = http_form_value(r.body, "csrf");
	assert_non_null(pending);
	assert_non_null(csrf);
	if (strstr(r.body, "class=\"security-code\"")) {
		snprintf(form, sizeof(form), "pending=%s&csrf=%s", pending, csrf);
	} else {
		struct store_conn *db = store_acquire(w->app->store);
		struct user stored;
		int pos[2] = { 0, 0 };
		const char *q = r.body;
		for (int i = 0; i < 2; i++) {
			q = strstr(q, ">Digit ");
			assert_non_null(q);
			q += 7;
			pos[i] = *q - '0';
		}
		assert_int_equal(store_user_get(db, w->user[id].id, &stored), ERR_OK);
		store_release(db);
		assert_true(account_security_code_get(w->app, &stored, code));
		snprintf(form, sizeof(form), "pending=%s&csrf=%s&d1=%c&d2=%c", pending, csrf,
			 code[pos[0] - 1], code[pos[1] - 1]);
	}
	r2 = http_post_form(c, "/sign-in/code", form);
	status = r2.status;
	http_response_free(&r);
	http_response_free(&r2);
	free(pending);
	free(csrf);
	return status;
}

static size_t audit_count(struct world *w, const char *action)
{
	struct store_conn *c = store_acquire(w->app->store);
	struct audit_query q = { .action = action };
	struct audit_entry *list = NULL;
	size_t n = 0;

	assert_int_equal(store_audit_list(c, &q, &list, &n), ERR_OK);
	for (size_t i = 0; i < n; i++) {
		/* Never the token, never a password. */
		assert_null(strstr(list[i].new_value, "token="));
		assert_null(strstr(list[i].new_value, new_password));
	}
	free(list);
	store_release(c);
	return n;
}

static void test_forgot_journey(void **state)
{
	struct world *w = *state;
	/* Both end up signed in as Tess: forbidden the markers of the schools she
	 * may not see. */
	struct http_client *c = world_client(w, U_TEACHER_A);
	struct http_client *other = world_client(w, U_TEACHER_A);
	struct http_response r;
	char *mail, *link, *body = NULL;

	/* Tess is signed in on another computer. */
	assert_int_equal(sign_in_full(w, other, U_TEACHER_A, world_password), 303);
	r = http_get(other, "/");
	assert_int_equal(r.status, 200);
	http_response_free(&r);

	r = http_get(c, "/sign-in");
	assert_non_null(strstr(r.body, "href=\"/forgot-password\""));
	http_response_free(&r);
	assert_int_equal(forgot(w, c, "tess.a", &body), 200);
	assert_non_null(strstr(body, "Check your e-mail"));
	free(body);
	assert_int_equal(audit_count(w, "user.reset-sent"), 1);

	mail = outbox_take(w);
	assert_non_null(strstr(mail, "To: <tess@alder.example>\r\n"));
	assert_non_null(strstr(mail, "Subject: Reset your pupiltrack password\r\n"));
	assert_non_null(strstr(mail, "tess.a"));
	link = mail_link(mail);

	r = http_get(c, link);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Choose a new password"));
	assert_non_null(strstr(r.body, "tess.a"));
	http_response_free(&r);

	/* Mistakes keep the link working. */
	r = choose(c, link, new_password, "lantern orchard velvet kettles");
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "The two passwords are not the same."));
	http_response_free(&r);
	r = choose(c, link, "short", "short");
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "There is a problem"));
	assert_null(strstr(r.body, "Your password has been changed"));
	http_response_free(&r);

	r = choose(c, link, new_password, new_password);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Your password has been changed"));
	http_response_free(&r);
	assert_int_equal(audit_count(w, "user.reset-used"), 1);

	/* Signed out everywhere. */
	r = http_get(other, "/");
	assert_int_equal(r.status, 303);
	http_response_free(&r);

	/* The link is used up. */
	r = http_get(c, link);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "does not work any more"));
	http_response_free(&r);
	r = choose(c, link, "another fine long passphrase", "another fine long passphrase");
	assert_int_equal(r.status, 404);
	http_response_free(&r);

	/* The old password no longer signs in; the new one does, both steps. */
	assert_int_not_equal(sign_in_full(w, c, U_TEACHER_A, world_password), 303);
	assert_int_equal(sign_in_full(w, c, U_TEACHER_A, new_password), 303);
	r = http_get(c, "/");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Tess Teacher"));
	http_response_free(&r);

	assert_int_equal(http_client_leaks(c), 0);
	free(link);
	free(mail);
	http_client_free(c);
	http_client_free(other);
}

static void test_unknown_same_answer(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U__MAX);
	char *known = NULL, *unknown = NULL, *no_mail = NULL, *mail;

	assert_int_equal(forgot(w, c, "nobody.here", &unknown), 200);
	assert_int_equal(outbox_count(w), 0);
	assert_int_equal(forgot(w, c, "bea.b", &no_mail), 200); /* no e-mail address */
	assert_int_equal(outbox_count(w), 0);
	assert_int_equal(forgot(w, c, "tess.a", &known), 200);
	assert_int_equal(outbox_count(w), 1);
	assert_string_equal(known, unknown);
	assert_string_equal(known, no_mail);
	free(outbox_take(w));

	/* An e-mail address works too, in any case. */
	assert_int_equal(forgot(w, c, "TESS@Alder.example", NULL), 200);
	mail = outbox_take(w);
	assert_non_null(strstr(mail, "To: <tess@alder.example>\r\n"));
	free(mail);
	assert_int_equal(forgot(w, c, "nobody@alder.example", NULL), 200);
	assert_int_equal(outbox_count(w), 0);

	free(known);
	free(unknown);
	free(no_mail);
	http_client_free(c);
}

static void test_expired_and_replaced_links(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U__MAX);
	struct http_response r;
	char *mail, *first, *second;

	assert_int_equal(forgot(w, c, "tess.a", NULL), 200);
	mail = outbox_take(w);
	first = mail_link(mail);
	free(mail);
	assert_int_equal(forgot(w, c, "tess.a", NULL), 200);
	mail = outbox_take(w);
	second = mail_link(mail);
	free(mail);

	/* A newer link replaces the older one. */
	r = http_get(c, first);
	assert_int_equal(r.status, 404);
	http_response_free(&r);

	/* A "forgot" link works for an hour. */
	world_advance(w, RESET_FORGOT_SECONDS - 60);
	r = http_get(c, second);
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	world_advance(w, 61);
	r = http_get(c, second);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	r = choose(c, second, new_password, new_password);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	/* Nothing changed: the old password still signs in. */
	assert_int_equal(sign_in_full(w, c, U_TEACHER_A, world_password), 303);

	/* Made-up and malformed tokens get the same page. */
	r = http_get(c,
		     "/reset-password?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	r = http_get(c, "/reset-password");
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	free(first);
	free(second);
	http_client_free(c);
}

static void test_admin_and_welcome_links(void **state)
{
	struct world *w = *state;
	struct store_conn *db = store_acquire(w->app->store);
	struct actor admin = { w->user[U_ADMIN_A].id, "adam.a", "127.0.0.1" };
	struct http_client *c = world_client(w, U__MAX);
	struct errbuf eb = { "" };
	struct http_response r;
	struct user u;
	char *mail, *link;

	/* No e-mail address, or a disabled account: refused, nothing sent. */
	assert_int_equal(reset_send(w->app, db, &admin, &w->user[U_TEACHER_B], RESET_ADMIN, &eb),
			 ERR_INVALID);
	assert_non_null(strstr(eb.msg, "e-mail"));
	u = w->user[U_TEACHER_A];
	u.disabled = true;
	assert_int_equal(reset_send(w->app, db, &admin, &u, RESET_ADMIN, &eb), ERR_INVALID);
	assert_int_equal(outbox_count(w), 0);

	/* An admin's reset: a link for 24 hours. */
	assert_int_equal(reset_send(w->app, db, &admin, &w->user[U_TEACHER_A], RESET_ADMIN, &eb),
			 ERR_OK);
	mail = outbox_take(w);
	assert_non_null(strstr(mail, "Subject: Choose a new pupiltrack password\r\n"));
	assert_non_null(strstr(mail, "24 hours"));
	link = mail_link(mail);
	free(mail);
	world_advance(w, RESET_ADMIN_SECONDS - 3600);
	r = http_get(c, link);
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	world_advance(w, 3600);
	r = http_get(c, link);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	free(link);

	/* The welcome of a new user: 72 hours; it replaces the one-time password. */
	assert_int_equal(reset_send(w->app, db, &admin, &w->user[U_NEWBIE_A], RESET_WELCOME, &eb),
			 ERR_OK);
	store_release(db);
	mail = outbox_take(w);
	assert_non_null(strstr(mail, "Subject: Welcome to pupiltrack\r\n"));
	assert_non_null(strstr(mail, "nat.new"));
	link = mail_link(mail);
	free(mail);
	world_advance(w, RESET_WELCOME_SECONDS - 3600);
	r = choose(c, link, new_password, new_password);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Your password has been changed"));
	http_response_free(&r);
	db = store_acquire(w->app->store);
	assert_int_equal(store_user_get(db, w->user[U_NEWBIE_A].id, &u), ERR_OK);
	store_release(db);
	assert_false(u.must_change_password);
	assert_true(account_password_verify(&u, new_password, &(bool){ false }));
	assert_false(account_password_verify(&u, world_password, &(bool){ false }));
	assert_int_equal(audit_count(w, "user.reset-sent"), 2);
	assert_int_equal(audit_count(w, "user.reset-used"), 1);
	free(link);
	http_client_free(c);
}

static void test_throttled(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U__MAX);
	char *body = NULL;
	int i;

	/* Three links per account per hour; more requests send nothing. */
	for (i = 0; i < RESET_PER_USER_MAX + 2; i++)
		assert_int_equal(forgot(w, c, "tess.a", NULL), 200);
	assert_int_equal(outbox_count(w), RESET_PER_USER_MAX);
	assert_int_equal(audit_count(w, "user.reset-throttled"), 2);
	/* Ten requests per address per 15 minutes; then a clear refusal. */
	for (; i < RESET_PER_IP_MAX; i++)
		assert_int_equal(forgot(w, c, "nobody.here", NULL), 200);
	assert_int_equal(forgot(w, c, "nobody.here", &body), 429);
	assert_non_null(strstr(body, "too many requests"));
	free(body);
	/* Later, both work again. */
	world_advance(w, RESET_PER_USER_SECONDS + 1);
	assert_int_equal(forgot(w, c, "tess.a", NULL), 200);
	assert_int_equal(outbox_count(w), RESET_PER_USER_MAX + 1);
	http_client_free(c);
}

static void test_csrf_refused(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U__MAX);
	struct http_response r;

	r = http_post_form(c, "/forgot-password", "name=tess.a");
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	r = http_post_form(c, "/forgot-password", "name=tess.a&csrf=00");
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	assert_int_equal(outbox_count(w), 0);
	http_client_free(c);
}

/* The seconds-left attribute of a page body; -1 when none. */
static long body_seconds(const char *html)
{
	const char *p = strstr(html, "data-session-seconds=\"");
	return p ? strtol(p + 22, NULL, 10) : -1;
}

static struct http_response extend(struct http_client *c, const char *csrf)
{
	char hdr[160];
	const char *headers[] = { hdr, NULL };

	snprintf(hdr, sizeof(hdr), "X-CSRF-Token: %s", csrf ? csrf : "");
	return http_request(c, "POST", "/session/extend", csrf ? headers : NULL, NULL, "", 0);
}

static void test_session_extend(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_TEACHER_A);
	struct http_response r;
	char *csrf;

	r = http_get(c, "/sign-in");
	assert_int_equal(body_seconds(r.body), -1); /* not signed in: no timer */
	http_response_free(&r);
	assert_int_equal(sign_in_full(w, c, U_TEACHER_A, world_password), 303);
	r = http_get(c, "/");
	assert_int_equal(body_seconds(r.body), 3600);
	csrf = http_form_value(r.body, "csrf");
	http_response_free(&r);

	/* At 55 minutes idle the page would warn; "Stay signed in" answers 60 min. */
	world_advance(w, 55 * 60);
	r = extend(c, NULL);
	assert_int_equal(r.status, 403); /* no CSRF token */
	http_response_free(&r);
	r = extend(c, csrf);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"seconds_left\":3600"));
	http_response_free(&r);
	/* It counted as activity: 59 more minutes and the session lives. */
	world_advance(w, 59 * 60);
	r = http_get(c, "/");
	assert_int_equal(r.status, 200);
	assert_int_equal(body_seconds(r.body), 3600);
	http_response_free(&r);

	/* Near the absolute limit of 12 hours, the time left is what remains. */
	for (int i = 0; i < 10; i++) {
		world_advance(w, 59 * 60);
		r = extend(c, csrf);
		assert_int_equal(r.status, 200);
		http_response_free(&r);
	}
	world_advance(w, 15 * 60);
	r = extend(c, csrf);
	assert_int_equal(r.status, 200);
	/* 12 h - (55 + 59 + 10 x 59 + 15) min = 1 minute */
	assert_non_null(strstr(r.body, "\"seconds_left\":60"));
	http_response_free(&r);
	world_advance(w, 61);
	r = extend(c, csrf);
	assert_int_not_equal(r.status, 200);
	http_response_free(&r);
	free(csrf);

	/* After 60 idle minutes "Stay signed in" is too late. */
	assert_int_equal(sign_in_full(w, c, U_TEACHER_A, world_password), 303);
	r = http_get(c, "/");
	csrf = http_form_value(r.body, "csrf");
	http_response_free(&r);
	world_advance(w, 60 * 60 + 1);
	r = extend(c, csrf);
	assert_int_not_equal(r.status, 200);
	http_response_free(&r);
	r = http_get(c, "/");
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	free(csrf);
	http_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_forgot_journey, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_same_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expired_and_replaced_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_admin_and_welcome_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csrf_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_extend, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
