/*
 * stmt_sql: the SQL pieces the statement tables (stmt.c, stmt_collect.c) share:
 * the database clock and the column lists written once. Private to the store.
 */
#ifndef PT_STORE_STMT_SQL_H
#define PT_STORE_STMT_SQL_H

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

#endif
