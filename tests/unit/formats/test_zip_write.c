/*
 * test_zip_write: an archive built in memory holds every entry under its name
 * with its exact bytes (read back with libzip); no entries, a repeated or an
 * empty name is refused before anything is built.
 */
#include "testutil/testutil.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "formats/zip_write.h"

/* The bytes of entry name in the archive, or NULL; caller frees. */
static char *entry(const char *zip, size_t len, const char *name, zip_uint64_t *size)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_file_t *zf;
	zip_stat_t st;
	char *out = NULL;

	zip_error_init(&ze);
	src = zip_source_buffer_create(zip, len, 0, &ze);
	assert_non_null(src);
	za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(za);
	if (zip_stat(za, name, 0, &st) == 0) {
		out = calloc(1, st.size + 1);
		zf = zip_fopen(za, name, 0);
		assert_non_null(zf);
		assert_int_equal(zip_fread(zf, out, st.size), (zip_int64_t)st.size);
		zip_fclose(zf);
		*size = st.size;
	}
	zip_discard(za);
	zip_error_fini(&ze);
	return out;
}

static void test_round_trip(void **state)
{
	static const char ctf[] = "<?xml version=\"1.0\"?><CTfile/>\n";
	char big[70000];
	struct zip_entry e[] = {
		{ "8882001-1-ks2.xml", ctf, sizeof(ctf) - 1 },
		{ "8882002-2-repeat.bin", big, sizeof(big) },
	};
	struct errbuf eb = { "" };
	char *zip = NULL, *got;
	size_t len = 0;
	zip_uint64_t size = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i % 7 == 0 ? 0 : 'a' + i % 26);
	assert_int_equal(zip_write(e, 2, &zip, &len, &eb), ERR_OK);
	assert_true(len > 4 && memcmp(zip, "PK\x03\x04", 4) == 0);
	/* deflated: far smaller than the repetitive entry */
	assert_true(len < sizeof(big) / 2);
	got = entry(zip, len, "8882001-1-ks2.xml", &size);
	assert_non_null(got);
	assert_int_equal(size, sizeof(ctf) - 1);
	assert_memory_equal(got, ctf, size);
	free(got);
	got = entry(zip, len, "8882002-2-repeat.bin", &size);
	assert_non_null(got);
	assert_int_equal(size, sizeof(big));
	assert_memory_equal(got, big, size);
	free(got);
	assert_null(entry(zip, len, "missing.xml", &size));
	free(zip);
}

static void test_refused(void **state)
{
	struct zip_entry twice[] = { { "a.xml", "1", 1 }, { "a.xml", "2", 1 } };
	struct zip_entry unnamed[] = { { "", "1", 1 } };
	struct errbuf eb = { "" };
	char *zip = (char *)"untouched";
	size_t len = 7;

	(void)state;
	assert_int_equal(zip_write(twice, 2, &zip, &len, &eb), ERR_INVALID);
	assert_null(zip);
	assert_int_equal(len, 0);
	assert_non_null(strstr(eb.msg, "a.xml"));
	assert_int_equal(zip_write(unnamed, 1, &zip, &len, &eb), ERR_INVALID);
	assert_null(zip);
	assert_int_equal(zip_write(NULL, 0, &zip, &len, &eb), ERR_INVALID);
	assert_null(zip);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
