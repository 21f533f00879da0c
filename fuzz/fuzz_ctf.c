/*
 * fuzz_ctf: Common Transfer Files from MIS systems, other schools and LAs.
 * Properties: a file either reads with no error, or fails with at least one
 * problem located in the file and no pupils; a file holding a DOCTYPE is never
 * read (no DTDs, no entities); streamed from a file descriptor
 * (ctf_read_stream) it gives the same result, the same problems at the same
 * places and, when read, the same number of pupils.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "formats/ctf_read.h"
#include "fuzz.h"

static bool has_doctype(const uint8_t *data, size_t size)
{
	static const char tag[] = "<!DOCTYPE";
	for (size_t i = 0; i + sizeof(tag) - 1 <= size; i++)
		if (memcmp(data + i, tag, sizeof(tag) - 1) == 0)
			return true;
	return false;
}

static bool count_pupil(void *ctx, const struct stat_return *r, const struct stat_pupil *p)
{
	(void)r;
	(void)p;
	(*(size_t *)ctx)++;
	return true;
}

/* The same data streamed from a file: the same result and problems as whole. */
static void check_streamed(const uint8_t *data, size_t size, enum err whole_rc,
			   const struct stat_return *whole, const struct problem_list *whole_pl)
{
	struct problem_list pl;
	size_t pupils = 0;
	struct ctf_sink sink = { &pupils, NULL, count_pupil };
	struct ctf_input in = { .text = NULL, .len = 0, .fd = -1 };
	FILE *f = tmpfile();
	enum err e;

	if (!f)
		return; /* no temporary file here: the property cannot be checked */
	if ((size && fwrite(data, 1, size, f) != size) || fflush(f) != 0 ||
	    lseek(fileno(f), 0, SEEK_SET) != 0) {
		fclose(f);
		return;
	}
	in.fd = fileno(f);
	problem_list_init(&pl);
	e = ctf_read_stream(&in, "fuzz.xml", NULL, &sink, &pl);
	if (e != whole_rc)
		fuzz_fail("ctf", "streamed from a file, another result than from memory");
	if (e == ERR_OK && pupils != whole->npupils)
		fuzz_fail("ctf", "streamed from a file, another number of pupils");
	if (pl.count != whole_pl->count)
		fuzz_fail("ctf", "streamed from a file, another number of problems");
	for (size_t i = 0; i < pl.count; i++)
		if (strcmp(pl.items[i].code, whole_pl->items[i].code) != 0 ||
		    strcmp(pl.items[i].location, whole_pl->items[i].location) != 0)
			fuzz_fail("ctf", "streamed from a file, another problem or place");
	problem_list_release(&pl);
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stat_return r;
	struct problem_list pl;
	enum err e;

	problem_list_init(&pl);
	e = ctf_read((const char *)data, size, "fuzz.xml", NULL, &r, &pl);
	if (e == ERR_OK) {
		if (problem_list_count_errors(&pl) != 0)
			fuzz_fail("ctf", "ERR_OK with errors");
		if (has_doctype(data, size))
			fuzz_fail("ctf", "a file with a DOCTYPE was read");
	} else {
		if (r.npupils != 0)
			fuzz_fail("ctf", "pupils returned with an error");
		if (problem_list_count_errors(&pl) == 0)
			fuzz_fail("ctf", "an error without a problem");
		for (size_t i = 0; i < pl.count; i++)
			if (strncmp(pl.items[i].location, "fuzz.xml", 8) != 0)
				fuzz_fail("ctf", "a problem is not located in the file");
	}
	check_streamed(data, size, e, &r, &pl);
	stat_return_release(&r);
	problem_list_release(&pl);
	return 0;
}
