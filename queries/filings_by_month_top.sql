-- filings_by_month_top: new cases per calendar month for the plaintiffs with the most cases under
-- the filters, every other plaintiff folded into one series (so a chart stays readable at scale).
-- Parameters: the common filters (see _filtered_cases.sql), $top (how many plaintiffs keep a
--   series of their own, ranked by cases then name; NULL = every plaintiff).
-- Columns: month (first day of the month, a date), plaintiff (the plaintiff, or 'Other plaintiffs'),
--   cases, does_sued, other (TRUE for the folded series).
WITH monthly AS (
    SELECT CAST(date_trunc('month', date_filed) AS DATE) AS month, plaintiff,
           count(*) AS cases, coalesce(sum(does_sued), 0) AS does_sued
    FROM filtered_cases
    WHERE date_filed IS NOT NULL
    GROUP BY CAST(date_trunc('month', date_filed) AS DATE), plaintiff
),
ranked AS (
    SELECT plaintiff, row_number() OVER (ORDER BY sum(cases) DESC, plaintiff) AS rank
    FROM monthly
    GROUP BY plaintiff
),
labelled AS (
    SELECT m.month, m.cases, m.does_sued,
           CASE WHEN ($top IS NULL OR r.rank <= $top) AND m.plaintiff IS NOT NULL
                THEN m.plaintiff ELSE 'Other plaintiffs' END AS plaintiff,
           NOT (($top IS NULL OR r.rank <= $top) AND m.plaintiff IS NOT NULL) AS other
    FROM monthly AS m
    JOIN ranked AS r ON r.plaintiff IS NOT DISTINCT FROM m.plaintiff
)
SELECT month, plaintiff, sum(cases) AS cases, sum(does_sued) AS does_sued, other
FROM labelled
GROUP BY month, plaintiff, other
ORDER BY month, other, plaintiff
