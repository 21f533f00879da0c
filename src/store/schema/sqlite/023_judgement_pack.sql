-- The EYFS grid screen (issue 5, docs/performance.md "The grid read from one row
-- per pupil"): the cells of one pupil in one assessment packed in one row, so
-- that a 90-pupil grid reads 90 rows instead of 1,530. judgement stays the
-- record: triggers keep this table in step with every insert, update and delete
-- of a cell, and a row goes when its last cell goes.
--
-- cells holds 17 slots of 12 characters, E01 first. A slot is the value (one
-- digit, 0 to 3), '1' when the cell has a colour or a note (the grid then reads
-- those from judgement, through judgement_extra) else '0', and the version in 10
-- digits. A slot of twelve zeros is a cell never written. The triggers write
-- the 204 zeros of an empty row as a literal and pad the version with substr:
-- SQLite's printf() cost a CTF import 10 % more.

CREATE TABLE judgement_pack (
	assessment_id INTEGER NOT NULL,
	pupil_id INTEGER NOT NULL,
	cells TEXT NOT NULL CHECK (length(cells) = 204),
	PRIMARY KEY (assessment_id, pupil_id)
) WITHOUT ROWID;

-- The cells with a colour or a note: few, read after the pack.
CREATE INDEX judgement_extra ON judgement (assessment_id, pupil_id, area, value, colour, version, note)
	WHERE colour <> '' OR note <> '';

CREATE TRIGGER judgement_pack_insert AFTER INSERT ON judgement BEGIN
	INSERT INTO judgement_pack (assessment_id, pupil_id, cells)
		VALUES (NEW.assessment_id, NEW.pupil_id,
			substr('000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000', 1, (CAST(substr(NEW.area, 2) AS INTEGER) - 1) * 12)
			|| NEW.value || (NEW.colour <> '' OR NEW.note <> '') || substr('0000000000' || NEW.version, -10)
			|| substr('000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000', CAST(substr(NEW.area, 2) AS INTEGER) * 12 + 1))
		ON CONFLICT (assessment_id, pupil_id) DO UPDATE SET
			cells = substr(cells, 1, (CAST(substr(NEW.area, 2) AS INTEGER) - 1) * 12)
			|| NEW.value || (NEW.colour <> '' OR NEW.note <> '') || substr('0000000000' || NEW.version, -10)
			|| substr(cells, CAST(substr(NEW.area, 2) AS INTEGER) * 12 + 1);
END;

-- A cell's own row and area never change (a pupil keeps its id when it moves
-- school): only its value, colour, note and version.
CREATE TRIGGER judgement_pack_update AFTER UPDATE OF value, colour, note, version ON judgement BEGIN
	UPDATE judgement_pack SET
		cells = substr(cells, 1, (CAST(substr(NEW.area, 2) AS INTEGER) - 1) * 12)
		|| NEW.value || (NEW.colour <> '' OR NEW.note <> '') || substr('0000000000' || NEW.version, -10)
		|| substr(cells, CAST(substr(NEW.area, 2) AS INTEGER) * 12 + 1)
		WHERE assessment_id = NEW.assessment_id AND pupil_id = NEW.pupil_id;
END;

CREATE TRIGGER judgement_pack_delete AFTER DELETE ON judgement BEGIN
	UPDATE judgement_pack SET
		cells = substr(cells, 1, (CAST(substr(OLD.area, 2) AS INTEGER) - 1) * 12)
		|| '000000000000' || substr(cells, CAST(substr(OLD.area, 2) AS INTEGER) * 12 + 1)
		WHERE assessment_id = OLD.assessment_id AND pupil_id = OLD.pupil_id;
	DELETE FROM judgement_pack WHERE assessment_id = OLD.assessment_id
		AND pupil_id = OLD.pupil_id AND trim(cells, '0') = '';
END;

-- Pack what is stored already: a row of zeros for each pupil and assessment
-- with cells, then rewriting each cell runs the update trigger over it.
INSERT INTO judgement_pack (assessment_id, pupil_id, cells)
	SELECT DISTINCT assessment_id, pupil_id, '000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000' FROM judgement;
UPDATE judgement SET version = version;
