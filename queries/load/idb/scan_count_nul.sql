-- does: counts the kept rows holding a NUL byte (they are re-read, then refused).
-- reads: _idb_scan
-- writes: nothing
SELECT count(*) FROM _idb_scan WHERE has_nul
