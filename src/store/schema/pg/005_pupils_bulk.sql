-- issue 4b: interventions on a pupil, and requests to move a pupil between schools.
-- Both hang off pupil.id, so they move with the pupil when its school changes.

CREATE TABLE intervention (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	pupil_id BIGINT NOT NULL REFERENCES pupil (id),
	academic_year INTEGER NOT NULL CHECK (academic_year BETWEEN 2000 AND 2100),
	assessment TEXT COLLATE "C" NOT NULL DEFAULT '',
	details TEXT COLLATE "C" NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX intervention_pupil ON intervention (pupil_id, academic_year);

CREATE TABLE transfer_request (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	pupil_id BIGINT NOT NULL REFERENCES pupil (id),
	from_establishment_id BIGINT NOT NULL REFERENCES establishment (id),
	to_establishment_id BIGINT NOT NULL REFERENCES establishment (id),
	requested_by TEXT COLLATE "C" NOT NULL DEFAULT '',
	requested_at BIGINT NOT NULL,
	status TEXT COLLATE "C" NOT NULL DEFAULT 'pending'
		CHECK (status IN ('pending', 'confirmed', 'refused')),
	decided_by TEXT COLLATE "C" NOT NULL DEFAULT '',
	decided_at BIGINT NOT NULL DEFAULT 0
);
-- One open request per pupil and requesting school.
CREATE UNIQUE INDEX transfer_request_pending ON transfer_request (pupil_id, to_establishment_id)
	WHERE status = 'pending';
CREATE INDEX transfer_request_from ON transfer_request (from_establishment_id, status);
CREATE INDEX transfer_request_to ON transfer_request (to_establishment_id, status);
