/*
 * cmd_report: `pupiltrack report eyfsp|phonics`: the statutory summaries of a
 * school (--establishment), of every school of an LA (--la), or of a CTF file
 * (--ctf, no database), as JSON, CSV or text (app/report.h: the same JSON as
 * GET /api/v1/schools/LAESTAB/reports/eyfsp).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/report.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "formats/ctf_read.h"
#include "store/store.h"

enum { OPT_ESTAB = CLI_OPT_FIRST_OWN, OPT_LA, OPT_YEAR, OPT_FORMAT, OPT_CTF };
enum report_format { FMT_JSON, FMT_CSV, FMT_TEXT };

static const char eyfsp_help[] =
	"Usage: pupiltrack report eyfsp (--establishment LAESTAB | --la NNN)\n"
	"                              --academic-year YYYY [--format json|csv|text]\n"
	"       pupiltrack report eyfsp --ctf FILE.xml [--format json|csv|text]\n"
	"\n"
	"Summarises the EYFS profile results stored for a school (or added up over\n"
	"every school of an LA) in an academic year (the start year: 2025 = 2025/26),\n"
	"or those in a CTF file: pupils, assessed (not absent), absent, good level of\n"
	"development (number and percent of those assessed), average number of ELGs at\n"
	"expected, average total score, and Emerging/Expected counts for each ELG.\n"
	"\n"
	"Exit status: 0 done; 1 the CTF file cannot be read as a CTF; 2 usage error,\n"
	"unknown school or LA, or the database or file could not be used.\n";

static const char phonics_help[] =
	"Usage: pupiltrack report phonics (--establishment LAESTAB | --la NNN)\n"
	"                                --academic-year YYYY [--format json|csv|text]\n"
	"       pupiltrack report phonics --ctf FILE.xml [--format json|csv|text]\n"
	"\n"
	"Summarises the phonics screening check: Year 1 and Year 2 pupils with any\n"
	"entry (mark or code), and of those the pupils with a mark of 32 or more.\n"
	"\n"
	"Exit status as for 'pupiltrack report eyfsp'.\n";

struct report_args {
	bool phonics;	      /* which report */
	const char *estab;    /* --establishment */
	const char *la;	      /* --la */
	const char *year;     /* --academic-year */
	const char *ctf;      /* --ctf */
	enum report_format fmt; /* --format */
};

/* Writes the summary in the chosen format to stdout. */
static int print_report(const struct report_args *ra, const struct report_header *h,
			const struct report_eyfsp *ey, const struct report_phonics *ph)
{
	struct strbuf out;
	bool ok = true;

	strbuf_init(&out, 1024 * 1024);
	if (ra->fmt == FMT_JSON) {
		ok = ra->phonics ? report_phonics_json(&out, h, ph) : report_eyfsp_json(&out, h, ey);
		strbuf_addc(&out, '\n');
	} else if (ra->phonics) {
		report_phonics_text(&out, ph, ra->fmt == FMT_CSV);
	} else {
		report_eyfsp_text(&out, ey, ra->fmt == FMT_CSV);
	}
	if (ok)
		fwrite(out.buf, 1, out.len, stdout);
	strbuf_release(&out);
	if (!ok) {
		cli_error("the report could not be written");
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

/* --ctf: the figures of a file; no database. */
static int report_of_file(const struct cli_ctx *ctx, const struct report_args *ra)
{
	struct report_header h = { 0 };
	struct problem_list problems;
	struct stat_return r;
	struct report_eyfsp ey;
	struct report_phonics ph;
	struct errbuf eb = { "" };
	struct codes *codes = NULL;
	char *text = NULL;
	size_t len = 0;
	int ret;

	problem_list_init(&problems);
	stat_return_init(&r);
	if (app_codes_load(NULL, ctx->codes_path, &codes, &eb) != ERR_OK) {
		ret = cli_fail(ERR_USAGE, &eb);
		goto out;
	}
	if (app_file_read(ra->ctf, CTF_READ_MAX + 1, &text, &len, &eb) != ERR_OK) {
		ret = cli_fail(ERR_USAGE, &eb);
		goto out;
	}
	if (ctf_read(text, len, ra->ctf, NULL, &r, &problems) != ERR_OK) {
		char line[PROBLEM_LINE_MAX];
		for (size_t i = 0; i < problems.count; i++)
			fprintf(stderr, "%s\n", problem_format_line(&problems.items[i], line));
		cli_error("%s cannot be read as a CTF: see 'pupiltrack ctf check'", ra->ctf);
		ret = CLI_EXIT_INVALID;
		goto out;
	}
	h.academic_year = stat_academic_year(&r);
	if (ra->phonics)
		report_phonics_of_return(codes, &r, &ph);
	else
		report_eyfsp_of_return(codes, &r, &ey);
	ret = print_report(ra, &h, &ey, &ph);
out:
	codes_free(codes);
	free(text);
	stat_return_release(&r);
	problem_list_release(&problems);
	return ret;
}

/* --establishment / --la: the figures stored in the database. */
static int report_of_store(const struct cli_ctx *ctx, const struct report_args *ra)
{
	struct report_header h = { 0 };
	struct establishment *list = NULL, one;
	struct report_eyfsp ey;
	struct report_phonics ph;
	struct errbuf eb = { "" };
	struct app *a = NULL;
	struct store_conn *c = NULL;
	size_t n = 0;
	long year;
	int ret, code = 0;
	enum err rc = ERR_OK;

	if (cli_parse_int("academic year", ra->year, 1990, 2200, &year, &eb) != ERR_OK)
		return cli_usage_error(ctx, "--academic-year: %s", eb.msg);
	h.academic_year = (int)year;
	if (ra->estab && cli_parse_laestab(ra->estab, &h.laestab, &eb) != ERR_OK)
		return cli_usage_error(ctx, "--establishment: %s", eb.msg);
	if (ra->la && cli_parse_la_code(ra->la, &code, &eb) != ERR_OK)
		return cli_usage_error(ctx, "--la: %s", eb.msg);
	ret = cli_app_open(ctx, 1, &a);
	if (ret)
		goto out;
	ret = cli_conn_ready(ctx, a, &c);
	if (ret)
		goto out;
	if (ra->estab) {
		rc = store_establishment_get_by_laestab(c, h.laestab, &one);
		if (rc == ERR_OK) {
			list = xmalloc(sizeof(*list));
			list[0] = one;
			n = 1;
		} else if (rc == ERR_NOT_FOUND) {
			cli_error("there is no school %07d: check the LAESTAB", h.laestab);
			ret = CLI_EXIT_USAGE;
			goto out;
		}
	} else {
		struct la la;
		rc = store_la_get_by_code(c, code, &la);
		if (rc == ERR_NOT_FOUND) {
			cli_error("there is no LA %03d: check the LA number", code);
			ret = CLI_EXIT_USAGE;
			goto out;
		}
		if (rc == ERR_OK)
			rc = store_establishment_list(c, la.id, 0, &list, &n);
	}
	report_eyfsp_init(&ey);
	report_phonics_init(&ph);
	for (size_t i = 0; i < n && rc == ERR_OK; i++)
		rc = ra->phonics ? report_phonics_of_school(c, &list[i], h.academic_year, &ph) :
				   report_eyfsp_of_school(c, &list[i], h.academic_year, &ey);
	if (rc != ERR_OK) {
		cli_error("the database could not be read");
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	ret = print_report(ra, &h, &ey, &ph);
out:
	free(list);
	if (c)
		store_release(c);
	app_free(a);
	return ret;
}

static int report_run(struct cli_ctx *ctx, int argc, char **argv, bool phonics)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "establishment", required_argument, NULL, OPT_ESTAB },
		{ "la", required_argument, NULL, OPT_LA },
		{ "academic-year", required_argument, NULL, OPT_YEAR },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "ctf", required_argument, NULL, OPT_CTF },
		{ 0 },
	};
	const char *help = phonics ? phonics_help : eyfsp_help;
	struct report_args ra = { .phonics = phonics, .fmt = FMT_JSON };
	int opt, ret, sources;

	optind = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case OPT_ESTAB:
			ra.estab = optarg;
			break;
		case OPT_LA:
			ra.la = optarg;
			break;
		case OPT_YEAR:
			ra.year = optarg;
			break;
		case OPT_CTF:
			ra.ctf = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "json") == 0)
				ra.fmt = FMT_JSON;
			else if (strcmp(optarg, "csv") == 0)
				ra.fmt = FMT_CSV;
			else if (strcmp(optarg, "text") == 0)
				ra.fmt = FMT_TEXT;
			else
				return cli_usage_error(ctx, "--format takes json, csv or text, not "
							    "'%s'",
						       optarg);
			break;
		default:
			ret = cli_option_common(ctx, opt, argv, help);
			if (ret >= 0)
				return ret;
		}
	}
	if (optind < argc)
		return cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
	sources = (ra.estab != NULL) + (ra.la != NULL) + (ra.ctf != NULL);
	if (sources != 1)
		return cli_usage_error(ctx, "give one of --establishment LAESTAB, --la NNN or "
					    "--ctf FILE");
	if (ra.ctf)
		return report_of_file(ctx, &ra);
	if (!ra.year)
		return cli_usage_error(ctx, "give the academic year with --academic-year YYYY "
					    "(2025 for 2025/26)");
	return report_of_store(ctx, &ra);
}

int cmd_report_eyfsp(struct cli_ctx *ctx, int argc, char **argv)
{
	return report_run(ctx, argc, argv, false);
}

int cmd_report_phonics(struct cli_ctx *ctx, int argc, char **argv)
{
	return report_run(ctx, argc, argv, true);
}
