-- 001_init (PostgreSQL): the same tables as schema/sqlite/001_init.sql. Dialect
-- differences only: identity columns, BYTEA, BIGINT, and text columns collated "C"
-- so that ordering and lower() behave as in SQLite (bytewise, ASCII case folding)
-- whatever locale the database was created with.

CREATE TABLE local_authority (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	code INTEGER NOT NULL UNIQUE CHECK (code BETWEEN 100 AND 999),
	name TEXT COLLATE "C" NOT NULL
);

CREATE TABLE trust (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name TEXT COLLATE "C" NOT NULL UNIQUE
);

CREATE TABLE establishment (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	la_id BIGINT NOT NULL REFERENCES local_authority (id),
	estab INTEGER NOT NULL CHECK (estab BETWEEN 0 AND 9999),
	urn INTEGER NOT NULL DEFAULT 0,
	name TEXT COLLATE "C" NOT NULL,
	trust_id BIGINT REFERENCES trust (id),
	UNIQUE (la_id, estab)
);
CREATE INDEX establishment_trust ON establishment (trust_id);
CREATE INDEX establishment_urn ON establishment (urn);

CREATE TABLE app_user (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	username TEXT COLLATE "C" NOT NULL,
	display_name TEXT COLLATE "C" NOT NULL DEFAULT '',
	email TEXT COLLATE "C" NOT NULL DEFAULT '',
	role TEXT COLLATE "C" NOT NULL
		CHECK (role IN ('teacher', 'school-admin', 'mat-admin', 'la-officer', 'sysadmin')),
	establishment_id BIGINT REFERENCES establishment (id),
	trust_id BIGINT REFERENCES trust (id),
	la_id BIGINT REFERENCES local_authority (id),
	pw_hash TEXT COLLATE "C" NOT NULL DEFAULT '',
	pw_expires_at BIGINT NOT NULL DEFAULT 0,
	must_change_password INTEGER NOT NULL DEFAULT 0,
	sc_enc BYTEA,
	sc_pos1 INTEGER NOT NULL DEFAULT 0,
	sc_pos2 INTEGER NOT NULL DEFAULT 0,
	sc_shown INTEGER NOT NULL DEFAULT 0,
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until BIGINT NOT NULL DEFAULT 0,
	last_login_at BIGINT NOT NULL DEFAULT 0,
	disabled INTEGER NOT NULL DEFAULT 0,
	totp_secret TEXT COLLATE "C" NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX app_user_username ON app_user (lower(username));
CREATE INDEX app_user_establishment ON app_user (establishment_id);
CREATE INDEX app_user_la ON app_user (la_id);
CREATE INDEX app_user_trust ON app_user (trust_id);

CREATE TABLE session (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	hash BYTEA NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES app_user (id),
	csrf BYTEA NOT NULL,
	created_at BIGINT NOT NULL,
	last_seen BIGINT NOT NULL,
	ended_at BIGINT NOT NULL DEFAULT 0,
	end_reason TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX session_by_user ON session (user_id, ended_at);

CREATE TABLE api_token (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	hash BYTEA NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES app_user (id),
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL DEFAULT 0,
	revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_token_user ON api_token (user_id);

CREATE TABLE pupil (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	establishment_id BIGINT NOT NULL REFERENCES establishment (id),
	upn TEXT COLLATE "C" NOT NULL UNIQUE,
	surname TEXT COLLATE "C" NOT NULL,
	forenames TEXT COLLATE "C" NOT NULL DEFAULT '',
	dob TEXT COLLATE "C",
	gender TEXT COLLATE "C" NOT NULL DEFAULT '' CHECK (gender IN ('', 'M', 'F')),
	postcode TEXT COLLATE "C" NOT NULL DEFAULT '',
	ethnicity TEXT COLLATE "C" NOT NULL DEFAULT '',
	sen TEXT COLLATE "C" NOT NULL DEFAULT '',
	sen_notes TEXT COLLATE "C" NOT NULL DEFAULT '',
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
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX pupil_establishment_surname ON pupil (establishment_id, surname, forenames);

CREATE TABLE class_name (
	establishment_id BIGINT NOT NULL REFERENCES establishment (id),
	class_no INTEGER NOT NULL CHECK (class_no BETWEEN 1 AND 20),
	name TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (establishment_id, class_no)
);

CREATE TABLE custom_filter_name (
	establishment_id BIGINT NOT NULL REFERENCES establishment (id),
	n INTEGER NOT NULL CHECK (n BETWEEN 1 AND 6),
	name TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (establishment_id, n)
);

CREATE TABLE audit (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at BIGINT NOT NULL,
	user_id BIGINT NOT NULL DEFAULT 0,
	actor TEXT COLLATE "C" NOT NULL DEFAULT '',
	ip TEXT COLLATE "C" NOT NULL DEFAULT '',
	establishment_id BIGINT NOT NULL DEFAULT 0,
	la_id BIGINT NOT NULL DEFAULT 0,
	action TEXT COLLATE "C" NOT NULL,
	object TEXT COLLATE "C" NOT NULL DEFAULT '',
	field TEXT COLLATE "C" NOT NULL DEFAULT '',
	old_value TEXT COLLATE "C" NOT NULL DEFAULT '',
	new_value TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX audit_establishment_at ON audit (establishment_id, at);
CREATE INDEX audit_la_at ON audit (la_id, at);
CREATE INDEX audit_at ON audit (at);

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit is append-only';
END;
$$;

-- Per statement, so that even an UPDATE or DELETE that matches no row is refused.
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit
	FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
