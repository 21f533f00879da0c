-- Performance (docs/performance.md, issue 5b): a grid reads every cell of one
-- assessment in (pupil, area) order. With only the unique key's index SQLite
-- looks each of the 1,530 rows of a 90-pupil grid up in the table; this index
-- holds every column the grid reads, so the read is one pass over the index.
-- A cell write updates it too (one more b-tree entry per write).

CREATE INDEX judgement_grid ON judgement (assessment_id, pupil_id, area, value, colour, version,
	updated_at, updated_by, note);
