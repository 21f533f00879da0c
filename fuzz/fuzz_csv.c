/*
 * fuzz_csv: pupil upload files. Properties: a file either parses with no problem
 * and every field located at line >= 1, column >= 1, in order, holding
 * well-formed UTF-8 without NUL (control characters pass through: the field
 * rules of core/validate judge them); or it fails with at least one problem located in the file and no
 * rows.
 */
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "formats/csv.h"
#include "fuzz.h"

/* Well-formed UTF-8: utf8_valid_text on a copy whose controls (C0, DEL) are spaces. */
static bool well_formed(const char *s, size_t n)
{
	char *copy = malloc(n + 1);
	bool ok;

	if (!copy)
		return true;
	for (size_t i = 0; i < n; i++)
		copy[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' : s[i];
	copy[n] = '\0';
	ok = utf8_valid_text(copy, n);
	free(copy);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv c;
	struct problem_list pl;
	enum err e;

	memset(&c, 0, sizeof(c));
	problem_list_init(&pl);
	e = csv_parse("fuzz.csv", (const char *)data, size, 0, &c, &pl);
	/* rows come with ERR_OK, and with ERR_INVALID when a record has a problem */
	{
		long last_line = 0;
		size_t nbad = 0;
		for (size_t i = 0; i < c.nrows; i++) {
			const struct csv_row *row = &c.rows[i];
			if (row->n < 1 || row->line <= last_line)
				fuzz_fail("csv", "rows out of order or empty");
			last_line = row->line;
			nbad += row->bad;
			for (size_t k = 0; k < row->n; k++) {
				const struct csv_field *f = &row->fields[k];
				if (f->line < row->line || f->col < 1)
					fuzz_fail("csv", "a field is not located");
				if (strlen(f->text) != f->len)
					fuzz_fail("csv", "a field's length is wrong");
				if (!well_formed(f->text, f->len))
					fuzz_fail("csv", "a field is not valid text");
			}
		}
		if (e == ERR_OK && nbad)
			fuzz_fail("csv", "ERR_OK with a bad row");
		if (e != ERR_OK && c.nrows && !nbad)
			fuzz_fail("csv", "rows returned with an error but none marked bad");
	}
	if (e == ERR_OK) {
		if (problem_list_count_errors(&pl) != 0)
			fuzz_fail("csv", "ERR_OK with errors");
	} else {
		if (problem_list_count_errors(&pl) == 0)
			fuzz_fail("csv", "an error without a problem");
		for (size_t i = 0; i < pl.count; i++)
			if (strncmp(pl.items[i].location, "fuzz.csv", 8) != 0)
				fuzz_fail("csv", "a problem is not located in the file");
	}
	csv_free(&c);
	problem_list_release(&pl);
	return 0;
}
