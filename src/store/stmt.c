/*
 * stmt: every SQL statement of the store, in one table (see stmt.h). Adding a
 * statement means adding an enum member and one entry here; the column lists that
 * several statements share are macros so they are written once.
 */
#include "store/stmt.h"

#include "base/xalloc.h"

/* "Now" as Unix seconds: the database clock (the store layer has no clock of its own). */
#define NOW_SQLITE "CAST(strftime('%s', 'now') AS INTEGER)"
#define NOW_PG "CAST(EXTRACT(EPOCH FROM statement_timestamp()) AS BIGINT)"

#define EST_COLS "e.id, e.la_id, l.code, e.estab, e.urn, e.name, COALESCE(e.trust_id, 0)"
#define EST_FROM " FROM establishment e JOIN local_authority l ON l.id = e.la_id"

#define USER_COLS                                                                   \
	"id, username, display_name, email, role, COALESCE(establishment_id, 0), "  \
	"COALESCE(trust_id, 0), COALESCE(la_id, 0), pw_hash, pw_expires_at, "       \
	"must_change_password, sc_enc, sc_pos1, sc_pos2, sc_shown, failed_logins, " \
	"locked_until, last_login_at, disabled, totp_secret, created_at"
#define USER_PARAMS "ttttiiitiibiiiiiiiti"

#define PUPIL_COLS                                                                          \
	"id, establishment_id, upn, surname, forenames, dob, gender, postcode, ethnicity, " \
	"sen, sen_notes, class_no, year_override, disadvantaged, eal, pupil_premium, fsm, " \
	"custom1, custom2, custom3, custom4, custom5, custom6, include_in_data, archived, version"
/* establishment, 9 texts (upn .. sen_notes), 14 integers (class_no .. archived) */
#define PUPIL_PARAMS "itttttttttiiiiiiiiiiiiii"

#define AUDIT_COLS                                                                     \
	"id, at, user_id, actor, ip, establishment_id, la_id, action, object, field, " \
	"old_value, new_value"
/* When the caller gives no LA, it is taken from the establishment (if any), so that
 * an LA's audit view sees its schools' changes. */
#define AUDIT_INSERT(now)                                                                           \
	"INSERT INTO audit (at, user_id, actor, ip, establishment_id, la_id, action, object, "      \
	"field, old_value, new_value) VALUES (COALESCE(NULLIF(?, 0), " now "), ?, ?, ?, ?, "        \
	"CASE WHEN ? <> 0 THEN ? ELSE COALESCE((SELECT la_id FROM establishment WHERE id = ?), 0) " \
	"END, ?, ?, ?, ?, ?)"

static const struct stmt_def stmts[] = {
	/* Migrations (migrate.c). The advisory lock serialises concurrent migrators on
	 * PostgreSQL; SQLite's BEGIN IMMEDIATE does the same, so there it is a no-op. */
	[STMT_MIG_LOCK] = { "SELECT 1", "SELECT pg_advisory_xact_lock(1886744681)", "" },
	[STMT_MIG_CREATE] = { "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
			      "PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
			      NULL, "" },
	[STMT_MIG_TABLE] = { "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
			     "name = 'schema_migrations'",
			     "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = "
			     "current_schema() AND tablename = 'schema_migrations'",
			     "" },
	[STMT_MIG_MAX] = { "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", NULL, "" },
	[STMT_MIG_APPLIED] = { "SELECT name FROM schema_migrations WHERE version = ?", NULL, "i" },
	[STMT_MIG_INSERT] = { "INSERT INTO schema_migrations (version, name, applied_at) "
			      "VALUES (?, ?, " NOW_SQLITE ")",
			      "INSERT INTO schema_migrations (version, name, applied_at) "
			      "VALUES (?, ?, " NOW_PG ")",
			      "it" },

	/* Local authorities, trusts, establishments (store_org.c). */
	[STMT_LA_INSERT] = { "INSERT INTO local_authority (code, name) VALUES (?, ?) RETURNING id",
			     NULL, "it" },
	[STMT_LA_GET] = { "SELECT id, code, name FROM local_authority WHERE id = ?", NULL, "i" },
	[STMT_LA_GET_BY_CODE] = { "SELECT id, code, name FROM local_authority WHERE code = ?", NULL,
				  "i" },
	[STMT_LA_LIST] = { "SELECT id, code, name FROM local_authority ORDER BY code", NULL, "" },
	[STMT_TRUST_INSERT] = { "INSERT INTO trust (name) VALUES (?) RETURNING id", NULL, "t" },
	[STMT_TRUST_GET] = { "SELECT id, name FROM trust WHERE id = ?", NULL, "i" },
	[STMT_TRUST_GET_BY_NAME] = { "SELECT id, name FROM trust WHERE name = ?", NULL, "t" },
	[STMT_TRUST_LIST] = { "SELECT id, name FROM trust ORDER BY name, id", NULL, "" },
	[STMT_EST_INSERT] = { "INSERT INTO establishment (la_id, estab, urn, name, trust_id) "
			      "VALUES (?, ?, ?, ?, ?) RETURNING id",
			      NULL, "iiiti" },
	[STMT_EST_GET] = { "SELECT " EST_COLS EST_FROM " WHERE e.id = ?", NULL, "i" },
	[STMT_EST_GET_BY_LAESTAB] = { "SELECT " EST_COLS EST_FROM
				      " WHERE l.code = ? AND e.estab = ?",
				      NULL, "ii" },
	[STMT_EST_LIST] = { "SELECT " EST_COLS EST_FROM " WHERE (? = 0 OR e.la_id = ?) AND "
			    "(? = 0 OR e.trust_id = ?) ORDER BY e.name, e.id",
			    NULL, "iiii" },

	/* Users, sessions, API tokens (store_user.c). Usernames compare in lower case;
	 * the caller's text is folded in C (ASCII) so both backends agree. */
	[STMT_USER_INSERT] = { "INSERT INTO app_user (username, display_name, email, role, "
			       "establishment_id, trust_id, la_id, pw_hash, pw_expires_at, "
			       "must_change_password, sc_enc, sc_pos1, sc_pos2, sc_shown, "
			       "failed_logins, locked_until, last_login_at, disabled, totp_secret, "
			       "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
			       "?, ?, ?, ?) RETURNING id",
			       NULL, USER_PARAMS },
	[STMT_USER_GET] = { "SELECT " USER_COLS " FROM app_user WHERE id = ?", NULL, "i" },
	[STMT_USER_GET_BY_NAME] = { "SELECT " USER_COLS " FROM app_user WHERE lower(username) = ?",
				    NULL, "t" },
	[STMT_USER_UPDATE] = { "UPDATE app_user SET username = ?, display_name = ?, email = ?, "
			       "role = ?, establishment_id = ?, trust_id = ?, la_id = ?, pw_hash = ?, "
			       "pw_expires_at = ?, must_change_password = ?, sc_enc = ?, sc_pos1 = ?, "
			       "sc_pos2 = ?, sc_shown = ?, failed_logins = ?, locked_until = ?, "
			       "last_login_at = ?, disabled = ?, totp_secret = ?, created_at = ? "
			       "WHERE id = ?",
			       NULL, USER_PARAMS "i" },
	/* An LA (trust) filter matches users scoped to it and users of its schools. */
	[STMT_USER_LIST] = { "SELECT " USER_COLS " FROM app_user WHERE "
			     "(? = 0 OR establishment_id = ?) AND "
			     "(? = 0 OR la_id = ? OR establishment_id IN "
			     "(SELECT id FROM establishment WHERE la_id = ?)) AND "
			     "(? = 0 OR trust_id = ? OR establishment_id IN "
			     "(SELECT id FROM establishment WHERE trust_id = ?)) "
			     "ORDER BY lower(username), id",
			     NULL, "iiiiiiii" },
	[STMT_SESSION_INSERT] = { "INSERT INTO session (hash, user_id, csrf, created_at, last_seen, "
				  "ended_at, end_reason) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
				  NULL, "bibiiit" },
	[STMT_SESSION_GET] = { "SELECT id, hash, user_id, csrf, created_at, last_seen, ended_at, "
			       "end_reason FROM session WHERE hash = ?",
			       NULL, "b" },
	[STMT_SESSION_TOUCH] = { "UPDATE session SET last_seen = ? WHERE id = ? AND ended_at = 0",
				 NULL, "ii" },
	[STMT_SESSION_END] = { "UPDATE session SET ended_at = ?, end_reason = ? "
			       "WHERE id = ? AND ended_at = 0",
			       NULL, "iti" },
	[STMT_SESSION_END_USER] = { "UPDATE session SET ended_at = ?, end_reason = ? "
				    "WHERE user_id = ? AND id <> ? AND ended_at = 0",
				    NULL, "itii" },
	[STMT_TOKEN_INSERT] = { "INSERT INTO api_token (hash, user_id, created_at, expires_at, "
				"revoked) VALUES (?, ?, ?, ?, ?) RETURNING id",
				NULL, "biiii" },
	[STMT_TOKEN_GET] = { "SELECT id, hash, user_id, created_at, expires_at, revoked "
			     "FROM api_token WHERE hash = ?",
			     NULL, "b" },

	/* Pupils (store_pupil.c). The surname prefix arrives folded to lower case. */
	[STMT_PUPIL_INSERT] = { "INSERT INTO pupil (establishment_id, upn, surname, forenames, dob, "
				"gender, postcode, ethnicity, sen, sen_notes, class_no, "
				"year_override, disadvantaged, eal, pupil_premium, fsm, custom1, "
				"custom2, custom3, custom4, custom5, custom6, include_in_data, "
				"archived) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
				"?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version",
				NULL, PUPIL_PARAMS },
	[STMT_PUPIL_GET] = { "SELECT " PUPIL_COLS " FROM pupil WHERE id = ?", NULL, "i" },
	[STMT_PUPIL_GET_BY_UPN] = { "SELECT " PUPIL_COLS " FROM pupil WHERE upn = ?", NULL, "t" },
	[STMT_PUPIL_UPDATE] = { "UPDATE pupil SET establishment_id = ?, upn = ?, surname = ?, "
				"forenames = ?, dob = ?, gender = ?, postcode = ?, ethnicity = ?, "
				"sen = ?, sen_notes = ?, class_no = ?, year_override = ?, "
				"disadvantaged = ?, eal = ?, pupil_premium = ?, fsm = ?, "
				"custom1 = ?, custom2 = ?, custom3 = ?, custom4 = ?, custom5 = ?, "
				"custom6 = ?, include_in_data = ?, archived = ?, "
				"version = version + 1 WHERE id = ? AND version = ? RETURNING version",
				NULL, PUPIL_PARAMS "ii" },
	[STMT_PUPIL_LIST] = { "SELECT " PUPIL_COLS " FROM pupil WHERE establishment_id = ? AND "
			      "(? IS NULL OR substr(lower(surname), 1, length(?)) = ?) AND "
			      "(? IS NULL OR substr(upn, 1, length(?)) = ?) AND "
			      "(? = 0 OR class_no = ?) AND (? <> 0 OR archived = 0) "
			      "ORDER BY lower(surname), lower(forenames), id LIMIT ? OFFSET ?",
			      NULL, "ittttttiiiii" },
	[STMT_PUPIL_COUNT] = { "SELECT count(*) FROM pupil WHERE establishment_id = ? AND "
			       "archived = 0",
			       NULL, "i" },

	/* Audit (store_audit.c): INSERT and SELECT only; the schema refuses the rest. */
	[STMT_AUDIT_INSERT] = { AUDIT_INSERT(NOW_SQLITE), AUDIT_INSERT(NOW_PG), "iittiiiittttt" },
	[STMT_AUDIT_LIST] = { "SELECT " AUDIT_COLS " FROM audit WHERE "
			      "(? = 0 OR establishment_id = ?) AND (? = 0 OR la_id = ?) AND "
			      "(? IS NULL OR actor = ?) AND "
			      "(? IS NULL OR substr(action, 1, length(?)) = ?) AND "
			      "(? = 0 OR at >= ?) AND (? = 0 OR at < ?) "
			      "ORDER BY id DESC LIMIT ?",
			      NULL, "iiiitttttiiiii" },

	/* ---- issue 3a: sign-in, security code, TOTP, throttling, profile ---- */
	/* Sign-in steps, throttling, TOTP steps used (store_signin.c). */
	[STMT_PENDING_INSERT] = { "INSERT INTO pending_login (hash, user_id, password_ok, "
				  "created_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
				  NULL, "biiii" },
	/* Takes a pending sign-in once: a second take finds used_at set. */
	[STMT_PENDING_TAKE] = { "UPDATE pending_login SET used_at = ? WHERE hash = ? AND "
				"used_at = 0 AND expires_at > ? RETURNING user_id, password_ok",
				NULL, "ibi" },
	[STMT_PENDING_PURGE] = { "DELETE FROM pending_login WHERE expires_at < ?", NULL, "i" },
	[STMT_THROTTLE_GET] = { "SELECT window_start, failures, blocked_until FROM login_throttle "
				"WHERE key = ?",
				NULL, "t" },
	[STMT_THROTTLE_PUT] = { "INSERT INTO login_throttle (key, window_start, failures, "
				"blocked_until) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
				"window_start = excluded.window_start, failures = excluded.failures, "
				"blocked_until = excluded.blocked_until",
				NULL, "tiii" },
	[STMT_THROTTLE_CLEAR] = { "DELETE FROM login_throttle WHERE key = ?", NULL, "t" },
	/* Changes a row only for a later step than the one used last. */
	[STMT_TOTP_USE] = { "INSERT INTO totp_used (user_id, step) VALUES (?, ?) ON CONFLICT "
			    "(user_id) DO UPDATE SET step = excluded.step WHERE "
			    "totp_used.step < excluded.step",
			    NULL, "ii" },
	[STMT_USER_SIGN_IN_STATE] = { "UPDATE app_user SET failed_logins = ?, locked_until = ?, "
				      "last_login_at = ?, sc_pos1 = ?, sc_pos2 = ?, sc_shown = ? "
				      "WHERE id = ?",
				      NULL, "iiiiiii" },


	/* ---- issue 3b: mail, password reset, session expiry ---- */
	/* Password reset links and requests (store_reset.c). */
	[STMT_RESET_INSERT] = { "INSERT INTO reset_link (hash, user_id, kind, created_at, "
				"expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
				NULL, "bitii" },
	[STMT_RESET_GET] = { "SELECT id, user_id, kind, created_at, expires_at, used_at "
			     "FROM reset_link WHERE hash = ?",
			     NULL, "b" },
	[STMT_RESET_USE] = { "UPDATE reset_link SET used_at = ? WHERE id = ? AND used_at = 0",
			     NULL, "ii" },
	[STMT_RESET_END_USER] = { "UPDATE reset_link SET used_at = ? WHERE user_id = ? AND "
				  "used_at = 0",
				  NULL, "ii" },
	[STMT_RESET_COUNT] = { "SELECT count(*) FROM reset_link WHERE user_id = ? AND kind = ? "
			       "AND created_at >= ?",
			       NULL, "iti" },
	[STMT_RESET_REQ_INSERT] = { "INSERT INTO reset_request (ip, at) VALUES (?, ?) "
				    "RETURNING id",
				    NULL, "ti" },
	[STMT_RESET_REQ_COUNT] = { "SELECT count(*) FROM reset_request WHERE ip = ? AND at >= ?",
				   NULL, "ti" },
	[STMT_RESET_REQ_PRUNE] = { "DELETE FROM reset_request WHERE at < ?", NULL, "i" },
	/* The e-mail address arrives folded to lower case. */
	[STMT_RESET_USERS_BY_EMAIL] = { "SELECT id FROM app_user WHERE lower(email) = ? AND "
					"email <> '' ORDER BY id LIMIT ?",
					NULL, "ti" },

	/* ---- issue 3c: managing people, organisations, audit pages ---- */
	/* The audit pages: like STMT_AUDIT_LIST, the actor compared in lower case
	 * (folded in C), and an offset for paging. */
	[STMT_AUDIT_PAGE] = { "SELECT " AUDIT_COLS " FROM audit WHERE "
			      "(? = 0 OR establishment_id = ?) AND (? = 0 OR la_id = ?) AND "
			      "(? IS NULL OR lower(actor) = ?) AND "
			      "(? IS NULL OR substr(action, 1, length(?)) = ?) AND "
			      "(? = 0 OR at >= ?) AND (? = 0 OR at < ?) "
			      "ORDER BY id DESC LIMIT ? OFFSET ?",
			      NULL, "iiiitttttiiiiii" },

	/* ---- issue 4a: pupil records, search, filter, profile ---- */
/* The pupil characteristics filter (core/pupil_filter.h) over a pupil aliased p:
 * one bound value per predicate, "all" being -1 or ''. */
#define PUPIL_FILTER_WHERE                                                                     \
	"? IN (-1, CASE WHEN EXISTS (SELECT 1 FROM intervention i WHERE i.pupil_id = p.id) "   \
	"THEN 1 ELSE 0 END) AND "                                                              \
	"? IN ('', p.gender) AND "                                                             \
	"? IN (-1, CASE WHEN substr(p.dob, 6, 2) BETWEEN '04' AND '08' THEN 1 ELSE 0 END) AND " \
	"? IN ('', p.sen, CASE WHEN p.sen IN ('K', 'E') THEN 'Y' ELSE '-' END) AND "           \
	"? IN ('', p.ethnicity) AND ? IN (-1, p.pupil_premium) AND "                           \
	"? IN (-1, p.disadvantaged) AND ? IN (-1, p.eal) AND ? IN (-1, p.custom1) AND "        \
	"? IN (-1, p.custom2) AND ? IN (-1, p.custom3) AND ? IN (-1, p.custom4) AND "          \
	"? IN (-1, p.custom5) AND ? IN (-1, p.custom6)"
#define PUPIL_FILTER_TYPES "ititt" "iiiiiiiii"
/* The year group: the override, else from the date of birth in academic year ?
 * (core/calendar.c's year_group_of); -100 without either. */
#define PUPIL_YEAR_EXPR                                                                 \
	"COALESCE(CASE WHEN p.year_override <> -99 THEN p.year_override ELSE ? - "      \
	"(CAST(substr(p.dob, 1, 4) AS INTEGER) - CASE WHEN substr(p.dob, 6, 2) < '09' " \
	"THEN 1 ELSE 0 END) - 5 END, -100)"
/* establishment, surname prefix (2), UPN prefix (2), class, archived, year group
 * (4: the year, again, first and last date of birth of the year), the filter. */
#define PUPIL_SEARCH_WHERE                                                               \
	" FROM pupil p WHERE p.establishment_id = ? AND "                                \
	"substr(lower(p.surname), 1, length(?)) = ? AND substr(p.upn, 1, length(?)) = ? " \
	"AND ? IN (0, p.class_no) AND (? <> 0 OR p.archived = 0) AND "                   \
	"(? = -99 OR p.year_override = ? OR (p.year_override = -99 AND "                 \
	"p.dob BETWEEN ? AND ?)) AND " PUPIL_FILTER_WHERE
#define PUPIL_SEARCH_TYPES "ittttii" "iitt" PUPIL_FILTER_TYPES
#define PUPIL_P_COLS                                                                         \
	"p.id, p.establishment_id, p.upn, p.surname, p.forenames, p.dob, p.gender, "         \
	"p.postcode, p.ethnicity, p.sen, p.sen_notes, p.class_no, p.year_override, "         \
	"p.disadvantaged, p.eal, p.pupil_premium, p.fsm, p.custom1, p.custom2, p.custom3, "  \
	"p.custom4, p.custom5, p.custom6, p.include_in_data, p.archived, p.version"
#define PUPIL_TIES ", lower(p.surname), lower(p.forenames), p.id LIMIT ? OFFSET ?"
#define PUPIL_SEARCH(order)                                                                   \
	{ "SELECT " PUPIL_P_COLS ", " PUPIL_YEAR_EXPR " AS yg" PUPIL_SEARCH_WHERE " ORDER BY " \
	  order PUPIL_TIES,                                                                   \
	  NULL, "i" PUPIL_SEARCH_TYPES "ii" }
/* By name: exactly the order of the index pupil_establishment_name (011_perf),
 * so a page is read in order without sorting the school. */
#define PUPIL_SEARCH_BY_NAME(order)                                                           \
	{ "SELECT " PUPIL_P_COLS ", " PUPIL_YEAR_EXPR " AS yg" PUPIL_SEARCH_WHERE " ORDER BY " \
	  order " LIMIT ? OFFSET ?",                                                          \
	  NULL, "i" PUPIL_SEARCH_TYPES "ii" }
	[STMT_PUPIL_SEARCH_FIRST + 0] =
		PUPIL_SEARCH_BY_NAME("lower(p.surname), lower(p.forenames), p.id"),
	[STMT_PUPIL_SEARCH_FIRST + 1] =
		PUPIL_SEARCH_BY_NAME("lower(p.surname) DESC, lower(p.forenames) DESC, p.id DESC"),
	[STMT_PUPIL_SEARCH_FIRST + 2] = PUPIL_SEARCH("p.upn"),
	[STMT_PUPIL_SEARCH_FIRST + 3] = PUPIL_SEARCH("p.upn DESC"),
	[STMT_PUPIL_SEARCH_FIRST + 4] = PUPIL_SEARCH("COALESCE(p.dob, '')"),
	[STMT_PUPIL_SEARCH_FIRST + 5] = PUPIL_SEARCH("COALESCE(p.dob, '') DESC"),
	[STMT_PUPIL_SEARCH_FIRST + 6] = PUPIL_SEARCH("p.class_no"),
	[STMT_PUPIL_SEARCH_FIRST + 7] = PUPIL_SEARCH("p.class_no DESC"),
	[STMT_PUPIL_SEARCH_FIRST + 8] = PUPIL_SEARCH("yg"),
	[STMT_PUPIL_SEARCH_FIRST + 9] = PUPIL_SEARCH("yg DESC"),
	[STMT_PUPIL_SEARCH_FIRST + 10] = PUPIL_SEARCH("p.gender"),
	[STMT_PUPIL_SEARCH_FIRST + 11] = PUPIL_SEARCH("p.gender DESC"),
	[STMT_PUPIL_SEARCH_COUNT] = { "SELECT count(*)" PUPIL_SEARCH_WHERE, NULL,
				      PUPIL_SEARCH_TYPES },
	[STMT_CLASS_NAME_LIST] = { "SELECT class_no, name FROM class_name WHERE "
				   "establishment_id = ? ORDER BY class_no",
				   NULL, "i" },
	[STMT_CLASS_NAME_PUT] = { "INSERT INTO class_name (establishment_id, class_no, name) "
				  "VALUES (?, ?, ?) ON CONFLICT (establishment_id, class_no) "
				  "DO UPDATE SET name = excluded.name",
				  NULL, "iit" },
	[STMT_CUSTOM_NAME_LIST] = { "SELECT n, name FROM custom_filter_name WHERE "
				    "establishment_id = ? ORDER BY n",
				    NULL, "i" },
	[STMT_CUSTOM_NAME_PUT] = { "INSERT INTO custom_filter_name (establishment_id, n, name) "
				   "VALUES (?, ?, ?) ON CONFLICT (establishment_id, n) "
				   "DO UPDATE SET name = excluded.name",
				   NULL, "iit" },
	[STMT_SELECTION_GET] = { "SELECT query FROM pupil_selection WHERE user_id = ? AND "
				 "establishment_id = ?",
				 NULL, "ii" },
	[STMT_SELECTION_PUT] = { "INSERT INTO pupil_selection (user_id, establishment_id, query) "
				 "VALUES (?, ?, ?) ON CONFLICT (user_id, establishment_id) "
				 "DO UPDATE SET query = excluded.query",
				 NULL, "iit" },
	[STMT_SELECTION_DELETE] = { "DELETE FROM pupil_selection WHERE user_id = ? AND "
				    "establishment_id = ?",
				    NULL, "ii" },

	/* ---- issue 4b: pupil upload, edit multiple, interventions, transfers ---- */
	/* Interventions (store_intervention.c). */
	[STMT_IV_INSERT] = { "INSERT INTO intervention (pupil_id, academic_year, assessment, "
			     "details, created_at) VALUES (?, ?, ?, ?, " NOW_SQLITE ") RETURNING id",
			     "INSERT INTO intervention (pupil_id, academic_year, assessment, "
			     "details, created_at) VALUES (?, ?, ?, ?, " NOW_PG ") RETURNING id",
			     "iitt" },
	[STMT_IV_GET] = { "SELECT id, pupil_id, academic_year, assessment, details, created_at "
			  "FROM intervention WHERE id = ?",
			  NULL, "i" },
	[STMT_IV_UPDATE] = { "UPDATE intervention SET academic_year = ?, assessment = ?, "
			     "details = ? WHERE id = ?",
			     NULL, "itti" },
	[STMT_IV_DELETE] = { "DELETE FROM intervention WHERE id = ?", NULL, "i" },
	[STMT_IV_LIST] = { "SELECT id, pupil_id, academic_year, assessment, details, created_at "
			   "FROM intervention WHERE pupil_id = ? ORDER BY academic_year DESC, id",
			   NULL, "i" },
	/* Transfer requests (store_transfer.c). */
#define TR_COLS                                                                           \
	"t.id, t.pupil_id, t.from_establishment_id, t.to_establishment_id, p.upn, p.surname, " \
	"p.forenames, t.requested_by, t.requested_at, t.status, t.decided_by, t.decided_at"
#define TR_FROM " FROM transfer_request t JOIN pupil p ON p.id = t.pupil_id"
	[STMT_TR_INSERT] = { "INSERT INTO transfer_request (pupil_id, from_establishment_id, "
			     "to_establishment_id, requested_by, requested_at) VALUES (?, ?, ?, ?, "
			     NOW_SQLITE ") RETURNING id",
			     "INSERT INTO transfer_request (pupil_id, from_establishment_id, "
			     "to_establishment_id, requested_by, requested_at) VALUES (?, ?, ?, ?, "
			     NOW_PG ") RETURNING id",
			     "iiit" },
	[STMT_TR_GET] = { "SELECT " TR_COLS TR_FROM " WHERE t.id = ?", NULL, "i" },
	[STMT_TR_LIST] = { "SELECT " TR_COLS TR_FROM " WHERE t.from_establishment_id = ? OR "
			   "t.to_establishment_id = ? ORDER BY t.id DESC",
			   NULL, "ii" },
	[STMT_TR_DECIDE] = { "UPDATE transfer_request SET status = ?, decided_by = ?, "
			     "decided_at = " NOW_SQLITE " WHERE id = ? AND status = 'pending' RETURNING id",
			     "UPDATE transfer_request SET status = ?, decided_by = ?, "
			     "decided_at = " NOW_PG " WHERE id = ? AND status = 'pending' RETURNING id",
			     "tti" },

	/* ---- issue 5: EYFS tracking ---- */
	/* EYFS assessments, judgements, notes (store_assess.c). Cells are written with
	 * their version: the INSERT does nothing when the row exists, the UPDATE
	 * nothing when the version is stale; no row back means a conflict. */
#define ASSESS_COLS                                                                       \
	"id, establishment_id, academic_year, name, assessed_on, year_groups, kind, "     \
	"completion_date, created_at, version"
#define JUDGE_COLS "pupil_id, area, value, colour, note, version, updated_at, updated_by"
#define JUDGE_INSERT(now)                                                                   \
	"INSERT INTO judgement (assessment_id, pupil_id, area, value, colour, note, "         \
	"updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, " now ", ?) ON CONFLICT "          \
	"(assessment_id, pupil_id, area) DO NOTHING RETURNING version, updated_at"
#define JUDGE_UPDATE(now)                                                                   \
	"UPDATE judgement SET value = ?, colour = ?, note = ?, version = version + 1, "       \
	"updated_at = " now ", updated_by = ? WHERE assessment_id = ? AND pupil_id = ? AND "  \
	"area = ? AND version = ? RETURNING version, updated_at"
#define ANOTE_INSERT(now)                                                                   \
	"INSERT INTO assessment_note (assessment_id, pupil_id, note, updated_at, updated_by) " \
	"VALUES (?, ?, ?, " now ", ?) ON CONFLICT (assessment_id, pupil_id) DO NOTHING "      \
	"RETURNING version"
#define ANOTE_UPDATE(now)                                                                   \
	"UPDATE assessment_note SET note = ?, version = version + 1, updated_at = " now ", "  \
	"updated_by = ? WHERE assessment_id = ? AND pupil_id = ? AND version = ? "            \
	"RETURNING version"
	[STMT_ASSESS_INSERT] = { "INSERT INTO assessment (establishment_id, academic_year, name, "
				 "assessed_on, year_groups, kind, completion_date, created_at) "
				 "VALUES (?, ?, ?, ?, ?, ?, ?, " NOW_SQLITE ") "
				 "RETURNING id, created_at, version",
				 "INSERT INTO assessment (establishment_id, academic_year, name, "
				 "assessed_on, year_groups, kind, completion_date, created_at) "
				 "VALUES (?, ?, ?, ?, ?, ?, ?, " NOW_PG ") "
				 "RETURNING id, created_at, version",
				 "iittitt" },
	[STMT_ASSESS_GET] = { "SELECT " ASSESS_COLS " FROM assessment WHERE id = ?", NULL, "i" },
	[STMT_ASSESS_LIST] = { "SELECT " ASSESS_COLS " FROM assessment WHERE establishment_id = ? "
			       "AND (? = 0 OR academic_year = ?) "
			       "ORDER BY academic_year, assessed_on, id",
			       NULL, "iii" },
	[STMT_ASSESS_UPDATE] = { "UPDATE assessment SET name = ?, assessed_on = ?, year_groups = ?, "
				 "completion_date = ?, version = version + 1 "
				 "WHERE id = ? AND version = ? RETURNING version",
				 NULL, "ttitii" },
	[STMT_ASSESS_DELETE] = { "DELETE FROM assessment WHERE id = ?", NULL, "i" },
	[STMT_JUDGE_DELETE_ALL] = { "DELETE FROM judgement WHERE assessment_id = ?", NULL, "i" },
	[STMT_ANOTE_DELETE_ALL] = { "DELETE FROM assessment_note WHERE assessment_id = ?", NULL,
				    "i" },
	[STMT_JUDGE_COUNT] = { "SELECT count(*) FROM judgement WHERE assessment_id = ? AND "
			       "(value <> 0 OR colour <> '' OR note <> '')",
			       NULL, "i" },
	[STMT_JUDGE_LIST] = { "SELECT " JUDGE_COLS " FROM judgement WHERE assessment_id = ? "
			      "ORDER BY pupil_id, area",
			      NULL, "i" },
	[STMT_JUDGE_GET] = { "SELECT " JUDGE_COLS " FROM judgement WHERE assessment_id = ? AND "
			     "pupil_id = ? AND area = ?",
			     NULL, "iit" },
	[STMT_JUDGE_ROW] = { "SELECT " JUDGE_COLS " FROM judgement WHERE assessment_id = ? AND "
			     "pupil_id = ? ORDER BY area",
			     NULL, "ii" },
	[STMT_JUDGE_INSERT] = { JUDGE_INSERT(NOW_SQLITE), JUDGE_INSERT(NOW_PG), "iitittt" },
	[STMT_JUDGE_UPDATE] = { JUDGE_UPDATE(NOW_SQLITE), JUDGE_UPDATE(NOW_PG), "itttiiti" },
	[STMT_ANOTE_LIST] = { "SELECT pupil_id, note, version FROM assessment_note "
			      "WHERE assessment_id = ? ORDER BY pupil_id",
			      NULL, "i" },
	[STMT_ANOTE_GET] = { "SELECT pupil_id, note, version FROM assessment_note "
			     "WHERE assessment_id = ? AND pupil_id = ?",
			     NULL, "ii" },
	[STMT_ANOTE_INSERT] = { ANOTE_INSERT(NOW_SQLITE), ANOTE_INSERT(NOW_PG), "iitt" },
	[STMT_ANOTE_UPDATE] = { ANOTE_UPDATE(NOW_SQLITE), ANOTE_UPDATE(NOW_PG), "ttiii" },
	/* A cell's history: its audit rows, newest first (object as store_assess.c
	 * writes it, within the establishment). */
	[STMT_JUDGE_HISTORY] = { "SELECT " AUDIT_COLS " FROM audit WHERE establishment_id = ? "
				 "AND action = 'judgement.set' AND object = ? "
				 "ORDER BY id DESC LIMIT ?",
				 NULL, "iti" },

	/* ---- issue 6: statutory results and CTF ---- */
	/* Statutory results and submissions (store_statutory.c). */
#define STAT_KEY "pupil_id = ? AND collection = ? AND academic_year = ? AND component = ? " \
		 "AND qualifier = ?"
#define STAT_INSERT(now)                                                                   \
	"INSERT INTO statutory_result (establishment_id, pupil_id, collection, academic_year, " \
	"component, qualifier, result, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, " \
	now ", ?) RETURNING updated_at"
#define STAT_UPDATE(now)                                                                   \
	"UPDATE statutory_result SET result = ?, updated_at = " now ", updated_by = ? WHERE " \
	STAT_KEY " RETURNING updated_at"
#define SUBM_SUBMIT(now)                                                                   \
	"INSERT INTO statutory_submission (establishment_id, collection, academic_year, "   \
	"submitted, submitted_by, submitted_at) VALUES (?, ?, ?, 1, ?, " now ") ON CONFLICT " \
	"(establishment_id, collection, academic_year) DO UPDATE SET submitted = 1, "        \
	"submitted_by = excluded.submitted_by, submitted_at = excluded.submitted_at WHERE "  \
	"statutory_submission.submitted = 0 RETURNING submitted_at"
#define SUBM_UNLOCK(now)                                                                   \
	"UPDATE statutory_submission SET submitted = 0, unlocked_by = ?, unlocked_at = " now \
	", unlock_reason = ? WHERE establishment_id = ? AND collection = ? AND "             \
	"academic_year = ? AND submitted = 1 RETURNING unlocked_at"
	[STMT_STAT_GET] = { "SELECT result, updated_at, updated_by FROM statutory_result WHERE "
			    STAT_KEY,
			    NULL, "ititt" },
	[STMT_STAT_INSERT] = { STAT_INSERT(NOW_SQLITE), STAT_INSERT(NOW_PG), "iititttt" },
	[STMT_STAT_UPDATE] = { STAT_UPDATE(NOW_SQLITE), STAT_UPDATE(NOW_PG), "ttititt" },
	[STMT_STAT_DELETE] = { "DELETE FROM statutory_result WHERE " STAT_KEY, NULL, "ititt" },
	[STMT_STAT_LIST] = { "SELECT pupil_id, component, qualifier, result, updated_at, "
			     "updated_by FROM statutory_result WHERE establishment_id = ? AND "
			     "collection = ? AND academic_year = ? "
			     "ORDER BY pupil_id, component, qualifier",
			     NULL, "iti" },
	[STMT_SUBM_GET] = { "SELECT submitted, submitted_by, submitted_at, unlocked_by, "
			    "unlocked_at, unlock_reason FROM statutory_submission WHERE "
			    "establishment_id = ? AND collection = ? AND academic_year = ?",
			    NULL, "iti" },
	[STMT_SUBM_SUBMIT] = { SUBM_SUBMIT(NOW_SQLITE), SUBM_SUBMIT(NOW_PG), "itit" },
	[STMT_SUBM_UNLOCK] = { SUBM_UNLOCK(NOW_SQLITE), SUBM_UNLOCK(NOW_PG), "ttiti" },

	/* ---- issue 7: LA collection ---- */
	/* File requests, their target schools, received files and their problems
	 * (store_collection.c). Times are bound by the caller (the app clock). */
#define FREQ_COLS                                                                          \
	"f.id, f.la_id, f.name, f.collection, f.file_kinds, f.academic_year, f.description, " \
	"f.deadline, f.state, f.all_schools, f.created_by, f.created_at"
#define RFILE_COLS                                                                         \
	"id, request_id, establishment_id, sender_user_id, sender, comment, original_name, "  \
	"size, sha256, kind, status, problem_count, received_at"
	[STMT_FREQ_INSERT] = { "INSERT INTO file_request (la_id, name, collection, file_kinds, "
			       "academic_year, description, deadline, all_schools, created_by, "
			       "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			       NULL, "itttitiiti" },
	[STMT_FREQ_GET] = { "SELECT " FREQ_COLS " FROM file_request f WHERE f.id = ?", NULL, "i" },
	[STMT_FREQ_UPDATE] = { "UPDATE file_request SET name = ?, collection = ?, file_kinds = ?, "
			       "academic_year = ?, description = ?, deadline = ?, all_schools = ? "
			       "WHERE id = ?",
			       NULL, "tttitiii" },
	[STMT_FREQ_STATE] = { "UPDATE file_request SET state = ? WHERE id = ?", NULL, "ti" },
	[STMT_FREQ_LIST_LA] = { "SELECT " FREQ_COLS " FROM file_request f WHERE f.la_id = ? "
				"ORDER BY f.deadline DESC, f.id DESC",
				NULL, "i" },
	[STMT_FREQ_LIST_SCHOOL] = { "SELECT " FREQ_COLS " FROM file_request f JOIN request_target "
				    "t ON t.request_id = f.id WHERE t.establishment_id = ? AND "
				    "(? = 0 OR f.state = 'open') ORDER BY f.deadline, f.id",
				    NULL, "ii" },
	[STMT_TARGET_CLEAR] = { "DELETE FROM request_target WHERE request_id = ?", NULL, "i" },
	[STMT_TARGET_ADD] = { "INSERT INTO request_target (request_id, establishment_id) "
			      "VALUES (?, ?)",
			      NULL, "ii" },
	[STMT_TARGET_LIST] = { "SELECT " EST_COLS EST_FROM " JOIN request_target t ON "
			       "t.establishment_id = e.id WHERE t.request_id = ? "
			       "ORDER BY e.name, e.id",
			       NULL, "i" },
	[STMT_TARGET_HAS] = { "SELECT count(*) FROM request_target WHERE request_id = ? AND "
			      "establishment_id = ?",
			      NULL, "ii" },
	[STMT_RFILE_INSERT] = { "INSERT INTO received_file (request_id, establishment_id, "
				"sender_user_id, sender, comment, original_name, size, sha256, kind, "
				"status, problem_count, content, received_at) VALUES (?, ?, ?, ?, "
				"?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				NULL, "iiitttittt" "ibi" },
	[STMT_RFILE_SUPERSEDE] = { "UPDATE received_file SET status = 'overwritten' WHERE "
				   "request_id = ? AND establishment_id = ? AND id <> ? AND status "
				   "IN ('successful', 'successful-with-queries') RETURNING id",
				   NULL, "iii" },
	[STMT_RFILE_LIST] = { "SELECT " RFILE_COLS " FROM received_file WHERE request_id = ? AND "
			      "(? = 0 OR establishment_id = ?) ORDER BY id DESC",
			      NULL, "iii" },
	[STMT_RFILE_GET] = { "SELECT " RFILE_COLS " FROM received_file WHERE id = ?", NULL, "i" },
	[STMT_RFILE_CONTENT] = { "SELECT content FROM received_file WHERE id = ?", NULL, "i" },
	[STMT_RPROB_INSERT] = { "INSERT INTO received_problem (file_id, location, severity, code, "
				"message) VALUES (?, ?, ?, ?, ?)",
				NULL, "itttt" },
	[STMT_RPROB_LIST] = { "SELECT location, severity, code, message FROM received_problem "
			      "WHERE file_id = ? ORDER BY id",
			      NULL, "i" },

	/* ---- issue 8b: progress meetings, discussion areas, home headline, news ---- */
	/* Discussion-area templates, progress meetings and their rows, LA news
	 * (store_meetings.c). */
#define DAREA_COLS "id, establishment_id, description, sort_order, start_date, end_date"
#define MEET_COLS                                                                  \
	"id, establishment_id, academic_year, class_no, teacher, held_on, "          \
	"COALESCE(assessment_id, 0), created_at"
#define NEWS_COLS "id, la_id, title, body, show_from, show_until, created_by, created_at"
	[STMT_DAREA_SEEDED] = { "SELECT count(*) FROM discussion_seeded WHERE establishment_id = ?",
				NULL, "i" },
	[STMT_DAREA_SEED_MARK] = { "INSERT INTO discussion_seeded (establishment_id) VALUES (?)",
				   NULL, "i" },
	[STMT_DAREA_SEED_COPY] = { "INSERT INTO discussion_area (establishment_id, description, "
				   "sort_order) SELECT ?, description, sort_order FROM "
				   "discussion_default ORDER BY sort_order",
				   NULL, "i" },
	[STMT_DAREA_DEFAULTS] = { "SELECT 0, 0, description, sort_order, '', '' FROM "
				  "discussion_default ORDER BY sort_order",
				  NULL, "" },
	[STMT_DAREA_INSERT] = { "INSERT INTO discussion_area (establishment_id, description, "
				"sort_order, start_date, end_date) VALUES (?, ?, ?, ?, ?) "
				"RETURNING id",
				NULL, "ititt" },
	[STMT_DAREA_GET] = { "SELECT " DAREA_COLS " FROM discussion_area WHERE id = ?", NULL, "i" },
	[STMT_DAREA_LIST] = { "SELECT " DAREA_COLS " FROM discussion_area WHERE establishment_id = ? "
			      "ORDER BY sort_order, id",
			      NULL, "i" },
	[STMT_DAREA_UPDATE] = { "UPDATE discussion_area SET description = ?, sort_order = ?, "
				"start_date = ?, end_date = ? WHERE id = ?",
				NULL, "titti" },
	[STMT_DAREA_DELETE] = { "DELETE FROM discussion_area WHERE id = ?", NULL, "i" },
	[STMT_MEET_INSERT] = { "INSERT INTO progress_meeting (establishment_id, academic_year, "
			       "class_no, teacher, held_on, assessment_id, created_at) VALUES "
			       "(?, ?, ?, ?, ?, ?, " NOW_SQLITE ") RETURNING id",
			       "INSERT INTO progress_meeting (establishment_id, academic_year, "
			       "class_no, teacher, held_on, assessment_id, created_at) VALUES "
			       "(?, ?, ?, ?, ?, ?, " NOW_PG ") RETURNING id",
			       "iiitti" },
	[STMT_MEET_GET] = { "SELECT " MEET_COLS " FROM progress_meeting WHERE id = ?", NULL, "i" },
	[STMT_MEET_LIST] = { "SELECT " MEET_COLS " FROM progress_meeting WHERE establishment_id = ? "
			     "AND (? = 0 OR academic_year = ?) ORDER BY held_on DESC, id DESC",
			     NULL, "iii" },
	[STMT_MEET_UPDATE] = { "UPDATE progress_meeting SET class_no = ?, teacher = ?, held_on = ?, "
			       "assessment_id = ? WHERE id = ?",
			       NULL, "ittii" },
	[STMT_MEET_DELETE] = { "DELETE FROM progress_meeting WHERE id = ?", NULL, "i" },
	[STMT_MROW_INSERT] = { "INSERT INTO meeting_row (meeting_id, section, position, pupil_id, "
			       "area, title, notes, steps) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			       NULL, "itiitttt" },
	[STMT_MROW_LIST] = { "SELECT section, position, COALESCE(pupil_id, 0), area, title, notes, "
			     "steps FROM meeting_row WHERE meeting_id = ? ORDER BY id",
			     NULL, "i" },
	[STMT_MROW_DELETE_ALL] = { "DELETE FROM meeting_row WHERE meeting_id = ?", NULL, "i" },
	[STMT_NEWS_INSERT] = { "INSERT INTO news_item (la_id, title, body, show_from, show_until, "
			       "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, " NOW_SQLITE ") "
			       "RETURNING id",
			       "INSERT INTO news_item (la_id, title, body, show_from, show_until, "
			       "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, " NOW_PG ") "
			       "RETURNING id",
			       "itttt" "t" },
	[STMT_NEWS_GET] = { "SELECT " NEWS_COLS " FROM news_item WHERE id = ?", NULL, "i" },
	[STMT_NEWS_LIST] = { "SELECT " NEWS_COLS " FROM news_item WHERE la_id = ? "
			     "ORDER BY show_from DESC, id DESC",
			     NULL, "i" },
	[STMT_NEWS_CURRENT] = { "SELECT " NEWS_COLS " FROM news_item WHERE la_id = ? AND "
				"show_from <= ? AND (show_until = '' OR show_until >= ?) "
				"ORDER BY show_from DESC, id DESC",
				NULL, "itt" },
	[STMT_NEWS_UPDATE] = { "UPDATE news_item SET title = ?, body = ?, show_from = ?, "
			       "show_until = ? WHERE id = ?",
			       NULL, "ttt" "ti" },
	[STMT_NEWS_DELETE] = { "DELETE FROM news_item WHERE id = ?", NULL, "i" },

	/* ---- issue 6b: CTF sequence numbers ---- */
	/* The last file number per school and destination (store_ctf_seq.c). */
#define CTF_SEQ_NEXT(now)                                                                  \
	"INSERT INTO ctf_sequence (establishment_id, destination, last_seq, updated_at) "  \
	"VALUES (?, ?, 1, " now ") ON CONFLICT (establishment_id, destination) DO UPDATE " \
	"SET last_seq = CASE WHEN ctf_sequence.last_seq >= 999 THEN 1 ELSE "               \
	"ctf_sequence.last_seq + 1 END, updated_at = excluded.updated_at RETURNING last_seq"
	[STMT_CTF_SEQ_GET] = { "SELECT last_seq FROM ctf_sequence WHERE establishment_id = ? AND "
			       "destination = ?",
			       NULL, "it" },
	[STMT_CTF_SEQ_NEXT] = { CTF_SEQ_NEXT(NOW_SQLITE), CTF_SEQ_NEXT(NOW_PG), "it" },

	/* ---- issue 3d: accounts: refused forms, audit of every change ---- */

	/* ---- issue 4c: pupils API ---- */

	/* ---- issue 5b: EYFS grid speed, XLSX check ---- */
	/* A school's list by name with no search or filter (store_pupil_search's
	 * most common page): only predicates a planner can estimate, so PostgreSQL
	 * reads pupil_establishment_name (011_perf) in order and stops at the page's
	 * end, where the general statement's "? IN (...)" terms make it expect a
	 * handful of rows and sort the school. Academic year, establishment, limit,
	 * offset. */
#define PUPIL_NAMES(order)                                                                 \
	{ "SELECT " PUPIL_P_COLS ", " PUPIL_YEAR_EXPR " AS yg FROM pupil p WHERE "          \
	  "p.establishment_id = ? AND p.archived = 0 ORDER BY " order " LIMIT ? OFFSET ?", \
	  NULL, "iiii" }
	[STMT_PUPIL_NAMES_ASC] = PUPIL_NAMES("lower(p.surname), lower(p.forenames), p.id"),
	[STMT_PUPIL_NAMES_DESC] =
		PUPIL_NAMES("lower(p.surname) DESC, lower(p.forenames) DESC, p.id DESC"),
	/* Only what a grid's statistics need (the answer to a cell write, 5c), read
	 * from the covering index judgement_grid (018_perf_grid). */
	[STMT_JUDGE_VALUES] = { "SELECT pupil_id, area, value FROM judgement "
				"WHERE assessment_id = ? ORDER BY pupil_id, area",
				NULL, "i" },

	/* ---- issue 6c: statutory: CTF preview, downloads, entry screens ---- */

	/* ---- issue 7b: collection: school upload side, results templates ---- */
	/* Recall and delete of a school's files (store_collection_upload.c). */
	[STMT_RPROB_DELETE_FILE] = { "DELETE FROM received_problem WHERE file_id = ?", NULL, "i" },
	[STMT_RFILE_DELETE_UNRECEIVED] = { "DELETE FROM received_file WHERE id = ? AND NOT EXISTS "
					   "(SELECT 1 FROM file_receipt r WHERE r.file_id = ?) "
					   "RETURNING id",
					   NULL, "ii" },
	[STMT_RECALLED_INSERT] = { "INSERT INTO recalled_file (file_id, request_id, "
				   "establishment_id, original_name, kind, status, sender, sent_at, "
				   "recalled_by, recalled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				   NULL, "iiittttiti" },
	[STMT_RECALLED_LIST] = { "SELECT id, file_id, request_id, establishment_id, original_name, "
				 "kind, status, sender, sent_at, recalled_by, recalled_at FROM "
				 "recalled_file WHERE request_id = ? AND establishment_id = ? "
				 "ORDER BY id DESC",
				 NULL, "ii" },
	/* issue 7e: the newest overwritten file of a school becomes the return
	 * again (its problems, if any, are queries: it had no errors). */
	[STMT_RFILE_RESTORE] = { "UPDATE received_file SET status = CASE WHEN problem_count > 0 "
				 "THEN 'successful-with-queries' ELSE 'successful' END WHERE id = "
				 "(SELECT MAX(o.id) FROM received_file o WHERE o.request_id = ? AND "
				 "o.establishment_id = ? AND o.status = 'overwritten') RETURNING id",
				 NULL, "ii" },

	/* ---- issue 7c: collection: LA receive, chase, reminders, targeting ---- */
	/* The LA side of the collection (store_collection_la.c): phases, reminder
	 * settings, receipts, reminders sent, the LA's own files, a request's history. */
	[STMT_EST_PHASE_SET] = { "UPDATE establishment SET phase = ? WHERE id = ?", NULL, "ti" },
	[STMT_EST_PHASE_GET] = { "SELECT phase FROM establishment WHERE id = ?", NULL, "i" },
	[STMT_EST_BY_PHASE] = { "SELECT id FROM establishment WHERE la_id = ? AND phase = ? "
				"ORDER BY id",
				NULL, "it" },
	[STMT_FREQ_REMIND_SET] = { "UPDATE file_request SET remind_days = ? WHERE id = ?", NULL,
				   "ii" },
	[STMT_FREQ_REMIND_GET] = { "SELECT remind_days FROM file_request WHERE id = ?", NULL, "i" },
	[STMT_FREQ_OPEN_BEFORE] = { "SELECT f.id, f.remind_days FROM file_request f WHERE "
				    "f.state = 'open' AND f.deadline > ? ORDER BY f.deadline, f.id",
				    NULL, "i" },
	[STMT_RECEIPT_INSERT] = { "INSERT INTO file_receipt (file_id, user_id, received_by, "
				  "received_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
				  NULL, "iiti" },
	[STMT_RECEIPT_LIST] = { "SELECT r.file_id, r.user_id, r.received_by, r.received_at FROM "
				"file_receipt r JOIN received_file f ON f.id = r.file_id WHERE "
				"f.request_id = ? AND (? = 0 OR f.establishment_id = ?) "
				"ORDER BY r.file_id",
				NULL, "iii" },
	[STMT_REMINDER_INSERT] = { "INSERT INTO request_reminder (request_id, establishment_id, "
				   "kind, recipients, sent_by, sent_at) VALUES (?, ?, ?, ?, ?, ?) "
				   "ON CONFLICT DO NOTHING",
				   NULL, "iititi" },
	[STMT_REMINDER_LIST] = { "SELECT request_id, establishment_id, kind, recipients, sent_by, "
				 "sent_at FROM request_reminder WHERE request_id = ? "
				 "ORDER BY id",
				 NULL, "i" },
	[STMT_ESTAB_ADMIN_MAILS] = { "SELECT email FROM app_user WHERE establishment_id = ? AND "
				     "role = 'school-admin' AND disabled = 0 AND email <> '' "
				     "ORDER BY id",
				     NULL, "i" },
#define LAFILE_COLS "id, la_id, COALESCE(request_id, 0), original_name, comment, size, " \
		    "sha256, sent_by, sent_at"
	[STMT_LAFILE_INSERT] = { "INSERT INTO la_file (la_id, request_id, original_name, comment, "
				 "size, sha256, content, sent_by, sent_at) VALUES (?, NULLIF(?, 0), "
				 "?, ?, ?, ?, ?, ?, ?) RETURNING id",
				 NULL, "iittitbti" },
	[STMT_LAFILE_TARGET_ADD] = { "INSERT INTO la_file_target (file_id, establishment_id) "
				     "VALUES (?, ?) ON CONFLICT DO NOTHING",
				     NULL, "ii" },
	[STMT_LAFILE_LIST_LA] = { "SELECT " LAFILE_COLS " FROM la_file WHERE la_id = ? AND "
				  "(? = 0 OR request_id = ?) ORDER BY id DESC",
				  NULL, "iii" },
	[STMT_LAFILE_LIST_SCHOOL] = { "SELECT " LAFILE_COLS " FROM la_file WHERE id IN (SELECT "
				      "file_id FROM la_file_target WHERE establishment_id = ?) "
				      "ORDER BY id DESC",
				      NULL, "i" },
	[STMT_LAFILE_GET] = { "SELECT " LAFILE_COLS " FROM la_file WHERE id = ?", NULL, "i" },
	[STMT_LAFILE_CONTENT] = { "SELECT content FROM la_file WHERE id = ?", NULL, "i" },
	[STMT_LAFILE_TARGETS] = { "SELECT count(*) FROM la_file_target WHERE file_id = ?", NULL,
				  "i" },
	[STMT_LAFILE_IS_TARGET] = { "SELECT count(*) FROM la_file_target WHERE file_id = ? AND "
				    "establishment_id = ?",
				    NULL, "ii" },
	/* Everything that happened to a request and its files, oldest first (objects
	 * as store_collection.c and store_collection_la.c write them), with the
	 * unlocks of its collection and year at its target schools. */
	[STMT_REQUEST_HISTORY] = { "SELECT " AUDIT_COLS " FROM audit WHERE object = ? OR object IN "
				   "(SELECT 'received file ' || id FROM received_file WHERE "
				   "request_id = ?) OR object IN (SELECT 'la file ' || id FROM la_file "
				   "WHERE request_id = ?) OR (action = 'statutory.unlock' AND "
				   "object = ? AND establishment_id IN (SELECT establishment_id FROM "
				   "request_target WHERE request_id = ?)) ORDER BY id LIMIT ?",
				   NULL, "tiitii" },

	/* ---- issue 7d: collection: API, MAT bulk upload ---- */
	[STMT_TUPLOAD_INSERT] = { "INSERT INTO trust_upload (file_id, trust_id, uploaded_at) "
				  "VALUES (?, ?, ?)",
				  NULL, "iii" },
	[STMT_TUPLOAD_GET] = { "SELECT trust_id FROM trust_upload WHERE file_id = ?", NULL, "i" },
	[STMT_TUPLOAD_LIST] = { "SELECT f.id, f.request_id, f.establishment_id, f.original_name, "
				"f.status, f.problem_count, f.received_at, f.sender, r.name FROM "
				"trust_upload u JOIN received_file f ON f.id = u.file_id JOIN "
				"file_request r ON r.id = f.request_id WHERE u.trust_id = ? "
				"ORDER BY f.id DESC LIMIT 500",
				NULL, "i" },

	/* ---- issue 8c: reports: LA and trust tables, KS2, headline ---- */
#define REPORT_RESULTS_SQL(scope)                                                            \
	"SELECT r.establishment_id, r.pupil_id, r.academic_year, r.component, r.qualifier, " \
	"r.result, p.dob, p.year_override, p.gender, p.disadvantaged, p.sen, p.eal, "     \
	"p.ethnicity FROM establishment e "                                                 \
	"JOIN statutory_result r ON r.establishment_id = e.id AND r.collection = ? "          \
	"AND r.academic_year BETWEEN ? AND ? JOIN pupil p ON p.id = r.pupil_id "              \
	"WHERE e." scope " = ? ORDER BY e.id"
	[STMT_REPORT_RESULTS_LA] = { REPORT_RESULTS_SQL("la_id"), NULL, "tiii" },
	[STMT_REPORT_RESULTS_TRUST] = { REPORT_RESULTS_SQL("trust_id"), NULL, "tiii" },
#undef REPORT_RESULTS_SQL
#define REPORT_PACK_SQL(scope)                                                               \
	"SELECT k.establishment_id, k.results FROM establishment e "                         \
	"JOIN eyfsp_pack k ON k.establishment_id = e.id AND k.academic_year = ? "             \
	"WHERE e." scope " = ?"
	[STMT_REPORT_PACK_LA] = { REPORT_PACK_SQL("la_id"), NULL, "ii" },
	[STMT_REPORT_PACK_TRUST] = { REPORT_PACK_SQL("trust_id"), NULL, "ii" },
#undef REPORT_PACK_SQL
	/* bench seeding (store_report_seed_school): n pupils numbered from a serial,
	 * 17 judgements and 17 EYFS profile results each, generated in the database. */
#define SEED_N "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?) "
#define SEED_E                                                                                \
	"WITH RECURSIVE e(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM e WHERE k < 17) "
	[STMT_REPORT_SEED_PUPILS] = { "INSERT INTO pupil (establishment_id, upn, surname, forenames, "
				      "dob, gender, class_no, year_override, include_in_data) " SEED_N
				      "SELECT ?, 'Z' || substr(CAST(1000000000000 + ? + i AS TEXT), 2), "
				      "'Pupil' || CAST(i AS TEXT), 'Bench', ?, "
				      "CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END, 1 + i % 3, -99, 1 "
				      "FROM n",
				      NULL, "iiit" },
	[STMT_REPORT_SEED_JUDGEMENTS] = { "INSERT INTO judgement (assessment_id, pupil_id, area, "
					  "value, updated_at, updated_by) " SEED_E
					  "SELECT ?, p.id, 'E' || substr(CAST(100 + e.k AS TEXT), 2), "
					  "CASE WHEN p.id % 10 < 7 OR (p.id + e.k) % 3 = 0 THEN 2 "
					  "ELSE 1 END, 0, 'bench' FROM pupil p CROSS JOIN e "
					  "WHERE p.establishment_id = ?",
					  NULL, "ii" },
	[STMT_REPORT_SEED_RESULTS] = { "INSERT INTO statutory_result (establishment_id, pupil_id, "
				       "collection, academic_year, component, qualifier, result, "
				       "updated_at, updated_by) " SEED_E
				       "SELECT p.establishment_id, p.id, 'eyfsp', ?, "
				       "'E' || substr(CAST(100 + e.k AS TEXT), 2), 'EL', "
				       "CASE WHEN p.id % 50 = 0 THEN 'A' WHEN p.id % 10 < 7 OR "
				       "(p.id + e.k) % 3 = 0 THEN '2' ELSE '1' END, 0, 'bench' "
				       "FROM pupil p CROSS JOIN e WHERE p.establishment_id = ?",
				       NULL, "ii" },
	/* bench seeding on PostgreSQL: the per-row eyfsp_pack trigger off inside the
	 * seeding transaction (the table stays locked until it commits, so nothing
	 * else ever writes without it), then the school's packed rows in one
	 * statement, by the trigger's rules; SQLite keeps its triggers (no-ops). */
	[STMT_REPORT_SEED_PACK_OFF] = { "SELECT 1 WHERE 0 = 1",
					"ALTER TABLE statutory_result DISABLE TRIGGER eyfsp_pack_sync",
					"" },
	[STMT_REPORT_SEED_PACK_ON] = { "SELECT 1 WHERE 0 = 1",
				       "ALTER TABLE statutory_result ENABLE TRIGGER eyfsp_pack_sync",
				       "" },
#define PACK_K(k)                                                                             \
	"COALESCE(MAX(CASE WHEN r.component = 'E" k "' THEN CASE WHEN length(r.result) = 1 "  \
	"THEN r.result ELSE '?' END END), '.')"
	[STMT_REPORT_SEED_PACK_FILL] = {
		"INSERT INTO eyfsp_pack (pupil_id, academic_year, establishment_id, results) "
		"SELECT r.pupil_id, r.academic_year, r.establishment_id, " PACK_K("01") " || "
		PACK_K("02") " || " PACK_K("03") " || " PACK_K("04") " || " PACK_K("05") " || "
		PACK_K("06") " || " PACK_K("07") " || " PACK_K("08") " || " PACK_K("09") " || "
		PACK_K("10") " || " PACK_K("11") " || " PACK_K("12") " || " PACK_K("13") " || "
		PACK_K("14") " || " PACK_K("15") " || " PACK_K("16") " || " PACK_K("17")
		" FROM statutory_result r WHERE r.establishment_id = ? AND r.collection = 'eyfsp' "
		"AND r.qualifier = 'EL' AND r.academic_year = ? "
		"GROUP BY r.pupil_id, r.academic_year, r.establishment_id",
		NULL, "ii" },
	/* ---- issue 6f: batched CTF import ---- */

	/* ---- issue 5d: cheap cell saves ---- */

	/* ---- issue 5e: fast grid page ---- */

	/* ---- issue 4d: fast pupil list, search and CSV import ---- */

#undef PACK_K
#undef SEED_N
#undef SEED_E

};
_Static_assert(ARRAY_SIZE(stmts) == STMT__MAX, "stmts covers enum stmt_id");

const struct stmt_def *stmt_def_of(enum stmt_id id)
{
	if ((unsigned)id >= STMT__MAX || !stmts[id].sql)
		BUG("unknown statement");
	return &stmts[id];
}
