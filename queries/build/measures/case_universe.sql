-- layer: measures
-- grain: one row per case
-- holds: which cases are mass-Doe cases (doe_class), with the evidence and whether the Doe start is inferred.
--
-- A mass-Doe case is one whose defendants were all anonymous when it was filed (Does, or
-- subscribers known only by IP address), as the literature counts them (docs/case_universe.md).
-- Doe parties are read by pipelines/doe_parties.py in every reader (is_doe, doe_count), so a
-- company named Doe ("Doe Run Resources Corp") is a named defendant here.
--
-- doe_class   doe_only: the caption or the first defendant of the party list is a Doe, or the
--               case is known only by a Doe count (named defendants listed after a first Doe
--               were added by amendment: "John Doe 37 and Robert Jenkins, Jr.");
--             named_plus_fictitious_does: a named first defendant with fictitious Does beside it
--               ("LA Printex v. Daffy's Inc", Does 1-10): not a mass-Doe case;
--             named_only: no Doe anywhere, unless the Doe start is inferred (below).
-- doe_inferred  TRUE when a case whose caption and parties name only real defendants began as a
--             Doe case: its record states a Doe count (a curated row's does_in_caption for a case
--             later captioned with the subscriber's name), another source gave it a Doe caption or
--             Doe parties, or its docket shows
--             the Doe phase before the amended complaint that named the subscriber: a motion to
--             expedite or for early discovery (or a third-party subpoena) before it, or no summons
--             before it while the plaintiff sues Does in other cases of the build.
-- doe_class_evidence  a sentence saying which of these decided, naming the parties or entries.
CREATE TABLE case_universe (
    case_id             VARCHAR PRIMARY KEY,
    doe_class           VARCHAR NOT NULL,  -- doe_only | named_plus_fictitious_does | named_only
    doe_class_evidence  VARCHAR NOT NULL,
    doe_inferred        BOOLEAN NOT NULL
);

INSERT INTO case_universe
WITH defendants AS (
    SELECT case_id,
           count(*) FILTER (WHERE is_doe) AS doe_parties,
           count(*) FILTER (WHERE NOT coalesce(is_doe, FALSE)) AS named,
           arg_min(coalesce(is_doe, FALSE), party_seq) AS first_is_doe,
           arg_min(name, party_seq) AS first_name,
           min(name) FILTER (WHERE is_doe) AS a_doe
    FROM parties WHERE party_type = 'defendant'
    GROUP BY case_id
),
seen AS (
    SELECT c.case_id, c.plaintiff_key, c.does_in_caption,
           coalesce(d.doe_parties, 0) AS doe_parties, coalesce(d.named, 0) AS named,
           coalesce(d.first_is_doe, FALSE) AS first_is_doe, d.first_name, d.a_doe
    FROM cases AS c LEFT JOIN defendants AS d ON d.case_id = c.case_id
),
classed AS (
    SELECT *,
           CASE
               WHEN (doe_parties > 0 OR does_in_caption IS NOT NULL) AND (named = 0 OR first_is_doe) THEN 'doe_only'
               WHEN doe_parties > 0 THEN 'named_plus_fictitious_does'
               ELSE 'named_only'
           END AS seen_class
    FROM seen
),
-- Named-only cases are few; only their dockets and other sources are read for a Doe start.
candidates AS (SELECT case_id, plaintiff_key, does_in_caption FROM classed WHERE seen_class = 'named_only'),
other_source AS (
    SELECT k.case_id, min(s.source) AS source
    FROM candidates AS k
    JOIN source_cases AS s ON s.case_id = k.case_id
    WHERE s.does_in_caption IS NOT NULL
       OR EXISTS (SELECT 1 FROM source_parties AS p
                  WHERE p.case_id = s.case_id AND p.source = s.source AND p.party_type = 'defendant' AND p.is_doe)
    GROUP BY k.case_id
),
marks AS (
    SELECT e.case_id,
           min(e.entry_seq) FILTER (WHERE e.label = 'amended_complaint') AS amended_at,
           min(e.entry_seq) FILTER (WHERE e.label IN ('summons_issued', 'service_executed')) AS summons_at,
           min(e.entry_seq) FILTER (WHERE e.label IN ('discovery_motion', 'discovery_granted',
                                                      'discovery_granted_in_part', 'subpoena')) AS discovery_at
    FROM events AS e JOIN candidates AS k ON k.case_id = e.case_id
    WHERE e.origin IN ('classified', 'corrected')  -- docket text, as read or as corrected by hand
    GROUP BY e.case_id
),
expedite AS (
    SELECT d.case_id, min(d.entry_seq) AS at
    FROM docket_entries AS d JOIN candidates AS k ON k.case_id = d.case_id
    WHERE regexp_matches(d.description,
                         '(?i)expedit|early discovery|immediate discovery|third[- ]party subpoena|rule 26\s*\(d\)')
    GROUP BY d.case_id
),
entry_numbers AS (
    SELECT d.case_id, d.entry_seq, d.entry_number
    FROM docket_entries AS d JOIN candidates AS k ON k.case_id = d.case_id
),
doe_plaintiffs AS (
    SELECT plaintiff_key, count(*) AS doe_cases
    FROM classed
    WHERE seen_class = 'doe_only' AND plaintiff_key IN (SELECT plaintiff_key FROM candidates)
    GROUP BY plaintiff_key
),
inferred AS (
    SELECT k.case_id,
           CASE
               WHEN k.does_in_caption IS NOT NULL
                   THEN 'its record counts ' || CAST(k.does_in_caption AS VARCHAR) || ' Doe(s) sued'
               WHEN o.source IS NOT NULL THEN 'the ' || o.source || ' record gives it a Doe caption or Doe parties'
               WHEN m.amended_at IS NOT NULL AND least(coalesce(m.discovery_at, x.at), coalesce(x.at, m.discovery_at))
                                                 < m.amended_at
                    AND (m.summons_at IS NULL OR m.summons_at > m.amended_at)
                   THEN 'its docket asks for early discovery (entry '
                        || coalesce(CAST(ed.entry_number AS VARCHAR), '?')
                        || ') before the amended complaint (entry '
                        || coalesce(CAST(ea.entry_number AS VARCHAR), '?') || ') that named the defendant'
               WHEN m.amended_at IS NOT NULL AND (m.summons_at IS NULL OR m.summons_at > m.amended_at)
                    AND dp.doe_cases > 0
                   THEN 'no summons before the amended complaint (entry '
                        || coalesce(CAST(ea.entry_number AS VARCHAR), '?') || ') and the plaintiff sues Does in '
                        || CAST(dp.doe_cases AS VARCHAR) || ' other case(s)'
           END AS why
    FROM candidates AS k
    LEFT JOIN other_source AS o ON o.case_id = k.case_id
    LEFT JOIN marks AS m ON m.case_id = k.case_id
    LEFT JOIN expedite AS x ON x.case_id = k.case_id
    LEFT JOIN doe_plaintiffs AS dp ON dp.plaintiff_key = k.plaintiff_key
    LEFT JOIN entry_numbers AS ea ON ea.case_id = k.case_id AND ea.entry_seq = m.amended_at
    LEFT JOIN entry_numbers AS ed ON ed.case_id = k.case_id
                                 AND ed.entry_seq = least(coalesce(m.discovery_at, x.at), coalesce(x.at, m.discovery_at))
)
SELECT c.case_id,
       CASE WHEN i.why IS NOT NULL THEN 'doe_only' ELSE c.seen_class END AS doe_class,
       CASE
           WHEN i.why IS NOT NULL
               THEN 'named defendant ' || coalesce(c.first_name, '?') || ', but began as a Doe case: ' || i.why
           WHEN c.seen_class = 'doe_only' AND c.named > 0
               THEN 'first defendant a Doe (' || coalesce(c.first_name, '?') || '); ' || CAST(c.named AS VARCHAR)
                    || ' named defendant(s) listed after it'
           WHEN c.seen_class = 'doe_only' AND c.doe_parties > 0
               THEN 'every defendant a Doe (' || c.a_doe || ')'
           WHEN c.seen_class = 'doe_only'
               THEN 'the caption counts ' || CAST(c.does_in_caption AS VARCHAR) || ' Doe(s); no defendant listed'
           WHEN c.seen_class = 'named_plus_fictitious_does'
               THEN CAST(c.named AS VARCHAR) || ' named defendant(s) led by ' || coalesce(c.first_name, '?')
                    || ', with fictitious ' || coalesce(c.a_doe, 'Does')
           WHEN c.named > 0
               THEN 'no Doe defendant: ' || CAST(c.named AS VARCHAR) || ' named defendant(s) led by ' || c.first_name
           ELSE 'no defendant known'
       END AS doe_class_evidence,
       i.why IS NOT NULL AS doe_inferred
FROM classed AS c
LEFT JOIN inferred AS i ON i.case_id = c.case_id;
