-- provenance_sources: what this build was loaded from, for citing a figure (the "Cite this view"
-- box, `doedocket query NAME --provenance`): each source's cases and docket entries, the docket
-- records (saved PACER pages, RECAP files, CourtListener responses) per kind, and each FJC IDB and
-- complaint-exhibit file, with the dates they span.
-- Parameters: none.
-- Columns: source (curated | pacer | courtlistener | recap | idb | exhibits ...), item (cases |
--   docket entries | records: <kind> | file | source file), file (the file's name for IDB and exhibit
--   files, else NULL), rows, earliest, latest (dates: when the source's cases were retrieved; the first
--   and last filing date an IDB file holds; the first and last hit an exhibit lists; NULL when not
--   recorded), about (for a source file, what it is in words: "FJC IDB civil file through 2026-03-31,
--   cv88on_0.zip, 339738112 bytes, SHA-256 ..."; its rows are its bytes, earliest the day it was
--   downloaded, latest its cut-off; NULL for other items).
-- A build made before a table joined the schema lacks it: `queries.provenance` leaves out the
-- blocks marked `-- unset: <table>` for the tables missing.
SELECT source, item, file, rows, earliest, latest, about
FROM (
    SELECT source, 'cases' AS item, CAST(NULL AS VARCHAR) AS file, count(*) AS rows,
           min(CAST(retrieved_at AS DATE)) AS earliest, max(CAST(retrieved_at AS DATE)) AS latest,
           CAST(NULL AS VARCHAR) AS about, 1 AS ord
    FROM source_cases
    GROUP BY source
    UNION ALL
    SELECT source, 'docket entries', CAST(NULL AS VARCHAR), rows, CAST(NULL AS DATE), CAST(NULL AS DATE), NULL, 2
    FROM provenance_counts
    WHERE table_name = 'source_docket_entries'
    -- unset: source_records
    UNION ALL
    SELECT source, 'records: ' || kind, CAST(NULL AS VARCHAR), count(*), CAST(NULL AS DATE), CAST(NULL AS DATE), NULL, 3
    FROM source_records
    GROUP BY source, kind
    -- end unset
    -- unset: idb_cases
    UNION ALL
    SELECT 'idb', 'file', source_file, count(*), min(date_filed), max(date_filed), NULL, 4
    FROM idb_cases
    GROUP BY source_file
    -- end unset
    -- unset: exhibit_observations
    UNION ALL
    SELECT 'exhibits', 'file', source_file, count(*), min(CAST(observed_at AS DATE)), max(CAST(observed_at AS DATE)), NULL, 5
    FROM exhibit_observations
    GROUP BY source_file
    -- end unset
    -- unset: source_files
    UNION ALL
    SELECT source, 'source file', name, bytes, CAST(retrieved_at AS DATE), cut_off,
           description || coalesce(' through ' || CAST(cut_off AS VARCHAR), ' (cut-off not recorded)')
               || ', ' || name || ', ' || CAST(bytes AS VARCHAR) || ' bytes, SHA-256 ' || sha256
               || coalesce(', downloaded ' || CAST(CAST(retrieved_at AS DATE) AS VARCHAR) || ' from ' || url, ''), 6
    FROM source_files
    -- end unset
) AS p
ORDER BY ord, source, item, file
