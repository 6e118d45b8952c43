-- layer: merge
-- grain: one row per (detail, case, source) that another source outranks
-- holds: the sources whose parties, counsel or docket of a case a better-ranked source replaces.
--
-- A case's parties, counsel and docket each come whole from the
-- best-ranked source that has any (a full PACER docket beats a handful of curated entries;
-- mixing two sources' entry lists would count the same entry twice). The classifier's events
-- come with the docket entries they were read from.
-- Written as "every row but the outranked sources' rows": most cases have one source, so the
-- outranked set is small. The docket_entries and events views read it too.
-- docket_entries and events are views over the source layer, not copies: a case's docket (and the
-- classifier's events of it) is every row of its best-ranked source, so the view leaves out the
-- rows of outranked sources, a short list. At tens of millions of entries a copy would cost about a
-- third of an ingest's time and of the build's size.
CREATE TABLE outranked_detail (
    detail   VARCHAR NOT NULL,  -- parties | attorneys | docket_entries
    case_id  VARCHAR NOT NULL,
    source   VARCHAR NOT NULL   -- a source that has this detail of the case but is outranked
);

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
