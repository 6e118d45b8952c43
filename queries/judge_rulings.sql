-- judge_rulings: one row per judge: how early-discovery motions were decided.
-- The ruling judge is the magistrate judge the case was referred to, else the assigned judge
-- (discovery is what referrals are for), else the judge the order's text names; a ruling with
-- none of these counts under 'unknown'.
-- Parameters: the common filters (see _filtered_cases.sql).
-- Columns: judge, discovery_motions_decided (rulings granting, granting in part or denying),
--   granted, granted_in_part, denied, severance_orders, grant_rate ((granted + granted_in_part) /
--   decided), median_days_to_ruling (ruling date less the date of the motion it decides: the
--   motion whose entry number the order names, else the latest discovery motion before it; only
--   pairs with both dates), then (added) vacated, dismissals_failure_to_serve, grant_rate_ci_low,
--   grant_rate_ci_high (the 95% Wilson interval of grant_rate, queries/_wilson.sql, 4 decimals).
-- Rows: most motions decided first (ties: judge), the 'unknown' judge last.
-- Reads the marts ruling_facts, case_ruling_judges and ruling_days (queries/build/marts/),
-- where each event's judge and each ruling's days are worked out once per build, each filtered by
-- the common filters.
WITH counts AS (
    SELECT ruling_judge,
           count(*) FILTER (WHERE label IN ('discovery_granted', 'discovery_granted_in_part', 'discovery_denied'))
               AS decided,
           count(*) FILTER (WHERE label = 'discovery_granted') AS granted,
           count(*) FILTER (WHERE label = 'discovery_granted_in_part') AS granted_in_part,
           count(*) FILTER (WHERE label = 'discovery_denied') AS denied,
           count(*) FILTER (WHERE label = 'discovery_vacated') AS vacated,
           count(*) FILTER (WHERE label = 'severance') AS severance_orders,
           count(*) FILTER (WHERE label = 'dismissal_failure_to_serve') AS dismissals_failure_to_serve
    FROM filtered_rulings
    GROUP BY ruling_judge
),
-- A ruling's days count for every judge of its case (ruling_days has a row for each).
judge_days AS (
    SELECT ruling_judge, median(days_to_ruling) AS median_days_to_ruling
    FROM filtered_ruling_days
    GROUP BY ruling_judge
),
judges AS (
    SELECT DISTINCT ruling_judge FROM filtered_case_judges
)
SELECT j.ruling_judge AS judge,
       coalesce(c.decided, 0) AS discovery_motions_decided,
       coalesce(c.granted, 0) AS granted,
       coalesce(c.granted_in_part, 0) AS granted_in_part,
       coalesce(c.denied, 0) AS denied,
       coalesce(c.severance_orders, 0) AS severance_orders,
       round(CAST(c.granted + c.granted_in_part AS DOUBLE) / nullif(c.decided, 0), 3) AS grant_rate,
       t.median_days_to_ruling,
       coalesce(c.vacated, 0) AS vacated,
       coalesce(c.dismissals_failure_to_serve, 0) AS dismissals_failure_to_serve,
       round(wilson_low(c.granted + c.granted_in_part, c.decided), 4) AS grant_rate_ci_low,
       round(wilson_high(c.granted + c.granted_in_part, c.decided), 4) AS grant_rate_ci_high
FROM judges AS j
LEFT JOIN counts AS c ON c.ruling_judge = j.ruling_judge
LEFT JOIN judge_days AS t ON t.ruling_judge = j.ruling_judge
ORDER BY CASE WHEN j.ruling_judge = 'unknown' THEN 1 ELSE 0 END, discovery_motions_decided DESC, judge
