-- does: makes the empty table of the file's re-read rows (the columns of _idb_scan).
-- reads: _idb_scan
-- writes: _idb_reread
CREATE OR REPLACE TEMP TABLE _idb_reread AS SELECT * FROM _idb_scan LIMIT 0
