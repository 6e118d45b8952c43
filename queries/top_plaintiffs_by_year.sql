-- top_plaintiffs_by_year: each year's most frequent copyright plaintiffs and their share of all
-- copyright filings of that year (FJC Integrated Database).
-- Cases are those of `_filtered_idb.sql` (one per case, counted in the year first filed). A plaintiff
-- is a plaintiff_key (pipelines.names.plaintiff_key of PLT, so "MALIBU MEDIA, LLC" and "MALIBU MEDIA
-- LLC" are one), shown by its most used spelling. PLT is cut at 30 characters in the IDB: two
-- plaintiffs whose names differ only after the 30th character are one plaintiff here.
-- Parameters (optional): $court, $plaintiff, $filed_from, $filed_to, $exclude_plaintiff (see
--   _filtered_idb.sql); $top: plaintiffs per year (default 10).
-- Output columns:
--   year              calendar year of filing
--   rank              1 = most cases that year (ties: plaintiff_key alphabetical)
--   plaintiff         the plaintiff's most used spelling in the IDB
--   plaintiff_key
--   cases             the plaintiff's copyright cases filed that year
--   doe_cases         those against Doe defendants
--   does_sued         Does named in them (as in doe_share_by_year)
--   copyright_cases   all copyright cases filed that year (the filters applied), plaintiffs without a PLT included
--   share             cases / copyright_cases: the plaintiff's share of all copyright filings that year
--   share_ci_low, share_ci_high   its 95% Wilson interval (queries/_wilson.sql), 4 decimals
WITH per_year AS (
    SELECT extract(year FROM date_filed) AS year, count(*) AS copyright_cases
    FROM filtered_idb
    WHERE date_filed IS NOT NULL
    GROUP BY extract(year FROM date_filed)
),
by_plaintiff AS (
    SELECT extract(year FROM date_filed) AS year, plaintiff_key, plaintiff_name,
           count(*) AS cases,
           sum(CASE WHEN is_doe THEN 1 ELSE 0 END) AS doe_cases,
           sum(CASE WHEN is_doe THEN coalesce(does_count, 1) ELSE 0 END) AS does_sued
    FROM filtered_idb
    WHERE date_filed IS NOT NULL AND plaintiff_key IS NOT NULL
    GROUP BY extract(year FROM date_filed), plaintiff_key, plaintiff_name
),
ranked AS (
    SELECT b.*, row_number() OVER (PARTITION BY b.year ORDER BY b.cases DESC, b.plaintiff_key) AS rank
    FROM by_plaintiff AS b
)
SELECT CAST(r.year AS INTEGER) AS year, r.rank, r.plaintiff_name AS plaintiff, r.plaintiff_key, r.cases,
       r.doe_cases, r.does_sued, y.copyright_cases, CAST(r.cases AS DOUBLE) / y.copyright_cases AS share,
       round(wilson_low(r.cases, y.copyright_cases), 4) AS share_ci_low,
       round(wilson_high(r.cases, y.copyright_cases), 4) AS share_ci_high
FROM ranked AS r
JOIN per_year AS y ON y.year = r.year
WHERE r.rank <= coalesce(CAST($top AS INTEGER), 10)
ORDER BY year, r.rank
