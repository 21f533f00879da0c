/*
 * test_collection_mat: a MAT admin's bulk upload over HTTP, on both backends.
 * One post carries a return for each trust school (one matched by its CTF
 * header, one in another LA matched by its CTF header too, one matched only by
 * its file name), a return of a school outside the trust and a file that names
 * no school. Each trust school's file goes to that school's open request of the
 * chosen collection, recorded as sent by the trust (audited); the outsider's
 * file is refused naming the file and the school, the nameless one naming the
 * file; nothing is stored for either. The school sees "uploaded by the trust on
 * your behalf", the trust sees its uploads; a file over 3 MiB is refused naming
 * its size and the limit; only a MAT admin reaches the page.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "http_client.h"
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

static struct http_response post_bulk(struct http_client *c, const char *csrf,
				      const char *collection, const struct part *parts, size_t n)
{
	static const char boundary[] = "----pupiltrackTrustBoundary7d";
	struct strbuf sb = STRBUF_INIT;
	struct http_response r;
	char ct[128];

	strbuf_addf(&sb, "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n",
		    boundary, csrf);
	strbuf_addf(&sb,
		    "--%s\r\nContent-Disposition: form-data; name=\"collection\"\r\n\r\n%s\r\n",
		    boundary, collection);
	strbuf_addf(&sb,
		    "--%s\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\n"
		    "Sent centrally by the trust.\r\n",
		    boundary);
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(&sb,
			    "--%s\r\nContent-Disposition: form-data; name=\"file\"; "
			    "filename=\"%s\"\r\nContent-Type: application/octet-stream\r\n\r\n",
			    boundary, parts[i].name);
		strbuf_add(&sb, parts[i].data, parts[i].len);
		strbuf_adds(&sb, "\r\n");
	}
	strbuf_addf(&sb, "--%s--\r\n", boundary);
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", boundary);
	r = http_request(c, "POST", "/trust/uploads", NULL, ct, sb.buf, sb.len);
	strbuf_release(&sb);
	return r;
}

/* A KS2 request of the LA la_id (officer u: the world's, or one made up for LA
 * 2) for the given LAESTABs; returns its id. */
static int64_t make_request(struct world *w, const struct user *u, const char *schools)
{
	struct actor who = { u->id, u->username, "" };
	struct request_form in = { .name = "KS2 TA 2025/26",
				   .collection = "ks2",
				   .file_kinds = "",
				   .year = "2025",
				   .description = "",
				   .deadline_date = "2026-06-26",
				   .deadline_time = "17:00",
				   .schools = schools };
	struct request_form_errors fe;
	struct file_request r;
	struct errbuf eb = { "" };
	struct store_conn *c = store_acquire(w->app->store);

	assert_int_equal(collection_request_save(w->app, c, u, &who, 0, &in, &r, &fe, &eb), ERR_OK);
	store_release(c);
	return r.id;
}

static void test_trust_bulk_upload(void **state)
{
	struct world *w = *state;
	struct http_client *mat = world_client_as(w, U_MAT);
	struct http_client *adm = world_client_as(w, U_ADMIN_A);
	struct user la2 = { .id = 0, .role = ROLE_LA_OFFICER, .la_id = w->la_id[1] };
	struct http_response r;
	struct part parts[5];
	char *a, *c, *b, *byname, *csrf, path[160];
	size_t alen, clen, blen, nlen;
	int64_t req1, req2, fid = 0;
	const char *at;

	snprintf(la2.username, sizeof(la2.username), "sue.south");
	req1 = make_request(w, &w->user[U_LA1], "8882001 8882002");
	req2 = make_request(w, &la2, "7773001");

	a = world_fixture_from("fixtures/ctf/8881234_KS2_888LLLL_001.xml", "888", "2001",
			       &alen); /* school A: in the trust */
	c = world_fixture_from("fixtures/ctf/8881234_KS2_888LLLL_001.xml", "777", "3001",
			       &clen); /* school C: in the trust, LA 2 */
	b = world_fixture_from("fixtures/ctf/8881234_KS2_888LLLL_001.xml", "888", "2002",
			       &blen); /* school B: not in the trust */
	byname = world_fixture_from("fixtures/ctf/8881234_KS2_888LLLL_001.xml", "888", "2001",
				    &nlen); /* names no school in its header... */
	at = strstr(byname, "<LEA>888</LEA>");
	memcpy(strstr(at, "<Estab>2001</Estab>") + strlen("<Estab>"), "XXXX", 4);
	parts[0] = (struct part){ "alder-ks2.xml", a, alen };
	parts[1] = (struct part){ "cedar-ks2.xml", c, clen };
	parts[2] = (struct part){ "birch-ks2.xml", b, blen };
	parts[3] = (struct part){ "notes.txt", "Remember the deadline.", 22 };
	/* ... and is matched by its name: it goes to A too, and supersedes nothing
	 * as its header's school is not a LAESTAB (the rules' HDR_SOURCE error) */
	parts[4] = (struct part){ "8882001_KS2_resend.xml", byname, nlen };

	r = http_get(mat, "/requests");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "href=\"/trust/uploads\""));
	http_response_free(&r);
	csrf = world_csrf(mat, "/trust/uploads");
	assert_non_null(csrf);
	r = post_bulk(mat, csrf, "ks2", parts, 5);
	assert_int_equal(r.status, 422); /* some files were refused */
	assert_non_null(strstr(r.body, "alder-ks2.xml</strong>: Successful for Alder Primary QZXA "
				       "(8882001), KS2 TA 2025/26."));
	assert_non_null(strstr(r.body, "cedar-ks2.xml</strong>: Successful for Cedar Academy QZXC "
				       "(7773001)"));
	assert_non_null(strstr(r.body, "birch-ks2.xml is for school 8882002, which is not a "
				       "school of your trust"));
	assert_non_null(strstr(r.body, "notes.txt: the school could not be found"));
	assert_non_null(strstr(r.body, "8882001_KS2_resend.xml</strong>: Upload error for Alder "
				       "Primary QZXA (8882001)"));
	assert_null(strstr(r.body, "Birch Infants"));
	http_response_free(&r);

	/* each file went to its school's request; nothing for the outsider */
	assert_int_equal(world_request_files(w, req1, w->school[SCHOOL_A].id), 2);
	assert_int_equal(world_request_files(w, req1, w->school[SCHOOL_B].id), 0);
	assert_int_equal(world_request_files(w, req2, w->school[SCHOOL_C].id), 1);
	{
		struct store_conn *conn = store_acquire(w->app->store);
		struct trust_upload *list = NULL;
		struct audit_entry *audit = NULL;
		struct audit_query af = { 0 };
		size_t n = 0, na = 0;
		int found = 0;
		assert_int_equal(store_trust_upload_list(conn, w->trust_id, &list, &n), ERR_OK);
		assert_int_equal(n, 3);
		for (size_t i = 0; i < n; i++) {
			assert_string_equal(list[i].sender, "mo.mat");
			if (strcmp(list[i].original_name, "alder-ks2.xml") == 0)
				fid = list[i].file_id;
		}
		free(list);
		af.establishment_id = w->school[SCHOOL_A].id;
		af.action = "file.trust_upload";
		assert_int_equal(store_audit_list(conn, &af, &audit, &na), ERR_OK);
		for (size_t i = 0; i < na; i++)
			found += strcmp(audit[i].action, "file.trust_upload") == 0;
		assert_int_equal(found, 2);
		free(audit);
		store_release(conn);
	}
	assert_true(fid > 0);

	/* the school sees the trust sent it on its behalf */
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/files/%lld", (long long)req1,
		 (long long)fid);
	r = http_get(adm, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Sent by mo.mat"));
	assert_non_null(strstr(r.body, "Uploaded by the trust on your behalf."));
	http_response_free(&r);
	/* issue 7e: and so does its request page, in the list of files sent,
	 * beside that file only */
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld", (long long)req1);
	r = http_get(adm, path);
	assert_int_equal(r.status, 200);
	{
		const char *row = strstr(r.body, "alder-ks2.xml</a>");
		const char *end = row ? strstr(row, "</tr>") : NULL;
		const char *note = row ? strstr(row, "Uploaded by the trust on your behalf") : NULL;
		assert_non_null(row);
		assert_non_null(note);
		assert_true(note < end);
	}
	http_response_free(&r);
	r = http_get(adm, "/schools/8882001/requests");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Submitted"));
	http_response_free(&r);

	/* the trust sees its uploads */
	r = http_get(mat, "/trust/uploads");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "alder-ks2.xml"));
	assert_non_null(strstr(r.body, "Cedar Academy QZXC (7773001)"));
	assert_null(strstr(r.body, "birch-ks2.xml"));
	http_response_free(&r);

	/* a collection no school has open: every file refused, nothing stored */
	r = post_bulk(mat, csrf, "phonics", parts, 1);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(
		r.body, "whose local authority has no open phonics screening check request"));
	http_response_free(&r);
	assert_int_equal(world_request_files(w, req1, w->school[SCHOOL_A].id), 2);

	/* a file over 3 MiB is refused naming its size and the limit */
	{
		size_t big = COLLECTION_FILE_MAX + 1;
		char *data = xmalloc(big);
		struct part p = { "8882001_big.xml", data, big };
		memset(data, ' ', big);
		r = post_bulk(mat, csrf, "ks2", &p, 1);
		assert_int_equal(r.status, 422);
		assert_non_null(strstr(r.body, "8882001_big.xml is 3145729 bytes"));
		assert_non_null(strstr(r.body, "the limit is 3145728 bytes"));
		http_response_free(&r);
		free(data);
	}
	assert_int_equal(world_request_files(w, req1, w->school[SCHOOL_A].id), 2);

	assert_int_equal(http_client_leaks(mat), 0);
	assert_int_equal(http_client_leaks(adm), 0);
	free(csrf);
	free(a);
	free(b);
	free(c);
	free(byname);
	http_client_free(mat);
	http_client_free(adm);
}

static void test_only_trust_admins(void **state)
{
	struct world *w = *state;
	const enum world_user others[] = { U_ADMIN_A, U_TEACHER_A, U_LA1, U_SYSADMIN };
	struct http_response r;

	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		struct http_client *h = world_client_as(w, others[i]);
		r = http_get(h, "/trust/uploads");
		assert_int_equal(r.status, 403);
		http_response_free(&r);
		http_client_free(h);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trust_bulk_upload, setup, teardown),
		cmocka_unit_test_setup_teardown(test_only_trust_admins, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
