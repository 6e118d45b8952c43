-- does: the figures of the load's summary line: case records, copyright cases, cases against Does, names
--       cut at the field width, Doe counts possibly cut.
-- reads: idb_cases
-- writes: nothing
SELECT count(*), count(*) FILTER (WHERE nos = 820), count(*) FILTER (WHERE is_doe),
       count(*) FILTER (WHERE flags LIKE '%idb_truncated_names%'),
       count(*) FILTER (WHERE flags LIKE '%idb_doe_count_at_cut%')
FROM idb_cases
