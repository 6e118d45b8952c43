-- profile_partners: who a profile worked with, within the filters: a plaintiff's counsel
-- (attorneys and firms), or a counsel's plaintiffs.
-- Parameters: the common filters (see _filtered_cases.sql), $profile_plaintiff (one plaintiff) or
--   $profile_counsel (one plaintiff-side attorney or firm); exactly one of them.
-- Columns: partner, kind (attorney | firm | plaintiff), cases, does_sued, first_filed, last_filed.
SELECT k.counsel AS partner, k.kind, count(*) AS cases, coalesce(sum(k.does_sued), 0) AS does_sued,
       min(k.date_filed) AS first_filed, max(k.date_filed) AS last_filed
FROM filtered_counsel AS k
WHERE $profile_plaintiff IS NOT NULL AND $profile_counsel IS NULL AND k.plaintiff = $profile_plaintiff
GROUP BY k.counsel, k.kind
UNION ALL
SELECT k.plaintiff, 'plaintiff', count(*), coalesce(sum(k.does_sued), 0), min(k.date_filed), max(k.date_filed)
FROM (
    -- each case of the counsel once (a name can be on a case as attorney and as firm)
    SELECT DISTINCT case_id, plaintiff, does_sued, date_filed
    FROM filtered_counsel
    WHERE $profile_counsel IS NOT NULL AND $profile_plaintiff IS NULL AND plaintiff IS NOT NULL
      AND counsel = $profile_counsel
) AS k
GROUP BY k.plaintiff
ORDER BY cases DESC, does_sued DESC, partner
