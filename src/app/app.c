/*
 * app: opening everything a use case needs (see app.h): the store, the CTF code
 * table and the server key file that several server processes share. The only
 * file of app that reads the wall clock.
 */
#include "app/app.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/codes.h"
#include "core/problem.h"
#include "store/store.h"

enum {
	KEY_FILE_MAX = 256,  /* 64 hex digits and a newline, with room for CRLF */
	KEY_READ_TRIES = 50, /* 50 x 20 ms for a racing process to finish writing */
};

static const char default_codes_name[] = "ctf-codes-2025.tsv";
static const char key_file_name[] = "pupiltrack.key";

static int64_t clock_real(void *ctx)
{
	(void)ctx;
	return (int64_t)time(NULL);
}

int64_t app_now(const struct app *a)
{
	if (a && a->now)
		return a->now(a->now_ctx);
	return clock_real(NULL);
}

static char *path_join(const char *dir, const char *name)
{
	struct strbuf sb;

	strbuf_init(&sb, 0);
	strbuf_adds(&sb, dir);
	if (sb.len && sb.buf[sb.len - 1] != '/')
		strbuf_addc(&sb, '/');
	strbuf_adds(&sb, name);
	return strbuf_detach(&sb, NULL);
}

char *app_data_path(const struct app *a, const char *name)
{
	const char *dir = NULL;

	if (a && a->cfg.data_dir && *a->cfg.data_dir)
		dir = a->cfg.data_dir;
	if (!dir) {
		dir = getenv("PUPILTRACK_DATA_DIR");
		if (dir && !*dir)
			dir = NULL;
	}
	if (!dir)
		dir = PUPILTRACK_DATADIR;
	return path_join(dir, name);
}

enum err app_file_read(const char *path, size_t max, char **out, size_t *len, struct errbuf *eb)
{
	struct strbuf sb;
	char chunk[8192];
	enum err rc = ERR_OK;
	FILE *f = NULL;
	size_t n;

	*out = NULL;
	if (len)
		*len = 0;
	strbuf_init(&sb, max);
	f = fopen(path, "rb");
	if (!f) {
		rc = errbuf_set(eb, ERR_IO, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (!strbuf_add(&sb, chunk, n)) {
			rc = errbuf_set(eb, ERR_TOO_BIG, "%s is bigger than %zu bytes", path, max);
			goto out;
		}
	}
	if (ferror(f)) {
		rc = errbuf_set(eb, ERR_IO, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	*out = strbuf_detach(&sb, len);
out:
	if (f)
		fclose(f);
	strbuf_release(&sb);
	return rc;
}

/* The meanings of the result codes (statutory-result-codes.tsv), for messages
 * such as "A (absent ...)"; without the file the codes stand alone. */
static void meanings_add(const struct app *a, struct codes *codes)
{
	char *path = app_data_path(a, "statutory-result-codes.tsv");
	char *text = NULL;
	size_t len = 0;

	if (app_file_read(path, CODES_TEXT_MAX, &text, &len, NULL) == ERR_OK)
		codes_meanings_add(codes, text, len);
	free(text);
	free(path);
}

enum err app_codes_load(const struct app *a, const char *path, struct codes **out,
			struct errbuf *eb)
{
	struct problem_list problems;
	char line[PROBLEM_LINE_MAX];
	struct strbuf msg;
	char *file = NULL, *text = NULL;
	size_t len = 0;
	enum err rc;

	*out = NULL;
	problem_list_init(&problems);
	strbuf_init(&msg, sizeof(eb->msg) - 1);
	if (path && *path)
		file = xstrdup(path);
	else
		file = app_data_path(a, default_codes_name);
	path = file;
	rc = app_file_read(path, CODES_TEXT_MAX, &text, &len, eb);
	if (rc != ERR_OK) {
		if (rc == ERR_IO && eb) {
			char why[sizeof(eb->msg)];
			snprintf(why, sizeof(why), "%s", eb->msg);
			errbuf_set(eb, ERR_IO,
				   "the code table: %s. Give its place with --codes FILE or set "
				   "PUPILTRACK_DATA_DIR to the folder of shipped data files",
				   why);
		}
		goto out;
	}
	rc = codes_parse(text, len, path, out, &problems);
	if (rc == ERR_OK && problem_list_count_errors(&problems) == 0) {
		meanings_add(a, *out);
		goto out;
	}
	if (problem_list_count_errors(&problems) == 0) {
		/* codes_parse failed without saying where: say what we know. */
		rc = errbuf_set(eb, rc, "the code table %s could not be read: %s", path,
				err_str(rc));
		goto out;
	}
	strbuf_addf(&msg,
		    "the code table %s has %zu error%s; fix it or give another with --codes:", path,
		    problem_list_count_errors(&problems),
		    problem_list_count_errors(&problems) == 1 ? "" : "s");
	for (size_t i = 0; i < problems.count && !msg.over; i++) {
		if (problems.items[i].severity != SEV_ERROR)
			continue;
		strbuf_addc(&msg, '\n');
		strbuf_adds(&msg, problem_format_line(&problems.items[i], line));
	}
	errbuf_set(eb, ERR_INVALID, "%s", strbuf_str(&msg));
	rc = ERR_INVALID;
	codes_free(*out);
	*out = NULL;
out:
	strbuf_release(&msg);
	problem_list_release(&problems);
	free(text);
	free(file);
	return rc;
}

/* Where the key lives: cfg->key_path, PUPILTRACK_KEY_FILE, next to a SQLite
 * database, else ./pupiltrack.key. The caller frees. */
static char *key_path_choose(const struct app *a)
{
	const char *env = getenv("PUPILTRACK_KEY_FILE");
	const char *url = a->cfg.db_url;
	const char *path, *slash;

	if (a->cfg.key_path && *a->cfg.key_path)
		return xstrdup(a->cfg.key_path);
	if (env && *env)
		return xstrdup(env);
	if (url && strncmp(url, "sqlite:", 7) == 0) {
		path = url + 7;
		slash = strrchr(path, '/');
		if (slash == path)
			return xstrdup("/pupiltrack.key");
		if (slash) {
			char *dir = xstrndup(path, (size_t)(slash - path));
			char *full = path_join(dir, key_file_name);
			free(dir);
			return full;
		}
	}
	return path_join(".", key_file_name);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parses 64 hex digits (then optional whitespace) into key. */
static bool key_parse(const char *text, size_t len, unsigned char key[32])
{
	size_t i;

	if (len < 64)
		return false;
	for (i = 0; i < 32; i++) {
		int hi = hex_value(text[2 * i]), lo = hex_value(text[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		key[i] = (unsigned char)(hi << 4 | lo);
	}
	for (i = 64; i < len; i++)
		if (text[i] != '\n' && text[i] != '\r' && text[i] != ' ' && text[i] != '\t')
			return false;
	return true;
}

/* Creates the key file (O_EXCL: if another process won the race we read theirs).
 * Returns ERR_CONFLICT when the file exists already. */
static enum err key_create(const char *path, unsigned char key[32], struct errbuf *eb)
{
	static const char hex[] = "0123456789abcdef";
	char text[65 + 1];
	enum err rc = ERR_OK;
	ssize_t w;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return ERR_CONFLICT;
		return errbuf_set(eb, ERR_IO,
				  "cannot create the server key file %s: %s. Give a writable place "
				  "with PUPILTRACK_KEY_FILE",
				  path, strerror(errno));
	}
	randombytes_buf(key, 32);
	for (int i = 0; i < 32; i++) {
		text[2 * i] = hex[key[i] >> 4];
		text[2 * i + 1] = hex[key[i] & 15];
	}
	text[64] = '\n';
	text[65] = '\0';
	w = write(fd, text, 65);
	if (w != 65 || fsync(fd) != 0) {
		rc = errbuf_set(eb, ERR_IO, "cannot write the server key file %s: %s", path,
				w >= 0 && w != 65 ? "the disk may be full" : strerror(errno));
		unlink(path);
	}
	sodium_memzero(text, sizeof(text));
	if (close(fd) != 0 && rc == ERR_OK)
		rc = errbuf_set(eb, ERR_IO, "cannot write the server key file %s: %s", path,
				strerror(errno));
	if (rc == ERR_OK)
		log_info("created a new server key file %s: every server process that shares this "
			 "database needs a copy of it (PUPILTRACK_KEY_FILE)",
			 path);
	return rc;
}

static enum err key_read(const char *path, unsigned char key[32], struct errbuf *eb)
{
	char text[KEY_FILE_MAX + 1];
	enum err rc = ERR_OK;
	struct stat st;
	ssize_t n = 0, r;
	int fd = -1;

	for (int tries = 0; tries < KEY_READ_TRIES; tries++) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return errbuf_set(eb, ERR_IO, "cannot read the server key file %s: %s",
					  path, strerror(errno));
		n = 0;
		while (n < KEY_FILE_MAX && (r = read(fd, text + n, (size_t)(KEY_FILE_MAX - n))) > 0)
			n += r;
		if (fstat(fd, &st) == 0 && (st.st_mode & 077))
			log_warn("the server key file %s can be read by other users: chmod 600 it",
				 path);
		close(fd);
		/* Another process may have created the file a moment ago and not yet
		 * written it: wait briefly rather than call a half-written file broken. */
		if (n >= 64)
			break;
		struct timespec pause = { 0, 20 * 1000 * 1000 };
		nanosleep(&pause, NULL);
	}
	if (!key_parse(text, (size_t)n, key))
		rc = errbuf_set(
			eb, ERR_INVALID,
			"the server key file %s is not 64 hexadecimal digits: restore it from "
			"another server or a backup (a new key makes every security code "
			"unreadable)",
			path);
	sodium_memzero(text, sizeof(text));
	return rc;
}

static enum err key_load(struct app *a, struct errbuf *eb)
{
	char *path = key_path_choose(a);
	enum err rc;

	rc = key_create(path, a->key, eb);
	if (rc == ERR_CONFLICT)
		rc = key_read(path, a->key, eb);
	free(path);
	return rc;
}

static const char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

enum err app_open(const struct app_config *cfg, struct app **out, struct errbuf *eb)
{
	struct app *a = NULL;
	enum err rc;

	*out = NULL;
	if (sodium_init() < 0)
		return errbuf_set(eb, ERR_IO, "the cryptography library could not start");
	a = xcalloc(1, sizeof(*a));
	a->now = clock_real;
	a->cfg.db_url = xstrdup(cfg->db_url && *cfg->db_url ? cfg->db_url : "sqlite:pupiltrack.db");
	a->cfg.codes_path = dup_or_null(cfg->codes_path);
	a->cfg.data_dir = dup_or_null(cfg->data_dir);
	a->cfg.key_path = dup_or_null(cfg->key_path);
	a->cfg.outbox_dir = xstrdup(cfg->outbox_dir ? cfg->outbox_dir : "outbox");
	a->cfg.smtp_url = dup_or_null(cfg->smtp_url);
	a->cfg.mail_from = xstrdup(cfg->mail_from ? cfg->mail_from : "pupiltrack@localhost");
	a->cfg.base_url = xstrdup(cfg->base_url ? cfg->base_url : "http://localhost:8080");
	a->cfg.pool_size = cfg->pool_size ? cfg->pool_size : 8;
	a->cfg.require_totp_admins = cfg->require_totp_admins;
	a->cfg.remind_days = cfg->remind_days;

	rc = store_open(a->cfg.db_url, a->cfg.pool_size, &a->store, eb);
	if (rc != ERR_OK)
		goto out;
	rc = app_codes_load(a, a->cfg.codes_path, &a->codes, eb);
	if (rc != ERR_OK)
		goto out;
	rc = key_load(a, eb);
	if (rc != ERR_OK)
		goto out;
	*out = a;
	a = NULL;
out:
	app_free(a);
	return rc;
}

void app_free(struct app *a)
{
	if (!a)
		return;
	store_free(a->store);
	codes_free(a->codes);
	sodium_memzero(a->key, sizeof(a->key));
	free((char *)a->cfg.db_url);
	free((char *)a->cfg.codes_path);
	free((char *)a->cfg.data_dir);
	free((char *)a->cfg.key_path);
	free((char *)a->cfg.outbox_dir);
	free((char *)a->cfg.smtp_url);
	free((char *)a->cfg.mail_from);
	free((char *)a->cfg.base_url);
	free(a);
}
