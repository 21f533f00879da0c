/*
 * test_mail: messages filed in the outbox (one complete RFC 5322 file each, mode
 * 0600, with Date, From, To, Subject and Message-ID), header injection refused
 * with nothing written, and SMTP through libcurl against a small fake server on
 * 127.0.0.1 (envelope, dot-stuffing, a refused recipient, no password in errors).
 */
#include "testutil/testutil.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app/mail.h"
#include "base/strbuf.h"
#include "base/xalloc.h"

static const int64_t test_now = 1750000000; /* Sun, 15 Jun 2025 15:06:40 UTC */

static int64_t clock_fixed(void *ctx)
{
	(void)ctx;
	return test_now;
}

struct fixture {
	struct app app; /* only cfg and the clock are used by mail */
	char *dir;	/* the outbox */
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	f->dir = tu_temp_dir("outbox");
	f->app.cfg.outbox_dir = f->dir;
	f->app.cfg.mail_from = "tracker@school.example";
	f->app.now = clock_fixed;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	free(f->dir);
	free(f);
	return 0;
}

/* Names of the entries of dir other than . and .., sorted; returns how many. */
static size_t dir_list(const char *dir, char names[][256], size_t max)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		assert_true(n < max);
		snprintf(names[n++], 256, "%s", e->d_name);
	}
	closedir(d);
	qsort(names, n, 256, (int (*)(const void *, const void *))strcmp);
	return n;
}

static char *read_in(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return tu_read_file(path, NULL);
}

static void test_outbox_file(void **state)
{
	struct fixture *f = *state;
	struct errbuf eb = { "" };
	char names[4][256], path[4096];
	struct stat st;
	char *text;

	assert_int_equal(mail_send(&f->app, "ada.lovelace@school.example", "Reset your password",
				   "Hello Ada,\n\nOpen this link:\nhttp://x/reset?token=abc\n",
				   &eb),
			 ERR_OK);
	assert_int_equal(dir_list(f->dir, names, 4), 1);
	assert_non_null(strstr(names[0], ".eml"));
	assert_int_equal(names[0][0] == '.', 0); /* no temporary file left behind */
	snprintf(path, sizeof(path), "%s/%s", f->dir, names[0]);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	text = read_in(f->dir, names[0]);
	assert_non_null(strstr(text, "Date: Sun, 15 Jun 2025 15:06:40 +0000\r\n"));
	assert_non_null(strstr(text, "From: pupiltrack <tracker@school.example>\r\n"));
	assert_non_null(strstr(text, "To: <ada.lovelace@school.example>\r\n"));
	assert_non_null(strstr(text, "Subject: Reset your password\r\n"));
	assert_non_null(strstr(text, "Message-ID: <"));
	assert_non_null(strstr(text, "@school.example>\r\n"));
	assert_non_null(strstr(text, "Content-Type: text/plain; charset=utf-8\r\n"));
	/* Headers end with an empty line; every body line ends in CRLF. */
	assert_non_null(strstr(text, "\r\n\r\nHello Ada,\r\n\r\nOpen this link:\r\n"
				     "http://x/reset?token=abc\r\n"));
	for (const char *p = strchr(text, '\n'); p; p = strchr(p + 1, '\n'))
		assert_int_equal(p[-1], '\r');
	free(text);
}

static void test_two_messages_two_files(void **state)
{
	struct fixture *f = *state;
	struct errbuf eb = { "" };
	char names[4][256];

	assert_int_equal(mail_send(&f->app, "a@school.example", "One", "1\n", &eb), ERR_OK);
	assert_int_equal(mail_send(&f->app, "b@school.example", "Two", "2\n", &eb), ERR_OK);
	assert_int_equal(dir_list(f->dir, names, 4), 2);
	assert_string_not_equal(names[0], names[1]);
}

static void test_non_ascii_subject_encoded(void **state)
{
	struct fixture *f = *state;
	struct errbuf eb = { "" };
	char names[4][256];
	char *text;

	assert_int_equal(mail_send(&f->app, "zoe@school.example", "Bienvenue \xc3\xa0 pupiltrack",
				   "Bonjour Zo\xc3\xab\n", &eb),
			 ERR_OK);
	assert_int_equal(dir_list(f->dir, names, 4), 1);
	text = read_in(f->dir, names[0]);
	/* base64 of "Bienvenue à pupiltrack" */
	assert_non_null(strstr(text, "Subject: =?UTF-8?B?QmllbnZlbnVlIMOgIHB1cGlsdHJhY2s=?=\r\n"));
	assert_non_null(strstr(text, "Bonjour Zo\xc3\xab\r\n"));
	free(text);
}

static void test_header_injection_refused(void **state)
{
	struct fixture *f = *state;
	struct errbuf eb = { "" };
	char names[4][256];
	static const char *const bad_to[] = {
		"a@school.example\r\nBcc: all@elsewhere.example",
		"a@school.example\nBcc: all@elsewhere.example",
		"not-an-address",
		"@school.example",
		"a@",
		"a@b@c.example",
		"Ann <a@school.example>",
		"a@school.example, b@school.example",
		"",
	};

	for (size_t i = 0; i < sizeof(bad_to) / sizeof(bad_to[0]); i++) {
		eb.msg[0] = '\0';
		assert_int_equal(mail_send(&f->app, bad_to[i], "Hello", "body\n", &eb),
				 ERR_INVALID);
		assert_true(eb.msg[0] != '\0');
	}
	assert_int_equal(mail_send(&f->app, "a@school.example", "Hello\r\nBcc: x@elsewhere.example",
				   "body\n", &eb),
			 ERR_INVALID);
	assert_int_equal(mail_send(&f->app, "a@school.example", "Hello\nX-Evil: 1", "body\n", &eb),
			 ERR_INVALID);
	f->app.cfg.mail_from = "me@school.example\r\nBcc: x@elsewhere.example";
	assert_int_equal(mail_send(&f->app, "a@school.example", "Hello", "body\n", &eb),
			 ERR_INVALID);
	assert_non_null(strstr(eb.msg, "--mail-from"));
	assert_int_equal(dir_list(f->dir, names, 4), 0);
}

static void test_outbox_unwritable(void **state)
{
	struct fixture *f = *state;
	struct errbuf eb = { "" };
	char path[4096];
	FILE *fp;

	/* A file where the outbox folder should be. */
	snprintf(path, sizeof(path), "%s/not-a-folder", f->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fclose(fp);
	f->app.cfg.outbox_dir = path;
	assert_int_equal(mail_send(&f->app, "a@school.example", "Hello", "body\n", &eb), ERR_IO);
	assert_non_null(strstr(eb.msg, "not-a-folder"));
}

/* ---- a fake SMTP server: one connection, records the conversation */

struct fake_smtp {
	int listener;		/* listening socket */
	int port;		/* its port */
	bool refuse_rcpt;	/* answer 550 to RCPT TO */
	struct strbuf commands; /* every command line received */
	struct strbuf data;	/* the DATA part as received (still dot-stuffed) */
	pthread_t thread;	/* serving thread */
};

static void say(int fd, const char *s)
{
	ssize_t n = write(fd, s, strlen(s));
	(void)n;
}

/* Reads one line (without CRLF) into line; false at the end of the stream. */
static bool line_read(int fd, char *line, size_t cap)
{
	size_t n = 0;
	char ch;

	while (read(fd, &ch, 1) == 1) {
		if (ch == '\n') {
			if (n && line[n - 1] == '\r')
				n--;
			line[n] = '\0';
			return true;
		}
		if (n + 1 < cap)
			line[n++] = ch;
	}
	return false;
}

static void *fake_smtp_serve(void *ctx)
{
	struct fake_smtp *s = ctx;
	char line[2048];
	int fd = accept(s->listener, NULL, NULL);

	if (fd < 0)
		return NULL;
	say(fd, "220 fake.example ESMTP\r\n");
	while (line_read(fd, line, sizeof(line))) {
		strbuf_addf(&s->commands, "%s\n", line);
		if (strncmp(line, "EHLO", 4) == 0) {
			say(fd, "250-fake.example\r\n250 8BITMIME\r\n");
		} else if (strncmp(line, "RCPT", 4) == 0) {
			say(fd, s->refuse_rcpt ? "550 no such mailbox\r\n" : "250 ok\r\n");
		} else if (strcmp(line, "DATA") == 0) {
			say(fd, "354 go ahead\r\n");
			while (line_read(fd, line, sizeof(line)) && strcmp(line, ".") != 0)
				strbuf_addf(&s->data, "%s\n", line);
			say(fd, "250 queued\r\n");
		} else if (strcmp(line, "QUIT") == 0) {
			say(fd, "221 bye\r\n");
			break;
		} else {
			say(fd, "250 ok\r\n");
		}
	}
	close(fd);
	return NULL;
}

static void fake_smtp_start(struct fake_smtp *s, bool refuse_rcpt)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);

	memset(s, 0, sizeof(*s));
	s->refuse_rcpt = refuse_rcpt;
	strbuf_init(&s->commands, 0);
	strbuf_init(&s->data, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->listener = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s->listener >= 0);
	assert_int_equal(bind(s->listener, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(s->listener, 1), 0);
	assert_int_equal(getsockname(s->listener, (struct sockaddr *)&a, &len), 0);
	s->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&s->thread, NULL, fake_smtp_serve, s), 0);
}

static void fake_smtp_stop(struct fake_smtp *s)
{
	shutdown(s->listener, SHUT_RDWR);
	pthread_join(s->thread, NULL);
	close(s->listener);
}

static void fake_smtp_free(struct fake_smtp *s)
{
	strbuf_release(&s->commands);
	strbuf_release(&s->data);
}

static void test_smtp_sends(void **state)
{
	struct fixture *f = *state;
	struct errbuf eb = { "" };
	struct fake_smtp s;
	char url[64], names[4][256];

	fake_smtp_start(&s, false);
	snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", s.port);
	f->app.cfg.smtp_url = url;
	assert_int_equal(mail_send(&f->app, "ada@school.example", "Reset your password",
				   "Line one\n.\n.hidden\nLast line\n", &eb),
			 ERR_OK);
	fake_smtp_stop(&s);
	assert_non_null(strstr(strbuf_str(&s.commands), "MAIL FROM:<tracker@school.example>"));
	assert_non_null(strstr(strbuf_str(&s.commands), "RCPT TO:<ada@school.example>"));
	assert_non_null(strstr(strbuf_str(&s.data), "Subject: Reset your password\n"));
	assert_non_null(strstr(strbuf_str(&s.data), "To: <ada@school.example>\n"));
	/* A line of one dot would end the message: it travels dot-stuffed. */
	assert_non_null(strstr(strbuf_str(&s.data), "\nLine one\n..\n..hidden\nLast line\n"));
	/* Sent, so not filed in the outbox. */
	assert_int_equal(dir_list(f->dir, names, 4), 0);
	fake_smtp_free(&s);
}

static void test_smtp_refused(void **state)
{
	struct fixture *f = *state;
	struct errbuf eb = { "" };
	struct fake_smtp s;
	char url[64];

	fake_smtp_start(&s, true);
	snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", s.port);
	f->app.cfg.smtp_url = url;
	assert_int_equal(mail_send(&f->app, "nobody@school.example", "Hi", "body\n", &eb), ERR_IO);
	fake_smtp_stop(&s);
	fake_smtp_free(&s);
	assert_non_null(strstr(eb.msg, "nobody@school.example"));
}

static void test_smtp_error_hides_password(void **state)
{
	struct fixture *f = *state;
	struct errbuf eb = { "" };
	struct fake_smtp s;
	char url[96];

	/* A port that was just free: nothing listens there. */
	fake_smtp_start(&s, false);
	snprintf(url, sizeof(url), "smtp://mailer:Sup3rSecret@127.0.0.1:%d", s.port);
	fake_smtp_stop(&s);
	fake_smtp_free(&s);
	f->app.cfg.smtp_url = url;
	assert_int_equal(mail_send(&f->app, "a@school.example", "Hi", "body\n", &eb), ERR_IO);
	assert_true(eb.msg[0] != '\0');
	assert_null(strstr(eb.msg, "Sup3rSecret"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_outbox_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_messages_two_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_non_ascii_subject_encoded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_injection_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox_unwritable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_smtp_sends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_smtp_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_smtp_error_hides_password, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
