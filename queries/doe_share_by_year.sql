-- doe_share_by_year: the share of federal copyright filings brought against Doe defendants, by year.
-- Source: the FJC Integrated Database (idb_cases), every federal civil case with nature of suit 820
-- (copyright), one row per case as `_filtered_idb.sql` defines it (a case counted once, in the year
-- it was first filed, however many tape years or reopenings it has). The measure follows Sag's counts
-- of copyright cases and of "John Doe" cases by year of filing.
-- Parameters (optional): $court, $plaintiff, $filed_from, $filed_to, $exclude_plaintiff (see _filtered_idb.sql).
-- Output columns:
--   year                      calendar year of the first FILEDATE (cases with no filing date are left out)
--   copyright_cases           copyright cases filed that year
--   doe_cases                 those whose DEF names Doe defendants ("DOES 1-90", "JOHN DOE", "DOE, JOHN", "DOES")
--   doe_share                 doe_cases / copyright_cases
--   does_sued                 Does named in those DEFs: N of "DOES 1-N" (a range "DOES 2-52" counts 51), 1 for
--                             one Doe, and 1 for a Doe case whose DEF gives no number (so a lower bound)
--   doe_cases_count_unknown   Doe cases whose DEF gives no number (each counted as 1 in does_sued)
--   doe_share_ci_low, doe_share_ci_high   the 95% Wilson interval of doe_share (queries/_wilson.sql), 4 decimals
SELECT CAST(extract(year FROM date_filed) AS INTEGER) AS year,
       count(*) AS copyright_cases,
       sum(CASE WHEN is_doe THEN 1 ELSE 0 END) AS doe_cases,
       CAST(sum(CASE WHEN is_doe THEN 1 ELSE 0 END) AS DOUBLE) / count(*) AS doe_share,
       sum(CASE WHEN is_doe THEN coalesce(does_count, 1) ELSE 0 END) AS does_sued,
       sum(CASE WHEN is_doe AND does_count IS NULL THEN 1 ELSE 0 END) AS doe_cases_count_unknown,
       round(wilson_low(sum(CASE WHEN is_doe THEN 1 ELSE 0 END), count(*)), 4) AS doe_share_ci_low,
       round(wilson_high(sum(CASE WHEN is_doe THEN 1 ELSE 0 END), count(*)), 4) AS doe_share_ci_high
FROM filtered_idb
WHERE date_filed IS NOT NULL
GROUP BY extract(year FROM date_filed)
ORDER BY year
