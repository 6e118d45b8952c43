-- isp_subpoena_load: which ISPs the exhibits point subpoenas at, per year: the cases and Does
-- whose hit (a Doe's earliest exhibit row) names the ISP.
-- Year: the case's filing year, else the year of its first exhibit hit.
-- Parameters: the common filters (see _filtered_cases.sql); $case_id (optional: one case only).
-- Columns: isp ('(not stated)' when the exhibit names none), year, cases, does,
--   does_in_granted_cases (Does in cases where early discovery was granted in whole or in part:
--   an upper bound on the subpoenas authorised, since a partial grant may cover Doe 1 only).
WITH doe_hits AS (
    SELECT case_id, doe_number, coalesce(isp, '(not stated)') AS isp, observed_at
    FROM (
        SELECT o.*,
               row_number() OVER (PARTITION BY o.case_id, o.doe_number
                                  ORDER BY o.observed_at, o.source_file, o.document, o.line_number) AS rn
        FROM exhibit_observations AS o
        WHERE $case_id IS NULL OR o.case_id = $case_id
    ) AS r
    WHERE rn = 1
)
SELECT h.isp,
       CAST(coalesce(extract(year FROM f.date_filed), extract(year FROM s.first_hit)) AS BIGINT) AS year,
       count(DISTINCT h.case_id) AS cases,
       count(*) AS does,
       sum(CASE WHEN f.cases_discovery_granted = 1 THEN 1 ELSE 0 END) AS does_in_granted_cases
FROM doe_hits AS h
JOIN filtered_cases AS f ON f.case_id = h.case_id
JOIN swarm_measures AS s ON s.case_id = h.case_id
GROUP BY h.isp, CAST(coalesce(extract(year FROM f.date_filed), extract(year FROM s.first_hit)) AS BIGINT)
ORDER BY year, does DESC, h.isp
