-- swarm_summary: one row per case with complaint exhibits: how spread out its swarm is.
-- The measures are swarm_measures' (queries/build/measures/swarm_measures.sql, docs/swarm.md).
-- Parameters: the common filters (see _filtered_cases.sql).
-- Columns: case_id, court_id, case_name, plaintiff, judge, date_filed, does_sued (the caption's N),
--   observations, does (distinct Does in the exhibits), first_hit, last_hit (UTC), window_days,
--   median_gap_hours, max_gap_hours (between consecutive Does' hits), isolated_does,
--   isolated_share (Does more than 24 hours from every other Doe's hit), isps, top_isp,
--   top_isp_does, networks (distinct /16 or /32 networks), forum_state, does_with_state,
--   out_of_state_does, out_of_state_share (Does whose exhibit state is not the forum's),
--   discovery_outcome, does_severed, source_files, then (added) isolated_share_ci_low,
--   isolated_share_ci_high, out_of_state_share_ci_low, out_of_state_share_ci_high (95% Wilson
--   intervals of the two shares, queries/_wilson.sql, 4 decimals; NULL where the share is).
SELECT s.case_id, f.court_id, f.case_name, f.plaintiff, f.assigned_judge AS judge, f.date_filed,
       f.does_sued, s.observations, s.does, s.first_hit, s.last_hit, s.window_days,
       s.median_gap_hours, s.max_gap_hours, s.isolated_does, s.isolated_share, s.isps, s.top_isp,
       s.top_isp_does, s.networks, s.forum_state, s.does_with_state, s.out_of_state_does,
       s.out_of_state_share, f.discovery_outcome, f.does_severed, s.source_files,
       round(wilson_low(s.isolated_does, s.does), 4) AS isolated_share_ci_low,
       round(wilson_high(s.isolated_does, s.does), 4) AS isolated_share_ci_high,
       round(wilson_low(s.out_of_state_does, s.does_with_state), 4) AS out_of_state_share_ci_low,
       round(wilson_high(s.out_of_state_does, s.does_with_state), 4) AS out_of_state_share_ci_high
FROM swarm_measures AS s
JOIN filtered_cases AS f ON f.case_id = s.case_id
ORDER BY f.date_filed NULLS LAST, s.case_id
