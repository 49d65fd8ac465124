-- registrable_domain on hand-written cases: returns every case where it differs from the expected value
-- (no rows = pass).
with

cases (raw_value, expected_domain) as (
    values
    ('HTTP://WWW.Example.com/path', 'example.com'),
    ('https://shop.example.co.uk/x?y', 'example.co.uk'),
    ('example.com:8080', 'example.com'),
    ('www2.example.com', 'example.com'),
    ('user@example.com', 'example.com'),
    ('mailto:jane@example.net', 'example.net'),
    ('', null),
    ('   ', null),
    ('n/a', null),
    ('N/A', null),
    ('none', null),
    ('localhost', null),
    ('example', null),
    ('co.uk', null),
    ('www.example.com.', 'example.com'),
    ('http://user:pw@www.example.com:443/a/b#frag', 'example.com'),
    ('//cdn.example.org/lib.js', 'example.org'),
    ('  Example.COM  ', 'example.com'),
    ('example.com/about', 'example.com'),
    ('example.com?utm_source=x', 'example.com'),
    ('example.com#top', 'example.com'),
    ('a.b.c.example.com.au', 'example.com.au'),
    ('example.co.jp', 'example.co.jp'),
    ('www.example.co.nz', 'example.co.nz'),
    ('mail.example.com.mx', 'example.com.mx'),
    ('example.org.uk', 'example.org.uk'),
    ('www.example.uk', 'example.uk'),
    ('sub.example.io', 'example.io'),
    ('my-site.example-host.com', 'example-host.com'),
    ('192.168.0.1', null),
    ('http://10.0.0.1:8080/', null),
    ('http://[::1]/', null),
    ('ex ample.com', null),
    ('münchen.de', null),
    ('example..com', null),
    ('.example.com', null),
    (null, null)
),

results as (
    select
        raw_value,
        expected_domain,
        {{ registrable_domain('raw_value') }} as actual_domain
    from cases
)

select
    raw_value,
    expected_domain,
    actual_domain
from results
where actual_domain is distinct from expected_domain
