-- Statutory results (issue 6): one result per pupil, collection (eyfsp, phonics,
-- ks1, ks2), academic year and CTF component/result qualifier (E01/EL, PSC/PM,
-- WR/TA ...), as the code table names them; and the submission of a school's
-- collection for a year, which locks its results until an LA officer unlocks
-- it with a reason. The rules live in core/statutory.c, not here.

CREATE TABLE statutory_result (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	establishment_id BIGINT NOT NULL REFERENCES establishment (id),
	pupil_id BIGINT NOT NULL REFERENCES pupil (id),
	collection TEXT COLLATE "C" NOT NULL
		CHECK (collection IN ('eyfsp', 'phonics', 'ks1', 'ks2')),
	academic_year INTEGER NOT NULL,
	component TEXT COLLATE "C" NOT NULL CHECK (length(component) BETWEEN 1 AND 7),
	qualifier TEXT COLLATE "C" NOT NULL CHECK (length(qualifier) BETWEEN 1 AND 7),
	result TEXT COLLATE "C" NOT NULL CHECK (length(result) BETWEEN 1 AND 15),
	updated_at BIGINT NOT NULL,
	updated_by TEXT COLLATE "C" NOT NULL DEFAULT '',
	UNIQUE (pupil_id, collection, academic_year, component, qualifier)
);
CREATE INDEX statutory_result_school ON statutory_result (establishment_id, collection,
	academic_year);

CREATE TABLE statutory_submission (
	establishment_id BIGINT NOT NULL REFERENCES establishment (id),
	collection TEXT COLLATE "C" NOT NULL
		CHECK (collection IN ('eyfsp', 'phonics', 'ks1', 'ks2')),
	academic_year INTEGER NOT NULL,
	submitted INTEGER NOT NULL DEFAULT 0 CHECK (submitted IN (0, 1)),
	submitted_by TEXT COLLATE "C" NOT NULL DEFAULT '',
	submitted_at BIGINT NOT NULL DEFAULT 0,
	unlocked_by TEXT COLLATE "C" NOT NULL DEFAULT '',
	unlocked_at BIGINT NOT NULL DEFAULT 0,
	unlock_reason TEXT COLLATE "C" NOT NULL DEFAULT '',
	PRIMARY KEY (establishment_id, collection, academic_year)
);
