-- case_timeline: the events of one case in docket order, each with the rule that labelled it.
-- Parameters: $case_id (required).
-- Columns: date (NULL when the source gives none), entry_number, label, rule (the classifier rule
--   that fired, 'hand_correction' for a label a reviewer gave the entry in place of the
--   classifier's, or 'hand_coded' for an event a source states), origin (classified | corrected |
--   hand_coded), inferred, does_affected, rules_on (entry numbers an order decides, space-separated),
--   text (the docket entry's words, else the source's basis), source_url, correction (for a
--   corrected event: corrected by hand, by whom, when, and the reviewer's note; else empty).
SELECT e.date, e.entry_number, e.label, e.rule, e.origin, coalesce(e.inferred, FALSE) AS inferred,
       e.does_affected, array_to_string(e.rules_on, ' ') AS rules_on,
       coalesce(d.description, e.basis) AS text, e.source_url,
       CASE WHEN e.origin = 'corrected' THEN e.basis END AS correction
FROM events AS e
LEFT JOIN docket_entries AS d ON d.case_id = e.case_id AND d.entry_seq = e.entry_seq
WHERE e.case_id = $case_id
ORDER BY e.date NULLS LAST, e.entry_number NULLS LAST, e.label, e.origin
