/*
 * stmt: every SQL statement of the store, in one table (see stmt.h) kept in two
 * halves: this file, and stmt_collect.c for the LA collection, meetings and
 * reports. Adding a statement means adding an enum member and one entry in the
 * half of its area; the column lists that several statements share are macros
 * (stmt_sql.h) so they are written once.
 */
#include "store/stmt.h"

#include "base/xalloc.h"
#include "store/stmt_sql.h"

extern const struct stmt_def stmts_collect[STMT__MAX];

/* STMT_SESSION_USER_EST_GET in the dialect whose string aggregate is agg and
 * whose character function is chr: the names come as one text, "list<US>number
 * <US>name" entries joined by <RS> (list 0 classes, 1 custom filters), the
 * two separators being control characters no stored name holds. */
#define SESSION_USER_EST(agg, chr)                                                           \
	"SELECT " USER_COLS ", s.sid, s.shash, s.suser, s.scsrf, s.screated, s.sseen, "      \
	"s.sended, s.sreason, est.eid, est.ela, est.ecode, est.eestab, est.eurn, "           \
	"est.ename, est.etrust, (SELECT " agg "(nl || " chr "(31) || nk || " chr "(31) || "  \
	"nn, " chr "(30)) FROM (SELECT 0 AS nl, class_no AS nk, name AS nn FROM "            \
	"class_name WHERE establishment_id = est.eid UNION ALL SELECT 1, n, name FROM "      \
	"custom_filter_name WHERE establishment_id = est.eid) nm), (SELECT query FROM "      \
	"pupil_selection WHERE user_id = s.suser AND establishment_id = est.eid), "          \
	"COALESCE((SELECT version FROM pupil_version WHERE establishment_id = est.eid), 0) " \
	"FROM app_user JOIN (SELECT id AS sid, hash AS shash, user_id AS suser, csrf AS "    \
	"scsrf, created_at AS screated, last_seen AS sseen, ended_at AS sended, "            \
	"end_reason AS sreason FROM session WHERE hash = ?) s ON s.suser = app_user.id "     \
	"LEFT JOIN (SELECT e.id AS eid, e.la_id AS ela, l.code AS ecode, e.estab AS "        \
	"eestab, e.urn AS eurn, e.name AS ename, COALESCE(e.trust_id, 0) AS etrust" EST_FROM \
	" WHERE l.code = ? AND e.estab = ?) est ON 1 = 1"

/* The SQL is laid out by hand, one statement per entry. */
/* clang-format off */
static const struct stmt_def stmts[STMT__MAX] = {
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
	/* store_settle: what the database does by itself over time after a bulk
	 * load. SQLite does nothing by itself (pupiltrack never runs ANALYZE
	 * there); PostgreSQL's autovacuum vacuums (the visibility map that lets a
	 * covering index be read alone) and analyzes. */
	[STMT_SETTLE] = { "SELECT 1", "VACUUM ANALYZE", "" },
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
	/* A session and its owner in one round trip (every signed-in request):
	 * the owner's columns first, as STMT_USER_GET, then the session's. */
	[STMT_SESSION_USER_GET] = { "SELECT " USER_COLS ", s.sid, s.shash, s.suser, s.scsrf, "
				    "s.screated, s.sseen, s.sended, s.sreason FROM app_user "
				    "JOIN (SELECT id AS sid, hash AS shash, user_id AS suser, "
				    "csrf AS scsrf, created_at AS screated, last_seen AS sseen, "
				    "ended_at AS sended, end_reason AS sreason FROM session "
				    "WHERE hash = ?) s ON s.suser = app_user.id",
				    NULL, "b" },
	/* The same and the school a page is about (by LAESTAB: LA code, estab),
	 * whose columns (EST_COLS) follow the session's, NULL when there is none,
	 * then the school's class and custom filter names (SESSION_NAMES), the
	 * user's saved pupil selection there and the version of the school's
	 * pupils (025_pupil_version): the look-up of every signed-in school page
	 * in one round trip. */
	[STMT_SESSION_USER_EST_GET] = { SESSION_USER_EST("group_concat", "char"),
					SESSION_USER_EST("string_agg", "chr"), "bii" },
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
	/* archived_at: set when the pupil is archived, cleared when restored
	 * ("archived" on the right of SET is the value before the update). */
#define PUPIL_UPDATE(now)                                                                       \
	"UPDATE pupil SET establishment_id = ?, upn = ?, surname = ?, "                         \
	"forenames = ?, dob = ?, gender = ?, postcode = ?, ethnicity = ?, "                     \
	"sen = ?, sen_notes = ?, class_no = ?, year_override = ?, "                             \
	"disadvantaged = ?, eal = ?, pupil_premium = ?, fsm = ?, "                              \
	"custom1 = ?, custom2 = ?, custom3 = ?, custom4 = ?, custom5 = ?, "                     \
	"custom6 = ?, include_in_data = ?, archived = ?, archived_at = CASE WHEN ? = 0 THEN 0 " \
	"WHEN archived = 0 THEN " now " ELSE archived_at END, "                                 \
	"version = version + 1 WHERE id = ? AND version = ? RETURNING version"
	[STMT_PUPIL_UPDATE] = { PUPIL_UPDATE(NOW_SQLITE), PUPIL_UPDATE(NOW_PG),
				PUPIL_PARAMS "iii" },
	[STMT_PUPIL_LIST] = { "SELECT " PUPIL_COLS " FROM pupil WHERE establishment_id = ? AND "
			      "(? IS NULL OR substr(lower(surname), 1, length(?)) = ?) AND "
			      "(? IS NULL OR substr(upn, 1, length(?)) = ?) AND "
			      "(? = 0 OR class_no = ?) AND (? <> 0 OR archived = 0) "
			      "ORDER BY lower(surname), lower(forenames), id LIMIT ? OFFSET ?",
			      NULL, "ittttttiiiii" },
	/* The pupils on roll, kept by 024_pupil_roll's triggers. */
	[STMT_PUPIL_COUNT] = { "SELECT COALESCE((SELECT on_roll FROM pupil_roll WHERE "
			       "establishment_id = ?), 0)",
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
	/* Audit rows of one actor at one establishment (store_audit_batch_flush), in
	 * the array's order, the la_id as AUDIT_INSERT takes it from the establishment.
	 * Each element is an array: action, object, field, old value, new value
	 * (cheaper to parse and read than objects on both backends). */
#define AUDIT_MANY(now, from, order)                                                            \
	"INSERT INTO audit (at, user_id, actor, ip, establishment_id, la_id, action, object, "  \
	"field, old_value, new_value) SELECT " now ", ?, ?, ?, ?, COALESCE((SELECT la_id FROM " \
	"establishment WHERE id = ?), 0), j.value ->> 0, j.value ->> 1, j.value ->> 2, "        \
	"j.value ->> 3, j.value ->> 4 FROM " from " ORDER BY " order
	[STMT_AUDIT_MANY] = {
		AUDIT_MANY(NOW_SQLITE, "json_each(?) j", "j.key"),
		AUDIT_MANY(NOW_PG, "jsonb_array_elements(CAST(? AS jsonb)) WITH ORDINALITY "
				   "AS j(value, ord)",
			   "j.ord"),
		"ittiit" },
#undef AUDIT_MANY

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
	/* The profile's names in one round trip: class names (list 0), then the
	 * custom filters' names (list 1). */
	[STMT_ESTAB_NAMES] = { "SELECT 0, class_no, name FROM class_name WHERE "
			       "establishment_id = ? UNION ALL "
			       "SELECT 1, n, name FROM custom_filter_name WHERE establishment_id = ?",
			       NULL, "ii" },
	[STMT_CLASS_NAME_PUT] = { "INSERT INTO class_name (establishment_id, class_no, name) "
				  "VALUES (?, ?, ?) ON CONFLICT (establishment_id, class_no) "
				  "DO UPDATE SET name = excluded.name",
				  NULL, "iit" },
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
/* The last column is the version of its cells and notes (026_judgement_version). */
#define ASSESS_COLS                                                                       \
	"id, establishment_id, academic_year, name, assessed_on, year_groups, kind, "     \
	"completion_date, created_at, version, COALESCE((SELECT v.version FROM "          \
	"judgement_version v WHERE v.assessment_id = assessment.id), 0)"
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
	[STMT_STAT_GET] = { "SELECT result, updated_at, updated_by, establishment_id FROM "
			    "statutory_result WHERE " STAT_KEY,
			    NULL, "ititt" },
	[STMT_STAT_INSERT] = { STAT_INSERT(NOW_SQLITE), STAT_INSERT(NOW_PG), "iititttt" },
	[STMT_STAT_UPDATE] = { STAT_UPDATE(NOW_SQLITE), STAT_UPDATE(NOW_PG), "ttititt" },
	[STMT_STAT_DELETE] = { "DELETE FROM statutory_result WHERE " STAT_KEY, NULL, "ititt" },
	[STMT_STAT_LIST] = { "SELECT pupil_id, component, qualifier, result, updated_at, "
			     "updated_by FROM statutory_result WHERE establishment_id = ? AND "
			     "collection = ? AND academic_year = ? "
			     "ORDER BY pupil_id, component, qualifier",
			     NULL, "iti" },
	/* Who left a school (archived there, or moved to another school) but has
	 * results the school holds for a collection and year: they stay in its return. */
	[STMT_STAT_HELD] = { "SELECT count(*) FROM statutory_result WHERE establishment_id = ? "
			     "AND pupil_id = ? AND collection = ? AND academic_year = ?",
			     NULL, "iiti" },
	/* Which results of a collection and year (not their values) other schools'
	 * returns hold for a list of pupils (one bound JSON array of ids): a pupil
	 * split between two returns (EYFSP_SPLIT). */
#define STAT_ELSEWHERE(ids)                                                               \
	"SELECT pupil_id, component, qualifier, establishment_id FROM "                    \
	"statutory_result WHERE establishment_id <> ? AND collection = ? AND "             \
	"academic_year = ? AND pupil_id IN (" ids ") "                                    \
	"ORDER BY pupil_id, establishment_id, component, qualifier"
	[STMT_STAT_ELSEWHERE] = { STAT_ELSEWHERE("SELECT j.value FROM json_each(?) j"),
				  STAT_ELSEWHERE("SELECT CAST(jsonb_array_elements_text(CAST(? "
						 "AS jsonb)) AS bigint)"),
				  "itit" },
	[STMT_STAT_LEAVERS] = { "SELECT " PUPIL_COLS " FROM pupil WHERE id IN (SELECT "
				"pupil_id FROM statutory_result WHERE establishment_id = ? AND "
				"collection = ? AND academic_year = ?) AND (archived <> 0 OR "
				"establishment_id <> ?) "
				"ORDER BY lower(surname), lower(forenames), id",
				NULL, "itii" },
	/* Who was archived here during an academic year (from, to: unix seconds)
	 * and has no result of the collection in any school's return (one that
	 * holds some is where the pupil's results are): the entry lists offer them. */
	[STMT_STAT_LEFT_NO_RESULT] = { "SELECT " PUPIL_COLS " FROM pupil WHERE "
				       "establishment_id = ? AND archived <> 0 AND "
				       "archived_at >= ? AND archived_at < ? AND id NOT IN ("
				       "SELECT pupil_id FROM statutory_result WHERE "
				       "collection = ? AND academic_year = ?) "
				       "ORDER BY lower(surname), lower(forenames), id",
				       NULL, "iiiti" },
#define SUBM_COLS                                                                 \
	"submitted, submitted_by, submitted_at, unlocked_by, unlocked_at, unlock_reason"
	[STMT_SUBM_GET] = { "SELECT " SUBM_COLS " FROM statutory_submission WHERE "
			    "establishment_id = ? AND collection = ? AND academic_year = ?",
			    NULL, "iti" },
	/* The submission state read by a writer that must not write into a submitted
	 * collection (a CTF import): on PostgreSQL the row is locked, created
	 * unsubmitted (as never submitted reads) when there is none, until the
	 * transaction ends, so a submit or unlock waits for the writer's commit; on
	 * SQLite, whose write transaction is exclusive, a plain read. */
	[STMT_SUBM_ENSURE] = { "INSERT INTO statutory_submission (establishment_id, collection, "
			       "academic_year) VALUES (?, ?, CAST(? AS INTEGER)) ON CONFLICT "
			       "(establishment_id, collection, academic_year) DO NOTHING",
			       NULL, "iti" },
	[STMT_SUBM_HOLD] = { "SELECT " SUBM_COLS " FROM statutory_submission WHERE "
			     "establishment_id = ? AND collection = ? AND academic_year = ?",
			     "SELECT " SUBM_COLS " FROM statutory_submission WHERE "
			     "establishment_id = ? AND collection = ? AND academic_year = ? "
			     "FOR UPDATE",
			     "iti" },
	[STMT_SUBM_SUBMIT] = { SUBM_SUBMIT(NOW_SQLITE), SUBM_SUBMIT(NOW_PG), "itit" },
	[STMT_SUBM_UNLOCK] = { SUBM_UNLOCK(NOW_SQLITE), SUBM_UNLOCK(NOW_PG), "ttiti" },

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
	/* every written cell's value, from the pupils' packed rows (023_judgement_pack) */
	[STMT_JUDGE_VALUES] = { "SELECT pupil_id, cells FROM judgement_pack "
				"WHERE assessment_id = ? ORDER BY pupil_id",
				NULL, "i" },

	/* ---- issue 6c: statutory: CTF preview, downloads, entry screens ---- */

	/* ---- issue 6f: batched CTF import ---- */
	/* A batch of an import as one bound JSON array (store_stat_import.c): SQLite
	 * reads it with json_each (CROSS JOIN: the batch is the outer loop, each row
	 * an index look-up), PostgreSQL with jsonb_to_recordset. Keys: i the
	 * row's index in the batch, p pupil id, u UPN, s surname, f forenames, d date
	 * of birth, g gender, e ethnicity, c collection, k component, q qualifier,
	 * r result, a area, v value; audit rows a action, o object, f field, w old
	 * value, n new value. */
#define IMP_J(k) "j.value ->> '" k "'"
	/* The import and other writers on PostgreSQL (READ COMMITTED, a process per
	 * connection): IMP_RESULT_READ and IMP_CELL_READ lock the rows they find (FOR
	 * UPDATE) until the import's transaction ends, so the old values it decides
	 * on and audits stay true and no other writer changes them meanwhile. A row
	 * not there when read cannot be locked: the upserts return, per row written,
	 * whether they inserted it (xmax = 0 on PostgreSQL: IMP_INS_PG), and the
	 * store refuses the batch when a row it expected to add was there by then
	 * (store_stat_import.c). SQLite's write transaction is exclusive (BEGIN
	 * IMMEDIATE): nothing interleaves, the reads take no lock and the upserts
	 * return -1 (not known, not needed). */
#define IMP_INS_SQLITE "-1"
#define IMP_INS_PG(t) "CASE WHEN " t ".xmax = 0 THEN 1 ELSE 0 END"
	[STMT_IMP_PUPIL_FIND] = {
		"SELECT CAST(j.key AS INTEGER), p.id, p.establishment_id, p.dob, p.year_override, "
		"p.archived, p.surname, p.forenames, p.gender, p.ethnicity, p.postcode "
		"FROM json_each(?) j CROSS JOIN pupil p ON p.upn = j.value",
		"SELECT CAST(j.ord - 1 AS BIGINT), p.id, p.establishment_id, p.dob, "
		"p.year_override, p.archived, p.surname, p.forenames, p.gender, p.ethnicity, "
		"p.postcode FROM jsonb_array_elements_text(CAST(? AS jsonb)) "
		"WITH ORDINALITY AS j(upn, ord) JOIN pupil p ON p.upn = j.upn",
		"t" },
	[STMT_IMP_PUPIL_ADD] = {
		"INSERT INTO pupil (establishment_id, upn, surname, forenames, dob, gender, "
		"ethnicity, postcode, sen, year_override, include_in_data) SELECT ?, " IMP_J("u")
		", " IMP_J("s") ", " IMP_J("f") ", " IMP_J("d") ", " IMP_J("g") ", " IMP_J("e")
		", " IMP_J("c") ", "
		"?, ?, ? FROM json_each(?) j WHERE true RETURNING id, upn, version",
		"INSERT INTO pupil (establishment_id, upn, surname, forenames, dob, gender, "
		"ethnicity, postcode, sen, year_override, include_in_data) SELECT ?, x.u, x.s, "
		"x.f, x.d, x.g, x.e, x.c, ?, CAST(? AS INTEGER), CAST(? AS INTEGER) FROM "
		"jsonb_to_recordset(CAST(? AS jsonb)) AS x(u text, s text, f text, d text, g text, "
		"e text, c text) "
		"RETURNING id, upn, version",
		"itiit" },
	[STMT_IMP_RESULT_READ] = {
		"SELECT " IMP_J("i") ", s.result, s.establishment_id FROM json_each(?) j CROSS JOIN "
		"statutory_result s ON "
		"s.pupil_id = " IMP_J("p") " AND s.collection = " IMP_J("c") " AND "
		"s.academic_year = ? AND s.component = " IMP_J("k") " AND s.qualifier = "
		IMP_J("q"),
		"SELECT x.i, s.result, s.establishment_id FROM jsonb_to_recordset(CAST(? AS jsonb)) "
		"AS x(i bigint, "
		"p bigint, c text, k text, q text) JOIN statutory_result s ON s.pupil_id = x.p "
		"AND s.collection = x.c AND s.academic_year = CAST(? AS INTEGER) AND "
		"s.component = x.k AND s.qualifier = x.q FOR UPDATE OF s",
		"ti" },
#define IMP_RESULT_PUT(now, from, p, c, k, q, r, ins)                                         \
	"INSERT INTO statutory_result (establishment_id, pupil_id, collection, academic_year, " \
	"component, qualifier, result, updated_at, updated_by) SELECT ?, " p ", " c ", ?, " k    \
	", " q ", " r ", " now ", ? FROM " from " WHERE true ON CONFLICT (pupil_id, "           \
	"collection, academic_year, component, qualifier) DO UPDATE SET result = "              \
	"excluded.result, updated_at = excluded.updated_at, updated_by = excluded.updated_by "   \
	"WHERE statutory_result.result <> excluded.result AND "                                  \
	"statutory_result.establishment_id = excluded.establishment_id RETURNING " ins
	[STMT_IMP_RESULT_PUT] = {
		IMP_RESULT_PUT(NOW_SQLITE, "json_each(?) j", IMP_J("p"), IMP_J("c"), IMP_J("k"),
			       IMP_J("q"), IMP_J("r"), IMP_INS_SQLITE),
		IMP_RESULT_PUT(NOW_PG, "jsonb_to_recordset(CAST(? AS jsonb)) AS x(p bigint, "
				       "c text, k text, q text, r text)",
			       "x.p", "x.c", "x.k", "x.q", "x.r", IMP_INS_PG("statutory_result")),
		"iitt" },
	[STMT_IMP_CELL_READ] = {
		"SELECT " IMP_J("i") ", g.value FROM json_each(?) j CROSS JOIN judgement g ON "
		"g.assessment_id = ? AND g.pupil_id = " IMP_J("p") " AND g.area = " IMP_J("a"),
		"SELECT x.i, g.value FROM jsonb_to_recordset(CAST(? AS jsonb)) AS x(i bigint, "
		"p bigint, a text) JOIN judgement g ON g.assessment_id = ? AND g.pupil_id = x.p "
		"AND g.area = x.a FOR UPDATE OF g",
		"ti" },
#define IMP_CELL_PUT(now, from, p, a, v, ins)                                                 \
	"INSERT INTO judgement (assessment_id, pupil_id, area, value, updated_at, updated_by) " \
	"SELECT ?, " p ", " a ", " v ", " now ", ? FROM " from " WHERE true ON CONFLICT "       \
	"(assessment_id, pupil_id, area) DO UPDATE SET value = excluded.value, version = "      \
	"judgement.version + 1, updated_at = excluded.updated_at, updated_by = "               \
	"excluded.updated_by WHERE judgement.value <> excluded.value RETURNING " ins
	[STMT_IMP_CELL_PUT] = {
		IMP_CELL_PUT(NOW_SQLITE, "json_each(?) j", IMP_J("p"), IMP_J("a"), IMP_J("v"),
			     IMP_INS_SQLITE),
		IMP_CELL_PUT(NOW_PG, "jsonb_to_recordset(CAST(? AS jsonb)) AS x(p bigint, a text, "
				     "v integer)",
			     "x.p", "x.a", "x.v", IMP_INS_PG("judgement")),
		"itt" },
#undef IMP_J
#undef IMP_INS_SQLITE
#undef IMP_INS_PG
#undef IMP_RESULT_PUT
#undef IMP_CELL_PUT

	/* ---- issue 5d: cheap cell saves ---- */
	/* The pupils a grid covers (store_pupil_list_covered), whole, in the list's
	 * order: its school's pupils on roll whose year group is one of up to
	 * three, by override or (without one) by date of birth, as
	 * PUPIL_SEARCH_WHERE does (cheaper than working the year out per pupil); the
	 * rest of the school's pupils are not read. Placeholders: establishment,
	 * three year groups, three date-of-birth ranges (an unused slot: -1000 and
	 * an empty range). */
#define JW_COVERED                                                                           \
	" WHERE p.establishment_id = ? AND p.archived = 0 AND (p.year_override IN (?, ?, ?) " \
	"OR (p.year_override = -99 AND (p.dob BETWEEN ? AND ? OR p.dob BETWEEN ? AND ? OR "   \
	"p.dob BETWEEN ? AND ?)))"
#define JW_COVERED_TYPES "iiii" "tttttt"
	[STMT_PUPIL_LIST_COVERED] = { "SELECT " PUPIL_COLS " FROM pupil p" JW_COVERED
				      " ORDER BY lower(p.surname), lower(p.forenames), p.id",
				      NULL, JW_COVERED_TYPES },
#undef JW_COVERED
#undef JW_COVERED_TYPES

	/* ---- issue 5e: fast grid page ---- */
	/* What a grid shows of its cells (store_judgement_grid), from the covering
	 * index judgement_grid (018_perf_grid): JUDGE_COLS but updated_at. */
	[STMT_JUDGE_GRID] = { "SELECT pupil_id, area, value, colour, note, version, updated_by "
			      "FROM judgement WHERE assessment_id = ? ORDER BY pupil_id, area",
			      NULL, "i" },
	/* The grid screen's cells (which shows no writers) in one round trip: first
	 * one row per pupil from judgement_pack (023_judgement_pack: kind 0, the
	 * packed cells third), then the few cells with a colour or a note from the
	 * partial index judgement_extra (kind 1, a cell as STMT_JUDGE_GRID shifted
	 * one column on). Assessment twice. */
	[STMT_JUDGE_GRID_SCREEN] = { "SELECT 0, pupil_id, cells, 0, '', '', 0 FROM judgement_pack "
				     "WHERE assessment_id = ? UNION ALL "
				     "SELECT 1, pupil_id, area, value, colour, note, version "
				     "FROM judgement WHERE assessment_id = ? "
				     "AND (colour <> '' OR note <> '') UNION ALL "
				     "SELECT 2, pupil_id, '', 0, '', note, version "
				     "FROM assessment_note WHERE assessment_id = ? ORDER BY 1, 2, 3",
				     NULL, "iii" },

	/* ---- issue 4d: fast pupil list, search and CSV import ---- */
	/* The pupil list's columns only (store_pupil_search_brief): every one is in
	 * the index pupil_list (019_perf_pupil_list), so SQLite reads a page from the
	 * index alone. The school's plain list by name also gives the school's
	 * total in the same statement: one row of pupil_roll, kept by the triggers
	 * of 024_pupil_roll (counting read the school's index entries, 2,000 for a
	 * big school, on every page). Establishment twice, limit, offset. */
#define PUPIL_BRIEF_COLS                                                                  \
	"p.id, p.establishment_id, p.upn, p.surname, p.forenames, p.dob, p.gender, "      \
	"p.class_no, p.year_override, p.archived"
#define PUPIL_BRIEF_NAMES(order)                                                          \
	{ "SELECT " PUPIL_BRIEF_COLS ", (SELECT r.on_roll FROM pupil_roll r WHERE "       \
	  "r.establishment_id = ?) FROM pupil p WHERE "                                   \
	  "p.establishment_id = ? AND p.archived = 0 ORDER BY " order " LIMIT ? OFFSET ?", \
	  NULL, "iiii" }
	[STMT_PUPIL_BRIEF_NAMES_ASC] =
		PUPIL_BRIEF_NAMES("lower(p.surname), lower(p.forenames), p.id"),
	[STMT_PUPIL_BRIEF_NAMES_DESC] =
		PUPIL_BRIEF_NAMES("lower(p.surname) DESC, lower(p.forenames) DESC, p.id DESC"),
	/* A search without the characteristics filter: PUPIL_SEARCH_WHERE's terms
	 * but the filter's, plus a range of lower(surname) (the folded prefix, and
	 * the first text after every name with that prefix) that both planners turn
	 * into a range of the index pupil_list instead of reading the whole school.
	 * Academic year; establishment, range (2), surname prefix (2), UPN prefix
	 * (2), class, archived, year group (4); limit, offset. */
#define PUPIL_BRIEF_WHERE                                                                   \
	" FROM pupil p WHERE p.establishment_id = ? AND lower(p.surname) >= ? AND "         \
	"lower(p.surname) < ? AND substr(lower(p.surname), 1, length(?)) = ? AND "          \
	"substr(p.upn, 1, length(?)) = ? AND ? IN (0, p.class_no) AND "                     \
	"(? <> 0 OR p.archived = 0) AND (? = -99 OR p.year_override = ? OR "                \
	"(p.year_override = -99 AND p.dob BETWEEN ? AND ?))"
#define PUPIL_BRIEF_TYPES "itttttt" "ii" "iitt"
#define PUPIL_BRIEF_SEARCH(order)                                                             \
	{ "SELECT " PUPIL_BRIEF_COLS ", " PUPIL_YEAR_EXPR " AS yg" PUPIL_BRIEF_WHERE " ORDER BY " \
	  order " LIMIT ? OFFSET ?",                                                          \
	  NULL, "i" PUPIL_BRIEF_TYPES "ii" }
#define PUPIL_BRIEF_TIES ", lower(p.surname), lower(p.forenames), p.id"
	[STMT_PUPIL_BRIEF_FIRST + 0] =
		PUPIL_BRIEF_SEARCH("lower(p.surname), lower(p.forenames), p.id"),
	[STMT_PUPIL_BRIEF_FIRST + 1] =
		PUPIL_BRIEF_SEARCH("lower(p.surname) DESC, lower(p.forenames) DESC, p.id DESC"),
	[STMT_PUPIL_BRIEF_FIRST + 2] = PUPIL_BRIEF_SEARCH("p.upn" PUPIL_BRIEF_TIES),
	[STMT_PUPIL_BRIEF_FIRST + 3] = PUPIL_BRIEF_SEARCH("p.upn DESC" PUPIL_BRIEF_TIES),
	[STMT_PUPIL_BRIEF_FIRST + 4] = PUPIL_BRIEF_SEARCH("COALESCE(p.dob, '')" PUPIL_BRIEF_TIES),
	[STMT_PUPIL_BRIEF_FIRST + 5] =
		PUPIL_BRIEF_SEARCH("COALESCE(p.dob, '') DESC" PUPIL_BRIEF_TIES),
	[STMT_PUPIL_BRIEF_FIRST + 6] = PUPIL_BRIEF_SEARCH("p.class_no" PUPIL_BRIEF_TIES),
	[STMT_PUPIL_BRIEF_FIRST + 7] = PUPIL_BRIEF_SEARCH("p.class_no DESC" PUPIL_BRIEF_TIES),
	[STMT_PUPIL_BRIEF_FIRST + 8] = PUPIL_BRIEF_SEARCH("yg" PUPIL_BRIEF_TIES),
	[STMT_PUPIL_BRIEF_FIRST + 9] = PUPIL_BRIEF_SEARCH("yg DESC" PUPIL_BRIEF_TIES),
	[STMT_PUPIL_BRIEF_FIRST + 10] = PUPIL_BRIEF_SEARCH("p.gender" PUPIL_BRIEF_TIES),
	[STMT_PUPIL_BRIEF_FIRST + 11] = PUPIL_BRIEF_SEARCH("p.gender DESC" PUPIL_BRIEF_TIES),
	[STMT_PUPIL_BRIEF_COUNT] = { "SELECT count(*)" PUPIL_BRIEF_WHERE, NULL, PUPIL_BRIEF_TYPES },
	/* The CSV import (store_pupil_import_*): a batch as one bound JSON array,
	 * read with json_each (SQLite) or jsonb_array_elements (PostgreSQL); each
	 * element is an array whose items are taken by position. */
	[STMT_PUPIL_BY_UPNS] = { "SELECT " PUPIL_COLS " FROM pupil WHERE upn IN "
				 "(SELECT j.value FROM json_each(?) j)",
				 "SELECT " PUPIL_COLS " FROM pupil WHERE upn IN "
				 "(SELECT jsonb_array_elements_text(CAST(? AS jsonb)))",
				 "t" },
#define PUPIL_J(k) "j.value ->> " #k
#define PUPIL_JI(k) "CAST(j.value ->> " #k " AS INTEGER)"
#define PUPIL_ADD_MANY(from)                                                                   \
	"INSERT INTO pupil (establishment_id, upn, surname, forenames, dob, gender, postcode, "  \
	"ethnicity, sen, sen_notes, class_no, year_override, disadvantaged, eal, "             \
	"pupil_premium, fsm, custom1, custom2, custom3, custom4, custom5, custom6, "           \
	"include_in_data, archived) SELECT ?, " PUPIL_J(0) ", " PUPIL_J(1) ", " PUPIL_J(2)    \
	", " PUPIL_J(3) ", " PUPIL_J(4) ", " PUPIL_J(5) ", " PUPIL_J(6) ", " PUPIL_J(7) ", "   \
	PUPIL_J(8) ", " PUPIL_JI(9) ", " PUPIL_JI(10) ", " PUPIL_JI(11) ", " PUPIL_JI(12)     \
	", " PUPIL_JI(13) ", " PUPIL_JI(14) ", " PUPIL_JI(15) ", " PUPIL_JI(16) ", "           \
	PUPIL_JI(17) ", " PUPIL_JI(18) ", " PUPIL_JI(19) ", " PUPIL_JI(20) ", " PUPIL_JI(21)  \
	", " PUPIL_JI(22) " FROM " from " WHERE true RETURNING id, upn, version"
	/* Elements: upn, surname, forenames, dob (null for none), gender, postcode,
	 * ethnicity, sen, sen_notes, then the 14 integers of PUPIL_PARAMS. */
	[STMT_PUPIL_ADD_MANY] = { PUPIL_ADD_MANY("json_each(?) j"),
				  PUPIL_ADD_MANY("jsonb_array_elements(CAST(? AS jsonb)) AS j(value)"),
				  "it" },
	/* Elements: id, version, then the fields an upload sets: surname, forenames,
	 * dob, gender, postcode, fsm, ethnicity, eal, sen. A pupil whose version
	 * differs is left alone (no row back for it). */
#define PUPIL_UPDATE_MANY(target, from, id, ver)                                                   \
	"UPDATE pupil" target " SET surname = " PUPIL_J(2) ", forenames = " PUPIL_J(3) ", dob = "  \
	PUPIL_J(4) ", gender = " PUPIL_J(5) ", postcode = " PUPIL_J(6) ", fsm = " PUPIL_JI(7)      \
	", ethnicity = " PUPIL_J(8) ", eal = " PUPIL_JI(9) ", sen = " PUPIL_J(10) ", version = "    \
	"version + 1 FROM " from " WHERE " id " = CAST(j.value ->> 0 AS BIGINT) AND " ver " = "     \
	"CAST(j.value ->> 1 AS BIGINT) RETURNING " id ", " ver
	[STMT_PUPIL_UPDATE_MANY] = { PUPIL_UPDATE_MANY("", "json_each(?) j", "pupil.id",
						       "pupil.version"),
				     PUPIL_UPDATE_MANY(" p", "jsonb_array_elements(CAST(? AS jsonb)) "
							     "AS j(value)",
						       "p.id", "p.version"),
				     "t" },
#undef PUPIL_BRIEF_COLS
#undef PUPIL_BRIEF_NAMES
#undef PUPIL_BRIEF_WHERE
#undef PUPIL_BRIEF_TYPES
#undef PUPIL_BRIEF_SEARCH
#undef PUPIL_BRIEF_TIES
#undef PUPIL_J
#undef PUPIL_JI
#undef PUPIL_ADD_MANY
#undef PUPIL_UPDATE_MANY
};
/* clang-format on */

const struct stmt_def *stmt_def_of(enum stmt_id id)
{
	if ((unsigned)id >= STMT__MAX)
		BUG("unknown statement");
	if (stmts[id].sql)
		return &stmts[id];
	if (stmts_collect[id].sql)
		return &stmts_collect[id];
	BUG("unknown statement");
}

enum stmt_id stmt_tables_check(void)
{
	for (int id = 0; id < STMT__MAX; id++)
		if (!stmts[id].sql == !stmts_collect[id].sql)
			return (enum stmt_id)id;
	return STMT__MAX;
}
