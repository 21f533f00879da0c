/*
 * mail: one plain-text message as RFC 5322 (see mail.h), sent through libcurl's
 * SMTP with TLS verified, or written atomically (temporary file, then rename) as
 * a .eml file with mode 0600 into the outbox folder.
 */
#include "app/mail.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "base/log.h"
#include "base/strbuf.h"
#include "base/xalloc.h"

enum {
	ADDRESS_MAX = 254,	   /* RFC 5321 path limit */
	SUBJECT_MAX = 200,	   /* bytes of a subject */
	MESSAGE_MAX = 256 * 1024,  /* bytes of a whole message */
	SMTP_CONNECT_SECONDS = 10, /* connecting to the SMTP server */
	SMTP_TOTAL_SECONDS = 60,   /* the whole SMTP conversation */
};

static const char default_from[] = "pupiltrack@localhost";
static const char default_outbox[] = "outbox";

/* local@domain of printable ASCII without spaces or the characters that would
 * break an address header; no CR/LF (header injection). */
static bool address_ok(const char *s)
{
	const char *at = strchr(s, '@');
	size_t n = strlen(s);

	if (n == 0 || n > ADDRESS_MAX || !at || at == s || !at[1] || strchr(at + 1, '@'))
		return false;
	for (const char *p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch <= ' ' || ch >= 0x7f || strchr("<>()[]\\,;:\"", ch))
			return false;
	}
	return at[1] != '.' && s[n - 1] != '.';
}

static bool has_crlf(const char *s)
{
	return strpbrk(s, "\r\n") != NULL;
}

static bool all_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* The Subject header value: as it is when ASCII, else RFC 2047 base64 words. */
static void subject_write(struct strbuf *m, const char *subject)
{
	size_t n = strlen(subject);
	char enc[sodium_base64_ENCODED_LEN(45, sodium_base64_VARIANT_ORIGINAL)];

	if (all_ascii(subject)) {
		strbuf_adds(m, subject);
		return;
	}
	/* Chunks of at most 45 bytes (60 characters encoded), cut before a UTF-8
	 * continuation byte so no character is split between words. */
	for (size_t i = 0; i < n;) {
		size_t take = n - i < 45 ? n - i : 45;
		while (take > 1 && i + take < n &&
		       ((unsigned char)subject[i + take] & 0xC0) == 0x80)
			take--;
		sodium_bin2base64(enc, sizeof(enc), (const unsigned char *)subject + i, take,
				  sodium_base64_VARIANT_ORIGINAL);
		strbuf_addf(m, "%s=?UTF-8?B?%s?=", i ? "\r\n " : "", enc);
		i += take;
	}
}

/* The whole message with CRLF line ends. The caller frees the result. */
static char *message_build(const struct app *a, const char *from, const char *to,
			   const char *subject, const char *body, char msgid_out[80], size_t *len)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	unsigned char rnd[16];
	char hex[33];
	time_t now = (time_t)app_now(a);
	struct tm tm;
	struct strbuf m;
	const char *domain = strchr(from, '@') + 1;

	gmtime_r(&now, &tm);
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	snprintf(msgid_out, 80, "<%s@%.40s>", hex, domain);
	strbuf_init(&m, MESSAGE_MAX);
	strbuf_addf(&m, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday],
		    tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		    tm.tm_sec);
	strbuf_addf(&m, "From: pupiltrack <%s>\r\n", from);
	strbuf_addf(&m, "To: <%s>\r\n", to);
	strbuf_adds(&m, "Subject: ");
	subject_write(&m, subject);
	strbuf_adds(&m, "\r\n");
	strbuf_addf(&m, "Message-ID: %s\r\n", msgid_out);
	strbuf_adds(&m, "MIME-Version: 1.0\r\n"
			"Content-Type: text/plain; charset=utf-8\r\n"
			"Content-Transfer-Encoding: 8bit\r\n"
			"Auto-Submitted: auto-generated\r\n"
			"\r\n");
	for (const char *p = body; *p; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n')
			strbuf_addc(&m, '\r');
		strbuf_addc(&m, *p);
	}
	if (m.len < 2 || m.buf[m.len - 1] != '\n')
		strbuf_adds(&m, "\r\n");
	if (m.over) {
		strbuf_release(&m);
		return NULL;
	}
	return strbuf_detach(&m, len);
}

/* ---- the outbox */

static enum err outbox_write(const struct app *a, const char *msg, size_t len, struct errbuf *eb)
{
	const char *dir = a->cfg.outbox_dir && *a->cfg.outbox_dir ? a->cfg.outbox_dir :
								    default_outbox;
	unsigned char rnd[8];
	char hex[17], stamp[32], tmp[4096], final[4096];
	time_t now = (time_t)app_now(a);
	struct tm tm;
	enum err rc = ERR_OK;
	size_t done = 0;
	int fd = -1;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return errbuf_set(eb, ERR_IO, "cannot create the outbox folder %s: %s", dir,
				  strerror(errno));
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/.%s-%s.tmp", dir, stamp, hex) >= sizeof(tmp) ||
	    (size_t)snprintf(final, sizeof(final), "%s/%s-%s.eml", dir, stamp, hex) >=
		    sizeof(final))
		return errbuf_set(eb, ERR_IO, "the outbox folder name is too long");
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return errbuf_set(eb, ERR_IO, "cannot write a message into the outbox %s: %s", dir,
				  strerror(errno));
	while (done < len) {
		ssize_t w = write(fd, msg + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = errbuf_set(eb, ERR_IO, "cannot write %s: %s", tmp, strerror(errno));
			goto out;
		}
		done += (size_t)w;
	}
	if (fsync(fd) != 0) {
		rc = errbuf_set(eb, ERR_IO, "cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		rc = errbuf_set(eb, ERR_IO, "cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, final) != 0) {
		rc = errbuf_set(eb, ERR_IO, "cannot move %s into the outbox: %s", tmp,
				strerror(errno));
		goto out;
	}
	log_info("mail: message filed in the outbox as %s", final);
out:
	if (fd >= 0)
		close(fd);
	if (rc != ERR_OK)
		unlink(tmp);
	return rc;
}

/* ---- SMTP */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init_once(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		log_error("mail: libcurl failed to initialise");
}

struct upload {
	const char *data; /* the message */
	size_t len;	  /* its length */
	size_t pos;	  /* bytes sent so far */
};

static size_t upload_read(char *buf, size_t size, size_t nmemb, void *ctx)
{
	struct upload *u = ctx;
	size_t room = size * nmemb, n = u->len - u->pos;

	if (n > room)
		n = room;
	memcpy(buf, u->data + u->pos, n);
	u->pos += n;
	return n;
}

/* Whether the SMTP URL names this machine: a local relay may lack STARTTLS. */
static bool url_is_local(const char *url)
{
	CURLU *h = curl_url();
	char *host = NULL;
	bool local = false;

	if (h && curl_url_set(h, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		local = strcmp(host, "localhost") == 0 || strcmp(host, "127.0.0.1") == 0 ||
			strcmp(host, "[::1]") == 0;
	curl_free(host);
	curl_url_cleanup(h);
	return local;
}

static enum err smtp_send(const struct app *a, const char *from, const char *to, const char *msg,
			  size_t len, struct errbuf *eb)
{
	struct upload up = { msg, len, 0 };
	struct curl_slist *rcpt = NULL;
	char err[CURL_ERROR_SIZE] = "";
	char path[ADDRESS_MAX + 3];
	CURL *h = NULL;
	CURLcode cc;
	enum err rc = ERR_OK;

	pthread_once(&curl_once, curl_init_once);
	h = curl_easy_init();
	if (!h)
		return errbuf_set(eb, ERR_IO, "cannot start the mail client");
	snprintf(path, sizeof(path), "<%s>", to);
	rcpt = curl_slist_append(NULL, path);
	snprintf(path, sizeof(path), "<%s>", from);
	curl_easy_setopt(h, CURLOPT_URL, a->cfg.smtp_url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_USE_SSL,
			 url_is_local(a->cfg.smtp_url) ? (long)CURLUSESSL_TRY :
							 (long)CURLUSESSL_ALL);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, path);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)SMTP_CONNECT_SECONDS);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)SMTP_TOTAL_SECONDS);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
	cc = curl_easy_perform(h);
	if (cc != CURLE_OK) {
		/* The URL may hold a password: never repeat it, only curl's reason. */
		rc = errbuf_set(eb, ERR_IO, "the mail server did not take the message for %s: %s",
				to, err[0] ? err : curl_easy_strerror(cc));
		log_warn("mail: %s", eb ? eb->msg : curl_easy_strerror(cc));
	} else {
		log_info("mail: message for %s handed to the mail server", to);
	}
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	return rc;
}

enum err mail_send(struct app *a, const char *to, const char *subject, const char *body,
		   struct errbuf *eb)
{
	const char *from = a->cfg.mail_from && *a->cfg.mail_from ? a->cfg.mail_from : default_from;
	char msgid[80];
	char *msg = NULL;
	size_t len = 0;
	enum err rc;

	if (!to || !address_ok(to))
		return errbuf_set(eb, ERR_INVALID, "\"%.80s\" is not an e-mail address",
				  to ? to : "");
	if (!address_ok(from))
		return errbuf_set(eb, ERR_INVALID,
				  "the sender address \"%.80s\" (--mail-from) is not an e-mail "
				  "address",
				  from);
	if (!subject || has_crlf(subject) || strlen(subject) > SUBJECT_MAX)
		return errbuf_set(eb, ERR_INVALID,
				  "a mail subject must be one line of at most %d bytes",
				  SUBJECT_MAX);
	msg = message_build(a, from, to, subject, body ? body : "", msgid, &len);
	if (!msg)
		return errbuf_set(eb, ERR_TOO_BIG, "the message is longer than %d bytes",
				  MESSAGE_MAX);
	if (a->cfg.smtp_url && *a->cfg.smtp_url)
		rc = smtp_send(a, from, to, msg, len, eb);
	else
		rc = outbox_write(a, msg, len, eb);
	sodium_memzero(msg, len);
	free(msg);
	return rc;
}
