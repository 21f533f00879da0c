/*
 * test_collection_mat: how a MAT bulk upload finds a file's school (issue 7d):
 * the CTF header, a spreadsheet's School DFE column (the shared FFT fixture), a
 * CSV's school column, else a 7-digit number in the file's name; never a longer
 * number, and nothing when neither names a school.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil/testutil.h"
#include "app/collection_mat.h"

static char *shared(const char *rel, size_t *len)
{
	char *path = tu_shared_path(rel);
	char *text = tu_read_file(path, len);

	if (!text)
		fail_msg("cannot read %s", path);
	free(path);
	return text;
}

static void test_content_first(void **state)
{
	enum mat_found found = MAT_FOUND_NONE;
	size_t len = 0;
	char *ctf = shared("fixtures/ctf/8881234_KS2_888LLLL_001.xml", &len);
	char *xlsx;

	(void)state;
	/* the CTF header wins over a different number in the name */
	assert_int_equal(collection_mat_laestab("7770001_return.xml", ctf, len, &found), 8881234);
	assert_int_equal(found, MAT_FOUND_CONTENT);
	free(ctf);
	xlsx = shared("fixtures/fft/ks1-early-results-8881234.xlsx", &len);
	assert_int_equal(collection_mat_laestab("results.xlsx", xlsx, len, &found), 8881234);
	assert_int_equal(found, MAT_FOUND_CONTENT);
	free(xlsx);
	{
		static const char csv[] = "UPN,School DFE,Surname\r\nA123,888-2001,Ashby\r\n";
		assert_int_equal(collection_mat_laestab("a.csv", csv, strlen(csv), &found),
				 8882001);
		assert_int_equal(found, MAT_FOUND_CONTENT);
	}
}

static void test_name_else(void **state)
{
	enum mat_found found = MAT_FOUND_CONTENT;
	size_t len = 0;
	char *pupils = shared("fixtures/pupils/pupils-8881234.csv", &len);
	static const char text[] = "Remember the deadline.";

	(void)state;
	/* the pupil template has no school column: its name says */
	assert_int_equal(collection_mat_laestab("pupils-8881234.csv", pupils, len, &found),
			 8881234);
	assert_int_equal(found, MAT_FOUND_NAME);
	free(pupils);
	assert_int_equal(collection_mat_laestab("KS2 888_2001 final.csv", text, strlen(text),
						&found),
			 8882001);
	assert_int_equal(found, MAT_FOUND_NAME);
	assert_int_equal(collection_mat_laestab("777/3001.xml", text, strlen(text), &found),
			 7773001);
	/* a longer number is no school number; neither is a shorter one */
	assert_int_equal(collection_mat_laestab("123456789.xml", text, strlen(text), &found), 0);
	assert_int_equal(found, MAT_FOUND_NONE);
	assert_int_equal(collection_mat_laestab("ks2-2026.xml", text, strlen(text), &found), 0);
	assert_int_equal(found, MAT_FOUND_NONE);
	assert_int_equal(collection_mat_laestab("a.xml", "", 0, &found), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content_first),
		cmocka_unit_test(test_name_else),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
