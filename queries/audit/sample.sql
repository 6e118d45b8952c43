-- audit sample: a reproducible random sample of classified docket entries for hand review
-- (pipelines/audit.py; not a dashboard question).
-- Parameters: $n (sample size), $seed (any integer: the same seed, build and filters give the same
--   sample), $label (NULL, or only entries the classifier gave this label), $court (NULL, or one court id).
-- Draws from the numbered entries of each case's best-ranked docket (a correction names its entry by
-- number) and reads the classifier's own labels (source_events), not hand corrections, so a sample
-- measures the classifier. Entries are ranked by a hash of their key and the seed, and the first $n taken.
-- Columns: case_id, entry_number, date, text, labels ('|'-separated, sorted), rules (the rule of each
--   label, same order), source_url.
WITH candidates AS (
    SELECT DISTINCT e.case_id, e.source, e.entry_seq
    FROM source_events AS e
    JOIN docket_entries AS d ON d.case_id = e.case_id AND d.source = e.source AND d.entry_seq = e.entry_seq
    WHERE d.entry_number IS NOT NULL
      AND (CAST($court AS VARCHAR) IS NULL OR split_part(e.case_id, ':', 1) = CAST($court AS VARCHAR))
      AND (CAST($label AS VARCHAR) IS NULL OR e.label = CAST($label AS VARCHAR))
),
chosen AS (
    SELECT case_id, source, entry_seq
    FROM candidates
    ORDER BY hash(concat_ws(':', CAST($seed AS BIGINT), case_id, entry_seq)), case_id, entry_seq
    LIMIT CAST($n AS BIGINT)
)
SELECT d.case_id, d.entry_number, d.date_filed AS date, d.description AS text,
       string_agg(e.label, '|' ORDER BY e.label) AS labels,
       string_agg(e.rule, '|' ORDER BY e.label) AS rules,
       d.source_url
FROM chosen AS k
JOIN docket_entries AS d ON d.case_id = k.case_id AND d.source = k.source AND d.entry_seq = k.entry_seq
JOIN source_events AS e ON e.case_id = k.case_id AND e.source = k.source AND e.entry_seq = k.entry_seq
GROUP BY d.case_id, d.entry_seq, d.entry_number, d.date_filed, d.description, d.source_url
ORDER BY d.case_id, d.entry_seq
