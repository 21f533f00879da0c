/*
 * cmd_serve: `pupiltrack serve`: migrates the database, starts the web server and
 * waits for SIGINT or SIGTERM, then stops cleanly (requests in progress finish).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/reminders.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "store/store.h"
#include "web/server.h"

enum {
	HOST_MAX = 256, /* bytes of the host part of --listen */
	THREADS_MAX = 256,
	DB_SPARE_CONNS = 2, /* database connections beyond one per worker thread */
	REMIND_TICK = 300,  /* seconds between runs of the automatic reminders */
};

static const char serve_help[] =
	"Usage: pupiltrack serve [--db URL] [--listen HOST:PORT] [--codes FILE]\n"
	"                        [--threads N] [--https] [--base-url URL]\n"
	"                        [--smtp-url URL] [--mail-from ADDRESS] [--outbox DIR]\n"
	"                        [--require-totp] [--remind-days N]\n"
	"\n"
	"Brings the database up to date, then serves pupiltrack over HTTP until stopped\n"
	"with Ctrl-C (SIGINT) or SIGTERM. Put a TLS proxy (nginx, Caddy) in front of it\n"
	"for anything beyond a trial on one computer. Several servers may share one\n"
	"PostgreSQL database: give each the same key file (PUPILTRACK_KEY_FILE).\n"
	"\n"
	"Options:\n"
	"  --db URL            sqlite:PATH or postgresql://... (default: $PUPILTRACK_DB,\n"
	"                      else sqlite:pupiltrack.db)\n"
	"  --listen HOST:PORT  address to serve on (default 127.0.0.1:8080; port 0 picks\n"
	"                      a free port; IPv6 as [::1]:8080)\n"
	"  --codes FILE        CTF code table (default: the shipped ctf-codes-2025.tsv)\n"
	"  --threads N         worker threads, 1 to 256 (default 4)\n"
	"  --https             browsers reach this server over HTTPS through a proxy:\n"
	"                      cookies are marked Secure and HSTS is sent\n"
	"  --base-url URL      how people reach this server, for links in mails, e.g.\n"
	"                      https://pupiltrack.example.org (default http://HOST:PORT\n"
	"                      of --listen)\n"
	"  --smtp-url URL      send mail through this SMTP server, e.g.\n"
	"                      smtps://user:password@mail.example.org:465 or\n"
	"                      smtp://mail.example.org:587 (STARTTLS required except on\n"
	"                      localhost; certificates are verified)\n"
	"  --mail-from ADDRESS sender of mails (default pupiltrack@localhost)\n"
	"  --outbox DIR        without --smtp-url, mails are written as .eml files into\n"
	"                      DIR (default ./outbox), for an admin to read\n"
	"  --require-totp      LA officers and system admins must use an authenticator\n"
	"                      app (TOTP) as well as password and security code; those\n"
	"                      without one set it up right after signing in\n"
	"  --remind-days N     file requests that do not say otherwise remind schools\n"
	"                      that have not sent N days before the deadline (default\n"
	"                      7; 0 = no automatic reminders); checked every 5 minutes\n"
	"  -h, --help          show this help\n"
	"\n"
	"Environment: PUPILTRACK_DB, PUPILTRACK_KEY_FILE (server key; by default next to\n"
	"a SQLite database, else ./pupiltrack.key), PUPILTRACK_DATA_DIR.\n";

/* Splits "HOST:PORT" or "[V6]:PORT" into host and port. */
static enum err listen_parse(const char *s, char host[HOST_MAX], int *port, struct errbuf *eb)
{
	const char *colon, *h = s;
	size_t hlen;
	long p;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':')
			goto bad;
		h = s + 1;
		hlen = (size_t)(close - h);
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			goto bad;
		hlen = (size_t)(colon - s);
	}
	if (hlen == 0 || hlen >= HOST_MAX)
		goto bad;
	if (cli_parse_int("the port", colon + 1, 0, 65535, &p, eb) != ERR_OK)
		return ERR_INVALID;
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	*port = (int)p;
	return ERR_OK;
bad:
	return errbuf_set(
		eb, ERR_INVALID,
		"'%s' is not an address to listen on: give HOST:PORT, e.g. 127.0.0.1:8080 "
		"or [::1]:8080",
		s);
}

/* Replaces a setting of the open app with a copy of value (the app frees it). */
static void cfg_set(const char **slot, const char *value)
{
	free((char *)*slot);
	*slot = xstrdup(value);
}

/* True when s has no control characters or spaces (it goes into mail headers
 * or links). */
static bool one_word(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return false;
	return true;
}

static enum err mail_options_check(const char *base_url, const char *from, const char *smtp,
				   struct errbuf *eb)
{
	if (base_url && (!one_word(base_url) || (strncmp(base_url, "http://", 7) != 0 &&
						 strncmp(base_url, "https://", 8) != 0)))
		return errbuf_set(eb, ERR_INVALID,
				  "--base-url '%s' is not a web address: give one like "
				  "https://pupiltrack.example.org",
				  base_url);
	if (from && (!one_word(from) || !strchr(from, '@')))
		return errbuf_set(eb, ERR_INVALID,
				  "--mail-from '%s' is not an e-mail address: give one like "
				  "pupiltrack@school.example.org",
				  from);
	if (smtp && strncmp(smtp, "smtp://", 7) != 0 && strncmp(smtp, "smtps://", 8) != 0)
		return errbuf_set(eb, ERR_INVALID,
				  "--smtp-url must start with smtp:// or smtps://, e.g. "
				  "smtps://mail.example.org:465");
	return ERR_OK;
}

/* http://HOST:PORT of --listen as the start of links in mails. With port 0 it
 * is set once the port is known, before the address is announced. */
static void base_url_default(struct app *a, const char *host, bool https, int port)
{
	char url[HOST_MAX + 32];

	snprintf(url, sizeof(url), "http%s://%s%s%s:%d", https ? "s" : "",
		 strchr(host, ':') ? "[" : "", host, strchr(host, ':') ? "]" : "", port);
	cfg_set(&a->cfg.base_url, url);
}

/* One run of the automatic reminders (app/reminders.h), logged. */
static void serve_remind(struct app *a)
{
	struct reminder_result rr;
	struct errbuf eb = { "" };
	struct store_conn *c = store_acquire(a->store);
	enum err rc = reminders_run(a, c, &rr, &eb);

	store_release(c);
	if (rr.schools)
		log_info("sent automatic reminders to %zu school%s (%zu e-mail%s)", rr.schools,
			 rr.schools == 1 ? "" : "s", rr.mails, rr.mails == 1 ? "" : "s");
	if (rc != ERR_OK)
		log_warn("automatic reminders: %s", eb.msg);
}

int cmd_serve(struct cli_ctx *ctx, int argc, char **argv)
{
	enum {
		OPT_LISTEN = CLI_OPT_FIRST_OWN,
		OPT_THREADS,
		OPT_HTTPS,
		OPT_BASE_URL,
		OPT_SMTP_URL,
		OPT_MAIL_FROM,
		OPT_OUTBOX,
		OPT_REQUIRE_TOTP,
		OPT_REMIND_DAYS
	};
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "listen", required_argument, NULL, OPT_LISTEN },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "https", no_argument, NULL, OPT_HTTPS },
		{ "base-url", required_argument, NULL, OPT_BASE_URL },
		{ "smtp-url", required_argument, NULL, OPT_SMTP_URL },
		{ "mail-from", required_argument, NULL, OPT_MAIL_FROM },
		{ "outbox", required_argument, NULL, OPT_OUTBOX },
		{ "require-totp", no_argument, NULL, OPT_REQUIRE_TOTP },
		{ "remind-days", required_argument, NULL, OPT_REMIND_DAYS },
		{ 0 },
	};
	const char *listen = "127.0.0.1:8080";
	const char *base_url = NULL, *smtp_url = NULL, *mail_from = NULL, *outbox = NULL;
	char host[HOST_MAX];
	struct web_options wo;
	struct web_server *web = NULL;
	struct errbuf eb = { "" };
	struct app *a = NULL;
	sigset_t stop, old;
	bool masked = false, https = false, require_totp = false;
	int opt, ret = CLI_EXIT_OK, port = 0, sig = 0, applied = 0;
	long threads = 0, remind_days = -1;
	enum err rc;

	optind = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == OPT_LISTEN) {
			listen = optarg;
		} else if (opt == OPT_THREADS) {
			rc = cli_parse_int("--threads", optarg, 1, THREADS_MAX, &threads, &eb);
			if (rc != ERR_OK) {
				ret = cli_usage_error(ctx, "%s", eb.msg);
				goto out;
			}
		} else if (opt == OPT_HTTPS) {
			https = true;
		} else if (opt == OPT_BASE_URL) {
			base_url = optarg;
		} else if (opt == OPT_SMTP_URL) {
			smtp_url = optarg;
		} else if (opt == OPT_MAIL_FROM) {
			mail_from = optarg;
		} else if (opt == OPT_OUTBOX) {
			outbox = optarg;
		} else if (opt == OPT_REQUIRE_TOTP) {
			require_totp = true;
		} else if (opt == OPT_REMIND_DAYS) {
			rc = cli_parse_int("--remind-days", optarg, 0, 60, &remind_days, &eb);
			if (rc != ERR_OK) {
				ret = cli_usage_error(ctx, "%s", eb.msg);
				goto out;
			}
		} else {
			ret = cli_option_common(ctx, opt, argv, serve_help);
			if (ret >= 0)
				goto out;
		}
	}
	ret = CLI_EXIT_OK;
	if (optind < argc) {
		ret = cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (listen_parse(listen, host, &port, &eb) != ERR_OK ||
	    mail_options_check(base_url, mail_from, smtp_url, &eb) != ERR_OK) {
		ret = cli_usage_error(ctx, "%s", eb.msg);
		goto out;
	}
	web_options_init(&wo);
	if (threads)
		wo.threads = (unsigned)threads;
	wo.host = host;
	wo.port = port;
	wo.tls = https;
	ret = cli_app_open(ctx, wo.threads + DB_SPARE_CONNS, &a);
	if (ret)
		goto out;
	if (smtp_url)
		cfg_set(&a->cfg.smtp_url, smtp_url);
	if (mail_from)
		cfg_set(&a->cfg.mail_from, mail_from);
	if (outbox)
		cfg_set(&a->cfg.outbox_dir, outbox);
	if (base_url)
		cfg_set(&a->cfg.base_url, base_url);
	a->cfg.require_totp_admins = require_totp;
	if (remind_days >= 0)
		a->cfg.remind_days = remind_days ? (int)remind_days : -1;
	rc = store_migrate(a->store, &applied, &eb);
	if (rc != ERR_OK) {
		cli_fail(rc, &eb);
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	if (applied)
		log_info("applied %d database migration%s", applied, applied == 1 ? "" : "s");

	/* Block the stop signals before any thread starts, so every server thread
	 * inherits the mask and only sigwait below receives them. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	if (pthread_sigmask(SIG_BLOCK, &stop, &old) != 0) {
		cli_error("cannot set up signal handling");
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	masked = true;
	signal(SIGPIPE, SIG_IGN);
	if (!base_url && port != 0)
		base_url_default(a, host, https, port);
	rc = web_start_opts(a, &wo, &web, &eb);
	if (rc != ERR_OK) {
		cli_fail(rc, &eb);
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	if (!base_url && port == 0)
		base_url_default(a, host, https, web_port(web));
	if (!a->cfg.smtp_url)
		log_info("mail goes to the outbox folder %s (no --smtp-url)", a->cfg.outbox_dir);
	printf("pupiltrack: serving http://%s%s%s:%d/\n", strchr(host, ':') ? "[" : "", host,
	       strchr(host, ':') ? "]" : "", web_port(web));
	fflush(stdout);
	/* Wait for a stop signal; every REMIND_TICK seconds without one, send the
	 * automatic reminders that are due. */
	for (;;) {
		struct timespec tick = { REMIND_TICK, 0 };
		sig = sigtimedwait(&stop, NULL, &tick);
		if (sig == SIGINT || sig == SIGTERM)
			break;
		if (sig < 0 && errno == EAGAIN)
			serve_remind(a);
	}
	log_info("received %s: stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
out:
	web_stop(web);
	if (masked)
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	app_free(a);
	return ret;
}
