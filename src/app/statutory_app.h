/*
 * statutory_app: the use cases of statutory returns (issue 6) on top of the one
 * rule engine (core/statutory.h) and the store (store.h, issue 6): the entry
 * lists of phonics (Year 1 and Year 2 retakes), KS1 and KS2 teacher assessment,
 * saving entered results all or nothing, submitting with the declaration,
 * unlocking by the LA, and the CTF export and import of a school's collection.
 * Every write goes through the rule engine first; the store refuses writes to a
 * submitted collection and audits every change. Access is decided by the route
 * table before these are called.
 */
#ifndef PT_APP_STATUTORY_APP_H
#define PT_APP_STATUTORY_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/statutory.h"
#include "formats/ctf_read.h"
#include "formats/ctf_write.h"
#include "store/store.h"

enum {
	STAT_COLS_MAX = 8,		    /* result columns (components) of one entry screen */
	STAT_IMPORT_MAX = 16 * 1024 * 1024, /* bytes: cap on an uploaded CTF */
	STAT_DIFFERS_MAX = 64		    /* bytes of stat_import_pupil.differs */
};

/* The declaration a school admin makes to submit (issue 6, seed 000 Appendix C). */
extern const char STAT_DECLARATION[];

/* One pupil of an entry list. */
struct stat_entry_row {
	struct pupil p;				    /* the pupil */
	int year_group;				    /* in the academic year */
	bool left;				    /* left the school (archived or moved):
						     * listed because it holds their results,
						     * or archived here this academic year */
	bool eligible;				    /* may have an entry (Year 2: not met in Y1) */
	enum phonics_y1 y1;			    /* phonics: what Year 1 gave */
	char y1_mark[STAT_VALUE_MAX];		    /* phonics Year 2: the Year 1 mark/code */
	char values[STAT_COLS_MAX][STAT_VALUE_MAX]; /* per column; "" = none */
	const char *outcome;			    /* phonics: "Wa", "Wt" or NULL */
	struct problem_list problems;		    /* this pupil's errors and queries */
};

/* An entry screen: one collection, academic year and (phonics) year group. */
struct stat_entry {
	enum collection coll;			    /* phonics, ks1, ks2 */
	int academic_year;			    /* start year */
	int group;				    /* phonics 1 or 2; else the key stage's year */
	const struct code_row *cols[STAT_COLS_MAX]; /* result columns, code-table rows */
	size_t ncols;				    /* used in cols */
	struct stat_entry_row *rows;		    /* owned */
	size_t nrows;				    /* pupils */
	struct stat_submission sub;		    /* submitted / unlocked state */
};

/* One entered value: "" removes a result. */
struct stat_cell {
	int64_t pupil_id;      /* a pupil of the list */
	const char *component; /* a column's component ("PSC", "WR") */
	const char *value;     /* as typed (spaces trimmed) */
};

/* The summary state of a collection for the index. */
struct stat_state {
	enum collection coll;	    /* which */
	size_t results;		    /* results stored */
	size_t errors, queries;	    /* the rule engine's view of them */
	struct stat_submission sub; /* submitted / unlocked */
};

/* Loads the entry list: phonics group 1 or 2 (Year 1, Year 2 retakes), KS1 the
 * Year 2 pupils, KS2 the Year 6 pupils (year groups from the date of birth, or the
 * pupil's override), with their stored results and the rule engine's problems.
 * Pupils who left the school (archived, or moved to another school) are listed,
 * marked left and still editable, when the school holds results of theirs for
 * the collection and year (the school where a pupil took the check or was on
 * roll in test week submits their results, seeds 001 and 003), and when they
 * were archived here during the academic year, so a result (L for left, or a
 * mark from before they went) can still be entered; the others who left are
 * not. Returns, submit and export read this list, so a leaver with results
 * stays in the return, also after it was submitted, and a leaver without one
 * is left out of it without a problem.
 * ERR_INVALID for a collection without an entry screen here or a bad group. */
enum err stat_entry_load(struct app *a, struct store_conn *c, const struct establishment *e,
			 enum collection coll, int academic_year, int group, struct stat_entry *out,
			 struct errbuf *eb);
void stat_entry_release(struct stat_entry *s);

/* Saves cells all or nothing: each changed pupil is checked by the rule engine
 * (completeness rules such as KS2_MISSING wait for the submit); an error refuses
 * the whole save (ERR_INVALID, out's rows carry the messages, nothing stored).
 * ERR_LOCKED (eb: "locked: ask your LA to unlock") when submitted. On success
 * out is reloaded with what is stored now. */
enum err stat_entry_save(struct app *a, struct store_conn *c, const struct actor *who,
			 const struct establishment *e, enum collection coll, int academic_year,
			 int group, const struct stat_cell *cells, size_t ncells,
			 struct stat_entry *out, struct errbuf *eb);

/* Builds the school's whole return of a collection and year from the store
 * (destination its LA), checks it and puts every problem in problems. The EYFS
 * profile: eyfsp_return_build (the tracking grid's ELGs until submitted). */
enum err stat_return_build(struct app *a, struct store_conn *c, const struct establishment *e,
			   enum collection coll, int academic_year, struct stat_return *out,
			   struct problem_list *problems);

/* Whether problem p of a return stat_return_build made is about the pupil with
 * upn: located "pupil UPN", "pupil UPN / what", or (a pupil with no result) "UPN".
 * An entry screen lists the problems of its own pupils with this. */
bool stat_problem_of_pupil(const struct problem *p, const char *upn);

/* Whether p is about a pupil at all (false: about the return as a whole). */
bool stat_problem_has_pupil(const struct problem *p);

/* The state of each collection (EYFS profile: app/statutory_eyfsp.h eyfsp_state). */
enum err stat_states(struct app *a, struct store_conn *c, const struct establishment *e,
		     int academic_year, struct stat_state out[COLL__MAX]);

/* Submits and locks: ERR_INVALID without the declaration (eb says so) or while the
 * rule engine finds errors (problems lists them); ERR_CONFLICT when submitted. */
enum err stat_submit(struct app *a, struct store_conn *c, const struct actor *who,
		     const struct establishment *e, enum collection coll, int academic_year,
		     bool declared, struct problem_list *problems, struct errbuf *eb);
/* The LA unlocks with a reason (store_submission_unlock). */
enum err stat_unlock(struct app *a, struct store_conn *c, const struct actor *who,
		     const struct establishment *e, enum collection coll, int academic_year,
		     const char *reason, struct errbuf *eb);

/* A CTF of the collection for the school's LA: ERR_INVALID with the problems
 * while errors remain; else *xml (caller frees), *len and the file name. */
enum err stat_export(struct app *a, struct store_conn *c, const struct establishment *e,
		     enum collection coll, int academic_year, char **xml, size_t *len,
		     char name[static CTF_NAME_MAX], struct problem_list *problems,
		     struct errbuf *eb);

enum { STAT_MEANINGS_MAX = 40, STAT_MEANING_MAX = 160 };

/* What a result code means, for the entry screens. */
struct stat_meaning {
	char code[STAT_CODE_MAX];    /* "EXS" */
	char text[STAT_MEANING_MAX]; /* "Working at the expected standard" */
};

/* The meanings of the codes of collection coll from the shipped data file
 * statutory-result-codes.tsv (collection, code, meaning; '#' comments). At most
 * STAT_MEANINGS_MAX; *n gets the count. ERR_IO when the file cannot be read. */
enum err stat_code_meanings(const struct app *a, enum collection coll,
			    struct stat_meaning out[STAT_MEANINGS_MAX], size_t *n,
			    struct errbuf *eb);

struct stat_import_counts {
	size_t pupils_new;	/* pupils added from the file's basic details */
	size_t pupils_known;	/* pupils matched by UPN */
	size_t pupils_differ;	/* of those, the school's pupils whose basic details
				  in the file differ from pupiltrack's record: updated
				  from the file */
	size_t no_postcode;	/* new pupils added without a postcode (none in the file) */
	size_t results;		/* results stored (new or changed): the next two */
	size_t results_new;	/* results the pupil had none of */
	size_t results_changed; /* results stored with another value before */
	size_t unchanged;	/* results already stored with that value */
	size_t skipped;		/* results not imported (none since EYFS profile results are
				  imported too, into the store and the tracking grid) */
};

/* Imports a CTF into school e: read (ctf_read_stream), checked (the stream
 * form of the rule engine, the sender's school not checked: a file may come
 * from the school's MIS, another school or an LA), addressed to e, to no school
 * in particular (an LA, XXX/XXXX, MMM/MMMM, a school pupiltrack does not hold)
 * or to another school of pupiltrack where who may import too (then a
 * HDR_DEST_OTHER query says the file goes into e; who not allowed there:
 * HDR_DEST_SCHOOL error; who->user_id 0 is the command line, allowed
 * everywhere), pupils matched by UPN (new ones added from their basic details,
 * their ethnicity and any postcode checked as the pupil form checks them; a
 * UPN at another school is refused unless the pupil left e with results e
 * holds, and then their details are left alone; e's matched pupils get the
 * file's surname, forename, date of birth, sex, ethnicity and postcode where
 * they differ, checked the same way, each change audited as a pupil upload's
 * is, an ethnicity or postcode the file leaves out kept), Year 2 phonics
 * checked against the stored Year 1 results, results stored batch by batch
 * in one transaction. ERR_INVALID /
 * ERR_TOO_BIG with located problems and nothing stored; ERR_LOCKED when a
 * collection in it is submitted (nothing stored). text[len] in memory, capped
 * at STAT_IMPORT_MAX (an upload). */
enum err stat_import(struct app *a, struct store_conn *c, const struct actor *who,
		     const struct establishment *e, const char *filename, const char *text,
		     size_t len, struct stat_import_counts *counts, struct problem_list *problems,
		     struct errbuf *eb);
/* stat_import of the CTF in (from a file descriptor it streams: memory stays
 * flat whatever the file's size), capped at max_bytes (0: CTF_READ_MAX). */
enum err stat_import_from(struct app *a, struct store_conn *c, const struct actor *who,
			  const struct establishment *e, const char *filename,
			  const struct ctf_input *in, size_t max_bytes,
			  struct stat_import_counts *counts, struct problem_list *problems,
			  struct errbuf *eb);

/* ---- issue 6c: the preview of a CTF import ---- */

/* One pupil of the file as the import would take it. */
struct stat_import_pupil {
	char upn[STAT_UPN_MAX];		    /* as in the file */
	char surname[PERSON_NAME_MAX + 1];  /* as in the file */
	char forename[PERSON_NAME_MAX + 1]; /* as in the file */
	bool is_new;			    /* added from the file; else matched by UPN */
	bool elsewhere; /* matched: a leaver on roll at another school now (their
			   details are left as they are) */
	/* the school's matched pupils: the basic details of the file that differ
	 * from pupiltrack's record ("surname, date of birth"), which the import
	 * updates; "" when none */
	char differs[STAT_DIFFERS_MAX];
	size_t written;	  /* results that would be stored (new or changed) */
	size_t fresh;	  /* of those, results the pupil had none of */
	size_t changed;	  /* of those, results stored with another value */
	size_t unchanged; /* results already stored with that value */
};

/* What importing a file would do, nothing of it stored. */
struct stat_import_preview {
	struct stat_import_counts counts; /* as stat_import would report */
	size_t written[COLL__MAX];	  /* results that would be stored, per collection */
	size_t fresh[COLL__MAX];	  /* of those, results not stored before */
	size_t changed[COLL__MAX];	  /* of those, results stored with another value */
	size_t unchanged[COLL__MAX];	  /* results already stored, per collection */
	struct stat_import_pupil *pupils; /* owned; npupils, in file order */
	size_t npupils;
	int academic_year; /* of the file's header */
};

/* Runs the import of stat_import exactly (the same reading, rules, matching and
 * refusals) in a transaction that is always rolled back: out says what would be
 * stored, problems what is wrong (errors block the import). The same return codes
 * as stat_import; out is filled (and must be released) whatever the result. */
enum err stat_import_preview(struct app *a, struct store_conn *c, const struct actor *who,
			     const struct establishment *e, const char *filename, const char *text,
			     size_t len, struct stat_import_preview *out,
			     struct problem_list *problems, struct errbuf *eb);
/* stat_import_preview of the CTF in, as stat_import_from. */
enum err stat_import_preview_from(struct app *a, struct store_conn *c, const struct actor *who,
				  const struct establishment *e, const char *filename,
				  const struct ctf_input *in, size_t max_bytes,
				  struct stat_import_preview *out, struct problem_list *problems,
				  struct errbuf *eb);
void stat_import_preview_release(struct stat_import_preview *pv);

/* ---- issue 6b: CTF export to a chosen destination, numbered per destination ---- */

/* Where an exported CTF goes (seed 001's choices). */
enum ctf_dest_kind {
	CTF_DEST_LA,		/* the school's own LA: NNN/LLLL */
	CTF_DEST_NAA,		/* the national assessments agency: NAA/LLLL (KS2 TA) */
	CTF_DEST_UNKNOWN,	/* destination not known: XXX/XXXX */
	CTF_DEST_NONMAINTAINED, /* a non-maintained school: MMM/MMMM */
	CTF_DEST_SCHOOL,	/* another school: its LAESTAB */
	CTF_DEST__MAX
};

struct ctf_dest {
	enum ctf_dest_kind kind; /* which */
	int laestab;		 /* CTF_DEST_SCHOOL: the receiving school, e.g. 8885678 */
};

/* Parses "la", "naa", "unknown", "nonmaintained" (any case) or a school's LAESTAB
 * ("8885678" or "888/5678"); ERR_INVALID with a sentence in eb otherwise. */
enum err stat_dest_parse(const char *s, struct ctf_dest *out, struct errbuf *eb);

/* As stat_export, addressed to dest, named with the next sequence number for
 * that destination (store_ctf_seq_next, audited). Refuses (ERR_INVALID, problems
 * listed, no number taken) while errors remain or when no pupil has a result.
 * Run it in the caller's transaction to give the number back when the file
 * cannot be saved. */
enum err stat_export_to(struct app *a, struct store_conn *c, const struct actor *who,
			const struct establishment *e, enum collection coll, int academic_year,
			const struct ctf_dest *dest, char **xml, size_t *len,
			char name[static CTF_NAME_MAX], struct problem_list *problems,
			struct errbuf *eb);

#endif
