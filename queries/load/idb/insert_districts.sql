-- does: writes the district courts of data/fjc_districts.csv (code, court id, circuit, name).
-- reads: _idb_district_rows (the CSV's rows)
-- writes: fjc_districts
INSERT INTO fjc_districts SELECT district_code, court_id, circuit, court_name FROM _idb_district_rows
