-- idb_cases_behind: the FJC IDB copyright cases behind a mark clicked on the National page (a year's
-- bar, a district, a disposition), within the sidebar filters the IDB can answer.
-- Parameters: $court, $plaintiff, $filed_from, $filed_to, $exclude_plaintiff (see _filtered_idb.sql),
--   then, each optional (NULL = any): $year (first filed that calendar year), $district (court id),
--   $kind ('doe': against Doe defendants | 'other'), $disp (the FJC DISP code the case ended with),
--   $plaintiff_key (one plaintiff, by pipelines.names.plaintiff_key), $limit (most rows returned;
--   NULL = all).
-- Columns: case_id, court_id, district_code, plaintiff (the plaintiff's most used IDB spelling),
--   defendant (DEF as the IDB gives it, cut at 30 characters), is_doe, does_count, date_filed,
--   date_terminated, disp, disposition, records (IDB records of the case), matches (cases matching
--   before $limit). Sorted by filing date, court, case.
WITH narrowed AS (
    SELECT *
    FROM filtered_idb
    WHERE ($year IS NULL OR year(date_filed) = CAST($year AS INTEGER))
      AND ($district IS NULL OR court_id = $district)
      AND ($kind IS NULL OR ($kind = 'doe' AND is_doe) OR ($kind = 'other' AND NOT is_doe))
      AND ($disp IS NULL OR (disp = CAST($disp AS INTEGER) AND date_terminated IS NOT NULL))
      AND ($plaintiff_key IS NULL OR plaintiff_key = $plaintiff_key)
)
SELECT case_id, court_id, district_code, coalesce(plaintiff_name, plaintiff) AS plaintiff,
       defendant_raw AS defendant, is_doe, does_count, date_filed, date_terminated, disp, disposition, records,
       (SELECT count(*) FROM narrowed) AS matches
FROM narrowed
ORDER BY date_filed NULLS LAST, court_id, case_id
LIMIT $limit
