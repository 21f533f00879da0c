-- 003_reset (PostgreSQL): single-use links to choose a password ("Forgot your
-- password", an admin's reset, the welcome mail of a new user). Only the SHA-256
-- of the link's token is kept. Mirrors schema/sqlite/003_reset.sql.
CREATE TABLE reset_link (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	hash BYTEA NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES app_user (id),
	kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('forgot', 'admin', 'welcome')),
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	used_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX reset_link_by_user ON reset_link (user_id, used_at);
CREATE INDEX reset_link_by_created ON reset_link (created_at);

-- One row per "Forgot your password" request, known user or not, to throttle
-- requests per client address. Rows older than a day are deleted as new ones come.
CREATE TABLE reset_request (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	ip TEXT COLLATE "C" NOT NULL,
	at BIGINT NOT NULL
);
CREATE INDEX reset_request_by_ip ON reset_request (ip, at);
