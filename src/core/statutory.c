/*
 * statutory: the return model and its header, pupil and duplicate rules (see
 * statutory.h). The per-collection result rules are in statutory_results.c.
 */
#include "core/statutory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/statutory_rules.h"
#include "core/upn.h"
#include "core/validate.h"

struct coll_info {
	const char *code;     /* code table collection */
	const char *label;    /* what a person reads */
	const char *alias;    /* another accepted spelling, or NULL */
	int year_lo, year_hi; /* year groups the collection is for */
};

static const struct coll_info coll_info[] = {
	[COLL_EYFSP] = { "eyfsp", "EYFS profile", "fsp", YEAR_R, YEAR_R },
	[COLL_PHONICS] = { "phonics", "phonics screening check", "pho", 1, 2 },
	[COLL_KS1] = { "ks1", "KS1 teacher assessment", NULL, 2, 2 },
	[COLL_KS2] = { "ks2", "KS2 teacher assessment", "ks2ta", 6, 6 },
};
_Static_assert(sizeof(coll_info) / sizeof(coll_info[0]) == COLL__MAX, "collection table");

const char *collection_code(enum collection c)
{
	return (unsigned)c < COLL__MAX ? coll_info[c].code : "";
}

const char *collection_label(enum collection c)
{
	return (unsigned)c < COLL__MAX ? coll_info[c].label : "";
}

static bool eq_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return *a == *b;
}

bool collection_parse(const char *s, enum collection *out)
{
	if (!s)
		return false;
	for (int c = 0; c < COLL__MAX; c++) {
		if (eq_nocase(s, coll_info[c].code) ||
		    (coll_info[c].alias && eq_nocase(s, coll_info[c].alias)) ||
		    (c == COLL_EYFSP && eq_nocase(s, "eyfs"))) {
			*out = (enum collection)c;
			return true;
		}
	}
	return false;
}

void stat_return_init(struct stat_return *r)
{
	memset(r, 0, sizeof(*r));
}

void stat_return_release(struct stat_return *r)
{
	for (size_t i = 0; i < r->npupils; i++)
		free(r->pupils[i].results);
	free(r->pupils);
	stat_return_init(r);
}

struct stat_pupil *stat_return_add_pupil(struct stat_return *r)
{
	if (r->npupils == r->alloc) {
		r->alloc = r->alloc ? r->alloc * 2 : 32;
		r->pupils = xrealloc(r->pupils, r->alloc * sizeof(*r->pupils));
	}
	memset(&r->pupils[r->npupils], 0, sizeof(r->pupils[0]));
	return &r->pupils[r->npupils++];
}

struct stat_result *stat_pupil_add_result(struct stat_pupil *p)
{
	if (p->nresults == p->alloc) {
		p->alloc = p->alloc ? p->alloc * 2 : 4;
		p->results = xrealloc(p->results, p->alloc * sizeof(*p->results));
	}
	memset(&p->results[p->nresults], 0, sizeof(p->results[0]));
	return &p->results[p->nresults++];
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool stat_copy(char *dst, size_t size, const char *src)
{
	size_t start = 0, end = src ? strlen(src) : 0, n;
	bool fits = true;

	while (start < end && is_space(src[start]))
		start++;
	while (end > start && is_space(src[end - 1]))
		end--;
	n = end - start;
	if (n >= size) {
		fits = false;
		n = size - 1;
		/* do not cut a UTF-8 sequence in half */
		while (n > 0 && ((unsigned char)src[start + n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(dst, src + start, n);
	dst[n] = '\0';
	return fits;
}

void stat_field_set(struct stat_field *f, const char *text)
{
	stat_copy(f->text, sizeof(f->text), text);
	f->present = true;
}

char *stat_loc(char buf[static PROBLEM_LOC_MAX], const struct stat_return *r,
	       const struct stat_pupil *p, struct stat_pos pos, const char *what)
{
	if (pos.line)
		return problem_loc_text(buf, r->source[0] ? r->source : NULL, pos.line, pos.col);
	if (!p)
		snprintf(buf, PROBLEM_LOC_MAX, "%s", what ? what : "");
	else if (p->upn[0])
		snprintf(buf, PROBLEM_LOC_MAX, "pupil %s%s%s", p->upn, what ? " / " : "",
			 what ? what : "");
	else
		snprintf(buf, PROBLEM_LOC_MAX, "pupil %.60s, %.60s%s%s", p->surname, p->forename,
			 what ? " / " : "", what ? what : "");
	return buf;
}

const struct code_row *stat_result_row(const struct codes *codes, const struct stat_result *res)
{
	size_t n = codes ? codes_count(codes) : 0;

	for (size_t i = 0; i < n; i++) {
		const struct code_row *row = codes_row(codes, i);
		if (strcmp(row->stage, res->stage) == 0 &&
		    strcmp(row->component, res->component) == 0 &&
		    strcmp(row->result_qualifier, res->qualifier) == 0)
			return row;
	}
	return NULL;
}

bool stat_row_collection(const struct code_row *row, enum collection *out)
{
	for (int c = 0; c < COLL__MAX; c++) {
		if (strcmp(row->collection, coll_info[c].code) == 0) {
			*out = (enum collection)c;
			return true;
		}
	}
	return false;
}

/* A whole number written canonically ("0", "32"), into *v. */
bool stat_whole_number(const char *s, long *v)
{
	long n = 0;

	if (!s || !*s || (s[0] == '0' && s[1]))
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || n > 100000000L)
			return false;
		n = n * 10 + (*s - '0');
	}
	*v = n;
	return true;
}

const char *phonics_outcome(const char *mark)
{
	long v;

	if (!stat_whole_number(mark, &v) || v > 40)
		return NULL;
	return v >= PHONICS_THRESHOLD ? "Wa" : "Wt";
}

/* The header's academic year, or 0 when it is not a 4-digit year. */
int stat_academic_year(const struct stat_return *r)
{
	long v;

	if (strlen(r->header.academic_year.text) != 4 ||
	    !stat_whole_number(r->header.academic_year.text, &v) || v < 1990 || v > 2200)
		return 0;
	return (int)v;
}

int stat_pupil_year(const struct stat_return *r, const struct stat_pupil *p)
{
	struct date dob;
	int yg, ay = stat_academic_year(r);

	if (p->ncyear[0] && year_parse(p->ncyear, &yg))
		return yg;
	if (ay && date_parse_iso(p->dob, &dob))
		return year_group_of(dob, ay);
	return YEAR_NONE;
}

bool stat_pupil_has(const struct stat_pupil *p, const struct codes *codes, enum collection c)
{
	enum collection rc;

	for (size_t i = 0; i < p->nresults; i++) {
		const struct code_row *row = stat_result_row(codes, &p->results[i]);
		if (row && stat_row_collection(row, &rc) && rc == c)
			return true;
	}
	return false;
}

static bool header_present(const struct stat_header *h)
{
	return h->pos.line || h->ctf_version.present || h->source_lea.present;
}

static void hdr_missing(const struct stat_return *r, struct problem_list *out)
{
	char loc[PROBLEM_LOC_MAX];

	problem_list_error(out, stat_loc(loc, r, NULL, (struct stat_pos){ 0, 0 }, r->source),
			   "HDR_MISSING",
			   "the file has no CTF Header (document name, version, sending "
			   "school): it is not a complete common transfer file");
}

/* ---- header ---- */

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool two_digits(const char *s, int lo, int hi)
{
	int v;

	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return false;
	v = (s[0] - '0') * 10 + (s[1] - '0');
	return v >= lo && v <= hi;
}

/* xs:dateTime as CTF writes it: YYYY-MM-DDThh:mm:ss, optionally with a fraction
 * of a second and a zone (Z or +hh:mm). */
bool stat_datetime_parse(const char *s, struct date *out)
{
	char day[11];
	const char *t;

	if (strlen(s) < 19 || s[10] != 'T')
		return false;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!date_parse_iso(day, out))
		return false;
	t = s + 11;
	if (!two_digits(t, 0, 23) || t[2] != ':' || !two_digits(t + 3, 0, 59) || t[5] != ':' ||
	    !two_digits(t + 6, 0, 59))
		return false;
	t += 8;
	if (*t == '.') {
		t++;
		if (*t < '0' || *t > '9')
			return false;
		while (*t >= '0' && *t <= '9')
			t++;
	}
	if (*t == 'Z')
		t++;
	else if ((*t == '+' || *t == '-') && two_digits(t + 1, 0, 14) && t[3] == ':' &&
		 two_digits(t + 4, 0, 59))
		t += 6;
	return *t == '\0';
}

static const char *hdr_loc(char buf[static PROBLEM_LOC_MAX], const struct stat_return *r,
			   const struct stat_field *f, const char *what)
{
	struct stat_pos pos = f->present ? f->pos : r->header.pos;
	char w[64];

	snprintf(w, sizeof(w), "header / %s", what);
	return stat_loc(buf, r, NULL, pos, w);
}

static void check_version(const struct stat_return *r, int ay, struct problem_list *out)
{
	const struct stat_field *f = &r->header.ctf_version;
	char loc[PROBLEM_LOC_MAX], want[CTF_VERSION_MAX], prev[CTF_VERSION_MAX];
	int fy;

	hdr_loc(loc, r, f, "CTFversion");
	if (!f->text[0] || !ctf_version_parse(f->text, &fy)) {
		problem_list_error(out, loc, "HDR_VERSION_FMT",
				   "CTF version \"%.20s\" is not of the form NN.0 (e.g. 25.0 for "
				   "2025/26): export the file again from the MIS",
				   f->text);
		return;
	}
	if (!ay)
		return;
	switch (ctf_version_check(f->text, ay)) {
	case CTF_VERSION_CURRENT:
	case CTF_VERSION_PREVIOUS:
		return;
	default:
		problem_list_query(
			out, loc, "HDR_VERSION",
			"CTF version %s is neither the version for academic year %d/%02d "
			"(%s) nor the year before (%s): check the file was made for this "
			"year's return",
			f->text, ay, (ay + 1) % 100, ctf_version_format(ay, want),
			ctf_version_format(ay - 1, prev));
	}
}

static void check_source(const struct stat_return *r, const struct stat_options *opt,
			 struct problem_list *out)
{
	const struct stat_header *h = &r->header;
	char loc[PROBLEM_LOC_MAX];
	long la = 0, estab;

	if (!all_digits(h->source_lea.text, 3) || strcmp(h->source_lea.text, "000") == 0) {
		problem_list_error(out, hdr_loc(loc, r, &h->source_lea, "SourceSchool/LEA"),
				   "HDR_SOURCE",
				   "the sending school's LA number \"%.20s\" is not 3 digits: "
				   "export the file again from the MIS",
				   h->source_lea.text);
		return;
	}
	if (strcmp(h->source_estab.text, "LLLL") != 0 && !all_digits(h->source_estab.text, 4)) {
		problem_list_error(out, hdr_loc(loc, r, &h->source_estab, "SourceSchool/Estab"),
				   "HDR_SOURCE",
				   "the sending school's establishment number \"%.20s\" is not 4 "
				   "digits: export the file again from the MIS",
				   h->source_estab.text);
		return;
	}
	if (!opt || !opt->school_laestab)
		return;
	stat_whole_number(
		h->source_lea.text[0] == '0' ? h->source_lea.text + 1 : h->source_lea.text, &la);
	estab = strtol(h->source_estab.text, NULL, 10);
	if (strcmp(h->source_estab.text, "LLLL") == 0 || la * 10000 + estab != opt->school_laestab)
		problem_list_error(out, hdr_loc(loc, r, &h->source_estab, "SourceSchool/Estab"),
				   "HDR_SCHOOL",
				   "this file was made by %s/%s (%.60s), not by the school sending "
				   "it (%03d/%04d): export the file from your own school's MIS",
				   h->source_lea.text, h->source_estab.text, h->school_name.text,
				   opt->school_laestab / 10000, opt->school_laestab % 10000);
}

static void check_dest(const struct stat_return *r, struct problem_list *out)
{
	const struct stat_header *h = &r->header;
	const char *la = h->dest_lea.text, *es = h->dest_estab.text;
	char loc[PROBLEM_LOC_MAX];
	bool ok;

	if (all_digits(la, 3) && strcmp(la, "000") != 0)
		ok = all_digits(es, 4) || strcmp(es, "LLLL") == 0;
	else if (strcmp(la, "XXX") == 0)
		ok = strcmp(es, "XXXX") == 0;
	else if (strcmp(la, "MMM") == 0)
		ok = strcmp(es, "MMMM") == 0;
	else if (strcmp(la, "NAA") == 0)
		ok = strcmp(es, "LLLL") == 0; /* the national assessments agency (seed 001) */
	else
		ok = false;
	if (!ok)
		problem_list_error(out, hdr_loc(loc, r, &h->dest_lea, "DestSchool"), "HDR_DEST",
				   "the destination \"%.10s/%.10s\" is not an LA number and "
				   "establishment (e.g. 888/1234, 888/LLLL for the LA, XXX/XXXX "
				   "when not known, MMM/MMMM for a non-maintained school, NAA/LLLL "
				   "for the national assessments agency)",
				   la, es);
}

static void check_urn(const struct stat_return *r, const struct stat_field *f, const char *what,
		      struct problem_list *out)
{
	char loc[PROBLEM_LOC_MAX];

	if (f->text[0] && !all_digits(f->text, 6))
		problem_list_error(out, hdr_loc(loc, r, f, what), "HDR_URN",
				   "URN \"%.20s\" is not 6 digits: correct it in the MIS or leave "
				   "it out",
				   f->text);
}

bool statutory_check_header(const struct stat_return *r, const struct stat_options *opt,
			    struct problem_list *out)
{
	const struct stat_header *h = &r->header;
	size_t before = problem_list_count_errors(out);
	char loc[PROBLEM_LOC_MAX];
	struct date d;
	int ay;

	if (!header_present(h)) {
		hdr_missing(r, out);
		return false;
	}
	if (strcmp(h->document_name.text, "Common Transfer File") != 0)
		problem_list_error(out, hdr_loc(loc, r, &h->document_name, "DocumentName"),
				   "HDR_DOCNAME",
				   "the document name \"%.40s\" should be \"Common Transfer File\"",
				   h->document_name.text);
	ay = stat_academic_year(r);
	if (!ay)
		problem_list_error(
			out, hdr_loc(loc, r, &h->academic_year, "AcademicYear"), "HDR_YEAR",
			"the academic year \"%.20s\" is not a 4-digit start year (2025 for "
			"2025/26)",
			h->academic_year.text);
	check_version(r, ay, out);
	if (!stat_datetime_parse(h->date_time.text, &d))
		problem_list_error(out, hdr_loc(loc, r, &h->date_time, "DateTime"), "HDR_DATETIME",
				   "the file's date and time \"%.30s\" is not of the form "
				   "YYYY-MM-DDThh:mm:ss",
				   h->date_time.text);
	check_source(r, opt, out);
	check_urn(r, &h->source_urn, "SourceSchool/URN", out);
	check_dest(r, out);
	check_urn(r, &h->dest_urn, "DestSchool/URN", out);
	return problem_list_count_errors(out) == before;
}

/* ---- pupils ---- */

static void check_identity(const struct stat_return *r, const struct stat_pupil *p,
			   const struct stat_options *opt, struct problem_list *out)
{
	char loc[PROBLEM_LOC_MAX];
	struct date dob, today = { 0 };
	enum gender g;

	stat_loc(loc, r, p, p->upn_pos.line ? p->upn_pos : p->pos, "UPN");
	if (validate_upn(p->upn, loc, out) && upn_is_temporary(p->upn))
		problem_list_query(out, loc, "UPN_TEMPORARY",
				   "%s is a temporary UPN: statutory returns need the pupil's "
				   "permanent UPN; ask the previous school or the LA for it",
				   p->upn);
	if (p->names_too_long)
		problem_list_error(out, stat_loc(loc, r, p, p->name_pos, "name"), "NAME_LONG",
				   "a name is longer than %d bytes: shorten it in the MIS",
				   PERSON_NAME_MAX);
	validate_name(p->surname, "surname", stat_loc(loc, r, p, p->name_pos, "surname"), out);
	validate_name(p->forename, "forename", stat_loc(loc, r, p, p->forename_pos, "forename"),
		      out);

	stat_loc(loc, r, p, p->dob_pos.line ? p->dob_pos : p->pos, "date of birth");
	if (opt && opt->today.year)
		today = opt->today;
	else if (!stat_datetime_parse(r->header.date_time.text, &today))
		today.year = 0;
	if (!p->dob[0]) {
		problem_list_error(out, loc, "DOB_EMPTY",
				   "no date of birth: add it in the MIS and export again");
	} else if (!date_parse_iso(p->dob, &dob)) {
		problem_list_error(out, loc, "DOB_INVALID",
				   "date of birth \"%.20s\" is not a real date written YYYY-MM-DD",
				   p->dob);
	} else if (today.year) {
		validate_dob(dob, today, loc, out);
	}
	validate_gender_text(p->gender, stat_loc(loc, r, p, p->gender_pos, "sex"), &g, out);
}

/* DOB_COHORT: a pupil whose age is not that of the collection's year group. */
static void check_cohort(const struct stat_return *r, const struct stat_pupil *p,
			 const struct codes *codes, struct problem_list *out)
{
	char loc[PROBLEM_LOC_MAX], ybuf[YEAR_LABEL_MAX], wbuf[YEAR_LABEL_MAX];
	int ay = stat_academic_year(r), yg;
	bool has[COLL__MAX] = { 0 };
	enum collection rc;
	struct date dob;

	if (!ay || !date_parse_iso(p->dob, &dob))
		return;
	yg = year_group_of(dob, ay);
	for (size_t i = 0; i < p->nresults; i++) {
		const struct code_row *row = stat_result_row(codes, &p->results[i]);
		if (row && stat_row_collection(row, &rc))
			has[rc] = true;
	}
	for (int c = 0; c < COLL__MAX; c++) {
		const struct coll_info *ci = &coll_info[c];
		if (!has[c] || (yg >= ci->year_lo && yg <= ci->year_hi))
			continue;
		year_label(yg, ybuf);
		year_label(ci->year_lo, wbuf);
		problem_list_query(
			out,
			stat_loc(loc, r, p, p->dob_pos.line ? p->dob_pos : p->pos, "date of birth"),
			"DOB_COHORT",
			"date of birth %s makes this pupil %s in %d/%02d, but the %s is for %s%s: "
			"check the date of birth (a pupil taught outside their year group is fine)",
			p->dob, ybuf, ay, (ay + 1) % 100, ci->label, wbuf,
			ci->year_hi != ci->year_lo ? " and retakes" : "");
	}
}

bool statutory_check_pupil(const struct stat_return *r, const struct stat_pupil *p,
			   const struct codes *codes, const struct stat_options *opt,
			   struct problem_list *out)
{
	size_t before = problem_list_count_errors(out);
	char loc[PROBLEM_LOC_MAX];
	int yg;

	check_identity(r, p, opt, out);
	if (p->ncyear[0] && !year_parse(p->ncyear, &yg))
		problem_list_error(out, stat_loc(loc, r, p, p->ncyear_pos, "NC year"),
				   "NCYEAR_CODE",
				   "NC year \"%.10s\" is not a year group (R, 1 to 14, N1, N2)",
				   p->ncyear);
	check_cohort(r, p, codes, out);
	stat_check_results(r, p, codes, opt, out);
	return problem_list_count_errors(out) == before;
}

/* ---- UPN_DUPLICATE: a set of the UPNs seen, with their first pupil ---- */

enum { DUP_NAME_SHOWN = 60 }; /* bytes of the first pupil's names the message shows */

static uint32_t upn_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static const char *upn_entry_upn(const struct stat_upn_set *set, uint32_t slot)
{
	return set->bytes + (slot - 1) + sizeof(uint32_t);
}

static void upn_set_grow(struct stat_upn_set *set)
{
	size_t n = set->nslots ? set->nslots * 2 : 64;
	uint32_t *slots = xcalloc(n, sizeof(*slots));

	for (size_t i = 0; i < set->nslots; i++) {
		uint32_t v = set->slots[i];
		size_t j;
		if (!v)
			continue;
		j = upn_hash(upn_entry_upn(set, v)) & (n - 1);
		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = v;
	}
	free(set->slots);
	set->slots = slots;
	set->nslots = n;
}

static void upn_bytes_add(struct stat_upn_set *set, const void *data, size_t n)
{
	if (set->used + n > set->alloc) {
		size_t a = set->alloc ? set->alloc : 4096;
		while (set->used + n > a)
			a *= 2;
		set->bytes = xrealloc(set->bytes, a);
		set->alloc = a;
	}
	memcpy(set->bytes + set->used, data, n);
	set->used += n;
}

static void upn_bytes_str(struct stat_upn_set *set, const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	upn_bytes_add(set, s, n);
	upn_bytes_add(set, "", 1);
}

/* The entry of p's UPN when an earlier pupil had it (*first_line, names), else
 * adds p's and returns NULL. */
static const char *upn_set_seen(struct stat_upn_set *set, const struct stat_pupil *p,
				uint32_t *first_line)
{
	uint32_t line = p->upn_pos.line;
	size_t j;

	if (set->count * 2 >= set->nslots)
		upn_set_grow(set);
	j = upn_hash(p->upn) & (set->nslots - 1);
	while (set->slots[j]) {
		const char *e = set->bytes + (set->slots[j] - 1);
		if (strcmp(e + sizeof(uint32_t), p->upn) == 0) {
			memcpy(first_line, e, sizeof(uint32_t));
			return e + sizeof(uint32_t);
		}
		j = (j + 1) & (set->nslots - 1);
	}
	if (set->used >= UINT32_MAX - 4096)
		return NULL; /* 4 GB of UPNs: no return is that big */
	set->slots[j] = (uint32_t)set->used + 1;
	set->count++;
	upn_bytes_add(set, &line, sizeof(line));
	upn_bytes_str(set, p->upn, STAT_UPN_MAX);
	upn_bytes_str(set, p->forename, DUP_NAME_SHOWN);
	upn_bytes_str(set, p->surname, DUP_NAME_SHOWN);
	return NULL;
}

static void upn_set_release(struct stat_upn_set *set)
{
	free(set->slots);
	free(set->bytes);
	memset(set, 0, sizeof(*set));
}

/* UPN_DUPLICATE for p when an earlier pupil in set had its UPN; adds p's UPN. */
static void check_duplicate(struct stat_upn_set *set, const struct stat_return *r,
			    const struct stat_pupil *p, struct problem_list *out)
{
	char loc[PROBLEM_LOC_MAX];
	const char *upn, *forename, *surname;
	uint32_t first_line = 0;

	if (!p->upn[0])
		return;
	upn = upn_set_seen(set, p, &first_line);
	if (!upn)
		return;
	forename = upn + strlen(upn) + 1;
	surname = forename + strlen(forename) + 1;
	stat_loc(loc, r, p, p->upn_pos.line ? p->upn_pos : p->pos, "UPN");
	if (first_line)
		problem_list_error(out, loc, "UPN_DUPLICATE",
				   "duplicate UPN %s: also the UPN of %.60s %.60s (line %u); "
				   "each pupil needs their own UPN, so check both records",
				   p->upn, forename, surname, (unsigned)first_line);
	else
		problem_list_error(out, loc, "UPN_DUPLICATE",
				   "duplicate UPN %s: also the UPN of %.60s %.60s; each pupil "
				   "needs their own UPN, so check both records",
				   p->upn, forename, surname);
}

bool statutory_check_duplicates(const struct stat_return *r, struct problem_list *out)
{
	size_t before = problem_list_count_errors(out);
	struct stat_upn_set set = { 0 };

	for (size_t i = 0; i < r->npupils; i++)
		check_duplicate(&set, r, &r->pupils[i], out);
	upn_set_release(&set);
	return problem_list_count_errors(out) == before;
}

/* ---- the stream form: one pupil at a time ---- */

void statutory_stream_begin(struct stat_stream_check *s, const struct codes *codes,
			    const struct stat_options *opt, struct problem_list *out)
{
	memset(s, 0, sizeof(*s));
	s->codes = codes;
	s->opt = opt;
	s->out = out;
	s->errors_before = problem_list_count_errors(out);
}

void statutory_stream_header(struct stat_stream_check *s, const struct stat_return *r)
{
	s->header_seen = true;
	statutory_check_header(r, s->opt, s->out);
}

void statutory_stream_pupil(struct stat_stream_check *s, const struct stat_return *r,
			    const struct stat_pupil *p)
{
	s->npupils++;
	statutory_check_pupil(r, p, s->codes, s->opt, s->out);
	check_duplicate(&s->upns, r, p, s->out);
}

bool statutory_stream_end(struct stat_stream_check *s, const struct stat_return *r)
{
	if (!s->header_seen)
		hdr_missing(r, s->out);
	return problem_list_count_errors(s->out) == s->errors_before;
}

void statutory_stream_release(struct stat_stream_check *s)
{
	upn_set_release(&s->upns);
}

bool statutory_check(const struct stat_return *r, const struct codes *codes,
		     const struct stat_options *opt, struct problem_list *out)
{
	struct stat_stream_check s;
	bool ok;

	statutory_stream_begin(&s, codes, opt, out);
	if (header_present(&r->header))
		statutory_stream_header(&s, r);
	for (size_t i = 0; i < r->npupils; i++)
		statutory_stream_pupil(&s, r, &r->pupils[i]);
	ok = statutory_stream_end(&s, r);
	statutory_stream_release(&s);
	return ok;
}
