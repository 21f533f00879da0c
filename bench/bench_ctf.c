/*
 * bench_ctf: CTF validation and import of issue 6 on a 20,000-pupil EYFS profile
 * return, next to `xmllint --stream --noout` on the same file.
 *
 *   bench_ctf --work DIR [--pupils N] [--runs N] [--sqlite PATH] [--pg URL]
 *             [--xmllint PATH] [--fixture FILE]
 *
 *  1. generate: the shared EYFSP fixture's 30 pupils repeated to --pupils
 *     (default 20,000) and to twice that, each with its own valid UPN (made-up
 *     names of the fixture), streamed to DIR; the bench checks that the rule
 *     engine finds no error in them;
 *  2. validate: the `pupiltrack validate` path (the file streamed by
 *     ctf_read_stream through the statutory_stream_* rule engine) in a child
 *     process per run; MB/s, pupils/s and the
 *     child's peak resident memory (wait4 ru_maxrss), for both sizes;
 *  3. xmllint --stream --noout on the same files, timed the same way;
 *  4. import: the `pupiltrack import` path (stat_import_from: the file streamed
 *     from its descriptor, checked by the rule engine pupil by pupil, pupils
 *     matched or added and results stored batch by batch in one transaction) of
 *     one file of --pupils pupils into a school of its own per run, on each
 *     backend given; time and the child's peak resident memory.
 * Medians of --runs (default 5). docs/performance.md, "CTF validate and import
 * (issue 6)", explains the output.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/statutory_app.h"
#include "base/err.h"
#include "base/log.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/problem.h"
#include "core/statutory.h"
#include "core/upn.h"
#include "formats/ctf_read.h"
#include "store/store.h"

enum {
	BENCH_LA = 888,	     /* the fixture's LA */
	FIRST_ESTAB = 3000,  /* schools 3000, 3001, ... one per import run */
	RUNS_MAX = 51,	     /* --runs */
	PUPILS_MAX = 100000, /* --pupils (x2 must fit CTF_READ_MAX) */
	TARGET_MB = 32,	     /* peak memory target */
};

/* s as a whole number lo..hi, or -1. */
static int number(const char *s, int lo, int hi)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *s && !*end && v >= lo && v <= hi ? (int)v : -1;
}

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_ctf: %s: %s\n", what, msg);
	exit(1);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- 1. the files */

struct fixture {
	struct strbuf text;
	size_t head_len, tail_at;
	size_t npupils;
	size_t at[64], len[64];
};

static void fixture_load(struct fixture *fx, const char *path)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t n, end;
	const char *p, *e;

	memset(fx, 0, sizeof(*fx));
	fx->text = (struct strbuf)STRBUF_INIT;
	if (!f)
		die(path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&fx->text, buf, n);
	fclose(f);
	p = strstr(fx->text.buf, "    <Pupil>");
	e = strstr(fx->text.buf, "  </CTFpupilData>");
	if (!p || !e)
		die(path, "not the EYFSP fixture this bench expects");
	fx->head_len = (size_t)(p - fx->text.buf);
	fx->tail_at = end = (size_t)(e - fx->text.buf);
	while ((size_t)(p - fx->text.buf) < end && fx->npupils < 64) {
		const char *close = strstr(p, "</Pupil>\n");
		if (!close || (size_t)(close - fx->text.buf) > end)
			break;
		close += strlen("</Pupil>\n");
		fx->at[fx->npupils] = (size_t)(p - fx->text.buf);
		fx->len[fx->npupils++] = (size_t)(close - p);
		p = close;
	}
	if (!fx->npupils)
		die(path, "no pupils");
}

/* Writes s[len] to f with the value of the first "<TAG>" in it replaced by value
 * (of the same length: LEA, Estab and UPN values are fixed length). */
static void put_with(FILE *f, const char *s, size_t len, const char *open, const char *value)
{
	char *copy = xmalloc(len + 1);
	char *at;

	memcpy(copy, s, len);
	copy[len] = '\0';
	at = strstr(copy, open);
	if (!at || at[strlen(open) + strlen(value)] != '<')
		die("the fixture", open);
	memcpy(at + strlen(open), value, strlen(value));
	fwrite(copy, 1, len, f);
	free(copy);
}

/* Writes pupils [first, first + n) of school estab as a CTF to path; returns its size. */
static size_t generate(const struct fixture *fx, const char *path, int estab, int first, int n)
{
	FILE *f = fopen(path, "wb");
	char es[8], upn[UPN_LEN + 1];
	const char *src = strstr(fx->text.buf, "<SourceSchool>");
	size_t src_at = (size_t)(src - fx->text.buf);
	struct stat st;

	if (!f)
		die(path, strerror(errno));
	snprintf(es, sizeof(es), "%04d", estab);
	/* the header, with the school's Estab in SourceSchool */
	fwrite(fx->text.buf, 1, src_at, f);
	put_with(f, fx->text.buf + src_at, fx->head_len - src_at, "<Estab>", es);
	for (int i = first; i < first + n; i++) {
		size_t k = (size_t)i % fx->npupils;
		/* 1,000 serials a year of allocation: years 0, 1, ... */
		if (!upn_make(BENCH_LA, estab, i / 1000, i % 1000, upn))
			die("upn_make", "no UPN for that many pupils");
		put_with(f, fx->text.buf + fx->at[k], fx->len[k], "<UPN>", upn);
	}
	fputs(fx->text.buf + fx->tail_at, f);
	if (fclose(f) != 0 || stat(path, &st) != 0)
		die(path, strerror(errno));
	return (size_t)st.st_size;
}

/* ---- 2.-4. the measured work, each run in a child process */

struct run {
	double ms, maxrss_mb;
};

/* Runs fn(arg) in a child; its wall time (fork to exit) and peak memory. */
static struct run in_child(int (*fn)(void *), void *arg)
{
	struct rusage ru;
	struct run r;
	int status;
	double t0 = now_ms();
	pid_t pid = fork();

	if (pid < 0)
		die("fork", strerror(errno));
	if (pid == 0) {
		fflush(stdout);
		_exit(fn(arg));
	}
	if (wait4(pid, &status, 0, &ru) != pid)
		die("wait4", strerror(errno));
	r.ms = now_ms() - t0;
	r.maxrss_mb = (double)ru.ru_maxrss / 1024.0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("a measured run", "failed (see above)");
	return r;
}

struct validate_arg {
	const char *path;
	size_t pupils;
};

/* The rule engine as the file is read (as cli_validate_ctf does). */
static bool bench_check_header(void *ctx, const struct stat_return *r)
{
	statutory_stream_header(ctx, r);
	return true;
}

static bool bench_check_pupil(void *ctx, const struct stat_return *r, const struct stat_pupil *p)
{
	statutory_stream_pupil(ctx, r, p);
	return true;
}

/* What `pupiltrack validate FILE` does for a CTF (cli/cmd_validate.c,
 * cli_validate_ctf): the file streamed from its descriptor through the rule
 * engine, one pupil at a time. */
static int validate_child(void *p)
{
	const struct validate_arg *va = p;
	struct problem_list read_problems, problems;
	struct stat_options sopt = { 0 };
	struct stat_stream_check check;
	struct ctf_sink sink = { &check, bench_check_header, bench_check_pupil };
	struct ctf_input in = { .text = NULL, .len = 0, .fd = -1 };
	struct stat_return end;
	struct codes *codes = NULL;
	struct errbuf eb = { "" };
	size_t errors;
	FILE *f;
	enum err rc;

	if (app_codes_load(NULL, NULL, &codes, &eb) != ERR_OK) {
		fprintf(stderr, "bench_ctf: %s\n", eb.msg);
		return 1;
	}
	f = fopen(va->path, "rb");
	if (!f) {
		fprintf(stderr, "bench_ctf: cannot read %s: %s\n", va->path, strerror(errno));
		return 1;
	}
	in.fd = fileno(f);
	problem_list_init(&read_problems);
	problem_list_init(&problems);
	statutory_stream_begin(&check, codes, &sopt, &problems);
	rc = ctf_read_stream(&in, va->path, NULL, &sink, &read_problems);
	stat_return_init(&end);
	snprintf(end.source, sizeof(end.source), "%s", va->path);
	if (rc == ERR_OK)
		statutory_stream_end(&check, &end);
	errors = problem_list_count_errors(&problems) + problem_list_count_errors(&read_problems);
	if (rc != ERR_OK || errors || check.npupils != va->pupils) {
		fprintf(stderr, "bench_ctf: %s: read %d, %zu pupils, %zu errors\n", va->path, rc,
			check.npupils, errors);
		return 1;
	}
	statutory_stream_release(&check);
	problem_list_release(&read_problems);
	problem_list_release(&problems);
	fclose(f);
	codes_free(codes);
	return 0;
}

struct xmllint_arg {
	const char *xmllint, *path;
};

static int xmllint_child(void *p)
{
	const struct xmllint_arg *xa = p;

	execl(xa->xmllint, xa->xmllint, "--stream", "--noout", xa->path, (char *)NULL);
	return 127;
}

struct import_arg {
	const char *db;
	struct establishment e;
	char (*paths)[4096];
	int nfiles;
	size_t pupils;
};

/* What `pupiltrack import --establishment LAESTAB FILE` does (cli/cmd_import.c),
 * for each file in turn. */
static int import_child(void *p)
{
	const struct import_arg *ia = p;
	struct app_config cfg = { .db_url = ia->db };
	struct actor who = { 0, "bench", "" };
	struct errbuf eb = { "" };
	struct app *a;
	struct store_conn *c;
	size_t stored = 0;

	if (app_open(&cfg, &a, &eb) != ERR_OK) {
		fprintf(stderr, "bench_ctf: %s\n", eb.msg);
		return 1;
	}
	c = store_acquire(a->store);
	for (int i = 0; i < ia->nfiles; i++) {
		struct stat_import_counts n;
		struct problem_list problems;
		struct ctf_input in = { .fd = -1 };
		FILE *f = fopen(ia->paths[i], "rb");
		enum err rc;

		if (!f) {
			fprintf(stderr, "bench_ctf: cannot read %s: %s\n", ia->paths[i],
				strerror(errno));
			return 1;
		}
		in.fd = fileno(f);
		problem_list_init(&problems);
		rc = stat_import_from(a, c, &who, &ia->e, ia->paths[i], &in, CTF_READ_MAX, &n,
				      &problems, &eb);
		if (rc != ERR_OK) {
			fprintf(stderr, "bench_ctf: import of %s: %s (%zu problems)\n",
				ia->paths[i], eb.msg, problems.count);
			return 1;
		}
		stored += n.pupils_new;
		fclose(f);
		problem_list_release(&problems);
	}
	store_release(c);
	app_free(a);
	if (stored != ia->pupils) {
		fprintf(stderr, "bench_ctf: %zu pupils stored, %zu expected\n", stored, ia->pupils);
		return 1;
	}
	return 0;
}

/* ---- the report */

static void report(const char *what, struct run *runs, int n, size_t bytes, size_t pupils)
{
	double ms[RUNS_MAX], mem[RUNS_MAX], m;

	for (int i = 0; i < n; i++) {
		ms[i] = runs[i].ms;
		mem[i] = runs[i].maxrss_mb;
	}
	m = median(ms, n);
	printf("  %-40s %8.0f ms %8.1f MB/s %9.0f pupils/s %7.1f MB peak\n", what, m,
	       (double)bytes / (1024.0 * 1024.0) / (m / 1e3), (double)pupils / (m / 1e3),
	       median(mem, n));
}

static double median_ms(struct run *runs, int n)
{
	double ms[RUNS_MAX];

	for (int i = 0; i < n; i++)
		ms[i] = runs[i].ms;
	return median(ms, n);
}

static double max_mem(struct run *runs, int n)
{
	double m = 0;

	for (int i = 0; i < n; i++)
		m = runs[i].maxrss_mb > m ? runs[i].maxrss_mb : m;
	return m;
}

static double bench_import(const struct fixture *fx, const char *work, const char *db,
			   const char *label, int pupils, int runs, int *estab, double *peak)
{
	struct app_config cfg = { .db_url = db };
	struct actor who = { 0, "bench", "" };
	struct errbuf eb = { "" };
	struct app *a;
	struct store_conn *c;
	struct la la = { .code = BENCH_LA };
	struct run r[RUNS_MAX];
	struct import_arg ia = { .db = db, .pupils = (size_t)pupils };
	size_t per_file, bytes = 0;
	double ms;
	char what[96];

	if (app_open(&cfg, &a, &eb) != ERR_OK || store_migrate(a->store, NULL, &eb) != ERR_OK)
		die(db, eb.msg);
	c = store_acquire(a->store);
	if (store_la_get_by_code(c, BENCH_LA, &la) != ERR_OK) {
		snprintf(la.name, sizeof(la.name), "Bench LA");
		if (store_la_add(c, &who, &la, &eb) != ERR_OK)
			die("adding the LA", eb.msg);
	}
	/* one file, as a school's MIS would send it (streamed: no size limit but
	 * CTF_READ_MAX) */
	per_file = (size_t)pupils;
	ia.nfiles = 1;
	ia.paths = xcalloc((size_t)ia.nfiles, sizeof(*ia.paths));
	for (int run = 0; run < runs; run++) {
		struct establishment e = { .la_id = la.id,
					   .la_code = BENCH_LA,
					   .estab = (*estab)++ };

		snprintf(e.name, sizeof(e.name), "Bench School %04d", e.estab);
		if (store_establishment_add(c, &who, &e, &eb) != ERR_OK)
			die("adding a school", eb.msg);
		bytes = 0;
		for (int i = 0; i < ia.nfiles; i++) {
			int first = i * (int)per_file;
			int n = pupils - first < (int)per_file ? pupils - first : (int)per_file;
			snprintf(ia.paths[i], sizeof(ia.paths[i]), "%s/%d%04d_FSP_888LLLL_%03d.xml",
				 work, BENCH_LA, e.estab, i + 1);
			bytes += generate(fx, ia.paths[i], e.estab, first, n);
		}
		ia.e = e;
		r[run] = in_child(import_child, &ia);
		for (int i = 0; i < ia.nfiles; i++)
			unlink(ia.paths[i]);
	}
	store_release(c);
	app_free(a);
	snprintf(what, sizeof(what), "import %s (%d file%s)", label, ia.nfiles,
		 ia.nfiles == 1 ? "" : "s");
	report(what, r, runs, bytes, (size_t)pupils);
	ms = median_ms(r, runs);
	*peak = max_mem(r, runs);
	free(ia.paths);
	return (double)bytes / (ms / 1e3);
}

static int usage(void)
{
	fprintf(stderr, "usage: bench_ctf --work DIR [--pupils N] [--runs N] [--sqlite PATH] "
			"[--pg URL] [--xmllint PATH] [--fixture FILE]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *work = NULL, *sqlite = NULL, *pg = NULL, *xmllint = "/usr/bin/xmllint";
	const char *fixture = NULL, *shared = getenv("PT_SHARED_DIR");
	int pupils = 20000, runs = 5, estab = FIRST_ESTAB;
	char path[2][4096], fixture_buf[4096], db[4200];
	size_t bytes[2];
	double lint_rate = 0, val_rate = 0, val_mem = 0;
	struct fixture fx;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--work") == 0)
			work = argv[i + 1];
		else if (strcmp(argv[i], "--pupils") == 0)
			pupils = number(argv[i + 1], 1, PUPILS_MAX);
		else if (strcmp(argv[i], "--runs") == 0)
			runs = number(argv[i + 1], 1, RUNS_MAX);
		else if (strcmp(argv[i], "--sqlite") == 0)
			sqlite = argv[i + 1];
		else if (strcmp(argv[i], "--pg") == 0)
			pg = argv[i + 1];
		else if (strcmp(argv[i], "--xmllint") == 0)
			xmllint = argv[i + 1];
		else if (strcmp(argv[i], "--fixture") == 0)
			fixture = argv[i + 1];
		else
			return usage();
	}
	if (!work || argc % 2 == 0 || pupils < 1 || pupils > PUPILS_MAX || runs < 1 ||
	    runs > RUNS_MAX)
		return usage();
	if (!fixture) {
		snprintf(fixture_buf, sizeof(fixture_buf),
			 "%s/fixtures/ctf/8881234_FSP_888LLLL_001.xml",
			 shared ? shared : PT_SOURCE_DIR "/../shared");
		fixture = fixture_buf;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	log_set_level(LOG_WARN);
	fixture_load(&fx, fixture);

	printf("pupiltrack CTF benchmark (issue 6): EYFS profile returns, medians of %d runs\n",
	       runs);
	for (int k = 0; k < 2; k++) {
		int n = pupils * (k + 1);
		double t0 = now_ms();
		snprintf(path[k], sizeof(path[k]), "%s/%d1234_FSP_888LLLL_%03d.xml", work, BENCH_LA,
			 k + 1);
		bytes[k] = generate(&fx, path[k], 1234, 0, n);
		printf("  %-40s %8.0f ms   (%d pupils, %.1f MB)\n", "generate", now_ms() - t0, n,
		       (double)bytes[k] / (1024.0 * 1024.0));
	}
	for (int k = 0; k < 2; k++) {
		struct validate_arg va = { path[k], (size_t)pupils * (size_t)(k + 1) };
		struct xmllint_arg xa = { xmllint, path[k] };
		struct run v[RUNS_MAX], x[RUNS_MAX];
		char what[96];

		for (int i = 0; i < runs; i++) {
			v[i] = in_child(validate_child, &va);
			x[i] = in_child(xmllint_child, &xa);
		}
		snprintf(what, sizeof(what), "validate, %zu pupils", va.pupils);
		report(what, v, runs, bytes[k], va.pupils);
		snprintf(what, sizeof(what), "xmllint --stream --noout, %zu pupils", va.pupils);
		report(what, x, runs, bytes[k], va.pupils);
		if (k == 0) {
			val_rate = (double)bytes[0] / median_ms(v, runs);
			lint_rate = (double)bytes[0] / median_ms(x, runs);
		}
		val_mem = max_mem(v, runs) > val_mem ? max_mem(v, runs) : val_mem;
	}
	printf("  validation: %.2f x xmllint's MB/s (target 0.5 or more): %s\n",
	       val_rate / lint_rate, val_rate >= lint_rate / 2 ? "met" : "MISSED");
	printf("  peak memory of validation: %.1f MB at most (target under %d MB): %s\n", val_mem,
	       TARGET_MB, val_mem < TARGET_MB ? "met" : "MISSED");
	for (int k = 0; k < 2; k++)
		unlink(path[k]);

	for (int k = 0; k < 2; k++) {
		const char *url = k == 0 ? sqlite : pg, *label = k == 0 ? "SQLite" : "PostgreSQL";
		double rate, peak;
		if (!url)
			continue;
		if (k == 0)
			snprintf(db, sizeof(db), "sqlite:%s", sqlite);
		else
			snprintf(db, sizeof(db), "%s", pg);
		rate = bench_import(&fx, work, db, label, pupils, runs, &estab, &peak);
		printf("  import on %s: %.2f x xmllint's MB/s (target 0.25 or more): %s\n", label,
		       rate / (lint_rate * 1e3), rate >= lint_rate * 1e3 / 4 ? "met" : "MISSED");
		printf("  peak memory of import on %s: %.1f MB at most (target under %d MB): %s\n",
		       label, peak, TARGET_MB, peak < TARGET_MB ? "met" : "MISSED");
	}
	strbuf_release(&fx.text);
	return 0;
}
