/*
 * test_reports_by_char: the LA table "By characteristic" (issue 8c) over HTTP:
 * page, CSV, XLSX and API. EYFS profile results are stored for 12 pupils added
 * to school A (LA 1); the world's own pupils have none. Made-up pupils:
 *   0-5   girls, WENG (rolls up to White), born November 2019, expected in all
 *   6-7   girls, CHNE (Chinese), born November 2019, expected in all
 *   8-9   boys, WBRI, born June 2020 (summer born), disadvantaged, emerging
 *   10    boy, WBRI, summer born, disadvantaged, expected
 *   11    boy, WBRI, summer born, expected
 * all SEN N, none EAL. Expected = 2 points per ELG, emerging 1. Hand-computed
 * (pupils, assessed, GLD, GLD %, average ELGs at expected, average total):
 *   LA total      12, 12, 10, 83.33, 170/12 = 14.17, 374/12 = 31.17
 *   Girls          8,  8,  8, 100.00, 17.00, 34.00
 *   Boys           4: every figure x (fewer than 5)
 *   Disadvantaged  3: x; Not disadvantaged (9) x as well: the family's only
 *                  other group would give the 3 away (total - 9)
 *   Summer born    4: x; Not summer born 8 shown (DOB not recorded, 0, is
 *                  hidden too, so two figures are unknown)
 *   No SEN         12, 12, 10, 83.33, 14.17, 31.17
 *   White          10, 10, 8, 80.00, 136/10 = 13.60, 306/10 = 30.60
 *   Chinese        2: x
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "http_client.h"
#include "app/app.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/upn.h"
#include "store/store.h"

enum { AY = 2024 };

static void add_pupil(struct store_conn *c, const struct establishment *e, int i)
{
	struct actor who = { 0, "test", "" };
	struct errbuf eb = { "" };
	struct pupil p;
	bool boy = i >= 8;

	memset(&p, 0, sizeof(p));
	p.establishment_id = e->id;
	assert_true(upn_make(e->la_code, e->estab, 24, 300 + i, p.upn));
	snprintf(p.surname, sizeof(p.surname), "Charby%d", i);
	snprintf(p.forenames, sizeof(p.forenames), "Pupil");
	p.dob = boy ? (struct date){ 2020, 6, 10 } : (struct date){ 2019, 11, 1 + i };
	p.gender = boy ? GENDER_MALE : GENDER_FEMALE;
	snprintf(p.ethnicity, sizeof(p.ethnicity), "%s", boy ? "WBRI" : i < 6 ? "WENG" : "CHNE");
	p.disadvantaged = i >= 8 && i <= 10;
	p.sen = 'N';
	p.class_no = 1;
	p.year_override = YEAR_NONE;
	p.include_in_data = true;
	if (store_pupil_add(c, &who, &p, &eb) != ERR_OK)
		fail_msg("store_pupil_add: %s", eb.msg);
	for (int k = 0; k < ELG__MAX; k++) {
		struct stat_stored s = { .pupil_id = p.id,
					 .coll = COLL_EYFSP,
					 .academic_year = AY };
		snprintf(s.component, sizeof(s.component), "%s", elg_get((enum elg)k)->code);
		snprintf(s.qualifier, sizeof(s.qualifier), "%s", "EL");
		snprintf(s.result, sizeof(s.result), "%s", i == 8 || i == 9 ? "1" : "2");
		if (store_statutory_put(c, &who, e->id, &s, &eb) != ERR_OK)
			fail_msg("store_statutory_put: %s", eb.msg);
	}
}

static int setup(void **state)
{
	struct world *w = world_new(NULL);
	struct store_conn *c = store_acquire(w->app->store);

	for (int i = 0; i < 12; i++)
		add_pupil(c, &w->school[SCHOOL_A], i);
	store_release(c);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world_free(*state);
	return 0;
}

/* The text of the table row headed by name, or fails. */
static char *row_of(const char *body, const char *name)
{
	char head[256];
	const char *at, *s, *e;
	char *out;

	snprintf(head, sizeof(head), "scope=\"row\">%s<", name);
	at = strstr(body, head);
	if (!at)
		fail_msg("no row '%s'", name);
	for (s = at; s > body && strncmp(s, "<tr", 3) != 0; s--)
		;
	e = strstr(at, "</tr>");
	assert_non_null(e);
	out = xmalloc((size_t)(e - s) + 1);
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = 0;
	return out;
}

static void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("no '%s' in: %s", needle, hay);
}

/* The row's six figures are shown as given ("" = every figure hidden). */
static void assert_row(const char *body, const char *name, const char *const fig[6])
{
	char *row = row_of(body, name);
	char want[512];
	size_t len = 0;

	if (!fig) {
		assert_null(strstr(row, "class=\"num\">"));
		assert_has(row, "<td class=\"num suppressed\">x</td>");
	} else {
		for (int k = 0; k < 6; k++)
			len += (size_t)snprintf(want + len, sizeof(want) - len,
						"<td class=\"num\">%s</td>", fig[k]);
		assert_has(row, want);
	}
	free(row);
}

static void test_page(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_LA1);
	static const char *const total[] = { "12", "12", "10", "83.33", "14.17", "31.17" };
	static const char *const girls[] = { "8", "8", "8", "100.00", "17.00", "34.00" };
	static const char *const white[] = { "10", "10", "8", "80.00", "13.60", "30.60" };
	struct http_response r;

	assert_int_equal(world_sign_in(w, c, U_LA1), 303);
	r = http_get(c, "/la/reports?year=2024&collection=eyfsp&by=characteristic");
	assert_int_equal(r.status, 200);
	assert_has(r.body, "EYFS profile by pupil characteristic, 2024/25");
	assert_row(r.body, "LA total", total);
	assert_row(r.body, "Gender: Girls", girls);
	assert_row(r.body, "Gender: Boys", NULL);
	assert_row(r.body, "Disadvantaged: Disadvantaged", NULL);
	assert_row(r.body, "Disadvantaged: Not disadvantaged", NULL); /* secondary rule */
	assert_row(r.body, "Summer born: Summer born", NULL);
	assert_row(r.body, "Summer born: Not summer born", girls);
	assert_row(r.body, "SEN: No SEN", total);
	assert_row(r.body, "SEN: SEN support", NULL);
	assert_row(r.body, "Ethnicity: White", white);
	assert_row(r.body, "Ethnicity: Chinese", NULL);
	assert_row(r.body, "Ethnicity: Black / Black British", NULL);
	/* no school appears: the rows are groups */
	assert_null(strstr(r.body, w->school[SCHOOL_A].name));
	assert_has(r.body, "&amp;by=characteristic&amp;format=csv");
	http_response_free(&r);

	/* CSV: the same cells, the family in the first column */
	r = http_get(c, "/la/reports?year=2024&collection=eyfsp&by=characteristic&format=csv");
	assert_int_equal(r.status, 200);
	assert_has(r.body, "Characteristic,Group,");
	assert_has(r.body, "Gender,Girls,8,8,8,100.00,17.00,34.00\r\n");
	assert_has(r.body, "Gender,Boys,x,x,x,x,x,x\r\n");
	assert_has(r.body, "Disadvantaged,Not disadvantaged,x,x,x,x,x,x\r\n");
	assert_has(r.body, "Ethnicity,White,10,10,8,80.00,13.60,30.60\r\n");
	assert_has(r.body, ",LA total,12,12,10,83.33,14.17,31.17\r\n");
	http_response_free(&r);
	r = http_get(c, "/la/reports?year=2024&collection=eyfsp&by=characteristic&format=xlsx");
	assert_int_equal(r.status, 200);
	assert_true(r.body_len > 4 && memcmp(r.body, "PK", 2) == 0);
	http_response_free(&r);

	/* the API */
	r = http_get(c, "/api/v1/la/reports/table?collection=eyfsp&academic_year=2024"
			"&by=characteristic");
	assert_int_equal(r.status, 200);
	assert_has(r.body, "\"report\":\"table_by_characteristic\"");
	assert_has(r.body, "{\"characteristic\":\"gender\",\"group\":\"F\",\"name\":\"Girls\","
			   "\"pupils\":8,\"assessed\":8,\"gld\":8,\"gld_percent\":100.00,");
	assert_has(r.body, "{\"characteristic\":\"ethnicity\",\"group\":\"chinese\","
			   "\"name\":\"Chinese\",\"pupils\":\"x\",");
	assert_has(r.body, "\"total\":{\"name\":\"LA total\",\"pupils\":12,");
	assert_null(strstr(r.body, "\"schools\""));
	http_response_free(&r);
	r = http_get(c, "/api/v1/la/reports/table?by=everything");
	assert_int_equal(r.status, 400);
	http_response_free(&r);
	/* another LA: as if it did not exist */
	r = http_get(c, "/la/reports?la=777&by=characteristic");
	assert_int_equal(r.status, 404);
	http_response_free(&r);
	http_client_free(c);
}

/* LA 2 has none of these pupils: every group of its table is hidden or empty. */
static void test_other_la(void **state)
{
	struct world *w = *state;
	struct http_client *c = world_client(w, U_SYSADMIN);
	struct http_response r;

	assert_int_equal(world_sign_in(w, c, U_SYSADMIN), 303);
	r = http_get(c, "/la/reports?la=777&year=2024&collection=eyfsp&by=characteristic");
	assert_int_equal(r.status, 200);
	assert_row(r.body, "Gender: Girls", NULL);
	assert_row(r.body, "LA total", NULL);
	http_response_free(&r);
	http_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_la, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
