-- layer: merge
-- grain: one row per docket entry (a view)
-- holds: the docket of each case's best-ranked source.
-- Columns: case_id, entry_seq, entry_number, date_filed, description, source, source_url.
CREATE VIEW docket_entries AS
SELECT s.case_id, s.entry_seq, s.entry_number, s.date_filed, s.description, s.source, s.source_url
FROM source_docket_entries AS s
WHERE NOT EXISTS (SELECT 1 FROM outranked_detail AS o
                  WHERE o.detail = 'docket_entries' AND o.case_id = s.case_id AND o.source = s.source);
