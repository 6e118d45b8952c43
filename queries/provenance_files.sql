-- provenance_files: which files the FJC IDB records and the complaint-exhibit rows were read from.
-- Needs the idb_cases and exhibit_observations tables (builds since they joined the schema).
-- Parameters: none.
-- Columns: table_name (idb_cases | exhibit_observations), source_file, rows.
SELECT 'idb_cases' AS table_name, source_file, count(*) AS rows FROM idb_cases GROUP BY source_file
UNION ALL
SELECT 'exhibit_observations', source_file, count(*) FROM exhibit_observations GROUP BY source_file
ORDER BY table_name, source_file
