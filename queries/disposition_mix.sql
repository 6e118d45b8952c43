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
WITH ended AS (
    SELECT plaintiff_key, plaintiff_name, CASE WHEN is_doe THEN 'doe' ELSE 'other' END AS kind, disp, disposition,
           date_diff('day', date_filed, date_terminated) AS days
    FROM filtered_idb
    WHERE date_terminated IS NOT NULL AND disp IS NOT NULL
),
ranked_plaintiffs AS (
    SELECT plaintiff_key,
           row_number() OVER (ORDER BY doe_cases DESC, cases DESC, plaintiff_key) AS rank
    FROM (
        SELECT plaintiff_key, sum(CASE WHEN is_doe THEN 1 ELSE 0 END) AS doe_cases, count(*) AS cases
        FROM filtered_idb
        WHERE plaintiff_key IS NOT NULL
        GROUP BY plaintiff_key
    ) AS p
),
grouped AS (
    SELECT r.rank, e.plaintiff_name AS plaintiff, e.plaintiff_key, e.kind, e.disp, e.disposition, e.days
    FROM ended AS e
    JOIN ranked_plaintiffs AS r ON r.plaintiff_key = e.plaintiff_key
    WHERE r.rank <= coalesce(CAST($top AS INTEGER), 10)
    UNION ALL
    SELECT 0, '(all plaintiffs)', NULL, kind, disp, disposition, days
    FROM ended
),
per_kind AS (
    SELECT rank, kind, count(*) AS terminated_cases, median(days) AS plaintiff_median_days
    FROM grouped
    GROUP BY rank, kind
)
SELECT g.rank, g.plaintiff, g.plaintiff_key, g.kind, g.disp, g.disposition,
       count(*) AS cases, k.terminated_cases, CAST(count(*) AS DOUBLE) / k.terminated_cases AS share,
       median(g.days) AS median_days_to_termination, k.plaintiff_median_days
FROM grouped AS g
JOIN per_kind AS k ON k.rank = g.rank AND k.kind = g.kind
GROUP BY g.rank, g.plaintiff, g.plaintiff_key, g.kind, g.disp, g.disposition, k.terminated_cases,
         k.plaintiff_median_days
ORDER BY g.rank, g.kind, cases DESC, g.disp
