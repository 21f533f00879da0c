/*
 * cmd_ctf: `pupiltrack ctf check FILE...`: reads each CTF safely (formats/ctf_read)
 * and applies the statutory rules (core/statutory), printing one line per
 * problem and a summary, as `pupiltrack validate` does for a CTF
 * (cli_validate_ctf in cmd_validate.c), streaming each file through the rule
 * engine. Needs no database.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/codes.h"
#include "core/statutory.h"
#include "formats/ctf_read.h"

enum { OPT_SCHOOL = CLI_OPT_FIRST_OWN };

static const char ctf_check_help[] =
	"Usage: pupiltrack ctf check FILE... [--school LAESTAB] [--codes FILE]\n"
	"\n"
	"Checks common transfer files (CTF XML) against the statutory rules: the\n"
	"header, UPNs, dates of birth, duplicate pupils and every EYFS profile,\n"
	"phonics, KS1 and KS2 teacher assessment result. Prints one line per problem,\n"
	"  FILE:LINE:COL: error: MESSAGE    (must be fixed before the file is sent)\n"
	"  FILE:LINE:COL: query: MESSAGE    (unusual: check it, then it may be sent)\n"
	"then a summary line per file.\n"
	"\n"
	"Options:\n"
	"  --school LAESTAB  the school sending the file (e.g. 8881234); a file made by\n"
	"                    another school is an error\n"
	"  --codes FILE      CTF code table (default: the shipped ctf-codes-2025.tsv)\n"
	"  -h, --help        show this help\n"
	"\n"
	"Exit status: 0 no errors (queries allowed); 1 a file has errors; 2 usage\n"
	"error, or a file could not be read.\n";

/* Checks one file, streamed from it; returns its exit status. */
static int check_file(const char *file, const struct codes *codes, const struct stat_options *sopt)
{
	struct ctf_input in = { .text = NULL, .len = 0, .fd = -1 };
	int ret;

	in.fd = open(file, O_RDONLY | O_CLOEXEC);
	if (in.fd < 0) {
		cli_error("cannot read %s: %s", file, strerror(errno));
		return CLI_EXIT_USAGE;
	}
	ret = cli_validate_ctf(file, &in, codes, sopt);
	close(in.fd);
	return ret;
}

int cmd_ctf_check(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "school", required_argument, NULL, OPT_SCHOOL },
		{ 0 },
	};
	struct stat_options sopt = { 0 };
	struct errbuf eb = { "" };
	struct codes *codes = NULL;
	int opt, ret = CLI_EXIT_OK, one;

	optind = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == OPT_SCHOOL) {
			if (cli_parse_laestab(optarg, &sopt.school_laestab, &eb) != ERR_OK)
				return cli_usage_error(ctx, "--school: %s", eb.msg);
			continue;
		}
		ret = cli_option_common(ctx, opt, argv, ctf_check_help);
		if (ret >= 0)
			return ret;
	}
	ret = CLI_EXIT_OK;
	if (optind >= argc)
		return cli_usage_error(ctx, "give the CTF file to check");
	ret = cli_codes_open(ctx, &codes);
	if (ret)
		return ret;
	for (int i = optind; i < argc; i++) {
		one = check_file(argv[i], codes, &sopt);
		if (one > ret)
			ret = one;
	}
	codes_free(codes);
	return ret;
}
