/*
 * pupils_bulk: "Edit multiple pupils": the pupils of one establishment in a grid
 * (a real <table>), filtered by surname, UPN, year, class and characteristics.
 * Without JavaScript it shows the values; web/static/pupils-grid.js makes the
 * cells editable (arrow keys, Enter, Escape), fills a column and saves every
 * change at once through POST /api/v1/schools/:laestab/pupils-bulk.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/pupils.h"
#include "app/pupils_bulk.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/codelist.h"
#include "core/pupil_filter.h"
#include "web/csrf.h"
#include "web/html.h"
#include "web/session.h"

/* Column headings; custom columns take the profile's names. */
static const char *column_label(enum bulk_field f, const struct estab_profile *prof)
{
	static const char *const labels[BF_CUSTOM1] = {
		"Class", "Include in data", "Gender", "SEN", "Ethnicity", "Disadvantaged",
		"EAL",	 "Pupil premium",   "FSM",
	};
	return f >= BF_CUSTOM1 ? prof->custom_name[f - BF_CUSTOM1] : labels[f];
}

/* The column shown i-th: Gender, then Class as in the pupil list, then the rest. */
static enum bulk_field column_at(int i)
{
	static const enum bulk_field first[] = { BF_GENDER, BF_CLASS, BF_INCLUDE };

	_Static_assert(BF_CLASS < 3 && BF_INCLUDE < 3 && BF_GENDER < 3,
		       "the first three columns are reordered among themselves");
	return i < (int)ARRAY_SIZE(first) ? first[i] : (enum bulk_field)i;
}

/* What a cell shows for value v of column f. */
static const char *value_label(enum bulk_field f, const char *v, const struct estab_profile *prof)
{
	const struct ethnicity *eth;
	long n;

	switch (f) {
	case BF_CLASS:
		n = strtol(v, NULL, 10);
		return n >= 1 && n <= CLASS_COUNT ? prof->class_name[n - 1] : "None";
	case BF_GENDER: {
		enum gender g = GENDER_UNKNOWN;
		(void)gender_parse(v, &g); /* the code list's labels, as the list shows */
		return gender_label(g);
	}
	case BF_SEN:
		return sen_label(v[0]) ? sen_label(v[0]) : "No SEN";
	case BF_ETHNICITY:
		eth = ethnicity_find(v);
		return eth ? eth->name : "Not recorded";
	default:
		return strcmp(v, "yes") == 0 ? "Yes" : "No";
	}
}

static void option(struct strbuf *b, const char *value, const char *label)
{
	html_open(b, "option", "value", value, NULL);
	html_text(b, label);
	html_close(b, "option");
}

/* A <template> with the <select> the cells of column f are edited with. */
static void editor_template(struct request *req, enum bulk_field f,
			    const struct estab_profile *prof)
{
	struct strbuf *b = resp_body(req);
	char num[8];

	html_open(b, "template", "id",
		  arena_printf(&req->arena, "grid-editor-%s", bulk_field_name(f)), NULL);
	html_raw_trusted(b, "<select>");
	switch (f) {
	case BF_CLASS:
		option(b, "0", "None");
		for (int i = 0; i < CLASS_COUNT; i++) {
			snprintf(num, sizeof(num), "%d", i + 1);
			option(b, num, prof->class_name[i]);
		}
		break;
	case BF_GENDER:
		option(b, "M", "Male");
		option(b, "F", "Female");
		break;
	case BF_SEN:
		option(b, "N", sen_label('N'));
		option(b, "K", sen_label('K'));
		option(b, "E", sen_label('E'));
		break;
	case BF_ETHNICITY:
		for (size_t i = 0; i < ethnicity_count(); i++) {
			const struct ethnicity *e = ethnicity_at(i);
			option(b, e->code, e->name);
		}
		break;
	default:
		option(b, "yes", "Yes");
		option(b, "no", "No");
		break;
	}
	html_raw_trusted(b, "</select></template>\n");
}

static void filter_form(struct request *req, const char *surname, const char *upn, int year,
			int class_no, const struct pupil_filter *filter,
			const struct estab_profile *prof)
{
	struct strbuf *b = resp_body(req);

	html_open(b, "form", "method", "get", "class", "pupil-search", NULL);
	html_raw_trusted(b, "<div class=\"search-row\">");
	html_form_field(b, &(struct html_field){ .name = "surname",
						 .label = "Surname",
						 .value = surname,
						 .maxlength = PERSON_NAME_MAX });
	html_form_field(b, &(struct html_field){
				   .name = "upn", .label = "UPN", .value = upn, .maxlength = 13 });
	page_class_year_fields(req, "g-", class_no, year, prof);
	html_raw_trusted(b, "</div>");
	page_filter_form(req, filter, prof);
	html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Select</button></form>\n");
}

void pupils_bulk_get(struct request *req)
{
	const struct establishment *e = &req->estab;
	const char *surname = request_text(req, "surname");
	const char *upn = request_text(req, "upn");
	int class_no = (int)request_int(req, "class");
	int ay = academic_year_of(date_from_unix(app_now(req->app)));
	struct pupil_search q = { .establishment_id = e->id, .academic_year = ay };
	struct pupil_filter filter;
	struct estab_profile prof;
	struct pupil *list = NULL;
	const char *bad = NULL;
	size_t n = 0, off = 0;
	int year = YEAR_NONE;
	struct strbuf *b;
	char buf[8];

	if (!req->has_estab)
		BUG("pupils_bulk_get without an authorised establishment");
	pupil_filter_init(&filter);
	if ((request_text(req, "year")[0] && !year_parse(request_text(req, "year"), &year)) ||
	    !page_filter_read(req, &filter, &bad)) {
		page_error(req, 400, "A filter has a value this page does not take.");
		return;
	}
	q.surname = surname;
	q.upn = upn;
	q.class_no = class_no;
	q.year_group = year;
	q.filter = &filter;
	if (session_estab_profile(req, e->id, &prof, NULL) != ERR_OK ||
	    store_pupil_search(req->db, &q, &list, &n, NULL) != ERR_OK) {
		page_error(req, 500, NULL);
		goto out;
	}
	page_begin(req, "Edit multiple pupils", NAV_PUPILS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, e->name);
	html_text(b, " (LAESTAB ");
	html_int(b, establishment_laestab(e));
	html_text(b, ")");
	html_close(b, "p");
	filter_form(req, surname, upn, year, class_no, &filter, &prof);
	for (size_t i = 0; i < n; i++)
		off += !list[i].include_in_data;
	html_raw_trusted(b, "<p id=\"grid-include-notice\" class=\"notice\" role=\"status\"");
	if (!off)
		html_raw_trusted(b, " hidden");
	html_raw_trusted(b, ">");
	if (off) {
		html_text(b, "Include in data has been set to No for ");
		html_int(b, (int64_t)off);
		html_text(b, off == 1 ? " pupil." : " pupils.");
	}
	html_raw_trusted(b, "</p>\n");
	if (n == 0) {
		html_elem(b, "p", "No pupils match this selection.");
		page_end(req);
		goto out;
	}
	html_raw_trusted(b, "<noscript><p>Editing the grid needs JavaScript. To change one "
			    "pupil, open their record from the pupil list.</p></noscript>\n"
			    "<div id=\"grid-errors\" class=\"error-summary\" role=\"alert\" "
			    "tabindex=\"-1\" hidden><h2>Nothing was saved</h2><ul></ul></div>\n");
	html_raw_trusted(b, "<div id=\"grid-tools\" class=\"grid-tools\" hidden>"
			    "<button type=\"button\" id=\"grid-save\" class=\"button\">Save"
			    "</button> <span class=\"field inline\"><label for=\"grid-fill-col\">"
			    "Fill column</label><select id=\"grid-fill-col\">");
	for (int i = 0; i < BF__MAX; i++)
		option(b, bulk_field_name(column_at(i)), column_label(column_at(i), &prof));
	html_raw_trusted(b, "</select></span> <span class=\"field inline\"><label "
			    "for=\"grid-fill-value\">with</label><select id=\"grid-fill-value\">"
			    "</select></span> <button type=\"button\" id=\"grid-fill\" "
			    "class=\"button secondary\">Fill</button> <span id=\"grid-status\" "
			    "role=\"status\" aria-live=\"polite\"></span></div>\n");
	for (int f = 0; f < BF__MAX; f++)
		editor_template(req, (enum bulk_field)f, &prof);
	html_open(b, "div", "class", "table-scroll", NULL);
	html_open(b, "table", "id", "pupils-grid", "class", "data-table pupils-grid", "data-save",
		  arena_printf(&req->arena, "/api/v1/schools/%07d/pupils-bulk",
			       establishment_laestab(e)),
		  "data-csrf", csrf_token(req), NULL);
	html_raw_trusted(b, "<caption>");
	html_int(b, (int64_t)n);
	html_text(b, n == 1 ? " pupil. " : " pupils. ");
	html_raw_trusted(b, "<span class=\"hint\">Arrow keys move between cells, Enter edits "
			    "a cell, Escape cancels.</span></caption><thead><tr>"
			    "<th scope=\"col\">Pupil</th><th scope=\"col\">UPN</th>");
	for (int i = 0; i < BF__MAX; i++) {
		html_open(b, "th", "scope", "col", "data-field", bulk_field_name(column_at(i)),
			  NULL);
		html_text(b, column_label(column_at(i), &prof));
		html_close(b, "th");
	}
	html_raw_trusted(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct pupil *p = &list[i];
		char id[24], version[24];

		snprintf(id, sizeof(id), "%lld", (long long)p->id);
		snprintf(version, sizeof(version), "%lld", (long long)p->version);
		html_open(b, "tr", "data-id", id, "data-version", version, NULL);
		html_raw_trusted(b, "<th scope=\"row\">");
		html_text(b, p->surname);
		html_text(b, ", ");
		html_text(b, p->forenames);
		html_raw_trusted(b, "</th><td class=\"upn\">");
		html_text(b, p->upn);
		html_raw_trusted(b, "</td>");
		for (int c = 0; c < BF__MAX; c++) {
			enum bulk_field f = column_at(c);
			const char *v = bulk_field_value(p, f, buf);
			html_open(b, "td", "data-field", bulk_field_name(f), "data-value", v, NULL);
			html_text(b, value_label(f, v, &prof));
			html_close(b, "td");
		}
		html_raw_trusted(b, "</tr>\n");
	}
	html_raw_trusted(b, "</tbody></table></div>\n"
			    "<script src=\"/static/pupils-grid.js\" defer></script>\n");
	page_end(req);
out:
	free(list);
}
