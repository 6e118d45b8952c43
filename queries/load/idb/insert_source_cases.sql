-- does: writes the wanted source_cases rows of source 'idb' that are not stored (new, or changed and deleted
--       by delete_source_cases).
-- reads: _idb_source_cases (wanted_source_cases), source_cases
-- writes: source_cases
INSERT INTO source_cases
SELECT w.* FROM _idb_source_cases AS w
WHERE NOT EXISTS (SELECT 1 FROM source_cases AS s WHERE s.source = 'idb' AND s.case_id = w.case_id)
