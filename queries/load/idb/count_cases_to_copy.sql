-- does: counts the cases the IDB's copy in source_cases holds (Doe cases, and cases a docket source also
--       knows; wanted_source_cases): the build's derivation (the IDB's rederive steps) writes them, once.
-- reads: idb_cases, source_cases (the cases other sources know)
-- writes: nothing
SELECT count(DISTINCT case_id)
FROM idb_cases
WHERE case_id IN (SELECT case_id FROM idb_cases WHERE is_doe)
   OR case_id IN (SELECT case_id FROM source_cases WHERE source <> 'idb')
