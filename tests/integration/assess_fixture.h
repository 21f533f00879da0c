/*
 * assess_fixture: the world the EYFS assessment tests (test_assessments.c,
 * test_assessment_downloads.c) start from, and their requests: school A with a
 * tracking assessment made by teacher A through the form and its three
 * Reception pupils; a cell written through the API; the end-of-year ELGs added
 * through the form.
 */
#ifndef PT_TESTS_ASSESS_FIXTURE_H
#define PT_TESTS_ASSESS_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "http_client.h"
#include "core/model.h"

struct fx {
	struct world *w;
	int64_t assessment; /* created by teacher A */
	int64_t pupil[3];   /* school A's pupils (Reception in 2024/25) */
};

/* cmocka setup and teardown: the fixture in *state. */
int fx_setup(void **state);
int fx_teardown(void **state);

/* PUT of a cell through the school path, with csrf as X-CSRF-Token (none for NULL). */
struct http_response put_cell(struct http_client *c, const char *csrf, int laestab, int64_t id,
			      int64_t pupil, const char *area, const char *form);
/* put_cell's status, the answer freed. */
long put_cell_status(struct http_client *c, const char *csrf, int laestab, int64_t id,
		     int64_t pupil, const char *area, const char *form);
/* PUT of a pupil's note on an assessment, csrf as X-CSRF-Token. */
struct http_response put_note(struct http_client *c, const char *csrf, int laestab, int64_t id,
			      int64_t pupil, const char *form);
/* POST of a form to an API path with csrf as X-CSRF-Token (none for NULL). */
struct http_response post_api(struct http_client *c, const char *csrf, const char *path,
			      const char *form);
/* post_api's status, the answer freed. */
long post_api_status(struct http_client *c, const char *csrf, const char *path, const char *form);

/* Signs c in as u and returns the CSRF token of /schools/<laestab>/assessments
 * followed by query ("" or "?year=2024"); the caller frees. */
char *fx_sign_in(struct fx *f, struct http_client *c, enum world_user u, int laestab,
		 const char *query);
/* Teacher A signs in and adds the end-of-year ELGs of 2024/25 through the
 * form ("+" menu); the assessment's id, and the page's CSRF token in *csrf. */
int64_t teacher_adds_elgs(struct fx *f, struct http_client *c, int la, char **csrf);
/* School A names its first custom field "Late arrival" and pupil 1 has it;
 * with exclude, pupil 1 is also left out of the data. */
void fx_late_arrival(struct fx *f, bool exclude);
/* "Surname, Forenames" of the three pupils. */
void fx_pupil_names(struct fx *f, char name[3][2 * PERSON_NAME_MAX + 4]);

#endif
