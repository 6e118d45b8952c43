-- swarm_hits: one case's exhibit rows in time order, for the timeline of hits by Doe. No address:
-- a row shows its network's pseudonym only.
-- Parameters: $case_id (no rows when not given).
-- Columns: doe_number, observed_at (UTC), hours_from_first (since the case's first hit,
--   2 decimals), is_doe_hit (true on the Doe's earliest row, the hit the measures use), isp,
--   network_token, city, state, time_known (false: the exhibit gives a date only), source_file,
--   line_number.
SELECT o.doe_number, o.observed_at,
       round(date_diff('second', f.first_hit, o.observed_at) / 3600, 2) AS hours_from_first,
       o.rn = 1 AS is_doe_hit, o.isp, o.network_token, o.city, o.state, o.time_known,
       o.source_file, o.line_number
FROM (
    SELECT e.*,
           row_number() OVER (PARTITION BY e.doe_number
                              ORDER BY e.observed_at, e.source_file, e.document, e.line_number) AS rn
    FROM exhibit_observations AS e
    WHERE e.case_id = $case_id
) AS o
JOIN (SELECT min(observed_at) AS first_hit FROM exhibit_observations WHERE case_id = $case_id) AS f ON TRUE
ORDER BY o.observed_at, o.doe_number, o.source_file, o.document, o.line_number
