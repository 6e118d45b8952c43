-- does: one idb_cases row per kept line of one file: case_id from the district's court and the docket
--       number, names pseudonymised, cleaned and keyed, the Doe reading of DEF, the disposition's words,
--       flags for names cut at $width characters, Doe counts possibly cut, and reopened cases.
-- reads: _idb_scan (the file's kept rows), _idb_spellings (district spelling -> code), fjc_districts,
--        _idb_names (each raw PLT/DEF: pseudonymised, cleaned, keyed, Doe reading), idb_dispositions;
--        $width, $source_file, $load_id
-- writes: idb_cases
INSERT INTO idb_cases
SELECT d.court_id || ':' || k.docket_core AS case_id, d.court_id, d.district_code, k.office, k.docket_core,
       k.origin, k.date_filed, k.date_terminated, k.nos, p.raw_pseudonymised, p.cleaned, p.name_key,
       f.raw_pseudonymised, coalesce(f.is_doe, false), f.does_count, k.disp, x.disposition, k.judgment,
       k.tape_year,
       nullif(concat_ws(';',
           CASE WHEN length(k.plt) >= $width OR length(k.def) >= $width THEN 'idb_truncated_names' END,
           CASE WHEN f.count_at_cut THEN 'idb_doe_count_at_cut' END,
           CASE WHEN k.origin = 4 THEN 'idb_reopened' END), '') AS flags,
       $source_file, $load_id
FROM (
    SELECT CAST("DISTRICT" AS VARCHAR) AS district, "OFFICE" AS office,
           CASE WHEN "DOCKET" < 10000000 THEN lpad(CAST("DOCKET" AS VARCHAR), 7, '0')
                ELSE CAST("DOCKET" AS VARCHAR) END AS docket_core,
           "ORIGIN" AS origin, nullif("FILEDATE", DATE '1900-01-01') AS date_filed,
           nullif("TERMDATE", DATE '1900-01-01') AS date_terminated, "NOS" AS nos, "PLT" AS plt, "DEF" AS def,
           "DISP" AS disp, "JUDGMENT" AS judgment, "TAPEYEAR" AS tape_year
    FROM _idb_scan
) AS k
JOIN _idb_spellings AS s ON s.spelling = k.district
JOIN fjc_districts AS d ON d.district_code = s.district_code
LEFT JOIN _idb_names AS p ON p.raw = k.plt
LEFT JOIN _idb_names AS f ON f.raw = k.def
LEFT JOIN idb_dispositions AS x ON x.disp = k.disp
