/*
 * totp: RFC 6238 codes with base/sha1's HMAC-SHA1 (see totp.h). Secrets and
 * intermediate values are wiped after use.
 */
#include "app/totp.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/sha1.h"
#include "base/xalloc.h"

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int64_t totp_step(int64_t t)
{
	return t >= 0 ? t / TOTP_STEP_SECONDS : (t - TOTP_STEP_SECONDS + 1) / TOTP_STEP_SECONDS;
}

void totp_code(const unsigned char *key, size_t key_len, int64_t step, int digits, char *out)
{
	unsigned char msg[8], mac[SHA1_DIGEST];
	uint32_t bin, mod = 1;
	int off;

	if (digits < 6 || digits > 8)
		digits = TOTP_DIGITS;
	for (int i = 0; i < 8; i++)
		msg[i] = (unsigned char)((uint64_t)step >> (56 - 8 * i));
	hmac_sha1(key, key_len, msg, sizeof(msg), mac);
	off = mac[SHA1_DIGEST - 1] & 0x0f;
	bin = (uint32_t)(mac[off] & 0x7f) << 24 | (uint32_t)mac[off + 1] << 16 |
	      (uint32_t)mac[off + 2] << 8 | (uint32_t)mac[off + 3];
	for (int i = 0; i < digits; i++)
		mod *= 10;
	bin %= mod;
	for (int i = digits - 1; i >= 0; i--) {
		out[i] = (char)('0' + bin % 10);
		bin /= 10;
	}
	out[digits] = '\0';
	sodium_memzero(mac, sizeof(mac));
}

bool totp_verify(const unsigned char *key, size_t key_len, int64_t now, const char *code,
		 int64_t last_step, int64_t *step)
{
	char want[TOTP_DIGITS + 1], got[TOTP_DIGITS + 1];
	int64_t base = totp_step(now), found = 0;
	bool ok = false;

	if (!code || strlen(code) != TOTP_DIGITS)
		return false;
	for (int i = 0; i < TOTP_DIGITS; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	memcpy(got, code, sizeof(got));
	/* Every candidate is computed and compared, so the time does not say which. */
	for (int64_t s = base - TOTP_WINDOW; s <= base + TOTP_WINDOW; s++) {
		bool match;
		totp_code(key, key_len, s, TOTP_DIGITS, want);
		match = sodium_memcmp(want, got, TOTP_DIGITS) == 0;
		if (match && s > last_step && !ok) {
			ok = true;
			found = s;
		}
	}
	sodium_memzero(want, sizeof(want));
	sodium_memzero(got, sizeof(got));
	if (ok && step)
		*step = found;
	return ok;
}

void totp_secret_encode(const unsigned char *key, size_t n, char *out)
{
	unsigned buf = 0;
	int bits = 0;
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		buf = (buf << 8) | key[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32[(buf >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = b32[(buf << (5 - bits)) & 31];
	out[o] = '\0';
}

void totp_secret_new(char out[TOTP_SECRET_TEXT + 1])
{
	unsigned char key[TOTP_SECRET_BYTES];

	if (sodium_init() < 0)
		BUG("libsodium failed to initialise");
	randombytes_buf(key, sizeof(key));
	totp_secret_encode(key, sizeof(key), out);
	sodium_memzero(key, sizeof(key));
}

size_t totp_secret_decode(const char *text, unsigned char *key, size_t cap)
{
	unsigned buf = 0;
	int bits = 0;
	size_t n = 0;

	for (const char *p = text; *p; p++) {
		char c = *p;
		const char *at;
		if (c == ' ' || c == '=')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		at = strchr(b32, c);
		if (!at || c == '\0')
			return 0;
		buf = (buf << 5) | (unsigned)(at - b32);
		bits += 5;
		if (bits >= 8) {
			if (n == cap)
				return 0;
			key[n++] = (unsigned char)(buf >> (bits - 8));
			bits -= 8;
		}
	}
	return n;
}

bool totp_uri(const char *username, const char *secret, char *out, size_t cap)
{
	char name[3 * 64 + 1];
	size_t o = 0;
	int n;

	/* Usernames are letters, digits and . _ @ -; anything else is escaped. */
	for (const char *p = username; *p && o + 4 < sizeof(name); p++) {
		unsigned char c = (unsigned char)*p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-')
			name[o++] = (char)c;
		else
			o += (size_t)snprintf(name + o, sizeof(name) - o, "%%%02X", c);
	}
	name[o] = '\0';
	n = snprintf(out, cap,
		     "otpauth://totp/pupiltrack:%s?secret=%s&issuer=pupiltrack&algorithm=SHA1&"
		     "digits=%d&period=%d",
		     name, secret, TOTP_DIGITS, TOTP_STEP_SECONDS);
	return n > 0 && (size_t)n < cap;
}
