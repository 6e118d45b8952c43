-- judge_outcomes: the judge x outcome matrix of rulings on early-discovery motions, with counts
-- and each judge's shares. Rulings are attributed as in judge_rulings: the magistrate judge the case
-- was referred to, else the assigned judge, else the judge the order names, else 'unknown'
-- (worked out once per build: ruling_facts, queries/build/marts/).
-- Parameters: the common filters (see _filtered_cases.sql), $top (how many judges, ranked by
--   rulings then name, the 'unknown' judge last; NULL = all), $min_decided (only judges with at
--   least this many rulings granting, granting in part or denying, as judge_rulings'
--   discovery_motions_decided; NULL = any).
-- Columns: judge, outcome (granted | granted_in_part | denied | vacated; every outcome for every
--   judge, 0 when none), rulings, judge_rulings (the judge's rulings of all four kinds), rate
--   (rulings / judge_rulings, 3 decimals), then (added) rate_ci_low, rate_ci_high (its 95% Wilson
--   interval, queries/_wilson.sql, 4 decimals).
WITH rulings AS (
    SELECT r.ruling_judge AS judge,
           CASE r.label WHEN 'discovery_granted' THEN 'granted' WHEN 'discovery_granted_in_part' THEN 'granted_in_part'
                        WHEN 'discovery_denied' THEN 'denied' ELSE 'vacated' END AS outcome
    FROM filtered_rulings AS r
    WHERE r.label IN ('discovery_granted', 'discovery_granted_in_part', 'discovery_denied', 'discovery_vacated')
),
judges AS (
    SELECT judge, count(*) AS judge_rulings,
           row_number() OVER (ORDER BY CASE WHEN judge = 'unknown' THEN 1 ELSE 0 END, count(*) DESC, judge) AS rank
    FROM rulings
    GROUP BY judge
    HAVING $min_decided IS NULL OR count(*) FILTER (WHERE outcome <> 'vacated') >= CAST($min_decided AS INTEGER)
),
outcomes AS (
    SELECT * FROM (VALUES ('granted', 1), ('granted_in_part', 2), ('denied', 3), ('vacated', 4)) AS o(outcome, ord)
),
cells AS (
    SELECT judge, outcome, count(*) AS rulings FROM rulings GROUP BY judge, outcome
)
SELECT j.judge, o.outcome, coalesce(c.rulings, 0) AS rulings, j.judge_rulings,
       round(CAST(coalesce(c.rulings, 0) AS DOUBLE) / j.judge_rulings, 3) AS rate,
       round(wilson_low(coalesce(c.rulings, 0), j.judge_rulings), 4) AS rate_ci_low,
       round(wilson_high(coalesce(c.rulings, 0), j.judge_rulings), 4) AS rate_ci_high
FROM judges AS j
CROSS JOIN outcomes AS o
LEFT JOIN cells AS c ON c.judge = j.judge AND c.outcome = o.outcome
WHERE $top IS NULL OR j.rank <= $top
ORDER BY j.rank, o.ord
