/*
 * pupils: the use cases of one pupil record shared by the web form and the JSON
 * API: checking what a person typed field by field (core/validate.c's rules),
 * adding and saving with the national UPN check and the optimistic version check,
 * and archiving / restoring. Every change is audited by the store.
 */
#ifndef PT_APP_PUPILS_H
#define PT_APP_PUPILS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "core/model.h"
#include "core/problem.h"
#include "store/store.h"

/* The fields of the pupil form, in the order the form shows them. */
enum pupil_field {
	PUPIL_F_UPN,
	PUPIL_F_SURNAME,
	PUPIL_F_FORENAMES,
	PUPIL_F_DOB,
	PUPIL_F_CLASS,
	PUPIL_F_YEAR,
	PUPIL_F_GENDER,
	PUPIL_F_POSTCODE,
	PUPIL_F_ETHNICITY,
	PUPIL_F_SEN,
	PUPIL_F_SEN_NOTES,
	PUPIL_F__MAX
};

/* What a person typed or chose, as text (NULL counts as ""). */
struct pupil_input {
	const char *upn;	   /* any case, spaces around are ignored */
	const char *surname;	   /* legal surname */
	const char *forenames;	   /* forenames */
	const char *dob;	   /* dd/mm/yyyy or yyyy-mm-dd */
	int class_no;		   /* 0 none, 1..20 */
	const char *year_override; /* "" none, else "N1", "N2", "R", "Y1".. (year_parse) */
	const char *gender;	   /* "M", "F" or "" */
	const char *postcode;	   /* any case and spacing */
	const char *ethnicity;	   /* a code of core/codelist.h */
	const char *sen;	   /* "N", "K", "E" ("" = N) */
	const char *sen_notes;	   /* free text */
	bool disadvantaged, eal, pupil_premium, fsm; /* options */
	bool custom[CUSTOM_COUNT];		     /* custom 1-6 */
	bool include_in_data;			     /* counted in reports */
};

/* The outcome of a check or a save: a message per field ("" when fine). */
struct pupil_errors {
	char field[PUPIL_F__MAX][PROBLEM_MSG_MAX]; /* what is wrong with each field */
	bool upn_elsewhere;	       /* the UPN is a pupil of another school: offer a transfer */
	bool conflict;		       /* someone else saved the record meanwhile (version) */
	char general[PROBLEM_MSG_MAX]; /* a message that belongs to no field */
	size_t count;		       /* fields (and general) with a message */
};

/* The message for a UPN that another school holds; reveals nothing of that school. */
extern const char PUPIL_UPN_ELSEWHERE[];

/* What a person reads for a field ("Unique Pupil Number", ...). */
const char *pupil_field_label(enum pupil_field f);

/* Checks in and writes the values into p (in's texts must not point into p;
 * all other members of p are left as
 * they are: id, establishment, archived, version). today: the server's date.
 * Returns true when no field has an error; err says which and why. */
bool pupil_input_check(const struct pupil_input *in, struct date today, struct pupil *p,
		       struct pupil_errors *err);

/* Adds p (p->id 0) or saves it (p->id, p->version as read) at establishment e,
 * after pupil_input_check. A UPN held by a pupil of another school sets
 * err->upn_elsewhere and the UPN message; one of this school sets the UPN
 * message; a stale version sets err->conflict. ERR_OK when saved (p->id and
 * p->version updated); ERR_INVALID or ERR_CONFLICT with err filled; ERR_IO
 * otherwise. Nothing is saved unless ERR_OK. */
enum err pupil_save(struct store_conn *c, const struct actor *who, const struct establishment *e,
		    struct pupil *p, struct pupil_errors *err);

/* A new record with the defaults: no year override (YEAR_NONE), no SEN,
 * included in data. */
void pupil_defaults(struct pupil *p, int64_t establishment_id);

/* The year group of p in academic year ay: the override when set, else from the
 * date of birth (YEAR_NONE when neither). */
int pupil_year_group(const struct pupil *p, int academic_year);

#endif
