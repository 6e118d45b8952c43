-- does: the source_cases rows of source 'idb' this build wants, as source_cases holds them (its columns, in
--       its order): Doe cases, and cases a docket source also knows; a case with several records
--       (reopened) takes its first filing date and its last record's ending.
-- reads: idb_cases, source_cases (the cases other sources know)
-- writes: _idb_source_cases (a temporary table: delete_source_cases and insert_source_cases compare the
--         stored rows with it, and drop_wanted_source_cases drops it)
CREATE OR REPLACE TEMP TABLE _idb_source_cases AS
SELECT case_id, court_id, docket_number_core AS docket_number, docket_number_core, office,
       concat_ws(' v. ', plaintiff_raw, defendant_raw) AS case_name, plaintiff_raw, plaintiff, plaintiff_key,
       CAST(NULL AS VARCHAR) AS assigned_judge, CAST(NULL AS VARCHAR) AS referred_judge,
       first_filed AS date_filed, date_terminated, does_count AS does_in_caption,
       CASE WHEN nos = 820 THEN '820 Copyright' ELSE CAST(nos AS VARCHAR) END AS nature_of_suit,
       disposition, CAST(NULL AS VARCHAR) AS outcome_summary,
       nullif(concat_ws(';', flags, CASE WHEN records > 1 AND coalesce(flags, '') NOT LIKE '%idb_reopened%'
                                         THEN 'idb_reopened' END), '') AS flags,
       'idb' AS source, CAST(NULL AS VARCHAR) AS source_url, CAST(NULL AS TIMESTAMP) AS retrieved_at
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
