/*
 * test_collection_api: the LA collection over the JSON API with bearer tokens,
 * on both backends. A school admin lists its open requests, posts a good and a
 * bad CTF in one multipart upload (per-file verdicts with every problem), lists
 * its files and sees its status; the LA officer lists the request with its
 * counts and every file and downloads the good one (the same bytes; the file is
 * marked received and the school then sees Received); a MAT admin acts for a
 * trust school with ?school= (its upload is recorded as the trust's). Another
 * school's request and file answer 404; a body whose Content-Length is over the
 * cap is refused with 413 before it is read; a file one byte over 3 MiB is
 * refused naming its size and the limit, and nothing is stored.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/account.h"
#include "app/app.h"
#include "app/collection.h"
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

struct part {
	const char *name;
	const char *data;
	size_t len;
};

static struct http_response post_files(struct http_client *c, const char *path, const char *auth,
				       const struct part *parts, size_t n)
{
	static const char boundary[] = "----pupiltrackApiBoundary7d";
	const char *hdrs[] = { auth, NULL };
	struct strbuf sb = STRBUF_INIT;
	struct http_response r;
	char ct[128];

	strbuf_addf(&sb,
		    "--%s\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\n"
		    "From the MIS.\r\n",
		    boundary);
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(&sb,
			    "--%s\r\nContent-Disposition: form-data; name=\"file\"; "
			    "filename=\"%s\"\r\nContent-Type: text/xml\r\n\r\n",
			    boundary, parts[i].name);
		strbuf_add(&sb, parts[i].data, parts[i].len);
		strbuf_adds(&sb, "\r\n");
	}
	strbuf_addf(&sb, "--%s--\r\n", boundary);
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", boundary);
	r = http_request(c, "POST", path, hdrs, ct, sb.buf, sb.len);
	strbuf_release(&sb);
	return r;
}

static struct http_response api_get(struct http_client *c, const char *auth, const char *path)
{
	const char *hdrs[] = { auth, NULL };
	return http_request(c, "GET", path, hdrs, NULL, NULL, 0);
}

static void token_for(struct world *w, enum world_user u, char auth[static 128])
{
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	char token[TOKEN_TEXT_LEN + 1];
	struct store_conn *c = store_acquire(w->app->store);

	assert_int_equal(account_api_token_create(w->app, c, &who, w->user[u].id, 0, token, &eb),
			 ERR_OK);
	store_release(c);
	snprintf(auth, 128, "Authorization: Bearer %s", token);
}

/* A KS2 request of LA 1 for the given LAESTABs; returns its id. */
static int64_t make_request(struct world *w, const char *schools)
{
	struct actor who = { w->user[U_LA1].id, "lee.la", "" };
	struct request_form in = { .name = "KS2 TA 2025/26",
				   .collection = "ks2",
				   .file_kinds = "",
				   .year = "2025",
				   .description = "Send your KS2 CTF",
				   .deadline_date = "2026-06-26",
				   .deadline_time = "17:00",
				   .schools = schools };
	struct request_form_errors fe;
	struct file_request r;
	struct errbuf eb = { "" };
	struct store_conn *c = store_acquire(w->app->store);

	assert_int_equal(collection_request_save(w->app, c, &w->user[U_LA1], &who, 0, &in, &r, &fe,
						 &eb),
			 ERR_OK);
	store_release(c);
	return r.id;
}

/* The number after "key": in a JSON text from `from` on, -1 when absent. */
static long long json_num(const char *from, const char *key)
{
	char pat[64];
	const char *at;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	at = strstr(from, pat);
	return at ? strtoll(at + strlen(pat), NULL, 10) : -1;
}

static void test_api_school_and_la(void **state)
{
	struct world *w = *state;
	struct http_client *adm = world_client(w, U_ADMIN_A);
	struct http_client *la = world_client(w, U_LA1);
	struct http_client *mat = world_client(w, U_MAT);
	struct http_response r;
	char a_auth[128], la_auth[128], mat_auth[128], path[160];
	char *good, *bad;
	size_t glen = 0, blen = 0;
	long long good_id, bad_id;
	int64_t id = make_request(w, "8882001");
	int64_t other = make_request(w, "8882002"); /* school B only */
	struct part parts[2];

	token_for(w, U_ADMIN_A, a_auth);
	token_for(w, U_LA1, la_auth);
	token_for(w, U_MAT, mat_auth);

	/* the school's open requests: only the one it is asked for */
	r = api_get(adm, a_auth, "/api/v1/requests");
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Type", "application/json"));
	assert_int_equal(json_num(r.body, "id"), id);
	assert_non_null(strstr(r.body, "\"deadline\":\"2026-06-26T17:00:00Z\""));
	assert_non_null(strstr(r.body, "\"status\":\"required\""));
	assert_non_null(strstr(r.body, "\"laestab\":8882001"));
	assert_null(strstr(r.body, "Birch"));
	http_response_free(&r);

	/* a good and a bad file in one upload: a verdict each */
	good = world_fixture_from("fixtures/ctf/8881234_KS2_888LLLL_001.xml", "888", "2001", &glen);
	bad = world_fixture_from("fixtures/ctf/bad/duplicate-upn.xml", "888", "2001", &blen);
	parts[0] = (struct part){ "ks2-return.xml", good, glen };
	parts[1] = (struct part){ "duplicate-upn.xml", bad, blen };
	snprintf(path, sizeof(path), "/api/v1/requests/%lld/files", (long long)id);
	r = post_files(adm, path, a_auth, parts, 2);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_num(r.body, "received"), 2);
	assert_int_equal(json_num(r.body, "refused"), 0);
	assert_non_null(strstr(r.body, "\"name\":\"ks2-return.xml\",\"verdict\":\"successful\""));
	assert_non_null(
		strstr(r.body, "\"name\":\"duplicate-upn.xml\",\"verdict\":\"upload-error\""));
	assert_non_null(strstr(r.body, "\"location\":\"duplicate-upn.xml:395:"));
	good_id = json_num(strstr(r.body, "ks2-return.xml"), "id");
	bad_id = json_num(strstr(r.body, "duplicate-upn.xml"), "id");
	assert_true(good_id > 0 && bad_id > 0);
	http_response_free(&r);
	assert_int_equal(world_request_files(w, id, 0), 2);

	/* the school's files and status */
	r = api_get(adm, a_auth, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"status\":\"successful\""));
	assert_non_null(strstr(r.body, "\"status\":\"upload-error\""));
	assert_non_null(strstr(r.body, "\"uploaded_by_trust\":false"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/requests/%lld", (long long)id);
	r = api_get(adm, a_auth, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"status\":\"submitted\""));
	http_response_free(&r);

	/* another school's request and its files answer 404, like a missing one */
	snprintf(path, sizeof(path), "/api/v1/requests/%lld", (long long)other);
	r = api_get(adm, a_auth, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/requests/%lld/files", (long long)other);
	r = post_files(adm, path, a_auth, parts, 1);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	r = api_get(adm, a_auth, "/api/v1/requests/999999");
	assert_int_equal(r.status, 404);
	http_response_free(&r);

	/* the LA: its requests, counts, every file, the download */
	r = api_get(la, la_auth, "/api/v1/requests");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"name\":\"KS2 TA 2025/26\""));
	assert_non_null(strstr(r.body, "\"state\":\"open\""));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/requests/%lld", (long long)id);
	r = api_get(la, la_auth, path);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_num(strstr(r.body, "\"counts\""), "submitted"), 1);
	assert_non_null(strstr(r.body, "\"name\":\"Alder Primary QZXA\""));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/requests/%lld/files", (long long)id);
	r = api_get(la, la_auth, path);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_num(r.body, "laestab"), 8882001);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/requests/%lld/files/%lld", (long long)id, good_id);
	r = api_get(la, la_auth, path);
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Disposition", "ks2-return.xml"));
	assert_int_equal(r.body_len, glen);
	assert_memory_equal(r.body, good, glen);
	http_response_free(&r);
	{
		struct store_conn *c = store_acquire(w->app->store);
		struct file_receipt *rec = NULL;
		size_t n = 0;
		assert_int_equal(store_file_receipts(c, id, 0, &rec, &n), ERR_OK);
		assert_int_equal(n, 1);
		assert_int_equal(rec[0].file_id, good_id);
		assert_string_equal(rec[0].received_by, "lee.la");
		free(rec);
		store_release(c);
	}
	/* the school sees its return Received */
	snprintf(path, sizeof(path), "/api/v1/requests/%lld", (long long)id);
	r = api_get(adm, a_auth, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"status\":\"received\",\"status_label\":\"Received\""));
	http_response_free(&r);
	/* the school may fetch its own file back; a file of another request is 404 */
	snprintf(path, sizeof(path), "/api/v1/requests/%lld/files/%lld", (long long)id, good_id);
	r = api_get(adm, a_auth, path);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body_len, glen);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/requests/%lld/files/%lld", (long long)other, good_id);
	r = api_get(la, la_auth, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);

	/* a MAT admin names the trust school; a school outside the trust is 404 */
	snprintf(path, sizeof(path), "/api/v1/requests/%lld?school=8882001", (long long)id);
	r = api_get(mat, mat_auth, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"status\":\"received\""));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/requests/%lld?school=8882002", (long long)other);
	r = api_get(mat, mat_auth, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/requests/%lld/files/%lld?school=7773001",
		 (long long)id, good_id);
	r = api_get(mat, mat_auth, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	r = api_get(mat, mat_auth, "/api/v1/requests");
	assert_int_equal(r.status, 200);
	assert_int_equal(json_num(r.body, "id"), id);
	http_response_free(&r);
	/* its upload for the school is recorded as the trust's */
	snprintf(path, sizeof(path), "/api/v1/requests/%lld/files?school=8882001", (long long)id);
	r = post_files(mat, path, mat_auth, parts, 1);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"verdict\":\"successful\""));
	http_response_free(&r);
	r = api_get(adm, a_auth, "/api/v1/requests");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"sender\":\"mo.mat\",\"uploaded_by_trust\":true"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/requests/%lld/files?school=8882002",
		 (long long)other);
	r = post_files(mat, path, mat_auth, parts, 1);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	assert_int_equal(world_request_files(w, other, 0), 0);

	assert_int_equal(http_client_leaks(adm), 0);
	assert_int_equal(http_client_leaks(mat), 0);
	free(good);
	free(bad);
	http_client_free(adm);
	http_client_free(la);
	http_client_free(mat);
}

/* Sends request headers with a Content-Length but no body; returns the status. */
static int lying_length(int port, const char *path, const char *auth, size_t claimed)
{
	struct sockaddr_in sa = { 0 };
	char head[1024], reply[1024];
	int fd = socket(AF_INET, SOCK_STREAM, 0), status = 0;
	ssize_t got;

	assert_true(fd >= 0);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	snprintf(head, sizeof(head),
		 "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\nContent-Type: multipart/form-data; "
		 "boundary=x\r\nContent-Length: %zu\r\n\r\n",
		 path, auth, claimed);
	assert_int_equal(write(fd, head, strlen(head)), (ssize_t)strlen(head));
	got = read(fd, reply, sizeof(reply) - 1);
	if (got > 0) {
		reply[got] = '\0';
		sscanf(reply, "HTTP/1.%*d %d", &status);
	}
	close(fd);
	return status;
}

static void test_api_limits(void **state)
{
	struct world *w = *state;
	struct http_client *adm = world_client(w, U_ADMIN_A);
	struct http_response r;
	char auth[128], path[160];
	int64_t id = make_request(w, "8882001");
	size_t big = COLLECTION_FILE_MAX + 1;
	char *data = xmalloc(big);
	struct part p = { "huge.xml", data, big };

	token_for(w, U_ADMIN_A, auth);
	snprintf(path, sizeof(path), "/api/v1/requests/%lld/files", (long long)id);

	/* a body over the cap is refused by its Content-Length, before it is read */
	assert_int_equal(lying_length(w->port, path, auth, (size_t)COLLECTION_UPLOAD_BODY_MAX + 1),
			 413);
	assert_int_equal(world_request_files(w, id, 0), 0);

	/* one byte over 3 MiB: refused, naming the size and the limit; nothing stored */
	memset(data, ' ', big);
	data[0] = '<';
	r = post_files(adm, path, auth, &p, 1);
	assert_int_equal(r.status, 413);
	assert_non_null(strstr(r.body, "\"verdict\":\"refused\""));
	assert_non_null(strstr(r.body, "3145729 bytes"));
	assert_non_null(strstr(r.body, "3145728 bytes"));
	http_response_free(&r);
	assert_int_equal(world_request_files(w, id, 0), 0);

	/* no file at all */
	r = post_files(adm, path, auth, NULL, 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"error\""));
	http_response_free(&r);

	/* a teacher may not send returns */
	{
		struct http_client *t = world_client(w, U_TEACHER_A);
		char tauth[128];
		token_for(w, U_TEACHER_A, tauth);
		r = post_files(t, path, tauth, &p, 1);
		assert_true(r.status == 403 || r.status == 404);
		http_response_free(&r);
		http_client_free(t);
	}
	assert_int_equal(world_request_files(w, id, 0), 0);
	free(data);
	http_client_free(adm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_api_school_and_la, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_limits, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
