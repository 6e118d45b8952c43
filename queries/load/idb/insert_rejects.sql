-- does: records one file's refused lines (file, line, reason, raw line with addresses pseudonymised).
-- reads: _idb_reject_rows
-- writes: idb_rejects
INSERT INTO idb_rejects SELECT * FROM _idb_reject_rows
