/*
 * test_app: app_open and friends: the server key file (created once with mode
 * 0600, shared by every later open, refused when damaged), the code table and
 * its located problems, data paths and the replaceable clock.
 */
#include "testutil/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app.h"
#include "base/xalloc.h"
#include "store/store.h"

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *s = xmalloc(n);

	snprintf(s, n, "%s/%s", dir, name);
	return s;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_key_file(void **state)
{
	char *url = tu_fresh_db_url("app-key");
	char *dir = tu_temp_dir("app-key");
	char *key = join(dir, "server.key");
	struct app_config cfg = { 0 };
	struct errbuf eb = { "" };
	struct app *a = NULL, *b = NULL;
	struct stat st;

	(void)state;
	cfg.db_url = url;
	cfg.key_path = key;
	assert_int_equal(app_open(&cfg, &a, &eb), ERR_OK);
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 65);
	/* A second server process reads the same key. */
	assert_int_equal(app_open(&cfg, &b, &eb), ERR_OK);
	assert_memory_equal(a->key, b->key, 32);
	app_free(b);
	b = NULL;

	/* The environment names the key when the configuration does not. */
	cfg.key_path = NULL;
	setenv("PUPILTRACK_KEY_FILE", key, 1);
	assert_int_equal(app_open(&cfg, &b, &eb), ERR_OK);
	assert_memory_equal(a->key, b->key, 32);
	unsetenv("PUPILTRACK_KEY_FILE");
	app_free(b);
	b = NULL;

	/* A damaged key is refused, not silently replaced. */
	write_file(key, "not a key\n");
	cfg.key_path = key;
	assert_int_equal(app_open(&cfg, &b, &eb), ERR_INVALID);
	assert_null(b);
	assert_non_null(strstr(eb.msg, key));
	app_free(a);
	free(key);
	free(dir);
	free(url);
}

static void test_key_next_to_sqlite(void **state)
{
	char *dir = tu_temp_dir("app-sqlite-key");
	char *db = join(dir, "school.db");
	char *key = join(dir, "pupiltrack.key");
	char url[4096];
	struct app_config cfg = { 0 };
	struct errbuf eb = { "" };
	struct app *a = NULL;
	struct stat st;

	(void)state;
	unsetenv("PUPILTRACK_KEY_FILE");
	snprintf(url, sizeof(url), "sqlite:%s", db);
	cfg.db_url = url;
	assert_int_equal(app_open(&cfg, &a, &eb), ERR_OK);
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	app_free(a);
	free(key);
	free(db);
	free(dir);
}

static void test_code_table(void **state)
{
	char *url = tu_fresh_db_url("app-codes");
	char *dir = tu_temp_dir("app-codes");
	char *key = join(dir, "k");
	char *codes = join(dir, "codes.tsv");
	struct app_config cfg = { 0 };
	struct errbuf eb = { "" };
	struct app *a = NULL;

	(void)state;
	cfg.db_url = url;
	cfg.key_path = key;
	cfg.codes_path = codes;
	assert_int_equal(app_open(&cfg, &a, &eb), ERR_IO);
	assert_non_null(strstr(eb.msg, "codes.tsv"));
	assert_non_null(strstr(eb.msg, "--codes"));

	write_file(codes, "collection\tstage\tsubject\tmethod\tcomponent\tresult_qualifier\t"
			  "allowed_results\tlabel\tconfirmed\n"
			  "ks1\tKS1\tENG\tTA\tRE\tTA\tGDS,EXS\tKS1 reading\tmaybe\n");
	assert_int_equal(app_open(&cfg, &a, &eb), ERR_INVALID);
	assert_null(a);
	/* Located as FILE:LINE:COL. */
	assert_non_null(strstr(eb.msg, "codes.tsv:2:"));

	write_file(codes, "collection\tstage\tsubject\tmethod\tcomponent\tresult_qualifier\t"
			  "allowed_results\tlabel\tconfirmed\n"
			  "ks1\tKS1\tENG\tTA\tRE\tTA\tGDS,EXS\tKS1 reading\tyes\n");
	assert_int_equal(app_open(&cfg, &a, &eb), ERR_OK);
	assert_non_null(a->codes);
	app_free(a);
	free(codes);
	free(key);
	free(dir);
	free(url);
}

static int64_t clock_fixed(void *ctx)
{
	return *(int64_t *)ctx;
}

static void test_paths_and_clock(void **state)
{
	char *url = tu_fresh_db_url("app-paths");
	char *dir = tu_temp_dir("app-paths");
	char *key = join(dir, "k");
	struct app_config cfg = { 0 };
	struct errbuf eb = { "" };
	struct app *a = NULL;
	int64_t t = 1234567890, before;
	char *p;

	(void)state;
	cfg.db_url = url;
	cfg.key_path = key;
	assert_int_equal(app_open(&cfg, &a, &eb), ERR_OK);
	assert_string_equal(a->cfg.db_url, url);
	assert_true(a->cfg.pool_size > 0);
	p = app_data_path(a, "ctf-codes-2025.tsv");
	assert_non_null(strstr(p, "/ctf-codes-2025.tsv"));
	free(p);
	setenv("PUPILTRACK_DATA_DIR", "/env/data", 1);
	p = app_data_path(a, "x.txt");
	assert_string_equal(p, "/env/data/x.txt");
	free(p);
	unsetenv("PUPILTRACK_DATA_DIR");
	p = app_data_path(NULL, "x.txt");
	assert_string_equal(p, PUPILTRACK_DATADIR "/x.txt");
	free(p);

	before = app_now(a);
	assert_true(before > 1700000000);
	a->now = clock_fixed;
	a->now_ctx = &t;
	assert_int_equal(app_now(a), 1234567890);
	app_free(a);

	cfg.data_dir = "/cfg/data/";
	assert_int_equal(app_open(&cfg, &a, &eb), ERR_IO); /* no code table there */
	assert_non_null(strstr(eb.msg, "/cfg/data/ctf-codes-2025.tsv"));
	free(key);
	free(dir);
	free(url);
}

static void test_file_read(void **state)
{
	char *dir = tu_temp_dir("app-read");
	char *path = join(dir, "f.txt");
	struct errbuf eb = { "" };
	char *text = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(app_file_read(path, 100, &text, &len, &eb), ERR_IO);
	assert_null(text);
	write_file(path, "hello\n");
	assert_int_equal(app_file_read(path, 100, &text, &len, &eb), ERR_OK);
	assert_int_equal(len, 6);
	assert_string_equal(text, "hello\n");
	free(text);
	assert_int_equal(app_file_read(path, 5, &text, &len, &eb), ERR_TOO_BIG);
	assert_null(text);
	free(path);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_file),   cmocka_unit_test(test_key_next_to_sqlite),
		cmocka_unit_test(test_code_table), cmocka_unit_test(test_paths_and_clock),
		cmocka_unit_test(test_file_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
