/*
 * server: libmicrohttpd glue (see server.h). A request's life: the URI callback
 * allocates struct request, the access callback checks headers and caps the body
 * as it arrives, dispatch.c fills the response, respond() turns it into the only
 * kind of MHD response pupiltrack makes, and the completion callback frees it all.
 */
#include "web/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libxml/parser.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "app/account.h"
#include "app/app.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "base/strbuf.h"
#include "store/store.h"
#include "web/dispatch.h"
#include "web/multipart.h"
#include "web/request.h"
#include "web/routes.h"

enum {
	URI_MAX = 4096,		 /* bytes of path and query */
	HEADERS_MAX = 16 * 1024, /* bytes of all request header names and values */
	CONN_MEMORY = 64 * 1024, /* libmicrohttpd's per-connection pool (bounds headers) */
	DEFAULT_THREADS = 4,
	DEFAULT_CONN_LIMIT = 512,
	DEFAULT_PER_IP = 64,
	DEFAULT_TIMEOUT_S = 30,
	/* issue 7e: a file part is stopped while it streams in once it passes
	 * the per-file limit by this much; a smaller excess is read and refused
	 * with its exact size by the handler. */
	UPLOAD_PART_SLACK = 64 * 1024,
	EARLY_WRITE_MS = 2000, /* how long an early answer may take to write */
	/* A page (the 90-pupil grid: 400 KB of rows, 190 KB of HTML) is built
	 * in memory freed when it is sent. glibc gives such blocks back to the
	 * system after every request (trimmed, or mapped and unmapped), so the
	 * next request faults the same pages in again. Blocks under MMAP_BELOW
	 * come from the heap, and the heap keeps up to KEEP_FREED spare. */
	MMAP_BELOW = 4 * 1024 * 1024,
	KEEP_FREED = 32 * 1024 * 1024,
};

struct web_server {
	struct MHD_Daemon *daemon; /* the running libmicrohttpd daemon */
	struct app *app;	   /* what requests work on */
	struct web_options opts;   /* settings, strings owned below */
	char *host;		   /* copy of opts.host */
	char *static_dir;	   /* copy of opts.static_dir */
	int port;		   /* bound port */
	struct user dummy;	   /* for timing-equal sign-in of unknown users */
};

static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
			  "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
			  "form-action 'self'; frame-ancestors 'none'";

void web_options_init(struct web_options *o)
{
	memset(o, 0, sizeof(*o));
	o->host = "127.0.0.1";
	o->threads = DEFAULT_THREADS;
	o->conn_limit = DEFAULT_CONN_LIMIT;
	o->per_ip_limit = DEFAULT_PER_IP;
	o->timeout_s = DEFAULT_TIMEOUT_S;
	o->static_dir = PUPILTRACK_STATICDIR;
}

const struct web_options *web_server_options(const struct web_server *s)
{
	return &s->opts;
}

const struct user *web_server_dummy_user(const struct web_server *s)
{
	return &s->dummy;
}

int web_port(const struct web_server *s)
{
	return s->port;
}

/* ---- request headers */

const char *request_header(const struct request *req, const char *name)
{
	if (!req->conn)
		return NULL;
	return MHD_lookup_connection_value((struct MHD_Connection *)req->conn, MHD_HEADER_KIND,
					   name);
}

const char *request_cookie(const struct request *req, const char *name)
{
	if (!req->conn)
		return NULL;
	return MHD_lookup_connection_value((struct MHD_Connection *)req->conn, MHD_COOKIE_KIND,
					   name);
}

struct header_census {
	size_t bytes;	/* names and values */
	int singles[6]; /* how often each header of single_headers came */
};

/* Headers that must come at most once: two of them would let a proxy and us
 * read different requests. */
static const char *const single_headers[] = { "Host",	       "Content-Length", "Content-Type",
					      "Authorization", "Origin",	 "X-CSRF-Token" };

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	struct header_census *c = cls;
	(void)kind;
	c->bytes += (key ? strlen(key) : 0) + (value ? strlen(value) : 0) + 4;
	for (size_t i = 0; key && i < ARRAY_SIZE(single_headers); i++)
		if (strcasecmp(key, single_headers[i]) == 0)
			c->singles[i]++;
	return MHD_YES;
}

static bool method_parse(const char *s, enum http_method *out)
{
	for (int m = 0; m < HTTP__MAX; m++) {
		if (strcmp(s, http_method_name((enum http_method)m)) == 0) {
			*out = (enum http_method)m;
			return true;
		}
	}
	return false;
}

static void client_ip_of(struct request *req, struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	req->client_ip[0] = '\0';
	if (!sa)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
			  req->client_ip, sizeof(req->client_ip));
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  req->client_ip, sizeof(req->client_ip));
}

/* Digits only, no sign, no overflow. */
static bool content_length_parse(const char *s, unsigned long long *out)
{
	unsigned long long v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (1ULL << 50))
			return false;
		v = v * 10 + (unsigned)(*s - '0');
	}
	*out = v;
	return true;
}

/* ---- responses: the only place that makes them */

static void add_header(struct MHD_Response *r, const char *name, const char *value)
{
	if (MHD_add_response_header(r, name, value) != MHD_YES)
		log_error("web: could not add response header %s", name);
}

/* Every header of req's response, in order, to fn. */
static void each_header(struct request *req, void (*fn)(void *, const char *, const char *),
			void *ctx)
{
	fn(ctx, "Content-Type",
	   req->resp.content_type ? req->resp.content_type : "text/html; charset=utf-8");
	fn(ctx, "Content-Security-Policy", csp);
	fn(ctx, "X-Content-Type-Options", "nosniff");
	fn(ctx, "X-Frame-Options", "DENY");
	fn(ctx, "Referrer-Policy", "same-origin");
	fn(ctx, "Permissions-Policy",
	   "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
	fn(ctx, "Cross-Origin-Opener-Policy", "same-origin");
	fn(ctx, "Cross-Origin-Resource-Policy", "same-origin");
	fn(ctx, "Cache-Control", req->resp.cacheable ? "public, max-age=3600" : "no-store");
	if (req->opts->tls)
		fn(ctx, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
	for (size_t i = 0; i < req->resp.nheaders; i++)
		fn(ctx, req->resp.headers[i].name, req->resp.headers[i].value);
}

static void add_header_to(void *r, const char *name, const char *value)
{
	add_header(r, name, value);
}

static void head_line(void *sb, const char *name, const char *value)
{
	strbuf_addf(sb, "%s: %s\r\n", name, value);
}

/* issue 7e: answers while the body is still coming. libmicrohttpd (0.9.75)
 * queues no response once the body has started, so the answer is written to
 * the socket here, the sending side is shut, and the caller returns MHD_NO to
 * close the connection: the rest of the body is never read. */
static void respond_early(struct request *req)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		(struct MHD_Connection *)req->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	struct strbuf out;
	size_t len, off = 0;
	char *body;

	req->answered = true;
	if (!ci)
		return;
	body = strbuf_detach(&req->resp.body, &len);
	strbuf_init(&out, len + 8192);
	strbuf_addf(&out, "HTTP/1.1 %d %s\r\n", req->resp.status,
		    MHD_get_reason_phrase_for((unsigned)req->resp.status));
	each_header(req, head_line, &out);
	strbuf_addf(&out, "Content-Length: %zu\r\nConnection: close\r\n\r\n", len);
	if (req->method != HTTP_HEAD)
		strbuf_add(&out, body, len);
	free(body);
	while (off < out.len) {
		struct pollfd pfd = { .fd = ci->connect_fd, .events = POLLOUT };
		ssize_t k = send(ci->connect_fd, out.buf + off, out.len - off, MSG_NOSIGNAL);
		if (k > 0) {
			off += (size_t)k;
			continue;
		}
		if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) &&
		    poll(&pfd, 1, EARLY_WRITE_MS) > 0)
			continue;
		break;
	}
	(void)shutdown(ci->connect_fd, SHUT_WR);
	strbuf_release(&out);
	log_info("web: %s %s %d (answered before the body was read) from %s",
		 http_method_name(req->method), req->path, req->resp.status, req->client_ip);
}

/* issue 7e: true (answered) when a file part of a watched upload has passed
 * the per-file limit, with the file's name and what to do. */
static bool upload_over_limit(struct request *req)
{
	const char *name = NULL;
	size_t seen = 0;
	char msg[512];

	if (!multipart_watch_over(req->watch, req->body.buf, req->body.len,
				  (size_t)RECEIVED_FILE_MAX + UPLOAD_PART_SLACK, &name, &seen))
		return false;
	snprintf(msg, sizeof(msg),
		 "%s is more than %zu bytes; the limit is 3,145,728 bytes (3 MiB) per file. "
		 "Nothing from this upload was sent: make the file smaller, or leave it out, "
		 "and send again.",
		 name[0] ? name : "A file", seen);
	dispatch_error(req, 413, msg);
	respond_early(req);
	return true;
}

static enum MHD_Result respond(struct request *req)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	size_t len;
	char *body;

	if (req->resp.body.over) {
		log_error("web: response body over its cap for %s", req->path);
		req->signed_in = false; /* the store connection is gone: a plain page */
		resp_reset(req);
		dispatch_error(req, 500, NULL);
	}
	body = strbuf_detach(&req->resp.body, &len);
	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	each_header(req, add_header_to, r);
	ret = MHD_queue_response((struct MHD_Connection *)req->conn, (unsigned)req->resp.status, r);
	MHD_destroy_response(r);
	req->answered = true;
	log_debug("web: %s %s %d user=%lld", http_method_name(req->method), req->path,
		  req->resp.status, req->signed_in ? (long long)req->user.id : 0LL);
	return ret;
}

/* ---- request lifecycle */

static struct request *request_new(struct web_server *srv, struct MHD_Connection *conn,
				   const char *uri)
{
	struct request *req = xcalloc(1, sizeof(*req));

	arena_init(&req->arena);
	req->srv = srv;
	req->app = srv->app;
	req->opts = &srv->opts;
	req->conn = conn;
	/* One byte over URI_MAX is enough to know it is too long. */
	req->raw_uri = arena_strndup(&req->arena, uri ? uri : "", URI_MAX + 1);
	req->path = "/";
	req->query = "";
	strbuf_init(&req->body, ROUTE_BODY_DEFAULT);
	strbuf_init(&req->resp.body, RESP_BODY_MAX);
	req->resp.status = 200;
	return req;
}

static void request_free(struct request *req)
{
	if (req->db)
		store_release(req->db);
	strbuf_release(&req->body);
	strbuf_release(&req->resp.body);
	sodium_memzero(req->csrf_secret, sizeof(req->csrf_secret));
	sodium_memzero(&req->session, sizeof(req->session));
	arena_release(&req->arena);
	free(req);
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	return request_new(cls, conn, uri);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	if (*con_cls)
		request_free(*con_cls);
	*con_cls = NULL;
}

__attribute__((format(printf, 2, 0))) static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	size_t n;
	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	log_warn("libmicrohttpd: %s", line);
}

/* Looks at the request line and headers. True when the answer is already known
 * (an error, or a request with no route); false to wait for the body. */
static bool request_start(struct request *req, const char *method)
{
	struct MHD_Connection *conn = req->conn;
	struct header_census census = { 0 };
	char msg[256];
	unsigned long long clen = 0;
	const char *cl;
	bool path_known = false;

	client_ip_of(req, conn);
	if (!method_parse(method, &req->method)) {
		req->method = HTTP_GET;
		dispatch_error(req, 405, NULL);
		resp_header(req, "Allow", "GET, HEAD, POST");
		return true;
	}
	if (strlen(req->raw_uri) > URI_MAX) {
		dispatch_error(req, 414, NULL);
		return true;
	}
	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header, &census);
	if (census.bytes > HEADERS_MAX) {
		dispatch_error(req, 431, NULL);
		return true;
	}
	for (size_t i = 0; i < ARRAY_SIZE(single_headers); i++) {
		if (census.singles[i] > 1) {
			snprintf(msg, sizeof(msg), "The request has more than one %s header.",
				 single_headers[i]);
			dispatch_error(req, 400, msg);
			return true;
		}
	}
	if (!request_parse_uri(req, req->raw_uri, msg, sizeof(msg))) {
		dispatch_error(req, 400, msg);
		return true;
	}
	req->route = routes_match(req->method, req->segs, req->nsegs, &path_known);
	req->body.max = route_body_max(req->route);
	if (req->route && (req->route->flags & RF_UPLOADS) &&
	    multipart_is_type(request_header(req, "Content-Type"))) {
		req->watch = arena_alloc(&req->arena, sizeof(*req->watch));
		if (!multipart_watch_init(req->watch, request_header(req, "Content-Type")))
			req->watch = NULL;
	}
	cl = request_header(req, "Content-Length");
	if (cl) {
		if (!content_length_parse(cl, &clen)) {
			dispatch_error(req, 400, "The Content-Length header is not a number.");
			return true;
		}
		if (clen > req->body.max) {
			snprintf(msg, sizeof(msg),
				 "The request is too large: this address takes at most %zu KiB.",
				 req->body.max / 1024);
			dispatch_error(req, 413, msg);
			return true;
		}
	}
	if (!req->route) {
		/* 404 or 405, answered now: the body (if any) is not wanted. The
		 * dispatcher still authenticates, so the page shows who is signed in. */
		dispatch_request(req);
		return true;
	}
	return false;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, const char *url,
				 const char *method, const char *version, const char *upload_data,
				 size_t *upload_data_size, void **con_cls)
{
	struct request *req = *con_cls;
	(void)version;

	if (!req) {
		req = request_new(cls, conn, url);
		*con_cls = req;
	}
	req->conn = conn;
	if (!req->started) {
		req->started = true;
		if (request_start(req, method))
			return respond(req);
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!req->answered && !strbuf_add(&req->body, upload_data, *upload_data_size)) {
			/* A chunked body passed the cap: a response cannot be queued while
			 * the body is coming, so the connection is closed instead. */
			log_warn("web: request body over %zu bytes from %s; closing", req->body.max,
				 req->client_ip);
			return MHD_NO;
		}
		*upload_data_size = 0;
		if (!req->answered && req->watch && upload_over_limit(req))
			return MHD_NO;
		return MHD_YES;
	}
	if (req->answered)
		return MHD_YES;
	dispatch_request(req);
	return respond(req);
}

/* ---- start and stop */

static enum err address_resolve(const char *host, int port, struct sockaddr_storage *ss,
				socklen_t *len, struct errbuf *eb)
{
	struct addrinfo hints, *res = NULL;
	char portstr[16];
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
	snprintf(portstr, sizeof(portstr), "%d", port);
	rc = getaddrinfo(host, portstr, &hints, &res);
	if (rc != 0 || !res)
		return errbuf_set(eb, ERR_IO, "cannot resolve the address %s: %s", host,
				  gai_strerror(rc));
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return ERR_OK;
}

enum err web_start(struct app *app, const char *host, int port, struct web_server **out,
		   struct errbuf *eb)
{
	struct web_options o;
	web_options_init(&o);
	if (host)
		o.host = host;
	o.port = port;
	return web_start_opts(app, &o, out, eb);
}

enum err web_start_opts(struct app *app, const struct web_options *o, struct web_server **out,
			struct errbuf *eb)
{
	struct web_server *srv = NULL;
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_AUTO;
	unsigned char pwbytes[24];
	char pw[sizeof(pwbytes) * 2 + 1];
	enum err rc;

	*out = NULL;
	if (sodium_init() < 0)
		return errbuf_set(eb, ERR_IO, "cannot initialise libsodium");
	if (o->port < 0 || o->port > 65535)
		return errbuf_set(eb, ERR_USAGE, "the port must be between 0 and 65535");
	srv = xcalloc(1, sizeof(*srv));
	srv->app = app;
	srv->opts = *o;
	srv->host = xstrdup(o->host ? o->host : "127.0.0.1");
	srv->static_dir = xstrdup(o->static_dir ? o->static_dir : PUPILTRACK_STATICDIR);
	srv->opts.host = srv->host;
	srv->opts.static_dir = srv->static_dir;
	if (!srv->opts.threads)
		srv->opts.threads = DEFAULT_THREADS;
	if (!srv->opts.conn_limit)
		srv->opts.conn_limit = DEFAULT_CONN_LIMIT;
	if (!srv->opts.per_ip_limit)
		srv->opts.per_ip_limit = DEFAULT_PER_IP;
	if (!srv->opts.timeout_s)
		srv->opts.timeout_s = DEFAULT_TIMEOUT_S;

	randombytes_buf(pwbytes, sizeof(pwbytes));
	sodium_bin2hex(pw, sizeof(pw), pwbytes, sizeof(pwbytes));
	rc = account_password_set(&srv->dummy, pw, eb);
	sodium_memzero(pw, sizeof(pw));
	if (rc != ERR_OK)
		goto out;

	rc = address_resolve(srv->host, o->port, &ss, &sslen, eb);
	if (rc != ERR_OK)
		goto out;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	xmlInitParser(); /* once, before the threads read CTF files (issue 6) */
	mallopt(M_MMAP_THRESHOLD, MMAP_BELOW);
	mallopt(M_TRIM_THRESHOLD, KEEP_FREED);
	srv->daemon = MHD_start_daemon(
		flags, (uint16_t)o->port, NULL, NULL, on_access, srv, MHD_OPTION_EXTERNAL_LOGGER,
		on_mhd_log, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)srv->opts.threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)srv->opts.timeout_s,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)srv->opts.conn_limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)srv->opts.per_ip_limit,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
		MHD_OPTION_STRICT_FOR_CLIENT, (int)1, MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_END);
	if (!srv->daemon) {
		rc = errbuf_set(eb, ERR_IO,
				"cannot listen on %s port %d (in use, or not an "
				"address of this machine?)",
				srv->host, o->port);
		goto out;
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : o->port;
	srv->opts.port = srv->port;
	log_info("web: listening on %s port %d", srv->host, srv->port);
	*out = srv;
	srv = NULL;
	rc = ERR_OK;
out:
	web_stop(srv);
	return rc;
}

void web_stop(struct web_server *s)
{
	if (!s)
		return;
	if (s->daemon)
		MHD_stop_daemon(s->daemon);
	sodium_memzero(&s->dummy, sizeof(s->dummy));
	free(s->host);
	free(s->static_dir);
	free(s);
}
