/*
 * sha1: a plain SHA-1 after FIPS 180-4 and HMAC after RFC 2104 (see sha1.h).
 * Intermediate secrets (key pads, state) are wiped before returning.
 */
#include "base/sha1.h"

#include <string.h>

static uint32_t rol(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

/* Clears memory in a way the compiler may not drop. */
static void wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;
	while (n--)
		*v++ = 0;
}

static void block(struct sha1 *s, const unsigned char *p)
{
	uint32_t w[80], a, b, c, d, e, t;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (int i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = s->h[0];
	b = s->h[1];
	c = s->h[2];
	d = s->h[3];
	e = s->h[4];
	for (int i = 0; i < 80; i++) {
		uint32_t f, k;
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5A827999u;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ED9EBA1u;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8F1BBCDCu;
		} else {
			f = b ^ c ^ d;
			k = 0xCA62C1D6u;
		}
		t = rol(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol(b, 30);
		b = a;
		a = t;
	}
	s->h[0] += a;
	s->h[1] += b;
	s->h[2] += c;
	s->h[3] += d;
	s->h[4] += e;
	wipe(w, sizeof(w));
}

void sha1_init(struct sha1 *s)
{
	static const uint32_t iv[5] = { 0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u,
					0xC3D2E1F0u };
	memset(s, 0, sizeof(*s));
	memcpy(s->h, iv, sizeof(iv));
}

void sha1_update(struct sha1 *s, const void *data, size_t n)
{
	const unsigned char *p = data;

	s->bytes += n;
	while (n > 0) {
		size_t take = SHA1_BLOCK - s->used;
		if (take > n)
			take = n;
		memcpy(s->buf + s->used, p, take);
		s->used += take;
		p += take;
		n -= take;
		if (s->used == SHA1_BLOCK) {
			block(s, s->buf);
			s->used = 0;
		}
	}
}

void sha1_final(struct sha1 *s, unsigned char out[SHA1_DIGEST])
{
	uint64_t bits = s->bytes * 8;
	unsigned char len[8];

	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_update(s, "\x80", 1);
	while (s->used != SHA1_BLOCK - 8)
		sha1_update(s, "", 1); /* one zero byte (the string's terminator) */
	sha1_update(s, len, 8);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(s->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)s->h[i];
	}
	wipe(s, sizeof(*s));
}

void sha1(const void *data, size_t n, unsigned char out[SHA1_DIGEST])
{
	struct sha1 s;

	sha1_init(&s);
	sha1_update(&s, data, n);
	sha1_final(&s, out);
}

void hmac_sha1(const void *key, size_t key_len, const void *msg, size_t msg_len,
	       unsigned char out[SHA1_DIGEST])
{
	unsigned char k[SHA1_BLOCK], pad[SHA1_BLOCK], inner[SHA1_DIGEST];
	struct sha1 s;

	memset(k, 0, sizeof(k));
	if (key_len > SHA1_BLOCK)
		sha1(key, key_len, k);
	else if (key_len > 0)
		memcpy(k, key, key_len);
	for (int i = 0; i < SHA1_BLOCK; i++)
		pad[i] = k[i] ^ 0x36;
	sha1_init(&s);
	sha1_update(&s, pad, sizeof(pad));
	sha1_update(&s, msg, msg_len);
	sha1_final(&s, inner);
	for (int i = 0; i < SHA1_BLOCK; i++)
		pad[i] = k[i] ^ 0x5c;
	sha1_init(&s);
	sha1_update(&s, pad, sizeof(pad));
	sha1_update(&s, inner, sizeof(inner));
	sha1_final(&s, out);
	wipe(k, sizeof(k));
	wipe(pad, sizeof(pad));
	wipe(inner, sizeof(inner));
}
