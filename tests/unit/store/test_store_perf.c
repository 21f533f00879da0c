/*
 * test_store_perf: the store's fast paths (docs/performance.md, issue 5b) give
 * exactly what the general paths give, on SQLite and PostgreSQL: a school's
 * plain list by name (its own statement) lists the same pupils in the same order
 * with the same total as a search that must use the general statement, both
 * directions, page by page; the grid's cell list reads every area, value,
 * colour, note (up to its longest) and version as written.
 */
#include "store_fixture.h"

#include "core/calendar.h"

enum { PUPILS = 7 };

struct lfx {
	struct fx base;
	int64_t est;
	int64_t archived; /* the archived pupil's id */
};

static int lsetup(void **state)
{
	/* Names with ties (same surname and forenames: the id decides) and mixed case
	 * (the order ignores case); everyone in class 1. */
	static const char *const names[PUPILS][2] = {
		{ "Okafor", "Zara" },  { "okafor", "Amir" },   { "Brennan", "Tess" },
		{ "Brennan", "Tess" }, { "Lindqvist", "Ola" }, { "abbott", "Rhys" },
		{ "Marsh", "Ivo" },
	};
	struct lfx *f = xcalloc(1, sizeof(*f));
	struct errbuf eb = { "" };
	void *inner = NULL;
	int64_t la;
	struct establishment other;

	setup(&inner);
	f->base = *(struct fx *)inner;
	free(inner);
	la = add_la(f->base.c, 888, "Demo LA");
	f->est = add_est(f->base.c, la, 1234, "Larch Primary", 0).id;
	other = add_est(f->base.c, la, 1235, "Rowan Primary", 0);
	for (int i = 0; i < PUPILS; i++) {
		char upn[14];
		struct pupil p;

		snprintf(upn, sizeof(upn), "A88812342500%d", i);
		p = make_pupil(f->est, upn, names[i][0], names[i][1], 1);
		add_pupil(f->base.c, &p);
		if (i == 6) {
			/* Marsh leaves: archived pupils are not on the list */
			int64_t id = p.id;
			size_t changed = 0;
			assert_int_equal(store_pupil_set_archived(f->base.c, &alice, f->est, &id, 1,
								  true, &changed, &eb),
					 ERR_OK);
			assert_int_equal(changed, 1);
			f->archived = id;
		}
	}
	{
		struct pupil p = make_pupil(other.id, "A888123525009", "Aaronson", "Bea", 1);
		add_pupil(f->base.c, &p);
	}
	*state = f;
	return 0;
}

static int lteardown(void **state)
{
	struct lfx *f = *state;
	struct fx *inner = xmalloc(sizeof(*inner));

	*inner = f->base;
	free(f);
	*state = inner;
	return teardown(state);
}

/* One page of the list; class_no 1 forces the general statement (everyone is in
 * class 1, so the rows must be the same). */
static size_t page(struct store_conn *c, int64_t est, bool general, bool desc, int limit,
		   int offset, int64_t *ids, long *total)
{
	struct pupil_search s = { .establishment_id = est,
				  .year_group = YEAR_NONE,
				  .academic_year = 2025,
				  .class_no = general ? 1 : 0,
				  .sort = PUPIL_SORT_NAME,
				  .desc = desc,
				  .limit = limit,
				  .offset = offset };
	struct pupil *rows = NULL;
	size_t n = 0;

	assert_int_equal(store_pupil_search(c, &s, &rows, &n, total), ERR_OK);
	for (size_t i = 0; i < n; i++)
		ids[i] = rows[i].id;
	free(rows);
	return n;
}

static void test_plain_list_is_the_search(void **state)
{
	struct lfx *f = *state;
	struct store_conn *c = f->base.c;

	for (int desc = 0; desc <= 1; desc++) {
		int64_t plain[PUPILS], general[PUPILS], all[PUPILS];
		long tp = -1, tg = -1;
		size_t np, ng, at = 0;

		/* the whole list: six current pupils, no archived one, no other school's */
		np = page(c, f->est, false, desc, 0, 0, plain, &tp);
		ng = page(c, f->est, true, desc, 0, 0, general, &tg);
		assert_int_equal(np, PUPILS - 1);
		assert_int_equal(ng, np);
		assert_int_equal(tp, PUPILS - 1);
		assert_int_equal(tg, tp);
		assert_memory_equal(plain, general, np * sizeof(*plain));
		for (size_t i = 0; i < np; i++)
			assert_true(plain[i] != f->archived);
		memcpy(all, plain, np * sizeof(*all));

		/* pages of two: the same rows in the same order; a full page counts */
		for (int off = 0; off < PUPILS - 1; off += 2) {
			tp = tg = -1;
			np = page(c, f->est, false, desc, 2, off, plain, &tp);
			ng = page(c, f->est, true, desc, 2, off, general, &tg);
			assert_int_equal(np, 2);
			assert_int_equal(ng, 2);
			assert_int_equal(tp, PUPILS - 1);
			assert_int_equal(tg, PUPILS - 1);
			assert_memory_equal(plain, general, 2 * sizeof(*plain));
			assert_memory_equal(plain, all + at, 2 * sizeof(*plain));
			at += 2;
		}
	}
}

static void test_plain_list_order(void **state)
{
	struct lfx *f = *state;
	struct pupil_search s = { .establishment_id = f->est,
				  .year_group = YEAR_NONE,
				  .academic_year = 2025,
				  .sort = PUPIL_SORT_NAME };
	struct pupil *rows = NULL;
	size_t n = 0;

	assert_int_equal(store_pupil_search(f->base.c, &s, &rows, &n, NULL), ERR_OK);
	assert_int_equal(n, PUPILS - 1);
	/* abbott, Brennan Tess (lower id first), Brennan Tess, Lindqvist, okafor
	 * Amir, Okafor Zara */
	assert_string_equal(rows[0].surname, "abbott");
	assert_string_equal(rows[1].surname, "Brennan");
	assert_string_equal(rows[2].surname, "Brennan");
	assert_true(rows[1].id < rows[2].id);
	assert_string_equal(rows[3].surname, "Lindqvist");
	assert_string_equal(rows[4].forenames, "Amir");
	assert_string_equal(rows[5].forenames, "Zara");
	free(rows);
}

static void test_cell_list_reads_every_area(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = f->c;
	int64_t la = add_la(c, 888, "Demo LA");
	struct establishment est = add_est(c, la, 1234, "Larch Primary", 0);
	struct pupil p = make_pupil(est.id, "A888123425001", "Tamsworth", "Ivy", 1);
	struct assessment a = { .establishment_id = est.id,
				.academic_year = 2025,
				.date = { 2025, 10, 14 },
				.year_groups = ASSESS_YG_R,
				.kind = SCALE_TRACKING };
	struct judgement_cell *list = NULL;
	struct errbuf eb = { "" };
	char *notes = NULL, longest[NOTE_MAX_LEN + 1];
	size_t n = 0, at = 0;

	add_pupil(c, &p);
	snprintf(a.name, sizeof(a.name), "Autumn Term Assessment");
	assert_int_equal(store_assessment_add(c, &alice, &a, &eb), ERR_OK);
	/* the longest note, of two-byte letters ("é" is 0xC3 0xA9) */
	while (at + 2 <= NOTE_MAX_LEN) {
		longest[at++] = (char)0xC3;
		longest[at++] = (char)0xA9;
	}
	longest[at] = '\0';
	/* every area, backwards, so the list's order is the store's, not ours */
	for (int k = ELG__MAX - 1; k >= 0; k--) {
		struct judgement j = { .pupil_id = p.id,
				       .elg = (enum elg)k,
				       .value = k % 2 ? TRACK_BELOW : TRACK_ON_TRACK },
				 cur;
		if (k % 2 == 0 && k % 4 == 0)
			snprintf(j.colour, sizeof(j.colour), "%s", "green");
		if (k == 3)
			snprintf(j.note, sizeof(j.note), "%s", longest);
		if (k == 9)
			snprintf(j.note, sizeof(j.note), "%s", "counts to 20 & back <fast>");
		assert_int_equal(store_judgement_put(c, &alice, &a, &j, &cur, &eb), ERR_OK);
	}
	assert_int_equal(store_judgement_list(c, a.id, &list, &n, &notes), ERR_OK);
	assert_int_equal(n, ELG__MAX);
	for (int k = 0; k < ELG__MAX; k++) {
		assert_int_equal(list[k].pupil_id, p.id);
		assert_int_equal(list[k].elg, k);
		assert_int_equal(list[k].value, k % 2 ? TRACK_BELOW : TRACK_ON_TRACK);
		assert_string_equal(list[k].colour, k % 2 == 0 && k % 4 == 0 ? "green" : "");
		assert_int_equal(list[k].version, 1);
		assert_string_equal(list[k].updated_by, "alice");
		assert_true(list[k].updated_at > 0);
		if (k == 3)
			assert_string_equal(list[k].note, longest);
		else if (k == 9)
			assert_string_equal(list[k].note, "counts to 20 & back <fast>");
		else
			assert_string_equal(list[k].note, "");
	}
	free(list);
	free(notes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain_list_is_the_search, lsetup, lteardown),
		cmocka_unit_test_setup_teardown(test_plain_list_order, lsetup, lteardown),
		cmocka_unit_test_setup_teardown(test_cell_list_reads_every_area, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
