-- profile_partners: who a profile worked with, within the filters: a plaintiff's counsel
-- (attorneys and firms), or a counsel's plaintiffs.
-- Parameters: the common filters (see _filtered_cases.sql), $profile_plaintiff (one plaintiff) or
--   $profile_counsel (one plaintiff-side attorney or firm); exactly one of them.
-- Columns: partner, kind (attorney | firm | plaintiff), cases, does_sued, first_filed, last_filed.
SELECT k.counsel AS partner, k.kind, count(*) AS cases, coalesce(sum(f.does_sued), 0) AS does_sued,
       min(f.date_filed) AS first_filed, max(f.date_filed) AS last_filed
FROM filtered_cases AS f
JOIN case_counsel AS k ON k.case_id = f.case_id
WHERE $profile_plaintiff IS NOT NULL AND $profile_counsel IS NULL AND f.plaintiff = $profile_plaintiff
GROUP BY k.counsel, k.kind
UNION ALL
SELECT f.plaintiff, 'plaintiff', count(*), coalesce(sum(f.does_sued), 0), min(f.date_filed), max(f.date_filed)
FROM filtered_cases AS f
WHERE $profile_counsel IS NOT NULL AND $profile_plaintiff IS NULL AND f.plaintiff IS NOT NULL
  AND f.case_id IN (SELECT k.case_id FROM case_counsel AS k WHERE k.counsel = $profile_counsel)
GROUP BY f.plaintiff
ORDER BY cases DESC, does_sued DESC, partner
