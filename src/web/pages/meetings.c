/*
 * meetings: the Reception cohort progress meetings of a school (list newest
 * first, the form with its Areas of Development grid and four tables of rows,
 * delete after a confirmation), and the form helpers meetings_admin.c shares.
 * Adding and deleting rows works without JavaScript: those buttons submit the
 * form, which comes back with what was typed and one row more or less.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/meetings.h"
#include "base/xalloc.h"
#include "core/access.h"
#include "core/calendar.h"
#include "store/store_meetings.h"
#include "web/csrf.h"
#include "web/html.h"
#include "web/pages/meetings_ui.h"
#include "web/scope.h"
#include "web/session.h"

static const char *const done_text[] = { "added.", "saved.", "deleted." };
static const char sec_letter[MSEC__MAX] = { 'q', 'b', 't', 'g' };

struct actor mui_actor(const struct request *req)
{
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	return who;
}

const char *mui_school_href(struct request *req, const char *tail)
{
	return arena_printf(&req->arena, "/schools/%07d/%s", establishment_laestab(&req->estab),
			    tail);
}

static bool may(struct request *req, enum action act)
{
	struct resource_scope scope = access_scope_of_establishment(&req->estab);
	return access_allowed(&req->user, act, &scope);
}

/* dd/mm/yyyy or yyyy-mm-dd; "" gives the zero date. False when malformed. */
bool mui_parse_date(const char *s, struct date *out)
{
	memset(out, 0, sizeof(*out));
	if (!s[0])
		return true;
	return date_parse_iso(s, out) || date_parse_dmy(s, out);
}

const char *mui_iso(struct request *req, struct date d)
{
	char buf[11];

	if (!d.year)
		return "";
	date_format_iso(d, buf);
	return arena_strdup(&req->arena, buf);
}

const char *mui_dmy(struct request *req, struct date d)
{
	char buf[11];

	if (!d.year)
		return "";
	date_format_dmy(d, buf);
	return arena_strdup(&req->arena, buf);
}

void mui_notice(struct strbuf *b, const char *what, int done)
{
	if (done < 0)
		return;
	html_raw_trusted(b, "<p class=\"notice\" role=\"status\">");
	html_text(b, what);
	html_text(b, " ");
	html_text(b, done_text[done]);
	html_raw_trusted(b, "</p>\n");
}

/* The id of the input a field error points at. */
static const char *field_id(struct request *req, const struct meeting_error *e)
{
	if (e->section == MSEC__MAX)
		return arena_printf(&req->arena, "f-%s", e->field);
	return arena_printf(&req->arena, "f-%c%zu_%s", sec_letter[e->section], e->row, e->field);
}

void mui_error_summary(struct request *req, const struct meeting_errors *fe)
{
	struct strbuf *b = resp_body(req);

	if (!fe || !fe->n)
		return;
	html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
			    "<h2>There is a problem</h2><ul>");
	for (size_t i = 0; i < fe->n; i++) {
		html_open(b, "li", NULL);
		html_open(b, "a", "href",
			  arena_printf(&req->arena, "#%s", field_id(req, &fe->e[i])), NULL);
		html_text(b, fe->e[i].message);
		html_close(b, "a");
		html_close(b, "li");
	}
	html_raw_trusted(b, "</ul></div>\n");
}

/* The message of a field, NULL when it has none. */
const char *mui_field_error(const struct meeting_errors *fe, enum meeting_section sec, size_t row,
			    const char *field)
{
	if (!fe)
		return NULL;
	for (size_t i = 0; i < fe->n; i++)
		if (fe->e[i].section == sec && fe->e[i].row == row &&
		    !strcmp(fe->e[i].field, field))
			return fe->e[i].message;
	return NULL;
}

void mui_textarea(struct request *req, const char *id, const char *name, const char *label,
		  const char *value, const char *error, int maxlength)
{
	struct strbuf *b = resp_body(req);
	bool visible = label[0] == '!';
	char max[16];

	if (visible)
		label++;
	snprintf(max, sizeof(max), "%d", maxlength);
	html_open(b, "label", "class", visible ? NULL : "visually-hidden", "for", id, NULL);
	html_text(b, label);
	html_close(b, "label");
	if (error) {
		html_open(b, "p", "class", "field-error", "id",
			  arena_printf(&req->arena, "%s-e", id), NULL);
		html_text(b, error);
		html_close(b, "p");
	}
	html_open(b, "textarea", "id", id, "name", name, "rows", "2", "maxlength", max,
		  "aria-invalid", error ? "true" : NULL, NULL);
	html_text(b, value);
	html_close(b, "textarea");
}

/* ---- the meeting form */

struct mform {
	struct meeting m;				      /* class, teacher, date, assessment */
	const char *date_text;				      /* as typed */
	struct meeting_row rows[MSEC__MAX][MEETING_ROWS_MAX]; /* per section */
	size_t n[MSEC__MAX];				      /* rows shown */
};

static struct mform *mform_new(void)
{
	struct mform *f = xcalloc(1, sizeof(*f));

	for (int s = 0; s < MSEC__MAX; s++)
		for (int i = 0; i < MEETING_ROWS_MAX; i++) {
			f->rows[s][i].section = (enum meeting_section)s;
			f->rows[s][i].elg = -1;
		}
	f->date_text = "";
	return f;
}

static void mform_add_rows(struct mform *f, const struct meeting_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		enum meeting_section s = rows[i].section;

		if ((unsigned)s < MSEC__MAX && f->n[s] < MEETING_ROWS_MAX)
			f->rows[s][f->n[s]++] = rows[i];
	}
}

/* Every section but the questions shows one row to start typing in. */
static void mform_min_rows(struct mform *f)
{
	for (int s = MSEC_BARRIER; s < MSEC__MAX; s++)
		if (f->n[s] == 0)
			f->n[s] = 1;
}

static const char *pname(struct request *req, enum meeting_section s, size_t i, const char *f)
{
	return arena_printf(&req->arena, "%c%zu_%s", sec_letter[s], i, f);
}

void mui_copy_param(struct request *req, const char *name, char *dst, size_t cap)
{
	snprintf(dst, cap, "%s", request_text(req, name));
}

static void mform_read(struct request *req, struct mform *f)
{
	static const char *const counts[MSEC__MAX] = { "nq", "nb", "nt", "ng" };

	f->m.class_no = (int)request_int(req, "class");
	mui_copy_param(req, "teacher", f->m.teacher, sizeof(f->m.teacher));
	f->date_text = request_text(req, "date");
	if (!mui_parse_date(f->date_text, &f->m.date))
		memset(&f->m.date, 0, sizeof(f->m.date));
	f->m.assessment_id = request_int(req, "assessment");
	for (int s = 0; s < MSEC__MAX; s++) {
		f->n[s] = (size_t)request_int(req, counts[s]);
		for (size_t i = 0; i < f->n[s]; i++) {
			struct meeting_row *r = &f->rows[s][i];
			enum meeting_section sec = (enum meeting_section)s;
			enum elg g;

			if (s == MSEC_QUESTION || s == MSEC_GROUP)
				mui_copy_param(req, pname(req, sec, i, "title"), r->title,
					       sizeof(r->title));
			mui_copy_param(req, pname(req, sec, i, "notes"), r->notes,
				       sizeof(r->notes));
			if (s == MSEC_QUESTION || s == MSEC_BARRIER)
				mui_copy_param(req, pname(req, sec, i, "steps"), r->steps,
					       sizeof(r->steps));
			if (s == MSEC_BARRIER || s == MSEC_TARGETED)
				r->pupil_id = request_int(req, pname(req, sec, i, "pupil"));
			if ((s == MSEC_TARGETED || s == MSEC_GROUP) &&
			    elg_parse(request_text(req, pname(req, sec, i, "area")), &g))
				r->elg = (int)g;
		}
	}
}

/* Applies an "add_X" or "del_X_N" button; false when op is neither. */
static bool mform_row_op(struct mform *f, const char *op)
{
	for (int s = 0; s < MSEC__MAX; s++) {
		char add[8], del[8];
		size_t len;

		snprintf(add, sizeof(add), "add_%c", sec_letter[s]);
		snprintf(del, sizeof(del), "del_%c_", sec_letter[s]);
		if (!strcmp(op, add)) {
			if (f->n[s] < MEETING_ROWS_MAX)
				f->n[s]++;
			return true;
		}
		len = strlen(del);
		if (!strncmp(op, del, len)) {
			char *end = NULL;
			unsigned long i = strtoul(op + len, &end, 10);

			if (end && !*end && i < f->n[s]) {
				memmove(&f->rows[s][i], &f->rows[s][i + 1],
					(f->n[s] - i - 1) * sizeof(f->rows[s][0]));
				f->n[s]--;
				memset(&f->rows[s][f->n[s]], 0, sizeof(f->rows[s][0]));
				f->rows[s][f->n[s]].section = (enum meeting_section)s;
				f->rows[s][f->n[s]].elg = -1;
			}
			return true;
		}
	}
	return false;
}

static void hidden_count(struct strbuf *b, const char *name, size_t n)
{
	char v[8];

	snprintf(v, sizeof(v), "%zu", n);
	html_open(b, "input", "type", "hidden", "name", name, "value", v, NULL);
}

static void pct_cell(struct strbuf *b, bool have, int count, int cohort)
{
	int p = have ? meetings_percent(count, cohort) : -1;

	html_open(b, "td", NULL);
	if (p >= 0)
		html_int(b, p);
	html_close(b, "td");
}

static void grid_table(struct request *req, const struct meeting_grid *g)
{
	struct strbuf *b = resp_body(req);
	static const char *const heads[] = { "% below", "% below previous assessment", "% on track",
					     "% on track previous assessment" };

	html_raw_trusted(b, "<div class=\"table-scroll\"><table class=\"data-table meeting-grid\">"
			    "<caption>Areas of Development</caption><thead><tr>"
			    "<td></td>");
	for (int k = 0; k < ELG__MAX; k++) {
		html_open(b, "th", "scope", "col", NULL);
		html_open(b, "abbr", "title", elg_get((enum elg)k)->name, NULL);
		html_text(b, elg_get((enum elg)k)->short_label);
		html_close(b, "abbr");
		html_close(b, "th");
	}
	html_raw_trusted(b, "</tr></thead><tbody>\n");
	for (int row = 0; row < 4; row++) {
		const struct meeting_column *c = row % 2 ? &g->prev : &g->now;

		html_raw_trusted(b, "<tr>");
		html_open(b, "th", "scope", "row", NULL);
		html_text(b, heads[row]);
		html_close(b, "th");
		for (int k = 0; k < ELG__MAX; k++)
			pct_cell(b, c->have, row < 2 ? c->below[k] : c->on_track[k], c->cohort);
		html_raw_trusted(b, "</tr>\n");
	}
	html_raw_trusted(b, "</tbody></table></div>\n");
	html_open(b, "p", "class", "hint", NULL);
	if (g->now.have) {
		html_text(b, arena_printf(&req->arena,
					  "Whole percentages of the %d children in the cohort "
					  "(%s",
					  g->now.cohort, g->now.name));
		if (g->prev.have)
			html_text(b, arena_printf(&req->arena, "; previous: %s", g->prev.name));
		else
			html_text(b, "; no previous assessment this year");
		html_text(b, ").");
	} else {
		html_text(b, "Choose an assessment and press Show figures to see the grid.");
	}
	html_close(b, "p");
}

static void pupil_select(struct request *req, const char *id, const char *name,
			 const struct pupil *cohort, size_t n, int64_t chosen, const char *error)
{
	struct strbuf *b = resp_body(req);

	html_open(b, "label", "class", "visually-hidden", "for", id, NULL);
	html_text(b, "Pupil");
	html_close(b, "label");
	if (error) {
		html_open(b, "p", "class", "field-error", NULL);
		html_text(b, error);
		html_close(b, "p");
	}
	html_open(b, "select", "id", id, "name", name, "aria-invalid", error ? "true" : NULL, NULL);
	html_raw_trusted(b, "<option value=\"0\">Choose a pupil</option>");
	for (size_t i = 0; i < n; i++) {
		char v[24];

		snprintf(v, sizeof(v), "%lld", (long long)cohort[i].id);
		html_open(b, "option", "value", v, "selected", cohort[i].id == chosen ? "" : NULL,
			  NULL);
		html_text(b, arena_printf(&req->arena, "%s, %s", cohort[i].surname,
					  cohort[i].forenames));
		html_close(b, "option");
	}
	html_close(b, "select");
}

static void area_select(struct request *req, const char *id, const char *name, int chosen,
			const char *error)
{
	struct strbuf *b = resp_body(req);

	html_open(b, "label", "class", "visually-hidden", "for", id, NULL);
	html_text(b, "Area of development");
	html_close(b, "label");
	if (error) {
		html_open(b, "p", "class", "field-error", NULL);
		html_text(b, error);
		html_close(b, "p");
	}
	html_open(b, "select", "id", id, "name", name, "aria-invalid", error ? "true" : NULL, NULL);
	html_raw_trusted(b, "<option value=\"\">Choose an area</option>");
	for (int k = 0; k < ELG__MAX; k++) {
		const struct elg_info *g = elg_get((enum elg)k);

		html_open(b, "option", "value", g->code, "selected", k == chosen ? "" : NULL, NULL);
		html_text(b, arena_printf(&req->arena, "%s (%s)", g->name, g->short_label));
		html_close(b, "option");
	}
	html_close(b, "select");
}

static void row_buttons(struct request *req, enum meeting_section s, size_t i, bool can_write)
{
	struct strbuf *b = resp_body(req);

	if (!can_write)
		return;
	html_raw_trusted(b, "<td>");
	html_open(b, "button", "type", "submit", "class", "button secondary", "name", "op", "value",
		  arena_printf(&req->arena, "del_%c_%zu", sec_letter[s], i), "formnovalidate", "",
		  NULL);
	html_text(b, "Delete");
	html_close(b, "button");
	html_raw_trusted(b, "</td>");
}

static void add_button(struct request *req, enum meeting_section s, const struct mform *f,
		       bool can_write)
{
	struct strbuf *b = resp_body(req);

	if (!can_write || f->n[s] >= MEETING_ROWS_MAX)
		return;
	html_open(b, "p", NULL);
	html_open(b, "button", "type", "submit", "class", "button secondary", "name", "op", "value",
		  arena_printf(&req->arena, "add_%c", sec_letter[s]), "formnovalidate", "", NULL);
	html_text(b, "Add row");
	html_close(b, "button");
	html_close(b, "p");
}

static void section_head(struct strbuf *b, const char *title, const char *intro,
			 const char *const *cols, size_t ncols, bool can_write)
{
	html_elem(b, "h2", title);
	if (intro)
		html_elem(b, "p", intro);
	html_raw_trusted(b, "<div class=\"table-scroll\"><table class=\"data-table meeting-rows\">"
			    "<thead><tr>");
	for (size_t i = 0; i < ncols; i++) {
		html_open(b, "th", "scope", "col", NULL);
		html_text(b, cols[i]);
		html_close(b, "th");
	}
	if (can_write)
		html_raw_trusted(b, "<th scope=\"col\"><span class=\"visually-hidden\">Delete row"
				    "</span></th>");
	html_raw_trusted(b, "</tr></thead><tbody>\n");
}

static void meeting_page(struct request *req, struct mform *f, const struct meeting_errors *fe,
			 const char *action, const char *title)
{
	int y = meetings_year(req->app);
	bool can_write = may(req, ACT_ASSESS_WRITE);
	struct assessment *as = NULL;
	struct pupil *cohort = NULL;
	struct meeting_grid grid;
	struct estab_profile prof;
	size_t nas = 0, ncohort = 0;
	bool class_seen[CLASS_COUNT + 1] = { false };
	struct strbuf *b;
	char label[ACADEMIC_YEAR_LABEL_MAX];

	if (meetings_assessments(req->db, &req->estab, y, &as, &nas) != ERR_OK ||
	    meetings_cohort(req->db, &req->estab, y, 0, &cohort, &ncohort) != ERR_OK ||
	    session_estab_profile(req, req->estab.id, &prof, NULL) != ERR_OK) {
		page_error(req, 500, NULL);
		goto out;
	}
	memset(&grid, 0, sizeof(grid));
	if (f->m.assessment_id && meetings_grid(req->app, req->db, &req->estab, f->m.assessment_id,
						f->m.class_no, &grid) != ERR_OK)
		memset(&grid, 0, sizeof(grid));
	for (size_t i = 0; i < ncohort; i++)
		if (cohort[i].class_no > 0 && cohort[i].class_no <= CLASS_COUNT)
			class_seen[cohort[i].class_no] = true;
	if (f->m.class_no > 0)
		class_seen[f->m.class_no] = true;

	if (fe && fe->n)
		resp_status(req, 422);
	page_begin(req, title, NAV_REPORTS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, arena_printf(&req->arena,
				  "Reception cohort of %s, academic year %s. This form applies "
				  "only to the Reception cohort of the current academic year.",
				  req->estab.name, academic_year_label(y, label)));
	html_close(b, "p");
	mui_error_summary(req, fe);
	html_open(b, "form", "method", "post", "action", action, "class", "meeting-form", NULL);
	html_csrf_field(b, csrf_token(req));
	if (can_write)
		/* Enter in a text box saves rather than pressing the first row button. */
		html_raw_trusted(b,
				 "<button type=\"submit\" name=\"op\" value=\"save\" "
				 "class=\"visually-hidden\" tabindex=\"-1\" aria-hidden=\"true\">"
				 "Save</button>\n");
	hidden_count(b, "nq", f->n[MSEC_QUESTION]);
	hidden_count(b, "nb", f->n[MSEC_BARRIER]);
	hidden_count(b, "nt", f->n[MSEC_TARGETED]);
	hidden_count(b, "ng", f->n[MSEC_GROUP]);

	/* Class, teacher, date, assessment. */
	html_raw_trusted(b, "<div class=\"field\"><label for=\"f-class\">Class</label>"
			    "<select id=\"f-class\" name=\"class\">");
	html_open(b, "option", "value", "0", "selected", f->m.class_no == 0 ? "" : NULL, NULL);
	html_text(b, "All classes");
	html_close(b, "option");
	for (int k = 1; k <= CLASS_COUNT; k++) {
		char v[8];

		if (!class_seen[k])
			continue;
		snprintf(v, sizeof(v), "%d", k);
		html_open(b, "option", "value", v, "selected", f->m.class_no == k ? "" : NULL,
			  NULL);
		html_text(b, prof.class_name[k - 1]);
		html_close(b, "option");
	}
	html_raw_trusted(b, "</select></div>\n");
	html_form_field(b,
			&(struct html_field){ .name = "teacher",
					      .label = "Teacher",
					      .value = f->m.teacher,
					      .error = mui_field_error(fe, MSEC__MAX, 0, "teacher"),
					      .maxlength = MEETING_TEACHER_MAX });
	html_form_field(b, &(struct html_field){
				   .name = "date",
				   .label = "Date",
				   .type = "date",
				   .hint = "dd/mm/yyyy",
				   .value = f->m.date.year ? mui_iso(req, f->m.date) : f->date_text,
				   .error = mui_field_error(fe, MSEC__MAX, 0, "date") });
	{
		const char *err = mui_field_error(fe, MSEC__MAX, 0, "assessment");

		html_raw_trusted(b, "<div class=\"field\"><label for=\"f-assessment\">Assessment"
				    "</label>");
		if (err) {
			html_open(b, "p", "class", "field-error", NULL);
			html_text(b, err);
			html_close(b, "p");
		}
		html_open(b, "select", "id", "f-assessment", "name", "assessment", "aria-invalid",
			  err ? "true" : NULL, NULL);
		html_raw_trusted(b, "<option value=\"0\">Choose an assessment</option>");
		for (size_t i = 0; i < nas; i++) {
			char v[24];

			snprintf(v, sizeof(v), "%lld", (long long)as[i].id);
			html_open(b, "option", "value", v, "selected",
				  as[i].id == f->m.assessment_id ? "" : NULL, NULL);
			html_text(b, as[i].name);
			html_close(b, "option");
		}
		html_raw_trusted(b, "</select></div>\n");
	}
	html_raw_trusted(b,
			 "<p><button type=\"submit\" name=\"op\" value=\"refresh\" "
			 "class=\"button secondary\" formnovalidate>Show figures</button></p>\n");
	grid_table(req, &grid);

	/* Discussion areas. */
	{
		static const char *const cols[] = { "Question",
						    "Notes, including identification of area "
						    "of learning",
						    "Agreed next steps if applicable" };
		section_head(b, "Discussion Areas", NULL, cols, 3, can_write);
		for (size_t i = 0; i < f->n[MSEC_QUESTION]; i++) {
			const struct meeting_row *r = &f->rows[MSEC_QUESTION][i];

			html_raw_trusted(b, "<tr><td>");
			mui_textarea(req, arena_printf(&req->arena, "f-q%zu_title", i),
				     pname(req, MSEC_QUESTION, i, "title"), "Question", r->title,
				     mui_field_error(fe, MSEC_QUESTION, i, "title"),
				     DAREA_TEXT_MAX);
			html_raw_trusted(b, "</td><td>");
			mui_textarea(req, arena_printf(&req->arena, "f-q%zu_notes", i),
				     pname(req, MSEC_QUESTION, i, "notes"), "Notes", r->notes, NULL,
				     MEETING_TEXT_MAX);
			html_raw_trusted(b, "</td><td>");
			mui_textarea(req, arena_printf(&req->arena, "f-q%zu_steps", i),
				     pname(req, MSEC_QUESTION, i, "steps"), "Agreed next steps",
				     r->steps, NULL, MEETING_TEXT_MAX);
			html_raw_trusted(b, "</td>");
			row_buttons(req, MSEC_QUESTION, i, can_write);
			html_raw_trusted(b, "</tr>\n");
		}
		html_raw_trusted(b, "</tbody></table></div>\n");
		add_button(req, MSEC_QUESTION, f, can_write);
	}
	{
		static const char *const cols[] = { "Pupil Names",
						    "Barrier to learning and proposed support",
						    "Agreed next steps if applicable" };
		section_head(
			b, "Barriers to Learning",
			"What are the barriers for specific children in their learning and how "
			"will these be overcome? Individual children causing concern?",
			cols, 3, can_write);
		for (size_t i = 0; i < f->n[MSEC_BARRIER]; i++) {
			const struct meeting_row *r = &f->rows[MSEC_BARRIER][i];

			html_raw_trusted(b, "<tr><td>");
			pupil_select(req, arena_printf(&req->arena, "f-b%zu_pupil", i),
				     pname(req, MSEC_BARRIER, i, "pupil"), cohort, ncohort,
				     r->pupil_id, mui_field_error(fe, MSEC_BARRIER, i, "pupil"));
			html_raw_trusted(b, "</td><td>");
			mui_textarea(req, arena_printf(&req->arena, "f-b%zu_notes", i),
				     pname(req, MSEC_BARRIER, i, "notes"),
				     "Barrier to learning and proposed support", r->notes, NULL,
				     MEETING_TEXT_MAX);
			html_raw_trusted(b, "</td><td>");
			mui_textarea(req, arena_printf(&req->arena, "f-b%zu_steps", i),
				     pname(req, MSEC_BARRIER, i, "steps"), "Agreed next steps",
				     r->steps, NULL, MEETING_TEXT_MAX);
			html_raw_trusted(b, "</td>");
			row_buttons(req, MSEC_BARRIER, i, can_write);
			html_raw_trusted(b, "</tr>\n");
		}
		html_raw_trusted(b, "</tbody></table></div>\n");
		add_button(req, MSEC_BARRIER, f, can_write);
	}
	{
		static const char *const cols[] = { "Areas of Development", "Pupil Names",
						    "Comments" };
		section_head(b, "Targeted Support",
			     "Please provide details of the children who could meet the expected "
			     "standard and make good progress with additional support.",
			     cols, 3, can_write);
		for (size_t i = 0; i < f->n[MSEC_TARGETED]; i++) {
			const struct meeting_row *r = &f->rows[MSEC_TARGETED][i];

			html_raw_trusted(b, "<tr><td>");
			area_select(req, arena_printf(&req->arena, "f-t%zu_area", i),
				    pname(req, MSEC_TARGETED, i, "area"), r->elg,
				    mui_field_error(fe, MSEC_TARGETED, i, "area"));
			html_raw_trusted(b, "</td><td>");
			pupil_select(req, arena_printf(&req->arena, "f-t%zu_pupil", i),
				     pname(req, MSEC_TARGETED, i, "pupil"), cohort, ncohort,
				     r->pupil_id, mui_field_error(fe, MSEC_TARGETED, i, "pupil"));
			html_raw_trusted(b, "</td><td>");
			mui_textarea(req, arena_printf(&req->arena, "f-t%zu_notes", i),
				     pname(req, MSEC_TARGETED, i, "notes"), "Comments", r->notes,
				     NULL, MEETING_TEXT_MAX);
			html_raw_trusted(b, "</td>");
			row_buttons(req, MSEC_TARGETED, i, can_write);
			html_raw_trusted(b, "</tr>\n");
		}
		html_raw_trusted(b, "</tbody></table></div>\n");
		add_button(req, MSEC_TARGETED, f, can_write);
	}
	{
		static const char *const cols[] = { "Areas of Development", "Group Names",
						    "Comments" };
		section_head(b, "Specific Groups",
			     "Please provide details of any specific groups of children who are "
			     "causing concern and may need additional support.",
			     cols, 3, can_write);
		for (size_t i = 0; i < f->n[MSEC_GROUP]; i++) {
			const struct meeting_row *r = &f->rows[MSEC_GROUP][i];
			const char *gid = arena_printf(&req->arena, "f-g%zu_title", i);
			const char *gerr = mui_field_error(fe, MSEC_GROUP, i, "title");

			html_raw_trusted(b, "<tr><td>");
			area_select(req, arena_printf(&req->arena, "f-g%zu_area", i),
				    pname(req, MSEC_GROUP, i, "area"), r->elg,
				    mui_field_error(fe, MSEC_GROUP, i, "area"));
			html_raw_trusted(b, "</td><td>");
			html_open(b, "label", "class", "visually-hidden", "for", gid, NULL);
			html_text(b, "Group name");
			html_close(b, "label");
			if (gerr) {
				html_open(b, "p", "class", "field-error", NULL);
				html_text(b, gerr);
				html_close(b, "p");
			}
			html_open(b, "input", "type", "text", "id", gid, "name",
				  pname(req, MSEC_GROUP, i, "title"), "value", r->title,
				  "aria-invalid", gerr ? "true" : NULL, NULL);
			html_raw_trusted(b, "</td><td>");
			mui_textarea(req, arena_printf(&req->arena, "f-g%zu_notes", i),
				     pname(req, MSEC_GROUP, i, "notes"), "Comments", r->notes, NULL,
				     MEETING_TEXT_MAX);
			html_raw_trusted(b, "</td>");
			row_buttons(req, MSEC_GROUP, i, can_write);
			html_raw_trusted(b, "</tr>\n");
		}
		html_raw_trusted(b, "</tbody></table></div>\n");
		add_button(req, MSEC_GROUP, f, can_write);
	}
	html_raw_trusted(b, "<p>");
	if (can_write)
		html_raw_trusted(b, "<button type=\"submit\" name=\"op\" value=\"save\" "
				    "class=\"button\">Save</button> ");
	html_open(b, "a", "href", mui_school_href(req, "progress-meetings"), NULL);
	html_text(b, "Back to list");
	html_close(b, "a");
	html_raw_trusted(b, "</p></form>\n");
	page_end(req);
out:
	free(as);
	free(cohort);
}

static const char *meeting_title(const struct mform *f)
{
	return f->m.id ? "Cohort Progress Meeting" : "Add progress meeting";
}

void meetings_home_get(struct request *req)
{
	struct establishment *list = NULL;
	struct strbuf *b;
	size_t n = 0;

	if (scope_visible_schools(req, &list, &n) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	if (n == 1) {
		resp_redirect(req, arena_printf(&req->arena, "/schools/%07d/progress-meetings",
						establishment_laestab(&list[0])));
		return;
	}
	page_begin(req, "Reception Cohort Progress Meetings", NAV_REPORTS);
	b = resp_body(req);
	html_elem(b, "p", n ? "Choose the school." : "There are no schools in your area yet.");
	html_open(b, "ul", "class", "school-links", NULL);
	for (size_t i = 0; i < n; i++) {
		html_open(b, "li", NULL);
		html_open(b, "a", "href",
			  arena_printf(&req->arena, "/schools/%07d/progress-meetings",
				       establishment_laestab(&list[i])),
			  NULL);
		html_text(b, list[i].name);
		html_close(b, "a");
		html_close(b, "li");
	}
	html_close(b, "ul");
	page_end(req);
}

void meetings_get(struct request *req)
{
	bool can_write = may(req, ACT_ASSESS_WRITE);
	struct meeting *list = NULL;
	struct estab_profile prof;
	struct strbuf *b;
	size_t n = 0;

	if (meetings_list(req->app, req->db, &req->estab, &list, &n) != ERR_OK ||
	    session_estab_profile(req, req->estab.id, &prof, NULL) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	page_begin(req, "Cohort Progress Meetings", NAV_REPORTS);
	b = resp_body(req);
	mui_notice(b, "The progress meeting was", request_enum(req, "done"));
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, req->estab.name);
	html_text(b, ": Reception cohort of the current academic year.");
	html_close(b, "p");
	if (can_write) {
		html_open(b, "p", NULL);
		html_open(b, "a", "class", "button", "href",
			  mui_school_href(req, "progress-meetings/new"), NULL);
		html_text(b, "Add progress meeting");
		html_close(b, "a");
		html_close(b, "p");
	}
	if (n == 0) {
		html_elem(b, "p", "No progress meetings have been recorded this academic year.");
	} else {
		html_raw_trusted(b, "<div class=\"table-scroll\"><table class=\"data-table\">"
				    "<caption>Progress meetings, most recent first</caption><thead>"
				    "<tr><th scope=\"col\">Teacher Name</th><th scope=\"col\">Date"
				    "</th><th scope=\"col\">Class</th><th scope=\"col\">"
				    "<span class=\"visually-hidden\">Actions</span></th></tr>"
				    "</thead><tbody>\n");
		for (size_t i = 0; i < n; i++) {
			const char *one = mui_school_href(
				req, arena_printf(&req->arena, "progress-meetings/%lld",
						  (long long)list[i].id));

			html_raw_trusted(b, "<tr><td>");
			html_text(b, list[i].teacher);
			html_raw_trusted(b, "</td><td>");
			html_text(b, mui_dmy(req, list[i].date));
			html_raw_trusted(b, "</td><td>");
			html_text(b, list[i].class_no > 0 && list[i].class_no <= CLASS_COUNT ?
					     prof.class_name[list[i].class_no - 1] :
					     "All classes");
			html_raw_trusted(b, "</td><td>");
			html_open(b, "a", "href", one, NULL);
			html_text(b, can_write ? "Edit" : "View");
			html_close(b, "a");
			if (can_write) {
				html_text(b, " ");
				html_open(b, "a", "href",
					  arena_printf(&req->arena, "%s/delete", one), NULL);
				html_text(b, "Delete");
				html_close(b, "a");
			}
			html_raw_trusted(b, "</td></tr>\n");
		}
		html_raw_trusted(b, "</tbody></table></div>\n");
	}
	page_end(req);
	free(list);
}

void meeting_new_get(struct request *req)
{
	struct meeting_row *qs = NULL;
	struct assessment *as = NULL;
	struct mform *f = mform_new();
	size_t nq = 0, nas = 0;

	if (meetings_template_rows(req->app, req->db, &req->estab, &qs, &nq) != ERR_OK ||
	    meetings_assessments(req->db, &req->estab, meetings_year(req->app), &as, &nas) !=
		    ERR_OK) {
		page_error(req, 500, NULL);
		goto out;
	}
	mform_add_rows(f, qs, nq);
	mform_min_rows(f);
	f->m.class_no = (int)request_int(req, "class");
	f->m.date = date_from_unix(app_now(req->app));
	f->m.assessment_id = request_int(req, "assessment");
	if (!f->m.assessment_id && nas)
		f->m.assessment_id = as[nas - 1].id;
	meeting_page(req, f, NULL, mui_school_href(req, "progress-meetings"), meeting_title(f));
out:
	free(qs);
	free(as);
	free(f);
}

/* The rows of the form in section order, for saving. Caller frees. */
static struct meeting_row *mform_rows(const struct mform *f, size_t *n)
{
	struct meeting_row *rows = xcalloc(MSEC__MAX * MEETING_ROWS_MAX, sizeof(*rows));

	*n = 0;
	for (int s = 0; s < MSEC__MAX; s++)
		for (size_t i = 0; i < f->n[s]; i++)
			rows[(*n)++] = f->rows[s][i];
	return rows;
}

/* The POST of the form, new (id 0) or existing. */
static void meeting_post(struct request *req, int64_t id)
{
	struct meeting_errors *fe = xcalloc(1, sizeof(*fe));
	struct actor who = mui_actor(req);
	struct mform *f = mform_new();
	struct meeting_row *rows = NULL;
	const char *op = request_text(req, "op");
	const char *action =
		id ? mui_school_href(req, arena_printf(&req->arena, "progress-meetings/%lld",
						       (long long)id)) :
		     mui_school_href(req, "progress-meetings");
	struct errbuf eb = { "" };
	size_t n = 0;
	enum err rc;

	mform_read(req, f);
	f->m.id = id;
	if (mform_row_op(f, op) || !strcmp(op, "refresh")) {
		meeting_page(req, f, NULL, action, meeting_title(f));
		goto out;
	}
	if (f->date_text[0] && !f->m.date.year) {
		fe->e[0].section = MSEC__MAX;
		fe->e[0].field = "date";
		snprintf(fe->e[0].message, sizeof(fe->e[0].message),
			 "Enter the date of the meeting as dd/mm/yyyy.");
		fe->n = 1;
		meeting_page(req, f, fe, action, meeting_title(f));
		goto out;
	}
	rows = mform_rows(f, &n);
	rc = meetings_save(req->app, req->db, &who, &req->estab, &f->m, rows, n, fe, &eb);
	if (rc == ERR_NOT_FOUND) {
		page_error(req, 404, NULL);
		goto out;
	}
	if (rc == ERR_INVALID && fe->n) {
		meeting_page(req, f, fe, action, meeting_title(f));
		goto out;
	}
	if (rc) {
		page_error(req, 500, NULL);
		goto out;
	}
	resp_redirect(req, mui_school_href(req, id ? "progress-meetings?done=saved" :
						     "progress-meetings?done=added"));
out:
	free(rows);
	free(f);
	free(fe);
}

void meeting_create_post(struct request *req)
{
	meeting_post(req, 0);
}

void meeting_update_post(struct request *req)
{
	meeting_post(req, request_int(req, "id"));
}

void meeting_edit_get(struct request *req)
{
	struct meeting_row *rows = NULL;
	struct mform *f = mform_new();
	size_t n = 0;
	enum err rc;

	rc = meetings_load(req->app, req->db, &req->estab, request_int(req, "id"), &f->m, &rows,
			   &n);
	if (rc) {
		page_error(req, rc == ERR_NOT_FOUND ? 404 : 500, NULL);
		goto out;
	}
	mform_add_rows(f, rows, n);
	mform_min_rows(f);
	meeting_page(req, f, NULL,
		     mui_school_href(req, arena_printf(&req->arena, "progress-meetings/%lld",
						       (long long)f->m.id)),
		     meeting_title(f));
out:
	free(rows);
	free(f);
}

void meeting_delete_get(struct request *req)
{
	struct meeting_row *rows = NULL;
	struct meeting m;
	struct strbuf *b;
	size_t n = 0;
	enum err rc;

	rc = meetings_load(req->app, req->db, &req->estab, request_int(req, "id"), &m, &rows, &n);
	free(rows);
	if (rc) {
		page_error(req, rc == ERR_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	page_begin(req, "Delete progress meeting", NAV_REPORTS);
	b = resp_body(req);
	html_open(b, "p", NULL);
	html_text(b, arena_printf(&req->arena,
				  "Delete the progress meeting of %s on %s with everything written "
				  "in it? This cannot be undone.",
				  m.teacher, mui_dmy(req, m.date)));
	html_close(b, "p");
	html_open(b, "form", "method", "post", "action",
		  mui_school_href(req, arena_printf(&req->arena, "progress-meetings/%lld/delete",
						    (long long)m.id)),
		  NULL);
	html_csrf_field(b, csrf_token(req));
	html_raw_trusted(b, "<button type=\"submit\" class=\"button warning\">Delete</button> ");
	html_open(b, "a", "href", mui_school_href(req, "progress-meetings"), NULL);
	html_text(b, "Cancel");
	html_close(b, "a");
	html_raw_trusted(b, "</form>\n");
	page_end(req);
}

void meeting_delete_post(struct request *req)
{
	struct actor who = mui_actor(req);
	struct errbuf eb = { "" };
	enum err rc;

	rc = meetings_delete(req->app, req->db, &who, &req->estab, request_int(req, "id"), &eb);
	if (rc) {
		page_error(req, rc == ERR_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	resp_redirect(req, mui_school_href(req, "progress-meetings?done=deleted"));
}
