/*
 * pupils: the pupil list of one establishment: search by surname, UPN, class,
 * year and the characteristics filter, sortable columns, pages of 200, the saved
 * selection, and archiving / restoring ticked pupils. The dispatcher has resolved
 * :laestab into req->estab and checked the route's action. Searching posts (with
 * CSRF, as saving the selection changes data) and redirects to the list's GET.
 */
#include "web/pages/pages.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app/app.h"
#include "app/pupils.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "core/access.h"
#include "core/calendar.h"
#include "core/codelist.h"
#include "core/pupil_filter.h"
#include "formats/csv_write.h"
#include "formats/sheet.h"
#include "formats/xlsx_write.h"
#include "web/csrf.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/session.h"

enum { PAGE_ROWS = 200, SEL_MAX = 200 };

static const char *const sort_names[PUPIL_SORT__MAX] = {
	[PUPIL_SORT_NAME] = "name",   [PUPIL_SORT_UPN] = "upn",	  [PUPIL_SORT_DOB] = "dob",
	[PUPIL_SORT_CLASS] = "class", [PUPIL_SORT_YEAR] = "year", [PUPIL_SORT_GENDER] = "gender",
};

/* What the list shows: the search, the sort and the page. */
struct list_state {
	const char *surname;	    /* prefix, "" = any */
	const char *upn;	    /* prefix, "" = any */
	int class_no;		    /* 0 = any */
	int year;		    /* YEAR_NONE = any */
	bool archived;		    /* include archived pupils */
	struct pupil_filter filter; /* characteristics */
	enum pupil_sort sort;	    /* column */
	bool desc;		    /* direction */
	int page;		    /* from 1 */
};

/* Reads the search parameters every list route declares. False with a message
 * when one has a value the list does not take. */
static bool state_read(struct request *req, struct list_state *st, const char **bad)
{
	int sort = request_enum(req, "sort");

	memset(st, 0, sizeof(*st));
	st->surname = request_text(req, "surname");
	st->upn = request_text(req, "upn");
	st->class_no = (int)request_int(req, "class");
	st->year = YEAR_NONE;
	st->archived = request_bool(req, "archived");
	st->sort = sort < 0 ? PUPIL_SORT_NAME : (enum pupil_sort)sort;
	st->desc = request_enum(req, "dir") == 1;
	st->page = 1;
	if (request_text(req, "year")[0] && !year_parse(request_text(req, "year"), &st->year)) {
		*bad = "year";
		return false;
	}
	pupil_filter_init(&st->filter);
	return page_filter_read(req, &st->filter, bad);
}

/* Appends "&name=value" (value percent-encoded). */
static void arg(struct strbuf *b, const char *name, const char *value)
{
	if (b->len)
		strbuf_addc(b, '&');
	strbuf_adds(b, name);
	strbuf_addc(b, '=');
	html_url_arg(b, value);
}

/* The list's query string for st, with another sort / direction / page; "" for
 * the default list. Owned by the request. */
static const char *state_query(struct request *req, const struct list_state *st,
			       enum pupil_sort sort, bool desc, int page)
{
	struct strbuf b;
	char num[16], label[YEAR_LABEL_MAX], fq[256];
	const char *out;

	strbuf_init(&b, 4096);
	if (st->surname[0])
		arg(&b, "surname", st->surname);
	if (st->upn[0])
		arg(&b, "upn", st->upn);
	if (st->class_no) {
		snprintf(num, sizeof(num), "%d", st->class_no);
		arg(&b, "class", num);
	}
	if (st->year != YEAR_NONE)
		arg(&b, "year", year_label(st->year, label));
	if (st->archived)
		arg(&b, "archived", "1");
	if (pupil_filter_to_query(&st->filter, fq, sizeof(fq))) {
		if (b.len)
			strbuf_addc(&b, '&');
		strbuf_adds(&b, fq);
	}
	if (sort != PUPIL_SORT_NAME || desc) {
		arg(&b, "sort", sort_names[sort]);
		arg(&b, "dir", desc ? "desc" : "asc");
	}
	if (page > 1) {
		snprintf(num, sizeof(num), "%d", page);
		arg(&b, "page", num);
	}
	out = arena_strdup(&req->arena, strbuf_str(&b));
	strbuf_release(&b);
	return out;
}

/* The search of st at school e, year groups of academic year year. */
static struct pupil_search search_of(const struct establishment *e, const struct list_state *st,
				     int year)
{
	return (struct pupil_search){ .establishment_id = e->id,
				      .surname = st->surname,
				      .upn = st->upn,
				      .class_no = st->class_no,
				      .year_group = st->year,
				      .academic_year = year,
				      .include_archived = st->archived,
				      .filter = &st->filter,
				      .sort = st->sort,
				      .desc = st->desc };
}

static const char *list_href(struct request *req, const char *query)
{
	const char *base = page_pupils_href(req, &req->estab);
	return query[0] ? arena_printf(&req->arena, "%s?%s", base, query) : base;
}

static struct actor actor_of(struct request *req)
{
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	return who;
}

/* ---- the search form ---- */

static void search_form(struct request *req, const struct list_state *st,
			const struct estab_profile *prof)
{
	struct strbuf *b = resp_body(req);

	html_open(b, "form", "method", "post", "class", "pupil-search", "action",
		  arena_printf(&req->arena, "%s/search", page_pupils_href(req, &req->estab)), NULL);
	html_csrf_field(b, csrf_token(req));
	html_raw_trusted(b, "<div class=\"search-row\">");
	html_form_field(b, &(struct html_field){ .name = "surname",
						 .label = "Surname",
						 .value = st->surname,
						 .maxlength = PERSON_NAME_MAX });
	html_form_field(b,
			&(struct html_field){
				.name = "upn", .label = "UPN", .value = st->upn, .maxlength = 13 });
	page_class_year_fields(req, "f-", st->class_no, st->year, prof);
	html_raw_trusted(b, "</div>");
	page_filter_form(req, &st->filter, prof);
	html_raw_trusted(b, "<div class=\"field checkbox\">");
	html_open(b, "input", "type", "checkbox", "id", "f-archived", "name", "archived", "value",
		  "1", "checked", st->archived ? "" : NULL, NULL);
	html_raw_trusted(b, "<label for=\"f-archived\">Include archived pupils</label></div>");
	if (st->sort != PUPIL_SORT_NAME || st->desc) {
		html_open(b, "input", "type", "hidden", "name", "sort", "value",
			  sort_names[st->sort], NULL);
		html_open(b, "input", "type", "hidden", "name", "dir", "value",
			  st->desc ? "desc" : "asc", NULL);
	}
	html_raw_trusted(b, "<div class=\"button-row\">"
			    "<button type=\"submit\" class=\"button\" name=\"action\" "
			    "value=\"search\">Search</button> "
			    "<button type=\"submit\" class=\"button button-secondary\" "
			    "name=\"action\" value=\"save\">Search and save selection</button> "
			    "<button type=\"submit\" class=\"button button-secondary\" "
			    "name=\"action\" value=\"clear\">Clear</button></div></form>\n");
}

/* ---- the table ---- */

static void sort_header(struct request *req, const struct list_state *st, enum pupil_sort s,
			const char *label)
{
	struct strbuf *b = resp_body(req);
	bool cur = st->sort == s;
	bool next_desc = cur && !st->desc;

	html_open(b, "th", "scope", "col", "aria-sort",
		  cur ? (st->desc ? "descending" : "ascending") : NULL, NULL);
	html_open(b, "a", "href", list_href(req, state_query(req, st, s, next_desc, 1)), NULL);
	html_text(b, label);
	if (cur)
		html_raw_trusted(b, st->desc ? " <span aria-hidden=\"true\">&#9660;</span>" :
					       " <span aria-hidden=\"true\">&#9650;</span>");
	html_close(b, "a");
	html_close(b, "th");
}

static void pager(struct request *req, const struct list_state *st, long total)
{
	struct strbuf *b = resp_body(req);
	long pages = (total + PAGE_ROWS - 1) / PAGE_ROWS;

	if (pages <= 1)
		return;
	html_raw_trusted(b, "<nav class=\"pager\" aria-label=\"Pages\"><ul>");
	if (st->page > 1) {
		html_raw_trusted(b, "<li>");
		html_open(b, "a", "rel", "prev", "href",
			  list_href(req, state_query(req, st, st->sort, st->desc, st->page - 1)),
			  NULL);
		html_text(b, "Previous page");
		html_raw_trusted(b, "</a></li>");
	}
	html_raw_trusted(b, "<li>");
	html_text(b, arena_printf(&req->arena, "Page %d of %ld", st->page, pages));
	html_raw_trusted(b, "</li>");
	if (st->page < pages) {
		html_raw_trusted(b, "<li>");
		html_open(b, "a", "rel", "next", "href",
			  list_href(req, state_query(req, st, st->sort, st->desc, st->page + 1)),
			  NULL);
		html_text(b, "Next page");
		html_raw_trusted(b, "</a></li>");
	}
	html_raw_trusted(b, "</ul></nav>\n");
}

/* Whether the interventions screen (issue 4b) exists: then each row links to
 * it. The route table is fixed while the server runs: asked once. */
static pthread_once_t iv_once = PTHREAD_ONCE_INIT;
static bool iv_exists;

static void iv_probe(void)
{
	/* any seven-digit LAESTAB and pupil id: only the path's shape is matched */
	char *segs[5] = { "schools", "1234567", "pupils", "1", "interventions" };
	bool known = false;

	iv_exists = routes_match(HTTP_GET, segs, 5, &known) != NULL;
}

static bool interventions_route(void)
{
	pthread_once(&iv_once, iv_probe);
	return iv_exists;
}

/* What every row of one list page shares. */
struct row_ctx {
	const struct estab_profile *prof;
	int year;      /* academic year of the year groups */
	bool iv;       /* link each pupil's interventions */
	char base[48]; /* the list's path and "/": a pupil's page is base + id */
};

/* Writes s at dst; returns the end (a NUL is there). */
static char *put_str(char *dst, const char *s)
{
	size_t n = strlen(s);

	memcpy(dst, s, n + 1);
	return dst + n;
}

/* Writes the decimal digits of v at dst; returns the end (a NUL is there). */
static char *put_uint(char *dst, unsigned long long v)
{
	char tmp[24];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*dst++ = tmp[--n];
	*dst = '\0';
	return dst;
}

/* "dd/mm/yyyy" of a valid date, as date_format_dmy writes it. */
static void dmy(struct date d, char out[static 11])
{
	unsigned y = (unsigned)d.year % 10000;

	out[0] = (char)('0' + d.day / 10);
	out[1] = (char)('0' + d.day % 10);
	out[2] = '/';
	out[3] = (char)('0' + d.month / 10);
	out[4] = (char)('0' + d.month % 10);
	out[5] = '/';
	out[6] = (char)('0' + y / 1000);
	out[7] = (char)('0' + y / 100 % 10);
	out[8] = (char)('0' + y / 10 % 10);
	out[9] = (char)('0' + y % 10);
	out[10] = '\0';
}

/* head, then "Surname, Forenames" of p, at dst. */
static void name_label(char dst[static 2 * PERSON_NAME_MAX + 40], const char *head,
		       const struct pupil *p)
{
	put_str(put_str(put_str(put_str(dst, head), p->surname), ", "), p->forenames);
}

static void pupil_row(struct request *req, const struct pupil *p, size_t i,
		      const struct row_ctx *rc, bool tick)
{
	struct strbuf *b = resp_body(req);
	char dob[11] = "", label[YEAR_LABEL_MAX], link[96], *end;
	char text[2 * PERSON_NAME_MAX + 40], name[32], val[24], id[32];

	if (date_valid(p->dob))
		dmy(p->dob, dob);
	html_raw_trusted(b, p->archived ? "<tr class=\"archived\"><th scope=\"row\">" :
					  "<tr><th scope=\"row\">");
	end = put_uint(put_str(link, rc->base), (unsigned long long)p->id);
	html_open(b, "a", "href", link, NULL);
	html_text(b, p->surname);
	html_text(b, ", ");
	html_text(b, p->forenames);
	html_close(b, "a");
	if (p->archived)
		html_raw_trusted(b, " <span class=\"tag\">Archived</span>");
	html_raw_trusted(b, "</th><td class=\"upn\">");
	html_text(b, p->upn);
	html_raw_trusted(b, "</td><td>");
	html_text(b, dob);
	html_raw_trusted(b, "</td><td>");
	html_text(b, gender_label(p->gender));
	html_raw_trusted(b, "</td><td>");
	if (p->class_no > 0 && p->class_no <= CLASS_COUNT)
		html_text(b, rc->prof->class_name[p->class_no - 1]);
	html_raw_trusted(b, "</td><td>");
	html_text(b, year_label(pupil_year_group(p, rc->year), label));
	html_raw_trusted(b, "</td>");
	if (rc->iv) {
		put_str(end, "/interventions");
		name_label(text, "View interventions of ", p);
		html_raw_trusted(b, "<td>");
		html_open(b, "a", "href", link, "aria-label", text, NULL);
		html_text(b, "View interventions");
		html_close(b, "a");
		html_raw_trusted(b, "</td>");
	}
	if (tick) {
		put_uint(put_str(name, "sel"), i);
		put_uint(val, (unsigned long long)p->id);
		put_uint(put_str(id, "sel-"), i);
		name_label(text, "Select ", p);
		html_raw_trusted(b, "<td class=\"tick\">");
		html_open(b, "input", "type", "checkbox", "name", name, "value", val, "id", id,
			  "aria-label", text, NULL);
		html_raw_trusted(b, "</td>");
	}
	html_raw_trusted(b, "</tr>\n");
}

/* ---- the list as a file ---- */

enum { EXPORT_FIXED = 14, EXPORT_COLS = EXPORT_FIXED + CUSTOM_COUNT + 1 };

static const char *const export_heads[EXPORT_FIXED] = {
	"UPN",	 "Surname",    "Forenames",	"Date of birth", "Gender",
	"Class", "Year group", "Postcode",	"Ethnicity",	 "SEN",
	"FSM",	 "EAL",	       "Pupil premium", "Disadvantaged",
};

static const char *yes_no(bool v)
{
	return v ? "Yes" : "No";
}

/* The pupils of the search as a sheet; the texts live in req's arena. */
static void export_sheet(struct request *req, const struct pupil *list, size_t n,
			 const struct estab_profile *prof, int year, struct sheet *sh)
{
	char label[YEAR_LABEL_MAX], dob[11];

	sh->name = "Pupils";
	sh->rows = n + 1;
	sh->cols = EXPORT_COLS;
	sh->header_rows = 1;
	sh->cells = xcalloc(sh->rows * sh->cols, sizeof(*sh->cells));
	for (size_t c = 0; c < EXPORT_COLS; c++) {
		struct sheet_cell *cell = sheet_at(sh, 0, c);
		cell->bold = true;
		if (c < EXPORT_FIXED)
			cell->text = export_heads[c];
		else if (c < EXPORT_FIXED + CUSTOM_COUNT)
			cell->text = prof->custom_name[c - EXPORT_FIXED];
		else
			cell->text = "Include in data";
	}
	for (size_t i = 0; i < n; i++) {
		const struct pupil *p = &list[i];
		const char *t[EXPORT_COLS] = { 0 };
		size_t c = 0;

		dob[0] = '\0';
		if (date_valid(p->dob))
			date_format_dmy(p->dob, dob);
		t[c++] = p->upn;
		t[c++] = p->surname;
		t[c++] = p->forenames;
		t[c++] = arena_strdup(&req->arena, dob);
		t[c++] = p->gender == GENDER_UNKNOWN ? "" : gender_label(p->gender);
		t[c++] = p->class_no > 0 && p->class_no <= CLASS_COUNT ?
				 prof->class_name[p->class_no - 1] :
				 "";
		t[c++] = arena_strdup(&req->arena, year_label(pupil_year_group(p, year), label));
		t[c++] = p->postcode;
		t[c++] = p->ethnicity;
		t[c++] = sen_label(p->sen);
		t[c++] = yes_no(p->fsm);
		t[c++] = yes_no(p->eal);
		t[c++] = yes_no(p->pupil_premium);
		t[c++] = yes_no(p->disadvantaged);
		for (int k = 0; k < CUSTOM_COUNT; k++)
			t[c++] = yes_no(p->custom[k]);
		t[c++] = yes_no(p->include_in_data);
		for (c = 0; c < EXPORT_COLS; c++)
			sheet_at(sh, i + 1, c)->text = t[c];
	}
}

/* "Download: CSV | Excel" for the search shown. */
static void export_links(struct request *req, const struct list_state *st)
{
	struct strbuf *b = resp_body(req);
	const char *q = state_query(req, st, st->sort, st->desc, 1);
	const char *base = arena_printf(&req->arena,
					"%s/export?%s%sformat=", page_pupils_href(req, &req->estab),
					q, q[0] ? "&" : "");

	html_raw_trusted(b, "<p class=\"downloads\">Download this list: ");
	html_open(b, "a", "href", arena_printf(&req->arena, "%scsv", base), "download", "", NULL);
	html_text(b, "CSV");
	html_close(b, "a");
	html_text(b, " | ");
	html_open(b, "a", "href", arena_printf(&req->arena, "%sxlsx", base), "download", "", NULL);
	html_text(b, "Excel (XLSX)");
	html_close(b, "a");
	html_raw_trusted(b, "</p>\n");
}

/* GET .../pupils/export?format=csv|xlsx and the list's search: every pupil the
 * search finds (not one page), in the list's order. */
void pupils_export_get(struct request *req)
{
	const struct establishment *e = &req->estab;
	int year = academic_year_of(date_from_unix(app_now(req->app)));
	bool xlsx = request_enum(req, "format") == 1;
	struct estab_profile prof;
	struct list_state st;
	struct pupil_search q;
	struct pupil *list = NULL;
	struct sheet sh = { 0 };
	struct errbuf eb = { "" };
	const char *bad = NULL;
	char *data = NULL;
	size_t n = 0, len = 0;
	long total = 0;

	if (!req->has_estab)
		BUG("pupils_export_get without an authorised establishment");
	if (!state_read(req, &st, &bad)) {
		page_error(req, 400,
			   arena_printf(&req->arena,
					"The search value for %s is not one "
					"the list knows. Clear the search.",
					bad));
		return;
	}
	if (session_estab_profile(req, e->id, &prof, NULL) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	q = search_of(e, &st, year);
	if (store_pupil_search(req->db, &q, &list, &n, &total) != ERR_OK) {
		page_error(req, 500, NULL);
		goto out;
	}
	export_sheet(req, list, n, &prof, year, &sh);
	if (xlsx) {
		if (xlsx_write_sheet(&sh, NULL, &data, &len, &eb) != ERR_OK) {
			log_error("pupil list export: %s", eb.msg);
			page_error(req, 500, NULL);
			goto out;
		}
		strbuf_add(resp_body(req), data, len);
		resp_content_type(req, "application/vnd.openxmlformats-officedocument."
				       "spreadsheetml.sheet");
	} else {
		csv_write_sheet(resp_body(req), &sh);
		resp_content_type(req, "text/csv; charset=utf-8");
	}
	resp_header(req, "Content-Disposition",
		    arena_printf(&req->arena, "attachment; filename=\"pupils-%d.%s\"",
				 establishment_laestab(e), xlsx ? "xlsx" : "csv"));
out:
	free(data);
	free(sh.cells);
	free(list);
}

/* One link of the actions row, after a space. */
static void action_link(struct request *req, const char *href, const char *text)
{
	struct strbuf *b = resp_body(req);

	html_text(b, " ");
	html_open(b, "a", "class", "button button-secondary", "href", href, NULL);
	html_text(b, text);
	html_close(b, "a");
}

static void notice(struct request *req)
{
	struct strbuf *b = resp_body(req);
	long long n = request_has(req, "n") ? (long long)request_int(req, "n") : 0;

	switch (request_enum(req, "notice")) {
	case 0:
		html_raw_trusted(b, "<div class=\"notice\" role=\"status\"><p>");
		html_text(b, arena_printf(&req->arena,
					  "%lld %s archived. Only the local "
					  "authority can restore %s.",
					  n, n == 1 ? "pupil" : "pupils", n == 1 ? "it" : "them"));
		break;
	case 1:
		html_raw_trusted(b, "<div class=\"notice\" role=\"status\"><p>");
		html_text(b, arena_printf(&req->arena, "%lld %s restored.", n,
					  n == 1 ? "pupil" : "pupils"));
		break;
	case 2:
		html_raw_trusted(b, "<div class=\"notice\" role=\"status\"><p>");
		html_text(b, "Your selection is saved: the list opens with it until you press "
			     "Clear.");
		break;
	default:
		return;
	}
	html_raw_trusted(b, "</p></div>\n");
}

/* The key of a page's table (store_piece_get): besides the school's pupils,
 * what the table is made from: the columns shown, the class names (by their
 * digest) and search q (page_search_key); NULL for none. */
static const char *table_key(struct request *req, const struct row_ctx *rc, bool tick,
			     const struct pupil_search *q)
{
	unsigned char digest[16];
	char hex[2 * sizeof(digest) + 1];
	const char *search = page_search_key(req, q);
	crypto_generichash_state h;

	if (!search)
		return NULL;
	crypto_generichash_init(&h, NULL, 0, sizeof(digest));
	for (size_t i = 0; i < CLASS_COUNT; i++)
		crypto_generichash_update(&h, (const unsigned char *)rc->prof->class_name[i],
					  strlen(rc->prof->class_name[i]) + 1);
	crypto_generichash_final(&h, digest, sizeof(digest));
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	return arena_printf(&req->arena, "pupil-list %d %d %s %s", rc->iv, tick, hex, search);
}

/* The table of one page of the list. */
static void list_table(struct request *req, const struct list_state *st, const struct row_ctx *rc,
		       const struct pupil *list, size_t n, long total, bool tick)
{
	struct strbuf *b = resp_body(req);

	html_raw_trusted(b, "<div class=\"table-scroll\"><table class=\"data-table\"><caption>");
	if (total > PAGE_ROWS)
		html_text(b, arena_printf(&req->arena, "Pupils %d to %d of %ld",
					  (st->page - 1) * PAGE_ROWS + 1,
					  (st->page - 1) * PAGE_ROWS + (int)n, total));
	else
		html_text(b, arena_printf(&req->arena, "%ld %s", total,
					  total == 1 ? "pupil" : "pupils"));
	html_raw_trusted(b, "</caption><thead><tr>");
	sort_header(req, st, PUPIL_SORT_NAME, "Name");
	sort_header(req, st, PUPIL_SORT_UPN, "UPN");
	sort_header(req, st, PUPIL_SORT_DOB, "Date of birth");
	sort_header(req, st, PUPIL_SORT_GENDER, "Gender");
	sort_header(req, st, PUPIL_SORT_CLASS, "Class");
	sort_header(req, st, PUPIL_SORT_YEAR, "Year group");
	if (rc->iv)
		html_raw_trusted(b, "<th scope=\"col\">Interventions</th>");
	if (tick)
		html_raw_trusted(b, "<th scope=\"col\">Select</th>");
	html_raw_trusted(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++)
		pupil_row(req, &list[i], i, rc, tick && i < SEL_MAX);
	html_raw_trusted(b, "</tbody></table></div>\n");
}

void pupils_get(struct request *req)
{
	const struct establishment *e = &req->estab;
	struct resource_scope scope = access_scope_of_establishment(e);
	bool may_write = access_allowed(&req->user, ACT_PUPIL_WRITE, &scope);
	bool may_restore = access_allowed(&req->user, ACT_PUPIL_RESTORE, &scope);
	int year = academic_year_of(date_from_unix(app_now(req->app)));
	char saved[SELECTION_MAX + 1];
	struct estab_profile prof;
	struct list_state st;
	struct pupil_search q;
	struct pupil *list = NULL;
	struct row_ctx rc;
	const char *bad = NULL, *back, *key;
	struct strbuf table, *b;
	size_t n = 0;
	long total = 0;
	bool tick, kept;

	if (!req->has_estab)
		BUG("pupils_get without an authorised establishment");
	strbuf_init(&table, 0);
	/* A plain visit opens the saved selection, if any (read with the class and
	 * filter names, in one round trip). */
	if (!req->query[0]) {
		if (session_estab_profile(req, e->id, &prof, saved) != ERR_OK) {
			page_error(req, 500, NULL);
			return;
		}
		if (saved[0]) {
			resp_redirect(req, list_href(req, saved));
			return;
		}
	}
	if (!state_read(req, &st, &bad)) {
		page_error(req, 400,
			   arena_printf(&req->arena,
					"The search value for %s is not one "
					"the list knows. Clear the search.",
					bad));
		return;
	}
	if (request_has(req, "page"))
		st.page = (int)request_int(req, "page");
	/* a plain visit has read the names with the saved selection */
	if (req->query[0] && session_estab_profile(req, e->id, &prof, NULL) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	tick = may_write || may_restore;
	back = state_query(req, &st, st.sort, st.desc, st.page);
	rc.prof = &prof;
	rc.year = year;
	rc.iv = interventions_route();
	snprintf(rc.base, sizeof(rc.base), "%s/", page_pupils_href(req, e));
	/* The table, as made for a request that read the school's pupils at the
	 * same version, is kept in memory (a page of 200 rows is most of the
	 * page's making); otherwise the pupils are read. */
	q = search_of(e, &st, year);
	q.limit = PAGE_ROWS;
	q.offset = (st.page - 1) * PAGE_ROWS;
	q.version = e->pupils_version;
	key = table_key(req, &rc, tick, &q);
	kept = key && store_piece_get(req->db, e->id, e->pupils_version, key, &table, &total);
	if (!kept) {
		if (store_pupil_search_brief(req->db, &q, &list, &n, &total) != ERR_OK) {
			page_error(req, 500, NULL);
			goto out;
		}
	}
	page_begin(req, "Pupils", NAV_PUPILS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, e->name);
	html_text(b, " (LAESTAB ");
	html_int(b, establishment_laestab(e));
	html_text(b, ")");
	html_close(b, "p");
	notice(req);
	search_form(req, &st, &prof);
	html_raw_trusted(b, "<p class=\"actions\">");
	if (may_write) {
		html_open(b, "a", "class", "button", "href",
			  arena_printf(&req->arena, "%s/new", page_pupils_href(req, e)), NULL);
		html_text(b, "Add pupil");
		html_close(b, "a");
		action_link(req,
			    arena_printf(&req->arena, "/schools/%d/edit-pupils",
					 establishment_laestab(e)),
			    "Edit multiple pupils");
		action_link(req,
			    arena_printf(&req->arena, "/schools/%d/pupil-upload",
					 establishment_laestab(e)),
			    "Upload pupils");
	}
	if (access_allowed(&req->user, ACT_PUPIL_TRANSFER, &scope))
		action_link(req,
			    arena_printf(&req->arena, "/schools/%d/transfers",
					 establishment_laestab(e)),
			    "Transfers");
	if (access_allowed(&req->user, ACT_ESTAB_ADMIN, &scope)) {
		html_text(b, " ");
		html_open(b, "a", "href",
			  arena_printf(&req->arena, "/schools/%d/profile",
				       establishment_laestab(e)),
			  NULL);
		html_text(b, "Class names and custom filters");
		html_close(b, "a");
	}
	html_raw_trusted(b, "</p>\n");
	/* a kept table has rows: an empty page is not kept */
	if (!kept && n == 0) {
		html_elem(b, "p",
			  total == 0 && pupil_filter_is_all(&st.filter) && !st.surname[0] &&
					  !st.upn[0] && !st.class_no && st.year == YEAR_NONE ?
				  "There are no pupils on roll yet." :
				  "No pupils match this search. Change the search or press "
				  "Clear.");
		page_end(req);
		goto out;
	}
	export_links(req, &st);
	if (tick) {
		html_open(b, "form", "method", "post", "action",
			  arena_printf(&req->arena, "%s/archive", page_pupils_href(req, e)), NULL);
		html_csrf_field(b, csrf_token(req));
		html_open(b, "input", "type", "hidden", "name", "back", "value", back, NULL);
	}
	if (kept) {
		strbuf_add(b, table.buf, table.len);
	} else {
		size_t at = b->len;

		list_table(req, &st, &rc, list, n, total, tick);
		if (key && !b->over)
			store_piece_put(req->db, e->id, e->pupils_version, key, b->buf + at,
					b->len - at, total);
	}
	if (tick) {
		html_raw_trusted(b, "<div class=\"button-row\">");
		if (may_write)
			html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Archive "
					    "pupils</button> ");
		if (may_restore) {
			html_open(b, "button", "type", "submit", "class", "button button-secondary",
				  "formaction",
				  arena_printf(&req->arena, "%s/restore", page_pupils_href(req, e)),
				  NULL);
			html_text(b, "Restore pupils");
			html_close(b, "button");
		}
		html_raw_trusted(b, "</div></form>\n");
	}
	pager(req, &st, total);
	page_end(req);
out:
	strbuf_release(&table);
	free(list);
}

void pupils_search_post(struct request *req)
{
	const struct establishment *e = &req->estab;
	struct errbuf eb = { "" };
	struct list_state st;
	struct actor who = actor_of(req);
	const char *bad = NULL, *query;
	int action = request_enum(req, "action");

	if (!state_read(req, &st, &bad)) {
		page_error(req, 400,
			   arena_printf(&req->arena,
					"The search value for %s is not one "
					"the list knows.",
					bad));
		return;
	}
	if (action == 2) { /* clear: the whole list, and no saved selection */
		if (store_pupil_selection_set(req->db, &who, req->user.id, e->id, "", &eb)) {
			log_error("web: cannot clear a selection: %s", eb.msg);
			page_error(req, 500, NULL);
			return;
		}
		resp_redirect(req,
			      arena_printf(&req->arena, "%s?sort=name", page_pupils_href(req, e)));
		return;
	}
	query = state_query(req, &st, st.sort, st.desc, 1);
	if (action == 1) {
		if (store_pupil_selection_set(req->db, &who, req->user.id, e->id,
					      query[0] ? query : "sort=name", &eb)) {
			log_error("web: cannot save a selection: %s", eb.msg);
			page_error(req, 500, NULL);
			return;
		}
		resp_redirect(req, list_href(req, arena_printf(&req->arena, "%s%snotice=saved",
							       query, query[0] ? "&" : "")));
		return;
	}
	/* An empty search must not reopen the saved selection: name the sort. */
	resp_redirect(req, list_href(req, query[0] ? query : "sort=name"));
}

/* The ticked pupil ids (sel0..sel199) into ids; returns how many. */
static size_t ticked(struct request *req, int64_t ids[static SEL_MAX])
{
	size_t n = 0;

	for (int i = 0; i < SEL_MAX; i++) {
		char name[8];
		snprintf(name, sizeof(name), "sel%d", i);
		if (request_has(req, name) && request_int(req, name) > 0)
			ids[n++] = request_int(req, name);
	}
	return n;
}

static void set_archived(struct request *req, bool archived)
{
	const struct establishment *e = &req->estab;
	struct actor who = actor_of(req);
	struct errbuf eb = { "" };
	int64_t ids[SEL_MAX];
	size_t n = ticked(req, ids), changed = 0;
	const char *back = request_text(req, "back");
	enum err rc;

	if (n == 0) {
		page_error(req, 400,
			   archived ? "Tick the pupils to archive first." :
				      "Tick the pupils to restore first.");
		return;
	}
	rc = store_pupil_set_archived(req->db, &who, e->id, ids, n, archived, &changed, &eb);
	if (rc == ERR_NOT_FOUND) {
		page_error(req, 404, NULL);
		return;
	}
	if (rc) {
		log_error("web: archive/restore failed: %s", eb.msg);
		page_error(req, 500, NULL);
		return;
	}
	if (changed == 0) { /* nothing to change: not answered as done */
		page_error(req, 409,
			   archived ? "The pupils ticked are archived already: nothing changed." :
				      "The pupils ticked are not archived: nothing changed.");
		return;
	}
	/* back is a query string the list wrote; anything odd in it only makes the
	 * list answer 400, and resp_redirect keeps the target local. */
	resp_redirect(req,
		      list_href(req, arena_printf(&req->arena, "%s%snotice=%s&n=%zu", back,
						  back[0] ? "&" : "",
						  archived ? "archived" : "restored", changed)));
}

void pupils_archive_post(struct request *req)
{
	set_archived(req, true);
}

void pupils_restore_post(struct request *req)
{
	set_archived(req, false);
}
