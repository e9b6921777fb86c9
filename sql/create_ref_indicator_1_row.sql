-- The rows of the WRES indicator 1 table (wres-indicators.md §1, §13.1), in template order, and the
-- Model Employer headline row afc:band_8a_plus (the rows flagged in_band_8a_plus added up).
CREATE OR REPLACE TABLE ref.indicator_1_row AS
WITH afc(row_code, afc_order) AS (
    SELECT * FROM (VALUES
        ('under_band_1', 0), ('band_1', 1), ('band_2', 2), ('band_3', 3), ('band_4', 4), ('band_5', 5),
        ('band_6', 6), ('band_7', 7), ('band_8a', 8), ('band_8b', 9), ('band_8c', 10), ('band_8d', 11),
        ('band_9', 12), ('vsm', 13), ('total', 99))
),
medical(row_code, afc_order) AS (
    SELECT * FROM (VALUES
        ('consultant', 20), ('consultant_senior_medical_manager', 21), ('non_consultant_career_grade', 22),
        ('trainee', 23), ('other', 24), ('total', 99))
)
SELECT category || ':' || row_code AS subgroup, category, row_code, category_order * 100 + afc_order AS sort_order,
       afc_order BETWEEN 8 AND 13 AS in_band_8a_plus
FROM afc, (VALUES ('non_clinical', 1), ('clinical', 2)) AS c(category, category_order)
UNION ALL
SELECT 'medical:' || row_code, 'medical', row_code, 300 + afc_order, FALSE FROM medical
UNION ALL
SELECT 'overall:total', 'overall', 'total', 999, FALSE
UNION ALL  -- the Model Employer headline: AfC bands 8a to 9 and VSM, clinical and non-clinical together
SELECT 'afc:band_8a_plus', 'afc', 'band_8a_plus', 1000, FALSE;

COMMENT ON TABLE ref.indicator_1_row IS 'The rows of the WRES indicator 1 table in template order (wres-indicators.md §1, §13.1): non-clinical and clinical Agenda for Change bands, medical grades, each category total, the overall total, and afc:band_8a_plus (AfC bands 8a-9 and VSM, clinical and non-clinical together: the Model Employer headline).';
COMMENT ON COLUMN ref.indicator_1_row.subgroup IS 'category:row_code, as subgroup in marts.wres_indicator_result for indicator 1 (e.g. clinical:band_8a, medical:consultant, overall:total).';
COMMENT ON COLUMN ref.indicator_1_row.category IS 'non_clinical, clinical, medical, overall, or afc (the band 8a-and-above aggregate).';
COMMENT ON COLUMN ref.indicator_1_row.in_band_8a_plus IS 'True for the clinical and non-clinical rows band_8a .. band_9 and vsm, which add up to afc:band_8a_plus.';
COMMENT ON COLUMN ref.indicator_1_row.row_code IS 'AfC band (under_band_1, band_1 .. band_9, vsm), medical grade (consultant, consultant_senior_medical_manager - a sub-count of consultant, non_consultant_career_grade, trainee, other) or total.';
COMMENT ON COLUMN ref.indicator_1_row.sort_order IS 'Order of the row in the WRES template (sort by it to print the table).';
