/*
 * ctf_write: the CTF writer and file names (see ctf_write.h). Element order
 * follows reference/ctf-and-statutory-codes.md sections 2.2-2.4.
 */
#include "formats/ctf_write.h"

#include <stdio.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "base/xalloc.h"
#include "core/calendar.h"

static const char *const type_tokens[] = {
	[COLL_EYFSP] = "FSP",
	[COLL_PHONICS] = "CTF",
	[COLL_KS1] = "KS1",
	[COLL_KS2] = "KS2",
};
_Static_assert(sizeof(type_tokens) / sizeof(type_tokens[0]) == COLL__MAX, "type tokens");

const char *ctf_type_token(enum collection c)
{
	return (unsigned)c < COLL__MAX ? type_tokens[c] : "CTF";
}

static bool digits(const char *s, size_t n)
{
	if (!s || strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool ctf_file_name(char buf[static CTF_NAME_MAX], const char *src_lea, const char *src_estab,
		   enum collection c, const char *dest_lea, const char *dest_estab, int seq)
{
	bool dest_ok;

	buf[0] = '\0';
	if (!digits(src_lea, 3) || !(digits(src_estab, 4) || strcmp(src_estab, "LLLL") == 0))
		return false;
	if (!dest_lea || !dest_estab || seq < 1 || seq > 999 || (unsigned)c >= COLL__MAX)
		return false;
	if (digits(dest_lea, 3))
		dest_ok = digits(dest_estab, 4) || strcmp(dest_estab, "LLLL") == 0;
	else if (strcmp(dest_lea, "XXX") == 0)
		dest_ok = strcmp(dest_estab, "XXXX") == 0;
	else if (strcmp(dest_lea, "MMM") == 0)
		dest_ok = strcmp(dest_estab, "MMMM") == 0;
	else if (strcmp(dest_lea, "NAA") == 0)
		dest_ok = strcmp(dest_estab, "LLLL") == 0; /* national assessments agency */
	else
		dest_ok = false;
	if (!dest_ok)
		return false;
	snprintf(buf, CTF_NAME_MAX, "%s%s_%s_%s%s_%03d.xml", src_lea, src_estab, ctf_type_token(c),
		 dest_lea, dest_estab, seq);
	return true;
}

/* Writes <name>text</name>; returns false when libxml2 fails. */
static bool el(xmlTextWriterPtr w, const char *name, const char *text)
{
	return xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST(text ? text : "")) >= 0;
}

static bool start(xmlTextWriterPtr w, const char *name)
{
	return xmlTextWriterStartElement(w, BAD_CAST name) >= 0;
}

static bool end(xmlTextWriterPtr w)
{
	return xmlTextWriterEndElement(w) >= 0;
}

static bool write_header(xmlTextWriterPtr w, const struct stat_header *h, int ay)
{
	char version[CTF_VERSION_MAX];
	bool ok = true;

	ok = ok && start(w, "Header");
	ok = ok && el(w, "DocumentName", "Common Transfer File");
	ok = ok && el(w, "CTFversion", ctf_version_format(ay, version));
	ok = ok && el(w, "DateTime", h->date_time.text);
	ok = ok && el(w, "DocumentQualifier",
		      h->document_qualifier.text[0] ? h->document_qualifier.text : "partial");
	ok = ok && el(w, "SupplierID", h->supplier_id.text[0] ? h->supplier_id.text : "pupiltrack");
	ok = ok && start(w, "SourceSchool");
	ok = ok && el(w, "LEA", h->source_lea.text);
	ok = ok && el(w, "Estab", h->source_estab.text);
	if (ok && h->source_urn.text[0])
		ok = el(w, "URN", h->source_urn.text);
	ok = ok && el(w, "SchoolName", h->school_name.text);
	ok = ok && el(w, "AcademicYear", h->academic_year.text);
	ok = ok && end(w);
	ok = ok && start(w, "DestSchool");
	ok = ok && el(w, "LEA", h->dest_lea.text);
	ok = ok && el(w, "Estab", h->dest_estab.text);
	if (ok && h->dest_urn.text[0])
		ok = el(w, "URN", h->dest_urn.text);
	ok = ok && end(w);
	return ok && end(w);
}

static bool in_collection(const struct codes *codes, const struct stat_result *res,
			  enum collection c)
{
	const struct code_row *row = stat_result_row(codes, res);
	enum collection rc;

	return row && stat_row_collection(row, &rc) && rc == c;
}

static bool write_result(xmlTextWriterPtr w, const struct stat_result *res)
{
	bool ok = start(w, "StageAssessment");

	ok = ok && el(w, "Locale", res->locale);
	ok = ok && el(w, "Year", res->year);
	ok = ok && el(w, "Subject", res->subject);
	ok = ok && el(w, "Method", res->method);
	ok = ok && el(w, "Component", res->component);
	ok = ok && el(w, "ResultStatus", res->status);
	ok = ok && el(w, "ResultQualifier", res->qualifier);
	ok = ok && el(w, "Result", res->result);
	return ok && end(w);
}

static bool write_pupil(xmlTextWriterPtr w, const struct stat_pupil *p, const struct codes *codes,
			enum collection c)
{
	bool ok = start(w, "Pupil");

	ok = ok && el(w, "UPN", p->upn);
	ok = ok && el(w, "Surname", p->surname);
	ok = ok && el(w, "Forename", p->forename);
	ok = ok && el(w, "DOB", p->dob);
	ok = ok && el(w, "Sex", p->gender);
	if (ok && (p->ncyear[0] || p->ethnicity[0])) {
		ok = start(w, "BasicDetails");
		if (ok && p->ncyear[0])
			ok = el(w, "NCyearActual", p->ncyear);
		if (ok && p->ethnicity[0])
			ok = el(w, "Ethnicity", p->ethnicity);
		ok = ok && end(w);
	}
	if (ok && p->postcode[0]) /* PostCode beside the BS7 or AddressLines form */
		ok = start(w, "Address") && el(w, "PostCode", p->postcode) && end(w);
	ok = ok && start(w, "StageAssessments");
	/* one KeyStage per Stage, in the order the stages first appear */
	for (size_t i = 0; ok && i < p->nresults; i++) {
		const struct stat_result *res = &p->results[i];
		bool seen = false;
		if (!in_collection(codes, res, c))
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = in_collection(codes, &p->results[j], c) &&
			       strcmp(p->results[j].stage, res->stage) == 0;
		if (seen)
			continue;
		ok = start(w, "KeyStage") && el(w, "Stage", res->stage);
		for (size_t j = i; ok && j < p->nresults; j++)
			if (strcmp(p->results[j].stage, res->stage) == 0 &&
			    in_collection(codes, &p->results[j], c))
				ok = write_result(w, &p->results[j]);
		ok = ok && end(w);
	}
	ok = ok && end(w);
	return ok && end(w);
}

enum err ctf_write(const struct stat_return *r, const struct codes *codes, enum collection c,
		   char **out, size_t *len, struct errbuf *eb)
{
	xmlBufferPtr buf = NULL;
	xmlTextWriterPtr w = NULL;
	int ay = stat_academic_year(r);
	enum err rc = ERR_OK;
	bool ok;

	*out = NULL;
	if (len)
		*len = 0;
	if (!ay)
		return errbuf_set(
			eb, ERR_INVALID,
			"the return has no academic year, so its CTF version is not known");
	buf = xmlBufferCreate();
	if (!buf)
		return errbuf_set(eb, ERR_IO, "the CTF writer could not start");
	w = xmlNewTextWriterMemory(buf, 0);
	if (!w) {
		rc = errbuf_set(eb, ERR_IO, "the CTF writer could not start");
		goto out;
	}
	ok = xmlTextWriterSetIndent(w, 1) >= 0 &&
	     xmlTextWriterSetIndentString(w, BAD_CAST "  ") >= 0;
	ok = ok && xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) >= 0;
	ok = ok && start(w, "CTfile") && write_header(w, &r->header, ay);
	ok = ok && start(w, "CTFpupilData");
	for (size_t i = 0; ok && i < r->npupils; i++) {
		bool any = false;
		for (size_t j = 0; j < r->pupils[i].nresults && !any; j++)
			any = in_collection(codes, &r->pupils[i].results[j], c);
		if (any)
			ok = write_pupil(w, &r->pupils[i], codes, c);
	}
	ok = ok && end(w) && end(w);
	ok = ok && xmlTextWriterEndDocument(w) >= 0;
	xmlFreeTextWriter(w); /* flushes into buf */
	w = NULL;
	if (!ok) {
		rc = errbuf_set(eb, ERR_IO, "the CTF could not be written");
		goto out;
	}
	*out = xmemdup(xmlBufferContent(buf), (size_t)xmlBufferLength(buf) + 1);
	(*out)[xmlBufferLength(buf)] = '\0';
	if (len)
		*len = (size_t)xmlBufferLength(buf);
out:
	if (w)
		xmlFreeTextWriter(w);
	xmlBufferFree(buf);
	return rc;
}
