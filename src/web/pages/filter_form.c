/*
 * filter_form: the shared pupil characteristics filter on a page (see pages.h):
 * reading it from the route's declared parameters and writing it as a group of
 * labelled selects. The parameter names come from core/pupil_filter.c.
 */
#include "web/pages/pages.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/codelist.h"
#include "core/pupil_filter.h"
#include "web/html.h"
#include "web/routes.h"

/* Whether the matched route declares parameter name (a screen that does not
 * offer a characteristic simply does not declare it). */
static bool route_declares(const struct request *req, const char *name)
{
	for (size_t i = 0; i < req->route->nparams; i++)
		if (strcmp(req->route->params[i].name, name) == 0)
			return true;
	return false;
}

bool page_filter_read(struct request *req, struct pupil_filter *f, const char **bad)
{
	for (size_t i = 0; i < PUPIL_FILTER_PARAM_ALL; i++) {
		const char *name = pupil_filter_param_name(i);
		if (!route_declares(req, name) || !request_has(req, name))
			continue;
		if (!pupil_filter_set(f, name, request_text(req, name))) {
			if (bad)
				*bad = name;
			return false;
		}
	}
	return true;
}

const char *page_search_key(struct request *req, const struct pupil_search *q)
{
	const char *surname = q->surname ? q->surname : "", *upn = q->upn ? q->upn : "";
	char fq[256];

	if (!pupil_filter_to_query(q->filter, fq, sizeof(fq)) && !pupil_filter_is_all(q->filter))
		return NULL;
	return arena_printf(&req->arena, "%d %d %d %d %d %d %d %d %zu:%s %zu:%s %s",
			    q->academic_year, q->class_no, q->year_group, q->include_archived,
			    (int)q->sort, q->desc, q->limit, q->offset, strlen(surname), surname,
			    strlen(upn), upn, fq);
}

/* <option value="v">label</option>, selected when v is cur. */
static void option(struct strbuf *b, const char *v, const char *label, const char *cur)
{
	html_open(b, "option", "value", v, "selected", strcmp(v, cur) == 0 ? "" : NULL, NULL);
	html_text(b, label);
	html_close(b, "option");
}

/* The option of ethnicity e, selected when its code is cur. */
static void eth_option(struct strbuf *b, const struct ethnicity *e, const char *cur)
{
	char text[96];

	snprintf(text, sizeof(text), "%s (%s)", e->name, e->code);
	option(b, e->code, text, cur);
}

/* The ethnicity options with none selected, made once: the code list is fixed
 * while the server runs, the filter is on most pupil pages, and its hundred
 * or so options were most of the filter's making. */
static pthread_once_t eth_once = PTHREAD_ONCE_INIT;
static struct strbuf eth_plain;

static void eth_plain_make(void)
{
	strbuf_init(&eth_plain, 0);
	for (size_t e = 0; e < ethnicity_count(); e++)
		eth_option(&eth_plain, ethnicity_at(e), "");
}

static void select_begin(struct strbuf *b, const char *name, const char *label)
{
	char id[24];

	snprintf(id, sizeof(id), "%s-sel", name);
	html_open(b, "div", "class", "field filter-field", NULL);
	html_open(b, "label", "for", id, NULL);
	html_text(b, label);
	html_close(b, "label");
	html_open(b, "select", "id", id, "name", name, NULL);
}

static void select_end(struct strbuf *b)
{
	html_close(b, "select");
	html_close(b, "div");
}

void page_filter_form(struct request *req, const struct pupil_filter *f,
		      const struct estab_profile *prof)
{
	struct strbuf *b = resp_body(req);
	char cur[8];

	html_open(b, "details", "class", "pupil-filter", "open", pupil_filter_is_all(f) ? NULL : "",
		  NULL);
	html_raw_trusted(b, "<summary>Pupil characteristics</summary><div class=\"filter-grid\">");
	/* Intervention first (the last parameter), as in the seed's filter. */
	for (size_t k = 0; k < PUPIL_FILTER_PARAM_ALL; k++) {
		size_t i = k == 0 ? PUPIL_FILTER_PARAM_COUNT : k - 1;
		const char *name = pupil_filter_param_name(i);
		int custom = -1;
		const char *label = pupil_filter_param_label(i, &custom);

		if (!route_declares(req, name))
			continue;
		if (custom >= 0)
			label = prof->custom_name[custom];
		pupil_filter_value(f, i, cur);
		select_begin(b, name, label);
		option(b, "", "All", cur);
		if (strcmp(name, "f_gender") == 0) {
			option(b, "M", "Male", cur);
			option(b, "F", "Female", cur);
		} else if (strcmp(name, "f_sen") == 0) {
			option(b, "any", "Any SEN (K or E)", cur);
			option(b, "N", sen_label('N'), cur);
			option(b, "K", sen_label('K'), cur);
			option(b, "E", sen_label('E'), cur);
		} else if (strcmp(name, "f_eth") == 0 && !cur[0]) {
			pthread_once(&eth_once, eth_plain_make);
			strbuf_add(b, eth_plain.buf, eth_plain.len);
		} else if (strcmp(name, "f_eth") == 0) {
			for (size_t e = 0; e < ethnicity_count(); e++)
				eth_option(b, ethnicity_at(e), cur);
		} else {
			option(b, "yes", "Yes", cur);
			option(b, "no", "No", cur);
		}
		select_end(b);
	}
	html_raw_trusted(b, "</div></details>\n");
}

void page_class_year_fields(struct request *req, const char *id_prefix, int class_no, int year,
			    const struct estab_profile *prof)
{
	static const int years[] = { YEAR_N1, YEAR_N2, YEAR_R, 1, 2, 3, 4, 5, 6 };
	struct strbuf *b = resp_body(req);
	const char *class_id = arena_printf(&req->arena, "%sclass", id_prefix);
	const char *year_id = arena_printf(&req->arena, "%syear", id_prefix);
	char label[YEAR_LABEL_MAX], num[8];

	html_raw_trusted(b, "<div class=\"field\">");
	html_open(b, "label", "for", class_id, NULL);
	html_text(b, "Class");
	html_close(b, "label");
	html_open(b, "select", "id", class_id, "name", "class", NULL);
	html_raw_trusted(b, "<option value=\"0\">All classes</option>");
	for (int i = 0; i < CLASS_COUNT; i++) {
		snprintf(num, sizeof(num), "%d", i + 1);
		html_open(b, "option", "value", num, "selected", class_no == i + 1 ? "" : NULL,
			  NULL);
		html_text(b, prof->class_name[i]);
		html_close(b, "option");
	}
	html_raw_trusted(b, "</select></div><div class=\"field\">");
	html_open(b, "label", "for", year_id, NULL);
	html_text(b, "Year group");
	html_close(b, "label");
	html_open(b, "select", "id", year_id, "name", "year", NULL);
	html_raw_trusted(b, "<option value=\"\">All years</option>");
	for (size_t i = 0; i < ARRAY_SIZE(years); i++) {
		year_label(years[i], label);
		html_open(b, "option", "value", label, "selected", year == years[i] ? "" : NULL,
			  NULL);
		html_text(b, label);
		html_close(b, "option");
	}
	html_raw_trusted(b, "</select></div>");
}
