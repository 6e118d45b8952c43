-- profile_by_year: one plaintiff's or one counsel's cases per year of filing, within the filters
-- (the "cases over time" of a profile). Cases with no known filing date count under year NULL.
-- Parameters: the common filters (see _filtered_cases.sql), $profile_plaintiff (one plaintiff) or
--   $profile_counsel (one plaintiff-side attorney or firm); with neither, every filtered case.
-- Columns: year, cases, does_sued, cases_discovery_granted, does_discovery_granted,
--   defendants_served.
SELECT year(date_filed) AS year, count(*) AS cases, coalesce(sum(does_sued), 0) AS does_sued,
       coalesce(sum(cases_discovery_granted), 0) AS cases_discovery_granted,
       coalesce(sum(does_discovery_granted), 0) AS does_discovery_granted,
       coalesce(sum(defendants_served), 0) AS defendants_served
FROM filtered_cases
WHERE ($profile_plaintiff IS NULL OR plaintiff = $profile_plaintiff)
  AND ($profile_counsel IS NULL OR case_id IN (
       SELECT k.case_id FROM case_counsel AS k WHERE k.counsel = $profile_counsel))
GROUP BY year(date_filed)
ORDER BY year NULLS LAST
