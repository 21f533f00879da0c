/*
 * test_totp: the RFC 6238 appendix B vectors (SHA-1), the acceptance window,
 * refusing a code that was used already, base32 secrets and the otpauth URI; and
 * account.c's use of them: the secret sealed with the server key, the signed
 * set-up offer, the digit positions asked.
 */
#include "testutil/testutil.h"

#include <string.h>

#include "app/account.h"
#include "app/app.h"
#include "app/totp.h"

static const unsigned char rfc_key[] = "12345678901234567890";

static void test_rfc6238_vectors(void **state)
{
	static const struct {
		int64_t t;
		const char *code;
	} v[] = {
		{ 59, "94287082" },	    { 1111111109, "07081804" }, { 1111111111, "14050471" },
		{ 1234567890, "89005924" }, { 2000000000, "69279037" }, { 20000000000, "65353130" },
	};
	char out[9];

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		totp_code(rfc_key, 20, totp_step(v[i].t), 8, out);
		assert_string_equal(out, v[i].code);
		/* The 6-digit code is the last 6 digits of the 8-digit one. */
		totp_code(rfc_key, 20, totp_step(v[i].t), 6, out);
		assert_string_equal(out, v[i].code + 2);
	}
}

static void test_window_and_replay(void **state)
{
	const int64_t now = 1111111111;
	char code[7];
	int64_t step = 0;

	(void)state;
	totp_code(rfc_key, 20, totp_step(now), 6, code);
	assert_true(totp_verify(rfc_key, 20, now, code, 0, &step));
	assert_int_equal(step, totp_step(now));
	/* Used once: the same step is refused afterwards. */
	assert_false(totp_verify(rfc_key, 20, now, code, step, &step));
	/* One step of drift either way is accepted, two are not. */
	totp_code(rfc_key, 20, totp_step(now) - 1, 6, code);
	assert_true(totp_verify(rfc_key, 20, now, code, 0, NULL));
	totp_code(rfc_key, 20, totp_step(now) + 1, 6, code);
	assert_true(totp_verify(rfc_key, 20, now, code, 0, NULL));
	totp_code(rfc_key, 20, totp_step(now) - 2, 6, code);
	assert_false(totp_verify(rfc_key, 20, now, code, 0, NULL));
	totp_code(rfc_key, 20, totp_step(now) + 2, 6, code);
	assert_false(totp_verify(rfc_key, 20, now, code, 0, NULL));
	/* An older code is refused once a later one was used. */
	totp_code(rfc_key, 20, totp_step(now) - 1, 6, code);
	assert_false(totp_verify(rfc_key, 20, now, code, totp_step(now), NULL));
	/* Not six digits. */
	assert_false(totp_verify(rfc_key, 20, now, "12345", 0, NULL));
	assert_false(totp_verify(rfc_key, 20, now, "12345a", 0, NULL));
	assert_false(totp_verify(rfc_key, 20, now, "", 0, NULL));
	assert_false(totp_verify(rfc_key, 20, now, NULL, 0, NULL));
}

static void test_secret_base32(void **state)
{
	char text[TOTP_SECRET_TEXT + 1], other[TOTP_SECRET_TEXT + 1];
	unsigned char key[64];

	(void)state;
	/* RFC 4648 section 10: "foobar" is MZXW6YTBOI. */
	assert_int_equal(totp_secret_decode("MZXW6YTBOI", key, sizeof(key)), 6);
	assert_memory_equal(key, "foobar", 6);
	assert_int_equal(totp_secret_decode("mzxw 6ytb oi", key, sizeof(key)), 6);
	assert_int_equal(totp_secret_decode("MZXW1", key, sizeof(key)), 0);
	assert_int_equal(totp_secret_decode("MZXW6YTBOI", key, 3), 0);
	/* The RFC key, as apps are given it. */
	assert_int_equal(totp_secret_decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", key, sizeof(key)),
			 20);
	assert_memory_equal(key, rfc_key, 20);
	totp_secret_new(text);
	totp_secret_new(other);
	assert_int_equal(strlen(text), TOTP_SECRET_TEXT);
	assert_string_not_equal(text, other);
	assert_int_equal(totp_secret_decode(text, key, sizeof(key)), TOTP_SECRET_BYTES);
}

static void test_uri(void **state)
{
	char uri[300], tiny[20];

	(void)state;
	assert_true(totp_uri("lee.la@example", "GEZDGNBV", uri, sizeof(uri)));
	assert_string_equal(uri, "otpauth://totp/pupiltrack:lee.la%40example?secret=GEZDGNBV&"
				 "issuer=pupiltrack&algorithm=SHA1&digits=6&period=30");
	assert_false(totp_uri("lee.la", "GEZDGNBV", tiny, sizeof(tiny)));
}

/* The secret as stored: encrypted with the server key, usable only with it. */
static void test_account_sealed_secret(void **state)
{
	static const char secret[] = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
	struct app a, other;
	struct user u;
	char code[7];
	int64_t step = 0;
	const int64_t now = 1750000000;
	struct errbuf eb = { "" };

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&other, 0, sizeof(other));
	memset(&u, 0, sizeof(u));
	memset(a.key, 7, sizeof(a.key));
	memset(other.key, 8, sizeof(other.key));
	assert_false(account_totp_on(&u));
	assert_int_equal(account_totp_set(&a, &u, "not base32!", &eb), ERR_INVALID);
	assert_int_equal(account_totp_set(&a, &u, secret, &eb), ERR_OK);
	assert_true(account_totp_on(&u));
	assert_null(strstr(u.totp_secret, secret));
	assert_null(strstr(u.totp_secret, "gezdgnbv"));
	totp_code(rfc_key, 20, totp_step(now), 6, code);
	assert_true(account_totp_verify(&a, &u, now, code, &step));
	assert_int_equal(step, totp_step(now));
	/* As apps show it, "123 456". */
	{
		char spaced[8] = { code[0], code[1], code[2], ' ', code[3], code[4], code[5], 0 };
		assert_true(account_totp_verify(&a, &u, now, spaced, NULL));
	}
	assert_false(account_totp_verify(&other, &u, now, code, NULL));
	assert_int_equal(account_totp_set(&a, &u, NULL, &eb), ERR_OK);
	assert_false(account_totp_on(&u));
	assert_false(account_totp_verify(&a, &u, now, code, NULL));
}

static void test_account_offer_signature(void **state)
{
	struct app a;
	char sig[65];

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(a.key, 3, sizeof(a.key));
	account_totp_offer_sign(&a, 12, "GEZDGNBV", 2000, sig);
	assert_true(account_totp_offer_check(&a, 12, "GEZDGNBV", 2000, sig, 1999));
	assert_false(account_totp_offer_check(&a, 12, "GEZDGNBV", 2000, sig, 2000));
	assert_false(account_totp_offer_check(&a, 13, "GEZDGNBV", 2000, sig, 1000));
	assert_false(account_totp_offer_check(&a, 12, "GEZDGNBW", 2000, sig, 1000));
	assert_false(account_totp_offer_check(&a, 12, "GEZDGNBV", 2001, sig, 1000));
}

static void test_account_digit_positions(void **state)
{
	struct app a;
	struct user u;
	int p[2], q[2];

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(a.key, 5, sizeof(a.key));
	memset(&u, 0, sizeof(u));
	/* Decoys for unknown names: stable, case-insensitive, two different digits. */
	account_security_code_decoy(&a, "nobody", p);
	account_security_code_decoy(&a, "NoBody", q);
	assert_int_equal(p[0], q[0]);
	assert_int_equal(p[1], q[1]);
	assert_true(p[0] >= 1 && p[0] < p[1] && p[1] <= SECURITY_CODE_DIGITS);
	/* After a success the pair always changes. */
	account_security_code_pick(&u);
	for (int i = 0; i < 50; i++) {
		int old0 = u.sc_pos[0], old1 = u.sc_pos[1];
		account_security_code_repick(&u);
		assert_false(u.sc_pos[0] == old0 && u.sc_pos[1] == old1);
		assert_true(u.sc_pos[0] >= 1 && u.sc_pos[0] < u.sc_pos[1] &&
			    u.sc_pos[1] <= SECURITY_CODE_DIGITS);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc6238_vectors),
		cmocka_unit_test(test_window_and_replay),
		cmocka_unit_test(test_secret_base32),
		cmocka_unit_test(test_uri),
		cmocka_unit_test(test_account_sealed_secret),
		cmocka_unit_test(test_account_offer_signature),
		cmocka_unit_test(test_account_digit_positions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
