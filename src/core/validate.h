/*
 * validate: the one rule engine. Every entry point (form, grid cell, CSV row, XLSX
 * cell, CTF element, LA upload) calls these and gets located problems with a
 * message a teacher can act on. Each rule lives in exactly one function below.
 */
#ifndef PT_CORE_VALIDATE_H
#define PT_CORE_VALIDATE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "core/codes.h"
#include "core/framework.h"
#include "core/model.h"
#include "core/problem.h"
#include "core/upn.h"

/* Conventions: loc is the problem location ("file.csv:5:6", "KS1!L3", "pupil
 * T888123425001 / postcode"); every function appends its problems to out and
 * returns true when it added no error (queries do not count). The *_text
 * variants parse what a person or file wrote and hand back the value to store;
 * validate_pupil only composes the field rules. */

enum {
	POSTCODE_MAX = 9,  /* bytes with NUL, as struct pupil.postcode: "SW1A 1AA" */
	ETHNICITY_MAX = 5, /* bytes with NUL, as struct pupil.ethnicity: "WBRI" */
	DOB_MAX_AGE = 20,  /* a date of birth further back than this many years is refused */
	CLASS_NO_MAX = CLASS_COUNT /* class numbers are 1..20, 0 for none */
};

/* UPN exactly as stored (see upn_validate). Codes UPN_EMPTY, UPN_LENGTH,
 * UPN_CHAR, UPN_LETTER13, UPN_CHECK, UPN_LA. */
bool validate_upn(const char *upn, const char *loc, struct problem_list *out);
/* UPN as typed or imported: trimmed and upper-cased (upn_normalise) into upn,
 * then validate_upn. upn holds the normalised text even when it is invalid. */
bool validate_upn_text(const char *text, const char *loc, char upn[static UPN_LEN + 1],
		       struct problem_list *out);

/* A surname or forenames; field is how the message names it ("surname").
 * Errors: NAME_EMPTY (blank), NAME_TEXT (not UTF-8, or tabs, line breaks or
 * other control characters), NAME_LONG (over PERSON_NAME_MAX bytes). Query
 * NAME_CHARS for digits or symbols other than space - ' . , (a likely typing or
 * paste slip, or a spreadsheet formula). */
bool validate_name(const char *name, const char *field, const char *loc, struct problem_list *out);

/* Date of birth against today: DOB_INVALID (not a real date), DOB_FUTURE (after
 * today), DOB_OLD (more than DOB_MAX_AGE years before today). */
bool validate_dob(struct date dob, struct date today, const char *loc, struct problem_list *out);
/* Date of birth as written: dd/mm/yyyy (also d/m/yyyy) or ISO yyyy-mm-dd;
 * DOB_EMPTY when blank, DOB_INVALID with the reason otherwise ("invalid date
 * 31/02/2021: February 2021 has 28 days"); then validate_dob. *dob is set when
 * the text is a real date. */
bool validate_dob_text(const char *text, struct date today, const char *loc, struct date *dob,
		       struct problem_list *out);

/* GENDER_UNKNOWN is a query (GENDER_MISSING): DfE returns need M or F. */
bool validate_gender(enum gender g, const char *loc, struct problem_list *out);
/* "M", "F", "Male", "Female" (any case); blank is GENDER_UNKNOWN and the query
 * above; anything else is the error GENDER_CODE. */
bool validate_gender_text(const char *text, const char *loc, enum gender *g,
			  struct problem_list *out);

/* UK postcode shape, ignoring case and spaces: outward code A9, A99, AA9, AA99,
 * A9A or AA9A, then inward code 9AA (e.g. "PR1 0LD", "SW1A 1AA"), plus the
 * special "GIR 0AA". Only the shape is checked, not that the postcode exists;
 * BFPO numbers are not postcodes. */
bool postcode_shape_ok(const char *s);
/* Writes s upper-cased with exactly one space before the inward code ("pr10ld"
 * -> "PR1 0LD"). False (out = "") when s is not postcode-shaped. */
bool postcode_normalise(const char *s, char out[static POSTCODE_MAX]);
/* POSTCODE_EMPTY (required: the school's own postcode stands in when the child's
 * is not known) and POSTCODE_SHAPE. */
bool validate_postcode(const char *pc, const char *loc, struct problem_list *out);
/* As validate_postcode, then writes the normalised form into pc ("" if invalid). */
bool validate_postcode_text(const char *text, const char *loc, char pc[static POSTCODE_MAX],
			    struct problem_list *out);

/* ETHNIC_EMPTY (required; NOBT when not yet obtained) and ETHNIC_UNKNOWN. Codes
 * are matched ignoring case; see codelist.h. */
bool validate_ethnicity(const char *code, const char *loc, struct problem_list *out);
/* As validate_ethnicity, then writes the canonical code ("weng" -> "WENG") into
 * code ("" when invalid). */
bool validate_ethnicity_text(const char *text, const char *loc, char code[static ETHNICITY_MAX],
			     struct problem_list *out);

/* SEN provision stored as 'N', 'K' or 'E'; SEN_CODE otherwise. */
bool validate_sen(char sen, const char *loc, struct problem_list *out);
/* As written: N/K/E or SEN_N/SEN_K/SEN_E, blank meaning N (sen_parse); SEN_LEGACY
 * for S, A, P, SEN_CODE for anything else. *sen set when valid. */
bool validate_sen_text(const char *text, const char *loc, char *sen, struct problem_list *out);

/* A yes/no field as written: Y, Yes, N or No in any case (blank meaning No when
 * blank_ok, as in the pupil upload template); YES_NO otherwise, naming field.
 * *out set when valid. */
bool validate_yes_no_text(const char *text, const char *field, bool blank_ok, const char *loc,
			  bool *out, struct problem_list *pl);

/* Class number 1..CLASS_NO_MAX or 0 (none); CLASS_RANGE otherwise. */
bool validate_class_no(int class_no, const char *loc, struct problem_list *out);
/* YEAR_NONE, or a year group N1..14 (YEAR_RANGE). Query YEAR_SAME when it equals
 * the year group the date of birth gives in today's academic year: an override
 * is only for a child taught outside their age group. */
bool validate_year_override(int year_override, struct date dob, struct date today, const char *loc,
			    struct problem_list *out);

/* Every field of a pupil record that a person enters: UPN, surname, forenames,
 * date of birth, gender, postcode, ethnicity, SEN, class, year override. Each
 * problem is located "PREFIX / field" (e.g. "pupil T888123425001 / postcode");
 * loc_prefix NULL or "" means "pupil UPN" (or "pupil SURNAME, FORENAMES" when
 * the UPN is blank). today is the server's current date. */
bool validate_pupil(const struct pupil *p, struct date today, const char *loc_prefix,
		    struct problem_list *out);

/* A statutory result against its row (not NULL) of the code table: RESULT_EMPTY,
 * RESULT_RANGE (a whole number outside the range: "Jo Bloggs: Phonics screening
 * check mark 41 is not allowed: enter a whole number in the range 0-40, or A, D,
 * L or Q", the codes from the row), RESULT_CASE ("WA" for "Wa"), RESULT_CODE
 * (anything else). who names the pupil at the start of each message ("Jo
 * Bloggs"); NULL or "" when the location already does. */
bool validate_result(const struct code_row *row, const char *result, const char *who,
		     const char *loc, struct problem_list *out);
/* One child's EYFS profile: results[e] is the text of ELG e, NULL when the
 * return has no such element. Each present result is checked with
 * validate_result against the "eyfsp" rows of codes (located locs[e] when locs
 * and locs[e] are given, else row_loc); then EYFSP_MISSING (not all 17 present,
 * naming the missing ones as "ELG 15 The Natural World" from the code table),
 * EYFSP_ABSENT (some but not all A: an absent child is A throughout) and
 * CODES_NO_ROW (the code table lacks an ELG) at row_loc. who names the child at
 * the start of each message ("Jo Bloggs (UPN T888123425001)"; NULL or "" for
 * none). */
bool validate_eyfsp(const struct codes *codes, const char *const results[static ELG__MAX],
		    const char *const *locs, const char *who, const char *row_loc,
		    struct problem_list *out);
/* validate_eyfsp for a child part of whose profile another school's return
 * holds: an ELG whose bit (1 << e) is set in elsewhere is not EYFSP_MISSING
 * when results lacks it (the caller says where it is). */
bool validate_eyfsp_part(const struct codes *codes, const char *const results[static ELG__MAX],
			 const char *const *locs, const char *who, const char *row_loc,
			 uint32_t elsewhere, struct problem_list *out);

#endif
