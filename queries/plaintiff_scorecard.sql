-- plaintiff_scorecard: one row per plaintiff: how many suits, how many Does, how far they went.
-- Parameters: the common filters (see _filtered_cases.sql).
-- Columns: plaintiff, cases, does_sued, cases_discovery_granted, does_discovery_granted,
--   defendants_named, defendants_served, served_per_1000_subpoenaed (defendants served per 1,000
--   Does covered by granted discovery; NULL when none were covered), voluntary_dismissals,
--   median_days_open (filing to termination, closed cases with both dates), then (added)
--   served_per_1000_subpoenaed_ci_low, served_per_1000_subpoenaed_ci_high (1,000 x the 95% Wilson
--   interval of defendants_served / does_discovery_granted, queries/_wilson.sql, 2 decimals; NULL
--   when no Doe was covered or more defendants were served than Does covered), then (added)
--   cases_with_docket (cases whose docket is known: the docket columns count only these; the others,
--   known only from the IDB or the census, are unknown there, not zero), dismissals, outcomes_stated
--   (cases whose judgments, voluntary_dismissals and dismissals come from the IDB or the census).
SELECT plaintiff,
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
       round(1000 * wilson_low(sum(defendants_served), sum(does_discovery_granted)), 2)
           AS served_per_1000_subpoenaed_ci_low,
       round(1000 * wilson_high(sum(defendants_served), sum(does_discovery_granted)), 2)
           AS served_per_1000_subpoenaed_ci_high,
       count(*) FILTER (WHERE docket_coverage <> 'none') AS cases_with_docket,
       sum(dismissals) AS dismissals,
       count(*) FILTER (WHERE outcome_source IN ('idb', 'courtlistener_bulk')) AS outcomes_stated
FROM filtered_cases
GROUP BY plaintiff
ORDER BY cases DESC, does_sued DESC, plaintiff
