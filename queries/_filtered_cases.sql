-- _filtered_cases.sql: the cases every question starts from, narrowed by the sidebar filters.
-- Not a question of its own: pipelines/queries.py puts it in front of any query that reads
-- `filtered_cases`, as the common table expression of that name.
-- Parameters (all optional; NULL = no filter): $court, $plaintiff, $counsel, $judge (lists of
-- values, any of which matches), $filed_from, $filed_to (ISO dates; cases with no known filing
-- date are left out when either is set), $exclude_plaintiff (one plaintiff to leave out),
-- $universe ('doe_only', the default when NULL: mass-Doe cases, every defendant anonymous at
-- filing; 'all': also cases with named defendants beside fictitious Does, and named-only cases;
-- case_universe.sql in queries/build/measures/ says how a case is classed).
-- A judge matches the assigned judge or the magistrate judge the case was referred to.
-- A clause between `-- unset: NAME` and `-- end unset` is left out when $NAME is NULL
-- (pipelines/queries.py `prepared`): it is then true of every row, but DuckDB would still read
-- every case's counsel to build the semi-join, 10-20 ms per filtered table at a million cases.
-- A case's counsel are read from counsel_facts, stored in counsel order, so that a few names' rows
-- are found without reading the others.
-- Reads case_facts: each case with its measures in one row (queries/build/marts/).
-- The same text filters the marts with a case's filter columns on every row (pipelines/queries.py
-- FRAGMENTS): filtered_counsel (counsel_facts), filtered_rulings (ruling_facts),
-- filtered_case_judges (case_ruling_judges) and filtered_ruling_days (ruling_days).
SELECT c.*
FROM case_facts AS c
WHERE ($court IS NULL OR list_contains(CAST($court AS VARCHAR[]), c.court_id))
  AND ($plaintiff IS NULL OR list_contains(CAST($plaintiff AS VARCHAR[]), c.plaintiff))
  AND ($judge IS NULL OR list_contains(CAST($judge AS VARCHAR[]), c.assigned_judge)
       OR list_contains(CAST($judge AS VARCHAR[]), c.referred_judge))
  -- unset: counsel
  AND ($counsel IS NULL OR c.case_id IN (
       SELECT k.case_id FROM counsel_facts AS k WHERE list_contains(CAST($counsel AS VARCHAR[]), k.counsel)))
  -- end unset
  AND ($filed_from IS NULL OR c.date_filed >= CAST($filed_from AS DATE))
  AND ($filed_to IS NULL OR c.date_filed <= CAST($filed_to AS DATE))
  AND ($exclude_plaintiff IS NULL OR c.plaintiff IS NULL OR c.plaintiff <> $exclude_plaintiff)
  AND (coalesce(CAST($universe AS VARCHAR), 'doe_only') = 'all' OR c.doe_class = 'doe_only')
