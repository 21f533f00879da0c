/*
 * cmd_ctf_export: `pupiltrack ctf export`: writes a school's statutory results of
 * one collection as a common transfer file for a destination
 * (app/statutory_app.h stat_export_to), named by the DfE convention with the
 * next sequence number for that destination. The number is only used up when
 * the file was written. Refuses, printing the problems, while errors remain.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/statutory_app.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "core/calendar.h"
#include "store/store.h"

enum { OPT_ESTAB = CLI_OPT_FIRST_OWN, OPT_COLL, OPT_DEST, OPT_YEAR, OPT_OUT };

static const struct actor cli_actor = { 0, "cli", "" };

static const char export_help[] =
	"Usage: pupiltrack ctf export --establishment LAESTAB\n"
	"         --collection eyfsp|phonics|ks1|ks2 --dest DEST\n"
	"         [--academic-year YYYY] [--out DIR] [--db URL]\n"
	"\n"
	"Writes the school's results of one statutory collection as a common transfer\n"
	"file (CTF XML) in DIR (default: the current folder) and prints its path. The\n"
	"file is named LAESTAB_TYPE_DESTINATION_NNN.xml, NNN counting the files sent\n"
	"to that destination (001, 002, ...). Phonics holds every Year 1 pupil and the\n"
	"Year 2 retakes. Nothing is written while the results have errors: they are\n"
	"printed as for 'pupiltrack validate'.\n"
	"\n"
	"Options:\n"
	"  --establishment LAESTAB  the school whose results are sent (e.g. 8881234)\n"
	"  --collection C           eyfsp, phonics, ks1 or ks2 (KS2 teacher assessment)\n"
	"  --dest DEST              la (the school's LA, NNN/LLLL), naa (the national\n"
	"                           assessments agency, NAA/LLLL, for KS2 TA), unknown\n"
	"                           (XXX/XXXX), nonmaintained (MMM/MMMM) or another\n"
	"                           school's LAESTAB\n"
	"  --academic-year YYYY     the academic year by its start year (2025 for\n"
	"                           2025/26); default the current one\n"
	"  --out DIR                the folder to write in (default: .)\n"
	"  -h, --help               show this help\n"
	"\n"
	"Exit status: 0 written; 1 the results have errors or there are none\n"
	"(nothing written); 2 usage error, or the folder or the database could not be\n"
	"used.\n";

/* Writes len bytes of data to a new file path (never over an existing one). */
static enum err file_write_new(const char *path, const char *data, size_t len, struct errbuf *eb)
{
	size_t done = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd < 0)
		return errbuf_set(eb, ERR_IO,
				  errno == EEXIST ? "%s is there already: move it away and export "
						    "again" :
						    "cannot write %s: %s",
				  path, strerror(errno));
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			errbuf_set(eb, ERR_IO, "cannot write %s: %s", path, strerror(errno));
			close(fd);
			unlink(path);
			return ERR_IO;
		}
		done += (size_t)n;
	}
	if (close(fd) != 0) {
		errbuf_set(eb, ERR_IO, "cannot write %s: %s", path, strerror(errno));
		unlink(path);
		return ERR_IO;
	}
	return ERR_OK;
}

struct export_args {
	const char *estab, *coll, *dest, *year, *out;
};

static int export_run(struct cli_ctx *ctx, const struct export_args *x)
{
	struct problem_list problems;
	struct errbuf eb = { "" };
	struct establishment e;
	struct ctf_dest dest;
	enum collection coll;
	struct app *a = NULL;
	struct store_conn *c = NULL;
	char name[CTF_NAME_MAX], *path = NULL, *xml = NULL;
	size_t len = 0, plen;
	int ret, laestab, year = 0;
	enum err rc;

	problem_list_init(&problems);
	if (cli_parse_laestab(x->estab, &laestab, &eb) != ERR_OK) {
		ret = cli_usage_error(ctx, "--establishment: %s", eb.msg);
		goto out;
	}
	if (!collection_parse(x->coll, &coll)) {
		ret = cli_usage_error(ctx,
				      "--collection must be eyfsp, phonics, ks1 or ks2, not "
				      "'%s'",
				      x->coll);
		goto out;
	}
	if (stat_dest_parse(x->dest, &dest, &eb) != ERR_OK) {
		ret = cli_usage_error(ctx, "--dest: %s", eb.msg);
		goto out;
	}
	if (x->year && !academic_year_parse(x->year, &year)) {
		ret = cli_usage_error(ctx,
				      "--academic-year must be a start year such as 2025, "
				      "not '%s'",
				      x->year);
		goto out;
	}
	ret = cli_open_ready(ctx, &a, &c);
	if (ret)
		goto out;
	if (!year)
		year = academic_year_of(date_from_unix(app_now(a)));
	rc = store_establishment_get_by_laestab(c, laestab, &e);
	if (rc != ERR_OK) {
		cli_error(rc == ERR_NOT_FOUND ? "there is no school %07d: check the LAESTAB" :
						"the database could not be read",
			  laestab);
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	/* The sequence number is given back unless the file is written. */
	rc = store_begin(c, &eb);
	if (rc) {
		ret = cli_fail(ERR_IO, &eb);
		goto out;
	}
	rc = stat_export_to(a, c, &cli_actor, &e, coll, year, &dest, &xml, &len, name, &problems,
			    &eb);
	if (rc == ERR_OK) {
		plen = strlen(x->out) + 1 + strlen(name) + 1;
		path = xmalloc(plen);
		snprintf(path, plen, "%s/%s", x->out, name);
		rc = file_write_new(path, xml, len, &eb);
	}
	if (rc == ERR_OK) {
		rc = store_commit(c, &eb);
		if (rc)
			unlink(path);
	} else {
		store_rollback(c);
	}
	cli_print_problems(stderr, &problems, name[0] ? name : "export");
	if (rc != ERR_OK) {
		ret = cli_fail(rc, &eb);
		goto out;
	}
	printf("%s\n", path);
out:
	problem_list_release(&problems);
	free(xml);
	free(path);
	if (c)
		store_release(c);
	app_free(a);
	return ret;
}

int cmd_ctf_export(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "establishment", required_argument, NULL, OPT_ESTAB },
		{ "collection", required_argument, NULL, OPT_COLL },
		{ "dest", required_argument, NULL, OPT_DEST },
		{ "academic-year", required_argument, NULL, OPT_YEAR },
		{ "out", required_argument, NULL, OPT_OUT },
		{ 0 },
	};
	struct export_args x = { .out = "." };
	int opt, ret;

	optind = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case OPT_ESTAB:
			x.estab = optarg;
			break;
		case OPT_COLL:
			x.coll = optarg;
			break;
		case OPT_DEST:
			x.dest = optarg;
			break;
		case OPT_YEAR:
			x.year = optarg;
			break;
		case OPT_OUT:
			x.out = optarg;
			break;
		default:
			ret = cli_option_common(ctx, opt, argv, export_help);
			if (ret >= 0)
				return ret;
		}
	}
	if (optind < argc)
		return cli_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
	if (!x.estab)
		return cli_usage_error(ctx, "give the school with --establishment LAESTAB");
	if (!x.coll)
		return cli_usage_error(ctx, "give the collection with --collection "
					    "eyfsp|phonics|ks1|ks2");
	if (!x.dest)
		return cli_usage_error(ctx, "give the destination with --dest "
					    "la|naa|unknown|nonmaintained|LAESTAB");
	if (!x.out[0])
		return cli_usage_error(ctx, "--out: give a folder");
	return export_run(ctx, &x);
}
