-- schema.sql: every table of a doedocket build.
--
-- Two layers (run in this order by pipelines/store.py):
--   source_*  what each source said, one row per (case, source, sequence); an ingest replaces the
--             rows of the (case_id, source) pairs it loads, so loading a file twice changes nothing.
--   derived   cases, parties, attorneys, docket_entries (merged across sources by precedence,
--             queries/build/merge_*.sql), events (the classifier plus hand-coded events) and
--             case_measures (the funnel, queries/build/case_measures.sql). Rebuilt on every build.
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
    source_url    VARCHAR,
    PRIMARY KEY (case_id, source, entry_seq)
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

-- Derived layer ---------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS cases (
    case_id             VARCHAR PRIMARY KEY,
    court_id            VARCHAR NOT NULL,
    docket_number       VARCHAR,
    docket_number_core  VARCHAR,
    office              VARCHAR,
    case_name           VARCHAR,
    plaintiff_raw       VARCHAR,
    plaintiff           VARCHAR,   -- the most used spelling of the plaintiff across all cases
    plaintiff_key       VARCHAR,
    assigned_judge      VARCHAR,
    referred_judge      VARCHAR,
    date_filed          DATE,
    date_terminated     DATE,
    does_in_caption     BIGINT,
    nature_of_suit      VARCHAR,
    disposition         VARCHAR,
    outcome_summary     VARCHAR,
    flags               VARCHAR,
    sources             VARCHAR,   -- every source that knows the case, ';'-separated, by precedence
    source              VARCHAR,   -- the source whose header fields won
    source_url          VARCHAR
);

CREATE TABLE IF NOT EXISTS parties (
    case_id          VARCHAR NOT NULL,
    party_seq        BIGINT NOT NULL,
    name_raw         VARCHAR,
    name             VARCHAR,
    party_type       VARCHAR NOT NULL,
    is_doe           BOOLEAN,
    doe_count        BIGINT,
    date_terminated  DATE,
    source           VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS attorneys (
    case_id       VARCHAR NOT NULL,
    party_seq     BIGINT NOT NULL,
    attorney_seq  BIGINT NOT NULL,
    name_raw      VARCHAR,
    name          VARCHAR,
    firm          VARCHAR,
    role          VARCHAR,
    source        VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS docket_entries (
    case_id       VARCHAR NOT NULL,
    entry_seq     BIGINT NOT NULL,
    entry_number  BIGINT,
    date_filed    DATE,
    description   VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,
    source_url    VARCHAR
);

CREATE TABLE IF NOT EXISTS events (
    case_id         VARCHAR NOT NULL,
    origin          VARCHAR NOT NULL,  -- classified (from docket text) | hand_coded (a source's statement)
    entry_seq       BIGINT,            -- classified: the docket_entries row
    entry_number    BIGINT,
    date            DATE,
    label           VARCHAR NOT NULL,
    rule            VARCHAR,           -- classified: the rule that fired; hand_coded: 'hand_coded'
    rules_on        BIGINT[],          -- entry numbers the order decides
    does_affected   BIGINT,
    with_prejudice  BOOLEAN,
    inferred        BOOLEAN,           -- decided from docket context rather than the line itself
    judge           VARCHAR,           -- judge named in the order's text, when it names one
    basis           VARCHAR,
    source          VARCHAR NOT NULL,
    source_url      VARCHAR
);

-- One row per case and counsel name (attorney, and firm when known) for the counsel filter.
CREATE TABLE IF NOT EXISTS case_counsel (
    case_id  VARCHAR NOT NULL,
    counsel  VARCHAR NOT NULL,
    kind     VARCHAR NOT NULL   -- attorney | firm
);

CREATE TABLE IF NOT EXISTS case_measures (
    case_id                     VARCHAR PRIMARY KEY,
    does_sued                   BIGINT,   -- caption's N, else the Doe parties' count, else 0
    discovery_motions           BIGINT,
    discovery_outcome           VARCHAR,  -- granted | granted_in_part | denied | vacated | pending | none
    cases_discovery_granted     BIGINT,   -- 1 when any order granted early discovery (in whole or part)
    does_discovery_granted      BIGINT,   -- Does covered by granted discovery ("subpoenas authorised")
    does_severed                BIGINT,
    defendants_named            BIGINT,
    defendants_served           BIGINT,
    judgments                   BIGINT,
    voluntary_dismissals        BIGINT,
    dismissed_failure_to_serve  BIGINT,   -- 1 when a Rule 4(m) dismissal is recorded
    days_open                   BIGINT    -- date_terminated - date_filed; NULL while open or unknown
);

-- Which source wins a conflict: lower rank first. PACER pages are the court's own record;
-- RECAP and CourtListener copy it; the curated set transcribes secondary sources; the FJC IDB
-- has no docket text and truncated names.
CREATE TABLE IF NOT EXISTS source_precedence (
    source  VARCHAR PRIMARY KEY,
    rank    INTEGER NOT NULL
);
INSERT INTO source_precedence VALUES
    ('pacer', 1), ('recap', 2), ('courtlistener', 3), ('curated', 4), ('idb', 5)
ON CONFLICT DO NOTHING;
