-- The school's side of the collection (issue 7b): a file recalled before the
-- LA received it leaves the request (its received_file row and problems are
-- removed, so no LA view or count sees it) and this record stays, so the
-- school's list shows it as Recalled. A deleted file leaves only its audit
-- rows. The rules are in app/collection_upload.c.

CREATE TABLE recalled_file (
	id INTEGER PRIMARY KEY,
	file_id INTEGER NOT NULL,
	request_id INTEGER NOT NULL REFERENCES file_request (id),
	establishment_id INTEGER NOT NULL REFERENCES establishment (id),
	original_name TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT '',
	sender TEXT NOT NULL DEFAULT '',
	sent_at INTEGER NOT NULL,
	recalled_by TEXT NOT NULL DEFAULT '',
	recalled_at INTEGER NOT NULL
);
CREATE INDEX recalled_file_request ON recalled_file (request_id, establishment_id, id);
