/*
 * cmd_serve: `pupiltrack serve`: migrates the database, starts the web server and
 * waits for SIGINT or SIGTERM, then stops cleanly (requests in progress finish).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "base/log.h"
#include "cli/cli.h"
#include "store/store.h"
#include "web/server.h"

enum {
	HOST_MAX = 256, /* bytes of the host part of --listen */
	THREADS_MAX = 256,
	DB_SPARE_CONNS = 2, /* database connections beyond one per worker thread */
};

static const char serve_help[] =
	"Usage: pupiltrack serve [--db URL] [--listen HOST:PORT] [--codes FILE]\n"
	"                        [--threads N] [--https]\n"
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

int cmd_serve(struct cli_ctx *ctx, int argc, char **argv)
{
	enum { OPT_LISTEN = CLI_OPT_FIRST_OWN, OPT_THREADS, OPT_HTTPS };
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "listen", required_argument, NULL, OPT_LISTEN },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "https", no_argument, NULL, OPT_HTTPS },
		{ 0 },
	};
	const char *listen = "127.0.0.1:8080";
	char host[HOST_MAX];
	struct web_options wo;
	struct web_server *web = NULL;
	struct errbuf eb = { "" };
	struct app *a = NULL;
	sigset_t stop, old;
	bool masked = false, https = false;
	int opt, ret = CLI_EXIT_OK, port = 0, sig = 0, applied = 0;
	long threads = 0;
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
	if (listen_parse(listen, host, &port, &eb) != ERR_OK) {
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
	rc = web_start_opts(a, &wo, &web, &eb);
	if (rc != ERR_OK) {
		cli_fail(rc, &eb);
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	printf("pupiltrack: serving http://%s%s%s:%d/\n", strchr(host, ':') ? "[" : "", host,
	       strchr(host, ':') ? "]" : "", web_port(web));
	fflush(stdout);
	if (sigwait(&stop, &sig) != 0)
		sig = 0;
	log_info("received %s: stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
out:
	web_stop(web);
	if (masked)
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	app_free(a);
	return ret;
}
