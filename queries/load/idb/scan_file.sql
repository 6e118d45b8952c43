-- does: scans one IDB file (or a file of re-read lines) in one parallel pass: the needed columns typed,
--       the nature-of-suit filter applied, refused lines recorded with their line numbers and reasons.
-- reads: the file $path; $columns (scanner column c<i> -> type: the needed columns' types, VARCHAR for
--        the rest), $null_strings, $not_null (columns never missing), $date_format, $nos (NOS codes to
--        keep, or NULL for every case)
-- writes: {table} (needed columns under their IDB names, plus has_nul), the rejects tables $errors and
--         $scans; formatted in: {table}, {kept} (c<i> AS "<NAME>" for the needed columns, and the re-read
--         line column when there is one), {text_columns} (the VARCHAR columns; for a file without a NUL byte,
--         only those up to the last NOT NULL column: has_nul is then false, and the other columns unread), {nos_column} (c<i> of NOS),
--         all from the reader's fixed column lists and the file header's positions
CREATE OR REPLACE TEMP TABLE {table} AS
SELECT {kept}, contains(concat({text_columns}), chr(0)) AS has_nul
FROM read_csv($path, columns = $columns, delim = '\t', quote = '"', escape = '"', header = true,
              auto_detect = false, nullstr = $null_strings, force_not_null = $not_null,
              dateformat = $date_format, encoding = 'utf-8', store_rejects = true,
              rejects_table = $errors, rejects_scan = $scans)
WHERE $nos IS NULL OR list_contains($nos, CAST({nos_column} AS INTEGER))
