-- layer: merge
-- grain: one row per stated event
-- holds: events a source states without docket text that the docket text does not already show.
--
-- Events a source states without docket text ("early discovery granted
-- 8/5/2011, Dkt 7") join the classified ones (the events view). A hand-coded event is
-- left out when the docket text of the same entry was classified with the same label, so nothing
-- is counted twice.
CREATE TABLE hand_coded_events (
    case_id        VARCHAR NOT NULL,
    entry_number   BIGINT,
    date           DATE,
    label          VARCHAR NOT NULL,
    does_affected  BIGINT,
    basis          VARCHAR,
    source         VARCHAR NOT NULL,
    source_url     VARCHAR
);

INSERT INTO hand_coded_events
SELECT h.case_id, h.entry_number, h.date, h.label, h.does_affected, h.basis, h.source, h.source_url
FROM source_hand_events AS h
WHERE NOT EXISTS (
    -- the classified events of the case's docket (the events view's first half, read here directly
    -- because that view is made from this table)
    SELECT 1 FROM source_events AS e
    WHERE e.case_id = h.case_id AND e.label = h.label AND e.entry_number = h.entry_number
      AND NOT EXISTS (SELECT 1 FROM outranked_detail AS o
                      WHERE o.detail = 'docket_entries' AND o.case_id = e.case_id AND o.source = e.source)
);
