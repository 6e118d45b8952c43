-- does: counts the lines the scanner refused (a line refused for several columns counts once).
-- reads: _idb_errors
-- writes: nothing
SELECT count(DISTINCT line) FROM _idb_errors
