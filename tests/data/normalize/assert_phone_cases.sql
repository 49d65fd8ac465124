-- phone_e164, phone_extension and phone_is_valid on hand-written cases: returns every case where a macro
-- differs from the expected value (no rows = pass).
with

cases (raw_phone, expected_e164, expected_extension, expected_is_valid) as (
    values
    ('+1 (555) 010-0199 x12', '+15550100199', '12', true),
    ('555.010.0199', '+15550100199', null, true),
    ('5550100199', '+15550100199', null, true),
    ('1-555-010-0199', '+15550100199', null, true),
    ('(555) 010 0199 ext. 7', '+15550100199', '7', true),
    ('+44 20 7946 0958', '+442079460958', null, true),
    ('010-0199', null, null, false),
    ('555-CALL-NOW', null, null, false),
    ('555-010-CALL', null, null, false),
    ('555-O10-0199', null, null, false),
    ('555 010', null, null, false),
    ('', null, null, null),
    ('   ', null, null, null),
    (null, null, null, null),
    ('555-010-0199 extension 12', '+15550100199', '12', true),
    ('555-010-0199 Ext: 12', '+15550100199', '12', true),
    ('555-010-0199 extn 3', '+15550100199', '3', true),
    ('555-010-0199 #12', '+15550100199', '12', true),
    ('555-010-0199 X 123456', '+15550100199', '123456', true),
    ('+1-555-010-0199;ext=99', '+15550100199', '99', true),
    ('(555)010-0199x5', '+15550100199', '5', true),
    ('555-010-0199 x', null, null, false),
    ('555/010/0199', '+15550100199', null, true),
    ('  555  010  0199  ', '+15550100199', null, true),
    ('+15550100199', '+15550100199', null, true),
    ('15550100199', '+15550100199', null, true),
    ('+1 155 010 0199', null, null, false),
    ('155-010-0199', null, null, false),
    ('055-010-0199', null, null, false),
    ('1 (055) 010-0199', null, null, false),
    ('555010019', null, null, false),
    ('55501001990', null, null, false),
    ('+1 555 010 019', null, null, false),
    ('+0 123 456 789', null, null, false),
    ('+49 30 1234567', '+49301234567', null, true),
    ('+49 123', null, null, false),
    ('+1234567890123456', null, null, false),
    ('+44 (0) 20 7946 0958', '+442079460958', null, true),
    ('5+55-010-0199', null, null, false),
    ('tel: 555 010 0199', null, null, false)
),

results as (
    select
        raw_phone,
        expected_e164,
        expected_extension,
        expected_is_valid,
        {{ phone_e164('raw_phone') }} as actual_e164,
        {{ phone_extension('raw_phone') }} as actual_extension,
        {{ phone_is_valid('raw_phone') }} as actual_is_valid
    from cases
)

select
    raw_phone,
    expected_e164,
    actual_e164,
    expected_extension,
    actual_extension,
    expected_is_valid,
    actual_is_valid
from results
where
    actual_e164 is distinct from expected_e164
    or actual_extension is distinct from expected_extension
    or actual_is_valid is distinct from expected_is_valid
