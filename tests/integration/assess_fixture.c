/*
 * assess_fixture: see assess_fixture.h.
 */
#include "assess_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "app/app.h"
#include "base/xalloc.h"
#include "store/store.h"

struct http_response put_cell(struct http_client *c, const char *csrf, int laestab, int64_t id,
			      int64_t pupil, const char *area, const char *form)
{
	char path[160], hdr[128];
	const char *headers[] = { hdr, NULL };

	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/%lld/judgements/%lld/%s",
		 laestab, (long long)id, (long long)pupil, area);
	snprintf(hdr, sizeof(hdr), "X-CSRF-Token: %s", csrf ? csrf : "");
	return http_request(c, "PUT", path, csrf ? headers : NULL,
			    "application/x-www-form-urlencoded", form, strlen(form));
}

long put_cell_status(struct http_client *c, const char *csrf, int laestab, int64_t id,
		     int64_t pupil, const char *area, const char *form)
{
	struct http_response r = put_cell(c, csrf, laestab, id, pupil, area, form);
	long status = r.status;

	http_response_free(&r);
	return status;
}

struct http_response put_note(struct http_client *c, const char *csrf, int laestab, int64_t id,
			      int64_t pupil, const char *form)
{
	char path[160], hdr[128];
	const char *headers[] = { hdr, NULL };

	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/%lld/notes/%lld", laestab,
		 (long long)id, (long long)pupil);
	snprintf(hdr, sizeof(hdr), "X-CSRF-Token: %s", csrf);
	return http_request(c, "PUT", path, headers, "application/x-www-form-urlencoded", form,
			    strlen(form));
}

struct http_response post_api(struct http_client *c, const char *csrf, const char *path,
			      const char *form)
{
	char hdr[128];
	const char *headers[] = { hdr, NULL };

	snprintf(hdr, sizeof(hdr), "X-CSRF-Token: %s", csrf ? csrf : "");
	return http_request(c, "POST", path, csrf ? headers : NULL,
			    "application/x-www-form-urlencoded", form, strlen(form));
}

long post_api_status(struct http_client *c, const char *csrf, const char *path, const char *form)
{
	struct http_response r = post_api(c, csrf, path, form);
	long status = r.status;

	http_response_free(&r);
	return status;
}

char *fx_sign_in(struct fx *f, struct http_client *c, enum world_user u, int laestab,
		 const char *query)
{
	char path[128];

	assert_int_equal(world_sign_in(f->w, c, u), 303);
	snprintf(path, sizeof(path), "/schools/%d/assessments%s", laestab, query);
	return world_csrf(c, path);
}

int64_t teacher_adds_elgs(struct fx *f, struct http_client *c, int la, char **csrf)
{
	struct store_conn *conn;
	struct assessment *list = NULL;
	struct http_response r;
	char path[160], form[512];
	int64_t elg = 0;
	size_t n = 0;

	*csrf = fx_sign_in(f, c, U_TEACHER_A, la, "");
	snprintf(path, sizeof(path), "/schools/%d/assessments", la);
	snprintf(form, sizeof(form),
		 "csrf=%s&kind=elg&name=End+of+Year+ELGs&completion=30%%2F06%%2F2025", *csrf);
	r = http_post_form(c, path, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	conn = store_acquire(f->w->app->store);
	assert_int_equal(store_assessment_list(conn, f->w->school[SCHOOL_A].id, 2024, &list, &n),
			 ERR_OK);
	store_release(conn);
	for (size_t i = 0; i < n; i++)
		if (list[i].kind == SCALE_ELG)
			elg = list[i].id;
	free(list);
	assert_true(elg > 0);
	return elg;
}

void fx_late_arrival(struct fx *f, bool exclude)
{
	const struct actor who = { 0, "cli", "" };
	struct store_conn *conn = store_acquire(f->w->app->store);
	struct errbuf eb = { "" };
	struct estab_profile prof;
	struct pupil p;

	assert_int_equal(store_estab_profile_get(conn, f->w->school[SCHOOL_A].id, &prof), ERR_OK);
	snprintf(prof.custom_name[0], sizeof(prof.custom_name[0]), "Late arrival");
	assert_int_equal(store_estab_profile_set(conn, &who, f->w->school[SCHOOL_A].id, &prof, &eb),
			 ERR_OK);
	assert_int_equal(store_pupil_get(conn, f->pupil[1], &p), ERR_OK);
	p.custom[0] = true;
	if (exclude)
		p.include_in_data = false;
	assert_int_equal(store_pupil_update(conn, &who, &p, &eb), ERR_OK);
	store_release(conn);
}

void fx_pupil_names(struct fx *f, char name[3][2 * PERSON_NAME_MAX + 4])
{
	struct store_conn *conn = store_acquire(f->w->app->store);

	for (int i = 0; i < 3; i++) {
		struct pupil p;
		assert_int_equal(store_pupil_get(conn, f->pupil[i], &p), ERR_OK);
		snprintf(name[i], 2 * PERSON_NAME_MAX + 4, "%s, %s", p.surname, p.forenames);
	}
	store_release(conn);
}

int fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct http_client *c;
	struct store_conn *conn;
	struct assessment *list = NULL;
	struct pupil *pupils = NULL;
	struct pupil_query q = { 0 };
	struct http_response r;
	char path[96], form[512], *csrf;
	size_t n = 0;

	f->w = world_new(NULL);
	c = world_client(f->w, U_TEACHER_A);
	csrf = fx_sign_in(f, c, U_TEACHER_A, f->w->laestab[SCHOOL_A], "");
	snprintf(form, sizeof(form),
		 "csrf=%s&kind=tracking&name=Autumn+Term+Assessment&date=14%%2F10%%2F2024&yg_r=1",
		 csrf);
	snprintf(path, sizeof(path), "/schools/%d/assessments", f->w->laestab[SCHOOL_A]);
	r = http_post_form(c, path, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	free(csrf);
	http_client_free(c);

	conn = store_acquire(f->w->app->store);
	assert_int_equal(store_assessment_list(conn, f->w->school[SCHOOL_A].id, 2024, &list, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	f->assessment = list[0].id;
	free(list);
	q.establishment_id = f->w->school[SCHOOL_A].id;
	assert_int_equal(store_pupil_list(conn, &q, &pupils, &n), ERR_OK);
	assert_int_equal(n, 3);
	for (int i = 0; i < 3; i++)
		f->pupil[i] = pupils[i].id;
	free(pupils);
	store_release(conn);
	*state = f;
	return 0;
}

int fx_teardown(void **state)
{
	struct fx *f = *state;

	world_free(f->w);
	free(f);
	return 0;
}
