-- does: drops one of the scan's own tables, if it is there.
-- reads: nothing
-- writes: {table} (formatted in: one of the scan's fixed table names, _idb_errors, _idb_scans, _idb_rescan...)
DROP TABLE IF EXISTS {table}
