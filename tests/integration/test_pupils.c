/*
 * test_pupils: pupil records over HTTP as school staff and the LA use them: the
 * add form's errors (shown, nothing stored), a UPN held by another school (the
 * transfer message, no leak), the edit conflict, search / sort / pages over more
 * than 200 pupils, the saved selection, the characteristics filter, archive and
 * restore by role, the establishment profile's names in the list, the list's
 * table kept in memory and never stale, and the API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/app.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/codelist.h"
#include "core/upn.h"
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

static long count_pupils(struct world *w, enum world_school s)
{
	struct store_conn *c = store_acquire(w->app->store);
	long n = -1;

	assert_int_equal(store_pupil_count(c, w->school[s].id, &n), ERR_OK);
	store_release(c);
	return n;
}

static bool pupil_by_upn(struct world *w, const char *upn, struct pupil *p)
{
	struct store_conn *c = store_acquire(w->app->store);
	enum err e = store_pupil_get_by_upn(c, upn, p);

	store_release(c);
	return e == ERR_OK;
}

/* The first pupil of school s (sorted by name). */
static struct pupil first_pupil(struct world *w, enum world_school s)
{
	struct store_conn *c = store_acquire(w->app->store);
	struct pupil_query q = { .establishment_id = w->school[s].id, .include_archived = true };
	struct pupil *list = NULL, p;
	size_t n = 0;

	assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
	store_release(c);
	assert_true(n > 0);
	p = list[0];
	free(list);
	return p;
}

/* "/schools/LAESTAB" + rest; the caller frees. */
static char *path(int laestab, const char *rest)
{
	char *s = xmalloc(256);
	snprintf(s, 256, "/schools/%d%s", laestab, rest);
	return s;
}

static struct http_client *signed_in(struct world *w, enum world_user u)
{
	struct http_client *c = world_client(w, u);
	assert_int_equal(world_sign_in(w, c, u), 303);
	return c;
}

/* A valid UPN of school A with serial n. */
static void upn_a(struct world *w, int n, char out[static 14])
{
	assert_true(upn_make(w->school[SCHOOL_A].la_code, w->school[SCHOOL_A].estab, 24, n, out));
}

static struct http_response post_add(struct http_client *c, struct world *w, const char *fields)
{
	char *new_path = path(w->laestab[SCHOOL_A], "/pupils/new");
	char *tok = world_csrf(c, new_path);
	char *form = xmalloc(strlen(fields) + 200);
	struct http_response r;

	snprintf(form, strlen(fields) + 200, "csrf=%s&%s", tok, fields);
	r = http_post_form(c, new_path, form);
	free(form);
	free(tok);
	free(new_path);
	return r;
}

static void test_add_errors_store_nothing(void **state)
{
	struct world *w = *state;
	struct http_client *c = signed_in(w, U_TEACHER_A);
	long before = count_pupils(w, SCHOOL_A);
	char upn[14], form[512];
	struct http_response r;
	struct pupil p;

	/* Bad UPN check letter, no postcode, no ethnicity, impossible date. */
	r = post_add(c, w,
		     "upn=A888123424999&surname=Quince&forenames=Quentin&dob=31%2F02%2F2020"
		     "&class=1&gender=M&postcode=&ethnicity=&sen=N&include_in_data=1");
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "There is a problem"));
	assert_non_null(strstr(r.body, "href=\"#f-upn\""));
	assert_non_null(strstr(r.body, "href=\"#f-postcode\""));
	/* the summary names the field once: not "Postcode: Postcode is required" */
	assert_non_null(strstr(r.body, "href=\"#f-postcode\">Postcode is required;"));
	assert_null(strstr(r.body, "Postcode: Postcode"));
	assert_non_null(strstr(r.body, "href=\"#f-ethnicity\""));
	assert_non_null(strstr(r.body, "href=\"#f-dob\""));
	assert_non_null(strstr(r.body, "id=\"f-postcode-error\""));
	assert_non_null(strstr(r.body, "aria-invalid=\"true\""));
	/* What was typed is shown again. */
	assert_non_null(strstr(r.body, "value=\"Quince\""));
	http_response_free(&r);
	assert_int_equal(count_pupils(w, SCHOOL_A), before);
	assert_false(pupil_by_upn(w, "A888123424999", &p));

	/* Put right: saved, year override none, audited by the store. */
	upn_a(w, 901, upn);
	snprintf(form, sizeof(form),
		 "upn=%s&surname=Quince&forenames=Quentin&dob=14%%2F03%%2F2020&class=2"
		 "&gender=M&postcode=pr1+0ld&ethnicity=wbri&sen=K&sen_notes=Speech"
		 "&pupil_premium=1&custom3=1&include_in_data=1",
		 upn);
	r = post_add(c, w, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	assert_int_equal(count_pupils(w, SCHOOL_A), before + 1);
	assert_true(pupil_by_upn(w, upn, &p));
	assert_int_equal(p.establishment_id, w->school[SCHOOL_A].id);
	assert_string_equal(p.postcode, "PR1 0LD");
	assert_string_equal(p.ethnicity, "WBRI");
	assert_int_equal(p.year_override, YEAR_NONE);
	assert_int_equal(p.sen, 'K');
	assert_true(p.pupil_premium);
	assert_true(p.custom[2]);
	assert_false(p.eal);

	/* The same UPN again at the same school: told, not duplicated. */
	r = post_add(c, w, form);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "already on your roll"));
	http_response_free(&r);
	assert_int_equal(count_pupils(w, SCHOOL_A), before + 1);
	assert_int_equal(http_client_leaks(c), 0);
	http_client_free(c);
}

static void test_upn_elsewhere(void **state)
{
	struct world *w = *state;
	/* The teacher types school B's UPN, so it comes back in the form: this client
	 * is forbidden B's and C's markers but not their UPNs. */
	struct http_client *c = http_client_new(w->port);
	struct pupil theirs = first_pupil(w, SCHOOL_B), after;
	long before = count_pupils(w, SCHOOL_A);
	char form[512];
	struct http_response r;

	http_client_forbid(c, world_marker(SCHOOL_B));
	http_client_forbid(c, world_marker(SCHOOL_C));
	assert_int_equal(world_sign_in(w, c, U_TEACHER_A), 303);
	snprintf(form, sizeof(form),
		 "upn=%s&surname=Other&forenames=Olive&dob=01%%2F10%%2F2019&class=0"
		 "&gender=F&postcode=PR1+0LD&ethnicity=WBRI&sen=N&include_in_data=1",
		 theirs.upn);
	r = post_add(c, w, form);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(
		r.body, "This UPN belongs to a pupil at another school. Ask for a transfer."));
	assert_non_null(strstr(r.body, "id=\"transfer\""));
	/* The transfer request (issue 4b's route) is offered for that UPN. */
	{
		char action[64];
		snprintf(action, sizeof(action), "action=\"/schools/%d/transfers\"",
			 w->laestab[SCHOOL_A]);
		assert_non_null(strstr(r.body, action));
		assert_non_null(strstr(r.body, "Ask for a transfer</button>"));
		/* ... and a link to the transfers screen for that UPN. */
		snprintf(action, sizeof(action), "href=\"/schools/%d/transfers?upn=%s\"",
			 w->laestab[SCHOOL_A], theirs.upn);
		assert_non_null(strstr(r.body, action));
	}
	/* Nothing of school B: no name, no school (the client's canary check). */
	assert_null(strstr(r.body, theirs.surname));
	http_response_free(&r);
	assert_int_equal(http_client_leaks(c), 0);
	assert_int_equal(count_pupils(w, SCHOOL_A), before);
	assert_true(pupil_by_upn(w, theirs.upn, &after));
	assert_int_equal(after.establishment_id, w->school[SCHOOL_B].id);
	assert_int_equal(after.version, theirs.version);
	http_client_free(c);
}

static void test_edit_and_conflict(void **state)
{
	struct world *w = *state;
	struct http_client *c = signed_in(w, U_TEACHER_A);
	struct pupil p = first_pupil(w, SCHOOL_A), now;
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct store_conn *sc;
	char edit[128], form[768], *tok, *version;
	struct http_response r;

	snprintf(edit, sizeof(edit), "/schools/%d/pupils/%lld", w->laestab[SCHOOL_A],
		 (long long)p.id);
	r = http_get(c, edit);
	assert_int_equal(r.status, 200);
	version = http_form_value(r.body, "version");
	tok = http_form_value(r.body, "csrf");
	assert_non_null(version);
	http_response_free(&r);

	/* Someone else saves first. */
	sc = store_acquire(w->app->store);
	now = p;
	snprintf(now.postcode, sizeof(now.postcode), "LA1 1AA");
	snprintf(now.ethnicity, sizeof(now.ethnicity), "WBRI");
	assert_int_equal(store_pupil_update(sc, &who, &now, &eb), ERR_OK);
	store_release(sc);

	snprintf(form, sizeof(form),
		 "csrf=%s&version=%s&upn=%s&surname=Ashworth-QZXA&forenames=Amelia"
		 "&dob=01%%2F10%%2F2019&class=1&gender=F&postcode=PR2+2AA&ethnicity=CHNE&sen=N"
		 "&include_in_data=1",
		 tok, version, p.upn);
	r = http_post_form(c, edit, form);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "Someone else changed this pupil"));
	/* The form now shows the record as it is. */
	assert_non_null(strstr(r.body, "value=\"LA1 1AA\""));
	http_response_free(&r);
	assert_true(pupil_by_upn(w, p.upn, &now));
	assert_string_equal(now.forenames, p.forenames);
	assert_string_equal(now.postcode, "LA1 1AA");

	/* With the current version it saves, and the year group is still R. */
	free(version);
	r = http_get(c, edit);
	version = http_form_value(r.body, "version");
	http_response_free(&r);
	snprintf(form, sizeof(form),
		 "csrf=%s&version=%s&upn=%s&surname=Ashworth-QZXA&forenames=Amelia"
		 "&dob=01%%2F10%%2F2019&class=1&gender=F&postcode=PR2+2AA&ethnicity=CHNE&sen=N"
		 "&year_override=Y1&include_in_data=1",
		 tok, version, p.upn);
	r = http_post_form(c, edit, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	assert_true(pupil_by_upn(w, p.upn, &now));
	assert_string_equal(now.forenames, "Amelia");
	assert_string_equal(now.ethnicity, "CHNE");
	assert_int_equal(now.year_override, 1);

	/* A pupil of another school is not found through this school's address. */
	snprintf(edit, sizeof(edit), "/schools/%d/pupils/%lld", w->laestab[SCHOOL_A],
		 (long long)first_pupil(w, SCHOOL_B).id);
	r = http_get(c, edit);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	assert_int_equal(http_client_leaks(c), 0);
	free(version);
	free(tok);
	http_client_free(c);
}

/* Adds pupil p (its UPN serial n, surname and forenames set here) to school A
 * with the fields every test pupil shares; the caller sets what varies. */
static void add_one(struct world *w, struct store_conn *sc, struct pupil *p, int n,
		    const char *surname, const char *forenames)
{
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };

	p->establishment_id = w->school[SCHOOL_A].id;
	upn_a(w, n, p->upn);
	snprintf(p->surname, sizeof(p->surname), "%s", surname);
	snprintf(p->forenames, sizeof(p->forenames), "%s", forenames);
	p->sen = 'N';
	p->year_override = YEAR_NONE;
	p->include_in_data = true;
	snprintf(p->postcode, sizeof(p->postcode), "PR1 0LD");
	snprintf(p->ethnicity, sizeof(p->ethnicity), "WBRI");
	if (store_pupil_add(sc, &who, p, &eb) != ERR_OK)
		fail_msg("add: %s", eb.msg);
}

/* Adds n pupils named Zz<i> to school A, with characteristics that vary. */
static void add_many(struct world *w, int n)
{
	struct store_conn *sc = store_acquire(w->app->store);

	for (int i = 0; i < n; i++) {
		struct pupil p;
		char surname[16];
		memset(&p, 0, sizeof(p));
		snprintf(surname, sizeof(surname), "Zz%03d", i);
		p.dob = (struct date){ 2019 + i % 2, 1 + i % 12, 1 + i % 28 };
		p.gender = i % 2 ? GENDER_MALE : GENDER_FEMALE;
		p.class_no = 1 + i % 3;
		p.pupil_premium = i % 3 == 0;
		add_one(w, sc, &p, 100 + i, surname, "Kid");
	}
	store_release(sc);
}

static void test_search_sort_pages(void **state)
{
	struct world *w = *state;
	struct http_client *c = signed_in(w, U_TEACHER_A);
	char url[256];
	struct http_response r;
	int la = w->laestab[SCHOOL_A];

	add_many(w, 250); /* 253 with the world's three */
	snprintf(url, sizeof(url), "/schools/%d/pupils", la);
	r = http_get(c, url);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Pupils 1 to 200 of 253"));
	assert_non_null(strstr(r.body, "Page 1 of 2"));
	assert_non_null(strstr(r.body, "rel=\"next\""));
	assert_null(strstr(r.body, "Zz249"));
	http_response_free(&r);

	snprintf(url, sizeof(url), "/schools/%d/pupils?page=2", la);
	r = http_get(c, url);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Pupils 201 to 253 of 253"));
	assert_non_null(strstr(r.body, "Zz249"));
	assert_non_null(strstr(r.body, "rel=\"prev\""));
	http_response_free(&r);

	/* Sorted by surname descending: Zz249 comes first. */
	snprintf(url, sizeof(url), "/schools/%d/pupils?sort=name&dir=desc", la);
	r = http_get(c, url);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "aria-sort=\"descending\""));
	assert_true(strstr(r.body, "Zz249") < strstr(r.body, "Zz248"));
	assert_null(strstr(r.body, "Ashworth"));
	http_response_free(&r);

	/* Surname prefix, class and year. */
	snprintf(url, sizeof(url), "/schools/%d/pupils?surname=zz24&class=1", la);
	r = http_get(c, url);
	assert_int_equal(r.status, 200);
	/* Zz240..Zz249 with i % 3 == 0: 240, 243, 246, 249. */
	assert_non_null(strstr(r.body, "4 pupils"));
	http_response_free(&r);
	snprintf(url, sizeof(url), "/schools/%d/pupils?year=R&f_gender=M", la);
	r = http_get(c, url);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "Amy"));
	assert_non_null(strstr(r.body, "Ben"));
	http_response_free(&r);
	snprintf(url, sizeof(url), "/schools/%d/pupils?f_pp=maybe", la);
	r = http_get(c, url);
	assert_int_equal(r.status, 400);
	http_response_free(&r);
	assert_int_equal(http_client_leaks(c), 0);
	http_client_free(c);
}

static void test_filter_combos(void **state)
{
	struct world *w = *state;
	struct http_client *c = signed_in(w, U_TEACHER_A);
	struct store_conn *sc = store_acquire(w->app->store);
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct pupil p = first_pupil(w, SCHOOL_A); /* Cara, F */
	static const struct {
		const char *query;
		const char *count;
	} cases[] = {
		{ "f_gender=F", "2 pupils" },
		{ "f_gender=M", "1 pupil" },
		{ "f_eal=yes", "1 pupil" },
		{ "f_eal=yes&f_gender=M", "No pupils match" },
		{ "f_c2=yes&f_eal=yes", "1 pupil" },
		{ "f_c2=no", "2 pupils" },
		{ "f_sen=E", "1 pupil" },
		{ "f_sen=any&f_gender=F", "1 pupil" },
		{ "f_summer=no", "3 pupils" },
		{ "f_eth=CHNE", "1 pupil" },
		{ "f_dis=yes", "No pupils match" },
		{ "f_gender=&f_pp=", "3 pupils" },
	};

	p.eal = true;
	p.custom[1] = true;
	p.sen = 'E';
	snprintf(p.ethnicity, sizeof(p.ethnicity), "CHNE");
	assert_int_equal(store_pupil_update(sc, &who, &p, &eb), ERR_OK);
	store_release(sc);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char url[256];
		struct http_response r;
		snprintf(url, sizeof(url), "/schools/%d/pupils?%s", w->laestab[SCHOOL_A],
			 cases[i].query);
		r = http_get(c, url);
		assert_int_equal(r.status, 200);
		if (!strstr(r.body, cases[i].count))
			fail_msg("%s: expected \"%s\"", cases[i].query, cases[i].count);
		http_response_free(&r);
	}
	/* The ethnicity select: every code of the list, the chosen one selected
	 * (and, with none chosen, none), whichever was made first. */
	for (int k = 0; k < 2; k++) {
		char url[256];
		struct http_response r;
		const char *sel, *end;
		size_t n = 0;
		snprintf(url, sizeof(url), "/schools/%d/pupils%s", w->laestab[SCHOOL_A],
			 k ? "?f_eth=CHNE" : "?f_gender=F");
		r = http_get(c, url);
		sel = strstr(r.body, "name=\"f_eth\"");
		assert_non_null(sel);
		end = strstr(sel, "</select>");
		assert_non_null(end);
		for (const char *o = strstr(sel, "<option "); o && o < end;
		     o = strstr(o + 1, "<option "))
			n++;
		assert_int_equal(n, ethnicity_count() + 1);
		assert_non_null(strstr(sel, "<option value=\"WBRI\">"));
		/* one selected: All, or the code chosen */
		n = 0;
		for (const char *o = strstr(sel, " selected>"); o && o < end;
		     o = strstr(o + 1, " selected>"))
			n++;
		assert_int_equal(n, 1);
		assert_non_null(strstr(sel, k ? "<option value=\"CHNE\" selected>" :
						"<option value=\"\" selected>"));
		http_response_free(&r);
	}
	/* The API takes the same filter. */
	{
		char url[256];
		struct http_response r;
		snprintf(url, sizeof(url), "/api/v1/schools/%d/pupils?f_eal=yes",
			 w->laestab[SCHOOL_A]);
		r = http_get(c, url);
		assert_int_equal(r.status, 200);
		assert_non_null(strstr(r.body, "\"total\":1"));
		assert_non_null(strstr(r.body, p.upn));
		http_response_free(&r);
	}
	http_client_free(c);
}

static void test_saved_selection(void **state)
{
	struct world *w = *state;
	struct http_client *c = signed_in(w, U_TEACHER_A);
	struct http_client *other = signed_in(w, U_ADMIN_A);
	char *list = path(w->laestab[SCHOOL_A], "/pupils");
	char *search = path(w->laestab[SCHOOL_A], "/pupils/search");
	char *tok = world_csrf(c, list), form[256], *loc;
	struct http_response r;

	snprintf(form, sizeof(form),
		 "csrf=%s&surname=bro&upn=&class=0&year=&f_gender=M&action=save", tok);
	r = http_post_form(c, search, form);
	assert_int_equal(r.status, 303);
	loc = http_header(&r, "Location");
	assert_non_null(strstr(loc, "surname=bro"));
	assert_non_null(strstr(loc, "f_gender=M"));
	free(loc);
	http_response_free(&r);
	{ /* Saving a selection is a change of data: audited. */
		struct store_conn *db = store_acquire(w->app->store);
		struct audit_query q = { .action = "selection.save", .limit = 10 };
		struct audit_entry *rows = NULL;
		size_t n = 0;
		assert_int_equal(store_audit_list(db, &q, &rows, &n), ERR_OK);
		store_release(db);
		assert_int_equal(n, 1);
		assert_non_null(strstr(rows[0].new_value, "surname=bro"));
		free(rows);
	}

	/* Opening the list again opens the selection. */
	r = http_get(c, list);
	assert_int_equal(r.status, 303);
	loc = http_header(&r, "Location");
	assert_non_null(strstr(loc, "surname=bro"));
	http_response_free(&r);
	r = http_get(c, loc);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "1 pupil"));
	assert_non_null(strstr(r.body, "value=\"bro\""));
	free(loc);
	http_response_free(&r);

	/* Another user's list is not affected. */
	r = http_get(other, list);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "3 pupils"));
	http_response_free(&r);

	/* A plain search does not save; Clear removes the saved selection. */
	snprintf(form, sizeof(form), "csrf=%s&surname=ash&action=search", tok);
	r = http_post_form(c, search, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	r = http_get(c, list);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	snprintf(form, sizeof(form), "csrf=%s&surname=ash&action=clear", tok);
	r = http_post_form(c, search, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	r = http_get(c, list);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "3 pupils"));
	http_response_free(&r);

	/* Saving needs the CSRF token. */
	r = http_post_form(c, search, "surname=x&action=save");
	assert_true(r.status == 403 || r.status == 400);
	http_response_free(&r);
	r = http_get(c, list);
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	free(tok);
	free(list);
	free(search);
	http_client_free(c);
	http_client_free(other);
}

static long post_sel(struct http_client *c, struct world *w, const char *what, int64_t id)
{
	char *url = path(w->laestab[SCHOOL_A], "/pupils/");
	char *list = path(w->laestab[SCHOOL_A], "/pupils?archived=1");
	char *tok = world_csrf(c, list), form[256], full[300];
	struct http_response r;
	long status;

	snprintf(full, sizeof(full), "%s%s", url, what);
	snprintf(form, sizeof(form), "csrf=%s&back=archived%%3D1&sel0=%lld", tok, (long long)id);
	r = http_post_form(c, full, form);
	status = r.status;
	http_response_free(&r);
	free(tok);
	free(url);
	free(list);
	return status;
}

static void test_archive_restore_by_role(void **state)
{
	struct world *w = *state;
	struct http_client *teacher = signed_in(w, U_TEACHER_A);
	struct http_client *la = signed_in(w, U_LA1);
	struct http_client *mat = signed_in(w, U_MAT);
	struct pupil p = first_pupil(w, SCHOOL_A), now;
	char *list = path(w->laestab[SCHOOL_A], "/pupils");
	struct http_response r;

	/* MAT admins and LA officers do not archive; teachers do. */
	assert_int_equal(post_sel(mat, w, "archive", p.id), 404);
	assert_int_equal(post_sel(la, w, "archive", p.id), 404);
	assert_true(pupil_by_upn(w, p.upn, &now));
	assert_false(now.archived);
	assert_int_equal(post_sel(teacher, w, "archive", p.id), 303);
	assert_true(pupil_by_upn(w, p.upn, &now));
	assert_true(now.archived);
	/* Archived already: nothing changes, and the answer says so. */
	assert_int_equal(post_sel(teacher, w, "archive", p.id), 409);
	assert_int_equal(count_pupils(w, SCHOOL_A), 2);
	r = http_get(teacher, list);
	assert_non_null(strstr(r.body, "2 pupils"));
	http_response_free(&r);

	/* Only the LA restores. */
	assert_int_equal(post_sel(teacher, w, "restore", p.id), 404);
	assert_true(pupil_by_upn(w, p.upn, &now));
	assert_true(now.archived);
	assert_int_equal(post_sel(la, w, "restore", p.id), 303);
	assert_true(pupil_by_upn(w, p.upn, &now));
	assert_false(now.archived);
	assert_int_equal(count_pupils(w, SCHOOL_A), 3);

	/* A pupil of another school cannot be archived through this one. */
	assert_int_equal(post_sel(teacher, w, "archive", first_pupil(w, SCHOOL_B).id), 404);
	assert_false(first_pupil(w, SCHOOL_B).archived);
	assert_int_equal(http_client_leaks(teacher), 0);
	assert_int_equal(http_client_leaks(la), 0);
	free(list);
	http_client_free(teacher);
	http_client_free(la);
	http_client_free(mat);
}

static void test_profile_names(void **state)
{
	struct world *w = *state;
	struct http_client *admin = signed_in(w, U_ADMIN_A);
	struct http_client *teacher = signed_in(w, U_TEACHER_A);
	char *profile = path(w->laestab[SCHOOL_A], "/profile");
	char *list = path(w->laestab[SCHOOL_A], "/pupils");
	char *tok, form[512];
	struct http_response r;

	r = http_get(teacher, profile);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	r = http_get(admin, profile);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "value=\"Class 20\""));
	http_response_free(&r);

	tok = world_csrf(admin, profile);
	snprintf(form, sizeof(form), "csrf=%s&class1=Red+Robins&custom2=Late+arrivals", tok);
	r = http_post_form(admin, profile, form);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "The profile is saved"));
	http_response_free(&r);
	snprintf(form, sizeof(form), "csrf=%s&class2=+", tok);
	r = http_post_form(admin, profile, form);
	assert_int_equal(r.status, 422);
	http_response_free(&r);

	r = http_get(teacher, list);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<td>Red Robins</td>"));
	assert_non_null(strstr(r.body, "<td>Class 2</td>"));
	assert_non_null(strstr(r.body, "Late arrivals"));
	http_response_free(&r);
	free(tok);
	free(profile);
	free(list);
	http_client_free(admin);
	http_client_free(teacher);
}

static void test_api_pupil(void **state)
{
	struct world *w = *state;
	struct http_client *c = signed_in(w, U_TEACHER_A);
	struct pupil p = first_pupil(w, SCHOOL_A), now;
	char url[160], body[512], *tok = NULL;
	char hdr[200];
	const char *headers[] = { hdr, NULL };
	struct http_response r;

	snprintf(url, sizeof(url), "/api/v1/schools/%d/pupils/%s", w->laestab[SCHOOL_A], p.upn);
	r = http_get(c, url);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"version\":1"));
	http_response_free(&r);
	/* Another school's pupil: 404, like a missing one. */
	snprintf(url, sizeof(url), "/api/v1/schools/%d/pupils/%s", w->laestab[SCHOOL_A],
		 first_pupil(w, SCHOOL_B).upn);
	r = http_get(c, url);
	assert_int_equal(r.status, 404);
	http_response_free(&r);

	tok = world_csrf(c, "/");
	snprintf(hdr, sizeof(hdr), "X-Unused: 1");
	snprintf(url, sizeof(url), "/api/v1/schools/%d/pupils/%s", w->laestab[SCHOOL_A], p.upn);
	snprintf(body, sizeof(body), "csrf=%s&version=1&postcode=PR1+0LD&ethnicity=WBRI", tok);
	r = http_request(c, "PUT", url, headers, "application/x-www-form-urlencoded", body,
			 strlen(body));
	if (r.status != 200)
		fail_msg("PUT: %ld %s", r.status, r.body);
	assert_non_null(strstr(r.body, "\"version\":2"));
	http_response_free(&r);
	/* Stale version: 409 with the current record. */
	snprintf(body, sizeof(body), "csrf=%s&version=1&postcode=LA1+1AA&ethnicity=WBRI", tok);
	r = http_request(c, "PUT", url, headers, "application/x-www-form-urlencoded", body,
			 strlen(body));
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "\"current\""));
	assert_non_null(strstr(r.body, "PR1 0LD"));
	http_response_free(&r);
	/* Field errors: 422, nothing saved. */
	snprintf(body, sizeof(body), "csrf=%s&version=2&postcode=nowhere", tok);
	r = http_request(c, "PUT", url, headers, "application/x-www-form-urlencoded", body,
			 strlen(body));
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "\"postcode\""));
	http_response_free(&r);
	assert_true(pupil_by_upn(w, p.upn, &now));
	assert_string_equal(now.postcode, "PR1 0LD");
	assert_int_equal(now.version, 2);
	free(tok);
	http_client_free(c);
}

static void test_roll_forward(void **state)
{
	struct world *w = *state;
	struct http_client *c = signed_in(w, U_TEACHER_A);
	char *list = path(w->laestab[SCHOOL_A], "/pupils?year=R");
	char *y1 = path(w->laestab[SCHOOL_A], "/pupils?year=Y1");
	struct http_response r;

	/* Born October 2019: Reception in 2024/25 ... */
	r = http_get(c, list);
	assert_non_null(strstr(r.body, "3 pupils"));
	assert_non_null(strstr(r.body, "<td>R</td>"));
	http_response_free(&r);
	/* ... and Year 1 from 1 September 2025, with nothing run in between. */
	world_advance(w, 80 * 86400);
	http_client_free(c); /* the session has long expired: sign in again */
	c = signed_in(w, U_TEACHER_A);
	r = http_get(c, list);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "No pupils match"));
	http_response_free(&r);
	r = http_get(c, y1);
	assert_non_null(strstr(r.body, "3 pupils"));
	assert_non_null(strstr(r.body, "<td>Y1</td>"));
	http_response_free(&r);
	free(list);
	free(y1);
	http_client_free(c);
}

static void test_restore_button_by_role(void **state)
{
	struct world *w = *state;
	struct http_client *teacher = signed_in(w, U_TEACHER_A);
	struct http_client *la = signed_in(w, U_LA1);
	char *list = path(w->laestab[SCHOOL_A], "/pupils?archived=1");
	struct http_response r;

	r = http_get(teacher, list);
	assert_non_null(strstr(r.body, "Archive pupils</button>"));
	assert_null(strstr(r.body, "Restore pupils"));
	assert_non_null(strstr(r.body, "Add pupil"));
	http_response_free(&r);
	r = http_get(la, list);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "Archive pupils</button>"));
	assert_non_null(strstr(r.body, "Restore pupils"));
	assert_null(strstr(r.body, "Add pupil"));
	http_response_free(&r);
	free(list);
	http_client_free(teacher);
	http_client_free(la);
}

/* The list downloads as CSV and XLSX with the search applied: accents and
 * apostrophes survive, a class name that looks like a formula stays text. */
static void test_export(void **state)
{
	struct world *w = *state;
	struct http_client *admin = signed_in(w, U_ADMIN_A);
	struct http_client *teacher = signed_in(w, U_TEACHER_A);
	int l = w->laestab[SCHOOL_A];
	char *profile = path(l, "/profile"), *list = path(l, "/pupils?surname=O%27B");
	char *csv_url = path(l, "/pupils/export?surname=O%27B&format=csv");
	char *xlsx_url = path(l, "/pupils/export?surname=O%27B&format=xlsx");
	char *tok, form[512], upn[14], *file, *dir, *strings, *sheet1;
	struct http_response r;

	tok = world_csrf(admin, profile);
	snprintf(form, sizeof(form), "csrf=%s&class1=%%3D1%%2B1&custom1=-Late", tok);
	r = http_post_form(admin, profile, form);
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	upn_a(w, 950, upn);
	snprintf(form, sizeof(form),
		 "upn=%s&surname=O%%27Brien&forenames=Zo%%C3%%AB+Ren%%C3%%A9e&dob=01%%2F10%%2F2019"
		 "&class=1&gender=F&postcode=PR1+0LD&ethnicity=WBRI&sen=N&include_in_data=1",
		 upn);
	r = post_add(teacher, w, form);
	assert_int_equal(r.status, 303);
	http_response_free(&r);

	/* The list offers both downloads for its search. */
	r = http_get(teacher, list);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "/pupils/export?surname=O%27B&amp;format=csv"));
	assert_non_null(strstr(r.body, "/pupils/export?surname=O%27B&amp;format=xlsx"));
	http_response_free(&r);

	r = http_get(teacher, csv_url);
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Type", "text/csv"));
	assert_true(http_header_has(&r, "Content-Disposition", "attachment"));
	assert_non_null(strstr(r.body, "UPN,Surname,Forenames,Date of birth,Gender,Class,"));
	assert_non_null(strstr(r.body, ",'-Late,"));
	{
		char row[256];
		snprintf(row, sizeof(row),
			 "\r\n%s,O'Brien,Zo\xc3\xab Ren\xc3\xa9"
			 "e,01/10/2019,Female,'=1+1,",
			 upn);
		assert_non_null(strstr(r.body, row));
	}
	/* Only the pupil the search finds: the header and one row. */
	{
		int lines = 0;
		for (const char *p = r.body; *p; p++)
			lines += *p == '\n';
		assert_int_equal(lines, 2);
	}
	http_response_free(&r);

	dir = tu_temp_dir("pupils-xlsx");
	file = hc_download_to(teacher, xlsx_url, dir, "pupils.xlsx");
	strings = hc_unzip_member(file, "xl/sharedStrings.xml");
	sheet1 = hc_unzip_member(file, "xl/worksheets/sheet1.xml");
	assert_non_null(strstr(strings, "<t>O'Brien</t>"));
	assert_non_null(strstr(strings, "<t>Zo\xc3\xab Ren\xc3\xa9"
					"e</t>"));
	assert_non_null(strstr(strings, "<t>=1+1</t>")); /* text, as typed */
	assert_non_null(strstr(strings, "<t>-Late</t>"));
	assert_null(strstr(sheet1, "<f>")); /* no formula anywhere */
	free(strings);
	free(sheet1);
	free(file);
	free(dir);

	/* With no search: every pupil, classes by their school's names. */
	{
		char *all = path(l, "/pupils/export?format=csv");
		r = http_get(teacher, all);
		assert_int_equal(r.status, 200);
		assert_true(http_header_has(&r, "Content-Type", "text/csv"));
		assert_non_null(strstr(r.body, ",Female,'=1+1,"));
		http_response_free(&r);
		free(all);
	}

	/* Not for a school that is not yours: 404 like a missing page. */
	{
		char *other = path(w->laestab[SCHOOL_B], "/pupils/export?format=csv");
		r = http_get(teacher, other);
		assert_int_equal(r.status, 404);
		http_response_free(&r);
		free(other);
	}
	free(tok);
	free(profile);
	free(list);
	free(csv_url);
	free(xlsx_url);
	http_client_free(admin);
	http_client_free(teacher);
}

/* Whether body links to /schools/LAESTAB + rest. */
static bool links_to(const char *body, int laestab, const char *rest)
{
	char href[160];

	snprintf(href, sizeof(href), "href=\"/schools/%d%s\"", laestab, rest);
	return strstr(body, href) != NULL;
}

/* The list offers the bulk screens only to those who may use them, and each link
 * opens; the pupil record links to the pupil's interventions. */
static void test_list_actions_by_role(void **state)
{
	struct world *w = *state;
	struct http_client *teacher = signed_in(w, U_TEACHER_A);
	struct http_client *la = signed_in(w, U_LA1);
	struct http_client *mat = signed_in(w, U_MAT);
	int l = w->laestab[SCHOOL_A];
	char *list = path(l, "/pupils");
	struct pupil p = first_pupil(w, SCHOOL_A);
	char rest[64];
	struct http_response r;

	r = http_get(teacher, list);
	assert_int_equal(r.status, 200);
	assert_true(links_to(r.body, l, "/edit-pupils"));
	assert_true(links_to(r.body, l, "/pupil-upload"));
	assert_true(links_to(r.body, l, "/transfers"));
	assert_non_null(strstr(r.body, ">Edit multiple pupils</a>"));
	assert_non_null(strstr(r.body, ">Upload pupils</a>"));
	assert_non_null(strstr(r.body, ">Transfers</a>"));
	snprintf(rest, sizeof(rest), "/pupils/%lld/interventions", (long long)p.id);
	assert_true(links_to(r.body, l, rest));
	http_response_free(&r);
	{
		const char *rests[] = { "/edit-pupils", "/pupil-upload", "/transfers", rest };
		for (size_t i = 0; i < sizeof(rests) / sizeof(rests[0]); i++) {
			char *u = path(l, rests[i]);
			r = http_get(teacher, u);
			assert_int_equal(r.status, 200);
			http_response_free(&r);
			free(u);
		}
	}
	/* The pupil record links to the interventions. */
	snprintf(rest, sizeof(rest), "/pupils/%lld", (long long)p.id);
	{
		char *u = path(l, rest);
		r = http_get(teacher, u);
		assert_int_equal(r.status, 200);
		snprintf(rest, sizeof(rest), "/pupils/%lld/interventions", (long long)p.id);
		assert_true(links_to(r.body, l, rest));
		assert_non_null(strstr(r.body, ">Interventions</a>"));
		http_response_free(&r);
		free(u);
	}

	/* The LA confirms transfers but does not edit or upload pupils. */
	r = http_get(la, list);
	assert_int_equal(r.status, 200);
	assert_false(links_to(r.body, l, "/edit-pupils"));
	assert_false(links_to(r.body, l, "/pupil-upload"));
	assert_true(links_to(r.body, l, "/transfers"));
	http_response_free(&r);

	/* A MAT admin reads the list and nothing more. */
	r = http_get(mat, list);
	assert_int_equal(r.status, 200);
	assert_false(links_to(r.body, l, "/edit-pupils"));
	assert_false(links_to(r.body, l, "/pupil-upload"));
	assert_false(links_to(r.body, l, "/transfers"));
	http_response_free(&r);
	{
		char *u = path(l, "/edit-pupils");
		r = http_get(mat, u);
		assert_int_equal(r.status, 404);
		http_response_free(&r);
		free(u);
	}
	free(list);
	http_client_free(teacher);
	http_client_free(la);
	http_client_free(mat);
}

/* s with <, > and & as the page writes them; the caller frees. */
static char *escaped(const char *s)
{
	char *out = xmalloc(strlen(s) * 5 + 1), *o = out;

	for (; *s; s++)
		o += sprintf(o, "%s",
			     *s == '<' ? "&lt;" :
			     *s == '>' ? "&gt;" :
			     *s == '&' ? "&amp;" :
					 (char[]){ *s, 0 });
	return out;
}

/* The record of a pupil is headed with their name (the first pupil's surname is
 * markup, shown as text). Someone who may read it but not
 * change it (LA officer, MAT admin) sees the values, no form that would not save,
 * and a note that says so and what they can do: the LA restores an archived pupil
 * from the record; the MAT admin is told only the LA can. */
static void test_record_read_only(void **state)
{
	struct world *w = *state;
	struct http_client *teacher = signed_in(w, U_TEACHER_A);
	struct http_client *la = signed_in(w, U_LA1);
	struct http_client *mat = signed_in(w, U_MAT);
	struct pupil p = first_pupil(w, SCHOOL_A);
	char rec[128], ivs[160], h1[6 * PERSON_NAME_MAX], title[6 * PERSON_NAME_MAX], sel[64];
	char *name;
	const char *note = "You can view this record but not change it.";
	struct http_response r;

	snprintf(rec, sizeof(rec), "/schools/%d/pupils/%lld", w->laestab[SCHOOL_A],
		 (long long)p.id);
	snprintf(ivs, sizeof(ivs), "%s/interventions", rec);
	name = escaped(p.surname);
	snprintf(h1, sizeof(h1), "<h1>%s, %s</h1>", name, p.forenames);
	snprintf(title, sizeof(title), "<title>%s, %s \xe2\x80\x93 Pupil details", name,
		 p.forenames);
	free(name);
	snprintf(sel, sizeof(sel), "name=\"sel0\" value=\"%lld\"", (long long)p.id);

	/* The school edits: the form, its Save, no read-only note. */
	r = http_get(teacher, rec);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, h1));
	assert_non_null(strstr(r.body, title));
	assert_non_null(strstr(r.body, "<h2>Pupil details</h2>"));
	assert_non_null(strstr(r.body, "name=\"surname\""));
	assert_non_null(strstr(r.body, ">Save</button>"));
	assert_null(strstr(r.body, note));
	http_response_free(&r);

	/* The LA reads: the values, no field, no Save, the note. */
	r = http_get(la, rec);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, h1));
	assert_non_null(strstr(r.body, title));
	assert_non_null(strstr(r.body, note));
	assert_non_null(strstr(r.body, "ask the staff of"));
	assert_non_null(strstr(r.body, "<dt>Unique Pupil Number</dt>"));
	assert_non_null(strstr(r.body, p.upn));
	assert_null(strstr(r.body, "name=\"surname\""));
	assert_null(strstr(r.body, "type=\"checkbox\""));
	assert_null(strstr(r.body, ">Save</button>"));
	assert_null(strstr(r.body, "Restore this pupil"));
	http_response_free(&r);
	r = http_get(la, ivs);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "You can view these interventions but not change them."));
	assert_null(strstr(r.body, "Add intervention"));
	http_response_free(&r);
	r = http_get(teacher, ivs);
	assert_null(strstr(r.body, "You can view these interventions"));
	http_response_free(&r);

	/* Archived: the LA may restore it from the record, the MAT admin may not. */
	assert_int_equal(post_sel(teacher, w, "archive", p.id), 303);
	r = http_get(la, rec);
	assert_non_null(strstr(r.body, note));
	assert_non_null(strstr(r.body, "Restore this pupil</button>"));
	assert_non_null(strstr(r.body, "/pupils/restore\""));
	assert_non_null(strstr(r.body, sel));
	http_response_free(&r);
	r = http_get(mat, rec);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, note));
	assert_non_null(strstr(r.body, "Only the local authority can restore them."));
	assert_null(strstr(r.body, "Restore this pupil"));
	assert_null(strstr(r.body, "name=\"surname\""));
	http_response_free(&r);
	assert_int_equal(http_client_leaks(teacher), 0);
	assert_int_equal(http_client_leaks(la), 0);
	assert_int_equal(http_client_leaks(mat), 0);
	http_client_free(teacher);
	http_client_free(la);
	http_client_free(mat);
}

/* The list and "Edit multiple pupils" name and order the class, year group and
 * gender alike: Class before Year group in both searches, Gender (Male, Female)
 * before Class in both tables. */
static void test_same_terms_on_list_and_grid(void **state)
{
	struct world *w = *state;
	struct http_client *teacher = signed_in(w, U_TEACHER_A);
	char *list = path(w->laestab[SCHOOL_A], "/pupils?sort=name");
	char *grid = path(w->laestab[SCHOOL_A], "/edit-pupils");
	struct http_response r;
	const char *cls, *yr, *gender, *class_col;

	{ /* a pupil whose gender is not recorded (the form allows it) */
		struct store_conn *sc = store_acquire(w->app->store);
		struct pupil p;
		memset(&p, 0, sizeof(p));
		p.dob = (struct date){ 2019, 3, 3 };
		p.gender = GENDER_UNKNOWN;
		add_one(w, sc, &p, 90, "Aardvark", "Sam");
		store_release(sc);
	}

	r = http_get(teacher, list);
	assert_int_equal(r.status, 200);
	cls = strstr(r.body, "for=\"f-class\">Class</label>");
	yr = strstr(r.body, "for=\"f-year\">Year group</label>");
	assert_true(cls && yr && cls < yr);
	gender = strstr(r.body, ">Gender</a></th>");
	class_col = strstr(r.body, ">Class</a></th>");
	assert_true(gender && class_col && gender < class_col);
	assert_non_null(strstr(r.body, ">Year group</a></th>"));
	/* the same label for a gender not recorded, from the code list */
	assert_non_null(strstr(r.body, ">Unknown</td>"));
	http_response_free(&r);

	r = http_get(teacher, grid);
	assert_int_equal(r.status, 200);
	cls = strstr(r.body, "for=\"g-class\">Class</label>");
	yr = strstr(r.body, "for=\"g-year\">Year group</label>");
	assert_true(cls && yr && cls < yr);
	assert_null(strstr(r.body, "Class group"));
	assert_null(strstr(r.body, "Male/Female"));
	gender = strstr(r.body, "data-field=\"gender\">Gender</th>");
	class_col = strstr(r.body, "data-field=\"class\">Class</th>");
	assert_true(gender && class_col && gender < class_col);
	assert_non_null(strstr(r.body, "<option value=\"M\">Male</option><option "
				       "value=\"F\">Female</option>"));
	assert_non_null(strstr(r.body, ">Unknown<"));
	assert_null(strstr(r.body, "Not known"));
	http_response_free(&r);
	free(list);
	free(grid);
	http_client_free(teacher);
}

/* A list page's table is kept in memory between requests (store_piece_get)
 * and is never older than what it shows: a pupil changed, a class renamed, a
 * role that may not tick pupils, each shows on the next page. (A new academic
 * year: test_roll_forward.) */
static void test_list_table_kept(void **state)
{
	struct world *w = *state;
	struct http_client *teacher = signed_in(w, U_TEACHER_A);
	struct http_client *admin = signed_in(w, U_ADMIN_A);
	struct http_client *mat = signed_in(w, U_MAT);
	char *list = path(w->laestab[SCHOOL_A], "/pupils");
	char *profile = path(w->laestab[SCHOOL_A], "/profile");
	struct pupil p = first_pupil(w, SCHOOL_A);
	unsigned long hits[3], fills[3];
	struct http_response r1, r2;
	char *tok, form[256];

	/* The first view reads the pupils and keeps them and the table; the
	 * second is the same page, made from the kept table alone. */
	store_cache_counts(w->app->store, &hits[0], &fills[0]);
	r1 = http_get(teacher, list);
	store_cache_counts(w->app->store, &hits[1], &fills[1]);
	r2 = http_get(teacher, list);
	store_cache_counts(w->app->store, &hits[2], &fills[2]);
	assert_int_equal(r1.status, 200);
	assert_non_null(strstr(r1.body, "<th scope=\"col\">Select</th>"));
	assert_non_null(strstr(r1.body, "name=\"sel0\""));
	assert_string_equal(r1.body, r2.body);
	assert_int_equal(fills[1] - fills[0], 2);
	assert_int_equal(hits[2] - hits[1], 1);
	assert_int_equal(fills[2], fills[1]);
	http_response_free(&r2);

	/* A MAT admin may not archive: the same list without the tick column. */
	r2 = http_get(mat, list);
	assert_int_equal(r2.status, 200);
	assert_non_null(strstr(r2.body, world_marker(SCHOOL_A)));
	assert_null(strstr(r2.body, "<th scope=\"col\">Select</th>"));
	assert_null(strstr(r2.body, "name=\"sel0\""));
	http_response_free(&r2);

	/* A pupil changed (here through the store, as another server process
	 * would) shows at once. */
	snprintf(p.surname, sizeof(p.surname), "Quennell");
	p.class_no = 1;
	world_pupil_save(w, &p);
	r2 = http_get(teacher, list);
	assert_non_null(strstr(r2.body, ">Quennell, "));
	assert_non_null(strstr(r2.body, "<td>Class 1</td>"));
	http_response_free(&r2);

	/* A class renamed shows at once, though no pupil changed. */
	tok = world_csrf(admin, profile);
	snprintf(form, sizeof(form), "csrf=%s&class1=Otters", tok);
	r2 = http_post_form(admin, profile, form);
	assert_int_equal(r2.status, 200);
	http_response_free(&r2);
	r2 = http_get(teacher, list);
	assert_non_null(strstr(r2.body, "<td>Otters</td>"));
	assert_null(strstr(r2.body, "<td>Class 1</td>"));
	http_response_free(&r2);

	http_response_free(&r1);
	free(tok);
	free(profile);
	free(list);
	http_client_free(teacher);
	http_client_free(admin);
	http_client_free(mat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_errors_store_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upn_elsewhere, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_and_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_sort_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_combos, setup, teardown),
		cmocka_unit_test_setup_teardown(test_saved_selection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_archive_restore_by_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profile_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_pupil, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roll_forward, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_button_by_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_actions_by_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_terms_on_list_and_grid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_table_kept, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
