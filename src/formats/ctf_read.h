/*
 * ctf_read: reads a DfE Common Transfer File (CTF XML) into the statutory
 * return model (core/statutory.h), safely: no DTD, no entities, no network, a
 * byte cap and a depth cap; every item keeps its FILE:LINE:COL. Unknown elements
 * are ignored, as the CTF specification allows. ctf_read_stream hands the
 * header and each pupil to a sink as they are read (from memory or pulled from
 * a file descriptor), holding one pupil at a time, for the stream rule engine
 * (statutory_stream_*); ctf_read builds the whole return, for small files, and
 * its rules are applied afterwards with statutory_check().
 */
#ifndef PT_FORMATS_CTF_READ_H
#define PT_FORMATS_CTF_READ_H

#include <stdbool.h>
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
 *                (CTF_ROOT), too many results for one pupil (CTF_RESULTS), a
 *                Header after the pupils or twice (CTF_HEADER).
 * A sink of ctf_read_stream that appends each pupil to out. */
enum err ctf_read(const char *text, size_t len, const char *filename,
		  const struct ctf_read_options *opt, struct stat_return *out,
		  struct problem_list *problems);

/* Where a CTF comes from: text[len] in memory (fd < 0), or read from fd (text NULL). */
struct ctf_input {
	const char *text;
	size_t len;
	int fd;
};
/* Receives a CTF as it is read. p is valid only during the call. Returning false
 * stops reading (ctf_read_stream then returns ERR_CANCELLED). */
struct ctf_sink {
	void *ctx;
	/* once, after the Header element (r->header filled, r->source set, no pupils),
	 * before the first pupil; may be NULL */
	bool (*header)(void *ctx, const struct stat_return *r);
	/* once per Pupil, with all its results */
	bool (*pupil)(void *ctx, const struct stat_return *r, const struct stat_pupil *p);
};
/* Streams the CTF in to sink with ctf_read's safety and problems (same codes,
 * same FILE:LINE:COL), holding one pupil at a time. The file is read from fd up
 * to its end (fd is not closed). A file with no Header gets no header call
 * (statutory_stream_end then reports HDR_MISSING); a Header after a pupil, or a
 * second one, is refused (CTF_HEADER). The pupils before a problem that stops
 * reading (a cut-short file, a byte cap passed on a pipe) have been given to
 * the sink already: on any result but ERR_OK the caller discards what it got.
 * A regular file over the byte cap is refused before it is read; from a pipe,
 * once the cap is passed. Memory: the current pupil's elements and a window of
 * the bytes since the last element located (a few pupils; at most about 4 MB).
 * Returns ERR_OK, ERR_CANCELLED (the sink said stop; no problem added), or as
 * ctf_read; ERR_IO when fd cannot be read (CTF_IO). sink must not be NULL. */
enum err ctf_read_stream(const struct ctf_input *in, const char *filename,
			 const struct ctf_read_options *opt, const struct ctf_sink *sink,
			 struct problem_list *problems);

#endif
