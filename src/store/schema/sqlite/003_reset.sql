-- 003_reset (SQLite): single-use links to choose a password ("Forgot your
-- password", an admin's reset, the welcome mail of a new user). Only the SHA-256
-- of the link's token is kept. Mirrors schema/pg/003_reset.sql.
CREATE TABLE reset_link (
	id INTEGER PRIMARY KEY,
	hash BLOB NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES app_user (id),
	kind TEXT NOT NULL CHECK (kind IN ('forgot', 'admin', 'welcome')),
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reset_link_by_user ON reset_link (user_id, used_at);
CREATE INDEX reset_link_by_created ON reset_link (created_at);

-- One row per "Forgot your password" request, known user or not, to throttle
-- requests per client address. Rows older than a day are deleted as new ones come.
CREATE TABLE reset_request (
	id INTEGER PRIMARY KEY,
	ip TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX reset_request_by_ip ON reset_request (ip, at);
