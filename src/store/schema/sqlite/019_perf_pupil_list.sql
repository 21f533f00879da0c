-- Performance (docs/performance.md, issue 4d): the pupil list and search pages
-- and the pupils API read only the columns a list shows
-- (store_pupil_search_brief), in name order within a school. This index holds
-- all of them after the order's key, so a page of the list, a surname-prefix
-- search (a range of lower(surname)) and the school's count are each one pass
-- over the index, with no look-up of every pupil in the table. It has the same
-- key as pupil_establishment_name (011_perf), which it replaces.

CREATE INDEX pupil_list ON pupil (establishment_id, lower(surname), lower(forenames), id,
	archived, upn, surname, forenames, dob, gender, class_no, year_override);
DROP INDEX pupil_establishment_name;
