-- layer: merge
-- grain: one row per attorney of a party
-- holds: the counsel of each case's best-ranked source.
CREATE TABLE attorneys (
    case_id       VARCHAR NOT NULL,
    party_seq     BIGINT NOT NULL,
    attorney_seq  BIGINT NOT NULL,
    name_raw      VARCHAR,
    name          VARCHAR,
    firm          VARCHAR,
    role          VARCHAR,
    source        VARCHAR NOT NULL
);

INSERT INTO attorneys
SELECT s.case_id, s.party_seq, s.attorney_seq, s.name_raw, s.name, s.firm, s.role, s.source
FROM source_attorneys AS s
WHERE NOT EXISTS (SELECT 1 FROM outranked_detail AS o
                  WHERE o.detail = 'attorneys' AND o.case_id = s.case_id AND o.source = s.source);
