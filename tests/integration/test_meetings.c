/*
 * test_meetings: the Reception cohort progress meetings, discussion areas, LA
 * news and the home headline over HTTP: a teacher adds a meeting (the grid
 * shows whole percentages with short labels, "Add row" keeps what was typed
 * without JavaScript, a bad form answers 422 naming the field, nothing
 * stored), edits and deletes it after a confirmation; CSRF is required on
 * every write; another school's meeting answers 404; the trust administrator
 * reads but cannot write; the school admin manages the templates; an LA
 * officer's news appears on the home page of that LA's schools only; the
 * headline counts the Reception cohort of the latest assessment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/app.h"
#include "app/assess.h"
#include "base/xalloc.h"
#include "store/store.h"
#include "store/store_meetings.h"

static const struct actor tester = { 0, "tester", "" };

struct fx {
	struct world *w;
	struct assessment autumn, spring; /* school A, 2024/25 */
	int64_t pupil[3];		  /* school A's pupils (Reception in 2024/25) */
};

static void put(struct fx *f, struct store_conn *c, const struct assessment *a, int64_t pupil,
		enum elg g, const char *value)
{
	struct assess_cell_write wr = { .pupil_id = pupil, .elg = g, .value = value };
	struct assess_written out;
	struct errbuf eb = { "" };

	if (assess_set_cell(f->w->app, c, &tester, &f->w->school[SCHOOL_A], a, &wr, &out, &eb) !=
	    ERR_OK)
		fail_msg("assess_set_cell: %s", eb.msg);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct assess_input in = { .kind = SCALE_TRACKING, .year_groups = ASSESS_YG_R };
	struct pupil_query q = { 0 };
	struct pupil *pupils = NULL;
	struct errbuf eb = { "" };
	struct store_conn *c;
	size_t n = 0;

	f->w = world_new(NULL);
	c = store_acquire(f->w->app->store);
	in.name = "Autumn Term Assessment";
	in.date = (struct date){ 2024, 10, 14 };
	assert_int_equal(assess_create(f->w->app, c, &tester, &f->w->school[SCHOOL_A], &in,
				       &f->autumn, &eb),
			 ERR_OK);
	in.name = "Spring Term Assessment";
	in.date = (struct date){ 2025, 2, 10 };
	assert_int_equal(assess_create(f->w->app, c, &tester, &f->w->school[SCHOOL_A], &in,
				       &f->spring, &eb),
			 ERR_OK);
	q.establishment_id = f->w->school[SCHOOL_A].id;
	assert_int_equal(store_pupil_list(c, &q, &pupils, &n), ERR_OK);
	assert_int_equal(n, 3);
	for (int i = 0; i < 3; i++)
		f->pupil[i] = pupils[i].id;
	free(pupils);
	/* Autumn: one Below in LAU. Spring: two of three On track in both maths ELGs. */
	put(f, c, &f->autumn, f->pupil[0], ELG_E01, "B");
	put(f, c, &f->spring, f->pupil[0], ELG_E11, "O");
	put(f, c, &f->spring, f->pupil[0], ELG_E12, "O");
	put(f, c, &f->spring, f->pupil[1], ELG_E11, "O");
	put(f, c, &f->spring, f->pupil[1], ELG_E12, "O");
	put(f, c, &f->spring, f->pupil[2], ELG_E11, "O");
	put(f, c, &f->spring, f->pupil[2], ELG_E12, "B");
	store_release(c);
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

static long post(struct http_client *c, const char *path, const char *form, char **body)
{
	struct http_response r = http_post_form(c, path, form);
	long status = r.status;

	if (body)
		*body = xstrdup(r.body ? r.body : "");
	http_response_free(&r);
	return status;
}

static void test_meeting_crud(void **state)
{
	struct fx *f = *state;
	struct http_client *c = world_client(f->w, U_TEACHER_A);
	int la = f->w->laestab[SCHOOL_A];
	struct http_response r;
	char path[128], form[2048], want[160], *csrf, *body = NULL;
	struct meeting *list = NULL;
	struct store_conn *conn;
	size_t n = 0;

	assert_int_equal(world_sign_in(f->w, c, U_TEACHER_A), 303);
	r = http_get(c, "/progress-meetings");
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/progress-meetings", la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Add progress meeting"));
	assert_non_null(strstr(r.body, "No progress meetings"));
	http_response_free(&r);

	/* The new form: latest assessment chosen, default questions, the grid. */
	snprintf(path, sizeof(path), "/schools/%d/progress-meetings/new", la);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<abbr title=\"Listening, Attention and Understanding\">"
				       "LAU</abbr>"));
	assert_non_null(strstr(r.body, "General comments"));
	assert_non_null(strstr(r.body, "Are there any areas of learning that are performing "
				       "better than expected?"));
	snprintf(want, sizeof(want), "<option value=\"%lld\" selected>Spring Term Assessment",
		 (long long)f->spring.id);
	assert_non_null(strstr(r.body, want));
	/* % on track: E11 3/3 = 100, E12 2/3 = 67; previous (Autumn) % below LAU 1/3 = 33. */
	assert_non_null(strstr(r.body, "<td>100</td><td>67</td>"));
	assert_non_null(strstr(r.body, "<th scope=\"row\">% below previous assessment</th><td>33"
				       "</td>"));
	assert_non_null(strstr(r.body, "previous: Autumn Term Assessment"));
	http_response_free(&r);
	csrf = world_csrf(c, path);

	/* "Add row" without JavaScript: the form comes back with what was typed. */
	snprintf(path, sizeof(path), "/schools/%d/progress-meetings", la);
	snprintf(form, sizeof(form),
		 "csrf=%s&op=add_b&class=0&teacher=Mrs+Yarrowby&date=2025-06-12&assessment=%lld"
		 "&nq=1&nb=1&nt=1&ng=1&q0_title=General+comments&q0_notes=Calm+term"
		 "&b0_pupil=%lld&b0_notes=Speech+delay",
		 csrf, (long long)f->spring.id, (long long)f->pupil[1]);
	assert_int_equal(post(c, path, form, &body), 200);
	assert_non_null(strstr(body, "value=\"Mrs Yarrowby\""));
	assert_non_null(strstr(body, "Calm term"));
	assert_non_null(strstr(body, "Speech delay"));
	assert_non_null(strstr(body, "name=\"b1_pupil\""));
	assert_null(strstr(body, "name=\"b2_pupil\""));
	free(body);

	/* Delete a row: the one after moves up. */
	snprintf(form, sizeof(form),
		 "csrf=%s&op=del_b_0&class=0&teacher=Mrs+Yarrowby&date=2025-06-12&assessment=%lld"
		 "&nq=0&nb=2&nt=0&ng=0&b0_notes=Gone&b1_notes=Stays",
		 csrf, (long long)f->spring.id);
	assert_int_equal(post(c, path, form, &body), 200);
	assert_null(strstr(body, "Gone"));
	assert_non_null(strstr(body, "Stays"));
	assert_null(strstr(body, "name=\"b1_pupil\""));
	free(body);

	/* Without CSRF: refused. Errors: 422 naming the fields, nothing stored. */
	snprintf(form, sizeof(form),
		 "op=save&class=0&teacher=Mrs+Yarrowby&date=2025-06-12&assessment=%lld&nq=0&nb=0"
		 "&nt=0&ng=0",
		 (long long)f->spring.id);
	assert_int_equal(post(c, path, form, NULL), 403);
	snprintf(form, sizeof(form),
		 "csrf=%s&op=save&class=0&teacher=&date=2025-06-12&assessment=%lld&nq=0&nb=0"
		 "&nt=0&ng=1&g0_area=E09",
		 csrf, (long long)f->spring.id);
	assert_int_equal(post(c, path, form, &body), 422);
	assert_non_null(strstr(body, "href=\"#f-teacher\">Type the name of the teacher."));
	assert_non_null(strstr(body, "href=\"#f-g0_title\">Specific groups row 1: type the name "
				     "of the group."));
	free(body);
	conn = store_acquire(f->w->app->store);
	assert_int_equal(store_meeting_list(conn, f->w->school[SCHOOL_A].id, 0, &list, &n), ERR_OK);
	assert_int_equal(n, 0);
	free(list);
	store_release(conn);

	/* Saved: the list shows it; its page shows what was written. */
	snprintf(form, sizeof(form),
		 "csrf=%s&op=save&class=0&teacher=Mrs+Yarrowby&date=12%%2F06%%2F2025"
		 "&assessment=%lld&nq=1&nb=1&nt=1&ng=1&q0_title=General+comments"
		 "&q0_notes=Calm+term&q0_steps=Keep+going&b0_pupil=%lld&b0_notes=Speech+delay"
		 "&t0_area=E11&t0_pupil=%lld&t0_notes=Counting+group&g0_area=E09"
		 "&g0_title=Summer-born+boys",
		 csrf, (long long)f->spring.id, (long long)f->pupil[1], (long long)f->pupil[2]);
	assert_int_equal(post(c, path, form, NULL), 303);
	conn = store_acquire(f->w->app->store);
	assert_int_equal(store_meeting_list(conn, f->w->school[SCHOOL_A].id, 0, &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	store_release(conn);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Mrs Yarrowby"));
	assert_non_null(strstr(r.body, "12/06/2025"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/progress-meetings/%lld", la,
		 (long long)list[0].id);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Keep going"));
	assert_non_null(strstr(r.body, "Counting group"));
	assert_non_null(strstr(r.body, "value=\"Summer-born boys\""));
	assert_non_null(strstr(r.body, "<option value=\"E11\" selected>"));
	http_response_free(&r);

	/* Edit. */
	snprintf(form, sizeof(form),
		 "csrf=%s&op=save&class=0&teacher=Mr+Brindle&date=2025-06-13&assessment=%lld"
		 "&nq=1&nb=0&nt=0&ng=0&q0_title=General+comments&q0_notes=Changed",
		 csrf, (long long)f->autumn.id);
	assert_int_equal(post(c, path, form, NULL), 303);
	r = http_get(c, path);
	assert_non_null(strstr(r.body, "value=\"Mr Brindle\""));
	assert_non_null(strstr(r.body, "Changed"));
	assert_null(strstr(r.body, "Counting group"));
	http_response_free(&r);

	/* Delete after a confirmation page. */
	snprintf(path, sizeof(path), "/schools/%d/progress-meetings/%lld/delete", la,
		 (long long)list[0].id);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Delete the progress meeting of Mr Brindle on 13/06/2025"));
	http_response_free(&r);
	assert_int_equal(post(c, path, "", NULL), 403);
	snprintf(form, sizeof(form), "csrf=%s", csrf);
	assert_int_equal(post(c, path, form, NULL), 303);
	snprintf(path, sizeof(path), "/schools/%d/progress-meetings/%lld", la,
		 (long long)list[0].id);
	r = http_get(c, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	free(list);
	free(csrf);
	http_client_free(c);
}

static void test_meeting_roles(void **state)
{
	struct fx *f = *state;
	struct http_client *a = world_client(f->w, U_TEACHER_A);
	struct http_client *b = world_client(f->w, U_TEACHER_B);
	struct http_client *mat = world_client(f->w, U_MAT);
	int la_a = f->w->laestab[SCHOOL_A], la_b = f->w->laestab[SCHOOL_B];
	struct meeting m = { .establishment_id = f->w->school[SCHOOL_A].id,
			     .academic_year = 2024,
			     .date = { 2025, 6, 1 },
			     .assessment_id = f->spring.id };
	struct errbuf eb = { "" };
	struct http_response r;
	struct store_conn *conn;
	char path[128], form[256], *csrf;

	snprintf(m.teacher, sizeof(m.teacher), "Ms Oakhanger");
	conn = store_acquire(f->w->app->store);
	assert_int_equal(store_meeting_save(conn, &tester, &m, NULL, 0, &eb), ERR_OK);
	store_release(conn);

	/* Teacher B: school A's pages and A's meeting through B's school are 404. */
	assert_int_equal(world_sign_in(f->w, b, U_TEACHER_B), 303);
	snprintf(path, sizeof(path), "/schools/%d/progress-meetings/%lld", la_a, (long long)m.id);
	r = http_get(b, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/progress-meetings/%lld", la_b, (long long)m.id);
	r = http_get(b, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/progress-meetings", la_b);
	csrf = world_csrf(b, path);
	snprintf(path, sizeof(path), "/schools/%d/progress-meetings/%lld/delete", la_b,
		 (long long)m.id);
	snprintf(form, sizeof(form), "csrf=%s", csrf);
	assert_int_equal(post(b, path, form, NULL), 404);
	free(csrf);

	/* The trust administrator reads school A's list and the meeting, cannot write. */
	assert_int_equal(world_sign_in(f->w, mat, U_MAT), 303);
	r = http_get(mat, "/progress-meetings");
	assert_int_equal(r.status, 200);
	snprintf(path, sizeof(path), "href=\"/schools/%d/progress-meetings\"", la_a);
	assert_non_null(strstr(r.body, path));
	snprintf(path, sizeof(path), "href=\"/schools/%d/progress-meetings\"", la_b);
	assert_null(strstr(r.body, path));
	http_response_free(&r);
	r = http_get(mat, "/discussion-areas");
	assert_int_equal(r.status, 403);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/progress-meetings", la_a);
	r = http_get(mat, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Ms Oakhanger"));
	assert_null(strstr(r.body, "Add progress meeting"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/progress-meetings/%lld", la_a, (long long)m.id);
	r = http_get(mat, path);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "value=\"save\""));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/progress-meetings/new", la_a);
	r = http_get(mat, path);
	assert_true(r.status == 403 || r.status == 404);
	http_response_free(&r);

	/* Teacher A still has it. */
	assert_int_equal(world_sign_in(f->w, a, U_TEACHER_A), 303);
	snprintf(path, sizeof(path), "/schools/%d/progress-meetings/%lld", la_a, (long long)m.id);
	r = http_get(a, path);
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	assert_int_equal(http_client_leaks(a) + http_client_leaks(b) + http_client_leaks(mat), 0);
	http_client_free(a);
	http_client_free(b);
	http_client_free(mat);
}

static void test_discussion_areas(void **state)
{
	struct fx *f = *state;
	struct http_client *admin = world_client(f->w, U_ADMIN_A);
	struct http_client *teacher = world_client(f->w, U_TEACHER_A);
	int la = f->w->laestab[SCHOOL_A];
	struct discussion_area *list = NULL;
	struct http_response r;
	struct store_conn *conn;
	char path[128], form[512], *csrf, *body = NULL;
	size_t n = 0;

	assert_int_equal(world_sign_in(f->w, admin, U_ADMIN_A), 303);
	r = http_get(admin, "/maintenance");
	assert_non_null(strstr(r.body, "href=\"/discussion-areas\""));
	http_response_free(&r);
	r = http_get(admin, "/discussion-areas");
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/discussion-areas", la);
	r = http_get(admin, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "+ Add new"));
	assert_non_null(strstr(r.body, "Has there been any additional support/intervention used "
				       "during the last term"));
	/* The defaults, read only, until the school makes them its own. */
	assert_non_null(strstr(r.body, "Change the default questions"));
	assert_null(strstr(r.body, ">Edit</a>"));
	http_response_free(&r);
	csrf = world_csrf(admin, path);
	snprintf(path, sizeof(path), "/schools/%d/discussion-areas/customise", la);
	snprintf(form, sizeof(form), "csrf=%s", csrf);
	assert_int_equal(post(admin, path, "", NULL), 403);
	assert_int_equal(post(admin, path, form, NULL), 303);
	/* A second time there is nothing to do: not answered as done. */
	assert_int_equal(post(admin, path, form, NULL), 409);
	snprintf(path, sizeof(path), "/schools/%d/discussion-areas", la);
	r = http_get(admin, path);
	assert_null(strstr(r.body, "Change the default questions"));
	assert_non_null(strstr(r.body, ">Edit</a>"));
	http_response_free(&r);
	snprintf(form, sizeof(form),
		 "csrf=%s&description=What+has+changed+since+the+census%%3F&sort_order=8"
		 "&start_date=01%%2F01%%2F2025&end_date=",
		 csrf);
	assert_int_equal(post(admin, path, form, NULL), 303);
	snprintf(form, sizeof(form),
		 "csrf=%s&description=&sort_order=x&start_date=2025-05-01&end_date=2025-04-01",
		 csrf);
	assert_int_equal(post(admin, path, form, &body), 422);
	assert_non_null(strstr(body, "Type the question under Description."));
	assert_non_null(strstr(body, "Sort order must be a whole number"));
	assert_non_null(strstr(body, "The end date is before the start date"));
	free(body);
	conn = store_acquire(f->w->app->store);
	assert_int_equal(store_discussion_list(conn, f->w->school[SCHOOL_A].id, &list, &n), ERR_OK);
	store_release(conn);
	assert_int_equal(n, 8);
	assert_string_equal(list[7].description, "What has changed since the census?");
	assert_int_equal(list[7].start.year, 2025);

	/* The new question is in a new meeting; a teacher cannot change templates. */
	assert_int_equal(world_sign_in(f->w, teacher, U_TEACHER_A), 303);
	snprintf(path, sizeof(path), "/schools/%d/progress-meetings/new", la);
	r = http_get(teacher, path);
	assert_non_null(strstr(r.body, "What has changed since the census?"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/discussion-areas/%lld", la,
		 (long long)list[7].id);
	r = http_get(teacher, path);
	assert_true(r.status == 403 || r.status == 404);
	http_response_free(&r);

	/* Edit and delete by the admin; another school's id answers 404. */
	snprintf(form, sizeof(form),
		 "csrf=%s&description=Changed+question&sort_order=0&start_date=&end_date=", csrf);
	assert_int_equal(post(admin, path, form, NULL), 303);
	snprintf(path, sizeof(path), "/schools/%d/discussion-areas", la);
	r = http_get(admin, path);
	assert_non_null(strstr(r.body, "Changed question"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/discussion-areas/%lld/delete", la,
		 (long long)list[7].id);
	assert_int_equal(post(admin, path, "", NULL), 403);
	snprintf(form, sizeof(form), "csrf=%s", csrf);
	assert_int_equal(post(admin, path, form, NULL), 303);
	assert_int_equal(post(admin, path, form, NULL), 404);
	free(list);
	free(csrf);
	http_client_free(admin);
	http_client_free(teacher);
}

static void test_news_and_headline(void **state)
{
	struct fx *f = *state;
	struct http_client *la1 = world_client(f->w, U_LA1);
	struct http_client *a = world_client(f->w, U_TEACHER_A);
	struct http_client *b = world_client(f->w, U_TEACHER_B);
	struct news_item *other = xcalloc(1, sizeof(*other)), *list = NULL;
	struct errbuf eb = { "" };
	struct http_response r;
	struct store_conn *conn;
	char path[96], form[512], *csrf;
	size_t n = 0;

	/* An item of the other LA, shown now: never on LA 1's schools' home pages. */
	other->la_id = f->w->la_id[1];
	snprintf(other->title, sizeof(other->title), "Elsewhere bulletin");
	other->from = (struct date){ 2025, 1, 1 };
	conn = store_acquire(f->w->app->store);
	assert_int_equal(store_news_add(conn, &tester, other, &eb), ERR_OK);
	store_release(conn);

	assert_int_equal(world_sign_in(f->w, la1, U_LA1), 303);
	r = http_get(la1, "/maintenance");
	assert_non_null(strstr(r.body, "href=\"/la/news\""));
	http_response_free(&r);
	csrf = world_csrf(la1, "/la/news/new");
	snprintf(form, sizeof(form),
		 "title=Roll+forward+complete&body=Pupils+are+in+their+new+year+groups."
		 "&from=2025-06-01&until=2025-06-30");
	assert_int_equal(post(la1, "/la/news", form, NULL), 403);
	snprintf(form, sizeof(form),
		 "csrf=%s&title=Roll+forward+complete&body=Pupils+are+in+their+new+year+groups."
		 "&from=2025-06-01&until=2025-06-30",
		 csrf);
	assert_int_equal(post(la1, "/la/news", form, NULL), 303);
	snprintf(form, sizeof(form), "csrf=%s&title=Not+yet&body=&from=2025-07-01&until=", csrf);
	assert_int_equal(post(la1, "/la/news", form, NULL), 303);
	snprintf(form, sizeof(form), "csrf=%s&title=&body=&from=&until=", csrf);
	assert_int_equal(post(la1, "/la/news", form, NULL), 422);
	/* The other LA's item: not theirs to edit. */
	snprintf(path, sizeof(path), "/la/news/%lld", (long long)other->id);
	r = http_get(la1, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	snprintf(form, sizeof(form), "csrf=%s", csrf);
	snprintf(path, sizeof(path), "/la/news/%lld/delete", (long long)other->id);
	assert_int_equal(post(la1, path, form, NULL), 404);

	/* Schools A and B (LA 1) see the current item; not the future one, not LA 2's. */
	assert_int_equal(world_sign_in(f->w, a, U_TEACHER_A), 303);
	r = http_get(a, "/");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Roll forward complete"));
	assert_null(strstr(r.body, "Not yet"));
	assert_null(strstr(r.body, "Elsewhere bulletin"));
	/* The headline: Spring is the latest; 2 of the 3 are On track in both maths ELGs. */
	assert_non_null(strstr(r.body, "67% of your Reception cohort (2/3 pupils) are on track in "
				       "Mathematics"));
	assert_non_null(strstr(r.body, "0% of your Reception cohort (0/3 pupils) are on track in "
				       "Literacy"));
	http_response_free(&r);
	assert_int_equal(world_sign_in(f->w, b, U_TEACHER_B), 303);
	r = http_get(b, "/");
	assert_non_null(strstr(r.body, "Roll forward complete"));
	assert_null(strstr(r.body, "Elsewhere bulletin"));
	assert_null(strstr(r.body, "on track in Mathematics"));
	http_response_free(&r);

	/* The officer deletes the item: gone from the home page. */
	conn = store_acquire(f->w->app->store);
	assert_int_equal(store_news_list(conn, f->w->la_id[0], (struct date){ 0, 0, 0 }, &list, &n),
			 ERR_OK);
	store_release(conn);
	assert_int_equal(n, 2);
	snprintf(path, sizeof(path), "/la/news/%lld/delete", (long long)list[1].id);
	assert_string_equal(list[1].title, "Roll forward complete");
	assert_int_equal(post(la1, path, form, NULL), 303);
	r = http_get(a, "/");
	assert_null(strstr(r.body, "Roll forward complete"));
	http_response_free(&r);
	free(list);
	free(other);
	free(csrf);
	http_client_free(la1);
	http_client_free(a);
	http_client_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_meeting_crud, setup, teardown),
		cmocka_unit_test_setup_teardown(test_meeting_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_discussion_areas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_news_and_headline, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
