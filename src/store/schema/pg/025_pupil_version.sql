-- Performance (docs/performance.md, issue 5): a server process keeps the
-- pupils a grid covers in memory (store_cache.c) and serves them again
-- while nothing in the school's pupil records changed. pupil_version is how it
-- knows: a number per school that every insert, update or delete of one of its
-- pupils moves on, in whichever process or program made the change. The
-- session's look-up reads it with the school (STMT_SESSION_USER_EST_GET).
--
-- The number moves at the commit (deferred triggers), once per school per
-- transaction: a transaction takes its pupils' row locks before this row's,
-- so two that edit the same school wait for each other on the pupils rather
-- than deadlock here, and an import of 20,000 pupils moves it once, not
-- 20,000 times. A reader that sees the new number sees the changes with it.

CREATE TABLE pupil_version (
	establishment_id BIGINT PRIMARY KEY REFERENCES establishment (id),
	version BIGINT NOT NULL CHECK (version > 0)
);

INSERT INTO pupil_version (establishment_id, version)
	SELECT DISTINCT establishment_id, 1 FROM pupil;

-- Moves school est's number once in this transaction: the transaction-local
-- setting remembers that it has been moved (it ends with the transaction).
CREATE FUNCTION pupil_version_move(est BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('pupiltrack.pupil_version_' || est, true)
	   IS DISTINCT FROM 'moved' THEN
		INSERT INTO pupil_version AS v (establishment_id, version) VALUES (est, 1)
			ON CONFLICT (establishment_id) DO UPDATE SET version = v.version + 1;
		PERFORM set_config('pupiltrack.pupil_version_' || est, 'moved', true);
	END IF;
END;
$$;

-- The trigger: the row's own number moved inline (one statement a row at
-- most, the common case); a row moved from one to another moves the old one's
-- too.
CREATE FUNCTION pupil_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	key BIGINT := CASE WHEN TG_OP = 'DELETE' THEN OLD.establishment_id ELSE NEW.establishment_id END;
	done TEXT;
BEGIN
	IF TG_OP = 'UPDATE' AND OLD.establishment_id <> NEW.establishment_id THEN
		PERFORM pupil_version_move(OLD.establishment_id);
	END IF;
	IF current_setting('pupiltrack.pupil_version_' || key, true) IS DISTINCT FROM 'moved' THEN
		INSERT INTO pupil_version AS v (establishment_id, version) VALUES (key, 1)
			ON CONFLICT (establishment_id) DO UPDATE SET version = v.version + 1;
		done := set_config('pupiltrack.pupil_version_' || key, 'moved', true);
	END IF;
	RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER pupil_version_change AFTER INSERT OR UPDATE OR DELETE ON pupil
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	EXECUTE FUNCTION pupil_version_change();
