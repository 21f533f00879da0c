/*
 * stmt_collect: the statements of the LA collection (requests, received files,
 * chasing, the API and trust uploads), of meetings, discussion areas and news,
 * and of the reports: the second half of the store's statement table (see
 * stmt.h; stmt_def_of looks in both halves).
 */
#include <stddef.h>

#include "store/stmt.h"
#include "store/stmt_sql.h"

/* The SQL is laid out by hand, one statement per entry. */
/* clang-format off */
const struct stmt_def stmts_collect[STMT__MAX] = {
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
#undef PACK_K
#undef SEED_N
#undef SEED_E
};
/* clang-format on */
