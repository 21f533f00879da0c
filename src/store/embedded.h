/*
 * embedded: files compiled into the binary by cmake/embed.cmake (the migrations),
 * one NULL-ended array per folder: schema/sqlite/ and schema/pg/, sorted by name.
 */
#ifndef PT_STORE_EMBEDDED_H
#define PT_STORE_EMBEDDED_H

struct embedded_file {
	const char *name; /* file name, e.g. "001_init.sql"; NULL ends the list */
	const char *text; /* the file's bytes, NUL-terminated */
};

/* Generated from src/store/schema/sqlite/\*.sql and src/store/schema/pg/\*.sql. */
extern const struct embedded_file schema_sqlite[];
extern const unsigned schema_sqlite_count;
extern const struct embedded_file schema_pg[];
extern const unsigned schema_pg_count;

#endif
