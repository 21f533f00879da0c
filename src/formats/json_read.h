/*
 * json_read: the one JSON reader, for API request bodies that are one flat
 * object of named single values ({"class": 3, "sen_notes": null}), as an RFC
 * 7396 merge patch of a record is. Strict RFC 8259 syntax; strings must be
 * valid UTF-8 with no NUL (escaped or not); nested objects and arrays, duplicate
 * names and anything after the object are refused. No allocation beyond a
 * capped buffer; the caller caps the input's length.
 */
#ifndef PT_FORMATS_JSON_READ_H
#define PT_FORMATS_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>

enum json_scalar { JSON_S_STRING, JSON_S_NUMBER, JSON_S_TRUE, JSON_S_FALSE, JSON_S_NULL };

enum { JSON_READ_MEMBERS_MAX = 200, JSON_READ_NAME_MAX = 64 };

/* Called for each member in order. name and value are NUL-terminated and valid
 * only during the call; value is the decoded string, the number as written,
 * "true", "false" or "" for null. Returning false stops reading (the callback
 * has written its own message into msg). */
typedef bool (*json_member_fn)(void *ctx, const char *name, const char *value, size_t value_len,
			       enum json_scalar kind, char *msg, size_t msglen);

/* Reads text[0..len) as one flat object, calling each for every member. False
 * with a message ("byte N: ...") for anything else: not JSON, not an object, a
 * value that is an object or array, a name used twice, more than
 * JSON_READ_MEMBERS_MAX members or a name longer than JSON_READ_NAME_MAX bytes. */
bool json_read_flat_object(const char *text, size_t len, json_member_fn each, void *ctx, char *msg,
			   size_t msglen);

#endif
