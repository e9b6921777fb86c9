-- WRES action-plan targets typed (Metric, Breakdown, Target, Direction, Due Date), each with the first
-- row rule it breaks (NULL = valid). A connection-local TEMP table: staging.action_plan_targets takes
-- the valid rows, staging.quarantine_action_plan_targets the rest.
-- Each target is resolved to the marts.wres_indicator_result value it is measured on:
--   Indicator 1: 'Overall' (BME % or headcount of overall:total), 'Every AfC band' (the lowest BME % of
--     the AfC band rows), '<Clinical | Non-clinical | Medical> <band>' (that row), 'Clinical' (the total);
--   Indicators 2-4: the relative likelihood (indicator 3 on methods.ind3_published);
--   Indicators 5-8: the BME (or 'White') percentage;
--   Indicator 9: the BME % of the voting / executive / non-executive / whole board.
-- Unit: '%' in the target -> percent; indicators 2-4 -> ratio; a whole number for an indicator 1 band or
-- 'Overall' row without '%' -> headcount (seed 004 "Band 6 ... target 84 staff"); else percent.
-- Direction: 'at least' / 'at most' (and >=, <=, minimum, maximum ...); when empty, the indicator's better
-- direction (at most for 2-6 and 8, at least for 1, 7 and 9) [D]. Due date empty -> the plan's end.
CREATE OR REPLACE TEMP TABLE typed_action_plan_targets AS
WITH base AS (
    SELECT
        r.* REPLACE (coalesce(upper(wres_clean(r.ods_code)), r.org_code) AS org_code),
        TRY_CAST(nullif(regexp_extract(wres_match_form(r.metric), '\b(?:indicator|metric|metirc)\s*([1-9])\b', 1), '')
                 AS INTEGER) AS ind,
        coalesce(wres_match_form(r.breakdown), '') AS bd,
        wres_decimal(r.target) AS target_dec,
        contains(coalesce(r.target, ''), '%') AS is_pct,
        wres_match_form(r.direction) AS dir_form,
        wres_due_date(r.due_date) AS due_dt,
        count(*) OVER tgt AS tgt_copies,
        count(DISTINCT r.row_hash) OVER tgt AS tgt_versions,
        row_number() OVER (PARTITION BY r.source_file_id, r.sheet, wres_match_form(r.metric), wres_match_form(r.breakdown)
                           ORDER BY r.row_number) AS tgt_copy_no
    FROM raw.action_plan_targets AS r
    WHERE r.drop_reason IS NULL
    WINDOW tgt AS (PARTITION BY r.source_file_id, r.sheet, wres_match_form(r.metric), wres_match_form(r.breakdown))
),
parsed AS (
    SELECT
        b.*,
        regexp_extract(b.bd, '^(clinical|non[- ]?clinical|medical)\b\s*(.*)$', ['category', 'row']) AS band_parts,
        CASE
            WHEN b.dir_form IN ('at least', '>=', '≥', '>', 'minimum', 'min', 'no less than', 'higher', 'increase', 'up')
                THEN 'at_least'
            WHEN b.dir_form IN ('at most', '<=', '≤', '<', 'maximum', 'max', 'no more than', 'lower', 'reduce',
                                'decrease', 'down') THEN 'at_most'
            WHEN b.dir_form IS NULL THEN CASE WHEN b.ind IN (1, 7, 9) THEN 'at_least' ELSE 'at_most' END
        END AS direction_code
    FROM base AS b
),
resolved AS (
    SELECT
        p.*,
        CASE
            WHEN p.is_pct THEN 'percent'
            WHEN p.ind IN (2, 3, 4) THEN 'ratio'
            WHEN p.ind = 1 AND p.target_dec = round(p.target_dec) AND p.bd NOT IN ('every afc band', 'every band', 'all bands')
                THEN 'headcount'
            ELSE 'percent'
        END AS unit_code,
        CASE
            WHEN p.ind = 1 AND p.bd IN ('', 'overall', 'all', 'all staff', 'trust', 'organisation', 'overall workforce')
                THEN 'overall:total'
            WHEN p.ind = 1 AND p.bd IN ('every afc band', 'every band', 'all bands') THEN 'afc:every_band'
            WHEN p.ind = 1 AND p.band_parts.category <> '' THEN
                CASE WHEN p.band_parts.category LIKE 'non%' THEN 'non_clinical' ELSE p.band_parts.category END
                || ':' || CASE WHEN p.band_parts.row IN ('', 'total', 'staff', 'all') THEN 'total'
                               WHEN p.band_parts.category = 'medical' THEN replace(p.band_parts.row, ' ', '_')
                               WHEN wres_band(p.band_parts.row) NOT IN ('UNKNOWN', 'NON_AFC_OTHER') THEN lower(wres_band(p.band_parts.row))
                          END
            WHEN p.ind IN (2, 4) THEN 'all'
            WHEN p.ind = 3 THEN 'all:' || $ind3_published
            WHEN p.ind BETWEEN 5 AND 8 AND p.bd IN ('', 'bme', 'bame', 'bme staff', 'white', 'white staff', 'all') THEN 'all'
            WHEN p.ind = 9 AND p.bd IN ('voting board', 'voting', 'voting members', 'board voting') THEN 'board:voting'
            WHEN p.ind = 9 AND p.bd IN ('executive board', 'executive', 'executive members') THEN 'board:executive'
            WHEN p.ind = 9 AND p.bd IN ('non-executive board', 'non-executive', 'non executive') THEN 'board:non_executive'
            WHEN p.ind = 9 AND p.bd IN ('', 'board', 'whole board', 'all') THEN 'board:all'
        END AS subgroup_code
    FROM parsed AS p
)
SELECT
    x.*,
    CASE
        WHEN x.ind IS NULL THEN
            wres_reject('AP_TGT-001', 'metric', x.metric,
                'not a recognised WRES metric; expected "Indicator 1" ... "Indicator 9" (or "Metric 1" ...)')
        WHEN x.tgt_copies > 1 THEN
            wres_key_rule('AP_TGT', 'breakdown', x.breakdown, 'metric and breakdown', x.tgt_copies, x.tgt_versions,
                          x.tgt_copy_no)
        WHEN x.target_dec IS NULL THEN
            wres_reject('AP_TGT-002', 'target', x.target,
                'not a number; expected a ratio such as 1.14, a percentage such as 69% or a headcount such as 84')
        WHEN x.direction_code IS NULL THEN
            wres_reject('AP_TGT-003', 'direction', x.direction, 'not a recognised direction; expected "at least" or "at most"')
        WHEN wres_clean(x.due_date) IS NOT NULL AND x.due_dt IS NULL THEN
            wres_reject('AP_TGT-004', 'due_date', x.due_date, 'not a date; expected DD/MM/YYYY or a month such as "March 2025"')
        WHEN x.subgroup_code IS NULL OR x.subgroup_code LIKE '%:' THEN
            wres_reject('AP_TGT-005', 'breakdown', x.breakdown,
                'not a breakdown this metric can be measured on; expected for indicator 1 "Overall", "Every AfC band" '
                || 'or e.g. "Clinical Band 6" / "Non-clinical Band 8a"; for 5-8 "BME" or "White"; for 9 "Voting board", '
                || '"Executive board" or "Board"')
        WHEN x.due_dt IS NULL AND x.period_end IS NULL THEN
            wres_reject('AP_TGT-006', 'due_date', x.due_date,
                'a Due Date is required when the file names no plan period (Period line or YYYY-YY in its name)')
    END AS reject
FROM resolved AS x;
