/*
 * demo: the demonstration data `pupiltrack demo-data` loads so a newcomer can sign
 * in and look around: two LAs, a trust, four schools, a user of every role and
 * about 90 made-up pupils per school whose year groups are right in any year.
 */
#ifndef PT_APP_DEMO_H
#define PT_APP_DEMO_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "core/role.h"

struct app;
struct store_conn;

enum { DEMO_YEARS_MAX = 6 /* year groups a demo school has at most */ };

/* One demo sign-in, printed by `pupiltrack demo-data`. Demo users need not change
 * their password at first sign-in. */
struct demo_login {
	const char *username;	   /* "teacher.demo" */
	const char *password;	   /* fixed, 12+ characters; public, so demo only */
	const char *security_code; /* fixed 5 digits */
	enum role role;		   /* what the user may do */
	const char *scope;	   /* what a person reads: "Demo Primary School (8881234)" */
};

/* One demo school. */
struct demo_school {
	int laestab;		   /* 7 digits, e.g. 8881234 */
	int urn;		   /* made-up 6-digit URN */
	const char *name;	   /* "Demo Primary School" */
	const char *trust;	   /* trust name, or NULL */
	int years[DEMO_YEARS_MAX]; /* year groups of its pupils (core/calendar.h values) */
	int year_count;		   /* entries used in years */
	int pupils_per_year;	   /* pupils in each of those year groups */
};

/* What one app_demo_load did: all zero when the data was there already. */
struct demo_result {
	int las_added;		  /* local authorities created */
	int trusts_added;	  /* trusts created */
	int establishments_added; /* schools created */
	int users_added;	  /* users created */
	long pupils_added;	  /* pupils created */
	int academic_year;	  /* the academic year the pupils' ages were chosen for */
};

/* Loads the demo data in one transaction: everything or, on error, nothing.
 * Idempotent: what exists already (matched by LA number, trust name, LAESTAB,
 * username, and for pupils any pupil at the school) is left alone, so a second
 * run adds nothing. The database must be migrated. r (may be NULL) gets the
 * counts. Errors: those of the store, with eb saying what failed. */
enum err app_demo_load(struct app *a, struct store_conn *c, struct demo_result *r,
		       struct errbuf *eb);
/* True when r records that anything was added. */
bool demo_result_changed(const struct demo_result *r);

/* The fixed demo sign-ins and schools (static tables, *n entries). */
const struct demo_login *app_demo_logins(size_t *n);
const struct demo_school *app_demo_schools(size_t *n);

#endif
