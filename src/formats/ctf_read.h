/*
 * ctf_read: reads a DfE Common Transfer File (CTF XML) into the statutory
 * return model (core/statutory.h), safely: no DTD, no entities, no network, a
 * byte cap and a depth cap; every item keeps its FILE:LINE:COL. Unknown elements
 * are ignored, as the CTF specification allows. The rules are applied afterwards
 * with statutory_check().
 */
#ifndef PT_FORMATS_CTF_READ_H
#define PT_FORMATS_CTF_READ_H

#include <stddef.h>

#include "base/err.h"
#include "core/problem.h"
#include "core/statutory.h"

enum {
	CTF_READ_MAX = 256 * 1024 * 1024, /* bytes: default cap on a CTF */
	CTF_DEPTH_MAX = 40,		  /* element nesting: CTFs need about 8 */
	CTF_RESULTS_MAX = 2000		  /* StageAssessments of one pupil */
};

struct ctf_read_options {
	size_t max_bytes; /* cap on the file; 0 = CTF_READ_MAX */
};

/* Reads the CTF text[len] (need not be NUL-terminated) into out, which this
 * initialises (release it with stat_return_release in every case). filename
 * names the file in locations (may be NULL). opt may be NULL.
 * Returns ERR_OK when the file was read (its rules are not checked yet), or with
 * a located problem in problems and out empty:
 *   ERR_TOO_BIG  over the byte cap (CTF_TOO_BIG);
 *   ERR_INVALID  a DOCTYPE (CTF_DOCTYPE: DTDs and entities are refused), an
 *                entity reference (CTF_ENTITY), not well-formed or truncated XML
 *                (CTF_XML), UTF-16 or UTF-32 text (CTF_ENCODING), nesting deeper
 *                than CTF_DEPTH_MAX (CTF_DEPTH), a root other than CTfile
 *                (CTF_ROOT), too many results for one pupil (CTF_RESULTS). */
enum err ctf_read(const char *text, size_t len, const char *filename,
		  const struct ctf_read_options *opt, struct stat_return *out,
		  struct problem_list *problems);

#endif
