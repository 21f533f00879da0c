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

	/* ---- issue 3b: mail, password reset, session expiry ---- */

	/* ---- issue 3c: managing people, organisations, audit pages ---- */

	/* ---- issue 4a: pupil records, search, filter, profile ---- */

	/* ---- issue 4b: pupil upload, edit multiple, interventions, transfers ---- */

	/* ---- issue 5: EYFS tracking ---- */

	/* ---- issue 6: statutory results and CTF ---- */

};
_Static_assert(ARRAY_SIZE(stmts) == STMT__MAX, "stmts covers enum stmt_id");

const struct stmt_def *stmt_def_of(enum stmt_id id)
{
	if ((unsigned)id >= STMT__MAX || !stmts[id].sql)
		BUG("unknown statement");
	return &stmts[id];
}
