/*
 * codelist: pupil characteristic code lists as data: ethnicity (the 20 DfE main
 * codes, the extended codes that roll up to them, and the codes the LA tracker
 * used), SEN provision (N/K/E) and sex (M/F). Reference sections 7.1-7.3.
 */
#ifndef PT_CORE_CODELIST_H
#define PT_CORE_CODELIST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"

struct ethnicity {
	const char *code; /* "WBRI", "WENG" */
	const char *name; /* "White British", "White English" */
	const char *main; /* the DfE main code it rolls up to; equal to code for main codes */
	bool main_code;	  /* one of the 20 DfE main codes */
};

/* The code, ignoring case ("wbri" finds WBRI; store the returned e->code), or
 * NULL when unknown. */
const struct ethnicity *ethnicity_find(const char *code);
/* The main code for a main or extended code ("WENG" -> "WBRI"), NULL when unknown.
 * DfE returns carry main codes. */
const char *ethnicity_main_of(const char *code);
/* All codes, main codes first in DfE order, then the extended ones: for lists. */
size_t ethnicity_count(void);
const struct ethnicity *ethnicity_at(size_t i);

/* The DfE major ethnic groups (White, Mixed, Asian, Black, Chinese, Any other
 * ethnic group, Unclassified), each with the main codes it holds: for reports by
 * characteristic. */
struct ethnicity_group {
	const char *key;      /* "white", "mixed", ... */
	const char *name;     /* "White", "Mixed / multiple ethnic groups" */
	const char *mains[6]; /* its main codes, NULL-terminated */
};
size_t ethnicity_group_count(void);
const struct ethnicity_group *ethnicity_group_at(size_t i);
/* The group of a main or extended code, NULL when the code is unknown or blank. */
const struct ethnicity_group *ethnicity_group_of(const char *code);

/* SEN provision codes as stored in struct pupil.sen. */
enum { SEN_NONE = 'N', SEN_SUPPORT = 'K', SEN_EHCP = 'E' };

/* Parses "N", "K", "E" and the upload template's "SEN_N", "SEN_K", "SEN_E",
 * ignoring case and surrounding spaces. Blank text parses as 'N': the template
 * allows it and means no SEN recorded. Legacy codes (S, A, P) and anything else
 * give false. */
bool sen_parse(const char *s, char *out);
/* "No SEN", "SEN support", "Education, health and care plan"; NULL for another char. */
const char *sen_label(char sen);
/* True for 'N', 'K', 'E'. */
bool sen_valid(char sen);
/* True for the codes replaced in 2014-15 (S statement, A School Action, P School
 * Action Plus), for a message that says what to use instead. */
bool sen_is_legacy(const char *s);

/* Parses "M", "F", "Male", "Female", ignoring case and surrounding spaces.
 * Anything else (blank included) gives false. */
bool gender_parse(const char *s, enum gender *out);
/* "M", "F"; "" for GENDER_UNKNOWN. CTF writes it in <Sex>. */
const char *gender_code(enum gender g);
/* "Male", "Female", "Unknown". */
const char *gender_label(enum gender g);

#endif
