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
	assert_true(parse(&a, "multipart/form-data; boundary=\"a b\"",
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
			   "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue",
			   &p, &n, msg));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_and_file),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
