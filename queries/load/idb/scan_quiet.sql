-- does: turns off DuckDB's progress bar on the scan's own connection (a scan must print nothing).
-- reads: nothing
-- writes: the connection's settings
SET enable_progress_bar = false
