-- does: drops the kept rows holding a NUL byte (each is refused and reported instead).
-- reads: _idb_scan
-- writes: _idb_scan
DELETE FROM _idb_scan WHERE has_nul
