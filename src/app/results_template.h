/*
 * results_template: the FFT-style results spreadsheet a school downloads for a
 * collection (issue 7b): one sheet in the layout app/results_sheet.h checks
 * (KS1, KS2 teacher assessment, phonics), one row per pupil of the school in
 * the collection's year group (KS1 Year 2, KS2 Year 6, phonics Year 1, as the
 * entry screens list them) with the results already stored, and Excel
 * drop-downs of the valid codes from the code tables (whole numbers for scaled
 * scores). Uploaded back through "Upload & send", it is checked by
 * results_sheet_check with the same pupils: none may be added or removed.
 */
#ifndef PT_APP_RESULTS_TEMPLATE_H
#define PT_APP_RESULTS_TEMPLATE_H

#include <stddef.h>

#include "app/app.h"
#include "base/err.h"
#include "core/model.h"
#include "core/statutory.h"
#include "store/store.h"

enum { RESULTS_TEMPLATE_NAME_MAX = 64 };

/* The workbook in *out (caller frees), *len bytes, and its file name
 * ("ks1-results-8882001-2025.xlsx"). ERR_INVALID for a collection without a
 * template (EYFS profile); ERR_IO when it cannot be written. */
enum err results_template_build(struct app *a, struct store_conn *c, const struct establishment *e,
				enum collection coll, int academic_year, char **out, size_t *len,
				char name[static RESULTS_TEMPLATE_NAME_MAX], struct errbuf *eb);

/* The UPNs of the template's pupils, the set an upload must keep: *upns (one
 * allocation, free it) holds *n strings; *n = 0 when the school has no pupils of
 * that year group in pupiltrack (then no set is checked). */
enum err results_template_upns(struct app *a, struct store_conn *c, const struct establishment *e,
			       enum collection coll, int academic_year, char ***upns, size_t *n,
			       struct errbuf *eb);

#endif
