-- does: records one file the load read (its name, cut-off, size and SHA-256, and where and when it was
--       fetched), replacing the row of the same file and content an earlier load left.
-- reads: $source, $name, $path, $description, $cut_off, $bytes, $sha256, $url, $retrieved_at, $load_id
-- writes: source_files
INSERT OR REPLACE INTO source_files
VALUES ($source, $name, $path, $description, $cut_off, $bytes, $sha256, $url, $retrieved_at, $load_id)
