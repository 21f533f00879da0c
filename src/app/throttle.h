/*
 * throttle: counting failed sign-ins per account and per client address, and
 * blocking one that fails too often. The counters live in the database
 * (store_throttle_*), so several server processes share them.
 */
#ifndef PT_APP_THROTTLE_H
#define PT_APP_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

struct store_conn;

enum {
	THROTTLE_WINDOW_SECONDS = 5 * 60, /* failures are counted over this window */
	THROTTLE_ACCOUNT_FAILURES = 10,	  /* this many in the window lock the account */
	THROTTLE_ACCOUNT_LOCK_SECONDS = 15 * 60,
	/* A school's staff share one address behind its router: more room here. */
	THROTTLE_ADDRESS_FAILURES = 30, /* this many in the window block the address */
	THROTTLE_ADDRESS_BLOCK_SECONDS = 15 * 60,
	THROTTLE_KEY_MAX = 64, /* bytes of a key with its NUL */
};

/* "user:<id>" */
void throttle_key_user(char key[THROTTLE_KEY_MAX], int64_t user_id);
/* "ip:<address>" */
void throttle_key_ip(char key[THROTTLE_KEY_MAX], const char *ip);
/* Whether key is blocked at now. Database trouble reads as not blocked (and is
 * logged): the other checks of a sign-in still stand. */
bool throttle_blocked(struct store_conn *c, const char *key, int64_t now);
/* Counts one failure of key at now; when that makes max failures within the
 * window, blocks key for block_seconds and sets *blocked_until (else 0). A key
 * that is blocked already stays as it is. */
enum err throttle_fail(struct store_conn *c, const char *key, int64_t now, int max,
		       int block_seconds, int64_t *blocked_until);

#endif
