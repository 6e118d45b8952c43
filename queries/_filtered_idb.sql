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
-- Reads idb_case_facts, where each case's records are combined once per build
-- (queries/build/marts/idb_case_facts.sql).
SELECT c.case_id, c.court_id, c.district_code, c.plaintiff, c.plaintiff_name, c.plaintiff_key, c.defendant_raw,
       c.is_doe, c.does_count, c.date_filed, c.date_terminated, c.disp, c.disposition, c.records
FROM idb_case_facts AS c
WHERE ($court IS NULL OR list_contains(CAST($court AS VARCHAR[]), c.court_id))
  AND ($filed_from IS NULL OR c.date_filed >= CAST($filed_from AS DATE))
  AND ($filed_to IS NULL OR c.date_filed <= CAST($filed_to AS DATE))
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
