-- layer: marts
-- grain: one row per filter value
-- holds: every value a sidebar filter offers, with its case count.
-- The answers of the two questions about the whole build (filter_options.sql, provenance.sql).
CREATE TABLE filter_option_counts (
    filter  VARCHAR NOT NULL,
    value   VARCHAR,
    cases   BIGINT NOT NULL
);

-- Every value the sidebar filters offer, with how many cases carry it (filter_options.sql).
INSERT INTO filter_option_counts
SELECT 'court' AS filter, court_id AS value, count(*) AS cases FROM cases GROUP BY court_id
UNION ALL
SELECT 'plaintiff', plaintiff, count(*) FROM cases WHERE plaintiff IS NOT NULL GROUP BY plaintiff
UNION ALL
SELECT 'counsel', counsel, count(DISTINCT case_id) FROM case_counsel GROUP BY counsel
UNION ALL
SELECT 'judge', judge, count(DISTINCT case_id) FROM (
    SELECT case_id, assigned_judge AS judge FROM cases WHERE assigned_judge IS NOT NULL
    UNION ALL
    SELECT case_id, referred_judge FROM cases WHERE referred_judge IS NOT NULL
) AS j GROUP BY judge;
