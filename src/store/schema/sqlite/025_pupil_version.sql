-- Performance (docs/performance.md, issue 5): a server process keeps the
-- pupils a grid covers in memory (store_cache.c) and serves them again
-- while nothing in the school's pupil records changed. pupil_version is how it
-- knows: a number per school that every insert, update or delete of one of its
-- pupils moves on, in whichever process or program made the change. The
-- session's look-up reads it with the school (STMT_SESSION_USER_EST_GET).
-- SQLite has one writer at a time, so the triggers move it at once, each row
-- (PostgreSQL's 025 moves it at the commit, once per school).

CREATE TABLE pupil_version (
	establishment_id INTEGER PRIMARY KEY REFERENCES establishment (id),
	version INTEGER NOT NULL CHECK (version > 0)
);

INSERT INTO pupil_version (establishment_id, version)
	SELECT DISTINCT establishment_id, 1 FROM pupil;

CREATE TRIGGER pupil_version_insert AFTER INSERT ON pupil
BEGIN
	INSERT INTO pupil_version (establishment_id, version) VALUES (NEW.establishment_id, 1)
		ON CONFLICT (establishment_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER pupil_version_update AFTER UPDATE ON pupil
BEGIN
	UPDATE pupil_version SET version = version + 1
		WHERE establishment_id = OLD.establishment_id;
	INSERT INTO pupil_version (establishment_id, version)
		SELECT NEW.establishment_id, 1 WHERE NEW.establishment_id <> OLD.establishment_id
		ON CONFLICT (establishment_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER pupil_version_delete AFTER DELETE ON pupil
BEGIN
	UPDATE pupil_version SET version = version + 1
		WHERE establishment_id = OLD.establishment_id;
END;
