-- 03_hand_events.sql: events a source states without docket text ("early discovery granted
-- 8/5/2011, Dkt 7") join the classified ones (the events view, schema.sql). A hand-coded event is
-- left out when the docket text of the same entry was classified with the same label, so nothing
-- is counted twice.
INSERT INTO hand_coded_events
SELECT h.case_id, h.entry_number, h.date, h.label, h.does_affected, h.basis, h.source, h.source_url
FROM source_hand_events AS h
WHERE NOT EXISTS (
    SELECT 1 FROM events AS e
    WHERE e.origin = 'classified' AND e.case_id = h.case_id
      AND e.label = h.label AND e.entry_number = h.entry_number
);
