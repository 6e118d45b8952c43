-- does: drops the temporary table of wanted rows once source_cases holds them.
-- reads: nothing
-- writes: _idb_source_cases (dropped)
DROP TABLE _idb_source_cases
