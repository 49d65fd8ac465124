-- company_name_key, person_name_clean and person_name_key on hand-written cases: returns every case where
-- a macro differs from the expected value (no rows = pass).
with

company_inputs (raw_value, expected_value) as (
    values
    ('Joe''s Pizza, Inc.', 'joes pizza'),
    ('JOES PIZZA', 'joes pizza'),
    ('The Smith & Sons Co.', 'smith and sons'),
    ('Smith & Co', 'smith'),
    ('Acme, LLC', 'acme'),
    ('Acme L.L.C.', 'acme'),
    ('ACME CORP.', 'acme'),
    ('Acme Corporation', 'acme'),
    ('Acme Holdings Inc. Ltd', 'acme holdings'),
    ('Acme Limited', 'acme'),
    ('Acme PLC', 'acme'),
    ('Acme GmbH', 'acme'),
    ('Acme Pty Ltd', 'acme'),
    ('Acme, L.P.', 'acme'),
    ('Smith P.C.', 'smith'),
    ('Smith, PLLC', 'smith'),
    ('Law Offices of Smith LLP', 'law offices of smith'),
    ('Procter & Gamble Company', 'procter and gamble'),
    ('Johnson & Johnson', 'johnson and johnson'),
    ('AT&T Inc.', 'at and t'),
    ('McDonald’s Corp', 'mcdonalds'),
    ('Amazon.com, Inc.', 'amazon com'),
    ('3M Company', '3m'),
    ('Café Déjà Vu GmbH', 'cafe deja vu'),
    ('Co-op Foods', 'co op foods'),
    ('Costco Wholesale Corp', 'costco wholesale'),
    ('Incorporated Widgets', 'incorporated widgets'),
    ('Theory Labs', 'theory labs'),
    ('  acme   widgets  ', 'acme widgets'),
    ('The The', 'the'),
    ('The Company', null),
    ('Inc.', null),
    ('---', null),
    ('', null),
    ('   ', null),
    (null, null)
),

company_cases as (
    select
        raw_value,
        expected_value,
        {{ company_name_key('raw_value') }} as actual_value
    from company_inputs
),

person_clean_inputs (raw_value, expected_value) as (
    values
    ('  Mary   Jane ', 'Mary Jane'),
    ('O''Brien', 'O''Brien'),
    ('van der Berg', 'van der Berg'),
    ('José  Álvarez', 'José Álvarez'),
    ('', null),
    ('   ', null),
    (null, null)
),

person_clean_cases as (
    select
        raw_value,
        expected_value,
        {{ person_name_clean('raw_value') }} as actual_value
    from person_clean_inputs
),

person_key_inputs (raw_value, expected_value) as (
    values
    ('Mary-Jane O''Brien', 'mary jane obrien'),
    ('  SMITH,  John ', 'smith john'),
    ('J.R.R. Tolkien', 'jrr tolkien'),
    ('José Álvarez', 'jose alvarez'),
    ('D’Angelo', 'dangelo'),
    ('Dr. Jane Smith-Jones III', 'dr jane smith jones iii'),
    ('...', null),
    ('', null),
    (null, null)
),

person_key_cases as (
    select
        raw_value,
        expected_value,
        {{ person_name_key('raw_value') }} as actual_value
    from person_key_inputs
)

select
    'company_name_key' as macro_name,
    raw_value,
    expected_value,
    actual_value
from company_cases
where actual_value is distinct from expected_value

union all

select
    'person_name_clean' as macro_name,
    raw_value,
    expected_value,
    actual_value
from person_clean_cases
where actual_value is distinct from expected_value

union all

select
    'person_name_key' as macro_name,
    raw_value,
    expected_value,
    actual_value
from person_key_cases
where actual_value is distinct from expected_value
