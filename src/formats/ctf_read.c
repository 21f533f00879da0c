/*
 * ctf_read: the CTF reader (see ctf_read.h). Streams with xmlTextReader and
 * expands one Header or Pupil at a time, so only one pupil's subtree is in
 * memory; positions come from xmlGetLineNo and a forward scan for the column.
 */
#include "formats/ctf_read.h"

#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include "core/statutory.h"

struct reader {
	const char *text; /* the whole file */
	size_t len;	  /* bytes in text */
	const char *file; /* for locations; may be NULL */
	uint32_t line;	  /* line the column cursor is on */
	size_t off;	  /* offset of the start of that line */
	struct stat_return *out;
	struct problem_list *problems;
	bool xml_error; /* libxml2 reported an error (already added) */
	bool failed;	/* a problem that stops reading was added */
};

#if LIBXML_VERSION >= 21200
static void on_xml_error(void *arg, const xmlError *e)
#else
static void on_xml_error(void *arg, xmlErrorPtr e)
#endif
{
	struct reader *rd = arg;
	char loc[PROBLEM_LOC_MAX], msg[200];
	size_t n;

	if (!e || e->level < XML_ERR_ERROR || rd->xml_error)
		return;
	rd->xml_error = true;
	rd->failed = true;
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "unreadable XML");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	problem_loc_text(loc, rd->file, e->line > 0 ? e->line : 1, e->int2 > 0 ? e->int2 : 1);
	if (e->code == XML_ERR_UNDECLARED_ENTITY || e->code == XML_WAR_UNDECLARED_ENTITY ||
	    e->code == XML_ERR_ENTITY_LOOP)
		problem_list_error(
			rd->problems, loc, "CTF_ENTITY",
			"the file uses an XML entity (%s); entities are not allowed in a "
			"CTF: export the file again from the MIS",
			msg);
	else
		problem_list_error(rd->problems, loc, "CTF_XML",
				   "the file is not well-formed XML (%s): it may be cut short or "
				   "damaged; export it again from the MIS",
				   msg);
}

/* 1-based byte column of the start tag "<name" on line, or 1 when not found.
 * Lines are asked for in document order, so the cursor only moves forward. */
static uint32_t column_of(struct reader *rd, uint32_t line, const char *name)
{
	size_t nlen = strlen(name), eol;
	const char *nl;

	if (line < rd->line) {
		rd->line = 1;
		rd->off = 0;
	}
	while (rd->line < line) {
		nl = memchr(rd->text + rd->off, '\n', rd->len - rd->off);
		if (!nl)
			return 1;
		rd->off = (size_t)(nl - rd->text) + 1;
		rd->line++;
	}
	nl = memchr(rd->text + rd->off, '\n', rd->len - rd->off);
	eol = nl ? (size_t)(nl - rd->text) : rd->len;
	for (size_t i = rd->off; i + 1 + nlen <= eol; i++) {
		const char *p = rd->text + i;
		const char *q;
		char after;
		if (*p != '<')
			continue;
		q = p + 1;
		/* skip a namespace prefix */
		for (const char *c = q; c < rd->text + eol && *c != ' ' && *c != '>'; c++)
			if (*c == ':') {
				q = c + 1;
				break;
			}
		if ((size_t)(rd->text + eol - q) < nlen || memcmp(q, name, nlen) != 0)
			continue;
		after = q + nlen < rd->text + eol ? q[nlen] : '\n';
		if (after == '>' || after == '/' || after == ' ' || after == '\t' ||
		    after == '\r' || after == '\n')
			return (uint32_t)(i - rd->off + 1);
	}
	return 1;
}

static struct stat_pos pos_of(struct reader *rd, xmlNode *n)
{
	struct stat_pos pos = { 0, 0 };
	long line = xmlGetLineNo(n);

	if (line > 0 && line < (long)UINT32_MAX) {
		pos.line = (uint32_t)line;
		pos.col = column_of(rd, pos.line, (const char *)n->name);
	}
	return pos;
}

static bool is(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The text directly inside n, trimmed, into buf[size]; false when it was cut. */
static bool text_of(xmlNode *n, char *buf, size_t size)
{
	char tmp[512];
	size_t used = 0;
	bool fits = true;

	for (xmlNode *c = n->children; c; c = c->next) {
		size_t l;
		if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE)
			continue;
		if (!c->content)
			continue;
		l = strlen((const char *)c->content);
		if (used + l >= sizeof(tmp)) {
			l = sizeof(tmp) - 1 - used;
			fits = false;
		}
		memcpy(tmp + used, c->content, l);
		used += l;
	}
	tmp[used] = '\0';
	return stat_copy(buf, size, tmp) && fits;
}

static void field(struct reader *rd, struct stat_field *f, xmlNode *n)
{
	text_of(n, f->text, sizeof(f->text));
	f->present = true;
	f->pos = pos_of(rd, n);
}

static void read_school(struct reader *rd, xmlNode *n, bool source)
{
	struct stat_header *h = &rd->out->header;

	for (xmlNode *c = n->children; c; c = c->next) {
		if (is(c, "LEA"))
			field(rd, source ? &h->source_lea : &h->dest_lea, c);
		else if (is(c, "Estab"))
			field(rd, source ? &h->source_estab : &h->dest_estab, c);
		else if (is(c, "URN"))
			field(rd, source ? &h->source_urn : &h->dest_urn, c);
		else if (source && is(c, "SchoolName"))
			field(rd, &h->school_name, c);
		else if (source && is(c, "AcademicYear"))
			field(rd, &h->academic_year, c);
	}
}

static void read_header(struct reader *rd, xmlNode *n)
{
	struct stat_header *h = &rd->out->header;

	h->pos = pos_of(rd, n);
	for (xmlNode *c = n->children; c; c = c->next) {
		if (is(c, "DocumentName"))
			field(rd, &h->document_name, c);
		else if (is(c, "CTFversion"))
			field(rd, &h->ctf_version, c);
		else if (is(c, "DateTime"))
			field(rd, &h->date_time, c);
		else if (is(c, "DocumentQualifier"))
			field(rd, &h->document_qualifier, c);
		else if (is(c, "SupplierID"))
			field(rd, &h->supplier_id, c);
		else if (is(c, "SourceSchool"))
			read_school(rd, c, true);
		else if (is(c, "DestSchool"))
			read_school(rd, c, false);
	}
}

static void read_assessment(struct reader *rd, struct stat_pupil *p, const char *stage, xmlNode *n)
{
	struct stat_result *res;
	bool ok = true, have_result = false;

	if (p->nresults >= CTF_RESULTS_MAX) {
		if (!rd->failed) {
			char loc[PROBLEM_LOC_MAX];
			struct stat_pos pos = pos_of(rd, n);
			problem_list_error(rd->problems,
					   problem_loc_text(loc, rd->file, pos.line, pos.col),
					   "CTF_RESULTS",
					   "this pupil has more than %d results: the file is not a "
					   "CTF pupiltrack can read",
					   CTF_RESULTS_MAX);
		}
		rd->failed = true;
		return;
	}
	res = stat_pupil_add_result(p);
	ok = stat_copy(res->stage, sizeof(res->stage), stage);
	for (xmlNode *c = n->children; c; c = c->next) {
		if (is(c, "Locale"))
			ok &= text_of(c, res->locale, sizeof(res->locale));
		else if (is(c, "Year"))
			ok &= text_of(c, res->year, sizeof(res->year));
		else if (is(c, "Subject"))
			ok &= text_of(c, res->subject, sizeof(res->subject));
		else if (is(c, "Method"))
			ok &= text_of(c, res->method, sizeof(res->method));
		else if (is(c, "Component"))
			ok &= text_of(c, res->component, sizeof(res->component));
		else if (is(c, "ResultStatus"))
			ok &= text_of(c, res->status, sizeof(res->status));
		else if (is(c, "ResultQualifier"))
			ok &= text_of(c, res->qualifier, sizeof(res->qualifier));
		else if (is(c, "Result")) {
			ok &= text_of(c, res->result, sizeof(res->result));
			res->pos = pos_of(rd, c);
			have_result = true;
		}
	}
	if (!have_result)
		res->pos = pos_of(rd, n);
	res->too_long = !ok;
}

static void read_assessments(struct reader *rd, struct stat_pupil *p, xmlNode *n)
{
	for (xmlNode *ks = n->children; ks; ks = ks->next) {
		char stage[STAT_CODE_MAX] = "";
		if (!is(ks, "KeyStage"))
			continue;
		for (xmlNode *c = ks->children; c; c = c->next)
			if (is(c, "Stage"))
				text_of(c, stage, sizeof(stage));
		for (xmlNode *c = ks->children; c && !rd->failed; c = c->next)
			if (is(c, "StageAssessment"))
				read_assessment(rd, p, stage, c);
	}
}

static void read_pupil(struct reader *rd, xmlNode *n)
{
	struct stat_pupil *p = stat_return_add_pupil(rd->out);

	p->pos = pos_of(rd, n);
	for (xmlNode *c = n->children; c; c = c->next) {
		if (is(c, "UPN")) {
			text_of(c, p->upn, sizeof(p->upn));
			p->upn_pos = pos_of(rd, c);
		} else if (is(c, "Surname")) {
			p->names_too_long |= !text_of(c, p->surname, sizeof(p->surname));
			p->name_pos = pos_of(rd, c);
		} else if (is(c, "Forename")) {
			p->names_too_long |= !text_of(c, p->forename, sizeof(p->forename));
			p->forename_pos = pos_of(rd, c);
		} else if (is(c, "DOB")) {
			text_of(c, p->dob, sizeof(p->dob));
			p->dob_pos = pos_of(rd, c);
		} else if (is(c, "Sex") || is(c, "Gender")) {
			text_of(c, p->gender, sizeof(p->gender));
			p->gender_pos = pos_of(rd, c);
		} else if (is(c, "BasicDetails")) {
			for (xmlNode *b = c->children; b; b = b->next) {
				if (is(b, "NCyearActual")) {
					text_of(b, p->ncyear, sizeof(p->ncyear));
					p->ncyear_pos = pos_of(rd, b);
				} else if (is(b, "Ethnicity")) {
					text_of(b, p->ethnicity, sizeof(p->ethnicity));
				}
			}
		} else if (is(c, "StageAssessments")) {
			read_assessments(rd, p, c);
		}
	}
	/* no pupil position when the element had none: use the UPN's */
	if (!p->pos.line)
		p->pos = p->upn_pos;
}

/* The first occurrence of needle[nlen] in hay[n], or NULL. */
static const char *find_bytes(const char *hay, size_t n, const char *needle, size_t nlen)
{
	for (size_t i = 0; i + nlen <= n; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, nlen) == 0)
			return hay + i;
	return NULL;
}

/* Line and column of offset off in text. */
static void line_col(const char *text, size_t off, long *line, long *col)
{
	long l = 1, c = 1;

	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* Scans the prolog (XML declaration, comments, processing instructions, white
 * space) before the root element, refusing a DOCTYPE before libxml2 sees it and
 * text that is not ASCII-compatible. */
static bool prolog_ok(struct reader *rd)
{
	const char *t = rd->text;
	size_t n = rd->len, i = 0;
	char loc[PROBLEM_LOC_MAX];
	long line, col;

	if (n >= 2 && (((unsigned char)t[0] == 0xFE && (unsigned char)t[1] == 0xFF) ||
		       ((unsigned char)t[0] == 0xFF && (unsigned char)t[1] == 0xFE) ||
		       t[0] == '\0' || t[1] == '\0')) {
		problem_list_error(rd->problems, problem_loc_text(loc, rd->file, 1, 1),
				   "CTF_ENCODING",
				   "the file is not UTF-8 text (it looks like UTF-16 or UTF-32): "
				   "export it again as a UTF-8 CTF");
		return false;
	}
	if (n >= 3 && (unsigned char)t[0] == 0xEF && (unsigned char)t[1] == 0xBB &&
	    (unsigned char)t[2] == 0xBF)
		i = 3;
	while (i < n) {
		const char *end;
		if (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n') {
			i++;
		} else if (n - i >= 4 && memcmp(t + i, "<!--", 4) == 0) {
			end = find_bytes(t + i + 4, n - i - 4, "-->", 3);
			if (!end)
				return true; /* libxml2 reports the unclosed comment */
			i = (size_t)(end - t) + 3;
		} else if (n - i >= 2 && memcmp(t + i, "<?", 2) == 0) {
			end = find_bytes(t + i + 2, n - i - 2, "?>", 2);
			if (!end)
				return true;
			i = (size_t)(end - t) + 2;
		} else if (n - i >= 9 && memcmp(t + i, "<!DOCTYPE", 9) == 0) {
			line_col(t, i, &line, &col);
			problem_list_error(
				rd->problems, problem_loc_text(loc, rd->file, line, col),
				"CTF_DOCTYPE",
				"the file has a DOCTYPE declaration: CTF files have none, "
				"and DTDs and entities are refused for safety; export the "
				"file again from the MIS");
			return false;
		} else {
			return true;
		}
	}
	return true;
}

static void refuse_at_reader(struct reader *rd, xmlTextReaderPtr xr, const char *code,
			     const char *msg)
{
	char loc[PROBLEM_LOC_MAX];
	int line = xmlTextReaderGetParserLineNumber(xr);
	int col = xmlTextReaderGetParserColumnNumber(xr);
	xmlNode *node = xmlTextReaderCurrentNode(xr);

	/* an element's own place when there is one, else where the parser is */
	if (node && node->type == XML_ELEMENT_NODE && xmlGetLineNo(node) > 0) {
		struct stat_pos pos = pos_of(rd, node);
		line = (int)pos.line;
		col = (int)pos.col;
	}
	problem_list_error(rd->problems,
			   problem_loc_text(loc, rd->file, line > 0 ? line : 1, col > 0 ? col : 1),
			   code, "%s", msg);
	rd->failed = true;
}

/* Walks the document: CTfile at the top, Header under it, Pupil under
 * CTFpupilData; anything else is passed over. */
static void walk(struct reader *rd, xmlTextReaderPtr xr)
{
	bool in_pupil_data = false, root_seen = false;
	int ret = xmlTextReaderRead(xr);

	while (ret == 1 && !rd->failed) {
		int type = xmlTextReaderNodeType(xr), depth = xmlTextReaderDepth(xr);
		const char *name = (const char *)xmlTextReaderConstLocalName(xr);
		xmlNode *node;

		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			refuse_at_reader(rd, xr, "CTF_DOCTYPE",
					 "the file has a DOCTYPE declaration: CTF files have none, "
					 "and DTDs and entities are refused for safety");
			break;
		}
		if (type == XML_READER_TYPE_ENTITY_REFERENCE) {
			refuse_at_reader(rd, xr, "CTF_ENTITY",
					 "the file uses an XML entity; entities are not allowed in "
					 "a CTF");
			break;
		}
		if (type != XML_READER_TYPE_ELEMENT || !name) {
			ret = xmlTextReaderRead(xr);
			continue;
		}
		if (depth > CTF_DEPTH_MAX) {
			refuse_at_reader(rd, xr, "CTF_DEPTH",
					 "elements are nested too deeply for a CTF: the file is "
					 "damaged or not a CTF");
			break;
		}
		if (depth == 0) {
			root_seen = true;
			if (strcmp(name, "CTfile") != 0) {
				char msg[200];
				snprintf(
					msg, sizeof(msg),
					"the file is XML but not a CTF: its top element is <%.40s>, "
					"not <CTfile>",
					name);
				refuse_at_reader(rd, xr, "CTF_ROOT", msg);
				break;
			}
		} else if (depth == 1) {
			in_pupil_data = strcmp(name, "CTFpupilData") == 0;
			if (strcmp(name, "Header") == 0) {
				node = xmlTextReaderExpand(xr);
				if (!node)
					break;
				read_header(rd, node);
				ret = xmlTextReaderNext(xr);
				continue;
			}
		} else if (depth == 2 && in_pupil_data && strcmp(name, "Pupil") == 0) {
			node = xmlTextReaderExpand(xr);
			if (!node)
				break;
			read_pupil(rd, node);
			ret = xmlTextReaderNext(xr);
			continue;
		}
		ret = xmlTextReaderRead(xr);
	}
	if (ret < 0 && !rd->failed)
		refuse_at_reader(
			rd, xr, "CTF_XML",
			"the file could not be read as XML: it may be cut short or damaged");
	if (!rd->failed && !root_seen)
		refuse_at_reader(rd, xr, "CTF_XML",
				 "the file holds no XML element: it is not a CTF");
}

enum err ctf_read(const char *text, size_t len, const char *filename,
		  const struct ctf_read_options *opt, struct stat_return *out,
		  struct problem_list *problems)
{
	size_t max = opt && opt->max_bytes ? opt->max_bytes : CTF_READ_MAX;
	struct reader rd = { 0 };
	xmlTextReaderPtr xr = NULL;
	char loc[PROBLEM_LOC_MAX];
	enum err rc = ERR_OK;

	stat_return_init(out);
	snprintf(out->source, sizeof(out->source), "%s", filename ? filename : "");
	rd.text = text;
	rd.len = len;
	rd.file = filename;
	rd.line = 1;
	rd.out = out;
	rd.problems = problems;
	if (len > max || len > (size_t)INT32_MAX) {
		problem_list_error(problems, problem_loc_text(loc, filename, 0, 0), "CTF_TOO_BIG",
				   "the file is %zu bytes; a CTF may be at most %zu bytes: split "
				   "it into smaller files",
				   len, max);
		rc = ERR_TOO_BIG;
		goto out;
	}
	if (len == 0) {
		problem_list_error(problems, problem_loc_text(loc, filename, 0, 0), "CTF_XML",
				   "the file is empty: it is not a CTF");
		rc = ERR_INVALID;
		goto out;
	}
	if (!prolog_ok(&rd)) {
		rc = ERR_INVALID;
		goto out;
	}
	/* No XML_PARSE_NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE: entities
	 * are never substituted, no DTD is fetched, libxml2's own limits stay on. */
	xr = xmlReaderForMemory(text, (int)len, filename, NULL,
				XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING);
	if (!xr) {
		problem_list_error(problems, problem_loc_text(loc, filename, 0, 0), "CTF_XML",
				   "the file could not be opened as XML");
		rc = ERR_INVALID;
		goto out;
	}
	xmlTextReaderSetStructuredErrorHandler(xr, on_xml_error, &rd);
	walk(&rd, xr);
	if (rd.failed)
		rc = ERR_INVALID;
out:
	if (xr)
		xmlFreeTextReader(xr);
	if (rc != ERR_OK) {
		char src[PROBLEM_LOC_MAX];
		memcpy(src, out->source, sizeof(src));
		stat_return_release(out);
		memcpy(out->source, src, sizeof(src));
	}
	return rc;
}
