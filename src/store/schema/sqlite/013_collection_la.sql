-- The LA side of the collection (issue 7c): the establishment's phase (for
-- targeting a request at a phase), the reminder setting of a request, the LA's
-- receipt of a school's file (who downloaded it, when), the reminders sent, and
-- the files the LA sends to its schools. Rules live in app/collection_la.c and
-- app/reminders.c.

ALTER TABLE establishment ADD COLUMN phase TEXT NOT NULL DEFAULT ''
	CHECK (phase IN ('', 'nursery', 'primary', 'middle', 'secondary', 'all-through'));

-- Days before the deadline the automatic reminder goes: -1 = the server's
-- setting, 0 = none.
ALTER TABLE file_request ADD COLUMN remind_days INTEGER NOT NULL DEFAULT -1
	CHECK (remind_days BETWEEN -1 AND 60);

CREATE TABLE file_receipt (
	file_id INTEGER PRIMARY KEY REFERENCES received_file (id),
	user_id INTEGER NOT NULL DEFAULT 0,
	received_by TEXT NOT NULL DEFAULT '',
	received_at INTEGER NOT NULL
);

CREATE TABLE request_reminder (
	id INTEGER PRIMARY KEY,
	request_id INTEGER NOT NULL REFERENCES file_request (id),
	establishment_id INTEGER NOT NULL REFERENCES establishment (id),
	kind TEXT NOT NULL CHECK (kind IN ('chase', 'auto')),
	recipients INTEGER NOT NULL DEFAULT 0,
	sent_by TEXT NOT NULL DEFAULT '',
	sent_at INTEGER NOT NULL
);
CREATE INDEX request_reminder_request ON request_reminder (request_id, establishment_id);
-- The automatic reminder goes once per school and request, even with several servers.
CREATE UNIQUE INDEX request_reminder_auto ON request_reminder (request_id, establishment_id)
	WHERE kind = 'auto';

CREATE TABLE la_file (
	id INTEGER PRIMARY KEY,
	la_id INTEGER NOT NULL REFERENCES local_authority (id),
	request_id INTEGER REFERENCES file_request (id),
	original_name TEXT NOT NULL CHECK (length(original_name) BETWEEN 1 AND 200),
	comment TEXT NOT NULL DEFAULT '',
	size INTEGER NOT NULL CHECK (size BETWEEN 1 AND 3145728),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	content BLOB NOT NULL CHECK (length(content) <= 3145728),
	sent_by TEXT NOT NULL DEFAULT '',
	sent_at INTEGER NOT NULL
);
CREATE INDEX la_file_la ON la_file (la_id, id);

CREATE TABLE la_file_target (
	file_id INTEGER NOT NULL REFERENCES la_file (id),
	establishment_id INTEGER NOT NULL REFERENCES establishment (id),
	PRIMARY KEY (file_id, establishment_id)
);
CREATE INDEX la_file_target_school ON la_file_target (establishment_id);
CREATE INDEX audit_object ON audit (object);
