/*
 * csrf: synchronizer tokens (see csrf.h). Signed-in
 * requests use the session's secret; before sign-in the secret is an HMAC of a
 * random pre-session cookie under the server key.
 */
#include "web/csrf.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "web/server.h"

enum { PRE_COOKIE_LEN = 43 }; /* base64url of 32 bytes, no padding */

static const char *presession_cookie_name(const struct request *req)
{
	return req->opts->tls ? "__Host-pt_pre" : "pt_pre";
}

static bool presession_value_ok(const char *v)
{
	if (strlen(v) != PRE_COOKIE_LEN)
		return false;
	for (; *v; v++)
		if (!((*v >= 'A' && *v <= 'Z') || (*v >= 'a' && *v <= 'z') ||
		      (*v >= '0' && *v <= '9') || *v == '-' || *v == '_'))
			return false;
	return true;
}

static void presession_cookie_set(struct request *req, const char *value, bool clear)
{
	char line[160];
	snprintf(line, sizeof(line), "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
		 presession_cookie_name(req), value, req->opts->tls ? "; Secure" : "",
		 clear ? "; Max-Age=0" : "");
	resp_header(req, "Set-Cookie", line);
}

void csrf_presession_clear(struct request *req)
{
	presession_cookie_set(req, "", true);
}

/* Sets req->csrf_secret. With create, a missing pre-session cookie is made. */
static bool secret_load(struct request *req, bool create)
{
	static const char label[] = "pupiltrack csrf pre-session";
	crypto_auth_hmacsha256_state st;
	const char *cookie;
	char fresh[PRE_COOKIE_LEN + 2];

	if (req->csrf_secret_set)
		return true;
	if (req->signed_in && !req->bearer) {
		memcpy(req->csrf_secret, req->session.csrf, sizeof(req->csrf_secret));
		req->csrf_secret_set = true;
		return true;
	}
	cookie = request_cookie(req, presession_cookie_name(req));
	if (!cookie || !presession_value_ok(cookie)) {
		unsigned char rnd[32];
		if (!create)
			return false;
		randombytes_buf(rnd, sizeof(rnd));
		sodium_bin2base64(fresh, sizeof(fresh), rnd, sizeof(rnd),
				  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		presession_cookie_set(req, fresh, false);
		cookie = fresh;
	}
	crypto_auth_hmacsha256_init(&st, req->app->key, sizeof(req->app->key));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)label, sizeof(label));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)cookie, strlen(cookie));
	crypto_auth_hmacsha256_final(&st, req->csrf_secret);
	sodium_memzero(&st, sizeof(st));
	req->csrf_secret_set = true;
	return true;
}

/* The token is a MAC of the secret, not the secret itself, and the same on every
 * page of a session: two answers that must be identical (a 404 for a missing
 * school and for another school's) are byte-for-byte identical. */
static void token_of(const unsigned char secret[32], unsigned char out[32])
{
	static const char label[] = "pupiltrack csrf token v1";
	crypto_auth_hmacsha256(out, (const unsigned char *)label, sizeof(label), secret);
}

const char *csrf_token(struct request *req)
{
	unsigned char mac[32];
	char *out = arena_alloc(&req->arena, CSRF_TOKEN_LEN + 1);

	if (!secret_load(req, true))
		return "";
	token_of(req->csrf_secret, mac);
	sodium_bin2hex(out, CSRF_TOKEN_LEN + 1, mac, sizeof(mac));
	return out;
}

bool csrf_check(struct request *req)
{
	const char *tok = req->csrf_sent ? req->csrf_sent : request_header(req, "X-CSRF-Token");
	unsigned char got[32], want[32];
	size_t len = 0;
	bool ok;

	if (!tok || strlen(tok) != CSRF_TOKEN_LEN)
		return false;
	if (sodium_hex2bin(got, sizeof(got), tok, CSRF_TOKEN_LEN, NULL, &len, NULL) != 0 ||
	    len != sizeof(got))
		return false;
	if (!secret_load(req, false))
		return false;
	token_of(req->csrf_secret, want);
	ok = sodium_memcmp(got, want, sizeof(got)) == 0;
	sodium_memzero(want, sizeof(want));
	return ok;
}

bool csrf_origin_ok(const struct request *req)
{
	const char *site = request_header(req, "Sec-Fetch-Site");
	const char *origin = request_header(req, "Origin");
	const char *host = request_header(req, "Host");
	const char *scheme = req->opts->tls ? "https://" : "http://";
	size_t slen = strlen(scheme);

	if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
		return false;
	if (!origin)
		return true;
	if (!host || strncasecmp(origin, scheme, slen) != 0)
		return false;
	return strcasecmp(origin + slen, host) == 0;
}
