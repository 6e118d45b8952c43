-- does: starts profiling without output, so the rows the CSV scanner produced can be read from the profile.
-- reads: nothing
-- writes: the connection's settings
PRAGMA enable_profiling = 'no_output'
