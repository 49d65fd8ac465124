-- grain: one row per discovery location id (latest verified version, quarantined rows excluded)
with locations as (
    select * from {{ ref('base_discovery__locations') }}
)

select
    location_id,
    business_name,
    business_name_key,
    brand,
    brand_key,
    street,
    street_key,
    city,
    state_code,
    postal_code,
    country_code,
    phone_raw,
    phone_e164,
    phone_extension,
    is_phone_valid,
    website,
    domain,
    category,
    naics_code,
    employee_estimate,
    latitude,
    longitude,
    first_seen_at,
    last_verified_at
{{ passthrough_columns('discovery', 'locations') }}
from locations
where quarantine_reason is null and version_rank = 1
