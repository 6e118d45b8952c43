-- layer: merge
-- grain: one row per label on an entry (a view)
-- holds: the classifier's events of the docket entries, and the hand-coded events.
-- Columns: case_id, origin (classified: from docket text | hand_coded: a source's statement),
--   entry_seq (classified: the docket_entries row), entry_number, date, label, rule (classified: the
--   rule that fired; hand_coded: 'hand_coded'), rules_on (entry numbers the order decides),
--   does_affected, with_prejudice, inferred (decided from docket context rather than the line itself),
--   judge (named in the order's text), basis, source, source_url.
CREATE VIEW events AS
SELECT s.case_id, 'classified' AS origin, s.entry_seq, s.entry_number, s.date, s.label, s.rule, s.rules_on,
       s.does_affected, s.with_prejudice, s.inferred, s.judge, CAST(NULL AS VARCHAR) AS basis, s.source,
       s.source_url
FROM source_events AS s
WHERE NOT EXISTS (SELECT 1 FROM outranked_detail AS o
                  WHERE o.detail = 'docket_entries' AND o.case_id = s.case_id AND o.source = s.source)
UNION ALL
SELECT h.case_id, 'hand_coded', CAST(NULL AS BIGINT), h.entry_number, h.date, h.label, 'hand_coded',
       CAST([] AS BIGINT[]), h.does_affected, CAST(NULL AS BOOLEAN), FALSE, CAST(NULL AS VARCHAR), h.basis,
       h.source, h.source_url
FROM hand_coded_events AS h;
