/*
 * test_pupil_import: the pupil upload on both backends. The shared good file adds
 * every pupil in it; uploading it again changes nothing; a changed row updates
 * that pupil. The shared bad file gives exactly the problems its .problems file
 * lists, at those lines, and stores nothing. A UPN at another school is an error
 * naming the row; a UPN twice in a file and a Windows-1252 file are refused. An
 * invalid file still counts its rows (new / changed / unchanged / rejected); an
 * empty file is located at 1:1.
 * Also the store side of interventions and transfers that the import path leads
 * to: a transfer moves the pupil with its interventions, once.
 */
#include "unit/store/store_fixture.h"

#include "app/pupil_import.h"

static const struct date today = { 2026, 12, 1 };

static char *fixture(const char *name, size_t *len)
{
	char rel[128];
	char *path, *data;

	snprintf(rel, sizeof(rel), "fixtures/pupils/%s", name);
	path = tu_shared_path(rel);
	data = tu_read_file(path, len);
	if (!data)
		fail_msg("cannot read %s", path);
	free(path);
	return data;
}

/* Data rows of a CSV fixture: its non-blank lines after the header and hint. */
static size_t data_lines(const char *data)
{
	size_t n = 0;

	for (const char *s = data; *s;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		if (len > 1 || (len == 1 && s[0] != '\r'))
			n++;
		s += len + (nl ? 1 : 0);
	}
	return n - 2;
}

static long pupils_at(struct store_conn *c, int64_t est)
{
	long n = 0;

	assert_int_equal(store_pupil_count(c, est, &n), ERR_OK);
	return n;
}

static enum err import_text(struct fx *f, const struct establishment *e, const char *file,
			    const char *text, struct pupil_import *imp)
{
	struct errbuf eb = { "" };
	enum err r = pupil_import_check(f->c, e, file, text, strlen(text), 0, today, imp);

	if (r == ERR_OK)
		assert_int_equal(pupil_import_apply(f->c, &alice, imp, &eb), ERR_OK);
	return r;
}

static void test_good_file_imports_every_pupil(void **state)
{
	struct fx *f = *state;
	int64_t la = add_la(f->c, 888, "Demo LA");
	struct establishment e = add_est(f->c, la, 1234, "Demo Primary", 0);
	struct pupil_import imp;
	struct errbuf eb = { "" };
	struct pupil p;
	size_t len, n;
	char *data = fixture("pupils-8881234.csv", &len);
	char *changed;

	n = data_lines(data);
	assert_true(n > 20);
	assert_int_equal(pupil_import_check(f->c, &e, "pupils-8881234.csv", data, len, 0, today,
					    &imp),
			 ERR_OK);
	assert_int_equal(imp.problems.errors, 0);
	assert_int_equal(imp.counts[IMPORT_NEW], n);
	assert_int_equal(pupils_at(f->c, e.id), 0); /* checking stores nothing */
	assert_int_equal(pupil_import_apply(f->c, &alice, &imp, &eb), ERR_OK);
	pupil_import_free(&imp);
	assert_int_equal(pupils_at(f->c, e.id), (long)n);
	assert_int_equal(count_audit(f->c, "pupil.add"), n);
	assert_int_equal(count_audit(f->c, "pupil.import"), 1);

	/* Fields as the file says, normalised. */
	assert_int_equal(store_pupil_get_by_upn(f->c, "W888123425003", &p), ERR_OK);
	assert_string_equal(p.surname, "PLACEHOLDER");
	assert_string_equal(p.postcode, "PR7 9GH");
	assert_int_equal(p.sen, 'E');
	assert_true(p.eal);
	assert_int_equal(p.gender, GENDER_MALE);
	assert_int_equal(p.dob.year, 2022);

	/* Again: nothing new, nothing changed. */
	assert_int_equal(pupil_import_check(f->c, &e, "again.csv", data, len, 0, today, &imp),
			 ERR_OK);
	assert_int_equal(imp.counts[IMPORT_NEW], 0);
	assert_int_equal(imp.counts[IMPORT_UNCHANGED], n);
	pupil_import_free(&imp);

	/* One postcode changed: that pupil is updated, keeping its other fields. */
	changed = xstrdup(data);
	memcpy(strstr(changed, "W888123425003,PLACEHOLDER,WILF,22/06/2022,M,PR7 9GH") + 44,
	       "PR1 0LD", 7);
	assert_int_equal(import_text(f, &e, "changed.csv", changed, &imp), ERR_OK);
	assert_int_equal(imp.counts[IMPORT_CHANGED], 1);
	assert_int_equal(imp.counts[IMPORT_NEW], 0);
	pupil_import_free(&imp);
	assert_int_equal(store_pupil_get_by_upn(f->c, "W888123425003", &p), ERR_OK);
	assert_string_equal(p.postcode, "PR1 0LD");
	assert_int_equal(p.version, 2);
	assert_int_equal(pupils_at(f->c, e.id), (long)n);
	free(changed);
	free(data);
}

static void test_bad_file_gives_the_listed_problems(void **state)
{
	struct fx *f = *state;
	int64_t la = add_la(f->c, 888, "Demo LA");
	struct establishment e = add_est(f->c, la, 1234, "Demo Primary", 0);
	struct pupil_import imp;
	struct errbuf eb = { "" };
	size_t len, plen, expected = 0;
	char *data = fixture("pupils-bad.csv", &len);
	char *want = fixture("pupils-bad.problems", &plen);
	char *save = NULL;

	assert_int_equal(pupil_import_check(f->c, &e, "pupils-bad.csv", data, len, 0, today, &imp),
			 ERR_INVALID);
	/* Each line "LINE<TAB>TEXT": the next error is on that line and says it. */
	for (char *ln = strtok_r(want, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(ln, '\t');
		char prefix[64], line[PROBLEM_LINE_MAX];
		const struct problem *p;

		assert_non_null(tab);
		*tab = '\0';
		assert_true(expected < imp.problems.count);
		p = &imp.problems.items[expected++];
		snprintf(prefix, sizeof(prefix), "pupils-bad.csv:%s:", ln);
		problem_format_line(p, line);
		if (strncmp(line, prefix, strlen(prefix)) != 0 || !strstr(line, tab + 1) ||
		    !strstr(line, ": error: "))
			fail_msg("expected \"%s...%s\", got \"%s\"", prefix, tab + 1, line);
	}
	assert_true(expected > 0);
	assert_int_equal(imp.problems.count, expected);
	assert_int_equal(imp.problems.errors, expected);
	assert_int_equal(pupil_import_apply(f->c, &alice, &imp, &eb), ERR_INVALID);
	pupil_import_free(&imp);
	assert_int_equal(pupils_at(f->c, e.id), 0);
	assert_int_equal(count_audit(f->c, "pupil."), 0);
	free(want);
	free(data);
}

static const char header[] = "UPN,Surname,Forename,DOB,Gender,Postcode,FSM,Ethnic code,"
			     "English as additional language,SEN,LCCNo\r\n";

static void test_upn_at_another_school_names_the_row(void **state)
{
	struct fx *f = *state;
	int64_t la = add_la(f->c, 888, "Demo LA");
	struct establishment a = add_est(f->c, la, 1234, "Demo Primary", 0);
	struct establishment b = add_est(f->c, la, 5678, "Other Primary", 0);
	struct pupil_import imp;
	char text[1024];

	snprintf(text, sizeof(text),
		 "%sT888123425001,MODELL,ELSIE,31/10/2021,F,BB1 2CD,N,WBRI,Y,,\r\n", header);
	assert_int_equal(import_text(f, &a, "a.csv", text, &imp), ERR_OK);
	pupil_import_free(&imp);

	snprintf(text, sizeof(text),
		 "%sG888123425002,DRAFTON,NATE,19/02/2022,M,PR7 9GH,Y,OOTH,Y,,\r\n"
		 "T888123425001,MODELL,ELSIE,31/10/2021,F,BB1 2CD,N,WBRI,Y,,\r\n",
		 header);
	assert_int_equal(import_text(f, &b, "b.csv", text, &imp), ERR_INVALID);
	assert_int_equal(imp.problems.errors, 1);
	assert_string_equal(imp.problems.items[0].location, "b.csv:3:1");
	assert_string_equal(imp.problems.items[0].code, "UPN_ELSEWHERE");
	assert_non_null(strstr(imp.problems.items[0].message, "T888123425001"));
	assert_non_null(strstr(imp.problems.items[0].message, "transfer"));
	pupil_import_free(&imp);
	assert_int_equal(pupils_at(f->c, b.id), 0); /* the good row is not stored either */
	assert_int_equal(pupils_at(f->c, a.id), 1);
}

/* What the upload's confirm and the CLI run (pupil_import_store): a write that
 * meets another at the same moment is undone and the file checked and stored
 * again. Every try conflicting here (a trigger makes each pupil's insert collide
 * on a unique key, ERR_CONFLICT on both backends): after PUPIL_IMPORT_TRIES the
 * user is told what happened and to upload again, and nothing is stored. On
 * PostgreSQL, where deadlocks happen, one broken on the first try only: the
 * second stores the file, audited once. */
static void raw(struct fx *f, const char *sql)
{
	char *err = tu_raw_exec(f->url, sql);

	if (err)
		fail_msg("%s: %s", sql, err);
}

static void test_store_tries_again_after_a_conflict(void **state)
{
	struct fx *f = *state;
	bool pg = strcmp(tu_backend(), "pg") == 0;
	int64_t la = add_la(f->c, 888, "Demo LA");
	struct establishment e = add_est(f->c, la, 1234, "Demo Primary", 0);
	struct pupil_import imp;
	struct errbuf eb = { "" };
	char text[1024];

	snprintf(text, sizeof(text),
		 "%sG888123425002,DRAFTON,NATE,19/02/2022,M,PR7 9GH,Y,OOTH,Y,,\r\n"
		 "T888123425001,MODELL,ELSIE,31/10/2021,F,BB1 2CD,N,WBRI,Y,,\r\n",
		 header);
	raw(f, "CREATE TABLE t_busy (k INTEGER PRIMARY KEY); INSERT INTO t_busy VALUES (1)");
	if (pg)
		raw(f, "CREATE FUNCTION t_busy() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
		       "INSERT INTO t_busy VALUES (1); RETURN NEW; END $$; "
		       "CREATE TRIGGER t_busy BEFORE INSERT ON pupil FOR EACH ROW "
		       "EXECUTE FUNCTION t_busy()");
	else
		raw(f, "CREATE TRIGGER t_busy BEFORE INSERT ON pupil BEGIN "
		       "INSERT INTO t_busy VALUES (1); END");
	assert_int_equal(pupil_import_store(f->c, &alice, &e, "a.csv", text, strlen(text), 0, today,
					    &imp, &eb),
			 ERR_CONFLICT);
	assert_int_equal(imp.problems.errors, 0);
	assert_non_null(strstr(eb.msg, "at the same moment"));
	assert_non_null(strstr(eb.msg, "nothing was stored"));
	assert_non_null(strstr(eb.msg, "upload the file again"));
	pupil_import_free(&imp);
	assert_int_equal(pupils_at(f->c, e.id), 0);
	assert_int_equal(count_audit(f->c, "pupil.import"), 0);
	if (pg) {
		raw(f, "DROP TRIGGER t_busy ON pupil");
		raw(f, "CREATE SEQUENCE t_once; "
		       "CREATE FUNCTION t_once() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
		       "IF nextval('t_once') = 1 THEN RAISE EXCEPTION 'deadlock detected' "
		       "USING ERRCODE = 'deadlock_detected'; END IF; RETURN NEW; END $$; "
		       "CREATE TRIGGER t_once BEFORE INSERT ON pupil FOR EACH ROW "
		       "EXECUTE FUNCTION t_once()");
	} else {
		raw(f, "DROP TRIGGER t_busy");
	}
	eb.msg[0] = '\0';
	assert_int_equal(pupil_import_store(f->c, &alice, &e, "a.csv", text, strlen(text), 0, today,
					    &imp, &eb),
			 ERR_OK);
	assert_int_equal(imp.counts[IMPORT_NEW], 2);
	pupil_import_free(&imp);
	assert_int_equal(pupils_at(f->c, e.id), 2);
	assert_int_equal(count_audit(f->c, "pupil.import"), 1);
	assert_int_equal(count_audit(f->c, "pupil.add"), 2);
}

static void test_duplicate_upn_and_encoding(void **state)
{
	struct fx *f = *state;
	int64_t la = add_la(f->c, 888, "Demo LA");
	struct establishment a = add_est(f->c, la, 1234, "Demo Primary", 0);
	struct pupil_import imp;
	char text[1024];

	snprintf(text, sizeof(text),
		 "%s,,,dd/mm/yyyy,M or F,,,,,,\nT888123425001,MODELL,ELSIE,31/10/2021,F,BB1 2CD,N,"
		 "WBRI,Y,,\nt888123425001,MODELL,ELSIE,31/10/2021,F,BB1 2CD,N,WBRI,Y,,\n",
		 header);
	assert_int_equal(import_text(f, &a, "d.csv", text, &imp), ERR_INVALID);
	assert_int_equal(imp.problems.errors, 1);
	assert_string_equal(imp.problems.items[0].code, "UPN_TWICE");
	assert_string_equal(imp.problems.items[0].location, "d.csv:4:1");
	assert_non_null(strstr(imp.problems.items[0].message, "line 3"));
	pupil_import_free(&imp);

	snprintf(text, sizeof(text),
		 "%sT888123425001,MOCKWELL,ZO\xCB,31/10/2021,F,BB1 2CD,N,WBRI,Y,,\r\n", header);
	assert_int_equal(import_text(f, &a, "w.csv", text, &imp), ERR_INVALID);
	assert_string_equal(imp.problems.items[0].code, "CSV_ENCODING");
	assert_string_equal(imp.problems.items[0].location, "w.csv:2:26");
	pupil_import_free(&imp);

	assert_int_equal(import_text(f, &a, "h.csv", "UPN,Name\n", &imp), ERR_INVALID);
	assert_string_equal(imp.problems.items[0].code, "CSV_HEADER");
	pupil_import_free(&imp);
	assert_int_equal(pupils_at(f->c, a.id), 0);
}

/* An invalid file still says what each row would have done: its good rows as new /
 * changed / unchanged, every row with an error (a field, a stray quote, a UPN
 * twice) once as rejected, however many problems it has. */
static void test_invalid_file_counts_every_row(void **state)
{
	struct fx *f = *state;
	int64_t la = add_la(f->c, 888, "Demo LA");
	struct establishment a = add_est(f->c, la, 1234, "Demo Primary", 0);
	struct pupil_import imp;
	char text[2048];

	snprintf(text, sizeof(text),
		 "%sT888123425001,MODELL,ELSIE,31/10/2021,F,BB1 2CD,N,WBRI,Y,,\r\n"
		 "G888123425002,DRAFTON,NATE,19/02/2022,M,PR7 9GH,Y,OOTH,Y,,\r\n",
		 header);
	assert_int_equal(import_text(f, &a, "first.csv", text, &imp), ERR_OK);
	pupil_import_free(&imp);

	snprintf(text, sizeof(text),
		 "%sT888123425001,MODELL,ELSIE,31/10/2021,F,BB1 2CD,N,WBRI,Y,,\r\n"
		 "G888123425002,DRAFTON,NATE,19/02/2022,M,PR1 0LD,Y,OOTH,Y,,\r\n"
		 "W888123425003,PLACEHOLDER,WILF,22/06/2022,M,PR7 9GH,N,WBRI,Y,SEN_E,\r\n"
		 "K888123425606,OUTLINE,UMA,31/02/2021,F,,N,MWBC,N,,\r\n"
		 "P888123425601,\"DUMMY\"X,LEO,13/05/2021,M,BB1 2CD,N,OOTH,N,,\r\n"
		 "W888123425003,PLACEHOLDER,WILF,22/06/2022,M,PR7 9GH,N,WBRI,Y,SEN_E,\r\n",
		 header);
	assert_int_equal(import_text(f, &a, "mixed.csv", text, &imp), ERR_INVALID);
	assert_true(imp.rows_checked);
	assert_int_equal(imp.counts[IMPORT_UNCHANGED], 1);
	assert_int_equal(imp.counts[IMPORT_CHANGED], 1);
	assert_int_equal(imp.counts[IMPORT_NEW], 1);
	assert_int_equal(imp.rejected, 3);
	/* in file order, the reader's problem among the rows': both of line 5's */
	assert_int_equal(imp.problems.errors, 4);
	assert_non_null(strstr(imp.problems.items[0].location, "mixed.csv:5:"));
	assert_non_null(strstr(imp.problems.items[1].location, "mixed.csv:5:"));
	assert_string_equal(imp.problems.items[2].location, "mixed.csv:6:22");
	assert_string_equal(imp.problems.items[2].code, "CSV_AFTER_QUOTE");
	assert_string_equal(imp.problems.items[3].location, "mixed.csv:7:1");
	assert_string_equal(imp.problems.items[3].code, "UPN_TWICE");
	pupil_import_free(&imp);
	assert_int_equal(pupils_at(f->c, a.id), 2);
}

/* An empty file, a file of only the header, and one that cannot be read at all
 * are each located; no row was looked at in the first and last. */
static void test_empty_and_unreadable_files(void **state)
{
	struct fx *f = *state;
	int64_t la = add_la(f->c, 888, "Demo LA");
	struct establishment a = add_est(f->c, la, 1234, "Demo Primary", 0);
	struct pupil_import imp;
	char text[512];

	assert_int_equal(import_text(f, &a, "empty.csv", "", &imp), ERR_INVALID);
	assert_int_equal(imp.problems.errors, 1);
	assert_string_equal(imp.problems.items[0].code, "CSV_EMPTY");
	assert_string_equal(imp.problems.items[0].location, "empty.csv:1:1");
	assert_false(imp.rows_checked);
	pupil_import_free(&imp);

	snprintf(text, sizeof(text), "%s,,,dd/mm/yyyy,M or F,,,,,,\r\n", header);
	assert_int_equal(import_text(f, &a, "head.csv", text, &imp), ERR_INVALID);
	assert_int_equal(imp.problems.errors, 1);
	assert_string_equal(imp.problems.items[0].code, "CSV_EMPTY");
	assert_string_equal(imp.problems.items[0].location, "head.csv:3:1");
	assert_true(imp.rows_checked);
	assert_int_equal(imp.rejected + imp.counts[IMPORT_NEW], 0);
	pupil_import_free(&imp);

	snprintf(text, sizeof(text),
		 "%sT888123425001,MOCKWELL,ZO\xCB,31/10/2021,F,BB1 2CD,N,"
		 "WBRI,Y,,\r\n",
		 header);
	assert_int_equal(import_text(f, &a, "w.csv", text, &imp), ERR_INVALID);
	assert_false(imp.rows_checked);
	assert_int_equal(imp.rejected, 0);
	pupil_import_free(&imp);
	assert_int_equal(pupils_at(f->c, a.id), 0);
}

/* "LOCATION CODE" of each problem of imp, one a line, into buf. */
static const char *problem_lines(const struct pupil_import *imp, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < imp->problems.count && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s %s\n",
					 imp->problems.items[i].location,
					 imp->problems.items[i].code);
	return buf;
}

/* A CTF or a workbook given to the pupil upload: one message saying where it
 * belongs, not the CSV reader's complaints about quotes in XML. The reader's
 * problems (a stray quote) and the rows' (a bad date) come in file order. */
static void test_other_kind_refused_and_file_order(void **state)
{
	struct fx *f = *state;
	int64_t la = add_la(f->c, 888, "Demo LA");
	struct establishment a = add_est(f->c, la, 1234, "Demo Primary", 0);
	char *path = tu_shared_path("fixtures/ctf/bad/phonics-mark-41.xml");
	char *ctf = tu_read_file(path, NULL);
	struct pupil_import imp;
	char text[1024], got[512];

	assert_non_null(ctf);
	assert_int_equal(import_text(f, &a, "ks1.xml", ctf, &imp), ERR_INVALID);
	assert_string_equal(problem_lines(&imp, got, sizeof(got)), "ks1.xml:1:1 FILE_KIND\n");
	assert_string_equal(imp.problems.items[0].message,
			    "This looks like a CTF (XML) file, not a pupil CSV: use Submissions > "
			    "Import a CTF");
	pupil_import_free(&imp);
	assert_int_equal(pupil_import_check(f->c, &a, "p.xlsx", "PK\x03\x04rest", 8, 0, today,
					    &imp),
			 ERR_INVALID);
	assert_string_equal(problem_lines(&imp, got, sizeof(got)), "p.xlsx:1:1 FILE_KIND\n");
	assert_non_null(strstr(imp.problems.items[0].message,
			       "not a CSV file: in the spreadsheet program save it as CSV"));
	pupil_import_free(&imp);

	snprintf(text, sizeof(text),
		 "%sT888123425001,MODELL,ELSIE,31/02/2021,F,BB1 2CD,N,WBRI,Y,,\r\n"
		 "T888123425002,MO\"DELL,ELLA,01/02/2021,F,BB1 2CD,N,WBRI,Y,,\r\n"
		 "W888123425003,MODELL,EVA,30/02/2021,F,BB1 2CD,N,WBRI,Y,,\r\n",
		 header);
	assert_int_equal(import_text(f, &a, "o.csv", text, &imp), ERR_INVALID);
	assert_string_equal(
		problem_lines(&imp, got, sizeof(got)),
		"o.csv:2:28 DOB_INVALID\no.csv:3:17 CSV_QUOTE\no.csv:4:26 DOB_INVALID\n");
	pupil_import_free(&imp);
	/* a bad header is line 1's problem, before a stray quote further down */
	assert_int_equal(import_text(f, &a, "h.csv", "UPN,Name\r\nT8,MO\"DELL\r\n", &imp),
			 ERR_INVALID);
	assert_string_equal(problem_lines(&imp, got, sizeof(got)),
			    "h.csv:1:1 CSV_HEADER\nh.csv:2:6 CSV_QUOTE\n");
	pupil_import_free(&imp);
	assert_int_equal(pupils_at(f->c, a.id), 0);
	free(ctf);
	free(path);
}

static void test_transfer_moves_pupil_with_interventions(void **state)
{
	struct fx *f = *state;
	int64_t la = add_la(f->c, 888, "Demo LA");
	struct establishment a = add_est(f->c, la, 1234, "Demo Primary", 0);
	struct establishment b = add_est(f->c, la, 5678, "Other Primary", 0);
	struct pupil p = make_pupil(a.id, "T888123425001", "MODELL", "ELSIE", 3);
	struct intervention iv = { .academic_year = 2025 }, *ivs = NULL;
	struct transfer t = { 0 }, t2 = { 0 }, *list = NULL;
	struct errbuf eb = { "" };
	size_t n = 0;

	add_pupil(f->c, &p);
	iv.pupil_id = p.id;
	snprintf(iv.assessment, sizeof(iv.assessment), "Autumn Term Assessment");
	snprintf(iv.details, sizeof(iv.details), "Number Intervention");
	assert_int_equal(store_intervention_add(f->c, &alice, a.id, &iv, &eb), ERR_OK);
	snprintf(iv.details, sizeof(iv.details), "Phonics group");
	assert_int_equal(store_intervention_update(f->c, &alice, a.id, &iv, &eb), ERR_OK);
	assert_int_equal(count_audit(f->c, "intervention."), 2);

	t.pupil_id = p.id;
	t.from_establishment_id = a.id;
	t.to_establishment_id = b.id;
	assert_int_equal(store_transfer_add(f->c, &alice, &t, &eb), ERR_OK);
	assert_int_equal(t.status, TRANSFER_PENDING);
	assert_string_equal(t.upn, "T888123425001");
	t2 = t;
	assert_int_equal(store_transfer_add(f->c, &alice, &t2, &eb), ERR_CONFLICT);
	assert_int_equal(store_transfer_list(f->c, a.id, &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	free(list);

	assert_int_equal(store_transfer_decide(f->c, &cli, t.id, true, &eb), ERR_OK);
	assert_int_equal(store_pupil_get(f->c, p.id, &p), ERR_OK);
	assert_int_equal(p.establishment_id, b.id);
	assert_int_equal(p.class_no, 0);
	assert_int_equal(store_intervention_list(f->c, p.id, &ivs, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ivs[0].details, "Phonics group");
	free(ivs);
	/* Decided once only. */
	assert_int_equal(store_transfer_decide(f->c, &cli, t.id, false, &eb), ERR_CONFLICT);
	assert_non_null(strstr(eb.msg, "confirmed already"));
	assert_int_equal(count_audit(f->c, "transfer.confirm"), 2); /* both schools */

	assert_int_equal(store_intervention_delete(f->c, &alice, b.id, iv.id, &eb), ERR_OK);
	assert_int_equal(store_intervention_get(f->c, iv.id, &iv), ERR_NOT_FOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good_file_imports_every_pupil, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_file_gives_the_listed_problems, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_upn_at_another_school_names_the_row, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_upn_and_encoding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_tries_again_after_a_conflict, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_invalid_file_counts_every_row, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_unreadable_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_kind_refused_and_file_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_transfer_moves_pupil_with_interventions, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
