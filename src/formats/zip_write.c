/*
 * zip_write: a ZIP archive built in memory (see zip_write.h). libzip writes into
 * a buffer source that is kept past zip_close and read back.
 */
#include "formats/zip_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/xalloc.h"

static enum err zip_fail(struct errbuf *eb, const char *what, zip_error_t *ze)
{
	return errbuf_set(eb, ERR_IO, "the ZIP file could not be made (%s: %s)", what,
			  zip_error_strerror(ze));
}

/* Reads the whole of a closed buffer source into *out. */
static enum err source_read(zip_source_t *src, char **out, size_t *len, struct errbuf *eb)
{
	zip_int64_t size, got;

	if (zip_source_open(src) < 0)
		return zip_fail(eb, "reading", zip_source_error(src));
	if (zip_source_seek(src, 0, SEEK_END) < 0 || (size = zip_source_tell(src)) < 0 ||
	    zip_source_seek(src, 0, SEEK_SET) < 0) {
		zip_source_close(src);
		return zip_fail(eb, "seeking", zip_source_error(src));
	}
	*out = xmalloc((size_t)size + 1);
	got = size ? zip_source_read(src, *out, (zip_uint64_t)size) : 0;
	zip_source_close(src);
	if (got != size) {
		free(*out);
		*out = NULL;
		return errbuf_set(eb, ERR_IO, "the ZIP file could not be read back");
	}
	*len = (size_t)size;
	return ERR_OK;
}

enum err zip_write(const struct zip_entry *entries, size_t n, char **out, size_t *len,
		   struct errbuf *eb)
{
	zip_source_t *src = NULL;
	zip_t *za = NULL;
	zip_error_t ze;
	enum err e = ERR_OK;

	*out = NULL;
	*len = 0;
	/* libzip writes nothing at all for an archive without entries */
	if (!n)
		return errbuf_set(eb, ERR_INVALID, "there are no files to put in the ZIP");
	for (size_t i = 0; i < n; i++) {
		if (!entries[i].name || !entries[i].name[0])
			return errbuf_set(eb, ERR_INVALID, "a file in the ZIP has no name");
		for (size_t j = 0; j < i; j++)
			if (strcmp(entries[i].name, entries[j].name) == 0)
				return errbuf_set(eb, ERR_INVALID,
						  "two files in the ZIP are called %s",
						  entries[i].name);
	}
	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src) {
		e = zip_fail(eb, "starting", &ze);
		goto out;
	}
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za) {
		e = zip_fail(eb, "opening", &ze);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(za, entries[i].data, entries[i].len, 0);
		zip_int64_t idx;
		if (!s) {
			e = zip_fail(eb, "adding", zip_get_error(za));
			goto out;
		}
		idx = zip_file_add(za, entries[i].name, s, ZIP_FL_ENC_UTF_8);
		if (idx < 0) {
			zip_source_free(s);
			e = zip_fail(eb, "adding", zip_get_error(za));
			goto out;
		}
		zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 0);
	}
	if (zip_close(za) < 0) {
		e = zip_fail(eb, "closing", zip_get_error(za));
		goto out;
	}
	za = NULL;
	e = source_read(src, out, len, eb);
out:
	if (za)
		zip_discard(za);
	zip_error_fini(&ze);
	if (src)
		zip_source_free(src);
	return e;
}
