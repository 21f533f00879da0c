/*
 * test_access_matrix: the access matrix, generated from the route table
 * (routes_table()) and the policy table (access_need_of()). Every route x every
 * role (and an anonymous visitor) x five schools: own school, another school of
 * the same LA, a school of another LA, a school of the own trust, a school of
 * another trust. Each request goes over HTTP to the real server; the answer is
 * compared with what the policy row says, computed here from the fixture's
 * organisations (not by calling access_allowed):
 *
 *   refused, resource in the address (RF_ESTAB, RF_USER): 404, and the
 *            dispatcher logged the denial (so it was the policy, not a handler);
 *   refused, no resource: 403 and the denial logged;
 *   anonymous on a session route: the sign-in page (or 401 for the API);
 *   allowed: neither 401 nor 403, no sign-in redirect, no denial logged (a
 *            handler may still answer 404 for a placeholder object, see below);
 *            an allowed state-changing request that answers 2xx/3xx must have
 *            written an audit row (refused input answers 422, a change of
 *            nothing 409), except the few forms in audit_exempt().
 *
 * Path parameters are filled as follows; a route with a path parameter of an
 * unknown type fails the test (it cannot be exercised):
 *   :laestab          the column's school (and the required "establishment"
 *                     parameter of RF_ESTAB routes without :laestab, issue 4c)
 *   :user             a teacher account at the column's school
 *   :upn              a pupil of the column's school (text parameter)
 *   :pupil, and :id right after "pupils"  a pupil of the column's school (id)
 *   :id of an RF_ASSESSMENT route  an assessment of the column's school (the
 *                     school is the assessment's own, issue 5's /api/v1/assessments)
 *   anything else     a placeholder of the declared type (the smallest valid
 *                     integer, "x", the first choice, a date): the access
 *                     decision is made on the school before the handler runs
 *   "*" (RF_PREFIX)   "app.css"
 * Required query and form parameters get placeholders of their declared type;
 * state-changing requests carry the session's CSRF token. Each request uses a
 * fresh session, so signing out or changing accounts does not disturb the next.
 * A route whose action is ACT_NONE (no policy row) fails the test.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/app.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/access.h"
#include "core/calendar.h"
#include "core/upn.h"
#include "store/store.h"
#include "web/routes.h"

/* The five schools of the matrix. */
enum col { COL_OWN, COL_SAME_LA, COL_OTHER_LA, COL_OWN_TRUST, COL_OTHER_TRUST, COL__MAX };
static const char *const col_name[COL__MAX] = { "own school", "other school same LA",
						"school in another LA", "own trust school",
						"other trust school" };

/* The actors: one per role, all related to the own school A (LA 1, trust T). */
enum { ACTOR_ANON = ROLE__MAX, ACTOR__MAX };
static const enum world_user actor_user[ROLE__MAX] = {
	[ROLE_TEACHER] = U_TEACHER_A, [ROLE_SCHOOL_ADMIN] = U_ADMIN_A, [ROLE_MAT_ADMIN] = U_MAT,
	[ROLE_LA_OFFICER] = U_LA1,    [ROLE_SYSADMIN] = U_SYSADMIN,
};

struct matrix {
	struct world *w;
	struct establishment school[COL__MAX]; /* the columns */
	int64_t target[COL__MAX];	       /* a teacher account at each */
	int64_t pupil_id[COL__MAX];	       /* a pupil at each */
	int64_t assessment[COL__MAX];	       /* an assessment at each (never id 1) */
	char upn[COL__MAX][14];		       /* its UPN */
	int log_fd;			       /* stderr captured here */
	off_t log_pos;			       /* read so far */
	int saved_stderr;		       /* the real stderr */
	int mismatches;			       /* counted, reported at the end */
	int checked;			       /* requests compared */
};

static void make_upn(int la, int estab, int serial, char out[14])
{
	char body[32], letter = '?';
	snprintf(body, sizeof(body), "%03u%04u24%03u", (unsigned)la % 1000, (unsigned)estab % 10000,
		 (unsigned)serial % 1000);
	assert_true(upn_check_letter(body, &letter));
	out[0] = letter;
	memcpy(out + 1, body, 12);
	out[13] = '\0';
	assert_true(upn_valid(out));
}

static void school_add(struct store_conn *c, struct establishment *e, int64_t la_id, int estab,
		       const char *name, int64_t trust_id)
{
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };

	memset(e, 0, sizeof(*e));
	e->la_id = la_id;
	e->estab = estab;
	e->trust_id = trust_id;
	snprintf(e->name, sizeof(e->name), "%s", name);
	if (store_establishment_add(c, &who, e, &eb) != ERR_OK)
		fail_msg("adding %s: %s", name, eb.msg);
}

static void pupil_of(struct matrix *m, struct store_conn *c, enum col k)
{
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct pupil_query q;
	struct pupil *list = NULL, p;
	size_t n = 0;

	memset(&q, 0, sizeof(q));
	q.establishment_id = m->school[k].id;
	assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
	if (n == 0) {
		memset(&p, 0, sizeof(p));
		p.establishment_id = m->school[k].id;
		make_upn(m->school[k].la_code, m->school[k].estab, 1, p.upn);
		snprintf(p.surname, sizeof(p.surname), "Matrix");
		snprintf(p.forenames, sizeof(p.forenames), "Pat");
		p.dob = (struct date){ 2019, 11, 2 };
		p.gender = GENDER_FEMALE;
		p.sen = 'N';
		p.year_override = YEAR_NONE;
		p.include_in_data = true;
		if (store_pupil_add(c, &who, &p, &eb) != ERR_OK)
			fail_msg("adding a pupil: %s", eb.msg);
	} else {
		p = list[0];
	}
	free(list);
	m->pupil_id[k] = p.id;
	snprintf(m->upn[k], sizeof(m->upn[k]), "%s", p.upn);
}

/* An assessment of school e; its id. */
static int64_t assessment_of(struct store_conn *c, const struct establishment *e)
{
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct assessment a;

	memset(&a, 0, sizeof(a));
	a.establishment_id = e->id;
	a.academic_year = 2024;
	snprintf(a.name, sizeof(a.name), "Matrix Assessment");
	a.date = (struct date){ 2024, 10, 14 };
	a.year_groups = ASSESS_YG_R;
	a.kind = SCALE_TRACKING;
	if (store_assessment_add(c, &who, &a, &eb) != ERR_OK)
		fail_msg("adding an assessment: %s", eb.msg);
	return a.id;
}

static int setup(void **state)
{
	struct matrix *m = xcalloc(1, sizeof(*m));
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct store_conn *c;
	struct trust t2;
	struct world *w;

	m->w = w = world_new(NULL);
	c = store_acquire(w->app->store);
	memset(&t2, 0, sizeof(t2));
	snprintf(t2.name, sizeof(t2.name), "Rowan Schools Trust");
	assert_int_equal(store_trust_add(c, &who, &t2, &eb), ERR_OK);
	m->school[COL_OWN] = w->school[SCHOOL_A];	/* LA 1, trust T */
	m->school[COL_SAME_LA] = w->school[SCHOOL_B];	/* LA 1, no trust */
	m->school[COL_OWN_TRUST] = w->school[SCHOOL_C]; /* LA 2, trust T */
	school_add(c, &m->school[COL_OTHER_LA], w->la_id[1], 3002, "Damson Primary", 0);
	school_add(c, &m->school[COL_OTHER_TRUST], w->la_id[0], 2003, "Elm Academy", t2.id);
	/* The placeholder id 1 of the school paths' :id is an assessment of the own
	 * school, which those routes may change or delete; the columns' are others. */
	assessment_of(c, &m->school[COL_OWN]);
	for (int k = 0; k < COL__MAX; k++) {
		struct user u;
		memset(&u, 0, sizeof(u));
		snprintf(u.username, sizeof(u.username), "target.%d", k);
		snprintf(u.display_name, sizeof(u.display_name), "Target %d", k);
		snprintf(u.email, sizeof(u.email), "target.%d@example.org", k);
		u.role = ROLE_TEACHER;
		u.establishment_id = m->school[k].id;
		u.created_at = atomic_load(&w->clock);
		if (store_user_add(c, &who, &u, &eb) != ERR_OK)
			fail_msg("adding a target user: %s", eb.msg);
		m->target[k] = u.id;
		pupil_of(m, c, (enum col)k);
		m->assessment[k] = assessment_of(c, &m->school[k]);
		assert_true(m->assessment[k] != 1);
	}
	store_release(c);
	/* Mail sent by the routes goes to this run's own folder. */
	{
		size_t len = strlen(w->dir) + 16;
		char *outbox = xmalloc(len);
		snprintf(outbox, len, "%s/outbox", w->dir);
		free((char *)w->app->cfg.outbox_dir);
		w->app->cfg.outbox_dir = outbox;
	}
	*state = m;
	return 0;
}

static int teardown(void **state)
{
	struct matrix *m = *state;

	/* A failed assertion while stderr was captured: put it back and show the
	 * end of what was captured (the failure message is there). */
	if (m->saved_stderr > 0) {
		char tail[4096];
		off_t end = lseek(m->log_fd, 0, SEEK_END);
		off_t from = end > (off_t)sizeof(tail) - 1 ? end - (off_t)sizeof(tail) + 1 : 0;
		ssize_t got = pread(m->log_fd, tail, (size_t)(end - from), from);
		fflush(stderr);
		dup2(m->saved_stderr, 2);
		close(m->saved_stderr);
		close(m->log_fd);
		tail[got > 0 ? got : 0] = '\0';
		fprintf(stderr, "captured output before the failure:\n%s\n", tail);
	}
	world_free(m->w);
	free(m);
	return 0;
}

/* ---- the expected answer, from the policy row and the fixture ---- */

static bool relation_holds(enum access_need need, const struct user *u,
			   const struct establishment *s)
{
	switch (need) {
	case NEED_ANY:
		return true;
	case NEED_OWN_ESTAB:
		return u->establishment_id != 0 && u->establishment_id == s->id;
	case NEED_OWN_TRUST:
		return u->trust_id != 0 && u->trust_id == s->trust_id;
	case NEED_OWN_LA:
		return u->la_id != 0 && u->la_id == s->la_id;
	case NEED_DENY:
	case NEED__MAX:
		break;
	}
	return false;
}

/* A route about no named resource is checked against the user's own area. */
static bool own_area_holds(enum access_need need, enum role role)
{
	switch (need) {
	case NEED_ANY:
		return true;
	case NEED_OWN_ESTAB:
		return role_scope(role) == SCOPE_ESTABLISHMENT;
	case NEED_OWN_TRUST:
		return role_scope(role) == SCOPE_TRUST;
	case NEED_OWN_LA:
		return role_scope(role) == SCOPE_LA;
	case NEED_DENY:
	case NEED__MAX:
		break;
	}
	return false;
}

static bool route_scoped(const struct route *r)
{
	return (r->flags & (RF_ESTAB | RF_USER)) != 0;
}

/* ---- building the request ---- */

static const struct param_spec *spec_of(const struct route *r, const char *name, size_t len)
{
	for (size_t i = 0; i < r->nparams; i++)
		if (strlen(r->params[i].name) == len && memcmp(r->params[i].name, name, len) == 0)
			return &r->params[i];
	return NULL;
}

/* A valid value of the declared type; false when there is none. */
static bool placeholder(const struct param_spec *p, struct strbuf *out)
{
	switch (p->type) {
	case PARAM_INT:
		if (p->min < p->max)
			strbuf_addf(out, "%lld",
				    (long long)(p->min > 1  ? p->min :
						p->max >= 1 ? 1 :
							      p->min));
		else
			strbuf_adds(out, "1");
		return true;
	case PARAM_TEXT:
		strbuf_adds(out, "x");
		return true;
	case PARAM_DATE:
		strbuf_adds(out, "2025-01-01");
		return true;
	case PARAM_BOOL:
		strbuf_adds(out, "1");
		return true;
	case PARAM_ENUM:
		if (!p->choices || !p->choices[0])
			return false;
		strbuf_adds(out, p->choices[0]);
		return true;
	case PARAM__MAX:
		break;
	}
	return false;
}

/* The path of r for column k; NULL (with why set) when it cannot be built. */
static char *path_build(const struct matrix *m, const struct route *r, enum col k, char *why,
			size_t whylen)
{
	bool scoped = route_scoped(r);
	struct strbuf sb = STRBUF_INIT;
	const char *p = r->pattern, *prev = "";
	size_t prevlen = 0;
	char *out;

	if (strcmp(p, "/") == 0) {
		strbuf_adds(&sb, "/");
		goto done;
	}
	while (*p == '/') {
		const char *start = ++p;
		const char *end = strchr(start, '/');
		size_t len = end ? (size_t)(end - start) : strlen(start);
		strbuf_adds(&sb, "/");
		if (len == 1 && start[0] == '*') {
			strbuf_adds(&sb, "app.css");
		} else if (start[0] != ':') {
			strbuf_add(&sb, start, len);
		} else {
			const char *name = start + 1;
			size_t nlen = len - 1;
			const struct param_spec *spec = spec_of(r, name, nlen);
#define IS(s) (nlen == strlen(s) && memcmp(name, s, nlen) == 0)
			if (!spec || !spec->in_path) {
				snprintf(why, whylen, ":%.*s is not declared as a path parameter",
					 (int)nlen, name);
				strbuf_release(&sb);
				return NULL;
			}
			if (!scoped && (IS("laestab") || IS("user") || IS("upn") || IS("pupil"))) {
				snprintf(
					why, whylen,
					":%.*s names a school's object, but the route has neither "
					"RF_ESTAB nor RF_USER: the dispatcher would not check whose "
					"it is",
					(int)nlen, name);
				strbuf_release(&sb);
				return NULL;
			}
			if (IS("laestab")) {
				strbuf_addf(&sb, "%d", establishment_laestab(&m->school[k]));
			} else if (IS("user")) {
				strbuf_addf(&sb, "%lld", (long long)m->target[k]);
			} else if (IS("upn") ||
				   ((IS("pupil") || (IS("id") && prevlen == 6 &&
						     memcmp(prev, "pupils", 6) == 0)) &&
				    spec->type == PARAM_TEXT)) {
				strbuf_adds(&sb, m->upn[k]);
			} else if (IS("pupil") ||
				   (IS("id") && prevlen == 6 && memcmp(prev, "pupils", 6) == 0)) {
				strbuf_addf(&sb, "%lld", (long long)m->pupil_id[k]);
			} else if (IS("id") && (r->flags & RF_ASSESSMENT)) {
				strbuf_addf(&sb, "%lld", (long long)m->assessment[k]);
			} else if (!placeholder(spec, &sb)) {
				snprintf(why, whylen,
					 ":%.*s has a type the access matrix cannot fill: add a "
					 "case to path_build() in test_access_matrix.c",
					 (int)nlen, name);
				strbuf_release(&sb);
				return NULL;
			}
#undef IS
		}
		prev = start;
		prevlen = len;
		p = start + len;
	}
done:
	out = xstrdup(strbuf_str(&sb));
	strbuf_release(&sb);
	return out;
}

/* The required query or form parameters as "a=1&b=x" (possibly ""); the
 * "establishment" of an RF_ESTAB route is the column's school (laestab). */
static char *required_params(const struct route *r, int laestab, char *why, size_t whylen)
{
	struct strbuf sb = STRBUF_INIT;
	char *out;

	for (size_t i = 0; i < r->nparams; i++) {
		const struct param_spec *p = &r->params[i];
		struct strbuf v = STRBUF_INIT;
		char *esc;
		if (p->in_path || !p->required)
			continue;
		if ((r->flags & RF_ESTAB) && strcmp(p->name, "establishment") == 0)
			strbuf_addf(&v, "%d", laestab);
		else if (!placeholder(p, &v)) {
			snprintf(why, whylen, "parameter %s has no valid value", p->name);
			strbuf_release(&v);
			strbuf_release(&sb);
			return NULL;
		}
		esc = http_form_escape(strbuf_str(&v));
		strbuf_addf(&sb, "%s%s=%s", sb.len ? "&" : "", p->name, esc);
		free(esc);
		strbuf_release(&v);
	}
	out = xstrdup(strbuf_str(&sb));
	strbuf_release(&sb);
	return out;
}

/* A client with a fresh session of the actor (ACTOR_ANON: none). */
static struct http_client *client_for(struct matrix *m, int actor)
{
	return world_client_as(m->w, actor == ACTOR_ANON ? U__MAX : actor_user[actor]);
}

/* The id of the newest audit row (0 when there is none). */
static int64_t audit_last_id(struct matrix *m)
{
	struct store_conn *db = store_acquire(m->w->app->store);
	struct audit_query q;
	struct audit_entry *rows = NULL;
	size_t n = 0;
	int64_t id;

	memset(&q, 0, sizeof(q));
	q.limit = 1;
	assert_int_equal(store_audit_list(db, &q, &rows, &n), ERR_OK);
	store_release(db);
	id = n ? rows[0].id : 0;
	free(rows);
	return id;
}

/* State-changing routes whose success need not write an audit row. Everything
 * else that answers 2xx/3xx to an allowed state-changing request must have
 * audited something. */
static bool audit_exempt(const struct route *r)
{
	static const char *const exempt[] = {
		/* Sign-in step 1 answers the security-code step (200) for any name,
		 * known or not, so that it tells nothing; the outcome is audited at
		 * step 2 (login.ok / login.fail), which answers a refusal with 422. */
		"/sign-in",
		"/sign-in/code",
		/* The same answer whether or not the address is known (so nobody can
		 * probe for accounts); a request for an unknown address changes nothing. */
		"/forgot-password",
		/* Only moves the session's idle clock on: no data changes. */
		"/session/extend",
		/* The pupil list's search form: its Search button (the placeholder
		 * action) only passes the values on to the list (post-redirect-get);
		 * its other button saves the selection, audited as selection.save
		 * (test_pupils checks that). */
		"/schools/:laestab/pupils/search",
	};
	for (size_t i = 0; i < sizeof(exempt) / sizeof(exempt[0]); i++)
		if (strcmp(r->pattern, exempt[i]) == 0)
			return true;
	return false;
}

/* What the server logged since the last call (stderr is captured). */
static char *log_since(struct matrix *m)
{
	struct stat st;
	size_t len;
	char *buf;
	ssize_t got;

	fflush(stderr);
	assert_int_equal(fstat(m->log_fd, &st), 0);
	len = st.st_size > m->log_pos ? (size_t)(st.st_size - m->log_pos) : 0;
	buf = xmalloc(len + 1);
	got = len ? pread(m->log_fd, buf, len, m->log_pos) : 0;
	buf[got > 0 ? got : 0] = '\0';
	m->log_pos += got > 0 ? got : 0;
	return buf;
}

static const char *method_name(enum http_method mt)
{
	return http_method_name(mt);
}

/* One request and its comparison with the policy. */
static void check_one(struct matrix *m, struct strbuf *report, const struct route *r, int actor,
		      int k, bool expect_allowed)
{
	struct http_client *c = client_for(m, actor);
	char why[200] = "";
	char *path = path_build(m, r, k >= 0 ? (enum col)k : COL_OWN, why, sizeof(why));
	char *params =
		path ? required_params(
			       r, establishment_laestab(&m->school[k >= 0 ? (enum col)k : COL_OWN]),
			       why, sizeof(why)) :
		       NULL;
	const char *who = actor == ACTOR_ANON ? "anonymous" : role_name((enum role)actor);
	const char *where = k >= 0 ? col_name[k] : "own area";
	struct http_response resp;
	bool api = (r->flags & RF_API) != 0;
	bool changes = http_method_changes_state(r->method);
	bool denied_logged, to_sign_in, ok;
	int64_t audit_before = 0;
	char *log;

	if (!path || !params) {
		strbuf_addf(report, "%s %s: cannot be exercised: %s\n", method_name(r->method),
			    r->pattern, why);
		m->mismatches++;
		goto out;
	}
	free(log_since(m)); /* drop what came before */
	if (changes) {
		char *tok = NULL, *body;
		size_t blen;
		/* Public forms are checked against the visitor's token (the sign-in
		 * page's); the others against the session's (any page's). */
		if (actor == ACTOR_ANON || r->action == ACT_PUBLIC) {
			tok = world_csrf(c, "/sign-in");
		} else {
			struct http_response home = http_get(c, "/");
			tok = http_form_value(home.body, "csrf");
			http_response_free(&home);
			if (!tok)
				tok = xstrdup("");
		}
		blen = strlen(params) + strlen(tok) + 8;
		body = xmalloc(blen);
		snprintf(body, blen, "%s%scsrf=%s", params, params[0] ? "&" : "", tok);
		free(log_since(m));
		audit_before = audit_last_id(m);
		resp = http_request(c, method_name(r->method), path, NULL,
				    "application/x-www-form-urlencoded", body, strlen(body));
		free(body);
		free(tok);
	} else {
		size_t plen = strlen(path) + strlen(params) + 2;
		char *full = xmalloc(plen);
		snprintf(full, plen, "%s%s%s", path, params[0] ? "?" : "", params);
		resp = http_get(c, full);
		free(full);
	}
	log = log_since(m);
	denied_logged = strstr(log, "access denied") != NULL;
	/* Sent away to sign in (not the sign-out page's own farewell). */
	to_sign_in = resp.status >= 300 && resp.status < 400 &&
		     http_header_has(&resp, "Location", "/sign-in") &&
		     !http_header_has(&resp, "Location", "signed-out");
	m->checked++;
	if (expect_allowed) {
		ok = resp.status != 0 && resp.status != 401 && resp.status != 403 && !to_sign_in &&
		     !denied_logged;
	} else if (actor == ACTOR_ANON) {
		ok = api ? resp.status == 401 : to_sign_in;
	} else if (route_scoped(r)) {
		ok = resp.status == 404 && denied_logged;
	} else {
		ok = resp.status == 403 && denied_logged;
	}
	if (!ok) {
		strbuf_addf(report, "%s %s (%s) as %s, %s: policy says %s, got %ld%s%s\n",
			    method_name(r->method), r->pattern, path, who, where,
			    expect_allowed ? "allowed" : "refused", resp.status,
			    denied_logged ? ", denial logged" : "",
			    to_sign_in ? ", to sign-in" : "");
		m->mismatches++;
	}
	/* An allowed change that says it worked must have left its audit row. */
	if (ok && expect_allowed && changes && resp.status >= 200 && resp.status < 400 &&
	    !audit_exempt(r) && audit_last_id(m) <= audit_before) {
		strbuf_addf(report,
			    "%s %s (%s) as %s, %s: answered %ld (success) but wrote no audit "
			    "row: audit the change, or refuse the input with 422\n",
			    method_name(r->method), r->pattern, path, who, where, resp.status);
		m->mismatches++;
	}
	free(log);
	http_response_free(&resp);
out:
	free(path);
	free(params);
	if (http_client_leaks(c) != 0) {
		strbuf_addf(report, "%s %s as %s, %s: a canary of an unseen school leaked\n",
			    method_name(r->method), r->pattern, who, where);
		m->mismatches++;
	}
	http_client_free(c);
}

static void test_matrix(void **state)
{
	struct matrix *m = *state;
	struct world *w = m->w;
	struct strbuf report = STRBUF_INIT;
	const struct route *table;
	size_t n;
	char tmpl[1024];

	table = routes_table(&n);
	assert_true(n > 0);
	snprintf(tmpl, sizeof(tmpl), "%s/stderr.log", w->dir);
	m->log_fd = open(tmpl, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(m->log_fd >= 0);
	fflush(stderr);
	m->saved_stderr = dup(2);
	assert_true(m->saved_stderr >= 0);
	assert_true(dup2(m->log_fd, 2) >= 0);

	for (size_t i = 0; i < n; i++) {
		const struct route *r = &table[i];
		if (r->action <= ACT_NONE || r->action >= ACT__MAX) {
			strbuf_addf(&report, "%s %s has no policy (ACT_NONE): give it an action\n",
				    method_name(r->method), r->pattern);
			m->mismatches++;
			continue;
		}
		for (int actor = 0; actor < ACTOR__MAX; actor++) {
			const struct user *u = actor == ACTOR_ANON ? NULL :
								     &w->user[actor_user[actor]];
			if (!route_scoped(r)) {
				bool allowed =
					r->action == ACT_PUBLIC ||
					(u && own_area_holds(access_need_of(r->action, u->role),
							     u->role));
				check_one(m, &report, r, actor, -1, allowed);
				continue;
			}
			for (int k = 0; k < COL__MAX; k++) {
				bool allowed = u &&
					       relation_holds(access_need_of(r->action, u->role), u,
							      &m->school[k]);
				check_one(m, &report, r, actor, k, allowed);
			}
		}
	}

	fflush(stderr);
	dup2(m->saved_stderr, 2);
	close(m->saved_stderr);
	close(m->log_fd);
	m->saved_stderr = -1;
	print_message("access matrix: %d requests over %zu routes, %d mismatches\n", m->checked, n,
		      m->mismatches);
	if (m->mismatches) {
		const char *line = strbuf_str(&report);
		while (*line) {
			size_t len = strcspn(line, "\n");
			print_error("%.*s\n", (int)len, line);
			line += len + (line[len] == '\n');
		}
	}
	strbuf_release(&report);
	if (m->mismatches)
		fail_msg("%d mismatches between the routes and the policy (listed above)",
			 m->mismatches);
}

/* The fixture itself must hold the five relations the columns claim, or the
 * matrix would compare nothing. */
static void test_fixture_relations(void **state)
{
	struct matrix *m = *state;
	const struct establishment *own = &m->school[COL_OWN];

	assert_int_equal(m->school[COL_SAME_LA].la_id, own->la_id);
	assert_int_not_equal(m->school[COL_SAME_LA].trust_id, own->trust_id);
	assert_int_not_equal(m->school[COL_OTHER_LA].la_id, own->la_id);
	assert_int_not_equal(m->school[COL_OTHER_LA].trust_id, own->trust_id);
	assert_int_equal(m->school[COL_OWN_TRUST].trust_id, own->trust_id);
	assert_int_not_equal(m->school[COL_OWN_TRUST].la_id, own->la_id);
	assert_true(m->school[COL_OTHER_TRUST].trust_id != 0);
	assert_int_not_equal(m->school[COL_OTHER_TRUST].trust_id, own->trust_id);
	assert_int_equal(m->w->user[U_TEACHER_A].establishment_id, own->id);
	assert_int_equal(m->w->user[U_MAT].trust_id, own->trust_id);
	assert_int_equal(m->w->user[U_LA1].la_id, own->la_id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fixture_relations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_matrix, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
