/*
 * pupil_import: the pupil upload (see pupil_import.h). The CSV reader locates
 * every field; each field goes through its core/validate rule with that location;
 * the database is only read while checking, and written in one transaction.
 */
#include "app/pupil_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/file_kind.h"
#include "base/xalloc.h"
#include "core/validate.h"
#include "formats/csv.h"

const char *const pupil_import_header[IMPORT_COLUMNS] = {
	"UPN", "Surname",     "Forename",
	"DOB", "Gender",      "Postcode",
	"FSM", "Ethnic code", "English as additional language",
	"SEN", "LCCNo",
};

const char *const pupil_import_hint[IMPORT_COLUMNS] = {
	"",
	"",
	"",
	"dd/mm/yyyy",
	"M or F",
	"",
	"Allow Y, N or blank",
	"",
	"Allow Y, N or blank",
	"Allow SEN_K, SEN_E, SEN_N or blank",
	"For office use only",
};

enum col {
	C_UPN,
	C_SURNAME,
	C_FORENAME,
	C_DOB,
	C_GENDER,
	C_POSTCODE,
	C_FSM,
	C_ETHNIC,
	C_EAL,
	C_SEN
};

/* src without surrounding spaces and tabs into dst (cap bytes, cut at a UTF-8
 * boundary). */
static void trim_into(char *dst, size_t cap, const char *src)
{
	size_t n;

	while (*src == ' ' || *src == '\t')
		src++;
	n = strlen(src);
	while (n > 0 && (src[n - 1] == ' ' || src[n - 1] == '\t'))
		n--;
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static bool header_matches(const struct csv_row *r)
{
	char t[64];

	if (r->n < IMPORT_COLUMNS - 1)
		return false;
	for (size_t i = 0; i < IMPORT_COLUMNS - 1; i++) {
		trim_into(t, sizeof(t), r->fields[i].text);
		if (strcasecmp(t, pupil_import_header[i]) != 0)
			return false;
	}
	return true;
}

/* The template's second line explains the columns ("dd/mm/yyyy", "M or F"). */
static bool is_hint_row(const struct csv_row *r)
{
	char t[32];

	if (r->n <= C_DOB)
		return false;
	trim_into(t, sizeof(t), r->fields[C_DOB].text);
	return strcasecmp(t, "dd/mm/yyyy") == 0;
}

static bool same_record(const struct pupil *a, const struct pupil *b)
{
	return strcmp(a->surname, b->surname) == 0 && strcmp(a->forenames, b->forenames) == 0 &&
	       date_cmp(a->dob, b->dob) == 0 && a->gender == b->gender &&
	       strcmp(a->postcode, b->postcode) == 0 && a->fsm == b->fsm &&
	       strcmp(a->ethnicity, b->ethnicity) == 0 && a->eal == b->eal && a->sen == b->sen;
}

/* Validates one data row into *p; true when it added no error. */
static bool read_row(const struct csv *c, const struct csv_row *r, struct date today,
		     struct pupil *p, struct problem_list *pl)
{
	const struct csv_field *f = r->fields;
	char loc[PROBLEM_LOC_MAX], name[PERSON_NAME_MAX * 2 + 2];
	size_t errors = pl->errors;

	if (r->n < IMPORT_COLUMNS - 1 || r->n > IMPORT_COLUMNS) {
		problem_list_error(pl, problem_loc_text(loc, c->file, r->line, 1), "CSV_COLUMNS",
				   "this row has %zu columns but the upload template has %d (UPN "
				   "to LCCNo); check the row was not split or joined",
				   r->n, IMPORT_COLUMNS);
		return false;
	}
	validate_upn_text(f[C_UPN].text, csv_field_loc(c, &f[C_UPN], loc), p->upn, pl);
	trim_into(name, sizeof(name), f[C_SURNAME].text);
	if (validate_name(name, "surname", csv_field_loc(c, &f[C_SURNAME], loc), pl))
		trim_into(p->surname, sizeof(p->surname), name);
	trim_into(name, sizeof(name), f[C_FORENAME].text);
	if (validate_name(name, "forename", csv_field_loc(c, &f[C_FORENAME], loc), pl))
		trim_into(p->forenames, sizeof(p->forenames), name);
	validate_dob_text(f[C_DOB].text, today, csv_field_loc(c, &f[C_DOB], loc), &p->dob, pl);
	validate_gender_text(f[C_GENDER].text, csv_field_loc(c, &f[C_GENDER], loc), &p->gender, pl);
	validate_postcode_text(f[C_POSTCODE].text, csv_field_loc(c, &f[C_POSTCODE], loc),
			       p->postcode, pl);
	validate_yes_no_text(f[C_FSM].text, "FSM", true, csv_field_loc(c, &f[C_FSM], loc), &p->fsm,
			     pl);
	validate_ethnicity_text(f[C_ETHNIC].text, csv_field_loc(c, &f[C_ETHNIC], loc), p->ethnicity,
				pl);
	validate_yes_no_text(f[C_EAL].text, "English as additional language", true,
			     csv_field_loc(c, &f[C_EAL], loc), &p->eal, pl);
	validate_sen_text(f[C_SEN].text, csv_field_loc(c, &f[C_SEN], loc), &p->sen, pl);
	return pl->errors == errors;
}

/* The UPNs of a file seen so far (an open-addressing hash set, keyed by UPN,
 * holding the index of the row in imp->rows), and the stored pupils with the
 * file's UPNs, read once and sorted by UPN. */
struct import_lookup {
	size_t *slot;	      /* row index + 1; 0 = empty */
	size_t nslots;	      /* a power of two, at least twice the rows */
	struct pupil *stored; /* sorted by UPN */
	size_t nstored;
};

static size_t upn_hash(const char *upn)
{
	size_t h = 2166136261u;

	for (; *upn; upn++)
		h = (h ^ (unsigned char)*upn) * 16777619u;
	return h;
}

/* The slot of upn: the row of imp holding it, or the empty slot where it goes. */
static size_t *upn_slot(struct import_lookup *lk, const struct pupil_import *imp, const char *upn)
{
	size_t k = upn_hash(upn) & (lk->nslots - 1);

	while (lk->slot[k] && strcmp(imp->rows[lk->slot[k] - 1].p.upn, upn) != 0)
		k = (k + 1) & (lk->nslots - 1);
	return &lk->slot[k];
}

static int stored_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pupil *)a)->upn, ((const struct pupil *)b)->upn);
}

/* Reads the stored pupils of every UPN the rows from first on give (one
 * statement). */
static enum err lookup_read(struct store_conn *db, const struct csv *c, size_t first,
			    struct import_lookup *lk)
{
	char(*upns)[UPN_LEN + 1] = xcalloc(c->nrows + 1, sizeof(*upns));
	const char **list = xcalloc(c->nrows + 1, sizeof(*list));
	struct problem_list scratch;
	size_t n = 0;
	enum err e;

	/* the UPNs as read_row will read them; its problems are reported there */
	problem_list_init(&scratch);
	for (size_t i = first; i < c->nrows; i++) {
		const struct csv_row *r = &c->rows[i];
		if (r->bad || r->n < IMPORT_COLUMNS - 1 || r->n > IMPORT_COLUMNS)
			continue;
		if (validate_upn_text(r->fields[C_UPN].text, "", upns[n], &scratch)) {
			list[n] = upns[n];
			n++;
		}
		problem_list_release(&scratch);
		problem_list_init(&scratch);
	}
	problem_list_release(&scratch);
	e = store_pupils_by_upn(db, list, n, &lk->stored, &lk->nstored);
	if (!e && lk->nstored > 1)
		qsort(lk->stored, lk->nstored, sizeof(*lk->stored), stored_cmp);
	free(list);
	free(upns);
	return e;
}

/* Sorts a valid row into new / changed / unchanged against the stored pupils;
 * an error when the UPN is at another school or twice in the file. */
static enum err classify(struct import_lookup *lk, bool offline, const struct csv *c,
			 const struct csv_row *r, struct pupil_import *imp,
			 struct pupil_import_row *row)
{
	char loc[PROBLEM_LOC_MAX];
	const struct pupil_import_row *twice = NULL;
	const struct pupil *found;
	size_t *slot;
	struct pupil old;

	csv_field_loc(c, &r->fields[C_UPN], loc);
	slot = upn_slot(lk, imp, row->p.upn);
	if (*slot)
		twice = &imp->rows[*slot - 1];
	if (twice) {
		problem_list_error(&imp->problems, loc, "UPN_TWICE",
				   "UPN %s is also on line %ld of this file; each pupil "
				   "may appear only once",
				   row->p.upn, twice->line);
		return ERR_INVALID;
	}
	if (offline) { /* checked offline: the field rules only */
		row->kind = IMPORT_NEW;
		return ERR_OK;
	}
	found = lk->nstored ?
			bsearch(&row->p, lk->stored, lk->nstored, sizeof(*lk->stored), stored_cmp) :
			NULL;
	if (!found) {
		row->kind = IMPORT_NEW;
		return ERR_OK;
	}
	old = *found;
	if (old.establishment_id != imp->estab.id) {
		problem_list_error(&imp->problems, loc, "UPN_ELSEWHERE",
				   "pupil %s (line %ld) is already on the tracker at another "
				   "school; remove the row and ask for a transfer on the "
				   "Transfers page, so the pupil's history comes with them",
				   row->p.upn, r->line);
		return ERR_INVALID;
	}
	/* The file's fields over the stored record; the rest is kept. */
	if (same_record(&old, &row->p)) {
		row->kind = IMPORT_UNCHANGED;
		row->p = old;
		return ERR_OK;
	}
	memcpy(old.surname, row->p.surname, sizeof(old.surname));
	memcpy(old.forenames, row->p.forenames, sizeof(old.forenames));
	old.dob = row->p.dob;
	old.gender = row->p.gender;
	memcpy(old.postcode, row->p.postcode, sizeof(old.postcode));
	old.fsm = row->p.fsm;
	memcpy(old.ethnicity, row->p.ethnicity, sizeof(old.ethnicity));
	old.eal = row->p.eal;
	old.sen = row->p.sen;
	row->kind = IMPORT_CHANGED;
	row->p = old;
	return ERR_OK;
}

/* The line of a "FILE:LINE:COL" location of the CSV named file; 0 when there is
 * none. */
static long loc_line(const char *location, const char *file)
{
	char prefix[PROBLEM_LOC_MAX];
	size_t n = strlen(problem_loc_text(prefix, file, 0, 0));

	if (!file || !*file)
		return strtol(location, NULL, 10);
	if (strncmp(location, prefix, n) != 0 || location[n] != ':')
		return 0;
	return strtol(location + n + 1, NULL, 10);
}

/* Moves the reader's problems (from *next on) up to line into out, so that they
 * come in file order among the rows' problems; line < 0 moves them all. */
static void reader_problems_to(const struct problem_list *reader, size_t *next, const char *file,
			       long line, struct problem_list *out)
{
	for (; *next < reader->count; ++*next) {
		const struct problem *p = &reader->items[*next];
		if (line >= 0 && loc_line(p->location, file) > line)
			break;
		problem_list_add(out, p->severity, p->location, p->code, "%s", p->message);
	}
}

enum err pupil_import_check(struct store_conn *db, const struct establishment *estab,
			    const char *file, const char *data, size_t len, size_t max_bytes,
			    struct date today, struct pupil_import *out)
{
	struct import_lookup lk = { 0 };
	struct csv c;
	size_t first = 1, cap = 0;
	char loc[PROBLEM_LOC_MAX], root[FILE_ROOT_MAX];
	struct problem_list reader;
	size_t next = 0;
	const char *refusal;
	enum err e;

	memset(out, 0, sizeof(*out));
	out->estab = *estab;
	snprintf(out->file, sizeof(out->file), "%s", file ? file : "");
	problem_list_init(&out->problems);
	/* another kind of file (a CTF, a workbook): one message saying where it goes */
	refusal = file_kind_refusal(file_kind_of(data, len < FILE_KIND_HEAD ? len : FILE_KIND_HEAD,
						 root),
				    FILE_KIND_PUPIL_CSV);
	if (refusal) {
		problem_list_error(&out->problems, problem_loc_text(loc, file, 1, 1), "FILE_KIND",
				   "%s", refusal);
		return ERR_INVALID;
	}
	/* a stray quote spoils its row only: the other rows are checked too; the
	 * reader's problems join the rows' in file order */
	problem_list_init(&reader);
	e = csv_parse(file, data, len, max_bytes, &c, &reader);
	if (e == ERR_TOO_BIG || (e && c.nrows == 0))
		goto done;
	if (c.nrows == 0) {
		problem_list_error(&out->problems, problem_loc_text(loc, c.file, 1, 1), "CSV_EMPTY",
				   "the file is empty; download the upload template, add one row "
				   "per pupil under its header and upload it again");
		e = ERR_INVALID;
		goto done;
	}
	if (c.rows[0].bad || !header_matches(&c.rows[0])) {
		reader_problems_to(&reader, &next, c.file, 0, &out->problems);
		problem_list_error(&out->problems, problem_loc_text(loc, c.file, 1, 1),
				   "CSV_HEADER",
				   "the first line must be the upload template's header (UPN, "
				   "Surname, Forename, DOB, Gender, Postcode, FSM, Ethnic code, "
				   "English as additional language, SEN, LCCNo); download the "
				   "template and paste the pupils under it");
		e = ERR_INVALID;
		goto done;
	}
	if (c.nrows > 1 && !c.rows[1].bad && is_hint_row(&c.rows[1]))
		first = 2;
	out->rows_checked = true;
	for (lk.nslots = 64; lk.nslots < 2 * c.nrows; lk.nslots *= 2)
		;
	lk.slot = xcalloc(lk.nslots, sizeof(*lk.slot));
	if (db) {
		e = lookup_read(db, &c, first, &lk);
		if (e)
			goto done;
	}
	for (size_t i = first; i < c.nrows; i++) {
		struct pupil_import_row row = { .line = c.rows[i].line };

		row.p.establishment_id = estab->id;
		row.p.include_in_data = true;
		reader_problems_to(&reader, &next, c.file, c.rows[i].line, &out->problems);
		/* the reader's problem is listed; its fields are not to be trusted */
		if (c.rows[i].bad || !read_row(&c, &c.rows[i], today, &row.p, &out->problems)) {
			out->rejected++;
			continue;
		}
		e = classify(&lk, !db, &c, &c.rows[i], out, &row);
		if (e == ERR_INVALID) {
			out->rejected++;
			continue;
		}
		if (e)
			goto done;
		if (out->nrows == cap) {
			cap = cap ? cap * 2 : 64;
			out->rows = xrealloc(out->rows, cap * sizeof(*out->rows));
		}
		out->rows[out->nrows++] = row;
		out->counts[row.kind]++;
		*upn_slot(&lk, out, row.p.upn) = out->nrows;
	}
	reader_problems_to(&reader, &next, c.file, -1, &out->problems);
	if (first >= c.nrows) /* where the first pupil belongs */
		problem_list_error(&out->problems,
				   problem_loc_text(loc, c.file, c.rows[c.nrows - 1].line + 1, 1),
				   "CSV_EMPTY",
				   "the file has no pupils under the header; add one row per "
				   "pupil and upload it again");
	e = problem_list_count_errors(&out->problems) ? ERR_INVALID : ERR_OK;
done:
	reader_problems_to(&reader, &next, c.file, -1, &out->problems);
	problem_list_release(&reader);
	free(lk.slot);
	free(lk.stored);
	csv_free(&c);
	return e;
}

enum err pupil_import_apply(struct store_conn *c, const struct actor *who, struct pupil_import *imp,
			    struct errbuf *eb)
{
	struct audit_entry a;
	struct errbuf row_eb = { "" };
	struct pupil *list;
	size_t *at, n = 0, bad = 0;
	enum err e;

	if (problem_list_count_errors(&imp->problems))
		return errbuf_set(eb, ERR_INVALID, "the file has errors; nothing was stored");
	e = store_begin(c, eb);
	if (e)
		return e;
	/* the new and changed rows, in file order, in a few statements */
	list = xcalloc(imp->nrows ? imp->nrows : 1, sizeof(*list));
	at = xcalloc(imp->nrows ? imp->nrows : 1, sizeof(*at));
	for (size_t i = 0; i < imp->nrows; i++) {
		if (imp->rows[i].kind == IMPORT_NEW || imp->rows[i].kind == IMPORT_CHANGED) {
			at[n] = i;
			list[n++] = imp->rows[i].p;
		}
	}
	e = store_pupils_put(c, who, list, n, &bad, &row_eb);
	if (e) {
		char loc[PROBLEM_LOC_MAX];
		store_rollback(c);
		if (bad < n)
			errbuf_set(eb, e, "%s: %s; nothing was stored",
				   problem_loc_text(loc, imp->file, imp->rows[at[bad]].line, 1),
				   row_eb.msg[0] ? row_eb.msg : err_str(e));
		else
			errbuf_set(eb, e, "%s; nothing was stored",
				   row_eb.msg[0] ? row_eb.msg : err_str(e));
		free(list);
		free(at);
		return e;
	}
	for (size_t k = 0; k < n; k++)
		imp->rows[at[k]].p = list[k];
	free(list);
	free(at);
	memset(&a, 0, sizeof(a));
	a.user_id = who ? who->user_id : 0;
	snprintf(a.actor, sizeof(a.actor), "%s", who && who->name ? who->name : "system");
	snprintf(a.ip, sizeof(a.ip), "%s", who && who->ip ? who->ip : "");
	a.establishment_id = imp->estab.id;
	snprintf(a.action, sizeof(a.action), "pupil.import");
	snprintf(a.object, sizeof(a.object), "establishment %d",
		 establishment_laestab(&imp->estab));
	snprintf(a.new_value, sizeof(a.new_value), "%zu added, %zu updated, %zu unchanged",
		 imp->counts[IMPORT_NEW], imp->counts[IMPORT_CHANGED],
		 imp->counts[IMPORT_UNCHANGED]);
	e = store_audit_add(c, &a);
	if (e) {
		store_rollback(c);
		return errbuf_set(eb, e, "the import could not be recorded; nothing was stored");
	}
	return store_commit(c, eb);
}

enum err pupil_import_store(struct store_conn *c, const struct actor *who,
			    const struct establishment *estab, const char *file, const char *data,
			    size_t len, size_t max_bytes, struct date today,
			    struct pupil_import *out, struct errbuf *eb)
{
	enum err e = ERR_CONFLICT;

	for (int tries = 0; e == ERR_CONFLICT && tries < PUPIL_IMPORT_TRIES; tries++) {
		if (tries)
			pupil_import_free(out);
		e = pupil_import_check(c, estab, file, data, len, max_bytes, today, out);
		if (e == ERR_INVALID || e == ERR_TOO_BIG)
			return e;
		if (e)
			return errbuf_set(eb, e,
					  "the pupils could not be read; nothing was stored");
		e = pupil_import_apply(c, who, out, eb);
	}
	if (e == ERR_CONFLICT)
		errbuf_set(eb, e,
			   "other changes to this school's pupils were being saved at the same "
			   "moment, %d times: nothing was stored; upload the file again",
			   PUPIL_IMPORT_TRIES);
	return e;
}

void pupil_import_free(struct pupil_import *imp)
{
	if (!imp)
		return;
	free(imp->rows);
	problem_list_release(&imp->problems);
	memset(imp, 0, sizeof(*imp));
}
