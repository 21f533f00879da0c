/*
 * ctf_write: writes the statutory return model (core/statutory.h) as a DfE
 * Common Transfer File for one collection, with libxml2's writer (never by
 * pasting strings), and names the file by the DfE convention.
 */
#ifndef PT_FORMATS_CTF_WRITE_H
#define PT_FORMATS_CTF_WRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "core/codes.h"
#include "core/statutory.h"

enum {
	CTF_NAME_MAX = 40 /* bytes with NUL of a CTF file name: "8881234_FSP_888LLLL_001.xml" */
};

/* The file-name type token of a return: "FSP", "CTF" (phonics), "KS1", "KS2". */
const char *ctf_type_token(enum collection c);

/* "<src LEA><src Estab>_<TYPE>_<dest LEA><dest Estab>_<seq>.xml", seq as 3 digits
 * (1..999). LEA parts are 3 digits (or XXX / MMM for the destination), Estab
 * parts 4 digits or LLLL (an LA), XXXX (not known), MMMM (non-maintained);
 * NAA/LLLL is the national assessments agency.
 * False (buf "") when a part is not of that shape. */
bool ctf_file_name(char buf[static CTF_NAME_MAX], const char *src_lea, const char *src_estab,
		   enum collection c, const char *dest_lea, const char *dest_estab, int seq);

/* Writes r as CTF XML (UTF-8, no namespace, 2-space indent) holding only the
 * results of collection c and only the pupils that have one. CTFversion follows
 * the header's academic year; DocumentName is "Common Transfer File";
 * DocumentQualifier and SupplierID default to "partial" and "pupiltrack" when
 * blank. *out is NUL-terminated (*len bytes without the NUL) and the caller
 * frees it. ERR_INVALID (eb says why) when the header has no valid academic
 * year; ERR_IO when libxml2 fails. */
enum err ctf_write(const struct stat_return *r, const struct codes *codes, enum collection c,
		   char **out, size_t *len, struct errbuf *eb);

#endif
