/*
 * cmd_collection: the LA collection's commands (issue 7c): `collection remind`
 * sends the automatic reminders that are due (as the server's periodic tick
 * does), and `establishment phase` records a school's phase for targeting.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/reminders.h"
#include "base/date.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "core/phase.h"
#include "store/store.h"

static const struct actor cli_actor = { 0, "cli", "" };

static const char remind_help[] =
	"Usage: pupiltrack collection remind [--db URL] [--now YYYY-MM-DDTHH:MM]\n"
	"                                    [--remind-days N] [--outbox DIR]\n"
	"                                    [--smtp-url URL] [--mail-from ADDRESS]\n"
	"                                    [--base-url URL]\n"
	"\n"
	"Sends the automatic reminders of the LA's file requests that are due: for\n"
	"each open request whose deadline is at most N days away, every school asked\n"
	"that has not sent a successful file gets one e-mail (to its school admins),\n"
	"once. Schools that have sent are never mailed. `pupiltrack serve` does the\n"
	"same every few minutes; run this from cron when no server is running.\n"
	"\n"
	"Options:\n"
	"  --now WHEN          act as if it were WHEN (UTC), e.g. 2026-06-19T17:00\n"
	"  --remind-days N     days before the deadline for requests that do not say\n"
	"                      (default 7; 0 = no automatic reminders)\n"
	"  --outbox DIR        without --smtp-url, mails are written into DIR\n"
	"                      (default ./outbox)\n"
	"  --smtp-url URL      send mail through this SMTP server\n"
	"  --mail-from ADDRESS sender of the mails\n"
	"  --base-url URL      how people reach pupiltrack, for the link in the mail\n"
	"  -h, --help          show this help\n"
	"\n"
	"Prints how many schools were reminded. Exit status: 0 done, 2 a mail or the\n"
	"database failed (those schools are tried again on the next run).\n";

static int64_t fixed_clock(void *ctx)
{
	return *(const int64_t *)ctx;
}

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (UTC) into Unix time. */
static bool when_parse(const char *s, int64_t *out)
{
	char day[11];
	struct date d;
	int h = 0, m = 0;
	size_t n = strlen(s);

	if (n != 10 && n != 16)
		return false;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!date_parse_iso(day, &d))
		return false;
	if (n == 16) {
		if ((s[10] != 'T' && s[10] != ' ') || s[13] != ':')
			return false;
		for (int i = 11; i < 16; i++)
			if (i != 13 && (s[i] < '0' || s[i] > '9'))
				return false;
		h = (s[11] - '0') * 10 + (s[12] - '0');
		m = (s[14] - '0') * 10 + (s[15] - '0');
		if (h > 23 || m > 59)
			return false;
	}
	*out = date_to_days(d) * 86400 + h * 3600 + m * 60;
	return true;
}

static void cfg_replace(const char **slot, const char *value)
{
	free((char *)*slot);
	*slot = xstrdup(value);
}

int cmd_collection_remind(struct cli_ctx *ctx, int argc, char **argv)
{
	enum {
		OPT_NOW = CLI_OPT_FIRST_OWN,
		OPT_DAYS,
		OPT_OUTBOX,
		OPT_SMTP,
		OPT_FROM,
		OPT_BASE,
	};
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "now", required_argument, NULL, OPT_NOW },
		{ "remind-days", required_argument, NULL, OPT_DAYS },
		{ "outbox", required_argument, NULL, OPT_OUTBOX },
		{ "smtp-url", required_argument, NULL, OPT_SMTP },
		{ "mail-from", required_argument, NULL, OPT_FROM },
		{ "base-url", required_argument, NULL, OPT_BASE },
		{ 0 },
	};
	const char *outbox = NULL, *smtp = NULL, *from = NULL, *base = NULL;
	struct reminder_result rr;
	struct errbuf eb = { "" };
	struct app *a = NULL;
	struct store_conn *c = NULL;
	bool have_now = false, have_days = false;
	int64_t now = 0;
	long days = 0;
	int opt, ret = CLI_EXIT_OK;
	enum err rc;

	optind = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == OPT_NOW) {
			if (!when_parse(optarg, &now)) {
				ret = cli_usage_error(
					ctx,
					"--now '%s' is not a time: give it as "
					"YYYY-MM-DDTHH:MM (UTC), e.g. 2026-06-19T17:00",
					optarg);
				goto out;
			}
			have_now = true;
		} else if (opt == OPT_DAYS) {
			if (cli_parse_int("--remind-days", optarg, 0, 60, &days, &eb) != ERR_OK) {
				ret = cli_usage_error(ctx, "%s", eb.msg);
				goto out;
			}
			have_days = true;
		} else if (opt == OPT_OUTBOX) {
			outbox = optarg;
		} else if (opt == OPT_SMTP) {
			smtp = optarg;
		} else if (opt == OPT_FROM) {
			from = optarg;
		} else if (opt == OPT_BASE) {
			base = optarg;
		} else {
			ret = cli_option_common(ctx, opt, argv, remind_help);
			if (ret >= 0)
				goto out;
		}
	}
	ret = CLI_EXIT_OK;
	if (optind < argc) {
		ret = cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	ret = cli_app_open(ctx, 1, &a);
	if (ret)
		goto out;
	if (outbox)
		cfg_replace(&a->cfg.outbox_dir, outbox);
	if (smtp)
		cfg_replace(&a->cfg.smtp_url, smtp);
	if (from)
		cfg_replace(&a->cfg.mail_from, from);
	if (base)
		cfg_replace(&a->cfg.base_url, base);
	if (have_days)
		a->cfg.remind_days = days ? (int)days : -1;
	if (have_now) {
		a->now = fixed_clock;
		a->now_ctx = &now;
	}
	ret = cli_conn_ready(ctx, a, &c);
	if (ret)
		goto out;
	rc = reminders_run(a, c, &rr, &eb);
	printf("pupiltrack: reminded %zu school%s (%zu e-mail%s)\n", rr.schools,
	       rr.schools == 1 ? "" : "s", rr.mails, rr.mails == 1 ? "" : "s");
	if (rr.no_address)
		printf("pupiltrack: %zu of them have no school admin with an e-mail address\n",
		       rr.no_address);
	if (rc != ERR_OK)
		ret = cli_fail(rc, &eb);
out:
	if (c)
		store_release(c);
	app_free(a);
	return ret;
}

static const char phase_help[] =
	"Usage: pupiltrack establishment phase LAESTAB PHASE [--db URL]\n"
	"\n"
	"Records the school's phase of education, so that an LA officer can ask\n"
	"every school of a phase for a file. PHASE is one of nursery, primary,\n"
	"middle, secondary, all-through, or none to clear it.\n"
	"\n"
	"Example: pupiltrack establishment phase 8881234 primary\n"
	"\n"
	"Exit status: 0 recorded, 1 invalid (nothing changed), 2 usage or database\n"
	"error.\n";

int cmd_establishment_phase(struct cli_ctx *ctx, int argc, char **argv)
{
	struct errbuf eb = { "" };
	struct establishment e;
	struct app *a = NULL;
	struct store_conn *c = NULL;
	enum est_phase ph = PHASE_NONE;
	int ret = CLI_EXIT_OK, laestab = 0;
	enum err rc;

	ret = cli_options_only(ctx, argc, argv, phase_help);
	if (ret >= 0)
		return ret;
	ret = CLI_EXIT_OK;
	if (argc - optind != 2) {
		ret = cli_usage_error(ctx, "give the school's LAESTAB and its phase");
		goto out;
	}
	rc = cli_parse_laestab(argv[optind], &laestab, &eb);
	if (rc != ERR_OK) {
		ret = cli_fail(rc, &eb);
		goto out;
	}
	if (strcmp(argv[optind + 1], "none") != 0 &&
	    (!phase_parse(argv[optind + 1], &ph) || ph == PHASE_NONE)) {
		cli_error("'%s' is not a phase: use nursery, primary, middle, secondary, "
			  "all-through or none",
			  argv[optind + 1]);
		ret = CLI_EXIT_INVALID;
		goto out;
	}
	ret = cli_open_ready(ctx, &a, &c);
	if (ret)
		goto out;
	rc = store_establishment_get_by_laestab(c, laestab, &e);
	if (rc == ERR_NOT_FOUND) {
		cli_error("there is no school %07d: add it with 'pupiltrack establishment add'",
			  laestab);
		ret = CLI_EXIT_INVALID;
		goto out;
	}
	if (rc == ERR_OK)
		rc = store_establishment_phase_set(c, &cli_actor, e.id, phase_code(ph), &eb);
	if (rc != ERR_OK) {
		ret = cli_fail(rc, &eb);
		goto out;
	}
	printf("pupiltrack: %s (%07d) is %s\n", e.name, laestab,
	       ph == PHASE_NONE ? "of no recorded phase" : phase_code(ph));
out:
	if (c)
		store_release(c);
	app_free(a);
	return ret;
}
