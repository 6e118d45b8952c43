-- layer: measures
-- grain: one row per case
-- holds: the funnel of each case, derived from its events.
--
-- The funnel for every case, derived from its events (never typed in).
--
-- does_sued               caption's N ("Does 1-90" -> 90), else the Doe parties' count, else 0; a case
--                         whose Doe start is inferred (case_universe.doe_inferred) sued at least one
--                         Doe per defendant later named.
-- discovery_outcome       label of the latest ruling on early discovery (docket order: entry number,
--                         then date; a ruling with neither sorts first), mapped to granted |
--                         granted_in_part | denied | vacated; 'pending' when a discovery motion has
--                         no ruling; 'none' when no motion or ruling is known.
-- does_discovery_granted  0 without a grant. With one: does_sued less the Does severed at or before
--                         the first grant (an order granting discovery as to Doe 1 and severing Does
--                         2-33 covers 1), at least 1. Severance after the grant does not recall
--                         subpoenas already authorised, so it is not subtracted.
-- defendants_named        defendant parties that are not Does.
-- defendants_served       defendants reached: distinct docket entries labelled service_executed (returns
--                         of service, waivers), or, when more, the named defendants who appeared,
--                         answered or moved to dismiss (one per entry of theirs, at most the named
--                         defendants): an entry labelled appearance, or an answer or motion to dismiss,
--                         that names neither the plaintiff nor a Doe and either names a defendant or
--                         follows the first summons. A named defendant who appears was reached even
--                         when no return of service is docketed.
-- served_evidence         the kinds of evidence behind defendants_served, ';'-separated in this order:
--                         return_of_service, waiver, appearance_or_answer; NULL when none.
-- judgments, voluntary_dismissals, dismissals
--                         counted from the docket's events; where the docket shows no outcome (no
--                         judgment, dismissal or settlement event, or no docket at all), the outcome the
--                         IDB or the census states fills them (source_cases.disposition of the best-ranked
--                         of idb, courtlistener_bulk): 'dismissed: voluntarily' and 'dismissed: settled'
--                         are a voluntary dismissal, any 'dismissed: ...' a dismissal, 'judgment: ...' a
--                         judgment. Unknown is not zero: without either, all three stay 0 and
--                         outcome_source is NULL.
-- outcome_source          where those outcomes come from: 'docket', or the source that stated them (idb,
--                         courtlistener_bulk); NULL when no outcome is known.
CREATE TABLE case_measures (
    case_id                     VARCHAR PRIMARY KEY,
    does_sued                   BIGINT,   -- caption's N, else the Doe parties' count, else 0
    discovery_motions           BIGINT,
    discovery_outcome           VARCHAR,  -- granted | granted_in_part | denied | vacated | pending | none
    cases_discovery_granted     BIGINT,   -- 1 when any order granted early discovery (in whole or part)
    does_discovery_granted      BIGINT,   -- Does covered by granted discovery ("subpoenas authorised")
    does_severed                BIGINT,
    defendants_named            BIGINT,
    defendants_served           BIGINT,
    served_evidence             VARCHAR,  -- return_of_service;waiver;appearance_or_answer (those found)
    judgments                   BIGINT,
    voluntary_dismissals        BIGINT,
    dismissed_failure_to_serve  BIGINT,   -- 1 when a Rule 4(m) dismissal is recorded
    days_open                   BIGINT,   -- date_terminated - date_filed; NULL while open or unknown
    dismissals                  BIGINT,   -- 1 when the case was dismissed (any kind), from the docket or a stated outcome
    outcome_source              VARCHAR   -- docket | idb | courtlistener_bulk (the stated outcome filled in) | NULL
);

INSERT INTO case_measures
WITH ranked AS (
    SELECT e.*,
           coalesce(e.entry_number, 0) AS ord_entry,
           coalesce(e.date, DATE '1900-01-01') AS ord_date,
           CASE e.label
               WHEN 'discovery_granted' THEN 1 WHEN 'discovery_granted_in_part' THEN 2
               WHEN 'discovery_denied' THEN 3 WHEN 'discovery_vacated' THEN 4 END AS ruling_rank
    FROM events AS e
),
first_grant AS (
    SELECT case_id, ord_entry, ord_date FROM (
        SELECT case_id, ord_entry, ord_date,
               row_number() OVER (PARTITION BY case_id ORDER BY ord_entry, ord_date) AS rn
        FROM ranked WHERE label IN ('discovery_granted', 'discovery_granted_in_part')
    ) AS g WHERE rn = 1
),
severed_before_grant AS (
    SELECT r.case_id, max(r.does_affected) AS does
    FROM ranked AS r JOIN first_grant AS g ON g.case_id = r.case_id
    WHERE r.label = 'severance'
      AND (r.ord_entry < g.ord_entry OR (r.ord_entry = g.ord_entry AND r.ord_date <= g.ord_date))
    GROUP BY r.case_id
),
latest_ruling AS (
    SELECT case_id, label FROM (
        SELECT case_id, label,
               row_number() OVER (PARTITION BY case_id
                                  ORDER BY ord_entry DESC, ord_date DESC, ruling_rank DESC) AS rn
        FROM ranked WHERE ruling_rank IS NOT NULL
    ) AS l WHERE rn = 1
),
-- Only the labels a measure counts are read (most events are other labels), and the one distinct
-- count has its own small aggregate: a DISTINCT inside the per-case aggregate would make DuckDB keep a
-- set per case for every event.
per_case AS (
    SELECT case_id,
           count(*) FILTER (WHERE label = 'discovery_motion') AS discovery_motions,
           count(*) FILTER (WHERE label IN ('discovery_granted', 'discovery_granted_in_part')) AS grants,
           max(does_affected) FILTER (WHERE label = 'severance') AS does_severed,
           count(*) FILTER (WHERE label = 'judgment') AS judgments,
           count(*) FILTER (WHERE label = 'voluntary_dismissal') AS voluntary_dismissals,
           max(CASE WHEN label = 'dismissal_failure_to_serve' THEN 1 ELSE 0 END) AS dismissed_failure_to_serve,
           max(CASE WHEN label IN ('voluntary_dismissal', 'dismissal_failure_to_serve', 'dismissal_other')
                    THEN 1 ELSE 0 END) AS dismissed,
           count(*) FILTER (WHERE label IN ('judgment', 'voluntary_dismissal', 'dismissal_failure_to_serve',
                                            'dismissal_other', 'settlement')) AS outcomes
    FROM ranked
    WHERE label IN ('discovery_motion', 'discovery_granted', 'discovery_granted_in_part', 'severance', 'judgment',
                    'voluntary_dismissal', 'dismissal_failure_to_serve', 'dismissal_other', 'settlement')
    GROUP BY case_id
),
-- The outcome a source without docket entries states (the IDB's DISP in words, idb_dispositions).
stated AS (
    SELECT s.case_id, arg_min(s.disposition, p.rank) AS disposition, arg_min(s.source, p.rank) AS source
    FROM source_cases AS s JOIN source_precedence AS p ON p.source = s.source
    WHERE s.source IN ('idb', 'courtlistener_bulk') AND s.disposition IS NOT NULL
    GROUP BY s.case_id
),
outcome AS (
    SELECT c.case_id,
           coalesce(pc.outcomes, 0) > 0 AS from_docket,
           coalesce(pc.outcomes, 0) = 0 AND st.disposition IS NOT NULL
               AND (st.disposition LIKE 'dismissed:%' OR st.disposition LIKE 'judgment:%') AS from_stated,
           st.disposition, st.source
    FROM cases AS c
    LEFT JOIN per_case AS pc ON pc.case_id = c.case_id
    LEFT JOIN stated AS st ON st.case_id = c.case_id
),
service AS (
    SELECT r.case_id,
           coalesce(CAST(r.entry_seq AS VARCHAR),
                    r.origin || ':' || CAST(r.ord_entry AS VARCHAR) || ':' || CAST(r.ord_date AS VARCHAR)) AS entry_key,
           regexp_matches(coalesce(d.description, r.basis, ''), '(?i)waive') AS waiver
    FROM ranked AS r
    LEFT JOIN docket_entries AS d ON d.case_id = r.case_id AND d.entry_seq = r.entry_seq
    WHERE r.label = 'service_executed'
),
served AS (
    SELECT case_id,
           count(DISTINCT entry_key) AS served,
           bool_or(NOT waiver) AS by_return,
           bool_or(waiver) AS by_waiver
    FROM service
    GROUP BY case_id
),
-- Appearances, answers and motions to dismiss of named defendants: only cases with a named
-- defendant are read (few in a mass-Doe build).
named_cases AS (
    SELECT case_id FROM parties
    WHERE party_type = 'defendant' AND NOT coalesce(is_doe, FALSE)
    GROUP BY case_id
),
first_summons AS (
    SELECT e.case_id, min(e.entry_seq) AS at
    FROM events AS e JOIN named_cases AS n ON n.case_id = e.case_id
    WHERE e.label IN ('summons_issued', 'amended_complaint') AND e.entry_seq IS NOT NULL
    GROUP BY e.case_id
),
appeared AS (
    SELECT d.case_id, count(*) AS entries
    FROM docket_entries AS d
    JOIN named_cases AS n ON n.case_id = d.case_id
    LEFT JOIN first_summons AS f ON f.case_id = d.case_id
    WHERE (EXISTS (SELECT 1 FROM events AS e WHERE e.case_id = d.case_id AND e.entry_seq = d.entry_seq
                                                AND e.label = 'appearance')
           OR regexp_matches(d.description, '(?i)\banswer\b|motion to dismiss'))
      AND NOT regexp_matches(d.description, '(?i)plaintiff|\bdoes?\b|answer (?:is )?due|time to answer|to answer or')
      AND (regexp_matches(d.description, '(?i)defendant') OR d.entry_seq > f.at)
    GROUP BY d.case_id
),
doe_parties AS (
    SELECT case_id,
           sum(doe_count) FILTER (WHERE is_doe) AS does,
           count(*) FILTER (WHERE NOT coalesce(is_doe, FALSE)) AS named
    FROM parties WHERE party_type = 'defendant' GROUP BY case_id
),
sued AS (
    SELECT c.case_id, c.date_filed, c.date_terminated,
           CASE WHEN u.doe_inferred THEN greatest(coalesce(c.does_in_caption, d.does, 0), coalesce(d.named, 0), 1)
                ELSE coalesce(c.does_in_caption, d.does, 0) END AS does_sued,
           coalesce(d.named, 0) AS defendants_named
    FROM cases AS c
    LEFT JOIN doe_parties AS d ON d.case_id = c.case_id
    LEFT JOIN case_universe AS u ON u.case_id = c.case_id
)
SELECT
    s.case_id,
    s.does_sued,
    coalesce(pc.discovery_motions, 0) AS discovery_motions,
    CASE
        WHEN lr.label = 'discovery_granted' THEN 'granted'
        WHEN lr.label = 'discovery_granted_in_part' THEN 'granted_in_part'
        WHEN lr.label = 'discovery_denied' THEN 'denied'
        WHEN lr.label = 'discovery_vacated' THEN 'vacated'
        WHEN coalesce(pc.discovery_motions, 0) > 0 THEN 'pending'
        ELSE 'none'
    END AS discovery_outcome,
    CASE WHEN coalesce(pc.grants, 0) > 0 THEN 1 ELSE 0 END AS cases_discovery_granted,
    CASE WHEN coalesce(pc.grants, 0) > 0
         THEN greatest(s.does_sued - coalesce(sb.does, 0), 1) ELSE 0 END AS does_discovery_granted,
    coalesce(pc.does_severed, 0) AS does_severed,
    s.defendants_named,
    greatest(coalesce(sv.served, 0), least(s.defendants_named, coalesce(ap.entries, 0))) AS defendants_served,
    nullif(concat_ws(';', CASE WHEN sv.by_return THEN 'return_of_service' END,
                          CASE WHEN sv.by_waiver THEN 'waiver' END,
                          CASE WHEN least(s.defendants_named, coalesce(ap.entries, 0)) > 0
                               THEN 'appearance_or_answer' END), '') AS served_evidence,
    CASE WHEN o.from_stated THEN CASE WHEN o.disposition LIKE 'judgment:%' THEN 1 ELSE 0 END
         ELSE coalesce(pc.judgments, 0) END AS judgments,
    CASE WHEN o.from_stated
         THEN CASE WHEN o.disposition IN ('dismissed: voluntarily', 'dismissed: settled') THEN 1 ELSE 0 END
         ELSE coalesce(pc.voluntary_dismissals, 0) END AS voluntary_dismissals,
    coalesce(pc.dismissed_failure_to_serve, 0) AS dismissed_failure_to_serve,
    date_diff('day', s.date_filed, s.date_terminated) AS days_open,
    CASE WHEN o.from_stated THEN CASE WHEN o.disposition LIKE 'dismissed:%' THEN 1 ELSE 0 END
         ELSE coalesce(pc.dismissed, 0) END AS dismissals,
    CASE WHEN o.from_docket THEN 'docket' WHEN o.from_stated THEN o.source END AS outcome_source
FROM sued AS s
LEFT JOIN outcome AS o ON o.case_id = s.case_id
LEFT JOIN per_case AS pc ON pc.case_id = s.case_id
LEFT JOIN served AS sv ON sv.case_id = s.case_id
LEFT JOIN appeared AS ap ON ap.case_id = s.case_id
LEFT JOIN latest_ruling AS lr ON lr.case_id = s.case_id
LEFT JOIN severed_before_grant AS sb ON sb.case_id = s.case_id;
