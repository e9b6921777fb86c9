-- Staged staff in post rows with a missing normalised key field (must be none).
SELECT file_name, row_number,
       concat_ws(', ',
           CASE WHEN person_id IS NULL THEN 'person_id' END,
           CASE WHEN band IS NULL THEN 'band' END,
           CASE WHEN ethnic_group IS NULL THEN 'ethnic_group' END,
           CASE WHEN clinical_category IS NULL THEN 'clinical_category' END) AS null_fields
FROM staging.staff_in_post
WHERE person_id IS NULL OR band IS NULL OR ethnic_group IS NULL OR clinical_category IS NULL;
