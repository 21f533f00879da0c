/*
 * stmt: the fixed table of every SQL statement the store runs, indexed by enum
 * stmt_id. Written once with '?' placeholders (the PostgreSQL backend rewrites them
 * to $1..$n when it prepares); a separate PostgreSQL text only where dialects differ.
 * Private to src/store.
 */
#ifndef PT_STORE_STMT_H
#define PT_STORE_STMT_H

enum stmt_id {
	STMT_MIG_LOCK,
	STMT_MIG_CREATE,
	STMT_MIG_TABLE,
	STMT_MIG_MAX,
	STMT_MIG_APPLIED,
	STMT_MIG_INSERT,
	STMT_SETTLE,

	STMT_LA_INSERT,
	STMT_LA_GET,
	STMT_LA_GET_BY_CODE,
	STMT_LA_LIST,
	STMT_TRUST_INSERT,
	STMT_TRUST_GET,
	STMT_TRUST_GET_BY_NAME,
	STMT_TRUST_LIST,
	STMT_EST_INSERT,
	STMT_EST_GET,
	STMT_EST_GET_BY_LAESTAB,
	STMT_EST_LIST,

	STMT_USER_INSERT,
	STMT_USER_GET,
	STMT_USER_GET_BY_NAME,
	STMT_USER_UPDATE,
	STMT_USER_LIST,
	STMT_SESSION_INSERT,
	STMT_SESSION_GET,
	STMT_SESSION_USER_GET,
	STMT_SESSION_USER_EST_GET,
	STMT_SESSION_TOUCH,
	STMT_SESSION_END,
	STMT_SESSION_END_USER,
	STMT_TOKEN_INSERT,
	STMT_TOKEN_GET,

	STMT_PUPIL_INSERT,
	STMT_PUPIL_GET,
	STMT_PUPIL_GET_BY_UPN,
	STMT_PUPIL_UPDATE,
	STMT_PUPIL_LIST,
	STMT_PUPIL_COUNT,

	STMT_AUDIT_INSERT,
	STMT_AUDIT_LIST,
	STMT_AUDIT_MANY,

	/* ---- issue 3a: sign-in, security code, TOTP, throttling, profile ---- */
	STMT_PENDING_INSERT,
	STMT_PENDING_TAKE,
	STMT_PENDING_PURGE,
	STMT_THROTTLE_GET,
	STMT_THROTTLE_PUT,
	STMT_THROTTLE_CLEAR,
	STMT_TOTP_USE,
	STMT_USER_SIGN_IN_STATE,

	/* ---- issue 3b: mail, password reset, session expiry ---- */
	STMT_RESET_INSERT,
	STMT_RESET_GET,
	STMT_RESET_USE,
	STMT_RESET_END_USER,
	STMT_RESET_COUNT,
	STMT_RESET_REQ_INSERT,
	STMT_RESET_REQ_COUNT,
	STMT_RESET_REQ_PRUNE,
	STMT_RESET_USERS_BY_EMAIL,

	/* ---- issue 3c: managing people, organisations, audit pages ---- */
	STMT_AUDIT_PAGE,

	/* ---- issue 4a: pupil records, search, filter, profile ---- */
	/* One search statement per sort order, ascending then descending, in the
	 * order of enum pupil_sort (store_pupil.c picks by offset). */
	STMT_PUPIL_SEARCH_FIRST,
	STMT_PUPIL_SEARCH_LAST = STMT_PUPIL_SEARCH_FIRST + 2 * 6 - 1, /* 6 = PUPIL_SORT__MAX */
	STMT_PUPIL_SEARCH_COUNT,
	STMT_ESTAB_NAMES,
	STMT_CLASS_NAME_PUT,
	STMT_CUSTOM_NAME_PUT,
	STMT_SELECTION_GET,
	STMT_SELECTION_PUT,
	STMT_SELECTION_DELETE,

	/* ---- issue 4b: pupil upload, edit multiple, interventions, transfers ---- */
	STMT_IV_INSERT,
	STMT_IV_GET,
	STMT_IV_UPDATE,
	STMT_IV_DELETE,
	STMT_IV_LIST,
	STMT_TR_INSERT,
	STMT_TR_GET,
	STMT_TR_LIST,
	STMT_TR_DECIDE,

	/* ---- issue 5: EYFS tracking ---- */
	STMT_ASSESS_INSERT,
	STMT_ASSESS_GET,
	STMT_ASSESS_LIST,
	STMT_ASSESS_UPDATE,
	STMT_ASSESS_DELETE,
	STMT_JUDGE_DELETE_ALL,
	STMT_ANOTE_DELETE_ALL,
	STMT_JUDGE_COUNT,
	STMT_JUDGE_LIST,
	STMT_JUDGE_GET,
	STMT_JUDGE_ROW,
	STMT_JUDGE_INSERT,
	STMT_JUDGE_UPDATE,
	STMT_ANOTE_LIST,
	STMT_ANOTE_GET,
	STMT_ANOTE_INSERT,
	STMT_ANOTE_UPDATE,
	STMT_JUDGE_HISTORY,

	/* ---- issue 6: statutory results and CTF ---- */
	STMT_STAT_GET,
	STMT_STAT_INSERT,
	STMT_STAT_UPDATE,
	STMT_STAT_DELETE,
	STMT_STAT_LIST,
	STMT_STAT_LEAVERS,
	STMT_STAT_LEFT_NO_RESULT,
	STMT_STAT_HELD,
	STMT_STAT_ELSEWHERE,
	STMT_SUBM_GET,
	STMT_SUBM_ENSURE,
	STMT_SUBM_HOLD,
	STMT_SUBM_SUBMIT,
	STMT_SUBM_UNLOCK,

	/* ---- issue 7: LA collection ---- */
	STMT_FREQ_INSERT,
	STMT_FREQ_GET,
	STMT_FREQ_UPDATE,
	STMT_FREQ_STATE,
	STMT_FREQ_LIST_LA,
	STMT_FREQ_LIST_SCHOOL,
	STMT_TARGET_CLEAR,
	STMT_TARGET_ADD,
	STMT_TARGET_LIST,
	STMT_TARGET_HAS,
	STMT_RFILE_INSERT,
	STMT_RFILE_SUPERSEDE,
	STMT_RFILE_LIST,
	STMT_RFILE_GET,
	STMT_RFILE_CONTENT,
	STMT_RPROB_INSERT,
	STMT_RPROB_LIST,

	/* ---- issue 8b: progress meetings, discussion areas, home headline, news ---- */
	STMT_DAREA_SEEDED,
	STMT_DAREA_SEED_MARK,
	STMT_DAREA_SEED_COPY,
	STMT_DAREA_DEFAULTS,
	STMT_DAREA_INSERT,
	STMT_DAREA_GET,
	STMT_DAREA_LIST,
	STMT_DAREA_UPDATE,
	STMT_DAREA_DELETE,
	STMT_MEET_INSERT,
	STMT_MEET_GET,
	STMT_MEET_LIST,
	STMT_MEET_UPDATE,
	STMT_MEET_DELETE,
	STMT_MROW_INSERT,
	STMT_MROW_LIST,
	STMT_MROW_DELETE_ALL,
	STMT_NEWS_INSERT,
	STMT_NEWS_GET,
	STMT_NEWS_LIST,
	STMT_NEWS_CURRENT,
	STMT_NEWS_UPDATE,
	STMT_NEWS_DELETE,

	/* ---- issue 6b: CTF sequence numbers ---- */
	STMT_CTF_SEQ_GET,
	STMT_CTF_SEQ_NEXT,

	/* ---- issue 3d: accounts: refused forms, audit of every change ---- */

	/* ---- issue 4c: pupils API ---- */

	/* ---- issue 5b: EYFS grid speed, XLSX check ---- */
	STMT_PUPIL_NAMES_ASC,
	STMT_PUPIL_NAMES_DESC,
	STMT_JUDGE_VALUES,

	/* ---- issue 6c: statutory: CTF preview, downloads, entry screens ---- */

	/* ---- issue 7b: collection: school upload side, results templates ---- */
	STMT_RPROB_DELETE_FILE,
	STMT_RFILE_DELETE_UNRECEIVED,
	STMT_RECALLED_INSERT,
	STMT_RECALLED_LIST,
	STMT_RFILE_RESTORE, /* issue 7e */

	/* ---- issue 7c: collection: LA receive, chase, reminders, targeting ---- */
	STMT_EST_PHASE_SET,
	STMT_EST_PHASE_GET,
	STMT_EST_BY_PHASE,
	STMT_FREQ_REMIND_SET,
	STMT_FREQ_REMIND_GET,
	STMT_FREQ_OPEN_BEFORE,
	STMT_RECEIPT_INSERT,
	STMT_RECEIPT_LIST,
	STMT_REMINDER_INSERT,
	STMT_REMINDER_LIST,
	STMT_ESTAB_ADMIN_MAILS,
	STMT_LAFILE_INSERT,
	STMT_LAFILE_TARGET_ADD,
	STMT_LAFILE_LIST_LA,
	STMT_LAFILE_LIST_SCHOOL,
	STMT_LAFILE_GET,
	STMT_LAFILE_CONTENT,
	STMT_LAFILE_TARGETS,
	STMT_LAFILE_IS_TARGET,
	STMT_REQUEST_HISTORY,

	/* ---- issue 7d: collection: API, MAT bulk upload ---- */
	STMT_TUPLOAD_INSERT,
	STMT_TUPLOAD_GET,
	STMT_TUPLOAD_LIST,

	/* ---- issue 8c: reports: LA and trust tables, KS2, headline ---- */
	STMT_REPORT_RESULTS_LA,
	STMT_REPORT_RESULTS_TRUST,
	STMT_REPORT_PACK_LA,
	STMT_REPORT_PACK_TRUST,
	STMT_REPORT_SEED_PUPILS,
	STMT_REPORT_SEED_JUDGEMENTS,
	STMT_REPORT_SEED_RESULTS,
	STMT_REPORT_SEED_PACK_OFF,
	STMT_REPORT_SEED_PACK_ON,
	STMT_REPORT_SEED_PACK_FILL,

	/* ---- issue 6f: batched CTF import ---- */
	STMT_IMP_PUPIL_FIND,
	STMT_IMP_PUPIL_ADD,
	STMT_IMP_RESULT_READ,
	STMT_IMP_RESULT_PUT,
	STMT_IMP_CELL_READ,
	STMT_IMP_CELL_PUT,

	/* ---- issue 5e: fast grid page ---- */
	STMT_JUDGE_GRID,
	STMT_PUPIL_LIST_COVERED,
	STMT_JUDGE_GRID_SCREEN,

	/* ---- issue 4d: fast pupil list, search and CSV import ---- */
	STMT_PUPIL_BRIEF_NAMES_ASC,
	STMT_PUPIL_BRIEF_NAMES_DESC,
	STMT_PUPIL_BRIEF_FIRST,
	STMT_PUPIL_BRIEF_LAST = STMT_PUPIL_BRIEF_FIRST + 2 * 6 - 1, /* 6 = PUPIL_SORT__MAX */
	STMT_PUPIL_BRIEF_COUNT,
	STMT_PUPIL_BY_UPNS,
	STMT_PUPIL_ADD_MANY,
	STMT_PUPIL_UPDATE_MANY,

	STMT__MAX
};

struct stmt_def {
	const char *sql;    /* both dialects, '?' placeholders */
	const char *pg;	    /* PostgreSQL text where the dialects differ, else NULL */
	const char *params; /* one letter per '?': 'i' int64, 't' text, 'b' blob */
};

/* The definition of id; never NULL. */
const struct stmt_def *stmt_def_of(enum stmt_id id);
/* The first statement defined in neither half of the table or in both (a
 * mistake: stmt.c and stmt_collect.c), STMT__MAX when each is defined once. */
enum stmt_id stmt_tables_check(void);

#endif
