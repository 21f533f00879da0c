/*
 * cmd_report: `pupiltrack report eyfsp|phonics|ks2`: the statutory summaries of
 * a school (--establishment), of every school of an LA (--la), or of a CTF file
 * (--ctf, no database), as JSON, CSV or text (app/report.h: the same JSON as
 * GET /api/v1/schools/LAESTAB/reports/eyfsp); and `pupiltrack report table`:
 * the cross-school table of an LA or trust with small numbers suppressed
 * (app/report_table.h: the same JSON as GET /api/v1/la/reports/table).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/report.h"
#include "app/report_table.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "formats/csv_write.h"
#include "formats/ctf_read.h"
#include "store/store.h"

enum {
	OPT_ESTAB = CLI_OPT_FIRST_OWN,
	OPT_LA,
	OPT_YEAR,
	OPT_FORMAT,
	OPT_CTF,
	OPT_TRUST,
	OPT_COLL,
	OPT_BY
};
enum report_kind { REP_EYFSP, REP_PHONICS, REP_KS2 };
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

static const char ks2_help[] =
	"Usage: pupiltrack report ks2 (--establishment LAESTAB | --la NNN)\n"
	"                            --academic-year YYYY [--format json|csv|text]\n"
	"       pupiltrack report ks2 --ctf FILE.xml [--format json|csv|text]\n"
	"\n"
	"Summarises KS2 teacher assessment for each subject whose results include the\n"
	"expected standard (writing, science in the shipped code table): pupils with a\n"
	"result (left, future and previous key stage L, F, P do not count), pupils at\n"
	"the expected standard or above (EXS, GDS) and at greater depth (GDS), with\n"
	"percentages of the pupils.\n"
	"\n"
	"Exit status as for 'pupiltrack report eyfsp'.\n";

static const char table_help[] =
	"Usage: pupiltrack report table --collection eyfsp|phonics|ks2\n"
	"                              (--la NNN | --trust NAME) --academic-year YYYY\n"
	"                              [--by school|characteristic]\n"
	"                              [--format json|csv|text]\n"
	"\n"
	"The cross-school table of an LA's or a trust's schools: one row per school and\n"
	"the LA or trust total. With --by characteristic, one row per group of pupils\n"
	"(gender, disadvantaged, SEN, EAL, summer born, ethnic group) instead of per\n"
	"school. Figures based on fewer than 5 pupils, and a figure that would let one\n"
	"of them be worked out from the total, show as x.\n"
	"\n"
	"Exit status: 0 done; 2 usage error, unknown LA or trust, or the database could\n"
	"not be used.\n";

struct report_args {
	enum report_kind kind;	/* which report */
	const char *estab;	/* --establishment */
	const char *la;		/* --la */
	const char *year;	/* --academic-year */
	const char *ctf;	/* --ctf */
	enum report_format fmt; /* --format */
};

/* The figures of one report, whichever it is. */
struct report_figs {
	struct report_eyfsp ey;
	struct report_phonics ph;
	struct report_ks2 ks2;
};

static void figs_init(struct report_figs *f, const struct codes *codes)
{
	report_eyfsp_init(&f->ey);
	report_phonics_init(&f->ph);
	report_ks2_init(codes, &f->ks2);
}

/* Writes the summary in the chosen format to stdout. */
static int print_report(const struct report_args *ra, const struct report_header *h,
			const struct report_figs *f)
{
	struct strbuf out;
	bool ok = true, csv = ra->fmt == FMT_CSV;

	strbuf_init(&out, 1024 * 1024);
	if (ra->fmt == FMT_JSON) {
		ok = ra->kind == REP_PHONICS ?
			     report_phonics_json(&out, h, &f->ph) :
		     ra->kind == REP_KS2 ?
			     report_ks2_json(&out, h->laestab, h->academic_year, &f->ks2) :
			     report_eyfsp_json(&out, h, &f->ey);
		strbuf_addc(&out, '\n');
	} else if (ra->kind == REP_PHONICS) {
		report_phonics_text(&out, &f->ph, csv);
	} else if (ra->kind == REP_KS2) {
		report_ks2_text(&out, &f->ks2, csv);
	} else {
		report_eyfsp_text(&out, &f->ey, csv);
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
	struct report_figs f;
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
	figs_init(&f, codes);
	if (ra->kind == REP_PHONICS)
		report_phonics_of_return(codes, &r, &f.ph);
	else if (ra->kind == REP_KS2)
		report_ks2_of_return(codes, &r, &f.ks2);
	else
		report_eyfsp_of_return(codes, &r, &f.ey);
	ret = print_report(ra, &h, &f);
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
	struct report_figs f;
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
	ret = cli_open_ready(ctx, &a, &c);
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
	figs_init(&f, a->codes);
	for (size_t i = 0; i < n && rc == ERR_OK; i++)
		rc = ra->kind == REP_PHONICS ?
			     report_phonics_of_school(c, &list[i], h.academic_year, &f.ph) :
		     ra->kind == REP_KS2 ?
			     report_ks2_of_school(c, &list[i], h.academic_year, &f.ks2) :
			     report_eyfsp_of_school(c, &list[i], h.academic_year, &f.ey);
	if (rc != ERR_OK) {
		cli_error("the database could not be read");
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	ret = print_report(ra, &h, &f);
out:
	free(list);
	if (c)
		store_release(c);
	app_free(a);
	return ret;
}

static int report_run(struct cli_ctx *ctx, int argc, char **argv, enum report_kind kind)
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
	const char *help = kind == REP_PHONICS ? phonics_help :
			   kind == REP_KS2     ? ks2_help :
						 eyfsp_help;
	struct report_args ra = { .kind = kind, .fmt = FMT_JSON };
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
				return cli_usage_error(ctx,
						       "--format takes json, csv or text, not "
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
	return report_run(ctx, argc, argv, REP_EYFSP);
}

int cmd_report_phonics(struct cli_ctx *ctx, int argc, char **argv)
{
	return report_run(ctx, argc, argv, REP_PHONICS);
}

int cmd_report_ks2(struct cli_ctx *ctx, int argc, char **argv)
{
	return report_run(ctx, argc, argv, REP_KS2);
}

/* ---- report table */

static int table_of_store(const struct cli_ctx *ctx, const char *la_arg, const char *trust_arg,
			  enum collection coll, int year, bool by_char, enum report_format fmt)
{
	struct errbuf eb = { "" };
	struct app *a = NULL;
	struct store_conn *c = NULL;
	struct rtable t;
	struct strbuf out;
	int64_t la_id = 0, trust_id = 0;
	int ret, code = 0;
	enum err rc;

	if (la_arg && cli_parse_la_code(la_arg, &code, &eb) != ERR_OK)
		return cli_usage_error(ctx, "--la: %s", eb.msg);
	ret = cli_open_ready(ctx, &a, &c);
	if (ret)
		goto out;
	if (la_arg) {
		struct la la = { 0 };
		rc = store_la_get_by_code(c, code, &la);
		la_id = la.id;
	} else {
		struct trust tr = { 0 };
		rc = store_trust_get_by_name(c, trust_arg, &tr);
		trust_id = tr.id;
	}
	if (rc == ERR_NOT_FOUND) {
		if (la_arg)
			cli_error("there is no LA %03d: check the LA number", code);
		else
			cli_error("there is no trust named '%s': check the name", trust_arg);
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	if (rc == ERR_OK)
		rc = by_char ?
			     rtable_build_by_characteristic(a, c, la_id, trust_id, coll, year, &t) :
			     rtable_build(a, c, la_id, trust_id, coll, year, &t);
	if (rc != ERR_OK) {
		cli_error("the database could not be read");
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	strbuf_init(&out, 64 * 1024 * 1024);
	if (fmt == FMT_JSON) {
		if (rtable_json(&out, &t))
			strbuf_addc(&out, '\n');
		else
			ret = CLI_EXIT_USAGE;
	} else if (fmt == FMT_CSV) {
		struct assess_sheet sh;
		rtable_sheet(&t, &sh);
		csv_write_sheet(&out, &sh.s);
		assess_sheet_free(&sh);
	} else {
		rtable_text(&out, &t);
	}
	if (ret == CLI_EXIT_OK)
		fwrite(out.buf, 1, out.len, stdout);
	else
		cli_error("the report could not be written");
	strbuf_release(&out);
	rtable_free(&t);
out:
	if (c)
		store_release(c);
	app_free(a);
	return ret;
}

int cmd_report_table(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "la", required_argument, NULL, OPT_LA },
		{ "trust", required_argument, NULL, OPT_TRUST },
		{ "collection", required_argument, NULL, OPT_COLL },
		{ "academic-year", required_argument, NULL, OPT_YEAR },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "by", required_argument, NULL, OPT_BY },
		{ 0 },
	};
	const char *la = NULL, *trust = NULL, *coll_arg = NULL, *year_arg = NULL;
	bool by_char = false;
	enum report_format fmt = FMT_JSON;
	enum collection coll;
	struct errbuf eb = { "" };
	long year;
	int opt, ret;

	optind = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case OPT_LA:
			la = optarg;
			break;
		case OPT_TRUST:
			trust = optarg;
			break;
		case OPT_COLL:
			coll_arg = optarg;
			break;
		case OPT_YEAR:
			year_arg = optarg;
			break;
		case OPT_BY:
			if (strcmp(optarg, "school") == 0)
				by_char = false;
			else if (strcmp(optarg, "characteristic") == 0)
				by_char = true;
			else
				return cli_usage_error(ctx,
						       "--by takes school or characteristic, not "
						       "'%s'",
						       optarg);
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "json") == 0)
				fmt = FMT_JSON;
			else if (strcmp(optarg, "csv") == 0)
				fmt = FMT_CSV;
			else if (strcmp(optarg, "text") == 0)
				fmt = FMT_TEXT;
			else
				return cli_usage_error(ctx,
						       "--format takes json, csv or text, not "
						       "'%s'",
						       optarg);
			break;
		default:
			ret = cli_option_common(ctx, opt, argv, table_help);
			if (ret >= 0)
				return ret;
		}
	}
	if (optind < argc)
		return cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
	if ((la != NULL) + (trust != NULL) != 1)
		return cli_usage_error(ctx, "give one of --la NNN or --trust NAME");
	if (!coll_arg || !collection_parse(coll_arg, &coll) || !rtable_collection(coll))
		return cli_usage_error(ctx, "--collection takes eyfsp, phonics or ks2");
	if (!year_arg)
		return cli_usage_error(ctx, "give the academic year with --academic-year YYYY "
					    "(2025 for 2025/26)");
	if (cli_parse_int("academic year", year_arg, 1990, 2200, &year, &eb) != ERR_OK)
		return cli_usage_error(ctx, "--academic-year: %s", eb.msg);
	return table_of_store(ctx, la, trust, coll, (int)year, by_char, fmt);
}
