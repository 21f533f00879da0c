/*
 * zip_write: a ZIP archive of in-memory files, built in memory with libzip (for
 * "download all returns of a request"). Entry names are used as given: the
 * caller makes them plain file names (no folders, no "..").
 */
#ifndef PT_FORMATS_ZIP_WRITE_H
#define PT_FORMATS_ZIP_WRITE_H

#include <stddef.h>

#include "base/err.h"

struct zip_entry {
	const char *name; /* file name inside the archive, UTF-8 */
	const void *data; /* its bytes (borrowed) */
	size_t len;	  /* how many */
};

/* The archive's bytes in *out (caller frees), *len bytes; entries are deflated.
 * ERR_INVALID for no entries, or an empty or repeated name; ERR_IO when libzip fails (eb says
 * why). */
enum err zip_write(const struct zip_entry *entries, size_t n, char **out, size_t *len,
		   struct errbuf *eb);

#endif
