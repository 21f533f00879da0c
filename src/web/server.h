/*
 * server: the libmicrohttpd glue. Starts and stops the HTTP server, sets every
 * limit libmicrohttpd leaves open (timeouts, connection counts, memory, request
 * body caps), and is the ONLY place that creates HTTP responses: it adds the
 * security headers to every one of them.
 */
#ifndef PT_WEB_SERVER_H
#define PT_WEB_SERVER_H

#include <stdbool.h>

#include "base/err.h"
#include "core/model.h"

struct app;
struct web_server;

struct web_options {
	const char *host;	/* address to bind (numeric or a name); NULL = "127.0.0.1" */
	int port;		/* 0 = any free port (see web_port) */
	unsigned threads;	/* worker threads; 0 = 4 */
	unsigned conn_limit;	/* open connections at most; 0 = 512 */
	unsigned per_ip_limit;	/* open connections per client address; 0 = 64 */
	unsigned timeout_s;	/* inactivity timeout of a connection; 0 = 30 */
	const char *static_dir; /* static assets; NULL = PUPILTRACK_STATICDIR */
	bool tls;		/* served to browsers over HTTPS (by a TLS proxy): cookies get
	                           Secure and the __Host- prefix, and HSTS is sent */
};

/* Fills o with the defaults above. */
void web_options_init(struct web_options *o);

/* Starts serving app on host:port (host NULL = 127.0.0.1, port 0 = any free
 * port) with default options. The caller stops it with web_stop. ERR_IO with a
 * message when the address cannot be bound. */
enum err web_start(struct app *app, const char *host, int port, struct web_server **out,
		   struct errbuf *eb);
/* The same with explicit options (copied). */
enum err web_start_opts(struct app *app, const struct web_options *o, struct web_server **out,
			struct errbuf *eb);
/* The port actually bound. */
int web_port(const struct web_server *s);
/* Stops accepting, finishes the requests in progress and frees s; NULL is a no-op. */
void web_stop(struct web_server *s);

/* The server's settings (for the request code). */
const struct web_options *web_server_options(const struct web_server *s);
/* A user record with a real password hash of a random password: verifying
 * against it costs what a real verify costs, for unknown usernames. */
const struct user *web_server_dummy_user(const struct web_server *s);

#endif
