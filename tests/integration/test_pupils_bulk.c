/*
 * test_pupils_bulk: "Edit multiple pupils", interventions and transfer requests
 * over HTTP, on both backends. The grid's one Save is all or nothing: cell errors
 * are named per pupil and column, a stale version is a conflict naming the pupil,
 * and nothing is stored unless everything is right; the "include in data"
 * notice follows the data. Interventions are added, edited and deleted only by
 * the pupil's school. A transfer request is confirmed or refused by the pupil's
 * current school or its LA, and the pupil moves with its interventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "app/app.h"
#include "store/store.h"

static int setup(void **state)
{
	*state = world_new(NULL);
	return 0;
}

static int teardown(void **state)
{
	world_free(*state);
	return 0;
}

/* The pupils of school s, by name. */
static size_t pupils_of(struct world *w, enum world_school s, struct pupil out[8])
{
	struct store_conn *c = store_acquire(w->app->store);
	struct pupil_query q = { .establishment_id = w->school[s].id, .include_archived = true };
	struct pupil *list = NULL;
	size_t n = 0;

	assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
	store_release(c);
	assert_true(n > 0 && n <= 8);
	memcpy(out, list, n * sizeof(*list));
	free(list);
	return n;
}

static struct pupil pupil_by_id(struct world *w, int64_t id)
{
	struct store_conn *c = store_acquire(w->app->store);
	struct pupil p;

	assert_int_equal(store_pupil_get(c, id, &p), ERR_OK);
	store_release(c);
	return p;
}

static size_t audits(struct world *w, const char *action)
{
	struct store_conn *c = store_acquire(w->app->store);
	struct audit_query q = { .action = action, .limit = 1000 };
	struct audit_entry *list = NULL;
	size_t n = 0;

	assert_int_equal(store_audit_list(c, &q, &list, &n), ERR_OK);
	store_release(c);
	free(list);
	return n;
}

/* Posts the grid's changes with the CSRF header, as pupils-grid.js does. */
static struct http_response grid_save(struct http_client *c, int laestab, const char *csrf,
				      const char *changes)
{
	char path[96], header[128];
	char *esc = http_form_escape(changes);
	size_t cap = strlen(esc) + 16;
	char *body = xmalloc(cap);
	const char *headers[] = { header, NULL };
	struct http_response r;

	snprintf(path, sizeof(path), "/api/v1/schools/%d/pupils-bulk", laestab);
	snprintf(header, sizeof(header), "X-CSRF-Token: %s", csrf ? csrf : "");
	snprintf(body, cap, "changes=%s", esc);
	r = http_request(c, "POST", path, csrf ? headers : NULL,
			 "application/x-www-form-urlencoded", body, strlen(body));
	free(esc);
	free(body);
	return r;
}

static char *csrf_of(struct world *w, struct http_client *c)
{
	char path[64];

	snprintf(path, sizeof(path), "/schools/%d/transfers", w->laestab[SCHOOL_A]);
	return world_csrf(c, path);
}

static void test_grid_save_is_all_or_nothing(void **state)
{
	struct world *w = *state;
	struct http_client *t = world_client(w, U_TEACHER_A);
	struct pupil p[8];
	size_t n = pupils_of(w, SCHOOL_A, p);
	char path[128], changes[512], *csrf;
	struct http_response r;
	size_t updates;

	assert_true(n >= 3);
	assert_int_equal(world_sign_in(w, t, U_TEACHER_A), 303);
	csrf = csrf_of(w, t);

	/* The page: a real table of every pupil, filtered by UPN. */
	snprintf(path, sizeof(path), "/schools/%d/edit-pupils", w->laestab[SCHOOL_A]);
	r = http_get(t, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<table id=\"pupils-grid\""));
	assert_non_null(strstr(r.body, "<th scope=\"col\" data-field=\"class\">"));
	assert_non_null(strstr(r.body, "/static/pupils-grid.js"));
	for (size_t i = 0; i < n; i++)
		assert_non_null(strstr(r.body, p[i].upn));
	assert_null(strstr(r.body, "Include in data has been set to No"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/edit-pupils?upn=%s", w->laestab[SCHOOL_A],
		 p[1].upn);
	r = http_get(t, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, p[1].upn));
	assert_null(strstr(r.body, p[0].upn));
	assert_non_null(strstr(r.body, "1 pupil. "));
	http_response_free(&r);

	/* A good save: two pupils, one taken out of the data. */
	updates = audits(w, "pupil.update");
	snprintf(changes, sizeof(changes), "%lld,%lld,class,5\r\n%lld,%lld,include,no\r\n",
		 (long long)p[0].id, (long long)p[0].version, (long long)p[1].id,
		 (long long)p[1].version);
	r = grid_save(t, w->laestab[SCHOOL_A], csrf, changes);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"saved\":2"));
	assert_non_null(strstr(r.body, "\"include_off\":1"));
	http_response_free(&r);
	assert_int_equal(pupil_by_id(w, p[0].id).class_no, 5);
	assert_false(pupil_by_id(w, p[1].id).include_in_data);
	assert_int_equal(audits(w, "pupil.update"), updates + 2);
	snprintf(path, sizeof(path), "/schools/%d/edit-pupils", w->laestab[SCHOOL_A]);
	r = http_get(t, path);
	assert_non_null(strstr(r.body, "Include in data has been set to No for 1 pupil."));
	http_response_free(&r);

	/* Cell errors: nothing saved, each named by pupil and column. */
	p[0] = pupil_by_id(w, p[0].id);
	snprintf(changes, sizeof(changes),
		 "%lld,%lld,class,7\r\n%lld,%lld,ethnicity,XXXX\r\n%lld,%lld,gender,Q\r\n",
		 (long long)p[0].id, (long long)p[0].version, (long long)p[2].id,
		 (long long)p[2].version, (long long)p[2].id, (long long)p[2].version);
	r = grid_save(t, w->laestab[SCHOOL_A], csrf, changes);
	assert_int_equal(r.status, 422);
	snprintf(path, sizeof(path), "{\"pupil\":%lld,\"field\":\"ethnicity\"", (long long)p[2].id);
	assert_non_null(strstr(r.body, path));
	snprintf(path, sizeof(path), "{\"pupil\":%lld,\"field\":\"gender\"", (long long)p[2].id);
	assert_non_null(strstr(r.body, path));
	assert_null(strstr(r.body, "\"field\":\"class\""));
	http_response_free(&r);
	assert_int_equal(pupil_by_id(w, p[0].id).class_no, 5);

	/* A stale version: a conflict naming the pupil; nothing saved. */
	snprintf(changes, sizeof(changes), "%lld,%lld,class,9\r\n%lld,%lld,class,9\r\n",
		 (long long)p[2].id, (long long)p[2].version, (long long)p[0].id,
		 (long long)p[0].version - 1);
	r = grid_save(t, w->laestab[SCHOOL_A], csrf, changes);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "\"conflict\":true"));
	assert_non_null(strstr(r.body, p[0].upn));
	assert_non_null(strstr(r.body, "changed by someone else"));
	http_response_free(&r);
	assert_int_equal(pupil_by_id(w, p[2].id).class_no, p[2].class_no);
	assert_int_equal(audits(w, "pupil.update"), updates + 2);

	/* Malformed changes and missing CSRF are refused. */
	r = grid_save(t, w->laestab[SCHOOL_A], csrf, "1,2,nonsense,3\r\n");
	assert_int_equal(r.status, 400);
	http_response_free(&r);
	r = grid_save(t, w->laestab[SCHOOL_A], NULL, changes);
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	free(csrf);
	http_client_free(t);
}

static void test_grid_scope(void **state)
{
	struct world *w = *state;
	struct http_client *b = world_client(w, U_TEACHER_B);
	struct http_client *mat = world_client(w, U_MAT);
	struct pupil pa[8];
	char path[128], changes[128], *csrf;
	struct http_response r;

	pupils_of(w, SCHOOL_A, pa);
	snprintf(changes, sizeof(changes), "%lld,%lld,class,4\r\n", (long long)pa[0].id,
		 (long long)pa[0].version);
	assert_int_equal(world_sign_in(w, b, U_TEACHER_B), 303);
	snprintf(path, sizeof(path), "/schools/%d/transfers", w->laestab[SCHOOL_B]);
	csrf = world_csrf(b, path);
	/* Another school's grid is not there; nor is its pupil through one's own. */
	r = grid_save(b, w->laestab[SCHOOL_A], csrf, changes);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	r = grid_save(b, w->laestab[SCHOOL_B], csrf, changes);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	assert_int_equal(pupil_by_id(w, pa[0].id).class_no, pa[0].class_no);
	free(csrf);
	/* A MAT admin reads A's pupils but does not edit them. */
	assert_int_equal(world_sign_in(w, mat, U_MAT), 303);
	snprintf(path, sizeof(path), "/schools/%d/edit-pupils", w->laestab[SCHOOL_A]);
	r = http_get(mat, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	assert_int_equal(http_client_leaks(b), 0);
	assert_int_equal(http_client_leaks(mat), 0);
	http_client_free(b);
	http_client_free(mat);
}

static void test_interventions_crud_and_scope(void **state)
{
	struct world *w = *state;
	struct http_client *t = world_client(w, U_TEACHER_A);
	struct http_client *b = world_client(w, U_TEACHER_B);
	struct http_client *mat = world_client(w, U_MAT);
	struct pupil p[8];
	char base[128], path[160], form[256], *csrf, *loc;
	struct http_response r;
	const char *iv_id;

	pupils_of(w, SCHOOL_A, p);
	snprintf(base, sizeof(base), "/schools/%d/pupils/%lld/interventions", w->laestab[SCHOOL_A],
		 (long long)p[0].id);
	assert_int_equal(world_sign_in(w, t, U_TEACHER_A), 303);
	r = http_get(t, base);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "No interventions are recorded"));
	assert_non_null(strstr(r.body, "Add intervention"));
	http_response_free(&r);
	csrf = world_csrf(t, base);

	/* Add. */
	snprintf(form, sizeof(form),
		 "csrf=%s&year=2025&assessment=Autumn+Term+Assessment&details=Number+Intervention",
		 csrf);
	r = http_post_form(t, base, form);
	assert_int_equal(r.status, 303);
	loc = http_header(&r, "Location");
	assert_non_null(strstr(loc, "?done=added"));
	http_response_free(&r);
	r = http_get(t, loc);
	free(loc);
	assert_non_null(strstr(r.body, "The intervention was added."));
	assert_non_null(strstr(r.body, "2025/26"));
	assert_non_null(strstr(r.body, "Number Intervention"));
	/* The edit link carries its id. */
	iv_id = strstr(r.body, "/interventions/");
	assert_non_null(iv_id);
	snprintf(path, sizeof(path), "%s/%lld", base, strtoll(iv_id + 15, NULL, 10));
	http_response_free(&r);

	/* Blank details: told, nothing stored. */
	snprintf(form, sizeof(form), "csrf=%s&year=2025&assessment=&details=+", csrf);
	r = http_post_form(t, base, form);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "Describe the intervention"));
	http_response_free(&r);

	/* Edit. */
	r = http_get(t, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Number Intervention"));
	http_response_free(&r);
	snprintf(form, sizeof(form), "csrf=%s&year=2024&assessment=Spring&details=Phonics+group",
		 csrf);
	r = http_post_form(t, path, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	/* The same again changes nothing: told so, not "saved" (and no audit row). */
	r = http_post_form(t, path, form);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "nothing was changed"));
	http_response_free(&r);
	r = http_get(t, base);
	assert_non_null(strstr(r.body, "Phonics group"));
	assert_non_null(strstr(r.body, "2024/25"));
	assert_null(strstr(r.body, "Number Intervention"));
	http_response_free(&r);

	/* Other schools: 404, as for a missing pupil; a reader cannot add. */
	assert_int_equal(world_sign_in(w, b, U_TEACHER_B), 303);
	r = http_get(b, base);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	snprintf(form, sizeof(form), "/schools/%d/pupils/%lld/interventions", w->laestab[SCHOOL_B],
		 (long long)p[0].id);
	r = http_get(b, form);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	assert_int_equal(world_sign_in(w, mat, U_MAT), 303);
	r = http_get(mat, base);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Phonics group"));
	assert_null(strstr(r.body, "Add intervention"));
	http_response_free(&r);
	{
		char *mcsrf = world_csrf(mat, "/account/password");
		snprintf(form, sizeof(form), "csrf=%s&year=2025&details=x", mcsrf);
		r = http_post_form(mat, base, form);
		assert_int_equal(r.status, 404);
		http_response_free(&r);
		free(mcsrf);
	}

	/* Delete. */
	snprintf(form, sizeof(form), "csrf=%s", csrf);
	snprintf(path + strlen(path), sizeof(path) - strlen(path), "/delete");
	r = http_post_form(t, path, form);
	assert_int_equal(r.status, 303);
	loc = http_header(&r, "Location");
	http_response_free(&r);
	r = http_get(t, loc);
	free(loc);
	assert_non_null(strstr(r.body, "The intervention was deleted."));
	assert_non_null(strstr(r.body, "No interventions are recorded"));
	http_response_free(&r);
	assert_int_equal(audits(w, "intervention.add"), 1);
	assert_int_equal(audits(w, "intervention.update"), 3);
	assert_int_equal(audits(w, "intervention.delete"), 1);
	assert_int_equal(http_client_leaks(b), 0);
	assert_int_equal(http_client_leaks(mat), 0);
	free(csrf);
	http_client_free(t);
	http_client_free(b);
	http_client_free(mat);
}

/* A pupil of school s without the world's canaries (it will move school). */
static struct pupil add_mover(struct world *w, enum world_school s, const char *upn)
{
	struct store_conn *c = store_acquire(w->app->store);
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct pupil p = { .establishment_id = w->school[s].id,
			   .dob = { 2020, 5, 4 },
			   .gender = GENDER_MALE,
			   .sen = 'N',
			   .class_no = 2,
			   .year_override = -99,
			   .include_in_data = true };
	struct intervention iv = { .academic_year = 2025 };

	snprintf(p.upn, sizeof(p.upn), "%s", upn);
	snprintf(p.surname, sizeof(p.surname), "MOVER");
	snprintf(p.forenames, sizeof(p.forenames), "MILO");
	if (store_pupil_add(c, &who, &p, &eb) != ERR_OK)
		fail_msg("store_pupil_add: %s", eb.msg);
	iv.pupil_id = p.id;
	snprintf(iv.details, sizeof(iv.details), "Reading catch-up");
	assert_int_equal(store_intervention_add(c, &who, p.establishment_id, &iv, &eb), ERR_OK);
	store_release(c);
	return p;
}

static void test_transfer_request_and_confirm(void **state)
{
	struct world *w = *state;
	struct http_client *a = world_client(w, U_TEACHER_A);
	struct http_client *b = world_client(w, U_TEACHER_B);
	struct http_client *la = world_client(w, U_LA1);
	struct pupil mover = add_mover(w, SCHOOL_B, "T888123425001");
	struct pupil other = add_mover(w, SCHOOL_B, "G888123425002");
	char pa[64], pb[64], form[256], path[128], *csrf_a, *csrf_b, *csrf_la;
	struct http_response r;
	struct transfer *list = NULL;
	struct store_conn *c;
	size_t n = 0;

	snprintf(pa, sizeof(pa), "/schools/%d/transfers", w->laestab[SCHOOL_A]);
	snprintf(pb, sizeof(pb), "/schools/%d/transfers", w->laestab[SCHOOL_B]);
	assert_int_equal(world_sign_in(w, a, U_TEACHER_A), 303);
	assert_int_equal(world_sign_in(w, b, U_TEACHER_B), 303);
	assert_int_equal(world_sign_in(w, la, U_LA1), 303);
	csrf_a = world_csrf(a, pa);
	csrf_b = world_csrf(b, pb);
	csrf_la = world_csrf(la, pb);

	/* A asks for both pupils (lower case is fine); twice is refused. */
	snprintf(form, sizeof(form), "csrf=%s&upn=t888123425001", csrf_a);
	r = http_post_form(a, pa, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	r = http_post_form(a, pa, form);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "has asked for pupil T888123425001 already"));
	http_response_free(&r);
	snprintf(form, sizeof(form), "csrf=%s&upn=G888123425002", csrf_a);
	r = http_post_form(a, pa, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	snprintf(form, sizeof(form), "csrf=%s&upn=Z888123425999", csrf_a);
	r = http_post_form(a, pa, form);
	assert_int_equal(r.status, 422);
	http_response_free(&r);
	/* The requester sees the UPN and the state, not the other school. */
	r = http_get(a, pa);
	assert_non_null(strstr(r.body, "T888123425001"));
	assert_non_null(strstr(r.body, "waiting for the pupil&#39;s current school"));
	assert_null(strstr(r.body, "MOVER"));
	http_response_free(&r);

	c = store_acquire(w->app->store);
	assert_int_equal(store_transfer_list(c, w->school[SCHOOL_B].id, &list, &n), ERR_OK);
	store_release(c);
	assert_int_equal(n, 2);

	/* B sees who asks; A cannot decide for B's pupil, on either school's page. */
	r = http_get(b, pb);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "MOVER, MILO"));
	assert_non_null(strstr(r.body, "Confirm transfer"));
	http_response_free(&r);
	for (size_t i = 0; i < n; i++) {
		snprintf(form, sizeof(form), "csrf=%s", csrf_a);
		snprintf(path, sizeof(path), "%s/%lld/confirm", pa, (long long)list[i].id);
		r = http_post_form(a, path, form);
		assert_int_equal(r.status, 404);
		http_response_free(&r);
		snprintf(path, sizeof(path), "%s/%lld/confirm", pb, (long long)list[i].id);
		r = http_post_form(a, path, form);
		assert_int_equal(r.status, 404);
		http_response_free(&r);
	}
	assert_int_equal(pupil_by_id(w, mover.id).establishment_id, w->school[SCHOOL_B].id);

	/* B confirms the first; the LA officer refuses the second. */
	for (size_t i = 0; i < n; i++) {
		bool first = list[i].pupil_id == mover.id;
		snprintf(form, sizeof(form), "csrf=%s", first ? csrf_b : csrf_la);
		snprintf(path, sizeof(path), "%s/%lld/%s", pb, (long long)list[i].id,
			 first ? "confirm" : "refuse");
		r = http_post_form(first ? b : la, path, form);
		assert_int_equal(r.status, 303);
		http_response_free(&r);
		/* Decided once only. */
		r = http_post_form(first ? b : la, path, form);
		assert_int_equal(r.status, 422);
		assert_non_null(strstr(r.body, first ? "confirmed already" : "refused already"));
		http_response_free(&r);
	}
	mover = pupil_by_id(w, mover.id);
	assert_int_equal(mover.establishment_id, w->school[SCHOOL_A].id);
	assert_int_equal(mover.class_no, 0);
	assert_int_equal(pupil_by_id(w, other.id).establishment_id, w->school[SCHOOL_B].id);

	/* The pupil's interventions came along; A sees them, B no longer does. */
	snprintf(path, sizeof(path), "/schools/%d/pupils/%lld/interventions", w->laestab[SCHOOL_A],
		 (long long)mover.id);
	r = http_get(a, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Reading catch-up"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/pupils/%lld/interventions", w->laestab[SCHOOL_B],
		 (long long)mover.id);
	r = http_get(b, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	r = http_get(a, pa);
	assert_non_null(strstr(r.body, "confirmed: the pupil is in your list"));
	assert_non_null(strstr(r.body, "refused by the pupil&#39;s current school"));
	http_response_free(&r);
	assert_int_equal(audits(w, "transfer.request"), 4);
	assert_int_equal(audits(w, "transfer.confirm"), 2);
	assert_int_equal(audits(w, "transfer.refuse"), 2);
	assert_int_equal(http_client_leaks(a), 0);
	assert_int_equal(http_client_leaks(b), 0);
	free(list);
	free(csrf_a);
	free(csrf_b);
	free(csrf_la);
	http_client_free(a);
	http_client_free(b);
	http_client_free(la);
}

static char *fixture(const char *name, size_t *len)
{
	char rel[128], *path, *data;

	snprintf(rel, sizeof(rel), "fixtures/pupils/%s", name);
	path = tu_shared_path(rel);
	data = tu_read_file(path, len);
	if (!data)
		fail_msg("cannot read %s", path);
	free(path);
	return data;
}

/* POSTs a file as a browser's upload form does (multipart/form-data). */
static struct http_response upload(struct http_client *c, const char *path, const char *csrf,
				   const char *filename, const char *data, size_t len)
{
	static const char boundary[] = "----pupiltrackTestBoundary7MA4YWxk";
	struct strbuf sb = STRBUF_INIT;
	struct http_response r;
	char ct[128];

	strbuf_addf(&sb, "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n",
		    boundary, csrf);
	if (filename) {
		strbuf_addf(&sb,
			    "--%s\r\nContent-Disposition: form-data; name=\"file\"; "
			    "filename=\"%s\"\r\nContent-Type: text/csv\r\n\r\n",
			    boundary, filename);
		strbuf_add(&sb, data, len);
		strbuf_adds(&sb, "\r\n");
	}
	strbuf_addf(&sb, "--%s--\r\n", boundary);
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", boundary);
	r = http_request(c, "POST", path, NULL, ct, sb.buf, sb.len);
	strbuf_release(&sb);
	return r;
}

static long pupil_count(struct world *w, enum world_school s)
{
	struct store_conn *c = store_acquire(w->app->store);
	long n = 0;

	assert_int_equal(store_pupil_count(c, w->school[s].id, &n), ERR_OK);
	store_release(c);
	return n;
}

static void test_upload_page(void **state)
{
	struct world *w = *state;
	struct http_client *t = world_client(w, U_TEACHER_A);
	struct http_client *b = world_client(w, U_TEACHER_B);
	size_t len, plen, glen, tlen, rows = 0;
	char *bad = fixture("pupils-bad.csv", &len);
	char *want = fixture("pupils-bad.problems", &plen);
	char *good = fixture("pupils-8881234.csv", &glen);
	char *tpl = fixture("pupil-upload-template.csv", &tlen);
	char path[128], *csrf, *save = NULL, *hidden, *form, *esc, *loc;
	long before = pupil_count(w, SCHOOL_A);
	struct http_response r;

	snprintf(path, sizeof(path), "/schools/%d/pupil-upload", w->laestab[SCHOOL_A]);
	assert_int_equal(world_sign_in(w, t, U_TEACHER_A), 303);
	r = http_get(t, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "enctype=\"multipart/form-data\""));
	http_response_free(&r);
	csrf = world_csrf(t, path);

	/* The template, byte for byte as the seed's. */
	snprintf(path, sizeof(path), "/schools/%d/pupil-upload/template", w->laestab[SCHOOL_A]);
	r = http_get(t, path);
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Type", "text/csv"));
	assert_int_equal(r.body_len, tlen);
	assert_memory_equal(r.body, tpl, tlen);
	http_response_free(&r);

	/* The bad file: every listed problem at its line; nothing stored. */
	snprintf(path, sizeof(path), "/schools/%d/pupil-upload", w->laestab[SCHOOL_A]);
	r = upload(t, path, csrf, "C:\\Users\\office\\pupils-bad.csv", bad, len);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "nothing was saved"));
	/* what the rest of the file would have done: 6 rows, 4 with a problem */
	assert_non_null(strstr(r.body, "pupils-bad.csv: 2 new, 0 changed, 0 unchanged pupils, "
				       "4 rejected."));
	for (char *ln = strtok_r(want, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(ln, '\t'), prefix[64];
		const char *at;
		assert_non_null(tab);
		*tab = '\0';
		snprintf(prefix, sizeof(prefix), "<code>pupils-bad.csv:%s:", ln);
		at = strstr(r.body, prefix);
		assert_non_null(at);
		assert_non_null(strstr(at, tab + 1));
		assert_true(strstr(at, tab + 1) < strstr(at, "</code>"));
	}
	http_response_free(&r);
	assert_int_equal(pupil_count(w, SCHOOL_A), before);

	/* No file (no part, or the unnamed part a browser sends): told so. An empty
	 * file: located at 1:1. Another school's upload: 404. */
	r = upload(t, path, csrf, NULL, NULL, 0);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "Choose the CSV file"));
	http_response_free(&r);
	r = upload(t, path, csrf, "", "", 0);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "Choose the CSV file"));
	http_response_free(&r);
	r = upload(t, path, csrf, "empty.csv", "", 0);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "<code>empty.csv:1:1: error: the file is empty"));
	assert_non_null(strstr(r.body, "empty.csv: no rows were checked"));
	http_response_free(&r);
	assert_int_equal(world_sign_in(w, b, U_TEACHER_B), 303);
	{
		char pb[64], *cb;
		snprintf(pb, sizeof(pb), "/schools/%d/transfers", w->laestab[SCHOOL_B]);
		cb = world_csrf(b, pb);
		r = upload(b, path, cb, "pupils.csv", good, glen);
		assert_int_equal(r.status, 404);
		http_response_free(&r);
		free(cb);
	}

	/* The good file: a preview first (nothing stored), then the confirmation. */
	for (const char *s = strchr(good, '\n'); s && s[1]; s = strchr(s + 1, '\n'))
		rows++;
	rows -= 1; /* the hint line */
	r = upload(t, path, csrf, "pupils-8881234.csv", good, glen);
	assert_int_equal(r.status, 200);
	{
		char expect[128];
		snprintf(expect, sizeof(expect),
			 "pupils-8881234.csv: %zu new, 0 changed, 0 unchanged pupils, 0 rejected.",
			 rows);
		assert_non_null(strstr(r.body, expect));
	}
	assert_non_null(strstr(r.body, "MODELL, ELSIE"));
	hidden = http_form_value(r.body, "csv");
	assert_non_null(hidden);
	http_response_free(&r);
	assert_int_equal(pupil_count(w, SCHOOL_A), before);
	esc = http_form_escape(good);
	form = xmalloc(strlen(esc) + 256);
	snprintf(form, strlen(esc) + 256, "csrf=%s&name=pupils-8881234.csv&csv=%s", csrf, esc);
	snprintf(path, sizeof(path), "/schools/%d/pupil-upload/confirm", w->laestab[SCHOOL_A]);
	r = http_post_form(t, path, form);
	assert_int_equal(r.status, 303);
	loc = http_header(&r, "Location");
	http_response_free(&r);
	r = http_get(t, loc);
	{
		char expect[96];
		snprintf(expect, sizeof(expect), "The pupils were saved: %zu added, 0 updated.",
			 rows);
		assert_non_null(strstr(r.body, expect));
	}
	http_response_free(&r);
	assert_int_equal(pupil_count(w, SCHOOL_A), before + (long)rows);
	assert_int_equal(audits(w, "pupil.import"), 1);
	/* Confirming again changes nothing. */
	r = http_post_form(t, path, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	assert_int_equal(pupil_count(w, SCHOOL_A), before + (long)rows);

	/* The same pupils and one with an impossible date: the counts still show. */
	{
		const char *extra = "K888123425606,OUTLINE,UMA,31/02/2021,F,PR7 9GH,N,MWBC,N,,\r\n";
		size_t mlen = glen + strlen(extra);
		char *mixed = xmalloc(mlen + 1), expect[96];

		memcpy(mixed, good, glen);
		memcpy(mixed + glen, extra, strlen(extra) + 1);
		snprintf(path, sizeof(path), "/schools/%d/pupil-upload", w->laestab[SCHOOL_A]);
		r = upload(t, path, csrf, "mixed.csv", mixed, mlen);
		assert_int_equal(r.status, 422);
		snprintf(expect, sizeof(expect),
			 "mixed.csv: 0 new, 0 changed, %zu unchanged pupils, 1 rejected.", rows);
		assert_non_null(strstr(r.body, expect));
		assert_non_null(strstr(r.body, "invalid date 31/02/2021"));
		http_response_free(&r);
		free(mixed);
	}
	assert_int_equal(pupil_count(w, SCHOOL_A), before + (long)rows);
	assert_int_equal(http_client_leaks(t), 0);
	assert_int_equal(http_client_leaks(b), 0);
	free(loc);
	free(form);
	free(esc);
	free(hidden);
	free(csrf);
	free(tpl);
	free(good);
	free(want);
	free(bad);
	http_client_free(t);
	http_client_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_grid_save_is_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grid_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interventions_crud_and_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transfer_request_and_confirm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upload_page, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
