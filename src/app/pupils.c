/*
 * pupils: checking and saving one pupil record (see pupils.h). The field rules
 * are core/validate.c's; this file maps their problems onto the form's fields and
 * adds what needs the database: the national UPN check and the version check.
 */
#include "app/pupils.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/validate.h"

const char PUPIL_UPN_ELSEWHERE[] =
	"This UPN belongs to a pupil at another school. Ask for a transfer.";

static const char *const labels[PUPIL_F__MAX] = {
	[PUPIL_F_UPN] = "Unique Pupil Number",
	[PUPIL_F_SURNAME] = "Surname",
	[PUPIL_F_FORENAMES] = "Forenames",
	[PUPIL_F_DOB] = "Date of birth",
	[PUPIL_F_CLASS] = "Class",
	[PUPIL_F_YEAR] = "Year override",
	[PUPIL_F_GENDER] = "Gender",
	[PUPIL_F_POSTCODE] = "Postcode",
	[PUPIL_F_ETHNICITY] = "Ethnicity",
	[PUPIL_F_SEN] = "Special educational needs",
	[PUPIL_F_SEN_NOTES] = "Special educational needs notes",
};

const char *pupil_field_label(enum pupil_field f)
{
	return (unsigned)f < PUPIL_F__MAX ? labels[f] : "";
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

static void field_set(struct pupil_errors *err, enum pupil_field f, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Keeps the first message of a field, with a capital first letter. */
static void field_set(struct pupil_errors *err, enum pupil_field f, const char *fmt, ...)
{
	va_list ap;
	char *m = err->field[f];

	if (m[0])
		return;
	va_start(ap, fmt);
	vsnprintf(m, PROBLEM_MSG_MAX, fmt, ap);
	va_end(ap);
	if (m[0] >= 'a' && m[0] <= 'z')
		m[0] = (char)(m[0] - 'a' + 'A');
	err->count++;
}

/* Moves the errors of pl (located by field index as text) into err. */
static void take_errors(struct problem_list *pl, enum pupil_field f, struct pupil_errors *err)
{
	for (size_t i = 0; i < pl->count; i++)
		if (pl->items[i].severity == SEV_ERROR)
			field_set(err, f, "%s", pl->items[i].message);
	problem_list_release(pl);
}

bool pupil_input_check(const struct pupil_input *in, struct date today, struct pupil *p,
		       struct pupil_errors *err)
{
	struct problem_list pl;
	const char *loc = "";
	char upn[UPN_LEN + 1];
	int yg = YEAR_NONE;

	memset(err, 0, sizeof(*err));
	problem_list_init(&pl);

	validate_upn_text(nz(in->upn), loc, upn, &pl);
	snprintf(p->upn, sizeof(p->upn), "%s", upn);
	take_errors(&pl, PUPIL_F_UPN, err);

	if (validate_name(nz(in->surname), "surname", loc, &pl))
		snprintf(p->surname, sizeof(p->surname), "%s", nz(in->surname));
	take_errors(&pl, PUPIL_F_SURNAME, err);
	if (validate_name(nz(in->forenames), "forenames", loc, &pl))
		snprintf(p->forenames, sizeof(p->forenames), "%s", nz(in->forenames));
	take_errors(&pl, PUPIL_F_FORENAMES, err);

	memset(&p->dob, 0, sizeof(p->dob));
	validate_dob_text(nz(in->dob), today, loc, &p->dob, &pl);
	take_errors(&pl, PUPIL_F_DOB, err);

	if (validate_class_no(in->class_no, loc, &pl))
		p->class_no = in->class_no;
	take_errors(&pl, PUPIL_F_CLASS, err);

	if (nz(in->year_override)[0] && !year_parse(in->year_override, &yg))
		field_set(err, PUPIL_F_YEAR,
			  "Year override %.20s is not a year group; choose one from the list or "
			  "\"None\"",
			  in->year_override);
	else if (validate_year_override(yg, p->dob, today, loc, &pl))
		p->year_override = yg;
	take_errors(&pl, PUPIL_F_YEAR, err);

	if (!nz(in->gender)[0])
		p->gender = GENDER_UNKNOWN;
	else if (validate_gender_text(in->gender, loc, &p->gender, &pl) == false)
		p->gender = GENDER_UNKNOWN;
	take_errors(&pl, PUPIL_F_GENDER, err);

	validate_postcode_text(nz(in->postcode), loc, p->postcode, &pl);
	take_errors(&pl, PUPIL_F_POSTCODE, err);
	validate_ethnicity_text(nz(in->ethnicity), loc, p->ethnicity, &pl);
	take_errors(&pl, PUPIL_F_ETHNICITY, err);
	if (!validate_sen_text(nz(in->sen), loc, &p->sen, &pl))
		p->sen = 'N';
	take_errors(&pl, PUPIL_F_SEN, err);

	if (strlen(nz(in->sen_notes)) > NOTE_MAX_LEN)
		field_set(err, PUPIL_F_SEN_NOTES,
			  "The notes are too long: at most %d characters (fewer with accented "
			  "letters or symbols, which take more room); shorten them",
			  NOTE_MAX_LEN);
	else
		snprintf(p->sen_notes, sizeof(p->sen_notes), "%s", nz(in->sen_notes));

	p->disadvantaged = in->disadvantaged;
	p->eal = in->eal;
	p->pupil_premium = in->pupil_premium;
	p->fsm = in->fsm;
	for (int i = 0; i < CUSTOM_COUNT; i++)
		p->custom[i] = in->custom[i];
	p->include_in_data = in->include_in_data;
	return err->count == 0;
}

/* Who holds p's UPN already (other than p itself): sets the UPN message. */
static bool upn_taken(struct store_conn *c, const struct pupil *p, struct pupil_errors *err,
		      enum err *e)
{
	struct pupil other;

	*e = store_pupil_get_by_upn(c, p->upn, &other);
	if (*e == ERR_NOT_FOUND) {
		*e = ERR_OK;
		return false;
	}
	if (*e)
		return false;
	if (other.id == p->id)
		return false;
	if (other.establishment_id != p->establishment_id) {
		err->upn_elsewhere = true;
		field_set(err, PUPIL_F_UPN, "%s", PUPIL_UPN_ELSEWHERE);
	} else if (other.archived) {
		field_set(err, PUPIL_F_UPN,
			  "This UPN belongs to an archived pupil of your school. Ask the local "
			  "authority's support team to restore the record rather than adding it "
			  "again.");
	} else {
		field_set(err, PUPIL_F_UPN,
			  "This UPN belongs to %s, %s, who is already on your roll. Edit that "
			  "record instead.",
			  other.surname, other.forenames);
	}
	return true;
}

enum err pupil_save(struct store_conn *c, const struct actor *who, const struct establishment *e,
		    struct pupil *p, struct pupil_errors *err)
{
	struct errbuf eb = { "" };
	struct pupil saved = *p;
	enum err rc;

	saved.establishment_id = e->id;
	if (upn_taken(c, &saved, err, &rc))
		return ERR_INVALID;
	if (rc)
		return rc;
	rc = saved.id ? store_pupil_update(c, who, &saved, &eb) :
			store_pupil_add(c, who, &saved, &eb);
	if (rc == ERR_CONFLICT && saved.id) {
		/* The UPN was checked above, so a conflict now is the version (or a
		 * UPN taken in the meantime: ask again and say which). */
		if (!upn_taken(c, &saved, err, &rc)) {
			err->conflict = true;
			snprintf(err->general, sizeof(err->general),
				 "Someone else changed this pupil's record while you were editing "
				 "it. Your changes are not saved: the form now shows the record as "
				 "it is; make your changes again and save.");
			err->count++;
		}
		return ERR_CONFLICT;
	}
	if (rc == ERR_CONFLICT) {
		if (!upn_taken(c, &saved, err, &rc))
			field_set(err, PUPIL_F_UPN, "This UPN is already in use. Check it.");
		return ERR_CONFLICT;
	}
	if (rc == ERR_INVALID) {
		snprintf(err->general, sizeof(err->general),
			 "The record could not be saved: %.300s", eb.msg);
		err->count++;
		return rc;
	}
	if (rc)
		return rc;
	*p = saved;
	return ERR_OK;
}

void pupil_defaults(struct pupil *p, int64_t establishment_id)
{
	memset(p, 0, sizeof(*p));
	p->establishment_id = establishment_id;
	p->year_override = YEAR_NONE;
	p->sen = 'N';
	p->include_in_data = true;
}

int pupil_year_group(const struct pupil *p, int academic_year)
{
	return p->year_override != YEAR_NONE ? p->year_override :
					       year_group_of(p->dob, academic_year);
}
