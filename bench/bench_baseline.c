/*
 * bench_baseline: the yardstick for the EYFS grid benchmark. A bare libmicrohttpd
 * server that answers every GET with an HTML grid of 90 pupils x 17 areas built
 * (escaped, per request) from an in-memory array, padded to the byte size of the
 * real grid page, so that wrk measures what HTTP and building a page of that size
 * cost without a database, sessions or access checks.
 *   bench_baseline --bytes N [--threads T]
 * Prints the bound port (on 127.0.0.1) on the first line of stdout, then serves
 * until killed. Like the real server it queues the response on the second call of
 * the access handler (libmicrohttpd 0.9.75 drops keep-alive otherwise).
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { PUPILS = 90, AREAS = 17, PAGE_MAX = 4 * 1024 * 1024 };

struct row {
	char name[64];
	char upn[14];
	int value[AREAS];
	long version[AREAS];
};

static struct row rows[PUPILS];
static size_t target_bytes;

static const char *const value_label[] = { "", "Below", "On track" };

struct buf {
	char *p;
	size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n > b->cap)
		n = b->cap - b->len;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void put_esc(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			puts_(b, "&lt;");
			break;
		case '>':
			puts_(b, "&gt;");
			break;
		case '&':
			puts_(b, "&amp;");
			break;
		case '"':
			puts_(b, "&quot;");
			break;
		case '\'':
			puts_(b, "&#39;");
			break;
		default:
			put(b, s, 1);
		}
	}
}

#define putf(b, ...)                                                \
	do {                                                        \
		char tmp_[96];                                      \
		int n_ = snprintf(tmp_, sizeof(tmp_), __VA_ARGS__); \
		put(b, tmp_, (size_t)n_);                           \
	} while (0)

static size_t build_page(char *out, size_t cap)
{
	struct buf b = { out, 0, cap };
	int count[AREAS][3] = { { 0 } };

	puts_(&b, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
		  "<title>Assessments</title></head><body><main><table class=\"data-table grid\">"
		  "<thead><tr><th>Pupil</th>");
	for (int a = 0; a < AREAS; a++)
		putf(&b, "<th scope=\"col\">E%02ld</th>", (long)a + 1);
	puts_(&b, "</tr></thead><tbody>");
	for (int i = 0; i < PUPILS; i++) {
		const struct row *r = &rows[i];

		puts_(&b, "<tr><th scope=\"row\"><a href=\"/pupils/");
		put_esc(&b, r->upn);
		puts_(&b, "\">");
		put_esc(&b, r->name);
		puts_(&b, "</a></th>");
		for (int a = 0; a < AREAS; a++) {
			putf(&b, "<td data-area=\"E%02ld\"", (long)a + 1);
			putf(&b, " data-version=\"%ld\">", r->version[a]);
			put_esc(&b, value_label[r->value[a]]);
			puts_(&b, "</td>");
			count[a][r->value[a]]++;
		}
		puts_(&b, "</tr>");
	}
	puts_(&b, "</tbody><tfoot><tr><th>Total number On track</th>");
	for (int a = 0; a < AREAS; a++)
		putf(&b, "<td>%ld</td>", (long)count[a][2]);
	puts_(&b, "</tr></tfoot></table>");
	/* Pad to the real page's size: the same bytes on the wire. */
	while (b.len + 24 < target_bytes && b.len + 24 < b.cap)
		puts_(&b, "<!-- padding padding -->");
	puts_(&b, "</main></body></html>");
	return b.len;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url,
			       const char *method, const char *version, const char *upload,
			       size_t *upload_size, void **state)
{
	static int first;
	struct MHD_Response *resp;
	enum MHD_Result rc;
	char *page;
	size_t len;

	(void)cls, (void)url, (void)method, (void)version, (void)upload, (void)upload_size;
	if (!*state) {
		*state = &first;
		return MHD_YES;
	}
	page = malloc(PAGE_MAX);
	if (!page)
		return MHD_NO;
	len = build_page(page, PAGE_MAX);
	resp = MHD_create_response_from_buffer(len, page, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(resp, "Content-Type", "text/html; charset=utf-8");
	rc = MHD_queue_response(conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return rc;
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "Ava Smith", "Noah O'Brien",  "Isla <Jones>",
					     "Leo Patel", "Mia Khan & Co", "Theo Wood" };
	struct sockaddr_in addr = { 0 };
	unsigned threads = 4;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--bytes") == 0)
			target_bytes = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--threads") == 0)
			threads = (unsigned)strtoul(argv[i + 1], NULL, 10);
	}
	if (target_bytes == 0 || target_bytes > PAGE_MAX - 64 || threads == 0) {
		fprintf(stderr, "usage: bench_baseline --bytes N [--threads T]\n");
		return 2;
	}
	for (int i = 0; i < PUPILS; i++) {
		snprintf(rows[i].name, sizeof(rows[i].name), "%s %d", names[i % 6], i);
		snprintf(rows[i].upn, sizeof(rows[i].upn), "A%012d", 100000 + i);
		for (int a = 0; a < AREAS; a++) {
			rows[i].value[a] = (i + a) % 3;
			rows[i].version[a] = 1 + (i * a) % 7;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = 0;
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, 0, NULL, NULL, handler,
			     NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
			     MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
			     512u, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "bench_baseline: could not start\n");
		return 1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("%u\n", (unsigned)info->port);
	fflush(stdout);
	for (;;)
		pause();
}
