/*
 * testutil: helpers shared by the C tests: where the shared fixtures are, a fresh
 * database URL for the backend chosen by PT_DB (sqlite or pg), temporary files.
 */
#ifndef PT_TESTUTIL_H
#define PT_TESTUTIL_H

#include <stddef.h>
#include <stdarg.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* Path under ../shared (PT_SHARED_DIR); the caller frees. */
char *tu_shared_path(const char *rel);
/* Path under the source tree (PT_SOURCE_DIR); the caller frees. */
char *tu_source_path(const char *rel);
/* Reads a whole file; NULL when it cannot. The caller frees. */
char *tu_read_file(const char *path, size_t *len);
/* "sqlite" or "pg", from PT_DB (default sqlite). */
const char *tu_backend(void);
/* A database URL for a new, empty database on the chosen backend: a new SQLite
 * file under PT_TEST_TMP, or a new database created on the test PostgreSQL
 * cluster (whose URL the pg_cluster fixture wrote to PT_PG_URL_FILE).
 * Aborts the test run when the backend is unreachable: PostgreSQL tests never
 * skip. The caller frees. */
char *tu_fresh_db_url(const char *label);
/* Runs sql straight on the database at url (a store URL), outside the store;
 * returns the error text (the caller frees) or NULL when it succeeded. */
char *tu_raw_exec(const char *url, const char *sql);
/* A new empty directory under PT_TEST_TMP; the caller frees. */
char *tu_temp_dir(const char *label);

#endif
