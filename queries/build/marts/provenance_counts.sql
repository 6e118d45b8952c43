-- layer: marts
-- grain: one row per table and source
-- holds: rows of each table from each source in this build.
--
-- Rows per table and source of this build (provenance.sql), counted once
-- when the build is made (a published build never changes) rather than on every visit to the Data page.
-- For events the origin is given too; 'derived' for tables computed from others.
CREATE TABLE provenance_counts (
    table_name  VARCHAR NOT NULL,
    source      VARCHAR,
    rows        BIGINT NOT NULL
);

INSERT INTO provenance_counts
SELECT 'source_cases' AS table_name, source, count(*) AS rows FROM source_cases GROUP BY source
UNION ALL SELECT 'source_parties', source, count(*) FROM source_parties GROUP BY source
UNION ALL SELECT 'source_attorneys', source, count(*) FROM source_attorneys GROUP BY source
UNION ALL SELECT 'source_docket_entries', source, count(*) FROM source_docket_entries GROUP BY source
UNION ALL SELECT 'source_hand_events', source, count(*) FROM source_hand_events GROUP BY source
UNION ALL SELECT 'cases', source, count(*) FROM cases GROUP BY source
UNION ALL SELECT 'parties', source, count(*) FROM parties GROUP BY source
UNION ALL SELECT 'attorneys', source, count(*) FROM attorneys GROUP BY source
UNION ALL SELECT 'docket_entries', source, count(*) FROM docket_entries GROUP BY source
UNION ALL SELECT 'events', origin || ' from ' || source, count(*) FROM events GROUP BY origin, source
UNION ALL SELECT 'case_counsel', 'derived', count(*) FROM case_counsel
UNION ALL SELECT 'case_measures', 'derived', count(*) FROM case_measures;
