/*
 * reminders: chase and automatic reminders of a file request (see reminders.h).
 * Which schools are reminded comes from the dashboard (app/collection.c), so a
 * school that sent a successful file, received or not, is never mailed.
 */
#include "app/reminders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/collection.h"
#include "app/collection_la.h"
#include "app/mail.h"
#include "base/date.h"
#include "base/strbuf.h"
#include "core/calendar.h"

int reminders_days(const struct app *app, int stored)
{
	if (stored >= 0)
		return stored;
	if (app->cfg.remind_days < 0)
		return 0;
	return app->cfg.remind_days ? app->cfg.remind_days : REMIND_DAYS_DEFAULT;
}

static bool has_sent(enum req_status s)
{
	return s == REQ_SUBMITTED || s == REQ_RECEIVED;
}

/* The request's name on one line, for a subject. */
static void one_line(char *dst, size_t cap, const char *s)
{
	snprintf(dst, cap, "%s", s);
	for (char *p = dst; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
}

/* Mails the school's admins; *sent gets how many went. Stops at the first
 * failure (eb says why). */
static enum err mail_school(struct app *app, struct store_conn *c, const struct file_request *r,
			    const struct establishment *school, bool automatic, size_t *sent,
			    size_t *naddr, struct errbuf *eb)
{
	char(*to)[NAME_MAX_LEN + 1] = NULL;
	char subject[160], name[FREQ_NAME_MAX + 1], ay[ACADEMIC_YEAR_LABEL_MAX], due[21];
	struct strbuf body = STRBUF_INIT;
	size_t n = 0;
	enum err e;

	*sent = 0;
	*naddr = 0;
	e = store_establishment_admin_mails(c, school->id, &to, &n);
	if (e)
		return errbuf_set(eb, e, "the school's addresses could not be read");
	*naddr = n;
	one_line(name, sizeof(name), r->name);
	snprintf(subject, sizeof(subject), "Reminder: %.100s is due %s", name,
		 automatic ? "soon" : "from your school");
	date_format_timestamp(r->deadline, due);
	strbuf_addf(&body,
		    "Dear colleague,\n\n"
		    "Your local authority asked %s (LAESTAB %07d) for a file:\n\n"
		    "  %s (%s, %s)\n  Deadline: %s UTC\n\n"
		    "pupiltrack has no successful file from your school for this request yet.\n"
		    "Please sign in and use \"Upload & send\" on the request's page:\n\n"
		    "  %s/schools/%07d/requests/%lld\n\n"
		    "If you sent a file and it had problems, the page lists them: correct them in\n"
		    "your MIS, export the file again and send it.\n\n"
		    "This is %s reminder from pupiltrack. If you have already sent the file in\n"
		    "the last few minutes, you can ignore it.\n",
		    school->name, establishment_laestab(school), name,
		    collection_request_label(r->collection),
		    academic_year_label(r->academic_year, ay), due, app->cfg.base_url,
		    establishment_laestab(school), (long long)r->id,
		    automatic ? "an automatic" : "a");
	for (size_t i = 0; !e && i < n; i++) {
		e = mail_send(app, to[i], subject, strbuf_str(&body), eb);
		if (!e)
			(*sent)++;
	}
	strbuf_release(&body);
	free(to);
	return e;
}

enum err reminders_chase(struct app *app, struct store_conn *c, const struct user *u,
			 const struct actor *who, int64_t request_id, struct reminder_result *out,
			 struct errbuf *eb)
{
	struct file_request r;
	struct dashboard d;
	enum err e, first = ERR_OK;

	memset(out, 0, sizeof(*out));
	e = collection_request_get(c, u, request_id, &r);
	if (e)
		return errbuf_set(eb, e, "there is no such request");
	if (r.closed)
		return errbuf_set(eb, ERR_LOCKED,
				  "The request is closed: reopen it before chasing schools.");
	e = collection_dashboard(app, c, &r, &d);
	if (e)
		return errbuf_set(eb, e, "the schools could not be read");
	for (size_t i = 0; i < d.n; i++) {
		struct request_reminder rm = { .request_id = r.id, .kind = "chase" };
		struct errbuf one = { "" };
		size_t sent = 0, naddr = 0;

		if (has_sent(d.rows[i].status))
			continue;
		e = mail_school(app, c, &r, &d.rows[i].school, false, &sent, &naddr, &one);
		rm.establishment_id = d.rows[i].school.id;
		rm.recipients = (int)sent;
		rm.sent_at = app_now(app);
		/* what went is recorded even when a later address failed */
		if (sent || !e) {
			enum err se = store_reminder_add(c, who, &rm, NULL, &one);
			if (!e)
				e = se;
		}
		if (e && !first) {
			first = e;
			errbuf_set(eb, e, "%s: %s", d.rows[i].school.name, one.msg);
		}
		out->schools++;
		out->mails += sent;
		if (!naddr)
			out->no_address++;
	}
	collection_dashboard_release(&d);
	return first;
}

/* Whether the school has had the request's automatic reminder. */
static bool reminded(const struct request_reminder *list, size_t n, int64_t school)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].establishment_id == school && strcmp(list[i].kind, "auto") == 0)
			return true;
	return false;
}

static enum err remind_request(struct app *app, struct store_conn *c, int64_t id, int days,
			       int64_t now, struct reminder_result *out, struct errbuf *eb)
{
	static const struct actor system = { 0, "system", "" };
	struct request_reminder *done = NULL;
	struct file_request r;
	struct dashboard d;
	size_t ndone = 0;
	enum err e, first = ERR_OK;

	e = store_file_request_get(c, id, &r);
	if (!e && (r.closed || now < r.deadline - (int64_t)days * 86400 || now >= r.deadline))
		return ERR_OK;
	if (!e)
		e = store_reminders(c, id, &done, &ndone);
	if (e)
		return errbuf_set(eb, e, "request %lld could not be read", (long long)id);
	e = collection_dashboard(app, c, &r, &d);
	if (e) {
		free(done);
		return errbuf_set(eb, e, "the schools of request %lld could not be read",
				  (long long)id);
	}
	for (size_t i = 0; i < d.n; i++) {
		struct request_reminder rm = { .request_id = r.id, .kind = "auto" };
		struct errbuf one = { "" };
		size_t sent = 0, naddr = 0;
		bool added = false;

		if (has_sent(d.rows[i].status) || reminded(done, ndone, d.rows[i].school.id))
			continue;
		rm.establishment_id = d.rows[i].school.id;
		rm.sent_at = now;
		{
			char(*to)[NAME_MAX_LEN + 1] = NULL;
			size_t nto = 0;
			if (store_establishment_admin_mails(c, rm.establishment_id, &to, &nto) ==
			    ERR_OK)
				rm.recipients = (int)nto;
			free(to);
		}
		/* The mark goes in first, in the transaction that the mail's success
		 * commits: two servers never both mail, a failed mail is tried again. */
		e = store_begin(c, &one);
		if (!e) {
			e = store_reminder_add(c, &system, &rm, &added, &one);
			if (!e && added)
				e = mail_school(app, c, &r, &d.rows[i].school, true, &sent, &naddr,
						&one);
			if (!e)
				e = store_commit(c, &one);
			else
				store_rollback(c);
		}
		if (e) {
			if (!first) {
				first = e;
				errbuf_set(eb, e, "%s: %s", d.rows[i].school.name, one.msg);
			}
			continue;
		}
		if (!added)
			continue;
		out->schools++;
		out->mails += sent;
		if (!naddr)
			out->no_address++;
	}
	collection_dashboard_release(&d);
	free(done);
	return first;
}

enum err reminders_run(struct app *app, struct store_conn *c, struct reminder_result *out,
		       struct errbuf *eb)
{
	struct open_request *list = NULL;
	int64_t now = app_now(app);
	size_t n = 0;
	enum err e, first = ERR_OK;

	memset(out, 0, sizeof(*out));
	e = store_file_requests_open(c, now, &list, &n);
	if (e)
		return errbuf_set(eb, e, "the requests could not be read");
	for (size_t i = 0; i < n; i++) {
		int days = reminders_days(app, list[i].remind_days);
		struct errbuf one = { "" };
		if (days <= 0)
			continue;
		e = remind_request(app, c, list[i].id, days, now, out, &one);
		if (e && !first) {
			first = e;
			errbuf_set(eb, e, "%s", one.msg);
		}
	}
	free(list);
	return first;
}
