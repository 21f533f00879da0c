/*
 * statutory_results: the rules of a pupil's results in each collection (see
 * statutory.h): each result against its code-table row, EYFS profile
 * completeness and "A means all A", the phonics outcome and Year 2 retakes, the
 * KS2 teacher assessments every pupil needs and the below-test rule, and the KS1
 * teacher assessments: every subject the code table has for KS1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/framework.h"
#include "core/statutory.h"
#include "core/statutory_rules.h"
#include "core/validate.h"

/* Components with a rule beyond the code table's allowed results. */
struct comp_rule {
	enum collection coll;  /* collection of the row */
	const char *component; /* CTF Component */
	bool required;	       /* every pupil with a result of the collection needs one */
	bool below_test;       /* only pupils working below the test have one */
};

static const struct comp_rule comp_rules[] = {
	{ COLL_KS2, "WR", true, false },
	{ COLL_KS2, "SC", true, false },
	{ COLL_KS2, "RE", false, true },
	{ COLL_KS2, "MA", false, true },
};

static const struct comp_rule *comp_rule_of(enum collection c, const char *component)
{
	for (size_t i = 0; i < sizeof(comp_rules) / sizeof(comp_rules[0]); i++)
		if (comp_rules[i].coll == c && strcmp(comp_rules[i].component, component) == 0)
			return &comp_rules[i];
	return NULL;
}

/* True when some row has this stage and component (whatever its qualifier). */
static bool component_known(const struct codes *codes, const struct stat_result *res)
{
	size_t n = codes ? codes_count(codes) : 0;

	for (size_t i = 0; i < n; i++) {
		const struct code_row *row = codes_row(codes, i);
		if (strcmp(row->stage, res->stage) == 0 &&
		    strcmp(row->component, res->component) == 0)
			return true;
	}
	return false;
}

/* The first other row of row's collection that allows result, or NULL. */
static const struct code_row *other_row_allowing(const struct codes *codes,
						 const struct code_row *row, const char *result)
{
	const struct code_row *o;

	for (o = codes_rows_for(codes, row->collection, NULL); o;
	     o = codes_rows_for(codes, row->collection, o))
		if (o != row && code_row_allows(o, result))
			return o;
	return NULL;
}

/* A phonics mark row has a number range; the outcome row has codes only. */
static bool is_mark_row(const struct code_row *row)
{
	for (size_t i = 0; i < row->allowed_count; i++)
		if (!row->allowed[i].code)
			return true;
	return false;
}

struct phonics_seen {
	const struct stat_result *mark, *outcome; /* of the latest check */
	const struct code_row *mark_row, *outcome_row;
	const char *year;   /* Year of the latest check */
	bool earlier_met;   /* the return holds an earlier check at the standard */
	bool earlier_taken; /* the return holds an earlier check with a mark */
};

static void check_phonics(const struct stat_return *r, const struct stat_pupil *p,
			  const struct code_row **rows, const struct stat_options *opt,
			  struct problem_list *out)
{
	struct phonics_seen s = { 0 };
	char loc[PROBLEM_LOC_MAX];
	enum collection c;
	const char *want;

	for (size_t i = 0; i < p->nresults; i++)
		if (rows[i] && stat_row_collection(rows[i], &c) && c == COLL_PHONICS &&
		    (!s.year || strcmp(p->results[i].year, s.year) > 0))
			s.year = p->results[i].year;
	for (size_t i = 0; i < p->nresults; i++) {
		const struct stat_result *res = &p->results[i];
		if (!rows[i] || !stat_row_collection(rows[i], &c) || c != COLL_PHONICS)
			continue;
		if (strcmp(res->year, s.year) != 0) {
			if (is_mark_row(rows[i]) && phonics_outcome(res->result)) {
				s.earlier_taken = true;
				if (strcmp(phonics_outcome(res->result), "Wa") == 0)
					s.earlier_met = true;
			}
		} else if (is_mark_row(rows[i])) {
			s.mark = res;
			s.mark_row = rows[i];
		} else {
			s.outcome = res;
			s.outcome_row = rows[i];
		}
	}
	if (s.outcome && !s.mark) {
		problem_list_error(
			out, stat_loc(loc, r, p, s.outcome->pos, "phonics outcome"),
			"PHONICS_NO_MARK",
			"phonics outcome %.10s without a mark: give the mark (0-40) or a "
			"code such as A for absent; the outcome follows from the mark",
			s.outcome->result);
	} else if (s.outcome && code_row_allows(s.mark_row, s.mark->result) &&
		   code_row_allows(s.outcome_row, s.outcome->result)) {
		want = phonics_outcome(s.mark->result);
		stat_loc(loc, r, p, s.outcome->pos, "phonics outcome");
		if (!want)
			problem_list_error(
				out, loc, "PHONICS_OUTCOME",
				"phonics outcome %s given for mark %s: a pupil without a "
				"mark has no outcome, so leave the outcome out",
				s.outcome->result, s.mark->result);
		else if (strcmp(want, s.outcome->result) != 0)
			problem_list_error(
				out, loc, "PHONICS_OUTCOME",
				"phonics outcome %s does not match mark %s: a mark of %d "
				"or more is Wa (met the standard), below %d is Wt; the "
				"outcome follows from the mark",
				s.outcome->result, s.mark->result, PHONICS_THRESHOLD,
				PHONICS_THRESHOLD);
	}
	if (s.mark && stat_pupil_year(r, p) == 2) {
		enum phonics_y1 y1 = PHONICS_Y1_UNKNOWN;
		if (opt && opt->phonics_y1)
			y1 = opt->phonics_y1(opt->phonics_ctx, p->upn);
		if (y1 == PHONICS_Y1_UNKNOWN && s.earlier_taken)
			y1 = s.earlier_met ? PHONICS_Y1_MET : PHONICS_Y1_NOT_MET;
		if (y1 == PHONICS_Y1_MET)
			problem_list_error(
				out, stat_loc(loc, r, p, s.mark->pos, "phonics mark"),
				"PHONICS_Y2_MET",
				"this pupil met the phonics standard in Year 1, so does not "
				"take the check again in Year 2: remove this result (only "
				"pupils who did not meet it or were not checked retake it)");
	}
}

/* Where a missing result of component goes: the pupil's slot for it when the
 * source has one (a spreadsheet cell), else the pupil's UPN. */
static char *missing_loc(char buf[static PROBLEM_LOC_MAX], const struct stat_return *r,
			 const struct stat_pupil *p, const char *component)
{
	for (size_t i = 0; i < p->nslots; i++)
		if (p->slots[i].pos.line && strcmp(p->slots[i].component, component) == 0)
			return stat_loc(buf, r, p, p->slots[i].pos, component);
	return stat_loc(buf, r, p, p->upn_pos.line ? p->upn_pos : p->pos, NULL);
}

static void check_required(const struct stat_return *r, const struct stat_pupil *p,
			   const struct codes *codes, const struct code_row **rows,
			   enum collection coll, struct problem_list *out)
{
	char loc[PROBLEM_LOC_MAX];

	for (size_t k = 0; k < sizeof(comp_rules) / sizeof(comp_rules[0]); k++) {
		const struct code_row *row;
		bool found = false;
		if (comp_rules[k].coll != coll || !comp_rules[k].required)
			continue;
		row = codes_find(codes, collection_code(coll), comp_rules[k].component);
		if (!row)
			continue;
		for (size_t i = 0; i < p->nresults && !found; i++)
			found = rows[i] && strcmp(rows[i]->component, row->component) == 0 &&
				strcmp(rows[i]->collection, row->collection) == 0;
		if (!found)
			problem_list_error(
				out, missing_loc(loc, r, p, row->component), "KS2_MISSING",
				"%s is missing: every pupil in the %s return needs it (use "
				"a code such as A when there is no judgement)",
				row->label, collection_label(coll));
	}
}

/* True when every pupil in a return of row's collection needs a result of row. */
static bool row_needed(const struct code_row *row, enum collection coll,
		       const struct code_row *first)
{
	const struct comp_rule *cr = comp_rule_of(coll, row->component);

	if (coll == COLL_KS2)
		return cr && cr->required;
	return coll == COLL_KS1 || row == first;
}

char *stat_needed_list(const struct codes *codes, enum collection coll, char *buf, size_t size)
{
	const char *cc = collection_code(coll);
	const struct code_row *first = codes_rows_for(codes, cc, NULL), *row;
	size_t n = 0, k = 0, used = 0;

	buf[0] = '\0';
	for (row = first; row; row = codes_rows_for(codes, cc, row))
		n += row_needed(row, coll, first);
	for (row = first; row && used < size; row = codes_rows_for(codes, cc, row)) {
		if (!row_needed(row, coll, first))
			continue;
		k++;
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 k == 1 ? "" : (k == n ? " and " : ", "), row->label);
	}
	return buf;
}

/* KS1 teacher assessment (optional since 2023/24, reference section 4.4): a pupil
 * in the return needs a result in every KS1 subject the code table lists (reading,
 * writing, maths and science in the shipped table), as when it was statutory; a
 * code such as A stands for no judgement. Driven by the table's rows, so an LA's
 * own table with fewer subjects asks for fewer. */
static void check_ks1_complete(const struct stat_return *r, const struct stat_pupil *p,
			       const struct codes *codes, const struct code_row **rows,
			       struct problem_list *out)
{
	const char *coll = collection_code(COLL_KS1);
	char loc[PROBLEM_LOC_MAX];
	const struct code_row *row;

	for (row = codes_rows_for(codes, coll, NULL); row; row = codes_rows_for(codes, coll, row)) {
		bool found = false;
		for (size_t i = 0; i < p->nresults && !found; i++)
			found = rows[i] && strcmp(rows[i]->component, row->component) == 0 &&
				strcmp(rows[i]->collection, row->collection) == 0;
		if (!found)
			problem_list_error(
				out, missing_loc(loc, r, p, row->component), "KS1_MISSING",
				"%s is missing: every pupil in the %s return needs a result in "
				"each subject (use A when there is no judgement)",
				row->label, collection_label(COLL_KS1));
	}
}

/* One result against its row; the EYFS results are kept for validate_eyfsp. */
static void check_value(const struct codes *codes, const struct code_row *row,
			const struct stat_result *res, const char *who, const char *loc,
			struct problem_list *out)
{
	const struct comp_rule *cr;
	const struct code_row *other;
	enum collection c;

	if (stat_row_collection(row, &c) && (cr = comp_rule_of(c, row->component)) &&
	    cr->below_test && !code_row_allows(row, res->result) &&
	    (other = other_row_allowing(codes, row, res->result))) {
		char allowed[256];
		code_row_allowed_list(row, allowed, sizeof(allowed));
		problem_list_error(out, loc, "KS2_TESTED",
				   "%s: %.15s is not allowed; only pupils working below the test "
				   "standard have this teacher assessment (%s): for a pupil who "
				   "takes the test, leave it out",
				   row->label, res->result, allowed);
		return;
	}
	validate_result(row, res->result, who, loc, out);
}

/* "Jo Bloggs" for the start of a message ("the pupil" when the return names
 * none). */
static void pupil_name(const struct stat_pupil *p, char *buf, size_t size)
{
	if (p->forename[0] && p->surname[0])
		snprintf(buf, size, "%s %s", p->forename, p->surname);
	else if (p->forename[0] || p->surname[0])
		snprintf(buf, size, "%s", p->forename[0] ? p->forename : p->surname);
	else
		snprintf(buf, size, "the pupil");
}

_Static_assert(ELG__MAX <= 32, "a stat_elsewhere's ELGs fit its bits");

/* The child's EYFS profile (validate_eyfsp), and EYFSP_SPLIT when another
 * school's return holds some of its ELGs: a query, since which school returns
 * the profile turns on when the child moved (the school they attend from the
 * second half of the summer term), which pupiltrack does not know, and an
 * error would hold back a school that cannot take the child out of its return
 * itself. The ELGs held there are not asked for here (EYFSP_MISSING's "enter
 * it" cannot be done: the other school's results are its own). */
static void check_eyfsp(const struct stat_pupil *p, const struct codes *codes,
			const char *const elg_res[static ELG__MAX], const char *const *elg_locp,
			const char *who, const char *ploc, const struct stat_options *opt,
			struct problem_list *out)
{
	struct stat_elsewhere other = { 0 };
	char count[16];
	int n = 0;

	if (!opt || !opt->eyfsp_elsewhere || !opt->eyfsp_elsewhere(opt->eyfsp_ctx, p->upn, &other))
		other.elgs = 0;
	for (int e = 0; e < ELG__MAX; e++)
		n += (other.elgs >> e) & 1;
	snprintf(count, sizeof(count), n == ELG__MAX ? "all" : "%d", n);
	if (n)
		problem_list_query(
			out, ploc, "EYFSP_SPLIT",
			"%s: %s of the %d early learning goals %s held in the return of "
			"%s, so two schools would return this EYFS profile: agree with "
			"that school which one returns it (the school the child attends "
			"from the second half of the summer term); the other removes its "
			"results for the child",
			who, count, ELG__MAX, n == 1 ? "is" : "are", other.school);
	validate_eyfsp_part(codes, elg_res, elg_locp, who, ploc, other.elgs, out);
}

char *stat_pupil_who(const struct stat_pupil *p, char *buf, size_t size)
{
	char name[2 * PERSON_NAME_MAX + 2];

	pupil_name(p, name, sizeof(name));
	snprintf(buf, size, "%s%s%s%s", name, p->upn[0] ? " (UPN " : "", p->upn,
		 p->upn[0] ? ")" : "");
	return buf;
}

void stat_check_results(const struct stat_return *r, const struct stat_pupil *p,
			const struct codes *codes, const struct stat_options *opt,
			struct problem_list *out)
{
	const char *elg_res[ELG__MAX] = { 0 };
	const char *elg_locp[ELG__MAX] = { 0 };
	char elg_locs[ELG__MAX][PROBLEM_LOC_MAX];
	char loc[PROBLEM_LOC_MAX], ploc[PROBLEM_LOC_MAX];
	char name[2 * PERSON_NAME_MAX + 2], who[sizeof(name) + STAT_UPN_MAX + 8];
	const struct code_row **rows = NULL;
	bool has[COLL__MAX] = { 0 };
	enum collection c;
	enum elg e;

	if (!p->nresults)
		return;
	rows = xcalloc(p->nresults, sizeof(*rows));
	pupil_name(p, name, sizeof(name));
	stat_pupil_who(p, who, sizeof(who));
	stat_loc(ploc, r, p, p->upn_pos.line ? p->upn_pos : p->pos, NULL);
	for (size_t i = 0; i < p->nresults; i++) {
		const struct stat_result *res = &p->results[i];
		const struct code_row *row;
		bool dup = false;

		stat_loc(loc, r, p, res->pos, res->component);
		if (res->too_long) {
			problem_list_error(out, loc, "VALUE_LONG",
					   "a field of this result is longer than any CTF code: "
					   "correct it in the MIS");
			continue;
		}
		row = stat_result_row(codes, res);
		if (!row) {
			if (component_known(codes, res))
				problem_list_error(
					out, loc, "RESULT_QUAL",
					"result qualifier \"%.10s\" is not one the code "
					"table has for %s %s: export the file again with "
					"this year's codes",
					res->qualifier, res->stage, res->component);
			continue;
		}
		if (strcmp(row->subject, res->subject) != 0 ||
		    strcmp(row->method, res->method) != 0) {
			problem_list_error(
				out, loc, "RESULT_CODING",
				"%s is coded with subject %.10s and method %.10s; the code "
				"table says %s and %s: export the file again with this "
				"year's codes",
				row->label, res->subject, res->method, row->subject, row->method);
			continue;
		}
		for (size_t j = 0; j < i && !dup; j++)
			dup = rows[j] == row && strcmp(p->results[j].year, res->year) == 0;
		if (dup) {
			problem_list_error(
				out, loc, "RESULT_DUP",
				"%s appears twice for this pupil in %.10s: keep one result",
				row->label, res->year);
			continue;
		}
		rows[i] = row;
		if (!stat_row_collection(row, &c)) {
			validate_result(row, res->result, name, loc, out);
			continue;
		}
		has[c] = true;
		if (c == COLL_EYFSP && elg_parse(row->component, &e)) {
			elg_res[e] = res->result;
			snprintf(elg_locs[e], sizeof(elg_locs[e]), "%s", loc);
			elg_locp[e] = elg_locs[e];
			continue;
		}
		check_value(codes, row, res, name, loc, out);
	}
	if (has[COLL_EYFSP])
		check_eyfsp(p, codes, elg_res, elg_locp, who, ploc, opt, out);
	if (has[COLL_PHONICS])
		check_phonics(r, p, rows, opt, out);
	if (has[COLL_KS2])
		check_required(r, p, codes, rows, COLL_KS2, out);
	if (has[COLL_KS1])
		check_ks1_complete(r, p, codes, rows, out);
	free(rows);
}
