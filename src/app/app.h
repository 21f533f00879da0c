/*
 * app: what the web server and the command line share: the open store, the code
 * tables, the server key and the settings. Passed explicitly (no globals) as
 * struct app * to every use case.
 */
#ifndef PT_APP_APP_H
#define PT_APP_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store;
struct codes;

struct app_config {
	const char *db_url;	  /* "sqlite:pupiltrack.db" by default */
	const char *codes_path;	  /* CTF code table; NULL = data/ctf-codes-2025.tsv */
	const char *data_dir;	  /* shipped data files; NULL = PUPILTRACK_DATADIR or ./data */
	const char *key_path;	  /* server key file; NULL = "<db dir>/pupiltrack.key" or
	                            PUPILTRACK_KEY_FILE */
	const char *outbox_dir;	  /* where mail goes when no SMTP is set; NULL = "outbox" */
	const char *smtp_url;	  /* e.g. "smtps://mail.example:465"; NULL = outbox */
	const char *mail_from;	  /* sender address of mails; NULL = "pupiltrack@localhost" */
	const char *base_url;	  /* start of links in mails, e.g. "https://pt.example";
	                            NULL = "http://localhost:8080" */
	unsigned pool_size;	  /* database connections; 0 = 8 */
	bool require_totp_admins; /* LA officers and system admins must use an
	                             authenticator app (serve --require-totp) */
	int remind_days;	  /* days before a file request's deadline the automatic
	                            reminder goes when the request does not say
	                            (serve --remind-days); 0 = 7, negative = none */
};

struct app {
	struct store *store;   /* the database pool */
	struct codes *codes;   /* CTF code table (core/codes.h) */
	unsigned char key[32]; /* server secret: encrypts security codes, signs links */
	struct app_config cfg; /* copies of the settings (strings owned by app) */
	/* The clock. Every "now" in app and web comes from here, so tests can move
	 * time (idle expiry, lockout windows) without sleeping. */
	int64_t (*now)(void *ctx);
	void *now_ctx;
};

/* Opens the store (not migrating), loads the code table and the server key
 * (creating the key file with mode 0600 on first use). The caller frees with
 * app_free.
 * The key file is cfg->key_path, else $PUPILTRACK_KEY_FILE, else for sqlite:PATH
 * "pupiltrack.key" in PATH's folder, else ./pupiltrack.key. It holds 64 hex
 * digits. A PostgreSQL deployment should name it: every server process sharing
 * the database must have the same key, or security codes cannot be read.
 * Errors: the store's (ERR_IO when unreachable); ERR_IO or ERR_TOO_BIG when the
 * code table or key cannot be read; ERR_INVALID when the code table has problems
 * (eb holds "FILE:LINE:COL: error: ..." lines) or the key file is damaged. */
enum err app_open(const struct app_config *cfg, struct app **out, struct errbuf *eb);
void app_free(struct app *a);
/* Unix time now, from a->now (the real clock unless a test replaced it). */
int64_t app_now(const struct app *a);
/* Full path of a shipped data file; the caller frees. */
char *app_data_path(const struct app *a, const char *name);
/* Loads and checks the CTF code table at path (NULL or "" = the shipped
 * ctf-codes-2025.tsv in a's data folder; a may be NULL). ERR_IO when it cannot
 * be read; ERR_INVALID with its problems in eb as FILE:LINE:COL lines. The
 * caller frees *out with codes_free. */
enum err app_codes_load(const struct app *a, const char *path, struct codes **out,
			struct errbuf *eb);
/* Reads a whole file of at most max bytes into *out (NUL-terminated, *len bytes
 * without the NUL; len may be NULL); the caller frees *out. ERR_IO when it cannot
 * be read, ERR_TOO_BIG over max; eb says which file and why. */
enum err app_file_read(const char *path, size_t max, char **out, size_t *len, struct errbuf *eb);

#endif
