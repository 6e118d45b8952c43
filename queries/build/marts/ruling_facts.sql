-- layer: marts
-- grain: one row per ruling a judge view counts
-- holds: rulings on early discovery, severance orders and Rule 4(m) dismissals with their judge.
-- One row per event a judge view counts (rulings on early discovery, severance orders, Rule 4(m)
-- dismissals), with the judge it is attributed to: the magistrate judge the case was referred to,
-- else the assigned judge, else the judge the order names, else 'unknown'.
CREATE TABLE ruling_facts (
    case_id         VARCHAR NOT NULL,
    court_id        VARCHAR NOT NULL,
    plaintiff       VARCHAR,
    assigned_judge  VARCHAR,
    referred_judge  VARCHAR,
    date_filed      DATE,
    doe_class       VARCHAR,
    ruling_judge    VARCHAR NOT NULL,
    label           VARCHAR NOT NULL
);

-- The judge of an event: the magistrate judge the case was referred to (discovery is what referrals
-- are for), else the assigned judge, else the judge the order's text names, else 'unknown'.
INSERT INTO ruling_facts
SELECT c.case_id, c.court_id, c.plaintiff, c.assigned_judge, c.referred_judge, c.date_filed, u.doe_class,
       coalesce(c.referred_judge, c.assigned_judge, e.judge, 'unknown') AS ruling_judge, e.label
FROM events AS e
JOIN cases AS c ON c.case_id = e.case_id
JOIN case_universe AS u ON u.case_id = e.case_id
WHERE e.label IN ('discovery_granted', 'discovery_granted_in_part', 'discovery_denied', 'discovery_vacated',
                  'severance', 'dismissal_failure_to_serve')
ORDER BY c.court_id, c.date_filed, c.case_id;
