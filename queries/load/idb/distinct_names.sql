-- does: every distinct raw PLT and DEF value of one file's kept rows (each is read once, in Python).
-- reads: _idb_scan
-- writes: nothing
SELECT DISTINCT v FROM (SELECT "PLT" AS v FROM _idb_scan UNION SELECT "DEF" FROM _idb_scan) WHERE v IS NOT NULL
