/*
 * test_collection: the LA collection over HTTP, on both backends. An LA officer
 * creates a file request (a wrong field is answered beside it); the school sees
 * it, uploads a bad CTF (Upload error, every problem listed as FILE:LINE:COL)
 * and then a good one (Successful) over multipart; the LA's dashboard, its
 * status filter and its CSV export show the school Submitted; the officer edits,
 * closes (the school's list drops it) and reopens it. Another LA's
 * request, a request the school is not asked for and a teacher's visit answer
 * 404; an upload without the CSRF token is refused and stores nothing. A file
 * one byte over 3 MiB is refused naming its size and the limit; 3 MiB is taken.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/app.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "store/store.h"

static int setup(void **state)
{
	struct world *w = world_new(NULL);

	atomic_store(&w->clock, 1781956800); /* 2026-06-20 12:00 UTC, summer term of 2025/26 */
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world_free(*state);
	return 0;
}

/* School A's upload form: csrf (unless NULL), a comment and the file. */
static struct http_response upload(struct http_client *c, const char *path, const char *csrf,
				   const char *filename, const char *data, size_t len)
{
	struct http_part parts[] = { { "csrf", NULL, csrf, 0 },
				     { "comment", NULL, "Sent by the office.", 0 },
				     { "file", filename, data, len } };

	return csrf ? http_post_multipart(c, path, NULL, parts, 3) :
		      http_post_multipart(c, path, NULL, parts + 1, 2);
}

/* Creates a request as the signed-in officer; returns its id. */
static long long create_request(struct http_client *la, const char *name, const char *schools)
{
	char fields[512];

	snprintf(fields, sizeof(fields),
		 "name=%s&collection=ks2&description=Send+your+CTF&schools=%s", name, schools);
	return world_request_new(la, fields);
}

static void test_collection_over_http(void **state)
{
	struct world *w = *state;
	struct http_client *la = world_client(w, U_LA1);
	struct http_client *adm = world_client(w, U_ADMIN_A);
	struct http_response r;
	char path[128], *csrf, *loc, form[512], *good, *bad;
	size_t glen = 0, blen = 0;
	long long id, bad_id = 0;

	assert_int_equal(world_sign_in(w, la, U_LA1), 303);
	assert_int_equal(world_sign_in(w, adm, U_ADMIN_A), 303);

	/* a wrong field is answered beside it; nothing is stored */
	csrf = world_csrf(la, "/la/requests/new");
	snprintf(form, sizeof(form),
		 "csrf=%s&name=&collection=ks2&year=2025&deadline_date=2026-06-26&schools=8882001",
		 csrf);
	free(csrf);
	r = http_post_form(la, "/la/requests", form);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "Enter a name for the request"));
	http_response_free(&r);

	id = create_request(la, "KS2+TA+2025%2F26", "8882001");
	r = http_get(la, "/la/requests");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "KS2 TA 2025/26"));
	http_response_free(&r);

	/* the school finds it from the navigation */
	r = http_get(adm, "/requests");
	assert_int_equal(r.status, 303);
	assert_true(http_header_has(&r, "Location", "/schools/8882001/requests"));
	http_response_free(&r);
	r = http_get(adm, "/schools/8882001/requests");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "KS2 TA 2025/26"));
	assert_non_null(strstr(r.body, "File required"));
	assert_non_null(strstr(r.body, "26/06/2026 17:00 UTC"));
	http_response_free(&r);

	/* a bad file: kept as an upload error with every problem listed */
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld", id);
	csrf = world_csrf(adm, path);
	bad = world_fixture_from("fixtures/ctf/bad/duplicate-upn.xml", NULL, "2001", &blen);
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/upload", id);
	r = upload(adm, path, csrf, "duplicate-upn.xml", bad, blen);
	assert_int_equal(r.status, 303);
	loc = http_header(&r, "Location");
	http_response_free(&r);
	assert_non_null(strstr(loc, "/files/"));
	assert_int_equal(sscanf(strstr(loc, "/files/"), "/files/%lld", &bad_id), 1);
	r = http_get(adm, loc);
	free(loc);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Upload error"));
	assert_non_null(strstr(r.body, "duplicate-upn.xml:395:"));
	assert_non_null(strstr(r.body, "no KS2 teacher assessment results"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/la/requests/%lld", id);
	r = http_get(la, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "data-status=\"error\">Upload error"));
	http_response_free(&r);
	/* the officer opens the file from the dashboard and sees the same problems */
	snprintf(path, sizeof(path), "/la/requests/%lld/files/%lld", id, bad_id);
	r = http_get(la, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Alder Primary"));
	assert_non_null(strstr(r.body, "duplicate-upn.xml:395:"));
	assert_non_null(strstr(r.body, "Sent by adam.a"));
	http_response_free(&r);

	/* a good file: Successful, and the school is Submitted */
	good = world_fixture_from("fixtures/ctf/8881234_KS2_888LLLL_001.xml", NULL, "2001", &glen);
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/upload", id);
	r = upload(adm, path, csrf, "ks2-return.xml", good, glen);
	assert_int_equal(r.status, 303);
	loc = http_header(&r, "Location");
	http_response_free(&r);
	r = http_get(adm, loc);
	free(loc);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Received and checked: Successful"));
	assert_non_null(strstr(r.body, "Problems found: 0"));
	http_response_free(&r);

	/* without the CSRF token: refused, nothing stored */
	assert_int_equal(world_request_files(w, id, 0), 2);
	r = upload(adm, path, NULL, "ks2-return.xml", good, glen);
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	assert_int_equal(world_request_files(w, id, 0), 2);

	/* the LA's dashboard, filter and export */
	snprintf(path, sizeof(path), "/la/requests/%lld", id);
	r = http_get(la, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "data-status=\"submitted\">Submitted"));
	assert_non_null(strstr(r.body, "ks2-return.xml</a> (Successful)"));
	assert_non_null(strstr(r.body, "adam.a"));
	assert_non_null(strstr(r.body, "Submitted: 1"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/la/requests/%lld?status=overdue", id);
	r = http_get(la, path);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "ks2-return.xml</a> (Successful)"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/la/requests/%lld/export", id);
	r = http_get(la, path);
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Type", "text/csv"));
	assert_non_null(strstr(r.body, "8882001,Alder Primary"));
	assert_non_null(strstr(r.body, ",Submitted,ks2-return.xml,successful,adam.a,"));
	http_response_free(&r);

	/* edit, close (the school no longer sees it), reopen */
	snprintf(path, sizeof(path), "/la/requests/%lld/edit", id);
	r = http_get(la, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "value=\"KS2 TA 2025/26\""));
	assert_non_null(strstr(r.body, "value=\"2026-06-26\""));
	assert_non_null(strstr(r.body, "8882001</textarea>"));
	http_response_free(&r);
	{
		char *lcsrf = world_csrf(la, path);
		snprintf(path, sizeof(path), "/la/requests/%lld", id);
		snprintf(form, sizeof(form),
			 "csrf=%s&name=KS2+TA+final&collection=ks2&year=2025&"
			 "deadline_date=2026-06-26&deadline_time=17%%3A00&schools=8882001",
			 lcsrf);
		r = http_post_form(la, path, form);
		assert_int_equal(r.status, 303);
		http_response_free(&r);
		snprintf(path, sizeof(path), "/la/requests/%lld/close", id);
		snprintf(form, sizeof(form), "csrf=%s", lcsrf);
		r = http_post_form(la, path, form);
		assert_int_equal(r.status, 303);
		http_response_free(&r);
		r = http_get(adm, "/schools/8882001/requests");
		assert_null(strstr(r.body, "KS2 TA final"));
		http_response_free(&r);
		snprintf(path, sizeof(path), "/la/requests/%lld/reopen", id);
		r = http_post_form(la, path, form);
		assert_int_equal(r.status, 303);
		http_response_free(&r);
		r = http_get(adm, "/schools/8882001/requests");
		assert_non_null(strstr(r.body, "KS2 TA final"));
		assert_non_null(strstr(r.body, "data-status=\"submitted\""));
		http_response_free(&r);
		free(lcsrf);
	}

	free(good);
	free(bad);
	free(csrf);
	assert_int_equal(http_client_leaks(la), 0);
	assert_int_equal(http_client_leaks(adm), 0);
	http_client_free(la);
	http_client_free(adm);
}

static void test_not_found_for_others(void **state)
{
	struct world *w = *state;
	struct http_client *la = world_client(w, U_LA1);
	struct http_client *adm = world_client(w, U_ADMIN_A);
	struct http_client *tea = world_client(w, U_TEACHER_A);
	struct store_conn *c = store_acquire(w->app->store);
	struct file_request other = { .la_id = w->la_id[1],
				      .academic_year = 2025,
				      .deadline = 1782493200,
				      .created_at = 1781956800 };
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct http_response r, missing;
	char path[128], *csrf, *good;
	size_t glen = 0;
	long long id_b;

	snprintf(other.name, sizeof(other.name), "Southshire KS2");
	snprintf(other.collection, sizeof(other.collection), "ks2");
	assert_int_equal(store_file_request_add(c, &who, &other, &w->school[SCHOOL_C].id, 1, &eb),
			 ERR_OK);
	store_release(c);
	assert_int_equal(world_sign_in(w, la, U_LA1), 303);
	assert_int_equal(world_sign_in(w, adm, U_ADMIN_A), 303);
	assert_int_equal(world_sign_in(w, tea, U_TEACHER_A), 303);

	/* another LA's request answers exactly like a missing one */
	snprintf(path, sizeof(path), "/la/requests/%lld", (long long)other.id);
	r = http_get(la, path);
	missing = http_get(la, "/la/requests/999999");
	assert_int_equal(r.status, 404);
	assert_int_equal(missing.status, 404);
	assert_string_equal(r.body, missing.body);
	http_response_free(&r);
	http_response_free(&missing);
	snprintf(path, sizeof(path), "/la/requests/%lld/export", (long long)other.id);
	r = http_get(la, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	{
		struct received_file f = { .request_id = other.id,
					   .establishment_id = w->school[SCHOOL_C].id,
					   .received_at = 1781956800 };
		c = store_acquire(w->app->store);
		snprintf(f.status, sizeof(f.status), "successful");
		snprintf(f.kind, sizeof(f.kind), "ctf");
		memset(f.sha256, 'b', 64);
		assert_int_equal(store_received_file_add(c, &who, &f, "<CTfile/>", 9, NULL, &eb),
				 ERR_OK);
		store_release(c);
		snprintf(path, sizeof(path), "/la/requests/%lld/files/%lld", (long long)other.id,
			 (long long)f.id);
		r = http_get(la, path);
		assert_int_equal(r.status, 404);
		http_response_free(&r);
	}

	/* a request for school B only: school A gets 404 and cannot send */
	id_b = create_request(la, "Birch+only", "8882002");
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld", id_b);
	r = http_get(adm, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	csrf = world_csrf(adm, "/schools/8882001/requests");
	good = world_fixture_from("fixtures/ctf/8881234_KS2_888LLLL_001.xml", NULL, "2001", &glen);
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/upload", id_b);
	r = upload(adm, path, csrf, "ks2.xml", good, glen);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	r = http_get(adm, "/schools/8882001/requests");
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "Birch only"));
	http_response_free(&r);

	/* a teacher has no returns area */
	r = http_get(tea, "/schools/8882001/requests");
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	/* a school admin has no LA area (an area, not an object: 403) */
	r = http_get(adm, "/la/requests");
	assert_int_equal(r.status, 403);
	http_response_free(&r);

	free(good);
	free(csrf);
	http_client_free(la);
	http_client_free(adm);
	http_client_free(tea);
}

/* The limit over HTTP: limit + 1 refused naming both numbers, the limit taken. */
static void test_size_limit(void **state)
{
	struct world *w = *state;
	struct http_client *la = world_client(w, U_LA1);
	struct http_client *adm = world_client(w, U_ADMIN_A);
	char *big = xmalloc(3145729), *csrf, path[128];
	struct http_response r;
	long long id;

	assert_int_equal(world_sign_in(w, la, U_LA1), 303);
	assert_int_equal(world_sign_in(w, adm, U_ADMIN_A), 303);
	id = create_request(la, "KS2", "8882001");
	memset(big, ' ', 3145729);
	big[0] = '<';
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld", id);
	csrf = world_csrf(adm, path);
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/upload", id);
	r = upload(adm, path, csrf, "big.xml", big, 3145729);
	assert_int_equal(r.status, 413);
	assert_non_null(strstr(r.body, "big.xml is 3145729 bytes"));
	assert_non_null(strstr(r.body, "the limit is 3145728 bytes"));
	http_response_free(&r);
	assert_int_equal(world_request_files(w, id, 0), 0);
	r = upload(adm, path, csrf, "big.xml", big, 3145728);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	assert_int_equal(world_request_files(w, id, 0), 1);
	free(big);
	free(csrf);
	http_client_free(la);
	http_client_free(adm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_collection_over_http, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_found_for_others, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_limit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
