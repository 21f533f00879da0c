/*
 * upn: the Unique Pupil Number. 13 characters: check letter, LA number (3 digits),
 * establishment (4), academic year of allocation (2), serial (3), or for a
 * temporary UPN a 2-digit serial and a letter. The check letter is computed from
 * characters 2-13 (reference/ctf-and-statutory-codes.md section 5).
 */
#ifndef PT_CORE_UPN_H
#define PT_CORE_UPN_H

#include <stdbool.h>
#include <stddef.h>

enum { UPN_LEN = 13 };

/* Why a UPN is not valid; UPN_OK when it is. */
enum upn_fault {
	UPN_OK,
	UPN_EMPTY,    /* nothing given */
	UPN_LENGTH,   /* not 13 characters */
	UPN_CHAR,     /* a character that cannot stand in its position (r->position) */
	UPN_LETTER13, /* I, O or S at position 13 (never used in UPNs) */
	UPN_CHECK,    /* the check letter does not match (r->expected) */
	UPN_LA,	      /* LA number 000 */
	UPN_FAULT__MAX
};

struct upn_report {
	enum upn_fault fault; /* UPN_OK or the first fault found */
	int position;	      /* 1-based character position for UPN_CHAR/UPN_LETTER13, else 0 */
	char expected;	      /* for UPN_CHECK: the check letter the UPN should start with */
	char message[256]; /* a sentence naming the UPN, what is wrong and what to do; "" when OK */
};

/* The check letter for characters 2-13. s is either the 12 characters 2-13, or a
 * whole 13-character UPN whose first character is ignored. Returns false (and
 * leaves *out alone) when s has another length, when characters 2-12 are not
 * digits or when character 13 is neither a digit nor a letter of the UPN
 * alphabet ABCDEFGHJKLMNPQRTUVWXYZ. */
bool upn_check_letter(const char *s, char *out);

/* Checks a UPN exactly as given: upper-case letters only, no spaces (use
 * upn_normalise first for typed or imported text). Checks, in order: empty,
 * length 13 (counted in characters), a letter of the UPN alphabet first, digits
 * in 2-12, a digit or UPN-alphabet letter at 13, the check letter, and LA number
 * not 000. Fills r (may be NULL) and returns the fault. */
enum upn_fault upn_validate(const char *s, struct upn_report *r);
/* True when upn_validate would return UPN_OK. */
bool upn_valid(const char *s);

/* Lower-case letters are accepted from people and files: a UPN has only one
 * reading, so "b801200005001" means B801200005001. This copies s into out[size]
 * without leading/trailing spaces and tabs and with ASCII a-z upper-cased.
 * Returns false when the result did not fit (out is then truncated but still
 * terminated). Validate the result with upn_validate. */
bool upn_normalise(const char *s, char *out, size_t size);

/* True when s is 13 characters long and ends in a UPN-alphabet letter: a
 * temporary UPN. Says nothing about the rest; call upn_validate for that. */
bool upn_is_temporary(const char *s);

/* Builds the permanent UPN for LA la (1..999), establishment estab (0..9999),
 * year of allocation (its last two digits are used) and serial (0..999) into
 * out. Returns false when a number is out of range. */
bool upn_make(int la, int estab, int year, int serial, char out[static UPN_LEN + 1]);

/* Stable problem code for a fault: "UPN_EMPTY", "UPN_LENGTH", "UPN_CHAR",
 * "UPN_LETTER13", "UPN_CHECK", "UPN_LA"; "" for UPN_OK. */
const char *upn_fault_code(enum upn_fault f);

#endif
