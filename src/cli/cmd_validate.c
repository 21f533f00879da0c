/*
 * cmd_validate: `pupiltrack validate FILE...`: finds what kind of file each one
 * is (a CTF by its root element, a pupil upload CSV by the template's header, a
 * spreadsheet by the zip signature), checks it with the same rules the imports
 * use and prints one line per problem and a summary line per file. A CTF is
 * streamed from its file through the rule engine, one pupil at a time, so
 * memory stays flat whatever its size. Needs no database. The kind of a file is
 * app/file_kind's; the CTF report `import` and `ctf check` share is here (cli.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app/file_kind.h"
#include "app/pupil_import.h"
#include "app/results_sheet.h"
#include "cli/cli.h"
#include "core/calendar.h"
#include "core/codes.h"
#include "core/statutory.h"
#include "formats/ctf_read.h"

enum {
	OPT_ESTAB = CLI_OPT_FIRST_OWN,
	OPT_YEAR,
	VALIDATE_HEAD = 64 * 1024 /* bytes read to tell a file's kind before streaming it */
};

static const char validate_help[] =
	"Usage: pupiltrack validate FILE... [--establishment LAESTAB] [--academic-year YYYY]\n"
	"                                   [--codes FILE]\n"
	"\n"
	"Checks each file with the rules its import uses and stores nothing. The kind\n"
	"of file is found from its content:\n"
	"  common transfer file (CTF XML, root element CTfile): the header, UPNs,\n"
	"      dates of birth, duplicate pupils and every EYFS profile, phonics, KS1\n"
	"      and KS2 teacher assessment result;\n"
	"  pupil upload CSV (first line the template's header UPN, Surname, Forename,\n"
	"      DOB, ...): every field. No database is used, so a UPN already at\n"
	"      another school is only found by 'pupiltrack import';\n"
	"  results spreadsheet (XLSX, the KS1, KS2 or phonics results template):\n"
	"      the School DFE, and each row with the rules a CTF's pupil gets (UPN,\n"
	"      names, date of birth and cohort, every result, results missing).\n"
	"Prints one line per problem,\n"
	"  FILE:LINE:COL: error: MESSAGE    (must be fixed)\n"
	"  FILE:LINE:COL: query: MESSAGE    (unusual: check it; the file may be used)\n"
	"  FILE:Sheet!Cell: error: MESSAGE  (spreadsheets)\n"
	"then a summary line per file. Problems come in the order they occur in the\n"
	"file (a missing header last), at most 10,000 per file; the summary counts\n"
	"them all. A CTF is read as a stream: memory stays small whatever its size\n"
	"(at most 256 MiB).\n"
	"\n"
	"Options:\n"
	"  --establishment LAESTAB  the school sending (e.g. 8881234): a CTF made by\n"
	"                           another school is an error\n"
	"  --academic-year YYYY     the academic year a results spreadsheet is for, by\n"
	"                           its start year (2025 for 2025/26; default the\n"
	"                           current one): whose ages the pupils should have\n"
	"  --codes FILE             CTF code table (default: the shipped\n"
	"                           ctf-codes-2025.tsv)\n"
	"  -h, --help               show this help\n"
	"\n"
	"Exit status: 0 no errors (queries allowed); 1 a file has errors; 2 usage\n"
	"error, a file could not be read or is of a kind pupiltrack does not check.\n";

int cli_kind_unknown(const char *file, const char *root)
{
	if (root[0])
		cli_error("%s is XML but not a common transfer file: its root element is <%.40s>, "
			  "a CTF's is <CTfile>",
			  file, root);
	else
		cli_error("%s is not a kind of file pupiltrack checks: give a common transfer "
			  "file (CTF XML), a pupil upload CSV starting with the template's header "
			  "(UPN,Surname,Forename,DOB,...) or a results spreadsheet (XLSX)",
			  file);
	return CLI_EXIT_USAGE;
}

void cli_print_problems(FILE *out, const struct problem_list *pl, const char *file)
{
	char line[PROBLEM_LINE_MAX];
	size_t all = problem_list_count_errors(pl) + problem_list_count_queries(pl);

	for (size_t i = 0; i < pl->count; i++)
		fprintf(out, "%s\n", problem_format_line(&pl->items[i], line));
	if (pl->capped)
		fprintf(out, "%s: only the first %zu problems are shown (%zu more not shown)\n",
			file, pl->count, all > pl->count ? all - pl->count : 0);
}

/* The rule engine as the CTF is read: one pupil at a time. */
static bool check_header(void *ctx, const struct stat_return *r)
{
	statutory_stream_header(ctx, r);
	return true;
}

static bool check_pupil(void *ctx, const struct stat_return *r, const struct stat_pupil *p)
{
	statutory_stream_pupil(ctx, r, p);
	return true;
}

int cli_validate_ctf(const char *file, const struct ctf_input *in, const struct codes *codes,
		     const struct stat_options *sopt)
{
	struct problem_list read_problems, rule_problems, *shown;
	struct stat_stream_check check;
	struct ctf_sink sink = { &check, check_header, check_pupil };
	struct stat_return end;
	size_t errors, queries, pupils = 0;
	enum err rc;

	/* the reader's problems apart from the rules': a file that cannot be read
	 * reports only why (the rules of the pupils before are not shown) */
	problem_list_init(&read_problems);
	problem_list_init(&rule_problems);
	statutory_stream_begin(&check, codes, sopt, &rule_problems);
	rc = ctf_read_stream(in, file, NULL, &sink, &read_problems);
	if (rc == ERR_IO) {
		/* not the file's fault: as when it cannot be opened */
		const struct problem *why = problem_list_find(&read_problems, "CTF_IO");
		cli_error("cannot read %s: %s", file, why ? why->message : err_str(rc));
		statutory_stream_release(&check);
		problem_list_release(&read_problems);
		problem_list_release(&rule_problems);
		return CLI_EXIT_USAGE;
	}
	shown = &read_problems;
	if (rc == ERR_OK) {
		stat_return_init(&end);
		snprintf(end.source, sizeof(end.source), "%s", file ? file : "");
		statutory_stream_end(&check, &end);
		pupils = check.npupils;
		shown = &rule_problems;
	}
	statutory_stream_release(&check);
	cli_print_problems(stdout, shown, file);
	errors = problem_list_count_errors(shown);
	queries = problem_list_count_queries(shown);
	printf("%s: %zu pupil%s, %zu error%s, %zu quer%s%s\n", file, pupils, pupils == 1 ? "" : "s",
	       errors, errors == 1 ? "" : "s", queries, queries == 1 ? "y" : "ies",
	       errors ? ": fix the errors and check the file again" : ": ready to send");
	problem_list_release(&read_problems);
	problem_list_release(&rule_problems);
	return errors ? CLI_EXIT_INVALID : CLI_EXIT_OK;
}

/* A pupil upload CSV, offline: the field rules only. */
static int validate_pupil_csv(const char *file, const char *text, size_t len)
{
	struct establishment none;
	struct pupil_import imp;
	size_t errors, queries, rows;
	enum err rc;

	memset(&none, 0, sizeof(none));
	rc = pupil_import_check(NULL, &none, file, text, len, CSV_IMPORT_MAX_BYTES,
				date_from_unix(app_now(NULL)), &imp);
	cli_print_problems(stdout, &imp.problems, file);
	errors = problem_list_count_errors(&imp.problems);
	queries = problem_list_count_queries(&imp.problems);
	rows = imp.nrows;
	pupil_import_free(&imp);
	if (rc != ERR_OK && rc != ERR_INVALID && rc != ERR_TOO_BIG) {
		cli_error("%s could not be checked: %s", file, err_str(rc));
		return CLI_EXIT_USAGE;
	}
	printf("%s: pupil upload, %zu valid pupil row%s, %zu error%s, %zu quer%s%s\n", file, rows,
	       rows == 1 ? "" : "s", errors, errors == 1 ? "" : "s", queries,
	       queries == 1 ? "y" : "ies",
	       errors ? ": fix the errors and check the file again" : ": ready to import");
	return errors ? CLI_EXIT_INVALID : CLI_EXIT_OK;
}

/* A results spreadsheet (XLSX): app/results_sheet.h, located FILE:Sheet!Cell. */
static int validate_sheet(const char *file, const char *data, size_t len, const struct codes *codes,
			  const struct stat_options *sopt, int academic_year)
{
	struct results_sheet_options ro = { .school_laestab = sopt->school_laestab,
					    .academic_year = academic_year };
	struct problem_list problems;
	struct errbuf eb = { "" };
	size_t errors, queries;
	enum err rc;

	problem_list_init(&problems);
	rc = results_sheet_check(NULL, file, data, len, codes, &ro, &problems, &eb);
	if (rc == ERR_IO) {
		cli_error("%s could not be checked: %s", file, eb.msg[0] ? eb.msg : err_str(rc));
		problem_list_release(&problems);
		return CLI_EXIT_USAGE;
	}
	cli_print_problems(stdout, &problems, file);
	errors = problem_list_count_errors(&problems);
	queries = problem_list_count_queries(&problems);
	printf("%s: results spreadsheet, %zu error%s, %zu quer%s%s\n", file, errors,
	       errors == 1 ? "" : "s", queries, queries == 1 ? "y" : "ies",
	       errors ? ": fix the errors and check the file again" : ": ready to upload");
	problem_list_release(&problems);
	return errors ? CLI_EXIT_INVALID : CLI_EXIT_OK;
}

/* Reads up to size bytes from the start of fd into buf; the count, or -1. */
static ssize_t read_head(int fd, char *buf, size_t size)
{
	size_t got = 0;

	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* A CTF in a regular file, streamed from it (it is never held whole): the exit
 * status, or -1 when the file is not one (or its first bytes do not tell). */
static int validate_ctf_streamed(const char *file, const struct codes *codes,
				 const struct stat_options *sopt)
{
	static char head[VALIDATE_HEAD];
	char root[FILE_ROOT_MAX];
	struct stat st;
	int fd, ret = -1;
	ssize_t n;

	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		n = read_head(fd, head, sizeof(head));
		/* the first bytes decide: a root element, or the whole file */
		if (n > 0 && file_kind_of(head, (size_t)n, root) == FILE_KIND_CTF &&
		    (root[0] || (size_t)n < sizeof(head)) && lseek(fd, 0, SEEK_SET) == 0) {
			struct ctf_input in = { .text = NULL, .len = 0, .fd = fd };
			ret = cli_validate_ctf(file, &in, codes, sopt);
		}
	}
	close(fd);
	return ret;
}

/* Checks one file of any kind; returns its exit status. */
static int validate_file(const char *file, const struct codes *codes,
			 const struct stat_options *sopt, int academic_year)
{
	struct errbuf eb = { "" };
	char root[FILE_ROOT_MAX];
	char *text = NULL;
	size_t len = 0;
	enum err rc;
	int ret;

	ret = validate_ctf_streamed(file, codes, sopt);
	if (ret >= 0)
		return ret;
	/* other kinds, and what is not a regular file, are read whole; one byte
	 * over the cap so that the readers report the size themselves */
	rc = app_file_read(file, CTF_READ_MAX + 1, &text, &len, &eb);
	if (rc != ERR_OK)
		return cli_fail(rc, &eb); /* too big: 1, cannot be read: 2 */
	switch (file_kind_of(text, len, root)) {
	case FILE_KIND_CTF: {
		struct ctf_input in = { .text = text, .len = len, .fd = -1 };
		ret = cli_validate_ctf(file, &in, codes, sopt);
		break;
	}
	case FILE_KIND_PUPIL_CSV:
		ret = validate_pupil_csv(file, text, len);
		break;
	case FILE_KIND_XLSX:
		ret = validate_sheet(file, text, len, codes, sopt, academic_year);
		break;
	default:
		ret = cli_kind_unknown(file, root);
		break;
	}
	free(text);
	return ret;
}

int cli_codes_open(const struct cli_ctx *ctx, struct codes **out)
{
	struct errbuf eb = { "" };

	if (app_codes_load(NULL, ctx->codes_path, out, &eb) == ERR_OK)
		return CLI_EXIT_OK;
	cli_error("%s", eb.msg);
	return CLI_EXIT_USAGE;
}

int cmd_validate(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "establishment", required_argument, NULL, OPT_ESTAB },
		{ "academic-year", required_argument, NULL, OPT_YEAR },
		{ 0 },
	};
	struct stat_options sopt = { 0 };
	struct errbuf eb = { "" };
	struct codes *codes = NULL;
	int opt, ret, one, year = 0;

	optind = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == OPT_ESTAB) {
			if (cli_parse_laestab(optarg, &sopt.school_laestab, &eb) != ERR_OK)
				return cli_usage_error(ctx, "--establishment: %s", eb.msg);
			continue;
		}
		if (opt == OPT_YEAR) {
			if (!academic_year_parse(optarg, &year))
				return cli_usage_error(ctx,
						       "--academic-year must be a start year such "
						       "as 2025, not '%s'",
						       optarg);
			continue;
		}
		ret = cli_option_common(ctx, opt, argv, validate_help);
		if (ret >= 0)
			return ret;
	}
	if (optind >= argc)
		return cli_usage_error(ctx, "give the file to check");
	ret = cli_codes_open(ctx, &codes);
	if (ret)
		return ret;
	for (int i = optind; i < argc; i++) {
		one = validate_file(argv[i], codes, &sopt, year);
		if (one > ret)
			ret = one;
	}
	codes_free(codes);
	return ret;
}
