-- case_list: every case matching the filters, with its funnel measures and source link.
-- Parameters: the common filters (see _filtered_cases.sql), then (added) $limit (most rows
--   returned, in this order; NULL = every case).
-- Columns: case_id, court_id, docket_number, case_name, plaintiff, judge, date_filed,
--   date_terminated, does_sued, discovery_outcome, does_discovery_granted, defendants_served,
--   source_url, then (added) referred_judge, defendants_named, does_severed, voluntary_dismissals,
--   sources, doe_class (doe_only | named_plus_fictitious_does | named_only; see $universe),
--   doe_inferred (the Doe start read from the docket or another source), doe_class_evidence,
--   served_evidence (return_of_service;waiver;appearance_or_answer, those behind defendants_served),
--   then (added) docket_coverage (full | partial: RSS items or a docket history only | none: known only
--   from the IDB or the census, whose docket measures are unknown, not zero), docket_coverage_evidence,
--   dismissals, outcome_source (docket | idb | courtlistener_bulk: where judgments, voluntary_dismissals
--   and dismissals come from; NULL when no outcome is known).
SELECT case_id, court_id, docket_number, case_name, plaintiff, assigned_judge AS judge,
       date_filed, date_terminated, does_sued, discovery_outcome, does_discovery_granted,
       defendants_served, source_url, referred_judge, defendants_named, does_severed,
       voluntary_dismissals, sources, doe_class, doe_inferred, doe_class_evidence, served_evidence,
       docket_coverage, docket_coverage_evidence, dismissals, outcome_source
FROM filtered_cases
ORDER BY date_filed NULLS LAST, court_id, case_id
LIMIT $limit
