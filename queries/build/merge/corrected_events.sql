-- layer: merge
-- grain: one row per label of a hand-corrected docket entry
-- holds: the hand corrections (table corrections, from data/corrections/) applied to each case's best-ranked docket.
--
-- A corrected entry's events are the labels a reviewer gave it, in place of the classifier's (the
-- events view leaves the classifier's events of these entries out). A label the classifier also
-- gave keeps what the classifier read with it (rules_on, does_affected, with_prejudice); the
-- entry's judge and, for a new label, its entry numbers ruled on are the classifier's for the entry.
CREATE TABLE corrected_events (
    case_id         VARCHAR NOT NULL,
    entry_seq       BIGINT NOT NULL,
    entry_number    BIGINT NOT NULL,
    date            DATE,
    label           VARCHAR NOT NULL,
    rules_on        BIGINT[],
    does_affected   BIGINT,
    with_prejudice  BOOLEAN,
    judge           VARCHAR,
    reviewer        VARCHAR NOT NULL,
    corrected_on    DATE NOT NULL,
    note            VARCHAR,
    source          VARCHAR NOT NULL,
    source_url      VARCHAR
);

INSERT INTO corrected_events
WITH corrected AS (
    SELECT d.case_id, d.entry_seq, d.entry_number, d.date_filed, d.source, d.source_url, c.labels, c.reviewer,
           c.date AS corrected_on, c.note
    FROM corrections AS c
    JOIN docket_entries AS d ON d.case_id = c.case_id AND d.entry_number = c.entry_number
),
classified AS (
    SELECT s.case_id, s.source, s.entry_seq, s.label, s.rules_on, s.does_affected, s.with_prejudice, s.judge
    FROM source_events AS s
    JOIN corrected AS k ON k.case_id = s.case_id AND k.source = s.source AND k.entry_seq = s.entry_seq
),
per_entry AS (
    SELECT case_id, source, entry_seq, max(rules_on) AS rules_on, max(judge) AS judge
    FROM classified
    GROUP BY case_id, source, entry_seq
)
SELECT k.case_id, k.entry_seq, k.entry_number, k.date_filed, l.label,
       coalesce(s.rules_on, p.rules_on, CAST([] AS BIGINT[])), s.does_affected, s.with_prejudice, p.judge,
       k.reviewer, k.corrected_on, k.note, k.source, k.source_url
FROM corrected AS k
CROSS JOIN unnest(k.labels) AS l(label)
LEFT JOIN classified AS s
  ON s.case_id = k.case_id AND s.source = k.source AND s.entry_seq = k.entry_seq AND s.label = l.label
LEFT JOIN per_entry AS p ON p.case_id = k.case_id AND p.source = k.source AND p.entry_seq = k.entry_seq;
