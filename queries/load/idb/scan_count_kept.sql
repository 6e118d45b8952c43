-- does: counts the rows the scan kept: the lines the scanner read and the re-read ones.
-- reads: _idb_scan, _idb_reread
-- writes: nothing
SELECT (SELECT count(*) FROM _idb_scan) + (SELECT count(*) FROM _idb_reread)
