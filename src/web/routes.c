/*
 * routes: the route table (see routes.h). To add a screen: write its handler in
 * pages/ or api/, declare its parameters here, add one row. tests/unit/web/
 * test_routes.c checks every row has a policy action and every state-changing
 * row checks CSRF.
 */
#include "web/routes.h"

#include <string.h>

#include "app/account.h"
#include "app/meetings.h"
#include "app/pupil_import.h"
#include "base/xalloc.h"
#include "store/store_meetings.h"
#include "web/api/api.h"
#include "web/health.h"
#include "web/pages/pages.h"
#include "web/static.h"

/* The parameter and route tables are aligned by hand. */
/* clang-format off */
#define PARAMS(a) (a), ARRAY_SIZE(a)
#define NO_PARAMS NULL, 0

/* LAESTAB: 3-digit LA number and 4-digit establishment number. */
static const struct param_spec p_laestab[] = {
	{ .name = "laestab",
	  .type = PARAM_INT,
	  .max_len = 7,
	  .required = true,
	  .in_path = true,
	  .min = 1000000,
	  .max = 9999999 },
};

static const char *const sign_in_reasons[] = { "expired", "elsewhere", "signed-out", NULL };
static const struct param_spec p_sign_in_get[] = {
	{ .name = "reason", .type = PARAM_ENUM, .max_len = 16, .choices = sign_in_reasons },
};

static const struct param_spec p_sign_in_post[] = {
	{ .name = "username", .type = PARAM_TEXT, .max_len = USERNAME_MAX, .required = true },
	{ .name = "password", .type = PARAM_TEXT, .max_len = PASSWORD_MAX, .required = true },
};

static const struct param_spec p_password_post[] = {
	{ .name = "current", .type = PARAM_TEXT, .max_len = PASSWORD_MAX, .required = true },
	{ .name = "new", .type = PARAM_TEXT, .max_len = PASSWORD_MAX, .required = true },
	{ .name = "confirm", .type = PARAM_TEXT, .max_len = PASSWORD_MAX, .required = true },
};

/* ---- issue 3a: sign-in, security code, TOTP, throttling, profile ---- */
static const struct param_spec p_sign_in_code_post[] = {
	{ .name = "pending", .type = PARAM_TEXT, .max_len = TOKEN_TEXT_LEN, .required = true },
	{ .name = "d1", .type = PARAM_TEXT, .max_len = 1 },
	{ .name = "d2", .type = PARAM_TEXT, .max_len = 1 },
	{ .name = "totp", .type = PARAM_TEXT, .max_len = 8 },
};
static const struct param_spec p_totp_post[] = {
	{ .name = "secret", .type = PARAM_TEXT, .max_len = 64, .required = true },
	{ .name = "expires", .type = PARAM_INT, .max_len = 20, .required = true },
	{ .name = "sig", .type = PARAM_TEXT, .max_len = 64, .required = true },
	{ .name = "code", .type = PARAM_TEXT, .max_len = 8 },
};
static const struct param_spec p_totp_off_post[] = {
	{ .name = "password", .type = PARAM_TEXT, .max_len = PASSWORD_MAX },
};

/* ---- issue 3b: mail, password reset, session expiry ---- */
static const struct param_spec p_forgot_post[] = {
	{ .name = "name", .type = PARAM_TEXT, .max_len = NAME_MAX_LEN, .required = true },
};
static const struct param_spec p_reset_get[] = {
	{ .name = "token", .type = PARAM_TEXT, .max_len = TOKEN_TEXT_LEN },
};
static const struct param_spec p_reset_post[] = {
	{ .name = "token", .type = PARAM_TEXT, .max_len = TOKEN_TEXT_LEN, .required = true },
	{ .name = "new", .type = PARAM_TEXT, .max_len = PASSWORD_MAX, .required = true },
	{ .name = "confirm", .type = PARAM_TEXT, .max_len = PASSWORD_MAX, .required = true },
};

/* ---- issue 4a: pupil records, search, filter, profile (parameters) ---- */
static const char *const pupil_sorts[] = { "name", "upn", "dob", "class", "year", "gender", NULL };
static const char *const sort_dirs[] = { "asc", "desc", NULL };
static const char *const search_actions[] = { "search", "save", "clear", NULL };
static const char *const list_notices[] = { "archived", "restored", "saved", NULL };
#define P_LAESTAB                                                                             \
	{ .name = "laestab", .type = PARAM_INT, .max_len = 7, .required = true, .in_path = true, \
	  .min = 1000000, .max = 9999999 }
#define P_PUPIL_ID                                                                           \
	{ .name = "id", .type = PARAM_INT, .max_len = 18, .required = true, .in_path = true,  \
	  .min = 1, .max = INT64_MAX }
#define P_SEARCH                                                                             \
	{ .name = "surname", .type = PARAM_TEXT, .max_len = PERSON_NAME_MAX },                \
	{ .name = "upn", .type = PARAM_TEXT, .max_len = 13 },                                 \
	{ .name = "class", .type = PARAM_INT, .max_len = 2, .min = 0, .max = CLASS_COUNT },   \
	{ .name = "year", .type = PARAM_TEXT, .max_len = 8 },                                 \
	{ .name = "archived", .type = PARAM_BOOL },                                           \
	{ .name = "sort", .type = PARAM_ENUM, .max_len = 8, .choices = pupil_sorts },         \
	{ .name = "dir", .type = PARAM_ENUM, .max_len = 4, .choices = sort_dirs },            \
	PAGE_FILTER_PARAM_SPECS
static const struct param_spec p_pupils_get[] = {
	P_LAESTAB, P_SEARCH,
	{ .name = "page", .type = PARAM_INT, .max_len = 6, .min = 1, .max = 100000 },
	{ .name = "notice", .type = PARAM_ENUM, .max_len = 10, .choices = list_notices },
	{ .name = "n", .type = PARAM_INT, .max_len = 6, .min = 0, .max = 100000 },
};
static const char *const export_formats[] = { "csv", "xlsx", NULL };
static const struct param_spec p_pupils_export[] = {
	P_LAESTAB, P_SEARCH,
	{ .name = "format", .type = PARAM_ENUM, .max_len = 4, .required = true, .choices = export_formats },
};
static const struct param_spec p_pupils_search[] = {
	P_LAESTAB, P_SEARCH,
	{ .name = "action", .type = PARAM_ENUM, .max_len = 8, .choices = search_actions },
};
#define SEL(n) { .name = "sel" #n, .type = PARAM_INT, .max_len = 18, .min = 1, .max = INT64_MAX }
#define SEL10(t) SEL(t##0), SEL(t##1), SEL(t##2), SEL(t##3), SEL(t##4), SEL(t##5), SEL(t##6), \
		 SEL(t##7), SEL(t##8), SEL(t##9)
static const struct param_spec p_pupils_archive[] = {
	P_LAESTAB,
	{ .name = "back", .type = PARAM_TEXT, .max_len = 1000 },
	SEL10(), SEL10(1), SEL10(2), SEL10(3), SEL10(4), SEL10(5), SEL10(6), SEL10(7), SEL10(8),
	SEL10(9), SEL10(10), SEL10(11), SEL10(12), SEL10(13), SEL10(14), SEL10(15), SEL10(16),
	SEL10(17), SEL10(18), SEL10(19),
};
#undef SEL10
#undef SEL
static const struct param_spec p_pupil_id[] = { P_LAESTAB, P_PUPIL_ID };
#define P_PUPIL_FORM                                                                          \
	{ .name = "upn", .type = PARAM_TEXT, .max_len = 20 },                                 \
	{ .name = "surname", .type = PARAM_TEXT, .max_len = PERSON_NAME_MAX },                \
	{ .name = "forenames", .type = PARAM_TEXT, .max_len = PERSON_NAME_MAX },              \
	{ .name = "dob", .type = PARAM_TEXT, .max_len = 20 },                                 \
	{ .name = "class", .type = PARAM_INT, .max_len = 2, .min = 0, .max = CLASS_COUNT },   \
	{ .name = "year_override", .type = PARAM_TEXT, .max_len = 8 },                        \
	{ .name = "gender", .type = PARAM_TEXT, .max_len = 8 },                               \
	{ .name = "postcode", .type = PARAM_TEXT, .max_len = 20 },                            \
	{ .name = "ethnicity", .type = PARAM_TEXT, .max_len = 8 },                            \
	{ .name = "sen", .type = PARAM_TEXT, .max_len = 8 },                                  \
	{ .name = "sen_notes", .type = PARAM_TEXT, .max_len = NOTE_MAX_LEN },                 \
	{ .name = "disadvantaged", .type = PARAM_BOOL },                                      \
	{ .name = "eal", .type = PARAM_BOOL },                                                \
	{ .name = "pupil_premium", .type = PARAM_BOOL },                                      \
	{ .name = "fsm", .type = PARAM_BOOL },                                                \
	{ .name = "custom1", .type = PARAM_BOOL }, { .name = "custom2", .type = PARAM_BOOL }, \
	{ .name = "custom3", .type = PARAM_BOOL }, { .name = "custom4", .type = PARAM_BOOL }, \
	{ .name = "custom5", .type = PARAM_BOOL }, { .name = "custom6", .type = PARAM_BOOL }, \
	{ .name = "include_in_data", .type = PARAM_BOOL }
static const struct param_spec p_pupil_add[] = { P_LAESTAB, P_PUPIL_FORM };
static const struct param_spec p_pupil_edit[] = {
	P_LAESTAB, P_PUPIL_ID, P_PUPIL_FORM,
	{ .name = "version", .type = PARAM_INT, .max_len = 18, .required = true, .min = 1,
	  .max = INT64_MAX },
};
#define NAME_P(n, m) { .name = n, .type = PARAM_TEXT, .max_len = m }
static const struct param_spec p_profile_post[] = {
	P_LAESTAB,
	NAME_P("class1", CLASS_NAME_MAX), NAME_P("class2", CLASS_NAME_MAX),
	NAME_P("class3", CLASS_NAME_MAX), NAME_P("class4", CLASS_NAME_MAX),
	NAME_P("class5", CLASS_NAME_MAX), NAME_P("class6", CLASS_NAME_MAX),
	NAME_P("class7", CLASS_NAME_MAX), NAME_P("class8", CLASS_NAME_MAX),
	NAME_P("class9", CLASS_NAME_MAX), NAME_P("class10", CLASS_NAME_MAX),
	NAME_P("class11", CLASS_NAME_MAX), NAME_P("class12", CLASS_NAME_MAX),
	NAME_P("class13", CLASS_NAME_MAX), NAME_P("class14", CLASS_NAME_MAX),
	NAME_P("class15", CLASS_NAME_MAX), NAME_P("class16", CLASS_NAME_MAX),
	NAME_P("class17", CLASS_NAME_MAX), NAME_P("class18", CLASS_NAME_MAX),
	NAME_P("class19", CLASS_NAME_MAX), NAME_P("class20", CLASS_NAME_MAX),
	NAME_P("custom1", CUSTOM_NAME_MAX), NAME_P("custom2", CUSTOM_NAME_MAX),
	NAME_P("custom3", CUSTOM_NAME_MAX), NAME_P("custom4", CUSTOM_NAME_MAX),
	NAME_P("custom5", CUSTOM_NAME_MAX), NAME_P("custom6", CUSTOM_NAME_MAX),
};
#undef NAME_P
static const struct param_spec p_api_pupils[] = {
	P_LAESTAB, P_SEARCH,
	{ .name = "limit", .type = PARAM_INT, .max_len = 6, .min = 1, .max = 10000 },
	{ .name = "offset", .type = PARAM_INT, .max_len = 9, .min = 0, .max = 100000000 },
};
static const struct param_spec p_api_pupil_get[] = {
	P_LAESTAB, { .name = "upn", .type = PARAM_TEXT, .max_len = 20, .required = true, .in_path = true },
};
static const struct param_spec p_api_pupil_put[] = {
	P_LAESTAB, { .name = "upn", .type = PARAM_TEXT, .max_len = 20, .required = true, .in_path = true },
	{ .name = "surname", .type = PARAM_TEXT, .max_len = PERSON_NAME_MAX },
	{ .name = "forenames", .type = PARAM_TEXT, .max_len = PERSON_NAME_MAX },
	{ .name = "dob", .type = PARAM_TEXT, .max_len = 20 },
	{ .name = "class", .type = PARAM_INT, .max_len = 2, .min = 0, .max = CLASS_COUNT },
	{ .name = "year_override", .type = PARAM_TEXT, .max_len = 8 },
	{ .name = "gender", .type = PARAM_TEXT, .max_len = 8 },
	{ .name = "postcode", .type = PARAM_TEXT, .max_len = 20 },
	{ .name = "ethnicity", .type = PARAM_TEXT, .max_len = 8 },
	{ .name = "sen", .type = PARAM_TEXT, .max_len = 8 },
	{ .name = "sen_notes", .type = PARAM_TEXT, .max_len = NOTE_MAX_LEN },
	{ .name = "disadvantaged", .type = PARAM_BOOL }, { .name = "eal", .type = PARAM_BOOL },
	{ .name = "pupil_premium", .type = PARAM_BOOL }, { .name = "fsm", .type = PARAM_BOOL },
	{ .name = "custom1", .type = PARAM_BOOL }, { .name = "custom2", .type = PARAM_BOOL },
	{ .name = "custom3", .type = PARAM_BOOL }, { .name = "custom4", .type = PARAM_BOOL },
	{ .name = "custom5", .type = PARAM_BOOL }, { .name = "custom6", .type = PARAM_BOOL },
	{ .name = "include_in_data", .type = PARAM_BOOL },
	{ .name = "version", .type = PARAM_INT, .max_len = 18, .required = true, .min = 1,
	  .max = INT64_MAX },
};

/* ---- issue 4b: pupil upload, edit multiple, interventions, transfers (parameters) ---- */
static const char *const iv_done[] = { "added", "saved", "deleted", NULL };
static const char *const transfer_done[] = { "requested", "confirmed", "refused", NULL };
#define P_IV_ID                                                                               \
	{ .name = "iv", .type = PARAM_INT, .max_len = 18, .required = true, .in_path = true,  \
	  .min = 1, .max = INT64_MAX }
#define P_IV_FIELDS                                                                           \
	{ .name = "year", .type = PARAM_INT, .max_len = 4, .required = true, .min = 2000,     \
	  .max = 2100 },                                                                      \
		{ .name = "assessment", .type = PARAM_TEXT,                                   \
		  .max_len = INTERVENTION_ASSESSMENT_MAX },                                   \
		{ .name = "details", .type = PARAM_TEXT, .max_len = NOTE_MAX_LEN, .required = true }
static const struct param_spec p_iv_list[] = {
	P_LAESTAB, P_PUPIL_ID,
	{ .name = "done", .type = PARAM_ENUM, .max_len = 8, .choices = iv_done },
};
static const struct param_spec p_iv_add[] = { P_LAESTAB, P_PUPIL_ID, P_IV_FIELDS };
static const struct param_spec p_iv_one[] = { P_LAESTAB, P_PUPIL_ID, P_IV_ID };
static const struct param_spec p_iv_edit[] = { P_LAESTAB, P_PUPIL_ID, P_IV_ID, P_IV_FIELDS };
static const struct param_spec p_transfers_get[] = {
	P_LAESTAB,
	{ .name = "done", .type = PARAM_ENUM, .max_len = 10, .choices = transfer_done },
	{ .name = "upn", .type = PARAM_TEXT, .max_len = 20 },
};
static const struct param_spec p_transfer_request[] = {
	P_LAESTAB,
	{ .name = "upn", .type = PARAM_TEXT, .max_len = 20, .required = true },
};
static const struct param_spec p_pupils_bulk_get[] = {
	P_LAESTAB,
	{ .name = "surname", .type = PARAM_TEXT, .max_len = PERSON_NAME_MAX },
	{ .name = "upn", .type = PARAM_TEXT, .max_len = 13 },
	{ .name = "year", .type = PARAM_TEXT, .max_len = 4 },
	{ .name = "class", .type = PARAM_INT, .max_len = 2, .min = 0, .max = CLASS_COUNT },
	PAGE_FILTER_PARAM_SPECS,
};
static const struct param_spec p_pupils_bulk_post[] = {
	P_LAESTAB,
	{ .name = "changes", .type = PARAM_TEXT, .max_len = 1024 * 1024, .required = true },
};
static const struct param_spec p_upload_get[] = {
	P_LAESTAB,
	{ .name = "added", .type = PARAM_INT, .max_len = 6, .min = 0, .max = 999999 },
	{ .name = "updated", .type = PARAM_INT, .max_len = 6, .min = 0, .max = 999999 },
};
static const struct param_spec p_upload_confirm[] = {
	P_LAESTAB,
	{ .name = "name", .type = PARAM_TEXT, .max_len = 200 },
	{ .name = "csv", .type = PARAM_TEXT, .max_len = CSV_IMPORT_MAX_BYTES, .required = true },
};
static const struct param_spec p_transfer_decide[] = {
	P_LAESTAB,
	{ .name = "tid", .type = PARAM_INT, .max_len = 18, .required = true, .in_path = true,
	  .min = 1, .max = INT64_MAX },
};

/* ---- issue 5: EYFS tracking (parameters) ---- */
#define P5_LAESTAB                                                                            \
	{ .name = "laestab", .type = PARAM_INT, .max_len = 7, .required = true, .in_path = true, \
	  .min = 1000000, .max = 9999999 }
#define P5_ID                                                                                 \
	{ .name = "id", .type = PARAM_INT, .max_len = 18, .required = true, .in_path = true,  \
	  .min = 1, .max = INT64_MAX }
#define P5_FILTER                                                                             \
	{ .name = "f_gender", .type = PARAM_TEXT, .max_len = 8 },                             \
	{ .name = "f_summer", .type = PARAM_TEXT, .max_len = 8 },                             \
	{ .name = "f_sen", .type = PARAM_TEXT, .max_len = 8 },                                \
	{ .name = "f_eth", .type = PARAM_TEXT, .max_len = 8 },                                \
	{ .name = "f_pp", .type = PARAM_TEXT, .max_len = 8 },                                 \
	{ .name = "f_dis", .type = PARAM_TEXT, .max_len = 8 },                                \
	{ .name = "f_eal", .type = PARAM_TEXT, .max_len = 8 },                                \
	{ .name = "f_c1", .type = PARAM_TEXT, .max_len = 8 },                                 \
	{ .name = "f_c2", .type = PARAM_TEXT, .max_len = 8 },                                 \
	{ .name = "f_c3", .type = PARAM_TEXT, .max_len = 8 },                                 \
	{ .name = "f_c4", .type = PARAM_TEXT, .max_len = 8 },                                 \
	{ .name = "f_c5", .type = PARAM_TEXT, .max_len = 8 },                                 \
	{ .name = "f_c6", .type = PARAM_TEXT, .max_len = 8 }
static const char *const p5_yg_choices[] = { "N1", "N2", "R", NULL };
static const char *const p5_kinds[] = { "tracking", "elg", NULL };
static const char *const p5_formats[] = { "csv", "xlsx", NULL };
static const struct param_spec p5_grid[] = {
	P5_LAESTAB,
	{ .name = "year", .type = PARAM_INT, .max_len = 4, .min = 1990, .max = 2200 },
	{ .name = "yg", .type = PARAM_ENUM, .max_len = 2, .choices = p5_yg_choices },
	{ .name = "chars", .type = PARAM_BOOL },
	{ .name = "custom", .type = PARAM_BOOL },
	{ .name = "elg", .type = PARAM_BOOL },
	P5_FILTER,
};
static const struct param_spec p5_new[] = {
	P5_LAESTAB,
	{ .name = "kind", .type = PARAM_ENUM, .max_len = 8, .choices = p5_kinds },
};
#define P5_FORM                                                                               \
	{ .name = "name", .type = PARAM_TEXT, .max_len = 200 },                               \
	{ .name = "kind", .type = PARAM_ENUM, .max_len = 8, .choices = p5_kinds },            \
	{ .name = "date", .type = PARAM_TEXT, .max_len = 20 },                                \
	{ .name = "completion", .type = PARAM_TEXT, .max_len = 20 },                          \
	{ .name = "yg_n1", .type = PARAM_BOOL }, { .name = "yg_n2", .type = PARAM_BOOL },     \
	{ .name = "yg_r", .type = PARAM_BOOL }
static const struct param_spec p5_create[] = { P5_LAESTAB, P5_FORM };
static const struct param_spec p5_update[] = {
	P5_LAESTAB, P5_ID, P5_FORM,
	{ .name = "version", .type = PARAM_INT, .max_len = 18, .required = true, .min = 0,
	  .max = INT64_MAX },
};
static const struct param_spec p5_id[] = { P5_LAESTAB, P5_ID };
static const struct param_spec p5_delete[] = {
	P5_LAESTAB, P5_ID, { .name = "confirm", .type = PARAM_BOOL },
};
static const struct param_spec p5_download[] = {
	P5_LAESTAB, P5_ID,
	{ .name = "format", .type = PARAM_ENUM, .max_len = 4, .choices = p5_formats },
	{ .name = "chars", .type = PARAM_BOOL },
	{ .name = "custom", .type = PARAM_BOOL },
	P5_FILTER,
};
static const struct param_spec p5_download_all[] = {
	P5_LAESTAB,
	{ .name = "format", .type = PARAM_ENUM, .max_len = 4, .choices = p5_formats },
	{ .name = "year", .type = PARAM_INT, .max_len = 4, .min = 1990, .max = 2200 },
	{ .name = "yg", .type = PARAM_ENUM, .max_len = 2, .choices = p5_yg_choices },
	{ .name = "elg", .type = PARAM_BOOL },
	{ .name = "chars", .type = PARAM_BOOL },
	{ .name = "custom", .type = PARAM_BOOL },
	{ .name = "all", .type = PARAM_BOOL },
	{ .name = "f_int", .type = PARAM_TEXT, .max_len = 8 },
	P5_FILTER,
};
static const struct param_spec p5_api_grid[] = { P5_LAESTAB, P5_ID, P5_FILTER };
static const struct param_spec p5_api_list[] = {
	P5_LAESTAB,
	{ .name = "academic_year", .type = PARAM_INT, .max_len = 4, .min = 1990, .max = 2200 },
};
static const struct param_spec p5_api_put[] = {
	P5_LAESTAB, P5_ID,
	{ .name = "pupil", .type = PARAM_INT, .max_len = 18, .required = true, .in_path = true,
	  .min = 1, .max = INT64_MAX },
	{ .name = "area", .type = PARAM_TEXT, .max_len = 3, .required = true, .in_path = true },
	{ .name = "value", .type = PARAM_TEXT, .max_len = 20, .required = true },
	{ .name = "version", .type = PARAM_INT, .max_len = 18, .required = true, .min = 0,
	  .max = INT64_MAX },
	{ .name = "colour", .type = PARAM_TEXT, .max_len = 15 },
	{ .name = "note", .type = PARAM_TEXT, .max_len = NOTE_MAX_LEN },
	P5_FILTER,
};
static const struct param_spec p5_api_batch[] = {
	P5_LAESTAB, P5_ID,
	{ .name = "changes", .type = PARAM_TEXT, .max_len = 1024 * 1024, .required = true },
	P5_FILTER,
};
/* The issue's paths (/api/v1/assessments...): the school from "establishment",
 * or from the assessment itself (RF_ASSESSMENT); the rest as above. */
static const struct param_spec p5_api_grid_by_id[] = { P5_ID, P5_FILTER };
static const struct param_spec p5_api_batch_by_id[] = {
	P5_ID,
	{ .name = "changes", .type = PARAM_TEXT, .max_len = 1024 * 1024, .required = true },
	P5_FILTER,
};
static const struct param_spec p5_api_history[] = {
	P5_LAESTAB, P5_ID,
	{ .name = "pupil", .type = PARAM_INT, .max_len = 18, .required = true, .in_path = true,
	  .min = 1, .max = INT64_MAX },
	{ .name = "area", .type = PARAM_TEXT, .max_len = 3, .required = true, .in_path = true },
};
static const struct param_spec p5_api_fill[] = {
	P5_LAESTAB, P5_ID,
	{ .name = "value", .type = PARAM_TEXT, .max_len = 20, .required = true },
	{ .name = "area", .type = PARAM_TEXT, .max_len = 3 },
	{ .name = "pupil", .type = PARAM_INT, .max_len = 18, .min = 1, .max = INT64_MAX },
	{ .name = "versions", .type = PARAM_TEXT, .max_len = 30000 },
	P5_FILTER,
};
static const struct param_spec p5_api_note[] = {
	P5_LAESTAB, P5_ID,
	{ .name = "pupil", .type = PARAM_INT, .max_len = 18, .required = true, .in_path = true,
	  .min = 1, .max = INT64_MAX },
	{ .name = "note", .type = PARAM_TEXT, .max_len = NOTE_MAX_LEN, .required = true },
	{ .name = "version", .type = PARAM_INT, .max_len = 18, .required = true, .min = 0,
	  .max = INT64_MAX },
};

/* ---- issue 6: statutory results and CTF (parameters) ---- */
static const char *const stat_colls[] = { "eyfsp", "phonics", "ks1", "ks2", NULL };
static const char *const stat_done[] = { "saved", "unlocked", NULL };
static const char *const stat_back[] = { "entry", NULL };
/* the phonics year group of a form on an entry list: a refusal shows it again */
#define P6_GROUP { .name = "group", .type = PARAM_INT, .max_len = 1, .min = 1, .max = 2 }
#define P6_COLL                                                                              \
	{ .name = "coll", .type = PARAM_ENUM, .max_len = 8, .required = true, .in_path = true, \
	  .choices = stat_colls }
#define P6_YEAR { .name = "year", .type = PARAM_INT, .max_len = 4, .min = 2000, .max = 2100 }
static const struct param_spec p6_entry_get[] = {
	P5_LAESTAB, P6_COLL, P6_YEAR,
	P6_GROUP,
	{ .name = "done", .type = PARAM_ENUM, .max_len = 8, .choices = stat_done },
};
static const struct param_spec p6_entry_post[] = {
	P5_LAESTAB, P6_COLL, P6_YEAR,
	{ .name = "group", .type = PARAM_INT, .max_len = 1, .min = 1, .max = 6 },
	{ .name = "cells", .type = PARAM_TEXT, .max_len = 60000 },
	/* issue 6c: the same entries as form fields "c_PUPILID_component", sent
	 * without JavaScript: up to 1000 (90 pupils x 8 results and more) */
	{ .name = "c_", .type = PARAM_TEXT, .max_len = 15, .many = 1000 },
};
static const struct param_spec p6_submit[] = {
	P5_LAESTAB, P6_COLL, P6_YEAR, P6_GROUP, { .name = "declare", .type = PARAM_BOOL },
};
static const struct param_spec p6_unlock[] = {
	P5_LAESTAB, P6_COLL, P6_YEAR, P6_GROUP,
	{ .name = "reason", .type = PARAM_TEXT, .max_len = NOTE_MAX_LEN, .required = true },
	/* from the entry list (its Unlock form): back to it after */
	{ .name = "back", .type = PARAM_ENUM, .max_len = 8, .choices = stat_back },
};
/* issue 6c: the destination of a CTF download, as `ctf export --dest` takes it */
static const char *const stat_dests[] = { "la", "naa", "unknown", "nonmaintained", "school",
					  NULL };
static const struct param_spec p6_ctf[] = {
	P5_LAESTAB, P6_COLL, P6_YEAR, P6_GROUP,
	{ .name = "dest", .type = PARAM_ENUM, .max_len = 16, .choices = stat_dests },
	{ .name = "school", .type = PARAM_TEXT, .max_len = 8 },
};

/* ---- issue 3c: managing people, organisations, audit pages ---- */
/* A user's database id in the path. */
#define P_USER                                                                            \
	{ .name = "user", .type = PARAM_INT, .max_len = 18, .required = true, .in_path = true, \
	  .min = 1, .max = INT64_MAX }
static const struct param_spec p_users_get[] = {
	{ .name = "done", .type = PARAM_ENUM, .max_len = 16, .choices = users_done_choices },
	{ .name = "school", .type = PARAM_TEXT, .max_len = 8 },
};
static const struct param_spec p_user_add[] = {
	{ .name = "username", .type = PARAM_TEXT, .max_len = USERNAME_MAX, .required = true },
	{ .name = "display_name", .type = PARAM_TEXT, .max_len = NAME_MAX_LEN },
	{ .name = "email", .type = PARAM_TEXT, .max_len = NAME_MAX_LEN, .required = true },
	{ .name = "role", .type = PARAM_ENUM, .max_len = 16, .choices = users_role_choices },
	{ .name = "school", .type = PARAM_TEXT, .max_len = 8 },
	{ .name = "la", .type = PARAM_TEXT, .max_len = 3 },
	{ .name = "trust", .type = PARAM_TEXT, .max_len = 18 },
};
static const struct param_spec p_user_get[] = {
	P_USER,
	{ .name = "done", .type = PARAM_ENUM, .max_len = 16, .choices = users_done_choices },
};
static const struct param_spec p_user_edit[] = {
	P_USER,
	{ .name = "display_name", .type = PARAM_TEXT, .max_len = NAME_MAX_LEN, .required = true },
	{ .name = "email", .type = PARAM_TEXT, .max_len = NAME_MAX_LEN, .required = true },
	{ .name = "role", .type = PARAM_ENUM, .max_len = 16, .choices = users_role_choices },
};
static const struct param_spec p_user_only[] = { P_USER };
#undef P_USER
static const struct param_spec p_orgs_get[] = {
	{ .name = "done", .type = PARAM_ENUM, .max_len = 8, .choices = orgs_done_choices },
};
static const struct param_spec p_org_la[] = {
	{ .name = "code", .type = PARAM_TEXT, .max_len = 3, .required = true },
	{ .name = "name", .type = PARAM_TEXT, .max_len = NAME_MAX_LEN, .required = true },
};
static const struct param_spec p_org_trust[] = {
	{ .name = "name", .type = PARAM_TEXT, .max_len = NAME_MAX_LEN, .required = true },
};
static const struct param_spec p_org_school[] = {
	{ .name = "laestab", .type = PARAM_TEXT, .max_len = 8, .required = true },
	{ .name = "name", .type = PARAM_TEXT, .max_len = NAME_MAX_LEN, .required = true },
	{ .name = "urn", .type = PARAM_TEXT, .max_len = 6 },
	{ .name = "trust", .type = PARAM_TEXT, .max_len = 18 },
};
static const struct param_spec p_audit_get[] = {
	{ .name = "who", .type = PARAM_TEXT, .max_len = USERNAME_MAX },
	{ .name = "what", .type = PARAM_TEXT, .max_len = 47 },
	{ .name = "from", .type = PARAM_TEXT, .max_len = 10 },
	{ .name = "to", .type = PARAM_TEXT, .max_len = 10 },
	{ .name = "page", .type = PARAM_INT, .max_len = 6, .min = 1, .max = 100000 },
};

/* ---- issue 7: LA collection (parameters) ---- */
#define P7_ID                                                                                 \
	{ .name = "id", .type = PARAM_INT, .max_len = 18, .required = true, .in_path = true,  \
	  .min = 1, .max = INT64_MAX }
#define P7_LAESTAB                                                                            \
	{ .name = "laestab", .type = PARAM_INT, .max_len = 7, .required = true, .in_path = true, \
	  .min = 1000000, .max = 9999999 }
/* Texts are checked by app/collection.c, which answers beside the field. */
#define P7_FORM                                                                               \
	{ .name = "name", .type = PARAM_TEXT, .max_len = 400 },                               \
	{ .name = "collection", .type = PARAM_TEXT, .max_len = 12 },                          \
	{ .name = "file_kinds", .type = PARAM_TEXT, .max_len = 100 },                         \
	{ .name = "year", .type = PARAM_TEXT, .max_len = 20 },                                \
	{ .name = "description", .type = PARAM_TEXT, .max_len = 2000 },                       \
	{ .name = "deadline_date", .type = PARAM_TEXT, .max_len = 20 },                       \
	{ .name = "deadline_time", .type = PARAM_TEXT, .max_len = 20 },                       \
	{ .name = "all_schools", .type = PARAM_BOOL },                                        \
	{ .name = "schools", .type = PARAM_TEXT, .max_len = 20000 },                         \
	{ .name = "phase", .type = PARAM_TEXT, .max_len = 20 },                               \
	{ .name = "remind_days", .type = PARAM_TEXT, .max_len = 10 }
/* In the order of enum req_status (app/collection.h). */
static const char *const p7_status_choices[] = { "required", "submitted", "error", "overdue",
						 "received", NULL };
static const struct param_spec p7_id[] = { P7_ID };
static const struct param_spec p7_dash[] = {
	P7_ID,
	{ .name = "status", .type = PARAM_ENUM, .max_len = 10, .choices = p7_status_choices },
};
static const struct param_spec p7_la_file[] = {
	P7_ID,
	{ .name = "fid", .type = PARAM_INT, .max_len = 18, .required = true, .in_path = true,
	  .min = 1, .max = INT64_MAX },
};
static const struct param_spec p7_create[] = { P7_FORM };
static const struct param_spec p7_update[] = { P7_ID, P7_FORM };
static const struct param_spec p7_school[] = { P7_LAESTAB };
static const struct param_spec p7_school_req[] = { P7_LAESTAB, P7_ID };
static const struct param_spec p7_upload[] = {
	P7_LAESTAB, P7_ID, { .name = "comment", .type = PARAM_TEXT, .max_len = 1000 },
};
static const struct param_spec p7_file[] = {
	P7_LAESTAB, P7_ID,
	{ .name = "fid", .type = PARAM_INT, .max_len = 18, .required = true, .in_path = true,
	  .min = 1, .max = INT64_MAX },
	{ .name = "sent", .type = PARAM_BOOL },
};

/* ---- issue 8b: progress meetings, discussion areas, home headline, news (parameters) ---- */
#define P8_ID(n)                                                                              \
	{ .name = n, .type = PARAM_INT, .max_len = 18, .required = true, .in_path = true,      \
	  .min = 1, .max = INT64_MAX }
#define P8_TEXT(n, len) { .name = n, .type = PARAM_TEXT, .max_len = len }
#define P8_NUM(n, hi) { .name = n, .type = PARAM_INT, .max_len = 18, .min = 0, .max = hi }
#define P8_ROW(i)                                                                             \
	P8_TEXT("q" #i "_title", DAREA_TEXT_MAX), P8_TEXT("q" #i "_notes", MEETING_TEXT_MAX), \
		P8_TEXT("q" #i "_steps", MEETING_TEXT_MAX), P8_NUM("b" #i "_pupil", INT64_MAX), \
		P8_TEXT("b" #i "_notes", MEETING_TEXT_MAX),                                   \
		P8_TEXT("b" #i "_steps", MEETING_TEXT_MAX), P8_TEXT("t" #i "_area", 3),        \
		P8_NUM("t" #i "_pupil", INT64_MAX), P8_TEXT("t" #i "_notes", MEETING_TEXT_MAX), \
		P8_TEXT("g" #i "_area", 3), P8_TEXT("g" #i "_title", DAREA_TEXT_MAX),          \
		P8_TEXT("g" #i "_notes", MEETING_TEXT_MAX)
#define P8_MEETING_FORM                                                                       \
	P8_NUM("class", CLASS_COUNT), P8_TEXT("teacher", MEETING_TEACHER_MAX),                \
		P8_TEXT("date", 10), P8_NUM("assessment", INT64_MAX), P8_TEXT("op", 16),      \
		P8_NUM("nq", MEETING_ROWS_MAX), P8_NUM("nb", MEETING_ROWS_MAX),                \
		P8_NUM("nt", MEETING_ROWS_MAX), P8_NUM("ng", MEETING_ROWS_MAX), P8_ROW(0),    \
		P8_ROW(1), P8_ROW(2), P8_ROW(3), P8_ROW(4), P8_ROW(5), P8_ROW(6), P8_ROW(7),  \
		P8_ROW(8), P8_ROW(9), P8_ROW(10), P8_ROW(11), P8_ROW(12), P8_ROW(13),         \
		P8_ROW(14)
_Static_assert(MEETING_ROWS_MAX == 15, "P8_MEETING_FORM declares 15 rows per section");
static const char *const p8_done[] = { "added", "saved", "deleted", NULL };
#define P8_DONE { .name = "done", .type = PARAM_ENUM, .max_len = 8, .choices = p8_done }
#define P8_DAREA_FORM                                                                         \
	{ .name = "description", .type = PARAM_TEXT, .max_len = DAREA_TEXT_MAX },            \
		P8_TEXT("sort_order", 6), P8_TEXT("start_date", 10), P8_TEXT("end_date", 10)
#define P8_NEWS_FORM                                                                          \
	P8_TEXT("title", NEWS_TITLE_MAX), P8_TEXT("body", NEWS_BODY_MAX),                    \
		P8_TEXT("from", 10), P8_TEXT("until", 10)
static const struct param_spec p8_list[] = { P_LAESTAB, P8_DONE };
static const struct param_spec p8_meeting_new[] = {
	P_LAESTAB, P8_NUM("class", CLASS_COUNT), P8_NUM("assessment", INT64_MAX),
};
static const struct param_spec p8_meeting_post[] = { P_LAESTAB, P8_MEETING_FORM };
static const struct param_spec p8_meeting_one[] = { P_LAESTAB, P8_ID("id") };
static const struct param_spec p8_meeting_edit[] = { P_LAESTAB, P8_ID("id"), P8_MEETING_FORM };
static const struct param_spec p8_darea_add[] = { P_LAESTAB, P8_DAREA_FORM };
static const struct param_spec p8_darea_one[] = { P_LAESTAB, P8_ID("id") };
static const struct param_spec p8_darea_edit[] = { P_LAESTAB, P8_ID("id"), P8_DAREA_FORM };
static const struct param_spec p8_news_list[] = { P8_DONE };
static const struct param_spec p8_news_add[] = { P8_NEWS_FORM };
static const struct param_spec p8_news_one[] = { P8_ID("id") };
static const struct param_spec p8_news_edit[] = { P8_ID("id"), P8_NEWS_FORM };

/* ---- issue 8a: Full Report, Venn diagrams (parameters) ---- */
static const char *const p8a_yg[] = { "N1", "N2", "R", NULL };
static const char *const p8a_formats[] = { "csv", "xlsx", NULL };
#define P8A_FILTERS                                                                           \
	P_LAESTAB,                                                                            \
		{ .name = "year", .type = PARAM_INT, .max_len = 4, .min = 1990, .max = 2200 }, \
		{ .name = "yg", .type = PARAM_ENUM, .max_len = 2, .choices = p8a_yg },         \
		{ .name = "assessment", .type = PARAM_INT, .max_len = 18, .min = 0,            \
		  .max = INT64_MAX },                                                         \
		{ .name = "class", .type = PARAM_INT, .max_len = 2, .min = 0,                  \
		  .max = CLASS_COUNT },                                                       \
		PAGE_FILTER_PARAM_SPECS
static const struct param_spec p8a_full[] = {
	P8A_FILTERS,
	{ .name = "list", .type = PARAM_TEXT, .max_len = 5 },
	{ .name = "format", .type = PARAM_ENUM, .max_len = 4, .choices = p8a_formats },
};
static const struct param_spec p8a_venn[] = {
	P8A_FILTERS,
	{ .name = "area", .type = PARAM_TEXT, .max_len = 3 },
	{ .name = "region", .type = PARAM_TEXT, .max_len = 5 },
};
static const struct param_spec p8a_api[] = {
	P_LAESTAB,
	{ .name = "academic_year", .type = PARAM_INT, .max_len = 4, .min = 1990, .max = 2200 },
};

enum {
	S = RF_SESSION,
	API = RF_API | RF_SESSION,
	CSRF = RF_CSRF,
	ESTAB = RF_ESTAB,
	ASSESS = RF_ESTAB | RF_ASSESSMENT,
	PW = RF_PW_CHANGE,
	PREFIX = RF_PREFIX,
};

/* ---- issue 3d: accounts: refused forms, audit of every change (parameters) ---- */

/* ---- issue 4c: pupils API (parameters) ---- */
/* The school as the "establishment" query parameter (RF_ESTAB resolves it). */
#define P4C_ESTAB                                                                             \
	{ .name = "establishment", .type = PARAM_INT, .max_len = 7, .required = true,          \
	  .min = 1000000, .max = 9999999 }
#define P4C_UPN { .name = "upn", .type = PARAM_TEXT, .max_len = 20, .required = true, .in_path = true }
/* The pupil form's fields but the UPN (the address); class is text so that a
 * wrong one gets the form's message for the field. */
#define P4C_FIELDS                                                                            \
	{ .name = "surname", .type = PARAM_TEXT, .max_len = PERSON_NAME_MAX },                \
	{ .name = "forenames", .type = PARAM_TEXT, .max_len = PERSON_NAME_MAX },              \
	{ .name = "dob", .type = PARAM_TEXT, .max_len = 20 },                                 \
	{ .name = "class", .type = PARAM_TEXT, .max_len = 4 },                                \
	{ .name = "year_override", .type = PARAM_TEXT, .max_len = 8 },                        \
	{ .name = "gender", .type = PARAM_TEXT, .max_len = 8 },                               \
	{ .name = "postcode", .type = PARAM_TEXT, .max_len = 20 },                            \
	{ .name = "ethnicity", .type = PARAM_TEXT, .max_len = 8 },                            \
	{ .name = "sen", .type = PARAM_TEXT, .max_len = 8 },                                  \
	{ .name = "sen_notes", .type = PARAM_TEXT, .max_len = NOTE_MAX_LEN },                 \
	{ .name = "disadvantaged", .type = PARAM_BOOL }, { .name = "eal", .type = PARAM_BOOL }, \
	{ .name = "pupil_premium", .type = PARAM_BOOL }, { .name = "fsm", .type = PARAM_BOOL }, \
	{ .name = "custom1", .type = PARAM_BOOL }, { .name = "custom2", .type = PARAM_BOOL }, \
	{ .name = "custom3", .type = PARAM_BOOL }, { .name = "custom4", .type = PARAM_BOOL }, \
	{ .name = "custom5", .type = PARAM_BOOL }, { .name = "custom6", .type = PARAM_BOOL }, \
	{ .name = "include_in_data", .type = PARAM_BOOL }
static const struct param_spec p4c_list[] = {
	P4C_ESTAB, P_SEARCH,
	{ .name = "limit", .type = PARAM_INT, .max_len = 6, .min = 1, .max = 10000 },
	{ .name = "offset", .type = PARAM_INT, .max_len = 9, .min = 0, .max = 100000000 },
};
static const struct param_spec p4c_one[] = { P4C_ESTAB, P4C_UPN };
static const struct param_spec p4c_create[] = { P4C_ESTAB, P4C_UPN, P4C_FIELDS };
static const struct param_spec p4c_patch[] = {
	P4C_ESTAB, P4C_UPN, P4C_FIELDS,
	{ .name = "version", .type = PARAM_INT, .max_len = 18, .min = 1, .max = INT64_MAX },
};
#undef P4C_FIELDS
#undef P4C_UPN
#undef P4C_ESTAB

/* ---- issue 5b: EYFS grid speed, XLSX check (parameters) ---- */

/* ---- issue 6c: statutory: CTF preview, downloads, entry screens (parameters) ---- */
static const struct param_spec p6c_import_confirm[] = {
	P5_LAESTAB,
	{ .name = "name", .type = PARAM_TEXT, .max_len = 200 },
	{ .name = "ctf", .type = PARAM_TEXT, .max_len = 3 * 1024 * 1024, .required = true },
};

/* ---- issue 7b: collection: school upload side, results templates (parameters) ---- */
static const struct param_spec p7b_send[] = {
	P7_LAESTAB, P7_ID, { .name = "comment", .type = PARAM_TEXT, .max_len = RFILE_COMMENT_MAX },
};
/* In the order of enum sent_filter and of the done messages (app/collection_upload.h). */
static const char *const p7b_show[] = { "all", "not-received", "received", NULL };
static const char *const p7b_done[] = { "recalled", "deleted", NULL };
static const struct param_spec p7b_files[] = {
	P7_LAESTAB, P7_ID,
	{ .name = "show", .type = PARAM_ENUM, .max_len = 12, .choices = p7b_show },
	{ .name = "done", .type = PARAM_ENUM, .max_len = 8, .choices = p7b_done },
};
static const struct param_spec p7b_file[] = {
	P7_LAESTAB, P7_ID,
	{ .name = "fid", .type = PARAM_INT, .max_len = 18, .required = true, .in_path = true,
	  .min = 1, .max = INT64_MAX },
};

/* ---- issue 7c: collection: LA receive, chase, reminders, targeting (parameters) ---- */
static const struct param_spec p7c_send[] = {
	P7_ID,
	{ .name = "to", .type = PARAM_TEXT, .max_len = 10 },
	{ .name = "schools", .type = PARAM_TEXT, .max_len = 20000 },
	{ .name = "phase", .type = PARAM_TEXT, .max_len = 20 },
	{ .name = "comment", .type = PARAM_TEXT, .max_len = 1000 },
};
static const struct param_spec p7c_school_file[] = {
	P7_LAESTAB,
	{ .name = "fid", .type = PARAM_INT, .max_len = 18, .required = true, .in_path = true,
	  .min = 1, .max = INT64_MAX },
};

/* ---- issue 7d: collection: API, MAT bulk upload (parameters) ---- */
#define P7D_ID(n)                                                                             \
	{ .name = n, .type = PARAM_INT, .max_len = 18, .required = true, .in_path = true,      \
	  .min = 1, .max = INT64_MAX }
/* A MAT admin names the school it acts for. */
#define P7D_SCHOOL                                                                            \
	{ .name = "school", .type = PARAM_INT, .max_len = 7, .min = 1000000, .max = 9999999 }
static const struct param_spec p7d_list[] = { P7D_SCHOOL };
static const struct param_spec p7d_request[] = { P7D_ID("id"), P7D_SCHOOL };
static const struct param_spec p7d_files_post[] = {
	P7D_ID("id"), P7D_SCHOOL, { .name = "comment", .type = PARAM_TEXT, .max_len = 1000 },
};
static const struct param_spec p7d_file[] = { P7D_ID("id"), P7D_ID("fid"), P7D_SCHOOL };
/* In the order of the collections of app/collection.h's requests. */
static const char *const p7d_collections[] = { "ks2", "ks1", "phonics", "eyfsp", "other", NULL };
static const struct param_spec p7d_trust_upload[] = {
	{ .name = "collection", .type = PARAM_ENUM, .max_len = 8, .choices = p7d_collections },
	{ .name = "comment", .type = PARAM_TEXT, .max_len = 1000 },
};

/* ---- issue 5d: cheap cell saves (parameters) ---- */

/* ---- issue 8c: reports: LA and trust tables, KS2, headline (parameters) ---- */
static const char *const p8c_colls[] = { "eyfsp", "phonics", "ks2", NULL };
static const char *const p8c_formats[] = { "csv", "xlsx", NULL };
static const char *const p8c_by[] = { "school", "characteristic", NULL };
#define P8C_AREA                                                                              \
	{ .name = "collection", .type = PARAM_ENUM, .max_len = 7, .choices = p8c_colls },      \
		{ .name = "la", .type = PARAM_INT, .max_len = 3, .min = 100, .max = 999 },     \
		{ .name = "trust", .type = PARAM_INT, .max_len = 18, .min = 1, .max = INT64_MAX }, \
		{ .name = "by", .type = PARAM_ENUM, .max_len = 14, .choices = p8c_by }
static const struct param_spec p8c_table[] = {
	P8C_AREA,
	{ .name = "year", .type = PARAM_INT, .max_len = 4, .min = 1990, .max = 2200 },
	{ .name = "format", .type = PARAM_ENUM, .max_len = 4, .choices = p8c_formats },
};
static const struct param_spec p8c_api_table[] = {
	P8C_AREA,
	{ .name = "academic_year", .type = PARAM_INT, .max_len = 4, .min = 1990, .max = 2200 },
};
static const struct param_spec p8c_api_school[] = {
	{ .name = "establishment", .type = PARAM_INT, .max_len = 7, .required = true,
	  .min = 1000000, .max = 9999999 },
	{ .name = "academic_year", .type = PARAM_INT, .max_len = 4, .min = 1990, .max = 2200 },
};
static const struct param_spec p8c_api_la[] = {
	{ .name = "la", .type = PARAM_INT, .max_len = 3, .min = 100, .max = 999 },
	{ .name = "academic_year", .type = PARAM_INT, .max_len = 4, .min = 1990, .max = 2200 },
};

static const struct route table[] = {
	/* method    pattern                           handler          action            flags               params */
	{HTTP_GET,  "/",                               home_get,        ACT_HOME,         S,                  NO_PARAMS, 0},
	{HTTP_GET,  "/sign-in",                        sign_in_get,     ACT_PUBLIC,       0,                  PARAMS(p_sign_in_get), 0},
	{HTTP_POST, "/sign-in",                        sign_in_post,    ACT_PUBLIC,       CSRF,               PARAMS(p_sign_in_post), 0},
	{HTTP_POST, "/sign-out",                       sign_out_post,   ACT_SELF,         S | CSRF | PW,      NO_PARAMS, 0},
	{HTTP_GET,  "/account/password",               password_get,    ACT_SELF,         S | PW,             NO_PARAMS, 0},
	{HTTP_POST, "/account/password",               password_post,   ACT_SELF,         S | CSRF | PW,      PARAMS(p_password_post), 0},
	{HTTP_GET,  "/schools",                        schools_get,     ACT_HOME,         S,                  NO_PARAMS, 0},
	{HTTP_GET,  "/schools/:laestab/pupils",        pupils_get,      ACT_PUPIL_READ,   S | ESTAB,          PARAMS(p_pupils_get), 0},
	{HTTP_GET,  "/assessments",                    assessments_home_get, ACT_ASSESS_READ, S,              NO_PARAMS, 0},
	{HTTP_GET,  "/submissions",                    submissions_get, ACT_RETURN_READ,  S,                  NO_PARAMS, 0},
	{HTTP_GET,  "/reports",                        reports_home_get, ACT_REPORT_READ, S,                  NO_PARAMS, 0},
	{HTTP_GET,  "/maintenance",                    maintenance_get, ACT_MAINTENANCE,  S,                  NO_PARAMS, 0},
	{HTTP_GET,  "/healthz",                        health_get,      ACT_PUBLIC,       0,                  NO_PARAMS, 0},
	{HTTP_GET,  "/static/*",                       static_get,      ACT_PUBLIC,       PREFIX,             NO_PARAMS, 0},
	{HTTP_GET,  "/api/v1/me",                      api_me_get,      ACT_SELF,         API,                NO_PARAMS, 0},
	{HTTP_GET,  "/api/v1/schools",                 api_schools_get, ACT_HOME,         API,                NO_PARAMS, 0},
	{HTTP_GET,  "/api/v1/schools/:laestab/pupils", api_pupils_get,  ACT_PUPIL_READ,   API | ESTAB,        PARAMS(p_api_pupils), 0},

	/* ---- issue 3a: sign-in, security code, TOTP, throttling, profile ---- */
	{HTTP_POST, "/sign-in/code",                   sign_in_code_post, ACT_PUBLIC,     CSRF,               PARAMS(p_sign_in_code_post), 0},
	{HTTP_GET,  "/account",                        profile_get,     ACT_SELF,         S,                  NO_PARAMS, 0},
	{HTTP_GET,  "/account/totp",                   totp_get,        ACT_SELF,         S | PW,             NO_PARAMS, 0},
	{HTTP_POST, "/account/totp",                   totp_post,       ACT_SELF,         S | CSRF | PW,      PARAMS(p_totp_post), 0},
	{HTTP_POST, "/account/totp/off",               totp_off_post,   ACT_SELF,         S | CSRF,           PARAMS(p_totp_off_post), 0},

	/* ---- issue 3b: mail, password reset, session expiry ---- */
	{HTTP_GET,  "/forgot-password",                forgot_get,      ACT_PUBLIC,       0,                  NO_PARAMS, 0},
	{HTTP_POST, "/forgot-password",                forgot_post,     ACT_PUBLIC,       CSRF,               PARAMS(p_forgot_post), 0},
	{HTTP_GET,  "/reset-password",                 reset_get,       ACT_PUBLIC,       0,                  PARAMS(p_reset_get), 0},
	{HTTP_POST, "/reset-password",                 reset_post,      ACT_PUBLIC,       CSRF,               PARAMS(p_reset_post), 0},
	{HTTP_POST, "/session/extend",                 session_extend_post, ACT_SELF,     S | CSRF | PW,      NO_PARAMS, 0},

	/* ---- issue 3c: managing people, organisations, audit pages ---- */
	{HTTP_GET,  "/users",                          users_get,       ACT_USER_ADMIN,   S,                  PARAMS(p_users_get), 0},
	{HTTP_POST, "/users",                          user_add_post,   ACT_USER_ADMIN,   S | CSRF,           PARAMS(p_user_add), 0},
	{HTTP_GET,  "/users/new",                      user_new_get,    ACT_USER_ADMIN,   S,                  NO_PARAMS, 0},
	{HTTP_GET,  "/users/:user",                    user_get,        ACT_USER_ADMIN,   S | RF_USER,        PARAMS(p_user_get), 0},
	{HTTP_POST, "/users/:user",                    user_edit_post,  ACT_USER_ADMIN,   S | CSRF | RF_USER, PARAMS(p_user_edit), 0},
	{HTTP_POST, "/users/:user/disable",            user_disable_post, ACT_USER_ADMIN, S | CSRF | RF_USER, PARAMS(p_user_only), 0},
	{HTTP_POST, "/users/:user/enable",             user_enable_post, ACT_USER_ADMIN,  S | CSRF | RF_USER, PARAMS(p_user_only), 0},
	{HTTP_POST, "/users/:user/reset",              user_reset_post, ACT_USER_ADMIN,   S | CSRF | RF_USER, PARAMS(p_user_only), 0},
	{HTTP_POST, "/users/:user/unlock",             user_unlock_post, ACT_USER_ADMIN,  S | CSRF | RF_USER, PARAMS(p_user_only), 0},
	{HTTP_GET,  "/organisations",                  orgs_get,        ACT_SYSTEM_ADMIN, S,                  PARAMS(p_orgs_get), 0},
	{HTTP_POST, "/organisations/las",              org_la_post,     ACT_SYSTEM_ADMIN, S | CSRF,           PARAMS(p_org_la), 0},
	{HTTP_POST, "/organisations/trusts",           org_trust_post,  ACT_SYSTEM_ADMIN, S | CSRF,           PARAMS(p_org_trust), 0},
	{HTTP_POST, "/organisations/schools",          org_school_post, ACT_SYSTEM_ADMIN, S | CSRF,           PARAMS(p_org_school), 0},
	{HTTP_GET,  "/audit",                          audit_get,       ACT_AUDIT_READ,   S,                  PARAMS(p_audit_get), 0},

	/* ---- issue 4a: pupil records, search, filter, profile ---- */
	{HTTP_POST, "/schools/:laestab/pupils/search",  pupils_search_post, ACT_PUPIL_READ,  S | CSRF | ESTAB, PARAMS(p_pupils_search), 0},
	{HTTP_POST, "/schools/:laestab/pupils/archive", pupils_archive_post, ACT_PUPIL_WRITE, S | CSRF | ESTAB, PARAMS(p_pupils_archive), 0},
	{HTTP_POST, "/schools/:laestab/pupils/restore", pupils_restore_post, ACT_PUPIL_RESTORE, S | CSRF | ESTAB, PARAMS(p_pupils_archive), 0},
	{HTTP_GET,  "/schools/:laestab/pupils/export",  pupils_export_get, ACT_PUPIL_READ,    S | ESTAB,        PARAMS(p_pupils_export), 0},
	{HTTP_GET,  "/schools/:laestab/pupils/new",     pupil_new_get,     ACT_PUPIL_WRITE,   S | ESTAB,        PARAMS(p_laestab), 0},
	{HTTP_POST, "/schools/:laestab/pupils/new",     pupil_add_post,    ACT_PUPIL_WRITE,   S | CSRF | ESTAB, PARAMS(p_pupil_add), 0},
	{HTTP_GET,  "/schools/:laestab/pupils/:id",     pupil_edit_get,    ACT_PUPIL_READ,    S | ESTAB,        PARAMS(p_pupil_id), 0},
	{HTTP_POST, "/schools/:laestab/pupils/:id",     pupil_edit_post,   ACT_PUPIL_WRITE,   S | CSRF | ESTAB, PARAMS(p_pupil_edit), 0},
	{HTTP_GET,  "/schools/:laestab/profile",        estab_profile_get, ACT_ESTAB_ADMIN,   S | ESTAB,        PARAMS(p_laestab), 0},
	{HTTP_POST, "/schools/:laestab/profile",        estab_profile_post, ACT_ESTAB_ADMIN,  S | CSRF | ESTAB, PARAMS(p_profile_post), 0},
	{HTTP_GET,  "/api/v1/schools/:laestab/pupils/:upn", api_pupil_get, ACT_PUPIL_READ,    API | ESTAB,      PARAMS(p_api_pupil_get), 0},
	{HTTP_PUT,  "/api/v1/schools/:laestab/pupils/:upn", api_pupil_put, ACT_PUPIL_WRITE,   API | CSRF | ESTAB, PARAMS(p_api_pupil_put), 0},

	/* ---- issue 4b: pupil upload, edit multiple, interventions, transfers ---- */
	{HTTP_GET,  "/schools/:laestab/pupils/:id/interventions",            interventions_get,        ACT_PUPIL_READ,     S | ESTAB,        PARAMS(p_iv_list), 0},
	{HTTP_POST, "/schools/:laestab/pupils/:id/interventions",            intervention_add_post,    ACT_PUPIL_WRITE,    S | CSRF | ESTAB, PARAMS(p_iv_add), 0},
	{HTTP_GET,  "/schools/:laestab/pupils/:id/interventions/:iv",        intervention_edit_get,    ACT_PUPIL_WRITE,    S | ESTAB,        PARAMS(p_iv_one), 0},
	{HTTP_POST, "/schools/:laestab/pupils/:id/interventions/:iv",        intervention_edit_post,   ACT_PUPIL_WRITE,    S | CSRF | ESTAB, PARAMS(p_iv_edit), 0},
	{HTTP_POST, "/schools/:laestab/pupils/:id/interventions/:iv/delete", intervention_delete_post, ACT_PUPIL_WRITE,    S | CSRF | ESTAB, PARAMS(p_iv_one), 0},
	{HTTP_GET,  "/schools/:laestab/transfers",                           transfers_get,            ACT_PUPIL_TRANSFER, S | ESTAB,        PARAMS(p_transfers_get), 0},
	{HTTP_POST, "/schools/:laestab/transfers",                           transfer_request_post,    ACT_PUPIL_WRITE,    S | CSRF | ESTAB, PARAMS(p_transfer_request), 0},
	{HTTP_POST, "/schools/:laestab/transfers/:tid/confirm",              transfer_confirm_post,    ACT_PUPIL_TRANSFER, S | CSRF | ESTAB, PARAMS(p_transfer_decide), 0},
	{HTTP_POST, "/schools/:laestab/transfers/:tid/refuse",               transfer_refuse_post,     ACT_PUPIL_TRANSFER, S | CSRF | ESTAB, PARAMS(p_transfer_decide), 0},
	{HTTP_GET,  "/schools/:laestab/pupil-upload",                        pupil_upload_get,         ACT_PUPIL_WRITE,    S | ESTAB,        PARAMS(p_upload_get), 0},
	{HTTP_POST, "/schools/:laestab/pupil-upload",                        pupil_upload_post,        ACT_PUPIL_WRITE,    S | CSRF | ESTAB | RF_UPLOAD, PARAMS(p_laestab), ROUTE_BODY_UPLOAD},
	{HTTP_POST, "/schools/:laestab/pupil-upload/confirm",                pupil_upload_confirm_post, ACT_PUPIL_WRITE,   S | CSRF | ESTAB, PARAMS(p_upload_confirm), 3 * ROUTE_BODY_UPLOAD},
	{HTTP_GET,  "/schools/:laestab/pupil-upload/template",               pupil_upload_template_get, ACT_PUPIL_WRITE,   S | ESTAB,        PARAMS(p_laestab), 0},
	{HTTP_GET,  "/schools/:laestab/edit-pupils",                         pupils_bulk_get,          ACT_PUPIL_WRITE,    S | ESTAB,        PARAMS(p_pupils_bulk_get), 0},
	{HTTP_POST, "/api/v1/schools/:laestab/pupils-bulk",                  api_pupils_bulk_post,     ACT_PUPIL_WRITE,    API | CSRF | ESTAB, PARAMS(p_pupils_bulk_post), ROUTE_BODY_UPLOAD},

	/* ---- issue 5: EYFS tracking ---- */
	{HTTP_GET,  "/schools/:laestab/assessments",   assessments_get,  ACT_ASSESS_READ,  S | ESTAB,         PARAMS(p5_grid), 0},
	{HTTP_GET,  "/schools/:laestab/assessments/download", assessments_download_get, ACT_ASSESS_READ, S | ESTAB, PARAMS(p5_download_all), 0},
	{HTTP_GET,  "/schools/:laestab/assessments/new", assessment_new_get, ACT_ASSESS_WRITE, S | ESTAB,       PARAMS(p5_new), 0},
	{HTTP_POST, "/schools/:laestab/assessments",   assessment_create_post, ACT_ASSESS_WRITE, S | CSRF | ESTAB, PARAMS(p5_create), 0},
	{HTTP_GET,  "/schools/:laestab/assessments/:id/edit", assessment_edit_get, ACT_ASSESS_WRITE, S | ESTAB, PARAMS(p5_id), 0},
	{HTTP_POST, "/schools/:laestab/assessments/:id", assessment_update_post, ACT_ASSESS_WRITE, S | CSRF | ESTAB, PARAMS(p5_update), 0},
	{HTTP_POST, "/schools/:laestab/assessments/:id/delete", assessment_delete_post, ACT_ASSESS_WRITE, S | CSRF | ESTAB, PARAMS(p5_delete), 0},
	{HTTP_GET,  "/schools/:laestab/assessments/:id/download", assessment_download_get, ACT_ASSESS_READ, S | ESTAB, PARAMS(p5_download), 0},
	{HTTP_GET,  "/api/v1/schools/:laestab/assessments", api_assessments_get, ACT_ASSESS_READ, API | ESTAB, PARAMS(p5_api_list), 0},
	{HTTP_GET,  "/api/v1/schools/:laestab/assessments/:id/grid", api_grid_get, ACT_ASSESS_READ, API | ESTAB, PARAMS(p5_api_grid), 0},
	{HTTP_PUT,  "/api/v1/schools/:laestab/assessments/:id/judgements/:pupil/:area", api_judgement_put, ACT_ASSESS_WRITE, API | CSRF | ESTAB, PARAMS(p5_api_put), 0},
	{HTTP_GET,  "/api/v1/schools/:laestab/assessments/:id/judgements/:pupil/:area/history", api_judgement_history_get, ACT_ASSESS_READ, API | ESTAB, PARAMS(p5_api_history), 0},
	{HTTP_PATCH, "/api/v1/schools/:laestab/assessments/:id/judgements", api_judgements_patch, ACT_ASSESS_WRITE, API | CSRF | ESTAB, PARAMS(p5_api_batch), ROUTE_BODY_UPLOAD},
	{HTTP_POST, "/api/v1/schools/:laestab/assessments/:id/fill", api_fill_post, ACT_ASSESS_WRITE, API | CSRF | ESTAB, PARAMS(p5_api_fill), 0},
	{HTTP_PUT,  "/api/v1/schools/:laestab/assessments/:id/notes/:pupil", api_note_put, ACT_ASSESS_WRITE, API | CSRF | ESTAB, PARAMS(p5_api_note), 0},
	{HTTP_GET,  "/api/v1/assessments", api_assessments_get, ACT_ASSESS_READ, API | ESTAB, PARAMS(p8c_api_school), 0},
	{HTTP_GET,  "/api/v1/assessments/:id/grid", api_grid_get, ACT_ASSESS_READ, API | ASSESS, PARAMS(p5_api_grid_by_id), 0},
	{HTTP_PATCH, "/api/v1/assessments/:id/judgements", api_judgements_patch, ACT_ASSESS_WRITE, API | CSRF | ASSESS, PARAMS(p5_api_batch_by_id), ROUTE_BODY_UPLOAD},

	/* ---- issue 6: statutory results and CTF ---- */
	{HTTP_GET,  "/schools/:laestab/statutory/:coll",        statutory_entry_get,   ACT_ASSESS_READ,  S | ESTAB,        PARAMS(p6_entry_get), 0},
	{HTTP_POST, "/schools/:laestab/statutory/:coll",        statutory_entry_post,  ACT_ASSESS_WRITE, S | CSRF | ESTAB, PARAMS(p6_entry_post), 256 * 1024},
	{HTTP_POST, "/schools/:laestab/statutory/:coll/submit", statutory_submit_post, ACT_SUBMIT,       S | CSRF | ESTAB, PARAMS(p6_submit), 0},
	{HTTP_POST, "/schools/:laestab/statutory/:coll/unlock", statutory_unlock_post, ACT_UNLOCK,       S | CSRF | ESTAB, PARAMS(p6_unlock), 0},
	{HTTP_POST, "/schools/:laestab/statutory/:coll/ctf",    statutory_ctf_post,    ACT_RETURN_READ,  S | CSRF | ESTAB, PARAMS(p6_ctf), 0},
	/* a form's action address opened with GET (after a refused form): the page */
	{HTTP_GET,  "/schools/:laestab/statutory/:coll/submit", statutory_action_get,  ACT_ASSESS_READ,  S | ESTAB,        PARAMS(p6_entry_get), 0},
	{HTTP_GET,  "/schools/:laestab/statutory/:coll/unlock", statutory_action_get,  ACT_ASSESS_READ,  S | ESTAB,        PARAMS(p6_entry_get), 0},
	{HTTP_GET,  "/schools/:laestab/statutory/:coll/ctf",    statutory_action_get,  ACT_ASSESS_READ,  S | ESTAB,        PARAMS(p6_entry_get), 0},
	{HTTP_GET,  "/schools/:laestab/ctf-import",             ctf_import_get,        ACT_PUPIL_WRITE,  S | ESTAB,        PARAMS(p_laestab), 0},
	{HTTP_POST, "/schools/:laestab/ctf-import",             ctf_import_post,       ACT_PUPIL_WRITE,  S | CSRF | ESTAB | RF_UPLOAD, PARAMS(p_laestab), ROUTE_BODY_UPLOAD},

	/* ---- issue 7: LA collection ---- */
	{HTTP_GET,  "/requests",                       requests_home_get, ACT_RETURN_READ, S,                 NO_PARAMS, 0},
	{HTTP_GET,  "/la/requests",                    la_requests_get,   ACT_LA_ADMIN,    S,                 NO_PARAMS, 0},
	{HTTP_GET,  "/la/requests/new",                la_request_new_get, ACT_LA_ADMIN,   S,                 NO_PARAMS, 0},
	{HTTP_POST, "/la/requests",                    la_request_create_post, ACT_LA_ADMIN, S | CSRF,        PARAMS(p7_create), 0},
	{HTTP_GET,  "/la/requests/:id",                la_request_get,    ACT_LA_ADMIN,    S,                 PARAMS(p7_dash), 0},
	{HTTP_POST, "/la/requests/:id",                la_request_update_post, ACT_LA_ADMIN, S | CSRF,        PARAMS(p7_update), 0},
	{HTTP_GET,  "/la/requests/:id/edit",           la_request_edit_get, ACT_LA_ADMIN,  S,                 PARAMS(p7_id), 0},
	{HTTP_POST, "/la/requests/:id/close",          la_request_close_post, ACT_LA_ADMIN, S | CSRF,         PARAMS(p7_id), 0},
	{HTTP_POST, "/la/requests/:id/reopen",         la_request_reopen_post, ACT_LA_ADMIN, S | CSRF,        PARAMS(p7_id), 0},
	{HTTP_GET,  "/la/requests/:id/files/:fid",     la_file_get,       ACT_LA_ADMIN,    S,                 PARAMS(p7_la_file), 0},
	{HTTP_GET,  "/la/requests/:id/export",         la_request_export_get, ACT_LA_ADMIN, S,                PARAMS(p7_dash), 0},
	{HTTP_GET,  "/schools/:laestab/requests",      school_requests_get, ACT_RETURN_READ, S | ESTAB,       PARAMS(p7_school), 0},
	{HTTP_GET,  "/schools/:laestab/requests/:id",  school_request_get, ACT_RETURN_READ, S | ESTAB,        PARAMS(p7_school_req), 0},
	{HTTP_POST, "/schools/:laestab/requests/:id/upload", school_upload_post, ACT_FILE_SEND, S | CSRF | ESTAB | RF_UPLOAD, PARAMS(p7_upload), ROUTE_BODY_UPLOAD},
	{HTTP_GET,  "/schools/:laestab/requests/:id/files/:fid", school_file_get, ACT_RETURN_READ, S | ESTAB,  PARAMS(p7_file), 0},

	/* ---- issue 8b: progress meetings, discussion areas, home headline, news ---- */
	{HTTP_GET,  "/progress-meetings",              meetings_home_get, ACT_REPORT_READ, S,                 NO_PARAMS, 0},
	{HTTP_GET,  "/schools/:laestab/progress-meetings",            meetings_get,        ACT_REPORT_READ,  S | ESTAB,        PARAMS(p8_list), 0},
	{HTTP_GET,  "/schools/:laestab/progress-meetings/new",        meeting_new_get,     ACT_ASSESS_WRITE, S | ESTAB,        PARAMS(p8_meeting_new), 0},
	{HTTP_POST, "/schools/:laestab/progress-meetings",            meeting_create_post, ACT_ASSESS_WRITE, S | CSRF | ESTAB, PARAMS(p8_meeting_post), 1024 * 1024},
	{HTTP_GET,  "/schools/:laestab/progress-meetings/:id",        meeting_edit_get,    ACT_REPORT_READ,  S | ESTAB,        PARAMS(p8_meeting_one), 0},
	{HTTP_POST, "/schools/:laestab/progress-meetings/:id",        meeting_update_post, ACT_ASSESS_WRITE, S | CSRF | ESTAB, PARAMS(p8_meeting_edit), 1024 * 1024},
	{HTTP_GET,  "/schools/:laestab/progress-meetings/:id/delete", meeting_delete_get,  ACT_ASSESS_WRITE, S | ESTAB,        PARAMS(p8_meeting_one), 0},
	{HTTP_POST, "/schools/:laestab/progress-meetings/:id/delete", meeting_delete_post, ACT_ASSESS_WRITE, S | CSRF | ESTAB, PARAMS(p8_meeting_one), 0},
	{HTTP_GET,  "/discussion-areas",               dareas_home_get,   ACT_ESTAB_ADMIN, S,                 NO_PARAMS, 0},
	{HTTP_GET,  "/schools/:laestab/discussion-areas",             dareas_get,          ACT_ESTAB_ADMIN,  S | ESTAB,        PARAMS(p8_list), 0},
	{HTTP_POST, "/schools/:laestab/discussion-areas/customise",   dareas_customise_post, ACT_ESTAB_ADMIN, S | CSRF | ESTAB, PARAMS(p_laestab), 0},
	{HTTP_GET,  "/schools/:laestab/discussion-areas/new",         darea_new_get,       ACT_ESTAB_ADMIN,  S | ESTAB,        PARAMS(p_laestab), 0},
	{HTTP_POST, "/schools/:laestab/discussion-areas",             darea_create_post,   ACT_ESTAB_ADMIN,  S | CSRF | ESTAB, PARAMS(p8_darea_add), 0},
	{HTTP_GET,  "/schools/:laestab/discussion-areas/:id",         darea_edit_get,      ACT_ESTAB_ADMIN,  S | ESTAB,        PARAMS(p8_darea_one), 0},
	{HTTP_POST, "/schools/:laestab/discussion-areas/:id",         darea_update_post,   ACT_ESTAB_ADMIN,  S | CSRF | ESTAB, PARAMS(p8_darea_edit), 0},
	{HTTP_POST, "/schools/:laestab/discussion-areas/:id/delete",  darea_delete_post,   ACT_ESTAB_ADMIN,  S | CSRF | ESTAB, PARAMS(p8_darea_one), 0},
	{HTTP_GET,  "/la/news",                        news_get,          ACT_LA_ADMIN,    S,                 PARAMS(p8_news_list), 0},
	{HTTP_GET,  "/la/news/new",                    news_new_get,      ACT_LA_ADMIN,    S,                 NO_PARAMS, 0},
	{HTTP_POST, "/la/news",                        news_create_post,  ACT_LA_ADMIN,    S | CSRF,          PARAMS(p8_news_add), 0},
	{HTTP_GET,  "/la/news/:id",                    news_edit_get,     ACT_LA_ADMIN,    S,                 PARAMS(p8_news_one), 0},
	{HTTP_POST, "/la/news/:id",                    news_update_post,  ACT_LA_ADMIN,    S | CSRF,          PARAMS(p8_news_edit), 0},
	{HTTP_POST, "/la/news/:id/delete",             news_delete_post,  ACT_LA_ADMIN,    S | CSRF,          PARAMS(p8_news_one), 0},

	/* ---- issue 8a: Full Report, Venn diagrams ---- */
	{HTTP_GET,  "/schools/:laestab/reports/full",  report_full_get,   ACT_REPORT_READ, S | ESTAB,         PARAMS(p8a_full), 0},
	{HTTP_GET,  "/schools/:laestab/reports/venn",  report_venn_get,   ACT_REPORT_READ, S | ESTAB,         PARAMS(p8a_venn), 0},
	{HTTP_GET,  "/api/v1/schools/:laestab/reports/eyfsp",   api_report_eyfsp_get,   ACT_REPORT_READ, API | ESTAB, PARAMS(p8a_api), 0},
	{HTTP_GET,  "/api/v1/schools/:laestab/reports/phonics", api_report_phonics_get, ACT_REPORT_READ, API | ESTAB, PARAMS(p8a_api), 0},
	/* ---- issue 3d: accounts: refused forms, audit of every change ---- */

	/* ---- issue 4c: pupils API ---- */
	{HTTP_GET,   "/api/v1/pupils",      api_pupils_get,    ACT_PUPIL_READ,  API | ESTAB,        PARAMS(p4c_list), 0},
	{HTTP_GET,   "/api/v1/pupils/:upn", api_pupil_get,     ACT_PUPIL_READ,  API | ESTAB,        PARAMS(p4c_one), 0},
	{HTTP_POST,  "/api/v1/pupils/:upn", api_pupil_post,    ACT_PUPIL_WRITE, API | CSRF | ESTAB | RF_JSON, PARAMS(p4c_create), 0},
	{HTTP_PATCH, "/api/v1/pupils/:upn", api_pupil_patch,   ACT_PUPIL_WRITE, API | CSRF | ESTAB | RF_JSON, PARAMS(p4c_patch), 0},

	/* ---- issue 5b: EYFS grid speed, XLSX check ---- */

	/* ---- issue 6c: statutory: CTF preview, downloads, entry screens ---- */
	{HTTP_POST, "/schools/:laestab/ctf-import/confirm",     ctf_import_confirm_post, ACT_PUPIL_WRITE, S | CSRF | ESTAB, PARAMS(p6c_import_confirm), 3 * ROUTE_BODY_UPLOAD},

	/* ---- issue 7b: collection: school upload side, results templates ---- */
	{HTTP_POST, "/schools/:laestab/requests/:id/send", school_send_post, ACT_FILE_SEND, S | CSRF | ESTAB | RF_UPLOAD | RF_UPLOADS, PARAMS(p7b_send), COLLECTION_UPLOAD_BODY_MAX},
	{HTTP_GET,  "/schools/:laestab/requests/:id/files/:fid/problems.csv", school_file_problems_get, ACT_RETURN_READ, S | ESTAB, PARAMS(p7b_file), 0},
	{HTTP_POST, "/schools/:laestab/requests/:id/send-submitted", school_send_submitted_post, ACT_FILE_SEND, S | CSRF | ESTAB, PARAMS(p7_school_req), 0},
	{HTTP_GET,  "/schools/:laestab/requests/:id/template.xlsx", school_template_get, ACT_RETURN_READ, S | ESTAB, PARAMS(p7_school_req), 0},
	{HTTP_GET,  "/schools/:laestab/requests/:id/files", school_files_get, ACT_RETURN_READ, S | ESTAB, PARAMS(p7b_files), 0},
	{HTTP_POST, "/schools/:laestab/requests/:id/files/:fid/recall", school_file_recall_post, ACT_FILE_SEND, S | CSRF | ESTAB, PARAMS(p7b_file), 0},
	{HTTP_POST, "/schools/:laestab/requests/:id/files/:fid/delete", school_file_delete_post, ACT_FILE_SEND, S | CSRF | ESTAB, PARAMS(p7b_file), 0},

	/* ---- issue 7c: collection: LA receive, chase, reminders, targeting ---- */
	{HTTP_POST, "/la/requests/:id/files/:fid/download", la_file_download_post, ACT_LA_ADMIN, S | CSRF, PARAMS(p7_la_file), 0},
	{HTTP_POST, "/la/requests/:id/files/:fid/import", la_file_import_post, ACT_LA_ADMIN, S | CSRF,   PARAMS(p7_la_file), 0},
	{HTTP_POST, "/la/requests/:id/download-all",   la_download_all_post, ACT_LA_ADMIN, S | CSRF,          PARAMS(p7_id), 0},
	{HTTP_GET,  "/la/requests/:id/export-xlsx",    la_request_export_xlsx_get, ACT_LA_ADMIN, S,           PARAMS(p7_dash), 0},
	{HTTP_POST, "/la/requests/:id/chase",          la_request_chase_post, ACT_LA_ADMIN, S | CSRF,         PARAMS(p7_id), 0},
	{HTTP_GET,  "/la/requests/:id/history",        la_request_history_get, ACT_LA_ADMIN, S,               PARAMS(p7_id), 0},
	{HTTP_GET,  "/la/requests/:id/send",           la_send_get,       ACT_LA_ADMIN,    S,                 PARAMS(p7_id), 0},
	{HTTP_POST, "/la/requests/:id/send",           la_send_post,      ACT_LA_ADMIN,    S | CSRF | RF_UPLOAD, PARAMS(p7c_send), ROUTE_BODY_UPLOAD},
	{HTTP_GET,  "/schools/:laestab/la-files",      school_la_files_get, ACT_RETURN_READ, S | ESTAB,       PARAMS(p7_school), 0},
	{HTTP_GET,  "/schools/:laestab/la-files/:fid", school_la_file_get, ACT_RETURN_READ, S | ESTAB,        PARAMS(p7c_school_file), 0},

	/* ---- issue 7d: collection: API, MAT bulk upload ---- */
	{HTTP_GET,  "/api/v1/requests",                api_requests_get,  ACT_RETURN_READ, API,               PARAMS(p7d_list), 0},
	{HTTP_GET,  "/api/v1/requests/:id",            api_request_get,   ACT_RETURN_READ, API,               PARAMS(p7d_request), 0},
	{HTTP_GET,  "/api/v1/requests/:id/files",      api_request_files_get, ACT_RETURN_READ, API,           PARAMS(p7d_request), 0},
	{HTTP_POST, "/api/v1/requests/:id/files",      api_request_files_post, ACT_FILE_SEND, API | CSRF | RF_UPLOAD | RF_UPLOADS, PARAMS(p7d_files_post), COLLECTION_UPLOAD_BODY_MAX},
	{HTTP_GET,  "/api/v1/requests/:id/files/:fid", api_request_file_get, ACT_RETURN_READ, API,            PARAMS(p7d_file), 0},
	{HTTP_GET,  "/trust/uploads",                  trust_uploads_get, ACT_TRUST_UPLOAD, S,                NO_PARAMS, 0},
	{HTTP_POST, "/trust/uploads",                  trust_uploads_post, ACT_TRUST_UPLOAD, S | CSRF | RF_UPLOAD | RF_UPLOADS, PARAMS(p7d_trust_upload), MAT_UPLOAD_BODY_MAX},

	/* ---- issue 8c: reports: LA and trust tables, KS2, headline ---- */
	{HTTP_GET,  "/la/reports",                     la_table_get,      ACT_LA_READ,     S,                 PARAMS(p8c_table), 0},
	{HTTP_GET,  "/trust/reports",                  trust_table_get,   ACT_TRUST_READ,  S,                 PARAMS(p8c_table), 0},
	{HTTP_GET,  "/api/v1/la/reports/table",        api_la_table_get,  ACT_LA_READ,     API,               PARAMS(p8c_api_table), 0},
	{HTTP_GET,  "/api/v1/trust/reports/table",     api_trust_table_get, ACT_TRUST_READ, API,              PARAMS(p8c_api_table), 0},
	{HTTP_GET,  "/api/v1/schools/:laestab/reports/ks2", api_report_ks2_get, ACT_REPORT_READ, API | ESTAB, PARAMS(p8a_api), 0},
	{HTTP_GET,  "/api/v1/reports/eyfsp",    api_report_eyfsp_get,   ACT_REPORT_READ, API | ESTAB, PARAMS(p8c_api_school), 0},
	{HTTP_GET,  "/api/v1/reports/phonics",  api_report_phonics_get, ACT_REPORT_READ, API | ESTAB, PARAMS(p8c_api_school), 0},
	{HTTP_GET,  "/api/v1/reports/ks2",      api_report_ks2_get,     ACT_REPORT_READ, API | ESTAB, PARAMS(p8c_api_school), 0},
	{HTTP_GET,  "/api/v1/la/reports/eyfsp", api_la_report_eyfsp_get,   ACT_LA_READ, API, PARAMS(p8c_api_la), 0},
	{HTTP_GET,  "/api/v1/la/reports/phonics", api_la_report_phonics_get, ACT_LA_READ, API, PARAMS(p8c_api_la), 0},
	{HTTP_GET,  "/api/v1/la/reports/ks2",   api_la_report_ks2_get,     ACT_LA_READ, API, PARAMS(p8c_api_la), 0},

	/* ---- issue 5d: cheap cell saves ---- */

};
/* clang-format on */

const struct route *routes_table(size_t *n)
{
	*n = ARRAY_SIZE(table);
	return table;
}

size_t route_body_max(const struct route *r)
{
	return r && r->body_max ? r->body_max : ROUTE_BODY_DEFAULT;
}
