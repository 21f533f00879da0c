/*
 * app_world: what the app unit tests build their worlds from (test_assess*,
 * test_meetings, test_report*, test_statutory_*, test_account, test_demo): an
 * app on a fresh, migrated database of the backend under test whose clock reads
 * a number the test owns, and small helpers that add an LA, a school, a pupil
 * or an assessment and fail the test with the refusal's message. Each test
 * keeps its own struct world; these only fill it.
 */
#ifndef PT_TEST_APP_WORLD_H
#define PT_TEST_APP_WORLD_H

#include <stdint.h>

#include "app/app.h"
#include "app/assess.h"
#include "store/store.h"

/* Opens an app on a fresh database named after label (its key file in a fresh
 * folder) and migrates it. With clock, app_now reads *clock (seconds since
 * 1970, the test's to set and move); NULL keeps the real clock. With url, *url
 * is the database's URL (the caller frees). The caller frees with app_free. */
struct app *tw_app_open(const char *label, int64_t *clock, char **url);
/* Adds LA code, named name, as who. */
struct la tw_la(struct store_conn *c, const struct actor *who, int code, const char *name);
/* Adds school estab (URN urn, 0 for none) of the LA with id la_id as who. */
struct establishment tw_school(struct store_conn *c, const struct actor *who, int64_t la_id,
			       int estab, int urn, const char *name);
/* A pupil of school est as the tests write one: a girl, SEN 'N', no year
 * override, included in data; the caller changes what differs (upn may be ""
 * for the caller to write), then adds it. */
struct pupil tw_pupil(int64_t est, const char *upn, const char *surname, const char *forenames,
		      struct date dob);
/* Adds *p as who (setting p->id); returns its id. */
int64_t tw_pupil_add(struct store_conn *c, const struct actor *who, struct pupil *p);
/* Creates the assessment in at school e as who (assess_create). */
struct assessment tw_assess(struct app *app, struct store_conn *c, const struct actor *who,
			    const struct establishment *e, const struct assess_input *in);
/* The EYFS grid tests' ELG assessment of school e: "End of Year Early Learning
 * Goals", to be completed by 30 June 2026. */
struct assessment tw_elg_assessment(struct app *app, struct store_conn *c, const struct actor *who,
				    const struct establishment *e);
/* A tracking assessment of school e named name, dated d, for year groups yg
 * (ASSESS_YG_* bits). */
struct assessment tw_tracking(struct app *app, struct store_conn *c, const struct actor *who,
			      const struct establishment *e, const char *name, struct date d,
			      unsigned yg);
/* Stores pupil's phonics mark of academic year ay at school est_id as who,
 * straight (no rule engine): a result from before the test, e.g. Year 1's. */
void tw_phonics_mark(struct store_conn *c, const struct actor *who, int64_t est_id, int64_t pupil,
		     int ay, const char *mark);

#endif
