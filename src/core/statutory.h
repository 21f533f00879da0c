/*
 * statutory: the one rule engine for statutory returns (EYFS profile, phonics,
 * KS1, KS2 teacher assessment). A collection-neutral model of a return (a CTF's
 * header and pupils with their results) and the rules every entry point calls:
 * CTF import and check, export, entry screens and uploads. Driven by the code
 * table (core/codes.h); each rule has a stable code and a severity.
 */
#ifndef PT_CORE_STATUTORY_H
#define PT_CORE_STATUTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "core/codes.h"
#include "core/model.h"
#include "core/problem.h"

enum collection { COLL_EYFSP, COLL_PHONICS, COLL_KS1, COLL_KS2, COLL__MAX };

enum {
	PHONICS_THRESHOLD = 32, /* a mark of 32 or more meets the expected standard (since 2012) */
	STAT_CODE_MAX = 8,	/* bytes with NUL of a CTF code field ("FSP", "E01", "PM") */
	STAT_VALUE_MAX = 16,	/* bytes with NUL of a Result, Year, Locale, ResultStatus */
	STAT_HDR_MAX = 128,	/* bytes with NUL of header texts (school name, supplier) */
	STAT_UPN_MAX = 24	/* bytes with NUL of a UPN as written (longer ones are cut) */
};

/* "eyfsp", "phonics", "ks1", "ks2": the collection column of the code table. */
const char *collection_code(enum collection c);
/* What a person reads: "EYFS profile", "phonics screening check", "KS1", "KS2 TA". */
const char *collection_label(enum collection c);
/* Parses the code ("eyfsp", also "fsp", "eyfs"), any case. */
bool collection_parse(const char *s, enum collection *out);

/* Where an item came from in a text file; line 0 when it was not read from one. */
struct stat_pos {
	uint32_t line; /* from 1 */
	uint32_t col;  /* from 1; 0 when not known */
};

/* A text field of the header with its place. */
struct stat_field {
	char text[STAT_HDR_MAX]; /* as written, surrounding spaces removed; "" when absent */
	bool present;		 /* the element was there (possibly empty) */
	struct stat_pos pos;	 /* of the element */
};

struct stat_header {
	struct stat_field document_name;      /* "Common Transfer File" */
	struct stat_field ctf_version;	      /* "25.0" */
	struct stat_field date_time;	      /* "2026-06-19T10:15:00" */
	struct stat_field document_qualifier; /* "partial" or "full" */
	struct stat_field supplier_id;	      /* free text */
	struct stat_field source_lea;	      /* 3 digits */
	struct stat_field source_estab;	      /* 4 digits */
	struct stat_field source_urn;	      /* 6 digits, optional */
	struct stat_field school_name;	      /* sending school's name */
	struct stat_field academic_year;      /* 4-digit start year */
	struct stat_field dest_lea;	      /* 3 digits, XXX or MMM */
	struct stat_field dest_estab;	      /* 4 digits, LLLL, XXXX or MMMM */
	struct stat_field dest_urn;	      /* 6 digits, optional */
	struct stat_pos pos;		      /* of the Header element; line 0 when missing */
};

/* One StageAssessment. */
struct stat_result {
	char stage[STAT_CODE_MAX];     /* "FSP", "KS1", "KS2" */
	char subject[STAT_CODE_MAX];   /* "COM", "ENG" */
	char method[STAT_CODE_MAX];    /* "TA", "TT" */
	char component[STAT_CODE_MAX]; /* "E01", "PSC", "WR" */
	char qualifier[STAT_CODE_MAX]; /* ResultQualifier: "EL", "PM", "PO", "TA" */
	char locale[STAT_CODE_MAX];    /* "ENG" */
	char status[STAT_CODE_MAX];    /* ResultStatus: "R" */
	char year[STAT_VALUE_MAX];     /* calendar year of the assessment: "2026" */
	char result[STAT_VALUE_MAX];   /* "2", "32", "Wa", "EXS" */
	bool too_long;		       /* some field did not fit and was cut */
	struct stat_pos pos;	       /* of the Result element (StageAssessment when none) */
};

/* Where a pupil's result of a component goes when the source has a place for
 * each (a results spreadsheet's columns), so that a missing result is located
 * there rather than at the pupil. */
struct stat_slot {
	char component[STAT_CODE_MAX]; /* CTF Component: "WR", "SC" */
	struct stat_pos pos;	       /* the place (a spreadsheet cell as line = row) */
};

struct stat_pupil {
	char upn[STAT_UPN_MAX];		    /* as written */
	char surname[PERSON_NAME_MAX + 1];  /* legal surname */
	char forename[PERSON_NAME_MAX + 1]; /* forename */
	char dob[STAT_VALUE_MAX];	    /* "YYYY-MM-DD" as written */
	char gender[STAT_CODE_MAX];	    /* "M" / "F" as written (Sex or Gender) */
	char ncyear[STAT_CODE_MAX];	    /* NCyearActual: "R", "1"; "" when absent */
	char ethnicity[STAT_CODE_MAX];	    /* BasicDetails/Ethnicity; "" when absent */
	char postcode[STAT_VALUE_MAX];	    /* Address/PostCode as written; "" when absent */
	/* where the Pupil element and its UPN, Surname, Forename, DOB, Sex,
	 * NCyearActual, Ethnicity and PostCode elements are */
	struct stat_pos pos, upn_pos, name_pos, forename_pos, dob_pos, gender_pos, ncyear_pos;
	struct stat_pos ethnicity_pos, postcode_pos;
	bool names_too_long;	       /* a name did not fit and was cut */
	struct stat_result *results;   /* owned; nresults used */
	size_t nresults, alloc;	       /* results used and allocated */
	const struct stat_slot *slots; /* not owned; NULL for a CTF (no place for a
					  result that is not there) */
	size_t nslots;		       /* in slots */
};

/* The whole return: what a CTF holds and what an export writes. */
struct stat_return {
	char source[PROBLEM_LOC_MAX]; /* file name for locations ("" = none) */
	struct stat_header header;    /* sender, destination, year, version */
	struct stat_pupil *pupils;    /* owned; npupils used */
	size_t npupils, alloc;	      /* pupils used and allocated */
};

void stat_return_init(struct stat_return *r);
void stat_return_release(struct stat_return *r);
/* Appends a zeroed pupil and returns it (valid until the next append). */
struct stat_pupil *stat_return_add_pupil(struct stat_return *r);
/* Appends a zeroed result to p and returns it (valid until the next append). */
struct stat_result *stat_pupil_add_result(struct stat_pupil *p);
/* Sets a header field (text trimmed and cut to fit; present true). */
void stat_field_set(struct stat_field *f, const char *text);
/* Copies src into dst[size], trimmed of surrounding white space; false if it was cut. */
bool stat_copy(char *dst, size_t size, const char *src);

/* The code-table row for a result (by stage, component and result qualifier),
 * or NULL when the result is not one pupiltrack checks. */
const struct code_row *stat_result_row(const struct codes *codes, const struct stat_result *res);
/* The collection of a row, or false for rows of other collections ("mtc"). */
bool stat_row_collection(const struct code_row *row, enum collection *out);

/* Phonics outcome for a mark: "Wa" (32 or more), "Wt" (0-31), NULL when the mark
 * is not a whole number 0-40 (a code such as A has no outcome). */
const char *phonics_outcome(const char *mark);

/* What the caller knows of a pupil's Year 1 phonics check, for the Year 2 rule. */
enum phonics_y1 {
	PHONICS_Y1_UNKNOWN,	/* no record: treated as not checked */
	PHONICS_Y1_MET,		/* met the standard in Year 1 */
	PHONICS_Y1_NOT_MET,	/* took it and did not meet it */
	PHONICS_Y1_NOT_CHECKED, /* absent, disapplied, ... in Year 1 */
	PHONICS_Y1__MAX
};

/* What other schools' returns hold of a pupil's EYFS profile (the same
 * academic year), for EYFSP_SPLIT. */
struct stat_elsewhere {
	uint32_t elgs;			/* bit e set: ELG e (enum elg) is held there */
	char school[NAME_MAX_LEN + 16]; /* the school holding them as a message names
					   it, "888/5678 Juniper Row Primary" (the
					   first of them when several do) */
};

struct stat_options {
	/* The establishment sending (7-digit LAESTAB, e.g. 8881234), 0 = do not check. */
	int school_laestab;
	/* Today (dates of birth in the future, a file dated later); year 0 = the
	 * file's own date, else not checked. */
	struct date today;
	/* Year 1 phonics history of a pupil from the database; NULL = only what the
	 * return itself holds. */
	enum phonics_y1 (*phonics_y1)(void *ctx, const char *upn);
	void *phonics_ctx; /* passed to phonics_y1 */
	/* The EYFS profile results another school's return holds for the pupil
	 * with upn: true with *out filled when there are any; NULL = not known
	 * (a file checked on its own). */
	bool (*eyfsp_elsewhere)(void *ctx, const char *upn, struct stat_elsewhere *out);
	void *eyfsp_ctx; /* passed to eyfsp_elsewhere */
};

/*
 * The rules, each with its code (E = error, Q = query):
 *  header: HDR_MISSING E (no Header), HDR_DOCNAME E, HDR_VERSION_FMT E (not
 *   "NN.0"), HDR_VERSION Q (not the academic year's or the one before),
 *   HDR_YEAR E, HDR_DATETIME E, HDR_SOURCE E (not a LAESTAB), HDR_SCHOOL E (not
 *   the establishment sending), HDR_DEST E, HDR_URN E;
 *  pupil: UPN_* E (validate_upn), UPN_TEMPORARY Q, UPN_DUPLICATE E, NAME_* (validate_name),
 *   DOB_EMPTY/DOB_INVALID/DOB_FUTURE/DOB_OLD E, DOB_COHORT Q (age not that of the
 *   collection's year group), GENDER_CODE E, GENDER_MISSING Q, NAME_LONG E,
 *   NCYEAR_CODE E (NCyearActual not a year group);
 *  results: RESULT_EMPTY/RANGE/CASE/CODE E (validate_result), RESULT_CODING E
 *   (Subject or Method not the code table's), RESULT_QUAL E (a known
 *   component with an unknown ResultQualifier), RESULT_DUP E, VALUE_LONG E (a
 *   field longer than any code);
 *  EYFSP: EYFSP_MISSING E, EYFSP_ABSENT E ("A means all A"), EYFSP_SPLIT Q
 *   (another school's return holds some of the child's ELGs of the year,
 *   opt->eyfsp_elsewhere: the two schools agree which one returns the profile;
 *   which one does depends on when the child moved, which pupiltrack does not
 *   know; the ELGs held there are not EYFSP_MISSING here);
 *  phonics: PHONICS_OUTCOME E (outcome not the one the mark gives),
 *   PHONICS_NO_MARK E (outcome without a mark), PHONICS_Y2_MET E (a Year 2 check
 *   for a pupil who met the standard in Year 1; a pupil outside Year 1 and 2
 *   is a DOB_COHORT query);
 *  KS2: KS2_MISSING E (writing and science TA are needed for every pupil),
 *   KS2_TESTED E (a reading or maths TA at the test standard: only pupils working
 *   below the test have one);
 *  KS1: KS1_MISSING E (a pupil with KS1 results needs one in every KS1 subject
 *   of the code table; a whole-return rule that holds back submit, not save).
 * Problems are located "SOURCE:LINE:COL" from the positions in the model; items
 * without a position are located "pupil UPN / what". A missing result
 * (KS1_MISSING, KS2_MISSING) is located at the pupil's slot for its component
 * when p->slots has one, else at the pupil's UPN.
 */

/* Header rules. */
bool statutory_check_header(const struct stat_return *r, const struct stat_options *opt,
			    struct problem_list *out);
/* Rules of one pupil and its results (everything but duplicates across pupils). */
bool statutory_check_pupil(const struct stat_return *r, const struct stat_pupil *p,
			   const struct codes *codes, const struct stat_options *opt,
			   struct problem_list *out);
/* UPN_DUPLICATE over all pupils: the second and later pupils with a UPN, in
 * their order in the return. */
bool statutory_check_duplicates(const struct stat_return *r, struct problem_list *out);
/* All of the above, through the stream form below (one engine): the header,
 * each pupil with its UPN_DUPLICATE, HDR_MISSING last. Returns true when no
 * error was added (queries allowed). */
bool statutory_check(const struct stat_return *r, const struct codes *codes,
		     const struct stat_options *opt, struct problem_list *out);

/* The UPNs seen so far, for UPN_DUPLICATE without keeping the pupils: an open
 * hash set of offsets into one byte array holding, per distinct UPN, the line
 * of its first pupil and that pupil's UPN, forename and surname (names cut to
 * the 60 bytes the message shows); about 40 bytes a pupil. */
struct stat_upn_set {
	uint32_t *slots;    /* 0 = empty, else 1 + offset of an entry in bytes */
	size_t nslots;	    /* a power of two, or 0 */
	size_t count;	    /* distinct UPNs */
	char *bytes;	    /* entries: uint32 line, then upn, forename, surname NUL-ended */
	size_t used, alloc; /* bytes used and allocated */
};

/* The rule engine fed one pupil at a time (a CTF as it is read): the same rules
 * as statutory_check, holding only the UPN set. Use: begin, header (when the
 * file has one), pupil for each pupil, end, release. */
struct stat_stream_check {
	const struct codes *codes;
	const struct stat_options *opt; /* may be NULL */
	struct problem_list *out;
	struct stat_upn_set upns;
	bool header_seen;     /* statutory_stream_header was called */
	size_t errors_before; /* errors in out at begin */
	size_t npupils;	      /* pupils checked */
};
void statutory_stream_begin(struct stat_stream_check *s, const struct codes *codes,
			    const struct stat_options *opt, struct problem_list *out);
/* The header rules (r->header; r->source names the file in locations). */
void statutory_stream_header(struct stat_stream_check *s, const struct stat_return *r);
/* The pupil rules of p (r gives the header and source; its pupils are not
 * used) and UPN_DUPLICATE when an earlier pupil had p's UPN. */
void statutory_stream_pupil(struct stat_stream_check *s, const struct stat_return *r,
			    const struct stat_pupil *p);
/* HDR_MISSING when no header came. True when no error was added since begin. */
bool statutory_stream_end(struct stat_stream_check *s, const struct stat_return *r);
/* Frees the UPN set; s may be released without end. */
void statutory_stream_release(struct stat_stream_check *s);

/* The results every pupil in a return of coll needs, for a message: "KS2 writing
 * and KS2 science" (the required KS2 subjects), every KS1 subject, or the first
 * row of another collection ("Phonics screening check mark"); labels from the
 * code table. "" when it has no row. Returns buf. */
char *stat_needed_list(const struct codes *codes, enum collection coll, char *buf, size_t size);

/* The location text of a position in r (see problem_loc_text), or when pos has
 * no line "pupil UPN / what" (p may be NULL: what alone). Returns buf. */
char *stat_loc(char buf[static PROBLEM_LOC_MAX], const struct stat_return *r,
	       const struct stat_pupil *p, struct stat_pos pos, const char *what);

/* The header's academic year (4-digit start year), or 0 when it is not one. */
int stat_academic_year(const struct stat_return *r);
/* xs:dateTime "YYYY-MM-DDThh:mm:ss" (optional fraction and zone); *out gets the day. */
bool stat_datetime_parse(const char *s, struct date *out);

/* The pupil's year group for the return: NCyearActual when given, else from the
 * date of birth in the header's academic year; YEAR_NONE when neither is known. */
int stat_pupil_year(const struct stat_return *r, const struct stat_pupil *p);
/* Who a message of the pupil's results is about, as the rule engine names
 * them: "Jo Bloggs (UPN A123...)", "the pupil" when the return names none.
 * Returns buf. */
char *stat_pupil_who(const struct stat_pupil *p, char *buf, size_t size);
/* True when the pupil has a result of collection c. */
bool stat_pupil_has(const struct stat_pupil *p, const struct codes *codes, enum collection c);

#endif
