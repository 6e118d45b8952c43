-- schema.sql: every table of a doedocket build.
--
-- This file holds what the sources say, and reference tables:
--   source_*  what each source said, one row per (case, source, sequence); an ingest replaces the
--             rows of the (case_id, source) pairs it loads, so loading a file twice changes nothing.
-- Every derived table and view (cases, their measures, the marts the questions read) is a model of
-- its own in queries/build/<layer>/<table>.sql, made afresh by every build (pipelines/models.py).
-- Raw strings are kept beside normalised ones; every row keeps its source and source URL.

CREATE TABLE IF NOT EXISTS source_cases (
    case_id             VARCHAR NOT NULL,  -- <court_id>:<docket_number_core>, e.g. cand:1103825
    court_id            VARCHAR NOT NULL,  -- CourtListener court id: cand, nysd, ...
    docket_number       VARCHAR,           -- as the source printed it
    docket_number_core  VARCHAR,           -- 2-digit year + 5-digit sequence
    office              VARCHAR,           -- office digit before the colon, when shown
    case_name           VARCHAR,
    plaintiff_raw       VARCHAR,
    plaintiff           VARCHAR,           -- plaintiff name as the source gives it, cleaned
    plaintiff_key       VARCHAR,           -- pipelines.names.plaintiff_key: one key per plaintiff
    assigned_judge      VARCHAR,
    referred_judge      VARCHAR,
    date_filed          DATE,
    date_terminated     DATE,
    does_in_caption     BIGINT,            -- N of "Does 1-N"; NULL when the caption names no Does
    nature_of_suit      VARCHAR,
    disposition         VARCHAR,           -- how the case ended, in the FJC IDB's DISP words
    outcome_summary     VARCHAR,           -- a source's short phrase, for people only
    flags               VARCHAR,           -- ';'-separated data-quality flags
    source              VARCHAR NOT NULL,  -- curated | pacer | courtlistener | recap | idb
    source_url          VARCHAR,
    retrieved_at        TIMESTAMP,
    PRIMARY KEY (case_id, source)
);

CREATE TABLE IF NOT EXISTS source_parties (
    case_id          VARCHAR NOT NULL,
    source           VARCHAR NOT NULL,
    party_seq        BIGINT NOT NULL,
    name_raw         VARCHAR,
    name             VARCHAR,
    party_type       VARCHAR NOT NULL,  -- plaintiff | defendant | movant | ...
    is_doe           BOOLEAN,
    doe_count        BIGINT,            -- Does this party row stands for ("Does 1-109" -> 109)
    date_terminated  DATE,
    PRIMARY KEY (case_id, source, party_seq)
);

CREATE TABLE IF NOT EXISTS source_attorneys (
    case_id       VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,
    party_seq     BIGINT NOT NULL,   -- the party represented (source_parties.party_seq)
    attorney_seq  BIGINT NOT NULL,
    name_raw      VARCHAR,
    name          VARCHAR,
    firm          VARCHAR,
    role          VARCHAR,
    PRIMARY KEY (case_id, source, party_seq, attorney_seq)
);

CREATE TABLE IF NOT EXISTS source_docket_entries (
    case_id       VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,
    entry_seq     BIGINT NOT NULL,   -- order within the case, 0-based
    entry_number  BIGINT,            -- the docket number shown ("Dkt. 18")
    date_filed    DATE,
    description   VARCHAR NOT NULL,
    source_url    VARCHAR
    -- Key (case_id, source, entry_seq): each load is checked for repeats (Staging.check_keys) and
    -- replaces whole (case_id, source) dockets, so no index is kept: at tens of millions of
    -- entries one would cost more time and memory than the load itself.
);

CREATE TABLE IF NOT EXISTS source_hand_events (
    case_id        VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,
    event_seq      BIGINT NOT NULL,
    label          VARCHAR NOT NULL,  -- a contract event label
    date           DATE,
    entry_number   BIGINT,
    does_affected  BIGINT,
    basis          VARCHAR,           -- what the source says, quoted or summarised
    source_url     VARCHAR,
    PRIMARY KEY (case_id, source, event_seq)
);

-- The classifier's events of each source's docket entries (pipelines/classify/), made as the
-- entries are loaded; a build takes the events of the source its docket entries come from.
CREATE TABLE IF NOT EXISTS source_events (
    case_id         VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    entry_seq       BIGINT NOT NULL,   -- the source_docket_entries row
    entry_number    BIGINT,
    date            DATE,
    label           VARCHAR NOT NULL,
    rule            VARCHAR NOT NULL,  -- the rule that fired (pipelines/classify/rules.py)
    rules_on        BIGINT[],
    does_affected   BIGINT,
    with_prejudice  BOOLEAN,
    inferred        BOOLEAN,
    judge           VARCHAR,
    source_url      VARCHAR
);

-- Hand corrections of the classifier's labels (data/corrections/*.csv, or $DOEDOCKET_CORRECTIONS),
-- read afresh at every build (pipelines/corrections.py) and applied over the classifier's events of
-- the entry by the model queries/build/merge/corrected_events.sql. One row per corrected entry.
CREATE TABLE IF NOT EXISTS corrections (
    case_id       VARCHAR NOT NULL,
    entry_number  BIGINT NOT NULL,    -- the docket number shown ("Dkt. 18") of the corrected entry
    labels        VARCHAR[] NOT NULL, -- the entry's right labels, in the contract vocabulary
    reviewer      VARCHAR NOT NULL,
    date          DATE NOT NULL,      -- when the reviewer decided
    note          VARCHAR,            -- why, in the reviewer's words
    source_file   VARCHAR NOT NULL,   -- the corrections file's name
    line_number   BIGINT NOT NULL,    -- its line where the row starts (the header is line 1)
    PRIMARY KEY (case_id, entry_number)
);

-- Facts about the build itself: `classifier_version` is the version of the classifier that made
-- source_events (pipelines/store.py re-classifies a build made by another).
CREATE TABLE IF NOT EXISTS build_info (
    name   VARCHAR PRIMARY KEY,
    value  VARCHAR NOT NULL
);

-- Every docket record (a saved PACER page, a RECAP file, a CourtListener response set) as it was
-- loaded, IP addresses pseudonymised: a later page of the same case and source is merged with these
-- rather than replacing them (pipelines/dockets/stored.py).
CREATE TABLE IF NOT EXISTS source_records (
    case_id      VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    record_hash  VARCHAR NOT NULL,   -- sha256 of the record's content, file path left out
    kind         VARCHAR NOT NULL,   -- docket_report | history | case_query | rss | recap_xml | ia_json | api
    record       VARCHAR NOT NULL,   -- the record as JSON
    PRIMARY KEY (case_id, source, record_hash)
);

-- Which source wins a conflict: lower rank first. PACER pages are the court's own record;
-- RECAP and CourtListener copy it; the curated set transcribes secondary sources; a PACER RSS
-- feed has only a case's few recent entries; the FJC IDB has no docket text and truncated names;
-- generated (synthetic) data never outranks real data.
CREATE TABLE IF NOT EXISTS source_precedence (
    source  VARCHAR PRIMARY KEY,
    rank    INTEGER NOT NULL
);
-- The census (courtlistener_bulk: CourtListener's bulk dockets file) ranks below every docket source
-- and the curated rows, above the IDB. Ranks are rewritten on every build, so a database made before
-- a source was ranked follows the current order.
INSERT INTO source_precedence VALUES
    ('pacer', 1), ('recap', 2), ('courtlistener', 3), ('curated', 4), ('pacer_rss', 5), ('courtlistener_bulk', 6),
    ('idb', 7), ('synthetic', 8)
ON CONFLICT (source) DO UPDATE SET rank = excluded.rank;

-- Complaint exhibits (pipelines/sources/exhibits/, docs/swarm.md) -----------------------------
-- One row per exhibit row: a Doe seen in the swarm. No IP address is stored: `ip_token` is a keyed
-- pseudonym of the address, `network_token` of its IPv4 /16 or IPv6 /32 network. An ingest
-- replaces the rows of each (case_id, source_file) it loads.
CREATE TABLE IF NOT EXISTS exhibit_observations (
    case_id        VARCHAR NOT NULL,   -- must be in `cases` when the exhibit is loaded
    source_file    VARCHAR NOT NULL,   -- the file's name, without directories
    document       VARCHAR NOT NULL,   -- '' for a plain file; 'results[0].recap_documents[1]' in JSON
    line_number    BIGINT NOT NULL,    -- line of the file (or document text) where the row starts
    doe_number     BIGINT NOT NULL,    -- the exhibit's Doe number, else order of first appearance
    ip_token       VARCHAR NOT NULL,   -- 'ip:' + 12 hex (HMAC-SHA256 with the build's local key)
    network_token  VARCHAR NOT NULL,   -- 'net:' + 12 hex of the /16 (IPv4) or /32 (IPv6) network
    ip_version     BIGINT NOT NULL,    -- 4 | 6
    isp            VARCHAR,            -- as the exhibit names it, whitespace collapsed
    observed_at    TIMESTAMP NOT NULL, -- the hit, converted to UTC
    time_known     BOOLEAN NOT NULL,   -- false when the exhibit gives a date only (midnight UTC)
    city           VARCHAR,            -- the exhibit's own geolocation
    state          VARCHAR,            -- US postal code, when the exhibit names a US state
    forum_state    VARCHAR,            -- postal code of the case's court (cand -> CA)
    file_hash      VARCHAR,            -- SHA-1 of the work, when the exhibit gives one
    PRIMARY KEY (case_id, source_file, document, line_number)
);

-- FJC Integrated Database, civil (pipelines/sources/idb/, docs/idb.md) -----------------------
-- One row per case record of the IDB's civil file within the nature-of-suit filter (default 820,
-- copyright): records of one case from several tape years are collapsed to the newest; a reopened
-- case (same docket, later filing date) is a record of its own. Doe cases and cases that docket
-- sources also know are copied to source_cases as source 'idb'; the national questions
-- (doe_share_by_year, top_plaintiffs_by_year, district_doe_share, disposition_mix) read this table.
CREATE TABLE IF NOT EXISTS idb_cases (
    case_id             VARCHAR NOT NULL,   -- <court_id>:<docket_number_core>, e.g. cand:1103825
    court_id            VARCHAR NOT NULL,   -- CourtListener court id of DISTRICT (fjc_districts)
    district_code       VARCHAR NOT NULL,   -- DISTRICT as the FJC codes it: 71, 3A, 7-
    office              VARCHAR,            -- OFFICE
    docket_number_core  VARCHAR NOT NULL,   -- DOCKET, zero-padded to 7 digits (2-digit year + sequence)
    origin              SMALLINT,           -- ORIGIN: 1 original, 2 removed, 4 reinstated/reopened, 5 transferred, ...
    date_filed          DATE,               -- FILEDATE; NULL for 01/01/1900 or missing
    date_terminated     DATE,               -- TERMDATE; NULL while pending (01/01/1900)
    nos                 SMALLINT NOT NULL,  -- NOS, nature of suit (820 = copyright)
    plaintiff_raw       VARCHAR,            -- PLT as the file gives it (cut at 30 characters), IPs pseudonymised
    plaintiff           VARCHAR,            -- PLT with spacing folded
    plaintiff_key       VARCHAR,            -- pipelines.names.plaintiff_key(plaintiff)
    defendant_raw       VARCHAR,            -- DEF (cut at 30 characters), IPs pseudonymised
    is_doe              BOOLEAN NOT NULL,   -- DEF names Doe defendants ("DOES 1-90", "JOHN DOE", "DOE, JOHN")
    does_count          BIGINT,             -- N of "DOES 1-N", 1 for one Doe; NULL when DEF gives no number
    disp                SMALLINT,           -- DISP code; NULL while pending
    disposition         VARCHAR,            -- DISP in words (idb_dispositions)
    judgment            SMALLINT,           -- JUDGMENT: 1 plaintiff, 2 defendant, 3 both, 4 unknown
    tape_year           SMALLINT,           -- TAPEYEAR, fiscal year of the record; 2099 = pending
    flags               VARCHAR,            -- ';'-separated: idb_truncated_names, idb_doe_count_at_cut, idb_reopened
    source_file         VARCHAR NOT NULL,   -- the file the record was read from
    load_id             BIGINT NOT NULL     -- the ingest that wrote it (higher = later)
);

-- Lines of IDB files that could not be read, and why. Every refused line is here; none stops a load.
CREATE TABLE IF NOT EXISTS idb_rejects (
    source_file  VARCHAR NOT NULL,
    line_number  BIGINT NOT NULL,   -- 1-based line of the file (the header is line 1)
    reason       VARCHAR NOT NULL,  -- e.g. "FILEDATE '13/45/2011' is not a date (MM/DD/YYYY)"
    raw_line     VARCHAR,           -- the line (first 2000 characters), IP addresses pseudonymised
    load_id      BIGINT NOT NULL
);

-- The files bulk sources were read from (pipelines/sources/idb/archive.py): one row per file and content,
-- with what `doedocket fetch` recorded when it downloaded it. Cited as "FJC IDB civil file through <cut_off>".
CREATE TABLE IF NOT EXISTS source_files (
    source        VARCHAR NOT NULL,   -- idb
    name          VARCHAR NOT NULL,   -- the file's name, e.g. cv88on_0.zip
    path          VARCHAR NOT NULL,   -- where it was read from (idb_cases.source_file)
    description   VARCHAR NOT NULL,   -- what it is: FJC IDB civil file
    cut_off       DATE,               -- the last day it covers, as its publisher's page says; NULL if not known
    bytes         BIGINT NOT NULL,
    sha256        VARCHAR NOT NULL,   -- of the file as read (the zip, for a zip)
    url           VARCHAR,            -- where `doedocket fetch` downloaded it from; NULL for a file given by hand
    retrieved_at  TIMESTAMP,          -- when it was downloaded (UTC); NULL for a file given by hand
    load_id       BIGINT NOT NULL,    -- the ingest that read it last
    PRIMARY KEY (source, path, sha256)
);

-- FJC IDB DISTRICT code -> CourtListener court id (data/fjc_districts.csv, refreshed by each IDB load).
CREATE TABLE IF NOT EXISTS fjc_districts (
    district_code  VARCHAR PRIMARY KEY,
    court_id       VARCHAR NOT NULL,
    circuit        INTEGER NOT NULL,   -- 0 = D.C. Circuit
    court_name     VARCHAR NOT NULL
);

-- The IDB's DISP codes in words (FJC codebook).
CREATE TABLE IF NOT EXISTS idb_dispositions (
    disp         SMALLINT PRIMARY KEY,
    disposition  VARCHAR NOT NULL
);
INSERT INTO idb_dispositions VALUES
    (0, 'transfer to another district'), (1, 'remanded to state court'), (2, 'dismissed: want of prosecution'),
    (3, 'dismissed: lack of jurisdiction'), (4, 'judgment: default'), (5, 'judgment: consent'),
    (6, 'judgment: on motion before trial'), (7, 'judgment: jury verdict'), (8, 'judgment: directed verdict'),
    (9, 'judgment: court trial'), (10, 'multidistrict litigation transfer'), (11, 'remanded to U.S. agency'),
    (12, 'dismissed: voluntarily'), (13, 'dismissed: settled'), (14, 'dismissed: other'),
    (15, 'judgment: arbitration award'), (16, 'stayed pending bankruptcy'), (17, 'judgment: other'),
    (18, 'statistical closing'), (19, 'appeal affirmed (magistrate judge)'), (20, 'appeal denied (magistrate judge)')
ON CONFLICT DO NOTHING;
