-- layer: marts
-- grain: one row per case
-- holds: the case and its measures in one row: what the filtered questions read.
--
-- The query marts: what the dashboard's questions read so that none
-- joins cases to their measures, counsel or events while a user waits. Each mart after case_facts
-- carries its case's filter columns, and the marts are stored in court and filing-date order, so a
-- filter on either skips most of them; counsel_facts is stored by counsel instead (see there).
-- One row per case: the case and its measures (what _filtered_cases.sql reads), stored in court and
-- filing-date order so that filters on either skip most of the table.
CREATE TABLE case_facts (
    case_id                     VARCHAR PRIMARY KEY,
    court_id                    VARCHAR NOT NULL,
    docket_number               VARCHAR,
    docket_number_core          VARCHAR,
    office                      VARCHAR,
    case_name                   VARCHAR,
    plaintiff_raw               VARCHAR,
    plaintiff                   VARCHAR,
    plaintiff_key               VARCHAR,
    assigned_judge              VARCHAR,
    referred_judge              VARCHAR,
    date_filed                  DATE,
    date_terminated             DATE,
    does_in_caption             BIGINT,
    nature_of_suit              VARCHAR,
    disposition                 VARCHAR,
    outcome_summary             VARCHAR,
    flags                       VARCHAR,
    sources                     VARCHAR,
    source                      VARCHAR,
    source_url                  VARCHAR,
    does_sued                   BIGINT,
    discovery_motions           BIGINT,
    discovery_outcome           VARCHAR,
    cases_discovery_granted     BIGINT,
    does_discovery_granted      BIGINT,
    does_severed                BIGINT,
    defendants_named            BIGINT,
    defendants_served           BIGINT,
    served_evidence             VARCHAR,
    judgments                   BIGINT,
    voluntary_dismissals        BIGINT,
    dismissed_failure_to_serve  BIGINT,
    days_open                   BIGINT,
    doe_class                   VARCHAR,  -- case_universe: doe_only | named_plus_fictitious_does | named_only
    doe_class_evidence          VARCHAR,
    doe_inferred                BOOLEAN,
    dismissals                  BIGINT,   -- case_measures: from the docket, else the outcome the IDB or census states
    outcome_source              VARCHAR,  -- docket | idb | courtlistener_bulk | NULL (no outcome known)
    docket_coverage             VARCHAR,  -- docket_coverage: full | partial | none (IDB- or census-only)
    docket_source               VARCHAR,
    docket_coverage_evidence    VARCHAR
);

INSERT INTO case_facts
SELECT c.case_id, c.court_id, c.docket_number, c.docket_number_core, c.office, c.case_name, c.plaintiff_raw,
       c.plaintiff, c.plaintiff_key, c.assigned_judge, c.referred_judge, c.date_filed, c.date_terminated,
       c.does_in_caption, c.nature_of_suit, c.disposition, c.outcome_summary, c.flags, c.sources, c.source,
       c.source_url, m.does_sued, m.discovery_motions, m.discovery_outcome, m.cases_discovery_granted,
       m.does_discovery_granted, m.does_severed, m.defendants_named, m.defendants_served, m.served_evidence,
       m.judgments, m.voluntary_dismissals, m.dismissed_failure_to_serve, m.days_open, u.doe_class,
       u.doe_class_evidence, u.doe_inferred, m.dismissals, m.outcome_source, k.docket_coverage, k.docket_source,
       k.docket_coverage_evidence
FROM cases AS c
JOIN case_measures AS m ON m.case_id = c.case_id
JOIN case_universe AS u ON u.case_id = c.case_id
JOIN docket_coverage AS k ON k.case_id = c.case_id
ORDER BY c.court_id, c.date_filed, c.case_id;
