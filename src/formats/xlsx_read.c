/*
 * xlsx_read: the XLSX reader (see xlsx_read.h). The package is opened from memory
 * with libzip; each part is unpacked under a byte cap and parsed by libxml2 as a
 * tree, with DOCTYPEs refused before parsing and no entity substitution, DTD
 * loading or network access.
 */
#include "formats/xlsx_read.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/strbuf.h"
#include "base/utf8.h"
#include "base/xalloc.h"

#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_REL_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"

enum { PATH_MAX_LEN = 512 };

static const char damaged[] = "it is not an Excel workbook (.xlsx) or it is damaged: open it "
			      "in Excel and save it again as \"Excel Workbook (*.xlsx)\"";

struct reader {
	zip_t *za;	   /* the open package */
	size_t total;	   /* bytes unpacked so far */
	struct errbuf *eb; /* where the reason goes */
	char **strings;	   /* shared strings, owned */
	size_t nstrings;   /* used in strings */
	bool *date_xf;	   /* per cell style (cellXfs index): a date format */
	size_t nxf;	   /* entries in date_xf */
	size_t ncells;	   /* cells over all sheets */
};

/* Unpacks the part at path (no leading '/') into *out (NUL-terminated, caller
 * frees). Missing parts give ERR_NOT_FOUND without a message. */
static enum err part_read(struct reader *rd, const char *path, size_t max, char **out, size_t *len)
{
	struct strbuf sb;
	zip_file_t *zf = NULL;
	zip_stat_t st;
	zip_int64_t idx, n;
	char chunk[16384];
	enum err rc = ERR_OK;

	*out = NULL;
	strbuf_init(&sb, max);
	idx = zip_name_locate(rd->za, path, 0);
	if (idx < 0)
		return ERR_NOT_FOUND;
	zip_stat_init(&st);
	if (zip_stat_index(rd->za, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    (st.size > max || st.size > XLSX_TOTAL_MAX - rd->total)) {
		rc = errbuf_set(rd->eb, ERR_TOO_BIG,
				"the workbook part %.80s unpacks to %llu bytes, more than the "
				"limit of %zu: this is not a normal spreadsheet",
				path, (unsigned long long)st.size, max);
		goto out;
	}
	zf = zip_fopen_index(rd->za, (zip_uint64_t)idx, 0);
	if (!zf) {
		rc = errbuf_set(rd->eb, ERR_INVALID, "%s", damaged);
		goto out;
	}
	/* The declared size may lie: count what is really produced. */
	while ((n = zip_fread(zf, chunk, sizeof(chunk))) > 0) {
		if (!strbuf_add(&sb, chunk, (size_t)n) || rd->total + sb.len > XLSX_TOTAL_MAX) {
			rc = errbuf_set(rd->eb, ERR_TOO_BIG,
					"the workbook part %.80s unpacks to more than the "
					"limit of %zu bytes: this is not a normal spreadsheet",
					path, max);
			goto out;
		}
	}
	if (n < 0) {
		rc = errbuf_set(rd->eb, ERR_INVALID, "%s", damaged);
		goto out;
	}
	rd->total += sb.len;
	*out = strbuf_detach(&sb, len); /* NUL-terminated, "" when empty */
out:
	if (zf)
		zip_fclose(zf);
	strbuf_release(&sb);
	return rc;
}

/* Refuses what no spreadsheet part holds before libxml2 sees it: NUL bytes
 * (UTF-16 and binary data) and any DOCTYPE or entity declaration. */
static enum err xml_precheck(struct reader *rd, const char *path, const char *text, size_t len)
{
	if (len > INT32_MAX || memchr(text, '\0', len) || strstr(text, "<!DOCTYPE") ||
	    strstr(text, "<!ENTITY"))
		return errbuf_set(rd->eb, ERR_INVALID,
				  "the workbook part %.80s holds a document type declaration or "
				  "binary data, which spreadsheets never do: %s",
				  path, damaged);
	return ERR_OK;
}

enum {
	XML_OPTIONS = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA
};

/* Parses a small part's text as a tree. */
static enum err xml_parse(struct reader *rd, const char *path, const char *text, size_t len,
			  xmlDoc **out)
{
	xmlDoc *doc;
	enum err rc = xml_precheck(rd, path, text, len);

	*out = NULL;
	if (rc != ERR_OK)
		return rc;
	doc = xmlReadMemory(text, (int)len, path, NULL, XML_OPTIONS);
	if (!doc || doc->intSubset || doc->extSubset || !xmlDocGetRootElement(doc)) {
		xmlFreeDoc(doc);
		return errbuf_set(rd->eb, ERR_INVALID, "the workbook part %.80s is not valid: %s",
				  path, damaged);
	}
	*out = doc;
	return ERR_OK;
}

/* libxml2 reports through this; the reason for the user is set by the caller. */
static void xml_quiet(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

/* Opens a streaming reader over a large part (sheet, shared strings); *text
 * must outlive the reader (caller frees both). ERR_NOT_FOUND when absent. */
static enum err stream_open(struct reader *rd, const char *path, char **text, xmlTextReaderPtr *out)
{
	size_t len = 0;
	enum err rc = part_read(rd, path, XLSX_PART_MAX, text, &len);

	*out = NULL;
	if (rc == ERR_OK)
		rc = xml_precheck(rd, path, *text, len);
	if (rc == ERR_OK) {
		*out = xmlReaderForMemory(*text, (int)len, path, NULL, XML_OPTIONS);
		if (!*out)
			rc = errbuf_set(rd->eb, ERR_INVALID,
					"the workbook part %.80s is not valid: %s", path, damaged);
		else
			xmlTextReaderSetStructuredErrorHandler(*out, xml_quiet, NULL);
	}
	return rc;
}

/* The next node of a stream (ret 1), refusing document types; 0 at the end,
 * -1 on bad XML. */
static int stream_read(xmlTextReaderPtr xr)
{
	int ret = xmlTextReaderRead(xr);

	if (ret == 1 && xmlTextReaderNodeType(xr) == XML_READER_TYPE_DOCUMENT_TYPE)
		return -1;
	return ret;
}

static bool stream_at(xmlTextReaderPtr xr, const char *name)
{
	const xmlChar *n = xmlTextReaderConstLocalName(xr);

	return xmlTextReaderNodeType(xr) == XML_READER_TYPE_ELEMENT && n &&
	       strcmp((const char *)n, name) == 0;
}

/* Reads and parses a part; ERR_NOT_FOUND (no message) when absent. */
static enum err part_xml(struct reader *rd, const char *path, xmlDoc **out)
{
	char *text = NULL;
	size_t len = 0;
	enum err rc = part_read(rd, path, XLSX_META_MAX, &text, &len);

	*out = NULL;
	if (rc == ERR_OK)
		rc = xml_parse(rd, path, text, len, out);
	free(text);
	return rc;
}

static bool is_el(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *child(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_el(c, name))
			return c;
	return NULL;
}

/* An attribute's value (caller frees with xmlFree), or NULL. */
static char *attr(const xmlNode *n, const char *name)
{
	return (char *)xmlGetNoNsProp(n, (const xmlChar *)name);
}

/* Joins base_dir (ending in '/' or "") and target, resolving "." and "..";
 * a target starting with '/' is from the package root. False when it escapes the
 * root or is too long. */
static bool path_resolve(const char *base_dir, const char *target, char out[PATH_MAX_LEN])
{
	char tmp[PATH_MAX_LEN];
	size_t n = 0;
	const char *p;

	if (snprintf(tmp, sizeof(tmp), "%s%s", target[0] == '/' ? "" : base_dir,
		     target[0] == '/' ? target + 1 : target) >= (int)sizeof(tmp))
		return false;
	out[0] = '\0';
	for (p = tmp; *p;) {
		const char *slash = strchr(p, '/');
		size_t seg = slash ? (size_t)(slash - p) : strlen(p);
		if (seg == 0 || (seg == 1 && p[0] == '.')) {
			/* skip */
		} else if (seg == 2 && p[0] == '.' && p[1] == '.') {
			if (n == 0)
				return false;
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
			out[n] = '\0';
		} else {
			if (n)
				out[n++] = '/';
			memcpy(out + n, p, seg);
			n += seg;
			out[n] = '\0';
		}
		p += seg + (slash ? 1 : 0);
	}
	return n > 0;
}

/* The folder of a part path with its trailing '/' ("xl/" for "xl/workbook.xml"). */
static void path_dir(const char *path, char out[PATH_MAX_LEN])
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path + 1) : 0;

	memcpy(out, path, n);
	out[n] = '\0';
}

/* Finds in a .rels document the relationship with Id id (when id) or whose Type
 * ends in type_suffix (when type_suffix), and resolves its Target against dir. */
static bool rel_find(xmlDoc *rels, const char *dir, const char *id, const char *type_suffix,
		     char out[PATH_MAX_LEN], bool *is_type)
{
	xmlNode *root = rels ? xmlDocGetRootElement(rels) : NULL;
	bool found = false;

	for (xmlNode *r = root ? root->children : NULL; r && !found; r = r->next) {
		char *rid, *type, *target;
		if (!is_el(r, "Relationship"))
			continue;
		rid = attr(r, "Id");
		type = attr(r, "Type");
		target = attr(r, "Target");
		if (target && type &&
		    (id ? rid && strcmp(rid, id) == 0 :
			  strlen(type) >= strlen(type_suffix) &&
				     strcmp(type + strlen(type) - strlen(type_suffix),
					    type_suffix) == 0)) {
			found = path_resolve(dir, target, out);
			if (is_type) {
				size_t tl = strlen(type);
				*is_type = tl >= 10 && strcmp(type + tl - 10, "/worksheet") == 0;
			}
		}
		xmlFree(rid);
		xmlFree(type);
		xmlFree(target);
	}
	return found;
}

/* Appends the text of every <t> under n that is n's child or inside a run <r>
 * (phonetic runs rPh are left out). False when over XLSX_TEXT_MAX. */
static bool rich_text(const xmlNode *n, struct strbuf *sb)
{
	for (xmlNode *c = n->children; c; c = c->next) {
		if (is_el(c, "t")) {
			xmlChar *s = xmlNodeGetContent(c);
			bool ok = strbuf_adds(sb, s ? (const char *)s : "");
			xmlFree(s);
			if (!ok)
				return false;
		} else if (is_el(c, "r") && !rich_text(c, sb)) {
			return false;
		}
	}
	return true;
}

/* Makes a text safe to hand on: control characters other than tab and line
 * breaks (XML 1.1 character references) become spaces; false when the text is
 * not UTF-8 even so. */
static bool text_clean(char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if ((unsigned char)s[n] < 0x20 && s[n] != '\t' && s[n] != '\n' && s[n] != '\r')
			s[n] = ' ';
	return utf8_valid_text(s, n);
}

static enum err read_strings(struct reader *rd, const char *path)
{
	xmlTextReaderPtr xr = NULL;
	char *text = NULL;
	size_t alloc = 0;
	int ret;
	enum err rc = stream_open(rd, path, &text, &xr);

	if (rc != ERR_OK)
		goto out;
	ret = stream_read(xr);
	while (ret == 1) {
		struct strbuf sb;
		xmlNode *si;
		if (!stream_at(xr, "si")) {
			ret = stream_read(xr);
			continue;
		}
		if (rd->nstrings >= XLSX_STRINGS_MAX) {
			rc = errbuf_set(rd->eb, ERR_TOO_BIG,
					"the workbook has more than %d different texts",
					XLSX_STRINGS_MAX);
			goto out;
		}
		if (!(si = xmlTextReaderExpand(xr))) {
			ret = -1;
			break;
		}
		strbuf_init(&sb, XLSX_TEXT_MAX);
		if (!rich_text(si, &sb)) {
			strbuf_release(&sb);
			rc = errbuf_set(rd->eb, ERR_TOO_BIG,
					"a text in the workbook is longer than Excel allows");
			goto out;
		}
		if (rd->nstrings == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			rd->strings = xrealloc(rd->strings, alloc * sizeof(*rd->strings));
		}
		rd->strings[rd->nstrings++] = strbuf_detach(&sb, NULL);
		if (!text_clean(rd->strings[rd->nstrings - 1])) {
			rc = errbuf_set(rd->eb, ERR_INVALID, "a text is not UTF-8: %s", damaged);
			goto out;
		}
		ret = xmlTextReaderNext(xr);
	}
	if (ret < 0)
		rc = errbuf_set(rd->eb, ERR_INVALID, "the workbook part %.80s is not valid: %s",
				path, damaged);
out:
	xmlFreeTextReader(xr);
	free(text);
	return rc == ERR_NOT_FOUND ? ERR_OK : rc;
}

/* A custom number format shows a date when it has d, m or y outside quoted text,
 * [colour/locale] brackets and backslash escapes. */
static bool format_is_date(const char *f)
{
	bool quoted = false, bracket = false;

	for (; *f; f++) {
		char c = *f;
		if (quoted) {
			quoted = c != '"';
		} else if (bracket) {
			bracket = c != ']';
		} else if (c == '"') {
			quoted = true;
		} else if (c == '[') {
			bracket = true;
		} else if (c == '\\' || c == '_' || c == '*') {
			if (f[1])
				f++;
		} else if (c == 'd' || c == 'D' || c == 'm' || c == 'M' || c == 'y' || c == 'Y') {
			return true;
		}
	}
	return false;
}

static bool builtin_is_date(long id)
{
	return (id >= 14 && id <= 22) || (id >= 45 && id <= 47);
}

/* Which cell styles (cellXfs entries) are dates. styles.xml is optional. */
static enum err read_styles(struct reader *rd, const char *path)
{
	struct custom {
		long id;
		bool date;
	} *custom = NULL;
	size_t ncustom = 0, alloc = 0;
	xmlDoc *doc = NULL;
	xmlNode *root, *fmts, *xfs;
	enum err rc = part_xml(rd, path, &doc);

	if (rc == ERR_NOT_FOUND)
		return ERR_OK;
	if (rc != ERR_OK)
		return rc;
	root = xmlDocGetRootElement(doc);
	fmts = child(root, "numFmts");
	for (xmlNode *f = fmts ? fmts->children : NULL; f; f = f->next) {
		char *id, *code;
		if (!is_el(f, "numFmt") || ncustom >= 1000)
			continue;
		id = attr(f, "numFmtId");
		code = attr(f, "formatCode");
		if (id && code) {
			if (ncustom == alloc) {
				alloc = alloc ? alloc * 2 : 16;
				custom = xrealloc(custom, alloc * sizeof(*custom));
			}
			custom[ncustom].id = strtol(id, NULL, 10);
			custom[ncustom++].date = format_is_date(code);
		}
		xmlFree(id);
		xmlFree(code);
	}
	xfs = child(root, "cellXfs");
	for (xmlNode *x = xfs ? xfs->children : NULL; x && rd->nxf < 65536; x = x->next) {
		char *id;
		long v;
		bool date;
		if (!is_el(x, "xf"))
			continue;
		id = attr(x, "numFmtId");
		v = id ? strtol(id, NULL, 10) : 0;
		xmlFree(id);
		date = builtin_is_date(v);
		for (size_t i = 0; i < ncustom; i++)
			if (custom[i].id == v)
				date = custom[i].date;
		rd->date_xf = xrealloc(rd->date_xf, (rd->nxf + 1) * sizeof(*rd->date_xf));
		rd->date_xf[rd->nxf++] = date;
	}
	free(custom);
	xmlFreeDoc(doc);
	return ERR_OK;
}

bool xlsx_ref_parse(const char *ref, unsigned *col, unsigned long *row)
{
	unsigned long c = 0, r = 0;
	size_t letters = 0, digits = 0;
	const char *p = ref;

	if (!ref)
		return false;
	for (; *p >= 'A' && *p <= 'Z' && letters < 4; p++, letters++)
		c = c * 26 + (unsigned long)(*p - 'A' + 1);
	if (letters == 0 || c > XLSX_COL_MAX || *p == '0')
		return false;
	for (; *p >= '0' && *p <= '9' && digits < 8; p++, digits++)
		r = r * 10 + (unsigned long)(*p - '0');
	if (digits == 0 || *p || r < 1 || r > XLSX_ROW_MAX)
		return false;
	*col = (unsigned)(c - 1);
	*row = r;
	return true;
}

static int cell_cmp(const void *a, const void *b)
{
	const struct xlsx_cell *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

/* The value of one <c>: *text (caller frees) and *type; *text NULL = empty cell. */
static enum err cell_value(struct reader *rd, const xmlNode *c, const char *t, char **text,
			   enum xlsx_type *type)
{
	xmlNode *v = child(c, "v");
	xmlChar *vs = NULL;
	struct strbuf sb;
	enum err rc = ERR_OK;

	*text = NULL;
	*type = XLSX_STRING;
	if (t && strcmp(t, "inlineStr") == 0) {
		xmlNode *is = child(c, "is");
		if (!is)
			return ERR_OK;
		strbuf_init(&sb, XLSX_TEXT_MAX);
		if (!rich_text(is, &sb)) {
			strbuf_release(&sb);
			return errbuf_set(rd->eb, ERR_TOO_BIG,
					  "a text in the workbook is longer than Excel allows");
		}
		*text = strbuf_detach(&sb, NULL);
		if (!text_clean(*text))
			return errbuf_set(rd->eb, ERR_INVALID, "a cell's text is not UTF-8: %s",
					  damaged);
		return ERR_OK;
	}
	if (!v)
		return ERR_OK;
	vs = xmlNodeGetContent(v);
	if (!vs)
		return ERR_OK;
	if (strlen((const char *)vs) > XLSX_TEXT_MAX) {
		rc = errbuf_set(rd->eb, ERR_TOO_BIG,
				"a text in the workbook is longer than Excel allows");
	} else if (t && strcmp(t, "s") == 0) {
		char *end;
		unsigned long i = strtoul((const char *)vs, &end, 10);
		if (end == (const char *)vs || *end || i >= rd->nstrings)
			rc = errbuf_set(rd->eb, ERR_INVALID,
					"a cell refers to a text the "
					"workbook does not hold: %s",
					damaged);
		else
			*text = xstrdup(rd->strings[i]);
	} else if (t && strcmp(t, "b") == 0) {
		*type = XLSX_BOOL;
		*text = xstrdup(strcmp((const char *)vs, "1") == 0 ? "TRUE" : "FALSE");
	} else if (t && strcmp(t, "e") == 0) {
		*type = XLSX_ERROR;
		*text = xstrdup((const char *)vs);
	} else if (!t || strcmp(t, "n") == 0) {
		*type = XLSX_NUMBER;
		*text = xstrdup((const char *)vs);
	} else {
		/* "str" (a formula's text) and "d" (an ISO date as text) */
		*text = xstrdup((const char *)vs);
	}
	xmlFree(vs);
	if (rc == ERR_OK && *text && !text_clean(*text))
		rc = errbuf_set(rd->eb, ERR_INVALID, "a cell's text is not UTF-8: %s", damaged);
	return rc;
}

/* The row number of a <row> (its r, or one after the last); false when bad. */
static bool row_number(xmlTextReaderPtr xr, unsigned long *row)
{
	xmlChar *rr = xmlTextReaderGetAttribute(xr, (const xmlChar *)"r");
	unsigned long v = *row + 1;
	char *end;
	bool ok = true;

	if (rr) {
		v = strtoul((const char *)rr, &end, 10);
		ok = end != (char *)rr && !*end && v > *row;
	}
	xmlFree(rr);
	*row = v;
	return ok && v >= 1 && v <= XLSX_ROW_MAX;
}

/* One <c>: its place, value and style into *cell (text NULL = empty). */
static enum err read_cell(struct reader *rd, const struct xlsx_sheet *sh, const xmlNode *c,
			  unsigned long row, unsigned next_col, struct xlsx_cell *cell)
{
	char *ref = attr(c, "r"), *t = attr(c, "t"), *s = attr(c, "s");
	enum err rc;

	memset(cell, 0, sizeof(*cell));
	cell->row = row;
	cell->col = next_col;
	if (ref && (!xlsx_ref_parse(ref, &cell->col, &cell->row) || cell->row != row))
		rc = errbuf_set(rd->eb, ERR_INVALID,
				"cell reference %.12s in sheet %.40s is not valid: %s", ref,
				sh->name, damaged);
	else if (cell->col >= XLSX_COL_MAX)
		rc = errbuf_set(rd->eb, ERR_INVALID, "sheet %.40s has cells beyond column XFD: %s",
				sh->name, damaged);
	else
		rc = cell_value(rd, c, t, &cell->text, &cell->type);
	if (rc == ERR_OK && cell->type == XLSX_NUMBER && s) {
		unsigned long xf = strtoul(s, NULL, 10);
		cell->date_style = xf < rd->nxf && rd->date_xf[xf];
	}
	xmlFree(ref);
	xmlFree(t);
	xmlFree(s);
	return rc;
}

static enum err read_sheet(struct reader *rd, const char *path, struct xlsx_sheet *sh)
{
	xmlTextReaderPtr xr = NULL;
	char *text = NULL;
	size_t alloc = 0;
	unsigned long row = 0;
	unsigned next_col = 0;
	bool in_data = false, in_row = false;
	int ret;
	enum err rc = stream_open(rd, path, &text, &xr);

	if (rc == ERR_NOT_FOUND)
		rc = errbuf_set(rd->eb, ERR_INVALID,
				"the worksheet %.40s is missing from the file: %s", sh->name,
				damaged);
	if (rc != ERR_OK)
		goto out;
	ret = stream_read(xr);
	while (ret == 1) {
		struct xlsx_cell cell;
		xmlNode *c;
		if (xmlTextReaderNodeType(xr) == XML_READER_TYPE_END_ELEMENT) {
			const xmlChar *n = xmlTextReaderConstLocalName(xr);
			if (n && strcmp((const char *)n, "sheetData") == 0)
				in_data = false;
		} else if (stream_at(xr, "sheetData")) {
			in_data = !xmlTextReaderIsEmptyElement(xr);
		} else if (in_data && stream_at(xr, "row")) {
			if (!row_number(xr, &row)) {
				rc = errbuf_set(rd->eb, ERR_INVALID,
						"a row number in sheet %.40s is not valid: %s",
						sh->name, damaged);
				goto out;
			}
			next_col = 0;
			in_row = true;
		} else if (in_data && in_row && stream_at(xr, "c")) {
			if (!(c = xmlTextReaderExpand(xr))) {
				ret = -1;
				break;
			}
			if ((rc = read_cell(rd, sh, c, row, next_col, &cell)) != ERR_OK) {
				free(cell.text);
				goto out;
			}
			next_col = cell.col + 1;
			ret = xmlTextReaderNext(xr);
			if (!cell.text)
				continue;
			if (++rd->ncells > XLSX_CELLS_MAX) {
				free(cell.text);
				rc = errbuf_set(rd->eb, ERR_TOO_BIG,
						"the workbook has more than %d cells",
						XLSX_CELLS_MAX);
				goto out;
			}
			if (sh->ncells == alloc) {
				alloc = alloc ? alloc * 2 : 64;
				sh->cells = xrealloc(sh->cells, alloc * sizeof(*sh->cells));
			}
			sh->cells[sh->ncells++] = cell;
			continue;
		}
		ret = stream_read(xr);
	}
	if (ret < 0) {
		rc = errbuf_set(rd->eb, ERR_INVALID, "the worksheet %.40s is not valid: %s",
				sh->name, damaged);
		goto out;
	}
	if (sh->ncells > 1)
		qsort(sh->cells, sh->ncells, sizeof(*sh->cells), cell_cmp);
	for (size_t i = 1; i < sh->ncells; i++)
		if (cell_cmp(&sh->cells[i - 1], &sh->cells[i]) == 0) {
			rc = errbuf_set(rd->eb, ERR_INVALID,
					"sheet %.40s has the same cell twice: %s", sh->name,
					damaged);
			goto out;
		}
out:
	xmlFreeTextReader(xr);
	free(text);
	return rc;
}

/* The workbook part's path, from _rels/.rels (or the usual xl/workbook.xml). */
static enum err find_workbook(struct reader *rd, char path[PATH_MAX_LEN])
{
	xmlDoc *rels = NULL;
	enum err rc = part_xml(rd, "_rels/.rels", &rels);

	if (rc != ERR_OK && rc != ERR_NOT_FOUND)
		return rc;
	if (!rel_find(rels, "", NULL, "/officeDocument", path, NULL))
		snprintf(path, PATH_MAX_LEN, "xl/workbook.xml");
	xmlFreeDoc(rels);
	return ERR_OK;
}

static enum err read_book(struct reader *rd, struct xlsx_book *b)
{
	char wb_path[PATH_MAX_LEN], dir[PATH_MAX_LEN], rels_path[PATH_MAX_LEN + 16];
	char part[PATH_MAX_LEN];
	xmlDoc *wb = NULL, *rels = NULL;
	xmlNode *sheets;
	enum err rc;

	if ((rc = find_workbook(rd, wb_path)) != ERR_OK)
		return rc;
	rc = part_xml(rd, wb_path, &wb);
	if (rc == ERR_NOT_FOUND)
		rc = errbuf_set(rd->eb, ERR_INVALID, "the workbook part is missing: %s", damaged);
	if (rc != ERR_OK)
		goto out;
	path_dir(wb_path, dir);
	snprintf(rels_path, sizeof(rels_path), "%s_rels/%s.rels", dir, wb_path + strlen(dir));
	rc = part_xml(rd, rels_path, &rels);
	if (rc == ERR_NOT_FOUND)
		rc = errbuf_set(rd->eb, ERR_INVALID,
				"the list of the workbook's parts is missing: %s", damaged);
	if (rc != ERR_OK)
		goto out;
	if (rel_find(rels, dir, NULL, "/sharedStrings", part, NULL) &&
	    (rc = read_strings(rd, part)) != ERR_OK)
		goto out;
	if (rel_find(rels, dir, NULL, "/styles", part, NULL) &&
	    (rc = read_styles(rd, part)) != ERR_OK)
		goto out;
	sheets = child(xmlDocGetRootElement(wb), "sheets");
	for (xmlNode *s = sheets ? sheets->children : NULL; s; s = s->next) {
		struct xlsx_sheet *sh;
		char *name, *rid;
		bool worksheet = false, found;
		if (!is_el(s, "sheet"))
			continue;
		if (b->nsheets >= XLSX_SHEETS_MAX) {
			rc = errbuf_set(rd->eb, ERR_TOO_BIG, "the workbook has more than %d sheets",
					XLSX_SHEETS_MAX);
			goto out;
		}
		name = attr(s, "name");
		rid = (char *)xmlGetNsProp(s, (const xmlChar *)"id", (const xmlChar *)NS_REL);
		if (!rid)
			rid = (char *)xmlGetNsProp(s, (const xmlChar *)"id",
						   (const xmlChar *)NS_REL_STRICT);
		found = rid && rel_find(rels, dir, rid, NULL, part, &worksheet);
		b->sheets = xrealloc(b->sheets, (b->nsheets + 1) * sizeof(*b->sheets));
		sh = &b->sheets[b->nsheets++];
		memset(sh, 0, sizeof(*sh));
		sh->name = xstrdup(name ? name : "");
		xmlFree(name);
		xmlFree(rid);
		if (!found) {
			rc = errbuf_set(rd->eb, ERR_INVALID,
					"the worksheet %.40s is missing from the file: %s",
					sh->name, damaged);
			goto out;
		}
		/* chart and dialog sheets have no cells */
		if (worksheet && (rc = read_sheet(rd, part, sh)) != ERR_OK)
			goto out;
	}
	if (!b->nsheets)
		rc = errbuf_set(rd->eb, ERR_INVALID, "the workbook has no sheets: %s", damaged);
out:
	xmlFreeDoc(wb);
	xmlFreeDoc(rels);
	return rc;
}

enum err xlsx_read(const void *data, size_t len, struct xlsx_book **out, struct errbuf *eb)
{
	struct reader rd = { .eb = eb };
	struct xlsx_book *b = NULL;
	zip_source_t *src = NULL;
	zip_error_t zerr;
	enum err rc = ERR_OK;

	*out = NULL;
	if (len > XLSX_READ_MAX_BYTES)
		return errbuf_set(eb, ERR_TOO_BIG,
				  "the file is %zu bytes, more than the limit of %d", len,
				  XLSX_READ_MAX_BYTES);
	if (len < 22 || memcmp(data, "PK", 2) != 0)
		return errbuf_set(eb, ERR_INVALID, "%s", damaged);
	zip_error_init(&zerr);
	src = zip_source_buffer_create(data, len, 0, &zerr);
	if (src)
		rd.za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
	zip_error_fini(&zerr);
	if (!rd.za) {
		zip_source_free(src);
		return errbuf_set(eb, ERR_INVALID, "%s", damaged);
	}
	if (zip_get_num_entries(rd.za, 0) > XLSX_ENTRIES_MAX) {
		rc = errbuf_set(eb, ERR_TOO_BIG,
				"the file holds more than %d parts: this is not a normal "
				"spreadsheet",
				XLSX_ENTRIES_MAX);
		goto out;
	}
	b = xcalloc(1, sizeof(*b));
	rc = read_book(&rd, b);
out:
	zip_discard(rd.za);
	for (size_t i = 0; i < rd.nstrings; i++)
		free(rd.strings[i]);
	free(rd.strings);
	free(rd.date_xf);
	if (rc != ERR_OK) {
		xlsx_book_free(b);
		return rc;
	}
	*out = b;
	return ERR_OK;
}

void xlsx_book_free(struct xlsx_book *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nsheets; i++) {
		for (size_t j = 0; j < b->sheets[i].ncells; j++)
			free(b->sheets[i].cells[j].text);
		free(b->sheets[i].cells);
		free(b->sheets[i].name);
	}
	free(b->sheets);
	free(b);
}

const struct xlsx_sheet *xlsx_book_sheet(const struct xlsx_book *b, const char *name)
{
	for (size_t i = 0; b && i < b->nsheets; i++)
		if (strcmp(b->sheets[i].name, name) == 0)
			return &b->sheets[i];
	return NULL;
}

const struct xlsx_cell *xlsx_sheet_cell(const struct xlsx_sheet *s, unsigned col, unsigned long row)
{
	struct xlsx_cell key = { .col = col, .row = row };

	if (!s || !s->ncells)
		return NULL;
	return bsearch(&key, s->cells, s->ncells, sizeof(*s->cells), cell_cmp);
}

bool xlsx_serial_to_date(double serial, struct date *out)
{
	int64_t day, days;

	/* 2958465 is 9999-12-31; the comparison also refuses NaN */
	if (!(serial >= 1 && serial < 2958466))
		return false;
	day = (int64_t)serial; /* drops the time of day */
	if (day == 60)
		return false;
	/* Excel counts 1900-02-29, which never was: serials from 61 are one too high.
	 * Serial 25569 is 1970-01-01. */
	days = day - 25569;
	if (day < 60)
		days += 1;
	*out = date_from_days(days);
	return true;
}
