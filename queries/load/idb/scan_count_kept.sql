-- does: counts the rows the scan kept.
-- reads: _idb_scan
-- writes: nothing
SELECT count(*) FROM _idb_scan
