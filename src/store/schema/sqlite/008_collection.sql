-- The LA collection (issue 7): file requests an LA officer sends to target
-- schools, the files schools send back (kept even when they have errors, for the
-- record) and the problems found in each. Statuses are worked out in
-- app/collection.c from these rows and the app clock; the rules are in
-- core/statutory.c, not here.

CREATE TABLE file_request (
	id INTEGER PRIMARY KEY,
	la_id INTEGER NOT NULL REFERENCES local_authority (id),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	collection TEXT NOT NULL
		CHECK (collection IN ('eyfsp', 'phonics', 'ks1', 'ks2', 'other')),
	file_kinds TEXT NOT NULL DEFAULT '',
	academic_year INTEGER NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	deadline INTEGER NOT NULL,
	state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
	all_schools INTEGER NOT NULL DEFAULT 0 CHECK (all_schools IN (0, 1)),
	created_by TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL
);
CREATE INDEX file_request_la ON file_request (la_id, deadline);

CREATE TABLE request_target (
	request_id INTEGER NOT NULL REFERENCES file_request (id),
	establishment_id INTEGER NOT NULL REFERENCES establishment (id),
	PRIMARY KEY (request_id, establishment_id)
);
CREATE INDEX request_target_school ON request_target (establishment_id);

CREATE TABLE received_file (
	id INTEGER PRIMARY KEY,
	request_id INTEGER NOT NULL REFERENCES file_request (id),
	establishment_id INTEGER NOT NULL REFERENCES establishment (id),
	sender_user_id INTEGER NOT NULL DEFAULT 0,
	sender TEXT NOT NULL DEFAULT '',
	comment TEXT NOT NULL DEFAULT '',
	original_name TEXT NOT NULL DEFAULT '',
	size INTEGER NOT NULL CHECK (size BETWEEN 0 AND 3145728),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	kind TEXT NOT NULL DEFAULT 'unknown',
	status TEXT NOT NULL CHECK (status IN ('successful', 'successful-with-queries',
		'upload-error', 'overwritten')),
	problem_count INTEGER NOT NULL DEFAULT 0,
	content BLOB CHECK (content IS NULL OR length(content) <= 3145728),
	received_at INTEGER NOT NULL
);
CREATE INDEX received_file_request ON received_file (request_id, establishment_id, id);

CREATE TABLE received_problem (
	id INTEGER PRIMARY KEY,
	file_id INTEGER NOT NULL REFERENCES received_file (id),
	location TEXT NOT NULL DEFAULT '',
	severity TEXT NOT NULL CHECK (severity IN ('error', 'query')),
	code TEXT NOT NULL DEFAULT '',
	message TEXT NOT NULL DEFAULT ''
);
CREATE INDEX received_problem_file ON received_problem (file_id, id);
