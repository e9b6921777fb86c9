-- The rows of the WRES indicator 1 table (wres-indicators.md §1, §13.1), in template order, with the
-- plain-language label the return prints.
CREATE OR REPLACE TABLE ref.indicator_1_row AS
WITH afc(row_code, afc_order, row_label) AS (
    SELECT * FROM (VALUES
        ('under_band_1', 0, 'under Band 1'), ('band_1', 1, 'Band 1'), ('band_2', 2, 'Band 2'),
        ('band_3', 3, 'Band 3'), ('band_4', 4, 'Band 4'), ('band_5', 5, 'Band 5'), ('band_6', 6, 'Band 6'),
        ('band_7', 7, 'Band 7'), ('band_8a', 8, 'Band 8a'), ('band_8b', 9, 'Band 8b'), ('band_8c', 10, 'Band 8c'),
        ('band_8d', 11, 'Band 8d'), ('band_9', 12, 'Band 9'), ('vsm', 13, 'Very Senior Manager (VSM)'),
        ('total', 99, 'total'))
),
medical(row_code, afc_order, row_label) AS (
    SELECT * FROM (VALUES
        ('consultant', 20, 'consultants'),
        ('consultant_senior_medical_manager', 21, 'of which senior medical managers'),
        ('non_consultant_career_grade', 22, 'non-consultant career grade'),
        ('trainee', 23, 'trainee grades'), ('other', 24, 'other medical and dental staff'), ('total', 99, 'total'))
)
SELECT category || ':' || row_code AS subgroup, category, row_code, category_order * 100 + afc_order AS sort_order,
       category_label || ': ' || row_label AS label
FROM afc, (VALUES ('non_clinical', 1, 'Non-clinical staff'), ('clinical', 2, 'Clinical staff (non-medical)'))
    AS c(category, category_order, category_label)
UNION ALL
SELECT 'medical:' || row_code, 'medical', row_code, 300 + afc_order, 'Medical and dental staff: ' || row_label
FROM medical
UNION ALL
SELECT 'overall:total', 'overall', 'total', 999, 'Overall workforce';

COMMENT ON TABLE ref.indicator_1_row IS 'The rows of the WRES indicator 1 table in template order (wres-indicators.md §1, §13.1): non-clinical and clinical Agenda for Change bands, medical grades, each category total, and the overall total.';
COMMENT ON COLUMN ref.indicator_1_row.subgroup IS 'category:row_code, as subgroup in marts.wres_indicator_result for indicator 1 (e.g. clinical:band_8a, medical:consultant, overall:total).';
COMMENT ON COLUMN ref.indicator_1_row.category IS 'non_clinical, clinical, medical or overall.';
COMMENT ON COLUMN ref.indicator_1_row.row_code IS 'AfC band (under_band_1, band_1 .. band_9, vsm), medical grade (consultant, consultant_senior_medical_manager - a sub-count of consultant, non_consultant_career_grade, trainee, other) or total.';
COMMENT ON COLUMN ref.indicator_1_row.sort_order IS 'Order of the row in the WRES template (sort by it to print the table).';
COMMENT ON COLUMN ref.indicator_1_row.label IS 'The row in plain language, as the WRES return prints it (e.g. ''Clinical staff (non-medical): Band 8a'').';
