-- Performance (docs/performance.md): the pupil list is ordered by
-- lower(surname), lower(forenames), id within a school; this index serves that
-- order, so a page reads its rows in order and stops at the page's end instead
-- of sorting the whole school.

CREATE INDEX pupil_establishment_name ON pupil (establishment_id, lower(surname), lower(forenames), id);
