/*
 * json_batch: the JSON arrays the store's batched statements take as one text
 * parameter (store_pupil_fast.c, store_stat_import.c, store_audit.c): rows
 * written with every string escaped, that the statement reads with SQLite's
 * json_each or PostgreSQL's jsonb functions (stmt.c). Not the response writer
 * (formats/json_write.c). Private to src/store.
 */
#ifndef PT_STORE_JSON_BATCH_H
#define PT_STORE_JSON_BATCH_H

#include <stdbool.h>

#include "base/strbuf.h"

/* Adds s as a JSON string, quotes included: '"' and '\\' escaped with a
 * backslash, bytes under 0x20 as \u00XX, the rest (UTF-8) as it is. NULL is
 * written as "". */
void json_batch_str(struct strbuf *sb, const char *s);
/* Opens the next row of the array being built in sb (empty before the first
 * row): '[' before the first, ',' before the others. */
void json_batch_row(struct strbuf *sb);
/* Adds the member "key": v (json_batch_str) of an object row, opening the
 * object ('{') when first, else after a ','. The caller closes it with '}'. */
void json_batch_key_str(struct strbuf *sb, const char *key, const char *v, bool first);
/* The same with a number. */
void json_batch_key_int(struct strbuf *sb, const char *key, long long v, bool first);
/* Closes the array and returns its text, owned by sb: "[]" when no row was
 * opened. */
const char *json_batch_end(struct strbuf *sb);

#endif
