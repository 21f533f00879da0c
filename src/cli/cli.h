/*
 * cli: the pieces the `pupiltrack` subcommands share: exit codes, error output,
 * option parsing conventions, opening the app, and checks of typed values (LA
 * numbers, LAESTABs, URNs, names). Each subcommand lives in a cmd_*.c file.
 */
#ifndef PT_CLI_CLI_H
#define PT_CLI_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/err.h"
#include "core/model.h"

struct app;
struct codes;
struct problem_list;
struct stat_options;
struct store_conn;

/* Exit statuses: a contract scripts rely on. */
enum {
	CLI_EXIT_OK = 0,      /* done */
	CLI_EXIT_INVALID = 1, /* the data given is invalid; nothing was changed */
	CLI_EXIT_USAGE = 2,   /* usage error, or the database/files could not be reached */
};

/* Settings gathered from the environment, the global options and the command's
 * own options (later ones win). */
struct cli_ctx {
	const char *db_url;	/* --db, else PUPILTRACK_DB, else "sqlite:pupiltrack.db" */
	const char *codes_path; /* --codes, else NULL (the shipped table) */
	const char *command;	/* "la add", for messages */
};

/* Long-option values shared by every command (short options use their letter). */
enum {
	CLI_OPT_DB = 1000,
	CLI_OPT_CODES,
	CLI_OPT_FIRST_OWN = 1100, /* commands number their own options from here */
};

/* Entries every command's option table starts with, in this order. */
#define CLI_COMMON_OPTIONS                                           \
	{ "db", required_argument, NULL, CLI_OPT_DB },               \
		{ "codes", required_argument, NULL, CLI_OPT_CODES }, \
	{                                                            \
		"help", no_argument, NULL, 'h'                       \
	}

/* What a command's option loop does with an option it does not handle itself:
 * sets --db and --codes, prints help for -h, reports unknown options and missing
 * values. Returns -1 to go on, else the exit status to return at once. */
int cli_option_common(struct cli_ctx *ctx, int opt, char **argv, const char *help);
/* The option loop of a command that takes only the common options: returns -1
 * to go on (optind at the first argument), else the exit status to return. */
int cli_options_only(struct cli_ctx *ctx, int argc, char **argv, const char *help);

/* Prints "pupiltrack: error: MESSAGE" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* cli_error, then a hint to try --help; returns CLI_EXIT_USAGE. */
int cli_usage_error(const struct cli_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The exit status for an error code: 1 for bad data, 2 for usage and I/O. */
int cli_exit_for(enum err e);
/* Prints eb's message (or err_str(e)) as an error and returns cli_exit_for(e). */
int cli_fail(enum err e, const struct errbuf *eb);

/* Opens the app for ctx; on failure prints why and returns the exit status (else 0). */
int cli_app_open(const struct cli_ctx *ctx, unsigned pool_size, struct app **out);
/* Takes a connection of an app whose database is migrated; prints and returns an
 * exit status when the database has no tables yet (else 0). */
int cli_conn_ready(const struct cli_ctx *ctx, struct app *a, struct store_conn **out);
/* cli_app_open (one connection) then cli_conn_ready: 0, or the exit status after
 * saying why. The caller releases *c (when not NULL) and frees *a. */
int cli_open_ready(const struct cli_ctx *ctx, struct app **a, struct store_conn **c);
/* The trust called name into t: 0, or the exit status after saying why (a name
 * no trust has is told with how to add it). */
int cli_trust_find(struct store_conn *c, const char *name, struct trust *t);

/* Checks of values typed on the command line; each fills eb with a sentence and
 * returns ERR_INVALID when the value is wrong. */
/* A 3-digit LA number 100..999. */
enum err cli_parse_la_code(const char *s, int *out, struct errbuf *eb);
/* A 7-digit LAESTAB ("8881234", also "888/1234"), LA part 100..999, DfE number not 0000. */
enum err cli_parse_laestab(const char *s, int *out, struct errbuf *eb);
/* A 6-digit URN 100000..999999. */
enum err cli_parse_urn(const char *s, int *out, struct errbuf *eb);
/* A whole number lo..hi written in decimal digits only. */
enum err cli_parse_int(const char *what, const char *s, long lo, long hi, long *out,
		       struct errbuf *eb);
/* A name of 1..120 characters, not blank, no line breaks; surrounding spaces are
 * dropped. what is "LA name", "school name"... */
enum err cli_parse_name(const char *what, const char *s, char out[NAME_MAX_LEN + 1],
			struct errbuf *eb);

/* The subcommands: argv[0] is the command's last word ("add"), as getopt expects. */
int cmd_serve(struct cli_ctx *ctx, int argc, char **argv);
int cmd_db_migrate(struct cli_ctx *ctx, int argc, char **argv);
int cmd_demo_data(struct cli_ctx *ctx, int argc, char **argv);
int cmd_la_add(struct cli_ctx *ctx, int argc, char **argv);
int cmd_trust_add(struct cli_ctx *ctx, int argc, char **argv);
int cmd_establishment_add(struct cli_ctx *ctx, int argc, char **argv);
int cmd_user_add(struct cli_ctx *ctx, int argc, char **argv);
int cmd_token_create(struct cli_ctx *ctx, int argc, char **argv);
int cmd_ctf_check(struct cli_ctx *ctx, int argc, char **argv);
/* issue 4b (cmd_pupils.c) */
int cmd_pupils_import(struct cli_ctx *ctx, int argc, char **argv);
int cmd_pupils_validate(struct cli_ctx *ctx, int argc, char **argv);
/* issue 6b (cmd_validate.c, cmd_import.c, cmd_ctf_export.c) */
int cmd_validate(struct cli_ctx *ctx, int argc, char **argv);
int cmd_import(struct cli_ctx *ctx, int argc, char **argv);
int cmd_ctf_export(struct cli_ctx *ctx, int argc, char **argv);
/* Prints why file is of no kind pupiltrack checks; returns CLI_EXIT_USAGE. */
int cli_kind_unknown(const char *file, const char *root);
/* Loads the code table named by ctx (else the shipped one); prints why not. */
int cli_codes_open(const struct cli_ctx *ctx, struct codes **out);
/* Prints each problem of pl as a line to out (and a note when it was capped). */
void cli_print_problems(FILE *out, const struct problem_list *pl, const char *file);
/* Checks a CTF as it is read from in (formats/ctf_read.h: a file descriptor,
 * streamed, or memory), printing its problems and a summary line to stdout;
 * returns 0 (no errors) or 1, or 2 when the file could not be read. */
struct ctf_input;
int cli_validate_ctf(const char *file, const struct ctf_input *in, const struct codes *codes,
		     const struct stat_options *sopt);
/* issue 8a (cmd_report.c) */
int cmd_report_eyfsp(struct cli_ctx *ctx, int argc, char **argv);
int cmd_report_phonics(struct cli_ctx *ctx, int argc, char **argv);
/* issue 8c (cmd_report.c): `report ks2`, `report table` */
int cmd_report_ks2(struct cli_ctx *ctx, int argc, char **argv);
int cmd_report_table(struct cli_ctx *ctx, int argc, char **argv);
/* cmd_collection.c (issue 7c): `collection remind`, `establishment phase`. */
int cmd_collection_remind(struct cli_ctx *ctx, int argc, char **argv);
int cmd_establishment_phase(struct cli_ctx *ctx, int argc, char **argv);

#endif
