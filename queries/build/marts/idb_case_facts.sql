-- layer: marts
-- grain: one row per FJC IDB copyright case
-- holds: the IDB's copyright cases, a case's records combined.
--
-- The FJC IDB's copyright cases, one row per case:
-- a case's records (a case reopened or on several tapes has more than one) combined once per build,
-- not on every national question.
-- One row per FJC IDB copyright case (NOS 820), its records combined: the latest record's fields,
-- the first filing date, Doe if any record names Does, and the plaintiff's most used spelling
-- (what _filtered_idb.sql reads).
CREATE TABLE idb_case_facts (
    case_id          VARCHAR NOT NULL,
    court_id         VARCHAR NOT NULL,
    district_code    VARCHAR NOT NULL,
    plaintiff        VARCHAR,
    plaintiff_name   VARCHAR,   -- the most used spelling among the plaintiff's records
    plaintiff_key    VARCHAR,
    defendant_raw    VARCHAR,
    is_doe           BOOLEAN,
    does_count       BIGINT,
    date_filed       DATE,      -- the first filing date among the case's records
    date_terminated  DATE,
    disp             SMALLINT,
    disposition      VARCHAR,
    records          BIGINT
);

INSERT INTO idb_case_facts
SELECT c.case_id, c.court_id, c.district_code, c.plaintiff, n.plaintiff_name, c.plaintiff_key, c.defendant_raw,
       c.any_doe = 1 AS is_doe, c.max_does AS does_count, c.first_filed AS date_filed, c.date_terminated,
       c.disp, c.disposition, c.records
FROM (
    SELECT i.*,
           min(i.date_filed) OVER (PARTITION BY i.case_id) AS first_filed,
           max(CASE WHEN i.is_doe THEN 1 ELSE 0 END) OVER (PARTITION BY i.case_id) AS any_doe,
           max(i.does_count) OVER (PARTITION BY i.case_id) AS max_does,
           count(*) OVER (PARTITION BY i.case_id) AS records,
           row_number() OVER (PARTITION BY i.case_id
                              ORDER BY i.date_filed DESC NULLS LAST, i.tape_year DESC NULLS LAST) AS latest
    FROM idb_cases AS i
    WHERE i.nos = 820
) AS c
LEFT JOIN (
    SELECT plaintiff_key, plaintiff AS plaintiff_name
    FROM (
        SELECT plaintiff_key, plaintiff,
               row_number() OVER (PARTITION BY plaintiff_key ORDER BY count(*) DESC, plaintiff) AS rn
        FROM idb_cases
        WHERE nos = 820 AND plaintiff_key IS NOT NULL AND plaintiff IS NOT NULL
        GROUP BY plaintiff_key, plaintiff
    ) AS s
    WHERE rn = 1
) AS n ON n.plaintiff_key = c.plaintiff_key
WHERE c.latest = 1
ORDER BY c.court_id, c.first_filed, c.case_id;
