-- The school's side of the collection (issue 7b): a file recalled before the
-- LA received it leaves the request (its received_file row and problems are
-- removed, so no LA view or count sees it) and this record stays, so the
-- school's list shows it as Recalled. A deleted file leaves only its audit
-- rows. The rules are in app/collection_upload.c.

CREATE TABLE recalled_file (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	file_id BIGINT NOT NULL,
	request_id BIGINT NOT NULL REFERENCES file_request (id),
	establishment_id BIGINT NOT NULL REFERENCES establishment (id),
	original_name TEXT COLLATE "C" NOT NULL DEFAULT '',
	kind TEXT COLLATE "C" NOT NULL DEFAULT '',
	status TEXT COLLATE "C" NOT NULL DEFAULT '',
	sender TEXT COLLATE "C" NOT NULL DEFAULT '',
	sent_at BIGINT NOT NULL,
	recalled_by TEXT COLLATE "C" NOT NULL DEFAULT '',
	recalled_at BIGINT NOT NULL
);
CREATE INDEX recalled_file_request ON recalled_file (request_id, establishment_id, id);
