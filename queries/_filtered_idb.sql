-- _filtered_idb.sql: the FJC IDB copyright cases every national question starts from, narrowed by
-- the sidebar filters. Not a question of its own: pipelines/queries.py puts it in front of any
-- query that reads `filtered_idb`, as the common table expression of that name.
-- One row per case (case_id) with nature of suit 820 (copyright). idb_cases already holds one
-- record per case and filing date (records from several tape years collapsed to the newest); a
-- reopened case (same docket, later filing date) has several, which become one case here: filed
-- on its first filing date, ended as its latest record says (date_terminated, disp), a Doe case
-- when any record's DEF names Does, does_count the largest Doe count its records give.
-- plaintiff_name is the spelling of the case's plaintiff_key that most IDB copyright cases use
-- (ties: alphabetical), so one plaintiff has one name whatever the filters.
-- Parameters (all optional; NULL = no filter): $court (court ids), $plaintiff (names or keys: a case
-- matches a value that is its plaintiff_key, or a spelling that some IDB record or `cases` row of
-- the same plaintiff_key uses, so "ALPHA FILMS LLC" also finds "ALPHA FILMS, LLC"), $filed_from,
-- $filed_to (ISO dates, on the first filing date; cases without one are left out when either is
-- set), $exclude_plaintiff (one plaintiff to leave out, matched the same way).
-- Output columns: case_id, court_id, district_code, plaintiff, plaintiff_name, plaintiff_key,
--   defendant_raw, is_doe, does_count, date_filed, date_terminated, disp, disposition, records.
SELECT c.case_id, c.court_id, c.district_code, c.plaintiff, n.plaintiff_name, c.plaintiff_key, c.defendant_raw,
       c.any_doe = 1 AS is_doe, c.max_does AS does_count, c.first_filed AS date_filed, c.date_terminated,
       c.disp, c.disposition, c.records
FROM (
    SELECT i.*,
           min(i.date_filed) OVER (PARTITION BY i.case_id) AS first_filed,
           max(CASE WHEN i.is_doe THEN 1 ELSE 0 END) OVER (PARTITION BY i.case_id) AS any_doe,
           max(i.does_count) OVER (PARTITION BY i.case_id) AS max_does,
           count(*) OVER (PARTITION BY i.case_id) AS records,
           row_number() OVER (PARTITION BY i.case_id
                              ORDER BY i.date_filed DESC NULLS LAST, i.tape_year DESC NULLS LAST) AS latest
    FROM idb_cases AS i
    WHERE i.nos = 820
) AS c
LEFT JOIN (
    SELECT plaintiff_key, plaintiff AS plaintiff_name
    FROM (
        SELECT plaintiff_key, plaintiff,
               row_number() OVER (PARTITION BY plaintiff_key ORDER BY count(*) DESC, plaintiff) AS rn
        FROM idb_cases
        WHERE nos = 820 AND plaintiff_key IS NOT NULL AND plaintiff IS NOT NULL
        GROUP BY plaintiff_key, plaintiff
    ) AS s
    WHERE rn = 1
) AS n ON n.plaintiff_key = c.plaintiff_key
WHERE c.latest = 1
  AND ($court IS NULL OR list_contains(CAST($court AS VARCHAR[]), c.court_id))
  AND ($filed_from IS NULL OR c.first_filed >= CAST($filed_from AS DATE))
  AND ($filed_to IS NULL OR c.first_filed <= CAST($filed_to AS DATE))
  AND ($plaintiff IS NULL
       OR list_contains(CAST($plaintiff AS VARCHAR[]), c.plaintiff_key)
       OR c.plaintiff_key IN (SELECT s.plaintiff_key FROM idb_cases AS s
                              WHERE s.plaintiff_key IS NOT NULL
                                AND list_contains(CAST($plaintiff AS VARCHAR[]), s.plaintiff))
       OR c.plaintiff_key IN (SELECT k.plaintiff_key FROM cases AS k
                              WHERE k.plaintiff_key IS NOT NULL
                                AND list_contains(CAST($plaintiff AS VARCHAR[]), k.plaintiff)))
  AND ($exclude_plaintiff IS NULL OR c.plaintiff_key IS NULL
       OR NOT (c.plaintiff_key = $exclude_plaintiff
               OR c.plaintiff_key IN (SELECT s.plaintiff_key FROM idb_cases AS s
                                      WHERE s.plaintiff_key IS NOT NULL AND s.plaintiff = $exclude_plaintiff)
               OR c.plaintiff_key IN (SELECT k.plaintiff_key FROM cases AS k
                                      WHERE k.plaintiff_key IS NOT NULL AND k.plaintiff = $exclude_plaintiff)))
