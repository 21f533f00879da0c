/*
 * fuzz_ctf: Common Transfer Files from MIS systems, other schools and LAs.
 * Properties: a file either reads with no error, or fails with at least one
 * problem located in the file and no pupils; a file holding a DOCTYPE is never
 * read (no DTDs, no entities).
 */
#include <string.h>

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
	stat_return_release(&r);
	problem_list_release(&pl);
	return 0;
}
