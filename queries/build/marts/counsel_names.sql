-- layer: marts
-- grain: one row per counsel name
-- holds: every plaintiff-side counsel once, numbered in name order.
-- Every plaintiff-side counsel (attorney or firm) once, numbered in name order: counsel_facts
-- carries the number, so the counsel scorecard groups by an integer instead of two strings.
CREATE TABLE counsel_names (
    counsel_id  INTEGER PRIMARY KEY,
    counsel     VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL    -- attorney | firm
);

INSERT INTO counsel_names
SELECT row_number() OVER (ORDER BY counsel, kind) AS counsel_id, counsel, kind
FROM (SELECT DISTINCT counsel, kind FROM case_counsel) AS k;
