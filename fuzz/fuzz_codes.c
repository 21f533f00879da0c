/*
 * fuzz_codes: the CTF code table, which sites may replace at run time. Properties:
 * the parse either gives a table and no errors, or no table and at least one
 * located error; every row's allowed list can be written out and every row is
 * found again by its own keys.
 */
#include <stdbool.h>
#include <string.h>

#include "core/codes.h"
#include "core/problem.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct codes *c = NULL;
	struct problem_list pl;
	enum err e;

	problem_list_init(&pl);
	e = codes_parse((const char *)data, size, "fuzz.tsv", &c, &pl);
	if (e == ERR_OK) {
		if (!c || problem_list_count_errors(&pl) != 0)
			fuzz_fail("codes", "ERR_OK without a table, or with errors");
		for (size_t i = 0; i < codes_count(c); i++) {
			const struct code_row *row = codes_row(c, i);
			char buf[512];
			code_row_allowed_list(row, buf, sizeof buf);
			if (codes_find_qualified(c, row->collection, row->component,
						 row->result_qualifier) == NULL)
				fuzz_fail("codes", "a row is not found by its own keys");
		}
		codes_free(c);
	} else {
		if (c)
			fuzz_fail("codes", "a table returned with an error");
		if (e == ERR_INVALID && problem_list_count_errors(&pl) == 0)
			fuzz_fail("codes", "ERR_INVALID without a problem");
		for (size_t i = 0; i < pl.count; i++)
			if (pl.items[i].location[0] != '\0' &&
			    strncmp(pl.items[i].location, "fuzz.tsv", 8) != 0)
				fuzz_fail("codes", "a problem is not located in the file");
	}
	problem_list_release(&pl);
	return 0;
}
