/*
 * bench_web: the pupil and EYFS benchmarks of issues 4 and 5, through the real
 * HTTP server run in this process on one backend (bench/run.sh runs it once per
 * backend) with wrk as the load generator.
 *
 *   bench_web --db URL --wrk PATH --baseline PATH [--seconds N] [--schools N]
 *             [--label NAME] [--only PHASES] [--saves N] [--runs N]
 *
 * --only runs some of steps 3 to 6 (a comma list of pupils, grid, saves,
 * anatomy; the import of step 2 only when pupils or anatomy is asked for): for
 * profiling one kind of request, e.g. under valgrind --tool=callgrind; --saves
 * sets the single-cell saves of step 5 (default 1,000); --runs the wrk runs of
 * each measure in steps 3 and 4 (default 3), taken in turn (list, search, API,
 * list, ...; baseline, HTML, JSON, baseline, ...) and reported as the median of
 * each figure, with the range of the p99s: one run's p99 moves by a third on
 * this machine.
 *
 * What it does, in order:
 *  1. an LA's worth of EYFS data: --schools schools (default 167, 90 pupils each,
 *     15,030 pupils) each with a termly tracking assessment fully judged (17 cells
 *     per pupil), one transaction per school;
 *  2. pupil import: a 2,000-row CSV (made-up names, valid UPNs from upn_make)
 *     checked and stored through app/pupil_import.h into a new school, 3 times;
 *  3. pupil list and search of that 2,000-pupil school under wrk, 20 connections;
 *  4. the grid of one school (90 pupils x 17 areas), HTML page and JSON API,
 *     under wrk with 50 connections, and the bare libmicrohttpd baseline
 *     (bench_baseline, same page size) in the same run;
 *  5. durable single-cell saves: the PUT judgement API over one keep-alive
 *     connection, then over SAVERS_MAX connections at once (each its own
 *     pupils' cells), and assess_set_cell called directly by one thread and
 *     by SAVERS_MAX, each with p50/p99 (on SQLite also how many syncs of the
 *     WAL made the commits durable, and the checkpoints);
 *  6. where the time goes: single requests on the idle server, and the app calls
 *     inside them (assess_grid_load, store_pupil_search) timed alone.
 * The signed-in user is a school admin of the school measured (one per school:
 * the 2,000-pupil school's for the pupil pages, the grid school's for the grid
 * and the saves), whose session is created directly in the store, as
 * tests/integration/test_access_matrix.c does. The savers send their requests
 * over a bare socket (raw_exchange), the rest goes through libcurl and wrk.
 * docs/performance.md explains the output.
 */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/account.h"
#include "app/app.h"
#include "app/assess.h"
#include "app/pupil_import.h"
#include "base/err.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/framework.h"
#include "core/model.h"
#include "core/upn.h"
#include "store/store.h"
#include "store/store_batch.h"
#include "web/server.h"

enum {
	PER_SCHOOL = 90,       /* pupils in each school of the LA (three classes of 30) */
	SCHOOLS_DEFAULT = 167, /* x 90 = 15,030 pupils: one LA */
	IMPORT_ROWS = 2000,    /* rows of the import CSV and pupils of the big school */
	IMPORT_RUNS = 3,       /* imports timed (each into a new school) */
	BENCH_LA = 998,	       /* an LA number no real data uses */
	SAVES = 1000,	       /* single-cell saves timed, per method (--saves) */
	SAVERS_MAX = 4,	       /* connections saving at once in the second save measure */
	ACADEMIC_YEAR = 2025,  /* the assessments' year: pupils are in Reception */
};

static const char *const surnames[] = { "Smith",   "Jones",    "Taylor", "Brown",  "Williams",
					"Wilson",  "Johnson",  "Davies", "Patel",  "Robinson",
					"Wright",  "Thompson", "Evans",	 "Walker", "White",
					"Roberts", "Green",    "Hall",	 "Khan",   "Wood" };
static const char *const forenames[] = { "Olivia", "Noah",   "Amelia", "Muhammad", "Isla",
					 "George", "Ava",    "Oliver", "Freya",	   "Leo",
					 "Lily",   "Arthur", "Ivy",    "Harry",	   "Sophia",
					 "Oscar",  "Mia",    "Jack",   "Aisha",	   "Theo" };

struct bench {
	const char *label;    /* "SQLite" or "PostgreSQL" */
	const char *sqlite;   /* the SQLite file's path, NULL on PostgreSQL */
	const char *wrk;      /* path of wrk */
	const char *baseline; /* path of bench_baseline */
	int seconds;	      /* per wrk run */
	int runs;	      /* --runs: wrk runs of each measure, reported as medians */
	int schools;	      /* LA schools */
	struct app *app;
	struct web_server *srv;
	int port;
	struct actor who;
	int64_t la_id;
	struct establishment grid_school; /* first LA school: the grid benchmark's */
	struct assessment grid_assessment;
	struct establishment big; /* the 2,000-pupil school of the first import */
	char cookie[160];	  /* "Cookie: pt_session=...": the session in use */
	char csrf[80];		  /* its CSRF token */
	struct school_session {	  /* a school admin's session at each school benched */
		int64_t establishment_id;
		char cookie[160];
		char csrf[80];
	} sessions[2];
	int nsessions;
	double baseline_ms; /* median GET of the baseline page, idle */
	const char *only;   /* --only: the phases to run, NULL for all */
	int saves;	    /* --saves: single-cell saves per method */
	int threads;	    /* --threads: the server's worker threads, 0 for its default */
};

/* Whether --only asks for phase (or --only was not given). */
static bool phase_on(const struct bench *b, const char *phase)
{
	size_t n = strlen(phase);

	if (!b->only)
		return true;
	for (const char *p = b->only; *p; p += strcspn(p, ","), p += *p == ',')
		if (strncmp(p, phase, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_web: %s: %s\n", what, msg);
	exit(1);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* A whole number in [lo, hi], or -1. */
static int number(const char *s, int lo, int hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	return errno || end == s || (*end && *end != '\n') || v < lo || v > hi ? -1 : (int)v;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The q-quantile (0..1) of v (sorted in place), nearest rank. */
static double quantile(double *v, size_t n, double q)
{
	size_t k;

	qsort(v, n, sizeof(*v), cmp_double);
	k = (size_t)(q * (double)n + 0.999999);
	if (k < 1)
		k = 1;
	return v[k > n ? n - 1 : k - 1];
}

/* ---- data */

static void fill_pupil(struct pupil *p, int64_t estab_id, int la, int estab, int year, int i)
{
	memset(p, 0, sizeof(*p));
	p->establishment_id = estab_id;
	if (!upn_make(la, estab, year + i / 1000, i % 1000, p->upn))
		die("upn_make", "refused the bench's numbers");
	snprintf(p->surname, sizeof(p->surname), "%s", surnames[(i * 7) % ARRAY_SIZE(surnames)]);
	snprintf(p->forenames, sizeof(p->forenames), "%s",
		 forenames[(i * 13) % ARRAY_SIZE(forenames)]);
	/* Born September 2020 to August 2021: Reception in 2025/26. */
	p->dob = (struct date){ .year = 2020 + (i % 12 >= 4),
				.month = 1 + (i % 12 + 8) % 12,
				.day = 1 + i % 28 };
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

static void add_school(struct bench *b, struct store_conn *c, int estab, const char *name,
		       struct establishment *out)
{
	struct errbuf eb = { "" };

	memset(out, 0, sizeof(*out));
	out->la_id = b->la_id;
	out->estab = estab;
	snprintf(out->name, sizeof(out->name), "%s", name);
	if (store_establishment_add(c, &b->who, out, &eb) != ERR_OK)
		die("adding a school", eb.msg);
}

/* One LA school: 90 Reception pupils and a fully judged tracking assessment, in
 * one transaction. */
static void seed_school(struct bench *b, struct store_conn *c, int s)
{
	struct errbuf eb = { "" };
	struct establishment es;
	struct assessment a;
	char name[64];

	snprintf(name, sizeof(name), "Bench Primary %d", s + 1);
	if (store_begin(c, &eb) != ERR_OK)
		die("begin", eb.msg);
	add_school(b, c, 3000 + s, name, &es);
	memset(&a, 0, sizeof(a));
	a.establishment_id = es.id;
	a.academic_year = ACADEMIC_YEAR;
	snprintf(a.name, sizeof(a.name), "Autumn Term Assessment");
	a.date = (struct date){ ACADEMIC_YEAR, 12, 1 };
	a.year_groups = ASSESS_YG_R;
	a.kind = SCALE_TRACKING;
	if (store_assessment_add(c, &b->who, &a, &eb) != ERR_OK)
		die("adding an assessment", eb.msg);
	for (int i = 0; i < PER_SCHOOL; i++) {
		struct pupil p;

		fill_pupil(&p, es.id, BENCH_LA, es.estab, 20, i);
		if (store_pupil_add(c, &b->who, &p, &eb) != ERR_OK)
			die("adding a pupil", eb.msg);
		for (int e = 0; e < ELG__MAX; e++) {
			struct judgement j = { .pupil_id = p.id, .elg = (enum elg)e };

			j.value = (i + e) % 3 ? TRACK_ON_TRACK : TRACK_BELOW;
			if (store_judgement_put(c, &b->who, &a, &j, NULL, &eb) != ERR_OK)
				die("adding a judgement", eb.msg);
		}
	}
	if (store_commit(c, &eb) != ERR_OK)
		die("commit", eb.msg);
	if (s == 0) {
		b->grid_school = es;
		b->grid_assessment = a;
	}
}

/* Brings the database to the state a live one reaches by itself after a bulk
 * write (store_settle: VACUUM ANALYZE on PostgreSQL), so that the pages are
 * measured on a settled database, not one autovacuum has yet to visit. */
static void settle(struct store_conn *c)
{
	struct errbuf eb = { "" };

	if (store_settle(c, &eb) != ERR_OK)
		die("settling the database", eb.msg);
}

static void seed_la(struct bench *b)
{
	struct store_conn *c = store_acquire(b->app->store);
	struct errbuf eb = { "" };
	struct la la = { .code = BENCH_LA };
	double t0 = now_ms();

	snprintf(la.name, sizeof(la.name), "Bench LA");
	if (store_la_add(c, &b->who, &la, &eb) != ERR_OK)
		die("adding the LA", eb.msg);
	b->la_id = la.id;
	for (int s = 0; s < b->schools; s++)
		seed_school(b, c, s);
	/* as autovacuum would have done on a live database long before */
	settle(c);
	store_release(c);
	printf("  %-52s %9.1f s   (%d pupils, %d judgements)\n", "generate the LA's data",
	       (now_ms() - t0) / 1e3, b->schools * PER_SCHOOL, b->schools * PER_SCHOOL * ELG__MAX);
}

/* ---- pupil import */

static char *import_csv(int estab, size_t *len)
{
	size_t cap = 256 + (size_t)IMPORT_ROWS * 128, n = 0;
	char *csv = xmalloc(cap);

	for (int i = 0; i < IMPORT_COLUMNS; i++)
		n += (size_t)snprintf(csv + n, cap - n, "%s%s", i ? "," : "",
				      pupil_import_header[i]);
	n += (size_t)snprintf(csv + n, cap - n, "\r\n");
	for (int i = 0; i < IMPORT_ROWS; i++) {
		struct pupil p;

		fill_pupil(&p, 0, BENCH_LA, estab, 22, i);
		n += (size_t)snprintf(csv + n, cap - n,
				      "%s,%s,%s,%02d/%02d/%04d,%s,%s,%s,WBRI,%s,SEN_N,\r\n", p.upn,
				      p.surname, p.forenames, p.dob.day, p.dob.month, p.dob.year,
				      p.gender == GENDER_FEMALE ? "F" : "M", p.postcode,
				      p.fsm ? "Y" : "N", p.eal ? "Y" : "N");
	}
	*len = n;
	return csv;
}

static void bench_import(struct bench *b)
{
	struct store_conn *c = store_acquire(b->app->store);
	double check_ms[IMPORT_RUNS], apply_ms[IMPORT_RUNS], total_ms[IMPORT_RUNS];

	for (int r = 0; r < IMPORT_RUNS; r++) {
		struct pupil_import imp;
		struct errbuf eb = { "" };
		struct establishment es;
		char name[64];
		size_t len;
		char *csv;
		double t0, t1;
		enum err e;

		snprintf(name, sizeof(name), "Bench Big Primary %d", r + 1);
		add_school(b, c, 5000 + r, name, &es);
		csv = import_csv(es.estab, &len);
		memset(&imp, 0, sizeof(imp));
		t0 = now_ms();
		e = pupil_import_check(c, &es, "pupils.csv", csv, len, 0,
				       (struct date){ 2025, 12, 1 }, &imp);
		t1 = now_ms();
		if (e != ERR_OK) {
			fprintf(stderr, "bench_web: the import CSV was refused (%s):\n",
				err_str(e));
			for (size_t i = 0; i < imp.problems.count && i < 5; i++)
				fprintf(stderr, "  %s: %s\n", imp.problems.items[i].location,
					imp.problems.items[i].message);
			exit(1);
		}
		if (imp.counts[IMPORT_NEW] != IMPORT_ROWS)
			die("import", "not every row was new");
		if (pupil_import_apply(c, &b->who, &imp, &eb) != ERR_OK)
			die("import", eb.msg);
		check_ms[r] = t1 - t0;
		apply_ms[r] = now_ms() - t1;
		total_ms[r] = now_ms() - t0;
		pupil_import_free(&imp);
		free(csv);
		if (r == 0)
			b->big = es;
	}
	/* the imported pupils too, as autovacuum would some time after an import */
	settle(c);
	store_release(c);
	printf("  %-52s %9.1f ms  (check %.1f ms + store %.1f ms; target < 1000 ms)\n",
	       "import a 2,000-row CSV (median of 3)", quantile(total_ms, IMPORT_RUNS, 0.5),
	       quantile(check_ms, IMPORT_RUNS, 0.5), quantile(apply_ms, IMPORT_RUNS, 0.5));
}

/* ---- session */

/* Adds a school admin of e and a session of theirs, as a sign-in would; its
 * cookie goes to b->cookie. The pages are measured as the school's own staff
 * see them. */
static void sign_in(struct bench *b, const struct establishment *e)
{
	struct store_conn *c = store_acquire(b->app->store);
	struct errbuf eb = { "" };
	char text[TOKEN_TEXT_LEN + 1];
	struct session s;
	struct user u;

	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "bench.admin.%lld", (long long)e->id);
	snprintf(u.display_name, sizeof(u.display_name), "Bench Admin");
	u.role = ROLE_SCHOOL_ADMIN;
	u.establishment_id = e->id;
	u.created_at = app_now(b->app);
	if (store_user_add(c, &b->who, &u, &eb) != ERR_OK)
		die("adding the user", eb.msg);
	memset(&s, 0, sizeof(s));
	account_token_new(text, s.hash);
	randombytes_buf(s.csrf, sizeof(s.csrf));
	s.user_id = u.id;
	s.created_at = s.last_seen = app_now(b->app);
	if (store_session_add(c, &s) != ERR_OK)
		die("adding the session", "store_session_add failed");
	store_release(c);
	snprintf(b->cookie, sizeof(b->cookie), "Cookie: pt_session=%s", text);
}

/* ---- HTTP with libcurl (one keep-alive connection) */

struct body {
	char *p;
	size_t len;
};

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
	struct body *b = ctx;

	b->p = xrealloc(b->p, b->len + size * n + 1);
	memcpy(b->p + b->len, data, size * n);
	b->len += size * n;
	b->p[b->len] = '\0';
	return size * n;
}

/* GET or PUT path; returns the status and the body in *out (caller frees). */
static long http(struct bench *b, CURL *h, const char *method, const char *path, const char *form,
		 struct body *out)
{
	struct curl_slist *hdr = NULL;
	char url[512], csrf[128];
	long status = 0;

	out->p = NULL;
	out->len = 0;
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", b->port, path);
	snprintf(csrf, sizeof(csrf), "X-CSRF-Token: %s", b->csrf);
	hdr = curl_slist_append(hdr, b->cookie);
	hdr = curl_slist_append(hdr, csrf);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	if (form) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
	} else {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, NULL);
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	}
	if (curl_easy_perform(h) == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hdr);
	if (!out->p)
		out->p = xstrdup("");
	return status;
}

/* The page's CSRF token (the hidden "csrf" field of every signed-in page). */
static void fetch_csrf(struct bench *b, CURL *h, const char *path)
{
	static const char field[] = "name=\"csrf\" value=\"";
	struct body r;
	const char *at;

	if (http(b, h, "GET", path, NULL, &r) != 200 || !(at = strstr(r.p, field)))
		die("sign-in", "the page has no CSRF token");
	at += strlen(field);
	snprintf(b->csrf, sizeof(b->csrf), "%.*s", (int)strcspn(at, "\""), at);
	free(r.p);
}

/* Makes the session of a school admin of e the one in use (b->cookie and
 * b->csrf), signing one in the first time. */
static void use_school(struct bench *b, CURL *h, const struct establishment *e)
{
	struct school_session *ss = NULL;

	for (int i = 0; i < b->nsessions; i++)
		if (b->sessions[i].establishment_id == e->id)
			ss = &b->sessions[i];
	if (!ss) {
		if (b->nsessions == (int)(sizeof(b->sessions) / sizeof(b->sessions[0])))
			die("sign-in", "more schools than sessions");
		sign_in(b, e);
		fetch_csrf(b, h, "/assessments");
		ss = &b->sessions[b->nsessions++];
		ss->establishment_id = e->id;
		snprintf(ss->cookie, sizeof(ss->cookie), "%s", b->cookie);
		snprintf(ss->csrf, sizeof(ss->csrf), "%s", b->csrf);
	}
	snprintf(b->cookie, sizeof(b->cookie), "%s", ss->cookie);
	snprintf(b->csrf, sizeof(b->csrf), "%s", ss->csrf);
}

/* Bytes of the body of GET path (checking it answers 200). */
static size_t page_bytes(struct bench *b, CURL *h, const char *path, const char *must)
{
	struct body r;
	size_t n;

	if (http(b, h, "GET", path, NULL, &r) != 200 || (must && !strstr(r.p, must))) {
		fprintf(stderr, "bench_web: GET %s answered unexpectedly:\n%.400s\n", path, r.p);
		exit(1);
	}
	n = r.len;
	free(r.p);
	return n;
}

/* ---- a bare HTTP/1.1 client for the savers
 *
 * The savers' requests over one kept-alive socket each, written and read with
 * plain system calls: the load generator shares the machine's two cores with
 * the server, and libcurl's own work per request (its multi interface, a poll
 * and the header list) took about a fifth of the machine's time in a profile of
 * the saves. The server's answers here are always sized (Content-Length). */
struct raw_conn {
	int fd;
	char buf[16384]; /* one answer: the save's JSON is a few hundred bytes */
};

static bool raw_connect(struct raw_conn *rc, int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int one = 1;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	rc->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (rc->fd < 0)
		return false;
	setsockopt(rc->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(rc->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(rc->fd);
		rc->fd = -1;
		return false;
	}
	return true;
}

/* Sends req (len bytes) and reads the answer: its status, and its body at
 * *body (inside rc->buf, NUL-terminated). 0 when the connection failed. */
static long raw_exchange(struct raw_conn *rc, const char *req, size_t len, const char **body)
{
	size_t have = 0, head = 0, want = 0;
	const char *cl, *end;
	long status;

	for (size_t sent = 0; sent < len;) {
		ssize_t w = write(rc->fd, req + sent, len - sent);
		if (w <= 0)
			return 0;
		sent += (size_t)w;
	}
	for (;;) {
		ssize_t r = read(rc->fd, rc->buf + have, sizeof(rc->buf) - 1 - have);
		if (r <= 0)
			return 0;
		have += (size_t)r;
		rc->buf[have] = '\0';
		if (!head) {
			if (!(end = strstr(rc->buf, "\r\n\r\n")))
				continue;
			head = (size_t)(end - rc->buf) + 4;
			for (cl = strstr(rc->buf, "\r\n"); cl && cl < end;
			     cl = strstr(cl + 2, "\r\n"))
				if (strncasecmp(cl + 2, "Content-Length:", 15) == 0)
					break;
			if (!cl || cl >= end)
				return 0;
			want = head + strtoul(cl + 17, NULL, 10);
			if (want >= sizeof(rc->buf))
				return 0;
		}
		if (have >= want)
			break;
	}
	if (sscanf(rc->buf, "HTTP/1.%*d %ld", &status) != 1)
		return 0;
	rc->buf[want] = '\0';
	*body = rc->buf + head;
	return status;
}

/* ---- wrk */

struct wrk_result {
	double rps, p50_ms, p99_ms;
	double p99_lo, p99_hi; /* of a median: the lowest and highest p99 of its runs */
	int runs;	       /* of a median: how many runs it is of (0: one run) */
	long errors;	       /* non-2xx/3xx answers and socket errors but timeouts */
	long timeouts;	       /* requests wrk gave up on after its 2 s timeout */
};

enum { RUNS_MAX = 9 };

static double to_ms(const char *num, const char *unit)
{
	double v = strtod(num, NULL);

	if (strcmp(unit, "us") == 0)
		return v / 1e3;
	if (strcmp(unit, "s") == 0)
		return v * 1e3;
	if (strcmp(unit, "m") == 0)
		return v * 60e3;
	return v;
}

static double parse_latency(const char *out, const char *pct)
{
	char key[16];
	const char *at;
	char num[32] = "", unit[8] = "";

	/* "Latency Distribution" lines: "     50%    1.23ms". */
	snprintf(key, sizeof(key), " %s ", pct);
	for (at = strstr(out, key); at; at = strstr(at + 1, key)) {
		const char *p = at + strlen(key);

		while (*p == ' ')
			p++;
		if (sscanf(p, "%31[0-9.]%7[a-z]", num, unit) == 2)
			return to_ms(num, unit);
	}
	return -1;
}

static struct wrk_result run_wrk(struct bench *b, int port, const char *path, int conns,
				 const char *header)
{
	struct wrk_result r = { 0 };
	char url[512], dur[16], conn_s[16], cmd_out[8192];
	int fd[2], status;
	size_t n = 0;
	ssize_t got;
	pid_t pid;
	const char *at;

	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, path);
	snprintf(dur, sizeof(dur), "%ds", b->seconds);
	snprintf(conn_s, sizeof(conn_s), "%d", conns);
	if (pipe(fd) != 0)
		die("pipe", strerror(errno));
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		if (header)
			execl(b->wrk, "wrk", "-t2", "-c", conn_s, "-d", dur, "--latency", "-H",
			      header, url, (char *)NULL);
		else
			execl(b->wrk, "wrk", "-t2", "-c", conn_s, "-d", dur, "--latency", url,
			      (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	while ((got = read(fd[0], cmd_out + n, sizeof(cmd_out) - 1 - n)) > 0)
		n += (size_t)got;
	close(fd[0]);
	cmd_out[n] = '\0';
	waitpid(pid, &status, 0);
	/* Let the server finish the requests wrk left behind and close their
	 * connections, so that the next run starts on an idle server. */
	sleep(2);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    !(at = strstr(cmd_out, "Requests/sec:"))) {
		fprintf(stderr, "bench_web: wrk failed on %s:\n%s\n", url, cmd_out);
		exit(1);
	}
	r.rps = strtod(at + strlen("Requests/sec:"), NULL);
	r.p50_ms = parse_latency(cmd_out, "50%");
	r.p99_ms = parse_latency(cmd_out, "99%");
	if ((at = strstr(cmd_out, "Non-2xx or 3xx responses:")))
		r.errors += strtol(at + strlen("Non-2xx or 3xx responses:"), NULL, 10);
	if ((at = strstr(cmd_out, "Socket errors:"))) {
		long v[4] = { 0 };

		sscanf(at, "Socket errors: connect %ld, read %ld, write %ld, timeout %ld", &v[0],
		       &v[1], &v[2], &v[3]);
		r.errors += v[0] + v[1] + v[2];
		r.timeouts = v[3];
	}
	return r;
}

/* The median of each figure of runs r[0..n-1] (errors summed), and the range
 * of their p99s. */
static struct wrk_result wrk_median(const struct wrk_result *r, int n)
{
	struct wrk_result m = { .runs = n, .p99_lo = r[0].p99_ms, .p99_hi = r[0].p99_ms };
	double rps[RUNS_MAX], p50[RUNS_MAX], p99[RUNS_MAX];

	for (int i = 0; i < n; i++) {
		rps[i] = r[i].rps;
		p50[i] = r[i].p50_ms;
		p99[i] = r[i].p99_ms;
		m.p99_lo = r[i].p99_ms < m.p99_lo ? r[i].p99_ms : m.p99_lo;
		m.p99_hi = r[i].p99_ms > m.p99_hi ? r[i].p99_ms : m.p99_hi;
		m.errors += r[i].errors;
		m.timeouts += r[i].timeouts;
	}
	m.rps = quantile(rps, (size_t)n, 0.5);
	m.p50_ms = quantile(p50, (size_t)n, 0.5);
	m.p99_ms = quantile(p99, (size_t)n, 0.5);
	return m;
}

static void print_wrk(const char *what, int conns, const struct wrk_result *r)
{
	printf("  %-44s c=%-3d %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms%s\n", what, conns, r->rps,
	       r->p50_ms, r->p99_ms, r->errors || r->timeouts ? "  ERRORS" : "");
	if (r->runs > 1)
		printf("    (medians of %d runs; p99 from %.2f to %.2f ms)\n", r->runs, r->p99_lo,
		       r->p99_hi);
	if (r->errors)
		printf("    (%ld answers were errors or failed)\n", r->errors);
	if (r->timeouts)
		printf("    (%ld requests took over wrk's 2 s timeout)\n", r->timeouts);
}

/* ---- pupils (issue 4) */

static void bench_pupils(struct bench *b, CURL *h)
{
	char list[128], search[160], api[160];
	int laestab = establishment_laestab(&b->big);
	struct wrk_result rl[RUNS_MAX], rs[RUNS_MAX], ra[RUNS_MAX], r;

	snprintf(list, sizeof(list), "/schools/%d/pupils", laestab);
	snprintf(search, sizeof(search), "/schools/%d/pupils?surname=Wil", laestab);
	snprintf(api, sizeof(api), "/api/v1/pupils?establishment=%d&surname=Wil&limit=10000",
		 laestab);
	printf("  (list page %zu bytes, search page %zu bytes, search API %zu bytes)\n",
	       page_bytes(b, h, list, NULL), page_bytes(b, h, search, "Wilson"),
	       page_bytes(b, h, api, "Wilson"));
	for (int i = 0; i < b->runs; i++) {
		rl[i] = run_wrk(b, b->port, list, 20, b->cookie);
		rs[i] = run_wrk(b, b->port, search, 20, b->cookie);
		ra[i] = run_wrk(b, b->port, api, 20, b->cookie);
	}
	r = wrk_median(rl, b->runs);
	print_wrk("pupil list page, 2,000-pupil school", 20, &r);
	r = wrk_median(rs, b->runs);
	print_wrk("pupil search page (surname=Wil, 200 hits)", 20, &r);
	r = wrk_median(ra, b->runs);
	print_wrk("pupil search API (JSON, 200 hits)", 20, &r);
	/* Still signed in: wrk counts a redirect to the sign-in page as a success. */
	page_bytes(b, h, search, "Wilson");
	printf("    target: p99 < 20 ms at 20 connections\n");
}

/* ---- where the time of one request goes, on an idle server */

enum { ANATOMY = 40 }; /* repetitions of each part */

/* Median ms of GET path on port over one keep-alive connection. */
static double get_median(struct bench *b, CURL *h, int port, const char *path)
{
	int own = b->port;
	double t[ANATOMY];

	for (int i = 0; i < ANATOMY; i++) {
		struct body r;
		double t0 = now_ms();
		long st;

		b->port = port;
		st = http(b, h, "GET", path, NULL, &r);
		b->port = own;
		if (st != 200)
			die("GET", path);
		t[i] = now_ms() - t0;
		free(r.p);
	}
	return quantile(t, ANATOMY, 0.5);
}

/* ---- the EYFS grid (issue 5) */

static pid_t start_baseline(struct bench *b, size_t bytes, int *port)
{
	char bytes_s[32], line[32] = "";
	int fd[2];
	pid_t pid;
	FILE *f;

	snprintf(bytes_s, sizeof(bytes_s), "%zu", bytes);
	if (pipe(fd) != 0)
		die("pipe", strerror(errno));
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execl(b->baseline, "bench_baseline", "--bytes", bytes_s, "--threads", "4",
		      (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	f = fdopen(fd[0], "r");
	if (!f || !fgets(line, sizeof(line), f) || (*port = number(line, 1, 65535)) <= 0)
		die("baseline", "bench_baseline did not start");
	fclose(f);
	return pid;
}

static void bench_grid(struct bench *b, CURL *h)
{
	char page[160], api[192];
	int laestab = establishment_laestab(&b->grid_school);
	size_t page_len, api_len;
	struct wrk_result rb[RUNS_MAX], rh[RUNS_MAX], rj[RUNS_MAX], base, html, json;
	int base_port = 0, status;
	pid_t pid;

	snprintf(page, sizeof(page), "/schools/%d/assessments?year=%d&yg=R", laestab,
		 ACADEMIC_YEAR);
	snprintf(api, sizeof(api), "/api/v1/schools/%d/assessments/%lld/grid", laestab,
		 (long long)b->grid_assessment.id);
	page_len = page_bytes(b, h, page, "Autumn Term Assessment");
	api_len = page_bytes(b, h, api, "\"pupils\"");
	printf("  (grid page %zu bytes, grid JSON %zu bytes)\n", page_len, api_len);
	/* the baseline stays up beside the server; each is loaded only in its turn */
	pid = start_baseline(b, page_len, &base_port);
	for (int i = 0; i < b->runs; i++) {
		rb[i] = run_wrk(b, base_port, "/", 50, NULL);
		rh[i] = run_wrk(b, b->port, page, 50, b->cookie);
		rj[i] = run_wrk(b, b->port, api, 50, b->cookie);
	}
	b->baseline_ms = get_median(b, h, base_port, "/");
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	base = wrk_median(rb, b->runs);
	html = wrk_median(rh, b->runs);
	json = wrk_median(rj, b->runs);
	page_bytes(b, h, page, "Autumn Term Assessment"); /* still signed in */
	print_wrk("baseline: bare libmicrohttpd, same-size page", 50, &base);
	print_wrk("grid page, HTML (90 pupils x 17 areas)", 50, &html);
	print_wrk("grid API, JSON", 50, &json);
	printf("    HTML page at %.0f%% of the baseline's req/s, JSON at %.0f%%"
	       " (target: 50%% or more, p99 <= 20 ms)\n",
	       100 * html.rps / base.rps, 100 * json.rps / base.rps);
}

/* What one saver of bench_saves works on: the cells of the grid school's
 * pupils first, first + step, ... (each saver its own pupils, so that no two
 * savers write one cell), `count` saves one after another over its own
 * keep-alive connection (or its own store connection), each latency into
 * lat[0..count). */
struct saver {
	struct bench *b;
	const int64_t *pupil_ids;     /* the grid school's pupils, PER_SCHOOL */
	int64_t (*version)[ELG__MAX]; /* each cell's version, updated as saved */
	bool (*below)[ELG__MAX];      /* each cell's value is Below, updated as saved */
	int first, step, count;
	double *lat;
	const char *failed; /* NULL, or what went wrong */
	bool direct;	    /* assess_set_cell on a store connection of its own, no HTTP */
};

/* The cell of s's k-th save: its pupil's index *i and area *e (each of its
 * pupils in turn, then the next area). */
static void saver_cell(const struct saver *s, int k, int *i, int *e)
{
	int per = (PER_SCHOOL - s->first + s->step - 1) / s->step; /* pupils of this saver */

	*i = s->first + (k % per) * s->step;
	*e = (k / per) % ELG__MAX;
}

/* The same saves as saver_run, by assess_set_cell called directly: no HTTP,
 * no session, no answer's statistics. */
static void *saver_direct(struct saver *s)
{
	struct bench *b = s->b;
	struct store_conn *c = store_acquire(b->app->store);

	for (int k = 0; k < s->count; k++) {
		int i, e;
		struct assess_cell_write w = { 0 };
		struct assess_written out;
		struct errbuf eb = { "" };
		double t0;

		saver_cell(s, k, &i, &e);
		w.pupil_id = s->pupil_ids[i];
		w.elg = (enum elg)e;
		w.value = s->below[i][e] ? "O" : "B"; /* the opposite: every save changes it */
		w.version = s->version[i][e];
		t0 = now_ms();
		if (assess_set_cell(b->app, c, &b->who, &b->grid_school, &b->grid_assessment, &w,
				    &out, &eb) != ERR_OK) {
			fprintf(stderr, "bench_web: assess_set_cell: %s\n", eb.msg);
			s->failed = "a save was refused";
			break;
		}
		s->lat[k] = now_ms() - t0;
		for (size_t q = 0; q < out.n; q++)
			if (out.cells[q].elg == w.elg)
				s->version[i][e] = out.cells[q].version;
		s->below[i][e] = !s->below[i][e];
	}
	store_release(c);
	return NULL;
}

/* PUT /api/v1/.../judgements/:pupil/:area, s->count times: each is one durable
 * transaction. */
static void *saver_run(void *arg)
{
	struct saver *s = arg;
	struct bench *b = s->b;
	int laestab = establishment_laestab(&b->grid_school);
	struct raw_conn *rc;

	if (s->direct)
		return saver_direct(s);
	rc = xmalloc(sizeof(*rc));
	if (!raw_connect(rc, b->port)) {
		free(rc);
		s->failed = "cannot connect to the server";
		return NULL;
	}
	for (int k = 0; k < s->count; k++) {
		char req[1024], form[96];
		const char *body = "";
		double t0;
		long st;
		int i, e, len, n;

		saver_cell(s, k, &i, &e);
		/* The opposite of the cell's value, so that every save changes it. */
		n = snprintf(form, sizeof(form), "value=%s&version=%lld",
			     s->below[i][e] ? "O" : "B", (long long)s->version[i][e]);
		len = snprintf(
			req, sizeof(req),
			"PUT /api/v1/schools/%d/assessments/%lld/judgements/%lld/E%02d HTTP/1.1\r\n"
			"Host: 127.0.0.1\r\n%s\r\nX-CSRF-Token: %s\r\n"
			"Content-Type: application/x-www-form-urlencoded\r\n"
			"Content-Length: %d\r\n\r\n%s",
			laestab, (long long)b->grid_assessment.id, (long long)s->pupil_ids[i],
			e + 1, b->cookie, b->csrf, n, form);
		t0 = now_ms();
		st = raw_exchange(rc, req, (size_t)len, &body);
		s->lat[k] = now_ms() - t0;
		if (st != 200 || strncmp(body, "{\"version\":", 11) != 0) {
			fprintf(stderr, "bench_web: save %d answered %ld: %.300s\n", k, st, body);
			s->failed = "a save was refused";
			break;
		}
		s->version[i][e] = strtoll(body + 11, NULL, 10);
		s->below[i][e] = !s->below[i][e];
	}
	close(rc->fd);
	free(rc);
	return NULL;
}

/* b->saves saves by n savers at once (n connections, or with direct n
 * threads calling assess_set_cell), reported as saves/s and the p50/p99 of
 * every save's latency. */
static void saves_run(struct bench *b, const int64_t *pupil_ids, int64_t (*version)[ELG__MAX],
		      bool (*below)[ELG__MAX], int n, bool direct)
{
	struct saver s[SAVERS_MAX];
	pthread_t t[SAVERS_MAX];
	double *lat = xmalloc((size_t)b->saves * sizeof(*lat)), total;
	unsigned long commits0 = 0, syncs0 = 0, ckpts0 = 0, commits = 0, syncs = 0, ckpts = 0;
	char what[64];
	int done = 0;

	for (int k = 0; k < n; k++) {
		s[k] = (struct saver){ .b = b,
				       .pupil_ids = pupil_ids,
				       .version = version,
				       .below = below,
				       .first = k,
				       .step = n,
				       .count = b->saves / n + (k < b->saves % n),
				       .direct = direct,
				       .lat = lat + done };
		done += s[k].count; /* each saver its own part of lat */
	}
	if (b->sqlite)
		store_sqlite_sync_counts(b->sqlite, &commits0, &syncs0, &ckpts0);
	total = now_ms();
	for (int k = 0; k < n; k++)
		if (pthread_create(&t[k], NULL, saver_run, &s[k]) != 0)
			die("saves", "cannot start a saver thread");
	for (int k = 0; k < n; k++)
		pthread_join(t[k], NULL);
	total = now_ms() - total;
	for (int k = 0; k < n; k++)
		if (s[k].failed)
			die("saves", s[k].failed);
	if (direct)
		snprintf(what, sizeof(what), "cell save, assess_set_cell, %d thread%s (no HTTP)", n,
			 n == 1 ? "" : "s");
	else
		snprintf(what, sizeof(what), "cell save, PUT judgement API (%d connection%s)", n,
			 n == 1 ? "" : "s");
	printf("  %-44s %8.0f saves/s  p50 %7.2f ms  p99 %7.2f ms\n", what,
	       b->saves / (total / 1e3), quantile(lat, (size_t)b->saves, 0.5),
	       quantile(lat, (size_t)b->saves, 0.99));
	if (b->sqlite) {
		store_sqlite_sync_counts(b->sqlite, &commits, &syncs, &ckpts);
		printf("    (%lu commits made durable by %lu syncs of the WAL; %lu checkpoints)\n",
		       commits - commits0, syncs - syncs0, ckpts - ckpts0);
	}
	free(lat);
}

/* Single-cell saves: over one connection, one after another; over
 * SAVERS_MAX connections at once (several practitioners saving at the same
 * time); and assess_set_cell called directly, by one thread and by
 * SAVERS_MAX at once. */
static void bench_saves(struct bench *b)
{
	struct store_conn *c;
	struct pupil *pupils = NULL;
	struct pupil_query q = { .establishment_id = b->grid_school.id };
	struct judgement_cell *cells = NULL;
	char *notes = NULL;
	size_t np = 0, nc = 0;
	int64_t version[PER_SCHOOL][ELG__MAX] = { { 0 } };
	bool below[PER_SCHOOL][ELG__MAX] = { { false } };
	int64_t pupil_ids[PER_SCHOOL];

	c = store_acquire(b->app->store);
	if (store_pupil_list(c, &q, &pupils, &np) != ERR_OK || np != PER_SCHOOL)
		die("saves", "cannot list the grid school's pupils");
	for (size_t i = 0; i < np; i++)
		pupil_ids[i] = pupils[i].id;
	free(pupils);
	if (store_judgement_list(c, b->grid_assessment.id, &cells, &nc, &notes) != ERR_OK)
		die("saves", "cannot list the judgements");
	for (size_t k = 0; k < nc; k++)
		for (int i = 0; i < PER_SCHOOL; i++)
			if (pupil_ids[i] == cells[k].pupil_id) {
				version[i][cells[k].elg] = cells[k].version;
				below[i][cells[k].elg] = cells[k].value == TRACK_BELOW;
			}
	free(cells);
	free(notes);
	store_release(c);

	saves_run(b, pupil_ids, version, below, 1, false);
	saves_run(b, pupil_ids, version, below, SAVERS_MAX, false);
	/* The same use case called directly: no HTTP, no session, no statistics. */
	saves_run(b, pupil_ids, version, below, 1, true);
	saves_run(b, pupil_ids, version, below, SAVERS_MAX, true);
	printf("    target: >= 2,000 durable saves/s on SQLite, p99 <= 10 ms\n");
}

static void anatomy(struct bench *b, CURL *h)
{
	struct store_conn *c = store_acquire(b->app->store);
	double grid[ANATOMY], search[ANATOMY], grid_page, grid_api, list_page, me;
	char page[160], api[192], list[128];

	snprintf(page, sizeof(page), "/schools/%d/assessments?year=%d&yg=R",
		 establishment_laestab(&b->grid_school), ACADEMIC_YEAR);
	snprintf(api, sizeof(api), "/api/v1/schools/%d/assessments/%lld/grid",
		 establishment_laestab(&b->grid_school), (long long)b->grid_assessment.id);
	snprintf(list, sizeof(list), "/schools/%d/pupils", establishment_laestab(&b->big));
	for (int i = 0; i < ANATOMY; i++) {
		struct assess_grid g;
		struct pupil_search q = { .establishment_id = b->big.id,
					  .year_group = YEAR_NONE,
					  .academic_year = ACADEMIC_YEAR,
					  .limit = 200 };
		struct pupil *rows = NULL;
		size_t n = 0;
		long total = 0;
		double t0 = now_ms();

		if (assess_grid_load(b->app, c, &b->grid_school, b->grid_assessment.id, &g) !=
		    ERR_OK)
			die("anatomy", "assess_grid_load failed");
		grid[i] = now_ms() - t0;
		assess_grid_free(&g);
		t0 = now_ms();
		if (store_pupil_search(c, &q, &rows, &n, &total) != ERR_OK)
			die("anatomy", "store_pupil_search failed");
		search[i] = now_ms() - t0;
		free(rows);
	}
	store_release(c);
	grid_page = get_median(b, h, b->port, page);
	grid_api = get_median(b, h, b->port, api);
	me = get_median(b, h, b->port, "/api/v1/me");
	use_school(b, h, &b->big);
	list_page = get_median(b, h, b->port, list);
	use_school(b, h, &b->grid_school);
	printf("  where the time goes (idle server, one connection, medians of %d):\n", ANATOMY);
	printf("    %-50s %7.2f ms\n", "GET baseline page (bare libmicrohttpd)", b->baseline_ms);
	printf("    %-50s %7.2f ms\n", "GET /api/v1/me (session, dispatch, tiny answer)", me);
	printf("    %-50s %7.2f ms\n", "GET grid page (HTML)", grid_page);
	printf("    %-50s %7.2f ms\n", "GET grid API (JSON)", grid_api);
	printf("    %-50s %7.2f ms\n", "  of which assess_grid_load (90 x 17)",
	       quantile(grid, ANATOMY, 0.5));
	printf("    %-50s %7.2f ms\n", "GET pupil list page (2,000 pupils, page 1)", list_page);
	printf("    %-50s %7.2f ms\n", "  of which store_pupil_search (200 rows + total)",
	       quantile(search, ANATOMY, 0.5));
}

static int usage(void)
{
	fprintf(stderr,
		"usage: bench_web --db URL --wrk PATH --baseline PATH [--seconds N]"
		" [--schools N] [--label NAME] [--only pupils,grid,saves,anatomy] [--saves N]"
		" [--runs N]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct bench b = {
		.label = "", .seconds = 5, .schools = SCHOOLS_DEFAULT, .saves = SAVES, .runs = 3
	};
	struct app_config cfg;
	struct web_options opts;
	struct errbuf eb = { "" };
	const char *db = NULL;
	char key[4096], dir[] = "/tmp/pt-bench-web.XXXXXX";
	CURL *h;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--db") == 0)
			db = argv[i + 1];
		else if (strcmp(argv[i], "--wrk") == 0)
			b.wrk = argv[i + 1];
		else if (strcmp(argv[i], "--baseline") == 0)
			b.baseline = argv[i + 1];
		else if (strcmp(argv[i], "--label") == 0)
			b.label = argv[i + 1];
		else if (strcmp(argv[i], "--seconds") == 0)
			b.seconds = number(argv[i + 1], 1, 600);
		else if (strcmp(argv[i], "--runs") == 0)
			b.runs = number(argv[i + 1], 1, RUNS_MAX);
		else if (strcmp(argv[i], "--schools") == 0)
			b.schools = number(argv[i + 1], 1, 1999);
		else if (strcmp(argv[i], "--only") == 0)
			b.only = argv[i + 1];
		else if (strcmp(argv[i], "--saves") == 0)
			b.saves = number(argv[i + 1], 1, 100000);
		else if (strcmp(argv[i], "--threads") == 0)
			b.threads = number(argv[i + 1], 1, 256);
		else
			return usage();
	}
	if (!db || !b.wrk || !b.baseline || b.seconds < 1 || b.schools < 1 || b.saves < 1 ||
	    b.runs < 1 || argc % 2 == 0)
		return usage();
	if (strncmp(db, "sqlite:", 7) == 0) /* the path as the store takes it (store_open) */
		b.sqlite = db + 7 + 2 * (strncmp(db + 7, "//", 2) == 0);
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	log_set_level(LOG_WARN);
	if (sodium_init() < 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		die("start", "libsodium or libcurl would not initialise");
	if (!mkdtemp(dir))
		die("mkdtemp", strerror(errno));
	snprintf(key, sizeof(key), "%s/server.key", dir);
	memset(&cfg, 0, sizeof(cfg));
	cfg.db_url = db;
	cfg.key_path = key;
	cfg.pool_size = b.threads ? (unsigned)b.threads + 2 : 0;
	if (app_open(&cfg, &b.app, &eb) != ERR_OK ||
	    store_migrate(b.app->store, NULL, &eb) != ERR_OK)
		die(db, eb.msg);
	b.who = (struct actor){ 0, "bench", "" };

	printf("\n%s\n", b.label);
	seed_la(&b);
	if (phase_on(&b, "pupils") || phase_on(&b, "anatomy"))
		bench_import(&b);

	web_options_init(&opts);
	opts.host = "127.0.0.1";
	opts.port = 0;
	opts.threads = (unsigned)b.threads;
	if (web_start_opts(b.app, &opts, &b.srv, &eb) != ERR_OK)
		die("web_start", eb.msg);
	b.port = web_port(b.srv);
	h = curl_easy_init();
	if (!h)
		die("curl", "curl_easy_init failed");

	if (phase_on(&b, "pupils")) {
		use_school(&b, h, &b.big);
		bench_pupils(&b, h);
	}
	use_school(&b, h, &b.grid_school);
	if (phase_on(&b, "grid"))
		bench_grid(&b, h);
	if (phase_on(&b, "saves"))
		bench_saves(&b);
	if (phase_on(&b, "anatomy"))
		anatomy(&b, h);

	curl_easy_cleanup(h);
	web_stop(b.srv);
	app_free(b.app);
	unlink(key);
	rmdir(dir);
	curl_global_cleanup();
	return 0;
}
