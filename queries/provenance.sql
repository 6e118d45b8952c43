-- provenance: where every row of every table came from: rows per table and source.
-- Parameters: none.
-- Tables: the core schema's (every build has them), counted when the build was made
--   (queries/build/marts/provenance_counts.sql); provenance_files covers the IDB and exhibits.
-- Columns: table_name, source (curated | pacer | courtlistener | recap | idb ...; for events, the
--   origin too; 'derived' for tables computed from others), rows.
SELECT table_name, source, rows
FROM provenance_counts
ORDER BY table_name, rows DESC, source
