/*
 * pupil_form: adding and editing one pupil (the seed's "Pupil details" form). The
 * checks and the save are app/pupils.c's; this file reads the form, shows each
 * error beside its field and in a summary, and re-shows what was typed. Editing
 * is optimistic: the form carries the version it was read at.
 */
#include "web/pages/pages.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "app/pupils.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "core/access.h"
#include "core/calendar.h"
#include "core/codelist.h"
#include "web/csrf.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/session.h"

/* Form field names, by enum pupil_field. */
static const char *const field_names[PUPIL_F__MAX] = {
	[PUPIL_F_UPN] = "upn",
	[PUPIL_F_SURNAME] = "surname",
	[PUPIL_F_FORENAMES] = "forenames",
	[PUPIL_F_DOB] = "dob",
	[PUPIL_F_CLASS] = "class",
	[PUPIL_F_YEAR] = "year_override",
	[PUPIL_F_GENDER] = "gender",
	[PUPIL_F_POSTCODE] = "postcode",
	[PUPIL_F_ETHNICITY] = "ethnicity",
	[PUPIL_F_SEN] = "sen",
	[PUPIL_F_SEN_NOTES] = "sen_notes",
};

static const char *const option_names[] = { "disadvantaged", "eal", "pupil_premium", "fsm" };
static const char *const option_labels[] = { "Disadvantaged", "English as an additional language",
					     "Pupil premium", "Free school meals" };
static const char *const custom_names[CUSTOM_COUNT] = { "custom1", "custom2", "custom3",
							"custom4", "custom5", "custom6" };

/* What the form shows: the values as text, the record's id and version. */
struct form_view {
	struct pupil_input in;	/* values shown */
	int64_t id;		/* 0 for a new pupil */
	const char *name;	/* "Surname, Forenames" as stored, the page's heading */
	int64_t version;	/* as read */
	bool archived;		/* the record is archived */
	int year_from_dob;	/* the year group the date of birth gives, YEAR_NONE */
	char upn_elsewhere[14]; /* UPN to offer a transfer for, "" none */
};

/* "Surname, Forenames" of p, as the pupil list shows them (owned by req). */
static const char *name_of(struct request *req, const struct pupil *p)
{
	return arena_printf(&req->arena, "%s, %s", p->surname, p->forenames);
}

/* The values of a stored pupil as the form shows them (texts owned by req). */
static void view_of(struct request *req, const struct pupil *p, struct form_view *v)
{
	char buf[YEAR_LABEL_MAX], dob[11] = "";
	int ay = academic_year_of(date_from_unix(app_now(req->app)));

	memset(v, 0, sizeof(*v));
	if (date_valid(p->dob))
		date_format_dmy(p->dob, dob);
	v->in.upn = arena_strdup(&req->arena, p->upn);
	v->in.surname = arena_strdup(&req->arena, p->surname);
	v->in.forenames = arena_strdup(&req->arena, p->forenames);
	v->in.dob = arena_strdup(&req->arena, dob);
	v->in.class_no = p->class_no;
	v->in.year_override = arena_strdup(&req->arena, p->year_override == YEAR_NONE ?
								"" :
								year_label(p->year_override, buf));
	v->in.gender = gender_code(p->gender);
	v->in.postcode = arena_strdup(&req->arena, p->postcode);
	v->in.ethnicity = arena_strdup(&req->arena, p->ethnicity);
	v->in.sen = arena_printf(&req->arena, "%c", p->sen ? p->sen : 'N');
	v->in.sen_notes = arena_strdup(&req->arena, p->sen_notes);
	v->in.disadvantaged = p->disadvantaged;
	v->in.eal = p->eal;
	v->in.pupil_premium = p->pupil_premium;
	v->in.fsm = p->fsm;
	for (int i = 0; i < CUSTOM_COUNT; i++)
		v->in.custom[i] = p->custom[i];
	v->in.include_in_data = p->include_in_data;
	v->id = p->id;
	v->name = name_of(req, p);
	v->version = p->version;
	v->archived = p->archived;
	v->year_from_dob = year_group_of(p->dob, ay);
}

/* The form's values as typed. */
static void input_of(struct request *req, struct pupil_input *in)
{
	memset(in, 0, sizeof(*in));
	in->upn = request_text(req, "upn");
	in->surname = request_text(req, "surname");
	in->forenames = request_text(req, "forenames");
	in->dob = request_text(req, "dob");
	in->class_no = (int)request_int(req, "class");
	in->year_override = request_text(req, "year_override");
	in->gender = request_text(req, "gender");
	in->postcode = request_text(req, "postcode");
	in->ethnicity = request_text(req, "ethnicity");
	in->sen = request_text(req, "sen");
	in->sen_notes = request_text(req, "sen_notes");
	in->disadvantaged = request_bool(req, "disadvantaged");
	in->eal = request_bool(req, "eal");
	in->pupil_premium = request_bool(req, "pupil_premium");
	in->fsm = request_bool(req, "fsm");
	for (int i = 0; i < CUSTOM_COUNT; i++)
		in->custom[i] = request_bool(req, custom_names[i]);
	in->include_in_data = request_bool(req, "include_in_data");
}

static const char *err_of(const struct pupil_errors *err, enum pupil_field f)
{
	return err && err->field[f][0] ? err->field[f] : NULL;
}

/* A labelled <select> in a <div class="field">, its error linked as in
 * html_form_field. The caller writes the options and calls select_end. */
static void select_begin(struct strbuf *b, const char *name, const char *label, const char *hint,
			 const char *error)
{
	char id[40], hint_id[48], err_id[48], described[100] = "";

	snprintf(id, sizeof(id), "f-%s", name);
	snprintf(hint_id, sizeof(hint_id), "%s-hint", id);
	snprintf(err_id, sizeof(err_id), "%s-error", id);
	snprintf(described, sizeof(described), "%s%s%s", hint ? hint_id : "",
		 hint && error ? " " : "", error ? err_id : "");
	html_open(b, "div", "class", error ? "field field-error" : "field", NULL);
	html_open(b, "label", "for", id, NULL);
	html_text(b, label);
	html_close(b, "label");
	if (hint) {
		html_open(b, "p", "class", "hint", "id", hint_id, NULL);
		html_text(b, hint);
		html_close(b, "p");
	}
	if (error) {
		html_open(b, "p", "class", "error-message", "id", err_id, NULL);
		html_raw_trusted(b, "<span class=\"visually-hidden\">Error:</span> ");
		html_text(b, error);
		html_close(b, "p");
	}
	html_open(b, "select", "id", id, "name", name, "aria-describedby",
		  described[0] ? described : NULL, "aria-invalid", error ? "true" : NULL, NULL);
}

static void option(struct strbuf *b, const char *value, const char *label, const char *cur)
{
	html_open(b, "option", "value", value, "selected", strcmp(value, cur) == 0 ? "" : NULL,
		  NULL);
	html_text(b, label);
	html_close(b, "option");
}

static void select_end(struct strbuf *b)
{
	html_close(b, "select");
	html_close(b, "div");
}

static void checkbox(struct strbuf *b, const char *name, const char *label, bool on)
{
	char id[40];

	snprintf(id, sizeof(id), "f-%s", name);
	html_raw_trusted(b, "<div class=\"checkbox\">");
	html_open(b, "input", "type", "checkbox", "id", id, "name", name, "value", "1", "checked",
		  on ? "" : NULL, NULL);
	html_open(b, "label", "for", id, NULL);
	html_text(b, label);
	html_close(b, "label");
	html_raw_trusted(b, "</div>");
}

/* Whether the transfer request route (issue 4b) exists in the route table. */
static bool transfers_route(struct request *req)
{
	char *segs[3] = { "schools", NULL, "transfers" };
	bool known = false;

	segs[1] = arena_printf(&req->arena, "%d", establishment_laestab(&req->estab));
	return routes_match(HTTP_POST, segs, 3, &known) != NULL;
}

/* True when msg starts with the field's label ("Postcode is required"), so the
 * summary need not put the label before it again. */
static bool names_field(const char *label, const char *msg)
{
	size_t n = strlen(label);

	return strncasecmp(msg, label, n) == 0 &&
	       (msg[n] == '\0' || msg[n] == ' ' || msg[n] == ':' || msg[n] == ';' || msg[n] == ',');
}

static void error_summary(struct request *req, const struct pupil_errors *err)
{
	struct strbuf *b = resp_body(req);

	html_raw_trusted(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\">"
			    "<h2>There is a problem</h2><ul>");
	if (err->general[0])
		html_elem(b, "li", err->general);
	for (int f = 0; f < PUPIL_F__MAX; f++) {
		if (!err->field[f][0])
			continue;
		html_raw_trusted(b, "<li>");
		html_open(b, "a", "href", arena_printf(&req->arena, "#f-%s", field_names[f]), NULL);
		if (!names_field(pupil_field_label((enum pupil_field)f), err->field[f])) {
			html_text(b, pupil_field_label((enum pupil_field)f));
			html_text(b, ": ");
		}
		html_text(b, err->field[f]);
		html_close(b, "a");
		html_raw_trusted(b, "</li>");
	}
	html_raw_trusted(b, "</ul></div>\n");
}

static void transfer_offer(struct request *req, const char *upn)
{
	struct strbuf *b = resp_body(req);
	struct resource_scope scope = access_scope_of_establishment(&req->estab);

	html_raw_trusted(b, "<div class=\"warning\" id=\"transfer\"><h2>This pupil is on the roll "
			    "of another school</h2>");
	if (transfers_route(req)) {
		html_elem(b, "p",
			  "Ask for a transfer: the pupil's current school or the local "
			  "authority confirms it, and the pupil's history and interventions "
			  "move with them.");
		html_open(b, "form", "method", "post", "action",
			  arena_printf(&req->arena, "/schools/%d/transfers",
				       establishment_laestab(&req->estab)),
			  NULL);
		html_csrf_field(b, csrf_token(req));
		html_open(b, "input", "type", "hidden", "name", "upn", "value", upn, NULL);
		html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Ask for a transfer"
				    "</button></form>");
		if (access_allowed(&req->user, ACT_PUPIL_TRANSFER, &scope)) {
			struct strbuf href;

			strbuf_init(&href, 0);
			strbuf_addf(&href, "/schools/%d/transfers?upn=",
				    establishment_laestab(&req->estab));
			html_url_arg(&href, upn);
			html_raw_trusted(b, "<p>");
			html_open(b, "a", "href", strbuf_str(&href), NULL);
			html_text(b, "See transfers for this UPN");
			html_close(b, "a");
			html_raw_trusted(b, "</p>");
			strbuf_release(&href);
		}
	} else {
		html_elem(b, "p",
			  "Transfers between schools cannot be requested here yet. Ask the "
			  "local authority's support team to transfer the pupil; do not add "
			  "the pupil again.");
	}
	html_raw_trusted(b, "</div>\n");
}

/* ", " and label after the labels in s. */
static void add_label(struct strbuf *s, const char *label)
{
	if (s->len)
		strbuf_adds(s, ", ");
	strbuf_adds(s, label);
}

/* The ticked options, then the ticked custom boxes, as "A, B" or "None" (owned
 * by req); custom true for the custom boxes. */
static const char *ticked_of(struct request *req, const struct form_view *v,
			     const struct estab_profile *prof, bool custom)
{
	const bool options[] = { v->in.disadvantaged, v->in.eal, v->in.pupil_premium, v->in.fsm };
	struct strbuf s;
	const char *out;

	strbuf_init(&s, 128);
	for (size_t i = 0; !custom && i < ARRAY_SIZE(options); i++)
		if (options[i])
			add_label(&s, option_labels[i]);
	for (int i = 0; custom && i < CUSTOM_COUNT; i++)
		if (v->in.custom[i])
			add_label(&s, prof->custom_name[i]);
	out = arena_strdup(&req->arena, s.len ? strbuf_str(&s) : "None");
	strbuf_release(&s);
	return out;
}

static void row(struct strbuf *b, const char *term, const char *value)
{
	html_elem(b, "dt", term);
	html_elem(b, "dd", value[0] ? value : "Not recorded");
}

/* The year group the record gives: the override and the date of birth's. */
static const char *year_text(struct request *req, const struct form_view *v)
{
	char dob_year[YEAR_LABEL_MAX];

	if (v->year_from_dob != YEAR_NONE)
		year_label(v->year_from_dob, dob_year);
	if (v->in.year_override[0] && v->year_from_dob != YEAR_NONE)
		return arena_printf(&req->arena, "%s (year override; the date of birth gives %s)",
				    v->in.year_override, dob_year);
	if (v->in.year_override[0])
		return arena_printf(&req->arena, "%s (year override)", v->in.year_override);
	return v->year_from_dob != YEAR_NONE ? arena_strdup(&req->arena, dob_year) : "";
}

/* Says that the record cannot be changed here and what the user can do: restore
 * an archived pupil when they may, else ask the school. */
static void read_only_notice(struct request *req, const struct form_view *v)
{
	struct resource_scope scope = access_scope_of_establishment(&req->estab);
	bool may_restore = access_allowed(&req->user, ACT_PUPIL_RESTORE, &scope);
	const char *list = page_pupils_href(req, &req->estab);
	struct strbuf *b = resp_body(req);

	html_raw_trusted(b, "<div class=\"notice read-only\"><p>");
	html_text(b, "You can view this record but not change it. ");
	if (v->archived && may_restore)
		html_text(b, "This pupil is archived: they are not in lists or statistics. "
			     "Restore them to put them back.");
	else if (v->archived)
		html_text(b, "This pupil is archived: they are not in lists or statistics. "
			     "Only the local authority can restore them.");
	else
		html_text(b, arena_printf(&req->arena,
					  "If something in it is wrong, ask the staff of %s to "
					  "correct it.",
					  req->estab.name));
	html_raw_trusted(b, "</p>");
	if (v->archived && may_restore) {
		html_open(b, "form", "method", "post", "action",
			  arena_printf(&req->arena, "%s/restore", list), NULL);
		html_csrf_field(b, csrf_token(req));
		html_open(b, "input", "type", "hidden", "name", "sel0", "value",
			  arena_printf(&req->arena, "%lld", (long long)v->id), NULL);
		html_open(b, "input", "type", "hidden", "name", "back", "value", "archived=1",
			  NULL);
		html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Restore this pupil"
				    "</button></form>");
	}
	html_raw_trusted(b, "</div>\n");
}

/* The record as a summary list, for a user who may read it but not change it. */
static void record_write(struct request *req, const struct form_view *v,
			 const struct estab_profile *prof)
{
	const struct ethnicity *eth = ethnicity_find(v->in.ethnicity);
	const char *sen = sen_label(v->in.sen[0]);
	struct strbuf *b = resp_body(req);

	read_only_notice(req, v);
	html_raw_trusted(b, "<h2>Pupil details</h2>\n<dl class=\"summary-list\">");
	row(b, "Unique Pupil Number", v->in.upn);
	row(b, "Surname", v->in.surname);
	row(b, "Forenames", v->in.forenames);
	row(b, "Date of birth", v->in.dob);
	row(b, "Class",
	    v->in.class_no >= 1 && v->in.class_no <= CLASS_COUNT ?
		    prof->class_name[v->in.class_no - 1] :
		    "No class");
	row(b, "Year group", year_text(req, v));
	row(b, "Gender", v->in.gender[0] == 'M' ? "Male" : v->in.gender[0] == 'F' ? "Female" : "");
	row(b, "Postcode", v->in.postcode);
	row(b, "Ethnicity",
	    eth ? arena_printf(&req->arena, "%s (%s)", eth->name, eth->code) : v->in.ethnicity);
	row(b, "Special educational needs", sen ? sen : "");
	row(b, "Special educational needs notes", v->in.sen_notes[0] ? v->in.sen_notes : "None");
	row(b, "Options", ticked_of(req, v, prof, false));
	row(b, "Custom (optional)", ticked_of(req, v, prof, true));
	row(b, "Include in data (counted in reports)", v->in.include_in_data ? "Yes" : "No");
	html_raw_trusted(b, "</dl>\n<p>");
	html_open(b, "a", "href", page_pupils_href(req, &req->estab), NULL);
	html_text(b, "Back to list");
	html_raw_trusted(b, "</a></p>\n");
}

static void form_write(struct request *req, const struct form_view *v,
		       const struct pupil_errors *err)
{
	const struct establishment *e = &req->estab;
	struct resource_scope scope = access_scope_of_establishment(e);
	bool may_write = access_allowed(&req->user, ACT_PUPIL_WRITE, &scope);
	const char *list = page_pupils_href(req, e);
	struct estab_profile prof;
	char label[YEAR_LABEL_MAX], num[8], from_dob[64];
	struct strbuf *b;

	if (session_estab_profile(req, e->id, &prof, NULL) != ERR_OK) {
		page_error(req, 500, NULL);
		return;
	}
	if (v->id)
		page_begin_titled(
			req, arena_printf(&req->arena, "%s \xe2\x80\x93 Pupil details", v->name),
			v->name, NAV_PUPILS);
	else
		page_begin(req, "Add a pupil", NAV_PUPILS);
	b = resp_body(req);
	html_open(b, "p", "class", "lead", NULL);
	html_text(b, e->name);
	html_close(b, "p");
	if (v->id) {
		html_raw_trusted(b, "<p class=\"actions\">");
		html_open(b, "a", "class", "button button-secondary", "href",
			  arena_printf(&req->arena, "%s/%lld/interventions", list,
				       (long long)v->id),
			  NULL);
		html_text(b, "Interventions");
		html_close(b, "a");
		html_raw_trusted(b, "</p>\n");
	}
	if (v->id && !may_write) {
		record_write(req, v, &prof);
		page_end(req);
		return;
	}
	if (err && err->count)
		error_summary(req, err);
	if (v->upn_elsewhere[0])
		transfer_offer(req, v->upn_elsewhere);
	if (v->archived)
		html_raw_trusted(b, "<div class=\"notice\"><p>This pupil is archived: they are not "
				    "in lists or statistics. Only the local authority can restore "
				    "them.</p></div>\n");
	if (v->id)
		html_raw_trusted(b, "<h2>Pupil details</h2>\n");
	html_open(b, "form", "method", "post", "novalidate", "", "class", "pupil-form", "action",
		  v->id ? arena_printf(&req->arena, "%s/%lld", list, (long long)v->id) :
			  arena_printf(&req->arena, "%s/new", list),
		  NULL);
	html_csrf_field(b, csrf_token(req));
	if (v->id)
		html_open(b, "input", "type", "hidden", "name", "version", "value",
			  arena_printf(&req->arena, "%lld", (long long)v->version), NULL);
	html_form_field(b,
			&(struct html_field){
				.name = "upn",
				.label = "Unique Pupil Number",
				.value = v->in.upn,
				.hint = "13 characters: a letter, then 11 digits, then a digit or "
					"letter (temporary UPNs end in a letter).",
				.error = err_of(err, PUPIL_F_UPN),
				.required = true,
				.maxlength = 20 });
	html_form_field(b, &(struct html_field){ .name = "surname",
						 .label = "Surname",
						 .value = v->in.surname,
						 .error = err_of(err, PUPIL_F_SURNAME),
						 .required = true,
						 .maxlength = PERSON_NAME_MAX });
	html_form_field(b, &(struct html_field){ .name = "forenames",
						 .label = "Forenames",
						 .value = v->in.forenames,
						 .error = err_of(err, PUPIL_F_FORENAMES),
						 .required = true,
						 .maxlength = PERSON_NAME_MAX });
	html_form_field(b, &(struct html_field){ .name = "dob",
						 .label = "Date of birth",
						 .value = v->in.dob,
						 .hint = "dd/mm/yyyy, for example 14/03/2020",
						 .error = err_of(err, PUPIL_F_DOB),
						 .required = true,
						 .maxlength = 20 });
	select_begin(b, "class", "Class", NULL, err_of(err, PUPIL_F_CLASS));
	snprintf(num, sizeof(num), "%d", v->in.class_no);
	option(b, "0", "No class", num);
	for (int i = 0; i < CLASS_COUNT; i++) {
		char value[8];
		snprintf(value, sizeof(value), "%d", i + 1);
		option(b, value, prof.class_name[i], num);
	}
	select_end(b);
	from_dob[0] = '\0';
	if (v->year_from_dob != YEAR_NONE)
		snprintf(from_dob, sizeof(from_dob), "None (year from date of birth: %s)",
			 year_label(v->year_from_dob, label));
	select_begin(b, "year_override", "Year override",
		     "Only for a child taught outside the year group their date of birth gives.",
		     err_of(err, PUPIL_F_YEAR));
	option(b, "", from_dob[0] ? from_dob : "None (year from date of birth)",
	       v->in.year_override ? v->in.year_override : "");
	for (int y = YEAR_N1; y <= YEAR_6; y++)
		option(b, year_label(y, label), year_label(y, label),
		       v->in.year_override ? v->in.year_override : "");
	select_end(b);
	select_begin(b, "gender", "Gender", NULL, err_of(err, PUPIL_F_GENDER));
	option(b, "", "Please select", v->in.gender ? v->in.gender : "");
	option(b, "M", "Male", v->in.gender ? v->in.gender : "");
	option(b, "F", "Female", v->in.gender ? v->in.gender : "");
	select_end(b);
	html_form_field(b,
			&(struct html_field){
				.name = "postcode",
				.label = "Postcode",
				.value = v->in.postcode,
				.hint = "If the child's postcode is not known, use the school's.",
				.error = err_of(err, PUPIL_F_POSTCODE),
				.required = true,
				.maxlength = 20 });
	select_begin(b, "ethnicity", "Ethnicity", NULL, err_of(err, PUPIL_F_ETHNICITY));
	option(b, "", "Please select", v->in.ethnicity ? v->in.ethnicity : "");
	for (size_t k = 0; k < ethnicity_count(); k++) {
		const struct ethnicity *eth = ethnicity_at(k);
		char text[96];
		snprintf(text, sizeof(text), "%s (%s)", eth->name, eth->code);
		option(b, eth->code, text, v->in.ethnicity ? v->in.ethnicity : "");
	}
	select_end(b);
	select_begin(b, "sen", "Special educational needs", NULL, err_of(err, PUPIL_F_SEN));
	option(b, "N", sen_label('N'), v->in.sen ? v->in.sen : "N");
	option(b, "K", sen_label('K'), v->in.sen ? v->in.sen : "N");
	option(b, "E", sen_label('E'), v->in.sen ? v->in.sen : "N");
	select_end(b);
	html_raw_trusted(b, "<div class=\"field\"><label for=\"f-sen_notes\">Special educational "
			    "needs notes</label>");
	if (err_of(err, PUPIL_F_SEN_NOTES)) {
		html_open(b, "p", "class", "error-message", NULL);
		html_text(b, err_of(err, PUPIL_F_SEN_NOTES));
		html_close(b, "p");
	}
	html_open(b, "textarea", "id", "f-sen_notes", "name", "sen_notes", "rows", "3", NULL);
	html_text(b, v->in.sen_notes);
	html_raw_trusted(b, "</textarea></div>");
	html_raw_trusted(b, "<fieldset class=\"options\"><legend>Options</legend>");
	checkbox(b, option_names[0], option_labels[0], v->in.disadvantaged);
	checkbox(b, option_names[1], option_labels[1], v->in.eal);
	checkbox(b, option_names[2], option_labels[2], v->in.pupil_premium);
	checkbox(b, option_names[3], option_labels[3], v->in.fsm);
	html_raw_trusted(b, "</fieldset><fieldset class=\"options\"><legend>Custom (optional)"
			    "</legend>");
	for (int i = 0; i < CUSTOM_COUNT; i++)
		checkbox(b, custom_names[i], prof.custom_name[i], v->in.custom[i]);
	html_raw_trusted(b, "</fieldset>");
	checkbox(b, "include_in_data", "Include in data (counted in reports)",
		 v->in.include_in_data);
	html_raw_trusted(b, "<div class=\"button-row\">");
	if (may_write)
		html_raw_trusted(b, "<button type=\"submit\" class=\"button\">Save</button> ");
	html_open(b, "a", "href", list, NULL);
	html_text(b, "Back to list");
	html_close(b, "a");
	html_raw_trusted(b, "</div></form>\n");
	if (v->id && may_write && !v->archived) {
		html_open(b, "form", "method", "post", "class", "archive-one", "action",
			  arena_printf(&req->arena, "%s/archive", list), NULL);
		html_csrf_field(b, csrf_token(req));
		html_open(b, "input", "type", "hidden", "name", "sel0", "value",
			  arena_printf(&req->arena, "%lld", (long long)v->id), NULL);
		html_raw_trusted(b, "<button type=\"submit\" class=\"button button-secondary\">"
				    "Archive this pupil</button></form>\n");
	}
	page_end(req);
}

/* The pupil :id of the route's establishment; false (404 page sent) otherwise,
 * exactly as for a pupil that does not exist. */
static bool load(struct request *req, struct pupil *p)
{
	enum err e = store_pupil_get(req->db, request_int(req, "id"), p);

	if (e == ERR_OK && p->establishment_id == req->estab.id)
		return true;
	if (e && e != ERR_NOT_FOUND) {
		page_error(req, 500, NULL);
		return false;
	}
	page_error(req, 404, NULL);
	return false;
}

void pupil_new_get(struct request *req)
{
	struct form_view v;
	struct pupil p;

	pupil_defaults(&p, req->estab.id);
	view_of(req, &p, &v);
	v.in.sen = "N";
	v.year_from_dob = YEAR_NONE;
	form_write(req, &v, NULL);
}

void pupil_edit_get(struct request *req)
{
	struct form_view v;
	struct pupil p;

	if (!load(req, &p))
		return;
	view_of(req, &p, &v);
	form_write(req, &v, NULL);
}

/* Checks and saves; on any problem re-shows the form (422, or 409 for a stale
 * version) and stores nothing. */
static void save(struct request *req, struct pupil *p)
{
	struct actor who = { req->user.id, req->user.username, req->client_ip };
	struct date today = date_from_unix(app_now(req->app));
	struct pupil_errors *err = arena_alloc(&req->arena, sizeof(*err));
	struct form_view v;
	enum err rc;

	memset(&v, 0, sizeof(v));
	input_of(req, &v.in);
	v.id = p->id;
	v.name = name_of(req, p);
	v.version = p->version;
	v.archived = p->archived;
	v.year_from_dob = YEAR_NONE;
	if (pupil_input_check(&v.in, today, p, err)) {
		rc = pupil_save(req->db, &who, &req->estab, p, err);
		if (rc == ERR_OK) {
			resp_redirect(req, arena_printf(&req->arena, "%s/%lld",
							page_pupils_href(req, &req->estab),
							(long long)p->id));
			return;
		}
		if (rc != ERR_INVALID && rc != ERR_CONFLICT) {
			log_error("web: cannot save pupil %s: %s", p->upn, err_str(rc));
			page_error(req, 500, NULL);
			return;
		}
		if (err->upn_elsewhere)
			snprintf(v.upn_elsewhere, sizeof(v.upn_elsewhere), "%s", p->upn);
		if (err->conflict) {
			struct pupil now;
			if (store_pupil_get(req->db, p->id, &now) != ERR_OK) {
				page_error(req, 500, NULL);
				return;
			}
			view_of(req, &now, &v);
			resp_status(req, 409);
			form_write(req, &v, err);
			return;
		}
	} else if (date_valid(p->dob)) {
		v.year_from_dob = year_group_of(p->dob, academic_year_of(today));
	}
	resp_status(req, 422);
	form_write(req, &v, err);
}

void pupil_add_post(struct request *req)
{
	struct pupil p;

	pupil_defaults(&p, req->estab.id);
	save(req, &p);
}

void pupil_edit_post(struct request *req)
{
	struct pupil p;

	if (!load(req, &p))
		return;
	p.version = request_int(req, "version");
	save(req, &p);
}
