-- layer: marts
-- grain: one row per decided early-discovery motion and judge
-- holds: days from an early-discovery motion to its ruling.
-- Days from an early-discovery motion to the ruling that decides it (granted, granted in part or
-- denied): one row per ruling with both dates and judge of its case (case_ruling_judges), so a
-- ruling's days count for every judge of its case, as judge_rulings.sql describes.
CREATE TABLE ruling_days (
    case_id         VARCHAR NOT NULL,
    court_id        VARCHAR NOT NULL,
    plaintiff       VARCHAR,
    assigned_judge  VARCHAR,
    referred_judge  VARCHAR,
    date_filed      DATE,
    doe_class       VARCHAR,
    ruling_judge    VARCHAR NOT NULL,
    days_to_ruling  BIGINT NOT NULL
);

-- A ruling decides the motion whose entry number it names, else the latest discovery motion before it.
INSERT INTO ruling_days
WITH discovery_events AS (
    SELECT case_id, origin, label, date, entry_number, rules_on, coalesce(entry_number, 0) AS ord_entry
    FROM events
    WHERE label IN ('discovery_motion', 'discovery_granted', 'discovery_granted_in_part', 'discovery_denied')
),
motion_for_ruling AS (
    SELECT r.case_id, r.date AS ruling_date, m.date AS motion_date,
           row_number() OVER (
               PARTITION BY r.case_id, r.ord_entry, r.label, r.origin
               ORDER BY CASE WHEN list_contains(r.rules_on, m.entry_number) THEN 0 ELSE 1 END, m.ord_entry DESC
           ) AS rn
    FROM discovery_events AS r
    JOIN discovery_events AS m
      ON m.case_id = r.case_id AND m.label = 'discovery_motion'
     AND (list_contains(r.rules_on, m.entry_number) OR m.ord_entry < r.ord_entry)
    WHERE r.label <> 'discovery_motion'
)
SELECT j.case_id, j.court_id, j.plaintiff, j.assigned_judge, j.referred_judge, j.date_filed, j.doe_class,
       j.ruling_judge,
       date_diff('day', d.motion_date, d.ruling_date) AS days_to_ruling
FROM motion_for_ruling AS d
JOIN case_ruling_judges AS j ON j.case_id = d.case_id
WHERE d.rn = 1 AND d.motion_date IS NOT NULL AND d.ruling_date IS NOT NULL AND d.ruling_date >= d.motion_date
ORDER BY j.court_id, j.date_filed, j.case_id;
