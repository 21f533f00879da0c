-- 001_init (SQLite): organisations, users, sessions, API tokens, pupils, class and
-- custom filter names, the append-only audit. Mirrors schema/pg/001_init.sql; only
-- the dialect differs. Times are Unix seconds, dates 'YYYY-MM-DD', booleans 0/1,
-- "none" ids are NULL (foreign keys) except in audit, where 0 means none.

CREATE TABLE local_authority (
	id INTEGER PRIMARY KEY,
	code INTEGER NOT NULL UNIQUE CHECK (code BETWEEN 100 AND 999),
	name TEXT NOT NULL
);

CREATE TABLE trust (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE
);

CREATE TABLE establishment (
	id INTEGER PRIMARY KEY,
	la_id INTEGER NOT NULL REFERENCES local_authority (id),
	estab INTEGER NOT NULL CHECK (estab BETWEEN 0 AND 9999),
	urn INTEGER NOT NULL DEFAULT 0,
	name TEXT NOT NULL,
	trust_id INTEGER REFERENCES trust (id),
	UNIQUE (la_id, estab)
);
CREATE INDEX establishment_trust ON establishment (trust_id);
CREATE INDEX establishment_urn ON establishment (urn);

CREATE TABLE app_user (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL,
	display_name TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL
		CHECK (role IN ('teacher', 'school-admin', 'mat-admin', 'la-officer', 'sysadmin')),
	establishment_id INTEGER REFERENCES establishment (id),
	trust_id INTEGER REFERENCES trust (id),
	la_id INTEGER REFERENCES local_authority (id),
	pw_hash TEXT NOT NULL DEFAULT '',
	pw_expires_at INTEGER NOT NULL DEFAULT 0,
	must_change_password INTEGER NOT NULL DEFAULT 0,
	sc_enc BLOB,
	sc_pos1 INTEGER NOT NULL DEFAULT 0,
	sc_pos2 INTEGER NOT NULL DEFAULT 0,
	sc_shown INTEGER NOT NULL DEFAULT 0,
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until INTEGER NOT NULL DEFAULT 0,
	last_login_at INTEGER NOT NULL DEFAULT 0,
	disabled INTEGER NOT NULL DEFAULT 0,
	totp_secret TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL
);
-- Usernames are unique case-insensitively (ASCII case, as lower() folds in both
-- backends once the column collates as "C" in PostgreSQL).
CREATE UNIQUE INDEX app_user_username ON app_user (lower(username));
CREATE INDEX app_user_establishment ON app_user (establishment_id);
CREATE INDEX app_user_la ON app_user (la_id);
CREATE INDEX app_user_trust ON app_user (trust_id);

CREATE TABLE session (
	id INTEGER PRIMARY KEY,
	hash BLOB NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES app_user (id),
	csrf BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	last_seen INTEGER NOT NULL,
	ended_at INTEGER NOT NULL DEFAULT 0,
	end_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX session_by_user ON session (user_id, ended_at);

CREATE TABLE api_token (
	id INTEGER PRIMARY KEY,
	hash BLOB NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES app_user (id),
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL DEFAULT 0,
	revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_token_user ON api_token (user_id);

CREATE TABLE pupil (
	id INTEGER PRIMARY KEY,
	establishment_id INTEGER NOT NULL REFERENCES establishment (id),
	upn TEXT NOT NULL UNIQUE,
	surname TEXT NOT NULL,
	forenames TEXT NOT NULL DEFAULT '',
	dob TEXT,
	gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'M', 'F')),
	postcode TEXT NOT NULL DEFAULT '',
	ethnicity TEXT NOT NULL DEFAULT '',
	sen TEXT NOT NULL DEFAULT '',
	sen_notes TEXT NOT NULL DEFAULT '',
	class_no INTEGER NOT NULL DEFAULT 0 CHECK (class_no BETWEEN 0 AND 20),
	year_override INTEGER NOT NULL DEFAULT 0,
	disadvantaged INTEGER NOT NULL DEFAULT 0,
	eal INTEGER NOT NULL DEFAULT 0,
	pupil_premium INTEGER NOT NULL DEFAULT 0,
	fsm INTEGER NOT NULL DEFAULT 0,
	custom1 INTEGER NOT NULL DEFAULT 0,
	custom2 INTEGER NOT NULL DEFAULT 0,
	custom3 INTEGER NOT NULL DEFAULT 0,
	custom4 INTEGER NOT NULL DEFAULT 0,
	custom5 INTEGER NOT NULL DEFAULT 0,
	custom6 INTEGER NOT NULL DEFAULT 0,
	include_in_data INTEGER NOT NULL DEFAULT 1,
	archived INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX pupil_establishment_surname ON pupil (establishment_id, surname, forenames);

CREATE TABLE class_name (
	establishment_id INTEGER NOT NULL REFERENCES establishment (id),
	class_no INTEGER NOT NULL CHECK (class_no BETWEEN 1 AND 20),
	name TEXT NOT NULL,
	PRIMARY KEY (establishment_id, class_no)
);

CREATE TABLE custom_filter_name (
	establishment_id INTEGER NOT NULL REFERENCES establishment (id),
	n INTEGER NOT NULL CHECK (n BETWEEN 1 AND 6),
	name TEXT NOT NULL,
	PRIMARY KEY (establishment_id, n)
);

-- Append-only: no foreign keys (rows outlive what they describe), and triggers
-- refuse every UPDATE and DELETE.
CREATE TABLE audit (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	at INTEGER NOT NULL,
	user_id INTEGER NOT NULL DEFAULT 0,
	actor TEXT NOT NULL DEFAULT '',
	ip TEXT NOT NULL DEFAULT '',
	establishment_id INTEGER NOT NULL DEFAULT 0,
	la_id INTEGER NOT NULL DEFAULT 0,
	action TEXT NOT NULL,
	object TEXT NOT NULL DEFAULT '',
	field TEXT NOT NULL DEFAULT '',
	old_value TEXT NOT NULL DEFAULT '',
	new_value TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_establishment_at ON audit (establishment_id, at);
CREATE INDEX audit_la_at ON audit (la_id, at);
CREATE INDEX audit_at ON audit (at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit is append-only');
END;
