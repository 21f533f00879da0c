-- Performance (docs/performance.md, issue 5): a server process keeps the grid
-- screen's cells and notes of an assessment in memory (store_cache.c) and
-- serves them again while none of them changed. judgement_version is how it
-- knows: a number per assessment that every insert, update or delete of one
-- of its cells (judgement) or pupils' notes (assessment_note) moves on, in
-- whichever process or program made the change. The assessment's reads
-- (ASSESS_COLS) carry it.
--
-- As pupil_version (025): moved at the commit (deferred triggers), once per
-- assessment per transaction, so that two writers of one grid wait for each
-- other on the cells rather than deadlock here, and an import writing 340,000
-- cells moves it once. No foreign key: a cell deleted with its assessment
-- moves the number at the commit, after the assessment has gone; the row
-- left behind moves on again if the id is ever used anew, so no answer kept
-- for the old assessment can serve the new one.

CREATE TABLE judgement_version (
	assessment_id BIGINT PRIMARY KEY,
	version BIGINT NOT NULL CHECK (version > 0)
);

INSERT INTO judgement_version (assessment_id, version) SELECT id, 1 FROM assessment;

CREATE FUNCTION judgement_version_move(a BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('pupiltrack.judgement_version_' || a, true)
	   IS DISTINCT FROM 'moved' THEN
		INSERT INTO judgement_version AS v (assessment_id, version) VALUES (a, 1)
			ON CONFLICT (assessment_id) DO UPDATE SET version = v.version + 1;
		PERFORM set_config('pupiltrack.judgement_version_' || a, 'moved', true);
	END IF;
END;
$$;

-- The trigger: the row's own number moved inline (one statement a row at
-- most, the common case); a row moved from one to another moves the old one's
-- too.
CREATE FUNCTION judgement_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	key BIGINT := CASE WHEN TG_OP = 'DELETE' THEN OLD.assessment_id ELSE NEW.assessment_id END;
	done TEXT;
BEGIN
	IF TG_OP = 'UPDATE' AND OLD.assessment_id <> NEW.assessment_id THEN
		PERFORM judgement_version_move(OLD.assessment_id);
	END IF;
	IF current_setting('pupiltrack.judgement_version_' || key, true) IS DISTINCT FROM 'moved' THEN
		INSERT INTO judgement_version AS v (assessment_id, version) VALUES (key, 1)
			ON CONFLICT (assessment_id) DO UPDATE SET version = v.version + 1;
		done := set_config('pupiltrack.judgement_version_' || key, 'moved', true);
	END IF;
	RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER judgement_version_change AFTER INSERT OR UPDATE OR DELETE
	ON judgement DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	EXECUTE FUNCTION judgement_version_change();

CREATE CONSTRAINT TRIGGER judgement_version_note AFTER INSERT OR UPDATE OR DELETE
	ON assessment_note DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	EXECUTE FUNCTION judgement_version_change();
