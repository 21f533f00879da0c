-- Statutory results (issue 6): one result per pupil, collection (eyfsp, phonics,
-- ks1, ks2), academic year and CTF component/result qualifier (E01/EL, PSC/PM,
-- WR/TA ...), as the code table names them; and the submission of a school's
-- collection for a year, which locks its results until an LA officer unlocks
-- it with a reason. The rules live in core/statutory.c, not here.

CREATE TABLE statutory_result (
	id INTEGER PRIMARY KEY,
	establishment_id INTEGER NOT NULL REFERENCES establishment (id),
	pupil_id INTEGER NOT NULL REFERENCES pupil (id),
	collection TEXT NOT NULL CHECK (collection IN ('eyfsp', 'phonics', 'ks1', 'ks2')),
	academic_year INTEGER NOT NULL,
	component TEXT NOT NULL CHECK (length(component) BETWEEN 1 AND 7),
	qualifier TEXT NOT NULL CHECK (length(qualifier) BETWEEN 1 AND 7),
	result TEXT NOT NULL CHECK (length(result) BETWEEN 1 AND 15),
	updated_at INTEGER NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	UNIQUE (pupil_id, collection, academic_year, component, qualifier)
);
CREATE INDEX statutory_result_school ON statutory_result (establishment_id, collection,
	academic_year);

CREATE TABLE statutory_submission (
	establishment_id INTEGER NOT NULL REFERENCES establishment (id),
	collection TEXT NOT NULL CHECK (collection IN ('eyfsp', 'phonics', 'ks1', 'ks2')),
	academic_year INTEGER NOT NULL,
	submitted INTEGER NOT NULL DEFAULT 0 CHECK (submitted IN (0, 1)),
	submitted_by TEXT NOT NULL DEFAULT '',
	submitted_at INTEGER NOT NULL DEFAULT 0,
	unlocked_by TEXT NOT NULL DEFAULT '',
	unlocked_at INTEGER NOT NULL DEFAULT 0,
	unlock_reason TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (establishment_id, collection, academic_year)
);
