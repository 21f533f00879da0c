/*
 * test_collection_upload: the school's upload side of the LA collection (issue
 * 7b) on SQLite and PostgreSQL: the kind of each file found by its content (a
 * CTF, the pupil CSV template, the results spreadsheet) and checked by its
 * rules, including the shared FFT fixtures with their exact problems; several
 * files in one upload, each with its own verdict (a file made by another
 * school refused, the others kept); too many files or none refused as a whole
 * with nothing stored; the error file's columns.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/collection.h"
#include "app/collection_upload.h"
#include "app/results_sheet.h"
#include "app/results_template.h"
#include "core/calendar.h"
#include "core/upn.h"
#include "formats/xlsx_read.h"
#include "base/xalloc.h"
#include "store/store.h"

#include "coll_world.h"

/* A request of the officer's LA for coll targeting schools ("" = all). */
static struct file_request make_request(struct world *w, const char *coll, const char *schools)
{
	struct request_form in = { .name = "Statutory return",
				   .collection = coll,
				   .file_kinds = strcmp(coll, "other") == 0 ? "Pupil list" : "",
				   .year = "2025/26",
				   .description = "Send your CTF.",
				   .deadline_date = "2026-06-26",
				   .deadline_time = "17:00",
				   .all_schools = !*schools,
				   .schools = schools };
	struct request_form_errors fe;
	struct file_request r;
	struct errbuf eb = { "" };

	if (collection_request_save(w->app, w->c, &w->officer, &who, 0, &in, &r, &fe, &eb) !=
	    ERR_OK)
		fail_msg("collection_request_save: %s / %s", eb.msg, fe.schools);
	return r;
}

static char *fixture(const char *rel, size_t *len)
{
	char *path = tu_shared_path(rel);
	char *text = tu_read_file(path, len);

	if (!text)
		fail_msg("cannot read %s", path);
	free(path);
	return text;
}

/* Receives the shared fixture rel for the school as the admin. */
static void send_fixture(struct world *w, int64_t id, const char *rel, struct receipt *rc)
{
	struct errbuf eb = { "" };
	size_t len = 0;
	char *bytes = fixture(rel, &len);
	const char *name = strrchr(rel, '/') + 1;

	receipt_init(rc);
	if (collection_receive(w->app, w->c, &w->admin, &who, &w->school, id, name, bytes, len, "",
			       rc, &eb) != ERR_OK)
		fail_msg("collection_receive %s: %s", rel, eb.msg);
	free(bytes);
}

static void print_problems(const struct problem_list *pl)
{
	char line[PROBLEM_LINE_MAX];

	for (size_t i = 0; i < pl->count; i++)
		fprintf(stderr, "  %s [%s]\n", problem_format_line(&pl->items[i], line),
			pl->items[i].code);
}

static void test_kinds(void **state)
{
	struct world *w = *state;
	struct file_request ks1 = make_request(w, "ks1", "8881234");
	struct file_request ks2 = make_request(w, "ks2", "8881234");
	struct file_request other = make_request(w, "other", "8881234");
	struct receipt rc;
	struct errbuf eb = { "" };
	static const char zip_junk[] = "PK\x03\x04 this is no workbook";

	assert_int_equal(file_kind_guess("\xEF\xBB\xBF  <CTfile>", 13), FILE_KIND_CTF);
	assert_int_equal(file_kind_guess("\"UPN\",\"Surname\"\r\n", 17), FILE_KIND_PUPIL_CSV);
	assert_int_equal(file_kind_guess("Surname,UPN\n", 12), FILE_KIND_UNKNOWN);
	assert_int_equal(file_kind_guess("PK\x03\x04", 4), FILE_KIND_RESULTS_XLSX);

	/* a CTF */
	send_fixture(w, ks1.id, "fixtures/ctf/8881234_KS1_888LLLL_001.xml", &rc);
	print_problems(&rc.problems);
	assert_string_equal(rc.file.kind, "ctf");
	assert_string_equal(rc.file.status, "successful");
	receipt_release(&rc);

	/* the results spreadsheet, filled in as FFT's is */
	send_fixture(w, ks1.id, "fixtures/fft/ks1-early-results-8881234.xlsx", &rc);
	print_problems(&rc.problems);
	assert_string_equal(rc.file.kind, "results-xlsx");
	assert_string_equal(rc.file.status, "successful");
	assert_int_equal(rc.problems.count, 0);
	receipt_release(&rc);
	/* ... but not as a KS2 return */
	send_fixture(w, ks2.id, "fixtures/fft/ks1-early-results-8881234.xlsx", &rc);
	assert_string_equal(rc.file.kind, "results-xlsx");
	assert_string_equal(rc.file.status, "upload-error");
	assert_non_null(problem_list_find(&rc.problems, "REQ_COLLECTION"));
	receipt_release(&rc);

	/* the pupil CSV template: a return of an "other" request, not of KS1 */
	send_fixture(w, other.id, "fixtures/pupils/pupils-8881234.csv", &rc);
	print_problems(&rc.problems);
	assert_string_equal(rc.file.kind, "pupil-csv");
	assert_int_equal(problem_list_count_errors(&rc.problems), 0);
	assert_string_not_equal(rc.file.status, "upload-error");
	receipt_release(&rc);
	send_fixture(w, ks1.id, "fixtures/pupils/pupils-8881234.csv", &rc);
	assert_string_equal(rc.file.kind, "pupil-csv");
	assert_string_equal(rc.file.status, "upload-error");
	assert_non_null(problem_list_find(&rc.problems, "REQ_KIND"));
	receipt_release(&rc);
	/* the bad pupil file keeps the upload's own located problems */
	send_fixture(w, other.id, "fixtures/pupils/pupils-bad.csv", &rc);
	assert_string_equal(rc.file.kind, "pupil-csv");
	assert_string_equal(rc.file.status, "upload-error");
	assert_non_null(strstr(rc.problems.items[0].location, "pupils-bad.csv:"));
	receipt_release(&rc);

	/* a zip that is no workbook, and anything else */
	receipt_init(&rc);
	assert_int_equal(collection_receive(w->app, w->c, &w->admin, &who, &w->school, ks1.id,
					    "results.xlsx", zip_junk, sizeof(zip_junk) - 1, "", &rc,
					    &eb),
			 ERR_OK);
	assert_string_equal(rc.file.status, "upload-error");
	assert_non_null(problem_list_find(&rc.problems, "XLSX_READ"));
	receipt_release(&rc);
	receipt_init(&rc);
	assert_int_equal(collection_receive(w->app, w->c, &w->admin, &who, &w->school, ks1.id,
					    "photo.jpg", "\xFF\xD8\xFF\xE0\0\x10JFIF", 10, "", &rc,
					    &eb),
			 ERR_OK);
	assert_string_equal(rc.file.kind, "unknown");
	assert_string_equal(rc.problems.items[0].code, "FILE_KIND");
	receipt_release(&rc);
}

/* The FFT bad file: exactly the lines of its .problems, located FILE:Sheet!Cell. */
static void test_fft_bad_fixture(void **state)
{
	struct world *w = *state;
	struct file_request ks1 = make_request(w, "ks1", "8881234");
	char *text = fixture("fixtures/fft/ks1-early-results-bad.problems", NULL), *save = NULL;
	struct receipt rc;
	struct problem_list stored;
	size_t n = 0;

	send_fixture(w, ks1.id, "fixtures/fft/ks1-early-results-bad.xlsx", &rc);
	print_problems(&rc.problems);
	assert_string_equal(rc.file.kind, "results-xlsx");
	assert_string_equal(rc.file.status, "upload-error");
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t'), want[PROBLEM_LOC_MAX];
		assert_non_null(tab);
		*tab = '\0';
		snprintf(want, sizeof(want), "ks1-early-results-bad.xlsx:%s", line);
		assert_true(n < rc.problems.count);
		assert_string_equal(rc.problems.items[n].location, want);
		n++;
	}
	assert_int_equal(n, 3);
	assert_int_equal(rc.problems.count, 3);
	/* kept with the file, in the same order */
	problem_list_init(&stored);
	assert_int_equal(store_received_problems(w->c, rc.file.id, &stored), ERR_OK);
	assert_int_equal(stored.count, 3);
	assert_string_equal(stored.items[2].location, "ks1-early-results-bad.xlsx:KS1!M5");
	problem_list_release(&stored);
	receipt_release(&rc);
	free(text);
}

static size_t files_stored(struct world *w, int64_t id)
{
	struct received_file *list = NULL;
	size_t n = 0;

	assert_int_equal(collection_school_files(w->c, &w->school, id, &list, &n), ERR_OK);
	free(list);
	return n;
}

/* The status of the stored file fid of request id ("" when gone). */
static void status_of(struct world *w, int64_t id, int64_t fid, char *out, size_t cap)
{
	struct received_file *list = NULL;
	size_t n = 0;

	out[0] = '\0';
	assert_int_equal(store_received_file_list(w->c, id, 0, &list, &n), ERR_OK);
	for (size_t i = 0; i < n; i++)
		if (list[i].id == fid)
			snprintf(out, cap, "%s", list[i].status);
	free(list);
}

/* issue 7e: recalling the return makes the file it overwrote the return again;
 * recalling a file that is not the return changes no other file. */
static void test_recall_restores_return(void **state)
{
	struct world *w = *state;
	struct file_request ks1 = make_request(w, "ks1", "8881234");
	static const char zip_junk[] = "PK\x03\x04 this is no workbook";
	struct errbuf eb = { "" };
	struct receipt rc;
	int64_t first, second, junk;
	char st[32];

	send_fixture(w, ks1.id, "fixtures/ctf/8881234_KS1_888LLLL_001.xml", &rc);
	first = rc.file.id;
	receipt_release(&rc);
	send_fixture(w, ks1.id, "fixtures/fft/ks1-early-results-8881234.xlsx", &rc);
	second = rc.file.id;
	receipt_release(&rc);
	status_of(w, ks1.id, first, st, sizeof(st));
	assert_string_equal(st, "overwritten");

	/* an Upload error recalled: the return stays the second file */
	receipt_init(&rc);
	assert_int_equal(collection_receive(w->app, w->c, &w->admin, &who, &w->school, ks1.id,
					    "junk.xlsx", zip_junk, sizeof(zip_junk) - 1, "", &rc,
					    &eb),
			 ERR_OK);
	junk = rc.file.id;
	assert_string_equal(rc.file.status, "upload-error");
	receipt_release(&rc);
	assert_int_equal(collection_file_recall(w->app, w->c, &w->admin, &who, &w->school, ks1.id,
						junk, &eb),
			 ERR_OK);
	status_of(w, ks1.id, first, st, sizeof(st));
	assert_string_equal(st, "overwritten");
	status_of(w, ks1.id, second, st, sizeof(st));
	assert_string_equal(st, "successful");

	/* the return recalled: the first file is the return again, audited */
	assert_int_equal(collection_file_recall(w->app, w->c, &w->admin, &who, &w->school, ks1.id,
						second, &eb),
			 ERR_OK);
	status_of(w, ks1.id, second, st, sizeof(st));
	assert_string_equal(st, "");
	status_of(w, ks1.id, first, st, sizeof(st));
	assert_string_equal(st, "successful");
	{
		struct audit_query af = { .establishment_id = w->school.id,
					  .action = "file.restore" };
		struct audit_entry *rows = NULL;
		size_t n = 0;
		assert_int_equal(store_audit_list(w->c, &af, &rows, &n), ERR_OK);
		assert_int_equal(n, 1);
		free(rows);
	}
	/* and recalled in turn: nothing is left to be the return */
	assert_int_equal(collection_file_recall(w->app, w->c, &w->admin, &who, &w->school, ks1.id,
						first, &eb),
			 ERR_OK);
	assert_int_equal(files_stored(w, ks1.id), 0);
}

static void test_several_files(void **state)
{
	struct world *w = *state;
	struct file_request r = make_request(w, "ks2", "8881234");
	size_t glen = 0, blen = 0, olen = 0;
	char *good = fixture("fixtures/ctf/8881234_KS2_888LLLL_001.xml", &glen);
	char *bad = fixture("fixtures/ctf/bad/duplicate-upn.xml", &blen);
	char *other = fixture("fixtures/ctf/8881234_KS2_888LLLL_001.xml", &olen);
	struct upload_file files[COLLECTION_FILES_MAX + 1];
	struct upload_verdict *v = NULL;
	struct errbuf eb = { "" };
	struct school_request sr;

	memcpy(strstr(other, "<Estab>1234</Estab>") + strlen("<Estab>"), "5678", 4);
	files[0] = (struct upload_file){ "C:\\exports\\bad.xml", bad, blen };
	files[1] = (struct upload_file){ "rowan.xml", other, olen };
	files[2] = (struct upload_file){ "good.xml", good, glen };
	assert_int_equal(collection_receive_many(w->app, w->c, &w->admin, &who, &w->school, r.id,
						 files, 3, "Both classes.", &v, &eb),
			 ERR_OK);
	assert_string_equal(v[0].name, "bad.xml");
	assert_int_equal(v[0].err, ERR_OK);
	assert_string_equal(v[0].rc.file.status, "upload-error");
	assert_non_null(problem_list_find(&v[0].rc.problems, "UPN_DUPLICATE"));
	assert_int_equal(v[1].err, ERR_INVALID);
	assert_non_null(strstr(v[1].message, "rowan.xml was made by school 8885678"));
	assert_int_equal(v[2].err, ERR_OK);
	assert_string_equal(v[2].rc.file.status, "successful");
	assert_string_equal(v[2].rc.file.comment, "Both classes.");
	collection_verdicts_free(v, 3);
	assert_int_equal(files_stored(w, r.id), 2);
	assert_int_equal(collection_school_request(w->app, w->c, &w->school, r.id, &sr), ERR_OK);
	assert_int_equal(sr.status, REQ_SUBMITTED);

	/* none, or one too many: refused as a whole, nothing stored */
	assert_int_equal(collection_receive_many(w->app, w->c, &w->admin, &who, &w->school, r.id,
						 files, 0, "", &v, &eb),
			 ERR_INVALID);
	assert_null(v);
	for (size_t i = 0; i <= COLLECTION_FILES_MAX; i++)
		files[i] = (struct upload_file){ "good.xml", good, glen };
	assert_int_equal(collection_receive_many(w->app, w->c, &w->admin, &who, &w->school, r.id,
						 files, COLLECTION_FILES_MAX + 1, "", &v, &eb),
			 ERR_TOO_BIG);
	assert_non_null(strstr(eb.msg, "You chose 11 files: at most 10"));
	assert_int_equal(files_stored(w, r.id), 2);
	/* exactly the most is taken */
	assert_int_equal(collection_receive_many(w->app, w->c, &w->admin, &who, &w->school, r.id,
						 files, COLLECTION_FILES_MAX, "", &v, &eb),
			 ERR_OK);
	collection_verdicts_free(v, COLLECTION_FILES_MAX);
	assert_int_equal(files_stored(w, r.id), 2 + COLLECTION_FILES_MAX);

	/* another school's admin cannot send for this one: as a missing request */
	assert_int_equal(collection_receive_many(w->app, w->c, &w->admin_other, &who, &w->school,
						 r.id, files, 1, "", &v, &eb),
			 ERR_NOT_FOUND);
	free(good);
	free(bad);
	free(other);
}

static void test_error_file(void **state)
{
	struct problem_list pl;
	struct strbuf out = STRBUF_INIT;

	(void)state;
	problem_list_init(&pl);
	problem_list_error(&pl, "bad.xlsx:KS1!L3", "RESULT_RANGE", "scaled score must be 85-115");
	problem_list_error(&pl, "bad.xlsx:'Year 2'!AB12", "RESULT_CODE", "=1+2 not a code");
	problem_list_add(&pl, SEV_QUERY, "ks2.xml:395:7", "NAME_ODD", "odd, name");
	problem_list_error(&pl, "notes.txt", "FILE_KIND", "not a return");
	collection_problems_csv(&pl, &out);
	assert_string_equal(strbuf_str(&out),
			    "File,Sheet,Row,Column,Severity,Message\r\n"
			    "bad.xlsx,KS1,3,L,error,scaled score must be 85-115\r\n"
			    "bad.xlsx,Year 2,12,AB,error,'=1+2 not a code\r\n"
			    "ks2.xml,,395,7,query,\"odd, name\"\r\n"
			    "notes.txt,,,,error,not a return\r\n");
	strbuf_release(&out);
	problem_list_release(&pl);
}

static void add_pupil(struct world *w, int serial, const char *surname, struct date dob)
{
	struct pupil p;
	struct errbuf eb = { "" };

	memset(&p, 0, sizeof(p));
	p.establishment_id = w->school.id;
	assert_true(upn_make(888, 1234, 18, serial, p.upn));
	snprintf(p.surname, sizeof(p.surname), "%s", surname);
	snprintf(p.forenames, sizeof(p.forenames), "Robin");
	p.dob = dob;
	p.gender = GENDER_FEMALE;
	p.sen = 'N';
	p.year_override = YEAR_NONE;
	p.include_in_data = true;
	if (store_pupil_add(w->c, &who, &p, &eb) != ERR_OK)
		fail_msg("store_pupil_add: %s", eb.msg);
}

/* The KS1 template holds the Year 2 pupils and comes back clean; KS2 and
 * phonics have their own layouts; the EYFS profile has none. */
static void test_templates(void **state)
{
	struct world *w = *state;
	struct file_request ks1 = make_request(w, "ks1", "8881234");
	const struct results_column *cols = NULL;
	struct results_sheet_options opt = { .school_laestab = 8881234, .today = { 2026, 6, 20 } };
	struct problem_list pl;
	struct xlsx_book *book = NULL;
	const struct xlsx_sheet *sh;
	struct errbuf eb = { "" };
	char name[RESULTS_TEMPLATE_NAME_MAX], *bytes = NULL, **upns = NULL;
	size_t len = 0, ncols, nupns = 0;
	enum collection found = COLL_EYFSP;
	struct receipt rc;

	add_pupil(w, 1, "Ashdown", (struct date){ 2018, 11, 5 });
	add_pupil(w, 2, "Birkett", (struct date){ 2019, 3, 10 });
	add_pupil(w, 3, "Cobble", (struct date){ 2020, 2, 1 }); /* Year 1: not in KS1 */
	assert_int_equal(results_template_build(w->app, w->c, &w->school, COLL_KS1, 2025, &bytes,
						&len, name, &eb),
			 ERR_OK);
	assert_string_equal(name, "ks1-results-8881234-2025.xlsx");
	assert_int_equal(xlsx_read(bytes, len, &book, &eb), ERR_OK);
	sh = xlsx_book_sheet(book, "KS1");
	assert_non_null(sh);
	ncols = results_sheet_layout(COLL_KS1, NULL, &cols);
	assert_int_equal(ncols, 14);
	for (size_t i = 0; i < sh->ncells && sh->cells[i].row == 1; i++)
		assert_string_equal(sh->cells[i].text, cols[sh->cells[i].col].heading);
	assert_string_equal(xlsx_sheet_cell(sh, 0, 2)->text, "8881234");
	assert_string_equal(xlsx_sheet_cell(sh, 3, 2)->text, "Ashdown");
	assert_string_equal(xlsx_sheet_cell(sh, 3, 3)->text, "Birkett");
	assert_string_equal(xlsx_sheet_cell(sh, 5, 2)->text, "05/11/2018");
	assert_string_equal(xlsx_sheet_cell(sh, 6, 2)->text, "2");
	assert_null(xlsx_sheet_cell(sh, 0, 4));
	xlsx_book_free(book);

	/* back unchanged: no problems with the same pupils */
	assert_int_equal(results_template_upns(w->app, w->c, &w->school, COLL_KS1, 2025, &upns,
					       &nupns, &eb),
			 ERR_OK);
	assert_int_equal(nupns, 2);
	opt.upns = (const char *const *)upns;
	opt.nupns = nupns;
	opt.found = &found;
	problem_list_init(&pl);
	assert_int_equal(results_sheet_check(w->app, "ks1.xlsx", bytes, len, w->app->codes, &opt,
					     &pl, &eb),
			 ERR_OK);
	print_problems(&pl);
	assert_int_equal(pl.count, 0);
	assert_int_equal(found, COLL_KS1);
	problem_list_release(&pl);
	/* one pupil fewer in the set the school has now: the extra row is refused */
	opt.nupns = 1;
	problem_list_init(&pl);
	assert_int_equal(results_sheet_check(w->app, "ks1.xlsx", bytes, len, w->app->codes, &opt,
					     &pl, &eb),
			 ERR_OK);
	assert_int_equal(pl.count, 1);
	assert_string_equal(pl.items[0].code, "PUPIL_ADDED");
	assert_string_equal(pl.items[0].location, "ks1.xlsx:KS1!B3");
	problem_list_release(&pl);
	free(upns);

	/* received for a KS1 request: the school's roll is checked and matches */
	receipt_init(&rc);
	assert_int_equal(collection_receive(w->app, w->c, &w->admin, &who, &w->school, ks1.id,
					    "ks1.xlsx", bytes, len, "", &rc, &eb),
			 ERR_OK);
	assert_string_equal(rc.file.kind, "results-xlsx");
	assert_string_equal(rc.file.status, "successful");
	receipt_release(&rc);
	free(bytes);

	/* KS2: its own sheet and columns, here with no Year 6 pupils */
	assert_int_equal(results_template_build(w->app, w->c, &w->school, COLL_KS2, 2025, &bytes,
						&len, name, &eb),
			 ERR_OK);
	opt.upns = NULL;
	opt.nupns = 0;
	problem_list_init(&pl);
	assert_int_equal(results_sheet_check(w->app, "ks2.xlsx", bytes, len, w->app->codes, &opt,
					     &pl, &eb),
			 ERR_OK);
	assert_int_equal(found, COLL_KS2);
	assert_int_equal(pl.count, 1);
	assert_string_equal(pl.items[0].code, "SHEET_EMPTY");
	problem_list_release(&pl);
	free(bytes);
	assert_int_equal(results_sheet_layout(COLL_PHONICS, NULL, NULL), 8);
	assert_int_equal(results_template_build(w->app, w->c, &w->school, COLL_EYFSP, 2025, &bytes,
						&len, name, &eb),
			 ERR_INVALID);
	assert_null(bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fft_bad_fixture, setup, teardown),
		cmocka_unit_test_setup_teardown(test_several_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_templates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recall_restores_return, setup, teardown),
		cmocka_unit_test(test_error_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
