/*
 * ctf_read: the CTF reader (see ctf_read.h). Streams with xmlTextReader, from
 * memory or pulling from a file descriptor, and expands one Header or Pupil at
 * a time, so only one pupil's subtree is in memory. Positions come from
 * xmlGetLineNo and a forward scan for the column over a window of the bytes
 * read: from the column cursor (the last element located) to what libxml2 has
 * been given, so the file itself is never held.
 */
#include "formats/ctf_read.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include "base/xalloc.h"
#include "core/statutory.h"

enum {
	WINDOW_CHUNK = 64 * 1024,     /* bytes read from the file descriptor at a time */
	WINDOW_MAX = 4 * 1024 * 1024, /* bytes kept behind the column cursor at most */
	DOCTYPE_LEN = 9		      /* strlen("<!DOCTYPE"): the longest prolog token */
};

/* Where the scan of the prolog (before the root element) is. */
enum prolog_state { PROLOG_START, PROLOG_TOP, PROLOG_COMMENT, PROLOG_PI, PROLOG_DONE };

struct reader {
	/* the window: bytes [base, base + filled) of the file are buf[0, filled) */
	const char *buf;
	char *own;     /* buf when reading from fd (owned), else NULL */
	size_t base;   /* file offset of buf[0] */
	size_t filled; /* bytes in buf */
	size_t cap;    /* bytes allocated in own */
	int fd;	       /* -1: the whole file is in buf */
	bool eof;      /* fd has no more bytes (from memory: once asked for more) */
	size_t total;  /* bytes read from fd */
	size_t max;    /* the byte cap */
	size_t served; /* file offset up to which libxml2 has been given the bytes */
	/* the column cursor: a file offset in the window and its line and column;
	 * lookups move it forward, so the bytes before it can be dropped */
	size_t cur_off;
	uint32_t cur_line, cur_col;
	/* the prolog scan: where it is, and the line and column there */
	enum prolog_state prolog;
	size_t pscan;
	long pline, pcol;
	const char *file;	 /* for locations; may be NULL */
	struct stat_return cur;	 /* header and source; no pupils */
	struct stat_pupil pupil; /* the pupil being read (its results array reused) */
	const struct ctf_sink *sink;
	struct problem_list *problems;
	bool header_done; /* a Header was read */
	size_t npupils;	  /* pupils given to the sink */
	bool xml_error;	  /* libxml2 reported an error (already added) */
	bool failed;	  /* a problem that stops reading was added */
	enum err fail_rc; /* what failed returns: ERR_INVALID, ERR_TOO_BIG or ERR_IO */
	bool cancelled;	  /* the sink asked to stop */
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

	if (!e || e->level < XML_ERR_ERROR || rd->xml_error || rd->failed || rd->cancelled)
		return;
	rd->xml_error = true;
	rd->failed = true;
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "unreadable XML");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	problem_loc_text(loc, rd->file, e->line > 0 ? e->line : 1, e->int2 > 0 ? e->int2 : 1);
	if (strncmp(msg, "Input is not proper UTF-8", 25) == 0)
		/* a CTF is read as UTF-8 whatever it declares (XML_PARSE_IGNORE_ENC) */
		problem_list_error(rd->problems, loc, "CTF_ENCODING",
				   "the file is not UTF-8 text from here on (it may have been "
				   "saved as Latin-1 or Windows-1252): a CTF must be UTF-8; "
				   "export it again from the MIS");
	else if (e->code == XML_ERR_UNDECLARED_ENTITY || e->code == XML_WAR_UNDECLARED_ENTITY ||
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

/* 1-based byte column of the first start tag "<name" on line at or after the
 * column cursor, or 1 when not found. Lines are asked for in document order, so
 * the cursor only moves forward (from memory it may start again at line 1). */
static uint32_t column_of(struct reader *rd, uint32_t line, const char *name)
{
	const char *b = rd->buf, *nl;
	size_t nlen = strlen(name), end = rd->filled, off, eol;
	uint32_t ln, col;

	if (line < rd->cur_line) {
		if (rd->base != 0)
			return 1;
		rd->cur_off = 0;
		rd->cur_line = 1;
		rd->cur_col = 1;
	}
	off = rd->cur_off - rd->base;
	ln = rd->cur_line;
	col = rd->cur_col;
	while (ln < line) {
		nl = memchr(b + off, '\n', end - off);
		if (!nl)
			return 1;
		off = (size_t)(nl - b) + 1;
		ln++;
		col = 1;
	}
	rd->cur_off = rd->base + off;
	rd->cur_line = ln;
	rd->cur_col = col;
	nl = memchr(b + off, '\n', end - off);
	eol = nl ? (size_t)(nl - b) : end;
	for (size_t i = off; i + 1 + nlen <= eol; i++) {
		const char *p = b + i;
		const char *q;
		char after;
		if (*p != '<')
			continue;
		q = p + 1;
		/* skip a namespace prefix */
		for (const char *c = q; c < b + eol && *c != ' ' && *c != '>'; c++)
			if (*c == ':') {
				q = c + 1;
				break;
			}
		if ((size_t)(b + eol - q) < nlen || memcmp(q, name, nlen) != 0)
			continue;
		after = q + nlen < b + eol ? q[nlen] : '\n';
		if (after == '>' || after == '/' || after == ' ' || after == '\t' ||
		    after == '\r' || after == '\n') {
			rd->cur_off = rd->base + i;
			rd->cur_col = col + (uint32_t)(i - off);
			return rd->cur_col;
		}
	}
	return 1;
}

/* Moves the column cursor forward to file offset to (in the window). */
static void cursor_to(struct reader *rd, size_t to)
{
	const char *b = rd->buf;
	size_t i = rd->cur_off - rd->base, e = to - rd->base;

	while (i < e) {
		const char *nl = memchr(b + i, '\n', e - i);
		if (!nl) {
			rd->cur_col += (uint32_t)(e - i);
			break;
		}
		rd->cur_line++;
		rd->cur_col = 1;
		i = (size_t)(nl - b) + 1;
	}
	rd->cur_off = to;
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
	struct stat_header *h = &rd->cur.header;

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
	struct stat_header *h = &rd->cur.header;

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

/* Address/PostCode, or the PostCode inside its BS7 or AddressLines form (MIS
 * exports differ). */
static void read_postcode(struct reader *rd, struct stat_pupil *p, xmlNode *n)
{
	for (xmlNode *c = n->children; c; c = c->next) {
		if (is(c, "PostCode")) {
			text_of(c, p->postcode, sizeof(p->postcode));
			p->postcode_pos = pos_of(rd, c);
			return;
		}
		if (is(c, "BS7") || is(c, "AddressLines"))
			read_postcode(rd, p, c);
	}
}

static void read_pupil(struct reader *rd, xmlNode *n)
{
	struct stat_pupil *p = &rd->pupil;
	struct stat_result *results = p->results;
	size_t alloc = p->alloc;

	memset(p, 0, sizeof(*p));
	p->results = results;
	p->alloc = alloc;

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
					p->ethnicity_pos = pos_of(rd, b);
				}
			}
		} else if (is(c, "Address")) {
			read_postcode(rd, p, c);
		} else if (is(c, "StageAssessments")) {
			read_assessments(rd, p, c);
		}
	}
	/* no pupil position when the element had none: use the UPN's */
	if (!p->pos.line)
		p->pos = p->upn_pos;
	if (rd->failed)
		return;
	rd->npupils++;
	if (rd->sink->pupil && !rd->sink->pupil(rd->sink->ctx, &rd->cur, p))
		rd->cancelled = true;
}

/* The first occurrence of needle[nlen] in hay[n], or NULL. */
static const char *find_bytes(const char *hay, size_t n, const char *needle, size_t nlen)
{
	for (size_t i = 0; i + nlen <= n; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, nlen) == 0)
			return hay + i;
	return NULL;
}

/* Moves the prolog scan k bytes on, counting its line and column. */
static void prolog_skip(struct reader *rd, size_t k)
{
	const char *b = rd->buf + (rd->pscan - rd->base);

	for (size_t i = 0; i < k; i++) {
		if (b[i] == '\n') {
			rd->pline++;
			rd->pcol = 1;
		} else {
			rd->pcol++;
		}
	}
	rd->pscan += k;
}

static void fail(struct reader *rd, enum err rc)
{
	rd->failed = true;
	rd->fail_rc = rc;
}

/* Scans the prolog (XML declaration, comments, processing instructions, white
 * space) before the root element, over the bytes in the window, refusing a
 * DOCTYPE before libxml2 sees it and text that is not ASCII-compatible. Stops
 * at the root element (PROLOG_DONE), when it needs bytes not read yet, or at a
 * refusal (rd->failed). libxml2 is only given the bytes scanned. */
static void prolog_scan(struct reader *rd)
{
	const char *b = rd->buf;
	size_t end = rd->base + rd->filled;
	char loc[PROBLEM_LOC_MAX];

	while (rd->prolog != PROLOG_DONE && !rd->failed) {
		size_t n = end - rd->pscan;
		const char *t = b + (rd->pscan - rd->base), *hit;

		switch (rd->prolog) {
		case PROLOG_START:
			if (n < 3 && !rd->eof)
				return;
			if (n >= 2 &&
			    (((unsigned char)t[0] == 0xFE && (unsigned char)t[1] == 0xFF) ||
			     ((unsigned char)t[0] == 0xFF && (unsigned char)t[1] == 0xFE) ||
			     t[0] == '\0' || t[1] == '\0')) {
				problem_list_error(
					rd->problems, problem_loc_text(loc, rd->file, 1, 1),
					"CTF_ENCODING",
					"the file is not UTF-8 text (it looks like UTF-16 or UTF-32): "
					"export it again as a UTF-8 CTF");
				fail(rd, ERR_INVALID);
				return;
			}
			if (n >= 3 && (unsigned char)t[0] == 0xEF && (unsigned char)t[1] == 0xBB &&
			    (unsigned char)t[2] == 0xBF)
				prolog_skip(rd, 3);
			rd->prolog = PROLOG_TOP;
			break;
		case PROLOG_TOP:
			if (n == 0) {
				if (rd->eof)
					rd->prolog = PROLOG_DONE;
				return;
			}
			if (t[0] == ' ' || t[0] == '\t' || t[0] == '\r' || t[0] == '\n') {
				prolog_skip(rd, 1);
			} else if (n < DOCTYPE_LEN && !rd->eof) {
				return; /* too few bytes to tell */
			} else if (n >= 4 && memcmp(t, "<!--", 4) == 0) {
				prolog_skip(rd, 4);
				rd->prolog = PROLOG_COMMENT;
			} else if (n >= 2 && memcmp(t, "<?", 2) == 0) {
				prolog_skip(rd, 2);
				rd->prolog = PROLOG_PI;
			} else if (n >= DOCTYPE_LEN && memcmp(t, "<!DOCTYPE", DOCTYPE_LEN) == 0) {
				problem_list_error(
					rd->problems,
					problem_loc_text(loc, rd->file, rd->pline, rd->pcol),
					"CTF_DOCTYPE",
					"the file has a DOCTYPE declaration: CTF files have none, "
					"and DTDs and entities are refused for safety; export the "
					"file again from the MIS");
				fail(rd, ERR_INVALID);
				return;
			} else {
				rd->prolog = PROLOG_DONE;
			}
			break;
		case PROLOG_COMMENT:
		case PROLOG_PI: {
			const char *close = rd->prolog == PROLOG_COMMENT ? "-->" : "?>";
			size_t clen = strlen(close);
			hit = find_bytes(t, n, close, clen);
			if (hit) {
				prolog_skip(rd, (size_t)(hit - t) + clen);
				rd->prolog = PROLOG_TOP;
			} else if (rd->eof) {
				rd->prolog = PROLOG_DONE; /* libxml2 reports it unclosed */
			} else {
				/* keep what could be the start of the closing bytes */
				if (n >= clen)
					prolog_skip(rd, n - (clen - 1));
				return;
			}
			break;
		}
		case PROLOG_DONE:
			break;
		}
	}
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

/* libxml2 stopped reading (its last read or the expansion of an element failed)
 * without an error of its own reported (e.g. an encoding it could not convert):
 * the file is refused, never taken as read. */
static void unreadable(struct reader *rd, xmlTextReaderPtr xr)
{
	if (!rd->failed && !rd->cancelled)
		refuse_at_reader(
			rd, xr, "CTF_XML",
			"the file could not be read as XML: it may be cut short or damaged");
}

/* Walks the document: CTfile at the top, Header under it, Pupil under
 * CTFpupilData; anything else is passed over. */
static void walk(struct reader *rd, xmlTextReaderPtr xr)
{
	bool in_pupil_data = false, root_seen = false;
	int ret = xmlTextReaderRead(xr);

	while (ret == 1 && !rd->failed && !rd->cancelled) {
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
				if (rd->header_done || rd->npupils) {
					refuse_at_reader(
						rd, xr, "CTF_HEADER",
						"the file has a Header after its pupils or "
						"two Headers: a CTF has one, before the "
						"pupils; export the file again from the MIS");
					break;
				}
				node = xmlTextReaderExpand(xr);
				if (!node) {
					unreadable(rd, xr);
					break;
				}
				read_header(rd, node);
				rd->header_done = true;
				if (rd->sink->header && !rd->sink->header(rd->sink->ctx, &rd->cur))
					rd->cancelled = true;
				ret = xmlTextReaderNext(xr);
				continue;
			}
		} else if (depth == 2 && in_pupil_data && strcmp(name, "Pupil") == 0) {
			node = xmlTextReaderExpand(xr);
			if (!node) {
				unreadable(rd, xr);
				break;
			}
			read_pupil(rd, node);
			ret = xmlTextReaderNext(xr);
			continue;
		}
		ret = xmlTextReaderRead(xr);
	}
	if (rd->cancelled)
		return;
	if (ret < 0)
		unreadable(rd, xr);
	if (!rd->failed && !root_seen)
		refuse_at_reader(rd, xr, "CTF_XML",
				 "the file holds no XML element: it is not a CTF");
}

/* Reads the next bytes of fd into the window, first dropping those behind both
 * the column cursor and libxml2; the window keeps at most about WINDOW_MAX
 * bytes behind what libxml2 has (past that the cursor is moved on and columns
 * further back are given as 1). False when reading failed (a problem says so). */
static bool fill(struct reader *rd)
{
	char loc[PROBLEM_LOC_MAX];
	size_t keep, drop;
	ssize_t n;

	if (rd->fd < 0) { /* text in memory: all of it is in the window already */
		rd->eof = true;
		return true;
	}
	if (rd->served > rd->cur_off && rd->served - rd->cur_off > WINDOW_MAX)
		cursor_to(rd, rd->served);
	keep = rd->cur_off < rd->served ? rd->cur_off : rd->served;
	drop = keep - rd->base;
	if (drop && (drop >= WINDOW_CHUNK || rd->filled + WINDOW_CHUNK > rd->cap)) {
		memmove(rd->own, rd->own + drop, rd->filled - drop);
		rd->filled -= drop;
		rd->base = keep;
	}
	if (rd->filled + WINDOW_CHUNK > rd->cap) {
		size_t cap = rd->cap ? rd->cap * 2 : 2 * WINDOW_CHUNK;
		while (rd->filled + WINDOW_CHUNK > cap)
			cap *= 2;
		rd->own = xrealloc(rd->own, cap);
		rd->cap = cap;
		rd->buf = rd->own;
	}
	do
		n = read(rd->fd, rd->own + rd->filled, WINDOW_CHUNK);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		problem_list_error(rd->problems, problem_loc_text(loc, rd->file, 0, 0), "CTF_IO",
				   "%s (the file could not be read to its end: check it and try "
				   "again)",
				   strerror(errno));
		fail(rd, ERR_IO);
		return false;
	}
	if (n == 0) {
		rd->eof = true;
		return true;
	}
	rd->filled += (size_t)n;
	rd->total += (size_t)n;
	if (rd->total > rd->max) {
		problem_list_error(rd->problems, problem_loc_text(loc, rd->file, 0, 0),
				   "CTF_TOO_BIG",
				   "the file is more than %zu bytes; a CTF may be at most %zu "
				   "bytes: split it into smaller files",
				   rd->max, rd->max);
		fail(rd, ERR_TOO_BIG);
		return false;
	}
	return true;
}

/* libxml2's read callback: the next bytes of the window, reading more from fd
 * as needed; only bytes the prolog scan has passed while it is not done. */
static int io_read(void *ctx, char *out, int len)
{
	struct reader *rd = ctx;

	if (len <= 0)
		return 0;
	for (;;) {
		size_t end = rd->base + rd->filled, limit, n;
		if (rd->failed || rd->cancelled)
			return -1;
		if (rd->prolog != PROLOG_DONE)
			prolog_scan(rd);
		if (rd->failed)
			return -1;
		limit = rd->prolog == PROLOG_DONE ? end : rd->pscan;
		if (rd->served < limit) {
			n = limit - rd->served;
			if (n > (size_t)len)
				n = (size_t)len;
			memcpy(out, rd->buf + (rd->served - rd->base), n);
			rd->served += n;
			return (int)n;
		}
		if (rd->eof)
			return 0;
		if (!fill(rd))
			return -1;
	}
}

/* The bytes fd has left when it is a regular file, or -1. */
static long long fd_left(int fd)
{
	struct stat st;
	off_t at;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return -1;
	at = lseek(fd, 0, SEEK_CUR);
	if (at < 0 || at > st.st_size)
		return -1;
	return (long long)(st.st_size - at);
}

enum err ctf_read_stream(const struct ctf_input *in, const char *filename,
			 const struct ctf_read_options *opt, const struct ctf_sink *sink,
			 struct problem_list *problems)
{
	/* No XML_PARSE_NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE: entities
	 * are never substituted, no DTD is fetched, libxml2's own limits stay on.
	 * IGNORE_ENC: the bytes are read as UTF-8 whatever the declaration says. */
	const int xml_opts = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING |
			     XML_PARSE_NOBLANKS | XML_PARSE_COMPACT | XML_PARSE_IGNORE_ENC;
	size_t max = opt && opt->max_bytes ? opt->max_bytes : CTF_READ_MAX;
	struct reader rd = { 0 };
	xmlTextReaderPtr xr = NULL;
	char loc[PROBLEM_LOC_MAX];
	enum err rc = ERR_OK;
	long long left;

	snprintf(rd.cur.source, sizeof(rd.cur.source), "%s", filename ? filename : "");
	rd.file = filename;
	rd.sink = sink;
	rd.problems = problems;
	rd.max = max;
	rd.fd = in->fd;
	rd.cur_line = rd.cur_col = 1;
	rd.pline = rd.pcol = 1;
	rd.fail_rc = ERR_INVALID;
	if (in->fd < 0) {
		/* the end is found as from a descriptor, by asking for more (fill):
		 * the prolog scan and libxml2 then see the bytes arrive as they would
		 * from a file of the same size up to WINDOW_CHUNK */
		rd.buf = in->text;
		rd.filled = in->len;
		left = in->len > (size_t)LLONG_MAX ? LLONG_MAX : (long long)in->len;
	} else {
		left = fd_left(in->fd);
	}
	/* a file whose size is known is refused before it is read */
	if (left >= 0 &&
	    ((unsigned long long)left > max ||
	     (in->fd < 0 && (unsigned long long)left > (unsigned long long)INT32_MAX))) {
		problem_list_error(problems, problem_loc_text(loc, filename, 0, 0), "CTF_TOO_BIG",
				   "the file is %llu bytes; a CTF may be at most %zu bytes: split "
				   "it into smaller files",
				   (unsigned long long)left, max);
		return ERR_TOO_BIG;
	}
	if (in->fd >= 0 && !fill(&rd)) {
		rc = rd.fail_rc;
		goto out;
	}
	if ((rd.eof || in->fd < 0) && rd.filled == 0) {
		problem_list_error(problems, problem_loc_text(loc, filename, 0, 0), "CTF_XML",
				   "the file is empty: it is not a CTF");
		rc = ERR_INVALID;
		goto out;
	}
	prolog_scan(&rd);
	if (rd.failed) {
		rc = rd.fail_rc;
		goto out;
	}
	/* Text in memory goes through the same reader callback as a descriptor
	 * (io_read serves it from rd.buf): libxml2 then sees the bytes arrive the
	 * same way, so a damaged file's problems are at the same places however
	 * it was read (given all at once, an unfinished comment at the end was
	 * reported two columns further on than when streamed). A CTF is UTF-8:
	 * libxml2 reads it so whatever its declaration says (an encoding="UTF-7"
	 * would have it decode the bytes the prolog scan checked into others). */
	xr = xmlReaderForIO(io_read, NULL, &rd, filename, "UTF-8", xml_opts);
	if (!xr) {
		if (!rd.failed)
			problem_list_error(problems, problem_loc_text(loc, filename, 0, 0),
					   "CTF_XML", "the file could not be opened as XML");
		rc = rd.failed ? rd.fail_rc : ERR_INVALID;
		goto out;
	}
	xmlTextReaderSetStructuredErrorHandler(xr, on_xml_error, &rd);
	walk(&rd, xr);
	if (rd.failed)
		rc = rd.fail_rc;
	else if (rd.cancelled)
		rc = ERR_CANCELLED;
out:
	if (xr)
		xmlFreeTextReader(xr);
	free(rd.own);
	free(rd.pupil.results);
	return rc;
}

/* ---- ctf_read: a sink that appends every pupil to the return ---- */

static bool whole_header(void *ctx, const struct stat_return *r)
{
	struct stat_return *out = ctx;

	out->header = r->header;
	return true;
}

static bool whole_pupil(void *ctx, const struct stat_return *r, const struct stat_pupil *p)
{
	struct stat_pupil *q = stat_return_add_pupil(ctx);

	(void)r;
	*q = *p;
	q->results = NULL;
	q->alloc = 0;
	if (p->nresults) {
		q->results = xmalloc(p->nresults * sizeof(*q->results));
		memcpy(q->results, p->results, p->nresults * sizeof(*q->results));
		q->alloc = p->nresults;
	}
	return true;
}

enum err ctf_read(const char *text, size_t len, const char *filename,
		  const struct ctf_read_options *opt, struct stat_return *out,
		  struct problem_list *problems)
{
	struct ctf_input in = { .text = text, .len = len, .fd = -1 };
	struct ctf_sink sink = { .ctx = out, .header = whole_header, .pupil = whole_pupil };
	enum err rc;

	stat_return_init(out);
	snprintf(out->source, sizeof(out->source), "%s", filename ? filename : "");
	rc = ctf_read_stream(&in, filename, opt, &sink, problems);
	if (rc != ERR_OK) {
		char src[PROBLEM_LOC_MAX];
		memcpy(src, out->source, sizeof(src));
		stat_return_release(out);
		memcpy(out->source, src, sizeof(src));
	}
	return rc;
}
