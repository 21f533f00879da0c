/*
 * cli: shared helpers of the pupiltrack command (see cli.h): how errors are
 * printed, which exit status each error gets, opening the app, and the checks of
 * values typed on the command line.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/people.h"
#include "store/store.h"

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("pupiltrack: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage_error(const struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fputs("pupiltrack: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (ctx && ctx->command)
		fprintf(stderr, "Try 'pupiltrack %s --help'.\n", ctx->command);
	else
		fputs("Try 'pupiltrack --help'.\n", stderr);
	return CLI_EXIT_USAGE;
}

int cli_exit_for(enum err e)
{
	switch (e) {
	case ERR_OK:
		return CLI_EXIT_OK;
	case ERR_INVALID:
	case ERR_NOT_FOUND:
	case ERR_DENIED:
	case ERR_CONFLICT:
	case ERR_TOO_BIG:
	case ERR_LOCKED:
		return CLI_EXIT_INVALID;
	case ERR_IO:
	case ERR_USAGE:
	default:
		return CLI_EXIT_USAGE;
	}
}

int cli_fail(enum err e, const struct errbuf *eb)
{
	cli_error("%s", eb && eb->msg[0] ? eb->msg : err_str(e));
	return cli_exit_for(e);
}

int cli_option_common(struct cli_ctx *ctx, int opt, char **argv, const char *help)
{
	switch (opt) {
	case CLI_OPT_DB:
		ctx->db_url = optarg;
		return -1;
	case CLI_OPT_CODES:
		ctx->codes_path = optarg;
		return -1;
	case 'h':
		fputs(help, stdout);
		return CLI_EXIT_OK;
	case ':':
		return cli_usage_error(ctx, "option %s needs a value", argv[optind - 1]);
	case '?':
		if (optopt)
			return cli_usage_error(ctx, "unknown option -%c", optopt);
		return cli_usage_error(ctx, "unknown option %s", argv[optind - 1]);
	default:
		return cli_usage_error(ctx, "unknown option %s", argv[optind - 1]);
	}
}

int cli_options_only(struct cli_ctx *ctx, int argc, char **argv, const char *help)
{
	static const struct option opts[] = { CLI_COMMON_OPTIONS, { 0 } };
	int opt, ret;

	optind = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		ret = cli_option_common(ctx, opt, argv, help);
		if (ret >= 0)
			return ret;
	}
	return -1;
}

int cli_app_open(const struct cli_ctx *ctx, unsigned pool_size, struct app **out)
{
	struct app_config cfg = { 0 };
	struct errbuf eb = { "" };
	enum err rc;

	cfg.db_url = ctx->db_url;
	cfg.codes_path = ctx->codes_path;
	cfg.pool_size = pool_size;
	rc = app_open(&cfg, out, &eb);
	if (rc != ERR_OK) {
		/* Nothing the user typed was wrong: the database or a file is. */
		cli_fail(rc, &eb);
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

int cli_conn_ready(const struct cli_ctx *ctx, struct app *a, struct store_conn **out)
{
	struct store_conn *c = store_acquire(a->store);

	if (store_schema_version(c) <= 0) {
		store_release(c);
		*out = NULL;
		cli_error("the database %s has no tables yet: run 'pupiltrack db migrate --db %s' "
			  "first",
			  ctx->db_url, ctx->db_url);
		return CLI_EXIT_USAGE;
	}
	*out = c;
	return CLI_EXIT_OK;
}

int cli_open_ready(const struct cli_ctx *ctx, struct app **a, struct store_conn **c)
{
	int ret = cli_app_open(ctx, 1, a);

	if (ret)
		return ret;
	return cli_conn_ready(ctx, *a, c);
}

int cli_trust_find(struct store_conn *c, const char *name, struct trust *t)
{
	struct errbuf eb = { "" };
	enum err rc = store_trust_get_by_name(c, name, t);

	if (rc == ERR_NOT_FOUND) {
		cli_error("there is no trust called '%s': check the spelling, or add it first "
			  "with 'pupiltrack trust add NAME'",
			  name);
		return CLI_EXIT_INVALID;
	}
	if (rc != ERR_OK)
		return cli_fail(rc, &eb);
	return CLI_EXIT_OK;
}

enum err cli_parse_int(const char *what, const char *s, long lo, long hi, long *out,
		       struct errbuf *eb)
{
	char *end = NULL;
	long v;

	if (!*s || strspn(s, "0123456789") != strlen(s))
		return errbuf_set(eb, ERR_INVALID,
				  "%s must be a whole number from %ld to %ld, not '%s'", what, lo,
				  hi, s);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return errbuf_set(eb, ERR_INVALID,
				  "%s must be a whole number from %ld to %ld, not '%s'", what, lo,
				  hi, s);
	*out = v;
	return ERR_OK;
}

/* The rules for organisation details live once, in app/people.c, shared with
 * the system admin's web pages. */
enum err cli_parse_la_code(const char *s, int *out, struct errbuf *eb)
{
	return people_org_la_code(s, out, eb);
}

enum err cli_parse_laestab(const char *s, int *out, struct errbuf *eb)
{
	return people_org_laestab(s, out, eb);
}

enum err cli_parse_urn(const char *s, int *out, struct errbuf *eb)
{
	if (!s[0])
		return errbuf_set(eb, ERR_INVALID,
				  "the URN is blank: give the school's 6-digit unique reference "
				  "number (e.g. 100001), or leave --urn out");
	return people_org_urn(s, out, eb);
}

enum err cli_parse_name(const char *what, const char *s, char out[NAME_MAX_LEN + 1],
			struct errbuf *eb)
{
	return people_org_name(what, s, out, eb);
}
