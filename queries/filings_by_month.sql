-- filings_by_month: new cases per calendar month and plaintiff (cases with a known filing date).
-- Parameters: the common filters (see _filtered_cases.sql).
-- Columns: month (first day of the month, a date), plaintiff, cases, does_sued.
SELECT CAST(date_trunc('month', date_filed) AS DATE) AS month, plaintiff,
       count(*) AS cases, coalesce(sum(does_sued), 0) AS does_sued
FROM filtered_cases
WHERE date_filed IS NOT NULL
GROUP BY CAST(date_trunc('month', date_filed) AS DATE), plaintiff
ORDER BY month, plaintiff
