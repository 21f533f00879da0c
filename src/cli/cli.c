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
#include "base/utf8.h"
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

/* True when s is exactly n ASCII digits. */
static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
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

enum err cli_parse_la_code(const char *s, int *out, struct errbuf *eb)
{
	long v;

	if (!all_digits(s, 3) || cli_parse_int("LA number", s, 100, 999, &v, NULL) != ERR_OK)
		return errbuf_set(
			eb, ERR_INVALID,
			"'%s' is not an LA number: give the 3-digit DfE number of the local "
			"authority, 100 to 999 (e.g. 888)",
			s);
	*out = (int)v;
	return ERR_OK;
}

enum err cli_parse_laestab(const char *s, int *out, struct errbuf *eb)
{
	char digits[8];
	long la, estab;

	/* DfE writes LAESTABs both ways: 8881234 and 888/1234. */
	if (strlen(s) == 8 && s[3] == '/')
		snprintf(digits, sizeof(digits), "%.3s%.4s", s, s + 4);
	else
		snprintf(digits, sizeof(digits), "%.7s", s);
	if ((strlen(s) != 7 && !(strlen(s) == 8 && s[3] == '/')) || !all_digits(digits, 7))
		return errbuf_set(
			eb, ERR_INVALID,
			"'%s' is not a LAESTAB: give 7 digits, the 3-digit LA number then "
			"the 4-digit DfE establishment number (e.g. 8881234)",
			s);
	la = (digits[0] - '0') * 100 + (digits[1] - '0') * 10 + (digits[2] - '0');
	estab = strtol(digits + 3, NULL, 10);
	if (la < 100)
		return errbuf_set(
			eb, ERR_INVALID,
			"'%s' is not a LAESTAB: its first 3 digits are the LA number, 100 "
			"to 999",
			s);
	if (estab == 0)
		return errbuf_set(eb, ERR_INVALID,
				  "'%s' is not a LAESTAB: the DfE establishment number (the last 4 "
				  "digits) cannot be 0000",
				  s);
	*out = (int)(la * 10000 + estab);
	return ERR_OK;
}

enum err cli_parse_urn(const char *s, int *out, struct errbuf *eb)
{
	long v;

	if (!all_digits(s, 6) || cli_parse_int("URN", s, 100000, 999999, &v, NULL) != ERR_OK)
		return errbuf_set(eb, ERR_INVALID,
				  "'%s' is not a URN: give the school's 6-digit unique reference "
				  "number (e.g. 100001)",
				  s);
	*out = (int)v;
	return ERR_OK;
}

enum err cli_parse_name(const char *what, const char *s, char out[NAME_MAX_LEN + 1],
			struct errbuf *eb)
{
	const char *end = s + strlen(s);
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	n = (size_t)(end - s);
	if (n == 0)
		return errbuf_set(eb, ERR_INVALID, "the %s is blank: give a name", what);
	if (!utf8_valid_text(s, n))
		return errbuf_set(eb, ERR_INVALID,
				  "the %s is not valid UTF-8 text: type it again or check the "
				  "terminal's character set",
				  what);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20)
			return errbuf_set(eb, ERR_INVALID,
					  "the %s cannot contain tabs or line breaks", what);
	if (utf8_length(s, n) > NAME_MAX_LEN)
		return errbuf_set(eb, ERR_INVALID, "the %s is too long: %zu characters, at most %d",
				  what, utf8_length(s, n), NAME_MAX_LEN);
	if (n > NAME_MAX_LEN)
		return errbuf_set(eb, ERR_INVALID,
				  "the %s is too long: at most %d bytes are stored, and accented "
				  "letters and symbols take 2 to 4 each",
				  what, NAME_MAX_LEN);
	memcpy(out, s, n);
	out[n] = '\0';
	return ERR_OK;
}
