/*
 * test_routes: walks the route table. Fails when a route has no policy action,
 * a state-changing route lacks CSRF, a pattern's parameters are not declared,
 * or flags contradict each other. Also checks matching and the typed parameter
 * validation of request.c on hand-made requests.
 */
#include <stdio.h>
#include <string.h>

#include "testutil/testutil.h"
#include "web/request.h"
#include "web/routes.h"

static void test_every_route_has_policy_and_csrf(void **state)
{
	size_t n;
	const struct route *t = routes_table(&n);
	(void)state;

	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		const struct route *r = &t[i];
		if (r->action <= ACT_NONE || r->action >= ACT__MAX)
			fail_msg("%s %s has no policy action", http_method_name(r->method),
				 r->pattern);
		if (http_method_changes_state(r->method) && !(r->flags & RF_CSRF))
			fail_msg("%s %s changes state without CSRF", http_method_name(r->method),
				 r->pattern);
		if (r->method == HTTP_GET && (r->flags & RF_CSRF))
			fail_msg("GET %s claims CSRF: GET must not change state", r->pattern);
		assert_non_null(r->handler);
		assert_true(r->pattern[0] == '/');
		/* Public means public; everything else needs a signed-in user. */
		if ((r->action == ACT_PUBLIC) == ((r->flags & RF_SESSION) != 0))
			fail_msg("%s %s: ACT_PUBLIC iff no RF_SESSION", http_method_name(r->method),
				 r->pattern);
		/* JSON answers exactly under /api/. */
		if (((r->flags & RF_API) != 0) != (strncmp(r->pattern, "/api/", 5) == 0))
			fail_msg("%s: RF_API iff under /api/", r->pattern);
		if ((r->flags & RF_ASSESSMENT) &&
		    (!(r->flags & RF_ESTAB) || strstr(r->pattern, "/:laestab") ||
		     !strstr(r->pattern, "/assessments/:id")))
			fail_msg("%s: RF_ASSESSMENT only with RF_ESTAB, on /assessments/:id "
				 "without :laestab",
				 r->pattern);
		if ((r->flags & RF_ESTAB) && !(r->flags & RF_ASSESSMENT) &&
		    !strstr(r->pattern, "/:laestab")) {
			/* Else the school is the required "establishment" parameter. */
			bool declared = false;
			for (size_t k = 0; k < r->nparams; k++)
				declared |= strcmp(r->params[k].name, "establishment") == 0 &&
					    r->params[k].required && !r->params[k].in_path &&
					    r->params[k].type == PARAM_INT;
			if (!declared)
				fail_msg("%s: RF_ESTAB without :laestab or \"establishment\"",
					 r->pattern);
		}
		if (r->method == HTTP_HEAD)
			fail_msg("%s: HEAD is served by GET routes", r->pattern);
	}
}

static void test_pattern_params_declared(void **state)
{
	size_t n;
	const struct route *t = routes_table(&n);
	(void)state;

	for (size_t i = 0; i < n; i++) {
		const struct route *r = &t[i];
		size_t in_path = 0, found = 0;
		for (size_t k = 0; k < r->nparams; k++) {
			const struct param_spec *p = &r->params[k];
			assert_non_null(p->name);
			assert_true(p->type < PARAM__MAX);
			if (p->type == PARAM_ENUM)
				assert_non_null(p->choices);
			if (strcmp(p->name, "csrf") == 0)
				fail_msg("%s declares csrf: it is handled by the dispatcher",
					 r->pattern);
			for (size_t m = k + 1; m < r->nparams; m++)
				assert_string_not_equal(p->name, r->params[m].name);
			if (p->in_path) {
				char seg[80];
				in_path++;
				snprintf(seg, sizeof(seg), "/:%s", p->name);
				if (!strstr(r->pattern, seg))
					fail_msg("%s: %s is in_path but not in the pattern",
						 r->pattern, p->name);
				assert_true(p->required);
			}
		}
		for (const char *p = r->pattern; (p = strstr(p, "/:")) != NULL; p++)
			found++;
		if (found != in_path)
			fail_msg("%s: %zu path parameters, %zu declared", r->pattern, found,
				 in_path);
	}
}

static void test_unique_and_matching(void **state)
{
	size_t n;
	const struct route *t = routes_table(&n);
	char home[] = "", schools[] = "schools", id[] = "8882001", pupils[] = "pupils";
	char st[] = "static", css[] = "app.css", sub[] = "x";
	char *segs_home[] = { home };
	char *segs_pupils[] = { schools, id, pupils };
	char *segs_static[] = { st, sub, css };
	char *segs_static_only[] = { st };
	bool known;
	const struct route *r;
	(void)state;

	for (size_t i = 0; i < n; i++)
		for (size_t k = i + 1; k < n; k++)
			if (t[i].method == t[k].method && strcmp(t[i].pattern, t[k].pattern) == 0)
				fail_msg("%s is in the table twice", t[i].pattern);

	r = routes_match(HTTP_GET, segs_home, 0, &known);
	assert_non_null(r);
	assert_string_equal(r->pattern, "/");
	r = routes_match(HTTP_HEAD, segs_pupils, 3, &known);
	assert_non_null(r);
	assert_string_equal(r->pattern, "/schools/:laestab/pupils");
	r = routes_match(HTTP_POST, segs_pupils, 3, &known);
	assert_null(r);
	assert_true(known);
	r = routes_match(HTTP_GET, segs_pupils, 2, &known);
	assert_null(r);
	assert_false(known);
	r = routes_match(HTTP_GET, segs_static, 3, &known);
	assert_non_null(r);
	assert_true(r->flags & RF_PREFIX);
	assert_null(routes_match(HTTP_GET, segs_static_only, 1, &known));
	/* An empty segment never matches a parameter. */
	segs_pupils[1] = home;
	assert_null(routes_match(HTTP_GET, segs_pupils, 3, &known));
	(void)segs_home;
}

/* A request for pattern with query q, as server.c would make it. */
static bool parse(struct request *req, const char *pattern, enum http_method m, const char *uri,
		  char *msg)
{
	size_t n;
	bool known;
	const struct route *t = routes_table(&n);
	memset(req, 0, sizeof(*req));
	arena_init(&req->arena);
	req->method = m;
	assert_true(request_parse_uri(req, uri, msg, 256));
	req->route = routes_match(m, req->segs, req->nsegs, &known);
	assert_non_null(req->route);
	assert_string_equal(req->route->pattern, pattern);
	(void)t;
	return request_parse_params(req, msg, 256);
}

static void test_params(void **state)
{
	struct request req;
	char msg[256];
	(void)state;

	assert_true(parse(&req, "/sign-in", HTTP_GET, "/sign-in", msg));
	assert_int_equal(request_enum(&req, "reason"), -1);
	assert_false(request_has(&req, "reason"));
	arena_release(&req.arena);
	assert_true(parse(&req, "/sign-in", HTTP_GET, "/sign-in?reason=elsewhere", msg));
	assert_int_equal(request_enum(&req, "reason"), 1);
	arena_release(&req.arena);
	assert_true(parse(&req, "/sign-in", HTTP_GET, "/sign-in?&reason=expired&", msg));
	arena_release(&req.arena);

	assert_false(parse(&req, "/sign-in", HTTP_GET, "/sign-in?x=1", msg));
	assert_non_null(strstr(msg, "\"x\""));
	arena_release(&req.arena);
	assert_false(
		parse(&req, "/sign-in", HTTP_GET, "/sign-in?reason=expired&reason=expired", msg));
	assert_non_null(strstr(msg, "more than once"));
	arena_release(&req.arena);
	assert_false(parse(&req, "/sign-in", HTTP_GET, "/sign-in?reason=other", msg));
	arena_release(&req.arena);
	assert_false(parse(&req, "/sign-in", HTTP_GET, "/sign-in?reason=%4", msg));
	arena_release(&req.arena);
	assert_false(parse(&req, "/sign-in", HTTP_GET, "/sign-in?reason=a%00b", msg));
	arena_release(&req.arena);
	assert_false(parse(&req, "/sign-in", HTTP_GET, "/sign-in?csrf=abc", msg));
	arena_release(&req.arena);

	/* Path parameter: typed and in range. */
	assert_true(
		parse(&req, "/schools/:laestab/pupils", HTTP_GET, "/schools/8882001/pupils", msg));
	assert_int_equal(request_int(&req, "laestab"), 8882001);
	assert_string_equal(request_text(&req, "laestab"), "8882001");
	arena_release(&req.arena);
	assert_false(
		parse(&req, "/schools/:laestab/pupils", HTTP_GET, "/schools/888200x/pupils", msg));
	assert_non_null(strstr(msg, "whole number"));
	arena_release(&req.arena);
	assert_false(parse(&req, "/schools/:laestab/pupils", HTTP_GET, "/schools/999/pupils", msg));
	assert_non_null(strstr(msg, "between"));
	arena_release(&req.arena);
	assert_false(
		parse(&req, "/schools/:laestab/pupils", HTTP_GET, "/schools/88820011/pupils", msg));
	assert_non_null(strstr(msg, "too long"));
	arena_release(&req.arena);
	assert_false(parse(&req, "/schools/:laestab/pupils", HTTP_GET,
			   "/schools/8882001/pupils?laestab=8882002", msg));
	arena_release(&req.arena);
}

static void test_uri(void **state)
{
	struct request req;
	char msg[256];
	(void)state;

	memset(&req, 0, sizeof(req));
	arena_init(&req.arena);
	assert_true(request_parse_uri(&req, "/a%20b/c?x=1", msg, sizeof(msg)));
	assert_int_equal(req.nsegs, 2);
	assert_string_equal(req.segs[0], "a b");
	assert_string_equal(req.path, "/a b/c");
	assert_string_equal(req.query, "x=1");
	assert_true(request_parse_uri(&req, "/", msg, sizeof(msg)));
	assert_int_equal(req.nsegs, 0);
	assert_string_equal(req.path, "/");
	assert_true(request_parse_uri(&req, "/a/", msg, sizeof(msg)));
	assert_int_equal(req.nsegs, 2);
	assert_string_equal(req.segs[1], "");
	assert_false(request_parse_uri(&req, "/a%2fb", msg, sizeof(msg)));
	assert_false(request_parse_uri(&req, "/a%5cb", msg, sizeof(msg)));
	assert_false(request_parse_uri(&req, "/a%00", msg, sizeof(msg)));
	assert_false(request_parse_uri(&req, "/a%0a", msg, sizeof(msg)));
	assert_false(request_parse_uri(&req, "/%c0%ae", msg, sizeof(msg)));
	assert_false(request_parse_uri(&req, "/%zz", msg, sizeof(msg)));
	assert_false(request_parse_uri(&req, "/%4", msg, sizeof(msg)));
	assert_false(request_parse_uri(&req, "relative", msg, sizeof(msg)));
	arena_release(&req.arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_route_has_policy_and_csrf),
		cmocka_unit_test(test_pattern_params_declared),
		cmocka_unit_test(test_unique_and_matching),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_uri),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
