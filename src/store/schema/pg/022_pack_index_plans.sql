-- Performance (docs/performance.md, "CTF import on PostgreSQL"): the EYFS
-- profile pack trigger (015_report_pack.sql) finds a pupil's pack row by its
-- primary key. When statutory_result and eyfsp_pack were analysed while still
-- empty (VACUUM ANALYZE of a new database, or autovacuum), the planner believes
-- them empty whatever they grow to inside one transaction and plans a
-- sequential scan: a 20,000-pupil CTF import then rescanned the growing pack
-- table for each of its 340,000 results (minutes, not seconds). Every statement
-- of the trigger is a primary-key look-up, so its plans are made without
-- sequential scans, whatever the statistics say.
ALTER FUNCTION eyfsp_pack_sync() SET enable_seqscan = off;
