-- Normalisers shared by every staging transform (source-extracts.md §1.4-§1.8, §2.3).

-- §1.5: empty string, '-', 'n/a', 'NULL' and '#N/A' mean null; non-breaking spaces are spaces.
-- D34: the other Excel error literals (#REF!, #VALUE!, #DIV/0!, ...) are null too, so an optional
-- field holding one is empty and a key or required field holding one is rejected (the rules name it).
-- Speed (issue 22; it runs for nearly every cell of every source): the first branch returns a value that has
-- nothing to clean as it is, without building new strings. Such a value is plain ASCII (no non-breaking or
-- other Unicode space; of the ASCII characters trim removes only ' '), neither starts nor ends with a
-- space, has more than four characters (so it is none of the null words) and does not start with '#' (so it
-- is no Excel error): the later branches would return it unchanged. list_contains, not IN: the optimiser
-- turns each IN list into a join against its values, one per call. The list of Excel errors is what a
-- '^#(REF!|VALUE!|...)$' pattern matched, without a regex.
CREATE OR REPLACE MACRO wres_clean(x) AS
    CASE WHEN strlen(x) = length(x) AND length(x) > 4 AND NOT starts_with(x, ' ') AND NOT ends_with(x, ' ')
              AND NOT starts_with(x, '#') THEN x
         WHEN list_contains(['', '-', 'N/A', 'NULL', '#N/A'], upper(trim(replace(x, chr(160), ' ')))) THEN NULL
         WHEN list_contains(['#REF!', '#VALUE!', '#DIV/0!', '#NAME?', '#NUM!', '#NULL!', '#N/A', '#SPILL!', '#CALC!'],
                            trim(x)) THEN NULL
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

-- WRES action plans: a due date written as a date, or as a month ('July 2024', 'Dec 2024' -> the
-- month's last day); free text such as 'Ongoing' gives NULL (the raw text is kept beside it).
CREATE OR REPLACE MACRO wres_due_date(x) AS
    coalesce(
        wres_date(regexp_replace(wres_clean(x), '\b(\d{1,2})(st|nd|rd|th)\b', '\1')),
        CAST(last_day(try_strptime(wres_clean(x), ['%B %Y', '%b %Y', '%m/%Y', '%Y-%m'])) AS DATE));

-- ---------------------------------------------------------------------------------------------
-- Row rules of the staging transforms (sql/create_typed_*.sql). Each typed row carries `reject`:
-- the first rule it breaks (NULL = valid), with the column, the value and a plain-English reason.
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE MACRO wres_reject(rule_id, column_name, raw_value, reason) AS
    {'severity': 'REJECT_ROW', 'rule_id': rule_id, 'column_name': column_name,
     'raw_value': CAST(raw_value AS VARCHAR), 'reason': reason};

-- D34: the first of `cells` (a list of {'column': canonical name, 'value': raw text}, the key and
-- required columns of a row) that holds an Excel error literal (#N/A, #REF!, #VALUE! ...), else NULL.
-- wres_clean reads such a literal as empty, so without this a damaged required cell could pass as blank.
CREATE OR REPLACE MACRO wres_excel_error(cells) AS
    list_filter(cells, c -> list_contains(['#REF!', '#VALUE!', '#DIV/0!', '#NAME?', '#NUM!', '#NULL!', '#N/A', '#SPILL!',
                                           '#CALC!'], trim(coalesce(c.value, ''))))[1];

-- The rejection of a row whose key or required cell holds an Excel error literal (D34, §1.5).
CREATE OR REPLACE MACRO wres_excel_reject(rule_id, cell) AS
    wres_reject(rule_id, cell.column, cell.value,
        'an Excel error literal in a key or required column: the cell was damaged in a spreadsheet, so the row '
        || 'cannot be read (D34)');

-- An exact copy of a kept row: it does not load, but it is not an error (D09, D31).
CREATE OR REPLACE MACRO wres_duplicate(rule_id, column_name, raw_value, reason) AS
    {'severity': 'DUPLICATE', 'rule_id': rule_id, 'column_name': column_name,
     'raw_value': CAST(raw_value AS VARCHAR), 'reason': reason};

-- D09 / D10 for a key that must be unique in a file: `copies` rows share the key, `versions` distinct
-- row hashes among them, `copy_no` this row's place among them. Identical copies: the first is kept;
-- copies that differ: every one is rejected. Rule ids <prefix>-009 and <prefix>-010 in every source.
CREATE OR REPLACE MACRO wres_key_rule(prefix, column_name, raw_value, what, copies, versions, copy_no) AS
    CASE
        WHEN copies > 1 AND versions > 1 THEN
            wres_reject(prefix || '-010', column_name, raw_value,
                'the same ' || what || ' appears ' || copies || ' times in this file with different values; '
                || 'every copy is rejected (D10)')
        WHEN copies > 1 AND copy_no > 1 THEN
            wres_duplicate(prefix || '-009', column_name, raw_value,
                'an exact duplicate of an earlier row; the first copy is kept (D09)')
    END;

-- The quarantine rows of one typed table (a TEMP table with the raw lineage columns and `reject`):
-- the message of source-extracts.md §1.11, with the column as it appeared in the file and its letter.
-- (Tables are named through query_table() so the macro binds when called, after the audit tables.)
CREATE OR REPLACE MACRO wres_quarantine(src, typed) AS TABLE
SELECT
    src AS source,
    t.org_code,
    coalesce(t.snapshot_date, t.period_end) AS period_date,
    t.source_file_id,
    t.file_name,
    t.sheet,
    t.row_number,
    t.reject.severity AS severity,
    t.reject.rule_id AS rule_id,
    coalesce(fc.header_found, t.reject.column_name) AS column_name,
    fc.column_letter,
    t.reject.raw_value AS raw_value,
    t.reject.reason AS reason,
    t.reject.severity || ' ' || t.reject.rule_id || ' ' || t.file_name || coalesce('!' || t.sheet, '')
        || ' row ' || t.row_number || ' column "' || coalesce(fc.header_found, t.reject.column_name) || '"'
        || ' value "' || coalesce(t.reject.raw_value, '') || '": ' || t.reject.reason || '.' AS message
FROM query_table(typed) AS t
LEFT JOIN query_table('audit.source_file_columns') AS fc
    ON fc.source = src AND fc.source_file_id = t.source_file_id AND fc.sheet IS NOT DISTINCT FROM t.sheet
   AND fc.column_name = t.reject.column_name
WHERE t.reject IS NOT NULL;

-- Reconciliation per file (blocking checks): data rows read = rows staged + rows quarantined, where a
-- staged or quarantined row is counted once per physical row (file, sheet, row number). Returns the
-- files that break it.
CREATE OR REPLACE MACRO wres_reconcile(raw_table, staged_table, quarantine_table) AS TABLE
WITH r AS (
    SELECT source_file_id, any_value(file_name) AS file_name,
           count(*) FILTER (WHERE drop_reason IS NULL) AS data_rows,
           count(*) FILTER (WHERE drop_reason IS NOT NULL) AS dropped_rows
    FROM query_table(raw_table) GROUP BY 1
),
s AS (SELECT source_file_id, count(DISTINCT (sheet, row_number)) AS n FROM query_table(staged_table) GROUP BY 1),
q AS (SELECT source_file_id, count(DISTINCT (sheet, row_number)) AS n FROM query_table(quarantine_table) GROUP BY 1)
SELECT r.file_name, r.data_rows, coalesce(s.n, 0) AS staged, coalesce(q.n, 0) AS quarantined, r.dropped_rows
FROM r LEFT JOIN s USING (source_file_id) LEFT JOIN q USING (source_file_id)
WHERE r.data_rows <> coalesce(s.n, 0) + coalesce(q.n, 0);

-- §1.11: a file fails when more than max_share of its data rows are rejected (REJECT_ROW; duplicates
-- of kept rows do not count) and more than rows_allowed of them (thresholds.rejected_rows_allowed).
-- One row per such file, with its most frequent rule and first message.
CREATE OR REPLACE MACRO wres_rejected_files(raw_table, quarantine_table, max_share, rows_allowed) AS TABLE
WITH r AS (
    SELECT source_file_id, any_value(file_name) AS file_name, count(*) AS data_rows
    FROM query_table(raw_table) WHERE drop_reason IS NULL GROUP BY 1
),
q AS (
    SELECT source_file_id, count(DISTINCT (sheet, row_number)) AS rejected_rows,
           mode(rule_id) AS top_rule, arg_min(message, (sheet, row_number)) AS first_message
    FROM query_table(quarantine_table) WHERE severity = 'REJECT_ROW' GROUP BY 1
)
SELECT r.source_file_id, r.file_name, r.data_rows, q.rejected_rows, q.top_rule, q.first_message
FROM r JOIN q USING (source_file_id)
WHERE q.rejected_rows > max_share * r.data_rows AND q.rejected_rows > rows_allowed
ORDER BY r.file_name;

-- ESR people by organisation and Employee Number (one row each, from every staff-in-post snapshot):
-- records of other systems (OLM, ER cases, internal applicants, board members) are matched to them.
-- (The table is a parameter so the macro binds when called: at bootstrap it may not exist yet.)
CREATE OR REPLACE MACRO wres_esr_people(staff_in_post := 'staging.staff_in_post') AS TABLE
SELECT org_code, employee_number, min(person_id) AS person_id
FROM query_table(staff_in_post)
WHERE employee_number IS NOT NULL
GROUP BY ALL;
