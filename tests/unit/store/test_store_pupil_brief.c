/*
 * test_store_pupil_brief: the pupil list's own search (store_pupil_search_brief,
 * issue 4d) finds exactly what store_pupil_search finds, on SQLite and
 * PostgreSQL: the same pupils in the same order with the same total, for every
 * sort and direction, pages of three and the whole list, with surname prefixes
 * in any case (also ones ending in punctuation or a non-ASCII letter, which the
 * index range must not cut short), UPN prefixes, class, year group, archived
 * pupils and the characteristics filter; and the fields a list shows are the
 * stored ones. The school's total on the list (pupil_roll, kept by triggers)
 * follows every write that puts a pupil on or off a roll.
 */
#include "store_fixture.h"

#include "core/calendar.h"
#include "core/pupil_filter.h"
#include "core/upn.h"

struct pupil_spec {
	const char *surname, *forenames;
	int class_no, year_override;
	struct date dob;
	enum gender gender;
	bool archived;
};

/* Surnames that share prefixes in both cases, punctuation and non-ASCII
 * letters (in every position), ties, a name after "wil" in byte order ("wim",
 * "wil~"), and a year override; a few archived. */
static const struct pupil_spec school[] = {
	{ "Wilson", "Ada", 1, -99, { 2019, 9, 2 }, GENDER_FEMALE, false },
	{ "wilkes", "Bo", 2, -99, { 2020, 1, 30 }, GENDER_MALE, false },
	{ "WILLIAMS", "Cy", 1, -99, { 2019, 12, 1 }, GENDER_MALE, false },
	{ "Williams", "Cy", 3, -99, { 2018, 4, 18 }, GENDER_FEMALE, false },
	{ "Wil~kes", "Di", 1, -99, { 2019, 6, 6 }, GENDER_UNKNOWN, false },
	{ "Wimbush", "Eve", 2, -99, { 2019, 8, 31 }, GENDER_FEMALE, false },
	{ "Wi", "Fay", 2, 1, { 2020, 2, 2 }, GENDER_FEMALE, false },
	{ "O'Brien", "Gus", 3, -99, { 2018, 10, 10 }, GENDER_MALE, false },
	{ "O'Neill", "Hal", 1, -99, { 2021, 3, 3 }, GENDER_MALE, true },
	{ "Ørsted", "Ida", 2, -99, { 2019, 5, 5 }, GENDER_FEMALE, false },
	{ "Østergaard", "Jo", 1, -99, { 2020, 7, 7 }, GENDER_MALE, false },
	{ "Zoë-Wilson", "Kit", 3, -99, { 2019, 11, 11 }, GENDER_FEMALE, false },
	{ "zé", "Lu", 1, -99, { 2018, 2, 2 }, GENDER_MALE, false },
	{ "Zé", "Lu", 2, -99, { 2019, 2, 2 }, GENDER_MALE, true },
	{ "Abbott", "Mo", 1, -99, { 2020, 4, 1 }, GENDER_FEMALE, false },
	{ "abbott", "Ned", 2, 2, { 2019, 9, 1 }, GENDER_MALE, false },
	{ "Brennan", "Oz", 3, -99, { 2018, 9, 1 }, GENDER_FEMALE, false },
	{ "Brennan", "Oz", 3, -99, { 2018, 8, 31 }, GENDER_FEMALE, false },
	{ "Wil", "Pat", 0, -99, { 2019, 3, 3 }, GENDER_MALE, false },
};
enum { NSCHOOL = sizeof(school) / sizeof(school[0]) };

struct bfx {
	struct fx base;
	int64_t est;   /* Larch Primary, the school listed */
	int64_t other; /* Rowan Primary, three pupils */
};

static int bsetup(void **state)
{
	struct bfx *f = xcalloc(1, sizeof(*f));
	struct errbuf eb = { "" };
	void *inner = NULL;
	struct establishment other;
	int64_t la;

	setup(&inner);
	f->base = *(struct fx *)inner;
	free(inner);
	la = add_la(f->base.c, 888, "Demo LA");
	f->est = add_est(f->base.c, la, 1234, "Larch Primary", 0).id;
	other = add_est(f->base.c, la, 1235, "Rowan Primary", 0);
	f->other = other.id;
	for (int i = 0; i < NSCHOOL; i++) {
		const struct pupil_spec *s = &school[i];
		struct pupil p;
		char upn[UPN_LEN + 1];

		assert_true(upn_make(888, 1234, 20 + i % 3, i, upn));
		p = make_pupil(f->est, upn, s->surname, s->forenames, s->class_no);
		p.year_override = s->year_override;
		p.dob = s->dob;
		p.gender = s->gender;
		p.eal = i % 2;
		add_pupil(f->base.c, &p);
		if (s->archived) {
			size_t changed = 0;
			int64_t id = p.id;
			assert_int_equal(store_pupil_set_archived(f->base.c, &alice, f->est, &id, 1,
								  true, &changed, &eb),
					 ERR_OK);
		}
	}
	/* another school's pupils with the same prefixes are never listed */
	for (int i = 0; i < 3; i++) {
		struct pupil p;
		char upn[UPN_LEN + 1];

		assert_true(upn_make(888, 1235, 21, i, upn));
		p = make_pupil(other.id, upn, i ? "Wilson" : "Abbott", "Other", 1);
		add_pupil(f->base.c, &p);
	}
	*state = f;
	return 0;
}

static int bteardown(void **state)
{
	struct bfx *f = *state;
	struct fx *inner = xmalloc(sizeof(*inner));

	*inner = f->base;
	free(f);
	*state = inner;
	return teardown(state);
}

/* Both searches of s: the same rows (in order, with the list's fields as
 * stored) and the same total. Returns how many rows. */
static size_t same(struct store_conn *c, const struct pupil_search *s, const char *what)
{
	struct pupil *full = NULL, *brief = NULL;
	size_t nf = 0, nb = 0;
	long tf = -1, tb = -2;

	assert_int_equal(store_pupil_search(c, s, &full, &nf, &tf), ERR_OK);
	assert_int_equal(store_pupil_search_brief(c, s, &brief, &nb, &tb), ERR_OK);
	if (nf != nb || tf != tb)
		fail_msg(
			"%s (sort %d desc %d limit %d offset %d): %zu rows of %ld, brief %zu of %ld",
			what, (int)s->sort, (int)s->desc, s->limit, s->offset, nf, tf, nb, tb);
	for (size_t i = 0; i < nf; i++) {
		const struct pupil *a = &full[i], *b = &brief[i];
		if (a->id != b->id)
			fail_msg("%s (sort %d desc %d offset %d): row %zu is %s, brief %s", what,
				 (int)s->sort, (int)s->desc, s->offset, i, a->surname, b->surname);
		assert_int_equal(a->establishment_id, b->establishment_id);
		assert_string_equal(a->upn, b->upn);
		assert_string_equal(a->surname, b->surname);
		assert_string_equal(a->forenames, b->forenames);
		assert_int_equal(date_cmp(a->dob, b->dob), 0);
		assert_int_equal(a->gender, b->gender);
		assert_int_equal(a->class_no, b->class_no);
		assert_int_equal(a->year_override, b->year_override);
		assert_int_equal(a->archived, b->archived);
	}
	free(full);
	free(brief);
	return nf;
}

/* s in every sort and direction, whole and in pages of three; returns the
 * whole list's rows (by name, ascending). */
static size_t same_every_way(struct store_conn *c, struct pupil_search s, const char *what)
{
	size_t whole = 0;

	for (int sort = 0; sort < PUPIL_SORT__MAX; sort++) {
		for (int desc = 0; desc <= 1; desc++) {
			size_t n;
			s.sort = (enum pupil_sort)sort;
			s.desc = desc;
			s.limit = 0;
			s.offset = 0;
			n = same(c, &s, what);
			if (sort == PUPIL_SORT_NAME && !desc)
				whole = n;
			s.limit = 3;
			for (s.offset = 0; s.offset <= (int)n + 3; s.offset += 3)
				same(c, &s, what);
		}
	}
	return whole;
}

static struct pupil_search search_of(int64_t est)
{
	return (struct pupil_search){ .establishment_id = est,
				      .year_group = YEAR_NONE,
				      .academic_year = 2025,
				      .sort = PUPIL_SORT_NAME };
}

static void test_brief_is_the_search_for_surname_prefixes(void **state)
{
	static const struct {
		const char *prefix;
		size_t want; /* current pupils whose surname starts so, any case */
	} cases[] = {
		{ "", NSCHOOL - 2 }, { "wil", 6 },     { "WIL", 6 },	{ "Wi", 8 },  { "wil~", 1 },
		{ "o'", 1 },	     { "Ø", 2 },       { "ø", 0 },	{ "zé", 1 },  { "Zoë", 1 },
		{ "zz", 0 },	     { "brennan", 2 }, { "Wilson", 1 }, { "wim", 1 },
	};
	struct bfx *f = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pupil_search s = search_of(f->est);
		s.surname = cases[i].prefix;
		if (same_every_way(f->base.c, s, cases[i].prefix) != cases[i].want)
			fail_msg("surname %s: not %zu pupils", cases[i].prefix, cases[i].want);
	}
}

static void test_brief_is_the_search_for_other_terms(void **state)
{
	struct bfx *f = *state;
	struct store_conn *c = f->base.c;
	struct pupil_filter eal;
	struct pupil_search s;
	char upn[UPN_LEN + 1];

	/* archived pupils too: all of the school's */
	s = search_of(f->est);
	s.include_archived = true;
	assert_int_equal(same_every_way(c, s, "archived"), NSCHOOL);
	s.surname = "o'";
	assert_int_equal(same_every_way(c, s, "archived o'"), 2);

	/* a class, a year group (by override or date of birth), a UPN prefix */
	s = search_of(f->est);
	s.class_no = 1;
	assert_true(same_every_way(c, s, "class 1") > 3);
	s.surname = "wil";
	assert_int_equal(same_every_way(c, s, "class 1 wil"), 3);
	s = search_of(f->est);
	s.year_group = 1;
	assert_true(same_every_way(c, s, "year 1") > 1);
	assert_true(upn_make(888, 1234, 20, 0, upn));
	upn[1] = '\0'; /* the check letter: some of the school's */
	s = search_of(f->est);
	s.upn = upn;
	assert_true(same_every_way(c, s, "upn") > 0);

	/* the characteristics filter: the general search's rows */
	pupil_filter_init(&eal);
	eal.flag[PF_EAL] = TRI_YES;
	s = search_of(f->est);
	s.filter = &eal;
	s.surname = "wil";
	assert_true(same_every_way(c, s, "eal wil") > 0);

	/* another school with nobody on roll */
	s = search_of(f->est + 1000);
	assert_int_equal(same_every_way(c, s, "nobody"), 0);
}

/* The pupils on roll the store keeps (store_pupil_count, pupil_roll) against
 * the pupils the search finds. */
static void roll_is(struct store_conn *c, int64_t est, long expect)
{
	struct pupil_search s = search_of(est);
	struct pupil *list = NULL;
	size_t n = 0;
	long kept = -1, total = -1;

	assert_int_equal(store_pupil_search(c, &s, &list, &n, &total), ERR_OK);
	free(list);
	assert_int_equal(store_pupil_count(c, est, &kept), ERR_OK);
	assert_int_equal((long)n, expect);
	assert_int_equal(kept, expect);
	/* the plain list's first page gives it beside the rows */
	s.limit = 2;
	assert_int_equal(store_pupil_search_brief(c, &s, &list, &n, &total), ERR_OK);
	free(list);
	assert_int_equal(total, expect);
}

static void test_roll_follows_writes(void **state)
{
	struct bfx *f = *state;
	struct store_conn *c = f->base.c;
	struct errbuf eb = { "" };
	int64_t other = f->other, ids[3];
	struct pupil *got = NULL, batch[3];
	size_t n = 0, changed = 0, bad = 0;
	struct pupil_search s = search_of(f->est);

	roll_is(c, f->est, NSCHOOL - 2);
	roll_is(c, other, 3);
	s.limit = 3;
	assert_int_equal(store_pupil_search(c, &s, &got, &n, NULL), ERR_OK);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		ids[i] = got[i].id;

	/* archived (twice over: no change the second time), then one restored */
	assert_int_equal(store_pupil_set_archived(c, &alice, f->est, ids, 2, true, &changed, &eb),
			 ERR_OK);
	assert_int_equal(store_pupil_set_archived(c, &alice, f->est, ids, 2, true, &changed, &eb),
			 ERR_OK);
	roll_is(c, f->est, NSCHOOL - 4);
	assert_int_equal(store_pupil_set_archived(c, &alice, f->est, ids, 1, false, &changed, &eb),
			 ERR_OK);
	roll_is(c, f->est, NSCHOOL - 3);

	/* an edit keeps the roll; a move to another school changes both */
	got[2].forenames[0] = 'Q';
	assert_int_equal(store_pupil_update(c, &alice, &got[2], &eb), ERR_OK);
	roll_is(c, f->est, NSCHOOL - 3);
	got[2].establishment_id = other;
	assert_int_equal(store_pupil_update(c, &alice, &got[2], &eb), ERR_OK);
	roll_is(c, f->est, NSCHOOL - 4);
	roll_is(c, other, 4);
	/* archived in the same update as the move back: on neither roll */
	got[2].establishment_id = f->est;
	got[2].archived = true;
	assert_int_equal(store_pupil_update(c, &alice, &got[2], &eb), ERR_OK);
	roll_is(c, f->est, NSCHOOL - 4);
	roll_is(c, other, 3);

	/* an upload's batch: three new pupils, one of them archived */
	for (int i = 0; i < 3; i++) {
		char upn[UPN_LEN + 1];

		assert_true(upn_make(888, 1235, 22, i, upn));
		batch[i] = make_pupil(other, upn, "Batch", "New", 1);
		batch[i].archived = i == 2;
	}
	assert_int_equal(store_pupils_put(c, &alice, batch, 3, &bad, &eb), ERR_OK);
	roll_is(c, other, 5);
	/* a school nobody was ever on */
	roll_is(c, f->est + 1000, 0);
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_brief_is_the_search_for_surname_prefixes,
						bsetup, bteardown),
		cmocka_unit_test_setup_teardown(test_brief_is_the_search_for_other_terms, bsetup,
						bteardown),
		cmocka_unit_test_setup_teardown(test_roll_follows_writes, bsetup, bteardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
