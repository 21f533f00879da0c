/*
 * totp: time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) as
 * authenticator apps make them: HMAC-SHA1, 30-second steps, 6 digits. The secret
 * travels as RFC 4648 base32 (upper case, no padding) and an otpauth:// URI.
 */
#ifndef PT_APP_TOTP_H
#define PT_APP_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	TOTP_STEP_SECONDS = 30,
	TOTP_DIGITS = 6,
	TOTP_WINDOW = 1,	/* steps accepted either side of now (clock drift) */
	TOTP_SECRET_BYTES = 20, /* 160 bits, as RFC 4226 recommends */
	TOTP_SECRET_TEXT = 32,	/* base32 characters of a secret */
};

/* The step number of Unix time t (floor(t / 30)). */
int64_t totp_step(int64_t t);
/* The HOTP value of key at counter step, as digits decimal digits (6..8) with
 * leading zeros, into out (digits + 1 bytes). */
void totp_code(const unsigned char *key, size_t key_len, int64_t step, int digits, char *out);
/* Whether code (6 digits) is the code of key for a step within TOTP_WINDOW of
 * now and later than last_step (a code used once is not accepted again). On
 * success *step gets the step that matched. Compares in constant time. */
bool totp_verify(const unsigned char *key, size_t key_len, int64_t now, const char *code,
		 int64_t last_step, int64_t *step);

/* A new random secret as base32 text (TOTP_SECRET_TEXT characters + NUL). */
void totp_secret_new(char out[TOTP_SECRET_TEXT + 1]);
/* Encodes n bytes as base32 into out (8 * n / 5 rounded up characters + NUL). */
void totp_secret_encode(const unsigned char *key, size_t n, char *out);
/* Decodes base32 text (upper or lower case, spaces ignored) into key (cap bytes);
 * the number of bytes, or 0 when the text is not base32 or too long. */
size_t totp_secret_decode(const char *text, unsigned char *key, size_t cap);
/* The otpauth:// URI an authenticator app reads: issuer "pupiltrack", the
 * account named by username. Written into out (cap bytes); false when too small. */
bool totp_uri(const char *username, const char *secret, char *out, size_t cap);

#endif
