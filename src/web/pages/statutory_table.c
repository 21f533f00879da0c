/*
 * statutory_table: the list of an entry screen (see statutory_table.h), split
 * from web/pages/statutory.c. A phonics cell is a text field (a mark or a code);
 * a KS1 or KS2 cell a drop-down of the column's allowed codes that
 * web/static/statutory.js lets a keyboard user type into, and a "Fill column"
 * puts one code in a whole column. The allowed codes come from the code table
 * (data-allowed); the server checks every value again on saving.
 */
#include "web/pages/statutory_table.h"

#include <ctype.h>
#include <string.h>

#include "base/date.h"
#include "core/codelist.h"
#include "core/codes.h"
#include "web/csrf.h"
#include "web/html.h"
#include "web/pages/pages.h"

/* The form field of a pupil's result: "c_" (routes.c), the pupil's id and the
 * component in lower case ("c_12_psc"), as field names are. */
static const char *field_name(struct request *req, int64_t pupil_id, const char *component)
{
	char comp[STAT_CODE_MAX];
	size_t i;

	for (i = 0; component[i] && i + 1 < sizeof(comp); i++)
		comp[i] = (char)tolower((unsigned char)component[i]);
	comp[i] = '\0';
	return arena_printf(&req->arena, "c_%lld_%s", (long long)pupil_id, comp);
}

/* The cell of column k of row: a text field (phonics) or a drop-down of the
 * column's codes, with a stored value the code table does not allow kept as an
 * extra choice so that it shows (the row's messages say what is wrong). */
static void result_cell(struct request *req, const struct stat_entry *s,
			const struct stat_entry_row *row, size_t k, bool can_write, bool bad)
{
	const struct code_row *col = s->cols[k];
	struct strbuf *b = resp_body(req);
	char allowed[256];
	const char *label = arena_printf(&req->arena, "%s: %s %s", col->label, row->p.forenames,
					 row->p.surname);
	const char *pid = arena_printf(&req->arena, "%lld", (long long)row->p.id);
	const char *fname = field_name(req, row->p.id, col->component);

	code_row_allowed_list(col, allowed, sizeof(allowed));
	html_raw_trusted(b, "<td>");
	if (!row->eligible) {
		html_text(b, "No Year 2 check");
	} else if (s->coll == COLL_PHONICS) {
		html_open(b, "input", "type", "text", "class", "cell", "size", "3", "maxlength",
			  "2", "autocomplete", "off", "aria-label", label, "name", fname,
			  "data-pupil", pid, "data-comp", col->component, "data-allowed", allowed,
			  "data-label", col->label, "value", row->values[k], "disabled",
			  can_write ? NULL : "", "aria-invalid", bad ? "true" : NULL, NULL);
	} else {
		html_open(b, "select", "class", "cell", "aria-label", label, "name", fname,
			  "data-pupil", pid, "data-comp", col->component, "data-allowed", allowed,
			  "data-label", col->label, "disabled", can_write ? NULL : "",
			  "aria-invalid", bad ? "true" : NULL, NULL);
		html_open(b, "option", "value", "", NULL);
		html_close(b, "option");
		for (size_t a = 0; a < col->allowed_count; a++) {
			const char *code = col->allowed[a].code;
			if (!code)
				continue;
			html_open(b, "option", "value", code, "selected",
				  strcmp(code, row->values[k]) == 0 ? "" : NULL, NULL);
			html_text(b, code);
			html_close(b, "option");
		}
		if (row->values[k][0] && !code_row_allows(col, row->values[k])) {
			html_open(b, "option", "value", row->values[k], "selected", "", NULL);
			html_text(b, row->values[k]);
			html_close(b, "option");
		}
		html_close(b, "select");
	}
	html_raw_trusted(b, "</td>");
}

/* "Fill column [subject] with [code] [Fill]" and the hint on typing, shown by
 * statutory.js (the code list follows the chosen column there, from its cells'
 * data-allowed), as on the "Edit multiple pupils" grid. */
static void fill_tools(struct request *req, const struct stat_entry *s)
{
	struct strbuf *b = resp_body(req);

	html_raw_trusted(b, "<div id=\"st-tools\" class=\"grid-tools\" hidden><p class=\"hint\">"
			    "Type a result code into a cell, in capitals or not, or choose it "
			    "from the cell's list; Delete clears a cell. Fill column puts one "
			    "result in every open cell of a column. Nothing is saved until you "
			    "press Save.</p><span class=\"field inline\"><label "
			    "for=\"st-fill-col\">Fill column</label><select id=\"st-fill-col\">");
	for (size_t k = 0; k < s->ncols; k++) {
		html_open(b, "option", "value", s->cols[k]->component, NULL);
		html_text(b, s->cols[k]->label);
		html_close(b, "option");
	}
	html_raw_trusted(b,
			 "</select></span> <span class=\"field inline\"><label "
			 "for=\"st-fill-value\">with</label><select id=\"st-fill-value\">"
			 "</select></span> <button type=\"button\" id=\"st-fill\" "
			 "class=\"button button-secondary\">Fill</button> <span id=\"st-status\" "
			 "role=\"status\" aria-live=\"polite\"></span></div>\n");
}

const char *statutory_page_href(struct request *req, const char *href, const char *what, int year,
				int group)
{
	return arena_printf(&req->arena, "%s%s%s?year=%d%s", href, what ? "/" : "",
			    what ? what : "", year,
			    group > 0 ? arena_printf(&req->arena, "&group=%d", group) : "");
}

void statutory_entry_table(struct request *req, const struct stat_entry *s, bool can_write,
			   const char *href)
{
	struct stat_meaning meanings[STAT_MEANINGS_MAX];
	struct strbuf *b = resp_body(req);
	struct errbuf eb = { "" };
	size_t nm = 0;
	char buf[64];

	/* the list */
	/* the year and list in the address, not in hidden fields */
	html_open(b, "form", "method", "post", "action",
		  statutory_page_href(req, href, NULL, s->academic_year,
				      s->coll == COLL_PHONICS ? s->group : 0),
		  "data-cells", "", NULL);
	html_csrf_field(b, csrf_token(req));
	html_open(b, "input", "type", "hidden", "name", "cells", "value", "", NULL);
	if (can_write && s->nrows && s->coll != COLL_PHONICS)
		fill_tools(req, s);
	html_open(b, "div", "class", s->sub.submitted ? "table-scroll locked" : "table-scroll",
		  NULL);
	html_raw_trusted(b, "<table class=\"data-table statutory\"><thead><tr>"
			    "<th scope=\"col\">Pupil</th><th scope=\"col\">UPN</th>"
			    "<th scope=\"col\">Date of birth</th><th scope=\"col\">Gender</th>");
	if (s->coll == COLL_PHONICS && s->group == 2)
		html_raw_trusted(b, "<th scope=\"col\">Year 1 check</th>");
	for (size_t k = 0; k < s->ncols; k++) {
		html_open(b, "th", "scope", "col", NULL);
		html_text(b, s->coll == COLL_PHONICS ? "Mark or code" : s->cols[k]->label);
		html_close(b, "th");
	}
	if (s->coll == COLL_PHONICS)
		html_raw_trusted(b, "<th scope=\"col\">Outcome</th>");
	html_raw_trusted(b, "<th scope=\"col\">Messages</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < s->nrows; i++) {
		const struct stat_entry_row *row = &s->rows[i];
		bool bad = problem_list_count_errors(&row->problems) > 0;
		/* data-left: "Fill column" passes over pupils who left (their
		 * results are entered one by one, statutory.js) */
		html_open(b, "tr", "id",
			  arena_printf(&req->arena, "pupil-%lld", (long long)row->p.id), "class",
			  bad ? "has-error" : NULL, "data-left", row->left ? "1" : NULL, NULL);
		html_open(b, "th", "scope", "row", NULL);
		html_text(b, row->p.surname);
		html_text(b, ", ");
		html_text(b, row->p.forenames);
		html_text(b, row->left ? " (left)" : "");
		html_raw_trusted(b, "</th><td class=\"upn\">");
		html_text(b, row->p.upn);
		html_raw_trusted(b, "</td><td>");
		date_format_dmy(row->p.dob, buf);
		html_text(b, buf);
		html_raw_trusted(b, "</td><td>");
		html_text(b, row->p.gender == GENDER_UNKNOWN ? "" : gender_label(row->p.gender));
		html_raw_trusted(b, "</td>");
		if (s->coll == COLL_PHONICS && s->group == 2) {
			html_raw_trusted(b, "<td>");
			if (row->y1 == PHONICS_Y1_MET)
				html_text(b, "Met the standard");
			else if (row->y1 == PHONICS_Y1_UNKNOWN)
				html_text(b, "Not checked");
			else
				html_text(b, row->y1 == PHONICS_Y1_NOT_MET ? "Not met" :
									     "Not checked");
			if (row->y1_mark[0]) {
				html_text(b, " (");
				html_text(b, row->y1_mark);
				html_text(b, ")");
			}
			html_raw_trusted(b, "</td>");
		}
		for (size_t k = 0; k < s->ncols; k++)
			result_cell(req, s, row, k, can_write && row->eligible, bad);
		if (s->coll == COLL_PHONICS) {
			html_raw_trusted(b, "<td class=\"outcome\">");
			html_text(b, row->outcome ? row->outcome : "");
			html_raw_trusted(b, "</td>");
		}
		html_raw_trusted(b, "<td class=\"messages\">");
		for (size_t m = 0; m < row->problems.count; m++) {
			const struct problem *p = &row->problems.items[m];
			html_open(b, "p", "class",
				  p->severity == SEV_ERROR ? "cell-error" : "cell-query", NULL);
			html_text(b, p->severity == SEV_ERROR ? "Error: " : "Check: ");
			html_text(b, p->message);
			html_close(b, "p");
		}
		html_raw_trusted(b, "</td></tr>\n");
	}
	if (!s->nrows)
		html_raw_trusted(b,
				 "<tr><td colspan=\"6\">No pupils of this year group.</td></tr>");
	html_raw_trusted(b, "</tbody></table></div>\n");
	if (can_write && s->nrows)
		html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Save</button>");
	html_raw_trusted(b, "</form>\n<script src=\"/static/statutory.js\" defer></script>\n");

	/* the codes */
	if (stat_code_meanings(req->app, s->coll, meanings, &nm, &eb) == ERR_OK && nm) {
		html_raw_trusted(b, "<h2>What the codes mean</h2><dl class=\"codes\">");
		for (size_t i = 0; i < nm; i++) {
			html_elem(b, "dt", meanings[i].code);
			html_elem(b, "dd", meanings[i].text);
		}
		html_raw_trusted(b, "</dl>\n");
	}
}
