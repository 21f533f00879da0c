/*
 * request: one HTTP request as the web layer sees it, and the response being
 * built for it. Lives in a per-request arena freed when libmicrohttpd completes
 * the request. Handlers read typed, validated parameters through request_int()
 * and friends (declared per route in routes.c) and fill the response through the
 * resp_* functions; server.c alone turns it into bytes on the wire.
 */
#ifndef PT_WEB_REQUEST_H
#define PT_WEB_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/strbuf.h"
#include "core/model.h"
#include "store/store.h"

struct app;
struct route;
struct web_options;
struct web_server;

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE, HTTP__MAX };

/* True for methods that may change state (POST, PUT, PATCH, DELETE). */
bool http_method_changes_state(enum http_method m);
/* "GET", "POST", ... */
const char *http_method_name(enum http_method m);

enum param_type {
	PARAM_INT,  /* optional '-' and digits; range min..max when min < max */
	PARAM_TEXT, /* well-formed UTF-8 text, at most max_len characters */
	PARAM_DATE, /* YYYY-MM-DD or dd/mm/yyyy */
	PARAM_BOOL, /* on/1/true/yes or 0/false/no/"" (a checkbox sends "on") */
	PARAM_ENUM, /* exactly one of choices */
	PARAM__MAX
};

/* One declared parameter of a route. */
struct param_spec {
	const char *name;	    /* as sent: [a-z0-9_] */
	enum param_type type;	    /* how it is checked and converted */
	int max_len;		    /* characters; 0 = the type's default (text 200) */
	bool required;		    /* must be present (it may still be empty text) */
	bool in_path;		    /* a ":name" segment of the route pattern */
	int64_t min, max;	    /* PARAM_INT range, used when min < max */
	const char *const *choices; /* PARAM_ENUM: NULL-terminated list */
	/* issue 6c: a family of form fields. When many > 0, name is a prefix ("c_")
	 * and every field whose name starts with it (and goes on) is taken, each
	 * checked by type and max_len, at most many of them (request_fields). The
	 * route then accepts PARAMS_DEFAULT_MAX + many fields in all, never more
	 * than PARAMS_HARD_MAX. */
	int many;
};

enum {
	PARAMS_DEFAULT_MAX = 100, /* fields of one request without a family */
	PARAMS_HARD_MAX = 4000,	  /* fields of one request, whatever the route declares */
};

/* One field of a family (param_spec.many). */
struct param_field {
	const char *name; /* the whole name as sent ("c_12_psc") */
	const char *rest; /* the part after the prefix ("12_psc") */
	const char *text; /* the value, checked like a PARAM_TEXT of the spec */
};

/* A validated value. Which member holds it depends on the spec's type. */
struct param_value {
	bool present;		    /* sent with the request (path parameters always are) */
	int64_t i;		    /* PARAM_INT */
	const char *text;	    /* PARAM_TEXT and the raw text of every type; "" when absent */
	bool b;			    /* PARAM_BOOL */
	struct date d;		    /* PARAM_DATE */
	int choice;		    /* PARAM_ENUM: index into choices */
	struct param_field *fields; /* a family (spec.many > 0): the fields sent */
	size_t nfields;		    /* used in fields */
};

enum { RESP_HEADERS_MAX = 12 };

struct response {
	int status;		  /* 200 unless set */
	const char *content_type; /* a literal; NULL = text/html; charset=utf-8 */
	struct strbuf body;	  /* the body; capped at RESP_BODY_MAX */
	struct {
		const char *name;  /* a literal */
		const char *value; /* arena copy, checked for CR/LF */
	} headers[RESP_HEADERS_MAX];
	size_t nheaders; /* used entries of headers */
	bool cacheable;	 /* static assets: may be cached; else no-store */
};

enum { RESP_BODY_MAX = 16 * 1024 * 1024 };

/* issue 7b: one file part of a multipart body (see request.uploads). */
struct upload_part {
	const char *name; /* the file name as sent, "" when none */
	const char *data; /* its bytes (inside the request body) */
	size_t len;	  /* bytes in data */
};

struct request {
	struct arena arena;		/* everything below that is not inline */
	struct app *app;		/* the application */
	const struct web_server *srv;	/* the server */
	const struct web_options *opts; /* the server's settings */
	void *conn;			/* the libmicrohttpd connection (server.c only) */
	enum http_method method;	/* HEAD is routed as GET */
	const char *raw_uri;		/* as received, path and query */
	const char *path;		/* decoded path, "/" at least */
	char **segs;			/* decoded path segments */
	size_t nsegs;			/* count of segs */
	const char *query;		/* raw query string without '?', "" when none */
	struct strbuf body;		/* request body, capped by the route */
	bool body_too_big;		/* the body passed its cap */
	const struct route *route;	/* the matched route; NULL = none */
	struct param_value *params;	/* parallel to route->params */
	const char *csrf_sent;		/* the "csrf" form field, NULL when absent */
	char client_ip[46];		/* peer address */
	bool started;			/* headers seen (server.c) */
	bool answered;			/* a response was queued (server.c) */
	unsigned char csrf_secret[32];	/* the CSRF secret in use (csrf.c) */
	bool csrf_secret_set;		/* csrf_secret is valid */

	struct store_conn *db;			 /* taken for the handler, given back after */
	bool signed_in;				 /* user is valid */
	bool bearer;				 /* authenticated by an API token (no cookies) */
	struct user user;			 /* the signed-in user, re-read on every request */
	struct session session;			 /* the session (cookie sign-in only) */
	bool has_estab;				 /* estab is the route's :laestab, access checked */
	struct establishment estab;		 /* resolved and authorised establishment */
	int estab_read;				 /* the :laestab read with the session, 0 = none */
	struct session_school estab_read_school; /* what was read of it then */
	int own_estab_read;			 /* scope_own_school: 0 not yet, 1 found, -1 none */
	struct establishment own_estab;		 /* ... the signed-in user's school */

	struct response resp; /* what goes back */

	/* issue 4b: the file part of a multipart/form-data body (RF_UPLOAD routes). */
	const char *upload;	 /* its bytes with a NUL added; NULL when none was sent */
	size_t upload_len;	 /* bytes in upload */
	const char *upload_name; /* the file name as sent, "" when none */

	/* issue 7b: every file part in the order sent (RF_UPLOADS routes take
	 * several, other RF_UPLOAD routes one). The bytes point into the body and
	 * are not NUL-terminated; upload above is a terminated copy of the first. */
	struct upload_part *uploads;
	size_t nuploads;

	/* issue 7e: watches an RF_UPLOADS body's file parts as it arrives, so a
	 * file over the limit stops the reading (server.c); NULL when unwatched. */
	struct multipart_watch *watch;
};

/* ---- parameters (declared by the route; asking for an undeclared name is a BUG) */

/* Whether the parameter was sent (path parameters always are). */
bool request_has(const struct request *req, const char *name);
int64_t request_int(const struct request *req, const char *name);
/* "" when absent; owned by the request. */
const char *request_text(const struct request *req, const char *name);
bool request_bool(const struct request *req, const char *name);
struct date request_date(const struct request *req, const char *name);
/* Index into the spec's choices; -1 when absent. */
int request_enum(const struct request *req, const char *name);
/* The fields of the family declared with prefix name (param_spec.many), in the
 * order sent; *out may be NULL when none. */
size_t request_fields(const struct request *req, const char *name, const struct param_field **out);

/* Checks and converts the path, query and form parameters against the route's
 * declarations into req->params. Unknown, duplicate, over-long, malformed and
 * missing required parameters are refused: false with a message for a 400. The
 * "csrf" field is taken out of a form body on state-changing routes. */
bool request_parse_params(struct request *req, char *msg, size_t msglen);
/* The decoded path segment of the route's ":name" (before any check of it);
 * NULL when the route's pattern has none. */
const char *request_path_segment(const struct request *req, const char *name);
/* The value of query parameter name as sent (not decoded, before any check of
 * it) into buf, when it has one of at most cap - 1 bytes; false otherwise. */
bool request_query_raw(const struct request *req, const char *name, char *buf, size_t cap);

/* Splits and percent-decodes a raw URI into req->path, segs and query. False
 * (with a message) for a malformed path: bad escapes, NUL, invalid UTF-8, an
 * escaped '/' or '\\'. */
bool request_parse_uri(struct request *req, const char *uri, char *msg, size_t msglen);

/* ---- request headers and cookies (implemented in server.c) */

/* The value of a request header (case-insensitive name); NULL when absent. */
const char *request_header(const struct request *req, const char *name);
/* The value of a cookie; NULL when absent. */
const char *request_cookie(const struct request *req, const char *name);

/* ---- the response */

void resp_status(struct request *req, int status);
/* The body being written (HTML through html.h, JSON through json_write.h). */
struct strbuf *resp_body(struct request *req);
/* content_type must be a literal. */
void resp_content_type(struct request *req, const char *content_type);
/* Adds a header; value is copied. Values with CR or LF are refused (BUG). */
void resp_header(struct request *req, const char *name, const char *value);
/* 303 See Other to a local path ("/..."); anything else goes to "/". */
void resp_redirect(struct request *req, const char *local_path);
/* A text/plain body. */
void resp_text(struct request *req, int status, const char *text);
/* A JSON body {"error": message}. */
void resp_json_error(struct request *req, int status, const char *message);
/* Starts a JSON body (application/json; charset=utf-8) of the given status. */
void resp_json_begin(struct request *req, int status);
/* Drops whatever body and headers were set so far (before an error page). */
void resp_reset(struct request *req);

#endif
