/*
 * test_assessments: the EYFS screens and API over HTTP: a teacher creates an
 * assessment, sees the grid as a real table, writes judgements through the API
 * with versions (a stale version answers 409 with the current cell), fills a
 * column, downloads CSV and XLSX; CSRF is required on every write; another
 * school's assessment answers 404 on every path; a teacher of another school
 * and a trust administrator (read-only) cannot write. The issue's paths
 * (/api/v1/assessments?establishment=, /api/v1/assessments/{id}/...) answer as
 * the school paths do, with the same refusals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/account.h"
#include "app/app.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/statutory.h"
#include "store/store.h"

struct fx {
	struct world *w;
	int64_t assessment; /* created by teacher A */
	int64_t pupil[3];   /* school A's pupils (Reception in 2024/25) */
};

static struct http_response put_cell(struct http_client *c, const char *csrf, int laestab,
				     int64_t id, int64_t pupil, const char *area, const char *form)
{
	char path[160], hdr[128];
	const char *headers[] = { hdr, NULL };

	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/%lld/judgements/%lld/%s",
		 laestab, (long long)id, (long long)pupil, area);
	snprintf(hdr, sizeof(hdr), "X-CSRF-Token: %s", csrf ? csrf : "");
	return http_request(c, "PUT", path, csrf ? headers : NULL,
			    "application/x-www-form-urlencoded", form, strlen(form));
}

static struct http_response post_api(struct http_client *c, const char *csrf, const char *path,
				     const char *form)
{
	char hdr[128];
	const char *headers[] = { hdr, NULL };

	snprintf(hdr, sizeof(hdr), "X-CSRF-Token: %s", csrf ? csrf : "");
	return http_request(c, "POST", path, csrf ? headers : NULL,
			    "application/x-www-form-urlencoded", form, strlen(form));
}

/* Teacher A signs in and adds the end-of-year ELGs of 2024/25 through the
 * form ("+" menu); the assessment's id, and the page's CSRF token in *csrf. */
static int64_t teacher_adds_elgs(struct fx *f, struct http_client *c, int la, char **csrf)
{
	struct store_conn *conn;
	struct assessment *list = NULL;
	struct http_response r;
	char path[160], form[512];
	int64_t elg = 0;
	size_t n = 0;

	assert_int_equal(world_sign_in(f->w, c, U_TEACHER_A), 303);
	snprintf(path, sizeof(path), "/schools/%d/assessments", la);
	*csrf = world_csrf(c, path);
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

static int setup(void **state)
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
	assert_int_equal(world_sign_in(f->w, c, U_TEACHER_A), 303);
	snprintf(path, sizeof(path), "/schools/%d/assessments", f->w->laestab[SCHOOL_A]);
	csrf = world_csrf(c, path);
	snprintf(form, sizeof(form),
		 "csrf=%s&kind=tracking&name=Autumn+Term+Assessment&date=14%%2F10%%2F2024&yg_r=1",
		 csrf);
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

static int teardown(void **state)
{
	struct fx *f = *state;

	world_free(f->w);
	free(f);
	return 0;
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

	assert_int_equal(world_sign_in(f->w, c, U_TEACHER_A), 303);
	snprintf(path, sizeof(path), "/schools/%d/assessments", la);
	csrf = world_csrf(c, path);

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
	r = put_cell(c, csrf, la, f->assessment, f->pupil[0], "E99", "value=O&version=0");
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	/* Without the CSRF token: refused. */
	r = put_cell(c, NULL, la, f->assessment, f->pupil[0], "E01", "value=B&version=1");
	assert_int_equal(r.status, 403);
	http_response_free(&r);
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
		r = post_api(c, csrf, path, seen);
		assert_int_equal(r.status, 409);
		http_response_free(&r);
	}
	r = post_api(c, NULL, path, "value=O&area=E02");
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	free(csrf);
	http_client_free(c);
}

static char *unzip_member(const char *file, const char *member);

/* The grid's JSON cell of pupil in area, or NULL. */
static const char *grid_cell(const char *body, int64_t pupil, const char *area)
{
	char key[96];

	snprintf(key, sizeof(key), "{\"pupil\":%lld,\"area\":\"%s\",", (long long)pupil, area);
	return strstr(body, key);
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
	assert_int_equal(world_sign_in(f->w, c, U_TEACHER_A), 303);
	snprintf(path, sizeof(path), "/schools/%d/assessments", la);
	csrf = world_csrf(c, path);
	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/%lld/fill?f_gender=M", la,
		 (long long)f->assessment);
	snprintf(form, sizeof(form), "value=B&area=E04&versions=%lld:E04:0", (long long)boy);
	r = post_api(c, csrf, path, form);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"stats\""));
	http_response_free(&r);
	/* Without versions, the filter alone: still only the boy. */
	snprintf(form, sizeof(form), "value=O&area=E05");
	r = post_api(c, csrf, path, form);
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	/* Another school's pupil listed: 404, nothing written. */
	snprintf(form, sizeof(form), "value=O&area=E06&versions=%lld:E06:0,%lld:E06:0",
		 (long long)boy, (long long)other);
	r = post_api(c, csrf, path, form);
	assert_int_equal(r.status, 404);
	http_response_free(&r);

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

/* The XLSX as a table of cells with their fill colours (xlsx_cells.py reads
 * xl/styles.xml and the sheet's XML); the caller frees. */
static char *xlsx_cells(const char *file, const char *sheet)
{
	struct strbuf out = STRBUF_INIT;
	char *script = tu_source_path("tests/integration/xlsx_cells.py");
	char cmd[2048], chunk[4096];
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "python3 '%s' '%s' '%s'", script, file, sheet);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		strbuf_add(&out, chunk, n);
	assert_int_equal(pclose(p), 0);
	free(script);
	return strbuf_detach(&out, NULL);
}

/* The first row (from 1) after row `after` of a line "A<row>\t<text>\t" in
 * cells, 0 when none. */
static int xlsx_row_after(const char *cells, const char *text, int after)
{
	for (const char *s = cells; s && *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL) {
		char *end;
		long row;
		if (*s != 'A')
			continue;
		row = strtol(s + 1, &end, 10);
		if (*end == '\t' && row > after && strncmp(end + 1, text, strlen(text)) == 0 &&
		    end[1 + strlen(text)] == '\t')
			return (int)row;
	}
	return 0;
}

/* The row (from 1) of the line "A<row>\t<text>\t" in cells, 0 when none. */
static int xlsx_row_of(const char *cells, const char *text)
{
	return xlsx_row_after(cells, text, 0);
}

/* Whether cells has "<col><row>\t<text>\t<fill>\n". */
static bool xlsx_has(const char *cells, const char *col, int row, const char *text,
		     const char *fill)
{
	char want[256];

	snprintf(want, sizeof(want), "\n%s%d\t%s\t%s\n", col, row, text, fill);
	return strstr(cells, want) != NULL;
}

/* Downloads path into dir/name; returns the file's path (caller frees). */
static char *download_to(struct http_client *c, const char *path, const char *dir, const char *name)
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

/* The colours survive in the XLSX: GLD Yes green and No red on the GLD column
 * of the right pupils (blank while incomplete), a "gone beyond" colour on its
 * On track cell only; a cell's note is a comment on that cell. */
static void test_xlsx_colours(void **state)
{
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	int la = f->w->laestab[SCHOOL_A];
	struct store_conn *conn;
	struct http_response r;
	char path[200], form[512], name[3][2 * PERSON_NAME_MAX + 4], *csrf, *dir, *file, *cells,
		*comments;
	int64_t elg = 0;
	int row[3];

	conn = store_acquire(f->w->app->store);
	for (int i = 0; i < 3; i++) {
		struct pupil p;
		assert_int_equal(store_pupil_get(conn, f->pupil[i], &p), ERR_OK);
		snprintf(name[i], sizeof(name[i]), "%s, %s", p.surname, p.forenames);
	}
	store_release(conn);
	elg = teacher_adds_elgs(f, c, la, &csrf);
	/* pupil 0: all Expected (GLD Yes); pupil 1: Emerging in E01 (GLD No);
	 * pupil 2: nothing (GLD blank). */
	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/%lld/fill", la,
		 (long long)elg);
	snprintf(form, sizeof(form), "value=X&pupil=%lld", (long long)f->pupil[0]);
	r = post_api(c, csrf, path, form);
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	r = put_cell(c, csrf, la, elg, f->pupil[1], "E01", "value=E&version=0");
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	/* tracking: pupil 0 On track in E03 and gone beyond (green); pupil 1 On
	 * track in E03 without a colour, and a note on their E02 */
	r = put_cell(c, csrf, la, f->assessment, f->pupil[0], "E03",
		     "value=O&version=0&colour=green");
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	r = put_cell(c, csrf, la, f->assessment, f->pupil[1], "E03", "value=O&version=0");
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	r = put_cell(c, csrf, la, f->assessment, f->pupil[1], "E02",
		     "value=B&version=0&note=%3DHYPERLINK(1)+%26+%3Cb%3Ehelp%3C%2Fb%3E");
	assert_int_equal(r.status, 200);
	http_response_free(&r);

	dir = tu_temp_dir("eyfs-colours");
	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld/download?format=xlsx", la,
		 (long long)elg);
	file = download_to(c, path, dir, "elg.xlsx");
	cells = xlsx_cells(file, "xl/worksheets/sheet1.xml");
	for (int i = 0; i < 3; i++) {
		row[i] = xlsx_row_of(cells, name[i]);
		assert_true(row[i] >= 3);
	}
	/* GLD is column P (after E01-E12 in D-O): green Yes, red No, blank. */
	assert_true(xlsx_has(cells, "O", 2, "Numerical Patterns", "FFE7E6E6"));
	assert_true(xlsx_has(cells, "P", 2, "Good Level of Development", "FFE7E6E6"));
	assert_true(xlsx_has(cells, "P", row[0], "Yes", "FFC6EFCE"));
	assert_true(xlsx_has(cells, "P", row[1], "No", "FFFFC7CE"));
	assert_null(strstr(cells, "\tYes\tFFFFC7CE"));
	assert_null(strstr(cells, "\tNo\tFFC6EFCE"));
	{
		char p2[16];
		snprintf(p2, sizeof(p2), "\nP%d\t", row[2]);
		assert_null(strstr(cells, p2)); /* incomplete: no text, no fill */
	}
	assert_true(xlsx_has(cells, "D", row[0], "Expected", ""));
	assert_true(xlsx_has(cells, "V", row[0], "34", ""));
	free(cells);
	free(file);

	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld/download?format=xlsx", la,
		 (long long)f->assessment);
	file = download_to(c, path, dir, "track.xlsx");
	cells = xlsx_cells(file, "xl/worksheets/sheet1.xml");
	for (int i = 0; i < 3; i++)
		row[i] = xlsx_row_of(cells, name[i]);
	/* E03 is column F: the gone-beyond green on pupil 0's On track only. */
	assert_true(xlsx_has(cells, "F", row[0], "On track", "FFA9D08E"));
	assert_true(xlsx_has(cells, "F", row[1], "On track", ""));
	assert_true(xlsx_has(cells, "E", row[1], "Below", ""));
	/* the foot: the denominator row */
	{
		int judged = xlsx_row_of(cells, "Judged (of the pupils included in data)");
		assert_true(judged > row[0] && judged > row[1] && judged > row[2]);
		assert_true(xlsx_has(cells, "F", judged, "2 of 3", ""));
		assert_true(xlsx_has(cells, "E", judged, "1 of 3", ""));
	}
	free(cells);
	/* the note is a comment on E2 of pupil 1, as text */
	comments = unzip_member(file, "xl/comments1.xml");
	{
		char ref[32];
		snprintf(ref, sizeof(ref), "<comment ref=\"E%d\"", row[1]);
		assert_non_null(strstr(comments, ref));
		assert_non_null(strstr(comments, "=HYPERLINK(1) &amp; &lt;b&gt;help&lt;/b&gt;"));
	}
	free(comments);
	free(file);
	free(dir);
	free(csrf);
	http_client_free(c);
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
	char path[160], changes[512], *csrf;
	size_t n = 0;

	conn = store_acquire(f->w->app->store);
	assert_int_equal(store_pupil_list(conn, &q, &theirs, &n), ERR_OK);
	store_release(conn);
	assert_true(n > 0);
	assert_int_equal(world_sign_in(f->w, c, U_TEACHER_A), 303);
	snprintf(path, sizeof(path), "/schools/%d/assessments?year=2024", la);
	csrf = world_csrf(c, path);

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

/* A request with optional extra headers and a form body. */
static struct http_response send(struct http_client *c, const char *method, const char *path,
				 const char *h1, const char *h2, const char *form)
{
	const char *headers[] = { h1, h2, NULL };

	return http_request(c, method, path, h1 ? headers : NULL,
			    form ? "application/x-www-form-urlencoded" : NULL, form,
			    form ? strlen(form) : 0);
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

	assert_int_equal(world_sign_in(f->w, a, U_TEACHER_A), 303);
	snprintf(path, sizeof(path), "/schools/%d/assessments?year=2024", la_a);
	csrf = world_csrf(a, path);
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
	r = http_get(a, path);
	r2 = http_get(a, "/api/v1/assessments?establishment=9999999");
	assert_int_equal(r.status, 404);
	assert_int_equal(r2.status, 404);
	assert_string_equal(r.body, r2.body);
	http_response_free(&r);
	http_response_free(&r2);

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
	assert_int_equal(world_sign_in(f->w, b, U_TEACHER_B), 303);
	free(csrf);
	snprintf(path, sizeof(path), "/schools/%d/assessments", la_b);
	csrf = world_csrf(b, path);
	snprintf(csrf_hdr, sizeof(csrf_hdr), "X-CSRF-Token: %s", csrf);
	snprintf(path, sizeof(path), "/api/v1/assessments?establishment=%d&academic_year=2024",
		 la_a);
	r = http_get(b, path);
	assert_int_equal(r.status, 404);
	assert_null(strstr(r.body, "Autumn"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/assessments/%lld/grid", id);
	r = http_get(b, path);
	r2 = http_get(b, "/api/v1/assessments/999999/grid");
	assert_int_equal(r.status, 404);
	assert_int_equal(r2.status, 404);
	assert_string_equal(r.body, r2.body);
	http_response_free(&r);
	http_response_free(&r2);
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
	r = post_api(c, csrf, path, "value=X&area=E02");
	assert_int_equal(r.status, 423);
	http_response_free(&r);
	/* The tracking assessment of the same year is not locked. */
	r = put_cell(c, csrf, la, f->assessment, f->pupil[0], "E01", "value=O&version=0");
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	free(csrf);
	http_client_free(c);
}

static char *unzip_member(const char *file, const char *member)
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

/* "All data": every year group, by year group then date, each grid with its foot
 * statistics; read back from the XLSX: the cells are there and text is text. */
static void test_all_data_download(void **state)
{
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	int la = f->w->laestab[SCHOOL_A];
	struct http_response r;
	char path[200], form[512], file[1024], *csrf, *dir, *strings, *sheet1;
	const char *baseline, *autumn, *nursery;
	FILE *fp;

	assert_int_equal(world_sign_in(f->w, c, U_TEACHER_A), 303);
	snprintf(path, sizeof(path), "/schools/%d/assessments", la);
	csrf = world_csrf(c, path);
	snprintf(form, sizeof(form),
		 "csrf=%s&kind=tracking&name=Baseline+Check&date=02%%2F09%%2F2024&yg_r=1", csrf);
	r = http_post_form(c, path, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	snprintf(form, sizeof(form),
		 "csrf=%s&kind=tracking&name=Nursery+Spring&date=10%%2F03%%2F2025&yg_n2=1", csrf);
	r = http_post_form(c, path, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	r = put_cell(c, csrf, la, f->assessment, f->pupil[0], "E01", "value=B&version=0");
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/%lld/notes/%lld", la,
		 (long long)f->assessment, (long long)f->pupil[0]);
	{
		char hdr[128];
		const char *headers[] = { hdr, NULL };
		const char *body = "note=%3DSUM(A1)+and+O%27Neill&version=0";
		snprintf(hdr, sizeof(hdr), "X-CSRF-Token: %s", csrf);
		r = http_request(c, "PUT", path, headers, "application/x-www-form-urlencoded", body,
				 strlen(body));
		assert_int_equal(r.status, 200);
		http_response_free(&r);
	}

	/* The screen offers both downloads. */
	snprintf(path, sizeof(path), "/schools/%d/assessments?year=2024&yg=R", la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Screen data (Excel)"));
	snprintf(path, sizeof(path),
		 "/schools/%d/assessments/download?format=xlsx&amp;year=2024&amp;all=1", la);
	assert_non_null(strstr(r.body, path));
	http_response_free(&r);

	/* CSV of all data: N2 first, then Reception by date; the foot statistics. */
	snprintf(path, sizeof(path), "/schools/%d/assessments/download?format=csv&year=2024&all=1",
		 la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Type", "text/csv"));
	nursery = strstr(r.body, "N2: Nursery Spring (10/03/2025)");
	baseline = strstr(r.body, "Reception: Baseline Check (02/09/2024)");
	autumn = strstr(r.body, "Reception: Autumn Term Assessment (14/10/2024)");
	assert_non_null(nursery);
	assert_non_null(baseline);
	assert_non_null(autumn);
	assert_true(nursery < baseline && baseline < autumn);
	assert_non_null(strstr(autumn, "Total number Below,,,1,"));
	assert_non_null(strstr(autumn, "'=SUM(A1) and O'Neill"));
	http_response_free(&r);
	/* A year without assessments: a file that says so. */
	snprintf(path, sizeof(path), "/schools/%d/assessments/download?format=csv&year=2020&all=1",
		 la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "There are no assessments for this academic year."));
	http_response_free(&r);
	/* Screen data of Nursery 2 holds only that year group. */
	snprintf(path, sizeof(path), "/schools/%d/assessments/download?format=csv&year=2024&yg=N2",
		 la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Nursery Spring"));
	assert_null(strstr(r.body, "Autumn Term Assessment"));
	http_response_free(&r);

	/* The XLSX read back. */
	snprintf(path, sizeof(path), "/schools/%d/assessments/download?format=xlsx&year=2024&all=1",
		 la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, "PK", 2);
	dir = tu_temp_dir("eyfs-xlsx");
	snprintf(file, sizeof(file), "%s/all.xlsx", dir);
	fp = fopen(file, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(r.body, 1, r.body_len, fp), r.body_len);
	fclose(fp);
	http_response_free(&r);
	strings = unzip_member(file, "xl/sharedStrings.xml");
	sheet1 = unzip_member(file, "xl/worksheets/sheet1.xml");
	assert_non_null(strstr(strings, "<t>Reception: Autumn Term Assessment (14/10/2024)</t>"));
	assert_non_null(strstr(strings, "<t>Below</t>"));
	assert_non_null(strstr(strings, "<t>Total number Below</t>"));
	assert_non_null(strstr(strings, "<t>=SUM(A1) and O'Neill</t>"));
	assert_null(strstr(sheet1, "<f>"));	     /* no formula anywhere */
	assert_non_null(strstr(sheet1, "<v>1</v>")); /* the count of Below is a number */
	free(strings);
	free(sheet1);
	free(dir);
	free(csrf);
	http_client_free(c);
}

static void test_other_schools(void **state)
{
	struct fx *f = *state;
	struct http_client *b = world_client(f->w, U_TEACHER_B);
	struct http_client *mat = world_client(f->w, U_MAT);
	int la_a = f->w->laestab[SCHOOL_A], la_b = f->w->laestab[SCHOOL_B];
	struct http_response r, missing;
	char path[160], *csrf;

	assert_int_equal(world_sign_in(f->w, b, U_TEACHER_B), 303);
	snprintf(path, sizeof(path), "/schools/%d/assessments", la_b);
	csrf = world_csrf(b, path);
	/* Through school A: 404. Through their own school with A's assessment id: 404,
	 * the same answer as an id that does not exist. */
	r = put_cell(b, csrf, la_a, f->assessment, f->pupil[0], "E01", "value=O&version=0");
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	r = put_cell(b, csrf, la_b, f->assessment, f->pupil[0], "E01", "value=O&version=0");
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/%lld/grid", la_b,
		 (long long)f->assessment);
	r = http_get(b, path);
	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/999999/grid", la_b);
	missing = http_get(b, path);
	assert_int_equal(r.status, 404);
	assert_int_equal(missing.status, 404);
	assert_string_equal(r.body, missing.body);
	http_response_free(&r);
	http_response_free(&missing);
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
	r = put_cell(mat, csrf, la_a, f->assessment, f->pupil[0], "E01", "value=O&version=0");
	assert_int_equal(r.status, 404);
	http_response_free(&r);
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
	const struct actor who = { 0, "cli", "" };
	struct estab_profile prof;
	struct store_conn *conn;
	struct http_response r;
	struct errbuf eb = { "" };
	struct pupil p;
	char path[192], *csrf;
	int64_t elg = 0;

	/* The school names its first custom field; the second pupil has it and is
	 * left out of the data. */
	conn = store_acquire(f->w->app->store);
	assert_int_equal(store_estab_profile_get(conn, f->w->school[SCHOOL_A].id, &prof), ERR_OK);
	snprintf(prof.custom_name[0], sizeof(prof.custom_name[0]), "Late arrival");
	assert_int_equal(store_estab_profile_set(conn, &who, f->w->school[SCHOOL_A].id, &prof, &eb),
			 ERR_OK);
	assert_int_equal(store_pupil_get(conn, f->pupil[1], &p), ERR_OK);
	p.custom[0] = true;
	p.include_in_data = false;
	assert_int_equal(store_pupil_update(conn, &who, &p, &eb), ERR_OK);
	store_release(conn);

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
	r = put_cell(c, csrf, la, elg, f->pupil[0], "E01", "value=X&version=0");
	assert_int_equal(r.status, 200);
	http_response_free(&r);
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
	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/%lld/notes/%lld", la,
		 (long long)f->assessment, (long long)f->pupil[0]);
	{
		char hdr[128];
		const char *headers[] = { hdr, NULL };
		snprintf(hdr, sizeof(hdr), "X-CSRF-Token: %s", csrf);
		r = http_request(mat, "PUT", path, headers, "application/x-www-form-urlencoded",
				 "note=Hi&version=0", 17);
		assert_true(r.status == 403 || r.status == 404);
		http_response_free(&r);
	}
	free(csrf);
	http_client_free(c);
	http_client_free(mat);
}

static void test_downloads_and_delete(void **state)
{
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	int la = f->w->laestab[SCHOOL_A];
	struct http_response r;
	char path[160], form[256], *csrf;

	assert_int_equal(world_sign_in(f->w, c, U_TEACHER_A), 303);
	snprintf(path, sizeof(path), "/schools/%d/assessments", la);
	csrf = world_csrf(c, path);
	r = put_cell(c, csrf, la, f->assessment, f->pupil[1], "E05", "value=B&version=0");
	assert_int_equal(r.status, 200);
	http_response_free(&r);

	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld/download?format=csv", la,
		 (long long)f->assessment);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Type", "text/csv"));
	assert_true(http_header_has(&r, "Content-Disposition", "attachment"));
	assert_non_null(strstr(r.body, "Pupil,UPN,Include in data,"));
	assert_non_null(strstr(r.body, "Total number Below"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld/download?format=xlsx", la,
		 (long long)f->assessment);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_true(r.body_len > 1000);
	assert_memory_equal(r.body, "PK", 2);
	http_response_free(&r);

	/* Edit: the form shows the assessment; a stale version is refused. */
	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld/edit", la,
		 (long long)f->assessment);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "value=\"Autumn Term Assessment\""));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld", la, (long long)f->assessment);
	snprintf(form, sizeof(form),
		 "csrf=%s&kind=tracking&name=Autumn+Term+1&date=15%%2F10%%2F2024&yg_r=1&version=1",
		 csrf);
	r = http_post_form(c, path, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	r = http_post_form(c, path, form);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "changed by someone else"));
	http_response_free(&r);
	snprintf(form, sizeof(form),
		 "csrf=%s&kind=tracking&name=&date=15%%2F10%%2F2024&yg_r=1&version=2", csrf);
	r = http_post_form(c, path, form);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "Assessment name: enter a name"));
	http_response_free(&r);

	/* Delete: with judgements it asks for confirmation first. */
	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld/delete", la,
		 (long long)f->assessment);
	snprintf(form, sizeof(form), "csrf=%s", csrf);
	r = http_post_form(c, path, form);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "Delete the judgements too"));
	http_response_free(&r);
	snprintf(form, sizeof(form), "csrf=%s&confirm=1", csrf);
	r = http_post_form(c, path, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/api/v1/schools/%d/assessments/%lld/grid", la,
		 (long long)f->assessment);
	r = http_get(c, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	free(csrf);
	http_client_free(c);
}

/* The text of the comment on cell ref in an XLSX's xl/comments1.xml, the
 * markup of its runs included; NULL when the cell has none. Points into xml. */
static const char *comment_on(const char *xml, const char *ref)
{
	char want[32];
	const char *at;

	snprintf(want, sizeof(want), "<comment ref=\"%s\"", ref);
	at = strstr(xml, want);
	return at ? at + strlen(want) : NULL;
}

/* The downloads follow the screen (issue 5 review): a row being filled in shows
 * its running ELG total, marked incomplete (a number with a comment in XLSX, a
 * text "N (M of 17 judged so far)" in CSV); "Screen data" and a grid's own
 * download carry the view's columns: the characteristics and the custom fields
 * under the school's names, Yes/No per pupil, and leave them out when the
 * screen does. */
static void test_downloads_follow_view(void **state)
{
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	int la = f->w->laestab[SCHOOL_A];
	const struct actor who = { 0, "cli", "" };
	struct estab_profile prof;
	struct store_conn *conn;
	struct http_response r;
	struct errbuf eb = { "" };
	struct pupil p;
	char path[256], ref[32], line[256], name[3][2 * PERSON_NAME_MAX + 4];
	char *csrf, *dir, *file, *cells, *comments;
	const char *at;
	int64_t elg = 0;
	int head, title, row[3];

	/* The school names its first custom field; pupil 1 has it. */
	conn = store_acquire(f->w->app->store);
	assert_int_equal(store_estab_profile_get(conn, f->w->school[SCHOOL_A].id, &prof), ERR_OK);
	snprintf(prof.custom_name[0], sizeof(prof.custom_name[0]), "Late arrival");
	assert_int_equal(store_estab_profile_set(conn, &who, f->w->school[SCHOOL_A].id, &prof, &eb),
			 ERR_OK);
	assert_int_equal(store_pupil_get(conn, f->pupil[1], &p), ERR_OK);
	p.custom[0] = true;
	assert_int_equal(store_pupil_update(conn, &who, &p, &eb), ERR_OK);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(store_pupil_get(conn, f->pupil[i], &p), ERR_OK);
		snprintf(name[i], sizeof(name[i]), "%s, %s", p.surname, p.forenames);
	}
	store_release(conn);

	elg = teacher_adds_elgs(f, c, la, &csrf);
	/* Pupil 0 is being filled in: Expected (2) and Emerging (1) of 17. */
	r = put_cell(c, csrf, la, elg, f->pupil[0], "E01", "value=X&version=0");
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	r = put_cell(c, csrf, la, elg, f->pupil[0], "E02", "value=E&version=0");
	assert_int_equal(r.status, 200);
	http_response_free(&r);

	/* The screen's links carry its view. */
	snprintf(path, sizeof(path),
		 "/schools/%d/assessments?year=2024&yg=R&elg=1&chars=1&custom=1&f_gender=F", la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	snprintf(line, sizeof(line),
		 "/schools/%d/assessments/download?format=xlsx&amp;year=2024&amp;yg=R&amp;elg=1"
		 "&amp;chars=1&amp;custom=1&amp;f_gender=F\"",
		 la);
	assert_non_null(strstr(r.body, line));
	snprintf(line, sizeof(line),
		 "/schools/%d/assessments/%lld/download?format=csv&amp;chars=1&amp;custom=1"
		 "&amp;f_gender=F\"",
		 la, (long long)elg);
	assert_non_null(strstr(r.body, line));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/assessments?year=2024&yg=R&elg=1", la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	snprintf(line, sizeof(line),
		 "/schools/%d/assessments/download?format=xlsx&amp;year=2024&amp;yg=R&amp;elg=1\"",
		 la);
	assert_non_null(strstr(r.body, line));
	snprintf(line, sizeof(line), "/schools/%d/assessments/%lld/download?format=xlsx\"", la,
		 (long long)elg);
	assert_non_null(strstr(r.body, line));
	http_response_free(&r);

	/* Screen data (Excel) with the custom fields: the tracking grid first, then
	 * the ELGs, each with the six columns after Include in data (D-I). */
	dir = tu_temp_dir("eyfs-view");
	snprintf(path, sizeof(path),
		 "/schools/%d/assessments/download?format=xlsx&year=2024&yg=R&elg=1&custom=1", la);
	file = download_to(c, path, dir, "screen.xlsx");
	cells = xlsx_cells(file, "xl/worksheets/sheet1.xml");
	head = xlsx_row_of(cells, "Pupil");
	assert_true(head > 0);
	assert_true(xlsx_has(cells, "C", head, "Include in data", "FFE7E6E6"));
	assert_true(xlsx_has(cells, "D", head, "Late arrival", "FFE7E6E6"));
	assert_true(xlsx_has(cells, "E", head, "Custom 2", "FFE7E6E6"));
	assert_true(xlsx_has(cells, "I", head, "Custom 6", "FFE7E6E6"));
	assert_true(
		xlsx_has(cells, "J", head, "Listening, Attention and Understanding", "FFE7E6E6"));
	for (int i = 0; i < 3; i++) {
		row[i] = xlsx_row_after(cells, name[i], head);
		assert_true(row[i] > head);
	}
	assert_true(xlsx_has(cells, "D", row[1], "Yes", ""));
	assert_true(xlsx_has(cells, "D", row[0], "No", ""));
	assert_true(xlsx_has(cells, "E", row[1], "No", ""));
	/* The ELG grid: E01-E12 in J-U, GLD V, E13-E17 W-AA, the total AB. */
	title = xlsx_row_of(cells, "Reception: End of Year ELGs (30/06/2025)");
	assert_true(title > row[0]);
	head = xlsx_row_after(cells, "Pupil", title);
	assert_true(xlsx_has(cells, "D", head, "Late arrival", "FFE7E6E6"));
	assert_true(xlsx_has(cells, "AB", head, "ELG Total Score", "FFE7E6E6"));
	row[0] = xlsx_row_after(cells, name[0], head);
	row[2] = xlsx_row_after(cells, name[2], head);
	assert_true(xlsx_has(cells, "J", row[0], "Expected", ""));
	/* the running total is a number (not shared text) with its marker as the
	 * cell's comment; a row with nothing judged has no total */
	assert_true(xlsx_has(cells, "AB", row[0], "3", ""));
	snprintf(line, sizeof(line), "\nAB%d\t", row[2]);
	assert_null(strstr(cells, line));
	free(cells);
	comments = unzip_member(file, "xl/comments1.xml");
	snprintf(ref, sizeof(ref), "AB%d", row[0]);
	at = comment_on(comments, ref);
	assert_non_null(at);
	assert_non_null(strstr(at, "2 of 17 judged so far"));
	assert_true(strstr(at, "2 of 17 judged so far") < strstr(at, "</comment>"));
	free(comments);
	free(file);

	/* Without custom=1 the columns are not there: the ELGs start at D. */
	snprintf(path, sizeof(path),
		 "/schools/%d/assessments/download?format=xlsx&year=2024&yg=R&elg=1", la);
	file = download_to(c, path, dir, "plain.xlsx");
	cells = xlsx_cells(file, "xl/worksheets/sheet1.xml");
	head = xlsx_row_of(cells, "Pupil");
	assert_true(
		xlsx_has(cells, "D", head, "Listening, Attention and Understanding", "FFE7E6E6"));
	assert_null(strstr(cells, "\tLate arrival\t"));
	assert_null(strstr(cells, "\tCustom 6\t"));
	/* the running total still there and marked, in its usual column V */
	title = xlsx_row_of(cells, "Reception: End of Year ELGs (30/06/2025)");
	row[0] = xlsx_row_after(cells, name[0], title);
	assert_true(xlsx_has(cells, "V", row[0], "3", ""));
	free(cells);
	comments = unzip_member(file, "xl/comments1.xml");
	snprintf(ref, sizeof(ref), "V%d", row[0]);
	at = comment_on(comments, ref);
	assert_non_null(at);
	assert_true(strstr(at, "2 of 17 judged so far") < strstr(at, "</comment>"));
	free(comments);
	free(file);
	free(dir);

	/* Screen data (CSV) with the characteristics and the custom fields: the
	 * screen's headings, Yes/No per pupil; the running total with its marker
	 * as one text. */
	snprintf(path, sizeof(path),
		 "/schools/%d/assessments/download?format=csv&year=2024&yg=R&elg=1&chars=1"
		 "&custom=1",
		 la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Pupil,UPN,Include in data,Gender,SEN,EAL,PP,"
				       "Disadvantaged,Late arrival,Custom 2,Custom 3,Custom 4,"
				       "Custom 5,Custom 6,\"Listening"));
	at = strstr(r.body, name[1]);
	assert_non_null(at);
	at = strchr(at, '\n');
	snprintf(line, sizeof(line), "%.*s", (int)(at - strstr(r.body, name[1])),
		 strstr(r.body, name[1]));
	/* include, 5 characteristics (SEN one letter), then Custom 1 Yes, 2-6 No */
	assert_non_null(strstr(line, ",Yes,No,No,No,No,No,"));
	assert_non_null(strstr(r.body, ",3 (2 of 17 judged so far),"));
	http_response_free(&r);
	/* Without them: the plain headings, no custom values. */
	snprintf(path, sizeof(path),
		 "/schools/%d/assessments/download?format=csv&year=2024&yg=R&elg=1", la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Pupil,UPN,Include in data,\"Listening"));
	assert_null(strstr(r.body, "Late arrival"));
	assert_non_null(strstr(r.body, ",3 (2 of 17 judged so far),"));
	http_response_free(&r);
	/* A grid's own download honours the same view. */
	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld/download?format=csv&custom=1",
		 la, (long long)elg);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Pupil,UPN,Include in data,Late arrival,"));
	assert_non_null(strstr(r.body, ",3 (2 of 17 judged so far),"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/assessments/%lld/download?format=csv", la,
		 (long long)elg);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "Late arrival"));
	http_response_free(&r);
	/* "All data" stays the plain columns whatever is asked. */
	snprintf(path, sizeof(path),
		 "/schools/%d/assessments/download?format=csv&year=2024&all=1&custom=1", la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "Late arrival"));
	http_response_free(&r);
	free(csrf);
	http_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_grid_page_and_home, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filtered_fill, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xlsx_colours, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_versions_and_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_schools, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_api, setup, teardown),
		cmocka_unit_test_setup_teardown(test_issue_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_locked_elgs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_data_download, setup, teardown),
		cmocka_unit_test_setup_teardown(test_downloads_and_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grid_screen_details, setup, teardown),
		cmocka_unit_test_setup_teardown(test_downloads_follow_view, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
