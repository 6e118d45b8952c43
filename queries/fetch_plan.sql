-- fetch_plan: the cases matching the filters whose docket is not fully known, to fetch from
-- CourtListener's API (`doedocket fetch courtlistener --plan`, pipelines/fetch/plan.py).
-- Parameters: the common filters (see _filtered_cases.sql).
-- Columns: case_id, court_id, docket_number, docket_number_core, case_name, plaintiff, date_filed,
--   docket_coverage (none: known only from the IDB or the census; partial: RSS items or a docket
--   history only), docket_id (CourtListener's docket id, read from the census row's address; NULL
--   when not known: a search finds it), entries_known (docket entries the build holds),
--   typical_entries (median docket entries of the build's full dockets, for estimating pages; NULL
--   when there is none).
WITH census AS (
    SELECT case_id,
           max(TRY_CAST(regexp_extract(source_url, 'courtlistener\.com/docket/(\d+)/', 1) AS BIGINT)) AS docket_id
    FROM source_cases
    WHERE source = 'courtlistener_bulk'
    GROUP BY case_id
),
entries AS (
    SELECT case_id, count(*) AS entries FROM docket_entries GROUP BY case_id
)
SELECT f.case_id, f.court_id, f.docket_number, f.docket_number_core, f.case_name, f.plaintiff, f.date_filed,
       f.docket_coverage, c.docket_id, coalesce(e.entries, 0) AS entries_known,
       (SELECT CAST(median(x.entries) AS BIGINT) FROM entries AS x
        JOIN docket_coverage AS k ON k.case_id = x.case_id WHERE k.docket_coverage = 'full') AS typical_entries
FROM filtered_cases AS f
LEFT JOIN census AS c ON c.case_id = f.case_id
LEFT JOIN entries AS e ON e.case_id = f.case_id
WHERE f.docket_coverage <> 'full'
ORDER BY f.date_filed NULLS LAST, f.court_id, f.case_id
