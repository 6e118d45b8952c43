-- swarm_vs_joinder: the Hard Drive question with data: how far apart were the Does of each swarm,
-- and did the judge sever them? One row per case with complaint exhibits.
-- Parameters: the common filters (see _filtered_cases.sql).
-- Columns: case_id, case_name, plaintiff, judge (the referred magistrate judge, else the assigned
--   judge, as in judge_rulings), date_filed, does, window_days, median_gap_hours, max_gap_hours,
--   isolated_share, out_of_state_share (from swarm_measures), severed (true when the case has an
--   event labelled 'severance'), joinder_outcome ('severed' | 'not severed'), does_severed,
--   discovery_outcome (from case_measures), then (added) isolated_share_ci_low, isolated_share_ci_high,
--   out_of_state_share_ci_low, out_of_state_share_ci_high (as in swarm_summary).
SELECT s.case_id, f.case_name, f.plaintiff, coalesce(f.referred_judge, f.assigned_judge) AS judge,
       f.date_filed, s.does, s.window_days, s.median_gap_hours, s.max_gap_hours, s.isolated_share,
       s.out_of_state_share, coalesce(v.severed, FALSE) AS severed,
       CASE WHEN coalesce(v.severed, FALSE) THEN 'severed' ELSE 'not severed' END AS joinder_outcome,
       f.does_severed, f.discovery_outcome,
       round(wilson_low(s.isolated_does, s.does), 4) AS isolated_share_ci_low,
       round(wilson_high(s.isolated_does, s.does), 4) AS isolated_share_ci_high,
       round(wilson_low(s.out_of_state_does, s.does_with_state), 4) AS out_of_state_share_ci_low,
       round(wilson_high(s.out_of_state_does, s.does_with_state), 4) AS out_of_state_share_ci_high
FROM swarm_measures AS s
JOIN filtered_cases AS f ON f.case_id = s.case_id
LEFT JOIN (SELECT case_id, TRUE AS severed FROM events WHERE label = 'severance' GROUP BY case_id) AS v
       ON v.case_id = s.case_id
ORDER BY s.window_days DESC, s.case_id
