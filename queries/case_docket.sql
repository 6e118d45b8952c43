-- case_docket: one case's docket, entry by entry, with the events read from each entry, then
-- the events a source states without docket text (hand-coded, with their basis).
-- Parameters: $case_id (required).
-- Columns: entry_number, date, description, labels (';'-separated), rules (the rule behind each
--   label, same order), inferred (any label decided from context), origin (classified |
--   corrected: labels a reviewer gave the entry in place of the classifier's | hand_coded), source,
--   source_url.
SELECT d.entry_number, d.date_filed AS date, d.description,
       string_agg(e.label, ';' ORDER BY e.label) AS labels,
       string_agg(e.rule, ';' ORDER BY e.label) AS rules,
       coalesce(bool_or(e.inferred), FALSE) AS inferred,
       CASE WHEN bool_or(e.origin = 'corrected') THEN 'corrected' ELSE 'classified' END AS origin, d.source,
       d.source_url, d.entry_seq AS ord
FROM docket_entries AS d
LEFT JOIN events AS e ON e.case_id = d.case_id AND e.entry_seq = d.entry_seq AND e.origin IN ('classified', 'corrected')
WHERE d.case_id = $case_id
GROUP BY d.entry_number, d.date_filed, d.description, d.source, d.source_url, d.entry_seq
UNION ALL
SELECT h.entry_number, h.date, h.basis, h.label, h.rule, FALSE, 'hand_coded', h.source, h.source_url,
       1000000 + row_number() OVER (ORDER BY h.entry_number NULLS LAST, h.date NULLS LAST, h.label)
FROM events AS h
WHERE h.case_id = $case_id AND h.origin = 'hand_coded'
ORDER BY ord
