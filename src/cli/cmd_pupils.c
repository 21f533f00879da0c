/*
 * cmd_pupils: `pupiltrack pupils import` and `pupiltrack pupils validate`: the
 * pupil upload of the web page, from the command line (app/pupil_import.h).
 * Problems go to stderr as "FILE:LINE:COL: error: ..."; exit 1 when the file
 * has errors (nothing stored), 2 for usage, file or database trouble.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/pupil_import.h"
#include "cli/cli.h"
#include "store/store.h"

static const struct actor cli_actor = { 0, "cli", "" };

static const char import_help[] =
	"Usage: pupiltrack pupils import --establishment LAESTAB FILE.csv [--db URL]\n"
	"\n"
	"Adds the pupils of FILE.csv (the pupil upload template saved as CSV: UPN,\n"
	"Surname, Forename, DOB, Gender, Postcode, FSM, Ethnic code, English as\n"
	"additional language, SEN, LCCNo) to the school LAESTAB. A UPN already at\n"
	"that school updates the pupil. All or nothing: when any row has a problem,\n"
	"every problem is printed as FILE:LINE:COL and nothing is stored.\n"
	"\n"
	"Exit status: 0 imported; 1 the file has errors (nothing stored); 2 usage\n"
	"error, or the file or the database could not be used.\n";

static const char validate_help[] =
	"Usage: pupiltrack pupils validate --establishment LAESTAB FILE.csv [--db URL]\n"
	"\n"
	"Checks FILE.csv as 'pupiltrack pupils import' would and prints the same\n"
	"problems, but stores nothing. Exit status as for import.\n";

static int pupils_run(struct cli_ctx *ctx, int argc, char **argv, bool store_it)
{
	enum { OPT_ESTAB = CLI_OPT_FIRST_OWN };
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS, { "establishment", required_argument, NULL, OPT_ESTAB }, { 0 }
	};
	const char *help = store_it ? import_help : validate_help;
	const char *estab_arg = NULL, *file, *base;
	struct pupil_import imp = { 0 };
	struct errbuf eb = { "" };
	struct establishment e;
	struct app *a = NULL;
	struct store_conn *c = NULL;
	char *data = NULL;
	size_t len = 0;
	int opt, ret, laestab = 0;
	enum err rc;

	optind = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == OPT_ESTAB) {
			estab_arg = optarg;
		} else {
			ret = cli_option_common(ctx, opt, argv, help);
			if (ret >= 0)
				goto out;
		}
	}
	ret = CLI_EXIT_OK;
	if (!estab_arg) {
		ret = cli_usage_error(ctx, "give the school with --establishment LAESTAB");
		goto out;
	}
	if (argc - optind != 1) {
		ret = cli_usage_error(ctx, argc - optind < 1 ? "give the CSV file to read" :
							       "give one CSV file only");
		goto out;
	}
	file = argv[optind];
	rc = cli_parse_laestab(estab_arg, &laestab, &eb);
	if (rc != ERR_OK) {
		ret = cli_fail(ERR_USAGE, &eb);
		goto out;
	}
	rc = app_file_read(file, CSV_IMPORT_MAX_BYTES, &data, &len, &eb);
	if (rc != ERR_OK) {
		ret = cli_fail(rc == ERR_TOO_BIG ? ERR_USAGE : rc, &eb);
		goto out;
	}
	ret = cli_open_ready(ctx, &a, &c);
	if (ret)
		goto out;
	rc = store_establishment_get_by_laestab(c, laestab, &e);
	if (rc != ERR_OK) {
		if (rc == ERR_NOT_FOUND)
			cli_error("there is no school %07d: check the LAESTAB", laestab);
		else
			cli_error("the database could not be read");
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	if (store_it)
		rc = pupil_import_store(c, &cli_actor, &e, base, data, len, CSV_IMPORT_MAX_BYTES,
					date_from_unix(app_now(a)), &imp, &eb);
	else
		rc = pupil_import_check(c, &e, base, data, len, CSV_IMPORT_MAX_BYTES,
					date_from_unix(app_now(a)), &imp);
	for (size_t i = 0; i < imp.problems.count; i++) {
		char line[PROBLEM_LINE_MAX];
		fprintf(stderr, "%s\n", problem_format_line(&imp.problems.items[i], line));
	}
	if ((rc == ERR_INVALID || rc == ERR_TOO_BIG) && problem_list_count_errors(&imp.problems)) {
		fprintf(stderr, "pupiltrack: %zu error%s in %s; nothing was stored\n",
			problem_list_count_errors(&imp.problems),
			problem_list_count_errors(&imp.problems) == 1 ? "" : "s", base);
		ret = CLI_EXIT_INVALID;
		goto out;
	}
	if (rc != ERR_OK) {
		ret = cli_fail(rc, &eb);
		goto out;
	}
	if (!store_it) {
		printf("pupiltrack: %s is valid: %zu new, %zu changed, %zu unchanged pupils for "
		       "%07d\n",
		       base, imp.counts[IMPORT_NEW], imp.counts[IMPORT_CHANGED],
		       imp.counts[IMPORT_UNCHANGED], laestab);
		goto out;
	}
	printf("pupiltrack: imported %s into %07d %s: %zu added, %zu updated, %zu unchanged\n",
	       base, laestab, e.name, imp.counts[IMPORT_NEW], imp.counts[IMPORT_CHANGED],
	       imp.counts[IMPORT_UNCHANGED]);
out:
	pupil_import_free(&imp);
	free(data);
	if (c)
		store_release(c);
	app_free(a);
	return ret;
}

int cmd_pupils_import(struct cli_ctx *ctx, int argc, char **argv)
{
	return pupils_run(ctx, argc, argv, true);
}

int cmd_pupils_validate(struct cli_ctx *ctx, int argc, char **argv)
{
	return pupils_run(ctx, argc, argv, false);
}
