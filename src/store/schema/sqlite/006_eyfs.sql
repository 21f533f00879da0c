-- EYFS tracking (issue 5): assessments of a school's nursery and reception year
-- groups, one judgement per pupil and area of development (E01-E17), and a note
-- per pupil per assessment. Values are indexes into the scales of
-- core/framework.h: tracking 0 blank, 1 Below, 2 On track; ELG 0 blank,
-- 1 Emerging, 2 Expected, 3 Absent. Every row carries a version for optimistic
-- concurrency (a stale write is refused, never silently overwritten).

CREATE TABLE assessment (
	id INTEGER PRIMARY KEY,
	establishment_id INTEGER NOT NULL REFERENCES establishment (id),
	academic_year INTEGER NOT NULL,
	name TEXT NOT NULL,
	assessed_on TEXT NOT NULL,
	year_groups INTEGER NOT NULL CHECK (year_groups BETWEEN 1 AND 7),
	kind TEXT NOT NULL CHECK (kind IN ('tracking', 'elg')),
	completion_date TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX assessment_establishment_year ON assessment (establishment_id, academic_year);

CREATE TABLE judgement (
	id INTEGER PRIMARY KEY,
	assessment_id INTEGER NOT NULL REFERENCES assessment (id),
	pupil_id INTEGER NOT NULL REFERENCES pupil (id),
	area TEXT NOT NULL CHECK (length(area) = 3 AND substr(area, 1, 1) = 'E'),
	value INTEGER NOT NULL DEFAULT 0 CHECK (value BETWEEN 0 AND 3),
	colour TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	updated_at INTEGER NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	UNIQUE (assessment_id, pupil_id, area)
);
CREATE INDEX judgement_pupil ON judgement (pupil_id);

CREATE TABLE assessment_note (
	assessment_id INTEGER NOT NULL REFERENCES assessment (id),
	pupil_id INTEGER NOT NULL REFERENCES pupil (id),
	note TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	updated_at INTEGER NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (assessment_id, pupil_id)
);
