/*
 * test_collection: the LA collection use cases on SQLite and PostgreSQL, with
 * the shared CTF fixtures: a request form with wrong fields is refused field by
 * field; a good KS2 CTF is Successful and the school Submitted; a bad one is an
 * Upload error with its exact problems kept and never counts; a file made by
 * another school and a file over 3 MiB are refused with nothing stored; a later
 * successful file overwrites the earlier one; a school with nothing sent turns
 * Overdue when the app clock passes the deadline; only the LA's officers see
 * its requests and only target schools can send.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/collection.h"
#include "base/xalloc.h"
#include "store/store.h"

#include "coll_world.h"

/* A request of the officer's LA for coll targeting schools ("" = all). */
static struct file_request make_request(struct world *w, const char *coll, const char *schools)
{
	struct request_form in = { .name = "Statutory return",
				   .collection = coll,
				   .file_kinds = "",
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

/* Sends a fixture as u for school e. */
static enum err send(struct world *w, const struct user *u, const struct establishment *e,
		     int64_t id, const char *rel, struct receipt *rc, struct errbuf *eb)
{
	size_t len = 0;
	char *text = fixture(rel, &len);
	const char *name = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	enum err err;

	receipt_init(rc);
	err = collection_receive(w->app, w->c, u, &who, e, id, name, text, len, "Our return.", rc,
				 eb);
	free(text);
	return err;
}

static enum req_status school_status(struct world *w, const struct establishment *e, int64_t id)
{
	struct school_request sr;

	assert_int_equal(collection_school_request(w->app, w->c, e, id, &sr), ERR_OK);
	return sr.status;
}

static size_t file_count(struct world *w, const struct establishment *e, int64_t id)
{
	struct received_file *list = NULL;
	size_t n = 0;

	assert_int_equal(collection_school_files(w->c, e, id, &list, &n), ERR_OK);
	free(list);
	return n;
}

static void test_request_form(void **state)
{
	struct world *w = *state;
	struct request_form in = { .name = "",
				   .collection = "ks3",
				   .year = "next year",
				   .deadline_date = "31/02/2026",
				   .schools = "8881234, 7771111" };
	struct request_form_errors fe;
	struct file_request r, got, *list = NULL;
	struct errbuf eb = { "" };
	size_t n = 0;

	assert_int_equal(collection_request_save(w->app, w->c, &w->officer, &who, 0, &in, &r, &fe,
						 &eb),
			 ERR_INVALID);
	assert_string_equal(fe.name, "Enter a name for the request");
	assert_non_null(strstr(fe.collection, "Choose the collection"));
	assert_non_null(strstr(fe.year, "start year"));
	assert_non_null(strstr(fe.deadline, "26/06/2026"));
	assert_non_null(strstr(fe.schools, "7771111 is not a school of your local authority"));
	assert_int_equal(collection_requests_la(w->c, &w->officer, &list, &n), ERR_OK);
	assert_int_equal(n, 0);
	free(list);

	/* a teacher cannot make one */
	in.name = "KS2";
	in.collection = "ks2";
	in.year = "2025";
	in.deadline_date = "2026-06-26";
	in.schools = "8881234";
	assert_int_equal(collection_request_save(w->app, w->c, &w->teacher, &who, 0, &in, &r, &fe,
						 &eb),
			 ERR_NOT_FOUND);

	r = make_request(w, "ks2", "");
	assert_int_equal(r.deadline, 1782493200); /* 2026-06-26 17:00 UTC */
	assert_int_equal(r.academic_year, 2025);
	assert_int_equal(collection_request_get(w->c, &w->officer, r.id, &got), ERR_OK);
	/* another LA's officer: not found, as for a missing request */
	assert_int_equal(collection_request_get(w->c, &w->officer2, r.id, &got), ERR_NOT_FOUND);
	assert_int_equal(collection_request_get(w->c, &w->officer, r.id + 100, &got),
			 ERR_NOT_FOUND);
	assert_int_equal(collection_request_set_closed(w->c, &w->officer2, &who, r.id, true, &eb),
			 ERR_NOT_FOUND);
	/* all schools of the LA are targets; the other LA's school is not */
	assert_int_equal(school_status(w, &w->school, r.id), REQ_FILE_REQUIRED);
	assert_int_equal(school_status(w, &w->other, r.id), REQ_FILE_REQUIRED);
	{
		struct school_request sr;
		assert_int_equal(collection_school_request(w->app, w->c, &w->far, r.id, &sr),
				 ERR_NOT_FOUND);
	}
	/* edit to one school */
	in.name = "KS2 TA final";
	in.all_schools = false;
	in.schools = "8885678";
	assert_int_equal(collection_request_save(w->app, w->c, &w->officer, &who, r.id, &in, &got,
						 &fe, &eb),
			 ERR_OK);
	assert_string_equal(got.name, "KS2 TA final");
	{
		struct school_request sr;
		assert_int_equal(collection_school_request(w->app, w->c, &w->school, r.id, &sr),
				 ERR_NOT_FOUND);
	}
	/* closed requests leave the school's list; reopened they come back */
	assert_int_equal(collection_request_set_closed(w->c, &w->officer, &who, r.id, true, &eb),
			 ERR_OK);
	/* closing it again changes nothing, and says so */
	assert_int_equal(collection_request_set_closed(w->c, &w->officer, &who, r.id, true, &eb),
			 ERR_CONFLICT);
	{
		struct school_request *srs = NULL;
		assert_int_equal(collection_requests_school(w->app, w->c, &w->other, &srs, &n),
				 ERR_OK);
		assert_int_equal(n, 0);
		free(srs);
		assert_int_equal(collection_request_set_closed(w->c, &w->officer, &who, r.id, false,
							       &eb),
				 ERR_OK);
		assert_int_equal(collection_requests_school(w->app, w->c, &w->other, &srs, &n),
				 ERR_OK);
		assert_int_equal(n, 1);
		assert_int_equal(srs[0].status, REQ_FILE_REQUIRED);
		free(srs);
	}
}

static void test_good_ctf(void **state)
{
	struct world *w = *state;
	struct file_request r = make_request(w, "ks2", "8881234 8885678");
	struct receipt rc;
	struct errbuf eb = { "" };
	struct dashboard d;

	assert_int_equal(send(w, &w->admin, &w->school, r.id,
			      "fixtures/ctf/8881234_KS2_888LLLL_001.xml", &rc, &eb),
			 ERR_OK);
	assert_string_equal(rc.file.status, "successful");
	assert_string_equal(rc.file.kind, "ctf");
	assert_int_equal(rc.problems.count, 0);
	assert_string_equal(rc.file.sender, "ada.admin");
	assert_string_equal(rc.file.comment, "Our return.");
	assert_int_equal(strlen(rc.file.sha256), 64);
	receipt_release(&rc);
	assert_int_equal(school_status(w, &w->school, r.id), REQ_SUBMITTED);
	assert_int_equal(collection_dashboard(w->app, w->c, &r, &d), ERR_OK);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.counts[REQ_SUBMITTED], 1);
	assert_int_equal(d.counts[REQ_FILE_REQUIRED], 1);
	assert_string_equal(d.rows[0].school.name, "Example Primary School");
	assert_true(d.rows[0].has_last);
	assert_string_equal(d.rows[0].last.original_name, "8881234_KS2_888LLLL_001.xml");
	assert_false(d.rows[1].has_last);
	collection_dashboard_release(&d);
}

static void test_bad_ctf(void **state)
{
	struct world *w = *state;
	struct file_request r = make_request(w, "ks1", "8881234");
	struct received_file *files = NULL, got;
	struct problem_list stored;
	struct receipt rc;
	struct errbuf eb = { "" };
	char line[PROBLEM_LINE_MAX];
	size_t n = 0;

	assert_int_equal(school_status(w, &w->school, r.id), REQ_FILE_REQUIRED);
	assert_int_equal(send(w, &w->admin, &w->school, r.id,
			      "fixtures/ctf/bad/ks1-science-gds.xml", &rc, &eb),
			 ERR_OK);
	assert_string_equal(rc.file.status, "upload-error");
	assert_int_equal(rc.problems.count, 1);
	assert_string_equal(problem_format_line(&rc.problems.items[0], line),
			    "ks1-science-gds.xml:129:13: error: SIENNA FIXTURE: result GDS is not "
			    "allowed for KS1 science; use EXS, HNM or A");
	/* kept for the record, with the exact problems, but it does not count */
	assert_int_equal(collection_school_files(w->c, &w->school, r.id, &files, &n), ERR_OK);
	assert_int_equal(n, 1);
	problem_list_init(&stored);
	assert_int_equal(collection_school_file(w->c, &w->school, r.id, files[0].id, &got, &stored),
			 ERR_OK);
	assert_int_equal(stored.count, 1);
	assert_string_equal(problem_format_line(&stored.items[0], line),
			    problem_format_line(&rc.problems.items[0],
						(char[PROBLEM_LINE_MAX]){ 0 }));
	assert_int_equal(got.problem_count, 1);
	/* another school cannot open it */
	assert_int_equal(collection_school_file(w->c, &w->other, r.id, files[0].id, &got, &stored),
			 ERR_NOT_FOUND);
	problem_list_release(&stored);
	free(files);
	receipt_release(&rc);
	assert_int_equal(school_status(w, &w->school, r.id), REQ_UPLOAD_ERROR);

	/* a good KS1 file then makes it Submitted */
	assert_int_equal(send(w, &w->admin, &w->school, r.id,
			      "fixtures/ctf/8881234_KS1_888LLLL_001.xml", &rc, &eb),
			 ERR_OK);
	assert_string_equal(rc.file.status, "successful");
	receipt_release(&rc);
	assert_int_equal(school_status(w, &w->school, r.id), REQ_SUBMITTED);
}

static void test_wrong_collection_and_kind(void **state)
{
	struct world *w = *state;
	struct file_request r = make_request(w, "ks2", "8881234");
	struct receipt rc;
	struct errbuf eb = { "" };
	const char csv[] = "UPN,Surname\nA123,Smith\n";

	assert_int_equal(send(w, &w->admin, &w->school, r.id,
			      "fixtures/ctf/8881234_KS1_888LLLL_001.xml", &rc, &eb),
			 ERR_OK);
	assert_string_equal(rc.file.status, "upload-error");
	assert_non_null(problem_list_find(&rc.problems, "REQ_COLLECTION"));
	assert_non_null(
		strstr(problem_list_find(&rc.problems, "REQ_COLLECTION")->message, "no KS2"));
	receipt_release(&rc);

	receipt_init(&rc);
	assert_int_equal(collection_receive(w->app, w->c, &w->admin, &who, &w->school, r.id,
					    "pupils.csv", csv, sizeof(csv) - 1, "", &rc, &eb),
			 ERR_OK);
	/* a pupil list is recognised (issue 7b) but is no KS2 return */
	assert_string_equal(rc.file.status, "upload-error");
	assert_string_equal(rc.file.kind, "pupil-csv");
	assert_non_null(problem_list_find(&rc.problems, "REQ_KIND"));
	receipt_release(&rc);

	receipt_init(&rc);
	assert_int_equal(collection_receive(w->app, w->c, &w->admin, &who, &w->school, r.id,
					    "notes.txt", "Dear LA,\n", 9, "", &rc, &eb),
			 ERR_OK);
	assert_string_equal(rc.file.status, "upload-error");
	assert_string_equal(rc.file.kind, "unknown");
	assert_int_equal(rc.problems.count, 1);
	assert_string_equal(rc.problems.items[0].code, "FILE_KIND");
	assert_non_null(strstr(rc.problems.items[0].message, "not one a return can be made of"));
	receipt_release(&rc);
	assert_int_equal(school_status(w, &w->school, r.id), REQ_UPLOAD_ERROR);
}

static void test_refusals(void **state)
{
	struct world *w = *state;
	struct file_request r = make_request(w, "ks2", "8881234 8885678");
	struct receipt rc;
	struct errbuf eb = { "" };
	char *big = xcalloc(COLLECTION_FILE_MAX + 1, 1);

	/* the fixture is school 8881234's: school 8885678 may not send it */
	assert_int_equal(send(w, &w->admin_other, &w->other, r.id,
			      "fixtures/ctf/8881234_KS2_888LLLL_001.xml", &rc, &eb),
			 ERR_INVALID);
	assert_non_null(strstr(eb.msg, "made by school 8881234"));
	assert_non_null(strstr(eb.msg, "not by Rowan Juniors (8885678)"));
	receipt_release(&rc);
	assert_int_equal(file_count(w, &w->other, r.id), 0);

	/* a teacher may not send, nor an admin for another school */
	assert_int_equal(send(w, &w->teacher, &w->school, r.id,
			      "fixtures/ctf/8881234_KS2_888LLLL_001.xml", &rc, &eb),
			 ERR_NOT_FOUND);
	receipt_release(&rc);
	assert_int_equal(send(w, &w->admin_other, &w->school, r.id,
			      "fixtures/ctf/8881234_KS2_888LLLL_001.xml", &rc, &eb),
			 ERR_NOT_FOUND);
	receipt_release(&rc);

	/* over the limit by one byte: refused naming the size and the limit */
	memset(big, ' ', COLLECTION_FILE_MAX + 1);
	big[0] = '<';
	receipt_init(&rc);
	assert_int_equal(collection_receive(w->app, w->c, &w->admin, &who, &w->school, r.id,
					    "huge.xml", big, COLLECTION_FILE_MAX + 1, "", &rc, &eb),
			 ERR_TOO_BIG);
	assert_non_null(strstr(eb.msg, "huge.xml is 3145729 bytes"));
	assert_non_null(strstr(eb.msg, "the limit is 3145728 bytes"));
	receipt_release(&rc);
	assert_int_equal(file_count(w, &w->school, r.id), 0);
	/* at the limit: taken (and checked: it is no CTF) */
	receipt_init(&rc);
	assert_int_equal(collection_receive(w->app, w->c, &w->admin, &who, &w->school, r.id,
					    "huge.xml", big, COLLECTION_FILE_MAX, "", &rc, &eb),
			 ERR_OK);
	assert_string_equal(rc.file.status, "upload-error");
	receipt_release(&rc);
	assert_int_equal(file_count(w, &w->school, r.id), 1);
	free(big);

	/* a closed request takes no files */
	assert_int_equal(collection_request_set_closed(w->c, &w->officer, &who, r.id, true, &eb),
			 ERR_OK);
	assert_int_equal(send(w, &w->admin, &w->school, r.id,
			      "fixtures/ctf/8881234_KS2_888LLLL_001.xml", &rc, &eb),
			 ERR_LOCKED);
	assert_non_null(strstr(eb.msg, "closed"));
	receipt_release(&rc);
	assert_int_equal(file_count(w, &w->school, r.id), 1);
}

static void test_supersede(void **state)
{
	struct world *w = *state;
	struct file_request r = make_request(w, "ks2", "8881234");
	struct received_file *files = NULL;
	struct receipt rc;
	struct errbuf eb = { "" };
	int64_t first;
	size_t n = 0;

	assert_int_equal(send(w, &w->admin, &w->school, r.id,
			      "fixtures/ctf/8881234_KS2_888LLLL_001.xml", &rc, &eb),
			 ERR_OK);
	first = rc.file.id;
	receipt_release(&rc);
	w->clock += 3600;
	assert_int_equal(send(w, &w->admin, &w->school, r.id,
			      "fixtures/ctf/8881234_KS2_888LLLL_001.xml", &rc, &eb),
			 ERR_OK);
	assert_string_equal(rc.file.status, "successful");
	receipt_release(&rc);
	/* a later failed attempt changes nothing of the return */
	assert_int_equal(send(w, &w->admin, &w->school, r.id, "fixtures/ctf/bad/duplicate-upn.xml",
			      &rc, &eb),
			 ERR_OK);
	assert_string_equal(rc.file.status, "upload-error");
	receipt_release(&rc);
	assert_int_equal(collection_school_files(w->c, &w->school, r.id, &files, &n), ERR_OK);
	assert_int_equal(n, 3);
	assert_string_equal(files[0].status, "upload-error");
	assert_string_equal(files[1].status, "successful");
	assert_int_equal(files[2].id, first);
	assert_string_equal(files[2].status, "overwritten");
	free(files);
	assert_int_equal(school_status(w, &w->school, r.id), REQ_SUBMITTED);
}

static void test_overdue(void **state)
{
	struct world *w = *state;
	struct file_request r = make_request(w, "ks2", "8881234 8885678");
	struct dashboard d;
	struct receipt rc;
	struct errbuf eb = { "" };
	struct strbuf csv = STRBUF_INIT;

	assert_int_equal(school_status(w, &w->school, r.id), REQ_FILE_REQUIRED);
	w->clock = r.deadline; /* at the deadline: still in time */
	assert_int_equal(school_status(w, &w->school, r.id), REQ_FILE_REQUIRED);
	w->clock = r.deadline + 1;
	assert_int_equal(school_status(w, &w->school, r.id), REQ_OVERDUE);
	assert_int_equal(send(w, &w->admin, &w->school, r.id,
			      "fixtures/ctf/8881234_KS2_888LLLL_001.xml", &rc, &eb),
			 ERR_OK);
	receipt_release(&rc);
	assert_int_equal(school_status(w, &w->school, r.id), REQ_SUBMITTED);
	assert_int_equal(collection_dashboard(w->app, w->c, &r, &d), ERR_OK);
	assert_int_equal(d.counts[REQ_SUBMITTED], 1);
	assert_int_equal(d.counts[REQ_OVERDUE], 1);
	collection_dashboard_csv(&d, REQ_OVERDUE, &csv);
	assert_string_equal(strbuf_str(&csv), "LAESTAB,School,Status,Last file,File status,"
					      "Sent by,Sent at (UTC)\r\n"
					      "8885678,Rowan Juniors,Overdue,,,,\r\n");
	strbuf_release(&csv);
	collection_dashboard_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_request_form, setup, teardown),
		cmocka_unit_test_setup_teardown(test_good_ctf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_ctf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_collection_and_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_supersede, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overdue, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
