/*
 * bench_store: how fast the store does the two things a school does most, on each
 * backend: load a year's worth of pupils in one import (3000 rows, one transaction)
 * and list one school's pupils (90 rows, 200 times, as the pupil pages do).
 * Run through `make bench` (bench/run.sh starts a throwaway PostgreSQL cluster).
 *   bench_store [--runs N] [--sqlite PATH] [--pg URL]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "core/model.h"
#include "core/upn.h"
#include "core/calendar.h"
#include "store/store.h"

enum {
	PUPILS = 3000,	 /* rows inserted per run, in one transaction */
	PER_SCHOOL = 90, /* pupils in each school: three classes of 30 */
	LISTS = 200,	 /* list calls timed per run */
	BENCH_LA = 999,	 /* an LA number no real data uses */
	RUNS_MAX = 50,
};

#define SCHOOLS ((PUPILS + PER_SCHOOL - 1) / PER_SCHOOL)

struct timing {
	double insert_ms[RUNS_MAX]; /* whole transaction, per run */
	double list_us[RUNS_MAX];   /* one list of PER_SCHOOL pupils, mean of LISTS calls */
	long listed;		    /* rows seen by the last list, a sanity check */
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
	double s[RUNS_MAX];

	memcpy(s, v, (size_t)n * sizeof(*s));
	qsort(s, (size_t)n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static double minimum(const double *v, int n)
{
	double m = v[0];

	for (int i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

static const char *const surnames[] = { "Smith",   "Jones",    "Taylor", "Brown",  "Williams",
					"Wilson",  "Johnson",  "Davies", "Patel",  "Robinson",
					"Wright",  "Thompson", "Evans",	 "Walker", "White",
					"Roberts", "Green",    "Hall",	 "Khan",   "Wood" };
static const char *const forenames[] = { "Olivia", "Noah",   "Amelia", "Muhammad", "Isla",
					 "George", "Ava",    "Oliver", "Freya",	   "Leo",
					 "Lily",   "Arthur", "Ivy",    "Harry",	   "Sophia",
					 "Oscar",  "Mia",    "Jack",   "Aisha",	   "Theo" };

static void make_pupil(struct pupil *p, int64_t estab_id, int la, int estab, int run, int i)
{
	memset(p, 0, sizeof(*p));
	p->establishment_id = estab_id;
	/* UPNs are unique nationally: every run allocates in its own year. */
	if (!upn_make(la, estab, 10 + run, i % 1000, p->upn))
		BUG("upn_make refused the bench's numbers");
	snprintf(p->surname, sizeof(p->surname), "%s", surnames[(i * 7) % ARRAY_SIZE(surnames)]);
	snprintf(p->forenames, sizeof(p->forenames), "%s",
		 forenames[(i * 13) % ARRAY_SIZE(forenames)]);
	p->dob = (struct date){ .year = 2017 + i % 3, .month = 1 + i % 12, .day = 1 + i % 28 };
	p->gender = i % 2 ? GENDER_FEMALE : GENDER_MALE;
	snprintf(p->postcode, sizeof(p->postcode), "PR1 %dAB", i % 10);
	snprintf(p->ethnicity, sizeof(p->ethnicity), "WBRI");
	p->sen = 'N';
	p->class_no = 1 + (i % PER_SCHOOL) / 30;
	p->year_override = YEAR_NONE;
	p->include_in_data = true;
	p->eal = i % 5 == 0;
	p->fsm = i % 4 == 0;
}

/* One run: SCHOOLS new establishments, PUPILS pupils in one transaction, then
 * LISTS lists of the first school. */
static int bench_run(struct store *st, int run, struct timing *t, struct errbuf *eb)
{
	struct actor who = { .user_id = 0, .name = "bench", .ip = "" };
	struct store_conn *c = store_acquire(st);
	int64_t ids[SCHOOLS];
	int estabs[SCHOOLS];
	struct la la = { 0 };
	enum err e = ERR_OK;
	double t0;

	if (store_la_get_by_code(c, BENCH_LA, &la) != ERR_OK) {
		la.code = BENCH_LA;
		snprintf(la.name, sizeof(la.name), "Bench LA");
		if ((e = store_la_add(c, &who, &la, eb)) != ERR_OK)
			goto out;
	}
	for (int s = 0; s < SCHOOLS; s++) {
		struct establishment es = { 0 };

		es.la_id = la.id;
		es.estab = 2000 + run * 100 + s; /* 4 digits, new for every run */
		snprintf(es.name, sizeof(es.name), "Bench Primary %d/%d", run, s);
		if ((e = store_establishment_add(c, &who, &es, eb)) != ERR_OK)
			goto out;
		ids[s] = es.id;
		estabs[s] = es.estab;
	}

	t0 = now_ms();
	if ((e = store_begin(c, eb)) != ERR_OK)
		goto out;
	for (int i = 0; i < PUPILS; i++) {
		struct pupil p;
		int s = i / PER_SCHOOL;

		make_pupil(&p, ids[s], BENCH_LA, estabs[s], run, i);
		if ((e = store_pupil_add(c, &who, &p, eb)) != ERR_OK) {
			store_rollback(c);
			goto out;
		}
	}
	if ((e = store_commit(c, eb)) != ERR_OK)
		goto out;
	t->insert_ms[run] = now_ms() - t0;

	t0 = now_ms();
	for (int i = 0; i < LISTS; i++) {
		struct pupil_query q = { .establishment_id = ids[0] };
		struct pupil *rows = NULL;
		size_t n = 0;

		if ((e = store_pupil_list(c, &q, &rows, &n)) != ERR_OK) {
			errbuf_set(eb, e, "listing pupils: %s", err_str(e));
			goto out;
		}
		t->listed = (long)n;
		free(rows);
	}
	t->list_us[run] = (now_ms() - t0) * 1e3 / LISTS;
out:
	store_release(c);
	return e == ERR_OK ? 0 : -1;
}

static int bench_backend(const char *label, const char *url, int runs)
{
	struct errbuf eb = { .msg = "" };
	struct store *st = NULL;
	struct timing t = { .listed = 0 };
	enum err e;
	int rc = -1;

	if ((e = store_open(url, 1, &st, &eb)) != ERR_OK ||
	    (e = store_migrate(st, NULL, &eb)) != ERR_OK) {
		fprintf(stderr, "bench: %s: %s: %s\n", label, err_str(e), eb.msg);
		goto out;
	}
	for (int r = 0; r < runs; r++) {
		if (bench_run(st, r, &t, &eb) != 0) {
			fprintf(stderr, "bench: %s: run %d: %s\n", label, r + 1, eb.msg);
			goto out;
		}
	}
	if (t.listed != PER_SCHOOL) {
		fprintf(stderr, "bench: %s: listed %ld pupils, expected %d\n", label, t.listed,
			PER_SCHOOL);
		goto out;
	}
	printf("\n%s, %d runs\n", label, runs);
	printf("  %-44s %12s %12s %14s\n", "operation", "median", "best", "per row");
	printf("  %-44s %9.1f ms %9.1f ms %11.1f us\n", "insert 3000 pupils, one transaction",
	       median(t.insert_ms, runs), minimum(t.insert_ms, runs),
	       median(t.insert_ms, runs) * 1e3 / PUPILS);
	printf("  %-44s %9.1f us %9.1f us %11.2f us\n", "list one school's 90 pupils (x200)",
	       median(t.list_us, runs), minimum(t.list_us, runs),
	       median(t.list_us, runs) / PER_SCHOOL);
	rc = 0;
out:
	store_free(st);
	return rc;
}

static int usage(void)
{
	fprintf(stderr, "usage: bench_store [--runs N] [--sqlite PATH] [--pg URL]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *sqlite_path = NULL, *pg_url = NULL;
	int runs = 5, rc = 0;

	for (int i = 1; i < argc; i++) {
		if (i + 1 < argc && strcmp(argv[i], "--runs") == 0) {
			char *end;
			long v = strtol(argv[++i], &end, 10);

			if (*end || v < 1 || v > RUNS_MAX)
				return usage();
			runs = (int)v;
		} else if (i + 1 < argc && strcmp(argv[i], "--sqlite") == 0) {
			sqlite_path = argv[++i];
		} else if (i + 1 < argc && strcmp(argv[i], "--pg") == 0) {
			pg_url = argv[++i];
		} else {
			return usage();
		}
	}
	if (!sqlite_path && !pg_url)
		return usage();
	/* The store logs its migrations to stderr: keep the two in order on a terminal or pipe. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	printf("pupiltrack store benchmark: %d pupils in %d schools, %d runs per backend\n", PUPILS,
	       SCHOOLS, runs);
	if (sqlite_path) {
		char *url = xmalloc(strlen(sqlite_path) + 8);

		snprintf(url, strlen(sqlite_path) + 8, "sqlite:%s", sqlite_path);
		if (bench_backend("SQLite", url, runs) != 0)
			rc = 1;
		free(url);
	}
	if (pg_url && bench_backend("PostgreSQL", pg_url, runs) != 0)
		rc = 1;
	return rc;
}
