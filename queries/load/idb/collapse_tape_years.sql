-- does: collapses the records of one case (court, docket, filing date) from several tape years or loads:
--       keeps the newest tape year (2099, pending, is the newest), then the latest load, then the latest ending.
--       (insert_cases collapses a file's own records by the same order: this is run when idb_cases held
--       records before the file, or several files were loaded.)
-- reads: idb_cases
-- writes: idb_cases (deletes the older records)
DELETE FROM idb_cases WHERE rowid IN (
    SELECT rid FROM (
        SELECT rowid AS rid, row_number() OVER (
            PARTITION BY court_id, docket_number_core, date_filed
            ORDER BY tape_year DESC NULLS LAST, load_id DESC, date_terminated DESC NULLS LAST,
                     disp DESC NULLS LAST, judgment DESC NULLS LAST, office, plaintiff_raw, defendant_raw) AS rn
        FROM idb_cases
    ) AS ranked WHERE rn > 1
)
