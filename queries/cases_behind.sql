-- cases_behind: the cases behind a mark the user clicked (a bar, a cell, a funnel stage), or found
-- by a search, within the sidebar filters. Every narrowing parameter is optional (NULL = any).
-- Parameters: the common filters (see _filtered_cases.sql), then
--   $month (ISO date: filed in that calendar month), $year (integer: filed in that year),
--   $by_plaintiff (one plaintiff), $other_than (list of plaintiffs: any plaintiff but these, for an
--   "other plaintiffs" bar), $by_counsel (one plaintiff-side counsel, attorney or firm),
--   $stage (funnel stage reached: sued | discovery_granted | named | served | judgment),
--   $event_labels (list of event labels: cases with such an event) and $event_judge (that event's
--   ruling judge as judge_rulings attributes it: referred magistrate, else assigned judge, else the
--   judge the order names, else 'unknown'), $search (text in the case name, docket number,
--   plaintiff or case id, any case), $limit (most rows returned; NULL = all).
-- Columns: the columns of case_list, in its order and sort, then matches (how many cases match
--   before $limit).
WITH narrowed AS (
    SELECT f.case_id, f.date_filed, f.court_id
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
           SELECT e.case_id FROM events AS e JOIN cases AS c ON c.case_id = e.case_id
           WHERE list_contains(CAST($event_labels AS VARCHAR[]), e.label)
             AND ($event_judge IS NULL
                  OR coalesce(c.referred_judge, c.assigned_judge, e.judge, 'unknown') = $event_judge)))
      AND ($search IS NULL OR contains(lower(concat_ws(' ', f.case_name, f.docket_number, f.plaintiff, f.case_id)),
                                       lower($search)))
)
-- Sort the keys only, then fetch the wide rows of the cases kept (twice as fast at scale).
SELECT c.case_id, c.court_id, c.docket_number, c.case_name, c.plaintiff, c.assigned_judge AS judge,
       c.date_filed, c.date_terminated, m.does_sued, m.discovery_outcome, m.does_discovery_granted,
       m.defendants_served, c.source_url, c.referred_judge, m.defendants_named, m.does_severed,
       m.voluntary_dismissals, c.sources,
       (SELECT count(*) FROM narrowed) AS matches
FROM (SELECT case_id, date_filed, court_id FROM narrowed
      ORDER BY date_filed NULLS LAST, court_id, case_id LIMIT $limit) AS k
JOIN cases AS c ON c.case_id = k.case_id
JOIN case_measures AS m ON m.case_id = k.case_id
ORDER BY k.date_filed NULLS LAST, k.court_id, k.case_id
