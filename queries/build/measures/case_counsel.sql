-- layer: measures
-- grain: one row per case and counsel name
-- holds: the plaintiff-side counsel of each case, as attorney and as firm.
--
-- The plaintiff-side counsel of each case, as attorney and as firm,
-- so one filter value ("Steele Hansmeier PLLC" or "Brett L. Gibbs") finds its cases.
-- One row per case and counsel name (attorney, and firm when known) for the counsel filter.
CREATE TABLE case_counsel (
    case_id  VARCHAR NOT NULL,
    counsel  VARCHAR NOT NULL,
    kind     VARCHAR NOT NULL   -- attorney | firm
);

INSERT INTO case_counsel
SELECT DISTINCT a.case_id, a.name AS counsel, 'attorney' AS kind
FROM attorneys AS a JOIN parties AS p ON p.case_id = a.case_id AND p.party_seq = a.party_seq
WHERE p.party_type = 'plaintiff' AND a.name IS NOT NULL
UNION
SELECT DISTINCT a.case_id, a.firm AS counsel, 'firm' AS kind
FROM attorneys AS a JOIN parties AS p ON p.case_id = a.case_id AND p.party_seq = a.party_seq
WHERE p.party_type = 'plaintiff' AND a.firm IS NOT NULL;
