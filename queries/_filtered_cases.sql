-- _filtered_cases.sql: the cases every question starts from, narrowed by the sidebar filters.
-- Not a question of its own: pipelines/queries.py puts it in front of any query that reads
-- `filtered_cases`, as the common table expression of that name.
-- Parameters (all optional; NULL = no filter): $court, $plaintiff, $counsel, $judge (lists of
-- values, any of which matches), $filed_from, $filed_to (ISO dates; cases with no known filing
-- date are left out when either is set), $exclude_plaintiff (one plaintiff to leave out).
-- A judge matches the assigned judge or the magistrate judge the case was referred to.
SELECT c.*, m.does_sued, m.discovery_motions, m.discovery_outcome, m.cases_discovery_granted,
       m.does_discovery_granted, m.does_severed, m.defendants_named, m.defendants_served,
       m.judgments, m.voluntary_dismissals, m.dismissed_failure_to_serve, m.days_open
FROM cases AS c
JOIN case_measures AS m ON m.case_id = c.case_id
WHERE ($court IS NULL OR list_contains(CAST($court AS VARCHAR[]), c.court_id))
  AND ($plaintiff IS NULL OR list_contains(CAST($plaintiff AS VARCHAR[]), c.plaintiff))
  AND ($judge IS NULL OR list_contains(CAST($judge AS VARCHAR[]), c.assigned_judge)
       OR list_contains(CAST($judge AS VARCHAR[]), c.referred_judge))
  AND ($counsel IS NULL OR c.case_id IN (
       SELECT k.case_id FROM case_counsel AS k WHERE list_contains(CAST($counsel AS VARCHAR[]), k.counsel)))
  AND ($filed_from IS NULL OR c.date_filed >= CAST($filed_from AS DATE))
  AND ($filed_to IS NULL OR c.date_filed <= CAST($filed_to AS DATE))
  AND ($exclude_plaintiff IS NULL OR c.plaintiff IS NULL OR c.plaintiff <> $exclude_plaintiff)
