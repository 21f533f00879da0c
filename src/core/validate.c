/*
 * validate: field rules for pupils and statutory results (see validate.h). Each
 * message says what is wrong with the value given and what to do about it.
 */
#include "core/validate.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/codelist.h"

_Static_assert(POSTCODE_MAX == sizeof(((struct pupil *)0)->postcode), "postcode buffer");
_Static_assert(ETHNICITY_MAX == sizeof(((struct pupil *)0)->ethnicity), "ethnicity buffer");
_Static_assert(UPN_LEN + 1 == sizeof(((struct pupil *)0)->upn), "UPN buffer");

static const char *const month_names[] = {
	"January", "February", "March",	    "April",   "May",	   "June",
	"July",	   "August",   "September", "October", "November", "December",
};

/* Bytes of s to show in a message: at most 40, so a 5,000-character paste does
 * not swamp the report. */
static int shown(const char *s)
{
	size_t n = strlen(s);
	return n > 40 ? 40 : (int)n;
}

static const char *ellipsis(const char *s)
{
	return strlen(s) > 40 ? "..." : "";
}

/* s without surrounding spaces and tabs, copied into buf[size]. */
static void trim_copy(const char *s, char *buf, size_t size)
{
	size_t start = 0, end = strlen(s), n;

	while (start < end && (s[start] == ' ' || s[start] == '\t'))
		start++;
	while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	n = end - start;
	if (n >= size)
		n = size - 1;
	memcpy(buf, s + start, n);
	buf[n] = '\0';
}

bool validate_upn(const char *upn, const char *loc, struct problem_list *out)
{
	struct upn_report r;

	if (upn_validate(upn, &r) == UPN_OK)
		return true;
	problem_list_error(out, loc, upn_fault_code(r.fault), "%s", r.message);
	return false;
}

bool validate_upn_text(const char *text, const char *loc, char upn[static UPN_LEN + 1],
		       struct problem_list *out)
{
	char buf[64];

	/* Normalise into a roomy buffer so an over-long UPN is reported with its
	 * real length, then keep what fits. */
	upn_normalise(text ? text : "", buf, sizeof(buf));
	upn_normalise(buf, upn, UPN_LEN + 1);
	return validate_upn(buf, loc, out);
}

static bool name_char_plain(unsigned char c)
{
	return c >= 0x80 || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == ' ' ||
	       c == '-' || c == '\'' || c == '.' || c == ',';
}

bool validate_name(const char *name, const char *field, const char *loc, struct problem_list *out)
{
	size_t len = name ? strlen(name) : 0;
	size_t i;

	for (i = 0; i < len && name[i] == ' '; i++)
		;
	if (i == len) {
		problem_list_error(out, loc, "NAME_EMPTY", "%s is required", field);
		return false;
	}
	if (!utf8_valid_text(name, len) || strpbrk(name, "\t\r\n")) {
		problem_list_error(out, loc, "NAME_TEXT",
				   "%s contains a line break, tab, control character or bytes that "
				   "are not UTF-8 text; retype it",
				   field);
		return false;
	}
	if (len > PERSON_NAME_MAX) {
		problem_list_error(out, loc, "NAME_LONG",
				   "%s is too long (%zu characters); at most %d fit, fewer when it "
				   "has accented letters",
				   field, utf8_length(name, len), PERSON_NAME_MAX);
		return false;
	}
	for (i = 0; i < len; i++) {
		if (!name_char_plain((unsigned char)name[i])) {
			problem_list_query(out, loc, "NAME_CHARS",
					   "%s '%.*s%s' contains '%c'; names usually hold only "
					   "letters, spaces, hyphens and apostrophes, so check it",
					   field, shown(name), name, ellipsis(name), name[i]);
			break;
		}
	}
	return true;
}

bool validate_dob(struct date dob, struct date today, const char *loc, struct problem_list *out)
{
	char shown_dob[11];
	struct date oldest;

	if (!date_valid(dob)) {
		problem_list_error(out, loc, "DOB_INVALID",
				   "date of birth is missing or not a real date; enter it as "
				   "dd/mm/yyyy");
		return false;
	}
	date_format_dmy(dob, shown_dob);
	if (date_cmp(dob, today) > 0) {
		problem_list_error(out, loc, "DOB_FUTURE",
				   "date of birth %s is in the future; check the year", shown_dob);
		return false;
	}
	oldest = (struct date){ today.year - DOB_MAX_AGE, today.month, today.day };
	if (!date_valid(oldest)) /* 29 February today, 20 years back not a leap year */
		oldest.day = date_days_in_month(oldest.year, oldest.month);
	if (date_cmp(dob, oldest) < 0) {
		problem_list_error(out, loc, "DOB_OLD",
				   "date of birth %s is more than %d years ago, too old for a "
				   "pupil; check the year",
				   shown_dob, DOB_MAX_AGE);
		return false;
	}
	return true;
}

/* Reads 1..max digits at *s, advancing it; -1 when there are none. */
static int take_number(const char **s, int max)
{
	int v = 0, n = 0;

	while (n < max && **s >= '0' && **s <= '9') {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n ? v : -1;
}

/* Reads the shape "d/m/yyyy" (day and month of 1-2 digits), not checking the
 * values; false for any other shape. */
static bool shape_dmy(const char *s, int *d, int *m, int *y)
{
	if ((*d = take_number(&s, 2)) < 0 || *s++ != '/')
		return false;
	if ((*m = take_number(&s, 2)) < 0 || *s++ != '/')
		return false;
	return (*y = take_number(&s, 4)) >= 1000 && *s == '\0';
}

/* Reads the shape "yyyy-m-d" (month and day of 1-2 digits). */
static bool shape_ymd(const char *s, int *d, int *m, int *y)
{
	if ((*y = take_number(&s, 4)) < 1000 || *s++ != '-')
		return false;
	if ((*m = take_number(&s, 2)) < 0 || *s++ != '-')
		return false;
	return (*d = take_number(&s, 2)) >= 0 && *s == '\0';
}

/* Why text shaped like a date is not one we accept; false when it is not
 * shaped like a date at all. */
static bool date_reason(const char *t, char *why, size_t size)
{
	int d, m, y;

	if (!shape_dmy(t, &d, &m, &y) && !shape_ymd(t, &d, &m, &y))
		return false;
	if (m < 1 || m > 12)
		snprintf(why, size, "there is no month %d", m);
	else if (d < 1)
		snprintf(why, size, "there is no day 0");
	else if (d > date_days_in_month(y, m))
		snprintf(why, size, "%s %d has %d days", month_names[m - 1], y,
			 date_days_in_month(y, m));
	else /* a real date in a shape we do not read, e.g. 2021-5-3 */
		snprintf(why, size, "write the date as dd/mm/yyyy or yyyy-mm-dd");
	return true;
}

bool validate_dob_text(const char *text, struct date today, const char *loc, struct date *dob,
		       struct problem_list *out)
{
	char t[64], why[80];
	struct date d;
	size_t n;

	trim_copy(text ? text : "", t, sizeof(t));
	n = strlen(t);
	if (n == 0) {
		problem_list_error(out, loc, "DOB_EMPTY",
				   "date of birth is required; enter it as dd/mm/yyyy");
		return false;
	}
	if (date_parse_dmy(t, &d) || date_parse_iso(t, &d)) {
		*dob = d;
		return validate_dob(d, today, loc, out);
	}
	if (date_reason(t, why, sizeof(why)))
		problem_list_error(out, loc, "DOB_INVALID", "invalid date %s: %s", t, why);
	else if (n == 5 && strspn(t, "0123456789") == 5)
		problem_list_error(out, loc, "DOB_INVALID",
				   "invalid date %s: this looks like a spreadsheet date number; "
				   "format the column as text in dd/mm/yyyy",
				   t);
	else
		problem_list_error(out, loc, "DOB_INVALID",
				   "invalid date %.*s%s: write the date of birth as dd/mm/yyyy, "
				   "e.g. 05/03/2021",
				   shown(t), t, ellipsis(t));
	return false;
}

bool validate_gender(enum gender g, const char *loc, struct problem_list *out)
{
	if (g != GENDER_MALE && g != GENDER_FEMALE)
		problem_list_query(out, loc, "GENDER_MISSING",
				   "gender is not recorded; returns to the DfE need M or F");
	return true;
}

bool validate_gender_text(const char *text, const char *loc, enum gender *g,
			  struct problem_list *out)
{
	char t[64];

	trim_copy(text ? text : "", t, sizeof(t));
	if (!t[0]) {
		*g = GENDER_UNKNOWN;
		return validate_gender(*g, loc, out);
	}
	if (!gender_parse(t, g)) {
		problem_list_error(out, loc, "GENDER_CODE", "unknown gender '%.*s%s'; use M or F",
				   shown(t), t, ellipsis(t));
		return false;
	}
	return true;
}

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Upper-cased s without spaces into buf[size]; false when it does not fit. */
static bool compact_postcode(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	for (; *s; s++) {
		char c = *s;
		if (c == ' ')
			continue;
		if (n + 1 >= size)
			return false;
		buf[n++] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
	}
	buf[n] = '\0';
	return true;
}

/* Shape of a compact (no space) upper-case postcode. */
static bool compact_shape_ok(const char *p)
{
	size_t n = strlen(p), out_len;
	const char *in;

	if (strcmp(p, "GIR0AA") == 0)
		return true;
	if (n < 5 || n > 7)
		return false;
	out_len = n - 3;
	in = p + out_len;
	if (!is_digit(in[0]) || !is_upper(in[1]) || !is_upper(in[2]))
		return false;
	/* outward: A9 | A99 | A9A | AA9 | AA99 | AA9A */
	if (!is_upper(p[0]))
		return false;
	if (out_len == 2)
		return is_digit(p[1]);
	if (out_len == 3)
		return (is_digit(p[1]) && (is_digit(p[2]) || is_upper(p[2]))) ||
		       (is_upper(p[1]) && is_digit(p[2]));
	return is_upper(p[1]) && is_digit(p[2]) && (is_digit(p[3]) || is_upper(p[3]));
}

bool postcode_shape_ok(const char *s)
{
	char buf[16];
	return s && compact_postcode(s, buf, sizeof(buf)) && compact_shape_ok(buf);
}

bool postcode_normalise(const char *s, char out[static POSTCODE_MAX])
{
	char buf[16];
	size_t n;

	out[0] = '\0';
	if (!s || !compact_postcode(s, buf, sizeof(buf)) || !compact_shape_ok(buf))
		return false;
	n = strlen(buf);
	snprintf(out, POSTCODE_MAX, "%.*s %s", (int)(n - 3), buf, buf + n - 3);
	return true;
}

bool validate_postcode(const char *pc, const char *loc, struct problem_list *out)
{
	char t[64];

	trim_copy(pc ? pc : "", t, sizeof(t));
	if (!t[0]) {
		problem_list_error(
			out, loc, "POSTCODE_EMPTY",
			"postcode is required; if the child's postcode is not known, use "
			"the school's postcode");
		return false;
	}
	if (!postcode_shape_ok(t)) {
		problem_list_error(out, loc, "POSTCODE_SHAPE",
				   "postcode '%.*s%s' is not the shape of a UK postcode (like PR1 "
				   "0LD or SW1A 1AA); check it",
				   shown(t), t, ellipsis(t));
		return false;
	}
	return true;
}

bool validate_postcode_text(const char *text, const char *loc, char pc[static POSTCODE_MAX],
			    struct problem_list *out)
{
	pc[0] = '\0';
	if (!validate_postcode(text, loc, out))
		return false;
	postcode_normalise(text, pc);
	return true;
}

bool validate_ethnicity(const char *code, const char *loc, struct problem_list *out)
{
	char t[64];

	trim_copy(code ? code : "", t, sizeof(t));
	if (!t[0]) {
		problem_list_error(out, loc, "ETHNIC_EMPTY",
				   "ethnicity is required; use NOBT (information not yet obtained) "
				   "or REFU (refused) if you do not have it");
		return false;
	}
	if (!ethnicity_find(t)) {
		problem_list_error(out, loc, "ETHNIC_UNKNOWN",
				   "unknown ethnicity code '%.*s%s'; use a DfE code such as WBRI, "
				   "or NOBT if not yet obtained",
				   shown(t), t, ellipsis(t));
		return false;
	}
	return true;
}

bool validate_ethnicity_text(const char *text, const char *loc, char code[static ETHNICITY_MAX],
			     struct problem_list *out)
{
	char t[64];

	code[0] = '\0';
	if (!validate_ethnicity(text, loc, out))
		return false;
	trim_copy(text, t, sizeof(t));
	snprintf(code, ETHNICITY_MAX, "%.4s", ethnicity_find(t)->code);
	return true;
}

bool validate_sen(char sen, const char *loc, struct problem_list *out)
{
	if (sen_valid(sen))
		return true;
	if (sen == '\0')
		problem_list_error(out, loc, "SEN_CODE",
				   "SEN provision is not set; use N (no SEN), K (SEN support) or E "
				   "(education, health and care plan)");
	else if ((unsigned char)sen >= 0x20 && (unsigned char)sen < 0x7f)
		problem_list_error(out, loc, "SEN_CODE",
				   "unknown SEN code %c; use N (no SEN), K (SEN support) or E "
				   "(education, health and care plan)",
				   sen);
	else
		problem_list_error(out, loc, "SEN_CODE",
				   "unknown SEN code; use N (no SEN), K (SEN support) or E "
				   "(education, health and care plan)");
	return false;
}

bool validate_sen_text(const char *text, const char *loc, char *sen, struct problem_list *out)
{
	char t[64];

	trim_copy(text ? text : "", t, sizeof(t));
	if (sen_parse(t, sen))
		return true;
	if (sen_is_legacy(t))
		problem_list_error(
			out, loc, "SEN_LEGACY",
			"SEN code %s is no longer used (statements, School Action and "
			"School Action Plus ended in 2014-15); use SEN_K for SEN support "
			"or SEN_E for an education, health and care plan",
			t);
	else
		problem_list_error(out, loc, "SEN_CODE",
				   "unknown SEN code %.*s%s; use SEN_K (SEN support), SEN_E "
				   "(education, health and care plan), SEN_N (no SEN) or leave it "
				   "blank",
				   shown(t), t, ellipsis(t));
	return false;
}

bool validate_yes_no_text(const char *text, const char *field, bool blank_ok, const char *loc,
			  bool *out, struct problem_list *pl)
{
	char t[16];

	trim_copy(text ? text : "", t, sizeof(t));
	if ((blank_ok && !t[0]) || !strcasecmp(t, "N") || !strcasecmp(t, "No")) {
		*out = false;
		return true;
	}
	if (!strcasecmp(t, "Y") || !strcasecmp(t, "Yes")) {
		*out = true;
		return true;
	}
	problem_list_error(pl, loc, "YES_NO", "%s must be Y (yes) or N (no)%s, not \"%.*s%s\"",
			   field, blank_ok ? " or blank" : "", shown(t), t, ellipsis(t));
	return false;
}

bool validate_class_no(int class_no, const char *loc, struct problem_list *out)
{
	if (class_no >= 0 && class_no <= CLASS_NO_MAX)
		return true;
	problem_list_error(out, loc, "CLASS_RANGE",
			   "class number %d does not exist; classes are numbered 1 to %d (0 for "
			   "no class)",
			   class_no, CLASS_NO_MAX);
	return false;
}

bool validate_year_override(int year_override, struct date dob, struct date today, const char *loc,
			    struct problem_list *out)
{
	char label[YEAR_LABEL_MAX];
	int from_dob;

	if (year_override == YEAR_NONE)
		return true;
	if (year_override < YEAR_N1 || year_override > YEAR_LAST) {
		problem_list_error(out, loc, "YEAR_RANGE",
				   "year override %d is not a year group; choose N1, N2, R or Year "
				   "1 to %d, or no override",
				   year_override, YEAR_LAST);
		return false;
	}
	from_dob = year_group_of(dob, academic_year_of(today));
	if (from_dob == year_override)
		problem_list_query(out, loc, "YEAR_SAME",
				   "year override %s is the year group the date of birth gives "
				   "anyway; clear the override unless the child is taught outside "
				   "their age group",
				   year_label(year_override, label));
	return true;
}

/* "PREFIX / field" into buf. */
static const char *field_loc(char buf[static PROBLEM_LOC_MAX], const char *prefix,
			     const char *field)
{
	snprintf(buf, PROBLEM_LOC_MAX, "%.120s / %.30s", prefix, field);
	return buf;
}

bool validate_pupil(const struct pupil *p, struct date today, const char *loc_prefix,
		    struct problem_list *out)
{
	char prefix[PROBLEM_LOC_MAX];
	char loc[PROBLEM_LOC_MAX];
	size_t before = problem_list_count_errors(out);

	if (loc_prefix && *loc_prefix)
		snprintf(prefix, sizeof(prefix), "%s", loc_prefix);
	else if (p->upn[0])
		snprintf(prefix, sizeof(prefix), "pupil %.13s", p->upn);
	else
		snprintf(prefix, sizeof(prefix), "pupil %.60s, %.60s", p->surname, p->forenames);

	validate_upn(p->upn, field_loc(loc, prefix, "UPN"), out);
	validate_name(p->surname, "surname", field_loc(loc, prefix, "surname"), out);
	validate_name(p->forenames, "forenames", field_loc(loc, prefix, "forenames"), out);
	validate_dob(p->dob, today, field_loc(loc, prefix, "date of birth"), out);
	validate_gender(p->gender, field_loc(loc, prefix, "gender"), out);
	validate_postcode(p->postcode, field_loc(loc, prefix, "postcode"), out);
	validate_ethnicity(p->ethnicity, field_loc(loc, prefix, "ethnicity"), out);
	validate_sen(p->sen, field_loc(loc, prefix, "SEN"), out);
	validate_class_no(p->class_no, field_loc(loc, prefix, "class"), out);
	validate_year_override(p->year_override, p->dob, today,
			       field_loc(loc, prefix, "year override"), out);
	return problem_list_count_errors(out) == before;
}

/* "WHO: " for the start of a message, or "" when who is NULL or empty. */
static const char *who_prefix(char buf[static 160], const char *who)
{
	if (!who || !*who)
		return "";
	snprintf(buf, 160, "%.150s: ", who);
	return buf;
}

/* The codes (not the ranges) row allows, for a message, each with the gist of its
 * meaning when the table has one (up to a colon, first letter small): "A (absent
 * ...), D (disapplied), L (left ...) or Q (maladministration)", else "A, D, L or
 * Q"; "" when it allows none. Returns buf. */
static char *row_codes_list(const struct code_row *row, char *buf, size_t size)
{
	size_t n = 0, k = 0, used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < row->allowed_count; i++)
		n += row->allowed[i].code != NULL;
	for (size_t i = 0; i < row->allowed_count && used < size; i++) {
		if (!row->allowed[i].code)
			continue;
		const char *m = row->allowed[i].meaning;
		int gist = m ? (int)strcspn(m, ":") : 0;
		k++;
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 k == 1 ? "" : (k == n ? " or " : ", "),
					 row->allowed[i].code);
		if (gist && used < size)
			used += (size_t)snprintf(buf + used, size - used, " (%c%.*s)",
						 tolower((unsigned char)m[0]), gist - 1, m + 1);
	}
	return buf;
}

bool validate_result(const struct code_row *row, const char *result, const char *who,
		     const char *loc, struct problem_list *out)
{
	char allowed[256], codes[PROBLEM_MSG_MAX], pre[160];
	const char *hint;
	const char *w = who_prefix(pre, who);
	long lo, hi;

	if (result && code_row_allows(row, result))
		return true;
	code_row_allowed_list(row, allowed, sizeof(allowed));
	if (!result || !*result) {
		problem_list_error(out, loc, "RESULT_EMPTY", "%s%s has no result: enter %s", w,
				   row->label, allowed);
	} else if (code_row_out_of_range(row, result, &lo, &hi)) {
		row_codes_list(row, codes, sizeof(codes));
		problem_list_error(out, loc, "RESULT_RANGE",
				   "%s%s %s is not allowed: enter a whole number in the range "
				   "%ld-%ld%s%s",
				   w, row->label, result, lo, hi, codes[0] ? ", or " : "", codes);
	} else if ((hint = code_row_suggest(row, result))) {
		problem_list_error(
			out, loc, "RESULT_CASE",
			"%s%s: result %s is not allowed; did you mean %s? Result codes are "
			"case-sensitive",
			w, row->label, result, hint);
	} else {
		problem_list_error(out, loc, "RESULT_CODE",
				   "%sresult %.*s%s is not allowed for %s; use %s", w,
				   shown(result), result, ellipsis(result), row->label, allowed);
	}
	return false;
}

/* "ELG 15 The Natural World": the number of its code and its label in the code
 * table (the framework's name when the table lacks the row). Returns buf. */
static const char *elg_named(const struct codes *codes, enum elg e, char *buf, size_t size)
{
	const char *code = elg_get(e)->code;
	const struct code_row *row = codes_find(codes, "eyfsp", code);

	snprintf(buf, size, "ELG %d %s", (int)e + 1, row ? row->label : elg_get(e)->name);
	return buf;
}

enum { EYFSP_NAMED_MAX = 3 }; /* missing ELGs a message names; the rest are counted */

bool validate_eyfsp(const struct codes *codes, const char *const results[static ELG__MAX],
		    const char *const *locs, const char *who, const char *row_loc,
		    struct problem_list *out)
{
	return validate_eyfsp_part(codes, results, locs, who, row_loc, 0, out);
}

bool validate_eyfsp_part(const struct codes *codes, const char *const results[static ELG__MAX],
			 const char *const *locs, const char *who, const char *row_loc,
			 uint32_t elsewhere, struct problem_list *out)
{
	char missing[EYFSP_NAMED_MAX * 80 + 40] = "", name[80], more[40] = "", pre[160];
	const char *w = who_prefix(pre, who);
	size_t before = problem_list_count_errors(out);
	int present = 0, absent = 0, nmissing = 0;
	enum elg first_absent = ELG__MAX;

	for (int e = 0; e < ELG__MAX; e++) {
		const char *code = elg_get((enum elg)e)->code;
		const struct code_row *row = codes_find(codes, "eyfsp", code);
		const char *loc = (locs && locs[e]) ? locs[e] : row_loc;

		if (!results[e] && (elsewhere & (UINT32_C(1) << e)))
			continue; /* in another school's return */
		if (!results[e]) {
			size_t used = strlen(missing);
			if (nmissing < EYFSP_NAMED_MAX)
				snprintf(missing + used, sizeof(missing) - used, "%s%s",
					 nmissing ? "; " : "",
					 elg_named(codes, (enum elg)e, name, sizeof(name)));
			nmissing++;
			continue;
		}
		present++;
		if (!row) {
			problem_list_error(out, row_loc, "CODES_NO_ROW",
					   "the CTF code table has no eyfsp row for %s; ask the "
					   "administrator to restore it",
					   code);
			continue;
		}
		if (validate_result(row, results[e], who, loc, out) &&
		    strcmp(results[e], elg_result_ctf(ELG_ABSENT)) == 0) {
			if (!absent)
				first_absent = (enum elg)e;
			absent++;
		}
	}
	if (nmissing > EYFSP_NAMED_MAX)
		snprintf(more, sizeof(more), " and %d more", nmissing - EYFSP_NAMED_MAX);
	if (nmissing)
		problem_list_error(out, row_loc, "EYFSP_MISSING",
				   "%sno result for %s%s: the EYFS profile needs a result "
				   "for all %d early learning goals; enter %s, or A if the "
				   "child was absent",
				   w, missing, more, ELG__MAX, nmissing == 1 ? "it" : "each");
	if (absent && absent != present)
		problem_list_error(
			out, row_loc, "EYFSP_ABSENT",
			"%s%s is A (not assessed) but other early learning goals have results; "
			"if the child could not be assessed, every one must be A",
			w, elg_named(codes, first_absent, name, sizeof(name)));
	return problem_list_count_errors(out) == before;
}
