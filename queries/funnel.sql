-- funnel: from Does sued to judgments, for the cases matching the filters.
-- Parameters: the common filters (see _filtered_cases.sql).
-- Columns: stage, cases (cases that reached the stage), does (Does or defendants at the stage),
--   then (added) stage_order, does_share (does / the Does sued: at discovery_granted, the share of
--   Does covered by granted discovery; 4 decimals), cases_share (cases / the cases filed), each with
--   its 95% Wilson interval (does_share_ci_low, does_share_ci_high, cases_share_ci_low,
--   cases_share_ci_high; queries/_wilson.sql). The Does interval counts each Doe as an independent
--   trial, though a case's Does share one order: it is narrower than the uncertainty about cases.
--   NULL where a stage counts more than the Does sued (defendants named in cases without Does).
-- Stages: sued (does = does_sued); discovery_granted (does = Does covered by a granting order,
--   shown as "subpoenas authorised"); named (defendants named); served (defendants served);
--   judgment (does = judgments entered).
SELECT stage, cases, does, stage_order,
       round(CAST(does AS DOUBLE) / nullif(sued_does, 0), 4) AS does_share,
       round(wilson_low(does, sued_does), 4) AS does_share_ci_low,
       round(wilson_high(does, sued_does), 4) AS does_share_ci_high,
       round(CAST(cases AS DOUBLE) / nullif(sued_cases, 0), 4) AS cases_share,
       round(wilson_low(cases, sued_cases), 4) AS cases_share_ci_low,
       round(wilson_high(cases, sued_cases), 4) AS cases_share_ci_high
FROM (
    SELECT s.*,
           max(CASE WHEN s.stage = 'sued' THEN s.does END) OVER () AS sued_does,
           max(CASE WHEN s.stage = 'sued' THEN s.cases END) OVER () AS sued_cases
    FROM (
        SELECT 'sued' AS stage, count(*) AS cases, coalesce(sum(does_sued), 0) AS does, 1 AS stage_order
        FROM filtered_cases
        UNION ALL
        SELECT 'discovery_granted', count(*) FILTER (WHERE cases_discovery_granted = 1),
               coalesce(sum(does_discovery_granted), 0), 2
        FROM filtered_cases
        UNION ALL
        SELECT 'named', count(*) FILTER (WHERE defendants_named > 0), coalesce(sum(defendants_named), 0), 3
        FROM filtered_cases
        UNION ALL
        SELECT 'served', count(*) FILTER (WHERE defendants_served > 0), coalesce(sum(defendants_served), 0), 4
        FROM filtered_cases
        UNION ALL
        SELECT 'judgment', count(*) FILTER (WHERE judgments > 0), coalesce(sum(judgments), 0), 5
        FROM filtered_cases
    ) AS s
) AS t
ORDER BY stage_order
