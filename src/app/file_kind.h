/*
 * file_kind: what a file holds, from its first bytes: a CTF (XML), a pupil upload
 * CSV, a results spreadsheet (XLSX) or none of these. Used by `pupiltrack
 * validate` and `import` to choose a check, and by the pupil upload and the CTF
 * import to refuse the other kinds with one message naming where they belong.
 */
#ifndef PT_APP_FILE_KIND_H
#define PT_APP_FILE_KIND_H

#include <stddef.h>

enum file_kind { FILE_KIND_UNKNOWN, FILE_KIND_CTF, FILE_KIND_PUPIL_CSV, FILE_KIND_XLSX };
enum {
	FILE_ROOT_MAX = 64,	   /* bytes with NUL of an XML root element's name */
	FILE_KIND_HEAD = 64 * 1024 /* bytes enough to tell a file's kind */
};

/* CTF XML by its root element CTfile, pupil CSV by the upload template's header
 * (or nothing but blank lines: the CSV check reports the file as empty),
 * XLSX by the zip signature; root gets an XML file's root element name. */
enum file_kind file_kind_of(const char *data, size_t len, char root[static FILE_ROOT_MAX]);

/* The one message refusing a file of kind where a file of kind want is asked
 * for ("This looks like a pupil CSV file, not a CTF: use Pupils > Upload
 * pupils"), or NULL when kind is want or unknown (the reader of want then says
 * what is wrong with it). */
const char *file_kind_refusal(enum file_kind kind, enum file_kind want);

#endif
