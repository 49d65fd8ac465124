-- grain: one row per raw engagement.form_submissions row (duplicate deliveries and unusable rows included)
{{ config(unique_key='submission_id') }}
{%- set raw_table = source('engagement', 'form_submissions') %}
with source as (
    select * from {{ raw_table }}
    {{- changed_raw_ids_filter(raw_table, 'submission_id') }}
),

{# every distinct address normalised once (not once per raw row); joined back on the raw value #}
email_addresses as (
    {{ email_address_lookup(base_lookup_relation(raw_table), 'email') }}
),

renamed as (
    select
        {{ nonblank_string('submission_id') }} as submission_id,
        email_addresses.normalized_email as email,
        email_addresses.normalized_email_domain as email_domain,
        email_addresses.normalized_is_free_email as is_free_email,
        email_addresses.normalized_is_email_valid as is_email_valid,
        {{ person_name_clean('first_name') }} as first_name,
        {{ person_name_clean('last_name') }} as last_name,
        {{ person_name_key("coalesce(first_name, '') || ' ' || coalesce(last_name, '')") }} as full_name_key,
        {{ person_name_clean('company') }} as company_name,
        {{ company_name_key('company') }} as company_name_key,
        {{ nonblank_string('phone') }} as phone_raw,
        {{ phone_e164('phone') }} as phone_e164,
        {{ phone_extension('phone') }} as phone_extension,
        {{ phone_is_valid('phone') }} as is_phone_valid,
        {{ nonblank_string('form_type') }} as form_type_raw,
        {{ nonblank_string('page_url') }} as page_url,
        lower({{ nonblank_string('utm_source') }}) as utm_source,
        lower({{ nonblank_string('utm_medium') }}) as utm_medium,
        lower({{ nonblank_string('utm_campaign') }}) as utm_campaign,
        {{ to_utc_timestamp('submitted_at') }} as submitted_at,
        {{ row_fingerprint('source') }} as row_fingerprint,
        {{ raw_row('source') }} as raw_row
    {{ passthrough_columns('engagement', 'form_submissions') }}
    from source
    left join email_addresses on source.email = email_addresses.lookup_value
),

classified as {{ not_materialized() }} (
    select
        *,
        case
            when submission_id is null then 'missing id'
            when submitted_at is null then 'unparseable submitted_at'
        end as quarantine_reason
    from renamed
),

versions as (
    {{ ranked_versions(
        'classified',
        'submission_id',
        'submitted_at desc nulls last, row_fingerprint desc',
        skip_single_versions=true,
    ) }}
)

select
    submission_id,
    email,
    email_domain,
    is_free_email,
    is_email_valid,
    first_name,
    last_name,
    full_name_key,
    company_name,
    company_name_key,
    phone_raw,
    phone_e164,
    phone_extension,
    is_phone_valid,
    form_type_raw,
    page_url,
    utm_source,
    utm_medium,
    utm_campaign,
    submitted_at,
    -- the raw row as JSON text only where staging cannot use it (the audit reads it)
    case when quarantine_reason is not null then {{ raw_row_json('raw_row') }} end as raw_record,
    quarantine_reason,
    version_rank,
    row_fingerprint
{{ passthrough_columns('engagement', 'form_submissions') }}
from versions
