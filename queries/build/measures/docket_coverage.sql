-- layer: measures
-- grain: one row per case
-- holds: how much of each case's docket the build knows (docket_coverage), and from where.
--
-- A case known only from the FJC IDB or CourtListener's bulk dockets file (the census) has no
-- docket entries: its funnel is unknown, not zero. Every measure read from docket events counts
-- only the cases whose docket is known (docs/coverage.md).
--
-- docket_coverage  full: the case's docket entries come from a whole docket (a PACER docket report,
--                    RECAP, a CourtListener API or Internet Archive docket, a curated or generated
--                    docket), or a source coded its events by hand from the docket (curated);
--                  partial: its only entries are PACER RSS items or a PACER docket history (the
--                    record kinds rss and history, beside at most a case query page, which has no
--                    entries: recent entries, or entries without their text);
--                  none: no docket entry and no hand-coded event is known (known only from the IDB,
--                    the census, or a source's listing of cases).
-- docket_source    the source of the entries or hand-coded events (the best-ranked one); NULL for none.
-- docket_coverage_evidence  a sentence saying what decided, naming the sources and record kinds.
CREATE TABLE docket_coverage (
    case_id                   VARCHAR PRIMARY KEY,
    docket_coverage           VARCHAR NOT NULL,  -- full | partial | none
    docket_source             VARCHAR,
    docket_coverage_evidence  VARCHAR NOT NULL
);

INSERT INTO docket_coverage
WITH entry_sources AS (
    SELECT case_id, min(source) AS source, count(*) AS entries
    FROM docket_entries GROUP BY case_id
),
record_kinds AS (
    SELECT r.case_id, r.source,
           -- a case query page holds no entries: it neither makes nor unmakes a docket whole
           NOT bool_or(r.kind NOT IN ('rss', 'history', 'case_query')) AS partial_only,
           string_agg(DISTINCT r.kind, ', ' ORDER BY r.kind) AS kinds
    FROM source_records AS r
    GROUP BY r.case_id, r.source
),
hand_sources AS (
    SELECT case_id, min(source) AS source, count(*) AS events
    FROM events WHERE origin = 'hand_coded' GROUP BY case_id
)
SELECT c.case_id,
       CASE WHEN e.case_id IS NOT NULL AND (e.source = 'pacer_rss' OR coalesce(k.partial_only, FALSE)) THEN 'partial'
            WHEN e.case_id IS NOT NULL OR h.case_id IS NOT NULL THEN 'full'
            ELSE 'none' END AS docket_coverage,
       coalesce(e.source, h.source) AS docket_source,
       CASE WHEN e.case_id IS NOT NULL
            THEN CAST(e.entries AS VARCHAR) || CASE WHEN e.entries = 1 THEN ' docket entry' ELSE ' docket entries' END
                 || ' from ' || e.source
                 || coalesce(' (' || k.kinds || ')', '')
                 || CASE WHEN e.source = 'pacer_rss' OR coalesce(k.partial_only, FALSE)
                         THEN ': RSS items or a docket history only' ELSE '' END
            WHEN h.case_id IS NOT NULL
            THEN CAST(h.events AS VARCHAR) || ' events coded by hand from the docket by ' || h.source
            ELSE 'no docket entries known; the case is known from ' || c.sources END AS docket_coverage_evidence
FROM cases AS c
LEFT JOIN entry_sources AS e ON e.case_id = c.case_id
LEFT JOIN record_kinds AS k ON k.case_id = e.case_id AND k.source = e.source
LEFT JOIN hand_sources AS h ON h.case_id = c.case_id;
