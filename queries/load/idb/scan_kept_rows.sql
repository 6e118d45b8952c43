-- does: the kept rows of one file, for the load: the needed columns, DISTRICT as text.
-- reads: _idb_scan
-- writes: nothing
SELECT * EXCLUDE (has_nul) REPLACE (CAST("DISTRICT" AS VARCHAR) AS "DISTRICT") FROM _idb_scan
