-- does: counts the idb_cases rows (before and after the tape years are collapsed).
-- reads: idb_cases
-- writes: nothing
SELECT count(*) FROM idb_cases
