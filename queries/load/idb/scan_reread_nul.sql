-- does: the original line numbers of re-read lines that hold a NUL byte.
-- reads: _idb_rescan; formatted in: {reread_line}, the reader's fixed name of the line-number column
-- writes: nothing
SELECT "{reread_line}" FROM _idb_rescan WHERE has_nul
