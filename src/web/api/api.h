/*
 * api: the JSON API under /api/v1/. Same rights as the web pages (the same
 * dispatcher and policy); authenticated by a session cookie or by
 * "Authorization: Bearer <token>". Errors are {"error": "..."}.
 */
#ifndef PT_WEB_API_H
#define PT_WEB_API_H

#include "web/request.h"

/* GET /api/v1/me: the user, role and scope. */
void api_me_get(struct request *req);
/* GET /api/v1/schools: the establishments the user may see. */
void api_schools_get(struct request *req);
/* GET /api/v1/schools/:laestab/pupils: pupils of one establishment. */
void api_pupils_get(struct request *req);

/* ---- issue 3a: sign-in, security code, TOTP, throttling, profile ---- */

/* ---- issue 3b: mail, password reset, session expiry ---- */

/* ---- issue 3c: managing people, organisations, audit pages ---- */

/* ---- issue 4a: pupil records, search, filter, profile ---- */
/* GET /api/v1/schools/:laestab/pupils/:upn: one pupil with its version.
 * PUT (form fields as the pupil form, with version): saves it; 409 with the
 * current record when the version is stale, 422 with field errors. */
void api_pupil_get(struct request *req);
void api_pupil_put(struct request *req);

/* ---- issue 4b: pupil upload, edit multiple, interventions, transfers ---- */
/* pupils_bulk.c: POST .../pupils-bulk, the one all-or-nothing Save of the "Edit
 * multiple pupils" grid (form field "changes"; see the file for the answers). */
void api_pupils_bulk_post(struct request *req);

/* ---- issue 5: EYFS tracking ---- */

/* judgements.c: the EYFS grid. GET .../assessments/:id/grid; PUT
 * .../assessments/:id/judgements/:pupil/:area (one cell, with its version: 409 and
 * the current cell when stale); POST .../assessments/:id/fill (a column or a row,
 * all or nothing); PUT .../assessments/:id/notes/:pupil. */
/* GET /api/v1/schools/:laestab/assessments?academic_year=Y: the assessments of a
 * school (of one academic year when given). */
void api_assessments_get(struct request *req);
void api_grid_get(struct request *req);
void api_judgement_put(struct request *req);
void api_fill_post(struct request *req);
/* PATCH .../assessments/:id/judgements: a batch of cells, form field "changes"
 * with lines PUPIL_ID,AREA,VERSION,VALUE[,COLOUR]; all or nothing. */
void api_judgements_patch(struct request *req);
void api_note_put(struct request *req);
/* GET .../assessments/:id/judgements/:pupil/:area/history: who changed the cell,
 * when, old -> new (newest first). */
void api_judgement_history_get(struct request *req);

/* ---- issue 6: statutory results and CTF ---- */

/* ---- issue 8a: Full Report, Venn diagrams, statutory summaries ---- */
/* reports.c: GET .../schools/:laestab/reports/eyfsp and .../phonics
 * ?academic_year=YYYY (default the current one): app/report.h's JSON. */
void api_report_eyfsp_get(struct request *req);
void api_report_phonics_get(struct request *req);

/* ---- issue 3d: accounts: refused forms, audit of every change ---- */

/* ---- issue 4c: pupils API ---- */
/* The shape, /api/v1/pupils[/:upn]?establishment=LAESTAB; the old
 * /api/v1/schools/:laestab/pupils[/:upn] are aliases through the same code
 * (api_pupils_get, api_pupil_get; api_pupil_put is api_pupil_patch).
 * POST .../pupils/:upn adds a pupil: 201 with Location and ETag; 409 when the
 * UPN is taken (with "transfer" when another school holds it); 422 with field
 * errors. PATCH .../pupils/:upn changes the fields sent and nothing else, with
 * If-Match (the ETag of GET: 412 when stale) or version (409 when stale); 428
 * without either. */
void api_pupil_post(struct request *req);
void api_pupil_patch(struct request *req);

/* ---- issue 5b: EYFS grid speed, XLSX check ---- */

/* ---- issue 6c: statutory: CTF preview, downloads, entry screens ---- */

/* ---- issue 7b: collection: school upload side, results templates ---- */

/* ---- issue 7c: collection: LA receive, chase, reminders, targeting ---- */

/* ---- issue 7d: collection: API, MAT bulk upload ---- */
/* requests.c: the LA collection (docs/API.md): GET /api/v1/requests, GET
 * /api/v1/requests/:id, GET and POST /api/v1/requests/:id/files (multipart
 * upload, per-file verdicts), GET /api/v1/requests/:id/files/:fid (download;
 * marks an LA officer's download Received). A MAT admin adds ?school=LAESTAB. */
void api_requests_get(struct request *req);
void api_request_get(struct request *req);
void api_request_files_get(struct request *req);
void api_request_files_post(struct request *req);
void api_request_file_get(struct request *req);

/* ---- issue 8c: reports: LA and trust tables, KS2, headline ---- */
/* reports.c: GET .../schools/:laestab/reports/ks2?academic_year=YYYY: the KS2
 * TA summary (app/report_table.h); GET /api/v1/la/reports/table and
 * /api/v1/trust/reports/table (?collection=eyfsp|phonics|ks2&academic_year=YYYY;
 * la=NNN / trust=ID for a system admin): the cross-school table as JSON, the
 * same suppressed cells as the page ("x"). */
void api_report_ks2_get(struct request *req);
void api_la_table_get(struct request *req);
void api_trust_table_get(struct request *req);
/* GET /api/v1/reports/{eyfsp,phonics,ks2}?establishment=LAESTAB&academic_year=YYYY
 * run api_report_{eyfsp,phonics,ks2}_get (the school resolved by RF_ESTAB);
 * GET /api/v1/la/reports/{eyfsp,phonics,ks2}?la=NNN&academic_year=YYYY: the same
 * JSON added up over the LA's schools (the officer's own LA without la=). */
void api_la_report_eyfsp_get(struct request *req);
void api_la_report_phonics_get(struct request *req);
void api_la_report_ks2_get(struct request *req);

/* ---- issue 5d: cheap cell saves ---- */

#endif
