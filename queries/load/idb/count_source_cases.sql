-- does: counts the source_cases rows of source 'idb'.
-- reads: source_cases
-- writes: nothing
SELECT count(*) FROM source_cases WHERE source = 'idb'
