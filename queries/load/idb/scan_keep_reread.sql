-- does: adds the re-read lines the second scan kept (and that hold no NUL byte) to the file's kept rows.
-- reads: _idb_rescan; formatted in: {kept}, the needed columns' names (the reader's fixed list)
-- writes: _idb_scan
INSERT INTO _idb_scan SELECT {kept}, has_nul FROM _idb_rescan WHERE NOT has_nul
