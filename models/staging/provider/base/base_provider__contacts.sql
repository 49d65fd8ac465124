-- grain: one row per raw provider.contacts row (every version, unusable rows included)
{{ config(unique_key='provider_contact_id') }}
{%- set raw_table = source('provider', 'contacts') %}
with source as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'provider_contact_id') }}
),

{# every distinct address normalised once (not once per raw row); joined back on the raw value #}
email_addresses as (
    {{ email_address_lookup(base_lookup_relation(raw_table), 'email') }}
),

renamed as (
    select
        {{ nonblank_string('provider_contact_id') }} as provider_contact_id,
        {{ nonblank_string('provider_company_id') }} as provider_company_id,
        {{ person_name_clean('first_name') }} as first_name,
        {{ person_name_clean('last_name') }} as last_name,
        {{ person_name_key("coalesce(first_name, '') || ' ' || coalesce(last_name, '')") }} as full_name_key,
        {{ nonblank_string('title') }} as title,
        lower({{ nonblank_string('seniority') }}) as seniority,
        {{ nonblank_string('department') }} as department,
        email_addresses.normalized_email as email,
        email_addresses.normalized_email_domain as email_domain,
        email_addresses.normalized_is_free_email as is_free_email,
        email_addresses.normalized_is_email_valid as is_email_valid,
        {{ nonblank_string('direct_dial') }} as direct_dial_raw,
        {{ phone_e164('direct_dial') }} as direct_dial_e164,
        {{ phone_extension('direct_dial') }} as direct_dial_extension,
        {{ phone_is_valid('direct_dial') }} as is_direct_dial_valid,
        {{ nonblank_string('mobile_phone') }} as mobile_phone_raw,
        {{ phone_e164('mobile_phone') }} as mobile_phone_e164,
        {{ phone_extension('mobile_phone') }} as mobile_phone_extension,
        {{ phone_is_valid('mobile_phone') }} as is_mobile_phone_valid,
        {{ nonblank_string('linkedin_url') }} as linkedin_url,
        {{ nonblank_string('linkedin_url') }} is not null as has_linkedin,
        {{ to_utc_timestamp('last_verified_at') }} as last_verified_at,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ raw_row('source') }} as raw_row
    {{ passthrough_columns('provider', 'contacts') }}
    from source
    left join email_addresses on source.email = email_addresses.lookup_value
),

classified as {{ not_materialized() }} (
    select
        *,
        case
            when provider_contact_id is null then 'missing id'
            when provider_company_id is null then 'missing provider_company_id'
        end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'provider_contact_id',
        'last_verified_at desc nulls last, row_fingerprint desc',
        skip_single_versions=true,
    ) }}
)

select
    provider_contact_id,
    provider_company_id,
    first_name,
    last_name,
    full_name_key,
    title,
    seniority,
    department,
    email,
    email_domain,
    is_free_email,
    is_email_valid,
    direct_dial_raw,
    direct_dial_e164,
    direct_dial_extension,
    is_direct_dial_valid,
    mobile_phone_raw,
    mobile_phone_e164,
    mobile_phone_extension,
    is_mobile_phone_valid,
    linkedin_url,
    has_linkedin,
    last_verified_at,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('provider', 'contacts') }}
from versions
