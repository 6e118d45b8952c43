-- 02_merge_case_detail.sql: a case's parties, counsel and docket each come whole from the
-- best-ranked source that has any (a full PACER docket beats a handful of curated entries;
-- mixing two sources' entry lists would count the same entry twice).
CREATE OR REPLACE TEMP TABLE detail_source AS
SELECT d.detail, d.case_id, arg_min(d.source, p.rank) AS source
FROM (
    SELECT DISTINCT 'parties' AS detail, case_id, source FROM source_parties
    UNION ALL
    SELECT DISTINCT 'attorneys' AS detail, case_id, source FROM source_attorneys
    UNION ALL
    SELECT DISTINCT 'docket_entries' AS detail, case_id, source FROM source_docket_entries
) AS d
JOIN source_precedence AS p ON p.source = d.source
GROUP BY d.detail, d.case_id;

INSERT INTO parties
SELECT s.case_id, s.party_seq, s.name_raw, s.name, s.party_type, s.is_doe, s.doe_count, s.date_terminated, s.source
FROM source_parties AS s JOIN detail_source AS b
  ON b.detail = 'parties' AND b.case_id = s.case_id AND b.source = s.source;

INSERT INTO attorneys
SELECT s.case_id, s.party_seq, s.attorney_seq, s.name_raw, s.name, s.firm, s.role, s.source
FROM source_attorneys AS s JOIN detail_source AS b
  ON b.detail = 'attorneys' AND b.case_id = s.case_id AND b.source = s.source;

INSERT INTO docket_entries
SELECT s.case_id, s.entry_seq, s.entry_number, s.date_filed, s.description, s.source, s.source_url
FROM source_docket_entries AS s JOIN detail_source AS b
  ON b.detail = 'docket_entries' AND b.case_id = s.case_id AND b.source = s.source;
