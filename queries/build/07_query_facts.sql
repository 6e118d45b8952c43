-- 07_query_facts.sql: the query marts (schema.sql): what the dashboard's questions read so that none
-- joins cases to their measures, counsel or events while a user waits. Each mart after case_facts
-- carries its case's filter columns, and the marts are stored in court and filing-date order, so a
-- filter on either skips most of them; counsel_facts is stored by counsel instead (see there).

INSERT INTO case_facts
SELECT c.case_id, c.court_id, c.docket_number, c.docket_number_core, c.office, c.case_name, c.plaintiff_raw,
       c.plaintiff, c.plaintiff_key, c.assigned_judge, c.referred_judge, c.date_filed, c.date_terminated,
       c.does_in_caption, c.nature_of_suit, c.disposition, c.outcome_summary, c.flags, c.sources, c.source,
       c.source_url, m.does_sued, m.discovery_motions, m.discovery_outcome, m.cases_discovery_granted,
       m.does_discovery_granted, m.does_severed, m.defendants_named, m.defendants_served, m.judgments,
       m.voluntary_dismissals, m.dismissed_failure_to_serve, m.days_open
FROM cases AS c
JOIN case_measures AS m ON m.case_id = c.case_id
ORDER BY c.court_id, c.date_filed, c.case_id;

INSERT INTO counsel_names
SELECT row_number() OVER (ORDER BY counsel, kind) AS counsel_id, counsel, kind
FROM (SELECT DISTINCT counsel, kind FROM case_counsel) AS k;

-- Stored by counsel (counsel_id follows the names' order) and days open: the sidebar's counsel filter
-- reads the cases of a few names from it, skipping the rest of the table, and the per-counsel median
-- of days open is about twice as fast on rows already in counsel and day order.
INSERT INTO counsel_facts
WITH plaintiff_ids AS (
    SELECT plaintiff, row_number() OVER (ORDER BY plaintiff) AS plaintiff_id
    FROM (SELECT DISTINCT plaintiff FROM case_facts WHERE plaintiff IS NOT NULL) AS p
)
SELECT f.case_id, f.court_id, f.plaintiff, f.assigned_judge, f.referred_judge, f.date_filed, k.counsel, k.kind,
       f.does_sued, f.cases_discovery_granted, f.does_discovery_granted, f.defendants_named, f.defendants_served,
       f.voluntary_dismissals, f.days_open, n.counsel_id, p.plaintiff_id
FROM case_counsel AS k
JOIN case_facts AS f ON f.case_id = k.case_id
JOIN counsel_names AS n ON n.counsel = k.counsel AND n.kind = k.kind
LEFT JOIN plaintiff_ids AS p ON p.plaintiff = f.plaintiff
ORDER BY n.counsel_id, f.days_open, f.case_id;

-- The judge of an event: the magistrate judge the case was referred to (discovery is what referrals
-- are for), else the assigned judge, else the judge the order's text names, else 'unknown'.
INSERT INTO ruling_facts
SELECT c.case_id, c.court_id, c.plaintiff, c.assigned_judge, c.referred_judge, c.date_filed,
       coalesce(c.referred_judge, c.assigned_judge, e.judge, 'unknown') AS ruling_judge, e.label
FROM events AS e
JOIN cases AS c ON c.case_id = e.case_id
WHERE e.label IN ('discovery_granted', 'discovery_granted_in_part', 'discovery_denied', 'discovery_vacated',
                  'severance', 'dismissal_failure_to_serve')
ORDER BY c.court_id, c.date_filed, c.case_id;

-- A case with a judge on record has that one judge; only cases with none take the judges their orders name.
INSERT INTO case_ruling_judges
SELECT c.case_id, c.court_id, c.plaintiff, c.assigned_judge, c.referred_judge, c.date_filed, j.ruling_judge
FROM (
    SELECT c.case_id, coalesce(c.referred_judge, c.assigned_judge) AS ruling_judge
    FROM cases AS c
    WHERE coalesce(c.referred_judge, c.assigned_judge) IS NOT NULL
      AND EXISTS (SELECT 1 FROM events AS e WHERE e.case_id = c.case_id)
    UNION ALL
    SELECT DISTINCT e.case_id, coalesce(e.judge, 'unknown')
    FROM events AS e
    JOIN cases AS c ON c.case_id = e.case_id
    WHERE c.referred_judge IS NULL AND c.assigned_judge IS NULL
) AS j
JOIN cases AS c ON c.case_id = j.case_id
ORDER BY c.court_id, c.date_filed, c.case_id;

-- A ruling decides the motion whose entry number it names, else the latest discovery motion before it.
INSERT INTO ruling_days
WITH discovery_events AS (
    SELECT case_id, origin, label, date, entry_number, rules_on, coalesce(entry_number, 0) AS ord_entry
    FROM events
    WHERE label IN ('discovery_motion', 'discovery_granted', 'discovery_granted_in_part', 'discovery_denied')
),
motion_for_ruling AS (
    SELECT r.case_id, r.date AS ruling_date, m.date AS motion_date,
           row_number() OVER (
               PARTITION BY r.case_id, r.ord_entry, r.label, r.origin
               ORDER BY CASE WHEN list_contains(r.rules_on, m.entry_number) THEN 0 ELSE 1 END, m.ord_entry DESC
           ) AS rn
    FROM discovery_events AS r
    JOIN discovery_events AS m
      ON m.case_id = r.case_id AND m.label = 'discovery_motion'
     AND (list_contains(r.rules_on, m.entry_number) OR m.ord_entry < r.ord_entry)
    WHERE r.label <> 'discovery_motion'
)
SELECT j.case_id, j.court_id, j.plaintiff, j.assigned_judge, j.referred_judge, j.date_filed, j.ruling_judge,
       date_diff('day', d.motion_date, d.ruling_date) AS days_to_ruling
FROM motion_for_ruling AS d
JOIN case_ruling_judges AS j ON j.case_id = d.case_id
WHERE d.rn = 1 AND d.motion_date IS NOT NULL AND d.ruling_date IS NOT NULL AND d.ruling_date >= d.motion_date
ORDER BY j.court_id, j.date_filed, j.case_id;

-- Every value the sidebar filters offer, with how many cases carry it (filter_options.sql).
INSERT INTO filter_option_counts
SELECT 'court' AS filter, court_id AS value, count(*) AS cases FROM cases GROUP BY court_id
UNION ALL
SELECT 'plaintiff', plaintiff, count(*) FROM cases WHERE plaintiff IS NOT NULL GROUP BY plaintiff
UNION ALL
SELECT 'counsel', counsel, count(DISTINCT case_id) FROM case_counsel GROUP BY counsel
UNION ALL
SELECT 'judge', judge, count(DISTINCT case_id) FROM (
    SELECT case_id, assigned_judge AS judge FROM cases WHERE assigned_judge IS NOT NULL
    UNION ALL
    SELECT case_id, referred_judge FROM cases WHERE referred_judge IS NOT NULL
) AS j GROUP BY judge;
