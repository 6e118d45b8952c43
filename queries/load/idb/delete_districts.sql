-- does: empties fjc_districts before insert_districts writes data/fjc_districts.csv's rows again.
-- reads: nothing
-- writes: fjc_districts
DELETE FROM fjc_districts
