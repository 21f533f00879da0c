/*
 * The CTF import in batches (issue 6f): a file of several hundred pupils, more
 * than one batch, goes in whole (every result and grid cell audited, counts as
 * before); imported again it changes nothing and adds no audit row; with a few
 * results changed exactly those are written and audited old -> new; an error
 * in the last pupil leaves nothing of the earlier batches; the preview and the
 * import from a file descriptor give the same counts. Files are generated from
 * the shared EYFSP fixture (made-up pupils), each pupil with its own UPN.
 * The audit trail of two pupil uploads then two imports (a known pupil's
 * details updated, a new pupil added, every result and grid cell set, then one
 * result changed) is read back whole, every column but the id and the time, in
 * the order written, and compared with test_statutory_import_audit.expected.
 */
#include "testutil/testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/assess.h"
#include "app/pupil_import.h"
#include "app/statutory_app.h"
#include "app/statutory_eyfsp.h"
#include "base/strbuf.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/upn.h"
#include "store/store.h"

#include "app_world.h"

enum {
	AY = 2025,
	NPUPILS = 600 /* over two batches of 250 */
};

struct world {
	struct app *app;
	struct store_conn *c;
	int64_t clock;
	struct establishment school;
	char *fixture; /* the shared EYFSP fixture's text */
	char *url;     /* the database's */
};

static const struct actor alice = { 7, "alice", "192.0.2.7" };

static int setup(void **state)
{
	struct world *w = xcalloc(1, sizeof(*w));
	char *path = tu_shared_path("fixtures/ctf/8881234_FSP_888LLLL_001.xml");
	int64_t la;
	size_t len = 0;

	w->clock = 1781049600; /* 2026-06-10: academic year 2025/26 */
	w->app = tw_app_open("statimport", &w->clock, &w->url);
	w->c = store_acquire(w->app->store);
	la = tw_la(w->c, &alice, 888, "Test LA").id;
	w->school = tw_school(w->c, &alice, la, 1234, 123456, "Example Primary School");
	w->fixture = tu_read_file(path, &len);
	assert_non_null(w->fixture);
	free(path);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	store_release(w->c);
	app_free(w->app);
	free(w->fixture);
	free(w->url);
	free(w);
	return 0;
}

/* The UPN of generated pupil i. */
static void upn_of(int i, char upn[static UPN_LEN + 1])
{
	assert_true(upn_make(888, 1234, 20 + i / 1000, i % 1000, upn));
}

/* Replaces the first "from" in s (from s[at] on) by "to" of the same length. */
static void swap_first(char *s, size_t at, const char *from, const char *to)
{
	char *p = strstr(s + at, from);

	assert_non_null(p);
	assert_int_equal(strlen(from), strlen(to));
	memcpy(p, to, strlen(to));
}

/*
 * A CTF of n pupils: the fixture's pupils repeated, pupil i with upn_of(i).
 * Pupils listed in change[] (n_change of them) get their first result "2" as
 * "1"; when bad_last, the last pupil's first result "2" becomes "7".
 */
static char *generate(struct world *w, int n, const int *change, size_t n_change, bool bad_last,
		      size_t *len)
{
	const char *t = w->fixture;
	const char *first = strstr(t, "    <Pupil>");
	const char *tail = strstr(t, "  </CTFpupilData>");
	const char *at[64];
	size_t lens[64], np = 0;
	struct strbuf sb = STRBUF_INIT;

	assert_non_null(first);
	assert_non_null(tail);
	for (const char *p = first; p < tail && np < 64;) {
		const char *end = strstr(p, "</Pupil>\n");
		assert_non_null(end);
		end += strlen("</Pupil>\n");
		at[np] = p;
		lens[np++] = (size_t)(end - p);
		p = end;
	}
	strbuf_add(&sb, t, (size_t)(first - t));
	for (int i = 0; i < n; i++) {
		/* pupils with a "2" somewhere: the fixture's all-absent ones are skipped
		 * for the pupils changed */
		size_t k = (size_t)i % np;
		size_t start = sb.len;
		char upn[UPN_LEN + 1], *u;
		bool changed = false;
		for (size_t c = 0; c < n_change; c++)
			changed = changed || change[c] == i;
		strbuf_add(&sb, at[k], lens[k]);
		upn_of(i, upn);
		u = strstr(sb.buf + start, "<UPN>") + strlen("<UPN>");
		memcpy(u, upn, UPN_LEN);
		if (changed)
			swap_first(sb.buf, start, "<Result>2</Result>", "<Result>1</Result>");
		if (bad_last && i == n - 1)
			swap_first(sb.buf, start, "<Result>2</Result>", "<Result>7</Result>");
	}
	strbuf_adds(&sb, tail);
	assert_false(sb.over);
	return strbuf_detach(&sb, len);
}

/* Results of the file: every StageAssessment's Result. */
static size_t results_in(const char *xml)
{
	static const char tag[] = "<Result>";
	size_t n = 0;

	for (const char *p = xml; *p; p++) /* no strstr: ASan's reads the whole rest */
		n += *p == '<' && strncmp(p, tag, sizeof(tag) - 1) == 0;
	return n;
}

static size_t audit_count(struct world *w, const char *action)
{
	struct audit_query q = { .establishment_id = w->school.id,
				 .action = action,
				 .limit = 1000000 };
	struct audit_entry *list = NULL;
	size_t n = 0;

	assert_int_equal(store_audit_list(w->c, &q, &list, &n), ERR_OK);
	free(list);
	return n;
}

static size_t stored_results(struct world *w)
{
	struct stat_stored *list = NULL;
	size_t n = 0;

	assert_int_equal(store_statutory_list(w->c, w->school.id, COLL_EYFSP, AY, &list, &n),
			 ERR_OK);
	free(list);
	return n;
}

static enum err import(struct world *w, const char *xml, size_t len,
		       struct stat_import_counts *counts, struct problem_list *pl)
{
	struct errbuf eb = { "" };
	enum err rc;

	problem_list_init(pl);
	rc = stat_import(w->app, w->c, &alice, &w->school, "many.xml", xml, len, counts, pl, &eb);
	if (rc == ERR_OK && pl->count && problem_list_count_errors(pl))
		fail_msg("errors with ERR_OK: %s", pl->items[0].message);
	return rc;
}

/* Import, re-import (nothing written, no audit row), changed re-import
 * (exactly the changed results and cells, audited old -> new). */
static void test_import_reimport_change(void **state)
{
	struct world *w = *state;
	static const int change[] = { 4, 260, 599 };
	size_t len = 0, len2 = 0, nres, audits;
	char *xml = generate(w, NPUPILS, NULL, 0, false, &len);
	char *xml2 = generate(w, NPUPILS, change, 3, false, &len2);
	struct stat_import_counts counts;
	struct audit_query q = { .establishment_id = w->school.id, .limit = 20 };
	struct audit_entry *list = NULL;
	struct problem_list pl;
	struct assessment as;
	size_t n = 0, set = 0, cells = 0;

	nres = results_in(xml);
	assert_int_equal(nres, (size_t)NPUPILS * ELG__MAX);

	/* first import: every pupil new, every result written and audited */
	if (import(w, xml, len, &counts, &pl) != ERR_OK)
		fail_msg("import: %zu problems, first %s", pl.count,
			 pl.count ? pl.items[0].message : "");
	problem_list_release(&pl);
	assert_int_equal(counts.pupils_new, NPUPILS);
	assert_int_equal(counts.pupils_known, 0);
	assert_int_equal(counts.results, nres);
	assert_int_equal(counts.unchanged, 0);
	assert_int_equal(stored_results(w), nres);
	assert_int_equal(audit_count(w, "pupil.add"), NPUPILS);
	assert_int_equal(audit_count(w, "statutory.set"), nres);
	assert_int_equal(audit_count(w, "judgement.set"), nres);
	assert_int_equal(eyfsp_assessment(w->c, &w->school, AY, &as), ERR_OK);
	{
		struct pupil p;
		struct judgement row[ELG__MAX];
		char upn[UPN_LEN + 1];
		struct stat_stored s;
		upn_of(NPUPILS - 1, upn); /* the last batch's last pupil */
		assert_int_equal(store_pupil_get_by_upn(w->c, upn, &p), ERR_OK);
		assert_int_equal(p.establishment_id, w->school.id);
		assert_int_equal(store_judgement_row(w->c, as.id, p.id, row), ERR_OK);
		for (int k = 0; k < ELG__MAX; k++) {
			assert_int_equal(row[k].version, 1);
			assert_int_equal(store_statutory_get(w->c, p.id, COLL_EYFSP, AY,
							     elg_get((enum elg)k)->code, "EL", &s),
					 ERR_OK);
			assert_string_equal(elg_result_ctf((enum elg_result)row[k].value),
					    s.result);
		}
	}
	audits = audit_count(w, NULL);

	/* the same file again: all known, all unchanged, no audit row */
	assert_int_equal(import(w, xml, len, &counts, &pl), ERR_OK);
	problem_list_release(&pl);
	assert_int_equal(counts.pupils_new, 0);
	assert_int_equal(counts.pupils_known, NPUPILS);
	assert_int_equal(counts.results, 0);
	assert_int_equal(counts.unchanged, nres);
	assert_int_equal(audit_count(w, NULL), audits);

	/* three results changed: exactly those written, audited 2 -> 1 */
	assert_int_equal(import(w, xml2, len2, &counts, &pl), ERR_OK);
	problem_list_release(&pl);
	assert_int_equal(counts.pupils_known, NPUPILS);
	assert_int_equal(counts.results, 3);
	assert_int_equal(counts.unchanged, nres - 3);
	assert_int_equal(audit_count(w, NULL), audits + 6);
	assert_int_equal(store_audit_list(w->c, &q, &list, &n), ERR_OK);
	for (size_t i = 0; i < 6; i++) {
		const struct audit_entry *a = &list[i];
		if (strcmp(a->action, "statutory.set") == 0) {
			bool known = false;
			set++;
			assert_string_equal(a->field, "result");
			assert_string_equal(a->old_value, "2");
			assert_string_equal(a->new_value, "1");
			assert_string_equal(a->actor, "alice");
			for (size_t c = 0; c < 3; c++) {
				char upn[UPN_LEN + 1], prefix[64];
				struct pupil p;
				upn_of(change[c], upn);
				assert_int_equal(store_pupil_get_by_upn(w->c, upn, &p), ERR_OK);
				snprintf(prefix, sizeof(prefix), "pupil %lld eyfsp 2025/26 E",
					 (long long)p.id);
				known = known || strncmp(a->object, prefix, strlen(prefix)) == 0;
			}
			assert_true(known);
		} else {
			cells++;
			assert_string_equal(a->action, "judgement.set");
			assert_string_equal(a->field, "value");
			assert_string_equal(a->old_value, "Expected");
			assert_string_equal(a->new_value, "Emerging");
		}
	}
	assert_int_equal(set, 3);
	assert_int_equal(cells, 3);
	free(list);
	free(xml);
	free(xml2);
}

/* An error in the very last pupil: nothing of the earlier batches stays. */
static void test_import_error_in_last_pupil(void **state)
{
	struct world *w = *state;
	size_t len = 0, audits = audit_count(w, NULL);
	char *xml = generate(w, NPUPILS, NULL, 0, true, &len);
	struct stat_import_counts counts;
	struct problem_list pl;
	struct assessment as;
	struct pupil p;
	char upn[UPN_LEN + 1], at[32];

	assert_int_equal(import(w, xml, len, &counts, &pl), ERR_INVALID);
	assert_int_equal(problem_list_count_errors(&pl), 1);
	for (size_t i = 0; i < pl.count; i++) {
		if (pl.items[i].severity != SEV_ERROR)
			continue;
		/* located in the last pupil: past the line of its UPN */
		upn_of(NPUPILS - 1, upn);
		{
			const char *u = strstr(xml, upn);
			size_t line = 1;
			long got;
			for (const char *s = xml; s < u; s++)
				line += *s == '\n';
			snprintf(at, sizeof(at), "many.xml:");
			assert_true(strncmp(pl.items[i].location, at, strlen(at)) == 0);
			got = strtol(pl.items[i].location + strlen(at), NULL, 10);
			assert_true(got > (long)line);
		}
	}
	problem_list_release(&pl);
	assert_int_equal(counts.pupils_new, 0);
	assert_int_equal(counts.results, 0);
	assert_int_equal(stored_results(w), 0);
	upn_of(0, upn);
	assert_int_equal(store_pupil_get_by_upn(w->c, upn, &p), ERR_NOT_FOUND);
	assert_int_equal(eyfsp_assessment(w->c, &w->school, AY, &as), ERR_NOT_FOUND);
	assert_int_equal(audit_count(w, NULL), audits);
	free(xml);
}

/* Another school, "Other Primary School" 888/5678. */
static struct establishment other_school(struct world *w)
{
	return tw_school(w->c, &alice, w->school.la_id, 5678, 0, "Other Primary School");
}

/* Generated pupil i, on roll at school other as "Pat Elsewhere". */
static void pupil_elsewhere(struct world *w, const struct establishment *other, int i)
{
	struct pupil p = { .establishment_id = other->id,
			   .sen = 'N',
			   .year_override = YEAR_NONE,
			   .include_in_data = true };
	struct errbuf eb = { "" };

	upn_of(i, p.upn);
	snprintf(p.surname, sizeof(p.surname), "Elsewhere");
	snprintf(p.forenames, sizeof(p.forenames), "Pat");
	snprintf(p.postcode, sizeof(p.postcode), "ZZ99 9ZZ");
	snprintf(p.ethnicity, sizeof(p.ethnicity), "WBRI");
	assert_true(date_parse_iso("2020-01-15", &p.dob));
	assert_int_equal(store_pupil_add(w->c, &alice, &p, &eb), ERR_OK);
}

/* A pupil of the third batch is on roll at another school: the import is
 * refused with that pupil's UPN located and named, and the two batches stored
 * before it are rolled back (no pupil, result, grid or audit row stays). */
static void test_import_upn_elsewhere_late(void **state)
{
	struct world *w = *state;
	size_t len = 0, audits;
	char *xml = generate(w, NPUPILS, NULL, 0, false, &len);
	struct establishment other = other_school(w);
	struct stat_import_counts counts;
	struct problem_list pl;
	struct assessment as;
	struct pupil q;
	char upn[UPN_LEN + 1];
	bool named = false;

	upn_of(550, upn); /* batch 3 of 250 */
	pupil_elsewhere(w, &other, 550);
	audits = audit_count(w, NULL);

	assert_int_equal(import(w, xml, len, &counts, &pl), ERR_INVALID);
	for (size_t i = 0; i < pl.count; i++)
		if (strcmp(pl.items[i].code, "UPN_ELSEWHERE") == 0 &&
		    strstr(pl.items[i].message, upn) &&
		    strncmp(pl.items[i].location, "many.xml:", 9) == 0)
			named = true;
	assert_true(named);
	problem_list_release(&pl);
	assert_int_equal(counts.pupils_new, 0);
	assert_int_equal(stored_results(w), 0);
	upn_of(0, upn);
	assert_int_equal(store_pupil_get_by_upn(w->c, upn, &q), ERR_NOT_FOUND);
	assert_int_equal(eyfsp_assessment(w->c, &w->school, AY, &as), ERR_NOT_FOUND);
	assert_int_equal(audit_count(w, NULL), audits);
	free(xml);
}

/* Pupils of the file who moved on from the school that entered their results,
 * with changed results in a file imported at their new school: every one is
 * named once (UPN and name), whichever batch they are in, with the results
 * concerned and what to do; nothing is stored. */
static void test_import_result_held_every_pupil(void **state)
{
	struct world *w = *state;
	static const int change[] = { 4, 260, 599 }; /* batches 1, 2 and 3 */
	size_t len = 0, len2 = 0, audits;
	char *xml = generate(w, NPUPILS, NULL, 0, false, &len);
	char *xml2 = generate(w, NPUPILS, change, 3, false, &len2);
	struct establishment other = other_school(w);
	struct stat_import_counts counts;
	struct errbuf eb = { "" };
	struct problem_list pl;
	size_t held = 0;
	char upn[UPN_LEN + 1];

	/* pupil 260 has a second result changed */
	upn_of(260, upn);
	swap_first(xml2, (size_t)(strstr(xml2, upn) - xml2), "<Result>2</Result>",
		   "<Result>1</Result>");
	assert_int_equal(import(w, xml, len, &counts, &pl), ERR_OK);
	problem_list_release(&pl);
	for (int i = 0; i < NPUPILS; i++) { /* the whole year group moves on */
		struct pupil p;
		upn_of(i, upn);
		assert_int_equal(store_pupil_get_by_upn(w->c, upn, &p), ERR_OK);
		p.establishment_id = other.id;
		assert_int_equal(store_pupil_update(w->c, &alice, &p, &eb), ERR_OK);
	}
	audits = audit_count(w, "statutory.set");

	problem_list_init(&pl);
	assert_int_equal(stat_import(w->app, w->c, &alice, &other, "many.xml", xml2, len2, &counts,
				     &pl, &eb),
			 ERR_INVALID);
	for (size_t i = 0; i < pl.count; i++) {
		const struct problem *pr = &pl.items[i];
		bool named = false;
		if (strcmp(pr->code, "RESULT_HELD") != 0)
			continue;
		held++;
		assert_int_equal(strncmp(pr->location, "many.xml:", 9), 0);
		assert_non_null(strstr(pr->message, "only that school can change"));
		assert_non_null(strstr(pr->message, "ask your local authority"));
		for (size_t c = 0; c < 3; c++) {
			struct pupil p;
			upn_of(change[c], upn);
			if (!strstr(pr->message, upn))
				continue;
			named = true;
			assert_int_equal(store_pupil_get_by_upn(w->c, upn, &p), ERR_OK);
			assert_non_null(strstr(pr->message, p.surname));
			assert_non_null(strstr(pr->message, p.forenames));
			/* pupil 260's two results in one problem */
			assert_true((strstr(pr->message, "already has results (") != NULL) ==
				    (change[c] == 260));
		}
		assert_true(named);
	}
	assert_int_equal(held, 3);
	problem_list_release(&pl);
	assert_int_equal(audit_count(w, "statutory.set"), audits);
	free(xml);
	free(xml2);
}

/* A database error while asking whether a pupil on roll at another school is
 * this school's leaver: the import fails with that error (nothing stored), the
 * pupil is not reported as another school's. */
static void test_import_leaver_read_error(void **state)
{
	struct world *w = *state;
	size_t len = 0;
	char *xml = generate(w, 10, NULL, 0, false, &len);
	struct establishment other = other_school(w);
	struct stat_import_counts counts;
	struct errbuf eb = { "" };
	struct problem_list pl;
	struct pupil q;
	char upn[UPN_LEN + 1];
	char *err;
	enum err rc;

	upn_of(5, upn);
	pupil_elsewhere(w, &other, 5);
	/* the results cannot be read: the table is not there */
	err = tu_raw_exec(w->url, "ALTER TABLE statutory_result RENAME TO statutory_result_away");
	if (err)
		fail_msg("rename: %s", err);

	problem_list_init(&pl);
	rc = stat_import(w->app, w->c, &alice, &w->school, "few.xml", xml, len, &counts, &pl, &eb);
	assert_int_not_equal(rc, ERR_OK);
	assert_int_not_equal(rc, ERR_INVALID);
	assert_non_null(strstr(eb.msg, upn));
	for (size_t i = 0; i < pl.count; i++)
		assert_string_not_equal(pl.items[i].code, "UPN_ELSEWHERE");
	assert_int_equal(problem_list_count_errors(&pl), 0);
	problem_list_release(&pl);
	assert_int_equal(counts.pupils_new, 0);
	upn_of(0, upn);
	assert_int_equal(store_pupil_get_by_upn(w->c, upn, &q), ERR_NOT_FOUND);
	err = tu_raw_exec(w->url, "ALTER TABLE statutory_result_away RENAME TO statutory_result");
	if (err)
		fail_msg("rename back: %s", err);
	free(xml);
}

/* The preview counts what the import then does, per pupil too, storing nothing;
 * the import from a file descriptor (the CLI's path) gives the same. */
static void test_preview_and_fd(void **state)
{
	struct world *w = *state;
	size_t len = 0, nres, audits = audit_count(w, NULL);
	char *xml = generate(w, NPUPILS, NULL, 0, false, &len);
	char *dir = tu_temp_dir("statimportfd");
	struct stat_import_preview pv;
	struct stat_import_counts counts;
	struct problem_list pl;
	struct errbuf eb = { "" };
	struct ctf_input in = { .fd = -1 };
	char path[4096];
	FILE *f;

	nres = results_in(xml);
	problem_list_init(&pl);
	assert_int_equal(stat_import_preview(w->app, w->c, &alice, &w->school, "many.xml", xml, len,
					     &pv, &pl, &eb),
			 ERR_OK);
	problem_list_release(&pl);
	assert_int_equal(pv.counts.pupils_new, NPUPILS);
	assert_int_equal(pv.counts.results, nres);
	assert_int_equal(pv.written[COLL_EYFSP], nres);
	assert_int_equal(pv.academic_year, AY);
	assert_int_equal(pv.npupils, NPUPILS);
	for (size_t i = 0; i < pv.npupils; i++) {
		char upn[UPN_LEN + 1];
		upn_of((int)i, upn);
		assert_string_equal(pv.pupils[i].upn, upn);
		assert_true(pv.pupils[i].is_new);
		assert_int_equal(pv.pupils[i].written, ELG__MAX);
		assert_int_equal(pv.pupils[i].unchanged, 0);
	}
	stat_import_preview_release(&pv);
	assert_int_equal(stored_results(w), 0);
	assert_int_equal(audit_count(w, NULL), audits);

	snprintf(path, sizeof(path), "%s/many.xml", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(xml, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	in.fd = open(path, O_RDONLY);
	assert_true(in.fd >= 0);
	problem_list_init(&pl);
	assert_int_equal(stat_import_from(w->app, w->c, &alice, &w->school, "many.xml", &in, 0,
					  &counts, &pl, &eb),
			 ERR_OK);
	close(in.fd);
	problem_list_release(&pl);
	assert_int_equal(counts.pupils_new, NPUPILS);
	assert_int_equal(counts.results, nres);
	assert_int_equal(stored_results(w), nres);

	/* the preview of a file imported already: all known and unchanged */
	problem_list_init(&pl);
	assert_int_equal(stat_import_preview(w->app, w->c, &alice, &w->school, "many.xml", xml, len,
					     &pv, &pl, &eb),
			 ERR_OK);
	problem_list_release(&pl);
	assert_int_equal(pv.counts.pupils_known, NPUPILS);
	assert_int_equal(pv.counts.unchanged, nres);
	assert_int_equal(pv.unchanged[COLL_EYFSP], nres);
	assert_false(pv.pupils[NPUPILS - 1].is_new);
	assert_int_equal(pv.pupils[NPUPILS - 1].unchanged, ELG__MAX);
	stat_import_preview_release(&pv);
	free(xml);
	free(dir);
}

/* ---- the audit trail, row by row ---- */

static void upload(struct world *w, const char *rows, size_t added, size_t changed)
{
	static const char header[] = "UPN,Surname,Forename,DOB,Gender,Postcode,FSM,Ethnic code,"
				     "English as additional language,SEN,LCCNo\r\n";
	static const struct date today = { 2026, 6, 10 };
	struct strbuf text = STRBUF_INIT;
	struct errbuf eb = { "" };
	struct pupil_import imp;

	strbuf_adds(&text, header);
	strbuf_adds(&text, rows);
	assert_int_equal(pupil_import_check(w->c, &w->school, "upload.csv", text.buf, text.len, 0,
					    today, &imp),
			 ERR_OK);
	assert_int_equal(imp.counts[IMPORT_NEW], added);
	assert_int_equal(imp.counts[IMPORT_CHANGED], changed);
	if (pupil_import_apply(w->c, &alice, &imp, &eb) != ERR_OK)
		fail_msg("upload: %s", eb.msg);
	pupil_import_free(&imp);
	strbuf_release(&text);
}

/* Every audit row after the first `skip`, oldest first, one line each. */
static char *audit_dump(struct world *w, size_t skip)
{
	struct audit_query q = { .limit = 100000 };
	struct audit_entry *list = NULL;
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0;

	assert_int_equal(store_audit_list(w->c, &q, &list, &n), ERR_OK);
	assert_true(n >= skip);
	for (size_t i = n - skip; i-- > 0;) {
		const struct audit_entry *a = &list[i];
		strbuf_addf(&sb, "%s | %s | %s | %s -> %s | %lld %s %s est %lld la %lld\n",
			    a->action, a->object, a->field, a->old_value, a->new_value,
			    (long long)a->user_id, a->actor, a->ip, (long long)a->establishment_id,
			    (long long)a->la_id);
	}
	free(list);
	assert_false(sb.over);
	return strbuf_detach(&sb, NULL);
}

/* got equals the expected file, else the first line that differs (got is left
 * in the test's temporary folder to compare whole). */
static void same_as_expected(const char *got, const char *rel)
{
	char *path = tu_source_path(rel);
	char *want = tu_read_file(path, NULL);
	const char *g = got, *x = want;
	int line = 1;

	assert_non_null(want);
	free(path);
	if (strcmp(got, want) != 0) {
		char *dir = tu_temp_dir("statimport");
		char out[4096];
		FILE *f;
		snprintf(out, sizeof(out), "%s/got.txt", dir);
		f = fopen(out, "w");
		assert_non_null(f);
		fputs(got, f);
		fclose(f);
		while (*g && *g == *x) {
			line += *g == '\n';
			g++;
			x++;
		}
		while (g > got && g[-1] != '\n') { /* from the line's start */
			g--;
			x--;
		}
		fail_msg("audit line %d differs (all of it in %s):\n got: %.200s\nwant: %.200s",
			 line, out, g, x);
	}
	free(want);
}

/* Uploads then imports: each new pupil's "pupil.add", each changed field's
 * "pupil.update" old -> new, the upload's "pupil.import", the import's pupil
 * updates, pupil.add, results and grid cells, with actor, IP, school and LA. */
static void test_import_audit_rows(void **state)
{
	struct world *w = *state;
	static const int change[] = { 0 };
	char u[4][UPN_LEN + 1], rows[1024], *xml, *got;
	struct stat_import_counts counts;
	struct audit_entry *before = NULL;
	struct audit_query q = { .limit = 100000 };
	struct problem_list pl;
	size_t len = 0, skip = 0;

	assert_int_equal(store_audit_list(w->c, &q, &before, &skip), ERR_OK);
	free(before);
	for (int i = 0; i < 4; i++)
		upn_of(i, u[i]);
	/* two new pupils, one with a quote, an apostrophe and non-ASCII letters */
	snprintf(rows, sizeof(rows),
		 "%s,MOCKWEL,OSCAR,26/07/2021,M,BB1 2CD,N,WBRI,N,,\r\n"
		 "%s,\"O'Dowd \"\"Tig\"\"\",Zoë,01/09/2021,F,PR1 0LD,Y,WIRI,Y,SEN_K,\r\n",
		 u[0], u[2]);
	upload(w, rows, 2, 0);
	/* a new pupil before the second; the first's postcode, FSM, EAL and SEN
	 * changed, the second's surname and date of birth */
	snprintf(rows, sizeof(rows),
		 "%s,MOCKWEL,OSCAR,26/07/2021,M,BB2 3EF,Y,WBRI,Y,SEN_E,\r\n"
		 "%s,TESTER,\"ADA, JR\",12/12/2021,F,LA1 1AA,N,WIRI,N,,\r\n"
		 "%s,\"O'Dowd-Ruiz \"\"Tig\"\"\",Zoë,02/09/2021,F,PR1 0LD,Y,WIRI,Y,SEN_K,\r\n",
		 u[0], u[3], u[2]);
	upload(w, rows, 1, 2);
	/* the file's first pupil is the first uploaded (its surname and ethnicity
	 * differ), its second is new */
	xml = generate(w, 2, NULL, 0, false, &len);
	assert_int_equal(import(w, xml, len, &counts, &pl), ERR_OK);
	problem_list_release(&pl);
	assert_int_equal(counts.pupils_new, 1);
	assert_int_equal(counts.results, 2 * ELG__MAX);
	free(xml);
	/* the first pupil's first "2" is a "1" */
	xml = generate(w, 2, change, 1, false, &len);
	assert_int_equal(import(w, xml, len, &counts, &pl), ERR_OK);
	problem_list_release(&pl);
	assert_int_equal(counts.results, 1);
	free(xml);
	got = audit_dump(w, skip);
	same_as_expected(got, "tests/unit/app/test_statutory_import_audit.expected");
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_reimport_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_error_in_last_pupil, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_upn_elsewhere_late, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preview_and_fd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_result_held_every_pupil, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_import_leaver_read_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_audit_rows, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
