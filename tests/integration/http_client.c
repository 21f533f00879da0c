/*
 * http_client: libcurl helpers and the test world for the integration tests
 * (see http_client.h). Test code: aborts through cmocka's assertions on setup
 * failures instead of returning errors.
 */
#include "http_client.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "testutil/testutil.h"
#include "app/account.h"
#include "app/app.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/upn.h"
#include "store/store.h"
#include "web/server.h"

enum { MARKERS_MAX = 64, BODY_MAX = 32 * 1024 * 1024 };

struct http_client {
	CURLSH *share;		      /* the cookie jar, shared by each request's handle */
	CURL *curl;		      /* a handle on the jar, for reading and planting cookies */
	int port;		      /* server port */
	char *forbidden[MARKERS_MAX]; /* canary markers this client must not see */
	int nforbidden;		      /* used entries */
	int leaks;		      /* responses that contained one */
};

static int curl_ready;

static CURL *handle_new(struct http_client *c)
{
	CURL *h = curl_easy_init();
	assert_non_null(h);
	curl_easy_setopt(h, CURLOPT_SHARE, c->share);
	curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
	return h;
}

struct http_client *http_client_new(int port)
{
	struct http_client *c = xcalloc(1, sizeof(*c));
	if (!curl_ready) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		curl_ready = 1;
	}
	c->share = curl_share_init();
	assert_non_null(c->share);
	curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
	c->curl = handle_new(c);
	c->port = port;
	return c;
}

void http_client_free(struct http_client *c)
{
	if (!c)
		return;
	curl_easy_cleanup(c->curl);
	curl_share_cleanup(c->share);
	for (int i = 0; i < c->nforbidden; i++)
		free(c->forbidden[i]);
	free(c);
}

void http_client_forbid(struct http_client *c, const char *marker)
{
	assert_true(c->nforbidden < MARKERS_MAX);
	c->forbidden[c->nforbidden++] = xstrdup(marker);
}

int http_client_leaks(const struct http_client *c)
{
	return c->leaks;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct strbuf *sb = ud;
	return strbuf_add(sb, p, size * n) ? size * n : 0;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct strbuf *sb = ud;
	/* A new status line starts a new response (after a 100 Continue). */
	if (size * n >= 5 && strncmp(p, "HTTP/", 5) == 0)
		strbuf_reset(sb);
	strbuf_add(sb, p, size * n);
	return size * n;
}

static void canary_check(struct http_client *c, const char *path, const struct http_response *r)
{
	for (int i = 0; i < c->nforbidden; i++) {
		if ((r->body && strstr(r->body, c->forbidden[i])) ||
		    (r->headers && strstr(r->headers, c->forbidden[i]))) {
			fprintf(stderr, "CANARY LEAK: %s seen in the response to %s\n",
				c->forbidden[i], path);
			c->leaks++;
		}
	}
}

struct http_response http_request(struct http_client *c, const char *method, const char *path,
				  const char *const *extra_headers, const char *content_type,
				  const char *body, size_t body_len)
{
	struct http_response r = { 0 };
	struct strbuf hb, bb;
	struct curl_slist *hl = NULL;
	char url[2048], ct[256];
	CURL *h = handle_new(c);

	strbuf_init(&hb, 1024 * 1024);
	strbuf_init(&bb, BODY_MAX);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", c->port, path);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &bb);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &hb);
	hl = curl_slist_append(hl, "Expect:");
	for (int i = 0; extra_headers && extra_headers[i]; i++)
		hl = curl_slist_append(hl, extra_headers[i]);
	if (content_type) {
		snprintf(ct, sizeof(ct), "Content-Type: %s", content_type);
		hl = curl_slist_append(hl, ct);
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
	if (strcmp(method, "GET") == 0) {
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	} else if (strcmp(method, "HEAD") == 0) {
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	} else {
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
		if (body || strcmp(method, "POST") == 0) {
			curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
			curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "");
		}
	}
	r.curl_code = (int)curl_easy_perform(h);
	if (r.curl_code == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(h);
	r.headers = strbuf_detach(&hb, NULL);
	r.body = strbuf_detach(&bb, &r.body_len);
	canary_check(c, path, &r);
	return r;
}

struct http_response http_get(struct http_client *c, const char *path)
{
	return http_request(c, "GET", path, NULL, NULL, NULL, 0);
}

struct http_response http_post_form(struct http_client *c, const char *path, const char *form)
{
	return http_request(c, "POST", path, NULL, "application/x-www-form-urlencoded", form,
			    strlen(form));
}

void http_response_free(struct http_response *r)
{
	free(r->headers);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

/* Calls fn for each "Name: value" line of the header block until it returns
 * true; returns that line's value (malloc'd) or NULL. */
static char *header_find(const struct http_response *r, const char *name, const char *needle)
{
	const char *p = r->headers;
	size_t nlen = strlen(name);

	while (p && *p) {
		const char *eol = strstr(p, "\r\n");
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (len > nlen && strncasecmp(p, name, nlen) == 0 && p[nlen] == ':') {
			const char *v = p + nlen + 1;
			while (*v == ' ')
				v++;
			char *value = xstrndup(v, len - (size_t)(v - p));
			if (!needle || strstr(value, needle))
				return value;
			free(value);
		}
		p = eol ? eol + 2 : NULL;
	}
	return NULL;
}

char *http_header(const struct http_response *r, const char *name)
{
	return header_find(r, name, NULL);
}

bool http_header_has(const struct http_response *r, const char *name, const char *needle)
{
	char *v = header_find(r, name, needle);
	free(v);
	return v != NULL;
}

static char *html_unescape(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	static const struct {
		const char *ent;
		char c;
	} ents[] = { { "&amp;", '&' },
		     { "&lt;", '<' },
		     { "&gt;", '>' },
		     { "&quot;", '"' },
		     { "&#39;", '\'' } };
	for (size_t i = 0; i < n;) {
		size_t k;
		for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
			size_t el = strlen(ents[k].ent);
			if (i + el <= n && strncmp(s + i, ents[k].ent, el) == 0) {
				strbuf_addc(&sb, ents[k].c);
				i += el;
				break;
			}
		}
		if (k == sizeof(ents) / sizeof(ents[0]))
			strbuf_addc(&sb, s[i++]);
	}
	return strbuf_detach(&sb, NULL);
}

char *http_form_value(const char *html, const char *name)
{
	char pat[128];
	const char *p, *tag_end, *v, *q;

	snprintf(pat, sizeof(pat), "name=\"%s\"", name);
	p = html ? strstr(html, pat) : NULL;
	if (!p)
		return NULL;
	tag_end = strchr(p, '>');
	v = strstr(p, "value=\"");
	if (!v || (tag_end && v > tag_end))
		return xstrdup("");
	v += 7;
	q = strchr(v, '"');
	if (!q)
		return NULL;
	return html_unescape(v, (size_t)(q - v));
}

char *http_cookie(struct http_client *c, const char *name)
{
	struct curl_slist *list = NULL;
	char *found = NULL;

	if (curl_easy_getinfo(c->curl, CURLINFO_COOKIELIST, &list) != CURLE_OK)
		return NULL;
	for (struct curl_slist *it = list; it && !found; it = it->next) {
		/* domain, tailmatch, path, secure, expires, name, value */
		char *fields[7] = { 0 };
		char *line = xstrdup(it->data), *s = line;
		int k = 0;
		while (k < 7) {
			fields[k++] = s;
			s = strchr(s, '\t');
			if (!s)
				break;
			*s++ = '\0';
		}
		if (k == 7 && strcmp(fields[5], name) == 0)
			found = xstrdup(fields[6]);
		free(line);
	}
	curl_slist_free_all(list);
	return found;
}

void http_cookie_set(struct http_client *c, const char *name, const char *value)
{
	char line[512];
	snprintf(line, sizeof(line), "127.0.0.1\tFALSE\t/\tFALSE\t0\t%s\t%s", name, value);
	curl_easy_setopt(c->curl, CURLOPT_COOKIELIST, line);
}

char *http_form_escape(const char *s)
{
	char *e = curl_easy_escape(NULL, s, 0);
	char *out = xstrdup(e);
	curl_free(e);
	return out;
}

/* ---- the test world */

const char world_password[] = "correct horse battery staple";
const char world_security_code[] = "29470";

/* Unique markers: each school's name and its pupils' surnames carry one. */
static const char *const markers[SCHOOL__MAX] = { "QZXA", "QZXB", "QZXC" };

/* Who sees which school, from DESIGN.md's role table (not from access.c). */
static const bool sees[U__MAX][SCHOOL__MAX] = {
	[U_TEACHER_A] = { true, false, false }, [U_ADMIN_A] = { true, false, false },
	[U_TEACHER_B] = { false, true, false }, [U_MAT] = { true, false, true },
	[U_LA1] = { true, true, false },	[U_SYSADMIN] = { true, true, true },
	[U_NEWBIE_A] = { true, false, false },
};

enum { PUPILS_PER_SCHOOL = 3 };

/* UPNs of the world's pupils, for the canary. */
static char world_upns[SCHOOL__MAX][PUPILS_PER_SCHOOL][14];

const char *world_marker(enum world_school s)
{
	return markers[s];
}

bool world_user_sees(enum world_user u, enum world_school s)
{
	return sees[u][s];
}

static int64_t world_now(void *ctx)
{
	struct world *w = ctx;
	return atomic_load(&w->clock);
}

void world_advance(struct world *w, int64_t seconds)
{
	atomic_fetch_add(&w->clock, seconds);
}

/* One argon2id hash of world_password for every user: hashing is slow on
 * purpose, and the tests need many users. */
static const char *password_hash(void)
{
	static struct user hashed;
	struct errbuf eb = { "" };
	if (!hashed.pw_hash[0])
		assert_int_equal(account_password_set(&hashed, world_password, &eb), ERR_OK);
	return hashed.pw_hash;
}

static void make_upn(int la, int estab, int serial, char out[14])
{
	char body[32], letter = '?';
	snprintf(body, sizeof(body), "%03u%04u24%03u", (unsigned)la % 1000, (unsigned)estab % 10000,
		 (unsigned)serial % 1000);
	assert_int_equal(strlen(body), 12);
	assert_true(upn_check_letter(body, &letter));
	out[0] = letter;
	memcpy(out + 1, body, 12);
	out[13] = '\0';
	assert_true(upn_valid(out));
}

static void add_user(struct world *w, struct store_conn *c, enum world_user id,
		     const char *username, const char *name, enum role role, int64_t estab,
		     int64_t trust, int64_t la)
{
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct user *u = &w->user[id];

	memset(u, 0, sizeof(*u));
	snprintf(u->username, sizeof(u->username), "%s", username);
	snprintf(u->display_name, sizeof(u->display_name), "%s", name);
	u->role = role;
	u->establishment_id = estab;
	u->trust_id = trust;
	u->la_id = la;
	snprintf(u->pw_hash, sizeof(u->pw_hash), "%s", password_hash());
	u->created_at = atomic_load(&w->clock);
	if (account_security_code_set(w->app, u, world_security_code, &eb) != ERR_OK)
		fail_msg("account_security_code_set: %s", eb.msg);
	u->sc_shown = true;
	if (id == U_NEWBIE_A) {
		u->must_change_password = true;
		u->pw_expires_at = u->created_at + 72 * 3600;
		u->sc_shown = false;
	}
	if (store_user_add(c, &who, u, &eb) != ERR_OK)
		fail_msg("store_user_add %s: %s", username, eb.msg);
}

static void add_school(struct world *w, struct store_conn *c, enum world_school s, int64_t la_id,
		       int estab, const char *name, int64_t trust_id)
{
	static const char *const forenames[PUPILS_PER_SCHOOL] = { "Amy", "Ben", "Cara" };
	static const char *const surnames[PUPILS_PER_SCHOOL] = { "Ashworth", "Brook",
								 "<script>alert(1)</script>" };
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct establishment *e = &w->school[s];

	memset(e, 0, sizeof(*e));
	e->la_id = la_id;
	e->estab = estab;
	e->urn = 100000 + estab;
	e->trust_id = trust_id;
	snprintf(e->name, sizeof(e->name), "%s %s", name, markers[s]);
	if (store_establishment_add(c, &who, e, &eb) != ERR_OK)
		fail_msg("store_establishment_add: %s", eb.msg);
	w->laestab[s] = establishment_laestab(e);
	for (int i = 0; i < PUPILS_PER_SCHOOL; i++) {
		struct pupil p;
		memset(&p, 0, sizeof(p));
		p.establishment_id = e->id;
		make_upn(e->la_code, estab, i + 1, p.upn);
		snprintf(world_upns[s][i], sizeof(world_upns[s][i]), "%s", p.upn);
		snprintf(p.surname, sizeof(p.surname), "%s-%s", surnames[i], markers[s]);
		snprintf(p.forenames, sizeof(p.forenames), "%s", forenames[i]);
		p.dob = (struct date){ 2019, 10, 1 + i };
		p.gender = i % 2 ? GENDER_MALE : GENDER_FEMALE;
		p.sen = 'N';
		p.class_no = 1 + i;
		p.year_override = YEAR_NONE;
		p.include_in_data = true;
		if (store_pupil_add(c, &who, &p, &eb) != ERR_OK)
			fail_msg("store_pupil_add: %s", eb.msg);
	}
}

struct world *world_new(const struct web_options *o)
{
	struct world *w = xcalloc(1, sizeof(*w));
	struct app_config cfg;
	struct web_options opts;
	struct errbuf eb = { "" };
	struct actor who = { 0, "test", "" };
	struct store_conn *c;
	struct la la1 = { .code = 888 }, la2 = { .code = 777 };
	struct trust t;
	char *url = tu_fresh_db_url("web");
	char key[1024];

	w->dir = tu_temp_dir("web");
	snprintf(key, sizeof(key), "%s/server.key", w->dir);
	memset(&cfg, 0, sizeof(cfg));
	cfg.db_url = url;
	cfg.key_path = key;
	if (app_open(&cfg, &w->app, &eb) != ERR_OK)
		fail_msg("app_open: %s", eb.msg);
	free(url);
	if (store_migrate(w->app->store, NULL, &eb) != ERR_OK)
		fail_msg("store_migrate: %s", eb.msg);
	atomic_store(&w->clock, 1750000000); /* 2025-06-15, summer term of 2024/25 */
	w->app->now = world_now;
	w->app->now_ctx = w;

	c = store_acquire(w->app->store);
	snprintf(la1.name, sizeof(la1.name), "Northshire");
	snprintf(la2.name, sizeof(la2.name), "Southshire");
	memset(&t, 0, sizeof(t));
	snprintf(t.name, sizeof(t.name), "Oak Learning Trust");
	if (store_la_add(c, &who, &la1, &eb) != ERR_OK ||
	    store_la_add(c, &who, &la2, &eb) != ERR_OK ||
	    store_trust_add(c, &who, &t, &eb) != ERR_OK)
		fail_msg("adding LAs and the trust: %s", eb.msg);
	w->la_id[0] = la1.id;
	w->la_id[1] = la2.id;
	w->trust_id = t.id;
	add_school(w, c, SCHOOL_A, la1.id, 2001, "Alder Primary", t.id);
	add_school(w, c, SCHOOL_B, la1.id, 2002, "Birch Infants", 0);
	add_school(w, c, SCHOOL_C, la2.id, 3001, "Cedar Academy", t.id);
	add_user(w, c, U_TEACHER_A, "tess.a", "Tess Teacher", ROLE_TEACHER, w->school[SCHOOL_A].id,
		 0, 0);
	add_user(w, c, U_ADMIN_A, "adam.a", "Adam Admin", ROLE_SCHOOL_ADMIN, w->school[SCHOOL_A].id,
		 0, 0);
	add_user(w, c, U_TEACHER_B, "bea.b", "Bea Teacher", ROLE_TEACHER, w->school[SCHOOL_B].id, 0,
		 0);
	add_user(w, c, U_MAT, "mo.mat", "Mo Trust", ROLE_MAT_ADMIN, 0, t.id, 0);
	add_user(w, c, U_LA1, "lee.la", "Lee Officer", ROLE_LA_OFFICER, 0, 0, la1.id);
	add_user(w, c, U_SYSADMIN, "sam.sys", "Sam Sysadmin", ROLE_SYSADMIN, 0, 0, 0);
	add_user(w, c, U_NEWBIE_A, "nat.new", "Nat Newbie", ROLE_TEACHER, w->school[SCHOOL_A].id, 0,
		 0);
	store_release(c);

	if (o) {
		opts = *o;
	} else {
		web_options_init(&opts);
		opts.threads = 2;
	}
	opts.host = "127.0.0.1";
	opts.port = 0;
	if (web_start_opts(w->app, &opts, &w->srv, &eb) != ERR_OK)
		fail_msg("web_start: %s", eb.msg);
	w->port = web_port(w->srv);
	assert_true(w->port > 0);
	return w;
}

void world_free(struct world *w)
{
	if (!w)
		return;
	web_stop(w->srv);
	app_free(w->app);
	free(w->dir);
	free(w);
}

struct http_client *world_client(struct world *w, enum world_user u)
{
	struct http_client *c = http_client_new(w->port);
	for (int s = 0; s < SCHOOL__MAX; s++) {
		if (u < U__MAX && sees[u][s])
			continue;
		http_client_forbid(c, markers[s]);
		for (int i = 0; i < PUPILS_PER_SCHOOL; i++)
			http_client_forbid(c, world_upns[s][i]);
	}
	return c;
}

struct http_client *world_client_as(struct world *w, enum world_user u)
{
	struct http_client *c = world_client(w, u);
	char text[TOKEN_TEXT_LEN + 1];
	struct session s;
	struct store_conn *db;

	if (u >= U__MAX)
		return c;
	memset(&s, 0, sizeof(s));
	account_token_new(text, s.hash);
	randombytes_buf(s.csrf, sizeof(s.csrf));
	s.user_id = w->user[u].id;
	s.created_at = s.last_seen = atomic_load(&w->clock);
	db = store_acquire(w->app->store);
	assert_int_equal(store_session_add(db, &s), ERR_OK);
	store_release(db);
	http_cookie_set(c, "pt_session", text);
	return c;
}

char *world_csrf(struct http_client *c, const char *path)
{
	struct http_response r = http_get(c, path);
	char *tok = http_form_value(r.body, "csrf");
	http_response_free(&r);
	assert_non_null(tok);
	return tok;
}

void world_pupil_save(struct world *w, struct pupil *p)
{
	struct store_conn *c = store_acquire(w->app->store);
	struct errbuf eb = { "" };

	if (store_pupil_update(c, &(struct actor){ 0, "test", "" }, p, &eb) != ERR_OK)
		fail_msg("saving pupil %s: %s", p->upn, eb.msg);
	store_release(c);
}

bool hc_digit_positions(const char *html, int pos[2])
{
	const char *p = html;

	for (int i = 0; i < 2; i++) {
		p = p ? strstr(p, "Digit ") : NULL;
		if (!p || p[6] < '1' || p[6] > '5')
			return false;
		pos[i] = p[6] - '0';
		p += 7;
	}
	return true;
}

struct http_response hc_sign_in(struct http_client *c, const char *username, const char *password,
				const char *code, const char *totp)
{
	char *tok = world_csrf(c, "/sign-in");
	char *user = http_form_escape(username), *pw = http_form_escape(password);
	char *pending = NULL, *csrf = NULL;
	struct strbuf form = STRBUF_INIT;
	struct http_response r;
	int pos[2];

	strbuf_addf(&form, "username=%s&password=%s&csrf=%s", user, pw, tok);
	r = http_post_form(c, "/sign-in", strbuf_str(&form));
	if (r.status != 200 || !(pending = http_form_value(r.body, "pending")))
		goto out;
	csrf = http_form_value(r.body, "csrf");
	assert_non_null(csrf);
	strbuf_reset(&form);
	strbuf_addf(&form, "csrf=%s&pending=%s", csrf, pending);
	if (strstr(r.body, "name=\"d1\"")) {
		assert_true(hc_digit_positions(r.body, pos));
		assert_non_null(code);
		strbuf_addf(&form, "&d1=%c&d2=%c", code[pos[0] - 1], code[pos[1] - 1]);
	}
	if (totp && strstr(r.body, "name=\"totp\""))
		strbuf_addf(&form, "&totp=%s", totp);
	http_response_free(&r);
	r = http_post_form(c, "/sign-in/code", strbuf_str(&form));
out:
	strbuf_release(&form);
	free(pending);
	free(csrf);
	free(tok);
	free(user);
	free(pw);
	return r;
}

long world_sign_in(struct world *w, struct http_client *c, enum world_user u)
{
	struct http_response r =
		hc_sign_in(c, w->user[u].username, world_password, world_security_code, NULL);
	long status = r.status;

	http_response_free(&r);
	return status;
}

struct http_response http_post_multipart(struct http_client *c, const char *path,
					 const char *const *extra_headers,
					 const struct http_part *parts, size_t n)
{
	static const char boundary[] = "----pupiltrackTestBoundary";
	struct strbuf sb = STRBUF_INIT;
	struct http_response r;
	char ct[128];

	for (size_t i = 0; i < n; i++) {
		const struct http_part *p = &parts[i];
		size_t len = p->len || p->filename ? p->len : strlen(p->data);
		strbuf_addf(&sb, "--%s\r\nContent-Disposition: form-data; name=\"%s\"", boundary,
			    p->name);
		if (p->filename)
			strbuf_addf(&sb,
				    "; filename=\"%s\"\r\nContent-Type: application/octet-stream",
				    p->filename);
		strbuf_adds(&sb, "\r\n\r\n");
		strbuf_add(&sb, p->data, len);
		strbuf_adds(&sb, "\r\n");
	}
	strbuf_addf(&sb, "--%s--\r\n", boundary);
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", boundary);
	r = http_request(c, "POST", path, extra_headers, ct, sb.buf, sb.len);
	strbuf_release(&sb);
	return r;
}

static void fixture_replace(char *text, const char *tag, const char *from, const char *to)
{
	char open[32], *at;

	snprintf(open, sizeof(open), "<%s>%s</%s>", tag, from, tag);
	at = strstr(text, open);
	assert_non_null(at);
	assert_int_equal(strlen(to), strlen(from));
	memcpy(at + strlen(tag) + 2, to, strlen(to));
}

char *world_fixture_from(const char *rel, const char *lea, const char *estab, size_t *len)
{
	char *path = tu_shared_path(rel);
	char *text = tu_read_file(path, len);

	if (!text)
		fail_msg("cannot read %s", path);
	free(path);
	if (lea)
		fixture_replace(text, "LEA", "888", lea);
	if (estab)
		fixture_replace(text, "Estab", "1234", estab);
	return text;
}

long long world_request_new(struct http_client *la, const char *fields)
{
	char *csrf = world_csrf(la, "/la/requests/new");
	struct strbuf form = STRBUF_INIT;
	struct http_response r;
	long long id = 0;
	char *loc;

	strbuf_addf(&form, "csrf=%s&year=2025&deadline_date=2026-06-26&deadline_time=17%%3A00&%s",
		    csrf, fields);
	r = http_post_form(la, "/la/requests", form.buf);
	assert_int_equal(r.status, 303);
	loc = http_header(&r, "Location");
	assert_non_null(loc);
	assert_int_equal(sscanf(loc, "/la/requests/%lld", &id), 1);
	free(loc);
	free(csrf);
	strbuf_release(&form);
	http_response_free(&r);
	return id;
}

size_t world_request_files(struct world *w, int64_t id, int64_t school_id)
{
	struct store_conn *c = store_acquire(w->app->store);
	struct received_file *list = NULL;
	size_t n = 0;

	assert_int_equal(store_received_file_list(c, id, school_id, &list, &n), ERR_OK);
	free(list);
	store_release(c);
	return n;
}

char *hc_download_to(struct http_client *c, const char *path, const char *dir, const char *name)
{
	struct http_response r = http_get(c, path);
	size_t size = strlen(dir) + strlen(name) + 2;
	char *file = xmalloc(size);
	FILE *fp;

	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, "PK", 2);
	snprintf(file, size, "%s/%s", dir, name);
	fp = fopen(file, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(r.body, 1, r.body_len, fp), r.body_len);
	fclose(fp);
	http_response_free(&r);
	return file;
}

char *hc_unzip_member(const char *file, const char *member)
{
	struct strbuf out = STRBUF_INIT;
	char cmd[1024], chunk[4096];
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "unzip -p '%s' '%s'", file, member);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		strbuf_add(&out, chunk, n);
	assert_int_equal(pclose(p), 0);
	return strbuf_detach(&out, NULL);
}
