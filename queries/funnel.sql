-- funnel: from Does sued to judgments, for the cases matching the filters.
-- Parameters: the common filters (see _filtered_cases.sql).
-- Columns: stage, cases (cases that reached the stage), does (Does or defendants at the stage),
--   then (added) stage_order.
-- Stages: sued (does = does_sued); discovery_granted (does = Does covered by a granting order,
--   shown as "subpoenas authorised"); named (defendants named); served (defendants served);
--   judgment (does = judgments entered).
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
ORDER BY stage_order
