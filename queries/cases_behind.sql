-- cases_behind: the cases behind a mark the user clicked (a bar, a cell, a funnel stage), or found
-- by a search, within the sidebar filters. Every narrowing parameter is optional (NULL = any).
-- Parameters: the common filters (see _filtered_cases.sql), then
--   $month (ISO date: filed in that calendar month), $year (integer: filed in that year),
--   $by_plaintiff (one plaintiff), $other_than (list of plaintiffs: any plaintiff but these, for an
--   "other plaintiffs" bar), $by_counsel (one plaintiff-side counsel, attorney or firm),
--   $stage (funnel stage reached: sued | discovery_granted | named | served | judgment),
--   $event_labels (list of the event labels the judge views count: discovery_granted,
--   discovery_granted_in_part, discovery_denied, discovery_vacated, severance,
--   dismissal_failure_to_serve; cases with such an event) and $event_judge (that event's ruling judge
--   as judge_rulings attributes it, from ruling_facts: referred magistrate, else assigned judge, else
--   the judge the order names, else 'unknown'), $search (text in the case name, docket number,
--   plaintiff or case id, any case), $limit (most rows returned; NULL = all).
-- Columns: the columns of case_list, in its order and sort, then matches (how many cases match
--   before $limit).
WITH narrowed AS (
    SELECT f.*
    FROM filtered_cases AS f
    WHERE ($month IS NULL OR date_trunc('month', f.date_filed) = date_trunc('month', CAST($month AS DATE)))
      AND ($year IS NULL OR year(f.date_filed) = CAST($year AS INTEGER))
      AND ($by_plaintiff IS NULL OR f.plaintiff = $by_plaintiff)
      AND ($other_than IS NULL OR f.plaintiff IS NULL
           OR NOT list_contains(CAST($other_than AS VARCHAR[]), f.plaintiff))
      AND ($by_counsel IS NULL OR f.case_id IN (
           SELECT k.case_id FROM case_counsel AS k WHERE k.counsel = $by_counsel))
      AND ($stage IS NULL
           OR ($stage = 'sued')
           OR ($stage = 'discovery_granted' AND f.cases_discovery_granted = 1)
           OR ($stage = 'named' AND f.defendants_named > 0)
           OR ($stage = 'served' AND f.defendants_served > 0)
           OR ($stage = 'judgment' AND f.judgments > 0))
      AND ($event_labels IS NULL OR f.case_id IN (
           SELECT r.case_id FROM ruling_facts AS r
           WHERE list_contains(CAST($event_labels AS VARCHAR[]), r.label)
             AND ($event_judge IS NULL OR r.ruling_judge = $event_judge)))
      AND ($search IS NULL OR contains(lower(concat_ws(' ', f.case_name, f.docket_number, f.plaintiff, f.case_id)),
                                       lower($search)))
)
-- Sort the keys only, then fetch the wide rows of the cases kept (twice as fast at scale).
SELECT case_id, court_id, docket_number, case_name, plaintiff, assigned_judge AS judge,
       date_filed, date_terminated, does_sued, discovery_outcome, does_discovery_granted,
       defendants_served, source_url, referred_judge, defendants_named, does_severed,
       voluntary_dismissals, sources, doe_class, doe_inferred, doe_class_evidence, served_evidence,
       docket_coverage, docket_coverage_evidence, dismissals, outcome_source,
       (SELECT count(*) FROM narrowed) AS matches
FROM narrowed
ORDER BY date_filed NULLS LAST, court_id, case_id
LIMIT $limit
