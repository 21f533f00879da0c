/*
 * pupil_filter: the one "pupil characteristics" filter (gender, summer born, SEN,
 * ethnicity, pupil premium, disadvantaged, EAL, custom 1-6) that the pupil list,
 * the EYFS grid and the reports share. It is parsed from query parameters, written
 * back as a query string, and compiled to a fixed list of BOUND values, never to
 * SQL text.
 *
 * How a screen uses it:
 *   web:   pupil_filter_init(&f); for each declared parameter whose name
 *          pupil_filter_param_name() lists: pupil_filter_set(&f, name, value);
 *          render the form with web/pages/filter_form.c (page_filter_form).
 *          Routes declare the parameters with PAGE_FILTER_PARAM_SPECS (pages.h).
 *   store: a statement in stmt.c writes PUPIL_FILTER_WHERE (over a pupil table
 *          aliased "p") in its WHERE clause and PUPIL_FILTER_TYPES at the same
 *          place of its parameter letters; the store function calls
 *          q_pupil_filter(&q, f) at that point (store.h). That binds the values of
 *          pupil_filter_compile() in order.
 * Intervention (the pupil has at least one intervention, issue 4b's table) is
 * part of the SQL; code that filters pupils it holds in memory uses
 * pupil_filter_match_with and says whether each pupil has an intervention.
 */
#ifndef PT_CORE_PUPIL_FILTER_H
#define PT_CORE_PUPIL_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"

/* A yes/no characteristic: all pupils, only those with it, only those without. */
enum tri { TRI_ALL = -1, TRI_NO = 0, TRI_YES = 1 };

/* The yes/no characteristics, in the order of the form. */
enum pf_flag {
	PF_INTERVENTION,  /* has at least one intervention */
	PF_SUMMER_BORN,	  /* born 1 April to 31 August */
	PF_PP,		  /* pupil premium */
	PF_DISADVANTAGED, /* disadvantaged */
	PF_EAL,		  /* English as an additional language */
	PF_CUSTOM1,	  /* custom 1 .. custom 6 follow in order */
	PF_CUSTOM6 = PF_CUSTOM1 + CUSTOM_COUNT - 1,
	PF_FLAG__MAX
};

/* SEN choices besides a single code. */
enum { PF_SEN_ALL = 0, PF_SEN_ANY = 'Y' /* K or E */ };

struct pupil_filter {
	int flag[PF_FLAG__MAX]; /* enum tri for each characteristic */
	enum gender gender;	/* GENDER_UNKNOWN = all */
	char sen;		/* PF_SEN_ALL, PF_SEN_ANY, or 'N', 'K', 'E' */
	char ethnicity[5];	/* "" = all, else a code of codelist.h (exact match) */
};

/* Everything "All". */
void pupil_filter_init(struct pupil_filter *f);
/* True when nothing is selected (every pupil passes). */
bool pupil_filter_is_all(const struct pupil_filter *f);

/* The query parameter names the filter reads: "f_gender", "f_summer", "f_sen",
 * "f_eth", "f_pp", "f_dis", "f_eal", "f_c1" .. "f_c6" (i < PUPIL_FILTER_PARAM_COUNT,
 * the characteristics every screen declares), then "f_int" (intervention, i ==
 * PUPIL_FILTER_PARAM_COUNT; PAGE_FILTER_PARAM_SPECS declares it, screens that
 * do not simply do not offer it). NULL from PUPIL_FILTER_PARAM_ALL on. Forms show
 * "f_int" first, as the seed's filter does. */
enum {
	PUPIL_FILTER_PARAM_COUNT = 7 + CUSTOM_COUNT,
	PUPIL_FILTER_PARAM_ALL = PUPIL_FILTER_PARAM_COUNT + 1
};
const char *pupil_filter_param_name(size_t i);
/* What a person reads for parameter i ("Gender", "Summer born", "SEN",
 * "Ethnicity", "PP", "Disadvantaged", "EAL", "Custom 1".., "Intervention"); screens
 * show the establishment's own names for the custom filters: custom_index (may
 * be NULL) gets 0..5 for those, else -1. "" from PUPIL_FILTER_PARAM_ALL on. */
const char *pupil_filter_param_label(size_t i, int *custom_index);

/* Sets one parameter from its text. Values: "" or "all" for All everywhere;
 * f_gender "M"/"F"; yes/no parameters "yes"/"no"; f_sen "any", "N", "K", "E";
 * f_eth an ethnicity code (any case). Returns false (f unchanged) for an unknown
 * name or a value it does not take. */
bool pupil_filter_set(struct pupil_filter *f, const char *name, const char *value);
/* The text of parameter i for f ("" when All), as pupil_filter_set reads it. */
const char *pupil_filter_value(const struct pupil_filter *f, size_t i, char buf[static 8]);
/* Writes the parameters that are not All as "f_pp=yes&f_gender=M" into buf
 * (cap bytes, always terminated; "" when nothing is selected). The values need
 * no escaping. Returns the length, or 0 with buf "" when it did not fit. */
size_t pupil_filter_to_query(const struct pupil_filter *f, char *buf, size_t cap);

/* ---- compiling to bound values ---- */

/* One value bound to a '?' of PUPIL_FILTER_WHERE. */
struct pf_value {
	bool is_text;  /* text (s) or integer (i) */
	int64_t i;     /* integer value */
	const char *s; /* text value; points into the filter or a literal */
};

/* How many '?' PUPIL_FILTER_WHERE has: one per characteristic. */
enum { PUPIL_FILTER_NVALUES = 5 + 3 + CUSTOM_COUNT };

/* The values for PUPIL_FILTER_WHERE's placeholders in order: intervention
 * (-1/0/1), gender (text: "", "M", "F"), summer born (-1/0/1), SEN (text: "" all,
 * "Y" any, or the code),
 * ethnicity (text, "" all), then pupil premium, disadvantaged, EAL and custom
 * 1-6 (-1/0/1 each). Each predicate reads "? IN (all, column)". Text values live
 * as long as f. */
void pupil_filter_compile(const struct pupil_filter *f,
			  struct pf_value out[static PUPIL_FILTER_NVALUES]);

/* Whether p, which has (has_intervention) or has not any intervention, passes f:
 * the same rule as the SQL, for code that filters records it holds already. */
bool pupil_filter_match_with(const struct pupil_filter *f, const struct pupil *p,
			     bool has_intervention);
/* pupil_filter_match_with for a pupil without interventions. Only right when f's
 * intervention choice is All (or the caller knows there are none). */
bool pupil_filter_match(const struct pupil_filter *f, const struct pupil *p);

#endif
