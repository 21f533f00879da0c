/*
 * test_store_pupils: the pupil search (surname, UPN, class, year group, the
 * characteristics filter compiled to bound values, sort orders, pages and the
 * total), archive and restore, the establishment profile and the saved
 * selection; run on SQLite and on PostgreSQL. The filter is checked against
 * core's in-memory rule over pupils with every mix of characteristics.
 */
#include "store_fixture.h"

#include <strings.h>

#include "core/calendar.h"
#include "core/pupil_filter.h"
#include "core/upn.h"

enum { NPUPILS = 90, ACADEMIC_YEAR = 2025 };

static const char *const surnames[] = {
	"Ashworth", "brook", "Carter", "O'Neill", "Dawson", "ashby"
};
static const char *const ethnicities[] = { "WBRI", "WENG", "CHNE", "NOBT" };

/* Pupil i of the generated school: every characteristic varies independently. */
static struct pupil gen_pupil(int64_t est, int la, int estab, int i)
{
	struct pupil p;
	char upn[UPN_LEN + 1];

	upn_make(la, estab, 25, i + 1, upn);
	p = make_pupil(est, upn, surnames[i % 6], "Kid", (i % 4));
	snprintf(p.forenames, sizeof(p.forenames), "Kid%02d", i);
	p.gender = i % 3 == 0 ? GENDER_MALE : i % 3 == 1 ? GENDER_FEMALE : GENDER_UNKNOWN;
	/* Born 2018-2021 in every month: several year groups, summer-born or not. */
	p.dob = (struct date){ 2018 + i % 4, 1 + (i * 5) % 12, 1 + i % 28 };
	if (i % 17 == 0)
		p.dob = (struct date){ 0, 0, 0 };
	p.sen = "NKE"[i % 3 == 2 ? (i / 3) % 3 : 0];
	snprintf(p.ethnicity, sizeof(p.ethnicity), "%s", ethnicities[i % 4]);
	p.pupil_premium = i % 2;
	p.disadvantaged = (i / 2) % 2;
	p.eal = (i / 4) % 2;
	for (int c = 0; c < CUSTOM_COUNT; c++)
		p.custom[c] = (i >> c) & 1 ? i % 5 != 0 : false;
	p.year_override = i % 11 == 3 ? 2 : YEAR_NONE;
	p.archived = i % 13 == 12;
	return p;
}

static int year_of(const struct pupil *p)
{
	return p->year_override != YEAR_NONE ? p->year_override :
					       year_group_of(p->dob, ACADEMIC_YEAR);
}

struct school {
	struct establishment a, b;
	struct pupil p[NPUPILS];
};

/* Pupils with an intervention (issue 4b's table). */
static bool has_iv(int i)
{
	return i % 7 == 1;
}

static void school_add(struct store_conn *c, struct school *s)
{
	int64_t la = add_la(c, 888, "Demo LA");

	s->a = add_est(c, la, 1234, "A", 0);
	s->b = add_est(c, la, 1235, "B", 0);
	for (int i = 0; i < NPUPILS; i++) {
		s->p[i] = gen_pupil(s->a.id, 888, 1234, i);
		add_pupil(c, &s->p[i]);
		if (has_iv(i)) {
			struct intervention iv = { .pupil_id = s->p[i].id,
						   .academic_year = 2025,
						   .created_at = 1 };
			struct errbuf eb = { "" };
			snprintf(iv.details, sizeof(iv.details), "Number intervention");
			if (store_intervention_add(c, &alice, s->a.id, &iv, &eb) != ERR_OK)
				fail_msg("store_intervention_add: %s", eb.msg);
		}
	}
	/* A pupil of another school never shows up in A's searches. */
	{
		struct pupil o = gen_pupil(s->b.id, 888, 1235, 0);
		add_pupil(c, &o);
	}
}

/* How many of s's pupils the search should find, by core's rules. */
static size_t expected(const struct school *s, const struct pupil_search *q)
{
	size_t n = 0;

	for (int i = 0; i < NPUPILS; i++) {
		const struct pupil *p = &s->p[i];
		if (p->archived && !q->include_archived)
			continue;
		if (q->class_no && p->class_no != q->class_no)
			continue;
		if (q->year_group != YEAR_NONE && year_of(p) != q->year_group)
			continue;
		if (q->filter && !pupil_filter_match_with(q->filter, p, has_iv(i)))
			continue;
		n++;
	}
	return n;
}

static struct pupil_search base_query(const struct school *s)
{
	struct pupil_search q = { .establishment_id = s->a.id,
				  .year_group = YEAR_NONE,
				  .academic_year = ACADEMIC_YEAR };
	return q;
}

static void test_filter_matches_core(void **state)
{
	static const char *const combos[][2] = {
		{ "f_gender", "M" },  { "f_gender", "F" }, { "f_summer", "yes" },
		{ "f_summer", "no" }, { "f_sen", "any" },  { "f_sen", "N" },
		{ "f_sen", "E" },     { "f_eth", "WENG" }, { "f_pp", "yes" },
		{ "f_pp", "no" },     { "f_dis", "yes" },  { "f_eal", "no" },
		{ "f_c1", "yes" },    { "f_c6", "no" },	   { "f_c3", "yes" },
		{ "f_int", "yes" },   { "f_int", "no" },
	};
	struct fx *f = *state;
	struct school *s = xcalloc(1, sizeof(*s));
	struct pupil *list = NULL;
	size_t n = 0;
	long total = -1;

	school_add(f->c, s);
	/* Each characteristic alone, then in pairs, with and without archived. */
	for (size_t i = 0; i < ARRAY_SIZE(combos); i++) {
		for (size_t k = i; k < ARRAY_SIZE(combos); k++) {
			for (int arch = 0; arch < 2; arch++) {
				struct pupil_filter pf;
				struct pupil_search q = base_query(s);
				pupil_filter_init(&pf);
				assert_true(pupil_filter_set(&pf, combos[i][0], combos[i][1]));
				if (k != i && strcmp(combos[k][0], combos[i][0]) != 0)
					assert_true(
						pupil_filter_set(&pf, combos[k][0], combos[k][1]));
				q.filter = &pf;
				q.include_archived = arch;
				assert_int_equal(store_pupil_search(f->c, &q, &list, &n, &total),
						 ERR_OK);
				assert_int_equal(n, expected(s, &q));
				assert_int_equal(total, (long)n);
				for (size_t r = 0; r < n; r++) {
					assert_int_equal(list[r].establishment_id, s->a.id);
					assert_true(pupil_filter_match_with(
						&pf, &list[r],
						has_iv((int)(list[r].id - s->p[0].id))));
				}
				free(list);
			}
		}
	}
	/* No filter at all is everything not archived. */
	{
		struct pupil_search q = base_query(s);
		assert_int_equal(store_pupil_search(f->c, &q, &list, &n, &total), ERR_OK);
		assert_int_equal(n, expected(s, &q));
		assert_true(n > 60);
		free(list);
	}
	/* Pages of 7 by name, both ways: together they are the whole list in order,
	 * and every page (the last one too, and one past the end) gives the total. */
	for (int desc = 0; desc < 2; desc++) {
		struct pupil_search q = base_query(s);
		struct pupil *all = NULL, *page = NULL;
		size_t nall = 0, seen = 0;
		q.desc = desc;
		assert_int_equal(store_pupil_search(f->c, &q, &all, &nall, NULL), ERR_OK);
		for (int off = 0; off <= (int)nall; off += 7) {
			q.limit = 7;
			q.offset = off;
			total = -1;
			assert_int_equal(store_pupil_search(f->c, &q, &page, &n, &total), ERR_OK);
			assert_int_equal(total, (long)nall);
			assert_int_equal(n, nall - (size_t)off < 7 ? nall - (size_t)off : 7);
			for (size_t r = 0; r < n; r++)
				assert_int_equal(page[r].id, all[seen + r].id);
			seen += n;
			free(page);
		}
		assert_int_equal(seen, nall);
		for (size_t r = 1; r < nall; r++) {
			int cmp = strcasecmp(all[r - 1].surname, all[r].surname);
			assert_true(desc ? cmp >= 0 : cmp <= 0);
		}
		q.offset = (int)nall + 50;
		assert_int_equal(store_pupil_search(f->c, &q, &page, &n, &total), ERR_OK);
		assert_int_equal(n, 0);
		assert_int_equal(total, (long)nall);
		free(page);
		free(all);
	}
	free(s);
}

static void test_search_fields(void **state)
{
	struct fx *f = *state;
	struct school *s = xcalloc(1, sizeof(*s));
	struct pupil *list = NULL;
	struct pupil_search q;
	size_t n = 0;
	long total = 0;

	school_add(f->c, s);
	/* Surname prefix, any case; apostrophes are plain text. */
	q = base_query(s);
	q.surname = "ASH";
	assert_int_equal(store_pupil_search(f->c, &q, &list, &n, &total), ERR_OK);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++)
		assert_true(strncasecmp(list[i].surname, "ash", 3) == 0);
	free(list);
	q.surname = "o'n";
	assert_int_equal(store_pupil_search(f->c, &q, &list, &n, &total), ERR_OK);
	assert_true(n > 0);
	assert_string_equal(list[0].surname, "O'Neill");
	free(list);
	q.surname = "' OR 1=1 --";
	assert_int_equal(store_pupil_search(f->c, &q, &list, &n, &total), ERR_OK);
	assert_int_equal(n, 0);
	free(list);

	/* UPN prefix, lower case accepted. */
	q = base_query(s);
	q.upn = s->p[5].upn;
	assert_int_equal(store_pupil_search(f->c, &q, &list, &n, &total), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, s->p[5].id);
	free(list);

	/* Class and year group (override or from the date of birth). */
	for (int cls = 1; cls <= 3; cls++) {
		q = base_query(s);
		q.class_no = cls;
		assert_int_equal(store_pupil_search(f->c, &q, &list, &n, &total), ERR_OK);
		assert_int_equal(n, expected(s, &q));
		free(list);
	}
	for (int yg = YEAR_N1; yg <= 3; yg++) {
		q = base_query(s);
		q.year_group = yg;
		assert_int_equal(store_pupil_search(f->c, &q, &list, &n, &total), ERR_OK);
		assert_int_equal(n, expected(s, &q));
		for (size_t i = 0; i < n; i++)
			assert_int_equal(year_of(&list[i]), yg);
		free(list);
	}
	/* Roll forward: the same pupils are a year older next academic year. */
	q = base_query(s);
	q.year_group = YEAR_R;
	assert_int_equal(store_pupil_search(f->c, &q, &list, &n, &total), ERR_OK);
	{
		size_t reception = 0;
		for (int i = 0; i < NPUPILS; i++)
			if (!s->p[i].archived && s->p[i].year_override == YEAR_NONE &&
			    year_group_of(s->p[i].dob, ACADEMIC_YEAR) == YEAR_R)
				reception++;
		free(list);
		q.year_group = 1;
		q.academic_year = ACADEMIC_YEAR + 1;
		assert_int_equal(store_pupil_search(f->c, &q, &list, &n, &total), ERR_OK);
		size_t y1_next = 0;
		for (size_t i = 0; i < n; i++)
			if (list[i].year_override == YEAR_NONE)
				y1_next++;
		assert_int_equal(y1_next, reception);
		free(list);
	}
	free(s);
}

static void test_sort_and_pages(void **state)
{
	struct fx *f = *state;
	struct school *s = xcalloc(1, sizeof(*s));
	struct pupil *list = NULL, *page = NULL;
	struct pupil_search q;
	size_t n = 0, np = 0;
	long total = 0;

	school_add(f->c, s);
	for (int sort = 0; sort < PUPIL_SORT__MAX; sort++) {
		for (int desc = 0; desc < 2; desc++) {
			q = base_query(s);
			q.sort = (enum pupil_sort)sort;
			q.desc = desc;
			assert_int_equal(store_pupil_search(f->c, &q, &list, &n, &total), ERR_OK);
			assert_int_equal((long)n, total);
			for (size_t i = 1; i < n; i++) {
				const struct pupil *a = &list[i - 1], *b = &list[i];
				int cmp = 0;
				char da[11] = "", db[11] = "";
				switch ((enum pupil_sort)sort) {
				case PUPIL_SORT_NAME:
					cmp = strcasecmp(a->surname, b->surname);
					break;
				case PUPIL_SORT_UPN:
					cmp = strcmp(a->upn, b->upn);
					break;
				case PUPIL_SORT_DOB:
					if (date_valid(a->dob))
						date_format_iso(a->dob, da);
					if (date_valid(b->dob))
						date_format_iso(b->dob, db);
					cmp = strcmp(da, db);
					break;
				case PUPIL_SORT_CLASS:
					cmp = a->class_no - b->class_no;
					break;
				case PUPIL_SORT_YEAR: {
					int ya = year_of(a), yb = year_of(b);
					ya = ya == YEAR_NONE ? -100 : ya;
					yb = yb == YEAR_NONE ? -100 : yb;
					cmp = ya - yb;
					break;
				}
				case PUPIL_SORT_GENDER:
					cmp = (int)(a->gender == GENDER_MALE) * 2 +
					      (a->gender == GENDER_FEMALE) -
					      ((int)(b->gender == GENDER_MALE) * 2 +
					       (b->gender == GENDER_FEMALE));
					break;
				case PUPIL_SORT__MAX:
					break;
				}
				if (desc)
					assert_true(cmp >= 0);
				else
					assert_true(cmp <= 0);
			}
			/* Pages of 7 put together are the whole list, in order. */
			for (int off = 0; off < (int)n; off += 7) {
				long t2 = 0;
				q.limit = 7;
				q.offset = off;
				assert_int_equal(store_pupil_search(f->c, &q, &page, &np, &t2),
						 ERR_OK);
				assert_int_equal(t2, total);
				assert_int_equal(np, n - (size_t)off < 7 ? n - (size_t)off : 7);
				for (size_t i = 0; i < np; i++)
					assert_int_equal(page[i].id, list[off + (int)i].id);
				free(page);
			}
			free(list);
		}
	}
	free(s);
}

static void test_archive_restore(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = f->c;
	struct errbuf eb = { "" };
	int64_t la = add_la(c, 888, "Demo LA");
	struct establishment a = add_est(c, la, 1234, "A", 0), b = add_est(c, la, 1235, "B", 0);
	struct pupil p1 = make_pupil(a.id, "A888123400001", "One", "Kid", 1);
	struct pupil p2 = make_pupil(a.id, "A888123400002", "Two", "Kid", 1);
	struct pupil p3 = make_pupil(b.id, "A888123500003", "Three", "Kid", 1);
	struct pupil got;
	int64_t ids[2];
	size_t changed = 99;
	long count = 0;

	p1.year_override = p2.year_override = p3.year_override = YEAR_NONE;
	add_pupil(c, &p1);
	add_pupil(c, &p2);
	add_pupil(c, &p3);
	/* A pupil of another school in the list: nothing changes at all. */
	ids[0] = p1.id;
	ids[1] = p3.id;
	assert_int_equal(store_pupil_set_archived(c, &alice, a.id, ids, 2, true, &changed, &eb),
			 ERR_NOT_FOUND);
	assert_int_equal(store_pupil_get(c, p1.id, &got), ERR_OK);
	assert_false(got.archived);
	assert_int_equal(count_audit(c, "pupil.update"), 0);

	ids[1] = p2.id;
	assert_int_equal(store_pupil_set_archived(c, &alice, a.id, ids, 2, true, &changed, &eb),
			 ERR_OK);
	assert_int_equal(changed, 2);
	assert_int_equal(store_pupil_count(c, a.id, &count), ERR_OK);
	assert_int_equal(count, 0);
	assert_int_equal(count_audit(c, "pupil.update"), 2);
	/* Again: already archived, nothing to change. */
	assert_int_equal(store_pupil_set_archived(c, &alice, a.id, ids, 2, true, &changed, &eb),
			 ERR_OK);
	assert_int_equal(changed, 0);
	assert_int_equal(store_pupil_set_archived(c, &alice, a.id, ids, 1, false, &changed, &eb),
			 ERR_OK);
	assert_int_equal(changed, 1);
	assert_int_equal(store_pupil_get(c, p1.id, &got), ERR_OK);
	assert_false(got.archived);
	assert_int_equal(got.version, 3);
	{
		struct audit_query aq = { .action = "pupil.update" };
		struct audit_entry *list = NULL;
		size_t n = 0;
		assert_int_equal(store_audit_list(c, &aq, &list, &n), ERR_OK);
		assert_int_equal(n, 3);
		assert_string_equal(list[0].field, "archived");
		assert_string_equal(list[0].old_value, "yes");
		assert_string_equal(list[0].new_value, "no");
		assert_string_equal(list[0].actor, "alice");
		free(list);
	}
}

static void test_profile(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = f->c;
	struct errbuf eb = { "" };
	int64_t la = add_la(c, 888, "Demo LA");
	struct establishment a = add_est(c, la, 1234, "A", 0), b = add_est(c, la, 1235, "B", 0);
	struct estab_profile p, q;

	assert_int_equal(store_estab_profile_get(c, a.id, &p), ERR_OK);
	assert_string_equal(p.class_name[0], "Class 1");
	assert_string_equal(p.class_name[19], "Class 20");
	assert_string_equal(p.custom_name[5], "Custom 6");

	snprintf(p.class_name[1], sizeof(p.class_name[1]), "Clever Cats");
	snprintf(p.custom_name[0], sizeof(p.custom_name[0]), "Late arrivals");
	assert_int_equal(store_estab_profile_set(c, &alice, a.id, &p, &eb), ERR_OK);
	assert_int_equal(count_audit(c, "profile.update"), 2);
	assert_int_equal(store_estab_profile_get(c, a.id, &q), ERR_OK);
	assert_string_equal(q.class_name[1], "Clever Cats");
	assert_string_equal(q.class_name[2], "Class 3");
	assert_string_equal(q.custom_name[0], "Late arrivals");
	/* Another school keeps its defaults. */
	assert_int_equal(store_estab_profile_get(c, b.id, &q), ERR_OK);
	assert_string_equal(q.class_name[1], "Class 2");

	/* Renaming again replaces; a blank name is refused and changes nothing. */
	snprintf(p.class_name[1], sizeof(p.class_name[1]), "Brainy Bears");
	p.custom_name[2][0] = '\0';
	assert_int_equal(store_estab_profile_set(c, &alice, a.id, &p, &eb), ERR_INVALID);
	assert_int_equal(store_estab_profile_get(c, a.id, &q), ERR_OK);
	assert_string_equal(q.class_name[1], "Clever Cats");
	snprintf(p.custom_name[2], sizeof(p.custom_name[2]), "Custom 3");
	assert_int_equal(store_estab_profile_set(c, &alice, a.id, &p, &eb), ERR_OK);
	assert_int_equal(store_estab_profile_get(c, a.id, &q), ERR_OK);
	assert_string_equal(q.class_name[1], "Brainy Bears");
	assert_int_equal(count_audit(c, "profile.update"), 3);
	/* A control character is refused with the field named; nothing changes. */
	snprintf(p.class_name[4], sizeof(p.class_name[4]),
		 "Robins\x1e"
		 "0\x1f"
		 "1\x1fX");
	snprintf(p.class_name[1], sizeof(p.class_name[1]), "Busy Bees");
	assert_int_equal(store_estab_profile_set(c, &alice, a.id, &p, &eb), ERR_INVALID);
	assert_non_null(strstr(eb.msg, "class 5"));
	assert_int_equal(store_estab_profile_get(c, a.id, &q), ERR_OK);
	assert_string_equal(q.class_name[1], "Brainy Bears");
	assert_string_equal(q.class_name[4], "Class 5");
	assert_int_equal(count_audit(c, "profile.update"), 3);
}

static void test_selection(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = f->c;
	struct errbuf eb = { "" };
	int64_t la = add_la(c, 888, "Demo LA");
	struct establishment a = add_est(c, la, 1234, "A", 0), b = add_est(c, la, 1235, "B", 0);
	struct user u = { .role = ROLE_TEACHER, .establishment_id = a.id, .created_at = 1 },
		    v = { .role = ROLE_TEACHER, .establishment_id = a.id, .created_at = 1 };
	char got[SELECTION_MAX + 1];

	snprintf(u.username, sizeof(u.username), "u1");
	snprintf(v.username, sizeof(v.username), "u2");
	assert_int_equal(store_user_add(c, &cli, &u, &eb), ERR_OK);
	assert_int_equal(store_user_add(c, &cli, &v, &eb), ERR_OK);
	assert_int_equal(store_pupil_selection_get(c, u.id, a.id, got), ERR_OK);
	assert_string_equal(got, "");
	assert_int_equal(store_pupil_selection_set(c, &alice, u.id, a.id, "surname=smi&class=2",
						   &eb),
			 ERR_OK);
	assert_int_equal(store_pupil_selection_set(c, &alice, u.id, a.id, "class=3", &eb), ERR_OK);
	assert_int_equal(store_pupil_selection_get(c, u.id, a.id, got), ERR_OK);
	assert_string_equal(got, "class=3");
	/* Per user and per school. */
	assert_int_equal(store_pupil_selection_get(c, v.id, a.id, got), ERR_OK);
	assert_string_equal(got, "");
	assert_int_equal(store_pupil_selection_get(c, u.id, b.id, got), ERR_OK);
	assert_string_equal(got, "");
	assert_int_equal(store_pupil_selection_set(c, &alice, u.id, a.id, "", &eb), ERR_OK);
	assert_int_equal(store_pupil_selection_get(c, u.id, a.id, got), ERR_OK);
	assert_string_equal(got, "");
	assert_int_equal(count_audit(c, "selection.save"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_filter_matches_core, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sort_and_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_archive_restore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selection, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
