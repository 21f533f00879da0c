/*
 * statutory_import: a CTF imported into a school (statutory_app.h's
 * stat_import and its preview), streamed and stored batch by batch in one
 * transaction, all or nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/statutory_app_int.h"
#include "app/statutory_eyfsp.h"
#include "base/xalloc.h"
#include "core/calendar.h"
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
	struct problem_list rules;  /* the rule engine's problems */
	struct problem_list stored; /* problems met while storing */
	struct stat_return loc;	    /* the header and file name for locations */
	int ay;			    /* the header's academic year */
	bool begun;		    /* the transaction is open */
	enum err rc;		    /* the first storing error: storing stops */
	bool pupil_failed;	    /* a pupil could not be matched or added */
	bool locked_checked[COLL__MAX];
	struct stat_pupil batch[IMPORT_BATCH];		/* copies; their results owned */
	struct store_import_pupil pupils[IMPORT_BATCH]; /* parallel to batch */
	size_t nbatch;
	struct store_import_result *res; /* the batch's results */
	size_t *res_pupil;		 /* parallel: the pupil's index in the batch */
	size_t nres, res_alloc;
	struct store_import_audit audit;
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

/* Matches the batch's pupils by UPN and adds the new ones. */
static enum err batch_pupils(struct importer *im)
{
	char loc[PROBLEM_LOC_MAX];
	size_t adds = 0;
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
		if (ip->found && ip->p.establishment_id != im->e->id) {
			problem_list_error(
				&im->stored, stat_loc(loc, &im->loc, sp, sp->upn_pos, "UPN"),
				"UPN_ELSEWHERE",
				"the pupil with UPN %s is on roll at another school: ask "
				"that school or the LA to transfer them first",
				sp->upn);
			return ERR_INVALID;
		}
		if (ip->found)
			continue;
		pupil_from_file(im->e, sp, &ip->p);
		if (!ip->p.upn[0] || !ip->p.surname[0]) {
			problem_list_error(&im->stored,
					   stat_loc(loc, &im->loc, sp, sp->pos, "pupil"),
					   "PUPIL_ADD", "the pupil %s could not be added: %s",
					   sp->upn,
					   !ip->p.upn[0] ? "the pupil needs a UPN" :
							   "the pupil needs a surname");
			return ERR_INVALID;
		}
		ip->add = true;
		adds++;
	}
	rc = adds ? store_import_pupils_add(im->c, &im->audit, im->pupils, im->nbatch, im->eb) :
		    ERR_OK;
	if (rc == ERR_INVALID || rc == ERR_CONFLICT)
		problem_list_error(&im->stored, im->loc.source[0] ? im->loc.source : "file",
				   "PUPIL_ADD", "the pupils could not be added: %s", im->eb->msg);
	if (rc)
		return rc;
	im->counts->pupils_new += adds;
	im->counts->pupils_known += im->nbatch - adds;
	return ERR_OK;
}

/* ERR_LOCKED when collection coll of the file's year is submitted (checked once). */
static enum err batch_lock(struct importer *im, enum collection coll)
{
	struct stat_submission sub;
	enum err rc;

	if (im->locked_checked[coll])
		return ERR_OK;
	rc = store_submission_get(im->c, im->e->id, coll, im->ay, &sub);
	if (rc)
		return errbuf_set(im->eb, rc, "the submission state could not be read");
	if (sub.submitted)
		return errbuf_set(im->eb, ERR_LOCKED, "the %s results are submitted and locked",
				  collection_label(coll));
	im->locked_checked[coll] = true;
	return ERR_OK;
}

/* The batch's results: read what is stored, write what changed. */
static enum err batch_results(struct importer *im)
{
	struct stat_import_preview *pv = im->pv;
	enum err rc;

	im->nres = 0;
	for (size_t i = 0; i < im->nbatch; i++) {
		const struct stat_pupil *sp = &im->batch[i];
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
			r->fresh = im->pupils[i].add;
			r->coll = coll;
			snprintf(r->component, sizeof(r->component), "%s", row->component);
			snprintf(r->qualifier, sizeof(r->qualifier), "%s", row->result_qualifier);
			snprintf(r->result, sizeof(r->result), "%s", sp->results[k].result);
		}
	}
	rc = store_import_results_read(im->c, im->ay, im->res, im->nres);
	if (rc)
		return errbuf_set(im->eb, rc, "the stored results could not be read");
	for (size_t i = 0; i < im->nres && !rc; i++) {
		struct store_import_result *r = &im->res[i];
		struct stat_import_pupil *pp =
			pv ? &pv->pupils[pv->npupils - im->nbatch + im->res_pupil[i]] : NULL;
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
		if (pv) {
			pv->written[r->coll]++;
			pp->written++;
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
	rc = batch_pupils(im);
	if (rc) {
		im->pupil_failed = true;
		goto fail;
	}
	if (im->pv)
		batch_preview(im);
	rc = batch_results(im);
	if (!rc) /* the EYFS profile also goes on the tracking grid */
		rc = eyfsp_import_batch(im->a, im->c, im->who, im->e, im->ay, &im->grid, &im->loc,
					im->batch, im->pupils, im->nbatch, &im->audit, &im->stored,
					im->eb);
	if (!rc)
		rc = store_import_audit_flush(im->c, &im->audit, im->eb);
fail:
	im->rc = rc;
out:
	im->nbatch = 0;
}

static bool on_header(void *ctx, const struct stat_return *r)
{
	struct importer *im = ctx;

	statutory_stream_header(&im->chk, r);
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

static void importer_release(struct importer *im)
{
	for (size_t i = 0; i < IMPORT_BATCH; i++)
		free(im->batch[i].results);
	free(im->res);
	free(im->res_pupil);
	store_import_audit_release(&im->audit);
	eyfsp_import_release(&im->grid);
	statutory_stream_release(&im->chk);
	problem_list_release(&im->rules);
	problem_list_release(&im->stored);
	stat_y1_free(&im->m);
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
	*im = (struct importer){
		.a = a, .c = c, .who = who, .e = e, .counts = counts, .pv = pv, .eb = eb
	};
	stat_options_fill(a, e, &im->m, &im->opt);
	im->opt.phonics_y1 = NULL;
	problem_list_init(&im->rules);
	problem_list_init(&im->stored);
	stat_return_init(&im->loc);
	snprintf(im->loc.source, sizeof(im->loc.source), "%s", filename ? filename : "");
	store_import_audit_init(&im->audit, who, e->id);
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
	refused = false;
	if (rc) {
		stat_problems_copy(problems, &im->stored, true);
		if (rc == ERR_LOCKED)
			errbuf_set(eb, rc, "locked: ask your LA to unlock; nothing was saved");
		else if (problem_list_count_errors(problems))
			rc = errbuf_set(eb, ERR_INVALID, "the file has errors: nothing was saved");
		goto undo;
	}
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
