-- Performance (docs/performance.md, issue 4): the pupil list shows the school's
-- number of pupils on roll (archived = 0) beside each page. pupil_roll keeps
-- that number, maintained by the triggers below on every insert, delete,
-- archive, restore or move of a pupil, so the list reads one row instead of
-- counting the school's index entries (as PostgreSQL's 024 does).

CREATE TABLE pupil_roll (
	establishment_id INTEGER PRIMARY KEY REFERENCES establishment (id),
	on_roll INTEGER NOT NULL CHECK (on_roll >= 0)
);

INSERT INTO pupil_roll (establishment_id, on_roll)
	SELECT establishment_id, count(*) FROM pupil WHERE archived = 0
	GROUP BY establishment_id;

CREATE TRIGGER pupil_roll_insert AFTER INSERT ON pupil WHEN NEW.archived = 0
BEGIN
	INSERT INTO pupil_roll (establishment_id, on_roll) VALUES (NEW.establishment_id, 1)
		ON CONFLICT (establishment_id) DO UPDATE SET on_roll = on_roll + 1;
END;

CREATE TRIGGER pupil_roll_update AFTER UPDATE OF archived, establishment_id ON pupil
	WHEN (OLD.archived = 0) <> (NEW.archived = 0)
	     OR OLD.establishment_id <> NEW.establishment_id
BEGIN
	UPDATE pupil_roll SET on_roll = on_roll - 1
		WHERE OLD.archived = 0 AND establishment_id = OLD.establishment_id;
	INSERT INTO pupil_roll (establishment_id, on_roll)
		SELECT NEW.establishment_id, 1 WHERE NEW.archived = 0
		ON CONFLICT (establishment_id) DO UPDATE SET on_roll = on_roll + 1;
END;

CREATE TRIGGER pupil_roll_delete AFTER DELETE ON pupil WHEN OLD.archived = 0
BEGIN
	UPDATE pupil_roll SET on_roll = on_roll - 1 WHERE establishment_id = OLD.establishment_id;
END;
