-- Statutory entry lists (issue 6): a pupil archived during an academic year
-- (one who left the school) stays on that year's entry lists, marked left, so
-- the school can still enter a result such as L (left) or a mark from before
-- they went; without a result they are left out of the return and hold
-- nothing back. archived_at is when the pupil was last archived (unix
-- seconds, database clock), 0 while on roll.
ALTER TABLE pupil ADD COLUMN archived_at INTEGER NOT NULL DEFAULT 0;

-- Pupils archived before this migration: when the audit says they were.
UPDATE pupil SET archived_at = COALESCE((SELECT max(a.at) FROM audit a
	WHERE a.object = 'pupil ' || pupil.id AND a.field = 'archived'
	AND a.new_value = 'yes'), 0)
	WHERE archived <> 0;
