-- does: collapses the records of one case (court, docket, filing date) from several tape years or loads:
--       keeps the newest tape year (2099, pending, is the newest), then the latest load, then the latest ending.
--       Only the cases with more than one record are ranked (a hash count finds them): ranking every record
--       took most of this step's time, and a file's duplicates are a few percent of its records.
-- reads: idb_cases
-- writes: idb_cases (deletes the older records)
DELETE FROM idb_cases WHERE rowid IN (
    SELECT rid FROM (
        SELECT i.rowid AS rid, row_number() OVER (
            PARTITION BY i.court_id, i.docket_number_core, i.date_filed
            ORDER BY i.tape_year DESC NULLS LAST, i.load_id DESC, i.date_terminated DESC NULLS LAST,
                     i.disp DESC NULLS LAST, i.judgment DESC NULLS LAST, i.office, i.plaintiff_raw,
                     i.defendant_raw) AS rn
        FROM idb_cases AS i
        JOIN (
            SELECT court_id, docket_number_core, date_filed
            FROM idb_cases
            GROUP BY court_id, docket_number_core, date_filed
            HAVING count(*) > 1
        ) AS d ON d.court_id = i.court_id AND d.docket_number_core = i.docket_number_core
              AND d.date_filed IS NOT DISTINCT FROM i.date_filed
    ) AS ranked WHERE rn > 1
)
