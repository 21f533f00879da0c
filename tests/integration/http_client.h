/*
 * http_client: what the integration tests use to speak HTTP to a real server on
 * 127.0.0.1 (libcurl with an in-memory cookie jar, redirects not followed) and
 * the test world they speak to: a fresh database with LAs, a trust, schools,
 * pupils and users of every role, and a server started on port 0. Every body a
 * client receives is scanned for the canary markers of schools that client's
 * user may not see.
 */
#ifndef PT_TESTS_HTTP_CLIENT_H
#define PT_TESTS_HTTP_CLIENT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"

struct app;
struct web_server;
struct web_options;

struct http_response {
	long status;	 /* HTTP status, 0 when the transfer failed */
	int curl_code;	 /* CURLcode of the transfer */
	char *headers;	 /* raw header block of the final response */
	char *body;	 /* NUL-terminated body */
	size_t body_len; /* bytes in body */
};

struct http_client;

/* A client for http://127.0.0.1:port with its own cookie jar. */
struct http_client *http_client_new(int port);
void http_client_free(struct http_client *c);
/* Registers a marker that must never appear in a response this client gets. */
void http_client_forbid(struct http_client *c, const char *marker);
/* How many responses contained a forbidden marker so far. */
int http_client_leaks(const struct http_client *c);
/* Sends without cookies from the jar (and keeps none) when false. */
void http_client_use_cookies(struct http_client *c, bool on);

/* The general request. extra_headers: NULL-terminated "Name: value" lines or
 * NULL. body may be NULL. The path is sent exactly as given (no "..").
 * Returns the response (free with http_response_free). */
struct http_response http_request(struct http_client *c, const char *method, const char *path,
				  const char *const *extra_headers, const char *content_type,
				  const char *body, size_t body_len);
struct http_response http_get(struct http_client *c, const char *path);
/* POST application/x-www-form-urlencoded. */
struct http_response http_post_form(struct http_client *c, const char *path, const char *form);
void http_response_free(struct http_response *r);

/* Value of the first response header called name (case-insensitive), or NULL.
 * The caller frees. */
char *http_header(const struct http_response *r, const char *name);
/* Whether any header line called name contains needle. */
bool http_header_has(const struct http_response *r, const char *name, const char *needle);
/* The value attribute of <input name="NAME" ...> in an HTML body; caller frees. */
char *http_form_value(const char *html, const char *name);
/* The value of a cookie in the client's jar; NULL when none. The caller frees. */
char *http_cookie(struct http_client *c, const char *name);
/* Puts a cookie into the jar (e.g. an old session token). */
void http_cookie_set(struct http_client *c, const char *name, const char *value);
/* Percent-encodes s for a form; the caller frees. */
char *http_form_escape(const char *s);

/* ---- the test world */

enum world_school { SCHOOL_A, SCHOOL_B, SCHOOL_C, SCHOOL__MAX };
enum world_user {
	U_TEACHER_A, /* teacher at A */
	U_ADMIN_A,   /* school admin at A */
	U_TEACHER_B, /* teacher at B */
	U_MAT,	     /* MAT admin of trust T (A and C) */
	U_LA1,	     /* LA officer of LA 1 (A and B) */
	U_SYSADMIN,  /* everything */
	U_NEWBIE_A,  /* teacher at A who must change a one-time password */
	U__MAX
};

struct world {
	struct app *app;			  /* the app under test */
	struct web_server *srv;			  /* the server, on 127.0.0.1:port */
	int port;				  /* bound port */
	_Atomic int64_t clock;			  /* the app's clock (Unix seconds) */
	char *dir;				  /* temp dir (key file, static files) */
	int64_t la_id[2];			  /* LA 1 (888) and LA 2 (777) */
	int64_t trust_id;			  /* trust T */
	struct establishment school[SCHOOL__MAX]; /* A (LA 1, T), B (LA 1), C (LA 2, T) */
	int laestab[SCHOOL__MAX];		  /* their LAESTABs */
	struct user user[U__MAX];		  /* the users, as stored */
};

/* Every user's password in the world. */
extern const char world_password[];
/* The canary marker of a school: in its name and its pupils' names. */
const char *world_marker(enum world_school s);
/* Whether a user may see a school (the expected answer, independent of access.c). */
bool world_user_sees(enum world_user u, enum world_school s);

/* Builds a world on a fresh database (PT_DB picks the backend) and starts the
 * server with o (NULL = defaults). Aborts the test on failure. */
struct world *world_new(const struct web_options *o);
void world_free(struct world *w);
/* Moves the app clock forward. */
void world_advance(struct world *w, int64_t seconds);
/* A client for the world that is forbidden the markers of the schools user u may
 * not see (no markers forbidden for U__MAX: an anonymous client is forbidden
 * all of them). */
struct http_client *world_client(struct world *w, enum world_user u);
/* world_client(w, u) already signed in as u without the sign-in pages: a session
 * made in the store as a sign-in makes it, its token in the pt_session cookie.
 * U__MAX: an anonymous client. */
struct http_client *world_client_as(struct world *w, enum world_user u);
/* THE sign-in helper (issue 3a): every test that signs in goes through this.
 * Step 1 posts username and password to /sign-in; when the answer is the second
 * step (a form with a "pending" field), step 2 posts to /sign-in/code the digits
 * of code that the page asks for ("Digit N" labels on fields d1 and d2), or just
 * continues when the page shows the code (first sign-in), adding totp (may be
 * NULL) when the page has an authenticator field. Returns the last response
 * (free it): 303 to "/", "/account/password" or "/account/totp" on success, else
 * the sign-in form with its message (422), or step 1's answer when there was no
 * second step (a blocked address, an expired one-time password). */
struct http_response hc_sign_in(struct http_client *c, const char *username, const char *password,
				const char *code, const char *totp);
/* The two digit positions (1..5) a security-code page asks for, in order; false
 * when html asks for none. */
bool hc_digit_positions(const char *html, int pos[2]);

/* Every world user's security code (nat.new has not seen it yet: sc_shown false). */
extern const char world_security_code[];
/* Signs c in as u with the world password and security code through hc_sign_in;
 * returns the final status (303 on success). */
long world_sign_in(struct world *w, struct http_client *c, enum world_user u);
/* Saves the changes of p (read from the store, with its version) through the
 * store, as another server process would; the test fails unless it is saved. */
void world_pupil_save(struct world *w, struct pupil *p);
/* The CSRF token of a page (GET path, then the csrf field); caller frees. */
char *world_csrf(struct http_client *c, const char *path);

/* ---- multipart bodies and file requests (the collection tests, issue 7) */

/* One part of a multipart/form-data body. */
struct http_part {
	const char *name;     /* the form field */
	const char *filename; /* a file part; NULL: a plain field */
	const char *data;     /* the field's value or the file's bytes */
	size_t len;	      /* bytes of data; 0 for a plain field: strlen(data) */
};
/* POSTs parts as multipart/form-data (extra_headers as http_request). */
struct http_response http_post_multipart(struct http_client *c, const char *path,
					 const char *const *extra_headers,
					 const struct http_part *parts, size_t n);
/* The shared fixture rel (a path under ../shared) made to come from another
 * school: "<LEA>888</LEA>" gets lea (3 digits) and "<Estab>1234</Estab>" estab
 * (4 digits); NULL keeps that one. *len gets the bytes; the caller frees. */
char *world_fixture_from(const char *rel, const char *lea, const char *estab, size_t *len);
/* The LA officer signed in on la creates a file request through the form:
 * fields (urlencoded: name, collection, schools ...) plus academic year 2025 and
 * the deadline 26/06/2026 17:00. Returns the new request's id. */
long long world_request_new(struct http_client *la, const char *fields);
/* How many files are stored for file request id from school school_id (0: from
 * every school). */
size_t world_request_files(struct world *w, int64_t id, int64_t school_id);

/* ---- downloaded files (XLSX read back) */

/* GETs path, which must answer 200 with a zip (an XLSX), into the file dir/name;
 * returns the file's path (caller frees). */
char *hc_download_to(struct http_client *c, const char *path, const char *dir, const char *name);
/* The member of the zip file at path, unzipped (unzip -p); the caller frees. */
char *hc_unzip_member(const char *file, const char *member);

#endif
