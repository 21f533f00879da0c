/*
 * calendar: the school calendar. Academic years run 1 September to 31 August and
 * are named by their start year (2025 = "2025/26"); the national curriculum year
 * group follows from the date of birth; summer-born children; the CTF version of
 * an academic year. Rules from reference/ctf-and-statutory-codes.md sections 1, 6.
 */
#ifndef PT_CORE_CALENDAR_H
#define PT_CORE_CALENDAR_H

#include <stdbool.h>

#include "base/date.h"

/* Year groups are plain ints: Reception is 0, Year 1..Year 6 are 1..6, nursery
 * N2 (the year before Reception) is -1 and N1 is -2. Older (7, 8, ...) and
 * younger (-3, ...) values are representable so an out-of-cohort pupil is
 * still described rather than lost. YEAR_NONE means "no year group": an unset
 * year override or an invalid date of birth. Beware: 0 is Reception, so a
 * zero-filled struct pupil has a year override of Reception, not none. */
enum {
	YEAR_NONE = -99,
	YEAR_N1 = -2,
	YEAR_N2 = -1,
	YEAR_R = 0,
	YEAR_6 = 6,
	YEAR_LAST = 14,		     /* oldest year group year_parse accepts (CTF goes to 14) */
	YEAR_LABEL_MAX = 16,	     /* bytes for year_label() */
	ACADEMIC_YEAR_LABEL_MAX = 8, /* bytes for academic_year_label(): "2025/26" */
	CTF_VERSION_MAX = 8	     /* bytes for ctf_version_format(): "25.0" */
};

/* The academic year a date falls in: its start year. 1 September is the boundary
 * (as DfE's own MTC and GIAP services do; some MIS switch on 1 August, so on
 * import both the current and the previous CTF version are accepted). */
int academic_year_of(struct date d);
/* First (1 September) and last (31 August) day of academic year y. */
struct date academic_year_start(int y);
struct date academic_year_end(int y);
/* "2025/26" for 2025. Returns buf. */
char *academic_year_label(int y, char buf[static ACADEMIC_YEAR_LABEL_MAX]);
/* Parses "2025/26", "2025-26", "2025/2026" or "2025" (years 1900..9998); the two
 * parts must be consecutive years. False when malformed. */
bool academic_year_parse(const char *s, int *out);

/* The age-appropriate national curriculum year group in academic year y of a
 * child born on dob: y - c - 5, where c is the academic year of birth. Reception
 * (0) is the year in which the child turns 5. YEAR_NONE when dob is invalid. */
int year_group_of(struct date dob, int academic_year);
/* Whole years of age on the given day: a child is 5 from their 5th birthday
 * (someone born on 29 February from 1 March in other years). */
int age_on(struct date dob, struct date on);
/* Born 1 April to 31 August inclusive: the youngest in their year group. */
bool summer_born(struct date dob);

/* What a person reads: "N1", "N2", "R", "Y1".."Y6", "Year 7".."Year 14" and
 * beyond, "Pre-nursery" below N1, "" for YEAR_NONE. Returns buf. */
char *year_label(int yg, char buf[static YEAR_LABEL_MAX]);
/* The CTF NCyearActual value: "N1", "N2", "R", "1".."14"; "" for YEAR_NONE and
 * anything outside N1..14. Returns buf. */
char *year_ctf_code(int yg, char buf[static YEAR_LABEL_MAX]);
/* Parses, ignoring case and surrounding spaces: "N1", "N2", "R", "Reception",
 * "Y1".."Y14", "Year 1".."Year 14", "1".."14" (CTF NCyearActual), "Nursery 1",
 * "Nursery 2". False for anything else, including "" (use YEAR_NONE). */
bool year_parse(const char *s, int *out);
/* True for N1..Y6, the year groups a primary school teaches. */
bool year_is_primary(int yg);

/* CTFversion for an academic year: "25.0" for 2025 (last two digits of the start
 * year). Returns buf. */
char *ctf_version_format(int academic_year, char buf[static CTF_VERSION_MAX]);
/* Parses "NN.0" (NN two digits, taken as 20NN) into an academic year. */
bool ctf_version_parse(const char *s, int *academic_year);

enum ctf_version_status {
	CTF_VERSION_CURRENT,   /* the version of the academic year */
	CTF_VERSION_PREVIOUS,  /* the year before: accepted on import */
	CTF_VERSION_OTHER,     /* well-formed but older or newer: reject */
	CTF_VERSION_MALFORMED, /* not "NN.0" */
	CTF_VERSION__MAX
};
/* How a file's CTFversion relates to academic year y. */
enum ctf_version_status ctf_version_check(const char *s, int academic_year);

#endif
