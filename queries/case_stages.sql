-- case_stages: one case's Doe count through each stage of the funnel, sued to judgment.
-- Parameters: $case_id (required).
-- Columns: stage (sued | discovery_granted | severed | named | served | judgment), does (Does or
--   defendants at that stage: Does sued; Does covered by granted early discovery, i.e. subpoenas
--   authorised; Does severed; defendants named; defendants served; judgments), stage_order.
SELECT 'sued' AS stage, does_sued AS does, 1 AS stage_order FROM case_measures WHERE case_id = $case_id
UNION ALL
SELECT 'discovery_granted', does_discovery_granted, 2 FROM case_measures WHERE case_id = $case_id
UNION ALL
SELECT 'severed', does_severed, 3 FROM case_measures WHERE case_id = $case_id
UNION ALL
SELECT 'named', defendants_named, 4 FROM case_measures WHERE case_id = $case_id
UNION ALL
SELECT 'served', defendants_served, 5 FROM case_measures WHERE case_id = $case_id
UNION ALL
SELECT 'judgment', judgments, 6 FROM case_measures WHERE case_id = $case_id
ORDER BY stage_order
