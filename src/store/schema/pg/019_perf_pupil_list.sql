-- Performance (docs/performance.md, issue 4d): the pupil list and search pages
-- and the pupils API read only the columns a list shows
-- (store_pupil_search_brief), in name order within a school. This index has the
-- order's key and carries those columns, so a page of the list or a
-- surname-prefix search (a range of lower(surname)) can be an index-only scan
-- that stops at the page's end. It has the same key as pupil_establishment_name
-- (011_perf), which it replaces.

CREATE INDEX pupil_list ON pupil (establishment_id, lower(surname), lower(forenames), id)
	INCLUDE (archived, upn, surname, forenames, dob, gender, class_no, year_override);
DROP INDEX pupil_establishment_name;
