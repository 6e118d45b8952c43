-- 02_merge_case_detail.sql: a case's parties, counsel and docket each come whole from the
-- best-ranked source that has any (a full PACER docket beats a handful of curated entries;
-- mixing two sources' entry lists would count the same entry twice). The classifier's events
-- come with the docket entries they were read from.
-- Written as "every row but the outranked sources' rows": most cases have one source, so the
-- outranked set is small. The docket_entries and events views (schema.sql) read it too.
INSERT INTO outranked_detail
SELECT detail, case_id, source
FROM (
    SELECT d.detail, d.case_id, d.source, p.rank, min(p.rank) OVER (PARTITION BY d.detail, d.case_id) AS best
    FROM (
        SELECT DISTINCT 'parties' AS detail, case_id, source FROM source_parties
        UNION ALL
        SELECT DISTINCT 'attorneys' AS detail, case_id, source FROM source_attorneys
        UNION ALL
        SELECT DISTINCT 'docket_entries' AS detail, case_id, source FROM source_docket_entries
    ) AS d
    JOIN source_precedence AS p ON p.source = d.source
) AS ranked
WHERE rank > best;

INSERT INTO parties
SELECT s.case_id, s.party_seq, s.name_raw, s.name, s.party_type, s.is_doe, s.doe_count, s.date_terminated, s.source
FROM source_parties AS s
WHERE NOT EXISTS (SELECT 1 FROM outranked_detail AS o
                  WHERE o.detail = 'parties' AND o.case_id = s.case_id AND o.source = s.source);

INSERT INTO attorneys
SELECT s.case_id, s.party_seq, s.attorney_seq, s.name_raw, s.name, s.firm, s.role, s.source
FROM source_attorneys AS s
WHERE NOT EXISTS (SELECT 1 FROM outranked_detail AS o
                  WHERE o.detail = 'attorneys' AND o.case_id = s.case_id AND o.source = s.source);
