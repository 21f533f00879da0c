/*
 * statutory_eyfsp: the EYFS profile (EYFSP) return.
 *
 * One source of truth, in two steps:
 *  - the end-of-year ELG assessment of the EYFS tracking grid (app/assess.h,
 *    kind SCALE_ELG) is where the EYFS profile is ENTERED: Emerging, Expected
 *    and Absent are the CTF codes 1, 2 and A;
 *  - the statutory store (store_statutory_*, collection COLL_EYFSP) holds the
 *    RETURN: what was synced from the grid when the school submitted or
 *    exported, or what a CTF import brought. Once submitted, the return is what
 *    the store holds (the grid is locked by assess_locked, and the store refuses
 *    writes) and exports and the index read it from there.
 * Before a submission the return is built from the grid, so the index, submit
 * and export always see what the teachers entered.
 */
#ifndef PT_APP_STATUTORY_EYFSP_H
#define PT_APP_STATUTORY_EYFSP_H

#include <stdbool.h>
#include <stddef.h>

#include "app/statutory_app.h"

/* The name of the ELG assessment an import creates when the school has none. */
extern const char EYFSP_ASSESSMENT_NAME[];

/* The school's end-of-year ELG assessment of academic_year (the latest by date
 * when there are several); ERR_NOT_FOUND when it has none. */
enum err eyfsp_assessment(struct store_conn *c, const struct establishment *e, int academic_year,
			  struct assessment *out);

/* The EYFSP return of school e for academic_year (destination its LA), checked
 * by the rule engine into problems. Not submitted: built from the ELG grid, one
 * pupil per Reception pupil with include in data, each entered ELG as its CTF
 * code; a pupil with no ELG entered is STAT_NO_RESULT, an incomplete row
 * EYFSP_MISSING, no ELG assessment at all EYFSP_NO_GRID (all errors). Pupils
 * who left (archived, or moved to another school), whom the grid no longer
 * lists, follow with include in data: all 17 ELGs from the grid when they are
 * all entered there, else their stored EYFSP results; one who left with only
 * some ELGs on the grid and nothing stored is not in the return (the query
 * EYFSP_LEFT_PART says so). Submitted: built from the statutory store, leavers
 * included, so archiving a pupil afterwards changes nothing. A pupil of the
 * return some of whose ELGs another school's return holds (a child who moved
 * with ELGs entered at both) is the query EYFSP_SPLIT naming that school, and
 * those ELGs are not EYFSP_MISSING here (the store keeps them that school's). */
enum err eyfsp_return_build(struct app *a, struct store_conn *c, const struct establishment *e,
			    int academic_year, struct stat_return *out,
			    struct problem_list *problems);

/* Copies the grid's return into the statutory store: every ELG of every pupil
 * of the return (store_statutory_put), and removes the stored EYFSP results of
 * pupils no longer in it; one transaction (the caller's when one is open).
 * ERR_LOCKED when submitted, ERR_INVALID while the rule engine finds errors
 * (problems lists them; nothing written). *written (may be NULL) gets the
 * results that changed. */
enum err eyfsp_sync(struct app *a, struct store_conn *c, const struct actor *who,
		    const struct establishment *e, int academic_year, struct problem_list *problems,
		    size_t *written, struct errbuf *eb);

/* stat_submit for the EYFS profile: the declaration, no errors, then sync and
 * store_submission_submit in one transaction. ERR_CONFLICT when submitted. */
enum err eyfsp_submit(struct app *a, struct store_conn *c, const struct actor *who,
		      const struct establishment *e, int academic_year, bool declared,
		      struct problem_list *problems, struct errbuf *eb);

/* The index's state: results in the return, its errors and queries (none
 * counted while the return is empty), the submission. */
enum err eyfsp_state(struct app *a, struct store_conn *c, const struct establishment *e,
		     int academic_year, struct stat_state *out);

/* The return to export (as eyfsp_return_build); when who is not NULL and it is
 * not submitted, synced into the store first (see eyfsp_sync; joins the
 * caller's transaction) unless the rule engine finds errors: then ERR_OK with
 * the errors in problems, nothing written, and the caller refuses the export. */
enum err eyfsp_export_return(struct app *a, struct store_conn *c, const struct actor *who,
			     const struct establishment *e, int academic_year,
			     struct stat_return *out, struct problem_list *problems,
			     struct errbuf *eb);

/* The tracking grid's part of a CTF import (stat_import), batch by batch. */
struct eyfsp_import {
	struct assessment as;		 /* the school's ELG assessment of the year */
	bool have;			 /* as found or created, and not locked */
	struct store_import_cell *cells; /* the batch's cells; ncells used */
	size_t ncells, alloc;
};

/* Inside the caller's transaction: writes the EYFS profile results of the n
 * pupils sp[i] of a batch (stored as pupils[i].p, on roll at e) into e's ELG
 * assessment of academic_year, created when there is none (the first time a
 * pupil has EYFS profile results; then ERR_LOCKED when submitted). Changed
 * cells only, audited into audit as store_judgement_put audits. A pupil the
 * grid cannot hold (not in Reception that year) is a located error
 * EYFSP_NOT_REC (ERR_INVALID, nothing of the batch written). r gives the
 * locations. Release g with eyfsp_import_release. */
enum err eyfsp_import_batch(struct app *a, struct store_conn *c, const struct actor *who,
			    const struct establishment *e, int academic_year,
			    struct eyfsp_import *g, const struct stat_return *r,
			    const struct stat_pupil *sp, const struct store_import_pupil *pupils,
			    size_t n, struct store_audit_batch *audit,
			    struct problem_list *problems, struct errbuf *eb);
void eyfsp_import_release(struct eyfsp_import *g);

#endif
