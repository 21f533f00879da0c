/*
 * test_sha1: SHA-1 against the RFC 3174 test vectors (including the million 'a's)
 * and HMAC-SHA1 against the RFC 2202 test cases.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <string.h>

#include "base/sha1.h"

static void hex(const unsigned char *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void check_sha1(const char *msg, size_t repeat, const char *want)
{
	unsigned char d[SHA1_DIGEST];
	char got[2 * SHA1_DIGEST + 1];
	struct sha1 s;

	sha1_init(&s);
	for (size_t i = 0; i < repeat; i++)
		sha1_update(&s, msg, strlen(msg));
	sha1_final(&s, d);
	hex(d, sizeof(d), got);
	assert_string_equal(got, want);
}

static void test_rfc3174(void **state)
{
	(void)state;
	check_sha1("abc", 1, "a9993e364706816aba3e25717850c26c9cd0d89d");
	check_sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
		   "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	check_sha1("a", 1000000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	check_sha1("0123456701234567012345670123456701234567012345670123456701234567", 10,
		   "dea356a2cddd90c7a7ecedc5ebb563934f460452");
	check_sha1("", 1, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

static void test_one_shot_matches_streaming(void **state)
{
	unsigned char a[SHA1_DIGEST], b[SHA1_DIGEST];
	char msg[200];
	struct sha1 s;

	(void)state;
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (char)('a' + i % 26);
	/* Every split point, across block boundaries (55, 56, 63, 64 bytes). */
	for (size_t n = 0; n <= sizeof(msg); n += 1) {
		sha1(msg, n, a);
		sha1_init(&s);
		sha1_update(&s, msg, n / 3);
		sha1_update(&s, msg + n / 3, n - n / 3);
		sha1_final(&s, b);
		assert_memory_equal(a, b, SHA1_DIGEST);
	}
}

static void check_hmac(const void *key, size_t klen, const void *msg, size_t mlen, const char *want)
{
	unsigned char d[SHA1_DIGEST];
	char got[2 * SHA1_DIGEST + 1];

	hmac_sha1(key, klen, msg, mlen, d);
	hex(d, sizeof(d), got);
	assert_string_equal(got, want);
}

static void test_rfc2202(void **state)
{
	unsigned char k[80], m[50];

	(void)state;
	memset(k, 0x0b, 20);
	check_hmac(k, 20, "Hi There", 8, "b617318655057264e28bc0b6fb378c8ef146be00");
	check_hmac("Jefe", 4, "what do ya want for nothing?", 28,
		   "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
	memset(k, 0xaa, 20);
	memset(m, 0xdd, 50);
	check_hmac(k, 20, m, 50, "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
	for (int i = 0; i < 25; i++)
		k[i] = (unsigned char)(i + 1);
	memset(m, 0xcd, 50);
	check_hmac(k, 25, m, 50, "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
	memset(k, 0x0c, 20);
	check_hmac(k, 20, "Test With Truncation", 20, "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");
	memset(k, 0xaa, 80);
	check_hmac(k, 80, "Test Using Larger Than Block-Size Key - Hash Key First", 54,
		   "aa4ae5e15272d00e95705637ce8a3b55ed402112");
	check_hmac(k, 80,
		   "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data", 73,
		   "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3174),
		cmocka_unit_test(test_one_shot_matches_streaming),
		cmocka_unit_test(test_rfc2202),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
