-- does: removes the source_cases rows of source 'idb', before insert_source_cases writes them again.
-- reads: source_cases
-- writes: source_cases
DELETE FROM source_cases WHERE source = 'idb'
