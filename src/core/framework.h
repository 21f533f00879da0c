/*
 * framework: the EYFS framework (2021) as data: 7 areas of learning, 17 areas of
 * development / early learning goals (E01-E17) and the two judgement scales.
 * Short labels (LAU, SP, ...) are the initials of an ELG's main words, for narrow
 * grid headers with the full name for screen readers; word reading is WR so that
 * writing can be W.
 */
#ifndef PT_CORE_FRAMEWORK_H
#define PT_CORE_FRAMEWORK_H

#include <stdbool.h>

enum area {
	AREA_COM, /* Communication and Language */
	AREA_PSE, /* Personal, Social and Emotional Development */
	AREA_PHY, /* Physical Development */
	AREA_LIT, /* Literacy */
	AREA_MAT, /* Mathematics */
	AREA_UTW, /* Understanding the World */
	AREA_EXP, /* Expressive Arts and Design */
	AREA__MAX
};

/* The 17 areas of development, in framework (and CTF) order. */
enum elg {
	ELG_E01,
	ELG_E02,
	ELG_E03,
	ELG_E04,
	ELG_E05,
	ELG_E06,
	ELG_E07,
	ELG_E08,
	ELG_E09,
	ELG_E10,
	ELG_E11,
	ELG_E12,
	ELG_E13,
	ELG_E14,
	ELG_E15,
	ELG_E16,
	ELG_E17,
	ELG__MAX
};

enum { ELG_GLD_COUNT = 12 }; /* E01-E12 make up the good level of development */

struct area_info {
	const char *code; /* NPD/CTF subject code: "COM" */
	const char *name; /* "Communication and Language" */
	bool prime;	  /* prime area (COM, PSE, PHY) or specific */
};

struct elg_info {
	const char *code;	 /* CTF component: "E01" */
	const char *name;	 /* "Listening, Attention and Understanding" */
	const char *short_label; /* "LAU": grid header */
	enum area area;		 /* area of learning it belongs to */
	bool prime;		 /* in a prime area */
	bool in_gld;		 /* counts towards GLD (E01-E12) */
};

/* Never NULL for a value below __MAX; BUG() otherwise. */
const struct area_info *area_get(enum area a);
const struct elg_info *elg_get(enum elg e);
/* Exact, case-sensitive codes as CTF writes them ("COM", "E01"). */
bool area_parse(const char *code, enum area *out);
bool elg_parse(const char *code, enum elg *out);
/* By short label ("LAU"), ignoring case. */
bool elg_parse_short(const char *label, enum elg *out);

/* The two judgement scales. Index 0 of each is blank (not yet judged). */
enum scale_kind {
	SCALE_TRACKING, /* termly tracking: blank, Below, On track */
	SCALE_ELG,	/* end-of-year ELG: blank, Emerging, Expected, Absent */
	SCALE__MAX
};

enum track_result { TRACK_BLANK, TRACK_BELOW, TRACK_ON_TRACK, TRACK__MAX };
enum elg_result { ELG_BLANK, ELG_EMERGING, ELG_EXPECTED, ELG_ABSENT, ELG_RESULT__MAX };

struct scale_value {
	const char *label; /* "Expected"; "" for blank */
	char key;	   /* the letter a keyboard user types: 'X'; ' ' for blank */
	const char *ctf;   /* CTF result code: "2"; NULL when the value is not sent */
};

struct scale {
	const char *name;		  /* "End of year early learning goals" */
	int count;			  /* values, blank included */
	const struct scale_value *values; /* indexed by enum track_result / elg_result */
};

/* Never NULL for a kind below SCALE__MAX; BUG() otherwise. */
const struct scale *scale_get(enum scale_kind k);
/* Parses what a person types or a file holds for scale k: the label ("on
 * track", any case), the key letter (any case) or, for ELGs, the CTF code
 * ("1", "2", "A"). "" and all-space text parse as blank (0). Returns the value
 * index, or -1 when not recognised. */
int scale_parse(enum scale_kind k, const char *s);

/* Shorthands for the ELG scale. Labels "", "Emerging", "Expected", "Absent". */
const char *elg_result_label(enum elg_result r);
/* CTF codes "1", "2", "A"; NULL for blank. */
const char *elg_result_ctf(enum elg_result r);
/* Strict CTF parse: exactly "1", "2" or "A". */
bool elg_result_from_ctf(const char *s, enum elg_result *out);
/* Lenient parse for people and spreadsheets: see scale_parse. */
bool elg_result_parse(const char *s, enum elg_result *out);
/* Labels "", "Below", "On track". */
const char *track_result_label(enum track_result r);
bool track_result_parse(const char *s, enum track_result *out);

#endif
