/*
 * cmd_org: `pupiltrack db migrate` and the commands that set up who exists:
 * `la add`, `trust add`, `establishment add`. Each checks what was typed, then
 * makes one audited change through the store.
 */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "cli/cli.h"
#include "core/phase.h"
#include "store/store.h"

static const struct actor cli_actor = { 0, "cli", "" };

static const char db_migrate_help[] =
	"Usage: pupiltrack db migrate [--db URL]\n"
	"\n"
	"Creates the database tables, or brings them up to date after an upgrade.\n"
	"Safe to run at any time: migrations already applied are skipped.\n"
	"\n"
	"Options:\n"
	"  --db URL       sqlite:PATH or postgresql://... (default: $PUPILTRACK_DB,\n"
	"                 else sqlite:pupiltrack.db)\n"
	"  --codes FILE   CTF code table to check on opening\n"
	"  -h, --help     show this help\n";

int cmd_db_migrate(struct cli_ctx *ctx, int argc, char **argv)
{
	struct errbuf eb = { "" };
	struct app *a = NULL;
	struct store_conn *c;
	int ret = CLI_EXIT_OK, applied = 0, version;
	enum err rc;

	ret = cli_options_only(ctx, argc, argv, db_migrate_help);
	if (ret >= 0)
		return ret;
	ret = CLI_EXIT_OK;
	if (optind < argc) {
		ret = cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	ret = cli_app_open(ctx, 1, &a);
	if (ret)
		goto out;
	rc = store_migrate(a->store, &applied, &eb);
	if (rc != ERR_OK) {
		cli_fail(rc, &eb);
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	c = store_acquire(a->store);
	version = store_schema_version(c);
	store_release(c);
	if (applied)
		printf("pupiltrack: applied %d migration%s; the database is at schema version %d\n",
		       applied, applied == 1 ? "" : "s", version);
	else
		printf("pupiltrack: the database is up to date (schema version %d)\n", version);
out:
	app_free(a);
	return ret;
}

static const char la_add_help[] =
	"Usage: pupiltrack la add NNN NAME [--db URL]\n"
	"\n"
	"Adds a local authority. NNN is its 3-digit DfE LA number, 100 to 999 (the\n"
	"first three digits of its schools' LAESTABs; the pseudo-LA numbers 001-005\n"
	"that appear in some UPNs do not hold schools). NAME is 1 to 120 characters.\n"
	"\n"
	"Example: pupiltrack la add 888 \"Demo LA\"\n"
	"\n"
	"Options:\n"
	"  --db URL       sqlite:PATH or postgresql://... (default: $PUPILTRACK_DB,\n"
	"                 else sqlite:pupiltrack.db)\n"
	"  -h, --help     show this help\n"
	"\n"
	"Exit status: 0 added, 1 invalid or already there (nothing changed), 2 usage or\n"
	"database error.\n";

int cmd_la_add(struct cli_ctx *ctx, int argc, char **argv)
{
	struct errbuf eb = { "" };
	struct la la = { 0 };
	struct app *a = NULL;
	struct store_conn *c = NULL;
	int ret = CLI_EXIT_OK;
	enum err rc;

	ret = cli_options_only(ctx, argc, argv, la_add_help);
	if (ret >= 0)
		return ret;
	ret = CLI_EXIT_OK;
	if (argc - optind != 2) {
		ret = cli_usage_error(ctx, argc - optind < 2 ?
						   "give the LA number and the LA name" :
						   "too many arguments: put a name with "
						   "spaces in quotes");
		goto out;
	}
	rc = cli_parse_la_code(argv[optind], &la.code, &eb);
	if (rc == ERR_OK)
		rc = cli_parse_name("LA name", argv[optind + 1], la.name, &eb);
	if (rc != ERR_OK) {
		ret = cli_fail(rc, &eb);
		goto out;
	}
	ret = cli_open_ready(ctx, &a, &c);
	if (ret)
		goto out;
	rc = store_la_add(c, &cli_actor, &la, &eb);
	if (rc != ERR_OK) {
		ret = cli_fail(rc, &eb);
		goto out;
	}
	printf("pupiltrack: added LA %03d %s\n", la.code, la.name);
out:
	if (c)
		store_release(c);
	app_free(a);
	return ret;
}

static const char trust_add_help[] =
	"Usage: pupiltrack trust add NAME [--db URL]\n"
	"\n"
	"Adds a multi-academy trust. NAME is 1 to 120 characters and must be new.\n"
	"\n"
	"Example: pupiltrack trust add \"Demo Learning Trust\"\n"
	"\n"
	"Options:\n"
	"  --db URL       sqlite:PATH or postgresql://... (default: $PUPILTRACK_DB,\n"
	"                 else sqlite:pupiltrack.db)\n"
	"  -h, --help     show this help\n";

int cmd_trust_add(struct cli_ctx *ctx, int argc, char **argv)
{
	struct errbuf eb = { "" };
	struct trust t = { 0 };
	struct app *a = NULL;
	struct store_conn *c = NULL;
	int ret = CLI_EXIT_OK;
	enum err rc;

	ret = cli_options_only(ctx, argc, argv, trust_add_help);
	if (ret >= 0)
		return ret;
	ret = CLI_EXIT_OK;
	if (argc - optind != 1) {
		ret = cli_usage_error(ctx, argc == optind ? "give the trust's name" :
							    "too many arguments: put a name with "
							    "spaces in quotes");
		goto out;
	}
	rc = cli_parse_name("trust name", argv[optind], t.name, &eb);
	if (rc != ERR_OK) {
		ret = cli_fail(rc, &eb);
		goto out;
	}
	ret = cli_open_ready(ctx, &a, &c);
	if (ret)
		goto out;
	rc = store_trust_add(c, &cli_actor, &t, &eb);
	if (rc != ERR_OK) {
		ret = cli_fail(rc, &eb);
		goto out;
	}
	printf("pupiltrack: added trust %s\n", t.name);
out:
	if (c)
		store_release(c);
	app_free(a);
	return ret;
}

static const char establishment_add_help[] =
	"Usage: pupiltrack establishment add LAESTAB NAME [--urn URN] [--trust NAME]\n"
	"                                   [--phase PHASE] [--db URL]\n"
	"\n"
	"Adds a school. LAESTAB is 7 digits: the 3-digit LA number (an LA added with\n"
	"'pupiltrack la add') then the 4-digit DfE establishment number; 888/1234 is\n"
	"accepted too. NAME is 1 to 120 characters.\n"
	"\n"
	"Example: pupiltrack establishment add 8881234 \"Demo Primary School\" --urn 100001\n"
	"\n"
	"Options:\n"
	"  --urn URN      the school's 6-digit unique reference number\n"
	"  --trust NAME   the academy trust it belongs to (added with 'pupiltrack trust add')\n"
	"  --phase PHASE  nursery, primary, middle, secondary or all-through (file\n"
	"                 requests can ask every school of a phase)\n"
	"  --db URL       sqlite:PATH or postgresql://... (default: $PUPILTRACK_DB,\n"
	"                 else sqlite:pupiltrack.db)\n"
	"  -h, --help     show this help\n";

int cmd_establishment_add(struct cli_ctx *ctx, int argc, char **argv)
{
	enum { OPT_URN = CLI_OPT_FIRST_OWN, OPT_TRUST, OPT_PHASE };
	static const struct option opts[] = { CLI_COMMON_OPTIONS,
					      { "urn", required_argument, NULL, OPT_URN },
					      { "trust", required_argument, NULL, OPT_TRUST },
					      { "phase", required_argument, NULL, OPT_PHASE },
					      { 0 } };
	const char *urn = NULL, *trust_name = NULL, *phase = NULL;
	enum est_phase ph = PHASE_NONE;
	char trust_clean[NAME_MAX_LEN + 1];
	struct establishment e = { 0 };
	struct errbuf eb = { "" };
	struct trust t = { 0 };
	struct la la;
	struct app *a = NULL;
	struct store_conn *c = NULL;
	int opt, ret = CLI_EXIT_OK, laestab = 0;
	enum err rc;

	optind = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == OPT_URN) {
			urn = optarg;
		} else if (opt == OPT_TRUST) {
			trust_name = optarg;
		} else if (opt == OPT_PHASE) {
			phase = optarg;
		} else {
			ret = cli_option_common(ctx, opt, argv, establishment_add_help);
			if (ret >= 0)
				goto out;
		}
	}
	ret = CLI_EXIT_OK;
	if (argc - optind != 2) {
		ret = cli_usage_error(ctx, argc - optind < 2 ?
						   "give the LAESTAB and the school's name" :
						   "too many arguments: put a name with "
						   "spaces in quotes");
		goto out;
	}
	rc = cli_parse_laestab(argv[optind], &laestab, &eb);
	if (rc == ERR_OK)
		rc = cli_parse_name("school name", argv[optind + 1], e.name, &eb);
	if (rc == ERR_OK && urn)
		rc = cli_parse_urn(urn, &e.urn, &eb);
	if (rc == ERR_OK && trust_name)
		rc = cli_parse_name("trust name", trust_name, trust_clean, &eb);
	if (rc == ERR_OK && phase && (!phase_parse(phase, &ph) || ph == PHASE_NONE))
		rc = errbuf_set(&eb, ERR_INVALID,
				"'%s' is not a phase: use nursery, primary, middle, secondary or "
				"all-through",
				phase);
	if (rc != ERR_OK) {
		ret = cli_fail(rc, &eb);
		goto out;
	}
	ret = cli_open_ready(ctx, &a, &c);
	if (ret)
		goto out;
	rc = store_la_get_by_code(c, laestab / 10000, &la);
	if (rc == ERR_NOT_FOUND) {
		cli_error("there is no LA %03d, the first 3 digits of LAESTAB %07d: add it first "
			  "with 'pupiltrack la add %03d NAME'",
			  laestab / 10000, laestab, laestab / 10000);
		ret = CLI_EXIT_INVALID;
		goto out;
	}
	if (rc != ERR_OK) {
		ret = cli_fail(rc, &eb);
		goto out;
	}
	if (trust_name) {
		ret = cli_trust_find(c, trust_clean, &t);
		if (ret)
			goto out;
	}
	e.la_id = la.id;
	e.la_code = la.code;
	e.estab = laestab % 10000;
	e.trust_id = t.id;
	/* the school and its phase in one transaction */
	rc = store_begin(c, &eb);
	if (rc == ERR_OK) {
		rc = store_establishment_add(c, &cli_actor, &e, &eb);
		if (rc == ERR_OK && phase)
			rc = store_establishment_phase_set(c, &cli_actor, e.id, phase_code(ph),
							   &eb);
		if (rc == ERR_OK)
			rc = store_commit(c, &eb);
		else
			store_rollback(c);
	}
	if (rc != ERR_OK) {
		ret = cli_fail(rc, &eb);
		goto out;
	}
	printf("pupiltrack: added school %07d %s", establishment_laestab(&e), e.name);
	if (e.urn)
		printf(", URN %06d", e.urn);
	if (trust_name)
		printf(", in %s", t.name);
	if (phase)
		printf(", %s", phase_code(ph));
	printf("\n");
out:
	if (c)
		store_release(c);
	app_free(a);
	return ret;
}
