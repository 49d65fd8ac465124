-- grain: one row per raw crm.lead row (every CDC version, soft-deleted and unusable rows included)
{{ config(unique_key='lead_id') }}
{%- set raw_table = source('crm', 'lead') %}
with source as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'id') }}
),

{# every distinct address normalised once (not once per raw row); joined back on the raw value #}
email_addresses as (
    {{ email_address_lookup(base_lookup_relation(raw_table), 'email') }}
),

renamed as (
    select
        {{ nonblank_string('id') }} as lead_id,
        {{ person_name_clean('first_name') }} as first_name,
        {{ person_name_clean('last_name') }} as last_name,
        {{ person_name_key("coalesce(first_name, '') || ' ' || coalesce(last_name, '')") }} as full_name_key,
        {{ person_name_clean('company') }} as company_name,
        {{ company_name_key('company') }} as company_name_key,
        {{ nonblank_string('title') }} as title,
        email_addresses.normalized_email as email,
        email_addresses.normalized_email_domain as email_domain,
        email_addresses.normalized_is_free_email as is_free_email,
        email_addresses.normalized_is_email_valid as is_email_valid,
        {{ nonblank_string('phone') }} as phone_raw,
        {{ phone_e164('phone') }} as phone_e164,
        {{ phone_extension('phone') }} as phone_extension,
        {{ phone_is_valid('phone') }} as is_phone_valid,
        {{ nonblank_string('mobile_phone') }} as mobile_phone_raw,
        {{ phone_e164('mobile_phone') }} as mobile_phone_e164,
        {{ phone_extension('mobile_phone') }} as mobile_phone_extension,
        {{ phone_is_valid('mobile_phone') }} as is_mobile_phone_valid,
        {{ nonblank_string('website') }} as website,
        {{ registrable_domain('website') }} as domain,
        {{ nonblank_string('street') }} as street,
        {{ street_key('street') }} as street_key,
        {{ nonblank_string('city') }} as city,
        {{ state_code('state') }} as state_code,
        {{ zip5('postal_code') }} as postal_code,
        {{ country_code('country') }} as country_code,
        {{ nonblank_string('industry') }} as industry,
        {{ to_number('number_of_employees', 'integer') }} as employee_count,
        {{ nonblank_string('lead_source') }} as lead_source,
        {{ nonblank_string('status') }} as status_raw,
        {{ nonblank_string('owner_id') }} as owner_id,
        coalesce({{ to_boolean('is_converted') }}, false) as is_converted,
        {{ to_utc_timestamp('converted_date') }} as converted_at,
        {{ nonblank_string('converted_account_id') }} as converted_account_id,
        {{ nonblank_string('converted_contact_id') }} as converted_contact_id,
        {{ nonblank_string('converted_opportunity_id') }} as converted_opportunity_id,
        {{ to_utc_timestamp('created_date') }} as created_at,
        {{ to_utc_timestamp('last_modified_date') }} as last_modified_at,
        coalesce({{ to_boolean('is_deleted') }}, false) as is_deleted,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ raw_row('source') }} as raw_row
    {{ passthrough_columns('crm', 'lead') }}
    from source
    left join email_addresses on source.email = email_addresses.lookup_value
),

classified as (
    select
        *,
        case when lead_id is null then 'missing id' end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'lead_id',
        'last_modified_at desc nulls last, created_at desc nulls last, row_fingerprint desc',
    ) }}
)

select
    lead_id,
    first_name,
    last_name,
    full_name_key,
    company_name,
    company_name_key,
    title,
    email,
    email_domain,
    is_free_email,
    is_email_valid,
    phone_raw,
    phone_e164,
    phone_extension,
    is_phone_valid,
    mobile_phone_raw,
    mobile_phone_e164,
    mobile_phone_extension,
    is_mobile_phone_valid,
    website,
    domain,
    street,
    street_key,
    city,
    state_code,
    postal_code,
    country_code,
    industry,
    employee_count,
    lead_source,
    status_raw,
    owner_id,
    is_converted,
    converted_at,
    converted_account_id,
    converted_contact_id,
    converted_opportunity_id,
    created_at,
    last_modified_at,
    is_deleted,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('crm', 'lead') }}
from versions
