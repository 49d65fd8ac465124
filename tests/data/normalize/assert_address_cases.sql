-- zip5, state_code and street_key on hand-written cases: returns every case where a macro differs from the
-- expected value (no rows = pass).
with

zip_inputs (raw_value, expected_value) as (
    values
    ('94107-1234', '94107'),
    ('94107', '94107'),
    (' 94107 ', '94107'),
    ('941071234', '94107'),
    ('94107 1234', '94107'),
    ('2134', '02134'),
    ('2134-1234', '02134'),
    ('2134.0', '02134'),
    ('02134', '02134'),
    ('941', null),
    ('9410712', null),
    ('94107-12', null),
    ('K1A 0B1', null),
    ('SW1A 1AA', null),
    ('ZIP 94107', null),
    ('', null),
    (null, null)
),

zip_cases as (
    select
        raw_value,
        expected_value,
        {{ zip5('raw_value') }} as actual_value
    from zip_inputs
),

numeric_zip_inputs (raw_number, expected_value) as (
    values
    (2134, '02134'),
    (94107, '94107'),
    (941, null),
    (null, null)
),

numeric_zip_cases as (
    select
        cast(raw_number as {{ dbt.type_string() }}) as raw_value,
        expected_value,
        {{ zip5('raw_number') }} as actual_value
    from numeric_zip_inputs
),

state_inputs (raw_value, expected_value) as (
    values
    ('CA', 'CA'),
    (' ca ', 'CA'),
    ('California', 'CA'),
    ('CALIFORNIA', 'CA'),
    ('New York', 'NY'),
    ('new  york', 'NY'),
    ('District of Columbia', 'DC'),
    ('D.C.', 'DC'),
    ('Washington, D.C.', 'DC'),
    ('Washington', 'WA'),
    ('PR', 'PR'),
    ('Puerto Rico', 'PR'),
    ('West Virginia', 'WV'),
    ('N.Y.', 'NY'),
    ('Virgin Islands', 'VI'),
    ('U.S. Virgin Islands', 'VI'),
    ('Calif.', null),
    ('XX', null),
    ('Ontario', null),
    ('', null),
    (null, null)
),

state_cases as (
    select
        raw_value,
        expected_value,
        {{ state_code('raw_value') }} as actual_value
    from state_inputs
),

country_inputs (raw_value, expected_value) as (
    values
    ('US', 'US'),
    ('usa', 'US'),
    ('U.S.A.', 'US'),
    ('United States', 'US'),
    (' united states of america ', 'US'),
    ('UK', 'GB'),
    ('Great Britain', 'GB'),
    ('Canada', 'CA'),
    ('Atlantis', null),
    ('', null),
    (null, null)
),

country_cases as (
    select
        raw_value,
        expected_value,
        {{ country_code('raw_value') }} as actual_value
    from country_inputs
),

street_inputs (raw_value, expected_value) as (
    values
    ('123 Fifth Avenue, Suite 4', '123 5th ave ste 4'),
    ('123 5th Ave Ste 4', '123 5th ave ste 4'),
    ('1 North First Street  Apt. #5', '1 n 1st st apt 5'),
    ('500 W. Second St.', '500 w 2nd st'),
    ('77 Massachusetts Avenue', '77 massachusetts ave'),
    ('10 Downing Road', '10 downing rd'),
    ('9 Sunset Boulevard', '9 sunset blvd'),
    ('4 Park Drive South', '4 park dr s'),
    ('8 Memory Lane', '8 memory ln'),
    ('3 Kings Court', '3 kings ct'),
    ('2 Elm Place', '2 elm pl'),
    ('1 Pacific Coast Highway', '1 pacific coast hwy'),
    ('600 Garden State Parkway', '600 garden state pkwy'),
    ('12 East Twelfth Street', '12 e 12th st'),
    ('100 Third  Third Street', '100 3rd 3rd st'),
    ('1 Southwest Northeast Way', '1 sw ne way'),
    ('221B Baker Street', '221b baker st'),
    ('O’Farrell Street', 'ofarrell st'),
    ('Streetsboro Road', 'streetsboro rd'),
    ('', null),
    (' , ', null),
    (null, null)
),

street_cases as (
    select
        raw_value,
        expected_value,
        {{ street_key('raw_value') }} as actual_value
    from street_inputs
)

select
    'zip5' as macro_name,
    raw_value,
    expected_value,
    actual_value
from zip_cases
where actual_value is distinct from expected_value

union all

select
    'zip5 (numeric)' as macro_name,
    raw_value,
    expected_value,
    actual_value
from numeric_zip_cases
where actual_value is distinct from expected_value

union all

select
    'state_code' as macro_name,
    raw_value,
    expected_value,
    actual_value
from state_cases
where actual_value is distinct from expected_value

union all

select
    'street_key' as macro_name,
    raw_value,
    expected_value,
    actual_value
from street_cases
where actual_value is distinct from expected_value

union all

select
    'country_code' as macro_name,
    raw_value,
    expected_value,
    actual_value
from country_cases
where actual_value is distinct from expected_value
