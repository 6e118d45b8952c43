-- does: removes the source_cases rows of source 'idb' that this build no longer wants as they are (the case
--       left the copy, or one of its values changed); the rows wanted unchanged stay, so a build whose IDB
--       records did not change deletes and rewrites nothing (deleting ~50,000 rows cost a second at commit).
-- reads: source_cases, _idb_source_cases (wanted_source_cases)
-- writes: source_cases
DELETE FROM source_cases AS s
WHERE s.source = 'idb'
  AND s.case_id IN (SELECT case_id FROM (SELECT * FROM source_cases WHERE source = 'idb'
                                         EXCEPT SELECT * FROM _idb_source_cases) AS changed)
