-- does: copies Doe cases, and cases a docket source also knows, to source_cases as rows of source 'idb';
--       a case with several records (reopened) takes its first filing date and its last record's ending.
-- reads: idb_cases, source_cases (the cases other sources know)
-- writes: source_cases
INSERT INTO source_cases (case_id, court_id, docket_number, docket_number_core, office, case_name, plaintiff_raw,
                          plaintiff, plaintiff_key, date_filed, date_terminated, does_in_caption, nature_of_suit,
                          disposition, flags, source)
SELECT case_id, court_id, docket_number_core, docket_number_core, office,
       concat_ws(' v. ', plaintiff_raw, defendant_raw), plaintiff_raw, plaintiff, plaintiff_key, first_filed,
       date_terminated, does_count, CASE WHEN nos = 820 THEN '820 Copyright' ELSE CAST(nos AS VARCHAR) END,
       disposition,
       nullif(concat_ws(';', flags, CASE WHEN records > 1 AND coalesce(flags, '') NOT LIKE '%idb_reopened%'
                                         THEN 'idb_reopened' END), ''),
       'idb'
FROM (
    SELECT i.*, count(*) OVER (PARTITION BY i.case_id) AS records,
           min(i.date_filed) OVER (PARTITION BY i.case_id) AS first_filed,
           row_number() OVER (PARTITION BY i.case_id
                              ORDER BY i.date_filed DESC NULLS LAST, i.tape_year DESC NULLS LAST) AS latest
    FROM idb_cases AS i
    WHERE i.case_id IN (SELECT case_id FROM idb_cases WHERE is_doe)
       OR i.case_id IN (SELECT case_id FROM source_cases WHERE source <> 'idb')
) AS c
WHERE latest = 1
