/*
 * test_statutory: the statutory returns over HTTP as the demo school and its LA
 * use them: phonics marks entered with the outcome worked out and shown; an
 * invalid mark refused beside the pupil with nothing stored; the Year 2 list;
 * KS2 drop-downs from the code table with the codes' meanings; submit only by
 * the school admin (a teacher gets 404 as the policy says), refused while errors
 * remain, then locked until the LA officer unlocks with a reason; the CTF
 * download reads back without errors, and is refused with the problems while
 * errors remain; the shared KS2 fixture imports, a bad fixture stores nothing
 * and shows its located errors; another school's or LA's submissions are 404;
 * a pupil archived after the submission stays in the list, marked, and the CTF.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/app.h"
#include "app/demo.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/upn.h"
#include "formats/ctf_read.h"
#include "store/store.h"

enum { AY = 2025, DEMO = 8881234, OTHER_LA_SCHOOL = 8891001 };

struct ctx {
	struct world *w;
	struct establishment demo;
	int64_t y1[64], y2[64], y6[64];
	size_t ny1, ny2, ny6;
};

static int setup(void **state)
{
	struct ctx *x = xcalloc(1, sizeof(*x));
	struct errbuf eb = { "" };
	struct store_conn *c;
	struct pupil_query q = { 0 };
	struct pupil *list = NULL;
	size_t n = 0;

	x->w = world_new(NULL);
	/* 2026-06-25: the end of 2025/26, after the fixtures' file dates */
	world_advance(x->w, 1782345600 - atomic_load(&x->w->clock));
	c = store_acquire(x->w->app->store);
	assert_int_equal(app_demo_load(x->w->app, c, NULL, &eb), ERR_OK);
	assert_int_equal(store_establishment_get_by_laestab(c, DEMO, &x->demo), ERR_OK);
	q.establishment_id = x->demo.id;
	assert_int_equal(store_pupil_list(c, &q, &list, &n), ERR_OK);
	for (size_t i = 0; i < n; i++) {
		int yg = year_group_of(list[i].dob, AY);
		if (yg == 1 && x->ny1 < 64)
			x->y1[x->ny1++] = list[i].id;
		else if (yg == 2 && x->ny2 < 64)
			x->y2[x->ny2++] = list[i].id;
		else if (yg == 6 && x->ny6 < 64)
			x->y6[x->ny6++] = list[i].id;
	}
	free(list);
	store_release(c);
	assert_true(x->ny1 >= 3 && x->ny2 >= 1 && x->ny6 >= 1);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *x = *state;

	world_free(x->w);
	free(x);
	return 0;
}

static struct http_client *demo_user(struct ctx *x, const char *user, const char *pw,
				     const char *code)
{
	struct http_client *c = http_client_new(x->w->port);
	struct http_response r = hc_sign_in(c, user, pw, code, NULL);

	assert_int_equal(r.status, 303);
	http_response_free(&r);
	return c;
}

static struct http_client *school_admin(struct ctx *x)
{
	return demo_user(x, "school.admin", "demo-school-admin-pass", "46802");
}

static const char *stored(struct ctx *x, int64_t pupil, enum collection coll, const char *comp,
			  const char *qual)
{
	static struct stat_stored s;
	struct store_conn *c = store_acquire(x->w->app->store);
	enum err rc = store_statutory_get(c, pupil, coll, AY, comp, qual, &s);

	store_release(c);
	assert_true(rc == ERR_OK || rc == ERR_NOT_FOUND);
	return s.result;
}

/* POSTs cells to an entry list; "cells" is "ID COMP VALUE" lines. */
static struct http_response post_cells(struct http_client *c, const char *coll, int group,
				       const char *cells)
{
	char path[128], *tok, *enc, *form;
	struct http_response r;
	size_t len;

	snprintf(path, sizeof(path), "/schools/%d/statutory/%s?year=%d&group=%d", DEMO, coll, AY,
		 group);
	tok = world_csrf(c, path);
	enc = http_form_escape(cells);
	len = strlen(enc) + 256;
	form = xmalloc(len);
	snprintf(form, len, "csrf=%s&year=%d&group=%d&cells=%s", tok, AY, group, enc);
	snprintf(path, sizeof(path), "/schools/%d/statutory/%s", DEMO, coll);
	r = http_post_form(c, path, form);
	free(form);
	free(enc);
	free(tok);
	return r;
}

static struct http_response post_simple(struct http_client *c, const char *page, const char *path,
					const char *fields)
{
	char *tok = world_csrf(c, page);
	char form[1024];
	struct http_response r;

	snprintf(form, sizeof(form), "csrf=%s&%s", tok ? tok : "", fields);
	r = http_post_form(c, path, form);
	free(tok);
	return r;
}

/* Marks every Year 1 pupil (mark 20 + i) and every Year 2 pupil (A). */
static void enter_all_phonics(struct ctx *x, struct http_client *c)
{
	struct strbuf sb = STRBUF_INIT;
	struct http_response r;

	for (size_t i = 0; i < x->ny1; i++)
		strbuf_addf(&sb, "%lld PSC %zu\n", (long long)x->y1[i], 20 + i);
	r = post_cells(c, "phonics", 1, sb.buf);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	strbuf_release(&sb);
	for (size_t i = 0; i < x->ny2; i++)
		strbuf_addf(&sb, "%lld PSC A\n", (long long)x->y2[i]);
	r = post_cells(c, "phonics", 2, sb.buf);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	strbuf_release(&sb);
}

static void test_phonics_entry(void **state)
{
	struct ctx *x = *state;
	struct http_client *c = demo_user(x, "teacher.demo", "demo-teacher-pass", "57913");
	char path[128], cells[256], *row;
	struct http_response r;

	snprintf(path, sizeof(path), "/schools/%d/statutory/phonics?year=%d", DEMO, AY);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Mark or code"));
	assert_non_null(strstr(r.body, "What the codes mean"));
	assert_non_null(strstr(r.body, "Disapplied"));
	http_response_free(&r);

	snprintf(cells, sizeof(cells), "%lld PSC 35\n%lld PSC 12\n", (long long)x->y1[0],
		 (long long)x->y1[1]);
	r = post_cells(c, "phonics", 1, cells);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	snprintf(cells, sizeof(cells), "id=\"pupil-%lld\"", (long long)x->y1[0]);
	row = strstr(r.body, cells);
	assert_non_null(row);
	assert_non_null(strstr(row, "value=\"35\""));
	assert_true(strstr(row, "<td class=\"outcome\">Wa</td>") < strstr(row, "</tr>"));
	snprintf(cells, sizeof(cells), "id=\"pupil-%lld\"", (long long)x->y1[1]);
	row = strstr(r.body, cells);
	assert_true(strstr(row, "<td class=\"outcome\">Wt</td>") < strstr(row, "</tr>"));
	http_response_free(&r);
	assert_string_equal(stored(x, x->y1[0], COLL_PHONICS, "PSC", "PM"), "35");

	/* one invalid mark: the whole save is refused, the message beside the pupil */
	snprintf(cells, sizeof(cells), "%lld PSC 30\n%lld PSC 41\n", (long long)x->y1[2],
		 (long long)x->y1[1]);
	r = post_cells(c, "phonics", 1, cells);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "nothing was saved"));
	snprintf(cells, sizeof(cells), "id=\"pupil-%lld\" class=\"has-error\"",
		 (long long)x->y1[1]);
	row = strstr(r.body, cells);
	assert_non_null(row);
	assert_true(strstr(row, "cell-error") < strstr(row, "</tr>"));
	assert_non_null(strstr(row, "40"));
	http_response_free(&r);
	assert_string_equal(stored(x, x->y1[2], COLL_PHONICS, "PSC", "PM"), "");
	assert_string_equal(stored(x, x->y1[1], COLL_PHONICS, "PSC", "PM"), "12");
	assert_int_equal(http_client_leaks(c), 0);
	http_client_free(c);
}

static void test_ks2_entry_and_year2(void **state)
{
	struct ctx *x = *state;
	struct http_client *c = school_admin(x);
	char path[128], cells[256], *loc;
	struct http_response r;

	snprintf(path, sizeof(path), "/schools/%d/statutory/ks2?year=%d", DEMO, AY);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<option value=\"PK6\">PK6</option>"));
	assert_non_null(strstr(r.body, "Working at greater depth"));
	/* the drop-downs carry the code table's list for typing (statutory.js); the
	 * fill tools offer each subject column */
	assert_non_null(strstr(r.body, "data-comp=\"SC\" data-allowed=\"EXS, HNM, A, L, F or P\" "
				       "data-label=\"KS2 science\""));
	assert_non_null(strstr(r.body, "<label for=\"st-fill-col\">Fill column</label>"));
	assert_non_null(strstr(r.body, "<option value=\"SC\">KS2 science</option>"));
	http_response_free(&r);
	snprintf(cells, sizeof(cells), "%lld WR GDS\n%lld RE EXS\n", (long long)x->y6[0],
		 (long long)x->y6[0]);
	r = post_cells(c, "ks2", 6, cells);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "below the test"));
	http_response_free(&r);
	assert_string_equal(stored(x, x->y6[0], COLL_KS2, "WR", "TA"), "");
	snprintf(cells, sizeof(cells), "%lld WR GDS\n%lld RE PK6\n", (long long)x->y6[0],
		 (long long)x->y6[0]);
	r = post_cells(c, "ks2", 6, cells);
	assert_int_equal(r.status, 303);
	loc = http_header(&r, "Location");
	assert_non_null(loc);
	http_response_free(&r);
	r = http_get(c, loc);
	free(loc);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "The results were saved."));
	assert_non_null(strstr(r.body, "<option value=\"GDS\" selected>GDS</option>"));
	/* writing and reading are there; science is still needed before a submit */
	assert_non_null(strstr(r.body, "KS2 science is missing"));
	http_response_free(&r);
	assert_string_equal(stored(x, x->y6[0], COLL_KS2, "WR", "TA"), "GDS");
	assert_string_equal(stored(x, x->y6[0], COLL_KS2, "RE", "TA"), "PK6");

	/* Year 2: a pupil who met the standard in Year 1 has no entry */
	{
		struct stat_stored s = { .pupil_id = x->y2[0],
					 .coll = COLL_PHONICS,
					 .academic_year = AY - 1 };
		struct store_conn *sc = store_acquire(x->w->app->store);
		struct actor who = { 0, "test", "" };
		struct errbuf eb = { "" };
		snprintf(s.component, sizeof(s.component), "PSC");
		snprintf(s.qualifier, sizeof(s.qualifier), "PM");
		snprintf(s.result, sizeof(s.result), "36");
		assert_int_equal(store_statutory_put(sc, &who, x->demo.id, &s, &eb), ERR_OK);
		store_release(sc);
	}
	snprintf(path, sizeof(path), "/schools/%d/statutory/phonics?year=%d&group=2", DEMO, AY);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Met the standard (36)"));
	assert_non_null(strstr(r.body, "No Year 2 check"));
	http_response_free(&r);
	snprintf(cells, sizeof(cells), "%lld PSC 20\n", (long long)x->y2[0]);
	r = post_cells(c, "phonics", 2, cells);
	assert_int_equal(r.status, 422);
	http_response_free(&r);
	assert_string_equal(stored(x, x->y2[0], COLL_PHONICS, "PSC", "PM"), "");
	http_client_free(c);
}

static void test_submit_lock_unlock(void **state)
{
	struct ctx *x = *state;
	struct http_client *admin = school_admin(x);
	struct http_client *teacher = demo_user(x, "teacher.demo", "demo-teacher-pass", "57913");
	struct http_client *la;
	char page[128], submit[128], unlock[128], cells[128];
	struct http_response r;

	snprintf(page, sizeof(page), "/schools/%d/statutory/phonics?year=%d", DEMO, AY);
	snprintf(submit, sizeof(submit), "/schools/%d/statutory/phonics/submit", DEMO);
	snprintf(unlock, sizeof(unlock), "/schools/%d/statutory/phonics/unlock", DEMO);

	/* before a submit the form says what it will record, not that it was done */
	r = http_get(admin, page);
	assert_non_null(strstr(r.body, "<p>Your name (Sandy Admin (demo)) and today&#39;s date "
				       "will be recorded with the submission.</p>"));
	assert_null(strstr(r.body, "Submitted by"));
	http_response_free(&r);
	/* errors remain: nobody has a mark yet. The results entered stay saved: only
	 * the submission is refused, with a sentence to act on */
	r = post_simple(admin, page, submit, "year=2025&declare=on");
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "has no phonics screening check result"));
	assert_non_null(strstr(r.body, "<h2>Not submitted</h2><p>The results have "));
	assert_non_null(strstr(r.body, " errors: correct them below, then submit again.</p>"));
	assert_null(strstr(r.body, "Not saved"));
	/* the browser is left at the form's address: it names the year and list,
	 * and opened again (a reload, the history, a bookmark) it gives the page */
	{
		char action[160], back[160];

		snprintf(action, sizeof(action),
			 "action=\"/schools/%d/statutory/phonics/submit?year=%d&amp;group=1\"",
			 DEMO, AY);
		assert_non_null(strstr(r.body, action));
		http_response_free(&r);
		snprintf(action, sizeof(action), "%s?year=%d&group=2", submit, AY);
		snprintf(back, sizeof(back), "/schools/%d/statutory/phonics?year=%d&group=2", DEMO,
			 AY);
		r = http_get(admin, action);
		assert_int_equal(r.status, 303);
		assert_true(http_header_has(&r, "Location", back));
		http_response_free(&r);
		snprintf(action, sizeof(action), "/schools/%d/statutory/ks2/ctf?year=%d", DEMO, AY);
		snprintf(back, sizeof(back), "/schools/%d/statutory/ks2?year=%d", DEMO, AY);
		r = http_get(admin, action);
		assert_int_equal(r.status, 303);
		assert_true(http_header_has(&r, "Location", back));
	}
	http_response_free(&r);
	enter_all_phonics(x, admin);
	/* the declaration is needed */
	r = post_simple(admin, page, submit, "year=2025");
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "I have authority from the Headteacher"));
	http_response_free(&r);
	/* a teacher may not submit: the policy answers as for a missing page */
	r = post_simple(teacher, page, submit, "year=2025&declare=on");
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	r = post_simple(admin, page, submit, "year=2025&declare=on");
	assert_int_equal(r.status, 303);
	http_response_free(&r);

	r = http_get(admin, page);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Submitted on "));
	/* named as the declaration named them: the display name, not the username */
	assert_non_null(strstr(r.body, " by Sandy Admin (demo). The results are locked"));
	assert_non_null(strstr(r.body, "table-scroll locked"));
	assert_null(strstr(r.body, "Submit these results"));
	http_response_free(&r);
	r = http_get(admin, "/submissions");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, " by Sandy Admin (demo)</td>"));
	http_response_free(&r);

	/* locked: a write is refused */
	snprintf(cells, sizeof(cells), "%lld PSC 40\n", (long long)x->y1[0]);
	r = post_cells(teacher, "phonics", 1, cells);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "locked: ask your LA to unlock"));
	http_response_free(&r);
	assert_string_equal(stored(x, x->y1[0], COLL_PHONICS, "PSC", "PM"), "20");

	/* the school may not unlock (and is not offered it); the LA officer does,
	 * with a reason, from the index or from the locked list itself */
	r = http_get(admin, page);
	assert_non_null(strstr(r.body, "ask your LA to unlock them"));
	assert_null(strstr(r.body, "Reason for unlocking"));
	http_response_free(&r);
	r = post_simple(admin, page, unlock, "year=2025&reason=mine");
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	la = demo_user(x, "la.officer", "demo-la-officer-pass", "24680");
	r = http_get(la, page);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "ask your LA"));
	assert_non_null(strstr(r.body, "unlock them here with your reason"));
	{
		char *form = strstr(r.body, "/statutory/phonics/unlock?year=2025&amp;group=1\"");
		assert_non_null(form);
		assert_true(strstr(form, "name=\"csrf\"") < strstr(form, "</form>"));
		assert_true(strstr(form, "name=\"back\" value=\"entry\"") <
			    strstr(form, "</form>"));
		assert_true(strstr(form, "name=\"reason\" required") < strstr(form, "</form>"));
	}
	http_response_free(&r);
	r = http_get(la, "/submissions");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Demo Primary School"));
	assert_non_null(strstr(r.body, "Reason for unlocking"));
	http_response_free(&r);
	r = post_simple(la, "/submissions", unlock, "year=2025&reason=");
	assert_int_equal(r.status, 400);
	http_response_free(&r);
	r = post_simple(la, page, unlock,
			"year=2025&group=2&back=entry&reason=Wrong+mark+for+one+pupil");
	assert_int_equal(r.status, 303);
	assert_true(http_header_has(&r, "Location",
				    "/statutory/phonics?year=2025&group=2&"
				    "done=unlocked"));
	http_response_free(&r);
	r = http_get(la, "/schools/8881234/statutory/phonics?year=2025&group=2&done=unlocked");
	assert_non_null(strstr(r.body, "The results were unlocked"));
	http_response_free(&r);
	r = http_get(admin, page);
	assert_non_null(strstr(r.body, " by la.officer: Wrong mark for one pupil"));
	http_response_free(&r);
	r = post_cells(teacher, "phonics", 1, cells);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	http_client_free(la);
	http_client_free(teacher);
	http_client_free(admin);
}

/* Each phonics list shows the problems of its own pupils and says how many the
 * rest of the return has, linked; labels are the statutory screens' own. */
static void test_lists_own_problems(void **state)
{
	struct ctx *x = *state;
	struct http_client *admin = school_admin(x);
	struct store_conn *c = store_acquire(x->w->app->store);
	struct pupil p1, p2;
	char y1[128], y2[128], more[256];
	struct http_response r;

	assert_int_equal(store_pupil_get(c, x->y1[0], &p1), ERR_OK);
	assert_int_equal(store_pupil_get(c, x->y2[0], &p2), ERR_OK);
	store_release(c);
	snprintf(y1, sizeof(y1), "/schools/%d/statutory/phonics?year=%d", DEMO, AY);
	snprintf(y2, sizeof(y2), "/schools/%d/statutory/phonics?year=%d&group=2", DEMO, AY);

	/* nobody has a mark: Year 1 lists its own pupils' errors, not Year 2's */
	r = http_get(admin, y1);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<code>"));
	assert_non_null(strstr(strstr(r.body, "<h2>Checks</h2>"), p1.upn));
	assert_null(strstr(r.body, p2.upn));
	snprintf(more, sizeof(more),
		 " more problem%s (%zu error%s, 0 queries): correct the errors "
		 "before submitting or exporting. See the <a href=\"/schools/%d/statutory/phonics?"
		 "year=%d&amp;group=2\">Year 2 retakes</a>.",
		 x->ny2 == 1 ? "" : "s", x->ny2, x->ny2 == 1 ? "" : "s", DEMO, AY);
	assert_non_null(strstr(r.body, more));
	/* the labels of the other screens: Gender as Male or Female */
	assert_true(strstr(r.body, "<td>Male</td>") || strstr(r.body, "<td>Female</td>"));
	assert_null(strstr(r.body, "<td>M</td>"));
	assert_null(strstr(r.body, "<td>F</td>"));
	http_response_free(&r);

	/* and Year 2 its own, pointing back to Year 1 */
	r = http_get(admin, y2);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(strstr(r.body, "<h2>Checks</h2>"), p2.upn));
	assert_null(strstr(r.body, p1.upn));
	assert_non_null(strstr(r.body, "\">Year 1 list</a>."));
	http_response_free(&r);

	/* a collection's label starts its cell with a capital */
	r = http_get(admin, "/submissions");
	assert_non_null(strstr(r.body, "<th scope=\"row\">Phonics screening check</th>"));
	http_response_free(&r);
	http_client_free(admin);
}

/* POSTs the CTF download form of coll with fields ("dest=la"). */
static struct http_response post_ctf(struct http_client *c, const char *coll, const char *fields)
{
	char page[128], path[128], form[256];

	snprintf(page, sizeof(page), "/schools/%d/statutory/%s?year=%d", DEMO, coll, AY);
	snprintf(path, sizeof(path), "/schools/%d/statutory/%s/ctf", DEMO, coll);
	snprintf(form, sizeof(form), "year=%d&%s", AY, fields);
	return post_simple(c, page, path, form);
}

static void test_ctf_export(void **state)
{
	struct ctx *x = *state;
	struct http_client *admin = school_admin(x);
	struct problem_list pl;
	struct stat_return ret;
	struct stat_options opt = { .school_laestab = DEMO };
	char path[128];
	struct http_response r;

	/* a download takes a file number: a POST form with CSRF, never a GET (the
	 * form's address opened with GET gives the page back and takes no number:
	 * the first file below is still _001) */
	snprintf(path, sizeof(path), "/schools/%d/statutory/phonics/ctf?year=%d", DEMO, AY);
	r = http_get(admin, path);
	assert_int_equal(r.status, 303);
	assert_false(http_header_has(&r, "Content-Disposition", "xml"));
	http_response_free(&r);
	r = post_ctf(admin, "phonics", "dest=la");
	assert_int_equal(r.status, 409); /* no marks yet */
	assert_non_null(strstr(r.body, "The CTF was not made"));
	http_response_free(&r);
	enter_all_phonics(x, admin);
	snprintf(path, sizeof(path), "/schools/%d/statutory/phonics?year=%d", DEMO, AY);
	r = http_get(admin, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<option value=\"naa\">"));
	assert_non_null(strstr(r.body, "name=\"school\""));
	http_response_free(&r);
	r = post_ctf(admin, "phonics", "dest=la");
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Disposition", "attachment"));
	assert_true(http_header_has(&r, "Content-Disposition", "8881234_CTF_888LLLL_001.xml"));
	problem_list_init(&pl);
	assert_int_equal(ctf_read(r.body, r.body_len, "export.xml", NULL, &ret, &pl), ERR_OK);
	assert_true(statutory_check(&ret, x->w->app->codes, &opt, &pl));
	assert_int_equal(problem_list_count_errors(&pl), 0);
	assert_int_equal(ret.npupils, x->ny1 + x->ny2);
	assert_string_equal(ret.header.dest_lea.text, "888");
	assert_string_equal(ret.header.dest_estab.text, "LLLL");
	stat_return_release(&ret);
	problem_list_release(&pl);
	http_response_free(&r);

	/* the same destination again: the next number; others start at _001 */
	r = post_ctf(admin, "phonics", "dest=la");
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Disposition", "8881234_CTF_888LLLL_002.xml"));
	http_response_free(&r);
	r = post_ctf(admin, "phonics", "dest=school&school=888%2F5678");
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Disposition", "8881234_CTF_8885678_001.xml"));
	problem_list_init(&pl);
	assert_int_equal(ctf_read(r.body, r.body_len, "export.xml", NULL, &ret, &pl), ERR_OK);
	assert_string_equal(ret.header.dest_lea.text, "888");
	assert_string_equal(ret.header.dest_estab.text, "5678");
	stat_return_release(&ret);
	problem_list_release(&pl);
	http_response_free(&r);
	r = post_ctf(admin, "phonics", "dest=unknown");
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Disposition", "8881234_CTF_XXXXXXX_001.xml"));
	http_response_free(&r);
	r = post_ctf(admin, "phonics", "dest=nonmaintained");
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Disposition", "8881234_CTF_MMMMMMM_001.xml"));
	http_response_free(&r);

	/* a school destination needs a LAESTAB that is not this school; no number
	 * taken: the page again, the reason at the field (linked from the summary),
	 * "Another school" still chosen and the LAESTAB as typed */
	r = post_ctf(admin, "phonics", "dest=school");
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "<h2>The CTF was not made</h2><p><a href=\"#ctf-school\">"
				       "Give the receiving school&#39;s 7-digit LAESTAB"));
	assert_non_null(strstr(r.body, "<p class=\"error-message\" id=\"ctf-school-error\">"
				       "Error: Give the receiving school&#39;s 7-digit LAESTAB"));
	assert_non_null(strstr(r.body, "<option value=\"school\" selected>"));
	assert_non_null(strstr(r.body, "name=\"declare\"")); /* the whole page, not a dead end */
	http_response_free(&r);
	r = post_ctf(admin, "phonics", "dest=school&school=12");
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "name=\"school\" maxlength=\"8\" size=\"9\" "
				       "inputmode=\"numeric\" value=\"12\" aria-invalid=\"true\""));
	/* the reason is the LAESTAB's, in the form's words (not the command
	 * line's list of destination words) */
	assert_non_null(strstr(r.body, "Error: &quot;12&quot; is not a LAESTAB: give 7 digits"));
	assert_null(strstr(r.body, "is not one of la"));
	http_response_free(&r);
	/* the LAESTAB field takes a LAESTAB only: a destination's word typed there
	 * is refused, not taken as that destination */
	r = post_ctf(admin, "phonics", "dest=school&school=la");
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "Error: &quot;la&quot; is not a LAESTAB"));
	http_response_free(&r);
	/* a space pasted with a LAESTAB is forgiven */
	r = post_ctf(admin, "phonics", "dest=school&school=8885678+");
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Disposition", "8881234_CTF_8885678_002.xml"));
	http_response_free(&r);
	r = post_ctf(admin, "phonics", "dest=school&school=8881234");
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "is this school"));
	assert_non_null(strstr(r.body, "value=\"8881234\""));
	http_response_free(&r);
	/* from the Year 2 retakes: the same list again */
	r = post_ctf(admin, "phonics", "group=2&dest=school");
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "Year 2 retakes, 2025/26</h1>"));
	http_response_free(&r);
	r = post_ctf(admin, "phonics", "dest=la");
	assert_int_equal(r.status, 200);
	assert_true(http_header_has(&r, "Content-Disposition", "8881234_CTF_888LLLL_003.xml"));
	http_response_free(&r);
	http_client_free(admin);
}

/* POSTs an entry list as a browser without JavaScript does: one field per cell. */
static struct http_response post_fields(struct http_client *c, const char *coll, int group,
					const char *fields)
{
	char path[128], *tok, *form;
	struct http_response r;
	size_t len = strlen(fields) + 256;

	snprintf(path, sizeof(path), "/schools/%d/statutory/%s?year=%d&group=%d", DEMO, coll, AY,
		 group);
	tok = world_csrf(c, path);
	form = xmalloc(len);
	snprintf(form, len, "csrf=%s&year=%d&group=%d&cells=%s", tok, AY, group, fields);
	snprintf(path, sizeof(path), "/schools/%d/statutory/%s", DEMO, coll);
	r = http_post_form(c, path, form);
	free(form);
	free(tok);
	return r;
}

/* Adds made-up Year 6 pupils to the demo school so a KS2 list has n pupils. */
static void year6_up_to(struct ctx *x, size_t n)
{
	struct store_conn *c = store_acquire(x->w->app->store);
	struct actor who = { 0, "test", "" };

	for (int serial = 900; x->ny6 < n && x->ny6 < 64; serial++) {
		struct pupil p = { 0 };
		struct errbuf eb = { "" };
		p.establishment_id = x->demo.id;
		assert_true(upn_make(888, 1234, 18, serial, p.upn));
		snprintf(p.surname, sizeof(p.surname), "Testley");
		snprintf(p.forenames, sizeof(p.forenames), "Madeup %d", serial);
		assert_true(date_parse_iso("2015-03-01", &p.dob));
		p.gender = serial % 2 ? GENDER_FEMALE : GENDER_MALE;
		p.sen = 'N';
		p.year_override = YEAR_NONE;
		p.include_in_data = true;
		assert_int_equal(store_pupil_add(c, &who, &p, &eb), ERR_OK);
		x->y6[x->ny6++] = p.id;
	}
	store_release(c);
}

/* issue 6c: the entry form saves without JavaScript, more than 100 fields. */
static void test_entry_without_js(void **state)
{
	struct ctx *x = *state;
	struct http_client *c = school_admin(x);
	static const char *const comps[] = { "re", "wr", "ma", "sc" };
	struct strbuf sb = STRBUF_INIT;
	char path[128], name[64];
	struct http_response r;
	size_t nfields = 0;

	year6_up_to(x, 30);
	snprintf(path, sizeof(path), "/schools/%d/statutory/ks2?year=%d", DEMO, AY);
	r = http_get(c, path);
	assert_int_equal(r.status, 200);
	snprintf(name, sizeof(name), "name=\"c_%lld_wr\"", (long long)x->y6[0]);
	assert_non_null(strstr(r.body, name)); /* the fields have names */
	assert_null(strstr(r.body, "needs JavaScript"));
	http_response_free(&r);

	/* every pupil, every subject, as the browser sends the whole form */
	for (size_t i = 0; i < x->ny6; i++)
		for (size_t k = 0; k < 4; k++, nfields++)
			strbuf_addf(&sb, "&c_%lld_%s=%s", (long long)x->y6[i], comps[k],
				    k == 1 ? (i % 2 ? "EXS" : "WTS") :
				    k == 3 ? "HNM" :
					     "");
	assert_true(nfields > 100);
	r = post_fields(c, "ks2", 6, sb.buf);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	assert_string_equal(stored(x, x->y6[0], COLL_KS2, "WR", "TA"), "WTS");
	assert_string_equal(stored(x, x->y6[1], COLL_KS2, "WR", "TA"), "EXS");
	assert_string_equal(
		stored(x, x->ny6 - 1 < 64 ? x->y6[x->ny6 - 1] : 0, COLL_KS2, "SC", "TA"), "HNM");
	assert_string_equal(stored(x, x->y6[0], COLL_KS2, "RE", "TA"), "");

	/* an invalid entry among them: nothing saved, the reason beside the pupil */
	strbuf_reset(&sb);
	strbuf_addf(&sb, "&c_%lld_wr=GDS&c_%lld_sc=GDS", (long long)x->y6[2], (long long)x->y6[3]);
	r = post_fields(c, "ks2", 6, sb.buf);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "not allowed for KS2 science"));
	http_response_free(&r);
	assert_string_equal(stored(x, x->y6[2], COLL_KS2, "WR", "TA"), "WTS");

	/* more entries than the page takes: a clear refusal, nothing saved */
	strbuf_reset(&sb);
	for (int i = 0; i < 1001; i++)
		strbuf_addf(&sb, "&c_%d_wr=EXS", 100000 + i);
	r = post_fields(c, "ks2", 6, sb.buf);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "more than 1000 entries"));
	http_response_free(&r);
	/* a field sent twice, and a family field where the page takes none */
	strbuf_reset(&sb);
	strbuf_addf(&sb, "&c_%lld_wr=EXS&c_%lld_wr=WTS", (long long)x->y6[0], (long long)x->y6[0]);
	r = post_fields(c, "ks2", 6, sb.buf);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "more than once"));
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/statutory/ks2?year=%d&c_1_wr=EXS", DEMO, AY);
	r = http_get(c, path);
	assert_int_equal(r.status, 400);
	http_response_free(&r);
	assert_string_equal(stored(x, x->y6[0], COLL_KS2, "WR", "TA"), "WTS");
	strbuf_release(&sb);
	http_client_free(c);
}

static struct http_response upload(struct http_client *c, const char *filename, const char *data,
				   size_t len)
{
	static const char boundary[] = "----pupiltrackTestBoundaryCtf6";
	char path[64], ct[128], *csrf;
	struct strbuf sb = STRBUF_INIT;
	struct http_response r;

	snprintf(path, sizeof(path), "/schools/%d/ctf-import", DEMO);
	csrf = world_csrf(c, path);
	strbuf_addf(&sb, "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n",
		    boundary, csrf);
	strbuf_addf(&sb,
		    "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
		    "Content-Type: text/xml\r\n\r\n",
		    boundary, filename);
	strbuf_add(&sb, data, len);
	strbuf_addf(&sb, "\r\n--%s--\r\n", boundary);
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", boundary);
	r = http_request(c, "POST", path, NULL, ct, sb.buf, sb.len);
	strbuf_release(&sb);
	free(csrf);
	return r;
}

static long demo_pupils(struct ctx *x)
{
	struct store_conn *c = store_acquire(x->w->app->store);
	long n = 0;

	assert_int_equal(store_pupil_count(c, x->demo.id, &n), ERR_OK);
	store_release(c);
	return n;
}

/* The stored pupil with upn into *p (the test fails when there is none). */
static void demo_pupil(struct ctx *x, const char *upn, struct pupil *p)
{
	struct store_conn *c = store_acquire(x->w->app->store);

	assert_int_equal(store_pupil_get_by_upn(c, upn, p), ERR_OK);
	store_release(c);
}

/* "Import" on a preview page: its hidden fields posted back. */
static struct http_response confirm_import(struct http_client *c, const char *preview)
{
	char *tok = http_form_value(preview, "csrf"), *name = http_form_value(preview, "name");
	char *ctf = http_form_value(preview, "ctf"), *enc_ctf, *enc_name, *form, path[64];
	struct http_response r;
	size_t len;

	assert_non_null(tok);
	assert_non_null(ctf);
	enc_ctf = http_form_escape(ctf);
	enc_name = http_form_escape(name ? name : "");
	len = strlen(enc_ctf) + strlen(enc_name) + strlen(tok) + 64;
	form = xmalloc(len);
	snprintf(form, len, "csrf=%s&name=%s&ctf=%s", tok, enc_name, enc_ctf);
	snprintf(path, sizeof(path), "/schools/%d/ctf-import/confirm", DEMO);
	r = http_post_form(c, path, form);
	free(form);
	free(enc_ctf);
	free(enc_name);
	free(ctf);
	free(name);
	free(tok);
	return r;
}

/* The id of the newest audit row of the demo school (0 when none). */
static int64_t last_audit_id(struct ctx *x)
{
	struct audit_query q = { .establishment_id = x->demo.id, .limit = 1 };
	struct store_conn *c = store_acquire(x->w->app->store);
	struct audit_entry *list = NULL;
	int64_t id = 0;
	size_t n = 0;

	assert_int_equal(store_audit_list(c, &q, &list, &n), ERR_OK);
	if (n)
		id = list[0].id;
	free(list);
	store_release(c);
	return id;
}

static void test_ctf_import(void **state)
{
	struct ctx *x = *state;
	struct http_client *admin = school_admin(x);
	char *file = tu_shared_path("fixtures/ctf/bad/ks1-science-gds.xml");
	long before = demo_pupils(x);
	struct store_conn *c;
	struct http_response r, preview;
	struct pupil p;
	size_t len;
	char *data = tu_read_file(file, &len);

	/* a bad file: located errors, no Import button, nothing stored */
	r = upload(admin, "ks1-science-gds.xml", data, len);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "ks1-science-gds.xml:129:"));
	assert_non_null(strstr(r.body, "nothing was saved"));
	assert_non_null(strstr(r.body, "<h2>The file has "));
	assert_non_null(strstr(r.body, "nothing was saved. Correct it and upload it again.</h2>"));
	assert_null(strstr(r.body, "/ctf-import/confirm"));
	http_response_free(&r);
	assert_int_equal(demo_pupils(x), before);
	free(data);
	free(file);

	/* a pupil CSV is not corrected but taken where it belongs */
	{
		static const char csv[] =
			"UPN,Surname,Forename,DOB,Gender,Postcode,FSM,Ethnic code,"
			"English as additional language,SEN,LCCNo\r\n";
		r = upload(admin, "pupils.csv", csv, sizeof(csv) - 1);
		assert_int_equal(r.status, 422);
		assert_non_null(strstr(r.body, "The file is not a CTF: nothing was saved."));
		assert_null(strstr(r.body, "Correct it and upload it again"));
		assert_non_null(strstr(r.body, "use Pupils"));
		http_response_free(&r);
	}

	/* the KS2 fixture: a preview of 30 new pupils and their results, nothing stored */
	file = tu_shared_path("fixtures/ctf/8881234_KS2_888LLLL_001.xml");
	data = tu_read_file(file, &len);
	preview = upload(admin, "8881234_KS2_888LLLL_001.xml", data, len);
	assert_int_equal(preview.status, 200);
	assert_non_null(strstr(preview.body, "30 pupils, 30 new and 0 matched"));
	assert_non_null(strstr(preview.body, "KS2 teacher assessment</th><td>"));
	assert_non_null(strstr(preview.body, "<th scope=\"col\">New</th><th scope=\"col\">"
					     "Changed</th>"));
	assert_non_null(strstr(preview.body, "B888123419001"));
	assert_non_null(strstr(preview.body, "New pupil"));
	assert_non_null(strstr(preview.body, "Cancel"));
	assert_int_equal(demo_pupils(x), before);
	c = store_acquire(x->w->app->store);
	assert_int_equal(store_pupil_get_by_upn(c, "B888123419001", &p), ERR_NOT_FOUND);
	store_release(c);

	/* Import: stored, all of it */
	r = confirm_import(admin, preview.body);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "30 new pupils"));
	assert_non_null(strstr(r.body, "results saved"));
	http_response_free(&r);
	assert_int_equal(demo_pupils(x), before + 30);
	c = store_acquire(x->w->app->store);
	assert_int_equal(store_pupil_get_by_upn(c, "B888123419001", &p), ERR_OK);
	store_release(c);
	assert_int_equal(p.establishment_id, x->demo.id);
	assert_string_equal(stored(x, p.id, COLL_KS2, "WR", "TA"), "GDS");
	/* Import pressed twice (or the page re-sent): the same data, nothing new */
	r = confirm_import(admin, preview.body);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "30 pupils matched (0 with their details updated from the "
				       "file), 0 new and 0 changed results saved"));
	http_response_free(&r);
	http_response_free(&preview);

	/* again: the preview says matched and unchanged */
	r = upload(admin, "8881234_KS2_888LLLL_001.xml", data, len);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "30 pupils, 0 new and 30 matched"));
	assert_non_null(strstr(r.body, "Matched"));
	http_response_free(&r);

	/* the MIS has a pupil's surname and ethnicity changed: the preview names
	 * them and stores nothing; Import updates the record, audited */
	{
		char *mis = xstrdup(data), *at = strstr(mis, "<Surname>SPECIMEN</Surname>");
		int64_t audit_before = last_audit_id(x);
		assert_non_null(at);
		memcpy(at, "<Surname>SPECIMAN</Surname>", strlen("<Surname>SPECIMAN</Surname>"));
		at = strstr(at, "<Ethnicity>OOTH</Ethnicity>");
		assert_non_null(at);
		memcpy(at, "<Ethnicity>WBRI</Ethnicity>", strlen("<Ethnicity>WBRI</Ethnicity>"));
		preview = upload(admin, "mis.xml", mis, len);
		assert_int_equal(preview.status, 200);
		assert_non_null(strstr(preview.body,
				       "1 matched pupil has basic details in the file "
				       "that differ from pupiltrack&#39;s record"));
		assert_non_null(strstr(preview.body, "Import updates them from the file"));
		assert_non_null(strstr(preview.body, "Details updated from the file</th>"));
		assert_non_null(strstr(preview.body, "<td>surname, ethnicity</td>"));
		assert_int_equal(last_audit_id(x), audit_before);
		demo_pupil(x, "B888123419001", &p);
		assert_string_equal(p.surname, "SPECIMEN");
		r = confirm_import(admin, preview.body);
		assert_int_equal(r.status, 200);
		assert_non_null(strstr(r.body, "30 pupils matched (1 with their details updated"));
		http_response_free(&r);
		http_response_free(&preview);
		demo_pupil(x, "B888123419001", &p);
		assert_string_equal(p.surname, "SPECIMAN");
		assert_string_equal(p.ethnicity, "WBRI");
		assert_true(last_audit_id(x) > audit_before);
		free(mis);
	}

	/* addressed to another school of pupiltrack (888/2001) where the
	 * demo school's admin does not work: refused at DestSchool, naming it */
	{
		char *to_other = xstrdup(data), *estab = strstr(to_other, "<Estab>LLLL</Estab>");
		assert_non_null(estab);
		memcpy(estab, "<Estab>2001</Estab>", strlen("<Estab>2001</Estab>"));
		r = upload(admin, "to-2001.xml", to_other, len);
		assert_int_equal(r.status, 422);
		assert_non_null(strstr(r.body, "to-2001.xml:18:"));
		assert_non_null(strstr(r.body, "error: this file is addressed to 888/2001 "));
		assert_non_null(strstr(r.body, "it can only be imported there"));
		assert_null(strstr(r.body, "/ctf-import/confirm"));
		http_response_free(&r);
		free(to_other);
	}

	/* a changed text posted to Import is read and checked again: refused */
	{
		char form[512], *tok = world_csrf(admin, "/schools/8881234/ctf-import");
		char path[64];
		snprintf(form, sizeof(form), "csrf=%s&name=x.xml&ctf=%%3CCTfile%%3E", tok);
		snprintf(path, sizeof(path), "/schools/%d/ctf-import/confirm", DEMO);
		r = http_post_form(admin, path, form);
		assert_int_equal(r.status, 422);
		assert_non_null(strstr(r.body, "x.xml:"));
		assert_non_null(strstr(r.body, "was not imported"));
		http_response_free(&r);
		free(tok);
	}
	assert_int_equal(demo_pupils(x), before + 30);
	free(data);
	free(file);
	http_client_free(admin);
}

/* Cancel on a preview stores nothing: the KS1 fixture's pupils and results stay
 * out until Import, and no audit row is written; an LA officer (no pupil-write
 * right at a school) cannot import at all. */
static void test_ctf_import_cancel(void **state)
{
	struct ctx *x = *state;
	struct http_client *admin = school_admin(x);
	struct http_client *la = demo_user(x, "la.officer", "demo-la-officer-pass", "24680");
	char *file = tu_shared_path("fixtures/ctf/8881234_KS1_888LLLL_001.xml");
	long before = demo_pupils(x);
	struct http_response r, preview;
	size_t len;
	char *data = tu_read_file(file, &len), *cancel;
	int64_t audit_before = last_audit_id(x);
	preview = upload(admin, "8881234_KS1_888LLLL_001.xml", data, len);
	assert_int_equal(preview.status, 200);
	assert_non_null(strstr(preview.body, "KS1 teacher assessment</th><td>100</td>"));
	assert_non_null(strstr(preview.body, "<th scope=\"row\">KS1 teacher assessment</th>"));
	/* Cancel is a secondary link beside the Import button, in a class the
	 * style sheet styles as such (not the green of Import) */
	cancel = strstr(preview.body, "href=\"/schools/8881234/ctf-import\" "
				      "class=\"button button-secondary\">Cancel");
	assert_non_null(cancel);
	r = http_get(admin, "/static/app.css");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\n.button-secondary {"));
	http_response_free(&r);
	r = http_get(admin, "/schools/8881234/ctf-import");
	assert_int_equal(r.status, 200);
	http_response_free(&r);
	assert_int_equal(demo_pupils(x), before);
	assert_int_equal(last_audit_id(x), audit_before);
	r = post_simple(la, "/submissions", "/schools/8881234/ctf-import/confirm",
			"name=x.xml&ctf=x");
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	assert_int_equal(demo_pupils(x), before);
	http_response_free(&preview);
	free(data);
	free(file);
	http_client_free(la);
	http_client_free(admin);
}

/* The EYFS profile: entered in the tracking grid's end of year ELGs, checked,
 * downloaded and submitted from its own page. */
static void test_eyfsp_page(void **state)
{
	struct ctx *x = *state;
	struct http_client *admin = school_admin(x);
	struct http_client *teacher = demo_user(x, "teacher.demo", "demo-teacher-pass", "57913");
	char page[128], submit[128], grid[128];
	struct http_response r;

	snprintf(page, sizeof(page), "/schools/%d/statutory/eyfsp?year=%d", DEMO, AY);
	snprintf(submit, sizeof(submit), "/schools/%d/statutory/eyfsp/submit", DEMO);
	snprintf(grid, sizeof(grid), "/schools/%d/assessments?year=%d&amp;yg=R&amp;elg=1", DEMO,
		 AY);

	r = http_get(admin, "/submissions");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "EYFS profile"));
	assert_non_null(strstr(r.body, "Check and submit"));
	http_response_free(&r);

	r = http_get(admin, page);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, grid));
	assert_non_null(strstr(r.body, "<h2>Checks</h2>"));
	assert_non_null(strstr(r.body, "name=\"declare\""));
	http_response_free(&r);

	/* results are not typed here */
	r = post_simple(admin, page, page, "year=2025&cells=");
	assert_int_equal(r.status, 400);
	http_response_free(&r);
	/* a teacher may not submit */
	r = post_simple(teacher, page, submit, "year=2025&declare=on");
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	/* without the declaration nothing is submitted */
	r = post_simple(admin, page, submit, "year=2025");
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "Not submitted"));
	http_response_free(&r);
	r = http_get(admin, page);
	assert_null(strstr(r.body, "Submitted on"));
	http_response_free(&r);
	http_client_free(admin);
	http_client_free(teacher);
}

/* Teachers enter results but have no Submissions menu: the Assessments page
 * links them to the entry lists of their school. */
static void test_teacher_reaches_entry(void **state)
{
	struct ctx *x = *state;
	struct http_client *teacher = demo_user(x, "teacher.demo", "demo-teacher-pass", "57913");
	struct http_response r;
	char link[96];

	snprintf(link, sizeof(link), "href=\"/schools/%d/statutory/phonics\"", DEMO);
	r = http_get(teacher, "/assessments");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, link));
	http_response_free(&r);
	snprintf(link, sizeof(link), "/schools/%d/statutory/ks2", DEMO);
	r = http_get(teacher, link);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "KS2 teacher assessment"));
	http_response_free(&r);
	http_client_free(teacher);
}

static void test_other_school_404(void **state)
{
	struct ctx *x = *state;
	struct http_client *admin = school_admin(x);
	struct http_client *la = demo_user(x, "la.officer", "demo-la-officer-pass", "24680");
	char path[128], post[128];
	struct http_response r;

	snprintf(path, sizeof(path), "/schools/%d/statutory/phonics", OTHER_LA_SCHOOL);
	r = http_get(admin, path);
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/statutory/ks2/ctf", OTHER_LA_SCHOOL);
	r = post_simple(admin, "/submissions", path, "year=2025&dest=la");
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	snprintf(path, sizeof(path), "/schools/%d/ctf-import/confirm", OTHER_LA_SCHOOL);
	r = post_simple(admin, "/submissions", path, "name=x.xml&ctf=x");
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	snprintf(post, sizeof(post), "/schools/%d/statutory/phonics/unlock", OTHER_LA_SCHOOL);
	r = post_simple(la, "/submissions", post, "year=2025&reason=Not+mine");
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	r = http_get(la, "/submissions");
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "Hillside Primary School"));
	http_response_free(&r);
	http_client_free(la);
	http_client_free(admin);
}

/* Archives pupil through the pupil list, as the school does when a pupil leaves. */
static void archive_http(struct http_client *c, int64_t pupil)
{
	char page[64], path[64], fields[32];
	struct http_response r;

	snprintf(page, sizeof(page), "/schools/%d/pupils", DEMO);
	snprintf(path, sizeof(path), "/schools/%d/pupils/archive", DEMO);
	snprintf(fields, sizeof(fields), "sel0=%lld", (long long)pupil);
	r = post_simple(c, page, path, fields);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
}

/* Leavers: one archived without a mark is not asked for and not in the CTF; one
 * archived after the submission stays on the list, marked "(left)", and in the
 * CTF of the locked return. */
static void test_leavers(void **state)
{
	struct ctx *x = *state;
	struct http_client *admin = school_admin(x);
	struct strbuf sb = STRBUF_INIT;
	int64_t gone = x->y1[x->ny1 - 1], left = x->y1[0];
	struct pupil pg, pl_;
	struct problem_list pl;
	struct stat_return ret;
	struct store_conn *c = store_acquire(x->w->app->store);
	char page[128], submit[128];
	struct http_response r;

	assert_int_equal(store_pupil_get(c, gone, &pg), ERR_OK);
	assert_int_equal(store_pupil_get(c, left, &pl_), ERR_OK);
	store_release(c);
	snprintf(page, sizeof(page), "/schools/%d/statutory/phonics?year=%d", DEMO, AY);
	snprintf(submit, sizeof(submit), "/schools/%d/statutory/phonics/submit", DEMO);
	archive_http(admin, gone);
	for (size_t i = 0; i + 1 < x->ny1; i++)
		strbuf_addf(&sb, "%lld PSC %zu\n", (long long)x->y1[i], 20 + i);
	r = post_cells(admin, "phonics", 1, sb.buf);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	strbuf_release(&sb);
	for (size_t i = 0; i < x->ny2; i++)
		strbuf_addf(&sb, "%lld PSC A\n", (long long)x->y2[i]);
	r = post_cells(admin, "phonics", 2, sb.buf);
	assert_int_equal(r.status, 303);
	http_response_free(&r);
	strbuf_release(&sb);
	r = post_simple(admin, page, submit, "year=2025&declare=on");
	assert_int_equal(r.status, 303);
	http_response_free(&r);

	archive_http(admin, left);
	r = http_get(admin, page);
	assert_int_equal(r.status, 200);
	strbuf_addf(&sb, "%s, %s (left)</th>", pl_.surname, pl_.forenames);
	assert_non_null(strstr(r.body, sb.buf));
	assert_null(strstr(r.body, pg.upn));
	strbuf_reset(&sb);
	/* the leaver's row is marked for "Fill column" to pass over */
	strbuf_addf(&sb, "<tr id=\"pupil-%lld\" data-left=\"1\">", (long long)pl_.id);
	assert_non_null(strstr(r.body, sb.buf));
	strbuf_release(&sb);
	http_response_free(&r);
	r = post_ctf(admin, "phonics", "dest=la");
	assert_int_equal(r.status, 200);
	problem_list_init(&pl);
	assert_int_equal(ctf_read(r.body, r.body_len, "export.xml", NULL, &ret, &pl), ERR_OK);
	assert_int_equal(ret.npupils, x->ny1 - 1 + x->ny2);
	assert_non_null(strstr(r.body, pl_.upn));
	assert_null(strstr(r.body, pg.upn));
	stat_return_release(&ret);
	problem_list_release(&pl);
	http_response_free(&r);
	http_client_free(admin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_phonics_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ks2_entry_and_year2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_submit_lock_unlock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lists_own_problems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ctf_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ctf_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ctf_import_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entry_without_js, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eyfsp_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_teacher_reaches_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_school_404, setup, teardown),
		cmocka_unit_test_setup_teardown(test_leavers, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
