/*
 * cmd_import: `pupiltrack import --establishment LAESTAB FILE`: stores a common
 * transfer file (pupils matched by UPN and their results, app/statutory_app.h)
 * or a pupil upload CSV (app/pupil_import.h) in one school, chosen by what the
 * file holds. All or nothing: when the file has errors every problem goes to
 * stderr as FILE:LINE:COL and nothing is stored (exit 1). A CTF is streamed
 * from the file (memory stays flat whatever its size, up to CTF_READ_MAX); the
 * kind is told from the file's first bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/file_kind.h"
#include "app/pupil_import.h"
#include "app/statutory_app.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "formats/ctf_read.h"
#include "store/store.h"

enum {
	OPT_ESTAB = CLI_OPT_FIRST_OWN,
	IMPORT_HEAD = 64 * 1024 /* bytes read to tell the file's kind */
};

static const struct actor cli_actor = { 0, "cli", "" };

static const char import_help[] =
	"Usage: pupiltrack import --establishment LAESTAB FILE [--db URL]\n"
	"\n"
	"Stores FILE in the school LAESTAB (e.g. 8881234). What is stored depends on\n"
	"the file:\n"
	"  common transfer file (CTF XML): its pupils, matched by UPN (new ones are\n"
	"      added from their basic details), and their phonics, KS1 and KS2\n"
	"      results. The file may come from the school's MIS, another school or\n"
	"      the LA (a file addressed to another school goes into LAESTAB, with a\n"
	"      query saying so). A pupil on roll at another school, a new pupil\n"
	"      without a valid ethnicity or with a wrong postcode, or a submitted\n"
	"      (locked) collection refuses the file. The school's matched pupils get\n"
	"      the file's surname, forename, date of birth, sex, ethnicity and\n"
	"      postcode where they differ (checked as the pupil form checks them,\n"
	"      each change audited; one the file leaves out is kept); a leaver now\n"
	"      at another school is left as it is;\n"
	"  pupil upload CSV (the template's header UPN, Surname, Forename, DOB, ...):\n"
	"      as 'pupiltrack pupils import'.\n"
	"All or nothing: when the file has any error, every problem is printed as\n"
	"FILE:LINE:COL: error: MESSAGE and nothing is stored. Check a file first with\n"
	"'pupiltrack validate FILE'. A CTF is read as a stream and stored in batches\n"
	"inside one transaction: memory stays small whatever its size (at most\n"
	"256 MiB; an upload on the web is capped at 16 MiB). A pupil CSV is read\n"
	"whole (at most 16 MiB).\n"
	"\n"
	"Exit status: 0 imported; 1 the file has errors or is refused (nothing\n"
	"stored); 2 usage error, or the file or the database could not be used.\n";

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void plural(size_t n, const char *one, const char *many, char buf[static 64])
{
	snprintf(buf, 64, "%zu %s", n, n == 1 ? one : many);
}

static int import_ctf(struct app *a, struct store_conn *c, const struct establishment *e,
		      const char *file, int fd)
{
	struct ctf_input in = { .fd = fd };
	struct stat_import_counts n;
	struct problem_list problems;
	struct errbuf eb = { "" };
	char p1[64], p2[64], r1[64];
	enum err rc;
	int ret = CLI_EXIT_OK;

	problem_list_init(&problems);
	rc = stat_import_from(a, c, &cli_actor, e, base_name(file), &in, CTF_READ_MAX, &n,
			      &problems, &eb);
	cli_print_problems(stderr, &problems, base_name(file));
	if (rc != ERR_OK) {
		if (problem_list_count_errors(&problems))
			cli_error("%zu error%s in %s: nothing was stored",
				  problem_list_count_errors(&problems),
				  problem_list_count_errors(&problems) == 1 ? "" : "s",
				  base_name(file));
		else
			cli_error("%s", eb.msg[0] ? eb.msg : err_str(rc));
		ret = cli_exit_for(rc);
		goto out;
	}
	plural(n.pupils_new, "new pupil", "new pupils", p1);
	plural(n.pupils_known, "pupil", "pupils", p2);
	plural(n.results, "result", "results", r1);
	printf("pupiltrack: imported %s into %07d %s: %s, %s matched by UPN; %s new or "
	       "changed, %zu unchanged\n",
	       base_name(file), establishment_laestab(e), e->name, p1, p2, r1, n.unchanged);
	printf("pupiltrack: results: %zu new, %zu changed, %zu unchanged\n", n.results_new,
	       n.results_changed, n.unchanged);
	if (n.pupils_differ)
		printf("pupiltrack: %zu matched pupil%s basic details updated from the file\n",
		       n.pupils_differ, n.pupils_differ == 1 ? "'s" : "s'");
	if (n.skipped)
		printf("pupiltrack: %zu result%s of the file not imported\n", n.skipped,
		       n.skipped == 1 ? "" : "s");
out:
	problem_list_release(&problems);
	return ret;
}

static int import_csv(struct app *a, struct store_conn *c, const struct establishment *e,
		      const char *file, const char *text, size_t len)
{
	struct pupil_import imp;
	struct errbuf eb = { "" };
	enum err rc;
	int ret = CLI_EXIT_OK;

	rc = pupil_import_store(c, &cli_actor, e, base_name(file), text, len, CSV_IMPORT_MAX_BYTES,
				date_from_unix(app_now(a)), &imp, &eb);
	cli_print_problems(stderr, &imp.problems, base_name(file));
	if ((rc == ERR_INVALID || rc == ERR_TOO_BIG) && problem_list_count_errors(&imp.problems)) {
		cli_error("%zu error%s in %s: nothing was stored",
			  problem_list_count_errors(&imp.problems),
			  problem_list_count_errors(&imp.problems) == 1 ? "" : "s",
			  base_name(file));
		ret = CLI_EXIT_INVALID;
		goto out;
	}
	if (rc != ERR_OK) {
		ret = cli_fail(rc, &eb);
		goto out;
	}
	printf("pupiltrack: imported %s into %07d %s: %zu new, %zu changed, %zu unchanged "
	       "pupils\n",
	       base_name(file), establishment_laestab(e), e->name, imp.counts[IMPORT_NEW],
	       imp.counts[IMPORT_CHANGED], imp.counts[IMPORT_UNCHANGED]);
out:
	pupil_import_free(&imp);
	return ret;
}

/* The first IMPORT_HEAD bytes of fd (fewer when the file is shorter) into *text. */
static enum err head_read(int fd, const char *file, char **text, size_t *len, struct errbuf *eb)
{
	char *buf = xmalloc(IMPORT_HEAD + 1);
	size_t n = 0;

	while (n < IMPORT_HEAD) {
		ssize_t got = read(fd, buf + n, IMPORT_HEAD - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			free(buf);
			return errbuf_set(eb, ERR_IO, "cannot read %s: %s", file, strerror(errno));
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return ERR_OK;
}

int cmd_import(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "establishment", required_argument, NULL, OPT_ESTAB },
		{ 0 },
	};
	const char *estab_arg = NULL, *file;
	struct errbuf eb = { "" };
	struct establishment e;
	struct app *a = NULL;
	struct store_conn *c = NULL;
	enum file_kind kind;
	char root[FILE_ROOT_MAX];
	char *text = NULL;
	size_t len = 0;
	int opt, ret, laestab = 0, fd = -1;
	enum err rc;

	optind = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == OPT_ESTAB) {
			estab_arg = optarg;
			continue;
		}
		ret = cli_option_common(ctx, opt, argv, import_help);
		if (ret >= 0)
			return ret;
	}
	if (!estab_arg)
		return cli_usage_error(ctx, "give the school with --establishment LAESTAB");
	if (argc - optind != 1)
		return cli_usage_error(ctx, argc - optind < 1 ? "give the file to import" :
								"give one file only");
	file = argv[optind];
	if (cli_parse_laestab(estab_arg, &laestab, &eb) != ERR_OK)
		return cli_usage_error(ctx, "--establishment: %s", eb.msg);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		errbuf_set(&eb, ERR_IO, "cannot read %s: %s", file, strerror(errno));
		return cli_fail(ERR_IO, &eb);
	}
	rc = head_read(fd, file, &text, &len, &eb);
	if (rc != ERR_OK) {
		ret = cli_fail(rc, &eb);
		goto out;
	}
	kind = file_kind_of(text, len, root);
	if (kind == FILE_KIND_PUPIL_CSV) { /* the whole file: the CSV import reads it in memory */
		free(text);
		text = NULL;
		/* one byte over the cap so that the reader reports the size itself */
		rc = app_file_read(file, STAT_IMPORT_MAX + 1, &text, &len, &eb);
		if (rc != ERR_OK) {
			ret = cli_fail(rc, &eb); /* too big: 1, cannot be read: 2 */
			goto out;
		}
	} else if (kind == FILE_KIND_CTF && lseek(fd, 0, SEEK_SET) != 0) {
		errbuf_set(&eb, ERR_IO,
			   "cannot read %s from its start again: give a file, not "
			   "a pipe",
			   file);
		ret = cli_fail(ERR_IO, &eb);
		goto out;
	}
	if (kind == FILE_KIND_XLSX) {
		cli_error("%s is a spreadsheet (XLSX): this command imports CTF XML and pupil "
			  "upload CSV files",
			  file);
		ret = CLI_EXIT_USAGE;
		goto out;
	}
	if (kind == FILE_KIND_UNKNOWN) {
		ret = cli_kind_unknown(file, root);
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
	if (kind == FILE_KIND_CTF)
		ret = import_ctf(a, c, &e, file, fd);
	else
		ret = import_csv(a, c, &e, file, text, len);
out:
	free(text);
	if (fd >= 0)
		close(fd);
	if (c)
		store_release(c);
	app_free(a);
	return ret;
}
