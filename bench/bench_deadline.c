/*
 * bench_deadline: "deadline day" of the LA collection (issue 7d). Every school
 * of an LA sends its KS2 return to one file request at once, through the API on
 * the real server (a separate `pupiltrack serve` process on loopback, so its
 * memory is its own), on one backend (bench/run.sh runs it once per backend).
 *
 *   bench_deadline --db URL --server PATH [--schools N] [--concurrency N]
 *                  [--threads N] [--label NAME]
 *
 *  1. a bench LA of --schools schools (default 600), a school admin and an API
 *     token each, and one KS2 request targeting every school;
 *  2. one CTF of about 150 KB per school: the shared KS2 fixture's pupils
 *     repeated to 130 pupils, each with its own valid UPN, from that school;
 *  3. the server started (--threads worker threads, default 8), then
 *     --concurrency clients (default 20) each POST the next school's file to
 *     /api/v1/requests/ID/files with that school's token, keep-alive, until every
 *     school has sent. Upload-to-verdict is the time from the start of a POST to
 *     the end of its answer, which carries the verdict of the full check;
 *  4. files/s over the whole run, p50/p99/max upload-to-verdict, the server's
 *     peak resident memory (VmHWM) and whether the targets were met: every file
 *     accepted and checked within 60 s, p99 at most 1 s.
 * docs/performance.md ("Deadline day") explains the output.
 */
#include <curl/curl.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/account.h"
#include "app/app.h"
#include "app/collection.h"
#include "base/err.h"
#include "base/log.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/upn.h"
#include "store/store.h"

enum {
	BENCH_LA = 886,	       /* LA number of the bench LA */
	SCHOOLS_DEFAULT = 600, /* schools that send */
	CONC_DEFAULT = 20,     /* clients sending at once */
	THREADS_DEFAULT = 8,   /* server worker threads */
	PUPILS = 130,	       /* pupils per file: about 150 KB */
	TARGET_S = 60,	       /* all files within a minute */
	TARGET_P99_MS = 1000,  /* p99 upload-to-verdict */
};

struct bench {
	struct app *app;
	struct actor who;
	int schools, conc, threads;
	const char *label, *server, *db, *key;
	int64_t la_id, request_id;
	char (*auth)[128];     /* per school: "Authorization: Bearer ..." */
	struct strbuf *bodies; /* per school: the multipart body */
	double *ms;	       /* per school: upload-to-verdict */
	atomic_int next, ok, refused, failed;
	int port;
};

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_deadline: %s: %s\n", what, msg);
	exit(1);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int number(const char *s, int lo, int hi)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *s && !*end && v >= lo && v <= hi ? (int)v : -1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double quantile(double *v, size_t n, double q)
{
	size_t i = (size_t)(q * (double)(n - 1) + 0.5);
	return n ? v[i < n ? i : n - 1] : 0;
}

/* ---- 1. the LA, its schools, admins and tokens, the request */

static void seed(struct bench *b)
{
	struct store_conn *c = store_acquire(b->app->store);
	struct errbuf eb = { "" };
	struct la la = { .code = BENCH_LA };
	struct user officer = { .role = ROLE_LA_OFFICER };
	struct request_form in = { .name = "KS2 TA 2025/26 (deadline day)",
				   .collection = "ks2",
				   .file_kinds = "",
				   .year = "2025",
				   .description = "",
				   .deadline_time = "17:00",
				   .all_schools = true,
				   .schools = "",
				   .remind_days = "0" };
	struct request_form_errors fe;
	struct file_request r;
	char day[16];
	time_t later = time(NULL) + 30 * 86400;
	struct tm tm;
	double t0 = now_ms();

	snprintf(la.name, sizeof(la.name), "Deadline Day LA");
	if (store_la_add(c, &b->who, &la, &eb) != ERR_OK)
		die("adding the LA", eb.msg);
	b->la_id = la.id;
	b->auth = xcalloc((size_t)b->schools, sizeof(*b->auth));
	for (int s = 0; s < b->schools; s++) {
		struct establishment e = { .la_id = la.id, .estab = 2000 + s };
		struct user u = { .role = ROLE_SCHOOL_ADMIN };
		char token[TOKEN_TEXT_LEN + 1];

		snprintf(e.name, sizeof(e.name), "Deadline School %04d", 2000 + s);
		if (store_establishment_add(c, &b->who, &e, &eb) != ERR_OK)
			die("adding a school", eb.msg);
		u.establishment_id = e.id;
		snprintf(u.username, sizeof(u.username), "admin.%04d", 2000 + s);
		snprintf(u.display_name, sizeof(u.display_name), "Admin %04d", 2000 + s);
		u.created_at = time(NULL);
		if (store_user_add(c, &b->who, &u, &eb) != ERR_OK)
			die("adding a school admin", eb.msg);
		if (account_api_token_create(b->app, c, &b->who, u.id, 0, token, &eb) != ERR_OK)
			die("making a token", eb.msg);
		snprintf(b->auth[s], sizeof(b->auth[s]), "Authorization: Bearer %s", token);
	}
	officer.la_id = la.id;
	snprintf(officer.username, sizeof(officer.username), "bench.officer");
	gmtime_r(&later, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	in.deadline_date = day;
	if (collection_request_save(b->app, c, &officer, &b->who, 0, &in, &r, &fe, &eb) != ERR_OK)
		die("making the request", eb.msg[0] ? eb.msg : fe.schools);
	b->request_id = r.id;
	store_release(c);
	printf("  %-48s %8.1f s   (%d schools, admins, tokens; 1 request)\n", "generate the LA",
	       (now_ms() - t0) / 1e3, b->schools);
}

/* ---- 2. a CTF of ~150 KB per school */

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;

	if (!f)
		die(path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	*len = sb.len;
	return sb.buf;
}

/* The fixture split into what comes before the first <Pupil>, the pupils and
 * what follows the last one. */
struct fixture {
	char *text;
	const char *pupils, *tail;
	size_t head_len;
	size_t npupils;
	const char *pupil[64];
	size_t pupil_len[64];
};

static void fixture_load(struct fixture *fx, const char *path)
{
	size_t len;
	const char *p, *end;

	memset(fx, 0, sizeof(*fx));
	fx->text = read_file(path, &len);
	fx->pupils = strstr(fx->text, "    <Pupil>");
	end = strstr(fx->text, "  </CTFpupilData>");
	if (!fx->pupils || !end)
		die(path, "not the KS2 fixture this bench expects");
	fx->head_len = (size_t)(fx->pupils - fx->text);
	fx->tail = end;
	for (p = fx->pupils; p < end && fx->npupils < 64;) {
		const char *close = strstr(p, "</Pupil>\n");
		if (!close || close > end)
			break;
		close += strlen("</Pupil>\n");
		fx->pupil[fx->npupils] = p;
		fx->pupil_len[fx->npupils++] = (size_t)(close - p);
		p = close;
	}
	if (!fx->npupils)
		die(path, "no pupils");
}

/* Overwrites the value of the first "<TAG>" at or after from in sb with value,
 * which is as long as the old one (LEA, Estab and UPN values are fixed length). */
static void overwrite(struct strbuf *sb, size_t from, const char *open, const char *value)
{
	char *at = strstr(sb->buf + from, open);

	if (!at || strlen(at + strlen(open)) < strlen(value) ||
	    at[strlen(open) + strlen(value)] != '<')
		die("the fixture", open);
	memcpy(at + strlen(open), value, strlen(value));
}

static void make_bodies(struct bench *b, const char *fixture)
{
	static const char boundary[] = "----pupiltrackDeadlineDay";
	struct fixture fx;
	double t0 = now_ms();
	size_t total = 0, ctf_bytes = 0;

	fixture_load(&fx, fixture);
	b->bodies = xcalloc((size_t)b->schools, sizeof(*b->bodies));
	for (int s = 0; s < b->schools; s++) {
		struct strbuf ctf = STRBUF_INIT, *body = &b->bodies[s];
		char estab[16], la[16], upn[UPN_LEN + 1];
		const char *src = strstr(fx.text, "<SourceSchool>");

		snprintf(estab, sizeof(estab), "%04d", 2000 + s);
		snprintf(la, sizeof(la), "%d", BENCH_LA);
		/* the header: the school's LA and establishment */
		strbuf_add(&ctf, fx.text, fx.head_len);
		overwrite(&ctf, (size_t)(src - fx.text), "<LEA>", la);
		overwrite(&ctf, (size_t)(src - fx.text), "<Estab>", estab);
		for (int i = 0; i < PUPILS; i++) {
			size_t k = (size_t)i % fx.npupils;
			if (!upn_make(BENCH_LA, 2000 + s, 19, i + 1, upn))
				die("upn_make", "no UPN");
			size_t at = ctf.len;
			strbuf_add(&ctf, fx.pupil[k], fx.pupil_len[k]);
			overwrite(&ctf, at, "<UPN>", upn);
		}
		strbuf_adds(&ctf, fx.tail);
		ctf_bytes += ctf.len;
		strbuf_addf(
			body,
			"--%s\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\n"
			"KS2 return\r\n--%s\r\nContent-Disposition: form-data; name=\"file\"; "
			"filename=\"%d%s_KS2_%dLLLL_001.xml\"\r\nContent-Type: text/xml\r\n\r\n",
			boundary, boundary, BENCH_LA, estab, BENCH_LA);
		strbuf_add(body, ctf.buf, ctf.len);
		strbuf_addf(body, "\r\n--%s--\r\n", boundary);
		total += body->len;
		strbuf_release(&ctf);
	}
	free(fx.text);
	printf("  %-48s %8.1f s   (%d files of %zu KB on average, %zu MB in all)\n",
	       "generate the CTFs", (now_ms() - t0) / 1e3, b->schools,
	       ctf_bytes / (size_t)b->schools / 1024, total / (1024 * 1024));
}

/* ---- 3. the server and the clients */

static int free_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
		die("free port", strerror(errno));
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

static pid_t start_server(struct bench *b, const char *outbox)
{
	char listen[64], threads[16];
	pid_t pid;

	b->port = free_port();
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", b->port);
	snprintf(threads, sizeof(threads), "%d", b->threads);
	pid = fork();
	if (pid < 0)
		die("fork", strerror(errno));
	if (pid == 0) {
		setenv("PUPILTRACK_KEY_FILE", b->key, 1);
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execl(b->server, b->server, "serve", "--db", b->db, "--listen", listen, "--threads",
		      threads, "--outbox", outbox, "--remind-days", "0", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 300; i++) {
		CURL *h = curl_easy_init();
		char url[128];
		long code = 0;
		snprintf(url, sizeof(url), "http://127.0.0.1:%d/healthz", b->port);
		curl_easy_setopt(h, CURLOPT_URL, url);
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
		if (curl_easy_perform(h) == CURLE_OK)
			curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
		curl_easy_cleanup(h);
		if (code == 200)
			return pid;
		usleep(100 * 1000);
	}
	kill(pid, SIGKILL);
	die("serve", "the server did not answer within 30 s");
	return -1;
}

/* The server's peak resident memory in KiB (VmHWM), 0 when unknown. */
static long peak_rss_kib(pid_t pid)
{
	char path[64], line[256];
	long kib = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
	strbuf_add(ctx, data, size * n);
	return size * n;
}

static void *client(void *arg)
{
	struct bench *b = arg;
	CURL *h = curl_easy_init();
	char url[160];
	int s;

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1/requests/%lld/files", b->port,
		 (long long)b->request_id);
	while ((s = atomic_fetch_add(&b->next, 1)) < b->schools) {
		struct curl_slist *hdrs = NULL;
		struct strbuf answer = STRBUF_INIT;
		long code = 0;
		double t0;

		hdrs = curl_slist_append(hdrs, b->auth[s]);
		hdrs = curl_slist_append(
			hdrs,
			"Content-Type: multipart/form-data; boundary=----pupiltrackDeadlineDay");
		hdrs = curl_slist_append(hdrs, "Expect:");
		curl_easy_setopt(h, CURLOPT_URL, url);
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, b->bodies[s].buf);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)b->bodies[s].len);
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer);
		t0 = now_ms();
		if (curl_easy_perform(h) == CURLE_OK)
			curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
		b->ms[s] = now_ms() - t0;
		if (code == 200 && answer.buf &&
		    (strstr(answer.buf, "\"verdict\":\"successful\"") ||
		     strstr(answer.buf, "\"verdict\":\"successful-with-queries\"")))
			atomic_fetch_add(&b->ok, 1);
		else if (code == 200)
			atomic_fetch_add(&b->refused, 1);
		else
			atomic_fetch_add(&b->failed, 1);
		if (code != 200 || (answer.buf && strstr(answer.buf, "upload-error"))) {
			static atomic_int shown;
			if (atomic_fetch_add(&shown, 1) == 0)
				fprintf(stderr, "bench_deadline: school %d: HTTP %ld: %.400s\n", s,
					code, answer.buf ? answer.buf : "");
		}
		strbuf_release(&answer);
		curl_slist_free_all(hdrs);
	}
	curl_easy_cleanup(h);
	return NULL;
}

static void deadline_day(struct bench *b, const char *outbox)
{
	pthread_t *tid = xcalloc((size_t)b->conc, sizeof(*tid));
	pid_t pid = start_server(b, outbox);
	double t0, secs, *sorted;
	long rss;
	int status;

	b->ms = xcalloc((size_t)b->schools, sizeof(*b->ms));
	t0 = now_ms();
	for (int i = 0; i < b->conc; i++)
		if (pthread_create(&tid[i], NULL, client, b) != 0)
			die("pthread_create", strerror(errno));
	for (int i = 0; i < b->conc; i++)
		pthread_join(tid[i], NULL);
	secs = (now_ms() - t0) / 1e3;
	rss = peak_rss_kib(pid);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	sorted = xmalloc((size_t)b->schools * sizeof(*sorted));
	memcpy(sorted, b->ms, (size_t)b->schools * sizeof(*sorted));
	qsort(sorted, (size_t)b->schools, sizeof(*sorted), cmp_double);
	printf("  %-48s %8.1f s   (%d successful, %d with errors, %d failed; %d at a time)\n",
	       "every school sends its file", secs, atomic_load(&b->ok), atomic_load(&b->refused),
	       atomic_load(&b->failed), b->conc);
	printf("  %-48s %8.1f files/s\n", "throughput", (double)b->schools / secs);
	printf("  %-48s p50 %.0f ms, p99 %.0f ms, max %.0f ms\n", "upload-to-verdict",
	       quantile(sorted, (size_t)b->schools, 0.50),
	       quantile(sorted, (size_t)b->schools, 0.99), sorted[b->schools - 1]);
	printf("  %-48s %ld MiB (VmHWM, %d worker threads)\n", "server peak resident memory",
	       rss / 1024, b->threads);
	printf("  %-48s %s\n", "target: all checked within 60 s, p99 <= 1 s",
	       atomic_load(&b->ok) == b->schools && secs <= TARGET_S &&
			       quantile(sorted, (size_t)b->schools, 0.99) <= TARGET_P99_MS ?
		       "met" :
		       "missed");
	free(sorted);
	free(tid);
}

static int usage(void)
{
	fprintf(stderr, "usage: bench_deadline --db URL --server PATH [--schools N] "
			"[--concurrency N] [--threads N] [--label NAME] [--fixture FILE]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct bench b = { .schools = SCHOOLS_DEFAULT,
			   .conc = CONC_DEFAULT,
			   .threads = THREADS_DEFAULT,
			   .label = "" };
	struct app_config cfg;
	struct errbuf eb = { "" };
	const char *fixture = NULL;
	char key[4096], outbox[4096], dir[] = "/tmp/pt-bench-deadline.XXXXXX";
	char *default_fixture = NULL;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--db") == 0)
			b.db = argv[i + 1];
		else if (strcmp(argv[i], "--server") == 0)
			b.server = argv[i + 1];
		else if (strcmp(argv[i], "--schools") == 0)
			b.schools = number(argv[i + 1], 1, 8000);
		else if (strcmp(argv[i], "--concurrency") == 0)
			b.conc = number(argv[i + 1], 1, 200);
		else if (strcmp(argv[i], "--threads") == 0)
			b.threads = number(argv[i + 1], 1, 256);
		else if (strcmp(argv[i], "--label") == 0)
			b.label = argv[i + 1];
		else if (strcmp(argv[i], "--fixture") == 0)
			fixture = argv[i + 1];
		else
			return usage();
	}
	if (!b.db || !b.server || b.schools < 1 || b.conc < 1 || b.threads < 1 || argc % 2 == 0)
		return usage();
	if (!fixture) {
		const char *shared = getenv("PT_SHARED_DIR");
		size_t n = strlen(shared ? shared : PT_SOURCE_DIR "/../shared") + 64;
		default_fixture = xmalloc(n);
		snprintf(default_fixture, n, "%s/fixtures/ctf/8881234_KS2_888LLLL_001.xml",
			 shared ? shared : PT_SOURCE_DIR "/../shared");
		fixture = default_fixture;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	log_set_level(LOG_WARN);
	if (sodium_init() < 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		die("start", "libsodium or libcurl would not initialise");
	if (!mkdtemp(dir))
		die("mkdtemp", strerror(errno));
	snprintf(key, sizeof(key), "%s/server.key", dir);
	snprintf(outbox, sizeof(outbox), "%s/outbox", dir);
	b.key = key;
	memset(&cfg, 0, sizeof(cfg));
	cfg.db_url = b.db;
	cfg.key_path = key;
	if (app_open(&cfg, &b.app, &eb) != ERR_OK ||
	    store_migrate(b.app->store, NULL, &eb) != ERR_OK)
		die(b.db, eb.msg);
	b.who = (struct actor){ 0, "bench", "" };

	printf("\n%s\n", b.label);
	seed(&b);
	make_bodies(&b, fixture);
	deadline_day(&b, outbox);

	for (int s = 0; s < b.schools; s++)
		strbuf_release(&b.bodies[s]);
	free(b.bodies);
	free(b.auth);
	free(b.ms);
	free(default_fixture);
	app_free(b.app);
	unlink(key);
	{
		char cmd[4200];
		snprintf(cmd, sizeof(cmd), "%s/outbox", dir);
		rmdir(cmd);
	}
	rmdir(dir);
	curl_global_cleanup();
	return 0;
}
