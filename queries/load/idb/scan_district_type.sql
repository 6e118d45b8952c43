-- does: creates the ENUM type the scanner converts DISTRICT to: every spelling of a district code the
--       reader accepts, so a line with an unknown code is refused by the scanner with its line number.
-- reads: $spellings (the spellings of data/fjc_districts.csv's codes, sorted)
-- writes: the type idb_district on the scan's connection
CREATE TYPE idb_district AS ENUM (SELECT unnest($spellings))
