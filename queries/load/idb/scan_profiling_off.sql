-- does: stops the profiling scan_profiling_on started.
-- reads: nothing
-- writes: the connection's settings
PRAGMA disable_profiling
