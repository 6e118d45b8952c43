-- layer: merge
-- grain: one row per label on an entry (a view)
-- holds: the classifier's events of the docket entries, the hand-corrected ones, and the hand-coded events.
-- Columns: case_id, origin (classified: from docket text | corrected: a reviewer's labels of the
--   entry, in place of the classifier's (data/corrections/) | hand_coded: a source's statement),
--   entry_seq (classified, corrected: the docket_entries row), entry_number, date, label, rule
--   (classified: the rule that fired; corrected: 'hand_correction'; hand_coded: 'hand_coded'),
--   rules_on (entry numbers the order decides), does_affected, with_prejudice, inferred (decided from
--   docket context rather than the line itself), judge (named in the order's text), basis (hand_coded:
--   the source's words; corrected: who corrected it, when, and the note), source, source_url.
CREATE VIEW events AS
SELECT s.case_id, 'classified' AS origin, s.entry_seq, s.entry_number, s.date, s.label, s.rule, s.rules_on,
       s.does_affected, s.with_prejudice, s.inferred, s.judge, CAST(NULL AS VARCHAR) AS basis, s.source,
       s.source_url
FROM source_events AS s
WHERE NOT EXISTS (SELECT 1 FROM outranked_detail AS o
                  WHERE o.detail = 'docket_entries' AND o.case_id = s.case_id AND o.source = s.source)
  AND NOT EXISTS (SELECT 1 FROM corrected_events AS c
                  WHERE c.case_id = s.case_id AND c.source = s.source AND c.entry_seq = s.entry_seq)
UNION ALL
SELECT c.case_id, 'corrected', c.entry_seq, c.entry_number, c.date, c.label, 'hand_correction', c.rules_on,
       c.does_affected, c.with_prejudice, FALSE, c.judge,
       'corrected by hand by ' || c.reviewer || ' on ' || strftime(c.corrected_on, '%Y-%m-%d')
           || coalesce(': ' || c.note, ''),
       c.source, c.source_url
FROM corrected_events AS c
UNION ALL
SELECT h.case_id, 'hand_coded', CAST(NULL AS BIGINT), h.entry_number, h.date, h.label, 'hand_coded',
       CAST([] AS BIGINT[]), h.does_affected, CAST(NULL AS BOOLEAN), FALSE, CAST(NULL AS VARCHAR), h.basis,
       h.source, h.source_url
FROM hand_coded_events AS h;
