/*
 * reminders: chasing schools that have not sent a successful file for a request
 * (issue 7c). An LA officer's "chase" mails every target school's admins now;
 * the automatic reminder goes N days before the deadline (the request's own N,
 * else the server's setting), once per school and request, run by the server's
 * periodic tick and by `pupiltrack collection remind`. Neither ever mails a
 * school that has sent a successful file. Time is the app clock.
 */
#ifndef PT_APP_REMINDERS_H
#define PT_APP_REMINDERS_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "store/store.h"

enum { REMIND_DAYS_DEFAULT = 7 /* days before a deadline, when nothing else says */ };

/* What a run did. */
struct reminder_result {
	size_t schools;	   /* schools reminded */
	size_t mails;	   /* messages sent (or put in the outbox) */
	size_t no_address; /* schools reminded that have no admin with an e-mail address */
};

/* The days before the deadline the automatic reminder of a request goes:
 * stored (-1 = the setting), the app's setting (app->cfg.remind_days: 0 = the
 * default, negative = none). 0 = no automatic reminder. */
int reminders_days(const struct app *app, int stored);

/* Mails a reminder to the admins of every target school of the request that has
 * no successful file, now. Audited "request.chase" per school. ERR_NOT_FOUND
 * for a request the user may not administer; ERR_LOCKED when it is closed. */
enum err reminders_chase(struct app *app, struct store_conn *c, const struct user *u,
			 const struct actor *who, int64_t request_id, struct reminder_result *out,
			 struct errbuf *eb);

/* The automatic reminders due at the app clock's now: for each open request
 * whose deadline is within its N days (and not passed), each target school
 * without a successful file that has not had its automatic reminder yet gets
 * it. A school whose mail fails is not marked and is tried on the next run
 * (eb says why; the run goes on with the others and answers ERR_IO). */
enum err reminders_run(struct app *app, struct store_conn *c, struct reminder_result *out,
		       struct errbuf *eb);

#endif
