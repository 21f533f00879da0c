/*
 * test_collection_la: the LA side of the collection over HTTP, on both
 * backends (issue 7c). Downloading a school's return (a POST with the CSRF
 * token) gives its bytes and marks it Received, which the dashboard and the
 * school's page show, audited once; all returns come as one ZIP; the dashboard
 * downloads as XLSX with a file name that looks like a formula kept as text.
 * Chasing mails the admins of schools without a successful file only; the
 * automatic reminder goes N days before the deadline with the app clock, once,
 * never to a school that sent; a failed mail is tried again. A request can
 * target a phase. The LA sends a file to its schools and only those schools can
 * download it. A return of a school without pupils in pupiltrack is imported
 * into the LA's results; a school with pupils is refused. The history page
 * lists uploads, receipts, chases, reminders, unlocks and imports with who and
 * when. Another LA's request and a school that was not sent a file answer 404.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/app.h"
#include "app/reminders.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "formats/xlsx_read.h"
#include "store/store.h"

enum {
	T_NOW = 1781956800,	 /* 2026-06-20 12:00 UTC, summer term of 2025/26 */
	T_DEADLINE = 1782493200, /* 2026-06-26 17:00 UTC, the request's deadline */
};

static int setup(void **state)
{
	struct world *w = world_new(NULL);
	struct store_conn *c = store_acquire(w->app->store);
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct user u;
	char *outbox = tu_temp_dir("outbox");

	atomic_store(&w->clock, T_NOW);
	free((char *)w->app->cfg.outbox_dir);
	w->app->cfg.outbox_dir = outbox;
	/* the admins the reminders go to: Adam at A, and Bo, a new admin at B */
	u = w->user[U_ADMIN_A];
	snprintf(u.email, sizeof(u.email), "adam.a@example.org");
	assert_int_equal(store_user_update(c, &who, &u, &eb), ERR_OK);
	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "bo.b");
	snprintf(u.display_name, sizeof(u.display_name), "Bo Admin");
	snprintf(u.email, sizeof(u.email), "bo.b@example.org");
	u.role = ROLE_SCHOOL_ADMIN;
	u.establishment_id = w->school[SCHOOL_B].id;
	u.created_at = T_NOW;
	assert_int_equal(store_user_add(c, &who, &u, &eb), ERR_OK);
	store_release(c);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world_free(*state);
	return 0;
}

/* A multipart form: csrf, fields ("name=value&..." as typed, not escaped), the file. */
static struct http_response multipart(struct http_client *c, const char *path, const char *csrf,
				      const char *fields, const char *filename, const char *data,
				      size_t len)
{
	struct http_part parts[8] = { { "csrf", NULL, csrf, 0 } };
	char buf[512], *save = NULL;
	size_t n = 1;

	snprintf(buf, sizeof(buf), "%s", fields);
	for (char *f = strtok_r(buf, "&", &save); f && n < 7; f = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(f, '=');
		assert_non_null(eq);
		*eq = '\0';
		parts[n++] = (struct http_part){ f, NULL, eq + 1, 0 };
	}
	parts[n++] = (struct http_part){ "file", filename, data, len };
	return http_post_multipart(c, path, NULL, parts, n);
}

/* Creates a KS2 request as the officer; extra is appended to the form. */
static long long create_request(struct http_client *la, const char *name, const char *extra)
{
	char fields[512];

	snprintf(fields, sizeof(fields), "name=%s&collection=ks2&description=Send+your+CTF&%s",
		 name, extra);
	return world_request_new(la, fields);
}

/* School A sends the good KS2 fixture as filename; returns the file's id. */
static long long send_good(struct http_client *adm, long long id, const char *filename)
{
	char path[128], *csrf, *good, *loc;
	struct http_response r;
	long long fid = 0;
	size_t glen = 0;

	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld", id);
	csrf = world_csrf(adm, path);
	good = world_fixture_from("fixtures/ctf/8881234_KS2_888LLLL_001.xml", NULL, "2001", &glen);
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/upload", id);
	r = multipart(adm, path, csrf, "comment=Our+return", filename, good, glen);
	assert_int_equal(r.status, 303);
	loc = http_header(&r, "Location");
	assert_non_null(loc);
	assert_int_equal(sscanf(strstr(loc, "/files/"), "/files/%lld", &fid), 1);
	free(loc);
	free(good);
	free(csrf);
	http_response_free(&r);
	return fid;
}

static struct http_response post_csrf(struct http_client *c, const char *page, const char *path)
{
	char *csrf = world_csrf(c, page);
	char form[256];
	struct http_response r;

	snprintf(form, sizeof(form), "csrf=%s", csrf);
	r = http_post_form(c, path, form);
	free(csrf);
	return r;
}

static size_t audit_rows(struct world *w, const char *action, const char *object)
{
	struct store_conn *db = store_acquire(w->app->store);
	struct audit_query q;
	struct audit_entry *rows = NULL;
	size_t n = 0, hits = 0;

	memset(&q, 0, sizeof(q));
	q.action = action;
	assert_int_equal(store_audit_list(db, &q, &rows, &n), ERR_OK);
	store_release(db);
	for (size_t i = 0; i < n; i++)
		if (!object || strcmp(rows[i].object, object) == 0)
			hits++;
	free(rows);
	return hits;
}

/* Mails in the outbox to address that contain needle. */
static int outbox_count(struct world *w, const char *address, const char *needle)
{
	DIR *d = opendir(w->app->cfg.outbox_dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		char path[2048];
		char *text;
		size_t len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".eml") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", w->app->cfg.outbox_dir, de->d_name);
		text = tu_read_file(path, NULL);
		if (text && strstr(text, address) && strstr(text, needle))
			n++;
		free(text);
	}
	closedir(d);
	return n;
}

static bool has_bytes(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return true;
	return false;
}

static void test_receive_download_zip_xlsx(void **state)
{
	struct world *w = *state;
	struct http_client *la = world_client_as(w, U_LA1);
	struct http_client *adm = world_client_as(w, U_ADMIN_A);
	struct http_client *tea = world_client_as(w, U_TEACHER_A);
	struct http_response r;
	struct xlsx_book *book = NULL;
	struct errbuf eb = { "" };
	char path[160], dash[64], object[64], *good;
	size_t glen = 0;
	long long id, fid, empty_id;

	id = create_request(la, "KS2+TA+2025%2F26", "schools=8882001+8882002");
	fid = send_good(adm, id, "=HYPERLINK(1).xml");
	snprintf(dash, sizeof(dash), "/la/requests/%lld", id);
	r = http_get(la, dash);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "data-status=\"submitted\">Submitted"));
	assert_non_null(strstr(r.body, "Download all returns (ZIP)"));
	http_response_free(&r);

	/* a download is a POST: without the token it is refused and marks nothing */
	snprintf(path, sizeof(path), "/la/requests/%lld/files/%lld/download", id, fid);
	r = http_post_form(la, path, "");
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	snprintf(object, sizeof(object), "received file %lld", fid);
	assert_int_equal(audit_rows(w, "file.received", object), 0);
	/* a school user is not an LA officer */
	r = post_csrf(adm, "/schools/8882001/requests", path);
	assert_true(r.status == 403 || r.status == 404);
	http_response_free(&r);

	/* the officer downloads: the bytes as sent, marked received once */
	good = world_fixture_from("fixtures/ctf/8881234_KS2_888LLLL_001.xml", NULL, "2001", &glen);
	r = post_csrf(la, dash, path);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body_len, glen);
	assert_memory_equal(r.body, good, glen);
	assert_true(http_header_has(&r, "Content-Disposition", "attachment"));
	http_response_free(&r);
	r = post_csrf(la, dash, path);
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	assert_int_equal(audit_rows(w, "file.received", object), 1);
	r = http_get(la, dash);
	assert_non_null(strstr(r.body, "data-status=\"received\">Received"));
	assert_non_null(strstr(r.body, "Received: 1"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/la/requests/%lld/files/%lld", id, fid);
	r = http_get(la, path);
	assert_non_null(strstr(r.body, "Received by lee.la on 20/06/2026 12:00 UTC"));
	http_response_free(&r);
	/* the school sees it */
	r = http_get(adm, "/schools/8882001/requests");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "data-status=\"received\">Received"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld", id);
	r = http_get(adm, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "data-status=\"received\">Received"));
	http_response_free(&r);
	/* a teacher has no returns area */
	r = http_get(tea, path);
	assert_true(r.status == 403 || r.status == 404);
	http_response_free(&r);

	/* all returns as one ZIP: A's file under its LAESTAB; B has sent nothing */
	snprintf(path, sizeof(path), "/la/requests/%lld/download-all", id);
	r = post_csrf(la, dash, path);
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Type", "application/zip"));
	assert_true(r.body_len > 4 && memcmp(r.body, "PK\x03\x04", 4) == 0);
	assert_true(has_bytes(r.body, r.body_len, "8882001-"));
	assert_false(has_bytes(r.body, r.body_len, "8882002-"));
	http_response_free(&r);
	/* a request nobody has answered: nothing to download, said plainly */
	empty_id = create_request(la, "Phonics", "schools=8882002");
	snprintf(path, sizeof(path), "/la/requests/%lld/download-all", empty_id);
	snprintf(dash, sizeof(dash), "/la/requests/%lld", empty_id);
	r = post_csrf(la, dash, path);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "No school has sent a successful file"));
	http_response_free(&r);

	/* the dashboard as XLSX: the file name that looks like a formula stays text */
	snprintf(path, sizeof(path), "/la/requests/%lld/export-xlsx", id);
	r = http_get(la, path);
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Type", "spreadsheetml"));
	assert_int_equal(xlsx_read(r.body, r.body_len, &book, &eb), ERR_OK);
	{
		const struct xlsx_sheet *s = &book->sheets[0];
		const struct xlsx_cell *name = NULL, *status = NULL, *file = NULL;
		for (unsigned long row = 2; row <= 3; row++) {
			const struct xlsx_cell *c = xlsx_sheet_cell(s, 0, row);
			if (c && strcmp(c->text, "8882001") == 0) {
				name = xlsx_sheet_cell(s, 1, row);
				status = xlsx_sheet_cell(s, 2, row);
				file = xlsx_sheet_cell(s, 3, row);
			}
		}
		assert_non_null(name);
		assert_non_null(strstr(name->text, "Alder Primary"));
		assert_string_equal(status->text, "Received");
		assert_int_equal(file->type, XLSX_STRING);
		assert_string_equal(file->text, "=HYPERLINK(1).xml");
	}
	xlsx_book_free(book);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/la/requests/%lld/export-xlsx?status=required", id);
	r = http_get(la, path);
	assert_int_equal(r.status, 200);
	assert_int_equal(xlsx_read(r.body, r.body_len, &book, &eb), ERR_OK);
	assert_non_null(xlsx_sheet_cell(&book->sheets[0], 0, 2));
	assert_string_equal(xlsx_sheet_cell(&book->sheets[0], 0, 2)->text, "8882002");
	assert_null(xlsx_sheet_cell(&book->sheets[0], 0, 3));
	xlsx_book_free(book);
	http_response_free(&r);

	free(good);
	assert_int_equal(http_client_leaks(la), 0);
	assert_int_equal(http_client_leaks(adm), 0);
	assert_int_equal(http_client_leaks(tea), 0);
	http_client_free(la);
	http_client_free(adm);
	http_client_free(tea);
}

static void test_other_la_is_not_found(void **state)
{
	struct world *w = *state;
	struct http_client *la = world_client_as(w, U_LA1);
	struct store_conn *c = store_acquire(w->app->store);
	struct file_request other = { .la_id = w->la_id[1],
				      .academic_year = 2025,
				      .deadline = T_DEADLINE,
				      .created_at = T_NOW };
	struct received_file f = { .establishment_id = w->school[SCHOOL_C].id,
				   .received_at = T_NOW };
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct http_response r;
	char path[160], dash[64];

	snprintf(other.name, sizeof(other.name), "Southshire KS2");
	snprintf(other.collection, sizeof(other.collection), "ks2");
	assert_int_equal(store_file_request_add(c, &who, &other, &w->school[SCHOOL_C].id, 1, &eb),
			 ERR_OK);
	f.request_id = other.id;
	snprintf(f.status, sizeof(f.status), "successful");
	snprintf(f.kind, sizeof(f.kind), "ctf");
	memset(f.sha256, 'c', 64);
	assert_int_equal(store_received_file_add(c, &who, &f, "<CTfile/>", 9, NULL, &eb), ERR_OK);
	store_release(c);

	snprintf(dash, sizeof(dash), "/la/requests/%lld", (long long)other.id);
	snprintf(path, sizeof(path), "/la/requests/%lld/files/%lld/download", (long long)other.id,
		 (long long)f.id);
	r = post_csrf(la, "/la/requests", path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/la/requests/%lld/download-all", (long long)other.id);
	r = post_csrf(la, "/la/requests", path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/la/requests/%lld/history", (long long)other.id);
	r = http_get(la, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/la/requests/%lld/export-xlsx", (long long)other.id);
	r = http_get(la, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/la/requests/%lld/chase", (long long)other.id);
	r = post_csrf(la, "/la/requests", path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	assert_int_equal(audit_rows(w, "file.received", NULL), 0);
	assert_int_equal(audit_rows(w, "request.chase", NULL), 0);
	assert_int_equal(http_client_leaks(la), 0);
	http_client_free(la);
}

static size_t run_reminders(struct world *w, size_t *mails)
{
	struct store_conn *c = store_acquire(w->app->store);
	struct reminder_result rr;
	struct errbuf eb = { "" };

	assert_int_equal(reminders_run(w->app, c, &rr, &eb), ERR_OK);
	store_release(c);
	if (mails)
		*mails = rr.mails;
	return rr.schools;
}

static void test_chase_and_reminders(void **state)
{
	struct world *w = *state;
	struct http_client *la = world_client_as(w, U_LA1);
	struct http_client *adm = world_client_as(w, U_ADMIN_A);
	struct http_response r;
	char path[160], dash[64];
	size_t mails = 0;
	long long id, later;

	/* remind 3 days before the deadline; A sends, B does not */
	id = create_request(la, "KS2+TA", "schools=8882001+8882002&remind_days=3");
	later = create_request(la, "KS2+later", "schools=8882002");
	{
		/* the second request is due on 2026-07-10 17:00 and uses the setting */
		char *csrf;
		char form[512];
		snprintf(path, sizeof(path), "/la/requests/%lld/edit", later);
		csrf = world_csrf(la, path);
		snprintf(path, sizeof(path), "/la/requests/%lld", later);
		snprintf(form, sizeof(form),
			 "csrf=%s&name=KS2+later&collection=ks2&year=2025&deadline_date=2026-07-10&"
			 "deadline_time=17%%3A00&schools=8882002&remind_days=",
			 csrf);
		r = http_post_form(la, path, form);
		assert_int_equal(r.status, 303);
		http_response_free(&r);
		free(csrf);
	}
	send_good(adm, id, "ks2.xml");

	/* a chase: only B's admin is mailed */
	snprintf(dash, sizeof(dash), "/la/requests/%lld", id);
	snprintf(path, sizeof(path), "/la/requests/%lld/chase", id);
	r = post_csrf(la, dash, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Reminders went to 1 school (1 e-mail)"));
	http_response_free(&r);
	assert_int_equal(outbox_count(w, "bo.b@example.org", "KS2 TA"), 1);
	assert_int_equal(outbox_count(w, "adam.a@example.org", "KS2 TA"), 0);
	assert_int_equal(audit_rows(w, "request.chase", NULL), 1);

	/* 6 days before: too early for the 3-day reminder */
	assert_int_equal(run_reminders(w, NULL), 0);
	/* one minute before the 3 days: still too early */
	atomic_store(&w->clock, T_DEADLINE - 3 * 86400 - 60);
	assert_int_equal(run_reminders(w, NULL), 0);
	/* at 3 days: B is reminded, A (sent) is not; a mail that fails is not
	 * marked sent, so the next run tries again */
	atomic_store(&w->clock, T_DEADLINE - 3 * 86400);
	{
		const char *good_outbox = w->app->cfg.outbox_dir;
		struct store_conn *c = store_acquire(w->app->store);
		struct reminder_result rr;
		struct errbuf eb = { "" };
		w->app->cfg.outbox_dir = "/dev/null/not-a-folder";
		assert_int_equal(reminders_run(w->app, c, &rr, &eb), ERR_IO);
		assert_non_null(strstr(eb.msg, "Birch Infants"));
		assert_int_equal(rr.schools, 0);
		w->app->cfg.outbox_dir = good_outbox;
		store_release(c);
		assert_int_equal(audit_rows(w, "request.remind", NULL), 0);
	}
	assert_int_equal(run_reminders(w, &mails), 1);
	assert_int_equal(mails, 1);
	assert_int_equal(outbox_count(w, "bo.b@example.org", "automatic reminder"), 1);
	assert_int_equal(outbox_count(w, "adam.a@example.org", "automatic reminder"), 0);
	/* never twice */
	world_advance(w, 3600);
	assert_int_equal(run_reminders(w, NULL), 0);
	assert_int_equal(outbox_count(w, "bo.b@example.org", "automatic reminder"), 1);
	/* the later request, 7 days by the setting: nothing until 2026-07-03 17:00 */
	atomic_store(&w->clock, T_DEADLINE + 14 * 86400 - 7 * 86400 - 60);
	assert_int_equal(run_reminders(w, NULL), 0);
	world_advance(w, 60);
	assert_int_equal(run_reminders(w, NULL), 1);
	assert_int_equal(outbox_count(w, "bo.b@example.org", "KS2 later"), 1);
	assert_int_equal(run_reminders(w, NULL), 0);
	assert_int_equal(audit_rows(w, "request.remind", NULL), 2);

	/* the LA unlocks A's submitted KS2 results of the year: in the history too */
	{
		struct store_conn *c = store_acquire(w->app->store);
		struct actor who = { w->user[U_LA1].id, "lee.la", "" };
		struct errbuf eb = { "" };
		assert_int_equal(store_submission_submit(c, &who, w->school[SCHOOL_A].id, COLL_KS2,
							 2025, &eb),
				 ERR_OK);
		assert_int_equal(store_submission_unlock(c, &who, w->school[SCHOOL_A].id, COLL_KS2,
							 2025, "A pupil's result was wrong", &eb),
				 ERR_OK);
		store_release(c);
	}

	/* the history has it all, with who */
	atomic_store(&w->clock, T_NOW);
	snprintf(path, sizeof(path), "/la/requests/%lld/history", id);
	r = http_get(la, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Request created"));
	assert_non_null(strstr(r.body, "Uploaded"));
	assert_non_null(strstr(r.body, "adam.a"));
	assert_non_null(strstr(r.body, "Chased"));
	assert_non_null(strstr(r.body, "lee.la"));
	assert_non_null(strstr(r.body, "Automatic reminder"));
	assert_non_null(strstr(r.body, "system"));
	assert_non_null(strstr(r.body, "Birch Infants"));
	assert_non_null(strstr(r.body, "Unlocked"));
	assert_non_null(strstr(r.body, "A pupil&#39;s result was wrong"));
	http_response_free(&r);

	/* a closed request is not chased */
	snprintf(path, sizeof(path), "/la/requests/%lld/close", id);
	r = post_csrf(la, dash, path);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/la/requests/%lld/chase", id);
	r = post_csrf(la, dash, path);
	assert_int_equal(r.status, 409);
	http_response_free(&r);
	assert_int_equal(audit_rows(w, "request.chase", NULL), 1);

	assert_int_equal(http_client_leaks(la), 0);
	http_client_free(la);
	http_client_free(adm);
}

static void test_phase_targeting(void **state)
{
	struct world *w = *state;
	struct http_client *la = world_client_as(w, U_LA1);
	struct store_conn *c = store_acquire(w->app->store);
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct establishment *targets = NULL;
	struct http_response r;
	char form[512], *csrf;
	size_t n = 0;
	long long id;

	assert_int_equal(store_establishment_phase_set(c, &who, w->school[SCHOOL_A].id, "primary",
						       &eb),
			 ERR_OK);
	assert_int_equal(store_establishment_phase_set(c, &who, w->school[SCHOOL_B].id, "nursery",
						       &eb),
			 ERR_OK);
	assert_int_equal(store_establishment_phase_set(c, &who, w->school[SCHOOL_C].id, "primary",
						       &eb),
			 ERR_OK);
	assert_int_equal(store_establishment_phase_set(c, &who, w->school[SCHOOL_A].id, "upper",
						       &eb),
			 ERR_INVALID);
	store_release(c);

	/* every primary school of the LA: A, not B (nursery), not C (another LA) */
	id = create_request(la, "Primaries", "all_schools=on&phase=primary");
	c = store_acquire(w->app->store);
	assert_int_equal(store_request_targets(c, id, &targets, &n), ERR_OK);
	store_release(c);
	assert_int_equal(n, 1);
	assert_int_equal(targets[0].id, w->school[SCHOOL_A].id);
	free(targets);

	/* a phase without schools is answered beside the field, nothing stored */
	csrf = world_csrf(la, "/la/requests/new");
	snprintf(form, sizeof(form),
		 "csrf=%s&name=Secondaries&collection=ks2&year=2025&deadline_date=2026-06-26&"
		 "phase=secondary",
		 csrf);
	r = http_post_form(la, "/la/requests", form);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "No school of your local authority is recorded as "
				       "Secondary"));
	http_response_free(&r);
	snprintf(form, sizeof(form),
		 "csrf=%s&name=Late&collection=ks2&year=2025&deadline_date=2026-06-26&"
		 "schools=8882001&remind_days=99",
		 csrf);
	r = http_post_form(la, "/la/requests", form);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "from 0 (no automatic reminder) to 60"));
	http_response_free(&r);
	free(csrf);
	r = http_get(la, "/la/requests");
	assert_null(strstr(r.body, "Secondaries"));
	assert_null(strstr(r.body, "Late"));
	http_response_free(&r);
	assert_int_equal(audit_rows(w, "establishment.phase", NULL), 3);
	http_client_free(la);
}

static void test_la_sends_files(void **state)
{
	struct world *w = *state;
	struct http_client *la = world_client_as(w, U_LA1);
	struct http_client *adm = world_client_as(w, U_ADMIN_A);
	struct http_client *mat = world_client_as(w, U_MAT);
	static const char guidance[] = "Guidance for the KS2 return: send by Friday.\n";
	struct la_file *files = NULL;
	struct store_conn *c;
	struct http_response r;
	char path[160], page[64], *csrf, href[96];
	size_t n = 0;
	long long id, to_all, to_b;

	id = create_request(la, "KS2+TA", "schools=8882001+8882002");
	snprintf(page, sizeof(page), "/la/requests/%lld/send", id);
	csrf = world_csrf(la, page);
	r = multipart(la, page, csrf, "to=request&comment=Please read", "guidance.txt", guidance,
		      strlen(guidance));
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	r = multipart(la, page, csrf, "to=list&schools=8882002", "only-b.txt", "B only", 6);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	/* a school of another LA cannot be chosen; nothing is stored */
	r = multipart(la, page, csrf, "to=list&schools=7773001", "c.txt", "C", 1);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "is not a school of your local authority"));
	http_response_free(&r);
	/* an empty file is refused */
	r = multipart(la, page, csrf, "to=request", "empty.txt", "", 0);
	assert_int_equal(r.status, 422);
	http_response_free(&r);
	free(csrf);

	c = store_acquire(w->app->store);
	assert_int_equal(store_la_file_list_la(c, w->la_id[0], id, &files, &n), ERR_OK);
	store_release(c);
	assert_int_equal(n, 2);
	to_b = files[0].id; /* newest first */
	to_all = files[1].id;
	free(files);
	assert_int_equal(audit_rows(w, "lafile.send", NULL), 2);

	/* school A sees and downloads the guidance, not B's file */
	r = http_get(adm, "/schools/8882001/la-files");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "guidance.txt"));
	assert_non_null(strstr(r.body, "Please read"));
	assert_null(strstr(r.body, "only-b.txt"));
	http_response_free(&r);
	snprintf(href, sizeof(href), "/schools/8882001/la-files/%lld", to_all);
	r = http_get(adm, href);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body_len, strlen(guidance));
	assert_memory_equal(r.body, guidance, strlen(guidance));
	http_response_free(&r);
	assert_int_equal(audit_rows(w, "lafile.download", NULL), 1);
	snprintf(href, sizeof(href), "/schools/8882001/la-files/%lld", to_b);
	r = http_get(adm, href);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	/* the trust's other school (another LA) was sent nothing */
	snprintf(href, sizeof(href), "/schools/7773001/la-files/%lld", to_all);
	r = http_get(mat, href);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	/* the officer's page lists both with their reach */
	r = http_get(la, page);
	assert_non_null(strstr(r.body, "guidance.txt: sent by lee.la on 20/06/2026 12:00 UTC to 2 "
				       "schools"));
	assert_non_null(strstr(r.body, "only-b.txt: sent by lee.la on 20/06/2026 12:00 UTC to 1 "
				       "school"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/la/requests/%lld/history", id);
	r = http_get(la, path);
	assert_non_null(strstr(r.body, "LA file sent"));
	assert_non_null(strstr(r.body, "LA file downloaded by the school"));
	http_response_free(&r);

	assert_int_equal(http_client_leaks(adm), 0);
	assert_int_equal(http_client_leaks(mat), 0);
	http_client_free(la);
	http_client_free(adm);
	http_client_free(mat);
}

static void test_import_into_la_results(void **state)
{
	struct world *w = *state;
	struct http_client *la = world_client_as(w, U_LA1);
	struct store_conn *c = store_acquire(w->app->store);
	struct establishment hazel = { .la_id = w->la_id[0], .estab = 2009, .urn = 102009 };
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct received_file f = { .received_at = T_NOW }, fa = { .received_at = T_NOW };
	struct http_response r;
	char path[160], dash[64], *text, *at;
	size_t len = 0;
	long pupils = -1;
	long long id;

	/* Hazel keeps no pupils in pupiltrack; A does */
	snprintf(hazel.name, sizeof(hazel.name), "Hazel Primary");
	assert_int_equal(store_establishment_add(c, &who, &hazel, &eb), ERR_OK);
	store_release(c);
	id = create_request(la, "KS2+TA", "schools=8882001+8882009");
	text = world_fixture_from("fixtures/ctf/8881234_KS2_888LLLL_001.xml", NULL, "2001", &len);
	c = store_acquire(w->app->store);
	fa.request_id = f.request_id = id;
	fa.establishment_id = w->school[SCHOOL_A].id;
	f.establishment_id = hazel.id;
	snprintf(f.status, sizeof(f.status), "successful");
	snprintf(fa.status, sizeof(fa.status), "successful");
	snprintf(f.kind, sizeof(f.kind), "ctf");
	snprintf(fa.kind, sizeof(fa.kind), "ctf");
	snprintf(f.original_name, sizeof(f.original_name), "hazel.xml");
	memset(f.sha256, 'd', 64);
	memset(fa.sha256, 'e', 64);
	assert_int_equal(store_received_file_add(c, &who, &fa, text, len, NULL, &eb), ERR_OK);
	at = strstr(text, "<Estab>2001</Estab>");
	assert_non_null(at);
	memcpy(at + strlen("<Estab>"), "2009", 4);
	assert_int_equal(store_received_file_add(c, &who, &f, text, len, NULL, &eb), ERR_OK);
	store_release(c);
	free(text);

	/* A's results come from its own data: not imported */
	snprintf(dash, sizeof(dash), "/la/requests/%lld", id);
	snprintf(path, sizeof(path), "/la/requests/%lld/files/%lld/import", id, (long long)fa.id);
	r = post_csrf(la, dash, path);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "keeps its pupils in pupiltrack"));
	http_response_free(&r);
	/* Hazel's return feeds the LA's results */
	snprintf(path, sizeof(path), "/la/requests/%lld/files/%lld", id, (long long)f.id);
	r = http_get(la, path);
	assert_non_null(strstr(r.body, "Import into the LA's results"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/la/requests/%lld/files/%lld/import", id, (long long)f.id);
	r = post_csrf(la, dash, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Imported into the LA"));
	http_response_free(&r);
	c = store_acquire(w->app->store);
	assert_int_equal(store_pupil_count(c, hazel.id, &pupils), ERR_OK);
	store_release(c);
	assert_true(pupils > 0);
	assert_int_equal(audit_rows(w, "file.import", NULL), 1);
	/* once imported, Hazel's data is in pupiltrack: a second import is refused */
	r = post_csrf(la, dash, path);
	assert_int_equal(r.status, 409);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/la/requests/%lld/history", id);
	r = http_get(la, path);
	assert_non_null(strstr(r.body, "Imported into the LA"));
	http_response_free(&r);
	http_client_free(la);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_receive_download_zip_xlsx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_la_is_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chase_and_reminders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phase_targeting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_la_sends_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_into_la_results, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
