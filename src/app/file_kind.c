/*
 * file_kind: what a file holds, from its first bytes (see file_kind.h), so that
 * `pupiltrack validate` and `import` pick the right check and an upload of the
 * wrong kind of file is refused with one message saying where it belongs.
 */
#include "app/file_kind.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/pupil_import.h"

/* The bytes past a UTF-8 byte order mark. */
static const char *skip_bom(const char *s, size_t *len)
{
	if (*len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		*len -= 3;
		return s + 3;
	}
	return s;
}

/* The root element's name (prefix dropped) of XML text into root; "" when the
 * text ends first. Skips the declaration, comments, processing instructions and
 * a DOCTYPE (whose name is taken: ctf_read refuses the DOCTYPE itself). */
static void xml_root(const char *s, size_t len, char root[static FILE_ROOT_MAX])
{
	const char *end = s + len, *p = s, *q, *name;
	size_t n;

	root[0] = '\0';
	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
			p++;
		if (p >= end || *p != '<')
			return;
		if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			for (q = p + 4; q + 3 <= end && memcmp(q, "-->", 3) != 0; q++)
				;
			p = q + 3;
			continue;
		}
		if (end - p >= 2 && p[1] == '?') {
			for (q = p + 2; q + 2 <= end && memcmp(q, "?>", 2) != 0; q++)
				;
			p = q + 2;
			continue;
		}
		name = p + 1;
		if (end - p >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0) {
			name = p + 9;
			while (name < end &&
			       (*name == ' ' || *name == '\t' || *name == '\r' || *name == '\n'))
				name++;
		}
		for (q = name; q < end && !strchr(" \t\r\n/>[", *q); q++)
			;
		n = (size_t)(q - name);
		for (const char *c = name; c < q; c++)
			if (*c == ':') {
				n -= (size_t)(c + 1 - name);
				name = c + 1;
			}
		if (n >= FILE_ROOT_MAX)
			n = FILE_ROOT_MAX - 1;
		memcpy(root, name, n);
		root[n] = '\0';
		return;
	}
}

/* True when the first line's fields are the upload template's header (LCCNo may
 * be left out), in any case, quoted or not. */
static bool pupil_csv_header(const char *s, size_t len)
{
	const char *end = memchr(s, '\n', len);
	const char *p = s;
	size_t col = 0;

	if (!end)
		end = s + len;
	for (;;) {
		const char *f = p, *fe;
		size_t n;

		while (p < end && *p != ',')
			p++;
		fe = p;
		while (f < fe && (*f == ' ' || *f == '"'))
			f++;
		while (fe > f && (fe[-1] == ' ' || fe[-1] == '"' || fe[-1] == '\r'))
			fe--;
		n = (size_t)(fe - f);
		if (col >= IMPORT_COLUMNS || strlen(pupil_import_header[col]) != n ||
		    strncasecmp(f, pupil_import_header[col], n) != 0)
			break;
		col++;
		if (p >= end)
			break;
		p++;
	}
	return col >= IMPORT_COLUMNS - 1;
}

/* Nothing but line breaks, spaces and tabs. */
static bool blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!strchr(" \t\r\n", s[i]) || !s[i])
			return false;
	return true;
}

enum file_kind file_kind_of(const char *data, size_t len, char root[static FILE_ROOT_MAX])
{
	const char *s = skip_bom(data, &len);

	root[0] = '\0';
	if (len >= 4 && memcmp(s, "PK\x03\x04", 4) == 0)
		return FILE_KIND_XLSX;
	/* UTF-16 and UTF-32 text: ctf_read names the encoding problem */
	if (len >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 || memcmp(s, "\xFE\xFF", 2) == 0))
		return FILE_KIND_CTF;
	xml_root(s, len, root);
	if (strcmp(root, "CTfile") == 0)
		return FILE_KIND_CTF;
	if (!root[0] && len >= 5 && memcmp(s, "<?xml", 5) == 0)
		return FILE_KIND_CTF; /* a declaration and nothing more: cut short */
	if (root[0])
		return FILE_KIND_UNKNOWN;
	if (pupil_csv_header(s, len) || blank(s, len))
		return FILE_KIND_PUPIL_CSV; /* an empty file: the CSV check says so at 1:1 */
	return FILE_KIND_UNKNOWN;
}

const char *file_kind_refusal(enum file_kind kind, enum file_kind want)
{
	if (kind == want)
		return NULL;
	switch (kind) {
	case FILE_KIND_PUPIL_CSV:
		return want == FILE_KIND_CTF ? "This looks like a pupil CSV file, not a CTF: use "
					       "Pupils > Upload pupils" :
					       NULL;
	case FILE_KIND_CTF:
		return want == FILE_KIND_PUPIL_CSV ? "This looks like a CTF (XML) file, not a "
						     "pupil CSV: use Submissions > Import a CTF" :
						     NULL;
	case FILE_KIND_XLSX:
		return want == FILE_KIND_PUPIL_CSV ?
			       "This is an Excel workbook (XLSX), not a CSV file: in the "
			       "spreadsheet program save it as CSV (File > Save As), then upload "
			       "that" :
			       "This is a spreadsheet (XLSX), not a CTF: export the CTF (XML) "
			       "from the MIS and import that";
	case FILE_KIND_UNKNOWN:
		return NULL;
	}
	return NULL;
}
