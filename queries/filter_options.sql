-- filter_options: every value the sidebar filters offer, with how many cases carry it.
-- Parameters: none.
-- Columns: filter (court | plaintiff | counsel | judge), value, cases (counted when the build was
--   made: queries/build/marts/).
SELECT filter, value, cases
FROM filter_option_counts
ORDER BY filter, cases DESC, value
