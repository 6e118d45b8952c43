-- does: removes the rejected lines an earlier load of the same file left, before insert_rejects.
-- reads: idb_rejects; $source_file
-- writes: idb_rejects
DELETE FROM idb_rejects WHERE source_file = $source_file
