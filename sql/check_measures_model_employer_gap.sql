-- marts.model_employer_gap: the needs are non-negative, and exactly right in exact arithmetic:
-- replacing needed_replace staff reaches the target p x n and one fewer would not (when any are needed);
-- growing by needed_growth BME posts reaches p of the grown band and one fewer would not.
SELECT org_code, period_end, staff_scope, band, needed_replace, needed_growth, 'need below zero' AS problem
FROM marts.model_employer_gap
WHERE needed_replace < 0 OR needed_growth < 0
UNION ALL
SELECT org_code, period_end, staff_scope, band, needed_replace, needed_growth, 'replace need not minimal and sufficient'
FROM marts.model_employer_gap
WHERE CAST(n_bme + needed_replace AS HUGEINT) * target_denominator < CAST(target_numerator AS HUGEINT) * n_basis
   OR (needed_replace > 0
       AND CAST(n_bme + needed_replace - 1 AS HUGEINT) * target_denominator >= CAST(target_numerator AS HUGEINT) * n_basis)
UNION ALL
SELECT org_code, period_end, staff_scope, band, needed_replace, needed_growth, 'growth need not minimal and sufficient'
FROM marts.model_employer_gap
WHERE needed_growth IS NOT NULL AND (
       CAST(n_bme + needed_growth AS HUGEINT) * target_denominator
           < CAST(target_numerator AS HUGEINT) * (n_basis + needed_growth)
    OR (needed_growth > 0
        AND CAST(n_bme + needed_growth - 1 AS HUGEINT) * target_denominator
            >= CAST(target_numerator AS HUGEINT) * (n_basis + needed_growth - 1)));
