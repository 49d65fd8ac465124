-- grain: one row per raw provider.companies row (every version, unusable rows included)
{{ config(unique_key='provider_company_id') }}
{%- set raw_table = source('provider', 'companies') %}
with source as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'provider_company_id') }}
),

renamed as (
    select
        {{ nonblank_string('provider_company_id') }} as provider_company_id,
        {{ person_name_clean('name') }} as company_name,
        {{ company_name_key('name') }} as company_name_key,
        {{ registrable_domain('domain') }} as domain,
        {{ nonblank_string('phone') }} as phone_raw,
        {{ phone_e164('phone') }} as phone_e164,
        {{ phone_extension('phone') }} as phone_extension,
        {{ phone_is_valid('phone') }} as is_phone_valid,
        {{ nonblank_string('street') }} as street,
        {{ street_key('street') }} as street_key,
        {{ nonblank_string('city') }} as city,
        {{ state_code('state') }} as state_code,
        {{ zip5('postal_code') }} as postal_code,
        {{ country_code('country') }} as country_code,
        {{ nonblank_string('industry') }} as industry,
        {{ nonblank_string('naics_code') }} as naics_code,
        {{ to_number('employee_count', 'integer') }} as employee_count,
        {{ to_number('annual_revenue', 'double') }} as annual_revenue,
        {{ nonblank_string('linkedin_url') }} as linkedin_url,
        {{ to_utc_timestamp('last_verified_at') }} as last_verified_at,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ raw_row('source') }} as raw_row
    {{ passthrough_columns('provider', 'companies') }}
    from source
),

classified as (
    select
        *,
        case when provider_company_id is null then 'missing id' end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'provider_company_id',
        'last_verified_at desc nulls last, row_fingerprint desc',
    ) }}
)

select
    provider_company_id,
    company_name,
    company_name_key,
    domain,
    phone_raw,
    phone_e164,
    phone_extension,
    is_phone_valid,
    street,
    street_key,
    city,
    state_code,
    postal_code,
    country_code,
    industry,
    naics_code,
    employee_count,
    annual_revenue,
    linkedin_url,
    last_verified_at,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('provider', 'companies') }}
from versions
