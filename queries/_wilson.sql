-- _wilson.sql: the 95% Wilson score interval of a proportion k of n (a rate of counts), in one place.
-- Not a question: pipelines/queries.py replaces `wilson_low(k, n)` and `wilson_high(k, n)` in a
-- question with the expression between the matching `-- define: NAME` and `-- end define` lines,
-- wilson_k and wilson_n standing for the two arguments. Plain arithmetic, so the same text runs on
-- DuckDB and (transpiled) on Spark; run alone, this file gives the interval of 8 of 10.
-- With z = 1.96 (z^2 = 3.8416) and p = k / n, the interval is
--   (p + z^2/2n -+ z sqrt(p(1 - p)/n + z^2/4n^2)) / (1 + z^2/n)
-- = (k + z^2/2 -+ z sqrt(k(n - k)/n + z^2/4)) / (n + z^2), multiplied through by n.
-- NULL when n is 0 or k is not between 0 and n (e.g. more defendants served than Does covered: the
-- served are then not a subset of the covered, and no proportion's interval applies); clamped to
-- [0, 1] against rounding at k = 0 and k = n. Questions round the ends where they use them.
SELECT
    -- define: wilson_low
    CASE WHEN wilson_n > 0 AND wilson_k >= 0 AND wilson_k <= wilson_n THEN greatest(CAST(0 AS DOUBLE),
        (CAST(wilson_k AS DOUBLE) + CAST(1.9208 AS DOUBLE)
         - CAST(1.96 AS DOUBLE) * sqrt(CAST(wilson_k AS DOUBLE) * (wilson_n - wilson_k) / wilson_n + CAST(0.9604 AS DOUBLE)))
        / (wilson_n + CAST(3.8416 AS DOUBLE))) END
    -- end define
    AS wilson_low,
    -- define: wilson_high
    CASE WHEN wilson_n > 0 AND wilson_k >= 0 AND wilson_k <= wilson_n THEN least(CAST(1 AS DOUBLE),
        (CAST(wilson_k AS DOUBLE) + CAST(1.9208 AS DOUBLE)
         + CAST(1.96 AS DOUBLE) * sqrt(CAST(wilson_k AS DOUBLE) * (wilson_n - wilson_k) / wilson_n + CAST(0.9604 AS DOUBLE)))
        / (wilson_n + CAST(3.8416 AS DOUBLE))) END
    -- end define
    AS wilson_high
FROM (SELECT 8 AS wilson_k, 10 AS wilson_n) AS example
