/*
 * test_collection_upload: the school's side of the LA collection over HTTP
 * (issue 7b), on both backends. Several files in one "Upload & send" each get
 * their own verdict (Successful, Upload error with its problems, refused for
 * another school's file); each kind is detected by content; a file of the
 * limit - 1 and the limit is taken and limit + 1 refused in the same post;
 * more files than allowed, a body over the cap announced by Content-Length and
 * a Content-Length that lies about the body store nothing; the error file of a
 * file with more than 10 problems; the files list's filters; recall only
 * before the LA received the file; delete only by the uploader's own side; the
 * results template downloaded with the school's pupils and uploaded back.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zip.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/app.h"
#include "app/collection_upload.h"
#include "app/results_sheet.h"
#include "app/statutory_app.h"
#include "formats/xlsx_read.h"
#include "formats/xlsx_write.h"
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

static const char boundary[] = "----pupiltrackSeveralFilesBoundary7b";

/* The multipart body of an upload: csrf (unless NULL), the comment, the files. */
static void body_of(struct strbuf *sb, const char *csrf, const struct part *files, size_t n)
{
	if (csrf)
		strbuf_addf(sb,
			    "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n",
			    boundary, csrf);
	strbuf_addf(sb,
		    "--%s\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\n"
		    "From the office.\r\n",
		    boundary);
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(sb,
			    "--%s\r\nContent-Disposition: form-data; name=\"files\"; "
			    "filename=\"%s\"\r\nContent-Type: application/octet-stream\r\n\r\n",
			    boundary, files[i].name);
		strbuf_add(sb, files[i].data, files[i].len);
		strbuf_adds(sb, "\r\n");
	}
	strbuf_addf(sb, "--%s--\r\n", boundary);
}

static struct http_response send_files(struct http_client *c, const char *path, const char *csrf,
				       const struct part *files, size_t n)
{
	struct strbuf sb;
	struct http_response r;
	char ct[128];

	strbuf_init(&sb, 64 * 1024 * 1024);
	body_of(&sb, csrf, files, n);
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", boundary);
	r = http_request(c, "POST", path, NULL, ct, sb.buf, sb.len);
	strbuf_release(&sb);
	return r;
}

/* A request of collection coll for school A, files or a pupil list; its id. */
static long long create_request(struct http_client *la, const char *name, const char *coll)
{
	char fields[256];

	snprintf(fields, sizeof(fields),
		 "name=%s&collection=%s&file_kinds=Pupil+list&schools=8882001", name, coll);
	return world_request_new(la, fields);
}

/* The id of the newest stored file of the request called name. */
static long long file_id(struct world *w, long long id, const char *name)
{
	struct store_conn *c = store_acquire(w->app->store);
	struct received_file *list = NULL;
	long long fid = 0;
	size_t n = 0;

	assert_int_equal(store_received_file_list(c, id, 0, &list, &n), ERR_OK);
	for (size_t i = 0; i < n && !fid; i++)
		if (strcmp(list[i].original_name, name) == 0)
			fid = list[i].id;
	free(list);
	store_release(c);
	assert_true(fid > 0);
	return fid;
}

static void test_several_files(void **state)
{
	struct world *w = *state;
	struct http_client *la = world_client(w, U_LA1);
	struct http_client *adm = world_client(w, U_ADMIN_A);
	struct http_response r;
	struct part files[COLLECTION_FILES_MAX + 1];
	size_t glen = 0, blen = 0, olen = 0;
	char *good =
		world_fixture_from("fixtures/ctf/8881234_KS2_888LLLL_001.xml", NULL, "2001", &glen);
	char *bad = world_fixture_from("fixtures/ctf/bad/duplicate-upn.xml", NULL, "2001", &blen);
	char *birch =
		world_fixture_from("fixtures/ctf/8881234_KS2_888LLLL_001.xml", NULL, "2002", &olen);
	char path[160], *csrf;
	long long id;

	assert_int_equal(world_sign_in(w, la, U_LA1), 303);
	assert_int_equal(world_sign_in(w, adm, U_ADMIN_A), 303);
	id = create_request(la, "KS2+TA", "ks2");
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld", id);
	r = http_get(adm, path);
	assert_int_equal(r.status, 200);
	/* the form takes several files, works without JavaScript, and has a drop zone */
	assert_non_null(strstr(r.body, "name=\"files\" multiple"));
	assert_non_null(strstr(r.body, "data-drop-zone"));
	assert_non_null(strstr(r.body, "/send\" enctype=\"multipart/form-data\""));
	http_response_free(&r);
	csrf = world_csrf(adm, path);
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/send", id);

	files[0] = (struct part){ "bad.xml", bad, blen };
	files[1] = (struct part){ "birch.xml", birch, olen };
	files[2] = (struct part){ "good.xml", good, glen };
	files[3] = (struct part){ "notes.txt", "Dear LA, here you are.", 22 };
	r = send_files(adm, path, csrf, files, 4);
	assert_int_equal(r.status, 422); /* one file was refused */
	assert_non_null(strstr(r.body, "3 of 4 files received"));
	assert_non_null(strstr(r.body, "bad.xml: Upload error"));
	assert_non_null(strstr(r.body, "bad.xml:395:"));
	assert_non_null(strstr(r.body, "birch.xml: Refused, not sent"));
	assert_non_null(strstr(r.body, "birch.xml was made by school 8882002"));
	assert_non_null(strstr(r.body, "good.xml: Successful"));
	assert_non_null(strstr(r.body, "notes.txt: Upload error"));
	assert_non_null(strstr(r.body, "not one a return can be made of"));
	http_response_free(&r);
	assert_int_equal(world_request_files(w, id, 0), 3);

	/* the LA sees the school Submitted, with the one comment */
	snprintf(path, sizeof(path), "/la/requests/%lld", id);
	r = http_get(la, path);
	assert_non_null(strstr(r.body, "data-status=\"submitted\">Submitted"));
	http_response_free(&r);

	/* too many files, or none, or no CSRF token: nothing stored */
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/send", id);
	for (size_t i = 0; i <= COLLECTION_FILES_MAX; i++)
		files[i] = (struct part){ "good.xml", good, glen };
	r = send_files(adm, path, csrf, files, COLLECTION_FILES_MAX + 1);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "You chose 11 files: at most 10 can be sent at a time"));
	http_response_free(&r);
	r = send_files(adm, path, csrf, files, 0);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "Choose the files to send"));
	http_response_free(&r);
	r = send_files(adm, path, NULL, files, 1);
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	assert_int_equal(world_request_files(w, id, 0), 3);

	/* a request the school is not asked for answers 404 */
	r = send_files(adm, "/schools/8882001/requests/999999/send", csrf, files, 1);
	assert_int_equal(r.status, 404);
	http_response_free(&r);

	free(good);
	free(bad);
	free(birch);
	free(csrf);
	http_client_free(la);
	http_client_free(adm);
}

/* The FFT fixture's workbook with every School DFE cell 8881234 made 8882001
 * (school A's), written through a temporary file with libzip. upns_too: the
 * digits inside the UPNs too, which breaks every UPN's check letter. */
static char *xlsx_for_school_a(const char *data, size_t len, bool upns_too, size_t *out_len)
{
	char tmp[] = "/tmp/pt-test-xlsx-XXXXXX", *text, *at, *out;
	int fd = mkstemp(tmp);
	zip_t *z;
	zip_file_t *f;
	zip_stat_t st;
	zip_source_t *src;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	z = zip_open(tmp, 0, NULL);
	assert_non_null(z);
	assert_int_equal(zip_stat(z, "xl/worksheets/sheet1.xml", 0, &st), 0);
	text = xmalloc(st.size + 1);
	f = zip_fopen(z, "xl/worksheets/sheet1.xml", 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, text, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	text[st.size] = '\0';
	for (at = strstr(text, "<t>8881234</t>"); at; at = strstr(at, "<t>8881234</t>"))
		memcpy(at + 3, "8882001", 7); /* the School DFE cells */
	for (at = strstr(text, "8881234"); upns_too && at; at = strstr(at, "8881234"))
		memcpy(at, "8882001", 7);
	src = zip_source_buffer(z, text, st.size, 1);
	assert_non_null(src);
	assert_true(zip_file_add(z, "xl/worksheets/sheet1.xml", src, ZIP_FL_OVERWRITE) >= 0);
	assert_int_equal(zip_close(z), 0);
	out = tu_read_file(tmp, out_len);
	assert_non_null(out);
	unlink(tmp);
	return out;
}

/* Each kind found by its content whatever its name; the error file. */
static void test_kinds(void **state)
{
	struct world *w = *state;
	struct http_client *la = world_client(w, U_LA1);
	struct http_client *adm = world_client(w, U_ADMIN_A);
	struct http_response r;
	struct part files[3];
	size_t clen = 0, xlen = 0, plen = 0;
	char *ctf =
		world_fixture_from("fixtures/ctf/8881234_KS1_888LLLL_001.xml", NULL, "2001", &clen);
	char *xlsx = world_fixture_from("fixtures/fft/ks1-early-results-8881234.xlsx", NULL, NULL,
					&xlen);
	char *csv = world_fixture_from("fixtures/pupils/pupils-8881234.csv", NULL, NULL, &plen);
	char path[160], *csrf;
	long long id, fid;

	assert_int_equal(world_sign_in(w, la, U_LA1), 303);
	assert_int_equal(world_sign_in(w, adm, U_ADMIN_A), 303);
	id = create_request(la, "KS1", "ks1");
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld", id);
	csrf = world_csrf(adm, path);
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/send", id);
	/* names that say nothing of the kind */
	files[0] = (struct part){ "one.dat", ctf, clen };
	files[1] = (struct part){ "two.dat", xlsx, xlen };
	files[2] = (struct part){ "three.dat", csv, plen };
	r = send_files(adm, path, csrf, files, 3);
	/* issue 7e: the FFT file is another school's (its School DFE): refused
	 * like another school's CTF, nothing stored */
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "The file two.dat is the results spreadsheet of school "
				       "8881234, not of"));
	assert_int_equal(world_request_files(w, id, 0), 2);
	http_response_free(&r);
	/* the same workbook made school A's is taken */
	{
		size_t mlen = 0;
		char *mine = xlsx_for_school_a(xlsx, xlen, false, &mlen);
		files[1] = (struct part){ "mine.dat", mine, mlen };
		r = send_files(adm, path, csrf, files + 1, 1);
		assert_int_equal(r.status, 200);
		assert_non_null(strstr(r.body, "mine.dat: Successful"));
		assert_non_null(strstr(r.body, "Results spreadsheet (XLSX)"));
		http_response_free(&r);
		free(mine);
		/* and with every UPN's check letter broken: an Upload error with a
		 * problem per pupil row, so an error file */
		mine = xlsx_for_school_a(xlsx, xlen, true, &mlen);
		free(xlsx);
		xlsx = mine;
		xlen = mlen;
	}
	files[1] = (struct part){ "two.dat", xlsx, xlen };
	r = send_files(adm, path, csrf, files, 3);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "one.dat: Successful"));
	assert_non_null(strstr(r.body, "Common transfer file (CTF)"));
	assert_non_null(strstr(r.body, "two.dat: Upload error"));
	assert_non_null(strstr(r.body, "two.dat:KS1!B2: error: UPN "));
	assert_non_null(strstr(r.body, "three.dat: Upload error"));
	assert_non_null(strstr(r.body, "Pupil CSV"));
	assert_non_null(strstr(r.body, "This is a pupil list (CSV), but this request is for KS1"));
	http_response_free(&r);

	/* more than 10 problems: the error file, one line per problem */
	fid = file_id(w, id, "two.dat");
	{
		struct store_conn *c = store_acquire(w->app->store);
		struct problem_list pl;

		problem_list_init(&pl);
		assert_int_equal(store_received_problems(c, fid, &pl), ERR_OK);
		store_release(c);
		assert_true(pl.count > 10); /* one UPN problem per pupil row */
		snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/files/%lld", id, fid);
		r = http_get(adm, path);
		assert_non_null(strstr(r.body, "/problems.csv\" download"));
		http_response_free(&r);
		snprintf(path, sizeof(path),
			 "/schools/8882001/requests/%lld/files/%lld/problems.csv", id, fid);
		r = http_get(adm, path);
		assert_int_equal(r.status, 200);
		assert_true(http_header_has(&r, "Content-Type", "text/csv"));
		{
			static const char start[] = "File,Sheet,Row,Column,Severity,Message\r\n"
						    "two.dat,KS1,2,B,error,\"UPN ";
			if (strncmp(r.body, start, sizeof(start) - 1) != 0)
				fail_msg("the error file starts %.200s", r.body);
		}
		{
			size_t lines = 0;
			for (const char *p = r.body; *p; p++)
				lines += *p == '\n';
			assert_int_equal(lines, pl.count + 1);
		}
		http_response_free(&r);
		problem_list_release(&pl);
	}
	/* another school's user does not find it */
	{
		struct http_client *tb = world_client(w, U_TEACHER_B);
		assert_int_equal(world_sign_in(w, tb, U_TEACHER_B), 303);
		snprintf(path, sizeof(path),
			 "/schools/8882002/requests/%lld/files/%lld/problems.csv", id, fid);
		r = http_get(tb, path);
		assert_int_equal(r.status, 404);
		http_response_free(&r);
		http_client_free(tb);
	}
	free(ctf);
	free(xlsx);
	free(csv);
	free(csrf);
	http_client_free(la);
	http_client_free(adm);
}

/* Sends raw bytes to the server and reads the answer's status (0 = none). */
static int raw_status(struct world *w, const char *head, const char *body, size_t len)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)w->port) };
	char buf[4096];
	int fd = socket(AF_INET, SOCK_STREAM, 0), status = 0;
	size_t got = 0;
	ssize_t k;

	assert_true(fd >= 0);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(send(fd, head, strlen(head), MSG_NOSIGNAL), (ssize_t)strlen(head));
	if (len)
		(void)send(fd, body, len, MSG_NOSIGNAL);
	while (got + 1 < sizeof(buf) && (k = recv(fd, buf + got, sizeof(buf) - 1 - got, 0)) > 0) {
		got += (size_t)k;
		buf[got] = '\0';
		if (strstr(buf, "\r\n"))
			break;
	}
	buf[got] = '\0';
	close(fd);
	sscanf(buf, "HTTP/1.%*d %d", &status);
	return status;
}

static void test_limits(void **state)
{
	struct world *w = *state;
	struct http_client *la = world_client(w, U_LA1);
	struct http_client *adm = world_client(w, U_ADMIN_A);
	char *big = xmalloc(RECEIVED_FILE_MAX + 1), *csrf, *cookie, path[160], head[1024];
	struct part files[3];
	struct http_response r;
	struct strbuf sb;
	long long id;

	assert_int_equal(world_sign_in(w, la, U_LA1), 303);
	assert_int_equal(world_sign_in(w, adm, U_ADMIN_A), 303);
	id = create_request(la, "KS2", "ks2");
	memset(big, ' ', RECEIVED_FILE_MAX + 1);
	big[0] = '<';
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld", id);
	csrf = world_csrf(adm, path);
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/send", id);

	/* limit - 1 and the limit are taken, limit + 1 refused naming both numbers */
	files[0] = (struct part){ "under.xml", big, RECEIVED_FILE_MAX - 1 };
	files[1] = (struct part){ "exact.xml", big, RECEIVED_FILE_MAX };
	files[2] = (struct part){ "over.xml", big, RECEIVED_FILE_MAX + 1 };
	r = send_files(adm, path, csrf, files, 3);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "2 of 3 files received"));
	assert_non_null(strstr(r.body, "over.xml is 3145729 bytes"));
	assert_non_null(strstr(r.body, "the limit is 3145728 bytes"));
	http_response_free(&r);
	assert_int_equal(world_request_files(w, id, 0), 2);
	r = send_files(adm, path, csrf, files + 2, 1);
	assert_int_equal(r.status, 413);
	http_response_free(&r);
	assert_int_equal(world_request_files(w, id, 0), 2);

	/* a body over the cap is refused on its Content-Length, before it is read */
	cookie = http_cookie(adm, "pt_session");
	assert_non_null(cookie);
	snprintf(head, sizeof(head),
		 "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: pt_session=%s\r\n"
		 "Content-Type: multipart/form-data; boundary=%s\r\nContent-Length: %d\r\n\r\n",
		 path, cookie, boundary, COLLECTION_UPLOAD_BODY_MAX + 1);
	assert_int_equal(raw_status(w, head, NULL, 0), 413);

	/* a Content-Length shorter than the body: only that much is read, which is
	 * no whole form, and nothing is stored */
	strbuf_init(&sb, 8 * 1024 * 1024);
	files[0] = (struct part){ "exact.xml", big, RECEIVED_FILE_MAX };
	body_of(&sb, csrf, files, 1);
	snprintf(head, sizeof(head),
		 "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: pt_session=%s\r\n"
		 "Content-Type: multipart/form-data; boundary=%s\r\nContent-Length: %zu\r\n"
		 "Connection: close\r\n\r\n",
		 path, cookie, boundary, sb.len / 2);
	assert_int_equal(raw_status(w, head, sb.buf, sb.len), 400);
	strbuf_release(&sb);
	assert_int_equal(world_request_files(w, id, 0), 2);

	free(cookie);
	free(big);
	free(csrf);
	http_client_free(la);
	http_client_free(adm);
}

/* issue 7e: a 5 MiB file followed by more data is stopped while it streams in.
 * The client sends the body in pieces and watches for the answer between them:
 * the 413 naming the file must arrive before the whole body was sent, and
 * nothing is stored. A server that read the whole body first would answer only
 * after the last byte, and the test would fail. */
static void test_big_file_stopped_early(void **state)
{
	struct world *w = *state;
	struct http_client *la = world_client(w, U_LA1);
	struct http_client *adm = world_client(w, U_ADMIN_A);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)w->port) };
	size_t big_len = 5u * 1024 * 1024, more_len = 20u * 1024 * 1024, sent = 0, got = 0;
	size_t sent_at_answer = 0;
	char *big = xmalloc(more_len), *csrf, *cookie, path[160], head[1024], *answer;
	struct part files[2];
	struct http_response r;
	struct strbuf sb;
	long long id;
	int fd, status = 0;

	assert_int_equal(world_sign_in(w, la, U_LA1), 303);
	assert_int_equal(world_sign_in(w, adm, U_ADMIN_A), 303);
	id = create_request(la, "KS2", "ks2");
	memset(big, ' ', more_len);
	big[0] = '<';
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld", id);
	csrf = world_csrf(adm, path);
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/send", id);
	files[0] = (struct part){ "huge-return.xml", big, big_len };
	files[1] = (struct part){ "more.xml", big, more_len };
	strbuf_init(&sb, 64 * 1024 * 1024);
	body_of(&sb, csrf, files, 2);
	assert_true(sb.len < COLLECTION_UPLOAD_BODY_MAX); /* not refused on its length */
	cookie = http_cookie(adm, "pt_session");
	assert_non_null(cookie);
	snprintf(head, sizeof(head),
		 "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: pt_session=%s\r\n"
		 "Content-Type: multipart/form-data; boundary=%s\r\nContent-Length: %zu\r\n\r\n",
		 path, cookie, boundary, sb.len);

	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(send(fd, head, strlen(head), MSG_NOSIGNAL), (ssize_t)strlen(head));
	assert_int_equal(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK), 0);
	answer = xmalloc(256 * 1024);
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t k;

		if (sent < sb.len)
			pfd.events |= POLLOUT;
		if (poll(&pfd, 1, 10000) <= 0)
			break; /* no answer and no progress for 10 s */
		if (pfd.revents & (POLLIN | POLLHUP | POLLERR)) {
			if (!sent_at_answer)
				sent_at_answer = sent;
			k = recv(fd, answer + got, 256 * 1024 - 1 - got, 0);
			if (k > 0) {
				got += (size_t)k;
				continue;
			}
			if (k < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			break; /* the end of the answer (or the connection reset after it) */
		}
		if (pfd.revents & POLLOUT) {
			size_t piece = sb.len - sent < 16384 ? sb.len - sent : 16384;
			k = send(fd, sb.buf + sent, piece, MSG_NOSIGNAL);
			if (k > 0)
				sent += (size_t)k;
			else if (k < 0 && errno != EAGAIN && errno != EINTR)
				break;
		}
	}
	close(fd);
	answer[got] = '\0';
	sscanf(answer, "HTTP/1.%*d %d", &status);
	assert_int_equal(status, 413);
	assert_true(sent_at_answer > 0);
	assert_true(sent_at_answer < sb.len); /* answered while the body was still coming */
	assert_non_null(strstr(answer, "huge-return.xml is more than"));
	assert_non_null(strstr(answer, "the limit is 3,145,728 bytes (3 MiB) per file"));
	assert_non_null(strstr(answer, "Connection: close"));
	assert_int_equal(world_request_files(w, id, 0), 0);

	/* the server goes on: a file of the limit is still taken */
	files[0] = (struct part){ "exact.xml", big, RECEIVED_FILE_MAX };
	r = send_files(adm, path, csrf, files, 1);
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	assert_int_equal(world_request_files(w, id, 0), 1);

	strbuf_release(&sb);
	free(answer);
	free(cookie);
	free(big);
	free(csrf);
	http_client_free(la);
	http_client_free(adm);
}

static bool history_has(struct world *w, long long id, const char *action)
{
	struct store_conn *c = store_acquire(w->app->store);
	struct audit_entry *rows = NULL;
	size_t n = 0;
	bool found = false;

	assert_int_equal(store_request_history(c, id, 0, &rows, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		found = found || strcmp(rows[i].action, action) == 0;
	free(rows);
	store_release(c);
	return found;
}

static void test_recall_and_delete(void **state)
{
	struct world *w = *state;
	struct http_client *la = world_client(w, U_LA1);
	struct http_client *adm = world_client(w, U_ADMIN_A);
	struct http_client *mat = world_client(w, U_MAT);
	struct http_response r;
	struct part files[3];
	size_t glen = 0;
	char *good =
		world_fixture_from("fixtures/ctf/8881234_KS2_888LLLL_001.xml", NULL, "2001", &glen);
	char path[200], form[256], *csrf, *mcsrf;
	long long id, first, second, third;

	assert_int_equal(world_sign_in(w, la, U_LA1), 303);
	assert_int_equal(world_sign_in(w, adm, U_ADMIN_A), 303);
	assert_int_equal(world_sign_in(w, mat, U_MAT), 303);
	id = create_request(la, "KS2", "ks2");
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld", id);
	csrf = world_csrf(adm, path);
	mcsrf = world_csrf(mat, path);
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/send", id);
	files[0] = (struct part){ "first.xml", good, glen };
	files[1] = (struct part){ "second.xml", good, glen };
	files[2] = (struct part){ "third.xml", "not a return", 12 };
	r = send_files(adm, path, csrf, files, 3);
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	first = file_id(w, id, "first.xml");
	second = file_id(w, id, "second.xml");
	third = file_id(w, id, "third.xml");

	/* the LA receives the first file */
	{
		struct store_conn *c = store_acquire(w->app->store);
		struct received_file f;
		struct actor who = { w->user[U_LA1].id, "lee.la", "127.0.0.1" };
		struct errbuf eb = { "" };
		assert_int_equal(store_received_file_get(c, first, &f), ERR_OK);
		assert_int_equal(store_file_receipt_add(c, &who, &f, 1781960400, NULL, &eb),
				 ERR_OK);
		store_release(c);
	}

	/* the filters */
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/files?show=received", id);
	r = http_get(adm, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "first.xml"));
	assert_null(strstr(r.body, "second.xml"));
	assert_non_null(strstr(r.body, "Received by lee.la on 20/06/2026 13:00 UTC"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/files?show=not-received", id);
	r = http_get(adm, path);
	assert_null(strstr(r.body, "first.xml"));
	assert_non_null(strstr(r.body, "second.xml"));
	assert_non_null(strstr(r.body, "third.xml"));
	http_response_free(&r);

	/* a received file cannot be recalled */
	snprintf(form, sizeof(form), "csrf=%s", csrf);
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/files/%lld/recall", id, first);
	r = http_post_form(adm, path, form);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "has received first.xml already"));
	http_response_free(&r);
	assert_int_equal(world_request_files(w, id, 0), 3);

	/* one not received yet can: the LA no longer sees it, the school sees Recalled */
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/files/%lld/recall", id,
		 second);
	r = http_post_form(adm, path, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	assert_int_equal(world_request_files(w, id, 0), 2);
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/files", id);
	r = http_get(adm, path);
	assert_non_null(strstr(r.body, "second.xml</th><td>Common transfer file (CTF)</td><td>"
				       "Recalled"));
	assert_non_null(strstr(r.body, "Recalled by adam.a"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/la/requests/%lld", id);
	r = http_get(la, path);
	assert_null(strstr(r.body, "second.xml"));
	http_response_free(&r);
	assert_true(history_has(w, id, "file.recall"));

	/* delete: the trust did not upload it, so its admin may not delete it */
	snprintf(form, sizeof(form), "csrf=%s", mcsrf);
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/files/%lld/delete", id, third);
	r = http_post_form(mat, path, form);
	assert_int_equal(r.status, 403);
	assert_non_null(strstr(r.body, "only the school&#39;s own users can delete it"));
	http_response_free(&r);
	assert_int_equal(world_request_files(w, id, 0), 2);
	/* a user of another school does not even find it */
	{
		struct http_client *tb = world_client(w, U_TEACHER_B);
		char *bcsrf;
		assert_int_equal(world_sign_in(w, tb, U_TEACHER_B), 303);
		bcsrf = world_csrf(tb, "/");
		snprintf(form, sizeof(form), "csrf=%s", bcsrf);
		r = http_post_form(tb, path, form);
		assert_int_equal(r.status, 404);
		http_response_free(&r);
		free(bcsrf);
		http_client_free(tb);
	}
	/* the school's own admin may */
	snprintf(form, sizeof(form), "csrf=%s", csrf);
	r = http_post_form(adm, path, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	assert_int_equal(world_request_files(w, id, 0), 1);
	assert_true(history_has(w, id, "file.delete"));
	/* the received one cannot be deleted either */
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/files/%lld/delete", id, first);
	r = http_post_form(adm, path, form);
	assert_int_equal(r.status, 409);
	http_response_free(&r);
	assert_int_equal(world_request_files(w, id, 0), 1);

	free(good);
	free(csrf);
	free(mcsrf);
	http_client_free(la);
	http_client_free(adm);
	http_client_free(mat);
}

/* The text of one part of a zip (the workbook's sheet XML); caller frees. */
static char *zip_part(const char *data, size_t len, const char *name)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_file_t *f;
	zip_stat_t st;
	char *text;

	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	assert_non_null(src);
	z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(z);
	assert_int_equal(zip_stat(z, name, 0, &st), 0);
	text = xcalloc(1, st.size + 1);
	f = zip_fopen(z, name, 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, text, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	zip_close(z);
	zip_error_fini(&ze);
	return text;
}

static const char *cell_text(const struct xlsx_sheet *sh, unsigned col, unsigned long row)
{
	const struct xlsx_cell *c = xlsx_sheet_cell(sh, col, row);
	return c ? c->text : "";
}

/* The phonics template of school A (its three Year 1 pupils) down and back. */
static void test_template_round_trip(void **state)
{
	struct world *w = *state;
	struct http_client *la = world_client(w, U_LA1);
	struct http_client *adm = world_client(w, U_ADMIN_A);
	struct http_response r;
	struct xlsx_book *book = NULL;
	const struct xlsx_sheet *sh;
	const struct results_column *cols = NULL;
	struct errbuf eb = { "" };
	struct part files[2];
	char path[160], *csrf, *xml, upn[3][14], other_upn[14];
	char *out = NULL;
	size_t ncols, outlen = 0;
	long long id;

	assert_int_equal(world_sign_in(w, la, U_LA1), 303);
	assert_int_equal(world_sign_in(w, adm, U_ADMIN_A), 303);
	id = create_request(la, "Phonics", "phonics");
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld", id);
	r = http_get(adm, path);
	assert_non_null(strstr(r.body, "template.xlsx\" download"));
	assert_non_null(strstr(r.body, "results spreadsheet with your pupils"));
	http_response_free(&r);
	csrf = world_csrf(adm, path);

	/* down: one row per Year 1 pupil, with drop-downs of the codes */
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/template.xlsx", id);
	r = http_get(adm, path);
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Type", "spreadsheetml"));
	assert_true(
		http_header_has(&r, "Content-Disposition", "phonics-results-8882001-2025.xlsx"));
	assert_int_equal(xlsx_read(r.body, r.body_len, &book, &eb), ERR_OK);
	sh = xlsx_book_sheet(book, "Phonics");
	assert_non_null(sh);
	ncols = results_sheet_layout(COLL_PHONICS, NULL, &cols);
	for (size_t k = 0; k < ncols; k++)
		assert_string_equal(cell_text(sh, (unsigned)k, 1), cols[k].heading);
	for (unsigned long row = 2; row <= 4; row++) {
		assert_string_equal(cell_text(sh, 0, row), "8882001");
		assert_non_null(strstr(cell_text(sh, 3, row), "QZXA"));
		assert_string_equal(cell_text(sh, 6, row), "1");
		snprintf(upn[row - 2], sizeof(upn[0]), "%s", cell_text(sh, 1, row));
	}
	assert_string_equal(cell_text(sh, 0, 5), "");
	xml = zip_part(r.body, r.body_len, "xl/worksheets/sheet1.xml");
	assert_non_null(strstr(xml, "<dataValidation type=\"list\""));
	assert_non_null(strstr(xml, "\"Male,Female\""));
	assert_non_null(strstr(xml, "\"0,1,2,3,"));
	assert_non_null(strstr(xml, "39,40,A,D,L,Q\""));
	free(xml);
	xlsx_book_free(book);

	/* back as it is: the results spreadsheet, no problems */
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/send", id);
	files[0] = (struct part){ "phonics.xlsx", r.body, r.body_len };
	{
		struct http_response up = send_files(adm, path, csrf, files, 1);
		assert_int_equal(up.status, 200);
		assert_non_null(strstr(up.body, "phonics.xlsx: Successful"));
		assert_non_null(strstr(up.body, "Results spreadsheet (XLSX)"));
		http_response_free(&up);
	}
	http_response_free(&r);

	/* filled in wrongly: a mark out of range, a pupil added, one removed */
	{
		struct store_conn *c = store_acquire(w->app->store);
		struct pupil *list = NULL;
		struct pupil_query q = { .establishment_id = w->school[SCHOOL_B].id };
		size_t n = 0;
		assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
		assert_true(n > 0);
		snprintf(other_upn, sizeof(other_upn), "%s", list[0].upn);
		free(list);
		store_release(c);
	}
	{
		static const char *const rows[3][8] = {
			{ "8882001", NULL, "Ada", "Kay", "Female", "01/10/2019", "1", "41" },
			{ "8882001", NULL, "Ben", "Kay", "Male", "02/10/2019", "1", "32" },
			{ "8882001", NULL, "Cal", "New", "Male", "03/10/2019", "1", "" },
		};
		struct sheet_cell cells[4 * 8];
		struct sheet out_sheet = { .name = "Phonics", .rows = 4, .cols = 8, .cells = cells };
		memset(cells, 0, sizeof(cells));
		for (size_t k = 0; k < 8; k++)
			cells[k].text = cols[k].heading;
		for (size_t i = 0; i < 3; i++)
			for (size_t k = 0; k < 8; k++)
				cells[(i + 1) * 8 + k].text =
					k == 1 ? (i < 2 ? upn[i] : other_upn) : rows[i][k];
		assert_int_equal(xlsx_write_sheet(&out_sheet, NULL, &out, &outlen, &eb), ERR_OK);
	}
	files[0] = (struct part){ "filled.xlsx", out, outlen };
	r = send_files(adm, path, csrf, files, 1);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "filled.xlsx: Upload error"));
	assert_non_null(strstr(r.body, "filled.xlsx:Phonics!H2: error:"));
	assert_non_null(strstr(r.body, "filled.xlsx:Phonics!B4: error: the pupil"));
	assert_non_null(strstr(r.body, "pupils cannot be added"));
	assert_non_null(strstr(r.body, "filled.xlsx:Phonics!B1: error: the pupil"));
	assert_non_null(strstr(r.body, "pupils cannot be removed"));
	assert_non_null(strstr(r.body, upn[2]));
	http_response_free(&r);

	free(out);
	free(csrf);
	http_client_free(la);
	http_client_free(adm);
}

/* "Send to LA": the submitted phonics results go as a CTF in one step. */
static void test_send_to_la(void **state)
{
	struct world *w = *state;
	struct http_client *la = world_client(w, U_LA1);
	struct http_client *adm = world_client(w, U_ADMIN_A);
	struct http_response r;
	char path[160], form[256], *csrf, *loc;
	long long id;

	assert_int_equal(world_sign_in(w, la, U_LA1), 303);
	assert_int_equal(world_sign_in(w, adm, U_ADMIN_A), 303);
	id = create_request(la, "Phonics", "phonics");
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld", id);
	r = http_get(adm, path);
	assert_null(strstr(r.body, "Send to LA</button>"));
	http_response_free(&r);
	/* issue 7e: not submitted: no "Send to LA" on the statutory page either */
	r = http_get(adm, "/schools/8882001/statutory/phonics?year=2025");
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "send-submitted"));
	http_response_free(&r);
	csrf = world_csrf(adm, path);
	snprintf(form, sizeof(form), "csrf=%s", csrf);
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/send-submitted", id);
	r = http_post_form(adm, path, form);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "are not submitted yet"));
	http_response_free(&r);
	assert_int_equal(world_request_files(w, id, 0), 0);

	/* the school enters and submits its phonics marks */
	{
		struct store_conn *c = store_acquire(w->app->store);
		struct actor who = { w->user[U_ADMIN_A].id, "adam.a", "127.0.0.1" };
		struct pupil *list = NULL;
		struct pupil_query q = { .establishment_id = w->school[SCHOOL_A].id };
		struct stat_cell cells[8];
		struct stat_entry ent;
		struct problem_list pl;
		struct errbuf eb = { "" };
		size_t n = 0;

		assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
		assert_true(n > 0 && n <= 8);
		for (size_t i = 0; i < n; i++)
			cells[i] = (struct stat_cell){ list[i].id, "PSC", i ? "35" : "28" };
		memset(&ent, 0, sizeof(ent));
		if (stat_entry_save(w->app, c, &who, &w->school[SCHOOL_A], COLL_PHONICS, 2025, 1,
				    cells, n, &ent, &eb) != ERR_OK)
			fail_msg("stat_entry_save: %s", eb.msg);
		stat_entry_release(&ent);
		problem_list_init(&pl);
		if (stat_submit(w->app, c, &who, &w->school[SCHOOL_A], COLL_PHONICS, 2025, true,
				&pl, &eb) != ERR_OK)
			fail_msg("stat_submit: %s", eb.msg);
		problem_list_release(&pl);
		free(list);
		store_release(c);
	}
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld", id);
	r = http_get(adm, path);
	assert_non_null(strstr(r.body, "Send to LA</button>"));
	http_response_free(&r);
	/* issue 7e: and the statutory page, now submitted, posts to the request;
	 * not for another year, which the LA has not asked for */
	r = http_get(adm, "/schools/8882001/statutory/phonics?year=2025");
	assert_int_equal(r.status, 200);
	snprintf(path, sizeof(path), "action=\"/schools/8882001/requests/%lld/send-submitted\"",
		 id);
	assert_non_null(strstr(r.body, path));
	assert_non_null(strstr(r.body, "Send to LA</button>"));
	http_response_free(&r);
	r = http_get(adm, "/schools/8882001/statutory/phonics?year=2024");
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "send-submitted"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/send-submitted", id);
	r = http_post_form(adm, path, form);
	assert_int_equal(r.status, 303);
	loc = http_header(&r, "Location");
	http_response_free(&r);
	r = http_get(adm, loc);
	free(loc);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Received and checked: Successful"));
	/* named as `pupiltrack ctf export` names it, with the next sequence number */
	assert_non_null(strstr(r.body, "8882001_CTF_888LLLL_001.xml"));
	http_response_free(&r);
	assert_int_equal(world_request_files(w, id, 0), 1);
	snprintf(path, sizeof(path), "/la/requests/%lld", id);
	r = http_get(la, path);
	assert_non_null(strstr(r.body, "data-status=\"submitted\">Submitted"));
	http_response_free(&r);
	/* a second time takes the next number */
	snprintf(path, sizeof(path), "/schools/8882001/requests/%lld/send-submitted", id);
	r = http_post_form(adm, path, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	assert_int_equal(world_request_files(w, id, 0), 2);
	{
		struct store_conn *c = store_acquire(w->app->store);
		struct received_file *list = NULL;
		size_t n = 0;
		assert_int_equal(store_received_file_list(c, id, 0, &list, &n), ERR_OK);
		assert_string_equal(list[0].original_name, "8882001_CTF_888LLLL_002.xml");
		assert_string_equal(list[0].kind, "ctf");
		assert_string_equal(list[1].status, "overwritten");
		free(list);
		store_release(c);
	}
	free(csrf);
	http_client_free(la);
	http_client_free(adm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_several_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big_file_stopped_early, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recall_and_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_to_la, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
