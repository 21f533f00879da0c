-- 004_pupils (PostgreSQL): each user's saved pupil-list selection per
-- establishment, and YEAR_NONE (-99, core/calendar.h) as the default year
-- override: 0 would mean Reception. Mirrors schema/sqlite/004_pupils.sql.

ALTER TABLE pupil ALTER COLUMN year_override SET DEFAULT -99;

CREATE TABLE pupil_selection (
	user_id BIGINT NOT NULL REFERENCES app_user (id),
	establishment_id BIGINT NOT NULL REFERENCES establishment (id),
	query TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (user_id, establishment_id)
);
