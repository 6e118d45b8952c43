-- counsel_scorecard: one row per plaintiff-side counsel (each attorney, and each firm, with its
-- kind), over the cases where it appeared for the plaintiff. A case counts once for every counsel
-- it lists, so rows do not add up to the case total.
-- Parameters: the common filters (see _filtered_cases.sql).
-- Columns: counsel, cases, does_sued, cases_discovery_granted, does_discovery_granted,
--   defendants_named, defendants_served, served_per_1000_subpoenaed, voluntary_dismissals,
--   median_days_open, then (added) kind (attorney | firm), plaintiffs (distinct plaintiffs).
SELECT k.counsel,
       count(*) AS cases,
       sum(f.does_sued) AS does_sued,
       sum(f.cases_discovery_granted) AS cases_discovery_granted,
       sum(f.does_discovery_granted) AS does_discovery_granted,
       sum(f.defendants_named) AS defendants_named,
       sum(f.defendants_served) AS defendants_served,
       round(CAST(sum(f.defendants_served) AS DOUBLE) * 1000 / nullif(sum(f.does_discovery_granted), 0), 2)
           AS served_per_1000_subpoenaed,
       sum(f.voluntary_dismissals) AS voluntary_dismissals,
       median(f.days_open) AS median_days_open,
       k.kind,
       count(DISTINCT f.plaintiff) AS plaintiffs
FROM filtered_cases AS f
JOIN case_counsel AS k ON k.case_id = f.case_id
GROUP BY k.counsel, k.kind
ORDER BY cases DESC, does_sued DESC, k.counsel
