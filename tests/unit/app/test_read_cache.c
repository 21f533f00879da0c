/*
 * test_read_cache: a server process keeps the pupils a grid covers, the pages
 * of the pupil list and the grid screen's cells and notes in memory
 * (store_cache.c) and must never show any of them older than the database's. The version of a school's pupils (025_pupil_version),
 * read with the session, moves on every insert, edit, archive or move of one
 * of its pupils and on nothing else's; a rolled-back change leaves it. A grid
 * read with the session's school is served from memory while it holds, and a
 * change made by another process (a second store on the same database) shows
 * on the next grid; the same for a page of the pupil list and its total, each
 * search kept apart. The version of an assessment's cells and notes
 * (026_judgement_version), read with the assessment, moves on every cell or
 * note written or deleted, and only its own; the grid screen is served from
 * memory while it holds and shows another process's cell and note on the
 * next read. What a transaction reads of its own uncommitted changes is never
 * kept. Runs on SQLite and PostgreSQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "app/app.h"
#include "app/assess.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "store/store.h"
#include "store/store_batch.h"

#include "app_world.h"

enum { NPUPILS = 4, LAESTAB = 8862468, OTHER_LAESTAB = 8862469 };

struct world {
	struct app *app;
	struct store_conn *c;
	struct store *elsewhere; /* another process's store on the same database */
	struct store_conn *c2;	 /* a connection of it */
	int64_t clock;
	struct establishment school, other;
	struct pupil pupil[NPUPILS]; /* Reception */
	struct assessment elg;
	struct session s; /* a live session of the user below, to read as a request does */
};

static const struct actor writer = { 7, "mira", "192.0.2.7" };

static int setup(void **state)
{
	struct world *w = xcalloc(1, sizeof(*w));
	struct errbuf eb = { "" };
	struct user u = { 0 };
	char *url = NULL;
	int64_t la;

	w->clock = 1772323200; /* 2026-03-01: academic year 2025/26 */
	w->app = tw_app_open("gridcache", &w->clock, &url);
	w->c = store_acquire(w->app->store);
	la = tw_la(w->c, &writer, 886, "Test LA").id;
	w->school = tw_school(w->c, &writer, la, 2468, 100041, "Larchfield Primary");
	w->other = tw_school(w->c, &writer, la, 2469, 100042, "Quillmoor Primary");
	for (int i = 0; i < NPUPILS; i++) {
		char upn[14];
		snprintf(upn, sizeof(upn), "A88624682500%d", i);
		w->pupil[i] = tw_pupil(w->school.id, upn, "Fenwick", "Ada",
				       (struct date){ 2021, 4, 10 + i });
		snprintf(w->pupil[i].surname, sizeof(w->pupil[i].surname), "Fenwick%c", 'A' + i);
		tw_pupil_add(w->c, &writer, &w->pupil[i]);
	}
	w->elg = tw_elg_assessment(w->app, w->c, &writer, &w->school);
	snprintf(u.username, sizeof(u.username), "mira");
	snprintf(u.display_name, sizeof(u.display_name), "Mira Holt");
	u.role = ROLE_SCHOOL_ADMIN;
	u.establishment_id = w->school.id;
	assert_int_equal(store_user_add(w->c, &writer, &u, &eb), ERR_OK);
	memset(w->s.hash, 0x5a, sizeof(w->s.hash));
	w->s.user_id = u.id;
	w->s.created_at = w->s.last_seen = w->clock;
	assert_int_equal(store_session_add(w->c, &w->s), ERR_OK);
	assert_int_equal(store_open(url, 2, &w->elsewhere, &eb), ERR_OK);
	w->c2 = store_acquire(w->elsewhere);
	/* the world was written through w->c: a fresh checkout, as a new request */
	store_release(w->c);
	w->c = store_acquire(w->app->store);
	free(url);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	store_release(w->c2);
	store_free(w->elsewhere);
	store_release(w->c);
	app_free(w->app);
	free(w);
	return 0;
}

/* The school of laestab as a signed-in request reads it (with its pupils'
 * version). */
static struct establishment school_read(struct world *w, int laestab)
{
	struct session_school sc;
	struct session s;
	struct user u;

	assert_int_equal(store_session_user_est_get(w->c, w->s.hash, laestab, &s, &u, &sc), ERR_OK);
	assert_true(sc.found);
	return sc.est;
}

static int64_t version_of(struct world *w, int laestab)
{
	return school_read(w, laestab).pupils_version;
}

static void counts(struct world *w, unsigned long *hits, unsigned long *fills)
{
	store_cache_counts(w->app->store, hits, fills);
}

/* The grid's surnames, in order, joined by spaces. */
static void grid_names(struct world *w, struct store_conn *c, const struct establishment *e,
		       char *out, size_t cap)
{
	struct assess_grid g;
	size_t used = 0;

	out[0] = '\0';
	assert_int_equal(assess_grid_load_screen(c, e, &w->elg, &g), ERR_OK);
	for (size_t i = 0; i < g.nrows && used < cap; i++)
		used += (size_t)snprintf(out + used, cap - used, "%s%s", i ? " " : "",
					 g.rows[i].pupil.surname);
	assess_grid_free(&g);
}

/* The surname first on the whole pupil list of e (read with its version). */
static void list_first(struct world *w, const struct establishment *e, char *out, size_t cap)
{
	struct pupil_search q = { .establishment_id = e->id,
				  .year_group = YEAR_NONE,
				  .academic_year = 2025,
				  .version = e->pupils_version };
	struct pupil *list = NULL;
	size_t n = 0;

	assert_int_equal(store_pupil_search_brief(w->c, &q, &list, &n, NULL), ERR_OK);
	assert_true(n > 0);
	snprintf(out, cap, "%s", list[0].surname);
	free(list);
}

/* What moves a school's version and what does not. */
static void test_version_moves(void **state)
{
	struct world *w = *state;
	struct errbuf eb = { "" };
	int64_t v, other;
	struct pupil p;

	v = version_of(w, LAESTAB);
	other = version_of(w, OTHER_LAESTAB);
	assert_true(v > 0);
	/* an edit */
	p = w->pupil[0];
	snprintf(p.surname, sizeof(p.surname), "Fenwick-Hale");
	assert_int_equal(store_pupil_update(w->c, &writer, &p, &eb), ERR_OK);
	assert_true(version_of(w, LAESTAB) > v);
	v = version_of(w, LAESTAB);
	/* a new pupil, by another process */
	{
		struct pupil q = tw_pupil(w->school.id, "A886246825010", "Garth", "Ivo",
					  (struct date){ 2021, 5, 1 });
		tw_pupil_add(w->c2, &writer, &q);
	}
	assert_true(version_of(w, LAESTAB) > v);
	assert_int_equal(version_of(w, OTHER_LAESTAB), other);
	v = version_of(w, LAESTAB);
	/* archived */
	assert_int_equal(store_pupil_get(w->c, w->pupil[1].id, &p), ERR_OK);
	p.archived = true;
	assert_int_equal(store_pupil_update(w->c, &writer, &p, &eb), ERR_OK);
	assert_true(version_of(w, LAESTAB) > v);
	v = version_of(w, LAESTAB);
	/* moved to the other school: both move */
	assert_int_equal(store_pupil_get(w->c, w->pupil[2].id, &p), ERR_OK);
	p.establishment_id = w->other.id;
	assert_int_equal(store_pupil_update(w->c, &writer, &p, &eb), ERR_OK);
	assert_true(version_of(w, LAESTAB) > v);
	assert_true(version_of(w, OTHER_LAESTAB) > other);
	v = version_of(w, LAESTAB);
	other = version_of(w, OTHER_LAESTAB);
	/* rolled back: nothing moves */
	assert_int_equal(store_begin(w->c, &eb), ERR_OK);
	assert_int_equal(store_pupil_get(w->c, w->pupil[3].id, &p), ERR_OK);
	snprintf(p.surname, sizeof(p.surname), "Never");
	assert_int_equal(store_pupil_update(w->c, &writer, &p, &eb), ERR_OK);
	store_rollback(w->c);
	assert_int_equal(version_of(w, LAESTAB), v);
	/* three edits in one transaction; on PostgreSQL it moves once, at the
	 * commit, and the next transaction moves it again */
	for (int round = 0; round < 2; round++) {
		assert_int_equal(store_begin(w->c, &eb), ERR_OK);
		for (int i = 0; i < NPUPILS; i++) {
			if (i == 1 || i == 2) /* archived, moved */
				continue;
			assert_int_equal(store_pupil_get(w->c, w->pupil[i].id, &p), ERR_OK);
			snprintf(p.forenames, sizeof(p.forenames), "Ada %d", round);
			assert_int_equal(store_pupil_update(w->c, &writer, &p, &eb), ERR_OK);
		}
		assert_int_equal(store_pupil_get(w->c, w->pupil[2].id, &p), ERR_OK);
		snprintf(p.forenames, sizeof(p.forenames), "Bea %d", round);
		assert_int_equal(store_pupil_update(w->c, &writer, &p, &eb), ERR_OK);
		assert_int_equal(store_commit(w->c, &eb), ERR_OK);
		assert_true(version_of(w, LAESTAB) > v);
		assert_true(version_of(w, OTHER_LAESTAB) > other);
		if (store_backend_of(w->app->store) == STORE_PG) {
			assert_int_equal(version_of(w, LAESTAB), v + 1);
			assert_int_equal(version_of(w, OTHER_LAESTAB), other + 1);
		}
		v = version_of(w, LAESTAB);
		other = version_of(w, OTHER_LAESTAB);
	}
}

/* Served from memory while the version holds; another process's change, an
 * archive and a move show on the next grid. */
static void test_grid_follows_other_process(void **state)
{
	struct world *w = *state;
	struct errbuf eb = { "" };
	unsigned long hits, fills, hits0, fills0;
	struct establishment e, plain;
	char names[256], again[256];
	struct pupil p;

	e = school_read(w, LAESTAB);
	counts(w, &hits0, &fills0);
	grid_names(w, w->c, &e, names, sizeof(names));
	assert_string_equal(names, "FenwickA FenwickB FenwickC FenwickD");
	counts(w, &hits, &fills);
	assert_int_equal(fills, fills0 + 1);
	grid_names(w, w->c, &e, again, sizeof(again));
	assert_string_equal(again, names);
	counts(w, &hits, &fills);
	assert_int_equal(hits, hits0 + 1);
	assert_int_equal(fills, fills0 + 1);
	/* a school not read with the session: the database, nothing kept */
	assert_int_equal(store_establishment_get(w->c, w->school.id, &plain), ERR_OK);
	assert_int_equal(plain.pupils_version, 0);
	grid_names(w, w->c, &plain, again, sizeof(again));
	assert_string_equal(again, names);
	counts(w, &hits, &fills);
	assert_int_equal(hits, hits0 + 1);
	assert_int_equal(fills, fills0 + 1);

	/* another process renames one, archives one, moves one away */
	assert_int_equal(store_pupil_get(w->c2, w->pupil[0].id, &p), ERR_OK);
	snprintf(p.surname, sizeof(p.surname), "Zeller");
	assert_int_equal(store_pupil_update(w->c2, &writer, &p, &eb), ERR_OK);
	e = school_read(w, LAESTAB);
	grid_names(w, w->c, &e, names, sizeof(names));
	assert_string_equal(names, "FenwickB FenwickC FenwickD Zeller");
	assert_int_equal(store_pupil_get(w->c2, w->pupil[1].id, &p), ERR_OK);
	p.archived = true;
	assert_int_equal(store_pupil_update(w->c2, &writer, &p, &eb), ERR_OK);
	e = school_read(w, LAESTAB);
	grid_names(w, w->c, &e, names, sizeof(names));
	assert_string_equal(names, "FenwickC FenwickD Zeller");
	assert_int_equal(store_pupil_get(w->c2, w->pupil[2].id, &p), ERR_OK);
	p.establishment_id = w->other.id;
	assert_int_equal(store_pupil_update(w->c2, &writer, &p, &eb), ERR_OK);
	e = school_read(w, LAESTAB);
	grid_names(w, w->c, &e, names, sizeof(names));
	assert_string_equal(names, "FenwickD Zeller");
	counts(w, &hits, &fills);
	assert_int_equal(hits, hits0 + 1);
	assert_int_equal(fills, fills0 + 4);
	/* an establishment read before the changes, as a request that was
	 * under way: not the old copy's pupils (a newer copy is kept) */
	grid_names(w, w->c, &e, again, sizeof(again));
	assert_string_equal(again, "FenwickD Zeller");
}

/* A page of the pupil list (as the list page and the API read it): served
 * from memory for the same search at the same version, each search kept
 * apart, and another process's changes show on the next read, total too. */
static void test_list_follows_other_process(void **state)
{
	struct world *w = *state;
	struct errbuf eb = { "" };
	unsigned long hits, fills, hits0, fills0;
	struct establishment e = school_read(w, LAESTAB);
	struct pupil_search q = { .establishment_id = w->school.id,
				  .year_group = YEAR_NONE,
				  .academic_year = 2025,
				  .limit = 3,
				  .version = e.pupils_version };
	struct pupil *list = NULL, p;
	size_t n = 0;
	long total = 0;

	counts(w, &hits0, &fills0);
	assert_int_equal(store_pupil_search_brief(w->c, &q, &list, &n, &total), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(total, NPUPILS);
	assert_string_equal(list[0].surname, "FenwickA");
	free(list);
	assert_int_equal(store_pupil_search_brief(w->c, &q, &list, &n, &total), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(total, NPUPILS);
	assert_string_equal(list[2].surname, "FenwickC");
	free(list);
	counts(w, &hits, &fills);
	assert_int_equal(hits, hits0 + 1);
	assert_int_equal(fills, fills0 + 1);
	/* another page, another search: answers of their own */
	q.offset = 3;
	assert_int_equal(store_pupil_search_brief(w->c, &q, &list, &n, &total), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].surname, "FenwickD");
	free(list);
	q.offset = 0;
	q.surname = "fenwickb";
	assert_int_equal(store_pupil_search_brief(w->c, &q, &list, &n, &total), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(total, 1);
	assert_string_equal(list[0].surname, "FenwickB");
	free(list);
	q.surname = NULL;
	q.upn = "A886246825002";
	assert_int_equal(store_pupil_search_brief(w->c, &q, &list, &n, &total), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].surname, "FenwickC");
	free(list);
	q.upn = NULL;
	counts(w, &hits, &fills);
	assert_int_equal(hits, hits0 + 1);
	assert_int_equal(fills, fills0 + 4);
	/* another process renames the first and archives the second */
	assert_int_equal(store_pupil_get(w->c2, w->pupil[0].id, &p), ERR_OK);
	snprintf(p.surname, sizeof(p.surname), "Zeller");
	assert_int_equal(store_pupil_update(w->c2, &writer, &p, &eb), ERR_OK);
	assert_int_equal(store_pupil_get(w->c2, w->pupil[1].id, &p), ERR_OK);
	p.archived = true;
	assert_int_equal(store_pupil_update(w->c2, &writer, &p, &eb), ERR_OK);
	q.version = version_of(w, LAESTAB);
	assert_int_equal(store_pupil_search_brief(w->c, &q, &list, &n, &total), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(total, NPUPILS - 1);
	assert_string_equal(list[0].surname, "FenwickC");
	assert_string_equal(list[2].surname, "Zeller");
	free(list);
}

/* A request that has written: the versions it read before are stale, so
 * what was kept at them is not served to it any more, nor is anything kept
 * from it; a new request (a fresh checkout) is served again. */
static void test_request_that_wrote(void **state)
{
	struct world *w = *state;
	struct errbuf eb = { "" };
	unsigned long hits, fills, hits0, fills0;
	struct establishment e = school_read(w, LAESTAB);
	char names[256];
	struct pupil p;

	grid_names(w, w->c, &e, names, sizeof(names));
	assert_string_equal(names, "FenwickA FenwickB FenwickC FenwickD");
	counts(w, &hits0, &fills0);
	/* this request renames a pupil, then reads the grid with the version
	 * it read at its start */
	assert_int_equal(store_pupil_get(w->c, w->pupil[0].id, &p), ERR_OK);
	snprintf(p.surname, sizeof(p.surname), "Zeller");
	assert_int_equal(store_pupil_update(w->c, &writer, &p, &eb), ERR_OK);
	grid_names(w, w->c, &e, names, sizeof(names));
	assert_string_equal(names, "FenwickB FenwickC FenwickD Zeller");
	counts(w, &hits, &fills);
	assert_int_equal(hits, hits0);
	assert_int_equal(fills, fills0);
	/* the next request */
	store_release(w->c);
	w->c = store_acquire(w->app->store);
	e = school_read(w, LAESTAB);
	grid_names(w, w->c, &e, names, sizeof(names));
	grid_names(w, w->c, &e, names, sizeof(names));
	assert_string_equal(names, "FenwickB FenwickC FenwickD Zeller");
	counts(w, &hits, &fills);
	assert_int_equal(fills, fills0 + 1);
	assert_int_equal(hits, hits0 + 1);
}

/* What a transaction reads of its own uncommitted change is not kept: after
 * the rollback the grid shows the stored name. */
static void test_uncommitted_not_kept(void **state)
{
	struct world *w = *state;
	struct errbuf eb = { "" };
	unsigned long hits, fills, hits0, fills0;
	struct establishment e = school_read(w, LAESTAB);
	char names[256], first[PERSON_NAME_MAX + 1];
	struct pupil p;

	counts(w, &hits0, &fills0);
	assert_int_equal(store_begin(w->c, &eb), ERR_OK);
	assert_int_equal(store_pupil_get(w->c, w->pupil[3].id, &p), ERR_OK);
	snprintf(p.surname, sizeof(p.surname), "Aaron");
	assert_int_equal(store_pupil_update(w->c, &writer, &p, &eb), ERR_OK);
	grid_names(w, w->c, &e, names, sizeof(names));
	assert_string_equal(names, "Aaron FenwickA FenwickB FenwickC");
	list_first(w, &e, first, sizeof(first));
	assert_string_equal(first, "Aaron");
	store_rollback(w->c);
	counts(w, &hits, &fills);
	assert_int_equal(hits, hits0);
	assert_int_equal(fills, fills0);
	assert_int_equal(version_of(w, LAESTAB), e.pupils_version);
	grid_names(w, w->c, &e, names, sizeof(names));
	assert_string_equal(names, "FenwickA FenwickB FenwickC FenwickD");
	list_first(w, &e, first, sizeof(first));
	assert_string_equal(first, "FenwickA");
}

/* The assessment as a request reads it (with the version of its cells). */
static struct assessment elg_read(struct world *w)
{
	struct assessment a;

	assert_int_equal(store_assessment_get(w->c, w->elg.id, &a), ERR_OK);
	return a;
}

/* Writes pupil i's cell elg of the ELG assessment to value through c. */
static void cell_put(struct world *w, struct store_conn *c, int i, enum elg elg, int value)
{
	struct judgement j, cur;
	struct errbuf eb = { "" };

	if (store_judgement_get(c, w->elg.id, w->pupil[i].id, elg, &j) != ERR_OK) {
		memset(&j, 0, sizeof(j));
		j.pupil_id = w->pupil[i].id;
		j.elg = elg;
	}
	j.value = value;
	assert_int_equal(store_judgement_put(c, &writer, &w->elg, &j, &cur, &eb), ERR_OK);
}

/* The screen's value of pupil i's cell elg, and of its Notes column. */
static int screen_value(struct world *w, const struct assessment *a, int i, enum elg elg,
			char *note, size_t cap)
{
	struct assess_grid g;
	int value = -1;

	assert_int_equal(assess_grid_load_screen(w->c, &w->school, a, &g), ERR_OK);
	for (size_t r = 0; r < g.nrows; r++) {
		if (g.rows[r].pupil.id != w->pupil[i].id)
			continue;
		value = g.rows[r].cells[elg].value;
		if (note)
			snprintf(note, cap, "%s", g.rows[r].note.note);
	}
	assess_grid_free(&g);
	return value;
}

/* What moves an assessment's cells version and what does not. */
static void test_cells_version_moves(void **state)
{
	struct world *w = *state;
	struct errbuf eb = { "" };
	struct assessment other = tw_elg_assessment(w->app, w->c, &writer, &w->other);
	struct assessment a;
	int64_t v, v_other;

	assert_int_equal(store_assessment_get(w->c, other.id, &other), ERR_OK);
	cell_put(w, w->c, 0, ELG_E01, ELG_EXPECTED);
	v = elg_read(w).cells_version;
	assert_true(v > 0);
	assert_int_equal(store_assessment_get(w->c, other.id, &other), ERR_OK);
	v_other = other.cells_version;
	/* a cell changed, by another process */
	cell_put(w, w->c2, 0, ELG_E01, ELG_EMERGING);
	assert_true(elg_read(w).cells_version > v);
	v = elg_read(w).cells_version;
	/* a pupil's note */
	{
		struct assessment_note nt = { .pupil_id = w->pupil[1].id }, cur;
		snprintf(nt.note, sizeof(nt.note), "Settling in well");
		assert_int_equal(store_assessment_note_put(w->c, &writer, &w->elg, &nt, &cur, &eb),
				 ERR_OK);
	}
	assert_true(elg_read(w).cells_version > v);
	v = elg_read(w).cells_version;
	/* the other assessment's did not move */
	assert_int_equal(store_assessment_get(w->c, other.id, &other), ERR_OK);
	assert_int_equal(other.cells_version, v_other);
	/* rolled back: nothing moves */
	assert_int_equal(store_begin(w->c, &eb), ERR_OK);
	cell_put(w, w->c, 2, ELG_E02, ELG_EXPECTED);
	store_rollback(w->c);
	assert_int_equal(elg_read(w).cells_version, v);
	/* three cells in one transaction; on PostgreSQL it moves once, at the
	 * commit, and the next transaction moves it again */
	for (int round = 0; round < 2; round++) {
		assert_int_equal(store_begin(w->c, &eb), ERR_OK);
		for (int i = 0; i < 3; i++)
			cell_put(w, w->c, i, ELG_E03, round ? ELG_EMERGING : ELG_EXPECTED);
		assert_int_equal(store_commit(w->c, &eb), ERR_OK);
		a = elg_read(w);
		assert_true(a.cells_version > v);
		if (store_backend_of(w->app->store) == STORE_PG)
			assert_int_equal(a.cells_version, v + 1);
		v = a.cells_version;
	}
}

/* The grid screen served from memory while the cells version holds; another
 * process's cell and note show on the next read. */
static void test_screen_follows_other_process(void **state)
{
	struct world *w = *state;
	struct errbuf eb = { "" };
	unsigned long hits, fills, hits0, fills0;
	struct assessment a;
	char note[64];

	cell_put(w, w->c2, 0, ELG_E05, ELG_EXPECTED);
	a = elg_read(w);
	counts(w, &hits0, &fills0);
	assert_int_equal(screen_value(w, &a, 0, ELG_E05, NULL, 0), ELG_EXPECTED);
	assert_int_equal(screen_value(w, &a, 0, ELG_E05, NULL, 0), ELG_EXPECTED);
	counts(w, &hits, &fills);
	/* the covered pupils and the screen: each kept once, then served */
	assert_int_equal(fills, fills0 + 1);
	assert_int_equal(hits, hits0 + 1);
	/* another process changes the cell and writes a pupil's note */
	cell_put(w, w->c2, 0, ELG_E05, ELG_EMERGING);
	a = elg_read(w);
	assert_int_equal(screen_value(w, &a, 0, ELG_E05, NULL, 0), ELG_EMERGING);
	{
		struct assessment_note nt = { .pupil_id = w->pupil[0].id }, cur;
		snprintf(nt.note, sizeof(nt.note), "Counts to 20");
		assert_int_equal(store_assessment_note_put(w->c2, &writer, &w->elg, &nt, &cur, &eb),
				 ERR_OK);
	}
	a = elg_read(w);
	assert_int_equal(screen_value(w, &a, 0, ELG_E05, note, sizeof(note)), ELG_EMERGING);
	assert_string_equal(note, "Counts to 20");
	counts(w, &hits, &fills);
	assert_int_equal(fills, fills0 + 3);
	assert_int_equal(hits, hits0 + 1);
}

/* A screen read inside a transaction that changed a cell is not kept. */
static void test_screen_uncommitted_not_kept(void **state)
{
	struct world *w = *state;
	struct errbuf eb = { "" };
	unsigned long hits, fills, hits0, fills0;
	struct assessment a;

	cell_put(w, w->c, 1, ELG_E07, ELG_EXPECTED);
	a = elg_read(w);
	counts(w, &hits0, &fills0);
	assert_int_equal(store_begin(w->c, &eb), ERR_OK);
	cell_put(w, w->c, 1, ELG_E07, ELG_ABSENT);
	assert_int_equal(screen_value(w, &a, 1, ELG_E07, NULL, 0), ELG_ABSENT);
	store_rollback(w->c);
	counts(w, &hits, &fills);
	assert_int_equal(hits, hits0);
	assert_int_equal(fills, fills0);
	assert_int_equal(elg_read(w).cells_version, a.cells_version);
	assert_int_equal(screen_value(w, &a, 1, ELG_E07, NULL, 0), ELG_EXPECTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_version_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grid_follows_other_process, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_follows_other_process, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uncommitted_not_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_request_that_wrote, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cells_version_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_screen_follows_other_process, setup, teardown),
		cmocka_unit_test_setup_teardown(test_screen_uncommitted_not_kept, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
