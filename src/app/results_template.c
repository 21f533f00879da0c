/*
 * results_template: the results spreadsheet of a collection (see
 * results_template.h). The pupils come from the entry list of app/statutory_app.h,
 * the layout from app/results_sheet.h, the allowed values from the code tables.
 */
#include "app/results_template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/results_sheet.h"
#include "app/statutory_app.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/codes.h"
#include "formats/xlsx_write.h"

enum { CELL_MAX = 48, LIST_TEXT_MAX = 255, LIST_ITEMS_MAX = 64 };

/* The entry list's group of a collection: phonics Year 1, else the key stage's year. */
static int group_of(enum collection coll)
{
	return coll == COLL_PHONICS ? 1 : coll == COLL_KS1 ? 2 : YEAR_6;
}

static enum err load_entry(struct app *a, struct store_conn *c, const struct establishment *e,
			   enum collection coll, int academic_year, struct stat_entry *s,
			   struct errbuf *eb)
{
	if (!results_sheet_layout(coll, NULL, NULL))
		return errbuf_set(eb, ERR_INVALID,
				  "There is no results spreadsheet for the %s: send the CTF your "
				  "MIS exported instead.",
				  collection_label(coll));
	return stat_entry_load(a, c, e, coll, academic_year, group_of(coll), s, eb);
}

enum err results_template_upns(struct app *a, struct store_conn *c, const struct establishment *e,
			       enum collection coll, int academic_year, char ***upns, size_t *n,
			       struct errbuf *eb)
{
	struct stat_entry s;
	enum err err;
	char *text;

	*upns = NULL;
	*n = 0;
	memset(&s, 0, sizeof(s));
	err = load_entry(a, c, e, coll, academic_year, &s, eb);
	if (err)
		return err;
	if (s.nrows) {
		/* the pointers, then the strings, in one block */
		*upns = xcalloc(1, s.nrows * (sizeof(char *) + sizeof(s.rows[0].p.upn)));
		text = (char *)(*upns + s.nrows);
		for (size_t i = 0; i < s.nrows; i++) {
			(*upns)[i] = text + i * sizeof(s.rows[0].p.upn);
			memcpy((*upns)[i], s.rows[i].p.upn, sizeof(s.rows[0].p.upn));
		}
		*n = s.nrows;
	}
	stat_entry_release(&s);
	return ERR_OK;
}

/* The drop-down of a code-table row: its codes, and the numbers of a small
 * range spelt out (phonics marks 0-40 with A, D, L, Q); a row of one range only
 * (scaled scores) is a whole-number check instead. items/store are the
 * caller's; false when no list fits (then min..max of the first range). */
static bool allowed_list(const struct code_row *row, const char **items, char *store, long *min,
			 long *max)
{
	size_t k = 0, used = 0, text = 0;
	bool codes = false;

	*min = 0;
	*max = 0;
	for (size_t i = 0; i < row->allowed_count; i++) {
		if (row->allowed[i].code) {
			codes = true;
		} else if (*min == 0 && *max == 0) {
			*min = row->allowed[i].lo;
			*max = row->allowed[i].hi;
		}
	}
	if (!codes)
		return false;
	for (size_t i = 0; i < row->allowed_count; i++) {
		const struct code_allowed *al = &row->allowed[i];
		long lo = al->code ? 0 : al->lo, hi = al->code ? 0 : al->hi;
		for (long v = lo; v <= hi; v++) {
			char num[24];
			const char *t = al->code;
			size_t tl;
			if (!t) {
				snprintf(num, sizeof(num), "%ld", v);
				t = num;
			}
			tl = strlen(t);
			if (k + 1 >= LIST_ITEMS_MAX || text + tl + 1 > LIST_TEXT_MAX)
				return false;
			memcpy(store + used, t, tl + 1);
			items[k++] = store + used;
			used += tl + 1;
			text += tl + 1;
		}
	}
	items[k] = NULL;
	return true;
}

enum err results_template_build(struct app *a, struct store_conn *c, const struct establishment *e,
				enum collection coll, int academic_year, char **out, size_t *len,
				char name[static RESULTS_TEMPLATE_NAME_MAX], struct errbuf *eb)
{
	static const char *const genders[] = { "Male", "Female", NULL };
	const struct results_column *cols = NULL;
	const char *sheet_name = NULL;
	struct xlsx_validation val[RESULTS_COLS_MAX];
	const char *items[RESULTS_COLS_MAX][LIST_ITEMS_MAX];
	char store[RESULTS_COLS_MAX][LIST_TEXT_MAX + LIST_ITEMS_MAX];
	char msg[RESULTS_COLS_MAX][256];
	struct stat_entry s;
	struct sheet sh;
	struct codes *scores = NULL;
	char(*text)[CELL_MAX] = NULL;
	char *path = NULL;
	size_t ncols, nval = 0, rows;
	enum err err;

	*out = NULL;
	*len = 0;
	memset(&s, 0, sizeof(s));
	ncols = results_sheet_layout(coll, &sheet_name, &cols);
	err = load_entry(a, c, e, coll, academic_year, &s, eb);
	if (err)
		return err;
	path = app_data_path(a, RESULTS_SHEET_SCORES_FILE);
	err = app_codes_load(a, path, &scores, eb);
	if (err)
		goto out;
	rows = s.nrows + 1;
	memset(&sh, 0, sizeof(sh));
	sh.name = sheet_name;
	sh.rows = rows;
	sh.cols = ncols;
	sh.header_rows = 1;
	sh.cells = xcalloc(rows * ncols, sizeof(*sh.cells));
	text = xcalloc(rows * ncols, sizeof(*text));
	for (size_t k = 0; k < ncols; k++) {
		struct sheet_cell *h = sheet_at(&sh, 0, k);
		h->text = cols[k].heading;
		h->bold = true;
		h->fill = 0xDDEBF7;
	}
	for (size_t i = 0; i < s.nrows; i++) {
		const struct stat_entry_row *er = &s.rows[i];
		for (size_t k = 0; k < ncols; k++) {
			struct sheet_cell *cell = sheet_at(&sh, i + 1, k);
			char *t = text[(i + 1) * ncols + k];
			char yl[YEAR_LABEL_MAX];
			cell->text = t;
			switch (cols[k].kind) {
			case RCOL_SCHOOL:
				snprintf(t, CELL_MAX, "%07d", establishment_laestab(e));
				break;
			case RCOL_UPN:
				snprintf(t, CELL_MAX, "%s", er->p.upn);
				break;
			case RCOL_FORENAME:
				cell->text = er->p.forenames;
				break;
			case RCOL_SURNAME:
				cell->text = er->p.surname;
				break;
			case RCOL_GENDER:
				snprintf(t, CELL_MAX, "%s",
					 er->p.gender == GENDER_MALE   ? "Male" :
					 er->p.gender == GENDER_FEMALE ? "Female" :
									 "");
				break;
			case RCOL_DOB:
				date_format_dmy(er->p.dob, t);
				break;
			case RCOL_NCYEAR:
				snprintf(t, CELL_MAX, "%s", year_ctf_code(er->year_group, yl));
				break;
			case RCOL_RESULT:
			case RCOL_SCORE:
				/* the result already stored for this column, if any */
				for (size_t j = 0; j < s.ncols; j++)
					if (strcmp(s.cols[j]->component, cols[k].component) == 0 &&
					    strcmp(s.cols[j]->result_qualifier,
						   cols[k].qualifier) == 0 &&
					    strcmp(s.cols[j]->collection, cols[k].collection) == 0)
						snprintf(t, CELL_MAX, "%s", er->values[j]);
				break;
			case RCOL__MAX:
				BUG("results_template: bad column kind");
			}
		}
	}
	/* the checks Excel makes as results are typed (none for an empty list) */
	for (size_t k = 0; k < ncols && s.nrows; k++) {
		const struct code_row *row = NULL;
		struct xlsx_validation *v = &val[nval];
		long min, max;

		memset(v, 0, sizeof(*v));
		v->col = k;
		v->first_row = 1;
		v->last_row = s.nrows;
		if (cols[k].kind == RCOL_GENDER) {
			v->list = genders;
			v->message = "Choose Male or Female.";
			nval++;
			continue;
		}
		if (cols[k].kind != RCOL_RESULT && cols[k].kind != RCOL_SCORE)
			continue;
		row = codes_find_qualified(cols[k].kind == RCOL_SCORE ? scores : a->codes,
					   cols[k].collection, cols[k].component,
					   cols[k].qualifier);
		if (!row)
			continue;
		if (allowed_list(row, items[k], store[k], &min, &max)) {
			v->list = items[k];
			snprintf(msg[k], sizeof(msg[k]), "%s: choose one of %s, or leave it blank.",
				 row->label, row->allowed_text);
		} else {
			v->min = min;
			v->max = max;
			snprintf(msg[k], sizeof(msg[k]),
				 "%s: a whole number %ld-%ld, or leave it blank.", row->label, min,
				 max);
		}
		v->message = msg[k];
		nval++;
	}
	err = xlsx_write_sheet_validated(&sh, val, nval, NULL, out, len, eb);
	snprintf(name, RESULTS_TEMPLATE_NAME_MAX, "%s-results-%07d-%d.xlsx", collection_code(coll),
		 establishment_laestab(e), academic_year);
	free(sh.cells);
	free(text);
out:
	codes_free(scores);
	free(path);
	stat_entry_release(&s);
	return err;
}
