-- Performance (docs/performance.md, issue 4): the pupil list shows the school's
-- number of pupils on roll (archived = 0) beside each page. Counting them for
-- every page read 2,000 index entries of a 2,000-pupil school (0.2-0.45 ms of
-- the list statement's 0.5 ms on PostgreSQL). pupil_roll keeps that number,
-- maintained by the triggers below on every insert, delete, archive, restore
-- or move of a pupil, so the list reads one row instead. A plain edit of a
-- pupil (the update trigger's WHEN) does not touch it.

CREATE TABLE pupil_roll (
	establishment_id BIGINT PRIMARY KEY REFERENCES establishment (id),
	on_roll BIGINT NOT NULL CHECK (on_roll >= 0)
);

INSERT INTO pupil_roll (establishment_id, on_roll)
	SELECT establishment_id, count(*) FROM pupil WHERE archived = 0
	GROUP BY establishment_id;

-- Inserts: once per statement, so a CSV import of 2,000 pupils is one upsert
-- per school rather than 2,000.
CREATE FUNCTION pupil_roll_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO pupil_roll (establishment_id, on_roll)
		SELECT establishment_id, count(*) FROM pupil_roll_new WHERE archived = 0
		GROUP BY establishment_id ORDER BY establishment_id
		ON CONFLICT (establishment_id)
		DO UPDATE SET on_roll = pupil_roll.on_roll + EXCLUDED.on_roll;
	RETURN NULL;
END;
$$;

CREATE TRIGGER pupil_roll_insert AFTER INSERT ON pupil
	REFERENCING NEW TABLE AS pupil_roll_new
	FOR EACH STATEMENT EXECUTE FUNCTION pupil_roll_insert();

-- Updates and deletes: per row, for an update only when the pupil leaves or
-- joins a school's roll, and deferred to the commit: a transaction then takes
-- its pupils' row locks before the roll's, so two that archive the same
-- pupils of a school wait for each other on the pupils, as they did before,
-- rather than deadlock over the roll.
CREATE FUNCTION pupil_roll_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.archived = 0 THEN
		UPDATE pupil_roll SET on_roll = on_roll - 1
			WHERE establishment_id = OLD.establishment_id;
	END IF;
	IF TG_OP = 'UPDATE' AND NEW.archived = 0 THEN
		INSERT INTO pupil_roll (establishment_id, on_roll)
			VALUES (NEW.establishment_id, 1)
			ON CONFLICT (establishment_id)
			DO UPDATE SET on_roll = pupil_roll.on_roll + 1;
	END IF;
	RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER pupil_roll_update AFTER UPDATE OF archived, establishment_id
	ON pupil DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
	WHEN ((OLD.archived = 0) <> (NEW.archived = 0)
	      OR OLD.establishment_id <> NEW.establishment_id)
	EXECUTE FUNCTION pupil_roll_change();

CREATE CONSTRAINT TRIGGER pupil_roll_delete AFTER DELETE ON pupil
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.archived = 0)
	EXECUTE FUNCTION pupil_roll_change();
