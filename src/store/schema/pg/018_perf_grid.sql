-- Performance (docs/performance.md, issue 5b): a grid reads every cell of one
-- assessment in (pupil, area) order. This index holds every column the grid
-- reads, so the read can be an index-only scan instead of a look-up of each of
-- the 1,530 rows of a 90-pupil grid in the table (the same index as SQLite's).

CREATE INDEX judgement_grid ON judgement (assessment_id, pupil_id, area, value, colour, version,
	updated_at, updated_by, note);
