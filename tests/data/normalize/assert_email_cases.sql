-- email_normalized, email_is_valid, email_domain and is_free_email_domain on hand-written cases: returns
-- every case where a macro differs from the expected value (no rows = pass).
with

cases (raw_email, expected_email, expected_is_valid, expected_domain, expected_is_free) as (
    values
    (' John.Doe@Example.COM ', 'john.doe@example.com', true, 'example.com', false),
    ('jane@GMAIL.com', 'jane@gmail.com', true, 'gmail.com', true),
    ('jo hn@gmail.com', 'john@gmail.com', true, 'gmail.com', true),
    ('USER@HOTMAIL.COM', 'user@hotmail.com', true, 'hotmail.com', true),
    ('someone@yahoo.co.uk', 'someone@yahoo.co.uk', true, 'yahoo.co.uk', true),
    ('o''brien@example.ie', 'o''brien@example.ie', true, 'example.ie', false),
    ('first+tag@sub.example.co.uk', 'first+tag@sub.example.co.uk', true, 'sub.example.co.uk', false),
    ('a_b-c%d@x-y.io', 'a_b-c%d@x-y.io', true, 'x-y.io', false),
    ('x@mail.gmail.com', 'x@mail.gmail.com', true, 'mail.gmail.com', false),
    ('a..b@x.com', null, false, null, null),
    ('.a@x.com', null, false, null, null),
    ('a.@x.com', null, false, null, null),
    ('x@y', null, false, null, null),
    ('x@y.c', null, false, null, null),
    ('x@-y.com', null, false, null, null),
    ('x@y-.com', null, false, null, null),
    ('x@y..com', null, false, null, null),
    ('x@.y.com', null, false, null, null),
    ('no-at-sign.com', null, false, null, null),
    ('a@b@c.com', null, false, null, null),
    ('a@192.168.0.1', null, false, null, null),
    ('"quoted"@x.com', null, false, null, null),
    ('mailto:x@y.com', null, false, null, null),
    ('Jane Doe <jane@example.com>', null, false, null, null),
    ('@example.com', null, false, null, null),
    ('jane@', null, false, null, null),
    ('', null, null, null, null),
    ('   ', null, null, null, null),
    (null, null, null, null, null)
),

results as (
    select
        raw_email,
        expected_email,
        expected_is_valid,
        expected_domain,
        expected_is_free,
        {{ email_normalized('raw_email') }} as actual_email,
        {{ email_is_valid('raw_email') }} as actual_is_valid,
        {{ email_domain('raw_email') }} as actual_domain,
        {{ is_free_email_domain(email_domain('raw_email')) }} as actual_is_free
    from cases
),

free_domain_inputs (raw_domain, expected_is_free) as (
    values
    (' Gmail.COM ', true),
    ('outlook.com', true),
    ('comcast.net', true),
    ('example.com', false),
    ('', false),
    (null, null)
),

free_domain_cases as (
    select
        raw_domain,
        expected_is_free,
        {{ is_free_email_domain('raw_domain') }} as actual_is_free
    from free_domain_inputs
)

select
    raw_email as raw_value,
    expected_email,
    actual_email,
    expected_is_valid,
    actual_is_valid,
    expected_domain,
    actual_domain,
    expected_is_free,
    actual_is_free
from results
where
    actual_email is distinct from expected_email
    or actual_is_valid is distinct from expected_is_valid
    or actual_domain is distinct from expected_domain
    or actual_is_free is distinct from expected_is_free

union all

select
    raw_domain as raw_value,
    null as expected_email,
    null as actual_email,
    null as expected_is_valid,
    null as actual_is_valid,
    null as expected_domain,
    null as actual_domain,
    expected_is_free,
    actual_is_free
from free_domain_cases
where actual_is_free is distinct from expected_is_free
