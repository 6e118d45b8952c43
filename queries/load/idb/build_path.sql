-- does: the file of the database being written (the build), where a zip's member is inflated for its
--       scan; NULL for a database in memory.
-- reads: duckdb_databases()
-- writes: nothing
SELECT path FROM duckdb_databases() WHERE database_name = current_database()
