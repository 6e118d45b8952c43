-- disposition_mix: how copyright cases end, per plaintiff, as the FJC Integrated Database records it
-- (DISP: 12 voluntarily dismissed, 13 settled, 4 default judgment, 2 want of prosecution, 14 other
-- dismissal, ...), with the median days from filing to termination.
-- Cases are those of `_filtered_idb.sql` that have ended (a termination date and a DISP code; a
-- reopened case counts once, as its latest record ended it). Doe cases and other cases are kept
-- apart (kind), since the literature's point is how differently they end.
-- Plaintiffs: the $top (default 10) with the most Doe cases (ties: most cases, then plaintiff_key),
-- ranked 1.., plus rank 0, '(all plaintiffs)': every case matching the filters.
-- Parameters (optional): $court, $plaintiff, $filed_from, $filed_to, $exclude_plaintiff, $top.
-- Output columns (one row per plaintiff, kind and DISP code):
--   rank, plaintiff, plaintiff_key (NULL for all plaintiffs)
--   kind                          doe | other
--   disp, disposition             the DISP code and its words (idb_dispositions)
--   cases                         ended cases of this plaintiff and kind with this disposition
--   terminated_cases              ended cases of this plaintiff and kind (the share's denominator)
--   share                         cases / terminated_cases
--   median_days_to_termination    median of TERMDATE - FILEDATE over `cases`, in days
--   plaintiff_median_days         the same over all `terminated_cases` of this plaintiff and kind
--   share_ci_low, share_ci_high   the 95% Wilson interval of share (queries/_wilson.sql), 4 decimals
-- Medians are worked out from how many cases took each number of days (exactly as median() would:
-- the mean of the two middle values when the count is even): one grouping of small integers
-- instead of sorting every case's days once per group.
WITH ended AS NOT MATERIALIZED (
    SELECT plaintiff_key, is_doe, disp, date_diff('day', date_filed, date_terminated) AS days
    FROM filtered_idb
    WHERE date_terminated IS NOT NULL AND disp IS NOT NULL
),
top_plaintiffs AS (
    SELECT plaintiff_key, plaintiff_name, rank
    FROM (
        SELECT plaintiff_key, plaintiff_name,
               row_number() OVER (ORDER BY doe_cases DESC, cases DESC, plaintiff_key) AS rank
        FROM (
            SELECT plaintiff_key, min(plaintiff_name) AS plaintiff_name,
                   count(*) FILTER (WHERE is_doe) AS doe_cases, count(*) AS cases
            FROM filtered_idb
            WHERE plaintiff_key IS NOT NULL
            GROUP BY plaintiff_key
        ) AS p
    ) AS r
    WHERE rank <= coalesce(CAST($top AS INTEGER), 10)
),
-- How many ended cases took each number of days, per group: rank 0 is every case, 1.. a top plaintiff.
days_count AS (
    SELECT 0 AS rank, is_doe, disp, days, count(*) AS n FROM ended GROUP BY is_doe, disp, days
    UNION ALL
    SELECT r.rank, e.is_doe, e.disp, e.days, count(*)
    FROM ended AS e JOIN top_plaintiffs AS r ON r.plaintiff_key = e.plaintiff_key
    GROUP BY r.rank, e.is_doe, e.disp, e.days
),
-- The same counts for each plaintiff and kind whatever the disposition (disp NULL: ended cases all
-- have a DISP code, so these rows stand apart), then the running count within each group.
counted AS (
    SELECT rank, is_doe, disp, days, n FROM days_count
    UNION ALL
    SELECT rank, is_doe, NULL, days, sum(n) FROM days_count GROUP BY rank, is_doe, days
),
running AS (
    SELECT rank, is_doe, disp, days,
           sum(n) OVER (PARTITION BY rank, is_doe, disp ORDER BY days ROWS UNBOUNDED PRECEDING) AS upto,
           sum(n) OVER (PARTITION BY rank, is_doe, disp) AS total
    FROM counted
),
-- The median: the mean of the values at the middle positions (one when the count is odd).
medians AS (
    SELECT rank, is_doe, disp, CAST(max(total) AS BIGINT) AS cases,
           (min(days) FILTER (WHERE upto > (total - 1) // 2) + min(days) FILTER (WHERE upto > total // 2)) / 2
               AS median_days
    FROM running
    GROUP BY rank, is_doe, disp
)
SELECT g.rank, CASE WHEN g.rank = 0 THEN '(all plaintiffs)' ELSE r.plaintiff_name END AS plaintiff, r.plaintiff_key,
       CASE WHEN g.is_doe THEN 'doe' ELSE 'other' END AS kind, g.disp, d.disposition,
       g.cases, k.cases AS terminated_cases, CAST(g.cases AS DOUBLE) / k.cases AS share,
       g.median_days AS median_days_to_termination, k.median_days AS plaintiff_median_days,
       round(wilson_low(g.cases, k.cases), 4) AS share_ci_low, round(wilson_high(g.cases, k.cases), 4) AS share_ci_high
FROM medians AS g
JOIN medians AS k ON k.rank = g.rank AND k.is_doe = g.is_doe AND k.disp IS NULL
LEFT JOIN top_plaintiffs AS r ON r.rank = g.rank
LEFT JOIN idb_dispositions AS d ON d.disp = g.disp
WHERE g.disp IS NOT NULL
ORDER BY g.rank, kind, g.cases DESC, g.disp
