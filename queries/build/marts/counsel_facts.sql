-- layer: marts
-- grain: one row per counsel of a case
-- holds: each counsel of a case with the case's filter columns and measures.
-- One row per plaintiff-side counsel of a case (case_counsel) with the case's measures.
CREATE TABLE counsel_facts (
    case_id                  VARCHAR NOT NULL,
    court_id                 VARCHAR NOT NULL,
    plaintiff                VARCHAR,
    assigned_judge           VARCHAR,
    referred_judge           VARCHAR,
    date_filed               DATE,
    doe_class                VARCHAR,
    counsel                  VARCHAR NOT NULL,
    kind                     VARCHAR NOT NULL,   -- attorney | firm
    does_sued                BIGINT,
    cases_discovery_granted  BIGINT,
    does_discovery_granted   BIGINT,
    defendants_named         BIGINT,
    defendants_served        BIGINT,
    voluntary_dismissals     BIGINT,
    days_open                BIGINT,
    counsel_id               INTEGER NOT NULL,   -- counsel_names
    plaintiff_id             INTEGER             -- the plaintiff's place in name order (NULL: none known)
);

-- Stored by counsel (counsel_id follows the names' order) and days open: the sidebar's counsel filter
-- reads the cases of a few names from it, skipping the rest of the table, and the per-counsel median
-- of days open is about twice as fast on rows already in counsel and day order.
INSERT INTO counsel_facts
WITH plaintiff_ids AS (
    SELECT plaintiff, row_number() OVER (ORDER BY plaintiff) AS plaintiff_id
    FROM (SELECT DISTINCT plaintiff FROM case_facts WHERE plaintiff IS NOT NULL) AS p
)
SELECT f.case_id, f.court_id, f.plaintiff, f.assigned_judge, f.referred_judge, f.date_filed, f.doe_class,
       k.counsel, k.kind,
       f.does_sued, f.cases_discovery_granted, f.does_discovery_granted, f.defendants_named, f.defendants_served,
       f.voluntary_dismissals, f.days_open, n.counsel_id, p.plaintiff_id
FROM case_counsel AS k
JOIN case_facts AS f ON f.case_id = k.case_id
JOIN counsel_names AS n ON n.counsel = k.counsel AND n.kind = k.kind
LEFT JOIN plaintiff_ids AS p ON p.plaintiff = f.plaintiff
ORDER BY n.counsel_id, f.days_open, f.case_id;
