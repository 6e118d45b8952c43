-- counsel_scorecard: one row per plaintiff-side counsel (each attorney, and each firm, with its
-- kind), over the cases where it appeared for the plaintiff. A case counts once for every counsel
-- it lists, so rows do not add up to the case total.
-- Parameters: the common filters (see _filtered_cases.sql), applied to counsel_facts.
-- Columns: counsel, cases, does_sued, cases_discovery_granted, does_discovery_granted,
--   defendants_named, defendants_served, served_per_1000_subpoenaed, voluntary_dismissals,
--   median_days_open, then (added) kind (attorney | firm), plaintiffs (distinct plaintiffs).
SELECT counsel,
       count(*) AS cases,
       sum(does_sued) AS does_sued,
       sum(cases_discovery_granted) AS cases_discovery_granted,
       sum(does_discovery_granted) AS does_discovery_granted,
       sum(defendants_named) AS defendants_named,
       sum(defendants_served) AS defendants_served,
       round(CAST(sum(defendants_served) AS DOUBLE) * 1000 / nullif(sum(does_discovery_granted), 0), 2)
           AS served_per_1000_subpoenaed,
       sum(voluntary_dismissals) AS voluntary_dismissals,
       median(days_open) AS median_days_open,
       kind,
       count(DISTINCT plaintiff) AS plaintiffs
FROM filtered_counsel
GROUP BY counsel, kind
ORDER BY cases DESC, does_sued DESC, counsel
