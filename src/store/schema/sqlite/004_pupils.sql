-- 004_pupils (SQLite): each user's saved pupil-list selection per establishment,
-- and YEAR_NONE (-99, core/calendar.h) as the default year override: 0 would
-- mean Reception. SQLite cannot change a column default in place, so the pupil
-- table is rebuilt (nothing references it yet). Mirrors schema/pg/004_pupils.sql.

CREATE TABLE pupil_new (
	id INTEGER PRIMARY KEY,
	establishment_id INTEGER NOT NULL REFERENCES establishment (id),
	upn TEXT NOT NULL UNIQUE,
	surname TEXT NOT NULL,
	forenames TEXT NOT NULL DEFAULT '',
	dob TEXT,
	gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'M', 'F')),
	postcode TEXT NOT NULL DEFAULT '',
	ethnicity TEXT NOT NULL DEFAULT '',
	sen TEXT NOT NULL DEFAULT '',
	sen_notes TEXT NOT NULL DEFAULT '',
	class_no INTEGER NOT NULL DEFAULT 0 CHECK (class_no BETWEEN 0 AND 20),
	year_override INTEGER NOT NULL DEFAULT -99,
	disadvantaged INTEGER NOT NULL DEFAULT 0,
	eal INTEGER NOT NULL DEFAULT 0,
	pupil_premium INTEGER NOT NULL DEFAULT 0,
	fsm INTEGER NOT NULL DEFAULT 0,
	custom1 INTEGER NOT NULL DEFAULT 0,
	custom2 INTEGER NOT NULL DEFAULT 0,
	custom3 INTEGER NOT NULL DEFAULT 0,
	custom4 INTEGER NOT NULL DEFAULT 0,
	custom5 INTEGER NOT NULL DEFAULT 0,
	custom6 INTEGER NOT NULL DEFAULT 0,
	include_in_data INTEGER NOT NULL DEFAULT 1,
	archived INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1
);
INSERT INTO pupil_new SELECT * FROM pupil;
DROP TABLE pupil;
ALTER TABLE pupil_new RENAME TO pupil;
CREATE INDEX pupil_establishment_surname ON pupil (establishment_id, surname, forenames);

CREATE TABLE pupil_selection (
	user_id INTEGER NOT NULL REFERENCES app_user (id),
	establishment_id INTEGER NOT NULL REFERENCES establishment (id),
	query TEXT NOT NULL,
	PRIMARY KEY (user_id, establishment_id)
);
