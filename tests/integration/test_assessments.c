/*
 * test_assessments: the EYFS screens and API over HTTP: a teacher creates an
 * assessment, sees the grid as a real table, writes judgements through the API
 * with versions (a stale version answers 409 with the current cell), fills a
 * column; CSRF is required on every write; another school's assessment answers
 * 404 on every path; a teacher of another school and a trust administrator
 * (read-only) cannot write. The issue's paths (/api/v1/assessments?establishment=,
 * /api/v1/assessments/{id}/...) answer as the school paths do, with the same
 * refusals. The downloads are in test_assessment_downloads.c; the fixture both
 * start from in assess_fixture.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "assess_fixture.h"
#include "http_client.h"
#include "app/account.h"
#include "app/app.h"
#include "base/xalloc.h"
#include "core/framework.h"
#include "core/statutory.h"
#include "store/store.h"

/* The grid's JSON cell of pupil in area, or NULL. */
static const char *grid_cell(const char *body, int64_t pupil, const char *area)
{
	char key[96];

	snprintf(key, sizeof(key), "{\"pupil\":%lld,\"area\":\"%s\",", (long long)pupil, area);
	return strstr(body, key);
}

static struct http_response patch_batch(struct http_client *c, const char *csrf, int laestab,
					int64_t id, const char *changes)
{
	char path[160], hdr[128], *esc = http_form_escape(changes);
	char *form = xmalloc(strlen(esc) + 16);
	const char *headers[] = { hdr, NULL };
	struct http_response r;

	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/%lld/judgements", laestab,
		 (long long)id);
	snprintf(hdr, sizeof(hdr), "X-CSRF-Token: %s", csrf ? csrf : "");
	snprintf(form, strlen(esc) + 16, "changes=%s", esc);
	r = http_request(c, "PATCH", path, csrf ? headers : NULL,
			 "application/x-www-form-urlencoded", form, strlen(form));
	free(form);
	free(esc);
	return r;
}

/* A request with optional extra headers and a form body. */
static struct http_response send(struct http_client *c, const char *method, const char *path,
				 const char *h1, const char *h2, const char *form)
{
	const char *headers[] = { h1, h2, NULL };

	return http_request(c, method, path, h1 ? headers : NULL,
			    form ? "application/x-www-form-urlencoded" : NULL, form,
			    form ? strlen(form) : 0);
}

static void test_grid_page_and_home(void **state)
{
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	struct http_response r;
	char path[128];

	assert_int_equal(world_sign_in(f->w, c, U_TEACHER_A), 303);
	r = http_get(c, "/assessments");
	assert_int_equal(r.status, 200);
	snprintf(path, sizeof(path), "<a href=\"/schools/%d/assessments\">",
		 f->w->laestab[SCHOOL_A]);
	assert_non_null(strstr(r.body, path));
	http_response_free(&r);

	snprintf(path, sizeof(path), "/schools/%d/assessments?year=2024&yg=R",
		 f->w->laestab[SCHOOL_A]);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<table class=\"data-table grid\""));
	assert_non_null(strstr(
		r.body, "<th scope=\"colgroup\" colspan=\"2\">Communication and Language</th>"));
	assert_non_null(strstr(r.body, "Include in data"));
	assert_non_null(strstr(r.body, "Autumn Term Assessment"));
	assert_non_null(strstr(r.body, "/static/grid.js"));
	assert_non_null(strstr(r.body, "Total number Below"));
	/* every pupil included: the notice is there for grid.js, hidden */
	assert_non_null(strstr(r.body, "<p class=\"notice excluded-notice\" hidden>"));
	assert_non_null(strstr(r.body, "<td data-stat=\"E01-judged\">0 of 3</td>"));
	/* usability: a skip link before the pickers to the grid, the key of the
	 * 17 abbreviations from the framework's data, "Save now" explained, the
	 * pupil column (foot rows too) in class "pupil" for the sticky column */
	{
		const char *skip =
			strstr(r.body, "class=\"skip-inline grid-skip\">Skip to the grid</a>");
		const char *pickers = strstr(r.body, "class=\"grid-pickers\"");
		const char *key = strstr(r.body, "Key to the column headings");
		const char *start = strstr(r.body, "<span id=\"grid-start\"></span>");
		const char *grid = strstr(r.body, "<table class=\"data-table grid\"");
		assert_true(skip && pickers && skip < pickers);
		assert_true(key && start && grid && key < start && start < grid);
		for (int k = 0; k < ELG__MAX; k++) {
			char entry[160];
			snprintf(entry, sizeof(entry), "<div><dt>%s</dt><dd>%s</dd></div>",
				 elg_get((enum elg)k)->short_label, elg_get((enum elg)k)->name);
			assert_non_null(strstr(key, entry));
		}
		assert_non_null(strstr(r.body, "class=\"button grid-save\">Save now</button>"));
		assert_null(strstr(r.body, "Every change is saved at once"));
		assert_non_null(strstr(
			r.body, "<th scope=\"row\" class=\"pupil\">Total number Below</th>"));
		assert_non_null(strstr(
			r.body, "<th scope=\"col\" rowspan=\"2\" class=\"pupil\">Pupil</th>"));
	}
	/* the pupil's name links to their record; the hostile name is escaped */
	assert_non_null(strstr(r.body, "&lt;script&gt;"));
	assert_null(strstr(r.body, "<script>alert"));
	http_response_free(&r);
	/* The end-of-year ELGs: hidden until asked for, then with the GLD column after
	 * the 12 GLD goals, the total and the average at the foot. */
	{
		char form[512], *csrf;
		snprintf(path, sizeof(path), "/schools/%d/assessments", f->w->laestab[SCHOOL_A]);
		csrf = world_csrf(c, path);
		snprintf(form, sizeof(form),
			 "csrf=%s&kind=elg&name=End+of+Year+ELGs&completion=30%%2F06%%2F2025",
			 csrf);
		http_response_free(&r);
		r = http_post_form(c, path, form);
		assert_int_equal(r.status, 303);
		free(csrf);
	}
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/assessments?year=2024&yg=R",
		 f->w->laestab[SCHOOL_A]);
	r = http_get(c, path);
	assert_null(strstr(r.body, "End of Year ELGs"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/assessments?year=2024&yg=R&elg=1",
		 f->w->laestab[SCHOOL_A]);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "End of Year ELGs"));
	assert_non_null(strstr(r.body, "data-kind=\"elg\""));
	/* GLD sits between Mathematics (E11, E12) and Understanding the World. */
	{
		const char *elg = strstr(r.body, "data-kind=\"elg\"");
		const char *maths = strstr(elg, ">Mathematics</th>");
		const char *gld = strstr(elg, ">Good Level of Development</th>");
		const char *utw = strstr(elg, ">Understanding the World</th>");
		assert_non_null(maths);
		assert_true(maths < gld && gld < utw);
	}
	assert_non_null(strstr(r.body, "ELG Total Score"));
	assert_non_null(strstr(r.body, "Average ELG score"));
	/* the GLD column of the foot: nobody judged in all 17 yet, so no
	 * percentage (of nobody), 3 pupils included */
	assert_non_null(strstr(r.body, "<td class=\"gld-stat\" data-stat=\"GLD-2-0\">0</td>"));
	assert_non_null(strstr(r.body, "<td class=\"gld-stat\" data-stat=\"GLD-2-1\"></td>"));
	assert_non_null(strstr(r.body, "data-stat=\"GLD-judged\""));
	assert_non_null(strstr(r.body, "of the pupils included\">0 of 3</td>"));
	assert_non_null(strstr(r.body, "Total number Expected"));
	http_response_free(&r);
	/* Nursery 1 has no assessment. */
	snprintf(path, sizeof(path), "/schools/%d/assessments?year=2024&yg=N1",
		 f->w->laestab[SCHOOL_A]);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "/static/grid.js"));
	http_response_free(&r);
	assert_int_equal(http_client_leaks(c), 0);
	http_client_free(c);
}

static void test_put_versions_and_conflict(void **state)
{
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	int la = f->w->laestab[SCHOOL_A];
	struct http_response r;
	char path[128], *csrf;

	csrf = fx_sign_in(f, c, U_TEACHER_A, la, "");

	r = put_cell(c, csrf, la, f->assessment, f->pupil[0], "E01", "value=O&version=0");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"version\":1"));
	assert_non_null(strstr(r.body, "\"label\":\"On track\""));
	assert_non_null(strstr(r.body, "\"stats\""));
	/* The answer carries the measures of the changed row only, and the column's
	 * statistics counting the new value. */
	{
		char row[64];
		const char *rows, *end;
		snprintf(row, sizeof(row), "\"rows\":[{\"pupil\":%lld,", (long long)f->pupil[0]);
		rows = strstr(r.body, row);
		assert_non_null(rows);
		end = strstr(rows, "}],\"stats\"");
		assert_non_null(end);
		/* no second row before the statistics */
		const char *next = strstr(rows + strlen(row), "{\"pupil\"");
		assert_true(next == NULL || next > end);
		assert_non_null(strstr(r.body, "{\"area\":\"E01\",\"judged\":1,\"pupils\":3,"));
	}
	http_response_free(&r);
	/* A second writer with the version they saw (0): 409 and the cell as it is. */
	r = put_cell(c, csrf, la, f->assessment, f->pupil[0], "E01", "value=Below&version=0");
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "\"current\""));
	assert_non_null(strstr(r.body, "\"label\":\"On track\""));
	assert_non_null(strstr(r.body, "\"version\":1"));
	http_response_free(&r);
	/* The list of the school's assessments. */
	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments?academic_year=2024", la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(
		strstr(r.body, "\"name\":\"Autumn Term Assessment\",\"kind\":\"tracking\""));
	assert_non_null(strstr(r.body, "\"year_groups\":\"R\""));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments?academic_year=2023", la);
	r = http_get(c, path);
	assert_string_equal(r.body, "{\"assessments\":[]}");
	http_response_free(&r);
	/* The cell's history: who, when, old -> new. */
	snprintf(path, sizeof(path),
		 "/api/v1/schools/%d/assessments/%lld/judgements/%lld/E01/history", la,
		 (long long)f->assessment, (long long)f->pupil[0]);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"by\":\"tess.a\""));
	assert_non_null(strstr(r.body, "\"field\":\"value\",\"old\":\"\",\"new\":\"On track\""));
	http_response_free(&r);
	/* Unknown values and areas are refused with a reason; nothing stored. */
	r = put_cell(c, csrf, la, f->assessment, f->pupil[0], "E01", "value=Q&version=1");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "B (Below)"));
	http_response_free(&r);
	assert_int_equal(put_cell_status(c, csrf, la, f->assessment, f->pupil[0], "E99",
					 "value=O&version=0"),
			 404);
	/* Without the CSRF token: refused. */
	assert_int_equal(put_cell_status(c, NULL, la, f->assessment, f->pupil[0], "E01",
					 "value=B&version=1"),
			 403);
	/* The grid still says On track, version 1. */
	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/%lld/grid", la,
		 (long long)f->assessment);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"area\":\"E01\",\"value\":2,\"label\":\"On track\","
				       "\"version\":1"));
	http_response_free(&r);
	/* Fill the column E02, then the stale fill (versions seen before) is 409. */
	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/%lld/fill", la,
		 (long long)f->assessment);
	{
		char seen[256];
		snprintf(seen, sizeof(seen),
			 "value=B&area=E02&versions=%lld:E02:0,%lld:E02:0,%lld:E02:0",
			 (long long)f->pupil[0], (long long)f->pupil[1], (long long)f->pupil[2]);
		r = post_api(c, csrf, path, seen);
		assert_int_equal(r.status, 200);
		assert_non_null(strstr(r.body, "\"cells\":[{"));
		http_response_free(&r);
		seen[6] = 'O';
		assert_int_equal(post_api_status(c, csrf, path, seen), 409);
	}
	assert_int_equal(post_api_status(c, NULL, path, "value=O&area=E02"), 403);
	free(csrf);
	http_client_free(c);
}

/* A column fill from a filtered screen (grid.js sends the visible rows'
 * versions and the filter) writes only those rows; hidden pupils keep their
 * cells; a fill naming another school's pupil is refused whole. */
static void test_filtered_fill(void **state)
{
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	int la = f->w->laestab[SCHOOL_A];
	struct store_conn *conn = store_acquire(f->w->app->store);
	struct http_response r;
	char path[160], form[256], *csrf;
	int64_t boy = 0, other = 0;
	struct pupil p;

	for (int i = 0; i < 3; i++) {
		assert_int_equal(store_pupil_get(conn, f->pupil[i], &p), ERR_OK);
		if (p.gender == GENDER_MALE)
			boy = p.id;
	}
	{
		struct pupil_query q = { .establishment_id = f->w->school[SCHOOL_B].id };
		struct pupil *list = NULL;
		size_t n = 0;
		assert_int_equal(store_pupil_list(conn, &q, &list, &n), ERR_OK);
		assert_true(n > 0);
		other = list[0].id;
		free(list);
	}
	store_release(conn);
	assert_true(boy > 0);
	csrf = fx_sign_in(f, c, U_TEACHER_A, la, "");
	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/%lld/fill?f_gender=M", la,
		 (long long)f->assessment);
	snprintf(form, sizeof(form), "value=B&area=E04&versions=%lld:E04:0", (long long)boy);
	r = post_api(c, csrf, path, form);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"stats\""));
	http_response_free(&r);
	/* Without versions, the filter alone: still only the boy. */
	snprintf(form, sizeof(form), "value=O&area=E05");
	assert_int_equal(post_api_status(c, csrf, path, form), 200);
	/* Another school's pupil listed: 404, nothing written. */
	snprintf(form, sizeof(form), "value=O&area=E06&versions=%lld:E06:0,%lld:E06:0",
		 (long long)boy, (long long)other);
	assert_int_equal(post_api_status(c, csrf, path, form), 404);

	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/%lld/grid", la,
		 (long long)f->assessment);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	for (int i = 0; i < 3; i++) {
		const char *e4 = grid_cell(r.body, f->pupil[i], "E04");
		const char *e5 = grid_cell(r.body, f->pupil[i], "E05");
		const char *e6 = grid_cell(r.body, f->pupil[i], "E06");
		assert_non_null(e4);
		assert_non_null(e5);
		assert_non_null(e6);
		assert_true(strncmp(strstr(e4, "\"value\":"),
				    f->pupil[i] == boy ? "\"value\":1," : "\"value\":0,", 10) == 0);
		assert_true(strncmp(strstr(e5, "\"value\":"),
				    f->pupil[i] == boy ? "\"value\":2," : "\"value\":0,", 10) == 0);
		assert_true(strncmp(strstr(e6, "\"value\":"), "\"value\":0,", 10) == 0);
	}
	http_response_free(&r);
	free(csrf);
	http_client_free(c);
}

/* The batch endpoint: all or nothing, each refused line with its reason. */
static void test_batch_api(void **state)
{
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	int la = f->w->laestab[SCHOOL_A];
	struct store_conn *conn;
	struct pupil_query q = { .establishment_id = f->w->school[SCHOOL_B].id };
	struct pupil *theirs = NULL;
	struct http_response r;
	char changes[512], *csrf;
	size_t n = 0;

	conn = store_acquire(f->w->app->store);
	assert_int_equal(store_pupil_list(conn, &q, &theirs, &n), ERR_OK);
	store_release(conn);
	assert_true(n > 0);
	csrf = fx_sign_in(f, c, U_TEACHER_A, la, "?year=2024");

	/* Without the CSRF token: refused, nothing saved. */
	snprintf(changes, sizeof(changes), "%lld,E01,0,O\n", (long long)f->pupil[0]);
	r = patch_batch(c, NULL, la, f->assessment, changes);
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	/* Malformed: the line is named. */
	snprintf(changes, sizeof(changes), "%lld,E01,0,O\n%lld,E99,0,O\n", (long long)f->pupil[0],
		 (long long)f->pupil[1]);
	r = patch_batch(c, csrf, la, f->assessment, changes);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "line 2: the area must be E01 to E17"));
	http_response_free(&r);
	/* An unknown value and a pupil of another school: 422, each line listed. */
	snprintf(changes, sizeof(changes), "%lld,E01,0,O\r\n%lld,E02,0,Maybe\r\n%lld,E01,0,B\r\n",
		 (long long)f->pupil[0], (long long)f->pupil[1], (long long)theirs[0].id);
	r = patch_batch(c, csrf, la, f->assessment, changes);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "nothing was saved"));
	assert_non_null(strstr(r.body, "\"line\":2"));
	assert_non_null(strstr(r.body, "line 2: \\\"Maybe\\\" is not a tracking judgement"));
	assert_non_null(strstr(r.body, "line 3: There is no such pupil at this school."));
	assert_null(strstr(r.body, theirs[0].surname));
	http_response_free(&r);
	/* All good: saved, with the new versions and the statistics. */
	snprintf(changes, sizeof(changes), "%lld,E01,0,O\n%lld,E01,0,B\n%lld,E02,0,O,green\n",
		 (long long)f->pupil[0], (long long)f->pupil[1], (long long)f->pupil[2]);
	r = patch_batch(c, csrf, la, f->assessment, changes);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"saved\":3"));
	assert_non_null(strstr(r.body, "\"colour\":\"green\""));
	assert_non_null(strstr(r.body, "\"stats\""));
	http_response_free(&r);
	/* The same batch again carries stale versions: 409 with the current cells. */
	r = patch_batch(c, csrf, la, f->assessment, changes);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "\"conflict\":true"));
	assert_non_null(strstr(r.body, "\"current\""));
	http_response_free(&r);
	/* Another school's assessment through this one: 404. */
	snprintf(changes, sizeof(changes), "%lld,E03,0,O\n", (long long)f->pupil[0]);
	r = patch_batch(c, csrf, f->w->laestab[SCHOOL_B], f->assessment, changes);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	free(theirs);
	free(csrf);
	http_client_free(c);
}

/* path and missing (a path to nothing) both answer 404, and alike. */
static void same_404(struct http_client *c, const char *path, const char *missing)
{
	struct http_response r = http_get(c, path), m = http_get(c, missing);

	assert_int_equal(r.status, 404);
	assert_int_equal(m.status, 404);
	assert_string_equal(r.body, m.body);
	http_response_free(&r);
	http_response_free(&m);
}

/* The issue's paths: the school from ?establishment= or from the assessment
 * itself, the same answers as the school paths, and the same refusals: no
 * establishment 400, another school's or a missing one 404 alike, CSRF on the
 * cookie write, a bearer token without it. */
static void test_issue_paths(void **state)
{
	struct fx *f = *state;
	struct http_client *a = world_client(f->w, U_TEACHER_A);
	struct http_client *b = world_client(f->w, U_TEACHER_B);
	int la_a = f->w->laestab[SCHOOL_A], la_b = f->w->laestab[SCHOOL_B];
	long long id = (long long)f->assessment;
	struct http_response r, r2;
	char path[160], path2[160], csrf_hdr[128], form[160], bearer[TOKEN_TEXT_LEN + 32];
	char token[TOKEN_TEXT_LEN + 1], *csrf;

	csrf = fx_sign_in(f, a, U_TEACHER_A, la_a, "?year=2024");
	snprintf(csrf_hdr, sizeof(csrf_hdr), "X-CSRF-Token: %s", csrf);

	/* The list: the same answer as the school path. */
	snprintf(path, sizeof(path), "/api/v1/assessments?establishment=%d&academic_year=2024",
		 la_a);
	snprintf(path2, sizeof(path2), "/api/v1/schools/%d/assessments?academic_year=2024", la_a);
	r = http_get(a, path);
	r2 = http_get(a, path2);
	assert_int_equal(r.status, 200);
	assert_int_equal(r2.status, 200);
	assert_string_equal(r.body, r2.body);
	assert_non_null(strstr(r.body, "Autumn Term Assessment"));
	http_response_free(&r);
	http_response_free(&r2);
	/* No establishment: 400 naming it; another school's or none: 404 alike. */
	r = http_get(a, "/api/v1/assessments?academic_year=2024");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "establishment"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/assessments?establishment=%d", la_b);
	same_404(a, path, "/api/v1/assessments?establishment=9999999");

	/* The grid by the assessment's id alone: the same answer as the school path. */
	snprintf(path, sizeof(path), "/api/v1/assessments/%lld/grid", id);
	snprintf(path2, sizeof(path2), "/api/v1/schools/%d/assessments/%lld/grid", la_a, id);
	r = http_get(a, path);
	r2 = http_get(a, path2);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, r2.body);
	assert_non_null(strstr(r.body, "\"stats\""));
	http_response_free(&r);
	http_response_free(&r2);
	r = http_get(a, "/api/v1/assessments/999999/grid");
	assert_int_equal(r.status, 404);
	http_response_free(&r);

	/* The batch: CSRF required with the cookie; saved; the school path then
	 * sees the new version (a stale write there is a conflict). */
	snprintf(path, sizeof(path), "/api/v1/assessments/%lld/judgements", id);
	snprintf(path2, sizeof(path2), "/api/v1/schools/%d/assessments/%lld/judgements", la_a, id);
	snprintf(form, sizeof(form), "changes=%lld%%2CE05%%2C0%%2CO", (long long)f->pupil[0]);
	r = send(a, "PATCH", path, NULL, NULL, form);
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	r = send(a, "PATCH", path, csrf_hdr, NULL, form);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"saved\":1"));
	http_response_free(&r);
	r = send(a, "PATCH", path2, csrf_hdr, NULL, form);
	assert_int_equal(r.status, 409);
	http_response_free(&r);
	/* A bearer token needs no CSRF token, as on the school paths. */
	{
		struct actor who = { 0, "test", "" };
		struct errbuf eb = { "" };
		struct store_conn *conn = store_acquire(f->w->app->store);
		if (account_api_token_create(f->w->app, conn, &who, f->w->user[U_TEACHER_A].id, 0,
					     token, &eb) != ERR_OK)
			fail_msg("token: %s", eb.msg);
		store_release(conn);
		snprintf(bearer, sizeof(bearer), "Authorization: Bearer %s", token);
	}
	{
		struct http_client *t = world_client(f->w, U_TEACHER_A);
		snprintf(form, sizeof(form), "changes=%lld%%2CE06%%2C0%%2CB",
			 (long long)f->pupil[1]);
		r = send(t, "PATCH", path, bearer, NULL, form);
		assert_int_equal(r.status, 200);
		assert_non_null(strstr(r.body, "\"saved\":1"));
		http_response_free(&r);
		assert_int_equal(http_client_leaks(t), 0);
		http_client_free(t);
	}

	/* A teacher of another school: 404 on every issue path, as for an id that
	 * does not exist; nothing written. */
	free(csrf);
	csrf = fx_sign_in(f, b, U_TEACHER_B, la_b, "");
	snprintf(csrf_hdr, sizeof(csrf_hdr), "X-CSRF-Token: %s", csrf);
	snprintf(path, sizeof(path), "/api/v1/assessments?establishment=%d&academic_year=2024",
		 la_a);
	r = http_get(b, path);
	assert_int_equal(r.status, 404);
	assert_null(strstr(r.body, "Autumn"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/assessments/%lld/grid", id);
	same_404(b, path, "/api/v1/assessments/999999/grid");
	snprintf(path, sizeof(path), "/api/v1/assessments/%lld/judgements", id);
	snprintf(form, sizeof(form), "changes=%lld%%2CE07%%2C0%%2CO", (long long)f->pupil[0]);
	r = send(b, "PATCH", path, csrf_hdr, NULL, form);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	{
		struct store_conn *conn = store_acquire(f->w->app->store);
		long n = 0;
		assert_int_equal(store_judgement_count(conn, f->assessment, &n), ERR_OK);
		assert_int_equal(n, 2);
		store_release(conn);
	}
	assert_int_equal(http_client_leaks(a), 0);
	assert_int_equal(http_client_leaks(b), 0);
	free(csrf);
	http_client_free(a);
	http_client_free(b);
}

/* Submitted ELGs: the grid is shown read-only with the reason, writes are refused. */
static void test_locked_elgs(void **state)
{
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	int la = f->w->laestab[SCHOOL_A];
	const struct actor who = { 0, "cli", "" };
	struct store_conn *conn;
	struct http_response r;
	struct errbuf eb = { "" };
	char path[160], changes[128], *csrf;
	int64_t elg = 0;

	elg = teacher_adds_elgs(f, c, la, &csrf);
	conn = store_acquire(f->w->app->store);
	assert_int_equal(store_submission_submit(conn, &who, f->w->school[SCHOOL_A].id, COLL_EYFSP,
						 2024, &eb),
			 ERR_OK);
	store_release(conn);

	snprintf(path, sizeof(path), "/schools/%d/assessments?year=2024&yg=R&elg=1", la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "class=\"data-table grid locked\""));
	assert_non_null(strstr(r.body, "The early learning goals were submitted on "));
	assert_non_null(strstr(r.body, "ask your LA to unlock them"));
	{
		const char *t = strstr(r.body, "data-kind=\"elg\"");
		assert_non_null(t);
		assert_non_null(strstr(t, "data-editable=\"0\""));
	}
	http_response_free(&r);
	r = put_cell(c, csrf, la, elg, f->pupil[0], "E01", "value=X&version=0");
	assert_int_equal(r.status, 423);
	assert_non_null(strstr(r.body, "ask your LA to unlock them"));
	http_response_free(&r);
	snprintf(changes, sizeof(changes), "%lld,E01,0,X\n", (long long)f->pupil[0]);
	r = patch_batch(c, csrf, la, elg, changes);
	assert_int_equal(r.status, 423);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/%lld/fill", la,
		 (long long)elg);
	assert_int_equal(post_api_status(c, csrf, path, "value=X&area=E02"), 423);
	/* The tracking assessment of the same year is not locked. */
	assert_int_equal(put_cell_status(c, csrf, la, f->assessment, f->pupil[0], "E01",
					 "value=O&version=0"),
			 200);
	free(csrf);
	http_client_free(c);
}

static void test_other_schools(void **state)
{
	struct fx *f = *state;
	struct http_client *b = world_client(f->w, U_TEACHER_B);
	struct http_client *mat = world_client(f->w, U_MAT);
	int la_a = f->w->laestab[SCHOOL_A], la_b = f->w->laestab[SCHOOL_B];
	struct http_response r;
	char path[160], missing[160], *csrf;

	csrf = fx_sign_in(f, b, U_TEACHER_B, la_b, "");
	/* Through school A: 404. Through their own school with A's assessment id: 404,
	 * the same answer as an id that does not exist. */
	assert_int_equal(put_cell_status(b, csrf, la_a, f->assessment, f->pupil[0], "E01",
					 "value=O&version=0"),
			 404);
	assert_int_equal(put_cell_status(b, csrf, la_b, f->assessment, f->pupil[0], "E01",
					 "value=O&version=0"),
			 404);
	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/%lld/grid", la_b,
		 (long long)f->assessment);
	snprintf(missing, sizeof(missing), "/api/v1/schools/%d/assessments/999999/grid", la_b);
	same_404(b, path, missing);
	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld/download?format=csv", la_b,
		 (long long)f->assessment);
	r = http_get(b, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	assert_int_equal(http_client_leaks(b), 0);
	free(csrf);

	/* The trust administrator may read school A's grid but not write to it. */
	assert_int_equal(world_sign_in(f->w, mat, U_MAT), 303);
	snprintf(path, sizeof(path), "/schools/%d/assessments?year=2024", la_a);
	r = http_get(mat, path);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "fill-col"));
	http_response_free(&r);
	csrf = world_csrf(mat, path);
	assert_int_equal(put_cell_status(mat, csrf, la_a, f->assessment, f->pupil[0], "E01",
					 "value=O&version=0"),
			 404);
	free(csrf);
	http_client_free(b);
	http_client_free(mat);
}

/* The grid screen's details (issue 5 review): the denominator row under the
 * statistics, the running ELG total of a row being filled in, the marker of a
 * cell with a note, the Notes column as a button, the custom fields with the
 * school's own names; a reader sees the same grid read-only and may still read
 * a cell's history, but not write. */
static void test_grid_screen_details(void **state)
{
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	struct http_client *mat = world_client(f->w, U_MAT);
	int la = f->w->laestab[SCHOOL_A];
	struct http_response r;
	char path[192], *csrf;
	int64_t elg = 0;

	/* The school names its first custom field; the second pupil has it and is
	 * left out of the data. */
	fx_late_arrival(f, true);

	elg = teacher_adds_elgs(f, c, la, &csrf);

	/* A judgement with a note; the save answers with the column's denominator
	 * over the pupils included (2 of the 3). */
	r = put_cell(c, csrf, la, f->assessment, f->pupil[0], "E01",
		     "value=O&version=0&note=Counts+to+ten");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "{\"area\":\"E01\",\"judged\":1,"));
	assert_non_null(strstr(r.body, "\"displayed\":3,\"included\":2,"));
	http_response_free(&r);
	/* Two of the 17 ELGs: Expected (2) and Emerging (1), a running total of 3. */
	assert_int_equal(put_cell_status(c, csrf, la, elg, f->pupil[0], "E01", "value=X&version=0"),
			 200);
	r = put_cell(c, csrf, la, elg, f->pupil[0], "E02", "value=E&version=0");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"total\":null,\"entered\":2,\"running_total\":3}"));
	http_response_free(&r);

	snprintf(path, sizeof(path), "/schools/%d/assessments?year=2024&yg=R&elg=1&custom=1", la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	{
		const char *track = strstr(r.body, "data-kind=\"tracking\"");
		const char *el = strstr(r.body, "data-kind=\"elg\"");
		assert_non_null(track);
		assert_non_null(el);
		/* the denominator of each column, tracking and ELG */
		assert_non_null(strstr(track, "Pupils judged (of those included in data)"));
		assert_non_null(strstr(track, "<td data-stat=\"E01-judged\">1 of 2</td>"));
		assert_non_null(strstr(track, "<td data-stat=\"E02-judged\">0 of 2</td>"));
		assert_non_null(strstr(el, "<td data-stat=\"E02-judged\">1 of 2</td>"));
		assert_non_null(strstr(el, "<td data-stat=\"E03-judged\">0 of 2</td>"));
		/* the cell with a note: a class, the marker, the note as its title */
		assert_non_null(strstr(track, "<td class=\"cell v2 has-note\" data-elg=\"E01\""));
		assert_non_null(strstr(track,
				       "title=\"Counts to ten\">On track<span "
				       "class=\"note-mark\"><span aria-hidden=\"true\">i</span>"
				       "<span class=\"visually-hidden\"> (has a note)</span>"));
		/* a row being filled in: the running total, marked incomplete */
		assert_non_null(strstr(el,
				       "<td class=\"total partial\" title=\"2 of 17 judged so "
				       "far\">3<span class=\"visually-hidden\"> (2 of 17 judged "
				       "so far)</span></td>"));
		/* the custom fields under the school's own names */
		assert_non_null(strstr(track, "<th scope=\"col\" rowspan=\"2\">Late arrival</th>"));
		assert_non_null(strstr(track, "<th scope=\"col\" rowspan=\"2\">Custom 6</th>"));
		assert_non_null(strstr(track, "<td class=\"custom\">Yes</td>"));
		/* the Notes column is a button, named for the pupil */
		assert_non_null(strstr(track, "<button type=\"button\" class=\"note-edit\"><span "
					      "class=\"visually-hidden\">Notes for "));
	}
	assert_non_null(strstr(r.body, "<p class=\"notice excluded-notice\">Include in Data"));
	assert_non_null(strstr(r.body, "data-displayed=\"3\" data-included=\"2\""));
	assert_non_null(strstr(r.body, "name=\"custom\" value=\"1\" checked"));
	http_response_free(&r);
	/* Without the custom fields asked for: not shown. */
	snprintf(path, sizeof(path), "/schools/%d/assessments?year=2024&yg=R", la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "rowspan=\"2\">Late arrival</th>"));
	assert_null(strstr(r.body, "<td class=\"custom\">"));
	http_response_free(&r);

	/* The trust administrator reads the grid (no buttons to edit) and the cell's
	 * history; their writes are refused. */
	assert_int_equal(world_sign_in(f->w, mat, U_MAT), 303);
	r = http_get(mat, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "data-editable=\"0\""));
	assert_null(strstr(r.body, "class=\"note-edit\""));
	assert_non_null(strstr(r.body, "<td class=\"notes\" data-version=\"0\"><span "
				       "class=\"note-text\"></span></td>"));
	assert_non_null(strstr(r.body, "<span class=\"note-mark\">"));
	http_response_free(&r);
	snprintf(path, sizeof(path),
		 "/api/v1/schools/%d/assessments/%lld/judgements/%lld/E01/history", la,
		 (long long)f->assessment, (long long)f->pupil[0]);
	r = http_get(mat, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"new\":\"Counts to ten\""));
	http_response_free(&r);
	free(csrf);
	snprintf(path, sizeof(path), "/schools/%d/assessments?year=2024", la);
	csrf = world_csrf(mat, path);
	r = put_cell(mat, csrf, la, f->assessment, f->pupil[0], "E01", "value=B&version=1");
	assert_true(r.status == 403 || r.status == 404);
	http_response_free(&r);
	r = put_note(mat, csrf, la, f->assessment, f->pupil[0], "note=Hi&version=0");
	assert_true(r.status == 403 || r.status == 404);
	http_response_free(&r);
	free(csrf);
	http_client_free(c);
	http_client_free(mat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_grid_page_and_home, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_filtered_fill, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_put_versions_and_conflict, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_other_schools, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_batch_api, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_issue_paths, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_locked_elgs, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_grid_screen_details, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
