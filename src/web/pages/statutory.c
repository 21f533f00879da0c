/*
 * statutory: the Submissions screens (issue 6). The index lists the statutory
 * collections of the current academic year with their state for each school the
 * user may see, and for LA officers the unlock action beside each submitted one.
 * The entry screens (phonics Year 1 and Year 2, KS1 and KS2 teacher assessment)
 * save all or nothing through the rule engine (app/statutory_app.h) and show each
 * message beside its pupil (the list itself: statutory_table.c); submit takes
 * the declaration; the CTF of a collection downloads, and a CTF uploads into the
 * school, both refused with the located problems while errors remain. A refused
 * save, submit or download shows the same page again with the reason (and the
 * form as it was sent); an LA officer unlocks a submitted return from its page
 * or from the index.
 */
#include "web/pages/pages.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/collection.h"
#include "app/people.h"
#include "app/statutory_app.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "core/access.h"
#include "core/calendar.h"
#include "web/csrf.h"
#include "web/html.h"
#include "web/pages/statutory_table.h"
#include "web/scope.h"

/* The :coll path parameter's choices (routes.c) map to these collections. */
static const enum collection coll_of_choice[] = { COLL_EYFSP, COLL_PHONICS, COLL_KS1, COLL_KS2 };

static struct actor actor_of(const struct request *req)
{
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	return who;
}

static int current_year(const struct request *req)
{
	return academic_year_of(date_from_unix(app_now(req->app)));
}

static int year_param(const struct request *req)
{
	return request_has(req, "year") ? (int)request_int(req, "year") : current_year(req);
}

static enum collection coll_param(const struct request *req)
{
	int c = request_enum(req, "coll");
	if (c < 0 || (size_t)c >= sizeof(coll_of_choice) / sizeof(coll_of_choice[0]))
		BUG("statutory route without its collection");
	return coll_of_choice[c];
}

static int group_default(enum collection c)
{
	return c == COLL_KS2 ? 6 : c == COLL_KS1 ? 2 : 1;
}

static int group_param(const struct request *req, enum collection c)
{
	if (c == COLL_PHONICS && request_has(req, "group"))
		return (int)request_int(req, "group");
	return group_default(c);
}

static const char *coll_href(struct request *req, const struct establishment *e, enum collection c)
{
	return arena_printf(&req->arena, "/schools/%07d/statutory/%s", establishment_laestab(e),
			    collection_code(c));
}

static const char *title_of(struct request *req, enum collection c, int group, int year)
{
	char ay[ACADEMIC_YEAR_LABEL_MAX];

	academic_year_label(year, ay);
	if (c == COLL_EYFSP)
		return arena_printf(&req->arena, "EYFS profile, %s", ay);
	if (c == COLL_PHONICS) {
		char *t = arena_printf(&req->arena, "%s, Year %d%s, %s", collection_label(c), group,
				       group == 2 ? " retakes" : "", ay);
		t[0] = (char)toupper((unsigned char)t[0]);
		return t;
	}
	return arena_printf(&req->arena, "%s teacher assessment, %s", c == COLL_KS2 ? "KS2" : "KS1",
			    ay);
}

static void day_text(struct strbuf *b, int64_t t)
{
	char d[11];

	date_format_dmy(date_from_unix(t), d);
	html_text(b, d);
}

static void problems_list(struct strbuf *b, const struct problem_list *pl)
{
	char line[PROBLEM_LINE_MAX];

	html_raw_trusted(b, "<ul class=\"problems\">");
	for (size_t i = 0; i < pl->count; i++) {
		html_raw_trusted(b, "<li><code>");
		html_text(b, problem_format_line(&pl->items[i], line));
		html_raw_trusted(b, "</code></li>");
	}
	html_raw_trusted(b, "</ul>\n");
}

/* An app message ("the results have 3 errors: ...") as a sentence: a capital
 * first letter and a full stop. */
static void sentence_text(struct strbuf *b, const char *msg)
{
	size_t n = strlen(msg);

	html_text_capital(b, msg);
	if (n && !strchr(".!?", msg[n - 1]))
		html_text(b, ".");
}

/* What a collection's page says after a POST: a notice (status 0), or the
 * refusal of a save, a submit or a CTF download (status 422 or 409) under its
 * heading (the problems that caused a refused submit or download are the
 * page's checks, below); and the CTF form as it was sent, with the error at its
 * LAESTAB field. */
struct page_note {
	int status;
	const char *heading; /* "Not saved", "Not submitted", "The CTF was not made" */
	const char *message; /* an app message, shown as a sentence */
	const char *ctf_dest, *ctf_school; /* the CTF form as sent (NULL: as new) */
	const char *ctf_school_error;	   /* what is wrong with its LAESTAB */
};

static void note_show(struct strbuf *b, const struct page_note *n)
{
	if (!n || !n->message)
		return;
	if (!n->status) {
		html_raw_trusted(b, "<p class=\"notice\" role=\"status\">");
		sentence_text(b, n->message);
		html_raw_trusted(b, "</p>\n");
		return;
	}
	html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>");
	html_text(b, n->heading);
	html_raw_trusted(b, "</h2><p>");
	if (n->ctf_school_error)
		html_raw_trusted(b, "<a href=\"#ctf-school\">");
	sentence_text(b, n->message);
	if (n->ctf_school_error)
		html_raw_trusted(b, "</a>");
	html_raw_trusted(b, "</p></div>\n");
}

/* The person who submitted, named as the declaration named them: their display
 * name, or the username the submission records when the account has none (or
 * is gone). */
static void submitter_text(struct request *req, struct strbuf *b, const char *username)
{
	struct user u;

	if (store_user_get_by_username(req->db, username, &u) == ERR_OK && u.display_name[0])
		html_text(b, u.display_name);
	else
		html_text(b, username);
}

/* "Submitted on DATE by NAME", "3 errors", "In progress", "Not started". */
static void state_text(struct request *req, struct strbuf *b, const struct stat_state *s)
{
	if (s->sub.submitted) {
		html_text(b, "Submitted on ");
		day_text(b, s->sub.submitted_at);
		html_text(b, " by ");
		submitter_text(req, b, s->sub.submitted_by);
	} else if (!s->results) {
		html_text(b, "Not started");
	} else if (s->errors) {
		html_int(b, (int64_t)s->errors);
		html_text(b, s->errors == 1 ? " error" : " errors");
	} else {
		html_text(b, "In progress");
	}
	if (!s->sub.submitted && s->sub.unlocked_at) {
		html_text(b, " (unlocked on ");
		day_text(b, s->sub.unlocked_at);
		html_text(b, " by ");
		html_text(b, s->sub.unlocked_by);
		html_text(b, ": ");
		html_text(b, s->sub.unlock_reason);
		html_text(b, ")");
	}
}

/* The Unlock form of collection c of school e, for a user access_allowed
 * ACT_UNLOCK: a reason is needed (the school and the audit log see it). group:
 * 0 from the index, which it shows again after; else the entry screen it is on
 * (the phonics year group), shown again after. */
static void unlock_form(struct request *req, const struct establishment *e, enum collection c,
			int year, int group)
{
	struct strbuf *b = resp_body(req);
	const char *id = arena_printf(&req->arena, "reason-%d-%s", e->estab, collection_code(c));

	html_open(b, "form", "method", "post", "action",
		  statutory_page_href(req, coll_href(req, e, c), "unlock", year,
				      c == COLL_PHONICS ? group : 0),
		  "class", "inline", NULL);
	html_csrf_field(b, csrf_token(req));
	if (group)
		html_open(b, "input", "type", "hidden", "name", "back", "value", "entry", NULL);
	html_open(b, "label", "for", id, NULL);
	html_text(b, "Reason for unlocking");
	html_close(b, "label");
	html_open(b, "input", "type", "text", "name", "reason", "required", "", "maxlength", "500",
		  "id", id, NULL);
	html_raw_trusted(b, "<button type=\"submit\" class=\"button button-secondary\">Unlock"
			    "</button></form>");
}

/* ---- the index ---- */

static void school_table(struct request *req, const struct establishment *e, int year)
{
	struct resource_scope scope = access_scope_of_establishment(e);
	bool can_unlock = access_allowed(&req->user, ACT_UNLOCK, &scope);
	bool can_enter = access_allowed(&req->user, ACT_ASSESS_READ, &scope);
	struct stat_state st[COLL__MAX];
	struct strbuf *b = resp_body(req);

	if (stat_states(req->app, req->db, e, year, st) != ERR_OK) {
		html_elem(b, "p", "The state of this school's returns could not be read.");
		return;
	}
	html_open(b, "h2", NULL);
	html_text(b, e->name);
	html_text(b, " (");
	html_int(b, establishment_laestab(e));
	html_text(b, ")");
	html_close(b, "h2");
	html_raw_trusted(b, "<table class=\"data-table\"><thead><tr><th scope=\"col\">Collection"
			    "</th><th scope=\"col\">State</th><th scope=\"col\">Results</th>"
			    "<th scope=\"col\">Actions</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < sizeof(coll_of_choice) / sizeof(coll_of_choice[0]); i++) {
		enum collection c = coll_of_choice[i];
		const char *href = coll_href(req, e, c);
		html_raw_trusted(b, "<tr><th scope=\"row\">");
		html_text_capital(b, collection_label(c));
		html_raw_trusted(b, "</th><td class=\"state\">");
		state_text(req, b, &st[c]);
		html_raw_trusted(b, "</td><td>");
		html_int(b, (int64_t)st[c].results);
		html_raw_trusted(b, "</td><td>");
		if (can_enter) {
			html_open(b, "a", "href",
				  arena_printf(&req->arena, "%s?year=%d", href, year), NULL);
			html_text(b, c == COLL_PHONICS ? "Year 1" :
				     c == COLL_EYFSP   ? "Check and submit" :
							 "Open");
			html_close(b, "a");
			if (c == COLL_PHONICS) {
				html_text(b, " ");
				html_open(b, "a", "href",
					  arena_printf(&req->arena, "%s?year=%d&group=2", href,
						       year),
					  NULL);
				html_text(b, "Year 2 retakes");
				html_close(b, "a");
			}
		}
		if (can_unlock && st[c].sub.submitted)
			unlock_form(req, e, c, year, 0);
		html_raw_trusted(b, "</td></tr>\n");
	}
	html_raw_trusted(b, "</tbody></table>\n");
	if (access_allowed(&req->user, ACT_PUPIL_WRITE, &scope)) {
		html_open(b, "p", NULL);
		html_open(b, "a", "href",
			  arena_printf(&req->arena, "/schools/%07d/ctf-import",
				       establishment_laestab(e)),
			  NULL);
		html_text(b, "Import a CTF (results from your MIS, another school or the LA)");
		html_close(b, "a");
		html_close(b, "p");
	}
}

void submissions_get(struct request *req)
{
	struct establishment *list = NULL;
	int year = current_year(req);
	char ay[ACADEMIC_YEAR_LABEL_MAX];
	struct strbuf *b;
	size_t n = 0;

	if (scope_visible_schools(req, &list, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	page_begin(req, "Submissions", NAV_SUBMISSIONS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, "Statutory returns for ");
	html_text(b, academic_year_label(year, ay));
	html_text(b, ": enter the results, correct any errors, then a school administrator "
		     "submits them. Submitted results are locked until the local authority "
		     "unlocks them.");
	html_close(b, "p");
	if (!n)
		html_elem(b, "p", "There are no schools in your area.");
	for (size_t i = 0; i < n; i++)
		school_table(req, &list[i], year);
	page_end(req);
}

/* ---- entry screens ---- */

/* The CTF download: a POST form (it takes the next file number for the
 * destination) with the destinations `pupiltrack ctf export --dest` takes. The
 * LAESTAB field is for "Another school": statutory-ctf.js hides it for the
 * others (without JavaScript it stays). A refused LAESTAB shows at the field,
 * with the form as it was sent (note). */
static void ctf_download_form(struct request *req, enum collection coll, int year, int group,
			      const char *href, const struct page_note *note)
{
	static const struct {
		const char *value, *text;
	} dests[] = {
		{ "la", "Your local authority" },
		{ "naa", "The national assessments agency (for the national portal)" },
		{ "school", "Another school (give its LAESTAB below)" },
		{ "unknown", "Destination not known" },
		{ "nonmaintained", "A non-maintained school" },
	};
	struct strbuf *b = resp_body(req);
	const char *def = note && note->ctf_dest ? note->ctf_dest : coll == COLL_KS2 ? "naa" : "la";
	const char *bad = note ? note->ctf_school_error : NULL;

	html_raw_trusted(b, "<h2>Download the CTF</h2>");
	html_open(b, "form", "method", "post", "action",
		  statutory_page_href(req, href, "ctf", year, coll == COLL_PHONICS ? group : 0),
		  "class", "ctf-download", NULL);
	html_csrf_field(b, csrf_token(req));
	html_raw_trusted(b, "<div class=\"field\"><label for=\"ctf-dest\">Send to</label>"
			    "<select id=\"ctf-dest\" name=\"dest\">");
	for (size_t i = 0; i < sizeof(dests) / sizeof(dests[0]); i++) {
		html_open(b, "option", "value", dests[i].value, "selected",
			  strcmp(dests[i].value, def) == 0 ? "" : NULL, NULL);
		html_text(b, dests[i].text);
		html_close(b, "option");
	}
	html_raw_trusted(b, "</select></div>");
	html_open(b, "div", "class", bad ? "field field-error" : "field", "id", "ctf-school-field",
		  NULL);
	html_raw_trusted(b,
			 "<label for=\"ctf-school\">Receiving school's LAESTAB (another "
			 "school only)</label><p class=\"hint\" id=\"ctf-school-hint\">7 digits, "
			 "such as 8885678 or 888/5678.</p>");
	if (bad) {
		html_raw_trusted(b, "<p class=\"error-message\" id=\"ctf-school-error\">Error: ");
		sentence_text(b, bad);
		html_raw_trusted(b, "</p>");
	}
	html_open(b, "input", "type", "text", "id", "ctf-school", "name", "school", "maxlength",
		  "8", "size", "9", "inputmode", "numeric", "value",
		  note && note->ctf_school ? note->ctf_school : "", "aria-invalid",
		  bad ? "true" : NULL, "aria-describedby",
		  bad ? "ctf-school-hint ctf-school-error" : "ctf-school-hint", NULL);
	html_raw_trusted(b, "</div><p class=\"hint\">Each download is numbered: the number goes up "
			    "by one for each file to the same destination.</p><button "
			    "type=\"submit\" class=\"button button-secondary\">Download the CTF"
			    "</button></form>\n<script src=\"/static/statutory-ctf.js\" defer>"
			    "</script>\n");
}

/* Whether problem p of the whole return is about a pupil of entry list s. */
static bool on_list(const struct stat_entry *s, const struct problem *p)
{
	for (size_t i = 0; i < s->nrows; i++)
		if (stat_problem_of_pupil(p, s->rows[i].p.upn))
			return true;
	return false;
}

/* "3 errors, 1 query" */
static void counts_text(struct strbuf *b, size_t ne, size_t nq)
{
	html_int(b, (int64_t)ne);
	html_text(b, ne == 1 ? " error, " : " errors, ");
	html_int(b, (int64_t)nq);
	html_text(b, nq == 1 ? " query" : " queries");
}

/* The checks of the return: on an entry list (s) the problems of its pupils and
 * of the return as a whole, then how many the rest of the return has (phonics:
 * the other year group's list, linked); on the EYFS profile's page (s NULL) all
 * of them. */
static void checks_list(struct request *req, const struct stat_entry *s, const char *href,
			const struct problem_list *whole)
{
	struct strbuf *b = resp_body(req);
	size_t ne = problem_list_count_errors(whole), nq = problem_list_count_queries(whole);
	size_t re, rq, he, hq;
	struct problem_list here;

	problem_list_init(&here);
	for (size_t i = 0; i < whole->count; i++) {
		const struct problem *p = &whole->items[i];
		if (!s || !stat_problem_has_pupil(p) || on_list(s, p))
			problem_list_add(&here, p->severity, p->location, p->code, "%s",
					 p->message);
	}
	he = problem_list_count_errors(&here);
	hq = problem_list_count_queries(&here);
	re = ne - (s ? he : ne);
	rq = nq - (s ? hq : nq);
	html_raw_trusted(b, "<h2>Checks</h2>");
	html_open(b, "p", NULL);
	if (s)
		html_text(b, "This list: ");
	counts_text(b, he, hq);
	html_text(b, " to look at");
	html_text(b, he ? ": correct the errors before submitting or exporting." : ".");
	html_close(b, "p");
	if (here.count)
		problems_list(b, &here);
	if (re + rq) {
		int other = s->coll == COLL_PHONICS ? 3 - s->group : 0;
		html_open(b, "p", NULL);
		html_text(b, "The rest of the return has ");
		html_int(b, (int64_t)(re + rq));
		html_text(b, re + rq == 1 ? " more problem (" : " more problems (");
		counts_text(b, re, rq);
		html_text(b, re ? "): correct the errors before submitting or exporting" : ")");
		if (other) {
			html_text(b, ". See the ");
			html_open(b, "a", "href",
				  arena_printf(&req->arena, "%s?year=%d&group=%d", href,
					       s->academic_year, other),
				  NULL);
			html_text(b, other == 2 ? "Year 2 retakes" : "Year 1 list");
			html_close(b, "a");
		}
		html_text(b, ".");
		html_close(b, "p");
	}
	problem_list_release(&here);
}

/* The checks, the CTF download and the Submit form (with the declaration),
 * under an entry list (s) or the EYFS profile page (s NULL). */
static void return_section(struct request *req, enum collection coll, int year,
			   const struct stat_entry *s, const char *href, bool can_submit,
			   const struct page_note *note)
{
	struct strbuf *b = resp_body(req);
	int group = s ? s->group : 0;
	struct problem_list whole;
	struct stat_return ret;

	problem_list_init(&whole);
	if (stat_return_build(req->app, req->db, &req->estab, coll, year, &ret, &whole) == ERR_OK) {
		checks_list(req, s, href, &whole);
		if ((!problem_list_count_errors(&whole) && ret.npupils) ||
		    (note && note->ctf_school_error))
			ctf_download_form(req, coll, year, group, href, note);
		if (can_submit) {
			html_raw_trusted(b, "<h2>Submit</h2>");
			html_open(b, "form", "method", "post", "action",
				  statutory_page_href(req, href, "submit", year,
						      coll == COLL_PHONICS ? group : 0),
				  NULL);
			html_csrf_field(b, csrf_token(req));
			html_raw_trusted(b,
					 "<div class=\"field checkbox\"><input type=\"checkbox\" "
					 "id=\"st-declare\" name=\"declare\" required>"
					 "<label for=\"st-declare\">");
			html_text(b, STAT_DECLARATION);
			html_raw_trusted(b, "</label></div><p>");
			html_text(b, "Your name (");
			html_text(b, req->user.display_name[0] ? req->user.display_name :
								 req->user.username);
			html_text(b, ") and today's date will be recorded with the submission.");
			html_raw_trusted(b, "</p><button type=\"submit\" class=\"button\">Submit "
					    "these results</button></form>\n");
		}
	}
	stat_return_release(&ret);
	problem_list_release(&whole);
}

/* issue 7e: "Send to LA" for each open request of the LA for this collection
 * and year (the send-submitted route of the request: the CTF made and sent in
 * one step). Nothing when the LA has asked for none. */
static void send_to_la_buttons(struct request *req, const struct stat_entry *s)
{
	struct strbuf *b = resp_body(req);
	struct school_request *list = NULL;
	size_t n = 0;

	if (collection_requests_school(req->app, req->db, &req->estab, &list, &n) != ERR_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		enum collection coll;

		if (!collection_parse(list[i].r.collection, &coll) || coll != s->coll ||
		    list[i].r.academic_year != s->academic_year)
			continue;
		html_open(b, "form", "method", "post", "action",
			  arena_printf(&req->arena, "/schools/%07d/requests/%lld/send-submitted",
				       establishment_laestab(&req->estab), (long long)list[i].r.id),
			  "class", "inline", NULL);
		html_csrf_field(b, csrf_token(req));
		html_open(b, "p", NULL);
		html_text(b, arena_printf(&req->arena,
					  "Your LA asks for these results in \"%s\": send them as "
					  "a CTF in one step. ",
					  list[i].r.name));
		html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Send to LA</button>");
		html_close(b, "p");
		html_raw_trusted(b, "</form>\n");
	}
	free(list);
}

/* "Submitted on DATE by NAME. The results are locked: ..." and, for a user who
 * may unlock (the LA), the Unlock form; the school is told to ask its LA. */
static void locked_notice(struct request *req, const struct stat_state *st, enum collection coll,
			  int year, int group)
{
	struct resource_scope scope = access_scope_of_establishment(&req->estab);
	bool can_unlock = access_allowed(&req->user, ACT_UNLOCK, &scope);
	struct strbuf *b = resp_body(req);

	html_raw_trusted(b, "<div class=\"notice locked\" role=\"status\"><p>");
	html_text(b, "Submitted on ");
	day_text(b, st->sub.submitted_at);
	html_text(b, " by ");
	submitter_text(req, b, st->sub.submitted_by);
	html_text(b, can_unlock ? ". The results are locked: if the school must change "
				  "something, unlock them here with your reason (the school "
				  "sees it). " :
				  ". The results are locked: ask your LA to unlock them if "
				  "something must change. ");
	html_raw_trusted(b, "</p>");
	if (can_unlock)
		unlock_form(req, &req->estab, coll, year, group);
	html_raw_trusted(b, "</div>\n");
}

/* The page of an entry list, with what a POST says (note, or NULL). */
static void entry_page(struct request *req, const struct stat_entry *s,
		       const struct page_note *note)
{
	struct resource_scope scope = access_scope_of_establishment(&req->estab);
	bool can_write = access_allowed(&req->user, ACT_ASSESS_WRITE, &scope) && !s->sub.submitted;
	bool can_submit = access_allowed(&req->user, ACT_SUBMIT, &scope) && !s->sub.submitted;
	const char *href = coll_href(req, &req->estab, s->coll);
	struct stat_state st = { .coll = s->coll, .sub = s->sub };
	struct strbuf *b;

	if (note && note->status)
		resp_status(req, note->status);
	page_begin(req, title_of(req, s->coll, s->group, s->academic_year), NAV_SUBMISSIONS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, req->estab.name);
	html_text(b, " (LAESTAB ");
	html_int(b, establishment_laestab(&req->estab));
	html_text(b, ")");
	html_close(b, "p");

	/* which list */
	html_open(b, "form", "method", "get", "action", href, "class", "inline", NULL);
	html_raw_trusted(b, "<label for=\"st-year\">Academic year</label><select id=\"st-year\" "
			    "name=\"year\">");
	for (int y = current_year(req); y >= current_year(req) - 2; y--) {
		char ay[ACADEMIC_YEAR_LABEL_MAX];
		html_open(b, "option", "value", arena_printf(&req->arena, "%d", y), "selected",
			  y == s->academic_year ? "" : NULL, NULL);
		html_text(b, academic_year_label(y, ay));
		html_close(b, "option");
	}
	html_raw_trusted(b, "</select>");
	if (s->coll == COLL_PHONICS) {
		html_raw_trusted(b, "<label for=\"st-group\">Year group</label><select "
				    "id=\"st-group\" name=\"group\">");
		html_open(b, "option", "value", "1", "selected", s->group == 1 ? "" : NULL, NULL);
		html_text(b, "Year 1");
		html_close(b, "option");
		html_open(b, "option", "value", "2", "selected", s->group == 2 ? "" : NULL, NULL);
		html_text(b, "Year 2 retakes");
		html_close(b, "option");
		html_raw_trusted(b, "</select>");
	}
	html_raw_trusted(b, "<button type=\"submit\" class=\"button button-secondary\">Show"
			    "</button></form>\n");

	if (s->sub.submitted) {
		locked_notice(req, &st, s->coll, s->academic_year, s->group);
		if (access_allowed(&req->user, ACT_FILE_SEND, &scope))
			send_to_la_buttons(req, s);
	} else if (s->sub.unlocked_at) {
		html_raw_trusted(b, "<p class=\"notice\" role=\"status\">");
		html_text(b, "Unlocked on ");
		day_text(b, s->sub.unlocked_at);
		html_text(b, " by ");
		html_text(b, s->sub.unlocked_by);
		html_text(b, ": ");
		html_text(b, s->sub.unlock_reason);
		html_raw_trusted(b, "</p>\n");
	}
	note_show(b, note);

	statutory_entry_table(req, s, can_write, href);
	return_section(req, s->coll, s->academic_year, s, href, can_submit, note);
	page_end(req);
}

/* The EYFS profile: its results are entered in the end-of-year early learning
 * goals of the tracking grid (app/statutory_eyfsp.h), so this page links there
 * and carries the checks, the CTF download and Submit. note as for entry_page. */
static void eyfsp_page(struct request *req, int year, const struct page_note *note)
{
	struct resource_scope scope = access_scope_of_establishment(&req->estab);
	const char *href = coll_href(req, &req->estab, COLL_EYFSP);
	struct stat_state st[COLL__MAX];
	bool submitted;
	struct strbuf *b;

	if (stat_states(req->app, req->db, &req->estab, year, st) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	submitted = st[COLL_EYFSP].sub.submitted;
	if (note && note->status)
		resp_status(req, note->status);
	page_begin(req, title_of(req, COLL_EYFSP, 0, year), NAV_SUBMISSIONS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, req->estab.name);
	html_text(b, " (LAESTAB ");
	html_int(b, establishment_laestab(&req->estab));
	html_text(b, "): the EYFS profile is the end of year early learning goals of your "
		     "Reception pupils, entered in the tracking grid.");
	html_close(b, "p");
	if (submitted) {
		locked_notice(req, &st[COLL_EYFSP], COLL_EYFSP, year, 1);
	} else {
		html_open(b, "p", NULL);
		html_text(b, "State: ");
		state_text(req, b, &st[COLL_EYFSP]);
		html_close(b, "p");
	}
	note_show(b, note);
	html_open(b, "p", NULL);
	html_open(b, "a", "href",
		  arena_printf(&req->arena, "/schools/%07d/assessments?year=%d&yg=R&elg=1",
			       establishment_laestab(&req->estab), year),
		  NULL);
	html_text(b, submitted ? "See the early learning goals in the tracking grid" :
				 "Enter or correct the early learning goals in the tracking grid");
	html_close(b, "a");
	html_close(b, "p");
	return_section(req, COLL_EYFSP, year, NULL, href,
		       access_allowed(&req->user, ACT_SUBMIT, &scope) && !submitted, note);
	page_end(req);
}

/* The page of collection c (the entry list of group, or the EYFS profile's),
 * with note. */
static void collection_page(struct request *req, enum collection c, int year, int group,
			    const struct page_note *note)
{
	struct stat_entry s;
	struct errbuf eb = { "" };
	enum err rc;

	if (c == COLL_EYFSP) {
		eyfsp_page(req, year, note);
		return;
	}
	rc = stat_entry_load(req->app, req->db, &req->estab, c, year, group, &s, &eb);
	if (rc == ERR_INVALID)
		page_error(req, 404, NULL);
	else if (rc)
		page_error(req, 500, NULL);
	else
		entry_page(req, &s, note);
	if (!rc)
		stat_entry_release(&s);
}

void statutory_entry_get(struct request *req)
{
	enum collection c = coll_param(req);
	struct page_note note = { 0 };
	const char *done = request_text(req, "done");

	if (strcmp(done, "saved") == 0)
		note.message = "The results were saved.";
	else if (strcmp(done, "unlocked") == 0)
		note.message = "The results were unlocked: the school can change them and "
			       "submit them again.";
	collection_page(req, c, year_param(req), group_param(req, c), &note);
}

/* GET of a form's action address (/submit, /unlock, /ctf): where the browser
 * is left after a refused form (reloaded, opened again from its history, or
 * bookmarked). Back to the page the form is on, for the same year and list. */
void statutory_action_get(struct request *req)
{
	enum collection c = coll_param(req);

	resp_redirect(req, statutory_page_href(req, coll_href(req, &req->estab, c), NULL,
					       year_param(req),
					       c == COLL_PHONICS ? group_param(req, c) : 0));
}

/* The cells of the form fields "c_ID_component" (sent without JavaScript). */
static bool fields_parse(struct request *req, struct stat_cell **out, size_t *n)
{
	const struct param_field *f = NULL;
	size_t nf = request_fields(req, "c_", &f);

	*out = arena_alloc(&req->arena, (nf + 1) * sizeof(**out));
	*n = 0;
	for (size_t i = 0; i < nf; i++) {
		char *rest = arena_strdup(&req->arena, f[i].rest), *us = strchr(rest, '_'), *end;
		const char *v = f[i].text;
		size_t vlen;
		long long id;
		if (!us || !us[1])
			return false;
		*us = '\0';
		id = strtoll(rest, &end, 10);
		if (*end || id <= 0)
			return false;
		for (char *c = us + 1; *c; c++)
			*c = (char)toupper((unsigned char)*c);
		while (*v == ' ')
			v++;
		vlen = strlen(v);
		while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\r'))
			vlen--;
		(*out)[*n].pupil_id = id;
		(*out)[*n].component = us + 1;
		(*out)[*n].value = arena_strndup(&req->arena, v, vlen);
		(*n)++;
	}
	return true;
}

/* Parses "ID COMPONENT VALUE" lines (VALUE may be empty) into cells (arena). */
static bool cells_parse(struct request *req, const char *text, struct stat_cell **out, size_t *n)
{
	size_t cap = 1;
	char *copy = arena_strdup(&req->arena, text), *line, *next;

	for (const char *p = text; *p; p++)
		cap += *p == '\n';
	*out = arena_alloc(&req->arena, cap * sizeof(**out));
	*n = 0;
	for (line = copy; line && *line; line = next) {
		char *sp1, *sp2, *end;
		long long id;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (line[0] == '\r' || line[0] == '\0')
			continue;
		sp1 = strchr(line, ' ');
		sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
		if (!sp2)
			return false;
		*sp1 = *sp2 = '\0';
		id = strtoll(line, &end, 10);
		if (*end || id <= 0)
			return false;
		end = sp2 + 1 + strlen(sp2 + 1);
		while (end > sp2 + 1 && (end[-1] == '\r' || end[-1] == ' '))
			*--end = '\0';
		(*out)[*n].pupil_id = id;
		(*out)[*n].component = sp1 + 1;
		(*out)[*n].value = sp2 + 1;
		(*n)++;
	}
	return true;
}

void statutory_entry_post(struct request *req)
{
	enum collection c = coll_param(req);
	struct actor who = actor_of(req);
	struct stat_cell *cells = NULL;
	struct stat_entry s;
	struct errbuf eb = { "" };
	int year = year_param(req), group = group_param(req, c);
	size_t n = 0;
	enum err rc;

	if (c == COLL_EYFSP) {
		page_error(req, 400,
			   "EYFS profile results are entered in the end of year early learning "
			   "goals of the tracking grid, not here.");
		return;
	}
	if (request_text(req, "cells")[0] ?
		    !cells_parse(req, request_text(req, "cells"), &cells, &n) :
		    !fields_parse(req, &cells, &n)) {
		page_error(req, 400,
			   "The entries were not sent as the page sends them: reload "
			   "the page and enter them again.");
		return;
	}
	rc = stat_entry_save(req->app, req->db, &who, &req->estab, c, year, group, cells, n, &s,
			     &eb);
	if (rc == ERR_OK) {
		resp_redirect(req,
			      c == COLL_PHONICS ?
				      arena_printf(&req->arena, "%s?year=%d&group=%d&done=saved",
						   coll_href(req, &req->estab, c), year, group) :
				      arena_printf(&req->arena, "%s?year=%d&done=saved",
						   coll_href(req, &req->estab, c), year));
	} else if ((rc == ERR_INVALID || rc == ERR_LOCKED) && s.nrows) {
		struct page_note note = { .status = rc == ERR_LOCKED ? 409 : 422,
					  .heading = "Not saved",
					  .message = eb.msg };
		entry_page(req, &s, &note);
	} else if (rc == ERR_INVALID || rc == ERR_LOCKED) {
		page_error(req, rc == ERR_LOCKED ? 409 : 400, eb.msg);
	} else {
		page_error(req, 500, NULL);
	}
	stat_entry_release(&s);
}

void statutory_submit_post(struct request *req)
{
	enum collection c = coll_param(req);
	struct actor who = actor_of(req);
	struct problem_list pl;
	struct errbuf eb = { "" };
	int year = year_param(req);
	enum err rc;

	problem_list_init(&pl);
	rc = stat_submit(req->app, req->db, &who, &req->estab, c, year,
			 request_bool(req, "declare"), &pl, &eb);
	if (rc == ERR_OK) {
		resp_redirect(req, arena_printf(&req->arena, "%s?year=%d",
						coll_href(req, &req->estab, c), year));
	} else if (rc == ERR_INVALID || rc == ERR_CONFLICT) {
		/* the results stay saved: only the submission was refused, for the
		 * errors the page's checks list */
		struct page_note note = { .status = rc == ERR_CONFLICT ? 409 : 422,
					  .heading = "Not submitted",
					  .message = eb.msg };
		collection_page(req, c, year, group_param(req, c), &note);
	} else {
		page_error(req, 500, NULL);
	}
	problem_list_release(&pl);
}

void statutory_unlock_post(struct request *req)
{
	enum collection c = coll_param(req);
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	int year = year_param(req);
	enum err rc;

	rc = stat_unlock(req->app, req->db, &who, &req->estab, c, year, request_text(req, "reason"),
			 &eb);
	if (rc == ERR_OK && request_has(req, "back"))
		resp_redirect(req, arena_printf(&req->arena, "%s?year=%d%s&done=unlocked",
						coll_href(req, &req->estab, c), year,
						c == COLL_PHONICS && group_param(req, c) == 2 ?
							"&group=2" :
							""));
	else if (rc == ERR_OK)
		resp_redirect(req, "/submissions");
	else if (rc == ERR_INVALID || rc == ERR_CONFLICT)
		page_error(req, rc == ERR_CONFLICT ? 409 : 400, eb.msg);
	else
		page_error(req, 500, NULL);
}

/* ---- CTF ---- */

/* The destination of the CTF form, as `pupiltrack ctf export --dest` takes it:
 * ERR_INVALID with the reason when "Another school" has no LAESTAB, a bad one or
 * this school's own. */
static enum err ctf_dest_of(struct request *req, struct ctf_dest *dest, struct errbuf *eb)
{
	static const char *const dest_words[] = { "la", "naa", "unknown", "nonmaintained" };
	int d = request_enum(req, "dest");
	char school[16];
	enum err rc;

	if (d != 4) {
		rc = stat_dest_parse(dest_words[d < 0 ? 0 : d], dest, eb);
	} else {
		/* the field takes a LAESTAB only (never a destination's word), spaces
		 * around it as pasted from a list forgiven */
		stat_copy(school, sizeof(school), request_text(req, "school"));
		if (!school[0])
			return errbuf_set(eb, ERR_INVALID,
					  "give the receiving school's 7-digit "
					  "LAESTAB, such as 8885678");
		memset(dest, 0, sizeof(*dest));
		dest->kind = CTF_DEST_SCHOOL;
		rc = people_org_laestab(school, &dest->laestab, eb);
	}
	if (rc == ERR_OK && dest->kind == CTF_DEST_SCHOOL &&
	    dest->laestab == establishment_laestab(&req->estab))
		rc = errbuf_set(eb, ERR_INVALID,
				"%07d is this school: give the LAESTAB of the school the pupils "
				"go to",
				dest->laestab);
	return rc;
}

void statutory_ctf_post(struct request *req)
{
	enum collection c = coll_param(req);
	struct actor who = actor_of(req);
	struct problem_list pl;
	struct errbuf eb = { "" };
	struct ctf_dest dest;
	char name[CTF_NAME_MAX];
	char *xml = NULL;
	size_t len = 0;
	int year = year_param(req);
	enum err rc = ctf_dest_of(req, &dest, &eb);
	struct page_note note = { .heading = "The CTF was not made",
				  .ctf_dest = request_text(req, "dest"),
				  .ctf_school = request_text(req, "school") };

	problem_list_init(&pl);
	if (rc == ERR_INVALID) { /* the form again, the reason at its LAESTAB field */
		note.status = 422;
		note.message = eb.msg;
		note.ctf_school_error = eb.msg;
		collection_page(req, c, year, group_param(req, c), &note);
		return;
	}
	if (rc == ERR_OK)
		rc = store_begin(req->db, &eb);
	if (rc == ERR_OK) {
		/* the file number is taken in this transaction: given back on failure */
		rc = stat_export_to(req->app, req->db, &who, &req->estab, c, year, &dest, &xml,
				    &len, name, &pl, &eb);
		if (rc == ERR_OK)
			rc = store_commit(req->db, &eb);
		else
			store_rollback(req->db);
	}
	if (rc == ERR_OK) {
		resp_content_type(req, "application/xml");
		resp_header(req, "Content-Disposition",
			    arena_printf(&req->arena, "attachment; filename=\"%s\"", name));
		strbuf_add(resp_body(req), xml, len);
	} else if (rc == ERR_INVALID) { /* the return has errors: its page lists them */
		note.status = 409;
		note.message = eb.msg;
		collection_page(req, c, year, group_param(req, c), &note);
	} else {
		page_error(req, 500, NULL);
	}
	free(xml);
	problem_list_release(&pl);
}
