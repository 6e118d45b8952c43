-- layer: merge
-- grain: one row per party of a case
-- holds: the parties of each case's best-ranked source.
CREATE TABLE parties (
    case_id          VARCHAR NOT NULL,
    party_seq        BIGINT NOT NULL,
    name_raw         VARCHAR,
    name             VARCHAR,
    party_type       VARCHAR NOT NULL,
    is_doe           BOOLEAN,
    doe_count        BIGINT,
    date_terminated  DATE,
    source           VARCHAR NOT NULL
);

INSERT INTO parties
SELECT s.case_id, s.party_seq, s.name_raw, s.name, s.party_type, s.is_doe, s.doe_count, s.date_terminated, s.source
FROM source_parties AS s
WHERE NOT EXISTS (SELECT 1 FROM outranked_detail AS o
                  WHERE o.detail = 'parties' AND o.case_id = s.case_id AND o.source = s.source);
