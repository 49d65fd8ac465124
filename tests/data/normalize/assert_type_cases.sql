-- to_utc_timestamp, to_date, to_boolean, to_number and dbt.safe_cast on hand-written cases: returns every
-- case where a macro differs from the expected value (no rows = pass).
with

timestamp_text_inputs (raw_value, expected_value) as (
    values
    ('2024-03-01T10:00:00Z', cast('2024-03-01 10:00:00' as timestamp)),
    ('2024-03-01 10:00:00', cast('2024-03-01 10:00:00' as timestamp)),
    ('2024-03-01T12:00:00+02:00', cast('2024-03-01 10:00:00' as timestamp)),
    ('2024-03-01T05:00:00-05:00', cast('2024-03-01 10:00:00' as timestamp)),
    ('2024-03-01T05:00:00-0500', cast('2024-03-01 10:00:00' as timestamp)),
    ('2024-03-01 15:30:00+05:30', cast('2024-03-01 10:00:00' as timestamp)),
    ('2024-03-01T10:00:00.250Z', cast('2024-03-01 10:00:00.25' as timestamp)),
    ('2024-03-01 10:00:00.123456', cast('2024-03-01 10:00:00.123456' as timestamp)),
    ('2024-02-29T23:30:00-01:00', cast('2024-03-01 00:30:00' as timestamp)),
    ('2024-03-01T10:00', cast('2024-03-01 10:00:00' as timestamp)),
    (' 2024-03-01 10:00:00 ', cast('2024-03-01 10:00:00' as timestamp)),
    ('2024-03-01', cast('2024-03-01 00:00:00' as timestamp)),
    ('2024-02-30 10:00:00', null),
    ('2024-03-01 25:00:00', null),
    ('03/01/2024 10:00', null),
    ('garbage', null),
    ('', null),
    (null, null)
),

timestamp_text_cases as (
    select
        raw_value,
        expected_value,
        {{ to_utc_timestamp('raw_value') }} as actual_value
    from timestamp_text_inputs
),

timestamp_typed_inputs (raw_value, expected_value) as (
    values
    ('2024-03-01', cast('2024-03-01' as date)),
    (' 2024-03-01 ', cast('2024-03-01' as date)),
    ('2024-03-01T23:30:00Z', cast('2024-03-01' as date)),
    ('2024-03-01 23:30:00-05:00', cast('2024-03-01' as date)),
    ('2024-02-30', null),
    ('03/01/2024', null),
    ('garbage', null),
    ('', null),
    (null, null)
),

timestamp_typed_cases as (
    select
        'typed' as raw_value,
        cast('2024-03-01 10:00:00' as timestamp) as expected_value,
        {{ to_utc_timestamp("cast('2024-03-01 12:00:00+02:00' as " ~ type_timestamp_tz() ~ ")") }} as actual_value
    union all
    select
        'typed' as raw_value,
        cast('2024-03-01 10:00:00' as timestamp) as expected_value,
        {{ to_utc_timestamp("cast('2024-03-01 10:00:00' as timestamp)") }} as actual_value
    union all
    select
        'typed' as raw_value,
        cast('2024-03-01 00:00:00' as timestamp) as expected_value,
        {{ to_utc_timestamp("cast('2024-03-01' as date)") }} as actual_value
),

date_cases as (
    select
        raw_value,
        expected_value,
        {{ to_date('raw_value') }} as actual_value
    from timestamp_typed_inputs
),

date_typed_inputs (raw_value, expected_value) as (
    values
    ('true', true),
    ('TRUE', true),
    (' True ', true),
    ('t', true),
    ('1', true),
    ('yes', true),
    ('Y', true),
    ('false', false),
    ('F', false),
    ('0', false),
    ('No', false),
    ('n', false),
    ('2', null),
    ('maybe', null),
    ('', null),
    (null, null)
),

date_typed_cases as (
    select
        'typed' as raw_value,
        cast('2024-03-01' as date) as expected_value,
        {{ to_date("cast('2024-03-01 23:59:59' as timestamp)") }} as actual_value
    union all
    select
        'typed' as raw_value,
        cast('2024-03-01' as date) as expected_value,
        {{ to_date("cast('2024-03-01' as date)") }} as actual_value
),

boolean_cases as (
    select
        raw_value,
        expected_value,
        {{ to_boolean('raw_value') }} as actual_value
    from date_typed_inputs
),

boolean_typed_inputs (raw_value, expected_value, expected_integer) as (
    values
    ('1234.5', 1234.50, 1235),
    ('$1,234.50', 1234.50, 1235),
    (' $ 1,234 ', 1234.00, 1234),
    ('-$5', -5.00, -5),
    ('1,000,000', 1000000.00, 1000000),
    ('12.7', 12.70, 13),
    ('0', 0.00, 0),
    ('abc', null, null),
    ('1.2.3', null, null),
    ('$', null, null),
    ('', null, null),
    (null, null, null)
),

boolean_typed_cases as (
    select
        'typed' as raw_value,
        true as expected_value,
        {{ to_boolean('true') }} as actual_value
    union all
    select
        'typed' as raw_value,
        false as expected_value,
        {{ to_boolean('false') }} as actual_value
    union all
    select
        'typed' as raw_value,
        true as expected_value,
        {{ to_boolean('1') }} as actual_value
    union all
    select
        'typed' as raw_value,
        false as expected_value,
        {{ to_boolean('0') }} as actual_value
    union all
    select
        'typed' as raw_value,
        null as expected_value,
        {{ to_boolean('cast(null as boolean)') }} as actual_value
),

number_cases as (
    select
        raw_value,
        expected_value,
        {{ to_number('raw_value', 'decimal(18, 2)') }} as actual_value,
        expected_integer,
        {{ to_number('raw_value', 'integer') }} as actual_integer
    from boolean_typed_inputs
),

safe_cast_cases as (
    select
        'abc' as raw_value,
        cast(null as integer) as expected_value,
        {{ dbt.safe_cast("'abc'", api.Column.translate_type('integer')) }} as actual_value
    union all
    select
        '42' as raw_value,
        42 as expected_value,
        {{ dbt.safe_cast("'42'", api.Column.translate_type('integer')) }} as actual_value
)

select
    'to_utc_timestamp' as macro_name,
    raw_value,
    cast(expected_value as {{ dbt.type_string() }}) as expected_value,
    cast(actual_value as {{ dbt.type_string() }}) as actual_value
from timestamp_text_cases
where actual_value is distinct from expected_value

union all

select
    'to_utc_timestamp (typed)' as macro_name,
    raw_value,
    cast(expected_value as {{ dbt.type_string() }}) as expected_value,
    cast(actual_value as {{ dbt.type_string() }}) as actual_value
from timestamp_typed_cases
where actual_value is distinct from expected_value

union all

select
    'to_date' as macro_name,
    raw_value,
    cast(expected_value as {{ dbt.type_string() }}) as expected_value,
    cast(actual_value as {{ dbt.type_string() }}) as actual_value
from date_cases
where actual_value is distinct from expected_value

union all

select
    'to_date (typed)' as macro_name,
    raw_value,
    cast(expected_value as {{ dbt.type_string() }}) as expected_value,
    cast(actual_value as {{ dbt.type_string() }}) as actual_value
from date_typed_cases
where actual_value is distinct from expected_value

union all

select
    'to_boolean' as macro_name,
    raw_value,
    cast(expected_value as {{ dbt.type_string() }}) as expected_value,
    cast(actual_value as {{ dbt.type_string() }}) as actual_value
from boolean_cases
where actual_value is distinct from expected_value

union all

select
    'to_boolean (typed)' as macro_name,
    raw_value,
    cast(expected_value as {{ dbt.type_string() }}) as expected_value,
    cast(actual_value as {{ dbt.type_string() }}) as actual_value
from boolean_typed_cases
where actual_value is distinct from expected_value

union all

select
    'to_number' as macro_name,
    raw_value,
    cast(expected_value as {{ dbt.type_string() }}) as expected_value,
    cast(actual_value as {{ dbt.type_string() }}) as actual_value
from number_cases
where actual_value is distinct from expected_value

union all

select
    'to_number (integer)' as macro_name,
    raw_value,
    cast(expected_integer as {{ dbt.type_string() }}) as expected_value,
    cast(actual_integer as {{ dbt.type_string() }}) as actual_value
from number_cases
where actual_integer is distinct from expected_integer

union all

select
    'dbt.safe_cast' as macro_name,
    raw_value,
    cast(expected_value as {{ dbt.type_string() }}) as expected_value,
    cast(actual_value as {{ dbt.type_string() }}) as actual_value
from safe_cast_cases
where actual_value is distinct from expected_value
