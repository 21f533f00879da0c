/*
 * statutory_import: a CTF imported into a school (statutory_app.h's
 * stat_import and its preview), streamed and stored batch by batch in one
 * transaction, all or nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app/file_kind.h"
#include "app/statutory_app_int.h"
#include "app/statutory_eyfsp.h"
#include "base/xalloc.h"
#include "core/access.h"
#include "core/calendar.h"
#include "core/codelist.h"
#include "core/validate.h"
#include "formats/ctf_read.h"

/* Copies src into dst[size], cut to fit. */
static void text_cut(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * The import streams: each pupil is checked by the rule engine as the reader
 * hands it over and gathered into a batch; a full batch is stored with a fixed
 * handful of statements (store_import_*: pupils looked up and added, results
 * read and written, grid cells read and written, audit rows) in the import's
 * one transaction. At the end the transaction is rolled back when anything was
 * wrong, so the file goes in whole or not at all, and committed otherwise.
 * Once the rule engine has found an error, nothing more is stored (it would be
 * rolled back): reading and checking go on so that the problems are complete.
 */
enum { IMPORT_BATCH = 250 }; /* pupils per batch */

/* A matched pupil's basic details as the import leaves them: the stored ones
 * with those of the file that differ put over them (details_take). */
struct details {
	char surname[PERSON_NAME_MAX + 1];
	char forenames[PERSON_NAME_MAX + 1];
	struct date dob;
	enum gender gender;
	char ethnicity[ETHNICITY_MAX];
	char postcode[POSTCODE_MAX];
	unsigned changed; /* D_* of the fields that differ */
};

enum { D_SURNAME = 1, D_FORENAMES = 2, D_DOB = 4, D_GENDER = 8, D_ETHNICITY = 16, D_POSTCODE = 32 };

struct importer {
	struct app *a;
	struct store_conn *c;
	const struct actor *who;
	const struct establishment *e;
	struct stat_import_counts *counts;
	struct stat_import_preview *pv; /* a preview: filled, then rolled back */
	struct errbuf *eb;
	struct stat_options opt;
	struct y1_map m;
	struct stat_stream_check chk;
	struct problem_list rules;    /* the rule engine's problems */
	struct problem_list stored;   /* problems met while storing */
	struct stat_return loc;	      /* the header and file name for locations */
	int ay;			      /* the header's academic year */
	bool begun;		      /* the transaction is open */
	enum err rc;		      /* the first storing error: storing stops */
	bool pupil_failed;	      /* a pupil could not be matched or added: nothing more
				       is stored, the pupils are still checked */
	bool elsewhere[IMPORT_BATCH]; /* parallel: on roll at another school */
	char no_postcode_loc[PROBLEM_LOC_MAX];		/* the first new pupil without a postcode */
	bool held[COLL__MAX];				/* submission state held (batch_hold) */
	bool submitted[COLL__MAX];			/* ... and found submitted */
	struct stat_pupil batch[IMPORT_BATCH];		/* copies; their results owned */
	struct store_import_pupil pupils[IMPORT_BATCH]; /* parallel to batch */
	char differs[IMPORT_BATCH][STAT_DIFFERS_MAX];	/* parallel: matched pupils' */
	struct details details[IMPORT_BATCH];		/* parallel: matched pupils' as updated */
	size_t nbatch;
	struct store_import_result *res; /* the batch's results */
	size_t *res_pupil;		 /* parallel: the pupil's index in the batch */
	size_t nres, res_alloc;
	struct store_audit_batch audit;
	struct eyfsp_import grid;
};

/* Copies p into the batch (its results array reused from batch to batch). */
static void batch_add(struct importer *im, const struct stat_pupil *p)
{
	struct stat_pupil *b = &im->batch[im->nbatch++];
	struct stat_result *results = b->results;
	size_t alloc = b->alloc;

	*b = *p;
	if (alloc < p->nresults) {
		alloc = p->nresults;
		results = xrealloc(results, alloc * sizeof(*results));
	}
	if (p->nresults)
		memcpy(results, p->results, p->nresults * sizeof(*results));
	b->results = results;
	b->alloc = alloc;
}

/* A pupil that is not stored yet, from the file's basic details. */
static void pupil_from_file(const struct establishment *e, const struct stat_pupil *sp,
			    struct pupil *out)
{
	memset(out, 0, sizeof(*out));
	out->establishment_id = e->id;
	text_cut(out->upn, sizeof(out->upn), sp->upn);
	snprintf(out->surname, sizeof(out->surname), "%s", sp->surname);
	snprintf(out->forenames, sizeof(out->forenames), "%s", sp->forename);
	date_parse_iso(sp->dob, &out->dob);
	out->gender = strcmp(sp->gender, "M") == 0 ? GENDER_MALE :
		      strcmp(sp->gender, "F") == 0 ? GENDER_FEMALE :
						     GENDER_UNKNOWN;
	text_cut(out->ethnicity, sizeof(out->ethnicity), sp->ethnicity);
	out->sen = 'N';
	out->year_override = YEAR_NONE;
	out->include_in_data = true;
}

/* Where the pupil's element at pos is, or the pupil's when it is not in the file. */
static char *pupil_loc(char loc[static PROBLEM_LOC_MAX], struct importer *im,
		       const struct stat_pupil *sp, struct stat_pos pos, const char *what)
{
	return stat_loc(loc, &im->loc, sp, pos.line ? pos : sp->pos, what);
}

/* The pupil form's problems in pl, of the pupil sp (who names them: "new
 * pupil", "pupil"), into im->stored (pl released); false when there was one. */
static bool pupil_problems(struct importer *im, const struct stat_pupil *sp, const char *who,
			   struct problem_list *pl)
{
	bool ok = pl->count == 0;

	for (size_t i = 0; i < pl->count; i++)
		problem_list_error(&im->stored, pl->items[i].location, pl->items[i].code,
				   "%s %s: %s; correct it in the MIS and export the file again",
				   who, sp->upn, pl->items[i].message);
	problem_list_release(pl);
	return ok;
}

/*
 * The pupil form's rules on what a pupil the file adds has beyond the rule
 * engine's (UPN, names, date of birth, sex): an ethnicity (a DfE code) and a
 * postcode of the right shape (validate.h, as the pupil CSV upload checks
 * them), into p. A CTF need not carry an address: a new pupil without a
 * postcode is added without one and the import says so (one query for the
 * file, import_run). Problems go to im->stored; false when there was one.
 */
static bool new_pupil_check(struct importer *im, const struct stat_pupil *sp, struct pupil *p)
{
	char loc[PROBLEM_LOC_MAX];
	struct problem_list pl;

	problem_list_init(&pl);
	validate_ethnicity_text(sp->ethnicity,
				pupil_loc(loc, im, sp, sp->ethnicity_pos, "ethnicity"),
				p->ethnicity, &pl);
	if (sp->postcode[0])
		validate_postcode_text(sp->postcode,
				       pupil_loc(loc, im, sp, sp->postcode_pos, "postcode"),
				       p->postcode, &pl);
	else if (!im->counts->no_postcode++)
		pupil_loc(im->no_postcode_loc, im, sp, sp->pos, "postcode");
	return pupil_problems(im, sp, "new pupil", &pl);
}

/*
 * The basic details of the file that differ from p, a matched pupil's record,
 * named in out ("surname, date of birth", "" when none) and put over p's in
 * *to: names ignoring capitals (MIS exports often upper-case them), and
 * ethnicity and postcode only when the file gives them (one left out keeps the
 * stored value). The rule engine has checked the names, date of birth and sex;
 * a differing ethnicity or postcode is checked as the pupil form checks it (as
 * for a new pupil). Problems go to im->stored; false when there was one.
 */
static bool details_take(struct importer *im, const struct stat_pupil *sp, const struct pupil *p,
			 struct details *to, char out[static STAT_DIFFERS_MAX])
{
	char pc[POSTCODE_MAX], loc[PROBLEM_LOC_MAX];
	struct problem_list pl;
	struct date dob;
	enum gender g;
	size_t n = 0;
	const char *what[6];

	problem_list_init(&pl);
	*to = (struct details){ .dob = p->dob, .gender = p->gender };
	text_cut(to->surname, sizeof(to->surname), p->surname);
	text_cut(to->forenames, sizeof(to->forenames), p->forenames);
	text_cut(to->ethnicity, sizeof(to->ethnicity), p->ethnicity);
	text_cut(to->postcode, sizeof(to->postcode), p->postcode);
	if (strcasecmp(sp->surname, p->surname) != 0) {
		what[n++] = "surname";
		to->changed |= D_SURNAME;
		text_cut(to->surname, sizeof(to->surname), sp->surname);
	}
	if (strcasecmp(sp->forename, p->forenames) != 0) {
		what[n++] = "forename";
		to->changed |= D_FORENAMES;
		text_cut(to->forenames, sizeof(to->forenames), sp->forename);
	}
	if (date_parse_iso(sp->dob, &dob) && date_cmp(dob, p->dob) != 0) {
		what[n++] = "date of birth";
		to->changed |= D_DOB;
		to->dob = dob;
	}
	if (gender_parse(sp->gender, &g) && g != p->gender) {
		what[n++] = "sex";
		to->changed |= D_GENDER;
		to->gender = g;
	}
	if (sp->ethnicity[0] && strcasecmp(sp->ethnicity, p->ethnicity) != 0) {
		what[n++] = "ethnicity";
		to->changed |= D_ETHNICITY;
		validate_ethnicity_text(sp->ethnicity,
					pupil_loc(loc, im, sp, sp->ethnicity_pos, "ethnicity"),
					to->ethnicity, &pl);
	}
	if (sp->postcode[0] &&
	    (!postcode_normalise(sp->postcode, pc) || strcmp(pc, p->postcode) != 0)) {
		what[n++] = "postcode";
		to->changed |= D_POSTCODE;
		validate_postcode_text(sp->postcode,
				       pupil_loc(loc, im, sp, sp->postcode_pos, "postcode"),
				       to->postcode, &pl);
	}
	out[0] = '\0';
	for (size_t i = 0, used = 0; i < n; i++)
		used += (size_t)snprintf(out + used, STAT_DIFFERS_MAX - used, "%s%s", i ? ", " : "",
					 what[i]);
	return pupil_problems(im, sp, "pupil", &pl);
}

/*
 * Updates the batch's n matched pupils whose details differ (im->differs) to
 * their im->details with the pupil upload's store_pupils_put, after one read
 * of their whole records: what the file does not carry is kept, each change is
 * audited field by field ("pupil.update", old and new), and a problem leaves
 * nothing stored (the import's transaction is rolled back).
 */
static enum err batch_details(struct importer *im, size_t n)
{
	const char **upns = xcalloc(n, sizeof(*upns));
	struct pupil *cur = NULL, *list = xcalloc(n, sizeof(*list));
	size_t *at = xcalloc(n, sizeof(*at)), ncur = 0, k = 0, bad = n;
	char loc[PROBLEM_LOC_MAX];
	enum err rc;

	for (size_t i = 0; i < im->nbatch && k < n; i++)
		if (im->pupils[i].found && im->differs[i][0])
			upns[k++] = im->pupils[i].p.upn;
	rc = store_pupils_by_upn(im->c, upns, k, &cur, &ncur);
	if (rc) {
		rc = errbuf_set(im->eb, rc, "the pupils could not be read");
		goto out;
	}
	k = 0;
	for (size_t i = 0; i < im->nbatch && k < n; i++) {
		const struct details *d = &im->details[i];
		struct pupil *p = &list[k];
		size_t j = 0;
		if (!im->pupils[i].found || !im->differs[i][0])
			continue;
		while (j < ncur && cur[j].id != im->pupils[i].p.id)
			j++;
		if (j == ncur) {
			rc = errbuf_set(im->eb, ERR_CONFLICT,
					"pupil %s was changed by someone else meanwhile: try again",
					im->pupils[i].p.upn);
			goto out;
		}
		/* only the fields that differ: an edit saved since the first read
		 * of the batch stays in the others */
		*p = cur[j];
		if (d->changed & D_SURNAME)
			memcpy(p->surname, d->surname, sizeof(p->surname));
		if (d->changed & D_FORENAMES)
			memcpy(p->forenames, d->forenames, sizeof(p->forenames));
		if (d->changed & D_DOB)
			p->dob = d->dob;
		if (d->changed & D_GENDER)
			p->gender = d->gender;
		if (d->changed & D_ETHNICITY)
			memcpy(p->ethnicity, d->ethnicity, sizeof(p->ethnicity));
		if (d->changed & D_POSTCODE)
			memcpy(p->postcode, d->postcode, sizeof(p->postcode));
		at[k++] = i;
	}
	rc = store_pupils_put(im->c, im->who, list, k, &bad, im->eb);
	if (rc == ERR_INVALID || rc == ERR_CONFLICT) {
		const struct stat_pupil *sp = bad < k ? &im->batch[at[bad]] : NULL;
		problem_list_error(&im->stored,
				   sp ? stat_loc(loc, &im->loc, sp, sp->pos, "pupil") :
				   im->loc.source[0] ? im->loc.source :
						       "file",
				   "PUPIL_UPDATE", "the pupil's details could not be updated: %s",
				   im->eb->msg);
	}
out:
	free(upns);
	free(cur);
	free(list);
	free(at);
	return rc;
}

/* Whether the pupil of the file, on roll at another school now, is one who
 * left this school with results it holds: every collection the file gives
 * them results of is one this school's return holds for them (its own export
 * read back, issue 6: leavers stay in a return). When that cannot be read,
 * false with *rc the store's error (the import fails with it: a pupil is not
 * called another school's because the database did not answer). */
static bool our_leaver(struct importer *im, const struct stat_pupil *sp, int64_t pupil_id,
		       enum err *rc)
{
	bool any = false;

	*rc = ERR_OK;
	for (int c = 0; c < COLL__MAX; c++) {
		bool held = false;

		if (!stat_pupil_has(sp, im->a->codes, (enum collection)c))
			continue;
		*rc = store_statutory_held(im->c, im->e->id, pupil_id, (enum collection)c, im->ay,
					   &held);
		if (*rc) {
			errbuf_set(im->eb, *rc,
				   "the results held for the pupil with UPN %s could not "
				   "be read",
				   sp->upn);
			return false;
		}
		if (!held)
			return false;
		any = true;
	}
	return any;
}

/* Matches the batch's pupils by UPN, adds the new ones and updates the basic
 * details of this school's matched pupils where the file's differ (a leaver
 * now at another school is matched, and left as that school has them). A
 * pupil that cannot be matched, added or updated sets im->pupil_failed with
 * its problems in im->stored: this batch and the later ones are still
 * checked, nothing more is stored. */
static enum err batch_pupils(struct importer *im)
{
	char loc[PROBLEM_LOC_MAX];
	size_t adds = 0, differ = 0, bad = 0;
	enum err rc;

	for (size_t i = 0; i < im->nbatch; i++) {
		memset(&im->pupils[i], 0, sizeof(im->pupils[i]));
		text_cut(im->pupils[i].p.upn, sizeof(im->pupils[i].p.upn), im->batch[i].upn);
	}
	rc = store_import_pupils_find(im->c, im->pupils, im->nbatch);
	if (rc)
		return errbuf_set(im->eb, rc, "the pupils could not be read");
	for (size_t i = 0; i < im->nbatch; i++) {
		const struct stat_pupil *sp = &im->batch[i];
		struct store_import_pupil *ip = &im->pupils[i];
		im->differs[i][0] = '\0';
		if (ip->found && ip->p.establishment_id != im->e->id &&
		    !our_leaver(im, sp, ip->p.id, &rc)) {
			if (rc)
				return rc;
			im->elsewhere[i] = true;
			problem_list_error(
				&im->stored, stat_loc(loc, &im->loc, sp, sp->upn_pos, "UPN"),
				"UPN_ELSEWHERE",
				"the pupil with UPN %s is on roll at another school: ask "
				"that school or the LA to transfer them first",
				sp->upn);
			bad++;
			continue;
		}
		if (ip->found && ip->p.establishment_id != im->e->id)
			continue; /* our leaver: their details are their school's */
		if (ip->found) {
			if (!details_take(im, sp, &ip->p, &im->details[i], im->differs[i]))
				bad++;
			differ += im->differs[i][0] != '\0';
			continue;
		}
		pupil_from_file(im->e, sp, &ip->p);
		if (!ip->p.upn[0] || !ip->p.surname[0]) {
			problem_list_error(&im->stored,
					   stat_loc(loc, &im->loc, sp, sp->pos, "pupil"),
					   "PUPIL_ADD", "the pupil %s could not be added: %s",
					   sp->upn,
					   !ip->p.upn[0] ? "the pupil needs a UPN" :
							   "the pupil needs a surname");
			bad++;
			continue;
		}
		if (!new_pupil_check(im, sp, &ip->p)) {
			bad++;
			continue;
		}
		ip->add = true;
		adds++;
	}
	if (bad)
		im->pupil_failed = true;
	if (im->pupil_failed)
		return ERR_OK;
	rc = adds ? store_import_pupils_add(im->c, &im->audit, im->pupils, im->nbatch, im->eb) :
		    ERR_OK;
	if (rc == ERR_INVALID || rc == ERR_CONFLICT)
		problem_list_error(&im->stored, im->loc.source[0] ? im->loc.source : "file",
				   "PUPIL_ADD", "the pupils could not be added: %s", im->eb->msg);
	if (rc)
		return rc;
	rc = differ ? batch_details(im, differ) : ERR_OK;
	if (rc)
		return rc;
	im->counts->pupils_new += adds;
	im->counts->pupils_known += im->nbatch - adds;
	im->counts->pupils_differ += differ;
	return ERR_OK;
}

/* Holds the submission state of collection coll of the file's year until the
 * import's transaction ends (read once), so a submit made meanwhile waits for
 * the import instead of locking what it writes. Taken before the batch's
 * results are read and locked: the order every writer keeps (state, then
 * rows; store_statutory_put, the grid, a submit), so none deadlocks another. */
static enum err batch_hold(struct importer *im, enum collection coll)
{
	struct stat_submission sub;
	enum err rc;

	if (im->held[coll])
		return ERR_OK;
	rc = store_submission_hold(im->c, im->e->id, coll, im->ay, &sub);
	if (rc)
		return errbuf_set(im->eb, rc, "the submission state could not be read");
	im->held[coll] = true;
	im->submitted[coll] = sub.submitted;
	return ERR_OK;
}

/* ERR_LOCKED when collection coll of the file's year is submitted: a result
 * that would change there is refused (one that is the same is not a write). */
static enum err batch_lock(struct importer *im, enum collection coll)
{
	enum err rc = batch_hold(im, coll);

	if (rc)
		return rc;
	if (im->submitted[coll])
		return errbuf_set(im->eb, ERR_LOCKED, "the %s results are submitted and locked",
				  collection_label(coll));
	return ERR_OK;
}

/*
 * A result another school's return holds (the pupil moved on from there) is
 * that school's: refused, as store_statutory_put refuses it. One problem per
 * pupil of the batch, naming them and the results concerned; false when there
 * was one.
 */
static bool batch_held(struct importer *im)
{
	bool ok = true;

	for (size_t i = 0, j; i < im->nres; i = j) {
		const struct stat_pupil *sp = &im->batch[im->res_pupil[i]];
		char loc[PROBLEM_LOC_MAX], which[160] = "";
		size_t used = 0, n = 0;
		enum collection last = COLL__MAX;

		for (j = i; j < im->nres && im->res_pupil[j] == im->res_pupil[i]; j++) {
			const struct store_import_result *r = &im->res[j];
			if (!r->old[0] || r->held_by == im->e->id || strcmp(r->old, r->result) == 0)
				continue;
			/* "KS2 teacher assessment WR, SC; phonics screening check PSC" */
			if (used < sizeof(which))
				used += (size_t)(n && r->coll == last ?
							 snprintf(which + used,
								  sizeof(which) - used, ", %s",
								  r->component) :
							 snprintf(which + used,
								  sizeof(which) - used, "%s%s %s",
								  n ? "; " : "",
								  collection_label(r->coll),
								  r->component));
			last = r->coll;
			n++;
		}
		if (!n)
			continue;
		problem_list_error(
			&im->stored, stat_loc(loc, &im->loc, sp, sp->upn_pos, "UPN"), "RESULT_HELD",
			"%s %s (UPN %s) already has %s (%s) in the return of the school they were "
			"at when %s entered, and only that school can change %s: take the "
			"pupil's changed results out of this file, or ask your local authority",
			sp->forename, sp->surname, sp->upn, n == 1 ? "a result" : "results", which,
			n == 1 ? "it was" : "they were", n == 1 ? "it" : "them");
		ok = false;
	}
	return ok;
}

/* The batch's results: read what is stored, write what changed. After a pupil
 * could not be stored (im->pupil_failed) only read, for the problems of
 * batch_held: nothing is written. */
static enum err batch_results(struct importer *im)
{
	struct stat_import_preview *pv = im->pv;
	enum err rc = ERR_OK;

	im->nres = 0;
	for (size_t i = 0; i < im->nbatch; i++) {
		const struct stat_pupil *sp = &im->batch[i];
		if (im->elsewhere[i])
			continue; /* UPN_ELSEWHERE says what to do */
		for (size_t k = 0; k < sp->nresults; k++) {
			const struct code_row *row = stat_result_row(im->a->codes, &sp->results[k]);
			struct store_import_result *r;
			enum collection coll;
			if (!row || !stat_row_collection(row, &coll))
				continue;
			if (coll == COLL_PHONICS && stat_is_outcome_row(row))
				continue; /* the outcome follows from the mark */
			if (im->nres == im->res_alloc) {
				im->res_alloc = im->res_alloc ? 2 * im->res_alloc : 1024;
				im->res = xrealloc(im->res, im->res_alloc * sizeof(*im->res));
				im->res_pupil = xrealloc(im->res_pupil,
							 im->res_alloc * sizeof(*im->res_pupil));
			}
			im->res_pupil[im->nres] = i;
			r = &im->res[im->nres++];
			memset(r, 0, sizeof(*r));
			r->pupil_id = im->pupils[i].p.id;
			r->fresh = !im->pupils[i].found; /* added, or not stored */
			r->coll = coll;
			snprintf(r->component, sizeof(r->component), "%s", row->component);
			snprintf(r->qualifier, sizeof(r->qualifier), "%s", row->result_qualifier);
			snprintf(r->result, sizeof(r->result), "%s", sp->results[k].result);
		}
	}
	for (size_t i = 0; i < im->nres && !rc; i++)
		rc = batch_hold(im, im->res[i].coll);
	if (!rc)
		rc = store_import_results_read(im->c, im->ay, im->res, im->nres);
	if (rc)
		return errbuf_set(im->eb, rc, "the stored results could not be read");
	if (!batch_held(im))
		im->pupil_failed = true;
	if (im->pupil_failed)
		return ERR_OK;
	for (size_t i = 0; i < im->nres && !rc; i++) {
		struct store_import_result *r = &im->res[i];
		struct stat_import_pupil *pp =
			pv ? &pv->pupils[pv->npupils - im->nbatch + im->res_pupil[i]] : NULL;
		bool fresh = !r->old[0];
		r->write = strcmp(r->old, r->result) != 0;
		if (!r->write) {
			im->counts->unchanged++;
			if (pv) {
				pv->unchanged[r->coll]++;
				pp->unchanged++;
			}
			continue;
		}
		rc = batch_lock(im, r->coll);
		im->counts->results++;
		*(fresh ? &im->counts->results_new : &im->counts->results_changed) += 1;
		if (pv) {
			pv->written[r->coll]++;
			*(fresh ? &pv->fresh[r->coll] : &pv->changed[r->coll]) += 1;
			pp->written++;
			*(fresh ? &pp->fresh : &pp->changed) += 1;
		}
	}
	if (!rc)
		rc = store_import_results_put(im->c, &im->audit, im->e->id, im->ay, im->res,
					      im->nres, im->eb);
	return rc;
}

/* The preview's rows of the batch's pupils. */
static void batch_preview(struct importer *im)
{
	struct stat_import_preview *pv = im->pv;
	size_t need = pv->npupils + im->nbatch;

	pv->pupils = xrealloc(pv->pupils, (need + 1) * sizeof(*pv->pupils));
	for (size_t i = 0; i < im->nbatch; i++) {
		const struct stat_pupil *sp = &im->batch[i];
		struct stat_import_pupil *pp = &pv->pupils[pv->npupils++];
		memset(pp, 0, sizeof(*pp));
		snprintf(pp->upn, sizeof(pp->upn), "%s", sp->upn);
		snprintf(pp->surname, sizeof(pp->surname), "%s", sp->surname);
		snprintf(pp->forename, sizeof(pp->forename), "%s", sp->forename);
		pp->is_new = im->pupils[i].add;
		pp->elsewhere = im->pupils[i].found &&
				im->pupils[i].p.establishment_id != im->e->id;
		memcpy(pp->differs, im->differs[i], sizeof(pp->differs));
	}
}

/* Stores the batch gathered; on a problem or error im->rc says so. */
static void batch_flush(struct importer *im)
{
	enum err rc = ERR_OK;

	if (!im->nbatch || im->rc)
		goto out;
	if (!im->begun) {
		rc = store_begin(im->c, im->eb);
		if (rc)
			goto fail;
		im->begun = true;
	}
	memset(im->elsewhere, 0, sizeof(im->elsewhere));
	rc = batch_pupils(im);
	if (rc)
		goto fail;
	if (im->pv && !im->pupil_failed)
		batch_preview(im);
	rc = batch_results(im); /* after a failed pupil: the problems of every batch */
	if (rc || im->pupil_failed)
		goto fail;
	/* the EYFS profile also goes on the tracking grid */
	if (!rc)
		rc = eyfsp_import_batch(im->a, im->c, im->who, im->e, im->ay, &im->grid, &im->loc,
					im->batch, im->pupils, im->nbatch, &im->audit, &im->stored,
					im->eb);
	if (!rc)
		rc = store_audit_batch_flush(im->c, &im->audit, im->eb);
fail:
	im->rc = rc;
out:
	im->nbatch = 0;
}

/* The LAESTAB a header's DestSchool names (888/5678: 8885678), 0 when it names
 * no one school (888/LLLL an LA, XXX/XXXX, MMM/MMMM, NAA/LLLL, or what HDR_DEST
 * reports). */
static int dest_laestab(const struct stat_header *h)
{
	const char *la = h->dest_lea.text, *es = h->dest_estab.text;

	if (strlen(la) != 3 || strspn(la, "0123456789") != 3 || strlen(es) != 4 ||
	    strspn(es, "0123456789") != 4)
		return 0;
	return (int)(strtol(la, NULL, 10) * 10000 + strtol(es, NULL, 10));
}

/* May the importing user import into school other too? The question the
 * import page's route asks (ACT_PUPIL_WRITE), put to the one decision. The
 * command line (user 0) is run by whoever runs pupiltrack's database and names
 * the school itself: it acts as the system administrator. */
static bool importer_allowed_at(struct importer *im, const struct establishment *other)
{
	struct resource_scope scope = access_scope_of_establishment(other);
	struct user u = { .role = ROLE_SYSADMIN };

	if (im->who && im->who->user_id && store_user_get(im->c, im->who->user_id, &u) != ERR_OK)
		return false; /* fail closed */
	return access_allowed(&u, ACT_PUPIL_WRITE, &scope);
}

/*
 * Data for another school is refused unless the user may work there: a file
 * addressed to another school pupiltrack holds is refused (HDR_DEST_SCHOOL),
 * or, when the user is allowed there, imported into the school chosen with a
 * query saying so (HDR_DEST_OTHER). Files addressed to this school, to an LA,
 * to a school not known (XXX/XXXX), a non-maintained one (MMM/MMMM) or one
 * outside pupiltrack are imported; who sent the file is not asked (a file from
 * the school's MIS, another school or the LA).
 */
static void dest_check(struct importer *im, const struct stat_return *r)
{
	const struct stat_field *f = &r->header.dest_estab;
	int dest = dest_laestab(&r->header), here = establishment_laestab(im->e);
	struct establishment other;
	char loc[PROBLEM_LOC_MAX];
	enum err rc;

	if (!dest || dest == here)
		return;
	rc = store_establishment_get_by_laestab(im->c, dest, &other);
	if (rc == ERR_NOT_FOUND)
		return;
	if (rc) {
		im->rc = errbuf_set(im->eb, rc, "the schools could not be read");
		return;
	}
	stat_loc(loc, r, NULL, f->present ? f->pos : r->header.pos, "header / DestSchool/Estab");
	if (!importer_allowed_at(im, &other)) {
		problem_list_error(&im->rules, loc, "HDR_DEST_SCHOOL",
				   "this file is addressed to %03d/%04d %s, not to %s: it can "
				   "only be imported there, by someone who works at that school; "
				   "ask the sender for a file addressed to your school",
				   dest / 10000, dest % 10000, other.name, im->e->name);
		return;
	}
	problem_list_query(&im->rules, loc, "HDR_DEST_OTHER",
			   "this file is addressed to %03d/%04d %s, but it is being imported "
			   "into %03d/%04d %s, the school you chose: check that these pupils "
			   "are at %s",
			   dest / 10000, dest % 10000, other.name, here / 10000, here % 10000,
			   im->e->name, im->e->name);
}

static bool on_header(void *ctx, const struct stat_return *r)
{
	struct importer *im = ctx;

	statutory_stream_header(&im->chk, r);
	dest_check(im, r);
	im->loc.header = r->header;
	im->ay = stat_academic_year(r);
	if (im->pv)
		im->pv->academic_year = im->ay;
	return true;
}

static bool on_pupil(void *ctx, const struct stat_return *r, const struct stat_pupil *p)
{
	struct importer *im = ctx;

	statutory_stream_pupil(&im->chk, r, p);
	if (problem_list_count_errors(&im->rules) || im->rc)
		return true; /* nothing more is stored; the problems are still gathered */
	batch_add(im, p);
	if (im->nbatch == IMPORT_BATCH)
		batch_flush(im);
	return true;
}

/* The rule engine's Year 1 lookup: as the Year 2 entry screen finds it. When
 * the store cannot answer, nothing is stored and the import fails (with the
 * store's error unless the rules found errors): a pupil is not called eligible
 * because the database did not answer. */
static enum phonics_y1 import_y1(void *ctx, const char *upn)
{
	struct importer *im = ctx;
	enum phonics_y1 y1 = PHONICS_Y1_UNKNOWN;
	enum err rc;

	if (!im->ay || im->rc)
		return y1;
	rc = stat_phonics_y1_by_upn(im->c, im->e->id, upn, im->ay, &y1);
	if (rc)
		im->rc = errbuf_set(im->eb, rc,
				    "the Year 1 phonics results of the pupil with UPN %s could not "
				    "be read",
				    upn);
	return y1;
}

static void importer_release(struct importer *im)
{
	for (size_t i = 0; i < IMPORT_BATCH; i++)
		free(im->batch[i].results);
	free(im->res);
	free(im->res_pupil);
	store_audit_batch_release(&im->audit);
	eyfsp_import_release(&im->grid);
	statutory_stream_release(&im->chk);
	problem_list_release(&im->rules);
	problem_list_release(&im->stored);
	stat_y1_free(&im->m);
}

/* True, with FILE_KIND and one message saying where the file goes, when in is
 * a pupil CSV or a workbook rather than a CTF. A file that cannot be read ahead
 * (a pipe) is left to the CTF reader. */
static bool other_kind(const char *filename, const struct ctf_input *in,
		       struct problem_list *problems, struct errbuf *eb)
{
	char root[FILE_ROOT_MAX], loc[PROBLEM_LOC_MAX];
	const char *refusal = NULL;

	if (in->text) {
		refusal = file_kind_refusal(
			file_kind_of(in->text, in->len < FILE_KIND_HEAD ? in->len : FILE_KIND_HEAD,
				     root),
			FILE_KIND_CTF);
	} else if (in->fd >= 0) {
		char *head = xmalloc(FILE_KIND_HEAD);
		ssize_t n = pread(in->fd, head, FILE_KIND_HEAD, 0);
		if (n > 0)
			refusal = file_kind_refusal(file_kind_of(head, (size_t)n, root),
						    FILE_KIND_CTF);
		free(head);
	}
	if (!refusal)
		return false;
	problem_list_error(problems, problem_loc_text(loc, filename, 1, 1), "FILE_KIND", "%s",
			   refusal);
	errbuf_set(eb, ERR_INVALID, "the file is not a CTF: nothing was saved");
	return true;
}

/* The import of stat_import; with pv a dry run that fills pv and rolls back. */
static enum err import_run(struct app *a, struct store_conn *c, const struct actor *who,
			   const struct establishment *e, const char *filename,
			   const struct ctf_input *in, size_t max_bytes,
			   struct stat_import_counts *counts, struct problem_list *problems,
			   struct errbuf *eb, struct stat_import_preview *pv)
{
	struct ctf_read_options ropt = { .max_bytes = max_bytes };
	struct importer *im = xcalloc(1, sizeof(*im));
	struct ctf_sink sink = { .ctx = im, .header = on_header, .pupil = on_pupil };
	bool rules_ok, refused = true; /* refused before storing: no preview rows */
	enum err rc;

	memset(counts, 0, sizeof(*counts));
	if (other_kind(filename, in, problems, eb)) {
		free(im);
		return ERR_INVALID;
	}
	*im = (struct importer){
		.a = a, .c = c, .who = who, .e = e, .counts = counts, .pv = pv, .eb = eb
	};
	stat_options_fill(a, e, &im->m, &im->opt);
	/* the sender is not the importing school's business (dest_check); Year 2
	 * phonics is checked against the stored Year 1 results */
	im->opt.school_laestab = 0;
	im->opt.phonics_y1 = import_y1;
	im->opt.phonics_ctx = im;
	problem_list_init(&im->rules);
	problem_list_init(&im->stored);
	stat_return_init(&im->loc);
	snprintf(im->loc.source, sizeof(im->loc.source), "%s", filename ? filename : "");
	store_audit_batch_init(&im->audit, who, e->id);
	statutory_stream_begin(&im->chk, a->codes, &im->opt, &im->rules);
	if (pv)
		pv->pupils = xcalloc(1, sizeof(*pv->pupils));

	rc = ctf_read_stream(in, filename, &ropt, &sink, problems);
	if (rc) {
		errbuf_set(eb, rc, "the file is not a CTF that can be read: nothing was saved");
		goto undo;
	}
	rules_ok = statutory_stream_end(&im->chk, &im->loc);
	stat_problems_copy(problems, &im->rules, true);
	if (!rules_ok) {
		rc = errbuf_set(eb, ERR_INVALID, "the file has %zu error%s: nothing was saved",
				problem_list_count_errors(problems),
				problem_list_count_errors(problems) == 1 ? "" : "s");
		goto undo;
	}
	batch_flush(im);
	rc = im->rc;
	if (!rc && im->pupil_failed)
		rc = ERR_INVALID;
	refused = false;
	if (rc == ERR_LOCKED) {
		stat_problems_copy(problems, &im->stored, true);
		errbuf_set(eb, rc, "locked: ask your LA to unlock; nothing was saved");
	} else if ((rc == ERR_INVALID || rc == ERR_CONFLICT) &&
		   problem_list_count_errors(&im->stored)) {
		stat_problems_copy(problems, &im->stored, true);
		rc = errbuf_set(eb, ERR_INVALID, "the file has errors: nothing was saved");
	} else if (rc == ERR_CONFLICT) {
		/* another writer changed what the import read (store_import_results_put),
		 * or PostgreSQL broke a deadlock with it */
		problem_list_error(problems, im->loc.source[0] ? im->loc.source : "file",
				   "IMPORT_CHANGED",
				   "results of this school changed while the file was being "
				   "imported (someone saved some at the same time): import the "
				   "file again");
		errbuf_set(eb, rc,
			   "changed while importing: import the file again; nothing "
			   "was saved");
	} /* else the store's error, as it is: the problems met so far are not the
	     file's whole story */
	if (rc)
		goto undo;
	if (counts->no_postcode)
		problem_list_query(problems, im->no_postcode_loc, "POSTCODE_NONE",
				   "%zu new pupil%s added without a postcode: the file gives "
				   "none (first here); add each one's postcode on the pupil's "
				   "record, or in the MIS before exporting the file",
				   counts->no_postcode, counts->no_postcode == 1 ? " is" : "s are");
	if (!im->begun)
		goto out;
	if (pv) { /* a preview: nothing stays */
		store_rollback(c);
		goto out;
	}
	rc = store_commit(c, eb);
	if (rc)
		memset(counts, 0, sizeof(*counts));
	goto out;
undo:
	if (im->begun)
		store_rollback(c);
	memset(counts, 0, sizeof(*counts));
	if (pv && refused) {
		pv->npupils = 0;
		memset(pv->written, 0, sizeof(pv->written));
		memset(pv->unchanged, 0, sizeof(pv->unchanged));
	}
out:
	importer_release(im);
	free(im);
	return rc;
}

enum err stat_import(struct app *a, struct store_conn *c, const struct actor *who,
		     const struct establishment *e, const char *filename, const char *text,
		     size_t len, struct stat_import_counts *counts, struct problem_list *problems,
		     struct errbuf *eb)
{
	struct ctf_input in = { .text = text, .len = len, .fd = -1 };

	return import_run(a, c, who, e, filename, &in, STAT_IMPORT_MAX, counts, problems, eb, NULL);
}

enum err stat_import_from(struct app *a, struct store_conn *c, const struct actor *who,
			  const struct establishment *e, const char *filename,
			  const struct ctf_input *in, size_t max_bytes,
			  struct stat_import_counts *counts, struct problem_list *problems,
			  struct errbuf *eb)
{
	return import_run(a, c, who, e, filename, in, max_bytes, counts, problems, eb, NULL);
}

enum err stat_import_preview(struct app *a, struct store_conn *c, const struct actor *who,
			     const struct establishment *e, const char *filename, const char *text,
			     size_t len, struct stat_import_preview *out,
			     struct problem_list *problems, struct errbuf *eb)
{
	struct ctf_input in = { .text = text, .len = len, .fd = -1 };

	memset(out, 0, sizeof(*out));
	return import_run(a, c, who, e, filename, &in, STAT_IMPORT_MAX, &out->counts, problems, eb,
			  out);
}

enum err stat_import_preview_from(struct app *a, struct store_conn *c, const struct actor *who,
				  const struct establishment *e, const char *filename,
				  const struct ctf_input *in, size_t max_bytes,
				  struct stat_import_preview *out, struct problem_list *problems,
				  struct errbuf *eb)
{
	memset(out, 0, sizeof(*out));
	return import_run(a, c, who, e, filename, in, max_bytes, &out->counts, problems, eb, out);
}

void stat_import_preview_release(struct stat_import_preview *pv)
{
	free(pv->pupils);
	memset(pv, 0, sizeof(*pv));
}
