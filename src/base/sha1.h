/*
 * sha1: SHA-1 (RFC 3174) and HMAC-SHA1 (RFC 2104), only for TOTP codes (RFC 6238),
 * which authenticator apps compute with HMAC-SHA1. libsodium has no SHA-1. Not for
 * anything new: SHA-1 is broken for collisions (HMAC-SHA1 is not).
 */
#ifndef PT_BASE_SHA1_H
#define PT_BASE_SHA1_H

#include <stddef.h>
#include <stdint.h>

enum { SHA1_DIGEST = 20, SHA1_BLOCK = 64 };

/* A running hash: sha1_init, then sha1_update any number of times, then sha1_final. */
struct sha1 {
	uint32_t h[5];		       /* the chaining state */
	uint64_t bytes;		       /* message length so far */
	unsigned char buf[SHA1_BLOCK]; /* a partial block */
	size_t used;		       /* bytes in buf */
};

void sha1_init(struct sha1 *s);
void sha1_update(struct sha1 *s, const void *data, size_t n);
/* Writes the digest and wipes the state. */
void sha1_final(struct sha1 *s, unsigned char out[SHA1_DIGEST]);
/* The digest of one buffer. */
void sha1(const void *data, size_t n, unsigned char out[SHA1_DIGEST]);
/* HMAC-SHA1 of msg under key (any length). */
void hmac_sha1(const void *key, size_t key_len, const void *msg, size_t msg_len,
	       unsigned char out[SHA1_DIGEST]);

#endif
