-- district_doe_share: per district court, its copyright cases, how many were against Doe defendants,
-- and the Doe share (FJC Integrated Database).
-- Cases are those of `_filtered_idb.sql` (one per case; the filing-date filters choose the period).
-- Parameters (optional): $court, $plaintiff, $filed_from, $filed_to, $exclude_plaintiff.
-- Output columns:
--   court_id          CourtListener court id (IDB DISTRICT via fjc_districts)
--   district_code     the FJC's DISTRICT code
--   court_name
--   copyright_cases   copyright cases filed in the court
--   doe_cases         those against Doe defendants
--   doe_share         doe_cases / copyright_cases
--   does_sued         Does named in them (as in doe_share_by_year)
--   share_of_doe_cases  the court's doe_cases / all doe_cases matching the filters
--   doe_share_ci_low, doe_share_ci_high, share_of_doe_cases_ci_low, share_of_doe_cases_ci_high
--                     the 95% Wilson intervals of the two shares (queries/_wilson.sql), 4 decimals
-- Rows: courts with at least one copyright case, most Doe cases first (ties: court_id).
SELECT f.court_id, d.district_code, d.court_name,
       count(*) AS copyright_cases,
       sum(CASE WHEN f.is_doe THEN 1 ELSE 0 END) AS doe_cases,
       CAST(sum(CASE WHEN f.is_doe THEN 1 ELSE 0 END) AS DOUBLE) / count(*) AS doe_share,
       sum(CASE WHEN f.is_doe THEN coalesce(f.does_count, 1) ELSE 0 END) AS does_sued,
       CAST(sum(CASE WHEN f.is_doe THEN 1 ELSE 0 END) AS DOUBLE)
           / nullif(sum(sum(CASE WHEN f.is_doe THEN 1 ELSE 0 END)) OVER (), 0) AS share_of_doe_cases,
       round(wilson_low(sum(CASE WHEN f.is_doe THEN 1 ELSE 0 END), count(*)), 4) AS doe_share_ci_low,
       round(wilson_high(sum(CASE WHEN f.is_doe THEN 1 ELSE 0 END), count(*)), 4) AS doe_share_ci_high,
       round(wilson_low(sum(CASE WHEN f.is_doe THEN 1 ELSE 0 END), sum(sum(CASE WHEN f.is_doe THEN 1 ELSE 0 END)) OVER ()), 4)
           AS share_of_doe_cases_ci_low,
       round(wilson_high(sum(CASE WHEN f.is_doe THEN 1 ELSE 0 END), sum(sum(CASE WHEN f.is_doe THEN 1 ELSE 0 END)) OVER ()), 4)
           AS share_of_doe_cases_ci_high
FROM filtered_idb AS f
LEFT JOIN fjc_districts AS d ON d.court_id = f.court_id
GROUP BY f.court_id, d.district_code, d.court_name
ORDER BY doe_cases DESC, f.court_id
