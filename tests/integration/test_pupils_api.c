/*
 * test_pupils_api: the pupils API in the shape, /api/v1/pupils[/:upn]
 * ?establishment=LAESTAB, on both backends, as an API client uses it (bearer
 * tokens): adding a pupil (201, Location, ETag; 409 for a UPN of this school or
 * of another one, with the transfer answer and nothing of that school told),
 * changing only the fields sent with If-Match (412 when stale, 428 without a
 * precondition), unknown fields named in a 400, wrong values named per field and
 * nothing saved, the school as a query parameter checked like the :laestab
 * routes (a pupil or school out of reach is 404 like a missing one), rights per
 * role (teacher and school admin write, MAT and LA read only), the older
 * /api/v1/schools/:laestab/pupils paths as aliases, CSRF for cookie clients,
 * the audit trail of every change, and the list's answer kept in memory and
 * never stale.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/account.h"
#include "app/app.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/upn.h"
#include "store/store.h"

static int setup(void **state)
{
	*state = world_new(NULL);
	return 0;
}

static int teardown(void **state)
{
	world_free(*state);
	return 0;
}

/* An API client for user u: a bearer token in *auth ("Authorization: ..."). */
struct api {
	struct http_client *c;
	char auth[TOKEN_TEXT_LEN + 32];
};

static void api_open(struct world *w, enum world_user u, struct api *a)
{
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct store_conn *conn = store_acquire(w->app->store);
	char token[TOKEN_TEXT_LEN + 1];

	if (account_api_token_create(w->app, conn, &who, w->user[u].id, 0, token, &eb) != ERR_OK)
		fail_msg("token: %s", eb.msg);
	store_release(conn);
	snprintf(a->auth, sizeof(a->auth), "Authorization: Bearer %s", token);
	a->c = world_client(w, u);
}

static void api_close(struct api *a)
{
	assert_int_equal(http_client_leaks(a->c), 0);
	http_client_free(a->c);
}

/* A request with the token, an optional extra header and a form body. */
static struct http_response call(struct api *a, const char *method, const char *path,
				 const char *extra, const char *form)
{
	const char *headers[] = { a->auth, extra, NULL };

	return http_request(a->c, method, path, headers,
			    form ? "application/x-www-form-urlencoded" : NULL, form,
			    form ? strlen(form) : 0);
}

/* The same with a JSON body of content type ct. */
static struct http_response call_json(struct api *a, const char *method, const char *path,
				      const char *extra, const char *ct, const char *json)
{
	const char *headers[] = { a->auth, extra, NULL };

	return http_request(a->c, method, path, headers, ct, json, strlen(json));
}

static char *pupil_path(struct world *w, enum world_school s, const char *upn)
{
	char *p = xmalloc(128);
	snprintf(p, 128, "/api/v1/pupils/%s?establishment=%d", upn, w->laestab[s]);
	return p;
}

/* A valid UPN of school A with serial n (the world's own are 1..3). */
static void upn_a(struct world *w, int n, char out[static 14])
{
	assert_true(upn_make(w->school[SCHOOL_A].la_code, w->school[SCHOOL_A].estab, 24, n, out));
}

static bool stored(struct world *w, const char *upn, struct pupil *p)
{
	struct store_conn *c = store_acquire(w->app->store);
	enum err e = store_pupil_get_by_upn(c, upn, p);

	store_release(c);
	assert_true(e == ERR_OK || e == ERR_NOT_FOUND);
	return e == ERR_OK;
}

static struct pupil world_pupil(struct world *w, enum world_school s)
{
	struct store_conn *c = store_acquire(w->app->store);
	struct pupil_query q = { .establishment_id = w->school[s].id };
	struct pupil *list = NULL, p;
	size_t n = 0;

	assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
	store_release(c);
	assert_true(n > 0);
	p = list[0];
	free(list);
	return p;
}

static size_t audits(struct world *w, const char *action)
{
	struct store_conn *c = store_acquire(w->app->store);
	struct audit_query q = { .action = action, .limit = 1000 };
	struct audit_entry *list = NULL;
	size_t n = 0;

	assert_int_equal(store_audit_list(c, &q, &list, &n), ERR_OK);
	store_release(c);
	free(list);
	return n;
}

static void expect_etag(const struct http_response *r, const char *want)
{
	char *etag = http_header(r, "ETag");
	assert_non_null(etag);
	assert_string_equal(etag, want);
	free(etag);
}

static const char NEW_PUPIL[] = "surname=O%27Brien&forenames=Zo%C3%AB&dob=2020-10-05&gender=F"
				"&postcode=PR1+0LD&ethnicity=WBRI&class=2&eal=yes";

/* Adds pupil upn at school A through the API as a; the answer must be 201. */
static void add_pupil(struct world *w, struct api *a, const char *upn)
{
	char *path = pupil_path(w, SCHOOL_A, upn);
	struct http_response r = call(a, "POST", path, NULL, NEW_PUPIL);

	if (r.status != 201)
		fail_msg("POST %s: %ld %s", path, r.status, r.body);
	http_response_free(&r);
	free(path);
}

static void test_add_read_list(void **state)
{
	struct world *w = *state;
	struct api a;
	struct pupil p;
	char upn[14], list[128], *path, *loc;
	size_t adds = audits(w, "pupil.add");
	struct http_response r;

	api_open(w, U_TEACHER_A, &a);
	upn_a(w, 101, upn);
	path = pupil_path(w, SCHOOL_A, upn);
	r = call(&a, "POST", path, NULL, NEW_PUPIL);
	if (r.status != 201)
		fail_msg("POST: %ld %s", r.status, r.body);
	loc = http_header(&r, "Location");
	assert_non_null(loc);
	assert_string_equal(loc, path);
	expect_etag(&r, "\"1\"");
	assert_non_null(strstr(r.body, "\"surname\":\"O'Brien\""));
	assert_non_null(strstr(r.body, "\"forenames\":\"Zo\xc3\xab\""));
	assert_non_null(strstr(r.body, "\"eal\":true"));
	assert_non_null(strstr(r.body, "\"include_in_data\":true"));
	http_response_free(&r);
	assert_true(stored(w, upn, &p));
	assert_int_equal(p.establishment_id, w->school[SCHOOL_A].id);
	assert_string_equal(p.postcode, "PR1 0LD");
	assert_int_equal(p.class_no, 2);
	assert_int_equal(audits(w, "pupil.add"), adds + 1);

	/* Where Location points: the pupil, with the same ETag. */
	r = call(&a, "GET", loc, NULL, NULL);
	assert_int_equal(r.status, 200);
	expect_etag(&r, "\"1\"");
	assert_non_null(strstr(r.body, "\"dob\":\"2020-10-05\""));
	http_response_free(&r);
	free(loc);

	/* The list with the page's filters, paged. */
	snprintf(list, sizeof(list), "/api/v1/pupils?establishment=%d&surname=o%%27b",
		 w->laestab[SCHOOL_A]);
	r = call(&a, "GET", list, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"total\":1"));
	assert_non_null(strstr(r.body, upn));
	http_response_free(&r);
	snprintf(list, sizeof(list), "/api/v1/pupils?establishment=%d&f_eal=yes",
		 w->laestab[SCHOOL_A]);
	r = call(&a, "GET", list, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"total\":1"));
	http_response_free(&r);
	snprintf(list, sizeof(list), "/api/v1/pupils?establishment=%d&limit=2&sort=upn",
		 w->laestab[SCHOOL_A]);
	r = call(&a, "GET", list, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"total\":4"));
	assert_non_null(strstr(r.body, "\"next_offset\":2"));
	http_response_free(&r);
	snprintf(list, sizeof(list), "/api/v1/pupils?establishment=%d&limit=2&offset=2&sort=upn",
		 w->laestab[SCHOOL_A]);
	r = call(&a, "GET", list, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"offset\":2"));
	assert_null(strstr(r.body, "next_offset"));
	http_response_free(&r);
	snprintf(list, sizeof(list), "/api/v1/pupils?establishment=%d&year=Z1",
		 w->laestab[SCHOOL_A]);
	r = call(&a, "GET", list, NULL, NULL);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "year"));
	http_response_free(&r);
	free(path);
	api_close(&a);
}

static void test_add_taken_upn(void **state)
{
	struct world *w = *state;
	struct pupil b = world_pupil(w, SCHOOL_B), now;
	struct api a;
	char upn[14], *path;
	size_t adds = audits(w, "pupil.add");
	struct http_response r;

	api_open(w, U_ADMIN_A, &a);
	upn_a(w, 102, upn);
	add_pupil(w, &a, upn);

	/* Again at the same school: 409, edit that record; nothing about transfers. */
	path = pupil_path(w, SCHOOL_A, upn);
	r = call(&a, "POST", path, NULL, NEW_PUPIL);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "\"fields\":{\"upn\":"));
	assert_non_null(strstr(r.body, "already on your roll"));
	assert_null(strstr(r.body, "\"transfer\""));
	http_response_free(&r);
	free(path);

	/* A UPN of school B: 409 and the transfer answer the form gives. The
	 * UPN was typed, so it comes back: this client is forbidden B's and C's
	 * markers (names) but not their UPNs; nothing else of B may show. */
	http_client_free(a.c);
	a.c = http_client_new(w->port);
	http_client_forbid(a.c, world_marker(SCHOOL_B));
	http_client_forbid(a.c, world_marker(SCHOOL_C));
	path = pupil_path(w, SCHOOL_A, b.upn);
	r = call(&a, "POST", path, NULL, NEW_PUPIL);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "another school"));
	assert_non_null(strstr(r.body, "\"transfer\":{\"upn\":\""));
	assert_non_null(strstr(r.body, b.upn));
	assert_null(strstr(r.body, b.surname));
	http_response_free(&r);
	free(path);
	assert_true(stored(w, b.upn, &now));
	assert_int_equal(now.establishment_id, w->school[SCHOOL_B].id);
	assert_int_equal(now.version, b.version);
	assert_int_equal(audits(w, "pupil.add"), adds + 1);
	api_close(&a);
}

static void test_patch_merge_and_versions(void **state)
{
	struct world *w = *state;
	struct api a;
	struct pupil p;
	char upn[14], *path;
	size_t updates;
	struct http_response r;

	api_open(w, U_TEACHER_A, &a);
	upn_a(w, 103, upn);
	add_pupil(w, &a, upn);
	updates = audits(w, "pupil.update");
	path = pupil_path(w, SCHOOL_A, upn);

	/* Only the fields sent change. */
	r = call(&a, "PATCH", path, "If-Match: \"1\"", "class=5&fsm=yes&sen_notes=");
	if (r.status != 200)
		fail_msg("PATCH: %ld %s", r.status, r.body);
	expect_etag(&r, "\"2\"");
	assert_non_null(strstr(r.body, "\"class\":5"));
	assert_non_null(strstr(r.body, "\"surname\":\"O'Brien\""));
	http_response_free(&r);
	assert_true(stored(w, upn, &p));
	assert_int_equal(p.class_no, 5);
	assert_true(p.fsm);
	assert_true(p.eal);
	assert_string_equal(p.postcode, "PR1 0LD");
	assert_string_equal(p.ethnicity, "WBRI");
	assert_int_equal(p.version, 2);
	/* One audit row per field changed: class and fsm (sen_notes was empty). */
	assert_int_equal(audits(w, "pupil.update"), updates + 2);

	/* A stale ETag: 412 with the record as it is; nothing saved. */
	r = call(&a, "PATCH", path, "If-Match: \"1\"", "class=7");
	assert_int_equal(r.status, 412);
	assert_non_null(strstr(r.body, "\"current\":{"));
	assert_non_null(strstr(r.body, "\"class\":5"));
	expect_etag(&r, "\"2\"");
	http_response_free(&r);
	/* A list of tags, one current, and "*" are preconditions that hold. */
	r = call(&a, "PATCH", path, "If-Match: \"1\", \"2\"", "class=6");
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	r = call(&a, "PATCH", path, "If-Match: *", "class=7");
	assert_int_equal(r.status, 200);
	expect_etag(&r, "\"4\"");
	http_response_free(&r);
	/* The version field instead of If-Match: stale is 409, as the PUT alias. */
	r = call(&a, "PATCH", path, NULL, "version=3&class=8");
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "\"current\":{"));
	http_response_free(&r);
	/* No precondition at all: refused, so nobody overwrites blindly. */
	r = call(&a, "PATCH", path, NULL, "class=8");
	assert_int_equal(r.status, 428);
	assert_non_null(strstr(r.body, "If-Match"));
	http_response_free(&r);
	assert_true(stored(w, upn, &p));
	assert_int_equal(p.class_no, 7);
	assert_int_equal(p.version, 4);
	assert_int_equal(audits(w, "pupil.update"), updates + 4);
	free(path);
	api_close(&a);
}

static void test_bad_fields(void **state)
{
	struct world *w = *state;
	struct api a;
	struct pupil p;
	char upn[14], other[14], *path;
	size_t updates;
	struct http_response r;

	api_open(w, U_TEACHER_A, &a);
	upn_a(w, 104, upn);
	add_pupil(w, &a, upn);
	updates = audits(w, "pupil.update");
	path = pupil_path(w, SCHOOL_A, upn);

	/* Unknown fields: 400 naming every one; the known ones are not saved. */
	r = call(&a, "PATCH", path, "If-Match: \"1\"", "shoe_size=9&class=3&colour=red");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "shoe_size"));
	assert_non_null(strstr(r.body, "colour"));
	http_response_free(&r);
	/* The UPN is the address, not a field. */
	r = call(&a, "PATCH", path, "If-Match: \"1\"", "upn=A123");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "upn"));
	http_response_free(&r);

	/* Wrong values: each field named with the form's message; all or nothing. */
	r = call(&a, "PATCH", path, "If-Match: \"1\"",
		 "surname=Okafor&postcode=nowhere&class=x&dob=31%2F02%2F2020&ethnicity=ZZZZ");
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "\"postcode\":"));
	assert_non_null(strstr(r.body, "\"class\":\"Class \\\"x\\\" is not a class number"));
	assert_non_null(strstr(r.body, "\"dob\":"));
	assert_non_null(strstr(r.body, "\"ethnicity\":"));
	assert_null(strstr(r.body, "\"surname\":"));
	http_response_free(&r);
	r = call(&a, "PATCH", path, "If-Match: \"1\"", "class=21");
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "\"class\":\"Class number 21 does not exist"));
	http_response_free(&r);
	/* A year override that is not a year group; notes over the limit (1000
	 * characters reach the rule only as more than 1000 bytes: 600 "é"). */
	r = call(&a, "PATCH", path, "If-Match: \"1\"", "year_override=Y15");
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "\"year_override\":\"Year override Y15 is not a year "
				       "group; choose one from the list or \\\"None\\\"\""));
	http_response_free(&r);
	{
		struct strbuf notes = STRBUF_INIT;
		strbuf_adds(&notes, "sen_notes=");
		for (int i = 0; i < 600; i++)
			strbuf_adds(&notes, "%C3%A9");
		strbuf_adds(&notes, "&class=3");
		r = call(&a, "PATCH", path, "If-Match: \"1\"", strbuf_str(&notes));
		assert_int_equal(r.status, 422);
		assert_non_null(strstr(r.body, "\"sen_notes\":\"The notes are too long: at most "
					       "1000 characters"));
		assert_null(strstr(r.body, "\"class\":"));
		http_response_free(&r);
		strbuf_release(&notes);
	}
	/* Clearing a mandatory field is a wrong value too. */
	r = call(&a, "PATCH", path, "If-Match: \"1\"", "ethnicity=");
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "\"ethnicity\":"));
	http_response_free(&r);
	assert_true(stored(w, upn, &p));
	assert_string_equal(p.surname, "O'Brien");
	assert_int_equal(p.class_no, 2);
	assert_int_equal(p.version, 1);
	assert_int_equal(audits(w, "pupil.update"), updates);
	free(path);

	/* Adding without the mandatory fields or with a wrong UPN stores nothing. */
	upn_a(w, 105, other);
	path = pupil_path(w, SCHOOL_A, other);
	r = call(&a, "POST", path, NULL, "surname=Okafor&forenames=Ife&dob=2020-11-01");
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "\"postcode\":"));
	assert_non_null(strstr(r.body, "\"ethnicity\":"));
	http_response_free(&r);
	assert_false(stored(w, other, &p));
	free(path);
	path = pupil_path(w, SCHOOL_A, "A12345678901Z");
	r = call(&a, "POST", path, NULL, NEW_PUPIL);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "\"upn\":"));
	http_response_free(&r);
	free(path);
	api_close(&a);
}

/* status of method path (body form) as user u. */
static long status_as(struct world *w, struct api *a, const char *method, const char *path,
		      const char *extra, const char *form, char **body)
{
	struct http_response r = call(a, method, path, extra, form);
	long st = r.status;

	(void)w;
	if (body)
		*body = xstrdup(r.body);
	http_response_free(&r);
	return st;
}

static void test_scope_and_roles(void **state)
{
	struct world *w = *state;
	struct pupil b = world_pupil(w, SCHOOL_B);
	struct api teacher, admin, mat, la, teacher_b;
	char upn[14], upn2[14], *path, *elsewhere, *missing_body = NULL, *other_body = NULL;
	char url[128];

	api_open(w, U_TEACHER_A, &teacher);
	api_open(w, U_ADMIN_A, &admin);
	api_open(w, U_MAT, &mat);
	api_open(w, U_LA1, &la);
	api_open(w, U_TEACHER_B, &teacher_b);
	upn_a(w, 106, upn);
	upn_a(w, 107, upn2);

	/* Teacher and school admin add and change pupils of their school. */
	add_pupil(w, &teacher, upn);
	add_pupil(w, &admin, upn2);
	path = pupil_path(w, SCHOOL_A, upn);
	assert_int_equal(status_as(w, &admin, "PATCH", path, "If-Match: \"1\"", "fsm=yes", NULL),
			 200);
	assert_int_equal(status_as(w, &teacher, "PATCH", path, "If-Match: \"2\"", "fsm=no", NULL),
			 200);

	/* MAT admin (trust of A) and LA officer (LA of A) read but do not write:
	 * the write answers 404 like a school they cannot see. */
	assert_int_equal(status_as(w, &mat, "GET", path, NULL, NULL, NULL), 200);
	assert_int_equal(status_as(w, &la, "GET", path, NULL, NULL, NULL), 200);
	assert_int_equal(status_as(w, &mat, "PATCH", path, "If-Match: *", "fsm=yes", NULL), 404);
	assert_int_equal(status_as(w, &la, "PATCH", path, "If-Match: *", "fsm=yes", NULL), 404);
	free(path);
	path = pupil_path(w, SCHOOL_A, "K888200124999");
	assert_int_equal(status_as(w, &la, "POST", path, NULL, NEW_PUPIL, NULL), 404);
	free(path);

	/* A pupil of another school through A: 404, the same answer as a UPN
	 * nobody has. */
	elsewhere = pupil_path(w, SCHOOL_A, b.upn);
	assert_int_equal(status_as(w, &teacher, "GET", elsewhere, NULL, NULL, &other_body), 404);
	path = pupil_path(w, SCHOOL_A, "A999999999999");
	assert_int_equal(status_as(w, &teacher, "GET", path, NULL, NULL, &missing_body), 404);
	assert_string_equal(other_body, missing_body);
	free(other_body);
	free(missing_body);
	free(path);
	assert_int_equal(status_as(w, &teacher, "PATCH", elsewhere, "If-Match: *", "fsm=yes", NULL),
			 404);
	free(elsewhere);
	/* B's pupil through B: B's teacher yes, A's teacher 404 (the school is
	 * out of reach, answered like one that does not exist). */
	path = pupil_path(w, SCHOOL_B, b.upn);
	assert_int_equal(status_as(w, &teacher_b, "GET", path, NULL, NULL, NULL), 200);
	assert_int_equal(status_as(w, &teacher, "GET", path, NULL, NULL, &other_body), 404);
	free(path);
	path = xstrdup("/api/v1/pupils/A999999999999?establishment=9999999");
	assert_int_equal(status_as(w, &teacher, "GET", path, NULL, NULL, &missing_body), 404);
	assert_string_equal(other_body, missing_body);
	free(other_body);
	free(missing_body);
	free(path);
	snprintf(url, sizeof(url), "/api/v1/pupils?establishment=%d", w->laestab[SCHOOL_B]);
	assert_int_equal(status_as(w, &teacher, "GET", url, NULL, NULL, NULL), 404);
	assert_int_equal(status_as(w, &la, "GET", url, NULL, NULL, NULL), 200);
	assert_int_equal(status_as(w, &mat, "GET", url, NULL, NULL, NULL), 404);
	/* Without the school: 400 naming the parameter. */
	assert_int_equal(status_as(w, &teacher, "GET", "/api/v1/pupils", NULL, NULL, &other_body),
			 400);
	assert_non_null(strstr(other_body, "establishment"));
	free(other_body);

	api_close(&teacher);
	api_close(&admin);
	api_close(&mat);
	api_close(&la);
	api_close(&teacher_b);
}

static void test_old_paths_and_cookies(void **state)
{
	struct world *w = *state;
	struct api a;
	struct http_client *c;
	struct pupil p;
	char upn[14], old[128], hdr[160], body[256], *tok, *path;
	const char *with_csrf[] = { hdr, "If-Match: \"2\"", NULL };
	const char *no_csrf[] = { "If-Match: \"2\"", NULL };
	struct http_response r;

	api_open(w, U_TEACHER_A, &a);
	upn_a(w, 108, upn);
	add_pupil(w, &a, upn);

	/* The older paths are the same code: same answer, ETag, version check. */
	snprintf(old, sizeof(old), "/api/v1/schools/%d/pupils/%s", w->laestab[SCHOOL_A], upn);
	r = call(&a, "GET", old, NULL, NULL);
	assert_int_equal(r.status, 200);
	expect_etag(&r, "\"1\"");
	http_response_free(&r);
	r = call(&a, "PUT", old, NULL, "version=1&class=4");
	assert_int_equal(r.status, 200);
	expect_etag(&r, "\"2\"");
	http_response_free(&r);
	r = call(&a, "PUT", old, NULL, "version=1&class=9");
	assert_int_equal(r.status, 409);
	http_response_free(&r);
	snprintf(old, sizeof(old), "/api/v1/schools/%d/pupils?surname=o%%27b",
		 w->laestab[SCHOOL_A]);
	r = call(&a, "GET", old, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, upn));
	http_response_free(&r);
	api_close(&a);

	/* A browser session: a change needs the page's CSRF token. */
	c = world_client(w, U_TEACHER_A);
	assert_int_equal(world_sign_in(w, c, U_TEACHER_A), 303);
	path = pupil_path(w, SCHOOL_A, upn);
	snprintf(body, sizeof(body), "class=6");
	r = http_request(c, "PATCH", path, no_csrf, "application/x-www-form-urlencoded", body,
			 strlen(body));
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	tok = world_csrf(c, "/");
	snprintf(hdr, sizeof(hdr), "X-CSRF-Token: %s", tok);
	r = http_request(c, "PATCH", path, with_csrf, "application/x-www-form-urlencoded", body,
			 strlen(body));
	if (r.status != 200)
		fail_msg("PATCH with CSRF: %ld %s", r.status, r.body);
	http_response_free(&r);
	assert_true(stored(w, upn, &p));
	assert_int_equal(p.class_no, 6);
	assert_int_equal(http_client_leaks(c), 0);
	free(tok);
	free(path);
	http_client_free(c);
}

/* The same fields as JSON, a merge patch: null clears, absent keeps. */
static void test_json_bodies(void **state)
{
	struct world *w = *state;
	struct api a;
	struct pupil p;
	char upn[14], old[128], *path;
	size_t updates;
	struct http_response r;

	api_open(w, U_TEACHER_A, &a);
	upn_a(w, 109, upn);
	path = pupil_path(w, SCHOOL_A, upn);
	r = call_json(&a, "POST", path, NULL, "application/json",
		      "{\"surname\": \"N\\u00ed Bhriain\", \"forenames\": \"Aoife\", "
		      "\"dob\": \"2020-09-30\", \"postcode\": \"PR1 0LD\", "
		      "\"ethnicity\": \"WIRI\", \"class\": 3, \"eal\": true, "
		      "\"sen_notes\": \"Speech and language\"}");
	if (r.status != 201)
		fail_msg("POST JSON: %ld %s", r.status, r.body);
	http_response_free(&r);
	assert_true(stored(w, upn, &p));
	assert_string_equal(p.surname, "N\xc3\xad Bhriain");
	assert_int_equal(p.class_no, 3);
	assert_true(p.eal);
	updates = audits(w, "pupil.update");

	r = call_json(&a, "PATCH", path, "If-Match: \"1\"", "application/merge-patch+json",
		      "{\"class\": 4, \"sen_notes\": null, \"eal\": false}");
	if (r.status != 200)
		fail_msg("PATCH JSON: %ld %s", r.status, r.body);
	expect_etag(&r, "\"2\"");
	http_response_free(&r);
	assert_true(stored(w, upn, &p));
	assert_int_equal(p.class_no, 4);
	assert_string_equal(p.sen_notes, "");
	assert_false(p.eal);
	assert_string_equal(p.surname, "N\xc3\xad Bhriain");
	assert_string_equal(p.ethnicity, "WIRI");
	assert_int_equal(audits(w, "pupil.update"), updates + 3);

	/* Unknown members: 400 naming each; nothing saved. */
	r = call_json(&a, "PATCH", path, "If-Match: \"2\"", "application/json",
		      "{\"shoe_size\": 9, \"class\": 1, \"colour\": \"red\"}");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "shoe_size"));
	assert_non_null(strstr(r.body, "colour"));
	http_response_free(&r);
	/* A value that is not a single value, and a body that is not JSON. */
	r = call_json(&a, "PATCH", path, "If-Match: \"2\"", "application/json",
		      "{\"class\": [1, 2]}");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\\\"class\\\" is an object or a list"));
	http_response_free(&r);
	r = call_json(&a, "PATCH", path, "If-Match: \"2\"", "application/json", "{\"class\": 1,}");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "The JSON body is not right: byte 13"));
	http_response_free(&r);
	/* null on a mandatory field clears it: the form's check refuses that. */
	r = call_json(&a, "PATCH", path, "If-Match: \"2\"", "application/json",
		      "{\"postcode\": null, \"class\": 5}");
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "\"postcode\":"));
	http_response_free(&r);
	assert_true(stored(w, upn, &p));
	assert_int_equal(p.class_no, 4);
	assert_int_equal(p.version, 2);
	assert_int_equal(audits(w, "pupil.update"), updates + 3);

	/* The older PUT takes form data only, as it always did. */
	snprintf(old, sizeof(old), "/api/v1/schools/%d/pupils/%s", w->laestab[SCHOOL_A], upn);
	r = call_json(&a, "PUT", old, NULL, "application/json", "{\"version\": 2}");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "only form data"));
	http_response_free(&r);
	free(path);
	api_close(&a);
}

/* The list's pupils as JSON are kept in memory between requests
 * (store_piece_get) and never older than the pupils: the second answer is the
 * kept one, a pupil changed (through the store, as another server process
 * would) shows at once, and so do the year groups of a new academic year.
 * Kept for a session's requests, which read the pupils' version with the
 * session; a token's requests read the database each time. */
static void test_list_kept(void **state)
{
	struct world *w = *state;
	unsigned long hits[3], fills[3];
	struct http_response r1, r2;
	struct http_client *b = world_client_as(w, U_TEACHER_A);
	struct api a;
	struct pupil p;
	char upn[14], list[128];

	api_open(w, U_TEACHER_A, &a);
	upn_a(w, 101, upn);
	add_pupil(w, &a, upn);
	snprintf(list, sizeof(list), "/api/v1/pupils?establishment=%d&limit=2&sort=upn",
		 w->laestab[SCHOOL_A]);
	store_cache_counts(w->app->store, &hits[0], &fills[0]);
	r1 = http_get(b, list);
	store_cache_counts(w->app->store, &hits[1], &fills[1]);
	r2 = http_get(b, list);
	store_cache_counts(w->app->store, &hits[2], &fills[2]);
	assert_int_equal(r1.status, 200);
	assert_non_null(strstr(r1.body, "\"next_offset\":2"));
	assert_string_equal(r1.body, r2.body);
	assert_int_equal(fills[1] - fills[0], 2); /* the rows, and their JSON */
	assert_int_equal(hits[2] - hits[1], 1);	  /* the JSON */
	assert_int_equal(fills[2], fills[1]);
	http_response_free(&r1);
	http_response_free(&r2);

	/* The new pupil sorts last by UPN: the second page. */
	snprintf(list, sizeof(list), "/api/v1/pupils?establishment=%d&limit=2&offset=2&sort=upn",
		 w->laestab[SCHOOL_A]);
	r1 = http_get(b, list);
	assert_non_null(strstr(r1.body, "\"surname\":\"O'Brien\""));
	assert_non_null(strstr(r1.body, "\"year_group\":\"R\""));
	http_response_free(&r1);
	assert_true(stored(w, upn, &p));
	snprintf(p.surname, sizeof(p.surname), "Quennell");
	world_pupil_save(w, &p);
	r1 = http_get(b, list);
	assert_non_null(strstr(r1.body, "\"surname\":\"Quennell\""));
	assert_null(strstr(r1.body, "O'Brien"));
	http_response_free(&r1);

	/* A year on, nothing changed but the date: Year 1. */
	r1 = http_get(b, list);
	http_response_free(&r1);
	world_advance(w, 365 * 86400);
	http_client_free(b); /* the session has long expired: a new one */
	b = world_client_as(w, U_TEACHER_A);
	r1 = http_get(b, list);
	assert_int_equal(r1.status, 200);
	assert_non_null(strstr(r1.body, "\"year_group\":\"Y1\""));
	http_response_free(&r1);
	api_close(&a);
	http_client_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_read_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_taken_upn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_patch_merge_and_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope_and_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_old_paths_and_cookies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_bodies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_kept, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
