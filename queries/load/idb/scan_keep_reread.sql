-- does: keeps the re-read lines the second scan kept (and that hold no NUL byte) as the file's re-read rows.
-- reads: _idb_rescan; formatted in: {kept}, the needed columns' names (the reader's fixed list)
-- writes: _idb_reread
INSERT INTO _idb_reread SELECT {kept}, has_nul FROM _idb_rescan WHERE NOT has_nul
