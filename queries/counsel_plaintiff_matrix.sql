-- counsel_plaintiff_matrix: which plaintiff-side counsel filed for which plaintiffs (one firm or
-- lawyer behind many plaintiffs shows as a long row), for the counsel with the most plaintiffs.
-- Parameters: the common filters (see _filtered_cases.sql), $kind ('firm' | 'attorney'; NULL =
--   both), $top (how many counsel, ranked by distinct plaintiffs, then cases, then name; NULL = all).
-- Columns: counsel, kind, plaintiff, cases (cases of this plaintiff with this counsel), does_sued,
--   counsel_plaintiffs (distinct plaintiffs of this counsel), counsel_cases (cases of this counsel).
WITH pairs AS (
    SELECT counsel, kind, plaintiff, count(*) AS cases, coalesce(sum(does_sued), 0) AS does_sued
    FROM filtered_counsel
    WHERE ($kind IS NULL OR kind = $kind) AND plaintiff IS NOT NULL
    GROUP BY counsel, kind, plaintiff
),
per_counsel AS (
    SELECT counsel, kind, count(*) AS counsel_plaintiffs, sum(cases) AS counsel_cases,
           row_number() OVER (ORDER BY count(*) DESC, sum(cases) DESC, counsel, kind) AS rank
    FROM pairs
    GROUP BY counsel, kind
)
SELECT p.counsel, p.kind, p.plaintiff, p.cases, p.does_sued, c.counsel_plaintiffs, c.counsel_cases
FROM pairs AS p
JOIN per_counsel AS c ON c.counsel = p.counsel AND c.kind = p.kind
WHERE $top IS NULL OR c.rank <= $top
ORDER BY c.rank, p.cases DESC, p.plaintiff
