-- 002_accounts (SQLite): the sign-in journey. Mirrors schema/pg/002_accounts.sql.
--
-- pending_login: between the password step and the security-code step of a
-- sign-in. Only the SHA-256 of the step's token is kept; a row is good for a few
-- minutes and once (used_at). user_id is 0 for a username that does not exist, so
-- that such a sign-in goes through the same two steps as any other.
CREATE TABLE pending_login (
	id INTEGER PRIMARY KEY,
	hash BLOB NOT NULL UNIQUE,
	user_id INTEGER NOT NULL DEFAULT 0,
	password_ok INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX pending_login_by_expiry ON pending_login (expires_at);

-- login_throttle: failed sign-ins counted in a window, per account ('user:<id>')
-- and per client address ('ip:<address>'), and how long each is blocked.
CREATE TABLE login_throttle (
	key TEXT PRIMARY KEY,
	window_start INTEGER NOT NULL,
	failures INTEGER NOT NULL DEFAULT 0,
	blocked_until INTEGER NOT NULL DEFAULT 0
);

-- totp_used: the last authenticator-app time step accepted per user, so that a
-- code (or an older one) is never accepted twice.
CREATE TABLE totp_used (
	user_id INTEGER PRIMARY KEY REFERENCES app_user (id),
	step INTEGER NOT NULL
);
