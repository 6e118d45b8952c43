-- layer: measures
-- grain: one row per case with exhibit rows
-- holds: how spread out each case's swarm is, from its complaint exhibits.
--
-- How spread out each case's swarm is, from its complaint exhibits.
-- One row per case with exhibit rows (exhibit_observations); definitions also in docs/swarm.md.
--
-- A Doe's hit       its earliest observation (the exhibit's Doe number identifies the Doe; a Doe
--                   listed more than once counts once, at its first hit). The gap, isolation, ISP
--                   and state measures use each Doe's hit; observations and networks use every row.
-- observations      exhibit rows.                     does  distinct Doe numbers.
-- first_hit, last_hit  earliest and latest observation (UTC).
-- window_days       (last_hit - first_hit) in days, 2 decimals.
-- median_gap_hours, max_gap_hours  Does' hits in time order (ties by Doe number); the gaps between
--                   consecutive hits, in hours, 2 decimals: the median (mean of the middle two
--                   for an even count) and the largest. NULL with fewer than two Does.
-- isolated_does     Does whose hit is more than 24 hours (strictly) from every other Doe's hit,
--                   i.e. from the hits before and after it; isolated_share = isolated_does / does,
--                   3 decimals. Both NULL with fewer than two Does.
-- isps              distinct ISPs named; top_isp the ISP with the most Does (ties: first by name),
--                   top_isp_does its Does.            networks  distinct /16 (/32) networks.
-- forum_state       postal code of the case's court; does_with_state Does whose exhibit names a US
--                   state; out_of_state_does those whose state is not the forum's;
--                   out_of_state_share = out_of_state_does / does_with_state, 3 decimals (NULL when
--                   no Doe has a state or the forum is unknown).
-- source_files      distinct exhibit files the rows come from.
CREATE TABLE swarm_measures (
    case_id             VARCHAR PRIMARY KEY,
    observations        BIGINT,
    does                BIGINT,
    first_hit           TIMESTAMP,
    last_hit            TIMESTAMP,
    window_days         DOUBLE,
    median_gap_hours    DOUBLE,
    max_gap_hours       DOUBLE,
    isolated_does       BIGINT,
    isolated_share      DOUBLE,
    isps                BIGINT,
    top_isp             VARCHAR,
    top_isp_does        BIGINT,
    networks            BIGINT,
    forum_state         VARCHAR,
    does_with_state     BIGINT,
    out_of_state_does   BIGINT,
    out_of_state_share  DOUBLE,
    source_files        BIGINT
);

INSERT INTO swarm_measures
WITH ranked AS (
    SELECT o.*,
           row_number() OVER (PARTITION BY o.case_id, o.doe_number
                              ORDER BY o.observed_at, o.source_file, o.document, o.line_number) AS rn
    FROM exhibit_observations AS o
),
doe_hits AS (
    SELECT case_id, doe_number, observed_at, isp, state, forum_state,
           lag(observed_at) OVER (PARTITION BY case_id ORDER BY observed_at, doe_number) AS prev_hit,
           lead(observed_at) OVER (PARTITION BY case_id ORDER BY observed_at, doe_number) AS next_hit
    FROM ranked
    WHERE rn = 1
),
gaps AS (
    SELECT case_id,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY date_diff('second', prev_hit, observed_at)) AS median_gap,
           max(date_diff('second', prev_hit, observed_at)) AS max_gap
    FROM doe_hits
    WHERE prev_hit IS NOT NULL
    GROUP BY case_id
),
per_doe AS (
    SELECT case_id,
           count(*) AS does,
           sum(CASE WHEN (prev_hit IS NULL OR date_diff('second', prev_hit, observed_at) > 86400)
                     AND (next_hit IS NULL OR date_diff('second', observed_at, next_hit) > 86400)
                    THEN 1 ELSE 0 END) AS isolated,
           count(state) AS does_with_state,
           sum(CASE WHEN state <> forum_state THEN 1 ELSE 0 END) AS out_of_state,
           max(forum_state) AS forum_state,
           count(DISTINCT isp) AS isps
    FROM doe_hits
    GROUP BY case_id
),
isp_does AS (
    SELECT case_id, isp, does,
           row_number() OVER (PARTITION BY case_id ORDER BY does DESC, isp) AS rn
    FROM (SELECT case_id, isp, count(*) AS does FROM doe_hits WHERE isp IS NOT NULL GROUP BY case_id, isp) AS i
),
per_row AS (
    SELECT case_id, count(*) AS observations, min(observed_at) AS first_hit, max(observed_at) AS last_hit,
           count(DISTINCT network_token) AS networks, count(DISTINCT source_file) AS source_files
    FROM exhibit_observations
    GROUP BY case_id
)
SELECT
    r.case_id,
    r.observations,
    d.does,
    r.first_hit,
    r.last_hit,
    round(date_diff('second', r.first_hit, r.last_hit) / 86400.0, 2) AS window_days,
    round(g.median_gap / 3600.0, 2) AS median_gap_hours,
    round(g.max_gap / 3600.0, 2) AS max_gap_hours,
    CASE WHEN d.does >= 2 THEN d.isolated END AS isolated_does,
    CASE WHEN d.does >= 2 THEN round(CAST(d.isolated AS DOUBLE) / d.does, 3) END AS isolated_share,
    d.isps,
    t.isp AS top_isp,
    t.does AS top_isp_does,
    r.networks,
    d.forum_state,
    d.does_with_state,
    CASE WHEN d.forum_state IS NOT NULL THEN d.out_of_state END AS out_of_state_does,
    CASE WHEN d.forum_state IS NOT NULL AND d.does_with_state > 0
         THEN round(CAST(d.out_of_state AS DOUBLE) / d.does_with_state, 3) END AS out_of_state_share,
    r.source_files
FROM per_row AS r
JOIN per_doe AS d ON d.case_id = r.case_id
LEFT JOIN gaps AS g ON g.case_id = r.case_id
LEFT JOIN isp_does AS t ON t.case_id = r.case_id AND t.rn = 1;
