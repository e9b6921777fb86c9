-- Normalisers shared by every staging transform (source-extracts.md §1.4-§1.8, §2.3).

-- §1.5: empty string, '-', 'n/a', 'NULL' and '#N/A' mean null; non-breaking spaces are spaces.
CREATE OR REPLACE MACRO wres_clean(x) AS
    CASE WHEN upper(trim(replace(x, chr(160), ' '))) IN ('', '-', 'N/A', 'NULL', '#N/A') THEN NULL
         ELSE trim(replace(x, chr(160), ' ')) END;

-- Matching form of a coded label: lower case, typographic dashes to '-', single spaces (§1.2 rule 4).
CREATE OR REPLACE MACRO wres_match_form(x) AS
    lower(regexp_replace(translate(wres_clean(x), '–—‒−‘’', '----'''''), '\s+', ' ', 'g'));

-- §1.4 dates: UK order for nn/nn/nnnn (never US), Oracle DD-Mon-YYYY / DD-MON-YY (two-digit years:
-- 00-49 -> 20xx, 50-99 -> 19xx), ISO (time part dropped), and Excel serial numbers 1-80000 (1900 system).
CREATE OR REPLACE MACRO wres_four_digit_year(x) AS
    regexp_replace(regexp_replace(x,
        '^([0-9]{1,2}[-/.][A-Za-z0-9]{1,9}[-/.])([0-4][0-9])$', '\120\2'),
        '^([0-9]{1,2}[-/.][A-Za-z0-9]{1,9}[-/.])([5-9][0-9])$', '\119\2');

CREATE OR REPLACE MACRO wres_date(x) AS
    CASE
        WHEN regexp_matches(wres_clean(x), '^[0-9]{1,5}(\.0+)?$')
             AND TRY_CAST(wres_clean(x) AS DOUBLE) BETWEEN 1 AND 80000
            THEN DATE '1899-12-30' + CAST(TRY_CAST(wres_clean(x) AS DOUBLE) AS INTEGER)
        ELSE CAST(try_strptime(
            wres_four_digit_year(regexp_replace(wres_clean(x), '[T ][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?$', '')),
            ['%d/%m/%Y', '%d-%m-%Y', '%d.%m.%Y', '%Y-%m-%d', '%d-%b-%Y', '%d %b %Y', '%d %B %Y']
        ) AS DATE)
    END;

-- §1.5 numbers: thousands separators, '%', '£' (and the mis-decoded 'Â£') are stripped.
CREATE OR REPLACE MACRO wres_decimal(x) AS
    TRY_CAST(regexp_replace(wres_clean(x), '[,£%\s]|Â', '', 'g') AS DECIMAL(18, 4));

-- Yes/No, Y/N, TRUE/FALSE, 1/0 (§2.2 Primary Assignment).
CREATE OR REPLACE MACRO wres_bool(x) AS
    CASE upper(wres_clean(x))
        WHEN 'YES' THEN TRUE WHEN 'Y' THEN TRUE WHEN 'TRUE' THEN TRUE WHEN '1' THEN TRUE
        WHEN 'NO' THEN FALSE WHEN 'N' THEN FALSE WHEN 'FALSE' THEN FALSE WHEN '0' THEN FALSE
    END;

-- §2.3.2 pay band normalisation. Band 8 is never guessed: without a range it is UNKNOWN.
CREATE OR REPLACE MACRO wres_band(x) AS
    CASE
        WHEN wres_match_form(x) IS NULL THEN 'UNKNOWN'
        WHEN regexp_matches(wres_match_form(x), '\bvsm\b|very senior manager') THEN 'VSM'
        WHEN regexp_matches(wres_match_form(x), '(under|below) band 1\b') THEN 'UNDER_BAND_1'
        WHEN regexp_extract(wres_match_form(x), 'band\s*([1-9])(?:\s*-?\s*(?:range\s*)?([a-d]))?\b', 1) = '8'
            THEN coalesce('BAND_8' || upper(nullif(regexp_extract(wres_match_form(x),
                     'band\s*([1-9])(?:\s*-?\s*(?:range\s*)?([a-d]))?\b', 2), '')), 'UNKNOWN')
        WHEN regexp_extract(wres_match_form(x), 'band\s*([1-9])(?:\s*-?\s*(?:range\s*)?([a-d]))?\b', 1) <> ''
            THEN 'BAND_' || regexp_extract(wres_match_form(x), 'band\s*([1-9])(?:\s*-?\s*(?:range\s*)?([a-d]))?\b', 1)
        WHEN regexp_matches(wres_match_form(x), 'non afc|local pay|spot salary|personal salary|apprentice')
            THEN 'NON_AFC_OTHER'
        ELSE 'UNKNOWN'
    END;
