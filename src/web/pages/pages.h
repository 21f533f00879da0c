/*
 * pages: the server-rendered screens, one file each, and the layout they share.
 * Every handler here is named in the route table (routes.c) and runs only after
 * the dispatcher authenticated and authorised the request.
 */
#ifndef PT_WEB_PAGES_H
#define PT_WEB_PAGES_H

#include "web/request.h"

/* The main navigation; the active item gets aria-current="page". */
enum nav_item {
	NAV_NONE,
	NAV_HOME,
	NAV_ASSESSMENTS,
	NAV_PUPILS,
	NAV_SUBMISSIONS,
	NAV_REPORTS,
	NAV_MAINTENANCE,
	NAV_REQUESTS, /* issue 7: file requests (school: its requests; LA: its collection) */
	NAV__MAX
};

/* layout.c: starts an HTML page (head, skip link, header with the user's area
 * and name, the navigation items the user's role may use, <main> and its <h1>
 * title). Sets the status to 200 unless one was set. */
void page_begin(struct request *req, const char *title, enum nav_item active);
/* page_begin with a <title> that says more than the <h1>: a pupil's record is
 * headed with their name and titled "Surname, Forenames – Pupil details". */
void page_begin_titled(struct request *req, const char *title, const char *heading,
		       enum nav_item active);
/* Closes <main>, the footer and the document. */
void page_end(struct request *req);
/* The link to the pupils list of an establishment: "/schools/<laestab>/pupils"
 * (owned by the request). */
const char *page_pupils_href(struct request *req, const struct establishment *e);

/* errors.c: a whole error page for status (400, 403, 404, 405, 413, ...) with a
 * fixed text per status, plus detail (escaped) when given. Never shows internals. */
void page_error(struct request *req, int status, const char *detail);

/* sign_in.c */
void sign_in_get(struct request *req);
void sign_in_post(struct request *req);
void sign_out_post(struct request *req);
/* password.c */
void password_get(struct request *req);
void password_post(struct request *req);
/* home.c */
void home_get(struct request *req);
/* schools.c: the list of schools the user may see, and the table it and the
 * home page share (name linking to the pupils when allowed, LAESTAB, pupils). */
void schools_get(struct request *req);
void page_schools_table(struct request *req, const struct establishment *list, size_t n);
/* pupils.c */
void pupils_get(struct request *req);
/* coming_soon.c: the sections not built yet (the route pattern says which). */
void coming_soon_get(struct request *req);

/* ---- issue 3a: sign-in, security code, TOTP, throttling, profile ---- */
/* sign_in.c: the second step of signing in (security-code digits, and the
 * authenticator code when the user has one). */
void sign_in_code_post(struct request *req);
/* profile.c: the user's own account page and the authenticator app. */
void profile_get(struct request *req);
void totp_get(struct request *req);
void totp_post(struct request *req);
void totp_off_post(struct request *req);

/* ---- issue 3b: mail, password reset, session expiry ---- */
/* forgot.c: "Forgot your password?" and the page a password link opens. */
void forgot_get(struct request *req);
void forgot_post(struct request *req);
void reset_get(struct request *req);
void reset_post(struct request *req);
/* session_warning.c: seconds before the session of a signed-in page expires
 * (idle or absolute limit, whichever comes first; 0 when not signed in by
 * cookie), and POST /session/extend answering {"seconds_left": N, ...}. */
int64_t page_session_seconds_left(const struct request *req);
void session_extend_post(struct request *req);

/* ---- issue 3c: managing people, organisations, audit pages ---- */
/* maintenance.c: the index of the maintenance area (what the user may manage). */
void maintenance_get(struct request *req);
/* users.c: managing people (app/people.h). The forms send roles as
 * users_role_choices (enum role order); ?done= takes users_done_choices. */
extern const char *const users_role_choices[];
extern const char *const users_done_choices[];
void users_get(struct request *req);
void user_new_get(struct request *req);
void user_add_post(struct request *req);
void user_get(struct request *req);
void user_edit_post(struct request *req);
void user_disable_post(struct request *req);
void user_enable_post(struct request *req);
void user_reset_post(struct request *req);
void user_unlock_post(struct request *req);
/* orgs.c: LAs, trusts and schools for a system admin; ?done= takes orgs_done_choices. */
extern const char *const orgs_done_choices[];
void orgs_get(struct request *req);
void org_la_post(struct request *req);
void org_trust_post(struct request *req);
void org_school_post(struct request *req);
/* audit.c: the audit trail of the user's own area, with filters and pages. */
void audit_get(struct request *req);

/* ---- issue 4a: pupil records, search, filter, profile ---- */

/* pupils.c: the list's search as a CSV or XLSX file (?format=csv|xlsx). */
void pupils_export_get(struct request *req);

struct pupil_filter; /* core/pupil_filter.h */

/* filter_form.c: the pupil characteristics filter on a page. A route that shows
 * it lists PAGE_FILTER_PARAM_SPECS among its parameters (query or form). */
#define PAGE_FILTER_PARAM(n)                                \
	{                                                   \
		.name = n, .type = PARAM_TEXT, .max_len = 8 \
	}
#define PAGE_FILTER_PARAM_SPECS                                                                    \
	PAGE_FILTER_PARAM("f_int"), PAGE_FILTER_PARAM("f_gender"), PAGE_FILTER_PARAM("f_summer"),  \
		PAGE_FILTER_PARAM("f_sen"), PAGE_FILTER_PARAM("f_eth"), PAGE_FILTER_PARAM("f_pp"), \
		PAGE_FILTER_PARAM("f_dis"), PAGE_FILTER_PARAM("f_eal"), PAGE_FILTER_PARAM("f_c1"), \
		PAGE_FILTER_PARAM("f_c2"), PAGE_FILTER_PARAM("f_c3"), PAGE_FILTER_PARAM("f_c4"),   \
		PAGE_FILTER_PARAM("f_c5"), PAGE_FILTER_PARAM("f_c6")
/* Reads the route's filter parameters into f (pupil_filter_init first). False
 * when one has a value the filter does not take; *bad (may be NULL) names it. */
bool page_filter_read(struct request *req, struct pupil_filter *f, const char **bad);
/* The text of pupil search q in a key of a kept piece (store_piece_get):
 * every value that picks, orders and labels its rows (the academic year, the
 * search, the filter, sort and direction, limit and offset), not its school or
 * version; NULL (keep nothing) when the filter's text does not fit. In the
 * request's arena. */
const char *page_search_key(struct request *req, const struct pupil_search *q);
/* Writes the filter as a <details> "Pupil characteristics" of labelled selects
 * (inside the caller's <form>); the custom filters carry the profile's names. */
void page_filter_form(struct request *req, const struct pupil_filter *f,
		      const struct estab_profile *prof);
/* Writes the "Class" (the profile's class names) and "Year group" selects, in that
 * order, as the pupil list and "Edit multiple pupils" search by them: parameters
 * class (0 = all) and year (a year label, "" = all); ids id_prefix + "class" and
 * id_prefix + "year". year is YEAR_NONE for all years. */
void page_class_year_fields(struct request *req, const char *id_prefix, int class_no, int year,
			    const struct estab_profile *prof);

/* pupils.c: the pupil list, search and saved selection, archive and restore. */
void pupils_search_post(struct request *req);
void pupils_archive_post(struct request *req);
void pupils_restore_post(struct request *req);
/* pupil_form.c: add and edit one pupil. */
void pupil_new_get(struct request *req);
void pupil_add_post(struct request *req);
void pupil_edit_get(struct request *req);
void pupil_edit_post(struct request *req);
/* estab_profile.c: class names and custom filter names (school admin). */
void estab_profile_get(struct request *req);
void estab_profile_post(struct request *req);

/* ---- issue 4b: pupil upload, edit multiple, interventions, transfers ---- */
/* interventions.c: a pupil's interventions (list, add, edit, delete); routes take
 * :laestab, :id (the pupil) and :iv (the intervention). */
void interventions_get(struct request *req);
void intervention_add_post(struct request *req);
void intervention_edit_get(struct request *req);
void intervention_edit_post(struct request *req);
void intervention_delete_post(struct request *req);
/* transfers.c: transfer requests of a school: ask for a pupil by UPN; confirm or
 * refuse requests for this school's pupils (route :tid). GET
 * /schools/LAESTAB/transfers?upn=UPN opens it with the UPN filled in. */
void transfers_get(struct request *req);
void transfer_request_post(struct request *req);
void transfer_confirm_post(struct request *req);
void transfer_refuse_post(struct request *req);
/* pupils_bulk.c: the "Edit multiple pupils" grid (filters as the pupil list). */
void pupils_bulk_get(struct request *req);
/* pupil_upload.c: upload pupils from the CSV template: the form, the check with
 * its problems or preview (multipart POST, RF_UPLOAD), the confirmation that
 * stores all or nothing, and the template itself. */
void pupil_upload_get(struct request *req);
void pupil_upload_post(struct request *req);
void pupil_upload_confirm_post(struct request *req);
void pupil_upload_template_get(struct request *req);

/* ---- issue 5: EYFS tracking ---- */

/* assessments.c: the EYFS tracking screens: /assessments (to the user's school),
 * the grid of one academic year and year group, create / edit / delete, and the
 * CSV and XLSX downloads of one assessment. */
void assessments_home_get(struct request *req);
void assessments_get(struct request *req);
void assessment_new_get(struct request *req);
void assessment_create_post(struct request *req);
void assessment_edit_get(struct request *req);
void assessment_update_post(struct request *req);
void assessment_delete_post(struct request *req);
void assessment_download_get(struct request *req);
/* GET .../assessments/download: "Screen data" or (all=1) "All data" of a year. */
void assessments_download_get(struct request *req);

/* ---- issue 6: statutory results and CTF ---- */
/* statutory.c: the Submissions index (collections of the current academic year
 * and their state per school, with the LA's unlock action), the entry screens of
 * phonics, KS1 and KS2 TA (save, submit with the declaration, unlock), the CTF
 * download of a collection and the CTF import of a school. */
void submissions_get(struct request *req);
void statutory_entry_get(struct request *req);
void statutory_action_get(struct request *req);
void statutory_entry_post(struct request *req);
void statutory_submit_post(struct request *req);
void statutory_unlock_post(struct request *req);
void statutory_ctf_post(struct request *req);
void ctf_import_get(struct request *req);
void ctf_import_post(struct request *req);

/* ---- issue 7: LA collection ---- */

/* collection.c: /requests (to the user's own requests page), the LA officer's
 * file requests (list, create, edit, close, reopen, dashboard, CSV export) and
 * the school's requests, upload & send and the result of one file. */
void requests_home_get(struct request *req);
void la_requests_get(struct request *req);
void la_request_new_get(struct request *req);
void la_request_create_post(struct request *req);
void la_request_get(struct request *req);
void la_request_edit_get(struct request *req);
void la_request_update_post(struct request *req);
void la_request_close_post(struct request *req);
void la_request_reopen_post(struct request *req);
void la_request_export_get(struct request *req);
void la_file_get(struct request *req);
void school_requests_get(struct request *req);
void school_request_get(struct request *req);
void school_upload_post(struct request *req);
void school_file_get(struct request *req);

/* ---- issue 8b: progress meetings, discussion areas, home headline, news ---- */
/* meetings.c: the Reception cohort progress meetings (list newest first, add,
 * edit with "Add row" / "Delete" buttons that re-render the form keeping what
 * was typed, delete after a confirmation); meetings_admin.c: the
 * discussion-area templates of the maintenance area, the LA officer's news
 * items and the home headline. */
void meetings_home_get(struct request *req);
void meetings_get(struct request *req);
void meeting_new_get(struct request *req);
void meeting_create_post(struct request *req);
void meeting_edit_get(struct request *req);
void meeting_update_post(struct request *req);
void meeting_delete_get(struct request *req);
void meeting_delete_post(struct request *req);
void dareas_home_get(struct request *req);
void dareas_get(struct request *req);
void dareas_customise_post(struct request *req);
void darea_new_get(struct request *req);
void darea_create_post(struct request *req);
void darea_edit_get(struct request *req);
void darea_update_post(struct request *req);
void darea_delete_post(struct request *req);
void news_get(struct request *req);
void news_new_get(struct request *req);
void news_create_post(struct request *req);
void news_edit_get(struct request *req);
void news_update_post(struct request *req);
void news_delete_post(struct request *req);

/* ---- issue 8a: Full Report, Venn diagrams ---- */
/* reports.c: /reports (the schools and their reports), the Full Report and the
 * Venn diagrams of one school (filters: year, yg, assessment, class, the pupil
 * characteristics; list= / region= show the pupils behind a figure; format=
 * csv|xlsx downloads the Full Report). */
void reports_home_get(struct request *req);
void report_full_get(struct request *req);
void report_venn_get(struct request *req);
/* The headline and the current news of the user's area, for home.c. */
void page_home_headlines(struct request *req);

/* ---- issue 3d: accounts: refused forms, audit of every change ---- */
/* refused.c: the status of a form shown again with its message because the
 * change was not made: 409 for ERR_CONFLICT (changed meanwhile, exists already,
 * nothing to change) and ERR_LOCKED, 413 for ERR_TOO_BIG, 500 for ERR_IO, else
 * 422 (the input was refused). Set it with resp_status before page_begin. */
int page_refused_status(enum err rc);

/* ---- issue 4c: pupils API ---- */

/* ---- issue 5b: EYFS grid speed, XLSX check ---- */

/* ---- issue 6c: statutory: CTF preview, downloads, entry screens ---- */
/* statutory.c: "Import" after the preview of an uploaded CTF (the file's text is
 * sent back, read and checked again, stored all or nothing). */
void ctf_import_confirm_post(struct request *req);

/* ---- issue 7b: collection: school upload side, results templates ---- */
/* collection_upload.c: "Upload & send" of several files with a verdict per file,
 * the error file (CSV) of a file's problems, and the pieces the request page of
 * collection.c shows (the form, the files sent, the error file's link). */
struct school_request;
struct received_file;
void school_send_post(struct request *req);
void school_file_problems_get(struct request *req);
void school_upload_form(struct request *req, const struct school_request *sr);
void school_files_get(struct request *req);
void school_template_get(struct request *req);
void school_send_submitted_post(struct request *req);
void school_file_recall_post(struct request *req);
void school_file_delete_post(struct request *req);
/* "Files sent" with its filter links (enum sent_filter, app/collection_upload.h),
 * the LA's receipt and the Recall / Delete buttons of each file. */
void school_sent_files(struct request *req, int64_t request_id, int filter);
/* A link to the error file when a file has more than COLLECTION_ERROR_FILE_AFTER
 * problems. */
void school_error_file_link(struct request *req, int64_t request_id, int64_t file_id,
			    size_t nproblems);

/* ---- issue 7c: collection: LA receive, chase, reminders, targeting ---- */
/* collection_la.c: the LA officer downloads a file (POST: it marks it Received)
 * or all returns as a ZIP, the dashboard as XLSX, chases, reads the request's
 * history and sends files to schools; the school lists and downloads the files
 * its LA sent. */
void la_file_download_post(struct request *req);
void la_download_all_post(struct request *req);
void la_file_import_post(struct request *req);
void la_request_export_xlsx_get(struct request *req);
void la_request_chase_post(struct request *req);
void la_request_history_get(struct request *req);
void la_send_get(struct request *req);
void la_send_post(struct request *req);
void school_la_files_get(struct request *req);
void school_la_file_get(struct request *req);
/* Pieces collection.c shows: the dashboard's actions (XLSX, ZIP, chase, send,
 * history), a file's receipt with its Download button, the request form's
 * phase and reminder fields, and a request's stored reminder days as the form
 * shows them ("" = the server's setting). */
struct file_request;
struct received_file;
struct request_form;
struct request_form_errors;
void la_dashboard_actions(struct request *req, const struct file_request *r, int filter);
void la_file_receipt_block(struct request *req, const struct file_request *r,
			   const struct received_file *f);
void la_request_form_extra(struct request *req, const struct request_form *in,
			   const struct request_form_errors *fe);
const char *la_request_remind_text(struct request *req, int64_t id);

/* ---- issue 7d: collection: API, MAT bulk upload ---- */
/* collection_mat.c: a MAT admin's bulk upload of returns for the trust's
 * schools (GET: the form and the trust's uploads; POST: multipart "file" parts,
 * "collection", "comment"; each file's verdict on the page). */
void trust_uploads_get(struct request *req);
void trust_uploads_post(struct request *req);

/* ---- issue 8c: reports: LA and trust tables, KS2, headline ---- */
/* reports_la.c: GET /la/reports and /trust/reports (?year=YYYY&collection=
 * eyfsp|phonics|ks2&format=csv|xlsx; la=NNN / trust=ID for a system admin): the
 * cross-school tables of app/report_table.h. */
void la_table_get(struct request *req);
void trust_table_get(struct request *req);

#endif
