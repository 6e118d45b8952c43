-- 03_hand_events.sql: events a source states without docket text ("early discovery granted
-- 8/5/2011, Dkt 7") join the classified ones. A hand-coded event is left out when the docket
-- text of the same entry was classified with the same label, so nothing is counted twice.
INSERT INTO events
SELECT h.case_id, 'hand_coded' AS origin, NULL AS entry_seq, h.entry_number, h.date, h.label,
       'hand_coded' AS rule, CAST([] AS BIGINT[]) AS rules_on, h.does_affected,
       NULL AS with_prejudice, FALSE AS inferred, NULL AS judge, h.basis, h.source, h.source_url
FROM source_hand_events AS h
WHERE NOT EXISTS (
    SELECT 1 FROM events AS e
    WHERE e.origin = 'classified' AND e.case_id = h.case_id
      AND e.label = h.label AND e.entry_number = h.entry_number
);
