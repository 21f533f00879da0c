/*
 * test_store_collection: file requests, targets, received files and their
 * problems on SQLite and PostgreSQL: a request is stored with its targets and
 * audited; edits replace the targets; close and reopen; a successful file
 * overwrites the earlier successful one and not the failed ones; bytes and
 * problems come back as stored; a file over 3 MiB is refused with nothing kept.
 */
#include "store_fixture.h"

static struct file_request make_request(int64_t la_id, const char *name)
{
	struct file_request r = { .la_id = la_id,
				  .academic_year = 2025,
				  .deadline = 1782460800,
				  .created_at = 1770000000 };

	snprintf(r.name, sizeof(r.name), "%s", name);
	snprintf(r.collection, sizeof(r.collection), "ks2");
	return r;
}

static struct received_file make_file(int64_t req, int64_t est, const char *status, int64_t at)
{
	struct received_file f = { .request_id = req, .establishment_id = est, .received_at = at };

	snprintf(f.status, sizeof(f.status), "%s", status);
	snprintf(f.kind, sizeof(f.kind), "ctf");
	snprintf(f.original_name, sizeof(f.original_name), "return.xml");
	memset(f.sha256, 'a', 64);
	return f;
}

static void test_request_lifecycle(void **state)
{
	struct fx *f = *state;
	struct errbuf eb = { "" };
	int64_t la = add_la(f->c, 888, "Northshire"), la2 = add_la(f->c, 777, "Southshire");
	struct establishment a = add_est(f->c, la, 2001, "Alder Primary", 0);
	struct establishment b = add_est(f->c, la, 2002, "Birch Infants", 0);
	struct file_request r = make_request(la, "KS2 TA 2025/26"), got, *list = NULL;
	struct establishment *targets = NULL;
	int64_t ids[] = { a.id, b.id, a.id };
	size_t n = 0;
	bool yes = false;

	assert_int_equal(store_file_request_add(f->c, &alice, &r, ids, 3, &eb), ERR_OK);
	assert_true(r.id > 0);
	assert_int_equal(store_file_request_get(f->c, r.id, &got), ERR_OK);
	assert_string_equal(got.name, "KS2 TA 2025/26");
	assert_string_equal(got.created_by, "alice");
	assert_int_equal(got.deadline, 1782460800);
	assert_false(got.closed);
	assert_int_equal(store_request_targets(f->c, r.id, &targets, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(targets[0].name, "Alder Primary");
	free(targets);
	assert_int_equal(count_audit(f->c, "request.add"), 2);

	/* edit: only B is targeted now */
	snprintf(r.name, sizeof(r.name), "KS2 TA (final)");
	assert_int_equal(store_file_request_update(f->c, &alice, &r, &b.id, 1, &eb), ERR_OK);
	assert_int_equal(store_request_is_target(f->c, r.id, a.id, &yes), ERR_OK);
	assert_false(yes);
	assert_int_equal(store_request_is_target(f->c, r.id, b.id, &yes), ERR_OK);
	assert_true(yes);
	assert_int_equal(count_audit(f->c, "request.update"), 2); /* name, targets */

	/* the school sees it while open */
	assert_int_equal(store_file_request_list_school(f->c, b.id, true, &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	free(list);
	assert_int_equal(store_file_request_set_closed(f->c, &alice, r.id, true, &eb), ERR_OK);
	assert_int_equal(store_file_request_list_school(f->c, b.id, true, &list, &n), ERR_OK);
	assert_int_equal(n, 0);
	free(list);
	assert_int_equal(store_file_request_list_school(f->c, b.id, false, &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	free(list);
	assert_int_equal(store_file_request_set_closed(f->c, &alice, r.id, false, &eb), ERR_OK);
	assert_int_equal(count_audit(f->c, "request.close"), 1);
	assert_int_equal(count_audit(f->c, "request.reopen"), 1);

	/* the LA's list holds only its own requests */
	assert_int_equal(store_file_request_list_la(f->c, la2, &list, &n), ERR_OK);
	assert_int_equal(n, 0);
	free(list);
	assert_int_equal(store_file_request_list_la(f->c, la, &list, &n), ERR_OK);
	assert_int_equal(n, 1);
	free(list);
}

static void test_files_supersede(void **state)
{
	struct fx *f = *state;
	struct errbuf eb = { "" };
	int64_t la = add_la(f->c, 888, "Northshire");
	struct establishment a = add_est(f->c, la, 2001, "Alder Primary", 0);
	struct establishment b = add_est(f->c, la, 2002, "Birch Infants", 0);
	struct file_request r = make_request(la, "KS2");
	int64_t ids[] = { a.id, b.id };
	struct received_file f1 = make_file(0, a.id, "successful", 100);
	struct received_file f2 = make_file(0, a.id, "upload-error", 200);
	struct received_file f3 = make_file(0, a.id, "successful-with-queries", 300);
	struct received_file fb = make_file(0, b.id, "successful", 150);
	struct received_file got, *list = NULL;
	struct problem_list pl, back;
	char *bytes = NULL;
	size_t n = 0, len = 0;

	assert_int_equal(store_file_request_add(f->c, &alice, &r, ids, 2, &eb), ERR_OK);
	f1.request_id = f2.request_id = f3.request_id = fb.request_id = r.id;
	problem_list_init(&pl);
	problem_list_init(&back);
	assert_int_equal(store_received_file_add(f->c, &alice, &f1, "<CTfile/>", 9, NULL, &eb),
			 ERR_OK);
	assert_int_equal(store_received_file_add(f->c, &alice, &fb, "<CTfile/>", 9, NULL, &eb),
			 ERR_OK);
	problem_list_error(&pl, "x.xml:3:4", "UPN_CHECK", "The UPN's check letter is wrong.");
	problem_list_query(&pl, "x.xml:9:1", "DOB_COHORT", "Unusual age.");
	assert_int_equal(store_received_file_add(f->c, &alice, &f2, "bad", 3, &pl, &eb), ERR_OK);
	assert_int_equal(f2.problem_count, 2);
	/* a failed file does not overwrite the successful one */
	assert_int_equal(store_received_file_get(f->c, f1.id, &got), ERR_OK);
	assert_string_equal(got.status, "successful");
	assert_int_equal(store_received_problems(f->c, f2.id, &back), ERR_OK);
	assert_int_equal(back.count, 2);
	assert_string_equal(back.items[0].location, "x.xml:3:4");
	assert_string_equal(back.items[0].code, "UPN_CHECK");
	assert_int_equal(back.items[1].severity, SEV_QUERY);
	/* a later successful one does, only for that school */
	assert_int_equal(store_received_file_add(f->c, &alice, &f3, "<CTfile></CTfile>", 17, NULL,
						 &eb),
			 ERR_OK);
	assert_int_equal(store_received_file_get(f->c, f1.id, &got), ERR_OK);
	assert_string_equal(got.status, "overwritten");
	assert_int_equal(store_received_file_get(f->c, f2.id, &got), ERR_OK);
	assert_string_equal(got.status, "upload-error");
	assert_int_equal(store_received_file_get(f->c, fb.id, &got), ERR_OK);
	assert_string_equal(got.status, "successful");
	assert_int_equal(count_audit(f->c, "file.receive"), 4);
	assert_int_equal(count_audit(f->c, "file.overwrite"), 1);
	/* newest first, per school */
	assert_int_equal(store_received_file_list(f->c, r.id, a.id, &list, &n), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(list[0].id, f3.id);
	assert_int_equal(list[2].id, f1.id);
	free(list);
	assert_int_equal(store_received_file_list(f->c, r.id, 0, &list, &n), ERR_OK);
	assert_int_equal(n, 4);
	free(list);
	assert_int_equal(store_received_file_content(f->c, f3.id, &bytes, &len), ERR_OK);
	assert_int_equal(len, 17);
	assert_memory_equal(bytes, "<CTfile></CTfile>", 17);
	free(bytes);
	problem_list_release(&pl);
	problem_list_release(&back);
}

static void test_file_cap(void **state)
{
	struct fx *f = *state;
	struct errbuf eb = { "" };
	int64_t la = add_la(f->c, 888, "Northshire");
	struct establishment a = add_est(f->c, la, 2001, "Alder Primary", 0);
	struct file_request r = make_request(la, "KS2");
	struct received_file big, exact, *list = NULL;
	char *bytes = xcalloc(RECEIVED_FILE_MAX + 1, 1), *back = NULL;
	size_t n = 0, len = 0;

	assert_int_equal(store_file_request_add(f->c, &alice, &r, &a.id, 1, &eb), ERR_OK);
	memset(bytes, 'x', RECEIVED_FILE_MAX + 1);
	big = make_file(r.id, a.id, "upload-error", 100);
	assert_int_equal(store_received_file_add(f->c, &alice, &big, bytes, RECEIVED_FILE_MAX + 1,
						 NULL, &eb),
			 ERR_TOO_BIG);
	assert_non_null(strstr(eb.msg, "3145728"));
	assert_int_equal(store_received_file_list(f->c, r.id, 0, &list, &n), ERR_OK);
	assert_int_equal(n, 0);
	free(list);
	exact = make_file(r.id, a.id, "upload-error", 100);
	assert_int_equal(store_received_file_add(f->c, &alice, &exact, bytes, RECEIVED_FILE_MAX,
						 NULL, &eb),
			 ERR_OK);
	assert_int_equal(store_received_file_content(f->c, exact.id, &back, &len), ERR_OK);
	assert_int_equal(len, RECEIVED_FILE_MAX);
	free(back);
	free(bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_request_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_files_supersede, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_cap, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
