-- Performance (docs/performance.md, issue 5): a server process keeps the grid
-- screen's cells and notes of an assessment in memory (store_cache.c) and
-- serves them again while none of them changed. judgement_version is how it
-- knows: a number per assessment that every insert, update or delete of one
-- of its cells (judgement) or pupils' notes (assessment_note) moves on, in
-- whichever process or program made the change. The assessment's reads
-- (ASSESS_COLS) carry it. SQLite has one writer at a time, so the triggers
-- move it at once, each row (PostgreSQL's 026 moves it at the commit, once per
-- assessment). No foreign key: the row of a deleted assessment stays and moves
-- on again if the id is ever used anew.

CREATE TABLE judgement_version (
	assessment_id INTEGER PRIMARY KEY,
	version INTEGER NOT NULL CHECK (version > 0)
);

INSERT INTO judgement_version (assessment_id, version) SELECT id, 1 FROM assessment;

CREATE TRIGGER judgement_version_insert AFTER INSERT ON judgement
BEGIN
	INSERT INTO judgement_version (assessment_id, version) VALUES (NEW.assessment_id, 1)
		ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER judgement_version_update AFTER UPDATE ON judgement
BEGIN
	UPDATE judgement_version SET version = version + 1
		WHERE assessment_id IN (OLD.assessment_id, NEW.assessment_id);
END;

CREATE TRIGGER judgement_version_delete AFTER DELETE ON judgement
BEGIN
	UPDATE judgement_version SET version = version + 1
		WHERE assessment_id = OLD.assessment_id;
END;

CREATE TRIGGER judgement_version_note_insert AFTER INSERT ON assessment_note
BEGIN
	INSERT INTO judgement_version (assessment_id, version) VALUES (NEW.assessment_id, 1)
		ON CONFLICT (assessment_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER judgement_version_note_update AFTER UPDATE ON assessment_note
BEGIN
	UPDATE judgement_version SET version = version + 1
		WHERE assessment_id IN (OLD.assessment_id, NEW.assessment_id);
END;

CREATE TRIGGER judgement_version_note_delete AFTER DELETE ON assessment_note
BEGIN
	UPDATE judgement_version SET version = version + 1
		WHERE assessment_id = OLD.assessment_id;
END;
