/*
 * test_multipart: the multipart/form-data reader of file uploads: fields and a
 * file with CRLFs and boundary-like text inside, quoted and bare boundaries, a
 * Windows path as file name, and the refusals (no boundary, cut short, a part
 * without a name, too many parts).
 */
#include <stdio.h>
#include <string.h>

#include "testutil/testutil.h"
#include "web/multipart.h"

static const char ct[] = "multipart/form-data; boundary=XyZ";

static bool parse(struct arena *a, const char *type, const char *body,
		  struct multipart_part **parts, size_t *n, char *msg)
{
	return multipart_parse(a, type, body, strlen(body), parts, n, msg, 200);
}

static void test_fields_and_file(void **state)
{
	(void)state;
	struct arena a;
	struct multipart_part *p;
	size_t n;
	char msg[200];
	const char body[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
		"filename=\"C:\\Users\\me\\pupils.csv\"\r\nContent-Type: text/csv\r\n\r\n"
		"UPN,Surname\r\n--XyZnot a boundary\r\nA,B\r\n"
		"\r\n--XyZ--\r\n";

	arena_init(&a);
	assert_true(multipart_is_type(ct));
	assert_true(multipart_is_type("Multipart/Form-Data; boundary=\"q r\""));
	assert_false(multipart_is_type("application/x-www-form-urlencoded"));
	assert_true(parse(&a, ct, body, &p, &n, msg));
	assert_int_equal(n, 2);
	assert_string_equal(p[0].name, "csrf");
	assert_null(p[0].filename);
	assert_int_equal(p[0].len, 3);
	assert_memory_equal(p[0].data, "abc", 3);
	assert_string_equal(p[1].name, "file");
	assert_string_equal(p[1].filename, "C:\\Users\\me\\pupils.csv");
	assert_int_equal(p[1].len, strlen("UPN,Surname\r\n--XyZnot a boundary\r\nA,B\r\n"));
	assert_memory_equal(p[1].data, "UPN,Surname\r\n--XyZnot a boundary\r\nA,B\r\n", p[1].len);

	/* A quoted boundary with a space, and an empty file. */
	assert_true(
		parse(&a, "multipart/form-data; boundary=\"a b\"",
		      "--a b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\"\r\n\r\n"
		      "\r\n--a b--",
		      &p, &n, msg));
	assert_int_equal(n, 1);
	assert_int_equal(p[0].len, 0);
	assert_string_equal(p[0].filename, "");
	arena_release(&a);
}

static void test_refusals(void **state)
{
	(void)state;
	struct arena a;
	struct multipart_part *p;
	size_t n;
	char msg[200];
	char many[4096];
	size_t used = 0;

	arena_init(&a);
	assert_false(parse(&a, "multipart/form-data", "--x\r\n", &p, &n, msg));
	assert_non_null(strstr(msg, "boundary"));
	/* Cut short: no closing delimiter. */
	assert_false(parse(&a, ct,
			   "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue", &p,
			   &n, msg));
	assert_non_null(strstr(msg, "cut short"));
	assert_false(parse(&a, ct, "--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--", &p, &n,
			   msg));
	assert_non_null(strstr(msg, "no name"));
	assert_false(parse(&a, ct, "nothing here", &p, &n, msg));
	for (int i = 0; i <= MULTIPART_PARTS_MAX; i++)
		used += (size_t)snprintf(many + used, sizeof(many) - used, "%s",
					 "--XyZ\r\nContent-Disposition: form-data; "
					 "name=\"a\"\r\n\r\nv\r\n");
	snprintf(many + used, sizeof(many) - used, "--XyZ--");
	assert_false(parse(&a, ct, many, &p, &n, msg));
	assert_non_null(strstr(msg, "too many"));
	arena_release(&a);
}

/* issue 7e: the watch measures file parts while the body arrives in pieces,
 * whatever the piece boundaries (here one byte at a time through the
 * delimiters), and flags only a file part over the limit. */
static void test_watch(void **state)
{
	char body[4096];
	struct multipart_watch w;
	const char *name = NULL;
	size_t len, seen = 0, at;
	bool over = false;

	(void)state;
	len = (size_t)snprintf(body, sizeof(body),
			       "--XyZ\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\n"
			       "%0200d\r\n"
			       "--XyZ\r\nContent-Disposition: form-data; name=\"files\"; "
			       "filename=\"small.xml\"\r\n\r\n%099d\r\n"
			       "--XyZ\r\nContent-Disposition: form-data; name=\"files\"; "
			       "filename=\"big.xml\"\r\n\r\n%0300d\r\n--XyZ--\r\n",
			       0, 0, 0);
	/* a limit of 100: the 200-byte field and the 99-byte file pass */
	assert_true(multipart_watch_init(&w, ct));
	for (at = 1; at <= len && !over; at++)
		over = multipart_watch_over(&w, body, at, 100, &name, &seen);
	assert_true(over);
	assert_string_equal(name, "big.xml");
	assert_true(seen > 100 && seen <= 300);
	assert_true(at < len); /* seen before the end of the body */
	/* a limit of 300: nothing is over, the whole body read in two pieces */
	assert_true(multipart_watch_init(&w, ct));
	assert_false(multipart_watch_over(&w, body, len / 2, 300, &name, &seen));
	assert_false(multipart_watch_over(&w, body, len, 300, &name, &seen));
	/* a limit of 299: the 300-byte file is found once its delimiter is in */
	assert_true(multipart_watch_init(&w, ct));
	assert_true(multipart_watch_over(&w, body, len, 299, &name, &seen));
	assert_int_equal(seen, 300);
	/* no boundary: nothing to watch */
	assert_false(multipart_watch_init(&w, "multipart/form-data"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_and_file),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_watch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
