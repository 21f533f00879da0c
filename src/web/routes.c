/*
 * routes: the route table (see routes.h). To add a screen: write its handler in
 * pages/ or api/, declare its parameters here, add one row. tests/unit/web/
 * test_routes.c checks every row has a policy action and every state-changing
 * row checks CSRF.
 */
#include "web/routes.h"

#include <string.h>

#include "app/account.h"
#include "base/xalloc.h"
#include "web/api/api.h"
#include "web/health.h"
#include "web/pages/pages.h"
#include "web/static.h"

#define PARAMS(a) (a), ARRAY_SIZE(a)
#define NO_PARAMS NULL, 0

/* LAESTAB: 3-digit LA number and 4-digit establishment number. */
static const struct param_spec p_laestab[] = {
	{ .name = "laestab",
	  .type = PARAM_INT,
	  .max_len = 7,
	  .required = true,
	  .in_path = true,
	  .min = 1000000,
	  .max = 9999999 },
};

static const char *const sign_in_reasons[] = { "expired", "elsewhere", "signed-out", NULL };
static const struct param_spec p_sign_in_get[] = {
	{ .name = "reason", .type = PARAM_ENUM, .max_len = 16, .choices = sign_in_reasons },
};

static const struct param_spec p_sign_in_post[] = {
	{ .name = "username", .type = PARAM_TEXT, .max_len = USERNAME_MAX, .required = true },
	{ .name = "password", .type = PARAM_TEXT, .max_len = PASSWORD_MAX, .required = true },
};

static const struct param_spec p_password_post[] = {
	{ .name = "current", .type = PARAM_TEXT, .max_len = PASSWORD_MAX, .required = true },
	{ .name = "new", .type = PARAM_TEXT, .max_len = PASSWORD_MAX, .required = true },
	{ .name = "confirm", .type = PARAM_TEXT, .max_len = PASSWORD_MAX, .required = true },
};

enum {
	S = RF_SESSION,
	API = RF_API | RF_SESSION,
	CSRF = RF_CSRF,
	ESTAB = RF_ESTAB,
	PW = RF_PW_CHANGE,
	PREFIX = RF_PREFIX,
};

/* clang-format off */
static const struct route table[] = {
	/* method    pattern                           handler          action            flags               params */
	{HTTP_GET,  "/",                               home_get,        ACT_HOME,         S,                  NO_PARAMS, 0},
	{HTTP_GET,  "/sign-in",                        sign_in_get,     ACT_PUBLIC,       0,                  PARAMS(p_sign_in_get), 0},
	{HTTP_POST, "/sign-in",                        sign_in_post,    ACT_PUBLIC,       CSRF,               PARAMS(p_sign_in_post), 0},
	{HTTP_POST, "/sign-out",                       sign_out_post,   ACT_SELF,         S | CSRF | PW,      NO_PARAMS, 0},
	{HTTP_GET,  "/account/password",               password_get,    ACT_SELF,         S | PW,             NO_PARAMS, 0},
	{HTTP_POST, "/account/password",               password_post,   ACT_SELF,         S | CSRF | PW,      PARAMS(p_password_post), 0},
	{HTTP_GET,  "/schools",                        schools_get,     ACT_HOME,         S,                  NO_PARAMS, 0},
	{HTTP_GET,  "/schools/:laestab/pupils",        pupils_get,      ACT_PUPIL_READ,   S | ESTAB,          PARAMS(p_laestab), 0},
	{HTTP_GET,  "/assessments",                    coming_soon_get, ACT_ASSESS_READ,  S,                  NO_PARAMS, 0},
	{HTTP_GET,  "/submissions",                    coming_soon_get, ACT_RETURN_READ,  S,                  NO_PARAMS, 0},
	{HTTP_GET,  "/reports",                        coming_soon_get, ACT_REPORT_READ,  S,                  NO_PARAMS, 0},
	{HTTP_GET,  "/maintenance",                    coming_soon_get, ACT_MAINTENANCE,  S,                  NO_PARAMS, 0},
	{HTTP_GET,  "/healthz",                        health_get,      ACT_PUBLIC,       0,                  NO_PARAMS, 0},
	{HTTP_GET,  "/static/*",                       static_get,      ACT_PUBLIC,       PREFIX,             NO_PARAMS, 0},
	{HTTP_GET,  "/api/v1/me",                      api_me_get,      ACT_SELF,         API,                NO_PARAMS, 0},
	{HTTP_GET,  "/api/v1/schools",                 api_schools_get, ACT_HOME,         API,                NO_PARAMS, 0},
	{HTTP_GET,  "/api/v1/schools/:laestab/pupils", api_pupils_get,  ACT_PUPIL_READ,   API | ESTAB,        PARAMS(p_laestab), 0},

	/* ---- issue 3a: sign-in, security code, TOTP, throttling, profile ---- */

	/* ---- issue 3b: mail, password reset, session expiry ---- */

	/* ---- issue 3c: managing people, organisations, audit pages ---- */

	/* ---- issue 4a: pupil records, search, filter, profile ---- */

	/* ---- issue 4b: pupil upload, edit multiple, interventions, transfers ---- */

	/* ---- issue 5: EYFS tracking ---- */

	/* ---- issue 6: statutory results and CTF ---- */

};
/* clang-format on */

const struct route *routes_table(size_t *n)
{
	*n = ARRAY_SIZE(table);
	return table;
}

size_t route_body_max(const struct route *r)
{
	return r && r->body_max ? r->body_max : ROUTE_BODY_DEFAULT;
}

/* Whether a pattern matches the segments. ":x" matches one non-empty segment;
 * a final "*" (RF_PREFIX) matches one or more. */
static bool pattern_match(const struct route *r, char *const *segs, size_t nsegs)
{
	const char *p = r->pattern;
	size_t i = 0;

	if (strcmp(p, "/") == 0)
		return nsegs == 0;
	while (*p == '/') {
		const char *start = ++p;
		const char *end = strchr(start, '/');
		size_t len = end ? (size_t)(end - start) : strlen(start);
		if (len == 1 && start[0] == '*' && (r->flags & RF_PREFIX))
			return i < nsegs;
		if (i >= nsegs)
			return false;
		if (start[0] == ':') {
			if (!segs[i][0])
				return false;
		} else if (strlen(segs[i]) != len || memcmp(segs[i], start, len) != 0) {
			return false;
		}
		i++;
		p = start + len;
	}
	return i == nsegs;
}

const struct route *routes_match(enum http_method m, char *const *segs, size_t nsegs,
				 bool *path_known)
{
	enum http_method want = m == HTTP_HEAD ? HTTP_GET : m;

	*path_known = false;
	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		if (!pattern_match(&table[i], segs, nsegs))
			continue;
		if (table[i].method == want)
			return &table[i];
		*path_known = true;
	}
	return NULL;
}
