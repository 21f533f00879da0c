/*
 * bench_reports: the reports of issue 8 at LA and national scale, on each
 * backend: the EYFSP Full Report of one school (app/report.h: report_load, the
 * school's tracking assessment, 17 judgements per pupil) and the LA-wide table
 * of the EYFS profile (app/report_table.h: rtable_build, every school of the LA,
 * 17 results per pupil), timed as the pages run them (median of --runs), with
 * the process's peak memory after each.
 *
 * Each size is its own LA in the same database (so the small LA is measured
 * beside the big one, as it would live): Reception pupils in schools of
 * --per-school (60 by default, more when the LA would pass 8,000 schools),
 * generated in the database by store_report_seed_school (four statements per
 * school, one transaction, audited once).
 *   bench_reports --work DIR [--runs N] [--sizes 15000,600000] [--per-school N]
 *                 [--sqlite PATH] [--pg URL]
 * Run through `make bench` (bench/run.sh); docs/performance.md, "Reports".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "app/app.h"
#include "app/report.h"
#include "app/report_table.h"
#include "base/err.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "store/store.h"

enum {
	YEAR = 2025,	    /* the academic year of every report */
	SIZES_MAX = 4,	    /* --sizes */
	RUNS_MAX = 101,	    /* --runs */
	SCHOOLS_MAX = 8000, /* establishment numbers 1000..8999 */
	FIRST_LA = 990,	    /* LA numbers 990, 991, ... (no real data uses them) */
};

static double clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

/* CPU time of this process (the store's work on SQLite; not PostgreSQL's). */
static double cpu_ms(void)
{
	return clock_ms(CLOCK_PROCESS_CPUTIME_ID);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Peak resident memory of the process so far, MiB. */
static double peak_mib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

struct size_run {
	int pupils;		    /* asked for */
	int per_school;		    /* pupils per school */
	int schools;		    /* schools made */
	struct la la;		    /* the LA */
	struct establishment first; /* the school whose Full Report is timed */
	int64_t assessment;	    /* its assessment */
};

/* Makes the LA of one size with its schools and their data. */
static enum err seed(struct app *app, struct store_conn *c, int index, struct size_run *s,
		     int per_school_min, bool reuse, struct errbuf *eb)
{
	struct actor who = { .user_id = 0, .name = "bench", .ip = "" };
	int left;
	enum err rc;

	s->per_school = per_school_min;
	if ((s->pupils + s->per_school - 1) / s->per_school > SCHOOLS_MAX)
		s->per_school = (s->pupils + SCHOOLS_MAX - 1) / SCHOOLS_MAX;
	if (reuse && store_la_get_by_code(c, FIRST_LA + index, &s->la) == ERR_OK) {
		struct establishment *list = NULL;
		struct assessment *as = NULL;
		size_t n = 0, na = 0;
		rc = store_establishment_list(c, s->la.id, 0, &list, &n);
		for (size_t i = 0; rc == ERR_OK && i < n; i++)
			if (list[i].estab == 1000)
				s->first = list[i];
		s->schools = (int)n;
		free(list);
		if (rc == ERR_OK)
			rc = store_assessment_list(c, s->first.id, YEAR, &as, &na);
		if (rc == ERR_OK && na == 0)
			rc = ERR_NOT_FOUND;
		if (rc == ERR_OK)
			s->assessment = as[0].id;
		free(as);
		if (rc)
			errbuf_set(eb, rc, "the LA %d of --reuse has no bench data", s->la.code);
		return rc;
	}
	memset(&s->la, 0, sizeof(s->la));
	s->la.code = FIRST_LA + index;
	snprintf(s->la.name, sizeof(s->la.name), "Bench LA %d", s->pupils);
	rc = store_la_add(c, &who, &s->la, eb);
	if (rc)
		return rc;
	left = s->pupils;
	for (s->schools = 0; left > 0; s->schools++) {
		int n = left < s->per_school ? left : s->per_school;
		struct establishment e = { 0 };
		struct assessment a = { 0 };
		e.la_id = s->la.id;
		e.la_code = s->la.code;
		e.estab = 1000 + s->schools;
		e.urn = 500000 + index * 10000 + s->schools;
		snprintf(e.name, sizeof(e.name), "Bench Primary %d", e.estab);
		if ((rc = store_establishment_add(c, &who, &e, eb)) != ERR_OK)
			return rc;
		a.establishment_id = e.id;
		a.academic_year = YEAR;
		snprintf(a.name, sizeof(a.name), "Summer Term Assessment");
		a.date = (struct date){ YEAR + 1, 6, 15 };
		a.year_groups = ASSESS_YG_R;
		a.kind = SCALE_TRACKING;
		if ((rc = store_assessment_add(c, &who, &a, eb)) != ERR_OK)
			return rc;
		rc = store_report_seed_school(
			c, &who, &e, &a, n, (int64_t)index * 100000000 + (int64_t)s->schools * 1000,
			YEAR, eb);
		if (rc)
			return rc;
		if (s->schools == 0) {
			s->first = e;
			s->assessment = a.id;
		}
		left -= n;
	}
	(void)app;
	return ERR_OK;
}

static int bench_backend(const char *label, const char *url, const char *key, const int *sizes,
			 int nsizes, int per_school, int runs, bool reuse)
{
	struct app_config cfg = { .db_url = url, .key_path = key, .pool_size = 1 };
	struct size_run s[SIZES_MAX];
	struct errbuf eb = { "" };
	struct app *app = NULL;
	struct store_conn *c;
	double t[RUNS_MAX], u[RUNS_MAX];
	enum err rc;

	if (app_open(&cfg, &app, &eb) != ERR_OK || store_migrate(app->store, NULL, &eb) != ERR_OK) {
		fprintf(stderr, "bench_reports: %s: %s\n", label, eb.msg);
		app_free(app);
		return 1;
	}
	c = store_acquire(app->store);
	printf("\n%s\n", label);
	for (int i = 0; i < nsizes; i++) {
		double t0 = now_ms();
		s[i].pupils = sizes[i];
		rc = seed(app, c, i, &s[i], per_school, reuse, &eb);
		if (rc) {
			fprintf(stderr, "bench_reports: %s: seeding: %s\n", label, eb.msg);
			goto fail;
		}
		printf("  %s LA %d: %d pupils in %d schools of up to %d, %ld judgements and "
		       "%ld EYFS profile results, in %.1f s\n",
		       reuse ? "reused" : "seeded", s[i].la.code, s[i].pupils, s[i].schools,
		       s[i].per_school, (long)s[i].pupils * 17, (long)s[i].pupils * 17,
		       (now_ms() - t0) / 1000);
		fflush(stdout);
	}
	printf("  %-10s %-30s %10s %10s %12s %10s\n", "pupils", "report", "median ms", "min ms",
	       "CPU med ms", "peak MiB");
	for (int i = 0; i < nsizes; i++) {
		struct report_query q = { .assessment_id = s[i].assessment, .year_group = YEAR_R };
		struct report_data d;
		struct rtable tb;
		long check = 0;
		double med;
		int n = runs;

		for (int r = 0; r < n; r++) {
			double t0 = now_ms(), u0 = cpu_ms();
			if (report_load(app, c, &s[i].first, &q, &d) != ERR_OK)
				goto fail_read;
			t[r] = now_ms() - t0;
			u[r] = cpu_ms() - u0;
			check = d.full.included;
			report_data_free(&d);
		}
		med = median(t, n); /* sorts t: t[0] is the fastest */
		printf("  %-10d %-30s %10.2f %10.2f %12.2f %10.1f\n", s[i].pupils,
		       "Full Report (one school)", med, t[0], median(u, n), peak_mib());
		if (check != s[i].per_school)
			fprintf(stderr,
				"bench_reports: the Full Report counted %ld pupils, not %d\n",
				check, s[i].per_school);
		/* the big table: fewer runs when one takes seconds */
		if (s[i].pupils > 100000 && n > 5)
			n = 5;
		for (int r = 0; r < n; r++) {
			double t0 = now_ms(), u0 = cpu_ms();
			if (rtable_build(app, c, s[i].la.id, 0, COLL_EYFSP, YEAR, &tb) != ERR_OK)
				goto fail_read;
			t[r] = now_ms() - t0;
			u[r] = cpu_ms() - u0;
			check = tb.total.cell[0].num;
			rtable_free(&tb);
		}
		med = median(t, n);
		printf("  %-10d %-30s %10.2f %10.2f %12.2f %10.1f\n", s[i].pupils,
		       "LA table, EYFS profile", med, t[0], median(u, n), peak_mib());
		if (check != s[i].pupils)
			fprintf(stderr, "bench_reports: the LA table counted %ld pupils, not %d\n",
				check, s[i].pupils);
		fflush(stdout);
	}
	store_release(c);
	app_free(app);
	return 0;
fail_read:
	fprintf(stderr, "bench_reports: %s: a report could not be read\n", label);
fail:
	store_release(c);
	app_free(app);
	return 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: bench_reports --work DIR [--runs N] [--sizes N,N] [--per-school N] "
			"[--reuse] [--sqlite PATH] [--pg URL]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *sqlite_path = NULL, *pg_url = NULL, *work = NULL;
	int sizes[SIZES_MAX] = { 15000, 600000 }, nsizes = 2, runs = 21, per_school = 60;
	bool reuse = false;
	char key[4096], url[4096];
	int ret = 0;

	for (int i = 1; i < argc; i++) {
		if (i + 1 < argc && strcmp(argv[i], "--runs") == 0) {
			runs = atoi(argv[++i]);
		} else if (i + 1 < argc && strcmp(argv[i], "--per-school") == 0) {
			per_school = atoi(argv[++i]);
		} else if (i + 1 < argc && strcmp(argv[i], "--sizes") == 0) {
			char *p = argv[++i];
			for (nsizes = 0; *p && nsizes < SIZES_MAX; nsizes++) {
				sizes[nsizes] = (int)strtol(p, &p, 10);
				if (sizes[nsizes] <= 0)
					return usage();
				if (*p == ',')
					p++;
			}
		} else if (i + 1 < argc && strcmp(argv[i], "--sqlite") == 0) {
			sqlite_path = argv[++i];
		} else if (i + 1 < argc && strcmp(argv[i], "--pg") == 0) {
			pg_url = argv[++i];
		} else if (strcmp(argv[i], "--reuse") == 0) {
			reuse = true;
		} else if (i + 1 < argc && strcmp(argv[i], "--work") == 0) {
			work = argv[++i];
		} else {
			return usage();
		}
	}
	if (!work || (!sqlite_path && !pg_url) || runs < 1 || runs > RUNS_MAX || per_school < 1 ||
	    nsizes == 0)
		return usage();
	printf("pupiltrack reports benchmark (issue 8): academic year %d, Reception pupils with "
	       "17 judgements and 17 EYFS profile results each; %d runs (5 for the table above "
	       "100,000 pupils); SQLite target 20 ms at 15,000, 500 ms at 600,000\n",
	       YEAR, runs);
	if (sqlite_path) {
		snprintf(url, sizeof(url), "sqlite:%s", sqlite_path);
		snprintf(key, sizeof(key), "%s/reports-sqlite.key", work);
		ret |= bench_backend("SQLite (file, WAL)", url, key, sizes, nsizes, per_school,
				     runs, reuse);
	}
	if (pg_url) {
		snprintf(key, sizeof(key), "%s/reports-pg.key", work);
		ret |= bench_backend("PostgreSQL (local cluster, fsync off)", pg_url, key, sizes,
				     nsizes, per_school, runs, reuse);
	}
	return ret;
}
