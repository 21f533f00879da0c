/*
 * test_account: password rules (lengths counted in characters, the common list,
 * the username), argon2id hashing, one-time passwords, security codes under the
 * server key, tokens and account_create's scope rules, on the PT_DB backend.
 */
#include "testutil/testutil.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/account.h"
#include "app/app.h"
#include "app/totp.h"
#include "base/xalloc.h"
#include "store/store.h"

#include "app_world.h"

struct fixture {
	struct app *app;
	struct store_conn *conn;
	int64_t clock;		     /* what app_now returns */
	struct la la;		     /* LA 888 */
	struct trust trust;	     /* "Test Trust" */
	struct establishment school; /* 8881234 */
};

static const struct actor tester = { 0, "test", "" };

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct errbuf eb = { "" };

	f->clock = 1760000000; /* October 2025 */
	f->app = tw_app_open("account", &f->clock, NULL);
	f->conn = store_acquire(f->app->store);

	f->la = tw_la(f->conn, &tester, 888, "Demo LA");
	snprintf(f->trust.name, sizeof(f->trust.name), "Test Trust");
	assert_int_equal(store_trust_add(f->conn, &tester, &f->trust, &eb), ERR_OK);
	f->school = tw_school(f->conn, &tester, f->la.id, 1234, 100001, "Demo Primary School");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	store_release(f->conn);
	app_free(f->app);
	free(f);
	return 0;
}

/* n copies of the UTF-8 character ch. */
static char *repeat(const char *ch, int n)
{
	size_t len = strlen(ch);
	char *s = xmalloc(len * (size_t)n + 1);

	for (int i = 0; i < n; i++)
		memcpy(s + len * (size_t)i, ch, len);
	s[len * (size_t)n] = '\0';
	return s;
}

static void expect_password(struct fixture *f, const char *user, const char *pw, enum err want,
			    const char *msg_part)
{
	struct errbuf eb = { "" };
	enum err got = account_password_check(f->app, user, pw, &eb);

	if (got != want || (msg_part && !strstr(eb.msg, msg_part)))
		fail_msg("password '%s': got %d '%s', want %d with '%s'", pw, got, eb.msg, want,
			 msg_part ? msg_part : "");
}

static void test_password_lengths(void **state)
{
	struct fixture *f = *state;
	char *s;

	expect_password(f, "alice", "", ERR_INVALID, "Enter a password");
	expect_password(f, "alice", "plum-otter-", ERR_INVALID, "at least 12");
	expect_password(f, "alice", "plum-otter-q", ERR_OK, NULL);
	/* 11 two-byte characters are 22 bytes but still too short; 12 are enough. */
	s = repeat("\xc3\xa9", 11);
	expect_password(f, "alice", s, ERR_INVALID, "11 characters");
	free(s);
	s = repeat("\xc3\xa9", 12);
	expect_password(f, "alice", s, ERR_OK, NULL);
	free(s);
	/* 11 ASCII and one 4-byte emoji: 12 characters. */
	expect_password(f, "alice", "otterlemon7\xf0\x9f\x90\xa7", ERR_OK, NULL);
	/* 128 three-byte characters (384 bytes) are allowed; 129 are not. */
	s = repeat("\xe2\x82\xac", 128);
	expect_password(f, "alice", s, ERR_OK, NULL);
	free(s);
	s = repeat("\xe2\x82\xac", 129);
	expect_password(f, "alice", s, ERR_INVALID, "at most 128");
	free(s);
	s = repeat("k", 128);
	expect_password(f, "alice", s, ERR_OK, NULL);
	free(s);
	s = repeat("k", 129);
	expect_password(f, "alice", s, ERR_INVALID, "too long");
	free(s);
}

static void test_password_rules(void **state)
{
	struct fixture *f = *state;

	/* The common list is compared without regard to case. */
	expect_password(f, "alice", "Password1234", ERR_INVALID, "most common passwords");
	expect_password(f, "alice", "qwertyuiopas", ERR_INVALID, "most common");
	expect_password(f, "alice", "ILOVEYOU1234", ERR_INVALID, "most common");
	expect_password(f, "alice", "123456789012", ERR_INVALID, "most common");
	expect_password(f, "alice", "summer2025!!", ERR_INVALID, "most common");
	expect_password(f, "alice", "1qaz2wsx3edc", ERR_INVALID, "most common");
	/* No composition rules: a long lower-case phrase is fine. */
	expect_password(f, "alice", "purple kettle on the stairs", ERR_OK, NULL);
	expect_password(f, "head.of.year1", "Head.Of.Year1", ERR_INVALID, "same as the username");
	expect_password(f, "alice", "tab\there-is-bad", ERR_INVALID, "tabs or line breaks");
	expect_password(f, "alice", "bad utf8 \xff\xfe here", ERR_INVALID, "not text");
}

static void test_password_hash(void **state)
{
	struct user u = { 0 };
	struct errbuf eb = { "" };
	bool rehash = true;

	(void)state;
	assert_int_equal(account_password_set(&u, "plum-otter-quay", &eb), ERR_OK);
	assert_memory_equal(u.pw_hash, "$argon2id$", 10);
	assert_true(account_password_verify(&u, "plum-otter-quay", &rehash));
	assert_false(rehash);
	assert_false(account_password_verify(&u, "plum-otter-quaY", NULL));
	assert_false(account_password_verify(&u, "", NULL));

	/* A hash made with weaker settings verifies and asks to be redone. */
	assert_int_equal(crypto_pwhash_str(u.pw_hash, "plum-otter-quay", 15,
					   crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN),
			 0);
	assert_true(account_password_verify(&u, "plum-otter-quay", &rehash));
	assert_true(rehash);

	u.pw_hash[0] = '\0';
	assert_false(account_password_verify(&u, "plum-otter-quay", &rehash));
	assert_false(rehash);
}

static void test_one_time_password(void **state)
{
	char a[17], b[17];

	(void)state;
	for (int k = 0; k < 200; k++) {
		account_one_time_password(a);
		assert_int_equal(strlen(a), 16);
		for (int i = 0; i < 16; i++) {
			assert_true((a[i] >= 'A' && a[i] <= 'Z') || (a[i] >= 'a' && a[i] <= 'z') ||
				    (a[i] >= '2' && a[i] <= '9'));
			assert_null(strchr("0O1lIo", a[i]));
		}
	}
	account_one_time_password(b);
	assert_string_not_equal(a, b);
}

static void test_security_code(void **state)
{
	struct fixture *f = *state;
	struct errbuf eb = { "" };
	struct user u = { 0 };
	char out[6];
	unsigned char saved[32];

	assert_int_equal(account_security_code_set(f->app, &u, "40617", &eb), ERR_OK);
	assert_int_equal(u.sc_enc_len, 24 + 16 + 5);
	for (size_t i = 0; i + 5 <= sizeof(u.sc_enc); i++)
		assert_memory_not_equal(u.sc_enc + i, "40617", 5);
	assert_true(account_security_code_get(f->app, &u, out));
	assert_string_equal(out, "40617");

	u.sc_pos[0] = 2;
	u.sc_pos[1] = 4;
	assert_true(account_security_code_check(f->app, &u, '0', '1'));
	assert_false(account_security_code_check(f->app, &u, '1', '0'));
	assert_false(account_security_code_check(f->app, &u, '0', '2'));
	u.sc_pos[0] = 0;
	assert_false(account_security_code_check(f->app, &u, '4', '1'));
	u.sc_pos[0] = 4;
	u.sc_pos[1] = 4;
	assert_false(account_security_code_check(f->app, &u, '1', '1'));
	u.sc_pos[0] = 1;
	u.sc_pos[1] = 5;
	assert_true(account_security_code_check(f->app, &u, '4', '7'));

	/* Tampering with any byte, or another server key, is detected. */
	for (int i = 0; i < u.sc_enc_len; i++) {
		u.sc_enc[i] ^= 0x01;
		assert_false(account_security_code_get(f->app, &u, out));
		assert_string_equal(out, "");
		assert_false(account_security_code_check(f->app, &u, '4', '7'));
		u.sc_enc[i] ^= 0x01;
	}
	memcpy(saved, f->app->key, 32);
	f->app->key[0] ^= 0x80;
	assert_false(account_security_code_get(f->app, &u, out));
	memcpy(f->app->key, saved, 32);
	assert_true(account_security_code_get(f->app, &u, out));
	u.sc_enc_len = 0;
	assert_false(account_security_code_get(f->app, &u, out));

	/* Two encryptions of one code differ (random nonce). */
	{
		struct user v = { 0 };
		assert_int_equal(account_security_code_set(f->app, &u, "40617", &eb), ERR_OK);
		assert_int_equal(account_security_code_set(f->app, &v, "40617", &eb), ERR_OK);
		assert_memory_not_equal(u.sc_enc, v.sc_enc, (size_t)u.sc_enc_len);
	}

	assert_int_equal(account_security_code_set(f->app, &u, "4061", &eb), ERR_INVALID);
	assert_int_equal(account_security_code_set(f->app, &u, "406172", &eb), ERR_INVALID);
	assert_int_equal(account_security_code_set(f->app, &u, "40a17", &eb), ERR_INVALID);
	assert_non_null(strstr(eb.msg, "5 digits"));
}

static void test_security_code_pick(void **state)
{
	struct user u = { 0 };
	bool seen[6][6] = { { false } };
	int pairs = 0;

	(void)state;
	for (int k = 0; k < 500; k++) {
		account_security_code_pick(&u);
		assert_in_range(u.sc_pos[0], 1, 5);
		assert_in_range(u.sc_pos[1], 1, 5);
		assert_true(u.sc_pos[0] < u.sc_pos[1]);
		seen[u.sc_pos[0]][u.sc_pos[1]] = true;
	}
	for (int i = 1; i <= 5; i++)
		for (int j = i + 1; j <= 5; j++)
			pairs += seen[i][j];
	assert_int_equal(pairs, 10);
}

static void test_token_form(void **state)
{
	char text[TOKEN_TEXT_LEN + 1], other[TOKEN_TEXT_LEN + 1], bad[TOKEN_TEXT_LEN + 2];
	unsigned char hash[32], again[32], sha[32];

	(void)state;
	account_token_new(text, hash);
	assert_int_equal(strlen(text), TOKEN_TEXT_LEN);
	assert_int_equal(strspn(text, "abcdefghijklmnopqrstuvwxyz234567"), TOKEN_TEXT_LEN);
	assert_true(account_token_hash(text, again));
	assert_memory_equal(hash, again, 32);
	crypto_hash_sha256(sha, (const unsigned char *)text, TOKEN_TEXT_LEN);
	assert_memory_equal(hash, sha, 32);
	account_token_new(other, again);
	assert_string_not_equal(text, other);

	assert_false(account_token_hash(NULL, again));
	assert_false(account_token_hash("", again));
	memcpy(bad, text, sizeof(text));
	bad[TOKEN_TEXT_LEN - 1] = '\0';
	assert_false(account_token_hash(bad, again)); /* 51 characters */
	memcpy(bad, text, TOKEN_TEXT_LEN);
	bad[TOKEN_TEXT_LEN] = 'a';
	bad[TOKEN_TEXT_LEN + 1] = '\0';
	assert_false(account_token_hash(bad, again)); /* 53 characters */
	memcpy(bad, text, sizeof(text));
	bad[3] = 'A';
	assert_false(account_token_hash(bad, again)); /* upper case */
	bad[3] = '1';
	assert_false(account_token_hash(bad, again)); /* not base32 */
	memcpy(bad, text, sizeof(text));
	bad[TOKEN_TEXT_LEN - 1] = 'b'; /* a padding bit set: not canonical */
	assert_false(account_token_hash(bad, again));
	bad[TOKEN_TEXT_LEN - 1] = 'q'; /* value 16: the one data bit */
	assert_true(account_token_hash(bad, again));
}

static enum err create(struct fixture *f, const char *username, enum role role, int64_t estab,
		       int64_t la, int64_t trust, const char *pw, struct user *u, char otp[17],
		       char code[6], struct errbuf *eb)
{
	memset(u, 0, sizeof(*u));
	snprintf(u->username, sizeof(u->username), "%s", username);
	u->role = role;
	u->establishment_id = estab;
	u->la_id = la;
	u->trust_id = trust;
	return account_create(f->app, f->conn, &tester, u, pw, NULL, otp, code, eb);
}

static void test_create_scopes(void **state)
{
	struct fixture *f = *state;
	int64_t e = f->school.id, la = f->la.id, t = f->trust.id;
	char otp[17], code[6];
	struct errbuf eb = { "" };
	struct user u;
	static const char pw[] = "plum-otter-quay";

	assert_int_equal(create(f, "t1", ROLE_TEACHER, 0, 0, 0, pw, &u, otp, code, &eb),
			 ERR_INVALID);
	assert_non_null(strstr(eb.msg, "one school"));
	assert_int_equal(create(f, "t1", ROLE_TEACHER, e, la, 0, pw, &u, otp, code, &eb),
			 ERR_INVALID);
	assert_int_equal(create(f, "t1", ROLE_TEACHER, 999999, 0, 0, pw, &u, otp, code, &eb),
			 ERR_INVALID);
	assert_non_null(strstr(eb.msg, "does not exist"));
	assert_int_equal(create(f, "t1", ROLE_TEACHER, e, 0, 0, pw, &u, otp, code, &eb), ERR_OK);
	assert_int_equal(create(f, "a1", ROLE_SCHOOL_ADMIN, 0, 0, t, pw, &u, otp, code, &eb),
			 ERR_INVALID);
	assert_int_equal(create(f, "a1", ROLE_SCHOOL_ADMIN, e, 0, 0, pw, &u, otp, code, &eb),
			 ERR_OK);
	assert_int_equal(create(f, "m1", ROLE_MAT_ADMIN, 0, 0, 0, pw, &u, otp, code, &eb),
			 ERR_INVALID);
	assert_non_null(strstr(eb.msg, "trust"));
	assert_int_equal(create(f, "m1", ROLE_MAT_ADMIN, e, 0, t, pw, &u, otp, code, &eb),
			 ERR_INVALID);
	assert_int_equal(create(f, "m1", ROLE_MAT_ADMIN, 0, 0, t, pw, &u, otp, code, &eb), ERR_OK);
	assert_int_equal(create(f, "l1", ROLE_LA_OFFICER, 0, 0, 0, pw, &u, otp, code, &eb),
			 ERR_INVALID);
	assert_non_null(strstr(eb.msg, "local authority"));
	assert_int_equal(create(f, "l1", ROLE_LA_OFFICER, 0, la, 0, pw, &u, otp, code, &eb),
			 ERR_OK);
	assert_int_equal(create(f, "s1", ROLE_SYSADMIN, 0, la, 0, pw, &u, otp, code, &eb),
			 ERR_INVALID);
	assert_int_equal(create(f, "s1", ROLE_SYSADMIN, 0, 0, 0, pw, &u, otp, code, &eb), ERR_OK);
	assert_int_equal(create(f, "x1", ROLE__MAX, 0, 0, 0, pw, &u, otp, code, &eb), ERR_INVALID);
}

static void test_create_fields(void **state)
{
	struct fixture *f = *state;
	int64_t e = f->school.id;
	char otp[17], code[6], got[6];
	char name64[USERNAME_MAX + 1];
	struct errbuf eb = { "" };
	struct user u, stored;
	bool rehash;

	/* Usernames: 1-64 of [A-Za-z0-9._@-]. */
	assert_int_equal(create(f, "", ROLE_TEACHER, e, 0, 0, NULL, &u, otp, code, &eb),
			 ERR_INVALID);
	assert_int_equal(create(f, "bad name", ROLE_TEACHER, e, 0, 0, NULL, &u, otp, code, &eb),
			 ERR_INVALID);
	assert_non_null(strstr(eb.msg, "no spaces"));
	assert_int_equal(create(f, "caf\xc3\xa9", ROLE_TEACHER, e, 0, 0, NULL, &u, otp, code, &eb),
			 ERR_INVALID);
	memset(name64, 'n', USERNAME_MAX);
	name64[USERNAME_MAX] = '\0';
	assert_int_equal(create(f, name64, ROLE_TEACHER, e, 0, 0, NULL, &u, otp, code, &eb),
			 ERR_OK);

	/* No password: a one-time password that expires in 72 hours. */
	assert_int_equal(create(f, "J.Smith@school-1", ROLE_TEACHER, e, 0, 0, NULL, &u, otp, code,
				&eb),
			 ERR_OK);
	assert_int_equal(strlen(otp), 16);
	assert_int_equal(strlen(code), 5);
	assert_int_equal(strspn(code, "0123456789"), 5);
	assert_int_equal(store_user_get_by_username(f->conn, "j.smith@school-1", &stored), ERR_OK);
	assert_true(stored.must_change_password);
	assert_int_equal(stored.pw_expires_at, f->clock + 72 * 3600);
	assert_int_equal(stored.created_at, f->clock);
	assert_string_equal(stored.display_name, "J.Smith@school-1");
	assert_true(account_password_verify(&stored, otp, &rehash));
	assert_true(account_security_code_get(f->app, &stored, got));
	assert_string_equal(got, code);

	/* Same username in another case: the store refuses. */
	assert_int_equal(create(f, "j.smith@SCHOOL-1", ROLE_TEACHER, e, 0, 0, NULL, &u, otp, code,
				&eb),
			 ERR_CONFLICT);

	/* A chosen password and code: no forced change, nothing generated. */
	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "k.jones");
	snprintf(u.display_name, sizeof(u.display_name), "Kay Jones");
	snprintf(u.email, sizeof(u.email), "k.jones@example.org");
	u.role = ROLE_TEACHER;
	u.establishment_id = e;
	assert_int_equal(account_create(f->app, f->conn, &tester, &u, "plum-otter-quay", "02468",
					otp, code, &eb),
			 ERR_OK);
	assert_string_equal(otp, "");
	assert_string_equal(code, "");
	assert_int_equal(store_user_get_by_username(f->conn, "k.jones", &stored), ERR_OK);
	assert_false(stored.must_change_password);
	assert_int_equal(stored.pw_expires_at, 0);
	assert_true(account_password_verify(&stored, "plum-otter-quay", NULL));
	assert_true(account_security_code_get(f->app, &stored, got));
	assert_string_equal(got, "02468");

	/* Weak password, bad code or bad email: refused and nothing stored. */
	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "weak.one");
	u.role = ROLE_TEACHER;
	u.establishment_id = e;
	assert_int_equal(account_create(f->app, f->conn, &tester, &u, "password1234", NULL, otp,
					code, &eb),
			 ERR_INVALID);
	assert_int_equal(account_create(f->app, f->conn, &tester, &u, "plum-otter-quay", "1234",
					otp, code, &eb),
			 ERR_INVALID);
	snprintf(u.email, sizeof(u.email), "not an email");
	assert_int_equal(account_create(f->app, f->conn, &tester, &u, NULL, NULL, otp, code, &eb),
			 ERR_INVALID);
	assert_int_equal(store_user_get_by_username(f->conn, "weak.one", &stored), ERR_NOT_FOUND);
}

static void test_api_tokens(void **state)
{
	struct fixture *f = *state;
	char otp[17], code[6], text[TOKEN_TEXT_LEN + 1], forever[TOKEN_TEXT_LEN + 1];
	char unknown[TOKEN_TEXT_LEN + 1];
	unsigned char hash[32];
	struct errbuf eb = { "" };
	struct user u, who;
	int64_t start = f->clock;

	assert_int_equal(create(f, "api.user", ROLE_LA_OFFICER, 0, f->la.id, 0, NULL, &u, otp, code,
				&eb),
			 ERR_OK);
	assert_int_equal(store_user_get_by_username(f->conn, "api.user", &u), ERR_OK);
	assert_int_equal(account_api_token_create(f->app, f->conn, &tester, u.id, 30, text, &eb),
			 ERR_OK);
	assert_int_equal(strlen(text), TOKEN_TEXT_LEN);
	assert_int_equal(account_api_token_create(f->app, f->conn, &tester, u.id, 0, forever, &eb),
			 ERR_OK);
	assert_int_equal(account_api_token_user(f->app, f->conn, text, &who), ERR_OK);
	assert_string_equal(who.username, "api.user");
	assert_int_equal(account_api_token_user(f->app, f->conn, "not-a-token", &who),
			 ERR_NOT_FOUND);
	account_token_new(unknown, hash);
	assert_int_equal(account_api_token_user(f->app, f->conn, unknown, &who), ERR_NOT_FOUND);

	f->clock = start + 30 * 86400 - 1;
	assert_int_equal(account_api_token_user(f->app, f->conn, text, &who), ERR_OK);
	f->clock = start + 30 * 86400;
	assert_int_equal(account_api_token_user(f->app, f->conn, text, &who), ERR_DENIED);
	f->clock = start + 3000 * 86400LL;
	assert_int_equal(account_api_token_user(f->app, f->conn, forever, &who), ERR_OK);

	/* Where LA officers must use an authenticator app, the token waits for it. */
	f->app->cfg.require_totp_admins = true;
	assert_int_equal(account_api_token_user(f->app, f->conn, forever, &who), ERR_LOCKED);
	{
		char secret[TOTP_SECRET_TEXT + 1];
		totp_secret_new(secret);
		assert_int_equal(account_totp_set(f->app, &u, secret, &eb), ERR_OK);
		assert_int_equal(store_user_update(f->conn, &tester, &u, &eb), ERR_OK);
	}
	assert_int_equal(account_api_token_user(f->app, f->conn, forever, &who), ERR_OK);
	f->app->cfg.require_totp_admins = false;

	u.disabled = true;
	assert_int_equal(store_user_update(f->conn, &tester, &u, &eb), ERR_OK);
	assert_int_equal(account_api_token_user(f->app, f->conn, forever, &who), ERR_DENIED);
	assert_int_equal(account_api_token_create(f->app, f->conn, &tester, u.id, 30, text, &eb),
			 ERR_INVALID);
	assert_string_equal(text, "");

	assert_int_equal(account_api_token_create(f->app, f->conn, &tester, u.id, -1, text, &eb),
			 ERR_INVALID);
	assert_int_equal(account_api_token_create(f->app, f->conn, &tester, u.id, 3651, text, &eb),
			 ERR_INVALID);
	assert_int_equal(account_api_token_create(f->app, f->conn, &tester, 999999, 1, text, &eb),
			 ERR_INVALID);
	f->clock = start;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_lengths), cmocka_unit_test(test_password_rules),
		cmocka_unit_test(test_password_hash),	 cmocka_unit_test(test_one_time_password),
		cmocka_unit_test(test_security_code),	 cmocka_unit_test(test_security_code_pick),
		cmocka_unit_test(test_token_form),	 cmocka_unit_test(test_create_scopes),
		cmocka_unit_test(test_create_fields),	 cmocka_unit_test(test_api_tokens),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
