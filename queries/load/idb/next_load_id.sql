-- does: the id of this load: one more than any load before it left in idb_cases or idb_rejects.
-- reads: idb_cases, idb_rejects
-- writes: nothing
SELECT 1 + greatest(coalesce((SELECT max(load_id) FROM idb_cases), 0),
                    coalesce((SELECT max(load_id) FROM idb_rejects), 0))
