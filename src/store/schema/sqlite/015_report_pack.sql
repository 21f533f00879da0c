-- Reports (issue 8c): the EYFS profile results of a pupil in an academic year
-- packed in one row, so that the cross-school tables read one row per pupil
-- instead of 17 (docs/performance.md, "Reports"). results holds 17 characters,
-- E01 first: the result ('1' emerging, '2' expected, 'A' absent), '?' for a
-- result longer than one character, '.' for none. statutory_result stays the
-- record: triggers keep this table in step with every insert, update and delete
-- of an EYFS profile result (component E01 to E17, qualifier EL), and a row
-- goes when its last result goes.

CREATE TABLE eyfsp_pack (
	pupil_id INTEGER NOT NULL REFERENCES pupil (id),
	academic_year INTEGER NOT NULL,
	establishment_id INTEGER NOT NULL REFERENCES establishment (id),
	results TEXT NOT NULL CHECK (length(results) = 17),
	PRIMARY KEY (pupil_id, academic_year)
);
-- The cross-school tables read (school, year) -> results from this index alone.
CREATE INDEX eyfsp_pack_school ON eyfsp_pack (establishment_id, academic_year, results);

CREATE TRIGGER eyfsp_pack_insert AFTER INSERT ON statutory_result BEGIN
	INSERT INTO eyfsp_pack (pupil_id, academic_year, establishment_id, results)
		SELECT NEW.pupil_id, NEW.academic_year, NEW.establishment_id, '.................'
		WHERE NEW.collection = 'eyfsp' AND NEW.qualifier = 'EL' AND (NEW.component GLOB 'E0[1-9]' OR NEW.component GLOB 'E1[0-7]')
		ON CONFLICT (pupil_id, academic_year) DO NOTHING;
	UPDATE eyfsp_pack SET establishment_id = NEW.establishment_id,
		results = substr(results, 1, CAST(substr(NEW.component, 2) AS INTEGER) - 1) || CASE WHEN length(NEW.result) = 1 THEN NEW.result ELSE '?' END || substr(results, CAST(substr(NEW.component, 2) AS INTEGER) + 1)
		WHERE pupil_id = NEW.pupil_id AND academic_year = NEW.academic_year AND NEW.collection = 'eyfsp' AND NEW.qualifier = 'EL' AND (NEW.component GLOB 'E0[1-9]' OR NEW.component GLOB 'E1[0-7]');
END;

CREATE TRIGGER eyfsp_pack_update AFTER UPDATE ON statutory_result BEGIN
	UPDATE eyfsp_pack SET results = substr(results, 1, CAST(substr(OLD.component, 2) AS INTEGER) - 1) || '.' || substr(results, CAST(substr(OLD.component, 2) AS INTEGER) + 1)
		WHERE pupil_id = OLD.pupil_id AND academic_year = OLD.academic_year AND OLD.collection = 'eyfsp' AND OLD.qualifier = 'EL' AND (OLD.component GLOB 'E0[1-9]' OR OLD.component GLOB 'E1[0-7]');
	DELETE FROM eyfsp_pack WHERE pupil_id = OLD.pupil_id AND academic_year = OLD.academic_year AND results = '.................';
	INSERT INTO eyfsp_pack (pupil_id, academic_year, establishment_id, results)
		SELECT NEW.pupil_id, NEW.academic_year, NEW.establishment_id, '.................'
		WHERE NEW.collection = 'eyfsp' AND NEW.qualifier = 'EL' AND (NEW.component GLOB 'E0[1-9]' OR NEW.component GLOB 'E1[0-7]')
		ON CONFLICT (pupil_id, academic_year) DO NOTHING;
	UPDATE eyfsp_pack SET establishment_id = NEW.establishment_id,
		results = substr(results, 1, CAST(substr(NEW.component, 2) AS INTEGER) - 1) || CASE WHEN length(NEW.result) = 1 THEN NEW.result ELSE '?' END || substr(results, CAST(substr(NEW.component, 2) AS INTEGER) + 1)
		WHERE pupil_id = NEW.pupil_id AND academic_year = NEW.academic_year AND NEW.collection = 'eyfsp' AND NEW.qualifier = 'EL' AND (NEW.component GLOB 'E0[1-9]' OR NEW.component GLOB 'E1[0-7]');
END;

CREATE TRIGGER eyfsp_pack_delete AFTER DELETE ON statutory_result BEGIN
	UPDATE eyfsp_pack SET results = substr(results, 1, CAST(substr(OLD.component, 2) AS INTEGER) - 1) || '.' || substr(results, CAST(substr(OLD.component, 2) AS INTEGER) + 1)
		WHERE pupil_id = OLD.pupil_id AND academic_year = OLD.academic_year AND OLD.collection = 'eyfsp' AND OLD.qualifier = 'EL' AND (OLD.component GLOB 'E0[1-9]' OR OLD.component GLOB 'E1[0-7]');
	DELETE FROM eyfsp_pack WHERE pupil_id = OLD.pupil_id AND academic_year = OLD.academic_year AND results = '.................';
END;

-- Pack what is stored already: rewriting each EYFS profile result runs the
-- triggers above over it.
UPDATE statutory_result SET result = result WHERE collection = 'eyfsp';
