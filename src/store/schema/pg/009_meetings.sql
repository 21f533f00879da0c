-- Cohort progress meetings (issue 8b): the discussion-area question templates of
-- a school (seeded once per school from discussion_default, then the school's
-- own), the Reception progress meetings with their rows (questions copied from
-- the templates, barriers to learning, targeted support, specific groups), and
-- the news items LA officers publish to their schools. Dates are ISO text, ''
-- for "none"; an area of development is its ELG code (E01-E17) or ''. A
-- meeting keeps its text when its assessment is deleted (assessment_id NULL).

CREATE TABLE discussion_default (
	sort_order INTEGER NOT NULL,
	description TEXT COLLATE "C" NOT NULL
);
INSERT INTO discussion_default (sort_order, description) VALUES
	(1, 'Are there areas of learning that are causing concern with a significant number of children assessed as working ''below''?'),
	(2, 'Which children are assessed as working ''below'' and causing concern?'),
	(3, 'Are there any areas of learning that are performing better than expected?'),
	(4, 'Has there been any additional support/intervention used during the last term that has impacted on children''s learning?'),
	(5, 'Are there any specific children who have not made progress since the last school based assessment?'),
	(6, 'Are there any children that need to be supported to ensure achievement of Good Level of Development (GLD)?'),
	(7, 'General comments');

CREATE TABLE discussion_seeded (
	establishment_id BIGINT PRIMARY KEY REFERENCES establishment (id)
);

CREATE TABLE discussion_area (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	establishment_id BIGINT NOT NULL REFERENCES establishment (id),
	description TEXT COLLATE "C" NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
	sort_order INTEGER NOT NULL DEFAULT 0,
	kind TEXT COLLATE "C" NOT NULL DEFAULT 'cohort' CHECK (kind IN ('cohort')),
	start_date TEXT COLLATE "C" NOT NULL DEFAULT '',
	end_date TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX discussion_area_establishment ON discussion_area (establishment_id);

CREATE TABLE progress_meeting (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	establishment_id BIGINT NOT NULL REFERENCES establishment (id),
	academic_year INTEGER NOT NULL,
	class_no INTEGER NOT NULL DEFAULT 0 CHECK (class_no BETWEEN 0 AND 20),
	teacher TEXT COLLATE "C" NOT NULL,
	held_on TEXT COLLATE "C" NOT NULL,
	assessment_id BIGINT REFERENCES assessment (id) ON DELETE SET NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX progress_meeting_establishment ON progress_meeting (establishment_id, academic_year);

CREATE TABLE meeting_row (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	meeting_id BIGINT NOT NULL REFERENCES progress_meeting (id),
	section TEXT COLLATE "C" NOT NULL CHECK (section IN ('question', 'barrier', 'targeted', 'group')),
	position INTEGER NOT NULL,
	pupil_id BIGINT REFERENCES pupil (id),
	area TEXT COLLATE "C" NOT NULL DEFAULT '',
	title TEXT COLLATE "C" NOT NULL DEFAULT '',
	notes TEXT COLLATE "C" NOT NULL DEFAULT '',
	steps TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX meeting_row_meeting ON meeting_row (meeting_id);

CREATE TABLE news_item (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	la_id BIGINT NOT NULL REFERENCES local_authority (id),
	title TEXT COLLATE "C" NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	body TEXT COLLATE "C" NOT NULL DEFAULT '',
	show_from TEXT COLLATE "C" NOT NULL,
	show_until TEXT COLLATE "C" NOT NULL DEFAULT '',
	created_by TEXT COLLATE "C" NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL
);
CREATE INDEX news_item_la ON news_item (la_id);
