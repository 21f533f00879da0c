/*
 * throttle: a fixed window per key (see throttle.h). The window starts at the
 * first failure after the previous window ended.
 */
#include "app/throttle.h"

#include <stdio.h>

#include "base/log.h"
#include "store/store.h"

void throttle_key_user(char key[THROTTLE_KEY_MAX], int64_t user_id)
{
	snprintf(key, THROTTLE_KEY_MAX, "user:%lld", (long long)user_id);
}

void throttle_key_ip(char key[THROTTLE_KEY_MAX], const char *ip)
{
	snprintf(key, THROTTLE_KEY_MAX, "ip:%.58s", ip && *ip ? ip : "unknown");
}

bool throttle_blocked(struct store_conn *c, const char *key, int64_t now)
{
	struct login_throttle t;

	if (store_throttle_get(c, key, &t) != ERR_OK) {
		log_error("sign-in: the failure counter %s cannot be read", key);
		return false;
	}
	return t.blocked_until > now;
}

enum err throttle_fail(struct store_conn *c, const char *key, int64_t now, int max,
		       int block_seconds, int64_t *blocked_until)
{
	struct login_throttle t;
	enum err rc;

	*blocked_until = 0;
	rc = store_throttle_get(c, key, &t);
	if (rc != ERR_OK)
		return rc;
	if (t.blocked_until > now)
		return ERR_OK;
	if (t.failures == 0 || now - t.window_start >= THROTTLE_WINDOW_SECONDS) {
		t.window_start = now;
		t.failures = 0;
	}
	t.failures++;
	t.blocked_until = 0;
	if (t.failures >= max) {
		t.blocked_until = now + block_seconds;
		*blocked_until = t.blocked_until;
		/* The next window starts after the block. */
		t.failures = 0;
	}
	return store_throttle_put(c, key, &t);
}
