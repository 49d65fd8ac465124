-- grain: one row per raw discovery.locations row (every version, unusable rows included)
{{ config(unique_key='location_id') }}
{%- set raw_table = source('discovery', 'locations') %}
with source as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'location_id') }}
),

renamed as (
    select
        {{ nonblank_string('location_id') }} as location_id,
        {{ person_name_clean('business_name') }} as business_name,
        {{ company_name_key('business_name') }} as business_name_key,
        {{ person_name_clean('brand') }} as brand,
        {{ company_name_key('brand') }} as brand_key,
        {{ nonblank_string('street') }} as street,
        {{ street_key('street') }} as street_key,
        {{ nonblank_string('city') }} as city,
        {{ state_code('state') }} as state_code,
        {{ zip5('postal_code') }} as postal_code,
        {{ country_code('country') }} as country_code,
        {{ nonblank_string('phone') }} as phone_raw,
        {{ phone_e164('phone') }} as phone_e164,
        {{ phone_extension('phone') }} as phone_extension,
        {{ phone_is_valid('phone') }} as is_phone_valid,
        {{ nonblank_string('website') }} as website,
        {{ registrable_domain('website') }} as domain,
        lower({{ nonblank_string('category') }}) as category,
        {{ nonblank_string('naics_code') }} as naics_code,
        {{ to_number('employee_estimate', 'integer') }} as employee_estimate,
        {{ to_number('latitude', 'double') }} as latitude,
        {{ to_number('longitude', 'double') }} as longitude,
        {{ to_utc_timestamp('first_seen_at') }} as first_seen_at,
        {{ to_utc_timestamp('last_verified_at') }} as last_verified_at,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ raw_row('source') }} as raw_row
    {{ passthrough_columns('discovery', 'locations') }}
    from source
),

classified as (
    select
        *,
        case when location_id is null then 'missing id' end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'location_id',
        'last_verified_at desc nulls last, first_seen_at desc nulls last, row_fingerprint desc',
    ) }}
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
    last_verified_at,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('discovery', 'locations') }}
from versions
