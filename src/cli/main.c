/*
 * main: the `pupiltrack` command. Reads the global options, finds the subcommand
 * in one table and runs it (cmd_*.c). Exit status: 0 success, 1 the data given is
 * invalid (nothing changed), 2 usage or I/O error. Scripts rely on all of this.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

struct command {
	const char *noun; /* first word: "la" */
	const char *verb; /* second word: "add", or NULL for one-word commands */
	int (*run)(struct cli_ctx *ctx, int argc, char **argv);
	const char *synopsis; /* the command and its arguments */
	const char *summary;  /* what it does, a few words */
};

static const struct command commands[] = {
	{ "serve", NULL, cmd_serve, "serve [--listen HOST:PORT] [--threads N]",
	  "run the web server" },
	{ "db", "migrate", cmd_db_migrate, "db migrate", "create or upgrade the database tables" },
	{ "demo-data", NULL, cmd_demo_data, "demo-data",
	  "load demo LAs, schools, users and pupils; print the demo sign-ins" },
	{ "la", "add", cmd_la_add, "la add NNN NAME", "add a local authority" },
	{ "trust", "add", cmd_trust_add, "trust add NAME", "add a multi-academy trust" },
	{ "establishment", "add", cmd_establishment_add,
	  "establishment add LAESTAB NAME [--urn URN] [--trust NAME]", "add a school" },
	{ "establishment", "phase", cmd_establishment_phase,
	  "establishment phase LAESTAB nursery|primary|middle|secondary|all-through|none",
	  "record a school's phase (file requests can target a phase)" },
	{ "user", "add", cmd_user_add,
	  "user add --username U --role ROLE [--establishment LAESTAB | --la NNN | --trust NAME]",
	  "add a user; prints a one-time password and security code" },
	{ "token", "create", cmd_token_create, "token create --username U [--days N]",
	  "create an API token and print it" },
	{ "validate", NULL, cmd_validate, "validate FILE... [--establishment LAESTAB]",
	  "check CTF XML, pupil upload CSV and results spreadsheet files (no database)" },
	{ "import", NULL, cmd_import, "import --establishment LAESTAB FILE",
	  "store a CTF's pupils and results, or a pupil upload CSV (all or nothing)" },
	{ "ctf", "check", cmd_ctf_check, "ctf check FILE... [--school LAESTAB]",
	  "check common transfer files against the statutory rules" },
	{ "ctf", "export", cmd_ctf_export,
	  "ctf export --establishment LAESTAB --collection eyfsp|phonics|ks1|ks2\n"
	  "        --dest la|naa|unknown|nonmaintained|LAESTAB [--academic-year YYYY]\n"
	  "        [--out DIR]",
	  "write a school's results as a numbered CTF file; print its path" },
	{ "pupils", "import", cmd_pupils_import, "pupils import --establishment LAESTAB FILE.csv",
	  "add or update a school's pupils from the upload template (all or nothing)" },
	{ "pupils", "validate", cmd_pupils_validate,
	  "pupils validate --establishment LAESTAB FILE.csv",
	  "check a pupil upload file and print its problems; stores nothing" },
	{ "report", "eyfsp", cmd_report_eyfsp,
	  "report eyfsp (--establishment LAESTAB | --la NNN) --academic-year YYYY [--format F]",
	  "EYFS profile summary (GLD, averages, per ELG) as json, csv or text" },
	{ "report", "phonics", cmd_report_phonics,
	  "report phonics (--establishment LAESTAB | --la NNN) --academic-year YYYY [--format F]",
	  "phonics check summary (Year 1 and Year 2, met the standard)" },
	{ "report", "ks2", cmd_report_ks2,
	  "report ks2 (--establishment LAESTAB | --la NNN) --academic-year YYYY [--format F]",
	  "KS2 teacher assessment summary (at expected, greater depth per subject)" },
	{ "report", "table", cmd_report_table,
	  "report table --collection eyfsp|phonics|ks2 (--la NNN | --trust NAME)\n"
	  "        --academic-year YYYY [--by school|characteristic] [--format F]",
	  "an LA's or trust's schools side by side with the total; fewer than 5 pupils: x" },
	{ "collection", "remind", cmd_collection_remind,
	  "collection remind [--now YYYY-MM-DDTHH:MM] [--remind-days N]",
	  "send the file requests' automatic reminders that are due" },
};

static void help_print(void)
{
	printf("Usage: pupiltrack [--db URL] COMMAND [OPTIONS] [ARGUMENTS]\n"
	       "\n"
	       "pupiltrack keeps early-years tracking, statutory results and CTF files for\n"
	       "primary schools, local authorities and academy trusts.\n"
	       "\n"
	       "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %s\n      %s\n", commands[i].synopsis, commands[i].summary);
	printf("\n"
	       "Options for every command:\n"
	       "  --db URL        database: sqlite:PATH or postgresql://USER@HOST/NAME\n"
	       "                  (default: $PUPILTRACK_DB, else sqlite:pupiltrack.db)\n"
	       "  --codes FILE    CTF code table (default: the shipped ctf-codes-2025.tsv)\n"
	       "  -h, --help      show help; 'pupiltrack COMMAND --help' for one command\n"
	       "  -V, --version   show the version\n"
	       "\n"
	       "Environment:\n"
	       "  PUPILTRACK_DB        database URL when --db is not given\n"
	       "  PUPILTRACK_KEY_FILE  server key file (default: next to a SQLite database,\n"
	       "                       else ./pupiltrack.key); every server sharing a database\n"
	       "                       needs the same key\n"
	       "  PUPILTRACK_DATA_DIR  folder of the shipped data files\n"
	       "\n"
	       "Exit status: 0 done; 1 the data given is invalid (nothing was changed);\n"
	       "2 usage error, or the database or a file could not be used.\n");
}

/* The help of a two-word command's first word ("pupiltrack la --help"). */
static void group_help_print(const char *noun)
{
	printf("Usage:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].noun, noun) == 0)
			printf("  pupiltrack %s\n      %s\n", commands[i].synopsis,
			       commands[i].summary);
	printf("Run 'pupiltrack %s VERB --help' for details.\n", noun);
}

/* "add" or "add, remove" for a noun's verbs, into buf. */
static const char *verbs_of(const char *noun, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].noun, noun) == 0 && commands[i].verb && used < size)
			used += (size_t)snprintf(buf + used, size - used, "%s'%s %s'",
						 used ? ", " : "", noun, commands[i].verb);
	return buf;
}

static const struct command *command_find(const char *noun, const char *verb, bool *noun_known)
{
	*noun_known = false;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(commands[i].noun, noun) != 0)
			continue;
		*noun_known = true;
		if (!commands[i].verb || (verb && strcmp(commands[i].verb, verb) == 0))
			return &commands[i];
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	struct cli_ctx ctx = { 0 };
	const struct command *cmd;
	const char *env = getenv("PUPILTRACK_DB");
	char name[64];
	bool noun_known;
	int opt, ret, first;

	ctx.db_url = env && *env ? env : "sqlite:pupiltrack.db";
	/* '+': stop at the command word; its options are its own. */
	while ((opt = getopt_long(argc, argv, "+:hV", opts, NULL)) != -1) {
		if (opt == 'h') {
			help_print();
			return CLI_EXIT_OK;
		}
		if (opt == 'V') {
			printf("pupiltrack %s\n", PUPILTRACK_VERSION);
			return CLI_EXIT_OK;
		}
		ret = cli_option_common(&ctx, opt, argv, "");
		if (ret >= 0)
			return ret;
	}
	if (optind >= argc)
		return cli_usage_error(NULL, "give a command");
	first = optind;
	if (strcmp(argv[first], "help") == 0) {
		help_print();
		return CLI_EXIT_OK;
	}
	cmd = command_find(argv[first], first + 1 < argc ? argv[first + 1] : NULL, &noun_known);
	if (!cmd) {
		if (!noun_known)
			return cli_usage_error(NULL, "unknown command '%s'", argv[first]);
		if (first + 1 < argc && (strcmp(argv[first + 1], "--help") == 0 ||
					 strcmp(argv[first + 1], "-h") == 0)) {
			group_help_print(argv[first]);
			return CLI_EXIT_OK;
		}
		return cli_usage_error(NULL, "'%s' needs one of: %s", argv[first],
				       verbs_of(argv[first], name, sizeof(name)));
	}
	if (cmd->verb) {
		snprintf(name, sizeof(name), "%s %s", cmd->noun, cmd->verb);
		first++;
	} else {
		snprintf(name, sizeof(name), "%s", cmd->noun);
	}
	ctx.command = name;
	return cmd->run(&ctx, argc - first, argv + first);
}
