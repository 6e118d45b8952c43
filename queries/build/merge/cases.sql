-- layer: merge
-- grain: one row per case_id
-- holds: a case's header fields merged across every source that knows it.
--
-- One `cases` row per case_id from every source that knows it.
-- Each header field comes from the highest-precedence source that has a value for it
-- (source_precedence: pacer, recap, courtlistener, curated, idb); `sources` lists them all.
-- The plaintiff shown is the spelling most cases use among all spellings with the same
-- plaintiff_key ("Dallas Buyers Club LLC" and "Dallas Buyers Club, LLC" become one plaintiff),
-- ties broken alphabetically; plaintiff_raw keeps the winning source's own spelling.
CREATE TABLE cases (
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

INSERT INTO cases
WITH spellings AS (
    SELECT plaintiff_key, plaintiff,
           row_number() OVER (PARTITION BY plaintiff_key ORDER BY count(DISTINCT case_id) DESC, plaintiff) AS rn
    FROM source_cases
    WHERE plaintiff_key IS NOT NULL AND plaintiff IS NOT NULL
    GROUP BY plaintiff_key, plaintiff
),
sources_per_case AS (
    SELECT s.case_id, count(*) AS n
    FROM source_cases AS s JOIN source_precedence AS p ON p.source = s.source
    GROUP BY s.case_id
),
merged AS (
    -- A case one source knows (most of them): that source's row as it is.
    SELECT s.case_id, s.court_id, s.docket_number, s.docket_number_core, s.office, s.case_name, s.plaintiff_raw,
           s.plaintiff, s.plaintiff_key, s.assigned_judge, s.referred_judge, s.date_filed, s.date_terminated,
           s.does_in_caption, s.nature_of_suit, s.disposition, s.outcome_summary, s.flags, s.source AS sources,
           s.source, s.source_url
    FROM source_cases AS s
    JOIN source_precedence AS p ON p.source = s.source
    JOIN sources_per_case AS n ON n.case_id = s.case_id AND n.n = 1
    UNION ALL
    -- A case several sources know: each field from the best-ranked source that has it.
    SELECT
        s.case_id,
        arg_min(s.court_id, p.rank) AS court_id,
        arg_min(s.docket_number, p.rank) FILTER (WHERE s.docket_number IS NOT NULL) AS docket_number,
        arg_min(s.docket_number_core, p.rank) FILTER (WHERE s.docket_number_core IS NOT NULL) AS docket_number_core,
        arg_min(s.office, p.rank) FILTER (WHERE s.office IS NOT NULL) AS office,
        arg_min(s.case_name, p.rank) FILTER (WHERE s.case_name IS NOT NULL) AS case_name,
        arg_min(s.plaintiff_raw, p.rank) FILTER (WHERE s.plaintiff_raw IS NOT NULL) AS plaintiff_raw,
        arg_min(s.plaintiff, p.rank) FILTER (WHERE s.plaintiff IS NOT NULL) AS plaintiff,
        arg_min(s.plaintiff_key, p.rank) FILTER (WHERE s.plaintiff_key IS NOT NULL) AS plaintiff_key,
        arg_min(s.assigned_judge, p.rank) FILTER (WHERE s.assigned_judge IS NOT NULL) AS assigned_judge,
        arg_min(s.referred_judge, p.rank) FILTER (WHERE s.referred_judge IS NOT NULL) AS referred_judge,
        arg_min(s.date_filed, p.rank) FILTER (WHERE s.date_filed IS NOT NULL) AS date_filed,
        arg_min(s.date_terminated, p.rank) FILTER (WHERE s.date_terminated IS NOT NULL) AS date_terminated,
        arg_min(s.does_in_caption, p.rank) FILTER (WHERE s.does_in_caption IS NOT NULL) AS does_in_caption,
        arg_min(s.nature_of_suit, p.rank) FILTER (WHERE s.nature_of_suit IS NOT NULL) AS nature_of_suit,
        arg_min(s.disposition, p.rank) FILTER (WHERE s.disposition IS NOT NULL) AS disposition,
        arg_min(s.outcome_summary, p.rank) FILTER (WHERE s.outcome_summary IS NOT NULL) AS outcome_summary,
        string_agg(DISTINCT s.flags, ';') FILTER (WHERE s.flags IS NOT NULL) AS flags,
        string_agg(s.source, ';' ORDER BY p.rank) AS sources,
        arg_min(s.source, p.rank) AS source,
        arg_min(s.source_url, p.rank) FILTER (WHERE s.source_url IS NOT NULL) AS source_url
    FROM source_cases AS s
    JOIN source_precedence AS p ON p.source = s.source
    JOIN sources_per_case AS n ON n.case_id = s.case_id AND n.n > 1
    GROUP BY s.case_id
)
SELECT m.case_id, m.court_id, m.docket_number, m.docket_number_core, m.office, m.case_name, m.plaintiff_raw,
       coalesce(sp.plaintiff, m.plaintiff) AS plaintiff, m.plaintiff_key, m.assigned_judge, m.referred_judge,
       m.date_filed, m.date_terminated, m.does_in_caption, m.nature_of_suit, m.disposition, m.outcome_summary,
       m.flags, m.sources, m.source, m.source_url
FROM merged AS m
LEFT JOIN spellings AS sp ON sp.plaintiff_key = m.plaintiff_key AND sp.rn = 1;
