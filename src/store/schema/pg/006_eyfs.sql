-- EYFS tracking (issue 5): assessments of a school's nursery and reception year
-- groups, one judgement per pupil and area of development (E01-E17), and a note
-- per pupil per assessment. Values are indexes into the scales of
-- core/framework.h: tracking 0 blank, 1 Below, 2 On track; ELG 0 blank,
-- 1 Emerging, 2 Expected, 3 Absent. Every row carries a version for optimistic
-- concurrency (a stale write is refused, never silently overwritten).

CREATE TABLE assessment (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	establishment_id BIGINT NOT NULL REFERENCES establishment (id),
	academic_year INTEGER NOT NULL,
	name TEXT COLLATE "C" NOT NULL,
	assessed_on TEXT COLLATE "C" NOT NULL,
	year_groups INTEGER NOT NULL CHECK (year_groups BETWEEN 1 AND 7),
	kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('tracking', 'elg')),
	completion_date TEXT COLLATE "C" NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX assessment_establishment_year ON assessment (establishment_id, academic_year);

CREATE TABLE judgement (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	assessment_id BIGINT NOT NULL REFERENCES assessment (id),
	pupil_id BIGINT NOT NULL REFERENCES pupil (id),
	area TEXT COLLATE "C" NOT NULL CHECK (length(area) = 3 AND substr(area, 1, 1) = 'E'),
	value INTEGER NOT NULL DEFAULT 0 CHECK (value BETWEEN 0 AND 3),
	colour TEXT COLLATE "C" NOT NULL DEFAULT '',
	note TEXT COLLATE "C" NOT NULL DEFAULT '',
	version BIGINT NOT NULL DEFAULT 1,
	updated_at BIGINT NOT NULL,
	updated_by TEXT COLLATE "C" NOT NULL DEFAULT '',
	UNIQUE (assessment_id, pupil_id, area)
);
CREATE INDEX judgement_pupil ON judgement (pupil_id);

CREATE TABLE assessment_note (
	assessment_id BIGINT NOT NULL REFERENCES assessment (id),
	pupil_id BIGINT NOT NULL REFERENCES pupil (id),
	note TEXT COLLATE "C" NOT NULL DEFAULT '',
	version BIGINT NOT NULL DEFAULT 1,
	updated_at BIGINT NOT NULL,
	updated_by TEXT COLLATE "C" NOT NULL DEFAULT '',
	PRIMARY KEY (assessment_id, pupil_id)
);
