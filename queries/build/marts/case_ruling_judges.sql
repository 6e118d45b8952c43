-- layer: marts
-- grain: one row per case and judge
-- holds: every judge a case's events are attributed to.
-- Every judge a case's events are attributed to (as in ruling_facts), once per case.
CREATE TABLE case_ruling_judges (
    case_id         VARCHAR NOT NULL,
    court_id        VARCHAR NOT NULL,
    plaintiff       VARCHAR,
    assigned_judge  VARCHAR,
    referred_judge  VARCHAR,
    date_filed      DATE,
    doe_class       VARCHAR,
    ruling_judge    VARCHAR NOT NULL
);

-- A case with a judge on record has that one judge; only cases with none take the judges their orders name.
INSERT INTO case_ruling_judges
SELECT c.case_id, c.court_id, c.plaintiff, c.assigned_judge, c.referred_judge, c.date_filed, u.doe_class,
       j.ruling_judge
FROM (
    SELECT c.case_id, coalesce(c.referred_judge, c.assigned_judge) AS ruling_judge
    FROM cases AS c
    WHERE coalesce(c.referred_judge, c.assigned_judge) IS NOT NULL
      AND EXISTS (SELECT 1 FROM events AS e WHERE e.case_id = c.case_id)
    UNION ALL
    SELECT DISTINCT e.case_id, coalesce(e.judge, 'unknown')
    FROM events AS e
    JOIN cases AS c ON c.case_id = e.case_id
    WHERE c.referred_judge IS NULL AND c.assigned_judge IS NULL
) AS j
JOIN cases AS c ON c.case_id = j.case_id
JOIN case_universe AS u ON u.case_id = j.case_id
ORDER BY c.court_id, c.date_filed, c.case_id;
