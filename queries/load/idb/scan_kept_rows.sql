-- does: kept rows of one file, for the load: the needed columns, DISTRICT as text, the rows holding a NUL
--       byte left out (they are refused once the file's re-read lines are settled).
-- reads: {table} (formatted in: _idb_scan, the rows of the lines the scanner read, or _idb_reread)
-- writes: nothing
SELECT * EXCLUDE (has_nul) REPLACE (CAST("DISTRICT" AS VARCHAR) AS "DISTRICT") FROM {table} WHERE NOT has_nul
