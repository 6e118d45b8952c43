-- funnel: from Does sued to judgments, for the cases matching the filters.
-- Parameters: the common filters (see _filtered_cases.sql).
-- Columns: stage, cases (cases that reached the stage), does (Does or defendants at the stage),
--   then (added) stage_order, does_share (does / the Does sued in the cases the stage counts: at
--   discovery_granted, the share of Does covered by granted discovery; 4 decimals), cases_share
--   (cases / cases_counted), each with its 95% Wilson interval (does_share_ci_low, does_share_ci_high,
--   cases_share_ci_low, cases_share_ci_high; queries/_wilson.sql). The Does interval counts each Doe
--   as an independent trial, though a case's Does share one order: it is narrower than the
--   uncertainty about cases. NULL where a stage counts more than the Does sued (defendants named in
--   cases without Does). Then (added) cases_counted (the cases the stage can be read from: every case
--   for sued; the cases whose docket is known for discovery_granted, named and served; those and the
--   cases whose outcome the IDB or census states for judgment), cases_with_docket (filtered cases with
--   docket_coverage full or partial), cases_docket_unknown (filtered cases with docket_coverage none:
--   known only from the IDB or the census; unknown, not zero).
-- Stages: sued (does = does_sued); discovery_granted (does = Does covered by a granting order,
--   shown as "subpoenas authorised"); named (defendants named); served (defendants served);
--   judgment (does = judgments entered, from the docket or a stated outcome: case_measures).
SELECT stage, cases, does, stage_order,
       round(CAST(does AS DOUBLE) / nullif(counted_does, 0), 4) AS does_share,
       round(wilson_low(does, counted_does), 4) AS does_share_ci_low,
       round(wilson_high(does, counted_does), 4) AS does_share_ci_high,
       round(CAST(cases AS DOUBLE) / nullif(cases_counted, 0), 4) AS cases_share,
       round(wilson_low(cases, cases_counted), 4) AS cases_share_ci_low,
       round(wilson_high(cases, cases_counted), 4) AS cases_share_ci_high,
       cases_counted, cases_with_docket, cases_docket_unknown
FROM (
    SELECT s.*,
           (SELECT count(*) FROM filtered_cases WHERE docket_coverage <> 'none') AS cases_with_docket,
           (SELECT count(*) FROM filtered_cases WHERE docket_coverage = 'none') AS cases_docket_unknown
    FROM (
        SELECT 'sued' AS stage, count(*) AS cases, coalesce(sum(does_sued), 0) AS does, 1 AS stage_order,
               count(*) AS cases_counted, coalesce(sum(does_sued), 0) AS counted_does
        FROM filtered_cases
        UNION ALL
        SELECT 'discovery_granted', count(*) FILTER (WHERE cases_discovery_granted = 1),
               coalesce(sum(does_discovery_granted), 0), 2, count(*), coalesce(sum(does_sued), 0)
        FROM filtered_cases WHERE docket_coverage <> 'none'
        UNION ALL
        SELECT 'named', count(*) FILTER (WHERE defendants_named > 0), coalesce(sum(defendants_named), 0), 3,
               count(*), coalesce(sum(does_sued), 0)
        FROM filtered_cases WHERE docket_coverage <> 'none'
        UNION ALL
        SELECT 'served', count(*) FILTER (WHERE defendants_served > 0), coalesce(sum(defendants_served), 0), 4,
               count(*), coalesce(sum(does_sued), 0)
        FROM filtered_cases WHERE docket_coverage <> 'none'
        UNION ALL
        SELECT 'judgment', count(*) FILTER (WHERE judgments > 0), coalesce(sum(judgments), 0), 5,
               count(*), coalesce(sum(does_sued), 0)
        FROM filtered_cases WHERE docket_coverage <> 'none' OR outcome_source IS NOT NULL
    ) AS s
) AS t
ORDER BY stage_order
