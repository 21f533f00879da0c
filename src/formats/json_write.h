/*
 * json_write: the only way pupiltrack produces JSON (API bodies, exports). Writes
 * into a capped strbuf, inserting commas itself and escaping every string so the
 * output is safe inside HTML <script> too ("</" and U+2028/2029 are escaped).
 */
#ifndef PT_FORMATS_JSON_WRITE_H
#define PT_FORMATS_JSON_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/strbuf.h"

enum { JSON_MAX_DEPTH = 32 };

struct json_write {
	struct strbuf *out;		    /* where the text goes; owned by the caller */
	int depth;			    /* open objects/arrays */
	bool first[JSON_MAX_DEPTH + 1];	    /* no member written yet at this depth */
	bool in_object[JSON_MAX_DEPTH + 1]; /* depth is an object (keys expected) */
	bool after_key;			    /* a key was written, its value comes next */
	bool broken;			    /* misuse or strbuf over its cap */
};

/* Starts writing into out (which keeps its contents; JSON is appended). */
void json_write_init(struct json_write *j, struct strbuf *out);
/* True when the document is complete and nothing was refused (no misuse, the
 * strbuf stayed under its cap). */
bool json_write_ok(const struct json_write *j);

/* Containers. In an object, every value is preceded by json_key(). */
void json_object_begin(struct json_write *j);
void json_object_end(struct json_write *j);
void json_array_begin(struct json_write *j);
void json_array_end(struct json_write *j);
void json_key(struct json_write *j, const char *key);

/* Values. Strings must be UTF-8; invalid bytes are replaced by U+FFFD. NULL
 * strings are written as null. */
void json_string(struct json_write *j, const char *s);
void json_string_n(struct json_write *j, const char *s, size_t n);
void json_int(struct json_write *j, int64_t v);
void json_bool(struct json_write *j, bool v);
void json_null(struct json_write *j);

/* A whole value made by a json_write before and kept by the caller (a piece of
 * an answer served again: store_piece_get), written as it is. */
void json_value_kept(struct json_write *j, const char *text, size_t n);

/* Shorthands for json_key followed by a value. */
void json_kv_string(struct json_write *j, const char *key, const char *s);
void json_kv_int(struct json_write *j, const char *key, int64_t v);
void json_kv_bool(struct json_write *j, const char *key, bool v);
/* issue 8a: value / 10^decimals as a JSON number (3704, 2 -> 37.04); decimals 0..6. */
void json_fixed(struct json_write *j, int64_t value, int decimals);

#endif
