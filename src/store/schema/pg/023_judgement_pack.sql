-- The EYFS grid screen (issue 5, docs/performance.md "The grid read from one row
-- per pupil"): the cells of one pupil in one assessment packed in one row, so
-- that a 90-pupil grid reads 90 rows instead of 1,530. judgement stays the
-- record: a trigger keeps this table in step with every insert, update and
-- delete of a cell, and a row goes when its last cell goes.
--
-- cells holds 17 slots of 12 characters, E01 first. A slot is the value (one
-- digit, 0 to 3), '1' when the cell has a colour or a note (the grid then reads
-- those from judgement, through judgement_extra) else '0', and the version in 10
-- digits. A slot of twelve zeros is a cell never written.

CREATE TABLE judgement_pack (
	assessment_id BIGINT NOT NULL,
	pupil_id BIGINT NOT NULL,
	cells TEXT COLLATE "C" NOT NULL CHECK (length(cells) = 204),
	PRIMARY KEY (assessment_id, pupil_id)
);

-- The cells with a colour or a note: few, read after the pack.
CREATE INDEX judgement_extra ON judgement (assessment_id, pupil_id, area, value, colour, version, note)
	WHERE colour <> '' OR note <> '';

-- A cell's own row and area never change (a pupil keeps its id when it moves
-- school): an update rewrites the slot of the new values only.
CREATE FUNCTION judgement_pack_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	at integer;
	slot text;
BEGIN
	IF TG_OP = 'DELETE' THEN
		at := (CAST(substr(OLD.area, 2) AS integer) - 1) * 12 + 1;
		UPDATE judgement_pack SET cells = overlay(cells PLACING '000000000000' FROM at FOR 12)
			WHERE assessment_id = OLD.assessment_id AND pupil_id = OLD.pupil_id;
		DELETE FROM judgement_pack WHERE assessment_id = OLD.assessment_id
			AND pupil_id = OLD.pupil_id AND btrim(cells, '0') = '';
		RETURN NULL;
	END IF;
	at := (CAST(substr(NEW.area, 2) AS integer) - 1) * 12 + 1;
	slot := NEW.value::text || CASE WHEN NEW.colour <> '' OR NEW.note <> '' THEN '1' ELSE '0' END
		|| lpad(NEW.version::text, 10, '0');
	INSERT INTO judgement_pack AS p (assessment_id, pupil_id, cells)
		VALUES (NEW.assessment_id, NEW.pupil_id, overlay(repeat('0', 204) PLACING slot FROM at FOR 12))
		ON CONFLICT (assessment_id, pupil_id) DO UPDATE SET cells = overlay(p.cells PLACING slot FROM at FOR 12);
	RETURN NULL;
END
$$;
-- Primary-key look-ups only, whatever the statistics say (022_pack_index_plans.sql).
ALTER FUNCTION judgement_pack_sync() SET enable_seqscan = off;

CREATE TRIGGER judgement_pack_sync AFTER INSERT OR DELETE OR UPDATE OF value, colour, note, version
	ON judgement FOR EACH ROW EXECUTE FUNCTION judgement_pack_sync();

-- Pack what is stored already: rewriting each cell runs the trigger over it.
UPDATE judgement SET version = version;
