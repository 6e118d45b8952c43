-- case_header: one case's header and funnel measures, whatever the filters (for the case view).
-- Parameters: $case_id (required).
-- Columns: case_id, court_id, docket_number, case_name, plaintiff, judge (assigned), referred_judge,
--   date_filed, date_terminated, nature_of_suit, disposition, outcome_summary, sources, source_url,
--   does_sued, discovery_outcome, does_discovery_granted, does_severed, defendants_named,
--   defendants_served, judgments, voluntary_dismissals, dismissed_failure_to_serve, days_open, then
--   (added) dismissals, outcome_source (docket | idb | courtlistener_bulk | NULL), docket_coverage
--   (full | partial | none), docket_coverage_evidence (docs/coverage.md).
SELECT c.case_id, c.court_id, c.docket_number, c.case_name, c.plaintiff, c.assigned_judge AS judge,
       c.referred_judge, c.date_filed, c.date_terminated, c.nature_of_suit, c.disposition,
       c.outcome_summary, c.sources, c.source_url, m.does_sued, m.discovery_outcome,
       m.does_discovery_granted, m.does_severed, m.defendants_named, m.defendants_served,
       m.judgments, m.voluntary_dismissals, m.dismissed_failure_to_serve, m.days_open, m.dismissals,
       m.outcome_source, k.docket_coverage, k.docket_coverage_evidence
FROM cases AS c
JOIN case_measures AS m ON m.case_id = c.case_id
JOIN docket_coverage AS k ON k.case_id = c.case_id
WHERE c.case_id = $case_id
